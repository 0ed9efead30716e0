"""Day arithmetic that never leaves the calendar: the one place dates are shifted by days."""

from __future__ import annotations

import datetime as dt

__all__ = ["add_days"]


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
