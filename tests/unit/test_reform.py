"""Datasets across the 2025 reform: official codes by era, carrying records forward."""

from __future__ import annotations

import datetime as dt

from vn_iso_qms import (
    AdministrativeUnit,
    AdminUnitLevel,
    Agency,
    AgencyKind,
    QmsDataset,
    admin_units,
)
from vn_iso_qms.admin_units import carry_forward

D = dt.date


def _tra_vinh() -> QmsDataset:
    # Codes from the official table (scripts/build_admin_units.py, vietnamadminunits 1.0.4):
    # Tỉnh Trà Vinh 84 -> Tỉnh Vĩnh Long 86 (Resolution 202/2025/QH15); Thành phố Trà Vinh 842;
    # Phường 4 (29236) -> Phường Long Đức (29263).
    return QmsDataset.from_records(
        [
            AdministrativeUnit(
                id="p84", code="84", name="Tỉnh Trà Vinh", level=AdminUnitLevel.PROVINCE
            ),
            AdministrativeUnit(
                id="d842",
                code="842",
                name="Thành phố Trà Vinh",
                level=AdminUnitLevel.DISTRICT,
                parent_id="p84",
            ),
            AdministrativeUnit(
                id="c29236",
                code="29236",
                name="Phường 4",
                level=AdminUnitLevel.COMMUNE,
                parent_id="d842",
            ),
            Agency(
                id="so",
                name="Sở Tư pháp",
                kind=AgencyKind.PROVINCIAL_DEPARTMENT,
                admin_unit_id="p84",
            ),
            Agency(
                id="tp",
                name="UBND Thành phố Trà Vinh",
                kind=AgencyKind.DISTRICT_PEOPLE_COMMITTEE,
                admin_unit_id="d842",
                valid_to=D(2025, 6, 30),
            ),
            Agency(
                id="p4",
                name="UBND Phường 4",
                kind=AgencyKind.COMMUNE_PEOPLE_COMMITTEE,
                admin_unit_id="c29236",
            ),
        ]
    )


def test_pre_reform_codes_are_valid_for_pre_reform_dates() -> None:
    assert admin_units.code_problems(_tra_vinh()) == []


def test_a_district_code_after_the_reform_is_located_law_72_2025() -> None:
    ds = QmsDataset.from_records(
        [
            AdministrativeUnit(
                id="d",
                code="842",
                name="Thành phố Trà Vinh",
                level=AdminUnitLevel.DISTRICT,
                valid_from=D(2025, 7, 1),
            ),
        ]
    )
    (problem,) = admin_units.code_problems(ds)
    assert (problem.record_id, problem.field, problem.code) == (
        "d",
        "code",
        "unknown_admin_unit_code",
    )
    assert "district level ended" in problem.message


def test_an_unknown_code_is_located() -> None:
    ds = QmsDataset.from_records(
        [AdministrativeUnit(id="x", code="99999", name="Xã Không Có", level=AdminUnitLevel.COMMUNE)]
    )
    (problem,) = admin_units.code_problems(ds)
    assert problem.record_id == "x"


class TestCarryForward:
    def test_agencies_move_to_successor_units(self) -> None:
        new, report = carry_forward(_tra_vinh())
        moved = {(m.record_id, m.new_unit_id) for m in report.moved}
        assert moved == {("so", "au-2025-86"), ("p4", "au-2025-29263")}
        assert new.get(Agency, "so").admin_unit_id == "au-2025-86"
        assert new.get(AdministrativeUnit, "au-2025-86").name == "Tỉnh Vĩnh Long"

    def test_old_units_end_on_30_june_2025_and_name_their_successors(self) -> None:
        new, _ = carry_forward(_tra_vinh())
        old = new.get(AdministrativeUnit, "p84")
        assert old.valid_to == D(2025, 6, 30)
        assert old.successor_ids == ("au-2025-86",)

    def test_districts_have_no_successor_and_are_reported(self) -> None:
        new, report = carry_forward(_tra_vinh())
        (district,) = report.without_successor
        assert district.unit_id == "d842"
        assert "district level ended" in district.reason
        # the district People's Committee ended with the level: it is not left pointing at it
        assert district.record_ids == ()
        assert new.get(Agency, "tp").admin_unit_id == "d842"

    def test_units_without_official_codes_are_left_alone(self) -> None:
        ds = _tra_vinh().with_records(
            AdministrativeUnit(id="fic", name="Tỉnh Hư Cấu", level=AdminUnitLevel.PROVINCE)
        )
        _, report = carry_forward(ds)
        assert report.unofficial_units == ("fic",)

    def test_carrying_forward_keeps_every_other_record(self) -> None:
        ds = _tra_vinh()
        new, _ = carry_forward(ds)
        assert new.counts()["agencies"] == ds.counts()["agencies"]
        assert {a.id for a in new.agencies} == {a.id for a in ds.agencies}
