"""One sheet saved as CSV has a route in the command line: `validate FILE.csv`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.cli.helpers import run

HEADER = [
    "Mã định danh",
    "Tên cơ quan, đơn vị",
    "Loại cơ quan",
    "Đơn vị hành chính (mã định danh)",
]
SO = "Cơ quan chuyên môn thuộc UBND tỉnh (sở, ban, ngành)"


def _csv(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_validate_reads_the_sheet_its_header_names(tmp_path: Path) -> None:
    _csv(tmp_path / "co-quan.csv", [["so-tp", "Sở Tư pháp", SO, "p-mh"]])
    result = run(tmp_path, "validate", "co-quan.csv", lang="default")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == ["hợp lệ: 1 bản ghi", "  Cơ quan, đơn vị: 1"]
    as_json = run(tmp_path, "validate", "co-quan.csv", "--format", "json")
    assert json.loads(as_json.stdout) == {
        "valid": True,
        "sheet": "agencies",
        "counts": {"agencies": 1},
    }


def test_validate_locates_every_problem_of_a_csv(tmp_path: Path) -> None:
    _csv(tmp_path / "co-quan.csv", [["so-tp", "Sở Tư pháp", SO, "p-mh"], ["so-x", "", "xx", ""]])
    result = run(tmp_path, "validate", "co-quan.csv", lang="default")
    assert result.returncode == 3
    assert "Trang 'Cơ quan, đơn vị', dòng 3, cột 'Loại cơ quan' (ô C3)" in result.stderr
    assert "(ô B3)" in result.stderr


def test_a_sheet_can_be_named_and_a_csv_is_not_a_dataset(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    unknown = run(tmp_path, "validate", "x.csv", lang="default")
    assert unknown.returncode == 2
    assert "--sheet" in unknown.stderr
    _csv(tmp_path / "co-quan.csv", [["so-tp", "Sở Tư pháp", SO, "p-mh"]])
    named = run(tmp_path, "validate", "co-quan.csv", "--sheet", "Agencies", "--lang", "en")
    assert named.returncode == 0, named.stderr
    assert named.stdout.startswith("valid: 1 records")
    report = run(tmp_path, "report", "co-quan.csv", "--period", "2023", lang="default")
    assert report.returncode == 2
    assert "vn-iso-qms validate" in report.stderr
    assert "import_csv" not in report.stderr  # no pointer to a Python function
