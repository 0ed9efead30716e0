"""Duties of the province (UBND tỉnh, Sở KH&CN and the inspecting unit), legal rules R16-R24."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from vn_iso_qms._internal.evaluation.calendar import add_days
from vn_iso_qms._internal.evaluation.context import EvaluationContext
from vn_iso_qms._internal.evaluation.kit import (
    DutyCodes,
    Outcome,
    RuleBasis,
    RuleScope,
    duty,
    make_reason,
    province_life,
    rule,
)
from vn_iso_qms._internal.evaluation.law import QD19, TT26, Citation, cite
from vn_iso_qms._internal.evaluation.policy import InspectionUnit
from vn_iso_qms._internal.evaluation.reasons import ProvincePlan, ReasonCode, TthcChange
from vn_iso_qms._internal.evaluation.status import ActivityStatus, RuleStatus
from vn_iso_qms._internal.qms import Tthc, TthcListUpdate
from vn_iso_qms._internal.vocab import (
    AgencyKind,
    InspectionForm,
    ObligationClass,
    StatutoryReportKind,
)

R = ReasonCode


@dataclass(frozen=True, slots=True)
class InspectionSubject:
    """One thing the province must inspect.

    A QMS with the agencies it covers, or an obliged agency that has no QMS.
    """

    id: str
    """The owner agency of the QMS, or the agency without one (reports name it)."""
    qms_id: str | None
    """The QMS, when there is one."""
    agency_ids: tuple[str, ...]
    """The agencies an inspection of any of which inspects the subject."""


_INSPECTED_BY_MINISTRY = frozenset({AgencyKind.VERTICAL_LINE_AGENCY, AgencyKind.PROVINCIAL_POLICE})
"""Local units of ministries: in the ministry's inspection plan (TT 26 Art. 34.1.a)."""


def inspection_subjects(ctx: EvaluationContext, province_id: str) -> tuple[InspectionSubject, ...]:
    """What the province must inspect in the period (TT 26 Art. 33.2): agencies, or QMS.

    The obliged agencies existing on the effective day (with the policy's
    `inspection_includes_encouraged`, also encouraged units that applied a QMS). By default
    (`Policy.inspection_unit` `agency`) one subject per agency, as Art. 33.2 counts ("cơ
    quan"); each is inspected when any agency its QMS covers is (divisions sharing their
    district committee's QMS, TT 26 Art. 6.3.a, are inspected with it). With `qms`, the
    agencies are grouped by the QMS that covers them, one subject per QMS. Vertical-line agencies and the provincial police (read as one) are
    left out: their ministry plans their inspection (TT 26 Art. 34.1.a). A province that ended
    during the period is counted on its last day, with its own units (`province_day`).
    """

    def build() -> tuple[InspectionSubject, ...]:
        subjects: dict[str, InspectionSubject] = {}
        by_agency = ctx.policy.inspection_unit is InspectionUnit.AGENCY
        day = ctx.province_day(province_id)
        for agency in ctx.agencies_in(province_id):
            if not agency.valid_on(day) or agency.kind in _INSPECTED_BY_MINISTRY:
                continue
            obligation = ctx.obligation(agency, day)
            qms = ctx.qms_on(agency.id, day)
            if obligation is ObligationClass.MANDATORY or (
                ctx.policy.inspection_includes_encouraged
                and obligation is ObligationClass.ENCOURAGED
                and qms is not None
            ):
                if qms is None:
                    subjects[agency.id] = InspectionSubject(agency.id, None, (agency.id,))
                elif by_agency:
                    subjects[agency.id] = InspectionSubject(agency.id, qms.id, qms.agency_ids)
                else:
                    subjects[qms.owner_agency_id] = InspectionSubject(
                        qms.owner_agency_id, qms.id, qms.agency_ids
                    )
        return tuple(subjects[k] for k in sorted(subjects))

    return ctx.memo(("rules_province.inspection_subjects", province_id), build)


