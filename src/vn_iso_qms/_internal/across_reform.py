"""Comparing national rollups across the 2025 reform: earlier provinces under their successors."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from vn_iso_qms._internal.base import QmsModel
from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.reporting import NationalRollup, RollupRow
from vn_iso_qms._internal.vocab import AdminUnitLevel


class SuccessorComparison(QmsModel):
    """One successor province: its predecessors' figures summed, next to its own."""

    province_id: str
    """The successor province (an administrative-unit id of the later dataset)."""
    province_name: str
    """Its name."""
    predecessor_ids: tuple[str, ...]
    """The earlier provinces it took over that have a row in the earlier rollup, by id."""
    before: RollupRow
    """The predecessors' rows summed (all zero when none has a row)."""
    after: RollupRow | None
    """The successor's own row in the later rollup (None when it has none)."""


def province_successors(datasets: Iterable[QmsDataset]) -> dict[str, str]:
    """Each earlier province's successor: the first of its `successor_ids` (followed to the end).

    Read from the provinces' [`AdministrativeUnit`][vn_iso_qms.AdministrativeUnit] records of the
    datasets given (typically the later one, which records the old provinces as ended with their
    successors). A province with no successor maps to itself.
    """
    first: dict[str, str] = {}
    for ds in datasets:
        for unit in ds.admin_units:
            if unit.level is AdminUnitLevel.PROVINCE and unit.successor_ids:
                first.setdefault(unit.id, unit.successor_ids[0])
    out: dict[str, str] = {}
    for start in first:
        current, seen = start, {start}
        while current in first and first[current] not in seen:
            current = first[current]
            seen.add(current)
        out[start] = current
    return out


def compare_across_reform(
    before: NationalRollup, after: NationalRollup, successors: Mapping[str, str]
) -> tuple[SuccessorComparison, ...]:
    """The earlier rollup's provinces grouped under their successors, next to the later rollup.

    Args:
        before: the rollup of an earlier year (e.g. 2024, 63 provinces).
        after: the rollup of a later year (e.g. 2026, 34 provinces).
        successors: earlier province id → successor id (see `province_successors`); a province
            not in it is its own successor.

    Returns:
        One comparison per successor province that has a row in either rollup, by id. Nothing is
        dropped: every row of `before` is summed under exactly one successor.

    Examples:
        >>> import datetime as dt
        >>> import vn_iso_qms as q
        >>> old = q.reports.national_rollup(q.demo_dataset(), year=2023)
        >>> new_ds = q.demo_dataset_2025()
        >>> new = q.reports.national_rollup(new_ds, year=2026, as_of=dt.date(2026, 9, 30))
        >>> (row,) = q.reports.compare_across_reform(old, new, q.reports.province_successors([new_ds]))
        >>> row.province_id, row.predecessor_ids, row.before.registry, row.after.registry
        ('p-mg', ('p-mh',), 165, 29)
    """
    after_rows = {r.province_id: r for r in after.rows}
    grouped: dict[str, list[RollupRow]] = {}
    for row in before.rows:
        grouped.setdefault(successors.get(row.province_id, row.province_id), []).append(row)
    out = []
    for pid in sorted(set(grouped) | set(after_rows)):
        rows = sorted(grouped.get(pid, []), key=lambda r: r.province_id)
        own = after_rows.get(pid)
        name = own.province_name if own is not None else pid
        summed = RollupRow.summed(rows, province_id=pid, province_name=name)
        out.append(
            SuccessorComparison(
                province_id=pid,
                province_name=name,
                predecessor_ids=tuple(r.province_id for r in rows),
                before=summed,
                after=own,
            )
        )
    return tuple(out)
