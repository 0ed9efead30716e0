"""Seeded mutation engine: from valid datasets, build bad (and tricky but good) JSON inputs.

Every case is a pure function of one integer seed: the seed picks the mutation (round robin over
`MUTATORS`), then a `random.Random(seed)` picks the base dataset and everything else. Each case
carries the oracle's expectation:

- `REJECT`: `load_dataset` must raise `InvalidDataError`, and when the case has a `Target`, at least
  one problem must name that record (type plus index or id) and field;
- `EQUAL`: it must load and equal the base dataset (BOM, whitespace, key order, other sources);
- `SAME_RECORDS`: it must load with the same records by id (record order changed);
- `EITHER`: it may be rejected, or load exactly what the input says (see `oracle.py`);
- `REJECT_OR_EQUAL`: rejected, or loaded equal to the base (UTF-16, a second BOM).

Reproduce one case from the repository root::

    .venv/bin/python -m tests.fuzz.mutations 1234 --run          # describe and judge seed 1234
    .venv/bin/python -m tests.fuzz.mutations 1234 --write /tmp   # write the input bytes
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import enum
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from tests.fuzz.schema import (
    COLLECTIONS,
    REFERENCES,
    JsonPath,
    Kind,
    Slot,
    dotted,
    field_kind,
    leaf_ok,
    objects,
    slots,
)
from vn_iso_qms import AgencyEventKind, LabelledEnum, QmsDataset, dump_dataset, load_dataset

BOM = b"\xef\xbb\xbf"
MIB = 2**20


class Expect(enum.StrEnum):
    """What the oracle demands of one case."""

    REJECT = "reject"
    EQUAL = "equal"
    SAME_RECORDS = "same_records"
    EITHER = "either"
    REJECT_OR_EQUAL = "reject_or_equal"


@dataclasses.dataclass(frozen=True)
class Target:
    """Where the mutation was made, for checking the error's location."""

    record_type: str
    """`"agency"`, ..., or `"dataset"` for the top-level object."""
    indices: frozenset[int] = frozenset()
    """Positions of the record(s) concerned in their collection; empty for the collection itself."""
    record_id: str | None = None
    field: str | None = None
    """Record-relative dotted path of the mutated value."""
    strict: bool = True
    """False when the input is not plain RFC 8259 JSON any more (NaN, lone surrogates, nesting
    past parser limits): then a file-level problem is an acceptable location too."""
    collection: str | None = None
    """For a whole top-level collection: `dataset, field <collection>` also names it."""
    other_ids: frozenset[str] = frozenset()
    """Other ids the record may be named by (its id was given twice, with these values too)."""


Source = Literal["bytes", "str", "bytearray", "memoryview", "path", "path-str", "dir", "missing"]


@dataclasses.dataclass(frozen=True)
class Made:
    """What a mutator produced."""

    data: bytes | str
    expect: Expect
    target: Target | None
    detail: str
    source: Source = "bytes"


@dataclasses.dataclass(frozen=True)
class Case:
    """One reproducible fuzz case."""

    seed: int
    base: str
    mutation: str
    made: Made

    def label(self) -> str:
        """Seed, base, mutation and what was done: enough to reproduce and understand it."""
        m = self.made
        return (
            f"seed={self.seed} base={self.base} mutation={self.mutation} "
            f"source={m.source} expect={m.expect.value}: {m.detail}"
        )


# --- base datasets ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Base:
    """A valid dataset to mutate, with its compact JSON and the parsed document (never mutated)."""

    name: str
    dataset: QmsDataset
    data: bytes
    doc: dict[str, Any]
    ids: dict[str, frozenset[str]]
    fingerprint: str


def _base(name: str, dataset: QmsDataset) -> Base:
    data = dump_dataset(dataset)
    doc = json.loads(data)
    ids = {c: frozenset(r["id"] for r in doc[c]) for c in COLLECTIONS}
    return Base(name, dataset, data, doc, ids, hashlib.sha256(data).hexdigest()[:12])


