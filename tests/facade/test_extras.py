"""``extra_body``, ``extra_headers``, ``extra_query``: what a call sends beyond the pinned spec.

Judged by what a real socket on 127.0.0.1 received, and by the simulator (a FastAPI-shaped
service ignores fields it does not know, as the real one would).
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from dezgo import AsyncDezgo, Dezgo
from dezgo._constants import MEDIA_TYPES
from dezgo._spec import pinned_operations
from dezgo.errors import InvalidRequestError

KEY = "EXTRAS-TEST-KEY-" + "7" * 16
OPS = {op.name: op for op in pinned_operations()}
NAMES = {media: name for name, media in MEDIA_TYPES.items()}


def _encodings(op: str) -> list[str]:
    """The encodings the pinned document lets ``op`` send (FastAPI's Form()/File() declare one)."""
    return [NAMES[m] for m in OPS[op].request_media_types]


def _images(loopback, png) -> None:
    loopback.set(lambda request, seen: loopback.send(request, 200, png, {"Content-Type": "image/png"}))


def _query(seen) -> dict[str, list[str]]:
    return parse_qs(urlsplit(seen.path).query)


@pytest.mark.skipif("json" not in _encodings("text2image"), reason="text2image takes no JSON body here")
def test_json_extras_arrive_as_json_values_with_headers_and_query(loopback, png):
    _images(loopback, png)
    with Dezgo(api_key=KEY, base_url=loopback.url, max_retries=0) as client:
        image = client.text2image(
            prompt="a fox",
            extra_body={"new_field": 3, "nested": {"a": [1, 2.5, None]}, "flag": False},
            extra_headers={"X-Trace-Id": "t-1", "User-Agent": "my-app/2"},
            extra_query={"beta": "yes", "ids": [1, 2]},
        )
    assert image.data == png
    seen = loopback.seen[-1]
    assert seen.fields() == {
        "prompt": "a fox",
        "new_field": 3,
        "nested": {"a": [1, 2.5, None]},
        "flag": False,
    }
    assert seen.headers["x-trace-id"] == "t-1"
    assert seen.headers["user-agent"] == "my-app/2", "an extra header is over the client's defaults"
    assert seen.headers["x-dezgo-key"] == KEY
    assert seen.media_type == "application/json"
    assert _query(seen) == {"beta": ["yes"], "ids": ["1", "2"]}


@pytest.mark.skipif("form" not in _encodings("text2image"), reason="text2image takes no form body here")
def test_form_extras_are_encoded_as_a_form_encodes_its_own(loopback, png):
    _images(loopback, png)
    with Dezgo(api_key=KEY, base_url=loopback.url, max_retries=0) as client:
        client.text2image(
            prompt="x",
            encoding="form",
            extra_body={"flag": True, "n": 2, "tags": ["a", "b"], "opts": {"k": 1}, "skipped": None},
        )
    seen = loopback.seen[-1]
    assert seen.media_type == "application/x-www-form-urlencoded"
    form = parse_qs(seen.body.decode())
    assert form["flag"] == ["true"]
    assert form["n"] == ["2"]
    assert form["tags"] == ["a", "b"], "a list is the field repeated"
    assert form["opts"] == ['{"k":1}']
    assert "skipped" not in form


@pytest.mark.parametrize("encoding", _encodings("image2image"))
def test_a_file_extra_is_a_file_part_in_multipart_and_base64_in_json(loopback, png, images, encoding):
    _images(loopback, png)
    mask = images("PNG", (8, 8))
    with Dezgo(api_key=KEY, base_url=loopback.url, max_retries=0) as client:
        client.image2image(prompt="x", init_image=png, encoding=encoding, extra_body={"new_mask": mask})
    seen = loopback.seen[-1]
    if encoding == "multipart":
        assert seen.fields()["new_mask"] == mask
        assert b'filename="new_mask.png"' in seen.body
    else:  # base64 text, in JSON streamed while it is sent
        assert seen.fields()["new_mask"] == base64.b64encode(mask).decode()
        assert seen.fields()["init_image"] == base64.b64encode(png).decode()
        assert int(seen.headers["content-length"]) == len(seen.body)


def test_the_async_client_sends_the_same_extras(loopback, png):
    _images(loopback, png)

    async def go() -> None:
        async with AsyncDezgo(api_key=KEY, base_url=loopback.url, max_retries=0) as client:
            await client.text2image(prompt="x", extra_body={"new_field": "v"}, extra_query={"q": "1"})

    asyncio.run(go())
    seen = loopback.seen[-1]
    assert seen.fields()["new_field"] == "v"
    assert _query(seen) == {"q": ["1"]}


@pytest.mark.parametrize(
    ("extras", "field", "words"),
    [
        ({"extra_headers": {"X-Dezgo-Key": "other"}}, "extra_headers", "cannot be set here"),
        ({"extra_headers": {"content-type": "text/plain"}}, "extra_headers", "cannot be set here"),
        ({"extra_headers": {"X-A": "one\r\nX-B: two"}}, "extra_headers", "one line"),
        ({"extra_headers": {"bad name": "v"}}, "extra_headers", "not a header name"),
        ({"extra_body": {"prompt": "again"}}, "extra_body['prompt']", "also passed as an argument"),
        ({"extra_body": {"x": float("nan")}}, "extra_body['x']", "finite number"),
        ({"extra_body": {"x": "a\x00b"}}, "extra_body['x']", "NUL"),
        ({"extra_body": {"x": object()}}, "extra_body['x']", "cannot be sent"),
        ({"extra_body": ["not", "a", "mapping"]}, "extra_body", "must be a mapping"),
        ({"extra_query": {"q": {"nested": 1}}}, "extra_query['q']", "must be text"),
    ],
)
def test_bad_extras_are_refused_before_anything_is_sent(loopback, png, extras, field, words):
    _images(loopback, png)
    with (
        Dezgo(api_key=KEY, base_url=loopback.url, max_retries=0) as client,
        pytest.raises(InvalidRequestError, match=words) as caught,
    ):
        client.text2image(prompt="x", **extras)
    assert caught.value.field == field
    assert loopback.seen == []


def test_an_operation_without_a_body_takes_no_extra_body(loopback):
    with Dezgo(api_key=KEY, base_url=loopback.url, max_retries=0) as client:
        with pytest.raises(InvalidRequestError, match="takes no request body"):
            client.prepare_call("info", {}, client.default_options(), extra_body={"x": 1})
        with pytest.raises(TypeError):
            client.info(extra_body={"x": 1})  # type: ignore[call-arg]
    assert loopback.seen == []


def test_extras_take_part_in_the_price_key(loopback):
    with Dezgo(api_key=KEY, base_url=loopback.url, max_retries=0) as client:

        def key(**extras):
            return client.prepare_call(
                "text2image", {"prompt": "x"}, client.default_options(), **extras
            ).price_key

        assert key() != key(extra_body={"hires": True})
        assert key(extra_body={"hires": True}) != key(extra_body={"hires": False})
        assert key(extra_query={"hires": "1"}) != key(extra_body={"hires": "1"})
        assert key(extra_headers={"X-Trace-Id": "a"}) == key(extra_headers={"X-Trace-Id": "b"}) == key()


def test_extras_are_never_logged(loopback, png, caplog):
    """By the SDK's loggers; httpx's own INFO line prints the URL, query included (the docs say so)."""
    _images(loopback, png)
    caplog.set_level(logging.DEBUG, logger="dezgo")
    with Dezgo(api_key=KEY, base_url=loopback.url, max_retries=0) as client:
        client.text2image(
            prompt="x",
            extra_body={"private": "body-secret-1"},
            extra_headers={"X-Private": "header-secret-2"},
            extra_query={"private": "query-secret-3"},
        )
    assert loopback.seen[-1].headers["x-private"] == "header-secret-2"
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("dezgo"))
    assert "text2image" in ours
    for secret in ("body-secret-1", "header-secret-2", "query-secret-3", KEY):
        assert secret not in ours


