"""Golden cases: province-level duties across the 2025 province mergers (`demo_dataset_2025`).

Resolution 202/2025/QH15 merges Tỉnh Minh Hòa (`p-mh`) and Tỉnh Hòa Giang (`p-hg`), which end on
30/06/2025, into Tỉnh Minh Giang (`p-mg`) from 01/07/2025. The province's yearly duties are the
implementation plan (QĐ 19 Art. 6, 12.4.a), the inspection plan (TT 26 Art. 34.1.b), the
inspections, all at least by desk review and at least 1/3 on site (TT 26 Art. 33.2), the November
inspection report (TT 26 Art. 38.1) and the December status report (QĐ 19 Art. 12.6). A province
is held to the duties falling due within its life, and counts only its own units.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.legal.helpers import codes, run
from vn_iso_qms import (
    AdministrativeUnit,
    AnnualPlan,
    InspectionUnit,
    Policy,
    QmsDataset,
    RuleStatus,
    StatutoryReport,
    demo_dataset_2025,
)
from vn_iso_qms._internal.base import Record

D = dt.date
END_2025 = D(2025, 12, 31)
PROVINCE_RULES = (
    "inspection_coverage",
    "november_inspection_report",
    "december_status_report",
    "annual_plan_approved",
    "inspection_plan_approved",
    "tthc_list_updated",
)


@pytest.fixture(scope="module")
def ds() -> QmsDataset:
    return demo_dataset_2025()


def test_an_old_province_is_not_held_to_reports_due_after_its_end(ds: QmsDataset) -> None:
    """TT 26 Art. 38.1 (November), QĐ 19 Art. 12.6 (December); Resolution 202/2025/QH15.

    Minh Hòa's last day is 30/06/2025: the November and December reports of 2025 fall due after
    it, so they are not applicable, with a reason naming its successor. In 2024 it was held to
    them (the demo holds no 2024 report: not met).
    """
    for rule_id, due in (
        ("november_inspection_report", "2025-11-30"),
        ("december_status_report", "2025-12-31"),
    ):
        for as_of in (D(2025, 6, 30), END_2025):
            result = run(ds, rule_id, as_of, subject="p-mh", year=2025)
            assert result.status is RuleStatus.NOT_APPLICABLE
            [reason] = result.reasons
            assert reason.code == "province_ended"
            assert reason.params["successors"] == ("Tỉnh Minh Giang",)
            assert (reason.params["date"], reason.params["due"]) == ("2025-06-30", due)
        before = run(ds, rule_id, D(2024, 12, 31), subject="p-mh", year=2024)
        assert before.status is RuleStatus.NOT_MET


def test_an_old_province_plan_is_met_if_approved_and_otherwise_not_due_in_its_life(
    ds: QmsDataset,
) -> None:
    """QĐ 19 Art. 6, 12.4.a; Resolution 202/2025/QH15.

    The law sets no day for the plan, so it is due by the period's end, after Minh Hòa's
    last day: without a plan it is not applicable; a plan approved on 10/01/2025 is met.
    """
    missing = run(ds, "annual_plan_approved", END_2025, subject="p-mh", year=2025)
    assert missing.status is RuleStatus.NOT_APPLICABLE
    assert codes(missing) == {"province_ended"}
    plan = AnnualPlan(
        id="kh-2025-mh",
        province_id="p-mh",
        year=2025,
        decision_number="3/QĐ-UBND",
        approved_on=D(2025, 1, 10),
        approver="Chủ tịch UBND tỉnh",
    )
    with_plan = QmsDataset.from_records([*ds.records(), plan])
    approved = run(with_plan, "annual_plan_approved", END_2025, subject="p-mh", year=2025)
    assert approved.status is RuleStatus.MET
    assert codes(approved) == {"plan_approved"}


def test_each_province_counts_the_inspection_minimum_over_its_own_units(ds: QmsDataset) -> None:
    """TT 26 Art. 33.2.a-b: every obliged unit, at least 1/3 on site, rounded up (Q5).

    Minh Hòa on its last day (30/06/2025) had its People's Committee, 13 departments (18, less
    6 merged on 01/03/2025, plus the new Sở NN&MT), 9 district committees and their 9 Phòng
    Tư pháp (which share their committee's QMS, TT 26 Art. 6.3.a): Art. 33.2 counts agencies,
    so 32 subjects, minimum 11 (by QMS, `inspection_unit` `qms`: 23 subjects, minimum 8). Its
    yearly inspection falls due on 31/12/2025, after its end: not applicable. Minh Giang has its
    People's Committee and 13 departments (communes are encouraged): 14 subjects, minimum 5,
    with 5 on site and 9 by desk review.
    """
    old = run(ds, "inspection_coverage", END_2025, subject="p-mh", year=2025)
    assert old.status is RuleStatus.NOT_APPLICABLE
    figures = next(r for r in old.reasons if r.code == "coverage_figures")
    assert (figures.params["population"], figures.params["needed"]) == (32, 11)
    by_qms = Policy(inspection_unit=InspectionUnit.QMS)
    per_qms = run(ds, "inspection_coverage", END_2025, subject="p-mh", year=2025, policy=by_qms)
    figures_qms = next(r for r in per_qms.reasons if r.code == "coverage_figures")
    assert (figures_qms.params["population"], figures_qms.params["needed"]) == (23, 8)
    assert any(r.startswith("ubnd-huyen-") for r in figures.record_ids)
    assert "province_ended" in codes(old)
    new = run(ds, "inspection_coverage", END_2025, subject="p-mg", year=2025)
    assert new.status is RuleStatus.MET
    figures = next(r for r in new.reasons if r.code == "coverage_figures")
    assert (figures.params["population"], figures.params["needed"]) == (14, 5)
    assert (figures.params["inspected"], figures.params["on_site"]) == (14, 5)
    assert all(r.startswith("mg-") for r in figures.record_ids)


def test_the_new_province_has_no_duty_before_its_start(ds: QmsDataset) -> None:
    """Resolution 202/2025/QH15: Minh Giang exists from 01/07/2025; on 30/06 it has no duty."""
    for rule_id in PROVINCE_RULES:
        result = run(ds, rule_id, D(2025, 6, 30), subject="p-mg", year=2025)
        assert result.status is RuleStatus.NOT_APPLICABLE, rule_id
        assert codes(result) == {"province_not_yet_established"}, rule_id


def _without_report(ds: QmsDataset, report_id: str) -> list[Record]:
    return [r for r in ds.records() if not (isinstance(r, StatutoryReport) and r.id == report_id)]


def test_the_merged_province_is_held_to_the_years_reports_without_a_grace(
    ds: QmsDataset,
) -> None:
    """TT 26 Art. 38.1; Resolution 202/2025/QH15; a documented reading on the grace.

    Minh Giang's November report falls due on 30/11/2025, after its start: without it, it is
    not met. A province formed by merging others carries on their duties, so it gets no new
    obligee's grace. A province established without predecessors would get the grace of
    `new_duty_grace_months` (12 months from 01/07/2025), and none with 0.
    """
    records = _without_report(ds, "bc-t11-2025-mg")
    merged = QmsDataset.from_records(records)
    result = run(merged, "november_inspection_report", END_2025, subject="p-mg", year=2025)
    assert result.status is RuleStatus.NOT_MET
    assert codes(result) == {"report_missing"}
    fresh = QmsDataset.from_records(
        [
            r.model_copy(update={"successor_ids": ()})
            if isinstance(r, AdministrativeUnit) and r.id in ("p-mh", "p-hg")
            else r
            for r in records
        ]
    )
    result = run(fresh, "november_inspection_report", END_2025, subject="p-mg", year=2025)
    assert result.status is RuleStatus.NOT_YET_DUE
    assert codes(result) == {"report_missing", "new_obligee_grace"}
    strict = Policy(new_duty_grace_months=0)
    result = run(
        fresh, "november_inspection_report", END_2025, subject="p-mg", year=2025, policy=strict
    )
    assert result.status is RuleStatus.NOT_MET
