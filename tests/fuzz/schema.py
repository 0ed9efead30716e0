"""What each JSON field may hold, read from the public models, and an independent validity check.

The fuzzer needs to know, for a mutated value, whether the library *must* reject it. That verdict
must not come from the library's own validation (it would then agree with itself), so `leaf_ok`
re-states the documented value types (types.py docstrings) in plain Python: ASCII digits for codes,
`YYYY-MM-DD` dates only, whole numbers only, `true`/`false` only, no coercion of any kind.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import types
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from vn_iso_qms import QmsDataset
from vn_iso_qms._internal.base import Record

JsonPath = tuple[str | int, ...]


@dataclasses.dataclass(frozen=True)
class Kind:
    """The shape of one JSON value as the models declare it."""

    tag: Literal["str", "int", "bool", "date", "enum", "literal", "model", "tuple"]
    optional: bool = False
    min_len: int | None = None
    max_len: int | None = None
    pattern: str | None = None
    ge: int | None = None
    le: int | None = None
    choices: tuple[Any, ...] = ()
    enum_cls: type[enum.Enum] | None = None
    model: type[BaseModel] | None = None
    item: Kind | None = None


def _constraints(metadata: typing.Iterable[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in metadata:
        if isinstance(m, FieldInfo):
            out.update(_constraints(m.metadata))
        elif type(m).__name__ == "StringConstraints":
            for name, key in (("min_length", "min_len"), ("max_length", "max_len")):
                if getattr(m, name) is not None:
                    out[key] = getattr(m, name)
            if m.pattern is not None:
                out["pattern"] = m.pattern
        elif isinstance(m, annotated_types.Ge):
            out["ge"] = m.ge
        elif isinstance(m, annotated_types.Le):
            out["le"] = m.le
        elif isinstance(m, annotated_types.MinLen):
            out["min_len"] = m.min_length
        elif isinstance(m, annotated_types.MaxLen):
            out["max_len"] = m.max_length
    return out


def kind_of(annotation: Any, metadata: typing.Sequence[Any] = (), optional: bool = False) -> Kind:
    """The `Kind` of a field annotation (unwrapping Annotated, Optional and tuples)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return kind_of(base, (*metadata, *extra), optional)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1:  # pragma: no cover - the models have no other unions
            raise TypeError(annotation)
        return kind_of(rest[0], metadata, optional or len(rest) < len(args))
    c = _constraints(metadata)
    if origin is Literal:
        return Kind("literal", optional, choices=typing.get_args(annotation))
    if origin is tuple:
        item = kind_of(typing.get_args(annotation)[0])
        return Kind("tuple", optional, item=item, **c)
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            values = tuple(m.value for m in annotation)
            return Kind("enum", optional, choices=values, enum_cls=annotation)
        if issubclass(annotation, BaseModel):
            return Kind("model", optional, model=annotation)
        simple = {bool: "bool", int: "int", str: "str", dt.date: "date"}
        if annotation in simple:
            return Kind(simple[annotation], optional, **c)  # type: ignore[arg-type]
    raise TypeError(f"no kind for {annotation!r}")  # pragma: no cover


@cache
def field_kind(model: type[BaseModel], name: str) -> Kind:
    """The kind of field `name` of `model`."""
    info = model.model_fields[name]
    return kind_of(info.annotation, info.metadata)


DATASET = Kind("model", model=QmsDataset)

