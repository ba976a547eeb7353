"""The sub-commands that call the API: one per operation of the spec, ``balance`` and ``models``.

Their options are built from the same ``Operation`` records as the facade's
methods: names, types, listed values, limits and help text are the spec's. The
values themselves are checked by the facade's own check (before any progress
line, so a refusal is the only thing printed): numbers as the service's
framework reads them, listed values refused only where the evidence is firm.
``-o`` sets ``--format`` from its extension, and a contradiction is refused.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dezgo._constants import MEDIA_TYPES
from dezgo._exit import ExitCode
from dezgo._progress import Progress
from dezgo._spec import NO_DEFAULT
from dezgo.cli._options import CommandError, api_key, budget_usd, option

if TYPE_CHECKING:
    from dezgo import Dezgo
    from dezgo._spec import Operation, Param
    from dezgo.images import Image, Video

__all__ = ["configure_balance", "configure_models", "configure_operation", "positionals"]

# -- building the parser from the spec -------------------------------------------------------------


def positionals(op: Operation) -> list[Param]:
    """Required images first, then the prompt: ``dezgo image2image in.png "oil painting"``."""
    images = [p for p in op.image_params if p.required]
    prompt = [p for p in op.body_params if p.name == "prompt" and p.required]
    return [*images, *prompt, *op.path_params]


def _help(param: Param) -> str:
    text = param.description.strip().rstrip(".") or param.name
    bits = list(param.limits)
    if not param.required and param.default not in (None, "", NO_DEFAULT):
        bits.append(f"spec default: {param.default}")
    if bits:
        text += f" ({'; '.join(bits)})"
    return text.replace("%", "%%")


def configure_operation(sub: argparse.ArgumentParser, op: Operation) -> None:
    """Add ``op``'s arguments to its sub-command (called only for the command being run)."""
    sub.description = f"{op.summary}.\n\n{op.description}" if op.summary else op.description
    sub.formatter_class = argparse.RawDescriptionHelpFormatter
    positional = positionals(op)
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
            # Text as typed: the facade reads it as the service does ("512", "7.5") and judges
            # listed values by their evidence (argparse choices would refuse a guessed list).
            listed = "{" + ",".join(str(v) for v in param.enum) + "}" if param.enum else None
            sub.add_argument(
                flag,
                dest=param.python_name,
                default=None,
                metavar=listed or param.type.upper(),
                help=_help(param),
            )
    if len(op.request_media_types) > 1:
        names = {media: name for name, media in MEDIA_TYPES.items()}
        sub.add_argument(
            "--encoding",
            choices=[names[m] for m in op.request_media_types if m in names],
            default=None,
            help="request body format (default: json where the operation takes it, else multipart)",
        )
    if op.returns_media:
        sub.add_argument(
            "-o",
            "--output",
            type=Path,
            default=None,
            help="where to write the result (atomic; the extension is added when missing"
            + ("; it sets --format when that is not given)" if _format_param(op) else ")"),
        )
    sub.add_argument(
        "--strict",
        action="store_true",
        default=None,
        help="also refuse values that break limits the spec only guesses (evidence L or G); "
        "by default those are sent with a warning",
    )
    if op.request_media_types:
        sub.add_argument(
            "--extra",
            action="append",
            default=[],
            metavar="FIELD=TEXT|FIELD:=JSON|FIELD@PATH",
            help="a body field the spec does not list, sent as given (repeatable): text, a JSON "
            "value, or a file's bytes",
        )
    sub.add_argument(
        "--extra-header",
        action="append",
        default=[],
        metavar="NAME:VALUE",
        help="a header to add (repeatable; not the key's, nor those that frame the body)",
    )
    sub.add_argument(
        "--extra-query",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a query parameter the spec does not list (repeatable; repeated names send a list)",
    )
    sub.set_defaults(handler=_run_operation, operation=op)


_EXTRA = re.compile(r"^([^=:@]+)(:=|=|@)(.*)$", re.DOTALL)


