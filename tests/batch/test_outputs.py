"""Output names are checked with the manifest, before anything is sent, and resume finds them again."""

from __future__ import annotations

import json
import os
import unicodedata

import pytest

from dezgo.batch import ManifestError, load_manifest, run
from dezgo.batch.outputs import TEMP_OVERHEAD


def test_outputs_in_subfolders_are_not_billed_again_on_a_rerun(tmp_path, sim, kit):
    items = kit.rows(6)
    for i, row in enumerate(items):
        row["output"] = f"sub/n{i}.png" if i % 2 else f"sub/deeper/n{i}"
    manifest = kit.write_rows(tmp_path / "m.jsonl", items)
    out = tmp_path / "out"
    first = run(manifest, out, api_key=sim.api_key, base_url=sim.url)
    assert first.done == 6
    billed = len(sim.charges)
    second = run(manifest, out, api_key=sim.api_key, base_url=sim.url)
    assert (second.skipped, second.done) == (6, 0)
    assert len(sim.charges) == billed, "nothing billed again"
    done = {r["id"]: r["output"] for r in kit.journal(out) if r["event"] == "done"}
    assert done == {
        row["id"]: row["output"] if row["output"].endswith(".png") else row["output"] + ".png"
        for row in items
    }, "the journal holds the path relative to OUT, exactly what resume checks"
    assert all((out / path).is_file() for path in done.values())


HOSTILE = {
    "../escape.png": "'..'",
    "a/../../escape.png": "'..'",
    "/tmp/absolute.png": "absolute",
    ".dezgo-batch.jsonl": "reserved",
    ".DEZGO-BATCH.JSONL": "reserved",
    "a\x00b.png": "control character",
    "new\nline.png": "control character",
    "tab\t.png": "control character",
    "\u202egnp.exe": "bidirectional",
    "x" * 300: "long",
    "a//b.png": "empty",
    "./a.png": "'.'",
    "folder/": "empty",
    "back\\slash.png": "backslash",
    "C:stream.png": "absolute",
}


@pytest.mark.parametrize("name", list(HOSTILE), ids=[ascii(n)[:24] for n in HOSTILE])
def test_a_hostile_output_name_is_refused_before_anything_is_sent(tmp_path, sim, kit, name):
    items = kit.rows(3)
    items[1]["output"] = name
    manifest = kit.write_rows(tmp_path / "m.jsonl", items)
    before = set(tmp_path.parent.iterdir())
    with pytest.raises(ManifestError) as caught:
        run(manifest, tmp_path / "out", api_key=sim.api_key, base_url=sim.url)
    assert [line for line, _ in caught.value.problems] == [2]
    assert HOSTILE[name] in caught.value.problems[0][1]
    assert sim.requests == {}, "nothing was sent"
    assert set(tmp_path.parent.iterdir()) == before, "nothing written next to the test folder"
    assert not (tmp_path / "out" / ".dezgo-batch.jsonl").exists()


def test_an_output_that_is_not_a_string_is_refused(tmp_path, kit):
    items = kit.rows(2)
    items[0]["output"] = 7
    with pytest.raises(ManifestError, match="line 1: output 7: must be a string"):
        load_manifest(kit.write_rows(tmp_path / "m.jsonl", items))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("cats/A.png", "cats/a.png"),
        ("Cats/a.png", "cats/a.PNG"),
        ("cat", "cat.png"),
        ("cat.jpg", "cat"),
        ("x.png", "x.png/y.png"),
        ("d.png/e.png", "d"),
        (unicodedata.normalize("NFC", "caf\u00e9.png"), unicodedata.normalize("NFD", "caf\u00e9.png")),
        # NTFS and exFAT upper-case each UTF-16 unit by their table: the dotless i is I there,
        # which casefold() leaves alone (it folds I to i, and ı to itself).
        ("f\u0131le.png", "FILE.png"),
        ("f\u0131le.png", "file.png"),
        ("d\u0131r/a.png", "DIR/a.png"),
        ("\u0131", "I.png"),
        # HFS+ ignores these when it compares names (Apple's TN1150).
        ("a\u200db.png", "ab.png"),
        ("\ufeffcat.png", "cat.png"),
        ("a\u200cb.png", "ab.png"),
        # Windows drops trailing dots and spaces from every component of a path.
        ("cat.png. ", "cat.png"),
        ("cat.png ", "cat.png"),
        ("dir./a.png", "dir/a.png"),
        ("dir /a.png", "DIR/a.png"),
    ],
)
def test_two_rows_writing_the_same_file_are_refused_ignoring_case(tmp_path, kit, first, second):
    items = kit.rows(3)
    items[0]["output"], items[2]["output"] = first, second
    with pytest.raises(ManifestError) as caught:
        load_manifest(kit.write_rows(tmp_path / "m.jsonl", items), out_dir=tmp_path / "out")
    assert [line for line, _ in caught.value.problems] == [3]
    assert "line 1" in caught.value.problems[0][1]


