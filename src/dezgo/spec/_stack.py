"""Room on the interpreter's stack for comparisons as deep as the documents we accept.

Schemas are compared recursively, a few Python frames per level, and
``dezgo.spec._tree`` accepts documents nested up to ``MAX_DEPTH`` levels: the
default limit of 1000 frames would raise RecursionError on a legitimate deep
schema. Python 3.11+ runs Python-to-Python calls without growing the C stack,
so raising the limit for the duration of a comparison is safe as long as the
code inside stays plain Python (no deep C recursion such as ``json.dumps`` of
an unbounded tree: our trees are bounded first).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from dezgo.spec._tree import MAX_DEPTH

__all__ = ["FRAMES_PER_LEVEL", "deep_recursion"]

FRAMES_PER_LEVEL = 6
"""Frames one nesting level may take in the deepest walker (the YAML composer, the schema diff)."""


@contextlib.contextmanager
def deep_recursion(levels: int = MAX_DEPTH) -> Iterator[None]:
    """Raise the recursion limit to fit ``levels`` nesting levels, and restore it afterwards."""
    before = sys.getrecursionlimit()
    needed = levels * FRAMES_PER_LEVEL + 500
    if needed > before:
        sys.setrecursionlimit(needed)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)
