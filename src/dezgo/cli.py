"""The ``dezgo`` command: every operation of the spec from the terminal, thin over the library.

Sub-commands and their options are built from ``dezgo.spec.operations`` (the
same records the facade's methods come from): names, types, choices, defaults
and help text are the spec's. Exit codes: 0 done, 1 other failure, 2 bad input,
3 the API failed, 4 the budget would be passed (nothing was sent), 130 Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from dezgo import Dezgo
    from dezgo.images import Image, Video
    from dezgo.spec.operations import Operation, Param

__all__ = ["EXIT_API", "EXIT_BAD_INPUT", "EXIT_BUDGET", "main"]

EXIT_FAILURE, EXIT_BAD_INPUT, EXIT_API, EXIT_BUDGET, EXIT_INTERRUPTED = 1, 2, 3, 4, 130
PY_TYPES: dict[str, Callable[[str], Any]] = {"integer": int, "number": float, "string": str}


class CommandError(Exception):
    def __init__(self, message: str, code: int) -> None:
        self.code = code
        super().__init__(message)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"dezgo: error: {message}\n")


# -- building the parser from the spec -------------------------------------------------------------


def _global_options() -> _Parser:
    common = _Parser(add_help=False)
    group = common.add_argument_group("connection")
    group.add_argument(
        "--base-url",
        default=argparse.SUPPRESS,
        help="API base URL (default: $DEZGO_BASE_URL or https://api.dezgo.com)",
    )
    group.add_argument(
        "--api-key-file",
        default=argparse.SUPPRESS,
        type=Path,
        help="read the API key from this file (default: $DEZGO_API_KEY)",
    )
    group.add_argument(
        "--budget-usd",
        default=argparse.SUPPRESS,
        help="refuse calls that would spend more than this (e.g. 0.50)",
    )
    group.add_argument(
        "--timeout", default=argparse.SUPPRESS, type=float, help="seconds to wait for a job (default 300)"
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
    return common


def _positionals(op: Operation) -> list[Param]:
    """Required images first, then the prompt: ``dezgo image2image in.png "oil painting"``."""
    images = [p for p in op.image_params if p.required]
    prompt = [p for p in op.body_params if p.name == "prompt" and p.required]
    return [*images, *prompt, *op.path_params]


def _help(param: Param) -> str:
    text = param.description.rstrip(".") or param.name
    schema = param.schema
    if "minimum" in schema and "maximum" in schema:
        text += f"; {schema['minimum']} to {schema['maximum']}"
    if (
        param.default is not None
        and not param.required
        and param.default != ""
        and param.default is not _no_default()
    ):
        text += f" (default: {param.default})"
    return text.replace("%", "%%")


def _no_default() -> Any:
    from dezgo.spec.operations import NO_DEFAULT

    return NO_DEFAULT


def _add_operation(commands: Any, op: Operation, common: argparse.ArgumentParser) -> None:
    description = f"{op.summary}.\n\n{op.description}" if op.summary else op.description
    sub = commands.add_parser(
        op.cli_name,
        parents=[common],
        help=op.summary or op.name,
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    positional = _positionals(op)
    for param in positional:
        meta = "IMAGE" if param.is_image else param.name.upper()
        sub.add_argument(
            param.python_name,
            metavar=meta,
            help=("a path, or - for stdin. " if param.is_image else "") + _help(param),
        )
    for param in op.params:
        if param in positional:
            continue
        flag = "--" + param.python_name.replace("_", "-")
        if param.is_image:
            sub.add_argument(
                flag,
                dest=param.python_name,
                metavar="IMAGE",
                default=None,
                help="a path, or - for stdin. " + _help(param),
            )
        elif param.type == "boolean":
            sub.add_argument(
                flag,
                dest=param.python_name,
                action=argparse.BooleanOptionalAction,
                default=None,
                help=_help(param),
            )
        else:
            sub.add_argument(
                flag,
                dest=param.python_name,
                type=PY_TYPES.get(param.type, str),
                default=None,
                choices=list(param.enum) if param.enum else None,
                metavar=None if param.enum else param.type.upper(),
                help=_help(param),
            )
    if len(op.request_media_types) > 1:
        names = {
            "application/json": "json",
            "multipart/form-data": "multipart",
            "application/x-www-form-urlencoded": "form",
        }
        sub.add_argument(
            "--encoding",
            choices=[names[m] for m in op.request_media_types if m in names],
            default=None,
            help="request body format (default json)",
        )
    if op.returns_media:
        sub.add_argument(
            "-o",
            "--output",
            type=Path,
            default=None,
            help="where to write the result (atomic; the extension is added when missing)",
        )
    sub.set_defaults(handler=_run_operation, operation=op)


def build_parser() -> argparse.ArgumentParser:
    from dezgo.spec.operations import pinned_operations

    common = _global_options()
    parser = _Parser(
        prog="dezgo",
        description="Generate images with the Dezgo API. The key comes from $DEZGO_API_KEY (or --api-key-file).",
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for op in pinned_operations():
        _add_operation(commands, op, common)
    commands.add_parser("balance", parents=[common], help="the account balance in USD").set_defaults(
        handler=_run_balance
    )
    models = commands.add_parser("models", parents=[common], help="the model catalogue (GET /info)")
    models.add_argument(
        "--function", default=None, help="only models that serve this operation, e.g. text2image"
    )
    models.set_defaults(handler=_run_models)
    spec = commands.add_parser("spec", help="fetch, diff and check the API spec", add_help=False)
    spec.add_argument("spec_command", choices=["fetch", "diff", "check"], metavar="{fetch,diff,check}")
    spec.add_argument("rest", nargs=argparse.REMAINDER)
    spec.set_defaults(handler=_run_spec)
    sim = commands.add_parser("sim", help="run a local Dezgo simulator", add_help=False)
    sim.add_argument("rest", nargs=argparse.REMAINDER)
    sim.set_defaults(handler=_run_sim)
    batch = commands.add_parser(
        "batch", help="run many jobs from a manifest (resumable, budgeted)", add_help=False
    )
    batch.add_argument("rest", nargs=argparse.REMAINDER)
    batch.set_defaults(handler=_run_batch)
    return parser


# -- running ------------------------------------------------------------------------------------


def _option(args: argparse.Namespace, name: str, default: Any = None) -> Any:
    return getattr(args, name, default)


def _api_key(args: argparse.Namespace) -> str | None:
    path: Path | None = _option(args, "api_key_file")
    if path is None:
        return None
    try:
        key = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise CommandError(f"cannot read the API key file {path}: {exc.strerror}", EXIT_BAD_INPUT) from None
    if not key:
        raise CommandError(f"the API key file {path} is empty", EXIT_BAD_INPUT)
    return key


def _client(args: argparse.Namespace) -> Dezgo:
    from dezgo import Dezgo

    budget = _option(args, "budget_usd")
    return Dezgo(
        api_key=_api_key(args),
        base_url=_option(args, "base_url"),
        timeout=_option(args, "timeout"),
        budget_usd=Decimal(budget) if budget is not None else None,
    )


def _read_image(value: str) -> bytes | str:
    if value == "-":
        return sys.stdin.buffer.read()
    return value


class _Progress:
    """A spinner with elapsed time on a terminal; one plain line otherwise; nothing with --quiet."""

    def __init__(self, label: str, *, quiet: bool) -> None:
        self.label = label
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.started = time.monotonic()

    def __enter__(self) -> _Progress:
        if self.quiet:
            return self
        if not self.tty:
            print(f"{self.label}: waiting for the service...", file=sys.stderr, flush=True)
            return self
        self._thread = threading.Thread(target=self._spin, daemon=True)
        self._thread.start()
        return self

    def _spin(self) -> None:
        from rich.console import Console

        console = Console(stderr=True)
        with console.status(self._text(), spinner="dots") as status:
            while not self._stop.wait(0.1):
                status.update(self._text())

    def _text(self) -> str:
        return f"{self.label} [dim]{time.monotonic() - self.started:.1f}s[/dim]"

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        elapsed = time.monotonic() - self.started
        if not self.quiet and not self.tty and exc_type is None:
            print(f"{self.label}: finished in {elapsed:.1f}s", file=sys.stderr, flush=True)


def _money_line(media: Image | Video) -> str:
    charge = media.charge
    if charge is None or charge.amount_usd is None:
        return "no charge reported"
    if charge.balance_total_usd is None:
        return f"{charge.amount_usd} USD"
    return f"{charge.amount_usd} USD, balance {charge.balance_total_usd} USD"


def _run_operation(args: argparse.Namespace) -> int:
    op: Operation = args.operation
    arguments: dict[str, Any] = {}
    for param in op.params:
        value = getattr(args, param.python_name, None)
        if value is None:
            continue
        arguments[param.python_name] = _read_image(value) if param.is_image else value
    if _option(args, "encoding"):
        arguments["encoding"] = args.encoding
    with _client(args) as client:
        method = getattr(client, op.name)
        with _Progress(op.cli_name, quiet=bool(_option(args, "quiet") or _option(args, "json"))):
            result = method(**arguments)
    if not op.returns_media:
        _print_json(_jsonable(result))
        return 0
    output: Path | None = _option(args, "output")
    if output is None:
        output = Path(f"{op.name}-{result.seed if result.seed is not None else int(time.time())}")
    written = result.save(output)
    if _option(args, "json"):
        charge = result.charge.as_dict() if result.charge is not None else None
        _print_json(
            {
                "path": str(written),
                "format": result.format,
                "width": result.width,
                "height": result.height,
                "seed": result.seed,
                "bytes": len(result.data),
                "charge": charge,
            }
        )
    else:
        size = f"{result.width}x{result.height} " if result.width else ""
        seed = f", seed {result.seed}" if result.seed is not None else ""
        print(f"wrote {written} ({size}{result.format.upper()}{seed})")
        print(_money_line(result))
    return 0


def _jsonable(value: Any) -> Any:
    import attrs

    if attrs.has(type(value)):
        raw = getattr(value, "raw", None)
        return raw if raw else attrs.asdict(value)
    return value


def _print_json(payload: Any) -> None:
    print(json.dumps(payload, indent=2, default=str))


def _run_balance(args: argparse.Namespace) -> int:
    with _client(args) as client:
        balance = client.balance()
    if _option(args, "json"):
        _print_json({"balance_usd": str(balance)})
    else:
        print(f"{balance} USD")
    return 0


def _run_models(args: argparse.Namespace) -> int:
    with _client(args) as client:
        catalogue = client.info()
    models = catalogue.for_function(args.function) if args.function else catalogue.models
    if _option(args, "json"):
        _print_json(
            [
                {
                    "id": m.id,
                    "name": m.name,
                    "family": m.family,
                    "functions": list(m.functions),
                    "native_width": m.native_width,
                    "native_height": m.native_height,
                }
                for m in models
            ]
        )
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(models)} models", show_lines=False)
    for column in ("id", "family", "native size", "operations"):
        table.add_column(column)
    for m in models:
        size = f"{m.native_width}x{m.native_height}" if m.native_width else ""
        table.add_row(m.id, m.family, size, ", ".join(m.functions))
    Console(width=max(100, os.get_terminal_size(1).columns if sys.stdout.isatty() else 120)).print(table)
    return 0


def _run_spec(args: argparse.Namespace) -> int:
    rest = list(args.rest)
    if args.spec_command == "fetch":
        from dezgo.spec.fetch import main as fetch_main

        return fetch_main(rest)
    try:
        if args.spec_command == "diff":
            from dezgo.spec.diff.cli import main as diff_main

            return diff_main(rest)
        from dezgo.spec.check import main as check_main

        return check_main(rest)
    except ImportError as exc:  # pragma: no cover - only when the drift module is missing
        raise CommandError(f"spec {args.spec_command} is not available: {exc}", EXIT_FAILURE) from None


def _run_sim(args: argparse.Namespace) -> int:
    try:
        from dezgo.testing.cli import main as sim_main
    except ImportError:
        raise CommandError(
            "dezgo sim needs the testing extra: pip install 'dezgo[testing]'", EXIT_BAD_INPUT
        ) from None
    return sim_main(list(args.rest))


def _run_batch(args: argparse.Namespace) -> int:
    from dezgo.batch import main as batch_main

    return batch_main(list(args.rest))


def _exit_code(error: BaseException) -> int:
    from dezgo.errors import (
        APIConnectionError,
        APIStatusError,
        BudgetExceededError,
        InvalidRequestError,
        MissingAPIKeyError,
    )

    if isinstance(error, BudgetExceededError):
        return EXIT_BUDGET
    if isinstance(error, (APIStatusError, APIConnectionError)):
        return EXIT_API
    if isinstance(
        error, (InvalidRequestError, MissingAPIKeyError, FileNotFoundError, IsADirectoryError, ValueError)
    ):
        return EXIT_BAD_INPUT
    return EXIT_FAILURE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (``python -m dezgo.cli`` exits with it)."""
    words = list(sys.argv[1:] if argv is None else argv)
    delegated = {"sim": _run_sim, "spec": _run_spec, "batch": _run_batch}
    if words and words[0] in delegated:
        # These commands have parsers of their own: hand them everything after their name.
        if words[0] == "spec":
            if len(words) < 2 or words[1] not in ("fetch", "diff", "check"):
                print("usage: dezgo spec {fetch,diff,check} ...", file=sys.stderr)
                return EXIT_BAD_INPUT
            namespace = argparse.Namespace(spec_command=words[1], rest=words[2:])
        else:
            namespace = argparse.Namespace(rest=words[1:])
        try:
            return delegated[words[0]](namespace)
        except CommandError as error:
            print(f"dezgo: error: {error}", file=sys.stderr)
            return error.code
    parser = build_parser()
    args = parser.parse_args(words)
    debug = bool(_option(args, "debug"))
    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
        logging.getLogger("httpcore").setLevel(logging.INFO)
        logging.getLogger("httpx").setLevel(logging.INFO)  # httpx logs nothing secret, but keep it quiet
    try:
        code: int = args.handler(args)
        return code
    except KeyboardInterrupt:
        print("dezgo: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except CommandError as error:
        print(f"dezgo: error: {error}", file=sys.stderr)
        return error.code
    except Exception as error:
        from dezgo.errors import DezgoError

        if debug or not isinstance(error, (DezgoError, OSError, ValueError)):
            if debug:
                raise
            print(f"dezgo: unexpected error ({type(error).__name__}): {error}", file=sys.stderr)
            return EXIT_FAILURE
        print(f"dezgo: error: {error}", file=sys.stderr)
        return _exit_code(error)


if __name__ == "__main__":
    sys.exit(main())