def _simple_uppercase(char: str) -> str:
    """The one-character upper case of ``char`` (what an upcase table holds), else ``char``."""
    upper = char.upper()
    return upper if len(upper) == 1 else char


def test_every_letter_collides_with_its_upper_case_and_its_case_fold():
    """Exhaustive over the letters of the BMP: a name collides with the same name upper-cased one
    UTF-16 unit at a time (NTFS, exFAT) and with its full case fold (APFS, ext4's casefold)."""
    from dezgo.batch.outputs import OutputChecker

    missed = []
    for point in range(0x10000):
        char = chr(point)
        if not unicodedata.category(char).startswith("L") or "\ud800" <= char <= "\udfff":
            continue
        for twin in {_simple_uppercase(char), char.casefold()} - {char}:
            checker = OutputChecker(None)
            checker.check(1, f"x{char}.png")
            if checker.check(2, f"x{twin}.png") is None:
                missed.append(f"U+{point:04X} {twin!a}")
    assert missed == []


def test_names_that_only_look_alike_to_people_are_still_distinct(tmp_path, kit):
    items = kit.rows(4)
    names = ["\u0131.png", "i\u0307.png", "\uff41.png", "a.png"]  # dotless i, i + dot above, fullwidth a
    for row, name in zip(items, names, strict=True):
        row["output"] = name
    jobs, _ = load_manifest(kit.write_rows(tmp_path / "m.jsonl", items), out_dir=tmp_path / "out")
    assert [j.output for j in jobs] == names


def test_an_id_used_as_the_output_name_collides_too(tmp_path, kit):
    items = kit.rows(2)
    items[0]["id"], items[1]["output"] = "Cat", "cat"
    with pytest.raises(ManifestError, match="line 2"):
        load_manifest(kit.write_rows(tmp_path / "m.jsonl", items))


def test_distinct_files_that_only_look_alike_are_accepted(tmp_path, kit):
    items = kit.rows(4)
    for row, name in zip(items, ["cat.png", "cat.jpeg", "cat/1.png", "cat.txt"], strict=True):
        row["output"] = name
    jobs, _ = load_manifest(kit.write_rows(tmp_path / "m.jsonl", items), out_dir=tmp_path / "out")
    assert [j.output for j in jobs] == ["cat.png", "cat.jpeg", "cat/1.png", "cat.txt"]


def test_outputs_must_stay_inside_out_once_links_are_followed(tmp_path, sim, kit):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "link").symlink_to(elsewhere)
    (out / "inside").mkdir()
    (out / "ok").symlink_to(out / "inside")
    items = kit.rows(3)
    items[0]["output"], items[1]["output"], items[2]["output"] = "link/a.png", "ok/b.png", "c"
    manifest = kit.write_rows(tmp_path / "m.jsonl", items)
    with pytest.raises(ManifestError) as caught:
        run(manifest, out, api_key=sim.api_key, base_url=sim.url)
    assert caught.value.problems == [
        (1, "output 'link/a.png': goes through 'link', a symbolic link that leads outside OUT")
    ]
    summary = run(manifest, out, api_key=sim.api_key, base_url=sim.url, skip_invalid=True)
    assert summary.done == 2
    assert (out / "inside" / "b.png").is_file()
    assert list(elsewhere.iterdir()) == []


def test_outputs_through_a_file_onto_a_folder_or_a_fifo_are_refused(tmp_path, sim, kit):
    out = tmp_path / "out"
    out.mkdir()
    (out / "plain").write_text("a file")
    (out / "folder.png").mkdir()
    os.mkfifo(out / "pipe.png")
    items = kit.rows(3)
    items[0]["output"], items[1]["output"], items[2]["output"] = "plain/a.png", "folder.png", "pipe.png"
    with pytest.raises(ManifestError) as caught:
        run(kit.write_rows(tmp_path / "m.jsonl", items), out, api_key=sim.api_key, base_url=sim.url)
    reasons = dict(caught.value.problems)
    assert "a file, not a folder" in reasons[1]
    assert "existing folder" in reasons[2]
    assert "not a regular file" in reasons[3]
    assert sim.requests == {}