def test_the_simulator_takes_a_field_the_pin_does_not_know(sim):
    with Dezgo(api_key=sim.api_key, base_url=sim.url, max_retries=0) as client:
        for encoding in _encodings("text2image"):
            image = client.text2image(prompt="x", encoding=encoding, extra_body={"not_in_the_pin": 1})
            assert image.charge is not None
            assert image.charge.charged
    assert len(sim.charges) == len(_encodings("text2image"))


def test_a_batch_row_sends_its_extras_and_they_set_its_id(tmp_path, loopback, png):
    from dezgo.batch import ManifestError, load_manifest, run

    _images(loopback, png)
    manifest = tmp_path / "m.jsonl"
    rows = [
        {"id": "a", "prompt": "x", "extra_body": {"hires": True}, "extra_headers": {"X-Trace-Id": "row-a"}},
        {"prompt": "x", "extra_query": {"beta": "1"}},
        {"prompt": "x"},
    ]
    manifest.write_text("".join(json.dumps(row) + "\n" for row in rows))
    jobs, _ = load_manifest(manifest)
    assert len({job.id for job in jobs}) == 3, "extras are part of what a row says"
    csv_manifest = tmp_path / "m.csv"
    csv_manifest.write_text('prompt,extra_body\nx,"{""hires"": true}"\n')
    assert load_manifest(csv_manifest)[0][0].extras.body == {"hires": True}
    summary = run(manifest, tmp_path / "out", api_key=KEY, base_url=loopback.url)
    assert summary.done == 3
    by_trace = {seen.headers.get("x-trace-id"): seen for seen in loopback.seen}
    json_body = by_trace["row-a"].media_type == "application/json"
    assert by_trace["row-a"].fields() == {"prompt": "x", "hires": True if json_body else "true"}
    assert any(_query(seen) == {"beta": ["1"]} for seen in loopback.seen)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"prompt": "x", "extra_body": {"prompt": "y"}}) + "\n")
    with pytest.raises(ManifestError, match="also passed as an argument"):
        run(bad, tmp_path / "out2", api_key=KEY, base_url=loopback.url)


