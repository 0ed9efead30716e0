"""Benchmarks at province (1x), 10-province (10x) and national (100x) scale.

For each size the synthetic dataset of `benchmarks/generate.py` is written once to a temporary
file; then every step runs in its own fresh interpreter (`run.py --worker STEP --input FILE`),
N times, and the best time is kept:

- `json.loads(bytes)`: the baseline every ratio is measured against; `orjson.loads` if installed;
- `vn_iso_qms.load_dataset(bytes, pause_gc=True)`: parse, validate every record, check integrity
  (target <= 1.5x json.loads);
- `dump_dataset(ds)` against `json.dumps(json.loads(bytes), ensure_ascii=False)` (target <= 0.5x);
- evaluation and report, once the library has them (see `measure_evaluation`);
- the Word documents of a fixed sample, at every size (`measure_documents`; off with `--smoke`):
  every document of the dataset's first province, built from the whole dataset (at size 1, every
  document of the dataset), as time per document against that province's report, timed in the
  same worker; the time for every document of the dataset is extrapolated from it;
- memory: RSS held by the result and peak RSS during the call, both above the RSS just before
  it (the peak is reset through /proc/self/clear_refs), for the dataset against json.loads's
  dicts (target <= 1.5x);
- growth exponent of the load time in records between sizes (target <= 1.1 from 1x to 100x);
- `python -c "import vn_iso_qms"` (median of 5, minus a bare interpreter start; target < 0.3 s)
  and `vn-iso-qms demo` end to end (median of 3; target < 1 s).

Usage::

    .venv/bin/python benchmarks/run.py --sizes 1,10,100            # writes results/latest.md
    .venv/bin/python benchmarks/run.py --sizes 1 --smoke --output /tmp/bench.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import itertools
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE / "results" / "latest.md"
AS_OF = dt.date(2024, 12, 31)
"""The evaluation date used for the generated data (which ends on 31/12/2024)."""
POST_AS_OF = dt.date(2026, 12, 31)
"""The evaluation date of the post-reform part (`generate.py --post-reform` ends on 31/12/2026)."""

TARGET_LOAD = 1.5
TARGET_PEER = 1.0
"""`load_dataset()` (default arguments) against the msgspec peer's time (issue 28)."""
TARGET_PEER_MEMORY = 1.5
TARGET_EVALUATE = 1.0
TARGET_DUMP = 0.5
TARGET_MEMORY = 1.5
TARGET_GROWTH = 1.1
TARGET_IMPORT = 0.15
TARGET_DEMO = 1.0
NA = "n/a (not implemented yet)"

CPU_CLOCK_ENV = "VN_ISO_QMS_BENCH_CPU"
"""Set (by `--cpu`) for the workers to time CPU seconds instead of wall seconds."""

STEPS = (
    "json_loads",
    "orjson_loads",
    "load",
    "load_paused",
    "load_trusted",
    "peer",
    "peer_no_dup",
    "json_dumps",
    "dump",
    "evaluate",
    "evaluate_warm",
    "post_reform",
)
POST_STEPS = ("json_loads", "load", "post_reform")
"""The steps run on the dataset with its post-reform part (`generate.py --post-reform`)."""


def _clock() -> float:
    """Seconds: CPU time with `--cpu` (set for the workers), wall time otherwise."""
    return time.process_time() if os.environ.get(CPU_CLOCK_ENV) else time.perf_counter()


# --- the hook for the rules engine and the report --------------------------------------------


