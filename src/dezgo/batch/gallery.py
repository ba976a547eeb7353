"""``OUT/index.html``: a contact sheet of a batch, drawn from its journal.

A batch of 500 images is a folder of 500 files; the page shows them next to their
prompts, seeds and charges, with the jobs that need attention (failed, uncertain,
billed but not saved, missing) a click away. It is made from the journal file
alone (read with ``JournalReader``, as a resumed run reads it) and the manifest
(prompts, models), so what it shows is what the journal says.

The page is one file: inline CSS, no script, no fonts or images from elsewhere, links
relative to ``OUT`` (the folder can be moved or zipped). Every text is escaped; links
are percent-encoded paths checked to stay inside ``OUT``. For big batches, images load
lazily and cards outside the window are not laid out (``content-visibility``).

While a run goes on, a thread re-reads the journal and rewrites the page atomically,
at most once a second, and never spending more than a tenth of its time on it; the
page is written once more when the run ends. A failed write of the page is logged and
otherwise ignored: the journal is the record, the page only a view of it.
"""

from __future__ import annotations

import enum
import html
import logging
import stat
import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import attrs

from dezgo._version import __version__
from dezgo.batch.disk import Disk
from dezgo.batch.journal import Journal, JournalReader, JournalState, amount_of
from dezgo.batch.manifest import Job
from dezgo.batch.outputs import confined
from dezgo.errors import DezgoError

__all__ = ["GALLERY", "Card", "Files", "Gallery", "GalleryError", "Status", "Totals", "cards_of", "render"]

logger = logging.getLogger("dezgo.batch")

GALLERY = "index.html"
GENERATOR = "dezgo batch gallery"
"""The page's ``<meta name="generator">``: how a run knows an ``OUT/index.html`` is its own."""
MIN_INTERVAL_S = 1.0
RENDER_SHARE = 0.1
"""At most this share of the time goes to rewriting the page while a run goes on."""


class GalleryError(DezgoError):
    """``OUT/index.html`` is not a page of ``dezgo batch``: it is not overwritten (nothing was sent)."""


class Status(enum.Enum):
    """A job as the journal leaves it (the same reading a resumed run makes of it)."""

    DONE = "done"
    FAILED = "failed"
    UNCERTAIN = "uncertain"
    UNSAVED = "unsaved"
    MISSING = "missing"
    RUNNING = "running"
    NOT_RUN = "not-run"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def needs_attention(self) -> bool:
        return self in (Status.FAILED, Status.UNCERTAIN, Status.UNSAVED, Status.MISSING)


_LABELS = {
    Status.DONE: "done",
    Status.FAILED: "failed",
    Status.UNCERTAIN: "uncertain",
    Status.UNSAVED: "billed, not saved",
    Status.MISSING: "missing",
    Status.RUNNING: "in flight",
    Status.NOT_RUN: "not run",
}
ALWAYS_SHOWN = frozenset({Status.DONE, Status.FAILED, Status.UNCERTAIN, Status.UNSAVED})
"""Counts the page shows even at zero: the statuses a user looks for."""


@attrs.frozen
class Card:
    """One job on the page."""

    id: str
    status: Status
    operation: str | None
    prompt: str | None = None
    model: str | None = None
    width: int | None = None
    height: int | None = None
    seed: int | None = None
    charge_usd: Decimal | None = None
    output: str | None = None
    """The image's path relative to OUT, when the journal says it was written there."""
    reason: str | None = None


@attrs.frozen
class Totals:
    """The batch as its journal tells it, over every run."""

    jobs: int
    counts: Mapping[Status, int]
    charged_usd: Decimal
    unknown_charges: int
    """Attempts that may have been billed at an amount nobody saw."""
    budget_usd: Decimal | None
    runs: int
    as_of: str | None
    """The time of the journal's last record."""
    live: bool
    unreadable_lines: int


def _int(*values: Any) -> int | None:
    """The first of ``values`` that is an integer (the journal's facts before the manifest's)."""
    return next((v for v in values if isinstance(v, int) and not isinstance(v, bool)), None)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


class Files:
    """Which images are in OUT, checked as a resumed run checks them (a regular file, inside OUT
    once symbolic links are followed). With ``remember`` (while a run goes on) each answer is
    kept: 10,000 checks at every rewrite would cost more than the page; the last page of a run
    checks afresh."""

    def __init__(self, out: Path, *, remember: bool = False) -> None:
        self.out = out
        self._known: dict[str, bool] | None = {} if remember else None

    def present(self, output: object) -> bool:
        if not isinstance(output, str):
            return False
        if self._known is not None and output in self._known:
            return self._known[output]
        path = confined(self.out, output)
        found = path is not None and path.is_file()
        if self._known is not None:
            self._known[output] = found
        return found


