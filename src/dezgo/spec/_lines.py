"""The line of a JSON Pointer in a document's source text, JSON or YAML, for annotations on a pull request.

Only what a report needs: the line where the value at ``tokens`` starts, or, when
the pointer leads past what the text has (a removed property, a keyword the
diff names but the document spells another way), the line of the deepest part of
it that is there. JSON is scanned with one regular expression (fast on a 10 MB
spec; the json module keeps no positions); YAML is composed with PyYAML, whose
nodes carry their marks. Both walks are iterative and read text that has
already passed the loader's limits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

__all__ = ["line_of"]

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


class _Frame:
    __slots__ = ("index", "is_object", "key", "matched")

    def __init__(self, is_object: bool, matched: bool) -> None:
        self.is_object = is_object
        self.matched = matched  # the path down to this container is a prefix of the target
        self.key: str | None = None
        self.index = 0

    def current(self) -> str | None:
        return self.key if self.is_object else str(self.index)


def _json_line(text: str, target: Sequence[str]) -> int:
    best_line, best_depth = 1, -1
    stack: list[_Frame] = []
    expect_key = False
    line, pos = 1, 0
    for match in _TOKEN.finditer(text):
        token, start = match.group(), match.start()
        line += text.count("\n", pos, start)
        pos = start
        if token == ":":
            continue
        if token == ",":
            if stack and stack[-1].is_object:
                expect_key = True
            elif stack:
                stack[-1].index += 1
            continue
        if token in ("}", "]"):
            if stack:
                stack.pop()
            expect_key = False
            continue
        if stack and stack[-1].is_object and expect_key:
            frame = stack[-1]
            frame.key = _decode(token) if frame.matched else None
            expect_key = False
            continue
        depth = len(stack)
        matched = depth == 0 or (
            stack[-1].matched and depth <= len(target) and stack[-1].current() == target[depth - 1]
        )
        if matched and depth > best_depth:
            best_depth, best_line = depth, line
            if depth == len(target):
                return line
        if token in ("{", "["):
            stack.append(_Frame(token == "{", matched))
            expect_key = token == "{"
    return best_line


def _decode(token: str) -> str | None:
    try:
        value = json.loads(token)
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def _yaml_line(text: str, target: Sequence[str]) -> int:
    import yaml

    from dezgo.spec._stack import deep_recursion

    with deep_recursion():
        node: Any = yaml.compose(text, Loader=yaml.SafeLoader)
    if node is None:
        return 1
    best = int(node.start_mark.line) + 1
    for token in target:
        found = _yaml_child(node, token)
        if found is None:
            break
        best, node = found
    return best


def _yaml_child(node: Any, token: str) -> tuple[int, Any] | None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        pending = [node]
        seen: set[int] = set()
        while pending:  # the mapping's own entries, then those merged in with <<
            mapping = pending.pop(0)
            if id(mapping) in seen:
                continue
            seen.add(id(mapping))
            for key, value in mapping.value:
                if (
                    isinstance(key, yaml.ScalarNode)
                    and key.value == token
                    and key.tag != "tag:yaml.org,2002:merge"
                ):
                    return int(key.start_mark.line) + 1, value
            for key, value in mapping.value:
                if key.tag == "tag:yaml.org,2002:merge":
                    pending.extend(value.value if isinstance(value, yaml.SequenceNode) else [value])
        return None
    if isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
        child = node.value[int(token)]
        return int(child.start_mark.line) + 1, child
    return None


def line_of(raw: bytes, tokens: Sequence[str]) -> int:
    """The 1-based line where the value at ``tokens`` (or the deepest part of the path present) starts."""
    text = raw.decode("utf-8-sig", "replace")
    if text.lstrip()[:1] in ("{", "["):
        return _json_line(text, tokens)
    try:
        return _yaml_line(text, tokens)
    except Exception:  # a line number is a courtesy: never fail a report for it
        return 1
