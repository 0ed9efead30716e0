"""The rule kit: rules as values, rule sets, the one applicability gate, outcomes and duties.

A rule is a frozen [`Rule`][vn_iso_qms.rules.Rule]: its id, titles, the provision it applies,
the dates it is in force, what it requires of a unit before it runs, and a pure function. The
[`rule`][vn_iso_qms.rules.rule] decorator makes one and registers nothing; rule sets are
explicit, immutable and ordered ([`RuleSet`][vn_iso_qms.rules.RuleSet]).

Calling a rule applies, in this order: the dates its provision is in force (else "not
applicable" with the dates), the gate it asks for (the unit exists and is obliged or opted in,
has a QMS, has announced it), then its function, and wraps the outcome into a self-describing
[`RuleResult`][vn_iso_qms.RuleResult].
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter
from typing import Any, NamedTuple

from vn_iso_qms._internal.agency import Agency, AgencyEvent, established_on
from vn_iso_qms._internal.errors import UnknownRuleError
from vn_iso_qms._internal.evaluation.calendar import Deadline, add_days
from vn_iso_qms._internal.evaluation.context import EvaluationContext
from vn_iso_qms._internal.evaluation.law import QD19, REFORM_2025_LAW, Citation, cite
from vn_iso_qms._internal.evaluation.policy import MissingHistory, SuccessorQms
from vn_iso_qms._internal.evaluation.reasons import (
    DutyCodes,
    Ending,
    Reason,
    ReasonCode,
    make_reason,
)
from vn_iso_qms._internal.evaluation.result import RuleResult
from vn_iso_qms._internal.evaluation.status import ActivityStatus, RuleStatus, combine
from vn_iso_qms._internal.obligation import COMMUNE_KINDS
from vn_iso_qms._internal.qms import Announcement, QmsUnit
from vn_iso_qms._internal.vocab import (
    REFORM_2025_DATE,
    ActivityKind,
    AgencyEventKind,
    AgencyKind,
    ObligationClass,
)
from vn_iso_qms._internal.vocab_base import LabelledEnum

R = ReasonCode


class RuleScope(LabelledEnum, source="vn_iso_qms rule kit"):
    """What a rule is evaluated for."""

    AGENCY = "agency", "Cơ quan, đơn vị", "Agency"
    """One agency (registry unit) at a time."""
    PROVINCE = "province", "Tỉnh", "Province"
    """One province (an administrative unit of level province) at a time."""


class RuleBasis(LabelledEnum, source="vn_iso_qms rule kit (docs: Explanation → Legal basis)"):
    """What a rule's duty rests on: the text, a documented reading, or good practice."""

    LAW = "law", "Quy định của văn bản", "The text says it"
    """The text of the provision says it."""
    READING = "reading", "Cách hiểu được ghi rõ", "A documented reading"
    """The text is silent or open; the rule applies a documented reading (see the policy)."""
    PRACTICE = "practice", "Thực hành tốt", "Good practice"
    """Good practice, not law: information, never part of a verdict by default."""


class Requires(LabelledEnum, source="vn_iso_qms rule kit"):
    """What a unit must have before an agency rule runs (the one applicability gate)."""

    NOTHING = "nothing", "Không điều kiện", "Nothing"
    """Run for every unit evaluated."""
    UNIT = "unit", "Đơn vị thuộc đối tượng", "An obliged unit"
    """The unit exists on the effective day and is obliged, or opted in with a QMS."""
    QMS = "qms", "Có HTQLCL", "A QMS"
    """As `unit`, and a QMS covers it (else "not met": no QMS unit)."""
    ANNOUNCED = "announced", "HTQLCL đã công bố", "An announced QMS"
    """As `qms`, and the QMS was announced by the effective day (else "not applicable")."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a rule function returns: a status and the reasons for it."""

    status: RuleStatus
    """Met, not met, not yet due, not applicable."""
    reasons: tuple[Reason, ...] = ()
    """Why (empty for a plain "met")."""

    @classmethod
    def met(cls, *reasons: Reason) -> Outcome:
        """Met, with optional reasons (information)."""
        return cls(RuleStatus.MET, reasons)

    @classmethod
    def not_met(cls, *reasons: Reason) -> Outcome:
        """Not met, with the reasons."""
        return cls(RuleStatus.NOT_MET, reasons)

    @classmethod
    def not_applicable(cls, *reasons: Reason) -> Outcome:
        """The duty does not apply, with the reason."""
        return cls(RuleStatus.NOT_APPLICABLE, reasons)

    @classmethod
    def due_at_period_end(cls, ctx: EvaluationContext, *reasons: Reason) -> Outcome:
        """Not met once the period has closed at `as_of`, otherwise not yet due."""
        return cls(RuleStatus.NOT_MET if ctx.period_closed() else RuleStatus.NOT_YET_DUE, reasons)

    @classmethod
    def of_duties(cls, duties: Iterable[Duty], empty: Reason | ReasonCode) -> Outcome:
        """The combined outcome of dated duties; not applicable (`empty`) when there is none.

        The reasons are those of the duties that are not on time (and any extra reason a duty
        carries, such as a late completion that still counts as done). `empty` may be a reason
        code that takes no parameters: its reason is then built once and shared (reasons are
        immutable), as every unit without such duties gives the same one.
        """
        duties = tuple(duties)
        if not duties:
            return cls.not_applicable(empty if isinstance(empty, Reason) else plain_reason(empty))
        return cls.combined(duties)

    @classmethod
    def combined(cls, duties: Iterable[Duty]) -> Outcome:
        """The combined status of dated duties (met when there is none) and their reasons."""
        duties = tuple(duties)
        return cls(combine(d.status for d in duties), tuple(r for d in duties for r in d.reasons))


