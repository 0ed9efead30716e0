"""What a record cannot know about a document: its number, signer, authority and recipients.

Everything else in a document (titles, recitals, checklist wording, time limits, figures, names
from the registry) comes from the library. This value is the caller's part; it can be read from a
small TOML file (`header.toml`):

```toml
number = 12                   # left blank ("Số:      /BC-SKHCN") when absent
symbol = "BC-SKHCN"           # ký hiệu; each document has a default
place = "Minh Hòa"            # địa danh; default: the province's name
date = 2023-12-15             # ngày ban hành; default: left blank for the office of records
authority = "KT. GIÁM ĐỐC"    # quyền hạn (NĐ 30 Phụ lục I, Mục II.7.b)
title = "PHÓ GIÁM ĐỐC"        # chức vụ of the signer
signer = "Nguyễn Văn A"       # họ và tên
recipients = ["Bộ Khoa học và Công nghệ", "UBND tỉnh"]
filing = "Lưu: VT, TĐC."     # the last line of Nơi nhận
```
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from typing import Annotated

from pydantic import Field, ValidationError

from vn_iso_qms._internal.base import QmsModel
from vn_iso_qms._internal.errors import InvalidDataError, Problem
from vn_iso_qms._internal.files import read_bounded

__all__ = ["DocumentHeader", "load_header"]

_Line = Annotated[str, Field(min_length=1, max_length=300)]
MAX_HEADER_BYTES = 64 * 1024
"""A header file is a few lines: larger files are refused."""


class DocumentHeader(QmsModel):
    """The caller's part of a document (what no record holds); every field is optional."""

    number: Annotated[int, Field(ge=1, le=999_999)] | None = None
    """Số: the number from the office of records' register; None leaves a blank to fill."""
    symbol: _Line | None = None
    """Ký hiệu ("BC-SKHCN"); None uses the document's default."""
    place: _Line | None = None
    """Địa danh; None uses the province's name from the registry."""
    date: dt.date | None = None
    """Ngày ban hành; None leaves "ngày ... tháng ... năm ..." blank."""
    parent_agency: _Line | None = None
    """Tên cơ quan chủ quản (first line of the header); None uses the registry's parent."""
    issuing_agency: _Line | None = None
    """Tên cơ quan ban hành; None uses the registry's name of the issuing agency."""
    authority: _Line | None = None
    """Quyền hạn and chức vụ ("KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"), NĐ 30 PL I Mục II.7.b."""
    title: _Line | None = None
    """Chức vụ of the signer under the authority ("PHÓ GIÁM ĐỐC"); None for none."""
    signer: _Line | None = None
    """Họ và tên of the signer; None leaves the place blank."""
    recipients: tuple[_Line, ...] = ()
    """Nơi nhận, one per line (without "- " and ";"); the document adds its own defaults first."""
    filing: _Line | None = None
    """The last line of Nơi nhận ("Lưu: VT, TĐC."); None gives "Lưu: VT."."""


def load_header(path: str | os.PathLike[str]) -> DocumentHeader:
    """Read a [`DocumentHeader`][vn_iso_qms.documents.DocumentHeader] from a TOML file.

    Raises:
        InvalidDataError: the file cannot be read, is not TOML, or a field is wrong (every
            problem, with its field).
    """
    data = read_bounded(path, MAX_HEADER_BYTES, what="header file")
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        problem = Problem(
            record_type="header", field=str(path), code="not_toml", message=f"not TOML: {exc}"
        )
        raise InvalidDataError([problem], summary="invalid header file") from None
    try:
        return DocumentHeader.model_validate(raw)
    except ValidationError as exc:
        problems = [
            Problem(
                record_type="header",
                field=".".join(str(p) for p in e["loc"]) or "(file)",
                code=e["type"],
                message=e["msg"],
            )
            for e in exc.errors()
        ]
        raise InvalidDataError(problems, summary="invalid header file") from None
