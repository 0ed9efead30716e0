"""Who must have a QMS: obligation class derived from agency kind and date (QĐ 19 Art. 2).

One table, `OBLIGATION_BY_KIND`, gives every agency kind its class and the provision it rests
on, marking where the class is a documented reading rather than the text's own words. A public
service unit the provincial People's Committee designates (TT 26 Art. 6.5) is mandatory from
the designation's date: see [`ObligationDesignation`][vn_iso_qms.ObligationDesignation].
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from vn_iso_qms._internal.vocab import REFORM_2025_DATE, AgencyKind, ObligationClass


@dataclass(frozen=True, slots=True)
class KindObligation:
    """The obligation class of one agency kind and the provision it rests on."""

    obligation: ObligationClass
    """The class (for district kinds: until 30/06/2025)."""
    provision: str
    """Where the class comes from, e.g. "QĐ 19/2014/QĐ-TTg Art. 2.1.c"."""
    reading: bool = False
    """True when the text does not name the kind and the class is a documented reading."""
    note: str = ""
    """Why, in one sentence."""


_M, _E, _N = ObligationClass.MANDATORY, ObligationClass.ENCOURAGED, ObligationClass.NOT_COVERED
_QD19 = "QĐ 19/2014/QĐ-TTg"
_TT26 = "TT 26/2014/TT-BKHCN"

OBLIGATION_BY_KIND: Mapping[AgencyKind, KindObligation] = MappingProxyType(
    {
        AgencyKind.MINISTRY: KindObligation(_M, f"{_QD19} Art. 2.1.a"),
        AgencyKind.MINISTERIAL_AGENCY: KindObligation(_M, f"{_QD19} Art. 2.1.a"),
        AgencyKind.VIETNAM_SOCIAL_SECURITY: KindObligation(_M, f"{_QD19} Art. 2.1.a"),
        AgencyKind.CENTRAL_DEPARTMENT: KindObligation(
            _M, f"{_QD19} Art. 2.1.a; {_TT26} Art. 5.2", note="a unit of a ministry"
        ),
        AgencyKind.VERTICAL_LINE_AGENCY: KindObligation(
            _M,
            f"{_QD19} Art. 2.1.a; {_TT26} Art. 5.3",
            note="a local unit of a ministry; the ministry inspects it (TT 26 Art. 34.1.a)",
        ),
        AgencyKind.PROVINCIAL_POLICE: KindObligation(
            _M,
            f"{_QD19} Art. 2.1.a; {_TT26} Art. 5.3",
            reading=True,
            note=(
                "a local unit of the Ministry of Public Security (Law 37/2018/QH14 Art. 17.1.b),"
                " read as a vertical-line agency: mandatory, inspected by its ministry, not by"
                " the province; QĐ 19 Art. 2 names no police body, so Policy."
                "provincial_police_mandatory=False reads it as not covered"
            ),
        ),
        AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE: KindObligation(_M, f"{_QD19} Art. 2.1.b"),
        AgencyKind.PROVINCIAL_DEPARTMENT: KindObligation(_M, f"{_QD19} Art. 2.1.c"),
        AgencyKind.MANAGEMENT_BOARD: KindObligation(
            _M,
            f"{_QD19} Art. 2.1.c",
            reading=True,
            note=(
                "an administrative agency directly under the provincial People's Committee that"
                " handles procedures (industrial-zone boards): read with its specialised agencies;"
                " Art. 2.1.c names only specialised agencies, so Policy."
                "management_boards_mandatory=False reads it as not covered"
            ),
        ),
        AgencyKind.SUB_DEPARTMENT: KindObligation(
            _M,
            f"{_QD19} Art. 2.1.c; {_TT26} Art. 6.2",
            note="a chi cục of a specialised agency, with its own QMS",
        ),
        AgencyKind.DISTRICT_PEOPLE_COMMITTEE: KindObligation(
            _M, f"{_QD19} Art. 2.1.b", note="until 30/06/2025 (Law 72/2025/QH15)"
        ),
        AgencyKind.DISTRICT_DIVISION: KindObligation(
            _M, f"{_QD19} Art. 2.1.c", note="until 30/06/2025 (Law 72/2025/QH15)"
        ),
        AgencyKind.COMMUNE_PEOPLE_COMMITTEE: KindObligation(
            _E, f"{_QD19} Art. 2.2; {_TT26} Art. 6.4", note="policy: communes_mandatory_from (Q1)"
        ),
        AgencyKind.COMMUNE_DIVISION: KindObligation(
            _E,
            f"{_QD19} Art. 2.2",
            reading=True,
            note=(
                "a division of a commune People's Committee (two-tier government from 01/07/2025):"
                " the text names none; read with its committee, so communes_mandatory_from too"
            ),
        ),
        AgencyKind.COMMUNE_SERVICE_CENTRE: KindObligation(
            _E,
            f"{_QD19} Art. 2.2",
            reading=True,
            note=(
                "the commune's one-stop public administrative service centre: the text names none;"
                " read with its committee, so communes_mandatory_from too"
            ),
        ),
        AgencyKind.PUBLIC_SERVICE_UNIT: KindObligation(
            _E, f"{_QD19} Art. 2.2; {_TT26} Art. 6.5", note="mandatory once designated"
        ),
        AgencyKind.LAND_REGISTRATION_OFFICE: KindObligation(
            _E,
            f"{_QD19} Art. 2.2; {_TT26} Art. 6.5",
            note="a public service unit; mandatory once designated",
        ),
        AgencyKind.DIPLOMATIC_MISSION: KindObligation(_E, f"{_QD19} Art. 2.2"),
        AgencyKind.POLICY_BANK: KindObligation(_E, f"{_QD19} Art. 2.2"),
        AgencyKind.NA_DELEGATION_COUNCIL_OFFICE: KindObligation(
            _N,
            f"{_QD19} Art. 2",
            reading=True,
            note=(
                "serves the elected bodies, not a state administrative agency: judged against"
                " the province's plan only"
            ),
        ),
        AgencyKind.OTHER: KindObligation(
            _N, f"{_QD19} Art. 2", note="not named by the text: judged against the plan only"
        ),
    }
)
"""Every agency kind's obligation class and its provision (a test checks every kind is here)."""