def measure_evaluation(ds: Any, *, documents: bool = True) -> dict[str, Any] | None:
    """Seconds to evaluate `ds` and to build its reports; None while the library has neither.

    Called in a fresh worker with the loaded dataset (load time not included): one
    `evaluate` of the whole dataset for the year of `AS_OF`, then one `province_report` per
    province reusing that evaluation; with the documents (`documents` and `DOCUMENTS_ENV`), the
    first province's report once more (warm) and its documents (`measure_documents`). A part
    that does not exist yet is None; a part that fails is reported as `"<part>_error"` (so a
    changed signature shows in the table, not as a crash).
    """
    import vn_iso_qms

    evaluate = getattr(vn_iso_qms, "evaluate", None)
    if evaluate is None:
        return None
    out: dict[str, Any] = {"evaluate": None, "report": None}
    try:
        started = _clock()
        evaluation = evaluate(ds, as_of=AS_OF, year=AS_OF.year)
        out["evaluate"] = _clock() - started
    except Exception as exc:  # reported in the table; never sinks the whole run
        out["evaluate_error"] = f"{type(exc).__name__}: {exc}"[:200]
        return out
    report = getattr(vn_iso_qms, "province_report", None)
    if report is None:
        return out
    provinces = [u.id for u in ds.admin_units if u.level.value == "province"]
    sample_id = min(provinces) if provinces else None
    sample_report: tuple[Any, float] | None = None
    try:
        started = _clock()
        context = vn_iso_qms.rules.make_context(ds, as_of=AS_OF, year=AS_OF.year)

        def report_of(province_id: str) -> Any:
            return report(
                ds,
                province_id=province_id,
                year=AS_OF.year,
                as_of=AS_OF,
                evaluation=evaluation,
                context=context,
            )

        for province_id in provinces:
            report_started = _clock()
            rep = report_of(province_id)
            if province_id == sample_id:
                sample_report = (rep, _clock() - report_started)
        out["report"] = _clock() - started
        if documents and os.environ.get(DOCUMENTS_ENV) and sample_report is not None:
            # The sample province's report again, warm: its first call above also built the
            # context's national indexes (its one-off cost, shared by every province).
            report_started = _clock()
            rep = report_of(sample_id)
            out["documents_report_first"] = sample_report[1]
            sample_report = (rep, _clock() - report_started)
    except Exception as exc:  # reported in the table; never sinks the whole run
        out["report_error"] = f"{type(exc).__name__}: {exc}"[:200]
        return out
    if (
        documents
        and os.environ.get(DOCUMENTS_ENV)
        and sample_id is not None
        and sample_report is not None
    ):
        out.update(measure_documents(ds, sample_id, *sample_report))
    return out


DOCUMENTS_ENV = "VN_ISO_QMS_BENCH_DOCUMENTS"
"""Set by the parent for its workers: measure the documents (off with `--smoke`: ~2 minutes)."""


def document_calls(ds: Any, province_id: str, report: Any) -> list[Callable[[], bytes]]:
    """The Word documents of one province of `ds`, each as a call building it from all of `ds`.

    From the province's report (`report`): its status report and its November results report;
    per inspection plan of the province: the plan; per on-site inspection of one of its agencies
    (`province_assignment(ds).province_of`): the decision and the minutes; per inspection of
    one of its agencies with a corrective-action report: that report; per announcement of a
    QMS its agencies own: the decision with its annex. Every call is given the whole dataset,
    so its look-ups run against the national registry.
    """
    from vn_iso_qms import documents as d
    from vn_iso_qms.reports import province_assignment

    province_of = province_assignment(ds).province_of
    mine = {a for a, p in province_of.items() if p == province_id}
    qms_owner = {q.id: q.owner_agency_id for q in ds.qms_units}
    inspections = [i for i in ds.inspections if i.agency_id in mine]
    in_province = {i.id for i in inspections}
    calls: list[Callable[[], bytes]] = [
        lambda: d.status_report(report, ds),
        lambda: d.inspection_results_report(report, ds),
    ]
    calls += [
        lambda p=p: d.inspection_plan(ds, p.id)
        for p in ds.inspection_plans
        if p.province_id == province_id
    ]
    for insp in inspections:
        if insp.form.value == "on_site":
            calls.append(lambda i=insp: d.inspection_decision(ds, i.id))
            calls.append(lambda i=insp: d.inspection_minutes(ds, i.id))
    answered = {r.inspection_id for r in ds.corrective_action_reports} & in_province
    calls += [lambda i=i: d.corrective_action_report(ds, i) for i in sorted(answered)]
    calls += [
        lambda a=a: d.announcement_decision(ds, a.id)
        for a in ds.announcements
        if qms_owner.get(a.qms_id) in mine
    ]
    return calls


def count_documents(ds: Any) -> int:
    """How many Word documents `document_calls` gives over every province of `ds` (none built).

    Two per province (status and November results reports), one per inspection plan, two per
    on-site inspection, one per inspection with a corrective-action report, one per announcement.
    """
    provinces = sum(1 for u in ds.admin_units if u.level.value == "province")
    on_site = sum(1 for i in ds.inspections if i.form.value == "on_site")
    answered = len({r.inspection_id for r in ds.corrective_action_reports})
    return 2 * provinces + len(ds.inspection_plans) + 2 * on_site + answered + len(ds.announcements)


def measure_documents(
    ds: Any, province_id: str, report: Any, report_seconds: float
) -> dict[str, Any]:
    """Seconds to build the documents of one province of `ds` (the sample), from the whole `ds`.

    The sample is `document_calls(ds, province_id, report)`: at size 1 every document of the
    dataset, at larger sizes those of its first province, looked up in the national registry.
    Returns the sample's seconds and count, the province report's own seconds
    (`report_seconds`, timed in the same worker: its second call, once the context's national
    indexes are built by the first) for the ratio, and the count of every document
    of the dataset (`count_documents`) for the extrapolation. Needs the `documents` extra.
    """
    try:
        calls = document_calls(ds, province_id, report)
    except ImportError as exc:  # python-docx missing
        return {"documents_error": str(exc)[:200]}
    try:
        started = _clock()
        for call in calls:
            call()
        seconds = _clock() - started
    except Exception as exc:  # reported in the table; never sinks the whole run
        return {"documents_error": f"{type(exc).__name__}: {exc}"[:200]}
    return {
        "documents": seconds,
        "documents_count": len(calls),
        "documents_province": province_id,
        "documents_report": report_seconds,
        "documents_total": count_documents(ds),
    }


