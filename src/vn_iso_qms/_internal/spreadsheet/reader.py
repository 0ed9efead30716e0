"""From rows of cell values to validated records, with every problem located by sheet/row/column.

Format-agnostic: the workbook and CSV readers hand over rows of plain values (and
`CellFault` markers for cells that cannot be read); this module finds the header, reads
each cell as its column's kind, puts child rows into their parents, validates every record and
then every link between records, and reports problems in the spreadsheet's own terms:
`Problem.record_type` is the sheet name, `Problem.index` the row number people see (1-based),
`Problem.field` the column title, and each message starts with the cell reference (`cell D7:`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from vn_iso_qms._internal.base import Record
from vn_iso_qms._internal.dataset import COLLECTIONS
from vn_iso_qms._internal.errors import Problem, error_message
from vn_iso_qms._internal.spreadsheet.cells import CellError, CellFault, is_empty, read_cell
from vn_iso_qms._internal.spreadsheet.layout import (
    GROUP_TITLES,
    KEY_ROW,
    SHEET_BY_KEY,
    TITLE_ROW,
    Column,
    DatasetInfo,
    Sheet,
)
from vn_iso_qms._internal.spreadsheet.problems import SheetProblem, vi_model_message
from vn_iso_qms._internal.suggest import closest, show_value
from vn_iso_qms._internal.text import fold
from vn_iso_qms._internal.vocab_base import LabelledEnum, Language

RowData = tuple[int, Sequence[object]]
"""A row number (1-based, as people see it) and the row's cell values, column A first."""


