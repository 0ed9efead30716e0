"""The counters provinces quote (issue 24): re-announced in the period, and the combined
"sở, ban, ngành và UBND cấp huyện" counter of units that announced.

QĐ 19/2014/QĐ-TTg Art. 4.4.c: an agency re-announces when the scope of its QMS is adjusted,
expanded or narrowed; Art. 12.6 and Phụ lục II: the lead unit reports each year on building and
applying QMS. Provincial reports quote "43/45 đơn vị đã công bố (19 sở, ngành; 24 quận,
huyện), 11 công bố lại" (TP HCM, 2018): the units of QĐ 19 Art. 2.1.b (district People's
Committees) and 2.1.c (the specialised agencies). From 01/07/2025 the district level no longer
exists (Law 72/2025/QH15): no figure names it.
"""

from __future__ import annotations

import datetime as dt

from tests import factories as f
from vn_iso_qms import (
    AgencyKind,
    AnnouncementReason,
    QmsDataset,
    demo_dataset,
    demo_dataset_2025,
)
from vn_iso_qms.reports import ProvinceReport, province_report

D = dt.date


def _two_departments_and_a_district() -> QmsDataset:
    """Two departments (one re-announced in 2023 after its scope grew), and a district
    committee that never announced."""
    again = f.announcement(
        "q-so-b",
        id="cb-so-b-2023",
        date=D(2023, 9, 1),
        reason=AnnouncementReason.SCOPE_EXPANDED,
        scope_tthc=("1.so-b",),
    )
    return QmsDataset.from_records(
        [
            f.province(),
            *f.complete_unit_records("so-a"),
            *f.complete_unit_records("so-b"),
            again,
            f.agency("ubnd-h", kind=AgencyKind.DISTRICT_PEOPLE_COMMITTEE, name="UBND huyện H"),
        ]
    )


class TestReannouncedTotal:
    """QĐ 19 Art. 4.4.c: re-announcements of the period, in total and by block."""

    def test_the_total_counts_every_block_qd19_art4_4_c(self) -> None:
        report = province_report(_two_departments_and_a_district(), province_id="p", year=2023)
        total = report.figure("reannounced.total")
        assert total.value == 1
        assert [u.id for u in total.units] == ["so-b"]
        assert report.figure("reannounced.provincial").value == 1

    def test_the_demo_total_is_the_sum_of_its_blocks_qd19_art4_4_c(self) -> None:
        # the demo's 2023 re-announcements: Sở Tư pháp (scope expanded, 15/05/2023) and the
        # Chi cục Thủy lợi (reorganisation, 14/08/2023), in two blocks
        report = province_report(demo_dataset(), province_id="p-mh", year=2023)
        blocks = [
            f
            for f in report.figures
            if f.key.startswith("reannounced.") and f.key != "reannounced.total"
        ]
        assert report.figure("reannounced.total").value == 2 == sum(f.value for f in blocks)
        assert {u.id for u in report.figure("reannounced.total").units} == {
            "so-tu-phap",
            "chi-cuc-thuy-loi",
        }


class TestDepartmentsAndDistricts:
    """QĐ 19 Art. 2.1.b-c: the combined counter of departments, boards and districts."""

    def test_announced_over_the_combined_population_qd19_art2_1(self) -> None:
        report = province_report(_two_departments_and_a_district(), province_id="p", year=2023)
        combined = report.figure("registry.announced.departments_districts")
        assert combined.text() == "2/3 (66.7%)"
        assert combined.label_vi == "Sở, ban, ngành và UBND cấp huyện đã công bố HTQLCL"
        assert [s.unit.id for s in combined.shortfalls] == ["ubnd-h"]

    def test_the_demo_reports_28_of_28_qd19_art2_1(self) -> None:
        # 19 provincial units (the People's Committee and 18 departments and boards) and 9
        # district committees, all announced in 2019 (the seed's 100% of every level)
        report = province_report(demo_dataset(), province_id="p-mh", year=2023)
        assert report.figure("registry.announced.departments_districts").text() == (
            "28/28 (100.0%)"
        )


def _labels(report: ProvinceReport) -> list[str]:
    return [label for f in report.figures for label in (f.label_vi, f.label_en)]


class TestNoDistrictLevelAfterTheReform:
    """Law 72/2025/QH15: no district level from 01/07/2025; no figure names it."""

    def test_no_figure_names_the_district_level_in_2025_and_2026_luat72_2025(self) -> None:
        for year in (2025, 2026):
            report = province_report(demo_dataset_2025(), province_id="p-mg", year=year)
            combined = report.figure("registry.announced.departments_districts")
            assert combined.label_vi == "Sở, ban, ngành đã công bố HTQLCL"
            assert report.figure("completed.departments_districts").label_en == (
                "Completed - provincial departments and boards"
            )
            named = [
                label
                for label in _labels(report)
                if "huyện" in label.lower() or "district" in label.lower()
            ]
            assert named == [], (year, named)

    def test_before_the_reform_the_label_names_it_luat72_2025(self) -> None:
        report = province_report(demo_dataset(), province_id="p-mh", year=2023)
        assert "UBND cấp huyện" in report.figure("completed.departments_districts").label_vi
