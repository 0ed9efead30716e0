"""Seeded bad-input generation for spreadsheets: one mutation of an exported workbook per seed.

Most mutations edit the XML parts of the archive directly (the exporter writes inline strings,
so a cell is one `<c r="B3">` element): that keeps a case at one import (~0.1 s). Mutations that
restructure a sheet (add a sheet, delete a column) go through openpyxl.

`make_case(seed)` is a pure function of the seed; `judge(case)` imports it and classifies the
outcome: `ok`, `unexpected` (an exception other than `InvalidDataError` with located problems),
`silent` (loaded, but not the expected dataset) or `wrong_rejection` (a valid edit refused).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import random
import re
import time
import zipfile
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
from pydantic import ValidationError

from tests import factories as f
from vn_iso_qms import InvalidDataError, QmsDataset, evolve
from vn_iso_qms._internal.ooxml import ZIP_EPOCH, workbook_bytes
from vn_iso_qms._internal.spreadsheet.layout import SHEET_BY_KEY, SHEETS, Sheet
from vn_iso_qms.spreadsheet import export_workbook, import_workbook

MUST_REJECT = "reject"
MUST_EQUAL = "equal"
EITHER = "either"  # rejected, or loaded equal to `expected`


@dataclasses.dataclass(frozen=True)
class Cell:
    sheet: Sheet
    part: str
    ref: str
    row: int
    col: int
    key: str
    value: Any


@dataclasses.dataclass
class Base:
    name: str
    dataset: QmsDataset
    data: bytes
    parts: dict[str, bytes]
    sheet_parts: dict[str, str]  # sheet title -> archive path
    cells: list[Cell]  # every non-empty data cell (row >= 3) of a layout sheet


@dataclasses.dataclass
class Case:
    seed: int
    base: str
    mutation: str
    data: bytes
    expect: str
    expected: QmsDataset | None
    note: str
    max_bytes: int | None = None
    compare: str = "exact"  # or "records": the same records in any order

    def label(self) -> str:
        return f"seed {self.seed} [{self.base}] {self.mutation}: {self.note}"[:300]


# --- bases --------------------------------------------------------------------------------------


def _datasets() -> dict[str, QmsDataset]:
    two = QmsDataset.from_records(
        [f.province(), *f.complete_unit_records("so-a"), *f.complete_unit_records("so-b")]
    )
    return {"unit-year": f.one_unit_year(), "complete": f.complete_dataset(), "two-units": two}


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _col_letters(index: int) -> str:
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _build(name: str, ds: QmsDataset) -> Base:
    data = export_workbook(ds)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    # openpyxl writes sheet N to xl/worksheets/sheetN.xml, in workbook order
    wb = openpyxl.load_workbook(io.BytesIO(data))
    sheet_parts = {t: f"xl/worksheets/sheet{i + 1}.xml" for i, t in enumerate(wb.sheetnames)}
    by_title = {s.vi: s for s in SHEETS}
    cells: list[Cell] = []
    for title, part in sheet_parts.items():
        spec = by_title.get(title)
        if spec is None or spec.key == "info":
            continue
        ws = wb[title]
        keys = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=3):
            for c in row:
                if c.value is not None and c.value != "":
                    key = str(keys[c.column - 1])
                    cells.append(Cell(spec, part, c.coordinate, c.row, c.column, key, c.value))
    return Base(name, ds, data, parts, sheet_parts, cells)


@functools.cache
def bases() -> dict[str, Base]:
    return {name: _build(name, ds) for name, ds in _datasets().items()}


# --- archive and cell editing -------------------------------------------------------------------


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():  # no clock: a case is a function of its seed
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, content)
    return out.getvalue()


def _column(base: Base, cell: Cell) -> Any:
    return next(c for c in cell.sheet.columns if c.key == cell.key)


def _text_xml(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'.encode()


def _set_cell(base: Base, cell: Cell, xml: bytes) -> bytes:
    """The base archive with `cell`'s element replaced by `xml` (b"" deletes the cell)."""
    part = base.parts[cell.part]
    pattern = re.compile(rb'<c r="' + cell.ref.encode() + rb'"(?:[^>]*/>|[^>]*>.*?</c>)', re.S)
    new, n = pattern.subn(lambda _: xml, part, count=1)
    assert n == 1, (cell.part, cell.ref)
    return _zip({**base.parts, cell.part: new})


def _style(base: Base, cell: Cell) -> bytes:
    m = re.search(rb'<c r="' + cell.ref.encode() + rb'"[^>]*?( s="\d+")', base.parts[cell.part])
    return m.group(1) if m else b""


