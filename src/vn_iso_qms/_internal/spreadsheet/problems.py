"""Problems located in a workbook: sheet, row, column titles and cells, in Vietnamese and English.

A [`SheetProblem`][vn_iso_qms.Problem] is a `Problem` (so every existing consumer keeps
working: `record_type` is the sheet, `index` the row, `field` the column title, `message` the
English text starting with the cell) that also carries what a person or a tool needs to act:

- `sheet`, `row`, `cells` (every cell involved: two for a problem between two columns, such as
  an end date before a start date) and `columns` (their titles as the file shows them);
- `detail_vi` and `detail_en`: the message without its location, with values quoted as they
  were typed (dates as `dd/mm/yyyy` when typed so) and invisible characters made visible;
- `caused_by`: for a knock-on problem (a link to a row that was itself rejected), the sheet
  and row of that cause, so that the problem can be shown under it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from vn_iso_qms._internal.errors import Problem
from vn_iso_qms._internal.vocab_base import Language

__all__ = ["SheetProblem", "translate_pattern", "vi_model_message"]


class SheetProblem(Problem):
    """A problem in a workbook, located by sheet, row, column titles and cells."""

    sheet: str
    """The sheet's name as the file shows it."""
    row: int | None = None
    """The row number people see (1-based), when the problem is in a row."""
    cells: tuple[str, ...] = ()
    """Every cell involved (`"D7"`), the main one first; empty for a whole row or sheet."""
    columns: tuple[str, ...] = ()
    """The titles of the columns involved, in the order of `cells`."""
    detail_en: str
    """What is wrong, in English, without the location."""
    detail_vi: str
    """What is wrong, in Vietnamese, without the location."""
    caused_by: tuple[str, int] | None = None
    """(sheet, row) of the rejected row this problem follows from, for a knock-on problem."""

    @property
    def cell(self) -> str | None:
        """The main cell, or None."""
        return self.cells[0] if self.cells else None

    def where(self, lang: Language = "vi") -> str:
        """`Trang 'Cơ quan, đơn vị', dòng 7, cột 'Loại cơ quan' (ô D7)` or its English twin."""
        vi = lang == "vi"
        parts = [f"{'Trang' if vi else 'Sheet'} '{self.sheet}'"]
        if self.row is not None:
            parts.append(f"{'dòng' if vi else 'row'} {self.row}")
        if self.columns:
            joined = (" và " if vi else " and ").join(f"'{c}'" for c in self.columns)
            parts.append(
                f"{'cột' if vi else 'column' if len(self.columns) == 1 else 'columns'} {joined}"
            )
        text = ", ".join(parts)
        if self.cells:
            word = "ô" if vi else ("cell" if len(self.cells) == 1 else "cells")
            text += f" ({word} {(' và ' if vi else ' and ').join(self.cells)})"
        return text

    def detail(self, lang: Language = "vi") -> str:
        """What is wrong, in `lang`, without the location."""
        return self.detail_vi if lang == "vi" else self.detail_en

    def text(self, lang: Language = "vi") -> str:
        """One line: where, then what, then the code."""
        return f"{self.where(lang)}: {self.detail(lang)} [{self.code}]"


_PATTERNS_VI: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"is not a valid id\b.*"),
        "không phải mã định danh hợp lệ: dùng 1-80 chữ cái không dấu, chữ số và . _ : -, "
        "bắt đầu bằng chữ cái hoặc chữ số",
    ),
    (
        re.compile(r"is not a valid procedure code\b.*"),
        "không phải mã TTHC hợp lệ: dùng 1-40 chữ cái, chữ số và . - _ /, ví dụ 1.004227",
    ),
    (
        re.compile(r"is not a valid document number\b.*"),
        "không phải số văn bản hợp lệ: 1-80 ký tự trên một dòng, không có khoảng trắng ở đầu "
        "hoặc cuối",
    ),
    (re.compile(r"is blank\b.*"), "chỉ có khoảng trắng: hãy nhập giá trị"),
    (
        re.compile(r"is not an administrative-unit code\b.*"),
        "không phải mã đơn vị hành chính: 2 chữ số (tỉnh), 3 (huyện) hoặc 5 (xã)",
    ),
    (
        re.compile(r"contains the control character (U\+[0-9A-F]{4}) at position (\d+).*"),
        r"có ký tự điều khiển \1 ở vị trí \2: hãy xóa ký tự này",
    ),
)