def measure_post_reform(ds: Any) -> dict[str, Any]:
    """Seconds to evaluate and roll up the post-reform year of `ds` (a dataset spanning the reform).

    One `evaluate` for 2026 (as of `POST_AS_OF`), one `national_rollup` for 2026 (one row per
    successor province; it evaluates again), then `national_rollup` for 2024 and
    `compare_across_reform` (2024 → 2026 by successor province). A part that fails is reported
    as `"<part>_error"`.
    """
    import vn_iso_qms as q

    out: dict[str, Any] = {}
    parts: list[tuple[str, Callable[[], Any]]] = [
        ("evaluate_2026", lambda: q.evaluate(ds, as_of=POST_AS_OF, year=POST_AS_OF.year)),
        ("rollup_2026", lambda: q.reports.national_rollup(ds, year=POST_AS_OF.year)),
        ("rollup_2024", lambda: q.reports.national_rollup(ds, year=AS_OF.year)),
    ]
    results: dict[str, Any] = {}
    for part, call in parts:
        try:
            started = _clock()
            results[part] = call()
            out[part] = _clock() - started
        except Exception as exc:  # reported in the table; never sinks the whole run
            out[f"{part}_error"] = f"{type(exc).__name__}: {exc}"[:200]
            return out
    out["rows_2026"] = len(results["rollup_2026"].rows)
    out["rows_2024"] = len(results["rollup_2024"].rows)
    try:
        started = _clock()
        compared = q.reports.compare_across_reform(
            results["rollup_2024"], results["rollup_2026"], q.reports.province_successors([ds])
        )
        out["compare"] = _clock() - started
        out["successors"] = len(compared)
    except Exception as exc:  # reported in the table; never sinks the whole run
        out["compare_error"] = f"{type(exc).__name__}: {exc}"[:200]
    return out


# --- worker: one step in a fresh interpreter --------------------------------------------------


