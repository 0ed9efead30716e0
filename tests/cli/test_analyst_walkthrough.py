"""An analyst's afternoon, scripted: template -> filled with mistakes -> validate -> fix -> import
-> evaluate -> report, all through the `vn-iso-qms` command as a person runs it.

The analyst types dates the Vietnamese way (dd/mm/yyyy), picks labels from the drop-downs (and
misspells one), and puts mistakes where they happen in real workbooks: an end date before a
start date (two cells), an id with an invisible trailing space, an illegal step in the
corrective-action log (a child sheet), and a planned activity that names an agency whose own
row is wrong (a knock-on problem). Every message must name the sheet, row, column and cell in
Vietnamese, and following the cells the messages name must be enough to fix the workbook.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.cli.helpers import fill, run

ROWS: dict[str, list[dict[str, Any]]] = {
    "Đơn vị hành chính": [
        {"id": "p-mh", "name": "Tỉnh Minh Hòa", "level": "Cấp tỉnh"},
    ],
    "Cơ quan, đơn vị": [
        {
            "id": "so-tp",
            "name": "Sở Tư pháp",
            "kind": "Cơ quan chuyên môn thuộc UBND tỉnh (sở, ban, ngành)",
            "admin_unit_id": "p-mh",
            "valid_from": "01/04/2008",
            "valid_to": "01/01/2001",  # mistake 1: ends before it begins (two cells)
        },
        {
            "id": "cong-an-tinh",
            "name": "Công an tỉnh Minh Hòa",
            "kind": "Cong an tinh",  # mistake 2: no diacritics, not a label of the list
            "admin_unit_id": "p-mh",
        },
    ],
    "HTQLCL": [
        {
            "id": "q-stp",
            "name": "HTQLCL Sở Tư pháp",
            "owner_agency_id": "so-tp ",  # mistake 3: an invisible trailing space
            "agency_ids": "so-tp",
        },
    ],
    "Sự không phù hợp": [
        {
            "id": "kph-1",
            "qms_id": "q-stp",
            "source": "Khác",
            "raised_on": "10/05/2023",
            "grade": "Không phù hợp nhẹ",
            "description": "Hồ sơ chưa lưu đúng quy định",
        },
    ],
    "Hành động khắc phục": [
        {
            "id": "hdkp-1",
            "nonconformity_id": "kph-1",
            "responsible": "Văn phòng",
            "due_on": "09/06/2023",
        },
    ],
    "Nhật ký khắc phục": [
        {"corrective_action_id": "hdkp-1", "state": "Đề xuất", "on": "10/05/2023"},
        # mistake 4: "closed" cannot follow "proposed" (a child-sheet row)
        {"corrective_action_id": "hdkp-1", "state": "Đã đóng", "on": "12/05/2023"},
    ],
    "Kế hoạch năm": [
        {
            "id": "kh-2023",
            "province_id": "p-mh",
            "year": 2023,
            "decision_number": "35/QĐ-UBND",
            "approved_on": "16/01/2023",
            "approver": "Chủ tịch UBND tỉnh",
        },
    ],
    "Hoạt động kế hoạch": [
        {
            "id": "kh-2023-stp-dg",
            "plan_id": "kh-2023",
            "agency_id": "so-tp",  # knock-on: so-tp's row is rejected (mistake 1)
            "kind": "Đánh giá nội bộ",
            "due_on": "31/10/2023",
        },
    ],
}


def run_vi(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command as the analyst runs it: no language chosen, so Vietnamese throughout."""
    return run(cwd, *args, lang="default")


def problem_lines(stderr: str) -> list[str]:
    return [ln.strip() for ln in stderr.splitlines() if ln.strip().startswith(("- ", "↳ "))]


def line_about(lines: list[str], code: str) -> str:
    found = [ln for ln in lines if ln.endswith(f"[{code}]")]
    assert len(found) == 1, (code, lines)
    return found[0]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("analyst")


