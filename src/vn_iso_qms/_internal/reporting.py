"""The province report: pure functions from an evaluation to figures, each with the units behind it.

Nothing here reads files or the clock; rendering to text formats lives in `render.py`.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from vn_iso_qms._internal.agency import AdministrativeUnit, Agency
from vn_iso_qms._internal.base import QmsModel
from vn_iso_qms._internal.completeness import MissingFact, completeness_report
from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.errors import EvaluationMismatchError
from vn_iso_qms._internal.evaluation.assignment import NotReported, province_assignment
from vn_iso_qms._internal.evaluation.context import EvaluationContext
from vn_iso_qms._internal.evaluation.engine import (
    DEFAULT_NAMES,
    Evaluation,
    evaluate,
    evaluate_in,
    make_context,
)
from vn_iso_qms._internal.evaluation.kit import RuleSet
from vn_iso_qms._internal.evaluation.law import LEGAL_BASIS, LegalBasis
from vn_iso_qms._internal.evaluation.policy import DEFAULT_POLICY, Period, Policy
from vn_iso_qms._internal.evaluation.reasons import ReasonCode
from vn_iso_qms._internal.evaluation.result import (
    Reason,
    RuleResult,
    RuleStatus,
    Verdict,
    VerdictKind,
)
from vn_iso_qms._internal.evaluation.statutory import STATUTORY_RULES
from vn_iso_qms._internal.evaluation.verdicts import rests_on_presumption
from vn_iso_qms._internal.signature import named_defaults
from vn_iso_qms._internal.vocab import (
    REFORM_2025_DATE,
    AdminUnitLevel,
    AgencyKind,
    AnnouncementReason,
    InspectionForm,
    ObligationClass,
    StandardVersion,
)
from vn_iso_qms._internal.vocab_base import LabelledEnum, Language


class ReportBlock(
    LabelledEnum, source="Provincial report practice (blocks sở/ngành, quận/huyện, chi cục, xã)"
):
    """The block (khối) a unit is counted in by provincial reports."""

    PROVINCIAL = "provincial", "Sở, ban, ngành tỉnh", "Provincial departments"
    """Sở, ngành: UBND tỉnh (with its Văn phòng) and the provincial departments."""
    BOARD = "board", "Ban quản lý trực thuộc UBND tỉnh", "Management boards"
    """Ban: management boards directly under UBND tỉnh (industrial and economic zones)."""
    DISTRICT = "district", "UBND cấp huyện", "District People's Committees"
    """UBND cấp huyện (until 30/06/2025)."""
    COMMUNE = "commune", "UBND cấp xã", "Commune People's Committees"
    """UBND cấp xã."""
    SUB_DEPARTMENT = "sub_department", "Chi cục", "Sub-departments"
    """Chi cục."""
    PUBLIC_SERVICE_UNIT = "public_service_unit", "Đơn vị sự nghiệp công lập", "Public service units"
    """Đơn vị sự nghiệp công lập."""
    CENTRAL = "central", "Cơ quan trung ương, ngành dọc", "Central and vertical-line agencies"
    """Central and vertical-line agencies, and the provincial police (the ministry's line)."""
    OTHER = "other", "Đơn vị khác", "Other units"
    """Other units listed in the registry (a land registration office, ...)."""

    @property
    def is_management_level(self) -> bool:
        """Whether the block is one of the management-level blocks (provincial, district, commune)."""
        return self in (
            ReportBlock.PROVINCIAL,
            ReportBlock.BOARD,
            ReportBlock.DISTRICT,
            ReportBlock.COMMUNE,
        )


_BLOCK_OF: dict[AgencyKind, ReportBlock] = {
    AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE: ReportBlock.PROVINCIAL,
    AgencyKind.PROVINCIAL_DEPARTMENT: ReportBlock.PROVINCIAL,
    AgencyKind.MANAGEMENT_BOARD: ReportBlock.BOARD,
    AgencyKind.DISTRICT_PEOPLE_COMMITTEE: ReportBlock.DISTRICT,
    AgencyKind.DISTRICT_DIVISION: ReportBlock.DISTRICT,
    AgencyKind.COMMUNE_PEOPLE_COMMITTEE: ReportBlock.COMMUNE,
    AgencyKind.COMMUNE_DIVISION: ReportBlock.COMMUNE,
    AgencyKind.COMMUNE_SERVICE_CENTRE: ReportBlock.COMMUNE,
    AgencyKind.SUB_DEPARTMENT: ReportBlock.SUB_DEPARTMENT,
    AgencyKind.PUBLIC_SERVICE_UNIT: ReportBlock.PUBLIC_SERVICE_UNIT,
    AgencyKind.MINISTRY: ReportBlock.CENTRAL,
    AgencyKind.MINISTERIAL_AGENCY: ReportBlock.CENTRAL,
    AgencyKind.VIETNAM_SOCIAL_SECURITY: ReportBlock.CENTRAL,
    AgencyKind.CENTRAL_DEPARTMENT: ReportBlock.CENTRAL,
    AgencyKind.VERTICAL_LINE_AGENCY: ReportBlock.CENTRAL,
    # the provincial police is a unit of the Ministry of Public Security's line (Law on the
    # People's Public Security Force 2018 Art. 17): with the vertical-line agencies, outside the
    # province's inspection population (issue 24)
    AgencyKind.PROVINCIAL_POLICE: ReportBlock.CENTRAL,
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
    status: RuleStatus
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
    total: int
    """Units of the block existing at the end of the period (the population of the row)."""
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

    @property
    def units(self) -> int:
        """Deprecated alias of `total` (renamed in issue 18: one name per population)."""
        _deprecated("StatusRow.units", "StatusRow.total")
        return self.total


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
    missing_facts: tuple[MissingFact, ...] = ()
    """Recorded facts the law asks for that the province's records lack, per unit (the
    [completeness report][vn_iso_qms.reports.completeness_report]), with where to record them;
    those marked `decides` (steps before an announcement) changed or would change a verdict."""
    calendar_gaps: tuple[int, ...] = ()
    """Years a deadline of the report fell in that the library's official calendar does not
    cover (it holds 2014-2026; `Evaluation.calendar_gaps`): there the working days count only
    weekends and the fixed-date holidays. The rendered reports say so next to the period."""

    def figure(self, key: str) -> Figure:
        """The figure with `key`.

        An old key of [`LEGACY_FIGURE_KEYS`][vn_iso_qms.reports.LEGACY_FIGURE_KEYS] still finds its
        figure, with a `DeprecationWarning`.

        Raises:
            KeyError: when there is none.
        """
        if key in LEGACY_FIGURE_KEYS:
            _deprecated(f"figure key {key!r}", repr(LEGACY_FIGURE_KEYS[key]))
            key = LEGACY_FIGURE_KEYS[key]
        for f in self.figures:
            if f.key == key:
                return f
        raise KeyError(key)


LEGACY_FIGURE_KEYS: Mapping[str, str] = {"registry.applying": "registry.announced"}
"""Figure keys that were renamed so that one notion has one name (issue 18): old key → new key.
`ProvinceReport.figure` still accepts an old key, with a `DeprecationWarning`, for one minor
version."""


def _deprecated(old: str, new: str) -> None:
    warnings.warn(
        f"{old} is deprecated: use {new} (see the CHANGELOG, issue 18)",
        DeprecationWarning,
        stacklevel=3,
    )


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
    rules: RuleSet = STATUTORY_RULES,
    laws: LegalBasis = LEGAL_BASIS,
    evaluation: Evaluation | None = None,
    context: EvaluationContext | None = None,
) -> ProvinceReport:
    """Compute the yearly report of one province from its records.

    Every figure is declared in one table ([`REPORT_FIGURES`][vn_iso_qms.reports.REPORT_FIGURES]) and
    every shortfall it lists is a rule result or a verdict: the report judges nothing itself.

    Args:
        dataset: the records (may hold several provinces).
        province_id: the province's administrative-unit id.
        year: the period's year.
        as_of: the date the figures are known at (default: the period's last day).
        policy: the interpretations in force.
        rules: the rules evaluated (default: the statutory rules); used when `evaluation` is
            not given.
        laws: the legal instruments and the dates they are in force.
        evaluation: a ready evaluation of the same dataset, year, as_of and policy (computed
            when not given).
        context: a ready context of the same dataset, year, as_of and policy (from
            [`make_context`][vn_iso_qms.rules.make_context]); pass one when reporting on many
            provinces, so the dataset is indexed once.

    Returns:
        The report.

    Raises:
        UnknownRecordError: when the province does not exist.
        EvaluationMismatchError: when `evaluation` or `context` belongs to another dataset,
            period, as_of or policy, or does not judge every unit of the province.
    """
    province = dataset.get(AdministrativeUnit, province_id)
    period = policy.period_for(year, as_of=as_of)
    as_of = as_of or period.end
    if context is not None:
        _check_frame("context", context.dataset is dataset, context, as_of, period, policy)
    ctx = (
        context
        if context is not None
        else make_context(dataset, as_of=as_of, year=year, policy=policy, laws=laws)
    )
    registry = [a for a in ctx.agencies_in(province_id) if ctx.exists_during_period(a)]
    if evaluation is None:
        evaluation = evaluate(
            dataset,
            as_of=as_of,
            year=year,
            policy=policy,
            rules=rules,
            laws=laws,
            agency_ids=[a.id for a in registry],
        )
    else:
        _check_frame("evaluation", evaluation.evaluated(dataset), evaluation, as_of, period, policy)
        judged = evaluation.verdict_map()
        missing = [a.id for a in registry if (a.id, VerdictKind.COMPLETED) not in judged]
        if missing:
            msg = (
                f"the evaluation does not judge {len(missing)} unit(s) of {province_id}: "
                f"{', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''}"
            )
            raise EvaluationMismatchError(msg)
    return _build(ctx, province.id, province.name, registry, evaluation)


def _check_frame(
    what: str,
    same_dataset: bool,
    given: Evaluation | EvaluationContext,
    as_of: dt.date,
    period: Period,
    policy: Policy,
) -> None:
    """Refuse an evaluation or context framed differently from the report asked for."""
    differences = [
        name
        for name, same in (
            ("dataset", same_dataset),
            ("as_of", given.as_of == as_of),
            ("period", given.period == period),
            ("policy", given.policy == policy),
        )
        if not same
    ]
    if differences:
        msg = (
            f"the {what} given does not match the report asked for: its "
            f"{', '.join(differences)} differ (report: period {period.label()}, as_of {as_of})"
        )
        raise EvaluationMismatchError(msg)


@dataclass(frozen=True, slots=True)
class _Frame:
    """What the figure table reads: the province's units, the evaluation, and the inspections."""

    ctx: EvaluationContext
    evaluation: Evaluation
    registry: tuple[Agency, ...]
    ended: tuple[Agency, ...]
    alive: tuple[Agency, ...]
    lines: tuple[InspectionLine, ...]
    verdicts: Mapping[tuple[str, VerdictKind], Verdict] = field(default_factory=dict)
    results: dict[str, Mapping[str, RuleResult]] = field(default_factory=dict)

    def verdict(self, agency: Agency, kind: VerdictKind) -> Verdict | None:
        return self.verdicts.get((agency.id, kind))

    def subjects(self, kind: VerdictKind, units: Iterable[Agency]) -> list[Agency]:
        """Units whose verdict of `kind` applies (not "not applicable")."""
        return [
            a
            for a in units
            if (v := self.verdict(a, kind)) is not None
            and v.status is not RuleStatus.NOT_APPLICABLE
        ]

    def met(self, source: Source, agency: Agency) -> bool:
        outcome = self.outcome(source, agency)
        return outcome is not None and outcome.status is RuleStatus.MET

    def outcome(self, source: Source, agency: Agency) -> RuleResult | Verdict | None:
        if isinstance(source, VerdictKind):
            return self.verdict(agency, source)
        of_rule = self.results.get(source)
        if of_rule is None:
            of_rule = self.results[source] = self.evaluation.results_of_rule(source)
        return of_rule.get(agency.id)

    def announced(self, agency: Agency) -> bool:
        """Whether a QMS covering the unit was announced by the effective day (a fact)."""
        qms = self.ctx.qms_of(agency.id)
        return qms is not None and bool(self.ctx.announcements_until(qms.id, self.ctx.day))

    def reannounced(self, agency: Agency) -> bool:
        """Whether the unit's QMS was re-announced in the period up to the effective day."""
        qms = self.ctx.qms_of(agency.id)
        return qms is not None and any(
            a.reason is not AnnouncementReason.INITIAL and a.date >= self.ctx.period.start
            for a in self.ctx.announcements_until(qms.id, self.ctx.day)
        )

    def on_edition(
        self, agency: Agency, standard: StandardVersion, *, or_later: bool = False
    ) -> bool:
        """Whether the unit's latest announcement by the effective day is on `standard`.

        With `or_later`, a later edition counts too: a unit on 2026 has converted to 2015.
        """
        qms = self.ctx.qms_of(agency.id)
        announced = self.ctx.announcements_until(qms.id, self.ctx.day) if qms else ()
        if not announced:
            return False
        current = announced[-1].standard
        if or_later:
            return _EDITION_ORDER.index(current) >= _EDITION_ORDER.index(standard)
        return current is standard

    def by_id(self, agency_id: str) -> Agency:
        return self.ctx.agency(agency_id)


Source = VerdictKind | str
"""Where a figure's outcomes come from: a verdict kind, or a rule id."""


@dataclass(frozen=True, slots=True)
class FigureSpec:
    """One row of the report's figure table: its key, titles, units and source.

    A figure counts `units` (by default the population's units whose `source` is met); with a
    `population` it is a share `units / population`, and every unit of the population outside
    `units` is a shortfall with the reasons of its outcome from `source` (a rule or a verdict). Keys may end in `{block}` or `{kind}`: the row then repeats
    for each report block or agency kind that has units.
    """

    key: str
    """Stable key, e.g. `"completed.{block}"`."""
    label_vi: str
    """Vietnamese label (may name `{block}` / `{kind}`)."""
    label_en: str
    """English label."""
    population: Callable[[_Frame], Sequence[Agency]] | None = None
    """The denominator's units, for a share."""
    source: Source | None = None
    """The rule or verdict the shortfalls' reasons come from."""
    units: Callable[[_Frame], Sequence[Agency]] | None = None
    """The units counted; default: the population's units whose `source` is met."""
    optional: bool = False
    """Leave the row out when it has neither units nor a population (a block few provinces
    have); a repeating row, when no part counts a unit (an edition no unit has converted to)."""
    after_reform: tuple[str, str] | None = None
    """The Vietnamese and English labels from 01/07/2025, when the row's label names the
    district level, which the 2025 reform abolished (Law 72/2025/QH15): no figure of a report
    whose effective day is on or after that day names it."""

    def counted(self, frame: _Frame, population: Sequence[Agency] | None) -> list[Agency]:
        """The units this figure counts."""
        if self.units is not None:
            return list(self.units(frame))
        if population is None or self.source is None:
            msg = f"figure {self.key!r} needs units, or a population and a source"
            raise ValueError(msg)
        return [a for a in population if frame.met(self.source, a)]


def _inspected(frame: _Frame, form: InspectionForm, *, compliant: bool = False) -> list[Agency]:
    """The unit of each inspection line of `form` (once per inspection), compliant ones only."""
    return [
        frame.by_id(ln.unit.id)
        for ln in frame.lines
        if ln.form is form and (ln.compliant or not compliant)
    ]


def _departments_districts(frame: _Frame) -> list[Agency]:
    """The units of the blocks "sở, ban, ngành và UBND cấp huyện" existing at the period's end.

    The population provinces quote with this counter (e.g. "43/45 đơn vị đã công bố: 19 sở,
    ngành và 24 quận, huyện"): provincial departments and the People's Committee, management
    boards, district People's Committees and their divisions (QĐ 19 Art. 2.1.b-c).
    """
    return [a for a in frame.alive if report_block(a.kind) in _DEPARTMENTS_DISTRICTS]


def _block_units(frame: _Frame, block: ReportBlock) -> list[Agency]:
    return frame.subjects(
        VerdictKind.COMPLETED, (a for a in frame.alive if report_block(a.kind) is block)
    )


_EDITION_ORDER = (
    StandardVersion.ISO9001_2008,
    StandardVersion.ISO9001_2015,
    StandardVersion.ISO9001_2026,
)
"""The editions of the standard, oldest first."""


def _short_vi(label: str) -> str:
    """A kind's label as the report's rows write it: "UBND cấp xã", like the block rows."""
    return label.replace("Ủy ban nhân dân", "UBND")


_LEVEL_BLOCKS = (
    ReportBlock.PROVINCIAL,
    ReportBlock.BOARD,
    ReportBlock.DISTRICT,
    ReportBlock.COMMUNE,
)
_DEPARTMENTS_DISTRICTS = (ReportBlock.PROVINCIAL, ReportBlock.BOARD, ReportBlock.DISTRICT)

REPORT_FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec(
        "registry.total",
        "Cơ quan, đơn vị trong danh sách",
        "Agencies and units in the registry",
        units=lambda f: f.registry,
    ),
    FigureSpec(
        "registry.ended",
        "Đơn vị giải thể, sáp nhập trong kỳ",
        "Units dissolved or merged during the period",
        units=lambda f: f.ended,
        source=VerdictKind.COMPLETED,
    ),
    FigureSpec(
        "registry.announced",
        "Cơ quan, đơn vị xây dựng và áp dụng HTQLCL",
        "Units that built and apply a QMS",
        units=lambda f: [a for a in f.alive if f.announced(a)],
        population=lambda f: f.alive,
        source="qms_in_effect",
    ),
    *(
        FigureSpec(
            f"completed.{block.value}",
            f"Hoàn thành - {block.label_vi}",
            f"Completed - {block.label_en}",
            population=lambda f, b=block: _block_units(f, b),  # type: ignore[misc]
            source=VerdictKind.COMPLETED,
            # boards are rare; the district level ended on 01/07/2025; a registry may list no
            # commune (no "UBND cấp xã 0/0" row then)
            optional=block is not ReportBlock.PROVINCIAL,
        )
        for block in _LEVEL_BLOCKS
    ),
    FigureSpec(
        "completed.levels",
        "Hoàn thành - các cấp quản lý",
        "Completed - all management levels",
        population=lambda f: [a for b in _LEVEL_BLOCKS for a in _block_units(f, b)],
        source=VerdictKind.COMPLETED,
    ),
    FigureSpec(
        "completed.departments_districts",
        "Hoàn thành - sở, ban, ngành và UBND cấp huyện",
        "Completed - provincial departments, boards and districts",
        population=lambda f: [a for b in _DEPARTMENTS_DISTRICTS for a in _block_units(f, b)],
        source=VerdictKind.COMPLETED,
        after_reform=(
            "Hoàn thành - sở, ban, ngành",
            "Completed - provincial departments and boards",
        ),
    ),
    FigureSpec(
        "completed.not_evidenced",
        "Hoàn thành - trong đó các bước trước công bố chưa có hồ sơ (suy đoán đã thực hiện)",
        "Completed - of which steps before the announcement not on record (presumed)",
        # met on a presumption (DESIGN §9): counted as completed, shown apart, never a failure
        units=lambda f: [
            a
            for a in f.alive
            if (v := f.verdict(a, VerdictKind.COMPLETED)) is not None and rests_on_presumption(v)
        ],
        optional=True,
    ),
    FigureSpec(
        "registry.announced.departments_districts",
        "Sở, ban, ngành và UBND cấp huyện đã công bố HTQLCL",
        "Provincial departments, boards and districts that announced a QMS",
        units=lambda f: [a for a in _departments_districts(f) if f.announced(a)],
        population=_departments_districts,
        source="qms_in_effect",
        after_reform=(
            "Sở, ban, ngành đã công bố HTQLCL",
            "Provincial departments and boards that announced a QMS",
        ),
    ),
    FigureSpec(
        "on_plan.total",
        "Thực hiện đúng kế hoạch được phê duyệt",
        "On the approved plan",
        population=lambda f: f.subjects(VerdictKind.ON_PLAN, f.alive),
        source=VerdictKind.ON_PLAN,
    ),
    FigureSpec(
        "on_plan.{kind}",
        "Đúng kế hoạch - {kind}",
        "On plan - {kind}",
        population=lambda f: f.subjects(VerdictKind.ON_PLAN, f.alive),
        source=VerdictKind.ON_PLAN,
    ),
    FigureSpec(
        "reannounced.total",
        "Công bố lại trong kỳ",
        "Re-announced in the period",
        units=lambda f: [a for a in f.alive if f.reannounced(a)],
    ),
    FigureSpec(
        "reannounced.{block}",
        "Công bố lại trong kỳ - {block}",
        "Re-announced in the period - {block}",
        units=lambda f: [a for a in f.alive if f.reannounced(a)],
    ),
    FigureSpec(
        "iso2015.{block}",
        "Đã chuyển đổi sang TCVN ISO 9001:2015 / đang áp dụng - {block}",
        "Converted to TCVN ISO 9001:2015 / applying - {block}",
        units=lambda f: [
            a for a in f.alive if f.on_edition(a, StandardVersion.ISO9001_2015, or_later=True)
        ],
        population=lambda f: [a for a in f.alive if f.announced(a)],
        source="accepted_standard_version",
    ),
    FigureSpec(
        "iso2026.{block}",
        "Đã chuyển đổi sang TCVN ISO 9001:2026 / đang áp dụng - {block}",
        "Converted to TCVN ISO 9001:2026 / applying - {block}",
        # a count of re-announcements on the new edition, not a judgement: units still on the
        # 2015 edition are no shortfall while it is accepted, and whether the 2026 edition is
        # accepted is the accepted_standard_version rule's, in the completed figures
        units=lambda f: [a for a in f.alive if f.on_edition(a, StandardVersion.ISO9001_2026)],
        population=lambda f: [a for a in f.alive if f.announced(a)],
        optional=True,
    ),
    FigureSpec(
        "eiso.total",
        "Áp dụng trên phần mềm ISO điện tử",
        "Running on e-ISO software",
        population=lambda f: [a for a in f.alive if f.announced(a)],
        source="eiso_use",
    ),
    FigureSpec(
        "inspection.on_site",
        "Kiểm tra tại trụ sở",
        "On-site inspections",
        units=lambda f: _inspected(f, InspectionForm.ON_SITE),
    ),
    FigureSpec(
        "inspection.on_site.{block}",
        "Kiểm tra tại trụ sở - {block}",
        "On-site inspections - {block}",
        units=lambda f: _inspected(f, InspectionForm.ON_SITE),
    ),
    FigureSpec(
        "inspection.on_site.compliant",
        "Đơn vị được kiểm tra tại trụ sở đáp ứng yêu cầu QĐ 19/2014",
        "On-site inspected units meeting QĐ 19/2014",
        units=lambda f: _inspected(f, InspectionForm.ON_SITE, compliant=True),
        population=lambda f: _inspected(f, InspectionForm.ON_SITE),
        source="inspection_outcome",
    ),
    FigureSpec(
        "inspection.desk",
        "Kiểm tra qua hồ sơ, báo cáo",
        "Desk reviews",
        units=lambda f: _inspected(f, InspectionForm.DESK),
    ),
)
"""The province report's figures, in report order: key, titles, units, and the rule or verdict
behind each shortfall. `inspection.minimum_on_site` follows them, read from the result of the
`inspection_coverage` rule."""


