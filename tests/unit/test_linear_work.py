"""Carry, list updates and predecessor lookups stay linear (issue 26, Build 5), timed by nothing.

Each was quadratic once: `carry_registry` looked for an agency of the same kind and name at the
successor unit by scanning the agencies (all of them, then those of the unit and kind, folding
each name) and for a QMS's announcements by scanning all of them; `tthc_list_updated` looked for
the update showing each change by scanning the province's updates; `predecessors_of` scanned every
administrative unit for each question. benchmarks/hostile.py times them with their growth
exponent; these tests count work instead, so they fail on any machine, however loaded:

- the *steps* of the library's own Python code (every line it executes and every call into it,
  generator resumptions included, counted with `sys.settrace`) for inputs of size n and 2n: a
  scan per item, wherever it hides in the library, makes the ratio tend to 4, and linear work
  keeps it at 2 (bounded here by 2.2);
- where the old code called a function once per pair (`fold` of an agency's name, for the
  same-name reading), the calls of that function.

Each measured input is built before counting, and each operation runs once on a small input
first, so caches filled on a first call (the official unit table, the rule catalogue) are not
counted.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

import vn_iso_qms
from vn_iso_qms import (
    AdministrativeUnit,
    AdminUnitLevel,
    Agency,
    AgencyEvent,
    AgencyEventKind,
    AgencyKind,
    Announcement,
    Evaluation,
    QmsDataset,
    QmsUnit,
    StandardVersion,
    Tthc,
    TthcListUpdate,
    evaluate,
)
from vn_iso_qms._internal import carry
from vn_iso_qms._internal.carry import RegistryCarryReport, carry_registry
from vn_iso_qms._internal.evaluation.engine import make_context

D = dt.date
LIBRARY = str(Path(vn_iso_qms.__file__).resolve().parent)
LINEAR = 2.2
"""The largest ratio of work at 2n to work at n that passes: 2 is linear, 4 quadratic."""


def library_steps(run: Callable[[], object]) -> int:
    """Lines of the library's Python code executed by `run()`, plus the calls into it.

    A count of work, not of time: the same on any machine and under any load. Code outside the
    library (pydantic, the standard library) is not traced, only entered.
    """
    steps = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal steps
        steps += 1
        return local

    def enter(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal steps
        if frame.f_code.co_filename.startswith(LIBRARY):
            steps += 1
            return local
        return None

    previous = sys.gettrace()  # a coverage tracer, if any, is put back after
    sys.settrace(enter)
    try:
        run()
    finally:
        sys.settrace(previous)
    return steps


def growth(make: Callable[[int], Any], run: Callable[[Any], object], n: int) -> float:
    """The library's steps for `run(make(2n))` over those for `run(make(n))`."""
    run(make(max(2, n // 8)))  # fill what a first call caches
    small, large = make(n), make(2 * n)
    return library_steps(lambda: run(large)) / library_steps(lambda: run(small))


@contextmanager
def counting(module: Any, name: str) -> Iterator[list[int]]:
    """Count the calls of `module.name` made while inside the block (one cell, the count)."""
    original = getattr(module, name)
    calls = [0]

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    setattr(module, name, counted)
    try:
        yield calls
    finally:
        setattr(module, name, original)


# --- carry ---------------------------------------------------------------------------------------


def merged_units(n: int) -> QmsDataset:
    """A commune merged into a new one by the 2025 reform, with n schools at each, named alike.

    Every school of the old commune has exactly one of the same kind and name at the new one
    (the documented same-name reading), among n of that kind there.
    """
    units = (
        AdministrativeUnit(id="p", name="P", level=AdminUnitLevel.PROVINCE),
        AdministrativeUnit(
            id="old",
            name="Old",
            level=AdminUnitLevel.COMMUNE,
            parent_id="p",
            valid_to=D(2025, 6, 30),
            successor_ids=("new",),
        ),
        AdministrativeUnit(
            id="new",
            name="New",
            level=AdminUnitLevel.COMMUNE,
            parent_id="p",
            valid_from=D(2025, 7, 1),
        ),
    )
    agencies = tuple(
        Agency(
            id=f"{unit}-{i}",
            name=f"Trường {i}",
            kind=AgencyKind.PUBLIC_SERVICE_UNIT,
            admin_unit_id=unit,
            valid_from=D(2010, 1, 1) if unit == "old" else D(2025, 7, 1),
        )
        for i in range(n)
        for unit in ("old", "new")
    )
    return QmsDataset(admin_units=units, agencies=agencies)


def carry_2026(ds: QmsDataset) -> tuple[QmsDataset, RegistryCarryReport]:
    return carry_registry(ds, 2026)


def test_merged_units_carry_reads_each_agency_to_its_same_named_successor() -> None:
    # what the counted runs below compute: the reading, for every school of the old commune
    _, report = carry_2026(merged_units(3))
    for i in range(3):
        fate = report.fate(f"old-{i}")
        assert fate.successor_ids == (f"new-{i}",)
        assert fate.needs_confirmation


def test_carry_over_merged_units_is_linear_in_agencies() -> None:
    # the same-name lookup once scanned every agency, then every agency of the unit and kind,
    # for each agency of a merged unit
    assert growth(merged_units, carry_2026, 300) <= LINEAR


def test_carry_folds_each_agency_name_a_bounded_number_of_times() -> None:
    # the scans folded the name of every candidate for every agency: n² folds
    counts = []
    for n in (200, 400):
        ds = merged_units(n)
        with counting(carry, "fold") as calls:
            carry_2026(ds)
        counts.append(calls[0])
    assert 0 < counts[0] <= 4 * 2 * 200  # a few per agency, not one per pair
    assert counts[1] <= LINEAR * counts[0]


def merger_chain(n: int) -> QmsDataset:
    """Agency a0 merged into a1, a1 into a2, ... a(n-1) carries on."""
    agencies = tuple(
        Agency(
            id=f"a{i}",
            name=f"A{i}",
            kind=AgencyKind.PROVINCIAL_DEPARTMENT,
            valid_from=D(1990, 1, 1),
        )
        for i in range(n)
    )
    events = tuple(
        AgencyEvent(
            id=f"e{i}",
            agency_id=f"a{i}",
            kind=AgencyEventKind.MERGED_INTO,
            date=D(2000, 1, 1) + dt.timedelta(days=i),
            successor_ids=(f"a{i + 1}",),
        )
        for i in range(n - 1)
    )
    return QmsDataset(agencies=agencies, agency_events=events)


def chain_report_size(ds: QmsDataset) -> int:
    """Agencies plus the steps their fates list: a0's fate lists the n - 1 mergers to the end."""
    _, report = carry_2026(ds)
    return sum(1 + len(fate.steps) for fate in report.fates)


def test_carry_over_a_merger_chain_is_linear_in_its_report() -> None:
    # each fate lists every merger from its agency to the end of the chain, so the report itself
    # holds n²/2 steps; the work per agency and step listed must not grow with the chain (a
    # walk of the rest of the chain for each of its steps would double it, and recursion failed)
    assert chain_report_size(merger_chain(3)) == 3 + 2 + 1 + 0
    carry_2026(merger_chain(10))
    per_item = []
    for ds in (merger_chain(150), merger_chain(300)):
        per_item.append(library_steps(partial(carry_2026, ds)) / chain_report_size(ds))
    assert per_item[1] <= 1.1 * per_item[0]


def absorbed_with_qms(n: int) -> QmsDataset:
    """n agencies each merged into its own absorber; every agency has a QMS and an announcement.

    Each absorbed QMS is linked into its absorber's, whose first announcement on or after the
    merger is looked up: one lookup per QMS, among n announcements.
    """
    agencies, events, qms, announcements = [], [], [], []
    for i in range(n):
        for who in (f"x{i}", f"y{i}"):
            agencies.append(
                Agency(
                    id=who,
                    name=who,
                    kind=AgencyKind.PROVINCIAL_DEPARTMENT,
                    valid_from=D(2010, 1, 1),
                )
            )
            qms.append(QmsUnit(id=f"q-{who}", name=who, owner_agency_id=who, agency_ids=(who,)))
            announcements.append(
                Announcement(
                    id=f"cb-{who}",
                    qms_id=f"q-{who}",
                    date=D(2024, 3, 1),
                    standard=StandardVersion.ISO9001_2015,
                )
            )
        events.append(
            AgencyEvent(
                id=f"e{i}",
                agency_id=f"x{i}",
                kind=AgencyEventKind.MERGED_INTO,
                date=D(2024, 1, 1),
                successor_ids=(f"y{i}",),
            )
        )
    return QmsDataset(
        agencies=tuple(agencies),
        agency_events=tuple(events),
        qms_units=tuple(qms),
        announcements=tuple(announcements),
    )


def test_absorbed_qms_units_are_linked_to_their_absorbers_announcement() -> None:
    _, report = carry_2026(absorbed_with_qms(2))
    linked = {q.qms_id: (q.action.value, q.into_qms_id, q.reannounced_on) for q in report.qms}
    assert linked["q-x0"] == ("linked", "q-y0", D(2024, 3, 1))
    assert linked["q-x1"] == ("linked", "q-y1", D(2024, 3, 1))


def test_carry_of_qms_units_is_linear_in_announcements() -> None:
    # each linked QMS's announcement was found by scanning every announcement of the dataset
    assert growth(absorbed_with_qms, carry_2026, 200) <= LINEAR


# --- evaluation ----------------------------------------------------------------------------------


def one_update_per_procedure(n: int) -> QmsDataset:
    """n procedures published on 01/03/2023, each shown by its own list update the next day."""
    tthc = tuple(
        Tthc(id=f"t{i}", code=f"1.{i:06d}", name="T", published_on=D(2023, 3, 1), agency_ids=("a",))
        for i in range(n)
    )
    updates = tuple(
        TthcListUpdate(id=f"u{i}", province_id="p", date=D(2023, 3, 2), tthc_codes=(f"1.{i:06d}",))
        for i in range(n)
    )
    return QmsDataset(
        admin_units=(AdministrativeUnit(id="p", name="P", level=AdminUnitLevel.PROVINCE),),
        agencies=(
            Agency(id="a", name="A", kind=AgencyKind.PROVINCIAL_DEPARTMENT, admin_unit_id="p"),
        ),
        tthc=tthc,
        tthc_list_updates=updates,
    )


def list_rule(ds: QmsDataset) -> Evaluation:
    return evaluate(ds, as_of=D(2023, 12, 31), rule_ids=("tthc_list_updated",))


def test_every_procedure_shown_by_its_own_update_meets_the_list_rule() -> None:
    (result,) = list_rule(one_update_per_procedure(5)).results
    assert result.status.value == "met"


def test_the_list_update_rule_is_linear_in_updates() -> None:
    # the update showing each change was found by scanning the province's updates
    assert growth(one_update_per_procedure, list_rule, 400) <= LINEAR


def succeeded_units(n: int) -> QmsDataset:
    """n provinces ended on 31/12/2024, each succeeded by its own new province."""
    old = [
        AdministrativeUnit(
            id=f"u{i}",
            name="U",
            level=AdminUnitLevel.PROVINCE,
            valid_to=D(2024, 12, 31),
            successor_ids=(f"v{i}",),
        )
        for i in range(n)
    ]
    new = [
        AdministrativeUnit(
            id=f"v{i}", name="V", level=AdminUnitLevel.PROVINCE, valid_from=D(2025, 1, 1)
        )
        for i in range(n)
    ]
    return QmsDataset(admin_units=(*old, *new))


def every_predecessor(ds: QmsDataset) -> list[tuple[str, ...]]:
    ctx = make_context(ds, as_of=D(2025, 12, 31))
    return [
        tuple(u.id for u in ctx.predecessors_of(f"v{i}")) for i in range(len(ds.admin_units) // 2)
    ]


def test_each_new_unit_has_its_own_predecessor() -> None:
    assert every_predecessor(succeeded_units(3)) == [("u0",), ("u1",), ("u2",)]


def test_predecessor_lookups_are_linear_in_units() -> None:
    # each question scanned every administrative unit for the one naming it a successor
    assert growth(succeeded_units, every_predecessor, 400) <= LINEAR


# --- the measure itself --------------------------------------------------------------------------


def _pairs(items: list[int]) -> int:
    return sum(1 for a in items for b in items if a == b)


def _once(items: list[int]) -> int:
    return sum(1 for _ in items)


@pytest.mark.parametrize(("work", "quadratic"), [(_once, False), (_pairs, True)])
def test_the_step_count_tells_quadratic_from_linear(
    monkeypatch: pytest.MonkeyPatch, work: Callable[[list[int]], int], quadratic: bool
) -> None:
    # the same measure on code known to be linear or quadratic, traced as library code
    monkeypatch.setattr(sys.modules[__name__], "LIBRARY", str(Path(__file__).resolve().parent))
    ratio = growth(lambda n: list(range(n)), work, 200)
    assert (ratio > 3.5) if quadratic else (ratio <= LINEAR)
