"""Running `vn-iso-qms` as a person does, and filling its template as an analyst does.

`run` and `invoke` give what `python -m vn_iso_qms ARGS` gives in a new process (exit code,
stdout, stderr) but, to save the interpreter's start and the imports (about 0.6 s of CPU a
call), they run the command line in this process whenever that is indistinguishable: the same
environment, working directory and UTF-8 pipes, the warnings filters of a new interpreter, an
unexpected exception printed as a traceback with exit code 1, and the consoles checked to render
as they would in the new process (no colour, no terminal, the same width). Anything else (a
legacy encoding, colour forced by the environment, `process=True`) runs a real process. Tests
about the process itself (pipes, closed streams, signals, encodings) use `subprocess` directly;
tests/cli/test_in_process.py compares the two ways on help, errors and reports.
"""

from __future__ import annotations

import contextlib
import io
import locale
import os
import subprocess
import sys
import traceback
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

CLI = [sys.executable, "-m", "vn_iso_qms"]
ENV = {"PATH": "", "COLUMNS": "200", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
PROG = "python -m vn_iso_qms"
"""The program name click derives for `python -m vn_iso_qms` (the usage line shows it)."""
_COLOUR_VARIABLES = (
    "FORCE_COLOR",
    "PY_COLORS",
    "GITHUB_ACTIONS",
    "TERMINAL_WIDTH",
    "TTY_COMPATIBLE",
)


def run(
    cwd: Path, *args: str, lang: str | None = None, process: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the command in `cwd`; never raises on a non-zero exit code.

    The command line speaks Vietnamese unless told otherwise (`--lang en` or VN_ISO_QMS_LANG).
    These tests check messages in the language of the input they were written for: English
    for a JSON dataset, Vietnamese for a workbook, unless `lang` says which (`"default"`: no
    VN_ISO_QMS_LANG at all, as a person runs it). `process=True`: always in a new process.
    """
    if lang is None:
        workbook = any(a.lower().endswith((".xlsx", ".xlsm")) for a in args)
        lang = "vi" if workbook else "en"
    env = dict(ENV) if lang == "default" else {**ENV, "VN_ISO_QMS_LANG": lang}
    return invoke(args, env, cwd, process=process)


def invoke(
    args: Sequence[str],
    env: Mapping[str, str],
    cwd: Path | None = None,
    *,
    process: bool = False,
) -> subprocess.CompletedProcess[str]:
    """`python -m vn_iso_qms *args` with exactly `env` in `cwd`: its exit code and output."""
    done = invoke_bytes(args, env, cwd, process=process)
    encoding = locale.getpreferredencoding(False)

    def text(data: bytes) -> str:  # as subprocess.run(..., text=True) decodes
        return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")

    return subprocess.CompletedProcess(
        done.args, done.returncode, text(done.stdout), text(done.stderr)
    )


def invoke_bytes(
    args: Sequence[str],
    env: Mapping[str, str],
    cwd: Path | None = None,
    *,
    process: bool = False,
) -> subprocess.CompletedProcess[bytes]:
    """`invoke`, with stdout and stderr as the bytes the process wrote."""
    done = None if process else _in_process(args, env, cwd)
    if done is None:
        return subprocess.run(
            [*CLI, *args], capture_output=True, check=False, cwd=cwd, env=dict(env)
        )
    return subprocess.CompletedProcess([*CLI, *args], *done)


def invoke_merged(
    args: Sequence[str], env: Mapping[str, str], cwd: Path | None = None, *, prog: str = PROG
) -> tuple[int, bytes] | None:
    """Exit code and output of `prog *args` run with `2>&1`, as the bytes a reader sees.

    Only with PYTHONUNBUFFERED set (then a process writes stdout and stderr in the order of its
    writes, as here); None when the command has to run in a process (the caller runs it).
    """
    if not env.get("PYTHONUNBUFFERED"):
        return None
    done = _in_process(args, env, cwd, merged=True, prog=prog)
    return None if done is None else (done[0], done[1])


def _in_process(
    args: Sequence[str],
    env: Mapping[str, str],
    cwd: Path | None,
    *,
    merged: bool = False,
    prog: str = PROG,
) -> tuple[int, bytes, bytes] | None:
    """Exit code, stdout and stderr of the command run here; None when a process would differ."""
    if not _faithful_env(env):
        return None
    with _as_a_new_process(args, env, cwd, merged=merged) as (out, err):
        if not _consoles_as_in_a_new_process(env):
            return None
        code = _call_the_app(args, prog)
        sys.stdout.flush()
        sys.stderr.flush()
        return code, out.getvalue(), err.getvalue()


def _faithful_env(env: Mapping[str, str]) -> bool:
    """Whether this environment keeps the new process's streams UTF-8 and its output plain."""
    encoding = env.get("PYTHONIOENCODING", "utf-8").lower().replace("-", "")
    return encoding == "utf8" and not any(env.get(v) for v in _COLOUR_VARIABLES)


@contextlib.contextmanager
def _as_a_new_process(
    args: Sequence[str], env: Mapping[str, str], cwd: Path | None, *, merged: bool = False
) -> Iterator[tuple[io.BytesIO, io.BytesIO]]:
    """This process made to look like the new one: environment, folder, argv, streams, warnings."""
    from vn_iso_qms._internal import cli_i18n

    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_streams = (sys.stdin, sys.stdout, sys.stderr)
    saved_argv = sys.argv
    saved_lang = cli_i18n.current()
    out = io.BytesIO()
    err = out if merged else io.BytesIO()
    # PYTHONIOENCODING=utf-8 keeps stdout strict; otherwise a UTF-8 (coerced C) locale gives
    # surrogateescape. stderr is backslashreplace either way.
    out_errors = "strict" if "PYTHONIOENCODING" in env else "surrogateescape"
    try:
        os.environ.clear()
        os.environ.update(env)
        if cwd is not None:
            os.chdir(cwd)
        sys.argv = [str(Path(cli_i18n.__file__).parents[1] / "__main__.py"), *args]
        sys.stdin = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
        unbuffered = bool(env.get("PYTHONUNBUFFERED"))
        sys.stdout = io.TextIOWrapper(
            out, encoding="utf-8", errors=out_errors, write_through=unbuffered
        )
        sys.stderr = io.TextIOWrapper(
            err, encoding="utf-8", errors="backslashreplace", write_through=True
        )
        with warnings.catch_warnings():
            warnings.resetwarnings()  # a new interpreter's filters, not pytest's "error"
            for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning):
                warnings.simplefilter("ignore", category)
            warnings.simplefilter("ignore", ResourceWarning)
            warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
            yield out, err
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(ValueError):
                stream.flush()
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        sys.argv = saved_argv
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        cli_i18n.use(saved_lang)


def _consoles_as_in_a_new_process(env: Mapping[str, str]) -> bool:
    """Whether the command line's consoles render here as in a new process with `env`.

    They were made when the module was imported: a colour system or a width fixed then (a
    terminal, COLUMNS in pytest's own environment) would differ from the new process's.
    """
    from typer import rich_utils

    from vn_iso_qms._internal import cli

    columns = env.get("COLUMNS", "")
    width = int(columns) if columns.isdigit() else 80
    consoles = (cli.console, cli.err)
    return (
        rich_utils.FORCE_TERMINAL is None
        and rich_utils.MAX_WIDTH is None
        and all(c.color_system is None and not c.is_terminal for c in consoles)
        and all(c.size.width == width for c in consoles)
    )


def _call_the_app(args: Sequence[str], prog: str) -> int:
    """The command's exit code, as the interpreter would turn its end into one."""
    from vn_iso_qms._internal import cli

    try:
        cli.app(args=list(args), prog_name=prog)
    except SystemExit as exc:
        if exc.code is None:
            return 0
        if isinstance(exc.code, int):
            return exc.code & 0xFF
        print(exc.code, file=sys.stderr)
        return 1
    except BaseException:  # what a new process prints as a traceback before exiting with 1
        traceback.print_exc()
        return 1
    return 0


def fill(path: Path, rows: dict[str, list[dict[str, Any]]], out: Path | None = None) -> None:
    """Type rows into a template, by the column keys of its hidden row 1, from row 3."""
    wb = load_workbook(path)
    for sheet_name, records in rows.items():
        ws = wb[sheet_name]
        keys = {c.value: c.column for c in ws[1] if c.value}
        for r, record in enumerate(records, start=3):
            for key, value in record.items():
                ws.cell(r, keys[key], value)
    wb.save(out or path)
