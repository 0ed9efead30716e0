"""Golden cases: procedures that move between agencies, and recorded scope decisions.

QĐ 19/2014/QĐ-TTg Art. 3.1 (the scope covers every procedure of the agency) and Art. 4.4.c
(re-announce after adjusting, expanding or narrowing the scope); TT 26/2014/TT-BKHCN Art. 4.2
(the list of procedures by agency). Deadlines: `reannouncement_months` (3, the documented reading
of Q8) as a Civil Code 2015 time limit (Art. 147-148).
"""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from tests import factories as f
from tests.legal.helpers import codes, run
from vn_iso_qms import (
    AgencyKind,
    InvalidDataError,
    QmsDataset,
    QmsUnit,
    RuleStatus,
    ScopeDecision,
    Tthc,
    TthcAssignment,
    evolve,
)
from vn_iso_qms._internal.base import Record

D = dt.date
END_2023 = D(2023, 12, 31)
MOVED = "1.000009"
MOVE_DAY = D(2023, 7, 1)
# 01/07/2023 + 3 months = Sunday 01/10/2023 -> Monday 02/10/2023 (BLDS 2015 Art. 148.5)
DUE = D(2023, 10, 2)


def _moving_tthc() -> Tthc:
    return Tthc(
        id="t-move",
        code=MOVED,
        name="Thủ tục chuyển giao",
        published_on=D(2019, 1, 1),
        assignments=(
            TthcAssignment(agency_id="so-a", valid_to=MOVE_DAY - dt.timedelta(days=1)),
            TthcAssignment(agency_id="so-b", valid_from=MOVE_DAY, decision_number="9/QĐ-UBND"),
        ),
    )


def _two_units(*extra: Record) -> QmsDataset:
    """so-a handled MOVED until 30/06/2023 (and announced it); so-b handles it from 01/07/2023."""
    a = f.complete_unit_records("so-a")
    a = [evolve(r, scope_tthc=("1.000001", MOVED)) if r.id == "cb-so-a" else r for r in a]
    return QmsDataset.from_records(
        [f.province(), *a, *f.complete_unit_records("so-b"), _moving_tthc(), *extra]
    )