def inspection_population(ctx: EvaluationContext, province_id: str) -> list[str]:
    """The ids of the subjects the province must inspect in the period.

    See [`inspection_subjects`][vn_iso_qms.rules.inspection_subjects].
    """
    return [s.id for s in inspection_subjects(ctx, province_id)]


_C_COVERAGE = cite(TT26, "33", "2")


@rule(
    "inspection_coverage",
    legal_ref="R18",
    title_vi="Kiểm tra hằng năm: mọi cơ quan bắt buộc ít nhất qua hồ sơ, tối thiểu 1/3 tại trụ sở",
    title_en="Yearly inspection: every obliged agency at least by desk review, at least 1/3 on site",
    citation=_C_COVERAGE,
    scope=RuleScope.PROVINCE,
    policy_fields=(
        "inspection_rounding",
        "inspection_includes_encouraged",
        "inspection_unit",
        "period",
    ),
)
def check_inspection_coverage(ctx: EvaluationContext, province_id: str) -> Outcome:
    """Every obliged agency is inspected in the period, and at least 1/3 of them on site.

    Legal basis: R18, TT 26/2014/TT-BKHCN Art. 33.2.a (all by desk review at least) and 33.2.b
    (at least 1/3 on site). The 1/3 is rounded by `inspection_rounding` (default up; Q5); the
    population is the obliged agencies existing on the effective day (one subject per agency
    as the text counts, or per QMS: `inspection_unit`),
    vertical-line agencies left out (see `inspection_subjects`); a subject is inspected when any
    agency its QMS covers is. The first reason, `coverage_figures`,
    carries the figures (population, inspected, on site, minimum) and lists the population in
    its record ids: the province report reads its minimum from there.

    Across the 2025 reform (Resolution 202/2025/QH15), each province counts only its own
    period: a province that ended before the period's end is not held to the duty (its figures,
    taken on its last day, are shown with the reason naming its successor); a province
    established during the period counts inspections from its first day.
    """
    ended = province_life(ctx, province_id, ctx.period.end)
    subjects = inspection_subjects(ctx, province_id)
    population = [s.id for s in subjects]
    if not population:
        return ended or Outcome.not_applicable(make_reason(R.NO_OBLIGED_AGENCY))
    unit = ctx.admin_unit(province_id)
    start = ctx.period.start
    if unit is not None and unit.valid_from is not None:
        start = max(start, unit.valid_from)
    last = ctx.province_day(province_id)
    inspected: dict[str, set[InspectionForm]] = {}
    for subject in subjects:
        for agency_id in subject.agency_ids:
            for insp in ctx.inspections_of(agency_id):
                if start <= insp.inspected_on <= last:
                    inspected.setdefault(subject.id, set()).add(insp.form)
    on_site = sorted(a for a, forms in inspected.items() if InspectionForm.ON_SITE in forms)
    missing = sorted(set(population) - set(inspected))
    needed = ctx.policy.inspection_rounding.apply(len(population) / 3)
    figures = make_reason(
        R.COVERAGE_FIGURES,
        population=len(population),
        inspected=len(inspected),
        on_site=len(on_site),
        needed=needed,
        citation=_C_COVERAGE,
        record_ids=tuple(population),
    )
    shortfalls = []
    if missing:
        shortfalls.append(
            make_reason(
                R.AGENCIES_NOT_INSPECTED,
                count=len(missing),
                units=tuple(ctx.agency_name(a) for a in missing),
                citation=cite(TT26, "33", "2", "a"),
                record_ids=tuple(missing),
                deadline=ctx.period.end,
            )
        )
    if len(on_site) < needed:
        shortfalls.append(
            make_reason(
                R.ON_SITE_BELOW_ONE_THIRD,
                on_site=len(on_site),
                needed=needed,
                population=len(population),
                citation=cite(TT26, "33", "2", "b"),
                record_ids=tuple(on_site),
                deadline=ctx.period.end,
            )
        )
    if ended is not None:
        return Outcome.not_applicable(figures, *ended.reasons)
    if not shortfalls:
        return Outcome.met(figures)
    return Outcome.due_at_period_end(ctx, figures, *shortfalls)


