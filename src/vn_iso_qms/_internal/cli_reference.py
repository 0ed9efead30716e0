"""The command reference page (`docs/reference/cli.md`), generated from the command line itself.

Every command, argument, option, default, output format and exit code comes from the typer app,
`FORMATS`, `EXTENSIONS` and `EXIT_CODES` of `vn_iso_qms._internal.cli`; nothing is typed twice.
`python scripts/cli_reference.py` writes the page, and a test fails when the page and the
command line disagree.
"""

from __future__ import annotations

import inspect
import typing
from pathlib import Path
from typing import Any

import typer.main

from vn_iso_qms._internal.cli import COMMAND_EXITS, EXIT_CODES, EXTENSIONS, FORMATS, app
from vn_iso_qms._internal.cli_documents import DOCUMENT_EXITS
from vn_iso_qms._internal.cli_i18n import COMMANDS_VI, LANG_ENV, help_text

__all__ = ["PAGE", "PAGE_VI", "command_reference", "command_reference_vi"]

PAGE = Path("docs") / "reference" / "cli.md"
"""Where the page lives, relative to the repository root."""
PAGE_VI = Path("docs") / "vi" / "lenh.md"
"""Where the Vietnamese page lives, relative to the repository root."""

_PROGRAM = "vn-iso-qms"


