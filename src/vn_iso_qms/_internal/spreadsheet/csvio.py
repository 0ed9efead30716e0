"""One sheet saved as CSV by Excel: encoding and delimiter detection, then the sheet reader."""

from __future__ import annotations

import codecs
import csv
import io
import os
import unicodedata
from collections.abc import Iterator

from vn_iso_qms._internal.base import Record
from vn_iso_qms._internal.errors import InvalidDataError, Problem
from vn_iso_qms._internal.limits import DEFAULT_LIMITS, Limits, ProblemList
from vn_iso_qms._internal.spreadsheet.layout import (
    CODE_LISTS,
    INSTRUCTIONS,
    SHEET_BY_KEY,
    SHEETS,
    sheet_lookup,
)
from vn_iso_qms._internal.spreadsheet.reader import (
    RowData,
    assemble,
    duplicate_ids,
    parse_sheet,
)
from vn_iso_qms._internal.spreadsheet.source import read_source
from vn_iso_qms._internal.text import fold

DEFAULT_MAX_CSV_BYTES = 64 * 1024**2
"""Default largest CSV file `import_csv` accepts: 64 MiB."""

_DELIMITERS = (",", ";", "\t")


def _error(sheet: str, code: str, message: str) -> InvalidDataError:
    return InvalidDataError(
        [Problem(record_type=sheet, code=code, message=message)], summary="cannot read CSV"
    )


