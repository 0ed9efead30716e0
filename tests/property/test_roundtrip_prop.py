"""Round-trip properties: export -> import gives equal records, nothing dropped or changed."""

from __future__ import annotations

import json

from hypothesis import given
from tests.strategies import datasets

from vn_iso_qms import QmsDataset, dump_dataset, evolve, load_dataset


@given(datasets())
def test_dump_then_load_gives_an_equal_dataset(ds: QmsDataset) -> None:
    data = dump_dataset(ds)
    again = load_dataset(data)
    assert again == ds
    assert dump_dataset(again) == data  # byte-stable too


@given(datasets())
def test_every_record_round_trips_on_its_own(ds: QmsDataset) -> None:
    for record in ds.records():
        restored = type(record).model_validate_json(record.model_dump_json())
        assert restored == record


@given(datasets())
def test_evolve_without_changes_is_identity(ds: QmsDataset) -> None:
    for record in ds.records():
        assert evolve(record) == record


@given(datasets())
def test_pretty_and_compact_json_hold_the_same_data(ds: QmsDataset) -> None:
    assert json.loads(dump_dataset(ds, indent=2)) == json.loads(dump_dataset(ds))
