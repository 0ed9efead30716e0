"""The two verdicts: completed (hoàn thành) and on plan (đúng kế hoạch), and the seed's figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests import factories as f
from vn_iso_qms import (
    Activity,
    ActivityKind,
    ActivityStatus,
    AgencyKind,
    AnnualPlan,
    Evaluation,
    Frequency,
    InternalAudit,
    PlanAmendment,
    PlannedActivity,
    Policy,
    QmsDataset,
    Recurrence,
    Reschedule,
    RuleStatus,
    Verdict,
    VerdictKind,
    evaluate,
)
from vn_iso_qms._internal.base import Record

D = dt.date
END_2023 = D(2023, 12, 31)
LEVEL_KINDS = {
    AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE,
    AgencyKind.PROVINCIAL_DEPARTMENT,
    AgencyKind.DISTRICT_PEOPLE_COMMITTEE,
    AgencyKind.COMMUNE_PEOPLE_COMMITTEE,
}


@pytest.fixture(scope="module")
def evaluation(demo_dataset: QmsDataset) -> Evaluation:
    return evaluate(demo_dataset, as_of=END_2023, year=2023)


class TestSeedFigures:
    """DESIGN §2: the demo province reproduces the seed's 2023 verdicts through the rules."""

    def test_134_of_134_level_units_completed(
        self, demo_dataset: QmsDataset, evaluation: Evaluation
    ) -> None:
        level = {a.id for a in demo_dataset.agencies if a.kind in LEVEL_KINDS}
        assert len(level) == 134
        assert evaluation.count(VerdictKind.COMPLETED, RuleStatus.MET, level) == 134

    def test_29_of_29_plan_units_on_plan(self, evaluation: Evaluation) -> None:
        applicable = [
            v
            for v in evaluation.verdicts_of(VerdictKind.ON_PLAN)
            if v.status is not RuleStatus.NOT_APPLICABLE
        ]
        assert len(applicable) == 29
        assert all(v.status is RuleStatus.MET for v in applicable)

    def test_the_two_ended_units_are_not_applicable_with_their_events(
        self, evaluation: Evaluation
    ) -> None:
        not_applicable = [
            v
            for v in evaluation.verdicts_of(VerdictKind.COMPLETED)
            if v.status is RuleStatus.NOT_APPLICABLE
        ]
        ended = [v for v in not_applicable if v.reasons[0].code == "agency_ended"]
        assert len(ended) == 2
        # the third: the office of the NA delegation and People's Council, which QĐ 19 Art. 2
        # does not cover, is judged on plan only
        (other,) = [v for v in not_applicable if v not in ended]
        assert (other.agency_id, other.reasons[0].code) == (
            "van-phong-doan-dai-bieu-quoc-hoi-va-hoi-dong-nhan-dan-tinh",
            "not_obliged",
        )

    def test_removing_one_internal_audit_fails_exactly_that_unit_qd19_art4_4_b(
        self, demo_dataset: QmsDataset, evaluation: Evaluation
    ) -> None:
        target = "so-tai-chinh"
        dropped = demo_dataset.without(InternalAudit, f"dg-2023-{target}")
        after = evaluate(dropped, as_of=END_2023, year=2023)
        before = {(v.agency_id, v.kind): v.status for v in evaluation.verdicts}
        changed = {
            (v.agency_id, v.kind)
            for v in after.verdicts
            if before[(v.agency_id, v.kind)] is not v.status
        }
        assert changed == {(target, VerdictKind.COMPLETED)}
        verdict = after.verdict(target, VerdictKind.COMPLETED)
        assert verdict.status is RuleStatus.NOT_MET
        reason = next(r for r in verdict.reasons if r.code == "internal_audit_missing")
        assert reason.citation is not None
        assert reason.citation.render("en") == "QĐ 19/2014/QĐ-TTg Art. 4.4.b"