def _status(
    record: Mapping[str, Any] | None, files: Files, live_run: str | None
) -> tuple[Status, str | None]:
    """What the journal's last record of a job means, with the reason the page shows."""
    if record is None:
        return Status.NOT_RUN, None
    event = record["event"]
    if event == "done":
        if files.present(record.get("output")):
            return Status.DONE, None
        return Status.MISSING, "done, but the image is no longer in OUT (re-sent only with --retry-missing)"
    if event == "started":
        if live_run is not None and record.get("run") == live_run:
            return Status.RUNNING, None
        return Status.UNCERTAIN, "started by a run that ended before the job did: it may have been billed"
    if event == "failed":
        return Status.FAILED, _text(record.get("error"))
    if event == "uncertain":
        return Status.UNCERTAIN, _text(record.get("error"))
    if event == "unsaved":
        return Status.UNSAVED, _text(record.get("error"))
    reason = _text(record.get("reason"))
    return Status.NOT_RUN, f"not sent: {reason}" if reason else None  # "unsent": back in the queue


def _card(
    job_id: str, job: Job | None, record: Mapping[str, Any] | None, files: Files, live: str | None
) -> Card:
    status, reason = _status(record, files, live)
    arguments: Mapping[str, Any] = job.arguments if job is not None else {}
    image = record.get("image") if record is not None else None
    facts: Mapping[str, Any] = image if isinstance(image, dict) else {}
    output = record.get("output") if record is not None and status is Status.DONE else None
    charged = status in (Status.DONE, Status.UNSAVED, Status.UNCERTAIN)
    return Card(
        id=job_id,
        status=status,
        operation=job.operation if job is not None else None,
        prompt=_text(arguments.get("prompt")),
        model=_text(arguments.get("model")),
        width=_int(facts.get("width"), arguments.get("width")),
        height=_int(facts.get("height"), arguments.get("height")),
        seed=_int(facts.get("seed"), arguments.get("seed")),
        charge_usd=amount_of(dict(record)) if record is not None and charged else None,
        output=_text(output),
        reason=reason if job is not None else f"{reason or status.label}; not in the manifest",
    )


def cards_of(
    jobs: Sequence[Job],
    state: JournalState,
    out: Path,
    *,
    live_run: str | None = None,
    files: Files | None = None,
) -> tuple[list[Card], Totals]:
    """The page's cards, in manifest order (then jobs only the journal knows), and its totals.

    ``state`` is the journal as read so far (``JournalReader.state``, not ``read_state``'s,
    which also counts attempts left open as unknown charges: the page tells those apart).

    ``live_run``: the id of the run going on; its ``started`` jobs are in flight, not uncertain.
    ``files``: how images are looked for in ``out`` (by default, afresh).
    """
    files = files if files is not None else Files(out)
    known = {job.id for job in jobs}
    cards = [_card(job.id, job, state.last.get(job.id), files, live_run) for job in jobs]
    cards += [_card(i, None, r, files, live_run) for i, r in state.last.items() if i not in known]
    counts = Counter(card.status for card in cards)
    never_closed = sum(
        1
        for r in state.last.values()
        if r["event"] == "started" and not (live_run and r.get("run") == live_run)
    )
    last_at = max((_text(r.get("at")) or "" for r in state.last.values()), default="") or None
    totals = Totals(
        jobs=len(cards),
        counts={status: counts.get(status, 0) for status in Status},
        charged_usd=state.charged_usd,
        unknown_charges=len(state.unknown_charges) + never_closed,
        budget_usd=state.budget_usd,
        runs=state.runs,
        as_of=last_at,
        live=live_run is not None,
        unreadable_lines=len(state.problems),
    )
    return cards, totals


# -- the page ----------------------------------------------------------------------------------------

