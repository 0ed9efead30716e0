"""Invariants of datasets and JSON interchange: record order, determinism, hash-seed independence,
and the published JSON Schema accepting everything the models dump (checked with `jsonschema`)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests import factories as f
from tests.strategies import datasets

from vn_iso_qms import (
    Agency,
    InvalidDataError,
    QmsDataset,
    demo_dataset,
    dump_dataset,
    json_schema,
    load_dataset,
)
from vn_iso_qms._internal.base import Record


def _demo_bytes() -> bytes:
    return (files("vn_iso_qms") / "_internal" / "data" / "demo_province.json").read_bytes()


def _record_types(ds: QmsDataset) -> set[type[Record]]:
    return {type(r) for r in ds.records()}


def _shuffled(ds: QmsDataset, rnd: random.Random) -> QmsDataset:
    records = list(ds.records())
    rnd.shuffle(records)
    return QmsDataset.from_records(records, name=ds.name)


@given(datasets(), st.randoms(use_true_random=False))
def test_record_order_does_not_change_index_lookups(ds: QmsDataset, rnd: random.Random) -> None:
    other = _shuffled(ds, rnd)
    assert other.counts() == ds.counts()
    for record_type in _record_types(ds):
        assert dict(other.index(record_type)) == dict(ds.index(record_type))
    for record in ds.records():
        assert other.get(type(record), record.id) == record
    # and the reordered dataset survives export -> import with the same lookups
    again = load_dataset(dump_dataset(other))
    for record_type in _record_types(ds):
        assert dict(again.index(record_type)) == dict(ds.index(record_type))


@given(datasets(), st.sampled_from([None, 1, 2, 4]))
def test_the_same_bytes_load_to_equal_datasets(ds: QmsDataset, indent: int | None) -> None:
    data = dump_dataset(ds, indent=indent)
    first, second = load_dataset(data), load_dataset(data)
    assert first == second == ds
    assert dump_dataset(first) == dump_dataset(second) == dump_dataset(ds)
    # every accepted kind of source gives the same dataset
    for source in (bytearray(data), memoryview(data), b"\xef\xbb\xbf" + data):
        assert load_dataset(source) == first
    assert load_dataset(text=data.decode("utf-8")) == first


def _break(ds: QmsDataset, rnd: random.Random) -> bytes:
    """The dataset's JSON with one bad enum code and one dangling link in random records."""
    doc: dict[str, Any] = json.loads(dump_dataset(ds))
    rnd.choice(doc["agencies"])["kind"] = "no_such_kind"
    rnd.choice(doc["qms_units"])["owner_agency_id"] = "ghost"
    rnd.choice(doc["processes"] or doc["announcements"])["qms_id"] = "ghost"
    return json.dumps(doc, ensure_ascii=False).encode()


@given(datasets(), st.randoms(use_true_random=False))
def test_the_same_bad_bytes_give_the_same_problems(ds: QmsDataset, rnd: random.Random) -> None:
    data = _break(ds, rnd)
    reports = []
    for _ in range(2):
        with pytest.raises(InvalidDataError) as info:
            load_dataset(data)
        reports.append((info.value.problems, str(info.value)))
    assert reports[0] == reports[1]
    assert len(reports[0][0]) >= 2


_CHILD = """
import sys
from vn_iso_qms import InvalidDataError, dump_dataset, load_dataset
out = sys.stdout.buffer
out.write(dump_dataset(load_dataset(sys.argv[1])))
out.write(b"\\n--\\n")
try:
    load_dataset(sys.argv[2])
except InvalidDataError as exc:
    out.write(str(exc).encode("utf-8"))
"""


def _bad_demo() -> bytes:
    """The demo with problems in several collections (validation and integrity both)."""
    doc: dict[str, Any] = json.loads(_demo_bytes())
    doc["agencies"][3]["kind"] = "no_such_kind"
    doc["agencies"][7]["valid_to"] = "1999-01-01"
    doc["tthc"][5]["agency_ids"] = ["ghost-1", "ghost-2"]
    doc["internal_audits"][11]["qms_id"] = "ghost-3"
    doc["activities"].append(dict(doc["activities"][0]))
    return json.dumps(doc, ensure_ascii=False).encode()


def test_dump_and_errors_are_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    good, bad = tmp_path / "demo.json", tmp_path / "bad.json"
    good.write_bytes(_demo_bytes())
    bad.write_bytes(_bad_demo())
    outputs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        result = subprocess.run(
            [sys.executable, "-c", _CHILD, str(good), str(bad)],
            env=env,
            capture_output=True,
            check=True,
            timeout=120,
        )
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    dumped, _, errors = outputs[0].partition(b"\n--\n")
    assert dumped == dump_dataset(load_dataset(_demo_bytes()))  # and equal to this process's dump
    assert b"dangling_reference" in errors
    assert b"duplicate_id" in errors
    assert b"enum" in errors


def test_looking_records_up_does_not_change_equality() -> None:
    # regression: equality once compared the private lookup cache filled by get()/index()
    ds, same = f.one_unit_year(), f.one_unit_year()
    assert ds == same
    ds.get(Agency, "so-a")
    assert ds == same


_VALIDATOR = None


def _schema_validator() -> Any:
    global _VALIDATOR  # noqa: PLW0603 - built once per session: the schema is large
    if _VALIDATOR is None:
        from jsonschema import Draft202012Validator

        schema = json_schema()
        Draft202012Validator.check_schema(schema)
        _VALIDATOR = Draft202012Validator(
            schema, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
    return _VALIDATOR


@given(datasets())
def test_the_json_schema_accepts_everything_the_models_dump(ds: QmsDataset) -> None:
    errors = list(_schema_validator().iter_errors(json.loads(dump_dataset(ds))))
    assert errors == [], [e.message for e in errors[:3]]


def test_the_json_schema_accepts_the_demo_province_and_rejects_a_bad_code() -> None:
    doc = json.loads(dump_dataset(demo_dataset()))
    assert list(_schema_validator().iter_errors(doc)) == []
    doc["agencies"][0]["kind"] = "bo_khong_co"
    assert any("bo_khong_co" in e.message for e in _schema_validator().iter_errors(doc))
