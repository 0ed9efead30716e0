"""The benchmark harness works: it runs, writes its table, and its data are deterministic.

Only that the benchmarks WORK is checked here, never their timings (those depend on the machine).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from vn_iso_qms import QmsDataset, dump_dataset, load_dataset

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"


def _benchmark_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _generate_module() -> ModuleType:
    return _benchmark_module("generate")


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    return _generate_module()


@pytest.fixture(scope="module")
def bytes_1x(gen: ModuleType) -> bytes:
    """`generate_bytes(1)`, made once for the module (bytes are immutable)."""
    data = gen.generate_bytes(1)
    assert isinstance(data, bytes)
    return data


@pytest.fixture(scope="module")
def post_reform_1x(gen: ModuleType) -> QmsDataset:
    """`generate(1, post_reform=True)`, made once for the module (datasets are immutable)."""
    ds = gen.generate(1, post_reform=True)
    assert isinstance(ds, QmsDataset)
    return ds


def test_generate_1x_is_deterministic_and_loads(gen: ModuleType, bytes_1x: bytes) -> None:
    first = bytes_1x
    assert gen.generate_bytes(1) == first
    ds = load_dataset(first)
    counts = ds.counts()
    assert 150 <= counts["agencies"] <= 180
    assert counts["processes"] >= 60 * counts["agencies"]
    for name in ("internal_audits", "nonconformities", "corrective_actions", "inspections"):
        assert counts[name] > 0, name
    assert any(a.standard.value == "iso9001_2008" for a in ds.announcements)


def test_generated_bytes_equal_the_dump_of_built_records(gen: ModuleType) -> None:
    data = gen.generate_bytes(1, seed=3)
    built = gen.generate(1, seed=3)
    assert dump_dataset(built) == data
    assert load_dataset(data) == built


def test_post_reform_bytes_equal_the_dump_of_built_records(
    gen: ModuleType, bytes_1x: bytes, post_reform_1x: QmsDataset
) -> None:
    data = gen.generate_bytes(1, post_reform=True)
    built = post_reform_1x
    assert dump_dataset(built) == data
    assert built.name is not None
    assert "2022-2026" in built.name
    # The pre-reform dataset is the default, unchanged by the flag's existence.
    assert bytes_1x == gen.generate_bytes(1, post_reform=False)
    assert "2022-2024" in str(load_dataset(bytes_1x).name)


def test_post_reform_part_holds_the_successor_and_the_2026_year(
    post_reform_1x: QmsDataset,
) -> None:
    ds = post_reform_1x
    provinces = {u.id: u for u in ds.admin_units if u.level.value == "province"}
    # Hà Nội (01) continues as Hà Nội (01) under Resolution 202/2025/QH15.
    assert set(provinces) == {"p001", "n01"}
    assert provinces["p001"].successor_ids == ("n01",)
    assert provinces["n01"].code == "01"
    assert any(p.year == 2026 and p.province_id == "n01" for p in ds.annual_plans)
    assert any(p.due_in is not None for p in ds.planned_activities)
    assert any(a.reason.value == "reorganisation" for a in ds.announcements)
    assert any(i.inspected_on.year == 2026 for i in ds.inspections)
    kinds = {e.kind.value for e in ds.agency_events if e.date.year == 2025}
    assert {"established", "merged_into", "dissolved"} <= kinds


def test_fictional_provinces_merge_into_a_loadable_successor(gen: ModuleType) -> None:
    """Above 63 provinces: provinces 64 and 65 (k = 63, 64) merge into `n-mp01`."""
    national = gen._national_legal_changes(0)
    parts = [{"legal_changes": national}]
    olds = []
    for k in (63, 64):
        province = gen._Province(k, 0, national)
        parts.append(province.build())
        province.reform(0)
        olds.append(province)
    sid, code, name = gen.successor_of(63)
    assert (sid, code) == ("n-mp01", None)
    assert gen.successor_of(64)[0] == sid
    parts.append(gen._Successor(sid, code, name, olds, 0, national).build())
    doc: dict[str, list[object]] = {}
    for part in parts:
        for key, records in part.items():
            doc.setdefault(key, []).extend(records)
    ds = QmsDataset.model_validate(doc)  # every link resolves
    communes = [u for u in ds.admin_units if u.parent_id == sid and u.level.value == "commune"]
    # one new commune for two old ones, per old province
    assert len(communes) == sum(-(-p.commune_count // 2) for p in olds)
    ended = [u for u in ds.admin_units if u.successor_ids]
    assert {u.successor_ids[0] for u in ended if u.level.value == "commune"} <= {
        u.id for u in communes
    }


def test_provinces_do_not_depend_on_scale(gen: ModuleType) -> None:
    one = gen.document(1)
    two = gen.document(2)
    agencies_one = [a["id"] for a in one["agencies"]]
    assert [a["id"] for a in two["agencies"][: len(agencies_one)]] == agencies_one
    assert len(two["agencies"]) > len(agencies_one)


def test_stdlib_encoder_writes_the_same_bytes(gen: ModuleType, bytes_1x: bytes) -> None:
    import io

    buffer = io.BytesIO()
    gen.write_json(buffer, 1, encode=gen._json_encode)
    assert buffer.getvalue() == bytes_1x


EXPECTED_ROWS = (
    "| JSON size |",
    "| records |",
    "| json.loads (baseline) |",
    "| orjson.loads |",
    "| peer (msgspec port",
    "| load_dataset |",
    "| load_dataset(pause_gc=True) |",
    "| json.dumps(json.loads(b)) |",
    "| dump_dataset |",
    "| evaluate |",
    "| evaluate (second call) |",
    "| report |",
    "| documents (Word): sample | n/a (not measured: --smoke or --no-documents) |",
    "| memory held: json.loads |",
    "| memory held: load_dataset |",
    "| memory peak: json.loads |",
    "| memory peak: load_dataset |",
    "| post-reform: load_dataset |",
    "| evaluate 2026 |",
    "| national_rollup 2026 (1 rows: successor provinces) |",
    "| compare_across_reform 2024 → 2026 |",
    "| import vn_iso_qms (net of bare start) |",
    "| vn-iso-qms demo",
)


def test_run_smoke_writes_the_table(tmp_path: Path) -> None:
    output = tmp_path / "bench.md"
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "run.py"),
            "--sizes",
            "1",
            "--smoke",
            "--output",
            str(output),
            "--workdir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results")
    assert "### 1x (1 province, best of 1)" in text
    for row in EXPECTED_ROWS:
        assert row in text, row
    assert "Traceback" not in text
    assert "n/a (failed" not in text
    assert not list(tmp_path.glob("vn-iso-qms-bench-*")), "the data folder was not removed"


def test_document_sample_is_the_first_province_and_the_count_every_province(
    gen: ModuleType, bytes_1x: bytes
) -> None:
    run = _benchmark_module("run")
    one = load_dataset(bytes_1x)
    two = load_dataset(gen.generate_bytes(2))
    # At size 1 the sample (province p001) is every document of the dataset, so the size-1
    # figure stays the whole dataset's; the report is only captured by the calls (not built).
    sample_one = len(run.document_calls(one, "p001", None))
    assert sample_one == run.count_documents(one)
    # Provinces do not depend on scale: p001 has the same documents in the 2-province
    # dataset, now a part of every document of it (p002 has at least its two reports).
    assert len(run.document_calls(two, "p001", None)) == sample_one
    assert run.count_documents(two) >= sample_one + 2
    # Every document belongs to exactly one province: the two samples add up to the count.
    assert len(run.document_calls(two, "p001", None)) + len(
        run.document_calls(two, "p002", None)
    ) == run.count_documents(two)


def test_document_rows_give_the_ratio_and_the_extrapolation() -> None:
    run = _benchmark_module("run")
    # 400 documents in 40 s: 100 ms each; a 0.5 s province report (warm): 0.20x, its 2 s
    # first call: 0.05x; 40,000 documents in all: 4,000 s by extrapolation.
    rows = run.document_rows(
        {
            "documents": 40.0,
            "documents_count": 400,
            "documents_province": "p001",
            "documents_report": 0.5,
            "documents_report_first": 2.0,
            "documents_total": 40_000,
        }
    )
    text = "\n".join(rows)
    assert "| documents (Word): sample: the 400 documents of province p001 (of 40,000) |" in text
    assert (
        "| documents (Word): time per document | 100 ms | 0.20x the report of p001 warm"
        " (500 ms); 0.05x its first call (2,000 ms) |"
    ) in text
    assert "**extrapolated (per document x count)** | 4,000 s |" in text
    failed = run.document_rows({"documents_error": "ImportError: docx | missing"})
    assert failed == ["| documents (Word): sample | n/a (ImportError: docx / missing) | | | |"]


def test_load_ab_reports_the_load_of_the_tree_it_imports(tmp_path: Path, bytes_1x: bytes) -> None:
    path = tmp_path / "ds1.json"
    path.write_bytes(bytes_1x)
    src = ROOT / "src"
    proc = subprocess.run(
        [sys.executable, str(BENCHMARKS / "load_ab.py"), str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(src)},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    found = json.loads(proc.stdout)
    assert Path(found["tree"]).resolve().is_relative_to(src)  # the tree put first on the path
    # every record of the file was loaded (the count the generator's dump holds)
    assert found["records"] == sum(
        len(v) for v in json.loads(bytes_1x).values() if isinstance(v, list)
    )
    assert found["load_s"] > 0
    assert found["held_mb"] > 0  # the dataset is alive when the RSS is read
    assert found["peak_mb"] >= found["held_mb"]  # the peak is measured from the same level


def test_levers_measures_each_tree_in_one_table(tmp_path: Path, bytes_1x: bytes) -> None:
    path = tmp_path / "ds1.json"
    path.write_bytes(bytes_1x)
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "levers.py"),
            *("--data", str(path), "--rounds", "1", f"now={ROOT}"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| now |")]
    assert len(rows) == 1, proc.stdout
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    # import, load, memory, evaluate first and second: each a measured figure
    assert len(cells) == 6
    assert all(c.endswith(("s", "x)", "MB")) for c in cells[1:]), cells


def test_hostile_runs_every_case_at_a_small_size() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "hostile.py"),
            "--records",
            "200",
            "--scale",
            "0.01",
            "--no-trace",
            "--timeout",
            "120",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
        cwd=ROOT,  # its workbook cases build on tests/unit/test_spreadsheet.py
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    measured = [line.split()[0] for line in lines if " s " in line and "more than" not in line]
    spec = importlib.util.spec_from_file_location("bench_hostile", BENCHMARKS / "hostile.py")
    assert spec is not None
    assert spec.loader is not None
    hostile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hostile)
    # every case once, the linear ones twice (n and 2n) with their growth exponent
    assert sorted(measured) == sorted([*hostile.CASES, *hostile.SCALING]), proc.stdout
    assert sum("growth exponent" in line for line in lines) == len(hostile.SCALING)
    assert "failed" not in proc.stdout
    assert "RecursionError" not in proc.stdout
