"""Generate or cross-check the official calendar table (`_internal/data/official_days.tsv`).

The library's working days come from a table it owns: every statutory holiday, compensatory day
off, swapped day off and make-up working day for civil servants from 2014 to 2026, each with the
text that set it. This script is the only place the `holidays` package is used (a dev
dependency): it drafts the rows from `holidays` (Vietnam), applies the corrections the official
notices require, and attaches each row's source. The evaluation never imports `holidays`.

    python scripts/official_days.py           # rewrite the table
    python scripts/official_days.py --check   # exit 1 when the committed table differs

Corrections to `holidays` 0.109 (law.md, second review of 07/12/2026):
- 2026 New Year: Fri 02/01/2026 off, Sat 10/01/2026 worked (Văn bản 12729/VPCP-KGVX of
  25/12/2025), which `holidays` lacks;
- 24/11/2026 (Vietnam Culture Day) left out: `holidays` lists it from the Politburo's
  Resolution 80-NQ/TW, a Party decision; no enacted amendment of the Labour Code 2019 Art. 112
  making it a public holiday was found.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src" / "vn_iso_qms" / "_internal" / "data" / "official_days.tsv"
FIRST, LAST = 2014, 2026

# The notice (or decision) that set each year's Tết days, second National Day and swaps, as
# found; "[S]" a secondary source (press, a legal database's summary), "[U]" not identified.
NOTICES: dict[int, str] = {
    2014: "the Government's day-off notice for 2014 (Bộ LĐTBXH; number not identified) [U]",
    2015: "the Government's day-off notice for 2015 (Bộ LĐTBXH; number not identified) [U]",
    2016: "the Government's day-off notice for 2016 (Bộ LĐTBXH; number not identified) [U]",
    2017: "Thông báo of Bộ LĐTBXH on the 2017 holidays (number not identified) [S]",
    2018: "Văn phòng Chính phủ notice of the Prime Minister's decision on the 2018 holidays "
    "(number not identified) [S]",
    2019: "Công văn 6519/VPCP-KGVX (2018) on the 2019 holidays [S]",
    2020: "Thông báo of Bộ LĐTBXH on Tết 2020 (number not identified) [S]",
    2021: "the Government's day-off notice for 2021 (Bộ LĐTBXH; number not identified) [U]",
    2022: "the Government's day-off notice for 2022 (Bộ LĐTBXH; number not identified) [U]",
    2023: "the Government's day-off notice for 2023 (Bộ LĐTBXH; number not identified) [U]",
    2024: "the Government's day-off notice for 2024 (Bộ LĐTBXH); the 29/04 swap: Công văn "
    "2450/VPCP-KGVX (2024) [S]",
    2025: "Thông báo 6150/TB-BLĐTBXH (2024) on Tết and National Day 2025; the 02/05 swap: "
    "Văn phòng Chính phủ (number not identified) [S]",
    2026: "Thông báo 9441/TB-BNV of 16/10/2025 on Tết and National Day 2026 [S]",
}
NEW_YEAR_2026 = "Văn bản 12729/VPCP-KGVX of 25/12/2025 (New Year 2026) [S]"


def _code(year: int) -> tuple[str, str, str]:
    """(holidays article, compensatory-day article, yearly-decision article) of the year."""
    if year <= 2020:
        return "BLLĐ 2012 Art. 115.1", "BLLĐ 2012 Art. 115.3", "BLLĐ 2012 Art. 115.1"
    return "BLLĐ 2019 Art. 112.1", "BLLĐ 2019 Art. 111.3", "BLLĐ 2019 Art. 112.3"


Row = tuple[dt.date, str, str, str, str]  # day, kind, name_vi, name_en, source

_LUNAR = {
    "Lunar New Year's Eve": "30 tháng Chạp",
    "Lunar New Year": "mùng 1 tháng Giêng",
    "Second Day of Lunar New Year": "mùng 2 tháng Giêng",
    "Third Day of Lunar New Year": "mùng 3 tháng Giêng",
    "Fourth Day of Lunar New Year": "mùng 4 tháng Giêng",
    "Fifth Day of Lunar New Year": "mùng 5 tháng Giêng",
    "Sixth Day of Lunar New Year": "mùng 6 tháng Giêng",
    "29 of Lunar New Year": "29 tháng Chạp",
}


def draft() -> list[Row]:
    """The rows, from `holidays` 0.109 with the corrections of the module docstring."""
    import holidays  # only here, never on the evaluation path

    rows: list[Row] = []
    for year in range(FIRST, LAST + 1):
        en = holidays.country_holidays("VN", years=year, language="en_US")
        vi = holidays.country_holidays("VN", years=year, language="vi")
        statute, compensatory, decided = _code(year)
        for day in sorted(en):
            name_en, name_vi = en[day], vi[day]
            notice = NOTICES[year]
            if day == dt.date(2026, 11, 24):
                continue  # no enacted text (see the module docstring)
            if "substituted" in name_en:
                worked = re.search(r"(\d\d)/(\d\d)/(\d{4})", name_en)
                assert worked is not None
                made_up = dt.date(int(worked[3]), int(worked[1]), int(worked[2]))
                notice = NOTICES[max(day.year, made_up.year)]  # 31/12/2018: a 2019 swap
                rows.append(
                    (
                        day,
                        "day_off",
                        f"Ngày nghỉ hoán đổi (làm bù ngày {made_up:%d/%m/%Y})",
                        f"Swapped day off (worked on {made_up:%d/%m/%Y})",
                        notice,
                    )
                )
                rows.append(
                    (
                        made_up,
                        "working_day",
                        f"Ngày làm bù (cho ngày nghỉ {day:%d/%m/%Y})",
                        f"Make-up working day (for {day:%d/%m/%Y})",
                        notice,
                    )
                )
            elif "Lunar New Year" in name_en:
                lunar = _LUNAR[name_en.removesuffix(" (observed)")]
                rows.append(
                    (
                        day,
                        "statutory",
                        f"Tết Âm lịch ({lunar})",
                        name_en.removesuffix(" (observed)"),
                        f"{statute} (Tết, 5 days); the days: {notice}",
                    )
                )
            elif "(observed)" in name_en:
                rows.append(
                    (
                        day,
                        "compensatory",
                        f"Nghỉ bù {name_vi.removesuffix(' (nghỉ bù)')}",
                        f"Compensatory day off: {name_en.removesuffix(' (observed)')}",
                        compensatory,
                    )
                )
            elif "Hung Kings" in name_en:
                rows.append(
                    (
                        day,
                        "statutory",
                        "Giỗ Tổ Hùng Vương (10 tháng Ba âm lịch)",
                        "Hùng Kings' Commemoration Day (10th day of the 3rd lunar month)",
                        statute,
                    )
                )
            elif "National Day" in name_en and day.day != 2:
                rows.append(
                    (
                        day,
                        "statutory",
                        "Quốc khánh (ngày liền kề)",
                        "National Day (the day before or after)",
                        f"{decided}; the day: {notice}",
                    )
                )
            else:
                rows.append((day, "statutory", name_vi, name_en, statute))
    rows.append(
        (
            dt.date(2026, 1, 2),
            "day_off",
            "Ngày nghỉ hoán đổi (làm bù ngày 10/01/2026)",
            "Swapped day off (worked on 10/01/2026)",
            NEW_YEAR_2026,
        )
    )
    rows.append(
        (
            dt.date(2026, 1, 10),
            "working_day",
            "Ngày làm bù (cho ngày nghỉ 02/01/2026)",
            "Make-up working day (for 02/01/2026)",
            NEW_YEAR_2026,
        )
    )
    return sorted(set(rows))


HEADER = "day\tkind\tname_vi\tname_en\tsource"


def render(rows: list[Row]) -> str:
    """The table's text: a header, then one tab-separated row per day, by date."""
    lines = [HEADER]
    for day, kind, name_vi, name_en, source in rows:
        assert "\t" not in name_vi + name_en + source
        lines.append(f"{day.isoformat()}\t{kind}\t{name_vi}\t{name_en}\t{source}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    text = render(draft())
    if args.check:
        current = TARGET.read_text(encoding="utf-8")
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} differs from what the script generates")
            return 1
        print(f"{TARGET.relative_to(ROOT)} is up to date")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
