"""The statutory rules (legal rules R1-R24; docs: Explanation → Legal basis), each a pure function registered in `RULES`.

Every rule takes the shared [`EvaluationContext`][vn_iso_qms.EvaluationContext] and a subject id,
and returns a [`RuleResult`][vn_iso_qms.RuleResult]. Boundaries are inclusive (see
`calendar.py`); "the effective day" is the period's end or `as_of`, whichever is earlier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from vn_iso_qms._internal.agency import Agency
from vn_iso_qms._internal.evaluation.calendar import add_months
from vn_iso_qms._internal.evaluation.context import EvaluationContext, ended_reason
from vn_iso_qms._internal.evaluation.registry import rule
from vn_iso_qms._internal.evaluation.result import (
    ISO9001,
    QD19,
    TT26,
    ActivityStatus,
    Citation,
    Reason,
    RuleResult,
    Status,
    cite,
)
from vn_iso_qms._internal.qms import QmsUnit
from vn_iso_qms._internal.vocab import (
    QD19_EFFECTIVE_DATE,
    ActivityKind,
    AgencyEventKind,
    AgencyKind,
    AnnouncementReason,
    CorrectiveActionState,
    InspectionForm,
    ObligationClass,
    StandardVersion,
)

# --- helpers ----------------------------------------------------------------------------------


def _d(day: dt.date) -> str:
    """dd/mm/yyyy (from the fields: `strftime` costs ten times more, and runs per reason)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _result(
    rule_id: str, subject_id: str, status: Status, citation: Citation, *reasons: Reason
) -> RuleResult:
    return RuleResult(
        rule_id=rule_id, subject_id=subject_id, status=status, reasons=reasons, citation=citation
    )


def _combine(statuses: Iterable[ActivityStatus]) -> Status:
    """Not met if anything is late or overdue; not yet due if anything is pending; else met."""
    seen = set(statuses)
    if seen & {ActivityStatus.LATE, ActivityStatus.OVERDUE}:
        return Status.NOT_MET
    if ActivityStatus.NOT_YET_DUE in seen:
        return Status.NOT_YET_DUE
    return Status.MET


_OPEN_DUTY_SUFFIX = {
    ActivityStatus.LATE: "late",
    ActivityStatus.OVERDUE: "missing",
    ActivityStatus.NOT_YET_DUE: "pending",
}


def _open_duty_code(prefix: str, status: ActivityStatus) -> str:
    """The reason code of a duty not done on time: `<prefix>_late`, `_missing` or `_pending`."""
    return f"{prefix}_{_OPEN_DUTY_SUFFIX[status]}"


def _na(rule_id: str, subject_id: str, citation: Citation, reason: Reason) -> RuleResult:
    return _result(rule_id, subject_id, Status.NOT_APPLICABLE, citation, reason)


def _agency_gate(
    ctx: EvaluationContext, rule_id: str, agency_id: str, citation: Citation
) -> tuple[Agency, QmsUnit | None, RuleResult | None]:
    """Common applicability of agency duties: the unit exists, and is obliged or opted in.

    Returns the agency, its QMS unit (if any) and, when the duty does not apply, the
    not-applicable result to return.
    """
    agency = ctx.agencies[agency_id]
    qms = ctx.qms_of(agency_id)
    if ctx.ended_in_period(agency):
        return (
            agency,
            qms,
            _na(
                rule_id,
                agency_id,
                citation,
                ended_reason(agency, ctx.ended_event(agency), ctx.agencies),
            ),
        )
    if agency.valid_from is not None and agency.valid_from > ctx.day:
        reason = Reason(
            code="agency_not_yet_established",
            message_vi=f"Đơn vị được thành lập từ ngày {_d(agency.valid_from)}",
            message_en=f"The unit is established on {agency.valid_from.isoformat()}",
            record_ids=(agency.id,),
        )
        return agency, qms, _na(rule_id, agency_id, citation, reason)
    obligation = ctx.obligation(agency)
    if obligation is ObligationClass.MANDATORY:
        return agency, qms, None
    if obligation is ObligationClass.NOT_COVERED and agency.kind in (
        AgencyKind.DISTRICT_PEOPLE_COMMITTEE,
        AgencyKind.DISTRICT_DIVISION,
    ):
        reason = Reason(
            code="district_level_abolished",
            message_vi="Cấp huyện đã kết thúc hoạt động từ ngày 01/07/2025",
            message_en="The district level ended on 2025-07-01",
            citation=cite("Luật 72/2025/QH15"),
            record_ids=(agency.id,),
        )
        return agency, qms, _na(rule_id, agency_id, citation, reason)
    if qms is not None and ctx.policy.hold_encouraged_with_qms:
        return agency, qms, None
    reason = Reason(
        code="not_obliged",
        message_vi=f"{agency.kind.label_vi}: {obligation.label_vi.lower()}, chưa áp dụng HTQLCL",
        message_en=f"{agency.kind.label_en}: {obligation.label_en.lower()}, no QMS applied",
        citation=cite(QD19, "2"),
        record_ids=(agency.id,),
    )
    return agency, qms, _na(rule_id, agency_id, citation, reason)


def _not_announced(rule_id: str, agency_id: str, citation: Citation, qms: QmsUnit) -> RuleResult:
    """Not applicable yet: the duty concerns an announced QMS and this one is not announced."""
    reason = Reason(
        code="not_announced",
        message_vi="Chưa công bố",
        message_en="Not announced yet",
        record_ids=(qms.id,),
    )
    return _na(rule_id, agency_id, citation, reason)


def _no_qms_reason(agency: Agency) -> Reason:
    return Reason(
        code="no_qms_unit",
        message_vi="Chưa có HTQLCL bao quát đơn vị",
        message_en="No QMS unit covers the agency",
        citation=cite(QD19, "2", "1"),
        record_ids=(agency.id,),
    )


