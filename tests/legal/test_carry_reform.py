"""Carrying the 2023 demo province into 2026, checked unit by unit against the post-reform demo.

The reform decisions are taken from the post-reform demo (`reorganisation_records`: its
administrative units, agencies and agency events); everything else the carry decides is compared
with what that demo records.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from vn_iso_qms import (
    AgencyEvent,
    AgencyKind,
    AnnouncementReason,
    QmsDataset,
    demo_dataset,
    demo_dataset_2025,
)
from vn_iso_qms.admin_units import (
    FateBasis,
    FateKind,
    QmsCarryAction,
    RegistryCarryReport,
    carry_registry,
    reorganisation_records,
)

START_2026 = dt.date(2026, 1, 1)


@cache
def _carried() -> tuple[QmsDataset, RegistryCarryReport]:
    return carry_registry(
        demo_dataset(), 2026, decisions=reorganisation_records(demo_dataset_2025())
    )


def _recorded_successor(demo: QmsDataset, agency_id: str) -> tuple[str, ...]:
    """Follow the post-reform demo's own ending events to the agencies existing on 01/01/2026."""
    events = {e.agency_id: e for e in demo.agency_events if e.kind.ends_agency}
    current = agency_id
    while current in events:
        event = events[current]
        if not event.successor_ids:
            return ()
        (current,) = event.successor_ids
    assert demo.effective_agencies()[current].valid_on(START_2026)
    return (current,)


def test_each_minh_hoa_agency_has_the_fate_and_successor_the_post_reform_demo_records() -> None:
    """Resolution 202/2025/QH15 (the provinces merge), the province's decisions 312/QĐ-UBND
    (department mergers of 01/03/2025) and 15/QĐ-UBND (into the new province's departments),
    Law 72/2025/QH15 (district committees end on 01/07/2025), as the post-reform demo records them."""
    post = demo_dataset_2025()
    _, report = _carried()
    shared = {a.id for a in demo_dataset().agencies} & {a.id for a in post.agencies}
    assert len(shared) == 28  # the People's Committee, 18 departments, 9 district committees
    first_event: dict[str, AgencyEvent] = {}
    for e in sorted(post.agency_events, key=lambda e: e.date):
        if e.kind.ends_agency:
            first_event.setdefault(e.agency_id, e)
    for agency_id in sorted(shared):
        fate = report.fate(agency_id)
        event = first_event[agency_id]
        assert fate.basis is FateBasis.RECORDED_EVENT, agency_id
        assert fate.kind.value == (
            "ended" if event.kind.value == "dissolved" else event.kind.value
        ), agency_id
        assert (fate.date, fate.decision_number) == (event.date, event.decision_number)
        assert fate.successor_ids == _recorded_successor(post, agency_id), agency_id
        if fate.successor_ids:
            assert fate.admin_unit_id == "p-mg"


def test_named_cases_from_the_three_texts() -> None:
    """Spot checks: Resolution 202/2025/QH15, decision 312/QĐ-UBND then 15/QĐ-UBND,
    Law 72/2025/QH15."""
    _, report = _carried()
    committee = report.fate("ubnd-tinh")
    assert (committee.decision_number, committee.successor_ids) == (
        "202/2025/QH15",
        ("mg-ubnd-tinh",),
    )
    transport = report.fate("so-giao-thong-van-tai")
    assert [(s.date, s.decision_number) for s in transport.steps] == [
        (dt.date(2025, 3, 1), "312/QĐ-UBND"),
        (dt.date(2025, 7, 1), "15/QĐ-UBND"),
    ]
    assert transport.successor_ids == ("mg-so-xay-dung",)
    district = report.fate("ubnd-huyen-an-lac")
    assert (district.kind, district.date, district.decision_number) == (
        FateKind.ENDED,
        dt.date(2025, 7, 1),
        "72/2025/QH15",
    )


def test_without_the_decisions_the_district_level_still_ends_by_law() -> None:
    """Law 72/2025/QH15: the district level ends on 01/07/2025, recorded or not."""
    demo = demo_dataset()
    _, report = carry_registry(demo, 2026)
    district_ids = {a.id for a in demo.agencies if a.kind is AgencyKind.DISTRICT_PEOPLE_COMMITTEE}
    assert len(district_ids) == 9
    for agency_id in district_ids:
        fate = report.fate(agency_id)
        assert (fate.kind, fate.basis) == (FateKind.ENDED, FateBasis.LAW)
        assert (fate.date, fate.decision_number) == (dt.date(2025, 7, 1), "72/2025/QH15")
    # and the demo's QMS of those committees end with them
    ended = {q.owner_before for q in report.qms if q.action is QmsCarryAction.ENDED}
    assert district_ids <= ended


