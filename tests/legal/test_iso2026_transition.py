"""Golden cases: TCVN ISO 9001:2026 and the transition from the 2015 edition (issue 16, item 5).

R12, QĐ 19/2014/QĐ-TTg Art. 4 (last paragraph: a revised standard follows Bộ KH&CN guidance);
Công văn 419/BKHCN-TĐC of 21/02/2018 (the 2008 → 2015 conversion) by analogy; the documented
reading of open question Q10 (docs: Explanation → Legal basis): no TCVN adoption of the 2026
edition and no Bộ KH&CN transition deadline are known, so the 2026 edition is not accepted until
its row of the legal basis or the policy dates it, and the 2015 edition has no end. Converting
is a re-announcement on the new edition (QĐ 19 Art. 4.3, 4.4.c by analogy).
"""

from __future__ import annotations

import datetime as dt

from tests import factories as f
from tests.legal.helpers import codes, run
from vn_iso_qms import (
    Activity,
    ActivityKind,
    ActivityStatus,
    AnnouncementReason,
    AnnualPlan,
    PlannedActivity,
    Policy,
    QmsDataset,
    RuleStatus,
    StandardVersion,
)
from vn_iso_qms._internal.base import Record
from vn_iso_qms.reports import province_report
from vn_iso_qms.rules import LEGAL_BASIS, effective_schedule, make_context, match

D = dt.date
AS_OF = D(2026, 12, 31)


def _converted(*extra: Record) -> QmsDataset:
    """so-a: announced on the 2015 edition in 2019, re-announced on the 2026 edition in 2026."""
    conversion = f.announcement(
        id="cb-2026",
        date=D(2026, 11, 2),
        standard=StandardVersion.ISO9001_2026,
        reason=AnnouncementReason.VERSION_TRANSITION,
    )
    return f.complete_dataset(conversion, *extra)


def test_2026_announcement_not_accepted_under_the_default_policy_q10() -> None:
    """Q10 reading: no TCVN adoption known, the 2026 edition's row is not dated: not accepted."""
    assert LEGAL_BASIS["ISO 9001:2026"].in_force_from is None
    assert Policy().acceptance(StandardVersion.ISO9001_2026) == (None, None)
    result = run(_converted(), "accepted_standard_version", AS_OF, year=2026)
    assert result.status is RuleStatus.NOT_MET
    assert codes(result) == {"standard_version_not_accepted"}
    (reason,) = result.reasons
    assert reason.params["problem"] == "not_yet_accepted"
    assert reason.record_ids == ("cb-2026",)
    assert reason.citation is not None
    assert reason.citation.render("en") == "QĐ 19/2014/QĐ-TTg Art. 4"


def test_2026_announcement_accepted_under_a_custom_policy_q10() -> None:
    """Q10 reading: `Policy(iso2026_accepted_from=...)` dates the adoption; from then, accepted."""
    policy = Policy(iso2026_accepted_from=D(2026, 10, 1))
    ds = _converted()
    assert run(ds, "accepted_standard_version", AS_OF, year=2026, policy=policy).status is (
        RuleStatus.MET
    )
    # before the adopted day the same announcement is not accepted yet
    early = Policy(iso2026_accepted_from=D(2027, 1, 1))
    late = run(ds, "accepted_standard_version", AS_OF, year=2026, policy=early)
    assert late.status is RuleStatus.NOT_MET
    assert late.reasons[0].params["problem"] == "not_yet_accepted"


def test_2015_edition_not_accepted_after_a_custom_end_q10() -> None:
    """Q10 reading: the 2015 edition has no end by default; `iso2015_accepted_until` sets one."""
    ds = f.complete_dataset()  # announced on the 2015 edition in 2019
    assert run(ds, "accepted_standard_version", D(2030, 1, 1), year=2030).status is (RuleStatus.MET)
    policy = Policy(iso2015_accepted_until=D(2029, 9, 30))
    on_the_day = run(ds, "accepted_standard_version", D(2029, 9, 30), year=2029, policy=policy)
    assert on_the_day.status is RuleStatus.MET
    after = run(ds, "accepted_standard_version", D(2029, 10, 1), year=2029, policy=policy)
    assert after.status is RuleStatus.NOT_MET
    (reason,) = after.reasons
    assert reason.params["problem"] == "transition_over"
    assert reason.deadline == D(2029, 9, 30)


