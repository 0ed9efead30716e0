"""Duties of the province (UBND tỉnh, Sở KH&CN and the inspecting unit), legal rules R16-R24.

Importing the agency rules' helpers from `statutory` also registers those rules first, so the
registry lists agency duties before province duties.
"""

from __future__ import annotations

import datetime as dt

from vn_iso_qms._internal.evaluation.context import EvaluationContext
from vn_iso_qms._internal.evaluation.registry import RuleScope, rule
from vn_iso_qms._internal.evaluation.result import (
    QD19,
    TT26,
    ActivityStatus,
    Citation,
    Reason,
    RuleResult,
    Status,
    cite,
)
from vn_iso_qms._internal.evaluation.statutory import _d, _result
from vn_iso_qms._internal.vocab import InspectionForm, ObligationClass, StatutoryReportKind


def inspection_population(ctx: EvaluationContext, province_id: str) -> list[str]:
    """Agencies of the province that must be inspected in the period (TT 26 Art. 33.2).

    Mandatory agencies existing on the effective day; with the policy's
    `inspection_includes_encouraged`, also encouraged units that applied a QMS.
    """
    out: list[str] = []
    for agency in ctx.agencies_in(province_id):
        if not agency.valid_on(ctx.day):
            continue
        obligation = ctx.obligation(agency)
        if obligation is ObligationClass.MANDATORY or (
            ctx.policy.inspection_includes_encouraged
            and obligation is ObligationClass.ENCOURAGED
            and ctx.qms_of(agency.id) is not None
        ):
            out.append(agency.id)
    return sorted(out)


_C_COVERAGE = cite(TT26, "33", "2")


@rule(
    "inspection_coverage",
    legal_ref="R18",
    title_vi="Kiểm tra hằng năm: mọi cơ quan bắt buộc ít nhất qua hồ sơ, tối thiểu 1/3 tại trụ sở",
    title_en="Yearly inspection: every obliged agency at least by desk review, at least 1/3 on site",
    citation=_C_COVERAGE,
    scope=RuleScope.PROVINCE,
    policy_fields=("inspection_rounding", "inspection_includes_encouraged", "period"),
)
def check_inspection_coverage(ctx: EvaluationContext, province_id: str) -> RuleResult:
    """Every obliged agency is inspected in the period, and at least 1/3 of them on site.

    Legal basis: R18, TT 26/2014/TT-BKHCN Art. 33.2.a (all by desk review at least) and 33.2.b
    (at least 1/3 on site). The 1/3 is rounded by `inspection_rounding` (default up; Q5); the
    population is the mandatory agencies existing on the effective day (plus encouraged units
    with a QMS when `inspection_includes_encouraged`).
    """
    rid = "inspection_coverage"
    population = inspection_population(ctx, province_id)
    if not population:
        return _result(
            rid,
            province_id,
            Status.NOT_APPLICABLE,
            _C_COVERAGE,
            Reason(
                code="no_obliged_agency",
                message_vi="Không có cơ quan thuộc đối tượng bắt buộc",
                message_en="No obliged agency in the province",
            ),
        )
    inspected: dict[str, set[InspectionForm]] = {}
    for agency_id in population:
        for insp in ctx.inspections_of.get(agency_id, ()):
            if ctx.period.start <= insp.inspected_on <= ctx.day:
                inspected.setdefault(agency_id, set()).add(insp.form)
    on_site = sorted(a for a, forms in inspected.items() if InspectionForm.ON_SITE in forms)
    missing = sorted(set(population) - set(inspected))
    needed = ctx.policy.inspection_rounding.apply(len(population) / 3)
    pending = ctx.as_of < ctx.period.end
    reasons: list[Reason] = [
        Reason(
            code="coverage_figures",
            message_vi=(
                f"{len(population)} cơ quan thuộc đối tượng; đã kiểm tra {len(inspected)}, "
                f"trong đó tại trụ sở {len(on_site)} (tối thiểu {needed})"
            ),
            message_en=(
                f"{len(population)} obliged agencies; {len(inspected)} inspected, "
                f"{len(on_site)} on site (minimum {needed})"
            ),
            citation=_C_COVERAGE,
            record_ids=tuple(on_site),
        )
    ]
    if missing:
        reasons.append(
            Reason(
                code="agencies_not_inspected",
                message_vi=f"{len(missing)} cơ quan chưa được kiểm tra (kể cả qua hồ sơ): {', '.join(missing)}",
                message_en=f"{len(missing)} agencies not inspected, not even by desk review: {', '.join(missing)}",
                citation=cite(TT26, "33", "2", "a"),
                record_ids=tuple(missing),
                deadline=ctx.period.end,
            )
        )
    if len(on_site) < needed:
        reasons.append(
            Reason(
                code="on_site_below_one_third",
                message_vi=f"Kiểm tra tại trụ sở {len(on_site)} < {needed} (1/3 của {len(population)})",
                message_en=f"{len(on_site)} on-site inspections < {needed} (1/3 of {len(population)})",
                citation=cite(TT26, "33", "2", "b"),
                deadline=ctx.period.end,
            )
        )
    status = (
        Status.MET if len(reasons) == 1 else (Status.NOT_YET_DUE if pending else Status.NOT_MET)
    )
    return _result(rid, province_id, status, _C_COVERAGE, *reasons)


