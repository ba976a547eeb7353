"""``dezgo spec diff`` and ``dezgo spec check``: output formats and exit codes 0/1/2."""

from __future__ import annotations

import ast
import copy
import json
import subprocess
import sys

import pytest
import yaml

from dezgo._bodies import ENDPOINTS
from dezgo._spec import pinned_document_path
from dezgo.spec.check import main as check_main
from dezgo.spec.diff.cli import main as diff_main


def _resolve(document, node):
    while isinstance(node, dict) and "$ref" in node:
        target = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _sampler_enum(document) -> list:
    """text2image's sampler list, whatever the document's shape: inline, behind a ``$ref``, in
    ``allOf`` or ``anyOf`` (FastAPI writes each, by version and by optionality)."""
    content = document["paths"]["/text2image"]["post"]["requestBody"]["content"]
    body = _resolve(document, next(iter(content.values()))["schema"])
    pending = [body["properties"]["sampler"]]
    while pending:
        node = _resolve(document, pending.pop())
        if isinstance(node, dict):
            if "enum" in node:
                return node["enum"]
            pending += [*node.get("allOf", []), *node.get("anyOf", []), *node.get("oneOf", [])]
    raise AssertionError("text2image's sampler has no enum in this document")


def _narrow_sampler(document) -> None:
    """text2image (only) loses k_lms: its sampler property becomes an inline list without it, so an
    enum shared by other operations (FastAPI's enum component) stays as it was for them; a
    nullable property (pydantic v2's ``anyOf [X, null]``) stays nullable."""
    listed = [v for v in _sampler_enum(document) if v != "k_lms"]
    for media in document["paths"]["/text2image"]["post"]["requestBody"]["content"].values():
        body = _resolve(document, media["schema"])
        old = body["properties"]["sampler"]
        inline = {"type": "string", "enum": listed}
        nullable = any(option == {"type": "null"} for option in old.get("anyOf", []))
        narrowed = {"anyOf": [inline, {"type": "null"}]} if nullable else inline
        body["properties"]["sampler"] = {
            **narrowed,
            **{k: v for k, v in old.items() if k in ("default", "title")},
        }


@pytest.fixture
def specs(tmp_path):
    old = json.loads(pinned_document_path().read_bytes())  # drift is judged between documents
    new = copy.deepcopy(old)
    _narrow_sampler(new)
    new["paths"]["/text2image"]["post"]["responses"]["200"].setdefault("headers", {})["x-dezgo-new"] = {
        "schema": {"type": "string"}
    }
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new))
    (tmp_path / "same.json").write_text(json.dumps(old, indent=1))
    return tmp_path


def test_json_output_has_the_documented_shape(specs, capsys):
    code = diff_main([str(specs / "old.json"), str(specs / "new.yaml"), "--format", "json"])
    assert code == 1
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"old", "new", "summary", "changes", "warnings", "ignored"}
    assert report["warnings"] == []
    assert report["ignored"] == []
    assert set(report["summary"]) == {"breaking", "warning", "info"}
    assert report["summary"]["breaking"] == 1  # one change, though json, form and multipart all lose k_lms
    for change in report["changes"]:
        assert set(change) == {
            "id",
            "level",
            "direction",
            "operation",
            "location",
            "locations",
            "old_location",
            "new_location",
            "media_types",
            "message",
            "affects",
        }
        assert change["level"] in ("breaking", "warning", "info")
        assert change["location"] == change["locations"][0]
        for pointer in change["locations"]:
            assert pointer.startswith("/"), pointer  # RFC 6901
    breaking = [c for c in report["changes"] if c["level"] == "breaking"]
    assert {c["id"] for c in breaking} == {"request-property-enum-value-removed"}
    assert breaking[0]["operation"] == "POST /text2image"
    document = json.loads(pinned_document_path().read_bytes())
    media = sorted(document["paths"]["/text2image"]["post"]["requestBody"]["content"])
    assert breaking[0]["media_types"] == media
    assert breaking[0]["location"] == breaking[0]["locations"][0]
    assert breaking[0]["location"].endswith("/enum")
    body = _resolve(
        document, document["paths"]["/text2image"]["post"]["requestBody"]["content"][media[0]]["schema"]
    )
    if "enum" in body["properties"]["sampler"]:  # inline, as in our reconstruction: one place per media type
        first = media[0].replace("/", "~1")
        assert breaking[0]["location"] == (
            f"/paths/~1text2image/post/requestBody/content/{first}/schema/properties/sampler/enum"
        )
        assert len(breaking[0]["locations"]) == len(media)
    assert breaking[0]["new_location"] == breaking[0]["location"]
    assert breaking[0]["old_location"] == breaking[0]["location"]  # the same place in the old document
    assert breaking[0]["direction"] == "request"
    assert breaking[0]["affects"] == [
        "Dezgo.text2image",
        "AsyncDezgo.text2image",
        ENDPOINTS[("POST", "/text2image")],
    ]


