"""Evaluate + report on one dataset file, best CPU time of N runs in this interpreter.

For an A/B comparison of two source trees on the same data, run it alternately with each
tree first on the path (noise on a shared machine hits both alike):

    python benchmarks/generate.py --scale 10 --output /tmp/ds10.json
    for tree in /path/to/old /path/to/new /path/to/old /path/to/new; do
        PYTHONPATH=$tree/src .venv/bin/python benchmarks/evaluate_ab.py /tmp/ds10.json 4
    done

It prints the tree it imported and the best CPU seconds of `evaluate` (the whole dataset) and
of one `province_report` per province (reusing that evaluation), the collector frozen after the
load as the CLI's `pause_gc` would leave it.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import sys
import time

import vn_iso_qms

AS_OF = dt.date(2024, 12, 31)


def main() -> None:
    path, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with open(path, "rb") as f:
        ds = vn_iso_qms.load_dataset(f.read())
    gc.collect()
    gc.freeze()
    evaluate_s: list[float] = []
    report_s: list[float] = []
    provinces = [u.id for u in ds.admin_units if u.level.value == "province"]
    for _ in range(runs):
        started = time.process_time()
        ev = vn_iso_qms.evaluate(ds, as_of=AS_OF, year=AS_OF.year)
        evaluate_s.append(time.process_time() - started)
        ctx = vn_iso_qms.make_context(ds, as_of=AS_OF, year=AS_OF.year)
        started = time.process_time()
        for province_id in provinces:
            vn_iso_qms.reports.province_report(
                ds,
                province_id=province_id,
                year=AS_OF.year,
                as_of=AS_OF,
                evaluation=ev,
                context=ctx,
            )
        report_s.append(time.process_time() - started)
    print(
        json.dumps(
            {
                "tree": vn_iso_qms.__file__,
                "evaluate_s": round(min(evaluate_s), 3),
                "report_s": round(min(report_s), 3),
            }
        )
    )


if __name__ == "__main__":
    main()