def column_letter(index: int) -> str:
    """Excel's column letter for a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class ParsedRow:
    """One data row read from a sheet."""

    row: int
    values: dict[str, Any] = field(default_factory=dict)
    bad: set[str] = field(default_factory=set)
    failed: bool = False
    raw_id: str | None = None
    raw: dict[str, object] = field(default_factory=dict)
    """The cells as typed, by column key (for messages: dates as the user wrote them)."""

    def typed(self, key: str, lang: Language = "vi") -> str:
        """The cell `key` as typed, quoted for a message (`'5/1/2024'`, `31/12/2023`, empty)."""
        value = self.raw.get(key)
        if value is None:
            return "trống" if lang == "vi" else "empty"
        if isinstance(value, dt.date):
            return f"{value.day:02d}/{value.month:02d}/{value.year}"
        return show_value(value)


@dataclass
class ParsedSheet:
    """One sheet after its header was matched and its cells were read."""

    title: str
    spec: Sheet
    lang: Language
    positions: dict[str, int] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    rows: list[ParsedRow] = field(default_factory=list)

    def field_title(self, key: str) -> str:
        """The title of the column `key` as shown in the file (or the layout's title)."""
        if key in self.titles:
            return self.titles[key]
        col = self.spec.column(key)
        return col.title(self.lang) if col else key

    def cell_ref(self, row: int | None, key: str | None) -> str | None:
        """`D7` for the column `key` on `row`, or None when the column is not on the sheet."""
        if row is None or key is None or key not in self.positions:
            return None
        return f"{column_letter(self.positions[key])}{row}"

    def where(self, row: int | None, key: str | None) -> str:
        """`cell D7`, `row 7` or empty: the start of a message."""
        if row is not None and key is not None and key in self.positions:
            return f"cell {column_letter(self.positions[key])}{row}"
        if row is not None:
            return f"row {row}"
        return ""


def _problem(
    sheet: ParsedSheet | str,
    *,
    row: int | None,
    key: str | None = None,
    label: str | None = None,
    code: str,
    message: str,
    vi: str | None = None,
    record_id: str | None = None,
    more: Sequence[str] = (),
    more_cells: Sequence[str] = (),
    caused_by: tuple[str, int] | None = None,
    legacy: str | None = None,
) -> SheetProblem:
    """A located problem in both languages.

    `key` is the main column, `more` other columns of the same row, `more_cells` cells of
    other rows (a duplicate's first row, the previous log entry).
    """
    cells: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    if isinstance(sheet, str):
        title, where, field_title = sheet, (f"row {row}" if row is not None else ""), label
        columns = (label,) if label else ()
    else:
        title = sheet.title
        where = sheet.where(row, key)
        field_title = label if label is not None else (sheet.field_title(key) if key else None)
        keys = [k for k in (key, *more) if k]
        cells = tuple(ref for k in keys if (ref := sheet.cell_ref(row, k)) is not None)
        columns = tuple(dict.fromkeys(sheet.field_title(k) for k in keys))
        if not columns and label:
            columns = (label,)
    cells += tuple(more_cells)
    return SheetProblem(
        record_type=title,
        record_id=record_id,
        field=field_title,
        index=row,
        code=code,
        message=f"{where}: {legacy or message}" if where else (legacy or message),
        sheet=title,
        row=row,
        cells=cells,
        columns=columns,
        detail_en=message,
        detail_vi=vi if vi is not None else message,
        caused_by=caused_by,
    )


def _sheet_problem(
    title: str,
    *,
    code: str,
    en: str,
    vi: str,
    row: int | None = None,
    cell: str | None = None,
    column: str | None = None,
) -> SheetProblem:
    """A problem of a sheet as a whole, or of one header cell."""
    where = f"cell {cell}" if cell else (f"row {row}" if row is not None else "")
    return SheetProblem(
        record_type=title,
        field=column,
        index=row,
        code=code,
        message=f"{where}: {en}" if where else en,
        sheet=title,
        row=row,
        cells=(cell,) if cell else (),
        columns=(column,) if column else (),
        detail_en=en,
        detail_vi=vi,
    )


# --- header and cells ------------------------------------------------------------------------


def _names(col: Column) -> set[str]:
    return {fold(col.vi), fold(col.en), fold(col.key)}


def parse_sheet(
    title: str,
    spec: Sheet,
    rows: Iterable[RowData],
    problems: list[Problem],
    *,
    name_lang: Language | None = None,
) -> ParsedSheet:
    """Match the header of one sheet and read every non-empty data row.

    Args:
        title: the sheet's name in the file.
        spec: the layout of the sheet.
        rows: the rows, in order, with their numbers.
        problems: where problems are appended.
        name_lang: the language of the sheet's name, if known.

    Returns:
        The parsed sheet.
    """
    iterator = iter(rows)
    header: dict[int, Sequence[object]] = {}
    pending: RowData | None = None
    for number, values in iterator:
        if number <= TITLE_ROW:
            header[number] = values
            continue
        pending = (number, values)
        break
    sheet = ParsedSheet(title=title, spec=spec, lang=name_lang or "vi")
    first_data = _read_header(sheet, header, problems)
    rest: Iterator[RowData] = iterator
    if pending is not None:
        rest = _chain(pending, iterator)
    early = [(n, header[n]) for n in sorted(header) if n >= first_data]
    reported: set[int] = set()
    by_position = {i: sheet.spec.column(k) for k, i in sheet.positions.items()}
    for number, values in _chain_all(early, rest):
        parsed = _read_row(sheet, by_position, number, values, problems, reported)
        if parsed is not None:
            sheet.rows.append(parsed)
    return sheet


def _chain(first: RowData, rest: Iterator[RowData]) -> Iterator[RowData]:
    yield first
    yield from rest


def _chain_all(first: list[RowData], rest: Iterator[RowData]) -> Iterator[RowData]:
    yield from first
    yield from rest


def _header_cells(values: Sequence[object]) -> list[tuple[int, object]]:
    """The non-empty, readable cells of a header row."""
    return [
        (i, value)
        for i, value in enumerate(values)
        if not is_empty(value) and not isinstance(value, CellFault)
    ]


def _header_faults(
    sheet: ParsedSheet, number: int, values: Sequence[object], problems: list[Problem]
) -> None:
    for i, value in enumerate(values):
        if isinstance(value, CellFault) and value.message is not None:
            problems.append(
                _sheet_problem(
                    sheet.title,
                    row=number,
                    cell=f"{column_letter(i)}{number}",
                    code=value.code,
                    en=value.message,
                    vi=value.message_vi or value.message,
                )
            )


def _read_header(
    sheet: ParsedSheet, header: dict[int, Sequence[object]], problems: list[Problem]
) -> int:
    """Fill in the column positions and titles; return the first data row."""
    spec = sheet.spec
    keys: dict[str, Column] = {c.key: c for c in spec.columns}
    row1 = _header_cells(header.get(KEY_ROW, ()))
    row2 = _header_cells(header.get(TITLE_ROW, ()))
    lookup: dict[str, Column] = {}
    for col in spec.columns:
        for name in _names(col):
            lookup.setdefault(name, col)
    # Row 1 holds machine keys (or, in a sheet made by hand, titles); each cell names a column.
    mapping: dict[int, Column] = {}
    unknown: list[tuple[int, object]] = []
    for i, value in row1:
        found = None
        if isinstance(value, str):
            found = keys.get(value) or lookup.get(fold(value))
        if found is None:
            unknown.append((i, value))
        else:
            mapping[i] = found
    # Row 2 is the title row when row 1 has keys and row 2 repeats at least one title (or is
    # empty); otherwise data starts on row 2.
    has_keys = any(isinstance(v, str) and v in keys for _, v in row1)
    two_rows = has_keys and (
        not row2
        or any(
            isinstance(v, str) and i in mapping and fold(v) in _names(mapping[i]) for i, v in row2
        )
    )
    title_row = TITLE_ROW if two_rows else KEY_ROW
    shown: dict[int, str] = {}
    votes = {"vi": 0, "en": 0}
    for i, value in row2 if two_rows else row1:
        if isinstance(value, str) and i in mapping:
            shown[i] = value
            _vote(votes, mapping[i], value)
    first_data = title_row + 1
    for number in range(KEY_ROW, first_data):
        _header_faults(sheet, number, header.get(number, ()), problems)
    if votes["vi"] != votes["en"]:
        sheet.lang = "vi" if votes["vi"] > votes["en"] else "en"
    for i, value in unknown:
        titles = [c.title(sheet.lang) for c in spec.columns]
        near = closest(str(value), titles, cutoff=0.6)
        hint_en = f"did you mean {near!r}? " if near else ""
        hint_vi = f"có phải ý bạn là '{near}'? " if near else ""
        problem = _sheet_problem(
            sheet.title,
            row=KEY_ROW,
            cell=f"{column_letter(i)}{KEY_ROW}",
            column=str(value),
            code="unknown_column",
            en=(
                f"{str(value)!r} is not a column of this sheet; {hint_en}"
                f"(columns: {', '.join(titles)})"
            ),
            vi=(
                f"{show_value(str(value))} không phải là cột của trang này; {hint_vi}"
                f"(các cột: {', '.join(titles)})"
            ),
        )
        problems.append(problem)
    for i in sorted(mapping):
        col = mapping[i]
        if col.key in sheet.positions:
            other = column_letter(sheet.positions[col.key])
            problems.append(
                _sheet_problem(
                    sheet.title,
                    row=title_row,
                    cell=f"{column_letter(i)}{title_row}",
                    column=shown.get(i, col.title(sheet.lang)),
                    code="duplicate_column",
                    en=f"column {col.title(sheet.lang)!r} appears twice (also column {other})",
                    vi=f"cột '{col.title(sheet.lang)}' xuất hiện hai lần (cả ở cột {other})",
                )
            )
            continue
        sheet.positions[col.key] = i
        sheet.titles[col.key] = shown.get(i, col.title(sheet.lang))
    has_header = bool(row1) or bool(row2)
    for col in spec.columns:
        if col.required and col.key not in sheet.positions and has_header:
            problems.append(
                _sheet_problem(
                    sheet.title,
                    row=title_row,
                    column=col.title(sheet.lang),
                    code="missing_column",
                    en=(
                        f"the required column {col.title(sheet.lang)!r} (key {col.key!r}) is "
                        "missing"
                    ),
                    vi=(
                        f"thiếu cột bắt buộc '{col.title(sheet.lang)}'; chép lại cột này từ "
                        "mẫu biểu"
                    ),
                )
            )
    return first_data


def _vote(votes: dict[str, int], col: Column | None, value: str) -> None:
    if col is None:
        return
    folded = fold(value)
    if folded == fold(col.key):
        return  # a machine key says nothing about the language
    if folded == fold(col.vi) and folded != fold(col.en):
        votes["vi"] += 1
    elif folded == fold(col.en) and folded != fold(col.vi):
        votes["en"] += 1


def _read_row(
    sheet: ParsedSheet,
    by_position: dict[int, Column | None],
    number: int,
    values: Sequence[object],
    problems: list[Problem],
    reported: set[int],
) -> ParsedRow | None:
    if all(is_empty(v) or (isinstance(v, CellFault) and v.message is None) for v in values):
        return None
    parsed = ParsedRow(row=number)
    before = len(problems)
    id_key = "id" if sheet.spec.parent is None else sheet.spec.columns[0].key
    id_pos = sheet.positions.get(id_key)
    if id_pos is not None and id_pos < len(values) and isinstance(values[id_pos], str):
        parsed.raw_id = str(values[id_pos]) or None
    for i, value in enumerate(values):
        if is_empty(value):
            continue
        col = by_position.get(i)
        if col is not None and not isinstance(value, CellFault):
            parsed.raw[col.key] = value
        if col is None:
            if isinstance(value, CellFault) and value.message is None:
                continue
            if i not in reported:
                reported.add(i)
                problems.append(
                    _problem(
                        sheet,
                        row=number,
                        code="unknown_column",
                        message=(
                            f"cell {column_letter(i)}{number} has a value but its column has no "
                            "known title; give the column a title from the template or clear it"
                        ),
                        vi=(
                            f"ô {column_letter(i)}{number} có giá trị nhưng cột của nó không có "
                            "tiêu đề trong mẫu biểu; đặt tiêu đề cột theo mẫu hoặc xóa giá trị"
                        ),
                        more_cells=(f"{column_letter(i)}{number}",),
                        record_id=parsed.raw_id,
                    )
                )
            continue
        if isinstance(value, CellFault):
            parsed.bad.add(col.key)
            if value.message is not None:
                problems.append(
                    _problem(
                        sheet,
                        row=number,
                        key=col.key,
                        code=value.code,
                        message=value.message,
                        vi=value.message_vi,
                        record_id=parsed.raw_id,
                    )
                )
            continue
        try:
            parsed.values[col.key] = read_cell(value, col)
        except CellError as exc:
            parsed.bad.add(col.key)
            problems.append(
                _problem(
                    sheet,
                    row=number,
                    key=col.key,
                    code=exc.code,
                    message=exc.message,
                    vi=exc.vi,
                    record_id=parsed.raw_id,
                )
            )
    parsed.failed = len(problems) > before or bool(parsed.bad)
    return parsed


# --- records ----------------------------------------------------------------------------------


@dataclass
class Pending:
    """A parent row with its child rows, before validation."""

    sheet: ParsedSheet
    row: ParsedRow
    children: dict[str, list[tuple[ParsedSheet, ParsedRow]]] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """Whether the row or one of its child rows could not be read."""
        return self.row.failed or any(r.failed for rows in self.children.values() for _, r in rows)


@dataclass
class Located:
    """Where inside a pending record a validation location points."""

    sheet: ParsedSheet
    row: ParsedRow
    key: str | None
    label: str | None = None
    item: int | None = None


def _nest(values: dict[str, Any], spec: Sheet) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        col = spec.column(key)
        if col is not None and col.link:
            continue
        parts = key.split(".")
        target = out
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return out


def _key_of(
    sheet: ParsedSheet, loc: Sequence[int | str]
) -> tuple[str | None, str | None, int | None]:
    """(column key, label for a group, list item) for a location inside one row."""
    names: list[str] = []
    item: int | None = None
    for part in loc:
        if isinstance(part, int):
            item = part
            break
        names.append(part)
    while names:
        path = ".".join(names)
        if sheet.spec.column(path) is not None:
            return path, None, item
        if any(c.key.startswith(path + ".") for c in sheet.spec.columns):
            vi, en = GROUP_TITLES.get(path, (path, path))
            return None, vi if sheet.lang == "vi" else en, None
        names.pop()
    return None, None, None


def _child_sheet(pending: Pending, child_field: str) -> Sheet:
    return next(
        SHEET_BY_KEY[k] for k in pending.sheet.spec.children if SHEET_BY_KEY[k].field == child_field
    )


def _child_label(pending: Pending, child_field: str) -> str:
    return f"{_child_sheet(pending, child_field).title(pending.sheet.lang)} (sheet)"


def locate(pending: Pending, loc: Sequence[int | str]) -> Located:
    """Translate a location inside a record into a sheet, row and column."""
    if loc and isinstance(loc[0], str) and loc[0] in pending.children:
        rows = pending.children[loc[0]]
        if len(loc) >= 2 and isinstance(loc[1], int) and 0 <= loc[1] < len(rows):
            child_sheet, child_row = rows[loc[1]]
            key, label, item = _key_of(child_sheet, loc[2:])
            return Located(child_sheet, child_row, key, label, item)
        return Located(pending.sheet, pending.row, None, _child_label(pending, str(loc[0])), None)
    key, label, item = _key_of(pending.sheet, loc)
    return Located(pending.sheet, pending.row, key, label, item)


def _show(value: object) -> str:
    if isinstance(value, LabelledEnum):
        return repr(value.value)
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, str):
        return show_value(value)
    return repr(value)


