"""QMS units, their scope, processes, announcements and legal-change updates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import pairwise
from typing import ClassVar, Self

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from vn_iso_qms._internal.base import QmsModel, Record, ValidityMixin
from vn_iso_qms._internal.calendar_days import add_days
from vn_iso_qms._internal.types import (
    AdminUnitId,
    AgencyId,
    Count,
    Date,
    DecisionNumber,
    Flag,
    LegalChangeId,
    Note,
    PlannedActivityId,
    ProcessId,
    QmsUnitId,
    Text,
    TthcCode,
)
from vn_iso_qms._internal.vocab import AnnouncementReason, StandardVersion


class TthcAssignment(ValidityMixin):
    """A period during which one agency handles a procedure (TT 26 Art. 4.2: TTHC by agency).

    Procedures pass from one agency to another when agencies merge or tasks move; each period is
    one assignment, bounded by `valid_from` and `valid_to` (inclusive). A missing `valid_from`
    means "since the procedure was published", a missing `valid_to` "while it is in force".

    Examples:
        >>> import datetime as dt
        >>> a = TthcAssignment(agency_id="so-tnmt", valid_to=dt.date(2025, 2, 28),
        ...                    decision_number="123/QĐ-UBND")
        >>> a.valid_on(dt.date(2025, 3, 1))
        False
    """

    agency_id: AgencyId
    """The agency that handles the procedure in this period."""
    decision_number: DecisionNumber | None = None
    """The decision that assigned it (e.g. the TTHC publishing decision), when known."""


class Tthc(Record):
    """An administrative procedure (thủ tục hành chính) published for one or more agencies.

    The published list is what a QMS scope must cover (QĐ 19 Art. 3.1; TT 26 Art. 3.1, 4.2).
    Which agency handles it is given either for the procedure's whole life (`agency_ids`, the
    undated form) or period by period (`assignments`, when it moved between agencies); both
    forms may be combined for different agencies.

    Examples:
        >>> import datetime as dt
        >>> t = Tthc(id="t1", code="1.004227", name="Cấp giấy phép xây dựng",
        ...          published_on=dt.date(2020, 1, 1), assignments=(
        ...              TthcAssignment(agency_id="so-xd", valid_to=dt.date(2025, 6, 30)),
        ...              TthcAssignment(agency_id="xa-a", valid_from=dt.date(2025, 7, 1))))
        >>> t.in_force_on(dt.date(2023, 6, 1)), t.handled_by("xa-a", dt.date(2025, 7, 1))
        (True, True)
        >>> t.handler_ids
        ('so-xd', 'xa-a')
    """

    record_type: ClassVar[str] = "tthc"

    code: TthcCode
    """Code in the national TTHC database."""
    name: Text | None = None
    """Vietnamese name of the procedure (TT 26 Art. 4.2).

    Optional: the completeness report lists it when missing."""
    agency_ids: tuple[AgencyId, ...] = ()
    """Agencies that handle it for as long as it is in force (the undated form)."""
    published_on: Date
    """Date of the decision publishing it (công bố TTHC)."""
    abolished_on: Date | None = None
    """Date it was abolished or replaced; None while in force."""
    assignments: tuple[TthcAssignment, ...] = ()
    """Dated periods: which agency handles it from when to when (for procedures that moved)."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.agency_ids and not self.assignments:
            msg = "agency_ids or assignments must name at least one agency"
            raise PydanticCustomError("inconsistent_fields", msg)
        if self.abolished_on is not None and self.abolished_on < self.published_on:
            msg = f"abolished_on {self.abolished_on} is before published_on {self.published_on}"
            raise PydanticCustomError("date_order", msg)
        dated = {a.agency_id for a in self.assignments}
        both = sorted(dated.intersection(self.agency_ids))
        if both:
            msg = (
                f"agency {both[0]!r} is in agency_ids (its whole life) and in assignments (dated):"
                " keep one of the two"
            )
            raise PydanticCustomError("inconsistent_fields", msg)
        if len(set(self.agency_ids)) != len(self.agency_ids):
            msg = "agency_ids lists an agency twice"
            raise PydanticCustomError("duplicate_entry", msg)
        return self

    @property
    def handler_ids(self) -> tuple[str, ...]:
        """Every agency that handles or handled the procedure, undated ones first."""
        if not self.assignments:
            return self.agency_ids  # unique: `agency_ids` holds no repeat
        out = dict.fromkeys(self.agency_ids)
        out.update(dict.fromkeys(a.agency_id for a in self.assignments))
        return tuple(out)

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the procedure is published and not yet abolished on `day`."""
        return self.published_on <= day and (self.abolished_on is None or day < self.abolished_on)

    def handled_by(self, agency_id: str, day: dt.date) -> bool:
        """Whether the procedure is in force on `day` and the agency handles it then."""
        if not self.in_force_on(day):
            return False
        if agency_id in self.agency_ids:
            return True
        return any(a.agency_id == agency_id and a.valid_on(day) for a in self.assignments)

    def handling_periods(
        self, agency_ids: Iterable[str]
    ) -> tuple[tuple[dt.date, dt.date | None], ...]:
        """The periods `[start, end)` in which any of the agencies handles the procedure.

        Periods of several agencies that touch or overlap are joined: a procedure moving from one
        of the agencies to another on the next day is one period. `end` is the first day it is no
        longer handled (None while it still is), so a change of scope happens on `start` and on
        `end`.
        """
        if not self.assignments:  # the undated form: its whole life, or never
            if any(a in self.agency_ids for a in agency_ids):
                return ((self.published_on, self.abolished_on),)
            return ()
        wanted = set(agency_ids)
        stop = self.abolished_on
        spans: list[tuple[dt.date, dt.date | None]] = []
        if wanted.intersection(self.agency_ids):
            spans.append((self.published_on, stop))
        for a in self.assignments:
            if a.agency_id not in wanted:
                continue
            start = max(self.published_on, a.valid_from or self.published_on)
            end = None if a.valid_to in (None, dt.date.max) else add_days(a.valid_to, 1)
            if stop is not None and (end is None or stop < end):
                end = stop
            if end is None or start < end:
                spans.append((start, end))
        spans.sort(key=lambda s: s[0])
        merged: list[tuple[dt.date, dt.date | None]] = []
        for start, end in spans:
            if merged and (merged[-1][1] is None or start <= merged[-1][1]):
                last_start, last_end = merged[-1]
                joined = None if end is None or last_end is None else max(end, last_end)
                merged[-1] = (last_start, joined)
            else:
                merged.append((start, end))
        return tuple(merged)


class EIsoUse(QmsModel):
    """A period during which a QMS ran on e-ISO software (ISO điện tử, QĐ 19 Art. 11)."""

    product: Text | None = None
    """Name of the software product or platform.

    Optional: the completeness report lists it when missing."""
    since: Date
    """First day of use."""
    until: Date | None = None
    """Last day of use; None while in use."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.until is not None and self.until < self.since:
            msg = f"until {self.until} is before since {self.since}"
            raise PydanticCustomError("date_order", msg)
        return self

    def active_on(self, day: dt.date) -> bool:
        """Whether the software was in use on `day`."""
        return self.since <= day and (self.until is None or day <= self.until)


