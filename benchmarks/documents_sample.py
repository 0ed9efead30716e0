"""The Word-document sample of `run.py` at one size, without the rest of the benchmarks.

Generates the synthetic dataset of `generate.py` at `--scale` provinces into a temporary file
(or reads `--data`), loads it once, then runs `run.measure_evaluation` with the documents on:
one `evaluate`, one `province_report` per province (the first province's timed on its own),
and the documents of the first province built from the whole dataset (`run.measure_documents`).
Prints the rows `run.py` would print, as Markdown, and writes them to `--output` if given.

Usage::

    .venv/bin/python benchmarks/documents_sample.py --scale 100 --output /tmp/documents.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402 - the benchmarks folder is not a package


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100, help="provinces (default 100)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, default=None, help="a generated file to reuse")
    parser.add_argument("--workdir", type=Path, default=None, help="where the data file goes")
    parser.add_argument("--output", type=Path, default=None, help="Markdown file")
    parser.add_argument(
        "--cpu", action="store_true", help="time CPU seconds instead of wall seconds (as run.py)"
    )
    args = parser.parse_args(argv)
    if args.cpu:
        os.environ[run.CPU_CLOCK_ENV] = "1"

    import vn_iso_qms

    now = dt.datetime.now(dt.UTC)
    run._commit()  # noted before the run: the tree may change while it runs
    workdir = None
    path = args.data
    try:
        if path is None:
            workdir = Path(tempfile.mkdtemp(prefix="vn-iso-qms-docs-", dir=args.workdir))
            path = workdir / f"dataset-{args.scale}x.json"
            generated = run._generate(args.scale, args.seed, path, post_reform=False)
            records = f"{generated['records']:,} records, {generated['bytes'] / 1e6:,.1f} MB"
        else:
            records = f"{path.stat().st_size / 1e6:,.1f} MB"
        started = time.perf_counter()
        ds = vn_iso_qms.load_dataset(path.read_bytes(), pause_gc=True)
        loaded = time.perf_counter() - started
        print(f"loaded in {loaded:.1f} s", flush=True)
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    os.environ[run.DOCUMENTS_ENV] = "1"
    started = time.perf_counter()
    figures = run.measure_evaluation(ds) or {}
    whole = time.perf_counter() - started
    provinces = sum(1 for u in ds.admin_units if u.level.value == "province")
    lines = [
        f"# Word documents: the first province's, from the {args.scale}x dataset",
        "",
        *(
            line.replace("benchmarks/run.py", "benchmarks/documents_sample.py")
            for line in run.machine_lines(now, argv)
        ),
        f"Dataset: `generate.py --scale {args.scale} --seed {args.seed}` ({records},"
        f" {provinces} provinces, {len(ds.agencies):,} agencies); loaded once"
        f" ({loaded:.1f} s), then one process ran evaluate, the province reports and the"
        f" documents ({whole:.1f} s in all).",
        "",
        "| measure | value | ratio | target | |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for part in ("evaluate", "report"):
        if figures.get(f"{part}_error"):
            lines.append(f"| {part} | n/a ({figures[f'{part}_error']}) | | | |")
        elif figures.get(part) is not None:
            lines.append(f"| {part} | {figures[part]:.3f} s | | | |")
    lines += run.document_rows(figures)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
