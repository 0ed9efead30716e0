"""Excel workbooks (.xlsx): the fill-in template, import and export. openpyxl is imported lazily."""

from __future__ import annotations

import datetime as dt
import difflib
import importlib
import io
import os
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

from pydantic import BaseModel

from vn_iso_qms._internal.base import Record
from vn_iso_qms._internal.dataset import (
    COLLECTIONS,
    REFERENCES,
    QmsDataset,
    integrity_problems,
)
from vn_iso_qms._internal.errors import (
    InputTooLargeError,
    InvalidDataError,
    Problem,
    QmsError,
    check_input_size,
)
from vn_iso_qms._internal.files import atomic_write, read_bounded
from vn_iso_qms._internal.limits import DEFAULT_LIMITS, Limits, ProblemList
from vn_iso_qms._internal.ooxml import escape_xstring, unescape_xstring, workbook_bytes
from vn_iso_qms._internal.spreadsheet.cells import (
    BOOL_LABELS,
    MET_LABELS,
    CellFault,
    UnexpressibleError,
    write_cell,
)
from vn_iso_qms._internal.spreadsheet.guide import (
    column_description,
    column_example,
    column_format,
)
from vn_iso_qms._internal.spreadsheet.layout import (
    CODE_LISTS,
    FIRST_DATA_ROW,
    INSTRUCTIONS,
    KEY_ROW,
    LAYOUT_VERSION,
    LIST_SEPARATOR,
    SHEET_BY_KEY,
    SHEETS,
    TITLE_ROW,
    VOCAB_TITLES,
    Column,
    DatasetInfo,
    Sheet,
    field_annotation,
    fold,
    sheet_lookup,
    uncovered_fields,
    vocabularies,
)
from vn_iso_qms._internal.spreadsheet.problems import SheetProblem
from vn_iso_qms._internal.spreadsheet.reader import (
    Assembled,
    ParsedSheet,
    RowData,
    _sheet_problem,
    assemble,
    column_letter,
    parse_sheet,
    translate,
)
from vn_iso_qms._internal.vocab_base import Language

if TYPE_CHECKING:
    from types import ModuleType

    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from openpyxl.worksheet.worksheet import Worksheet

DEFAULT_MAX_WORKBOOK_BYTES = 64 * 1024**2
"""Default largest .xlsx file `import_workbook` accepts: 64 MiB (a province is well under 5 MiB)."""

MAX_EXPANSION = DEFAULT_LIMITS.max_expansion
"""The XML inside a workbook may be at most this many times the file's size once uncompressed
(see `Limits.max_expansion`; at least `Limits.min_expansion_bytes`)."""

EXCEL_MAX_ROWS = 1_048_576
"""The last row of a sheet in Excel (and in the file format's common readers)."""

_INSTALL = "pip install 'vn-iso-qms[xlsx]'"


class MissingExtraError(QmsError, ImportError):
    """An optional dependency is missing: install the extra the message names.

    Also an `ImportError`, so `except ImportError` around optional features keeps working.
    """


class SpreadsheetExportError(InvalidDataError):
    """A dataset holds values the spreadsheet layout cannot write so that they read back equal.

    Carries every such value as a [`Problem`][vn_iso_qms.Problem] (record type, id, field,
    reason); nothing is written and nothing is dropped.
    """


# --- dependencies ---------------------------------------------------------------------------


def require_xlsx_extra() -> None:
    """Raise `MissingExtraError` unless openpyxl and defusedxml are installed and in use."""
    _openpyxl(reading=True)


def _openpyxl(*, reading: bool) -> ModuleType:
    try:
        import openpyxl
    except ImportError:
        msg = f"spreadsheets need openpyxl and defusedxml: {_INSTALL}"
        raise MissingExtraError(msg) from None
    if reading:
        try:
            importlib.import_module("defusedxml")
        except ImportError:
            msg = f"reading workbooks safely needs defusedxml: {_INSTALL}"
            raise MissingExtraError(msg) from None
        if not openpyxl.DEFUSEDXML:
            msg = (
                "openpyxl is not using defusedxml (is OPENPYXL_DEFUSEDXML set to False?); "
                "refusing to read a workbook without protection against XML attacks"
            )
            raise MissingExtraError(msg)
    return openpyxl


# --- reading --------------------------------------------------------------------------------


Source = bytes | bytearray | memoryview | str | os.PathLike[str]
"""A file's bytes, or its path."""


