"""The benchmark's peer (`benchmarks/peer_msgspec.py`) agrees with `load_dataset` (issue 28).

The peer is a msgspec port generated from the published JSON Schema with the library's checks
(duplicate keys, unique ids, links). It does not port the records' cross-field rules, so a
mutation the library refuses for such a rule alone may pass the peer; every other case must get
the same answer from both, or the benchmark would compare unequal work.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.fuzz.mutations import make_case
from vn_iso_qms import InvalidDataError, dump_dataset, load_dataset
from vn_iso_qms._internal.dataset import COLLECTIONS

pytest.importorskip("msgspec")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
peer_msgspec: Any = importlib.import_module("peer_msgspec")

CROSS_FIELD_CODES = frozenset(
    {"date_order", "duplicate_entry", "exclusive_fields", "inconsistent_fields", "missing_field"}
)
"""Problem codes of the cross-field rules the peer does not port."""

SEEDS = range(150)
"""Every mutator of `tests/fuzz/mutations.py` five times over (29 mutators)."""


def _library(raw: bytes) -> set[str] | None:
    try:
        load_dataset(raw)
    except InvalidDataError as exc:
        return {p.code for p in exc.problems}
    return None


def _peer(raw: bytes) -> Any:
    try:
        return peer_msgspec.load(raw)
    except peer_msgspec.PeerError:
        return None


@pytest.mark.parametrize("seed", SEEDS)
def test_the_peer_agrees_with_load_dataset_on_the_mutation_set(seed: int) -> None:
    case = make_case(seed)
    data = case.made.data
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    refused_by = _library(raw)
    peer = _peer(raw)
    if refused_by is None:
        assert peer is not None, case.label()
        loaded = load_dataset(raw)
        for name in COLLECTIONS:
            assert [r.id for r in getattr(peer, name)] == [r.id for r in getattr(loaded, name)]
    elif refused_by <= CROSS_FIELD_CODES:
        pass  # a rule the peer does not port: it may accept
    else:
        assert peer is None, (case.label(), refused_by)


def test_the_peer_loads_what_the_library_writes() -> None:
    from tests import factories as f

    ds = f.complete_dataset()
    peer = peer_msgspec.load(dump_dataset(ds))
    assert len(peer.agencies) == len(ds.agencies) > 0
    with pytest.raises(peer_msgspec.PeerError):
        peer_msgspec.load(b'{"agencies": [], "agencies": []}')