_REPORT = DutyCodes(R.REPORT_LATE, R.REPORT_MISSING, R.REPORT_PENDING)


def _within_life(ctx: EvaluationContext, province_id: str, due: dt.date, found: Outcome) -> Outcome:
    """`found`, or "not applicable" when the duty falls due outside the province's life.

    A duty met stays met (a report or plan on record is a fact); otherwise a province that
    ended before `due`, or was established after it, is not held to it (`province_life`).
    """
    if found.status is RuleStatus.MET:
        return found
    return province_life(ctx, province_id, due) or found


def _report_outcome(
    ctx: EvaluationContext,
    province_id: str,
    kind: StatutoryReportKind,
    due: dt.date,
    citation: Citation,
) -> Outcome:
    return _within_life(ctx, province_id, due, _report(ctx, province_id, kind, due, citation))


def _report(
    ctx: EvaluationContext,
    province_id: str,
    kind: StatutoryReportKind,
    due: dt.date,
    citation: Citation,
) -> Outcome:
    report = next(
        (
            r
            for r in ctx.statutory_reports(province_id)
            if r.kind is kind and r.year == ctx.period.year
        ),
        None,
    )
    done = report.submitted_on if report else None
    judged = duty(
        ctx,
        due,
        done,
        _REPORT,
        citation=citation,
        record_ids=(report.id,) if report else (),
        kind=kind,
        year=ctx.period.year,
    )
    if judged.status is ActivityStatus.ON_TIME and report is not None:
        return Outcome.met(
            make_reason(
                R.REPORT_SUBMITTED,
                kind=kind,
                date=report.submitted_on,
                citation=citation,
                record_ids=(report.id,),
                deadline=due,
            )
        )
    return Outcome.combined([judged])


_C_NOV = cite(TT26, "38", "1")
_C_DEC = cite(QD19, "12", "6")


@rule(
    "november_inspection_report",
    legal_ref="R24",
    title_vi="Báo cáo kết quả kiểm tra trong tháng 11",
    title_en="Inspection results reported in November",
    citation=_C_NOV,
    scope=RuleScope.PROVINCE,
    basis=RuleBasis.READING,
    policy_fields=("november_report_day",),
)
def check_november_inspection_report(ctx: EvaluationContext, province_id: str) -> Outcome:
    """The inspection-results report of the period's year is submitted by November.

    Legal basis: R24, TT 26/2014/TT-BKHCN Art. 38.1 (in November; Art. 38.2 allows it right after
    the inspections, so any earlier date counts). The day is `november_report_day` (default 30):
    the text names only the month. A province that ended before the day is not held to it; one
    established before it is (Resolution 202/2025/QH15: the new provinces from 01/07/2025).
    """
    due = dt.date(ctx.period.year, 11, ctx.policy.november_report_day)
    return _report_outcome(ctx, province_id, StatutoryReportKind.NOVEMBER_INSPECTION, due, _C_NOV)


@rule(
    "december_status_report",
    legal_ref="R24",
    title_vi="Báo cáo tình hình xây dựng, áp dụng HTQLCL trong tháng 12 (Phụ lục II)",
    title_en="QMS status report (Annex II) submitted in December",
    citation=_C_DEC,
    scope=RuleScope.PROVINCE,
    basis=RuleBasis.READING,
    policy_fields=("december_report_day",),
)
def check_december_status_report(ctx: EvaluationContext, province_id: str) -> Outcome:
    """The December status report (QĐ 19 Phụ lục II) of the period's year is submitted by December.

    Legal basis: R24, QĐ 19/2014/QĐ-TTg Art. 12.6; TT 26/2014/TT-BKHCN Art. 42.4. The day is
    `december_report_day` (default 31): the text names only the month. A province that ended
    before the day is not held to it; one established before it is.
    """
    due = dt.date(ctx.period.year, 12, ctx.policy.december_report_day)
    return _report_outcome(ctx, province_id, StatutoryReportKind.DECEMBER_STATUS, due, _C_DEC)


