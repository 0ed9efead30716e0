"""Memory and time of hostile inputs (issues 14 and 26), one subprocess per case.

Run: `.venv/bin/python benchmarks/hostile.py [--records N] [--scale S] [--only NAME,...]`.
Against another source tree (to compare before and after):
`PYTHONPATH=/path/to/src .venv/bin/python benchmarks/hostile.py`.

Two kinds of cases:

- rejected inputs (issue 14's JSON error path; issue 26's `model_validate` of a body of empty
  records, the same body posted to the FastAPI how-to's `/evaluate` route, with the body
  declared as a `QmsDataset` (as the issue probed it) and read by `load_dataset` (as the how-to
  does now), with the answer's size; invalid CSV rows; a workbook of three large sheets; a
  padded shared-strings table read within its own ratio, and one beyond it):
  the input size, the problems found, the time, and the peak memory as a multiple of the input,
  traced (tracemalloc, Python objects) and resident (peak RSS over the RSS before, which also
  sees pydantic's and openpyxl's own allocations); `--no-trace` measures the resident peak only,
  at full speed (the traced column is then 0);
- work that must be linear (issue 26: `carry_registry` over agencies whose units merged and over
  a chain of mergers, one `TthcListUpdate` per procedure, predecessor lookups): the time at `n`
  and `2n`, and the growth exponent log2(t(2n) / t(n)) (1 linear, 2 quadratic).
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys

PRELUDE = r"""
import datetime as dt, io, json, resource, sys, time, tracemalloc, zipfile
kind, n, trace = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "trace"
D = dt.date


def measure(make, run):
    data = make()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    t = time.perf_counter()
    found = run(data)
    seconds = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) * 1024
    size = len(data) if isinstance(data, (bytes, str)) else 0
    if size:
        print(f"{kind:<18} {n:>9,} {size / 1e6:8.2f} MB {found:>12} {seconds:7.2f} s "
              f"traced {peak / size:6.0f}x  rss {rss / size:6.0f}x")
    else:
        print(f"{kind:<18} {n:>9,} {'':>11} {found:>12} {seconds:7.2f} s "
              f"traced {peak / 1e6:7.0f} MB  rss {rss / 1e6:7.0f} MB")
"""

_IMPORT_WORKBOOK = r"""def run(data):
    try:
        import_workbook(data)
    except InvalidDataError as exc:
        return f"{exc.problems[0].code}"
    return "loaded"
measure(make, run)
"""
"""The end of every workbook case: import the file, answer the first problem's code."""

