"""Corrective action and inspection outcomes (ISO 9001 §10.2; legal rules R19, R21).

Nonconformities corrected on time, the corrective-action report after an on-site inspection,
and what each on-site inspection found.
"""

from __future__ import annotations

import datetime as dt

from vn_iso_qms._internal.evaluation.calendar import add_days
from vn_iso_qms._internal.evaluation.context import EvaluationContext
from vn_iso_qms._internal.evaluation.kit import (
    Duty,
    DutyCodes,
    Outcome,
    Requires,
    RuleBasis,
    Unit,
    duty,
    make_reason,
    rule,
)
from vn_iso_qms._internal.evaluation.law import ISO9001, QD19, TT26, cite
from vn_iso_qms._internal.evaluation.reasons import Reason, ReasonCode
from vn_iso_qms._internal.evaluation.status import ActivityStatus
from vn_iso_qms._internal.inspection import Inspection
from vn_iso_qms._internal.vocab import CorrectiveActionState, InspectionForm

R = ReasonCode

# --- corrective actions (ISO 9001 §10.2) ----------------------------------------------------------

_C_CA = cite(ISO9001, "10.2")
_DONE = (CorrectiveActionState.VERIFIED_EFFECTIVE, CorrectiveActionState.CLOSED)


@rule(
    "corrective_actions_on_time",
    legal_ref="R6, R21",
    title_vi="Không có hành động khắc phục quá hạn; hiệu lực được xác nhận",
    title_en="No corrective action overdue; effectiveness verified",
    citation=_C_CA,
    requires=Requires.QMS,
    basis=RuleBasis.READING,
    policy_fields=("corrective_action_grace_days", "period"),
)
def check_corrective_actions_on_time(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """Every nonconformity is corrected: its actions verified effective by their deadlines.

    Legal basis: QĐ 19/2014/QĐ-TTg Art. 4.2.b (correct nonconformities); TT 26/2014/TT-BKHCN
    Art. 36.1.đ (checked at inspection); TCVN ISO 9001:2015 §10.2 (react, act, review
    effectiveness). An action counts as done when it is verified effective (or closed); its
    deadline is `verify_by`, else `due_on`, plus `corrective_action_grace_days`. An action
    reissued as a new one is judged through its replacement. The law sets no deadline to take
    action on a nonconformity: a documented reading gives it until the end of the period in
    which it was raised (the days of good practice are the separate, informative rule
    `nonconformity_action_opened`). The rule fails on overdue actions; late completions are
    listed as reasons.
    """
    grace = dt.timedelta(days=ctx.policy.corrective_action_grace_days)
    duties: list[Duty] = []
    for nc in ctx.nonconformities_of(unit.qms_unit.id):
        if nc.raised_on > ctx.day:
            continue
        actions = ctx.actions_of(nc.id)
        if not actions:
            due = ctx.policy.event_period_end(nc.raised_on)
            if not ctx.relevant(due, None):
                continue
            duties.append(
                duty(
                    ctx,
                    due,
                    None,
                    _NC_ACTION,
                    citation=cite(QD19, "4", "2", "b"),
                    record_ids=(nc.id,),
                    raised=nc.raised_on,
                )
            )
            continue
        for action in actions:
            if ctx.is_reissued(action.id):
                continue  # judged through the action that replaced it
            deadline = add_days(action.verify_by or action.due_on, grace.days)
            done = next((e.on for e in action.log if e.state in _DONE), None)
            if not ctx.relevant(deadline, done):
                continue
            status = ctx.judge(deadline, done)
            if status is ActivityStatus.ON_TIME or status is ActivityStatus.NOT_YET_DUE:
                duties.append(Duty(deadline, done, status))
                continue
            late = status is ActivityStatus.LATE
            reason = make_reason(
                R.CORRECTIVE_ACTION_LATE if late else R.CORRECTIVE_ACTION_MISSING,
                raised=nc.raised_on,
                done=done if late else None,
                due=deadline,
                citation=_C_CA,
                record_ids=(action.id, nc.id),
                deadline=deadline,
            )
            # late but done is not overdue: it counts as done, with the late date as a reason
            duties.append(
                Duty(deadline, done, ActivityStatus.ON_TIME if late else status, (reason,))
            )
    return Outcome.of_duties(duties, R.NO_NONCONFORMITY)


_NC_ACTION = DutyCodes(
    R.NONCONFORMITY_ACTION_MISSING,  # an action taken after the period is still "missing" in it
    R.NONCONFORMITY_ACTION_MISSING,
    R.NONCONFORMITY_ACTION_PENDING,
)
_NC_OPENING = DutyCodes(
    R.NONCONFORMITY_ACTION_OPENING_LATE,
    R.NONCONFORMITY_ACTION_OPENING_MISSING,
    R.NONCONFORMITY_ACTION_OPENING_PENDING,
)


@rule(
    "nonconformity_action_opened",
    legal_ref="R6, R21",
    title_vi="Thực hành tốt: mở hành động khắc phục trong số ngày quy định sau khi phát hiện điểm không phù hợp",
    title_en="Good practice: a corrective action opened within the set days of a nonconformity",
    citation=_C_CA,
    requires=Requires.QMS,
    basis=RuleBasis.PRACTICE,
    policy_fields=("nonconformity_action_days",),
)
def check_nonconformity_action_opened(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """Each nonconformity of the period gets a corrective action within the policy's days.

    Basis: good practice, not law. TCVN ISO 9001:2015 §10.2.1 asks to react "without undue
    delay"; neither QĐ 19 nor TT 26 sets a figure. The days are `nonconformity_action_days`
    (default 30); the action opens on the first entry of its log. Information only: not part of
    "completed" unless a policy adds it.
    """
    days = ctx.policy.nonconformity_action_days
    duties: list[Duty] = []
    for nc in ctx.nonconformities_of(unit.qms_unit.id):
        if nc.raised_on > ctx.day:
            continue
        opened = min((a.log[0].on for a in ctx.actions_of(nc.id)), default=None)
        due = ctx.calendar.time_limit(nc.raised_on, days=days)
        if not ctx.relevant(due.due, opened):
            continue
        duties.append(
            duty(
                ctx,
                due,
                opened,
                _NC_OPENING,
                citation=_C_CA,
                record_ids=(nc.id,),
                raised=nc.raised_on,
                days=days,
            )
        )
    return Outcome.of_duties(duties, R.NO_NONCONFORMITY)


# --- R19: corrective-action report within 2 months of the signed minutes --------------------------

_C_CA_REPORT = cite(TT26, "37", "2", "c")
CA_REPORT_MONTHS = 2
"""TT 26 Art. 37.2.c: report corrective actions within 2 months of signing the minutes."""
_CA_REPORT = DutyCodes(
    R.CORRECTIVE_REPORT_LATE, R.CORRECTIVE_REPORT_MISSING, R.CORRECTIVE_REPORT_PENDING
)


def _has_problems(insp: Inspection) -> bool:
    """Whether an inspection found problems (vấn đề tồn tại).

    An unmet checklist item or a nonconformity; observations and opportunities for improvement
    alone are not problems.
    """
    return any(r.met is False for r in insp.checklist) or any(
        f.grade.is_nonconformity for f in insp.findings
    )


@rule(
    "inspection_corrective_report",
    legal_ref="R19",
    title_vi="Báo cáo kết quả khắc phục trong 2 tháng kể từ ngày ký biên bản kiểm tra",
    title_en="Corrective-action report within 2 months of the signed inspection minutes",
    citation=_C_CA_REPORT,
    requires=Requires.NOTHING,
)
def check_inspection_corrective_report(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """After an on-site inspection with issues, the agency reports within 2 months of signing.

    Legal basis: R19, TT 26/2014/TT-BKHCN Art. 37.2.c (report within 2 months of signing the
    minutes, inclusive), Art. 37.2.d (a report not accepted is notified in writing). Applies to
    on-site inspections that found problems (vấn đề tồn tại): an unmet checklist item or a
    nonconformity; observations and opportunities for improvement alone call for no report.
    """
    duties: list[Duty] = []
    for insp in ctx.inspections_of(unit.id):
        if insp.form is not InspectionForm.ON_SITE or insp.inspected_on > ctx.day:
            continue
        if not _has_problems(insp):
            continue
        if insp.minutes_signed_on is None:
            reason = make_reason(
                R.MINUTES_NOT_SIGNED,
                date=insp.inspected_on,
                citation=cite(TT26, "37", "2", "b"),
                record_ids=(insp.id,),
            )
            duties.append(Duty(insp.inspected_on, None, ActivityStatus.OVERDUE, (reason,)))
            continue
        due = ctx.calendar.time_limit(insp.minutes_signed_on, months=CA_REPORT_MONTHS)
        report = next(iter(ctx.reports_of_inspection(insp.id)), None)
        done = report.submitted_on if report else None
        if not ctx.relevant(due.due, done):
            continue
        if (
            report is not None
            and report.accepted is False
            and report.decided_on
            and report.decided_on <= ctx.as_of
        ):
            refused = make_reason(
                R.CORRECTIVE_REPORT_NOT_ACCEPTED,
                date=insp.inspected_on,
                citation=cite(TT26, "37", "2", "d"),
                record_ids=(insp.id, report.id),
            )
            duties.append(Duty(due.due, done, ActivityStatus.OVERDUE, (refused,)))
        duties.append(
            duty(
                ctx,
                due,
                done,
                _CA_REPORT,
                citation=_C_CA_REPORT,
                record_ids=(insp.id, *((report.id,) if report else ())),
                date=insp.inspected_on,
            )
        )
    return Outcome.of_duties(duties, R.NO_INSPECTION_ISSUE)


# --- R21: what each on-site inspection found ------------------------------------------------------

_C_CHECKLIST = cite(TT26, "36")


def inspection_findings(insp: Inspection) -> tuple[Reason, ...]:
    """Why an inspection found the unit short of QĐ 19: unmet checklist items, nonconformities."""
    checklist = [
        make_reason(
            R.CHECKLIST_ITEM_NOT_MET,
            date=insp.inspected_on,
            item=r.item,
            note=r.note or None,
            citation=_C_CHECKLIST,
            record_ids=(insp.id,),
        )
        for r in insp.checklist
        if r.met is False
    ]
    findings = [
        make_reason(
            R.INSPECTION_NONCONFORMITY,
            date=insp.inspected_on,
            grade=f.grade,
            item=f.item,
            description=f.description or None,
            citation=_C_CHECKLIST,
            record_ids=(insp.id,),
        )
        for f in insp.findings
        if f.grade.is_nonconformity
    ]
    return (*checklist, *findings)


@rule(
    "inspection_outcome",
    legal_ref="R21",
    title_vi="Kết quả kiểm tra tại trụ sở: đáp ứng yêu cầu của QĐ 19/2014",
    title_en="On-site inspection outcome: meets QĐ 19/2014",
    citation=_C_CHECKLIST,
    requires=Requires.NOTHING,
)
def check_inspection_outcome(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """Every on-site inspection of the unit in the period found it meeting QĐ 19.

    Legal basis: R21, TT 26/2014/TT-BKHCN Art. 36 (what an inspection checks), Art. 37.1 (the
    minutes record the result). An inspection meets QĐ 19 when no checklist item is unmet and no
    nonconformity was found; observations do not count against it. Not applicable when the unit
    was not inspected on site in the period.
    """
    on_site = [
        i
        for i in ctx.inspections_of(unit.id)
        if i.form is InspectionForm.ON_SITE and ctx.period.start <= i.inspected_on <= ctx.day
    ]
    if not on_site:
        return Outcome.not_applicable(
            make_reason(R.NO_ON_SITE_INSPECTION, citation=cite(TT26, "33", "2", "b"))
        )
    reasons = tuple(r for i in on_site if not i.compliant for r in inspection_findings(i))
    failing = [i.id for i in on_site if not i.compliant]
    if failing:
        return Outcome.not_met(*reasons)
    return Outcome.met()
