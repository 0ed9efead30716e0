"""Fuzz families generated from the model, the spreadsheet layout and the command table (issue 26).

Nobody writes a family by hand here: every collection of `QmsDataset` (so every public record
type), every record sheet of the layout and every command of the command line gets one, and
its mutations come from what the model says about each field:

- a date field gets the calendar's ends (`0001-01-01`, `9999-12-31`) and days that do not exist;
- an id link gets a dangling target, the record's own id, and (when it links into its own
  collection) chains and cycles of copies of the record;
- a collection gets many members (`MANY[profile]`: 10^6 in the full profile, a few in CI);
- a text field gets markup, control characters, bidi controls, bare CR and U+2028;
- a sheet cell gets the same values, typed into the workbook;
- a command option gets a value of its type at the edges (years and days at the calendar's
  ends, paths too long, a device, a folder, the same path for two outputs, unknown choices).

Each case is judged like the resource families (`resources.judge`): a traceback, a silent change
(a value the input gave that did not come back, raw markup in the Markdown, an input file
changed) or a budget breach fails the run. A new record type, field, sheet, column, command or
option is fuzzed the day it is added.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import io
import json
import random
import re
import shutil
import tempfile
import types
import typing
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vn_iso_qms import QmsDataset, dump_dataset, evaluate, load_dataset
from vn_iso_qms._internal.base import Record
from vn_iso_qms._internal.carry import carry_registry
from vn_iso_qms._internal.dataset import COLLECTIONS, record_links

MANY: dict[str, int] = {"ci": 5, "full": 1_000_000}
"""Members given to a collection by the `many` mutation, per profile."""

DATE_ENDS = ("0001-01-01", "9999-12-31", "0000-01-01", "2023-02-29", "9999-12-32")
TEXTS = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "a\rb",
    "a\u2028b",
    "a\u2029b",
    "\u202etxt.exe",
    "\u200f\u200e",
    "a\x1bb",
    "a\x00b",
    "| a | b |",
    "x" * 5_000,
)
MARKUP = re.compile(r"<(img|script)|\]\(javascript:|\r|\u2028|\u2029")


@dataclasses.dataclass(frozen=True)
class Mutation:
    """One change to a dataset document: where and what (for the oracle)."""

    collection: str
    field: str
    kind: str
    value: Any
    index: int


# --- the model, read ----------------------------------------------------------------------------


def _has_date(annotation: Any) -> bool:
    if annotation is dt.date:
        return True
    return any(_has_date(a) for a in typing.get_args(annotation))


def _is_tuple(annotation: Any) -> bool:
    if typing.get_origin(annotation) is tuple:
        return True
    origin = typing.get_origin(annotation)
    return origin in (typing.Union, types.UnionType) and any(
        _is_tuple(a) for a in typing.get_args(annotation)
    )


def _is_text(annotation: Any) -> bool:
    if annotation is str:
        return True
    if typing.get_origin(annotation) is typing.Annotated:
        return _is_text(typing.get_args(annotation)[0])
    return typing.get_origin(annotation) in (typing.Union, types.UnionType) and any(
        _is_text(a) for a in typing.get_args(annotation)
    )


@functools.cache
def field_kinds(record_cls: type[Record]) -> dict[str, tuple[str, ...]]:
    """Per field of a record type, the mutation kinds the model calls for."""
    hints = typing.get_type_hints(record_cls, include_extras=True)
    links = {path.removesuffix("[]"): target for path, target in record_links(record_cls)}
    out: dict[str, tuple[str, ...]] = {}
    for name in record_cls.model_fields:
        kinds: list[str] = []
        hint = hints[name]
        if name in links:
            kinds += ["dangling", "self"]
            if links[name] == COLLECTION_OF_TYPE[record_cls]:
                kinds += ["chain", "cycle"]
        if _has_date(hint):
            kinds.append("date_end")
        if _is_tuple(hint):
            kinds.append("many")
        if _is_text(hint) and name != "id" and name not in links:
            kinds.append("text")
        if kinds:
            out[name] = tuple(kinds)
    return out


COLLECTION_OF_TYPE = {t: n for n, t in COLLECTIONS.items()}


# --- the base: one record of every collection, and what they link to -----------------------------


@functools.cache
def base_doc() -> bytes:
    """A small valid dataset holding at least one record of every collection."""
    from vn_iso_qms import (
        DocumentApproval,
        ObligationDesignation,
        ScopeDecision,
        demo_dataset,
        demo_dataset_2025,
    )

    picked: dict[str, dict[str, Record]] = {n: {} for n in COLLECTIONS}
    sources = [demo_dataset(), demo_dataset_2025()]
    indexes = [{n: {r.id: r for r in getattr(ds, n)} for n in COLLECTIONS} for ds in sources]

    def add(i: int, name: str, record: Record) -> None:
        stack = [(name, record)]
        while stack:
            n, r = stack.pop()
            if r.id in picked[n]:
                continue
            picked[n][r.id] = r
            for path, target in record_links(type(r)):
                for ref in _refs(r, path):
                    found = indexes[i][target].get(ref)
                    if found is not None:
                        stack.append((target, found))

    for i, ds in enumerate(sources):
        for name in COLLECTIONS:
            records = getattr(ds, name)
            if records and not picked[name]:
                add(i, name, records[0])
    ds = QmsDataset.from_records([r for group in picked.values() for r in group.values()])
    agency = next(a for a in ds.agencies if a.kind.value == "public_service_unit")
    qms = ds.qms_units[0]
    day = dt.date(2023, 6, 1)
    extra: list[Record] = [
        ObligationDesignation(id="fz-od", agency_id=agency.id, date=day),
        ScopeDecision(id="fz-sd", qms_id=qms.id, date=day, other_change="Mở rộng phạm vi"),
        DocumentApproval(id="fz-da", qms_id=qms.id, date=day),
    ]
    ds = ds.with_records(*(r for r in extra if not getattr(ds, COLLECTION_OF_TYPE[type(r)])))
    assert all(ds.counts().values()), ds.counts()
    return dump_dataset(ds)


def _refs(record: Record, path: str) -> list[str]:
    value: Any = record
    parts = path.split(".")
    values = [value]
    for part in parts:
        nxt: list[Any] = []
        for v in values:
            child = getattr(v, part.removesuffix("[]"), None)
            if child is None:
                continue
            nxt.extend(child if part.endswith("[]") else [child])
        values = nxt
    return [v for v in values if isinstance(v, str)]


# --- record families ----------------------------------------------------------------------------


def mutate(doc: dict[str, Any], collection: str, rng: random.Random, many: int) -> Mutation:
    """Change `doc` in place: one field of one record of `collection`, as its type calls for."""
    record_cls = COLLECTIONS[collection]
    kinds = field_kinds(record_cls)
    records = doc[collection]
    index = rng.randrange(len(records))
    record = records[index]
    name = rng.choice(sorted(kinds))
    kind = rng.choice(kinds[name])
    current = record.get(name)
    plural = isinstance(current, list) or _is_tuple(
        typing.get_type_hints(record_cls, include_extras=True)[name]
    )

    def put(value: Any) -> Any:
        record[name] = [value] if plural and not isinstance(value, list) else value
        return record[name]

    if kind == "date_end":
        value = put(rng.choice(DATE_ENDS))
    elif kind == "dangling":
        value = put("khong-co-" + str(rng.randrange(1000)))
    elif kind == "self":
        value = put(record["id"])
    elif kind in ("chain", "cycle"):
        length = 2 if kind == "cycle" else min(many, 5_000)
        copies = []
        for i in range(length):
            copy = json.loads(json.dumps(record))
            copy["id"] = f"{record['id']}-fz{i}"
            target = (
                f"{record['id']}-fz{(i + 1) % length}"
                if kind == "cycle" or i + 1 < length
                else record["id"]
            )
            copy[name] = [target] if plural else target
            copies.append(copy)
        records.extend(copies)
        value = copies[0][name]
    elif kind == "many":
        members = current if isinstance(current, list) and current else None
        value = put([]) if members is None else put((members * (many // len(members) + 1))[:many])
    else:
        value = put(rng.choice(TEXTS))
    return Mutation(collection, name, kind, value, index)


@dataclasses.dataclass(frozen=True)
class Built:
    """A case's input and how to run and check it (as `resources.Case` wants)."""

    data: bytes
    run: Callable[[], object]
    check: Callable[[object], str | None]


