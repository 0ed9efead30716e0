"""The two yearly verdicts: completed (hoàn thành) and on plan (đúng kế hoạch).

"On plan" is built in steps, each a small function: the effective schedule (the approved plan
and its amendments) → the evidence of each activity kind → matching due dates with evidence →
the verdict.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from vn_iso_qms._internal.agency import Agency
from vn_iso_qms._internal.evaluation.calendar import add_days
from vn_iso_qms._internal.evaluation.context import EvaluationContext
from vn_iso_qms._internal.evaluation.kit import ended_reason, make_reason
from vn_iso_qms._internal.evaluation.law import QD19, cite
from vn_iso_qms._internal.evaluation.reasons import DutyCodes, Reason, ReasonCode
from vn_iso_qms._internal.evaluation.result import ActivityOutcome, RuleResult, Verdict, VerdictKind
from vn_iso_qms._internal.evaluation.status import ActivityStatus, RuleStatus, combine
from vn_iso_qms._internal.plan import Activity, AnnualPlan, PlannedActivity
from vn_iso_qms._internal.qms import DocumentApproval, EffectivenessConfirmation
from vn_iso_qms._internal.vocab import ActivityKind, AnnouncementReason, StandardVersion

R = ReasonCode
_C_PLAN = cite(QD19, "6")
PRESUMPTIONS = frozenset({R.STEP_PRESUMED})
"""Reasons that say a part rests on a presumption ("not evidenced", DESIGN §9): a met verdict
carries them after `all_duties_met`, and reports count those units apart."""
_INFORMATIVE = frozenset(
    {
        R.ANNOUNCED,
        R.INTERNAL_AUDIT_DONE,
        R.MANAGEMENT_REVIEW_DONE,
        R.CORRECTIVE_ACTION_LATE,
        *PRESUMPTIONS,
    }
)
"""Reasons that explain a rule's result but are no shortfall of the verdict."""


def rests_on_presumption(verdict: Verdict) -> bool:
    """Whether a met verdict rests on a presumption: a step the registry could not show."""
    return verdict.status is RuleStatus.MET and any(r.code in PRESUMPTIONS for r in verdict.reasons)


def _verdict(
    kind: VerdictKind,
    agency_id: str,
    status: RuleStatus,
    reasons: tuple[Reason, ...],
    *,
    rule_results: tuple[RuleResult, ...] = (),
    activities: tuple[ActivityOutcome, ...] = (),
) -> Verdict:
    # built from values the engine made itself: no validation (tests/unit/test_records.py)
    return Verdict._unchecked(
        kind=kind,
        agency_id=agency_id,
        status=status,
        reasons=reasons,
        rule_results=rule_results,
        activities=activities,
    )


def completed(
    ctx: EvaluationContext,
    agency_id: str,
    results: Mapping[str, RuleResult],
) -> Verdict:
    """The "completed" verdict from the unit's rule results (the policy's `completed_rules`).

    Completed (hoàn thành) means: at the end of the period (or at `as_of`, if earlier) the unit has
    a QMS in effect — announced, on an accepted edition, its scope covering its TTHC — and did
    the year's duties: internal audit and management review (audit first), legal changes
    reflected within 3 months, re-announced after scope changes, no corrective action overdue.
    Units that ended in the period, and units not obliged that applied no QMS, are not applicable.

    Args:
        ctx: the evaluation context.
        agency_id: the unit.
        results: the unit's rule results by rule id (must hold every rule in `completed_rules`).

    Returns:
        The verdict, its reasons, and the rule results it was built from.
    """
    agency = ctx.agency(agency_id)
    kind = VerdictKind.COMPLETED
    if ctx.ended_in_period(agency):
        return _verdict(kind, agency_id, RuleStatus.NOT_APPLICABLE, (ended_reason(ctx, agency),))
    parts = tuple(results[r] for r in ctx.policy.verdict_rules())
    gate = results["qms_in_effect"]
    if gate.status is RuleStatus.NOT_APPLICABLE:
        return _verdict(
            kind, agency_id, RuleStatus.NOT_APPLICABLE, gate.reasons, rule_results=parts
        )
    status = combine(p.status for p in parts)
    if status is RuleStatus.MET:
        reasons: tuple[Reason, ...] = (
            make_reason(R.ALL_DUTIES_MET, citation=cite(QD19, "4"), record_ids=(agency_id,)),
            *(r for p in parts for r in p.reasons if r.code in PRESUMPTIONS),
        )
    else:
        reasons = tuple(
            reason
            for p in parts
            if p.status in (RuleStatus.NOT_MET, RuleStatus.NOT_YET_DUE)
            for reason in p.reasons
            if reason.code not in _INFORMATIVE
        )
    return _verdict(kind, agency_id, status, reasons, rule_results=parts)


