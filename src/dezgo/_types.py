"""The omission sentinel: "not passed" differs from "passed the default".

An argument the caller does not pass is not sent, and the service applies its
own default; an argument the caller passes is sent, even when it equals the
default the pinned spec declares (which, while the spec is a reconstruction,
may not be the service's). ``None`` is not that sentinel: it is a value some
schemas allow.
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = ["NOT_GIVEN", "NotGiven"]


class NotGiven:
    """The type of ``NOT_GIVEN``: the default of every optional argument of the facade."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()
