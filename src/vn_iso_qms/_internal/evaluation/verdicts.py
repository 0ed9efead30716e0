"""The two yearly verdicts: completed (hoàn thành) and on plan (đúng kế hoạch)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping

from vn_iso_qms._internal.agency import Agency
from vn_iso_qms._internal.evaluation.context import EvaluationContext, ended_reason
from vn_iso_qms._internal.evaluation.result import (
    QD19,
    ActivityOutcome,
    ActivityStatus,
    Reason,
    RuleResult,
    Status,
    Verdict,
    VerdictKind,
    cite,
)
from vn_iso_qms._internal.plan import AnnualPlan, PlannedActivity
from vn_iso_qms._internal.vocab import ActivityKind, AnnouncementReason

_C_PLAN = cite(QD19, "6")
_INFORMATIVE = {
    "announced",
    "internal_audit_done",
    "management_review_done",
    "corrective_action_late",
}


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
    agency = ctx.agencies[agency_id]
    kind = VerdictKind.COMPLETED
    if ctx.ended_in_period(agency):
        return Verdict(
            kind=kind,
            agency_id=agency_id,
            status=Status.NOT_APPLICABLE,
            reasons=(ended_reason(agency, ctx.ended_event(agency), ctx.agencies),),
        )
    parts = tuple(results[r] for r in ctx.policy.completed_rules)
    gate = results["qms_in_effect"]
    if gate.status is Status.NOT_APPLICABLE:
        return Verdict(
            kind=kind,
            agency_id=agency_id,
            status=Status.NOT_APPLICABLE,
            reasons=gate.reasons,
            rule_results=parts,
        )
    statuses = {p.status for p in parts}
    if Status.NOT_MET in statuses:
        status = Status.NOT_MET
    elif Status.NOT_YET_DUE in statuses:
        status = Status.NOT_YET_DUE
    else:
        status = Status.MET
    reasons = tuple(
        reason
        for p in parts
        if p.status in (Status.NOT_MET, Status.NOT_YET_DUE)
        for reason in p.reasons
        if reason.code not in _INFORMATIVE
    )
    if status is Status.MET:
        reasons = (
            Reason(
                code="all_duties_met",
                message_vi="Đã thực hiện đầy đủ các yêu cầu áp dụng, duy trì, cải tiến HTQLCL trong kỳ",
                message_en="Every yearly duty of applying, maintaining and improving the QMS was met",
                citation=cite(QD19, "4"),
                record_ids=(agency_id,),
            ),
        )
    return Verdict(
        kind=kind, agency_id=agency_id, status=status, reasons=reasons, rule_results=parts
    )


def plan_for(ctx: EvaluationContext, agency: Agency) -> AnnualPlan | None:
    """The approved plan of the period's year that lists the unit (known at `as_of`)."""
    plans = {p.plan_id for p in ctx.planned_of.get(agency.id, ())}
    candidates = sorted(
        (ctx.plans[pid] for pid in plans),
        key=lambda p: (p.approved_on, p.id),
    )
    for plan in candidates:
        if plan.year == ctx.period.year and plan.approved_on <= ctx.as_of:
            return plan
    return None


