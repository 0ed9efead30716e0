"""The province report: pure functions from an evaluation to figures, each with the units behind it.

Nothing here reads files or the clock; rendering to text formats lives in `render.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from vn_iso_qms._internal.agency import Agency
from vn_iso_qms._internal.base import QmsModel
from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.evaluation.context import EvaluationContext
from vn_iso_qms._internal.evaluation.engine import Evaluation, evaluate, make_context
from vn_iso_qms._internal.evaluation.policy import DEFAULT_POLICY, Period, Policy
from vn_iso_qms._internal.evaluation.province_rules import inspection_population
from vn_iso_qms._internal.evaluation.result import (
    QD19,
    Reason,
    RuleResult,
    Status,
    Verdict,
    VerdictKind,
    cite,
)
from vn_iso_qms._internal.vocab import AdminLevel, AgencyKind, InspectionForm, StandardVersion
from vn_iso_qms._internal.vocab_base import LabelledEnum, Language, register_labels


class ReportBlock(LabelledEnum):
    """The block (khối) a unit is counted in by provincial reports."""

    PROVINCIAL = "provincial"
    """Sở, ban, ngành: UBND tỉnh (with its Văn phòng) and the provincial departments."""
    DISTRICT = "district"
    """UBND cấp huyện (until 30/06/2025)."""
    COMMUNE = "commune"
    """UBND cấp xã."""
    SUB_DEPARTMENT = "sub_department"
    """Chi cục."""
    PUBLIC_SERVICE_UNIT = "public_service_unit"
    """Đơn vị sự nghiệp công lập."""
    CENTRAL = "central"
    """Central and vertical-line agencies."""
    OTHER = "other"
    """Other units listed in the registry (police, land registration office, ...)."""

    @property
    def is_management_level(self) -> bool:
        """Whether the block is one of the management-level blocks (provincial, district, commune)."""
        return self in (ReportBlock.PROVINCIAL, ReportBlock.DISTRICT, ReportBlock.COMMUNE)


register_labels(
    ReportBlock,
    source="Provincial report practice (blocks sở/ngành, quận/huyện, chi cục, xã)",
    labels={
        "provincial": ("Sở, ban, ngành tỉnh", "Provincial departments"),
        "district": ("UBND cấp huyện", "District People's Committees"),
        "commune": ("UBND cấp xã", "Commune People's Committees"),
        "sub_department": ("Chi cục", "Sub-departments"),
        "public_service_unit": ("Đơn vị sự nghiệp công lập", "Public service units"),
        "central": ("Cơ quan trung ương, ngành dọc", "Central and vertical-line agencies"),
        "other": ("Đơn vị khác", "Other units"),
    },
)

_BLOCK_OF: dict[AgencyKind, ReportBlock] = {
    AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE: ReportBlock.PROVINCIAL,
    AgencyKind.PROVINCIAL_DEPARTMENT: ReportBlock.PROVINCIAL,
    AgencyKind.DISTRICT_PEOPLE_COMMITTEE: ReportBlock.DISTRICT,
    AgencyKind.DISTRICT_DIVISION: ReportBlock.DISTRICT,
    AgencyKind.COMMUNE_PEOPLE_COMMITTEE: ReportBlock.COMMUNE,
    AgencyKind.SUB_DEPARTMENT: ReportBlock.SUB_DEPARTMENT,
    AgencyKind.PUBLIC_SERVICE_UNIT: ReportBlock.PUBLIC_SERVICE_UNIT,
    AgencyKind.MINISTRY: ReportBlock.CENTRAL,
    AgencyKind.MINISTERIAL_AGENCY: ReportBlock.CENTRAL,
    AgencyKind.VIETNAM_SOCIAL_SECURITY: ReportBlock.CENTRAL,
    AgencyKind.CENTRAL_DEPARTMENT: ReportBlock.CENTRAL,
    AgencyKind.VERTICAL_LINE_AGENCY: ReportBlock.CENTRAL,
}


def report_block(kind: AgencyKind) -> ReportBlock:
    """The report block of an agency kind."""
    return _BLOCK_OF.get(kind, ReportBlock.OTHER)


class UnitRef(QmsModel):
    """A unit behind a figure: id, name and kind."""

    id: str
    """Agency id."""
    name: str
    """Agency name."""
    kind: AgencyKind
    """Agency kind."""


class Shortfall(QmsModel):
    """A unit that falls short of a figure, with the reasons."""

    unit: UnitRef
    """The unit."""
    status: Status
    """Its status (not met, not yet due)."""
    reasons: tuple[Reason, ...]
    """Why."""


class Figure(QmsModel):
    """One number of the report, the units behind it and the shortfalls."""

    key: str
    """Stable key, e.g. `"completed.provincial"`."""
    label_vi: str
    """Vietnamese label."""
    label_en: str
    """English label."""
    value: int
    """The count."""
    total: int | None = None
    """The denominator, when the figure is a share."""
    units: tuple[UnitRef, ...] = ()
    """The units counted in `value`."""
    shortfalls: tuple[Shortfall, ...] = ()
    """Units in `total` but not in `value`, with their reasons."""
    notes: tuple[Reason, ...] = ()
    """Explanations (e.g. the events that ended units)."""

    @property
    def percent(self) -> float | None:
        """`value / total` as a percentage, or None without a denominator (or when it is 0)."""
        if not self.total:
            return None
        return round(100 * self.value / self.total, 1)

    def label(self, lang: Language = "vi") -> str:
        """The label in `lang`."""
        return self.label_vi if lang == "vi" else self.label_en

    def text(self) -> str:
        """`"134/134 (100.0%)"` or `"165"`."""
        if self.total is None:
            return str(self.value)
        pct = self.percent
        return f"{self.value}/{self.total}" + (f" ({pct:.1f}%)" if pct is not None else "")


class InspectionLine(QmsModel):
    """One inspection in the report (November inspection-results content)."""

    inspection_id: str
    """The inspection."""
    unit: UnitRef
    """The inspected unit."""
    block: ReportBlock
    """Its block."""
    form: InspectionForm
    """Desk or on-site."""
    inspected_on: dt.date
    """Date."""
    compliant: bool
    """Meets QĐ 19 (no unmet checklist item, no nonconformity)."""
    findings: int
    """Number of findings (issues) recorded."""


class StatusRow(QmsModel):
    """One row of the December status report (QĐ 19 Phụ lục II shape as far as known)."""

    block: ReportBlock
    """The block."""
    units: int
    """Units existing at the end of the period."""
    mandatory: int
    """Of which mandatory (QĐ 19 Art. 2.1)."""
    announced: int
    """Units whose QMS has been announced."""
    on_iso_2015: int
    """Units whose announcement in effect is on TCVN ISO 9001:2015."""
    eiso: int
    """Units running their QMS on e-ISO software."""
    completed: int
    """Units "completed" (hoàn thành)."""


class ProvinceReport(QmsModel):
    """The yearly report of one province: every figure computed from records, with its units."""

    province_id: str
    """The province's administrative-unit id."""
    province_name: str
    """Its name."""
    period: Period
    """The period reported."""
    as_of: dt.date
    """The date the figures are known at."""
    policy: Policy
    """The policy used."""
    figures: tuple[Figure, ...]
    """Every figure, in report order."""
    inspections: tuple[InspectionLine, ...]
    """Every inspection of the period (November report content)."""
    status_rows: tuple[StatusRow, ...]
    """The December status report rows, by block."""
    province_results: tuple[RuleResult, ...]
    """The province's duties (coverage, plans, November and December reports)."""

    def figure(self, key: str) -> Figure:
        """The figure with `key`.

        Raises:
            KeyError: when there is none.
        """
        for f in self.figures:
            if f.key == key:
                return f
        raise KeyError(key)