def plan_for(ctx: EvaluationContext, agency: Agency) -> AnnualPlan | None:
    """The approved plan of the period's year that lists the unit (known at `as_of`)."""
    plans = {p.plan_id for p in ctx.planned_activities_of(agency.id)}
    candidates = sorted((ctx.plan(pid) for pid in plans), key=lambda p: (p.approved_on, p.id))
    for plan in candidates:
        if plan.year == ctx.period.year and plan.approved_on <= ctx.as_of:
            return plan
    return None


# --- step 1: the effective schedule ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScheduledDue:
    """One due date of one planned activity, after the plan's approved amendments."""

    activity: PlannedActivity
    """The planned activity."""
    due_on: dt.date
    """The due date that applies."""
    cancelled_by: str | None = None
    """The amendment that cancelled it, if one did."""
    amendment_id: str | None = None
    """The amendment that set its date (rescheduled), if one did."""


def effective_schedule(
    ctx: EvaluationContext, plan: AnnualPlan, agency_id: str
) -> tuple[ScheduledDue, ...]:
    """Every due date the plan gives the unit, with the amendments approved by `as_of` applied.

    Activities added by an amendment count once it is approved; a cancelled activity keeps its
    due dates, marked cancelled; a rescheduled one-off activity takes its new date. Recurring
    activities are expanded within the period and the plan's year only. An activity due in a
    month or a quarter (`due_in`) is due on its last day, moved to the next working day when
    that day is a weekend or a public holiday (Civil Code 2015 Art. 148.5); a day the plan writes
    (`due_on`) is kept as written.
    """
    amendments = [a for a in ctx.amendments_of(plan.id) if a.approved_on <= ctx.as_of]
    approved = {a.id for a in amendments}
    cancelled = {aid: a.id for a in amendments for aid in a.cancelled_activity_ids}
    moved = {r.activity_id: (r.new_due_on, a.id) for a in amendments for r in a.rescheduled}
    # a recurrence expands within the period and the plan's year, never up to `until` alone
    # (31/12/9999 is a common "no end" marker)
    window = (
        min(ctx.period.start, dt.date(plan.year, 1, 1)),
        max(ctx.period.end, dt.date(plan.year, 12, 31)),
    )
    out: list[ScheduledDue] = []
    for p in ctx.planned_activities_of(agency_id):
        if p.plan_id != plan.id or (
            p.added_by_amendment_id is not None and p.added_by_amendment_id not in approved
        ):
            continue
        if p.id in cancelled:
            out += [
                ScheduledDue(p, due, cancelled_by=cancelled[p.id]) for due in p.due_dates(window)
            ]
        elif p.id in moved and p.recurrence is None:
            new_due, amendment_id = moved[p.id]
            out.append(ScheduledDue(p, new_due, amendment_id=amendment_id))
        elif p.due_in is not None:  # the end of a month or quarter: Civil Code Art. 148.5
            out.append(ScheduledDue(p, ctx.calendar.next_working_day(p.due_dates()[0])))
        else:
            out += [ScheduledDue(p, due) for due in p.due_dates(window)]
    return tuple(out)


# --- step 2: the evidence ------------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class Evidence:
    """A dated record showing that an activity was done."""

    done_on: dt.date
    """When it was done."""
    record_id: str
    """The record that shows it (audit, review, announcement, update, activity, QMS unit)."""


_ANNOUNCEMENT_KINDS: Mapping[ActivityKind, Callable[[AnnouncementReason], bool]] = {
    ActivityKind.ANNOUNCE: lambda r: r is AnnouncementReason.INITIAL,
    ActivityKind.REANNOUNCE: lambda r: r is not AnnouncementReason.INITIAL,
    ActivityKind.EXPAND_SCOPE: lambda r: r is AnnouncementReason.SCOPE_EXPANDED,
    ActivityKind.CONVERT_VERSION: lambda r: r is AnnouncementReason.VERSION_TRANSITION,
}
"""Which announcements are evidence of each announcing activity kind."""

_ANNOUNCED_ONLY = frozenset({ActivityKind.CONVERT_VERSION})
"""Activities only an announcement evidences: a conversion to a new edition is in effect once
re-announced (a documented reading); an activity record of it alone is not evidence."""

_EDITIONS = tuple(StandardVersion)
"""Editions of the standard, oldest first."""


