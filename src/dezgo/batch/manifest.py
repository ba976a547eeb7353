"""Reading a batch manifest: JSONL or CSV, one job a row, every row checked before anything is sent.

A row holds ``id`` (optional; a stable hash of the row otherwise), ``operation``
(default ``text2image``), ``output`` (optional file name) and the operation's
arguments with the facade's names; image arguments are paths relative to the
manifest. Rows are checked against the operation's schema in the pinned spec.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from dezgo._arguments import body_problems
from dezgo._spec import Operation, pinned_operations
from dezgo._validation import IMAGE_PLACEHOLDER, coerce_text, sniff_image
from dezgo.errors import DezgoError

__all__ = ["RESERVED", "Job", "ManifestError", "load_manifest"]

RESERVED = {"id", "operation", "output"}


class ManifestError(DezgoError):
    """Rows that are not valid jobs; ``problems`` lists (line, message)."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        lines = "\n".join(f"  line {line}: {message}" for line, message in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} invalid row(s) in the manifest; nothing was sent:\n{lines}{more}")


@attrs.frozen
class Job:
    id: str
    line: int
    operation: str
    arguments: Mapping[str, Any]
    output: str


def _rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(text.splitlines())
        return [
            (number + 2, {k: v for k, v in row.items() if k and v not in (None, "")})
            for number, row in enumerate(reader)
        ]
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append((number, {"__error__": f"not JSON ({exc.msg})"}))
            continue
        rows.append((number, value if isinstance(value, dict) else {"__error__": "not a JSON object"}))
    return rows


def _operations() -> dict[str, Operation]:
    ops = {op.name: op for op in pinned_operations() if op.returns_media}
    ops.update({op.cli_name: op for op in list(ops.values())})
    return ops


def _job(number: int, row: dict[str, Any], base: Path, ops: Mapping[str, Operation], csv_row: bool) -> Job:
    if "__error__" in row:
        raise ValueError(row["__error__"])
    name = str(row.get("operation") or "text2image")
    op = ops.get(name)
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
            image = (base / str(value)).resolve()
            try:
                with image.open("rb") as handle:
                    head = handle.read(16)
            except OSError as exc:
                raise ValueError(f"{key}: cannot read {value} ({exc.strerror})") from None
            if sniff_image(head) is None:
                raise ValueError(f"{key}: {value} is not a PNG, JPEG or WebP image")
            arguments[key] = str(image)
        else:
            arguments[key] = coerce_text(value, param.type) if csv_row and isinstance(value, str) else value
    checked = {params[k].name: (IMAGE_PLACEHOLDER if params[k].is_image else v) for k, v in arguments.items()}
    problems = body_problems(op, "application/json", checked)
    if problems:
        raise ValueError("; ".join(f"{p.field}: {p.message}" for p in problems))
    canonical = json.dumps(
        {"operation": op.name, "arguments": checked, "output": row.get("output")}, sort_keys=True, default=str
    )
    job_id = str(row.get("id") or hashlib.sha256(canonical.encode()).hexdigest()[:16])
    if not job_id.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise ValueError(
            f"id {job_id!r}: use letters, digits, '-', '_' and '.' only (it names the output file)"
        )
    return Job(job_id, number, op.name, arguments, str(row.get("output") or job_id))


def load_manifest(
    path: str | os.PathLike[str], *, skip_invalid: bool = False
) -> tuple[list[Job], list[tuple[int, str]]]:
    """Every job of the manifest, checked; raises ManifestError unless ``skip_invalid``."""
    manifest = Path(path)
    ops = _operations()
    jobs: list[Job] = []
    problems: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for number, row in _rows(manifest):
        try:
            job = _job(number, row, manifest.parent, ops, manifest.suffix.lower() == ".csv")
        except ValueError as exc:
            problems.append((number, str(exc)))
            continue
        if job.id in seen:
            problems.append((number, f"id {job.id!r} repeats line {seen[job.id]}"))
            continue
        seen[job.id] = number
        jobs.append(job)
    if problems and not skip_invalid:
        raise ManifestError(problems)
    return jobs, problems