# --- R1-R2: who must have a QMS, and has it one in effect -------------------------------------

_C_QMS = cite(QD19, "4", "3")


@rule(
    "qms_in_effect",
    legal_ref="R1, R2, R7",
    title_vi="Có HTQLCL đã công bố, bao quát đơn vị",
    title_en="A QMS covering the unit has been announced",
    citation=_C_QMS,
    policy_fields=("communes_mandatory_from", "hold_encouraged_with_qms"),
)
def check_qms_in_effect(ctx: EvaluationContext, agency_id: str) -> RuleResult:
    """An obliged (or opted-in) unit is covered by a QMS announced on or before the effective day.

    Legal basis: R1-R2, QĐ 19/2014/QĐ-TTg Art. 2 (who), Art. 4.3 (announcement makes the QMS
    applied). Mandatory units without a QMS unit, or whose QMS was never announced, fail.
    """
    rid = "qms_in_effect"
    agency, qms, na = _agency_gate(ctx, rid, agency_id, _C_QMS)
    if na is not None:
        return na
    if qms is None:
        return _result(rid, agency_id, Status.NOT_MET, _C_QMS, _no_qms_reason(agency))
    announced = ctx.announcements_until(qms.id, ctx.day)
    if not announced:
        return _result(
            rid,
            agency_id,
            Status.NOT_MET,
            _C_QMS,
            Reason(
                code="not_announced",
                message_vi=f"{qms.name} chưa được công bố phù hợp TCVN ISO 9001",
                message_en=f"{qms.name} has not been announced as conforming to TCVN ISO 9001",
                citation=_C_QMS,
                record_ids=(qms.id,),
            ),
        )
    first = announced[0]
    return _result(
        rid,
        agency_id,
        Status.MET,
        _C_QMS,
        Reason(
            code="announced",
            message_vi=f"Đã công bố theo Quyết định {first.decision_number} ngày {_d(first.date)}",
            message_en=f"Announced by decision {first.decision_number} of {first.date.isoformat()}",
            citation=_C_QMS,
            record_ids=(qms.id, first.id),
        ),
    )


# --- R3: at most 3 separate QMS for district divisions ----------------------------------------

_C_DISTRICT = cite(TT26, "6", "3", "b")


@rule(
    "district_separate_qms_limit",
    legal_ref="R3",
    title_vi="Cấp huyện có không quá 3 HTQLCL riêng cho phòng chuyên môn",
    title_en="A district has at most 3 separate QMS for its divisions",
    citation=_C_DISTRICT,
)
def check_district_separate_qms_limit(ctx: EvaluationContext, agency_id: str) -> RuleResult:
    """A district People's Committee has at most 3 separate QMS units for its divisions.

    Legal basis: R3, TT 26/2014/TT-BKHCN Art. 6.3.b (form b: a separate QMS for at most 3
    divisions, plus one common QMS for the rest). Applies to district People's Committees only,
    until 30/06/2025.
    """
    rid = "district_separate_qms_limit"
    agency = ctx.agencies[agency_id]
    if agency.kind is not AgencyKind.DISTRICT_PEOPLE_COMMITTEE:
        return _na(
            rid,
            agency_id,
            _C_DISTRICT,
            Reason(
                code="not_a_district",
                message_vi="Chỉ áp dụng cho UBND cấp huyện",
                message_en="Applies to district People's Committees only",
                record_ids=(agency_id,),
            ),
        )
    agency, _, na = _agency_gate(ctx, rid, agency_id, _C_DISTRICT)
    if na is not None:
        return na
    separate = sorted(
        q.id
        for division in ctx.children_of.get(agency_id, ())
        for q in ctx.qms_of_agency.get(division.id, ())
        if q.separate_division and q.valid_on(ctx.day) and q.owner_agency_id == division.id
    )
    if len(separate) > 3:
        return _result(
            rid,
            agency_id,
            Status.NOT_MET,
            _C_DISTRICT,
            Reason(
                code="too_many_separate_qms",
                message_vi=f"Có {len(separate)} HTQLCL riêng của phòng chuyên môn (tối đa 3)",
                message_en=f"{len(separate)} separate division QMS units (at most 3 allowed)",
                citation=_C_DISTRICT,
                record_ids=tuple(separate),
            ),
        )
    return _result(rid, agency_id, Status.MET, _C_DISTRICT)


# --- R4: scope covers every TTHC ----------------------------------------------------------------

_C_SCOPE = cite(QD19, "3", "1")


def _reannouncement_deadline(ctx: EvaluationContext, change_day: dt.date) -> dt.date:
    months = ctx.policy.reannouncement_months
    if months is not None:
        return add_months(change_day, months)
    return ctx.policy.period_containing(change_day).end