def test_outputs_may_not_overwrite_the_report_the_manifest_or_an_input_image(tmp_path, kit, images):
    (tmp_path / "in.png").write_bytes(images("PNG"))
    items = [
        {"id": "a", "prompt": "x", "output": "report.json"},
        {"id": "b", "prompt": "x", "output": "m.jsonl"},
        {"id": "c", "operation": "upscale", "image": "in.png"},
        {"id": "d", "prompt": "x", "output": "in.png"},
    ]
    manifest = kit.write_rows(tmp_path / "m.jsonl", items)
    with pytest.raises(ManifestError) as caught:
        load_manifest(manifest, out_dir=tmp_path, reserved=[tmp_path / "report.json"])
    assert [line for line, _ in caught.value.problems] == [1, 2, 4]
    assert all("would overwrite" in reason for _, reason in caught.value.problems)


def test_the_longest_accepted_name_is_written_and_one_byte_more_is_refused(tmp_path, sim, kit):
    out = tmp_path / "out"
    out.mkdir()
    limit = os.pathconf(out, "PC_NAME_MAX") - TEMP_OVERHEAD
    longest = "é" * ((limit - 4) // 2) + "a" * ((limit - 4) % 2) + ".png"
    assert len(longest.encode()) == limit
    items = kit.rows(2)
    items[0]["output"], items[1]["output"] = longest, "b" * (limit - 3) + ".png"
    manifest = kit.write_rows(tmp_path / "m.jsonl", items)
    with pytest.raises(ManifestError) as caught:
        run(manifest, out, api_key=sim.api_key, base_url=sim.url)
    assert [line for line, _ in caught.value.problems] == [2]
    summary = run(manifest, out, api_key=sim.api_key, base_url=sim.url, skip_invalid=True)
    assert summary.done == 1
    assert (out / longest).is_file(), "a name at the limit really fits, temporary name included"


def test_an_extensionless_name_leaves_room_for_the_extension(tmp_path, kit):
    out = tmp_path / "out"
    out.mkdir()
    limit = os.pathconf(out, "PC_NAME_MAX") - TEMP_OVERHEAD
    items = kit.rows(2)
    items[0]["output"] = "n" * (limit - 5)  # + ".webp" fits exactly
    items[1]["output"] = "m" * (limit - 4)  # + ".webp" would not
    with pytest.raises(ManifestError) as caught:
        load_manifest(kit.write_rows(tmp_path / "m.jsonl", items), out_dir=out)
    assert [line for line, _ in caught.value.problems] == [2]


def test_ids_that_would_name_files_badly_are_refused(tmp_path, kit):
    items = kit.rows(4)
    items[0]["id"], items[1]["id"], items[2]["id"], items[3]["id"] = "..", "a/b", "x" * 201, "ok.1"
    with pytest.raises(ManifestError) as caught:
        load_manifest(kit.write_rows(tmp_path / "m.jsonl", items))
    assert [line for line, _ in caught.value.problems] == [1, 2, 3]


# -- the manifest file itself ---------------------------------------------------------------------


def test_a_fifo_as_the_manifest_is_refused_instead_of_blocking(tmp_path):
    os.mkfifo(tmp_path / "m.jsonl")
    with pytest.raises(ManifestError, match="not a regular file"):
        load_manifest(tmp_path / "m.jsonl")


def test_encodings_and_unreadable_lines_are_reported_with_their_line(tmp_path):
    path = tmp_path / "m.jsonl"
    good = json.dumps({"id": "a", "prompt": "x"}).encode()
    path.write_bytes(
        b"\xef\xbb\xbf"
        + good
        + b"\n"
        + b'{"id": "b", "prompt": "caf\xe9"}\n'
        + b"[1]\n"
        + b"[" * 200_000
        + b"\n"
    )
    with pytest.raises(ManifestError) as caught:
        load_manifest(path)
    assert [line for line, _ in caught.value.problems] == [2, 3, 4]
    assert "not UTF-8" in caught.value.problems[0][1]
    path.write_bytes("\n".join([json.dumps({"prompt": "x"})] * 2).encode("utf-16"))
    with pytest.raises(ManifestError, match="UTF-16; save it as UTF-8"):
        load_manifest(path)


def test_a_huge_line_is_refused_without_reading_it_whole(tmp_path):
    path = tmp_path / "m.jsonl"
    with path.open("wb") as handle:
        handle.write(json.dumps({"id": "a", "prompt": "x"}).encode() + b"\n")
        handle.write(b'{"prompt": "' + b"x" * (3 * 1024 * 1024) + b'"}\n')
        handle.write(json.dumps({"id": "c", "prompt": "y"}).encode() + b"\n")
    jobs, invalid = load_manifest(path, skip_invalid=True)
    assert [j.id for j in jobs] == ["a", "c"]
    assert invalid == [(2, "longer than 1048576 bytes")]


def test_csv_problems_keep_their_line_numbers(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(b'id,prompt,output\na,"two\nlines",a.png\nb,caf\xe9,b.png\nc,x,../c.png\nd,x,d.png\n')
    jobs, invalid = load_manifest(path, skip_invalid=True)
    assert [j.id for j in jobs] == ["a", "d"]
    assert [line for line, _ in invalid] == [4, 5]


def test_input_images_must_be_regular_files(tmp_path, kit):
    os.mkfifo(tmp_path / "pipe.png")
    items = [{"id": "a", "operation": "upscale", "image": "pipe.png"}]
    with pytest.raises(ManifestError, match="not a regular file"):
        load_manifest(kit.write_rows(tmp_path / "m.jsonl", items))


# -- what the output's extension says, and what else the library's check says --------------------


def test_an_output_extension_sets_the_format_and_a_contradiction_is_refused(tmp_path, sim, kit):
    items = kit.rows(3)
    items[0]["output"] = "a.jpg"
    items[1]["output"], items[1]["format"] = "b.webp", "webp"
    items[2]["output"], items[2]["format"] = "c.png", "jpg"
    manifest = kit.write_rows(tmp_path / "m.jsonl", items)
    with pytest.raises(ManifestError) as caught:
        run(manifest, tmp_path / "out", api_key=sim.api_key, base_url=sim.url)
    assert [line for line, _ in caught.value.problems] == [3]
    assert "names a PNG file but format 'jpg'" in caught.value.problems[0][1]
    assert sim.requests == {}
    summary = run(manifest, tmp_path / "out", api_key=sim.api_key, base_url=sim.url, skip_invalid=True)
    assert summary.done == 2
    assert (tmp_path / "out" / "a.jpg").read_bytes()[:3] == b"\xff\xd8\xff", "JPEG bytes under .jpg"
    assert (tmp_path / "out" / "b.webp").read_bytes()[8:12] == b"WEBP"


def test_the_id_of_a_row_without_one_hashes_the_row_as_written(tmp_path):
    """Journals find their jobs again across versions: what is derived (the format) is not hashed."""
    import hashlib

    (tmp_path / "m.jsonl").write_text(json.dumps({"prompt": "x", "output": "a.jpg"}) + "\n")
    jobs, _ = load_manifest(tmp_path / "m.jsonl")
    row = {"operation": "text2image", "arguments": {"prompt": "x"}, "output": "a.jpg"}
    assert jobs[0].id == hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()[:16]
    assert jobs[0].arguments["format"] == "jpg"


@pytest.mark.reconstruction  # a guess (L/G) exists only in our reconstruction
def test_weak_evidence_limits_warn_and_strict_refuses_them(tmp_path, kit):
    items = kit.rows(1, sampler="not-a-sampler")
    manifest = kit.write_rows(tmp_path / "m.jsonl", items)
    with pytest.warns(Warning, match="sampler"):
        jobs, _ = load_manifest(manifest)
    assert len(jobs) == 1
    with pytest.raises(ManifestError, match="sampler"):
        load_manifest(manifest, strict=True)


def test_an_input_image_over_the_sdk_limit_is_refused_before_reading_it(tmp_path, kit, images):
    from dezgo.images import MAX_IMAGE_BYTES

    big = tmp_path / "big.png"
    with big.open("wb") as handle:
        handle.write(images("PNG"))
        handle.truncate(MAX_IMAGE_BYTES + 1)  # sparse: nothing is really written
    items = [{"id": "a", "operation": "upscale", "image": "big.png"}]
    with pytest.raises(ManifestError, match="larger than 50 MiB"):
        load_manifest(kit.write_rows(tmp_path / "m.jsonl", items))
