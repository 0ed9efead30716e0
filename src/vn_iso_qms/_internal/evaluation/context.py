"""What one evaluation knows: the dataset, the day, the period, the policy, the law, and queries.

The indexes are private and built once; rules ask questions through read-only methods that
return tuples (no I/O, no clock).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Set
from operator import attrgetter
from typing import TypeVar

from vn_iso_qms._internal.agency import (
    AdministrativeUnit,
    Agency,
    AgencyEvent,
    ObligationDesignation,
)
from vn_iso_qms._internal.audit import (
    CorrectiveAction,
    InternalAudit,
    ManagementReview,
    Nonconformity,
)
from vn_iso_qms._internal.dataset import QmsDataset, processes_by_qms
from vn_iso_qms._internal.evaluation.assignment import province_assignment
from vn_iso_qms._internal.evaluation.calendar import WorkingCalendar
from vn_iso_qms._internal.evaluation.law import LEGAL_BASIS, LegalBasis
from vn_iso_qms._internal.evaluation.policy import Period, Policy
from vn_iso_qms._internal.evaluation.status import ActivityStatus
from vn_iso_qms._internal.inspection import (
    CorrectiveActionReport,
    Inspection,
    InspectionPlan,
    StatutoryReport,
)
from vn_iso_qms._internal.obligation import obligation_class
from vn_iso_qms._internal.plan import Activity, AnnualPlan, PlanAmendment, PlannedActivity
from vn_iso_qms._internal.qms import (
    Announcement,
    DocumentApproval,
    EffectivenessConfirmation,
    LegalChange,
    Process,
    QmsUnit,
    QmsUpdate,
    ScopeDecision,
    Tthc,
    TthcListUpdate,
)
from vn_iso_qms._internal.vocab import AdminUnitLevel, ObligationClass

V = TypeVar("V")


def _group(
    items: Iterable[V], attr: str, order: str | None = None, *, many: bool = False
) -> dict[str, tuple[V, ...]]:
    """Items grouped by their field `attr` (by each id of a tuple field when `many`).

    Each group is sorted by the field `order` (then id) when given.
    """
    out: dict[str, list[V]] = defaultdict(list)
    key = attrgetter(attr)
    if many:
        for item in items:
            for k in key(item):
                out[k].append(item)
    else:
        for item in items:
            out[key(item)].append(item)
    if order is not None:
        by_order = attrgetter(order, "id")
        for group in out.values():
            group.sort(key=by_order)
    return {k: tuple(v) for k, v in out.items()}


class EvaluationContext:
    """A dataset, the date and period evaluated, the policy, the law, and the queries rules ask.

    Everything here is derived from its inputs; two contexts built from equal inputs answer every
    question equally, whatever the order of the records in the dataset. Build one with
    [`make_context`][vn_iso_qms.rules.make_context].

    Args:
        dataset: the records.
        as_of: the date of evaluation; nothing after it is known.
        period: the period evaluated.
        policy: the interpretations in force.
        laws: the legal instruments and the dates they are in force.
    """

    def __init__(
        self,
        dataset: QmsDataset,
        *,
        as_of: dt.date,
        period: Period,
        policy: Policy,
        laws: LegalBasis = LEGAL_BASIS,
    ) -> None:
        self._dataset = dataset
        self._as_of = as_of
        self._period = period
        self._policy = policy
        self._laws = laws
        self._day = min(as_of, period.end)
        self._calendar = policy.working_calendar()
        ds = dataset
        self._agencies: Mapping[str, Agency] = ds.effective_agencies()
        self._admin_units: Mapping[str, AdministrativeUnit] = ds.index(AdministrativeUnit)
        self._qms_units: Mapping[str, QmsUnit] = ds.index(QmsUnit)
        self._plans: Mapping[str, AnnualPlan] = ds.index(AnnualPlan)
        self._qms_of_agency = _group(ds.qms_units, "agency_ids", "id", many=True)
        self._tthc_of_agency = _group(ds.tthc, "handler_ids", many=True)
        self._scope_decisions = _group(ds.scope_decisions, "qms_id", "date")
        self._approvals = _group(ds.document_approvals, "qms_id", "date")
        self._confirmations = _group(ds.effectiveness_confirmations, "qms_id", "date")
        self._announcements = _group(ds.announcements, "qms_id", "date")
        self._audits = _group(ds.internal_audits, "qms_id", "end")
        self._reviews = _group(ds.management_reviews, "qms_id", "date")
        self._updates = _group(ds.qms_updates, "qms_id", "date")
        self._nonconformities = _group(ds.nonconformities, "qms_id", "raised_on")
        self._actions_of_nc = _group(ds.corrective_actions, "nonconformity_id")
        self._reissued = frozenset(
            a.reissued_from_id for a in ds.corrective_actions if a.reissued_from_id
        )
        self._events_of = _group(ds.agency_events, "agency_id", "date")
        self._designations = _group(ds.obligation_designations, "agency_id", "date")
        self._events_into = _group(ds.agency_events, "successor_ids", "date", many=True)
        self._activities_of = _group(ds.activities, "agency_id", "date")
        self._planned_of = _group(ds.planned_activities, "agency_id", "id")
        self._amendments_of = _group(ds.plan_amendments, "plan_id", "approved_on")
        self._inspections_of = _group(ds.inspections, "agency_id", "inspected_on")
        self._reports_of_inspection = _group(
            ds.corrective_action_reports, "inspection_id", "submitted_on"
        )
        self._statutory = _group(ds.statutory_reports, "province_id", "submitted_on")
        self._list_updates = _group(ds.tthc_list_updates, "province_id", "date")
        self._predecessors: dict[str, tuple[AdministrativeUnit, ...]] | None = None
        self._children_of = _group(
            (a for a in self._agencies.values() if a.parent_id is not None), "parent_id", "id"
        )
        self._memo: dict[Hashable, object] = {}
        self._qms_on_day: dict[str, QmsUnit | None] = {}
        self._agencies_in: dict[str | None, tuple[Agency, ...]] | None = None

    # --- what framed the evaluation -------------------------------------------------------

    @property
    def dataset(self) -> QmsDataset:
        """The records."""
        return self._dataset

    @property
    def as_of(self) -> dt.date:
        """The evaluation date: records dated on or before it are known."""
        return self._as_of

    @property
    def period(self) -> Period:
        """The period evaluated."""
        return self._period

    @property
    def policy(self) -> Policy:
        """The interpretations in force."""
        return self._policy

    @property
    def laws(self) -> LegalBasis:
        """The legal instruments and the dates they are in force."""
        return self._laws

    @property
    def day(self) -> dt.date:
        """The effective day: the period's end, or `as_of` when that is earlier."""
        return self._day

    @property
    def calendar(self) -> WorkingCalendar:
        """Working days, with the policy's swapped days."""
        return self._calendar

    def memo(self, key: Hashable, build: Callable[[], V]) -> V:
        """A value derived once per evaluation: `build()` the first time `key` is asked for.

        For rules that derive something costly from the dataset and the day (an index, a
        population): the context is immutable, so the value stays right for its lifetime.
        Keys are shared by every rule: start them with your rule id.
        """
        try:
            return self._memo[key]  # type: ignore[return-value]
        except KeyError:
            value = self._memo[key] = build()
            return value

    # --- registry -------------------------------------------------------------------------

    def agency(self, agency_id: str) -> Agency:
        """The agency with `agency_id` (KeyError when there is none)."""
        return self._agencies[agency_id]

    def has_agency(self, agency_id: str) -> bool:
        """Whether the dataset has an agency with `agency_id`."""
        return agency_id in self._agencies

    def agencies(self) -> tuple[Agency, ...]:
        """Every agency of the dataset, by id."""
        return tuple(sorted(self._agencies.values(), key=lambda a: a.id))

    def agency_name(self, agency_id: str) -> str:
        """The agency's name, or its id when the dataset does not know it."""
        agency = self._agencies.get(agency_id)
        return agency.name if agency is not None else agency_id

    def children_of(self, agency_id: str) -> tuple[Agency, ...]:
        """Agencies whose parent is `agency_id`, by id."""
        return self._children_of.get(agency_id, ())

    def provinces(self) -> tuple[AdministrativeUnit, ...]:
        """Every administrative unit of level province, by id."""
        return tuple(
            sorted(
                (u for u in self._admin_units.values() if u.level is AdminUnitLevel.PROVINCE),
                key=lambda u: u.id,
            )
        )

    def admin_unit(self, unit_id: str) -> AdministrativeUnit | None:
        """The administrative unit with `unit_id`, or None when the dataset has none."""
        return self._admin_units.get(unit_id)

    def predecessors_of(self, unit_id: str) -> tuple[AdministrativeUnit, ...]:
        """Administrative units that name `unit_id` among their successors, by id."""
        if self._predecessors is None:  # one pass over the units, not one per question
            found: dict[str, list[AdministrativeUnit]] = defaultdict(list)
            for u in self._admin_units.values():
                for s in dict.fromkeys(u.successor_ids):
                    found[s].append(u)
            self._predecessors = {k: tuple(sorted(v, key=lambda u: u.id)) for k, v in found.items()}
        return self._predecessors.get(unit_id, ())

    def province_day(self, province_id: str) -> dt.date:
        """The day a province's figures are taken on: the effective day, or its last day.

        A province that ended during the period (Resolution 202/2025/QH15: 30/06/2025) is
        counted on its last day, with its own units; otherwise the effective day.
        """
        unit = self._admin_units.get(province_id)
        if unit is not None and unit.valid_to is not None and unit.valid_to < self._day:
            return max(unit.valid_to, self._period.start)
        return self._day

    def province_of(self, agency_id: str) -> str | None:
        """The province (administrative-unit id) that reports an agency, or None if none does.

        One assignment for the whole dataset ([`province_assignment`][vn_iso_qms.reports.province_assignment]),
        which also says why an agency is in no province.
        """
        return province_assignment(self._dataset).province_of.get(agency_id)

    def agencies_in(self, province_id: str) -> tuple[Agency, ...]:
        """Agencies of one province, by id (indexed on first use)."""
        if self._agencies_in is None:
            groups: dict[str | None, list[Agency]] = defaultdict(list)
            for agency in self.agencies():
                groups[self.province_of(agency.id)].append(agency)
            self._agencies_in = {k: tuple(v) for k, v in groups.items()}
        return self._agencies_in.get(province_id, ())

    def obligation(self, agency: Agency, on: dt.date | None = None) -> ObligationClass:
        """The agency's obligation class on the effective day (or on `on`).

        The class of its kind (QĐ 19 Art. 2, `OBLIGATION_BY_KIND`), or mandatory while a
        designation by the provincial People's Committee is in force (TT 26 Art. 6.5).
        """
        day = self._day if on is None else on
        if self.designation_of(agency.id, day) is not None:
            return ObligationClass.MANDATORY
        policy = self._policy
        return obligation_class(
            agency.kind,
            day,
            communes_mandatory_from=policy.communes_mandatory_from,
            provincial_police_mandatory=policy.provincial_police_mandatory,
            management_boards_mandatory=policy.management_boards_mandatory,
        )

    def designation_of(
        self, agency_id: str, on: dt.date | None = None
    ) -> ObligationDesignation | None:
        """The designation (TT 26 Art. 6.5) in force for the agency on the effective day (or `on`)."""
        day = self._day if on is None else on
        return next((d for d in self._designations.get(agency_id, ()) if d.applies_on(day)), None)

    def events_of(self, agency_id: str) -> tuple[AgencyEvent, ...]:
        """The agency's lifecycle events, oldest first."""
        return self._events_of.get(agency_id, ())

    def events_into(self, agency_id: str) -> tuple[AgencyEvent, ...]:
        """Events that name the agency as a successor (mergers into it, splits), oldest first."""
        return self._events_into.get(agency_id, ())

    def ended_event(self, agency: Agency) -> AgencyEvent | None:
        """The event that ended the agency, if any."""
        return next((e for e in self.events_of(agency.id) if e.kind.ends_agency), None)

    def ended_in_period(self, agency: Agency) -> bool:
        """Whether the agency stopped existing before the effective day (its last day is past)."""
        return agency.valid_to is not None and agency.valid_to < self._day

    def exists_during_period(self, agency: Agency) -> bool:
        """Whether the agency existed on some day of the period up to the effective day."""
        starts_ok = agency.valid_from is None or agency.valid_from <= self._day
        ends_ok = agency.valid_to is None or agency.valid_to >= self._period.start
        return starts_ok and ends_ok

    # --- QMS and its records --------------------------------------------------------------

    def qms_unit(self, qms_id: str) -> QmsUnit:
        """The QMS unit with `qms_id` (KeyError when there is none)."""
        return self._qms_units[qms_id]

    def qms_units_of(self, agency_id: str) -> tuple[QmsUnit, ...]:
        """Every QMS unit that has ever covered the agency, by id."""
        return self._qms_of_agency.get(agency_id, ())

    def qms_of(self, agency_id: str) -> QmsUnit | None:
        """The QMS unit covering the agency on the effective day (the first by id if several)."""
        try:
            return self._qms_on_day[agency_id]
        except KeyError:
            found = next((q for q in self.qms_units_of(agency_id) if q.valid_on(self._day)), None)
            self._qms_on_day[agency_id] = found
            return found

    def qms_on(self, agency_id: str, day: dt.date) -> QmsUnit | None:
        """The QMS unit covering the agency on `day` (the first by id if several)."""
        if day == self._day:
            return self.qms_of(agency_id)
        return next((q for q in self.qms_units_of(agency_id) if q.valid_on(day)), None)

    def tthc_of(self, agency_id: str) -> tuple[Tthc, ...]:
        """Every procedure the agency handles or handled, on any day (in force or not)."""
        return self._tthc_of_agency.get(agency_id, ())

    def tthc_required(
        self, qms: QmsUnit, day: dt.date, *, skip: Set[str] = frozenset()
    ) -> dict[str, Tthc]:
        """TTHC in force on `day` and handled that day by an agency the QMS covers, by code.

        Codes in `skip` are left out (not looked at).
        """
        out: dict[str, Tthc] = {}
        for agency_id in qms.agency_ids:
            for t in self.tthc_of(agency_id):
                if t.code in out or t.code in skip:
                    continue
                # the undated form names the agency for the procedure's whole life
                if t.handled_by(agency_id, day) if t.assignments else t.in_force_on(day):
                    out[t.code] = t
        return out

    def in_scope_since(self, qms: QmsUnit, tthc: Tthc, day: dt.date) -> dt.date | None:
        """The day the procedure last entered the QMS's scope, if it is in scope on `day`.

        A procedure enters the scope when it is published for one of the QMS's agencies or
        passes to one of them from an agency outside the QMS (`Tthc.handling_periods`).
        """
        for start, end in tthc.handling_periods(qms.agency_ids):
            if start <= day and (end is None or day < end):
                return start
        return None

    def approvals_of(self, qms_id: str) -> tuple[DocumentApproval, ...]:
        """Approvals of the QMS's documents (QĐ 19 Art. 4.2.a), by date."""
        return self._approvals.get(qms_id, ())

    def confirmations_of(self, qms_id: str) -> tuple[EffectivenessConfirmation, ...]:
        """The head's confirmations of the QMS's effectiveness (Art. 4.2.d), by date."""
        return self._confirmations.get(qms_id, ())

    def scope_decisions_of(self, qms_id: str) -> tuple[ScopeDecision, ...]:
        """Recorded decisions changing the QMS's scope, by date."""
        return self._scope_decisions.get(qms_id, ())

    def announcements_until(self, qms_id: str, day: dt.date) -> tuple[Announcement, ...]:
        """Announcements of a QMS dated on or before `day`, oldest first."""
        return tuple(a for a in self._announcements.get(qms_id, ()) if a.date <= day)

    def announcements_of(self, qms_id: str) -> tuple[Announcement, ...]:
        """Every announcement of a QMS, oldest first."""
        return self._announcements.get(qms_id, ())

    def audits_of(self, qms_id: str) -> tuple[InternalAudit, ...]:
        """Internal audits of a QMS, by end date."""
        return self._audits.get(qms_id, ())

    def reviews_of(self, qms_id: str) -> tuple[ManagementReview, ...]:
        """Management reviews of a QMS, by date."""
        return self._reviews.get(qms_id, ())

    def updates_of(self, qms_id: str) -> tuple[QmsUpdate, ...]:
        """Updates of a QMS after legal changes, by date."""
        return self._updates.get(qms_id, ())

    def processes_of(self, qms_id: str) -> tuple[Process, ...]:
        """Processes of a QMS (the dataset's grouping, built on first use)."""
        return processes_by_qms(self._dataset).get(qms_id, ())

    def legal_changes(self) -> tuple[LegalChange, ...]:
        """Every legal change of the dataset."""
        return self._dataset.legal_changes

    def nonconformities_of(self, qms_id: str) -> tuple[Nonconformity, ...]:
        """Nonconformities of a QMS, by the day raised."""
        return self._nonconformities.get(qms_id, ())

    def actions_of(self, nonconformity_id: str) -> tuple[CorrectiveAction, ...]:
        """Corrective actions taken on a nonconformity."""
        return self._actions_of_nc.get(nonconformity_id, ())

    def is_reissued(self, action_id: str) -> bool:
        """Whether a later corrective action replaced this one."""
        return action_id in self._reissued

    # --- plans, activities, inspections, reports ------------------------------------------

    def activities_of(self, agency_id: str) -> tuple[Activity, ...]:
        """Activity records of an agency, by date."""
        return self._activities_of.get(agency_id, ())

    def planned_activities_of(self, agency_id: str) -> tuple[PlannedActivity, ...]:
        """Planned activities given to an agency (in any plan), by id."""
        return self._planned_of.get(agency_id, ())

    def plan(self, plan_id: str) -> AnnualPlan:
        """The annual plan with `plan_id` (KeyError when there is none)."""
        return self._plans[plan_id]

    def plans(self) -> tuple[AnnualPlan, ...]:
        """Every annual plan, by id."""
        return tuple(sorted(self._plans.values(), key=lambda p: p.id))

    def amendments_of(self, plan_id: str) -> tuple[PlanAmendment, ...]:
        """Amendments of a plan, by approval date."""
        return self._amendments_of.get(plan_id, ())

    def inspection_plans(self) -> tuple[InspectionPlan, ...]:
        """Every inspection plan."""
        return self._dataset.inspection_plans

    def inspections_of(self, agency_id: str) -> tuple[Inspection, ...]:
        """Inspections of an agency, by date."""
        return self._inspections_of.get(agency_id, ())

    def reports_of_inspection(self, inspection_id: str) -> tuple[CorrectiveActionReport, ...]:
        """Corrective-action reports after an inspection, by submission date."""
        return self._reports_of_inspection.get(inspection_id, ())

    def statutory_reports(self, province_id: str) -> tuple[StatutoryReport, ...]:
        """Statutory reports of a province, by submission date."""
        return self._statutory.get(province_id, ())

    def tthc_list_updates_of(self, province_id: str) -> tuple[TthcListUpdate, ...]:
        """Updates of the province's published list of procedures, by date."""
        return self._list_updates.get(province_id, ())

    # --- judging dated duties -------------------------------------------------------------

    def judge(self, deadline: dt.date, done_on: dt.date | None) -> ActivityStatus:
        """Judge a duty with an inclusive `deadline`, done on `done_on` (None: not done).

        `as_of` means the end of that day: everything dated on or before it is known, and a
        deadline on `as_of` itself has passed. So a completion after `as_of` is ignored; done on
        or before the deadline is on time, after it late; not done is overdue once the deadline
        is on or before `as_of`, otherwise not yet due. The yearly duties use the same rule
        with the period's last day as deadline.
        """
        if done_on is not None and done_on <= self._as_of:
            return ActivityStatus.ON_TIME if done_on <= deadline else ActivityStatus.LATE
        return ActivityStatus.OVERDUE if deadline <= self._as_of else ActivityStatus.NOT_YET_DUE

    def relevant(self, deadline: dt.date, resolved_on: dt.date | None) -> bool:
        """Whether a duty with `deadline` belongs to this period's evaluation.

        It does when its deadline falls in the period, or when it fell earlier but the duty was
        still open at the start of the period (carried over). Deadlines after the period belong
        to a later period.
        """
        if deadline > self._period.end:
            return False
        if deadline >= self._period.start:
            return True
        return resolved_on is None or resolved_on >= self._period.start

    def period_closed(self) -> bool:
        """Whether `as_of` has reached the period's last day (a yearly duty is then due)."""
        return self._as_of >= self._period.end
