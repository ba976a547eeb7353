"""Reading a batch manifest: JSONL or CSV, one job a row, every row checked before anything is sent.

A row holds ``id`` (optional; a stable hash of the row otherwise), ``operation``
(default ``text2image``), ``output`` (optional file name) and the operation's
arguments with the facade's names; image arguments are paths relative to the
manifest. Rows are checked against the operation's schema in the pinned spec, and
output names against the rules of ``dezgo.batch.outputs``: a problem found after
the first request would be found after a job was paid for.

The file is read line by line (a row may be at most ``MAX_LINE_BYTES``), must be a
regular file (a FIFO would block the run forever) and UTF-8 (with or without a BOM).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from dezgo._arguments import body_problems, preferred_media_type
from dezgo._extras import NO_EXTRAS, Extras, extras_of
from dezgo._lax import coerce
from dezgo._spec import Operation, pinned_operations
from dezgo._validation import IMAGE_PLACEHOLDER, sniff_image
from dezgo.batch.outputs import OutputChecker
from dezgo.errors import DezgoError, InvalidRequestError
from dezgo.images import MAX_IMAGE_BYTES, media_format

__all__ = ["MAX_LINE_BYTES", "RESERVED", "Job", "ManifestError", "load_manifest"]

EXTRA_KEYS = ("extra_body", "extra_headers", "extra_query")
"""What a call may send beyond the spec (``dezgo._extras``): JSON objects, in CSV as JSON text."""
RESERVED = {"id", "operation", "output", *EXTRA_KEYS}
MAX_LINE_BYTES = 1024 * 1024
"""A manifest row longer than this is refused (image arguments are paths, so rows are short)."""
MAX_ID_LENGTH = 200


class ManifestError(DezgoError):
    """Rows that are not valid jobs; ``problems`` lists (line, message). Nothing was sent."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        lines = "\n".join(
            f"  line {line}: {message}" if line else f"  {message}" for line, message in problems[:50]
        )
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the manifest; nothing was sent:\n{lines}{more}")


@attrs.frozen
class Job:
    id: str
    line: int
    operation: str
    arguments: Mapping[str, Any]
    output: str
    """The output name relative to OUT, ``/``-separated, as checked (an extension may be added)."""
    extras: Extras = NO_EXTRAS


def _open_regular(path: Path) -> BinaryIO:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise ManifestError([(0, f"cannot read {path}: {exc.strerror}")]) from None
    if not stat.S_ISREG(mode):
        raise ManifestError([(0, f"{path} is not a regular file (a folder, FIFO or device)")])
    try:
        return path.open("rb")
    except OSError as exc:
        raise ManifestError([(0, f"cannot read {path}: {exc.strerror}")]) from None


def _lines(path: Path) -> Iterator[tuple[int, str | None, str | None]]:
    """(number, text, problem) for each line; text is None when the line cannot be used."""
    with _open_regular(path) as handle:
        number = 0
        while True:
            raw = handle.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the long line
                    raw = handle.readline(MAX_LINE_BYTES)
                yield number, None, f"longer than {MAX_LINE_BYTES} bytes"
                continue
            if number == 1:
                if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                    raise ManifestError([(1, "the manifest is UTF-16; save it as UTF-8")])
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            try:
                yield number, raw.decode("utf-8"), None
            except UnicodeDecodeError as exc:
                yield (
                    number,
                    None,
                    f"not UTF-8 (byte {exc.start + 1} of the line); save the manifest as UTF-8",
                )


Row = tuple[int, dict[str, Any] | None, str | None]


def _json_rows(lines: Iterable[tuple[int, str | None, str | None]]) -> Iterator[Row]:
    for number, text, problem in lines:
        if text is None:
            yield number, None, problem
            continue
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            yield number, None, f"not JSON ({exc.msg})"
            continue
        except RecursionError:
            yield number, None, "not JSON this batch can read (nested too deeply)"
            continue
        if isinstance(value, dict):
            yield number, value, None
        else:
            yield number, None, "not a JSON object"


