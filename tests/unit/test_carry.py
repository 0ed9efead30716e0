"""carry_registry: every agency's fate from each basis, QMS and procedures re-pointed, the rest listed."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vn_iso_qms import (
    DEFAULT_POLICY,
    AdministrativeUnit,
    AdminUnitLevel,
    Agency,
    AgencyEvent,
    AgencyEventKind,
    AgencyKind,
    Announcement,
    AnnualPlan,
    QmsDataset,
    QmsUnit,
    StandardVersion,
    Tthc,
    demo_dataset,
    demo_dataset_2025,
    evaluate,
)
from vn_iso_qms.admin_units import (
    FateBasis,
    FateKind,
    QmsCarryAction,
    carry_registry,
    reorganisation_records,
)

D = dt.date


def _province(pid: str = "p-a", **kw: object) -> AdministrativeUnit:
    """A province; by default one formed on 01/07/2025, so that only the agencies' records
    decide (a pre-reform province with no code and no recorded fate leaves its agencies
    undecided after the reform)."""
    fields: dict[str, object] = {"valid_from": D(2025, 7, 1)} if pid == "p-a" else {}
    fields.update(kw)
    return AdministrativeUnit(id=pid, name=f"Tỉnh {pid}", level=AdminUnitLevel.PROVINCE, **fields)  # type: ignore[arg-type]


def _dept(aid: str, name: str, unit: str = "p-a", **kw: object) -> Agency:
    return Agency(
        id=aid,
        name=name,
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        admin_unit_id=unit,
        **kw,  # type: ignore[arg-type]
    )


def _qms(owner: str) -> QmsUnit:
    return QmsUnit(id=f"q-{owner}", owner_agency_id=owner, agency_ids=(owner,))


def _announce(owner: str, day: dt.date) -> Announcement:
    return Announcement(
        id=f"cb-{owner}-{day}",
        qms_id=f"q-{owner}",
        date=day,
        standard=StandardVersion.ISO9001_2015,
    )


def _merger(aid: str, into: str, day: dt.date, number: str = "1/QĐ-UBND") -> AgencyEvent:
    return AgencyEvent(
        id=f"ev-{aid}",
        agency_id=aid,
        kind=AgencyEventKind.MERGED_INTO,
        date=day,
        successor_ids=(into,),
        decision_number=number,
    )


def test_every_input_agency_appears_exactly_once_in_the_fates() -> None:
    demo = demo_dataset()
    for decisions in (None, reorganisation_records(demo_dataset_2025())):
        _, report = carry_registry(demo, 2026, decisions=decisions)
        ids = [f.agency_id for f in report.fates]
        assert len(ids) == len(set(ids)) == len(demo.agencies) == 165
        assert set(ids) == {a.id for a in demo.agencies}
        qms_ids = [q.qms_id for q in report.qms]
        assert sorted(qms_ids) == sorted(q.id for q in demo.qms_units)


def test_a_recorded_merger_is_followed_to_the_agency_that_carries_on_with_every_decision() -> None:
    ds = QmsDataset.from_records(
        [
            _province(),
            _dept("a", "Sở A"),
            _dept("b", "Sở B"),
            _dept("c", "Sở C"),
            _merger("a", "b", D(2025, 3, 1), "10/QĐ-UBND"),
            _merger("b", "c", D(2025, 7, 1), "20/QĐ-UBND"),
            _qms("a"),
            _announce("a", D(2020, 1, 6)),
        ]
    )
    _, report = carry_registry(ds, 2026)
    fate = report.fate("a")
    assert fate.kind is FateKind.MERGED_INTO
    assert fate.basis is FateBasis.RECORDED_EVENT
    assert (fate.date, fate.decision_number) == (D(2025, 3, 1), "10/QĐ-UBND")
    assert [s.decision_number for s in fate.steps] == ["10/QĐ-UBND", "20/QĐ-UBND"]
    assert fate.successor_ids == ("c",)
    assert report.fate("c").kind is FateKind.CONTINUES
    carried = report.qms[0]
    assert carried.action is QmsCarryAction.CARRIED
    assert (carried.owner_after, carried.date, carried.reannounce) == ("c", D(2025, 7, 1), True)


def test_the_district_level_ends_by_law_when_nothing_is_recorded() -> None:
    """Law 72/2025/QH15: the district level ends on 01/07/2025."""
    ds = QmsDataset.from_records(
        [
            _province(),
            AdministrativeUnit(
                id="h", name="Huyện H", level=AdminUnitLevel.DISTRICT, parent_id="p-a"
            ),
            Agency(
                id="ubnd-h",
                name="UBND huyện H",
                kind=AgencyKind.DISTRICT_PEOPLE_COMMITTEE,
                admin_unit_id="h",
            ),
        ]
    )
    carried, report = carry_registry(ds, 2026)
    fate = report.fate("ubnd-h")
    assert (fate.kind, fate.basis) == (FateKind.ENDED, FateBasis.LAW)
    assert (fate.date, fate.decision_number) == (D(2025, 7, 1), "72/2025/QH15")
    assert report.added_events == ("ev-carry-ubnd-h",)
    assert carried.effective_agencies()["ubnd-h"].valid_to == D(2025, 6, 30)
    # before the reform, nothing ends
    _, before = carry_registry(ds, 2025)
    assert before.fate("ubnd-h").kind is FateKind.CONTINUES


def test_official_codes_decide_by_the_successor_table() -> None:
    """Resolution 202/2025/QH15: Trà Vinh (84) becomes part of Vĩnh Long (86); Hà Nội continues."""
    ds = QmsDataset.from_records(
        [
            AdministrativeUnit(
                id="p84", code="84", name="Tỉnh Trà Vinh", level=AdminUnitLevel.PROVINCE
            ),
            AdministrativeUnit(
                id="p01", code="01", name="Thành phố Hà Nội", level=AdminUnitLevel.PROVINCE
            ),
            Agency(
                id="ubnd-84",
                name="UBND tỉnh Trà Vinh",
                kind=AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE,
                admin_unit_id="p84",
            ),
            _dept("stp-84", "Sở Tư pháp", unit="p84"),
            _dept("stp-01", "Sở Tư pháp", unit="p01"),
        ]
    )
    carried, report = carry_registry(ds, 2026)
    committee = report.fate("ubnd-84")
    assert (committee.kind, committee.basis) == (FateKind.MERGED_INTO, FateBasis.OFFICIAL_TABLE)
    assert committee.decision_number == "202/2025/QH15"
    assert committee.admin_unit_code == "86"
    (new_id,) = committee.successor_ids
    assert new_id in report.new_agencies
    assert carried.get(Agency, new_id).admin_unit_id == "au-2025-86"
    # a department of a merged province: no record says which department takes over
    assert report.fate("stp-84").kind is FateKind.UNDECIDED
    assert ("no_successor_agency", "stp-84") in {(u.code, u.record_id) for u in report.undecided}
    # Hà Nội is its own only predecessor: its department continues at the successor unit
    hanoi = report.fate("stp-01")
    assert (hanoi.kind, hanoi.basis, hanoi.admin_unit_code) == (
        FateKind.CONTINUES,
        FateBasis.OFFICIAL_TABLE,
        "01",
    )
    assert carried.get(Agency, "stp-01").admin_unit_id == "au-2025-01"


def _merged_provinces(*extra: object) -> list[object]:
    return [
        _province("p-a", valid_from=None, valid_to=D(2025, 6, 30), successor_ids=("p-n",)),
        _province("p-b", valid_to=D(2025, 6, 30), successor_ids=("p-n",)),
        _province("p-n", valid_from=D(2025, 7, 1)),
        *extra,
    ]


def test_a_same_name_successor_is_a_reading_flagged_for_confirmation() -> None:
    ds = QmsDataset.from_records(
        _merged_provinces(
            _dept("tp-a", "Sở Tư pháp"),
            _dept("tp-n", "Sở Tư pháp", unit="p-n", valid_from=D(2025, 7, 1)),
            _dept("yt-a", "Sở Y tế"),
        )  # type: ignore[arg-type]
    )
    _, report = carry_registry(ds, 2026)
    reading = report.fate("tp-a")
    assert (reading.kind, reading.basis) == (FateKind.MERGED_INTO, FateBasis.READING)
    assert reading.needs_confirmation
    assert reading.successor_ids == ("tp-n",)
    codes = {(u.code, u.record_id) for u in report.undecided}
    assert ("reading_to_confirm", "tp-a") in codes
    # no agency of that name at the new province: undecided, never guessed
    assert report.fate("yt-a").kind is FateKind.UNDECIDED
    assert ("no_successor_agency", "yt-a") in codes


def test_a_split_unit_and_conflicting_events_are_left_undecided() -> None:
    ds = QmsDataset.from_records(
        [
            _province("p-x", valid_to=D(2025, 6, 30), successor_ids=("p-y", "p-z")),
            _province("p-y", valid_from=D(2025, 7, 1)),
            _province("p-z", valid_from=D(2025, 7, 1)),
            _province(),
            _dept("s", "Sở S", unit="p-x"),
            _dept("a", "Sở A"),
            _dept("b", "Sở B"),
            _dept("c", "Sở C"),
            _merger("a", "b", D(2025, 3, 1)),
            AgencyEvent(
                id="ev-a2", agency_id="a", kind=AgencyEventKind.DISSOLVED, date=D(2025, 3, 1)
            ),
        ]
    )
    _, report = carry_registry(ds, 2026)
    codes = {(u.code, u.record_id) for u in report.undecided}
    assert ("unit_split", "s") in codes
    assert ("conflicting_events", "a") in codes
    assert report.fate("a").kind is FateKind.UNDECIDED


def test_a_people_committee_of_merged_units_passes_to_the_new_units_committee() -> None:
    ds = QmsDataset.from_records(
        _merged_provinces(
            Agency(
                id="ubnd-a",
                name="UBND tỉnh A",
                kind=AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE,
                admin_unit_id="p-a",
            ),
            Agency(
                id="ubnd-b",
                name="UBND tỉnh B",
                kind=AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE,
                admin_unit_id="p-b",
            ),
        )  # type: ignore[arg-type]
    )
    _, report = carry_registry(ds, 2026)
    a, b = report.fate("ubnd-a"), report.fate("ubnd-b")
    assert a.basis is FateBasis.UNIT_SUCCESSION
    assert a.kind is FateKind.MERGED_INTO
    assert a.successor_ids == b.successor_ids == ("ubnd-p-n",)
    assert report.new_agencies == ("ubnd-p-n",)


def test_several_qms_landing_on_one_successor_and_linked_qms() -> None:
    ds = QmsDataset.from_records(
        [
            _province(),
            _dept("a", "Sở A"),
            _dept("b", "Sở B"),
            _dept("n", "Sở N", valid_from=D(2025, 3, 1)),
            _dept("x", "Sở X"),
            _dept("y", "Sở Y"),
            _merger("a", "n", D(2025, 3, 1)),
            _merger("b", "n", D(2025, 3, 1)),
            _merger("x", "y", D(2025, 3, 1)),
            *(_qms(o) for o in "abxy"),
            _announce("y", D(2025, 4, 2)),
            AnnualPlan(id="kh", province_id="p-a", year=2026, approved_on=D(2026, 1, 5)),
        ]
    )
    _, report = carry_registry(ds, 2026)
    by_id = {q.qms_id: q for q in report.qms}
    assert by_id["q-a"].action is by_id["q-b"].action is QmsCarryAction.UNDECIDED
    assert ("several_qms", "n") in {(u.code, u.record_id) for u in report.undecided}
    linked = by_id["q-x"]
    assert (linked.action, linked.into_qms_id, linked.reannounced_on) == (
        QmsCarryAction.LINKED,
        "q-y",
        D(2025, 4, 2),
    )
    assert by_id["q-y"].action is QmsCarryAction.CONTINUES
    assert not any(u.code == "no_plan" for u in report.undecided)


def test_the_policy_knob_decides_whether_a_carried_qms_must_reannounce() -> None:
    ds = QmsDataset.from_records(
        [
            _province(),
            _dept("a", "Sở A"),
            _dept("b", "Sở B"),
            _merger("a", "b", D(2025, 3, 1)),
            _qms("a"),
        ]
    )
    inherit = DEFAULT_POLICY.model_copy(update={"reannounce_after_merger": False})
    _, strict = carry_registry(ds, 2026)
    _, lenient = carry_registry(ds, 2026, policy=inherit)
    assert strict.qms[0].reannounce is True
    assert lenient.qms[0].reannounce is False
    assert lenient.qms[0].action is QmsCarryAction.CARRIED


def test_procedures_pass_to_the_successor_by_dated_assignments() -> None:
    ds = QmsDataset.from_records(
        [
            _province(),
            _dept("a", "Sở A"),
            _dept("b", "Sở B"),
            _merger("a", "b", D(2025, 3, 1), "9/QĐ-UBND"),
            Tthc(id="t1", code="1.000001", agency_ids=("a",), published_on=D(2020, 1, 1)),
            AgencyEvent(
                id="ev-b", agency_id="b", kind=AgencyEventKind.DISSOLVED, date=D(2026, 9, 1)
            ),
            Tthc(id="t2", code="1.000002", agency_ids=("b",), published_on=D(2020, 1, 1)),
        ]
    )
    carried, report = carry_registry(ds, 2026)
    (moved,) = report.tthc
    assert (moved.tthc_id, moved.to_agency_id, moved.valid_from, moved.decision_number) == (
        "t1",
        "b",
        D(2025, 3, 1),
        "9/QĐ-UBND",
    )
    t1 = carried.get(Tthc, "t1")
    assert t1.handled_by("a", D(2025, 2, 28))
    assert not t1.handled_by("a", D(2025, 3, 1))
    assert t1.handled_by("b", D(2025, 3, 1))
    # in 2027 agency b is dissolved: both procedures have no handler
    _, later = carry_registry(ds, 2027)
    assert {u.record_id for u in later.undecided if u.code == "tthc_without_handler"} == {
        "t1",
        "t2",
    }


def test_a_missing_plan_for_the_new_year_is_listed() -> None:
    ds = QmsDataset.from_records([_province(), _dept("a", "Sở A")])
    _, report = carry_registry(ds, 2026)
    assert [(u.code, u.record_id) for u in report.undecided] == [("no_plan", "p-a")]


def test_the_result_validates_and_evaluates() -> None:
    carried, _ = carry_registry(
        demo_dataset(), 2026, decisions=reorganisation_records(demo_dataset_2025())
    )
    again = QmsDataset.model_validate_json(carried.model_dump_json())
    assert again.counts() == carried.counts()
    evaluation = evaluate(carried, as_of=D(2026, 9, 30))
    assert evaluation.verdicts


def _shuffled(ds: QmsDataset, seed: int) -> QmsDataset:
    rng = random.Random(seed)
    values = {}
    for name in ("agencies", "agency_events", "qms_units", "tthc", "admin_units"):
        items = list(getattr(ds, name))
        rng.shuffle(items)
        values[name] = tuple(items)
    return ds.model_copy(update=values)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_report_does_not_depend_on_the_order_of_records(seed: int) -> None:
    decisions = reorganisation_records(demo_dataset_2025())
    _, first = carry_registry(demo_dataset(), 2026, decisions=decisions)
    _, again = carry_registry(_shuffled(demo_dataset(), seed), 2026, decisions=decisions)
    assert again == first


@settings(max_examples=25, deadline=None)
@given(
    merges=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=6),
    seed=st.integers(0, 1000),
)
def test_property_every_agency_once_whatever_the_mergers(
    merges: list[tuple[int, int]], seed: int
) -> None:
    agencies = [_dept(f"s{i}", f"Sở {i}") for i in range(6)]
    events = [
        _merger(f"s{a}", f"s{b}", D(2025, 1 + k, 1)).model_copy(update={"id": f"ev{k}"})
        for k, (a, b) in enumerate(merges)
        if a != b
    ]
    ds = QmsDataset.from_records([_province(), *agencies, *events, *(_qms(a.id) for a in agencies)])
    _, report = carry_registry(ds, 2026)
    _, shuffled = carry_registry(_shuffled(ds, seed), 2026)
    assert [f.agency_id for f in report.fates] == sorted(a.id for a in agencies)
    assert [q.qms_id for q in report.qms] == sorted(f"q-{a.id}" for a in agencies)
    assert shuffled == report


def test_every_undecided_code_is_documented_and_has_a_vietnamese_text() -> None:
    import re

    from vn_iso_qms._internal.carry import _UNDECIDED_VI, CarryUndecided

    doc = CarryUndecided.model_fields["code"].description or ""
    documented = set(re.findall(r"`([a-z_]+)`", doc))
    assert documented == set(_UNDECIDED_VI)
    _, report = carry_registry(demo_dataset(), 2024)
    text = report.to_markdown("vi")
    assert "Thủ tục chưa có đơn vị giải quyết" in text
    assert "Tiếp tục hoạt động: 163" in text