@rule(
    "scope_covers_tthc",
    legal_ref="R4",
    title_vi="Phạm vi áp dụng bao quát toàn bộ TTHC của đơn vị",
    title_en="The announced scope covers every administrative procedure of the unit",
    citation=_C_SCOPE,
    policy_fields=("reannouncement_months",),
)
def check_scope_covers_tthc(ctx: EvaluationContext, agency_id: str) -> RuleResult:
    """The latest announcement's scope includes every TTHC in force for the QMS's agencies.

    Legal basis: R4, QĐ 19/2014/QĐ-TTg Art. 3.1; TT 26/2014/TT-BKHCN Art. 3.1 (the published
    TTHC). A TTHC published after the last announcement is "not yet due" until the
    re-announcement deadline of the policy (`reannouncement_months`, default the period's end).
    """
    rid = "scope_covers_tthc"
    agency, qms, na = _agency_gate(ctx, rid, agency_id, _C_SCOPE)
    if na is not None:
        return na
    if qms is None:
        return _result(rid, agency_id, Status.NOT_MET, _C_SCOPE, _no_qms_reason(agency))
    announced = ctx.announcements_until(qms.id, ctx.day)
    if not announced:
        return _not_announced(rid, agency_id, _C_SCOPE, qms)
    latest = announced[-1]
    required = ctx.tthc_required(qms, ctx.day)
    missing = sorted(set(required) - set(latest.scope_tthc))
    if not missing:
        return _result(rid, agency_id, Status.MET, _C_SCOPE)
    pending = [
        c
        for c in missing
        if required[c].published_on > latest.date
        and _reannouncement_deadline(ctx, required[c].published_on) > ctx.as_of
    ]
    status = Status.NOT_YET_DUE if len(pending) == len(missing) else Status.NOT_MET
    return _result(
        rid,
        agency_id,
        status,
        _C_SCOPE,
        Reason(
            code="scope_missing_tthc",
            message_vi=f"Phạm vi công bố chưa bao gồm {len(missing)} TTHC: {', '.join(missing)}",
            message_en=f"The announced scope lacks {len(missing)} procedure(s): {', '.join(missing)}",
            citation=_C_SCOPE,
            record_ids=(latest.id, *(required[c].id for c in missing)),
        ),
    )


# --- R6: build -> apply -> announce ---------------------------------------------------------------

_C_ORDER = cite(QD19, "4", "2")


@rule(
    "build_apply_announce_order",
    legal_ref="R6",
    title_vi="Công bố sau khi ban hành tài liệu, đánh giá nội bộ, xem xét của lãnh đạo và xác nhận hiệu lực",
    title_en="Announced only after approval, internal audit, management review and confirmation",
    citation=_C_ORDER,
    policy_fields=("enforce_step_order",),
)
def check_build_apply_announce_order(ctx: EvaluationContext, agency_id: str) -> RuleResult:
    """The first announcement follows approval, an internal audit, a review and the confirmation.

    Legal basis: R6, QĐ 19/2014/QĐ-TTg Art. 4.2.a-d and 4.3; TT 26/2014/TT-BKHCN Art. 7.2.
    Each step must exist on or before the announcement date; with `enforce_step_order` (default)
    they must also be in order: audit ≤ review ≤ confirmation ≤ announcement (inferred [U]).
    """
    rid = "build_apply_announce_order"
    agency, qms, na = _agency_gate(ctx, rid, agency_id, _C_ORDER)
    if na is not None:
        return na
    if qms is None:
        return _result(rid, agency_id, Status.NOT_MET, _C_ORDER, _no_qms_reason(agency))
    announced = ctx.announcements_until(qms.id, ctx.day)
    initial = [a for a in announced if a.reason is AnnouncementReason.INITIAL] or announced
    if not initial:
        return _not_announced(rid, agency_id, _C_ORDER, qms)
    ann = initial[0]
    on = ann.date
    covered = set(qms.agency_ids)
    acts = [a for aid in covered for a in ctx.activities_of.get(aid, ()) if a.date <= on]
    approvals = [a.date for a in acts if a.kind is ActivityKind.DOCUMENT_APPROVAL] + [
        r.approved_on
        for p in ctx.processes_of.get(qms.id, ())
        for r in p.revisions
        if r.approved_on <= on
    ]
    audits = [a.end for a in ctx.audits.get(qms.id, ()) if a.end <= on]
    reviews = [r.date for r in ctx.reviews.get(qms.id, ()) if r.date <= on]
    confirmations = [a.date for a in acts if a.kind is ActivityKind.EFFECTIVENESS_CONFIRMATION]
    reasons: list[Reason] = []
    steps = (
        (
            "documents_not_approved",
            approvals,
            "ban hành tài liệu, quy trình",
            "approval of documents",
            "a",
        ),
        ("internal_audit_missing", audits, "đánh giá nội bộ", "internal audit", "b"),
        ("management_review_missing", reviews, "xem xét của lãnh đạo", "management review", "c"),
        (
            "confirmation_missing",
            confirmations,
            "xác nhận hiệu lực",
            "confirmation of effectiveness",
            "d",
        ),
    )
    for code, dates, vi, en, point in steps:
        if not dates:
            reasons.append(
                Reason(
                    code=f"before_announcement_{code}",
                    message_vi=f"Không có {vi} trước khi công bố ngày {_d(on)}",
                    message_en=f"No {en} before the announcement of {on.isoformat()}",
                    citation=cite(QD19, "4", "2", point),
                    record_ids=(ann.id,),
                    deadline=on,
                )
            )
    if not reasons and ctx.policy.enforce_step_order:
        confirmation = max(confirmations)
        ok_reviews = [d for d in reviews if d <= confirmation]
        ok_audits = [d for d in audits if ok_reviews and d <= max(ok_reviews)]
        if not ok_reviews or not ok_audits:
            reasons.append(
                Reason(
                    code="steps_out_of_order",
                    message_vi="Thứ tự chưa đúng: đánh giá nội bộ → xem xét của lãnh đạo → xác nhận hiệu lực → công bố",
                    message_en="Steps out of order: internal audit → management review → confirmation → announcement",
                    citation=_C_ORDER,
                    record_ids=(ann.id,),
                    deadline=on,
                )
            )
    if reasons:
        return _result(rid, agency_id, Status.NOT_MET, _C_ORDER, *reasons)
    return _result(rid, agency_id, Status.MET, _C_ORDER)


# --- R7: the announcement's three duties ----------------------------------------------------------

_C_DUTIES = cite(QD19, "4", "3")


