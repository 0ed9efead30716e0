"""JSON interchange: load and dump datasets, JSON Schema. The only module here that touches bytes."""

from __future__ import annotations

import gc
import json
import os
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any

import jiter
from pydantic import BaseModel, TypeAdapter, ValidationError, create_model

from vn_iso_qms._internal.base import Record
from vn_iso_qms._internal.collector import relaxed as _gc_relaxed
from vn_iso_qms._internal.dataset import (
    COLLECTIONS,
    INTEGRITY_CODES,
    QmsDataset,
    fail_fast_collections,
    integrity_errors,
    integrity_problems,
)
from vn_iso_qms._internal.errors import (
    InvalidDataError,
    Problem,
    check_input_size,
    error_message,
)
from vn_iso_qms._internal.files import read_bounded
from vn_iso_qms._internal.limits import DEFAULT_LIMITS, Limits, ProblemList
from vn_iso_qms._internal.schema import json_schema as json_schema  # noqa: PLC0414 - re-exported

DEFAULT_MAX_BYTES = 2 * 1024**3
"""Default largest input `load_dataset` accepts: 2 GiB (a national multi-year dataset is ~0.5 GB)."""

_BOM = b"\xef\xbb\xbf"


_gc_lock = threading.Lock()
_gc_pauses = 0
"""How many `_gc_paused` blocks are open, in any thread (guarded by `_gc_lock`)."""
_gc_was_enabled = False
"""Whether the collector was on when the first of the open blocks began."""


@contextmanager
def _gc_paused(pause: bool = True) -> Iterator[None]:
    """Pause the cyclic garbage collector during one bulk validation, when `pause` is true.

    Validation allocates millions of acyclic objects; each allocation burst would otherwise
    trigger collector passes that rescan every live record. Reference counting still frees
    memory. The collector is process-wide state, so this is opt-in (`load_dataset(...,
    pause_gc=True)`, used by the command line and the benchmarks) and thread-safe: the first
    block to open notes whether the collector was on, the last to close turns it back on if it
    was, whichever threads they run in, even on error.
    """
    global _gc_pauses, _gc_was_enabled  # noqa: PLW0603 - one process-wide count, under a lock
    if not pause:
        yield
        return
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