class TestCompleted:
    """DESIGN §3: completed = QMS in effect + the year's duties (QĐ 19 Art. 4)."""

    def test_a_unit_that_did_everything_is_completed(self) -> None:
        verdict = evaluate(f.complete_dataset(), as_of=END_2023).verdict(
            "so-a", VerdictKind.COMPLETED
        )
        assert verdict.status is RuleStatus.MET
        assert [r.code for r in verdict.reasons] == ["all_duties_met"]
        assert {r.rule_id for r in verdict.rule_results} == set(Policy().completed_rules)

    def test_mid_year_without_the_audit_is_not_yet_due(self) -> None:
        ds = f.complete_dataset().without(InternalAudit, "dg23-so-a")
        verdict = evaluate(ds, as_of=D(2023, 9, 1)).verdict("so-a", VerdictKind.COMPLETED)
        assert verdict.status is RuleStatus.NOT_YET_DUE

    def test_policy_can_add_rules_to_completed(self) -> None:
        hired = Activity(
            id="c",
            agency_id="so-a",
            kind=ActivityKind.THIRD_PARTY_CERTIFICATION,
            date=D(2023, 2, 1),
        )
        ds = f.complete_dataset(hired)
        assert (
            evaluate(ds, as_of=END_2023).verdict("so-a", VerdictKind.COMPLETED).status
            is RuleStatus.MET
        )
        strict = Policy(completed_rules=(*Policy().completed_rules, "no_third_party_certification"))
        verdict = evaluate(ds, as_of=END_2023, policy=strict).verdict("so-a", VerdictKind.COMPLETED)
        assert verdict.status is RuleStatus.NOT_MET


def _plan(*activities: PlannedActivity, amendments: tuple[PlanAmendment, ...] = ()) -> list[Record]:
    plan = AnnualPlan(
        id="kh",
        province_id="p",
        year=2023,
        decision_number="35/QĐ-UBND",
        approved_on=D(2023, 1, 16),
        approver="Chủ tịch UBND tỉnh",
    )
    return [plan, *activities, *amendments]


def _pa(id: str, kind: ActivityKind, due: dt.date | None = None, **kw: Any) -> PlannedActivity:
    return PlannedActivity(id=id, plan_id="kh", agency_id="so-a", kind=kind, due_on=due, **kw)


def _on_plan(*records: Record, as_of: dt.date = END_2023, policy: Policy | None = None) -> Verdict:
    ds = f.complete_dataset(*records)
    return evaluate(ds, as_of=as_of, year=2023, policy=policy or Policy()).verdict(
        "so-a", VerdictKind.ON_PLAN
    )