class QmsUnit(ValidityMixin, Record):
    """A QMS unit (hệ thống quản lý chất lượng): one QMS covering one or more agencies.

    TT 26 Art. 6 fixes how agencies share QMS units: UBND tỉnh and its Văn phòng share one; each
    sở has one; each chi cục has its own; a district has one common QMS, or at most 3 separate
    QMS for phòng plus one common QMS (form b).

    Examples:
        >>> import datetime as dt
        >>> q = QmsUnit(id="q-so-tc", name="HTQLCL Sở Tài chính", owner_agency_id="so-tc",
        ...             agency_ids=("so-tc",),
        ...             eiso=(EIsoUse(product="iOffice ISO", since=dt.date(2021, 3, 1)),))
        >>> q.uses_eiso_on(dt.date(2023, 12, 31))
        True
    """

    record_type: ClassVar[str] = "qms_unit"

    name: Text | None = None
    """Name of the QMS, usually "HTQLCL" + the agency name.

    Optional: the completeness report lists it when missing."""
    owner_agency_id: AgencyId
    """The agency whose head is accountable for the QMS (QĐ 19 Art. 11)."""
    agency_ids: tuple[AgencyId, ...]
    """Every agency the QMS covers, the owner included."""
    separate_division: Flag = False
    """True for a separate QMS of one district phòng under form (b) of TT 26 Art. 6.3."""
    framework_model: DecisionNumber | None = None
    """Decision publishing the framework model followed (e.g. "101/QĐ-BKHCN")."""
    eiso: tuple[EIsoUse, ...] = ()
    """Periods of e-ISO software use."""

    @model_validator(mode="after")
    def _check_owner(self) -> Self:
        if self.owner_agency_id not in self.agency_ids:
            msg = f"owner_agency_id {self.owner_agency_id!r} must be one of agency_ids"
            raise PydanticCustomError("inconsistent_fields", msg)
        if len(set(self.agency_ids)) != len(self.agency_ids):
            msg = "agency_ids lists an agency twice"
            raise PydanticCustomError("duplicate_entry", msg)
        return self

    def uses_eiso_on(self, day: dt.date) -> bool:
        """Whether the QMS ran on e-ISO software on `day`."""
        return any(use.active_on(day) for use in self.eiso)


