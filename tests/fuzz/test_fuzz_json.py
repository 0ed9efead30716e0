"""Bad JSON input at volume: every case is rejected with located problems or loaded faithfully.

`pytest tests/fuzz` runs the `ci` profile (3,000 cases); `make fuzz` runs `--fuzz-profile=full`
(100,000 cases). See `mutations.py` for the cases and `oracle.py` for what counts as a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests import factories as f
from tests.fuzz.conftest import SUMMARY_KEY
from tests.fuzz.known_bugs import KNOWN_BUGS
from tests.fuzz.mutations import (
    MUTATION_NAMES,
    Case,
    Expect,
    Made,
    Target,
    bases,
    encode,
    make_case,
    set_at,
)
from tests.fuzz.oracle import judge
from tests.fuzz.runner import PROFILES, default_workers, run
from tests.fuzz.schema import REFERENCES, id_fields
from vn_iso_qms import InvalidDataError, Problem, QmsDataset, dump_dataset, evolve, load_dataset

# --- the engine itself --------------------------------------------------------------------------


def test_reference_table_names_every_id_field() -> None:
    listed = {(c, p) for c, p, _ in REFERENCES}
    assert listed == id_fields()


def test_cases_are_pure_functions_of_their_seed() -> None:
    for seed in range(2 * len(MUTATION_NAMES)):
        a, b = make_case(seed), make_case(seed)
        assert a == b, seed
    assert {make_case(s).mutation for s in range(len(MUTATION_NAMES))} == set(MUTATION_NAMES)


def test_bases_are_valid_distinct_and_the_same_in_every_process() -> None:
    all_bases = bases()
    assert len({b.fingerprint for b in all_bases.values()}) == len(all_bases)
    for base in all_bases.values():
        assert load_dataset(base.data) == base.dataset
    # a seed names the same case in another process, whatever its hash seed
    code = (
        "from tests.fuzz.mutations import bases; "
        "print(sorted((k, b.fingerprint) for k, b in bases().items()))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=root, capture_output=True, check=True, text=True
    )
    assert out.stdout.strip() == str(sorted((k, b.fingerprint) for k, b in all_bases.items()))


# --- the oracle is not vacuous: it flags deliberately broken loaders ----------------------------


def _case(made: Made, base: str = "unit-year") -> Case:
    return Case(seed=-1, base=base, mutation="manual", made=made)


def _renaming_loader(source: Any) -> QmsDataset:
    ds = load_dataset(source)
    agency = ds.agencies[0]
    return ds.with_records(evolve(agency, name=agency.name.strip() + "."), replace=True)


def _raising(exc: BaseException) -> Any:
    def loader(source: Any) -> QmsDataset:
        raise exc

    return loader


def test_oracle_flags_a_silently_changed_value(tmp_path: Path) -> None:
    base = bases()["unit-year"]
    either = _case(Made(base.data, Expect.EITHER, None, "unchanged"))
    assert judge(either, tmp_path).status == "ok"
    assert judge(either, tmp_path, _renaming_loader).status == "silent"
    equal = _case(Made(base.data, Expect.EQUAL, None, "unchanged"))
    assert judge(equal, tmp_path, _renaming_loader).status == "silent"


def test_oracle_flags_type_coercion_and_non_json(tmp_path: Path) -> None:
    base = bases()["unit-year"]
    # the loader ignores the (invalid) float version and loads the base: 1.0 silently became 1
    float_version = encode(set_at(base.doc, ("version",), 1.0))
    case = _case(Made(float_version, Expect.EITHER, None, "version 1.0"))
    verdict = judge(case, tmp_path, lambda _: base.dataset)
    assert verdict.status == "silent"
    assert "version" in verdict.detail
    nan = base.data.replace(b'"name":null', b'"name":NaN', 1)
    case = _case(Made(nan, Expect.EITHER, None, "NaN"))
    assert judge(case, tmp_path, lambda _: base.dataset).status == "silent"


def test_oracle_flags_other_exceptions_and_bad_locations(tmp_path: Path) -> None:
    base = bases()["unit-year"]
    target = Target("agency", frozenset({0}), "so-a", "name")
    case = _case(Made(base.data, Expect.REJECT, target, "pretend agency name is bad"))
    assert judge(case, tmp_path, _raising(KeyError("name"))).status == "unexpected"
    assert judge(case, tmp_path, _raising(RecursionError())).status == "unexpected"
    assert judge(case, tmp_path, _raising(InvalidDataError([]))).status == "unexpected"
    elsewhere = Problem(record_type="tthc", record_id="t", index=0, code="x", message="m")
    assert judge(case, tmp_path, _raising(InvalidDataError([elsewhere]))).status == "mislocated"
    here = Problem(record_type="agency", index=0, field="name", code="x", message="m")
    assert judge(case, tmp_path, _raising(InvalidDataError([here]))).status == "ok"
    assert judge(case, tmp_path, lambda _: base.dataset).status == "silent"
    must_load = _case(Made(base.data, Expect.EQUAL, None, "valid"))
    verdict = judge(must_load, tmp_path, _raising(InvalidDataError([here])))
    assert verdict.status == "wrong_rejection"


# --- the run ------------------------------------------------------------------------------------


def test_fuzz_json(request: pytest.FixtureRequest) -> None:
    config = request.config
    profile = config.getoption("--fuzz-profile", default="ci")
    cases = config.getoption("--fuzz-cases", default=None) or PROFILES[profile]
    start = config.getoption("--fuzz-start", default=0)
    workers = config.getoption("--fuzz-workers", default=None) or default_workers()
    summary = run(cases, start=start, workers=workers)
    lines = summary.lines(profile, workers)
    config.stash[SUMMARY_KEY] = [*config.stash.get(SUMMARY_KEY, []), *lines]
    out = config.rootpath / "build" / "fuzz" / "summary.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))

    assert summary.cases == cases
    assert set(summary.mutations) == set(MUTATION_NAMES)
    failed = {
        s: summary.statuses[s] for s in ("unexpected", "silent", "mislocated", "wrong_rejection")
    }
    assert failed == dict.fromkeys(failed, 0), "\n".join(
        [f"{failed} (summary in {out})", *summary.failures[:40]]
    )


# --- minimal reproducers of the library bugs the fuzzer found, now regression tests -------------
# An open bug gets a strict xfail reproducer named test_bug_<what goes wrong> and an entry in
# known_bugs.py; once it is fixed, both go and the test is renamed for what it now checks.

_BUGS = {b.id: b.title for b in KNOWN_BUGS}


_DID_NOT_RAISE = pytest.fail.Exception


def _xfail(bug: str, *raises: type[BaseException]) -> pytest.MarkDecorator:
    """Strict: once the library is fixed the test passes, and XPASS(strict) says to drop this."""
    return pytest.mark.xfail(strict=True, raises=raises, reason=f"known bug {bug}: {_BUGS[bug]}")


def _problems(data: bytes | str) -> list[tuple[str, str | None, str | None, str]]:
    with pytest.raises(InvalidDataError) as info:
        load_dataset(data)
    return [(p.record_type, p.record_id, p.field, p.code) for p in info.value.problems]


_AGENCY_A = b'{"id":"a","name":"A","kind":"provincial_department"}'
_QMS_OF_A = b'{"id":"q","name":"Q","owner_agency_id":"a","agency_ids":["a"]}'


@pytest.mark.parametrize(
    "bad_agency",
    [
        pytest.param(b"[" * 300 + b"]" * 300, id="nesting-300"),
        pytest.param(
            b'{"id":"b","name":"B\\ud800","kind":"provincial_department"}', id="lone-surrogate"
        ),
        pytest.param(
            b'{"id":"b","name":"B\xed\xa0\x80","kind":"provincial_department"}', id="utf8-surrogate"
        ),
    ],
)
def test_syntax_error_comes_without_phantom_dangling_links(bad_agency: bytes) -> None:
    data = b'{"agencies":[' + _AGENCY_A + b"," + bad_agency + b'],"qms_units":[' + _QMS_OF_A + b"]}"
    problems = _problems(data)
    assert ("file", None, None, "json_invalid") in problems
    # agency "a" is in the file and valid: "names agency 'a', which does not exist" is false
    assert [p for p in problems if p[3] == "dangling_reference"] == []


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            b'{"agencies":[{"id":"a","name":"First","name":"Second","kind":"provincial_department"}]}',
            id="field",
        ),
        pytest.param(b'{"agencies":[' + _AGENCY_A + b'],"agencies":[]}', id="collection"),
    ],
)
def test_duplicate_keys_are_refused(data: bytes) -> None:
    # once loaded with name "Second" ("First" vanished), or empty (agency "a" vanished)
    _problems(data)


@pytest.mark.parametrize("source", ["\x00", "data\x00.json"], ids=repr)
def test_a_str_with_a_nul_is_a_file_problem(source: str) -> None:
    assert _problems(source)[0][0] == "file"


@pytest.mark.parametrize("source", ["", "   ", "DIR", "MISSING"])
def test_odd_str_and_path_sources_are_file_problems(source: str, tmp_path: Path) -> None:
    # regression: "" and a directory once escaped as IsADirectoryError
    paths = {"DIR": str(tmp_path), "MISSING": str(tmp_path / "nope.json")}
    assert _problems(paths.get(source, source))[0][0] == "file"


def test_text_with_a_bom_loads_as_json_text() -> None:
    ds = f.one_unit_year()
    assert load_dataset(text="\ufeff" + dump_dataset(ds).decode()) == ds


@pytest.mark.parametrize("code", ["８４", "٨٤", "８４２"])
def test_admin_unit_code_refuses_unicode_digits(code: str) -> None:
    unit = {"id": "p", "name": "P", "level": "province", "code": code}
    doc = json.dumps({"admin_units": [unit]}).encode()
    assert ("admin_unit", "p", "code", "string_pattern_mismatch") in _problems(doc)


@pytest.mark.parametrize("version", [b"true", b"1.0"])
def test_version_refuses_true_and_float(version: bytes) -> None:
    assert _problems(b'{"version":' + version + b"}")[0][2] == "version"


def _strict_xfail_reasons(fn: object) -> set[str]:
    return {
        mark.kwargs["reason"]
        for mark in getattr(fn, "pytestmark", [])
        if mark.name == "xfail" and mark.kwargs.get("strict")
    }


def test_every_known_bug_has_a_strict_xfail_reproducer() -> None:
    reproducers = {name: fn for name, fn in globals().items() if name.startswith("test_bug_")}
    reasons = {reason for fn in reproducers.values() for reason in _strict_xfail_reasons(fn)}
    assert reasons == {f"known bug {b.id}: {b.title}" for b in KNOWN_BUGS}
    # a test named for a bug checks that bug is still there: a fixed one is renamed
    assert [name for name, fn in reproducers.items() if not _strict_xfail_reasons(fn)] == []
