"""Reading a filled-in workbook: from the .xlsx file to a validated dataset, every problem located.

The file is bounded and its archive checked (`source`), openpyxl is loaded through the extra's
door (`guard`), each sheet's cells are read (`xlsx_rows`) and turned into records (`reader`);
problems are sorted by sheet, row and cell, and links to rejected rows are reported as knock-on
problems under the row to fix first.
"""

from __future__ import annotations

import importlib
import io
import os
import re
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from vn_iso_qms._internal.dataset import REFERENCES, QmsDataset, integrity_problems
from vn_iso_qms._internal.errors import InvalidDataError, Problem
from vn_iso_qms._internal.limits import DEFAULT_LIMITS, Limits, ProblemList
from vn_iso_qms._internal.spreadsheet.guard import require_openpyxl
from vn_iso_qms._internal.spreadsheet.layout import (
    CODE_LISTS,
    INSTRUCTIONS,
    SHEET_BY_KEY,
    SHEETS,
    sheet_lookup,
)
from vn_iso_qms._internal.spreadsheet.problems import SheetProblem
from vn_iso_qms._internal.spreadsheet.reader import (
    Assembled,
    ParsedSheet,
    _sheet_problem,
    assemble,
    parse_sheet,
    translate,
)
from vn_iso_qms._internal.spreadsheet.source import (
    check_archive,
    check_transitional,
    file_problem,
    read_source,
)
from vn_iso_qms._internal.spreadsheet.xlsx_rows import FileBudget, sheet_rows
from vn_iso_qms._internal.suggest import closest
from vn_iso_qms._internal.text import fold
from vn_iso_qms._internal.vocab_base import Language

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

__all__ = ["DEFAULT_MAX_WORKBOOK_BYTES", "WorkbookError", "import_workbook"]

DEFAULT_MAX_WORKBOOK_BYTES = 64 * 1024**2
"""Default largest .xlsx file `import_workbook` accepts: 64 MiB (a province is well under 5 MiB)."""


def _unreadable(exc: BaseException, what: str) -> InvalidDataError:
    """The error for an exception openpyxl raised while reading `what` (refused XML or other)."""
    if _is_defused_error(exc):
        return file_problem(
            "unsafe_xml",
            f"the workbook contains forbidden XML constructs ({type(exc).__name__}: entity or "
            "DTD declarations); it was not read",
        )
    return file_problem("unreadable", f"{what} cannot be read ({type(exc).__name__}: {exc})")


def _is_defused_error(exc: BaseException) -> bool:
    try:
        defused: Any = importlib.import_module("defusedxml")
    except ImportError:  # pragma: no cover - checked before reading
        return False
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:  # openpyxl wraps parse errors
        if isinstance(current, defused.DefusedXmlException):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def import_workbook(
    source: bytes | bytearray | memoryview | str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_WORKBOOK_BYTES,
    limits: Limits = DEFAULT_LIMITS,
) -> QmsDataset:
    """Read a filled-in workbook (the template's layout) into a validated dataset.

    The workbook is read in openpyxl's read-only mode, with cached formula values, and with
    defusedxml guarding every XML part (entity and DTD declarations are refused). Every sheet
    of the layout must be present (an unused sheet stays empty); an unknown sheet, a missing
    required column, a merged cell, a formula without a calculated value, an unreadable cell, an
    invalid record or a broken link is an error. All errors are collected and raised together.

    Dates are real Excel dates or text `dd/mm/yyyy` (also `d/m/yyyy`, or ISO `yyyy-mm-dd`);
    month-first and two-digit years are refused, never guessed. Text is kept exactly as typed.

    Args:
        source: the .xlsx file's bytes, or its path.
        max_bytes: the largest file accepted.
        limits: the resource budgets (expansion of the XML relative to the file, rows,
            columns and cells per sheet, problems kept); see `Limits`.

    Returns:
        The validated dataset.

    Raises:
        InvalidDataError: with every problem; `Problem.record_type` is the sheet name,
            `Problem.index` the row number, `Problem.field` the column title, and the message
            starts with the cell reference. `InputTooLargeError` over the size limits.
        MissingExtraError: openpyxl or defusedxml is not installed.
    """
    data = read_source(source, max_bytes, what="workbook")
    openpyxl = require_openpyxl(reading=True)
    check_archive(data, limits)
    check_transitional(data)
    problems: list[Problem] = ProblemList(limits.max_problems)
    with warnings.catch_warnings():
        # openpyxl warns about features it does not keep (extensions, unknown parts); reading
        # never writes the file back, so nothing is lost.
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
        except Exception as exc:
            raise _unreadable(exc, "the workbook") from None
        try:
            parsed, absent = _read_sheets(workbook, problems, limits)
        except Exception as exc:
            raise _unreadable(exc, "a sheet") from None
        finally:
            workbook.close()
    assembled = assemble(parsed, problems)
    problems.extend(_relevant_links(assembled, absent))
    if problems:
        problems.sort(key=_order(workbook.sheetnames))
        knock_on = sorted(
            _knock_on_links(assembled, absent, limits.max_problems),
            key=_order(workbook.sheetnames),
        )
        raise WorkbookError(problems, summary="invalid workbook", knock_on=knock_on)
    return _dataset(assembled)