def _text_cell(base: Base, cell: Cell, text: str) -> bytes:
    return _set_cell(base, cell, _text_xml(cell.ref, text))


def _with_text(base: Base, cell: Cell, text: str) -> QmsDataset | None:
    """The exact dataset a top-level text cell set to `text` should load as (None: unknown)."""
    return _with_value(base, cell, text)


def _row_value(base: Base, cell: Cell, key: str) -> Any:
    """The value of the `key` column in `cell`'s row (None when that cell is empty)."""
    return next(
        (c.value for c in base.cells if c.part == cell.part and c.row == cell.row and c.key == key),
        None,
    )


def _record(base: Base, model: type[Any], record_id: Any) -> Any:
    """The record of type `model` with id `record_id` in the base dataset, or None."""
    return next(
        (
            r
            for r in base.dataset.records()
            if type(r) is model and record_id is not None and r.id == record_id
        ),
        None,
    )


def _with_value(base: Base, cell: Cell, value: object) -> QmsDataset | None:
    """The exact dataset `cell` holding `value` should load as (None: unknown).

    A top-level row is the record with the row's id. A child sheet's row is an item of its
    parent's tuple field (`Sheet.field`): the parent is the record whose id the link column
    holds, and the item is the row's position among that parent's rows (the import keeps the
    order of the rows).
    """
    if "." in cell.key:
        return None
    sheet = cell.sheet
    try:
        if sheet.parent is None:
            record = _record(base, sheet.model, _row_value(base, cell, "id"))
            if record is None:
                return None
            return base.dataset.with_records(evolve(record, **{cell.key: value}), replace=True)
        link = next(c.key for c in sheet.columns if c.link)
        parent_id = _row_value(base, cell, link)
        parent = _record(base, SHEET_BY_KEY[sheet.parent].model, parent_id)
        if parent is None or sheet.field is None:
            return None
        rows = sorted(
            {
                c.row
                for c in base.cells
                if c.part == cell.part and c.key == link and c.value == parent_id
            }
        )
        items = list(getattr(parent, sheet.field))
        at = rows.index(cell.row)
        items[at] = evolve(items[at], **{cell.key: value})
        changed = evolve(parent, **{sheet.field: tuple(items)})
        return base.dataset.with_records(changed, replace=True)
    except (ValidationError, InvalidDataError):
        return None


def _pick(rng: random.Random, cells: list[Cell]) -> Cell:
    return cells[rng.randrange(len(cells))]


def _cells(base: Base, pred: Callable[[Cell, Any], bool]) -> list[Cell]:
    return [c for c in base.cells if pred(c, _column(base, c))]


# --- mutations: each returns (data, expect, expected, note[, max_bytes]) -------------------------

Made = tuple[bytes, str, QmsDataset | None, str]


def _workbook_xml(base: Base, change: Callable[[bytes], bytes]) -> bytes:
    return _zip({**base.parts, "xl/workbook.xml": change(base.parts["xl/workbook.xml"])})


def _data_titles(base: Base) -> list[str]:
    return [s.vi for s in SHEETS if s.vi in base.sheet_parts]


def rename_sheet(base: Base, rng: random.Random) -> Made:
    title = rng.choice(_data_titles(base))
    new = rng.choice([title + " (2)", title.upper() + "x", title[:-1], "Sheet1"])
    old = f'name="{escape(title)}"'.encode()
    data = _workbook_xml(base, lambda x: x.replace(old, f'name="{escape(new)}"'.encode(), 1))
    return data, MUST_REJECT, None, f"{title!r} -> {new!r}"


def delete_sheet(base: Base, rng: random.Random) -> Made:
    title = rng.choice(_data_titles(base))
    pat = re.compile(rb'<sheet name="' + escape(title).encode() + rb'"[^>]*/>')
    data = _workbook_xml(base, lambda x: pat.sub(b"", x, count=1))
    return data, MUST_REJECT, None, title


def add_unknown_sheet(base: Base, rng: random.Random) -> Made:
    wb = openpyxl.load_workbook(io.BytesIO(base.data))
    ws = wb.create_sheet(rng.choice(["Sheet1", "Ghi chú", "Agencies2", "Tổng hợp"]))
    if rng.random() < 0.5:
        ws["A1"] = "id"
        ws["A3"] = "x"
    return workbook_bytes(wb), MUST_REJECT, None, ws.title


