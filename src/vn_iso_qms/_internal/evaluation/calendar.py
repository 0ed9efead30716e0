"""Date arithmetic for deadlines: time limits by the Civil Code 2015, working days by the official calendar.

Boundary convention, stated once: every period and every deadline is **inclusive**. A duty "within
3 months of D" is met by a date on or before its last day; a period runs from its first to its last
day, both included. An evaluation `as_of` a day sees the end of that day: records dated on it
count, and a duty due on it and not done is overdue.

Time limits follow the Civil Code 2015 (Bộ luật Dân sự 2015), Art. 144-148: the day of the event
is not counted (Art. 147); a period in months ends on the corresponding day of the last month, or
that month's last day when it has none (Art. 148); and when the last day is a weekly rest day or a
public holiday, the period ends at the end of the next working day (Art. 148.5). Public holidays
and the swapped and compensatory days the Government announces each year come from the library's
official calendar (`official_days`: days off such as 02/05/2025 and 02/01/2026, Saturdays worked
such as 26/04/2025 and 10/01/2026, each with its source, 2014-2026); a policy adds a province's
own (`extra_holidays`, `extra_working_days`). A day in a year the table does not cover is judged
by the weekends and the fixed-date holidays only, and the calendar records the year
(`WorkingCalendar.uncovered_years`) so that the evaluation can say so.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from vn_iso_qms._internal.calendar_days import add_days as add_days  # noqa: PLC0414 - re-exported
from vn_iso_qms._internal.evaluation.official_days import covers, days_of


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus `months` calendar months, clamped to the month's end.

    Saturates at the calendar's ends: a result after 31/12/9999 is 31/12/9999 (and before
    01/01/0001 is 01/01/0001), so a "no end" date such as 31/12/9999 never raises.

    Examples:
        >>> add_months(dt.date(2023, 1, 31), 1)
        datetime.date(2023, 2, 28)
        >>> add_months(dt.date(2024, 2, 29), 12)
        datetime.date(2025, 2, 28)
        >>> add_months(dt.date(9999, 12, 31), 3)
        datetime.date(9999, 12, 31)
    """
    if months == 0:
        return day
    # as dateutil's `relativedelta(months=...)` adds months (tests/legal/test_official_calendar.py holds
    # the two equal), a fifth of its time: deadlines are computed thousands of times an evaluation
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    if year > dt.MAXYEAR:
        return dt.date.max
    if year < dt.MINYEAR:
        return dt.date.min
    month = month0 + 1
    last = _DAYS_IN_MONTH[month] if month != 2 or not calendar.isleap(year) else 29
    return dt.date(year, month, min(day.day, last))


_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
"""Days in each month of a common year (index 1-12)."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """The last day of a time limit (Civil Code 2015 Art. 144-148).

    Examples:
        >>> cal = WorkingCalendar()
        >>> d = cal.time_limit(dt.date(2025, 1, 30), months=3)  # 30/04 and 01-02/05 off, 03-04/05 weekend
        >>> d.nominal, d.due, d.moved
        (datetime.date(2025, 4, 30), datetime.date(2025, 5, 5), True)
    """

    nominal: dt.date
    """The period's last day by its length (Art. 147-148.4)."""
    due: dt.date
    """The day the limit ends: `nominal`, or the next working day when that is a day off
    (Art. 148.5)."""

    @property
    def moved(self) -> bool:
        """Whether the last day fell on a day off and moved to the next working day."""
        return self.due != self.nominal

    @property
    def moved_from(self) -> dt.date | None:
        """The day off the limit moved from, or None."""
        return self.nominal if self.moved else None


class WorkingCalendar:
    """Vietnamese working days: Monday-Friday minus public holidays, plus a province's swaps.

    Public holidays, compensatory days and the Government's swapped days come from the official
    calendar (`official_days`, 2014-2026). A province's own swaps are `extra_holidays` (days
    off) and `extra_working_days` (weekend days worked). `uncovered_years` lists the years it
    was asked about that the table does not cover.

    Examples:
        >>> cal = WorkingCalendar()
        >>> cal.add_working_days(dt.date(2023, 8, 31), 1)  # 1-2/9/2023 are holidays, 3/9 Sunday
        datetime.date(2023, 9, 5)
    """

    def __init__(
        self,
        extra_holidays: Iterable[dt.date] = (),
        extra_working_days: Iterable[dt.date] = (),
    ) -> None:
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_working_days = frozenset(extra_working_days)
        self._limits: dict[tuple[dt.date, int, int], Deadline] = {}
        self._uncovered: set[int] = set()

    def is_working_day(self, day: dt.date) -> bool:
        """Whether civil servants work on `day`."""
        if day in self.extra_working_days:
            return True
        if day in self.extra_holidays:
            return False
        if not covers(day.year):
            self._uncovered.add(day.year)
        days_off, weekend_worked = days_of(day.year)
        if day.weekday() >= 5:
            return day in weekend_worked
        return day not in days_off

    def uncovered_years(self) -> tuple[int, ...]:
        """The years this calendar judged a day of without the official table (sorted).

        Their deadlines count only the weekends and the fixed-date statutory holidays: Tết, the
        Hùng Kings' day and the Government's swaps of those years are not known to the library.
        """
        return tuple(sorted(self._uncovered))

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` when it is a working day, else the first working day after it (saturating)."""
        current = day
        while not self.is_working_day(current) and current != dt.date.max:
            current += dt.timedelta(days=1)
        return current

    def time_limit(self, event: dt.date, *, months: int = 0, days: int = 0) -> Deadline:
        """The time limit of `months` and `days` counted from the day after `event`.

        Civil Code 2015 Art. 147 (the event's day is not counted), Art. 148 (months end on the
        corresponding day, or the month's last day), Art. 148.5 (a last day that is a weekly
        rest day or a public holiday moves to the next working day).
        """
        key = (event, months, days)
        found = self._limits.get(key)  # many units share an event (a law's effective day)
        if found is None:
            nominal = add_days(add_months(event, months), days)
            found = self._limits[key] = Deadline(
                nominal=nominal, due=self.next_working_day(nominal)
            )
        return found

    def add_working_days(self, day: dt.date, days: int) -> dt.date:
        """The date `days` working days after `day` (`day` itself is not counted).

        Saturates at 31/12/9999: a deadline the calendar cannot reach is its last day.
        """
        current = day
        remaining = days
        while remaining > 0:
            if current == dt.date.max:
                return current
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current
