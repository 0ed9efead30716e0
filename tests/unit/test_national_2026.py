"""The national rollup for 2026 over the successor provinces, and 2024 → 2026 by successor.

On the synthetic national dataset with its post-reform part (`benchmarks/generate.py`,
`post_reform=True`). The expected rows come from the official table of Resolution 202/2025/QH15
(read through the library's admin-unit functions) and from the documented shape of a successor
province, not from the rollup's own output.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from tests.cli.helpers import invoke

import vn_iso_qms as q
from vn_iso_qms import AdminUnitLevel
from vn_iso_qms.admin_units import AdminEra

ROOT = Path(__file__).resolve().parents[2]
REFORM = dt.date(2025, 7, 1)
SCALE = 5
"""Hà Nội, Hà Giang, Cao Bằng, Bắc Kạn, Tuyên Quang: Hà Giang and Tuyên Quang merge (08)."""
EXPECTED_SUCCESSORS = {
    "n01": ("p001",),
    "n04": ("p003",),
    "n08": ("p002", "p005"),
    "n19": ("p004",),
}
"""Resolution 202/2025/QH15: 01 → 01, 02 → 08, 04 → 04, 06 → 19 (Thái Nguyên), 08 → 08."""
PROVINCIAL_UNITS = 1 + 13 + 8 + 18 + 3
"""A successor's provincial units: People's Committee, 13 departments, 8 chi cục, 18 public
service units, police, land registration office, National Assembly delegation office."""
COUNTS = tuple(
    k for k in q.reports.RollupRow.model_fields if k not in ("province_id", "province_name")
)


def _generate_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_generate_national", ROOT / "benchmarks" / "generate.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    return _generate_module()


@pytest.fixture(scope="module")
def dataset(gen: ModuleType) -> q.QmsDataset:
    ds = gen.generate(SCALE, post_reform=True)
    assert isinstance(ds, q.QmsDataset)
    return ds


@pytest.fixture(scope="module")
def rollup_2026(dataset: q.QmsDataset) -> q.reports.NationalRollup:
    return q.reports.national_rollup(dataset, year=2026)


@pytest.fixture(scope="module")
def rollup_2024(dataset: q.QmsDataset) -> q.reports.NationalRollup:
    return q.reports.national_rollup(dataset, year=2024)


def test_the_63_provinces_have_the_34_official_successors(gen: ModuleType) -> None:
    succ = gen.successors(63)
    official = {
        u.code for u in q.admin_units.units(AdminEra.POST_2025_REFORM, AdminUnitLevel.PROVINCE)
    }
    assert len(succ) == 34
    assert {sid.removeprefix("n") for sid in succ} == official
    for sid, ks in succ.items():
        old_codes = {gen.PROVINCES[k][0] for k in ks}
        assert old_codes == {u.code for u in q.admin_units.predecessors(sid.removeprefix("n"))}


def test_fictional_provinces_merge_two_by_two(gen: ModuleType) -> None:
    succ = gen.successors(66)
    assert len(succ) == 34 + 2
    assert succ["n-mp01"] == [63, 64]
    assert succ["n-mp02"] == [65]


def test_old_provinces_end_with_their_successor(dataset: q.QmsDataset) -> None:
    provinces = {u.id: u for u in dataset.admin_units if u.level is AdminUnitLevel.PROVINCE}
    for sid, olds in EXPECTED_SUCCESSORS.items():
        assert provinces[sid].valid_from == REFORM
        for old in olds:
            assert provinces[old].valid_to == dt.date(2025, 6, 30)
            assert provinces[old].successor_ids == (sid,)
    agencies = dataset.effective_agencies()
    for agency in agencies.values():
        if agency.id.startswith("n"):  # a successor province's
            assert agency.valid_to is None, agency.id
        else:
            assert agency.valid_to is not None, agency.id
            assert agency.valid_to <= dt.date(2025, 6, 30), agency.id
    successors = [a.id for a in agencies.values() if a.id.startswith("n")]
    assert all(agencies[i].valid_from == REFORM for i in successors)


def test_2026_rollup_has_one_row_per_successor(
    dataset: q.QmsDataset, rollup_2026: q.reports.NationalRollup
) -> None:
    assert [r.province_id for r in rollup_2026.rows] == sorted(EXPECTED_SUCCESSORS)
    present = {"01", "02", "04", "06", "08"}
    for row in rollup_2026.rows:
        code = row.province_id.removeprefix("n")
        communes = [
            c
            for c in q.admin_units.children(code, era=AdminEra.POST_2025_REFORM)
            if any(p.parent_code in present for p in q.admin_units.predecessors(c.code))
        ]
        # each new commune: its People's Committee and its service centre
        assert row.registry == PROVINCIAL_UNITS + 2 * len(communes), row.province_id
        assert row.ended == 0
    # Thái Nguyên's only predecessor here is Bắc Kạn: fewer communes than the whole province.
    (n19,) = (r for r in rollup_2026.rows if r.province_id == "n19")
    all_n19 = q.admin_units.children("19", era=AdminEra.POST_2025_REFORM)
    assert n19.registry < PROVINCIAL_UNITS + 2 * len(all_n19)


def test_every_post_reform_unit_is_in_exactly_one_row(
    dataset: q.QmsDataset, rollup_2026: q.reports.NationalRollup
) -> None:
    running = [a for a in dataset.effective_agencies().values() if a.valid_to is None]
    assert running
    by_row = {
        r.province_id: sum(a.id.startswith(f"{r.province_id}-") for a in running)
        for r in rollup_2026.rows
    }
    assert by_row == {r.province_id: r.registry for r in rollup_2026.rows}
    assert rollup_2026.total.registry == len(running)
    assert rollup_2026.not_reported == ()


def test_2024_rollup_is_the_63_era(rollup_2024: q.reports.NationalRollup) -> None:
    assert [r.province_id for r in rollup_2024.rows] == [f"p{k:03d}" for k in range(1, 6)]


def test_comparison_groups_2024_rows_under_their_successors(
    dataset: q.QmsDataset,
    rollup_2024: q.reports.NationalRollup,
    rollup_2026: q.reports.NationalRollup,
) -> None:
    successors = q.reports.province_successors([dataset])
    rows = q.reports.compare_across_reform(rollup_2024, rollup_2026, successors)
    assert {r.province_id: r.predecessor_ids for r in rows} == EXPECTED_SUCCESSORS
    seen = [old for r in rows for old in r.predecessor_ids]
    assert sorted(seen) == sorted(r.province_id for r in rollup_2024.rows)  # each exactly once
    before = {r.province_id: r for r in rollup_2024.rows}
    after = {r.province_id: r for r in rollup_2026.rows}
    for row in rows:
        for key in COUNTS:
            expected = sum(getattr(before[old], key) for old in row.predecessor_ids)
            assert getattr(row.before, key) == expected, (row.province_id, key)
        assert row.after == after[row.province_id]
    for key in COUNTS:
        assert sum(getattr(r.before, key) for r in rows) == getattr(rollup_2024.total, key)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m vn_iso_qms *args`, in this process when that is indistinguishable (helpers)."""
    return invoke(args, {"PATH": "", "COLUMNS": "200", "NO_COLOR": "1"})


