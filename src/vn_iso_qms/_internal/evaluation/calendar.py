"""Date arithmetic for deadlines: months by `relativedelta`, working days by `holidays`.

Boundary convention, stated once: every period and every deadline is **inclusive**. A duty "within
3 months of D" is met by a date on or before `add_months(D, 3)`; a period runs from its first to
its last day, both included. An evaluation `as_of` a day sees the end of that day: records dated
on it count, and a duty due on it and not done is overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

from dateutil.relativedelta import relativedelta


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
    try:
        result: dt.date = day + relativedelta(months=months)
    except (OverflowError, ValueError):  # past year 9999 or before year 1
        return dt.date.max if months > 0 else dt.date.min
    return result


def add_days(day: dt.date, days: int) -> dt.date:
    """`day` plus `days` days, saturating at 31/12/9999 and 01/01/0001.

    Examples:
        >>> add_days(dt.date(9999, 12, 30), 30)
        datetime.date(9999, 12, 31)
    """
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


@lru_cache(maxsize=64)
def _vn_holidays(year: int) -> frozenset[dt.date]:
    import holidays  # loaded on first use: it is large and most evaluations never need it

    return frozenset(holidays.country_holidays("VN", years=year))


class WorkingCalendar:
    """Vietnamese working days: Monday-Friday minus public holidays, plus a province's swaps.

    Public holidays come from the `holidays` package (Vietnam). Provinces and the government
    swap days around Tết and 2/9 each year; pass those as `extra_holidays` (days off) and
    `extra_working_days` (weekend days worked).

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

    def is_working_day(self, day: dt.date) -> bool:
        """Whether civil servants work on `day`."""
        if day in self.extra_working_days:
            return True
        if day in self.extra_holidays or day.weekday() >= 5:
            return False
        return day not in _vn_holidays(day.year)

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