def _ref(agency: Agency) -> UnitRef:
    return UnitRef(id=agency.id, name=agency.name, kind=agency.kind)


def _sorted_refs(agencies: Iterable[Agency]) -> tuple[UnitRef, ...]:
    return tuple(_ref(a) for a in sorted(agencies, key=lambda a: a.id))


def province_report(
    dataset: QmsDataset,
    *,
    province_id: str,
    year: int,
    as_of: dt.date | None = None,
    policy: Policy = DEFAULT_POLICY,
    evaluation: Evaluation | None = None,
    context: EvaluationContext | None = None,
) -> ProvinceReport:
    """Compute the yearly report of one province from its records.

    Args:
        dataset: the records (may hold several provinces).
        province_id: the province's administrative-unit id.
        year: the period's year.
        as_of: the date the figures are known at (default: the period's last day).
        policy: the interpretations in force.
        evaluation: a ready evaluation of the same dataset, year, as_of and policy (computed
            when not given).
        context: a ready context of the same dataset, year, as_of and policy (from
            [`make_context`][vn_iso_qms.make_context]); pass one when reporting on many
            provinces, so the dataset is indexed once.

    Returns:
        The report.

    Raises:
        UnknownRecordError: when the province does not exist.
    """
    from vn_iso_qms._internal.agency import AdministrativeUnit

    province = dataset.get(AdministrativeUnit, province_id)
    period = policy.period_for(year, as_of=as_of)
    as_of = as_of or period.end
    ctx = (
        context
        if context is not None
        else make_context(dataset, as_of=as_of, year=year, policy=policy)
    )
    registry = [a for a in ctx.agencies_in(province_id) if ctx.exists_during_period(a)]
    if evaluation is None:
        wanted_ids = [a.id for a in registry]
        evaluation = evaluate(dataset, as_of=as_of, year=year, policy=policy, agency_ids=wanted_ids)
    return _build(ctx, province.id, province.name, registry, evaluation)


