"""The oracle: run one case through `load_dataset` and judge the outcome.

Acceptable outcomes are exactly two:

- `InvalidDataError` with at least one problem, every problem with a non-empty message, record
  type and code; when the case is targeted, one problem names the mutated record and field;
- a load whose result is what the input says: `EQUAL` cases equal the base dataset; other loads
  are checked against an independent reading of the bytes (strict UTF-8, RFC 8259 JSON, no
  duplicate keys, no NaN, no lone surrogates): every value in the input is in the loaded dataset,
  unchanged and with the same JSON type; every field the input leaves out holds its documented
  default; and dump -> load -> dump is stable.

Anything else is a failure, in one of these classes:

- `unexpected`: an exception other than `InvalidDataError` (KeyError, RecursionError,
  UnicodeDecodeError, a leaking pydantic ValidationError, ...) or a malformed `InvalidDataError`;
- `silent`: the input was loaded but the result differs from what it says, or input that must be
  rejected was accepted;
- `mislocated`: rejected, but no problem names the mutated record/field, or the problems include
  ones about records that were never read (integrity problems next to a JSON syntax error);
- `wrong_rejection`: input that must load (BOM, whitespace, key order, ...) was rejected.
"""

from __future__ import annotations

import dataclasses
import json
import re
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from tests.fuzz.mutations import BOM, Case, Expect, Target, bases
from tests.fuzz.schema import COLLECTIONS, DATASET, Kind, field_kind, to_json
from vn_iso_qms import InvalidDataError, Problem, QmsDataset, dump_dataset, load_dataset

RuleStatus = Literal["ok", "unexpected", "silent", "mislocated", "wrong_rejection"]
FAILURES: tuple[RuleStatus, ...] = ("unexpected", "silent", "mislocated", "wrong_rejection")


@dataclasses.dataclass(frozen=True)
class Verdict:
    """The judgement of one case."""

    status: RuleStatus
    outcome: Literal["loaded", "rejected", "raised"]
    detail: str = ""
    problems: tuple[Problem, ...] = ()
    exc_type: str | None = None


# --- the independent reading of the input -------------------------------------------------------


class NotJsonError(Exception):
    """The input is not strict UTF-8 RFC 8259 JSON with unique keys."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Object hook: a key given twice must carry the same value both times (else input is lost)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out and not _same(out[key], value):
            raise NotJsonError(f"key {key!r} given twice with different values")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise NotJsonError(f"non-JSON literal {name}")


def _check_strings(node: Any) -> None:
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, str):
            if _SURROGATE.search(n):
                raise NotJsonError("lone surrogate in a string")
        elif isinstance(n, dict):
            for k, v in n.items():
                if _SURROGATE.search(k):
                    raise NotJsonError("lone surrogate in a key")
                stack.append(v)
        elif isinstance(n, list):
            stack.extend(n)


def reference_parse(data: bytes | str) -> Any:
    """Read the input strictly: one leading BOM allowed, then UTF-8 JSON text (RFC 8259)."""
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
        if _SURROGATE.search(text):
            raise NotJsonError("lone surrogate in the text")
    else:
        try:
            text = bytes(data).removeprefix(BOM).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NotJsonError(f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise NotJsonError(f"{type(exc).__name__}: {str(exc)[:120]}") from None
    _check_strings(doc)
    return doc


# --- comparing the input with what was loaded ---------------------------------------------------

_MISSING = object()


def _same(a: Any, b: Any) -> bool:
    """JSON equality that also tells 1, 1.0 and true apart."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def difference(given: Any, loaded: Any, kind: Kind = DATASET, path: str = "$") -> str | None:
    """The first place where `loaded` (the dump of what was loaded) is not what `given` says."""
    if kind.tag == "model" and isinstance(given, dict) and kind.model is not None:
        if not isinstance(loaded, dict):
            return f"{path}: object became {type(loaded).__name__}"
        fields = kind.model.model_fields
        for key in given:
            if key not in fields:
                return f"{path}.{key}: unknown key accepted"
        for key in loaded:
            if key not in fields:
                return f"{path}.{key}: key appeared from nowhere"
        for name, info in fields.items():
            sub = f"{path}.{name}"
            if name in given:
                d = difference(
                    given[name], loaded.get(name, _MISSING), field_kind(kind.model, name), sub
                )
                if d:
                    return d
            else:
                default = to_json(info.get_default(call_default_factory=True))
                if not _same(loaded.get(name, _MISSING), default):
                    return f"{sub}: absent in input but loaded as {loaded.get(name)!r}, not {default!r}"
        return None
    if kind.tag == "tuple" and isinstance(given, list) and kind.item is not None:
        if not isinstance(loaded, list) or len(loaded) != len(given):
            return f"{path}: array of {len(given)} became {str(loaded)[:60]}"
        for i, (g, x) in enumerate(zip(given, loaded, strict=True)):
            d = difference(g, x, kind.item, f"{path}[{i}]")
            if d:
                return d
        return None
    if not _same(given, loaded):
        return f"{path}: input {_short(given)} loaded as {_short(loaded)}"
    return None


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True) if value is not _MISSING else "<missing>"
    return text if len(text) <= 80 else text[:77] + "..."


# --- locating problems --------------------------------------------------------------------------


