"""The `vn-iso-qms` command line (typer + rich, from the `cli` extra).

Exit codes (`EXIT_CODES`): 0 success (also when the reader of a pipe stops early); 2 wrong
usage (unknown option or value, an output format that does not match the file name, an output
file that exists without `--force`); 3 invalid input data (every problem is printed with its
location); 4 a file could not be read or written.

Every command that prints a result can write it to a file with `--output`; the format follows
the file's extension unless `--format` says otherwise, and a mismatch is refused before anything
is read or written. Files are written atomically (a temporary file renamed into place) and an
existing file is replaced only with `--force`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import os
import stat
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, NoReturn

try:
    import typer
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table
    from rich.text import Text
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    sys.stderr.write(
        f"vn-iso-qms needs the 'cli' extra ({exc.name} is missing): pip install 'vn-iso-qms[cli]'\n"
    )
    raise SystemExit(1) from None

from vn_iso_qms._internal.across_reform import compare_across_reform, province_successors
from vn_iso_qms._internal.carry import carry_registry
from vn_iso_qms._internal.cli_i18n import (
    COMMANDS_VI,
    LANG_ENV,
    bilingual,
    current,
    language_of,
    localize_command,
    use,
)
from vn_iso_qms._internal.completeness import completeness_report
from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.demo import (
    DEMO_2025_AS_OF,
    DEMO_2025_PROVINCE_ID,
    DEMO_PROVINCE_ID,
    demo_dataset,
    demo_dataset_2025,
)
from vn_iso_qms._internal.errors import InvalidDataError, Problem, QmsError, UnknownRuleError
from vn_iso_qms._internal.evaluation.assignment import province_assignment
from vn_iso_qms._internal.evaluation.engine import Evaluation, evaluate
from vn_iso_qms._internal.evaluation.policy import DEFAULT_POLICY, PeriodKind, Policy, Rounding
from vn_iso_qms._internal.evaluation.reasons import format_date
from vn_iso_qms._internal.evaluation.result import RuleStatus, Verdict, VerdictKind
from vn_iso_qms._internal.evaluation.statutory import STATUTORY_RULES
from vn_iso_qms._internal.files import OutputError, atomic_write, same_file
from vn_iso_qms._internal.jsonio import dump_dataset, json_schema, load_dataset
from vn_iso_qms._internal.policyio import load_policy
from vn_iso_qms._internal.render import (
    figure_label,
    figure_text,
    grouped_shortfalls,
    period_line,
    render_comparison_markdown,
    render_csv,
    render_json,
    render_markdown,
    render_reform_comparison_markdown,
    render_rollup_markdown,
    report_xlsx_bytes,
    where_to_record,
)
from vn_iso_qms._internal.reporting import (
    ProvinceReport,
    compare_policies,
    national_rollup,
    province_report,
)
from vn_iso_qms._internal.spreadsheet import (
    SheetProblem,
    export_workbook,
    import_workbook,
    write_template,
)
from vn_iso_qms._internal.suggest import closest, show_value
from vn_iso_qms._internal.vocab import AdminUnitLevel
from vn_iso_qms._internal.vocab_base import Language

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INVALID_DATA = 3
EXIT_IO = 4
EXIT_CODES: dict[int, tuple[str, str]] = {
    EXIT_OK: (
        "success; also when the program reading the output stops early (`| head`)",
        "thành công; kể cả khi chương trình đọc kết quả dừng sớm (`| head`)",
    ),
    EXIT_USAGE: (
        "wrong usage: an unknown command, option or value, a missing option, a date that is not "
        "`YYYY-MM-DD` or `dd/mm/yyyy`, an unknown `--agency` or `--province`, an output format "
        "that does not match the output file's extension, an output file that exists (without "
        "`--force`) or that is an input of the command",
        "dùng sai lệnh: lệnh, tùy chọn hoặc giá trị không có, thiếu tùy chọn bắt buộc, ngày sai "
        "dạng, định dạng không khớp phần mở rộng của tệp kết quả, tệp kết quả đã có (khi không "
        "có `--force`) hoặc trùng tệp đầu vào",
    ),
    EXIT_INVALID_DATA: (
        "invalid input data: a dataset (JSON or workbook) or a policy file with problems; every "
        "problem is printed with its location (sheet, row, column and cell for a workbook)",
        "dữ liệu đầu vào có lỗi: mọi lỗi được in kèm vị trí (trang, dòng, cột, ô với bảng tính)",
    ),
    EXIT_IO: (
        "a file could not be read or written: it does not exist, is a folder, cannot be opened, "
        "or the output's folder is not writable",
        "không đọc hoặc ghi được tệp: tệp không có, là thư mục, không mở được, hoặc không ghi "
        "được vào thư mục kết quả",
    ),
}
"""Every exit code of the command line, with its meaning in English and Vietnamese."""

PROGRESS_THRESHOLD = 2000
"""Show a progress bar when evaluating more units than this."""
MIN_YEAR = 1900
"""The earliest period year the commands accept."""
MAX_YEAR = 9998
"""The latest period year the commands accept: every deadline computed from a period (a
reporting year, grace days) must still fall on or before 31/12/9999, the last date Python has."""

EXTENSIONS: dict[str, str] = {
    ".txt": "table",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".csv": "csv",
    ".xlsx": "xlsx",
}
"""The output format a file name's extension implies."""

FORMATS: dict[str, tuple[str, ...]] = {
    "demo": ("table", "markdown", "json", "csv", "xlsx"),
    "report": ("table", "markdown", "json", "csv", "xlsx"),
    "evaluate": ("table", "json"),
    "validate": ("table", "json"),
    "rollup": ("markdown", "json"),
    "compare": ("markdown", "json"),
    "rules": ("table", "json"),
    "schema": ("json",),
    "template": ("xlsx",),
    "import": ("json",),
    "completeness": ("table", "json"),
    "carry": ("markdown", "json"),
}
"""The output formats of each command (the first is the default on a terminal)."""

COMMAND_EXITS: dict[str, tuple[int, ...]] = {
    "demo": (0, 2, 4),
    "validate": (0, 2, 3, 4),
    "evaluate": (0, 2, 3, 4),
    "report": (0, 2, 3, 4),
    "rollup": (0, 2, 3, 4),
    "compare": (0, 2, 3, 4),
    "schema": (0, 2, 4),
    "rules": (0, 2, 4),
    "template": (0, 2, 4),
    "import": (0, 2, 3, 4),
    "completeness": (0, 2, 3, 4),
    "carry": (0, 2, 3, 4),
}
"""The exit codes each command can end with (3 only where it reads data)."""

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class _Run:
    """What the running command knows: its inputs and the language of the run."""

    inputs: list[Path] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    lang: str | None = None
    workbook: bool = False

    @property
    def messages(self) -> Language:
        """Language of messages: the run's language (`--lang`, `VN_ISO_QMS_LANG`, else vi)."""
        if self.lang is not None:
            return "vi" if self.lang == "vi" else "en"
        return current()

    @property
    def output(self) -> Language:
        """Language of results: the same as the messages' (one language per run)."""
        return self.messages


_run = _Run()


def _t(en: str, vi: str) -> str:
    return vi if _run.messages == "vi" else en


class _Console(Console):
    """A console that ends the command cleanly (exit 0) when its reader goes away."""

    def on_broken_pipe(self) -> None:
        _reader_gone()


def _reader_gone() -> NoReturn:
    """The program reading stdout stopped (`| head`): drop further output, exit 0."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a descriptor
        pass
    raise SystemExit(EXIT_OK)


console = _Console(highlight=False)
err = _Console(stderr=True, highlight=False)


def _out(text: str) -> None:
    """Write text to stdout; a closed pipe ends the command with exit 0.

    Output to a pipe or a file is exact: when stdout's encoding (a legacy code page) cannot
    hold the text, its UTF-8 bytes are written instead of replacement characters; only a
    terminal shows replacement characters. A closed stdout is an I/O error (exit 4).
    """
    stream = sys.stdout
    if stream is None:
        _exit_io(
            "standard output is closed; give --output FILE",
            "đầu ra chuẩn đã bị đóng; hãy dùng --output TỆP",
        )
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None and not _holds(stream, text) and not stream.isatty():
            stream.flush()
            buffer.write(text.encode("utf-8", errors="surrogateescape"))
            buffer.flush()
        else:
            stream.write(text)
            stream.flush()
    except BrokenPipeError:
        _reader_gone()
    except (OSError, ValueError) as exc:  # a closed or failing descriptor
        reason = getattr(exc, "strerror", None) or str(exc)
        _exit_io(
            f"cannot write to standard output: {reason}",
            f"không ghi được ra đầu ra chuẩn: {reason}",
        )


def _holds(stream: Any, text: str) -> bool:
    """Whether `stream`'s encoding can hold `text` exactly."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        if codecs.lookup(encoding).name.startswith("utf"):
            return True
        text.encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return False
    return True


