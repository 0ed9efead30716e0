"""Administrative units, agencies and their lifecycle events."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Self

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from vn_iso_qms._internal.base import Record, ValidityMixin
from vn_iso_qms._internal.types import (
    AdminUnitCode,
    AdminUnitId,
    AgencyId,
    Date,
    DecisionNumber,
    Note,
    Text,
)
from vn_iso_qms._internal.vocab import AdminUnitLevel, AgencyEventKind, AgencyKind, ManagementLevel


class AdministrativeUnit(ValidityMixin, Record):
    """An administrative unit (đơn vị hành chính): province, district (until 2025) or commune.

    Examples:
        >>> AdministrativeUnit(id="p-84", code="84", name="Trà Vinh",
        ...                    level=AdminUnitLevel.PROVINCE).level.label_vi
        'Cấp tỉnh'
    """

    record_type: ClassVar[str] = "admin_unit"

    code: AdminUnitCode | None = None
    """Official statistics-office code, zero-padded; None for a fictional or unofficial unit."""
    name: Text
    """Vietnamese name with diacritics, e.g. "Trà Vinh", "Huyện Cầu Kè"."""
    level: AdminUnitLevel
    """Province, district or commune."""
    parent_id: AdminUnitId | None = None
    """The unit this one belongs to (a district's province, a commune's district or province)."""
    successor_ids: tuple[AdminUnitId, ...] = ()
    """Units that took over this one after a reorganisation (primary successor first)."""


class Agency(ValidityMixin, Record):
    """An agency or unit in the QMS registry (cơ quan, đơn vị).

    `valid_from` / `valid_to` bound the agency's existence; the events in
    [`AgencyEvent`][vn_iso_qms.AgencyEvent] explain why it ended.

    Examples:
        >>> import datetime as dt
        >>> a = Agency(id="so-tc", name="Sở Tài chính", kind=AgencyKind.PROVINCIAL_DEPARTMENT)
        >>> a.management_level
        <ManagementLevel.PROVINCIAL: 'provincial'>
    """

    record_type: ClassVar[str] = "agency"

    name: Text
    """Official Vietnamese name."""
    kind: AgencyKind
    """Kind of agency; decides its obligation (QĐ 19 Art. 2) and its report block."""
    level: ManagementLevel | None = None
    """Management level; None means the usual level of `kind` (see `management_level`)."""
    admin_unit_id: AdminUnitId | None = None
    """The administrative unit the agency serves (its province, district or commune)."""
    parent_id: AgencyId | None = None
    """The agency it belongs to (a chi cục's sở, a phòng's district People's Committee)."""
    short_name: Text | None = None
    """Short name used in tables, e.g. "Sở KH&CN"."""

    @property
    def management_level(self) -> ManagementLevel:
        """The management level: `level` if given, else the usual level of `kind`."""
        if self.level is not None:
            return self.level
        return default_level(self.kind)


def established_on(agency: Agency, day: dt.date) -> bool:
    """Whether the agency came into being with an event of `day`.

    Its first day is that day or the next: an event ending the predecessors on day D, the
    successor starting on D or D+1.

    Examples:
        >>> import datetime as dt
        >>> a = Agency(id="so-nn-mt", name="Sở Nông nghiệp và Môi trường",
        ...            kind=AgencyKind.PROVINCIAL_DEPARTMENT, valid_from=dt.date(2025, 3, 1))
        >>> established_on(a, dt.date(2025, 3, 1)), established_on(a, dt.date(2024, 3, 1))
        (True, False)
    """
    first = agency.valid_from
    return first is not None and 0 <= (first - day).days <= 1


_KIND_LEVEL: dict[AgencyKind, ManagementLevel] = {
    AgencyKind.MINISTRY: ManagementLevel.CENTRAL,
    AgencyKind.MINISTERIAL_AGENCY: ManagementLevel.CENTRAL,
    AgencyKind.VIETNAM_SOCIAL_SECURITY: ManagementLevel.CENTRAL,
    AgencyKind.CENTRAL_DEPARTMENT: ManagementLevel.CENTRAL,
    AgencyKind.DIPLOMATIC_MISSION: ManagementLevel.CENTRAL,
    AgencyKind.POLICY_BANK: ManagementLevel.CENTRAL,
    AgencyKind.DISTRICT_PEOPLE_COMMITTEE: ManagementLevel.DISTRICT,
    AgencyKind.DISTRICT_DIVISION: ManagementLevel.DISTRICT,
    AgencyKind.COMMUNE_PEOPLE_COMMITTEE: ManagementLevel.COMMUNE,
    AgencyKind.COMMUNE_DIVISION: ManagementLevel.COMMUNE,
    AgencyKind.COMMUNE_SERVICE_CENTRE: ManagementLevel.COMMUNE,
}


def default_level(kind: AgencyKind) -> ManagementLevel:
    """The usual management level of an agency kind (provincial unless stated otherwise)."""
    return _KIND_LEVEL.get(kind, ManagementLevel.PROVINCIAL)


class AgencyEvent(Record):
    """A lifecycle event of an agency: established, renamed, merged into, split, dissolved.

    Examples:
        >>> import datetime as dt
        >>> AgencyEvent(id="ev-1", agency_id="so-ttt", kind=AgencyEventKind.MERGED_INTO,
        ...             date=dt.date(2025, 3, 1), successor_ids=("so-khcn",)).kind.ends_agency
        True
    """

    record_type: ClassVar[str] = "agency_event"

    agency_id: AgencyId
    """The agency the event happened to."""
    kind: AgencyEventKind
    """What happened."""
    date: Date
    """Effective date of the event."""
    decision_number: DecisionNumber | None = None
    """Number of the decision that ordered it."""
    successor_ids: tuple[AgencyId, ...] = ()
    """Agencies that take over (required for a merger or a split)."""
    new_name: Text | None = None
    """The new name, for a renaming."""
    note: Note = ""
    """Free text."""

    @model_validator(mode="after")
    def _check_kind_fields(self) -> Self:
        if self.kind in (AgencyEventKind.MERGED_INTO, AgencyEventKind.SPLIT):
            if not self.successor_ids:
                msg = f"a {self.kind.value} event needs successor_ids"
                raise PydanticCustomError("missing_field", msg)
            if self.agency_id in self.successor_ids:
                msg = "an agency cannot be its own successor"
                raise PydanticCustomError("inconsistent_fields", msg)
        if self.kind is AgencyEventKind.RENAMED and self.new_name is None:
            msg = "a renamed event needs new_name"
            raise PydanticCustomError("missing_field", msg)
        return self


class ObligationDesignation(Record):
    """The provincial People's Committee's decision that a public service unit applies a QMS.

    TT 26 Art. 6.5 leaves it to the provincial People's Committee to decide which public service
    units (đơn vị sự nghiệp công lập) in the province apply a QMS. From `date` (until `valid_to`,
    when the decision is revoked) the unit is mandatory, with the grace a new obligee gets.

    Examples:
        >>> import datetime as dt
        >>> ObligationDesignation(id="cd-1", agency_id="bv-tinh", date=dt.date(2023, 3, 1),
        ...                       decision_number="456/QĐ-UBND").applies_on(dt.date(2023, 3, 1))
        True
    """

    record_type: ClassVar[str] = "obligation_designation"

    agency_id: AgencyId
    """The public service unit designated."""
    date: Date
    """First day the unit is obliged."""
    decision_number: DecisionNumber | None = None
    """Number of the provincial People's Committee's decision, when known."""
    valid_to: Date | None = None
    """Last day of the designation, when it was revoked; None while in force."""
    note: Note = ""
    """Free text."""

    @model_validator(mode="after")
    def _check_dates(self) -> Self:
        if self.valid_to is not None and self.valid_to < self.date:
            msg = f"valid_to {self.valid_to} is before date {self.date}"
            raise PydanticCustomError("date_order", msg)
        return self

    def applies_on(self, day: dt.date) -> bool:
        """Whether the designation is in force on `day`."""
        return self.date <= day and (self.valid_to is None or day <= self.valid_to)
