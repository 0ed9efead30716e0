"""Value types defined once and reused by every record.

Each type is an `Annotated` alias carrying its constraint, so the JSON Schema and the error
messages come from one definition. Nothing is normalised silently: a value that does not match is
rejected with a located error rather than trimmed or recased.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, TypeAlias

from pydantic import Field, GetCoreSchemaHandler, GetJsonSchemaHandler, Strict, StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

_RECORD_ID = r"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,79}$"
_TTHC_CODE = r"^[0-9A-Za-z][0-9A-Za-z.\-_/]{0,39}$"
_SPACE = r" \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
r"""Unicode White_Space beyond the control characters (tab to carriage return are below U+0020).

Spelled out instead of `\s`, which means different characters in Python, JavaScript, Java and
Rust (pydantic's engine): U+0085 and U+FEFF, among others, are white space in one and not in
another. Patterns below name their characters, so every JSON Schema validator agrees."""
_NOT_SPACE_OR_CONTROL = rf"[^{_SPACE}\x00-\x1f\x7f]"
_DECISION_NUMBER = rf"^{_NOT_SPACE_OR_CONTROL}([^\n\x00-\x1f\x7f]{{0,78}}{_NOT_SPACE_OR_CONTROL})?$"
_ADMIN_UNIT_CODE = r"^([0-9]{2}|[0-9]{3}|[0-9]{5})$"

RecordId: TypeAlias = Annotated[str, StringConstraints(pattern=_RECORD_ID)]
"""A record id: 1–80 characters, ASCII letters, digits and `. _ : -`, starting with a letter or
digit. Ids are unique within a record type and are how records link to each other."""


@dataclass(frozen=True, slots=True)
class LinksTo:
    """Field metadata: the value is the id of a record in the dataset collection `collection`.

    Carried in `Annotated` by the id types below. The dataset's integrity check and the
    spreadsheet's link columns read the links from the record models through it, so a link is
    declared once, on the field's type (pydantic itself ignores this metadata).
    """

    collection: str
    """The name of the `QmsDataset` collection the id points into, e.g. `"agencies"`."""


AdminUnitId: TypeAlias = Annotated[RecordId, LinksTo("admin_units")]
"""The id of an [`AdministrativeUnit`][vn_iso_qms.AdministrativeUnit] of the dataset."""
AgencyId: TypeAlias = Annotated[RecordId, LinksTo("agencies")]
"""The id of an [`Agency`][vn_iso_qms.Agency] of the dataset."""
QmsUnitId: TypeAlias = Annotated[RecordId, LinksTo("qms_units")]
"""The id of a [`QmsUnit`][vn_iso_qms.QmsUnit] of the dataset."""
ProcessId: TypeAlias = Annotated[RecordId, LinksTo("processes")]
"""The id of a [`Process`][vn_iso_qms.Process] of the dataset."""
LegalChangeId: TypeAlias = Annotated[RecordId, LinksTo("legal_changes")]
"""The id of a [`LegalChange`][vn_iso_qms.LegalChange] of the dataset."""
InternalAuditId: TypeAlias = Annotated[RecordId, LinksTo("internal_audits")]
"""The id of an [`InternalAudit`][vn_iso_qms.InternalAudit] of the dataset."""
InspectionPlanId: TypeAlias = Annotated[RecordId, LinksTo("inspection_plans")]
"""The id of an [`InspectionPlan`][vn_iso_qms.InspectionPlan] of the dataset."""
InspectionId: TypeAlias = Annotated[RecordId, LinksTo("inspections")]
"""The id of an [`Inspection`][vn_iso_qms.Inspection] of the dataset."""
NonconformityId: TypeAlias = Annotated[RecordId, LinksTo("nonconformities")]
"""The id of a [`Nonconformity`][vn_iso_qms.Nonconformity] of the dataset."""
CorrectiveActionId: TypeAlias = Annotated[RecordId, LinksTo("corrective_actions")]
"""The id of a [`CorrectiveAction`][vn_iso_qms.CorrectiveAction] of the dataset."""
AnnualPlanId: TypeAlias = Annotated[RecordId, LinksTo("annual_plans")]
"""The id of an [`AnnualPlan`][vn_iso_qms.AnnualPlan] of the dataset."""
PlanAmendmentId: TypeAlias = Annotated[RecordId, LinksTo("plan_amendments")]
"""The id of a [`PlanAmendment`][vn_iso_qms.PlanAmendment] of the dataset."""
PlannedActivityId: TypeAlias = Annotated[RecordId, LinksTo("planned_activities")]
"""The id of a [`PlannedActivity`][vn_iso_qms.PlannedActivity] of the dataset."""


_NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
"""No control characters other than tab, line feed and carriage return (which no file format
keeps faithfully: spreadsheets drop them, terminals act on them)."""

_SOME_TEXT = rf"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*{_NOT_SPACE_OR_CONTROL}[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
"""As `_NO_CONTROL`, and at least one character that is not white space."""

Text: TypeAlias = Annotated[
    str, StringConstraints(min_length=1, max_length=1000, pattern=_SOME_TEXT)
]
"""A single value of free text (a name, a signer, a title): at most 1,000 characters, not blank
(spaces alone are refused), no control characters other than tab and line breaks."""

Note: TypeAlias = Annotated[str, StringConstraints(max_length=10_000, pattern=_NO_CONTROL)]
"""Longer free text (notes, descriptions): at most 10,000 characters, no control characters
other than tab and line breaks; may be empty."""

TthcCode: TypeAlias = Annotated[str, StringConstraints(pattern=_TTHC_CODE)]
"""The code of an administrative procedure (thủ tục hành chính, TTHC) in the national database,
e.g. `"1.004227"` or `"2.000294"`: 1–40 characters of letters, digits and `. - _ /`."""

DecisionNumber: TypeAlias = Annotated[str, StringConstraints(pattern=_DECISION_NUMBER)]
"""The number of a legal document or decision as written on it, e.g. `"1234/QĐ-UBND"` or
`"19/2014/QĐ-TTg"`: no leading or trailing spaces, no control characters, at most 80
characters."""

AdminUnitCode: TypeAlias = Annotated[str, StringConstraints(pattern=_ADMIN_UNIT_CODE)]
"""An official statistics-office code of an administrative unit, zero-padded: 2 digits for a
province, 3 for a district, 5 for a commune (e.g. `"84"`, `"842"`, `"29236"`)."""

_DUE_PERIOD = (
    r"^([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})-(0[1-9]|1[0-2]|Q[1-4])$"
)
"""YYYY-MM or YYYY-Qn, years 0001 to 9999 (there is no year 0000)."""

DuePeriod: TypeAlias = Annotated[str, StringConstraints(pattern=_DUE_PERIOD)]
"""A month or a quarter, as plans write due dates ("tháng 10", "Quý III"): `"2023-10"` for
October 2023, `"2023-Q3"` for the third quarter; years 0001 to 9999 (the calendar's). Due at
the end of that month or quarter (see [`due_period_end`][vn_iso_qms.types.due_period_end])."""


def due_period_end(period: str) -> dt.date:
    """The last day of a [`DuePeriod`][vn_iso_qms.types.DuePeriod]: a month's or a quarter's.

    Examples:
        >>> due_period_end("2023-Q3"), due_period_end("2024-02")
        (datetime.date(2023, 9, 30), datetime.date(2024, 2, 29))
    """
    if re.fullmatch(_DUE_PERIOD, period) is None:
        msg = f"{period!r} is not a month (YYYY-MM) or a quarter (YYYY-Qn)"
        raise ValueError(msg)
    year, part = int(period[:4]), period[5:]
    month = 3 * int(part[1]) if part.startswith("Q") else int(part)
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


Year: TypeAlias = Annotated[int, Strict(), Field(ge=2014, le=2100)]
"""A calendar year from 2014 (QĐ 19/2014 took effect on 18/05/2014) to 2100."""

Amount: TypeAlias = Annotated[int, Strict(), Field(ge=0, le=10**15)]
"""An amount of money in Vietnamese đồng (VND), a whole non-negative number."""

ISO_DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""The written form of a date in JSON: `YYYY-MM-DD`, ASCII digits only."""


def _iso_date_schema() -> CoreSchema:
    """A `datetime.date`, or a string `YYYY-MM-DD` that names a real day; the same in both modes.

    Every step is pydantic's own (no Python call per value), and the same schema serves JSON
    text and Python values (parsed JSON, defaults), so both read a date alike. pydantic's strict
    date alone would also take a string of digits as a Unix timestamp (`"1672531200"`), so the
    form is checked first. The error codes stay pydantic's: `date_type` for a value that is
    neither a string nor a date, `date_parsing` for a string in another form or naming no day.
    """
    date = core_schema.date_schema(strict=True)  # a date object (a default, or Python input)
    return core_schema.chain_schema(
        [
            core_schema.custom_error_schema(
                core_schema.union_schema(
                    [core_schema.str_schema(strict=True), date], mode="left_to_right"
                ),
                "date_type",
            ),
            core_schema.custom_error_schema(
                core_schema.union_schema(
                    [core_schema.str_schema(pattern=ISO_DATE_PATTERN), date], mode="left_to_right"
                ),
                "date_parsing",
                custom_error_context={"error": "not another form (no times, no timestamps)"},
            ),
            core_schema.custom_error_schema(
                core_schema.date_schema(),  # by now a date, or a string of that form
                "date_parsing",
                custom_error_context={"error": "no such day in the calendar"},
            ),
        ]
    )


class _IsoDate:
    """The validation and JSON Schema of [`Date`][vn_iso_qms.types.Date] (pydantic metadata)."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return _iso_date_schema()

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "format": "date", "pattern": ISO_DATE_PATTERN}


Date: TypeAlias = Annotated[dt.date, _IsoDate()]
"""A calendar date. In Python a `datetime.date` (not a `datetime`); in JSON, and in data parsed
from JSON, an ISO 8601 string `YYYY-MM-DD` and nothing else (no timestamps, no times), so no value
is converted silently. `Model.model_validate(json.loads(text))` reads dates as
`Model.model_validate_json(text)` does: web frameworks validate parsed JSON that way."""

Flag: TypeAlias = Annotated[bool, Strict()]
"""A yes/no value: `true` or `false` only (no "yes", 1 or "on" converted silently)."""

Count: TypeAlias = Annotated[int, Strict(), Field(ge=0, le=1_000_000)]
"""A whole number from 0 to 1,000,000 (strings and floats are not converted silently)."""


_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_PATTERN_MESSAGES: dict[str, str] = {
    _RECORD_ID: (
        "is not a valid id: use 1-80 ASCII letters, digits and . _ : -, starting with a letter "
        "or digit"
    ),
    _TTHC_CODE: (
        "is not a valid procedure code: use 1-40 letters, digits and . - _ /, e.g. 1.004227"
    ),
    _DECISION_NUMBER: (
        "is not a valid document number: 1-80 characters on one line, no leading or trailing spaces"
    ),
    _SOME_TEXT: "is blank: spaces alone are not a value",
    _ADMIN_UNIT_CODE: (
        "is not an administrative-unit code: 2 digits (province), 3 (district) or 5 (commune)"
    ),
    _DUE_PERIOD: "is not a month or a quarter: write 2023-10 (tháng 10) or 2023-Q3 (Quý III)",
}


def pattern_message(pattern: str, value: object) -> str | None:
    """A plain explanation of why `value` does not match one of this module's patterns.

    Used instead of pydantic's "String should match pattern '^...$'", which shows a regular
    expression to a clerk. None for a pattern defined elsewhere.
    """
    if pattern in (_NO_CONTROL, _SOME_TEXT, _DECISION_NUMBER) and isinstance(value, str):
        found = _CONTROL_CHAR.search(value)
        if found is not None:
            return (
                f"contains the control character U+{ord(found[0]):04X} at position "
                f"{found.start() + 1}; text may hold tab and line breaks but no other control "
                "characters: remove it"
            )
    return _PATTERN_MESSAGES.get(pattern)
