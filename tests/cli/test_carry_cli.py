"""`vn-iso-qms carry`: the carried dataset to --output, the report to stdout or --report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run
from vn_iso_qms import demo_dataset_2025, dump_dataset, load_dataset
from vn_iso_qms.admin_units import reorganisation_records


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2023 demo as d.json and the post-reform decisions as dec.json."""
    folder = tmp_path_factory.mktemp("carry")
    made = run(folder, "demo", "--export-dataset", "d.json", "--output", "demo.md")
    assert made.returncode == 0, made.stderr
    (folder / "dec.json").write_bytes(dump_dataset(reorganisation_records(demo_dataset_2025())))
    return folder


def test_carry_writes_the_dataset_and_prints_the_report(work: Path, tmp_path: Path) -> None:
    out = tmp_path / "2026.json"
    result = run(
        work,
        "carry",
        "d.json",
        "--year",
        "2026",
        "--decisions",
        "dec.json",
        "-o",
        str(out),
        "--lang",
        "en",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Registry carried into 2026")
    assert (
        "| Sở Giao thông vận tải (`so-giao-thong-van-tai`) | Merged into | 2025-03-01 | "
        "312/QĐ-UBND → 15/QĐ-UBND | Recorded event | `mg-so-xay-dung` |" in result.stdout
    )
    assert f"written to {out}" in result.stderr
    assert "165 agencies: 0 continue, 20 merged or split, 10 ended, 135 undecided" in result.stderr
    carried = load_dataset(out)
    assert "mg-so-xay-dung" in {a.id for a in carried.agencies}


def test_the_report_as_json_to_a_file(work: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    result = run(
        work,
        "carry",
        "d.json",
        "--year",
        "2026",
        "-o",
        str(tmp_path / "c.json"),
        "--report",
        str(report),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    data = json.loads(report.read_text("utf-8"))
    assert len(data["fates"]) == 165
    assert data["year"] == 2026


def test_a_workbook_output_imports_back(work: Path, tmp_path: Path) -> None:
    out = tmp_path / "2026.xlsx"
    result = run(work, "carry", "d.json", "--year", "2025", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "đơn vị" in result.stderr or "agencies" in result.stderr
    checked = run(tmp_path, "validate", "2026.xlsx")
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-o", "x.md"], 2, "name the file ….json or ….xlsx"),
        (["-o", "d.json"], 2, "is an input of this command"),
        (["-o", "y.json", "--report", "r.docx"], 2, "cannot tell the output format"),
        (["-o", "y.json", "--decisions", "missing.json"], 4, "does not exist"),
        (["-o", "y.json", "--year", "99999"], 2, "is not a year"),
    ],
)
def test_usage_and_file_errors(work: Path, args: list[str], code: int, message: str) -> None:
    base = ["carry", "d.json"] if "--year" in args else ["carry", "d.json", "--year", "2026"]
    result = run(work, *base, *args)
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert not (work / "y.json").exists()


def test_invalid_decisions_exit_3(work: Path) -> None:
    (work / "bad.json").write_text('{"agencies": [{"id": "x"}]}', "utf-8")
    result = run(
        work, "carry", "d.json", "--year", "2026", "--decisions", "bad.json", "-o", "z.json"
    )
    assert result.returncode == 3, result.stderr
    assert not (work / "z.json").exists()


def test_a_policy_file_decides_the_reannouncement_flag(work: Path, tmp_path: Path) -> None:
    """QĐ 19 Art. 4.4.c as read by `Policy.reannounce_after_merger`, for absorbing agencies only.

    The 13 QMS carried to the new province's departments go to successors the merger of
    01/07/2025 established: new agencies, which announce whatever the knob says (their own
    QMS by default, `successor_qms`). The 4 linked to the department that absorbed them on
    01/03/2025 (an agency that existed) re-announce only when the knob is on.
    """
    (tmp_path / "p.json").write_text('{"reannounce_after_merger": false}', "utf-8")
    for policy, expected in ((None, True), (str(tmp_path / "p.json"), False)):
        out = tmp_path / f"r-{expected}.json"
        extra = ["--policy", policy] if policy else []
        result = run(
            work,
            "carry",
            "d.json",
            "--year",
            "2026",
            "--decisions",
            "dec.json",
            "-o",
            str(tmp_path / f"c-{expected}.json"),
            "--report",
            str(out),
            *extra,
        )
        assert result.returncode == 0, result.stderr
        qms = json.loads(out.read_text("utf-8"))["qms"]
        carried = [q for q in qms if q["action"] == "carried"]
        linked = [q for q in qms if q["action"] == "linked"]
        assert len(carried) == 13
        assert {q["reannounce"] for q in carried} == {True}
        assert linked
        assert {q["reannounce"] for q in linked} == {expected}