def _build(
    ctx: EvaluationContext,
    province_id: str,
    province_name: str,
    registry: Sequence[Agency],
    ev: Evaluation,
) -> ProvinceReport:
    # Everything below looks up by the registry's units: with one national evaluation, a
    # province's report costs its own size, not the country's.
    verdict = ev.verdict_map()
    ended = [a for a in registry if ctx.ended_in_period(a)]
    ended_ids = {a.id for a in ended}
    alive = [a for a in registry if a.id not in ended_ids]
    applying = [a for a in alive if _announced(ctx, a)]
    figures: list[Figure] = [
        Figure(
            key="registry.total",
            label_vi="Cơ quan, đơn vị trong danh sách",
            label_en="Agencies and units in the registry",
            value=len(registry),
            units=_sorted_refs(registry),
        ),
        Figure(
            key="registry.ended",
            label_vi="Đơn vị giải thể, sáp nhập trong kỳ",
            label_en="Units dissolved or merged during the period",
            value=len(ended),
            units=_sorted_refs(ended),
            notes=tuple(
                verdict[(a.id, VerdictKind.COMPLETED)].reasons[0]
                for a in sorted(ended, key=lambda a: a.id)
            ),
        ),
        _share(
            "registry.applying",
            "Cơ quan, đơn vị xây dựng và áp dụng HTQLCL",
            "Units that built and apply a QMS",
            applying,
            registry,
            ev.results_of_rule("qms_in_effect"),
        ),
    ]
    completed_of = _verdicts_of(verdict, registry, VerdictKind.COMPLETED)
    on_plan_of = _verdicts_of(verdict, registry, VerdictKind.ON_PLAN)
    level_units: list[Agency] = []
    for block in (ReportBlock.PROVINCIAL, ReportBlock.DISTRICT, ReportBlock.COMMUNE):
        members = [
            a
            for a in alive
            if report_block(a.kind) is block and _is_subject(verdict, a, VerdictKind.COMPLETED)
        ]
        level_units += members
        done = [a for a in members if verdict[(a.id, VerdictKind.COMPLETED)].status is Status.MET]
        figures.append(
            _share(
                f"completed.{block.value}",
                f"Hoàn thành - {block.label_vi}",
                f"Completed - {block.label_en}",
                done,
                members,
                completed_of,
            )
        )
    done_level = [
        a for a in level_units if verdict[(a.id, VerdictKind.COMPLETED)].status is Status.MET
    ]
    figures.append(
        _share(
            "completed.levels",
            "Hoàn thành - các cấp quản lý",
            "Completed - all management levels",
            done_level,
            level_units,
            completed_of,
        )
    )
    plan_units = [a for a in alive if _is_subject(verdict, a, VerdictKind.ON_PLAN)]
    on_plan = [a for a in plan_units if verdict[(a.id, VerdictKind.ON_PLAN)].status is Status.MET]
    figures.append(
        _share(
            "on_plan.total",
            "Thực hiện đúng kế hoạch được phê duyệt",
            "On the approved plan",
            on_plan,
            plan_units,
            on_plan_of,
        )
    )
    on_plan_ids = {a.id for a in on_plan}
    for kind in AgencyKind:
        members = [a for a in plan_units if a.kind is kind]
        if members:
            done = [a for a in members if a.id in on_plan_ids]
            figures.append(
                _share(
                    f"on_plan.{kind.value}",
                    f"Đúng kế hoạch - {kind.label_vi}",
                    f"On plan - {kind.label_en}",
                    done,
                    members,
                    on_plan_of,
                )
            )
    eiso = [a for a in applying if (q := ctx.qms_of(a.id)) is not None and q.uses_eiso_on(ctx.day)]
    eiso_ids = {a.id for a in eiso}
    figures.append(
        Figure(
            key="eiso.total",
            label_vi="Áp dụng trên phần mềm ISO điện tử",
            label_en="Running on e-ISO software",
            value=len(eiso),
            total=len(applying),
            units=_sorted_refs(eiso),
            shortfalls=tuple(
                Shortfall(
                    unit=_ref(a),
                    status=Status.NOT_MET,
                    reasons=(
                        Reason(
                            code="not_on_eiso",
                            message_vi=f"HTQLCL chưa vận hành trên phần mềm ISO điện tử tại ngày {ctx.day:%d/%m/%Y}",
                            message_en=f"The QMS does not run on e-ISO software on {ctx.day.isoformat()}",
                            citation=cite(QD19, "11"),
                            record_ids=(a.id,),
                        ),
                    ),
                )
                for a in sorted(applying, key=lambda a: a.id)
                if a.id not in eiso_ids
            ),
        )
    )
    lines = _inspection_lines(ctx, registry)
    on_site = [ln for ln in lines if ln.form is InspectionForm.ON_SITE]
    desk = [ln for ln in lines if ln.form is InspectionForm.DESK]
    by_id = {a.id: a for a in registry}
    figures.append(
        Figure(
            key="inspection.on_site",
            label_vi="Kiểm tra tại trụ sở",
            label_en="On-site inspections",
            value=len(on_site),
            units=_sorted_refs(by_id[ln.unit.id] for ln in on_site),
        )
    )
    for block in ReportBlock:
        block_lines = [ln for ln in on_site if ln.block is block]
        if block_lines:
            figures.append(
                Figure(
                    key=f"inspection.on_site.{block.value}",
                    label_vi=f"Kiểm tra tại trụ sở - {block.label_vi}",
                    label_en=f"On-site inspections - {block.label_en}",
                    value=len(block_lines),
                    units=_sorted_refs(by_id[ln.unit.id] for ln in block_lines),
                )
            )
    compliant = [ln for ln in on_site if ln.compliant]
    figures.append(
        Figure(
            key="inspection.on_site.compliant",
            label_vi="Đơn vị được kiểm tra tại trụ sở đáp ứng yêu cầu QĐ 19/2014",
            label_en="On-site inspected units meeting QĐ 19/2014",
            value=len(compliant),
            total=len(on_site),
            units=_sorted_refs(by_id[ln.unit.id] for ln in compliant),
            shortfalls=tuple(
                _inspection_shortfall(ctx, by_id[ln.unit.id], ln.inspection_id)
                for ln in sorted(on_site, key=lambda ln: (ln.unit.id, ln.inspection_id))
                if not ln.compliant
            ),
        )
    )
    figures.append(
        Figure(
            key="inspection.desk",
            label_vi="Kiểm tra qua hồ sơ, báo cáo",
            label_en="Desk reviews",
            value=len(desk),
            units=_sorted_refs(by_id[ln.unit.id] for ln in desk),
        )
    )
    population = inspection_population(ctx, province_id)
    needed = ctx.policy.inspection_rounding.apply(len(population) / 3)
    figures.append(
        Figure(
            key="inspection.minimum_on_site",
            label_vi="Số đơn vị tối thiểu phải kiểm tra tại trụ sở (1/3)",
            label_en="Minimum on-site inspections (1/3)",
            value=needed,
            total=len(population),
            units=_sorted_refs(ctx.agencies[i] for i in population),
        )
    )
    province_results = ev.results_for(province_id)
    rows = _status_rows(ctx, alive, verdict)
    return ProvinceReport(
        province_id=province_id,
        province_name=province_name,
        period=ctx.period,
        as_of=ctx.as_of,
        policy=ctx.policy,
        figures=tuple(figures),
        inspections=tuple(lines),
        status_rows=rows,
        province_results=province_results or _province_results(ctx, province_id),  # none evaluated
    )


