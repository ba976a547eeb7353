"""What the batch keeps of a job's result: the facts its journal records, and the bytes it writes.

The journal's ``done`` record holds the seed the service used and the image's size
(``facts``): without them, a job that gave no seed could not be made again, and the
gallery could not show it. With ``--metadata``, the bytes written carry how the image
was made (``with_metadata``); a result that cannot carry them is written as it came,
because it is paid for.
"""

from __future__ import annotations

import logging
from typing import Any

import attrs

from dezgo._metadata import FORMATS, Call
from dezgo._spec import by_name, pinned_operations
from dezgo.batch.manifest import Job

__all__ = ["facts", "with_metadata"]

logger = logging.getLogger("dezgo.batch")


def facts(result: Any) -> dict[str, int] | None:
    """``{"seed", "width", "height"}`` of an image or video, as far as they are known."""
    known = {key: getattr(result, key, None) for key in ("seed", "width", "height")}
    kept = {key: value for key, value in known.items() if isinstance(value, int)}
    return kept or None


def with_metadata(result: Any, job: Job) -> Any:
    """``result`` with its bytes carrying the job's call, or as it came (with a warning) when
    they cannot: a video, or a record too large for the file's format."""
    from dezgo.images import Image

    op = by_name(pinned_operations()).get(job.operation)
    if not isinstance(result, Image) or result.format not in FORMATS or op is None:
        return result
    try:
        return attrs.evolve(result, call=Call.of(op, job.arguments)).with_metadata()
    except ValueError as exc:
        logger.warning("dezgo batch: %s is written without its metadata: %s", job.id, exc)
    except Exception:  # a bug here must not cost a paid image
        logger.warning("dezgo batch: %s is written without its metadata (unexpected error)", job.id)
        logger.debug("metadata for %s", job.id, exc_info=True)
    return result
