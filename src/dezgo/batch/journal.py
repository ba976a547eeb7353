"""The batch journal: what was started, done, failed or left uncertain, durable across crashes.

``OUT/.dezgo-batch.jsonl``, append-only, one JSON record a line, each fsynced before
the batch goes on. ``started`` is durable *before* a request is sent and ``done``
is written after the image is durable, so after any crash a job whose last record is
``started`` may have been billed: it is listed as uncertain, never re-sent silently.

Framing, so that a crash or a full disk can never make the journal lie:

- every record carries ``crc``, the CRC-32 of its canonical JSON (sorted keys, no
  spaces, ASCII), so a torn or damaged line is recognised and never taken as a record;
- every append starts on a fresh line: after a failed write (or when the file does
  not end with a newline) the next record is preceded by ``\\n``, so a torn line can
  never glue itself onto the record that follows it.

An unreadable line is reported (line number and why) and skipped. That is safe because
of the order of writes: a request is only sent after its ``started`` record is durable,
so losing any *later* record leaves ``started`` as the job's last word (uncertain, not
re-sent), and a torn ``started`` means the request was never sent.

One process at a time: the journal is locked (``flock``) while a run holds it, so two
runs on the same OUT cannot both send the same job.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import errno
import json
import os
import stat
import threading
import zlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from dezgo._atomic import fsync_folder
from dezgo.batch.disk import Disk
from dezgo.billing import money
from dezgo.billing._amounts import add, recorded_amount

__all__ = [
    "EVENTS",
    "JOURNAL",
    "Journal",
    "JournalBusyError",
    "JournalReader",
    "JournalState",
    "amount_of",
    "decode",
    "encode",
    "read_state",
]

JOURNAL = ".dezgo-batch.jsonl"
VERSION = 1
MAX_RECORD_BYTES = 64 * 1024
EVENTS = frozenset({"run", "started", "done", "unsaved", "uncertain", "failed", "unsent"})
"""``run``: a run began (with the batch's budget). Per job: ``started`` (durable before the
request), then one of ``done`` (image on disk), ``unsaved`` (billed, the image could not be
written), ``uncertain`` (may have been billed, no image), ``failed`` (refused, not billed)
or ``unsent`` (provably not billed; the job goes back to the queue)."""
CLOSING = EVENTS - {"run", "started"}


class JournalBusyError(OSError):
    """Another process holds the journal: two runs on one OUT could pay for a job twice."""


def _canonical(record: dict[str, Any]) -> bytes:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def encode(record: dict[str, Any]) -> bytes:
    """One framed record: canonical JSON with its checksum as the last field, and a newline."""
    body = _canonical(record)
    return body[:-1] + b',"crc":"' + f"{zlib.crc32(body):08x}".encode() + b'"}\n'


def decode(line: bytes) -> dict[str, Any]:
    """The record in ``line``; ValueError saying why when it is not one (torn, damaged, foreign)."""
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        raise ValueError("torn or damaged (not JSON)") from None
    if not isinstance(value, dict):
        raise ValueError("not a journal record (not a JSON object)")
    crc = value.pop("crc", None)
    if crc is None:
        if "v" in value:
            raise ValueError("damaged (no checksum)")
        # A record of the first journal format (before checksums): read it as it was written.
    elif not isinstance(crc, str) or crc != f"{zlib.crc32(_canonical(value)):08x}":
        raise ValueError("torn or damaged (checksum mismatch)")
    event = value.get("event")
    if event not in EVENTS:
        raise ValueError(f"not a journal record (event {str(event)[:20]!r})")
    if event != "run" and not isinstance(value.get("id"), str):
        raise ValueError("not a journal record (no job id)")
    try:
        _charge_amount(value)
        _budget_of(value)
    except ValueError as exc:
        raise ValueError(f"damaged ({exc})") from None
    return value


# The one reader of money in the journal. ``decode`` refuses a record whose money cannot be
# read, so a record that is read at all (by the state's totals, a resumed run, the gallery) has
# amounts every sum and every page can take.


def _charge_amount(record: dict[str, Any]) -> Decimal | None:
    """The charge a record reports; None when it reports none; ValueError when it cannot be read."""
    charge = record.get("charge")
    if charge is None:
        return None
    if not isinstance(charge, dict):
        raise ValueError("its charge is not a JSON object")
    text = charge.get("amount_usd")
    return None if text is None else recorded_amount(text, "charge.amount_usd")


def _budget_of(record: dict[str, Any]) -> Decimal | None:
    """The budget a ``run`` record gives (None: none); ValueError when it cannot be read."""
    if record.get("event") != "run" or "budget_usd" not in record:
        return None
    text = record["budget_usd"]
    if not isinstance(text, str):
        raise ValueError(f"budget_usd {str(text)[:40]!r} is not an amount in USD (not text)")
    try:
        return money(text, "budget_usd")
    except ValueError:
        raise ValueError(f"budget_usd {text[:40]!r} is not an amount in USD") from None


def amount_of(record: dict[str, Any]) -> Decimal | None:
    """The charge a record reports, exactly; None when it reports none (or cannot be read)."""
    try:
        return _charge_amount(record)
    except ValueError:
        return None


@attrs.define
class JournalState:
    """What the journal says, read once when a run starts."""

    last: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    """The last readable record of each job."""
    charged_usd: Decimal = Decimal(0)
    """Every charge recorded, over every run of this batch."""
    unknown_charges: list[str] = attrs.field(factory=list)
    """Jobs (one entry per attempt) that may have been billed at an amount nobody saw."""
    prices: dict[str, Decimal] = attrs.field(factory=dict)
    """The last amount charged for each job, to price jobs like it."""
    budget_usd: Decimal | None = None
    budget_recorded: bool = False
    problems: list[tuple[int, str]] = attrs.field(factory=list)
    """Lines that are not records: (line number, why). Reported, then skipped."""
    ends_cleanly: bool = True
    runs: int = 0
    """Runs recorded (one ``run`` record each)."""
    history: list[dict[str, Any]] = attrs.field(factory=list, repr=False)
    """Every job record in journal order: the budget replays it (balances seen, attempts left open)."""

    def add(self, record: dict[str, Any]) -> None:
        event = record["event"]
        if event != "run":
            self.history.append(record)
        if event == "run":
            self.runs += 1
            if "budget_usd" in record:
                self.budget_recorded = True
                self.budget_usd = _budget_of(record)
            return
        job = record["id"]
        previous = self.last.get(job)
        if event == "started" and previous is not None and previous["event"] == "started":
            self.unknown_charges.append(job)  # an attempt that never closed: it may have been billed
        amount = amount_of(record)
        if amount is not None:
            self.charged_usd = add(self.charged_usd, amount)
            self.prices[job] = amount
        elif event in ("done", "unsaved", "uncertain"):
            self.unknown_charges.append(job)
        self.last[job] = record

    def finish(self) -> None:
        self.unknown_charges.extend(job for job, record in self.last.items() if record["event"] == "started")


def _lines(handle: Any) -> Iterator[tuple[int, bytes, bool]]:
    """(number, line, complete) with lines bounded in length; an over-long line is cut."""
    number = 0
    while True:
        raw: bytes = handle.readline(MAX_RECORD_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(MAX_RECORD_BYTES)
            yield number, b"", True
            continue
        yield number, raw, raw.endswith(b"\n")


def _open_regular(path: Path, flags: int) -> int:
    """Open the journal, refusing anything but a regular file: a FIFO would block the run, a
    symbolic link would make it append somewhere else."""
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISREG(path.lstat().st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a FIFO, folder or symbolic link)", str(path))
    fd = os.open(
        path, flags | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), 0o666
    )
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return fd


class JournalReader:
    """Reads a journal on from where it last stopped: whole when a run starts (``read_state``),
    and again as the run appends to it (the gallery follows the run this way, from the file
    itself, so the page shows what the journal says and nothing else)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.state = JournalState()
        self._offset = 0
        self._line = 0

    def read(self, *, partial: bool = True) -> int:
        """Add the records written since the last read; returns how many.

        A last line without its newline is read (and, torn, reported) when ``partial``; without
        it, that line may be a record being written, and is left for the next read.
        """
        try:
            fd = _open_regular(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return 0
        added = 0
        state = self.state
        with os.fdopen(fd, "rb") as handle:
            handle.seek(self._offset)
            for _, raw, complete in _lines(handle):
                if not complete and not partial:
                    break
                self._offset = handle.tell()
                self._line += 1
                state.ends_cleanly = complete
                if not raw.strip():
                    continue
                try:
                    record = decode(raw)
                except ValueError as exc:
                    why = str(exc) if raw else f"longer than {MAX_RECORD_BYTES} bytes"
                    state.problems.append((self._line, why))
                    continue
                state.add(record)
                added += 1
        return added


def read_state(path: Path) -> JournalState:
    """What the journal at ``path`` says (empty when there is none)."""
    reader = JournalReader(path)
    reader.read()
    reader.state.finish()
    return reader.state


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks; documented
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise JournalBusyError(
            "another dezgo batch is running on this OUT folder (it holds the journal); "
            "wait for it to finish, or stop it, then run again"
        ) from None


class Journal:
    """The open journal of one run: read once, locked, appended to with framed, fsynced records."""

    def __init__(self, folder: Path, *, disk: Disk | None = None) -> None:
        self.path = folder / JOURNAL
        self.disk = disk if disk is not None else Disk()
        existed = self.path.exists()
        self._fd = _open_regular(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            _lock(self._fd)
            if not existed:
                fsync_folder(folder)
            self.state = read_state(self.path)
        except BaseException:
            os.close(self._fd)
            raise
        self._fresh_line = not self.state.ends_cleanly
        self._lock = threading.Lock()
        self.run_id = os.urandom(6).hex()

    def append(self, event: str, job_id: str | None = None, **fields: Any) -> None:
        """Write one record durably; OSError when it could not be (then it may be torn)."""
        record: dict[str, Any] = {"v": VERSION, "event": event, "run": self.run_id}
        if job_id is not None:
            record["id"] = job_id
        record["at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")
        record.update({k: v for k, v in fields.items() if v is not None})
        data = encode(record)
        with self._lock:
            if self._fresh_line:
                data = b"\n" + data
            try:
                self.disk.append(self._fd, data)
            except BaseException:
                self._fresh_line = True  # whatever part of it reached the file is cut off from the next
                raise
            self._fresh_line = False

    async def aappend(self, event: str, job_id: str | None = None, **fields: Any) -> None:
        """The same, off the event loop: an fsync must not stall every other job."""
        await asyncio.to_thread(self.append, event, job_id, **fields)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)
