"""Golden cases: yearly audit and review, legal-change updates, corrective actions.

QĐ 19/2014/QĐ-TTg Art. 4.4.a-b; TT 26/2014/TT-BKHCN Art. 7.2.i-k; TCVN ISO 9001:2015 §10.2.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests import factories as f
from tests.legal.helpers import codes, run
from vn_iso_qms import (
    Announcement,
    CorrectiveAction,
    CorrectiveActionState,
    FindingSource,
    InternalAudit,
    LegalChange,
    ManagementReview,
    Nonconformity,
    PeriodKind,
    Policy,
    QmsDataset,
    QmsUpdate,
    RuleStatus,
    StateChange,
    VerdictKind,
    evaluate,
)
from vn_iso_qms.rules import add_months

D = dt.date
END_2023 = D(2023, 12, 31)


def _without_2023_audit() -> QmsDataset:
    return f.complete_dataset().without(InternalAudit, "dg23-so-a")


class TestYearlyInternalAudit:
    """R10, QĐ 19 Art. 4.4.b: at least one internal audit a year."""

    def test_audit_in_the_year_is_met(self) -> None:
        result = run(f.complete_dataset(), "yearly_internal_audit", END_2023)
        assert result.status is RuleStatus.MET
        assert result.citation.render("vi") == "QĐ 19/2014/QĐ-TTg, Điều 4, khoản 4, điểm b"

    def test_no_audit_is_not_yet_due_mid_year_and_not_met_at_year_end(self) -> None:
        ds = _without_2023_audit()
        assert run(ds, "yearly_internal_audit", D(2023, 12, 30)).status is RuleStatus.NOT_YET_DUE
        result = run(ds, "yearly_internal_audit", END_2023)
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"internal_audit_missing"}
        assert result.reasons[0].deadline == END_2023

    @pytest.mark.parametrize(
        ("day", "status"),
        [
            (D(2023, 1, 1), RuleStatus.MET),
            (D(2023, 12, 31), RuleStatus.MET),
            (D(2024, 1, 1), RuleStatus.NOT_MET),
        ],
        ids=["first-day", "last-day", "next-year"],
    )
    def test_calendar_year_bounds_are_inclusive(self, day: dt.date, status: RuleStatus) -> None:
        ds = _without_2023_audit().with_records(f.audit(day=day, id="dg-x"))
        assert run(ds, "yearly_internal_audit", D(2024, 3, 1), year=2023).status is status

    def test_reporting_year_runs_15_december_to_14_december_q3(self) -> None:
        policy = Policy(period=PeriodKind.REPORTING_YEAR)
        ds = _without_2023_audit().with_records(f.audit(day=D(2022, 12, 20), id="dg-x"))
        assert (
            run(ds, "yearly_internal_audit", D(2023, 12, 14), year=2023, policy=policy).status
            is RuleStatus.MET
        )
        assert (
            run(ds, "yearly_internal_audit", D(2023, 12, 31), year=2023).status
            is RuleStatus.NOT_MET
        )

    def test_rolling_twelve_months_q3(self) -> None:
        policy = Policy(period=PeriodKind.ROLLING_12_MONTHS)
        ds = _without_2023_audit().with_records(f.audit(day=D(2022, 9, 1), id="dg-x"))
        assert (
            run(ds, "yearly_internal_audit", D(2023, 8, 31), policy=policy).status is RuleStatus.MET
        )
        assert (
            run(ds, "yearly_internal_audit", D(2023, 9, 1), policy=policy).status
            is RuleStatus.NOT_MET
        )


class TestYearlyManagementReview:
    """R10, QĐ 19 Art. 4.4.b (yearly) and Art. 4.2.b-c (audit, then review)."""

    def test_review_after_the_audit_is_met(self) -> None:
        assert (
            run(f.complete_dataset(), "yearly_management_review", END_2023).status is RuleStatus.MET
        )

    def test_missing_review_fails_qd19_art4_4_b(self) -> None:
        ds = f.complete_dataset().without(ManagementReview, "xx23-so-a")
        result = run(ds, "yearly_management_review", END_2023)
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"management_review_missing"}

    def test_review_before_the_audit_is_practice_not_law_qd19_art4_4_b(self) -> None:
        # QĐ 19 Art. 4.4.b asks for an audit and a review each year, in no order; "audit before
        # review" is ISO 9001 §9.3.2 practice: informative, out of "completed" by default.
        early = f.review(day=D(2023, 5, 1), id="xx-early")
        ds = f.complete_dataset().without(ManagementReview, "xx23-so-a").with_records(early)
        assert run(ds, "yearly_management_review", END_2023).status is RuleStatus.MET
        practice = run(ds, "review_after_audit", END_2023)
        assert practice.status is RuleStatus.NOT_MET
        assert codes(practice) == {"review_before_audit"}
        assert practice.citation.render("en") == "TCVN ISO 9001:2015 clause 9.3.2"
        completed = evaluate(ds, as_of=END_2023).verdict("so-a", VerdictKind.COMPLETED)
        assert completed.status is RuleStatus.MET
        strict = Policy(require_audit_before_review=True)
        strict_verdict = evaluate(ds, as_of=END_2023, policy=strict).verdict(
            "so-a", VerdictKind.COMPLETED
        )
        assert strict_verdict.status is RuleStatus.NOT_MET


def _legal_change(effective: dt.date) -> LegalChange:
    return LegalChange(
        id="lc",
        document_number="01/2023/TT-BTP",
        title="Sửa đổi",
        effective_on=effective,
        affected_tthc=("1.000001",),
    )


def _update(day: dt.date) -> QmsUpdate:
    return QmsUpdate(id="up", qms_id="q-so-a", legal_change_ids=("lc",), date=day)


class TestLegalChangeUpdate:
    """R9, QĐ 19 Art. 4.4.a: update within 3 months of the legal change taking effect."""

    def test_due_date_is_three_calendar_months_clamped(self) -> None:
        assert add_months(D(2023, 1, 31), 3) == D(2023, 4, 30)
        assert add_months(D(2023, 11, 30), 3) == D(2024, 2, 29)

    def test_update_exactly_three_months_later_is_met_qd19_art4_4_a(self) -> None:
        # 15/03/2023 + 3 months = Thursday 15/06/2023, a working day
        ds = f.complete_dataset(_legal_change(D(2023, 3, 15)), _update(D(2023, 6, 15)))
        assert run(ds, "legal_change_update", END_2023).status is RuleStatus.MET

    def test_update_one_day_later_fails_qd19_art4_4_a(self) -> None:
        ds = f.complete_dataset(_legal_change(D(2023, 3, 15)), _update(D(2023, 6, 16)))
        result = run(ds, "legal_change_update", END_2023)
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"legal_update_late"}
        assert result.reasons[0].deadline == D(2023, 6, 15)

    def test_no_update_is_pending_until_the_deadline_then_missing(self) -> None:
        ds = f.complete_dataset(_legal_change(D(2023, 3, 15)))
        assert run(ds, "legal_change_update", D(2023, 6, 14)).status is RuleStatus.NOT_YET_DUE
        result = run(ds, "legal_change_update", D(2023, 6, 15))
        assert codes(result) == {"legal_update_missing"}

    def test_a_deadline_on_holidays_moves_to_the_next_working_day_blds_2015_art148_5(
        self,
    ) -> None:
        # The example of the legal reference: in force 30/01/2025 -> 30/04/2025, a holiday;
        # 01/05 too; 02/05/2025 a declared day off (swapped with Saturday 26/04); 03-04/05 a
        # weekend: the time limit ends on Monday 05/05/2025 (Civil Code 2015 Art. 148.5).
        change = _legal_change(D(2025, 1, 30))
        on_time = f.complete_dataset(change, _update(D(2025, 5, 5)))
        assert run(on_time, "legal_change_update", D(2025, 12, 31)).status is RuleStatus.MET
        pending = run(f.complete_dataset(change), "legal_change_update", D(2025, 5, 4))
        assert pending.status is RuleStatus.NOT_YET_DUE
        assert pending.reasons[0].deadline == D(2025, 5, 5)
        assert pending.reasons[0].params["moved_from"] == "2025-04-30"
        assert "moved from 2025-04-30, a day off" in pending.reasons[0].message_en
        late = run(
            f.complete_dataset(change, _update(D(2025, 5, 6))),
            "legal_change_update",
            D(2025, 12, 31),
        )
        assert codes(late) == {"legal_update_late"}

    def test_a_change_before_the_qms_was_announced_asks_no_update_qd19_art4_4_a(self) -> None:
        # QĐ 19 Art. 4.4.a is a duty of maintaining a QMS in place: the unit's QMS was announced
        # on 20/05/2019 (Art. 4.3), so a change in force since 01/01/2019 was there when it was
        # built; no update is due for it, and the rule has nothing to judge.
        ds = f.complete_dataset(_legal_change(D(2019, 1, 1)))
        result = run(ds, "legal_change_update", END_2023)
        assert result.status is RuleStatus.NOT_APPLICABLE
        assert codes(result) == {"no_legal_change"}
        # the day after the announcement, the same change is a duty again: due 21/08/2019
        later = run(
            f.complete_dataset(_legal_change(D(2019, 5, 21))), "legal_change_update", END_2023
        )
        assert later.status is RuleStatus.NOT_MET

    def test_before_any_announcement_the_rule_does_not_apply_qd19_art4_4_a(self) -> None:
        ds = f.complete_dataset(_legal_change(D(2023, 3, 15)))
        unannounced = ds.without(Announcement, "cb-so-a")
        result = run(unannounced, "legal_change_update", END_2023)
        assert result.status is RuleStatus.NOT_APPLICABLE
        assert codes(result) == {"not_announced"}

    def test_changes_not_touching_the_scope_are_ignored(self) -> None:
        other = LegalChange(
            id="lc",
            document_number="02/2023/TT-BYT",
            title="Khác",
            effective_on=D(2023, 1, 1),
            affected_tthc=("9.999999",),
        )
        result = run(f.complete_dataset(other), "legal_change_update", END_2023)
        assert result.status is RuleStatus.NOT_APPLICABLE


S = CorrectiveActionState


def _nc(raised: dt.date = D(2023, 6, 2)) -> Nonconformity:
    return Nonconformity(
        id="nc",
        qms_id="q-so-a",
        source=FindingSource.COMPLAINT,
        raised_on=raised,
        description="Trả kết quả chậm",
    )


def _action(due: dt.date, *log: tuple[S, dt.date], **kw: Any) -> CorrectiveAction:
    return CorrectiveAction(
        id="ca",
        nonconformity_id="nc",
        responsible="Văn phòng",
        due_on=due,
        log=tuple(StateChange(state=s, on=d) for s, d in log),
        **kw,
    )


_START = ((S.PROPOSED, D(2023, 6, 3)), (S.APPROVED, D(2023, 6, 5)), (S.IN_PROGRESS, D(2023, 6, 6)))


class TestCorrectiveActions:
    """ISO 9001 §10.2; QĐ 19 Art. 4.2.b; TT 26 Art. 36.1.đ."""

    def test_verified_on_the_due_date_is_met(self) -> None:
        action = _action(D(2023, 7, 31), *_START, (S.VERIFIED_EFFECTIVE, D(2023, 7, 31)))
        ds = f.complete_dataset(_nc(), action)
        assert run(ds, "corrective_actions_on_time", END_2023).status is RuleStatus.MET

    def test_unverified_after_the_due_date_is_overdue_iso9001_10_2(self) -> None:
        ds = f.complete_dataset(_nc(), _action(D(2023, 7, 31), *_START))
        assert (
            run(ds, "corrective_actions_on_time", D(2023, 7, 30)).status is RuleStatus.NOT_YET_DUE
        )
        result = run(ds, "corrective_actions_on_time", D(2023, 7, 31))
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"corrective_action_missing"}
        assert result.reasons[0].citation is not None
        assert result.reasons[0].citation.render("en") == "TCVN ISO 9001:2015 clause 10.2"

    def test_late_completion_is_reported_but_not_overdue(self) -> None:
        action = _action(D(2023, 7, 31), *_START, (S.VERIFIED_EFFECTIVE, D(2023, 8, 10)))
        result = run(f.complete_dataset(_nc(), action), "corrective_actions_on_time", END_2023)
        assert result.status is RuleStatus.MET
        assert codes(result) == {"corrective_action_late"}

    def test_grace_days_extend_the_deadline(self) -> None:
        ds = f.complete_dataset(_nc(), _action(D(2023, 7, 31), *_START))
        policy = Policy(corrective_action_grace_days=10)
        assert (
            run(ds, "corrective_actions_on_time", D(2023, 8, 9), policy=policy).status
            is RuleStatus.NOT_YET_DUE
        )
        assert (
            run(ds, "corrective_actions_on_time", D(2023, 8, 10), policy=policy).status
            is RuleStatus.NOT_MET
        )

    def test_nonconformity_without_action_is_due_by_the_end_of_its_period(self) -> None:
        # QĐ 19 Art. 4.2.b: correct nonconformities; no deadline in the text. Reading: by the
        # end of the period in which it was raised.
        ds = f.complete_dataset(_nc(D(2023, 6, 2)))
        assert (
            run(ds, "corrective_actions_on_time", D(2023, 12, 30)).status is RuleStatus.NOT_YET_DUE
        )
        result = run(ds, "corrective_actions_on_time", D(2023, 12, 31))
        assert codes(result) == {"nonconformity_action_missing"}
        assert result.reasons[0].citation is not None
        assert result.reasons[0].citation.render("en") == "QĐ 19/2014/QĐ-TTg Art. 4.2.b"

    def test_thirty_days_to_open_an_action_is_practice_iso9001_10_2(self) -> None:
        # ISO 9001 §10.2.1 "without undue delay": 30 days is the policy's practice figure, an
        # informative rule outside "completed".
        # 02/06/2023 + 30 days = Sunday 02/07/2023 -> Monday 03/07/2023 (Civil Code Art. 148.5)
        ds = f.complete_dataset(_nc(D(2023, 6, 2)))
        assert (
            run(ds, "nonconformity_action_opened", D(2023, 7, 2)).status is RuleStatus.NOT_YET_DUE
        )
        result = run(ds, "nonconformity_action_opened", D(2023, 7, 3))
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"nonconformity_action_opening_missing"}
        verdict = evaluate(ds, as_of=D(2023, 7, 3)).verdict("so-a", VerdictKind.COMPLETED)
        assert "nonconformity_action_opening_missing" not in {r.code for r in verdict.reasons}
        opened = _action(D(2023, 9, 30), (S.PROPOSED, D(2023, 7, 10)))
        late = run(
            f.complete_dataset(_nc(D(2023, 6, 2)), opened), "nonconformity_action_opened", END_2023
        )
        assert codes(late) == {"nonconformity_action_opening_late"}

    def test_a_reissued_action_is_judged_through_its_replacement(self) -> None:
        first = _action(D(2023, 7, 31), *_START, (S.REISSUED, D(2023, 7, 20)))
        second = CorrectiveAction(
            id="ca2",
            nonconformity_id="nc",
            responsible="Văn phòng",
            due_on=D(2023, 9, 30),
            reissued_from_id="ca",
            log=(StateChange(state=S.PROPOSED, on=D(2023, 7, 21)),),
        )
        ds = f.complete_dataset(_nc(), first, second)
        assert (
            run(ds, "corrective_actions_on_time", D(2023, 9, 29)).status is RuleStatus.NOT_YET_DUE
        )
        result = run(ds, "corrective_actions_on_time", D(2023, 9, 30))
        assert result.reasons[0].record_ids[0] == "ca2"
