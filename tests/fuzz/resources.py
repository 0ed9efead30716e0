"""Resource fuzzing: hostile and careless inputs judged on outcome, memory and time (issue 14).

Each family builds inputs of one class (JSON error-path bombs, far-away workbook cells, rows
out of order, shared-string bombs, output injection, policy files, ...) from a seed and a
scale. Every case runs once under tracemalloc and is judged:

- traceback: any exception other than the library's own `InvalidDataError`;
- silent change: an input that must be refused was accepted, or an output check failed
  (a CSV formula not neutralised, a Markdown link or raw HTML passed through, ...);
- budget breach: more problems kept than `Limits.max_problems`, a message longer than
  `MAX_MESSAGE_CHARS`, a peak of Python memory over `MEMORY_MULTIPLE` times the input (with
  a floor of `MEMORY_FLOOR` bytes for the readers' fixed costs), or a case slower than
  `SECONDS_PER_MB` per megabyte of input (with a floor of `SECONDS_FLOOR`): a budget for
  linear time, generous enough that only a quadratic or a walk over empty space breaks it.

Run: `.venv/bin/python -m tests.fuzz.resources [ci|full]`, or through pytest (`make fuzz`).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import io
import json
import random
import re
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

from vn_iso_qms import InvalidDataError, QmsDataset, dump_dataset, evaluate, load_dataset
from vn_iso_qms._internal.errors import MAX_MESSAGE_CHARS
from vn_iso_qms._internal.limits import DEFAULT_LIMITS
from vn_iso_qms._internal.policyio import load_policy
from vn_iso_qms._internal.render import _md_cell, render_csv, restore_csv_field
from vn_iso_qms._internal.reporting import province_report
from vn_iso_qms.spreadsheet import export_workbook, import_workbook

MEMORY_MULTIPLE = 64
"""Peak traced memory allowed per byte of input."""
MEMORY_FLOOR = 48 * 1024**2
"""Peak traced memory always allowed (openpyxl, schemas and caches cost this much anyway)."""
SECONDS_PER_MB = 30.0
"""Time allowed per megabyte of input (linear time; the fast paths do ~1 s per 10 MB)."""
SECONDS_FLOOR = 60.0
"""Time always allowed for one case."""

PROFILES: dict[str, tuple[int, int]] = {"ci": (2, 1), "full": (20, 3)}
"""Per profile: cases per family, and the scale multiplier of the inputs."""
GENERATED_CASES: dict[str, int] = {"ci": 1, "full": 8}
"""Per profile: cases per family generated from the model (`model_fuzz`), which are many."""


def cases_per_family(name: str, profile: str) -> int:
    """How many cases family `name` runs in `profile`."""
    if ":" in name:  # record:..., sheet:..., cli:... (generated)
        return GENERATED_CASES[profile]
    return PROFILES[profile][0]


@dataclasses.dataclass(frozen=True)
class Case:
    """One input and how to run and judge it."""

    family: str
    seed: int
    size: int
    run: Callable[[], object]
    """Reads the input; returns what was loaded (or raises InvalidDataError)."""
    must_refuse: bool
    check: Callable[[object], str | None] = lambda _: None
    """For an accepted input: None, or what is wrong with the result (a silent change)."""
    either: bool = False
    """Refusing the input (with located problems) is as good as accepting it (then `check`)."""


@dataclasses.dataclass
class FamilyStats:
    """Per-family counts and extremes."""

    cases: int = 0
    tracebacks: int = 0
    silent: int = 0
    breaches: int = 0
    worst_multiple: float = 0.0
    slowest: float = 0.0
    slowest_seed: int = 0
    examples: list[str] = dataclasses.field(default_factory=list)

    def line(self, name: str) -> str:
        return (
            f"  {name:<38} cases {self.cases:>4}  tracebacks {self.tracebacks}  "
            f"silent {self.silent}  budget breaches {self.breaches}  "
            f"max memory {self.worst_multiple:6.1f}x input  "
            f"slowest {self.slowest:5.2f} s (seed {self.slowest_seed})"
        )


# --- inputs ------------------------------------------------------------------------------------


@functools.cache
def _base_dataset() -> QmsDataset:
    from vn_iso_qms._internal.demo import demo_dataset

    return demo_dataset()


@functools.cache
def _base_doc_bytes() -> bytes:
    return dump_dataset(_base_dataset())


def _base_doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(_base_doc_bytes())
    return doc


@functools.cache
def _base_workbook() -> bytes:
    from tests.unit.test_spreadsheet import small_dataset

    return export_workbook(small_dataset())


@functools.cache
def _agency_part() -> str:
    from tests.unit.test_spreadsheet import sheet_part

    return sheet_part(_base_workbook(), "Cơ quan, đơn vị")


def _patch(part: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_base_workbook())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == part:
                content = change(content)
            dst.writestr(info, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _sheet(change: Callable[[str], str]) -> bytes:
    return _patch(_agency_part(), lambda x: change(x.decode()).encode())


def _col(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _refuse_json(family: str, seed: int, data: bytes) -> Case:
    return Case(family, seed, len(data), lambda: load_dataset(data), must_refuse=True)


def _refuse_xlsx(family: str, seed: int, data: bytes) -> Case:
    return Case(family, seed, len(data), lambda: import_workbook(data), must_refuse=True)


def json_empty_records(rng: random.Random, seed: int, scale: int) -> Case:
    n = rng.randint(1_000, 20_000) * scale
    collection = rng.choice(["agencies", "qms_units", "activities", "planned_activities"])
    item = rng.choice([b"{}", b"[]", b"1", b'{"id":1}'])
    return _refuse_json(
        "json_empty_records", seed, b'{"%s":[' % collection.encode() + b",".join([item] * n) + b"]}"
    )


def json_dangling_ids(rng: random.Random, seed: int, scale: int) -> Case:
    n = rng.randint(1_000, 10_000) * scale
    recs = [
        b'{"id":"a%d","name":"x","kind":"provincial_department","parent_id":"z%d"}' % (i, i)
        for i in range(n)
    ]
    return _refuse_json("json_dangling_ids", seed, b'{"agencies":[' + b",".join(recs) + b"]}")


def json_half_bad(rng: random.Random, seed: int, scale: int) -> Case:
    n = rng.randint(1_000, 8_000) * scale
    recs = [
        (
            b'{"id":"a%d","name":"x","kind":"provincial_department","parent_id":"z%d"}'
            if rng.random() < 0.5
            else b'{"id":"a%d","kind":"bad","parent_id":"z%d"}'
        )
        % (i, i)
        for i in range(n)
    ]
    return _refuse_json("json_half_bad", seed, b'{"agencies":[' + b",".join(recs) + b"]}")


def json_long_values(rng: random.Random, seed: int, scale: int) -> Case:
    doc = _base_doc()
    record = rng.choice(doc["agencies"])
    field = rng.choice(["id", "name", "kind", "valid_from"])
    record[field] = rng.choice(["x", " ", "9", "\u1ea1"]) * rng.randint(50_000, 500_000) * scale
    return _refuse_json("json_long_values", seed, json.dumps(doc, ensure_ascii=False).encode())


def json_recurrence_until_max(rng: random.Random, seed: int, scale: int) -> Case:
    doc = _base_doc()
    chosen = rng.sample(
        doc["planned_activities"], k=min(len(doc["planned_activities"]), 10 * scale)
    )
    for p in chosen:
        p["due_on"] = None
        p["recurrence"] = {
            "frequency": rng.choice(["monthly", "quarterly", "yearly"]),
            "start": f"2023-{rng.randint(1, 12):02d}-{rng.choice([1, 15, 28]):02d}",
            "until": "9999-12-31",
        }
    data = json.dumps(doc).encode()

    def run() -> object:
        ds = load_dataset(data)
        ev = evaluate(ds, as_of=dt.date(2023, 12, 31), year=2023)
        return sum(len(v.activities) for v in ev.verdicts)

    def check(outcomes: object) -> str | None:
        limit = 12 * len(doc["planned_activities"])
        assert isinstance(outcomes, int)
        return None if outcomes <= limit else f"{outcomes} activity outcomes (> {limit})"

    return Case("json_recurrence_until_max", seed, len(data), run, must_refuse=False, check=check)


def json_duplicate_keys(rng: random.Random, seed: int, scale: int) -> Case:
    n = rng.randint(100, 2_000) * scale
    body = b",".join(
        b'{"id":"a%d","id":"b%d","name":"x","kind":"provincial_department"}' % (i, i)
        for i in range(n)
    )
    return _refuse_json("json_duplicate_keys", seed, b'{"agencies":[' + body + b"]}")


def xlsx_far_cells(rng: random.Random, seed: int, scale: int) -> Case:
    def change(x: str) -> str:
        for _ in range(rng.randint(1, 5) * scale):
            col = _col(rng.choice([16_384, rng.randint(1_025, 16_384)]))
            row = rng.choice([3, 4])
            cell = f'<c r="{col}{row}" t="inlineStr"><is><t>v</t></is></c>'
            x = re.sub(rf'(<row r="{row}">.*?)</row>', rf"\g<1>{cell}</row>", x, count=1)
        return x

    return _refuse_xlsx("xlsx_far_cells", seed, _sheet(change))


def xlsx_far_merges(rng: random.Random, seed: int, scale: int) -> Case:
    refs = [
        f"{_col(rng.randint(1, 9))}{rng.randint(3, 4)}:XFD{rng.randint(4, 40_000 * scale)}"
        for _ in range(rng.randint(1, 3))
    ]
    cells = "".join(f'<mergeCell ref="{r}"/>' for r in refs)
    merges = f'<mergeCells count="{len(refs)}">{cells}</mergeCells>'
    rows = "".join(f'<row r="{r}"><c r="A{r}" s="0"/></row>' for r in range(5, 5 + 2_000 * scale))
    return _refuse_xlsx(
        "xlsx_far_merges",
        seed,
        _sheet(lambda x: x.replace("</sheetData>", rows + "</sheetData>" + merges)),
    )


def xlsx_row_order(rng: random.Random, seed: int, scale: int) -> Case:
    def change(x: str) -> str:
        row3 = re.search(r'<row r="3">.*?</row>', x)
        row4 = re.search(r'<row r="4">.*?</row>', x)
        assert row3 is not None
        assert row4 is not None
        how = rng.choice(["swap", "repeat", "cell_twice", "cell_backwards"])
        if how == "swap":
            return x.replace(row3[0] + row4[0], row4[0] + row3[0])
        if how == "repeat":
            return x.replace(row4[0], row4[0] * rng.randint(2, 50 * scale))
        cells = re.findall(r'<c r="[A-Z]+3".*?</c>', row3[0])
        if how == "cell_twice":
            dup = rng.choice(cells)
            return x.replace(dup, dup + dup.replace("Sở", "Ban"), 1)
        if len(cells) >= 2:
            return x.replace(cells[0] + cells[1], cells[1] + cells[0], 1)
        return x.replace(row3[0] + row4[0], row4[0] + row3[0])

    return _refuse_xlsx("xlsx_row_order", seed, _sheet(change))


def xlsx_bad_typed_cells(rng: random.Random, seed: int, scale: int) -> Case:
    bad = rng.choice(
        [
            '<c r="H3" t="n"><v>not a number</v></c>',
            '<c r="B3" t="s"><v>999999</v></c>',
            '<c r="H3" t="n"><v>' + "7" * rng.randint(4_400, 50_000 * scale) + "</v></c>",
            '<c r="H3" t="b"><v>maybe</v></c>',
            '<c r="H3" t="d"><v>yesterday</v></c>',
            '<c r="H3" s="8" t="n"><v>1e308</v></c>',
        ]
    )
    return _refuse_xlsx(
        "xlsx_bad_typed_cells",
        seed,
        _sheet(lambda x: re.sub(r'<c r="H3"[^>]*>.*?</c>', bad, x, count=1)),
    )


def xlsx_expansion_bombs(rng: random.Random, seed: int, scale: int) -> Case:
    n = rng.randint(2, 40) * 1024**2 * scale
    what = rng.choice([b" ", b"x", b"<!-- -->"])

    def change(x: bytes) -> bytes:
        return x.replace(b"</sheetData>", b"</sheetData>" + what * (n // len(what)), 1)

    return _refuse_xlsx("xlsx_expansion_bombs", seed, _patch(_agency_part(), change))


def xlsx_many_invalid_rows(rng: random.Random, seed: int, scale: int) -> Case:
    n = rng.randint(1_000, 4_000) * scale
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>bad id {r}</t></is></c>'
        f'<c r="D{r}" t="inlineStr"><is><t>no kind</t></is></c></row>'
        for r in range(5, 5 + n)
    )
    return _refuse_xlsx(
        "xlsx_many_invalid_rows",
        seed,
        _sheet(lambda x: x.replace("</sheetData>", rows + "</sheetData>")),
    )


_HOSTILE = (
    '=HYPERLINK("http://evil","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTab",
    "\rCR",
    "a\rb\nc",
    "'=quoted",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "a | b",
    "**bold** _it_ `code`",
)


def output_injection(rng: random.Random, seed: int, scale: int) -> Case:
    doc = _base_doc()
    names: list[str] = []
    for agency in doc["agencies"]:
        name = rng.choice(_HOSTILE) + rng.choice(["", " Sở", "x"])
        agency["name"] = name
        names.append(name)
    data = json.dumps(doc, ensure_ascii=False).encode()

    def run() -> object:
        return province_report(load_dataset(data), province_id="p-mh", year=2023)

    def check(report: object) -> str | None:
        from vn_iso_qms._internal.render import render_markdown

        assert not isinstance(report, InvalidDataError)
        text = render_csv(report)  # type: ignore[arg-type]
        rows = list(csv.reader(io.StringIO(text, newline="")))
        if any(len(row) != 8 for row in rows):
            return "a CSV row was split"
        for row in rows[1:]:
            if row[6][:1] in ("=", "+", "-", "@", "\t", "\r"):
                return f"CSV field not neutralised: {row[6]!r}"
            if row[6] and restore_csv_field(row[6]) not in names:
                return f"CSV field not restorable: {row[6]!r}"
        markdown = render_markdown(report)  # type: ignore[arg-type]
        if re.search(r"(?<!\\)<(script|javascript)|(?<!\\)\]\(", markdown):
            return "Markdown passes HTML or a link"
        if any("\n" in _md_cell(n) or re.search(r"(?<!\\)<", _md_cell(n)) for n in names):
            return "Markdown cell not escaped"
        return None

    return Case("output_injection", seed, len(data), run, must_refuse=False, check=check)


def policy_files(rng: random.Random, seed: int, scale: int) -> Case:
    body = rng.choice(
        [
            '{"grace_days": 1, "grace_days": 2}',
            '{"completed_rules": ["qms_in_effect", "no_such_rule"]}',
            '{"grace_days": -5, "period": "decade"}',
            '{"unknown_knob": true}',
            '{"completed_rules": [' + ",".join(['"x"'] * 5_000 * scale) + "]}",
            "[" * 10_000 + "]" * 10_000,
        ]
    )
    data = body.encode()
    return Case("policy_files", seed, len(data), lambda: load_policy(data), must_refuse=True)


FAMILIES: dict[str, Callable[[random.Random, int, int], Case]] = {
    f.__name__: f
    for f in (
        json_empty_records,
        json_dangling_ids,
        json_half_bad,
        json_long_values,
        json_recurrence_until_max,
        json_duplicate_keys,
        xlsx_far_cells,
        xlsx_far_merges,
        xlsx_row_order,
        xlsx_bad_typed_cells,
        xlsx_expansion_bombs,
        xlsx_many_invalid_rows,
        output_injection,
        policy_files,
    )
}


def all_families() -> dict[str, Callable[[random.Random, int, int], Case]]:
    """The families written by hand (`FAMILIES`) and those generated from the model."""
    from tests.fuzz.model_fuzz import families

    return {**FAMILIES, **families()}


# --- judging -----------------------------------------------------------------------------------


def judge(case: Case, stats: FamilyStats) -> None:
    """Run one case and add its outcome to `stats`."""
    stats.cases += 1
    result: object = None
    error: BaseException | None = None
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        result = case.run()
    except InvalidDataError as exc:
        error = exc
    except Exception as exc:  # a traceback is what is being counted
        error = exc
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    label = f"{case.family} seed={case.seed} size={case.size:,}"
    multiple = peak / max(case.size, 1)
    stats.worst_multiple = max(stats.worst_multiple, multiple)
    if seconds > stats.slowest:
        stats.slowest, stats.slowest_seed = seconds, case.seed

    def note(kind: str, detail: str) -> None:
        if len(stats.examples) < 5:
            stats.examples.append(f"[{kind}] {label}: {detail[:300]}")

    if error is not None and not isinstance(error, InvalidDataError):
        stats.tracebacks += 1
        note("traceback", f"{type(error).__name__}: {error}")
        return
    if isinstance(error, InvalidDataError):
        if not case.must_refuse and not case.either:
            stats.silent += 1
            note("wrong rejection", str(error))
        if not error.problems or any(not p.message for p in error.problems):
            stats.tracebacks += 1
            note("traceback", f"InvalidDataError without located problems: {error!r}"[:300])
        if len(error.problems) > DEFAULT_LIMITS.max_problems or any(
            len(p.message) > MAX_MESSAGE_CHARS + 40 for p in error.problems
        ):
            stats.breaches += 1
            note("budget", f"{len(error.problems)} problems kept")
    elif case.must_refuse:
        stats.silent += 1
        note("silent", "a refusable input was accepted")
    else:
        problem = case.check(result)
        if problem is not None:
            stats.silent += 1
            note("silent", problem)
    if peak > max(MEMORY_MULTIPLE * case.size, MEMORY_FLOOR):
        stats.breaches += 1
        note("budget", f"peak {peak:,} bytes = {multiple:.0f}x the input")
    if seconds > max(SECONDS_PER_MB * case.size / 1e6, SECONDS_FLOOR):
        stats.breaches += 1
        note("budget", f"{seconds:.1f} s")


def run(
    profile: str, progress: Callable[[str], None] | None = None
) -> tuple[dict[str, FamilyStats], list[str]]:
    """Every family, `PROFILES[profile]` cases each; the stats and the summary lines."""
    _, scale = PROFILES[profile]
    all_stats: dict[str, FamilyStats] = {}
    t0 = time.perf_counter()
    for name, make in all_families().items():
        stats = all_stats[name] = FamilyStats()
        for seed in range(cases_per_family(name, profile)):
            rng = random.Random(f"{name}-{seed}")
            judge(make(rng, seed, scale), stats)
        if progress is not None:
            progress(stats.line(name))
    lines = [
        f"resource fuzz profile {profile}: {sum(s.cases for s in all_stats.values())} cases in "
        f"{time.perf_counter() - t0:.1f} s (budgets: {MEMORY_MULTIPLE}x input or "
        f"{MEMORY_FLOOR // 1024**2} MiB traced, {SECONDS_PER_MB:.0f} s/MB or {SECONDS_FLOOR:.0f} s)",
        *(s.line(name) for name, s in all_stats.items()),
        *(f"    {e}" for s in all_stats.values() for e in s.examples),
    ]
    return all_stats, lines


if __name__ == "__main__":  # pragma: no cover - manual runs
    stats, lines = run(
        sys.argv[1] if len(sys.argv) > 1 else "ci", lambda line: print(line, flush=True)
    )
    print("\n".join(lines))