def translate_pattern(message: str) -> str | None:
    """The Vietnamese of a value-type explanation (`is not a valid id: ...`), or None."""
    for pattern, vi in _PATTERNS_VI:
        if pattern.fullmatch(message):
            return pattern.sub(vi, message)
    return None


_BUILTIN_VI: dict[str, str] = {
    "missing": "ô này phải có giá trị",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "less_than": "phải nhỏ hơn {lt}",
    "string_too_long": "dài quá {max_length} ký tự",
    "too_long": "có quá nhiều mục (tối đa {max_length})",
    "too_short": "cần ít nhất {min_length} mục",
    "literal_error": "phải là một trong các giá trị: {expected}",
}


def vi_model_message(
    code: str,
    en: str,
    titles: Sequence[str],
    typed: Sequence[str],
    ctx: Mapping[str, Any] | None = None,
) -> str:
    """The Vietnamese message of one validation error of a record read from a sheet.

    Args:
        code: the error code (`date_order`, `exclusive_fields`, pydantic's own types, ...).
        en: the English message (field names not yet replaced).
        titles: the titles of the columns the message involves, in order of mention.
        typed: the values of those cells as typed (same order).
        ctx: pydantic's error context (`ge`, `max_length`, ...), if any.
    """
    q = [f"'{t}'" for t in titles]
    v = list(typed)
    two = len(q) >= 2
    if code == "date_order" and two:
        return f"{q[0]} ({v[0]}) sớm hơn {q[1]} ({v[1]})"
    if code == "exclusive_fields" and two:
        if "exactly one" in en:
            return f"điền đúng một trong hai ô {q[0]} và {q[1]} (không điền cả hai, không bỏ trống cả hai)"
        return f"{q[0]} và {q[1]} đi cùng nhau: điền cả hai hoặc để trống cả hai"
    if code == "missing_field" and q:
        if "renamed" in en:
            return f"biến động đổi tên cần ghi {q[0]}"
        if "event needs" in en:
            return f"biến động loại này (sáp nhập, chia tách, ...) cần ghi {q[0]}"
        if "internal audit" in en:
            return f"sự không phù hợp phát hiện qua đánh giá nội bộ cần ghi {q[0]}"
        if "inspection" in en:
            return f"sự không phù hợp phát hiện qua kiểm tra cần ghi {q[0]}"
        if "at least one" in en:
            return f"{q[0]} phải ghi ít nhất một cơ quan"
        return f"cần điền {q[0]}"
    if code == "inconsistent_fields":
        if "must be one of" in en and two:
            return f"{q[0]} ({v[0]}) phải là một trong các mã ở {q[1]}"
        if "lists an agency twice" in en and q:
            return f"{q[0]} ghi một cơ quan hai lần"
        if "own successor" in en:
            return "một cơ quan không thể là cơ quan kế thừa của chính nó"
        if "not a nonconformity" in en and q:
            return f"{q[0]} phải là Không phù hợp nặng hoặc Không phù hợp nhẹ"
        if "although" in en and two:
            return f"{q[0]} được điền trong khi {q[1]} là Có"
    if code in _BUILTIN_VI:
        try:
            return _BUILTIN_VI[code].format(**(ctx or {}))
        except (KeyError, IndexError):
            pass
    if code == "string_too_short":
        return "không được để trống"
    explained = translate_pattern(en.split(" (got ", 1)[0])
    if explained is not None:
        return explained
    return f"giá trị không hợp lệ ({en})"
