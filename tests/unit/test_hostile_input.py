"""Hostile and careless input (issue 14): one regression test per example of the issue.

Memory checks compare tracemalloc's peak with the input's size using generous ratios; nothing
here measures wall-clock time (see benchmarks for that).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests import factories as f
from tests.cli.helpers import invoke
from tests.unit.test_spreadsheet import patch_zip, sheet_part, small_dataset

from vn_iso_qms import InvalidDataError, QmsDataset, SpreadsheetExportError, load_dataset
from vn_iso_qms._internal.errors import MAX_MESSAGE_CHARS, Problem
from vn_iso_qms._internal.evaluation.calendar import WorkingCalendar, add_days, add_months
from vn_iso_qms._internal.limits import DEFAULT_LIMITS, Limits, ProblemList, quote
from vn_iso_qms._internal.plan import Frequency, Recurrence
from vn_iso_qms._internal.policyio import load_policy
from vn_iso_qms._internal.render import (
    _md_cell,
    neutralise_csv_field,
    render_csv,
    restore_csv_field,
    write_report_xlsx,
)
from vn_iso_qms._internal.reporting import province_report
from vn_iso_qms.spreadsheet import export_workbook, import_workbook

CLI = [sys.executable, "-m", "vn_iso_qms"]
AGENCIES = "Cơ quan, đơn vị"


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m vn_iso_qms *args`, in this process when that is indistinguishable (helpers)."""
    return invoke(args, {"PATH": "", "COLUMNS": "200", "NO_COLOR": "1", **env})


def peak_of(call: Callable[[], object]) -> int:
    """tracemalloc's peak (bytes) while `call` runs (exceptions are part of the call)."""
    tracemalloc.start()
    try:
        call()
    except InvalidDataError:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def rejected(call: Callable[[], object]) -> InvalidDataError:
    with pytest.raises(InvalidDataError) as exc:
        call()
    return exc.value


def demo_doc() -> dict[str, Any]:
    from vn_iso_qms import dump_dataset
    from vn_iso_qms._internal.demo import demo_dataset

    doc: dict[str, Any] = json.loads(dump_dataset(demo_dataset()))
    return doc


# --- item 1: budgets --------------------------------------------------------------------------


def test_a_recurrence_until_9999_expands_only_within_the_evaluated_year() -> None:
    r = Recurrence(frequency=Frequency.MONTHLY, start=dt.date(2023, 1, 31), until=dt.date.max)
    window = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert len(r.due_dates(window)) == 12
    doc = demo_doc()
    planned = doc["planned_activities"][0]
    planned["due_on"] = None
    planned["recurrence"] = {"frequency": "monthly", "start": "2023-01-31", "until": "9999-12-31"}
    ds = load_dataset(json.dumps(doc).encode())
    report = province_report(ds, province_id="p-mh", year=2023)
    # before: ~96,000 due dates for this one activity (a 1 MB file with 150 reached 20 GB)
    from vn_iso_qms import evaluate

    ev = evaluate(ds, as_of=dt.date(2023, 12, 31), year=2023)
    outcomes = [
        a for v in ev.verdicts for a in v.activities if a.planned_activity_id == planned["id"]
    ]
    assert len(outcomes) == 12
    assert report.period.year == 2023


def test_the_json_error_path_holds_a_small_multiple_of_the_input() -> None:
    n = 30_000
    data = b'{"agencies":[' + b",".join([b"{}"] * n) + b"]}"
    exc = rejected(lambda: load_dataset(data))
    assert len(exc.problems) == DEFAULT_LIMITS.max_problems
    assert exc.total == 3 * n  # id, name and kind missing in each: all counted
    assert "more" in str(exc)
    peak = peak_of(lambda: load_dataset(data))
    assert peak < 60 * len(data)  # was ~1800x (3 MB: over 6 GB)


