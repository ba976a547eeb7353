"""What other tools load loads here (issue #25, item 1): empty parts are read as empty, with a warning.

kin-openapi, oasdiff's loader, reads ``responses:`` with nothing under it, a missing
``info.version``, ``paths:`` with nothing under it. Refusing those is a red CI job on
a decidable pair; exit 2 stays for a part of the wrong kind. The six pair shapes of
oasdiff's checker suite that once ended in "could not decide" are written here as
our own documents: the same YAML shape (``responses:`` empty, its status at the
operation's level), the same change.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dezgo.spec.loading import load_spec

HEAD = """\
openapi: 3.0.1
info:
  title: Shapes
  version: v1
paths:
  /test:
    post:
      requestBody:
        content:
          application/json:
            schema:
{schema}
      responses:
      '200':
        description: Success
"""


def _indent(text: str, spaces: int = 14) -> str:
    return "\n".join(" " * spaces + line for line in text.strip("\n").splitlines())


SIX = {
    "nullable property": (
        "type: object\nproperties:\n  id:\n    type: string\n    nullable: true",
        "type: object\nproperties:\n  id:\n    type: string",
        "request-property-became-not-nullable",
    ),
    "required body property": (
        "type: object\nproperties:\n  id:\n    type: string",
        "type: object\nrequired: [id]\nproperties:\n  id:\n    type: string",
        "request-property-became-required",
    ),
    "required item property": (
        "type: array\nitems:\n  type: object\n  properties:\n    id: {type: string}",
        "type: array\nitems:\n  type: object\n  required: [id]\n  properties:\n    id: {type: string}",
        "request-property-became-required",
    ),
    "item property default": (
        "type: array\nitems:\n  type: object\n  properties:\n    id: {type: string}",
        "type: array\nitems:\n  type: object\n  properties:\n    id: {type: string, default: '1'}",
        "request-property-default-value-added",
    ),
    "required property inside anyOf": (
        "anyOf:\n  - type: object\n    properties:\n      id: {type: string}",
        "anyOf:\n  - type: object\n    required: [id]\n    properties:\n      id: {type: string}",
        "request-property-became-required",
    ),
    "required nested property": (
        "type: object\nproperties:\n  id:\n    type: object\n    properties:\n      userId: {type: string}",
        "type: object\nproperties:\n  id:\n    type: object\n    required: [userId]\n"
        "    properties:\n      userId: {type: string}",
        "request-property-became-required",
    ),
}


def _diff(tmp_path: Path, old: str, new: str, *extra: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "base.yaml").write_text(old)
    (tmp_path / "revision.yaml").write_text(new)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "dezgo.cli",
            "spec",
            "diff",
            str(tmp_path / "base.yaml"),
            str(tmp_path / "revision.yaml"),
            "--format",
            "json",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("shape", sorted(SIX))
def test_the_six_empty_responses_shapes_are_decided(shape, tmp_path):
    before, after, rule = SIX[shape]
    result = _diff(tmp_path, HEAD.format(schema=_indent(before)), HEAD.format(schema=_indent(after)))
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert [c["id"] for c in report["changes"]] == [rule]
    assert report["warnings"] == [
        f"{tmp_path / name}: /paths/~1test/post/responses is empty: read as no responses"
        for name in ("base.yaml", "revision.yaml")
    ]


EMPTY_PARTS = {
    "paths:": (
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n",
        "/paths is empty: read as no paths",
    ),
    "no info": ("openapi: 3.0.1\npaths: {/a: {}}\n", "no info object: read as an empty one"),
    "no info.version": ("openapi: 3.0.1\ninfo: {title: t}\npaths: {/a: {}}\n", "/info has no version"),
    "a path item": ("openapi: 3.0.1\ninfo: {version: '1'}\npaths:\n  /a:\n", "/paths/~1a is empty"),
    "an operation": (
        "openapi: 3.0.1\ninfo: {version: '1'}\npaths:\n  /a:\n    get:\n",
        "/paths/~1a/get is empty: read as no operation",
    ),
    "parameters": (
        "openapi: 3.0.1\ninfo: {version: '1'}\npaths:\n  /a:\n    parameters:\n    get: {responses: {}}\n",
        "/paths/~1a/parameters is empty: read as no parameters",
    ),
    "a response": (
        "openapi: 3.0.1\ninfo: {version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n",
        "/paths/~1a/get/responses/200 is empty: read as an empty response",
    ),
    "components.schemas": (
        "openapi: 3.0.1\ninfo: {version: '1'}\npaths: {/a: {}}\ncomponents:\n  schemas:\n",
        "/components/schemas is empty: read as no schemas",
    ),
    "no paths at all": (
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n",
        "the document has no paths, webhooks or components",
    ),
}


@pytest.mark.parametrize("case", sorted(EMPTY_PARTS))
def test_an_empty_part_is_read_as_empty_with_a_warning(case, tmp_path):
    text, warning = EMPTY_PARTS[case]
    (tmp_path / "s.yaml").write_text(text)
    loaded = load_spec(tmp_path / "s.yaml")
    assert any(warning in w for w in loaded.warnings), loaded.warnings
    result = _diff(tmp_path, text, text)
    assert result.returncode == 0, result.stderr
    assert any(warning in w for w in json.loads(result.stdout)["warnings"])


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (
            "openapi: 3.0.1\ninfo: {version: '1'}\npaths:\n  /a:\n    get:\n      responses: [1]\n",
            "responses",
        ),
        ("openapi: 3.0.1\ninfo: {version: '1'}\npaths: [1, 2]\n", "/paths"),
        ("openapi: 3.0.1\ninfo: text\npaths: {/a: {}}\n", "/info"),
        ("openapi: 3.0.1\ninfo: {version: '1'}\npaths:\n  /a: 3\n", "/paths/~1a"),
    ],
)
def test_a_part_of_the_wrong_kind_is_still_exit_2_in_plain_words(text, why, tmp_path):
    result = _diff(tmp_path, text, text)
    assert result.returncode == 2
    assert f"{why} is not a mapping" in result.stderr
    assert "dict" not in result.stderr