def record_case(collection: str, seed: int, profile: str) -> Built:
    rng = random.Random(f"{collection}-{seed}")
    doc = json.loads(base_doc())
    mutation = mutate(doc, collection, rng, MANY[profile])
    data = json.dumps(doc, ensure_ascii=False).encode("utf-8", errors="surrogatepass")

    def run() -> object:
        ds = load_dataset(data)
        if mutation.kind != "many" or len(data) < 2_000_000:  # the evaluation reads what loaded
            evaluate(ds, as_of=dt.date(2023, 12, 31))
            carry_registry(ds, 2024)
        return ds

    def check(result: object) -> str | None:
        assert isinstance(result, QmsDataset)
        got = json.loads(dump_dataset(result))[collection]
        if mutation.kind in ("chain", "cycle"):
            return None if len(got) == len(doc[collection]) else "records of a chain vanished"
        back = got[mutation.index].get(mutation.field)
        if back != mutation.value and not (mutation.value in ([], None) and back in ([], None)):
            return (
                f"{collection}[{mutation.index}].{mutation.field} came back as {str(back)[:80]!r}"
            )
        return None

    return Built(data, run, check)


# --- sheet families -----------------------------------------------------------------------------


@functools.cache
def _workbook() -> bytes:
    from vn_iso_qms.spreadsheet import export_workbook

    return export_workbook(load_dataset(base_doc()))