def test_the_analyst_walkthrough(workdir: Path) -> None:
    # 1. The template, in Vietnamese by default; it is never written over silently.
    made = run_vi(workdir, "template", "mau.xlsx")
    assert made.returncode == 0, made.stderr
    assert made.stderr.strip() == "đã ghi mẫu biểu vào mau.xlsx"
    fill(workdir / "mau.xlsx", ROWS)
    again = run_vi(workdir, "template", "mau.xlsx")
    assert again.returncode == 2
    assert "--force" in again.stderr
    assert load_workbook(workdir / "mau.xlsx")["Cơ quan, đơn vị"]["A3"].value == "so-tp"

    # 2. Check before import: every mistake, in Vietnamese, at its sheet, row, column and cell.
    checked = run_vi(workdir, "validate", "mau.xlsx")
    assert checked.returncode == 3, checked.stderr
    assert "Traceback" not in checked.stderr
    assert checked.stderr.startswith(
        "Bảng tính có lỗi: 4 lỗi, và 2 lỗi kéo theo (ghi dưới lỗi gây ra)\n"
    )
    lines = problem_lines(checked.stderr)

    order = line_about(lines, "date_order")
    assert order.startswith(
        "- Trang 'Cơ quan, đơn vị', dòng 3, cột 'Hiệu lực đến ngày' và 'Hiệu lực từ ngày' "
        "(ô I3 và H3):"
    ), order
    assert "'01/01/2001'" in order  # the date as typed, not 2001-01-01
    assert "'01/04/2008'" in order
    assert "sớm hơn" in order

    kind = line_about(lines, "unknown_code")
    assert kind.startswith("- Trang 'Cơ quan, đơn vị', dòng 4, cột 'Loại cơ quan' (ô D4):"), kind
    assert "có phải ý bạn là 'Công an tỉnh'?" in kind

    space = line_about(lines, "string_pattern_mismatch")
    assert space.startswith("- Trang 'HTQLCL', dòng 3, cột 'Cơ quan chủ trì (mã định danh)' (ô C3)")
    assert "'so-tp␠'" in space  # the trailing space made visible
    assert "mã định danh" in space

    log = line_about(lines, "state_transition")
    # reported on the child sheet's own row, naming the row before it too
    assert log.startswith("- Trang 'Nhật ký khắc phục', dòng 4, cột 'Trạng thái' (ô B4 và B3):")
    assert "'Đã đóng' không thể tiếp sau 'Đề xuất'" in log

    knock_on = next(ln for ln in lines if ln.startswith("↳ Trang 'Hoạt động kế hoạch'"))
    assert knock_on.startswith("↳ Trang 'Hoạt động kế hoạch', dòng 3, cột 'Cơ quan thực hiện")
    assert knock_on.endswith("[dangling_reference]")
    assert "trang 'Cơ quan, đơn vị', dòng 3" in knock_on
    # grouped right under its cause (the last problem of that row)
    assert lines.index(knock_on) == lines.index(order) + 1

    # sorted by sheet (workbook order), then row
    sheets = [
        "Cơ quan, đơn vị",
        "Cơ quan, đơn vị",
        "HTQLCL",
        "Nhật ký khắc phục",
    ]
    shown = [re.match(r"- Trang '([^']+)'", ln) for ln in lines if ln.startswith("- ")]
    assert [m[1] for m in shown if m] == sheets

    # 3. Fix from the messages: a tool reads the cells from the JSON form of the same problems.
    as_json = run_vi(workdir, "validate", "mau.xlsx", "--format", "json")
    assert as_json.returncode == 3
    doc = json.loads(as_json.stdout)
    fixes = {
        "date_order": "",  # clear "valid to": the unit still exists
        "unknown_code": "Công an tỉnh",
        "string_pattern_mismatch": "so-tp",
        "state_transition": "Đã phê duyệt",
    }
    wb = load_workbook(workdir / "mau.xlsx")
    for problem in doc["problems"]:
        ws = wb[problem["sheet"]]
        ws[problem["cells"][0]] = fixes[problem["code"]] or None
    wb.save(workdir / "mau-da-sua.xlsx")
    assert run_vi(workdir, "validate", "mau-da-sua.xlsx").returncode == 0

    # 4. Import, evaluate, report.
    imported = run_vi(workdir, "import", "mau-da-sua.xlsx", "--output", "tinh.json")
    assert imported.returncode == 0, imported.stderr
    assert re.fullmatch(r"đã ghi \d+ bản ghi vào tinh\.json\n", imported.stderr)
    evaluated = run_vi(workdir, "evaluate", "tinh.json", "--as-of", "31/12/2023")
    assert evaluated.returncode == 0, evaluated.stderr
    assert "Kết quả đánh giá tại ngày 31/12/2023" in evaluated.stdout
    assert "Công an tỉnh Minh Hòa" in evaluated.stdout
    reported = run_vi(workdir, "report", "tinh.json", "--period", "2023", "-o", "bao-cao.xlsx")
    assert reported.returncode == 0, reported.stderr
    summary = load_workbook(workdir / "bao-cao.xlsx")["Tổng hợp"]
    assert [c.value for c in summary[1]][:2] == ["Chỉ tiêu", "Số liệu"]