def _completions(
    ctx: EvaluationContext, agency: Agency, kind: ActivityKind
) -> list[tuple[dt.date, str]]:
    """Dated evidence that the unit did an activity of `kind` (from the period's start on)."""
    out: list[tuple[dt.date, str]] = []
    qms_ids = [q.id for q in ctx.qms_of_agency.get(agency.id, ())]
    if kind is ActivityKind.INTERNAL_AUDIT:
        out += [(a.end, a.id) for q in qms_ids for a in ctx.audits.get(q, ())]
    elif kind is ActivityKind.MANAGEMENT_REVIEW:
        out += [(r.date, r.id) for q in qms_ids for r in ctx.reviews.get(q, ())]
    elif kind in (
        ActivityKind.ANNOUNCE,
        ActivityKind.REANNOUNCE,
        ActivityKind.EXPAND_SCOPE,
        ActivityKind.CONVERT_VERSION,
    ):
        wanted: Callable[[AnnouncementReason], bool] = {
            ActivityKind.ANNOUNCE: lambda r: r is AnnouncementReason.INITIAL,
            ActivityKind.REANNOUNCE: lambda r: r is not AnnouncementReason.INITIAL,
            ActivityKind.EXPAND_SCOPE: lambda r: r is AnnouncementReason.SCOPE_EXPANDED,
            ActivityKind.CONVERT_VERSION: lambda r: r is AnnouncementReason.VERSION_TRANSITION,
        }[kind]
        out += [
            (a.date, a.id)
            for q in qms_ids
            for a in ctx.announcements.get(q, ())
            if wanted(a.reason)
        ]
    elif kind is ActivityKind.LEGAL_UPDATE:
        out += [(u.date, u.id) for q in qms_ids for u in ctx.updates.get(q, ())]
    elif kind is ActivityKind.EISO_DEPLOYMENT:
        out += [(use.since, q) for q in qms_ids for use in ctx.qms_units[q].eiso]
    out += [
        (a.date, a.id)
        for a in ctx.activities_of.get(agency.id, ())
        if a.kind is kind and a.planned_activity_id is None
    ]
    return sorted((d, i) for d, i in out if ctx.period.start <= d <= ctx.as_of)


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
    agency = ctx.agencies[agency_id]
    kind = VerdictKind.ON_PLAN
    if ctx.ended_in_period(agency):
        return Verdict(
            kind=kind,
            agency_id=agency_id,
            status=Status.NOT_APPLICABLE,
            reasons=(ended_reason(agency, ctx.ended_event(agency), ctx.agencies),),
        )
    plan = plan_for(ctx, agency)
    if plan is None:
        return Verdict(
            kind=kind,
            agency_id=agency_id,
            status=Status.NOT_APPLICABLE,
            reasons=(
                Reason(
                    code="not_in_plan",
                    message_vi=f"Đơn vị không có trong kế hoạch được phê duyệt năm {ctx.period.year}",
                    message_en=f"The unit is not in an approved plan for {ctx.period.year}",
                    citation=_C_PLAN,
                    record_ids=(agency_id,),
                ),
            ),
        )
    amendments = [a for a in ctx.amendments_of.get(plan.id, ()) if a.approved_on <= ctx.as_of]
    amendment_ids = {a.id for a in amendments}
    cancelled = {aid: a.id for a in amendments for aid in a.cancelled_activity_ids}
    rescheduled = {r.activity_id: (r.new_due_on, a.id) for a in amendments for r in a.rescheduled}
    activities = sorted(
        (
            p
            for p in ctx.planned_of.get(agency_id, ())
            if p.plan_id == plan.id
            and (p.added_by_amendment_id is None or p.added_by_amendment_id in amendment_ids)
        ),
        key=lambda p: p.id,
    )
    grace = dt.timedelta(days=ctx.policy.grace_days)
    outcomes: list[ActivityOutcome] = []
    linked: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)
    for act in ctx.activities_of.get(agency_id, ()):
        if act.planned_activity_id is not None and ctx.period.start <= act.date <= ctx.as_of:
            linked[act.planned_activity_id].append((act.date, act.id))
    pools: dict[ActivityKind, list[tuple[dt.date, str]]] = {}
    due_items: dict[ActivityKind, list[tuple[dt.date, PlannedActivity, str | None]]] = defaultdict(
        list
    )
    for p in activities:
        if p.id in cancelled:
            for due in p.due_dates(_window(ctx, plan)):
                outcomes.append(
                    ActivityOutcome(
                        planned_activity_id=p.id,
                        due_on=due,
                        status=ActivityStatus.CANCELLED,
                        amendment_id=cancelled[p.id],
                    )
                )
            continue
        dues = list(p.due_dates(_window(ctx, plan)))
        amendment_id = None
        if p.id in rescheduled and p.recurrence is None:
            dues = [rescheduled[p.id][0]]
            amendment_id = rescheduled[p.id][1]
        if p.id in linked:
            evidence = sorted(linked[p.id])
            for i, due in enumerate(sorted(dues)):
                done = evidence[i] if i < len(evidence) else None
                outcomes.append(_outcome(ctx, p, due, grace, done, amendment_id))
            continue
        for due in dues:
            due_items[p.kind].append((due, p, amendment_id))
    for kind_, items in due_items.items():
        pool = pools.setdefault(kind_, _completions(ctx, agency, kind_))
        for i, (due, p, amendment_id) in enumerate(sorted(items, key=lambda x: (x[0], x[1].id))):
            done = pool[i] if i < len(pool) else None
            outcomes.append(_outcome(ctx, p, due, grace, done, amendment_id))
    outcomes.sort(key=lambda o: (o.due_on, o.planned_activity_id))
    statuses = {o.status for o in outcomes}
    if statuses & {ActivityStatus.LATE, ActivityStatus.OVERDUE}:
        status = Status.NOT_MET
    elif ActivityStatus.NOT_YET_DUE in statuses:
        status = Status.NOT_YET_DUE
    else:
        status = Status.MET
    reasons = tuple(
        _activity_reason(ctx, o)
        for o in outcomes
        if o.status not in (ActivityStatus.ON_TIME, ActivityStatus.CANCELLED)
    )
    if status is Status.MET:
        n_done = sum(o.status is ActivityStatus.ON_TIME for o in outcomes)
        reasons = (
            Reason(
                code="plan_activities_on_time",
                message_vi=f"Thực hiện đúng hạn {n_done} hoạt động theo kế hoạch {plan.decision_number}",
                message_en=f"All {n_done} activities of plan {plan.decision_number} done on time",
                citation=_C_PLAN,
                record_ids=(plan.id,),
            ),
        )
    return Verdict(
        kind=kind, agency_id=agency_id, status=status, reasons=reasons, activities=tuple(outcomes)
    )