@cache
def plain_reason(code: ReasonCode) -> Reason:
    """The reason of `code` without parameters, built once and shared (reasons are immutable).

    Raises:
        ValueError: `code` requires parameters.
    """
    return make_reason(code)


@dataclass(frozen=True, slots=True)
class Duty:
    """One dated duty of a rule: its deadline, when it was done, how it was judged, why."""

    deadline: dt.date
    """The last day (inclusive)."""
    done_on: dt.date | None
    """When it was done (None: not done by `as_of`)."""
    status: ActivityStatus
    """On time, late, overdue, not yet due (from [`judge`][vn_iso_qms.rules.EvaluationContext.judge])."""
    reasons: tuple[Reason, ...] = ()
    """Why it is not on time (empty when it is)."""


@dataclass(frozen=True, slots=True)
class Unit:
    """The unit an agency rule runs for, as the gate found it."""

    agency: Agency
    """The agency."""
    qms: QmsUnit | None
    """The QMS covering it on the effective day (None unless the rule requires one)."""
    announced: tuple[Announcement, ...] = ()
    """The QMS's announcements up to the effective day, oldest first (for `announced` rules)."""

    @property
    def id(self) -> str:
        """The agency id."""
        return self.agency.id

    @property
    def qms_unit(self) -> QmsUnit:
        """The QMS (rules that require one may use this instead of checking for None)."""
        if self.qms is None:  # pragma: no cover - the gate guarantees it
            msg = f"{self.agency.id} has no QMS"
            raise LookupError(msg)
        return self.qms


AgencyFunction = Callable[[EvaluationContext, Unit], Outcome]
"""The body of an agency rule: `(context, unit) -> Outcome`. Pure: no clock, no I/O."""
ProvinceFunction = Callable[[EvaluationContext, str], Outcome]
"""The body of a province rule: `(context, province id) -> Outcome`."""


class StepsBefore(NamedTuple):
    """The dates of the four steps of QĐ 19 Art. 4.2.a-d on or before an announcement."""

    approvals: list[dt.date]
    """Approvals of the documents and processes (point a): each `DocumentApproval`, each
    `Activity` of that kind, and the QMS's earliest process revision (later ones follow it)."""
    audits: list[dt.date]
    """Internal audits (point b)."""
    reviews: list[dt.date]
    """Management reviews (point c)."""
    confirmations: list[dt.date]
    """The head's confirmations of effectiveness (point d)."""


_QMS_AND_REVISIONS = attrgetter("qms_id", "revisions")


def first_process_approvals(ctx: EvaluationContext) -> Mapping[str, dt.date]:
    """Each QMS's earliest approval of a process (a process's first revision), by QMS id.

    A process's later revisions follow its first (revisions are in order: `Process`), and the
    steps of QĐ 19 Art. 4.2.a ask only whether documents were approved by a day: the earliest
    approval answers it. Read in one pass over the processes.
    """

    def build() -> dict[str, dt.date]:
        found: dict[str, dt.date] = {}
        for qms_id, revisions in map(_QMS_AND_REVISIONS, ctx.dataset.processes):
            if revisions:
                day = revisions[0].approved_on
                known = found.get(qms_id)
                if known is None or day < known:
                    found[qms_id] = day
        return found

    return ctx.memo(("kit.first_process_approvals",), build)


def _as_list(day: dt.date | None) -> list[dt.date]:
    return [] if day is None else [day]


def all_steps(ctx: EvaluationContext, qms: QmsUnit) -> StepsBefore:
    """Every dated step of QĐ 19 Art. 4.2.a-d of the QMS, each list sorted, read once."""

    def build() -> StepsBefore:
        # the steps' own records; the generic `Activity` form of before they existed still counts
        acts = [a for aid in qms.agency_ids for a in ctx.activities_of(aid)]
        return StepsBefore(
            approvals=sorted(
                [a.date for a in ctx.approvals_of(qms.id)]
                # the processes' earliest approval: later ones never come first, and never
                # decide whether the step came before a day (`first_process_approvals`)
                + _as_list(first_process_approvals(ctx).get(qms.id))
                + [a.date for a in acts if a.kind is ActivityKind.DOCUMENT_APPROVAL]
            ),
            audits=sorted(a.end for a in ctx.audits_of(qms.id)),
            reviews=sorted(r.date for r in ctx.reviews_of(qms.id)),
            confirmations=sorted(
                [c.date for c in ctx.confirmations_of(qms.id)]
                + [a.date for a in acts if a.kind is ActivityKind.EFFECTIVENESS_CONFIRMATION]
            ),
        )

    return ctx.memo(("rules_lifecycle.all_steps", qms.id), build)