_VARIANTS: Mapping[str, tuple[tuple[str, str, str, Callable[[Agency], bool]], ...]] = {
    "block": tuple(
        (b.value, b.label_vi, b.label_en, lambda a, b=b: report_block(a.kind) is b)  # type: ignore[misc]
        for b in ReportBlock
    ),
    "kind": tuple(
        (k.value, _short_vi(k.label_vi), k.label_en, lambda a, k=k: a.kind is k)  # type: ignore[misc]
        for k in AgencyKind
    ),
}
"""How a repeating row splits: code, Vietnamese and English label, and who belongs, per part."""


def _expand(spec: FigureSpec, frame: _Frame) -> list[Figure]:
    """The figures of one table row (one per block or kind for a repeating row)."""
    population = None if spec.population is None else list(spec.population(frame))
    counted = spec.counted(frame, population)
    name = next((n for n in _VARIANTS if f"{{{n}}}" in spec.key), None)
    if name is None:
        if spec.optional and not counted and not population:
            return []
        vi, en = spec.label_vi, spec.label_en
        if spec.after_reform is not None and frame.ctx.day >= REFORM_2025_DATE:
            vi, en = spec.after_reform
        return [_figure(spec, frame, spec.key, vi, en, population, counted)]
    if spec.optional and not counted:
        return []
    out = []
    for code, vi, en, keep in _VARIANTS[name]:
        part = None if population is None else [a for a in population if keep(a)]
        figure = _figure(
            spec,
            frame,
            spec.key.replace(f"{{{name}}}", code),
            spec.label_vi.replace(f"{{{name}}}", vi),
            spec.label_en.replace(f"{{{name}}}", en),
            part,
            [a for a in counted if keep(a)],
        )
        if figure.units or figure.total:
            out.append(figure)
    return out