class WorkbookError(InvalidDataError):
    """An invalid workbook: `problems` sorted by sheet and row, plus the knock-on problems.

    Attributes:
        knock_on: links to rows that were themselves rejected (a planned activity naming an
            agency whose row has an error): each has `caused_by`, the (sheet, row) to fix
            first. They are not counted in `problems`, which holds one problem per mistake.
    """

    def __init__(
        self,
        problems: Sequence[Problem],
        *,
        summary: str = "invalid workbook",
        knock_on: Sequence[SheetProblem] = (),
    ) -> None:
        super().__init__(problems, summary=summary)
        self.knock_on: tuple[SheetProblem, ...] = tuple(knock_on)


def _order(sheetnames: Sequence[str]) -> Any:
    """Sort key of problems: the file first, then sheets in workbook order, then rows, cells."""
    position = {name: i for i, name in enumerate(sheetnames)}

    def key(problem: Problem) -> tuple[int, int, int, int]:
        if problem.record_type == "file":
            return (-1, 0, 0, 0)
        sheet = position.get(problem.record_type, len(position))
        row = problem.index if problem.index is not None else 0
        column = 0
        if isinstance(problem, SheetProblem) and problem.cell:
            letters = problem.cell.rstrip("0123456789")
            for char in letters:
                column = column * 26 + ord(char) - 64
        return (sheet, row, column, 0)

    return key


def _knock_on_links(assembled: Assembled, absent: set[str], limit: int) -> list[SheetProblem]:
    """Links to rows that were rejected: reported under the rejected row, as knock-on problems.

    The ids of rejected rows still count as existing for `integrity_problems` (so that a
    rejected row is not reported twice over), but every link to one of them cannot work
    until that row is fixed: each is listed with `caused_by` naming the row behind it. At most
    `limit` are kept (the problem budget), so a broken registry does not cost a problem per link.
    """
    failed_rows = assembled.failed_rows
    if not any(failed_rows.values()):
        return []
    out: list[SheetProblem] = []
    for problem in integrity_problems(assembled.records, sink=ProblemList(limit)):
        if len(out) >= limit:
            break
        if problem.code != "dangling_reference" or not problem.field:
            continue
        pattern = re.sub(r"\[\d+\]", "[]", problem.field)
        target = _TARGETS.get((problem.record_type, pattern))
        if target is None or target in absent:
            continue
        match = re.search(r"'((?:[^'\\]|\\.)*)', which does not exist", problem.message)
        ref = match[1] if match else None
        cause = failed_rows.get(target, {}).get(ref or "")
        if cause is None:
            continue
        out.append(translate(problem, assembled, caused_by=cause))
    return out


