"""Spreadsheets: the XLSX template, import (located errors, safety), export round trip, CSV."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import subprocess
import sys
import time
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter
from tests.strategies import datasets

from vn_iso_qms import (
    AdministrativeUnit,
    AdminUnitLevel,
    Agency,
    AgencyKind,
    ChecklistItem,
    ChecklistResult,
    EIsoUse,
    FindingGrade,
    InputTooLargeError,
    Inspection,
    InspectionFinding,
    InspectionForm,
    InternalAudit,
    InvalidDataError,
    ManagementLevel,
    ManagementReview,
    Problem,
    QmsDataset,
    QmsError,
    QmsUnit,
    ReviewInputs,
    Tthc,
    evolve,
)
from vn_iso_qms._internal.ooxml import escape_xstring, unescape_xstring
from vn_iso_qms._internal.spreadsheet import (
    MissingExtraError,
    SpreadsheetExportError,
    export_workbook,
    import_csv,
    import_workbook,
    write_template,
)
from vn_iso_qms._internal.spreadsheet.cells import CellError, read_date, read_int
from vn_iso_qms._internal.spreadsheet.layout import (
    SHEET_BY_KEY,
    SHEETS,
    uncovered_fields,
    vocabularies,
)
from vn_iso_qms._internal.spreadsheet.source import check_transitional
from vn_iso_qms._internal.text import fold

D = dt.date
VI = {s.key: s.vi for s in SHEETS}
"""Vietnamese sheet names by key."""


# --- helpers ------------------------------------------------------------------------------------


def small_dataset() -> QmsDataset:
    """A few records of several kinds, with nested rows, Vietnamese text and optional fields."""
    return QmsDataset(
        name="Tỉnh Thử nghiệm 2023",
        admin_units=(
            AdministrativeUnit(id="p-tn", name="Tỉnh Thử nghiệm", level=AdminUnitLevel.PROVINCE),
        ),
        agencies=(
            Agency(
                id="so-tp",
                name="Sở Tư pháp",
                kind=AgencyKind.PROVINCIAL_DEPARTMENT,
                admin_unit_id="p-tn",
                valid_from=D(2008, 4, 1),
            ),
            Agency(
                id="so-tc",
                name="Sở Tài chính",
                short_name="STC",
                kind=AgencyKind.PROVINCIAL_DEPARTMENT,
                level=ManagementLevel.PROVINCIAL,
            ),
        ),
        tthc=(
            Tthc(
                id="t1",
                code="1.000010",
                name="Cấp phiếu lý lịch tư pháp",
                agency_ids=("so-tp", "so-tc"),
                published_on=D(2019, 1, 15),
            ),
        ),
        qms_units=(
            QmsUnit(
                id="q-so-tp",
                name="HTQLCL Sở Tư pháp",
                owner_agency_id="so-tp",
                agency_ids=("so-tp",),
                eiso=(
                    EIsoUse(product="ISO điện tử A", since=D(2020, 1, 2), until=D(2021, 12, 31)),
                    EIsoUse(product="ISO điện tử B", since=D(2022, 1, 1)),
                ),
            ),
        ),
        internal_audits=(
            InternalAudit(
                id="dg-1",
                qms_id="q-so-tp",
                start=D(2023, 5, 8),
                end=D(2023, 5, 10),
                auditors=("Nguyễn Văn A", "Trần Thị B"),
                clauses=("7.5", "8.2"),
            ),
        ),
        management_reviews=(
            ManagementReview(
                id="xx-1",
                qms_id="q-so-tp",
                date=D(2023, 6, 1),
                chair="Giám đốc Sở",
                inputs=ReviewInputs(objectives="Đạt 95% mục tiêu"),
            ),
        ),
        inspections=(
            Inspection(
                id="kt-1",
                agency_id="so-tp",
                form=InspectionForm.ON_SITE,
                inspected_on=D(2023, 6, 5),
                checklist=(
                    ChecklistResult(item=ChecklistItem.G1_A_SCOPE, met=True),
                    ChecklistResult(
                        item=ChecklistItem.G2_E_CONSULTANT, met=None, note="Không thuê"
                    ),
                    ChecklistResult(item=ChecklistItem.G1_B_COMMUNICATED, met=False),
                ),
                findings=(
                    InspectionFinding(
                        item=ChecklistItem.G1_B_COMMUNICATED,
                        grade=FindingGrade.MINOR_NONCONFORMITY,
                        description="Chưa phổ biến quy trình mới",
                    ),
                ),
            ),
        ),
    )


def load(data: bytes) -> openpyxl.Workbook:
    """Open workbook bytes for editing, as a clerk's Excel would."""
    return openpyxl.load_workbook(io.BytesIO(data))


