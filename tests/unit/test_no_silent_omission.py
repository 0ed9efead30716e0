"""No silent omission: every record reaches a report figure or is listed as not reported, and why.

Issue 18, item 5: an agency with no administrative unit (and no parent that has one) used to be
evaluated but missing from every province report while `validate` called the file valid. Every
agency now belongs to exactly one province for reporting (QĐ 19 Art. 12: the province organises
and reports), or the assignment, the report and `validate` name it with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from vn_iso_qms import (
    AdministrativeUnit,
    AdminUnitLevel,
    Agency,
    AgencyKind,
    Announcement,
    QmsDataset,
    QmsUnit,
    StandardVersion,
)
from vn_iso_qms._internal.dataset import COLLECTIONS
from vn_iso_qms._internal.evaluation.assignment import agencies_by_province
from vn_iso_qms.reports import ProvinceReport, national_rollup, province_assignment, province_report

YEARS = (2023, 2024)

Holders = tuple[tuple[str, ...], tuple[str, ...]]
"""(agency ids, province ids) a record's figures are reached through."""


def _qms_agencies(ds: QmsDataset, qms_id: str) -> tuple[str, ...]:
    return ds.get(QmsUnit, qms_id).agency_ids


def _holders(ds: QmsDataset) -> dict[str, Callable[[Any], Holders]]:
    """How each collection's records reach the report: through units or through a province."""
    nc_qms = {nc.id: nc.qms_id for nc in ds.nonconformities}
    inspection_agency = {i.id: i.agency_id for i in ds.inspections}
    plan_province = {p.id: p.province_id for p in ds.annual_plans}
    tthc_agencies: dict[str, set[str]] = {}
    for t in ds.tthc:
        tthc_agencies.setdefault(t.code, set()).update(t.handler_ids)

    def legal_change(r: Any) -> Holders:
        agencies = {a for q in r.qms_ids for a in _qms_agencies(ds, q)}
        agencies |= {a for code in r.affected_tthc for a in tthc_agencies.get(code, ())}
        return tuple(sorted(agencies)), ()

    return {
        "admin_units": lambda r: ((), (r.id,)),
        "agencies": lambda r: ((r.id,), ()),
        "agency_events": lambda r: ((r.agency_id,), ()),
        "obligation_designations": lambda r: ((r.agency_id,), ()),
        "tthc_list_updates": lambda r: ((), (r.province_id,)),
        "tthc": lambda r: (r.handler_ids, ()),
        "qms_units": lambda r: (r.agency_ids, ()),
        "processes": lambda r: (_qms_agencies(ds, r.qms_id), ()),
        "announcements": lambda r: (_qms_agencies(ds, r.qms_id), ()),
        "legal_changes": legal_change,
        "qms_updates": lambda r: (_qms_agencies(ds, r.qms_id), ()),
        "scope_decisions": lambda r: (_qms_agencies(ds, r.qms_id), ()),
        "internal_audits": lambda r: (_qms_agencies(ds, r.qms_id), ()),
        "inspection_plans": lambda r: ((), (r.province_id,)),
        "inspections": lambda r: ((r.agency_id,), ()),
        "nonconformities": lambda r: (_qms_agencies(ds, r.qms_id), ()),
        "corrective_actions": lambda r: (_qms_agencies(ds, nc_qms[r.nonconformity_id]), ()),
        "management_reviews": lambda r: (_qms_agencies(ds, r.qms_id), ()),
        "annual_plans": lambda r: ((), (r.province_id,)),
        "plan_amendments": lambda r: ((), (plan_province[r.plan_id],)),
        "planned_activities": lambda r: ((r.agency_id,), ()),
        "document_approvals": lambda r: (_qms_agencies(ds, r.qms_id), ()),
        "effectiveness_confirmations": lambda r: (_qms_agencies(ds, r.qms_id), ()),
        "activities": lambda r: ((r.agency_id,), ()),
        "corrective_action_reports": lambda r: ((inspection_agency[r.inspection_id],), ()),
        "statutory_reports": lambda r: ((), (r.province_id,)),
    }


def _with_orphans(demo: QmsDataset) -> QmsDataset:
    """The demo plus a unit with no administrative unit and one whose district has no province."""
    return demo.with_records(
        AdministrativeUnit(id="h-lac", name="Huyện Lạc", level=AdminUnitLevel.DISTRICT),
        Agency(id="cong-an-x", name="Công an (chưa gắn địa bàn)", kind=AgencyKind.OTHER),
        Agency(
            id="ubnd-lac",
            name="UBND huyện Lạc",
            kind=AgencyKind.DISTRICT_PEOPLE_COMMITTEE,
            admin_unit_id="h-lac",
        ),
        QmsUnit(id="q-cong-an-x", owner_agency_id="cong-an-x", agency_ids=("cong-an-x",)),
        Announcement(
            id="cb-cong-an-x",
            qms_id="q-cong-an-x",
            date=dt.date(2023, 3, 1),
            standard=StandardVersion.ISO9001_2015,
        ),
    )


def _reports(ds: QmsDataset) -> list[ProvinceReport]:
    provinces = [u.id for u in ds.admin_units if u.level is AdminUnitLevel.PROVINCE]
    return [province_report(ds, province_id=p, year=y) for p in provinces for y in YEARS]


