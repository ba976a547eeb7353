"""Where a fetched document came from, kept beside its local copy so its ``$ref``s keep that origin.

``dezgo spec fetch --out build/live.json`` writes the document byte for byte. A
copy on disk would otherwise become a *local* document, whose ``$ref:
/abs/path/file.json`` reads the runner's own files into a report that is posted
in a pull request. So when a fetched document has ``$ref``s to other documents,
its URL is written to ``<file>.origin``, and the loader resolves that file's
``$ref``s against the URL, never the local disk (they need
``--allow-remote-refs``, as for the URL itself). A self-contained document (the
service's) needs no origin, and any stale one is removed.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from dezgo.errors import SpecError
from dezgo.spec._deadline import Deadline
from dezgo.spec._files import read_regular_file, write_file

__all__ = ["ORIGIN_SUFFIX", "forget_origin", "origin_of", "record_origin"]

ORIGIN_SUFFIX = ".origin"
_MAX_ORIGIN_BYTES = 64 * 1024


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ORIGIN_SUFFIX)


def record_origin(path: Path, url: str, deadline: Deadline) -> None:
    write_file(_sidecar(path), (json.dumps({"url": url}) + "\n").encode(), deadline)


def forget_origin(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        _sidecar(path).unlink()


def origin_of(location: str, deadline: Deadline) -> str | None:
    """The URL a local copy was fetched from, when one was recorded; SpecError for an unreadable record."""
    sidecar = _sidecar(Path(location))
    if not sidecar.exists() and not sidecar.is_symlink():
        return None
    raw = read_regular_file(str(sidecar), deadline, limit=_MAX_ORIGIN_BYTES)
    try:
        url = json.loads(raw)["url"]
    except (ValueError, KeyError, TypeError):
        raise SpecError(f'{sidecar}: not an origin record ({{"url": ...}})') from None
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise SpecError(f"{sidecar}: the recorded origin is not an http(s) URL")
    return url