def _inspection_shortfall(ctx: EvaluationContext, agency: Agency, inspection_id: str) -> Shortfall:
    """Why an inspected unit did not meet QĐ 19: its unmet checklist items and nonconformities."""
    from vn_iso_qms._internal.evaluation.result import TT26
    from vn_iso_qms._internal.inspection import Inspection

    insp = ctx.dataset.get(Inspection, inspection_id)
    reasons = [
        Reason(
            code="checklist_item_not_met",
            message_vi=f"Không đạt: {r.item.label_vi}" + (f" ({r.note})" if r.note else ""),
            message_en=f"Not met: {r.item.label_en}" + (f" ({r.note})" if r.note else ""),
            citation=cite(TT26, "36"),
            record_ids=(insp.id,),
        )
        for r in insp.checklist
        if r.met is False
    ] + [
        Reason(
            code="inspection_nonconformity",
            message_vi=f"{f.grade.label_vi}: {f.item.label_vi}"
            + (f" - {f.description}" if f.description else ""),
            message_en=f"{f.grade.label_en}: {f.item.label_en}"
            + (f" - {f.description}" if f.description else ""),
            citation=cite(TT26, "36"),
            record_ids=(insp.id,),
        )
        for f in insp.findings
        if f.grade.is_nonconformity
    ]
    return Shortfall(unit=_ref(agency), status=Status.NOT_MET, reasons=tuple(reasons))