def test_each_carried_qms_matches_the_demos_reorganisation_announcements() -> None:
    """QĐ 19/2014/QĐ-TTg Art. 4.4.c: a merger changes the scope, so the QMS carried to a successor
    is re-announced; the post-reform demo re-announces each (reason `reorganisation`)."""
    post = demo_dataset_2025()
    _, report = _carried()
    reorganised = {
        q.owner_agency_id
        for q in post.qms_units
        for a in post.announcements
        if a.qms_id == q.id and a.reason is AnnouncementReason.REORGANISATION
    }
    carried = [q for q in report.qms if q.action is QmsCarryAction.CARRIED]
    # 8 departments that merged with none, the 4 that absorbed another, the People's Committee
    assert len(carried) == 13
    for q in carried:
        assert q.owner_after in reorganised, q.qms_id
        assert q.reannounce
        assert q.date == dt.date(2025, 7, 1)
        assert (q.owner_after, q.owner_before) == (
            report.fate(q.owner_before).successor_ids[0],
            q.owner_before,
        )
    # the four departments absorbed on 01/03/2025 are linked to their absorber's QMS; the demo
    # re-announces Sở KH&CN's for it (14/04/2025)
    linked = {q.qms_id: q.into_qms_id for q in report.qms if q.action is QmsCarryAction.LINKED}
    assert linked == {
        "q-so-giao-thong-van-tai": "q-so-xay-dung",
        "q-so-ke-hoach-va-dau-tu": "q-so-tai-chinh",
        "q-so-lao-dong-thuong-binh-va-xa-hoi": "q-so-noi-vu",
        "q-so-thong-tin-va-truyen-thong": "q-so-khoa-hoc-va-cong-nghe",
    }
    khcn = {a.reason for a in post.announcements if a.qms_id == "q-so-khoa-hoc-va-cong-nghe"}
    assert AnnouncementReason.REORGANISATION in khcn


def test_the_undecided_list_is_exactly_what_the_post_reform_demo_does_not_record() -> None:
    """What no record and no rule decides: the 106 old communes (the demo does not link them to
    their successor communes), the 29 provincial units the demo does not carry (sub-departments,
    public service units, police, land office, NA delegation office), the two predecessor QMS of
    the new Sở Nông nghiệp và Môi trường (the demo gives it a QMS of its own), the procedures of
    ended or undecided units, and the 2026 plan of the new province (the decisions hold none)."""
    demo, post = demo_dataset(), demo_dataset_2025()
    _, report = _carried()
    ended_2023 = {e.agency_id for e in demo.agency_events if e.kind.ends_agency}
    post_ids = {a.id for a in post.agencies}
    communes = {a.id for a in demo.agencies if a.kind.value == "commune_people_committee"}
    assert len(communes) == 106
    unrecorded = {a.id for a in demo.agencies if a.id not in post_ids} - ended_2023
    undecided_agencies = {f.agency_id for f in report.fates if f.kind is FateKind.UNDECIDED}
    assert undecided_agencies == unrecorded
    by_code: dict[str, set[str]] = {}
    for item in report.undecided:
        by_code.setdefault(item.code, set()).add(item.record_id)
    assert by_code["unit_fate_unknown"] == communes
    assert by_code["no_successor_agency"] == unrecorded - communes
    assert len(unrecorded - communes) == 29
    assert by_code["several_qms"] == {"mg-so-nong-nghiep-va-moi-truong"}
    assert "q-so-nong-nghiep-va-moi-truong" in {q.id for q in post.qms_units}
    assert by_code["no_plan"] == {"p-mg"}
    # every procedure listed is handled by an agency that ended with no successor or is undecided
    handlers = {t.id: t.handler_ids for t in demo.tthc}
    no_successor = {f.agency_id for f in report.fates if not f.successor_ids}
    for tthc_id in by_code["tthc_without_handler"]:
        assert set(handlers[tthc_id]) <= no_successor, tthc_id
    assert set(by_code) == {
        "unit_fate_unknown",
        "no_successor_agency",
        "several_qms",
        "no_plan",
        "tthc_without_handler",
    }


def test_with_the_whole_post_reform_dataset_each_qms_is_linked_to_the_reannounced_one() -> None:
    """QĐ 19/2014/QĐ-TTg Art. 4.4.c: when the successor already has its QMS (the post-reform demo
    records one per new department), the predecessor's QMS is linked to it, and the carry finds
    the successor's re-announcement (reason `reorganisation`) dated after the merger."""
    post = demo_dataset_2025()
    _, report = carry_registry(demo_dataset(), 2026, decisions=post)
    by_qms = {
        a.qms_id: a.date
        for a in post.announcements
        if a.reason is AnnouncementReason.REORGANISATION
    }
    linked = [q for q in report.qms if q.action is QmsCarryAction.LINKED]
    assert len(linked) == 19
    into_new = [q for q in linked if q.into_qms_id and q.into_qms_id.startswith("q-mg-")]
    assert len(into_new) == 13
    for q in into_new:
        assert q.into_qms_id is not None
        assert q.reannounced_on == by_qms[q.into_qms_id]
        assert q.date is not None
        assert q.reannounced_on >= q.date
    assert not [q for q in report.qms if q.action is QmsCarryAction.CARRIED]
    assert "no_plan" not in {u.code for u in report.undecided}  # the demo has its 2026 plan
