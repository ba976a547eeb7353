"""The global options of ``dezgo`` and what each command reads from them.

They are accepted before the command and after it (``dezgo --json batch ...`` and
``dezgo batch ... --json``) and reach every command: the operations, ``balance``,
``models``, ``batch``, ``spec`` and ``sim``.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from dezgo._exit import ExitCode
from dezgo._version import __version__

if TYPE_CHECKING:
    from decimal import Decimal

__all__ = [
    "SPEC_TOOL_OPTIONS",
    "CommandError",
    "Parser",
    "api_key",
    "budget_usd",
    "global_options",
    "option",
    "read_key_file",
    "standalone",
]


SPEC_TOOL_OPTIONS: dict[str, tuple[str, ...]] = {
    "fetch": ("base_url", "timeout", "json", "debug"),
    "diff": ("timeout", "json", "debug"),
    "check": ("base_url", "timeout", "json", "debug"),
}
"""The global options each spec tool reads: its --help lists these only (written here, so that
building the parser imports no tool)."""


class CommandError(Exception):
    """A one-line error for the user, with the exit code it ends the command with."""

    def __init__(self, message: str, code: int) -> None:
        self.code = code
        super().__init__(message)


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(ExitCode.BAD_INPUT, f"{self.prog}: error: {message}\n")


class _Only:
    """An argument group that adds only the options a command reads (``dest`` names in ``only``)."""

    def __init__(self, group: argparse._ArgumentGroup, only: Collection[str] | None) -> None:
        self.group, self.only = group, only

    def add_argument(self, *names: str, **kwargs: Any) -> None:
        dest = names[-1].lstrip("-").replace("-", "_")
        if self.only is None or dest in self.only:
            self.group.add_argument(*names, **kwargs)


def global_options(*, with_version: bool = False, only: Collection[str] | None = None) -> Parser:
    """The options every command takes; their defaults are SUPPRESS so a later position wins.

    ``only`` keeps those a command reads (``dest`` names), so its --help lists nothing it ignores.
    """
    common = Parser(add_help=False)
    group = _Only(common.add_argument_group("global options"), only)
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


MAX_KEY_FILE_BYTES = 4096


def read_key_file(path: Path) -> str:
    """The key in ``path``: a small regular file; checked before it is read, never echoed."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise CommandError(
            f"cannot read the API key file {path}: {exc.strerror}", ExitCode.BAD_INPUT
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise CommandError(f"the API key file {path} is not a regular file", ExitCode.BAD_INPUT)
    if info.st_size > MAX_KEY_FILE_BYTES:
        raise CommandError(
            f"the API key file {path} is {info.st_size} bytes; a key file holds one key", ExitCode.BAD_INPUT
        )
    if info.st_mode & 0o077:
        print(
            f"dezgo: warning: the API key file {path} can be read by other users (chmod 600 {path})",
            file=sys.stderr,
        )
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_KEY_FILE_BYTES + 1)
        key = raw.decode("utf-8").strip()
    except OSError as exc:
        raise CommandError(
            f"cannot read the API key file {path}: {exc.strerror}", ExitCode.BAD_INPUT
        ) from None
    except UnicodeDecodeError:
        raise CommandError(f"the API key file {path} is not text", ExitCode.BAD_INPUT) from None
    if not key:
        raise CommandError(f"the API key file {path} is empty", ExitCode.BAD_INPUT)
    from dezgo._base import check_api_key
    from dezgo.errors import InvalidAPIKeyError

    try:
        return check_api_key(key, f"the key in {path}")
    except InvalidAPIKeyError as exc:
        raise CommandError(str(exc), ExitCode.BAD_INPUT) from None


def api_key(args: argparse.Namespace) -> str | None:
    """The key from ``--api-key-file``, or None (the client then reads ``$DEZGO_API_KEY``)."""
    path: Path | None = option(args, "api_key_file")
    return None if path is None else read_key_file(path)


def budget_usd(args: argparse.Namespace) -> Decimal | None:
    """``--budget-usd`` as an exact amount; a usage error (exit 2) when it is not one."""
    text: str | None = option(args, "budget_usd")
    if text is None:
        return None
    from dezgo.billing import money

    try:
        return money(text, "--budget-usd")
    except (TypeError, ValueError) as exc:
        raise CommandError(str(exc), ExitCode.BAD_INPUT) from None


def standalone(
    prog: str,
    description: str,
    configure: Callable[[argparse.ArgumentParser], None],
    run: Callable[[argparse.Namespace], int],
    argv: Sequence[str] | None,
    *,
    only: Collection[str] | None = None,
) -> int:
    """``python -m <tool>``: the same options as ``dezgo <tool>``, global ones included (``only`` those)."""
    parser = Parser(prog=prog, description=description, parents=[global_options(only=only)])
    configure(parser)
    return run(parser.parse_args(argv))