def _plan_outcome(
    ctx: EvaluationContext,
    plan_province: str,
    plan: ProvincePlan,
    found: list[tuple[str, dt.date]],
    citation: Citation,
) -> Outcome:
    """Met when a plan of the period's year was approved by `as_of`; due by the period's end.

    A province that ended before the period's end and approved no plan is not held to it.
    """
    return _within_life(ctx, plan_province, ctx.period.end, _plan(ctx, plan, found, citation))


def _plan(
    ctx: EvaluationContext,
    plan: ProvincePlan,
    found: list[tuple[str, dt.date]],
    citation: Citation,
) -> Outcome:
    approved = [(record_id, day) for record_id, day in sorted(found) if day <= ctx.as_of]
    if approved:
        record_id, day = approved[0]
        return Outcome.met(
            make_reason(
                R.PLAN_APPROVED,
                plan=plan,
                year=ctx.period.year,
                date=day,
                citation=citation,
                record_ids=(record_id,),
            )
        )
    return Outcome.due_at_period_end(
        ctx,
        make_reason(
            R.PLAN_MISSING,
            plan=plan,
            year=ctx.period.year,
            citation=citation,
            deadline=ctx.period.end,
        ),
    )


_C_PLAN = cite(QD19, "6")
_C_IPLAN = cite(TT26, "34", "1", "b")


@rule(
    "annual_plan_approved",
    legal_ref="R16",
    title_vi="Kế hoạch triển khai hằng năm được UBND tỉnh phê duyệt",
    title_en="The yearly implementation plan is approved",
    citation=_C_PLAN,
    scope=RuleScope.PROVINCE,
)
def check_annual_plan_approved(ctx: EvaluationContext, province_id: str) -> Outcome:
    """The province has an approved implementation plan for the period's year.

    Legal basis: R16, QĐ 19/2014/QĐ-TTg Art. 6 and 12.4.a (the plan, approved by the Chủ tịch
    UBND tỉnh). No deadline is set: missing is "not yet due" until the period ends.
    """
    found = [
        (p.id, p.approved_on)
        for p in ctx.plans()
        if p.province_id == province_id and p.year == ctx.period.year
    ]
    return _plan_outcome(ctx, province_id, ProvincePlan.IMPLEMENTATION, found, _C_PLAN)


@rule(
    "inspection_plan_approved",
    legal_ref="R17",
    title_vi="Kế hoạch kiểm tra hằng năm (Mẫu 19 KHKT) được phê duyệt",
    title_en="The yearly inspection plan (Form 19) is approved",
    citation=_C_IPLAN,
    scope=RuleScope.PROVINCE,
)
def check_inspection_plan_approved(ctx: EvaluationContext, province_id: str) -> Outcome:
    """The province has an approved inspection plan for the period's year.

    Legal basis: R17, TT 26/2014/TT-BKHCN Art. 34.1.b (drafted by the inspecting unit, approved
    by UBND tỉnh), Art. 34.2 (its fields).
    """
    found = [
        (p.id, p.approved_on)
        for p in ctx.inspection_plans()
        if p.province_id == province_id and p.year == ctx.period.year
    ]
    return _plan_outcome(ctx, province_id, ProvincePlan.INSPECTION, found, _C_IPLAN)


_C_PLAN_COVERAGE = cite(TT26, "34", "2")


