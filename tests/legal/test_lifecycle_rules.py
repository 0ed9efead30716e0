"""Golden cases: scope, build → apply → announce, announcement duties, re-announcement, version.

QĐ 19/2014/QĐ-TTg Art. 3.1, 4.2, 4.3, 4.4.c and the last paragraph of Art. 4; TT 26/2014/TT-BKHCN
Art. 3.1, 7.2; Công văn 419/BKHCN-TĐC.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests import factories as f
from tests.legal.helpers import STRICT, codes, run
from vn_iso_qms import (
    Activity,
    AgencyEvent,
    AgencyEventKind,
    AnnouncementReason,
    InternalAudit,
    ManagementReview,
    PeriodKind,
    Policy,
    QmsDataset,
    RuleStatus,
    StandardVersion,
    Tthc,
    VerdictKind,
    evaluate,
)

D = dt.date
END_2023 = D(2023, 12, 31)


def _new_tthc(published: dt.date, **kw: Any) -> Tthc:
    return f.tthc("1.000002", published_on=published, **kw)


class TestScopeCoversTthc:
    """R4, QĐ 19 Art. 3.1; TT 26 Art. 3.1."""

    def test_full_scope_is_met(self) -> None:
        assert run(f.complete_dataset(), "scope_covers_tthc", END_2023).status is RuleStatus.MET

    def test_tthc_older_than_the_announcement_but_missing_fails_qd19_art3_1(self) -> None:
        ds = f.complete_dataset(_new_tthc(D(2018, 1, 1)))
        result = run(ds, "scope_covers_tthc", END_2023)
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"scope_missing_tthc"}
        assert "1.000002" in result.reasons[0].message_en

    def test_tthc_published_after_the_announcement_is_pending_until_the_deadline(self) -> None:
        # Q8 reading: 3 months (by analogy with QĐ 19 Art. 4.4.a), a Civil Code time limit:
        # published 01/03/2023 -> due 01/06/2023 (a Thursday)
        ds = f.complete_dataset(_new_tthc(D(2023, 3, 1)))
        assert run(ds, "scope_covers_tthc", D(2023, 5, 31)).status is RuleStatus.NOT_YET_DUE
        # as_of is the end of the day: on the deadline itself, an undone duty has failed
        assert run(ds, "scope_covers_tthc", D(2023, 6, 1)).status is RuleStatus.NOT_MET

    def test_a_tthc_published_on_27_12_does_not_fail_four_days_later(self) -> None:
        # due 27/03/2024: a duty of 2024, not of 2023, whose verdict it does not touch
        ds = f.complete_dataset(_new_tthc(D(2023, 12, 27)))
        assert run(ds, "scope_covers_tthc", END_2023).status is RuleStatus.MET
        verdict = evaluate(ds, as_of=END_2023).verdict("so-a", VerdictKind.COMPLETED)
        assert verdict.status is RuleStatus.MET
        assert run(ds, "scope_covers_tthc", D(2024, 3, 26), year=2024).status is (
            RuleStatus.NOT_YET_DUE
        )
        # due 27/03/2024 (a Wednesday), judged in 2024
        pending = run(ds, "reannouncement_after_scope_change", D(2024, 3, 26), year=2024)
        assert pending.status is RuleStatus.NOT_YET_DUE
        assert pending.reasons[0].deadline == D(2024, 3, 27)

    def test_abolished_tthc_is_no_longer_required(self) -> None:
        ds = f.complete_dataset(_new_tthc(D(2018, 1, 1), abolished_on=D(2023, 1, 1)))
        assert run(ds, "scope_covers_tthc", END_2023).status is RuleStatus.MET


class TestBuildApplyAnnounceOrder:
    """R6, QĐ 19 Art. 4.2.a-d before Art. 4.3."""

    def test_complete_cycle_before_the_announcement_is_met(self) -> None:
        assert (
            run(f.complete_dataset(), "build_apply_announce_order", END_2023).status
            is RuleStatus.MET
        )

    def test_missing_confirmation_fails_qd19_art4_2_d(self) -> None:
        ds = f.complete_dataset().without(Activity, "xnhl-so-a-2019-05-10")
        result = run(ds, "build_apply_announce_order", END_2023, policy=STRICT)
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"before_announcement_confirmation_missing"}
        assert result.reasons[0].citation is not None
        assert result.reasons[0].citation.point == "d"

    def test_audit_only_after_the_announcement_fails_qd19_art4_2_b(self) -> None:
        ds = f.complete_dataset().without(InternalAudit, "dg19-so-a")
        result = run(ds, "build_apply_announce_order", END_2023, policy=STRICT)
        assert "before_announcement_internal_audit_missing" in codes(result)
        # by default the registry's first audits are of 2023: the 2019 one is not evidenced
        presumed = run(ds, "build_apply_announce_order", END_2023)
        assert presumed.status is RuleStatus.MET
        assert codes(presumed) == {"step_presumed"}
        # an audit of 2019 after the announcement (20/05/2019): the registry holds that year,
        # so the gap is evidence of failure, by default too
        late = f.audit("q-so-a", D(2019, 6, 3), id="dg19-late")
        kept = run(ds.with_records(late), "build_apply_announce_order", END_2023)
        assert "before_announcement_internal_audit_missing" in codes(kept)

    def test_review_after_confirmation_is_out_of_order(self) -> None:
        late_review = f.review("q-so-a", D(2019, 5, 15), id="xx19-late")
        ds = f.complete_dataset().without(ManagementReview, "xx19-so-a").with_records(late_review)
        result = run(ds, "build_apply_announce_order", END_2023)
        assert codes(result) == {"steps_out_of_order"}
        relaxed = run(
            ds, "build_apply_announce_order", END_2023, policy=Policy(enforce_step_order=False)
        )
        assert relaxed.status is RuleStatus.MET


class TestAnnouncementDuties:
    """R7, QĐ 19 Art. 4.3: notify the lead unit, post at the office, publish online."""

    def test_all_three_duties_done_is_met(self) -> None:
        assert run(f.complete_dataset(), "announcement_duties", END_2023).status is RuleStatus.MET

    def test_each_missing_duty_is_reported_separately(self) -> None:
        ann = f.announcement(
            id="cb-2023",
            date=D(2023, 5, 1),
            lead_unit_notified_on=None,
            posted_at_office_on=None,
            published_online_on=None,
        )
        ds = f.complete_dataset(ann)
        mid_year = run(ds, "announcement_duties", D(2023, 6, 1))
        assert mid_year.status is RuleStatus.NOT_YET_DUE
        after = run(ds, "announcement_duties", D(2024, 1, 1), year=2023)
        assert after.status is RuleStatus.NOT_MET
        assert codes(after) == {
            "lead_unit_notice_missing",
            "office_posting_missing",
            "online_publication_missing",
        }

    def test_under_a_rolling_period_the_duties_are_not_due_on_the_announcements_day(
        self,
    ) -> None:
        # The law sets no deadline; the reading "by the end of the period of the announcement"
        # gives, for a rolling 12 months, 12 months from it, never the announcement's own day.
        ann = f.announcement(
            id="cb-2023",
            date=D(2023, 5, 1),
            lead_unit_notified_on=None,
            posted_at_office_on=None,
            published_online_on=None,
        )
        rolling = Policy(period=PeriodKind.ROLLING_12_MONTHS)
        result = run(f.complete_dataset(ann), "announcement_duties", D(2023, 6, 1), policy=rolling)
        assert result.status is RuleStatus.NOT_YET_DUE
        assert {r.deadline for r in result.reasons} == {D(2024, 5, 1)}

    def test_no_website_means_no_online_publication_duty(self) -> None:
        ann = f.announcement(
            id="cb-2023", date=D(2023, 5, 1), published_online_on=None, no_website=True
        )
        assert (
            run(f.complete_dataset(ann), "announcement_duties", END_2023).status is RuleStatus.MET
        )

    def test_working_day_deadline_is_inclusive(self) -> None:
        # Friday 2023-04-28; 30/4 and 1/5 are holidays (plus 2-3/5 swapped in 2023 are not
        # in the package's list); 5 working days later with the Vietnamese calendar:
        policy = Policy(announcement_duty_working_days=5)
        deadline = policy.working_calendar().add_working_days(D(2023, 4, 28), 5)
        on_time = f.announcement(id="cb-2023", date=D(2023, 4, 28), lead_unit_notified_on=deadline)
        late = f.announcement(
            id="cb-2023", date=D(2023, 4, 28), lead_unit_notified_on=deadline + dt.timedelta(days=1)
        )
        assert (
            run(f.complete_dataset(on_time), "announcement_duties", END_2023, policy=policy).status
            is RuleStatus.MET
        )
        result = run(f.complete_dataset(late), "announcement_duties", END_2023, policy=policy)
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"lead_unit_notice_late"}


class TestReannouncement:
    """R11, QĐ 19 Art. 4.4.c: re-announce after every scope change."""

    def test_expansion_re_announced_in_the_period_is_met(self) -> None:
        again = f.announcement(
            id="cb-2023",
            date=D(2023, 5, 15),
            scope_tthc=("1.000001", "1.000002"),
            reason=AnnouncementReason.SCOPE_EXPANDED,
        )
        ds = f.complete_dataset(_new_tthc(D(2023, 3, 1)), again)
        assert run(ds, "reannouncement_after_scope_change", END_2023).status is RuleStatus.MET

    def test_expansion_not_re_announced_fails_after_the_deadline_qd19_art4_4_c(self) -> None:
        ds = f.complete_dataset(_new_tthc(D(2023, 3, 1)))
        assert (
            run(ds, "reannouncement_after_scope_change", D(2023, 5, 31)).status
            is RuleStatus.NOT_YET_DUE
        )
        result = run(ds, "reannouncement_after_scope_change", D(2023, 6, 1))
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"reannouncement_missing"}
        assert result.reasons[0].deadline == D(2023, 6, 1)
        # the former reading, by the end of the period of the change, is a policy choice
        by_year_end = Policy(reannouncement_months=None)
        assert (
            run(ds, "reannouncement_after_scope_change", D(2023, 12, 30), policy=by_year_end).status
            is RuleStatus.NOT_YET_DUE
        )

    def test_configured_deadline_in_months_q8(self) -> None:
        policy = Policy(reannouncement_months=2)
        ds = f.complete_dataset(_new_tthc(D(2023, 3, 10)))  # + 2 months: Wednesday 10/05/2023
        ok = f.announcement(id="cb-2023", date=D(2023, 5, 10), scope_tthc=("1.000001", "1.000002"))
        late = f.announcement(
            id="cb-2023", date=D(2023, 5, 11), scope_tthc=("1.000001", "1.000002")
        )
        assert (
            run(
                ds.with_records(ok), "reannouncement_after_scope_change", END_2023, policy=policy
            ).status
            is RuleStatus.MET
        )
        result = run(
            ds.with_records(late), "reannouncement_after_scope_change", END_2023, policy=policy
        )
        assert codes(result) == {"reannouncement_late"}

    def test_merger_into_the_unit_needs_a_re_announcement_by_default(self) -> None:
        absorbed = f.agency("so-b", valid_to=D(2023, 6, 30))
        event = AgencyEvent(
            id="ev",
            agency_id="so-b",
            kind=AgencyEventKind.MERGED_INTO,
            date=D(2023, 7, 1),
            successor_ids=("so-a",),
        )
        ds = f.complete_dataset(absorbed, event)
        after = run(ds, "reannouncement_after_scope_change", D(2024, 1, 2), year=2023)
        assert codes(after) == {"reannouncement_missing"}
        lenient = run(
            ds,
            "reannouncement_after_scope_change",
            D(2024, 1, 2),
            year=2023,
            policy=Policy(reannounce_after_merger=False),
        )
        assert lenient.status is RuleStatus.NOT_APPLICABLE


class TestStandardVersion:
    """R12, QĐ 19 Art. 4 (last paragraph); Công văn 419/BKHCN-TĐC: 2008 until 30/06/2021."""

    def _on(self, version: StandardVersion) -> QmsDataset:
        return f.complete_dataset().with_records(
            f.announcement(id="cb-so-a", scope_tthc=("1.000001",), standard=version), replace=True
        )

    def test_2008_is_accepted_until_30_june_2021_cv_419(self) -> None:
        ds = self._on(StandardVersion.ISO9001_2008)
        assert run(ds, "accepted_standard_version", D(2021, 6, 30)).status is RuleStatus.MET
        result = run(ds, "accepted_standard_version", D(2021, 7, 1))
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"standard_version_not_accepted"}

    def test_2026_edition_needs_a_configured_adoption_date_q10(self) -> None:
        ds = self._on(StandardVersion.ISO9001_2026)
        assert run(ds, "accepted_standard_version", D(2027, 1, 1)).status is RuleStatus.NOT_MET
        policy = Policy(iso2026_accepted_from=D(2026, 12, 1))
        assert (
            run(ds, "accepted_standard_version", D(2027, 1, 1), policy=policy).status
            is RuleStatus.MET
        )
