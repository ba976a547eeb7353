"""Drift benchmark: our diff against Optic and api-smart-diff, on two labelled corpora, GitHub's specs, and start-up.

``make bench-drift``. Every tool sees the same old/new files. The peers are installed
with npm into build/npm (cached, never committed); a peer that cannot run is reported
as such.

1. The SDK corpus, built here: mutations of openapi/dezgo.json, each with the verdict a
   client of a generated SDK should get (breaking or not; "potentially breaking" counts
   as breaking for a typed SDK).
2. The rule corpus (scripts/drift_rule_corpus.py): one case per rule of the reference
   checker (oasdiff) that we implement, each labelled with oasdiff's declared level
   (ERR / WARN / INFO). Reported: ERR recall, WARN cases flagged, false alarms on INFO
   cases; for ours, how many of the misses and alarms are declared, deliberate
   differences of this SDK's verdict.
3. Real multi-MB specs with a real history: GitHub Enterprise Server 3.17 -> 3.18 -> 3.19
   from the npm package @octokit/openapi (time and breaking counts).
4. Start-up: the median wall time of a `dezgo spec diff` process on two small specs,
   against `python -c pass` (and api-smart-diff's node process against `node -e ""`),
   measured in the same run, with bytecode caching on as in an installed package.
5. With ``--oasdiff-data DIR`` (a local copy of oasdiff's ``data/`` folder, never
   committed): how many of oasdiff's own test documents load here, why the others are
   refused, and how many of its checker suite's base/revision pairs are decided.

``--only-ours`` skips the peers (their figures do not change with our code).
Results: printed tables and build/bench_drift.json.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dezgo.spec.diff import diff_specs  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
import drift_rule_corpus  # noqa: E402

BUILD = ROOT / "build"
NPM = BUILD / "npm"
PEERS = ["@useoptic/optic@1.0.9", "api-smart-diff@1.0.6", "@octokit/openapi"]
Doc = dict[str, Any]


# -- the corpus --------------------------------------------------------------------------------------


def schemas(d: Doc) -> Doc:
    return d["components"]["schemas"]


def t2i(d: Doc) -> Doc:
    return schemas(d)["Body_text2image_text2image_post"]


def prop(d: Doc, name: str) -> Doc:
    return t2i(d)["properties"][name]


def post(d: Doc, path: str) -> Doc:
    return d["paths"][path]["post"]


def ok200(d: Doc, path: str) -> Doc:
    return post(d, path)["responses"]["200"]


def info_get(d: Doc) -> Doc:
    return d["paths"]["/info"]["get"]


def reorder(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: reorder(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [reorder(v) for v in value]
    return value


def describe(value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "description" and isinstance(item, str):
                value[key] = item + " (edited)"
            else:
                describe(item)
    elif isinstance(value, list):
        for item in value:
            describe(item)


def rename_schema(d: Doc, old: str, new: str) -> None:
    schemas(d)[new] = schemas(d).pop(old)
    text = json.dumps(d).replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    d.clear()
    d.update(json.loads(text))


Mutation = Callable[[Doc], Any]
# (name, breaking for a client of the generated SDK?, mutate new, optional mutate both first)
CASES: list[tuple[str, bool, Mutation, Mutation | None]] = [
    # paths and operations
    ("remove a path", True, lambda d: d["paths"].pop("/upscale"), None),
    ("rename a path", True, lambda d: d["paths"].update({"/txt2img": d["paths"].pop("/text2image")}), None),
    (
        "move an operation to another method",
        True,
        lambda d: d["paths"]["/upscale"].update(put=d["paths"]["/upscale"].pop("post")),
        None,
    ),
    (
        "add an endpoint",
        False,
        lambda d: d["paths"].update(
            {
                "/health": {
                    "get": {
                        "operationId": "health_get",
                        "security": [],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            }
        ),
        None,
    ),
    ("deprecate an operation", False, lambda d: post(d, "/upscale").update(deprecated=True), None),
    (
        "change an operationId",
        True,
        lambda d: post(d, "/text2image").update(operationId="create_image"),
        None,
    ),
    # parameters
    (
        "add a required query parameter",
        True,
        lambda d: (
            info_get(d)
            .setdefault("parameters", [])
            .append({"name": "family", "in": "query", "required": True, "schema": {"type": "string"}})
        ),
        None,
    ),
    (
        "add an optional query parameter",
        False,
        lambda d: (
            info_get(d)
            .setdefault("parameters", [])
            .append({"name": "family", "in": "query", "schema": {"type": "string"}})
        ),
        None,
    ),
    (
        "add a required header parameter",
        True,
        lambda d: (
            post(d, "/text2image")
            .setdefault("parameters", [])
            .append({"name": "x-trace", "in": "header", "required": True, "schema": {"type": "string"}})
        ),
        None,
    ),
    (
        "make an optional parameter required",
        True,
        lambda d: info_get(d)["parameters"][0].update(required=True),
        lambda d: info_get(d).update(
            parameters=[{"name": "family", "in": "query", "schema": {"type": "string"}}]
        ),
    ),
    (
        "make a required parameter optional",
        False,
        lambda d: info_get(d)["parameters"][0].update(required=False),
        lambda d: info_get(d).update(
            parameters=[{"name": "family", "in": "query", "required": True, "schema": {"type": "string"}}]
        ),
    ),
    (
        "remove a query parameter",
        True,
        lambda d: info_get(d).pop("parameters"),
        lambda d: info_get(d).update(
            parameters=[{"name": "family", "in": "query", "schema": {"type": "string"}}]
        ),
    ),
    (
        "change a parameter's type",
        True,
        lambda d: info_get(d)["parameters"][0]["schema"].update(type="integer"),
        lambda d: info_get(d).update(
            parameters=[{"name": "family", "in": "query", "schema": {"type": "string"}}]
        ),
    ),
    (
        "remove a parameter enum value",
        True,
        lambda d: info_get(d)["parameters"][0]["schema"]["enum"].remove("sdxl"),
        lambda d: info_get(d).update(
            parameters=[
                {"name": "family", "in": "query", "schema": {"type": "string", "enum": ["sd1", "sdxl"]}}
            ]
        ),
    ),
    # request bodies and their properties
    (
        "add a required request property",
        True,
        lambda d: (t2i(d)["properties"].update(style={"type": "string"}), t2i(d)["required"].append("style")),
        None,
    ),
    (
        "add an optional request property",
        False,
        lambda d: t2i(d)["properties"].update(style={"type": "string"}),
        None,
    ),
    ("make an optional request property required", True, lambda d: t2i(d)["required"].append("model"), None),
    ("make a required request property optional", False, lambda d: t2i(d).update(required=[]), None),
    ("remove a request property", True, lambda d: t2i(d)["properties"].pop("refiner"), None),
    ("change a request property's type", True, lambda d: prop(d, "steps").update(type="string"), None),
    ("widen integer to number (request)", False, lambda d: prop(d, "steps").update(type="number"), None),
    ("remove a request enum value", True, lambda d: prop(d, "sampler")["enum"].remove("k_lms"), None),
    ("add a request enum value", False, lambda d: prop(d, "sampler")["enum"].append("lcm"), None),
    (
        "turn a free string into an enum",
        True,
        lambda d: prop(d, "model").update(enum=["stablediffusion_1_5"]),
        None,
    ),
    ("drop a request enum constraint", False, lambda d: prop(d, "sampler").pop("enum"), None),
    ("lower a request maximum", True, lambda d: prop(d, "width").update(maximum=768), None),
    ("raise a request maximum", False, lambda d: prop(d, "width").update(maximum=2048), None),
    ("raise a request minimum", True, lambda d: prop(d, "width").update(minimum=512), None),
    ("lower a request minimum", False, lambda d: prop(d, "width").update(minimum=256), None),
    ("lower a maxLength", True, lambda d: prop(d, "prompt").update(maxLength=500), None),
    ("raise a maxLength", False, lambda d: prop(d, "prompt").update(maxLength=2000), None),
    ("add a maximum where there was none", True, lambda d: prop(d, "lora1_strength").update(maximum=1), None),
    ("add a pattern", True, lambda d: prop(d, "lora1").update(pattern="^[a-z0-9_]*$"), None),
    (
        "remove a pattern",
        False,
        lambda d: prop(d, "lora1").pop("pattern"),
        lambda d: prop(d, "lora1").update(pattern="^[a-z0-9_]*$"),
    ),
    ("coarser multipleOf", True, lambda d: prop(d, "width").update(multipleOf=64), None),
    ("finer multipleOf", False, lambda d: prop(d, "width").update(multipleOf=4), None),
    ("change a request default", False, lambda d: prop(d, "steps").update(default=25), None),
    (
        "request property no longer nullable",
        True,
        lambda d: prop(d, "seed").update(type="integer"),
        lambda d: prop(d, "seed").update(type=["integer", "null"]),
    ),
    (
        "request property becomes nullable",
        False,
        lambda d: prop(d, "seed").update(type=["integer", "null"]),
        None,
    ),
    ("request property becomes readOnly", True, lambda d: prop(d, "refiner").update(readOnly=True), None),
    (
        "close additionalProperties on a request",
        True,
        lambda d: t2i(d).update(additionalProperties=False),
        None,
    ),
    (
        "remove a request oneOf variant",
        True,
        lambda d: prop(d, "seed")["oneOf"].pop(),
        lambda d: t2i(d)["properties"].update(
            seed={"oneOf": [{"type": "integer"}, {"type": "string", "maxLength": 0}]}
        ),
    ),
    (
        "add a request oneOf variant",
        False,
        lambda d: prop(d, "seed")["oneOf"].append({"type": "null"}),
        lambda d: t2i(d)["properties"].update(
            seed={"oneOf": [{"type": "integer"}, {"type": "string", "maxLength": 0}]}
        ),
    ),
    (
        "remove a request media type",
        True,
        lambda d: post(d, "/text2image")["requestBody"]["content"].pop("multipart/form-data"),
        None,
    ),
    (
        "add a request media type with its own schema",
        False,
        lambda d: post(d, "/upscale")["requestBody"]["content"].update(
            {"application/xml": {"schema": {"type": "object"}}}
        ),
        None,
    ),
    (
        "add a request media type sharing a schema",
        True,
        lambda d: post(d, "/text2image_flux_2_pro")["requestBody"]["content"].update(
            {
                "application/x-www-form-urlencoded": copy.deepcopy(
                    post(d, "/text2image_flux_2_pro")["requestBody"]["content"]["application/json"]
                )
            }
        ),
        None,
    ),
    (
        "make the request body required",
        True,
        lambda d: post(d, "/upscale")["requestBody"].update(required=True),
        lambda d: post(d, "/upscale")["requestBody"].update(required=False),
    ),
    (
        "change a multipart part's content type",
        True,
        lambda d: post(d, "/upscale")["requestBody"]["content"]["multipart/form-data"]["encoding"][
            "image"
        ].update(contentType="image/jpeg"),
        lambda d: post(d, "/upscale")["requestBody"]["content"]["multipart/form-data"].update(
            encoding={"image": {"contentType": "image/png"}}
        ),
    ),
    # responses
    (
        "remove the success status",
        True,
        lambda d: info_get(d)["responses"].update({"201": info_get(d)["responses"].pop("200")}),
        None,
    ),
    (
        "add a second success status",
        True,
        lambda d: post(d, "/text2image")["responses"].update({"202": {"description": "queued"}}),
        None,
    ),
    ("remove an error status", False, lambda d: post(d, "/text2image")["responses"].pop("429"), None),
    (
        "add an error status",
        False,
        lambda d: post(d, "/text2image")["responses"].update({"503": {"description": "busy"}}),
        None,
    ),
    (
        "remove a response media type",
        True,
        lambda d: ok200(d, "/text2image")["content"].pop("image/webp"),
        None,
    ),
    (
        "add a response media type",
        False,
        lambda d: ok200(d, "/text2image")["content"].update(
            {"image/avif": {"schema": {"type": "string", "format": "binary"}}}
        ),
        None,
    ),
    (
        "change the response media type png -> avif",
        True,
        lambda d: ok200(d, "/upscale")["content"].update(
            {"image/avif": ok200(d, "/upscale")["content"].pop("image/png")}
        ),
        None,
    ),
    (
        "remove a required response header",
        True,
        lambda d: ok200(d, "/text2image")["headers"].pop("x-input-seed"),
        None,
    ),
    (
        "remove an optional response header",
        False,
        lambda d: ok200(d, "/text2image")["headers"].pop("x-dezgo-job-id"),
        None,
    ),
    (
        "make a response header optional",
        True,
        lambda d: ok200(d, "/text2image")["headers"]["x-dezgo-job-amount-usd"].update(required=False),
        None,
    ),
    (
        "add a response header",
        False,
        lambda d: ok200(d, "/text2image")["headers"].update(
            {"x-dezgo-queue": {"schema": {"type": "string"}}}
        ),
        None,
    ),
    # response schemas
    (
        "remove a required response property",
        True,
        lambda d: (
            schemas(d)["ModelInfo"]["properties"].pop("family"),
            schemas(d)["ModelInfo"]["required"].remove("family"),
        ),
        None,
    ),
    (
        "remove an optional response property",
        False,
        lambda d: schemas(d)["ModelInfo"]["properties"].pop("license"),
        None,
    ),
    (
        "make a response property optional",
        True,
        lambda d: schemas(d)["Transaction"].update(required=[]),
        None,
    ),
    (
        "add a response property",
        False,
        lambda d: schemas(d)["Transaction"]["properties"].update(currency={"type": "string"}),
        None,
    ),
    (
        "change a response property's type",
        True,
        lambda d: schemas(d)["Transaction"]["properties"]["balance"].update(type="string"),
        None,
    ),
    (
        "narrow number to integer (response)",
        False,
        lambda d: schemas(d)["Transaction"]["properties"]["balance"].update(type="integer"),
        None,
    ),
    (
        "add a response enum value",
        True,
        lambda d: schemas(d)["JobStatus"]["properties"]["status"]["enum"].append("failed"),
        lambda d: schemas(d)["JobStatus"]["properties"]["status"].update(enum=["pending", "done"]),
    ),
    (
        "remove a response enum value",
        False,
        lambda d: schemas(d)["JobStatus"]["properties"]["status"]["enum"].remove("pending"),
        lambda d: schemas(d)["JobStatus"]["properties"]["status"].update(enum=["pending", "done"]),
    ),
    (
        "response property becomes nullable",
        True,
        lambda d: schemas(d)["JobStatus"]["properties"]["status"].update(type=["string", "null"]),
        None,
    ),
    (
        "add a response anyOf variant",
        True,
        lambda d: schemas(d)["ValidationError"]["properties"]["loc"]["items"]["anyOf"].append(
            {"type": "boolean"}
        ),
        None,
    ),
    (
        "raise a response maximum",
        True,
        lambda d: schemas(d)["NativeResolution"]["properties"]["width"].update(maximum=8192),
        lambda d: schemas(d)["NativeResolution"]["properties"]["width"].update(maximum=4096),
    ),
    # security
    ("require credentials on an open operation", True, lambda d: info_get(d).pop("security"), None),
    ("stop requiring credentials", False, lambda d: post(d, "/text2image").update(security=[]), None),
    (
        "rename the API key header",
        True,
        lambda d: d["components"]["securitySchemes"]["APIKeyHeader"].update(name="X-Api-Key"),
        None,
    ),
    # SDK-only
    (
        "rename a component schema (same body)",
        True,
        lambda d: rename_schema(d, "Transaction", "LastTransaction"),
        None,
    ),
    (
        "change a component's title",
        True,
        lambda d: schemas(d)["Transaction"].update(title="LastTransaction"),
        None,
    ),
    # no-ops
    (
        "reorder every key",
        False,
        lambda d: (lambda r: (d.clear(), d.update(r)))(reorder(copy.deepcopy(d))),
        None,
    ),
    ("edit every description", False, describe, None),
    (
        "inline -> $ref refactor",
        False,
        lambda d: (
            schemas(d).update(Width=prop(d, "width")),
            t2i(d)["properties"].update(width={"$ref": "#/components/schemas/Width"}),
        ),
        None,
    ),
    (
        "$ref -> inline refactor",
        False,
        lambda d: d["paths"]["/info"]["get"]["responses"]["200"]["content"]["application/json"].update(
            schema=copy.deepcopy(schemas(d)["InfoResponse"])
        ),
        None,
    ),
    (
        "edit summaries and add examples",
        False,
        lambda d: (
            post(d, "/upscale").update(summary="Upscale!"),
            prop(d, "prompt").update(examples=["a cat"]),
        ),
        None,
    ),
]


# -- the tools ----------------------------------------------------------------------------------------


def ensure_peers() -> dict[str, str]:
    """Install the peers into build/npm once; returns the reasons for any that cannot run."""
    problems: dict[str, str] = {}
    if shutil.which("npm") is None or shutil.which("node") is None:
        return {
            "optic": "node/npm not found",
            "api-smart-diff": "node/npm not found",
            "github specs": "node/npm not found",
        }
    NPM.mkdir(parents=True, exist_ok=True)
    if not (NPM / "node_modules" / "@octokit" / "openapi").exists():
        (NPM / "package.json").write_text(json.dumps({"name": "dezgo-bench-peers", "private": True}))
        result = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", *PEERS], cwd=NPM, capture_output=True, text=True
        )
        if result.returncode != 0:
            return {"all peers": f"npm install failed: {result.stderr.strip().splitlines()[-1:]}"}
    # Optic 1.0.9 crashes at start with the ajv 8.20 that npm nests under spectral-core
    # ("Error compiling schema ... Unexpected token ':'"); it runs with the top-level ajv.
    nested = NPM / "node_modules" / "@stoplight" / "spectral-core" / "node_modules" / "ajv"
    if nested.exists():
        shutil.rmtree(nested)
    check = subprocess.run(
        [str(NPM / "node_modules" / ".bin" / "optic"), "--version"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check.returncode != 0:
        problems["optic"] = (check.stderr.strip().splitlines() or ["does not start"])[-1]
    return problems


ASD_SCRIPT = """
const fs = require("fs");
const { apiCompare } = require(process.argv[2]);
const [a, b] = process.argv.slice(3).map((p) => JSON.parse(fs.readFileSync(p, "utf8")));
const t = process.hrtime.bigint();
const { diffs } = apiCompare(a, b);
const ms = Number(process.hrtime.bigint() - t) / 1e6;
console.log(JSON.stringify({ breaking: diffs.filter((d) => d.type === "breaking").length, total: diffs.length, ms }));
"""


def run_ours(old: Path, new: Path) -> tuple[int, float]:
    start = time.perf_counter()
    report = diff_specs(json.loads(old.read_text()), json.loads(new.read_text()))
    return report.summary["breaking"], time.perf_counter() - start


def run_optic(old: Path, new: Path, timeout: float = 900) -> tuple[int, float]:
    start = time.perf_counter()
    result = subprocess.run(
        [str(NPM / "node_modules" / ".bin" / "optic"), "diff", str(old), str(new), "--check"],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=BUILD,
    )
    elapsed = time.perf_counter() - start
    failures = sum(1 for line in result.stdout.splitlines() if line.strip().startswith("x ["))
    output = result.stdout + result.stderr
    if result.returncode not in (0, 1) or (result.returncode == 1 and "Checks:" not in output):
        # Optic exits 1 both for "breaking changes" and for a spec it refuses to read.
        first = next((line for line in output.splitlines() if line.strip()), "no output")
        raise RuntimeError(f"optic did not diff: {first[:160]}")
    return (failures or (1 if result.returncode == 1 else 0)), elapsed


def run_asd(old: Path, new: Path, timeout: float = 900) -> tuple[int, float]:
    script = BUILD / "asd.cjs"
    script.write_text(ASD_SCRIPT)
    result = subprocess.run(
        [
            "node",
            "--max-old-space-size=8192",
            str(script),
            str(NPM / "node_modules" / "api-smart-diff"),
            str(old),
            str(new),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1:])
    data = json.loads(result.stdout)
    return int(data["breaking"]), float(data["ms"]) / 1000


TOOLS: dict[str, Callable[[Path, Path], tuple[int, float]]] = {
    "dezgo spec diff": run_ours,
    "optic": run_optic,
    "api-smart-diff": run_asd,
}


def corpus(folder: Path) -> list[tuple[str, bool, Path, Path]]:
    base = json.loads((ROOT / "openapi" / "dezgo.json").read_text())
    out = []
    for index, (name, breaking, mutate, prepare) in enumerate(CASES):
        old = copy.deepcopy(base)
        if prepare is not None:
            prepare(old)
        new = copy.deepcopy(old)
        mutate(new)
        old_path, new_path = folder / f"{index:02d}-old.json", folder / f"{index:02d}-new.json"
        old_path.write_text(json.dumps(old))
        new_path.write_text(json.dumps(new))
        out.append((name, breaking, old_path, new_path))
    return out


def rule_corpus(folder: Path) -> list[tuple[str, str, Path, Path]]:
    out = []
    for index, (rule, level, old, new) in enumerate(drift_rule_corpus.cases()):
        old_path, new_path = folder / f"r{index:03d}-old.json", folder / f"r{index:03d}-new.json"
        old_path.write_text(json.dumps(old))
        new_path.write_text(json.dumps(new))
        out.append((rule, level, old_path, new_path))
    return out


Verdicts = dict[str, dict[str, Any]]


def verdicts(
    cases: list[tuple[str, Any, Path, Path]], tools: dict[str, Callable[[Path, Path], tuple[int, float]]]
) -> Verdicts:
    """For each tool: case name -> breaking count (or an error text), and the seconds spent."""
    out: Verdicts = {tool: {"counts": {}, "seconds": 0.0, "errors": 0} for tool in tools}
    for name, _label, old, new in cases:
        for tool, fn in tools.items():
            try:
                count, seconds = fn(old, new)
            except Exception as exc:  # a peer failing on one case is a result, not a crash
                out[tool]["errors"] += 1
                out[tool]["counts"][name] = f"error: {exc}"
                continue
            out[tool]["seconds"] += seconds
            out[tool]["counts"][name] = count
    return out


def sdk_corpus_report(cases: list[tuple[str, bool, Path, Path]], found: Verdicts) -> dict[str, Any]:
    breaking_total = sum(1 for _, b, _, _ in cases if b)
    print(
        f"SDK corpus: {len(cases)} cases ({breaking_total} breaking for a client of the generated SDK, "
        f"{len(cases) - breaking_total} not)\n"
    )
    print(f"{'tool':<18} {'accuracy':>9} {'breaking recall':>16} {'false alarms':>13} {'ms/case':>9}")
    summary: dict[str, Any] = {}
    for tool, data in found.items():
        missed = [n for n, b, _, _ in cases if b and not _flagged(data["counts"].get(n))]
        alarms = [n for n, b, _, _ in cases if not b and _flagged(data["counts"].get(n))]
        ran = len(cases) - data["errors"]
        correct = sum(
            1 for n, b, _, _ in cases if _flagged(data["counts"].get(n)) == b and _ran(data["counts"].get(n))
        )
        stats = {
            "accuracy": correct / len(cases),
            "found": breaking_total - len(missed),
            "breaking": breaking_total,
            "missed": missed,
            "false_alarms": alarms,
            "errors": data["errors"],
            "ms_per_case": 1000 * data["seconds"] / max(ran, 1),
        }
        summary[tool] = stats
        print(
            f"{tool:<18} {stats['accuracy']:>8.0%} {stats['found']:>10}/{breaking_total:<5} "
            f"{len(alarms):>13} {stats['ms_per_case']:>9.1f}"
        )
    for tool, stats in summary.items():
        if stats["missed"]:
            print(f"\n{tool} missed: {'; '.join(stats['missed'])}")
        if stats["false_alarms"]:
            print(f"{tool} false alarms: {'; '.join(stats['false_alarms'])}")
    return summary


def rule_corpus_report(cases: list[tuple[str, str, Path, Path]], found: Verdicts) -> dict[str, Any]:
    by_level = {level: [n for n, lv, _, _ in cases if lv == level] for level in ("ERR", "WARN", "INFO")}
    print(
        f"\nRule corpus (oasdiff's rule list, {len(cases)} cases: {len(by_level['ERR'])} ERR, "
        f"{len(by_level['WARN'])} WARN, {len(by_level['INFO'])} INFO)\n"
    )
    print(
        f"{'tool':<18} {'ERR recall':>12} {'WARN flagged':>13} {'INFO false alarms':>18} {'errors':>7} {'ms/case':>9}"
    )
    summary: dict[str, Any] = {}
    for tool, data in found.items():
        counts = data["counts"]
        err_missed = [n for n in by_level["ERR"] if not _flagged(counts.get(n))]
        warn_flagged = [n for n in by_level["WARN"] if _flagged(counts.get(n))]
        alarms = [n for n in by_level["INFO"] if _flagged(counts.get(n))]
        ran = len(cases) - data["errors"]
        stats = {
            "err_found": len(by_level["ERR"]) - len(err_missed),
            "err_total": len(by_level["ERR"]),
            "err_missed": err_missed,
            "warn_flagged": len(warn_flagged),
            "warn_total": len(by_level["WARN"]),
            "info_false_alarms": alarms,
            "info_total": len(by_level["INFO"]),
            "errors": data["errors"],
            "ms_per_case": 1000 * data["seconds"] / max(ran, 1),
        }
        summary[tool] = stats
        print(
            f"{tool:<18} {stats['err_found']:>6}/{stats['err_total']:<5} {len(warn_flagged):>7}/{len(by_level['WARN']):<5} "
            f"{len(alarms):>11}/{len(by_level['INFO']):<6} {data['errors']:>7} {stats['ms_per_case']:>9.1f}"
        )
    differs = drift_rule_corpus.DIFFERS
    for tool, stats in summary.items():
        deliberate = [n for n in stats["err_missed"] + stats["info_false_alarms"] if n in differs]
        stats["deliberate"] = deliberate if tool == "dezgo spec diff" else []
        if tool == "dezgo spec diff":
            print(
                f"\n{tool}: of {len(stats['err_missed'])} ERR missed and {len(stats['info_false_alarms'])} INFO alarms, "
                f"{len(deliberate)} are declared differences of this SDK's verdict:"
            )
            for name in deliberate:
                print(f"  {name}: {differs[name]}")
            other = [n for n in stats["err_missed"] + stats["info_false_alarms"] if n not in differs]
            if other:
                print(f"  not declared: {'; '.join(other)}")
        else:
            if stats["err_missed"]:
                print(f"\n{tool} missed ERR: {'; '.join(stats['err_missed'])}")
            if stats["info_false_alarms"]:
                print(f"{tool} INFO false alarms: {'; '.join(stats['info_false_alarms'])}")
    return summary


def _ran(count: Any) -> bool:
    return isinstance(count, int)


def _flagged(count: Any) -> bool:
    return isinstance(count, int) and count > 0


def _median_seconds(command: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def startup(problems: dict[str, str], runs: int = 21) -> dict[str, Any]:
    """Median process wall time, each against its language's empty process, in this same run."""
    small = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}},
    }
    folder = BUILD / "startup"
    folder.mkdir(exist_ok=True)
    a, b = folder / "a.json", folder / "b.json"
    a.write_text(json.dumps(small))
    small["paths"]["/a"]["get"]["responses"]["201"] = {"description": "created"}
    b.write_text(json.dumps(small))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    dezgo = str(Path(sys.executable).parent / "dezgo")
    subprocess.run(
        [dezgo, "spec", "diff", str(a), str(b)], stdout=subprocess.DEVNULL, env=env, check=False
    )  # writes bytecode
    result: dict[str, Any] = {
        "python -c pass": _median_seconds([sys.executable, "-c", "pass"], runs, env),
        "dezgo spec diff": _median_seconds([dezgo, "spec", "diff", str(a), str(b)], runs, env),
    }
    peers = "api-smart-diff" not in problems and "all peers" not in problems and "peers" not in problems
    if peers and shutil.which("node"):
        script = BUILD / "asd.cjs"
        script.write_text(ASD_SCRIPT)
        asd = ["node", str(script), str(NPM / "node_modules" / "api-smart-diff"), str(a), str(b)]
        result['node -e ""'] = _median_seconds(["node", "-e", ""], runs, env)
        result["api-smart-diff (node)"] = _median_seconds(asd, runs, env)
    print(f"\nStart-up on two small specs (median of {runs} runs, wall seconds)")
    for name, seconds in result.items():
        print(f"  {name:<24} {seconds:.3f} s")
    print(
        f"  dezgo spec diff - python -c pass = {result['dezgo spec diff'] - result['python -c pass']:.3f} s; "
        f"ratio {result['dezgo spec diff'] / result['python -c pass']:.1f}x"
    )
    return result