def test_a_million_dangling_ids_are_counted_not_kept() -> None:
    n = 20_000
    recs = [
        b'{"id":"a%d","name":"x","kind":"provincial_department","parent_id":"z%d"}' % (i, i)
        for i in range(n)
    ]
    data = b'{"agencies":[' + b",".join(recs) + b"]}"
    exc = rejected(lambda: load_dataset(data))
    assert len(exc.problems) == DEFAULT_LIMITS.max_problems
    assert exc.total == n
    assert peak_of(lambda: load_dataset(data)) < 40 * len(data)


def test_link_problems_among_half_bad_records_keep_their_positions() -> None:
    recs = []
    for i in range(200):
        if i % 2:
            recs.append({"id": f"a{i}", "name": "x", "kind": "provincial_department"})
        else:  # broken record: bad kind
            recs.append({"id": f"a{i}", "name": "x", "kind": "bad"})
    recs[151]["parent_id"] = "ghost"
    exc = rejected(lambda: load_dataset(json.dumps({"agencies": recs}).encode()))
    dangling = [p for p in exc.problems if p.code == "dangling_reference"]
    assert [(p.index, p.record_id) for p in dangling] == [(151, "a151")]
    assert sum(p.field == "kind" for p in exc.problems) == 100


def test_limits_are_one_frozen_object_a_caller_can_tighten() -> None:
    tight = DEFAULT_LIMITS.replace(max_problems=5)
    data = b'{"agencies":[' + b",".join([b"{}"] * 10) + b"]}"
    exc = rejected(lambda: load_dataset(data, limits=tight))
    assert len(exc.problems) == 5
    assert exc.total == 30
    with pytest.raises(ValueError, match="positive"):
        Limits(max_problems=0)
    with pytest.raises(AttributeError):
        DEFAULT_LIMITS.max_problems = 3  # type: ignore[misc]
    sink = ProblemList(2)
    sink.extend(Problem(record_type="x", code="c", message="m") for _ in range(5))
    assert (len(sink), sink.omitted) == (2, 3)


def test_messages_quote_values_short() -> None:
    assert quote("x" * 10**6).endswith("(1,000,000 characters)")
    assert len(quote("x" * 10**6)) < 120
    long = Problem(record_type="x", code="c", message="m" * 10**6)
    assert len(long.message) < MAX_MESSAGE_CHARS + 40
    # a 1 MB cell in a workbook gives a short message
    data = export_workbook(small_dataset())
    big = "9" * 1_000_000
    bad = patch_zip(
        data,
        sheet_part(data, AGENCIES),
        lambda x: x.replace(b"<t>STC</t>", f"<t>{big}</t>".encode()),
    )
    exc = rejected(lambda: import_workbook(bad))
    assert exc.problems
    assert max(len(p.message) for p in exc.problems) < 2000


def _agency_sheet(change: Callable[[str], str]) -> bytes:
    data = export_workbook(small_dataset())
    return patch_zip(data, sheet_part(data, AGENCIES), lambda x: change(x.decode()).encode())


def test_a_value_at_column_xfd_is_a_located_problem_not_a_16384_cell_walk() -> None:
    bad = _agency_sheet(
        lambda x: re.sub(
            r'(<row r="3">.*?)</row>',
            r'\1<c r="XFD3" t="inlineStr"><is><t>far</t></is></c></row>',
            x,
            count=1,
        )
    )
    exc = rejected(lambda: import_workbook(bad))
    found = [p for p in exc.problems if p.code == "too_many_columns"]
    assert found
    assert found[0].message.startswith("cell XFD3")
    assert found[0].record_type == AGENCIES
    # a merged range out to XFD is reported without walking 16,384 cells per row
    merged = _agency_sheet(
        lambda x: x.replace(
            "</sheetData>",
            '</sheetData><mergeCells count="1"><mergeCell ref="C3:XFD4"/></mergeCells>',
        )
    )
    exc = rejected(lambda: import_workbook(merged))
    assert any(p.code == "merged_cell" for p in exc.problems)
    # an empty styled cell at XFD is no problem at all
    styled = _agency_sheet(
        lambda x: re.sub(r'(<row r="3">.*?)</row>', r'\1<c r="XFD3" s="0"/></row>', x, count=1)
    )
    assert import_workbook(styled) == small_dataset()