def _extras(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """``--extra``, ``--extra-header`` and ``--extra-query`` as the facade's ``extra_*`` keywords."""
    body: dict[str, Any] = {}
    for item in option(args, "extra") or []:
        match = _EXTRA.match(item)
        if match is None:
            raise CommandError(
                f"--extra {item!r}: write FIELD=TEXT, FIELD:=JSON or FIELD@PATH", ExitCode.BAD_INPUT
            )
        name, kind, value = match.groups()
        if kind == ":=":
            try:
                body[name] = json.loads(value)
            except ValueError:
                raise CommandError(f"--extra {name}:=...: not a JSON value", ExitCode.BAD_INPUT) from None
        else:
            body[name] = Path(value) if kind == "@" else value
    headers: dict[str, str] = {}
    for item in option(args, "extra_header") or []:
        name, colon, value = item.partition(":")
        if not colon:
            raise CommandError(f"--extra-header {item!r}: write NAME:VALUE", ExitCode.BAD_INPUT)
        headers[name.strip()] = value.strip()
    query: dict[str, Any] = {}
    for item in option(args, "extra_query") or []:
        name, equals, value = item.partition("=")
        if not equals:
            raise CommandError(f"--extra-query {item!r}: write NAME=VALUE", ExitCode.BAD_INPUT)
        previous = query.get(name)
        query[name] = (
            value if previous is None else [*([previous] if isinstance(previous, str) else previous), value]
        )
    extras = {"extra_body": body, "extra_headers": headers, "extra_query": query}
    return {key: value for key, value in extras.items() if value}


def _format_param(op: Operation) -> Param | None:
    return next((p for p in op.body_params if p.name == "format" and p.enum), None)


def configure_models(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--function", default=None, help="only models that serve this operation, e.g. text2image"
    )
    sub.set_defaults(handler=_run_models)


def configure_balance(sub: argparse.ArgumentParser) -> None:
    sub.set_defaults(handler=_run_balance)


# -- running ------------------------------------------------------------------------------------


@contextlib.contextmanager
def _client(args: argparse.Namespace) -> Iterator[Dezgo]:
    """A client for one command; the prices it sees are remembered for the next run's budget."""
    from dezgo._client import Dezgo
    from dezgo.cli._prices import remembered_prices

    prices = remembered_prices()
    with Dezgo(
        api_key=api_key(args),
        base_url=option(args, "base_url"),
        timeout=option(args, "timeout"),
        budget_usd=budget_usd(args),
        strict=bool(option(args, "strict")),
        prices=prices,
    ) as client:
        try:
            yield client
        finally:
            prices.save()


def _read_image(value: str) -> bytes | str:
    if value == "-":
        return sys.stdin.buffer.read()
    return value


def _money_line(media: Image | Video) -> str:
    charge = media.charge
    if charge is None or charge.amount_usd is None:
        return "no charge reported"
    if charge.balance_total_usd is None:
        return f"{charge.amount_usd} USD"
    return f"{charge.amount_usd} USD, balance {charge.balance_total_usd} USD"


def _output_format(op: Operation, chosen: str | None, output: Path | None) -> str | None:
    """The ``format`` to ask for: ``--format``, else the one ``-o``'s extension names.

    ``-o out.jpg --format png`` is a contradiction and refused before anything is sent.
    An extension that names no image format (``.bin``) leaves the service's default.
    """
    from dezgo.images import media_format

    param = _format_param(op)
    named = media_format(output.suffix) if output is not None and output.suffix else None
    if param is None or named is None:
        return chosen
    if chosen is not None:
        if media_format(chosen) != named:
            raise CommandError(
                f"-o {output} names a {named.upper()} file but --format {chosen} asks for "
                f"{(media_format(chosen) or chosen).upper()}; drop one of them or make them agree",
                ExitCode.BAD_INPUT,
            )
        return chosen
    listed = next((str(v) for v in param.enum or () if media_format(str(v)) == named), None)
    return listed or named  # not in the spec's (guessed) list: sent, and the service decides


def _run_operation(args: argparse.Namespace) -> int:
    from dezgo._arguments import prepare

    op: Operation = args.operation
    arguments: dict[str, Any] = {}
    for param in op.params:
        value = getattr(args, param.python_name, None)
        if value is None:
            continue
        arguments[param.python_name] = _read_image(value) if param.is_image else value
    output: Path | None = option(args, "output")
    fmt = _output_format(op, arguments.get("format"), output)
    if fmt is not None:
        arguments["format"] = fmt
    encoding = option(args, "encoding")
    extras = _extras(args)
    # The facade's own check, before the client and its progress line: a refusal is all that prints.
    prepare(
        op,
        {op.param(k).name: v for k, v in arguments.items()},
        encoding,
        strict=bool(option(args, "strict")),
        **extras,
    )
    if option(args, "encoding"):
        arguments["encoding"] = encoding
    if op.returns_media:
        from dezgo.cli._output import prove_writable

        prove_writable(output)  # the call is paid: a path that cannot be written costs the result
    with _client(args) as client:
        method = getattr(client, op.name)
        with Progress(op.cli_name, quiet=bool(option(args, "quiet") or option(args, "json"))):
            result = method(**arguments, **extras)
    if not op.returns_media:
        _print_json(_jsonable(result))
        return 0
    if output is None:
        output = Path(f"{op.name}-{result.seed if result.seed is not None else int(time.time())}")
    try:
        written = result.save(output, fix_extension=True)
    except OSError as exc:  # proved writable before the call, and yet: the job is paid for, keep it
        return _unsaved(result, output, exc, json_output=bool(option(args, "json")))
    if output.suffix and written.suffix != output.suffix:
        print(
            f"dezgo: note: the service sent {result.format.upper()}, so the result went to {written} "
            f"instead of {output}",
            file=sys.stderr,
        )
    if option(args, "json"):
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


def _unsaved(result: Image | Video, output: Path, error: OSError, *, json_output: bool) -> int:
    """The paid result could not be written at ``output``: keep it elsewhere and say where (exit 5)."""
    from dezgo.cli._output import fallback_folders, keep

    why = error.strerror or str(error)
    kept = keep(result, output)
    if kept is None:
        tried = ", ".join(str(folder) for folder in fallback_folders(output))
        print(
            f"dezgo: error: could not write {output} ({why}), nor in {tried}: the job was billed "
            f"({_money_line(result)}) and its result could not be kept",
            file=sys.stderr,
        )
    else:
        print(
            f"dezgo: error: could not write {output} ({why}); the paid result was kept in {kept.absolute()} "
            f"instead ({_money_line(result)})",
            file=sys.stderr,
        )
        if json_output:
            charge = result.charge.as_dict() if result.charge is not None else None
            _print_json({"path": str(kept.absolute()), "wanted": str(output), "error": why, "charge": charge})
    return ExitCode.WRITE_FAILED


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
    if option(args, "json"):
        _print_json({"balance_usd": str(balance)})
    else:
        print(f"{balance} USD")
    return 0


def _run_models(args: argparse.Namespace) -> int:
    with _client(args) as client:
        catalogue = client.info()
    models = catalogue.for_function(args.function) if args.function else catalogue.models
    if option(args, "json"):
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
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # without the cli extra: plain columns
        for m in models:
            size = f"{m.native_width}x{m.native_height}" if m.native_width else ""
            print(f"{m.id}\t{m.family}\t{size}\t{', '.join(m.functions)}")
        return 0
    table = Table(title=f"{len(models)} models", show_lines=False)
    for column in ("id", "family", "native size", "operations"):
        table.add_column(column)
    for m in models:
        size = f"{m.native_width}x{m.native_height}" if m.native_width else ""
        table.add_row(m.id, m.family, size, ", ".join(m.functions))
    Console(width=max(100, os.get_terminal_size(1).columns if sys.stdout.isatty() else 120)).print(table)
    return 0