def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, no cell break."""
    return " ".join(text.split()).replace("|", "\\|")


def _value(callback: Any, param: Any) -> str:
    """What the option takes: its choices, or a word for its type; empty for a flag."""
    if getattr(param, "is_flag", False):
        return ""
    if param.metavar:
        choices = param.metavar.strip("[]").split("|")
        return "one of " + ", ".join(f"`{c}`" for c in choices)
    hints = typing.get_type_hints(callback)
    annotation = hints.get(param.name)
    args = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    kind = args[0]
    if typing.get_origin(kind) is list:
        inner = typing.get_args(kind)[0]
        return f"{_type_word(inner)} (repeatable)"
    return _type_word(kind)


def _type_word(kind: Any) -> str:
    if kind is int:
        return "a whole number"
    if kind is Path:
        return "a file path"
    return "text"


def _default(param: Any, formats: tuple[str, ...]) -> str:
    if param.required:
        return "required"
    if param.name == "fmt" and formats:
        source = "--report" if formats == FORMATS["carry"] else "--output"
        return f"from the `{source}` file's extension, else `{formats[0]}`"
    if param.name == "lang":
        return f"`vi` (or `{LANG_ENV}`)"
    default = param.default
    if default is None or default is False:
        return ""
    return f"`{default}`"


def _option_names(param: Any) -> str:
    names = sorted([*param.opts, *param.secondary_opts], key=lambda n: (n.startswith("--"), n))
    return ", ".join(f"`{n}`" for n in names)


def command_reference() -> str:
    """The whole page, as Markdown."""
    group = typer.main.get_command(app)
    commands: dict[str, Any] = {}
    for name, command in getattr(group, "commands", {}).items():
        subs: dict[str, Any] = getattr(command, "commands", {})
        if subs:  # a group (`document`): one entry per sub-command
            commands.update({f"{name} {sub}": c for sub, c in subs.items()})
        else:
            commands[name] = command
    out: list[str] = [
        "# Command line",
        "",
        "<!-- Generated from the command line by scripts/cli_reference.py; "
        "tests/cli/test_cli_reference.py fails when they disagree. Do not edit by hand. -->",
        "",
        f"`{_PROGRAM}` (the `cli` extra: `pip install 'vn-iso-qms[cli]'`; spreadsheets also need "
        "the `xlsx` extra) reads datasets (`.json`) and filled workbooks (`.xlsx`), checks them, "
        "evaluates them and writes reports. Every command and option is listed below, with what "
        "it writes and how it ends.",
        "",
        "## Conventions",
        "",
        "- **Output format.** Every command that prints a result can write it to a file with "
        "`--output`. The format follows the file's extension ("
        + ", ".join(f"`{ext}` {fmt}" for ext, fmt in EXTENSIONS.items())
        + ") unless `--format` says otherwise; a `--format` that contradicts the extension, or an "
        "extension the command cannot write, is refused before anything is read or written "
        "(exit code 2).",
        "- **No lost work.** No command replaces an existing file unless `--force` is given, "
        "and never one of its own inputs; files are written to a temporary file and renamed into "
        "place, so an interrupted run leaves the old file or the new one, never half of one. "
        "Each file written is reported on standard error (`report written to bao-cao.md`).",
        "- **Language.** One language per run, for the results, the messages, the help and the "
        "usage and error frames: Vietnamese, unless `--lang en` (anywhere on the line) or the "
        f"environment variable `{LANG_ENV}=en` says English. The input's format does not change "
        "it.",
        "- **Problems** in a workbook name the sheet, row, column title and cell (both cells for "
        "a problem between two columns), quote values as they were typed, show invisible "
        "characters, and suggest the closest valid value for a misspelling; they are sorted by "
        "sheet and row, and a problem caused by another is listed under it.",
        "- **Help and version.** `-h` or `--help` after any command; `--version`; "
        f"`{_PROGRAM}` alone prints the list of commands (exit code 0).",
        "- **Pipes.** When the program reading the output stops early "
        f"(`{_PROGRAM} demo | head`), the command stops quietly with exit code 0.",
        "",
        "## Commands",
        "",
        "| Command | What it does | Output formats |",
        "| --- | --- | --- |",
    ]
    for name, command in commands.items():
        summary = inspect.cleandoc(command.help or "").split("\n\n", 1)[0]
        formats = ", ".join(f"`{f}`" for f in FORMATS.get(name, ()))
        if name.startswith("document "):
            formats = "`docx` (`pdf` with `--pdf`)"
        anchor = name.replace(" ", "-")
        out.append(f"| [`{name}`](#{anchor}) | {_cell(summary)} | {formats} |")
    out += [
        "",
        "Options of the program itself: `--version` prints the version; `-h`, `--help` print the "
        "list of commands.",
        "",
    ]
    for name, command in commands.items():
        out += _command_section(name, command)
    out += [
        "## Exit codes",
        "",
        "| Code | Meaning | Trong tiếng Việt |",
        "| ---: | --- | --- |",
    ]
    out += [f"| {code} | {_cell(en)} | {_cell(vi)} |" for code, (en, vi) in EXIT_CODES.items()]
    out += [
        "",
        'A script can branch on the code: 3 means "send the list of problems back to whoever made '
        'the file", 4 "check the path", 2 "check the command". No bad input ends in a traceback.',
        "",
    ]
    return "\n".join(out)


def _command_section(name: str, command: Any) -> list[str]:
    arguments = [p for p in command.params if not p.opts or not p.opts[0].startswith("-")]
    options = [p for p in command.params if p not in arguments]
    usage = f"{_PROGRAM} {name}" + "".join(f" {p.name.upper()}" for p in arguments)
    usage += " [OPTIONS]" if options else ""
    out = [f"### {name}", "", inspect.cleandoc(command.help or ""), "", "```text", usage, "```", ""]
    if arguments:
        out += ["| Argument | Description |", "| --- | --- |"]
        out += [f"| `{p.name.upper()}` | {_cell(p.help or '')} |" for p in arguments]
        out.append("")
    out += ["| Option | Takes | Default | Description |", "| --- | --- | --- | --- |"]
    for p in options:
        out.append(
            f"| {_option_names(p)} | {_value(command.callback, p)} | "
            f"{_default(p, FORMATS.get(name, ()))} | "
            f"{_cell(p.help or '')} |"
        )
    out.append("| `-h`, `--help` | | | Show the help of the command and exit. |")
    formats = FORMATS.get(name, ())
    if formats:
        out += [
            "",
            f"Output formats: {', '.join(f'`{f}`' for f in formats)} "
            f"(default on the terminal: `{formats[0]}`).",
        ]
    out += [
        "",
        "Exit codes: "
        + ", ".join(str(code) for code in COMMAND_EXITS.get(name, DOCUMENT_EXITS))
        + " (see [Exit codes](#exit-codes)).",
        "",
    ]
    return out


def command_reference_vi() -> str:
    """The Vietnamese page of the commands (`docs/vi/lenh.md`), from the same command line."""
    group = typer.main.get_command(app)
    commands: dict[str, Any] = getattr(group, "commands", {})
    out: list[str] = [
        "# Các lệnh",
        "",
        "<!-- Sinh từ chính chương trình bởi scripts/cli_reference.py; không sửa tay. -->",
        "",
        f"Chương trình `{_PROGRAM}` chạy trong cửa sổ dòng lệnh (Terminal, PowerShell). Mọi "
        "hướng dẫn, thông báo và kết quả đều bằng tiếng Việt; thêm `--lang en` nếu cần tiếng "
        f"Anh (hoặc đặt biến môi trường `{LANG_ENV}=en`). Gõ `{_PROGRAM} TÊN_LỆNH --help` để xem "
        "hướng dẫn của một lệnh ngay trên máy.",
        "",
        "Quy ước chung:",
        "",
        "- **Tệp kết quả.** `--output` (hoặc `-o`) ghi kết quả vào tệp; định dạng theo phần mở "
        "rộng của tệp (`.txt` bảng, `.md` Markdown, `.json`, `.csv`, `.xlsx`). Tệp đã có chỉ "
        "bị ghi đè khi thêm `--force`; tệp đầu vào không bao giờ bị ghi đè.",
        "- **Ngày** gõ dạng `dd/mm/yyyy` (ví dụ `31/12/2023`) hoặc `YYYY-MM-DD`.",
        "- **Lỗi trong bảng tính** được báo kèm tên trang, dòng, tên cột và ô.",
        "",
        "| Lệnh | Việc làm | Định dạng kết quả |",
        "| --- | --- | --- |",
    ]
    for name, command in commands.items():
        text = COMMANDS_VI.get(name) or help_text(command.help or "", "vi") or ""
        summary = inspect.cleandoc(text).split("\n\n", 1)[0]
        formats = ", ".join(f"`{f}`" for f in FORMATS.get(name, ()))
        out.append(f"| [`{name}`](#{name}) | {_cell(summary)} | {formats} |")
    out.append("")
    for name, command in commands.items():
        text = COMMANDS_VI.get(name) or help_text(command.help or "", "vi") or ""
        arguments = [p for p in command.params if not p.opts or not p.opts[0].startswith("-")]
        options = [p for p in command.params if p not in arguments]
        usage = f"{_PROGRAM} {name}" + "".join(f" {p.name.upper()}" for p in arguments)
        usage += " [TÙY_CHỌN]" if options else ""
        out += [f"## {name}", "", inspect.cleandoc(text), "", "```text", usage, "```", ""]
        out += ["| Đối số, tùy chọn | Ý nghĩa |", "| --- | --- |"]
        for p in [*arguments, *options]:
            names = f"`{p.name.upper()}`" if p in arguments else _option_names(p)
            required = " (bắt buộc)" if p.required else ""
            out.append(f"| {names} | {_cell(help_text(p.help or '', 'vi') or '')}{required} |")
        out.append("| `-h`, `--help` | Hiện hướng dẫn của lệnh rồi thoát. |")
        out += [
            "",
            "Mã thoát: " + ", ".join(str(c) for c in COMMAND_EXITS.get(name, ())) + ".",
            "",
        ]
    out += ["## Mã thoát", "", "| Mã | Ý nghĩa |", "| ---: | --- |"]
    out += [f"| {code} | {_cell(vi)} |" for code, (_en, vi) in EXIT_CODES.items()]
    out.append("")
    return "\n".join(out)