def test_the_expansion_cap_is_relative_to_the_file() -> None:
    data = export_workbook(small_dataset())
    padded = patch_zip(data, "xl/styles.xml", lambda x: x + b" " * 3_000_000)
    exc = rejected(lambda: import_workbook(padded))  # default max_bytes: 64 MiB
    assert exc.problems[0].code == "too_large"
    assert "its own size" in exc.problems[0].message


def test_a_million_invalid_rows_give_capped_problems() -> None:
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x {r}</t></is></c></row>'
        for r in range(5, 5 + 3000)
    )
    bad = _agency_sheet(lambda x: x.replace("</sheetData>", rows + "</sheetData>"))
    exc = rejected(lambda: import_workbook(bad, limits=DEFAULT_LIMITS.replace(max_problems=100)))
    assert len(exc.problems) == 100
    assert exc.total >= 3000


# --- item 2: outputs ---------------------------------------------------------------------------


def _report_with_names(*names: str) -> Any:
    doc = demo_doc()
    for agency, name in zip(doc["agencies"], names, strict=False):
        agency["name"] = name
    ds = load_dataset(json.dumps(doc).encode())
    return province_report(ds, province_id="p-mh", year=2023)


def test_csv_reports_neutralise_formulas_and_quote_line_breaks() -> None:
    names = ('=HYPERLINK("http://x","y")', "+1", "-cmd", "@SUM(A1)", "a\rb", "'=x")
    report = _report_with_names(*names)
    text = render_csv(report)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert all(len(row) == 8 for row in rows)  # a CR no longer splits a row
    unit_names = {row[6] for row in rows[1:] if row[6]}
    for name in names:
        stored = neutralise_csv_field(name)
        assert stored in unit_names
        assert not stored.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert restore_csv_field(stored) == name
    assert neutralise_csv_field("-5") == "-5"  # numbers stay numbers


def test_markdown_cells_pass_no_html_links_or_breaks() -> None:
    cell = _md_cell("<img src=x onerror=alert(1)> [click](javascript:alert(1)) a|b\nc")
    assert not re.search(r"(?<!\\)[<>&]", cell)  # every <, > and & backslash-escaped
    assert "&lt;" not in cell  # Markdown escapes, not HTML entities
    assert "\n" not in cell
    assert not re.search(r"(?<!\\)\]\(", cell)  # no unescaped "](": no link
    assert "a\\|b" in cell


def test_the_report_workbook_refuses_characters_xml_forbids(tmp_path: Path) -> None:
    report = _report_with_names("Sở\ufffe X", "Sở\uffff Y")
    target = tmp_path / "r.xlsx"
    with pytest.raises(SpreadsheetExportError) as exc:
        write_report_xlsx(report, target)
    assert any("U+FFFE" in p.message for p in exc.value.problems)
    assert all(p.index is not None and p.message.startswith("cell ") for p in exc.value.problems)
    assert not target.exists()


def _hostile_names_dataset(tmp_path: Path) -> Path:
    doc = demo_doc()
    doc["agencies"][0]["name"] = "Sở [/] [link=http://evil]bấm[/link]"
    doc["admin_units"][0]["name"] = "Tỉnh [bold]X[/]"
    path = tmp_path / "d.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_cli_never_reads_data_as_markup(tmp_path: Path) -> None:
    path = _hostile_names_dataset(tmp_path)
    for args in (
        ("report", str(path), "--period", "2023"),
        ("evaluate", str(path), "--as-of", "2023-12-31"),
    ):
        result = run(*args)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    report = run("report", str(path), "--period", "2023", "--lang", "en")
    assert "[/]" in report.stdout or "Tỉnh [bold]X[/]" in report.stdout
    odd = tmp_path / "[/]x.json"
    missing = run("validate", str(odd))
    assert missing.returncode == 4
    assert "[/]x.json" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_the_cli_survives_a_non_utf8_terminal(tmp_path: Path) -> None:
    path = _hostile_names_dataset(tmp_path)
    for encoding in ("cp1258", "ascii"):
        result = subprocess.run(
            [*CLI, "report", str(path), "--period", "2023", "-f", "markdown"],
            capture_output=True,
            check=False,
            env={"PATH": "", "COLUMNS": "200", "NO_COLOR": "1", "PYTHONIOENCODING": encoding},
        )
        assert result.returncode == 0, result.stderr
        assert b"UnicodeEncodeError" not in result.stderr
        # a pipe gets the exact text in UTF-8, never "?" for the letters its code page lacks
        # (issue 26: replacement was silent loss); only a terminal shows replacement characters
        text = result.stdout.decode("utf-8", errors="strict")
        assert text.startswith("# ")
        assert "?" not in text.split("\n", 1)[0]


