"""One `load_dataset` of a file in a fresh interpreter: CPU seconds, peak and held memory.

For an A/B comparison of two source trees on the same data, run it alternately with each tree
first on the path, several times, and keep each tree's best time (noise on a shared machine hits
both alike); the memory figures barely move between runs:

    python benchmarks/generate.py --scale 1 --output /tmp/ds1.json
    for i in 1 2 3 4 5 6; do
        for tree in /path/to/old /path/to/new; do
            PYTHONPATH=$tree/src .venv/bin/python benchmarks/load_ab.py /tmp/ds1.json
        done
    done

It prints the tree it imported, the CPU seconds of the load, the peak RSS during it and the RSS
still held after it with the dataset alive, both above the RSS just before it, in MB (Linux:
the peak is reset through /proc/self/clear_refs, as `run.py` does). Pass
`--trusted` to time `check_duplicate_keys=False` (pydantic's `validate_json` alone).
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

import vn_iso_qms


def _status_mb(field: str) -> float:
    """A memory figure of /proc/self/status (`VmRSS`, `VmHWM`), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> None:
    """Set the peak (VmHWM) to the current RSS, as `run.py` does (Linux clear_refs)."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
        f.write("5")


def main() -> None:
    path = Path(sys.argv[1])
    trusted = "--trusted" in sys.argv[2:]
    data = path.read_bytes()
    vn_iso_qms.load_dataset(b"{}")  # the loader's modules and validators, out of the timing
    gc.collect()
    _reset_peak()
    rss_before = _status_mb("VmRSS")
    started = time.process_time()
    dataset = vn_iso_qms.load_dataset(data, check_duplicate_keys=not trusted)
    seconds = time.process_time() - started
    gc.collect()
    held = _status_mb("VmRSS") - rss_before
    peak = _status_mb("VmHWM") - rss_before  # never below the RSS just read
    print(
        json.dumps(
            {
                "tree": vn_iso_qms.__file__,
                "records": sum(dataset.counts().values()),
                "load_s": round(seconds, 3),
                "peak_mb": round(peak),
                "held_mb": round(held),
            }
        )
    )


if __name__ == "__main__":
    main()
