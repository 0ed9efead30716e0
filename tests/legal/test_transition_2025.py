"""Golden cases: the transition year 2025 on the post-reform demo (`demo_dataset_2025`).

Law 72/2025/QH15 ends the district level on 01/07/2025 (its committees and divisions work
until 30/06/2025); Resolution 202/2025/QH15 merges the provinces; the early-2025 department
mergers are decisions of each province. A unit obliged from a day in the year gets
`Policy.new_duty_grace_months` (default 12) before its duties can be "not met" (a documented
reading); a unit that absorbs another must re-announce (`reannounce_after_merger`, inferred); an
agency established by a merger keeps its predecessor's announcement by default (Resolution
190/2025/QH15 Art. 10) and re-announces as for a scope change (`successor_qms`: both readings
in `test_transition_successors.py`; the provinces' duties across the merger in
`test_transition_provinces.py`).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.legal.helpers import codes, run
from vn_iso_qms import (
    Policy,
    QmsDataset,
    RuleStatus,
    SuccessorQms,
    VerdictKind,
    demo_dataset_2025,
    evaluate,
)

D = dt.date
END_2025 = D(2025, 12, 31)


@pytest.fixture(scope="module")
def ds() -> QmsDataset:
    return demo_dataset_2025()


def completed(ds: QmsDataset, agency_id: str, policy: Policy | None = None) -> RuleStatus:
    ev = evaluate(ds, as_of=END_2025, year=2025, policy=policy or Policy())
    return ev.verdict(agency_id, VerdictKind.COMPLETED).status


def test_a_district_committee_is_obliged_in_h1_2025_then_out_with_its_end(
    ds: QmsDataset,
) -> None:
    # on 30/06/2025 it still exists and its QMS (announced 2019) is in effect
    assert run(ds, "qms_in_effect", D(2025, 6, 30), subject="ubnd-huyen-an-lac").status is (
        RuleStatus.MET
    )
    ev = evaluate(ds, as_of=END_2025, year=2025)
    for agency_id in ("ubnd-huyen-an-lac", "phong-tu-phap-huyen-an-lac"):
        verdict = ev.verdict(agency_id, VerdictKind.COMPLETED)
        # out of the year's denominators, with the reason: it ended during the period
        assert verdict.status is RuleStatus.NOT_APPLICABLE
        assert {r.code for r in verdict.reasons} == {"agency_ended"}


def test_the_new_provinces_merged_department_inherits_and_misses_its_re_announcement(
    ds: QmsDataset,
) -> None:
    # Sở NN&MT of Minh Giang exists from 01/07/2025 and re-announces only on 09/02/2026. By
    # default it keeps its predecessor's announcement (NQ 190/2025/QH15 Art. 10) and had to
    # re-announce by 01/10/2025 (QĐ 19 Art. 4.4.c, 3 months): "not met" for that reason only
    agency = "mg-so-nong-nghiep-va-moi-truong"
    ev = evaluate(ds, as_of=END_2025, year=2025)
    verdict = ev.verdict(agency, VerdictKind.COMPLETED)
    assert verdict.status is RuleStatus.NOT_MET
    assert {r.code for r in verdict.reasons} == {"reannouncement_missing"}
    # read as a new obligee (announce anew), it is in its 12 months' grace ...
    anew = Policy(successor_qms=SuccessorQms.ANNOUNCE_ANEW)
    assert completed(ds, agency, anew) is RuleStatus.NOT_YET_DUE
    # ... and without the grace (a stricter reading), the same records are "not met"
    strict = anew.model_copy(update={"new_duty_grace_months": 0})
    assert completed(ds, agency, strict) is RuleStatus.NOT_MET


def test_a_new_commune_is_encouraged_and_held_to_its_qms_once_it_applies_one(
    ds: QmsDataset,
) -> None:
    # Xã Cát Tiên applies no QMS: encouraged (QĐ 19 Art. 2.2), so not applicable
    assert completed(ds, "ubnd-mg-xa-cat-tien") is RuleStatus.NOT_APPLICABLE
    # Xã An Lạc announced in October 2025 after its audit, review and confirmation
    assert completed(ds, "ubnd-mg-xa-an-lac") is RuleStatus.MET
    # communes mandatory from 01/07/2025 (Q1): Cát Tiên is a new obligee, in its grace ...
    mandatory = Policy(communes_mandatory_from=D(2025, 7, 1))
    assert completed(ds, "ubnd-mg-xa-cat-tien", mandatory) is RuleStatus.NOT_YET_DUE
    # ... and without a grace it has not built one
    strict = mandatory.model_copy(update={"new_duty_grace_months": 0})
    assert completed(ds, "ubnd-mg-xa-cat-tien", strict) is RuleStatus.NOT_MET


def test_a_qms_carried_through_a_merger_is_re_announced(ds: QmsDataset) -> None:
    # Sở TT&TT merges into Sở KH&CN (Minh Hòa) on 01/03/2025; Sở KH&CN re-announces its QMS
    # on 14/04/2025 (reason reorganisation), within the 3 months of the default policy
    as_of = D(2025, 6, 30)
    result = run(ds, "reannouncement_after_scope_change", as_of, subject="so-khoa-hoc-va-cong-nghe")
    assert result.status is RuleStatus.MET
    without = QmsDataset.from_records(
        [r for r in ds.records() if r.id != "cbl-2025-so-khoa-hoc-va-cong-nghe"], name="x"
    )
    late = run(
        without, "reannouncement_after_scope_change", as_of, subject="so-khoa-hoc-va-cong-nghe"
    )
    assert late.status is RuleStatus.NOT_MET
    # with the policy knob off, the merger alone asks for no re-announcement
    off = run(
        without,
        "reannouncement_after_scope_change",
        as_of,
        subject="so-khoa-hoc-va-cong-nghe",
        policy=Policy(reannounce_after_merger=False),
    )
    assert off.status is not RuleStatus.NOT_MET
    assert codes(off) != codes(late)
