"""What a success answer is, decided by what arrived, not by what a document declared.

A document may say nothing useful about an answer (FastAPI writes
``application/json: {schema: {}}`` for an endpoint that returns raw image
bytes), or say something the wire contradicts. So the bytes decide: anything
that sniffs as an image or a video is a media result, whatever the spec or the
Content-Type says; JSON is read by its shape (a job ticket, the catalogue, a
transaction, a job's status) and by the operation's declared schema when it
has one; and a paid answer that is neither (empty, an HTML page, bytes that
are no image under an ``image/*`` type) is an ``UnexpectedResponseError`` that
keeps the charge and the bytes. No paid answer ever ends in "not valid JSON".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from dezgo._constants import SEED_HEADER
from dezgo.errors import BillingOutcome, UnexpectedResponseError, money_words

if TYPE_CHECKING:
    import httpx

    from dezgo._spec import Operation
    from dezgo.billing import Charge
    from dezgo.images import Image, Video

__all__ = ["JobTicket", "media", "read_success"]

MAX_JOB_ID_LENGTH = 200


@attrs.frozen
class JobTicket:
    """An operation answered with a job to poll instead of the result."""

    tx_id: str


def _content_type(response: httpx.Response) -> str:
    return str(response.headers.get("content-type", "")).split(";")[0].strip().lower()


def _seed(response: httpx.Response | None) -> int | None:
    text = response.headers.get(SEED_HEADER) if response is not None else None
    return int(text) if text and text.strip().isdigit() and len(text) < 20 else None


def media(
    operation: str, data: bytes, response: httpx.Response | None, charge: Charge | None
) -> Image | Video:
    """The media result for bytes that sniff as an image or a video."""
    from dezgo.images import Image, Video, sniff_media

    seed = _seed(response)
    if sniff_media(data) == "mp4":
        return Video(
            data=data, format="mp4", operation=operation, seed=seed, charge=charge, response=response
        )
    return Image.from_bytes(data, operation=operation, seed=seed, charge=charge, response=response)


def _ticket(data: Any) -> JobTicket | None:
    tx = data.get("tx") if isinstance(data, Mapping) else None
    tx_id = tx.get("_id") if isinstance(tx, Mapping) else None
    if isinstance(tx_id, (str, int)) and str(tx_id):
        return JobTicket(str(tx_id)[:MAX_JOB_ID_LENGTH])
    return None


def _typed(op: Operation, data: Any) -> Any:
    """JSON as the typed result the operation's schema names, else the one its shape is, else as parsed."""
    from dezgo.models import RESULT_TYPES, result_type_of

    if not isinstance(data, dict):
        return data
    title = (op.response_json_schema or {}).get("title")
    result_type = RESULT_TYPES.get(str(title)) or result_type_of(data)
    return result_type.from_json(data) if result_type is not None else data


def _unexpected(
    op: Operation, response: httpx.Response, body: bytes, charge: Charge | None, what: str
) -> UnexpectedResponseError:
    if charge is not None:
        outcome = BillingOutcome.CHARGED
    else:
        outcome = BillingOutcome.MAYBE_CHARGED if op.paid else BillingOutcome.FREE
    billed = "" if outcome is BillingOutcome.FREE else f"; {money_words(outcome, charge)}"
    return UnexpectedResponseError(
        f"{op.name}(): the service answered HTTP {response.status_code} with {what}, not a result{billed}",
        response=response,
        content=body,
        outcome=outcome,
        charge=charge,
        operation=op.name,
    )


def _describe(content_type: str, data: bytes) -> str:
    kind = content_type or "no Content-Type"
    if not data:
        return f"an empty body ({kind})"
    return f"{len(data)} bytes of {kind} that are neither an image, a video nor JSON"


def read_success(op: Operation, response: httpx.Response, body: bytes, charge: Charge | None) -> Any:
    """The result of a success answer whose body is ``body``: ``Image``/``Video``, a ``JobTicket``, a
    typed JSON result, or the parsed JSON; raises ``UnexpectedResponseError`` (keeping the charge)."""
    from dezgo.images import sniff_media
    from dezgo.models import parse_json

    content_type = _content_type(response)
    if body and sniff_media(body) is not None:
        return media(op.name, body, response, charge)
    if content_type.startswith(("image/", "video/")):
        raise _unexpected(
            op, response, body, charge, f"{len(body)} bytes under {content_type} that are no image"
        )
    json_type = content_type == "application/json" or content_type.endswith("+json")
    if not (json_type or body.lstrip()[:1] in (b"{", b"[")):
        if not body and not op.paid:
            return None  # a free operation with nothing to say
        raise _unexpected(op, response, body, charge, _describe(content_type, body))
    try:
        parsed = parse_json(body) if body else None
    except ValueError:  # UnicodeDecodeError is one
        raise _unexpected(
            op, response, body, charge, f"{content_type or 'a body'} that is not valid JSON"
        ) from None
    if op.paid:
        ticket = _ticket(parsed)
        if ticket is not None:
            return ticket
        if op.media_declared:
            raise _unexpected(op, response, body, charge, "JSON without a job ticket")
    return _typed(op, parsed)
