"""Spreadsheets for Sở KH&CN analysts: the XLSX template, import, export, and CSV sheets.

openpyxl (and defusedxml, for reading) load only when a function here is called; install them
with `pip install 'vn-iso-qms[xlsx]'`. CSV import needs neither.
"""

from vn_iso_qms._internal.spreadsheet.csvio import import_csv
from vn_iso_qms._internal.spreadsheet.problems import SheetProblem
from vn_iso_qms._internal.spreadsheet.xlsx import (
    MissingExtraError,
    SpreadsheetExportError,
    WorkbookError,
    export_workbook,
    import_workbook,
    write_template,
)

__all__ = [
    "MissingExtraError",
    "SheetProblem",
    "SpreadsheetExportError",
    "WorkbookError",
    "export_workbook",
    "import_csv",
    "import_workbook",
    "write_template",
]