def _report_rule(
    ctx: EvaluationContext,
    province_id: str,
    *,
    rule_id: str,
    kind: StatutoryReportKind,
    due: dt.date,
    citation: Citation,
) -> RuleResult:
    reports = [
        r
        for r in ctx.statutory.get(province_id, ())
        if r.kind is kind and r.year == ctx.period.year
    ]
    report = reports[0] if reports else None
    status = ctx.judge(due, report.submitted_on if report else None)
    if status is ActivityStatus.ON_TIME and report is not None:
        return _result(
            rule_id,
            province_id,
            Status.MET,
            citation,
            Reason(
                code="report_submitted",
                message_vi=f"{kind.label_vi}: đã gửi ngày {_d(report.submitted_on)}",
                message_en=f"{kind.label_en}: submitted on {report.submitted_on.isoformat()}",
                citation=citation,
                record_ids=(report.id,),
                deadline=due,
            ),
        )
    mapping = {
        ActivityStatus.LATE: (Status.NOT_MET, "report_late"),
        ActivityStatus.OVERDUE: (Status.NOT_MET, "report_missing"),
        ActivityStatus.NOT_YET_DUE: (Status.NOT_YET_DUE, "report_pending"),
    }
    out_status, code = mapping[status]
    return _result(
        rule_id,
        province_id,
        out_status,
        citation,
        Reason(
            code=code,
            message_vi=f"{kind.label_vi} năm {ctx.period.year}: {status.label_vi.lower()} (hạn {_d(due)})",
            message_en=f"{kind.label_en} for {ctx.period.year}: {status.label_en.lower()} (due {due.isoformat()})",
            citation=citation,
            record_ids=(report.id,) if report else (),
            deadline=due,
        ),
    )


_C_NOV = cite(TT26, "38", "1")
_C_DEC = cite(QD19, "12", "6")


@rule(
    "november_inspection_report",
    legal_ref="R24",
    title_vi="Báo cáo kết quả kiểm tra trong tháng 11",
    title_en="Inspection results reported in November",
    citation=_C_NOV,
    scope=RuleScope.PROVINCE,
    policy_fields=("november_report_day",),
)
def check_november_inspection_report(ctx: EvaluationContext, province_id: str) -> RuleResult:
    """The inspection-results report of the period's year is submitted by November.

    Legal basis: R24, TT 26/2014/TT-BKHCN Art. 38.1 (in November; Art. 38.2 allows it right after
    the inspections, so any earlier date counts). The day is `november_report_day` (default 30).
    """
    due = dt.date(ctx.period.year, 11, ctx.policy.november_report_day)
    return _report_rule(
        ctx,
        province_id,
        rule_id="november_inspection_report",
        kind=StatutoryReportKind.NOVEMBER_INSPECTION,
        due=due,
        citation=_C_NOV,
    )


