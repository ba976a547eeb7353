"""The exit codes of every ``dezgo`` command: one table, documented once.

CI scripts read these, so each means one thing across commands.
"""

from __future__ import annotations

import enum

__all__ = ["ExitCode"]


class ExitCode(enum.IntEnum):
    OK = 0
    FAILED = 1
    """Done, with a negative finding: a breaking change (``spec diff``), jobs failed or uncertain (``batch``)."""
    BAD_INPUT = 2
    """Bad arguments or input (nothing was sent); for the spec tools, "could not decide"."""
    API = 3
    """The service refused, failed or could not be reached."""
    BUDGET = 4
    """The budget would be passed; nothing more was sent."""
    WRITE_FAILED = 5
    """A result could not be written to disk (``batch``: the run stopped; see the summary)."""
    INTERRUPTED = 130
    """Ctrl-C; ``batch`` resumes where it stopped when run again."""
