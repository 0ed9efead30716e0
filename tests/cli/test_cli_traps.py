"""One test per trap of issue 15, each written so that it fails on the command line before it.

The traps: output formats that did not follow the file name, help that listed formats a command
refused, commands without --output, a template written over a filled workbook, a broken pipe
exiting 1, a folder exiting 3, no --version / -h, a bare command exiting 2, import accepting
JSON, English-only messages with field names and ISO dates, child-sheet problems reported at the
parent's row, two-field problems without cells, an instruction sheet for programmers, no "did
you mean", invisible characters, machine headers in the report workbook, the 1/3 minimum read
as an achievement, and an empty "Lý do" column for units that are not applicable.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli.helpers import CLI, ENV, fill, run
from vn_iso_qms import InvalidDataError
from vn_iso_qms._internal.cli import EXTENSIONS, FORMATS
from vn_iso_qms._internal.spreadsheet import SheetProblem
from vn_iso_qms.spreadsheet import import_workbook


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the demo dataset as d.json and an empty template as mau.xlsx."""
    folder = tmp_path_factory.mktemp("traps")
    made = run(folder, "demo", "--export-dataset", "d.json", "--output", "demo.md")
    assert made.returncode == 0, made.stderr
    assert run(folder, "template", "mau.xlsx").returncode == 0
    return folder


# --- 1. formats follow the output file; help lists exactly what is accepted ------------------


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("r.xlsx", lambda p: zipfile.is_zipfile(p) and "Tổng hợp" in load_workbook(p).sheetnames),
        ("r.csv", lambda p: p.read_text("utf-8").startswith("figure,label,value")),
        ("r.json", lambda p: "figures" in json.loads(p.read_text("utf-8"))),
        ("r.md", lambda p: p.read_text("utf-8").startswith("# Báo cáo")),
    ],
)
def test_the_output_format_follows_the_file_extension(
    work: Path, tmp_path: Path, name: str, check: object
) -> None:
    out = tmp_path / name
    result = run(work, "report", "d.json", "--period", "2023", "--output", str(out), lang="vi")
    assert result.returncode == 0, result.stderr
    assert callable(check)
    assert check(out), out.read_bytes()[:80]