def read_source(source: Source, max_bytes: int, *, what: str) -> bytes:
    """The bytes of `source` (bytes or a path), refusing more than `max_bytes`.

    A path is read with `read_bounded`: only a regular file, never more than the limit.

    Raises:
        InputTooLargeError: over the limit.
        InvalidDataError: the file cannot be read.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        check_input_size(len(source), max_bytes, "input")
        return bytes(source)
    return read_bounded(source, max_bytes, what=what)


def _file_problem(code: str, message: str) -> InvalidDataError:
    return InvalidDataError(
        [Problem(record_type="file", code=code, message=message)], summary="cannot read workbook"
    )


def _check_archive(data: bytes, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
        # NotImplementedError: a zip feature Python cannot read (e.g. a damaged version field)
        raise _file_problem(
            "not_xlsx",
            "the file is not an .xlsx workbook (not a zip archive: an old .xls file, a "
            "password-protected workbook or another format); save it as 'Excel Workbook "
            "(*.xlsx)' without a password",
        ) from None
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        raise _file_problem(
            "not_xlsx", "the file is a zip archive but not an .xlsx workbook (no workbook part)"
        )
    limit = limits.expansion_limit(len(data))
    if total > limit:
        problem = Problem(
            record_type="file",
            field="input",
            code="too_large",
            message=(
                f"the workbook expands to {total:,} bytes of XML, more than {limits.max_expansion}"
                f" x its own size of {len(data):,} bytes (limit {limit:,} bytes); a genuine "
                "workbook compresses far less (raise Limits.max_expansion if it is genuine)"
            ),
        )
        raise InputTooLargeError([problem], summary="input too large")


def _unsafe(exc: BaseException) -> InvalidDataError:
    return _file_problem(
        "unsafe_xml",
        f"the workbook contains forbidden XML constructs ({type(exc).__name__}: entity or "
        "DTD declarations); it was not read",
    )


def _is_defused_error(exc: BaseException) -> bool:
    try:
        defused: Any = importlib.import_module("defusedxml")
    except ImportError:  # pragma: no cover - checked before reading
        return False
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:  # openpyxl wraps parse errors
        if isinstance(current, defused.DefusedXmlException):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def import_workbook(
    source: bytes | bytearray | memoryview | str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_WORKBOOK_BYTES,
    limits: Limits = DEFAULT_LIMITS,
) -> QmsDataset:
    """Read a filled-in workbook (the template's layout) into a validated dataset.

    The workbook is read in openpyxl's read-only mode, with cached formula values, and with
    defusedxml guarding every XML part (entity and DTD declarations are refused). Every sheet
    of the layout must be present (an unused sheet stays empty); an unknown sheet, a missing
    required column, a merged cell, a formula without a calculated value, an unreadable cell, an
    invalid record or a broken link is an error. All errors are collected and raised together.

    Dates are real Excel dates or text `dd/mm/yyyy` (also `d/m/yyyy`, or ISO `yyyy-mm-dd`);
    month-first and two-digit years are refused, never guessed. Text is kept exactly as typed.

    Args:
        source: the .xlsx file's bytes, or its path.
        max_bytes: the largest file accepted.
        limits: the resource budgets (expansion of the XML relative to the file, rows,
            columns and cells per sheet, problems kept); see `Limits`.

    Returns:
        The validated dataset.

    Raises:
        InvalidDataError: with every problem; `Problem.record_type` is the sheet name,
            `Problem.index` the row number, `Problem.field` the column title, and the message
            starts with the cell reference. `InputTooLargeError` over the size limits.
        MissingExtraError: openpyxl or defusedxml is not installed.
    """
    data = read_source(source, max_bytes, what="workbook")
    openpyxl = _openpyxl(reading=True)
    _check_archive(data, limits)
    problems: list[Problem] = ProblemList(limits.max_problems)
    with warnings.catch_warnings():
        # openpyxl warns about features it does not keep (extensions, unknown parts); reading
        # never writes the file back, so nothing is lost.
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
        except Exception as exc:
            if _is_defused_error(exc):
                raise _unsafe(exc) from None
            raise _file_problem(
                "unreadable", f"the workbook cannot be read ({type(exc).__name__}: {exc})"
            ) from None
        try:
            parsed, absent = _read_sheets(workbook, problems, limits)
        except Exception as exc:
            if _is_defused_error(exc):
                raise _unsafe(exc) from None
            raise _file_problem(
                "unreadable", f"a sheet cannot be read ({type(exc).__name__}: {exc})"
            ) from None
        finally:
            workbook.close()
    assembled = assemble(parsed, problems)
    problems.extend(_relevant_links(assembled, absent))
    if problems:
        problems.sort(key=_order(workbook.sheetnames))
        knock_on = sorted(
            _knock_on_links(assembled, absent, limits.max_problems),
            key=_order(workbook.sheetnames),
        )
        raise WorkbookError(problems, summary="invalid workbook", knock_on=knock_on)
    return _dataset(assembled)


class WorkbookError(InvalidDataError):
    """An invalid workbook: `problems` sorted by sheet and row, plus the knock-on problems.

    Attributes:
        knock_on: links to rows that were themselves rejected (a planned activity naming an
            agency whose row has an error): each has `caused_by`, the (sheet, row) to fix
            first. They are not counted in `problems`, which holds one problem per mistake.
    """

    def __init__(
        self,
        problems: Sequence[Problem],
        *,
        summary: str = "invalid workbook",
        knock_on: Sequence[SheetProblem] = (),
    ) -> None:
        super().__init__(problems, summary=summary)
        self.knock_on: tuple[SheetProblem, ...] = tuple(knock_on)


def _order(sheetnames: Sequence[str]) -> Any:
    """Sort key of problems: the file first, then sheets in workbook order, then rows, cells."""
    position = {name: i for i, name in enumerate(sheetnames)}

    def key(problem: Problem) -> tuple[int, int, int, int]:
        if problem.record_type == "file":
            return (-1, 0, 0, 0)
        sheet = position.get(problem.record_type, len(position))
        row = problem.index if problem.index is not None else 0
        column = 0
        if isinstance(problem, SheetProblem) and problem.cell:
            letters = problem.cell.rstrip("0123456789")
            for char in letters:
                column = column * 26 + ord(char) - 64
        return (sheet, row, column, 0)

    return key


def _knock_on_links(assembled: Assembled, absent: set[str], limit: int) -> list[SheetProblem]:
    """Links to rows that were rejected: reported under the rejected row, as knock-on problems.

    The ids of rejected rows still count as existing for `integrity_problems` (so that a
    rejected row is not reported twice over), but every link to one of them cannot work
    until that row is fixed: each is listed with `caused_by` naming the row behind it. At most
    `limit` are kept (the problem budget), so a broken registry does not cost a problem per link.
    """
    failed_rows = assembled.failed_rows
    if not any(failed_rows.values()):
        return []
    out: list[SheetProblem] = []
    for problem in integrity_problems(assembled.records, sink=ProblemList(limit)):
        if len(out) >= limit:
            break
        if problem.code != "dangling_reference" or not problem.field:
            continue
        pattern = re.sub(r"\[\d+\]", "[]", problem.field)
        target = _TARGETS.get((problem.record_type, pattern))
        if target is None or target in absent:
            continue
        match = re.search(r"'((?:[^'\\]|\\.)*)', which does not exist", problem.message)
        ref = match[1] if match else None
        cause = failed_rows.get(target, {}).get(ref or "")
        if cause is None:
            continue
        out.append(translate(problem, assembled, caused_by=cause))
    return out


def _dataset(assembled: Assembled) -> QmsDataset:
    name = assembled.info.name if assembled.info is not None else None
    # Every record and link was checked above; this validates the bundle once more.
    return QmsDataset.model_validate(
        {"name": name, **{k: tuple(v) for k, v in assembled.records.items()}}
    )


_TARGETS = {(t.record_type, p): target for t, p, target in REFERENCES}


def _relevant_links(assembled: Assembled, absent: set[str]) -> list[Problem]:
    """Link problems, minus dangling links into sheets that are missing or lack columns."""
    problems: list[Problem] = []
    for problem in integrity_problems(assembled.records, known_ids=assembled.failed_ids):
        if problem.code == "dangling_reference" and problem.field:
            pattern = re.sub(r"\[\d+\]", "[]", problem.field)
            if _TARGETS.get((problem.record_type, pattern)) in absent:
                continue
        problems.append(translate(problem, assembled))
    return problems


def _read_sheets(
    workbook: Workbook, problems: list[Problem], limits: Limits
) -> tuple[dict[str, ParsedSheet], set[str]]:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    lookup = sheet_lookup()
    seen: dict[str, str] = {}
    langs = {"vi": 0, "en": 0}
    parsed: dict[str, ParsedSheet] = {}
    known = ", ".join(repr(s.vi) for s in SHEETS)
    bare = {_bare(name): name for s in SHEETS for name in (s.en, s.vi)}
    for title in workbook.sheetnames:
        entry = lookup.get(fold(title))
        if entry is None:
            close = difflib.get_close_matches(_bare(title), list(bare), n=1, cutoff=0.75)
            hint = f"did you mean {bare[close[0]]!r}?" if close else f"the sheets are {known}"
            hint_vi = f"có phải ý bạn là '{bare[close[0]]}'?" if close else f"các trang là {known}"
            problems.append(
                _sheet_problem(
                    title,
                    code="unknown_sheet",
                    en=(
                        f"sheet {title!r} is not part of the layout and was not read; {hint} "
                        "(rename or delete it)"
                    ),
                    vi=(
                        f"trang '{title}' không thuộc mẫu biểu nên không được đọc; {hint_vi} "
                        "(đổi tên hoặc xóa trang)"
                    ),
                )
            )
            continue
        key, name_lang = entry
        if name_lang is not None:
            langs[name_lang] += 1
        if key in seen:
            problems.append(
                _sheet_problem(
                    title,
                    code="duplicate_sheet",
                    en=f"sheet {title!r} holds the same records as sheet {seen[key]!r}",
                    vi=f"trang '{title}' chứa cùng loại hồ sơ với trang '{seen[key]}'",
                )
            )
            continue
        seen[key] = title
        if key in (INSTRUCTIONS[0], CODE_LISTS[0]):
            continue
        sheet = workbook[title]
        if not isinstance(sheet, ReadOnlyWorksheet):
            problems.append(
                Problem(record_type=title, code="not_a_worksheet", message="this is a chart sheet")
            )
            continue
        parsed[key] = parse_sheet(
            title,
            SHEET_BY_KEY[key],
            _rows(sheet, title, problems, limits),
            problems,
            name_lang=name_lang,
        )
    lang: Language = "en" if langs["en"] > langs["vi"] else "vi"
    absent: set[str] = set()
    for spec in SHEETS:
        if spec.key not in seen:
            absent.add(spec.key)
            problems.append(
                _sheet_problem(
                    spec.title(lang),
                    code="missing_sheet",
                    en=(
                        f"the workbook has no sheet {spec.title(lang)!r} ({spec.key}); keep "
                        "every sheet of the template, even when it stays empty"
                    ),
                    vi=(
                        f"bảng tính thiếu trang '{spec.title(lang)}'; giữ mọi trang của mẫu "
                        "biểu, kể cả trang để trống"
                    ),
                )
            )
    for key, sheet_parsed in parsed.items():
        spec = sheet_parsed.spec
        if any(c.required and c.key not in sheet_parsed.positions for c in spec.columns):
            absent.add(key)
    return parsed, absent


def _bare(name: str) -> str:
    """A sheet name without case and diacritics, to suggest the sheet a typo meant."""
    decomposed = unicodedata.normalize("NFD", fold(name).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


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


def _sparse_rows(
    sheet: ReadOnlyWorksheet, title: str, problems: list[Problem], limits: Limits
) -> Iterator[tuple[int, dict[int, object]]]:
    """(row number, {column: value}) for every row stored in the sheet, only cells present.

    A row stored out of order or twice, a cell reference given twice (or out of order in its
    row), a value beyond `limits.max_columns` or `limits.max_rows`, and cells past
    `limits.max_cells` are located problems; nothing is dropped silently.
    """
    source: IO[bytes] = sheet._get_source()  # type: ignore[attr-defined]
    last_row = 0
    cells_read = 0
    with source:
        parser = _tolerant_parser(sheet, source)
        for number, cells in parser.parse():
            if number <= last_row:
                problems.append(
                    Problem(
                        record_type=title,
                        index=number,
                        code="row_order",
                        message=(
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
                    Problem(
                        record_type=title,
                        index=number,
                        code="too_many_rows",
                        message=f"row {number}: beyond the last row a sheet may have "
                        f"({limits.max_rows:,})",
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
                        Problem(
                            record_type=title,
                            index=number,
                            code="cell_order",
                            message=(
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
                        Problem(
                            record_type=title,
                            index=number,
                            code="too_many_columns",
                            message=(
                                f"cell {column_letter(column - 1)}{number} has a value beyond "
                                f"column {column_letter(limits.max_columns - 1)}, the last one "
                                "read; clear it"
                            ),
                        )
                    )
                    continue
                values[column] = value
            cells_read += len(values)
            if cells_read > limits.max_cells:
                problems.append(
                    Problem(
                        record_type=title,
                        index=number,
                        code="too_many_cells",
                        message=(
                            f"row {number}: the sheet holds more than {limits.max_cells:,} "
                            "values; the rest was not read"
                        ),
                    )
                )
                return
            yield number, values


def _rows(
    sheet: ReadOnlyWorksheet, title: str, problems: list[Problem], limits: Limits
) -> Iterator[RowData]:
    """Rows of a read-only sheet as plain values, with faults for unreadable cells."""
    merged, formulas = _scan(sheet)
    merged.sort(key=lambda m: (m[1], m[0]))
    active: list[tuple[int, int, int, int, str]] = []
    upcoming = 0
    seen_tops: set[str] = set()
    width = limits.max_columns
    # A merged range is refused by its top-left cell's problem; the other cells it covers only
    # mark columns of the layout as unread, so it is never spread wider than the layout.
    merge_width = min(width, _LAYOUT_WIDTH)
    for number, present in _sparse_rows(sheet, title, problems, limits):
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


# --- writing --------------------------------------------------------------------------------

_HEADER_FILL = "DDEBF7"
_KEY_FONT_COLOR = "808080"
_DATE_FORMAT = "DD/MM/YYYY"


def _check_lang(lang: str) -> Language:
    if lang not in ("vi", "en"):
        msg = f"lang must be 'vi' or 'en', not {lang!r}"
        raise ValueError(msg)
    return "vi" if lang == "vi" else "en"


def write_template(path: str | os.PathLike[str] | None = None, *, lang: Language = "vi") -> bytes:
    """Write the empty workbook a clerk fills in.

    One sheet per record type (and per nested list, linked to its parent by id), an
    instructions sheet ("Hướng dẫn") explaining every sheet, column and format, and a
    code-lists sheet ("Danh mục") that the drop-downs of vocabulary columns point at.

    Layout of every data sheet: row 1 (hidden) holds the stable machine key of each column, row
    2 the titles, data starts on row 3. List cells separate items with `"; "`. See the
    instructions sheet for everything else.

    Args:
        path: where to write the .xlsx file; None only returns the bytes.
        lang: language of titles, labels and instructions: `"vi"` (default) or `"en"`.

    Returns:
        The .xlsx file's bytes.

    Raises:
        MissingExtraError: openpyxl is not installed.
        ValueError: `lang` is neither `"vi"` nor `"en"`.
    """
    lang = _check_lang(lang)
    openpyxl = _openpyxl(reading=False)
    workbook = _skeleton(openpyxl, lang)
    for spec in SHEETS:
        sheet = workbook[spec.title(lang)]
        if spec.key == "dataset":
            sheet.cell(FIRST_DATA_ROW, 2, LAYOUT_VERSION)
    return _save(workbook, path)


def export_workbook(
    dataset: QmsDataset,
    path: str | os.PathLike[str] | None = None,
    *,
    lang: Language = "vi",
) -> bytes:
    """Write a dataset in the template's layout, so that importing the file gives it back.

    `import_workbook(export_workbook(ds)) == ds` for every dataset whose values the sheets can
    hold. Every field of every record has a column or a child sheet. The values the format
    cannot hold exactly are refused (all listed in one error) rather than altered: text with
    a carriage return, a control character or more than 32,767 characters; a list item that is
    empty, contains `;` or starts or ends with a space; and an empty-string review input or
    output (those cells read back as "not recorded", None). Dates before 01/03/1900 are
    written as text `dd/mm/yyyy`. Vocabulary cells hold labels in `lang`; labels may be
    reworded between versions and old ones are then no longer recognised, so keep JSON (codes
    only) for archives. The file carries no clock: equal datasets give equal bytes (its
    created/modified properties and ZIP member times are 01/01/1980).

    Args:
        dataset: the dataset.
        path: where to write the .xlsx file; None only returns the bytes.
        lang: language of titles and labels: `"vi"` (default) or `"en"`.

    Returns:
        The .xlsx file's bytes.

    Raises:
        SpreadsheetExportError: with every value the sheets cannot hold, and when a sheet
            would need more than Excel's 1,048,576 rows.
        MissingExtraError: openpyxl is not installed.
        ValueError: `lang` is neither `"vi"` nor `"en"`.
    """
    lang = _check_lang(lang)
    openpyxl = _openpyxl(reading=False)
    uncovered = uncovered_fields()
    problems: list[Problem] = []
    if uncovered:  # pragma: no cover - guarded by the tests
        problems = [
            Problem(
                record_type="layout",
                field=name,
                code="unexpressible",
                message=f"{name} has no column in the spreadsheet layout",
            )
            for name in uncovered
        ]
        raise SpreadsheetExportError(problems, summary="cannot export to a workbook")
    workbook = _skeleton(openpyxl, lang)
    problems = []
    rows = _export_rows(dataset, lang, problems)
    for spec in SHEETS:
        last = FIRST_DATA_ROW + len(rows[spec.key]) - 1
        if last > EXCEL_MAX_ROWS:
            problems.append(
                Problem(
                    record_type=spec.title(lang),
                    code="too_many_rows",
                    message=(
                        f"{len(rows[spec.key]):,} rows do not fit on one sheet (a sheet ends at "
                        f"row {EXCEL_MAX_ROWS:,}); export the dataset as JSON, or split it"
                    ),
                )
            )
    if problems:
        raise SpreadsheetExportError(problems, summary="cannot export to a workbook")
    for spec in SHEETS:
        sheet = workbook[spec.title(lang)]
        _fill(sheet, spec, rows[spec.key])
    return _save(workbook, path)


def _save(workbook: Workbook, path: str | os.PathLike[str] | None) -> bytes:
    data = workbook_bytes(workbook)
    if path is not None:
        atomic_write(path, data)
    return data


def _get(model: BaseModel, key: str) -> Any:
    value: Any = model
    for part in key.split("."):
        if value is None:
            return None
        value = getattr(value, part)
    return value


def _default(model_type: type[BaseModel], key: str) -> Any:
    parts = key.split(".")
    current: Any = model_type
    for part in parts[:-1]:
        current, _ = field_annotation(current, part)
    info = current.model_fields[parts[-1]]
    return None if info.is_required() else info.get_default(call_default_factory=True)


def _export_rows(
    dataset: QmsDataset, lang: Language, problems: list[Problem]
) -> dict[str, list[list[Any]]]:
    rows: dict[str, list[list[Any]]] = {spec.key: [] for spec in SHEETS}
    info = DatasetInfo(name=dataset.name, layout_version=LAYOUT_VERSION)
    rows["dataset"].append(_row(info, SHEET_BY_KEY["dataset"], lang, problems, None, "dataset"))
    for collection in COLLECTIONS:
        spec = SHEET_BY_KEY[collection]
        for record in getattr(dataset, collection):
            rows[collection].append(_row(record, spec, lang, problems, record, record.record_type))
            for child_key in spec.children:
                child = SHEET_BY_KEY[child_key]
                for i, item in enumerate(getattr(record, child.field or "")):
                    cells = _row(
                        item,
                        child,
                        lang,
                        problems,
                        record,
                        record.record_type,
                        f"{child.field}[{i}].",
                    )
                    cells[0] = record.id
                    rows[child_key].append(cells)
    return rows


def _row(
    model: BaseModel,
    spec: Sheet,
    lang: Language,
    problems: list[Problem],
    record: Record | None,
    record_type: str,
    prefix: str = "",
) -> list[Any]:
    cells: list[Any] = []
    for col in spec.columns:
        if col.link:
            cells.append(None)
            continue
        value = _get(model, col.key)
        try:
            cell = write_cell(value, col, lang)
            if cell is None and value != _default(spec.model, col.key):
                msg = f"the value {value!r} would read back as empty"
                raise UnexpressibleError(msg)
        except UnexpressibleError as exc:
            problems.append(
                Problem(
                    record_type=record_type,
                    record_id=record.id if record is not None else None,
                    field=prefix + col.key,
                    code="unexpressible",
                    message=f"{prefix + col.key} {exc}",
                )
            )
            cell = None
        cells.append(cell)
    return cells


def _fill(sheet: Worksheet, spec: Sheet, rows: Sequence[Sequence[Any]]) -> None:
    for r, values in enumerate(rows, start=FIRST_DATA_ROW):
        for c, (col, value) in enumerate(zip(spec.columns, values, strict=True), start=1):
            if value is None:
                continue
            if isinstance(value, str):
                cell = sheet.cell(r, c, escape_xstring(value))
                cell.data_type = "s"  # text that starts with "=" stays text
                continue
            cell = sheet.cell(r, c, value)
            if isinstance(value, dt.date):
                cell.number_format = _DATE_FORMAT
            elif col.kind == "int":
                cell.number_format = "#,##0" if "budget" in col.key else "0"
    if rows:
        last = column_letter(len(spec.columns) - 1)
        sheet.auto_filter.ref = f"A{TITLE_ROW}:{last}{FIRST_DATA_ROW + len(rows) - 1}"


def _skeleton(openpyxl: ModuleType, lang: Language) -> Workbook:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook: Workbook = openpyxl.Workbook()
    instructions = workbook.active
    assert instructions is not None
    instructions.title = INSTRUCTIONS[1] if lang == "vi" else INSTRUCTIONS[2]
    lists_title = CODE_LISTS[1] if lang == "vi" else CODE_LISTS[2]
    ranges = _code_lists(workbook, lists_title, lang)
    header_font = Font(bold=True)
    key_font = Font(color=_KEY_FONT_COLOR, size=8)
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, spec in enumerate(SHEETS, start=1):
        sheet = workbook.create_sheet(spec.title(lang), index)
        for c, col in enumerate(spec.columns, start=1):
            letter = column_letter(c - 1)
            key_cell = sheet.cell(KEY_ROW, c, col.key)
            key_cell.font = key_font
            title = sheet.cell(TITLE_ROW, c, col.title(lang))
            title.font = header_font
            title.fill = fill
            title.alignment = wrap
            title.comment = Comment(_column_help(spec, col, lang), "vn_iso_qms", 160, 320)
            dim = sheet.column_dimensions[letter]
            dim.width = max(12, min(45, len(col.title(lang)) * 0.9 + 2))
            if col.kind in ("text", "list", "date", "period"):
                dim.number_format = "@"  # typed values stay text: no locale guessing
            validation = _validation(DataValidation, col, lang, ranges)
            if validation is not None:
                sheet.add_data_validation(validation)
                validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}1048576")
        sheet.row_dimensions[KEY_ROW].hidden = True
        sheet.row_dimensions[TITLE_ROW].height = 45
        sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    _instructions(instructions, lang, header_font, fill, wrap)
    return workbook


def _validation(factory: Any, col: Column, lang: Language, ranges: dict[str, str]) -> Any:
    if col.kind == "enum" and col.enum is not None:
        formula = ranges[col.enum.__name__]
    elif col.kind == "bool":
        formula = '"' + ",".join(BOOL_LABELS[lang]) + '"'
    elif col.kind == "met":
        formula = '"' + ",".join(MET_LABELS[lang]) + '"'
    else:
        return None
    if lang == "vi":
        title, error = "Giá trị ngoài danh sách", "Hãy chọn một giá trị trong danh sách."
    else:
        title, error = "Value not in the list", "Choose a value from the list."
    return factory(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=title,
        error=error,
    )


def _code_lists(workbook: Workbook, title: str, lang: Language) -> dict[str, str]:
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(title)
    other: Language = "en" if lang == "vi" else "vi"
    heads = {
        "vi": ("Nhãn", "Mã", "Nhãn tiếng Anh"),
        "en": ("Label", "Code", "Vietnamese label"),
    }[lang]
    ranges: dict[str, str] = {}
    vocabs: list[tuple[str, tuple[str, str], list[tuple[str, str, str]]]] = [
        (
            enum.__name__,
            VOCAB_TITLES[enum.__name__],
            [(m.label(lang), m.value, m.label(other)) for m in enum],
        )
        for enum in vocabularies()
    ]
    bool_title = ("Có / Không", "Yes / No")
    vocabs.append(
        (
            "_bool",
            bool_title,
            [
                (BOOL_LABELS[lang][0], "true", BOOL_LABELS[other][0]),
                (BOOL_LABELS[lang][1], "false", BOOL_LABELS[other][1]),
            ],
        )
    )
    met_title = ("Kết quả theo tiêu chí", "Checklist result")
    vocabs.append(
        (
            "_met",
            met_title,
            [
                (MET_LABELS[lang][i], code, MET_LABELS[other][i])
                for i, code in enumerate(("true", "false", "n/a"))
            ],
        )
    )
    bold = Font(bold=True)
    for j, (name, titles, members) in enumerate(vocabs):
        base = j * 4 + 1
        head = sheet.cell(1, base, titles[0] if lang == "vi" else titles[1])
        head.font = bold
        for k, text in enumerate(heads):
            sheet.cell(2, base + k, text).font = bold
        for i, member in enumerate(members, start=3):
            for k, text in enumerate(member):
                sheet.cell(i, base + k, text).data_type = "s"
        letter = column_letter(base - 1)
        sheet.column_dimensions[letter].width = 45
        sheet.column_dimensions[column_letter(base)].width = 24
        sheet.column_dimensions[column_letter(base + 1)].width = 40
        quoted = "'" + title.replace("'", "''") + "'"
        ranges[name] = f"{quoted}!${letter}$3:${letter}${2 + len(members)}"
    sheet.freeze_panes = "A3"
    return ranges


def _column_help(spec: Sheet, col: Column, lang: Language) -> str:
    """The comment on a column title: required or not, how to type it, an example, its meaning."""
    vi = lang == "vi"
    required = (
        ("Bắt buộc" if vi else "Required")
        if col.required
        else ("Không bắt buộc" if vi else "Optional")
    )
    example = column_example(spec, col, lang)
    lines = [f"{required}. {column_format(spec, col, lang)}."]
    if example:
        lines.append(f"{'Ví dụ' if vi else 'Example'}: {example}")
    lines.append(column_description(spec, col, lang))
    return "\n".join(lines)


_RULES: dict[Language, tuple[str, ...]] = {
    "vi": (
        "Mỗi trang tính là một loại hồ sơ; mỗi dòng là một bản ghi. Không đổi tên, không xóa "
        "trang tính; trang không dùng thì để trống.",
        "Dòng 1 được ẩn để chương trình nhận ra các cột: không sửa, không xóa. Dòng 2 là tiêu "
        "đề cột. Nhập dữ liệu từ dòng 3; dòng trống được bỏ qua.",
        "Ngày: gõ theo ngày/tháng/năm với năm đủ 4 chữ số, ví dụ 31/12/2023 hoặc 5/1/2024 (hoặc "
        "dùng ô kiểu ngày của Excel). Không dùng dạng tháng/ngày; năm 2 chữ số bị từ chối. Các "
        "cột ngày được định dạng Văn bản để Excel không tự đổi ngày theo cài đặt máy; khi sửa một ô "
        "ngày đã có trên máy đặt kiểu ngày tháng/ngày (kiểu Mỹ), hãy gõ dấu nháy đơn trước ngày, "
        "ví dụ '31/12/2023.",
        "Cột có danh sách chọn: chọn nhãn trong danh sách (xem trang 'Danh mục'); cũng có thể "
        "gõ mã.",
        f"Cột nhiều giá trị (danh sách mã định danh, mã TTHC, ...): các giá trị cách nhau bằng "
        f"'{LIST_SEPARATOR}'.",
        "Mã định danh: chữ cái không dấu, chữ số và các ký tự . _ : - (tối đa 80 ký tự); dùng để "
        "liên kết các trang với nhau và phải duy nhất trong một trang.",
        "Trang chi tiết (ISO điện tử, Ban hành quy trình, Phát hiện đánh giá, Nhật ký khắc "
        "phục, Đổi thời hạn, Danh sách kiểm tra, Kết quả theo tiêu chí, Tồn tại qua kiểm tra): "
        "mỗi dòng ghi mã định danh của dòng cha ở cột đầu tiên; thứ tự các dòng được giữ "
        "nguyên.",
        "Không gộp ô (merge). Ô có công thức được chấp nhận khi tệp đã được Excel tính và lưu "
        "giá trị.",
        "Văn bản tiếng Việt được giữ nguyên như đã gõ (không tự sửa, không cắt khoảng trắng).",
        "Kiểm tra trước khi nhập: lệnh 'vn-iso-qms validate tệp.xlsx' báo mọi lỗi cùng lúc, mỗi "
        "lỗi ghi rõ trang, dòng, cột, ô và cách sửa.",
    ),
    "en": (
        "Each sheet holds one kind of record; each row is one record. Do not rename or delete "
        "sheets; leave unused sheets empty.",
        "Row 1 is hidden: the program recognises the columns by it, so do not edit or delete it. "
        "Row 2 holds the titles. Data starts on row 3; empty rows are skipped.",
        "Dates: type day/month/year with a four-digit year, e.g. 31/12/2023 or 5/1/2024 (or use "
        "an Excel date cell). Month/day order and two-digit years are refused. Date columns are "
        "formatted as Text so that Excel does not reinterpret typed dates by the computer's "
        "locale; when editing an existing date cell on a computer set to month/day (US) dates, "
        "type an apostrophe first, e.g. '31/12/2023.",
        "Columns with a drop-down: pick a label from the list (see the 'Code lists' sheet); "
        "codes are accepted too.",
        f"List columns (ids, TTHC codes, ...): separate items with '{LIST_SEPARATOR}'.",
        "Ids: ASCII letters, digits and . _ : - (up to 80 characters); they link the sheets "
        "and must be unique within a sheet.",
        "Detail sheets (e-ISO use, Process revisions, Audit findings, Corrective action log, "
        "Rescheduled activities, Inspection plan entries, Checklist results, Inspection "
        "findings): each row gives its parent row's id in the first column; row order is kept.",
        "Do not merge cells. Formula cells are accepted when the file was calculated and saved "
        "by Excel (the stored value is read).",
        "Text is kept exactly as typed (no corrections, no trimming).",
        "Check before importing: 'vn-iso-qms validate file.xlsx --lang en' reports every error at "
        "once, each naming the sheet, row, column, cell and how to fix it.",
    ),
}


def _instructions(sheet: Worksheet, lang: Language, bold: Any, fill: Any, wrap: Any) -> None:
    vi = lang == "vi"
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 12
    sheet.column_dimensions["D"].width = 40
    sheet.column_dimensions["E"].width = 30
    sheet.column_dimensions["F"].width = 70
    title = (
        "Mẫu nhập liệu HTQLCL theo TCVN ISO 9001 (vn_iso_qms)"
        if vi
        else "QMS data template, TCVN ISO 9001 (vn_iso_qms)"
    )
    sheet.cell(1, 1, title).font = bold
    row = 3
    sheet.cell(row, 1, "Quy tắc chung" if vi else "General rules").font = bold
    for n, rule in enumerate(_RULES[lang], start=1):
        row += 1
        sheet.cell(row, 1, f"{n}.")
        cell = sheet.cell(row, 2, rule)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        cell.alignment = wrap
        sheet.row_dimensions[row].height = 32
    row += 2
    heads = ("Trang tính", "Nội dung", "Liên kết tới") if vi else ("Sheet", "Holds", "Linked to")
    for c, text in enumerate(heads, start=1):
        head = sheet.cell(row, c, text)
        head.font = bold
        head.fill = fill
    for spec in SHEETS:
        row += 1
        sheet.cell(row, 1, spec.title(lang))
        sheet.cell(row, 2, spec.about_vi if vi else spec.about_en).alignment = wrap
        if spec.parent:
            sheet.cell(row, 3, SHEET_BY_KEY[spec.parent].title(lang))
    row += 2
    columns_heads = (
        ("Trang tính", "Cột", "Bắt buộc", "Cách nhập", "Ví dụ", "Ý nghĩa")
        if vi
        else ("Sheet", "Column", "Required", "How to type it", "Example", "Meaning")
    )
    for c, text in enumerate(columns_heads, start=1):
        head = sheet.cell(row, c, text)
        head.font = bold
        head.fill = fill
    yes, no = BOOL_LABELS[lang]
    for spec in SHEETS:
        for col in spec.columns:
            row += 1
            sheet.cell(row, 1, spec.title(lang))
            sheet.cell(row, 2, col.title(lang))
            sheet.cell(row, 3, yes if col.required else no)
            sheet.cell(row, 4, column_format(spec, col, lang)).alignment = wrap
            example = sheet.cell(row, 5, column_example(spec, col, lang))
            example.data_type = "s"  # shown exactly as it is typed
            sheet.cell(row, 6, column_description(spec, col, lang)).alignment = wrap
