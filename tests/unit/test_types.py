"""Value types: case tables of (input, valid) with the reason for each row."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from vn_iso_qms.types import (
    AdminUnitCode,
    Amount,
    Date,
    DecisionNumber,
    RecordId,
    Text,
    TthcCode,
    Year,
)

CASES: list[tuple[Any, Any, bool, str]] = [
    (RecordId, "so-tu-phap", True, "letters and hyphens"),
    (RecordId, "kt-2023.01:x_y", True, "dots, colons, underscores"),
    (RecordId, "", False, "empty"),
    (RecordId, "-leading", False, "must start with a letter or digit"),
    (RecordId, "có dấu", False, "no spaces or diacritics"),
    (RecordId, "a" * 81, False, "longer than 80"),
    (TthcCode, "1.004227", True, "national database code"),
    (TthcCode, "2.000488", True, "national database code"),
    (TthcCode, " 1.004227", False, "leading space is not trimmed silently"),
    (DecisionNumber, "1234/QĐ-UBND", True, "Vietnamese letters allowed"),
    (DecisionNumber, "19/2014/QĐ-TTg", True, "instrument number"),
    (DecisionNumber, "12/QĐ-UBND ", False, "trailing space"),
    (DecisionNumber, "", False, "empty"),
    (
        DecisionNumber,
        "1/Q\x1bĐ-CB",
        False,
        "control character (Excel's _x001B_, found by the fuzzer)",
    ),
    (DecisionNumber, "12/QĐ\n-UBND", False, "one line"),
    (AdminUnitCode, "84", True, "province"),
    (AdminUnitCode, "842", True, "district"),
    (AdminUnitCode, "29236", True, "commune"),
    (AdminUnitCode, "8", False, "not zero-padded"),
    (AdminUnitCode, "2923", False, "four digits is no level"),
    (Year, 2023, True, "a year"),
    (Year, 2013, False, "before QĐ 19/2014"),
    (Year, "2023", False, "strings are not converted silently"),
    (Year, True, False, "booleans are not years"),
    (Amount, 450_000_000, True, "VND"),
    (Amount, -1, False, "negative"),
    (Text, "Sở Tư pháp", True, "Vietnamese text"),
    (Text, "", False, "empty"),
    (Text, "x" * 1001, False, "too long"),
    (Text, "   ", False, "spaces alone are blank"),
    (Text, "\t\n", False, "white space alone is blank"),
    (Text, "\u00a0", False, "a no-break space alone is blank"),
    (Text, " Sở Y tế ", True, "text with spaces around is kept as given"),
    (Text, "Dòng 1\nDòng 2", True, "line breaks inside text"),
    (Text, "Sở\x1bY tế", False, "control character"),
    (Date, dt.date(2023, 1, 31), True, "a date"),
    (Date, dt.datetime(2023, 1, 31, 0, 0), False, "a datetime is not converted silently"),
    (Date, dt.date(2023, 1, 31).isoformat().encode(), False, "bytes are not JSON"),
]


@pytest.mark.parametrize(
    ("type_", "value", "valid", "why"), CASES, ids=[f"{i}-{c[3]}" for i, c in enumerate(CASES)]
)
def test_value_type_cases(type_: Any, value: Any, valid: bool, why: str) -> None:
    adapter = TypeAdapter(type_)
    if valid:
        assert adapter.validate_python(value) == value, why
    else:
        with pytest.raises(ValidationError):
            adapter.validate_python(value)


@pytest.mark.parametrize(
    ("raw", "valid"),
    [
        (b'"2023-02-28"', True),
        (b'"2024-02-29"', True),  # leap day
        (b'"2023-02-29"', False),  # no such day
        (b'"2023-01-31T00:00:00"', False),  # a time is not dropped silently
        (b"1700000000", False),  # no timestamps
        (b'"31/01/2023"', False),  # dd/mm/yyyy belongs to spreadsheet import, not JSON
    ],
)
def test_dates_in_json_are_iso_8601_only(raw: bytes, valid: bool) -> None:
    adapter = TypeAdapter(Date)
    if valid:
        assert isinstance(adapter.validate_json(raw), dt.date)
    else:
        with pytest.raises(ValidationError):
            adapter.validate_json(raw)


def _outcome(validate: Any, value: Any) -> tuple[str, str]:
    try:
        return "ok", repr(validate(value))
    except ValidationError as exc:
        (err,) = exc.errors(include_url=False)
        return str(err["type"]), str(err["msg"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-01-31", "ok"),
        ("2024-02-29", "ok"),
        ("2023-02-29", "date_parsing"),  # no such day
        ("2023-13-01", "date_parsing"),
        ("0000-01-01", "date_parsing"),
        ("2023-1-31", "date_parsing"),
        ("2023-01-31T00:00:00", "date_parsing"),  # a time is not dropped silently
        ("2023-01-31 ", "date_parsing"),
        ("2023-01-31\n", "date_parsing"),
        ("\uff12\uff10\uff12\uff13-01-31", "date_parsing"),  # full-width digits
        ("1675123200", "date_parsing"),  # pydantic's strict date alone takes it as a timestamp
        ("20230131", "date_parsing"),
        ("", "date_parsing"),
        (1675123200, "date_type"),
        (2023.0, "date_type"),
        (True, "date_type"),
        (None, "date_type"),
        ([2023, 1, 31], "date_type"),
        ({"year": 2023}, "date_type"),
    ],
)
def test_a_date_reads_the_same_from_json_text_and_parsed_json(value: Any, expected: str) -> None:
    # a web framework validates parsed JSON (Python mode): it must read what the JSON text reads
    adapter = TypeAdapter(Date)
    from_text = _outcome(adapter.validate_json, json.dumps(value))
    from_parsed = _outcome(adapter.validate_python, value)
    assert from_text == from_parsed
    assert from_text[0] == expected
    if expected == "ok":
        assert from_parsed[1] == repr(dt.date.fromisoformat(value))


@pytest.mark.parametrize(
    ("type_", "value", "expected"),
    [
        (Text, "   ", "is blank: spaces alone are not a value"),
        (Text, "ab\x1bc", "contains the control character U+001B at position 3"),
        (RecordId, "có dấu", "is not a valid id: use 1-80 ASCII letters"),
        (AdminUnitCode, "8", "is not an administrative-unit code"),
        (DecisionNumber, "", "is not a valid document number: 1-80 characters"),
        (DecisionNumber, "1/Q\x1bĐ", "contains the control character U+001B at position 4"),
    ],
)
def test_pattern_errors_are_explained_in_words(type_: Any, value: str, expected: str) -> None:
    # the message a clerk reads says what the value must look like, not a regular expression
    from vn_iso_qms._internal.errors import error_message

    with pytest.raises(ValidationError) as info:
        TypeAdapter(type_).validate_python(value)
    (err,) = info.value.errors()
    message = error_message(err)
    assert message.startswith(expected)
    assert "^" not in message