@rule(
    "announcement_duties",
    legal_ref="R7",
    title_vi="Sau công bố: thông báo đơn vị chủ trì, niêm yết tại trụ sở, đăng tải trên trang thông tin điện tử",
    title_en="After announcing: notify the lead unit, post at the office, publish online",
    citation=_C_DUTIES,
    policy_fields=("announcement_duty_working_days", "extra_holidays", "extra_working_days"),
)
def check_announcement_duties(ctx: EvaluationContext, agency_id: str) -> RuleResult:
    """Each announcement made (or in effect) in the period was notified, posted and published.

    Legal basis: R7, QĐ 19/2014/QĐ-TTg Art. 4.3; TT 26/2014/TT-BKHCN Art. 7.2.h, 36.2.c. The law
    sets no deadline: by default each duty is due by the end of the period of the announcement;
    `announcement_duty_working_days` sets one in working days (Vietnamese calendar).
    """
    rid = "announcement_duties"
    agency, qms, na = _agency_gate(ctx, rid, agency_id, _C_DUTIES)
    if na is not None:
        return na
    if qms is None:
        return _result(rid, agency_id, Status.NOT_MET, _C_DUTIES, _no_qms_reason(agency))
    announced = ctx.announcements_until(qms.id, ctx.day)
    if not announced:
        return _not_announced(rid, agency_id, _C_DUTIES, qms)
    in_scope = [a for a in announced if a.date >= ctx.period.start] or [announced[-1]]
    statuses: list[ActivityStatus] = []
    reasons: list[Reason] = []
    days = ctx.policy.announcement_duty_working_days
    for ann in in_scope:
        if days is not None:
            deadline = ctx.calendar.add_working_days(ann.date, days)
        else:
            deadline = max(ctx.policy.period_containing(ann.date).end, ann.date)
        duties = [
            (
                "lead_unit_not_notified",
                ann.lead_unit_notified_on,
                "thông báo bằng văn bản tới đơn vị chủ trì",
                "written notice to the lead unit",
            ),
            (
                "not_posted_at_office",
                ann.posted_at_office_on,
                "niêm yết tại trụ sở",
                "posting at the office",
            ),
        ]
        if not ann.no_website:
            duties.append(
                (
                    "not_published_online",
                    ann.published_online_on,
                    "đăng tải trên trang thông tin điện tử",
                    "publication on the website",
                )
            )
        for code, done, vi, en in duties:
            status = ctx.judge(deadline, done)
            if not ctx.relevant(deadline, done) and deadline < ctx.period.start:
                continue
            statuses.append(status)
            if status in (ActivityStatus.ON_TIME,):
                continue
            late = status is ActivityStatus.LATE
            reasons.append(
                Reason(
                    code=code if not late else f"{code}_late",
                    message_vi=f"Quyết định công bố {ann.decision_number}: {'trễ hạn' if late else 'chưa'} {vi} (hạn {_d(deadline)})",
                    message_en=f"Announcement {ann.decision_number}: {'late ' if late else 'no '}{en} (due {deadline.isoformat()})",
                    citation=_C_DUTIES,
                    record_ids=(ann.id,),
                    deadline=deadline,
                )
            )
    return _result(rid, agency_id, _combine(statuses), _C_DUTIES, *reasons)


# --- R8: no third-party certification ------------------------------------------------------------

_C_CERT = cite(QD19, "4")


@rule(
    "no_third_party_certification",
    legal_ref="R8",
    title_vi="Không thuê tổ chức chứng nhận",
    title_en="No third-party certification",
    citation=cite(QD19, "4"),
)
def check_no_third_party_certification(ctx: EvaluationContext, agency_id: str) -> RuleResult:
    """The unit did not hire a certification body (certification, surveillance, recertification).

    Legal basis: R8, QĐ 19/2014/QĐ-TTg Art. 4, last paragraph (from 18/05/2014). Recorded as an
    activity of kind `third_party_certification` in the period.
    """
    rid = "no_third_party_certification"
    _, _, na = _agency_gate(ctx, rid, agency_id, _C_CERT)
    if na is not None:
        return na
    hits = [
        a
        for a in ctx.activities_of.get(agency_id, ())
        if a.kind is ActivityKind.THIRD_PARTY_CERTIFICATION
        and a.date >= max(QD19_EFFECTIVE_DATE, ctx.period.start)
        and a.date <= ctx.day
    ]
    if hits:
        return _result(
            rid,
            agency_id,
            Status.NOT_MET,
            _C_CERT,
            Reason(
                code="third_party_certification",
                message_vi="Cơ quan hành chính không được thuê tổ chức chứng nhận (chứng nhận, giám sát, chứng nhận lại)",
                message_en="Administrative agencies may not hire a certification body",
                citation=_C_CERT,
                record_ids=tuple(a.id for a in hits),
            ),
        )
    return _result(rid, agency_id, Status.MET, _C_CERT)


# --- R9: legal changes reflected within 3 months ---------------------------------------------------

_C_LEGAL = cite(QD19, "4", "4", "a")
LEGAL_UPDATE_MONTHS = 3
"""QĐ 19 Art. 4.4.a: update and apply the QMS within 3 months of the legal change taking effect."""