def first_steps(ctx: EvaluationContext, qms: QmsUnit) -> tuple[dt.date | None, ...]:
    """The first day of each step of QĐ 19 Art. 4.2.a-d for the QMS (None: never)."""
    return ctx.memo(
        ("kit.first_steps", qms.id),
        lambda: tuple(dates[0] if dates else None for dates in all_steps(ctx, qms)),
    )


def steps_precede(ctx: EvaluationContext, qms: QmsUnit, ann: Announcement) -> bool:
    """Whether every step of QĐ 19 Art. 4.2.a-d is recorded on or before the announcement."""
    return all(day is not None and day <= ann.date for day in first_steps(ctx, qms))


# --- evidence: what the registry can show (DESIGN §9) -------------------------------------------

STEP_KINDS: tuple[tuple[ActivityKind, str], ...] = (
    (ActivityKind.DOCUMENT_APPROVAL, "a"),
    (ActivityKind.INTERNAL_AUDIT, "b"),
    (ActivityKind.MANAGEMENT_REVIEW, "c"),
    (ActivityKind.EFFECTIVENESS_CONFIRMATION, "d"),
)
"""The steps of QĐ 19 Art. 4.2 that precede an announcement: the kind of record, the point."""


def earliest_record(ctx: EvaluationContext, kind: ActivityKind) -> dt.date | None:
    """The day of the earliest record of `kind` the dataset holds, any unit (None: it holds none).

    The records of a step in every form the rules read it (`all_steps`): for the approval of
    documents, `DocumentApproval`, a process revision's approval and the generic `Activity`;
    for the confirmation, `EffectivenessConfirmation` and the `Activity`; internal audits
    (their last day) and management reviews.
    """

    def build() -> dt.date | None:
        ds = ctx.dataset
        days: list[dt.date] = [a.date for a in ds.activities if a.kind is kind]
        if kind is ActivityKind.DOCUMENT_APPROVAL:
            days += [a.date for a in ds.document_approvals]
            days += first_process_approvals(ctx).values()
        elif kind is ActivityKind.INTERNAL_AUDIT:
            days += [a.end for a in ds.internal_audits]
        elif kind is ActivityKind.MANAGEMENT_REVIEW:
            days += [r.date for r in ds.management_reviews]
        elif kind is ActivityKind.EFFECTIVENESS_CONFIRMATION:
            days += [c.date for c in ds.effectiveness_confirmations]
        return min(days, default=None)

    return ctx.memo(("kit.earliest_record", kind), build)


def records_kept_from(ctx: EvaluationContext, kind: ActivityKind) -> dt.date | None:
    """The registry's evidence horizon for `kind`: before this day, no record can be expected.

    The one notion of "absence of evidence" every rule uses (DESIGN §9). It is the later of:

    - the day the policy declares (`Policy.steps_presumed_before`, for the four steps of QĐ 19
      Art. 4.2), which holds even inside the evaluated period;
    - with `Policy.missing_history` `presume` (default), the first day of the period (year, by
      `Policy.period`) of the dataset's earliest record of that kind: registries are kept by
      year, so a record of a year shows the registry holds that year (a confirmation dated
      after the announcement of the same year is evidence of the order, not of a gap); never
      later than the evaluated period's first day (the registry is taken to hold the period it
      reports on): a kind the dataset holds no record of at all is kept from the period's
      first day.

    None: every day is evidenced (`strict` and nothing declared): a missing record is a failure.
    """
    declared = ctx.policy.steps_presumed_before
    inferred: dt.date | None = None
    if ctx.policy.missing_history is MissingHistory.PRESUME:
        first = earliest_record(ctx, kind)
        start = ctx.policy.period_containing(first).start if first is not None else None
        inferred = ctx.period.start if start is None else min(start, ctx.period.start)
    found = [d for d in (declared, inferred) if d is not None]
    return max(found) if found else None


class StepGap(NamedTuple):
    """A step of QĐ 19 Art. 4.2.a-d not recorded on or before an announcement."""

    kind: ActivityKind
    """The kind of record the step would have."""
    point: str
    """Its point of Art. 4.2 (a-d)."""
    kept_from: dt.date | None
    """The registry's horizon for the kind when it is after the announcement: the step is not
    evidenced, and presumed; None: the registry keeps such records, the step is missing."""

    @property
    def presumed(self) -> bool:
        """Whether the step is presumed (the registry could not show it)."""
        return self.kept_from is not None


def step_gaps(ctx: EvaluationContext, qms: QmsUnit, ann: Announcement) -> tuple[StepGap, ...]:
    """Each step of QĐ 19 Art. 4.2.a-d not recorded on or before `ann`, presumed or missing.

    A step is presumed when the announcement is dated before the registry's horizon for its
    kind (`records_kept_from`): the registry holds no record that could show it.
    """

    def build() -> tuple[StepGap, ...]:
        gaps = []
        for (kind, point), day in zip(STEP_KINDS, first_steps(ctx, qms), strict=True):
            if day is not None and day <= ann.date:
                continue
            kept = records_kept_from(ctx, kind)
            gaps.append(
                StepGap(kind, point, kept if kept is not None and ann.date < kept else None)
            )
        return tuple(gaps)

    # asked by several rules for the same announcement (in effect, order, presumed steps)
    return ctx.memo(("kit.step_gaps", qms.id, ann.id, ann.date), build)