def _located_problem(
    pending: Pending,
    loc: Sequence[int | str],
    code: str,
    message: str,
    record_id: str | None,
    *,
    vi: str | None = None,
    caused_by: tuple[str, int] | None = None,
) -> SheetProblem | None:
    where = locate(pending, loc)
    if where.key is not None and where.key in where.row.bad:
        return None  # already reported as an unreadable cell
    if code == "missing" and where.key is not None and where.key not in where.sheet.positions:
        return None  # already reported as a missing column
    if where.item is not None:
        message = f"item {where.item + 1}: {message}"
        vi = f"mục {where.item + 1}: {vi}" if vi is not None else None
    return _problem(
        where.sheet,
        row=where.row.row,
        key=where.key,
        label=where.label,
        code=code,
        message=message,
        vi=vi,
        record_id=record_id,
        caused_by=caused_by,
    )


_WORD = re.compile(r"[a-z][a-z0-9_]*")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _mentioned(sheet: ParsedSheet, loc: Sequence[int | str], message: str) -> list[str]:
    """Column keys of `sheet` that `message` names (field names), in order of mention."""
    groups = [p for p in loc if isinstance(p, str) and p not in ("log",)]
    prefixes = [""] + [".".join(groups[: i + 1]) + "." for i in range(len(groups))]
    found: list[str] = []
    for word in _WORD.findall(message):
        for prefix in reversed(prefixes):
            key = prefix + word
            col = sheet.spec.column(key)
            if col is not None and not col.link and key not in found:
                found.append(key)
                break
    return found