def _province_results(ctx: EvaluationContext, province_id: str) -> tuple[RuleResult, ...]:
    from vn_iso_qms._internal.evaluation.registry import RULES, RuleScope

    return tuple(rule(ctx, province_id) for rule in RULES.for_scope(RuleScope.PROVINCE))


def _announced(ctx: EvaluationContext, agency: Agency) -> bool:
    qms = ctx.qms_of(agency.id)
    return qms is not None and bool(ctx.announcements_until(qms.id, ctx.day))


def _verdicts_of(
    verdict: Mapping[tuple[str, VerdictKind], Verdict], units: Sequence[Agency], kind: VerdictKind
) -> dict[str, Verdict]:
    """The verdicts of `kind` of `units`, by unit id."""
    return {a.id: v for a in units if (v := verdict.get((a.id, kind))) is not None}


def _is_subject(
    verdict: Mapping[tuple[str, VerdictKind], object], agency: Agency, kind: VerdictKind
) -> bool:
    v = verdict.get((agency.id, kind))
    return v is not None and getattr(v, "status", None) is not Status.NOT_APPLICABLE


def _share(
    key: str,
    label_vi: str,
    label_en: str,
    value: Sequence[Agency],
    total: Sequence[Agency],
    outcomes: Mapping[str, RuleResult | Verdict],
) -> Figure:
    """A figure `value/total`; units of `total` not in `value` are shortfalls with their reasons."""
    counted = {a.id for a in value}
    shortfalls = []
    for a in sorted(total, key=lambda a: a.id):
        if a.id in counted:
            continue
        outcome = outcomes.get(a.id)
        shortfalls.append(
            Shortfall(
                unit=_ref(a),
                status=outcome.status if outcome else Status.NOT_MET,
                reasons=outcome.reasons if outcome else (),
            )
        )
    return Figure(
        key=key,
        label_vi=label_vi,
        label_en=label_en,
        value=len(value),
        total=len(total),
        units=_sorted_refs(value),
        shortfalls=tuple(shortfalls),
    )