def _dataset(assembled: Assembled) -> QmsDataset:
    name = assembled.info.name if assembled.info is not None else None
    # Every record and link was checked above; this validates the bundle once more (and says
    # so in the library's own error, should a check above have missed something).
    return QmsDataset._build({"name": name, **{k: tuple(v) for k, v in assembled.records.items()}})


_TARGETS = {(t.record_type, p): target for t, p, target in REFERENCES}


def _relevant_links(assembled: Assembled, absent: set[str]) -> list[Problem]:
    """Link problems, minus dangling links into sheets that are missing or lack columns."""
    problems: list[Problem] = []
    for problem in integrity_problems(assembled.records, known_ids=assembled.failed_ids):
        if problem.code == "dangling_reference" and problem.field:
            pattern = re.sub(r"\[\d+\]", "[]", problem.field)
            if _TARGETS.get((problem.record_type, pattern)) in absent:
                continue
        problems.append(translate(problem, assembled))
    return problems


def _read_sheets(
    workbook: Workbook, problems: list[Problem], limits: Limits
) -> tuple[dict[str, ParsedSheet], set[str]]:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    lookup = sheet_lookup()
    seen: dict[str, str] = {}
    langs = {"vi": 0, "en": 0}
    parsed: dict[str, ParsedSheet] = {}
    known = ", ".join(repr(s.vi) for s in SHEETS)
    budget = FileBudget(limits)  # rows and cells of the whole file, not of each sheet
    names = [name for s in SHEETS for name in (s.vi, s.en)]
    for title in workbook.sheetnames:
        entry = lookup.get(fold(title))
        if entry is None:
            close = closest(title, names, cutoff=0.75)
            hint = f"did you mean {close!r}?" if close else f"the sheets are {known}"
            hint_vi = f"có phải ý bạn là '{close}'?" if close else f"các trang là {known}"
            problems.append(
                _sheet_problem(
                    title,
                    code="unknown_sheet",
                    en=(
                        f"sheet {title!r} is not part of the layout and was not read; {hint} "
                        "(rename or delete it)"
                    ),
                    vi=(
                        f"trang '{title}' không thuộc mẫu biểu nên không được đọc; {hint_vi} "
                        "(đổi tên hoặc xóa trang)"
                    ),
                )
            )
            continue
        key, name_lang = entry
        if name_lang is not None:
            langs[name_lang] += 1
        if key in seen:
            problems.append(
                _sheet_problem(
                    title,
                    code="duplicate_sheet",
                    en=f"sheet {title!r} holds the same records as sheet {seen[key]!r}",
                    vi=f"trang '{title}' chứa cùng loại hồ sơ với trang '{seen[key]}'",
                )
            )
            continue
        seen[key] = title
        if key in (INSTRUCTIONS[0], CODE_LISTS[0]):
            continue
        sheet = workbook[title]
        if not isinstance(sheet, ReadOnlyWorksheet):
            problems.append(
                Problem(record_type=title, code="not_a_worksheet", message="this is a chart sheet")
            )
            continue
        parsed[key] = parse_sheet(
            title,
            SHEET_BY_KEY[key],
            sheet_rows(sheet, title, problems, limits, budget),
            problems,
            name_lang=name_lang,
        )
    lang: Language = "en" if langs["en"] > langs["vi"] else "vi"
    absent: set[str] = set()
    for spec in SHEETS:
        if spec.key not in seen:
            absent.add(spec.key)
            problems.append(
                _sheet_problem(
                    spec.title(lang),
                    code="missing_sheet",
                    en=(
                        f"the workbook has no sheet {spec.title(lang)!r} ({spec.key}); keep "
                        "every sheet of the template, even when it stays empty"
                    ),
                    vi=(
                        f"bảng tính thiếu trang '{spec.title(lang)}'; giữ mọi trang của mẫu "
                        "biểu, kể cả trang để trống"
                    ),
                )
            )
    for key, sheet_parsed in parsed.items():
        spec = sheet_parsed.spec
        if any(c.required and c.key not in sheet_parsed.positions for c in spec.columns):
            absent.add(key)
    return parsed, absent
