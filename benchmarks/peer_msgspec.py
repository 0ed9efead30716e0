"""The peer: a msgspec port of `load_dataset`, generated from the published JSON Schema.

The benchmark measures the library against the fastest typed decoder in Python doing the same
job (issue 28). `load(data)` decodes the bytes into frozen msgspec Structs built at import from
`docs/schema/v1/dataset.schema.json` (types, patterns, lengths, bounds, enums, required fields,
`additionalProperties: false`, dates), then makes the checks `load_dataset` makes:

- duplicate keys refused (a `jiter` pass with `catch_duplicate_keys`, before decoding);
- ids unique in each collection;
- every link resolves (the link table is the library's `record_links`: the schema does not
  publish which collection an id names);
- the records' cross-field rules that the schema states in `if`/`then` form are **not** ported,
  nor the dataset's cross-record rules: the peer does less work than the library (its time is
  a lower bound of a full port's), and the agreement test skips the mutations that break only
  such a rule (`tests/test_peer_msgspec.py`).

msgspec is an optional benchmark dependency (the `dev` extra); `available()` says whether it
is installed. Nothing in the library imports this module.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "schema" / "v1" / "dataset.schema.json"


class PeerError(ValueError):
    """The peer refused the input; `problems` lists (code, where) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(f"{len(problems)} problem(s): {problems[:3]}")
        self.problems = problems


def available() -> bool:
    """Whether msgspec is installed."""
    try:
        import msgspec  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def _anchored(pattern: str | None) -> str | None:
    """A JSON Schema pattern as Python's `re` must read it: `$` there also matches before a
    final newline (ECMA-262 and pydantic-core's Rust regex do not), so the end is `\\Z`."""
    if pattern is None or not pattern.endswith("$") or pattern.endswith("\\$"):
        return pattern
    return pattern[:-1] + "\\Z"


def _types() -> tuple[Any, dict[str, tuple[tuple[list[str], str], ...]]]:  # noqa: PLR0915 - the schema walk
    """The dataset's Struct type and the link table, built once from the schema."""
    import msgspec

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    defs: dict[str, Any] = schema["$defs"]
    built: dict[str, Any] = {}

    def string(node: Mapping[str, Any]) -> Any:
        if node.get("format") == "date":
            return dt.date
        meta = {
            k: v
            for k, v in (
                ("pattern", _anchored(node.get("pattern"))),
                ("min_length", node.get("minLength")),
                ("max_length", node.get("maxLength")),
            )
            if v is not None
        }
        return Annotated[str, msgspec.Meta(**meta)] if meta else str

    def of(node: Mapping[str, Any]) -> Any:
        if "$ref" in node:
            return struct(node["$ref"].rsplit("/", 1)[1])
        if "anyOf" in node:
            options = [of(o) for o in node["anyOf"]]
            union = options[0]
            for o in options[1:]:
                union = union | o
            return union
        if "enum" in node:
            return Literal[tuple(node["enum"])]
        kind = node.get("type")
        if kind == "null":
            return type(None)
        if kind == "string":
            return string(node)
        if kind == "boolean":
            return bool
        if kind in ("integer", "number"):
            meta = {
                k: v
                for k, v in (("ge", node.get("minimum")), ("le", node.get("maximum")))
                if v is not None
            }
            base = int if kind == "integer" else float
            return Annotated[base, msgspec.Meta(**meta)] if meta else base
        if kind == "array":
            item = of(node.get("items", {}))
            meta = {"min_length": node["minItems"]} if "minItems" in node else {}
            many = tuple[item, ...]  # type: ignore[valid-type]
            return Annotated[many, msgspec.Meta(**meta)] if meta else many
        if kind == "object" and "properties" in node:
            return make("Dataset", node)
        return Any

    def struct(name: str) -> Any:
        if name not in built:
            node = defs[name]
            if "enum" in node or node.get("type") != "object":
                built[name] = of(node)
            else:
                built[name] = None  # recursion guard (no schema type refers to itself)
                built[name] = make(name, node)
        return built[name]

    def make(name: str, node: Mapping[str, Any]) -> Any:
        required = set(node.get("required", ()))
        fields: list[Any] = []
        for field, prop in node["properties"].items():
            typ = of(prop)
            if field in required:
                fields.append((field, typ))
            else:
                default = prop.get("default")
                if isinstance(default, list):
                    default = ()
                elif isinstance(default, dict):
                    default = msgspec.field(default_factory=dict)
                fields.append((field, typ, default))
        fields.sort(key=lambda f: len(f) == 3)  # required fields first
        return msgspec.defstruct(
            name, fields, frozen=True, forbid_unknown_fields=True, kw_only=True
        )

    dataset = of(schema)
    links = _links()
    return dataset, links


def _links() -> dict[str, tuple[tuple[list[str], str], ...]]:
    from vn_iso_qms._internal.dataset import COLLECTIONS, record_links

    return {
        name: tuple((path.split("."), target) for path, target in record_links(cls))
        for name, cls in COLLECTIONS.items()
    }


def _walk(value: Any, parts: list[str]) -> list[str]:
    if value is None:
        return []
    if not parts:
        return [value]
    head, rest = parts[0], parts[1:]
    child = getattr(value, head.removesuffix("[]"))
    if head.endswith("[]"):
        return [ref for item in child for ref in _walk(item, rest)]
    return _walk(child, rest)


def load(data: bytes, *, check_duplicate_keys: bool = True) -> Any:
    """Decode and check a dataset like `load_dataset` (see the module's note); `PeerError` if not."""
    import jiter
    import msgspec

    dataset_type, links = _types()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if check_duplicate_keys:
        try:
            jiter.from_json(data, catch_duplicate_keys=True, cache_mode="keys")
        except ValueError as exc:
            raise PeerError([("duplicate_key_or_json", str(exc))]) from None
    try:
        ds = msgspec.json.decode(data, type=dataset_type)
    except msgspec.ValidationError as exc:
        raise PeerError([("invalid", str(exc))]) from None
    except msgspec.DecodeError as exc:
        raise PeerError([("json_invalid", str(exc))]) from None
    problems: list[tuple[str, str]] = []
    ids: dict[str, set[str]] = {}
    for name in links:
        seen: set[str] = set()
        for record in getattr(ds, name):
            if record.id in seen:
                problems.append(("duplicate_id", f"{name}:{record.id}"))
            seen.add(record.id)
        ids[name] = seen
    for name, paths in links.items():
        for record in getattr(ds, name):
            for parts, target in paths:
                for ref in _walk(record, parts):
                    if ref not in ids[target]:
                        problems.append(("dangling_reference", f"{name}:{record.id}"))
    for name in links:
        for record in getattr(ds, name):
            start = getattr(record, "valid_from", None)
            end = getattr(record, "valid_to", None)
            if start is not None and end is not None and end < start:
                problems.append(("valid_to_before_valid_from", f"{name}:{record.id}"))
    if problems:
        raise PeerError(problems)
    return ds
