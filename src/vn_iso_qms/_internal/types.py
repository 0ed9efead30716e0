"""Value types defined once and reused by every record.

Each type is an `Annotated` alias carrying its constraint, so the JSON Schema and the error
messages come from one definition. Nothing is normalised silently: a value that does not match is
rejected with a located error rather than trimmed or recased.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, TypeAlias

from pydantic import Field, Strict, StringConstraints

RecordId: TypeAlias = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,79}$"),
]
"""A record id: 1–80 characters, ASCII letters, digits and `. _ : -`, starting with a letter or
digit. Ids are unique within a record type and are how records link to each other."""

_NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
"""No control characters other than tab, line feed and carriage return (which no file format
keeps faithfully: spreadsheets drop them, terminals act on them)."""

Text: TypeAlias = Annotated[
    str, StringConstraints(min_length=1, max_length=1000, pattern=_NO_CONTROL)
]
"""A non-empty single value of free text (a name, a signer, a title): at most 1,000 characters,
no control characters other than tab and line breaks."""

Note: TypeAlias = Annotated[str, StringConstraints(max_length=10_000, pattern=_NO_CONTROL)]
"""Longer free text (notes, descriptions): at most 10,000 characters, no control characters
other than tab and line breaks; may be empty."""

TthcCode: TypeAlias = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.\-_/]{0,39}$"),
]
"""The code of an administrative procedure (thủ tục hành chính, TTHC) in the national database,
e.g. `"1.004227"` or `"2.000294"`: 1–40 characters of letters, digits and `. - _ /`."""

DecisionNumber: TypeAlias = Annotated[
    str,
    StringConstraints(pattern=r"^\S(.{0,78}\S)?$"),
]
"""The number of a legal document or decision as written on it, e.g. `"1234/QĐ-UBND"` or
`"19/2014/QĐ-TTg"`: no leading or trailing spaces, at most 80 characters."""

AdminUnitCode: TypeAlias = Annotated[
    str, StringConstraints(pattern=r"^([0-9]{2}|[0-9]{3}|[0-9]{5})$")
]
"""An official statistics-office code of an administrative unit, zero-padded: 2 digits for a
province, 3 for a district, 5 for a commune (e.g. `"84"`, `"842"`, `"29236"`)."""

Year: TypeAlias = Annotated[int, Strict(), Field(ge=2014, le=2100)]
"""A calendar year from 2014 (QĐ 19/2014 took effect on 18/05/2014) to 2100."""

Amount: TypeAlias = Annotated[int, Strict(), Field(ge=0, le=10**15)]
"""An amount of money in Vietnamese đồng (VND), a whole non-negative number."""

Date: TypeAlias = Annotated[dt.date, Strict()]
"""A calendar date. In Python a `datetime.date` (not a `datetime`, not a string); in JSON an ISO 8601
string `YYYY-MM-DD` and nothing else (no timestamps, no times), so no value is converted silently."""

Flag: TypeAlias = Annotated[bool, Strict()]
"""A yes/no value: `true` or `false` only (no "yes", 1 or "on" converted silently)."""

Count: TypeAlias = Annotated[int, Strict(), Field(ge=0, le=1_000_000)]
"""A whole number from 0 to 1,000,000 (strings and floats are not converted silently)."""