def presumed_steps(ctx: EvaluationContext, qms: QmsUnit, ann: Announcement) -> tuple[Reason, ...]:
    """The `step_presumed` reasons of `ann` (information: "not evidenced", never a failure)."""
    return tuple(
        make_reason(
            R.STEP_PRESUMED,
            step=gap.kind,
            date=ann.date,
            kept_from=gap.kept_from,
            citation=cite(QD19, "4", "2", gap.point),
            record_ids=(qms.id, ann.id),
        )
        for gap in step_gaps(ctx, qms, ann)
        if gap.presumed
    )


def valid_announcement(ctx: EvaluationContext, qms: QmsUnit, ann: Announcement) -> bool:
    """Whether `ann` puts the QMS in effect: each step precedes it, or is presumed (`step_gaps`)."""
    return all(gap.presumed for gap in step_gaps(ctx, qms, ann))


# --- successors across a merger (Policy.successor_qms) -----------------------------------------


def succession(ctx: EvaluationContext, agency: Agency) -> tuple[AgencyEvent, ...]:
    """The events that made the agency a successor: mergers or splits of other units into it.

    An agency is a successor when it was established by the merger or split of others: an
    event of a predecessor (`merged_into`, `split`) names it and is dated on its first day (or
    the day before). An agency that existed before and absorbs another is not a successor (it
    keeps its QMS and re-announces: `Policy.reannounce_after_merger`).
    """
    events = ctx.events_into(agency.id)
    if not events:  # most agencies: nothing merged or split into them
        return ()
    return tuple(
        ev
        for ev in events
        if ev.kind in (AgencyEventKind.MERGED_INTO, AgencyEventKind.SPLIT)
        and established_on(agency, ev.date)
    )


@dataclass(frozen=True, slots=True)
class Inheritance:
    """A predecessor's announcement in effect on its last day, which a successor may inherit."""

    since: dt.date
    """The successor's first day."""
    predecessor_id: str
    """The predecessor agency."""
    qms: QmsUnit
    """The predecessor's QMS on its last day."""
    announcement: Announcement
    """The announcement that put it in effect (the latest valid one by that day)."""
    event: AgencyEvent
    """The event that made the agency its successor."""


def inheritance(ctx: EvaluationContext, agency: Agency) -> Inheritance | None:
    """The announcement a successor can inherit from a predecessor, if any (first by id).

    For each predecessor (see `succession`), its QMS on its last day (the day before the event)
    and the latest announcement by that day that put it in effect (QĐ 19 Art. 4.2-4.3).
    Whether the successor inherits it is the policy's reading (`Policy.successor_qms`).
    """
    if not ctx.events_into(agency.id):  # most agencies: nothing merged or split into them
        return None

    def build() -> Inheritance | None:
        assert agency.valid_from is not None  # a successor has a first day
        for ev in sorted(succession(ctx, agency), key=lambda e: (e.agency_id, e.id)):
            last = add_days(ev.date, -1)
            for qms in ctx.qms_units_of(ev.agency_id):
                if not qms.valid_on(last):
                    continue
                valid = [
                    a
                    for a in ctx.announcements_until(qms.id, last)
                    if valid_announcement(ctx, qms, a)
                ]
                if valid:
                    return Inheritance(agency.valid_from, ev.agency_id, qms, valid[-1], ev)
        return None

    if not succession(ctx, agency):
        return None
    return ctx.memo(("kit.inheritance", agency.id), build)


def inherits(ctx: EvaluationContext, agency: Agency) -> Inheritance | None:
    """The inheritance the policy grants the agency (`successor_qms` `inherit`), else None."""
    if ctx.policy.successor_qms is not SuccessorQms.INHERIT:
        return None
    return inheritance(ctx, agency)


def own_announcements(
    ctx: EvaluationContext, agency: Agency, qms: QmsUnit, day: dt.date
) -> tuple[Announcement, ...]:
    """The announcements of `qms` by `day` that are the agency's own, oldest first.

    All of them, except for a successor: an announcement dated before its first day is a
    predecessor's (a QMS re-pointed to cover the successor). By default it does not count for
    the successor at all (`successor_qms` `announce_anew`); with `inherit` the successor
    inherits it (see `inherits`), but it is still not the successor's own announcement.
    """
    announced = ctx.announcements_until(qms.id, day)
    first = agency.valid_from
    if first is None or not announced or announced[0].date >= first or not succession(ctx, agency):
        return announced
    return tuple(a for a in announced if a.date >= first)


_ENDINGS = {e.value: e for e in Ending}


def ended_reason(ctx: EvaluationContext, agency: Agency) -> Reason:
    """The not-applicable reason of a unit that ended: its ending event, or its validity."""
    event = ctx.ended_event(agency)
    if event is not None:
        return make_reason(
            R.AGENCY_ENDED,
            how=_ENDINGS.get(event.kind.value, Ending.ENDED),
            successors=tuple(ctx.agency_name(s) for s in event.successor_ids) or None,
            date=event.date,
            decision=event.decision_number,
            record_ids=(agency.id, event.id),
        )
    last = agency.valid_to or ctx.day
    return make_reason(
        R.AGENCY_ENDED,
        how=Ending.ENDED,
        date=add_days(last, 1),
        record_ids=(agency.id,),
    )