@rule(
    "legal_change_update",
    legal_ref="R9",
    title_vi="Cập nhật HTQLCL trong 3 tháng kể từ ngày văn bản pháp luật có hiệu lực",
    title_en="QMS updated within 3 months of a relevant legal change taking effect",
    citation=_C_LEGAL,
)
def check_legal_change_update(ctx: EvaluationContext, agency_id: str) -> RuleResult:
    """Every legal change affecting the QMS is answered by an update within 3 months (inclusive).

    Legal basis: R9, QĐ 19/2014/QĐ-TTg Art. 4.4.a; TT 26/2014/TT-BKHCN Art. 7.2.i. A change
    affects a QMS when it names the QMS or a TTHC the QMS's agencies handle. Due date:
    effective date + 3 calendar months (31 Jan → 30 Apr; `relativedelta`), inclusive.
    """
    rid = "legal_change_update"
    agency, qms, na = _agency_gate(ctx, rid, agency_id, _C_LEGAL)
    if na is not None:
        return na
    if qms is None:
        return _result(rid, agency_id, Status.NOT_MET, _C_LEGAL, _no_qms_reason(agency))
    codes = {t.code for aid in qms.agency_ids for t in ctx.tthc_of_agency.get(aid, ())}
    updates = ctx.updates.get(qms.id, ())
    statuses: list[ActivityStatus] = []
    reasons: list[Reason] = []
    for change in ctx.legal_changes:
        if qms.id not in change.qms_ids and not codes.intersection(change.affected_tthc):
            continue
        if change.effective_on > ctx.day:
            continue
        due = add_months(change.effective_on, LEGAL_UPDATE_MONTHS)
        answer = next((u for u in updates if change.id in u.legal_change_ids), None)
        done = answer.date if answer else None
        if not ctx.relevant(due, done):
            continue
        status = ctx.judge(due, done)
        statuses.append(status)
        if status is ActivityStatus.ON_TIME:
            continue
        vi = {
            "late": f"cập nhật trễ ngày {_d(done)}" if done else "",
            "overdue": "chưa cập nhật",
            "not_yet_due": "chưa cập nhật (chưa đến hạn)",
        }[status.value]
        en = {
            "late": f"updated late on {done.isoformat()}" if done else "",
            "overdue": "not updated",
            "not_yet_due": "not updated yet (not due)",
        }[status.value]
        reasons.append(
            Reason(
                code=_open_duty_code("legal_update", status),
                message_vi=f"Văn bản {change.document_number} có hiệu lực {_d(change.effective_on)}: {vi}; hạn {_d(due)}",
                message_en=f"{change.document_number} effective {change.effective_on.isoformat()}: {en}; due {due.isoformat()}",
                citation=_C_LEGAL,
                record_ids=(change.id, *((answer.id,) if answer else ())),
                deadline=due,
            )
        )
    if not statuses:
        return _na(
            rid,
            agency_id,
            _C_LEGAL,
            Reason(
                code="no_legal_change",
                message_vi="Không có thay đổi văn bản pháp luật liên quan trong kỳ",
                message_en="No relevant legal change in the period",
            ),
        )
    return _result(rid, agency_id, _combine(statuses), _C_LEGAL, *reasons)


# --- R10: yearly internal audit and management review ---------------------------------------------

_C_YEARLY = cite(QD19, "4", "4", "b")


def _period_text(ctx: EvaluationContext) -> tuple[str, str]:
    p = ctx.period
    return (f"{_d(p.start)} - {_d(p.end)}", f"{p.start.isoformat()} - {p.end.isoformat()}")


@rule(
    "yearly_internal_audit",
    legal_ref="R10",
    title_vi="Đánh giá nội bộ ít nhất một lần trong năm",
    title_en="At least one internal audit a year",
    citation=_C_YEARLY,
    policy_fields=("period",),
)
def check_yearly_internal_audit(ctx: EvaluationContext, agency_id: str) -> RuleResult:
    """At least one internal audit ended within the period.

    Legal basis: R10, QĐ 19/2014/QĐ-TTg Art. 4.4.b; TT 26/2014/TT-BKHCN Art. 7.2.k. "A year" is
    the policy's period (default calendar year; Q3). Before the period ends, a missing audit is
    "not yet due".
    """
    rid = "yearly_internal_audit"
    agency, qms, na = _agency_gate(ctx, rid, agency_id, _C_YEARLY)
    if na is not None:
        return na
    if qms is None:
        return _result(rid, agency_id, Status.NOT_MET, _C_YEARLY, _no_qms_reason(agency))
    done = [a for a in ctx.audits.get(qms.id, ()) if ctx.period.start <= a.end <= ctx.day]
    if done:
        return _result(
            rid,
            agency_id,
            Status.MET,
            _C_YEARLY,
            Reason(
                code="internal_audit_done",
                message_vi=f"Đã đánh giá nội bộ ngày {_d(done[0].end)}",
                message_en=f"Internal audit done on {done[0].end.isoformat()}",
                citation=_C_YEARLY,
                record_ids=tuple(a.id for a in done),
            ),
        )
    vi, en = _period_text(ctx)
    status = Status.NOT_YET_DUE if ctx.as_of < ctx.period.end else Status.NOT_MET
    return _result(
        rid,
        agency_id,
        status,
        _C_YEARLY,
        Reason(
            code="internal_audit_missing",
            message_vi=f"Chưa đánh giá nội bộ trong kỳ {vi}",
            message_en=f"No internal audit in the period {en}",
            citation=_C_YEARLY,
            record_ids=(qms.id,),
            deadline=ctx.period.end,
        ),
    )


