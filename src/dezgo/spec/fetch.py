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
from typing import TYPE_CHECKING

import attrs

from dezgo._spec.document import pinned_document_path
from dezgo.cli._options import SPEC_TOOL_OPTIONS, option, standalone
from dezgo.errors import SpecError
from dezgo.spec._deadline import Deadline
from dezgo.spec._files import check_writable, read_regular_file, write_file
from dezgo.spec._http import DEFAULT_SPEC_URL, DEFAULT_TIMEOUT_S, download
from dezgo.spec._origin import forget_origin, record_origin
from dezgo.spec.loading import check_openapi3, parse_document
from dezgo.spec.refs import external_refs

if TYPE_CHECKING:
    import httpx

__all__ = ["DEFAULT_SPEC_URL", "FetchResult", "download", "fetch_spec", "main"]


@attrs.frozen
class FetchResult:
    url: str
    path: Path
    size: int
    openapi_version: str
    api_version: str
    changed: bool


def fetch_spec(
    url: str = DEFAULT_SPEC_URL,
    dest: str | os.PathLike[str] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    transport: httpx.BaseTransport | None = None,
) -> FetchResult:
    """Fetch ``url``, check it is OpenAPI 3.x, and atomically replace ``dest``, all within ``timeout`` seconds.

    ``dest`` must be a regular file or nothing yet (checked before the download). When the
    document has ``$ref``s to other documents, its URL is recorded beside it
    (``dezgo.spec._origin``), so the copy's ``$ref``s are never resolved on the local disk.
    """
    target = Path(dest) if dest is not None else pinned_document_path()
    deadline = Deadline.start(timeout)
    check_writable(target)
    raw = download(url, transport=transport, deadline=deadline)
    if not raw.strip():
        raise SpecError(f"{url}: empty body")
    doc = parse_document(raw, url)  # one line saying why, for anything that is not a document
    if not raw.lstrip().startswith(b"{"):
        # The service serves JSON; anything else (an HTML error page, YAML) is refused.
        raise SpecError(f"{url}: not JSON (the service serves /openapi.json as JSON)")
    check_openapi3(doc, url)
    old = read_regular_file(str(target), deadline) if target.exists() else None
    changed = old != raw
    if external_refs(doc):
        record_origin(target, url, deadline)
    else:
        forget_origin(target)
    if changed:
        write_file(target, raw, deadline)  # creates build/ in a fresh CI checkout
    info = doc.get("info", {})
    return FetchResult(url, target, len(raw), str(doc["openapi"]), str(info.get("version", "?")), changed)


def spec_url(args: argparse.Namespace) -> str:
    """``--url``, else ``--base-url`` + /openapi.json, else ``$DEZGO_SPEC_URL``, else the service's."""
    if args.url:
        return str(args.url)
    base = option(args, "base_url")
    if base:
        return str(base).rstrip("/") + "/openapi.json"
    return os.environ.get("DEZGO_SPEC_URL") or DEFAULT_SPEC_URL


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = "Fetch the live Dezgo spec and pin it (atomically; kept unchanged on any failure)."
    parser.add_argument(
        "--url",
        default=None,
        help="the spec's URL (default: --base-url + /openapi.json, "
        "$DEZGO_SPEC_URL or https://api.dezgo.com/openapi.json)",
    )
    parser.add_argument("--out", default=None, help="where to pin it (default: the pinned spec)")


def run(args: argparse.Namespace) -> int:
    url = spec_url(args)
    dest = Path(args.out) if args.out else pinned_document_path()
    try:
        result = fetch_spec(url, dest, timeout=option(args, "timeout") or DEFAULT_TIMEOUT_S)
    except SpecError as exc:
        print(f"spec fetch failed, kept {dest} unchanged: {exc}", file=sys.stderr)
        return 1
    _report_knowledge(dest)
    if option(args, "json"):
        print(
            json.dumps(
                {
                    "url": result.url,
                    "path": str(result.path),
                    "changed": result.changed,
                    "bytes": result.size,
                    "openapi": result.openapi_version,
                    "version": result.api_version,
                }
            )
        )
        return 0
    state = "updated" if result.changed else "unchanged"
    print(
        f"pinned {result.url} -> {result.path} ({state}; {result.size} bytes, "
        f"OpenAPI {result.openapi_version}, API version {result.api_version})"
    )
    return 0


def _report_knowledge(pinned: Path) -> None:
    """Say (on stderr) which parts of our overlay no longer find their place in what was pinned."""
    from dezgo.spec.knowledge import knowledge_lines

    try:
        document = parse_document(pinned.read_bytes(), str(pinned))
        lines = knowledge_lines(document)
    except (OSError, SpecError) as exc:
        lines = [f"could not check the overlay against it: {exc}"]
    for line in lines:
        print(f"dezgo spec fetch: {line}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    return standalone(
        "dezgo spec fetch",
        "Fetch the live Dezgo spec and pin it.",
        configure,
        run,
        argv,
        only=SPEC_TOOL_OPTIONS["fetch"],
    )


if __name__ == "__main__":
    raise SystemExit(main())
