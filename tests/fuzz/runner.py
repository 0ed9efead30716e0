"""Run many fuzz cases (optionally in worker processes) and summarise them."""

from __future__ import annotations

import collections
import dataclasses
import multiprocessing
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tests.fuzz.known_bugs import KNOWN_BUGS, known_bug
from tests.fuzz.mutations import (
    MUTATION_NAMES,
    base_dumps,
    bases,
    make_case,
    preset_base_dumps,
)
from tests.fuzz.oracle import FAILURES, judge

PROFILES: dict[str, int] = {"ci": 3_000, "full": 100_000}
"""Number of cases (seeds 0..n-1) per profile."""

MAX_KEPT = 200
"""Failures kept verbatim per kind (the counts are always complete)."""


@dataclasses.dataclass
class Summary:
    """Counts for a run; `failures` are the unexplained ones, `known` the known-bug matches."""

    cases: int = 0
    outcomes: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    statuses: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    mutations: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    known: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    known_examples: dict[str, str] = dataclasses.field(default_factory=dict)
    failures: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0

    def merge(self, other: Summary) -> None:
        self.cases += other.cases
        self.outcomes.update(other.outcomes)
        self.statuses.update(other.statuses)
        self.mutations.update(other.mutations)
        self.known.update(other.known)
        for k, v in other.known_examples.items():
            self.known_examples.setdefault(k, v)
        self.failures.extend(other.failures[: MAX_KEPT - len(self.failures)])

    def unexplained(self, status: str) -> int:
        return self.statuses[status]

    def lines(self, profile: str, workers: int) -> list[str]:
        out = [
            f"fuzz profile {profile}: {self.cases:,} cases in {self.seconds:.1f} s "
            f"({workers} worker process{'es' if workers != 1 else ''})",
            f"  loaded {self.outcomes['loaded']:,}, rejected {self.outcomes['rejected']:,}, "
            f"raised {self.outcomes['raised']:,}",
            f"  unexpected exceptions: {self.statuses['unexpected']}",
            f"  silent changes:        {self.statuses['silent']}",
            f"  mislocated errors:     {self.statuses['mislocated']}",
            f"  wrong rejections:      {self.statuses['wrong_rejection']}",
            f"  known library bugs (not counted above): {sum(self.known.values())}",
        ]
        titles = {b.id: b.title for b in KNOWN_BUGS}
        for bug, n in sorted(self.known.items()):
            out.append(f"    {bug}: {n} case(s) - {titles[bug]}")
            out.append(f"      e.g. {self.known_examples[bug][:240]}")
        out.append(
            "  bases (sha256 of their JSON): "
            + ", ".join(f"{name} {b.fingerprint}" for name, b in bases().items())
        )
        out.append(
            "  cases per mutation: " + ", ".join(f"{m} {self.mutations[m]}" for m in MUTATION_NAMES)
        )
        if self.failures:
            out.append(
                "  failures (reproduce: .venv/bin/python -m tests.fuzz.mutations SEED --run):"
            )
            out.extend(f"    {f}" for f in self.failures[:50])
        return out


def run_range(start: int, stop: int) -> Summary:
    """Judge seeds `start..stop-1` in this process."""
    summary = Summary()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vn-iso-qms-fuzz-") as tmp:
        workdir = Path(tmp)
        for seed in range(start, stop):
            case = make_case(seed)
            verdict = judge(case, workdir)
            summary.cases += 1
            summary.outcomes[verdict.outcome] += 1
            summary.mutations[case.mutation] += 1
            if verdict.status == "ok":
                continue
            bug = known_bug(case, verdict)
            line = f"[{verdict.status}] {case.label()} -> {verdict.detail}"
            if bug is not None:
                summary.known[bug] += 1
                summary.known_examples.setdefault(bug, line)
                continue
            summary.statuses[verdict.status] += 1
            if len(summary.failures) < MAX_KEPT:
                summary.failures.append(line[:1000])
    summary.seconds = time.perf_counter() - t0
    return summary


def _init_worker(dumps: dict[str, bytes]) -> None:
    preset_base_dumps(dumps)
    bases()


def _run_chunk(bounds: tuple[int, int]) -> Summary:
    return run_range(*bounds)


def run(cases: int, *, start: int = 0, workers: int = 1, chunk: int = 500) -> Summary:
    """Judge seeds `start..start+cases-1`, split into chunks over `workers` processes."""
    t0 = time.perf_counter()
    stop = start + cases
    total = Summary()
    if workers <= 1 or cases <= chunk:
        total.merge(run_range(start, stop))
    else:
        bounds = [(s, min(s + chunk, stop)) for s in range(start, stop, chunk)]
        ctx = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(base_dumps(),),
        )
        with pool:
            for part in pool.map(_run_chunk, bounds):
                total.merge(part)
    total.seconds = time.perf_counter() - t0
    assert set(total.statuses) <= set(FAILURES)
    return total


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))