@pytest.fixture(scope="module")
def national_file(dataset: q.QmsDataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("national") / "national.json"
    path.write_bytes(q.dump_dataset(dataset))
    return path


def test_cli_rollup_across_the_reform_compare_to(
    national_file: Path,
    rollup_2024: q.reports.NationalRollup,
    rollup_2026: q.reports.NationalRollup,
) -> None:
    result = _cli("rollup", str(national_file), "--period", "2026", "--compare-to", "2024")
    assert result.returncode == 0, result.stderr
    rollup, comparison = result.stdout.split("2024 → 2026")
    for name in ("Thành phố Hà Nội", "Tỉnh Tuyên Quang", "Tỉnh Thái Nguyên", "Tỉnh Cao Bằng"):
        assert f"| {name} |" in rollup
    assert "Tỉnh Hà Giang" not in rollup  # ended 30/06/2025: no 2026 row
    assert "Tỉnh Hà Giang" in comparison  # but its 2024 row is under Tuyên Quang
    assert "| Thành phố Hà Nội | Thành phố Hà Nội |" in result.stdout
    assert "| Tỉnh Tuyên Quang | Tỉnh Hà Giang, Tỉnh Tuyên Quang |" in result.stdout
    as_json = _cli(
        "rollup", str(national_file), "--period", "2026", "--compare-to", "2024", "--format", "json"
    )
    assert as_json.returncode == 0, as_json.stderr
    doc = json.loads(as_json.stdout)
    assert doc["compared_to"] == 2024
    assert [r["province_id"] for r in doc["rollup"]["rows"]] == sorted(EXPECTED_SUCCESSORS)
    by_successor = {r["province_id"]: r for r in doc["comparison"]}
    assert {k: tuple(r["predecessor_ids"]) for k, r in by_successor.items()} == EXPECTED_SUCCESSORS
    before = {r.province_id: r for r in rollup_2024.rows}
    n08 = by_successor["n08"]["before"]
    assert n08["registry"] == before["p002"].registry + before["p005"].registry
    assert by_successor["n08"]["after"]["registry"] == next(
        r.registry for r in rollup_2026.rows if r.province_id == "n08"
    )


def test_cli_rollup_compare_to_checks_the_year(national_file: Path) -> None:
    result = _cli("rollup", str(national_file), "--period", "2026", "--compare-to", "10")
    assert result.returncode == 2
    assert "10" in result.stderr


def _page_session(page: Path, marker: str) -> list[tuple[str, list[str]]]:
    """The commands of the console block after `marker`, each with its shown output lines."""
    lines = page.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if marker in line)
    fence = next(i for i in range(start, len(lines)) if lines[i].startswith("```console"))
    end = next(i for i in range(fence + 1, len(lines)) if lines[i].startswith("```"))
    session: list[tuple[str, list[str]]] = []
    for line in lines[fence + 1 : end]:
        if line.startswith("$ "):
            session.append((line[2:], []))
        else:
            session[-1][1].append(line)
    return session


def test_the_how_to_shows_the_real_output(tmp_path: Path) -> None:
    """The how-to's national example (skipped by the page test: it needs the repository)."""
    session = _page_session(
        ROOT / "docs" / "how-to" / "the-current-year.md", "national-rollup-example"
    )
    assert [c.split()[0] for c, _ in session] == ["python", "vn-iso-qms"]
    bin_dir = Path(sys.executable).parent
    for shown_command, shown in session:
        command = shown_command.replace(
            "benchmarks/generate.py", str(ROOT / "benchmarks" / "generate.py")
        ).replace("python ", f"{sys.executable} ", 1)
        result = subprocess.run(
            ["bash", "-c", command],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
            env={"PATH": f"{bin_dir}:/usr/bin:/bin", "COLUMNS": "100", "NO_COLOR": "1"},
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.rstrip("\n").splitlines() == shown