COLLECTIONS: dict[str, type[Record]] = {
    name: k.item.model
    for name in QmsDataset.model_fields
    if (k := field_kind(QmsDataset, name)).tag == "tuple"
    and k.item is not None
    and k.item.model is not None
    and issubclass(k.item.model, Record)
}
"""Collection name -> record class, read from the dataset model's fields."""

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def leaf_ok(kind: Kind, value: Any) -> bool | None:
    """Whether `value` is acceptable JSON for `kind` on its own: True, False, or None (unknown).

    None is returned for objects and arrays, whose validity depends on their contents, and for
    everything that a cross-field or cross-record check may still reject.
    """
    if value is None:
        return kind.optional
    tag = kind.tag
    if tag in ("str", "date", "enum") and not isinstance(value, str):
        return False
    if tag == "str":
        if kind.min_len is not None and len(value) < kind.min_len:
            return False
        if kind.max_len is not None and len(value) > kind.max_len:
            return False
        # The documented types are ASCII where they are patterns ("zero-padded digits").
        return kind.pattern is None or re.fullmatch(kind.pattern, value, re.ASCII) is not None
    if tag == "date":
        if not _DATE.fullmatch(value):
            return False
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
        return True
    if tag == "enum":
        return value in kind.choices
    if tag == "literal":
        return any(type(value) is type(c) and value == c for c in kind.choices)
    if tag == "int":
        if type(value) is not int:
            return False
        return (kind.ge is None or value >= kind.ge) and (kind.le is None or value <= kind.le)
    if tag == "bool":
        return type(value) is bool
    if tag == "model":
        return None if isinstance(value, dict) else False
    if tag == "tuple":
        if not isinstance(value, list):
            return False
        if kind.min_len is not None and len(value) < kind.min_len:
            return False
        return None
    raise AssertionError(tag)  # pragma: no cover


@dataclasses.dataclass(frozen=True)
class Slot:
    """A place in a record that holds (or could hold) one JSON value."""

    path: JsonPath
    """Path inside the record, e.g. ("findings", 0, "grade")."""
    kind: Kind
    present: bool
    required: bool


def slots(node: dict[str, Any], model: type[BaseModel], prefix: JsonPath = ()) -> Iterator[Slot]:
    """Every field of `node` (present or not) and of its nested objects and array items."""
    for name, info in model.model_fields.items():
        kind = field_kind(model, name)
        path = (*prefix, name)
        yield Slot(path, kind, name in node, info.is_required())
        value = node.get(name)
        if kind.tag == "model" and isinstance(value, dict) and kind.model is not None:
            yield from slots(value, kind.model, path)
        elif kind.tag == "tuple" and isinstance(value, list) and kind.item is not None:
            for i, item in enumerate(value):
                yield Slot((*path, i), kind.item, True, True)
                if kind.item.model is not None and isinstance(item, dict):
                    yield from slots(item, kind.item.model, (*path, i))


def objects(
    node: dict[str, Any], model: type[BaseModel], prefix: JsonPath = ()
) -> Iterator[tuple[JsonPath, type[BaseModel]]]:
    """Every JSON object inside a record (the record first) with the model it must match."""
    yield prefix, model
    for name in model.model_fields:
        kind = field_kind(model, name)
        value = node.get(name)
        if kind.tag == "model" and isinstance(value, dict) and kind.model is not None:
            yield from objects(value, kind.model, (*prefix, name))
        elif kind.tag == "tuple" and isinstance(value, list) and kind.item and kind.item.model:
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    yield from objects(item, kind.item.model, (*prefix, name, i))