def _choice(choices: Sequence[str]) -> Callable[[str], str]:
    """A parser accepting one of `choices`, suggesting the closest one for a wrong value."""

    def parse(value: str) -> str:
        if value in choices:
            return value
        near = closest(str(value), choices)
        listed = ", ".join(repr(c) for c in choices)
        raise typer.BadParameter(
            _t(
                f"{show_value(value)} is not one of {listed}"
                + (f"; did you mean {near!r}?" if near else ""),
                f"{show_value(value)} không phải một trong {listed}"
                + (f"; có phải ý bạn là {near!r}?" if near else ""),
            )
        )

    return parse


def _choice_option(*decls: str, choices: Sequence[str], help: str) -> Any:
    return typer.Option(
        *decls,
        parser=_choice(choices),
        metavar="[" + "|".join(choices) + "]",
        help=help,
        show_default=False,
    )


class _Group(typer.core.TyperGroup):
    """The command group: decides the run's language before anything is parsed.

    One language per run, for every command of the app (also one added in another module):
    `--lang` anywhere on the line, else `VN_ISO_QMS_LANG`, else Vietnamese (see `cli_i18n`).
    """

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        lang = language_of(sys.argv[1:] if args is None else list(args))
        use(lang)
        localize_command(self, lang)
        return super().main(args, *rest, **kwargs)


app = typer.Typer(
    name="vn-iso-qms",
    cls=_Group,
    help="QMS (TCVN ISO 9001) records, rules and reports for Vietnamese state agencies "
    "(QĐ 19/2014/QĐ-TTg, TT 26/2014/TT-BKHCN).",
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["--help", "-h"]},
)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vn-iso-qms")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        import vn_iso_qms

        return vn_iso_qms.__version__


@app.callback(invoke_without_command=True)
def _setup(
    ctx: typer.Context,
    show_version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True)
    ] = False,
    lang: Annotated[
        str | None,
        _choice_option(
            "--lang",
            choices=("vi", "en"),
            help=f"Language of the help and messages: vi (default) or en; also {LANG_ENV}.",
        ),
    ] = None,
) -> None:
    """Per command: forget the previous command's inputs; never fail on the terminal's encoding."""
    _run.inputs.clear()
    _run.outputs.clear()
    _run.lang = lang
    _run.workbook = False
    for stream in (sys.stdout, sys.stderr):
        # A console or pipe in a legacy encoding (cp1258 on a Vietnamese Windows) cannot hold
        # every character of the data: show a replacement character instead of crashing.
        # Files written with --output are always UTF-8.
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            utf = codecs.lookup(encoding).name.startswith("utf")
        except LookupError:
            utf = False
        if not utf and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    if show_version:
        _out(f"vn-iso-qms {_version()}\n")
        raise typer.Exit(EXIT_OK)
    if ctx.invoked_subcommand is None:
        _out(ctx.get_help() + "\n")
        raise typer.Exit(EXIT_OK)


# --- errors ---------------------------------------------------------------------------------


def _usage(en: str, vi: str, hint: str | None = None) -> NoReturn:
    raise typer.BadParameter(_t(en, vi), param_hint=hint)


def _exit_io(en: str, vi: str | None = None) -> NoReturn:
    err.print(
        Text.assemble(
            ("error" if _run.messages == "en" else "lỗi", "bold red"), ": ", _t(en, vi or en)
        )
    )
    raise typer.Exit(EXIT_IO)


_SUMMARIES_VI = {
    "invalid workbook": "Bảng tính có lỗi",
    "cannot read workbook": "Không đọc được bảng tính",
    "input too large": "Tệp quá lớn",
    "invalid dataset": "Dữ liệu có lỗi",
    "invalid policy": "Tệp chính sách có lỗi",
}

_FILE_CODES_VI = {
    "not_xlsx": (
        "tệp không phải bảng tính .xlsx (tệp .xls cũ, tệp có mật khẩu hoặc định dạng khác); "
        "hãy lưu thành 'Excel Workbook (*.xlsx)' không đặt mật khẩu"
    ),
    "unsafe_xml": "bảng tính chứa cấu trúc XML bị cấm (khai báo thực thể, DTD); tệp không được đọc",
    "too_large": "tệp lớn hơn giới hạn cho phép",
}


def _problem_line(problem: Problem, lang: Language) -> str:
    if isinstance(problem, SheetProblem):
        return problem.text(lang)
    if lang == "vi" and problem.code in _FILE_CODES_VI:
        return f"Tệp: {_FILE_CODES_VI[problem.code]} [{problem.code}] ({problem.message})"
    return problem.describe()


def _problem_json(problem: Problem, lang: Language) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": problem.code,
        "record_type": problem.record_type,
        "record_id": problem.record_id,
        "field": problem.field,
        "index": problem.index,
        "message": problem.message,
    }
    if isinstance(problem, SheetProblem):
        data |= {
            "sheet": problem.sheet,
            "row": problem.row,
            "cells": list(problem.cells),
            "columns": list(problem.columns),
            "text": problem.detail(lang),
            "caused_by": list(problem.caused_by) if problem.caused_by else None,
        }
    return data


KNOCK_ON_SHOWN = 5
"""Knock-on problems printed under one cause; the others are counted."""


def _print_knock_on(problems: Sequence[SheetProblem], lang: Language) -> None:
    for k in problems[:KNOCK_ON_SHOWN]:
        err.print(f"      ↳ {k.text(lang)}", markup=False, soft_wrap=True)
    if len(problems) > KNOCK_ON_SHOWN:
        more = len(problems) - KNOCK_ON_SHOWN
        err.print(
            _t(
                f"      ↳ ... and {more:,} more that follow from the same row",
                f"      ↳ ... và {more:,} lỗi khác cũng do dòng này",
            ),
            markup=False,
        )


def _exit_invalid(exc: InvalidDataError) -> NoReturn:
    lang = _run.messages
    first = exc.problems[0] if exc.problems else None
    if first is not None and first.record_type == "file" and first.code == "unreadable":
        _exit_io(first.message, f"không đọc được tệp: {first.message}")
    summary = _SUMMARIES_VI.get(exc.summary, "Dữ liệu có lỗi") if lang == "vi" else exc.summary
    count = f"{exc.total:,} lỗi" if lang == "vi" else f"{exc.total:,} problem(s)"
    # Data (names, paths, values) is never read as rich markup: Text objects or markup=False.
    knock_on: Sequence[SheetProblem] = getattr(exc, "knock_on", ())
    if knock_on:
        count += _t(
            f", and {len(knock_on):,} knock-on problem(s) listed under their cause",
            f", và {len(knock_on):,} lỗi kéo theo (ghi dưới lỗi gây ra)",
        )
    err.print(Text.assemble((summary, "bold red"), f": {count}"))
    by_cause: dict[tuple[str, int], list[SheetProblem]] = {}
    for k in knock_on:
        if k.caused_by is not None:
            by_cause.setdefault(k.caused_by, []).append(k)
    problems = list(exc.problems)
    for i, problem in enumerate(problems):
        err.print(f"  - {_problem_line(problem, lang)}", markup=False, soft_wrap=True)
        if isinstance(problem, SheetProblem) and problem.row is not None:
            here = (problem.sheet, problem.row)
            following = problems[i + 1] if i + 1 < len(problems) else None
            last_of_row = not (
                isinstance(following, SheetProblem) and (following.sheet, following.row) == here
            )
            if last_of_row and here in by_cause:
                _print_knock_on(by_cause.pop(here), lang)
    rest = [k for group in by_cause.values() for k in group]
    if rest:
        err.print(
            _t(
                "  knock-on problems (fix the rows they name first):",
                "  lỗi kéo theo (sửa các dòng được nêu trước):",
            ),
            markup=False,
        )
        _print_knock_on(rest, lang)
    if exc.omitted:
        err.print(
            _t(
                f"  ... and {exc.omitted:,} more problem(s), counted but not listed "
                f"(the first {len(exc.problems):,} are shown)",
                f"  ... và {exc.omitted:,} lỗi nữa, đã đếm nhưng không liệt kê "
                f"(chỉ hiện {len(exc.problems):,} lỗi đầu)",
            ),
            markup=False,
        )
    raise typer.Exit(EXIT_INVALID_DATA)


# --- inputs and outputs ---------------------------------------------------------------------


def _begin(lang: str | None, *inputs: Path | None) -> None:
    """Record the command's language (`--lang`, else the run's) and inputs."""
    _run.lang = lang or _run.lang
    for path in inputs:
        if path is not None:
            _run.inputs.append(path)
            if path.suffix.lower() in WORKBOOK_SUFFIXES:
                _run.workbook = True


