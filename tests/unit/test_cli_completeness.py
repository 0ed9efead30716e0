"""`vn-iso-qms completeness` and the not-reported warning of `validate` (issue 18)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.unit.test_cli import run


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("cli18") / "d.json"
    result = run("demo", "--export-dataset", str(path))
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_completeness_lists_the_missing_announcement_number_with_its_provision(
    raw: dict[str, Any], tmp_path: Path
) -> None:
    data = json.loads(json.dumps(raw))
    ann = data["announcements"][0]
    del ann["decision_number"]
    path = _write(tmp_path, data)
    table = run("completeness", str(path), "--lang", "en")
    assert table.returncode == 0, table.stderr
    assert "Number of the announcement decision" in table.stdout
    assert "QĐ 19/2014/QĐ-TTg Art. 4.3" in table.stdout
    as_json = run("completeness", str(path), "--format", "json", "--province", "p-mh")
    assert as_json.returncode == 0, as_json.stderr
    missing = json.loads(as_json.stdout)["missing"]
    assert [(m["record_id"], m["field"]) for m in missing] == [(ann["id"], "decision_number")]


def test_completeness_of_a_complete_dataset_says_so(raw: dict[str, Any], tmp_path: Path) -> None:
    result = run("completeness", str(_write(tmp_path, raw)), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "No missing facts." in result.stdout


def test_validate_and_report_name_an_agency_in_no_province(
    raw: dict[str, Any], tmp_path: Path
) -> None:
    data = json.loads(json.dumps(raw))
    data["agencies"].append({"id": "cong-an-x", "name": "Công an X", "kind": "other"})
    path = _write(tmp_path, data)
    validated = run("validate", str(path), "--lang", "en")
    assert validated.returncode == 0, validated.stderr
    assert "warning: 1 record(s) in no province's report" in validated.stderr
    assert "Agencies cong-an-x: Công an X: neither the unit nor any agency above it" in (
        validated.stderr
    )
    report = run("report", str(path), "--period", "2023", "--format", "json")
    assert report.returncode == 0, report.stderr
    figure = next(
        f for f in json.loads(report.stdout)["figures"] if f["key"] == "registry.not_reported"
    )
    assert [u["id"] for u in figure["units"]] == ["cong-an-x"]
    assert figure["notes"][0]["code"] == "no_admin_unit"
    clean = run("validate", str(_write(tmp_path, raw)))
    assert "warning" not in clean.stdout
