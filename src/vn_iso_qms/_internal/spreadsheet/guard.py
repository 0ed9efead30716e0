"""The door of the `xlsx` extra: openpyxl (and defusedxml, for reading), or a clear error.

Nothing here imports openpyxl at import time; `require_openpyxl` does, when a spreadsheet
function is called, and turns a missing package into a `MissingExtraError` that names the
command to run.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING

from vn_iso_qms._internal.errors import MissingExtraError

if TYPE_CHECKING:
    from types import ModuleType

__all__ = ["INSTALL_XLSX", "require_openpyxl"]

INSTALL_XLSX = "pip install 'vn-iso-qms[xlsx]'"
"""The command that installs the `xlsx` extra (openpyxl and defusedxml)."""


def require_openpyxl(*, reading: bool) -> ModuleType:
    """openpyxl, imported now; for `reading`, only when defusedxml guards its XML parsing.

    Raises:
        MissingExtraError: openpyxl (or, for reading, defusedxml) is not installed, or openpyxl
            was told not to use defusedxml; the message names the install command.
    """
    # One XML path whether or not lxml is installed (python-docx, the `documents` extra, brings
    # it): without this, openpyxl switches to lxml, which reads entity declarations silently
    # instead of letting defusedxml refuse them, and writes "ò" as "&#242;" (other bytes).
    os.environ.setdefault("OPENPYXL_LXML", "False")
    try:
        import openpyxl
    except ImportError:
        msg = f"spreadsheets need openpyxl and defusedxml: {INSTALL_XLSX}"
        raise MissingExtraError(msg) from None
    if reading:
        try:
            importlib.import_module("defusedxml")
        except ImportError:
            msg = f"reading workbooks safely needs defusedxml: {INSTALL_XLSX}"
            raise MissingExtraError(msg) from None
        if not openpyxl.DEFUSEDXML:
            msg = (
                "openpyxl is not using defusedxml (is OPENPYXL_DEFUSEDXML set to False?); "
                "refusing to read a workbook without protection against XML attacks"
            )
            raise MissingExtraError(msg)
    return openpyxl
