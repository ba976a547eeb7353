"""Downloading a spec over HTTP: the one place the spec tools touch the network.

httpx is imported only when a URL is actually fetched, so diffing two files
never loads an HTTP client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dezgo.errors import SpecError

if TYPE_CHECKING:
    import httpx

__all__ = ["DEFAULT_SPEC_URL", "DEFAULT_TIMEOUT_S", "MAX_SPEC_BYTES", "download"]

DEFAULT_SPEC_URL = "https://api.dezgo.com/openapi.json"
MAX_SPEC_BYTES = 64 * 1024 * 1024
DEFAULT_TIMEOUT_S = 30.0


def download(
    url: str, *, timeout: float = DEFAULT_TIMEOUT_S, transport: httpx.BaseTransport | None = None
) -> bytes:
    """GET ``url`` and return the whole body, or raise SpecError saying why not."""
    import httpx

    try:
        with (
            httpx.Client(
                timeout=httpx.Timeout(timeout), follow_redirects=True, transport=transport
            ) as client,
            client.stream("GET", url, headers={"Accept": "application/json"}) as response,
        ):
            if response.status_code != 200:
                raise SpecError(f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip())
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_SPEC_BYTES:
                    raise SpecError(f"{url}: body larger than {MAX_SPEC_BYTES} bytes")
                chunks.append(chunk)
    except httpx.TimeoutException:
        raise SpecError(f"{url}: timed out after {timeout:g} s (no complete response)") from None
    except httpx.RemoteProtocolError as exc:
        raise SpecError(f"{url}: the connection broke before the body was complete ({exc})") from None
    except httpx.ConnectError as exc:
        raise SpecError(f"{url}: cannot connect ({_short(exc)})") from None
    except httpx.HTTPError as exc:
        raise SpecError(f"{url}: {type(exc).__name__}: {_short(exc)}") from None
    return b"".join(chunks)


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
