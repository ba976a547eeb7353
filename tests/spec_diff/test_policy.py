"""A team's policy in oasdiff's formats: --severity-levels and --ignore (issue #25, item 2)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from dezgo.spec.diff.cli import main as diff_main


def _spec() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/gen": {
                "post": {
                    "parameters": [
                        {"name": "mode", "in": "query", "schema": {"type": "string", "default": "fast"}}
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "steps": {"type": "integer", "default": 30},
                                        "sampler": {"type": "string", "enum": ["a", "b"]},
                                    },
                                }
                            }
                        }
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """old -> new: a parameter default and a property default changed, an enum value removed."""
    old = _spec()
    new = copy.deepcopy(old)
    op = new["paths"]["/gen"]["post"]
    op["parameters"][0]["schema"]["default"] = "slow"
    body = op["requestBody"]["content"]["application/json"]["schema"]["properties"]
    body["steps"]["default"] = 25
    body["sampler"]["enum"] = ["a"]
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    return tmp_path / "old.json", tmp_path / "new.json"


def _report(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = diff_main([*argv, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def _levels(report: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for change in report["changes"]:
        out.setdefault(change["id"], []).append(change["level"])
    return out


def test_an_oasdiff_place_id_raises_the_parameter_default_only(pair, tmp_path, capsys):
    levels = tmp_path / "levels.txt"
    levels.write_text(
        "# our own policy: a changed parameter default breaks our callers, as oasdiff says\n"
        "request-parameter-default-value-changed   err\n"
        "request-property-enum-value-removed       warn\n"
    )
    code, before = _report(capsys, *map(str, pair))
    assert _levels(before)["request-property-default-value-changed"] == ["warning", "warning"]
    code, after = _report(capsys, *map(str, pair), "--severity-levels", str(levels))
    assert code == 1  # the parameter default, now breaking
    changed = {c["message"]: c["level"] for c in after["changes"]}
    assert changed['parameter \'mode\': default "fast" -> "slow"'] == "breaking"
    assert changed["body.steps: default 30 -> 25"] == "warning", "the place-specific id leaves bodies alone"
    assert changed['body.sampler: enum value "b" removed'] == "warning"
    assert after["warnings"] == []


def test_the_general_id_applies_everywhere_and_none_drops_it(pair, tmp_path, capsys):
    levels = tmp_path / "levels.txt"
    levels.write_text(
        "request-property-default-value-changed breaking\nrequest-property-enum-value-removed none\n"
    )
    code, report = _report(capsys, *map(str, pair), "--severity-levels", str(levels))
    assert code == 1
    assert _levels(report) == {"request-property-default-value-changed": ["breaking", "breaking"]}


def test_an_id_this_tool_does_not_have_is_a_warning_in_the_report(pair, tmp_path, capsys):
    levels = tmp_path / "levels.txt"
    levels.write_text("request-read-only-property-enum-value-removed none\n")
    code, report = _report(capsys, *map(str, pair), "--severity-levels", str(levels))
    assert code == 1
    assert len(report["warnings"]) == 1
    assert f"{levels}:1: no rule 'request-read-only-property-enum-value-removed'" in report["warnings"][0]


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("request-property-enum-value-removed\n", "expected '<rule-id> <level>'"),
        ("request-property-enum-value-removed fatal\n", "level 'fatal' is not one of"),
    ],
)
def test_a_severity_file_that_cannot_be_read_is_exit_2(content, why, pair, tmp_path, capsys):
    levels = tmp_path / "levels.txt"
    levels.write_text("# header\n" + content)
    assert diff_main([*map(str, pair), "--severity-levels", str(levels)]) == 2
    err = capsys.readouterr().err
    assert f"{levels}:2: {why}" in err
    assert len(err.strip().splitlines()) == 1


def test_an_ignore_entry_accepts_one_change_and_a_stale_one_is_reported(pair, tmp_path, capsys):
    ignore = tmp_path / "ignore.txt"
    ignore.write_text(
        "# accepted changes\n"
        'POST /gen enum value "b" removed   # nobody sends b since 2026-10 (ticket 12)\n'
        "GET /gone api path removed without deprecation  # oasdiff's text: matches nothing here\n"
    )
    code, report = _report(capsys, *map(str, pair), "--ignore", str(ignore))
    assert code == 0, report
    assert [i["id"] for i in report["ignored"]] == ["request-property-enum-value-removed"]
    assert report["ignored"][0]["ignored_by"] == f"{ignore}:2"
    assert len(report["warnings"]) == 1
    assert report["warnings"][0].startswith(f"{ignore}:3: matches no change")
    assert "request-property-enum-value-removed" not in _levels(report)


def test_an_ignore_entry_may_name_the_rule_and_is_case_blind_on_the_operation(pair, tmp_path, capsys):
    ignore = tmp_path / "ignore.txt"
    ignore.write_text("post /gen request-property-enum-value-removed\n")
    code, report = _report(capsys, *map(str, pair), "--ignore", str(ignore))
    assert code == 0
    assert report["warnings"] == []


def test_an_ignore_line_without_a_fragment_is_exit_2(pair, tmp_path, capsys):
    ignore = tmp_path / "ignore.txt"
    ignore.write_text("POST /gen\n")
    assert diff_main([*map(str, pair), "--ignore", str(ignore)]) == 2
    assert f"{ignore}:1: expected 'METHOD /path" in capsys.readouterr().err


def test_text_and_markdown_show_what_was_accepted_and_the_warnings(pair, tmp_path, capsys):
    ignore = tmp_path / "ignore.txt"
    ignore.write_text("POST /gen enum value  # ok\nspec nothing-like-this\n")
    diff_main([*map(str, pair), "--ignore", str(ignore)])
    text = capsys.readouterr().out
    assert "ACCEPTED BY THE IGNORE FILE (1)" in text
    assert "WARNINGS ABOUT THE INPUT (1)" in text
    diff_main([*map(str, pair), "--ignore", str(ignore), "--format", "markdown"])
    markdown = capsys.readouterr().out
    assert "### Accepted by the ignore file (1)" in markdown
    assert "### Warnings about the input (1)" in markdown