class TestProcedureMovesBetweenAgencies:
    """QĐ 19 Art. 3.1 and 4.4.c with dated `TthcAssignment`s."""

    def test_before_the_move_only_the_first_agency_must_cover_it_qd19_art3_1(self) -> None:
        ds = _two_units()
        day = D(2023, 6, 30)
        assert run(ds, "scope_covers_tthc", day, subject="so-a").status is RuleStatus.MET
        assert run(ds, "scope_covers_tthc", day, subject="so-b").status is RuleStatus.MET
        # so-a dropping it from its scope before the move would fail
        short = f.announcement("q-so-a", id="cb-so-a-2", date=D(2023, 3, 1))
        result = run(ds.with_records(short), "scope_covers_tthc", day, subject="so-a")
        assert result.status is RuleStatus.NOT_MET
        assert MOVED in result.reasons[0].message_en

    def test_the_receiving_unit_must_cover_it_by_the_re_announcement_deadline_qd19_art3_1(
        self,
    ) -> None:
        ds = _two_units()
        pending = run(ds, "scope_covers_tthc", DUE - dt.timedelta(days=1), subject="so-b")
        assert pending.status is RuleStatus.NOT_YET_DUE
        failed = run(ds, "scope_covers_tthc", DUE, subject="so-b")
        assert failed.status is RuleStatus.NOT_MET
        assert codes(failed) == {"scope_missing_tthc"}
        assert MOVED in failed.reasons[0].message_en

    def test_both_units_must_re_announce_qd19_art4_4_c(self) -> None:
        ds = _two_units()
        for subject, change in (("so-a", "narrowed"), ("so-b", "expanded")):
            result = run(ds, "reannouncement_after_scope_change", END_2023, subject=subject)
            assert result.status is RuleStatus.NOT_MET, subject
            assert codes(result) == {"reannouncement_missing"}
            reason = result.reasons[0]
            assert reason.deadline == DUE
            assert reason.params["change"] == change
            assert reason.params["date"] == MOVE_DAY.isoformat()
            assert "t-move" in reason.record_ids

    def test_re_announcements_with_the_new_scopes_meet_every_duty_qd19_art4_4_c(self) -> None:
        answer_a = f.announcement("q-so-a", id="cb-a-2", date=D(2023, 9, 15))
        answer_b = f.announcement(
            "q-so-b", id="cb-b-2", date=D(2023, 9, 15), scope_tthc=("1.so-b", MOVED)
        )
        ds = _two_units(answer_a, answer_b)
        for subject in ("so-a", "so-b"):
            for rule_id in ("scope_covers_tthc", "reannouncement_after_scope_change"):
                assert run(ds, rule_id, END_2023, subject=subject).status is RuleStatus.MET, (
                    subject,
                    rule_id,
                )

    def test_a_re_announcement_that_keeps_the_moved_procedure_does_not_answer(self) -> None:
        # narrowed: the new scope must leave the procedure out (Art. 4.4.c "thu hẹp")
        kept = f.announcement(
            "q-so-a", id="cb-a-2", date=D(2023, 9, 15), scope_tthc=("1.000001", MOVED)
        )
        result = run(_two_units(kept), "reannouncement_after_scope_change", END_2023)
        assert codes(result) == {"reannouncement_missing"}

    def test_a_move_inside_one_qms_is_no_scope_change_tt26_art6_3(self) -> None:
        # a district's common QMS covers the committee and its division (TT 26 Art. 6.3.a):
        # the procedure passing between them leaves the QMS's scope as it was
        committee = f.agency("ubnd-h", kind=AgencyKind.DISTRICT_PEOPLE_COMMITTEE)
        division = f.agency("phong-h", kind=AgencyKind.DISTRICT_DIVISION, parent_id="ubnd-h")
        common = QmsUnit(
            id="q-ubnd-h",
            name="HTQLCL huyện",
            owner_agency_id="ubnd-h",
            agency_ids=("ubnd-h", "phong-h"),
        )
        move = Tthc(
            id="t-h",
            code="2.000001",
            name="Thủ tục cấp huyện",
            published_on=D(2019, 1, 1),
            assignments=(
                TthcAssignment(agency_id="ubnd-h", valid_to=D(2023, 6, 30)),
                TthcAssignment(agency_id="phong-h", valid_from=D(2023, 7, 1)),
            ),
        )
        records: list[Record] = [
            f.province(),
            committee,
            division,
            common,
            move,
            f.announcement("q-ubnd-h", id="cb-h", scope_tthc=("2.000001",)),
            f.audit("q-ubnd-h"),
            f.review("q-ubnd-h"),
        ]
        ds = QmsDataset.from_records(records)
        result = run(ds, "reannouncement_after_scope_change", END_2023, subject="ubnd-h")
        assert codes(result) == {"no_scope_change"}
        assert run(ds, "scope_covers_tthc", END_2023, subject="phong-h").status is RuleStatus.MET

    def test_the_undated_form_reads_as_one_assignment_for_the_whole_life(self) -> None:
        undated = f.complete_dataset(f.tthc("1.000002", published_on=D(2023, 3, 1)))
        dated = f.complete_dataset(
            Tthc(
                id="t-1.000002",
                code="1.000002",
                name="Thủ tục 1.000002",
                published_on=D(2023, 3, 1),
                assignments=(TthcAssignment(agency_id="so-a"),),
            )
        )
        for rule_id in ("scope_covers_tthc", "reannouncement_after_scope_change"):
            for day in (D(2023, 5, 31), D(2023, 6, 1), END_2023):
                a, b = run(undated, rule_id, day), run(dated, rule_id, day)
                assert (a.status, [r.code for r in a.reasons]) == (
                    b.status,
                    [r.code for r in b.reasons],
                ), (rule_id, day)


