"""Downloading a spec over HTTP: the one place the spec tools touch the network.

httpx is imported only when a URL is actually fetched, so diffing two files
never loads an HTTP client.

``timeout`` is a *total* deadline for the whole download (DNS, connect,
headers, body), not httpx's per-read timeout: a server that trickles one byte
a second never lets a per-read timeout fire, and a CI job waiting on it would
never end. The download runs in a daemon worker thread that also checks the
deadline between chunks; the caller waits at most ``timeout`` seconds, then
gets a SpecError. A worker still blocked in a read is abandoned (its reads
time out on their own, and a daemon thread never holds the process open).
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from dezgo.errors import SpecError

if TYPE_CHECKING:
    import httpx

    from dezgo.spec._deadline import Deadline

__all__ = ["DEFAULT_SPEC_URL", "DEFAULT_TIMEOUT_S", "MAX_SPEC_BYTES", "download"]

DEFAULT_SPEC_URL = "https://api.dezgo.com/openapi.json"
MAX_SPEC_BYTES = 64 * 1024 * 1024
DEFAULT_TIMEOUT_S = 30.0


class _Outcome:
    def __init__(self) -> None:
        self.body: bytes | None = None
        self.error: BaseException | None = None


def _fetch(
    url: str, deadline: float, timeout: float, transport: httpx.BaseTransport | None, out: _Outcome
) -> None:
    import httpx

    try:
        with (
            httpx.Client(
                timeout=httpx.Timeout(max(0.05, deadline - time.monotonic())),
                follow_redirects=True,
                transport=transport,
            ) as client,
            client.stream("GET", url, headers={"Accept": "application/json, application/yaml"}) as response,
        ):
            if response.status_code != 200:
                raise SpecError(f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip())
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > MAX_SPEC_BYTES:
                raise SpecError(f"{url}: body of {declared} bytes is larger than {MAX_SPEC_BYTES} (refused)")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_SPEC_BYTES:
                    raise SpecError(f"{url}: body larger than {MAX_SPEC_BYTES} bytes (refused)")
                if time.monotonic() > deadline:
                    raise SpecError(
                        f"{url}: timed out: no complete response within {timeout:g} s (a total deadline)"
                    )
                chunks.append(chunk)
        out.body = b"".join(chunks)
    except SpecError as exc:
        out.error = exc
    except httpx.TimeoutException:
        out.error = SpecError(
            f"{url}: timed out: no complete response within {timeout:g} s (a total deadline)"
        )
    except httpx.RemoteProtocolError as exc:
        out.error = SpecError(f"{url}: the connection broke before the body was complete ({_short(exc)})")
    except httpx.ConnectError as exc:
        out.error = SpecError(f"{url}: cannot connect ({_short(exc)})")
    except httpx.HTTPError as exc:
        out.error = SpecError(f"{url}: {type(exc).__name__}: {_short(exc)}")
    except Exception as exc:  # the worker must hand every failure back, never die silently
        out.error = SpecError(f"{url}: {type(exc).__name__}: {_short(exc)}")


def download(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    transport: httpx.BaseTransport | None = None,
    deadline: Deadline | None = None,
) -> bytes:
    """GET ``url`` and return the whole body within ``timeout`` seconds in total, or raise SpecError.

    With ``deadline``, the download gets what is left of the command's total instead.
    """
    if deadline is not None:
        timeout = deadline.seconds
        left = deadline.check(url)
        ends = deadline.ends
    else:
        if not timeout > 0:
            raise SpecError(f"--timeout must be a positive number of seconds, not {timeout!r}")
        left = timeout
        ends = time.monotonic() + timeout
    out = _Outcome()
    worker = threading.Thread(
        target=_fetch, args=(url, ends, timeout, transport, out), name="dezgo-spec-download", daemon=True
    )
    worker.start()
    worker.join(left)
    if worker.is_alive():
        raise SpecError(f"{url}: timed out: no complete response within {timeout:g} s (a total deadline)")
    if out.error is not None:
        raise out.error
    assert out.body is not None
    return out.body


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