@rule(
    "inspection_plan_coverage",
    legal_ref="R17, R18",
    title_vi="Kế hoạch kiểm tra được phê duyệt bao quát mọi đơn vị phải kiểm tra, tối thiểu 1/3 tại trụ sở",
    title_en="The approved inspection plan covers every unit to inspect, at least 1/3 on site",
    citation=_C_PLAN_COVERAGE,
    scope=RuleScope.PROVINCE,
    basis=RuleBasis.READING,
    policy_fields=("inspection_rounding", "inspection_includes_encouraged"),
)
def check_inspection_plan_coverage(ctx: EvaluationContext, province_id: str) -> Outcome:
    """The year's approved inspection plan lists every subject, and at least 1/3 on site.

    Basis: TT 26/2014/TT-BKHCN Art. 34.1.b and 34.2 (the plan names each agency inspected and
    the form) with Art. 33.2 (every obliged agency at least by desk review, at least 1/3 on
    site). That the plan itself must reach the minimum is a reading: the text sets the minimum
    for the year's inspections. Not applicable while no plan of the year is approved (rule
    `inspection_plan_approved` reports that).
    """
    plans = [
        p
        for p in ctx.inspection_plans()
        if p.province_id == province_id and p.year == ctx.period.year and p.approved_on <= ctx.as_of
    ]
    if not plans:
        return Outcome.not_applicable(
            make_reason(
                R.PLAN_MISSING,
                plan=ProvincePlan.INSPECTION,
                year=ctx.period.year,
                citation=_C_IPLAN,
            )
        )
    subjects = inspection_subjects(ctx, province_id)
    planned: dict[str, set[InspectionForm]] = {}
    for entry in (e for p in plans for e in p.entries):
        planned.setdefault(entry.agency_id, set()).add(entry.form)
    covered = [s for s in subjects if any(a in planned for a in s.agency_ids)]
    on_site = [
        s
        for s in subjects
        if any(InspectionForm.ON_SITE in planned.get(a, ()) for a in s.agency_ids)
    ]
    needed = ctx.policy.inspection_rounding.apply(len(subjects) / 3)
    figures = make_reason(
        R.PLAN_COVERAGE_FIGURES,
        population=len(subjects),
        planned=len(covered),
        on_site=len(on_site),
        needed=needed,
        citation=_C_PLAN_COVERAGE,
        record_ids=tuple(p.id for p in plans),
    )
    left_out = [s.id for s in subjects if s not in covered]
    shortfalls = []
    if left_out:
        shortfalls.append(
            make_reason(
                R.PLAN_LEAVES_OUT_UNITS,
                count=len(left_out),
                units=tuple(ctx.agency_name(a) for a in left_out),
                citation=cite(TT26, "33", "2", "a"),
                record_ids=tuple(left_out),
            )
        )
    if len(on_site) < needed:
        shortfalls.append(
            make_reason(
                R.PLAN_ON_SITE_BELOW_ONE_THIRD,
                on_site=len(on_site),
                needed=needed,
                population=len(subjects),
                citation=cite(TT26, "33", "2", "b"),
            )
        )
    return Outcome.not_met(figures, *shortfalls) if shortfalls else Outcome.met(figures)


# --- R5: the province's published list of procedures ---------------------------------------------

_C_LIST = cite(TT26, "4", "3")
_LIST = DutyCodes(R.TTHC_LIST_UPDATE_LATE, R.TTHC_LIST_UPDATE_MISSING, R.TTHC_LIST_UPDATE_PENDING)
LIST_UPDATE_WORKING_DAYS = 5
"""TT 26 Art. 4.3: the list is updated within 5 working days of the decision."""
_LONGEST_WORKING_WEEK = 31
"""More calendar days than 5 working days can span (Tết and its weekends included)."""


@dataclass(frozen=True, slots=True)
class TthcListChange:
    """A change of a procedure that the province's published list must show."""

    day: dt.date
    """The decision's day: publication, abolition, or the start of the new agency's period."""
    change: TthcChange
    """Published, abolished or moved."""
    tthc: Tthc
    """The procedure."""