def _format(command: str, fmt: str | None, output: Path | None) -> str:
    """The output format: `--format`, else the output file's extension, else the default.

    A format that contradicts the output file's extension, or an extension no format of the
    command has, is a usage error, raised before anything is read or written.
    """
    accepted = FORMATS[command]
    listed = ", ".join(accepted)
    implied = EXTENSIONS.get(output.suffix.lower()) if output is not None else None
    if fmt is None:
        if output is None:
            return accepted[0]
        assert output is not None
        if implied is None and len(accepted) == 1:
            suffixes = ", ".join(e for e, f in EXTENSIONS.items() if f in accepted)
            _usage(
                f"{command} writes {accepted[0]}: name the file …{suffixes}, not {output.name!r}",
                f"lệnh {command} ghi tệp {accepted[0]}: đặt tên tệp …{suffixes}, không phải "
                f"'{output.name}'",
            )
        if implied is None:
            _usage(
                f"cannot tell the output format from the file name {output.name!r}: give "
                f"--format ({listed}) or a file name ending in "
                + ", ".join(e for e, f in EXTENSIONS.items() if f in accepted),
                f"không xác định được định dạng từ tên tệp '{output.name}': thêm --format "
                f"({listed}) hoặc đặt tên tệp có phần mở rộng "
                + ", ".join(e for e, f in EXTENSIONS.items() if f in accepted),
            )
        if implied not in accepted:
            _usage(
                f"{command} cannot write {implied} (file {output.name!r}); its formats are {listed}",
                f"lệnh {command} không ghi được định dạng {implied} (tệp '{output.name}'); các "
                f"định dạng: {listed}",
            )
        return implied
    if output is not None and implied is not None and implied != fmt:
        _usage(
            f"--format {fmt} does not match the output file {output.name!r}, whose extension "
            f"means {implied}: change the format or the file name",
            f"--format {fmt} không khớp với tệp kết quả '{output.name}' (phần mở rộng là của "
            f"định dạng {implied}): đổi định dạng hoặc tên tệp",
        )
    return fmt


def _check_output(path: Path | None, force: bool) -> None:
    """Refuse, before any work, an output that is an input or that exists without --force."""
    if path is None:
        return
    for other in _run.inputs:
        if same_file(path, other):
            _usage(
                f"{path} is an input of this command; choose another output path",
                f"{path} là tệp đầu vào của lệnh này; hãy chọn tệp kết quả khác",
            )
    for other in _run.outputs:
        if path.absolute() == other.absolute() or same_file(path, other):
            _usage(
                f"{path} is given for two outputs of this command; give each its own path",
                f"{path} được dùng cho hai kết quả của lệnh này; hãy dùng hai đường dẫn khác nhau",
            )
    _run.outputs.append(path)
    try:
        exists = path.exists() or path.is_symlink()
        mode = path.stat().st_mode if path.exists() else None
    except OSError as exc:  # a name too long for the file system, a loop of links, ...
        reason = exc.strerror or str(exc)
        _usage(f"{path}: {reason}", f"{path}: {reason}")
    except ValueError as exc:  # a NUL byte
        _usage(f"{path}: {exc}", f"{path}: {exc}")
    if mode is not None and not stat.S_ISREG(mode):
        _usage(
            f"{path} exists and is not a regular file (a folder or a device); --force replaces "
            "files only",
            f"{path} đã có và không phải tệp thường (thư mục hoặc thiết bị); --force chỉ ghi đè tệp",
        )
    if exists and not force:
        _usage(
            f"{path} already exists; add --force to replace it",
            f"{path} đã có; thêm --force để ghi đè",
        )


def _write(path: Path, data: bytes | str, what: tuple[str, str]) -> None:
    """Write an output atomically; never replace an input; say so on stderr."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        atomic_write(path, payload, protect=tuple(_run.inputs))
    except OutputError as exc:
        _usage(str(exc), f"{path} là tệp đầu vào của lệnh này; hãy chọn tệp kết quả khác")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        _exit_io(f"cannot write {path}: {reason}", f"không ghi được {path}: {reason}")
    err.print(_t(f"{what[0]} written to {path}", f"đã ghi {what[1]} vào {path}"), markup=False)


def _deliver(text: str, output: Path | None, what: tuple[str, str]) -> None:
    if output is None:
        _out(text)
    else:
        _write(output, text, what)


def _check_readable(path: Path) -> None:
    """Exit 4 when the input is missing, a folder, or a name the file system refuses."""
    try:
        exists, folder = path.exists(), path.is_dir()
    except OSError as exc:  # a name too long for the file system, a loop of links, ...
        reason = exc.strerror or str(exc)
        _exit_io(f"cannot read {path}: {reason}", f"không đọc được {path}: {reason}")
    except ValueError as exc:  # a NUL byte
        _exit_io(f"cannot read {path}: {exc}", f"không đọc được {path}: {exc}")
    if not exists:
        _exit_io(f"{path} does not exist", f"không có tệp {path}")
    if folder:
        _exit_io(
            f"cannot read {path}: it is a folder, not a file",
            f"không đọc được {path}: đây là thư mục, không phải tệp",
        )


def _read(path: Path) -> QmsDataset:
    """A workbook or a JSON dataset, by the file's extension."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return import_workbook(path)
    return load_dataset(path, pause_gc=True)  # one file, one thread: GC paused


def _load(path: Path) -> QmsDataset:
    _check_readable(path)
    try:
        if path.suffix.lower() == ".csv":
            _usage(
                "a CSV file holds one sheet: check it with `vn-iso-qms validate FILE.csv`, and "
                "read it together with the other sheets from a workbook (.xlsx)",
                "tệp CSV chỉ chứa một trang: kiểm tra bằng `vn-iso-qms validate TỆP.csv`; để "
                "lập báo cáo, dán các trang vào một bảng tính (.xlsx)",
            )
        return _read(path)
    except InvalidDataError as exc:
        _exit_invalid(exc)
    except QmsError as exc:  # e.g. the xlsx extra is missing
        _exit_io(str(exc))


def _check_year(year: int | None) -> int | None:
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        _usage(
            f"{year} is not a year the reports cover (use {MIN_YEAR}-{MAX_YEAR})",
            f"{year} không phải năm báo cáo hợp lệ (dùng {MIN_YEAR}-{MAX_YEAR})",
        )
    return year


def _parse_date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date only
        except ValueError:
            continue
        if not dt.date(MIN_YEAR, 1, 1) <= day <= dt.date(MAX_YEAR, 12, 31):
            _usage(
                f"{text} is outside the dates the reports cover ({MIN_YEAR}-{MAX_YEAR})",
                f"{text} nằm ngoài khoảng ngày báo cáo ({MIN_YEAR}-{MAX_YEAR})",
            )
        return day
    raise typer.BadParameter(
        _t(
            f"{show_value(text)} is not a date (use YYYY-MM-DD or dd/mm/yyyy)",
            f"{show_value(text)} không phải là ngày (dùng dd/mm/yyyy hoặc YYYY-MM-DD)",
        )
    )


def _policy(path: Path | None, period: str | None, rounding: str | None) -> Policy:
    policy = DEFAULT_POLICY
    if path is not None:
        try:
            policy = load_policy(path)
        except InvalidDataError as exc:
            _exit_invalid(exc)
    changes: dict[str, object] = {}
    if period is not None:
        changes["period"] = PeriodKind(period)
    if rounding is not None:
        changes["inspection_rounding"] = Rounding(rounding)
    return policy.model_validate({**policy.model_dump(), **changes}) if changes else policy


def _province(ds: QmsDataset, province: str | None) -> str:
    provinces = sorted(u.id for u in ds.admin_units if u.level is AdminUnitLevel.PROVINCE)
    if province is not None:
        if province not in provinces:
            near = closest(province, provinces)
            hint_en = f"did you mean {near!r}? " if near else ""
            hint_vi = f"có phải ý bạn là '{near}'? " if near else ""
            _usage(
                f"no province {show_value(province)}; {hint_en}provinces: {', '.join(provinces)}",
                f"không có tỉnh {show_value(province)}; {hint_vi}các tỉnh: {', '.join(provinces)}",
            )
        return province
    if len(provinces) != 1:
        names = ", ".join(provinces)
        _usage(
            f"the dataset holds {len(provinces)} provinces; choose one with --province ({names})",
            f"bộ dữ liệu có {len(provinces)} tỉnh; chọn một tỉnh bằng --province ({names})",
        )
    return provinces[0]


def _evaluate(ds: QmsDataset, *, as_of: dt.date, year: int | None, policy: Policy) -> Evaluation:
    n = len(ds.agencies)
    if n <= PROGRESS_THRESHOLD or not err.is_terminal:
        return evaluate(ds, as_of=as_of, year=year, policy=policy)
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("evaluating", total=n)
        return evaluate(
            ds,
            as_of=as_of,
            year=year,
            policy=policy,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )


def _exit_unknown_rule(exc: UnknownRuleError) -> NoReturn:
    err.print(Text.assemble((_t("unknown rule", "quy tắc không có"), "bold red"), f": {exc}"))
    err.print(
        _t("the rules are: ", "các quy tắc: ") + ", ".join(sorted(STATUTORY_RULES)),
        markup=False,
        soft_wrap=True,
    )
    raise typer.Exit(EXIT_INVALID_DATA)


# --- rendering ------------------------------------------------------------------------------


def _table_text(table: Table) -> str:
    buffer = Console(width=160, record=True, file=io.StringIO())
    buffer.print(table)
    return buffer.export_text()


def _parts_text(parts: Sequence[Any]) -> str:
    """The terminal's table view as plain text (what `--output r.txt` writes)."""
    buffer = Console(width=160, record=True, file=io.StringIO())
    for part in parts:
        buffer.print(part)
    return buffer.export_text()


def _report_table(report: ProvinceReport, lang: Language) -> list[Any]:
    vi = lang == "vi"
    p = report.period
    title = (
        f"Báo cáo HTQLCL năm {p.year} - {report.province_name}"
        if vi
        else f"QMS report {p.year} - {report.province_name}"
    )
    table = Table(title=Text(title), caption=period_line(report, lang), show_lines=False)
    table.add_column("Chỉ tiêu" if vi else "Indicator")
    table.add_column("Số liệu" if vi else "Figure", justify="right")
    for f in report.figures:
        table.add_row(Text(figure_label(f, lang)), Text(figure_text(report, f, lang)))
    parts: list[Any] = [table]
    shortfalls = grouped_shortfalls(report)
    if shortfalls:
        parts.append(Text("Đơn vị chưa đạt và lý do" if vi else "Shortfalls and reasons", "bold"))
        for figures, s in shortfalls:
            labels = "; ".join(f.label(lang) for f in figures)
            parts.append(Text(f"- {s.unit.name} ({labels}; {s.status.label(lang)})"))
            for r in s.reasons:
                cite = f" [{r.citation.render(lang)}]" if r.citation else ""
                parts.append(Text(f"    {r.message(lang)}{cite}"))
    duties = Table(title="Nhiệm vụ của tỉnh" if vi else "Province duties")
    duties.add_column("Nhiệm vụ" if vi else "Duty")
    duties.add_column("Tình trạng" if vi else "Status")
    duties.add_column("Căn cứ" if vi else "Legal basis")
    for res in report.province_results:
        duties.add_row(
            Text(res.title(lang)),
            Text(res.status.label(lang)),
            Text(res.citation.render(lang)),
        )
    parts.append(duties)
    return parts


def _emit_report(report: ProvinceReport, fmt: str, output: Path | None) -> None:
    lang = _run.output
    what = ("report", "báo cáo")
    if fmt == "xlsx":
        if output is None:
            _usage(
                "--format xlsx needs --output PATH (a workbook is not printed)",
                "--format xlsx cần --output ĐƯỜNG_DẪN (bảng tính không in ra màn hình)",
            )
        try:
            data = report_xlsx_bytes(report, lang=lang)
        except InvalidDataError as exc:
            _exit_invalid(exc)
        _write(output, data, what)
        return
    if fmt == "table" and output is None:
        for part in _report_table(report, lang):
            console.print(part)
        return
    renderers: dict[str, Callable[[], str]] = {
        "table": lambda: _parts_text(_report_table(report, lang)),
        "markdown": lambda: render_markdown(report, lang=lang),
        "json": lambda: render_json(report),
        "csv": lambda: render_csv(report, lang=lang),
    }
    _deliver(renderers[fmt](), output, what)


# --- options --------------------------------------------------------------------------------


def _format_opt(command: str, file_option: str = "--output") -> Any:
    formats = FORMATS[command]
    listed = ", ".join(formats)
    suffixes = ", ".join(e for e, f in EXTENSIONS.items() if f in formats)
    return _choice_option(
        "--format",
        "-f",
        choices=formats,
        help=bilingual(
            f"Output format: {listed}. Default: the {file_option} file's extension "
            f"({suffixes}), else {formats[0]}.",
            f"Định dạng kết quả: {listed}. Mặc định: theo phần mở rộng của tệp {file_option} "
            f"({suffixes}), nếu không thì {formats[0]}.",
        ),
    )


