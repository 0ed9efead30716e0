"""Office Open XML details openpyxl leaves to its callers.

Byte-reproducible .xlsx files: the same workbook gives the same bytes whenever it is saved.

openpyxl stamps two clocks into every file it saves: the document's created/modified
properties (the wall clock when the `Workbook` object was made) and each ZIP member's
modification time (the wall clock at save, to two seconds). Both make two saves of the same
content differ, which breaks checksums, archives that deduplicate, `git diff` of committed
workbooks and any test that compares outputs. This library never reads the clock for what it
produces, so both stamps are replaced here by a date the caller chooses (a report uses its
`as_of`; templates and dataset exports use `FIXED_TIMESTAMP`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = [
    "FIXED_TIMESTAMP",
    "ZIP_EPOCH",
    "escape_xstring",
    "fixed_zip",
    "unescape_xstring",
    "workbook_bytes",
    "xml_forbidden",
]

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest time a ZIP member can carry; every member of a saved workbook carries it."""

_CORE_PROPERTIES = "docProps/core.xml"

FIXED_TIMESTAMP = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
"""Created/modified property of workbooks that have no date of their own (templates, exports)."""


def workbook_bytes(workbook: Workbook, when: dt.datetime = FIXED_TIMESTAMP) -> bytes:
    """Save `workbook` to bytes with no trace of the clock.

    Args:
        workbook: an openpyxl workbook (write mode).
        when: the created/modified document property to record.

    Returns:
        The .xlsx bytes; equal inputs give equal bytes.
    """
    from openpyxl.xml.functions import tostring

    saved = io.BytesIO()
    workbook.save(saved)  # sets the modified property to the clock: rewritten below
    workbook.properties.created = when
    workbook.properties.modified = when
    core = tostring(workbook.properties.to_tree())
    return fixed_zip(saved.getvalue(), {_CORE_PROPERTIES: core})


def fixed_zip(data: bytes, replace: dict[str, bytes] | None = None) -> bytes:
    """The ZIP package `data` with every member stamped `ZIP_EPOCH` (and some members replaced).

    The one place that removes the save clock from Office Open XML packages: workbooks here,
    Word documents in `vn_iso_qms.documents`.

    Args:
        data: a ZIP package (.xlsx, .docx).
        replace: member name -> new bytes, for members rewritten by the caller.

    Returns:
        The package's bytes; equal members give equal bytes.
    """
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=ZIP_EPOCH)
            info.compress_type = member.compress_type
            info.external_attr = member.external_attr
            info.create_system = member.create_system
            target.writestr(info, replace.get(member.filename) or source.read(member))
    return out.getvalue()


# ECMA-376 Part 1, 22.9.2.19 (ST_Xstring): in cell text, `_xHHHH_` stands for the character
# U+HHHH, and a literal `_xHHHH_` is written with its underscore escaped as `_x005F_`.
# Excel and LibreOffice decode it on reading and escape on writing; openpyxl does neither.
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_LITERAL = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def unescape_xstring(text: str) -> str:
    """The text a spreadsheet program shows for stored cell text (`_x001B_` -> ESC).

    Decoding runs left to right without overlaps, as Excel does: `_x005F_x0041_` is the
    literal `_x0041_`.
    """
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m[1], 16)), text)


def escape_xstring(text: str) -> str:
    """Cell text to store so that spreadsheet programs (and `unescape_xstring`) show `text`.

    Only the underscore that starts a `_xHHHH_` look-alike is escaped; other text is unchanged.
    """
    if "_x" not in text:
        return text
    return _LITERAL.sub("_x005F_", text)


# XML 1.0 (section 2.2) allows TAB, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD and U+10000 and up;
# everything else (other C0 controls, lone surrogates, U+FFFE, U+FFFF) makes a damaged file.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_forbidden(text: str) -> tuple[int, str] | None:
    """The position and character of the first character XML 1.0 forbids in `text`, or None.

    Examples:
        >>> xml_forbidden("ok"), xml_forbidden("a" + chr(0xFFFF))[0]
        (None, 1)
    """
    m = _XML_FORBIDDEN.search(text)
    return None if m is None else (m.start(), m[0])