def gate(ctx: EvaluationContext, agency: Agency, requires: Requires) -> Unit | Outcome:
    """The one applicability gate of agency duties: the unit, or why the duty does not apply.

    In order: the unit ended before the effective day; it is not established yet; its level was
    abolished (district units from 01/07/2025); it is not obliged and applied no QMS (or the
    policy does not hold opted-in units); then, as `requires` asks, no QMS covers it ("not met")
    or its QMS is not announced yet ("not applicable").

    Each level builds on the one below, read from the evaluation's cache: a unit's applicability
    is judged once, whatever the number of rules that ask.
    """
    if requires is Requires.NOTHING:
        return Unit(agency, ctx.qms_of(agency.id))
    if requires is Requires.QMS or requires is Requires.ANNOUNCED:
        below = gated(ctx, agency.id, Requires.UNIT if requires is Requires.QMS else Requires.QMS)
        if isinstance(below, Outcome):
            return below
        if requires is Requires.QMS:
            if below.qms is None:
                return Outcome.not_met(
                    make_reason(
                        R.NO_QMS_UNIT, citation=cite(QD19, "2", "1"), record_ids=(agency.id,)
                    )
                )
            return below
        qms = below.qms
        assert qms is not None  # the level below requires it
        announced = own_announcements(ctx, agency, qms, ctx.day)
        if not announced:
            return Outcome.not_applicable(not_announced(qms))
        return Unit(agency, qms, announced)
    qms = ctx.qms_of(agency.id)
    if ctx.ended_in_period(agency):
        return Outcome.not_applicable(ended_reason(ctx, agency))
    if agency.valid_from is not None and agency.valid_from > ctx.day:
        return Outcome.not_applicable(
            make_reason(
                R.AGENCY_NOT_YET_ESTABLISHED, date=agency.valid_from, record_ids=(agency.id,)
            )
        )
    obligation = ctx.obligation(agency)
    if obligation is not ObligationClass.MANDATORY:
        if obligation is ObligationClass.NOT_COVERED and agency.kind in (
            AgencyKind.DISTRICT_PEOPLE_COMMITTEE,
            AgencyKind.DISTRICT_DIVISION,
        ):
            return Outcome.not_applicable(
                make_reason(
                    R.DISTRICT_LEVEL_ABOLISHED,
                    date=REFORM_2025_DATE,
                    citation=cite(REFORM_2025_LAW),
                    record_ids=(agency.id,),
                )
            )
        # a body QĐ 19 does not cover is judged against the plan only, never against its
        # duties; an encouraged unit that applied a QMS is held to them by the policy's reading
        if (
            obligation is ObligationClass.NOT_COVERED
            or qms is None
            or not ctx.policy.hold_encouraged_with_qms
        ):
            return Outcome.not_applicable(
                make_reason(
                    R.NOT_OBLIGED,
                    kind=agency.kind,
                    obligation=obligation,
                    citation=cite(QD19, "2"),
                    record_ids=(agency.id,),
                )
            )
    return Unit(agency, qms)


def gated(ctx: EvaluationContext, agency_id: str, requires: Requires) -> Unit | Outcome:
    """`gate`, once per agency and level in an evaluation (the context's cache).

    The cache's dictionary is read directly: this runs for every rule and subject, and the
    closure `ctx.memo` takes would cost more than the lookup itself.
    """
    memo = ctx._memo
    key = ("kit.gate", agency_id, requires)
    found: Unit | Outcome | None = memo.get(key)  # type: ignore[assignment]
    if found is None:
        found = memo[key] = gate(ctx, ctx.agency(agency_id), requires)
    return found


def _obliged_since(ctx: EvaluationContext, agency: Agency) -> dt.date | None:
    """The day the agency became obliged: its first day, its kind's, or its designation's.

    A kind becomes mandatory by the policy (communes); a designation by the province (TT 26
    Art. 6.5) makes a public service unit mandatory from its date.
    """
    since = agency.valid_from
    mandatory_from = ctx.policy.communes_mandatory_from
    if agency.kind in COMMUNE_KINDS and mandatory_from is not None:
        since = mandatory_from if since is None else max(since, mandatory_from)
    designation = ctx.designation_of(agency.id)
    if designation is not None:
        since = designation.date if since is None else max(since, designation.date)
    return since


def _grace_until(ctx: EvaluationContext, agency: Agency) -> dt.date | None:
    """The last day of the agency's grace as a new obligee, or None when it has none now."""
    months = ctx.policy.new_duty_grace_months
    since = _obliged_since(ctx, agency)
    if since is None or months == 0:
        return None
    if inherits(ctx, agency) is not None:
        return None  # a successor that inherits a QMS in effect has nothing to build
    # a grace can last at most `months` months and a few days off: skip the calendar when
    # `as_of` is well past it (most units were obliged long ago)
    if (ctx.as_of - since).days > 31 * months + 31:
        return None
    return ctx.calendar.time_limit(since, months=months).due


