"""The test helper that runs the command line in the test's own process says what a new one says.

`tests/cli/helpers.invoke` saves the interpreter's start on most command-line tests; these tests
keep it honest: the same exit code, stdout and stderr as a real `python -m vn_iso_qms` for help,
usage errors, data errors, I/O errors and reports in both languages; a crash still shows as a
traceback with exit code 1; and nothing of the run stays behind in the test process.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import pytest

from tests.cli.helpers import ENV, _faithful_env, _in_process, invoke
from vn_iso_qms._internal import cli, cli_i18n


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("in-process")
    done = invoke(["demo", "--export-dataset", "d.json", "-o", "r.md"], ENV, work, process=True)
    assert done.returncode == 0, done.stderr
    (work / "bad.json").write_text('{"version": 1, "agencies": [{"id": 3}]}', encoding="utf-8")
    return work


CASES = {
    "version": ("vi", ["--version"]),
    "help": ("vi", ["--help"]),
    "command-help": ("en", ["report", "--help"]),
    "no-command": ("vi", []),
    "unknown-command-vi": ("vi", ["repot"]),
    "unknown-command-en": ("en", ["repot"]),
    "missing-option": ("vi", ["report", "d.json"]),
    "bad-date": ("en", ["evaluate", "d.json", "--as-of", "31/12/2023"]),
    "missing-file": ("vi", ["validate", "khong-co.json"]),
    "bad-data-en": ("en", ["validate", "bad.json"]),
    "bad-data-vi": ("vi", ["validate", "bad.json"]),
    "report-markdown": ("vi", ["report", "d.json", "--period", "2023", "-f", "markdown"]),
    "report-json": ("en", ["report", "d.json", "--period", "2023", "-f", "json"]),
    "rules": ("en", ["rules"]),
}
"""Per case: VN_ISO_QMS_LANG and the arguments."""


@pytest.mark.parametrize("name", sorted(CASES))
def test_in_process_gives_what_a_new_process_gives(folder: Path, name: str) -> None:
    lang, args = CASES[name]
    env = {**ENV, "VN_ISO_QMS_LANG": lang}
    here = invoke(args, env, folder)
    there = invoke(args, env, folder, process=True)
    assert (here.returncode, here.stdout, here.stderr) == (
        there.returncode,
        there.stdout,
        there.stderr,
    )
    assert here.stdout or here.stderr, "the command printed nothing: the capture is broken"


def test_a_crash_in_process_is_a_traceback_and_exit_1(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash() -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "_version", crash)
    done = invoke(["--version"], ENV, folder)
    assert done.returncode == 1
    assert "Traceback (most recent call last)" in done.stderr
    assert "RuntimeError: boom" in done.stderr


def test_nothing_of_the_run_stays_in_the_test_process(folder: Path) -> None:
    before = (dict(os.environ), os.getcwd(), sys.argv, sys.stdout, sys.stderr, sys.stdin)
    filters = list(warnings.filters)
    language = cli_i18n.current()
    done = invoke(["validate", "d.json", "--lang", "en"], {**ENV, "HOME": "/nowhere"}, folder)
    assert done.returncode == 0, done.stderr
    after = (dict(os.environ), os.getcwd(), sys.argv, sys.stdout, sys.stderr, sys.stdin)
    assert after == before
    assert warnings.filters == filters
    assert cli_i18n.current() == language


def test_the_helper_does_run_in_this_process() -> None:
    # else every command-line test would silently pay for a new process (pytest-xdist's workers
    # set COLUMNS=80, which the consoles would have fixed at import: tests/conftest.py)
    done = _in_process(["--version"], ENV, None)
    assert done is not None
    assert done[0] == 0
    assert done[1].startswith(b"vn-iso-qms ")


def test_an_environment_a_process_would_read_differently_runs_a_process() -> None:
    assert _faithful_env(ENV)
    assert _faithful_env({"PATH": ""})
    assert not _faithful_env({**ENV, "PYTHONIOENCODING": "cp1258"})
    assert not _faithful_env({**ENV, "FORCE_COLOR": "1"})
    assert not _faithful_env({**ENV, "TERMINAL_WIDTH": "60"})