@rule(
    "yearly_management_review",
    legal_ref="R10",
    title_vi="Xem xét của lãnh đạo ít nhất một lần trong năm, sau đánh giá nội bộ",
    title_en="At least one management review a year, after the internal audit",
    citation=_C_YEARLY,
    policy_fields=("period", "require_audit_before_review"),
)
def check_yearly_management_review(ctx: EvaluationContext, agency_id: str) -> RuleResult:
    """At least one management review in the period, on or after that period's internal audit.

    Legal basis: R10, QĐ 19/2014/QĐ-TTg Art. 4.4.b (yearly), Art. 4.2.b-c (audit, then review);
    TT 26/2014/TT-BKHCN Art. 7.2.k. The ordering is the policy's `require_audit_before_review`.
    """
    rid = "yearly_management_review"
    agency, qms, na = _agency_gate(ctx, rid, agency_id, _C_YEARLY)
    if na is not None:
        return na
    if qms is None:
        return _result(rid, agency_id, Status.NOT_MET, _C_YEARLY, _no_qms_reason(agency))
    reviews = [r for r in ctx.reviews.get(qms.id, ()) if ctx.period.start <= r.date <= ctx.day]
    audits = [a for a in ctx.audits.get(qms.id, ()) if ctx.period.start <= a.end <= ctx.day]
    pending = ctx.as_of < ctx.period.end
    vi, en = _period_text(ctx)
    if not reviews:
        return _result(
            rid,
            agency_id,
            Status.NOT_YET_DUE if pending else Status.NOT_MET,
            _C_YEARLY,
            Reason(
                code="management_review_missing",
                message_vi=f"Chưa xem xét của lãnh đạo trong kỳ {vi}",
                message_en=f"No management review in the period {en}",
                citation=_C_YEARLY,
                record_ids=(qms.id,),
                deadline=ctx.period.end,
            ),
        )
    if ctx.policy.require_audit_before_review:
        ordered = [r for r in reviews if audits and r.date >= audits[0].end]
        if not ordered:
            return _result(
                rid,
                agency_id,
                Status.NOT_YET_DUE if pending else Status.NOT_MET,
                _C_YEARLY,
                Reason(
                    code="review_before_audit",
                    message_vi="Xem xét của lãnh đạo trong kỳ không được thực hiện sau đánh giá nội bộ",
                    message_en="No management review in the period follows the period's internal audit",
                    citation=cite(QD19, "4", "2"),
                    record_ids=tuple(r.id for r in reviews),
                    deadline=ctx.period.end,
                ),
            )
        reviews = ordered
    return _result(
        rid,
        agency_id,
        Status.MET,
        _C_YEARLY,
        Reason(
            code="management_review_done",
            message_vi=f"Đã xem xét của lãnh đạo ngày {_d(reviews[0].date)}",
            message_en=f"Management review held on {reviews[0].date.isoformat()}",
            citation=_C_YEARLY,
            record_ids=tuple(r.id for r in reviews),
        ),
    )


# --- R11: re-announcement after a scope change -------------------------------------------------------

_C_REANNOUNCE = cite(QD19, "4", "4", "c")


@rule(
    "reannouncement_after_scope_change",
    legal_ref="R11",
    title_vi="Công bố lại khi điều chỉnh, mở rộng, thu hẹp phạm vi",
    title_en="Re-announce after every scope change",
    citation=_C_REANNOUNCE,
    policy_fields=("reannouncement_months", "reannounce_after_merger"),
)
def check_reannouncement_after_scope_change(ctx: EvaluationContext, agency_id: str) -> RuleResult:
    """Every scope change after the first announcement is followed by a re-announcement.

    Legal basis: R11, QĐ 19/2014/QĐ-TTg Art. 4.4.c; TT 26/2014/TT-BKHCN Art. 7.2.l. Scope changes
    are TTHC of the QMS's agencies published (scope expanded) or abolished (narrowed) after the
    first announcement, and — with `reannounce_after_merger` — an agency merged into one the QMS
    covers. The law sets no deadline (Q8): `reannouncement_months`, default the end of the
    period of the change.
    """
    rid = "reannouncement_after_scope_change"
    agency, qms, na = _agency_gate(ctx, rid, agency_id, _C_REANNOUNCE)
    if na is not None:
        return na
    if qms is None:
        return _result(rid, agency_id, Status.NOT_MET, _C_REANNOUNCE, _no_qms_reason(agency))
    announced = ctx.announcements_until(qms.id, ctx.as_of)
    if not announced:
        return _not_announced(rid, agency_id, _C_REANNOUNCE, qms)
    first = announced[0].date
    changes: list[tuple[dt.date, str, str, str, str]] = []  # day, record id, code, vi, en
    seen_tthc: set[str] = set()
    for aid in qms.agency_ids:
        for t in ctx.tthc_of_agency.get(aid, ()):
            if t.id in seen_tthc:
                continue
            seen_tthc.add(t.id)
            if first < t.published_on <= ctx.day:
                changes.append((t.published_on, t.id, t.code, "mở rộng", "expanded"))
            if t.abolished_on is not None and first < t.abolished_on <= ctx.day:
                changes.append((t.abolished_on, t.id, t.code, "thu hẹp", "narrowed"))
    if ctx.policy.reannounce_after_merger:
        for aid in qms.agency_ids:
            for ev in ctx.events_into.get(aid, ()):
                if ev.kind is AgencyEventKind.MERGED_INTO and first < ev.date <= ctx.day:
                    changes.append(
                        (ev.date, ev.id, "", "thay đổi do sáp nhập", "changed by a merger")
                    )
    statuses: list[ActivityStatus] = []
    reasons: list[Reason] = []
    for day, record_id, code, vi, en in sorted(changes):
        if code and vi == "mở rộng":
            answer = next((a for a in announced if a.date >= day and code in a.scope_tthc), None)
        elif code:
            answer = next(
                (a for a in announced if a.date >= day and code not in a.scope_tthc), None
            )
        else:
            answer = next((a for a in announced if a.date >= day), None)
        deadline = _reannouncement_deadline(ctx, day)
        done = answer.date if answer else None
        if not ctx.relevant(deadline, done):
            continue
        status = ctx.judge(deadline, done)
        statuses.append(status)
        if status is ActivityStatus.ON_TIME:
            continue
        what_vi = f"TTHC {code}" if code else f"đơn vị {record_id} sáp nhập vào"
        what_en = f"procedure {code}" if code else f"event {record_id}"
        reasons.append(
            Reason(
                code=_open_duty_code("reannouncement", status),
                message_vi=f"Phạm vi {vi} ngày {_d(day)} ({what_vi}): {'công bố lại trễ hạn' if done else 'chưa công bố lại'}; hạn {_d(deadline)}",
                message_en=f"Scope {en} on {day.isoformat()} ({what_en}): {'re-announced late' if done else 'not re-announced'}; due {deadline.isoformat()}",
                citation=_C_REANNOUNCE,
                record_ids=(record_id, *((answer.id,) if answer else ())),
                deadline=deadline,
            )
        )
    if not statuses:
        return _na(
            rid,
            agency_id,
            _C_REANNOUNCE,
            Reason(
                code="no_scope_change",
                message_vi="Không có thay đổi phạm vi trong kỳ",
                message_en="No scope change in the period",
            ),
        )
    return _result(rid, agency_id, _combine(statuses), _C_REANNOUNCE, *reasons)


