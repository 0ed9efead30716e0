"""The analyst's commands speak Vietnamese by default, help and error frames included.

Run as a person runs them: no `--lang`, no VN_ISO_QMS_LANG. Whatever the input (a JSON dataset
or a workbook), the words typer and click print around the results ("Usage:", "Try … for
help", the "Error", "Options", "Arguments" and "Commands" panels, "Invalid value", "Show this
message and exit.") must not appear; with `--lang en` they do.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from tests.cli.helpers import run
from vn_iso_qms._internal import cli_i18n
from vn_iso_qms._internal.cli import app

CHROME_EN = re.compile(
    r"\bUsage\b|\bTry\b|\bError\b|\berror\b|Invalid value|\bOptions\b|\bArguments\b|"
    r"\bCommands\b|Show this message|\[default|\[required\]|Missing (option|argument)|"
    r"No such (option|command)|\bwritten to\b|\bvalid:"
)
"""English words of typer's and click's frame, and of the command line's own messages."""


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("vi")
    assert run(folder, "demo", "--export-dataset", "d.json", "-o", "r.md").returncode == 0
    assert (
        run(
            folder, "demo", "--year", "2025", "--export-dataset", "d25.json", "-o", "r25.md"
        ).returncode
        == 0
    )
    assert run(folder, "template", "mau.xlsx").returncode == 0
    return folder


def _vietnamese(result_out: str) -> None:
    found = CHROME_EN.findall(result_out)
    assert not found, f"English chrome {found} in:\n{result_out}"


ANALYST_COMMANDS = ("template", "import", "validate", "report", "rollup", "carry")


@pytest.mark.parametrize("command", [*ANALYST_COMMANDS, None])
def test_help_is_vietnamese(work: Path, command: str | None) -> None:
    args = [command, "--help"] if command else ["--help"]
    result = run(work, *args, lang="default")
    assert result.returncode == 0, result.stderr
    _vietnamese(result.stdout + result.stderr)
    assert "Cách dùng:" in result.stdout
    assert "Tùy chọn" in result.stdout
    english = run(work, *args, "--lang", "en", lang="default")
    assert "Usage:" in english.stdout
    assert "Options" in english.stdout
    assert "Cách dùng" not in english.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("template", "mau-2.xlsx"),
        ("import", "mau.xlsx", "-o", "mau.json"),
        ("validate", "d.json"),
        ("validate", "mau.xlsx"),
        ("report", "d.json", "--period", "2023"),
        ("report", "d.json", "--period", "2023", "-o", "r.txt"),
        ("rollup", "d.json", "--period", "2023"),
        ("carry", "d25.json", "--year", "2026", "-o", "c.json", "--report", "c.md"),
    ],
)
def test_commands_answer_in_vietnamese(work: Path, args: tuple[str, ...]) -> None:
    result = run(work, *args, lang="default")
    assert result.returncode == 0, result.stderr
    _vietnamese(result.stdout + result.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ("report", "d.json", "--period", "abc"),
        ("report", "d.json"),
        ("report", "d.json", "--period", "2023", "--bogus"),
        ("repot", "d.json"),
        ("rollup", "d.json", "--period", "2023", "--format", "xml"),
        ("validate", "khong-co.json"),
        ("carry", "d.json", "--year", "2026", "-o", "x.md"),
        ("template", "mau"),
        ("import", "d.json", "-o", "x.json"),
        ("report", "d.json", "--period", "2023", "extra"),
    ],
)
def test_usage_errors_are_framed_in_vietnamese(work: Path, args: tuple[str, ...]) -> None:
    result = run(work, *args, lang="default")
    assert result.returncode in (2, 4), result.stderr
    _vietnamese(result.stdout + result.stderr)
    assert "Lỗi" in result.stderr or "lỗi" in result.stderr


def test_one_language_per_run_whatever_the_input(work: Path) -> None:
    """The JSON dataset and the workbook answer in the same language."""
    json_run = run(work, "validate", "d.json", lang="default")
    assert json_run.stdout.startswith("hợp lệ: ")
    assert "Cơ quan, đơn vị:" in json_run.stdout  # the sheet, not `agencies`
    assert "agencies" not in json_run.stdout
    english = run(work, "validate", "d.json", "--lang", "en", lang="default")
    assert english.stdout.startswith("valid: ")
    assert "Agencies:" in english.stdout
    by_env = run(work, "validate", "mau.xlsx", lang="en")
    assert "valid: " in by_env.stdout


def test_rollup_total_and_carry_dates_in_vietnamese(work: Path) -> None:
    rollup = run(work, "rollup", "d.json", "--period", "2023", lang="default")
    assert "| **Tổng cộng** |" in rollup.stdout
    assert "Total" not in rollup.stdout
    carry = (work / "c.md").read_text("utf-8")
    assert "01/07/2025" in carry  # the reform's day, as Vietnamese write it
    assert "2025-07-01" not in carry


def test_every_help_text_has_its_vietnamese() -> None:
    """A help text added in English without its Vietnamese fails here."""
    group = typer.main.get_command(app)
    missing: list[str] = []

    def visit(command: object, name: str) -> None:
        helps = [getattr(p, "help", None) for p in getattr(command, "params", [])]
        for text in helps:
            if text and not cli_i18n.is_vietnamese(text) and cli_i18n.help_text(text, "vi") == text:
                missing.append(f"{name}: {text}")
        own = getattr(command, "help", None)
        if own and not cli_i18n.is_vietnamese(own) and name not in cli_i18n.COMMANDS_VI:
            missing.append(f"{name} (command): {own[:60]}")
        for sub_name, sub in getattr(command, "commands", {}).items():
            visit(sub, sub_name)

    visit(group, "")
    missing = [m for m in missing if not m.startswith(" (command)")]
    assert not missing, "help without Vietnamese:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ([], {}, "vi"),
        (["report", "--lang", "en"], {}, "en"),
        (["report", "--lang=en"], {}, "en"),
        (["report"], {"VN_ISO_QMS_LANG": "en"}, "en"),
        (["report", "--lang", "vi"], {"VN_ISO_QMS_LANG": "en"}, "vi"),
        (["report", "--", "--lang", "en"], {}, "vi"),
        (["report"], {"VN_ISO_QMS_LANG": "fr"}, "vi"),
    ],
)
def test_language_of_a_run(args: list[str], env: dict[str, str], expected: str) -> None:
    assert cli_i18n.language_of(args, env) == expected


def test_click_messages_translate() -> None:
    assert (
        cli_i18n.error_message("Missing option '--period'.", "vi") == "Thiếu tùy chọn '--period'."
    )
    assert cli_i18n.error_message("No such command 'repot'. Did you mean 'report'?", "vi") == (
        "Không có lệnh 'repot'. Có phải ý bạn là 'report'?"
    )
    assert cli_i18n.error_message("Missing option '--period'.", "en") == (
        "Missing option '--period'."
    )
