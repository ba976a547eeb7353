"""Rules are registered where they are written (issue #25, item 4).

Adding a rule touches the module that emits it and its test: no central table, no
separate list of rules that point into the old document, no id spelt twice.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

from dezgo.spec.diff.model import Level, Side
from dezgo.spec.diff.rules import RULES

SRC = Path(__file__).resolve().parents[2] / "src" / "dezgo"
DIFF = SRC / "spec" / "diff"


def _definitions(path: Path) -> dict[str, ast.Call]:
    """``NAME = rule(...)`` / ``NAME = schema_rules(...)`` at the top level of a module."""
    found = {}
    for node in ast.parse(path.read_text()).body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id in ("rule", "schema_rules")
            and isinstance(node.targets[0], ast.Name)
        ):
            found[node.targets[0].id] = node.value
    return found


def test_every_rule_is_defined_in_the_module_that_emits_it():
    for path in DIFF.glob("*.py"):
        tree = ast.parse(path.read_text())
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        for name in _definitions(path):
            assert name in used, f"{path.name}: {name} is defined but never emitted there"
    modules = {rule.module for rule in RULES.values()}
    assert modules == {"dezgo.spec.diff.engine", "dezgo.spec.diff.operation", "dezgo.spec.diff.schema"}


def test_no_module_uses_another_modules_rules():
    defined = {path.stem: set(_definitions(path)) for path in DIFF.glob("*.py")}
    for path in DIFF.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("dezgo.spec.diff.")
            ):
                other = node.module.rsplit(".", 1)[1]
                taken = {alias.name for alias in node.names} & defined.get(other, set())
                assert not taken, f"{path.name} imports the rules {taken} of {other}"


def test_each_rule_id_is_spelt_once_in_the_source():
    texts = {path: path.read_text() for path in SRC.rglob("*.py")}
    for rule in RULES.values():
        spelled = rule.id
        if rule.module.endswith(".schema") and rule.id.startswith(
            ("request-property-", "response-property-")
        ):
            suffix = rule.id.split("-property-", 1)[1]
            if f"'{suffix}'" in texts[DIFF / "schema.py"] or f'"{suffix}"' in texts[DIFF / "schema.py"]:
                spelled = suffix  # a schema keyword rule: its suffix, once for both directions
        holders = [p.name for p, t in texts.items() if f'"{spelled}"' in t or f"'{spelled}'" in t]
        assert holders == [Path(rule.module.replace(".", "/")).name + ".py"], (rule.id, holders)


def test_a_removal_says_itself_that_it_points_into_the_old_document():
    removed = {r.id for r in RULES.values() if r.side is Side.OLD}
    assert {
        "request-parameter-removed",
        "response-media-type-removed",
        "api-path-removed-with-deprecation",
    } <= removed
    assert "endpoint-added" not in removed


def test_a_new_rule_needs_nothing_but_its_own_module(tmp_path):
    """A rule defined in a module of its own is listed, and a team's policy can name it: no other file knows it."""
    (tmp_path / "team_rules.py").write_text(
        textwrap.dedent(
            """
            from dezgo.spec.diff.model import Direction, Level
            from dezgo.spec.diff.registry import rule

            TEAM_RULE = rule("x-team-rule-for-the-test", Level.WARNING, Direction.NONE, "a rule of our own")
            """
        )
    )
    (tmp_path / "levels.txt").write_text("x-team-rule-for-the-test err\n")
    script = textwrap.dedent(
        f"""
        import io, contextlib, sys
        sys.path.insert(0, {str(tmp_path)!r})
        import team_rules
        from dezgo.spec._deadline import Deadline
        from dezgo.spec.diff.cli import main
        from dezgo.spec.diff.policy import read_severity_levels
        from dezgo.spec.diff.rules import RULES

        assert RULES["x-team-rule-for-the-test"].module == "team_rules"
        levels, warnings = read_severity_levels(
            __import__("pathlib").Path({str(tmp_path / "levels.txt")!r}), Deadline.start(5), RULES
        )
        assert levels[0].rule is team_rules.TEAM_RULE and warnings == ()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main(["--list-rules"])
        assert "x-team-rule-for-the-test" in out.getvalue()
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "ok", result.stderr


def test_levels_are_an_enum_and_compare_as_their_words():
    assert {rule.level for rule in RULES.values()} <= set(Level)
    assert Level.BREAKING == "breaking"
    assert [level.rank for level in Level] == [0, 1, 2]
