"""Lifecycle and announcement duties (legal rules R1-R8, R12; e-ISO use).

Who must have a QMS and whether it is in effect, the district limit on separate QMS, the scope,
build → apply → announce, the announcement's three duties, no certification body, the edition
of the standard, and e-ISO use. Each rule is a value built with the shared kit.
"""

from __future__ import annotations

import datetime as dt

from vn_iso_qms._internal.evaluation.context import EvaluationContext
from vn_iso_qms._internal.evaluation.kit import (
    Duty,
    DutyCodes,
    Outcome,
    Requires,
    RuleBasis,
    StepsBefore,
    Unit,
    all_steps,
    duty,
    inheritance,
    inherits,
    make_reason,
    not_announced,
    own_announcements,
    presumed_steps,
    reannouncement_deadline,
    rule,
    step_gaps,
    succession,
    valid_announcement,
)
from vn_iso_qms._internal.evaluation.law import NQ190_2025, QD19, TT26, cite
from vn_iso_qms._internal.evaluation.policy import SuccessorQms
from vn_iso_qms._internal.evaluation.reasons import Reason, ReasonCode, VersionProblem
from vn_iso_qms._internal.evaluation.status import RuleStatus
from vn_iso_qms._internal.qms import Announcement, QmsUnit
from vn_iso_qms._internal.vocab import (
    QD19_EFFECTIVE_DATE,
    ActivityKind,
    AgencyKind,
    AnnouncementReason,
    StandardVersion,
)

R = ReasonCode

# --- R1-R2, R7: a QMS in effect -----------------------------------------------------------------

_C_QMS = cite(QD19, "4", "3")
_C_SUCCESSOR = cite(NQ190_2025, "10")
"""A successor keeps its predecessor's announcement: documents issued before the reorganisation
that have not lapsed keep applying (clause not verified: read through secondary sources)."""


