"""The ``dezgo`` command: every operation of the spec, the account, batches, the spec tools and the simulator.

One parser reads the whole command line. The global options (``--base-url``,
``--api-key-file``, ``--budget-usd``, ``--timeout``, ``--json``, ``-q``,
``--debug``) are accepted before or after the sub-command and reach every
sub-command. A sub-command's own options are added only when it is the one
being run, so ``dezgo spec diff`` never loads the HTTP client or parses the
pinned spec's operations in detail. Exit codes: ``dezgo._exit.ExitCode``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from dezgo._exit import ExitCode
from dezgo.cli._options import SPEC_TOOL_OPTIONS, CommandError, Parser, global_options, option

__all__ = ["build_parser", "main"]

Configure = Callable[[argparse.ArgumentParser], None]


class _LazyCommands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Sub-commands whose arguments are added when (and only when) the sub-command is chosen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.configure: dict[str, Configure] = {}

    def add_lazy(
        self, name: str, configure: Configure, common: argparse.ArgumentParser, **kwargs: Any
    ) -> Any:
        sub = self.add_parser(name, parents=[common], **kwargs)
        self.configure[name] = configure
        return sub

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        name = values[0]
        configure = self.configure.pop(name, None)
        if configure is not None:
            configure(self._name_parser_map[name])
        super().__call__(parser, namespace, values, option_string)


def _commands(parser: argparse.ArgumentParser, *, dest: str, metavar: str) -> _LazyCommands:
    action = parser.add_subparsers(dest=dest, metavar=metavar, parser_class=Parser, action=_LazyCommands)
    assert isinstance(action, _LazyCommands)
    return action


def _spec_commands() -> Configure:
    def configure(spec: argparse.ArgumentParser) -> None:
        tools = _commands(spec, dest="spec_command", metavar="{fetch,diff,check}")
        tools.required = True

        def common(name: str) -> argparse.ArgumentParser:
            return global_options(only=SPEC_TOOL_OPTIONS[name])

        tools.add_lazy(
            "fetch", _tool("dezgo.spec.fetch"), common("fetch"), help="fetch the live spec and pin it"
        )
        tools.add_lazy(
            "diff", _tool("dezgo.spec.diff.cli"), common("diff"), help="compare two specs for this SDK"
        )
        tools.add_lazy(
            "check",
            _tool("dezgo.spec.check"),
            common("check"),
            help="diff the live spec against the pinned one",
        )

    return configure


def _tool(module: str) -> Configure:
    """A command implemented in its own module, which has ``configure(parser)`` and ``run(args)``."""

    def configure(parser: argparse.ArgumentParser) -> None:
        import importlib

        tool = importlib.import_module(module)
        tool.configure(parser)
        parser.set_defaults(handler=tool.run, failure_code=getattr(tool, "FAILURE_CODE", ExitCode.FAILED))

    return configure


def _operation(name: str) -> Configure:
    def configure(parser: argparse.ArgumentParser) -> None:
        from dezgo._spec import by_name, pinned_operations
        from dezgo.cli._operations import configure_operation

        configure_operation(parser, by_name(pinned_operations())[name])

    return configure


def _account(which: str) -> Configure:
    def configure(parser: argparse.ArgumentParser) -> None:
        from dezgo.cli import _operations

        getattr(_operations, f"configure_{which}")(parser)

    return configure


def _operation_summaries() -> list[tuple[str, str, str]]:
    """(sub-command, operation name, summary) for each operation, without building the records."""
    from dezgo._spec import load_effective_spec, operation_name

    methods = ("get", "put", "post", "delete", "patch")
    out = []
    for path, item in load_effective_spec().get("paths", {}).items():
        for method in methods:
            op = item.get(method) if isinstance(item, dict) else None
            if isinstance(op, dict):
                name = operation_name(path)
                out.append((name.replace("_", "-"), name, str(op.get("summary") or name)))
    return out


def build_parser() -> Parser:
    common = global_options()
    parser = Parser(
        prog="dezgo",
        description="Generate images with the Dezgo API. The key comes from $DEZGO_API_KEY (or --api-key-file).",
        parents=[global_options(with_version=True)],
    )
    commands = _commands(parser, dest="command", metavar="COMMAND")
    commands.required = True
    seen: set[str] = set()
    for cli_name, name, summary in _operation_summaries():
        if cli_name not in seen:
            seen.add(cli_name)
            commands.add_lazy(cli_name, _operation(name), common, help=summary)
    commands.add_lazy("balance", _account("balance"), common, help="the account balance in USD")
    commands.add_lazy("models", _account("models"), common, help="the model catalogue (GET /info)")
    commands.add_lazy(
        "batch",
        _tool("dezgo.batch.cli"),
        common,
        help="run many jobs from a manifest (resumable, budgeted, never paying twice)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands.add_lazy(
        "spec",
        _spec_commands(),
        global_options(only={o for options in SPEC_TOOL_OPTIONS.values() for o in options}),
        help="fetch, diff and check the API spec",
    )
    commands.add_lazy("sim", _tool("dezgo.testing.cli"), common, help="run a local Dezgo simulator")
    return parser


def _exit_code(error: BaseException) -> int:
    from dezgo.errors import (
        APIConnectionError,
        APIStatusError,
        BudgetExceededError,
        InvalidAPIKeyError,
        InvalidRequestError,
        MissingAPIKeyError,
        SpecError,
        UsageError,
    )

    if isinstance(error, BudgetExceededError):
        return ExitCode.BUDGET
    if isinstance(error, (APIStatusError, APIConnectionError)):
        return ExitCode.API
    if isinstance(
        error,
        (
            InvalidRequestError,
            MissingAPIKeyError,
            InvalidAPIKeyError,
            SpecError,
            UsageError,
            FileNotFoundError,
            IsADirectoryError,
            ValueError,
        ),
    ):
        return ExitCode.BAD_INPUT
    return ExitCode.FAILED


def _enable_debug_logs() -> None:
    import logging

    logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
    # httpcore's DEBUG log prints request headers, and so the key: keep it and httpx quiet.
    logging.getLogger("httpcore").setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (``python -m dezgo.cli`` exits with it)."""
    words = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(words)
    debug = bool(option(args, "debug"))
    if debug:
        _enable_debug_logs()
    from dezgo.cli._messages import describe, install_warning_printer

    install_warning_printer(sys.stderr)
    failure: int = option(args, "failure_code", ExitCode.FAILED)
    try:
        code: int = args.handler(args)
        return int(code)
    except KeyboardInterrupt:
        print("dezgo: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except CommandError as error:
        print(f"dezgo: error: {error}", file=sys.stderr)
        return error.code
    except Exception as error:
        if debug:  # --debug adds the traceback; the message and the exit code stay what they are
            import traceback

            traceback.print_exc(file=sys.stderr)
        from dezgo.errors import DezgoError

        expected = isinstance(error, (DezgoError, OSError, ValueError))
        what = "error" if expected else f"unexpected error ({type(error).__name__})"
        print(f"dezgo: {what}: {describe(error)[:2000]}", file=sys.stderr)
        if failure != ExitCode.FAILED:  # the command's own contract, e.g. the spec tools' 2
            return failure
        return _exit_code(error) if expected else ExitCode.FAILED