# --- R12: accepted standard version ------------------------------------------------------------------

_C_VERSION = cite(QD19, "4")


@rule(
    "accepted_standard_version",
    legal_ref="R12",
    title_vi="Áp dụng phiên bản tiêu chuẩn được chấp nhận (TCVN ISO 9001:2015)",
    title_en="The QMS is announced on an accepted edition of the standard",
    citation=_C_VERSION,
    policy_fields=("iso2008_accepted_until", "iso2015_accepted_until", "iso2026_accepted_from"),
)
def check_accepted_standard_version(ctx: EvaluationContext, agency_id: str) -> RuleResult:
    """The announcement in effect is on an edition the policy accepts on the effective day.

    Legal basis: R12, QĐ 19/2014/QĐ-TTg Art. 4 (last paragraph: a revised standard follows Bộ
    KH&CN guidance); Công văn 419/BKHCN-TĐC of 21/02/2018 (convert from 2008 by 30/06/2021).
    A future 2026 edition is accepted from `iso2026_accepted_from`.
    """
    rid = "accepted_standard_version"
    agency, qms, na = _agency_gate(ctx, rid, agency_id, _C_VERSION)
    if na is not None:
        return na
    if qms is None:
        return _result(rid, agency_id, Status.NOT_MET, _C_VERSION, _no_qms_reason(agency))
    announced = ctx.announcements_until(qms.id, ctx.day)
    if not announced:
        return _not_announced(rid, agency_id, _C_VERSION, qms)
    latest = announced[-1]
    if ctx.policy.accepts(latest.standard, ctx.day):
        return _result(rid, agency_id, Status.MET, _C_VERSION)
    deadline: dt.date | None
    if latest.standard is StandardVersion.ISO9001_2008:
        deadline, citation = ctx.policy.iso2008_accepted_until, cite("Công văn 419/BKHCN-TĐC")
        vi, en = "không còn được chấp nhận", "no longer accepted"
    elif latest.standard is StandardVersion.ISO9001_2015:
        deadline, citation = ctx.policy.iso2015_accepted_until, _C_VERSION
        vi, en = "hết thời hạn chuyển đổi theo chính sách", "past the policy's transition deadline"
    else:
        deadline, citation = None, _C_VERSION
        vi, en = "chưa được chấp nhận (chưa có ngày áp dụng)", "not accepted yet (no adoption date)"
    return _result(
        rid,
        agency_id,
        Status.NOT_MET,
        _C_VERSION,
        Reason(
            code="standard_version_not_accepted",
            message_vi=f"Áp dụng {latest.standard.label_vi}: {vi} tại ngày {_d(ctx.day)}",
            message_en=f"On {latest.standard.label_en}: {en} on {ctx.day.isoformat()}",
            citation=citation,
            record_ids=(latest.id,),
            deadline=deadline,
        ),
    )


# --- corrective actions (ISO 9001 §10.2) ----------------------------------------------------------

_C_CA = cite(ISO9001, "10.2")
_DONE = (CorrectiveActionState.VERIFIED_EFFECTIVE, CorrectiveActionState.CLOSED)


@rule(
    "corrective_actions_on_time",
    legal_ref="R6, R21",
    title_vi="Không có hành động khắc phục quá hạn; hiệu lực được xác nhận",
    title_en="No corrective action overdue; effectiveness verified",
    citation=_C_CA,
    policy_fields=("nonconformity_action_days", "corrective_action_grace_days"),
)
def check_corrective_actions_on_time(ctx: EvaluationContext, agency_id: str) -> RuleResult:
    """Every nonconformity has a corrective action, verified effective by its deadline.

    Legal basis: TCVN ISO 9001:2015 §10.2 (react, act, review effectiveness); QĐ 19/2014/QĐ-TTg
    Art. 4.2.b (correct nonconformities); TT 26/2014/TT-BKHCN Art. 36.1.đ (checked at
    inspection). An action counts as done when it is verified effective (or closed); its
    deadline is `verify_by`, else `due_on`, plus `corrective_action_grace_days`. An action
    reissued as a new one is judged through its replacement. The rule fails on overdue actions;
    late completions are listed as reasons.
    """
    rid = "corrective_actions_on_time"
    agency, qms, na = _agency_gate(ctx, rid, agency_id, _C_CA)
    if na is not None:
        return na
    if qms is None:
        return _result(rid, agency_id, Status.NOT_MET, _C_CA, _no_qms_reason(agency))
    grace = dt.timedelta(days=ctx.policy.corrective_action_grace_days)
    statuses: list[ActivityStatus] = []
    reasons: list[Reason] = []
    for nc in sorted(ctx.nonconformities.get(qms.id, ()), key=lambda n: (n.raised_on, n.id)):
        if nc.raised_on > ctx.day:
            continue
        actions = ctx.actions_of_nc.get(nc.id, [])
        if not actions:
            due = nc.raised_on + dt.timedelta(days=ctx.policy.nonconformity_action_days)
            if not ctx.relevant(due, None):
                continue
            status = ctx.judge(due, None)
            statuses.append(status)
            reasons.append(
                Reason(
                    code="nonconformity_without_action"
                    if status is ActivityStatus.OVERDUE
                    else "nonconformity_action_pending",
                    message_vi=f"Điểm không phù hợp ngày {_d(nc.raised_on)} chưa có hành động khắc phục (hạn {_d(due)})",
                    message_en=f"Nonconformity of {nc.raised_on.isoformat()} has no corrective action (due {due.isoformat()})",
                    citation=_C_CA,
                    record_ids=(nc.id,),
                    deadline=due,
                )
            )
            continue
        for action in actions:
            if action.id in ctx.reissued_ids:
                continue  # judged through the action that replaced it
            deadline = (action.verify_by or action.due_on) + grace
            done = next((e.on for e in action.log if e.state in _DONE), None)
            if not ctx.relevant(deadline, done):
                continue
            status = ctx.judge(deadline, done)
            if status is ActivityStatus.LATE:
                reasons.append(
                    Reason(
                        code="corrective_action_late",
                        message_vi=f"Hành động khắc phục {action.id} hoàn thành trễ ngày {_d(done)} (hạn {_d(deadline)})"
                        if done
                        else "",
                        message_en=f"Corrective action {action.id} completed late on {done.isoformat()} (due {deadline.isoformat()})"
                        if done
                        else "",
                        citation=_C_CA,
                        record_ids=(action.id, nc.id),
                        deadline=deadline,
                    )
                )
                statuses.append(ActivityStatus.ON_TIME)  # late but done: not overdue
                continue
            statuses.append(status)
            if status is ActivityStatus.OVERDUE:
                reasons.append(
                    Reason(
                        code="corrective_action_overdue",
                        message_vi=f"Hành động khắc phục {action.id} quá hạn {_d(deadline)}, chưa xác nhận hiệu lực",
                        message_en=f"Corrective action {action.id} overdue since {deadline.isoformat()}, effectiveness not verified",
                        citation=_C_CA,
                        record_ids=(action.id, nc.id),
                        deadline=deadline,
                    )
                )
    if not statuses:
        return _na(
            rid,
            agency_id,
            _C_CA,
            Reason(
                code="no_nonconformity",
                message_vi="Không có điểm không phù hợp cần khắc phục trong kỳ",
                message_en="No nonconformity to correct in the period",
            ),
        )
    return _result(rid, agency_id, _combine(statuses), _C_CA, *reasons)