def _status_kb() -> dict[str, int]:
    """VmRSS and VmHWM of this process in kB (Linux); empty elsewhere."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            lines = f.read().splitlines()
    except OSError:
        return {}
    out = {}
    for line in lines:
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def _peak_kb() -> int:
    status = _status_kb()
    if "VmHWM" in status:
        return status["VmHWM"]
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def _rss_kb() -> int:
    return _status_kb().get("VmRSS", 0) or _peak_kb()


def _reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux clear_refs); False when that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
    except OSError:
        return False
    return True


def _prepare(step: str, data: bytes) -> Callable[[], Any]:
    """Import what `step` needs and build its inputs; return the call to time."""
    if step == "json_loads":
        return lambda: json.loads(data)
    if step == "orjson_loads":
        import orjson

        return lambda: orjson.loads(data)
    if step in ("peer", "peer_no_dup"):  # the msgspec port: types built before the timing
        sys.path.insert(0, str(HERE))
        import peer_msgspec

        peer_msgspec.load(b"{}")
        check = step == "peer"
        return lambda: peer_msgspec.load(data, check_duplicate_keys=check)
    import vn_iso_qms

    # Validators built before the timing, as the peer's types; the input is padded to 1 MB so
    # that the one-off lookup of malloc_trim (importing ctypes) is done too.
    vn_iso_qms.load_dataset(b"{}" + b" " * (1 << 20))
    if step == "load":  # the library's defaults, as a server or a notebook calls it
        return lambda: vn_iso_qms.load_dataset(data)
    if step == "load_paused":  # the GC paused as the command line loads
        return lambda: vn_iso_qms.load_dataset(data, pause_gc=True)
    if step == "load_trusted":  # a file this library wrote: no repeated-key scan
        return lambda: vn_iso_qms.load_dataset(data, check_duplicate_keys=False, pause_gc=True)
    if step == "json_dumps":
        obj = json.loads(data)
        return lambda: json.dumps(obj, ensure_ascii=False)
    ds = vn_iso_qms.load_dataset(data)
    if step == "dump":
        return lambda: vn_iso_qms.dump_dataset(ds)
    if step == "evaluate":
        return lambda: measure_evaluation(ds)
    if step == "evaluate_warm":  # a second evaluation in the process: first-call costs out
        measure_evaluation(ds, documents=False)
        return lambda: measure_evaluation(ds, documents=False)
    if step == "post_reform":
        return lambda: measure_post_reform(ds)
    msg = f"unknown step {step!r}"
    raise ValueError(msg)


def worker(step: str, path: Path) -> dict[str, Any]:
    """Run one step once; return seconds and memory figures (kB)."""
    rss_start = _rss_kb()
    data = path.read_bytes()
    call = _prepare(step, data)
    gc.collect()
    exact_peak = _reset_peak()
    rss_before = _rss_kb()
    started = _clock()
    result = call()
    seconds = _clock() - started
    rss_after = _rss_kb()
    peak = _peak_kb()
    out: dict[str, Any] = {
        "step": step,
        "seconds": seconds,
        "rss_start_kb": rss_start,
        "rss_before_kb": rss_before,
        "held_kb": rss_after - rss_before,
        "peak_kb": peak - rss_before,
        "exact_peak": exact_peak,
    }
    if step in ("evaluate", "evaluate_warm", "post_reform"):
        out["evaluation"] = result
    del result
    return out


# --- parent: orchestration ----------------------------------------------------------------


def _run_json(args: list[str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, check=False, cwd=HERE.parent
    )
    if proc.returncode != 0:
        msg = f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
        raise RuntimeError(msg)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _has(module: str) -> bool:
    proc = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, check=False
    )
    return proc.returncode == 0


def measure_step(step: str, path: Path, repeat: int) -> dict[str, Any]:
    """Best time of `repeat` fresh workers; memory as the median over the runs."""
    runs = [
        _run_json([str(Path(__file__).resolve()), "--worker", step, "--input", str(path)])
        for _ in range(repeat)
    ]
    best = min(runs, key=lambda r: r["seconds"])
    merged = dict(best)
    merged["held_kb"] = statistics.median(r["held_kb"] for r in runs)
    merged["peak_kb"] = statistics.median(r["peak_kb"] for r in runs)
    merged["runs"] = [r["seconds"] for r in runs]
    return merged


def _wall(cmd: list[str], times: int) -> float:
    """Median wall time of running `cmd` `times` times."""
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def measure_startup(smoke: bool) -> dict[str, float | None]:
    bare = _wall([sys.executable, "-c", "pass"], 2 if smoke else 5)
    imported = _wall([sys.executable, "-c", "import vn_iso_qms"], 2 if smoke else 5)
    cli = Path(sys.executable).parent / "vn-iso-qms"
    demo = _wall([str(cli), "demo"], 1 if smoke else 3) if cli.exists() else None
    return {"bare": bare, "import": imported, "demo": demo}


def _generate(scale: int, seed: int, path: Path, *, post_reform: bool) -> dict[str, Any]:
    print(f"[{scale}x] generating {path.name} ...", flush=True)
    generated = _run_json(
        [
            str(HERE / "generate.py"),
            "--scale",
            str(scale),
            "--seed",
            str(seed),
            "--output",
            str(path),
            *(["--post-reform"] if post_reform else []),
        ]
    )
    print(
        f"[{scale}x] {generated['bytes'] / 1e6:.1f} MB, {generated['records']:,} records "
        f"in {generated['seconds']:.1f} s",
        flush=True,
    )
    return generated


def measure_size(scale: int, repeat: int, workdir: Path, seed: int) -> dict[str, Any]:
    path = workdir / f"dataset-{scale}x.json"
    generated = _generate(scale, seed, path, post_reform=False)
    steps: dict[str, dict[str, Any] | None] = {}
    for step in STEPS:
        if step == "post_reform":
            continue
        if step == "orjson_loads" and not _has("orjson"):
            steps[step] = None
            continue
        if step.startswith("peer") and not _has("msgspec"):
            steps[step] = None
            continue
        print(f"[{scale}x] {step} x{repeat} ...", flush=True)
        steps[step] = measure_step(step, path, repeat)
    path.unlink()
    # The same provinces with 2025-2026 across the reform (the 2022-2024 figures above stay
    # comparable with earlier runs).
    post_path = workdir / f"dataset-{scale}x-post-reform.json"
    post_generated = _generate(scale, seed, post_path, post_reform=True)
    post_steps: dict[str, dict[str, Any]] = {}
    for step in POST_STEPS:
        print(f"[{scale}x post-reform] {step} x{repeat} ...", flush=True)
        post_steps[step] = measure_step(step, post_path, repeat)
    post_path.unlink()
    return {
        "scale": scale,
        "repeat": repeat,
        "generated": generated,
        "steps": steps,
        "post": {"generated": post_generated, "steps": post_steps},
    }


# --- the Markdown report -------------------------------------------------------------------


def _mb(kb: float) -> float:
    return kb / 1024


def _verdict(value: float | None, target: float) -> str:
    if value is None:
        return ""
    return "met" if value <= target else "**missed**"


def size_table(result: dict[str, Any]) -> list[str]:  # noqa: PLR0915 - one row each
    gen = result["generated"]
    steps = result["steps"]
    json_mb = gen["bytes"] / 1024**2
    base = steps["json_loads"]["seconds"]
    lines = [
        f"### {result['scale']}x ({result['scale']} province{'s' if result['scale'] > 1 else ''},"
        f" best of {result['repeat']})",
        "",
        "| measure | value | ratio | target | |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| JSON size | {gen['bytes'] / 1e6:,.1f} MB | | | |",
        f"| records | {gen['records']:,} | | | |",
        f"| processes | {gen['counts']['processes']:,} | | | |",
        f"| agencies | {gen['counts']['agencies']:,} | | | |",
        f"| json.loads (baseline) | {base:.3f} s | 1.00x | | |",
    ]
    orj = steps.get("orjson_loads")
    if orj is not None:
        lines.append(
            f"| orjson.loads | {orj['seconds']:.3f} s | {orj['seconds'] / base:.2f}x | | |"
        )
    else:
        lines.append("| orjson.loads | n/a (orjson not installed) | | | |")
    peer_step, peer_nodup = steps.get("peer"), steps.get("peer_no_dup")
    peer = peer_step["seconds"] if peer_step else None
    if peer_step is None or peer_nodup is None:
        lines.append("| peer (msgspec port) | n/a (msgspec not installed) | | | |")
    else:
        lines.append(
            f"| peer (msgspec port, same checks) | {peer:.3f} s | {peer / base:.2f}x | | |"
        )
        lines.append(
            f"| peer without its duplicate-key pass | {peer_nodup['seconds']:.3f} s |"
            f" {peer_nodup['seconds'] / base:.2f}x | | |"
        )

    def vs_peer(seconds: float) -> str:
        return f" ({seconds / peer:.2f}x peer)" if peer else ""

    load = steps["load"]["seconds"]
    ratio = load / base
    peer_ratio = load / peer if peer else None
    lines.append(
        f"| load_dataset | {load:.3f} s | {ratio:.2f}x{vs_peer(load)} | <= {TARGET_PEER}x peer |"
        f" {_verdict(peer_ratio, TARGET_PEER)} |"
    )
    for key, label in (
        ("load_paused", "load_dataset(pause_gc=True)"),
        ("load_trusted", "load_dataset(check_duplicate_keys=False, pause_gc=True)"),
    ):
        other = steps.get(key)
        if other is not None:
            o = other["seconds"]
            lines.append(f"| {label} | {o:.3f} s | {o / base:.2f}x{vs_peer(o)} | | |")
    dumps = steps["json_dumps"]["seconds"]
    dump = steps["dump"]["seconds"]
    lines.append(f"| json.dumps(json.loads(b)) | {dumps:.3f} s | 1.00x | | |")
    lines.append(
        f"| dump_dataset | {dump:.3f} s | {dump / dumps:.2f}x | <= {TARGET_DUMP}x |"
        f" {_verdict(dump / dumps, TARGET_DUMP)} |"
    )
    evaluation = (steps.get("evaluate") or {}).get("evaluation") or {}
    warm = (steps.get("evaluate_warm") or {}).get("evaluation") or {}
    for part, label, figures in (
        ("evaluate", "evaluate", evaluation),
        ("evaluate", "evaluate (second call)", warm),
        ("report", "report", evaluation),
    ):
        seconds = figures.get(part)
        error = figures.get(f"{part}_error")
        if error:
            error = str(error).replace("|", "/")
            lines.append(f"| {label} | n/a (hook failed: {error}) | | | |")
        elif seconds is None:
            lines.append(f"| {label} | {NA} | | | |")
        elif part == "evaluate":
            e_ratio = seconds / base
            lines.append(
                f"| {label} | {seconds:.3f} s | {e_ratio:.2f}x | <= {TARGET_EVALUATE}x |"
                f" {_verdict(e_ratio, TARGET_EVALUATE)} |"
            )
        else:
            lines.append(f"| {label} | {seconds:.3f} s | {seconds / base:.2f}x | | |")
    lines += document_rows(evaluation)
    jl, ld = steps["json_loads"], steps["load"]
    for label, key in (("held", "held_kb"), ("peak", "peak_kb")):
        j_mb, l_mb = _mb(jl[key]), _mb(ld[key])
        mem_ratio = l_mb / j_mb if j_mb > 0 else math.nan
        p_mb = _mb(peer_step[key]) if peer_step else None
        lines.append(
            f"| memory {label}: json.loads | {j_mb:,.0f} MB ({j_mb / json_mb:.1f}x JSON) | 1.00x"
            " | | |"
        )
        if p_mb is not None:
            lines.append(
                f"| memory {label}: peer | {p_mb:,.0f} MB ({p_mb / json_mb:.1f}x JSON) |"
                f" {p_mb / j_mb if j_mb > 0 else math.nan:.2f}x | | |"
            )
        if p_mb:
            of_peer = l_mb / p_mb
            lines.append(
                f"| memory {label}: load_dataset | {l_mb:,.0f} MB ({l_mb / json_mb:.1f}x JSON) |"
                f" {mem_ratio:.2f}x ({of_peer:.2f}x peer) | <= {TARGET_PEER_MEMORY}x peer |"
                f" {_verdict(of_peer, TARGET_PEER_MEMORY) if label == 'held' else ''} |"
            )
        else:
            lines.append(
                f"| memory {label}: load_dataset | {l_mb:,.0f} MB ({l_mb / json_mb:.1f}x JSON) |"
                f" {mem_ratio:.2f}x | <= {TARGET_MEMORY}x | {_verdict(mem_ratio, TARGET_MEMORY)} |"
            )
    lines += post_reform_rows(result)
    lines.append("")
    return lines


def document_rows(evaluation: dict[str, Any]) -> list[str]:
    """The Word-document rows: the sample measured, its time per document, the extrapolation."""
    label = "documents (Word): sample"
    if evaluation.get("documents_error"):
        error = str(evaluation["documents_error"]).replace("|", "/")
        return [f"| {label} | n/a ({error}) | | | |"]
    docs = evaluation.get("documents")
    if docs is None or not evaluation.get("documents_count"):
        return [f"| {label} | n/a (not measured: --smoke or --no-documents) | | | |"]
    count = evaluation["documents_count"]
    total = evaluation["documents_total"]
    per_doc = docs / count
    per_report = evaluation["documents_report"]
    ratio = f"{per_doc / per_report:.2f}x" if per_report > 0 else "n/a"
    province = evaluation["documents_province"]
    first = evaluation.get("documents_report_first")
    first_note = ""
    if first:  # the first call also builds the context's national indexes (earlier runs' figure)
        first_note = f"; {per_doc / first:.2f}x its first call ({first * 1000:,.0f} ms)"
    whole = (
        "extrapolated (per document x count)"
        if count < total
        else "the sample itself (no extrapolation)"
    )
    return [
        f"| {label}: the {count:,} documents of province {province} (of {total:,}) |"
        f" {docs:.3f} s | | | |",
        f"| documents (Word): time per document | {per_doc * 1000:,.0f} ms |"
        f" {ratio} the report of {province} warm ({per_report * 1000:,.0f} ms){first_note} |"
        " | |",
        f"| documents (Word): all {total:,} documents, **{whole}** | {per_doc * total:,.0f} s |"
        " | | |",
    ]


def post_reform_rows(result: dict[str, Any]) -> list[str]:
    """The rows of the dataset with its post-reform part: load, evaluate and roll up 2026."""
    post = result.get("post")
    if not post:
        return []
    gen, steps = post["generated"], post["steps"]
    base = steps["json_loads"]["seconds"]
    load = steps["load"]["seconds"]
    figures = steps["post_reform"].get("evaluation") or {}
    lines = [
        f"| post-reform: JSON size (2022-2026) | {gen['bytes'] / 1e6:,.1f} MB | | | |",
        f"| post-reform: records | {gen['records']:,} | | | |",
        f"| post-reform: json.loads (baseline) | {base:.3f} s | 1.00x | | |",
        f"| post-reform: load_dataset | {load:.3f} s | {load / base:.2f}x | <= {TARGET_LOAD}x |"
        f" {_verdict(load / base, TARGET_LOAD)} |",
    ]
    rows_2026 = figures.get("rows_2026", "?")
    rows_2024 = figures.get("rows_2024", "?")
    for part, label in (
        ("evaluate_2026", "evaluate 2026"),
        ("rollup_2026", f"national_rollup 2026 ({rows_2026} rows: successor provinces)"),
        ("rollup_2024", f"national_rollup 2024 ({rows_2024} rows)"),
        ("compare", "compare_across_reform 2024 → 2026"),
    ):
        error = figures.get(f"{part}_error")
        seconds = figures.get(part)
        if error:
            error = str(error).replace("|", "/")
            lines.append(f"| {label} | n/a (failed: {error}) | | | |")
        elif seconds is None:
            lines.append(f"| {label} | n/a (not run) | | | |")
        else:
            lines.append(f"| {label} | {seconds:.3f} s | {seconds / base:.2f}x | | |")
    return lines


def growth_table(results: list[dict[str, Any]]) -> list[str]:
    if len(results) < 2:
        return ["Growth exponents need two sizes or more (not measured in this run).", ""]
    pairs = list(itertools.pairwise(results))
    if len(results) > 2:
        pairs.append((results[0], results[-1]))
    header = " | ".join(f"{a['scale']}x → {b['scale']}x" for a, b in pairs)
    lines = [
        "Growth exponent `log(t2/t1) / log(n2/n1)` with n = records (1.0 = linear).",
        "",
        f"| step | {header} | target |",
        "| --- |" + " ---: |" * len(pairs) + " --- |",
    ]
    for step, label in (
        ("json_loads", "json.loads"),
        ("peer", "peer (msgspec port)"),
        ("load", "load_dataset"),
        ("load_paused", "load_dataset(pause_gc=True)"),
        ("dump", "dump"),
        ("evaluate_warm", "evaluate (second call)"),
    ):
        cells = []
        exps = []
        for a, b in pairs:
            t1, t2 = _seconds(a, step), _seconds(b, step)
            if t1 is None or t2 is None:
                cells.append("n/a")
                continue
            n1, n2 = a["generated"]["records"], b["generated"]["records"]
            exp = math.log(t2 / t1) / math.log(n2 / n1)
            exps.append(exp)
            cells.append(f"{exp:.2f}")
        target = ""
        if step == "load" and exps:
            whole = exps[-1]
            target = f"<= {TARGET_GROWTH} (first → last: {_verdict(whole, TARGET_GROWTH)})"
        lines.append(f"| {label} | {' | '.join(cells)} | {target} |")
    lines += _post_growth_rows(pairs)
    lines.append("")
    return lines


def _seconds(result: dict[str, Any], step: str) -> float | None:
    """Seconds of `step` in one size's result (evaluate: the hook's own figure); None if absent."""
    found = result["steps"].get(step)
    if not found:
        return None
    if step.startswith("evaluate"):
        value = (found.get("evaluation") or {}).get("evaluate")
        return float(value) if isinstance(value, int | float) and value > 0 else None
    return float(found["seconds"])


def _post_seconds(result: dict[str, Any], part: str) -> float | None:
    post = result.get("post") or {}
    steps = post.get("steps") or {}
    if part == "load":
        return float(steps["load"]["seconds"]) if "load" in steps else None
    value = (steps.get("post_reform") or {}).get("evaluation", {}).get(part)
    return float(value) if isinstance(value, int | float) else None


def _post_growth_rows(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[str]:
    """Growth of the post-reform steps, over the records of the dataset spanning the reform."""
    lines = []
    for part, label in (
        ("load", "post-reform: load_dataset"),
        ("evaluate_2026", "post-reform: evaluate 2026"),
        ("rollup_2026", "post-reform: national_rollup 2026"),
    ):
        cells = []
        for a, b in pairs:
            t1, t2 = _post_seconds(a, part), _post_seconds(b, part)
            if t1 is None or t2 is None or t1 <= 0 or t2 <= 0:
                cells.append("n/a")
                continue
            n1 = a["post"]["generated"]["records"]
            n2 = b["post"]["generated"]["records"]
            cells.append(f"{math.log(t2 / t1) / math.log(n2 / n1):.2f}")
        lines.append(f"| {label} | {' | '.join(cells)} | |")
    return lines


def startup_table(startup: dict[str, float | None]) -> list[str]:
    bare, imported, demo = startup["bare"], startup["import"], startup["demo"]
    assert bare is not None
    assert imported is not None
    net = imported - bare
    lines = [
        "| measure | value | target | |",
        "| --- | ---: | ---: | --- |",
        f"| python -c pass (bare interpreter) | {bare:.3f} s | | |",
        f'| python -c "import vn_iso_qms" | {imported:.3f} s | | |',
        f"| import vn_iso_qms (net of bare start) | {net:.3f} s | < {TARGET_IMPORT} s |"
        f" {_verdict(net, TARGET_IMPORT)} |",
    ]
    if demo is None:
        lines.append("| vn-iso-qms demo | n/a (script not installed) | | |")
    else:
        lines.append(
            f"| vn-iso-qms demo (end to end) | {demo:.3f} s | < {TARGET_DEMO} s |"
            f" {_verdict(demo, TARGET_DEMO)} |"
        )
    lines.append("")
    return lines


@functools.cache
def _commit() -> str:
    """The commit measured (with `+` when the tree has changes), or `unknown`."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=HERE,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
            cwd=HERE,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}{'+' if dirty else ''}"