def _readable(message: str, sheet: ParsedSheet, row: ParsedRow, keys: Sequence[str]) -> str:
    """`message` with field names replaced by column titles and dates shown as typed."""
    for key in keys:
        name = key.rsplit(".", 1)[-1]
        title = sheet.field_title(key)
        message = re.sub(rf"\b{re.escape(name)}\b", f"'{title}'", message, count=1)
        value = row.values.get(key)
        if isinstance(value, dt.date):
            message = message.replace(value.isoformat(), row.typed(key, "en"), 1)
    return message


_CHILD_DUPLICATES: dict[str, tuple[str, ...]] = {
    "findings": ("number",),
    "checklist": ("item",),
    "entries": ("agency_id", "form"),
}
"""Child lists whose rows must differ, and the columns that must differ."""


def _child_problem(
    pending: Pending, code: str, message: str, record_id: str | None
) -> SheetProblem | None:
    """A record-level error that is really about rows of a child sheet, located there."""
    for child_field, keys in _CHILD_DUPLICATES.items():
        rows = pending.children.get(child_field)
        if code != "duplicate_entry" or not rows:
            continue
        seen: dict[tuple[object, ...], tuple[ParsedSheet, ParsedRow]] = {}
        for sheet, row in rows:
            value = tuple(row.values.get(k) for k in keys)
            if value in seen:
                first_sheet, first = seen[value]
                first_cell = first_sheet.cell_ref(first.row, keys[0])
                shown = ", ".join(row.typed(k) for k in keys)
                shown_en = ", ".join(row.typed(k, "en") for k in keys)
                return _problem(
                    sheet,
                    row=row.row,
                    key=keys[0],
                    more=keys[1:],
                    more_cells=(first_cell,) if first_cell else (),
                    code=code,
                    message=f"{shown_en} is given twice (also on row {first.row}): {message}",
                    vi=f"{shown} bị ghi hai lần (đã có ở dòng {first.row})",
                    record_id=record_id,
                )
            seen[value] = (sheet, row)
    log = pending.children.get("log")
    if log and code in ("state_transition", "date_order") and "state log" in message:
        return _log_problem(pending, log, code, message, record_id)
    revisions = pending.children.get("revisions")
    if revisions and message.startswith("revisions must be in order"):
        for (_, before), (sheet, after) in itertools.pairwise(revisions):
            b, a = before.values.get("approved_on"), after.values.get("approved_on")
            if isinstance(a, dt.date) and isinstance(b, dt.date) and a < b:
                cell = sheet.cell_ref(before.row, "approved_on")
                return _problem(
                    sheet,
                    row=after.row,
                    key="approved_on",
                    more_cells=(cell,) if cell else (),
                    code=code,
                    message=(
                        f"{after.typed('approved_on', 'en')} is before the previous revision's "
                        f"{before.typed('approved_on', 'en')} (row {before.row}); list revisions "
                        "oldest first"
                    ),
                    vi=(
                        f"{after.typed('approved_on')} sớm hơn lần ban hành trước "
                        f"({before.typed('approved_on')}, dòng {before.row}); ghi các lần ban "
                        "hành theo thứ tự thời gian"
                    ),
                    record_id=record_id,
                )
    return None