def merge_cells(base: Base, rng: random.Random) -> Made:
    cell = _pick(rng, base.cells)
    other = f"{_col_letters(cell.col + 1)}{cell.row}"
    merge = f'<mergeCells count="1"><mergeCell ref="{cell.ref}:{other}"/></mergeCells>'
    part = base.parts[cell.part].replace(b"</sheetData>", b"</sheetData>" + merge.encode(), 1)
    return _zip({**base.parts, cell.part: part}), MUST_REJECT, None, f"{cell.ref}:{other}"


def formula_without_value(base: Base, rng: random.Random) -> Made:
    cell = _pick(rng, base.cells)
    xml = f'<c r="{cell.ref}"{_style(base, cell).decode()}><f>1+1</f><v></v></c>'.encode()
    return _set_cell(base, cell, xml), MUST_REJECT, None, f"{cell.sheet.vi}!{cell.ref}"


def formula_with_cached_value(base: Base, rng: random.Random) -> Made:
    cells = _cells(base, lambda c, col: isinstance(c.value, str))
    cell = _pick(rng, cells)
    text = escape(cell.value)
    formula = escape('"' + cell.value.replace('"', '""') + '"')
    xml = f'<c r="{cell.ref}" t="str"><f>{formula}</f><v>{text}</v></c>'.encode()
    return _set_cell(base, cell, xml), MUST_EQUAL, base.dataset, f"{cell.sheet.vi}!{cell.ref}"


def _date_cells(base: Base) -> list[Cell]:
    return _cells(base, lambda c, col: col.kind == "date" and isinstance(c.value, dt.datetime))


def date_text_ddmmyyyy(base: Base, rng: random.Random) -> Made:
    cell = _pick(rng, _date_cells(base))
    text = cell.value.strftime("%d/%m/%Y")
    return _text_cell(base, cell, text), MUST_EQUAL, base.dataset, f"{cell.ref}={text}"


def date_text_dmyyyy(base: Base, rng: random.Random) -> Made:
    cell = _pick(rng, _date_cells(base))
    d = cell.value
    text = rng.choice(
        [f"{d.day}/{d.month}/{d.year}", f" {d.day}/{d.month}/{d.year} ", d.date().isoformat()]
    )
    return _text_cell(base, cell, text), MUST_EQUAL, base.dataset, f"{cell.ref}={text!r}"


def date_impossible(base: Base, rng: random.Random) -> Made:
    cell = _pick(rng, _date_cells(base))
    text = rng.choice(
        ["31/02/2023", "29/02/2023", "31/04/2024", "00/01/2024", "32/01/2024", "2023-02-30"]
    )
    return _text_cell(base, cell, text), MUST_REJECT, None, f"{cell.ref}={text}"


def date_month_first(base: Base, rng: random.Random) -> Made:
    cell = _pick(rng, _date_cells(base))
    d = cell.value
    day = d.day if d.day > 12 else rng.randint(13, 28)
    text = f"{d.month:02d}/{day:02d}/{d.year}"
    return _text_cell(base, cell, text), MUST_REJECT, None, f"{cell.ref}={text}"


def _code_cells(base: Base) -> list[Cell]:
    return _cells(
        base, lambda c, col: (col.kind == "enum" and col.enum is not None) or c.key == "id"
    )


def code_wrong_type(base: Base, rng: random.Random) -> Made:
    cell = _pick(rng, _code_cells(base))
    kind = rng.choice(["number", "boolean", "empty"])
    if kind == "number":
        xml = f'<c r="{cell.ref}"><v>{rng.choice(["1", "0", "2.5", "45000"])}</v></c>'
    elif kind == "boolean":
        xml = f'<c r="{cell.ref}" t="b"><v>{rng.choice("01")}</v></c>'
    else:
        xml = ""
        field = cell.sheet.model.model_fields.get(cell.key)
        if field is not None and not field.is_required() and not _column(base, cell).required:
            # an empty optional cell means the field's default (the instructions say so): the
            # record must load with it, not be refused and not keep the old value
            default = field.get_default(call_default_factory=True)
            note = f"{cell.key} {cell.ref} emptied (default {default!r})"
            return _set_cell(base, cell, b""), EITHER, _with_value(base, cell, default), note
    return _set_cell(base, cell, xml.encode()), MUST_REJECT, None, f"{cell.key} {cell.ref} {kind}"