CASES: dict[str, str] = {
    # --- issue 14: the JSON error path ---------------------------------------------------------
    "empty": r"""
from vn_iso_qms import InvalidDataError, load_dataset
def run(data):
    try:
        load_dataset(data)
    except InvalidDataError as exc:
        return f"{len(exc.problems) + getattr(exc.problems, 'omitted', 0):,} problems"
    return "loaded"
measure(lambda: b'{"agencies":[' + b",".join([b"{}"] * n) + b"]}", run)
""",
    "dangling": r"""
from vn_iso_qms import InvalidDataError, load_dataset
fmt = b'{"id":"a%d","name":"x","kind":"provincial_department","parent_id":"z%d"}'
def run(data):
    try:
        load_dataset(data)
    except InvalidDataError as exc:
        return f"{len(exc.problems):,} kept"
    return "loaded"
measure(lambda: b'{"agencies":[' + b",".join(fmt % (i, i) for i in range(n)) + b"]}", run)
""",
    # --- issue 26: host paths, budgets per file ------------------------------------------------
    "validate_empty": r"""
import json
from pydantic import ValidationError
from vn_iso_qms import QmsDataset
def run(data):
    try:
        QmsDataset.model_validate(json.loads(data))
    except ValidationError as exc:
        return f"{exc.error_count():,} errors"
    return "loaded"
measure(lambda: b'{"agencies":[' + b",".join([b"{}"] * n) + b"]}", run)
""",
    "fastapi_empty": r"""
import datetime as dt
from fastapi import FastAPI
from fastapi.testclient import TestClient
from vn_iso_qms import Evaluation, QmsDataset, evaluate
app = FastAPI()
@app.post("/evaluate")  # the how-to's route as the issue probed it: the body as a QmsDataset
def evaluate_route(dataset: QmsDataset, as_of: dt.date) -> Evaluation:
    return evaluate(dataset, as_of=as_of)
client = TestClient(app)
def run(data):
    answer = client.post("/evaluate", content=data, params={"as_of": "2023-12-31"},
                         headers={"content-type": "application/json"})
    return f"{answer.status_code}, {len(answer.content) / 1e6:.2f} MB"
measure(lambda: b'{"agencies":[' + b",".join([b"{}"] * n) + b"]}", run)
""",
    "fastapi_load": r"""
import datetime as dt
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from vn_iso_qms import Evaluation, InvalidDataError, evaluate, load_dataset
app = FastAPI()
@app.exception_handler(InvalidDataError)
def refused(request: Request, exc: InvalidDataError) -> JSONResponse:
    detail = [p.model_dump(mode="json") for p in exc.problems]
    return JSONResponse(status_code=422, content={"detail": detail, "omitted": exc.omitted})
@app.post("/evaluate")  # the how-to's route since: the body read by load_dataset
async def evaluate_route(request: Request, as_of: dt.date) -> Evaluation:
    return evaluate(load_dataset(await request.body()), as_of=as_of)
client = TestClient(app)
def run(data):
    answer = client.post("/evaluate", content=data, params={"as_of": "2023-12-31"},
                         headers={"content-type": "application/json"})
    return f"{answer.status_code}, {len(answer.content) / 1e6:.2f} MB"
measure(lambda: b'{"agencies":[' + b",".join([b"{}"] * n) + b"]}", run)
""",
    "csv_invalid_rows": r"""
from vn_iso_qms import InvalidDataError
from vn_iso_qms.spreadsheet import import_csv
head = "id,name,kind\n"
def run(data):
    try:
        import_csv(data, sheet="agencies")
    except InvalidDataError as exc:
        return f"{len(exc.problems):,} kept"
    return "loaded"
measure(lambda: (head + "".join(f"bad id {i},,no kind\n" for i in range(n))).encode(), run)
""",
    "xlsx_three_sheets": r"""
from tests.unit.test_spreadsheet import small_dataset
from vn_iso_qms import InvalidDataError
from vn_iso_qms.spreadsheet import export_workbook, import_workbook
def make():
    data = export_workbook(small_dataset())
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x{r}</t></is></c></row>'
        for r in range(5, 5 + n)
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename in {f"xl/worksheets/sheet{k}.xml" for k in (3, 4, 5)}:
                body = body.replace(b"</sheetData>", rows + b"</sheetData>", 1)
            dst.writestr(info, body, zipfile.ZIP_DEFLATED)
    return out.getvalue()
"""
    + _IMPORT_WORKBOOK,
    "shared_strings_pad": r"""
import os
from tests.unit.test_spreadsheet import small_dataset
from vn_iso_qms import InvalidDataError
from vn_iso_qms.spreadsheet import export_workbook, import_workbook
CT = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats'
      b'-officedocument.spreadsheetml.sharedStrings+xml"/>')
REL = (b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
       b'relationships/sharedStrings" Target="sharedStrings.xml"/>')
def make():
    data = export_workbook(small_dataset())
    strings = b"".join(b"<si><t>s%d</t></si>" % i for i in range(n))
    table = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
             b'.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (n, n) + strings + b"</sst>")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"</Types>", CT + b"</Types>")
            if info.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(b"</Relationships>", REL + b"</Relationships>")
            dst.writestr(info, body, zipfile.ZIP_DEFLATED)
        dst.writestr("xl/sharedStrings.xml", table, zipfile.ZIP_DEFLATED)
        # an unread member, incompressible, that raises the file's expansion budget
        dst.writestr("xl/media/pad.bin", os.urandom(len(table) // 20), zipfile.ZIP_STORED)
    return out.getvalue()
"""
    + _IMPORT_WORKBOOK,
    "shared_strings_refused": r"""
import os
from tests.unit.test_spreadsheet import small_dataset
from vn_iso_qms import InvalidDataError
from vn_iso_qms.spreadsheet import export_workbook, import_workbook
def make():
    # the issue's construction: a table of one string repeated (it compresses far beyond 12x),
    # inside the file's 25x budget thanks to an unread incompressible member
    data = export_workbook(small_dataset())
    strings = b"<si><t>s</t></si>" * n
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename), zipfile.ZIP_DEFLATED)
        dst.writestr("xl/sharedStrings.xml", b"<sst>" + strings + b"</sst>", zipfile.ZIP_DEFLATED)
        dst.writestr("xl/media/pad.bin", os.urandom(len(strings) // 20), zipfile.ZIP_STORED)
    return out.getvalue()
"""
    + _IMPORT_WORKBOOK,
    # --- issue 26: work that must be linear ----------------------------------------------------
    "carry_merged_units": r"""
from vn_iso_qms import AdministrativeUnit, AdminUnitLevel, Agency, AgencyKind, QmsDataset
from vn_iso_qms._internal.carry import carry_registry
def make():
    units = [AdministrativeUnit(id="p", name="P", level=AdminUnitLevel.PROVINCE),
             AdministrativeUnit(id="old", name="Old", level=AdminUnitLevel.COMMUNE, parent_id="p",
                                valid_to=D(2024, 12, 31), successor_ids=("new",)),
             AdministrativeUnit(id="new", name="New", level=AdminUnitLevel.COMMUNE, parent_id="p",
                                valid_from=D(2025, 1, 1))]
    ags = [Agency(id=f"{w}-{i}", name=f"Trường {i}", kind=AgencyKind.PUBLIC_SERVICE_UNIT,
                  admin_unit_id=w, valid_from=D(2010, 1, 1) if w == "old" else D(2025, 1, 1))
           for i in range(n) for w in ("old", "new")]
    return QmsDataset(admin_units=tuple(units), agencies=tuple(ags))
def run(ds):
    _, report = carry_registry(ds, 2026)
    return f"{len(report.fates):,} fates"
measure(make, run)
""",
    "carry_merger_chain": r"""
from vn_iso_qms import Agency, AgencyEvent, AgencyEventKind, AgencyKind, QmsDataset
from vn_iso_qms._internal.carry import carry_registry
def make():
    ags = [Agency(id=f"a{i}", name=f"A{i}", kind=AgencyKind.PROVINCIAL_DEPARTMENT,
                  valid_from=D(1990, 1, 1)) for i in range(n)]
    evs = [AgencyEvent(id=f"e{i}", agency_id=f"a{i}", kind=AgencyEventKind.MERGED_INTO,
                       date=D(2000, 1, 1) + dt.timedelta(days=i % 9000), successor_ids=(f"a{i + 1}",))
           for i in range(n - 1)]
    return QmsDataset(agencies=tuple(ags), agency_events=tuple(evs))
def run(ds):
    try:
        _, report = carry_registry(ds, 2026)
    except RecursionError:
        return "RecursionError"
    return f"{len(report.fates):,} fates"
measure(make, run)
""",
    "list_updates": r"""
from vn_iso_qms import (AdministrativeUnit, AdminUnitLevel, Agency, AgencyKind, QmsDataset, Tthc,
                        TthcListUpdate, evaluate)
def make():
    tthc = [Tthc(id=f"t{i}", code=f"1.{i:06d}", name="T", published_on=D(2023, 3, 1),
                 agency_ids=("a",)) for i in range(n)]
    ups = [TthcListUpdate(id=f"u{i}", province_id="p", date=D(2023, 3, 2), tthc_codes=(f"1.{i:06d}",))
           for i in range(n)]
    return QmsDataset(
        admin_units=(AdministrativeUnit(id="p", name="P", level=AdminUnitLevel.PROVINCE),),
        agencies=(Agency(id="a", name="A", kind=AgencyKind.PROVINCIAL_DEPARTMENT, admin_unit_id="p"),),
        tthc=tuple(tthc), tthc_list_updates=tuple(ups))
def run(ds):
    ev = evaluate(ds, as_of=D(2023, 12, 31), rule_ids=("tthc_list_updated",))
    return f"{len(ev.results):,} results"
measure(make, run)
""",
    "predecessors": r"""
from vn_iso_qms import AdministrativeUnit, AdminUnitLevel, QmsDataset
from vn_iso_qms._internal.evaluation.engine import make_context
def make():
    units = [AdministrativeUnit(id=f"u{i}", name="U", level=AdminUnitLevel.PROVINCE,
                                valid_to=D(2024, 12, 31), successor_ids=(f"v{i}",)) for i in range(n)]
    units += [AdministrativeUnit(id=f"v{i}", name="V", level=AdminUnitLevel.PROVINCE,
                                 valid_from=D(2025, 1, 1)) for i in range(n)]
    return QmsDataset(admin_units=tuple(units))
def run(ds):
    ctx = make_context(ds, as_of=D(2025, 12, 31))
    return f"{sum(len(ctx.predecessors_of(f'v{i}')) for i in range(n)):,} found"
measure(make, run)
""",
}

