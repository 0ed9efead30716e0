"""Spreadsheets for Sở KH&CN analysts: the XLSX template, import, export, and CSV sheets.

openpyxl (and defusedxml, for reading) load only when a function here is called; install them
with `pip install 'vn-iso-qms[xlsx]'`. CSV import needs neither.

The modules, by job:

- `layout`: the sheets and columns (pure data); `cells`: one cell's value read and written;
  `problems`: messages in the sheet's terms (cell, row, column title, Vietnamese);
- `source`: the input bounded, and the workbook archive checked before parsing (zip bombs);
- `guard`: the door of the `xlsx` extra (`MissingExtraError` naming the install command);
- `reader`: rows of values to validated records (shared by XLSX and CSV);
- `xlsx_rows`: one worksheet's cells from its XML; `xlsx_read`: a workbook to a dataset;
- `export_rows`: a dataset to rows of values; `xlsx_write`: the template and the export;
- `guide`: what the template tells the clerk (column help, the instructions sheet);
- `csvio`: one sheet as CSV (never imports the XLSX modules or openpyxl).
"""

from vn_iso_qms._internal.errors import MissingExtraError, SpreadsheetExportError
from vn_iso_qms._internal.spreadsheet.csvio import import_csv
from vn_iso_qms._internal.spreadsheet.problems import SheetProblem
from vn_iso_qms._internal.spreadsheet.xlsx_read import WorkbookError, import_workbook
from vn_iso_qms._internal.spreadsheet.xlsx_write import export_workbook, write_template

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
