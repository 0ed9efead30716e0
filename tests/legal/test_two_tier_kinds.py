"""Golden cases: the kinds of the two-tier local government (from 01/07/2025).

QĐ 19/2014/QĐ-TTg Art. 2.2 (commune People's Committees are encouraged); the texts name neither
a commune's divisions nor its public administrative service centre, so both are read with their
committee (a documented reading: `OBLIGATION_BY_KIND`), and the policy's
`communes_mandatory_from` (open question Q1) moves all three together. Law 72/2025/QH15: special
zones (đặc khu) are commune-level units.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories as f
from tests.legal.helpers import codes, run
from vn_iso_qms import (
    AdminUnitLevel,
    AgencyKind,
    ManagementLevel,
    ObligationClass,
    Policy,
    QmsDataset,
    RuleStatus,
    admin_units,
)
from vn_iso_qms._internal.reporting import report_block
from vn_iso_qms.admin_units import AdminEra
from vn_iso_qms.reports import ReportBlock
from vn_iso_qms.rules import OBLIGATION_BY_KIND, default_level, obligation_class

D = dt.date
COMMUNE_LEVEL = (
    AgencyKind.COMMUNE_PEOPLE_COMMITTEE,
    AgencyKind.COMMUNE_DIVISION,
    AgencyKind.COMMUNE_SERVICE_CENTRE,
)


@pytest.mark.parametrize("kind", COMMUNE_LEVEL)
def test_commune_level_kinds_are_encouraged_and_move_together_q1(kind: AgencyKind) -> None:
    day = D(2026, 6, 30)
    assert obligation_class(kind, day) is ObligationClass.ENCOURAGED
    assert (
        obligation_class(kind, day, communes_mandatory_from=D(2025, 7, 1))
        is ObligationClass.MANDATORY
    )
    assert default_level(kind) is ManagementLevel.COMMUNE
    assert report_block(kind) is ReportBlock.COMMUNE


def test_the_new_kinds_are_readings_the_committee_is_the_text() -> None:
    assert not OBLIGATION_BY_KIND[AgencyKind.COMMUNE_PEOPLE_COMMITTEE].reading
    assert OBLIGATION_BY_KIND[AgencyKind.COMMUNE_DIVISION].reading
    assert OBLIGATION_BY_KIND[AgencyKind.COMMUNE_SERVICE_CENTRE].reading


def test_a_service_centre_made_mandatory_gets_a_new_obligee_s_grace_q1() -> None:
    # communes (and their centres) mandatory from 01/07/2025 by the policy: a centre set up on
    # that day without a QMS is "not yet due" until 01/07/2026, then "not met"
    centre = f.agency(
        "ttpvhcc-xa", kind=AgencyKind.COMMUNE_SERVICE_CENTRE, valid_from=D(2025, 7, 1)
    )
    ds = QmsDataset.from_records([f.province(), centre])
    policy = Policy(communes_mandatory_from=D(2025, 7, 1))
    default = run(ds, "qms_in_effect", D(2025, 12, 31), subject="ttpvhcc-xa")
    assert (default.status, codes(default)) == (RuleStatus.NOT_APPLICABLE, {"not_obliged"})
    within = run(ds, "qms_in_effect", D(2025, 12, 31), subject="ttpvhcc-xa", policy=policy)
    assert within.status is RuleStatus.NOT_YET_DUE
    after = run(ds, "qms_in_effect", D(2026, 7, 1), subject="ttpvhcc-xa", year=2026, policy=policy)
    assert (after.status, codes(after)) == (RuleStatus.NOT_MET, {"no_qms_unit"})


def test_a_special_zone_is_a_commune_level_unit_law_72_2025() -> None:
    zone = admin_units.get("31078", era=AdminEra.POST_2025_REFORM)
    assert zone.name == "Đặc khu Phú Quốc"
    assert zone.level is AdminUnitLevel.COMMUNE
