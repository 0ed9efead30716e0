"""Reading and writing single cells: dates, whole numbers, yes/no, codes, lists, text.

Reading never guesses: a date typed as text must be day/month/year with a four-digit year
(`31/12/2023`, `5/1/2024`) or ISO `2023-12-31`; anything else is a located error. Text is kept
exactly as typed (no trimming, no Unicode normalisation). Tokens that are parsed (dates,
numbers, yes/no, vocabulary labels) may carry surrounding spaces.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from vn_iso_qms._internal.limits import quote
from vn_iso_qms._internal.spreadsheet.layout import LIST_SEPARATOR, VOCAB_TITLES, Column
from vn_iso_qms._internal.suggest import closest, show_value
from vn_iso_qms._internal.text import fold
from vn_iso_qms._internal.vocab_base import LabelledEnum, Language

MAX_CELL_CHARS = 32_767
"""Excel's limit on the characters of one cell."""


@dataclass(frozen=True)
class CellFault:
    """A cell that cannot be read at all (merged, formula without value, error value).

    Attributes:
        code: the problem code.
        message: what is wrong (None: a follower cell of an already reported merged range).
    """

    code: str
    message: str | None
    message_vi: str | None = None


class CellError(Exception):
    """A cell's value cannot be read as its column's kind (message in English and Vietnamese)."""

    def __init__(self, code: str, message: str, vi: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.vi = vi if vi is not None else message


def is_empty(value: object) -> bool:
    """Whether a cell holds nothing (None or the empty string)."""
    return value is None or value == ""


_TRUE = {"có", "yes", "true"}
_FALSE = {"không", "no", "false"}
_MET_TRUE = {"đạt", "met", *_TRUE}
_MET_FALSE = {"không đạt", "not met", *_FALSE}
_MET_NONE = {"không áp dụng", "not applicable", "n/a"}

BOOL_LABELS: dict[Language, tuple[str, str]] = {"vi": ("Có", "Không"), "en": ("Yes", "No")}
"""Labels written for True and False."""
MET_LABELS: dict[Language, tuple[str, str, str]] = {
    "vi": ("Đạt", "Không đạt", "Không áp dụng"),
    "en": ("Met", "Not met", "Not applicable"),
}
"""Labels written for a checklist result: met, not met, not applicable."""

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d+)")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_INT = re.compile(r"[+-]?\d+")
_GROUPED = re.compile(r"\d{1,3}([.,\u00a0 ])\d{3}(?:\1\d{3})*")


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"the yes/no value {value}"
    if isinstance(value, int | float):
        return f"the number {quote(value)}"
    if isinstance(value, dt.datetime | dt.date):
        return f"the date {value.day:02d}/{value.month:02d}/{value.year}"
    return f"{type(value).__name__} {quote(value)}"


def _describe_vi(value: object) -> str:
    if isinstance(value, bool):
        return f"giá trị đúng/sai {'Có' if value else 'Không'}"
    if isinstance(value, int | float):
        return f"số {quote(value)}"
    if isinstance(value, dt.datetime | dt.date):
        return f"ngày {value.day:02d}/{value.month:02d}/{value.year}"
    return show_value(value)


