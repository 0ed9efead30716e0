"""Spreadsheets: the workbook template, importing and exporting workbooks, importing CSV.

This namespace needs the `xlsx` extra (`pip install "vn-iso-qms[xlsx]"`): importing it without
openpyxl and defusedxml raises [`MissingExtraError`][vn_iso_qms.MissingExtraError] at once,
naming the extra, instead of failing later inside a call.

Examples:
    >>> from vn_iso_qms import demo_dataset
    >>> from vn_iso_qms.spreadsheet import export_workbook, import_workbook
    >>> import_workbook(export_workbook(demo_dataset())) == demo_dataset()
    True
"""

from __future__ import annotations

from vn_iso_qms._internal.spreadsheet import (
    export_workbook,
    import_csv,
    import_workbook,
    write_template,
)
from vn_iso_qms._internal.spreadsheet import guard as _guard

_guard.require_openpyxl(
    reading=True
)  # the extra fails here, at the door, with the command that installs it

__all__ = [
    "export_workbook",
    "import_csv",
    "import_workbook",
    "write_template",
]
