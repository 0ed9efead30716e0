"""The official calendar for civil servants, 2014-2026: a cited table the library owns.

Every statutory public holiday (Labour Code 2012 Art. 115.1 until 2020, Labour Code 2019 Art.
112.1 from 2021; Tết and the Hùng Kings' day resolved from the lunar calendar to solar dates),
every compensatory day off (a holiday on a weekly rest day: 2012 Art. 115.3, 2019 Art. 111.3),
every swapped day off and every make-up working day (the Government's yearly notices), each row
with the text that set it. The rows live in `_internal/data/official_days.tsv`, generated and
cross-checked by `scripts/official_days.py` (the only user of the `holidays` package, a dev
dependency); evaluation reads this table and never imports `holidays`.

A year outside `FIRST_YEAR`-`LAST_YEAR` is not covered: the calendar then knows only the
weekends and the fixed-date statutory holidays, and the evaluation says so
(`Evaluation.calendar_gaps`).
"""

from __future__ import annotations

import datetime as dt
import pkgutil
from dataclasses import dataclass
from functools import cache

from vn_iso_qms._internal.vocab_base import LabelledEnum

FIRST_YEAR = 2014
"""First year the table covers (QĐ 19/2014/QĐ-TTg is in force from 18/05/2014)."""
LAST_YEAR = 2026
"""Last year the table covers; add the next year's notices as the Government issues them."""


class DayKind(
    LabelledEnum,
    source="BLLĐ 2012 Art. 115; BLLĐ 2019 Art. 111.3, 112; the Government's yearly day-off notices",
):
    """What an official day is: a day off (holiday, compensatory, swapped) or a day worked."""

    STATUTORY = "statutory", "Ngày nghỉ lễ, tết", "Public holiday"
    """A public holiday of the Labour Code (for Tết, the days the yearly notice places)."""
    COMPENSATORY = "compensatory", "Ngày nghỉ bù", "Compensatory day off"
    """The next working day off for a holiday on a weekly rest day."""
    DAY_OFF = "day_off", "Ngày nghỉ hoán đổi", "Swapped day off"
    """A working day off, swapped with a make-up working day (the yearly notice)."""
    WORKING_DAY = "working_day", "Ngày làm bù", "Make-up working day"
    """A weekend day worked, in exchange for a swapped day off (the yearly notice)."""

    @property
    def is_day_off(self) -> bool:
        """Whether civil servants do not work on a day of this kind."""
        return self is not DayKind.WORKING_DAY


@dataclass(frozen=True, slots=True)
class OfficialDay:
    """One row of the official calendar.

    Examples:
        >>> day = official_day(dt.date(2026, 1, 2))
        >>> day.kind.value, day.source
        ('day_off', 'Văn bản 12729/VPCP-KGVX of 25/12/2025 (New Year 2026) [S]')
    """

    day: dt.date
    """The day."""
    kind: DayKind
    """Holiday, compensatory day off, swapped day off, or make-up working day."""
    name_vi: str
    """What it is, in Vietnamese (lunar dates named for Tết and the Hùng Kings' day)."""
    name_en: str
    """What it is, in English."""
    source: str
    """The text that set it: an article of the Labour Code, or the year's notice ([S]: read
    through a secondary source; [U]: the notice's number was not identified)."""


@cache
def official_days() -> tuple[OfficialDay, ...]:
    """Every row of the table, by date (read once from the package's data)."""
    # the loader's own `get_data` (files or a zip): `importlib.resources` would import its
    # readers on first use, a few milliseconds of every process's first evaluation (issue 28)
    data = pkgutil.get_data("vn_iso_qms", "_internal/data/official_days.tsv")
    assert data is not None  # the package's own data, present in every install
    text = data.decode("utf-8")
    rows: list[OfficialDay] = []
    for line in text.splitlines()[1:]:
        day, kind, name_vi, name_en, source = line.split("\t")
        rows.append(
            OfficialDay(dt.date.fromisoformat(day), DayKind(kind), name_vi, name_en, source)
        )
    return tuple(rows)


@cache
def _by_day() -> dict[dt.date, OfficialDay]:
    return {row.day: row for row in official_days()}


def official_day(day: dt.date) -> OfficialDay | None:
    """The table's row for `day`, or None (an ordinary day, or a year not covered)."""
    return _by_day().get(day)


def covers(year: int) -> bool:
    """Whether the table holds the official days of `year`."""
    return FIRST_YEAR <= year <= LAST_YEAR


_FIXED = ((1, 1), (4, 30), (5, 1), (9, 2))
"""The statutory holidays on fixed solar dates (BLLĐ 2019 Art. 112.1: 1/1, 30/4, 1/5, 2/9)."""


@cache
def days_of(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """The days off of `year` (weekdays and weekend days alike) and its weekend days worked.

    A covered year: the table's rows. Any other year: the fixed-date statutory holidays and,
    for one on a weekend, the next working day not already off (BLLĐ 2019 Art. 111.3); Tết, the Hùng Kings' day, the
    second National Day and the year's swaps are unknown there (`covers` is False).
    """
    if covers(year):
        rows = [r for r in official_days() if r.day.year == year]
        return (
            frozenset(r.day for r in rows if r.kind.is_day_off),
            frozenset(r.day for r in rows if not r.kind.is_day_off),
        )
    off = {dt.date(year, month, day) for month, day in _FIXED}
    for holiday in sorted(off):
        if holiday.weekday() < 5:
            continue
        compensatory = holiday + dt.timedelta(days=1)
        while compensatory.weekday() >= 5 or compensatory in off:
            compensatory += dt.timedelta(days=1)
        off.add(compensatory)
    return frozenset(off), frozenset()
