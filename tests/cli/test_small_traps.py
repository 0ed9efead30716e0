"""The "small traps" of issue 27, one test each, written to fail if the trap comes back.

`report … --output r.txt` wrote Markdown although the reference says a table; `template mau`
suggested `--format`, which `template` does not have; `validate x.csv` pointed to a Python
function instead of a command; `carry --help` said the report's format follows `--output` when
it follows `--report`. (The tutorial's `DocumentApproval`: tests/docs/test_tutorial.py;
`help()` and `dir()`: tests/unit/test_help_and_dir.py.)
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tests.cli.helpers import run

ROOT = Path(__file__).resolve().parents[2]
SO = "Cơ quan chuyên môn thuộc UBND tỉnh (sở, ban, ngành)"
HEADER = [
    "Mã định danh",
    "Tên cơ quan, đơn vị",
    "Loại cơ quan",
    "Đơn vị hành chính (mã định danh)",
]


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2023 demo dataset as d.json."""
    folder = tmp_path_factory.mktemp("small-traps")
    made = run(folder, "demo", "--export-dataset", "d.json", "-o", "demo.md")
    assert made.returncode == 0, made.stderr
    return folder


def _flat(text: str) -> str:
    """Help or an error box as one line: the box's borders and the wrapping removed."""
    return re.sub(r"[\s│╭╮╰╯─]+", " ", text)


# --- report … --output r.txt ----------------------------------------------------------------


def test_the_reference_says_txt_is_the_table() -> None:
    reference = (ROOT / "docs" / "reference" / "cli.md").read_text("utf-8")
    assert "(`.txt` table," in reference
    assert "(`.txt` bảng," in (ROOT / "docs" / "vi" / "lenh.md").read_text("utf-8")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_report_to_a_txt_file_writes_the_terminal_table(
    work: Path, tmp_path: Path, lang: str
) -> None:
    out = tmp_path / "r.txt"
    written = run(work, "report", "d.json", "--period", "2023", "-o", str(out), lang=lang)
    assert written.returncode == 0, written.stderr
    shown = run(work, "report", "d.json", "--period", "2023", lang=lang)
    assert shown.returncode == 0, shown.stderr
    text = out.read_text("utf-8")
    assert text == shown.stdout  # exactly what the terminal shows
    assert ("┃ Chỉ tiêu" if lang == "vi" else "┃ Indicator") in text
    assert not text.lstrip().startswith("#")  # not Markdown
    assert "| --- |" not in text


# --- template mau ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "suffix"),
    [(["template", "mau"], "….xlsx"), (["import", "mau.xlsx", "-o", "ket-qua"], "….json")],
)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_command_without_format_never_suggests_it(
    work: Path, args: list[str], suffix: str, lang: str
) -> None:
    made = run(work, "template", "mau.xlsx", "--force")
    assert made.returncode == 0, made.stderr
    command = args[0]
    helped = run(work, command, "--help", lang=lang)
    assert "--format" not in helped.stdout  # the premise: the command has no --format
    result = run(work, *args, lang=lang)
    assert result.returncode == 2, result.stderr
    message = _flat(result.stderr)
    assert "--format" not in message, message
    name = args[-1]
    if lang == "en":
        assert f"name the file {suffix}, not '{name}'" in message, message
    else:
        assert f"đặt tên tệp {suffix}, không phải '{name}'" in message, message
    assert not (work / name).exists()


# --- validate x.csv -------------------------------------------------------------------------


def test_a_csv_is_answered_with_the_command_for_it(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    unknown = run(tmp_path, "validate", "x.csv", lang="en")
    assert unknown.returncode == 2
    message = _flat(unknown.stderr)
    assert "--sheet" in message, message
    assert "import_csv" not in message  # no pointer to a Python function
    assert "vn_iso_qms.spreadsheet" not in message
    rows = [HEADER, ["so-tp", "Sở Tư pháp", SO, "p-mh"]]
    with (tmp_path / "co-quan.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    assert run(tmp_path, "validate", "co-quan.csv", lang="en").returncode == 0
    for command in ("report", "evaluate", "import"):
        extra = {
            "report": ["--period", "2023"],
            "evaluate": ["--as-of", "31/12/2023"],
            "import": ["-o", "x.json"],
        }[command]
        other = run(tmp_path, command, "co-quan.csv", *extra, lang="en")
        assert other.returncode == 2, (command, other.stderr)
        text = _flat(other.stderr)
        assert "vn-iso-qms validate" in text, (command, text)
        assert "import_csv" not in text, (command, text)


# --- carry --help ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("en", "Default: the --report file's extension (.md, .markdown, .json), else markdown."),
        ("vi", "Mặc định: theo phần mở rộng của tệp --report (.md, .markdown, .json), nếu"),
    ],
)
def test_carry_help_says_the_format_follows_report(work: Path, lang: str, says: str) -> None:
    helped = run(work, "carry", "--help", lang=lang)
    assert helped.returncode == 0, helped.stderr
    text = _flat(helped.stdout)
    assert says in text, text
    assert "--output file's extension" not in text
    assert "tệp --output" not in text


def test_carry_reads_the_format_from_report_not_output(work: Path, tmp_path: Path) -> None:
    """What the help says: the dataset goes to `--output` (.json), the report stays Markdown."""
    out = tmp_path / "carried.json"
    printed = run(work, "carry", "d.json", "--year", "2026", "-o", str(out), lang="en")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.startswith("# Registry carried into 2026")  # Markdown, not JSON
    report = tmp_path / "carry.json"
    args = ["-o", str(out), "--force", "--report", str(report)]
    to_file = run(work, "carry", "d.json", "--year", "2026", *args, lang="en")
    assert to_file.returncode == 0, to_file.stderr
    assert report.read_text("utf-8").lstrip().startswith("{")  # JSON: from --report's name
