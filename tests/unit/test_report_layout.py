"""The province report reads well: no empty rows or tables, each shortfall once, one term,
the day the figures were taken, Markdown escaped as Markdown, and the workbook says the same."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from vn_iso_qms import (
    AdministrativeUnit,
    AdminUnitLevel,
    Agency,
    AgencyKind,
    Announcement,
    QmsUnit,
    StandardVersion,
    demo_dataset,
)
from vn_iso_qms._internal.base import Record
from vn_iso_qms._internal.demo import DEMO_2025_AS_OF, DEMO_2025_PROVINCE_ID, demo_dataset_2025
from vn_iso_qms._internal.render import _md_cell, report_xlsx_bytes
from vn_iso_qms.reports import ProvinceReport, province_report, render_markdown


@pytest.fixture(scope="module")
def one_department() -> ProvinceReport:
    """A province whose registry is one department (no commune), not completed, not inspected."""
    records: list[Record] = [
        AdministrativeUnit(id="p-tn", name="Tỉnh Thử Nghiệm", level=AdminUnitLevel.PROVINCE),
        Agency(
            id="tn-so-yt",
            name="Sở Y tế",
            kind=AgencyKind.PROVINCIAL_DEPARTMENT,
            admin_unit_id="p-tn",
        ),
        QmsUnit(
            id="q-tn", name="HTQLCL Sở Y tế", owner_agency_id="tn-so-yt", agency_ids=("tn-so-yt",)
        ),
        Announcement(
            id="cb-tn",
            qms_id="q-tn",
            decision_number="15/QĐ-SYT",
            date=dt.date(2020, 3, 2),
            signer="Giám đốc Sở Y tế",
            standard=StandardVersion.ISO9001_2015,
        ),
    ]
    return province_report(demo_dataset().with_records(*records), province_id="p-tn", year=2023)


@pytest.fixture(scope="module")
def year_in_progress() -> ProvinceReport:
    return province_report(
        demo_dataset_2025(),
        province_id=DEMO_2025_PROVINCE_ID,
        year=2026,
        as_of=DEMO_2025_AS_OF[2026],
    )


def _workbook(report: ProvinceReport) -> dict[str, list[tuple[object, ...]]]:
    wb = load_workbook(io.BytesIO(report_xlsx_bytes(report, lang="vi")))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def test_no_row_for_a_level_the_province_does_not_have(one_department: ProvinceReport) -> None:
    keys = [f.key for f in one_department.figures]
    assert "completed.commune" not in keys  # was "Hoàn thành - UBND cấp xã | 0/0"
    assert "completed.provincial" in keys
    assert "UBND cấp xã | 0/0" not in render_markdown(one_department)
    demo = province_report(demo_dataset(), province_id="p-mh", year=2023)
    assert demo.figure("completed.commune").text() == "106/106 (100.0%)"


def test_a_shortfall_is_listed_once_under_the_figures_it_belongs_to(
    one_department: ProvinceReport,
) -> None:
    md = render_markdown(one_department, lists=False)
    section = md.split("## Đơn vị chưa đạt và lý do", 1)[1].split("\n## ", 1)[0]
    entries = [ln for ln in section.splitlines() if ln.startswith("- ")]
    # the unit falls short of "completed" (three overlapping figures: its level, all levels,
    # departments and districts) and of e-ISO, for other reasons: two entries, not four
    assert len(entries) == 2, entries
    assert entries[0] == (
        "- **Sở Y tế** (Hoàn thành - Sở, ban, ngành tỉnh; Hoàn thành - các cấp quản lý; "
        "Hoàn thành - sở, ban, ngành và UBND cấp huyện; Không đạt)"
    )
    assert section.count("Chưa xem xét của lãnh đạo trong kỳ") == 1


def test_no_empty_inspection_table(one_department: ProvinceReport) -> None:
    md = render_markdown(one_department)
    section = md.split("## Kết quả kiểm tra (báo cáo tháng 11)", 1)[1].split("\n## ", 1)[0]
    assert section.strip() == "Chưa có cuộc kiểm tra nào trong kỳ."
    english = render_markdown(one_department, lang="en")
    assert "No inspection in the period." in english
    assert _workbook(one_department)["Kết quả kiểm tra"][1] == (
        "Chưa có cuộc kiểm tra nào trong kỳ.",
        None,
        None,
        None,
        None,
        None,
        None,
    )


def test_markdown_is_escaped_as_markdown_not_html(year_in_progress: ProvinceReport) -> None:
    md = render_markdown(year_in_progress)
    assert "&lt;" not in md
    assert "&gt;" not in md
    assert "Kiểm tra tại trụ sở 2 \\< 5 (1/3 của 14)" in md
    cell = _md_cell("<b>A & B</b> &lt;")
    assert cell == "\\<b\\>A \\& B\\</b\\> \\&lt;"


def test_one_term_for_the_commune_peoples_committee(year_in_progress: ProvinceReport) -> None:
    labels = [f.label("vi") for f in year_in_progress.figures]
    assert "Đúng kế hoạch - UBND cấp xã" in labels
    assert not [label for label in labels if "Ủy ban nhân dân cấp xã" in label]


def test_a_year_in_progress_says_the_day_of_its_figures(
    year_in_progress: ProvinceReport, one_department: ProvinceReport
) -> None:
    note = "Năm báo cáo chưa kết thúc: số liệu tính đến ngày 30/09/2026."
    assert note in render_markdown(year_in_progress)
    head = _workbook(year_in_progress)["Báo cáo"]
    assert note in str(head[1][0])
    assert "số liệu tại ngày 30/09/2026" in str(head[1][0])
    assert "chưa kết thúc" not in render_markdown(one_department)


@pytest.mark.parametrize("which", ["one_department", "year_in_progress"])
def test_the_workbook_and_the_markdown_agree(which: str, request: pytest.FixtureRequest) -> None:
    report: ProvinceReport = request.getfixturevalue(which)
    md = render_markdown(report, lists=False)
    book = _workbook(report)
    summary = book["Tổng hợp"][1:]
    for label, text, *_ in summary:
        assert f"| {_md_cell(str(label))} | {text} |" in md
    shortfalls = book["Chưa đạt"][1:]
    md_units = [
        ln.split("** (", 1)[0].removeprefix("- **")
        for ln in md.splitlines()
        if ln.startswith("- **")
    ]
    xlsx_units: list[str] = []
    for row in shortfalls:
        entry = f"{row[1]} ({row[0]})"
        if not xlsx_units or xlsx_units[-1] != entry:
            xlsx_units.append(entry)
    assert [u.split(" (", 1)[0] for u in xlsx_units] == md_units
    reasons_md = sum(1 for ln in md.splitlines() if ln.startswith("    - "))
    assert len(shortfalls) == reasons_md