def unknown_label(base: Base, rng: random.Random) -> Made:
    cell = _pick(rng, _cells(base, lambda c, col: col.kind == "enum"))
    text = rng.choice([cell.value + " mới", "Không rõ", "xyz", cell.value[:-2]])
    return _text_cell(base, cell, text), MUST_REJECT, None, f"{cell.key}={text!r}"


def delete_header(base: Base, rng: random.Random) -> Made:
    cell = _pick(rng, base.cells)
    part = base.parts[cell.part]
    letters = _col_letters(cell.col)
    for row in (1, 2):
        part = re.sub(
            rb'<c r="' + f"{letters}{row}".encode() + rb'"[^>]*>.*?</c>',
            b"",
            part,
            count=1,
            flags=re.S,
        )
    return _zip({**base.parts, cell.part: part}), MUST_REJECT, None, f"{cell.sheet.vi}!{letters}1:2"


def delete_column(base: Base, rng: random.Random) -> Made:
    return column_deleted(base, _pick(rng, base.cells))


def column_deleted(base: Base, cell: Cell) -> Made:
    """The base with `cell`'s column deleted from its sheet, and what the import must do."""
    wb = openpyxl.load_workbook(io.BytesIO(base.data))
    wb[cell.sheet.vi].delete_cols(cell.col)
    data = workbook_bytes(wb)
    # the column held data: the data is gone, so the sheet must be refused (the column is
    # required), or the column is optional and its field takes the model's default on every row
    # (on a child sheet: on every item of the parents' field), or it is refused
    required = next(c for c in cell.sheet.columns if c.key == cell.key).required
    expect = MUST_REJECT if required else EITHER
    expected = None if required else _with_default(base, cell)
    if expected is _INVALID:  # the default is refused by the model (a Tthc needs a handler)
        expect, expected = MUST_REJECT, None
    return data, expect, expected, f"{cell.sheet.vi} column {cell.key}"


_INVALID = QmsDataset()
"""`_with_default`'s answer when a record with the default is not a valid record."""


def _with_default(base: Base, cell: Cell) -> QmsDataset | None:
    """The dataset with `cell.key` reset to its default on every row of the sheet.

    On a child sheet the rows are the items of the parent records' tuple field (`Sheet.field`):
    every item of every parent takes the default, and each parent is validated again.
    """
    if "." in cell.key:
        return None
    field = cell.sheet.model.model_fields[cell.key]
    if field.is_required():
        return None
    default = field.get_default(call_default_factory=True)
    sheet = cell.sheet
    try:  # a builder that no longer matches the model says so instead of stopping the run
        if sheet.parent is None:
            changed = [
                evolve(r, **{cell.key: default})
                for r in base.dataset.records()
                if type(r) is sheet.model
            ]
        else:
            assert sheet.field is not None
            items = sheet.field
            changed = [
                evolve(
                    r, **{items: tuple(evolve(i, **{cell.key: default}) for i in getattr(r, items))}
                )
                for r in base.dataset.records()
                if type(r) is SHEET_BY_KEY[sheet.parent].model
            ]
        return base.dataset.with_records(*changed, replace=True)
    except (ValidationError, InvalidDataError):
        return _INVALID


def blank_required(base: Base, rng: random.Random) -> Made:
    cells = _cells(base, lambda c, col: c.key == "id" or col.link)
    cell = _pick(rng, cells)
    blank = rng.choice([b"", f'<c r="{cell.ref}" t="inlineStr"><is><t></t></is></c>'.encode()])
    return (
        _set_cell(base, cell, blank),
        MUST_REJECT,
        None,
        f"{cell.sheet.vi}!{cell.ref} ({cell.key})",
    )


def dangling_id(base: Base, rng: random.Random) -> Made:
    cells = _cells(
        base, lambda c, col: c.key != "id" and (c.key.endswith(("_id", "_ids")) or col.link)
    )
    cell = _pick(rng, cells)
    text = rng.choice(["khong-co", "so-zz", str(cell.value) + "-x"])
    if cell.key.endswith("_ids") and rng.random() < 0.5:
        text = f"{cell.value}; {text}"
    return _text_cell(base, cell, text), MUST_REJECT, None, f"{cell.key}={text!r}"


