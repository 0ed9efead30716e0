"""The 2025 reform applied to datasets: check official codes, carry records across to 2025-07-01.

On 01/07/2025 the 63 provinces became 34 (Resolution 202/2025/QH15) and the district level ended
(Law 72/2025/QH15); 10,035 communes became 3,321. A dataset recorded before the reform names old
units. `carry_forward` re-points its records to the successor units so that years before and
after the reform can be compared, and reports what moved, what split and what has no successor.
"""

from __future__ import annotations

import datetime as dt

from vn_iso_qms._internal.admin_units import (
    AdminEra,
    UnknownAdminUnitError,
    admin_unit_successors,
    check_admin_unit_code,
    get_admin_unit,
)
from vn_iso_qms._internal.agency import AdministrativeUnit, Agency
from vn_iso_qms._internal.base import QmsModel, evolve
from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.errors import Problem
from vn_iso_qms._internal.vocab import REFORM_2025_DATE, AdminUnitLevel

LAST_DAY_BEFORE_REFORM = REFORM_2025_DATE - dt.timedelta(days=1)


def admin_unit_code_problems(dataset: QmsDataset) -> list[Problem]:
    """Administrative units whose official code does not exist in the era of their dates.

    A unit's code is checked against the official table of the era of each of its dates: a unit
    valid from a day before 01/07/2025 must exist before the reform, one valid from (or until) a
    day after it must exist after it; an undated unit must exist in one of the two eras. Units
    without a code (fictional or unofficial) are not checked.

    Args:
        dataset: the records.

    Returns:
        One located problem per unknown code, naming the era.
    """
    problems: list[Problem] = []
    for index, unit in enumerate(dataset.admin_units):
        if unit.code is None:
            continue
        days = [d for d in (unit.valid_from, unit.valid_to) if d is not None]
        reasons = [r for d in days if (r := check_admin_unit_code(unit.code, d)) is not None]
        if not days:
            # undated: the code must name a unit in one of the two eras
            found = [
                check_admin_unit_code(unit.code, d)
                for d in (LAST_DAY_BEFORE_REFORM, REFORM_2025_DATE)
            ]
            reasons = [] if None in found else [r for r in found if r is not None][:1]
        if reasons:
            problems.append(
                Problem(
                    record_type=AdministrativeUnit.record_type,
                    record_id=unit.id,
                    field="code",
                    index=index,
                    code="unknown_admin_unit_code",
                    message=reasons[0],
                )
            )
    return problems


class UnitMove(QmsModel):
    """One record re-pointed from an old administrative unit to its successor."""

    record_type: str
    """The kind of record moved (`"agency"`)."""
    record_id: str
    """Its id."""
    old_unit_id: str
    """The old unit (dataset id)."""
    new_unit_id: str
    """The successor unit (dataset id)."""
    split: bool
    """True when the old unit was split and the primary successor was chosen."""


class UnitWithoutSuccessor(QmsModel):
    """An old unit that has no successor, with the reason and the records still pointing at it."""

    unit_id: str
    """The unit (dataset id)."""
    reason: str
    """Why it has no successor (e.g. the district level ended)."""
    record_ids: tuple[str, ...]
    """Agencies that still point at it."""


class CarryForwardReport(QmsModel):
    """What `carry_forward` did: moves, splits, units without successor, units added."""

    moved: tuple[UnitMove, ...]
    """Records re-pointed to a successor."""
    without_successor: tuple[UnitWithoutSuccessor, ...]
    """Old units with no successor (districts), and the records that still point at them."""
    added_units: tuple[str, ...]
    """Ids of the successor units added to the dataset."""
    unofficial_units: tuple[str, ...]
    """Units without an official code, left unchanged."""


def _post_unit_id(code: str) -> str:
    return f"au-2025-{code}"


