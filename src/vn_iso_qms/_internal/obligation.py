"""Who must have a QMS: obligation class derived from agency kind and date (QĐ 19 Art. 2)."""

from __future__ import annotations

import datetime as dt

from vn_iso_qms._internal.vocab import REFORM_2025_DATE, AgencyKind, ObligationClass

_MANDATORY = frozenset(
    {
        # QĐ 19 Art. 2.1.a: ministries, ministerial-level agencies, VSS and their units; general
        # departments, departments and vertical-line offices come from TT 26 Art. 5.2-5.3.
        AgencyKind.MINISTRY,
        AgencyKind.MINISTERIAL_AGENCY,
        AgencyKind.VIETNAM_SOCIAL_SECURITY,
        AgencyKind.CENTRAL_DEPARTMENT,
        AgencyKind.VERTICAL_LINE_AGENCY,
        # QĐ 19 Art. 2.1.b: UBND tỉnh and its specialised agencies; a chi cục belongs to its sở
        # and has its own QMS (TT 26 Art. 6.2).
        AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE,
        AgencyKind.PROVINCIAL_DEPARTMENT,
        AgencyKind.SUB_DEPARTMENT,
    }
)
_DISTRICT = frozenset({AgencyKind.DISTRICT_PEOPLE_COMMITTEE, AgencyKind.DISTRICT_DIVISION})
_ENCOURAGED = frozenset(
    {
        # QĐ 19 Art. 2.2: missions abroad, policy banks, commune People's Committees, public
        # service units. A land registration office is a public service unit.
        AgencyKind.DIPLOMATIC_MISSION,
        AgencyKind.POLICY_BANK,
        AgencyKind.COMMUNE_PEOPLE_COMMITTEE,
        AgencyKind.PUBLIC_SERVICE_UNIT,
        AgencyKind.LAND_REGISTRATION_OFFICE,
    }
)


def obligation_class(
    kind: AgencyKind,
    on: dt.date,
    *,
    communes_mandatory_from: dt.date | None = None,
) -> ObligationClass:
    """The obligation class of an agency kind on a date (QĐ 19/2014/QĐ-TTg Art. 2).

    District People's Committees (Art. 2.1.b) and their divisions (Art. 2.1.c) are mandatory until
    30/06/2025; from 01/07/2025 the district level no longer exists (Law 72/2025/QH15) and they
    are `not_covered`. Commune People's Committees are encouraged (Art. 2.2) unless
    `communes_mandatory_from` says otherwise (open question Q1 in the docs' legal basis: no
    instrument was found that makes the post-2025 communes mandatory).

    Args:
        kind: the agency kind.
        on: the date the obligation is evaluated for.
        communes_mandatory_from: if given, communes are mandatory from this date.

    Returns:
        Mandatory, encouraged or not covered.

    Examples:
        >>> import datetime as dt
        >>> obligation_class(AgencyKind.DISTRICT_PEOPLE_COMMITTEE, dt.date(2025, 6, 30))
        <ObligationClass.MANDATORY: 'mandatory'>
        >>> obligation_class(AgencyKind.DISTRICT_PEOPLE_COMMITTEE, dt.date(2025, 7, 1))
        <ObligationClass.NOT_COVERED: 'not_covered'>
    """
    if kind in _MANDATORY:
        return ObligationClass.MANDATORY
    if kind in _DISTRICT:
        return ObligationClass.MANDATORY if on < REFORM_2025_DATE else ObligationClass.NOT_COVERED
    if (
        kind is AgencyKind.COMMUNE_PEOPLE_COMMITTEE
        and communes_mandatory_from is not None
        and on >= communes_mandatory_from
    ):
        return ObligationClass.MANDATORY
    if kind in _ENCOURAGED:
        return ObligationClass.ENCOURAGED
    return ObligationClass.NOT_COVERED