def _inspection_lines(
    ctx: EvaluationContext, registry: Sequence[Agency]
) -> tuple[InspectionLine, ...]:
    lines = []
    for agency in registry:
        for insp in ctx.inspections_of.get(agency.id, ()):
            if ctx.period.start <= insp.inspected_on <= ctx.day:
                lines.append(
                    InspectionLine(
                        inspection_id=insp.id,
                        unit=_ref(agency),
                        block=report_block(agency.kind),
                        form=insp.form,
                        inspected_on=insp.inspected_on,
                        compliant=insp.compliant,
                        findings=len(insp.findings) + sum(r.met is False for r in insp.checklist),
                    )
                )
    return tuple(sorted(lines, key=lambda ln: (ln.inspected_on, ln.inspection_id)))


def _status_rows(
    ctx: EvaluationContext,
    alive: Sequence[Agency],
    verdict: Mapping[tuple[str, VerdictKind], object],
) -> tuple[StatusRow, ...]:
    from vn_iso_qms._internal.vocab import ObligationClass

    rows = []
    for block in ReportBlock:
        members = [a for a in alive if report_block(a.kind) is block]
        if not members:
            continue
        announced = on_2015 = eiso = 0
        for a in members:
            qms = ctx.qms_of(a.id)
            anns = ctx.announcements_until(qms.id, ctx.day) if qms else []
            if anns:
                announced += 1
                on_2015 += anns[-1].standard is StandardVersion.ISO9001_2015
                eiso += qms is not None and qms.uses_eiso_on(ctx.day)
        rows.append(
            StatusRow(
                block=block,
                units=len(members),
                mandatory=sum(ctx.obligation(a) is ObligationClass.MANDATORY for a in members),
                announced=announced,
                on_iso_2015=on_2015,
                eiso=eiso,
                completed=sum(
                    getattr(verdict.get((a.id, VerdictKind.COMPLETED)), "status", None)
                    is Status.MET
                    for a in members
                ),
            )
        )
    return tuple(rows)


class RollupRow(QmsModel):
    """One province's headline figures in a national rollup."""

    province_id: str
    """The province."""
    province_name: str
    """Its name."""
    registry: int
    """Units in the registry during the period."""
    ended: int
    """Units ended during the period."""
    applying: int
    """Units applying a QMS."""
    completed: int
    """Management-level units completed."""
    level_units: int
    """Management-level units evaluated."""
    on_plan: int
    """Plan units on plan."""
    plan_units: int
    """Plan units evaluated."""
    eiso: int
    """Units on e-ISO software."""
    on_site: int
    """On-site inspections."""


class NationalRollup(QmsModel):
    """One row per province plus the totals."""

    period: Period
    """The period."""
    rows: tuple[RollupRow, ...]
    """One per province, by id."""
    total: RollupRow
    """Sum over the provinces."""


