"""Our reconstruction: it covers every endpoint and field the evidence names, at the recorded levels.

Every test here checks the reconstruction's own content (marked ``reconstruction``), so each
is skipped, saying so, once ``make spec`` pins the service's document; what must hold of any
pinned document is in tests/spec/test_overlay.py.

The evidence is ``../shared/dezgo-api-facts.md``. These tests read it (the
endpoint headings, the §0.3 parameter table, each endpoint's "Params" lines and
the §14 table) instead of restating it, so a fact added there and forgotten in
the spec fails here. The confidence columns of those tables are checked against
the levels the spec records in ``x-dezgo-evidence`` (tests/spec/test_evidence.py
checks that extension's format).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dezgo._spec import Operation, load_effective_spec, operations

pytestmark = pytest.mark.reconstruction

FACTS = Path(__file__).resolve().parents[3] / "shared" / "dezgo-api-facts.md"

# Paths the facts file names but gives no evidence for; each with the facts' own words.
NOT_EVIDENCED = {
    "/text2video": "§14: 'listed as a URL only; never confirmed'",
    "/image2image_sdxl": "§14: 'no evidence found in the index'",
    "/inpainting_sdxl": "§14: 'no evidence found in the index'",
    "/models": "§12: 'marked there as a guess and is not evidenced'",
}


@pytest.fixture(scope="module")
def facts() -> str:
    if not FACTS.exists():
        pytest.skip(f"the evidence file is not beside the repository ({FACTS})")
    return FACTS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def spec() -> dict:
    return load_effective_spec()


@pytest.fixture(scope="module")
def ops(spec: dict) -> dict[str, Operation]:
    return {op.path: op for op in operations(spec)}


def test_info_carries_an_honest_provenance_note(spec):
    from dezgo._spec import load_overlay

    assert "RECONSTRUCTED" in spec["info"]["description"]
    assert "make spec" in spec["info"]["description"]
    record = load_overlay().info["x-dezgo-reconstruction"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["reconstructed_on"])
    assert record["digest"].startswith("sha256:")


def _section_paths(facts: str) -> set[str]:
    return set(re.findall(r"`(?:GET|POST|PUT|DELETE|PATCH) (/[^`\s]+)`", facts)) | set(
        re.findall(r"^\| `(?:POST|GET) /[^`]+`, `(/[^`]+)`", facts, re.MULTILINE)
    )


def test_every_evidenced_endpoint_is_in_the_spec(facts, ops):
    named = _section_paths(facts)
    assert len(named) >= 15, named  # the parser found the endpoints
    missing = sorted(p for p in named if p not in ops and p not in NOT_EVIDENCED)
    assert not missing, f"endpoints in the facts file but not in the spec: {missing}"
    invented = sorted(p for p in ops if p not in named)
    assert not invented, f"spec paths with no evidence in the facts file: {invented}"


def test_not_evidenced_paths_stay_out(ops):
    for path in NOT_EVIDENCED:
        assert path not in ops


def _table_rows(facts: str, heading: str) -> list[list[str]]:
    section = facts.split(heading, 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


TEXT2IMAGE_FAMILY = ("/text2image", "/text2image_sdxl", "/text2image_sdxl_lightning", "/text2image_flux")


def test_every_parameter_of_the_text2image_table_is_in_the_spec(facts, ops):
    """§0.3's table, field by field, with the family restrictions its own rows state."""
    rows = _table_rows(facts, "### 0.3 Parameter ranges and defaults")
    assert len(rows) >= 14
    for row in rows:
        names = re.findall(r"`([a-z0-9_]+)`", row[0])
        restriction = row[2] + " " + row[4]
        for name in names:
            if name == "transparent_background":  # "SDXL/Flux only"
                family = ("/text2image_sdxl", "/text2image_sdxl_lightning", "/text2image_flux")
            elif name == "refiner":  # "for SD1 and SDXL (not lightning)"
                family = ("/text2image", "/text2image_sdxl")
            elif name == "upscale":  # §15: "upscale: SD1"
                family = ("/text2image",)
            elif name in ("guidance", "sampler") and "flux" in restriction:
                family = TEXT2IMAGE_FAMILY[:3]
            else:
                family = (
                    TEXT2IMAGE_FAMILY if name not in ("sampler", "negative_prompt") else TEXT2IMAGE_FAMILY[:3]
                )
            for path in family:
                assert name in {p.name for p in ops[path].body_params}, f"{path} lacks {name} (facts §0.3)"