def _outcome(
    ctx: EvaluationContext,
    p: PlannedActivity,
    due: dt.date,
    grace: dt.timedelta,
    done: tuple[dt.date, str] | None,
    amendment_id: str | None,
) -> ActivityOutcome:
    status = ctx.judge(due + grace, done[0] if done else None)
    return ActivityOutcome(
        planned_activity_id=p.id,
        due_on=due,
        status=status,
        done_on=done[0]
        if done and status in (ActivityStatus.ON_TIME, ActivityStatus.LATE)
        else None,
        evidence_ids=(done[1],)
        if done and status in (ActivityStatus.ON_TIME, ActivityStatus.LATE)
        else (),
        amendment_id=amendment_id,
    )


def _activity_reason(ctx: EvaluationContext, o: ActivityOutcome) -> Reason:
    p = ctx.dataset.get(PlannedActivity, o.planned_activity_id)
    status = o.status
    done_vi = f", thực hiện ngày {o.done_on:%d/%m/%Y}" if o.done_on else ""
    done_en = f", done on {o.done_on.isoformat()}" if o.done_on else ""
    return Reason(
        code={
            "late": "plan_activity_late",
            "overdue": "plan_activity_overdue",
            "not_yet_due": "plan_activity_pending",
        }[status.value],
        message_vi=f"{p.kind.label_vi} (hạn {o.due_on:%d/%m/%Y}): {status.label_vi.lower()}{done_vi}",
        message_en=f"{p.kind.label_en} (due {o.due_on.isoformat()}): {status.label_en.lower()}{done_en}",
        citation=_C_PLAN,
        record_ids=(p.id, *o.evidence_ids),
        deadline=o.due_on,
    )


def _window(ctx: EvaluationContext, plan: AnnualPlan) -> tuple[dt.date, dt.date]:
    """The days whose recurring due dates on_plan judges: the period and the plan's year."""
    first = min(ctx.period.start, dt.date(plan.year, 1, 1))
    return first, max(ctx.period.end, dt.date(plan.year, 12, 31))
