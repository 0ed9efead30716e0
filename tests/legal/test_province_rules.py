"""Golden cases: inspection coverage, corrective-action reports, plans and yearly reports.

TT 26/2014/TT-BKHCN Art. 33.2, 34.1.b, 37.2.c-d, 38.1; QĐ 19/2014/QĐ-TTg Art. 6, 12.6.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests import factories as f
from tests.legal.helpers import codes, run
from vn_iso_qms import (
    AgencyKind,
    AnnualPlan,
    ChecklistItem,
    ChecklistResult,
    CorrectiveActionReport,
    FindingGrade,
    Inspection,
    InspectionFinding,
    InspectionForm,
    InspectionPlan,
    InspectionPlanEntry,
    InspectionUnit,
    Policy,
    QmsDataset,
    QmsUnit,
    Rounding,
    RuleStatus,
    StatutoryReport,
    StatutoryReportKind,
    evolve,
)
from vn_iso_qms._internal.base import Record
from vn_iso_qms.rules import inspection_population, make_context

D = dt.date
END_2023 = D(2023, 12, 31)


def _province_with(n_mandatory: int, n_on_site: int, n_desk: int) -> QmsDataset:
    records: list[Record] = [f.province()]
    for i in range(n_mandatory):
        records.append(f.agency(f"so-{i:02d}"))
    for i in range(n_on_site):
        records.append(
            Inspection(
                id=f"kt-{i}",
                agency_id=f"so-{i:02d}",
                form=InspectionForm.ON_SITE,
                inspected_on=D(2023, 6, 1),
            )
        )
    for i in range(n_on_site, n_on_site + n_desk):
        records.append(
            Inspection(
                id=f"ks-{i}",
                agency_id=f"so-{i:02d}",
                form=InspectionForm.DESK,
                inspected_on=D(2023, 9, 1),
            )
        )
    return QmsDataset.from_records(records)


class TestInspectionCoverage:
    """R18, TT 26 Art. 33.2.a (everyone at least by desk review) and 33.2.b (≥ 1/3 on site)."""

    def test_28_units_need_10_on_site_when_rounding_up_tt26_art33_2_b(self) -> None:
        ds = _province_with(28, 10, 18)
        assert run(ds, "inspection_coverage", END_2023, subject="p").status is RuleStatus.MET
        short = _province_with(28, 9, 19)
        result = run(short, "inspection_coverage", END_2023, subject="p")
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"coverage_figures", "on_site_below_one_third"}

    @pytest.mark.parametrize(
        ("rounding", "mandatory", "needed"),
        [
            (Rounding.CEIL, 28, 10),
            (Rounding.FLOOR, 28, 9),
            (Rounding.HALF_UP, 28, 9),
            (Rounding.HALF_UP, 29, 10),
            (Rounding.CEIL, 27, 9),
            (Rounding.FLOOR, 27, 9),
        ],
    )
    def test_rounding_of_one_third_is_configurable_q5(
        self, rounding: Rounding, mandatory: int, needed: int
    ) -> None:
        policy = Policy(inspection_rounding=rounding)
        exact = _province_with(mandatory, needed, mandatory - needed)
        below = _province_with(mandatory, needed - 1, mandatory - needed + 1)
        assert (
            run(exact, "inspection_coverage", END_2023, subject="p", policy=policy).status
            is RuleStatus.MET
        )
        assert (
            run(below, "inspection_coverage", END_2023, subject="p", policy=policy).status
            is RuleStatus.NOT_MET
        )

    def test_an_agency_with_no_inspection_at_all_fails_tt26_art33_2_a(self) -> None:
        result = run(_province_with(6, 2, 3), "inspection_coverage", END_2023, subject="p")
        assert codes(result) == {"coverage_figures", "agencies_not_inspected"}
        assert result.reasons[1].record_ids == ("so-05",)

    def test_before_the_year_ends_a_shortfall_is_not_yet_due(self) -> None:
        result = run(_province_with(6, 0, 0), "inspection_coverage", D(2023, 6, 30), subject="p")
        assert result.status is RuleStatus.NOT_YET_DUE


def _inspected(
    *extra: Record, findings: bool = True, signed: dt.date | None = D(2023, 1, 31)
) -> QmsDataset:
    inspection = Inspection(
        id="kt",
        agency_id="so-a",
        form=InspectionForm.ON_SITE,
        inspected_on=D(2023, 1, 30),
        minutes_signed_on=signed,
        checklist=(ChecklistResult(item=ChecklistItem.G1_A_SCOPE, met=True),),
        findings=(
            InspectionFinding(
                item=ChecklistItem.G1_G_IMPROVEMENT, grade=FindingGrade.MINOR_NONCONFORMITY
            ),
        )
        if findings
        else (),
    )
    return f.complete_dataset(inspection, *extra)


def _report(day: dt.date, **kw: Any) -> CorrectiveActionReport:
    return CorrectiveActionReport(id="bc", inspection_id="kt", submitted_on=day, **kw)


class TestInspectionPopulation:
    """R18: TT 26 Art. 33.2 (who is inspected: agencies), 34.1.a (vertical lines), 6.3.a."""

    def test_vertical_line_agencies_are_the_ministrys_to_inspect_tt26_art34_1_a(self) -> None:
        ds = _province_with(3, 1, 2).with_records(
            f.agency("thue", kind=AgencyKind.VERTICAL_LINE_AGENCY, name="Cục Thuế tỉnh")
        )
        result = run(ds, "inspection_coverage", END_2023, subject="p")
        assert result.status is RuleStatus.MET
        assert result.reasons[0].params["population"] == 3
        assert "thue" not in inspection_population(make_context(ds, as_of=END_2023), "p")

    def test_divisions_sharing_the_committees_qms_are_inspected_with_it_tt26_art6_3_a(
        self,
    ) -> None:
        district = f.agency("ubnd-h", kind=AgencyKind.DISTRICT_PEOPLE_COMMITTEE)
        divisions = [
            f.agency(f"phong-{i}", kind=AgencyKind.DISTRICT_DIVISION, parent_id="ubnd-h")
            for i in range(3)
        ]
        common = QmsUnit(
            id="q-h",
            name="HTQLCL chung huyện",
            owner_agency_id="ubnd-h",
            agency_ids=("ubnd-h", *(d.id for d in divisions)),
        )
        inspected = Inspection(
            id="kt-h", agency_id="ubnd-h", form=InspectionForm.ON_SITE, inspected_on=D(2023, 6, 1)
        )
        ds = QmsDataset.from_records([f.province(), district, *divisions, common, inspected])
        result = run(ds, "inspection_coverage", END_2023, subject="p")
        # Art. 33.2 counts agencies: four, each inspected on site with the common QMS
        assert result.status is RuleStatus.MET
        assert result.reasons[0].record_ids == ("phong-0", "phong-1", "phong-2", "ubnd-h")
        assert result.reasons[0].params["population"] == 4
        # the reading by QMS: one subject
        by_qms = Policy(inspection_unit=InspectionUnit.QMS)
        result = run(ds, "inspection_coverage", END_2023, subject="p", policy=by_qms)
        assert result.status is RuleStatus.MET
        assert result.reasons[0].record_ids == ("ubnd-h",)

    def test_the_one_third_counts_agencies_not_qms_tt26_art33_2_b(self) -> None:
        # TT 26 Art. 33.2.b: "ít nhất 1/3 số cơ quan" — two departments with a QMS each, a
        # district committee sharing one QMS with its three divisions (Art. 6.3.a): 6 agencies
        # (at least 2 on site), 3 QMS (at least 1). One department inspected on site, the
        # others by desk review.
        district = f.agency("ubnd-h", kind=AgencyKind.DISTRICT_PEOPLE_COMMITTEE)
        divisions = [
            f.agency(f"phong-{i}", kind=AgencyKind.DISTRICT_DIVISION, parent_id="ubnd-h")
            for i in range(3)
        ]
        common = QmsUnit(
            id="q-h",
            name="HTQLCL chung huyện",
            owner_agency_id="ubnd-h",
            agency_ids=("ubnd-h", *(d.id for d in divisions)),
        )
        inspections = [
            Inspection(
                id="kt-0", agency_id="so-0", form=InspectionForm.ON_SITE, inspected_on=D(2023, 6, 1)
            ),
            Inspection(
                id="ks-1", agency_id="so-1", form=InspectionForm.DESK, inspected_on=D(2023, 6, 1)
            ),
            Inspection(
                id="ks-h", agency_id="ubnd-h", form=InspectionForm.DESK, inspected_on=D(2023, 6, 1)
            ),
        ]
        ds = QmsDataset.from_records(
            [
                f.province(),
                f.agency("so-0"),
                f.qms("so-0"),
                f.agency("so-1"),
                f.qms("so-1"),
                district,
                *divisions,
                common,
                *inspections,
            ]
        )
        by_agency = run(ds, "inspection_coverage", END_2023, subject="p")
        assert by_agency.status is RuleStatus.NOT_MET
        assert by_agency.reasons[0].params["needed"] == 2
        assert codes(by_agency) == {"coverage_figures", "on_site_below_one_third"}
        by_qms = Policy(inspection_unit=InspectionUnit.QMS)
        result = run(ds, "inspection_coverage", END_2023, subject="p", policy=by_qms)
        assert result.status is RuleStatus.MET
        assert result.reasons[0].params["needed"] == 1


class TestInspectionPlanCoverage:
    """R17-R18: the approved plan (TT 26 Art. 34.1.b, 34.2) meets Art. 33.2 (a reading)."""

    def _plan(self, *entries: tuple[str, InspectionForm]) -> InspectionPlan:
        return InspectionPlan(
            id="khkt",
            province_id="p",
            year=2023,
            decision_number="1/QĐ-UBND",
            approved_on=D(2023, 2, 1),
            inspecting_agency_id="so-00",
            entries=tuple(InspectionPlanEntry(agency_id=a, form=form) for a, form in entries),
        )

    def test_a_plan_covering_everyone_with_a_third_on_site_is_met(self) -> None:
        plan = self._plan(
            ("so-00", InspectionForm.ON_SITE),
            ("so-01", InspectionForm.DESK),
            ("so-02", InspectionForm.DESK),
        )
        ds = _province_with(3, 0, 0).with_records(plan)
        assert run(ds, "inspection_plan_coverage", END_2023, subject="p").status is RuleStatus.MET

    def test_a_plan_leaving_a_unit_out_and_short_on_site_fails_tt26_art33_2(self) -> None:
        plan = self._plan(("so-00", InspectionForm.DESK), ("so-01", InspectionForm.DESK))
        ds = _province_with(3, 0, 0).with_records(plan)
        result = run(ds, "inspection_plan_coverage", END_2023, subject="p")
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {
            "plan_coverage_figures",
            "plan_leaves_out_units",
            "plan_on_site_below_one_third",
        }
        assert result.reasons[1].record_ids == ("so-02",)

    def test_no_approved_plan_is_not_applicable_here(self) -> None:
        result = run(_province_with(3, 0, 0), "inspection_plan_coverage", END_2023, subject="p")
        assert result.status is RuleStatus.NOT_APPLICABLE


class TestInspectionCorrectiveReport:
    """R19, TT 26 Art. 37.2.c: report within 2 months of signing the minutes."""

    def test_report_on_the_last_day_is_met_tt26_art37_2_c(self) -> None:
        # signed 31 January -> due 31 March (2 calendar months, clamped)
        result = run(_inspected(_report(D(2023, 3, 31))), "inspection_corrective_report", END_2023)
        assert result.status is RuleStatus.MET

    def test_report_a_day_late_fails_tt26_art37_2_c(self) -> None:
        result = run(_inspected(_report(D(2023, 4, 1))), "inspection_corrective_report", END_2023)
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"corrective_report_late"}
        assert result.reasons[0].deadline == D(2023, 3, 31)

    def test_missing_report_is_pending_then_missing(self) -> None:
        assert (
            run(_inspected(), "inspection_corrective_report", D(2023, 3, 30)).status
            is RuleStatus.NOT_YET_DUE
        )
        assert codes(run(_inspected(), "inspection_corrective_report", D(2023, 3, 31))) == {
            "corrective_report_missing"
        }

    def test_a_report_not_accepted_fails_tt26_art37_2_d(self) -> None:
        report = _report(D(2023, 3, 1), accepted=False, decided_on=D(2023, 3, 10))
        result = run(_inspected(report), "inspection_corrective_report", END_2023)
        assert codes(result) == {"corrective_report_not_accepted"}

    def test_an_inspection_without_issues_needs_no_report(self) -> None:
        result = run(_inspected(findings=False), "inspection_corrective_report", END_2023)
        assert result.status is RuleStatus.NOT_APPLICABLE

    def test_observations_alone_need_no_report_tt26_art37_2_c(self) -> None:
        # Art. 37.2.c: the agency reports on the problems found (vấn đề tồn tại); an observation
        # or an opportunity for improvement is not one.
        observed = _inspected(findings=False).with_records(
            evolve(
                _inspected().get(Inspection, "kt"),
                findings=(
                    InspectionFinding(
                        item=ChecklistItem.G1_G_IMPROVEMENT, grade=FindingGrade.OBSERVATION
                    ),
                    InspectionFinding(
                        item=ChecklistItem.G1_B_COMMUNICATED,
                        grade=FindingGrade.OPPORTUNITY_FOR_IMPROVEMENT,
                    ),
                ),
            ),
            replace=True,
        )
        result = run(observed, "inspection_corrective_report", END_2023)
        assert result.status is RuleStatus.NOT_APPLICABLE
        assert codes(result) == {"no_inspection_issue"}
        # an unmet checklist item is a problem, with or without findings
        unmet = evolve(
            _inspected(findings=False).get(Inspection, "kt"),
            checklist=(ChecklistResult(item=ChecklistItem.G1_A_SCOPE, met=False),),
        )
        ds = _inspected(findings=False).with_records(unmet, replace=True)
        assert codes(run(ds, "inspection_corrective_report", END_2023)) == {
            "corrective_report_missing"
        }

    def test_a_report_due_during_tet_is_due_after_it_blds_2015_art148_5(self) -> None:
        # Minutes signed 28/11/2024 -> 28/01/2025, in the Tết holidays (27/01-01/02/2025, the
        # 01/02 a Saturday, 02/02 a Sunday): the 2 months end on Monday 03/02/2025.
        signed = D(2024, 11, 28)
        inspection = evolve(
            _inspected().get(Inspection, "kt"), inspected_on=signed, minutes_signed_on=signed
        )
        ds = _inspected().with_records(inspection, replace=True)
        on_time = ds.with_records(_report(D(2025, 2, 3)))
        result = run(on_time, "inspection_corrective_report", D(2025, 12, 31), year=2025)
        assert result.status is RuleStatus.MET
        late = run(
            ds.with_records(_report(D(2025, 2, 4))),
            "inspection_corrective_report",
            D(2025, 12, 31),
            year=2025,
        )
        assert codes(late) == {"corrective_report_late"}
        assert late.reasons[0].deadline == D(2025, 2, 3)
        assert late.reasons[0].params["moved_from"] == "2025-01-28"

    def test_a_report_due_on_a_sunday_is_due_on_monday_blds_2015_art148_5(self) -> None:
        signed = D(2023, 7, 30)  # + 2 months = Saturday 30/09/2023 -> Monday 02/10/2023
        inspection = evolve(
            _inspected().get(Inspection, "kt"), inspected_on=signed, minutes_signed_on=signed
        )
        ds = _inspected().with_records(inspection, replace=True)
        result = run(ds, "inspection_corrective_report", D(2023, 10, 1))
        assert result.status is RuleStatus.NOT_YET_DUE
        assert result.reasons[0].deadline == D(2023, 10, 2)

    def test_minutes_without_a_signing_date_cannot_be_followed_up(self) -> None:
        result = run(_inspected(signed=None), "inspection_corrective_report", END_2023)
        assert codes(result) == {"minutes_not_signed"}


def _statutory(kind: StatutoryReportKind, day: dt.date) -> StatutoryReport:
    return StatutoryReport(id="r", kind=kind, province_id="p", year=2023, submitted_on=day)


class TestYearlyReports:
    """R24: November inspection report (TT 26 Art. 38.1), December status report (QĐ 19 Art. 12.6)."""

    @pytest.mark.parametrize(
        ("day", "status"),
        [
            (D(2023, 10, 20), RuleStatus.MET),
            (D(2023, 11, 30), RuleStatus.MET),
            (D(2023, 12, 1), RuleStatus.NOT_MET),
        ],
    )
    def test_november_report_by_30_november_tt26_art38_1(
        self, day: dt.date, status: RuleStatus
    ) -> None:
        ds = f.complete_dataset(_statutory(StatutoryReportKind.NOVEMBER_INSPECTION, day))
        assert run(ds, "november_inspection_report", END_2023, subject="p").status is status

    def test_province_configured_day(self) -> None:
        ds = f.complete_dataset(
            _statutory(StatutoryReportKind.NOVEMBER_INSPECTION, D(2023, 11, 20))
        )
        policy = Policy(november_report_day=15)
        result = run(ds, "november_inspection_report", END_2023, subject="p", policy=policy)
        assert codes(result) == {"report_late"}

    def test_december_report_missing(self) -> None:
        ds = f.complete_dataset()
        assert (
            run(ds, "december_status_report", D(2023, 12, 30), subject="p").status
            is RuleStatus.NOT_YET_DUE
        )
        result = run(ds, "december_status_report", END_2023, subject="p")
        assert codes(result) == {"report_missing"}
        assert result.citation.render("en") == "QĐ 19/2014/QĐ-TTg Art. 12.6"


class TestPlansApproved:
    """R16 (QĐ 19 Art. 6) and R17 (TT 26 Art. 34.1.b)."""

    def test_approved_plans_are_met(self) -> None:
        plan = AnnualPlan(
            id="kh",
            province_id="p",
            year=2023,
            decision_number="1/QĐ-UBND",
            approved_on=D(2023, 1, 10),
            approver="Chủ tịch UBND tỉnh",
        )
        iplan = InspectionPlan(
            id="khkt",
            province_id="p",
            year=2023,
            decision_number="2/QĐ-UBND",
            approved_on=D(2023, 3, 1),
            inspecting_agency_id="so-a",
        )
        ds = f.complete_dataset(plan, iplan)
        assert run(ds, "annual_plan_approved", END_2023, subject="p").status is RuleStatus.MET
        assert run(ds, "inspection_plan_approved", END_2023, subject="p").status is RuleStatus.MET
        # known only from its approval date on
        assert (
            run(ds, "inspection_plan_approved", D(2023, 2, 28), subject="p").status
            is RuleStatus.NOT_YET_DUE
        )

    def test_missing_plans_fail_at_year_end(self) -> None:
        ds = f.complete_dataset()
        assert codes(run(ds, "annual_plan_approved", END_2023, subject="p")) == {"plan_missing"}
