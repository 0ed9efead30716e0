"""Report figures as real provincial reports count them (issue 13 item 11).

Boards as their own block, the departments-plus-districts figure, units re-announced and units
on the 2015 edition per block, and each reason once per unit and figure.
"""

from __future__ import annotations

import datetime as dt

from tests import factories as f

from vn_iso_qms import AgencyKind, AnnouncementReason, ObligationClass, QmsDataset, StandardVersion
from vn_iso_qms._internal.base import Record
from vn_iso_qms._internal.reporting import report_block
from vn_iso_qms.reports import ProvinceReport, ReportBlock, province_report
from vn_iso_qms.rules import OBLIGATION_BY_KIND

D = dt.date


def _report(*records: Record, year: int = 2023) -> ProvinceReport:
    ds = QmsDataset.from_records([f.province(), *records])
    return province_report(ds, province_id="p", year=year)


def test_a_management_board_is_mandatory_and_counted_in_its_own_block() -> None:
    # an industrial-zone management board, directly under the provincial People's Committee:
    # read with the specialised agencies (QĐ 19 Art. 2.1.c), reported in a block of its own
    assert OBLIGATION_BY_KIND[AgencyKind.MANAGEMENT_BOARD].obligation is ObligationClass.MANDATORY
    assert OBLIGATION_BY_KIND[AgencyKind.MANAGEMENT_BOARD].reading
    assert report_block(AgencyKind.MANAGEMENT_BOARD) is ReportBlock.BOARD
    board = f.complete_unit_records("bql-kcn", kind=AgencyKind.MANAGEMENT_BOARD)
    report = _report(*f.complete_unit_records(), *board)
    assert report.figure("completed.board").text() == "1/1 (100.0%)"
    assert report.figure("completed.levels").text() == "2/2 (100.0%)"
    assert report.figure("completed.departments_districts").text() == "2/2 (100.0%)"
    # a province without boards shows no empty board row
    plain = _report(*f.complete_unit_records())
    assert "completed.board" not in {fig.key for fig in plain.figures}


def test_departments_and_districts_leave_communes_out() -> None:
    commune = f.complete_unit_records("xa-a", kind=AgencyKind.COMMUNE_PEOPLE_COMMITTEE)
    district = f.complete_unit_records("h-a", kind=AgencyKind.DISTRICT_PEOPLE_COMMITTEE)
    report = _report(*f.complete_unit_records(), *commune, *district)
    figure = report.figure("completed.departments_districts")
    assert sorted(u.id for u in figure.units) == ["h-a", "so-a"]
    assert report.figure("completed.levels").value == 3


def test_re_announced_and_converted_units_per_block() -> None:
    again = f.announcement(
        id="cb-2023", date=D(2023, 5, 2), reason=AnnouncementReason.SCOPE_EXPANDED
    )
    old_edition = f.complete_unit_records("so-b")
    old_edition = [
        r.model_copy(update={"standard": StandardVersion.ISO9001_2008}) if r.id == "cb-so-b" else r
        for r in old_edition
    ]
    report = _report(*f.complete_unit_records(), again, *old_edition)
    assert report.figure("reannounced.provincial").value == 1
    assert [u.id for u in report.figure("reannounced.provincial").units] == ["so-a"]
    converted = report.figure("iso2015.provincial")
    assert converted.text() == "1/2 (50.0%)"
    (short,) = converted.shortfalls
    assert short.unit.id == "so-b"
    assert {r.code for r in short.reasons} == {"standard_version_not_accepted"}


def test_each_reason_once_per_unit_and_figure() -> None:
    # a department without a QMS fails every duty for the same cause: one line, not eight
    report = _report(f.agency())
    (short,) = report.figure("completed.provincial").shortfalls
    codes = [r.code for r in short.reasons]
    assert codes.count("no_qms_unit") == 1
    assert len(codes) == len({(r.code, r.message_en) for r in short.reasons})


def test_a_year_in_progress_counts_not_yet_due_apart_from_failures() -> None:
    # 30/06/2023: the demo's yearly audits and reviews are mostly still to come; a unit whose
    # duties are not yet due is no failure, and the figure says how many there are
    from vn_iso_qms import RuleStatus, demo_dataset
    from vn_iso_qms.reports import render_markdown

    report = province_report(demo_dataset(), province_id="p-mh", year=2023, as_of=D(2023, 6, 30))
    figure = report.figure("completed.provincial")
    pending = [s for s in figure.shortfalls if s.status is RuleStatus.NOT_YET_DUE]
    failed = [s for s in figure.shortfalls if s.status is RuleStatus.NOT_MET]
    assert pending
    assert not failed
    text = f"{figure.text()}; {len(pending)} not yet due"
    assert f"| {text} |" in render_markdown(report, lang="en")
    year_end = province_report(demo_dataset(), province_id="p-mh", year=2023)
    assert "not yet due" not in render_markdown(year_end, lang="en").split("## ", 2)[1]
