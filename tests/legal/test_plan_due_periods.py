"""Golden cases: plan deadlines written as a month or a quarter.

Provincial plans write "tháng 10" or "Quý III" (QĐ 19/2014/QĐ-TTg Art. 6: the approved plan;
Art. 12.4.a: progress against it). Such a deadline ends on the month's or quarter's last day and,
as every time limit, moves to the next working day when that day is a weekly rest day or a public
holiday (Civil Code 2015 Art. 148.5).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pydantic import ValidationError

from tests import factories as f
from vn_iso_qms import (
    Activity,
    ActivityKind,
    AnnualPlan,
    InvalidDataError,
    PlannedActivity,
    dump_dataset,
    load_dataset,
)
from vn_iso_qms.rules import effective_schedule, make_context, match
from vn_iso_qms.types import due_period_end

D = dt.date


def _plan(year: int) -> AnnualPlan:
    return AnnualPlan(
        id="kh",
        province_id="p",
        year=year,
        decision_number="35/QĐ-UBND",
        approved_on=D(year, 1, 10),
        approver="Chủ tịch UBND tỉnh",
    )


def _status(due_in: str, done: dt.date | None, year: int) -> tuple[str, dt.date]:
    planned = PlannedActivity(
        id="pa", plan_id="kh", agency_id="so-a", kind=ActivityKind.TRAINING, due_in=due_in
    )
    extra = (
        []
        if done is None
        else [Activity(id="dt", agency_id="so-a", kind=ActivityKind.TRAINING, date=done)]
    )
    plan = _plan(year)
    ds = f.complete_dataset(plan, planned, *extra)
    ctx = make_context(ds, as_of=D(year, 12, 31), year=year)
    (outcome,) = match(ctx, ctx.agency("so-a"), effective_schedule(ctx, plan, "so-a"))
    return outcome.status.value, outcome.due_on


class TestDueInAMonthOrQuarter:
    """Civil Code 2015 Art. 148.5 on the last day of the plan's month or quarter."""

    def test_a_quarter_ending_on_a_saturday_is_due_the_next_monday_blds_art148_5(self) -> None:
        # Quý III/2023 ends on Saturday 30/09/2023
        assert _status("2023-Q3", D(2023, 10, 2), 2023) == ("on_time", D(2023, 10, 2))
        assert _status("2023-Q3", D(2023, 10, 3), 2023) == ("late", D(2023, 10, 2))

    def test_april_2025_ends_after_the_holidays_and_the_swapped_day_blds_art148_5(self) -> None:
        # 30/04 and 01/05 are holidays, 02/05/2025 a declared day off (swapped with Saturday
        # 26/04), 03-04/05 a weekend: the month's deadline is Monday 05/05/2025
        assert _status("2025-04", D(2025, 5, 5), 2025) == ("on_time", D(2025, 5, 5))
        assert _status("2025-04", D(2025, 5, 6), 2025)[0] == "late"

    def test_january_2025_ends_in_tet_blds_art148_5(self) -> None:
        # 31/01/2025 is the third day of Tết Ất Tỵ (Labour Code Art. 112): Monday 03/02/2025
        assert _status("2025-01", D(2025, 2, 3), 2025) == ("on_time", D(2025, 2, 3))

    def test_a_month_ending_on_a_working_day_is_due_that_day(self) -> None:
        # October 2023 ends on Tuesday 31/10/2023
        assert _status("2023-10", D(2023, 10, 31), 2023) == ("on_time", D(2023, 10, 31))
        assert _status("2023-10", None, 2023) == ("overdue", D(2023, 10, 31))

    def test_a_day_the_plan_writes_is_kept_as_written(self) -> None:
        # a plan's own day is the plan's choice, not a time limit counted from an event
        planned = PlannedActivity(
            id="pa",
            plan_id="kh",
            agency_id="so-a",
            kind=ActivityKind.TRAINING,
            due_on=D(2023, 9, 30),
        )
        plan = _plan(2023)
        ds = f.complete_dataset(plan, planned)
        ctx = make_context(ds, as_of=D(2023, 12, 31), year=2023)
        assert [s.due_on for s in effective_schedule(ctx, plan, "so-a")] == [D(2023, 9, 30)]


class TestDuePeriodValues:
    @pytest.mark.parametrize(
        ("period", "last"),
        [
            ("2023-Q1", D(2023, 3, 31)),
            ("2023-Q2", D(2023, 6, 30)),
            ("2023-Q4", D(2023, 12, 31)),
            ("2024-02", D(2024, 2, 29)),
            ("2023-02", D(2023, 2, 28)),
            ("2023-12", D(2023, 12, 31)),
        ],
    )
    def test_the_last_day_of_each_period(self, period: str, last: dt.date) -> None:
        assert due_period_end(period) == last

    @pytest.mark.parametrize("bad", ["2023-13", "2023-Q5", "2023-Q0", "2023-1", "Quý III/2023"])
    def test_other_forms_are_refused_in_json(self, bad: str) -> None:
        with pytest.raises(ValidationError, match="string_pattern_mismatch"):
            PlannedActivity(
                id="pa", plan_id="kh", agency_id="so-a", kind=ActivityKind.TRAINING, due_in=bad
            )
        with pytest.raises(ValueError, match="not a month"):
            due_period_end(bad)

    def test_exactly_one_deadline_form(self) -> None:
        with pytest.raises(ValidationError, match="exactly one of due_on, due_in and recurrence"):
            PlannedActivity(
                id="pa",
                plan_id="kh",
                agency_id="so-a",
                kind=ActivityKind.TRAINING,
                due_on=D(2023, 9, 30),
                due_in="2023-Q3",
            )

    def test_a_loaded_file_says_how_to_write_it(self) -> None:
        doc = json.loads(dump_dataset(f.complete_dataset(_plan(2023))))
        doc["planned_activities"] = [
            {
                "id": "pa",
                "plan_id": "kh",
                "agency_id": "so-a",
                "kind": "training",
                "due_in": "Quý III/2023",
            }
        ]
        with pytest.raises(InvalidDataError) as info:
            load_dataset(json.dumps(doc).encode())
        (problem,) = info.value.problems
        assert (problem.record_id, problem.field) == ("pa", "due_in")
        assert "write 2023-10 (tháng 10) or 2023-Q3 (Quý III)" in problem.message