def sheet_keys() -> tuple[str, ...]:
    from vn_iso_qms._internal.spreadsheet.layout import CODE_LISTS, INSTRUCTIONS, SHEETS

    return tuple(s.key for s in SHEETS if s.key not in (INSTRUCTIONS[0], CODE_LISTS[0], "dataset"))


@functools.cache
def _sheet_parts() -> dict[str, tuple[str, dict[str, bytes]]]:
    """Per sheet title, its part in the base workbook; and every part's bytes."""
    import openpyxl

    data = _workbook()
    names = openpyxl.load_workbook(io.BytesIO(data), read_only=True).sheetnames
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    return {t: (f"xl/worksheets/sheet{i + 1}.xml", parts) for i, t in enumerate(names)}


def _col(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def sheet_case(key: str, seed: int, profile: str) -> Built:
    from xml.sax.saxutils import escape

    from vn_iso_qms._internal.ooxml import ZIP_EPOCH
    from vn_iso_qms._internal.spreadsheet.layout import SHEET_BY_KEY
    from vn_iso_qms.spreadsheet import import_workbook

    rng = random.Random(f"sheet-{key}-{seed}")
    spec = SHEET_BY_KEY[key]
    part, parts = _sheet_parts()[spec.vi]
    column = _col(rng.randrange(len(spec.columns)) + 1)
    value = rng.choice(
        [*TEXTS[:8], "01/01/0001", "31/12/9999", "29/02/2023", "1" + "0" * 30, "_x001B_"]
    )
    rows = min(MANY[profile], 20_000) if rng.random() < 0.3 and profile == "full" else 1
    body = "".join(
        f'<row r="{r}"><c r="{column}{r}" t="inlineStr"><is><t xml:space="preserve">'
        f"{escape(value.replace(chr(0), ''))}</t></is></c></row>"
        for r in range(1000, 1000 + rows)
    ).encode("utf-8", errors="surrogatepass")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            changed = content.replace(b"</sheetData>", body + b"</sheetData>", 1)
            z.writestr(
                zipfile.ZipInfo(name, date_time=ZIP_EPOCH),
                changed if name == part else content,
                zipfile.ZIP_DEFLATED,
            )
    data = out.getvalue()

    def run() -> object:
        return import_workbook(data)

    def check(result: object) -> str | None:
        assert isinstance(result, QmsDataset)
        text = json.dumps(json.loads(dump_dataset(result)), ensure_ascii=False)
        if value in TEXTS and value not in text and json.dumps(value)[1:-1] not in text:
            return f"{key}!{column}: {value[:40]!r} was accepted but is not in the dataset"
        return None

    return Built(data, run, check)


# --- command families ---------------------------------------------------------------------------


@functools.cache
def commands() -> dict[str, list[Any]]:
    """Every command of the command table and its parameters (click's, from the typer app)."""
    import typer.main

    from vn_iso_qms._internal.cli import app

    group: Any = typer.main.get_command(app)
    out: dict[str, list[Any]] = {}

    def walk(prefix: str, cmd: Any) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:  # a group (`document`): each of its sub-commands is a command of its own
            for sub_name, sub in subs.items():
                walk(f"{prefix} {sub_name}", sub)
        else:
            out[prefix] = list(cmd.params)

    for name, cmd in group.commands.items():
        walk(name, cmd)
    return out


def _option_values(param: Any, workdir: Path) -> list[str]:
    long_name = str(workdir / ("a" * 300 + ".json"))
    if getattr(param, "is_flag", False):
        return []
    if param.metavar:
        return ["khong-co", "", "\u202ejson"]
    name = param.name
    if "path" in name or name in (
        "output",
        "export_dataset",
        "decisions",
        "report_path",
        "policy_file",
    ):
        return [long_name, "/dev/null", str(workdir), str(workdir / "in.json"), "\x1b.json"]
    if name in ("year", "period", "compare_to"):
        return ["0", "-1", "10000", "99999999999999999999", "2023.5"]
    if name == "as_of":
        return ["0001-01-01", "9999-12-31", "2023-02-29", "31/12/2023", ""]
    return ["<img src=x onerror=alert(1)>", "\x1b[31m", "a" * 5_000, "khong-co"]


def command_case(name: str, seed: int, profile: str) -> Built:
    from typer.testing import CliRunner

    from vn_iso_qms._internal.cli import EXIT_CODES, app

    rng = random.Random(f"cli-{name}-{seed}")
    workdir = Path(tempfile.mkdtemp(prefix="vn-iso-qms-cli-fuzz-"))
    dataset = workdir / "in.json"
    dataset.write_bytes(base_doc())
    digest = hashlib.sha256(base_doc()).hexdigest()
    params = commands()[name]
    options = [
        p for p in params if p.param_type_name == "option" and not getattr(p, "is_flag", False)
    ]
    args = name.split()
    for p in params:
        if p.param_type_name == "argument":
            args.append(str(workdir / "t.xlsx") if name == "template" else str(dataset))
    docx = str(workdir / "out.docx")
    required = {
        "report": ["--period", "2023"],
        "rollup": ["--period", "2023"],
        "compare": ["--period", "2025"],
        "carry": ["--year", "2024", "--output", str(workdir / "out.json")],
        "import": ["--output", str(workdir / "out.json")],
        "evaluate": ["--as-of", "2023-12-31"],
        "document status-report": ["--year", "2023", "--output", docx],
        "document inspection-results": ["--year", "2023", "--output", docx],
        "document inspection-plan": ["--plan", "khong-co", "--output", docx],
        "document inspection-decision": ["--inspection", "khong-co", "--output", docx],
        "document inspection-minutes": ["--inspection", "khong-co", "--output", docx],
        "document corrective-report": ["--inspection", "khong-co", "--output", docx],
        "document announcement": ["--announcement", "khong-co", "--output", docx],
    }.get(name, [])
    chosen = rng.choice(options)
    values = _option_values(chosen, workdir) or ["x"]
    value = rng.choice(values)
    args += [a for i, a in enumerate(required) if required[i - 1 if i % 2 else i] != chosen.opts[0]]
    args += [chosen.opts[0], value]
    if rng.random() < 0.3:
        args.append("--force")
    label = " ".join(a[:40] for a in args)

    def run() -> object:
        result = CliRunner().invoke(app, args, catch_exceptions=True)
        if (
            result.exception is not None and not isinstance(result.exception, SystemExit)
        ) or result.exit_code not in EXIT_CODES:
            shutil.rmtree(workdir, ignore_errors=True)  # check() is not called after a raise
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise RuntimeError(f"{label}: {type(result.exception).__name__}: {result.exception}")
        if result.exit_code not in EXIT_CODES:
            raise RuntimeError(f"{label}: exit code {result.exit_code}")
        return result

    def check(result: object) -> str | None:
        try:
            if hashlib.sha256(dataset.read_bytes()).hexdigest() != digest:
                return f"{label}: the input file changed"
            if not Path("/dev/null").is_char_device():
                return f"{label}: /dev/null was replaced"
            return None
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    return Built(args[-1].encode(), run, check)


# --- the families, for `resources` --------------------------------------------------------------


def families() -> dict[str, Callable[[random.Random, int, int], Any]]:
    """Every generated family, as `resources.FAMILIES` wants them: (rng, seed, scale) -> Case."""
    from tests.fuzz.resources import Case

    def make(kind: str, key: str) -> Callable[[random.Random, int, int], Any]:
        build = {"record": record_case, "sheet": sheet_case, "cli": command_case}[kind]

        def family(rng: random.Random, seed: int, scale: int) -> Any:
            profile = "full" if scale > 1 else "ci"
            built = build(key, seed, profile)
            return Case(
                f"{kind}:{key}",
                seed,
                len(built.data),
                built.run,
                must_refuse=False,
                check=built.check,
                either=True,
            )

        family.__name__ = f"{kind}:{key}"
        return family

    out = {f"record:{n}": make("record", n) for n in COLLECTIONS}
    out.update({f"sheet:{k}": make("sheet", k) for k in sheet_keys()})
    out.update({f"cli:{c}": make("cli", c) for c in commands()})
    return out