def save(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column_of(sheet: Any, key: str) -> int:
    """1-based column of the machine key `key` (row 1)."""
    for cell in sheet[1]:
        if cell.value == key:
            return int(cell.column)
    raise AssertionError(key)


def put(sheet: Any, row: int, values: dict[str, Any]) -> None:
    """Write `values` (by machine key) into `row`."""
    for key, value in values.items():
        sheet.cell(row, column_of(sheet, key), value)


def patch_zip(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """Rewrite one part of an .xlsx archive."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == part:
                content = change(content)
            dst.writestr(info, content)
    return out.getvalue()


def sheet_part(data: bytes, title: str) -> str:
    """The archive path of the worksheet named `title` (openpyxl writes them in order)."""
    names = load(data).sheetnames
    return f"xl/worksheets/sheet{names.index(title) + 1}.xml"


def problems_of(exc: pytest.ExceptionInfo[InvalidDataError]) -> list[Problem]:
    return list(exc.value.problems)


def find(problems: list[Problem], **where: Any) -> Problem:
    for p in problems:
        if all(getattr(p, k) == v for k, v in where.items()):
            return p
    listing = "\n".join(p.describe() + f" (index={p.index}, field={p.field})" for p in problems)
    raise AssertionError(f"no problem with {where} among:\n{listing}")


# --- layout ------------------------------------------------------------------------------------


def test_every_field_of_every_record_has_a_column_or_a_child_sheet() -> None:
    assert uncovered_fields() == []


def test_sheet_names_are_valid_and_unambiguous() -> None:
    owner: dict[str, str] = {}
    for spec in SHEETS:
        for name in (spec.vi, spec.en):
            assert len(name) <= 31, name
            assert not set(name) & set("[]:*?/\\"), name
        for name in (spec.vi, spec.en, spec.key):
            assert owner.setdefault(fold(name), spec.key) == spec.key, name
        column_owner: dict[str, str] = {}
        for col in spec.columns:
            for title in (col.vi, col.en, col.key):
                assert column_owner.setdefault(fold(title), col.key) == col.key, (spec.key, title)


def test_vocabulary_labels_map_back_to_one_member() -> None:
    for enum in vocabularies():
        for member in enum:
            for text in (member.value, member.label_vi, member.label_en):
                assert enum.from_label(text) is member, (enum, text)


def test_spreadsheet_module_does_not_load_openpyxl() -> None:
    code = (
        "import sys, vn_iso_qms._internal.spreadsheet as s; "
        "assert 'openpyxl' not in sys.modules; assert 'defusedxml' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- template ----------------------------------------------------------------------------------


def test_template_has_instructions_keys_titles_and_dropdowns(tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    data = write_template(path)
    assert path.read_bytes() == data
    wb = load(data)
    assert wb.sheetnames[0] == "Hướng dẫn"
    assert wb.sheetnames[-1] == "Danh mục"
    assert wb.sheetnames[1:-1] == [s.vi for s in SHEETS]
    agencies = wb["Cơ quan, đơn vị"]
    assert agencies.row_dimensions[1].hidden
    assert [c.value for c in agencies[1]] == [c.key for c in SHEET_BY_KEY["agencies"].columns]
    assert [c.value for c in agencies[2]] == [c.vi for c in SHEET_BY_KEY["agencies"].columns]
    assert agencies.freeze_panes == "A3"
    # The drop-down of the "kind" column lists the Vietnamese labels from the code-lists sheet.
    kind_letter = get_column_letter(column_of(agencies, "kind"))
    validations = [
        dv
        for dv in agencies.data_validations.dataValidation
        if str(dv.sqref).startswith(f"{kind_letter}3:")
    ]
    assert len(validations) == 1
    formula = validations[0].formula1
    assert formula.startswith("'Danh mục'!$")
    ref = formula.split("!")[1].replace("$", "")
    listed = [row[0].value for row in wb["Danh mục"][ref]]
    assert listed == [k.label_vi for k in AgencyKind]
    # The instructions explain the date format and every sheet.
    text = "\n".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "31/12/2023" in text
    for spec in SHEETS:
        assert spec.vi in text
    # An untouched template is an empty dataset.
    assert import_workbook(data) == QmsDataset()


def test_english_template(tmp_path: Path) -> None:
    wb = load(write_template(tmp_path / "template.xlsx", lang="en"))
    assert wb.sheetnames[0] == "Instructions"
    assert [c.value for c in wb["Agencies"][2]][:2] == ["Id", "Name"]
    with pytest.raises(ValueError, match="lang"):
        write_template(lang="fr")  # type: ignore[arg-type]


def test_filled_template_imports_to_the_expected_dataset(tmp_path: Path) -> None:
    wb = load(write_template())
    put(wb["Bộ dữ liệu"], 3, {"name": "Tỉnh Thử nghiệm 2023"})
    put(
        wb["Đơn vị hành chính"],
        3,
        {"id": "p-tn", "name": "Tỉnh Thử nghiệm", "level": "Cấp tỉnh"},
    )
    agencies = wb["Cơ quan, đơn vị"]
    put(
        agencies,
        3,
        {
            "id": "so-tp",
            "name": "Sở Tư pháp",
            "kind": "Cơ quan chuyên môn thuộc UBND tỉnh (sở, ban, ngành)",  # a label
            "admin_unit_id": "p-tn",
            "valid_from": "1/4/2008",  # typed text, day/month/year
        },
    )
    # row 4 left empty: skipped
    put(
        agencies,
        5,
        {
            "id": "so-tc",
            "name": "Sở Tài chính",
            "short_name": "STC",
            "kind": "provincial_department",  # a code
            "level": "Cấp tỉnh",
        },
    )
    put(
        wb["Thủ tục hành chính"],
        3,
        {
            "id": "t1",
            "code": "1.000010",
            "name": "Cấp phiếu lý lịch tư pháp",
            "agency_ids": "so-tp; so-tc",
            "published_on": dt.datetime(2019, 1, 15),  # a real Excel date
        },
    )
    put(
        wb["HTQLCL"],
        3,
        {
            "id": "q-so-tp",
            "name": "HTQLCL Sở Tư pháp",
            "owner_agency_id": "so-tp",
            "agency_ids": "so-tp",
            "separate_division": "Không",
        },
    )
    eiso = wb["ISO điện tử"]
    put(
        eiso,
        3,
        {
            "qms_id": "q-so-tp",
            "product": "ISO điện tử A",
            "since": "02/01/2020",
            "until": "31/12/2021",
        },
    )
    put(eiso, 4, {"qms_id": "q-so-tp", "product": "ISO điện tử B", "since": "2022-01-01"})
    put(
        wb["Đánh giá nội bộ"],
        3,
        {
            "id": "dg-1",
            "qms_id": "q-so-tp",
            "start": "08/05/2023",
            "end": "10/05/2023",
            "auditors": "Nguyễn Văn A; Trần Thị B",
            "clauses": "7.5;8.2",
        },
    )
    put(
        wb["Xem xét của lãnh đạo"],
        3,
        {
            "id": "xx-1",
            "qms_id": "q-so-tp",
            "date": "1/6/2023",
            "chair": "Giám đốc Sở",
            "inputs.objectives": "Đạt 95% mục tiêu",
        },
    )
    put(
        wb["Kiểm tra"],
        3,
        {
            "id": "kt-1",
            "agency_id": "so-tp",
            "form": "Kiểm tra tại trụ sở",
            "inspected_on": "05/06/2023",
        },
    )
    checklist = wb["Kết quả theo tiêu chí"]
    put(
        checklist,
        3,
        {"inspection_id": "kt-1", "item": ChecklistItem.G1_A_SCOPE.label_vi, "met": "Đạt"},
    )
    put(
        checklist,
        4,
        {
            "inspection_id": "kt-1",
            "item": "g2_e_consultant",
            "met": "Không áp dụng",
            "note": "Không thuê",
        },
    )
    put(
        checklist,
        5,
        {
            "inspection_id": "kt-1",
            "item": ChecklistItem.G1_B_COMMUNICATED.label_en,
            "met": "Không đạt",
        },
    )
    put(
        wb["Tồn tại qua kiểm tra"],
        3,
        {
            "inspection_id": "kt-1",
            "item": ChecklistItem.G1_B_COMMUNICATED.label_vi,
            "grade": "Không phù hợp nhẹ",
            "description": "Chưa phổ biến quy trình mới",
        },
    )
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    assert import_workbook(path) == small_dataset()


# --- export -> import ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_demo_dataset_round_trips(demo_dataset: QmsDataset, tmp_path: Path, lang: str) -> None:
    path = tmp_path / f"demo-{lang}.xlsx"
    data = export_workbook(demo_dataset, path, lang=lang)  # type: ignore[arg-type]
    assert path.read_bytes() == data
    assert import_workbook(path) == demo_dataset


_ESCAPE_PIECES = st.lists(st.sampled_from([*"_x0Ff5A9 ", "_x005F_", "_x0041_", "ở"]), max_size=20)


@given(_ESCAPE_PIECES.map("".join))
def test_cell_text_escaping_round_trips(text: str) -> None:
    # ECMA-376 Part 1, 22.9.2.19: what is stored for `text` must be shown as `text`
    assert unescape_xstring(escape_xstring(text)) == text


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("_x0041_", "A"),
        ("_x000a_", "\n"),
        ("_x005F_x0041_", "_x0041_"),  # escaped underscore: literal text
        ("_x0041_x0042_", "Ax0042_"),  # left to right, no overlap (as Excel)
        ("_x41_ _xZZZZ_ x0041_", "_x41_ _xZZZZ_ x0041_"),  # not escapes
    ],
)
def test_cell_text_unescapes_like_excel(stored: str, shown: str) -> None:
    assert unescape_xstring(stored) == shown


def test_text_that_looks_like_an_escape_survives_export_and_excel() -> None:
    ds = small_dataset()
    agency = ds.agencies[0]
    ds = ds.with_records(evolve(agency, name="Phòng _x0041_ và _x005F_"), replace=True)
    data = export_workbook(ds)
    assert import_workbook(data) == ds
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/"))
    # stored with the underscores escaped, so Excel shows the text, not "A" and "_"
    assert "Phòng _x005F_x0041_ và _x005F_x005F_".encode() in xml


class _LaterClock:
    """Moves every clock the XLSX writers could read (zipfile's and openpyxl's) a day ahead."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real_time = time.time
        later = dt.datetime(2031, 5, 17, 9, 30, 1)

        class _Datetime(dt.datetime):
            @classmethod
            def now(cls, tz: dt.tzinfo | None = None) -> _Datetime:
                return cls.fromtimestamp(later.timestamp(), tz)

        monkeypatch.setattr(time, "time", lambda: real_time() + 86_400 + 3)
        # the `datetime` module as openpyxl's writer imported it (its stubs do not declare it)
        monkeypatch.setattr("openpyxl.writer.excel.datetime.datetime", _Datetime)


def test_workbooks_carry_no_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # same dataset, same bytes, whenever it is saved: checksums and archives stay stable
    ds = small_dataset()
    before = export_workbook(ds), write_template()
    _LaterClock(monkeypatch)
    after = export_workbook(ds), write_template()
    assert before == after
    with zipfile.ZipFile(io.BytesIO(before[0])) as archive:
        assert {m.date_time for m in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("1980-01-01T00:00:00Z") == 2  # created and modified


def test_the_report_workbook_is_dated_by_its_as_of(
    demo_dataset: QmsDataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vn_iso_qms.reports import province_report, write_report_xlsx

    report = province_report(demo_dataset, province_id="p-mh", year=2023)
    write_report_xlsx(report, tmp_path / "a.xlsx")
    _LaterClock(monkeypatch)
    write_report_xlsx(report, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    properties = openpyxl.load_workbook(tmp_path / "a.xlsx").properties
    assert properties.created == properties.modified == dt.datetime(2023, 12, 31)


def test_small_dataset_round_trips_and_stays_readable() -> None:
    ds = small_dataset()
    data = export_workbook(ds)
    assert import_workbook(data) == ds
    wb = load(data)
    tthc = wb["Thủ tục hành chính"]
    assert tthc.cell(3, column_of(tthc, "agency_ids")).value == "so-tp; so-tc"
    assert tthc.cell(3, column_of(tthc, "published_on")).number_format == "DD/MM/YYYY"
    agencies = wb["Cơ quan, đơn vị"]
    assert agencies.cell(3, column_of(agencies, "kind")).value == (
        AgencyKind.PROVINCIAL_DEPARTMENT.label_vi
    )
    checklist = wb["Kết quả theo tiêu chí"]
    met = column_of(checklist, "met")
    assert [checklist.cell(r, met).value for r in (3, 4, 5)] == [
        "Đạt",
        "Không áp dụng",
        "Không đạt",
    ]


def test_text_is_kept_exactly() -> None:
    nfd = unicodedata.normalize("NFD", "Sở Tư pháp")
    assert nfd != "Sở Tư pháp"
    ds = small_dataset()
    agencies = (
        evolve(ds.agencies[0], name=nfd),
        evolve(ds.agencies[1], name="  padded  ", short_name="=SUM(A1:A3)"),
    )
    ds = QmsDataset.model_validate(
        {
            **ds.model_dump(),
            "agencies": agencies,
            "admin_units": (evolve(ds.admin_units[0], code="07"),),
        }
    )
    ds = ds.with_records(
        evolve(ds.management_reviews[0], chair="Giám đốc\nSở", inputs=ReviewInputs(objectives=" ")),
        replace=True,
    )
    back = import_workbook(export_workbook(ds))
    assert back == ds
    assert back.agencies[0].name == nfd


def test_export_refuses_values_the_sheets_cannot_hold() -> None:
    ds = small_dataset()
    ds = ds.with_records(
        evolve(ds.internal_audits[0], auditors=("Nguyễn Văn A; trưởng đoàn",)),
        evolve(ds.management_reviews[0], inputs=ReviewInputs(objectives="")),
        evolve(ds.agencies[0], name="Sở\r\nTư pháp"),
        replace=True,
    )
    with pytest.raises(SpreadsheetExportError) as exc:
        export_workbook(ds)
    assert isinstance(exc.value, QmsError)
    got = {(p.record_type, p.record_id, p.field) for p in exc.value.problems}
    assert got == {
        ("internal_audit", "dg-1", "auditors"),
        ("management_review", "xx-1", "inputs.objectives"),
        ("agency", "so-tp", "name"),
    }


# --- dates and numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("31/12/2023", D(2023, 12, 31)),
        ("5/1/2024", D(2024, 1, 5)),
        ("05/01/2024", D(2024, 1, 5)),
        (" 05/01/2024 ", D(2024, 1, 5)),
        ("2023-12-31", D(2023, 12, 31)),
        (dt.datetime(2023, 12, 31), D(2023, 12, 31)),
        (D(2023, 12, 31), D(2023, 12, 31)),
    ],
)
def test_dates_read_day_first(value: object, expected: dt.date) -> None:
    assert read_date(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("31/02/2023", "invalid_date"),
        ("12/31/2023", "month_first_date"),
        ("1/2/23", "date_format"),
        ("31-12-2023", "date_format"),
        ("31/12/2023 10:00", "date_format"),
        ("2023-02-30", "invalid_date"),
        (dt.datetime(2023, 12, 31, 10, 30), "date_format"),
        (45000, "date_format"),
        (True, "date_format"),
    ],
)
def test_bad_dates_are_refused_not_guessed(value: object, code: str) -> None:
    with pytest.raises(CellError) as exc:
        read_date(value)
    assert exc.value.code == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [(5, 5), (5.0, 5), ("5000000", 5000000), ("5.000.000", 5000000), ("5,000,000", 5000000)],
)
def test_whole_numbers(value: object, expected: int) -> None:
    assert read_int(value) == expected


@pytest.mark.parametrize("value", ["5.5", 5.5, "5.00", "1.2.3", True, "năm"])
def test_not_whole_numbers(value: object) -> None:
    with pytest.raises(CellError):
        read_int(value)


# --- malformed workbooks ------------------------------------------------------------------------


def malformed() -> bytes:
    """The small dataset's workbook with one of every kind of mistake."""
    wb = load(export_workbook(small_dataset()))
    wb["Kiểm tra"].title = "Kiem tra"  # wrong sheet name
    reviews = wb["Xem xét của lãnh đạo"]
    reviews.delete_cols(column_of(reviews, "date"))  # missing required column
    tthc = wb["Thủ tục hành chính"]
    tthc.cell(3, column_of(tthc, "agency_ids"), "so-tp; so-khong-co")  # dangling agency id
    agencies = wb["Cơ quan, đơn vị"]
    agencies.cell(3, column_of(agencies, "kind"), "Sở Kế hoạch")  # unknown code
    agencies.cell(3, column_of(agencies, "valid_from"), "31/02/2023")  # no such day
    agencies.cell(4, column_of(agencies, "valid_to"), "12/31/2023")  # month first
    eiso = wb["ISO điện tử"]
    eiso.merge_cells(start_row=4, start_column=2, end_row=4, end_column=3)  # merged cells
    audits = wb["Đánh giá nội bộ"]
    audits.cell(3, column_of(audits, "end"), "=B3+2")  # formula, no cached value
    return save(wb)


def test_malformed_workbook_reports_every_problem_located() -> None:
    with pytest.raises(InvalidDataError) as exc:
        import_workbook(malformed())
    problems = problems_of(exc)
    typo = find(problems, record_type="Kiem tra", code="unknown_sheet")
    assert "did you mean 'Kiểm tra'?" in typo.message
    find(problems, record_type="Kiểm tra", code="missing_sheet")
    find(
        problems,
        record_type="Xem xét của lãnh đạo",
        index=2,
        field="Ngày họp",
        code="missing_column",
    )
    dangling = find(
        problems,
        record_type="Thủ tục hành chính",
        index=3,
        field="Cơ quan thực hiện (mã định danh)",
        code="dangling_reference",
    )
    assert dangling.record_id == "t1"
    assert "so-khong-co" in dangling.message
    assert dangling.message.startswith("cell ")
    unknown = find(
        problems, record_type="Cơ quan, đơn vị", index=3, field="Loại cơ quan", code="unknown_code"
    )
    assert "Sở Kế hoạch" in unknown.message
    bad_day = find(
        problems,
        record_type="Cơ quan, đơn vị",
        index=3,
        field="Hiệu lực từ ngày",
        code="invalid_date",
    )
    assert bad_day.record_id == "so-tp"
    assert "31/02/2023" in bad_day.message
    find(
        problems,
        record_type="Cơ quan, đơn vị",
        index=4,
        field="Hiệu lực đến ngày",
        code="month_first_date",
    )
    merged = find(problems, record_type="ISO điện tử", index=4, code="merged_cell")
    assert "B4:C4" in merged.message
    formula = find(
        problems,
        record_type="Đánh giá nội bộ",
        index=3,
        field="Ngày kết thúc",
        code="formula_without_value",
    )
    assert formula.message.startswith("cell D3")
    # One problem per mistake: the broken sheet does not flood the report with broken links,
    # and unreadable cells are not reported again as missing values.
    assert len(problems) == 9, "\n".join(p.describe() for p in problems)
    assert "invalid workbook: 9 problems" in str(exc.value)


def test_formula_with_a_cached_value_is_read() -> None:
    ds = small_dataset()
    wb = load(export_workbook(ds))
    audits = wb["Đánh giá nội bộ"]
    audits.cell(3, column_of(audits, "clauses"), '="7.5; "&"8.2"')
    data = save(wb)
    part = sheet_part(data, "Đánh giá nội bộ")

    def cache(xml: bytes) -> bytes:
        # What Excel stores after calculating: the formula and its value.
        return xml.replace(b"<v></v>", b"<v>7.5; 8.2</v>").replace(b"<v />", b"<v>7.5; 8.2</v>")

    patched = patch_zip(data, part, cache)
    text = zipfile.ZipFile(io.BytesIO(patched)).read(part)
    assert b"<f>" in text
    assert b"7.5; 8.2</v>" in text
    # A string result carries t="str".
    patched = patch_zip(patched, part, lambda x: x.replace(b'<c r="G3"', b'<c r="G3" t="str"'))
    assert import_workbook(patched) == ds


def test_error_values_and_non_text_codes_are_located() -> None:
    wb = load(export_workbook(small_dataset()))
    agencies = wb["Cơ quan, đơn vị"]
    agencies.cell(3, column_of(agencies, "short_name"), 7)  # a number in a text column
    agencies.cell(4, column_of(agencies, "valid_from"), 45000)  # a serial number, not a date
    with pytest.raises(InvalidDataError) as exc:
        import_workbook(save(wb))
    problems = problems_of(exc)
    find(problems, record_type="Cơ quan, đơn vị", index=3, field="Tên viết tắt", code="not_text")
    find(
        problems,
        record_type="Cơ quan, đơn vị",
        index=4,
        field="Hiệu lực từ ngày",
        code="date_format",
    )


def test_validation_errors_point_at_child_rows_and_list_items() -> None:
    wb = load(export_workbook(small_dataset()))
    eiso = wb["ISO điện tử"]
    eiso.cell(4, column_of(eiso, "since"), "01/01/2024")
    eiso.cell(4, column_of(eiso, "until"), "01/01/2023")  # until before since
    eiso.cell(5, column_of(eiso, "qms_id"), "q-khong-co")  # a row whose parent does not exist
    eiso.cell(5, column_of(eiso, "product"), "X")
    eiso.cell(5, column_of(eiso, "since"), "01/01/2024")
    tthc = wb["Thủ tục hành chính"]
    tthc.cell(3, column_of(tthc, "agency_ids"), "so-tp; so tc")  # bad id, item 2
    with pytest.raises(InvalidDataError) as exc:
        import_workbook(save(wb))
    problems = problems_of(exc)
    order = find(problems, record_type="ISO điện tử", index=4, record_id="q-so-tp")
    assert "until" in order.message
    orphan = find(problems, record_type="ISO điện tử", index=5, code="dangling_reference")
    assert "q-khong-co" in orphan.message
    item = find(problems, record_type="Thủ tục hành chính", index=3, code="string_pattern_mismatch")
    assert "item 2" in item.message
    assert item.field == "Cơ quan thực hiện (mã định danh)"


def test_duplicate_ids_and_cross_record_checks_are_located() -> None:
    wb = load(export_workbook(small_dataset()))
    agencies = wb["Cơ quan, đơn vị"]
    agencies.cell(4, column_of(agencies, "id"), "so-tp")
    with pytest.raises(InvalidDataError) as exc:
        import_workbook(save(wb))
    problem = find(problems_of(exc), record_type="Cơ quan, đơn vị", code="duplicate_id")
    assert problem.index == 4
    assert problem.field == "Mã định danh"


def test_unknown_and_duplicate_columns_and_sheets() -> None:
    wb = load(export_workbook(small_dataset()))
    agencies = wb["Cơ quan, đơn vị"]
    extra = agencies.max_column + 1
    agencies.cell(3, extra, "ghi chú lạc")  # a value in a column without a title
    wb.create_sheet("Agencies")  # the English name of a sheet that is already there
    with pytest.raises(InvalidDataError) as exc:
        import_workbook(save(wb))
    problems = problems_of(exc)
    lost = find(problems, record_type="Cơ quan, đơn vị", index=3, code="unknown_column")
    assert get_column_letter(extra) + "3" in lost.message
    find(problems, record_type="Agencies", code="duplicate_sheet")


def test_an_added_column_is_reported_not_ignored() -> None:
    wb = load(export_workbook(small_dataset()))
    agencies = wb["Cơ quan, đơn vị"]
    extra = agencies.max_column + 1
    agencies.cell(1, extra, "so_dien_thoai")
    agencies.cell(2, extra, "Số điện thoại")
    agencies.cell(3, extra, "0294 3855 555")
    with pytest.raises(InvalidDataError) as exc:
        import_workbook(save(wb))
    problems = problems_of(exc)
    header = find(problems, record_type="Cơ quan, đơn vị", index=1, code="unknown_column")
    assert header.field == "so_dien_thoai"
    find(problems, record_type="Cơ quan, đơn vị", index=3, code="unknown_column")
    assert len(problems) == 2


def test_csv_of_a_sheet_with_required_child_rows_says_where_they_live() -> None:
    text = "id,nonconformity_id,responsible,due_on\r\nhdkp-1,kph-1,Văn phòng,30/06/2023\r\n"
    with pytest.raises(InvalidDataError) as exc:
        import_csv(text.encode(), sheet="Hành động khắc phục")
    problem = find(problems_of(exc), index=2, code="missing")
    assert problem.field == "Nhật ký khắc phục (sheet)"
    assert "at least one row" in problem.message
    assert problem.record_id == "hdkp-1"


def test_sheet_without_the_key_row_is_read_by_titles() -> None:
    ds = small_dataset()
    wb = load(export_workbook(ds))
    wb["Cơ quan, đơn vị"].delete_rows(1)  # titles on row 1, data from row 2
    wb["Thủ tục hành chính"].delete_rows(2)  # keys on row 1, data from row 2
    assert import_workbook(save(wb)) == ds


def test_sheet_titles_in_english_are_accepted() -> None:
    ds = small_dataset()
    wb = load(export_workbook(ds))
    sheet = wb["Cơ quan, đơn vị"]
    sheet.delete_rows(1)
    for cell in sheet[1]:
        spec = SHEET_BY_KEY["agencies"]
        cell.value = next(c.en for c in spec.columns if c.vi == cell.value)
    sheet.title = "Agencies"
    assert import_workbook(save(wb)) == ds


# --- hostile and broken files -------------------------------------------------------------------

LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


def _laughs_sheet(xml: bytes) -> bytes:
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    body = body.replace(b"<t>so-tp</t>", b"<t>&lol9;</t>", 1)
    return LAUGHS + body


@pytest.mark.parametrize("part", ["sheet", "xl/workbook.xml", "[Content_Types].xml"])
def test_entity_expansion_is_refused_quickly(part: str) -> None:
    data = export_workbook(small_dataset())
    target = sheet_part(data, "Cơ quan, đơn vị") if part == "sheet" else part
    bomb = patch_zip(data, target, _laughs_sheet)
    start = time.perf_counter()
    with pytest.raises(InvalidDataError) as exc:
        import_workbook(bomb)
    assert time.perf_counter() - start < 10
    assert exc.value.problems[0].code == "unsafe_xml"
    assert exc.value.problems[0].record_type == "file"


@pytest.mark.parametrize("part", ["_rels/.rels", "xl/_rels/workbook.xml.rels", "docProps/core.xml"])
def test_a_dtd_in_any_part_is_refused_before_openpyxl_parses(part: str) -> None:
    # the prolog of every XML part is read by the library itself: no parser reads a declaration
    data = export_workbook(small_dataset())
    with pytest.raises(InvalidDataError) as exc:
        check_transitional(patch_zip(data, part, _laughs_sheet))
    assert exc.value.problems[0].code == "unsafe_xml"
    assert part in exc.value.problems[0].message


def test_a_dtd_is_refused_when_the_host_imported_openpyxl_first(tmp_path: Path) -> None:
    # with lxml installed (the documents extra brings it), a host that imports openpyxl before
    # the library has openpyxl parse with lxml, which skips entity declarations without a word
    # (before: all 2,496 records of the demo imported); the library must still refuse them
    bomb = tmp_path / "laughs.xlsx"
    bomb.write_bytes(patch_zip(export_workbook(small_dataset()), "xl/workbook.xml", _laughs_sheet))
    script = (
        "import sys, openpyxl\n"
        "assert openpyxl.LXML, 'lxml not installed or not used: the case is not reproduced'\n"
        "from vn_iso_qms import InvalidDataError\n"
        "from vn_iso_qms.spreadsheet import import_workbook\n"
        "try:\n"
        "    import_workbook(sys.argv[1])\n"
        "except InvalidDataError as exc:\n"
        "    print(exc.problems[0].code)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENPYXL_LXML"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(bomb)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "unsafe_xml"


def test_a_zip_python_cannot_read_is_not_a_traceback() -> None:
    # found by the XLSX fuzzer (flip_bytes): a damaged "version needed to extract" in the
    # central directory makes zipfile raise NotImplementedError("zip file version 14.8")
    data = bytearray(export_workbook(small_dataset()))
    entry = data.index(b"PK\x01\x02")  # first central-directory entry
    data[entry + 6 : entry + 8] = (148).to_bytes(2, "little")
    with pytest.raises(InvalidDataError) as exc:
        import_workbook(bytes(data))
    assert exc.value.problems[0].code == "not_xlsx"
    assert exc.value.problems[0].record_type == "file"


def test_not_a_workbook_and_too_large(tmp_path: Path) -> None:
    with pytest.raises(InvalidDataError) as exc:
        import_workbook(b"id,name\nso-tp,S\xe1\xbb\x9f T\xc6\xb0 ph\xc3\xa1p\n")
    assert exc.value.problems[0].code == "not_xlsx"
    data = export_workbook(small_dataset())
    with pytest.raises(InputTooLargeError):
        import_workbook(data, max_bytes=1000)
    path = tmp_path / "big.xlsx"
    path.write_bytes(data)
    with pytest.raises(InputTooLargeError):
        import_workbook(path, max_bytes=1000)
    padded = patch_zip(data, "xl/styles.xml", lambda x: x + b" " * 5_000_000)
    with pytest.raises(InputTooLargeError) as big:
        import_workbook(padded)  # the XML expands > 25 x the file (whatever max_bytes is)
    assert "expands" in big.value.problems[0].message
    with pytest.raises(InvalidDataError) as missing:
        import_workbook(tmp_path / "missing.xlsx")
    assert missing.value.problems[0].code == "unreadable"
    corrupt = patch_zip(data, sheet_part(data, "HTQLCL"), lambda x: x[: len(x) // 2])
    with pytest.raises(InvalidDataError) as broken:
        import_workbook(corrupt)
    assert broken.value.problems[0].code == "unreadable"


def test_missing_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    data = export_workbook(small_dataset())
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(MissingExtraError, match="defusedxml"):
        import_workbook(data)
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError, match=r"vn-iso-qms\[xlsx\]") as exc:
        write_template()
    assert isinstance(exc.value, ImportError)
    assert isinstance(exc.value, QmsError)


# --- CSV ----------------------------------------------------------------------------------------

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Encode the way Windows-1258 does: base letters precomposed, tone marks combining."""
    out = []
    cluster = ""
    for ch in unicodedata.normalize("NFD", text) + "\x00":
        if unicodedata.combining(ch) and cluster:
            cluster += ch
            continue
        if cluster:
            base = "".join(c for c in cluster if c not in TONES)
            tones = "".join(c for c in cluster if c in TONES)
            out.append(unicodedata.normalize("NFC", base) + tones)
        cluster = ch
    return "".join(out).encode("cp1258")


def agencies_csv(delimiter: str = ",") -> str:
    rows = [
        [
            "id",
            "name",
            "short_name",
            "kind",
            "level",
            "admin_unit_id",
            "parent_id",
            "valid_from",
            "valid_to",
        ],
        [
            "Mã định danh",
            "Tên cơ quan, đơn vị",
            "Tên viết tắt",
            "Loại cơ quan",
            "Cấp quản lý (nếu khác thông thường)",
            "Đơn vị hành chính (mã định danh)",
            "Cơ quan cấp trên (mã định danh)",
            "Hiệu lực từ ngày",
            "Hiệu lực đến ngày",
        ],
        [
            "so-tp",
            "Sở Tư pháp",
            "",
            "Cơ quan chuyên môn thuộc UBND tỉnh (sở, ban, ngành)",
            "",
            "p-tn",
            "",
            "01/04/2008",
            "",
        ],
        [
            "ubnd-xa",
            "Ủy ban nhân dân xã Hòa Thuận",
            "UBND xã",
            "commune_people_committee",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


EXPECTED_AGENCIES = (
    Agency(
        id="so-tp",
        name="Sở Tư pháp",
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        admin_unit_id="p-tn",
        valid_from=D(2008, 4, 1),
    ),
    Agency(
        id="ubnd-xa",
        name="Ủy ban nhân dân xã Hòa Thuận",
        short_name="UBND xã",
        kind=AgencyKind.COMMUNE_PEOPLE_COMMITTEE,
    ),
)


def test_windows_1258_csv_is_decoded_to_composed_text(tmp_path: Path) -> None:
    data = to_cp1258(agencies_csv())
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path = tmp_path / "co-quan.csv"
    path.write_bytes(data)
    records = import_csv(path, sheet="Cơ quan, đơn vị")
    assert records == EXPECTED_AGENCIES
    assert all(unicodedata.is_normalized("NFC", r.name) for r in records if isinstance(r, Agency))
    assert import_csv(data, sheet="agencies", encoding="windows-1258") == EXPECTED_AGENCIES


@pytest.mark.parametrize(
    ("encode", "delimiter"),
    [
        (lambda t: t.encode("utf-8"), ","),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), ";"),
        (lambda t: t.encode("utf-16"), "\t"),
    ],
)
def test_utf8_and_utf16_csv(encode: Callable[[str], bytes], delimiter: str) -> None:
    assert import_csv(encode(agencies_csv(delimiter)), sheet="Agencies") == EXPECTED_AGENCIES


def test_utf8_csv_text_is_not_normalised() -> None:
    nfd = unicodedata.normalize("NFD", agencies_csv())
    records = import_csv(nfd.encode("utf-8"), sheet="agencies")
    assert isinstance(records[0], Agency)
    assert records[0].name == unicodedata.normalize("NFD", "Sở Tư pháp")


def test_csv_errors_are_located_like_the_workbook() -> None:
    text = (
        agencies_csv().replace("01/04/2008", "31/02/2008").replace("commune_people_committee", "xã")
    )
    text += "so-tp,Sở Tư pháp,,provincial_department,,,,,\r\n"
    with pytest.raises(InvalidDataError) as exc:
        import_csv(text.encode("utf-8"), sheet="Cơ quan, đơn vị")
    problems = problems_of(exc)
    find(
        problems,
        record_type="Cơ quan, đơn vị",
        index=3,
        field="Hiệu lực từ ngày",
        code="invalid_date",
    )
    find(
        problems, record_type="Cơ quan, đơn vị", index=4, field="Loại cơ quan", code="unknown_code"
    )
    find(
        problems, record_type="Cơ quan, đơn vị", index=5, field="Mã định danh", code="duplicate_id"
    )
    assert len(problems) == 3


def test_csv_of_an_exported_sheet_reads_back(demo_dataset: QmsDataset) -> None:
    # What Excel's "Save as CSV UTF-8" writes for one sheet: every row, hidden ones included.
    wb = openpyxl.load_workbook(io.BytesIO(export_workbook(demo_dataset)), read_only=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in wb["Kế hoạch năm"].iter_rows(values_only=True):
        writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, dt.datetime) else v for v in row])
    wb.close()
    data = codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
    assert import_csv(data, sheet="Kế hoạch năm") == demo_dataset.annual_plans


def test_csv_refuses_child_and_unknown_sheets() -> None:
    with pytest.raises(ValueError, match="whole workbook"):
        import_csv(b"", sheet="Kết quả theo tiêu chí")
    with pytest.raises(ValueError, match="not a record sheet"):
        import_csv(b"", sheet="Hướng dẫn")
    with pytest.raises(ValueError, match="not a record sheet"):
        import_csv(b"", sheet="Trang lạ")
    with pytest.raises(InputTooLargeError):
        import_csv(agencies_csv().encode(), sheet="agencies", max_bytes=10)


# --- every expressible dataset round-trips ----------------------------------------------------


@settings(max_examples=15)
@given(datasets())
def test_generated_datasets_round_trip_or_are_refused_with_reasons(ds: QmsDataset) -> None:
    try:
        data = export_workbook(ds)
    except SpreadsheetExportError as exc:
        # Only the documented limits of the format: nothing is silently altered instead.
        for problem in exc.problems:
            assert problem.code == "unexpressible"
            assert any(
                reason in problem.message
                for reason in (
                    "carriage return",
                    "character U+",
                    "characters long",
                    "item",
                    "empty",
                )
            ), problem.message
        return
    assert import_workbook(data) == ds
