"""Turn whatever a parser produced into a plain, bounded JSON tree, or say why not.

A spec can come from anywhere, so its parsed form is not trusted:

* YAML keys are not always strings (``200:`` is an integer, ``on:`` a boolean);
  every key becomes the string JSON would have had, so ``responses["200"]``
  works whatever the spelling.
* YAML values can be dates, sets or bytes; they become strings or lists.
* YAML aliases share one object between many places (a "billion laughs" is a
  few hundred bytes that expand to 10**9 nodes), and an alias can even contain
  itself. The copy made here expands aliases with a budget of nodes and refuses
  a cycle, so every walker after it sees a finite tree of known size.
* Nesting is bounded, so the recursive comparisons that follow cannot exhaust
  the interpreter's stack.

The walk is iterative (an explicit stack): it cannot overflow on the very
inputs it exists to refuse.
"""

from __future__ import annotations

import datetime
from typing import Any

from dezgo.errors import SpecError

__all__ = ["MAX_ALIAS_NODES", "MAX_DEPTH", "MAX_NODES", "plain_tree"]

MAX_DEPTH = 1000
"""Deepest nesting accepted (real specs nest under 60; Python's json refuses about 990)."""
MAX_NODES = 20_000_000
"""Nodes accepted in one document (GitHub's 10 MB spec has about 1.5 million)."""
MAX_ALIAS_NODES = 1_000_000
"""Nodes that YAML aliases may add by expansion, beyond the document's own."""


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, (datetime.date, datetime.datetime)):
        return key.isoformat()
    return str(key)


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def plain_tree(value: Any, source: str, *, alias_nodes: int = 0) -> Any:
    """A fresh copy of ``value`` made only of dict/list/str/int/float/bool/None, or SpecError.

    ``alias_nodes`` is what aliases already added before this copy (YAML merge keys, as the
    parser built them): they count against the same budget.
    """
    seen: set[int] = set()
    nodes = 0
    root: list[Any] = [None]
    # (source value, parent container, key or index in it, depth, inside an expanded alias)
    stack: list[tuple[Any, Any, Any, int, bool]] = [(value, root, 0, 0, False)]
    while stack:
        item, parent, slot, depth, aliased = stack.pop()
        nodes += 1
        if aliased:
            alias_nodes += 1
            if alias_nodes > MAX_ALIAS_NODES:
                raise SpecError(
                    f"{source}: YAML aliases expand to more than {MAX_ALIAS_NODES:,} nodes (refused)"
                )
        if nodes > MAX_NODES:
            raise SpecError(f"{source}: more than {MAX_NODES:,} nodes (refused)")
        if isinstance(item, (dict, list, tuple, set, frozenset)):
            if depth >= MAX_DEPTH:
                raise SpecError(f"{source}: nested deeper than {MAX_DEPTH} levels (refused)")
            shared = id(item) in seen
            seen.add(id(item))
            inside = aliased or shared
            if isinstance(item, dict):
                copy: dict[str, Any] = {}
                parent[slot] = copy
                for key, child in item.items():
                    name = _key(key)
                    copy[name] = None
                    stack.append((child, copy, name, depth + 1, inside))
            else:
                children = sorted(item, key=repr) if isinstance(item, (set, frozenset)) else list(item)
                seq: list[Any] = [None] * len(children)
                parent[slot] = seq
                for index, child in enumerate(children):
                    stack.append((child, seq, index, depth + 1, inside))
        else:
            parent[slot] = _scalar(item)
    return root[0]
