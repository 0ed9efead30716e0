"""The official calendar the deadlines use: a cited table the library owns (2014-2026).

Civil Code 2015 Art. 148.5: a time limit whose last day is a weekly rest day or a public holiday
ends at the end of the next working day. Public holidays are the Labour Code's (2012 Art. 115.1,
2019 Art. 112.1) with its compensatory days (2012 Art. 115.3, 2019 Art. 111.3), and the
Government's yearly notices swap days for civil servants. Expected dates are read from the
notices and the statute, not from the table.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from vn_iso_qms._internal.evaluation.calendar import WorkingCalendar, add_months
from vn_iso_qms._internal.evaluation.official_days import (
    FIRST_YEAR,
    LAST_YEAR,
    DayKind,
    official_day,
    official_days,
)

D = dt.date


def test_the_2026_new_year_deadline_moves_to_monday_05_01_blds_art148_5() -> None:
    # Văn bản 12729/VPCP-KGVX of 25/12/2025: Fri 02/01/2026 off, Sat 10/01/2026 worked; 03-04/01
    # a weekend, so a time limit ending on 02/01/2026 ends on Monday 05/01/2026
    deadline = WorkingCalendar().time_limit(D(2025, 12, 2), months=1)
    assert (deadline.nominal, deadline.due) == (D(2026, 1, 2), D(2026, 1, 5))
    assert WorkingCalendar().is_working_day(D(2026, 1, 10))  # the make-up Saturday
    row = official_day(D(2026, 1, 2))
    assert row is not None
    assert row.kind is DayKind.DAY_OFF
    assert "12729/VPCP-KGVX" in row.source


def test_24_11_2026_is_a_working_day_no_enacted_text() -> None:
    # Labour Code 2019 Art. 112.1 lists no 24/11; no enacted amendment found (Resolution
    # 80-NQ/TW is a Party decision): Tuesday 24/11/2026 is a working day
    assert official_day(D(2026, 11, 24)) is None
    assert WorkingCalendar().is_working_day(D(2026, 11, 24))


# (year, days off on weekdays, weekend days worked), read from the Labour Code and the notices
YEARS = {
    2014: (
        {
            "01-01",
            "01-29",
            "01-30",
            "01-31",
            "02-03",
            "02-04",
            "04-09",
            "04-30",
            "05-01",
            "05-02",
            "09-01",
            "09-02",
        },
        {"04-26", "09-06", "12-27"},
    ),
    2015: (
        {
            "01-01",
            "01-02",
            "02-16",
            "02-17",
            "02-18",
            "02-19",
            "02-20",
            "02-23",
            "04-28",
            "04-29",
            "04-30",
            "05-01",
            "09-02",
        },
        {"02-14", "04-25"},
    ),
    2016: (
        {"01-01", "02-08", "02-09", "02-10", "02-11", "02-12", "04-18", "05-02", "05-03", "09-02"},
        set(),
    ),
    2017: (
        {"01-02", "01-26", "01-27", "01-30", "01-31", "02-01", "04-06", "05-01", "05-02", "09-04"},
        set(),
    ),
    2018: (
        {
            "01-01",
            "02-14",
            "02-15",
            "02-16",
            "02-19",
            "02-20",
            "04-25",
            "04-30",
            "05-01",
            "09-03",
            "12-31",
        },
        set(),
    ),
    2019: (
        {
            "01-01",
            "02-04",
            "02-05",
            "02-06",
            "02-07",
            "02-08",
            "04-15",
            "04-29",
            "04-30",
            "05-01",
            "09-02",
        },
        {"01-05", "05-04"},
    ),
    2020: (
        {"01-01", "01-23", "01-24", "01-27", "01-28", "01-29", "04-02", "04-30", "05-01", "09-02"},
        set(),
    ),
    2021: (
        {
            "01-01",
            "02-10",
            "02-11",
            "02-12",
            "02-15",
            "02-16",
            "04-21",
            "04-30",
            "05-03",
            "09-02",
            "09-03",
        },
        set(),
    ),
    2022: (
        {
            "01-03",
            "01-31",
            "02-01",
            "02-02",
            "02-03",
            "02-04",
            "04-11",
            "05-02",
            "05-03",
            "09-01",
            "09-02",
        },
        set(),
    ),
    2023: (
        {
            "01-02",
            "01-20",
            "01-23",
            "01-24",
            "01-25",
            "01-26",
            "05-01",
            "05-02",
            "05-03",
            "09-01",
            "09-04",
        },
        set(),
    ),
    2024: (
        {
            "01-01",
            "02-08",
            "02-09",
            "02-12",
            "02-13",
            "02-14",
            "04-18",
            "04-29",
            "04-30",
            "05-01",
            "09-02",
            "09-03",
        },
        {"05-04"},
    ),
    2025: (
        {
            "01-01",
            "01-27",
            "01-28",
            "01-29",
            "01-30",
            "01-31",
            "04-07",
            "04-30",
            "05-01",
            "05-02",
            "09-01",
            "09-02",
        },
        {"04-26"},
    ),
    2026: (
        {
            "01-01",
            "01-02",
            "02-16",
            "02-17",
            "02-18",
            "02-19",
            "02-20",
            "04-27",
            "04-30",
            "05-01",
            "08-31",
            "09-01",
            "09-02",
        },
        {"01-10", "08-22"},
    ),
}


@pytest.mark.parametrize("year", sorted(YEARS))
def test_each_years_days_off_and_days_worked(year: int) -> None:
    off, worked = YEARS[year]
    cal = WorkingCalendar()
    days = [D(year, 1, 1) + dt.timedelta(days=i) for i in range(366)]
    days = [d for d in days if d.year == year]
    weekday_off = {f"{d:%m-%d}" for d in days if d.weekday() < 5 and not cal.is_working_day(d)}
    weekend_worked = {f"{d:%m-%d}" for d in days if d.weekday() >= 5 and cal.is_working_day(d)}
    # 27/12/2014 is worked for 02/01/2015 (the 2015 notice): counted in 2014's weekend set
    assert (weekday_off, weekend_worked) == (off, worked)
    assert cal.uncovered_years() == ()


def test_every_row_names_its_source() -> None:
    rows = official_days()
    assert {r.day.year for r in rows} == set(range(FIRST_YEAR, LAST_YEAR + 1))
    for row in rows:
        assert row.source.startswith(
            (
                "BLLĐ 2012",
                "BLLĐ 2019",
                "Thông báo",
                "Công văn",
                "Văn bản",
                "Văn phòng",
                "the Government",
            )
        ), row
        if row.kind in (DayKind.DAY_OFF, DayKind.WORKING_DAY):
            assert not row.source.startswith("BLLĐ"), row  # swaps come from a notice
    assert [r.day for r in rows] == sorted(r.day for r in rows)


def test_a_year_the_table_does_not_cover_is_said_in_the_result() -> None:
    from tests import factories as f
    from vn_iso_qms import LegalChange, evaluate

    cal = WorkingCalendar()
    # 2027: 30/04 a Friday, 01/05 a Saturday -> Monday 03/05 off (BLLĐ 2019 Art. 111.3)
    assert cal.add_working_days(D(2027, 4, 29), 1) == D(2027, 5, 4)
    assert cal.uncovered_years() == (2027,)
    covered = evaluate(f.complete_dataset(), as_of=D(2023, 12, 31))
    assert covered.calendar_gaps == ()
    # a legal change in force 30/01/2027: its QMS update is due 3 months later (QĐ 19 Art.
    # 4.4.a), a day of 2027, which the table does not hold: the result says so
    change = LegalChange(
        id="lc",
        document_number="01/2027/TT-BTP",
        title="Sửa đổi",
        effective_on=D(2027, 1, 30),
        affected_tthc=("1.000001",),
    )
    later = evaluate(f.complete_dataset(change), as_of=D(2027, 12, 31), year=2027)
    assert later.calendar_gaps == (2027,)


def test_the_province_report_says_which_years_the_calendar_does_not_hold() -> None:
    # issue 24 item 4, "never silently": the report of 2027 (a year the table does not hold)
    # says so next to its period, in every rendering that prints the period line; 2023 does not
    from tests import factories as f
    from vn_iso_qms import LegalChange
    from vn_iso_qms.reports import province_report, render_markdown

    change = LegalChange(
        id="lc",
        document_number="01/2027/TT-BTP",
        title="Sửa đổi",
        effective_on=D(2027, 1, 30),
        affected_tthc=("1.000001",),
    )
    ds = f.complete_dataset(change)
    province_id = f.province().id
    later = province_report(ds, province_id=province_id, year=2027, as_of=D(2027, 12, 31))
    assert later.calendar_gaps == (2027,)
    assert "Lịch nghỉ chính thức của thư viện chưa có năm 2027" in render_markdown(later)
    assert "official calendar does not hold 2027" in render_markdown(later, lang="en")
    covered = province_report(ds, province_id=province_id, year=2023, as_of=D(2023, 12, 31))
    assert covered.calendar_gaps == ()
    assert "Lịch nghỉ chính thức" not in render_markdown(covered)


def test_evaluation_never_imports_holidays() -> None:
    code = (
        "import sys, datetime as dt\n"
        "from vn_iso_qms import demo_dataset, evaluate\n"
        "ev = evaluate(demo_dataset(), as_of=dt.date(2023, 12, 31))\n"
        "from vn_iso_qms._internal.evaluation.calendar import WorkingCalendar\n"
        "WorkingCalendar().time_limit(dt.date(2025, 12, 2), months=1)\n"
        "assert not any(m == 'holidays' or m.startswith('holidays.') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@settings(max_examples=500, deadline=None)
@given(
    st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31)),
    st.integers(min_value=-120_000, max_value=120_000),
)
def test_months_are_added_as_the_civil_code_counts_them_blds_art148(
    day: dt.date, months: int
) -> None:
    # Civil Code 2015 Art. 148: a period in months ends on the corresponding day of the last
    # month, or on that month's last day when it has none. dateutil's relativedelta (RFC 5545
    # arithmetic, the library's reading before issue 28) is the independent oracle; beyond the
    # calendar's ends the result saturates at 01/01/0001 and 31/12/9999.
    try:
        expected = day + relativedelta(months=months)
    except (OverflowError, ValueError):
        expected = D.max if months > 0 else D.min
    assert add_months(day, months) == expected


def test_month_ends_and_leap_days_blds_art148() -> None:
    # the corresponding day, else the last day of that month (Art. 148)
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2023, 8, 31), -2) == D(2023, 6, 30)
    assert add_months(D(2023, 11, 30), 3) == D(2024, 2, 29)
    assert add_months(D(2023, 5, 15), 0) == D(2023, 5, 15)
    assert add_months(D(9999, 12, 31), 1) == D.max
    assert add_months(D(1, 1, 1), -1) == D.min