def _csv_rows(lines: Iterable[tuple[int, str | None, str | None]]) -> Iterator[Row]:
    problems: list[tuple[int, str]] = []
    physical = [0]

    def texts() -> Iterator[str]:
        for number, text, problem in lines:
            physical[0] = number
            if text is None:
                problems.append((number, problem or "unreadable"))
                yield "\n"  # keep the line count; the row it belonged to is refused below
            else:
                yield text

    reader = csv.reader(texts())
    header: list[str] | None = None
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield physical[0], None, f"not CSV ({exc})"
            start = physical[0] + 1
            continue
        line, start = start, physical[0] + 1
        if problems and header is None:
            raise ManifestError([problems[0]])
        if problems:
            bad_line, problem = problems.pop(0)
            problems.clear()
            yield bad_line, None, problem
            continue
        if header is None:
            header = record
            continue
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            yield line, None, f"{len(record)} fields, but the header has {len(header)}"
            continue
        yield line, {k: v for k, v in zip(header, record, strict=False) if k and v != ""}, None


def _operations() -> dict[str, Operation]:
    ops = {op.name: op for op in pinned_operations() if op.returns_media}
    ops.update({op.cli_name: op for op in list(ops.values())})
    return ops


def _image_path(base: Path, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value or "\x00" in value:
        raise ValueError(f"{key}: give the image as a path relative to the manifest")
    image = (base / value).resolve()
    try:
        info = image.stat()
    except OSError as exc:
        raise ValueError(f"{key}: cannot read {value} ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"{key}: {value} is not a regular file")
    if info.st_size > MAX_IMAGE_BYTES:
        raise ValueError(
            f"{key}: {value} is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MiB, the largest this SDK sends"
        )
    try:
        with image.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise ValueError(f"{key}: cannot read {value} ({exc.strerror})") from None
    if sniff_image(head) is None:
        raise ValueError(f"{key}: {value} is not a PNG, JPEG or WebP image")
    return str(image)


def _format_for(op: Operation, arguments: dict[str, Any], output: Any) -> None:
    """The rule of ``dezgo OP -o``: an output extension naming an image format sets ``format``
    when the row gives none, and a row whose ``format`` contradicts it is refused (before any
    job is paid for, rather than an image written under the wrong extension)."""
    param = next((p for p in op.body_params if p.name == "format"), None)
    suffix = Path(output).suffix if isinstance(output, str) and output else ""
    named = media_format(suffix) if suffix else None
    if param is None or named is None:
        return
    chosen = arguments.get(param.python_name)
    if chosen is None:
        listed = next((str(v) for v in param.enum or () if media_format(str(v)) == named), None)
        arguments[param.python_name] = listed or named
    elif not isinstance(chosen, str) or media_format(chosen) != named:
        raise ValueError(
            f"output {output!r} names a {named.upper()} file but format {chosen!r} asks for another; "
            "drop one of them or make them agree"
        )


def _job(
    number: int,
    row: dict[str, Any],
    base: Path,
    ops: Mapping[str, Operation],
    csv_row: bool,
    strict: bool,
) -> Job:
    name = row.get("operation") or "text2image"
    op = ops.get(name) if isinstance(name, str) else None
    if op is None:
        raise ValueError(f"unknown operation {name!r}")
    params = {p.python_name: p for p in op.body_params}
    arguments: dict[str, Any] = {}
    for key, value in row.items():
        if key in RESERVED:
            continue
        param = params.get(key)
        if param is None:
            raise ValueError(f"{key}: not a parameter of {op.name}")
        if param.is_image:
            arguments[key] = _image_path(base, key, value)
        else:
            arguments[key] = coerce(value, param.type) if csv_row and isinstance(value, str) else value
    output = row.get("output")
    given = {params[k].name: (IMAGE_PLACEHOLDER if params[k].is_image else v) for k, v in arguments.items()}
    extras = _extras(op, row, given, csv_row)
    # The id of a row without one hashes what the row says, not what is derived from it (the
    # format below): the same row keeps the same id, and its journal records, across versions.
    # Extra fields and query parameters change what is made; extra headers do not.
    said: dict[str, Any] = {"operation": op.name, "arguments": given, "output": output}
    if extras.body or extras.query:
        said["extras"] = {"body": dict(extras.body), "query": dict(extras.query)}
    canonical = json.dumps(said, sort_keys=True, default=str)
    _format_for(op, arguments, output)
    checked = {params[k].name: (IMAGE_PLACEHOLDER if params[k].is_image else v) for k, v in arguments.items()}
    media_type = preferred_media_type(op)  # what the client will send the row in
    problems = body_problems(op, media_type, checked, strict=strict) if media_type else []
    if problems:
        raise ValueError("; ".join(f"{p.field}: {p.message}" for p in problems))
    raw_id = row.get("id")
    job_id = str(raw_id) if raw_id not in (None, "") else hashlib.sha256(canonical.encode()).hexdigest()[:16]
    if (
        len(job_id) > MAX_ID_LENGTH
        or not job_id.replace("-", "").replace("_", "").replace(".", "").isalnum()
        or job_id.strip(".") == ""
    ):
        raise ValueError(
            f"id {job_id[:60]!r}: use up to {MAX_ID_LENGTH} letters, digits, '-', '_' and '.' "
            "(it names the output file when no output is given)"
        )
    return Job(job_id, number, op.name, arguments, job_id if output in (None, "") else output, extras)


def _extras(op: Operation, row: Mapping[str, Any], given: Mapping[str, Any], csv_row: bool) -> Extras:
    """The row's ``extra_*`` objects, checked as a call checks them (``InvalidRequestError`` -> ValueError)."""
    raw: dict[str, Any] = {}
    for key in EXTRA_KEYS:
        value = row.get(key)
        if csv_row and isinstance(value, str):
            if not value.strip():
                continue
            try:
                value = json.loads(value)
            except ValueError:
                raise ValueError(f"{key}: not JSON text (write a JSON object)") from None
        if value is not None and not isinstance(value, dict):
            raise ValueError(f"{key}: should be a JSON object")
        raw[key] = value
    try:
        return extras_of(
            raw.get("extra_body"),
            raw.get("extra_headers"),
            raw.get("extra_query"),
            operation=op.name,
            has_body=bool(op.request_media_types),
            body_given=[p.name for p in op.body_params if p.name in given],
            query_given=[p.name for p in op.params if p.location == "query" and p.name in given],
        )
    except InvalidRequestError as exc:
        raise ValueError(f"{exc.field}: {exc.reason}") from None


def load_manifest(
    path: str | os.PathLike[str],
    *,
    skip_invalid: bool = False,
    out_dir: str | os.PathLike[str] | None = None,
    reserved: Iterable[str | os.PathLike[str]] = (),
    strict: bool = False,
) -> tuple[list[Job], list[tuple[int, str]]]:
    """Every job of the manifest, checked; raises ManifestError unless ``skip_invalid``.

    Values that break a constraint the spec only guesses (evidence L or G) are sent with a
    ``WeakEvidenceWarning``, as by the library, unless ``strict``.

    With ``out_dir``, output names are also checked against that folder as it is now
    (inside it once links are resolved, not through a file, within its name limit);
    ``reserved`` are paths no output may overwrite (the report, for instance).
    """
    manifest = Path(path)
    ops = _operations()
    is_csv = manifest.suffix.lower() == ".csv"
    out = Path(out_dir) if out_dir is not None else None
    jobs: list[Job] = []
    problems: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    parsed: list[tuple[int, Job | str]] = []
    for number, row, problem in (_csv_rows if is_csv else _json_rows)(_lines(manifest)):
        if row is None:
            parsed.append((number, problem or "unreadable"))
            continue
        try:
            parsed.append((number, _job(number, row, manifest.parent, ops, is_csv, strict)))
        except ValueError as exc:
            parsed.append((number, str(exc)))
    inputs = {
        Path(value)
        for _, job in parsed
        if isinstance(job, Job)
        for key, value in job.arguments.items()
        if ops[job.operation].param(key).is_image
    }
    outputs = OutputChecker(out, [manifest, *(Path(p) for p in reserved), *inputs])
    for number, job in parsed:
        if not isinstance(job, Job):
            problems.append((number, job))
            continue
        if job.id in seen:
            problems.append((number, f"id {job.id!r} repeats line {seen[job.id]}"))
            continue
        output_problem = outputs.check(number, job.output)
        if output_problem is not None:
            shown = repr(job.output[:80]) if isinstance(job.output, str) else repr(job.output)[:80]
            problems.append((number, f"output {shown}: {output_problem}"))
            continue
        seen[job.id] = number
        jobs.append(job)
    if problems and not skip_invalid:
        raise ManifestError(problems)
    return jobs, problems