def oasdiff_documents(data: Path) -> dict[str, Any]:
    """Which of oasdiff's test documents load here, and how many checker pairs are decided."""
    import collections
    import re

    from dezgo.errors import SpecError
    from dezgo.spec.loading import load_spec

    refused: dict[str, str] = {}
    files = sorted(p for p in data.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
    warned = 0
    for path in files:
        try:
            warned += bool(load_spec(path).warnings)
        except SpecError as exc:
            refused[str(path.relative_to(data))] = str(exc).split(": ", 1)[-1]
    reasons = collections.Counter(re.sub(r"/\S*", "/...", why) for why in refused.values())
    checker = data / "checker"
    pairs = [
        (b, b.with_name(b.name.replace("_base.", "_revision."))) for b in sorted(checker.glob("*_base.yaml"))
    ]
    pairs = [(b, r) for b, r in pairs if r.exists()]
    pairs += [
        (data / a, data / b)
        for a, b in [
            ("nullable/base-req.yaml", "nullable/revision-req.yaml"),
            ("required-properties/body1.yaml", "required-properties/body2.yaml"),
            ("required-properties/items1.yaml", "required-properties/items2.yaml"),
            ("required-properties/items2.yaml", "required-properties/items3.yaml"),
            ("required-properties/anyOf1.yaml", "required-properties/anyOf2.yaml"),
            ("required-properties/nested-property1.yaml", "required-properties/nested-property2.yaml"),
        ]
        if (data / a).exists() and (data / b).exists()
    ]
    undecided = []
    for base, revision in pairs:
        try:
            diff_specs(load_spec(base).document, load_spec(revision).document)
        except SpecError as exc:
            undecided.append(f"{base.relative_to(data)}: {exc}")
    result = {
        "documents": len(files),
        "loaded": len(files) - len(refused),
        "loaded_with_warnings": warned,
        "refused": refused,
        "reasons": dict(reasons),
        "pairs": len(pairs),
        "pairs_decided": len(pairs) - len(undecided),
        "undecided": undecided,
    }
    print(
        f"\noasdiff's test documents ({data}): {result['loaded']}/{len(files)} load ({warned} with a warning)"
    )
    for why, count in reasons.most_common():
        print(f"  refused {count}: {why}")
    print(f"  checker pairs decided: {result['pairs_decided']}/{len(pairs)}")
    for line in undecided:
        print(f"    could not decide: {line[:200]}")
    return result


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="the drift benchmark")
    parser.add_argument("--only-ours", action="store_true", help="skip the peers (npm tools)")
    parser.add_argument("--oasdiff-data", type=Path, default=None, help="a local copy of oasdiff's data/")
    options = parser.parse_args(argv)
    BUILD.mkdir(exist_ok=True)
    problems = {"peers": "skipped (--only-ours)"} if options.only_ours else ensure_peers()
    tools = {name: fn for name, fn in TOOLS.items() if name not in problems and "all peers" not in problems}
    if options.only_ours:
        tools = {"dezgo spec diff": run_ours}
    tools.setdefault("dezgo spec diff", run_ours)
    results: dict[str, Any] = {"date": time.strftime("%Y-%m-%d"), "unavailable": problems, "github": []}
    with tempfile.TemporaryDirectory(dir=BUILD) as tmp:
        cases = corpus(Path(tmp))
        results["sdk_corpus"] = sdk_corpus_report(cases, verdicts(cases, tools))
        rules = rule_corpus(Path(tmp))
        results["rule_corpus"] = rule_corpus_report(rules, verdicts(rules, tools))
    for tool, reason in problems.items():
        print(f"{tool:<18} not run: {reason}")
    results["startup"] = startup(problems)
    if options.oasdiff_data is not None:
        results["oasdiff_documents"] = oasdiff_documents(options.oasdiff_data)

    generated = NPM / "node_modules" / "@octokit" / "openapi" / "generated"
    pairs = [("ghes-3.17.json", "ghes-3.18.json"), ("ghes-3.18.json", "ghes-3.19.json")]
    if generated.exists():
        print("\nGitHub Enterprise Server specs (@octokit/openapi): breaking changes found, and time")
        print(f"{'pair':<32} {'MB':>6} " + " ".join(f"{t:>24}" for t in tools))
        for old_name, new_name in pairs:
            old, new = generated / old_name, generated / new_name
            size_mb = (old.stat().st_size + new.stat().st_size) / 2 / 1e6
            cells, entry = [], {"old": old_name, "new": new_name, "mb": size_mb}
            for tool, fn in tools.items():
                try:
                    count, seconds = fn(old, new)
                    cells.append(f"{count:>6} in {seconds:>7.2f} s")
                    entry[tool] = {"breaking": count, "seconds": seconds}
                except Exception as exc:
                    cells.append(f"{'refused the spec':>24}")
                    entry[tool] = {"error": str(exc)}
            results["github"].append(entry)
            print(
                f"{old_name + ' -> ' + new_name:<32} {size_mb:>6.1f} " + " ".join(f"{c:>24}" for c in cells)
            )
            ours = entry.get("dezgo spec diff", {})
            if "seconds" in ours:
                print(f"{'':<39}dezgo spec diff: {ours['seconds'] / size_mb:.3f} s per MB (load + diff)")
    (BUILD / "bench_drift.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"\nwritten to {(BUILD / 'bench_drift.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