def _related(problem_field: str | None, target_field: str | None) -> bool:
    if problem_field is None or target_field is None:
        return True
    p, t = problem_field, target_field
    return p == t or p.startswith((t + ".", t + "[")) or t.startswith((p + ".", p + "["))


def locates(p: Problem, t: Target) -> bool:
    """Whether problem `p` names the place `t` where the mutation was made."""
    if not t.strict and p.record_type == "file":
        return True
    if t.collection is not None and p.record_type == "dataset" and p.field == t.collection:
        return True
    if p.record_type != t.record_type:
        return False
    named = p.index in t.indices or (p.record_id is not None and p.record_id == t.record_id)
    if (t.indices or t.record_id is not None) and not (named or p.record_id in t.other_ids):
        return False
    return _related(p.field, t.field)


def _describe(problems: tuple[Problem, ...], n: int = 4) -> str:
    shown = "; ".join(p.describe()[:160] for p in problems[:n])
    return f"{len(problems)} problem(s): {shown}" + (" ..." if len(problems) > n else "")


# --- running ------------------------------------------------------------------------------------


def materialise(case: Case, workdir: Path) -> Any:
    """The `source` argument for `load_dataset`, writing a file when the case needs one."""
    m = case.made
    data = m.data
    if m.source in ("bytes", "str"):
        return data
    assert isinstance(data, bytes)
    if m.source == "bytearray":
        return bytearray(data)
    if m.source == "memoryview":
        return memoryview(data)
    if m.source == "dir":
        return workdir
    if m.source == "missing":
        return workdir / f"missing-{case.seed}.json"
    path = workdir / f"case-{case.seed}.json"
    path.write_bytes(data)
    return path if m.source == "path" else str(path)


Loader = Callable[[Any], QmsDataset]


def judge(case: Case, workdir: Path, loader: Loader = load_dataset) -> Verdict:
    """Run `case` through `loader` (the real `load_dataset` unless a test swaps it) and judge it."""
    source = materialise(case, workdir)
    try:
        loaded = loader(source)
    except InvalidDataError as exc:
        return _judge_rejection(case, exc)
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        where = traceback.extract_tb(exc.__traceback__)[-1]
        detail = f"{type(exc).__name__}: {str(exc)[:200]} (at {Path(where.filename).name}:{where.lineno})"
        return Verdict("unexpected", "raised", detail, exc_type=type(exc).__name__)
    return _judge_load(case, loaded)


def _judge_rejection(case: Case, exc: InvalidDataError) -> Verdict:
    problems = exc.problems
    bad = [
        p for p in problems if not (p.message and p.message.strip() and p.record_type and p.code)
    ]
    try:
        rendered = str(exc)
    except Exception as err:
        return Verdict("unexpected", "rejected", f"str(error) raised {err!r}", problems)
    if not problems or bad or not rendered:
        return Verdict(
            "unexpected", "rejected", f"malformed InvalidDataError: {_describe(problems)}", problems
        )
    expect, target = case.made.expect, case.made.target
    if expect in (Expect.EQUAL, Expect.SAME_RECORDS):
        return Verdict("wrong_rejection", "rejected", _describe(problems), problems)
    syntax = [p for p in problems if p.code == "json_invalid"]
    if syntax and any(p.record_type != "file" for p in problems):
        others = sum(p.record_type != "file" for p in problems)
        detail = f"JSON syntax error plus {others} problem(s) about records never read: {_describe(problems)}"
        return Verdict("mislocated", "rejected", detail, problems)
    located = target is None or any(locates(p, target) for p in problems)
    if expect in (Expect.REJECT, Expect.REJECT_OR_EQUAL) and not located:
        detail = f"expected at {target}, got {_describe(problems)}"
        return Verdict("mislocated", "rejected", detail, problems)
    return Verdict("ok", "rejected", _describe(problems, 1), problems)


def _judge_load(case: Case, ds: QmsDataset) -> Verdict:
    expect = case.made.expect
    base = bases()[case.base]
    if expect is Expect.REJECT:
        return Verdict("silent", "loaded", "input that must be rejected was accepted")
    dumped = dump_dataset(ds)
    again = load_dataset(dumped)
    if again != ds or dump_dataset(again) != dumped:
        return Verdict("silent", "loaded", "dump -> load -> dump is not stable")
    if expect in (Expect.EQUAL, Expect.REJECT_OR_EQUAL):
        if ds != base.dataset:
            d = difference(base.doc, json.loads(dumped))
            return Verdict("silent", "loaded", f"differs from the original: {d}")
        return Verdict("ok", "loaded")
    data = case.made.data
    try:
        given = reference_parse(data)
    except NotJsonError as err:
        return Verdict("silent", "loaded", f"accepted input that is not strict JSON ({err})")
    d = difference(given, json.loads(dumped))
    if d:
        return Verdict("silent", "loaded", d)
    if expect is Expect.SAME_RECORDS:
        for name, cls in COLLECTIONS.items():
            want = {r.id: r for r in getattr(base.dataset, name)}
            if dict(ds.index(cls)) != want:
                return Verdict(
                    "silent", "loaded", f"index({cls.__name__}) differs from the original"
                )
    return Verdict("ok", "loaded")