_TRANSITION = re.compile(r"'([a-z_]+)' cannot follow '([^']+)' \(allowed: ([^)]*)\)")


def _log_problem(
    pending: Pending,
    log: list[tuple[ParsedSheet, ParsedRow]],
    code: str,
    message: str,
    record_id: str | None,
) -> SheetProblem | None:
    """A state-log error located at the log row that breaks the order."""
    m = _TRANSITION.search(message)
    previous: tuple[ParsedSheet, ParsedRow] | None = None
    for sheet, row in log:
        state, on = row.values.get("state"), row.values.get("on")
        prev_row = previous[1] if previous else None
        if m is not None and isinstance(state, LabelledEnum) and state.value == m[1]:
            came = prev_row.values.get("state") if prev_row else None
            came_code = came.value if isinstance(came, LabelledEnum) else "the start"
            if came_code == m[2]:
                enum = type(state)
                codes = {member.value: member for member in enum}
                allowed = [codes[c.strip()] for c in m[3].split(",") if c.strip() in codes]
                prev_cell = sheet.cell_ref(prev_row.row, "state") if prev_row else None
                after_vi = f"'{came.label_vi}'" if isinstance(came, LabelledEnum) else "đầu nhật ký"
                after_en = f"'{came.label_en}'" if isinstance(came, LabelledEnum) else "the start"
                return _problem(
                    sheet,
                    row=row.row,
                    key="state",
                    more_cells=(prev_cell,) if prev_cell else (),
                    code=code,
                    message=(
                        f"'{state.label_en}' cannot follow {after_en} in the log (allowed: "
                        f"{', '.join(repr(a.label_en) for a in allowed) or 'nothing: final state'})"
                    ),
                    vi=(
                        f"trạng thái '{state.label_vi}' không thể tiếp sau {after_vi} (được "
                        f"phép: {', '.join(repr(a.label_vi) for a in allowed) or 'không còn bước nào'})"
                    ),
                    record_id=record_id,
                )
        if (
            m is None
            and prev_row is not None
            and isinstance(on, dt.date)
            and isinstance(prev_on := prev_row.values.get("on"), dt.date)
            and on < prev_on
        ):
            prev_cell = sheet.cell_ref(prev_row.row, "on")
            return _problem(
                sheet,
                row=row.row,
                key="on",
                more_cells=(prev_cell,) if prev_cell else (),
                code=code,
                message=(
                    f"{row.typed('on', 'en')} is before the previous entry's "
                    f"{prev_row.typed('on', 'en')} (row {prev_row.row}); write the log oldest first"
                ),
                vi=(
                    f"ngày {row.typed('on')} sớm hơn ngày của dòng trước ({prev_row.typed('on')}, "
                    f"dòng {prev_row.row}); ghi nhật ký theo thứ tự thời gian"
                ),
                record_id=record_id,
            )
        previous = (sheet, row)
    return None