def _counted(reports: Iterable[ProvinceReport]) -> set[str]:
    return {u.id for r in reports for u in r.figure("registry.total").units}


@pytest.fixture(scope="module")
def augmented(demo_dataset: QmsDataset) -> QmsDataset:
    return _with_orphans(demo_dataset)


def test_every_record_reaches_a_report_figure_or_is_listed_with_its_reason(
    augmented: QmsDataset,
) -> None:
    ds = augmented
    holders = _holders(ds)
    assert holders.keys() == COLLECTIONS.keys(), "a new collection needs its way to the report"
    reports = _reports(ds)
    counted = _counted(reports)
    reported_provinces = {r.province_id for r in reports}
    listed: dict[str, set[str]] = {}  # agency id -> the records its not-reported reason names
    for report in reports:
        figure = report.figure("registry.not_reported")
        for unit, reason in zip(figure.units, figure.notes, strict=True):
            assert unit.id in reason.record_ids
            assert reason.code in {"no_admin_unit", "admin_unit_outside_province"}
            listed[unit.id] = set(reason.record_ids)
    not_reported_units = {
        n.record_id for n in province_assignment(ds).not_reported if n.record_type == "admin_unit"
    }
    walked = 0
    for name, records in ds.collections().items():
        for record in records:
            agencies, provinces = holders[name](record)
            assert agencies or provinces, (name, record.id)  # every record has a way in
            for agency_id in agencies:
                assert (agency_id in counted) != (agency_id in listed), (name, record.id)
            for province_id in provinces:
                assert (
                    (province_id in reported_provinces)
                    or (province_id in not_reported_units)
                    or any(p in reported_provinces for p in _province_chain(ds, province_id))
                ), (
                    name,
                    record.id,
                )
            walked += 1
    assert walked == sum(ds.counts().values())
    assert set(listed) == {"cong-an-x", "ubnd-lac"}


def _province_chain(ds: QmsDataset, unit_id: str) -> list[str]:
    chain, current = [], ds.index(AdministrativeUnit).get(unit_id)
    while current is not None and current.id not in chain:
        chain.append(current.id)
        current = ds.index(AdministrativeUnit).get(current.parent_id or "")
    return chain


def test_every_agency_belongs_to_exactly_one_province_or_is_named_with_a_reason(
    augmented: QmsDataset,
) -> None:
    assignment = province_assignment(augmented)
    assigned = set(assignment.province_of)
    missing = {n.record_id for n in assignment.agencies_not_reported()}
    assert assigned | missing == {a.id for a in augmented.agencies}
    assert not assigned & missing
    grouped = agencies_by_province(assignment)
    assert sum(len(v) for v in grouped.values()) == len(assigned)  # each in one province only
    reasons = {n.record_id: n.reason for n in assignment.not_reported}
    assert reasons["cong-an-x"].code == "no_admin_unit"
    assert reasons["ubnd-lac"].code == "admin_unit_outside_province"
    assert "Huyện Lạc" in reasons["ubnd-lac"].message("en")
    assert reasons["h-lac"].code == "admin_unit_outside_province"  # the unit itself, too
    assert reasons["cong-an-x"].citation is not None
    assert reasons["cong-an-x"].citation.render("en") == "QĐ 19/2014/QĐ-TTg Art. 12"


def test_the_assignment_built_unchecked_equals_the_validated_one(augmented: QmsDataset) -> None:
    # `province_assignment` builds its result without validation (the library's own values):
    # validating it again must give the same instance, field for field, and survive a round trip
    from vn_iso_qms.reports import ProvinceAssignment

    assignment = province_assignment(augmented)
    assert assignment.not_reported  # the case holds both kinds of entry
    validated = ProvinceAssignment.model_validate(assignment.model_dump())
    assert validated == assignment
    assert ProvinceAssignment.model_validate_json(assignment.model_dump_json()) == assignment
    assert validated.model_fields_set == assignment.model_fields_set


def test_a_child_agency_takes_the_province_of_its_parent(demo_dataset: QmsDataset) -> None:
    ds = demo_dataset.with_records(
        Agency(id="phong-x", name="Phòng X", kind=AgencyKind.OTHER, parent_id="so-tu-phap")
    )
    assert province_assignment(ds).province_of["phong-x"] == "p-mh"
    report = province_report(ds, province_id="p-mh", year=2023)
    assert "phong-x" in {u.id for u in report.figure("registry.total").units}
    with pytest.raises(KeyError):
        report.figure("registry.not_reported")  # shown only when some agency is in none


def test_the_demo_leaves_nothing_out(demo_dataset: QmsDataset) -> None:
    assert province_assignment(demo_dataset).not_reported == ()
    assert len(_counted(_reports(demo_dataset))) == len(demo_dataset.agencies)


def test_the_national_rollup_names_what_no_province_reports(augmented: QmsDataset) -> None:
    rollup = national_rollup(augmented, year=2023)
    assert [(n.record_type, n.record_id) for n in rollup.not_reported] == [
        ("agency", "cong-an-x"),
        ("agency", "ubnd-lac"),
        ("admin_unit", "h-lac"),
    ]
    assert rollup.total.registry == 165  # the rows count only what a province reports
