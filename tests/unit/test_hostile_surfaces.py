"""Hostile input on the surfaces added since issue 14 (issue 26): one test per finding.

The FastAPI findings are in tests/test_fastapi.py; the linear-time findings are guarded by
counting work at n and 2n in tests/unit/test_linear_work.py and timed with their growth exponent
by benchmarks/hostile.py (here, only that they finish and are right).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from tests import factories as f
from tests.cli.helpers import invoke_bytes
from tests.unit.test_spreadsheet import small_dataset

from vn_iso_qms import (
    Agency,
    AgencyEvent,
    AgencyEventKind,
    AgencyKind,
    InvalidDataError,
    Policy,
    QmsDataset,
    demo_dataset,
    dump_dataset,
    evaluate,
    load_dataset,
)
from vn_iso_qms._internal.carry import carry_registry
from vn_iso_qms._internal.errors import UnknownRuleError
from vn_iso_qms._internal.files import read_bounded
from vn_iso_qms._internal.limits import Limits
from vn_iso_qms._internal.policyio import load_policy
from vn_iso_qms.spreadsheet import export_workbook, import_csv, import_workbook

D = dt.date
ROOT = Path(__file__).resolve().parents[2]


def _doc(ds: QmsDataset) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(dump_dataset(ds))
    return doc


# --- tracebacks -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["merged_into", "split", "dissolved"])
def test_an_agency_event_on_the_first_day_of_the_calendar_loads_and_evaluates(kind: str) -> None:
    # the day before 01/01/0001 does not exist: the agency ends that day (saturating), never an
    # OverflowError in load_dataset or evaluate
    doc = _doc(f.one_unit_year(f.agency("so-b")))
    for agency in doc["agencies"]:
        agency.pop("valid_from", None)
    event: dict[str, Any] = {"id": "e", "kind": kind, "agency_id": "so-a", "date": "0001-01-01"}
    if kind != "dissolved":
        event["successor_ids"] = ["so-b"]
    doc["agency_events"] = [event]
    ds = load_dataset(json.dumps(doc).encode())
    assert ds.effective_agencies()["so-a"].valid_to == D(1, 1, 1)
    evaluate(ds, as_of=D(2023, 12, 31))
    carry_registry(ds, 2024)


@pytest.mark.parametrize("due", ["9999-12", "9999-Q4"])
def test_a_due_period_at_the_end_of_the_calendar_evaluates(due: str) -> None:
    doc = _doc(demo_dataset())
    planned = doc["planned_activities"][0]
    planned.pop("due_on", None)
    planned.pop("recurrence", None)
    planned["due_in"] = due
    ds = load_dataset(json.dumps(doc).encode())
    assert ds.planned_activities[0].due_dates() == (D(9999, 12, 31),)
    evaluate(ds, as_of=D(2023, 12, 31))


def test_a_due_period_in_year_0000_is_refused_at_its_field() -> None:
    doc = _doc(demo_dataset())
    planned = doc["planned_activities"][0]
    planned.pop("due_on", None)
    planned.pop("recurrence", None)
    planned["due_in"] = "0000-01"
    with pytest.raises(InvalidDataError) as caught:
        load_dataset(json.dumps(doc).encode())
    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("due_in", "string_pattern_mismatch")
    ]


def test_an_assignment_over_the_whole_calendar_evaluates() -> None:
    doc = _doc(f.one_unit_year())
    doc["tthc"][0]["agency_ids"] = []
    doc["tthc"][0]["assignments"] = [
        {"agency_id": "so-a", "valid_from": "0001-01-01", "valid_to": "9999-12-31"}
    ]
    ds = load_dataset(json.dumps(doc).encode())
    assert ds.tthc[0].handled_by("so-a", D(9999, 12, 31))
    evaluate(ds, as_of=D(2023, 12, 31))


def _chain(n: int, *, cycle: bool = False) -> QmsDataset:
    agencies = [
        Agency(id=f"a{i}", name=f"A{i}", kind=AgencyKind.PROVINCIAL_DEPARTMENT) for i in range(n)
    ]
    events = [
        AgencyEvent(
            id=f"e{i}",
            agency_id=f"a{i}",
            kind=AgencyEventKind.MERGED_INTO,
            date=D(2000, 1, 1) + dt.timedelta(days=i),
            successor_ids=(f"a{(i + 1) % n}",),
        )
        for i in range(n if cycle else n - 1)
    ]
    return QmsDataset(agencies=tuple(agencies), agency_events=tuple(events))


def test_a_merger_chain_of_thousands_is_followed_without_recursion() -> None:
    _, report = carry_registry(_chain(3_000), 2026)
    assert report.fate("a0").successor_ids == ("a2999",)
    assert len(report.fate("a0").steps) == 2_999


def test_a_merger_cycle_is_an_undecided_item_for_each_agency_of_it() -> None:
    _, report = carry_registry(_chain(2, cycle=True), 2026)
    assert [(u.code, u.record_id) for u in report.undecided] == [
        ("merger_cycle", "a0"),
        ("merger_cycle", "a1"),
    ]
    assert "a0 → a1 → a0" in report.fate("a0").note
    assert report.fate("a0").successor_ids == ()


def test_a_province_rule_in_completed_rules_is_refused_by_load_policy_and_evaluate() -> None:
    # inspection_coverage is judged for a province (TT 26 Art. 8): a unit's verdict cannot read it
    with pytest.raises(InvalidDataError) as caught:
        load_policy(b'{"completed_rules": ["qms_in_effect", "inspection_coverage"]}')
    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("completed_rules[1]", "not_an_agency_rule")
    ]
    policy = Policy(completed_rules=("qms_in_effect", "inspection_coverage"))
    with pytest.raises(UnknownRuleError, match="evaluated for a province"):
        evaluate(f.one_unit_year(), as_of=D(2023, 12, 31), policy=policy)


_TRANSITIONAL = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRICT = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


def _strict(parts: str) -> bytes:
    data = export_workbook(small_dataset())
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if (parts == "one" and info.filename == "xl/worksheets/sheet3.xml") or (
                parts == "worksheets" and info.filename.startswith("xl/worksheets/sheet")
            ):
                body = body.replace(_TRANSITIONAL, _STRICT)
            dst.writestr(info, body)
    return out.getvalue()


@pytest.mark.parametrize("parts", ["one", "worksheets"])
def test_a_strict_open_xml_sheet_is_refused_not_read_as_empty(parts: str) -> None:
    # one sheet: a pydantic ValidationError leaked; every worksheet: 0 records, no error
    with pytest.raises(InvalidDataError) as caught:
        import_workbook(_strict(parts))
    assert [p.code for p in caught.value.problems] == ["strict_ooxml"]


def test_read_bounded_reserves_the_files_size_not_the_limit(tmp_path: Path) -> None:
    # under `ulimit -v 2G`, reserving the 2 GiB limit up front was a MemoryError for any file
    path = tmp_path / "small.json"
    path.write_bytes(dump_dataset(f.one_unit_year()))
    code = (
        "import resource, sys; "
        "resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024**2, 1536 * 1024**2)); "
        "from vn_iso_qms._internal.files import read_bounded; "
        f"print(len(read_bounded({str(path)!r}, 2 * 1024**3)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert int(done.stdout) == path.stat().st_size
    assert read_bounded(path, 10**9) == path.read_bytes()
    assert resource.RLIMIT_AS  # (the limit is set in the child only)


# --- silent loss or change ---------------------------------------------------------------------


def _cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """`python -m vn_iso_qms *args`, in this process when that is indistinguishable (helpers)."""
    # The messages these tests read are the English ones (the default is Vietnamese).
    return invoke_bytes(args, {**os.environ, "VN_ISO_QMS_LANG": "en", **(env or {})}, cwd)


def test_json_to_a_legacy_code_page_pipe_stays_exact_utf8(tmp_path: Path) -> None:
    done = _cli("demo", "--format", "json", env={"PYTHONIOENCODING": "cp1258"})
    assert done.returncode == 0, done.stderr[-500:]
    assert json.loads(done.stdout.decode("utf-8"))["province_name"] == "Tỉnh Minh Hòa"


def test_one_path_for_two_outputs_is_a_usage_error(tmp_path: Path) -> None:
    same = tmp_path / "x.json"
    done = _cli("demo", "--export-dataset", str(same), "--output", str(same), "--format", "json")
    assert done.returncode == 2
    assert b"two outputs" in done.stderr
    assert not same.exists()
    data = tmp_path / "d.json"
    data.write_bytes(dump_dataset(f.one_unit_year()))
    out = tmp_path / "o.json"
    done = _cli("carry", str(data), "--year", "2024", "--output", str(out), "--report", str(out))
    assert done.returncode == 2
    assert not out.exists()


def test_force_never_replaces_a_device_or_a_folder(tmp_path: Path) -> None:
    for target in ("/dev/null", str(tmp_path)):
        done = _cli("demo", "--format", "json", "--output", target, "--force")
        assert done.returncode == 2, target
        assert b"not a regular file" in done.stderr
    assert Path("/dev/null").is_char_device()


def test_an_output_name_too_long_is_a_usage_error_and_a_long_one_is_written(
    tmp_path: Path,
) -> None:
    done = _cli("demo", "--format", "json", "--output", str(tmp_path / ("a" * 300 + ".json")))
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    # 245 bytes: a valid name, whose temporary file once went past 255 bytes
    fine = tmp_path / ("ệ" * 80 + ".json")
    done = _cli("demo", "--format", "json", "--output", str(fine))
    assert done.returncode == 0, done.stderr[-500:]
    assert json.loads(fine.read_bytes())


def test_a_closed_stdout_is_an_io_error_not_a_traceback() -> None:
    code = (
        "import os, sys; os.close(1); sys.stdout = None; "
        "from vn_iso_qms._internal.cli import main; "
        "sys.argv = ['vn-iso-qms', 'demo', '--format', 'json']; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        check=False,
        env={**os.environ, "VN_ISO_QMS_LANG": "en"},
    )
    assert done.returncode == 4, done.stderr[-500:]
    assert b"Traceback" not in done.stderr
    assert b"standard output is closed" in done.stderr


# --- memory and time ---------------------------------------------------------------------------


def test_csv_rows_and_cells_are_capped_like_a_sheet() -> None:
    data = ("id,name,kind\n" + "".join(f"bad {i},,x\n" for i in range(50))).encode()
    with pytest.raises(InvalidDataError) as caught:
        import_csv(data, sheet="agencies", limits=Limits(max_rows=20))
    assert "too_many_rows" in {p.code for p in caught.value.problems}
    with pytest.raises(InvalidDataError) as caught:
        import_csv(data, sheet="agencies", limits=Limits(max_cells=30))
    assert "too_many_cells" in {p.code for p in caught.value.problems}


def test_workbook_rows_are_counted_over_the_whole_file() -> None:
    # each sheet is under the limit; the file is not
    ds = small_dataset()
    data = export_workbook(ds)
    rows = sum(len(getattr(ds, n)) for n in ds.counts()) + 2 * 38
    with pytest.raises(InvalidDataError) as caught:
        import_workbook(data, limits=Limits(max_rows=rows // 3))
    assert "in all its sheets" in caught.value.problems[-1].message or any(
        p.code == "too_many_rows" for p in caught.value.problems
    )
    assert import_workbook(data) == ds


def test_a_padded_shared_strings_table_is_refused_by_its_own_ratio() -> None:
    n = 200_000
    strings = b"".join(b"<si><t>s</t></si>" for _ in range(n))
    data = export_workbook(small_dataset())
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename), zipfile.ZIP_DEFLATED)
        dst.writestr("xl/sharedStrings.xml", b"<sst>" + strings + b"</sst>", zipfile.ZIP_DEFLATED)
        dst.writestr("xl/media/pad.bin", os.urandom(len(strings) // 20), zipfile.ZIP_STORED)
    with pytest.raises(InvalidDataError) as caught:
        import_workbook(out.getvalue())
    assert "shared strings" in caught.value.problems[0].message


def test_model_validate_of_a_million_missing_fields_is_bounded() -> None:
    with pytest.raises(ValidationError) as caught:
        QmsDataset.model_validate({"agencies": [{}] * 50_000})
    errors = caught.value.errors()
    assert len(errors) == 1001
    assert errors[-1]["type"] == "too_many_errors"
    assert errors[-1]["msg"].startswith("149,000 more problems")
    with pytest.raises(ValidationError) as caught:
        QmsDataset.model_validate_json(json.dumps({"agencies": [{}] * 50_000}))
    assert caught.value.error_count() == 1001


def test_one_list_update_per_procedure_is_matched_to_its_procedure() -> None:
    from tests.fuzz.model_fuzz import base_doc  # noqa: F401 - keeps the import graph honest

    from vn_iso_qms import AdministrativeUnit, AdminUnitLevel, Tthc, TthcListUpdate

    n = 3_000
    tthc = [
        Tthc(
            id=f"t{i}",
            code=f"1.{i:06d}",
            name="T",
            published_on=D(2023, 3, 1),
            agency_ids=("a",),
        )
        for i in range(n)
    ]
    # every procedure but the last is shown on the list the next day (TT 26 Art. 4.3)
    updates = [
        TthcListUpdate(id=f"u{i}", province_id="p", date=D(2023, 3, 2), tthc_codes=(f"1.{i:06d}",))
        for i in range(n - 1)
    ]
    ds = QmsDataset(
        admin_units=(AdministrativeUnit(id="p", name="P", level=AdminUnitLevel.PROVINCE),),
        agencies=(
            Agency(id="a", name="A", kind=AgencyKind.PROVINCIAL_DEPARTMENT, admin_unit_id="p"),
        ),
        tthc=tuple(tthc),
        tthc_list_updates=tuple(updates),
    )
    ev = evaluate(ds, as_of=D(2023, 12, 31), rule_ids=("tthc_list_updated",))
    (result,) = ev.results
    assert result.status.value == "not_met"
    assert f"1.{n - 1:06d}" in result.model_dump_json()


# --- output ------------------------------------------------------------------------------------


def test_the_carry_report_markdown_is_inert() -> None:
    hostile = "<img src=x onerror=alert(1)>\rA\u2028B"
    ds = _chain(2)
    ds = ds.with_records(
        Agency(id="a0", name=hostile, kind=AgencyKind.PROVINCIAL_DEPARTMENT), replace=True
    )
    _, report = carry_registry(ds, 2026)
    text = report.to_markdown("en")
    # Every `<` and `>` of the data is backslash-escaped (CommonMark: shown as typed, never HTML).
    assert re.search(r"(?<!\\)[<>]", text) is None
    assert "\\<img src=x onerror=alert(1)\\>" in text
    assert "\r" not in text
    assert "\u2028" not in text


def test_an_input_name_too_long_for_the_file_system_is_an_io_error(tmp_path: Path) -> None:
    # Found by the generated CLI family of `document` (make fuzz, full profile): a --header
    # name of 5,000 bytes raised OSError (ENAMETOOLONG) from Path.exists().
    dataset = tmp_path / "d.json"
    assert _cli("demo", "--export-dataset", str(dataset), "--format", "json").returncode == 0
    status = ("document", "status-report", str(dataset), "--year", "2023")
    ok = _cli(*status, "--output", str(tmp_path / "ok.docx"))
    assert ok.returncode == 0, ok.stderr  # the same command without the long name works
    long_name = "a" * 5_000
    for args in (
        (*status, "--output", str(tmp_path / "out.docx"), "--header", long_name),
        ("report", long_name, "--period", "2023"),
    ):
        done = _cli(*args, cwd=tmp_path)
        assert done.returncode == 4, done.stderr
        assert b"Traceback" not in done.stderr
        assert b"File name too long" in done.stderr
