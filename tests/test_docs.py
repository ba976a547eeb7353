"""docs/ is standalone: it links nowhere outside the repository, and every file it names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "docs").glob("*.md"))


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_a_doc_links_nowhere_outside_the_repository(doc):
    text = doc.read_text(encoding="utf-8")
    assert not re.search(r"\]\((?!#|docs/|examples/|src/|tests/)", text), "a link out of the repository"
    assert "http://" not in text
    assert "https://" not in text
    assert "/shared" not in text
    assert "facts sheet" not in text.lower()


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_repository_path_a_doc_names_exists(doc):
    named = re.findall(r"`((?:docs|examples|src|tests|openapi)/[^`\s]*)`", doc.read_text(encoding="utf-8"))
    assert named, "the doc names files of the repository"
    for path in named:
        assert (ROOT / path).exists(), path


def test_both_docs_are_there():
    assert {p.name for p in DOCS} >= {"simulator.md", "validation.md"}
