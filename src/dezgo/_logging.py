"""``DEZGO_LOG``: the SDK's request log, switched on from the environment (as ``OPENAI_LOG`` is).

``DEZGO_LOG=info`` logs one line per request on the ``dezgo`` logger: the operation,
method, path (never the query, which ``extra_query`` may fill), status or the error
that ended it, milliseconds, the charge, the job id and the retry number. ``debug``
adds what the SDK decides along the way (reconciliations, ignored headers). Never the
key: the log has no header or body in it. httpx and httpcore are left as they are:
httpcore's DEBUG log prints request headers, so it would print the key.

Read once, at ``import dezgo``. When the program has configured no logging at all, a
handler to stderr is added (``logging.basicConfig``, as openai-python does); otherwise
only the ``dezgo`` logger's level is set and the program's handlers decide.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

__all__ = ["LEVELS", "configure_from_env"]

LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
FORMAT = "[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def configure_from_env(environ: Mapping[str, str] = os.environ) -> int | None:
    """Apply ``DEZGO_LOG``; returns the level set, or None when it is unset or not understood."""
    value = environ.get("DEZGO_LOG", "").strip().lower()
    if not value:
        return None
    level = LEVELS.get(value)
    logger = logging.getLogger("dezgo")
    if level is None:
        logger.warning(
            "DEZGO_LOG=%r is not understood (use debug or info); logging left as it is", value[:20]
        )
        return None
    if not logging.getLogger().handlers:
        logging.basicConfig(format=FORMAT, datefmt=DATE_FORMAT)
    logger.setLevel(level)
    return level
