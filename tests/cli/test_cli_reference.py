"""The command reference page is generated from the command line and kept in sync with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.helpers import run
from vn_iso_qms._internal.cli import COMMAND_EXITS, EXIT_CODES, FORMATS
from vn_iso_qms._internal.cli_reference import (
    PAGE,
    PAGE_VI,
    command_reference,
    command_reference_vi,
)

ROOT = Path(__file__).resolve().parents[2]


def _page() -> str:
    return (ROOT / PAGE).read_text(encoding="utf-8")


def _section(name: str) -> str:
    page = _page()
    start = page.index(f"\n### {name}\n")
    end = page.find("\n### ", start + 1)
    if end < 0:
        end = page.index("\n## Exit codes")
    return page[start:end]


def test_the_vietnamese_page_is_what_the_command_line_generates() -> None:
    page = (ROOT / PAGE_VI).read_text(encoding="utf-8")
    assert page == command_reference_vi(), (
        "docs/vi/lenh.md is stale: run `.venv/bin/python scripts/cli_reference.py`"
    )


def test_the_page_is_what_the_command_line_generates() -> None:
    assert _page() == command_reference(), (
        "docs/reference/cli.md is stale: run `.venv/bin/python scripts/cli_reference.py`"
    )


@pytest.mark.parametrize("command", sorted(FORMATS))
def test_every_option_the_help_shows_is_on_the_page(tmp_path: Path, command: str) -> None:
    shown = run(tmp_path, command, "--help")
    assert shown.returncode == 0, shown.stderr
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", shown.stdout)) - {"--help"}
    assert options, shown.stdout
    section = _section(command)
    for option in sorted(options):
        assert f"`{option}`" in section, (command, option)
    for fmt in FORMATS[command]:
        assert f"`{fmt}`" in section, (command, fmt)
    codes = re.search(r"Exit codes: ([\d, ]+)", section)
    assert codes is not None
    assert tuple(int(c) for c in codes[1].split(", ")) == COMMAND_EXITS[command]


def test_every_exit_code_is_explained_and_the_page_is_on_the_site() -> None:
    page = _page()
    table = page[page.index("## Exit codes") :]
    for code in EXIT_CODES:
        assert re.search(rf"^\| {code} \| ", table, re.MULTILINE), code
    assert "reference/cli.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "(../reference/cli.md" in (ROOT / "docs/how-to/spreadsheets.md").read_text("utf-8")