def _once(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    """Each reason once: several rules failing for one cause (no QMS, say) give one line."""
    seen: set[tuple[str, str]] = set()
    out: list[Reason] = []
    for r in reasons:
        key = (r.code, r.message_en)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return tuple(out)


def _figure(
    spec: FigureSpec,
    frame: _Frame,
    key: str,
    label_vi: str,
    label_en: str,
    population: list[Agency] | None,
    counted: list[Agency],
) -> Figure:
    notes: tuple[Reason, ...] = ()
    if population is None and spec.source is not None:
        notes = tuple(
            o.reasons[0]
            for a in sorted(counted, key=lambda a: a.id)
            if (o := frame.outcome(spec.source, a)) is not None and o.reasons
        )
    shortfalls: list[Shortfall] = []
    if population is not None and spec.source is not None:
        # a unit is short when the population holds it more often than the count (a unit
        # inspected twice, once found short, is one shortfall)
        counted_ids = Counter(a.id for a in counted)
        wanted = Counter(a.id for a in population)
        seen: set[str] = set()
        for a in sorted(population, key=lambda a: a.id):
            if counted_ids[a.id] >= wanted[a.id] or a.id in seen:
                continue
            seen.add(a.id)
            outcome = frame.outcome(spec.source, a)
            shortfalls.append(
                Shortfall(
                    unit=_ref(a),
                    status=outcome.status if outcome else RuleStatus.NOT_MET,
                    reasons=_once(outcome.reasons) if outcome else (),
                )
            )
    return Figure(
        key=key,
        label_vi=label_vi,
        label_en=label_en,
        value=len(counted),
        total=None if population is None else len(population),
        units=_sorted_refs(counted),
        shortfalls=tuple(shortfalls),
        notes=notes,
    )


def _minimum_on_site(frame: _Frame, province_id: str) -> Figure | None:
    """The 1/3 on-site minimum, as the `inspection_coverage` rule computed it."""
    result = frame.evaluation.results_of_rule("inspection_coverage").get(province_id)
    if result is None:
        return None
    figures = next((r for r in result.reasons if r.code == ReasonCode.COVERAGE_FIGURES), None)
    value = figures.params.get("needed") if figures else 0
    needed = value if isinstance(value, int) else 0
    population = figures.record_ids if figures else ()
    return Figure(
        key="inspection.minimum_on_site",
        label_vi="Số đơn vị tối thiểu phải kiểm tra tại trụ sở (1/3)",
        label_en="Minimum on-site inspections (1/3)",
        value=needed,
        total=len(population),
        units=_sorted_refs(frame.by_id(i) for i in population),
    )


def _build(
    ctx: EvaluationContext,
    province_id: str,
    province_name: str,
    registry: Sequence[Agency],
    ev: Evaluation,
) -> ProvinceReport:
    # Everything below looks up by the registry's units: with one national evaluation, a
    # province's report costs its own size, not the country's.
    ended = tuple(a for a in registry if ctx.ended_in_period(a))
    ended_ids = {a.id for a in ended}
    alive = tuple(a for a in registry if a.id not in ended_ids)
    frame = _Frame(
        ctx,
        ev,
        tuple(registry),
        ended,
        alive,
        _inspection_lines(ctx, registry),
        ev.verdict_map(),
    )
    figures = [f for spec in REPORT_FIGURES for f in _expand(spec, frame)]
    minimum = _minimum_on_site(frame, province_id)
    if minimum is not None:
        figures.append(minimum)
    not_reported = _not_reported(ctx)
    if not_reported is not None:
        figures.append(not_reported)
    return ProvinceReport(
        province_id=province_id,
        province_name=province_name,
        period=ctx.period,
        as_of=ctx.as_of,
        policy=ctx.policy,
        figures=tuple(figures),
        inspections=frame.lines,
        status_rows=_status_rows(ctx, alive, ev.verdict_map()),
        province_results=ev.results_for(province_id),
        missing_facts=completeness_report(ctx.dataset, province_id=province_id).missing,
        calendar_gaps=tuple(sorted({*ev.calendar_gaps, *ctx.calendar.uncovered_years()})),
    )


def _not_reported(ctx: EvaluationContext) -> Figure | None:
    """The agencies of the dataset that no province reports, with the reason (None if none).

    Every agency is in exactly one province's registry or in this figure: nothing is left out
    silently (the same list as `vn-iso-qms validate` prints).
    """
    missing = province_assignment(ctx.dataset).agencies_not_reported()
    if not missing:
        return None
    return Figure(
        key="registry.not_reported",
        label_vi="Cơ quan, đơn vị không thuộc tỉnh nào (không được báo cáo)",
        label_en="Agencies in no province (in no report)",
        value=len(missing),
        units=_sorted_refs(ctx.agency(n.record_id) for n in missing),
        notes=tuple(n.reason for n in missing),
    )


def _inspection_lines(
    ctx: EvaluationContext, registry: Sequence[Agency]
) -> tuple[InspectionLine, ...]:
    lines = []
    for agency in registry:
        for insp in ctx.inspections_of(agency.id):
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
    verdict: Mapping[tuple[str, VerdictKind], Verdict],
) -> tuple[StatusRow, ...]:
    rows = []
    for block in ReportBlock:
        members = [a for a in alive if report_block(a.kind) is block]
        if not members:
            continue
        announced = on_2015 = eiso = 0
        for a in members:
            qms = ctx.qms_of(a.id)
            anns = ctx.announcements_until(qms.id, ctx.day) if qms else ()
            if anns:
                announced += 1
                on_2015 += anns[-1].standard is StandardVersion.ISO9001_2015
                eiso += qms is not None and qms.uses_eiso_on(ctx.day)
        rows.append(
            StatusRow(
                block=block,
                total=len(members),
                mandatory=sum(ctx.obligation(a) is ObligationClass.MANDATORY for a in members),
                announced=announced,
                on_iso_2015=on_2015,
                eiso=eiso,
                completed=sum(
                    (v := verdict.get((a.id, VerdictKind.COMPLETED))) is not None
                    and v.status is RuleStatus.MET
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
    announced: int
    """Units whose QMS was announced (the figure `registry.announced`)."""
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

    @classmethod
    def summed(
        cls, rows: Iterable[RollupRow], *, province_id: str, province_name: str
    ) -> RollupRow:
        """The figures of `rows` added up, under the province id and name given."""
        rows = tuple(rows)
        counts = (k for k in cls.model_fields if k not in ("province_id", "province_name"))
        return cls(
            province_id=province_id,
            province_name=province_name,
            **{k: sum(getattr(r, k) for r in rows) for k in counts},
        )

    @property
    def applying(self) -> int:
        """Deprecated alias of `announced` (renamed in issue 18: one name per notion)."""
        _deprecated("RollupRow.applying", "RollupRow.announced")
        return self.announced


class NationalRollup(QmsModel):
    """One row per province plus the totals."""

    period: Period
    """The period."""
    rows: tuple[RollupRow, ...]
    """One per province, by id."""
    total: RollupRow
    """Sum over the provinces."""
    not_reported: tuple[NotReported, ...] = ()
    """Agencies and administrative units that no province reports, with the reason (they are
    in no row; see [`province_assignment`][vn_iso_qms.reports.province_assignment])."""


def national_rollup(
    dataset: QmsDataset,
    *,
    year: int,
    as_of: dt.date | None = None,
    policy: Policy = DEFAULT_POLICY,
    rules: RuleSet = STATUTORY_RULES,
    laws: LegalBasis = LEGAL_BASIS,
) -> NationalRollup:
    """Headline figures for every province in the dataset, with totals.

    Args:
        dataset: the records of several provinces.
        year: the period's year.
        as_of: the date the figures are known at (default: the period's last day).
        policy: the interpretations in force.
        rules: the rules evaluated (default: the statutory rules).
        laws: the legal instruments and the dates they are in force.

    Returns:
        The rollup.
    """
    period = policy.period_for(year, as_of=as_of)
    as_of = as_of or period.end
    ctx = make_context(dataset, as_of=as_of, year=year, policy=policy, laws=laws)
    ev = evaluate_in(ctx, rules=rules)  # one context for the evaluation and the rows
    rows = []
    for unit in sorted(dataset.admin_units, key=lambda u: u.id):
        if unit.level is not AdminUnitLevel.PROVINCE:
            continue
        registry = [a for a in ctx.agencies_in(unit.id) if ctx.exists_during_period(a)]
        if registry:
            rows.append(rollup_row(_build(ctx, unit.id, unit.name, registry, ev)))
    total = RollupRow.summed(rows, province_id="*", province_name="Tổng cộng")
    return NationalRollup(
        period=period,
        rows=tuple(rows),
        total=total,
        not_reported=province_assignment(dataset).not_reported,
    )


def rollup_row(report: ProvinceReport) -> RollupRow:
    """The headline figures of one province report."""
    f = report.figure
    return RollupRow(
        province_id=report.province_id,
        province_name=report.province_name,
        registry=f("registry.total").value,
        ended=f("registry.ended").value,
        announced=f("registry.announced").value,
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


for _func in (province_report, national_rollup):
    named_defaults(_func, DEFAULT_NAMES)