def with_new_duty_grace(ctx: EvaluationContext, unit: Unit, outcome: Outcome) -> Outcome:
    """A "not met" of a unit still within its grace as a new obligee, as "not yet due".

    A unit that became obliged during the last `Policy.new_duty_grace_months` months (a Civil
    Code time limit) cannot yet have met every duty; the law leaves the time open (a documented
    reading). The reason says since when and until when.
    """
    if outcome.status is not RuleStatus.NOT_MET:
        return outcome
    until = ctx.memo(("kit.grace_until", unit.agency.id), lambda: _grace_until(ctx, unit.agency))
    if until is None or ctx.as_of >= until:
        return outcome
    since = _obliged_since(ctx, unit.agency)
    assert since is not None  # a grace has a start
    grace = make_reason(R.NEW_OBLIGEE_GRACE, since=since, until=until, record_ids=(unit.id,))
    return Outcome(RuleStatus.NOT_YET_DUE, (*outcome.reasons, grace))


def province_gate(ctx: EvaluationContext, province_id: str) -> Outcome | None:
    """Why a province's duties do not apply on the effective day (None when they may).

    A province established after the effective day (Resolution 202/2025/QH15: the merged
    provinces from 01/07/2025) has no duty yet. A province that ended is judged duty by duty:
    each rule leaves out what falls due after its last day (`province_life`).
    """
    unit = ctx.admin_unit(province_id)
    if unit is not None and unit.valid_from is not None and unit.valid_from > ctx.day:
        return Outcome.not_applicable(
            make_reason(
                R.PROVINCE_NOT_YET_ESTABLISHED, date=unit.valid_from, record_ids=(province_id,)
            )
        )
    return None


def province_life(ctx: EvaluationContext, province_id: str, due: dt.date) -> Outcome | None:
    """A "not applicable" outcome for a province duty due outside the province's life, or None.

    A province that ended is not held to a duty falling due after its last day; the reason
    names its successors (Resolution 202/2025/QH15: the old provinces end on 30/06/2025). A
    province established after the duty fell due is not held to it either.
    """
    unit = ctx.admin_unit(province_id)
    if unit is None:
        return None
    if unit.valid_to is not None and due > unit.valid_to:
        successors = tuple(
            (s.name if (s := ctx.admin_unit(i)) is not None else i) for i in unit.successor_ids
        )
        return Outcome.not_applicable(
            make_reason(
                R.PROVINCE_ENDED,
                date=unit.valid_to,
                successors=successors or None,
                due=due,
                record_ids=(province_id, *unit.successor_ids),
            )
        )
    if unit.valid_from is not None and due < unit.valid_from:
        return Outcome.not_applicable(
            make_reason(
                R.PROVINCE_NOT_YET_ESTABLISHED, date=unit.valid_from, record_ids=(province_id,)
            )
        )
    return None


def with_new_province_grace(ctx: EvaluationContext, province_id: str, outcome: Outcome) -> Outcome:
    """A "not met" of a new province still within its grace as a new obligee, as "not yet due".

    A province established during the last `Policy.new_duty_grace_months` months without a
    predecessor is a new obligee (a documented reading, as for a unit). A province formed by
    merging others (Resolution 202/2025/QH15: an earlier province names it among its successors)
    is not: its People's Committee and departments were bound by the same yearly duties (QĐ 19
    Art. 12, TT 26 Art. 33-38) before, and carry them on (the departments were merged as they
    stood, NQ 76/2025/UBTVQH15 Art. 10.5), so it gets no grace.
    """
    if outcome.status is not RuleStatus.NOT_MET:
        return outcome
    unit = ctx.admin_unit(province_id)
    months = ctx.policy.new_duty_grace_months
    if unit is None or unit.valid_from is None or months == 0:
        return outcome
    if ctx.predecessors_of(province_id):
        return outcome
    until = ctx.calendar.time_limit(unit.valid_from, months=months).due
    if ctx.as_of >= until:
        return outcome
    grace = make_reason(
        R.NEW_OBLIGEE_GRACE, since=unit.valid_from, until=until, record_ids=(province_id,)
    )
    return Outcome(RuleStatus.NOT_YET_DUE, (*outcome.reasons, grace))


def not_announced(qms: QmsUnit, citation: Citation | None = None) -> Reason:
    """The reason of a QMS not announced yet."""
    return make_reason(
        R.NOT_ANNOUNCED, qms=qms.name or qms.id, citation=citation, record_ids=(qms.id,)
    )


def duty(
    ctx: EvaluationContext,
    deadline: dt.date | Deadline,
    done_on: dt.date | None,
    codes: DutyCodes,
    *,
    citation: Citation,
    record_ids: tuple[str, ...],
    **params: Any,
) -> Duty:
    """Judge one dated duty; a duty not done on time carries its reason (`codes` by status).

    `params` fill the reason's template; `due` (the deadline), `moved_from` (the day off a
    Civil Code time limit moved from) and `done` (when done) are added.
    """
    moved_from = deadline.moved_from if isinstance(deadline, Deadline) else None
    deadline = deadline.due if isinstance(deadline, Deadline) else deadline
    status = ctx.judge(deadline, done_on)
    if status is ActivityStatus.ON_TIME:
        return Duty(deadline, done_on, status)
    reason = make_reason(
        codes.for_status(status),
        citation=citation,
        record_ids=record_ids,
        deadline=deadline,
        **_template_params(
            codes.for_status(status),
            {**params, "due": deadline, "done": done_on, "moved_from": moved_from},
        ),
    )
    return Duty(deadline, done_on, status, (reason,))


