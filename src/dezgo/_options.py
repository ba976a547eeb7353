"""A call's options, typed and checked once, where the call enters the facade.

The encoding, the timeout and the retries a call runs with come from the client (its
constructor or ``with_options``) and from the call itself (``encoding=``, ``timeout=``);
they are merged and checked here, once, into a ``CallOptions``, and everything after
(the request, the call plan, the CLI) reads that value instead of loose arguments.
"""

from __future__ import annotations

import enum
import math
import numbers
from typing import TYPE_CHECKING, Any, Literal

import attrs

from dezgo._constants import MEDIA_TYPES
from dezgo.errors import InvalidRequestError

if TYPE_CHECKING:
    import httpx

__all__ = ["CallOptions", "Encoding", "EncodingName", "as_encoding", "as_timeout", "check_retries"]

EncodingName = Literal["json", "multipart", "form"]


class Encoding(str, enum.Enum):
    """A request body's encoding; ``Encoding("json")`` from the name a caller writes."""

    JSON = "json"
    MULTIPART = "multipart"
    FORM = "form"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.value]

    @classmethod
    def of_media_type(cls, media_type: str) -> Encoding | None:
        return next((e for e in cls if e.media_type == media_type), None)


def as_encoding(value: Encoding | str | None, *, operation: str | None = None) -> Encoding | None:
    """``value`` as an Encoding (None: the operation's own); InvalidRequestError naming the choices."""
    if value is None or isinstance(value, Encoding):
        return value
    try:
        return Encoding(value)
    except ValueError:
        names = ", ".join(e.value for e in Encoding)
        raise InvalidRequestError(
            f"unknown encoding {value!r}; use one of: {names}", field="encoding", operation=operation
        ) from None


def _seconds(value: Any, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidRequestError(
            f"{what} must be a number of seconds, not {type(value).__name__}", field="timeout"
        )
    seconds = float(value)
    if not math.isfinite(seconds) or seconds <= 0:
        raise InvalidRequestError(
            f"{what} must be a positive number of seconds, not {value!r}", field="timeout"
        )
    return seconds


def as_timeout(value: float | httpx.Timeout | None, default: httpx.Timeout) -> httpx.Timeout:
    """``value`` as an httpx.Timeout (None: ``default``): any real number of seconds above zero, or a
    Timeout whose every phase is one (or None, for no limit); the SDK's own error otherwise."""
    import httpx

    if value is None:
        return default
    if isinstance(value, httpx.Timeout):
        for phase, seconds in value.as_dict().items():
            _seconds(seconds, f"the {phase} timeout")
        return value
    return httpx.Timeout(_seconds(value, "timeout"))


def check_retries(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < 0:
        raise InvalidRequestError(
            f"max_retries must be a whole number, 0 or more, not {value!r}", field="max_retries"
        )
    return int(value)


@attrs.frozen
class CallOptions:
    """What one call runs with: checked when it is made, read by everything after."""

    encoding: Encoding | None
    """None: the operation's own (JSON where it takes it, else multipart, else form)."""
    timeout: httpx.Timeout
    max_retries: int
    retry_unsafe: bool = False