LangOpt = Annotated[
    str | None,
    _choice_option(
        "--lang",
        choices=("vi", "en"),
        help=f"Language of results and messages: vi (default) or en; also {LANG_ENV}. One "
        "language per run, whatever the input.",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the result to this file instead of the terminal (format from its extension).",
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Replace an output file that already exists.")
]
PolicyOpt = Annotated[
    Path | None,
    typer.Option(
        "--policy", help="A JSON file with Policy fields (see `vn-iso-qms schema --policy`)."
    ),
]
PeriodOpt = Annotated[
    str | None,
    _choice_option(
        "--period-kind",
        choices=tuple(k.value for k in PeriodKind),
        help="Override the policy's period kind: " + ", ".join(k.value for k in PeriodKind) + ".",
    ),
]
RoundingOpt = Annotated[
    str | None,
    _choice_option(
        "--rounding",
        choices=tuple(r.value for r in Rounding),
        help="Override the rounding of the 1/3 on-site minimum: "
        + ", ".join(r.value for r in Rounding)
        + ".",
    ),
]
DatasetArg = Annotated[
    Path, typer.Argument(help="Dataset file (.json or .xlsx).", show_default=False)
]


# --- commands -------------------------------------------------------------------------------


@app.command()
def demo(
    export_dataset: Annotated[
        Path | None,
        typer.Option(
            help="Also write the demo dataset to this path: JSON (.json) or a filled "
            "workbook (.xlsx)."
        ),
    ] = None,
    year: Annotated[
        str,
        _choice_option(
            "--year",
            choices=("2023", "2025", "2026"),
            help="The year reported: 2023 (the seed's province, p-mh), or 2025 (as of"
            " 31/12/2025) or 2026 (as of 30/09/2026) of the post-reform province p-mg.",
        ),
    ] = "2023",
    fmt: Annotated[str | None, _format_opt("demo")] = None,
    lang: LangOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """The report of an embedded demo province (fictional, shaped like a real report).

    By default the 2023 report of the seed's province; `--year 2025` or `--year 2026` the
    report of the province formed on 01/07/2025, as of a fixed day (the clock is never read).
    """
    _begin(lang)
    chosen = _format("demo", fmt, output)
    export_kind = EXTENSIONS.get(export_dataset.suffix.lower()) if export_dataset else None
    if export_dataset is not None and export_kind not in ("json", "xlsx"):
        _usage(
            "--export-dataset writes JSON or a filled workbook: name the file ….json or ….xlsx, "
            f"not {export_dataset.name!r}",
            "--export-dataset ghi tệp JSON hoặc bảng tính đã điền: đặt tên tệp ….json hoặc "
            f"….xlsx, không phải '{export_dataset.name}'",
        )
    _check_output(export_dataset, force)
    _check_output(output, force)
    if export_dataset is not None and output is not None and same_file(export_dataset, output):
        _usage(
            "--export-dataset and --output name the same file",
            "--export-dataset và --output trùng tệp",
        )
    ds = demo_dataset() if year == "2023" else demo_dataset_2025()
    if export_dataset is not None:
        data: bytes | str
        if export_kind == "xlsx":
            try:
                data = export_workbook(ds, lang=_run.output)
            except QmsError as exc:
                _exit_io(str(exc))
        else:
            data = dump_dataset(ds, indent=1)
        _write(export_dataset, data, ("dataset", "bộ dữ liệu"))
    if year == "2023":
        report = province_report(ds, province_id=DEMO_PROVINCE_ID, year=2023)
    else:
        report = province_report(
            ds,
            province_id=DEMO_2025_PROVINCE_ID,
            year=int(year),
            as_of=DEMO_2025_AS_OF[int(year)],
        )
    _emit_report(report, chosen, output)


@app.command()
def validate(
    path: Annotated[
        Path,
        typer.Argument(
            help="Dataset file (.json, .xlsx, or .csv for one sheet).", show_default=False
        ),
    ],
    sheet: Annotated[
        str | None,
        typer.Option(
            help="For a .csv file: the sheet it holds (its name or key); default: the sheet "
            "whose columns its header names."
        ),
    ] = None,
    fmt: Annotated[str | None, _format_opt("validate")] = None,
    lang: LangOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Check a dataset or a filled workbook before importing it: every problem with its location.

    Exit code 3 when there is any problem. With `--format json`, the problems (sheet, row,
    cells, columns, message) are printed as JSON for a tool to highlight the cells.
    """
    _begin(lang, path)
    chosen = _format("validate", fmt, output)
    _check_output(output, force)
    if path.suffix.lower() == ".csv":
        _validate_csv(path, sheet, chosen, output)
        return
    if chosen == "json":
        try:
            ds = _load_quiet(path)
        except InvalidDataError as exc:
            problems = [_problem_json(p, _run.messages) for p in exc.problems]
            knock_on = [_problem_json(p, _run.messages) for p in getattr(exc, "knock_on", ())]
            doc = {"valid": False, "total": exc.total, "problems": problems, "knock_on": knock_on}
            _deliver(
                json.dumps(doc, ensure_ascii=False, indent=2) + "\n",
                output,
                ("problems", "danh sách lỗi"),
            )
            raise typer.Exit(EXIT_INVALID_DATA) from None
        doc = {"valid": True, "counts": {k: v for k, v in ds.counts().items() if v}}
        _deliver(
            json.dumps(doc, ensure_ascii=False, indent=2) + "\n", output, ("result", "kết quả")
        )
        return
    ds = _load(path)
    counts = {k: v for k, v in ds.counts().items() if v}
    head = _t(f"valid: {sum(counts.values())} records", f"hợp lệ: {sum(counts.values())} bản ghi")
    lines = [head, *(f"  {_sheet_title(name)}: {n}" for name, n in counts.items())]
    _deliver("\n".join(lines) + "\n", output, ("result", "kết quả"))
    _print_not_reported(ds)


def _validate_csv(path: Path, sheet: str | None, chosen: str, output: Path | None) -> None:
    """Check one sheet saved as CSV: its rows, not its links to other sheets."""
    from vn_iso_qms._internal.spreadsheet.csvio import guess_sheet, import_csv
    from vn_iso_qms._internal.spreadsheet.layout import SHEET_BY_KEY

    if sheet is None:
        try:
            head = path.read_bytes()[:65536]
        except OSError as exc:
            _exit_io(f"cannot read {path}: {exc.strerror}", f"không đọc được {path}")
        guessed = guess_sheet(head)
        if guessed is None:
            _usage(
                f"cannot tell which sheet {path.name!r} holds from its header: give --sheet",
                f"không xác định được tệp '{path.name}' là trang nào từ dòng tiêu đề: thêm "
                "--sheet (tên trang)",
            )
        sheet = SHEET_BY_KEY[guessed].title(_run.messages)
    try:
        records = import_csv(path, sheet=sheet)
    except ValueError as exc:
        _usage(str(exc), f"--sheet: {exc}")
    except InvalidDataError as exc:
        if chosen == "json":
            doc = {
                "valid": False,
                "total": exc.total,
                "problems": [_problem_json(p, _run.messages) for p in exc.problems],
            }
            _deliver(
                json.dumps(doc, ensure_ascii=False, indent=2) + "\n",
                output,
                ("problems", "danh sách lỗi"),
            )
            raise typer.Exit(EXIT_INVALID_DATA) from None
        _exit_invalid(exc)
    from vn_iso_qms._internal.spreadsheet.layout import sheet_lookup
    from vn_iso_qms._internal.text import fold

    spec = SHEET_BY_KEY[sheet_lookup()[fold(sheet)][0]]
    if chosen == "json":
        doc = {"valid": True, "sheet": spec.key, "counts": {spec.key: len(records)}}
        _deliver(
            json.dumps(doc, ensure_ascii=False, indent=2) + "\n", output, ("result", "kết quả")
        )
        return
    lines = [
        _t(f"valid: {len(records)} records", f"hợp lệ: {len(records)} bản ghi"),
        f"  {spec.title(_run.messages)}: {len(records)}",
        _t(
            "(one sheet: its links to other sheets are checked when it is part of a workbook)",
            "(một trang: liên kết tới các trang khác được kiểm tra khi trang nằm trong bảng tính)",
        ),
    ]
    _deliver("\n".join(lines) + "\n", output, ("result", "kết quả"))


_RECORD_SHEETS = {"agency": "agencies", "admin_unit": "admin_units"}
"""The collection of each record type `province_assignment` names."""


def _sheet_title(collection: str) -> str:
    """The workbook sheet that holds a collection, in the run's language (its key otherwise)."""
    from vn_iso_qms._internal.spreadsheet.layout import SHEET_BY_KEY

    sheet = SHEET_BY_KEY.get(collection)
    return sheet.title(_run.messages) if sheet is not None else collection


def _print_not_reported(ds: QmsDataset) -> None:
    """Warn (on stderr) about every agency or administrative unit no province report counts."""
    not_reported = province_assignment(ds).not_reported
    if not_reported:
        err.print(
            _t(
                f"warning: {len(not_reported)} record(s) in no province's report:",
                f"cảnh báo: {len(not_reported)} bản ghi không thuộc báo cáo của tỉnh nào:",
            ),
            markup=False,
        )
    for item in not_reported:
        err.print(
            f"  - {_sheet_title(_RECORD_SHEETS[item.record_type])} {item.record_id}: "
            f"{item.reason.message(_run.messages)}",
            markup=False,
            soft_wrap=True,
        )


@app.command()
def completeness(
    path: DatasetArg,
    province: Annotated[
        str | None, typer.Option(help="Only this province's units (default: every unit).")
    ] = None,
    fmt: Annotated[str | None, _format_opt("completeness")] = None,
    lang: LangOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Recorded facts the law asks for that the dataset lacks, per unit, with the provision.

    Missing facts are not errors (exit code 0); the list says what to add to the registry and
    where (sheet and column of the workbook). Most are bookkeeping no rule reads; those marked
    as deciding a verdict are steps of QĐ 19 Art. 4.2 missing before an announcement, presumed
    by default when the registry could not show them (not evidenced), failures otherwise.
    """
    _begin(lang, path)
    chosen = _format("completeness", fmt, output)
    _check_output(output, force)
    ds = _load(path)
    if province is not None:
        province = _province(ds, province)
    result = completeness_report(ds, province_id=province)
    if chosen == "json":
        _deliver(result.model_dump_json(indent=2) + "\n", output, ("result", "kết quả"))
        return
    vi = _run.output == "vi"
    if not result.missing:
        text = "Không thiếu thông tin nào.\n" if vi else "No missing facts.\n"
        _deliver(text, output, ("result", "kết quả"))
        return
    table = Table(title="Thông tin còn thiếu" if vi else "Missing facts")
    for vi_head, en_head in (
        ("Đơn vị", "Unit"),
        ("Hồ sơ", "Record"),
        ("Thông tin còn thiếu", "Missing fact"),
        ("Căn cứ", "Legal basis"),
    ):
        table.add_column(vi_head if vi else en_head)
    for m in result.missing:
        sheet, column = where_to_record(m.sheet, m.column, _run.output)
        mark = (" (ảnh hưởng kết quả)" if vi else " (decides a verdict)") if m.decides else ""
        table.add_row(
            Text(m.holder_name or ("(toàn bộ dữ liệu)" if vi else "(whole dataset)")),
            Text(
                f"{m.record_type} {m.record_id} · {m.field}"
                + (f" → {sheet} · {column}" if sheet else "")
            ),
            Text(m.label(_run.output) + mark),
            Text(m.citation.render(_run.output) if m.citation else "-"),
        )
    _deliver(_table_text(table), output, ("result", "kết quả"))


def _load_quiet(path: Path) -> QmsDataset:
    """Load for `validate --format json`: invalid data is raised, not printed."""
    _check_readable(path)
    try:
        return _read(path)
    except InvalidDataError as exc:
        first = exc.problems[0] if exc.problems else None
        if first is not None and first.record_type == "file" and first.code == "unreadable":
            _exit_io(first.message)
        raise
    except QmsError as exc:
        _exit_io(str(exc))


def _reason_lines(verdicts: Sequence[Verdict], lang: Language) -> list[str]:
    """The reasons of every verdict that is not met: not met, not yet due, not applicable."""
    lines: list[str] = []
    for v in verdicts:
        if v.status is RuleStatus.MET:
            continue
        for r in v.reasons:
            cite = f" [{r.citation.render(lang)}]" if r.citation else ""
            lines.append(f"{v.kind.label(lang)}: {r.message(lang)}{cite}")
    return lines


@app.command("evaluate")
def evaluate_cmd(
    path: DatasetArg,
    as_of: Annotated[
        str, typer.Option("--as-of", help="Evaluation date (dd/mm/yyyy or YYYY-MM-DD).")
    ],
    year: Annotated[
        int | None, typer.Option(help="Period year (default: the period containing --as-of).")
    ] = None,
    agency: Annotated[
        list[str] | None, typer.Option(help="Only these agency ids (repeatable).")
    ] = None,
    fmt: Annotated[str | None, _format_opt("evaluate")] = None,
    lang: LangOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    policy_file: PolicyOpt = None,
    period_kind: PeriodOpt = None,
) -> None:
    """Both verdicts for every unit, with the reasons of every verdict that is not met."""
    _begin(lang, path, policy_file)
    chosen = _format("evaluate", fmt, output)
    day = _parse_date(as_of)
    _check_year(year)
    _check_output(output, force)
    ds = _load(path)
    policy = _policy(policy_file, period_kind, None)
    if agency:
        known = {a.id for a in ds.agencies}
        for a in agency:
            if a not in known:
                near = closest(a, known, cutoff=0.8)
                _usage(
                    f"no agency {show_value(a)} in the dataset"
                    + (f"; did you mean {near!r}?" if near else ""),
                    f"không có cơ quan {show_value(a)} trong bộ dữ liệu"
                    + (f"; có phải ý bạn là '{near}'?" if near else ""),
                )
    try:
        ev = (
            evaluate(ds, as_of=day, year=year, policy=policy, agency_ids=agency)
            if agency
            else _evaluate(ds, as_of=day, year=year, policy=policy)
        )
    except UnknownRuleError as exc:
        _exit_unknown_rule(exc)
    except QmsError as exc:
        raise typer.BadParameter(str(exc)) from None
    except (ValueError, OverflowError) as exc:  # a date past 31/12/9999
        raise typer.BadParameter(f"the period cannot be computed: {exc}") from None
    what = ("evaluation", "kết quả đánh giá")
    if chosen == "json":
        _deliver(ev.model_dump_json(indent=2) + "\n", output, what)
        return
    lang_out = _run.output
    names = {a.id: a.name for a in ds.agencies}
    vi = lang_out == "vi"
    table = Table(
        title=(
            f"Kết quả đánh giá tại ngày {format_date(day)}"
            if vi
            else f"Evaluation as of {day.isoformat()}"
        )
    )
    table.add_column("Đơn vị" if vi else "Unit")
    table.add_column(VerdictKind.COMPLETED.label(lang_out))
    table.add_column(VerdictKind.ON_PLAN.label(lang_out))
    table.add_column("Lý do" if vi else "Reasons")
    by_unit: dict[str, dict[VerdictKind, Verdict]] = {}
    for v in ev.verdicts:
        by_unit.setdefault(v.agency_id, {})[v.kind] = v
    for agency_id, verdicts in by_unit.items():
        done, plan = verdicts[VerdictKind.COMPLETED], verdicts[VerdictKind.ON_PLAN]
        table.add_row(
            Text(names[agency_id]),
            Text(done.status.label(lang_out)),
            Text(plan.status.label(lang_out)),
            Text("\n".join(_reason_lines((done, plan), lang_out))),
        )
    if output is not None:
        _write(output, _table_text(table), what)
        return
    console.print(table)


@app.command()
def report(
    path: DatasetArg,
    period: Annotated[int, typer.Option("--period", help="The report year, e.g. 2023.")],
    province: Annotated[
        str | None, typer.Option(help="Province id (needed when the dataset holds several).")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Figures known at this date (default: end of the period)."),
    ] = None,
    fmt: Annotated[str | None, _format_opt("report")] = None,
    lang: LangOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    policy_file: PolicyOpt = None,
    period_kind: PeriodOpt = None,
    rounding: RoundingOpt = None,
) -> None:
    """The province report for one year: every figure, the units behind it, the reasons."""
    _begin(lang, path, policy_file)
    chosen = _format("report", fmt, output)
    if chosen == "xlsx" and output is None:
        _usage(
            "--format xlsx needs --output PATH (a workbook is not printed)",
            "--format xlsx cần --output ĐƯỜNG_DẪN (bảng tính không in ra màn hình)",
        )
    _check_year(period)
    day = _parse_date(as_of) if as_of else None
    _check_output(output, force)
    ds = _load(path)
    province_id = _province(ds, province)
    policy = _policy(policy_file, period_kind, rounding)
    try:
        period_def = policy.period_for(period, as_of=day)
        ev = _evaluate(ds, as_of=day or period_def.end, year=period, policy=policy)
        result = province_report(
            ds, province_id=province_id, year=period, as_of=day, policy=policy, evaluation=ev
        )
    except UnknownRuleError as exc:
        _exit_unknown_rule(exc)
    except (ValueError, OverflowError) as exc:  # a date past 31/12/9999
        raise typer.BadParameter(f"the period cannot be computed: {exc}") from None
    _emit_report(result, chosen, output)


@app.command()
def rollup(
    path: Annotated[
        Path, typer.Argument(help="Dataset file with several provinces (.json or .xlsx).")
    ],
    period: Annotated[int, typer.Option("--period", help="The report year.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Figures known at this date.")
    ] = None,
    fmt: Annotated[str | None, _format_opt("rollup")] = None,
    lang: LangOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    policy_file: PolicyOpt = None,
    compare_to: Annotated[
        int | None,
        typer.Option(
            "--compare-to",
            help="Also roll up this earlier year and group its provinces under their successors "
            "(e.g. 2024 for --period 2026, across the 2025 reform).",
        ),
    ] = None,
) -> None:
    """National rollup: one row per province, with totals."""
    _begin(lang, path, policy_file)
    chosen = _format("rollup", fmt, output)
    _check_year(period)
    if compare_to is not None:
        _check_year(compare_to)
    day = _parse_date(as_of) if as_of else None
    _check_output(output, force)
    ds = _load(path)
    policy = _policy(policy_file, None, None)
    result = national_rollup(ds, year=period, as_of=day, policy=policy)
    text = (
        result.model_dump_json(indent=2) + "\n"
        if chosen == "json"
        else render_rollup_markdown(result, lang=_run.output)
    )
    if compare_to is not None:
        earlier = national_rollup(ds, year=compare_to, policy=policy)
        rows = compare_across_reform(earlier, result, province_successors([ds]))
        if chosen == "json":
            text = json.dumps(
                {
                    "rollup": result.model_dump(mode="json"),
                    "compared_to": compare_to,
                    "comparison": [r.model_dump(mode="json") for r in rows],
                },
                ensure_ascii=False,
                indent=2,
            )
            text += "\n"
        else:
            text += f"\n{compare_to} → {period}:\n\n"
            text += render_reform_comparison_markdown(
                rows, lang=_run.output, names={r.province_id: r.province_name for r in earlier.rows}
            )
    _deliver(text, output, ("rollup", "bảng tổng hợp"))


@app.command()
def compare(
    path: DatasetArg,
    period: Annotated[int, typer.Option("--period", help="The report year.")],
    province: Annotated[str | None, typer.Option(help="Province id.")] = None,
    fmt: Annotated[str | None, _format_opt("compare")] = None,
    lang: LangOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    policy_file: PolicyOpt = None,
) -> None:
    """What-if: the report's figures under calendar year vs reporting year, ceil vs floor.

    The three columns start from the policy file (or the default policy) and change only the
    period kind or the rounding.
    """
    _begin(lang, path, policy_file)
    chosen = _format("compare", fmt, output)
    _check_year(period)
    _check_output(output, force)
    ds = _load(path)
    policies = {
        "calendar_year+ceil": _policy(policy_file, PeriodKind.CALENDAR_YEAR, Rounding.CEIL),
        "reporting_year+ceil": _policy(policy_file, PeriodKind.REPORTING_YEAR, Rounding.CEIL),
        "calendar_year+floor": _policy(policy_file, PeriodKind.CALENDAR_YEAR, Rounding.FLOOR),
    }
    result = compare_policies(
        ds, province_id=_province(ds, province), year=period, policies=policies
    )
    text = (
        result.model_dump_json(indent=2) + "\n"
        if chosen == "json"
        else render_comparison_markdown(result, lang=_run.output)
    )
    _deliver(text, output, ("comparison", "bảng so sánh"))


_RECORD_TYPES: tuple[str, ...] = ()


def _record_types() -> tuple[str, ...]:
    import vn_iso_qms

    names = []
    for name in vn_iso_qms.__all__:
        obj = getattr(vn_iso_qms, name, None)
        if isinstance(obj, type) and hasattr(obj, "model_json_schema"):
            names.append(name)
    return tuple(sorted(names))


@app.command()
def schema(
    record: Annotated[
        str | None,
        typer.Option(help="A record type name (e.g. Agency); default: the whole dataset."),
    ] = None,
    policy: Annotated[
        bool, typer.Option("--policy", help="The schema of a policy file instead.")
    ] = False,
    fmt: Annotated[str | None, _format_opt("schema")] = None,
    lang: LangOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Print the JSON Schema of the dataset (or of one record type, or of a policy file)."""
    import vn_iso_qms

    _begin(lang)
    _format("schema", fmt, output)
    _check_output(output, force)
    if policy:
        model: type = Policy
    elif record is not None:
        types = _record_types()
        if record not in types:
            near = closest(record, types)
            _usage(
                f"{show_value(record)} is not a record type of vn_iso_qms"
                + (f"; did you mean {near!r}?" if near else f" (types: {', '.join(types)})"),
                f"{show_value(record)} không phải loại bản ghi của vn_iso_qms"
                + (f"; có phải ý bạn là '{near}'?" if near else f" (các loại: {', '.join(types)})"),
            )
        model = getattr(vn_iso_qms, record)
    else:
        model = QmsDataset
    text = json.dumps(json_schema(model), ensure_ascii=False, indent=2) + "\n"
    _deliver(text, output, ("schema", "lược đồ"))


@app.command()
def rules(
    fmt: Annotated[str | None, _format_opt("rules")] = None,
    lang: LangOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """List every rule: id, what it checks, legal source, policy knobs."""
    _begin(lang)
    chosen = _format("rules", fmt, output)
    _check_output(output, force)
    lang_out = _run.output
    what = ("rules", "danh sách quy tắc")
    if chosen == "json":
        doc = [
            {
                "id": rule.id,
                "legal_ref": rule.legal_ref,
                "title_vi": rule.title_vi,
                "title_en": rule.title_en,
                "citation": rule.citation.render(lang_out),
                "policy_fields": list(rule.policy_fields),
            }
            for rule in STATUTORY_RULES.values()
        ]
        _deliver(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", output, what)
        return
    vi = lang_out == "vi"
    table = Table(title="Quy tắc" if vi else "Rules")
    for head in (
        "Mã" if vi else "id",
        "R",
        "Nội dung" if vi else "Checks",
        "Căn cứ" if vi else "Legal basis",
        "Tham số chính sách" if vi else "Policy",
    ):
        table.add_column(head)
    for rule in STATUTORY_RULES.values():
        table.add_row(
            rule.id,
            rule.legal_ref,
            rule.title_vi if vi else rule.title_en,
            rule.citation.render(lang_out),
            ", ".join(rule.policy_fields),
        )
    if output is not None:
        _write(output, _table_text(table), what)
        return
    console.print(table)


@app.command()
def template(
    path: Annotated[
        Path, typer.Argument(help="Where to write the XLSX template (….xlsx).", show_default=False)
    ],
    lang: LangOpt = None,
    force: ForceOpt = False,
) -> None:
    """Write the XLSX template analysts fill in (registry, QMS units, plan, activities, inspections)."""
    _begin(lang)
    _run.workbook = True
    _format("template", None, path)
    _check_output(path, force)
    data = write_template(None, lang=_run.output)
    _write(path, data, ("template", "mẫu biểu"))


@app.command("import")
def import_cmd(
    path: Annotated[
        Path, typer.Argument(help="A filled XLSX workbook (.xlsx).", show_default=False)
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Where to write the dataset (….json).", show_default=False
        ),
    ],
    lang: LangOpt = None,
    force: ForceOpt = False,
) -> None:
    """Import a filled XLSX workbook into a dataset JSON file (every problem located by sheet, row, cell)."""
    _begin(lang, path)
    _run.workbook = True
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        _usage(
            f"import reads a filled workbook (.xlsx), not {path.name!r}; a JSON dataset needs no "
            "import (check it with `vn-iso-qms validate`)",
            f"lệnh import đọc bảng tính đã điền (.xlsx), không phải '{path.name}'; tệp JSON "
            "không cần import (kiểm tra bằng `vn-iso-qms validate`)",
        )
    _format("import", None, output)
    _check_output(output, force)
    ds = _load(path)
    n = sum(ds.counts().values())
    _write(output, dump_dataset(ds, indent=1), (f"{n} records", f"{n} bản ghi"))


@app.command()
def carry(
    path: DatasetArg,
    year: Annotated[
        int,
        typer.Option(
            help="The new year (e.g. 2026): fates are taken on its 1 January.", show_default=False
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Where to write the carried dataset (….json or ….xlsx).",
            show_default=False,
        ),
    ],
    decisions: Annotated[
        Path | None,
        typer.Option(
            help="A dataset (.json or .xlsx) recording the reorganisation: administrative units "
            "(valid_to, successor_ids), successor agencies and agency events. Its records replace "
            "the input's records with the same id."
        ),
    ] = None,
    report_path: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Write the carry report to this file (….md or ….json) instead of the terminal.",
        ),
    ] = None,
    fmt: Annotated[str | None, _format_opt("carry", "--report")] = None,
    policy_path: PolicyOpt = None,
    lang: LangOpt = None,
    force: ForceOpt = False,
) -> None:
    """Carry a registry into a new year: every agency's fate, QMS units and procedures re-pointed.

    Writes the carried dataset (`--output`) and prints the report (fates with their decision and
    basis, QMS units carried or to re-announce, and everything left undecided, with what to
    record). Undecided items are not errors (exit code 0): they are the analyst's list.
    """
    _begin(lang, path, decisions)
    year = _check_year(year) or year
    chosen = _format("carry", fmt, report_path)
    kind = EXTENSIONS.get(output.suffix.lower())
    if kind not in ("json", "xlsx"):
        _usage(
            f"--output writes the carried dataset: name the file ….json or ….xlsx, not {output.name!r}",
            f"--output ghi bộ dữ liệu đã chuyển: đặt tên tệp ….json hoặc ….xlsx, không phải "
            f"'{output.name}'",
        )
    _check_output(output, force)
    _check_output(report_path, force)
    if report_path is not None and same_file(report_path, output):
        _usage("--report and --output name the same file", "--report và --output trùng tệp")
    policy = _policy(policy_path, None, None)
    ds = _load(path)
    extra = _load(decisions) if decisions is not None else None
    try:
        carried, result = carry_registry(ds, year, decisions=extra, policy=policy)
    except InvalidDataError as exc:
        _exit_invalid(exc)
    n = sum(carried.counts().values())
    what = (f"carried dataset ({n} records)", f"bộ dữ liệu đã chuyển ({n} bản ghi)")
    if kind == "xlsx":
        try:
            data: bytes | str = export_workbook(carried, lang=_run.output)
        except QmsError as exc:
            _exit_io(str(exc))
    else:
        data = dump_dataset(carried, indent=1)
    _write(output, data, what)
    counts = result.counts()
    err.print(
        _t(
            f"{len(result.fates)} agencies: {counts['continues'] + counts['renamed']} continue, "
            f"{counts['merged_into'] + counts['split_into']} merged or split, {counts['ended']} "
            f"ended, {counts['undecided']} undecided; {len(result.undecided)} item(s) to record",
            f"{len(result.fates)} đơn vị: {counts['continues'] + counts['renamed']} tiếp tục, "
            f"{counts['merged_into'] + counts['split_into']} sáp nhập hoặc chia tách, "
            f"{counts['ended']} kết thúc, {counts['undecided']} chưa xác định; "
            f"{len(result.undecided)} mục cần ghi nhận",
        ),
        markup=False,
        soft_wrap=True,
    )
    text = (
        result.model_dump_json(indent=2) + "\n"
        if chosen == "json"
        else result.to_markdown(_run.output)
    )
    _deliver(text, report_path, ("report", "báo cáo"))


# --- Vietnamese help ------------------------------------------------------------------------
# The help is written in English next to each option; its Vietnamese is here, registered by
# the English text (tests/cli/test_vietnamese_cli.py fails when a help text has neither).

COMMANDS_VI.update(
    {
        "demo": "Báo cáo của một tỉnh minh họa có sẵn trong gói (hư cấu, giống một báo cáo "
        "thật).\n\nMặc định là báo cáo năm 2023 của tỉnh mẫu; `--year 2025` hoặc `--year 2026` "
        "cho báo cáo của tỉnh hình thành ngày 01/07/2025, tính đến một ngày cố định.",
        "validate": "Kiểm tra bộ dữ liệu hoặc bảng tính đã điền trước khi nhập: mọi lỗi kèm vị "
        "trí (trang, dòng, ô).\n\nMã thoát 3 khi có lỗi. Với `--format json`, danh sách lỗi "
        "(trang, dòng, ô, cột, nội dung) được in dạng JSON để phần mềm khác tô màu các ô.",
        "completeness": "Những thông tin pháp luật yêu cầu mà bộ dữ liệu còn thiếu, theo từng "
        "đơn vị, kèm điều khoản.\n\nThiếu thông tin không phải lỗi (mã thoát 0): không quy tắc "
        "nào đọc chúng nên không kết quả nào phụ thuộc; danh sách cho biết cần bổ sung gì.",
        "evaluate": "Hai kết quả (hoàn thành, đúng kế hoạch) của từng đơn vị, kèm lý do của mọi "
        "kết quả chưa đạt.",
        "report": "Báo cáo năm của tỉnh: mọi chỉ tiêu, các đơn vị đứng sau từng số liệu và lý do.",
        "rollup": "Bảng tổng hợp toàn quốc: mỗi tỉnh một dòng, có dòng tổng cộng.",
        "compare": "So sánh: số liệu của báo cáo theo năm dương lịch và theo kỳ báo cáo, làm "
        "tròn lên và làm tròn xuống.\n\nBa cột cùng xuất phát từ tệp chính sách (hoặc chính "
        "sách mặc định), chỉ đổi loại kỳ hoặc cách làm tròn.",
        "schema": "In lược đồ JSON (JSON Schema) của bộ dữ liệu, của một loại bản ghi hoặc của "
        "tệp chính sách.",
        "rules": "Liệt kê mọi quy tắc: mã, nội dung kiểm tra, căn cứ pháp lý, tham số chính sách.",
        "template": "Ghi mẫu bảng tính XLSX để cán bộ điền (danh sách cơ quan, đơn vị áp dụng "
        "HTQLCL, kế hoạch, hoạt động, kiểm tra).",
        "import": "Nhập bảng tính XLSX đã điền thành tệp dữ liệu JSON (mọi lỗi kèm trang, dòng, ô).",
        "csv": "Kiểm tra hoặc nhập một trang lưu dạng CSV (UTF-8) thành tệp dữ liệu JSON.",
        "carry": "Chuyển danh sách sang năm mới: tình trạng của từng cơ quan, đơn vị áp dụng "
        "HTQLCL và quy trình được gắn lại.\n\nGhi bộ dữ liệu đã chuyển (`--output`) và in báo "
        "cáo chuyển năm (tình trạng từng cơ quan kèm quyết định và căn cứ, đơn vị HTQLCL giữ "
        "nguyên hay phải công bố lại, và mọi việc chưa xác định cùng điều cần ghi nhận). Việc "
        "chưa xác định không phải lỗi (mã thoát 0): đó là danh sách việc của cán bộ.",
    }
)
for _en, _vi in (
    (
        "QMS (TCVN ISO 9001) records, rules and reports for Vietnamese state agencies "
        "(QĐ 19/2014/QĐ-TTg, TT 26/2014/TT-BKHCN).",
        "Hồ sơ, quy tắc và báo cáo hệ thống quản lý chất lượng (TCVN ISO 9001) của cơ quan "
        "hành chính nhà nước (QĐ 19/2014/QĐ-TTg, TT 26/2014/TT-BKHCN).",
    ),
    ("Print the version and exit.", "In số phiên bản rồi thoát."),
    (
        f"Language of the help and messages: vi (default) or en; also {LANG_ENV}.",
        f"Ngôn ngữ của hướng dẫn và thông báo: vi (mặc định) hoặc en; hoặc đặt biến {LANG_ENV}.",
    ),
    (
        f"Language of results and messages: vi (default) or en; also {LANG_ENV}. One language "
        "per run, whatever the input.",
        f"Ngôn ngữ của kết quả và thông báo: vi (mặc định) hoặc en; hoặc đặt biến {LANG_ENV}. "
        "Mỗi lần chạy dùng một ngôn ngữ, dù tệp đầu vào là gì.",
    ),
    (
        "Also write the demo dataset to this path: JSON (.json) or a filled workbook (.xlsx).",
        "Ghi thêm bộ dữ liệu minh họa vào tệp này: JSON (.json) hoặc bảng tính đã điền (.xlsx).",
    ),
    (
        "The year reported: 2023 (the seed's province, p-mh), or 2025 (as of 31/12/2025) or "
        "2026 (as of 30/09/2026) of the post-reform province p-mg.",
        "Năm báo cáo: 2023 (tỉnh mẫu p-mh), hoặc 2025 (tính đến 31/12/2025), 2026 (tính đến "
        "30/09/2026) của tỉnh p-mg sau sắp xếp.",
    ),
    (
        "Write the result to this file instead of the terminal (format from its extension).",
        "Ghi kết quả vào tệp này thay vì in ra màn hình (định dạng theo phần mở rộng của tệp).",
    ),
    ("Replace an output file that already exists.", "Ghi đè tệp kết quả đã có."),
    ("Dataset file (.json or .xlsx).", "Tệp dữ liệu (.json hoặc .xlsx)."),
    (
        "Dataset file (.json, .xlsx, or .csv for one sheet).",
        "Tệp dữ liệu (.json, .xlsx, hoặc .csv cho một trang).",
    ),
    (
        "For a .csv file: the sheet it holds (its name or key); default: the sheet whose "
        "columns its header names.",
        "Với tệp .csv: trang mà tệp chứa (tên hoặc mã trang); mặc định: trang có các cột khớp "
        "dòng tiêu đề của tệp.",
    ),
    (
        "Only this province's units (default: every unit).",
        "Chỉ các đơn vị của tỉnh này (mặc định: mọi đơn vị).",
    ),
    (
        "Evaluation date (dd/mm/yyyy or YYYY-MM-DD).",
        "Ngày đánh giá (dd/mm/yyyy hoặc YYYY-MM-DD).",
    ),
    (
        "Period year (default: the period containing --as-of).",
        "Năm của kỳ (mặc định: kỳ chứa ngày --as-of).",
    ),
    ("Only these agency ids (repeatable).", "Chỉ các cơ quan có mã này (dùng lặp lại được)."),
    (
        "A JSON file with Policy fields (see `vn-iso-qms schema --policy`).",
        "Tệp JSON chứa các tham số chính sách (xem `vn-iso-qms schema --policy`).",
    ),
    (
        "Override the policy's period kind: " + ", ".join(k.value for k in PeriodKind) + ".",
        "Thay loại kỳ của chính sách: " + ", ".join(k.value for k in PeriodKind) + ".",
    ),
    ("The report year, e.g. 2023.", "Năm báo cáo, ví dụ 2023."),
    (
        "Province id (needed when the dataset holds several).",
        "Mã tỉnh (cần khi bộ dữ liệu có nhiều tỉnh).",
    ),
    (
        "Figures known at this date (default: end of the period).",
        "Số liệu tính đến ngày này (mặc định: ngày cuối kỳ).",
    ),
    (
        "Override the rounding of the 1/3 on-site minimum: "
        + ", ".join(r.value for r in Rounding)
        + ".",
        "Thay cách làm tròn mức tối thiểu 1/3 kiểm tra tại chỗ: "
        + ", ".join(r.value for r in Rounding)
        + ".",
    ),
    (
        "Dataset file with several provinces (.json or .xlsx).",
        "Tệp dữ liệu có nhiều tỉnh (.json hoặc .xlsx).",
    ),
    ("The report year.", "Năm báo cáo."),
    ("Figures known at this date.", "Số liệu tính đến ngày này."),
    (
        "Also roll up this earlier year and group its provinces under their successors "
        "(e.g. 2024 for --period 2026, across the 2025 reform).",
        "Tổng hợp thêm năm trước này và xếp các tỉnh cũ dưới tỉnh kế thừa (ví dụ 2024 với "
        "--period 2026, qua đợt sắp xếp năm 2025).",
    ),
    ("Province id.", "Mã tỉnh."),
    (
        "A record type name (e.g. Agency); default: the whole dataset.",
        "Tên một loại bản ghi (ví dụ Agency); mặc định: cả bộ dữ liệu.",
    ),
    ("The schema of a policy file instead.", "Lược đồ của tệp chính sách."),
    (
        "Where to write the XLSX template (….xlsx).",
        "Nơi ghi mẫu bảng tính XLSX (….xlsx).",
    ),
    ("A filled XLSX workbook (.xlsx).", "Bảng tính XLSX đã điền (.xlsx)."),
    ("Where to write the dataset (….json).", "Nơi ghi tệp dữ liệu (….json)."),
    (
        "The new year (e.g. 2026): fates are taken on its 1 January.",
        "Năm mới (ví dụ 2026): tình trạng các cơ quan tính tại ngày 1 tháng 1 của năm đó.",
    ),
    (
        "Where to write the carried dataset (….json or ….xlsx).",
        "Nơi ghi bộ dữ liệu đã chuyển (….json hoặc ….xlsx).",
    ),
    (
        "A dataset (.json or .xlsx) recording the reorganisation: administrative units "
        "(valid_to, successor_ids), successor agencies and agency events. Its records replace "
        "the input's records with the same id.",
        "Tệp dữ liệu (.json hoặc .xlsx) ghi việc sắp xếp: đơn vị hành chính (valid_to, "
        "successor_ids), cơ quan kế thừa và sự kiện của cơ quan. Bản ghi trong tệp này thay "
        "bản ghi cùng mã của tệp đầu vào.",
    ),
    (
        "Write the carry report to this file (….md or ….json) instead of the terminal.",
        "Ghi báo cáo chuyển năm vào tệp này (….md hoặc ….json) thay vì in ra màn hình.",
    ),
):
    bilingual(_en, _vi)
from vn_iso_qms._internal.cli_documents import document_app  # noqa: E402 - it uses the helpers above

app.add_typer(document_app, name="document")


def main() -> None:
    """Entry point of the `vn-iso-qms` script: exit 0 when a pipe's reader stops early."""
    code: Any = EXIT_OK
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):  # pragma: no cover
            pass
        code = EXIT_OK
    if type(sys.stdout).__name__ == "PacifyFlushWrapper":  # typer saw EPIPE on stdout
        code = EXIT_OK
    raise SystemExit(code)