_CSS = """
:root{color-scheme:light dark;--bg:#f6f6f4;--fg:#1b1b1b;--card:#fff;--line:#ddd;--muted:#666}
@media (prefers-color-scheme:dark){:root{--bg:#161616;--fg:#eee;--card:#222;--line:#3a3a3a;--muted:#aaa}}
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
header{padding:16px 20px;border-bottom:1px solid var(--line);background:var(--card)}
h1{font-size:20px;margin:0 0 4px}
.state{margin:0 0 10px;color:var(--muted)}
.totals{display:flex;flex-wrap:wrap;gap:6px 22px;margin:0 0 10px}
.totals div{display:flex;flex-direction:column}
.totals dt{font-size:12px;color:var(--muted)}
.totals dd{margin:0;font-size:18px;font-weight:600}
.note{margin:4px 0;color:#b25b00}
nav{display:flex;flex-wrap:wrap;gap:6px;margin-top:10px}
nav label{cursor:pointer;border:1px solid var(--line);border-radius:14px;padding:2px 10px;user-select:none}
input[name=show]{position:absolute;opacity:0;pointer-events:none}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:12px;padding:16px 20px}
.job{background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden;
content-visibility:auto;contain-intrinsic-size:auto 330px}
.thumb{display:flex;align-items:center;justify-content:center;height:200px;background:#8881}
.thumb img{width:100%;height:100%;object-fit:contain}
.thumb.none{font-size:18px;color:var(--muted)}
.meta{padding:8px 10px}
.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600;color:#fff;background:#2e7d32}
.id{font-family:ui-monospace,monospace;font-size:12px;color:var(--muted);overflow-wrap:anywhere}
.prompt{margin:6px 0 4px;display:-webkit-box;-webkit-line-clamp:4;-webkit-box-orient:vertical;overflow:hidden;
overflow-wrap:anywhere;white-space:pre-wrap}
.job:hover .prompt{-webkit-line-clamp:unset}
.facts{margin:0;font-size:12px;color:var(--muted)}
.reason{margin:6px 0 0;font-size:12px;overflow-wrap:anywhere}
.s-failed .badge{background:#c62828}.s-uncertain .badge{background:#b25b00}.s-unsaved .badge{background:#6a1b9a}
.s-missing .badge{background:#455a64}.s-running .badge{background:#1565c0}.s-not-run .badge{background:#757575}
.s-failed,.s-uncertain,.s-unsaved,.s-missing{border-color:currentColor}
"""


def _filters(totals: Totals) -> tuple[str, str, str]:
    """Radio buttons and their labels: a filter that works without script (``:checked ~ main``)."""
    shown = [("all", "all", totals.jobs)]
    attention = sum(n for status, n in totals.counts.items() if status.needs_attention)
    if attention:
        shown.append(("attention", "needs attention", attention))
    shown += [(s.value, s.label, n) for s, n in totals.counts.items() if n]
    inputs = "".join(
        f'<input type="radio" name="show" id="show-{key}"{" checked" if key == "all" else ""}>'
        for key, _, _ in shown
    )
    labels = "".join(f'<label for="show-{key}">{html.escape(label)} {n:,}</label>' for key, label, n in shown)
    rules = [
        f"#show-{key}:checked~header label[for=show-{key}]{{background:var(--fg);color:var(--bg)}}"
        for key, _, _ in shown
    ]
    rules += [f"#show-{s.value}:checked~main .job:not(.s-{s.value}){{display:none}}" for s in Status]
    rules.append("#show-attention:checked~main .job:not(.attention){display:none}")
    return inputs, labels, "\n".join(rules)


def _usd(amount: Decimal | None) -> str:
    return "—" if amount is None else f"{format(amount, 'f')} USD"


def _href(output: str) -> str:
    """A relative link to a file of OUT: every character a URL gives a meaning to is encoded."""
    return html.escape(quote(output, safe="/"), quote=True)


def _card_html(card: Card) -> str:
    esc = html.escape
    status = card.status.value
    classes = f"job s-{status}" + (" attention" if card.status.needs_attention else "")
    if card.output is not None:
        size = f' width="{card.width}" height="{card.height}"' if card.width and card.height else ""
        link = _href(card.output)
        thumb = (
            f'<a class="thumb" href="{link}"><img src="{link}" alt="{esc(card.id)}" loading="lazy" '
            f'decoding="async"{size}></a>'
        )
    else:
        thumb = f'<div class="thumb none">{esc(card.status.label)}</div>'
    facts = [
        card.operation or "?",
        f"model {card.model}" if card.model else "default model",
        f"{card.width}×{card.height}" if card.width and card.height else "size not given",
        f"seed {card.seed}" if card.seed is not None else "seed not given",
    ]
    if card.charge_usd is not None:
        facts.append(_usd(card.charge_usd))
    parts = [
        f'<article class="{classes}" id="job-{esc(card.id, quote=True)}" data-status="{status}">',
        thumb,
        f'<div class="meta"><span class="badge">{esc(card.status.label)}</span> <span class="id">{esc(card.id)}</span>',
    ]
    if card.prompt:
        parts.append(f'<p class="prompt">{esc(card.prompt)}</p>')
    parts.append(f'<p class="facts">{esc(" · ".join(facts))}</p>')
    if card.reason:
        parts.append(f'<p class="reason">{esc(card.reason)}</p>')
    parts.append("</div></article>")
    return "".join(parts)