def test_a_format_that_contradicts_the_file_name_is_refused_before_writing(
    work: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.xlsx"
    result = run(
        work, "report", "d.json", "--period", "2023", "-f", "markdown", "-o", str(out), lang="en"
    )
    assert result.returncode == 2
    assert "does not match the output file 'r.xlsx'" in result.stderr
    assert not out.exists()
    unknown = run(work, "report", "d.json", "--period", "2023", "-o", str(tmp_path / "r.docx"))
    assert unknown.returncode == 2
    assert "cannot tell the output format" in unknown.stderr


@pytest.mark.parametrize("command", sorted(c for c, f in FORMATS.items() if len(f) > 1))
def test_help_lists_exactly_the_formats_the_command_accepts(work: Path, command: str) -> None:
    shown = run(work, command, "-h").stdout
    metavar = re.search(r"--format\s+-f\s+\[([a-z|\s│]+)\]", shown)
    assert metavar is not None, shown
    listed = re.sub(r"[\s│]", "", metavar[1]).split("|")
    assert tuple(listed) == FORMATS[command]
    args = {
        "demo": [],
        "report": ["d.json", "--period", "2023"],
        "evaluate": ["d.json", "--as-of", "31/12/2023", "--agency", "so-tu-phap"],
        "validate": ["d.json"],
        "completeness": ["d.json"],
        "rollup": ["d.json", "--period", "2023"],
        "compare": ["d.json", "--period", "2023"],
        "rules": [],
        "carry": ["d.json", "--year", "2024", "-o", "carried.json", "--force"],
    }[command]
    for fmt in listed:
        extra = ["-o", f"out-{command}.{fmt}", "--force"] if fmt == "xlsx" else []
        result = run(work, command, *args, "--format", fmt, *extra)
        assert result.returncode == 0, (command, fmt, result.stderr)


@pytest.mark.parametrize(
    ("command", "args", "name", "marker"),
    [
        ("rollup", ["d.json", "--period", "2023"], "rollup.md", "| Province |"),
        ("rollup", ["d.json", "--period", "2023"], "rollup.json", '"rows"'),
        ("compare", ["d.json", "--period", "2023"], "compare.md", "reporting_year+ceil"),
        ("compare", ["d.json", "--period", "2023"], "compare.json", '"names"'),
        ("rules", [], "rules.json", '"yearly_internal_audit"'),
        ("rules", [], "rules.txt", "yearly_internal_audit"),
        ("validate", ["d.json"], "valid.txt", "valid: "),
        ("schema", ["--record", "Agency"], "agency.schema.json", '"title": "Agency"'),
        ("evaluate", ["d.json", "--as-of", "31/12/2023"], "ev.txt", "Sở Tư pháp"),
    ],
)
def test_every_command_that_prints_can_write_with_output_and_says_so(
    work: Path, tmp_path: Path, command: str, args: list[str], name: str, marker: str
) -> None:
    out = tmp_path / name
    result = run(work, command, *args, "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert marker in out.read_text("utf-8")
    assert result.stderr.strip().endswith(f"written to {out}"), result.stderr
    assert result.stdout == ""


# --- 2. no lost work ------------------------------------------------------------------------


def test_template_never_overwrites_a_filled_workbook_without_force(work: Path) -> None:
    filled = work / "filled.xlsx"
    fill(work / "mau.xlsx", {"Cơ quan, đơn vị": [{"id": "so-tp", "name": "Sở Tư pháp"}]}, filled)
    before = filled.read_bytes()
    refused = run(work, "template", "filled.xlsx")
    assert refused.returncode == 2
    assert "--force" in refused.stderr
    assert filled.read_bytes() == before
    forced = run(work, "template", "filled.xlsx", "--force")
    assert forced.returncode == 0, forced.stderr
    assert load_workbook(filled)["Cơ quan, đơn vị"]["A3"].value is None


@pytest.mark.parametrize(
    "args",
    [
        ["report", "d.json", "--period", "2023", "-o", "exists.md"],
        ["import", "mau.xlsx", "-o", "exists.json"],
        ["schema", "-o", "exists.json"],
        ["demo", "--export-dataset", "exists.json"],
    ],
)
def test_no_command_replaces_an_existing_file_without_force(work: Path, args: list[str]) -> None:
    target = work / args[-1]
    target.write_text("precious", encoding="utf-8")
    result = run(work, *args)
    assert result.returncode == 2, result.stderr
    assert "already exists; add --force" in result.stderr or "đã có; thêm --force" in result.stderr
    assert target.read_text(encoding="utf-8") == "precious"


def test_a_failed_write_is_exit_4_and_leaves_nothing_behind(work: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    result = run(work, "report", "d.json", "--period", "2023", "-o", str(blocker / "r.md"))
    assert result.returncode == 4, result.stderr
    assert "cannot write" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


# --- 3. Unix habits -------------------------------------------------------------------------


def _into_closed_pipe(cwd: Path, *args: str) -> int:
    """Run with stdout a pipe whose reader is already gone: every write fails with EPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [*CLI, *args], stdout=write_end, stderr=subprocess.PIPE, cwd=cwd, env=ENV, check=False
        )
    finally:
        os.close(write_end)
    assert b"Traceback" not in proc.stderr, proc.stderr
    return proc.returncode


@pytest.mark.parametrize(
    "args",
    [["demo"], ["validate", "d.json"], ["report", "d.json", "--period", "2023", "-f", "markdown"]],
)
def test_a_reader_that_goes_away_is_a_clean_exit_0(work: Path, args: list[str]) -> None:
    assert _into_closed_pipe(work, *args) == 0


def test_demo_piped_into_head_exits_0(work: Path) -> None:
    shell = subprocess.run(
        ["bash", "-c", "set -o pipefail; " + " ".join(CLI) + " demo | head -3 > /dev/null"],
        cwd=work,
        env={**ENV, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        check=False,
    )
    assert shell.returncode == 0, shell.stderr


def test_version_h_and_a_bare_command(work: Path) -> None:
    version = run(work, "--version")
    assert version.returncode == 0
    assert re.fullmatch(r"vn-iso-qms \S+\n", version.stdout)
    short = run(work, "report", "-h")
    assert short.returncode == 0
    assert "--period" in short.stdout
    bare = run(work)
    assert bare.returncode == 0, bare.stderr
    assert "evaluate" in bare.stdout
    assert bare.stderr == ""


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["validate", "d.json"], 0),
        (["validate", "d.json", "--nope"], 2),
        (["evaluate", "d.json", "--as-of", "31/13/2023"], 2),
        (["report", "d.json", "--period", "2023", "-f", "xlsx"], 2),
        (["validate", "mau-bad.xlsx"], 3),
        (["validate", "missing.json"], 4),
        (["validate", "."], 4),
        (["report", ".", "--period", "2023"], 4),
    ],
)
def test_each_exit_code_as_documented(work: Path, args: list[str], code: int) -> None:
    fill(
        work / "mau.xlsx",
        {"Cơ quan, đơn vị": [{"id": "x", "name": "X", "kind": "khong-co"}]},
        work / "mau-bad.xlsx",
    )
    result = run(work, *args)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr


def test_import_refuses_json(work: Path) -> None:
    result = run(work, "import", "d.json", "--output", "again.json")
    assert result.returncode == 2
    assert "not 'd.json'" in result.stderr or "không phải 'd.json'" in result.stderr
    assert not (work / "again.json").exists()


@pytest.mark.parametrize("command", ["template", "import"])
def test_workbook_commands_write_what_their_file_names_say(work: Path, command: str) -> None:
    args = ["template", "t.csv"] if command == "template" else ["import", "mau.xlsx", "-o", "d.md"]
    result = run(work, *args)
    assert result.returncode == 2
    assert not (work / args[-1]).exists()


# --- 4. messages for analysts ---------------------------------------------------------------


def _workbook_problems(work: Path, rows: dict[str, list[dict[str, object]]]) -> list[SheetProblem]:
    path = work / "case.xlsx"
    fill(work / "mau.xlsx", rows, path)
    with pytest.raises(InvalidDataError) as exc:
        import_workbook(path)
    problems = [p for p in exc.value.problems if isinstance(p, SheetProblem)]
    assert len(problems) == len(exc.value.problems)
    return problems


def test_a_two_field_problem_names_both_cells_with_dates_as_typed(work: Path) -> None:
    rows: dict[str, list[dict[str, object]]] = {
        "Cơ quan, đơn vị": [
            {
                "id": "so-tp",
                "name": "Sở Tư pháp",
                "kind": "Công an tỉnh",
                "valid_from": "1/4/2008",
                "valid_to": "01/01/2001",
            }
        ]
    }
    (problem,) = _workbook_problems(work, rows)
    assert problem.code == "date_order"
    assert problem.cells == ("I3", "H3")
    assert problem.columns == ("Hiệu lực đến ngày", "Hiệu lực từ ngày")
    assert "'1/4/2008'" in problem.detail_vi  # as typed, not 2008-04-01
    assert "sớm hơn" in problem.detail_vi
    assert "valid_to" not in problem.text("vi")
    assert "'Valid to'" not in problem.detail_en  # titles as the file shows them (Vietnamese)
    assert "'Hiệu lực đến ngày'" in problem.detail_en


def test_a_mistake_in_a_child_sheet_is_reported_at_the_child_row(work: Path) -> None:
    rows: dict[str, list[dict[str, object]]] = {
        "Cơ quan, đơn vị": [{"id": "so-tp", "name": "Sở Tư pháp", "kind": "Công an tỉnh"}],
        "HTQLCL": [
            {"id": "q", "name": "HTQLCL", "owner_agency_id": "so-tp", "agency_ids": "so-tp"}
        ],
        "Sự không phù hợp": [
            {
                "id": "n",
                "qms_id": "q",
                "source": "Khác",
                "raised_on": "10/05/2023",
                "grade": "Không phù hợp nhẹ",
                "description": "x",
            }
        ],
        "Hành động khắc phục": [
            {"id": "a", "nonconformity_id": "n", "responsible": "VP", "due_on": "09/06/2023"}
        ],
        "Nhật ký khắc phục": [
            {"corrective_action_id": "a", "state": "Đề xuất", "on": "12/05/2023"},
            {"corrective_action_id": "a", "state": "Đã phê duyệt", "on": "10/05/2023"},
        ],
    }
    (problem,) = _workbook_problems(work, rows)
    assert problem.sheet == "Nhật ký khắc phục"
    assert problem.row == 4
    assert problem.cells == ("C4", "C3")
    assert "'10/05/2023'" in problem.detail_vi


def test_did_you_mean_and_invisible_characters(work: Path) -> None:
    rows: dict[str, list[dict[str, object]]] = {
        "Cơ quan, đơn vị": [
            {"id": "so-tp", "name": "Sở Tư pháp", "kind": "Cong an tinh"},
            {"id": "so-yt", "name": "Sở Y tế", "kind": "Công an tỉnh", "parent_id": "so-tp\u00a0"},
        ],
    }
    problems = _workbook_problems(work, rows)
    kind = next(p for p in problems if p.code == "unknown_code")
    assert "có phải ý bạn là 'Công an tỉnh'?" in kind.detail_vi
    assert "did you mean 'Provincial police'" in kind.detail_en
    space = next(p for p in problems if p.cells == ("G4",))
    assert "'so-tp<NBSP>'" in space.detail_vi
    option = run(work, "report", "d.json", "--period", "2023", "--format", "markdwn")
    assert option.returncode == 2
    assert "did you mean 'markdown'?" in option.stderr
    record = run(work, "schema", "--record", "Agncy")
    assert record.returncode == 2
    assert "did you mean 'Agency'?" in record.stderr


def test_english_messages_on_request(work: Path) -> None:
    fill(
        work / "mau.xlsx",
        {"Cơ quan, đơn vị": [{"id": "x", "name": "X", "kind": "khong-co"}]},
        work / "en.xlsx",
    )
    vi = run(work, "validate", "en.xlsx")
    en = run(work, "validate", "en.xlsx", "--lang", "en")
    assert vi.stderr.startswith("Bảng tính có lỗi: 1 lỗi\n  - Trang 'Cơ quan, đơn vị', dòng 3")
    assert en.stderr.startswith(
        "invalid workbook: 1 problem(s)\n  - Sheet 'Cơ quan, đơn vị', row 3"
    )


# --- 5. the instruction sheet ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_instruction_sheet_is_written_for_people(tmp_path: Path, lang: str) -> None:
    made = run(tmp_path, "template", "t.xlsx", "--lang", lang)
    assert made.returncode == 0, made.stderr
    wb = load_workbook(tmp_path / "t.xlsx")
    sheet = wb["Hướng dẫn" if lang == "vi" else "Instructions"]
    text = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    joined = "\n".join(text)
    for word in ("None", "True", "False", "][", "vn_iso_qms.", "valid_from", "owner_agency_id"):
        assert word not in joined, word
    header = next(i for i, v in enumerate(text) if v in ("Ví dụ", "Example"))
    assert text[header - 3 : header + 2] == (
        ["Cột", "Bắt buộc", "Cách nhập", "Ví dụ", "Ý nghĩa"]
        if lang == "vi"
        else ["Column", "Required", "How to type it", "Example", "Meaning"]
    )
    rows = [
        r for r in sheet.iter_rows(values_only=True) if r[1] in ("Hiệu lực từ ngày", "Valid from")
    ]
    assert rows
    assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", str(r[4])) for r in rows)
    kinds = [r for r in sheet.iter_rows(values_only=True) if r[1] in ("Loại cơ quan", "Kind")]
    assert kinds[0][4] in ("Ủy ban nhân dân tỉnh", "Provincial People's Committee")
    comment = wb["Cơ quan, đơn vị" if lang == "vi" else "Agencies"]["D2"].comment
    assert comment is not None
    # the comment starts with what a person needs, not the column's machine key
    assert comment.text.split("\n")[0].startswith(("Bắt buộc.", "Required."))


# --- 6. reports that read like the seed -----------------------------------------------------


def test_the_report_workbook_has_vietnamese_headers_and_codes_last(work: Path) -> None:
    out = work / "headers.xlsx"
    result = run(work, "report", "d.json", "--period", "2023", "-o", str(out), "--force")
    assert result.returncode == 0, result.stderr
    machine = {"key", "code", "rule", "id", "value", "total", "%"}
    for ws in load_workbook(out).worksheets:
        header = [c.value for c in ws[1]]
        assert not machine & set(header), (ws.title, header)
        codes = [h for h in header if str(h).startswith("Mã ")]
        assert header[len(header) - len(codes) :] == codes, (ws.title, header)


def test_the_minimum_on_site_figure_reads_required_slash_done(work: Path) -> None:
    table = run(work, "report", "d.json", "--period", "2023", lang="vi")
    assert "12/36 (33.3%)" not in table.stdout
    assert re.search(
        r"số tối thiểu phải kiểm tra \(1/3 của 36 đơn vị\) / đã kiểm tra", table.stdout
    )
    assert re.search(r"│\s+12 / 20 │", table.stdout)
    md = run(work, "report", "d.json", "--period", "2023", "-f", "markdown", "--lang", "en")
    assert (
        "| On-site inspections: required minimum (1/3 of 36 units) / done | 12 / 20 |" in md.stdout
    )
    compare = run(work, "compare", "d.json", "--period", "2023", "--lang", "en")
    assert (
        "| On-site inspections: required minimum (1/3 of 36 units) / done | 12 / 20 | 12 / 20 |"
        in compare.stdout
    )


def test_evaluate_gives_reasons_for_not_applicable_units(work: Path) -> None:
    result = run(
        work,
        "evaluate",
        "d.json",
        "--as-of",
        "31/12/2023",
        "--agency",
        "so-tu-phap",
        "--lang",
        "en",
    )
    assert result.returncode == 0, result.stderr
    row = result.stdout.split("Sở Tư pháp", 1)[1]
    assert "Not applicable" in row
    assert "On plan:" in row  # the not-applicable verdict's reason is listed


def test_extension_table_matches_every_format() -> None:
    assert set(EXTENSIONS.values()) == {f for formats in FORMATS.values() for f in formats}
