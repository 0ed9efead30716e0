"""The cyclic garbage collector during bulk work: young passes relaxed, never turned off."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_RELAXED_GEN0 = 10_000
"""The young-generation threshold during a load (CPython's default is 700; 2,000 from 3.13).

A load (or an evaluation) allocates millions of container objects that all survive: with the
default threshold the collector runs thousands of young passes that find no garbage and promote
every record, which at 10x cost as much as the validation itself (issue 28). 10,000 gives
nearly the speed of the paused collector (1.90 s against 1.70 s paused and 2.79 s default for
the 10x load without the duplicate-key scan, same run) while the collector stays on.
"""
_relax_count = 0
"""How many `relaxed` blocks are open, in any thread (guarded by `_lock`)."""
_relaxed_from: tuple[int, int, int] | None = None
"""The thresholds in force when the first open block began; None when none is open."""


@contextmanager
def relaxed() -> Iterator[None]:
    """Run the young collections less often during one load or evaluation; the collector stays on.

    Host safety, argued: the collector is never turned off, so other threads' cyclic garbage
    is still collected while a load runs, only in batches of up to `_RELAXED_GEN0` new
    containers instead of 700 (a few megabytes at most, for the length of the load). The
    thresholds are process-wide, so, like `load_dataset`'s `pause_gc`, the first block to open notes them and
    the last to close restores them, whichever threads they run in, even on error; a threshold
    the host set in the meantime is left as the host set it. A threshold already above
    `_RELAXED_GEN0` is kept.
    """
    global _relax_count, _relaxed_from  # noqa: PLW0603 - one process-wide count, under a lock
    with _lock:
        if _relax_count == 0:
            _relaxed_from = gc.get_threshold()
            first, *older = _relaxed_from
            if first < _RELAXED_GEN0:
                gc.set_threshold(_RELAXED_GEN0, *older)
        _relax_count += 1
    try:
        yield
    finally:
        with _lock:
            _relax_count -= 1
            if _relax_count == 0 and _relaxed_from is not None:
                first, *older = _relaxed_from
                if gc.get_threshold() == (max(first, _RELAXED_GEN0), *older):
                    gc.set_threshold(*_relaxed_from)
                _relaxed_from = None
