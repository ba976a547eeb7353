"""The global options of ``dezgo`` and what each command reads from them.

They are accepted before the command and after it (``dezgo --json batch ...`` and
``dezgo batch ... --json``) and reach every command: the operations, ``balance``,
``models``, ``batch``, ``spec`` and ``sim``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NoReturn

from dezgo._exit import ExitCode
from dezgo._version import __version__

__all__ = [
    "CommandError",
    "Parser",
    "api_key",
    "budget_usd",
    "global_options",
    "option",
    "standalone",
]


class CommandError(Exception):
    """A one-line error for the user, with the exit code it ends the command with."""

    def __init__(self, message: str, code: int) -> None:
        self.code = code
        super().__init__(message)


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(ExitCode.BAD_INPUT, f"{self.prog}: error: {message}\n")


def global_options(*, with_version: bool = False) -> Parser:
    """The options every command takes; their defaults are SUPPRESS so a later position wins."""
    common = Parser(add_help=False)
    group = common.add_argument_group("global options")
    group.add_argument(
        "--base-url",
        default=argparse.SUPPRESS,
        help="API base URL (default: $DEZGO_BASE_URL or https://api.dezgo.com); "
        "for `sim`, the address to listen on; for `spec fetch|check`, where /openapi.json is",
    )
    group.add_argument(
        "--api-key-file",
        default=argparse.SUPPRESS,
        type=Path,
        help="read the API key from this file (default: $DEZGO_API_KEY); for `sim`, the test key",
    )
    group.add_argument(
        "--budget-usd",
        default=argparse.SUPPRESS,
        help="refuse calls that would spend more than this, e.g. 0.50",
    )
    group.add_argument(
        "--timeout",
        default=argparse.SUPPRESS,
        type=float,
        help="seconds to wait for the service (default 300 for a job, 30 for a spec download)",
    )
    group.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print a JSON result for scripts"
    )
    group.add_argument(
        "-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="no spinner or progress lines"
    )
    group.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show tracebacks and request logs (never the key)",
    )
    if with_version:
        group.add_argument("--version", action="version", version=f"dezgo {__version__}")
    return common


def option(args: argparse.Namespace, name: str, default: Any = None) -> Any:
    return getattr(args, name, default)


def api_key(args: argparse.Namespace) -> str | None:
    """The key from ``--api-key-file``, or None (the client then reads ``$DEZGO_API_KEY``)."""
    path: Path | None = option(args, "api_key_file")
    if path is None:
        return None
    try:
        key = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise CommandError(
            f"cannot read the API key file {path}: {exc.strerror}", ExitCode.BAD_INPUT
        ) from None
    except UnicodeDecodeError:
        raise CommandError(f"the API key file {path} is not text", ExitCode.BAD_INPUT) from None
    if not key:
        raise CommandError(f"the API key file {path} is empty", ExitCode.BAD_INPUT)
    return key


def budget_usd(args: argparse.Namespace) -> Decimal | None:
    """``--budget-usd`` as an exact amount; a usage error (exit 2) when it is not one."""
    text: str | None = option(args, "budget_usd")
    if text is None:
        return None
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        raise CommandError(
            f"--budget-usd {text!r} is not an amount in USD, e.g. 0.50", ExitCode.BAD_INPUT
        ) from None
    if not amount.is_finite() or amount < 0:
        raise CommandError(
            f"--budget-usd must be a finite amount of zero or more, not {text!r}", ExitCode.BAD_INPUT
        )
    return amount


def standalone(
    prog: str,
    description: str,
    configure: Callable[[argparse.ArgumentParser], None],
    run: Callable[[argparse.Namespace], int],
    argv: Sequence[str] | None,
) -> int:
    """``python -m <tool>``: the same options as ``dezgo <tool>``, global ones included."""
    parser = Parser(prog=prog, description=description, parents=[global_options()])
    configure(parser)
    return run(parser.parse_args(argv))