def test_converting_is_a_re_announcement_on_the_new_edition_qd19_art_4_3() -> None:
    """Documented reading: after the transition the converted unit is accepted, the other not."""
    policy = Policy(iso2026_accepted_from=D(2026, 10, 1), iso2015_accepted_until=D(2029, 9, 30))
    converted = _converted()
    assert (
        run(converted, "accepted_standard_version", D(2029, 10, 1), year=2029, policy=policy).status
        is RuleStatus.MET
    )
    # converted without re-announcing: the conversion recorded as an activity is not in effect,
    # the unit is still on the 2015 edition it announced (QĐ 19 Art. 4.3; CV 419 by analogy)
    unannounced = f.complete_dataset(
        Activity(id="cd", agency_id="so-a", kind=ActivityKind.CONVERT_VERSION, date=D(2026, 11, 2))
    )
    stale = run(unannounced, "accepted_standard_version", D(2029, 10, 1), year=2029, policy=policy)
    assert stale.status is RuleStatus.NOT_MET
    assert stale.reasons[0].params["standard"] == "iso9001_2015"


PLAN_2026 = AnnualPlan(
    id="kh26",
    province_id="p",
    year=2026,
    decision_number="20/QĐ-UBND",
    approved_on=D(2026, 1, 15),
    approver="Chủ tịch UBND tỉnh",
)
CONVERT = PlannedActivity(
    id="pa-cd",
    plan_id="kh26",
    agency_id="so-a",
    kind=ActivityKind.CONVERT_VERSION,
    due_on=D(2026, 11, 30),
)


def _conversion_status(ds: QmsDataset) -> ActivityStatus:
    ctx = make_context(ds, as_of=AS_OF, year=2026)
    (outcome,) = match(ctx, ctx.agency("so-a"), effective_schedule(ctx, PLAN_2026, "so-a"))
    return outcome.status


def test_a_planned_conversion_is_done_by_its_re_announcement_only() -> None:
    """QĐ 19 Art. 6 (the plan) with the reading: a conversion is done when re-announced."""
    assert _conversion_status(_converted(PLAN_2026, CONVERT)) is ActivityStatus.ON_TIME
    # an activity record alone (no re-announcement) does not carry the conversion out
    record = Activity(
        id="cd", agency_id="so-a", kind=ActivityKind.CONVERT_VERSION, date=D(2026, 11, 2)
    )
    linked = record.model_copy(update={"id": "cd2", "planned_activity_id": "pa-cd"})
    ds = f.complete_dataset(PLAN_2026, CONVERT, record, linked)
    assert _conversion_status(ds) is ActivityStatus.OVERDUE
    # a "version transition" re-announcement on the same edition converts nothing
    same = f.announcement(
        id="cb-same",
        date=D(2026, 11, 2),
        reason=AnnouncementReason.VERSION_TRANSITION,
    )
    assert (
        _conversion_status(f.complete_dataset(PLAN_2026, CONVERT, same)) is ActivityStatus.OVERDUE
    )


def test_converted_to_2026_figure_per_block_shown_only_when_a_unit_has_it() -> None:
    """Report figure `iso2026.{block}`: units whose announcement in effect is on 2026 / applying."""
    other = f.complete_unit_records("so-b")
    report = province_report(_converted(*other), province_id="p", year=2026, as_of=AS_OF)
    figure = report.figure("iso2026.provincial")
    assert figure.text() == "1/2 (50.0%)"
    assert [u.id for u in figure.units] == ["so-a"]
    assert figure.shortfalls == ()  # still on 2015 is no failure while 2015 is accepted
    plain = province_report(f.complete_dataset(*other), province_id="p", year=2026, as_of=AS_OF)
    assert not any(fig.key.startswith("iso2026.") for fig in plain.figures)
    # a unit on 2026 has converted to 2015 as well: both count, and neither is a shortfall
    converted_2015 = report.figure("iso2015.provincial")
    assert converted_2015.text() == "2/2 (100.0%)"
    assert converted_2015.shortfalls == ()
