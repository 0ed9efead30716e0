"""The "on plan" verdict in steps: schedule → evidence → matching → verdict.

QĐ 19/2014/QĐ-TTg Art. 6 (the approved plan) and Art. 12.4.a (monitoring progress against it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests import factories as f
from vn_iso_qms import (
    Activity,
    ActivityKind,
    ActivityStatus,
    AnnualPlan,
    PlanAmendment,
    PlannedActivity,
    QmsDataset,
    Reschedule,
)
from vn_iso_qms._internal.base import Record
from vn_iso_qms.rules import (
    EvaluationContext,
    Evidence,
    effective_schedule,
    evidence_of,
    make_context,
    match,
)

D = dt.date
PLAN = AnnualPlan(
    id="kh",
    province_id="p",
    year=2023,
    decision_number="35/QĐ-UBND",
    approved_on=D(2023, 1, 16),
    approver="Chủ tịch UBND tỉnh",
)


def _pa(id: str, kind: ActivityKind, due: dt.date, **kw: Any) -> PlannedActivity:
    return PlannedActivity(id=id, plan_id="kh", agency_id="so-a", kind=kind, due_on=due, **kw)


def _ctx(*records: Record, as_of: dt.date = D(2023, 12, 31)) -> EvaluationContext:
    ds: QmsDataset = f.complete_dataset(PLAN, *records)
    return make_context(ds, as_of=as_of, year=2023)


def test_schedule_applies_only_amendments_approved_by_as_of() -> None:
    amendment = PlanAmendment(
        id="dc",
        plan_id="kh",
        decision_number="90/QĐ-UBND",
        approved_on=D(2023, 6, 1),
        cancelled_activity_ids=("t",),
        rescheduled=(Reschedule(activity_id="a", new_due_on=D(2023, 9, 1)),),
    )
    records = (
        _pa("t", ActivityKind.TRAINING, D(2023, 8, 1)),
        _pa("a", ActivityKind.INTERNAL_AUDIT, D(2023, 5, 1)),
        amendment,
    )
    before = effective_schedule(_ctx(*records, as_of=D(2023, 5, 31)), PLAN, "so-a")
    assert {(s.activity.id, s.due_on, s.cancelled_by) for s in before} == {
        ("t", D(2023, 8, 1), None),
        ("a", D(2023, 5, 1), None),
    }
    after = effective_schedule(_ctx(*records), PLAN, "so-a")
    assert {(s.activity.id, s.due_on, s.cancelled_by, s.amendment_id) for s in after} == {
        ("t", D(2023, 8, 1), "dc", None),
        ("a", D(2023, 9, 1), None, "dc"),
    }


def test_evidence_is_the_kinds_records_in_the_period_up_to_as_of() -> None:
    ctx = _ctx(as_of=D(2023, 6, 30))
    agency = ctx.agency("so-a")
    # the factory's 2023 audit (1 June) counts; the 2019 audit is before the period
    assert evidence_of(ctx, agency, ActivityKind.INTERNAL_AUDIT) == (
        Evidence(D(2023, 6, 1), "dg23-so-a"),
    )
    # the review of 1 July is after as_of: not known yet
    assert evidence_of(ctx, agency, ActivityKind.MANAGEMENT_REVIEW) == ()


def test_matching_pairs_due_dates_and_evidence_in_date_order() -> None:
    extra = Activity(id="t2", agency_id="so-a", kind=ActivityKind.TRAINING, date=D(2023, 10, 5))
    first = Activity(id="t1", agency_id="so-a", kind=ActivityKind.TRAINING, date=D(2023, 3, 5))
    ctx = _ctx(
        _pa("b", ActivityKind.TRAINING, D(2023, 9, 30)),
        _pa("a", ActivityKind.TRAINING, D(2023, 3, 31)),
        _pa("c", ActivityKind.TRAINING, D(2023, 11, 30)),
        extra,
        first,
    )
    outcomes = match(ctx, ctx.agency("so-a"), effective_schedule(ctx, PLAN, "so-a"))
    assert [(o.planned_activity_id, o.status, o.evidence_ids) for o in outcomes] == [
        ("a", ActivityStatus.ON_TIME, ("t1",)),
        ("b", ActivityStatus.LATE, ("t2",)),  # the October training is the second one
        ("c", ActivityStatus.OVERDUE, ()),
    ]


def test_linked_evidence_goes_to_its_activity_before_the_pool() -> None:
    linked = Activity(
        id="t1",
        agency_id="so-a",
        kind=ActivityKind.TRAINING,
        date=D(2023, 10, 5),
        planned_activity_id="b",
    )
    ctx = _ctx(
        _pa("a", ActivityKind.TRAINING, D(2023, 3, 31)),
        _pa("b", ActivityKind.TRAINING, D(2023, 11, 30)),
        linked,
    )
    outcomes = match(ctx, ctx.agency("so-a"), effective_schedule(ctx, PLAN, "so-a"))
    assert [(o.planned_activity_id, o.status) for o in outcomes] == [
        ("a", ActivityStatus.OVERDUE),  # the linked record is not in "a"'s pool
        ("b", ActivityStatus.ON_TIME),
    ]


def test_context_answers_with_tuples_and_keeps_its_indexes_private() -> None:
    ctx = _ctx()
    assert isinstance(ctx.audits_of("q-so-a"), tuple)
    assert isinstance(ctx.announcements_until("q-so-a", D(2023, 12, 31)), tuple)
    assert isinstance(ctx.activities_of("so-a"), tuple)
    public_data = [
        name
        for name, value in vars(ctx).items()
        if not name.startswith("_") and not callable(value)
    ]
    assert public_data == []


def test_grace_at_the_end_of_the_calendar_saturates() -> None:
    # a "no end" date (31/12/9999) plus grace days is no OverflowError: it saturates
    from vn_iso_qms import Policy, VerdictKind, evaluate

    far = PLAN.model_copy(update={"year": 9999, "approved_on": D(9999, 1, 2)})
    ds = f.complete_dataset(far, _pa("t", ActivityKind.TRAINING, D(9999, 12, 31)))
    policy = Policy(grace_days=30)
    verdict = evaluate(ds, as_of=D(9999, 12, 31), year=9999, policy=policy).verdict(
        "so-a", VerdictKind.ON_PLAN
    )
    # the deadline saturates at 31/12/9999, which as_of reaches: overdue by the end of that day
    assert verdict.activities[0].status is ActivityStatus.OVERDUE
