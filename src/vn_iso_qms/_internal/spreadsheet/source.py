"""What is checked before a spreadsheet is parsed: the input's size and the workbook archive.

`read_source` bounds every input (CSV or workbook, bytes or a path); `check_archive` refuses a
file that is not an .xlsx archive or that would expand past `Limits.expansion_limit` (a zip
bomb). Both are stdlib only, so CSV import never loads the `xlsx` extra.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib

from vn_iso_qms._internal.errors import (
    InputTooLargeError,
    InvalidDataError,
    Problem,
    check_input_size,
)
from vn_iso_qms._internal.files import read_bounded
from vn_iso_qms._internal.limits import Limits

__all__ = ["Source", "check_archive", "check_transitional", "file_problem", "read_source"]

Source = bytes | bytearray | memoryview | str | os.PathLike[str]
"""A file's bytes, or its path."""


def read_source(source: Source, max_bytes: int, *, what: str) -> bytes:
    """The bytes of `source` (bytes or a path), refusing more than `max_bytes`.

    A path is read with `read_bounded`: only a regular file, never more than the limit.

    Raises:
        InputTooLargeError: over the limit.
        InvalidDataError: the file cannot be read.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        check_input_size(len(source), max_bytes, "input")
        return bytes(source)
    return read_bounded(source, max_bytes, what=what)


def file_problem(code: str, message: str) -> InvalidDataError:
    """An error with one problem of the whole workbook file."""
    return InvalidDataError(
        [Problem(record_type="file", code=code, message=message)], summary="cannot read workbook"
    )


def check_archive(data: bytes, limits: Limits) -> None:
    """Refuse what is not an .xlsx archive, or what expands past `limits` (a zip bomb).

    Only the archive's directory is read: nothing is decompressed. The whole file's XML is
    bounded by the file's size, and the shared strings (read whole into memory) by their own
    compressed size as well.

    Raises:
        InvalidDataError: not a zip archive, or no workbook part (`not_xlsx`).
        InputTooLargeError: the parts' uncompressed size is over `Limits.expansion_limit`.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
        # NotImplementedError: a zip feature Python cannot read (e.g. a damaged version field)
        raise file_problem(
            "not_xlsx",
            "the file is not an .xlsx workbook (not a zip archive: an old .xls file, a "
            "password-protected workbook or another format); save it as 'Excel Workbook "
            "(*.xlsx)' without a password",
        ) from None
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        raise file_problem(
            "not_xlsx", "the file is a zip archive but not an .xlsx workbook (no workbook part)"
        )
    limit = limits.expansion_limit(len(data))
    if total > limit:
        problem = Problem(
            record_type="file",
            field="input",
            code="too_large",
            message=(
                f"the workbook expands to {total:,} bytes of XML, more than {limits.max_expansion}"
                f" x its own size of {len(data):,} bytes (limit {limit:,} bytes); a genuine "
                "workbook compresses far less (raise Limits.max_expansion if it is genuine)"
            ),
        )
        raise InputTooLargeError([problem], summary="input too large")
    for info in infos:
        # The shared strings are read whole into memory: their own expansion is bounded by
        # their own compressed size, so padding the file with a member that is never read
        # (which raises the file's budget above) cannot buy them gigabytes.
        if not info.filename.lower().endswith("sharedstrings.xml"):
            continue
        own = max(
            limits.max_shared_strings_expansion * info.compress_size, limits.min_expansion_bytes
        )
        if info.file_size > own:
            problem = Problem(
                record_type="file",
                field="input",
                code="too_large",
                message=(
                    f"the workbook's shared strings ({info.filename}) expand to "
                    f"{info.file_size:,} bytes, more than {limits.max_shared_strings_expansion}"
                    " x their "
                    f"compressed size of {info.compress_size:,} bytes (limit {own:,} bytes)"
                ),
            )
            raise InputTooLargeError([problem], summary="input too large")


_STRICT = b"purl.oclc.org/ooxml/"
"""The namespaces of Strict Open XML (ISO/IEC 29500 Strict) begin with this."""
_ROOT_TAG = re.compile(rb"<[A-Za-z_][^>]*>")
_HEAD_LIMIT = 1024**2
"""How far into a part its root element must have begun and ended (1 MiB)."""
_DTD = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
"""A document type declaration's start, in the encodings an XML part may use."""


def check_transitional(data: bytes) -> None:
    """Refuse a workbook any of whose XML parts is Strict Open XML or declares a DTD.

    openpyxl reads the transitional namespaces only: a sheet in the strict namespace
    (`http://purl.oclc.org/ooxml/spreadsheetml/main`) reads as empty, so its records would
    vanish without a word, and a workbook mixing both would lose some sheets. A document type
    declaration (where entities are declared: "billion laughs", external entities) can only
    stand before the root element, so every XML part's prolog is read too and a declaration is
    refused whatever parser openpyxl uses: defusedxml refuses it as well, but a host that
    imported openpyxl before this library with lxml installed has openpyxl on lxml, which skips
    entities without a word. Each part's root element is read (not the rest of the part): a
    root whose start tag does not end within 1 MiB is refused as damaged.

    Raises:
        InvalidDataError: `strict_ooxml`, `unsafe_xml` or `unreadable`, a problem of the file.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name = info.filename
            if not name.endswith((".xml", ".rels")):
                continue
            head = b""
            try:
                with archive.open(info) as part:
                    while len(head) < _HEAD_LIMIT:
                        chunk = part.read(64 * 1024)
                        if not chunk:
                            break
                        head += chunk
                        if _ROOT_TAG.search(head.split(b"?>", 1)[-1]) is not None:
                            break
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError):
                raise file_problem(
                    "unreadable",
                    f"the part {name} of the workbook is damaged and cannot be decompressed",
                ) from None
            prolog = head.split(b"?>", 1)[-1]
            root = _ROOT_TAG.search(prolog)
            if any(mark in (prolog if root is None else prolog[: root.start()]) for mark in _DTD):
                raise file_problem(
                    "unsafe_xml",
                    f"the workbook contains forbidden XML constructs (a document type declaration "
                    f"in {name}: entity or DTD declarations); it was not read",
                )
            if root is None and len(head) >= _HEAD_LIMIT:
                raise file_problem(
                    "unreadable", f"the part {name} of the workbook has no readable root element"
                )
            if not name.startswith("xl/") or not name.endswith(".xml"):
                continue
            if root is not None and _STRICT in root[0]:
                raise file_problem(
                    "strict_ooxml",
                    f"the workbook is saved as 'Strict Open XML Spreadsheet' ({name}), which "
                    "is not read; open it in Excel or LibreOffice and save it as 'Excel "
                    "Workbook (*.xlsx)'",
                )
