"""``make generate`` / ``make check-generated``: regenerate ``generated/dezgo_api``.

Pipeline: pinned document + our overlay -> the effective spec (dezgo._spec.effective)
-> normalised copy (dezgo.spec.normalise) ->
openapi-python-client (pinned version, openapi/generator.yaml, ``--meta none``)
-> ruff post-hooks. The output folder is rebuilt from nothing each time, since
``--overwrite`` would leave stale files behind, and nothing in the output
depends on the clock, so two runs give identical bytes.

``--check`` generates into a temporary folder and fails, with a short diff,
when ``generated/dezgo_api`` differs.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))


import generate_facade  # noqa: E402

from dezgo._spec import Document, effective_spec_of, load_overlay  # noqa: E402
from dezgo.spec.loading import load_document  # noqa: E402
from dezgo.spec.normalise import render  # noqa: E402

GENERATOR_VERSION = "0.29.0"
DEFAULT_SPEC = ROOT / "openapi" / "dezgo.json"
DEFAULT_OVERLAY = ROOT / "openapi" / "overlay.yaml"
BODIES = ROOT / "src" / "dezgo" / "_bodies.py"
BODIES_HEADER = '''"""Where the generated client keeps each operation: its endpoint module and its body models.

Written by scripts/generate.py from openapi-python-client's own parse of the spec it
generated from (so the names are the generator's, not guessed): do not edit; run
`make generate`. ``dezgo._wire`` builds request bodies with the models' public
``from_dict``/``to_dict``/``to_multipart``; ``ENDPOINTS`` names the module whose
``sync_detailed``/``asyncio_detailed`` call an operation with the low-level client.
"""

'''
CONFIG = ROOT / "openapi" / "generator.yaml"
OUTPUT = ROOT / "generated" / "dezgo_api"


def _check_generator_version() -> None:
    from importlib.metadata import version

    found = version("openapi-python-client")
    if found != GENERATOR_VERSION:
        raise SystemExit(
            f"openapi-python-client {found} is installed; {GENERATOR_VERSION} is pinned (run make install)"
        )


def effective(spec: Path, overlay: Path) -> Document:
    """The document at ``spec`` with the overlay at ``overlay`` applied: what everything is built from."""
    return effective_spec_of(load_document(spec), load_overlay(overlay)).spec


def render_bodies(normalised: Document, normalised_path: Path) -> str:
    """``src/dezgo/_bodies.py``: (method, path, media type) -> (module, class) of the body model."""
    from openapi_python_client.config import Config, ConfigFile, MetaType
    from openapi_python_client.parser.openapi import GeneratorData

    config = Config.from_sources(
        ConfigFile.load_from_path(CONFIG), MetaType.NONE, normalised_path, "utf-8", True, None
    )
    data = GeneratorData.from_dict(normalised, config=config)
    if not isinstance(data, GeneratorData):
        raise SystemExit(f"openapi-python-client cannot parse the spec: {data.header}")
    from openapi_python_client.utils import PythonIdentifier

    bodies, endpoints = [], []
    for tag, collection in data.endpoint_collections_by_tag.items():
        for endpoint in collection.endpoints:
            module = f"dezgo_api.api.{tag}.{PythonIdentifier(endpoint.name, config.field_prefix)}"
            endpoints.append(f"    {(endpoint.method.upper(), endpoint.path)!r}: {module!r},")
            for body in endpoint.bodies:
                info = body.prop.class_info  # type: ignore[attr-defined]
                key = (endpoint.method.upper(), endpoint.path, body.content_type)
                bodies.append(f"    {key!r}: ({'dezgo_api.models.' + info.module_name!r}, {info.name!r}),")
    text = (
        BODIES_HEADER
        + "BODIES: dict[tuple[str, str, str], tuple[str, str]] = {\n"
        + "\n".join(sorted(bodies))
        + "\n}\n\nENDPOINTS: dict[tuple[str, str], str] = {\n"
        + "\n".join(sorted(endpoints))
        + "\n}\n"
    )
    ruff = Path(sys.executable).parent / "ruff"
    return subprocess.run(
        [str(ruff), "format", "--isolated", "--no-cache", "--line-length", "110", "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def generate(spec: Path, out: Path, overlay: Path = DEFAULT_OVERLAY, bodies: Path | None = None) -> None:
    """Generate the client for ``spec`` (with ``overlay`` applied) into ``out`` (replaced whole)."""
    _check_generator_version()
    with tempfile.TemporaryDirectory(prefix="dezgo-gen-") as tmp:
        normalised = Path(tmp) / "dezgo.normalised.json"
        text = render(effective(spec, overlay))
        normalised.write_text(text, encoding="utf-8")
        if bodies is not None:
            bodies.parent.mkdir(parents=True, exist_ok=True)
            bodies.write_text(render_bodies(json.loads(text), normalised), encoding="utf-8")
        staging = Path(tmp) / "dezgo_api"
        env = dict(os.environ)
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        cmd = [
            str(Path(sys.executable).parent / "openapi-python-client"),
            "generate",
            "--path",
            str(normalised),
            "--config",
            str(CONFIG),
            "--meta",
            "none",
            "--output-path",
            str(staging),
            "--fail-on-warning",
        ]
        proc = subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True)
        if proc.returncode != 0 or not (staging / "__init__.py").exists():
            sys.stderr.write(proc.stdout + proc.stderr)
            raise SystemExit(f"openapi-python-client failed (exit {proc.returncode})")
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staging, out)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def diff_trees(expected: Path, actual: Path, limit: int = 60) -> list[str]:
    """Lines of a unified diff between two generated trees (empty when identical)."""
    want, have = _files(expected), _files(actual)
    lines: list[str] = []
    for name in sorted(set(want) | set(have)):
        if want.get(name) == have.get(name):
            continue
        if name not in have:
            lines.append(f"missing from generated/: {name}")
            continue
        if name not in want:
            lines.append(f"stale in generated/ (the spec no longer yields it): {name}")
            continue
        lines.extend(
            difflib.unified_diff(
                have[name].decode(errors="replace").splitlines(),
                want[name].decode(errors="replace").splitlines(),
                f"generated/dezgo_api/{name}",
                f"regenerated/{name}",
                lineterm="",
                n=1,
            )
        )
    if len(lines) > limit:
        lines = [*lines[:limit], f"... ({len(lines) - limit} more lines)"]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="the pinned document")
    parser.add_argument("--overlay", type=Path, default=DEFAULT_OVERLAY, help="our overlay")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument(
        "--facade", type=Path, default=generate_facade.OUTPUT, help="where the facade's generated methods go"
    )
    parser.add_argument(
        "--bodies", type=Path, default=None, help="where the body-model index goes (default: beside --facade)"
    )
    parser.add_argument(
        "--check", action="store_true", help="fail when --out differs from a fresh generation"
    )
    args = parser.parse_args(argv)
    bodies = args.bodies or args.facade.parent / BODIES.name
    facade = ["--spec", str(args.spec), "--overlay", str(args.overlay), "--out", str(args.facade)]
    if not args.check:
        generate(args.spec, args.out, args.overlay, bodies)
        print(f"generated {args.out} and {bodies} from {args.spec}")
        return generate_facade.main(facade)
    with tempfile.TemporaryDirectory(prefix="dezgo-check-") as tmp:
        fresh = Path(tmp) / "dezgo_api"
        fresh_bodies = Path(tmp) / "_bodies.py"
        generate(args.spec, fresh, args.overlay, fresh_bodies)
        lines = diff_trees(fresh, args.out)
        if not bodies.exists() or fresh_bodies.read_bytes() != bodies.read_bytes():
            lines.append(f"{bodies} is out of date")
    if lines:
        print(f"{args.out} is out of date with {args.spec}; run `make generate`:", file=sys.stderr)
        print("\n".join(lines), file=sys.stderr)
        return 1
    print(f"{args.out} is up to date with {args.spec}")
    return generate_facade.main([*facade, "--check"])


if __name__ == "__main__":
    raise SystemExit(main())