class DocumentRevision(QmsModel):
    """One approved revision of a process document (ban hành, sửa đổi)."""

    number: Count
    """Revision number (lần ban hành), from 0 or 1 as the agency counts."""
    approved_on: Date
    """Date the head approved it (QĐ 19 Art. 4.2.a)."""
    approved_by: Text | None = None
    """Who approved it (QĐ 19 Art. 4.2.a: the head).

    Optional: the completeness report lists it when missing."""


class Process(Record):
    """A work process (quy trình giải quyết công việc) of a QMS, linked to the TTHC it handles.

    Several similar TTHC may share one process (TT 26 Art. 41.6).
    """

    record_type: ClassVar[str] = "process"

    qms_id: QmsUnitId
    """The QMS the process belongs to."""
    code: Text | None = None
    """The agency's document code, e.g. "QT-01".

    Optional: the completeness report lists it when missing."""
    name: Text | None = None
    """Title of the process.

    Optional: the completeness report lists it when missing."""
    tthc_codes: tuple[TthcCode, ...] = ()
    """TTHC the process handles (empty for an internal process)."""
    revisions: tuple[DocumentRevision, ...] = ()
    """Approved revisions, oldest first."""
    withdrawn_on: Date | None = None
    """Date the process was withdrawn; None while in use."""

    @model_validator(mode="after")
    def _check_revisions(self) -> Self:
        revisions = self.revisions
        if len(revisions) < 2:  # most processes: nothing to compare
            return self
        for before, after in pairwise(revisions):
            if after.approved_on < before.approved_on or after.number <= before.number:
                msg = (
                    f"revisions must be in order: revision {after.number} "
                    f"({after.approved_on}) follows {before.number} ({before.approved_on})"
                )
                raise PydanticCustomError("date_order", msg)
        return self

    def approved_by_date(self, day: dt.date) -> bool:
        """Whether a revision had been approved on or before `day`."""
        return any(r.approved_on <= day for r in self.revisions)


