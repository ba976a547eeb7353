"""The architecture holds: imports point one way, and generated code has one door.

Read from the source with ``ast`` (what a module imports at load time, not inside
functions), so a change that breaks the layout fails here with the offending line.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "dezgo"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULE_NAMES = {_module_name(p) for p in SRC.rglob("*.py")}


def _top_level_imports(path: Path) -> set[str]:
    """Modules imported when ``path`` is imported (not those imported inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                submodules = {f"{node.module}.{alias.name}" for alias in node.names}
                if not submodules <= MODULE_NAMES:  # names defined in the module, not submodules of it
                    found.add(node.module)
                found.update(submodules & MODULE_NAMES)
            elif isinstance(node, ast.If) and not (
                isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
            ):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)

    visit(tree.body)
    return found


MODULES = {_module_name(p): p for p in SRC.rglob("*.py")}
GRAPH = {
    name: {m for m in _top_level_imports(path) if m in MODULES and m != name}
    for name, path in MODULES.items()
}


def test_the_module_graph_has_no_cycles():
    state: dict[str, int] = {}
    path: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(GRAPH[node]):
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                walk(target)
        path.pop()
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            walk(module)


def _all_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "import_module"
            and node.args
            and "dezgo_api" in ast.unparse(node.args[0])
        ):
            out.add("dezgo_api")
    return out


def test_only_the_wire_module_touches_the_generated_client():
    """``_wire`` imports the models ``_bodies`` (written by ``make generate``) names; nothing else
    imports or names the generated package."""
    importing = sorted(
        name
        for name, path in MODULES.items()
        if any(m.split(".")[0] == "dezgo_api" for m in _all_imports(path))
    )
    assert importing == []
    naming = sorted(
        name
        for name, path in MODULES.items()
        if "dezgo_api" in path.read_text(encoding="utf-8") and not name.startswith("dezgo.spec.")
    )
    assert naming == ["dezgo._bodies", "dezgo._wire"]  # the drift report names modules in its text only
    assert "importlib.import_module" in MODULES["dezgo._wire"].read_text(encoding="utf-8")


def test_the_runtime_spec_and_the_client_never_import_the_spec_tools():
    for name in GRAPH:
        if name.startswith("dezgo.spec") or name.startswith("dezgo.cli") or name.startswith("dezgo.batch"):
            continue
        if name.startswith("dezgo.testing"):
            continue
        tools = sorted(m for m in _all_imports(MODULES[name]) if m.startswith("dezgo.spec"))
        assert not tools, f"{name} imports the spec tools: {tools}"


def test_the_spec_tools_import_neither_httpx_nor_the_client_at_load_time():
    for name in GRAPH:
        if not name.startswith("dezgo.spec"):
            continue
        direct = _top_level_imports(MODULES[name])
        assert "httpx" not in direct, name
        assert not any(m in ("dezgo._client", "dezgo._base") for m in direct), name


def test_importing_the_drift_check_loads_no_http_client():
    code = (
        "import sys, json; import dezgo.spec.diff, dezgo.spec.diff.cli, dezgo.spec.check, dezgo.spec.fetch;"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('httpx', 'httpcore', 'dezgo_api')"
        " or m in ('dezgo._client', 'dezgo._base', 'dezgo._wire'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_python_X_importtime_of_the_drift_check_shows_no_httpx():
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import dezgo.spec.diff"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "dezgo.spec.diff" in out.stderr
    assert "httpx" not in out.stderr


def test_import_dezgo_is_lazy_but_complete():
    code = (
        "import sys, dezgo; before = 'httpx' in sys.modules; names = [getattr(dezgo, n) for n in dezgo.__all__];"
        "print(before, len(names), dezgo.Dezgo.__module__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", str(len(__import__("dezgo").__all__)), "dezgo._client"]


def test_one_version_source():
    import dezgo
    from dezgo._constants import USER_AGENT

    assert f"dezgo-python/{dezgo.__version__}" == USER_AGENT
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject
    assert 'path = "src/dezgo/_version.py"' in pyproject
    from importlib.metadata import version

    assert version("dezgo") == dezgo.__version__
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## {dezgo.__version__}" in changelog