def _dezgo(loopback, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEZGO_API_KEY": KEY, "DEZGO_BASE_URL": loopback.url, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "dezgo.cli", *args], env=env, capture_output=True, text=True, timeout=60
    )


def test_the_command_line_sends_extras(loopback, png, tmp_path):
    _images(loopback, png)
    (tmp_path / "mask.png").write_bytes(png)
    offered = _encodings("text2image")
    choice = ["--encoding", "multipart"] if "multipart" in offered and len(offered) > 1 else []
    done = _dezgo(
        loopback,
        "text2image",
        "a fox",
        "-o",
        str(tmp_path / "fox.png"),
        *choice,
        "--extra",
        "style=watercolour",
        "--extra",
        "hires:=true",
        "--extra",
        f"new_mask@{tmp_path / 'mask.png'}",
        "--extra-header",
        "X-Trace-Id: cli-1",
        "--extra-query",
        "ids=1",
        "--extra-query",
        "ids=2",
    )
    assert done.returncode == 0, done.stderr
    seen = loopback.seen[-1]
    fields = seen.fields()
    mask = png if seen.media_type == "multipart/form-data" else base64.b64encode(png).decode()
    if seen.media_type == "application/json":
        assert (fields["style"], fields["hires"], fields["new_mask"]) == ("watercolour", True, mask)
    else:
        assert (fields["style"], fields["hires"], fields["new_mask"]) == ("watercolour", "true", mask)
    assert seen.headers["x-trace-id"] == "cli-1"
    assert _query(seen) == {"ids": ["1", "2"]}
    for bad, words in (
        (["--extra", "nothing"], "FIELD=TEXT"),
        (["--extra", "x:={no"], "not a JSON value"),
        (["--extra-header", "X-Dezgo-Key: k"], "cannot be set here"),
        (["--extra", "prompt=again"], "also passed as an argument"),
    ):
        refused = _dezgo(loopback, "text2image", "a fox", "-o", str(tmp_path / "no.png"), *bad)
        assert refused.returncode == 2, refused.stderr
        assert words in refused.stderr
        assert KEY not in refused.stderr + refused.stdout
    assert len(loopback.seen) == 1, "nothing was sent for a refused command"
