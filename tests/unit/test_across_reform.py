"""Rollups compared across the 2025 reform (issue 16 item 8): earlier provinces under successors."""

from __future__ import annotations

import datetime as dt

from tests import factories as f

from vn_iso_qms import AdministrativeUnit, AdminUnitLevel, Period, QmsDataset
from vn_iso_qms.reports import NationalRollup, RollupRow, compare_across_reform, province_successors

D = dt.date


def _row(pid: str, registry: int) -> RollupRow:
    return RollupRow(
        province_id=pid,
        province_name=pid,
        registry=registry,
        ended=0,
        announced=registry,
        completed=registry,
        level_units=registry,
        on_plan=0,
        plan_units=0,
        eiso=0,
        on_site=1,
    )


def _rollup(*rows: RollupRow, year: int) -> NationalRollup:
    total = _row("*", sum(r.registry for r in rows))
    period = Period(start=D(year, 1, 1), end=D(year, 12, 31), year=year)
    return NationalRollup(period=period, rows=rows, total=total)


def test_merged_provinces_are_summed_under_their_successor_and_nothing_is_dropped() -> None:
    # a and b merged into ab on 01/07/2025 (Resolution 202/2025/QH15); c continues
    before = _rollup(_row("a", 10), _row("b", 5), _row("c", 7), year=2024)
    after = _rollup(_row("ab", 14), _row("c", 7), year=2026)
    rows = compare_across_reform(before, after, {"a": "ab", "b": "ab"})
    assert [(r.province_id, r.predecessor_ids, r.before.registry, r.after) for r in rows] == [
        ("ab", ("a", "b"), 15, after.rows[0]),
        ("c", ("c",), 7, after.rows[1]),
    ]
    assert rows[0].before.on_site == 2  # every count is summed
    assert sum(r.before.registry for r in rows) == before.total.registry


def test_a_successor_without_a_later_row_and_a_new_province_without_predecessors() -> None:
    before = _rollup(_row("a", 10), year=2024)
    after = _rollup(_row("z", 3), year=2026)
    rows = compare_across_reform(before, after, {"a": "ab"})
    assert [(r.province_id, r.predecessor_ids, r.after is None) for r in rows] == [
        ("ab", ("a",), True),
        ("z", (), False),
    ]
    assert rows[1].before.registry == 0


def test_successors_are_read_from_the_province_records_and_followed_to_the_end() -> None:
    def province(pid: str, *successors: str) -> AdministrativeUnit:
        return AdministrativeUnit(
            id=pid,
            name=pid,
            level=AdminUnitLevel.PROVINCE,
            successor_ids=successors,
            valid_to=D(2025, 6, 30) if successors else None,
        )

    ds = QmsDataset.from_records(
        [
            province("a", "ab", "x"),
            province("x"),
            province("b", "ab"),
            province("ab", "abc"),
            province("abc"),
        ]
    )
    assert province_successors([ds]) == {"a": "abc", "b": "abc", "ab": "abc"}
    assert province_successors([f.complete_dataset()]) == {}
