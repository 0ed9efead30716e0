"""The `vn-iso-qms` command line: figures, exports, edits that move figures, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.cli.helpers import invoke

CLI = [sys.executable, "-m", "vn_iso_qms"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m vn_iso_qms *args`, in this process when that is indistinguishable (helpers)."""
    return invoke(args, {"PATH": "", "COLUMNS": "200", "NO_COLOR": "1"})


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "d.json"
    result = run("demo", "--export-dataset", str(path))
    assert result.returncode == 0, result.stderr
    return path


def _figures(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    out = {}
    for f in data["figures"]:
        out[f["key"]] = f"{f['value']}/{f['total']}" if f["total"] is not None else str(f["value"])
    return out


def test_demo_prints_the_seed_figures(exported: Path) -> None:
    result = run("demo")
    assert result.returncode == 0, result.stderr
    for text in (
        "165",
        "163/163 (100.0%)",
        "134/134 (100.0%)",
        "29/29 (100.0%)",
        "134/163 (82.2%)",
        "Kiểm tra tại trụ sở - Sở, ban, ngành tỉnh",
        "20/20 (100.0%)",
    ):
        assert text in result.stdout, text


def test_exported_dataset_gives_the_same_figures_through_report(exported: Path) -> None:
    figures = _figures(run("report", str(exported), "--period", "2023", "--format", "json"))
    demo = _figures(run("demo", "--format", "json"))
    assert figures == demo
    assert figures["completed.levels"] == "134/134"
    assert figures["inspection.on_site"] == "20"


def _edit(
    exported: Path, tmp_path: Path, collection: str, record_id: str, **changes: object
) -> Path:
    doc = json.loads(exported.read_text(encoding="utf-8"))
    items = doc[collection]
    if changes.pop("_delete", False):
        doc[collection] = [r for r in items if r["id"] != record_id]
    else:
        next(r for r in items if r["id"] == record_id).update(changes)
    out = tmp_path / "edited.json"
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return out


@pytest.mark.parametrize(
    ("collection", "record_id", "changes", "key", "expected"),
    [
        (
            "internal_audits",
            "dg-2023-ubnd-huyen-an-lac",
            {"_delete": True},
            "completed.levels",
            "133/134",
        ),
        ("inspections", "kt-2023-so-y-te", {"form": "desk"}, "inspection.on_site", "19"),
        ("activities", "hd-2023-cong-an-tinh-dt", {"date": "2023-12-20"}, "on_plan.total", "28/29"),
        ("agencies", "so-noi-vu", {"valid_to": "2023-05-31"}, "registry.ended", "3"),
    ],
)
def test_editing_one_record_moves_the_matching_figure(
    exported: Path,
    tmp_path: Path,
    collection: str,
    record_id: str,
    changes: dict[str, object],
    key: str,
    expected: str,
) -> None:
    if collection == "agencies":
        # ending a unit needs its event too, or the dataset is inconsistent
        doc = json.loads(exported.read_text(encoding="utf-8"))
        doc["agency_events"].append(
            {"id": "ev-x", "agency_id": record_id, "kind": "dissolved", "date": "2023-06-01"}
        )
        exported = tmp_path / "with-event.json"
        exported.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    edited = _edit(exported, tmp_path, collection, record_id, **changes)
    figures = _figures(run("report", str(edited), "--period", "2023", "--format", "json"))
    assert figures[key] == expected


def test_invalid_file_gives_located_errors_and_exit_code_3(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"agencies": [{"id": "a", "name": "Sở", "kind": "bo"}]}), encoding="utf-8"
    )
    result = run("validate", str(bad))
    assert result.returncode == 3
    assert "agency a, field kind" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_is_exit_code_4(tmp_path: Path) -> None:
    result = run("report", str(tmp_path / "nope.json"), "--period", "2023", "--lang", "en")
    assert result.returncode == 4
    assert "does not exist" in result.stderr
    vietnamese = run("report", str(tmp_path / "nope.json"), "--period", "2023")
    assert vietnamese.returncode == 4
    assert "không có tệp" in vietnamese.stderr


def test_bad_date_is_a_usage_error(exported: Path) -> None:
    result = run("evaluate", str(exported), "--as-of", "31-12-2023", "--lang", "en")
    assert result.returncode == 2
    assert "YYYY-MM-DD or dd/mm/yyyy" in result.stderr
    vietnamese = run("evaluate", str(exported), "--as-of", "31-12-2023")
    assert vietnamese.returncode == 2
    assert "dd/mm/yyyy hoặc YYYY-MM-DD" in vietnamese.stderr


def test_evaluate_accepts_vietnamese_dates_and_prints_verdicts(exported: Path) -> None:
    result = run(
        "evaluate",
        str(exported),
        "--as-of",
        "31/12/2023",
        "--agency",
        "so-tu-phap",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    verdicts = json.loads(result.stdout)["verdicts"]
    assert {(v["kind"], v["status"]) for v in verdicts} == {
        ("completed", "met"),
        ("on_plan", "not_applicable"),
    }


def test_report_formats_and_english(exported: Path, tmp_path: Path) -> None:
    md = run("report", str(exported), "--period", "2023", "--format", "markdown", "--lang", "en")
    assert "Completed - all management levels | 134/134 (100.0%)" in md.stdout
    csv_out = tmp_path / "r.csv"
    result = run(
        "report", str(exported), "--period", "2023", "--format", "csv", "--output", str(csv_out)
    )
    assert result.returncode == 0, result.stderr
    assert csv_out.read_text(encoding="utf-8").startswith("figure,label,value")


def test_report_xlsx_opens_with_openpyxl(exported: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    result = run(
        "report", str(exported), "--period", "2023", "--format", "xlsx", "--output", str(out)
    )
    assert result.returncode == 0, result.stderr
    wb = load_workbook(out)
    summary = wb["Tổng hợp"]
    # the figure code (for tools) is the last column; people read label and figure first
    rows = {r[-1]: r for r in summary.iter_rows(min_row=2, values_only=True)}
    assert rows["completed.levels"][1:3] == ("134/134 (100.0%)", 134)
    # the 1/3 minimum reads as a requirement beside what was done, not as an achievement
    assert rows["inspection.minimum_on_site"][1] == "12 / 20"
    assert "(1/3 của 36 đơn vị) / đã kiểm tra" in str(rows["inspection.minimum_on_site"][0])
    assert "Phụ lục II" in wb.sheetnames


def test_schema_and_rules(tmp_path: Path) -> None:
    schema = json.loads(run("schema").stdout)
    assert schema["title"] == "QmsDataset"
    agency = json.loads(run("schema", "--record", "Agency").stdout)
    assert agency["title"] == "Agency"
    assert run("schema", "--record", "Nope").returncode == 2
    listing = run("rules", "--lang", "en")
    assert "yearly_internal_audit" in listing.stdout
    assert "QĐ 19/2014/QĐ-TTg Art. 4.4.b" in listing.stdout


def test_compare_and_rollup(exported: Path) -> None:
    compare = run("compare", str(exported), "--period", "2023")
    assert compare.returncode == 0, compare.stderr
    assert "reporting_year+ceil" in compare.stdout
    rollup = run("rollup", str(exported), "--period", "2023")
    assert "Tỉnh Minh Hòa" in rollup.stdout