def decode_csv(data: bytes, encoding: str | None, *, sheet: str = "file") -> str:
    """Decode CSV bytes: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1258.

    Windows-1258 writes Vietnamese tone marks as separate combining characters; decoding it
    composes them (Unicode NFC), as the encoding's own definition of the text intends. UTF-8
    text is never normalised.

    Args:
        data: the file's bytes.
        encoding: a codec name to use instead of detection.
        sheet: the sheet name for error locations.

    Returns:
        The text.

    Raises:
        InvalidDataError: the bytes do not decode.
    """
    if encoding is not None:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            msg = f"unknown encoding {encoding!r}"
            raise ValueError(msg) from None
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            raise _error(
                sheet,
                "encoding",
                f"the file is not valid {encoding}: {exc.reason} at byte {exc.start}",
            ) from None
        if name in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
            return text.removeprefix("\ufeff")
        return unicodedata.normalize("NFC", text) if name == "cp1258" else text
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _error(
                sheet,
                "encoding",
                f"the file starts with a UTF-8 mark but is not valid UTF-8 at byte "
                f"{exc.start + len(codecs.BOM_UTF8)}",
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise _error(sheet, "encoding", f"invalid UTF-16 at byte {exc.start}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError as exc:
        raise _error(
            sheet,
            "encoding",
            f"the file is neither UTF-8 nor Windows-1258 (byte {exc.start}); save it as "
            "'CSV UTF-8'",
        ) from None


def _delimiter(text: str, names: set[str]) -> str:
    first = text.split("\n", 1)[0]
    best, score = ",", -1
    for delimiter in _DELIMITERS:
        try:
            cells = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            continue
        hits = sum(1 for cell in cells if fold(cell) in names)
        if hits > score:
            best, score = delimiter, hits
    return best


def _rows(
    text: str, delimiter: str, sheet: str, problems: list[Problem], limits: Limits
) -> Iterator[RowData]:
    """The rows of the file, within the budgets of a sheet.

    `Limits.max_rows`, `max_cells` and `max_columns` apply as in a workbook: beyond them, a
    located problem, and the rest is not read.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    cells = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(
                Problem(
                    record_type=sheet,
                    index=number + 1,
                    code="csv_syntax",
                    message=f"row {number + 1}: {exc}",
                )
            )
            return
        number += 1
        if number > limits.max_rows:
            problems.append(
                Problem(
                    record_type=sheet,
                    index=number,
                    code="too_many_rows",
                    message=f"row {number}: beyond the last row a sheet may have "
                    f"({limits.max_rows:,}); the rest was not read",
                )
            )
            return
        filled = [i for i, v in enumerate(values) if v]
        if filled and filled[-1] >= limits.max_columns:
            problems.append(
                Problem(
                    record_type=sheet,
                    index=number,
                    code="too_many_columns",
                    message=f"row {number} has a value beyond column {limits.max_columns:,}, "
                    "the last one read; clear it",
                )
            )
            values = values[: limits.max_columns]
        cells += len(filled)
        if cells > limits.max_cells:
            problems.append(
                Problem(
                    record_type=sheet,
                    index=number,
                    code="too_many_cells",
                    message=f"row {number}: the file holds more than {limits.max_cells:,} "
                    "values; the rest was not read",
                )
            )
            return
        yield number, values


def guess_sheet(data: bytes, encoding: str | None = None) -> str | None:
    """The key of the record sheet whose columns the CSV header names, or None.

    Every non-empty header cell must be a column of the sheet (its key, or its Vietnamese or
    English title); among the sheets that fit, the one whose columns the header covers best.
    None when no sheet fits, or two fit equally well.
    """
    try:
        text = decode_csv(data, encoding)
    except InvalidDataError:
        return None
    first = text.split("\n", 1)[0]
    scores: list[tuple[float, str]] = []
    for spec in SHEETS:
        if spec.parent is not None or spec.key == "dataset":
            continue
        names = {fold(n) for c in spec.columns for n in (c.key, c.vi, c.en)}
        cells = [
            fold(c)
            for c in next(csv.reader([first], delimiter=_delimiter(first, names)), [])
            if c.strip()
        ]
        if cells and all(c in names for c in cells):
            scores.append((len(set(cells)) / len(spec.columns), spec.key))
    scores.sort(reverse=True)
    if not scores or (len(scores) > 1 and scores[0][0] == scores[1][0]):
        return None
    return scores[0][1]


def import_csv(
    source: bytes | bytearray | memoryview | str | os.PathLike[str],
    *,
    sheet: str,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_CSV_BYTES,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Record, ...]:
    """Read one sheet of the layout saved as CSV (e.g. by Excel's "Save as CSV").

    The encoding is detected: UTF-8 with or without a byte-order mark (Excel's "CSV UTF-8"),
    UTF-16 with a byte-order mark, and only when the bytes are not valid UTF-8, Windows-1258
    (Excel's "CSV" on a Vietnamese Windows). Windows-1258 stores tone marks as separate
    combining characters; they are composed (Unicode NFC) as part of decoding that encoding.
    UTF-8 text is kept exactly. The delimiter (comma, semicolon or tab) is the one that makes
    the header match the sheet's columns. The header is the layout's key row and/or title row,
    as in the workbook.

    Only the sheet's own records are read: child sheets (plan entries, checklist results, ...)
    are separate CSV files that cannot be attached here, so records with required child rows
    (a corrective action needs its state log) fail validation; use `import_workbook` for
    those. Links to other collections are not checked: add the records to a dataset (e.g.
    `QmsDataset.with_records`) to check them.

    Args:
        source: the CSV file's bytes, or its path.
        sheet: which sheet the file holds: its Vietnamese or English name or its key
            (`"Cơ quan, đơn vị"`, `"Agencies"` or `"agencies"`).
        encoding: a codec to use instead of detection (e.g. `"cp1258"`).
        max_bytes: the largest file accepted (a path is read only if it is a regular file).
        limits: the resource budgets (problems kept, characters quoted); see `Limits`.

    Returns:
        The records, in file order.

    Raises:
        InvalidDataError: with every problem located by sheet, row and column (as in
            `import_workbook`); `InputTooLargeError` over `max_bytes`.
        ValueError: `sheet` names no record sheet, or `encoding` is unknown.
    """
    entry = sheet_lookup().get(fold(sheet))
    names = ", ".join(repr(s.key) for s in SHEETS if s.parent is None and s.key != "dataset")
    if entry is None or entry[0] in (INSTRUCTIONS[0], CODE_LISTS[0], "dataset"):
        msg = f"{sheet!r} is not a record sheet; give one of {names} (or its title)"
        raise ValueError(msg)
    spec = SHEET_BY_KEY[entry[0]]
    if spec.parent is not None:
        parent = SHEET_BY_KEY[spec.parent]
        msg = (
            f"sheet {sheet!r} holds parts of {parent.en} records and cannot be read on its "
            "own; import the whole workbook"
        )
        raise ValueError(msg)
    data = read_source(source, max_bytes, what="CSV file")
    text = decode_csv(data, encoding, sheet=sheet)
    header_names = {fold(n) for c in spec.columns for n in (c.key, c.vi, c.en)}
    problems: list[Problem] = ProblemList(limits.max_problems)
    parsed = parse_sheet(
        sheet,
        spec,
        _rows(text, _delimiter(text, header_names), sheet, problems, limits),
        problems,
        name_lang=entry[1],
    )
    assembled = assemble({spec.key: parsed}, problems)
    problems.extend(duplicate_ids(spec.key, assembled))
    if problems:
        raise InvalidDataError(problems, summary="invalid CSV sheet")
    return tuple(assembled.records[spec.key])
