"""Issue 28's levers, before -> after, measured in one run: each source tree alternately.

Give the trees in the order their levers were applied, each as `label=path` (a checkout of the
project at the commit that added the lever); every step runs in a fresh interpreter with that
tree first on the path, in rounds that alternate the trees (noise on a shared machine hits all of
them alike), and the best CPU time of the rounds is kept (memory: the median):

    python benchmarks/generate.py --scale 1 --output /tmp/ds1.json
    python benchmarks/levers.py --data /tmp/ds1.json --rounds 3 \\
        before=/tmp/lv/a gc=/tmp/lv/b lazy=/tmp/lv/c ... now=.

Steps: `json.loads` of the file (the baseline, in the same run), `import vn_iso_qms` (its own
CPU seconds), `load_dataset` with its defaults (CPU seconds, peak and held RSS above the
level before the call, Linux), and `evaluate` for the file's last year, first and second call in
the process (after the load and a full collection, as `run.py` measures it). It prints a Markdown
table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

WORKER = r"""
import datetime as dt, gc, json, sys, time
from pathlib import Path

def status_mb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")

step, path = sys.argv[1], sys.argv[2]
data = Path(path).read_bytes()
out = {}
if step == "json":
    gc.collect()
    t = time.process_time(); json.loads(data); out["s"] = time.process_time() - t
elif step == "import":
    t = time.process_time(); import vn_iso_qms; out["s"] = time.process_time() - t
else:
    import vn_iso_qms
    vn_iso_qms.load_dataset(b"{}" + b" " * (1 << 20))  # validators built, as run.py does
    if step == "load":
        gc.collect()
        Path("/proc/self/clear_refs").write_text("5")
        before = status_mb("VmRSS")
        t = time.process_time(); ds = vn_iso_qms.load_dataset(data); out["s"] = time.process_time() - t
        gc.collect()
        out["held"] = status_mb("VmRSS") - before
        out["peak"] = status_mb("VmHWM") - before
    else:
        ds = vn_iso_qms.load_dataset(data)
        evaluate = vn_iso_qms.evaluate
        year = max(a.end for a in ds.internal_audits).year
        gc.collect()
        t = time.process_time(); evaluate(ds, as_of=dt.date(year, 12, 31), year=year)
        out["s"] = time.process_time() - t
        t = time.process_time(); evaluate(ds, as_of=dt.date(year, 12, 31), year=year)
        out["second"] = time.process_time() - t
print(json.dumps(out))
"""

STEPS = ("json", "import", "load", "evaluate")


def run(tree: str, step: str, data: str) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(Path(tree).resolve() / "src"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [sys.executable, "-c", WORKER, step, data],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=600,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("trees", nargs="+", help="label=path, in the order of the levers")
    args = parser.parse_args()
    trees = [t.split("=", 1) for t in args.trees]
    found: dict[tuple[str, str], list[dict[str, float]]] = {}
    for _ in range(args.rounds):
        for step in STEPS:
            for label, tree in trees if step != "json" else trees[:1]:
                found.setdefault((label, step), []).append(run(tree, step, args.data))

    def best(label: str, step: str, key: str = "s") -> float:
        return min(r[key] for r in found[(label, step)])

    def median(label: str, step: str, key: str) -> float:
        return statistics.median(r[key] for r in found[(label, step)])

    base = best(trees[0][0], "json")
    size = Path(args.data).stat().st_size / 1e6
    print(
        f"Data: `{args.data}` ({size:.1f} MB); json.loads {base:.3f} s (CPU, best of "
        f"{args.rounds}); ratios are to it.\n"
    )
    print("| tree | import | load | load peak / held | evaluate (first) | evaluate (second) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, _ in trees:
        load = best(label, "load")
        first, second = best(label, "evaluate"), best(label, "evaluate", "second")
        print(
            f"| {label} | {best(label, 'import'):.3f} s | {load:.3f} s ({load / base:.2f}x) | "
            f"{median(label, 'load', 'peak'):.0f} / {median(label, 'load', 'held'):.0f} MB | "
            f"{first:.3f} s ({first / base:.2f}x) | {second:.3f} s ({second / base:.2f}x) |"
        )


if __name__ == "__main__":
    main()
