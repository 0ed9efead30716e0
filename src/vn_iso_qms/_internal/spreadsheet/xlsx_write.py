"""Writing workbooks: the empty template a clerk fills in, and a dataset exported in its layout.

Every data sheet has the machine keys (hidden row 1), the titles with a help comment (row 2),
drop-downs that point at the code-lists sheet, and text formats that keep typed dates as typed;
the instructions sheet comes from `guide`. openpyxl is loaded through the extra's door
(`guard`); the saved bytes carry no clock (`ooxml.workbook_bytes`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.errors import Problem, SpreadsheetExportError
from vn_iso_qms._internal.files import atomic_write
from vn_iso_qms._internal.ooxml import escape_xstring, workbook_bytes
from vn_iso_qms._internal.spreadsheet.cells import BOOL_LABELS, MET_LABELS
from vn_iso_qms._internal.spreadsheet.export_rows import export_rows
from vn_iso_qms._internal.spreadsheet.guard import require_openpyxl
from vn_iso_qms._internal.spreadsheet.guide import column_help, write_instructions
from vn_iso_qms._internal.spreadsheet.layout import (
    CODE_LISTS,
    FIRST_DATA_ROW,
    INSTRUCTIONS,
    KEY_ROW,
    LAYOUT_VERSION,
    SHEETS,
    TITLE_ROW,
    VOCAB_TITLES,
    Column,
    Sheet,
    uncovered_fields,
    vocabularies,
)
from vn_iso_qms._internal.spreadsheet.reader import column_letter
from vn_iso_qms._internal.vocab_base import Language

if TYPE_CHECKING:
    from types import ModuleType

    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["EXCEL_MAX_ROWS", "export_workbook", "write_template"]

EXCEL_MAX_ROWS = 1_048_576
"""The last row of a sheet in Excel (and in the file format's common readers)."""

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
    openpyxl = require_openpyxl(reading=False)
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
    openpyxl = require_openpyxl(reading=False)
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
    rows = export_rows(dataset, lang, problems)
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
            title.comment = Comment(column_help(spec, col, lang), "vn_iso_qms", 160, 320)
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
    write_instructions(instructions, lang, header_font, fill, wrap)
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
