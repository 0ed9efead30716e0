"""Resource budgets: the one place that says how much memory and time an input may cost.

Every reader (JSON datasets, workbooks, CSV sheets, policy files) and the evaluation work within
these budgets, so that a hostile or careless file is rejected for little more than the cost of
reading it. A caller tightens or relaxes them by passing another `Limits` to a reader:

```python
from vn_iso_qms._internal.limits import DEFAULT_LIMITS
strict = DEFAULT_LIMITS.replace(max_problems=100)
```

The budgets are documented, with what a host process can rely on, in the "Limits and safety"
page of the documentation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, SupportsIndex

from vn_iso_qms._internal.errors import Problem

__all__ = ["DEFAULT_LIMITS", "Limits", "ProblemList", "quote"]


@dataclasses.dataclass(frozen=True, slots=True)
class Limits:
    """The resource budgets of the readers and of the evaluation.

    Sizes in bytes are per input. The input-size limits themselves stay arguments of each
    reader (`max_bytes`), because their defaults differ by format.

    Attributes:
        max_expansion: a workbook's XML parts may be at most this many times the size of the
            workbook file itself once uncompressed (genuine workbooks compress 5-15 times) ...
        min_expansion_bytes: ... but always at least this many bytes, so that small genuine
            files (mostly the template's instructions) are never refused.
        max_shared_strings_expansion: the shared-strings table (read whole into memory, about
            4 bytes of memory per byte of its XML) may be at most this many times its own
            compressed size (genuine tables of distinct strings compress 3-6 times), whatever
            the rest of the file.
        max_rows: rows per workbook (Excel's limit for one sheet, 1,048,576, counted over all
            the sheets of the file: memory grows with the rows read); a row number above it
            is a located problem.
        max_columns: columns per sheet that may hold a value (the layout's widest sheet uses
            fewer than 40); a value further right is a located problem, never a walk over
            thousands of empty cells.
        max_cells: cells holding a value per workbook (all sheets together).
        max_problems: problems collected per input; the rest are counted, not kept.
        max_quoted_chars: characters of an input value quoted in a message; a longer value is
            cut with an ellipsis and its length.
        max_policy_bytes: the largest policy file read.
    """

    max_expansion: int = 25
    min_expansion_bytes: int = 1024**2
    max_shared_strings_expansion: int = 12
    max_rows: int = 1_048_576
    max_columns: int = 1024
    max_cells: int = 20_000_000
    max_problems: int = 1000
    max_quoted_chars: int = 80
    max_policy_bytes: int = 1024**2

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if type(value) is not int or value < 1:
                msg = f"{f.name} must be a positive integer, not {value!r}"
                raise ValueError(msg)

    def replace(self, **changes: int) -> Limits:
        """A copy with some budgets changed (each must stay a positive integer)."""
        return dataclasses.replace(self, **changes)

    def expansion_limit(self, file_size: int) -> int:
        """The most uncompressed XML bytes a workbook file of `file_size` bytes may hold."""
        return max(self.max_expansion * file_size, self.min_expansion_bytes)


DEFAULT_LIMITS = Limits()
"""The budgets every reader uses unless given others."""


def quote(value: object, limits: Limits = DEFAULT_LIMITS) -> str:
    """`repr(value)` for a message, cut to `limits.max_quoted_chars` with its full length.

    Only the quoted part is ever converted to text, so quoting a gigabyte string costs nothing.

    Examples:
        >>> quote("abc")
        "'abc'"
        >>> quote("x" * 1000, Limits(max_quoted_chars=10))
        "'xxxxxxxxx…' (1,000 characters)"
    """
    n = limits.max_quoted_chars
    if isinstance(value, str) and len(value) > n:
        return f"{value[: n - 1]!r}"[:-1] + f"…' ({len(value):,} characters)"
    if isinstance(value, bytes | bytearray) and len(value) > n:
        return f"{bytes(value[: n - 1])!r}"[:-1] + f"…' ({len(value):,} bytes)"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4 * n:
        return f"a {value.bit_length():,}-bit integer"
    text = repr(value)
    if len(text) > n:
        return text[: n - 1] + f"… ({len(text):,} characters)"
    return text


class ProblemList(list[Problem]):
    """A list of problems that keeps at most `limit` and counts the rest in `omitted`.

    Readers append to it as to any list; once it is full, further problems cost nothing but a
    count, so a million bad rows do not become a million problem objects.
    """

    def __init__(self, limit: int = DEFAULT_LIMITS.max_problems, items: Iterable[Problem] = ()):
        super().__init__()
        self.limit = limit
        self.omitted = 0
        self.extend(items)

    def append(self, problem: Problem) -> None:
        """Keep `problem` if there is room, else count it."""
        if len(self) < self.limit:
            super().append(problem)
        else:
            self.omitted += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        """Append every problem of `problems` (kept or counted)."""
        for problem in problems:
            self.append(problem)
        if isinstance(problems, ProblemList):
            self.omitted += problems.omitted

    def insert(self, index: SupportsIndex, problem: Problem) -> None:
        """Insert `problem` if there is room, else count it."""
        if len(self) < self.limit:
            super().insert(index, problem)
        else:
            self.omitted += 1

    def __reduce__(self) -> Any:
        return (ProblemList, (self.limit, list(self)), {"omitted": self.omitted})

    @property
    def full(self) -> bool:
        """Whether further problems are only counted."""
        return len(self) >= self.limit