# --- item 3: dates at the edges ----------------------------------------------------------------


def test_date_arithmetic_saturates_at_the_calendar_end() -> None:
    assert add_months(dt.date.max, 1) == dt.date.max
    assert add_months(dt.date.min, -1) == dt.date.min
    assert add_days(dt.date(9999, 12, 1), 400) == dt.date.max
    assert WorkingCalendar().add_working_days(dt.date(9999, 12, 29), 10) == dt.date.max


@pytest.mark.parametrize(
    "args",
    [
        ("--period", "10000"),
        ("--period", "0"),
        ("--period", "2023", "--as-of", "9999-12-31"),
    ],
)
def test_cli_years_and_dates_out_of_range_are_usage_errors(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    path = _hostile_names_dataset(tmp_path)
    result = run("report", str(path), *args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr


# --- item 4: workbooks read exactly or rejected ------------------------------------------------


def test_rows_out_of_order_or_repeated_are_located_problems() -> None:
    def swap(x: str) -> str:
        row3 = re.search(r'<row r="3">.*?</row>', x)
        row4 = re.search(r'<row r="4">.*?</row>', x)
        assert row3
        assert row4
        return x.replace(row3[0] + row4[0], row4[0] + row3[0])

    exc = rejected(lambda: import_workbook(_agency_sheet(swap)))
    assert [(p.code, p.index) for p in exc.problems if p.code == "row_order"] == [("row_order", 3)]

    def repeat(x: str) -> str:
        row4 = re.search(r'<row r="4">.*?</row>', x)
        assert row4
        return x.replace(row4[0], row4[0] + row4[0])

    exc = rejected(lambda: import_workbook(_agency_sheet(repeat)))
    assert any(p.code == "row_order" and p.index == 4 for p in exc.problems)


def test_a_cell_given_twice_is_a_located_problem() -> None:
    bad = _agency_sheet(
        lambda x: x.replace(
            '<c r="B3" t="inlineStr"><is><t>Sở Tư pháp</t></is></c>',
            '<c r="B3" t="inlineStr"><is><t>Sở Tư pháp</t></is></c>'
            '<c r="B3" t="inlineStr"><is><t>Sở khác</t></is></c>',
        )
    )
    exc = rejected(lambda: import_workbook(bad))
    assert any(p.code == "cell_order" and p.message.startswith("cell B3") for p in exc.problems)


def test_a_malformed_typed_cell_is_a_problem_at_its_cell_and_others_still_come() -> None:
    bad = _agency_sheet(
        lambda x: x.replace("<v>39539</v>", "<v>not a number</v>").replace(
            "<t>so-tc</t>", "<t>bad id!</t>"
        )
    )
    exc = rejected(lambda: import_workbook(bad))
    cell = [p for p in exc.problems if p.code == "unreadable_cell"]
    assert cell
    assert cell[0].message.startswith("cell H3")
    assert any(p.index == 4 for p in exc.problems)  # the bad id on row 4 is reported too


def test_integers_too_long_for_int_are_cell_problems() -> None:
    digits = "1" * 5000
    number_cell = _agency_sheet(lambda x: x.replace("<v>39539</v>", f"<v>{digits}</v>"))
    exc = rejected(lambda: import_workbook(number_cell))
    assert any(p.index == 3 and p.message.startswith("cell H3") for p in exc.problems)
    from vn_iso_qms._internal.spreadsheet.cells import CellError, read_int

    with pytest.raises(CellError) as err:
        read_int(digits)
    assert len(err.value.message) < 200


def test_two_approved_plans_for_one_province_and_year_are_refused() -> None:
    doc = demo_doc()
    second = {**doc["annual_plans"][0], "id": "kh-2023-b"}
    doc["annual_plans"].append(second)
    exc = rejected(lambda: load_dataset(json.dumps(doc).encode()))
    [problem] = [p for p in exc.problems if p.code == "duplicate_plan"]
    assert problem.record_id == "kh-2023-b"
    assert "kh-2023" in problem.message


# --- item 5: files -----------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_special_files_are_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            load_dataset(fifo)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "reading a FIFO blocked"
    assert isinstance(outcome[0], InvalidDataError)
    assert "not a regular file" in outcome[0].problems[0].message
    if Path("/dev/zero").exists():
        exc = rejected(lambda: load_dataset("/dev/zero"))
        assert exc.problems[0].code == "unreadable"
        exc = rejected(lambda: import_workbook("/dev/zero"))
        assert exc.problems[0].code == "unreadable"


def test_cli_outputs_never_replace_an_input_and_are_atomic(tmp_path: Path) -> None:
    path = _hostile_names_dataset(tmp_path)
    before = path.read_bytes()
    for fmt in ("json", "xlsx"):
        result = run("report", str(path), "--period", "2023", "-f", fmt, "-o", str(path))
        assert result.returncode == 2, result.stderr
        assert path.read_bytes() == before
    out = tmp_path / "r.json"
    assert (
        run("report", str(path), "--period", "2023", "-f", "json", "-o", str(out)).returncode == 0
    )
    assert json.loads(out.read_text(encoding="utf-8"))["period"]["year"] == 2023
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_export_past_the_row_limit_is_the_librarys_own_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from vn_iso_qms._internal.spreadsheet import xlsx_write

    monkeypatch.setattr(xlsx_write, "EXCEL_MAX_ROWS", 3)  # stands for 1,048,576
    with pytest.raises(SpreadsheetExportError) as exc:
        export_workbook(small_dataset())
    assert any(p.code == "too_many_rows" for p in exc.value.problems)


# --- item 6: policy files ----------------------------------------------------------------------


def test_policy_files_are_validated_like_datasets(tmp_path: Path) -> None:
    exc = rejected(lambda: load_policy(b'{"grace_days": 1, "grace_days": 2}'))
    assert exc.problems[0].code == "duplicate_key"
    exc = rejected(lambda: load_policy(b'{"completed_rules": ["qms_in_effect", "nope"]}'))
    [problem] = exc.problems
    assert problem.field == "completed_rules[1]"
    assert "qms_in_effect" in problem.message
    exc = rejected(lambda: load_policy(b'{"grace_days": -1, "period": "x"}'))
    assert {p.field for p in exc.problems} == {"grace_days", "period"}
    data = _hostile_names_dataset(tmp_path)
    policy = tmp_path / "p.json"
    policy.write_text('{"completed_rules": ["nope"]}', encoding="utf-8")
    result = run("report", str(data), "--period", "2023", "--policy", str(policy))
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert "yearly_internal_audit" in result.stderr


def test_a_dataset_equals_itself_after_the_fail_fast_load() -> None:
    ds = f.one_unit_year()
    from vn_iso_qms import dump_dataset

    loaded = load_dataset(dump_dataset(ds))
    assert type(loaded) is QmsDataset
    assert loaded == ds


def test_csv_sheets_cap_their_problems_too() -> None:
    from vn_iso_qms.spreadsheet import import_csv

    rows = "".join(f"bad id {i},,no kind\n" for i in range(3000))
    data = ("id,name,kind\n" + rows).encode()
    exc = rejected(
        lambda: import_csv(data, sheet="agencies", limits=DEFAULT_LIMITS.replace(max_problems=10))
    )
    assert len(exc.problems) == 10
    assert exc.total >= 3000
