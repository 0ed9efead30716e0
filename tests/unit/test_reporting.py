"""The province report: the seed's figures arise from records, and move when a record changes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from vn_iso_qms import (
    Agency,
    AgencyKind,
    Inspection,
    InspectionForm,
    ManagementReview,
    PeriodKind,
    Policy,
    QmsDataset,
    QmsUnit,
    Rounding,
    evolve,
)
from vn_iso_qms._internal.base import Record
from vn_iso_qms._internal.reporting import report_block
from vn_iso_qms.reports import (
    ProvinceReport,
    ReportBlock,
    compare_policies,
    national_rollup,
    province_report,
    render_csv,
    render_json,
    render_markdown,
)

D = dt.date


@pytest.fixture(scope="module")
def report(demo_dataset: QmsDataset) -> ProvinceReport:
    return province_report(demo_dataset, province_id="p-mh", year=2023)


# The seed (DESIGN §2): 163 of 165 apply (the 2 that ended are out of the denominator),
# 134/134 completed, 29 on plan, 134/163 e-ISO,
# 20 on-site inspections = 11 departments + 9 districts, all compliant.
SEED = {
    "registry.total": "165",
    "registry.ended": "2",
    "registry.announced": "163/163 (100.0%)",
    "completed.levels": "134/134 (100.0%)",
    "on_plan.total": "29/29 (100.0%)",
    "on_plan.sub_department": "8/8 (100.0%)",
    "on_plan.public_service_unit": "18/18 (100.0%)",
    "eiso.total": "134/163 (82.2%)",
    "inspection.on_site": "20",
    "inspection.on_site.provincial": "11",
    "inspection.on_site.district": "9",
    "inspection.on_site.compliant": "20/20 (100.0%)",
}


@pytest.mark.parametrize(("key", "text"), SEED.items())
def test_demo_report_reproduces_the_seed(report: ProvinceReport, key: str, text: str) -> None:
    assert report.figure(key).text() == text


def test_every_figure_lists_the_units_behind_it(report: ProvinceReport) -> None:
    for figure in report.figures:
        if figure.key.startswith("inspection.minimum"):
            continue
        assert len(figure.units) == figure.value, figure.key
        if figure.total is not None:
            assert len(figure.units) + len(figure.shortfalls) == figure.total, figure.key


def test_ended_units_are_out_of_denominators_with_their_events(report: ProvinceReport) -> None:
    # DESIGN §2: the 2 units that ended in 2023 are excluded from denominators, with a reason
    ended = report.figure("registry.ended")
    reasons = [n.message_vi for n in ended.notes]
    assert any("sáp nhập vào Chi cục Thủy lợi" in r for r in reasons)
    assert any("giải thể" in r for r in reasons)
    ended_ids = {u.id for u in ended.units}
    for figure in report.figures:
        if figure.total is not None:
            assert not ended_ids & {s.unit.id for s in figure.shortfalls}, figure.key
    assert report.figure("registry.total").value == 165
    assert report.figure("registry.announced").value == 163


def test_on_site_minimum_is_one_third_of_the_mandatory_units(report: ProvinceReport) -> None:
    # 19 provincial + 9 district + 8 sub-departments = 36 mandatory (QĐ 19 Art. 2.1) -> ceil(36/3)
    minimum = report.figure("inspection.minimum_on_site")
    assert (minimum.value, minimum.total) == (12, 36)


def test_december_status_rows_by_block(report: ProvinceReport) -> None:
    rows = {r.block: r for r in report.status_rows}
    assert rows[ReportBlock.COMMUNE].total == 106
    assert rows[ReportBlock.COMMUNE].mandatory == 0  # communes are encouraged (QĐ 19 Art. 2.2)
    assert rows[ReportBlock.PROVINCIAL].eiso == 19


class TestFiguresMoveWithRecords:
    """Nothing is typed in: change one record and the matching figure changes."""

    def test_dropping_a_review_lowers_completed(self, demo_dataset: QmsDataset) -> None:
        ds = demo_dataset.without(ManagementReview, "xx-2023-so-tu-phap")
        fig = province_report(ds, province_id="p-mh", year=2023).figure("completed.levels")
        assert fig.text() == "133/134 (99.3%)"
        assert [s.unit.id for s in fig.shortfalls] == ["so-tu-phap"]
        assert fig.shortfalls[0].reasons[0].code == "management_review_missing"

    def test_ending_eiso_use_lowers_eiso(self, demo_dataset: QmsDataset) -> None:
        qms = demo_dataset.get(QmsUnit, "q-so-y-te")
        stopped = evolve(qms, eiso=(evolve(qms.eiso[0], until=D(2023, 6, 30)),))
        ds = demo_dataset.with_records(stopped, replace=True)
        assert province_report(ds, province_id="p-mh", year=2023).figure("eiso.total").value == 133

    def test_turning_an_on_site_inspection_into_a_desk_review(
        self, demo_dataset: QmsDataset
    ) -> None:
        inspection = demo_dataset.get(Inspection, "kt-2023-so-y-te")
        ds = demo_dataset.with_records(evolve(inspection, form=InspectionForm.DESK), replace=True)
        report = province_report(ds, province_id="p-mh", year=2023)
        assert report.figure("inspection.on_site").value == 19
        assert report.figure("inspection.on_site.provincial").value == 10
        assert report.figure("inspection.desk").value == 17

    def test_a_late_plan_activity_lowers_on_plan(self, demo_dataset: QmsDataset) -> None:
        from vn_iso_qms import PlannedActivity

        pa = demo_dataset.get(PlannedActivity, "kh-2023-cong-an-tinh-dg")
        ds = demo_dataset.with_records(evolve(pa, due_on=D(2023, 4, 1)), replace=True)
        fig = province_report(ds, province_id="p-mh", year=2023).figure("on_plan.total")
        assert fig.text() == "28/29 (96.6%)"
        assert fig.shortfalls[0].reasons[0].code == "plan_activity_late"


def test_markdown_is_vietnamese_by_default_and_english_on_request(report: ProvinceReport) -> None:
    vi = render_markdown(report)
    en = render_markdown(report, lang="en")
    assert "Hoàn thành - các cấp quản lý | 134/134 (100.0%)" in vi
    assert "Completed - all management levels | 134/134 (100.0%)" in en
    assert "## Kết quả kiểm tra (báo cáo tháng 11)" in vi


def test_csv_has_one_row_per_figure_and_unit(report: ProvinceReport) -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    summary = {r["figure"]: r for r in rows if not r["unit_id"]}
    assert summary["completed.levels"]["value"] == "134"
    counted = [
        r for r in rows if r["figure"] == "completed.levels" and r["unit_status"] == "counted"
    ]
    assert len(counted) == 134


def test_json_holds_everything_and_round_trips(report: ProvinceReport) -> None:
    data = json.loads(render_json(report))
    assert {f["key"] for f in data["figures"]} == {f.key for f in report.figures}
    assert ProvinceReport.model_validate_json(render_json(report)) == report


def test_report_blocks() -> None:
    assert report_block(AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE) is ReportBlock.PROVINCIAL
    # issue 24: the provincial police shares the block of the vertical-line agencies (both are
    # lines of central bodies, outside the province's inspection population: TT 26 Art. 33)
    assert report_block(AgencyKind.PROVINCIAL_POLICE) is ReportBlock.CENTRAL
    assert report_block(AgencyKind.VERTICAL_LINE_AGENCY) is ReportBlock.CENTRAL
    assert report_block(AgencyKind.LAND_REGISTRATION_OFFICE) is ReportBlock.OTHER
    assert ReportBlock.COMMUNE.is_management_level
    assert not ReportBlock.SUB_DEPARTMENT.is_management_level


def test_national_rollup_has_one_row_per_province_and_totals(demo_dataset: QmsDataset) -> None:
    from vn_iso_qms import AdministrativeUnit, AdminUnitLevel

    # a second, tiny province with one department that did nothing
    second: list[Record] = [
        AdministrativeUnit(id="p-2", name="Tỉnh Thứ Hai", level=AdminUnitLevel.PROVINCE),
        Agency(
            id="p2-so",
            name="Sở Nội vụ tỉnh Thứ Hai",
            kind=AgencyKind.PROVINCIAL_DEPARTMENT,
            admin_unit_id="p-2",
        ),
    ]
    ds = demo_dataset.with_records(*second)
    rollup = national_rollup(ds, year=2023)
    assert [r.province_id for r in rollup.rows] == ["p-2", "p-mh"]
    assert rollup.total.registry == 166
    assert rollup.total.completed == 134
    assert rollup.total.level_units == 135


def test_rollup_rows_of_the_same_name_are_told_apart_by_id() -> None:
    # Across the 2025 reform an old province and its successor can share a name (Thành phố Hà
    # Nội before and after 01/07/2025); an inspector reading the table must tell the rows apart.
    from vn_iso_qms import Period
    from vn_iso_qms.reports import NationalRollup, RollupRow, render_rollup_markdown

    def row(pid: str, name: str) -> RollupRow:
        counts = {k: 0 for k in RollupRow.model_fields if k not in ("province_id", "province_name")}
        return RollupRow(province_id=pid, province_name=name, **counts)

    rows = (row("p001", "Thành phố Hà Nội"), row("n01", "Thành phố Hà Nội"), row("p2", "Tỉnh Hai"))
    period = Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31), year=2025)
    rollup = NationalRollup(period=period, rows=rows, total=row("*", "Tổng cộng"))
    table = render_rollup_markdown(rollup, lang="vi")
    assert "| Thành phố Hà Nội (p001) |" in table
    assert "| Thành phố Hà Nội (n01) |" in table
    assert "| Tỉnh Hai |" in table


def test_policy_comparison_side_by_side(demo_dataset: QmsDataset) -> None:
    comparison = compare_policies(
        demo_dataset,
        province_id="p-mh",
        year=2023,
        policies={
            "ceil": Policy(),
            "floor": Policy(inspection_rounding=Rounding.FLOOR),
            "reporting": Policy(period=PeriodKind.REPORTING_YEAR),
        },
    )
    row = comparison.values[comparison.keys.index("inspection.minimum_on_site")]
    assert row[:2] == ("12/36 (33.3%)", "12/36 (33.3%)")  # 36/3 is exact
    # the reporting year ends on 14 December: reviews held later fall out of it
    completed = comparison.values[comparison.keys.index("completed.levels")]
    assert completed[0] == "134/134 (100.0%)"


def test_reports_do_not_depend_on_the_hash_seed(tmp_path: object) -> None:
    import subprocess
    import sys

    code = (
        "from vn_iso_qms import demo_dataset, province_report, render_json, render_markdown;"
        "r = province_report(demo_dataset(), province_id='p-mh', year=2023);"
        "import sys; sys.stdout.write(render_json(r) + render_markdown(r))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_a_non_compliant_inspection_is_a_shortfall_with_its_reasons(
    demo_dataset: QmsDataset,
) -> None:
    from vn_iso_qms import ChecklistItem, ChecklistResult

    inspection = demo_dataset.get(Inspection, "kt-2023-so-y-te")
    failed = evolve(
        inspection,
        checklist=(
            ChecklistResult(item=ChecklistItem.G2_C_ANNOUNCEMENT, met=False, note="chưa niêm yết"),
        ),
    )
    ds = demo_dataset.with_records(failed, replace=True)
    fig = province_report(ds, province_id="p-mh", year=2023).figure("inspection.on_site.compliant")
    assert fig.text() == "19/20 (95.0%)"
    (shortfall,) = fig.shortfalls
    assert shortfall.unit.id == "so-y-te"
    assert shortfall.reasons[0].code == "checklist_item_not_met"
    assert "chưa niêm yết" in shortfall.reasons[0].message_vi
