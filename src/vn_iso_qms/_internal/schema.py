r"""The published contract: JSON Schemas for integrators in any language, and the code tables.

pydantic generates the schemas; this module makes them portable and self-explanatory for
validators outside Python (Ajv, .NET, PHP, Java):

- `$schema` (draft 2020-12) and a stable `$id` per layout version;
- rules of the library that a schema can express: `uniqueItems` for id lists that must not
  repeat, `if`/`then` for fields required by another field's value;
- descriptions written for integrators: the summary of each docstring without Python examples,
  documentation link markup or Python words (`None` is `null`, a tuple is an array).

Patterns name their characters (no `\s`) and dates carry a `pattern` beside `format: date`;
both come from the value types (see `types.py`).
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode

from vn_iso_qms._internal.dataset import DATASET_VERSION, QmsDataset
from vn_iso_qms._internal.types import ISO_DATE_PATTERN
from vn_iso_qms._internal.vocab_base import SOURCES

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of every published schema."""

CODE_TABLES_FORMAT = "vn_iso_qms.code_tables"
"""The value of the code tables document's `format` field."""

DATASET_DESCRIPTION = (
    "A vn_iso_qms dataset: every record one evaluation reads (registry, QMS units, processes, "
    "audits, reviews, plans, inspections), one collection per record type. Records link to each "
    "other by id. Beyond this schema, vn_iso_qms checks what a schema cannot express: that ids "
    "are unique within a collection, that every link names an existing record, the order of "
    "dates, and the rules that compare records. A document this schema accepts can still be "
    "refused: always load it with vn_iso_qms (or send it to a service that does) to be sure."
)
"""The description of the published dataset schema."""

INTEGERS_NOTE = (
    "Whole numbers (years, counts, amounts, version) must be written as JSON integers: 2023, not "
    "2023.0. JSON Schema counts 2023.0 as an integer, so a schema validator accepts it, but "
    "vn_iso_qms refuses it (no value is converted silently). Some encoders write whole floats "
    "that way (PHP's json_encode with JSON_PRESERVE_ZERO_FRACTION, some .NET settings for double "
    "and decimal): keep these values in an integer type, or cast before encoding."
)
"""The note on integers written as floats, in the dataset schema's description and the docs."""


def schema_id(model: type[BaseModel], mode: JsonSchemaMode = "validation") -> str:
    """The stable `$id` of the published schema of `model` for this layout version.

    The schema of what the library reads (`mode="validation"`) is `...:{Model}`; the schema of
    what it writes (`"serialization"`: a result as a service answers it, with derived fields
    such as a reason's messages) is `...:{Model}:output`.
    """
    suffix = ":output" if mode == "serialization" else ""
    return f"urn:vn-iso-qms:schema:{DATASET_VERSION}:{model.__name__}{suffix}"


def _present(field: str) -> dict[str, Any]:
    """A subschema: `field` is given and is not null."""
    return {"required": [field], "properties": {field: {"not": {"type": "null"}}}}


def _absent(field: str) -> dict[str, Any]:
    """A subschema: `field` is missing or null."""
    return {"properties": {field: {"type": "null"}}}


def _kind_is(field: str, *codes: str) -> dict[str, Any]:
    """A subschema: `field` is given and is one of `codes`."""
    return {"required": [field], "properties": {field: {"enum": list(codes)}}}


def _exactly_one(a: str, b: str) -> dict[str, Any]:
    return {"if": _present(a), "then": _absent(b), "else": _present(b)}


def _exactly_one_of(*fields: str) -> dict[str, Any]:
    return {"oneOf": [_present(f) for f in fields]}


def _both_or_neither(a: str, b: str) -> dict[str, Any]:
    return {"if": _present(a), "then": _present(b), "else": _absent(b)}


CONDITIONS: dict[str, list[dict[str, Any]]] = {
    "AgencyEvent": [
        {
            "if": _kind_is("kind", "merged_into", "split"),
            "then": {
                "required": ["successor_ids"],
                "properties": {"successor_ids": {"type": "array", "minItems": 1}},
            },
        },
        {"if": _kind_is("kind", "renamed"), "then": _present("new_name")},
    ],
    "Nonconformity": [
        {"if": _kind_is("source", "internal_audit"), "then": _present("audit_id")},
        {"if": _kind_is("source", "inspection"), "then": _present("inspection_id")},
    ],
    "Recurrence": [_exactly_one("count", "until")],
    "PlannedActivity": [_exactly_one_of("due_on", "due_in", "recurrence")],
    "CorrectiveActionReport": [_both_or_neither("accepted", "decided_on")],
}
"""Rules of one record that depend on another field's value, as `if`/`then` (by `$defs` name)."""

UNIQUE_ITEMS: dict[str, tuple[str, ...]] = {"QmsUnit": ("agency_ids",)}
"""Lists whose items must not repeat (by `$defs` name): `uniqueItems`."""

