"""Carry a registry into a new year, across the 2025 reform: every agency's fate, and what is left.

A province's registry of year N names the agencies, QMS units and procedures of year N. The
skeleton of a later year starts from it: `carry_registry` follows every agency to the agencies
that carry on at the start of the new year (its *fate*), re-points the QMS units and procedures to
them, and lists everything it could not decide, with what the analyst should record.

Where a fate comes from (`FateBasis`), strongest first:

- a recorded event (`AgencyEvent`: merged into, split, dissolved, renamed) with its decision;
- the law: the district level ended on 01/07/2025 (Law 72/2025/QH15), so district People's
  Committees and their divisions end on that day;
- the administrative units: the official successor table (units with an official code; the
  provinces of Resolution 202/2025/QH15) or a recorded successor link (`successor_ids`): an agency
  whose unit is the only predecessor of its successor continues there; a People's Committee of
  merged units passes to the People's Committee of the new unit;
- a documented reading, flagged for confirmation and never taken as fact: an agency of the same
  kind and name at the successor unit is its successor.

Nothing is dropped: every agency of the input appears once among the fates, every QMS unit once
among the QMS carries, and what no record or rule decides is listed as undecided.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from vn_iso_qms._internal.admin_units import UnknownAdminUnitError, admin_unit_predecessors
from vn_iso_qms._internal.agency import AdministrativeUnit, Agency, AgencyEvent, established_on
from vn_iso_qms._internal.base import QmsModel, Record, evolve
from vn_iso_qms._internal.calendar_days import add_days
from vn_iso_qms._internal.dataset import COLLECTION_OF, COLLECTIONS, QmsDataset
from vn_iso_qms._internal.evaluation.policy import DEFAULT_POLICY, Policy
from vn_iso_qms._internal.evaluation.reasons import format_date
from vn_iso_qms._internal.qms import QmsUnit, Tthc, TthcAssignment
from vn_iso_qms._internal.reform import LAST_DAY_BEFORE_REFORM, _successor_units
from vn_iso_qms._internal.text import fold, md_cell
from vn_iso_qms._internal.types import Date, DecisionNumber, Note, RecordId, Text
from vn_iso_qms._internal.vocab import (
    REFORM_2025_DATE,
    AdminUnitLevel,
    AgencyEventKind,
    AgencyKind,
)
from vn_iso_qms._internal.vocab_base import LabelledEnum, Language

DISTRICT_LAW = "72/2025/QH15"
"""Law 72/2025/QH15 (Law on Organisation of Local Government, amended): the district level ends
on 01/07/2025."""
PROVINCE_RESOLUTION = "202/2025/QH15"
"""Resolution 202/2025/QH15: the 63 provinces become 34 on 01/07/2025."""

_DISTRICT_KINDS = frozenset({AgencyKind.DISTRICT_PEOPLE_COMMITTEE, AgencyKind.DISTRICT_DIVISION})
_COMMITTEES = frozenset(
    {AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE, AgencyKind.COMMUNE_PEOPLE_COMMITTEE}
)


class FateKind(
    LabelledEnum,
    source="Decree 158/2018/NĐ-CP (reorganisation of administrative organisations); "
    "Law 72/2025/QH15; Resolution 202/2025/QH15",
):
    """What happened to an agency by the first day of the new year."""

    CONTINUES = "continues", "Tiếp tục hoạt động", "Continues"
    """It still exists (possibly at its administrative unit's successor)."""
    RENAMED = "renamed", "Đổi tên", "Renamed"
    """It still exists under a new name."""
    MERGED_INTO = "merged_into", "Sáp nhập, hợp nhất vào", "Merged into"
    """It ended by merging into another agency."""
    SPLIT_INTO = "split_into", "Chia tách thành", "Split into"
    """It ended by splitting into several agencies."""
    ENDED = "ended", "Kết thúc hoạt động", "Ended"
    """It ended with no successor (dissolved, or its level ended)."""
    UNDECIDED = "undecided", "Chưa xác định", "Undecided"
    """No record and no rule decides it: the analyst must record it."""


class FateBasis(
    LabelledEnum,
    source="vn_iso_qms.admin_units.carry_registry (the order in which records and rules decide a fate)",
):
    """Where a fate comes from, strongest first."""

    RECORDED_EVENT = "recorded_event", "Sự kiện đã ghi nhận", "Recorded event"
    """A recorded `AgencyEvent` (with its decision, when recorded)."""
    LAW = "law", "Quy định của luật", "The law"
    """A rule of the law: the district level ended on 01/07/2025 (Law 72/2025/QH15)."""
    OFFICIAL_TABLE = (
        "official_table",
        "Danh mục đơn vị hành chính chính thức",
        "Official unit table",
    )
    """The official successor table of administrative units (units with an official code)."""
    UNIT_SUCCESSION = (
        "unit_succession",
        "Đơn vị hành chính kế thừa đã ghi nhận",
        "Recorded unit succession",
    )
    """A recorded successor link between administrative units (`successor_ids`)."""
    RECORDED_END = "recorded_end", "Ngày kết thúc đã ghi nhận", "Recorded end date"
    """The agency's recorded `valid_to`, with no event saying why it ended."""
    READING = "reading", "Cách hiểu cần xác nhận", "Reading to confirm"
    """A documented reading, to be confirmed: an agency of the same kind and name at the successor
    unit is the successor."""
    NO_CHANGE = "no_change", "Không có thay đổi được ghi nhận", "No recorded change"
    """Nothing recorded ends or moves it."""
    NONE = "none", "Chưa có căn cứ", "No basis"
    """Nothing decides it."""


class QmsCarryAction(
    LabelledEnum, source="QĐ 19/2014/QĐ-TTg Art. 4.4.c (re-announcement when the scope changes)"
):
    """What happens to a QMS unit whose owner's fate is known."""

    CONTINUES = "continues", "Tiếp tục áp dụng", "Continues"
    """Its owner continues: nothing changes."""
    CARRIED = "carried", "Chuyển cho đơn vị kế thừa", "Carried to the successor"
    """Carried to its owner's successor: the successor becomes owner and is covered."""
    LINKED = "linked", "Nhập vào HTQLCL của đơn vị tiếp nhận", "Linked to the receiving QMS"
    """Kept as it was, linked to the QMS of the agency its owner merged into."""
    ENDED = "ended", "Chấm dứt", "Ended"
    """Its owner ended with no successor."""
    UNDECIDED = "undecided", "Chưa xác định", "Undecided"
    """The owner's fate is undecided, split, or several QMS units land on one successor."""


class FateStep(QmsModel):
    """One step of an agency's fate: what happened, when, on which decision and basis."""

    agency_id: RecordId
    """The agency the step happened to."""
    kind: FateKind
    """What happened."""
    date: Date | None = None
    """First day after the change (the event's date); None when nothing changed."""
    successor_ids: tuple[RecordId, ...] = ()
    """The agencies that took over (a merger or split)."""
    decision_number: DecisionNumber | None = None
    """The decision that caused it: the event's, or the law's number for a rule of the law."""
    basis: FateBasis
    """Where the step comes from."""
    record_id: RecordId | None = None
    """The event that records it (an added `ev-carry-…` event for a rule), when there is one."""
    new_name: Text | None = None
    """The new name, for a renaming."""


class AgencyFate(QmsModel):
    """The fate of one agency of the input registry on the first day of the new year."""

    agency_id: RecordId
    """The agency."""
    name: Text
    """Its name in the input."""
    kind: FateKind
    """What happened to it (its first step)."""
    date: Date | None = None
    """When (the first step's date); None when nothing changed."""
    decision_number: DecisionNumber | None = None
    """The decision that caused it (the first step's)."""
    basis: FateBasis
    """Where the first step comes from."""
    steps: tuple[FateStep, ...] = ()
    """Every step from the agency to the agencies that carry on (a merger can be followed by
    another, e.g. a department merger on 01/03/2025 and the province merger on 01/07/2025)."""
    successor_ids: tuple[RecordId, ...] = ()
    """The agencies that carry on its work at the start of the new year: itself when it continues;
    empty when it ended or the chain runs into something undecided."""
    admin_unit_id: RecordId | None = None
    """The administrative unit of the (single) agency that carries on."""
    admin_unit_code: Text | None = None
    """That unit's official code, when it has one."""
    needs_confirmation: bool = False
    """True when a step rests on a reading: the analyst confirms it by recording an event."""
    note: Note = ""
    """What decided it, or what is missing."""


class QmsCarry(QmsModel):
    """What happens to one QMS unit of the input registry."""

    qms_id: RecordId
    """The QMS unit."""
    owner_before: RecordId
    """Its owner in the input."""
    action: QmsCarryAction
    """Continues, carried, linked, ended or undecided."""
    date: Date | None = None
    """The day the owner's successor took it over (carried or linked)."""
    owner_after: RecordId | None = None
    """The owner after the carry (the successor, for a carried QMS)."""
    into_qms_id: RecordId | None = None
    """The QMS it is linked to, for a linked one."""
    reannounce: bool = False
    """Whether the carried QMS (or the one it is linked to) must be announced again. Always for a
    successor established by the merger (it re-announces the inherited QMS by default, NQ
    190/2025/QH15 Art. 10 and QĐ 19 Art. 4.4.c, or announces its own, `Policy.successor_qms`);
    for an agency that existed and
    absorbs another, when `Policy.reannounce_after_merger` (the default: a merger changes the
    scope, QĐ 19 Art. 4.4.c)."""
    reannounced_on: Date | None = None
    """The first announcement of the receiving QMS on or after `date`, when recorded."""


class TthcCarry(QmsModel):
    """A procedure passed to the successor of the agency that handled it (a dated assignment)."""

    tthc_id: RecordId
    """The procedure."""
    code: Text
    """Its code."""
    from_agency_id: RecordId
    """The agency that handled it."""
    to_agency_id: RecordId
    """The agency that handles it from `valid_from`."""
    valid_from: Date
    """First day of the new assignment."""
    decision_number: DecisionNumber | None = None
    """The decision that moved it (the fate step's)."""


class CarryUndecided(QmsModel):
    """Something the carry could not decide: which record, what is missing, what to record."""

    code: str
    """Stable kind: `unit_fate_unknown`, `no_successor_agency`, `unit_split`, `split`,
    `conflicting_events`, `end_without_reason`, `reading_to_confirm`, `merger_cycle`,
    `several_qms`, `tthc_without_handler`, `no_plan`."""
    record_type: str
    """The kind of record (`agency`, `qms_unit`, `tthc`, `admin_unit`)."""
    record_id: RecordId
    """Its id."""
    missing: Text
    """What is missing."""
    action: Text
    """What the analyst should record."""


class RegistryCarryReport(QmsModel):
    """What `carry_registry` decided and what it left to the analyst."""

    year: int
    """The new year."""
    start: Date
    """Its first day, on which fates are taken."""
    fates: tuple[AgencyFate, ...]
    """Every agency of the input, once, by id."""
    qms: tuple[QmsCarry, ...]
    """Every QMS unit of the input, once, by id."""
    tthc: tuple[TthcCarry, ...]
    """Procedures passed to a successor."""
    new_agencies: tuple[RecordId, ...]
    """Successor agencies the carry added (a People's Committee of a merged unit)."""
    new_admin_units: tuple[RecordId, ...]
    """Successor administrative units the carry added (from the official table)."""
    added_events: tuple[RecordId, ...]
    """Events the carry added for what a rule decided (`ev-carry-…`)."""
    undecided: tuple[CarryUndecided, ...]
    """Everything it could not decide, with what to record."""

    def fate(self, agency_id: str) -> AgencyFate:
        """The fate of one agency.

        Raises:
            KeyError: when the agency is not in the input.
        """
        for f in self.fates:
            if f.agency_id == agency_id:
                return f
        raise KeyError(agency_id)

    def counts(self) -> dict[str, int]:
        """How many fates of each kind (codes of `FateKind`), and how many items are undecided."""
        out = {k.value: 0 for k in FateKind}
        for f in self.fates:
            out[f.kind.value] += 1
        out["undecided_items"] = len(self.undecided)
        return out

    def to_markdown(self, lang: Language = "vi") -> str:
        """The report as Markdown: summary, fates by kind, QMS units, undecided items."""
        return _markdown(self, lang)


# --- the carry ------------------------------------------------------------------------------


class _Fate:
    """A fate under construction (mutable; frozen into `AgencyFate` at the end)."""

    def __init__(self, kind: FateKind, basis: FateBasis) -> None:
        self.kind = kind
        self.basis = basis
        self.steps: list[FateStep] = []
        self.carriers: tuple[str, ...] = ()
        self.resolved = True
        self.confirm = False
        self.note = ""
        self.unit: str | None = None  # the carrier's unit when it moved


def _merge(dataset: QmsDataset, decisions: QmsDataset | Iterable[Record] | None) -> dict[str, Any]:
    """The records of both: a decision's record replaces the input's record with its id."""
    values: dict[str, list[Record]] = {n: list(getattr(dataset, n)) for n in COLLECTIONS}
    if decisions is None:
        return values
    extra = decisions.records() if isinstance(decisions, QmsDataset) else decisions
    positions = {n: {r.id: i for i, r in enumerate(rs)} for n, rs in values.items()}
    for record in extra:
        name = COLLECTION_OF[type(record)]
        at = positions[name].get(record.id)
        if at is None:
            positions[name][record.id] = len(values[name])
            values[name].append(record)
        else:
            values[name][at] = record
    return values


class _Carry:
    def __init__(self, values: dict[str, list[Record]], start: dt.date, policy: Policy) -> None:
        self.start = start
        self.policy = policy
        self.official: set[str] = set()
        self.added_units: list[AdministrativeUnit] = []
        units: list[AdministrativeUnit] = [
            u for u in values["admin_units"] if isinstance(u, AdministrativeUnit)
        ]
        if start >= REFORM_2025_DATE and any(u.code for u in units):
            probe = QmsDataset.model_validate({n: tuple(v) for n, v in values.items()})
            new_units, added, _, _, _ = _successor_units(probe)
            self.official = {
                n.id for n, o in zip(new_units, probe.admin_units, strict=True) if n != o
            }
            self.added_units = [added[k] for k in sorted(added)]
            units = [*new_units, *self.added_units]
            values["admin_units"] = list(units)
        dataset = QmsDataset.model_validate({n: tuple(v) for n, v in values.items()})
        self.dataset = dataset
        self.units: dict[str, AdministrativeUnit] = {u.id: u for u in dataset.admin_units}
        self.agencies: Mapping[str, Agency] = dataset.effective_agencies()
        self.events: dict[str, list[AgencyEvent]] = {}
        for ev in dataset.agency_events:
            self.events.setdefault(ev.agency_id, []).append(ev)
        for evs in self.events.values():
            evs.sort(key=lambda e: (e.date, e.id))
        self.predecessors: dict[str, set[str]] = {}
        for u in dataset.admin_units:
            for s in u.successor_ids:
                self.predecessors.setdefault(s, set()).add(u.id)
        self.fates: dict[str, _Fate] = {}
        self.busy: set[str] = set()
        self.new_agencies: dict[str, Agency] = {}
        self.new_events: dict[str, AgencyEvent] = {}
        self.moved: dict[str, str] = {}  # agency -> its successor unit (continues there)
        self.undecided: list[CarryUndecided] = []
        self._same_index: dict[tuple[str | None, AgencyKind, str | None], list[Agency]] | None = (
            None
        )
        self._announced: dict[str, list[dt.date]] | None = None
        self.cycles: dict[str, tuple[str, ...]] = _merger_cycles(
            {aid: self._successors(aid) for aid in self.agencies}
        )

    def _successors(self, agency_id: str) -> tuple[str, ...]:
        """The agencies an agency passed to by its recorded ending (what its fate follows)."""
        endings = [
            e for e in self.events.get(agency_id, ()) if e.date <= self.start and e.kind.ends_agency
        ]
        if not endings or len({(e.kind, e.successor_ids) for e in endings}) > 1:
            return ()
        return tuple(s for s in endings[0].successor_ids if s in self.agencies)

    def _settle_order(self, agency_id: str) -> list[str]:
        """The agencies whose fates `agency_id`'s fate reads, successors and parents first.

        Walked with an explicit stack, so a chain of thousands of mergers needs no recursion:
        each fate is then computed from fates already known.
        """
        order: list[str] = []
        seen = {agency_id}
        stack: list[tuple[str, Iterator[str]]] = [(agency_id, iter(self._reads(agency_id)))]
        while stack:
            aid, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                order.append(aid)
            elif child not in seen and child not in self.fates:
                seen.add(child)
                stack.append((child, iter(self._reads(child))))
        return order

    def _reads(self, agency_id: str) -> tuple[str, ...]:
        parent = self.agencies[agency_id].parent_id
        extra = (parent,) if parent is not None and parent in self.agencies else ()
        return (*self._successors(agency_id), *extra)

    # --- administrative units -----------------------------------------------------------

    def pre_reform(self, unit: AdministrativeUnit) -> bool:
        return unit.valid_from is None or unit.valid_from < REFORM_2025_DATE

    def unit_fate(self, unit_id: str) -> tuple[str, tuple[str, ...], dt.date | None]:
        """("continues" | "ended" | "unknown", the successor units on start, the end's next day)."""
        unit = self.units[unit_id]
        seen: set[str] = set()
        current = [unit]
        ended_on: dt.date | None = None
        while True:
            nxt: list[AdministrativeUnit] = []
            for u in current:
                if u.valid_to is None or u.valid_to >= self.start:
                    if (
                        u.id == unit_id
                        and self.start >= REFORM_2025_DATE
                        and u.code is None
                        and self.pre_reform(u)
                        and u.level in (AdminUnitLevel.PROVINCE, AdminUnitLevel.COMMUNE)
                        and not u.successor_ids
                        and u.valid_to is None
                    ):
                        return "unknown", (), None
                    nxt.append(u)
                    continue
                if ended_on is None:
                    ended_on = add_days(u.valid_to, 1)
                for s in u.successor_ids:
                    if s not in seen and s in self.units:
                        seen.add(s)
                        nxt.append(self.units[s])
            if all(u.valid_to is None or u.valid_to >= self.start for u in nxt):
                ids = tuple(dict.fromkeys(u.id for u in nxt))
                if ids == (unit_id,):
                    return "continues", ids, None
                return "ended", ids, ended_on
            current = nxt

    def unit_basis(self, unit_id: str) -> FateBasis:
        return FateBasis.OFFICIAL_TABLE if unit_id in self.official else FateBasis.UNIT_SUCCESSION

    def predecessor_count(self, unit: AdministrativeUnit) -> int:
        count = len(self.predecessors.get(unit.id, ()))
        if unit.code is not None:
            with contextlib.suppress(UnknownAdminUnitError):
                count = max(count, len(admin_unit_predecessors(unit.code)))
        return count

    def province_of(self, unit_id: str | None) -> str | None:
        seen: set[str] = set()
        while unit_id and unit_id in self.units and unit_id not in seen:
            seen.add(unit_id)
            unit = self.units[unit_id]
            if unit.level is AdminUnitLevel.PROVINCE:
                return unit.id
            unit_id = unit.parent_id
        return None

    # --- agencies -----------------------------------------------------------------------

    def fate(self, agency_id: str) -> _Fate:
        if agency_id in self.fates:
            return self.fates[agency_id]
        if not self.busy:  # a first call: settle what this fate reads first, without recursion
            for aid in self._settle_order(agency_id)[:-1]:
                self._settle(aid)
        return self._settle(agency_id)

    def _settle(self, agency_id: str) -> _Fate:
        if agency_id in self.fates:
            return self.fates[agency_id]
        cycle = self.cycles.get(agency_id)
        if cycle is not None or agency_id in self.busy:  # a cycle of mergers
            f = _Fate(FateKind.UNDECIDED, FateBasis.NONE)
            f.resolved = False
            path = " → ".join(cycle or (agency_id, agency_id))
            f.note = f"its mergers form a cycle ({path})"
            self._undecided(
                "merger_cycle",
                "agency",
                agency_id,
                f"where it went: its recorded mergers form a cycle ({path})",
                "correct the merged_into or split events of the cycle: the last one names an "
                "agency that had already ended",
            )
            if cycle is not None:
                self.fates[agency_id] = f
            return f
        self.busy.add(agency_id)
        try:
            f = self._fate(agency_id)
        finally:
            self.busy.discard(agency_id)
        self.fates[agency_id] = f
        return f

    def _fate(self, agency_id: str) -> _Fate:
        agency = self.agencies[agency_id]
        events = [e for e in self.events.get(agency_id, ()) if e.date <= self.start]
        renames = [e for e in events if e.kind is AgencyEventKind.RENAMED]
        endings = [e for e in events if e.kind.ends_agency]
        if endings:
            return self._ended_by_event(agency, endings)
        if agency.valid_to is not None and agency.valid_to < self.start:
            return self._ended_by_date(agency)
        if (
            self.start >= REFORM_2025_DATE
            and agency.kind in _DISTRICT_KINDS
            and (agency.valid_from is None or agency.valid_from < REFORM_2025_DATE)
        ):
            return self._district_law(agency)
        f = self._by_unit(agency)
        if f.kind is FateKind.CONTINUES and renames:
            last = renames[-1]
            step = FateStep(
                agency_id=agency.id,
                kind=FateKind.RENAMED,
                date=last.date,
                decision_number=last.decision_number,
                basis=FateBasis.RECORDED_EVENT,
                record_id=last.id,
                new_name=last.new_name,
            )
            f.kind, f.basis = FateKind.RENAMED, FateBasis.RECORDED_EVENT
            f.steps.insert(0, step)
        return f

    def _follow(self, f: _Fate, successor_ids: tuple[str, ...]) -> None:
        """Extend `f` with the fates of the agencies it passed to."""
        carriers: list[str] = []
        for sid in successor_ids:
            if sid not in self.agencies:
                f.resolved = False
                continue
            sf = self.fate(sid)
            if sf.kind in (FateKind.CONTINUES, FateKind.RENAMED):
                f.steps.extend(s for s in sf.steps if s.kind is not FateKind.CONTINUES)
                carriers.extend(sf.carriers)
                if len(successor_ids) == 1:
                    f.unit = sf.unit
            elif sf.kind is FateKind.UNDECIDED or not sf.resolved:
                f.steps.extend(sf.steps)
                f.resolved = False
            else:
                f.steps.extend(sf.steps)
                carriers.extend(sf.carriers)
                if len(successor_ids) == 1:
                    f.unit = sf.unit
            f.confirm = f.confirm or sf.confirm
        f.carriers = tuple(dict.fromkeys(carriers)) if f.resolved else ()

    def _ended_by_event(self, agency: Agency, endings: list[AgencyEvent]) -> _Fate:
        first = endings[0]
        if len({(e.kind, e.successor_ids) for e in endings}) > 1:
            f = _Fate(FateKind.UNDECIDED, FateBasis.NONE)
            f.resolved = False
            ids = ", ".join(e.id for e in endings)
            f.note = f"several ending events disagree ({ids})"
            self._undecided(
                "conflicting_events",
                "agency",
                agency.id,
                f"its ending events disagree: {ids}",
                "keep the one event that records what happened, delete the others",
            )
            return f
        kind = {
            AgencyEventKind.MERGED_INTO: FateKind.MERGED_INTO,
            AgencyEventKind.SPLIT: FateKind.SPLIT_INTO,
        }.get(first.kind, FateKind.ENDED)
        f = _Fate(kind, FateBasis.RECORDED_EVENT)
        f.steps.append(
            FateStep(
                agency_id=agency.id,
                kind=kind,
                date=first.date,
                successor_ids=first.successor_ids,
                decision_number=first.decision_number,
                basis=FateBasis.RECORDED_EVENT,
                record_id=first.id,
            )
        )
        if kind is FateKind.ENDED:
            f.note = f"{first.kind.value} on {first.date}"
            return f
        self._follow(f, first.successor_ids)
        if not f.resolved:
            f.note = "a successor's fate is undecided"
        return f

    def _ended_by_date(self, agency: Agency) -> _Fate:
        assert agency.valid_to is not None
        if agency.kind in _DISTRICT_KINDS and agency.valid_to == LAST_DAY_BEFORE_REFORM:
            return self._district_law(agency)
        f = _Fate(FateKind.ENDED, FateBasis.RECORDED_END)
        day = add_days(agency.valid_to, 1)
        f.steps.append(
            FateStep(
                agency_id=agency.id, kind=FateKind.ENDED, date=day, basis=FateBasis.RECORDED_END
            )
        )
        f.confirm = True
        f.note = f"valid_to {agency.valid_to}, no event says why"
        self._undecided(
            "end_without_reason",
            "agency",
            agency.id,
            f"it ends on {agency.valid_to} (valid_to) but no event says why or who took over",
            "record a dissolved event (with its decision), or a merged_into event naming the "
            "successor",
        )
        return f

    def _district_law(self, agency: Agency) -> _Fate:
        f = _Fate(FateKind.ENDED, FateBasis.LAW)
        event_id = f"ev-carry-{agency.id}"
        self.new_events[event_id] = AgencyEvent(
            id=event_id,
            agency_id=agency.id,
            kind=AgencyEventKind.DISSOLVED,
            date=REFORM_2025_DATE,
            decision_number=DISTRICT_LAW,
            note="Luật 72/2025/QH15: kết thúc tổ chức cấp huyện từ 01/07/2025 (carry_registry)",
        )
        f.steps.append(
            FateStep(
                agency_id=agency.id,
                kind=FateKind.ENDED,
                date=REFORM_2025_DATE,
                decision_number=DISTRICT_LAW,
                basis=FateBasis.LAW,
                record_id=event_id,
            )
        )
        f.note = "the district level ended on 2025-07-01 (Law 72/2025/QH15)"
        return f

    def _by_unit(self, agency: Agency) -> _Fate:
        """An agency no event ends: it follows its administrative unit."""
        if agency.admin_unit_id is None or agency.admin_unit_id not in self.units:
            f = _Fate(FateKind.CONTINUES, FateBasis.NO_CHANGE)
            f.carriers = (agency.id,)
            return f
        state, successors, ended_on = self.unit_fate(agency.admin_unit_id)
        unit = self.units[agency.admin_unit_id]
        if state == "continues":
            f = _Fate(FateKind.CONTINUES, FateBasis.NO_CHANGE)
            f.carriers = (agency.id,)
            return f
        if state == "unknown":
            return self._undecided_fate(
                agency,
                "unit_fate_unknown",
                f"the fate of its administrative unit {unit.name} ({unit.id}) across the 2025 "
                "reform: it has no official code and no recorded end or successor",
                f"record {unit.id}'s official code (the official table then decides), or its "
                "valid_to and successor_ids; or record an event for this agency",
            )
        if not successors:
            return self._undecided_fate(
                agency,
                "no_successor_agency",
                f"its administrative unit {unit.name} ({unit.id}) ended with no successor",
                "record the agency that takes over and a merged_into event, or a dissolved event",
            )
        basis = self.unit_basis(agency.admin_unit_id)
        if len(successors) > 1:
            return self._undecided_fate(
                agency,
                "unit_split",
                f"its administrative unit {unit.name} ({unit.id}) was split into "
                + ", ".join(successors),
                "record which agency takes over (a merged_into or split event)",
            )
        target = self.units[successors[0]]
        day = ended_on or self.start
        candidate = self._same_at(agency, target.id)
        if candidate is not None:
            f = _Fate(FateKind.MERGED_INTO, FateBasis.READING)
            f.confirm = True
            f.steps.append(
                FateStep(
                    agency_id=agency.id,
                    kind=FateKind.MERGED_INTO,
                    date=day,
                    successor_ids=(candidate,),
                    basis=FateBasis.READING,
                )
            )
            self._follow(f, (candidate,))
            f.note = (
                f"reading: {candidate} has the same kind and name at {target.id}, the successor "
                f"of {unit.id}"
            )
            self._undecided(
                "reading_to_confirm",
                "agency",
                agency.id,
                f"confirmation that it merged into {candidate} (same kind and name at "
                f"{target.id}) on {day}",
                f"record a merged_into event from {agency.id} to {candidate} with its decision",
            )
            return f
        if self.predecessor_count(target) <= 1:
            f = _Fate(FateKind.CONTINUES, basis)
            f.carriers = (agency.id,)
            f.unit = target.id
            self.moved[agency.id] = target.id
            f.steps.append(
                FateStep(agency_id=agency.id, kind=FateKind.CONTINUES, date=day, basis=basis)
            )
            f.note = f"its unit {unit.id} continues as {target.id}"
            return f
        if agency.kind in _COMMITTEES:
            new_id = self._committee_at(agency, target, day)
            decision = (
                PROVINCE_RESOLUTION
                if basis is FateBasis.OFFICIAL_TABLE and target.level is AdminUnitLevel.PROVINCE
                else None
            )
            event_id = f"ev-carry-{agency.id}"
            self.new_events[event_id] = AgencyEvent(
                id=event_id,
                agency_id=agency.id,
                kind=AgencyEventKind.MERGED_INTO,
                date=day,
                decision_number=decision,
                successor_ids=(new_id,),
                note=f"{unit.name} → {target.name} (carry_registry)",
            )
            f = _Fate(FateKind.MERGED_INTO, basis)
            f.steps.append(
                FateStep(
                    agency_id=agency.id,
                    kind=FateKind.MERGED_INTO,
                    date=day,
                    successor_ids=(new_id,),
                    decision_number=decision,
                    basis=basis,
                    record_id=event_id,
                )
            )
            f.carriers = (new_id,)
            f.unit = target.id
            f.note = f"the People's Committee of {target.name}, formed from {unit.name}"
            return f
        parent = self._parent_hint(agency)
        return self._undecided_fate(
            agency,
            "no_successor_agency",
            f"its unit {unit.name} ({unit.id}) became part of {target.name} ({target.id}) on "
            f"{day}; no agency of the same kind and name is recorded there",
            "record the agency that takes over (at "
            f"{target.id}) and a merged_into event, a dissolved event, or move this agency to "
            f"{target.id}{parent}",
        )

    def _parent_hint(self, agency: Agency) -> str:
        if agency.parent_id is None or agency.parent_id not in self.agencies:
            return ""
        # settled before this agency (see `_settle_order`), unless the parents form a cycle
        pf = self.fates.get(agency.parent_id)
        if pf is None:
            return ""
        if pf.carriers and pf.carriers != (agency.parent_id,):
            return (
                f" (its parent {agency.parent_id} passed to {', '.join(pf.carriers)}: a "
                "possible new parent)"
            )
        return ""

    def _same_at(self, agency: Agency, unit_id: str) -> str | None:
        if self._same_index is None:  # built once: one pass over the agencies, not one per agency
            self._same_index = {}
            for a in self.agencies.values():
                if a.valid_on(self.start):
                    name = None if a.kind in _COMMITTEES else fold(a.name)
                    self._same_index.setdefault((a.admin_unit_id, a.kind, name), []).append(a)
        key = (unit_id, agency.kind, None if agency.kind in _COMMITTEES else fold(agency.name))
        found = sorted(a.id for a in self._same_index.get(key, ()) if a.id != agency.id)
        return found[0] if len(found) == 1 else None

    def _committee_at(self, agency: Agency, unit: AdministrativeUnit, day: dt.date) -> str:
        new_id = f"ubnd-{unit.id}"
        if new_id not in self.new_agencies:
            self.new_agencies[new_id] = Agency(
                id=new_id,
                name=f"Ủy ban nhân dân {unit.name}",
                kind=agency.kind,
                admin_unit_id=unit.id,
                valid_from=day,
            )
        return new_id

    def _undecided_fate(self, agency: Agency, code: str, missing: str, action: str) -> _Fate:
        f = _Fate(FateKind.UNDECIDED, FateBasis.NONE)
        f.resolved = False
        f.note = missing
        self._undecided(code, "agency", agency.id, missing, action)
        return f

    def _undecided(self, code: str, rtype: str, rid: str, missing: str, action: str) -> None:
        self.undecided.append(
            CarryUndecided(
                code=code, record_type=rtype, record_id=rid, missing=missing, action=action
            )
        )


def carry_registry(
    dataset: QmsDataset,
    year: int,
    *,
    decisions: QmsDataset | Iterable[Record] | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> tuple[QmsDataset, RegistryCarryReport]:
    """Carry a registry into `year`: every agency's fate, QMS units and procedures re-pointed.

    The input's records are kept (the history evaluates as before, up to the changes), the
    `decisions` are merged in (a record with an input record's id replaces it: it is the newer
    fact), and, as of 1 January of `year`:

    - every input agency gets a fate (`AgencyFate`): continues, renamed, merged into, split into,
      ended, or undecided, with the decision and the basis (a recorded event; Law 72/2025/QH15 for
      the district level; the official unit table or a recorded unit succession; a reading,
      flagged for confirmation), followed through later mergers to the agencies that carry on;
    - agencies whose unit continues as a successor unit are re-pointed to it; a People's
      Committee of merged units passes to the new unit's People's Committee (added when missing);
      a district agency no event ends gets a `dissolved` event on 01/07/2025 (Law 72/2025/QH15);
    - a QMS unit whose owner merged into an agency with no QMS of its own is carried: the
      successor becomes its owner and is covered (history kept); one whose owner merged into an
      agency that has a QMS is linked to it; several landing on one successor are left
      undecided. It must be announced again by a successor the merger established (a new
      agency: its own announcement, or a re-announcement of the inherited QMS, by
      `policy.successor_qms`), and by an agency that existed and absorbs another when
      `policy.reannounce_after_merger` (QĐ 19 Art. 4.4.c: a merger changes the scope);
    - a procedure whose handler ended passes to its successor by dated assignments (from each
      step's date, with its decision), or is listed as undecided;
    - the report lists everything undecided, with the record, what is missing and what to record,
      and a missing plan for `year` of each province the carried agencies belong to.

    Pure: the result depends only on the arguments (never on the clock), and the report does not
    depend on the order of the records.

    Args:
        dataset: the registry of year N.
        year: the new year (N+1 or later).
        decisions: the reorganisation as records (administrative units with `successor_ids` and
            `valid_to`, the successor agencies, `AgencyEvent`s), as a dataset or records.
        policy: `reannounce_after_merger` decides whether an agency that absorbs another must
            re-announce (a successor the merger established always announces).

    Returns:
        The carried dataset (validated) and the report.

    Raises:
        InvalidDataError: when the input and the decisions together are not a valid dataset.

    Examples:
        >>> from vn_iso_qms import demo_dataset
        >>> carried, report = carry_registry(demo_dataset(), 2024)
        >>> report.fate("chi-cuc-phat-trien-nong-thon").successor_ids
        ('chi-cuc-thuy-loi',)
        >>> report.counts()["continues"]
        163
        >>> sorted({(u.code, u.record_id[:6]) for u in report.undecided})  # a dissolved centre's
        [('tthc_without_handler', 't-1.00')]
    """
    start = dt.date(year, 1, 1)
    values = _merge(dataset, decisions)
    QmsDataset._build({"name": dataset.name, **{n: tuple(v) for n, v in values.items()}})
    c = _Carry(values, start, policy)
    input_ids = sorted(a.id for a in dataset.agencies)
    for aid in input_ids:
        c.fate(aid)
    fates = tuple(_freeze(c, aid) for aid in input_ids)
    qms_carries, qms_records = _carry_qms(c, sorted(q.id for q in dataset.qms_units))
    tthc_carries, tthc_records = _carry_tthc(c, sorted(t.id for t in dataset.tthc))
    _plans(c, year)
    # the result
    out = {n: list(getattr(c.dataset, n)) for n in COLLECTIONS}
    out["agencies"] = [
        evolve(a, admin_unit_id=c.moved[a.id]) if a.id in c.moved else a for a in out["agencies"]
    ] + [c.new_agencies[k] for k in sorted(c.new_agencies)]
    existing_events = {e.id for e in out["agency_events"]}
    added_events = sorted(k for k in c.new_events if k not in existing_events)
    out["agency_events"] += [c.new_events[k] for k in added_events]
    out["qms_units"] = [qms_records.get(q.id, q) for q in out["qms_units"]]
    out["tthc"] = [tthc_records.get(t.id, t) for t in out["tthc"]]
    name = f"{dataset.name or 'registry'} → {year}"
    result = QmsDataset._build({"name": name, **{n: tuple(v) for n, v in out.items()}})
    order = {"agency": 0, "qms_unit": 1, "tthc": 2, "admin_unit": 3}
    report = RegistryCarryReport(
        year=year,
        start=start,
        fates=fates,
        qms=qms_carries,
        tthc=tthc_carries,
        new_agencies=tuple(sorted(c.new_agencies)),
        new_admin_units=tuple(u.id for u in c.added_units),
        added_events=tuple(added_events),
        undecided=tuple(
            sorted(
                {(u.record_type, u.record_id, u.code): u for u in c.undecided}.values(),
                key=lambda u: (order.get(u.record_type, 9), u.record_id, u.code),
            )
        ),
    )
    return result, report


def reorganisation_records(dataset: QmsDataset) -> QmsDataset:
    """The records of a dataset that describe a reorganisation: units, agencies, their events.

    What `carry_registry` needs as `decisions`: the administrative units (with `valid_to` and
    `successor_ids`), the agencies (the successors among them) and the agency events (mergers,
    splits, dissolutions, renamings, with their decisions). Every other record is left out.

    Args:
        dataset: e.g. the records a province keeps after its reorganisation.

    Returns:
        A dataset with those three collections.

    Examples:
        >>> from vn_iso_qms import demo_dataset_2025
        >>> decisions = reorganisation_records(demo_dataset_2025())
        >>> len(decisions.agency_events), len(decisions.qms_units)
        (66, 0)
    """
    return QmsDataset._build(
        {
            "name": dataset.name,
            "admin_units": dataset.admin_units,
            "agencies": dataset.agencies,
            "agency_events": dataset.agency_events,
        }
    )


def _freeze(c: _Carry, agency_id: str) -> AgencyFate:
    f = c.fates[agency_id]
    agency = c.agencies[agency_id]
    first = f.steps[0] if f.steps else None
    carriers = f.carriers if f.resolved else ()
    unit_id: str | None = None
    if len(carriers) == 1:
        carrier = carriers[0]
        unit_id = (
            c.moved.get(carrier)
            or (c.new_agencies[carrier].admin_unit_id if carrier in c.new_agencies else None)
            or (c.agencies[carrier].admin_unit_id if carrier in c.agencies else None)
        )
    unit = c.units.get(unit_id or "")
    return AgencyFate(
        agency_id=agency_id,
        name=agency.name,
        kind=f.kind,
        date=first.date if first else None,
        decision_number=first.decision_number if first else None,
        basis=f.basis,
        steps=tuple(f.steps),
        successor_ids=carriers,
        admin_unit_id=unit_id,
        admin_unit_code=unit.code if unit else None,
        needs_confirmation=f.confirm,
        note=f.note,
    )


def _carry_qms(c: _Carry, qms_ids: list[str]) -> tuple[tuple[QmsCarry, ...], dict[str, QmsUnit]]:
    qms = c.dataset.index(QmsUnit)
    owners: dict[str, list[str]] = {}
    for q in c.dataset.qms_units:
        owners.setdefault(q.owner_agency_id, []).append(q.id)
    out: dict[str, QmsCarry] = {}
    landing: dict[str, list[tuple[str, dt.date | None]]] = {}
    for qid in qms_ids:
        owner = qms[qid].owner_agency_id
        f = c.fate(owner) if owner in c.agencies else None
        if f is None:
            continue
        if f.kind in (FateKind.CONTINUES, FateKind.RENAMED):
            out[qid] = _qc(qid, owner, QmsCarryAction.CONTINUES, owner_after=owner)
        elif f.kind is FateKind.ENDED or (f.resolved and not f.carriers):
            out[qid] = _qc(qid, owner, QmsCarryAction.ENDED)
        elif f.kind is FateKind.UNDECIDED or not f.resolved or len(f.carriers) != 1:
            out[qid] = _qc(qid, owner, QmsCarryAction.UNDECIDED)
            if f.resolved and len(f.carriers) > 1:
                c._undecided(
                    "split",
                    "qms_unit",
                    qid,
                    f"its owner {owner} split into {', '.join(f.carriers)}",
                    "record which successor applies the QMS (change its owner and agencies)",
                )
        else:
            linked = _receiving_qms(f, owners, qid)
            if linked is None:
                last = f.steps[-1].date if f.steps else None
                landing.setdefault(f.carriers[0], []).append((qid, last))
            else:
                into, day = linked
                out[qid] = _qc(
                    qid,
                    owner,
                    QmsCarryAction.LINKED,
                    date=day,
                    owner_after=qms[into].owner_agency_id,
                    into_qms_id=into,
                    reannounce=_announce_again(c, qms[into].owner_agency_id, day),
                    reannounced_on=_announced_from(c, into, day),
                )
    records = _land(c, landing, out)
    for qid in qms_ids:  # owners not in the registry: left as they are
        if qid not in out:
            out[qid] = _qc(qid, qms[qid].owner_agency_id, QmsCarryAction.UNDECIDED)
    return tuple(out[k] for k in qms_ids), records


def _qc(qid: str, owner: str, action: QmsCarryAction, **fields: Any) -> QmsCarry:
    return QmsCarry(qms_id=qid, owner_before=owner, action=action, **fields)


def _receiving_qms(
    f: _Fate, owners: Mapping[str, list[str]], qid: str
) -> tuple[str, dt.date | None] | None:
    """The first QMS, along the mergers, of an agency the owner passed to (it receives this one)."""
    for step in f.steps:
        for sid in step.successor_ids:
            held = sorted(x for x in owners.get(sid, ()) if x != qid)
            if held:
                return held[0], step.date
    return None


def _announce_again(c: _Carry, owner_id: str, day: dt.date | None) -> bool:
    """Whether the QMS's owner after a merger on `day` must announce it again.

    A successor established by the merger (its first day is the merger's, or the day after)
    is a new agency: it re-announces the inherited QMS (`successor_qms` `inherit`, the default)
    or announces its own (`announce_anew`), either way an announcement. An agency that existed and
    absorbs another re-announces when `reannounce_after_merger` (QĐ 19 Art. 4.4.c).
    """
    owner = c.agencies.get(owner_id) or c.new_agencies.get(owner_id)
    if day is not None and owner is not None and established_on(owner, day):
        return True
    return c.policy.reannounce_after_merger


def _announced_from(c: _Carry, qms_id: str, day: dt.date | None) -> dt.date | None:
    if c._announced is None:  # built once: one pass over the announcements
        c._announced = {}
        for a in c.dataset.announcements:
            c._announced.setdefault(a.qms_id, []).append(a.date)
    days = [d for d in c._announced.get(qms_id, ()) if day is None or d >= day]
    return min(days) if days else None


def _land(
    c: _Carry, landing: Mapping[str, list[tuple[str, dt.date | None]]], out: dict[str, QmsCarry]
) -> dict[str, QmsUnit]:
    """Carry each QMS that alone lands on a successor; several on one are left undecided."""
    qms = c.dataset.index(QmsUnit)
    records: dict[str, QmsUnit] = {}
    for successor, group in sorted(landing.items()):
        if len(group) > 1:
            for qid, _ in group:
                out[qid] = _qc(qid, qms[qid].owner_agency_id, QmsCarryAction.UNDECIDED)
            c._undecided(
                "several_qms",
                "agency",
                successor,
                "several QMS units land on it: " + ", ".join(g for g, _ in group),
                f"decide which QMS {successor} applies (set its owner to {successor}), or record "
                f"a new QMS owned by {successor}; the others end",
            )
            continue
        qid, day = group[0]
        q = qms[qid]
        covered = [successor]
        for aid in q.agency_ids:
            if aid != q.owner_agency_id and aid in c.agencies:
                cf = c.fate(aid)
                if cf.resolved and len(cf.carriers) == 1:
                    covered.append(cf.carriers[0])
        agency_ids = tuple(dict.fromkeys([*covered, *q.agency_ids]))
        records[qid] = evolve(q, owner_agency_id=successor, agency_ids=agency_ids)
        out[qid] = _qc(
            qid,
            q.owner_agency_id,
            QmsCarryAction.CARRIED,
            date=day,
            owner_after=successor,
            reannounce=_announce_again(c, successor, day),
            reannounced_on=_announced_from(c, qid, day),
        )
    return records


def _carry_tthc(c: _Carry, tthc_ids: list[str]) -> tuple[tuple[TthcCarry, ...], dict[str, Tthc]]:
    index = c.dataset.index(Tthc)
    carries: list[TthcCarry] = []
    records: dict[str, Tthc] = {}
    for tid in tthc_ids:
        t = index[tid]
        if not t.in_force_on(c.start):
            continue
        handlers = _ended_handlers(c, t)
        if not handlers:
            continue
        agency_ids = list(t.agency_ids)
        assignments = list(t.assignments)
        problems: list[str] = []
        for handler in handlers:
            f = c.fate(handler)
            chain = [(s.date, s) for s in f.steps if s.successor_ids and s.date is not None]
            if not f.resolved or len(f.carriers) != 1 or not chain:
                reason = (
                    "its fate is undecided"
                    if f.kind is FateKind.UNDECIDED or not f.resolved
                    else "it ended with no successor"
                    if not f.carriers
                    else "it split into " + ", ".join(f.carriers)
                )
                problems.append(f"handled by {handler}, and {reason}")
                continue
            if handler in agency_ids:
                agency_ids.remove(handler)
                first_day = chain[0][0]
                assert first_day is not None
                assignments.append(
                    TthcAssignment(agency_id=handler, valid_to=add_days(first_day, -1))
                )
            for i, (day, step) in enumerate(chain):
                assert day is not None
                following = chain[i + 1][0] if i + 1 < len(chain) else None
                assignments.append(
                    TthcAssignment(
                        agency_id=step.successor_ids[0],
                        valid_from=day,
                        valid_to=add_days(following, -1) if following else None,
                        decision_number=step.decision_number,
                    )
                )
            last_day, last = chain[-1]
            assert last_day is not None
            carries.append(
                TthcCarry(
                    tthc_id=t.id,
                    code=t.code,
                    from_agency_id=handler,
                    to_agency_id=last.successor_ids[0],
                    valid_from=last_day,
                    decision_number=last.decision_number,
                )
            )
        if problems:
            c._undecided(
                "tthc_without_handler",
                "tthc",
                t.id,
                f"who handles procedure {t.code} on {c.start}: " + "; ".join(problems),
                "record a dated assignment (Tthc.assignments) to the agency that handles it, "
                "with the assigning decision, or the day it was abolished",
            )
        if assignments != list(t.assignments):
            records[t.id] = evolve(t, agency_ids=tuple(agency_ids), assignments=tuple(assignments))
    return tuple(carries), records


def _ended_handlers(c: _Carry, t: Tthc) -> list[str]:
    """The agencies that handled `t` until they ended, when no living agency handles it now."""

    def alive(aid: str) -> bool:
        if aid in c.new_agencies:
            return True
        return aid in c.agencies and c.fate(aid).kind in (FateKind.CONTINUES, FateKind.RENAMED)

    now = [a for a in t.handler_ids if t.handled_by(a, c.start)]
    if any(alive(a) for a in now):
        return []
    if now:
        return [a for a in now if a in c.agencies]
    out: list[str] = []
    for a in t.assignments:
        end = c.agencies[a.agency_id].valid_to if a.agency_id in c.agencies else None
        if a.valid_to is not None and end is not None and a.valid_to >= end:
            out.append(a.agency_id)
    return out


def _plans(c: _Carry, year: int) -> None:
    provinces: set[str] = set()
    for f in c.fates.values():
        for carrier in f.carriers if f.resolved else ():
            agency = c.new_agencies.get(carrier) or c.agencies.get(carrier)
            if agency is None:
                continue
            unit = c.moved.get(carrier) or agency.admin_unit_id
            p = c.province_of(unit)
            if p is not None and c.units[p].valid_on(c.start):
                provinces.add(p)
    planned = {(p.province_id, p.year) for p in c.dataset.annual_plans}
    for p in sorted(provinces):
        if (p, year) not in planned:
            c._undecided(
                "no_plan",
                "admin_unit",
                p,
                f"the province's approved QMS plan for {year}",
                f"record the {year} plan (AnnualPlan) and its planned activities for the carried "
                "units",
            )


# --- rendering ------------------------------------------------------------------------------

_TEXT = {
    "title": ("Chuyển sổ đăng ký sang năm {year}", "Registry carried into {year}"),
    "summary": ("Tóm tắt", "Summary"),
    "fates": ("Số phận các đơn vị", "Fates of the agencies"),
    "qms": ("Hệ thống quản lý chất lượng", "QMS units"),
    "undecided": ("Cần phân tích viên ghi nhận", "For the analyst to record"),
    "none": ("Không có.", "None."),
    "agency": ("Đơn vị", "Agency"),
    "fate": ("Số phận", "Fate"),
    "date": ("Ngày", "Date"),
    "decision": ("Quyết định", "Decision"),
    "basis": ("Căn cứ", "Basis"),
    "successor": ("Đơn vị kế thừa", "Successor"),
    "action": ("Xử lý", "Action"),
    "owner": ("Chủ sở hữu sau", "Owner after"),
    "reannounce": ("Công bố lại", "Re-announce"),
    "record": ("Hồ sơ", "Record"),
    "missing": ("Còn thiếu", "Missing"),
    "todo": ("Cần ghi nhận", "To record"),
    "tthc": ("Thủ tục chuyển cho đơn vị kế thừa", "Procedures passed to a successor"),
    "start": ("Ngày bắt đầu", "First day"),
    "confirm": (" (cần xác nhận)", " (to confirm)"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
}


_UNDECIDED_VI: dict[str, tuple[str, str]] = {
    "unit_fate_unknown": (
        "Chưa rõ đơn vị hành chính của đơn vị này sau sắp xếp 2025",
        "Ghi mã đơn vị hành chính chính thức, hoặc ngày kết thúc và đơn vị kế thừa",
    ),
    "no_successor_agency": (
        "Chưa có đơn vị kế thừa",
        "Ghi đơn vị tiếp nhận và sự kiện sáp nhập, hoặc sự kiện giải thể",
    ),
    "unit_split": (
        "Đơn vị hành chính bị chia tách",
        "Ghi đơn vị tiếp nhận (sự kiện sáp nhập hoặc chia tách)",
    ),
    "split": ("Đơn vị chủ quản bị chia tách", "Ghi đơn vị kế thừa áp dụng HTQLCL"),
    "conflicting_events": (
        "Các sự kiện kết thúc mâu thuẫn nhau",
        "Giữ một sự kiện đúng, xóa các sự kiện còn lại",
    ),
    "end_without_reason": (
        "Có ngày kết thúc nhưng không có sự kiện",
        "Ghi sự kiện giải thể hoặc sáp nhập (kèm quyết định)",
    ),
    "reading_to_confirm": (
        "Cách hiểu cần xác nhận (cùng tên tại đơn vị kế thừa)",
        "Ghi sự kiện sáp nhập kèm quyết định",
    ),
    "several_qms": (
        "Nhiều HTQLCL cùng chuyển về một đơn vị",
        "Chọn HTQLCL đơn vị áp dụng, hoặc ghi HTQLCL mới",
    ),
    "tthc_without_handler": (
        "Thủ tục chưa có đơn vị giải quyết",
        "Ghi phân công có thời hạn (kèm quyết định), hoặc ngày bãi bỏ",
    ),
    "merger_cycle": (
        "Các sự kiện sáp nhập tạo thành vòng lặp",
        "Sửa sự kiện sáp nhập hoặc chia tách của vòng lặp",
    ),
    "no_plan": ("Chưa có kế hoạch năm", "Ghi kế hoạch được phê duyệt và các hoạt động"),
}


def _merger_cycles(successors: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Every agency on a cycle of mergers, with the cycle (first agency repeated at the end).

    Depth-first with an explicit stack (grey: on the current path; black: done), so long
    chains need no recursion. A cycle a0 → a1 → a0 is a recording error: no agency of it
    carries on.
    """
    state: dict[str, int] = {}  # 1 grey, 2 black
    cycles: dict[str, tuple[str, ...]] = {}
    for root in sorted(successors):
        if root in state:
            continue
        path: list[str] = [root]
        state[root] = 1
        stack: list[Iterator[str]] = [iter(successors.get(root, ()))]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                state[path.pop()] = 2
            elif state.get(child) == 1:
                loop = path[path.index(child) :]
                for aid in loop:
                    cycles.setdefault(
                        aid, (*loop[loop.index(aid) :], *loop[: loop.index(aid)], aid)
                    )
            elif child not in state:
                state[child] = 1
                path.append(child)
                stack.append(iter(successors.get(child, ())))
    return cycles


def _markdown(report: RegistryCarryReport, lang: Language) -> str:
    i = 0 if lang == "vi" else 1

    def t(key: str) -> str:
        return _TEXT[key][i]

    def cell(text: str) -> str:  # inert: no HTML, links, emphasis, table or line breaks
        return md_cell(text)

    def day(value: dt.date | None) -> str:
        return "" if value is None else format_date(value, lang)

    lines = [f"# {t('title').format(year=report.year)}", "", f"## {t('summary')}", ""]
    counts = report.counts()
    for kind in FateKind:
        lines.append(f"- {kind.label(lang)}: {counts[kind.value]}")
    lines.append(
        f"- {t('qms')}: "
        + ", ".join(
            f"{a.label(lang)} {sum(q.action is a for q in report.qms)}" for a in QmsCarryAction
        )
    )
    lines.append(f"- {t('tthc')}: {len(report.tthc)}")
    lines.append(f"- {t('undecided')}: {len(report.undecided)}")
    lines += ["", f"## {t('fates')}", ""]
    lines.append(
        f"| {t('agency')} | {t('fate')} | {t('date')} | {t('decision')} | {t('basis')} | "
        f"{t('successor')} |"
    )
    lines.append("| --- | --- | --- | --- | --- | --- |")
    for f in report.fates:
        if f.kind is FateKind.CONTINUES and f.basis is FateBasis.NO_CHANGE:
            continue
        basis = f.basis.label(lang) + (t("confirm") if f.needs_confirmation else "")
        lines.append(
            f"| {cell(f.name)} (`{f.agency_id}`) | {f.kind.label(lang)} | {day(f.date)} | "
            f"{cell(' → '.join(s.decision_number for s in f.steps if s.decision_number))} | "
            f"{basis} | "
            f"{', '.join(f'`{s}`' for s in f.successor_ids if s != f.agency_id)} |"
        )
    lines += ["", f"## {t('qms')}", ""]
    lines.append(f"| QMS | {t('action')} | {t('date')} | {t('owner')} | {t('reannounce')} |")
    lines.append("| --- | --- | --- | --- | --- |")
    for q in report.qms:
        if q.action is QmsCarryAction.CONTINUES:
            continue
        owner = q.into_qms_id or q.owner_after or ""
        lines.append(
            f"| `{q.qms_id}` | {q.action.label(lang)} | {day(q.date)} | `{owner}` | "
            f"{t('yes') if q.reannounce else t('no')} |"
            if owner
            else f"| `{q.qms_id}` | {q.action.label(lang)} | {day(q.date)} |  | "
            f"{t('yes') if q.reannounce else t('no')} |"
        )
    lines += ["", f"## {t('undecided')}", ""]
    if not report.undecided:
        lines.append(t("none"))
    else:
        lines.append(f"| {t('record')} | {t('missing')} | {t('todo')} |")
        lines.append("| --- | --- | --- |")
        for u in report.undecided:
            missing, action = u.missing, u.action
            if lang == "vi" and u.code in _UNDECIDED_VI:
                vi_missing, vi_action = _UNDECIDED_VI[u.code]
                missing, action = f"{vi_missing} ({u.missing})", vi_action
            lines.append(
                f"| {u.record_type} `{u.record_id}` ({u.code}) | {cell(missing)} | {cell(action)} |"
            )
    return "\n".join(lines) + "\n"


__all__ = [
    "DISTRICT_LAW",
    "PROVINCE_RESOLUTION",
    "AgencyFate",
    "FateBasis",
    "FateKind",
    "FateStep",
    "QmsCarry",
    "QmsCarryAction",
    "RegistryCarryReport",
    "TthcCarry",
    "CarryUndecided",
    "carry_registry",
    "reorganisation_records",
]