def carry_forward(dataset: QmsDataset) -> tuple[QmsDataset, CarryForwardReport]:
    """Carry a dataset across the 2025 reform: re-point agencies to the successor units.

    For every administrative unit with an official pre-reform code that is still valid on
    30/06/2025: its successor units (official table) are added to the dataset (ids
    `au-2025-<code>`), its `valid_to` becomes 30/06/2025 and its `successor_ids` name them;
    agencies still existing on 01/07/2025 that point at it are re-pointed to the primary
    successor (a split commune's default successor). District-level units have no successor
    (the level ended); agencies pointing at them stay, and the report lists them. Nothing else
    changes; the result is validated again.

    Args:
        dataset: records that name pre-reform units by official code.

    Returns:
        The new dataset and the report of what moved, what split and what has no successor.
    """
    new_units, added, successor_of, no_successor, unofficial = _successor_units(dataset)
    moves: list[UnitMove] = []
    agencies: list[Agency] = []
    pointing: dict[str, list[str]] = {}
    effective = dataset.effective_agencies()
    for agency in dataset.agencies:
        target = successor_of.get(agency.admin_unit_id or "")
        last_day = effective[agency.id].valid_to  # ended by valid_to or by an ending event
        alive_after = last_day is None or last_day >= REFORM_2025_DATE
        if target is not None and alive_after:
            moves.append(
                UnitMove(
                    record_type="agency",
                    record_id=agency.id,
                    old_unit_id=agency.admin_unit_id or "",
                    new_unit_id=target[0],
                    split=target[1],
                )
            )
            agencies.append(evolve(agency, admin_unit_id=target[0]))
            continue
        if agency.admin_unit_id in no_successor and alive_after:
            pointing.setdefault(agency.admin_unit_id, []).append(agency.id)
        agencies.append(agency)
    values = {name: getattr(dataset, name) for name in type(dataset).model_fields}
    values["admin_units"] = tuple(new_units) + tuple(added[k] for k in sorted(added))
    values["agencies"] = tuple(agencies)
    result = QmsDataset.model_validate(values)
    report = CarryForwardReport(
        moved=tuple(moves),
        without_successor=tuple(
            UnitWithoutSuccessor(
                unit_id=uid, reason=reason, record_ids=tuple(sorted(pointing.get(uid, ())))
            )
            for uid, reason in sorted(no_successor.items())
        ),
        added_units=tuple(sorted(added)),
        unofficial_units=tuple(unofficial),
    )
    return result, report


_UnitPlan = tuple[
    list[AdministrativeUnit],
    dict[str, AdministrativeUnit],
    dict[str, tuple[str, bool]],
    dict[str, str],
    list[str],
]


def _successor_units(dataset: QmsDataset) -> _UnitPlan:
    """Old units ended with their successors named, successor units to add, what has none."""
    by_id = {u.id: u for u in dataset.admin_units}
    added: dict[str, AdministrativeUnit] = {}
    successor_of: dict[str, tuple[str, bool]] = {}
    no_successor: dict[str, str] = {}
    unofficial: list[str] = []
    new_units: list[AdministrativeUnit] = []
    for unit in dataset.admin_units:
        if unit.code is None:
            unofficial.append(unit.id)
            new_units.append(unit)
            continue
        if not unit.valid_on(LAST_DAY_BEFORE_REFORM):
            new_units.append(unit)
            continue
        try:
            old = get_admin_unit(unit.code, era=AdminEra.PRE_2025_REFORM)
        except UnknownAdminUnitError as exc:
            no_successor[unit.id] = str(exc)
            new_units.append(unit)
            continue
        # a district's communes have successors, but the district itself has none
        successors = (
            () if old.level is AdminUnitLevel.DISTRICT else admin_unit_successors(unit.code)
        )
        if not successors:
            reason = (
                "the district level ended on 2025-07-01 (Law 72/2025/QH15)"
                if old.level is AdminUnitLevel.DISTRICT
                else "no successor in the official table"
            )
            no_successor[unit.id] = reason
            new_units.append(
                evolve(unit, valid_to=LAST_DAY_BEFORE_REFORM) if unit.valid_to is None else unit
            )
            continue
        ids = []
        for s in successors:
            sid = _post_unit_id(s.code)
            ids.append(sid)
            if sid not in by_id and sid not in added:
                parent = _post_unit_id(s.parent_code) if s.parent_code else None
                added[sid] = AdministrativeUnit(
                    id=sid,
                    code=s.code,
                    name=s.name,
                    level=s.level,
                    parent_id=parent,
                    valid_from=REFORM_2025_DATE,
                )
        successor_of[unit.id] = (ids[0], len(ids) > 1)
        new_units.append(_end(unit, tuple(ids)))
    # successor provinces of successor communes must exist too
    for unit in list(added.values()):
        if unit.parent_id and unit.parent_id not in added and unit.parent_id not in by_id:
            code = unit.parent_id.removeprefix("au-2025-")
            p = get_admin_unit(code, era=AdminEra.POST_2025_REFORM)
            added[unit.parent_id] = AdministrativeUnit(
                id=unit.parent_id,
                code=p.code,
                name=p.name,
                level=p.level,
                valid_from=REFORM_2025_DATE,
            )
    return new_units, added, successor_of, no_successor, unofficial


def _end(unit: AdministrativeUnit, successor_ids: tuple[str, ...]) -> AdministrativeUnit:
    return evolve(unit, valid_to=LAST_DAY_BEFORE_REFORM, successor_ids=successor_ids)