class Announcement(Record):
    """An announcement (công bố) or re-announcement (công bố lại) that a QMS conforms to TCVN ISO 9001.

    The agency's own decision (QĐ 19 Art. 4.3, Phụ lục I); it must then notify the lead unit in
    writing, post the decision at its office and publish it online — three separate duties.

    Examples:
        >>> import datetime as dt
        >>> a = Announcement(id="cb-1", qms_id="q-so-tc", decision_number="12/QĐ-STC",
        ...                  date=dt.date(2019, 6, 3), signer="Giám đốc",
        ...                  standard=StandardVersion.ISO9001_2015, scope_tthc=("1.004227",))
        >>> a.reason.label_en
        'Initial announcement'
    """

    record_type: ClassVar[str] = "announcement"

    qms_id: QmsUnitId
    """The QMS announced."""
    decision_number: DecisionNumber | None = None
    """Number of the announcement decision (QĐ 19 Art. 4.3).

    Optional: the completeness report lists it when missing."""
    date: Date
    """Date the decision was signed."""
    signer: Text | None = None
    """Who signed it (the head of agency).

    Optional: the completeness report lists it when missing."""
    standard: StandardVersion
    """Edition of the standard announced against."""
    scope_tthc: tuple[TthcCode, ...] = ()
    """The TTHC in scope at the time (snapshot attached to the decision)."""
    reason: AnnouncementReason = AnnouncementReason.INITIAL
    """Initial announcement, or why it was re-announced."""
    lead_unit_notified_on: Date | None = None
    """Date the lead unit (Sở KH&CN) was notified in writing; None if not done."""
    posted_at_office_on: Date | None = None
    """Date the decision was posted at the office; None if not done."""
    published_online_on: Date | None = None
    """Date it was published on the agency's website; None if not done."""
    no_website: Flag = False
    """True when the agency has no website, so online publication does not apply (Art. 4.3)."""

    @model_validator(mode="after")
    def _check_dates(self) -> Self:
        for name in ("lead_unit_notified_on", "posted_at_office_on", "published_online_on"):
            value: dt.date | None = getattr(self, name)
            if value is not None and value < self.date:
                msg = f"{name} {value} is before the decision date {self.date}"
                raise PydanticCustomError("date_order", msg)
        if self.no_website and self.published_online_on is not None:
            msg = "published_online_on is set although no_website is true"
            raise PydanticCustomError("inconsistent_fields", msg)
        return self


class LegalChange(Record):
    """A change in a legal normative document that affects how TTHC are processed (QĐ 19 Art. 4.4.a)."""

    record_type: ClassVar[str] = "legal_change"

    document_number: DecisionNumber | None = None
    """Number of the legal document.

    Optional: the completeness report lists it when missing."""
    title: Text | None = None
    """Title or subject.

    Optional: the completeness report lists it when missing."""
    effective_on: Date
    """Date the document takes effect; QMS updates are due within 3 months of it."""
    affected_tthc: tuple[TthcCode, ...] = ()
    """TTHC whose processing it changes."""
    qms_ids: tuple[QmsUnitId, ...] = ()
    """QMS units that must update (besides those whose scope holds an affected TTHC)."""


class QmsUpdate(Record):
    """An update of a QMS answering one or more legal changes (QĐ 19 Art. 4.4.a)."""

    record_type: ClassVar[str] = "qms_update"

    qms_id: QmsUnitId
    """The QMS updated."""
    legal_change_ids: tuple[LegalChangeId, ...]
    """The legal changes it answers."""
    date: Date
    """Date the updated documents were approved and applied."""
    process_ids: tuple[ProcessId, ...] = ()
    """Processes revised."""
    note: Note = ""
    """Free text."""