def _converts(before: StandardVersion | None, after: StandardVersion) -> bool:
    """Whether an announcement on `after` converts a QMS last announced on `before`.

    A conversion is a re-announcement on a newer edition (QĐ 19 Art. 4.3, 4.4.c and Công văn
    419/BKHCN-TĐC by analogy: the edition is part of what is announced).
    """
    return before is not None and _EDITIONS.index(after) > _EDITIONS.index(before)


def evidence_of(ctx: EvaluationContext, agency: Agency, kind: ActivityKind) -> tuple[Evidence, ...]:
    """Dated evidence that the unit did an activity of `kind`, in the period up to `as_of`.

    Audits, reviews, announcements (by reason), QMS updates, document approvals, confirmations
    of effectiveness and e-ISO use of every QMS that covers the unit, and its activity records of
    that kind not linked to a planned activity.
    """
    qms_ids = [q.id for q in ctx.qms_units_of(agency.id)]
    found: list[Evidence] = []
    if kind is ActivityKind.INTERNAL_AUDIT:
        found += [Evidence(a.end, a.id) for q in qms_ids for a in ctx.audits_of(q)]
    elif kind is ActivityKind.MANAGEMENT_REVIEW:
        found += [Evidence(r.date, r.id) for q in qms_ids for r in ctx.reviews_of(q)]
    elif kind in _ANNOUNCEMENT_KINDS:
        wanted = _ANNOUNCEMENT_KINDS[kind]
        for q in qms_ids:
            before: StandardVersion | None = None
            for a in ctx.announcements_of(q):
                if wanted(a.reason) and (
                    kind is not ActivityKind.CONVERT_VERSION or _converts(before, a.standard)
                ):
                    found.append(Evidence(a.date, a.id))
                before = a.standard
    elif kind is ActivityKind.LEGAL_UPDATE:
        found += [Evidence(u.date, u.id) for q in qms_ids for u in ctx.updates_of(q)]
    elif kind is ActivityKind.EISO_DEPLOYMENT:
        found += [Evidence(use.since, q) for q in qms_ids for use in ctx.qms_unit(q).eiso]
    elif kind is ActivityKind.DOCUMENT_APPROVAL:
        found += [
            Evidence(a.date, a.id)
            for q in qms_ids
            for a in ctx.approvals_of(q)
            if a.planned_activity_id is None
        ]
    elif kind is ActivityKind.EFFECTIVENESS_CONFIRMATION:
        found += [
            Evidence(c.date, c.id)
            for q in qms_ids
            for c in ctx.confirmations_of(q)
            if c.planned_activity_id is None
        ]
    found += [
        Evidence(a.date, a.id)
        for a in ctx.activities_of(agency.id)
        if a.kind is kind and a.planned_activity_id is None and kind not in _ANNOUNCED_ONLY
    ]
    return tuple(sorted(e for e in found if ctx.period.start <= e.done_on <= ctx.as_of))


def linked_evidence(ctx: EvaluationContext, agency_id: str) -> dict[str, list[Evidence]]:
    """Activity and step records that name the planned activity they carry out, by activity.

    A step record (approval, confirmation) of a QMS covering the unit counts for the planned
    activity it names.
    """
    linked: dict[str, list[Evidence]] = defaultdict(list)
    steps: list[Activity | DocumentApproval | EffectivenessConfirmation] = [
        a for a in ctx.activities_of(agency_id) if a.kind not in _ANNOUNCED_ONLY
    ]
    for q in ctx.qms_units_of(agency_id):
        steps += (*ctx.approvals_of(q.id), *ctx.confirmations_of(q.id))
    for act in steps:
        if act.planned_activity_id is not None and ctx.period.start <= act.date <= ctx.as_of:
            linked[act.planned_activity_id].append(Evidence(act.date, act.id))
    return linked


# --- step 3: matching --------------------------------------------------------------------------


def match(
    ctx: EvaluationContext, agency: Agency, schedule: Iterable[ScheduledDue]
) -> tuple[ActivityOutcome, ...]:
    """One outcome per due date: evidence linked to the activity first, else the kind's pool.

    Linked evidence is matched to the activity's due dates in date order. Other due dates of a
    kind take that kind's evidence in date order, earliest due date first. Outcomes are sorted
    by due date, then activity id.
    """
    grace = dt.timedelta(days=ctx.policy.grace_days)
    linked = linked_evidence(ctx, agency.id)
    outcomes: list[ActivityOutcome] = []
    by_kind: dict[ActivityKind, list[ScheduledDue]] = defaultdict(list)
    by_activity: dict[str, list[ScheduledDue]] = defaultdict(list)
    for item in schedule:
        if item.cancelled_by is not None:
            outcomes.append(
                _outcome(
                    item.activity.id, item.due_on, ActivityStatus.CANCELLED, None, item.cancelled_by
                )
            )
        elif item.activity.id in linked:
            by_activity[item.activity.id].append(item)
        else:
            by_kind[item.activity.kind].append(item)
    for activity_id, items in by_activity.items():
        outcomes += _pair(ctx, items, sorted(linked[activity_id]), grace)
    for kind, items in by_kind.items():
        outcomes += _pair(ctx, items, evidence_of(ctx, agency, kind), grace)
    return tuple(sorted(outcomes, key=lambda o: (o.due_on, o.planned_activity_id)))