def _model_problem(
    pending: Pending, err: Any, code: str, record_id: str | None
) -> SheetProblem | None:
    """One validation error of a record, located at its cell(s), in both languages."""
    loc = tuple(err["loc"])
    message = error_message(err)
    where = locate(pending, loc)
    if where.key is None and where.sheet is pending.sheet and not loc:
        child = _child_problem(pending, code, message, record_id)
        if child is not None:
            return child
    if where.key is not None and where.key in where.row.bad:
        return None  # already reported as an unreadable cell
    sheet, row = where.sheet, where.row
    rel = loc[2:] if where.sheet is not pending.sheet else loc
    keys = _mentioned(sheet, rel, message) if where.key is None else [where.key]
    value = err.get("input")
    got_en = got_vi = ""
    if where.key is not None and value is not None and not isinstance(value, dict | list | tuple):
        if where.key in row.raw and where.item is None:
            got_en, got_vi = row.typed(where.key, "en"), row.typed(where.key)
        else:
            got_en = got_vi = _show(value)
    titles = [sheet.field_title(k) for k in keys]
    typed = [row.typed(k) for k in keys]
    vi = vi_model_message(code, message, titles, typed, err.get("ctx"))
    en = _readable(message, sheet, row, keys) if where.key is None else message
    if got_en:
        en += f" (got {got_en})"
        vi += f" (đã ghi {got_vi})"
    if where.item is not None:
        en, vi = f"item {where.item + 1}: {en}", f"mục {where.item + 1}: {vi}"
    main = keys[0] if keys else None
    legacy = message
    if got_en:
        legacy += f" (got {_show(value)})"
    if where.item is not None:
        legacy = f"item {where.item + 1}: {legacy}"
    return _problem(
        sheet,
        row=row.row,
        key=main,
        more=keys[1:],
        label=where.label if main is None else None,
        code=code,
        message=en,
        vi=vi,
        record_id=record_id,
        legacy=legacy,
    )