@rule(
    "december_status_report",
    legal_ref="R24",
    title_vi="Báo cáo tình hình xây dựng, áp dụng HTQLCL trong tháng 12 (Phụ lục II)",
    title_en="QMS status report (Annex II) submitted in December",
    citation=_C_DEC,
    scope=RuleScope.PROVINCE,
    policy_fields=("december_report_day",),
)
def check_december_status_report(ctx: EvaluationContext, province_id: str) -> RuleResult:
    """The December status report (QĐ 19 Phụ lục II) of the period's year is submitted by December.

    Legal basis: R24, QĐ 19/2014/QĐ-TTg Art. 12.6; TT 26/2014/TT-BKHCN Art. 42.4. The day is
    `december_report_day` (default 31).
    """
    due = dt.date(ctx.period.year, 12, ctx.policy.december_report_day)
    return _report_rule(
        ctx,
        province_id,
        rule_id="december_status_report",
        kind=StatutoryReportKind.DECEMBER_STATUS,
        due=due,
        citation=_C_DEC,
    )


_C_PLAN = cite(QD19, "6")
_C_IPLAN = cite(TT26, "34", "1", "b")


def _plan_rule(
    ctx: EvaluationContext,
    province_id: str,
    rule_id: str,
    citation: Citation,
    found: list[tuple[str, dt.date]],
    what_vi: str,
    what_en: str,
) -> RuleResult:
    approved = [(i, d) for i, d in found if d <= ctx.as_of]
    if approved:
        record_id, day = approved[0]
        return _result(
            rule_id,
            province_id,
            Status.MET,
            citation,
            Reason(
                code="plan_approved",
                message_vi=f"{what_vi} năm {ctx.period.year} được phê duyệt ngày {_d(day)}",
                message_en=f"The {what_en} for {ctx.period.year} was approved on {day.isoformat()}",
                citation=citation,
                record_ids=(record_id,),
            ),
        )
    pending = ctx.as_of < ctx.period.end
    return _result(
        rule_id,
        province_id,
        Status.NOT_YET_DUE if pending else Status.NOT_MET,
        citation,
        Reason(
            code="plan_missing",
            message_vi=f"Chưa có {what_vi.lower()} năm {ctx.period.year} được phê duyệt",
            message_en=f"No approved {what_en} for {ctx.period.year}",
            citation=citation,
            deadline=ctx.period.end,
        ),
    )


@rule(
    "annual_plan_approved",
    legal_ref="R16",
    title_vi="Kế hoạch triển khai hằng năm được UBND tỉnh phê duyệt",
    title_en="The yearly implementation plan is approved",
    citation=_C_PLAN,
    scope=RuleScope.PROVINCE,
)
def check_annual_plan_approved(ctx: EvaluationContext, province_id: str) -> RuleResult:
    """The province has an approved implementation plan for the period's year.

    Legal basis: R16, QĐ 19/2014/QĐ-TTg Art. 6 and 12.4.a (the plan, approved by the Chủ tịch
    UBND tỉnh). No deadline is set: missing is "not yet due" until the period ends.
    """
    found = sorted(
        (p.id, p.approved_on)
        for p in ctx.plans.values()
        if p.province_id == province_id and p.year == ctx.period.year
    )
    return _plan_rule(
        ctx,
        province_id,
        "annual_plan_approved",
        _C_PLAN,
        found,
        "Kế hoạch triển khai",
        "implementation plan",
    )


@rule(
    "inspection_plan_approved",
    legal_ref="R17",
    title_vi="Kế hoạch kiểm tra hằng năm (Mẫu 19 KHKT) được phê duyệt",
    title_en="The yearly inspection plan (Form 19) is approved",
    citation=_C_IPLAN,
    scope=RuleScope.PROVINCE,
)
def check_inspection_plan_approved(ctx: EvaluationContext, province_id: str) -> RuleResult:
    """The province has an approved inspection plan for the period's year.

    Legal basis: R17, TT 26/2014/TT-BKHCN Art. 34.1.b (drafted by the inspecting unit, approved
    by UBND tỉnh), Art. 34.2 (its fields).
    """
    found = sorted(
        (p.id, p.approved_on)
        for p in ctx.dataset.inspection_plans
        if p.province_id == province_id and p.year == ctx.period.year
    )
    return _plan_rule(
        ctx,
        province_id,
        "inspection_plan_approved",
        _C_IPLAN,
        found,
        "Kế hoạch kiểm tra",
        "inspection plan",
    )