def render(cards: Iterable[Card], totals: Totals, *, title: str) -> str:
    """The whole page, as text."""
    esc = html.escape
    done = totals.counts[Status.DONE]
    inputs, labels, rules = _filters(totals)
    figures = [("jobs", f"{totals.jobs:,}")]
    figures += [(s.label, f"{n:,}") for s, n in totals.counts.items() if n or s in ALWAYS_SHOWN]
    figures.append(("charged", _usd(totals.charged_usd)))
    if totals.budget_usd is not None:
        figures.append(("budget", _usd(totals.budget_usd)))
    figures.append(("runs", str(totals.runs)))
    notes = []
    if totals.unknown_charges:
        notes.append(
            f"{totals.unknown_charges} attempt(s) may have been billed at an amount nobody saw "
            "(not in the charged total; the budget counts them at an estimate)."
        )
    if totals.unreadable_lines:
        notes.append(f"{totals.unreadable_lines} unreadable journal line(s) were skipped.")
    when = f"journal as of {totals.as_of}" if totals.as_of else "nothing recorded yet"
    state = "a run is going on; this page is rewritten as jobs finish" if totals.live else "no run going on"
    head = (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<meta name="generator" content="{GENERATOR} {esc(__version__)}">'
        f"<title>{esc(title)}: {done:,} of {totals.jobs:,} done</title>"
        f"<style>{_CSS}{rules}</style></head><body>"
    )
    header = (
        f"{inputs}<header><h1>{esc(title)}</h1>"
        f'<p class="state">{esc(state)}; {esc(when)}</p>'
        '<dl class="totals">'
        + "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in figures)
        + "</dl>"
        + "".join(f'<p class="note">{esc(n)}</p>' for n in notes)
        + f"<nav>{labels}</nav></header>"
    )
    body = "\n".join(_card_html(card) for card in cards)
    return f"{head}{header}\n<main>\n{body}\n</main></body></html>\n"


# -- keeping the page in step with the run -------------------------------------------------------------


def _is_ours(path: Path) -> bool:
    """No page there yet, or one this module wrote (a folder, a FIFO or a link is not)."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return False
        with path.open("rb") as handle:
            head = handle.read(2048)
    except FileNotFoundError:
        return True
    return f'<meta name="generator" content="{GENERATOR}'.encode() in head


class Gallery:
    """``OUT/index.html`` for one run: drawn when the run starts, as its journal grows, and at its end.

    Made before anything is sent: a ``GalleryError`` when ``OUT/index.html`` is some other
    page (it is never overwritten). Writes go through their own ``Disk`` (the real one by
    default), so a page that cannot be written never stops the batch.
    """

    def __init__(self, out: Path, jobs: Sequence[Job], *, disk: Disk | None = None) -> None:
        self.out = out
        self.path = out / GALLERY
        if not _is_ours(self.path):
            raise GalleryError(
                f"{self.path} exists and is not a page of dezgo batch; it is left alone and nothing was "
                "sent. Move it, or pass --no-gallery (gallery=False)"
            )
        self.jobs = list(jobs)
        self.disk = disk if disk is not None else Disk()
        self.title = f"dezgo batch: {out.resolve().name or out}"
        self.writes = 0
        self.render_s = 0.0
        """How long the last page took to make (from the journal to the bytes)."""
        self._reader: JournalReader | None = None
        self._files = Files(out, remember=True)
        self._live: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._warned = False
        self._lock = threading.Lock()

    def follow(self, journal: Journal) -> None:
        """Draw the page from the journal now, then keep it in step until ``close``."""
        self._reader = JournalReader(journal.path)
        self._live = journal.run_id
        self._safely(force=True, live=True)
        self._thread = threading.Thread(target=self._loop, name="dezgo-batch-gallery", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        pause = MIN_INTERVAL_S
        while not self._stop.wait(pause):
            if not self._safely(force=False, live=True):
                return
            pause = max(MIN_INTERVAL_S, self.render_s / RENDER_SHARE)

    def _safely(self, *, force: bool, live: bool) -> bool:
        """Refresh; a bug in this view of the journal is logged, and must not touch the run."""
        try:
            self.refresh(force=force, live=live)
        except Exception:
            logger.warning("dezgo batch: could not draw %s", self.path)
            logger.debug("the gallery failed", exc_info=True)
            return False
        return True

    def refresh(self, *, force: bool = False, live: bool = True) -> bool:
        """Read what the journal gained and, if anything (or ``force``), rewrite the page."""
        with self._lock:
            if self._reader is None:
                return False
            if not self._reader.read(partial=False) and not force:
                return False
            started = time.perf_counter()
            cards, totals = cards_of(
                self.jobs,
                self._reader.state,
                self.out,
                live_run=self._live if live else None,
                files=self._files if live else None,
            )
            page = render(cards, totals, title=self.title).encode("utf-8")
            self.render_s = time.perf_counter() - started
            try:
                self.disk.write_file(self.path, page)
            except OSError as exc:
                if not self._warned:
                    self._warned = True
                    logger.warning("dezgo batch: could not write %s (%s)", self.path, exc.strerror or exc)
                return False
            self.writes += 1
            return True

    def close(self) -> None:
        """Stop following, and draw the page as the run left the journal."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._safely(force=True, live=False)