class TestOnPlan:
    """DESIGN §3; QĐ 19 Art. 6 (approved plan) and 12.4.a (monitoring progress)."""

    def test_unit_not_in_the_plan_is_not_applicable(self) -> None:
        verdict = _on_plan()
        assert verdict.status is RuleStatus.NOT_APPLICABLE
        assert verdict.reasons[0].code == "not_in_plan"

    def test_audit_and_review_done_by_their_dates_are_on_time(self) -> None:
        # the factory's 2023 audit is on 1 June and its review on 1 July
        verdict = _on_plan(
            *_plan(
                _pa("a", ActivityKind.INTERNAL_AUDIT, D(2023, 6, 1)),
                _pa("r", ActivityKind.MANAGEMENT_REVIEW, D(2023, 7, 1)),
            )
        )
        assert verdict.status is RuleStatus.MET
        assert [o.status for o in verdict.activities] == [ActivityStatus.ON_TIME] * 2
        assert verdict.activities[0].evidence_ids == ("dg23-so-a",)

    def test_done_a_day_late_is_late_and_not_on_plan(self) -> None:
        verdict = _on_plan(*_plan(_pa("a", ActivityKind.INTERNAL_AUDIT, D(2023, 5, 31))))
        assert verdict.status is RuleStatus.NOT_MET
        assert verdict.activities[0].status is ActivityStatus.LATE
        assert verdict.reasons[0].code == "plan_activity_late"

    def test_grace_days_count_as_on_time(self) -> None:
        verdict = _on_plan(
            *_plan(_pa("a", ActivityKind.INTERNAL_AUDIT, D(2023, 5, 31))),
            policy=Policy(grace_days=1),
        )
        assert verdict.status is RuleStatus.MET

    def test_undone_activity_is_not_yet_due_then_overdue(self) -> None:
        records = _plan(_pa("t", ActivityKind.TRAINING, D(2023, 9, 30)))
        assert _on_plan(*records, as_of=D(2023, 9, 29)).status is RuleStatus.NOT_YET_DUE
        verdict = _on_plan(*records, as_of=D(2023, 9, 30))
        assert verdict.status is RuleStatus.NOT_MET
        assert verdict.activities[0].status is ActivityStatus.OVERDUE

    def test_explicitly_linked_activity_counts_for_its_planned_activity(self) -> None:
        done = Activity(
            id="d",
            agency_id="so-a",
            kind=ActivityKind.TRAINING,
            date=D(2023, 9, 1),
            planned_activity_id="t",
        )
        verdict = _on_plan(*_plan(_pa("t", ActivityKind.TRAINING, D(2023, 9, 30))), done)
        assert verdict.activities[0].status is ActivityStatus.ON_TIME
        assert verdict.activities[0].done_on == D(2023, 9, 1)

    def test_cancelled_by_an_approved_amendment(self) -> None:
        amendment = PlanAmendment(
            id="dc",
            plan_id="kh",
            decision_number="9/QĐ-UBND",
            approved_on=D(2023, 6, 1),
            cancelled_activity_ids=("t",),
        )
        records = _plan(_pa("t", ActivityKind.TRAINING, D(2023, 3, 31)), amendments=(amendment,))
        verdict = _on_plan(*records)
        assert verdict.status is RuleStatus.MET
        assert verdict.activities[0].status is ActivityStatus.CANCELLED
        assert verdict.activities[0].amendment_id == "dc"
        # before the amendment was approved, the activity was simply overdue
        assert _on_plan(*records, as_of=D(2023, 5, 31)).status is RuleStatus.NOT_MET

    def test_rescheduled_by_an_amendment(self) -> None:
        amendment = PlanAmendment(
            id="dc",
            plan_id="kh",
            decision_number="9/QĐ-UBND",
            approved_on=D(2023, 5, 1),
            rescheduled=(Reschedule(activity_id="a", new_due_on=D(2023, 6, 30)),),
        )
        verdict = _on_plan(
            *_plan(_pa("a", ActivityKind.INTERNAL_AUDIT, D(2023, 3, 31)), amendments=(amendment,))
        )
        assert verdict.status is RuleStatus.MET
        assert verdict.activities[0].due_on == D(2023, 6, 30)

    def test_recurring_activity_needs_one_completion_per_due_date(self) -> None:
        recurring = _pa(
            "c",
            ActivityKind.COMMUNICATION,
            recurrence=Recurrence(frequency=Frequency.QUARTERLY, start=D(2023, 3, 31), count=4),
        )
        done = [
            Activity(id=f"c{i}", agency_id="so-a", kind=ActivityKind.COMMUNICATION, date=d)
            for i, d in enumerate([D(2023, 3, 20), D(2023, 6, 30), D(2023, 10, 2)])
        ]
        verdict = _on_plan(*_plan(recurring), *done, as_of=D(2024, 1, 1))
        statuses = [o.status for o in verdict.activities]
        assert statuses == [
            ActivityStatus.ON_TIME,
            ActivityStatus.ON_TIME,
            ActivityStatus.LATE,
            ActivityStatus.OVERDUE,
        ]
        assert verdict.status is RuleStatus.NOT_MET