def reannouncement_deadline(ctx: EvaluationContext, change_day: dt.date) -> Deadline:
    """The last day to re-announce after a scope change on `change_day` (a policy reading).

    The law sets no deadline (Q8): `Policy.reannouncement_months` (default 3, by analogy with
    QĐ 19 Art. 4.4.a) counted as a Civil Code time limit, or, when that is None, the end of the
    period of the change.
    """
    months = ctx.policy.reannouncement_months
    if months is not None:
        return ctx.calendar.time_limit(change_day, months=months)
    end = ctx.policy.event_period_end(change_day)
    return Deadline(nominal=end, due=end)


def _template_params(code: ReasonCode, params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters `code`'s templates take (the others are left out)."""
    return {k: v for k, v in params.items() if k in code.params}


@dataclass(frozen=True, slots=True, eq=False)
class Rule:
    """A rule: id, titles, the provision it applies and when, what it requires, and its function.

    Call it as `rule(context, subject_id)` to get a self-describing
    [`RuleResult`][vn_iso_qms.RuleResult]. Equal when their ids, provision and function are the
    same object.

    Attributes:
        id: stable id (API), e.g. `"yearly_internal_audit"`.
        legal_ref: the R-number in the legal-basis table of the docs, e.g. `"R10"`.
        title_vi: what it checks, in Vietnamese.
        title_en: what it checks, in English.
        citation: the provision it applies.
        scope: agency or province.
        requires: the gate an agency rule passes before its function runs.
        basis: the text, a documented reading, or good practice.
        policy_fields: names of the [`Policy`][vn_iso_qms.Policy] fields it reads.
        in_force_from: first day the rule applies (default: its instrument's first day).
        in_force_to: last day the rule applies (default: its instrument's last day).
        grace: whether a new obligee's grace applies (False for a prohibition, which needs no
            time to comply with).
        function: the rule's body.
    """

    id: str
    legal_ref: str
    title_vi: str
    title_en: str
    citation: Citation
    function: Callable[[EvaluationContext, Any], Outcome] = field(repr=False)
    scope: RuleScope = RuleScope.AGENCY
    requires: Requires = Requires.UNIT
    basis: RuleBasis = RuleBasis.LAW
    policy_fields: tuple[str, ...] = ()
    in_force_from: dt.date | None = None
    in_force_to: dt.date | None = None
    grace: bool = True

    def title(self, lang: str = "vi") -> str:
        """What the rule checks, in `lang`."""
        return self.title_vi if lang == "vi" else self.title_en

    def in_force_on(self, ctx: EvaluationContext, day: dt.date) -> bool:
        """Whether the rule applies on `day`: its own dates and its instrument's (`ctx.laws`)."""
        if self.in_force_from is not None and day < self.in_force_from:
            return False
        if self.in_force_to is not None and day > self.in_force_to:
            return False
        return ctx.laws.in_force_on(self.citation.instrument, day)

    def _not_in_force(self, ctx: EvaluationContext) -> Outcome:
        instrument = ctx.laws.get(self.citation.instrument)
        starts = [d for d in (self.in_force_from, instrument and instrument.in_force_from) if d]
        ends = [d for d in (self.in_force_to, instrument and instrument.in_force_to) if d]
        return Outcome.not_applicable(
            make_reason(
                R.RULE_NOT_IN_FORCE,
                day=ctx.day,
                start=max(starts) if starts else None,
                end=min(ends) if ends else None,
                citation=self.citation,
            )
        )

    def outcome(self, ctx: EvaluationContext, subject_id: str) -> Outcome:
        """The rule's outcome for one subject, before it is wrapped into a result."""
        # `ctx.memo`'s dictionary read directly: this runs for every rule and subject, and the
        # closures `memo` takes cost more than the lookups themselves
        memo = ctx._memo
        key = ("kit.in_force", self)
        in_force = memo.get(key)
        if in_force is None:
            in_force = memo[key] = self.in_force_on(ctx, ctx.day)
        if not in_force:
            return self._not_in_force(ctx)
        if self.scope is RuleScope.PROVINCE:
            closed = province_gate(ctx, subject_id)
            if closed is not None:
                return closed
            found = self.function(ctx, subject_id)
            if self.basis is RuleBasis.PRACTICE or not self.grace:
                return found
            return with_new_province_grace(ctx, subject_id, found)
        unit = gated(ctx, subject_id, self.requires)
        if isinstance(unit, Outcome):
            found = unit  # not applicable, or "not met": no QMS covers the unit
            unit = Unit(ctx.agency(subject_id), None)
        else:
            found = self.function(ctx, unit)
        if self.requires is Requires.NOTHING or self.basis is RuleBasis.PRACTICE or not self.grace:
            return found
        return with_new_duty_grace(ctx, unit, found)

    def __call__(self, ctx: EvaluationContext, subject_id: str) -> RuleResult:
        """Evaluate the rule for one subject."""
        found = self.outcome(ctx, subject_id)
        memo = ctx._memo  # read directly, as in `outcome`
        key = ("kit.citation", self)
        citation: Citation | None = memo.get(key)  # type: ignore[assignment]
        if citation is None:
            citation = memo[key] = ctx.laws.as_it_stood(self.citation, ctx.day)
        return RuleResult._unchecked(
            rule_id=self.id,
            subject_id=subject_id,
            status=found.status,
            reasons=found.reasons,
            citation=citation,
            title_vi=self.title_vi,
            title_en=self.title_en,
        )


def rule(
    id: str,
    *,
    legal_ref: str,
    title_vi: str,
    title_en: str,
    citation: Citation,
    scope: RuleScope = RuleScope.AGENCY,
    requires: Requires = Requires.UNIT,
    basis: RuleBasis = RuleBasis.LAW,
    policy_fields: tuple[str, ...] = (),
    in_force_from: dt.date | None = None,
    in_force_to: dt.date | None = None,
    grace: bool = True,
) -> Callable[[Callable[[EvaluationContext, Any], Outcome]], Rule]:
    """Make a function into a [`Rule`][vn_iso_qms.rules.Rule] (decorator). Registers nothing.

    Put the rule into a [`RuleSet`][vn_iso_qms.rules.RuleSet] to evaluate it.

    Args:
        id: stable rule id.
        legal_ref: the R-number in the legal reference.
        title_vi: what it checks, in Vietnamese.
        title_en: what it checks, in English.
        citation: the provision it applies.
        scope: agency (default) or province.
        requires: for an agency rule, what the unit must have before the body runs.
        basis: the text (default), a documented reading, or good practice.
        policy_fields: the policy fields it reads.
        in_force_from: first day it applies, when later than its instrument's.
        in_force_to: last day it applies, when earlier than its instrument's.
        grace: whether a new obligee's grace applies (default yes; no for a prohibition).

    Returns:
        A decorator that returns the `Rule`.
    """

    def decorate(function: Callable[[EvaluationContext, Any], Outcome]) -> Rule:
        return Rule(
            id=id,
            legal_ref=legal_ref,
            title_vi=title_vi,
            title_en=title_en,
            citation=citation,
            function=function,
            scope=scope,
            requires=requires,
            basis=basis,
            policy_fields=policy_fields,
            in_force_from=in_force_from,
            in_force_to=in_force_to,
            grace=grace,
        )

    return decorate


class RuleSet(Mapping[str, Rule]):
    """An immutable, ordered set of rules by id: the order results are reported in.

    Compose sets without changing any: `a | b` (union; an id in both is an error),
    [`without`][vn_iso_qms.rules.RuleSet.without], [`replace`][vn_iso_qms.rules.RuleSet.replace].

    Examples:
        >>> from vn_iso_qms.rules import STATUTORY_RULES
        >>> smaller = STATUTORY_RULES.without("no_third_party_certification")
        >>> len(STATUTORY_RULES) - len(smaller)
        1
    """

    __slots__ = ("_rules",)

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        found: dict[str, Rule] = {}
        for r in rules:
            if r.id in found:
                msg = f"rule {r.id!r} is in the set twice"
                raise ValueError(msg)
            found[r.id] = r
        self._rules = found

    def __getitem__(self, rule_id: str) -> Rule:
        try:
            return self._rules[rule_id]
        except KeyError:
            known = ", ".join(self._rules)
            msg = f"no rule {rule_id!r}; known rules: {known}"
            raise UnknownRuleError(msg) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def __repr__(self) -> str:
        return f"RuleSet({list(self._rules)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuleSet):
            return NotImplemented
        return list(self._rules.items()) == list(other._rules.items())

    def __hash__(self) -> int:
        return hash(tuple(self._rules))

    def __or__(self, other: RuleSet | Iterable[Rule]) -> RuleSet:
        """The union: this set's rules, then the other's (an id in both raises ValueError)."""
        extra = other.values() if isinstance(other, RuleSet) else other
        return RuleSet((*self._rules.values(), *extra))

    def without(self, *rule_ids: str) -> RuleSet:
        """A set without these rules (each must be in this set)."""
        for rule_id in rule_ids:
            self[rule_id]  # an unknown id raises UnknownRuleError
        drop = set(rule_ids)
        return RuleSet(r for r in self._rules.values() if r.id not in drop)

    def replace(self, *rules: Rule) -> RuleSet:
        """A set where each of `rules` takes the place of the rule with its id."""
        new = {r.id: r for r in rules}
        for rule_id in new:
            self[rule_id]
        return RuleSet(new.get(r.id, r) for r in self._rules.values())

    def for_scope(self, scope: RuleScope) -> tuple[Rule, ...]:
        """Rules of one scope, in order."""
        return tuple(r for r in self._rules.values() if r.scope is scope)


__all__ = [
    "AgencyFunction",
    "Duty",
    "DutyCodes",
    "Outcome",
    "ProvinceFunction",
    "Requires",
    "Rule",
    "RuleBasis",
    "RuleScope",
    "RuleSet",
    "STEP_KINDS",
    "StepGap",
    "Unit",
    "duty",
    "earliest_record",
    "ended_reason",
    "gate",
    "make_reason",
    "not_announced",
    "presumed_steps",
    "reannouncement_deadline",
    "records_kept_from",
    "with_new_duty_grace",
    "rule",
    "step_gaps",
]
