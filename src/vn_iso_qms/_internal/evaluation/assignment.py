"""Which province reports each agency: exactly one, or none with the reason why.

An agency belongs to the province its administrative unit lies in (`Agency.admin_unit_id`,
then up the unit's `parent_id` chain to a unit of level province). An agency that names no unit
takes the province of the nearest agency above it (`parent_id`) that does. The first agency of
that chain whose unit reaches a province decides, so an agency never belongs to two provinces.
An agency (or an administrative unit) that reaches no province is in no province's report: it is
listed, with the reason, instead of being dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from vn_iso_qms._internal.agency import AdministrativeUnit, Agency
from vn_iso_qms._internal.base import QmsModel
from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.evaluation.law import QD19, cite
from vn_iso_qms._internal.evaluation.reasons import Reason, ReasonCode, make_reason
from vn_iso_qms._internal.vocab import AdminUnitLevel

R = ReasonCode
_C_REPORT = cite(QD19, "12")


class NotReported(QmsModel):
    """A record that no province report counts, and why (an agency or an administrative unit).

    Examples:
        >>> from vn_iso_qms import Agency, AgencyKind, QmsDataset
        >>> from vn_iso_qms.reports import province_assignment
        >>> ds = QmsDataset(agencies=(Agency(id="cong-an", name="Công an tỉnh",
        ...                                  kind=AgencyKind.PROVINCIAL_POLICE),))
        >>> [n.reason.code for n in province_assignment(ds).not_reported]
        ['no_admin_unit']
    """

    record_type: Literal["agency", "admin_unit"]
    """The kind of record: an agency or an administrative unit."""
    record_id: str
    """Its id."""
    name: str
    """Its name."""
    reason: Reason
    """Why no province reports it (`no_admin_unit`, `admin_unit_outside_province`)."""


class ProvinceAssignment(QmsModel):
    """The province each agency is reported in, and the records no province reports.

    Built by [`province_assignment`][vn_iso_qms.reports.province_assignment]: every agency of the
    dataset is either in `province_of` (exactly one province) or in `not_reported`.
    """

    province_of: Mapping[str, str]
    """Agency id → the id of the province (administrative unit) that reports it."""
    not_reported: tuple[NotReported, ...] = ()
    """Agencies, then administrative units, that reach no province, by id, with the reason."""

    def agencies_not_reported(self) -> tuple[NotReported, ...]:
        """The agencies no province reports."""
        return tuple(n for n in self.not_reported if n.record_type == "agency")


def province_assignment(dataset: QmsDataset) -> ProvinceAssignment:
    """The province that reports each agency, and every agency or unit that reaches none.

    Computed once per dataset (then cached): `evaluate` and `province_report` read the same
    assignment, and `vn-iso-qms validate` prints what it leaves out.

    Args:
        dataset: the records.

    Returns:
        The assignment: exactly one province per agency, or the reason there is none.
    """
    return dataset._lookup("province_assignment", lambda: _assign(dataset))


def _assign(dataset: QmsDataset) -> ProvinceAssignment:
    units = dataset.index(AdministrativeUnit)
    agencies = dataset.index(Agency)
    unit_province: dict[str, str | None] = {}

    def province_of_unit(unit_id: str) -> str | None:
        if unit_id in unit_province:
            return unit_province[unit_id]
        seen: list[str] = []
        current: str | None = unit_id
        found: str | None = None
        while current is not None and current not in seen:
            if current in unit_province:
                found = unit_province[current]
                break
            seen.append(current)
            unit = units.get(current)
            if unit is None:
                break
            if unit.level is AdminUnitLevel.PROVINCE:
                found = unit.id
                break
            current = unit.parent_id
        for visited in seen:
            unit_province[visited] = found
        return found

    province_of: dict[str, str] = {}
    not_reported: list[NotReported] = []
    for agency in sorted(agencies.values(), key=lambda a: a.id):
        named: str | None = None  # the first administrative unit named along the chain
        seen: set[str] = set()
        current: Agency | None = agency
        found: str | None = None
        while current is not None and current.id not in seen and found is None:
            seen.add(current.id)
            if current.admin_unit_id is not None:
                named = named or current.admin_unit_id
                found = province_of_unit(current.admin_unit_id)
            current = agencies.get(current.parent_id) if current.parent_id else None
        if found is not None:
            province_of[agency.id] = found
            continue
        if named is None:
            reason = make_reason(
                R.NO_ADMIN_UNIT, unit=agency.name, citation=_C_REPORT, record_ids=(agency.id,)
            )
        else:
            unit = units.get(named)
            reason = make_reason(
                R.ADMIN_UNIT_OUTSIDE_PROVINCE,
                unit=agency.name,
                admin_unit=unit.name if unit is not None else named,
                citation=_C_REPORT,
                record_ids=(agency.id, named),
            )
        not_reported.append(
            NotReported(record_type="agency", record_id=agency.id, name=agency.name, reason=reason)
        )
    for unit in sorted(units.values(), key=lambda u: u.id):
        if province_of_unit(unit.id) is None:
            reason = make_reason(
                R.ADMIN_UNIT_OUTSIDE_PROVINCE,
                unit=unit.name,
                admin_unit=unit.name,
                citation=_C_REPORT,
                record_ids=(unit.id,),
            )
            not_reported.append(
                NotReported(
                    record_type="admin_unit", record_id=unit.id, name=unit.name, reason=reason
                )
            )
    # the library's own values, of their types: no validation (a first evaluation would build
    # the validator of the whole model for this one instance)
    return ProvinceAssignment.model_construct(
        province_of=province_of, not_reported=tuple(not_reported)
    )


def agencies_by_province(assignment: ProvinceAssignment) -> Mapping[str, tuple[str, ...]]:
    """Agency ids per province id, in id order."""
    groups: dict[str, list[str]] = {}
    for agency_id, province_id in sorted(assignment.province_of.items()):
        groups.setdefault(province_id, []).append(agency_id)
    return {k: tuple(v) for k, v in groups.items()}