_SECTION = re.compile(r"^(Examples?|Args|Arguments|Attributes|Returns|Raises|Note|Notes):\s*$")
_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]|\[([^\]]+)\]\([^)]*\)")
_PYTHON_WORDS = (
    (re.compile(r"`None`|\bNone\b"), "null"),
    (re.compile(r"`True`|\bTrue\b"), "true"),
    (re.compile(r"`False`|\bFalse\b"), "false"),
    (re.compile(r"`?datetime\.date`?"), "date"),
    (re.compile(r"\btuples\b"), "arrays"),
    (re.compile(r"\btuple\b"), "array"),
)


def describe(text: str) -> str:
    """A docstring as a description for integrators in any language.

    Keeps the text before the first Google-style section (`Examples:`, `Args:`, ...), drops
    doctest lines, turns documentation links (`[text][target]`, `[text](page.md)`) into their
    text and Python words into JSON's (`None` -> `null`, tuple -> array).
    """
    kept: list[str] = []
    for line in text.splitlines():
        if _SECTION.match(line.strip()):
            break
        if line.lstrip().startswith((">>>", "...")):
            continue
        kept.append(line)
    out = _LINK.sub(lambda m: m[1] or m[2], "\n".join(kept).strip())
    for pattern, word in _PYTHON_WORDS:
        out = pattern.sub(word, out)
    return out


def _clean(node: Any) -> Any:
    if isinstance(node, dict):
        # a record's own description: its docstring's first paragraph (the rest is for Python)
        first = "properties" in node
        out = {
            k: (describe(v).split("\n\n")[0] if first else describe(v))
            if k == "description" and isinstance(v, str)
            else _clean(v)
            for k, v in node.items()
        }
        if out.get("format") == "date":  # a plain `datetime.date` field of a result model
            out.setdefault("pattern", ISO_DATE_PATTERN)
        return out
    if isinstance(node, list):
        return [_clean(v) for v in node]
    return node


def _add_rules(schema: dict[str, Any]) -> None:
    """Add the `if`/`then` and `uniqueItems` rules to every definition they apply to."""
    defs = schema.get("$defs", {})
    for name in {*CONDITIONS, *UNIQUE_ITEMS}:
        target = defs.get(name) or (schema if schema.get("title") == name else None)
        if target is None:
            continue
        if name in CONDITIONS:
            target["allOf"] = [*target.get("allOf", []), *CONDITIONS[name]]
        for field in UNIQUE_ITEMS.get(name, ()):
            target["properties"][field]["uniqueItems"] = True


@cache
def _schema_text(model: type[BaseModel], mode: JsonSchemaMode) -> str:
    schema: dict[str, Any] = _clean(model.model_json_schema(mode=mode))
    _add_rules(schema)
    if model is QmsDataset:
        schema["description"] = f"{DATASET_DESCRIPTION}\n\n{INTEGERS_NOTE}"
    return json.dumps(
        {"$schema": SCHEMA_DIALECT, "$id": schema_id(model, mode), **schema}, ensure_ascii=False
    )


def json_schema(
    model: type[BaseModel] = QmsDataset, *, mode: JsonSchemaMode = "validation"
) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the dataset, or of one record or result type.

    The schema is the published contract for tools in other languages: it has `$schema` and a
    stable `$id`, patterns that every validator reads alike, `if`/`then` and `uniqueItems` for
    the rules of one record that a schema can express, and descriptions written for integrators.
    It is built once per model; each call returns a fresh copy, safe to change.

    Args:
        model: [`QmsDataset`][vn_iso_qms.QmsDataset] (default), any public record class, or a
            result such as [`ProvinceReport`][vn_iso_qms.reports.ProvinceReport].
        mode: `"validation"` (default): what the library accepts as input;
            `"serialization"`: what it writes, e.g. a result as a service answers it.

    Returns:
        The schema as a JSON-compatible dict.
    """
    result: dict[str, Any] = json.loads(_schema_text(model, mode))
    return result


def code_tables() -> dict[str, Any]:
    """Every vocabulary's codes with their Vietnamese and English labels and legal source.

    The JSON companion of the schema, for user interfaces outside Python: the schema lists
    the codes of each vocabulary (its `$defs` entry has the same name), this gives their
    labels. Codes are stable; labels may be reworded between releases.

    Returns:
        `{"format": "vn_iso_qms.code_tables", "version": 1, "tables": {name: {"source": ...,
        "codes": [{"code": ..., "vi": ..., "en": ...}, ...]}}}`, vocabularies by name.

    Examples:
        >>> tables = code_tables()["tables"]
        >>> tables["InspectionForm"]["codes"][0]
        {'code': 'desk', 'vi': 'Kiểm tra qua hồ sơ, báo cáo', 'en': 'Desk review'}
    """
    tables = {
        enum.__name__: {
            "source": source,
            "codes": [
                {"code": member.value, "vi": member.label_vi, "en": member.label_en}
                for member in enum
            ],
        }
        for enum, source in sorted(SOURCES.items(), key=lambda item: item[0].__name__)
        if enum.__module__.startswith("vn_iso_qms.")  # not a caller's own vocabulary
    }
    return {"format": CODE_TABLES_FORMAT, "version": DATASET_VERSION, "tables": tables}