# --- R19: corrective-action report within 2 months of the signed minutes --------------------------

_C_CA_REPORT = cite(TT26, "37", "2", "c")
CA_REPORT_MONTHS = 2
"""TT 26 Art. 37.2.c: report corrective actions within 2 months of signing the minutes."""


@rule(
    "inspection_corrective_report",
    legal_ref="R19",
    title_vi="Báo cáo kết quả khắc phục trong 2 tháng kể từ ngày ký biên bản kiểm tra",
    title_en="Corrective-action report within 2 months of the signed inspection minutes",
    citation=_C_CA_REPORT,
)
def check_inspection_corrective_report(ctx: EvaluationContext, agency_id: str) -> RuleResult:
    """After an on-site inspection with issues, the agency reports within 2 months of signing.

    Legal basis: R19, TT 26/2014/TT-BKHCN Art. 37.2.c (report within 2 months of signing the
    minutes, inclusive), Art. 37.2.d (a report not accepted is notified in writing). Applies to
    on-site inspections whose checklist has an unmet item or that recorded findings.
    """
    rid = "inspection_corrective_report"
    agency = ctx.agencies[agency_id]
    statuses: list[ActivityStatus] = []
    reasons: list[Reason] = []
    for insp in ctx.inspections_of.get(agency_id, ()):
        if insp.form is not InspectionForm.ON_SITE or insp.inspected_on > ctx.day:
            continue
        has_issues = bool(insp.findings) or any(r.met is False for r in insp.checklist)
        if not has_issues:
            continue
        if insp.minutes_signed_on is None:
            statuses.append(ActivityStatus.OVERDUE)
            reasons.append(
                Reason(
                    code="minutes_not_signed",
                    message_vi=f"Biên bản kiểm tra {insp.id} chưa ghi ngày ký",
                    message_en=f"Inspection {insp.id} has no signed-minutes date",
                    citation=cite(TT26, "37", "2", "b"),
                    record_ids=(insp.id,),
                )
            )
            continue
        due = add_months(insp.minutes_signed_on, CA_REPORT_MONTHS)
        report = next(iter(ctx.reports_of_inspection.get(insp.id, ())), None)
        done = report.submitted_on if report else None
        if not ctx.relevant(due, done):
            continue
        status = ctx.judge(due, done)
        statuses.append(status)
        if (
            report is not None
            and report.accepted is False
            and report.decided_on
            and report.decided_on <= ctx.as_of
        ):
            statuses.append(ActivityStatus.OVERDUE)
            reasons.append(
                Reason(
                    code="corrective_report_not_accepted",
                    message_vi=f"Báo cáo khắc phục sau kiểm tra {insp.id} chưa được chấp nhận",
                    message_en=f"The corrective-action report after inspection {insp.id} was not accepted",
                    citation=cite(TT26, "37", "2", "d"),
                    record_ids=(insp.id, report.id),
                )
            )
        if status is ActivityStatus.ON_TIME:
            continue
        reasons.append(
            Reason(
                code=_open_duty_code("corrective_report", status),
                message_vi=f"Báo cáo khắc phục sau kiểm tra ngày {_d(insp.inspected_on)}: {status.label_vi.lower()} (hạn {_d(due)})",
                message_en=f"Corrective-action report after the inspection of {insp.inspected_on.isoformat()}: {status.label_en.lower()} (due {due.isoformat()})",
                citation=_C_CA_REPORT,
                record_ids=(insp.id, *((report.id,) if report else ())),
                deadline=due,
            )
        )
    if not statuses:
        return _na(
            rid,
            agency.id,
            _C_CA_REPORT,
            Reason(
                code="no_inspection_issue",
                message_vi="Không có kiểm tra tại trụ sở phát hiện tồn tại cần báo cáo",
                message_en="No on-site inspection with issues to report on",
            ),
        )
    return _result(rid, agency.id, _combine(statuses), _C_CA_REPORT, *reasons)