def duplicate_id(base: Base, rng: random.Random) -> Made:
    ids = [c for c in base.cells if c.key == "id"]
    pairs = [(a, b) for a in ids for b in ids if a.part == b.part and a.row != b.row]
    if pairs:
        a, b = pairs[rng.randrange(len(pairs))]
        return (
            _text_cell(base, a, str(b.value)),
            MUST_REJECT,
            None,
            f"{a.sheet.vi}!{a.ref}={b.value}",
        )
    # one record per sheet: copy the record's row below itself
    cell = _pick(rng, ids)
    part = base.parts[cell.part]
    row = re.search(rb'<row r="' + str(cell.row).encode() + rb'".*?</row>', part, re.S)
    assert row is not None
    new_row = str(cell.row + 50).encode()
    copy = re.sub(
        rb'(r="[A-Z]+)' + str(cell.row).encode() + rb'"', rb"\g<1>" + new_row + b'"', row.group(0)
    )
    copy = copy.replace(
        b'<row r="' + str(cell.row).encode() + b'"', b'<row r="' + new_row + b'"', 1
    )
    part = part.replace(b"</sheetData>", copy + b"</sheetData>", 1)
    return _zip({**base.parts, cell.part: part}), MUST_REJECT, None, f"{cell.sheet.vi} row copy"


def _plain_text_cells(base: Base) -> list[Cell]:
    return _cells(
        base,
        lambda c, col: (
            col.kind == "text"
            and c.key != "id"
            and not col.link
            and isinstance(c.value, str)
            and not c.key.endswith(("_id", "_ids"))
        ),
    )


def enormous_text(base: Base, rng: random.Random) -> Made:
    cell = _pick(rng, _plain_text_cells(base))
    text = rng.choice("aĐ ") * 40_000
    return _text_cell(base, cell, text), EITHER, _with_text(base, cell, text), f"{cell.key} 40k"


def control_characters(base: Base, rng: random.Random) -> Made:
    cell = _pick(rng, _plain_text_cells(base))
    ch = chr(rng.choice([1, 7, 8, 11, 12, 27, 31]))
    text = cell.value[:3] + ch + cell.value[3:]
    if rng.random() < 0.5:  # raw: not well-formed XML
        xml = f'<c r="{cell.ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'.encode()
        return _set_cell(base, cell, xml), MUST_REJECT, None, f"{cell.key} raw {ord(ch)}"
    # Excel's escape for characters XML cannot hold
    escaped = f"{escape(cell.value[:3])}_x{ord(ch):04X}_{escape(cell.value[3:])}"
    xml = f'<c r="{cell.ref}" t="inlineStr"><is><t>{escaped}</t></is></c>'.encode()
    return (
        _set_cell(base, cell, xml),
        EITHER,
        _with_text(base, cell, text),
        f"{cell.key} _x{ord(ch):04X}_",
    )


def _row_with(body: bytes) -> Callable[[re.Match[bytes]], bytes]:
    """A `re.sub` replacement: the matched row's opening tag, then `body`."""
    return lambda m: m.group(1) + body + b"</row>"


def shuffle_rows(base: Base, rng: random.Random) -> Made:
    multi = sorted(
        {
            c.part
            for c in base.cells
            if c.key == "id"
            and c.sheet.parent is None
            and sum(1 for d in base.cells if d.part == c.part and d.key == "id") > 1
        }
    )
    part_name = rng.choice(multi) if multi else rng.choice(sorted({c.part for c in base.cells}))
    part = base.parts[part_name]
    rows = re.findall(rb'<row r="(\d+)"[^>]*>(.*?)</row>', part, re.S)
    data_rows = [(int(r), body) for r, body in rows if int(r) >= 3]
    order = [r for r, _ in data_rows]
    bodies = [b for _, b in data_rows]
    rng.shuffle(bodies)
    new = part
    for target, body in zip(order, bodies, strict=True):
        moved = re.sub(rb'(r="[A-Z]+)\d+"', rb"\g<1>" + str(target).encode() + b'"', body)
        new = re.sub(
            rb'(<row r="' + str(target).encode() + rb'"[^>]*>).*?</row>',
            _row_with(moved),
            new,
            count=1,
            flags=re.S,
        )
    data = _zip({**base.parts, part_name: new})
    return data, MUST_EQUAL, base.dataset, part_name


def truncate_bytes(base: Base, rng: random.Random) -> Made:
    n = rng.randrange(0, len(base.data) - 1)
    return base.data[:n], MUST_REJECT, None, f"first {n} bytes"


def flip_bytes(base: Base, rng: random.Random) -> Made:
    data = bytearray(base.data)
    for _ in range(rng.choice([1, 1, 2, 8])):
        i = rng.randrange(len(data))
        data[i] ^= 1 << rng.randrange(8)
    return bytes(data), EITHER, base.dataset, "bit flips"