_TRIM_FROM_BYTES = 1 << 20
"""Inputs from this size on give freed memory back to the system after a load (see `_trim`)."""


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """The C library's `malloc_trim` (glibc), or None on any other C library or platform."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes  # only a large load on Linux needs it

        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        return None
    return trim


def _trim(size: int) -> None:
    """Give the C heap's free pages back to the system after a large load (glibc only).

    pydantic-core parses the whole document into its own tree before building the records;
    glibc keeps the pages of that freed tree, so a process held about twice the dataset's own
    memory after a load (37 MB for the 1x dataset, 19.7 MB after the trim; 365 -> 188 MB at 10x)
    for 1.5 ms (13 ms at 10x). It only releases free memory and is thread-safe.
    """
    if size >= _TRIM_FROM_BYTES and (trim := _malloc_trim()) is not None:
        trim(0)


def _empty() -> InvalidDataError:
    problem = Problem(record_type="file", code="empty", message="the input is empty")
    return InvalidDataError([problem], summary="cannot load dataset")


def _read(
    source: bytes | bytearray | memoryview | str | os.PathLike[str] | None,
    text: str | None,
    max_bytes: int,
) -> bytes:
    if text is not None:
        if source is not None:
            msg = "give either source or text, not both"
            raise TypeError(msg)
        if not text.strip():
            raise _empty()
        check_input_size(len(text), max_bytes, "input")  # a str is at least 1 byte a character
        data = text.removeprefix("\ufeff").encode("utf-8", errors="surrogatepass")
    elif isinstance(source, bytes | bytearray | memoryview):
        check_input_size(len(source), max_bytes, "input")
        data = bytes(source)
    elif source is None:
        msg = "give the dataset's path or bytes (or its JSON text as text=...)"
        raise TypeError(msg)
    elif isinstance(source, str) and not source.strip():
        raise _empty()
    elif (
        isinstance(source, str)
        and source.lstrip("\ufeff \t\r\n").startswith(("{", "["))
        and not _is_file(source)
    ):
        warnings.warn(
            "load_dataset(str) reads a path; passing JSON text as a str is deprecated: "
            "use load_dataset(text=...) or pass bytes",
            DeprecationWarning,
            stacklevel=3,
        )
        return _read(None, source, max_bytes)
    else:
        data = read_bounded(source, max_bytes, what="dataset")
    check_input_size(len(data), max_bytes, "input")
    return data


def _is_file(source: str) -> bool:
    try:
        return len(source) < 4096 and Path(source).exists()
    except (OSError, ValueError):
        return False


def load_dataset(
    source: bytes | bytearray | memoryview | str | os.PathLike[str] | None = None,
    *,
    text: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    check_duplicate_keys: bool = True,
    limits: Limits = DEFAULT_LIMITS,
    pause_gc: bool = False,
) -> QmsDataset:
    """Load and validate a dataset from JSON bytes, a file path, or JSON text.

    Every record is validated, then every link between records. A UTF-8 byte-order mark at the
    start is accepted (spreadsheet programs write one); nothing else is altered. A path is read
    only if it is a regular file, and never beyond `max_bytes`.

    Args:
        source: the JSON document as bytes, or the path of a `.json` file (a `str` is a path;
            JSON text given as a `str` is deprecated, use `text`).
        text: the JSON document as text, instead of `source`.
        max_bytes: the largest input accepted.
        check_duplicate_keys: reject a JSON object that gives the same key twice (JSON parsers,
            pydantic's included, keep the last value and drop the other silently). The bytes
            are still parsed once (jiter refuses the key as it parses); turned off, pydantic
            validates the JSON text directly, which holds less memory after the load (the
            records do not keep the parsed strings): for files this library wrote.
        limits: the resource budgets (problems kept, characters quoted); see `Limits`.
        pause_gc: pause Python's cyclic garbage collector while validating. Without it the
            collector stays on and only its young passes run less often during the load
            (threshold 10,000 instead of 700, restored after), which gives most of the
            pause's speed; pausing gains a little more at 10x. The collector is
            process-wide: leave this off in a server or any program with other threads at
            work (they would run without it meanwhile); a command-line tool loading one file
            can turn it on. Concurrent loads that pause it leave it as they found it.

    Returns:
        The validated dataset.

    Raises:
        InvalidDataError: with every problem found (up to `limits.max_problems`, then a
            count), each naming the record type, id (or position), field and reason.
            `InputTooLargeError` when the input exceeds `max_bytes`.
        TypeError: neither or both of `source` and `text` are given.

    Examples:
        >>> ds = load_dataset(text='{"agencies": [{"id": "a", "name": "Sở Nội vụ",'
        ...                   ' "kind": "provincial_department"}]}')
        >>> ds.counts()["agencies"]
        1
    """
    data = _read(source, text, max_bytes)
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    with _gc_relaxed():
        dataset = _load(data, check_duplicate_keys, limits, pause_gc)
    _trim(len(data))
    return dataset


def _load(data: bytes, check_duplicate_keys: bool, limits: Limits, pause_gc: bool) -> QmsDataset:
    duplicates = ProblemList(limits.max_problems)
    if check_duplicate_keys:
        with _gc_paused(pause_gc):
            parsed = _parse_once(data)
            repeated_or_not_json = parsed is _REPEATED_OR_NOT_JSON
            dataset = None if repeated_or_not_json else _from_parsed(parsed)
            del parsed
        if dataset is not None:
            return dataset  # valid data, parsed once
        if repeated_or_not_json:  # locate the repeated keys; pydantic locates a syntax error
            _duplicate_keys(data, duplicates)
        # otherwise no key repeats: the JSON path below finds and locates every problem
    try:
        with _gc_paused(pause_gc):
            # Fail fast: valid data costs the same, and a bad input stops at its first bad
            # record instead of piling up millions of errors inside pydantic; the error path
            # below then finds every problem within the budget. (pydantic's own
            # model_validate_json: QmsDataset's adds a second pass over the links that the
            # error path below does within the budget.)
            checked = _VALIDATE_JSON(_fail_fast_model(), data)
    except ValidationError as exc:  # fields, then the links among the valid records
        problems = ProblemList(limits.max_problems, duplicates)
        _problems_from(exc, data, problems, limits)
        links_only = all(p.code in INTEGRITY_CODES for p in problems)
        raise InvalidDataError(
            problems,
            summary="dataset integrity" if links_only else "invalid dataset",
        ) from None
    if duplicates:
        raise InvalidDataError(duplicates, summary="invalid dataset")
    return QmsDataset.model_construct(
        checked.model_fields_set, **{name: getattr(checked, name) for name in _FIELDS}
    )


_VALIDATE_JSON = BaseModel.model_validate_json.__func__  # type: ignore[attr-defined]
"""pydantic's JSON validation, without `QmsDataset`'s override (see `load_dataset`)."""

_FIELDS = tuple(QmsDataset.model_fields)


@cache
def _fail_fast_model() -> type[QmsDataset]:
    """`QmsDataset` whose collections stop validating at their first bad record.

    Only the JSON reader uses it; the result is rebuilt as a plain `QmsDataset` (field by
    field, without validating again).
    """
    fields: dict[str, Any] = {name: (kind, ()) for name, kind in fail_fast_collections().items()}
    model: type[QmsDataset] = create_model(
        "QmsDataset", __base__=QmsDataset, __module__=__name__, **fields
    )
    return model


_REPEATED_OR_NOT_JSON: Any = object()
"""`_parse_once`'s answer when the bytes repeat a key in an object or are not JSON."""


def _parse_once(data: bytes) -> Any:
    """The document as Python values, parsed once, refusing a key given twice in one object.

    jiter (pydantic's own JSON parser, in Rust) checks every object as it parses. Validating
    these values in Python mode reads dates, numbers and texts exactly as JSON mode does (the
    library's types are built for both: `Date`, strict years and amounts), so the bytes are
    parsed once instead of twice (once for the repeated keys, once by pydantic): issue 28.
    """
    try:
        return jiter.from_json(
            data, catch_duplicate_keys=True, cache_mode="all", allow_inf_nan=False
        )
    except ValueError:
        return _REPEATED_OR_NOT_JSON


@cache
def _field_validators() -> dict[str, TypeAdapter[Any]]:
    """A validator per dataset field; a collection's stops at its first bad record."""
    collections = fail_fast_collections()
    return {
        name: TypeAdapter(collections[name] if name in collections else info.rebuild_annotation())
        for name, info in QmsDataset.model_fields.items()
    }


def _from_parsed(parsed: Any) -> QmsDataset | None:
    """The dataset from parsed JSON when every record is valid and every link holds; else None.

    Field by field, each collection's parsed values are dropped as soon as its records are
    built, so the parsed tree and the records are not both held whole (peak memory). Anything
    wrong (an unknown key, a bad record, a dangling link) gives None, and the caller's JSON path
    finds and locates every problem as it always has: valid data is the fast path only.
    """
    if not isinstance(parsed, dict):
        return None
    validators = _field_validators()
    if not parsed.keys() <= validators.keys():
        return None
    values: dict[str, Any] = {}
    try:
        for name in list(parsed):
            values[name] = _validate_in_chunks(validators[name], parsed.pop(name))
    except ValidationError:
        return None
    dataset = QmsDataset.model_construct(set(values), **values)
    if integrity_errors(dataset.collections()):
        return None
    return dataset


_CHUNK = 256
"""Records validated per call by `_validate_in_chunks`."""


def _validate_in_chunks(validator: TypeAdapter[Any], raw: Any) -> Any:
    """`validator.validate_python(raw)`, a collection's records a chunk at a time from its end.

    Each chunk's parsed values are freed as soon as its records are built, so the next chunk's
    records reuse their memory instead of growing the heap beside a whole parsed collection:
    memory held after a load 27.8 -> 22.8 MB for the 1x dataset, 267 -> 214 MB at 10x
    (`benchmarks/load_ab.py`), with no loss of time (fewer new pages to touch). Any other value
    (a field that is not a list, a short list) is validated whole.
    """
    if not isinstance(raw, list) or len(raw) <= _CHUNK:
        return validator.validate_python(raw)
    parts: list[tuple[Any, ...]] = []
    while raw:
        parts.append(validator.validate_python(raw[-_CHUNK:]))
        del raw[-_CHUNK:]
    parts.reverse()
    return tuple(chain.from_iterable(parts))


class _DuplicateKeys:
    """An `object_pairs_hook` that notes every object giving a key twice."""

    def __init__(self) -> None:
        self.found: dict[int, list[str]] = {}

    def __call__(self, pairs: list[tuple[str, object]]) -> dict[str, object]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    self.found.setdefault(id(obj), []).append(key)
                seen.add(key)
        return obj


def _duplicate_keys(data: bytes, sink: list[Problem] | None = None) -> list[Problem]:
    """Located problems for keys given twice in one object (empty when there are none)."""
    hook = _DuplicateKeys()
    try:
        doc = json.loads(data, object_pairs_hook=hook)
    except (ValueError, RecursionError):  # pragma: no cover - pydantic already accepted the bytes
        return []
    if not hook.found:
        return []
    problems: list[Problem] = [] if sink is None else sink

    def visit(
        node: Any, record_type: str, record_id: str | None, index: int | None, path: str
    ) -> None:
        if isinstance(node, dict):
            for key in hook.found.get(id(node), ()):
                problems.append(
                    Problem(
                        record_type=record_type,
                        record_id=record_id,
                        index=index,
                        field=f"{path}.{key}" if path else key,
                        code="duplicate_key",
                        message=f"key {key!r} is given twice in one object; JSON keeps only the last value",
                    )
                )
            for key, value in node.items():
                visit(value, record_type, record_id, index, f"{path}.{key}" if path else key)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                visit(item, record_type, record_id, index, f"{path}[{i}]")

    if isinstance(doc, dict):
        for key in hook.found.get(id(doc), ()):
            problems.append(
                Problem(
                    record_type="dataset",
                    field=key,
                    code="duplicate_key",
                    message=f"key {key!r} is given twice in the dataset; JSON keeps only the last value",
                )
            )
        for name, items in doc.items():
            record_cls = COLLECTIONS.get(name)
            if record_cls is None or not isinstance(items, list):
                visit(items, "dataset", None, None, name)
                continue
            for i, item in enumerate(items):
                rid = item.get("id") if isinstance(item, dict) else None
                visit(item, record_cls.record_type, rid if isinstance(rid, str) else None, i, "")
    return problems


def dump_dataset(dataset: QmsDataset, *, indent: int | None = None) -> bytes:
    """Serialise a dataset to UTF-8 JSON bytes (dates as ISO 8601, codes as strings).

    `load_dataset(dump_dataset(ds)) == ds` for every dataset.

    Args:
        dataset: the dataset.
        indent: pretty-print with this indent; None (default) writes compact JSON.

    Returns:
        The JSON document.
    """
    # Straight to bytes: model_dump_json() would build a Python str and encode it again.
    return QmsDataset.__pydantic_serializer__.to_json(dataset, indent=indent)


# --- turning pydantic errors into located problems (error path only) -------------------------


def _problems_from(
    exc: ValidationError, data: bytes, problems: ProblemList, limits: Limits
) -> None:
    """Every problem of a document the fail-fast validation refused, within `limits`.

    The fail-fast error names the first bad record of a collection only; each record is then
    validated on its own, so memory holds one record's errors at a time, problems beyond
    `limits.max_problems` are only counted, and links are checked among the records that did
    validate.
    """
    raw: Any = None
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError):
        raw = None
    errors = exc.errors(include_url=False)
    if not isinstance(raw, dict) or any(err["type"] == "json_invalid" for err in errors):
        # Not JSON (to pydantic's parser), or not an object: pydantic said it all. Links are
        # not checked after a syntax error: the records read are an accident of where the
        # parser stopped.
        problems.extend(_problem(err, raw) for err in errors)
        return
    per_record = {
        str(err["loc"][0])
        for err in errors
        if len(err["loc"]) >= 2
        and err["loc"][0] in COLLECTIONS
        and isinstance(raw.get(err["loc"][0]), list)
    }
    for err in errors:
        if not (len(err["loc"]) >= 2 and str(err["loc"][0]) in per_record):
            problems.append(_problem(err, raw))
    valid: dict[str, tuple[Record, ...]] = {}
    positions: dict[str, list[int]] = {}
    known: dict[str, set[str]] = {}
    for name, record_cls in COLLECTIONS.items():
        items = raw.get(name)
        if not isinstance(items, list):
            valid[name] = ()
            continue
        if name not in per_record:  # the first pass found no bad record here
            try:
                valid[name] = _tuple_adapter(record_cls).validate_json(json.dumps(items))
                positions[name] = list(range(len(items)))
                known[name] = set()
                continue
            except ValidationError:  # pragma: no cover - these items already validated once
                pass
        valid[name] = _validate_each(record_cls, name, items, problems, positions, known)
    sink = ProblemList(limits.max_problems)
    integrity_problems(valid, known_ids=known, sink=sink)
    for found in sink:  # positions among the valid records -> positions in the document
        if found.index is not None:
            where = positions[_COLLECTION_OF_TYPE[found.record_type]]
            found = found.model_copy(update={"index": where[found.index]})  # noqa: PLW2901
        problems.append(found)
    problems.omitted += sink.omitted


