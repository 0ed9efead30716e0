"""A row typed into the wrong sheet is refused where it does not fit, never read silently.

The case from the field: an internal audit's row (id, QMS, start, end, auditors) typed into the
"Xem xét của lãnh đạo" sheet. Its end date lands in the review's "chair" column, and before this
check the row imported as a management review chaired by "02/06/2023", which turned the unit's
"completed" verdict (QĐ 19/2014/QĐ-TTg, Art. 4.4.b: a management review each year) from not met
to met.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from vn_iso_qms import InvalidDataError, RuleStatus, VerdictKind, demo_dataset, evaluate
from vn_iso_qms._internal.spreadsheet import SheetProblem
from vn_iso_qms._internal.spreadsheet.cells import CellError, read_cell
from vn_iso_qms._internal.spreadsheet.layout import SHEET_BY_KEY
from vn_iso_qms.spreadsheet import export_workbook, import_workbook

REVIEWS = "Xem xét của lãnh đạo"
AGENCY = "so-tu-phap"
AS_OF = dt.date(2023, 12, 31)


def _workbook_without_the_2023_review() -> tuple[bytes, str]:
    """The demo workbook with the 2023 management review of Sở Tư pháp's QMS removed."""
    ds = demo_dataset()
    qms = next(q.id for q in ds.qms_units if AGENCY in q.agency_ids)
    wb = load_workbook(io.BytesIO(export_workbook(ds, lang="vi")))
    ws = wb[REVIEWS]
    keys = {c.value: c.column for c in ws[1] if c.value}
    rows = [
        r
        for r in range(3, ws.max_row + 1)
        if ws.cell(r, keys["qms_id"]).value == qms
        and getattr(ws.cell(r, keys["date"]).value, "year", None) == 2023
    ]
    assert len(rows) == 1, rows
    ws.delete_rows(rows[0])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), qms


def _completed(data: bytes) -> RuleStatus:
    ds = import_workbook(data)
    return evaluate(ds, as_of=AS_OF).verdict(AGENCY, VerdictKind.COMPLETED).status


def _with_row(data: bytes, values: list[str | dt.datetime]) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[REVIEWS]
    row = ws.max_row + 1
    for col, value in enumerate(values, start=1):
        ws.cell(row, col, value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_audit_row_in_the_review_sheet_cannot_change_the_verdict() -> None:
    data, qms = _workbook_without_the_2023_review()
    # Without a 2023 review the unit is not completed (QĐ 19 Art. 4.4.b).
    assert _completed(data) is RuleStatus.NOT_MET
    # The audit's row as a clerk types it: id, QMS, start, end, auditors (dates typed as text).
    audit_row: list[str | dt.datetime] = [
        "dg-2023-tp",
        qms,
        "01/06/2023",
        "02/06/2023",
        "Nguyễn Văn An",
    ]
    with pytest.raises(InvalidDataError) as caught:
        import_workbook(_with_row(data, audit_row))
    problems = [p for p in caught.value.problems if isinstance(p, SheetProblem)]
    assert [p.code for p in problems] == ["date_in_name"]
    problem = problems[0]
    assert problem.sheet == REVIEWS
    assert problem.field == "Chủ trì"  # the review's chair column, where the end date landed
    assert [c[0] for c in problem.cells] == ["D"]
    assert "02/06/2023" in problem.text("vi")
    assert "đúng trang" in problem.text("vi")


def test_the_same_row_with_a_real_date_cell_is_refused_too() -> None:
    data, qms = _workbook_without_the_2023_review()
    row: list[str | dt.datetime] = [
        "dg-2023-tp",
        qms,
        dt.datetime(2023, 6, 1),
        dt.datetime(2023, 6, 2),
    ]
    with pytest.raises(InvalidDataError) as caught:
        import_workbook(_with_row(data, row))
    assert [p.code for p in caught.value.problems] == ["not_text"]


def test_a_real_review_row_still_imports_and_counts() -> None:
    data, qms = _workbook_without_the_2023_review()
    review: list[str | dt.datetime] = ["xx-2023-tp", qms, "15/11/2023", "Giám đốc Sở"]
    assert _completed(_with_row(data, review)) is RuleStatus.MET


@pytest.mark.parametrize("value", ["02/06/2023", "2/6/2023", "2023-06-02", " 02/06/2023 "])
def test_a_date_in_a_name_column_is_refused(value: str) -> None:
    sheet = SHEET_BY_KEY["management_reviews"]
    chair = sheet.column("chair")
    assert chair is not None
    with pytest.raises(CellError) as caught:
        read_cell(value, chair)
    assert caught.value.code == "date_in_name"


@pytest.mark.parametrize(
    ("sheet", "column", "value"),
    [
        ("management_reviews", "chair", "Giám đốc Sở, ngày 02/06/2023"),
        ("management_reviews", "inputs.previous_actions", "02/06/2023"),  # free text
        ("agencies", "name", "Sở Tư pháp"),
    ],
)
def test_text_that_is_not_only_a_date_is_kept(sheet: str, column: str, value: str) -> None:
    col = SHEET_BY_KEY[sheet].column(column)
    assert col is not None
    assert read_cell(value, col) == value


def test_a_name_in_a_date_column_and_a_code_of_another_list_are_refused() -> None:
    sheet = SHEET_BY_KEY["management_reviews"]
    date = sheet.column("date")
    assert date is not None
    with pytest.raises(CellError):
        read_cell("Giám đốc Sở", date)
    kind = SHEET_BY_KEY["agencies"].column("kind")
    assert kind is not None
    with pytest.raises(CellError) as caught:
        read_cell("Đánh giá nội bộ", kind)  # an activity kind, not an agency kind
    assert caught.value.code == "unknown_code"
