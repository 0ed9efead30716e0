"""Memory and time of rejected JSON inputs from issue 14, one subprocess per case.

Run: `.venv/bin/python benchmarks/hostile.py [--records N]` (default 1,000,000 records, which is
the issue's 3 MB `{"agencies":[{},{},...]}`). Against another source tree:
`PYTHONPATH=/path/to/src .venv/bin/python benchmarks/hostile.py`. Prints, per case, the input
size, the problems found, the time, and the peak memory as a multiple of the input: traced
(tracemalloc, Python objects) and resident (peak RSS over the RSS before loading, which also sees
pydantic's own allocations).
"""

from __future__ import annotations

import argparse
import subprocess
import sys

CASE = r"""
import resource, sys, time, tracemalloc
kind, n = sys.argv[1], int(sys.argv[2])
from vn_iso_qms import InvalidDataError, load_dataset
if kind == "empty":
    data = b'{"agencies":[' + b",".join([b"{}"] * n) + b"]}"
else:
    fmt = b'{"id":"a%d","name":"x","kind":"provincial_department","parent_id":"z%d"}'
    bad = b'{"id":"a%d","kind":"bad","parent_id":"z%d"}'
    recs = [(fmt if kind == "dangling" or i % 2 else bad) % (i, i) for i in range(n)]
    data = b'{"agencies":[' + b",".join(recs) + b"]}"
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
t = time.perf_counter()
total = 0
try:
    load_dataset(data)
except InvalidDataError as exc:
    total = len(exc.problems) + getattr(exc, "omitted", 0)
seconds = time.perf_counter() - t
peak = tracemalloc.get_traced_memory()[1]
rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) * 1024
print(f"{kind:<9} {len(data) / 1e6:7.2f} MB {total:>10,} problems {seconds:7.1f} s "
      f"traced {peak / len(data):6.0f}x  rss {rss / len(data):6.0f}x")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    for kind, n in (
        ("empty", args.records),
        ("dangling", args.records),
        ("half_bad", args.records // 10),
    ):
        try:
            done = subprocess.run(
                [sys.executable, "-c", CASE, kind, str(n)],
                capture_output=True,
                text=True,
                timeout=args.timeout,
                check=False,
            )
            print(done.stdout.strip() or f"{kind}: failed ({done.stderr.strip()[-200:]})")
        except subprocess.TimeoutExpired:
            print(f"{kind:<9} more than {args.timeout:.0f} s")


if __name__ == "__main__":
    main()