def _draw_hypothesis_dumps(count: int) -> list[bytes]:
    """`count` consistent datasets from `tests.strategies.datasets()` with a fixed seed, as JSON.

    Only reproducible under a fixed PYTHONHASHSEED: the strategy turns `st.sets(...)` into
    tuples, whose order follows string hashing. `_hypothesis_datasets` runs this in a child
    process with PYTHONHASHSEED=0.
    """
    from hypothesis import HealthCheck, Phase, given, seed, settings

    from tests.strategies import datasets

    drawn: list[QmsDataset] = []

    @seed(20_140_518)  # QĐ 19/2014 took effect on 18/05/2014
    @settings(
        max_examples=count * 8,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(datasets(max_agencies=6))
    def draw(ds: QmsDataset) -> None:
        drawn.append(ds)

    draw()
    unique = sorted({dump_dataset(d) for d in drawn}, key=lambda b: (len(b), b))
    step = max(1, len(unique) // count)  # evenly spaced from small to large
    return unique[::step][-count:]


def _hypothesis_datasets(count: int) -> list[QmsDataset]:
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "PYTHONHASHSEED": "0",
        "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]),
    }
    cmd = [sys.executable, "-m", "tests.fuzz.mutations", "--draw-bases", str(count)]
    out = subprocess.run(cmd, env=env, cwd=root, capture_output=True, check=True, timeout=600)
    return [load_dataset(text.encode()) for text in json.loads(out.stdout)]


_preset_dumps: dict[str, bytes] | None = None


def preset_base_dumps(dumps: dict[str, bytes]) -> None:
    """Use these base JSON documents (worker processes get the parent's, not a redraw)."""
    global _preset_dumps  # noqa: PLW0603 - set once per worker process, before any case
    _preset_dumps = dumps
    base_dumps.cache_clear()
    bases.cache_clear()


@cache
def base_dumps() -> dict[str, bytes]:
    """The JSON of every base dataset by name."""
    if _preset_dumps is not None:
        return dict(_preset_dumps)
    from tests import factories

    demo = (files("vn_iso_qms") / "_internal" / "data" / "demo_province.json").read_bytes()
    out = {"demo": demo, "unit-year": dump_dataset(factories.one_unit_year())}
    for i, ds in enumerate(_hypothesis_datasets(6)):
        out[f"hyp-{i}"] = dump_dataset(ds)
    return out


@cache
def bases() -> dict[str, Base]:
    """Every base dataset by name (built once per process)."""
    return {name: _base(name, load_dataset(data)) for name, data in base_dumps().items()}


def base_weights(names: list[str]) -> list[float]:
    """The shipped demo (0.8 MB, slow to load) is 1 case in 100; the small bases share the rest."""
    small = [n for n in names if n != "demo"]
    return [1.0 if n == "demo" else 99.0 / len(small) for n in names]


# --- building documents -------------------------------------------------------------------------

_NONCE = "@@FUZZ-7f3a@@"


class Encoder:
    """json.dumps plus verbatim tokens (NaN, 10^400, nesting, bad bytes) and duplicate keys.

    `raw(token)` and `key(name)` return placeholder strings to put in the document; `encode` swaps
    them for the token or the key after serialising.
    """

    def __init__(self) -> None:
        self._subs: list[bytes] = []

    def _placeholder(self, replacement: bytes) -> str:
        self._subs.append(replacement)
        return f"{_NONCE}{len(self._subs) - 1}{_NONCE}"

    def raw(self, token: bytes) -> str:
        return self._placeholder(token)

    def key(self, name: str) -> str:
        return self._placeholder(json.dumps(name, ensure_ascii=False).encode())

    def encode(
        self,
        doc: Any,
        *,
        indent: int | str | None = None,
        separators: tuple[str, str] | None = None,
        ensure_ascii: bool = False,
    ) -> bytes:
        if separators is None and indent is None:
            separators = (",", ":")
        text = json.dumps(
            doc, ensure_ascii=ensure_ascii, indent=indent, separators=separators, allow_nan=False
        )
        out = text.encode("utf-8")
        for i, sub in enumerate(self._subs):
            out = out.replace(f'"{_NONCE}{i}{_NONCE}"'.encode(), sub)
        return out


def encode(doc: Any, **kw: Any) -> bytes:
    return Encoder().encode(doc, **kw)


def get_in(node: Any, path: JsonPath) -> Any:
    for part in path:
        node = node[part]
    return node


def update_in(node: Any, path: JsonPath, fn: Callable[[Any], Any]) -> Any:
    """A copy of `node` with the value at `path` replaced by `fn(value)`; only the spine is copied."""
    if not path:
        return fn(node)
    head, rest = path[0], path[1:]
    new: Any = dict(node) if isinstance(node, dict) else list(node)
    new[head] = update_in(node[head], rest, fn)
    return new


def set_key(doc: Any, obj_path: JsonPath, key: str, value: Any) -> Any:
    """Set (or add, at the end) `key` in the object at `obj_path`."""
    return update_in(doc, obj_path, lambda d: {**d, key: value})


def set_at(doc: Any, path: JsonPath, value: Any) -> Any:
    """Set the value at `path` (the last part may be a new object key)."""
    last = path[-1]
    if isinstance(last, str):
        return set_key(doc, path[:-1], last, value)
    return update_in(doc, path, lambda _: value)


def pick_record(
    rng: random.Random, base: Base, want: Callable[[str, dict[str, Any]], bool] | None = None
) -> tuple[str, int, dict[str, Any]] | None:
    """A random record (collection chosen first, uniformly, so every record type gets hit)."""
    names = [c for c in COLLECTIONS if base.doc[c]]
    for _ in range(60):
        coll = rng.choice(names)
        idx = rng.randrange(len(base.doc[coll]))
        rec = base.doc[coll][idx]
        if want is None or want(coll, rec):
            return coll, idx, rec
    # exhaustive fallback, still deterministic
    found = [
        (c, i, r) for c in names for i, r in enumerate(base.doc[c]) if want is None or want(c, r)
    ]
    return rng.choice(found) if found else None


def record_target(base: Base, coll: str, idx: int, rel: JsonPath, *, strict: bool = True) -> Target:
    rec = base.doc[coll][idx]
    rid = rec.get("id") if isinstance(rec.get("id"), str) else None
    return Target(COLLECTIONS[coll].record_type, frozenset({idx}), rid, dotted(rel), strict)


def top_target(key: str, *, strict: bool = True) -> Target:
    if key in COLLECTIONS:
        # a problem with the collection itself or with any record in it names the record type
        return Target(COLLECTIONS[key].record_type, strict=strict, collection=key)
    return Target("dataset", field=key, strict=strict)


def top_slots(base: Base) -> list[Slot]:
    return [
        Slot((name,), field_kind(QmsDataset, name), name in base.doc, info.is_required())
        for name, info in QmsDataset.model_fields.items()
    ]


@dataclasses.dataclass(frozen=True)
class Place:
    """A chosen slot: absolute path in the document, its kind, and the target it maps to."""

    path: JsonPath
    kind: Kind
    target: Target
    current: Any


def pick_slot(
    rng: random.Random,
    base: Base,
    want: Callable[[Slot], bool] = lambda s: True,
    *,
    top_share: float = 0.08,
    strict: bool = True,
) -> Place:
    """A random value slot in a random record (or, sometimes, at the top level)."""
    if rng.random() < top_share:
        choices = [s for s in top_slots(base) if want(s)]
        if choices:
            s = rng.choice(choices)
            key = str(s.path[0])
            return Place(s.path, s.kind, top_target(key, strict=strict), base.doc.get(key))
    for _ in range(80):
        picked = pick_record(rng, base)
        assert picked is not None
        coll, idx, rec = picked
        choices = [s for s in slots(rec, COLLECTIONS[coll]) if want(s)]
        if choices:
            s = rng.choice(choices)
            current = get_in(rec, s.path) if s.present else None
            target = record_target(base, coll, idx, s.path, strict=strict)
            return Place((coll, idx, *s.path), s.kind, target, current)
    # no such slot in this base: fall back to the dataset name (a Text)
    s = top_slots(base)[2]
    return Place(s.path, s.kind, top_target("name", strict=strict), base.doc.get("name"))


def expect_for(kind: Kind, value: Any) -> Expect:
    return Expect.REJECT if leaf_ok(kind, value) is False else Expect.EITHER


def is_text(s: Slot) -> bool:
    return s.kind.tag in ("str", "date", "enum")


# --- mutators -----------------------------------------------------------------------------------

Mutator = Callable[[random.Random, Base], Made]
MUTATORS: dict[str, Mutator] = {}


@cache
def _labelled_enums() -> list[type[LabelledEnum]]:
    """Every vocabulary of the library, its public names loaded first."""
    import vn_iso_qms

    for name in (*vn_iso_qms.__all__, "admin_units", "reports", "rules", "types"):
        getattr(vn_iso_qms, name)
    return list(LabelledEnum.__subclasses__())


def mutator(name: str) -> Callable[[Mutator], Mutator]:
    def register(fn: Mutator) -> Mutator:
        MUTATORS[name] = fn
        return fn

    return register


@mutator("drop_field")
def _drop_field(rng: random.Random, base: Base) -> Made:
    if rng.random() < 0.1:
        key = rng.choice(list(base.doc))
        doc = {k: v for k, v in base.doc.items() if k != key}
        return Made(encode(doc), Expect.EITHER, None, f"drop top-level key {key!r}")
    picked = pick_record(rng, base)
    assert picked is not None
    coll, idx, rec = picked
    path, model = rng.choice(list(objects(rec, COLLECTIONS[coll])))
    key = rng.choice(list(get_in(rec, path)))
    required = model.model_fields[key].is_required()
    doc = update_in(
        base.doc, (coll, idx, *path), lambda d: {k: v for k, v in d.items() if k != key}
    )
    expect = Expect.REJECT if required else Expect.EITHER
    target = record_target(base, coll, idx, (*path, key))
    return Made(encode(doc), expect, target, f"drop {coll}[{idx}].{dotted((*path, key))}")


_EXTRA_KEYS = [
    "colour",
    "Name",
    "name ",
    " id",
    "ID",
    "",
    "__proto__",
    "constructor",
    "tên",
    "\u0000",
    "id\u200b",
    "records",
    "x" * 300,
    "valid_from ",
    "agencies",
    "format_",
]


def _insert_at(rng: random.Random, d: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    items = list(d.items())
    items.insert(rng.randrange(len(items) + 1), (key, value))
    return dict(items)


@mutator("extra_field")
def _extra_field(rng: random.Random, base: Base) -> Made:
    value: Any = rng.choice([1, "x", None, [], {}, True, "2023-01-01"])
    key = "k" * MIB if rng.random() < 0.02 else rng.choice(_EXTRA_KEYS)
    if rng.random() < 0.12:
        if key in base.doc or key in QmsDataset.model_fields:
            key = key + "_extra"
        doc = _insert_at(rng, base.doc, key, value)
        made_target = Target("dataset", field=key or None)
        return Made(encode(doc), Expect.REJECT, made_target, f"top-level extra key {key[:40]!r}")
    picked = pick_record(rng, base)
    assert picked is not None
    coll, idx, rec = picked
    path, model = rng.choice(list(objects(rec, COLLECTIONS[coll])))
    if key in model.model_fields:
        key = key + "_extra"
    doc = update_in(base.doc, (coll, idx, *path), lambda d: _insert_at(rng, d, key, value))
    target = record_target(base, coll, idx, (*path, key))
    return Made(
        encode(doc), Expect.REJECT, target, f"extra key {key[:40]!r} in {coll}[{idx}]{path}"
    )


def _wrong_values(rng: random.Random, kind: Kind, current: Any) -> list[Any]:
    generic: list[Any] = [
        rng.randrange(-5, 3000),
        2023.0,
        1.5,
        -0.0,
        1e3,
        True,
        False,
        None,
        "",
        "x",
        "2023",
        "true",
        "1",
        [],
        [1],
        ["a"],
        {},
        {"id": "x"},
    ]
    specific: dict[str, list[Any]] = {
        "int": [str(current), float(current or 1), bool(current), [current]]
        if isinstance(current, int)
        else ["1", 1.0, True],
        "bool": [1, 0, "true", "false", "yes", "True", None],
        "str": [42, [current], {"vi": current}, True] if current else [42, [], True],
        "date": [20230601, ["2023-06-01"], {"year": 2023}, 1685577600, 2023.0601],
        "enum": [0, 1, [current], {"code": current}],
        "literal": [True, 1.0, "1", 2, "vn_iso_qms.dataset ", None],
        "model": [[], "x", 0, [current]],
        "tuple": [{}, "x", 0, None, current[0] if isinstance(current, list) and current else "a"],
    }
    return generic + specific[kind.tag] * 3


@mutator("wrong_type")
def _wrong_type(rng: random.Random, base: Base) -> Made:
    place = pick_slot(rng, base, top_share=0.1)
    value = rng.choice(_wrong_values(rng, place.kind, place.current))
    doc = set_at(base.doc, place.path, value)
    detail = f"{place.path} ({place.kind.tag}) := {json.dumps(value)[:60]}"
    return Made(encode(doc), expect_for(place.kind, value), place.target, detail)


@mutator("unknown_enum")
def _unknown_enum(rng: random.Random, base: Base) -> Made:
    place = pick_slot(rng, base, lambda s: s.kind.tag == "enum", top_share=0)
    kind = place.kind
    code = place.current if isinstance(place.current, str) else rng.choice(kind.choices)
    label_vi = label_en = code
    if kind.enum_cls is not None and issubclass(kind.enum_cls, LabelledEnum):
        member = kind.enum_cls(code)
        label_vi, label_en = member.label_vi, member.label_en
    # sorted: the same list whatever order the vocabularies were imported in (`vn_iso_qms`
    # loads its names on first use), so a seed gives the same case under pytest and alone
    other_codes = sorted(m.value for cls in _labelled_enums() for m in cls) or ["x"]
    value = rng.choice(
        [
            code.upper(),
            code + " ",
            " " + code,
            code.replace("_", "-"),
            code.title(),
            code + "\u200b",
            code[:-1],
            label_vi,
            label_en,
            "unknown",
            "",
            rng.choice(other_codes),
            unicodedata.normalize("NFKD", "ǆ") + code,
        ]
    )
    if kind.enum_cls is not None and place.kind.choices and value in kind.choices:
        expect = Expect.EITHER  # happened to be a valid code of this very list
    else:
        expect = expect_for(kind, value)
    doc = set_at(base.doc, place.path, value)
    return Made(encode(doc), expect, place.target, f"{place.path} := {value!r}")


# (collection, earlier, later); "*" is a list position, "*+1" the next one.
_DATE_PAIRS: list[tuple[str, JsonPath, JsonPath]] = [
    ("admin_units", ("valid_from",), ("valid_to",)),
    ("agencies", ("valid_from",), ("valid_to",)),
    ("qms_units", ("valid_from",), ("valid_to",)),
    ("tthc", ("published_on",), ("abolished_on",)),
    ("announcements", ("date",), ("lead_unit_notified_on",)),
    ("announcements", ("date",), ("posted_at_office_on",)),
    ("announcements", ("date",), ("published_online_on",)),
    ("internal_audits", ("start",), ("end",)),
    ("corrective_actions", ("due_on",), ("verify_by",)),
    ("inspections", ("decision_on",), ("inspected_on",)),
    ("inspections", ("inspected_on",), ("minutes_signed_on",)),
    ("corrective_action_reports", ("submitted_on",), ("decided_on",)),
    ("qms_units", ("eiso", "*", "since"), ("eiso", "*", "until")),
    ("planned_activities", ("recurrence", "start"), ("recurrence", "until")),
    ("corrective_actions", ("log", "*", "on"), ("log", "*+1", "on")),
    ("processes", ("revisions", "*", "approved_on"), ("revisions", "*+1", "approved_on")),
]


def _resolve(rec: dict[str, Any], path: JsonPath, k: int) -> JsonPath | None:
    out: list[str | int] = []
    node: Any = rec
    for part in path:
        if part in ("*", "*+1"):
            pos = k if part == "*" else k + 1
            if not isinstance(node, list) or pos >= len(node):
                return None
            out.append(pos)
            node = node[pos]
        else:
            if not isinstance(node, dict):
                return None
            out.append(part)
            node = node.get(part)
    return tuple(out)


@mutator("date_order")
def _date_order(rng: random.Random, base: Base) -> Made:
    pairs = [p for p in _DATE_PAIRS if base.doc[p[0]]]
    for _ in range(100):
        coll, early, late = rng.choice(pairs)
        idx = rng.randrange(len(base.doc[coll]))
        rec = base.doc[coll][idx]
        if coll == "planned_activities" and not rec.get("recurrence"):
            continue
        k = rng.randrange(4)
        e, lt = _resolve(rec, early, k), _resolve(rec, late, k)
        if e is None or lt is None:
            continue
        start = get_in(rec, e) if isinstance(get_in(rec, e[:-1]).get(e[-1]), str) else None
        first = dt.date.fromisoformat(start) if start else dt.date(2020, 6, 15)
        before = first - dt.timedelta(days=rng.randint(1, 400))
        new = set_key(rec, e[:-1], str(e[-1]), first.isoformat())
        new = set_key(new, lt[:-1], str(lt[-1]), before.isoformat())
        if coll == "corrective_action_reports" and new.get("accepted") is None:
            new = {**new, "accepted": True}
        if coll == "planned_activities":
            new = update_in(new, ("recurrence",), lambda r: {**r, "count": None})
        if coll == "announcements" and lt[-1] == "published_online_on":
            new = {**new, "no_website": False}
        doc = set_at(base.doc, (coll, idx), new)
        target = record_target(base, coll, idx, lt)
        detail = f"{coll}[{idx}] {dotted(lt)}={before} before {dotted(e)}={first}"
        return Made(encode(doc), Expect.REJECT, target, detail)
    raise AssertionError("no date pair applies")  # pragma: no cover


_BAD_DATES = [
    "2023-02-30",
    "2023-02-29",
    "1900-02-29",
    "2023-13-01",
    "2023-00-10",
    "2023-06-31",
    "2023-06-00",
    "2023-6-1",
    "20230601",
    "01/06/2023",
    "2023/06/01",
    "2023-06-01T00:00:00",
    "2023-06-01T00:00:00Z",
    "2023-06-01Z",
    "2023-06-01+07:00",
    " 2023-06-01",
    "2023-06-01 ",
    "2023-06-01\n",
    "",
    "0000-01-01",
    "2023-W22-4",
    "2023-152",
    "+2023-06-01",
    "-2023-06-01",
    "２０２３-０６-０１",
    "2023\u201006\u201001",
    "١٩٩٩-٠١-٠١",
    "10000-01-01",
    "2023-06",
    "2023",
    "yesterday",
    "NaN",
]
_ODD_VALID_DATES = ["2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "1970-01-01"]


@mutator("invalid_date")
def _invalid_date(rng: random.Random, base: Base) -> Made:
    place = pick_slot(rng, base, lambda s: s.kind.tag == "date", top_share=0)
    value = rng.choice(_BAD_DATES) if rng.random() < 0.85 else rng.choice(_ODD_VALID_DATES)
    doc = set_at(base.doc, place.path, value)
    return Made(
        encode(doc), expect_for(place.kind, value), place.target, f"{place.path} := {value!r}"
    )


def _ref_paths(coll: str, rec: dict[str, Any]) -> list[tuple[JsonPath, str, bool]]:
    """(concrete path, target collection, list is empty -> append) for every link of a record."""
    out: list[tuple[JsonPath, str, bool]] = []
    for c, path, target in REFERENCES:
        if c != coll:
            continue
        parts = path.split(".")
        if len(parts) == 1 and not path.endswith("[]"):
            out.append(((path,), target, False))
        elif len(parts) == 1:
            name = path[:-2]
            items = rec.get(name) or []
            if items:
                out.extend(((name, k), target, False) for k in range(len(items)))
            else:
                out.append(((name, 0), target, True))
        else:
            outer, inner = parts[0][:-2], parts[1]
            for k, item in enumerate(rec.get(outer) or []):
                if isinstance(item, dict):
                    out.append(((outer, k, inner), target, False))
    return out


@mutator("dangling_ref")
def _dangling_ref(rng: random.Random, base: Base) -> Made:
    picked = pick_record(rng, base, lambda c, r: bool(_ref_paths(c, r)))
    assert picked is not None
    coll, idx, rec = picked
    path, target_coll, append = rng.choice(_ref_paths(coll, rec))
    known = base.ids[target_coll]
    others = sorted(
        i for c, ids in base.ids.items() if c != target_coll for i in ids if i not in known
    )
    candidates = [f"ghost-{rng.randrange(10**6)}", f"{rng.choice(sorted(known) or ['x'])}x"]
    if others:
        candidates.append(rng.choice(others))  # an id of another record type
    upper = [i.upper() for i in known if i.upper() not in known]
    if upper:
        candidates.append(rng.choice(sorted(upper)))
    ghost = rng.choice([c for c in candidates if c not in known])
    if append:
        new = {**rec, str(path[0]): [ghost]}
    else:
        new = update_in(rec, path[:-1], lambda d: _set(d, path[-1], ghost))
    doc = update_in(base.doc, (coll, idx), lambda _: new)
    target = record_target(base, coll, idx, path)
    return Made(encode(doc), Expect.REJECT, target, f"{coll}[{idx}].{dotted(path)} := {ghost!r}")


def _set(container: Any, key: str | int, value: Any) -> Any:
    if isinstance(container, dict):
        return {**container, key: value}
    new = list(container)
    new[key] = value  # type: ignore[index]
    return new


@mutator("duplicate_id")
def _duplicate_id(rng: random.Random, base: Base) -> Made:
    multi = [c for c in COLLECTIONS if len(base.doc[c]) >= 2]
    if multi and rng.random() < 0.5:
        coll = rng.choice(multi)
        i, j = rng.sample(range(len(base.doc[coll])), 2)
        rid = base.doc[coll][i]["id"]
        doc = update_in(base.doc, (coll, j), lambda r: {**r, "id": rid})
        rtype = COLLECTIONS[coll].record_type
        target = Target(rtype, frozenset({i, j}), rid, "id")
        return Made(encode(doc), Expect.REJECT, target, f"{coll}[{j}].id := {coll}[{i}].id {rid!r}")
    picked = pick_record(rng, base)
    assert picked is not None
    coll, idx, rec = picked
    doc = update_in(base.doc, (coll,), lambda items: [*items, rec])
    n = len(base.doc[coll])
    target = Target(COLLECTIONS[coll].record_type, frozenset({n}), rec["id"], "id")
    return Made(encode(doc), Expect.REJECT, target, f"{coll}[{idx}] appended again as [{n}]")


@mutator("empty_string")
def _empty_string(rng: random.Random, base: Base) -> Made:
    want = is_text if rng.random() < 0.85 else (lambda s: True)
    place = pick_slot(rng, base, want)
    doc = set_at(base.doc, place.path, "")
    return Made(encode(doc), expect_for(place.kind, ""), place.target, f"{place.path} := ''")


@mutator("enormous_string")
def _enormous_string(rng: random.Random, base: Base) -> Made:
    value = rng.choice(
        [
            "x" * MIB,
            "ệ" * (MIB // 3),
            ("Sở Tài chính " * (MIB // 16))[: MIB // 2],
            "a" + " " * (MIB - 2) + "b",
            "1" * MIB,
        ]
    )
    place = pick_slot(rng, base, is_text)
    doc = set_at(base.doc, place.path, value)
    detail = f"{place.path} := {len(value):,}-character string"
    return Made(encode(doc), expect_for(place.kind, value), place.target, detail)


@mutator("boundary_length")
def _boundary_length(rng: random.Random, base: Base) -> Made:
    place = pick_slot(rng, base, lambda s: s.kind.tag == "str")
    length = rng.choice(
        [0, 1, 2, 3, 5, 39, 40, 41, 79, 80, 81, 999, 1000, 1001, 9999, 10_000, 10_001]
    )
    pattern = place.kind.pattern
    units = [u for u in "1aZệ" if not pattern or re.fullmatch(pattern, u * 2, re.ASCII)]
    unit = rng.choice(units or ["a"])
    value = unit * length
    doc = set_at(base.doc, place.path, value)
    detail = f"{place.path} := {unit!r} * {length}"
    return Made(encode(doc), expect_for(place.kind, value), place.target, detail)


@mutator("deep_nesting")
def _deep_nesting(rng: random.Random, base: Base) -> Made:
    depth = rng.choice([2, 10, 50, 64, 100, 127, 128, 200, 255, 256, 500, 999, 1000, 1001, 5000])
    if rng.random() < 0.15:
        depth = rng.choice([10_000, 100_000])
    shape = rng.choice(["array", "object", "mixed"])
    if shape == "array":
        token = b"[" * depth + b"]" * depth
    elif shape == "object":
        token = b'{"a":' * depth + b"0" + b"}" * depth
    else:
        token = b'[{"a":' * depth + b"0" + b"}]" * depth
    enc = Encoder()
    strict = depth <= 50
    where = rng.random()
    if where < 0.1:
        detail = f"whole document is {shape} nesting {depth}"
        return Made(token, Expect.REJECT, Target("dataset", strict=strict), detail)
    if where < 0.3:
        coll = rng.choice(list(COLLECTIONS))
        n = len(base.doc[coll])
        doc = update_in(base.doc, (coll,), lambda items: [*items, enc.raw(token)])
        target = Target(COLLECTIONS[coll].record_type, frozenset({n}), None, None, strict)
        return Made(enc.encode(doc), Expect.REJECT, target, f"{coll}[{n}] := {shape}^{depth}")
    place = pick_slot(rng, base, strict=strict)
    doc = set_at(base.doc, place.path, enc.raw(token))
    return Made(enc.encode(doc), Expect.REJECT, place.target, f"{place.path} := {shape}^{depth}")


@mutator("nan_inf")
def _nan_inf(rng: random.Random, base: Base) -> Made:
    token = rng.choice(
        [b"NaN", b"Infinity", b"-Infinity", b"nan", b"inf", b"-NaN", b"+Infinity", b"NaN1"]
    )
    enc = Encoder()
    place = pick_slot(rng, base, top_share=0.1, strict=False)
    doc = set_at(base.doc, place.path, enc.raw(token))
    detail = f"{place.path} := {token.decode()}"
    return Made(enc.encode(doc), Expect.REJECT, place.target, detail)


@mutator("huge_integer")
def _huge_integer(rng: random.Random, base: Base) -> Made:
    token = rng.choice(
        [
            b"1" + b"0" * 400,
            b"-1" + b"0" * 400,
            b"1e400",
            b"-1e400",
            b"1" + b"0" * 4300,
            b"9" * 5000,
            str(10**15).encode(),
            str(10**15 + 1).encode(),
            str(2**63).encode(),
            str(2**64 + 1).encode(),
            b"-1",
            b"0",
            b"-0",
            b"1E2",
            b"1.0e3",
            b"0.1e-400",
            b"2014",
            b"2100",
            b"2101",
        ]
    )
    place = pick_slot(rng, base, lambda s: s.kind.tag != "tuple", top_share=0.1)
    enc = Encoder()
    doc = set_at(base.doc, place.path, enc.raw(token))
    digits = len(token.lstrip(b"-"))
    if digits > 4300:  # beyond CPython's and jiter's integer limits: a parse error is fine
        expect, target = Expect.REJECT, dataclasses.replace(place.target, strict=False)
    else:
        expect, target = expect_for(place.kind, json.loads(token)), place.target
    detail = f"{place.path} := {token[:20].decode()}{'...' if len(token) > 20 else ''}"
    return Made(enc.encode(doc), expect, target, detail)


def _nfd(data: bytes) -> str:
    return unicodedata.normalize("NFD", data.decode("utf-8"))


@mutator("reencode")
def _reencode(rng: random.Random, base: Base) -> Made:
    variant = rng.choice(
        [
            "cp1258",
            "latin-1",
            "cp1252",
            "utf-16",
            "utf-16-le",
            "utf-32",
            "nfd",
            "in-string",
            "overlong",
        ]
    )
    text = base.data.decode("utf-8")
    if variant == "cp1258":
        data = _nfd(base.data).encode("cp1258", errors="replace")
    elif variant in ("latin-1", "cp1252"):
        data = text.encode(variant, errors="replace")
    elif variant in ("utf-16", "utf-16-le", "utf-32"):
        data = text.encode(variant)
        return Made(data, Expect.REJECT_OR_EQUAL, None, f"whole document as {variant}")
    elif variant == "nfd":
        data = _nfd(base.data).encode("utf-8")
    elif variant == "in-string":
        place = pick_slot(rng, base, lambda s: s.kind.tag == "str" and not s.kind.pattern)
        word = rng.choice(["Sở Tài chính", "Trà Vinh", "Giám đốc", "Hòa"])
        token = b'"' + word.encode(rng.choice(["cp1258", "latin-1"]), errors="replace") + b'"'
        enc = Encoder()
        doc = set_at(base.doc, place.path, enc.raw(token))
        data = enc.encode(doc)
        if _is_utf8(data):
            value = json.loads(token)
            return Made(data, expect_for(place.kind, value), place.target, f"{place.path}")
        return Made(data, Expect.REJECT, None, f"{place.path} := non-UTF-8 {token!r}")
    else:  # overlong encoding of "/" or "a" somewhere in the document
        pos = [i for i, b in enumerate(base.data) if b in (0x2F, 0x61)]
        if not pos:  # pragma: no cover - every base has an "a"
            return Made(base.data, Expect.EQUAL, None, "no byte to replace")
        i = rng.choice(pos)
        over = b"\xc0\xaf" if base.data[i] == 0x2F else b"\xc1\xa1"
        data = base.data[:i] + over + base.data[i + 1 :]
    if data == base.data:
        return Made(data, Expect.EQUAL, None, f"{variant}: identical bytes")
    if _is_utf8(data):
        return Made(data, Expect.EITHER, None, f"whole document as {variant} (still UTF-8)")
    return Made(data, Expect.REJECT, None, f"whole document as {variant}")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@mutator("bom")
def _bom(rng: random.Random, base: Base) -> Made:
    variant = rng.choice(
        ["bom", "bom-ws", "bom-pretty", "double", "trailing", "after-ws", "in-string", "utf16-bom"]
    )
    data = base.data
    if variant == "bom":
        return Made(BOM + data, Expect.EQUAL, None, "UTF-8 BOM + document")
    if variant == "bom-ws":
        return Made(BOM + b" \r\n\t" + data, Expect.EQUAL, None, "BOM, whitespace, document")
    if variant == "bom-pretty":
        return Made(BOM + encode(base.doc, indent=2), Expect.EQUAL, None, "BOM + indented")
    if variant == "double":
        return Made(BOM + BOM + data, Expect.REJECT_OR_EQUAL, None, "two BOMs")
    if variant == "trailing":
        return Made(data + BOM, Expect.REJECT, None, "BOM after the document")
    if variant == "after-ws":
        return Made(b" " + BOM + data, Expect.REJECT_OR_EQUAL, None, "space then BOM")
    if variant == "utf16-bom":
        return Made(b"\xff\xfe" + data, Expect.REJECT, None, "UTF-16 BOM + UTF-8 document")
    place = pick_slot(rng, base, lambda s: s.kind.tag == "str")
    value = "\ufeff" + (place.current if isinstance(place.current, str) else "x")
    doc = set_at(base.doc, place.path, value)
    return Made(encode(doc), expect_for(place.kind, value), place.target, f"{place.path} BOM")


_WS = " \t\r\n"


@mutator("whitespace")
def _whitespace(rng: random.Random, base: Base) -> Made:
    if rng.random() < 0.15:
        bad = rng.choice(["\x0b", "\x0c", "\u00a0", "\u3000", "\u2028", "\x00", "\x85"])
        data = bad.encode() + base.data if rng.random() < 0.5 else base.data + bad.encode()
        return Made(data, Expect.REJECT, None, f"non-JSON whitespace {bad!r} around document")
    indent = rng.choice([None, None, 0, 1, 2, 4, "\t", " \t"])
    separators = rng.choice(
        [None, (",", ":"), (", ", ": "), (" ,", " :"), ("\n,\n", "\n:\n"), ("\t,\r\n", "\r\n:\t")]
    )
    ensure_ascii = rng.random() < 0.5
    data = encode(base.doc, indent=indent, separators=separators, ensure_ascii=ensure_ascii)
    if indent is not None and rng.random() < 0.5:
        data = data.replace(b"\n", b"\r\n")
    lead = "".join(rng.choice(_WS) for _ in range(rng.randrange(4))).encode()
    trail = "".join(rng.choice(_WS) for _ in range(rng.randrange(4))).encode()
    detail = f"indent={indent!r} separators={separators!r} ascii={ensure_ascii}"
    return Made(lead + data + trail, Expect.EQUAL, None, detail)


def _shuffle_keys(rng: random.Random, node: Any, depth: int) -> Any:
    if isinstance(node, dict):
        items = list(node.items())
        rng.shuffle(items)
        return {k: _shuffle_keys(rng, v, depth + 1) for k, v in items}
    if isinstance(node, list) and depth < 64:
        return [_shuffle_keys(rng, v, depth + 1) for v in node]
    return node


@mutator("key_order")
def _key_order(rng: random.Random, base: Base) -> Made:
    if rng.random() < 0.3:
        return Made(
            encode(_shuffle_keys(rng, base.doc, 0)), Expect.EQUAL, None, "all keys shuffled"
        )
    coll = rng.choice([c for c in COLLECTIONS if base.doc[c]])
    items = list(base.doc.items())
    rng.shuffle(items)
    doc = {k: (_shuffle_keys(rng, v, 1) if k == coll else v) for k, v in items}
    return Made(encode(doc), Expect.EQUAL, None, f"top-level and {coll} keys shuffled")


@mutator("record_order")
def _record_order(rng: random.Random, base: Base) -> Made:
    names = [c for c in COLLECTIONS if len(base.doc[c]) >= 2] or list(COLLECTIONS)
    chosen = rng.sample(names, min(len(names), rng.randint(1, 3)))
    doc = dict(base.doc)
    for c in chosen:
        items = list(doc[c])
        rng.shuffle(items)
        doc[c] = items
    return Made(encode(doc), Expect.SAME_RECORDS, None, f"records shuffled in {sorted(chosen)}")


@mutator("truncate")
def _truncate(rng: random.Random, base: Base) -> Made:
    data = base.data if rng.random() < 0.7 else encode(base.doc, indent=1) + b"\n"
    r = rng.random()
    if r < 0.3:
        k = max(0, len(data) - 1 - rng.randrange(12))
    elif r < 0.5:
        k = rng.randrange(min(12, len(data)))
    else:
        k = rng.randrange(len(data))
    cut = data[:k]
    if cut.strip(_WS.encode()) == data.strip(_WS.encode()):
        return Made(cut, Expect.EQUAL, None, f"truncated trailing whitespace at {k}")
    return Made(cut, Expect.REJECT, None, f"truncated at byte {k} of {len(data)}")


@mutator("byte_flip")
def _byte_flip(rng: random.Random, base: Base) -> Made:
    data = bytearray(base.data if rng.random() < 0.8 else encode(base.doc, indent=1))
    ops = []
    for _ in range(rng.choice([1, 1, 1, 2, 3, 8])):
        i = rng.randrange(len(data))
        op = rng.choice(["xor", "set", "delete", "insert", "dup", "swap"])
        if op == "xor":
            data[i] ^= 1 << rng.randrange(8)
        elif op == "set":
            data[i] = rng.randrange(256)
        elif op == "delete":
            del data[i]
        elif op == "insert":
            data.insert(i, rng.randrange(256))
        elif op == "dup":
            data.insert(i, data[i])
        elif i + 1 < len(data):
            data[i], data[i + 1] = data[i + 1], data[i]
        ops.append(f"{op}@{i}")
    return Made(bytes(data), Expect.EITHER, None, " ".join(ops))


def _other_value(rng: random.Random, value: Any) -> Any:
    if isinstance(value, list):
        return value[:-1] if value else [rng.choice(["x", 1])]
    if isinstance(value, str):
        return value + "-dup" if value else "dup"
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if value is None:
        return "dup"
    return {}


@mutator("duplicate_key")
def _duplicate_key(rng: random.Random, base: Base) -> Made:
    enc = Encoder()
    same = rng.random() < 0.4
    obj_path: JsonPath = ()
    coll: str | None = None
    idx: int | None = None
    if rng.random() < 0.15:
        node = base.doc
        model_target = None
    else:
        picked = pick_record(rng, base)
        assert picked is not None
        coll, idx, rec = picked
        rel, _ = rng.choice(list(objects(rec, COLLECTIONS[coll])))
        obj_path = (coll, idx, *rel)
        node = get_in(base.doc, obj_path)
        model_target = rel
    key = rng.choice(list(node))
    dup_value = node[key] if same else _other_value(rng, node[key])
    items: list[tuple[str, Any]] = []
    for k, v in node.items():
        if k == key and rng.random() < 0.5:
            items += [(enc.key(key), dup_value), (k, v)]
        elif k == key:
            items += [(k, v), (enc.key(key), dup_value)]
        else:
            items.append((k, v))
    doc = update_in(base.doc, obj_path, lambda _: dict(items))
    if coll is None or idx is None or model_target is None:
        target = top_target(key, strict=False)
    else:
        target = record_target(base, coll, idx, (*model_target, key), strict=False)
        if key == "id" and not model_target and isinstance(dup_value, str):
            target = dataclasses.replace(target, other_ids=frozenset({dup_value}))
    where = f"{obj_path}" if obj_path else "top level"
    if same:
        return Made(
            enc.encode(doc), Expect.EITHER, target, f"key {key!r} twice, same value, {where}"
        )
    detail = f"key {key!r} twice with different values at {where}"
    return Made(enc.encode(doc), Expect.REJECT, target, detail)


@mutator("non_object_top")
def _non_object_top(rng: random.Random, base: Base) -> Made:
    valid_json: list[bytes] = [
        b"[]",
        b"[" + base.data + b"]",
        b"null",
        b"0",
        b"1",
        b"-1",
        b"1.5",
        b'"vn_iso_qms.dataset"',
        b"true",
        b"false",
        b"[{}]",
    ]
    broken = [b"", b" ", b"\n", b"{}}", b"{{}}", b"}", b"{", b"[", b"{,}", b'{"a"}']
    fine = [b"{}", b"{ }", b'{"format": "vn_iso_qms.dataset"}', b'{"version": 1, "name": null}']
    pool = [("valid", v) for v in valid_json] + [("broken", v) for v in broken]
    pool += [("fine", v) for v in fine]
    kind, data = rng.choice(pool)
    if kind == "valid":
        return Made(data, Expect.REJECT, Target("dataset"), f"top level {data[:20]!r}")
    if kind == "broken":
        return Made(data, Expect.REJECT, None, f"top level {data!r}")
    return Made(data, Expect.EITHER, None, f"minimal document {data!r}")


_SURROGATES = [
    "\\ud800",
    "\\udfff",
    "\\uDBFF",
    "\\udc00\\ud800",
    "\\ud800\\ud800",
    "\\ud83d",
    "\\ude00",
    "\\ud800\\u0041",
]
_PAIRS = ["\\ud83d\\ude00", "\\uD83D\\uDE00", "\\udbff\\udfff"]


@mutator("lone_surrogate")
def _lone_surrogate(rng: random.Random, base: Base) -> Made:
    place = pick_slot(rng, base, is_text, strict=False)
    text = place.current if isinstance(place.current, str) else "x"
    cut = rng.randrange(len(text) + 1)
    head = json.dumps(text[:cut], ensure_ascii=False)[1:-1].encode()
    tail = json.dumps(text[cut:], ensure_ascii=False)[1:-1].encode()
    r = rng.random()
    enc = Encoder()
    if r < 0.15:
        token = b'"' + head + b"\xed\xa0\x80" + tail + b'"'  # a surrogate encoded as UTF-8
        doc = set_at(base.doc, place.path, enc.raw(token))
        return Made(enc.encode(doc), Expect.REJECT, None, f"{place.path} UTF-8-encoded surrogate")
    if r < 0.35:
        esc = rng.choice(_PAIRS)
        token = b'"' + head + esc.encode() + tail + b'"'
        doc = set_at(base.doc, place.path, enc.raw(token))
        expect = expect_for(place.kind, json.loads(token))
        return Made(enc.encode(doc), expect, place.target, f"{place.path} pair {esc}")
    esc = rng.choice(_SURROGATES)
    token = b'"' + head + esc.encode() + tail + b'"'
    doc = set_at(base.doc, place.path, enc.raw(token))
    return Made(enc.encode(doc), Expect.REJECT, place.target, f"{place.path} lone {esc} at {cut}")


@cache
def _patterns() -> list[str]:
    """Every distinct string pattern the records use (ids, codes, decision numbers)."""
    found: set[str] = set()
    for cls in COLLECTIONS.values():
        for model_path, model in objects({}, cls):
            assert not model_path
            for name in model.model_fields:
                k = field_kind(model, name)
                k = k.item if k.tag == "tuple" and k.item is not None else k
                if k.tag == "str" and k.pattern:
                    found.add(k.pattern)
    return sorted(found)


@mutator("pattern_violation")
def _pattern_violation(rng: random.Random, base: Base) -> Made:
    # one pattern first, then a slot with it: rare patterns (admin-unit codes) get their share
    pattern = rng.choice(_patterns())
    place = pick_slot(
        rng,
        base,
        lambda s: s.kind.tag == "str" and s.kind.pattern == pattern,
        top_share=0,
    )
    v = place.current if isinstance(place.current, str) and place.current else "a1"
    value = rng.choice(
        [
            " " + v,
            v + " ",
            v + "\n",
            "\n" + v,
            v + "\t",
            "\u00a0" + v,
            v + "\u00a0",
            "có-dấu",
            "８４",
            "٨٤",
            "８４２",
            "０１２３４",
            "𝟖𝟒",
            "84",
            "842",
            "29236",
            "-x",
            "_x",
            ".x",
            "x/y",
            "x y",
            "a" * 81,
            v.upper(),
            "ＡＢ",
            "x\u0000",
            v + "\u200b",
            "\u212a1",  # KELVIN SIGN, case-folds to "k"
            "x\x07",
            "\x1b[31mx",
            "x\u2028y",
        ]
    )
    doc = set_at(base.doc, place.path, value)
    return Made(
        encode(doc), expect_for(place.kind, value), place.target, f"{place.path} := {value!r}"
    )


@mutator("collection_type")
def _collection_type(rng: random.Random, base: Base) -> Made:
    coll = rng.choice(list(COLLECTIONS))
    first = base.doc[coll][0] if base.doc[coll] else {"id": "x"}
    value: Any = rng.choice(
        [{}, {"0": first}, "", "x", None, 0, True, [[]], [None], [1], [""], [[first]]]
    )
    doc = set_at(base.doc, (coll,), value)
    rtype = COLLECTIONS[coll].record_type
    # list: its first item is not a record; anything else: the collection itself is wrong
    target = Target(rtype, frozenset({0})) if isinstance(value, list) else Target(rtype, field=coll)
    return Made(encode(doc), Expect.REJECT, target, f"{coll} := {json.dumps(value)[:40]}")


def _breakers(base: Base) -> list[tuple[str, Callable[[dict[str, Any]], Any], str | None]]:
    """(collection, change to one record returning the new record or None, field) - each breaks a
    cross-field rule documented on the record type."""
    ends = {k.value for k in AgencyEventKind if k.ends_agency}

    def first(rec: dict[str, Any], key: str) -> Any:
        items = rec.get(key) or []
        return items[0] if items else None

    return [
        (
            "qms_units",
            lambda r: {
                **r,
                "agency_ids": [i for i in r["agency_ids"] if i != r["owner_agency_id"]],
            },
            None,
        ),
        ("qms_units", lambda r: {**r, "agency_ids": [*r["agency_ids"], r["agency_ids"][0]]}, None),
        ("tthc", lambda r: {**r, "agency_ids": [], "assignments": []}, None),
        ("agency_events", lambda r: {**r, "kind": "renamed", "new_name": None}, None),
        ("agency_events", lambda r: {**r, "kind": "merged_into", "successor_ids": []}, None),
        (
            "agency_events",
            lambda r: {**r, "kind": "split", "successor_ids": [r["agency_id"]]},
            None,
        ),
        (
            "internal_audits",
            lambda r: (
                {**r, "findings": [*r["findings"], r["findings"][0]]} if r["findings"] else None
            ),
            None,
        ),
        (
            "internal_audits",
            lambda r: (
                update_in(r, ("findings", 0), lambda f: {**f, "number": 0})
                if r["findings"]
                else None
            ),
            "findings[0].number",
        ),
        ("nonconformities", lambda r: {**r, "grade": "observation"}, None),
        ("nonconformities", lambda r: {**r, "source": "internal_audit", "audit_id": None}, None),
        ("nonconformities", lambda r: {**r, "source": "inspection", "inspection_id": None}, None),
        (
            "nonconformities",
            lambda r: {**r, "finding_number": 999} if r.get("audit_id") else None,
            "finding_number",
        ),
        ("corrective_actions", lambda r: {**r, "log": []}, "log"),
        (
            "corrective_actions",
            lambda r: update_in(r, ("log", 0), lambda e: {**e, "state": "approved"}),
            None,
        ),
        (
            "corrective_actions",
            lambda r: {**r, "log": [*r["log"], {**r["log"][-1], "state": "proposed"}]},
            None,
        ),
        (
            "planned_activities",
            lambda r: {**r, "due_on": None, "due_in": None, "recurrence": None},
            None,
        ),
        (
            "planned_activities",
            lambda r: {
                **r,
                "due_on": "2023-06-01",
                "recurrence": {
                    "frequency": "monthly",
                    "start": "2023-01-31",
                    "count": 3,
                    "until": None,
                },
            },
            None,
        ),
        (
            "planned_activities",
            lambda r: {
                **r,
                "due_on": None,
                "recurrence": {
                    "frequency": "yearly",
                    "start": "2023-01-31",
                    "count": 2,
                    "until": "2025-01-01",
                },
            },
            "recurrence",
        ),
        (
            "inspections",
            lambda r: (
                {**r, "checklist": [*r["checklist"], r["checklist"][0]]} if r["checklist"] else None
            ),
            None,
        ),
        (
            "inspection_plans",
            lambda r: {**r, "entries": [*r["entries"], r["entries"][0]]} if r["entries"] else None,
            None,
        ),
        (
            "corrective_action_reports",
            lambda r: (
                {**r, "accepted": True, "decided_on": None}
                if r["accepted"] is None
                else {**r, "decided_on": None}
            ),
            None,
        ),
        (
            "announcements",
            lambda r: {**r, "no_website": True, "published_online_on": r["date"]},
            None,
        ),
        (
            "processes",
            lambda r: (
                {**r, "revisions": [*r["revisions"], r["revisions"][-1]]}
                if r["revisions"]
                else None
            ),
            None,
        ),
        ("agency_events", lambda r: r if r["kind"] in ends else None, "date"),  # see below
    ]


@mutator("cross_field")
def _cross_field(rng: random.Random, base: Base) -> Made:
    rules = [b for b in _breakers(base) if base.doc[b[0]]]
    ends = {k.value for k in AgencyEventKind if k.ends_agency}
    for _ in range(100):
        coll, change, field = rng.choice(rules)
        idx = rng.randrange(len(base.doc[coll]))
        rec = base.doc[coll][idx]
        new = change(rec)
        if new is None:
            continue
        if coll == "agency_events" and field == "date":
            # the event ends the agency, but the agency is left valid past the event date (an
            # empty valid_to is no mistake: the event alone ends the agency)
            agencies = base.doc["agencies"]
            a = next((i for i, x in enumerate(agencies) if x["id"] == rec["agency_id"]), None)
            if a is None or rec["kind"] not in ends:
                continue
            after = dt.date.fromisoformat(rec["date"]) + dt.timedelta(days=rng.randint(1, 90))
            valid_to = after.isoformat()
            frm = agencies[a]["valid_from"]
            if valid_to and frm and frm > valid_to:
                continue
            doc = set_key(base.doc, ("agencies", a), "valid_to", valid_to)
            target = record_target(base, coll, idx, ("date",))
            return Made(
                encode(doc),
                Expect.REJECT,
                target,
                f"agencies[{a}].valid_to := {valid_to} against {coll}[{idx}]",
            )
        doc = set_at(base.doc, (coll, idx), new)
        target = record_target(base, coll, idx, tuple(field.split(".")) if field else ())
        if field and "[" in field:
            target = dataclasses.replace(target, field=field)
        return Made(encode(doc), Expect.REJECT, target, f"{coll}[{idx}] broken rule ({field})")
    return _date_order(rng, base)


_PIECES = [
    "Sở Tài chính",
    unicodedata.normalize("NFD", "Sở Tài chính"),
    "Ủy ban nhân dân",
    "😀",
    "👩‍💻",
    "\u200b",
    "\u200d",
    "\u2028",
    "\u2029",
    "\u0000",
    "\r\n",
    "\t",
    "\\",
    '"',
    "</script>",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\u202e",
    "ﬁ",
    "Ǆ",
    "İ",
    "\ufeff",
    "\uffff",
    "\U0010ffff",
    "\ue000",
    "ß",
    "ẞ",
    "  ",
    " x ",
    "\x7f",
    "\x1f",
    "\u0301",
]


@mutator("unicode_text")
def _unicode_text(rng: random.Random, base: Base) -> Made:
    place = pick_slot(rng, base, lambda s: s.kind.tag == "str" and s.kind.pattern is None)
    value = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 8)))
    if place.kind.max_len is not None:
        value = value[: place.kind.max_len]
    doc = set_at(base.doc, place.path, value)
    return Made(
        encode(doc, ensure_ascii=rng.random() < 0.5),
        expect_for(place.kind, value),
        place.target,
        f"{place.path} := {value!r}",
    )


@mutator("source")
def _source(rng: random.Random, base: Base) -> Made:
    text = base.data.decode("utf-8")
    variant = rng.choice(
        [
            "str",
            "str-ws",
            "str-bom",
            "bytearray",
            "memoryview",
            "path",
            "path-str",
            "path-bom",
            "str-empty",
            "str-nul",
            "dir",
            "missing",
            "str-broken",
            "str-surrogate",
            "str-ws-only",
            "str-unicode-ws",
        ]
    )
    eq = Expect.EQUAL
    if variant == "str":
        return Made(text, eq, None, "document as str", "str")
    if variant == "str-ws":
        return Made(" \n\t" + text + "\n", eq, None, "str with surrounding whitespace", "str")
    if variant == "str-bom":
        return Made("\ufeff" + text, eq, None, "str starting with U+FEFF", "str")
    if variant in ("bytearray", "memoryview", "path", "path-str"):
        return Made(base.data, eq, None, f"document as {variant}", variant)  # type: ignore[arg-type]
    if variant == "path-bom":
        return Made(BOM + base.data, eq, None, "file starting with a BOM", "path")
    if variant == "str-empty":
        return Made("", Expect.REJECT, None, "empty str", "str")
    if variant == "str-nul":
        return Made(
            rng.choice(["\x00", "data\x00.json", "\x00{}"]), Expect.REJECT, None, "NUL", "str"
        )
    if variant == "dir":
        return Made(b"", Expect.REJECT, None, "a directory path", "dir")
    if variant == "missing":
        return Made(b"", Expect.REJECT, None, "a path that does not exist", "missing")
    if variant == "str-broken":
        return Made(text[: len(text) // 2], Expect.REJECT, None, "half a document as str", "str")
    if variant == "str-surrogate":
        i = text.index('"', 2) + 1
        return Made(text[:i] + "\ud800" + text[i:], Expect.REJECT, None, "str with U+D800", "str")
    if variant == "str-ws-only":
        return Made(rng.choice([" ", "\n", "   \t"]), Expect.REJECT, None, "whitespace str", "str")
    return Made("\u3000" + text, Expect.REJECT, None, "str starting with U+3000", "str")


MUTATION_NAMES: list[str] = list(MUTATORS)


def make_case(seed: int) -> Case:
    """The case for `seed`: mutation `seed % len(MUTATORS)`, everything else from `Random(seed)`."""
    all_bases = bases()
    name = MUTATION_NAMES[seed % len(MUTATION_NAMES)]
    rng = random.Random(seed)
    names = list(all_bases)
    base_name = rng.choices(names, base_weights(names))[0]
    made = MUTATORS[name](rng, all_bases[base_name])
    return Case(seed, base_name, name, made)


def main(argv: list[str] | None = None) -> int:
    """Describe, write or judge cases by seed (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("seeds", type=int, nargs="*")
    parser.add_argument("--draw-bases", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--write", type=Path, help="directory to write case-<seed>.bin into")
    parser.add_argument("--run", action="store_true", help="load the case and print the verdict")
    args = parser.parse_args(argv)
    if args.draw_bases:
        dumps = _draw_hypothesis_dumps(args.draw_bases)
        sys.stdout.write(json.dumps([d.decode("utf-8") for d in dumps]))
        return 0
    for s in args.seeds:
        case = make_case(s)
        print(case.label(), f"[base sha256 {bases()[case.base].fingerprint}]")
        if args.write:
            data = case.made.data
            raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
            out = args.write / f"case-{s}.bin"
            out.write_bytes(raw)
            print(f"  wrote {len(raw):,} bytes to {out}")
        if args.run:
            import tempfile

            from tests.fuzz.oracle import judge

            with tempfile.TemporaryDirectory() as tmp:
                verdict = judge(case, Path(tmp))
            print(f"  -> {verdict.status}: {verdict.detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
