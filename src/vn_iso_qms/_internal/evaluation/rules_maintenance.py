"""Yearly maintenance duties (legal rules R9-R11): legal changes, audit, review, re-announcement."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vn_iso_qms._internal.evaluation.calendar import add_days
from vn_iso_qms._internal.evaluation.context import EvaluationContext
from vn_iso_qms._internal.evaluation.kit import (
    DutyCodes,
    Outcome,
    Requires,
    RuleBasis,
    Unit,
    duty,
    inherits,
    make_reason,
    not_announced,
    own_announcements,
    reannouncement_deadline,
    rule,
    succession,
)
from vn_iso_qms._internal.evaluation.law import ISO9001, QD19, cite
from vn_iso_qms._internal.evaluation.reasons import ReasonCode, ScopeChange
from vn_iso_qms._internal.qms import Announcement, LegalChange, QmsUnit
from vn_iso_qms._internal.vocab import AgencyEventKind

R = ReasonCode

# --- R9: legal changes reflected within 3 months ---------------------------------------------------

_C_LEGAL = cite(QD19, "4", "4", "a")
LEGAL_UPDATE_MONTHS = 3
"""QĐ 19 Art. 4.4.a: update and apply the QMS within 3 months of the legal change taking effect."""
_LEGAL = DutyCodes(R.LEGAL_UPDATE_LATE, R.LEGAL_UPDATE_MISSING, R.LEGAL_UPDATE_PENDING)


@rule(
    "legal_change_update",
    legal_ref="R9",
    title_vi="Cập nhật HTQLCL trong 3 tháng kể từ ngày văn bản pháp luật có hiệu lực",
    title_en="QMS updated within 3 months of a relevant legal change taking effect",
    citation=_C_LEGAL,
    requires=Requires.QMS,
)
def check_legal_change_update(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """Every legal change affecting the QMS is answered by an update within 3 months (inclusive).

    Legal basis: R9, QĐ 19/2014/QĐ-TTg Art. 4.4.a; TT 26/2014/TT-BKHCN Art. 7.2.i. A change
    affects a QMS when it names the QMS or a TTHC the QMS's agencies handle. Due date: a Civil
    Code time limit of 3 months from the effective date (31 Jan → 30 Apr), moved to the next
    working day when it ends on a day off (BLDS 2015 Art. 148.5), inclusive.

    The duty is one of maintaining a QMS in place (Art. 4.4: "duy trì, cải tiến"): a change that
    took effect before the QMS was first announced (its own, or with `successor_qms` `inherit`
    the predecessor's) was there when the QMS was built and announced (Art. 4.2-4.3), so no
    update is due for it; before any announcement the rule does not apply.
    """
    qms = unit.qms_unit
    first = min(
        (a.date for qid in _lineage(ctx, unit) for a in ctx.announcements_until(qid, ctx.day)),
        default=None,
    )
    if first is None:
        return Outcome.not_applicable(not_announced(qms, _C_LEGAL))
    updates = ctx.updates_of(qms.id)
    duties = []
    for change in _changes_affecting(ctx, qms, first, ctx.day):
        due = ctx.calendar.time_limit(change.effective_on, months=LEGAL_UPDATE_MONTHS)
        answer = next((u for u in updates if change.id in u.legal_change_ids), None)
        done = answer.date if answer else None
        if not ctx.relevant(due.due, done):
            continue
        duties.append(
            duty(
                ctx,
                due,
                done,
                _LEGAL,
                citation=_C_LEGAL,
                record_ids=(change.id, *((answer.id,) if answer else ())),
                document=change.document_number,
                effective=change.effective_on,
            )
        )
    return Outcome.of_duties(duties, R.NO_LEGAL_CHANGE)


def _changes_affecting(
    ctx: EvaluationContext, qms: QmsUnit, first: dt.date, last: dt.date
) -> list[LegalChange]:
    """The legal changes affecting `qms` that take effect from `first` to `last`, in dataset order.

    A change affects a QMS when it names it, or names a procedure one of its agencies handles
    (or handled), on any day. The changes are indexed once per evaluation by the QMS and the
    agencies they reach, so each QMS reads only its own instead of every change.
    """
    by_qms, by_agency = _changes_index(ctx)
    found: dict[int, LegalChange] = dict(by_qms.get(qms.id, ()))
    for agency_id in qms.agency_ids:
        found.update(by_agency.get(agency_id, ()))
    return [found[i] for i in sorted(found) if first <= found[i].effective_on <= last]


_Indexed = list[tuple[int, LegalChange]]


def _changes_index(ctx: EvaluationContext) -> tuple[dict[str, _Indexed], dict[str, _Indexed]]:
    """The legal changes (with their place in the dataset) by the QMS and the agencies they reach.

    Built once per evaluation, from one pass over the procedures (each code's agencies, on any
    day) and one over the changes.
    """

    def build() -> tuple[dict[str, _Indexed], dict[str, _Indexed]]:
        handlers: dict[str, set[str]] = {}
        for t in ctx.dataset.tthc:
            handlers.setdefault(t.code, set()).update(t.handler_ids)
        by_qms: dict[str, _Indexed] = {}
        by_agency: dict[str, _Indexed] = {}
        for i, change in enumerate(ctx.legal_changes()):
            for qms_id in dict.fromkeys(change.qms_ids):
                by_qms.setdefault(qms_id, []).append((i, change))
            reached = set().union(*(handlers.get(c, ()) for c in change.affected_tthc))
            for agency_id in reached:
                by_agency.setdefault(agency_id, []).append((i, change))
        return by_qms, by_agency

    return ctx.memo(("rules_maintenance.changes_index",), build)


# --- R10: yearly internal audit and management review ---------------------------------------------


def _lineage(ctx: EvaluationContext, unit: Unit) -> tuple[str, ...]:
    """The unit's QMS, and the QMS it inherited (`successor_qms` `inherit`), by id."""
    inherited = inherits(ctx, unit.agency)
    if inherited is None or inherited.qms.id == unit.qms_unit.id:
        return (unit.qms_unit.id,)
    return (unit.qms_unit.id, inherited.qms.id)


_C_YEARLY = cite(QD19, "4", "4", "b")


@rule(
    "yearly_internal_audit",
    legal_ref="R10",
    title_vi="Đánh giá nội bộ ít nhất một lần trong năm",
    title_en="At least one internal audit a year",
    citation=_C_YEARLY,
    requires=Requires.QMS,
    policy_fields=("period",),
)
def check_yearly_internal_audit(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """At least one internal audit ended within the period.

    Legal basis: R10, QĐ 19/2014/QĐ-TTg Art. 4.4.b; TT 26/2014/TT-BKHCN Art. 7.2.k. "A year" is
    the policy's period (default calendar year; Q3). Before the period ends, a missing audit is
    "not yet due". A successor that inherits its predecessor's QMS (`successor_qms` `inherit`)
    counts that QMS's audits too: it is the same QMS carried on.
    """
    qms = unit.qms_unit
    done = sorted(
        (
            a
            for q in _lineage(ctx, unit)
            for a in ctx.audits_of(q)
            if ctx.period.start <= a.end <= ctx.day
        ),
        key=lambda a: (a.end, a.id),
    )
    if done:
        return Outcome.met(
            make_reason(
                R.INTERNAL_AUDIT_DONE,
                date=done[0].end,
                citation=_C_YEARLY,
                record_ids=tuple(a.id for a in done),
            )
        )
    return Outcome.due_at_period_end(
        ctx,
        make_reason(
            R.INTERNAL_AUDIT_MISSING,
            start=ctx.period.start,
            end=ctx.period.end,
            citation=_C_YEARLY,
            record_ids=(qms.id,),
            deadline=ctx.period.end,
        ),
    )


@rule(
    "yearly_management_review",
    legal_ref="R10",
    title_vi="Xem xét của lãnh đạo ít nhất một lần trong năm",
    title_en="At least one management review a year",
    citation=_C_YEARLY,
    requires=Requires.QMS,
    policy_fields=("period",),
)
def check_yearly_management_review(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """At least one management review in the period.

    Legal basis: R10, QĐ 19/2014/QĐ-TTg Art. 4.4.b; TT 26/2014/TT-BKHCN Art. 7.2.k. The text
    sets no order between the yearly audit and review: see the practice rule
    `review_after_audit`. A successor that inherits its predecessor's QMS counts that QMS's
    reviews too.
    """
    qms = unit.qms_unit
    reviews = sorted(
        (
            r
            for q in _lineage(ctx, unit)
            for r in ctx.reviews_of(q)
            if ctx.period.start <= r.date <= ctx.day
        ),
        key=lambda r: (r.date, r.id),
    )
    if not reviews:
        return Outcome.due_at_period_end(
            ctx,
            make_reason(
                R.MANAGEMENT_REVIEW_MISSING,
                start=ctx.period.start,
                end=ctx.period.end,
                citation=_C_YEARLY,
                record_ids=(qms.id,),
                deadline=ctx.period.end,
            ),
        )
    return Outcome.met(
        make_reason(
            R.MANAGEMENT_REVIEW_DONE,
            date=reviews[0].date,
            citation=_C_YEARLY,
            record_ids=tuple(r.id for r in reviews),
        )
    )


_C_REVIEW_INPUTS = cite(ISO9001, "9.3.2")


@rule(
    "review_after_audit",
    legal_ref="R10",
    title_vi="Thực hành tốt: xem xét của lãnh đạo sau đánh giá nội bộ trong năm",
    title_en="Good practice: the year's management review follows its internal audit",
    citation=_C_REVIEW_INPUTS,
    requires=Requires.QMS,
    basis=RuleBasis.PRACTICE,
    policy_fields=("period", "require_audit_before_review"),
)
def check_review_after_audit(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """A management review of the period is held on or after the period's first internal audit.

    Basis: good practice, not law. QĐ 19/2014/QĐ-TTg Art. 4.4.b asks for both once a year in
    no order; TCVN ISO 9001:2015 §9.3.2 lists audit results among the review's inputs. Not part
    of "completed" unless the policy's `require_audit_before_review` asks for it. Not
    applicable in a period without both an audit and a review (the legal rules report those).
    """
    qms = unit.qms_unit
    reviews = [r for r in ctx.reviews_of(qms.id) if ctx.period.start <= r.date <= ctx.day]
    audits = [a for a in ctx.audits_of(qms.id) if ctx.period.start <= a.end <= ctx.day]
    if not reviews or not audits:
        return Outcome.not_applicable(make_reason(R.NO_AUDIT_AND_REVIEW, record_ids=(qms.id,)))
    if any(r.date >= audits[0].end for r in reviews):
        return Outcome.met()
    return Outcome.due_at_period_end(
        ctx,
        make_reason(
            R.REVIEW_BEFORE_AUDIT,
            citation=_C_REVIEW_INPUTS,
            record_ids=tuple(r.id for r in reviews),
            deadline=ctx.period.end,
        ),
    )


# --- R11: re-announcement after a scope change -------------------------------------------------------

_C_REANNOUNCE = cite(QD19, "4", "4", "c")
_REANNOUNCE = DutyCodes(R.REANNOUNCEMENT_LATE, R.REANNOUNCEMENT_MISSING, R.REANNOUNCEMENT_PENDING)


@dataclass(frozen=True, slots=True)
class ScopeChangeEvent:
    """A change of a QMS's scope that calls for a re-announcement."""

    day: dt.date
    """When the scope changed."""
    record_id: str
    """The record that changed it (the TTHC, the scope decision, or the merger event)."""
    change: ScopeChange
    """Expanded, narrowed, changed by a decision, or changed by a merger."""
    subject: str
    """The procedure's code, the decision's number, or the name of the unit merged in."""
    tthc_code: str | None = None
    """The procedure's code, for a change by a procedure."""

    def answered_by(self, announcement: Announcement) -> bool:
        """Whether `announcement` re-announces after this change with the scope it calls for."""
        if announcement.date < self.day:
            return False
        if self.change is ScopeChange.EXPANDED:
            return self.tthc_code in announcement.scope_tthc
        if self.change is ScopeChange.NARROWED:
            return self.tthc_code not in announcement.scope_tthc
        return True


def scope_changes(ctx: EvaluationContext, unit: Unit, first: dt.date) -> list[ScopeChangeEvent]:
    """The scope changes of the unit's QMS after its first announcement, up to the effective day.

    A procedure entering the scope (published for one of the QMS's agencies, or passed to one of
    them) expands it; leaving it (abolished, or passed to an agency outside the QMS) narrows it;
    a recorded `ScopeDecision` changes it as it says; with the policy's
    `reannounce_after_merger`, a unit merged into an agency the QMS covers changes it; and with
    `successor_qms` `inherit`, a successor's taking over its predecessor's QMS changes it on the
    successor's first day. A decision
    and a procedure's own dates that record the same change on the same day count once.
    """
    qms = unit.qms_unit
    changes: dict[tuple[dt.date, ScopeChange, str], ScopeChangeEvent] = {}

    def add(event: ScopeChangeEvent) -> None:
        if first < event.day <= ctx.day:
            changes.setdefault((event.day, event.change, event.tthc_code or event.record_id), event)

    for decision in ctx.scope_decisions_of(qms.id):
        subject = decision.decision_number or decision.id
        for code in decision.added_tthc:
            add(ScopeChangeEvent(decision.date, decision.id, ScopeChange.EXPANDED, code, code))
        for code in decision.removed_tthc:
            add(ScopeChangeEvent(decision.date, decision.id, ScopeChange.NARROWED, code, code))
        if decision.other_change:
            add(ScopeChangeEvent(decision.date, decision.id, ScopeChange.DECIDED, subject))
    day = ctx.day
    # a procedure of several of the QMS's agencies is read once (one agency: none repeats)
    seen: set[str] | None = set() if len(qms.agency_ids) > 1 else None
    for aid in qms.agency_ids:
        for t in ctx.tthc_of(aid):
            if seen is not None:
                if t.id in seen:
                    continue
                seen.add(t.id)
            if t.assignments:
                periods = t.handling_periods(qms.agency_ids)
            else:  # the undated form (a procedure of one of the QMS's agencies): its whole life
                start, end = t.published_on, t.abolished_on
                if not first < start <= day and (end is None or not first < end <= day):
                    continue  # no change in the window: most procedures, most years
                periods = ((start, end),)
            for start, end in periods:
                if first < start <= day:
                    add(ScopeChangeEvent(start, t.id, ScopeChange.EXPANDED, t.code, t.code))
                if end is not None and first < end <= day:
                    add(ScopeChangeEvent(end, t.id, ScopeChange.NARROWED, t.code, t.code))
    inherited = inherits(ctx, unit.agency)
    # under `inherit`, the successor's predecessors merging into it are one change: succession
    taken_over = {e.id for e in succession(ctx, unit.agency)} if inherited is not None else set()
    if ctx.policy.reannounce_after_merger:
        for aid in qms.agency_ids:
            for ev in ctx.events_into(aid):
                if ev.kind is AgencyEventKind.MERGED_INTO and ev.id not in taken_over:
                    name = ctx.agency_name(ev.agency_id)
                    add(ScopeChangeEvent(ev.date, ev.id, ScopeChange.MERGER, name))
    if inherited is not None and inherited.since <= ctx.day:
        # the successor took its predecessor's QMS over: re-announce as for a scope change
        name = ctx.agency_name(inherited.predecessor_id)
        key = (inherited.since, ScopeChange.SUCCESSION, inherited.event.id)
        changes.setdefault(
            key,
            ScopeChangeEvent(inherited.since, inherited.event.id, ScopeChange.SUCCESSION, name),
        )
    return sorted(changes.values(), key=lambda c: (c.day, c.record_id, c.change.value))


@rule(
    "reannouncement_after_scope_change",
    legal_ref="R11",
    title_vi="Công bố lại khi điều chỉnh, mở rộng, thu hẹp phạm vi",
    title_en="Re-announce after every scope change",
    citation=_C_REANNOUNCE,
    requires=Requires.QMS,
    policy_fields=("reannouncement_months", "reannounce_after_merger", "successor_qms"),
)
def check_reannouncement_after_scope_change(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """Every scope change after the first announcement is followed by a re-announcement.

    Legal basis: R11, QĐ 19/2014/QĐ-TTg Art. 4.4.c; TT 26/2014/TT-BKHCN Art. 7.2.l. Scope changes
    after the first announcement are procedures entering the scope (published for, or passed to,
    an agency the QMS covers) or leaving it (abolished, or passed to an agency outside it),
    recorded `ScopeDecision`s, and — with `reannounce_after_merger` — an agency merged into one
    the QMS covers. The law sets no deadline (Q8): `reannouncement_months` (default 3, by analogy
    with Art. 4.4.a, a Civil Code time limit), or the end of the period of the change. With
    `successor_qms` `inherit`, a successor that inherits its predecessor's announcement must
    re-announce from its first day (change `succession`), even before its own first
    announcement.
    """
    qms = unit.qms_unit
    announced = own_announcements(ctx, unit.agency, qms, ctx.as_of)
    inherited = inherits(ctx, unit.agency)
    if not announced and inherited is None:
        return Outcome.not_applicable(not_announced(qms))
    first = announced[0].date if announced else ctx.period.start
    if inherited is not None:
        first = min(first, add_days(inherited.since, -1))
    duties = []
    for change in scope_changes(ctx, unit, first):
        answer = next((a for a in announced if change.answered_by(a)), None)
        deadline = reannouncement_deadline(ctx, change.day)
        done = answer.date if answer else None
        if not ctx.relevant(deadline.due, done):
            continue
        duties.append(
            duty(
                ctx,
                deadline,
                done,
                _REANNOUNCE,
                citation=_C_REANNOUNCE,
                record_ids=(change.record_id, *((answer.id,) if answer else ())),
                change=change.change,
                date=change.day,
                subject=change.subject,
            )
        )
    return Outcome.of_duties(duties, R.NO_SCOPE_CHANGE)


__all__ = [
    "LEGAL_UPDATE_MONTHS",
    "ScopeChangeEvent",
    "check_legal_change_update",
    "check_reannouncement_after_scope_change",
    "check_review_after_audit",
    "check_yearly_internal_audit",
    "check_yearly_management_review",
    "scope_changes",
]