_DISTRICT = frozenset({AgencyKind.DISTRICT_PEOPLE_COMMITTEE, AgencyKind.DISTRICT_DIVISION})
COMMUNE_KINDS = frozenset(
    {
        AgencyKind.COMMUNE_PEOPLE_COMMITTEE,
        AgencyKind.COMMUNE_DIVISION,
        AgencyKind.COMMUNE_SERVICE_CENTRE,
    }
)
"""The commune level's kinds (a special zone, đặc khu, is a commune People's Committee): their
class follows `communes_mandatory_from` together (a documented reading)."""
DESIGNABLE_KINDS = frozenset({AgencyKind.PUBLIC_SERVICE_UNIT, AgencyKind.LAND_REGISTRATION_OFFICE})
"""The kinds a provincial People's Committee can make mandatory (TT 26 Art. 6.5)."""


def obligation_class(
    kind: AgencyKind,
    on: dt.date,
    *,
    communes_mandatory_from: dt.date | None = None,
    provincial_police_mandatory: bool = True,
    management_boards_mandatory: bool = True,
) -> ObligationClass:
    """The obligation class of an agency kind on a date (QĐ 19/2014/QĐ-TTg Art. 2).

    Read from `OBLIGATION_BY_KIND`. District People's Committees (Art. 2.1.b) and their
    divisions (Art. 2.1.c) are mandatory until 30/06/2025; from 01/07/2025 the district level no
    longer exists (Law 72/2025/QH15) and they are `not_covered`. Commune People's Committees are
    encouraged (Art. 2.2), with their divisions and service centres, unless
    `communes_mandatory_from` says otherwise (open question Q1 in
    the docs' legal basis: no instrument was found that makes the post-2025 communes
    mandatory). The provincial police and management boards are mandatory by a reading the
    text does not settle (the police as a vertical-line agency, the boards with the specialised
    agencies of Art. 2.1.c); each has a knob that reads it as not covered. A public service unit
    designated by the province (TT 26 Art. 6.5) is mandatory from its designation: the
    evaluation context applies designations on top of this class.

    Args:
        kind: the agency kind.
        on: the date the obligation is evaluated for.
        communes_mandatory_from: if given, communes are mandatory from this date.
        provincial_police_mandatory: whether the provincial police are mandatory (a reading,
            default) or not covered.
        management_boards_mandatory: whether management boards are mandatory (a reading,
            default) or not covered.

    Returns:
        Mandatory, encouraged or not covered.

    Examples:
        >>> import datetime as dt
        >>> obligation_class(AgencyKind.DISTRICT_PEOPLE_COMMITTEE, dt.date(2025, 6, 30))
        <ObligationClass.MANDATORY: 'mandatory'>
        >>> obligation_class(AgencyKind.DISTRICT_PEOPLE_COMMITTEE, dt.date(2025, 7, 1))
        <ObligationClass.NOT_COVERED: 'not_covered'>
    """
    if kind in _DISTRICT and on >= REFORM_2025_DATE:
        return ObligationClass.NOT_COVERED
    if (kind is AgencyKind.PROVINCIAL_POLICE and not provincial_police_mandatory) or (
        kind is AgencyKind.MANAGEMENT_BOARD and not management_boards_mandatory
    ):
        return ObligationClass.NOT_COVERED
    if (
        kind in COMMUNE_KINDS
        and communes_mandatory_from is not None
        and on >= communes_mandatory_from
    ):
        return ObligationClass.MANDATORY
    return OBLIGATION_BY_KIND[kind].obligation
