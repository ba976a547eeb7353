"""Property-based: random manifests (output names, duplicates, encodings, sizes, JSONL or CSV).

Every manifest with a plainly invalid row is refused before the first request, naming that
row's line; every manifest accepted runs to files inside OUT only, and a re-run makes the
same files with no new charge (the simulator's record says so).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dezgo.batch import ManifestError, load_manifest, run

ATOMS = st.sampled_from(
    [*"abcXYZ019-_ .", "é", "e\u0301", "ß", "Σ", "σ", "ς", "İ", "\u212a", "ﬁ", "日", "😀", ":"]
)
HOSTILE = st.sampled_from(["\x00", "\n", "\x7f", "\x85", "\u202e", "\\"])
SAFE_SEGMENT = st.lists(ATOMS, min_size=1, max_size=8).map("".join)
BAD_SEGMENT = st.one_of(
    st.tuples(SAFE_SEGMENT, HOSTILE, SAFE_SEGMENT).map("".join),
    st.sampled_from(["..", ".", "", "x" * 300, ".dezgo-batch.jsonl", ".Dezgo-Batch"]),
)
EXTENSION = st.sampled_from(["", ".png", ".PNG", ".jpg", ".txt"])


def _name(segments: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda parts, ext: "/".join(parts) + ext, st.lists(segments, min_size=1, max_size=3), EXTENSION
    )


SAFE_NAME = _name(st.one_of(SAFE_SEGMENT, st.sampled_from(["sub", "Sub"])))
BAD_NAME = st.builds(
    lambda safe, bad, at: "/".join([*safe.split("/")[:at], bad, *safe.split("/")[at:]]),
    SAFE_NAME,
    BAD_SEGMENT,
    st.integers(0, 2),
)


def _variant(name: str, how: str) -> str:
    if how == "upper":
        return name.upper()
    if how == "nfd":
        return unicodedata.normalize("NFD", name)
    return name


@st.composite
def manifests(draw):
    names = draw(st.lists(st.one_of(st.none(), SAFE_NAME), min_size=1, max_size=5))
    trouble = draw(st.sampled_from(["none", "none", "bad name", "duplicate"]))
    if trouble == "bad name":
        names.insert(draw(st.integers(0, len(names))), draw(BAD_NAME))
    elif trouble == "duplicate" and any(names):
        source = draw(st.sampled_from([n for n in names if n]))
        names.insert(
            draw(st.integers(0, len(names))),
            _variant(source, draw(st.sampled_from(["same", "upper", "nfd"]))),
        )
    rows = []
    for i, name in enumerate(names):
        noise = draw(st.lists(ATOMS, max_size=5).map("".join))
        row = {"id": f"r{i}", "prompt": f"property {i} {noise!r}", "seed": 7}
        row["width"] = row["height"] = 320
        if name is not None:
            row["output"] = name
        rows.append(row)
    return rows, draw(st.sampled_from(["jsonl", "jsonl-bom", "csv"]))


def _write(folder: Path, rows: list[dict], form: str) -> Path:
    if form == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=["id", "prompt", "seed", "width", "height", "output"])
        writer.writeheader()
        writer.writerows(rows)
        path = folder / "m.csv"
        path.write_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"))
        return path
    text = "".join(json.dumps(r) + "\n" for r in rows)
    path = folder / "m.jsonl"
    path.write_bytes(("\ufeff" if form == "jsonl-bom" else "").encode() + text.encode())
    return path


def _final(name: str) -> str:
    return name if Path(name).suffix else name + ".png"


def _plainly_invalid(rows: list[dict]) -> set[str]:
    """Rows any reader would call invalid, decided without the SDK's code."""
    bad: set[str] = set()
    seen: dict[str, str] = {}
    for row in rows:
        name = row.get("output") or row["id"]  # an empty output means "not given", as in CSV
        segments = name.split("/")
        if (
            any(unicodedata.category(c) == "Cc" for c in name)
            or "\u202e" in name
            or "\\" in name
            or any(s in ("", ".", "..") for s in segments)
            or any(len(s.encode()) > 255 for s in segments)
            or segments[0].casefold().startswith(".dezgo-batch")
        ):
            bad.add(row["id"])
            continue
        key = unicodedata.normalize("NFC", _final(name)).casefold()
        if key in seen:
            bad.add(row["id"])
        seen.setdefault(key, row["id"])
    return bad


def _files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=manifests())
def test_random_manifests_are_refused_before_any_request_or_run_to_the_same_files_twice(case, session_sim):
    rows, form = case
    sim = session_sim
    sim.reset()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        manifest = _write(root, rows, form)
        out = root / "out"
        invalid = _plainly_invalid(rows)
        try:
            jobs, _ = load_manifest(manifest, out_dir=out)
        except ManifestError as refused:
            lines = [line for line, _ in refused.problems]
            assert all(line >= 1 for line in lines)
            with pytest.raises(ManifestError):
                run(manifest, out, api_key=sim.api_key, base_url=sim.url)
            assert sim.requests == {}, "refused before the first request"
            assert not out.exists()
            event("refused")
            return
        event("accepted and run")
        assert not invalid, f"accepted rows any reader calls invalid: {invalid}"
        assert len(jobs) == len(rows)

        first = run(manifest, out, api_key=sim.api_key, base_url=sim.url)
        assert (first.done, first.exit_code) == (len(rows), 0)
        files = _files(root)
        outside = {f for f in files if not f.startswith("out/")}
        assert outside == {manifest.name}, "nothing written outside OUT"
        assert "out/index.html" in files, "the gallery"
        assert len(files) == len(rows) + 3, "one file per row, plus the journal, the gallery and the manifest"
        billed = len(sim.charges)

        second = run(manifest, out, api_key=sim.api_key, base_url=sim.url)
        assert (second.skipped, second.done) == (len(rows), 0)
        assert len(sim.charges) == billed, "no new charge"
        records = (".jsonl", "index.html")  # the journal, and the page drawn from it, grow with each run
        assert {k: v for k, v in _files(root).items() if not k.endswith(records)} == {
            k: v for k, v in files.items() if not k.endswith(records)
        }, "the same files"


@settings(max_examples=100, deadline=None)
@given(case=manifests())
def test_a_row_any_reader_calls_invalid_is_always_refused_with_its_line(case):
    rows, form = case
    invalid = _plainly_invalid(rows)
    with tempfile.TemporaryDirectory() as tmp:
        manifest = _write(Path(tmp), rows, form)
        try:
            jobs, problems = load_manifest(manifest, out_dir=Path(tmp) / "out", skip_invalid=True)
        except ManifestError:
            return  # the file as a whole (CSV with a NUL) was refused: nothing runs
    accepted = {job.id for job in jobs}
    assert not (accepted & invalid), json.dumps([r.get("output") for r in rows])
    if form != "csv":  # CSV rows may span lines (quoted newlines); JSONL rows are one line each
        assert {rows[line - 1]["id"] for line, _ in problems} >= invalid