def non_zip(base: Base, rng: random.Random) -> Made:
    data = rng.choice(
        [
            b"",
            b"id,name\nso-a,S\n",
            b"PK\x03\x04",
            bytes(rng.randrange(256) for _ in range(200)),
            b"<html></html>",
        ]
    )
    return data, MUST_REJECT, None, repr(data[:20])


LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "' % i + (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10 + b'">\n'
        for i in range(1, 10)
    )
    + b"]>\n"
)


def entity_expansion(base: Base, rng: random.Random) -> Made:
    cell = _pick(rng, base.cells)
    target = rng.choice([cell.part, "xl/workbook.xml", "[Content_Types].xml", "xl/styles.xml"])
    xml = base.parts[target]
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    if target == cell.part:
        body = body.replace(
            b'<c r="' + cell.ref.encode() + b'"',
            b'<c r="'
            + cell.ref.encode()
            + b'" t="inlineStr"><is><t>&lol9;</t></is></c><c r="ZZ99"',
            1,
        )
    return _zip({**base.parts, target: LAUGHS + body}), MUST_REJECT, None, target


MUTATIONS: dict[str, Callable[[Base, random.Random], Made]] = {
    fn.__name__: fn
    for fn in (
        rename_sheet,
        delete_sheet,
        add_unknown_sheet,
        merge_cells,
        formula_without_value,
        formula_with_cached_value,
        date_text_ddmmyyyy,
        date_text_dmyyyy,
        date_impossible,
        date_month_first,
        code_wrong_type,
        unknown_label,
        delete_header,
        delete_column,
        blank_required,
        dangling_id,
        duplicate_id,
        enormous_text,
        control_characters,
        shuffle_rows,
        truncate_bytes,
        flip_bytes,
        non_zip,
        entity_expansion,
    )
}
MUTATION_NAMES = (*MUTATIONS, "oversized")


def make_case(seed: int) -> Case:
    rng = random.Random(seed)
    mutation = MUTATION_NAMES[seed % len(MUTATION_NAMES)]
    name = rng.choice(sorted(bases()))
    base = bases()[name]
    if mutation == "oversized":
        limit = rng.randrange(1, len(base.data))
        return Case(seed, name, mutation, base.data, MUST_REJECT, None, f"max_bytes={limit}", limit)
    data, expect, expected, note = MUTATIONS[mutation](base, rng)
    compare = "records" if mutation == "shuffle_rows" else "exact"
    return Case(seed, name, mutation, data, expect, expected, note, compare=compare)


# --- the oracle ---------------------------------------------------------------------------------


def _records(ds: QmsDataset) -> set[tuple[str, str]]:
    return {(type(r).__name__, r.model_dump_json()) for r in ds.records()}


@dataclasses.dataclass(frozen=True)
class Verdict:
    outcome: str  # loaded | rejected | raised
    status: str  # ok | unexpected | silent | wrong_rejection
    detail: str = ""


def judge(case: Case, loader: Callable[..., QmsDataset] = import_workbook) -> Verdict:
    kwargs = {} if case.max_bytes is None else {"max_bytes": case.max_bytes}
    start = time.perf_counter()
    try:
        got = loader(case.data, **kwargs)
    except InvalidDataError as exc:
        problems = list(exc.problems)
        bad = [p for p in problems if not p.record_type or not p.message]
        if not problems or bad:
            return Verdict(
                "rejected",
                "unexpected",
                f"InvalidDataError without located problems: {exc!r}"[:500],
            )
        if time.perf_counter() - start > 10:
            return Verdict("rejected", "unexpected", "rejection took over 10 s")
        if case.expect == MUST_EQUAL:
            return Verdict(
                "rejected", "wrong_rejection", "; ".join(p.describe() for p in problems)[:500]
            )
        return Verdict("rejected", "ok")
    except Exception as exc:
        return Verdict("raised", "unexpected", f"{type(exc).__name__}: {exc}"[:500])
    if case.expect == MUST_REJECT or case.expected is None:
        return Verdict("loaded", "silent", "loaded a workbook that must be refused or differs")
    same = got == case.expected or (
        case.compare == "records" and _records(got) == _records(case.expected)
    )
    if not same:
        return Verdict("loaded", "silent", "loaded, but not the expected dataset")
    return Verdict("loaded", "ok")


def main() -> None:  # pragma: no cover - `python -m tests.fuzz.xlsx_mutations SEED`
    import sys

    for arg in sys.argv[1:]:
        case = make_case(int(arg))
        print(case.label(), judge(case))


if __name__ == "__main__":  # pragma: no cover
    main()