def national_rollup(
    dataset: QmsDataset, *, year: int, as_of: dt.date | None = None, policy: Policy = DEFAULT_POLICY
) -> NationalRollup:
    """Headline figures for every province in the dataset, with totals.

    Args:
        dataset: the records of several provinces.
        year: the period's year.
        as_of: the date the figures are known at (default: the period's last day).
        policy: the interpretations in force.

    Returns:
        The rollup.
    """
    period = policy.period_for(year, as_of=as_of)
    as_of = as_of or period.end
    ev = evaluate(dataset, as_of=as_of, year=year, policy=policy)
    ctx = make_context(dataset, as_of=as_of, year=year, policy=policy)
    rows = []
    for unit in sorted(dataset.admin_units, key=lambda u: u.id):
        if unit.level is not AdminLevel.PROVINCE:
            continue
        registry = [a for a in ctx.agencies_in(unit.id) if ctx.exists_during_period(a)]
        if registry:
            rows.append(rollup_row(_build(ctx, unit.id, unit.name, registry, ev)))
    total = RollupRow(
        province_id="*",
        province_name="Tổng cộng / Total",
        **{
            k: sum(getattr(r, k) for r in rows)
            for k in RollupRow.model_fields
            if k not in ("province_id", "province_name")
        },
    )
    return NationalRollup(period=period, rows=tuple(rows), total=total)


def rollup_row(report: ProvinceReport) -> RollupRow:
    """The headline figures of one province report."""
    f = report.figure
    return RollupRow(
        province_id=report.province_id,
        province_name=report.province_name,
        registry=f("registry.total").value,
        ended=f("registry.ended").value,
        applying=f("registry.applying").value,
        completed=f("completed.levels").value,
        level_units=f("completed.levels").total or 0,
        on_plan=f("on_plan.total").value,
        plan_units=f("on_plan.total").total or 0,
        eiso=f("eiso.total").value,
        on_site=f("inspection.on_site").value,
    )


class PolicyComparison(QmsModel):
    """The same report's figures under several policies, side by side (what-if)."""

    names: tuple[str, ...]
    """The policies' names, in column order."""
    keys: tuple[str, ...]
    """Figure keys, in report order."""
    labels_vi: tuple[str, ...]
    """Vietnamese label per key."""
    labels_en: tuple[str, ...]
    """English label per key."""
    values: tuple[tuple[str, ...], ...]
    """Per key, the figure's text (`"134/134 (100.0%)"`) under each policy."""


def compare_policies(
    dataset: QmsDataset,
    *,
    province_id: str,
    year: int,
    policies: Mapping[str, Policy],
    as_of: dt.date | None = None,
) -> PolicyComparison:
    """The report's figures under each named policy (e.g. calendar year vs reporting period).

    Args:
        dataset: the records.
        province_id: the province.
        year: the period's year.
        policies: name → policy, in column order.
        as_of: the date the figures are known at (default: each period's last day).

    Returns:
        The comparison table.
    """
    reports = [
        province_report(dataset, province_id=province_id, year=year, as_of=as_of, policy=p)
        for p in policies.values()
    ]
    keys: list[str] = []
    for r in reports:
        keys += [f.key for f in r.figures if f.key not in keys]
    labels: dict[str, tuple[str, str]] = {}
    for r in reports:
        for fig in r.figures:
            labels.setdefault(fig.key, (fig.label_vi, fig.label_en))

    def text(r: ProvinceReport, key: str) -> str:
        try:
            return r.figure(key).text()
        except KeyError:
            return "-"

    return PolicyComparison(
        names=tuple(policies),
        keys=tuple(keys),
        labels_vi=tuple(labels[k][0] for k in keys),
        labels_en=tuple(labels[k][1] for k in keys),
        values=tuple(tuple(text(r, k) for r in reports) for k in keys),
    )