def read_date(value: object) -> dt.date:
    """Read a date cell: a real date, or text `dd/mm/yyyy`, `d/m/yyyy` or `yyyy-mm-dd`.

    Raises:
        CellError: with code `invalid_date` (no such day), `month_first_date` (looks like
            month/day/year) or `date_format` (anything else, such as a two-digit year).
    """
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            shown = f"{value:%d/%m/%Y %H:%M}"
            msg = f"{shown} has a time of day; give the date only"
            raise CellError("date_format", msg, f"{shown} có cả giờ; chỉ ghi ngày")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        msg = (
            f"expected a date, found {_describe(value)}; format the cell as a date or type "
            "it as day/month/year, e.g. 31/12/2023"
        )
        vi = (
            f"cần một ngày, nhưng ô chứa {_describe_vi(value)}; định dạng ô kiểu ngày hoặc gõ "
            "ngày/tháng/năm, ví dụ 31/12/2023"
        )
        raise CellError("date_format", msg, vi)
    text = value.strip()
    if m := _DMY.fullmatch(text):
        day, month, year_text = int(m[1]), int(m[2]), m[3]
        if len(year_text) != 4:
            msg = (
                f"{quote(value)}: write the year with four digits (day/month/year, e.g. 31/12/2023)"
            )
            vi = f"{show_value(value)}: ghi năm đủ bốn chữ số (ngày/tháng/năm, ví dụ 31/12/2023)"
            raise CellError("date_format", msg, vi)
        year = int(year_text)
        if month > 12 and day <= 12:
            msg = (
                f"{quote(value)} looks like month/day/year; dates are read as day/month/year, "
                f"so write {month:02d}/{day:02d}/{year}"
            )
            vi = (
                f"{show_value(value)} có vẻ ghi theo tháng/ngày/năm; ngày được đọc theo "
                f"ngày/tháng/năm, hãy ghi {month:02d}/{day:02d}/{year}"
            )
            raise CellError("month_first_date", msg, vi)
        try:
            return dt.date(year, month, day)
        except ValueError:
            msg = f"{quote(value)} is not a valid date (read as day/month/year)"
            vi = f"{show_value(value)} không phải một ngày có thật (đọc theo ngày/tháng/năm)"
            raise CellError("invalid_date", msg, vi) from None
    if m := _ISO.fullmatch(text):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            msg = f"{quote(value)} is not a valid date (read as year-month-day)"
            vi = f"{show_value(value)} không phải một ngày có thật (đọc theo năm-tháng-ngày)"
            raise CellError("invalid_date", msg, vi) from None
    msg = f"{quote(value)} is not a date; write day/month/year with a four-digit year, e.g. 31/12/2023"
    vi = f"{show_value(value)} không phải là ngày; ghi ngày/tháng/năm, năm đủ 4 chữ số, ví dụ 31/12/2023"
    raise CellError("date_format", msg, vi)


def read_int(value: object) -> int:
    """Read a whole number: a number cell, or digits (thousands groups of 3 allowed).

    Raises:
        CellError: code `not_integer`.
    """
    if isinstance(value, bool):
        raise CellError(
            "not_integer",
            f"expected a whole number, found {_describe(value)}",
            f"cần một số nguyên, nhưng ô chứa {_describe_vi(value)}",
        )
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError(
            "not_integer",
            f"expected a whole number, found {quote(value)}",
            f"cần một số nguyên, nhưng ô chứa {quote(value)}",
        )
    if isinstance(value, str):
        text = value.strip()
        try:
            if _INT.fullmatch(text):
                return int(text)
            if _GROUPED.fullmatch(text):
                return int(re.sub(r"\D", "", text))
        except ValueError:  # more digits than int() converts (4,300 by default)
            msg = f"{quote(value)} has far more digits than any whole number here"
            vi = f"{show_value(value)} có quá nhiều chữ số"
            raise CellError("not_integer", msg, vi) from None
        msg = f"{quote(value)} is not a whole number (write digits only, e.g. 5000000)"
        vi = f"{show_value(value)} không phải số nguyên (chỉ ghi chữ số, ví dụ 5000000)"
        raise CellError("not_integer", msg, vi)
    raise CellError(
        "not_integer",
        f"expected a whole number, found {_describe(value)}",
        f"cần một số nguyên, nhưng ô chứa {_describe_vi(value)}",
    )