class ScopeDecision(Record):
    """A recorded decision that changes the scope of a QMS (QĐ 19 Art. 4.4.c; Art. 11.2).

    The scope also changes without a decision of its own, when a procedure of the QMS's agencies
    is published, abolished or moves to another agency; a decision records what the head decided
    (procedures added or removed, or another change such as internal activities brought in) with
    its number and date, and calls for a re-announcement like any scope change.

    Examples:
        >>> import datetime as dt
        >>> ScopeDecision(id="sd-1", qms_id="q-so-tc", date=dt.date(2025, 3, 3),
        ...               decision_number="45/QĐ-STC", added_tthc=("1.004227",)).changes_scope
        True
    """

    record_type: ClassVar[str] = "scope_decision"

    qms_id: QmsUnitId
    """The QMS whose scope changed."""
    date: Date
    """Date of the decision (the scope changes on that day)."""
    decision_number: DecisionNumber | None = None
    """Number of the decision, when known."""
    added_tthc: tuple[TthcCode, ...] = ()
    """Procedures brought into the scope."""
    removed_tthc: tuple[TthcCode, ...] = ()
    """Procedures taken out of the scope."""
    other_change: Note = ""
    """Another change of scope, described (e.g. internal activities added, Art. 11.2)."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.changes_scope:
            msg = "a scope decision needs added_tthc, removed_tthc or other_change"
            raise PydanticCustomError("inconsistent_fields", msg)
        both = sorted(set(self.added_tthc).intersection(self.removed_tthc))
        if both:
            msg = f"procedure {both[0]!r} is both added and removed"
            raise PydanticCustomError("inconsistent_fields", msg)
        return self

    @property
    def changes_scope(self) -> bool:
        """Whether the decision names any change."""
        return bool(self.added_tthc or self.removed_tthc or self.other_change)


class DocumentApproval(Record):
    """The head's approval of the QMS documents and processes (QĐ 19 Art. 4.2.a).

    The first of the steps that must precede the announcement; revisions of a process
    (`Process.revisions`) count as approvals too. Before this record existed the step was an
    `Activity` of kind `document_approval`, which is still read (see `migrate_legal_steps`).

    Examples:
        >>> import datetime as dt
        >>> DocumentApproval(id="bh-1", qms_id="q-so-tc", date=dt.date(2019, 3, 1),
        ...                  decision_number="12/QĐ-STC").date.year
        2019
    """

    record_type: ClassVar[str] = "document_approval"

    qms_id: QmsUnitId
    """The QMS whose documents were approved."""
    date: Date
    """Date of approval."""
    decision_number: DecisionNumber | None = None
    """The approving decision's number, when known."""
    approver: Text | None = None
    """Who approved (the head of agency), when known."""
    process_ids: tuple[ProcessId, ...] = ()
    """Processes approved, when listed."""
    planned_activity_id: PlannedActivityId | None = None
    """The planned activity it carries out, when the link is explicit."""
    note: Note = ""
    """Free text."""


class EffectivenessConfirmation(Record):
    """The head's confirmation that the QMS is in effect (xác nhận hiệu lực, QĐ 19 Art. 4.2.d).

    The last step before the announcement (Art. 4.3). Before this record existed it was an
    `Activity` of kind `effectiveness_confirmation`, which is still read (see
    `migrate_legal_steps`).

    Examples:
        >>> import datetime as dt
        >>> EffectivenessConfirmation(id="xnhl-1", qms_id="q-so-tc",
        ...                           date=dt.date(2019, 5, 10)).decision_number is None
        True
    """

    record_type: ClassVar[str] = "effectiveness_confirmation"

    qms_id: QmsUnitId
    """The QMS confirmed in effect."""
    date: Date
    """Date of the confirmation."""
    decision_number: DecisionNumber | None = None
    """The confirming document's number, when known."""
    signer: Text | None = None
    """Who confirmed (the head of agency), when known."""
    planned_activity_id: PlannedActivityId | None = None
    """The planned activity it carries out, when the link is explicit."""
    note: Note = ""
    """Free text."""


class TthcListUpdate(Record):
    """An update of the province's published list of procedures (TT 26 Art. 4.2-4.3).

    The provincial People's Committee publishes on its website the list of procedures of each
    agency in the province and updates it within 5 working days of the decision that issues,
    amends, replaces or abolishes a procedure. One record per update, naming the procedures
    whose change it shows.

    Examples:
        >>> import datetime as dt
        >>> TthcListUpdate(id="dm-1", province_id="p-84", date=dt.date(2023, 3, 6),
        ...                tthc_codes=("1.000390",)).tthc_codes
        ('1.000390',)
    """

    record_type: ClassVar[str] = "tthc_list_update"

    province_id: AdminUnitId
    """The province (an administrative unit) whose list was updated."""
    date: Date
    """Day the updated list was published."""
    tthc_codes: tuple[TthcCode, ...]
    """The procedures whose change the update shows."""
    note: Note = ""
    """Free text."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.tthc_codes:
            msg = "tthc_codes must name at least one procedure"
            raise PydanticCustomError("inconsistent_fields", msg)
        return self
