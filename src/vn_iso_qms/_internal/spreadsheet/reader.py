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
    fold,
)
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
    record_id: str | None = None,
) -> Problem:
    if isinstance(sheet, str):
        title, where, field_title = sheet, (f"row {row}" if row is not None else ""), label
    else:
        title = sheet.title
        where = sheet.where(row, key)
        field_title = label if label is not None else (sheet.field_title(key) if key else None)
    return Problem(
        record_type=title,
        record_id=record_id,
        field=field_title,
        index=row,
        code=code,
        message=f"{where}: {message}" if where else message,
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
                Problem(
                    record_type=sheet.title,
                    index=number,
                    code=value.code,
                    message=f"cell {column_letter(i)}{number}: {value.message}",
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
        problems.append(
            Problem(
                record_type=sheet.title,
                field=str(value),
                index=KEY_ROW,
                code="unknown_column",
                message=(
                    f"cell {column_letter(i)}{KEY_ROW}: {str(value)!r} is not a column of "
                    f"this sheet (columns: {', '.join(c.title(sheet.lang) for c in spec.columns)})"
                ),
            )
        )
    for i in sorted(mapping):
        col = mapping[i]
        if col.key in sheet.positions:
            problems.append(
                Problem(
                    record_type=sheet.title,
                    field=shown.get(i, col.title(sheet.lang)),
                    index=title_row,
                    code="duplicate_column",
                    message=(
                        f"cell {column_letter(i)}{title_row}: column {col.title(sheet.lang)!r} "
                        f"appears twice (also column {column_letter(sheet.positions[col.key])})"
                    ),
                )
            )
            continue
        sheet.positions[col.key] = i
        sheet.titles[col.key] = shown.get(i, col.title(sheet.lang))
    has_header = bool(row1) or bool(row2)
    for col in spec.columns:
        if col.required and col.key not in sheet.positions and has_header:
            problems.append(
                Problem(
                    record_type=sheet.title,
                    field=col.title(sheet.lang),
                    index=title_row,
                    code="missing_column",
                    message=(
                        f"row {title_row}: the required column {col.title(sheet.lang)!r} "
                        f"(key {col.key!r}) is missing"
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


def _child_label(pending: Pending, child_field: str) -> str:
    child = next(
        SHEET_BY_KEY[k] for k in pending.sheet.spec.children if SHEET_BY_KEY[k].field == child_field
    )
    return f"{child.title(pending.sheet.lang)} (sheet)"


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
    return repr(value)


def _located_problem(
    pending: Pending, loc: Sequence[int | str], code: str, message: str, record_id: str | None
) -> Problem | None:
    where = locate(pending, loc)
    if where.key is not None and where.key in where.row.bad:
        return None  # already reported as an unreadable cell
    if code == "missing" and where.key is not None and where.key not in where.sheet.positions:
        return None  # already reported as a missing column
    if where.item is not None:
        message = f"item {where.item + 1}: {message}"
    return _problem(
        where.sheet,
        row=where.row.row,
        key=where.key,
        label=where.label,
        code=code,
        message=message,
        record_id=record_id,
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
            if code == "missing" and len(loc) == 1 and loc[0] in pending.children:
                message = (
                    f"needs at least one row on sheet {_child_label(pending, str(loc[0]))!r}, "
                    "linked by this row's id"
                )
            elif code == "missing":
                message = "a value is required here"
            else:
                message = error_message(err)
                value = err.get("input")
                if value is not None and not isinstance(value, dict | list | tuple):
                    message += f" (got {_show(value)})"
            problem = _located_problem(pending, loc, code, message, record_id)
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
                    )
                )
                continue
            owner = by_id.get(parent_id)
            if owner is None:
                problems.append(
                    _problem(
                        child,
                        row=row.row,
                        key=link.key,
                        code="dangling_reference",
                        message=(
                            f"names {parent_id!r}, which has no row on sheet {parent.title!r}"
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
        if sheet is not None:
            children = [parsed[k] for k in sheet.spec.children if k in parsed]
            for pending in _pendings(sheet, children, problems):
                record = validate(pending, problems)
                if isinstance(record, Record):
                    records.append(record)
                    sources.append(pending)
                elif pending.row.raw_id is not None:
                    failed.add(pending.row.raw_id)
        out.records[collection] = records
        out.sources[collection] = sources
        out.failed_ids[collection] = failed
    return out


def translate(problem: Problem, assembled: Assembled) -> Problem:
    """Turn a problem located by record position into one located by sheet, row and column."""
    collection = _COLLECTION_OF_TYPE.get(problem.record_type)
    if collection is None or problem.index is None:  # pragma: no cover - integrity always locates
        return problem
    pending = assembled.sources[collection][problem.index]
    loc = parse_path(problem.field) if problem.field else ()
    message = problem.message
    if problem.field and message.startswith(problem.field + " "):
        message = message[len(problem.field) + 1 :]  # the cell reference replaces the path
    located = _located_problem(pending, loc, problem.code, message, problem.record_id)
    assert located is not None
    return located


def duplicate_ids(collection: str, assembled: Assembled) -> list[Problem]:
    """Duplicate ids within one collection only (for a sheet read on its own)."""
    problems: list[Problem] = []
    seen: set[str] = set(assembled.failed_ids.get(collection, ()))
    for pending, record in zip(
        assembled.sources[collection], assembled.records[collection], strict=True
    ):
        if record.id in seen:
            message = f"id {record.id!r} is used by more than one row"
            located = _located_problem(pending, ("id",), "duplicate_id", message, record.id)
            assert located is not None
            problems.append(located)
        seen.add(record.id)
    return problems