def test_text2image_ranges_and_enums_match_the_table(ops):
    op = ops["/text2image"]
    assert op.param("prompt").required
    assert op.param("prompt").schema["maxLength"] == 1000
    width = op.param("width").schema
    assert (width["minimum"], width["maximum"], width["multipleOf"]) == (320, 1024, 8)
    guidance = op.param("guidance").schema
    assert (guidance["minimum"], guidance["maximum"], guidance["default"]) == (-20, 20, 7)
    steps = op.param("steps").schema
    assert (steps["minimum"], steps["maximum"], steps["default"]) == (10, 150, 30)
    assert set(op.param("sampler").enum or ()) == {
        "ddim",
        "dpm",
        "dpm_single",
        "dpmpp_2m_karras",
        "euler",
        "euler_a",
        "k_lms",
        "pndm",
    }
    assert op.param("sampler").default == "dpmpp_2m_karras"
    assert op.param("format").enum == ("png", "jpg", "webp")
    assert op.param("seed").schema["maximum"] == 4294967295


def _endpoint_sections(facts: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for match in re.finditer(
        r"^## \d+\. `(?:POST|GET) (/[^`]+)`.*?$(.*?)(?=^## )", facts, re.MULTILINE | re.DOTALL
    ):
        out[match.group(1)] = match.group(2)
    return out


def _param_lines(section: str) -> str:
    """The "Params" bullets of a section, without clauses that say a field does NOT apply."""
    lines, taking = [], False
    for line in section.splitlines():
        if line.startswith("- "):
            # "Params", "Params seen", "Param notes", and content-type lines that list fields
            # ("JSON `{ "image": ... }`", "multipart `image` file + `format`").
            taking = "Param" in line or bool(re.match(r"- (JSON|multipart) `", line))
        if taking:
            lines.append(line)
    text = "\n".join(lines)
    text = re.sub(r"[^.;\n]*(?:not applicable|No source uses)[^.;\n]*", "", text)
    return re.sub(r"\b[Nn]o `?[a-z_]+`?", "", text)


def _model_ids(facts: str) -> set[str]:
    blocks = re.findall(r"```\n(.*?)```", facts, re.DOTALL)
    ids = {word for block in blocks for word in block.split()}
    ids |= set(re.findall(r"`([a-z0-9_]+(?:_1024px|_inpaint|_schnell|_dev|_pro))`", facts))
    return ids


def test_every_field_of_every_endpoint_section_is_in_the_spec(facts, ops):
    """Each endpoint's "Params" lines: every field they name is a body property of that operation."""
    sections = _endpoint_sections(facts)
    assert len(sections) >= 10
    vocabulary = {
        name
        for row in _table_rows(facts, "### 0.3 Parameter ranges and defaults")
        for name in re.findall(r"`([a-z0-9_]+)`", row[0])
    }
    models = _model_ids(facts)
    checked = 0
    for path, section in sections.items():
        if path not in ops or not ops[path].body_params:
            continue
        text = _param_lines(section)
        assert text.strip(), f"{path}: no Params lines found in the facts section"
        op = ops[path]
        values = {str(v) for p in op.params for v in (p.enum or ())} | {
            str(p.default).lower() for p in op.params
        }
        candidates = (
            set(re.findall(r"`([a-z][a-z0-9_]*)`", text))
            | {word for word in re.findall(r"\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b", text)}
            | {word for word in re.findall(r"\b([a-z_0-9]+)\b", text) if word in vocabulary}
        )
        fields = {c for c in candidates if c not in models and c not in values}
        have = {p.name for p in op.body_params}
        missing = sorted(fields - have)
        assert not missing, f"{path}: facts name {missing}, the spec lacks them"
        checked += len(fields)
    assert checked >= 60  # the parser really read fields


def test_section_14_fields_are_in_the_spec(facts, ops):
    for row in _table_rows(facts, "## 14. Other endpoints"):
        paths = re.findall(r"`(?:POST |GET )?(/[^`]+)`", row[0])
        fields_text = row[1].split(";")[0]
        if ":" not in fields_text or "no evidence" in row[1]:
            continue
        names = [n.strip(" `") for n in fields_text.split(":", 1)[1].split(",")]
        for path in paths:
            if path in NOT_EVIDENCED:
                continue
            have = {p.name for p in ops[path].body_params}
            for name in names:
                name = re.split(r"\s", name)[0]
                assert name in have, f"{path} lacks {name} (facts §14)"


def test_image_fields_are_base64_in_json_and_binary_in_multipart(ops):
    for op in ops.values():
        for param in op.image_params:
            json_schema = op.body_schemas["application/json"]["properties"][param.name]
            part_schema = op.body_schemas["multipart/form-data"]["properties"][param.name]
            assert json_schema["format"] == "byte", (op.path, param.name)
            assert part_schema["format"] == "binary", (op.path, param.name)


def test_generation_responses_are_images_with_billing_headers(ops):
    for op in ops.values():
        if op.method != "POST":
            continue
        assert op.paid, op.path
        assert op.returns_media, op.path
        for header in (
            "x-dezgo-job-amount-usd",
            "x-dezgo-balance-credits-usd",
            "x-dezgo-balance-debits-usd",
            "x-dezgo-balance-total-usd",
            "x-dezgo-balance-index",
            "x-dezgo-auth-userid",
        ):
            assert op.response_headers[header]["required"] is True, (op.path, header)
        media = set(op.response_media_types)
        assert media >= {"image/png", "image/jpeg", "image/webp"} or media == {"video/mp4"}, op.path


def test_request_media_types_follow_the_evidence(ops):
    for op in ops.values():
        if op.method != "POST":
            continue
        assert "application/json" in op.request_media_types, op.path  # "recommended" [S]
        assert "multipart/form-data" in op.request_media_types, op.path
        if "application/x-www-form-urlencoded" in op.request_media_types:
            assert not op.image_params, f"{op.path}: urlencoded 'is not recommended for binary data' [S]"
    for path in TEXT2IMAGE_FAMILY:
        assert "application/x-www-form-urlencoded" in ops[path].request_media_types


# --- confidence labels: the facts' tables against x-dezgo-evidence ----------------------------

EVIDENCE = "x-dezgo-evidence"
LEVELS = "SHMLG"  # strongest first


def _evidence_of(op: Operation, name: str) -> dict:
    return op.param(name).schema[EVIDENCE]


def _getting_started(facts: str) -> str:
    return facts.split("## S.", 1)[1].split("\n---", 1)[0]


def test_text2image_table_labels_are_the_recorded_levels(facts, spec, ops):
    """§0.3's Conf column, row by row, is what /text2image records (transparent_background: SDXL)."""
    checked = 0
    for row in _table_rows(facts, "### 0.3 Parameter ranges and defaults"):
        conf, default_cell = row[4], row[3]
        labelled = {k.strip(): v for k, v in re.findall(r"([a-z0-9/ ]+?):\s*([HMLG])\b", conf)}
        lead = re.match(r"([HMLG])\b", conf)
        for name in re.findall(r"`([a-z0-9_]+)`", row[0]):
            path = "/text2image_sdxl" if name == "transparent_background" else "/text2image"
            evidence = _evidence_of(ops[path], name)
            levels = evidence["constraints"]
            if "required" in labelled:  # prompt: "required: H; max 1000: M"
                assert levels["required"] == labelled["required"], name
                assert levels["maxLength"] == labelled["max 1000"], name
            elif "enum list" in labelled:  # sampler: "enum list: L (one schema) + values seen ..."
                assert levels["enum"] == labelled["enum list"], name
            elif "webp" in labelled:
                # format: "png/jpg: H; webp: L": the enum is as sure as its weakest value
                values = labelled.values()
                assert levels["enum"] == max(values, key=LEVELS.index), name
                assert evidence["confidence"] == min(values, key=LEVELS.index), name
                assert levels["default"] == "S", "PNG by default is on the Getting Started page"
            else:
                assert lead, (name, conf)
                assert evidence["confidence"] == lead.group(1), name
                # upscale: "H (param exists); value semantics M": the field is H, its values M
                semantics_label = re.search(r"value semantics ([HMLG])\b", conf)
                semantics = semantics_label.group(1) if semantics_label else lead.group(1)
                for key, level in levels.items():
                    if key in ("required", "minLength"):  # not in the table
                        continue
                    if key == "default":
                        if "[G]" in default_cell or "?" in default_cell or name == "upscale":
                            # upscale: the table says "off"; encoding it as 1 = none is our inference
                            assert level == "G", name
                        elif default_cell != "–":
                            assert level == semantics, name
                        continue
                    assert level == semantics, (name, key)
            checked += 1
    assert checked >= 17


def test_header_table_labels_are_the_recorded_levels(facts, spec, ops):
    """§0.1's Conf column, except where the Getting Started page names the header: S wins."""
    official = set(re.findall(r"`(x-dezgo-[a-z-]+)`", _getting_started(facts)))
    assert len(official) == 6
    headers = ops["/text2image"].response_headers
    rows = _table_rows(facts, "### 0.1 Response headers on successful generation")
    assert len(rows) >= 6
    for row in rows:
        name = re.findall(r"`([a-z-]+)`", row[0])[0]
        expected = "S" if name in official else row[3][0]
        assert headers[name][EVIDENCE]["confidence"] == expected, name


def test_other_endpoint_table_labels_are_the_recorded_levels(facts, spec, ops):
    """§14's Conf column for the operations it lists; an endpoint Getting Started documents is S."""
    official = _getting_started(facts)
    checked = 0
    for row in _table_rows(facts, "## 14. Other endpoints"):
        for path in re.findall(r"`(?:POST |GET )?(/[^`]+)`", row[0]):
            if path not in ops:
                continue
            expected = "S" if f"`GET {path}`" in official else row[3].strip()[0]
            op = spec["paths"][path][ops[path].method.lower()]
            assert op[EVIDENCE]["confidence"] == expected, path
            checked += 1
    assert checked >= 5
