"""Indexes over a dataset for one evaluation: built once, read by every rule (no I/O, no clock)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TypeVar

from vn_iso_qms._internal.agency import AdministrativeUnit, Agency, AgencyEvent
from vn_iso_qms._internal.audit import (
    CorrectiveAction,
    Nonconformity,
)
from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.evaluation.policy import Period, Policy
from vn_iso_qms._internal.evaluation.result import ActivityStatus, Reason
from vn_iso_qms._internal.inspection import CorrectiveActionReport, Inspection, StatutoryReport
from vn_iso_qms._internal.obligation import obligation_class
from vn_iso_qms._internal.plan import Activity, AnnualPlan, PlanAmendment, PlannedActivity
from vn_iso_qms._internal.qms import Announcement, LegalChange, QmsUnit, QmsUpdate, Tthc
from vn_iso_qms._internal.vocab import AdminLevel, ObligationClass

K = TypeVar("K")
V = TypeVar("V")


def _group(items: Iterable[V], key: str) -> dict[str, list[V]]:
    out: dict[str, list[V]] = defaultdict(list)
    for item in items:
        out[getattr(item, key)].append(item)
    return out


def _group_many(items: Iterable[V], key: str) -> dict[str, list[V]]:
    out: dict[str, list[V]] = defaultdict(list)
    for item in items:
        for k in getattr(item, key):
            out[k].append(item)
    return out


class EvaluationContext:
    """A dataset, the date and period evaluated, the policy, and indexes the rules share.

    Everything here is derived from its inputs; two contexts built from equal inputs answer
    every question equally, whatever the order of the records in the dataset.

    Args:
        dataset: the records.
        as_of: the date of evaluation; nothing after it is known.
        period: the period evaluated.
        policy: the interpretations in force.
    """

    def __init__(self, dataset: QmsDataset, *, as_of: dt.date, period: Period, policy: Policy):
        self.dataset = dataset
        self.as_of = as_of
        self.period = period
        self.policy = policy
        self.day = min(as_of, period.end)
        """The effective day: the period's end, or `as_of` when that is earlier."""
        self.calendar = policy.working_calendar()
        ds = dataset
        self.agencies: Mapping[str, Agency] = ds.index(Agency)
        self.admin_units: Mapping[str, AdministrativeUnit] = ds.index(AdministrativeUnit)
        self.qms_units: Mapping[str, QmsUnit] = ds.index(QmsUnit)
        self.qms_of_agency = _group_many(ds.qms_units, "agency_ids")
        self.tthc_of_agency: dict[str, list[Tthc]] = _group_many(ds.tthc, "agency_ids")
        self.announcements = _sorted(_group(ds.announcements, "qms_id"), "date")
        self.audits = _sorted(_group(ds.internal_audits, "qms_id"), "end")
        self.reviews = _sorted(_group(ds.management_reviews, "qms_id"), "date")
        self.updates: dict[str, list[QmsUpdate]] = _sorted(_group(ds.qms_updates, "qms_id"), "date")
        self.legal_changes: tuple[LegalChange, ...] = ds.legal_changes
        self.nonconformities: dict[str, list[Nonconformity]] = _group(ds.nonconformities, "qms_id")
        self.actions_of_nc: dict[str, list[CorrectiveAction]] = _group(
            ds.corrective_actions, "nonconformity_id"
        )
        self.reissued_ids = {
            a.reissued_from_id for a in ds.corrective_actions if a.reissued_from_id
        }
        self.events_of: dict[str, list[AgencyEvent]] = _sorted(
            _group(ds.agency_events, "agency_id"), "date"
        )
        self.events_into: dict[str, list[AgencyEvent]] = _group_many(
            ds.agency_events, "successor_ids"
        )
        self.activities_of: dict[str, list[Activity]] = _sorted(
            _group(ds.activities, "agency_id"), "date"
        )
        self.planned_of: dict[str, list[PlannedActivity]] = _group(
            ds.planned_activities, "agency_id"
        )
        self.plans: Mapping[str, AnnualPlan] = ds.index(AnnualPlan)
        self.amendments_of: dict[str, list[PlanAmendment]] = _sorted(
            _group(ds.plan_amendments, "plan_id"), "approved_on"
        )
        self.inspections_of: dict[str, list[Inspection]] = _sorted(
            _group(ds.inspections, "agency_id"), "inspected_on"
        )
        self.reports_of_inspection: dict[str, list[CorrectiveActionReport]] = _sorted(
            _group(ds.corrective_action_reports, "inspection_id"), "submitted_on"
        )
        self.statutory: dict[str, list[StatutoryReport]] = _sorted(
            _group(ds.statutory_reports, "province_id"), "submitted_on"
        )
        self.processes_of = _group(ds.processes, "qms_id")
        self.children_of: dict[str, list[Agency]] = _group(
            (a for a in ds.agencies if a.parent_id is not None), "parent_id"
        )
        self._province_cache: dict[str, str | None] = {}
        self._agencies_in: dict[str | None, list[Agency]] | None = None

    # --- questions about agencies -------------------------------------------------------

    def province_of(self, agency_id: str) -> str | None:
        """The province (administrative-unit id) an agency belongs to, or None if unknown."""
        if agency_id in self._province_cache:
            return self._province_cache[agency_id]
        result: str | None = None
        seen: set[str] = set()
        current: Agency | None = self.agencies.get(agency_id)
        while current is not None and current.id not in seen and result is None:
            seen.add(current.id)
            result = self._province_of_unit(current.admin_unit_id)
            current = self.agencies.get(current.parent_id) if current.parent_id else None
        self._province_cache[agency_id] = result
        return result

    def _province_of_unit(self, unit_id: str | None) -> str | None:
        seen: set[str] = set()
        while unit_id is not None and unit_id not in seen:
            seen.add(unit_id)
            unit = self.admin_units.get(unit_id)
            if unit is None:
                return None
            if unit.level is AdminLevel.PROVINCE:
                return unit.id
            unit_id = unit.parent_id
        return None

    def agencies_in(self, province_id: str) -> list[Agency]:
        """Agencies of one province, by id (indexed on first use)."""
        if self._agencies_in is None:
            groups: dict[str | None, list[Agency]] = defaultdict(list)
            for agency in sorted(self.agencies.values(), key=lambda a: a.id):
                groups[self.province_of(agency.id)].append(agency)
            self._agencies_in = groups
        return self._agencies_in.get(province_id, [])

    def obligation(self, agency: Agency) -> ObligationClass:
        """The agency's obligation class on the effective day."""
        return obligation_class(
            agency.kind, self.day, communes_mandatory_from=self.policy.communes_mandatory_from
        )

    def qms_of(self, agency_id: str) -> QmsUnit | None:
        """The QMS unit covering the agency on the effective day (the first by id if several)."""
        units = [q for q in self.qms_of_agency.get(agency_id, ()) if q.valid_on(self.day)]
        return min(units, key=lambda q: q.id) if units else None

    def ended_event(self, agency: Agency) -> AgencyEvent | None:
        """The event that ended the agency, if any."""
        return next((e for e in self.events_of.get(agency.id, ()) if e.kind.ends_agency), None)

    def ended_in_period(self, agency: Agency) -> bool:
        """Whether the agency stopped existing before the effective day (its last day is past)."""
        return agency.valid_to is not None and agency.valid_to < self.day

    def exists_during_period(self, agency: Agency) -> bool:
        """Whether the agency existed on some day of the period up to the effective day."""
        starts_ok = agency.valid_from is None or agency.valid_from <= self.day
        ends_ok = agency.valid_to is None or agency.valid_to >= self.period.start
        return starts_ok and ends_ok

    def announcements_until(self, qms_id: str, day: dt.date) -> list[Announcement]:
        """Announcements of a QMS dated on or before `day`, oldest first."""
        return [a for a in self.announcements.get(qms_id, ()) if a.date <= day]

    def tthc_required(self, qms: QmsUnit, day: dt.date) -> dict[str, Tthc]:
        """TTHC in force on `day` handled by any agency the QMS covers, by code."""
        out: dict[str, Tthc] = {}
        for agency_id in qms.agency_ids:
            for t in self.tthc_of_agency.get(agency_id, ()):
                if t.in_force_on(day):
                    out.setdefault(t.code, t)
        return out

    def judge(self, deadline: dt.date, done_on: dt.date | None) -> ActivityStatus:
        """Judge a duty with an inclusive `deadline`, done on `done_on` (None: not done).

        `as_of` means the end of that day: everything dated on or before it is known, and a
        deadline on `as_of` itself has passed. So a completion after `as_of` is ignored; done on
        or before the deadline is on time, after it late; not done is overdue once the deadline
        is on or before `as_of`, otherwise not yet due. The yearly duties use the same rule
        with the period's last day as deadline.
        """
        if done_on is not None and done_on <= self.as_of:
            return ActivityStatus.ON_TIME if done_on <= deadline else ActivityStatus.LATE
        return ActivityStatus.OVERDUE if deadline <= self.as_of else ActivityStatus.NOT_YET_DUE

    def relevant(self, deadline: dt.date, resolved_on: dt.date | None) -> bool:
        """Whether a duty with `deadline` belongs to this period's evaluation.

        It does when its deadline falls in the period, or when it fell earlier but the duty was
        still open at the start of the period (carried over). Deadlines after the period belong
        to a later period.
        """
        if deadline > self.period.end:
            return False
        if deadline >= self.period.start:
            return True
        return resolved_on is None or resolved_on >= self.period.start


