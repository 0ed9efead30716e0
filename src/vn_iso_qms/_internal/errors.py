"""The library's exception tree.

```text
QmsError                              root of everything vn_iso_qms raises on purpose
├── InvalidDataError                  bad input: every problem found, each with its location
│   ├── InputTooLargeError            input bigger than the configured limit
│   ├── SpreadsheetExportError        a dataset holds values a workbook cannot hold exactly
│   └── DocumentTextError             a record holds characters a Word document cannot hold
├── UnknownRecordError (+ KeyError)   a lookup by id that names no record
├── UnknownRuleError (+ KeyError)     a rule id that is not in the rule set
├── EvaluationMismatchError (+ ValueError) an evaluation given for another dataset, date or policy
├── UnknownAdminUnitError (+ LookupError) an administrative-unit code unknown in an era
├── MissingExtraError (+ ImportError) an optional extra is not installed (the message names it)
└── PdfError                          LibreOffice is missing, failed or ran out of time
```

Every public exception is defined here; `tests/unit/test_exception_tree.py` builds the tree from
the classes and compares it with this one and with the documentation's.

`InvalidDataError` deliberately does not derive from `ValueError`: pydantic turns a `ValueError`
raised inside a validator into one line of its own error, and the dataset's cross-record check
must surface with all its problems intact.

Non-compliance is never an exception: rules return results with reasons. Exceptions are for input
that cannot be read as records, and for programming mistakes such as asking for an unknown id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, field_validator

from vn_iso_qms._internal.types import pattern_message

if TYPE_CHECKING:
    from vn_iso_qms._internal.vocab import AdminEra

MAX_MESSAGE_CHARS = 1000
"""The longest problem message kept; a longer one is cut (values in messages are quoted short)."""


class Problem(BaseModel):
    """One located problem in input data.

    Examples:
        >>> Problem(record_type="agency", record_id="ag-1", field="valid_to",
        ...         code="date_order", message="valid_to is before valid_from").describe()
        'agency ag-1, field valid_to: valid_to is before valid_from [date_order]'
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    record_type: str
    """The kind of record (`"agency"`, `"qms_unit"`, ...), the sheet name for spreadsheets, or
    `"dataset"` / `"file"` for problems with the whole input."""
    record_id: str | None = None
    """The record's id when it could be read, else None."""
    field: str | None = None
    """The field (dotted path inside the record), or the column for spreadsheets."""
    message: str
    """What is wrong, in plain English, naming the offending value where that helps."""
    code: str
    """A stable machine-readable code (`"missing"`, `"dangling_reference"`, `"duplicate_id"`, ...)."""
    index: int | None = None
    """Position of the record in its collection (0-based), or the spreadsheet row (1-based)."""

    @field_validator("message")
    @classmethod
    def _short(cls, value: str | None) -> str | None:
        if value is not None and len(value) > MAX_MESSAGE_CHARS:
            return value[: MAX_MESSAGE_CHARS - 1] + f"… ({len(value):,} characters)"
        return value

    def describe(self) -> str:
        """One readable line: where, then what, then the code."""
        where = self.record_type
        if self.record_id is not None:
            where += f" {self.record_id}"
        elif self.index is not None:
            where += f" #{self.index}"
        if self.field:
            where += f", field {self.field}"
        return f"{where}: {self.message} [{self.code}]"


class QmsError(Exception):
    """Root of every exception vn_iso_qms raises on purpose."""


class InvalidDataError(QmsError):
    """Input that cannot be read as valid records; carries every problem found, not just the first.

    Attributes:
        problems: the problems kept, each with its location (at most the readers' budget,
            `Limits.max_problems`, 1000 by default).
        omitted: how many more problems were found but not kept.
    """

    def __init__(
        self, problems: Iterable[Problem], *, summary: str = "invalid data", omitted: int = 0
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.omitted: int = omitted + int(getattr(problems, "omitted", 0))
        self.summary = summary
        super().__init__(self._render())

    @property
    def total(self) -> int:
        """Every problem found: those kept and those only counted."""
        return len(self.problems) + self.omitted

    def _render(self) -> str:
        n = self.total
        lines = [f"{self.summary}: {n:,} problem{'s' if n != 1 else ''}"]
        lines.extend(f"  - {p.describe()}" for p in self.problems[:50])
        if n > 50:
            lines.append(f"  ... and {n - 50:,} more")
        return "\n".join(lines)


class InputTooLargeError(InvalidDataError):
    """The input is larger than the configured maximum size."""


class UnknownRecordError(QmsError, KeyError):
    """No record with the requested id exists in the dataset."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown record"


class UnknownRuleError(QmsError, KeyError):
    """No rule with the requested id exists in the rule set."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown rule"


class EvaluationMismatchError(QmsError, ValueError):
    """An evaluation (or context) given to a report belongs to another dataset, year, day or policy."""


class UnknownAdminUnitError(QmsError, LookupError):
    """No administrative unit has this code in the given era.

    Args:
        message: the readable reason; when the code exists in the other era it says which.
        code: the code that was looked up, as given.
        era: the era it was looked up in.

    Attributes:
        code: the code that was looked up, as given.
        era: the era it was looked up in (`None` when the lookup spans both eras).
    """

    def __init__(self, message: str, *, code: object, era: AdminEra | None) -> None:
        super().__init__(message)
        self.code = code
        self.era = era


class MissingExtraError(QmsError, ImportError):
    """An optional dependency is missing: install the extra the message names.

    Also an `ImportError`, so `except ImportError` around optional features keeps working.
    """


class SpreadsheetExportError(InvalidDataError):
    """A dataset holds values the spreadsheet layout cannot write so that they read back equal.

    Carries every such value as a [`Problem`][vn_iso_qms.Problem] (record type, id, field,
    reason); nothing is written and nothing is dropped.
    """


class DocumentTextError(InvalidDataError):
    """A record or header holds characters a Word document cannot hold (XML 1.0 forbids them).

    Carries every such value as a [`Problem`][vn_iso_qms.Problem] naming the record and field;
    nothing is written.
    """


class PdfError(QmsError):
    """LibreOffice is missing, failed, or took longer than the time limit (`--pdf`, `to_pdf`)."""


def error_message(err: Mapping[str, Any]) -> str:
    """The message of one pydantic error, in words a clerk can act on.

    A pattern mismatch on one of the library's value types is explained in words (what the
    value must look like, or which control character it contains) instead of showing the
    regular expression; other messages are pydantic's, without its "Value error, " prefix.
    """
    if err.get("type") == "string_pattern_mismatch":
        pattern = (err.get("ctx") or {}).get("pattern")
        explained = pattern_message(pattern, err.get("input")) if pattern else None
        if explained is not None:
            return explained
    return str(err["msg"]).removeprefix("Value error, ")


def check_input_size(size: int, max_bytes: int, what: str) -> None:
    """Refuse an input of `size` bytes over `max_bytes`, naming `what` (a path or "input").

    Raises:
        InputTooLargeError: with one located `too_large` problem.
    """
    if size > max_bytes:
        problem = Problem(
            record_type="file",
            field=what,
            code="too_large",
            message=f"{what} is {size:,} bytes, more than the limit of {max_bytes:,} bytes",
        )
        raise InputTooLargeError([problem], summary="input too large")
