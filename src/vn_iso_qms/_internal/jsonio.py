"""JSON interchange: load and dump datasets, JSON Schema. The only module here that touches bytes."""

from __future__ import annotations

import gc
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jiter
from pydantic import ValidationError

from vn_iso_qms._internal.dataset import COLLECTIONS, INTEGRITY_CODES, QmsDataset
from vn_iso_qms._internal.errors import (
    InvalidDataError,
    Problem,
    check_input_size,
    error_message,
)
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


def _unreadable(path: object, reason: str) -> InvalidDataError:
    problem = Problem(
        record_type="file",
        field=str(path),
        code="unreadable",
        message=f"cannot read {path}: {reason}",
    )
    return InvalidDataError([problem], summary="cannot load dataset")


def _read(source: bytes | bytearray | memoryview | str | os.PathLike[str], max_bytes: int) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str) and source.lstrip("\ufeff \t\r\n").startswith(("{", "[")):
        data = source.removeprefix("\ufeff").encode("utf-8", errors="surrogatepass")
    elif isinstance(source, str) and not source.strip():
        problem = Problem(record_type="file", code="empty", message="the input is empty")
        raise InvalidDataError([problem], summary="cannot load dataset")
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
            check_input_size(size, max_bytes, str(path))
            data = path.read_bytes()
        except (OSError, ValueError) as exc:  # missing, a directory, no permission, a NUL byte
            raise _unreadable(path, getattr(exc, "strerror", None) or str(exc)) from None
    check_input_size(len(data), max_bytes, "input")
    return data


def load_dataset(
    source: bytes | bytearray | memoryview | str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    check_duplicate_keys: bool = True,
    pause_gc: bool = False,
) -> QmsDataset:
    """Load and validate a dataset from JSON bytes, a JSON string, or a file path.

    Every record is validated, then every link between records. A UTF-8 byte-order mark at the
    start is accepted (spreadsheet programs write one); nothing else is altered.

    Args:
        source: the JSON document (bytes or str), or the path of a `.json` file.
        max_bytes: the largest input accepted.
        check_duplicate_keys: reject a JSON object that gives the same key twice (JSON parsers,
            pydantic's included, keep the last value and drop the other silently). It costs
            one more parse of the bytes; turn it off only for files this library wrote.
        pause_gc: pause Python's cyclic garbage collector while validating, which makes a
            large load about twice as fast. The collector is process-wide: leave this off in
            a server or any program with other threads at work (they would run without it
            meanwhile); a command-line tool loading one file can turn it on. Concurrent loads
            that pause it leave it as they found it.

    Returns:
        The validated dataset.

    Raises:
        InvalidDataError: with every problem found, each naming the record type, id (or
            position), field and reason. `InputTooLargeError` when the input exceeds `max_bytes`.

    Examples:
        >>> ds = load_dataset(b'{"agencies": [{"id": "a", "name": "Sở Nội vụ",'
        ...                   b' "kind": "provincial_department"}]}')
        >>> ds.counts()["agencies"]
        1
    """
    data = _read(source, max_bytes)
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    repeats = check_duplicate_keys and _may_repeat_keys(data, pause_gc)
    duplicates = _duplicate_keys(data) if repeats else []
    try:
        with _gc_paused(pause_gc):
            dataset = QmsDataset.model_validate_json(data)
    except ValidationError as exc:  # fields, then the links among the valid records
        problems = _problems_from(exc, data)
        links_only = all(p.code in INTEGRITY_CODES for p in problems)
        raise InvalidDataError(
            [*duplicates, *problems],
            summary="dataset integrity" if links_only else "invalid dataset",
        ) from None
    if duplicates:
        raise InvalidDataError(duplicates, summary="invalid dataset")
    return dataset


def _may_repeat_keys(data: bytes, pause_gc: bool = False) -> bool:
    """False when no JSON object in `data` gives a key twice; True when one may.

    jiter (pydantic's own JSON parser) checks every object in Rust, about a third of the cost of
    the located check below, which therefore runs only when jiter finds a repeated key or
    cannot parse the bytes at all (then pydantic reports the syntax error, and the located
    check finds whatever it can).
    """
    try:
        with _gc_paused(pause_gc):
            jiter.from_json(data, catch_duplicate_keys=True, cache_mode="keys")
    except ValueError:
        return True
    return False


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


def _duplicate_keys(data: bytes) -> list[Problem]:
    """Located problems for keys given twice in one object (empty when there are none)."""
    hook = _DuplicateKeys()
    try:
        doc = json.loads(data, object_pairs_hook=hook)
    except (ValueError, RecursionError):  # pragma: no cover - pydantic already accepted the bytes
        return []
    if not hook.found:
        return []
    problems: list[Problem] = []

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


def _problems_from(exc: ValidationError, data: bytes) -> list[Problem]:
    raw: Any = None
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError):
        raw = None
    # QmsDataset.model_validate_json reports the links among the valid records with the
    # fields, and none after a syntax error (the records parsed then are an accident of where
    # the parser stopped).
    return [_problem(err, raw) for err in exc.errors(include_url=False)]


def _raw_id(raw: Any, collection: str, index: int) -> str | None:
    try:
        value = raw[collection][index]["id"]
    except (KeyError, IndexError, TypeError):
        return None
    return value if isinstance(value, str) else None


def _problem(err: Any, raw: Any) -> Problem:
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
                record_id=_raw_id(raw, collection, index),
                index=index,
                field=field,
                code=code,
                message=message,
            )
        return Problem(record_type=record_type, field=collection, code=code, message=message)
    return Problem(record_type="dataset", field=_dotted(loc) or None, code=code, message=message)


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