def validate(pending: Pending, problems: list[Problem]) -> BaseModel | None:
    """Validate one pending record; append its problems; return it when valid and complete."""
    spec = pending.sheet.spec
    raw = _nest(pending.row.values, spec)
    for child_field, rows in pending.children.items():
        if rows:
            raw[child_field] = [_nest(r.values, s.spec) for s, r in rows]
    record_id = pending.row.raw_id
    try:
        model = spec.model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            code = str(err["type"])
            loc = tuple(err["loc"])
            problem: SheetProblem | None
            if code == "missing" and len(loc) == 1 and loc[0] in pending.children:
                child = _child_sheet(pending, str(loc[0]))
                problem = _located_problem(
                    pending,
                    loc,
                    code,
                    f"needs at least one row on sheet {_child_label(pending, str(loc[0]))!r}, "
                    "linked by this row's id",
                    record_id,
                    vi=(
                        f"cần ít nhất một dòng ở trang '{child.title(pending.sheet.lang)}' ghi "
                        "mã định danh của dòng này"
                    ),
                )
            elif code == "missing":
                problem = _located_problem(
                    pending,
                    loc,
                    code,
                    "a value is required here",
                    record_id,
                    vi="ô này phải có giá trị",
                )
            else:
                problem = _model_problem(pending, err, code, record_id)
            if problem is not None:
                problems.append(problem)
        return None
    return None if pending.failed else model


_PATH_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?")


def parse_path(path: str) -> tuple[int | str, ...]:
    """`"entries[3].agency_id"` -> `("entries", 3, "agency_id")`."""
    loc: list[int | str] = []
    for part in path.split("."):
        m = _PATH_PART.fullmatch(part)
        if m is None:
            return tuple(loc)
        loc.append(m[1])
        if m[2] is not None:
            loc.append(int(m[2]))
    return tuple(loc)


_COLLECTION_OF_TYPE = {cls.record_type: name for name, cls in COLLECTIONS.items()}


@dataclass
class Assembled:
    """Valid records by collection, with the pending row behind each record."""

    records: dict[str, list[Record]] = field(default_factory=dict)
    sources: dict[str, list[Pending]] = field(default_factory=dict)
    failed_ids: dict[str, set[str]] = field(default_factory=dict)
    failed_rows: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)
    """Per collection, the (sheet, row) of each id whose row was rejected."""
    info: DatasetInfo | None = None


def _pendings(
    parent: ParsedSheet,
    children: Sequence[ParsedSheet],
    problems: list[Problem],
) -> list[Pending]:
    pendings = [Pending(parent, row) for row in parent.rows]
    by_id: dict[str, Pending] = {}
    for p in pendings:
        p.children = {SHEET_BY_KEY[k].field or "": [] for k in parent.spec.children}
        if p.row.raw_id is not None:
            by_id.setdefault(p.row.raw_id, p)
    for child in children:
        link = child.spec.columns[0]
        child_field = child.spec.field or ""
        for row in child.rows:
            if link.key in row.bad:
                continue
            parent_id = row.values.get(link.key)
            if parent_id is None:
                problems.append(
                    _problem(
                        child,
                        row=row.row,
                        key=link.key if link.key in child.positions else None,
                        label=None if link.key in child.positions else link.title(child.lang),
                        code="missing",
                        message=(
                            f"give the id of the row of sheet {parent.title!r} this row belongs to"
                        ),
                        vi=(
                            f"ghi mã định danh của dòng ở trang '{parent.title}' mà dòng này "
                            "thuộc về"
                        ),
                    )
                )
                continue
            owner = by_id.get(parent_id)
            if owner is None:
                near = closest(str(parent_id), by_id, cutoff=0.8)
                problems.append(
                    _problem(
                        child,
                        row=row.row,
                        key=link.key,
                        code="dangling_reference",
                        message=(
                            f"names {_show(parent_id)}, which has no row on sheet "
                            f"{parent.title!r}" + (f"; did you mean {_show(near)}?" if near else "")
                        ),
                        vi=(
                            f"ghi {_show(parent_id)}, nhưng trang '{parent.title}' không có "
                            "dòng nào có mã định danh này"
                            + (f"; có phải ý bạn là {_show(near)}?" if near else "")
                        ),
                        record_id=parent_id,
                    )
                )
                continue
            owner.children[child_field].append((child, row))
    return pendings