_COLLECTION_OF_TYPE = {t.record_type: n for n, t in COLLECTIONS.items()}


def _validate_each(
    record_cls: type[Record],
    name: str,
    items: list[Any],
    problems: ProblemList,
    positions: dict[str, list[int]],
    known: dict[str, set[str]],
) -> tuple[Record, ...]:
    """The records of one collection that validate alone; a problem for each one that does not."""
    adapter = _record_adapter(record_cls)
    good: list[Record] = []
    where: list[int] = []
    failed_ids: set[str] = set()
    for index, item in enumerate(items):
        try:
            good.append(adapter.validate_json(json.dumps(item)))
            where.append(index)
        except ValidationError as exc:
            rid = item.get("id") if isinstance(item, dict) else None
            if isinstance(rid, str):
                failed_ids.add(rid)
            if problems.full:
                problems.omitted += exc.error_count()
                continue
            for err in exc.errors(include_url=False):
                located = {**err, "loc": (name, index, *err["loc"])}
                problems.append(
                    _problem(located, None, record_id=rid if isinstance(rid, str) else None)
                )
    positions[name] = where
    known[name] = failed_ids
    return tuple(good)


def _problem(err: Any, raw: Any, *, record_id: str | None = None) -> Problem:
    loc: tuple[int | str, ...] = tuple(err["loc"])
    message = error_message(err)
    code = str(err["type"])
    if code == "json_invalid":
        return Problem(record_type="file", code=code, message=message)
    if loc and loc[0] in COLLECTIONS:
        collection = str(loc[0])
        record_type = COLLECTIONS[collection].record_type
        if len(loc) >= 2 and isinstance(loc[1], int):
            index = loc[1]
            field = _dotted(loc[2:]) or None
            return Problem(
                record_type=record_type,
                record_id=record_id if record_id is not None else _raw_id(raw, collection, index),
                index=index,
                field=field,
                code=code,
                message=message,
            )
        return Problem(record_type=record_type, field=collection, code=code, message=message)
    return Problem(record_type="dataset", field=_dotted(loc) or None, code=code, message=message)


def _raw_id(raw: Any, collection: str, index: int) -> str | None:
    try:
        value = raw[collection][index]["id"]
    except (KeyError, IndexError, TypeError):
        return None
    return value if isinstance(value, str) else None


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@cache
def _record_adapter(record_cls: type[Record]) -> TypeAdapter[Record]:
    """A validator of one record type, built once (building one takes milliseconds)."""
    return TypeAdapter(record_cls)


@cache
def _tuple_adapter(record_cls: type[Record]) -> TypeAdapter[tuple[Record, ...]]:
    """A validator of a tuple of one record type, built once (building one takes milliseconds)."""
    return TypeAdapter(tuple[record_cls, ...])  # type: ignore[valid-type]
