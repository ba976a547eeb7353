"""The SDK's errors and warnings in the command line's language: flags and sub-commands, not Python.

The library speaks to Python callers (``text2image(): width: ...``, ``pass api_key=...``,
``strict=True``); a ``dezgo`` user typed ``dezgo text2image --width`` and has
``--api-key-file`` and ``--strict``. Every message the command prints about an SDK
error or warning goes through here.
"""

from __future__ import annotations

import re
import warnings
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from dezgo._spec import Operation

__all__ = ["describe", "flag", "install_warning_printer"]

# Python hints the library gives, and what a command-line user does instead.
HINTS = (
    ("or pass api_key=...", "or use --api-key-file FILE"),
    ("or pass api_key=", "or use --api-key-file FILE"),
    ("strict=True", "--strict"),
)
_CALL = re.compile(r"\b([a-z][a-z0-9_]*)\(\): ")


def _operations() -> dict[str, Operation]:
    from dezgo._spec import by_name, pinned_operations

    return by_name(pinned_operations())


def flag(op: Operation | None, field: str) -> str:
    """How the command line spells an argument: ``--negative-prompt``, or ``PROMPT``/``IMAGE`` for positionals."""
    if op is None:
        return field
    try:
        param = op.param(field)
    except KeyError:
        return "--" + field.replace("_", "-")
    from dezgo.cli._operations import positionals

    if param in positionals(op):
        return "IMAGE" if param.is_image else param.name.upper()
    return "--" + param.python_name.replace("_", "-")


def _speak(text: str) -> str:
    """Python hints made command-line ones; ``text2image_sdxl(): `` made ``text2image-sdxl: ``."""
    for python, cli in HINTS:
        text = text.replace(python, cli)
    ops = _operations()
    return _CALL.sub(lambda m: f"{ops[m[1]].cli_name}: " if m[1] in ops else m[0], text)


def describe(error: BaseException) -> str:
    """One line for ``dezgo: error: ...``."""
    from dezgo.errors import InvalidRequestError, MissingAPIKeyError

    if isinstance(error, MissingAPIKeyError):
        return (
            "no Dezgo API key: set DEZGO_API_KEY or use --api-key-file FILE "
            "(create one under 'API Keys' in your Dezgo dashboard)"
        )
    if isinstance(error, InvalidRequestError) and error.field:
        op = _operations().get(error.operation or "")
        where = f"{op.cli_name}: " if op is not None else ""
        return f"{where}{flag(op, error.field)}: {_speak(error.reason)}"
    return _speak(str(error))


def install_warning_printer(stream: TextIO) -> None:
    """Print the SDK's warnings as ``dezgo: warning: ...`` lines (no file names, no Python source)."""
    from dezgo._validation import WeakEvidenceWarning

    def show(message: Warning | str, category: type[Warning], *_: Any, **__: Any) -> None:
        if isinstance(message, WeakEvidenceWarning):
            op = _operations().get(message.operation)
            where = f"{op.cli_name}: " if op is not None else ""
            evidence = message.evidence
            note = f": {evidence.note}" if evidence.note else ""
            text = (
                f"{where}{flag(op, message.field)}: {message.reason}; sent anyway, because the spec's "
                f"'{message.keyword}' here rests on weak evidence ({evidence.level}{note}); "
                "--strict refuses such values"
            )
        else:
            text = _speak(str(message))
        print(f"dezgo: warning: {text}", file=stream)

    warnings.showwarning = show