def dotted(path: JsonPath) -> str | None:
    """A record-relative path in the library's documented `Problem.field` form: `a.b[0].c`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or None


def to_json(value: Any) -> Any:
    """A Python default value as the JSON it stands for (independent of pydantic's serialiser)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    if isinstance(value, BaseModel):
        return {name: to_json(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# Every link between records, written out from the models' field docs (not taken from the library's
# own table, so that a link the library forgets to check shows up as a silently accepted dangling id).
# (collection, path inside the record with [] for "every item", target collection)
REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("admin_units", "parent_id", "admin_units"),
    ("admin_units", "successor_ids[]", "admin_units"),
    ("agencies", "admin_unit_id", "admin_units"),
    ("agencies", "parent_id", "agencies"),
    ("agency_events", "agency_id", "agencies"),
    ("agency_events", "successor_ids[]", "agencies"),
    ("obligation_designations", "agency_id", "agencies"),
    ("tthc", "agency_ids[]", "agencies"),
    ("tthc", "assignments[].agency_id", "agencies"),
    ("tthc_list_updates", "province_id", "admin_units"),
    ("qms_units", "owner_agency_id", "agencies"),
    ("qms_units", "agency_ids[]", "agencies"),
    ("processes", "qms_id", "qms_units"),
    ("announcements", "qms_id", "qms_units"),
    ("legal_changes", "qms_ids[]", "qms_units"),
    ("qms_updates", "qms_id", "qms_units"),
    ("qms_updates", "legal_change_ids[]", "legal_changes"),
    ("qms_updates", "process_ids[]", "processes"),
    ("scope_decisions", "qms_id", "qms_units"),
    ("document_approvals", "qms_id", "qms_units"),
    ("document_approvals", "process_ids[]", "processes"),
    ("document_approvals", "planned_activity_id", "planned_activities"),
    ("effectiveness_confirmations", "qms_id", "qms_units"),
    ("effectiveness_confirmations", "planned_activity_id", "planned_activities"),
    ("internal_audits", "qms_id", "qms_units"),
    ("internal_audits", "process_ids[]", "processes"),
    ("internal_audits", "findings[].process_id", "processes"),
    ("nonconformities", "qms_id", "qms_units"),
    ("nonconformities", "audit_id", "internal_audits"),
    ("nonconformities", "inspection_id", "inspections"),
    ("corrective_actions", "nonconformity_id", "nonconformities"),
    ("corrective_actions", "reissued_from_id", "corrective_actions"),
    ("management_reviews", "qms_id", "qms_units"),
    ("annual_plans", "province_id", "admin_units"),
    ("plan_amendments", "plan_id", "annual_plans"),
    ("plan_amendments", "cancelled_activity_ids[]", "planned_activities"),
    ("plan_amendments", "rescheduled[].activity_id", "planned_activities"),
    ("planned_activities", "plan_id", "annual_plans"),
    ("planned_activities", "agency_id", "agencies"),
    ("planned_activities", "added_by_amendment_id", "plan_amendments"),
    ("activities", "agency_id", "agencies"),
    ("activities", "qms_id", "qms_units"),
    ("activities", "planned_activity_id", "planned_activities"),
    ("inspection_plans", "province_id", "admin_units"),
    ("inspection_plans", "inspecting_agency_id", "agencies"),
    ("inspection_plans", "cooperating_agency_ids[]", "agencies"),
    ("inspection_plans", "entries[].agency_id", "agencies"),
    ("inspections", "agency_id", "agencies"),
    ("inspections", "plan_id", "inspection_plans"),
    ("corrective_action_reports", "inspection_id", "inspections"),
    ("statutory_reports", "province_id", "admin_units"),
    ("statutory_reports", "sender_agency_id", "agencies"),
)


def id_fields() -> set[tuple[str, str]]:
    """(collection, path) of every field named `*_id` / `*_ids` in every record, nested included.

    Used by a self-test: every such field must be listed in `REFERENCES`.
    """
    found: set[tuple[str, str]] = set()

    def walk(model: type[BaseModel], prefix: str, collection: str) -> None:
        for name in model.model_fields:
            kind = field_kind(model, name)
            path = f"{prefix}{name}"
            if kind.tag == "tuple" and kind.item is not None and kind.item.model is not None:
                walk(kind.item.model, f"{path}[].", collection)
            elif kind.tag == "model" and kind.model is not None:
                walk(kind.model, f"{path}.", collection)
            elif name.endswith("_id"):
                found.add((collection, path))
            elif name.endswith("_ids"):
                found.add((collection, f"{path}[]"))

    for collection, cls in COLLECTIONS.items():
        walk(cls, "", collection)
    return found
