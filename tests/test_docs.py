"""docs/ is standalone: it links nowhere outside the repository, and every file it names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "docs").glob("*.md"))


ALL = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md", *DOCS]


@pytest.mark.parametrize("doc", ALL, ids=lambda p: p.name)
def test_a_doc_links_nowhere_outside_the_repository(doc):
    """Every relative link resolves inside the repository; nothing points at the team's notes."""
    text = doc.read_text(encoding="utf-8")
    assert "/shared" not in text
    assert "facts sheet" not in text.lower()
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        resolved = (doc.parent / target).resolve()
        assert resolved.exists(), f"{doc.name} links to {target}, which does not exist"
        assert resolved == ROOT or ROOT in resolved.parents, f"{doc.name} links outside the repository"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_repository_path_a_doc_names_exists(doc):
    named = re.findall(
        r"`((?:docs|examples|src|tests|openapi|scripts)/[^`\s]*)`", doc.read_text(encoding="utf-8")
    )
    for path in named:
        assert (ROOT / path).exists(), path


def test_both_docs_are_there():
    assert {p.name for p in DOCS} >= {"simulator.md", "validation.md"}
