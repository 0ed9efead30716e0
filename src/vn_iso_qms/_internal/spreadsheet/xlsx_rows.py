"""The cells of one worksheet, read from its XML with openpyxl: every problem at its cell.

openpyxl's read-only parser is made tolerant (a cell it cannot read becomes a fault at that
cell, not an exception that hides the rest), rows and cells stored out of order are located,
the sheet's budgets (`Limits.max_rows`, `max_columns`, `max_cells`) are enforced while reading,
and merged cells and formulas without a cached value are found by a guarded scan of the XML
(defusedxml). The result is rows of plain values for `reader.parse_sheet`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from vn_iso_qms._internal.errors import Problem
from vn_iso_qms._internal.limits import Limits
from vn_iso_qms._internal.ooxml import unescape_xstring
from vn_iso_qms._internal.spreadsheet.cells import CellFault
from vn_iso_qms._internal.spreadsheet.layout import SHEETS
from vn_iso_qms._internal.spreadsheet.reader import RowData, column_letter

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

__all__ = ["FileBudget", "sheet_rows"]


class FileBudget:
    """What is left of one file's row and cell budgets, shared by all its sheets.

    `Limits.max_rows` and `Limits.max_cells` bound the whole workbook, not each sheet: the
    memory of an import grows with the rows read, so three sheets of 600,000 rows cost what
    one sheet of 1,800,000 would, and are refused like it.
    """

    def __init__(self, limits: Limits) -> None:
        self.rows = limits.max_rows
        self.cells = limits.max_cells


def _tolerant_parser(sheet: ReadOnlyWorksheet, source: IO[bytes]) -> Any:
    """The sheet parser of openpyxl, made to turn a cell it cannot read into a fault at that cell.

    openpyxl raises on the first malformed typed cell (a number cell holding text, a string
    index past the shared strings, a number too long for `int()`), which would hide the cell's
    location and every other problem of the workbook.
    """
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import WorkSheetParser

    class TolerantParser(WorkSheetParser):
        def parse_cell(self, element: Any) -> dict[str, Any]:
            try:
                cell: dict[str, Any] = super().parse_cell(element)
            except (ValueError, TypeError, IndexError, KeyError, OverflowError) as exc:
                ref = element.get("r")
                try:
                    row, column = coordinate_to_tuple(ref) if ref else (0, 0)
                except (ValueError, TypeError):
                    row, column = 0, 0
                if not row:
                    self.col_counter += 1
                    row, column = self.row_counter, self.col_counter
                kind = {"n": "number", "s": "shared text", "b": "true/false", "d": "date"}
                what = kind.get(element.get("t", "n"), "value")
                reason = str(exc).split("\n", 1)[0][:120]
                fault = CellFault(
                    "unreadable_cell",
                    f"is stored as a {what} cell that cannot be read ({type(exc).__name__}: "
                    f"{reason}); retype the value",
                    "ô được lưu ở dạng không đọc được; hãy gõ lại giá trị",
                )
                return {"row": row, "column": column, "value": fault, "data_type": "fault"}
            return cell

    book: Any = sheet.parent
    return TolerantParser(
        source,
        sheet._shared_strings,  # type: ignore[attr-defined]
        data_only=True,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )


def _cell_value(cell: dict[str, Any]) -> object:
    value: object = cell["value"]
    if isinstance(value, str):
        if cell["data_type"] == "e":
            return CellFault(
                "error_value",
                f"shows the error {value}; type the value instead",
                f"ô hiện lỗi {value}; hãy gõ giá trị thay cho công thức",
            )
        return unescape_xstring(value)
    return value


def _at(title: str, row: int, code: str, message: str) -> Problem:
    return Problem(record_type=title, index=row, code=code, message=message)


def _sparse_rows(
    sheet: ReadOnlyWorksheet,
    title: str,
    problems: list[Problem],
    limits: Limits,
    budget: FileBudget,
) -> Iterator[tuple[int, dict[int, object]]]:
    """(row number, {column: value}) for every row stored in the sheet, only cells present.

    A row stored out of order or twice, a cell reference given twice (or out of order in its
    row), a value beyond `limits.max_columns` or `limits.max_rows`, and cells past
    `limits.max_cells` are located problems; nothing is dropped silently.
    """
    source: IO[bytes] = sheet._get_source()  # type: ignore[attr-defined]
    last_row = 0
    with source:
        parser = _tolerant_parser(sheet, source)
        for number, cells in parser.parse():
            if number <= last_row:
                problems.append(
                    _at(
                        title,
                        number,
                        "row_order",
                        (
                            f"row {number}: stored again or out of order (after row {last_row}); "
                            "its cells were not read. The file is damaged or was written by a "
                            "faulty program: open it in Excel or LibreOffice and save it again"
                        ),
                    )
                )
                continue
            last_row = number
            if number > limits.max_rows:
                problems.append(
                    _at(
                        title,
                        number,
                        "too_many_rows",
                        f"row {number}: beyond the last row a sheet may have ({limits.max_rows:,})",
                    )
                )
                return
            values: dict[int, object] = {}
            last_col = 0
            for cell in cells:
                column = cell["column"]
                value = _cell_value(cell)
                if column <= last_col:
                    problems.append(
                        _at(
                            title,
                            number,
                            "cell_order",
                            (
                                f"cell {column_letter(column - 1)}{number}: stored again or out "
                                "of order in its row; the file is damaged (save it again from "
                                "Excel or LibreOffice)"
                            ),
                        )
                    )
                    continue
                last_col = column
                if value is None or value == "":
                    continue
                if column > limits.max_columns:
                    problems.append(
                        _at(
                            title,
                            number,
                            "too_many_columns",
                            (
                                f"cell {column_letter(column - 1)}{number} has a value beyond "
                                f"column {column_letter(limits.max_columns - 1)}, the last one "
                                "read; clear it"
                            ),
                        )
                    )
                    continue
                values[column] = value
            budget.cells -= len(values)
            budget.rows -= 1
            if budget.cells < 0:
                problems.append(
                    _at(
                        title,
                        number,
                        "too_many_cells",
                        (
                            f"row {number}: the workbook holds more than {limits.max_cells:,} "
                            "values (in all its sheets); the rest was not read"
                        ),
                    )
                )
                return
            if budget.rows < 0:
                problems.append(
                    _at(
                        title,
                        number,
                        "too_many_rows",
                        (
                            f"row {number}: the workbook holds more than {limits.max_rows:,} "
                            "rows (in all its sheets); the rest was not read"
                        ),
                    )
                )
                return
            yield number, values


def sheet_rows(
    sheet: ReadOnlyWorksheet,
    title: str,
    problems: list[Problem],
    limits: Limits,
    budget: FileBudget | None = None,
) -> Iterator[RowData]:
    """Rows of a read-only sheet as plain values, with faults for unreadable cells.

    Merged cells and formulas without a cached value become `CellFault`s at their cells;
    damaged row or cell order and values past `limits` are located problems in `problems`.
    """
    merged, formulas = _scan(sheet)
    merged.sort(key=lambda m: (m[1], m[0]))
    active: list[tuple[int, int, int, int, str]] = []
    upcoming = 0
    seen_tops: set[str] = set()
    width = limits.max_columns
    # A merged range is refused by its top-left cell's problem; the other cells it covers only
    # mark columns of the layout as unread, so it is never spread wider than the layout.
    merge_width = min(width, _LAYOUT_WIDTH)
    budget = FileBudget(limits) if budget is None else budget
    for number, present in _sparse_rows(sheet, title, problems, limits, budget):
        while upcoming < len(merged) and merged[upcoming][1] <= number:
            active.append(merged[upcoming])
            upcoming += 1
        active = [m for m in active if m[3] >= number]
        values: list[object] = [None] * max(present, default=0)
        for column, value in present.items():
            values[column - 1] = value
        for min_col, min_row, max_col, _max_row, ref in active:
            if min_col > width:
                continue
            last = max(min_col, min(max_col, merge_width))
            while len(values) < last:
                values.append(None)
            for col in range(min_col, last + 1):
                top = col == min_col and min_row == number
                if top:
                    seen_tops.add(ref)
                values[col - 1] = CellFault(
                    "merged_cell",
                    f"cells {ref} are merged; unmerge them and type the value in each cell"
                    if top
                    else None,
                    f"các ô {ref} bị gộp; bỏ gộp ô và gõ giá trị vào từng ô" if top else None,
                )
        for col in formulas.get(number, ()):
            if col > width:
                continue
            while len(values) < col:
                values.append(None)
            values[col - 1] = CellFault(
                "formula_without_value",
                "has a formula but no calculated value; open the file in Excel or LibreOffice "
                "and save it (values are then stored), or type the value",
                "ô có công thức nhưng chưa có giá trị tính sẵn; mở tệp bằng Excel hoặc "
                "LibreOffice rồi lưu lại, hoặc gõ giá trị",
            )
        yield number, values
    for min_col, min_row, _max_col, _max_row, ref in merged:
        if ref not in seen_tops:  # a merged range below the last row with cells
            if min_col > width:
                problems.append(
                    Problem(
                        record_type=title,
                        index=min_row,
                        code="merged_cell",
                        message=f"cells {ref} are merged; unmerge them",
                    )
                )
                continue
            cells_row: list[object] = [None] * (min_col - 1)
            cells_row.append(
                CellFault(
                    "merged_cell",
                    f"cells {ref} are merged; unmerge them and type the value in each cell",
                    f"các ô {ref} bị gộp; bỏ gộp ô và gõ giá trị vào từng ô",
                )
            )
            yield min_row, cells_row


_LAYOUT_WIDTH = max(len(spec.columns) for spec in SHEETS) + 8
"""Columns a merged range is spread over at most (the widest sheet, and a margin)."""

_SCAN_NEEDED = re.compile(rb"mergeCell|<(?:\w+:)?f[\s/>]")


def _needs_scan(sheet: ReadOnlyWorksheet) -> bool:
    """Whether the sheet's XML has merged cells or formulas at all (a fast byte search)."""
    source: IO[bytes] = sheet._get_source()  # type: ignore[attr-defined]
    with source:
        tail = b""
        while chunk := source.read(1 << 20):
            if _SCAN_NEEDED.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _scan(
    sheet: ReadOnlyWorksheet,
) -> tuple[list[tuple[int, int, int, int, str]], dict[int, list[int]]]:
    """Merged ranges and formula cells without a cached value, from the sheet's XML."""
    iterparse: Any = importlib.import_module("defusedxml.ElementTree").iterparse
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    merged: list[tuple[int, int, int, int, str]] = []
    formulas: dict[int, list[int]] = {}
    if not _needs_scan(sheet):
        return merged, formulas
    row = col = 0
    data_parent: Any = None
    source: IO[bytes] = sheet._get_source()  # type: ignore[attr-defined]
    try:
        for event, elem in iterparse(source, events=("start", "end"), forbid_dtd=True):
            name = elem.tag.rpartition("}")[2]
            if event == "start":
                if name == "row":
                    r = elem.get("r")
                    row = int(float(r)) if r else row + 1
                    col = 0
                elif name == "sheetData":
                    data_parent = elem
                continue
            if name == "c":
                ref = elem.get("r")
                if ref:
                    row, col = coordinate_to_tuple(ref)
                else:
                    col += 1
                has_formula = False
                cached = False
                for child in elem:
                    child_name = child.tag.rpartition("}")[2]
                    if child_name == "f":
                        has_formula = True
                    elif child_name == "v":
                        cached = bool(child.text) or elem.get("t") in ("str", "s", "inlineStr")
                if has_formula and not cached:
                    formulas.setdefault(row, []).append(col)
            elif name == "row" and data_parent is not None:
                data_parent.clear()
            elif name == "mergeCell":
                ref = elem.get("ref")
                if ref:
                    min_col, min_row, max_col, max_row = range_boundaries(ref)
                    if None not in (min_col, min_row, max_col, max_row):
                        merged.append((min_col, min_row, max_col, max_row, ref))  # type: ignore[arg-type]
    finally:
        source.close()
    return merged, formulas