@rule(
    "qms_in_effect",
    legal_ref="R1, R2, R7",
    title_vi="Có HTQLCL đã công bố, bao quát đơn vị",
    title_en="A QMS covering the unit has been announced",
    citation=_C_QMS,
    requires=Requires.QMS,
    policy_fields=(
        "communes_mandatory_from",
        "provincial_police_mandatory",
        "management_boards_mandatory",
        "hold_encouraged_with_qms",
        "missing_history",
        "steps_presumed_before",
        "successor_qms",
    ),
)
def check_qms_in_effect(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """An obliged (or opted-in) unit is covered by a QMS validly announced by the effective day.

    Legal basis: R1-R2, QĐ 19/2014/QĐ-TTg Art. 2 (who), Art. 4.3 (the announcement makes the
    QMS applied) after Art. 4.2.a-d: an announcement counts only when the documents were
    approved and an internal audit, a management review and the head's confirmation of
    effectiveness came before it (on or before its date). A step the registry could not show
    (an announcement made before the evaluated period, before the registry's first record of
    that kind: `kit.records_kept_from`) is presumed, with a `step_presumed` reason ("not
    evidenced", not a failure: `Policy.missing_history`, a documented reading; the policy's
    `steps_presumed_before` declares the day). Mandatory units without a QMS unit, or with no
    valid announcement, fail.

    A successor (an agency established by a merger or split: `kit.succession`) is read by the
    policy's `successor_qms` (the law is silent): by default it announces its own QMS, and an
    announcement dated before its first day is its predecessor's (`successor_announces_anew`);
    with `inherit`, the announcement in effect for its predecessor on the predecessor's last
    day stays in effect for it (`qms_inherited`) until it re-announces (QĐ 19 Art. 4.4.c).
    """
    qms = unit.qms_unit
    announced = own_announcements(ctx, unit.agency, qms, ctx.day)
    for ann in announced:
        if valid_announcement(ctx, qms, ann):
            return Outcome.met(
                make_reason(
                    R.ANNOUNCED,
                    decision=ann.decision_number,
                    date=ann.date,
                    citation=_C_QMS,
                    record_ids=(qms.id, ann.id),
                ),
                *presumed_steps(ctx, qms, ann),
            )
    inherited = inherits(ctx, unit.agency)
    if inherited is not None:
        ann = inherited.announcement
        return Outcome.met(
            make_reason(
                R.QMS_INHERITED,
                predecessor=ctx.agency_name(inherited.predecessor_id),
                decision=ann.decision_number,
                date=ann.date,
                since=inherited.since,
                citation=_C_SUCCESSOR,
                record_ids=(inherited.qms.id, ann.id, inherited.event.id),
            )
        )
    anew = _announces_anew(ctx, unit)
    if not announced:
        return Outcome.not_met(not_announced(qms, citation=_C_QMS), *anew)
    return Outcome.not_met(*missing_steps(ctx, qms, announced[-1]), *anew)


def _announces_anew(ctx: EvaluationContext, unit: Unit) -> tuple[Reason, ...]:
    """Why a successor's predecessors' announcements do not count (the default reading)."""
    if ctx.policy.successor_qms is not SuccessorQms.ANNOUNCE_ANEW:
        return ()
    events = succession(ctx, unit.agency)
    if not events or inheritance(ctx, unit.agency) is None:
        return ()
    return (
        make_reason(
            R.SUCCESSOR_ANNOUNCES_ANEW,
            units=tuple(sorted({ctx.agency_name(e.agency_id) for e in events})),
            since=unit.agency.valid_from,
            citation=_C_QMS,
            record_ids=tuple(e.id for e in events),
        ),
    )


# --- R3: at most 3 separate QMS for district divisions ----------------------------------------

_C_DISTRICT = cite(TT26, "6", "3", "b")
DISTRICT_SEPARATE_QMS_LIMIT = 3
"""TT 26 Art. 6.3.b: at most 3 divisions of a district have a QMS of their own."""


@rule(
    "district_separate_qms_limit",
    legal_ref="R3",
    title_vi="Cấp huyện có không quá 3 HTQLCL riêng cho phòng chuyên môn",
    title_en="A district has at most 3 separate QMS for its divisions",
    citation=_C_DISTRICT,
    in_force_to=dt.date(2025, 6, 30),
)
def check_district_separate_qms_limit(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """A district People's Committee has at most 3 separate QMS units for its divisions.

    Legal basis: R3, TT 26/2014/TT-BKHCN Art. 6.3.b (form b: a separate QMS for at most 3
    divisions, plus one common QMS for the rest). Applies to district People's Committees only,
    until 30/06/2025: the district level ended on 01/07/2025 (Luật 72/2025/QH15), so the rule is
    not in force from that day.
    """
    if unit.agency.kind is not AgencyKind.DISTRICT_PEOPLE_COMMITTEE:
        return Outcome.not_applicable(make_reason(R.NOT_A_DISTRICT, record_ids=(unit.id,)))
    separate = sorted(
        q.id
        for division in ctx.children_of(unit.id)
        for q in ctx.qms_units_of(division.id)
        if q.separate_division and q.valid_on(ctx.day) and q.owner_agency_id == division.id
    )
    if len(separate) > DISTRICT_SEPARATE_QMS_LIMIT:
        return Outcome.not_met(
            make_reason(
                R.TOO_MANY_SEPARATE_QMS,
                count=len(separate),
                limit=DISTRICT_SEPARATE_QMS_LIMIT,
                citation=_C_DISTRICT,
                record_ids=tuple(separate),
            )
        )
    return Outcome.met()


# --- R4: scope covers every TTHC ----------------------------------------------------------------

_C_SCOPE = cite(QD19, "3", "1")


@rule(
    "scope_covers_tthc",
    legal_ref="R4",
    title_vi="Phạm vi áp dụng bao quát toàn bộ TTHC của đơn vị",
    title_en="The announced scope covers every administrative procedure of the unit",
    citation=_C_SCOPE,
    requires=Requires.ANNOUNCED,
    policy_fields=("reannouncement_months",),
)
def check_scope_covers_tthc(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """The latest announcement's scope includes every TTHC in force for the QMS's agencies.

    Legal basis: R4, QĐ 19/2014/QĐ-TTg Art. 3.1; TT 26/2014/TT-BKHCN Art. 3.1 (the published
    TTHC). The required procedures are those in force and handled on the effective day by an
    agency the QMS covers (dated `Tthc.assignments` or the undated `agency_ids`). A TTHC that
    entered the scope after the last announcement (published, or passed to one of the QMS's
    agencies) is "not yet due" until the re-announcement deadline of the policy
    (`reannouncement_months`, default 3 months, a Civil Code time limit), and belongs to a later
    period when that deadline is after this one.
    """
    latest = unit.announced[-1]
    # `ctx.tthc_required` for the codes outside the scope only: a code in the scope is covered
    # whichever procedure of that code is required (most units' scope holds every one)
    required = ctx.tthc_required(unit.qms_unit, ctx.day, skip=frozenset(latest.scope_tthc))
    outside = required.keys()
    if not outside:
        return Outcome.met()
    due: dict[str, dt.date] = {}  # procedures new in scope since the announcement: due by then
    for c in outside:
        t = required[c]
        since = (  # the undated form is handled for the procedure's whole life
            ctx.in_scope_since(unit.qms_unit, t, ctx.day) or t.published_on
            if t.assignments
            else t.published_on
        )
        if since > latest.date:
            due[c] = reannouncement_deadline(ctx, since).due
    # a procedure whose re-announcement falls due after the period is a duty of a later period
    missing = sorted(c for c in outside if due.get(c, ctx.day) <= ctx.period.end)
    if not missing:
        return Outcome.met()
    pending = [c for c in missing if c in due and due[c] > ctx.as_of]
    reason = make_reason(
        R.SCOPE_MISSING_TTHC,
        count=len(missing),
        codes=tuple(missing),
        citation=_C_SCOPE,
        record_ids=(latest.id, *(required[c].id for c in missing)),
    )
    status = RuleStatus.NOT_YET_DUE if len(pending) == len(missing) else RuleStatus.NOT_MET
    return Outcome(status, (reason,))


# --- R6: build -> apply -> announce ---------------------------------------------------------------

_C_ORDER = cite(QD19, "4", "2")
_MISSING = {
    ActivityKind.DOCUMENT_APPROVAL: R.BEFORE_ANNOUNCEMENT_DOCUMENTS_NOT_APPROVED,
    ActivityKind.INTERNAL_AUDIT: R.BEFORE_ANNOUNCEMENT_INTERNAL_AUDIT_MISSING,
    ActivityKind.MANAGEMENT_REVIEW: R.BEFORE_ANNOUNCEMENT_MANAGEMENT_REVIEW_MISSING,
    ActivityKind.EFFECTIVENESS_CONFIRMATION: R.BEFORE_ANNOUNCEMENT_CONFIRMATION_MISSING,
}
"""The reason of each step of QĐ 19 Art. 4.2 missing before an announcement."""


@rule(
    "build_apply_announce_order",
    legal_ref="R6",
    title_vi="Công bố sau khi ban hành tài liệu, đánh giá nội bộ, xem xét của lãnh đạo và xác nhận hiệu lực",
    title_en="Announced only after approval, internal audit, management review and confirmation",
    citation=_C_ORDER,
    requires=Requires.ANNOUNCED,
    policy_fields=("enforce_step_order", "missing_history", "steps_presumed_before"),
)
def check_build_apply_announce_order(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """The first announcement follows approval, an internal audit, a review and the confirmation.

    Legal basis: R6, QĐ 19/2014/QĐ-TTg Art. 4.2.a-d and 4.3; TT 26/2014/TT-BKHCN Art. 7.2.
    Each step must exist on or before the announcement date; with `enforce_step_order` (default)
    they must also be in order: audit ≤ review ≤ confirmation ≤ announcement (inferred [U]).
    A step the registry could not show is presumed (`step_presumed`, as for `qms_in_effect`);
    the order is then not checked (nothing recorded to order).
    """
    qms = unit.qms_unit
    initial = [a for a in unit.announced if a.reason is AnnouncementReason.INITIAL]
    ann = (initial or list(unit.announced))[0]
    reasons = list(missing_steps(ctx, qms, ann))
    presumed = presumed_steps(ctx, qms, ann)
    if not reasons and presumed:
        return Outcome.met(*presumed)
    if not reasons and ctx.policy.enforce_step_order:
        on = ann.date
        steps = _steps_before(ctx, qms, on)
        confirmation = max(steps.confirmations)
        ok_reviews = [d for d in steps.reviews if d <= confirmation]
        ok_audits = [d for d in steps.audits if ok_reviews and d <= max(ok_reviews)]
        if not ok_reviews or not ok_audits:
            reasons.append(
                make_reason(
                    R.STEPS_OUT_OF_ORDER, citation=_C_ORDER, record_ids=(ann.id,), deadline=on
                )
            )
    return Outcome.not_met(*reasons) if reasons else Outcome.met()


def _steps_before(ctx: EvaluationContext, qms: QmsUnit, on: dt.date) -> StepsBefore:
    every = all_steps(ctx, qms)
    return StepsBefore(*([d for d in dates if d <= on] for dates in every))


def missing_steps(ctx: EvaluationContext, qms: QmsUnit, ann: Announcement) -> tuple[Reason, ...]:
    """Why `ann` cannot put the QMS in effect: each step of QĐ 19 Art. 4.2.a-d missing before it.

    A step the registry could not show (`kit.step_gaps`, presumed) is no reason.
    """
    on = ann.date
    return tuple(
        make_reason(
            _MISSING[gap.kind],
            date=on,
            citation=cite(QD19, "4", "2", gap.point),
            record_ids=(ann.id,),
            deadline=on,
        )
        for gap in step_gaps(ctx, qms, ann)
        if not gap.presumed
    )


# --- R7: the announcement's three duties ----------------------------------------------------------

_C_DUTIES = cite(QD19, "4", "3")
_NOTICE = DutyCodes(R.LEAD_UNIT_NOTICE_LATE, R.LEAD_UNIT_NOTICE_MISSING, R.LEAD_UNIT_NOTICE_PENDING)
_POSTING = DutyCodes(R.OFFICE_POSTING_LATE, R.OFFICE_POSTING_MISSING, R.OFFICE_POSTING_PENDING)
_ONLINE = DutyCodes(
    R.ONLINE_PUBLICATION_LATE, R.ONLINE_PUBLICATION_MISSING, R.ONLINE_PUBLICATION_PENDING
)


@rule(
    "announcement_duties",
    legal_ref="R7",
    title_vi="Sau công bố: thông báo đơn vị chủ trì, niêm yết tại trụ sở, đăng tải trên trang thông tin điện tử",
    title_en="After announcing: notify the lead unit, post at the office, publish online",
    citation=_C_DUTIES,
    requires=Requires.ANNOUNCED,
    policy_fields=("announcement_duty_working_days", "extra_holidays", "extra_working_days"),
)
def check_announcement_duties(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """Each announcement made (or in effect) in the period was notified, posted and published.

    Legal basis: R7, QĐ 19/2014/QĐ-TTg Art. 4.3; TT 26/2014/TT-BKHCN Art. 7.2.h, 36.2.c. The law
    sets no deadline: by default each duty is due by the end of the period of the announcement;
    `announcement_duty_working_days` sets one in working days (Vietnamese calendar).
    """
    in_scope = [a for a in unit.announced if a.date >= ctx.period.start] or [unit.announced[-1]]
    days = ctx.policy.announcement_duty_working_days
    duties: list[Duty] = []
    for ann in in_scope:
        if days is not None:
            deadline = ctx.calendar.add_working_days(ann.date, days)
        else:
            deadline = ctx.policy.event_period_end(ann.date)
        checks = [(_NOTICE, ann.lead_unit_notified_on), (_POSTING, ann.posted_at_office_on)]
        if not ann.no_website:
            checks.append((_ONLINE, ann.published_online_on))
        for codes, done in checks:
            if not ctx.relevant(deadline, done) and deadline < ctx.period.start:
                continue
            duties.append(
                duty(
                    ctx,
                    deadline,
                    done,
                    codes,
                    citation=_C_DUTIES,
                    record_ids=(ann.id,),
                    decision=ann.decision_number,
                )
            )
    return Outcome.combined(duties)


# --- R8: no third-party certification ------------------------------------------------------------

_C_CERT = cite(QD19, "4")


@rule(
    "no_third_party_certification",
    legal_ref="R8",
    title_vi="Không thuê tổ chức chứng nhận",
    title_en="No third-party certification",
    citation=_C_CERT,
    grace=False,  # a prohibition: nothing to get ready, a new unit breaches it like any other
)
def check_no_third_party_certification(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """The unit did not hire a certification body (certification, surveillance, recertification).

    Legal basis: R8, QĐ 19/2014/QĐ-TTg Art. 4, the paragraph before the last (from 18/05/2014).
    Recorded as an
    activity of kind `third_party_certification` in the period.
    """
    since = max(QD19_EFFECTIVE_DATE, ctx.period.start)
    hits = [
        a
        for a in ctx.activities_of(unit.id)
        if a.kind is ActivityKind.THIRD_PARTY_CERTIFICATION and since <= a.date <= ctx.day
    ]
    if hits:
        return Outcome.not_met(
            make_reason(
                R.THIRD_PARTY_CERTIFICATION,
                citation=_C_CERT,
                record_ids=tuple(a.id for a in hits),
            )
        )
    return Outcome.met()


# --- R12: accepted standard version ------------------------------------------------------------------

_C_VERSION = cite(QD19, "4")


@rule(
    "accepted_standard_version",
    legal_ref="R12",
    title_vi="Áp dụng phiên bản tiêu chuẩn được chấp nhận (TCVN ISO 9001:2015)",
    title_en="The QMS is announced on an accepted edition of the standard",
    citation=_C_VERSION,
    requires=Requires.ANNOUNCED,
    basis=RuleBasis.READING,
    policy_fields=("iso2008_accepted_until", "iso2015_accepted_until", "iso2026_accepted_from"),
)
def check_accepted_standard_version(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """The announcement in effect is on an edition the policy accepts on the effective day.

    Legal basis: R12, QĐ 19/2014/QĐ-TTg Art. 4 (last paragraph: a revised standard follows Bộ
    KH&CN guidance); Công văn 419/BKHCN-TĐC of 21/02/2018 (convert from 2008 by 30/06/2021).
    The editions and the days they are accepted are rows of the legal basis (`ctx.laws`); the
    policy's `iso2008_accepted_until`, `iso2015_accepted_until` and `iso2026_accepted_from`
    override them (a documented reading until Bộ KH&CN sets dates for the 2026 edition).
    """
    latest = unit.announced[-1]
    start, end = ctx.policy.acceptance(latest.standard, ctx.laws)
    if start is not None and start <= ctx.day and (end is None or ctx.day <= end):
        return Outcome.met()
    if start is None or ctx.day < start:
        problem, deadline = VersionProblem.NOT_YET_ACCEPTED, None
    elif latest.standard is StandardVersion.ISO9001_2008:
        problem, deadline = VersionProblem.NO_LONGER_ACCEPTED, end
    else:
        problem, deadline = VersionProblem.TRANSITION_OVER, end
    citation = (
        cite("Công văn 419/BKHCN-TĐC")
        if latest.standard is StandardVersion.ISO9001_2008
        else _C_VERSION
    )
    return Outcome.not_met(
        make_reason(
            R.STANDARD_VERSION_NOT_ACCEPTED,
            standard=latest.standard,
            problem=problem,
            day=ctx.day,
            citation=citation,
            record_ids=(latest.id,),
            deadline=deadline,
        )
    )


# --- e-ISO: the head applies IT to the QMS (QĐ 19 Art. 11.4) ------------------------------------

_C_EISO = cite(QD19, "11", "4")


@rule(
    "eiso_use",
    legal_ref="R14",
    title_vi="Vận hành HTQLCL trên phần mềm ISO điện tử",
    title_en="The QMS runs on e-ISO software",
    citation=_C_EISO,
    requires=Requires.ANNOUNCED,
    basis=RuleBasis.PRACTICE,
)
def check_eiso_use(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """The announced QMS runs on e-ISO software on the effective day.

    Basis: QĐ 19/2014/QĐ-TTg Art. 11.4 (the head researches and applies information technology
    to the QMS) is the legal hook; the law names no software, so this is good practice that
    provincial reports count ("ISO điện tử"), never part of the "completed" verdict by default.
    """
    if unit.qms_unit.uses_eiso_on(ctx.day):
        return Outcome.met()
    return Outcome.not_met(
        make_reason(R.NOT_ON_EISO, day=ctx.day, citation=_C_EISO, record_ids=(unit.id,))
    )