def read_bool(value: object, *, met: bool = False) -> bool | None:
    """Read yes/no (`Có`/`Không`, `Yes`/`No`, TRUE/FALSE) or a checklist result.

    A checklist result (`met=True`) also takes `Đạt`/`Không đạt`/`Không áp dụng` (or `Met`,
    `Not met`, `Not applicable`); "not applicable" reads as None.

    Raises:
        CellError: code `not_boolean`.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        token = fold(value)
        if token in (_MET_TRUE if met else _TRUE):
            return True
        if token in (_MET_FALSE if met else _FALSE):
            return False
        if met and token in _MET_NONE:
            return None
    choices = "Đạt, Không đạt, Không áp dụng" if met else "Có or Không (Yes or No)"
    msg = f"{quote(value)} is not one of {choices}"
    choices_vi = "Đạt, Không đạt, Không áp dụng" if met else "Có hoặc Không"
    shown = show_value(value) if isinstance(value, str) else _describe_vi(value)
    vi = f"{shown} không phải một trong các giá trị {choices_vi}"
    raise CellError("not_boolean", msg, vi)


def read_enum(value: object, enum: type[LabelledEnum]) -> LabelledEnum:
    """Read a vocabulary cell: a code, or a Vietnamese or English label (case-insensitive).

    Raises:
        CellError: code `unknown_code`.
    """
    if isinstance(value, str):
        try:
            return enum.from_label(unicodedata.normalize("NFC", value))
        except ValueError:
            pass
    title_vi, title_en = VOCAB_TITLES.get(enum.__name__, (enum.__name__, enum.__name__))
    labels = "; ".join(m.label_vi for m in enum)
    hint_en = hint_vi = ""
    if isinstance(value, str):
        choices = {m.label_vi: m for m in enum} | {m.label_en: m for m in enum}
        choices |= {m.value: m for m in enum}
        near = closest(value, choices, cutoff=0.7)
        if near is not None:
            member = choices[near]
            hint_en = f"did you mean {member.label_en!r} ({member.label_vi!r})? "
            hint_vi = f"có phải ý bạn là '{member.label_vi}'? "
    msg = (
        f"{quote(value)} is not a known {title_en.lower()}: {hint_en}choose from the list "
        f"({labels}) or give a code"
    )
    shown = show_value(value) if isinstance(value, str) else _describe_vi(value)
    vi = (
        f"{shown} không có trong danh mục '{title_vi}': {hint_vi}hãy chọn trong danh sách "
        f"(trang 'Danh mục')"
    )
    raise CellError("unknown_code", msg, vi)


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    msg = (
        f"expected text, found {_describe(value)}; format the column as Text and type the "
        "value again (a number loses leading zeros and trailing decimals)"
    )
    vi = (
        f"cần văn bản, nhưng ô chứa {_describe_vi(value)}; định dạng cột là Văn bản (Text) rồi "
        "gõ lại giá trị (số bị mất số 0 ở đầu và chữ số thập phân ở cuối)"
    )
    raise CellError("not_text", msg, vi)


def read_list(value: object) -> list[str]:
    """Read a list cell: items separated by `;` (the layout writes `"; "`).

    Spaces around each item belong to the separator and are not kept.

    Raises:
        CellError: code `not_text` or `empty_item`.
    """
    text = _text(value)
    items = [item.strip() for item in text.split(";")]
    if any(item == "" for item in items):
        msg = f"{quote(text)} has an empty item; separate items with '{LIST_SEPARATOR}'"
        vi = f"{show_value(text)} có một mục trống; các mục cách nhau bằng '{LIST_SEPARATOR}'"
        raise CellError("empty_item", msg, vi)
    return items


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_ROMAN_OF = {n: r for r, n in _ROMAN.items()}
_QUARTER = re.compile(r"(?:quý|quy|q)\s*(I{1,3}|IV|[1-4])\s*[/\-.]\s*([0-9]{4})", re.IGNORECASE)
_MONTH = re.compile(r"(?:tháng|thang|t)?\s*([0-9]{1,2})\s*[/\-.]\s*([0-9]{4})", re.IGNORECASE)
_CANONICAL_PERIOD = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])")


def read_period(value: object) -> str:
    """Read a month or a quarter as plans write it; returns the JSON form (`2023-10`, `2023-Q3`).

    Accepted: `tháng 10/2023`, `T10/2023`, `10/2023`, `Quý III/2023`, `quý 3/2023`, `Q3/2023`,
    and the JSON form itself.

    Raises:
        CellError: with code `invalid_period` for anything else.
    """
    text = " ".join(str(value).split()) if isinstance(value, str) else ""
    if _CANONICAL_PERIOD.fullmatch(text):
        return text
    if m := _QUARTER.fullmatch(text):
        part = m[1].upper()
        quarter = _ROMAN.get(part) or int(part)
        return f"{m[2]}-Q{quarter}"
    if (m := _MONTH.fullmatch(text)) and 1 <= int(m[1]) <= 12:
        return f"{m[2]}-{int(m[1]):02d}"
    msg = (
        f"{_describe(value)} is not a month or a quarter: write tháng 10/2023 or Quý III/2023 "
        "(or 2023-10, 2023-Q3)"
    )
    raise CellError("invalid_period", msg)


def write_period(value: str, lang: Language) -> str:
    """The cell text of a month or quarter: as plans write it in Vietnamese, else the JSON form."""
    if lang != "vi":
        return value
    year, part = value[:4], value[5:]
    if part.startswith("Q"):
        return f"Quý {_ROMAN_OF[int(part[1])]}/{year}"
    return f"Tháng {int(part)}/{year}"


NAME_COLUMNS = frozenset(
    {
        "name",
        "short_name",
        "new_name",
        "title",
        "chair",
        "signer",
        "approver",
        "approved_by",
        "by",
        "team_lead",
        "responsible",
        "recipient",
    }
)
"""Columns (last part of the key) holding the name of a person, a body or a document: a value
that is only a date there was typed in the wrong column, or in the wrong sheet (an internal
audit's row in the management reviews' sheet puts the audit's end date in the review's chair)."""


def _name(text: str) -> str:
    stripped = text.strip()
    if _DMY.fullmatch(stripped) or _ISO.fullmatch(stripped):
        msg = (
            f"expected a name, found the date {quote(stripped)}: is the value in the right "
            "column, and the row in the right sheet?"
        )
        vi = (
            f"cần một tên (người, cơ quan, văn bản), nhưng ô chứa ngày {quote(stripped)}: giá "
            "trị có ghi đúng cột, dòng có ghi đúng trang không?"
        )
        raise CellError("date_in_name", msg, vi)
    return text


def read_cell(value: object, column: Column) -> Any:
    """Read a non-empty cell as its column's kind.

    A name column (`NAME_COLUMNS`) refuses a value that is only a date.

    Raises:
        CellError: when the value cannot be read.
    """
    kind = column.kind
    if kind == "text":
        text = _text(value)
        if column.key.rsplit(".", 1)[-1] in NAME_COLUMNS:
            return _name(text)
        return text
    if kind == "date":
        return read_date(value)
    if kind == "int":
        return read_int(value)
    if kind == "bool":
        return read_bool(value)
    if kind == "met":
        return read_bool(value, met=True)
    if kind == "enum":
        assert column.enum is not None
        return read_enum(value, column.enum)
    if kind == "period":
        return read_period(value)
    return read_list(value)


# --- writing --------------------------------------------------------------------------------

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
EXCEL_EPOCH_SAFE = dt.date(1900, 3, 1)
"""Dates before this day are written as text: Excel's 1900 calendar cannot hold them exactly."""