def assemble(parsed: dict[str, ParsedSheet], problems: list[Problem]) -> Assembled:
    """Validate every record of the parsed sheets, then every link between them.

    Args:
        parsed: parsed sheets by sheet key (missing sheets are simply absent).
        problems: where problems are appended.

    Returns:
        The valid records and where each came from.
    """
    out = Assembled()
    info_sheet = parsed.get("dataset")
    if info_sheet is not None:
        for extra in info_sheet.rows[1:]:
            problems.append(
                _problem(
                    info_sheet,
                    row=extra.row,
                    code="too_many_rows",
                    message="the dataset sheet has one data row only",
                    vi=f"trang '{info_sheet.title}' chỉ có một dòng dữ liệu",
                )
            )
        if info_sheet.rows:
            model = validate(Pending(info_sheet, info_sheet.rows[0]), problems)
            out.info = model if isinstance(model, DatasetInfo) else None
    for collection in COLLECTIONS:
        sheet = parsed.get(collection)
        records: list[Record] = []
        sources: list[Pending] = []
        failed: set[str] = set()
        failed_rows: dict[str, tuple[str, int]] = {}
        if sheet is not None:
            children = [parsed[k] for k in sheet.spec.children if k in parsed]
            for pending in _pendings(sheet, children, problems):
                record = validate(pending, problems)
                if isinstance(record, Record):
                    records.append(record)
                    sources.append(pending)
                elif pending.row.raw_id is not None:
                    failed.add(pending.row.raw_id)
                    failed_rows.setdefault(pending.row.raw_id, (sheet.title, pending.row.row))
        out.records[collection] = records
        out.sources[collection] = sources
        out.failed_ids[collection] = failed
        out.failed_rows[collection] = failed_rows
    return out


_DANGLING = re.compile(
    r"names (\w+) ('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"), which does not exist"
)


def translate(
    problem: Problem, assembled: Assembled, *, caused_by: tuple[str, int] | None = None
) -> SheetProblem:
    """Turn a problem located by record position into one located by sheet, row and column."""
    collection = _COLLECTION_OF_TYPE.get(problem.record_type)
    assert collection is not None  # integrity problems always name a collection
    assert problem.index is not None  # ... and a position
    pending = assembled.sources[collection][problem.index]
    loc = parse_path(problem.field) if problem.field else ()
    message = problem.message
    if problem.field and message.startswith(problem.field + " "):
        message = message[len(problem.field) + 1 :]  # the cell reference replaces the path
    vi = None
    m = _DANGLING.search(message)
    if problem.code == "dangling_reference" and m is not None:
        target = _COLLECTION_OF_TYPE.get(m[1])
        ref = _value_at(pending, loc)
        sheet_title = _sheet_title(target, pending.sheet.lang)
        if caused_by is not None:
            message = (
                f"names {_show(ref)}, whose row ({caused_by[0]!r}, row {caused_by[1]}) was "
                "rejected: fix that row first"
            )
            vi = (
                f"ghi {_show(ref)}, là dòng bị từ chối (trang '{caused_by[0]}', dòng "
                f"{caused_by[1]}): sửa dòng đó trước"
            )
        else:
            ids = [r.id for r in assembled.records.get(target or "", ())]
            near = closest(ref, ids, cutoff=0.8) if isinstance(ref, str) else None
            message = f"names {_show(ref)}, which has no row on sheet {sheet_title!r}" + (
                f"; did you mean {_show(near)}?" if near else ""
            )
            vi = f"ghi {_show(ref)}, nhưng trang '{sheet_title}' không có dòng nào có mã này" + (
                f"; có phải ý bạn là {_show(near)}?" if near else ""
            )
    elif problem.code == "duplicate_id":
        vi = f"mã định danh {_show(problem.record_id)} đã được dùng ở một dòng khác"
    located = _located_problem(
        pending, loc, problem.code, message, problem.record_id, vi=vi, caused_by=caused_by
    )
    assert located is not None
    return located


def _value_at(pending: Pending, loc: Sequence[int | str]) -> object:
    where = locate(pending, loc)
    if where.key is None:
        return None
    value = where.row.values.get(where.key)
    if where.item is not None and isinstance(value, list | tuple):
        return value[where.item] if where.item < len(value) else None
    return value


def _sheet_title(collection: str | None, lang: Language) -> str:
    spec = SHEET_BY_KEY.get(collection or "")
    return spec.title(lang) if spec is not None else str(collection)


def duplicate_ids(collection: str, assembled: Assembled) -> list[Problem]:
    """Duplicate ids within one collection only (for a sheet read on its own)."""
    problems: list[Problem] = []
    seen: set[str] = set(assembled.failed_ids.get(collection, ()))
    for pending, record in zip(
        assembled.sources[collection], assembled.records[collection], strict=True
    ):
        if record.id in seen:
            message = f"id {record.id!r} is used by more than one row"
            located = _located_problem(
                pending,
                ("id",),
                "duplicate_id",
                message,
                record.id,
                vi=f"mã định danh {_show(record.id)} được dùng ở nhiều dòng",
            )
            assert located is not None
            problems.append(located)
        seen.add(record.id)
    return problems
