"""Benchmark the administrative-unit table: first load, memory, and lookups after first use.

Everything is measured in a fresh subprocess, so the first load is a real cold load (in this
interpreter the table may already be cached). Run it directly for a small table::

    .venv/bin/python benchmarks/admin_units.py

or call `run()` from a harness; it returns the numbers as a flat dict of floats.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Runs in the child. RSS figures come from /proc/self/status on Linux (VmRSS = now, VmHWM =
# peak); elsewhere from resource.getrusage, which only knows the peak.
_CHILD = r"""
import json, sys, time

def rss_mb():
    try:
        with open("/proc/self/status") as f:
            fields = dict(line.split(":", 1) for line in f)
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
    except OSError:
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak = peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024
        return peak, peak

rss_start, _ = rss_mb()
t0 = time.perf_counter()
import vn_iso_qms._internal.admin_units as au
t1 = time.perf_counter()
assert au._CACHE == [], "the table was loaded at import"
rss_before, _ = rss_mb()

t2 = time.perf_counter()
au.get_admin_unit("84", era=au.AdminEra.PRE_2025_REFORM)
t3 = time.perf_counter()
rss_loaded, _ = rss_mb()
au.find_admin_units("tra vinh")
t4 = time.perf_counter()
au.admin_unit_predecessors("86")
t5 = time.perf_counter()
rss_after, peak = rss_mb()

units = au.admin_units()
pre = au.admin_units(au.AdminEra.PRE_2025_REFORM, au.AdminUnitLevel.COMMUNE)
names = [u.short_name for u in units]

def per_call_us(fn, args):
    start = time.perf_counter()
    for a in args:
        fn(*a)
    return (time.perf_counter() - start) / len(args) * 1e6

from datetime import date
out = {
    "import_s": t1 - t0,
    "load_s": t3 - t2,
    "search_index_s": t4 - t3,
    "predecessor_index_s": t5 - t4,
    "rss_interpreter_mb": rss_start,
    "rss_after_import_mb": rss_before,
    "load_rss_mb": rss_loaded - rss_before,
    "all_indexes_rss_mb": rss_after - rss_before,
    "peak_rss_mb": peak,
    "get_admin_unit_us": per_call_us(
        lambda c, e: au.get_admin_unit(c, era=e), [(u.code, u.era) for u in units]
    ),
    "find_admin_units_us": per_call_us(au.find_admin_units, [(n,) for n in names]),
    "admin_unit_successors_us": per_call_us(au.admin_unit_successors, [(u.code,) for u in pre]),
    "check_admin_unit_code_us": per_call_us(
        au.check_admin_unit_code, [(u.code, date(2026, 1, 1)) for u in units]
    ),
}
print(json.dumps(out))
"""

_LABELS = {
    "import_s": ("import vn_iso_qms._internal.admin_units (incl. package)", "s"),
    "load_s": ("first use: load the whole table", "s"),
    "search_index_s": ("first find_admin_units: build the name index", "s"),
    "predecessor_index_s": ("first admin_unit_predecessors: build the index", "s"),
    "rss_interpreter_mb": ("RSS of the bare interpreter", "MB"),
    "rss_after_import_mb": ("RSS after the import (baseline for the growth below)", "MB"),
    "load_rss_mb": ("RSS growth: table loaded", "MB"),
    "all_indexes_rss_mb": ("RSS growth: table + all indexes", "MB"),
    "peak_rss_mb": ("peak RSS of the process", "MB"),
    "get_admin_unit_us": ("get_admin_unit, per call (all 14,149 codes)", "µs"),
    "find_admin_units_us": ("find_admin_units, per call (every short name)", "µs"),
    "admin_unit_successors_us": ("admin_unit_successors, per call (10,035 communes)", "µs"),
    "check_admin_unit_code_us": ("check_admin_unit_code, per call (all codes, 2026)", "µs"),
}


def run() -> dict[str, float]:
    """Measure in a fresh interpreter; return {metric: value} (seconds, MB or microseconds)."""
    src = Path(__file__).resolve().parent.parent / "src"
    env_path = str(src)
    result = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {env_path!r})\n{_CHILD}"],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    values: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return values


def main() -> None:
    values = run()
    width = max(len(label) for label, _ in _LABELS.values())
    print(f"{'metric':<{width}}  {'value':>10}")
    print(f"{'-' * width}  {'-' * 10}")
    for key, (label, unit) in _LABELS.items():
        value = values[key]
        shown = f"{value:.3f} {unit}" if unit == "s" else f"{value:.1f} {unit}"
        print(f"{label:<{width}}  {shown:>10}")


if __name__ == "__main__":
    main()