def machine_lines(now: dt.datetime, argv: list[str]) -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        mem = f", {pages / 1024**3:.1f} GiB RAM"
    except (ValueError, OSError, AttributeError):
        pass
    versions = []
    for name in ("pydantic", "pydantic_core", "orjson"):
        try:
            module = __import__(name)
            versions.append(f"{name} {module.__version__}")
        except ImportError:
            continue
    return [
        f"Run on {now:%Y-%m-%d %H:%M} UTC with `python benchmarks/run.py {' '.join(argv)}`"
        f" at commit {_commit()}; times are"
        f" {'CPU' if os.environ.get(CPU_CLOCK_ENV) else 'wall'} seconds.",
        "",
        f"Machine: {os.cpu_count()} CPUs ({cpu}){mem}, {platform.system()} {platform.release()};"
        f" CPython {platform.python_version()}; {', '.join(versions)}.",
        "",
    ]


def render(
    results: list[dict[str, Any]],
    startup: dict[str, float | None],
    now: dt.datetime,
    argv: list[str],
) -> str:
    lines = [
        "# Benchmark results",
        "",
        *machine_lines(now, argv),
        "Method: the synthetic dataset of `benchmarks/generate.py` (n provinces of ~165 units,"
        " 2022-2024) is written once per size, then the same provinces with 2025-2026 across"
        " the reform (`--post-reform`: the successor provinces; the *post-reform* rows, whose"
        " ratios are against `json.loads` of that file); each step runs in a fresh interpreter and"
        " the best time is kept. Ratios are against `json.loads` of the same bytes with the"
        " default GC (how user code runs), and against the peer, a msgspec port of the loader"
        " generated from the published schema with the same checks (`benchmarks/peer_msgspec.py`),"
        " in the same run; `load_dataset` is called with its defaults (the `pause_gc=True` row"
        " is how the command line calls it). Validators and the peer's types are built before"
        " the timing. The dump is against `json.dumps(..., ensure_ascii=False)`. Memory"
        " is RSS above the level just before the call: *held* = still in use with the result"
        " alive, *peak* = highest during the call (VmHWM after a clear_refs reset); medians"
        " of the runs. The machine may be shared: expect ±10-20 % noise.",
        "",
    ]
    for result in results:
        lines += size_table(result)
    lines += ["### Growth", "", *growth_table(results)]
    lines += ["### Start-up", "", *startup_table(startup)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="comma-separated scales (provinces)")
    parser.add_argument("--smoke", action="store_true", help="size 1 only, one run per step")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="Markdown file")
    parser.add_argument("--repeat", type=int, default=None, help="runs per step (default 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time the steps' CPU seconds (process_time) instead of wall seconds: on a machine"
        " shared with other jobs, CPU time is much less noisy (no step waits on I/O)",
    )
    parser.add_argument("--workdir", type=Path, default=None, help="where data files go")
    parser.add_argument(
        "--documents",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="measure the Word documents of the first province at every size (default: on, off"
        " with --smoke)",
    )
    parser.add_argument("--worker", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(worker(args.worker, args.input)))
        return 0

    documents = not args.smoke if args.documents is None else args.documents
    os.environ[DOCUMENTS_ENV] = "1" if documents else ""  # read by the evaluate worker
    if args.cpu:
        os.environ[CPU_CLOCK_ENV] = "1"  # the workers inherit it
    _commit()  # noted before the run: the tree may change while it runs
    sizes = [1] if args.smoke else [int(s) for s in args.sizes.split(",") if s.strip()]
    now = dt.datetime.now(dt.UTC)
    workdir = Path(tempfile.mkdtemp(prefix="vn-iso-qms-bench-", dir=args.workdir))
    results = []
    try:
        for scale in sizes:
            repeat = args.repeat or (1 if args.smoke or scale >= 100 else 3)
            results.append(measure_size(scale, repeat, workdir, args.seed))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    startup = measure_startup(args.smoke)
    text = render(results, startup, now, argv)
    text += _admin_units_section(args.smoke)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"\nwritten to {args.output}", file=sys.stderr)
    return 0


def _admin_units_section(smoke: bool) -> str:
    """The administrative-unit table benchmark (benchmarks/admin_units.py), when present."""
    if smoke or not (HERE / "admin_units.py").exists():
        return ""
    sys.path.insert(0, str(HERE))
    try:
        import admin_units

        figures = admin_units.run()
    except Exception as exc:  # reported in the table; never sinks the whole run
        return f"\n### Administrative-unit table\n\nnot measured: {type(exc).__name__}: {exc}\n"
    rows = "\n".join(f"| {key} | {value:,.4g} |" for key, value in figures.items())
    return f"\n### Administrative-unit table\n\n| measure | value |\n| --- | ---: |\n{rows}\n"


if __name__ == "__main__":
    sys.exit(main())
