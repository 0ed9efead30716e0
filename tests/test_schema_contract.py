"""The published contract: the schemas and code tables in docs/schema, checked by a real client.

- The committed files are what the library generates (`scripts/export_schemas.py --check`).
- Ajv (JavaScript, draft 2020-12, strict mode, ajv-formats) compiles every published schema and
  agrees with `vn_iso_qms` on a table of valid and invalid documents. The rows a schema cannot
  express (links between records, date order, integers written as floats, ...) are listed in
  `BEYOND_SCHEMA` and asserted as exactly that: Ajv accepts them, the library refuses them.

`make test` installs Ajv first (`make js`: `npm ci` in tests/js from its lockfile); without
Node.js and those packages this test fails rather than skips, so CI cannot pass without it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import factories as f
from vn_iso_qms import (
    Evaluation,
    InvalidDataError,
    code_tables,
    demo_dataset,
    dump_dataset,
    evaluate,
    json_schema,
    load_dataset,
)
from vn_iso_qms._internal.schema import describe
from vn_iso_qms.reports import ProvinceReport, province_report

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "tests" / "js"
PUBLISHED = ROOT / "docs" / "schema" / "v1"

Doc = dict[str, Any]


def _base() -> Doc:
    doc: Doc = json.loads(dump_dataset(f.complete_dataset()))
    return doc


def _with(change: Callable[[Doc], None]) -> Doc:
    doc = _base()
    change(doc)
    return doc


def _set(path: str, value: Any) -> Callable[[Doc], None]:
    """A change that sets the value at a dotted path (ints index lists)."""

    def change(doc: Doc) -> None:
        parts: list[Any] = [int(p) if p.isdigit() else p for p in path.split(".")]
        node: Any = doc
        for part in parts[:-1]:
            node = node[part]
        node[parts[-1]] = value

    return change


def _add(collection: str, record: Doc) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        doc[collection].append(record)

    return change


_EVENT = {"id": "ev", "agency_id": "so-a", "date": "2023-05-01"}
_NC = {"id": "nc", "qms_id": "q-so-a", "raised_on": "2019-04-09"}

# id -> (document, the code the library must report, or None when it must accept it)
AGREE: dict[str, tuple[Doc, str | None]] = {
    "valid: base": (_base(), None),
    "valid: text that is only U+FEFF (not white space anywhere)": (
        _with(_set("agencies.0.name", "\ufeff")),
        None,
    ),
    "valid: renamed with its new name": (
        _with(_add("agency_events", {**_EVENT, "kind": "renamed", "new_name": "Sở B"})),
        None,
    ),
    "date: another form": (_with(_set("agencies.0.valid_from", "08/04/2019")), "date_parsing"),
    "date: no such day": (_with(_set("agencies.0.valid_from", "2019-02-30")), "date_parsing"),
    "date: a time": (_with(_set("agencies.0.valid_from", "2019-02-03T00:00:00")), "date_parsing"),
    "date: a timestamp string": (
        _with(_set("agencies.0.valid_from", "1549152000")),
        "date_parsing",
    ),
    "date: a number": (_with(_set("agencies.0.valid_from", 1549152000)), "date_type"),
    "text: blank": (_with(_set("agencies.0.name", "   ")), "string_pattern_mismatch"),
    "text: only U+0085 (white space to Python and Rust, not to JavaScript's \\s)": (
        _with(_set("agencies.0.name", "\x85")),
        "string_pattern_mismatch",
    ),
    "text: only U+3000": (_with(_set("agencies.0.name", "\u3000")), "string_pattern_mismatch"),
    "text: a control character": (
        _with(_set("agencies.0.name", "Sở\x1bA")),
        "string_pattern_mismatch",
    ),
    "document number: trailing U+00A0": (
        _with(_set("announcements.0.decision_number", "12/QĐ-UBND\xa0")),
        "string_pattern_mismatch",
    ),
    "id: a space": (_with(_set("agencies.0.parent_id", "so a")), "string_pattern_mismatch"),
    "code: unknown": (_with(_set("agencies.0.kind", "so")), "enum"),
    "field: unknown": (_with(_set("agencies.0.nickname", "A")), "extra_forbidden"),
    "field: missing": (
        _with(lambda d: d["agencies"][0].pop("name")),
        "missing",
    ),
    "flag: a string": (_with(_set("qms_units.0.separate_division", "false")), "bool_type"),
    "version: 2": (_with(_set("version", 2)), "literal_error"),
    "uniqueItems: an agency twice in agency_ids": (
        _with(_set("qms_units.0.agency_ids", ["so-a", "so-a"])),
        "duplicate_entry",
    ),
    "if/then: renamed without new_name": (
        _with(_add("agency_events", {**_EVENT, "kind": "renamed"})),
        "missing_field",
    ),
    "if/then: merged without successors": (
        _with(_add("agency_events", {**_EVENT, "kind": "merged_into"})),
        "missing_field",
    ),
    "if/then: a nonconformity from an audit without audit_id": (
        _with(_add("nonconformities", {**_NC, "source": "internal_audit"})),
        "missing_field",
    ),
    "if/then: from an inspection without inspection_id": (
        _with(_add("nonconformities", {**_NC, "source": "inspection", "audit_id": "dg19-so-a"})),
        "missing_field",
    ),
}
"""Rows where the schema and the library must agree."""

BEYOND_SCHEMA: dict[str, tuple[Doc, str]] = {
    "integer written as a float": (_with(_set("version", 1.0)), "literal_error"),
    "a finding number written as a float": (
        _with(_set("internal_audits.0.findings", [{"number": 1.0, "grade": "observation"}])),
        "int_type",
    ),
    "a link to nothing": (_with(_set("agencies.0.parent_id", "ghost")), "dangling_reference"),
    "a duplicate id": (
        _with(lambda d: d["processes"].append(dict(d["processes"][0]))),
        "duplicate_id",
    ),
    "dates out of order": (
        _with(_set("internal_audits.0.end", "2019-04-01")),
        "date_order",
    ),
    "the owner outside the agencies it covers": (
        _with(_set("qms_units.0.agency_ids", ["so-b"])),
        "inconsistent_fields",
    ),
}
"""Rows a JSON Schema cannot express: Ajv accepts them and the library refuses them."""


def _library(doc: Doc) -> list[str]:
    """The codes of the problems `load_dataset` reports ([] when it loads)."""
    try:
        load_dataset(text=json.dumps(doc, ensure_ascii=False))
    except InvalidDataError as exc:
        return [p.code for p in exc.problems]
    return []


def _published() -> dict[str, Any]:
    return {p.name: json.loads(p.read_text("utf-8")) for p in sorted(PUBLISHED.glob("*.json"))}


def _ajv(schemas: dict[str, Any], cases: list[dict[str, Any]]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "ajv").is_dir():
        pytest.fail("Node.js and Ajv are needed: run `make js` (npm ci in tests/js)")
    request = json.dumps({"schemas": schemas, "cases": cases}, ensure_ascii=False)
    done = subprocess.run(
        [node, str(JS / "check_schemas.js")],
        input=request.encode(),
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    answer: dict[str, Any] = json.loads(done.stdout)
    return {r["id"]: r for r in answer["results"]}


def test_the_published_files_are_what_the_library_generates() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "export_schemas.py"), "--check"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout.decode() + done.stderr.decode()


def test_the_table_rows_fail_for_the_reason_they_name() -> None:
    for name, (doc, code) in AGREE.items():
        codes = _library(doc)
        assert codes == ([] if code is None else [code]), name
    for name, (doc, code) in BEYOND_SCHEMA.items():
        assert _library(doc) == [code], name


def test_ajv_agrees_with_the_library_and_the_exceptions_are_the_listed_ones() -> None:
    schemas = _published()
    cases = [
        {"id": name, "schema": "dataset.schema.json", "doc": doc}
        for name, (doc, _) in {**AGREE, **BEYOND_SCHEMA}.items()
    ]
    ds = demo_dataset()
    year = 2023
    report = province_report(ds, year=year, province_id=ds.annual_plans[0].province_id)
    evaluation = evaluate(ds, as_of=dt.date(year, 12, 31))
    cases += [
        {"id": "demo", "schema": "dataset.schema.json", "doc": json.loads(dump_dataset(ds))},
        {
            "id": "report",
            "schema": "province-report.schema.json",
            "doc": json.loads(report.model_dump_json()),
        },
        {
            "id": "evaluation",
            "schema": "evaluation.schema.json",
            "doc": json.loads(evaluation.model_dump_json()),
        },
    ]
    results = _ajv({k: v for k, v in schemas.items() if k.endswith(".schema.json")}, cases)
    disagreements = {
        name: results[name]["errors"][:3]
        for name, (_, code) in AGREE.items()
        if results[name]["valid"] != (code is None)
    }
    assert disagreements == {}
    assert {name for name in BEYOND_SCHEMA if results[name]["valid"]} == set(BEYOND_SCHEMA)
    for name in ("demo", "report", "evaluation"):
        assert results[name]["valid"], results[name]["errors"][:5]
    # and the results read back in Python mode from their JSON, as a client would
    assert ProvinceReport.model_validate(cases[-2]["doc"]) == report
    assert Evaluation.model_validate(cases[-1]["doc"]) == evaluation


def test_every_date_has_a_pattern_and_no_pattern_uses_backslash_s() -> None:
    text = json.dumps(_published())
    schemas = [v for k, v in _published().items() if k.endswith(".schema.json")]
    for schema in schemas:
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"].startswith("urn:vn-iso-qms:schema:1:")
    assert _published()["dataset.schema.json"]["$id"] == "urn:vn-iso-qms:schema:1:QmsDataset"
    report = _published()["province-report.schema.json"]
    assert report["$id"] == "urn:vn-iso-qms:schema:1:ProvinceReport:output"

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("format") == "date":
                assert node.get("pattern") == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", node
            if isinstance(node.get("pattern"), str):
                assert not re.search(r"\\[sSdDwWbB]", node["pattern"]), node["pattern"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for schema in schemas:
        walk(schema)
    assert '"format": "date"' in text


def test_descriptions_are_for_integrators() -> None:
    text = json.dumps(json_schema(), ensure_ascii=False)
    assert ">>>" not in text
    assert not re.search(r"\]\[[\w.]*\]", text), "documentation link markup"
    assert not re.search(r"\bNone\b|\bTrue\b|\bFalse\b|\btuple\b", text)
    assert describe("[`X`][vn_iso_qms.X] or None.\n\nExamples:\n    >>> 1") == "`X` or null."


def test_json_schema_is_cached_and_returns_a_fresh_copy() -> None:
    first = json_schema()
    first["title"] = "changed"
    assert json_schema()["title"] == "QmsDataset"
    assert json_schema() == json_schema()


def test_code_tables_cover_every_vocabulary_in_the_schema() -> None:
    tables = code_tables()
    assert tables["format"] == "vn_iso_qms.code_tables"
    schema = json_schema()
    enums = {name: d["enum"] for name, d in schema["$defs"].items() if "enum" in d}
    assert enums
    for name, codes in enums.items():
        table = tables["tables"][name]
        assert [row["code"] for row in table["codes"]] == codes, name
        assert all(row["vi"] and row["en"] for row in table["codes"]), name
        assert table["source"], name


def test_the_javascript_example_of_the_docs_prints_what_the_page_shows(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "ajv").is_dir():
        pytest.fail("Node.js and Ajv are needed: run `make js` (npm ci in tests/js)")
    page = (ROOT / "docs" / "how-to" / "validate-from-another-language.md").read_text("utf-8")
    doc = json.loads(dump_dataset(demo_dataset()))
    (tmp_path / "good.json").write_text(json.dumps(doc), encoding="utf-8")
    doc["agencies"][0]["kind"] = "so"
    doc["agencies"][1]["valid_from"] = "01/04/2008"
    doc["processes"][3]["qms_id"] = "q-khong-co"
    (tmp_path / "bad.json").write_text(json.dumps(doc), encoding="utf-8")
    outputs = {}
    for name in ("good", "bad"):
        done = subprocess.run(
            [
                node,
                str(ROOT / "examples" / "js" / "validate_dataset.js"),
                str(PUBLISHED / "dataset.schema.json"),
                str(tmp_path / f"{name}.json"),
            ],
            capture_output=True,
            check=False,
            env={"NODE_PATH": str(JS / "node_modules"), "PATH": str(Path(node).parent)},
            timeout=60,
        )
        assert not done.stderr, done.stderr.decode()
        outputs[name] = (done.returncode, done.stdout.decode())
    assert outputs["good"] == (0, "valid\n")
    code, printed = outputs["bad"]
    assert code == 1
    assert "it prints `valid`" in page
    assert f"```text\n{printed}```" in page
    assert "/processes/3" not in printed  # the link to nothing is the library's to find