def _pair(
    ctx: EvaluationContext,
    items: list[ScheduledDue],
    pool: Iterable[Evidence],
    grace: dt.timedelta,
) -> list[ActivityOutcome]:
    """Due dates (earliest first) paired with evidence (earliest first), judged."""
    evidence = list(pool)
    ordered = sorted(items, key=lambda x: (x.due_on, x.activity.id))
    out = []
    for i, item in enumerate(ordered):
        done = evidence[i] if i < len(evidence) else None
        status = ctx.judge(add_days(item.due_on, grace.days), done.done_on if done else None)
        counted = done is not None and status in (ActivityStatus.ON_TIME, ActivityStatus.LATE)
        out.append(
            _outcome(
                item.activity.id,
                item.due_on,
                status,
                done if counted else None,
                item.amendment_id,
            )
        )
    return out


def _outcome(
    activity_id: str,
    due_on: dt.date,
    status: ActivityStatus,
    done: Evidence | None,
    amendment_id: str | None,
) -> ActivityOutcome:
    return ActivityOutcome._unchecked(
        planned_activity_id=activity_id,
        due_on=due_on,
        status=status,
        done_on=done.done_on if done else None,
        evidence_ids=(done.record_id,) if done else (),
        amendment_id=amendment_id,
    )


# --- step 4: the verdict ---------------------------------------------------------------------

_ACTIVITY = DutyCodes(R.PLAN_ACTIVITY_LATE, R.PLAN_ACTIVITY_MISSING, R.PLAN_ACTIVITY_PENDING)


def on_plan(ctx: EvaluationContext, agency_id: str) -> Verdict:
    """The "on plan" verdict: every activity the approved plan gives the unit, done on time.

    Each due date of each planned activity (after approved amendments: cancellations and new
    dates) is matched with the unit's evidence of that kind — an activity record linked to it
    explicitly, or else, in date order, the audits, reviews, announcements, updates and
    activity records of the same kind done from the start of the period. Outcomes: on time
    (done by the due date plus `grace_days`), late, overdue, not yet due, cancelled. Legal basis:
    QĐ 19/2014/QĐ-TTg Art. 6 (the approved plan) and Art. 12.4.a (monitoring progress).

    Args:
        ctx: the evaluation context.
        agency_id: the unit.

    Returns:
        The verdict with one outcome per due date.
    """
    agency = ctx.agency(agency_id)
    kind = VerdictKind.ON_PLAN
    if ctx.ended_in_period(agency):
        return _verdict(kind, agency_id, RuleStatus.NOT_APPLICABLE, (ended_reason(ctx, agency),))
    plan = plan_for(ctx, agency)
    if plan is None:
        reason = make_reason(
            R.NOT_IN_PLAN, year=ctx.period.year, citation=_C_PLAN, record_ids=(agency_id,)
        )
        return _verdict(kind, agency_id, RuleStatus.NOT_APPLICABLE, (reason,))
    outcomes = match(ctx, agency, effective_schedule(ctx, plan, agency_id))
    status = combine(o.status for o in outcomes)
    if status is RuleStatus.MET:
        on_time = sum(o.status is ActivityStatus.ON_TIME for o in outcomes)
        reasons: tuple[Reason, ...] = (
            make_reason(
                R.PLAN_ACTIVITIES_ON_TIME,
                count=on_time,
                plan=plan.decision_number,
                citation=_C_PLAN,
                record_ids=(plan.id,),
            ),
        )
    else:
        kinds = {p.id: p.kind for p in ctx.planned_activities_of(agency_id)}
        reasons = tuple(
            make_reason(
                _ACTIVITY.for_status(o.status),
                kind=kinds[o.planned_activity_id],
                due=o.due_on,
                done=o.done_on,
                citation=_C_PLAN,
                record_ids=(o.planned_activity_id, *o.evidence_ids),
                deadline=o.due_on,
            )
            for o in outcomes
            if o.status not in (ActivityStatus.ON_TIME, ActivityStatus.CANCELLED)
        )
    return _verdict(kind, agency_id, status, reasons, activities=outcomes)