class UnexpressibleError(Exception):
    """A value the sheets cannot hold so that it reads back equal."""


def _check_text(text: str) -> str:
    if "\r" in text:
        msg = "contains a carriage return, which the xlsx format turns into a line feed"
        raise UnexpressibleError(msg)
    if m := _ILLEGAL.search(text):
        msg = f"contains the character U+{ord(m[0]):04X}, which a worksheet cannot hold"
        raise UnexpressibleError(msg)
    if len(text) > MAX_CELL_CHARS:
        msg = f"is {len(text):,} characters long; a cell holds at most {MAX_CELL_CHARS:,}"
        raise UnexpressibleError(msg)
    return text


def write_cell(value: Any, column: Column, lang: Language) -> Any:
    """The cell value for a field value (None: leave the cell empty).

    Raises:
        UnexpressibleError: when the value would not read back equal.
    """
    if value is None:
        if column.kind == "met":
            return MET_LABELS[lang][2]
        return None
    kind = column.kind
    if kind == "text":
        return _check_text(value) if value != "" else None
    if kind == "date":
        if value < EXCEL_EPOCH_SAFE:
            return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
        return value
    if kind == "int":
        return value
    if kind == "bool":
        return BOOL_LABELS[lang][0 if value else 1]
    if kind == "met":
        return MET_LABELS[lang][0 if value else 1]
    if kind == "enum":
        return value.label(lang)
    if kind == "period":
        return write_period(value, lang)
    items: tuple[str, ...] = value
    if not items:
        return None
    for item in items:
        if item == "" or item != item.strip() or ";" in item:
            msg = (
                f"has the item {quote(item)}; list items cannot be empty, contain ';' or start or "
                "end with a space"
            )
            raise UnexpressibleError(msg)
    return _check_text(LIST_SEPARATOR.join(items))