SCALING = ("carry_merged_units", "carry_merger_chain", "list_updates", "predecessors")
"""Cases run at n and 2n, with their growth exponent."""


def _sizes(records: int, scale: float) -> dict[str, int]:
    return {
        "empty": records,
        "dangling": records,
        "validate_empty": records,
        "fastapi_empty": records,
        "fastapi_load": records,
        "csv_invalid_rows": records,
        "xlsx_three_sheets": int(100_000 * scale),
        "shared_strings_pad": int(1_000_000 * scale),
        "shared_strings_refused": int(2_000_000 * scale),
        "carry_merged_units": int(4_000 * scale),
        "carry_merger_chain": int(2_000 * scale),
        "list_updates": int(10_000 * scale),
        "predecessors": int(10_000 * scale),
    }


def _run(kind: str, n: int, timeout: float, trace: bool = True) -> tuple[str, float | None]:
    code = PRELUDE + CASES[kind]
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, kind, str(n), "trace" if trace else "rss"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"{kind:<18} {n:>9,} more than {timeout:.0f} s", None
    line = done.stdout.strip() or f"{kind}: failed ({done.stderr.strip()[-300:]})"
    seconds = None
    if " s " in line:
        try:
            seconds = float(line.split(" s ")[0].split()[-1])
        except ValueError:
            seconds = None
    return line, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the other sizes")
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument(
        "--no-trace",
        action="store_true",
        help="peak RSS only, without tracemalloc (which slows allocation-heavy cases 2-5x)",
    )
    parser.add_argument(
        "--size",
        action="append",
        default=[],
        metavar="NAME=N",
        help="the size of one case, overriding --records and --scale (repeatable)",
    )
    args = parser.parse_args()
    sizes = _sizes(args.records, args.scale)
    for item in args.size:
        name, _, value = item.partition("=")
        if name not in CASES or not value.isdigit():
            parser.error(f"--size {item}: expected NAME=N with NAME one of {', '.join(CASES)}")
        sizes[name] = int(value)
    chosen = [k for k in CASES if not args.only or k in args.only.split(",")]
    for kind in chosen:
        n = sizes[kind]
        line, t1 = _run(kind, n, args.timeout, not args.no_trace)
        print(line, flush=True)
        if kind in SCALING:
            line2, t2 = _run(kind, 2 * n, args.timeout, not args.no_trace)
            print(line2, flush=True)
            if t1 and t2:
                print(f"{'':<18} growth exponent {math.log2(t2 / t1):.2f}", flush=True)
            else:
                print(f"{'':<18} growth exponent n/a (no time measured: a larger size)", flush=True)


if __name__ == "__main__":
    main()
