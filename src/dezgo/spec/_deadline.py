"""One total deadline for everything a spec command reads and writes.

A command is given ``--timeout`` seconds in total: every download and every file
read or written on its behalf draws on the same clock, so 500 ``$ref``'d files
cannot take 500 timeouts, and a read that cannot finish (a FIFO nobody writes)
is never started.
"""

from __future__ import annotations

import time

from dezgo.errors import SpecError

__all__ = ["Deadline"]


class Deadline:
    """A clock, not a record: a plain slotted class (an attrs class costs a millisecond of start-up)."""

    __slots__ = ("ends", "seconds")

    def __init__(self, seconds: float, ends: float) -> None:
        self.seconds = seconds
        """The total the command was given (for messages)."""
        self.ends = ends
        """``time.monotonic()`` at which everything must be done."""

    @classmethod
    def start(cls, seconds: float) -> Deadline:
        if not seconds > 0:
            raise SpecError(f"--timeout must be a positive number of seconds, not {seconds!r}")
        return cls(seconds, time.monotonic() + seconds)

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def check(self, what: str) -> float:
        """The seconds left, or SpecError when none are."""
        left = self.remaining()
        if left <= 0:
            raise SpecError(f"{what}: timed out: not done within {self.seconds:g} s (a total deadline)")
        return left