class TestScopeDecision:
    """QĐ 19 Art. 4.4.c: a recorded decision adjusting the scope calls for a re-announcement."""

    def test_a_decision_without_codes_needs_any_later_re_announcement(self) -> None:
        decision = ScopeDecision(
            id="sd-1",
            qms_id="q-so-a",
            date=D(2023, 3, 10),
            decision_number="12/QĐ-SA",
            other_change="Bổ sung hoạt động nội bộ vào phạm vi",
        )
        ds = f.complete_dataset(decision)
        pending = run(ds, "reannouncement_after_scope_change", D(2023, 6, 9))
        assert pending.status is RuleStatus.NOT_YET_DUE
        missing = run(ds, "reannouncement_after_scope_change", END_2023)
        assert codes(missing) == {"reannouncement_missing"}
        reason = missing.reasons[0]
        assert reason.params["change"] == "decided"
        assert "12/QĐ-SA" in reason.message_vi
        assert reason.deadline == D(2023, 6, 12)  # 10/06 is a Saturday: Monday 12/06
        again = f.announcement(id="cb-2", date=D(2023, 6, 1))
        assert run(
            ds.with_records(again), "reannouncement_after_scope_change", END_2023
        ).status is (RuleStatus.MET)

    def test_an_added_procedure_is_answered_only_by_a_scope_that_holds_it(self) -> None:
        decision = ScopeDecision(
            id="sd-1", qms_id="q-so-a", date=D(2023, 3, 10), added_tthc=("1.000077",)
        )
        without = f.announcement(id="cb-2", date=D(2023, 5, 2))
        with_it = f.announcement(id="cb-2", date=D(2023, 5, 2), scope_tthc=("1.000001", "1.000077"))
        ds = f.complete_dataset(decision)
        result = run(ds.with_records(without), "reannouncement_after_scope_change", END_2023)
        assert codes(result) == {"reannouncement_missing"}
        assert run(
            ds.with_records(with_it), "reannouncement_after_scope_change", END_2023
        ).status is (RuleStatus.MET)

    def test_a_decision_and_a_publication_of_the_same_change_count_once(self) -> None:
        published = f.tthc("1.000002", published_on=D(2023, 3, 1))
        decision = ScopeDecision(
            id="sd-1", qms_id="q-so-a", date=D(2023, 3, 1), added_tthc=("1.000002",)
        )
        result = run(
            f.complete_dataset(published, decision), "reannouncement_after_scope_change", END_2023
        )
        assert len(result.reasons) == 1
        assert result.reasons[0].record_ids[0] == "sd-1"

    def test_a_decision_before_the_first_announcement_is_part_of_building(self) -> None:
        decision = ScopeDecision(
            id="sd-0", qms_id="q-so-a", date=D(2019, 3, 1), other_change="Phạm vi ban đầu"
        )
        result = run(f.complete_dataset(decision), "reannouncement_after_scope_change", END_2023)
        assert codes(result) == {"no_scope_change"}


class TestRecordsRefuseAmbiguity:
    def test_an_agency_in_both_forms_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="keep one of the two"):
            Tthc(
                id="t",
                code="1.000001",
                name="x",
                published_on=D(2019, 1, 1),
                agency_ids=("so-a",),
                assignments=(TthcAssignment(agency_id="so-a", valid_from=D(2020, 1, 1)),),
            )

    def test_a_procedure_with_no_agency_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="agency_ids or assignments"):
            Tthc(id="t", code="1.000001", name="x", published_on=D(2019, 1, 1))

    def test_an_empty_scope_decision_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="added_tthc, removed_tthc or other_change"):
            ScopeDecision(id="sd", qms_id="q", date=D(2023, 1, 1))

    def test_a_dangling_assignment_is_reported_at_its_path(self) -> None:
        stray = Tthc(
            id="t-x",
            code="1.000003",
            name="x",
            published_on=D(2019, 1, 1),
            assignments=(TthcAssignment(agency_id="so-missing"),),
        )
        with pytest.raises(InvalidDataError) as info:
            f.complete_dataset(stray)
        assert "tthc t-x, field assignments[0].agency_id" in str(info.value)
