"""Progress on stderr, the same way for every command: a live line on a terminal, plain lines otherwise.

On a terminal (and with ``rich`` installed, the ``cli`` extra) a spinner or a bar
updates in place; without a terminal, a line is printed at most every
``interval`` seconds and once at the end, so logs stay short; ``quiet`` prints
nothing. Safe to update from any thread.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import Any, TextIO

__all__ = ["Progress"]


def _rich_available() -> bool:
    try:
        import rich  # noqa: F401
    except ImportError:
        return False
    return True


class Progress:
    """``with Progress("text2image") as p: ...; p.update("3/10 done", completed=3)``.

    ``total`` makes it a bar (batch); without it, a spinner with the elapsed time.
    """

    def __init__(
        self,
        label: str,
        *,
        total: int | None = None,
        quiet: bool = False,
        interval: float = 2.0,
        stream: TextIO | None = None,
    ) -> None:
        self.label = label
        self.total = total
        self.quiet = quiet
        self.interval = interval
        self.stream = stream if stream is not None else sys.stderr
        self.live = not quiet and self.stream.isatty() and _rich_available()
        self.started = time.monotonic()
        self.status = ""
        self.completed = 0
        self._lock = threading.Lock()
        self._last_print = 0.0
        self._printed = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._rich: Any = None
        self._task: Any = None

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def __enter__(self) -> Progress:
        if not self.live:
            return self
        from rich.console import Console

        console = Console(file=self.stream)
        if self.total is not None:
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress

            self._rich = RichProgress(
                TextColumn(f"[bold]{self.label}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[status]}"),
                TimeRemainingColumn(),
                console=console,
            )
            self._rich.__enter__()
            self._task = self._rich.add_task(self.label, total=self.total, status="")
        else:
            self._thread = threading.Thread(target=self._spin, args=(console,), daemon=True)
            self._thread.start()
        return self

    def _spin(self, console: Any) -> None:
        with console.status(self._spinner_text(), spinner="dots") as status:
            while not self._stop.wait(0.1):
                status.update(self._spinner_text())

    def _spinner_text(self) -> str:
        with self._lock:
            extra = f" {self.status}" if self.status else ""
        return f"{self.label}{extra} [dim]{self.elapsed:.1f}s[/dim]"

    def _line(self) -> str:
        if self.total is not None:
            return f"{self.label}: {self.completed}/{self.total}: {self.status}".rstrip(": ")
        return f"{self.label}: {self.status or 'waiting for the service...'}"

    def update(self, status: str | None = None, *, completed: int | None = None, force: bool = False) -> None:
        """New status text and/or count; printed now when ``force`` (the final state, a stop)."""
        with self._lock:
            if status is not None:
                self.status = status
            if completed is not None:
                self.completed = completed
            if self.quiet:
                return
            if self._rich is not None:
                self._rich.update(self._task, completed=self.completed, status=self.status)
                return
            if self.live:
                return  # the spinner thread redraws
            now = time.monotonic()
            line = self._line()
            due = force or now - self._last_print >= self.interval
            if due and line != self._printed:
                self._last_print, self._printed = now, line
                print(line, file=self.stream, flush=True)

    def note(self, text: str) -> None:
        """A line of its own (above a live bar), whatever the interval; nothing when quiet."""
        if self.quiet:
            return
        if self._rich is not None:
            self._rich.console.print(text)
        else:
            print(text, file=self.stream, flush=True)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._rich is not None:
            self._rich.__exit__(None, None, None)
        elif not self.live and not self.quiet and exc_type is None:
            if self.total is None:
                print(f"{self.label}: finished in {self.elapsed:.1f}s", file=self.stream, flush=True)
            else:
                self.update(force=True)
