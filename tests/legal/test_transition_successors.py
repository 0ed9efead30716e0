"""Golden cases: a successor agency's QMS across a merger, under both readings of the policy.

QĐ 19/2014/QĐ-TTg Art. 4.3 makes a QMS applied by its announcement and Art. 4.4.c asks for a
re-announcement when its scope changes; neither says what an agency established by a merger (a
successor: Sở Nông nghiệp và Môi trường on 01/03/2025, the departments of a merged province on
01/07/2025) has of its predecessors' announcements. Resolution 190/2025/QH15 Art. 10 keeps
applying the documents issued before the reorganisation that have not lapsed, so by default
(`Policy.successor_qms` `inherit`) the predecessor's announcement stays in effect and the
successor re-announces within `reannouncement_months`, as for a scope change; `announce_anew`
(a reading) makes it a new obligee announcing its own QMS within `new_duty_grace_months`.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories as f
from tests.legal.helpers import codes, run
from vn_iso_qms import (
    AgencyEvent,
    AgencyEventKind,
    Announcement,
    AnnouncementReason,
    Policy,
    QmsDataset,
    QmsUnit,
    RuleStatus,
    StandardVersion,
    SuccessorQms,
    VerdictKind,
    demo_dataset_2025,
    evaluate,
)
from vn_iso_qms._internal.base import Record

D = dt.date
MERGER = D(2025, 3, 1)
INHERIT = Policy(successor_qms=SuccessorQms.INHERIT)
ANEW = Policy(successor_qms=SuccessorQms.ANNOUNCE_ANEW)


def _merged(*extra: Record) -> QmsDataset:
    """Sở A (QMS announced in 2019) merges into Sở B, established on 01/03/2025.

    Sở A's QMS is re-pointed to cover Sở B (its owner from the merger): the predecessor's QMS
    carried through the merger. Nothing is announced after the merger.
    """
    records = [
        r
        for r in f.complete_unit_records("so-a", valid_to=MERGER - dt.timedelta(days=1))
        if not isinstance(r, QmsUnit)
    ]
    return QmsDataset.from_records(
        [
            f.province(),
            *records,
            f.agency("so-b", valid_from=MERGER),
            QmsUnit(
                id="q-so-a",
                name="HTQLCL Sở B",
                owner_agency_id="so-b",
                agency_ids=("so-a", "so-b"),
            ),
            AgencyEvent(
                id="ev-sap-nhap-so-a",
                agency_id="so-a",
                kind=AgencyEventKind.MERGED_INTO,
                date=MERGER,
                decision_number="12/QĐ-UBND",
                successor_ids=("so-b",),
            ),
            *extra,
        ]
    )


def _reannounced(day: dt.date) -> Announcement:
    return Announcement(
        id="cbl-so-b",
        qms_id="q-so-a",
        decision_number="5/QĐ-SB",
        date=day,
        signer="Giám đốc Sở B",
        standard=StandardVersion.ISO9001_2015,
        scope_tthc=("1.000001",),
        reason=AnnouncementReason.REORGANISATION,
    )


def test_by_default_a_merged_department_inherits_and_must_re_announce_nq190_art10() -> None:
    """NQ 190/2025/QH15 Art. 10; QĐ 19 Art. 4.3, 4.4.c; `successor_qms` default `inherit`.

    Sở A's 2019 announcement is a document issued before the reorganisation that has not
    lapsed: it keeps applying (NQ 190 Art. 10), so Sở B's QMS is in effect in 2025 with no
    grace. The merger changed the QMS's scope: Sở B must re-announce (QĐ 19 Art. 4.4.c) within
    the documented 3 months from 01/03/2025; 01/06/2025 is a Sunday, so the Civil Code time limit
    ends on Monday 02/06/2025 (BLDS 2015 Art. 148.5).
    """
    ds = _merged()
    in_effect = run(ds, "qms_in_effect", D(2025, 4, 1), subject="so-b")
    assert in_effect.status is RuleStatus.MET
    [reason] = in_effect.reasons
    assert reason.code == "qms_inherited"
    assert reason.citation is not None
    assert (reason.citation.instrument, reason.citation.article) == ("NQ 190/2025/QH15", "10")
    due = run(ds, "reannouncement_after_scope_change", D(2025, 4, 1), subject="so-b")
    assert due.status is RuleStatus.NOT_YET_DUE
    [pending] = due.reasons
    assert (pending.code, pending.params["due"]) == ("reannouncement_pending", "2025-06-02")
    assert due.citation.render("en") == "QĐ 19/2014/QĐ-TTg Art. 4.4.c"


def test_announce_anew_a_successor_must_announce_its_own_qms() -> None:
    """QĐ 19 Art. 4.3; `successor_qms` `announce_anew` (a reading: the successor is new).

    Sở A's 2019 announcement is its own: the re-pointed QMS is not in effect for Sở B until Sở
    B announces. Within its 12 months as a new obligee that is "not yet due", then "not met".
    """
    ds = _merged()
    in_grace = run(ds, "qms_in_effect", D(2025, 6, 30), subject="so-b", policy=ANEW)
    assert in_grace.status is RuleStatus.NOT_YET_DUE
    assert {"not_announced", "successor_announces_anew", "new_obligee_grace"} <= codes(in_grace)
    # the 12 months end on 01/03/2026 (a Sunday), moved to Monday 02/03/2026 (BLDS Art. 148.5)
    after = run(ds, "qms_in_effect", D(2026, 3, 31), subject="so-b", year=2026, policy=ANEW)
    assert after.status is RuleStatus.NOT_MET
    assert "successor_announces_anew" in codes(after)
    # its own announcement after the merger puts it in effect (the 2019 steps precede it)
    own = _merged(_reannounced(D(2025, 5, 20)))
    announced = run(own, "qms_in_effect", D(2025, 6, 30), subject="so-b", policy=ANEW)
    assert announced.status is RuleStatus.MET
    assert codes(announced) == {"announced"}


def test_with_inherit_the_successor_keeps_the_qms_and_re_announces_within_3_months() -> None:
    """QĐ 19 Art. 4.3 and 4.4.c; `successor_qms="inherit"`, `reannouncement_months` 3 (Q8).

    Sở A's announcement stays in effect for Sở B from 01/03/2025; the merger is a scope change
    to re-announce within 3 months: 01/06/2025 is a Sunday, so the Civil Code time limit ends
    on Monday 02/06/2025. Sở B has nothing to build, so it gets no new obligee's grace.
    """
    ds = _merged()
    in_effect = run(ds, "qms_in_effect", D(2025, 4, 1), subject="so-b", policy=INHERIT)
    assert in_effect.status is RuleStatus.MET
    [reason] = in_effect.reasons
    assert reason.code == "qms_inherited"
    assert reason.params["predecessor"] == "Sở so-a"
    assert "cb-so-a" in reason.record_ids
    # before the deadline: pending; after it: not met, without any grace
    rule_id = "reannouncement_after_scope_change"
    pending = run(ds, rule_id, D(2025, 5, 31), subject="so-b", policy=INHERIT)
    assert pending.status is RuleStatus.NOT_YET_DUE
    assert codes(pending) == {"reannouncement_pending"}
    missed = run(ds, rule_id, D(2025, 6, 30), subject="so-b", policy=INHERIT)
    assert missed.status is RuleStatus.NOT_MET
    [missing] = missed.reasons
    assert missing.code == "reannouncement_missing"
    assert missing.params["change"] == "succession"
    assert missing.params["due"] == "2025-06-02"
    # re-announced on the last day: on time
    on_time = _merged(_reannounced(D(2025, 6, 2)))
    result = run(on_time, rule_id, D(2025, 6, 30), subject="so-b", policy=INHERIT)
    assert result.status is RuleStatus.MET
    late = _merged(_reannounced(D(2025, 6, 3)))
    result = run(late, rule_id, D(2025, 6, 30), subject="so-b", policy=INHERIT)
    assert result.status is RuleStatus.NOT_MET
    assert codes(result) == {"reannouncement_late"}


def test_without_a_predecessors_qms_there_is_nothing_to_inherit() -> None:
    """QĐ 19 Art. 4.3: a successor whose predecessor never announced builds its own QMS.

    Under `inherit` too, it is then a new obligee with its grace, and no reason speaks of a
    predecessor's announcement.
    """
    ds = QmsDataset.from_records(
        [
            r
            for r in _merged().records()
            if not (isinstance(r, Announcement) and r.qms_id == "q-so-a")
        ]
    )
    for policy in (ANEW, INHERIT):
        result = run(ds, "qms_in_effect", D(2025, 6, 30), subject="so-b", policy=policy)
        assert result.status is RuleStatus.NOT_YET_DUE
        assert codes(result) == {"not_announced", "new_obligee_grace"}


@pytest.fixture(scope="module")
def demo() -> QmsDataset:
    return demo_dataset_2025()


def test_the_new_provinces_departments_under_both_readings(demo: QmsDataset) -> None:
    """QĐ 19 Art. 4.3, 4.4.c; Resolution 202/2025/QH15 (the merged province from 01/07/2025).

    Sở NN&MT of Minh Giang (a successor of both old provinces' Sở NN&MT) re-announces only on
    09/02/2026. Under `announce_anew` it is a new obligee in its grace; by default (`inherit`,
    NQ 190/2025/QH15 Art. 10) its predecessor's announcement is in effect, but the
    re-announcement was due on 01/10/2025 (3 months from 01/07/2025, a Wednesday): "not met" at
    the end of 2025, for that reason only. The People's Committee re-announced on 11/08/2025,
    within the 3 months: met under both readings.
    """
    nn_mt = "mg-so-nong-nghiep-va-moi-truong"
    default = evaluate(demo, as_of=D(2025, 12, 31), year=2025, policy=ANEW)
    inherit = evaluate(demo, as_of=D(2025, 12, 31), year=2025)
    assert default.verdict(nn_mt, VerdictKind.COMPLETED).status is RuleStatus.NOT_YET_DUE
    assert inherit.verdict(nn_mt, VerdictKind.COMPLETED).status is RuleStatus.NOT_MET
    in_effect = run(demo, "qms_in_effect", D(2025, 12, 31), subject=nn_mt, policy=INHERIT)
    assert codes(in_effect) == {"qms_inherited"}
    reannounce = run(
        demo, "reannouncement_after_scope_change", D(2025, 12, 31), subject=nn_mt, policy=INHERIT
    )
    assert reannounce.status is RuleStatus.NOT_MET
    assert [(r.code, r.params["due"]) for r in reannounce.reasons] == [
        ("reannouncement_missing", "2025-10-01")
    ]
    verdict = inherit.verdict(nn_mt, VerdictKind.COMPLETED)
    assert {r.code for r in verdict.reasons} == {"reannouncement_missing"}
    # the inherited QMS is the same QMS carried on: its 2025 audit (22/03/2025, by the
    # predecessor first by id, Hòa Giang's Sở NN&MT) is the year's audit (QĐ 19 Art. 4.4.b)
    audit = run(demo, "yearly_internal_audit", D(2025, 12, 31), subject=nn_mt, policy=INHERIT)
    assert audit.status is RuleStatus.MET
    assert audit.reasons[0].record_ids == ("dg-2025-hg-so-nong-nghiep-va-moi-truong",)
    by_default = run(demo, "yearly_internal_audit", D(2025, 12, 31), subject=nn_mt, policy=ANEW)
    assert by_default.status is RuleStatus.NOT_YET_DUE
    for ev in (default, inherit):
        assert ev.verdict("mg-ubnd-tinh", VerdictKind.COMPLETED).status is RuleStatus.MET


def test_an_agency_that_absorbs_another_is_no_successor(demo: QmsDataset) -> None:
    """QĐ 19 Art. 4.4.c: Sở KH&CN of Minh Hòa absorbs Sở TT&TT on 01/03/2025 and keeps its QMS.

    It existed before the merger, so `successor_qms` does not concern it: both readings give
    the same result (`reannounce_after_merger` decides its re-announcement).
    """
    as_of = D(2025, 6, 30)
    for rule_id in ("qms_in_effect", "reannouncement_after_scope_change"):
        default = run(demo, rule_id, as_of, subject="so-khoa-hoc-va-cong-nghe", policy=ANEW)
        inherit = run(demo, rule_id, as_of, subject="so-khoa-hoc-va-cong-nghe")
        assert default.status is RuleStatus.MET
        assert (inherit.status, inherit.reasons) == (default.status, default.reasons)