def _sorted(groups: dict[str, list[V]], attr: str) -> dict[str, list[V]]:
    for items in groups.values():
        items.sort(key=lambda x: (getattr(x, attr), getattr(x, "id", "")))
    return groups


_ENDED_VERBS = {
    "merged_into": ("sáp nhập vào", "merged into"),
    "split": ("chia tách thành", "split into"),
    "dissolved": ("giải thể", "dissolved"),
}


def ended_reason(
    agency: Agency, event: AgencyEvent | None, names: Mapping[str, Agency] | None = None
) -> Reason:
    """The not-applicable reason for a unit that ended: the event, or its validity.

    Args:
        agency: the unit that ended.
        event: the event that ended it, if recorded.
        names: agencies by id, to name the successors (ids are used when missing).
    """
    if event is not None:
        successors = ", ".join(
            names[s].name if names is not None and s in names else s for s in event.successor_ids
        )
        verb_vi, verb_en = _ENDED_VERBS.get(event.kind.value, ("kết thúc", "ended"))
        detail_en = f" {verb_en}{' ' + successors if successors else ''}"
        detail_vi = f" {verb_vi}{' ' + successors if successors else ''}"
        return Reason(
            code="agency_ended",
            message_vi=(
                f"Đơn vị đã{detail_vi} từ ngày "
                f"{event.date:%d/%m/%Y}"
                + (f" (Quyết định {event.decision_number})" if event.decision_number else "")
            ),
            message_en=(
                f"The unit was{detail_en} on {event.date.isoformat()}"
                + (f" (decision {event.decision_number})" if event.decision_number else "")
            ),
            record_ids=(agency.id, event.id),
        )
    last = agency.valid_to
    return Reason(
        code="agency_ended",
        message_vi=f"Đơn vị không còn tồn tại sau ngày {last:%d/%m/%Y}"
        if last
        else "Đơn vị không còn tồn tại",
        message_en=f"The unit no longer exists after {last.isoformat()}"
        if last
        else "The unit no longer exists",
        record_ids=(agency.id,),
    )
