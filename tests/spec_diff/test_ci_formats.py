"""CI formats (issue #25, item 3): GitHub annotations on the new document's lines, and JUnit XML."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml

from dezgo.spec.diff.cli import main as diff_main

OLD = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /gen:
    post:
      parameters:
        - name: mode
          in: query
          schema:
            type: string
            enum: [fast, slow]
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Body'
      responses:
        '200': {description: ok}
  /old:
    get:
      responses:
        '200': {description: ok}
components:
  schemas:
    Body:
      type: object
      properties:
        sampler:
          type: string
          enum: [a, b]
"""


def _new() -> str:
    doc = yaml.safe_load(OLD)
    doc["paths"]["/gen"]["post"]["parameters"][0]["schema"]["enum"] = ["fast"]
    doc["components"]["schemas"]["Body"]["properties"]["sampler"]["enum"] = ["a"]
    del doc["paths"]["/old"]
    doc["paths"]["/gen"]["post"]["responses"]["201"] = {"description": "created"}
    return yaml.safe_dump(doc, sort_keys=False)


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, list[str]]:
    monkeypatch.chdir(tmp_path)  # GitHub wants paths relative to the workspace
    Path("specs").mkdir()
    Path("specs/old.yaml").write_text(OLD)
    new = _new()
    Path("specs/new.yaml").write_text(new)
    return "specs/old.yaml", "specs/new.yaml", new.splitlines()


def _annotations(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = diff_main([*argv, "--format", "github"])
    return code, capsys.readouterr().out.splitlines()


def _params(annotation: str) -> dict[str, str]:
    params = annotation.split("::")[1].split(" ", 1)[1]
    return dict(p.split("=", 1) for p in params.split(","))


def _line(annotation: str) -> int:
    return int(_params(annotation)["line"])


def test_one_annotation_per_change_on_its_line_of_the_new_document(pair, capsys):
    old, new, lines = pair
    code, annotations = _annotations(capsys, old, new)
    assert code == 1
    by_rule = {_params(a)["title"]: a for a in annotations}
    enum = [a for a in annotations if "enum value" in a]
    assert len(enum) == 2
    for annotation in enum:
        assert annotation.startswith("::error file=specs/new.yaml,line=")
        assert lines[_line(annotation) - 1].strip().startswith("enum:")
    parameter = next(a for a in enum if "parameter 'mode'" in a)
    body = next(a for a in enum if "body.sampler" in a)
    assert _line(parameter) < _line(body), "the body's enum is annotated in the component it lives in"
    assert "components" not in lines[_line(parameter) - 1]
    # a removed path: annotated where the paths are, in the new document
    removed = by_rule["api-path-removed-without-deprecation"]
    assert removed.startswith("::error ")
    assert lines[_line(removed) - 1].startswith("paths:")
    assert "::GET /old: GET /old was removed" in removed
    status = by_rule["response-success-status-added"]
    assert lines[_line(status) - 1].strip().startswith("'201'")


def test_warnings_and_info_are_warning_and_notice_annotations(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = yaml.safe_load(OLD)
    Path("a.yaml").write_text(OLD)
    doc["paths"]["/new"] = {"get": {"responses": {"200": {"description": "ok"}}}}
    doc["paths"]["/gen"]["post"]["requestBody"]["content"]["application/json"]["schema"] = {
        "type": "object",
        "properties": {"sampler": {"type": "string", "enum": ["a", "b"]}, "steps": {"type": "integer"}},
    }
    doc["paths"]["/gen"]["post"]["parameters"][0]["schema"]["enum"] = ["fast", "slow", "eco"]
    Path("b.yaml").write_text(yaml.safe_dump(doc))
    code, annotations = _annotations(capsys, "a.yaml", "b.yaml")
    assert code == 0
    added = [a for a in annotations if _params(a)["title"] == "endpoint-added"]
    assert len(added) == 1
    assert added[0].startswith("::notice file=b.yaml,line=")
    assert all(not a.startswith("::error") for a in annotations)


def test_messages_and_properties_are_escaped(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a,b:c": {"get": {"responses": {"200": {"description": "ok"}}}}},
    }
    Path("o,ld.json").write_text(json.dumps(spec))
    spec["paths"]["/a,b:c"]["get"]["responses"]["200"]["content"] = {
        "application/json": {"schema": {"type": "string", "enum": ["50%\nx"]}}
    }
    Path("n,ew.json").write_text(json.dumps(spec, indent=1))
    _, annotations = _annotations(capsys, "o,ld.json", "n,ew.json")
    assert annotations, annotations
    for annotation in annotations:
        assert "file=n%2Cew.json" in annotation
        assert "\n" not in annotation


def test_a_document_read_from_a_url_is_annotated_without_a_file(pair, loopback, capsys):
    old, new, _ = pair
    body = Path(new).read_bytes()
    loopback.set(lambda req, seen: loopback.send(req, 200, body))
    _, annotations = _annotations(capsys, old, f"{loopback.url}/new.yaml")
    assert annotations
    assert all("file=" not in a for a in annotations)


def test_junit_has_one_case_per_rule_and_fails_the_breaking_ones(pair, capsys):
    old, new, _ = pair
    assert diff_main([old, new, "--format", "junit"]) == 1
    root = ElementTree.fromstring(capsys.readouterr().out)
    suite = root.find("testsuite")
    assert suite is not None
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert set(cases) == {
        "request-property-enum-value-removed",
        "api-path-removed-without-deprecation",
        "response-success-status-added",
    }
    enum = cases["request-property-enum-value-removed"].find("failure")
    assert enum is not None
    assert enum.get("message") == "2 breaking change(s)"
    assert "POST /gen: parameter 'mode': enum value \"slow\" removed" in (enum.text or "")
    assert suite.get("tests") == "3"
    assert suite.get("failures") == "3"


def test_junit_without_changes_is_one_passing_case(pair, capsys):
    old, _, _ = pair
    assert diff_main([old, old, "--format", "junit"]) == 0
    root = ElementTree.fromstring(capsys.readouterr().out)
    cases = list(root.iter("testcase"))
    assert [c.get("name") for c in cases] == ["no changes"]
    assert not list(root.iter("failure"))


def test_diff_help_lists_only_the_options_it_reads():
    result = subprocess.run(
        [sys.executable, "-m", "dezgo.cli", "spec", "diff", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 0
    for absent in ("--budget-usd", "--api-key-file", "--base-url", "--quiet"):
        assert absent not in result.stdout
    for present in ("--timeout", "--json", "--severity-levels", "--ignore", "github", "junit"):
        assert present in result.stdout


def test_check_and_fetch_help_list_only_the_options_they_read():
    for tool in ("check", "fetch"):
        result = subprocess.run(
            [sys.executable, "-m", "dezgo.cli", "spec", tool, "--help"],
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": "200"},
        )
        assert result.returncode == 0
        assert "--budget-usd" not in result.stdout
        assert "--api-key-file" not in result.stdout
        assert "--base-url" in result.stdout