def tthc_list_changes(
    ctx: EvaluationContext, province_id: str, *, since: dt.date | None = None
) -> tuple[TthcListChange, ...]:
    """Every change of the procedures of the province's agencies, oldest first (TT 26 Art. 4.3).

    A procedure's publication (`published_on`: the publishing decision), its abolition
    (`abolished_on`, read as the abolishing decision's day) and its passing to an agency of the
    province (a dated assignment starting after publication). Procedures handled only by local
    units of ministries are left out: the province's list does not hold them (TT 26 Art. 4.2).
    With `since`, only changes from that day on.
    """
    agencies = [a for a in ctx.agencies_in(province_id) if a.kind not in _INSPECTED_BY_MINISTRY]
    ids = {a.id for a in agencies}
    found: dict[tuple[dt.date, TthcChange, str], TthcListChange] = {}
    seen: set[str] = set()  # a procedure of several agencies gives the same changes for each
    for agency in agencies:
        for t in ctx.tthc_of(agency.id):
            if t.id in seen:
                continue
            seen.add(t.id)
            if (
                since is not None
                and not t.assignments
                and t.published_on < since
                and (t.abolished_on is None or t.abolished_on < since)
            ):
                continue  # no change from `since` on (most procedures)
            events = [(t.published_on, TthcChange.PUBLISHED)]
            if t.abolished_on is not None:
                events.append((t.abolished_on, TthcChange.ABOLISHED))
            events += [
                (a.valid_from, TthcChange.MOVED)
                for a in t.assignments
                if a.agency_id in ids and a.valid_from is not None and a.valid_from > t.published_on
            ]
            for day, change in events:
                if since is not None and day < since:
                    continue
                key = (day, change, t.code)
                if key not in found:
                    found[key] = TthcListChange(day, change, t)
    return tuple(found[k] for k in sorted(found, key=lambda k: (k[0], k[2], k[1].value)))


@rule(
    "tthc_list_updated",
    legal_ref="R5",
    title_vi="Danh mục TTHC trên trang thông tin điện tử cập nhật trong 5 ngày làm việc",
    title_en="The published list of procedures updated within 5 working days",
    citation=_C_LIST,
    scope=RuleScope.PROVINCE,
)
def check_tthc_list_updated(ctx: EvaluationContext, province_id: str) -> Outcome:
    """Each change of a procedure is on the province's published list within 5 working days.

    Legal basis: R5, TT 26/2014/TT-BKHCN Art. 4.3 (within 5 working days of the signing of the
    decision publishing the change; the day of the decision is not counted, Civil Code 2015 Art.
    147). A change is shown by a [`TthcListUpdate`][vn_iso_qms.TthcListUpdate] of the province
    naming the procedure, dated on or after the decision. Only changes whose deadline falls in
    the period are judged: updates of earlier years are seldom on record, and so are only
    changes falling due within the province's life (Resolution 202/2025/QH15).
    """
    # by procedure, oldest first: finding the update that shows a change is a binary search,
    # not a walk over every update (one update per procedure made it quadratic)
    shows: dict[str, tuple[list[dt.date], list[TthcListUpdate]]] = {}
    for u in ctx.tthc_list_updates_of(province_id):
        if u.date > ctx.as_of:
            continue
        for code in dict.fromkeys(u.tthc_codes):
            days, found = shows.setdefault(code, ([], []))
            days.append(u.date)
            found.append(u)
    earliest = add_days(ctx.period.start, -_LONGEST_WORKING_WEEK)
    duties = []
    for change in tthc_list_changes(ctx, province_id, since=earliest):
        if change.day > ctx.day:
            continue  # its deadline falls before the period, or it is not known yet
        due = ctx.calendar.add_working_days(change.day, LIST_UPDATE_WORKING_DAYS)
        if not ctx.period.start <= due <= ctx.period.end:
            continue
        if province_life(ctx, province_id, due) is not None:
            continue  # due after the province ended, or before it was established
        days, found = shows.get(change.tthc.code, ([], []))
        at = bisect.bisect_left(days, change.day)
        shown = found[at] if at < len(found) else None
        duties.append(
            duty(
                ctx,
                due,
                shown.date if shown else None,
                _LIST,
                citation=_C_LIST,
                record_ids=(change.tthc.id, *((shown.id,) if shown else ())),
                tthc=change.tthc.code,
                change=change.change,
                date=change.day,
            )
        )
    outcome = Outcome.of_duties(duties, R.NO_TTHC_CHANGE)
    if outcome.status is RuleStatus.MET:
        return Outcome.met(make_reason(R.TTHC_LIST_UP_TO_DATE, count=len(duties)))
    return outcome