@pytest.mark.parametrize(("fail_on", "code"), [("breaking", 1), ("warning", 1), ("none", 0)])
def test_fail_on(fail_on, code, specs, capsys):
    assert diff_main([str(specs / "old.json"), str(specs / "new.yaml"), "--fail-on", fail_on]) == code


def test_identical_specs_exit_0(specs, capsys):
    assert diff_main([str(specs / "old.json"), str(specs / "same.json")]) == 0
    assert "no changes" in capsys.readouterr().out


def test_text_and_markdown(specs, capsys):
    diff_main([str(specs / "old.json"), str(specs / "new.yaml")])
    out = capsys.readouterr().out
    assert "BREAKING (1)" in out
    assert "your calls to Dezgo.text2image may now fail" in out
    assert "\x1b[" not in out, "no colour when not a terminal"
    diff_main(
        [
            str(specs / "old.json"),
            str(specs / "new.yaml"),
            "--format",
            "markdown",
            "--output",
            str(specs / "r.md"),
        ]
    )
    markdown = (specs / "r.md").read_text()
    assert markdown.startswith("## Dezgo API spec changes")
    assert "| `request-property-enum-value-removed` | POST /text2image |" in markdown


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (None, "no such file"),
        ("{not json", "invalid JSON"),
        ("a: [b", "invalid YAML"),
        ('{"swagger": "2.0", "info": {}, "paths": {}}', "Swagger 2.0"),
    ],
)
def test_unreadable_input_exits_2_with_one_line(content, why, specs):
    bad = specs / "bad.json"
    if content is not None:
        bad.write_text(content)
    result = subprocess.run(
        [sys.executable, "-m", "dezgo.spec.diff.cli", str(specs / "old.json"), str(bad)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert why in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_urls_are_read_too(specs, loopback, capsys):
    payload = (specs / "same.json").read_bytes()
    loopback.set(lambda req, seen: loopback.send(req, 200, payload))
    assert diff_main([str(specs / "old.json"), f"{loopback.url}/openapi.json"]) == 0
    loopback.set(lambda req, seen: loopback.send(req, 404, b"gone"))
    assert diff_main([str(specs / "old.json"), f"{loopback.url}/openapi.json"]) == 2


def test_spec_check_against_a_changed_live_spec(specs, loopback, capsys):
    changed = json.dumps(yaml.safe_load((specs / "new.yaml").read_text())).encode()
    loopback.set(lambda req, seen: loopback.send(req, 200, changed))
    code = check_main(["--url", f"{loopback.url}/openapi.json", "--format", "json"])
    assert code == 1
    report = json.loads(capsys.readouterr().out)
    assert report["new"] == f"{loopback.url}/openapi.json"
    assert report["summary"]["breaking"] == 1
    loopback.set(lambda req, seen: loopback.send(req, 500, b"down"))
    assert check_main(["--url", f"{loopback.url}/openapi.json"]) == 2
    assert "HTTP 500" in capsys.readouterr().err


def test_dezgo_spec_diff_through_the_main_command(specs):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dezgo.cli",
            "spec",
            "diff",
            str(specs / "old.json"),
            str(specs / "new.yaml"),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert json.loads(result.stdout)["summary"]["breaking"] == 1


def test_a_diff_process_loads_neither_an_http_client_nor_the_sdk(specs):
    """Start-up stays small because the diff imports only the tooling (speed is measured by make bench-drift)."""
    code = (
        "import sys\n"
        "from dezgo.cli import main\n"
        f"main(['spec', 'diff', {str(specs / 'old.json')!r}, {str(specs / 'same.json')!r}])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('httpx', 'httpcore', 'yaml', 'dezgo'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    assert not [m for m in loaded if m.startswith(("httpx", "httpcore", "yaml"))], loaded
    assert not {"dezgo._client", "dezgo._wire", "dezgo_api"} & set(loaded), loaded


def test_the_rule_list_is_printed_from_the_registry(capsys):
    from dezgo.spec.diff import RULES

    assert diff_main(["--list-rules", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["id"] for row in rows} == set(RULES)
    assert all(row["level"] in ("breaking", "warning", "info") for row in rows)
    assert diff_main([]) == 2
    assert "--list-rules" in capsys.readouterr().err
