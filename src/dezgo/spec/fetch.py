"""``make spec`` / ``dezgo spec fetch``: download the live spec and pin it safely.

The pinned file is replaced only by a complete, parseable OpenAPI 3.x
document, written atomically, byte for byte as served. On any failure the old
file stays as it was and one line says why.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import attrs
import httpx

from dezgo._atomic import atomic_write_bytes
from dezgo.errors import SpecError
from dezgo.spec.loading import check_openapi3, parse_document, pinned_spec_path

__all__ = ["DEFAULT_SPEC_URL", "FetchResult", "download", "fetch_spec", "main"]

DEFAULT_SPEC_URL = "https://api.dezgo.com/openapi.json"
MAX_SPEC_BYTES = 64 * 1024 * 1024


@attrs.frozen
class FetchResult:
    url: str
    path: Path
    size: int
    openapi_version: str
    api_version: str
    changed: bool


def download(url: str, *, timeout: float = 30.0, transport: httpx.BaseTransport | None = None) -> bytes:
    """GET ``url`` and return the whole body, or raise SpecError saying why not."""
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


def fetch_spec(
    url: str = DEFAULT_SPEC_URL,
    dest: str | os.PathLike[str] | None = None,
    *,
    timeout: float = 30.0,
    transport: httpx.BaseTransport | None = None,
) -> FetchResult:
    """Fetch ``url``, check it is OpenAPI 3.x, and atomically replace ``dest``."""
    target = Path(dest) if dest is not None else pinned_spec_path()
    raw = download(url, timeout=timeout, transport=transport)
    if not raw.strip():
        raise SpecError(f"{url}: empty body")
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        # The service serves JSON; anything else (HTML error page, truncated body) is refused.
        parse_document(raw, url)  # gives the precise reason when it is neither JSON nor YAML
        raise SpecError(f"{url}: not JSON (the service serves /openapi.json as JSON)") from None
    check_openapi3(doc, url)
    old = target.read_bytes() if target.exists() else None
    changed = old != raw
    if changed:
        atomic_write_bytes(target, raw)
    info = doc.get("info", {})
    return FetchResult(url, target, len(raw), str(doc["openapi"]), str(info.get("version", "?")), changed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="dezgo spec fetch", description="Fetch the live Dezgo spec and pin it."
    )
    parser.add_argument("--url", default=os.environ.get("DEZGO_SPEC_URL") or DEFAULT_SPEC_URL)
    parser.add_argument("--out", default=None, help="where to pin it (default: the pinned spec)")
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args(argv)
    dest = Path(args.out) if args.out else pinned_spec_path()
    try:
        result = fetch_spec(args.url, dest, timeout=args.timeout)
    except SpecError as exc:
        print(f"spec fetch failed, kept {dest} unchanged: {exc}", file=sys.stderr)
        return 1
    state = "updated" if result.changed else "unchanged"
    print(
        f"pinned {result.url} -> {result.path} ({state}; {result.size} bytes, "
        f"OpenAPI {result.openapi_version}, API version {result.api_version})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
