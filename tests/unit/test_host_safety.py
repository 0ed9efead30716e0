"""Loading changes no process-wide state: the garbage collector is left as found, in any thread."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from tests import factories as f

from vn_iso_qms import dump_dataset, load_dataset
from vn_iso_qms._internal import collector, jsonio


@pytest.fixture
def gc_state() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def _load_many(data: bytes, times: int, pause: bool, seen_off: list[bool]) -> None:
    for _ in range(times):
        load_dataset(data, pause_gc=pause)
        seen_off.append(not gc.isenabled())


def test_a_load_does_not_touch_the_collector_by_default(gc_state: None) -> None:
    data = dump_dataset(f.complete_dataset())
    seen: list[bool] = []
    original = gc.disable

    def fail() -> None:
        raise AssertionError("load_dataset turned the collector off")

    gc.disable = fail
    try:
        _load_many(data, 3, pause=False, seen_off=seen)
    finally:
        gc.disable = original
    assert gc.isenabled()
    assert seen == [False, False, False]


@pytest.mark.parametrize("start_enabled", [True, False])
@pytest.mark.parametrize("pause", [True, False])
def test_concurrent_loads_leave_the_collector_as_found(
    gc_state: None, start_enabled: bool, pause: bool
) -> None:
    if start_enabled:
        gc.enable()
    else:
        gc.disable()
    data = dump_dataset(f.complete_dataset())
    seen: list[bool] = []
    threads = [threading.Thread(target=_load_many, args=(data, 15, pause, seen)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 90
    assert gc.isenabled() is start_enabled
    assert jsonio._gc_pauses == 0


def test_a_failing_load_with_the_collector_paused_turns_it_back_on(gc_state: None) -> None:
    gc.enable()
    with pytest.raises(Exception, match="invalid dataset"):
        load_dataset(b'{"agencies": [{"id": ""}]}', pause_gc=True)
    assert gc.isenabled()
    assert jsonio._gc_pauses == 0


def test_overlapping_pauses_in_threads_resume_only_when_the_last_ends(gc_state: None) -> None:
    # the race the old pause had: B starts while A has paused, A ends, B ends -> must be on
    gc.enable()
    a_paused, b_started, a_done = threading.Event(), threading.Event(), threading.Event()
    states: dict[str, bool] = {}

    def a() -> None:
        with jsonio._gc_paused():
            a_paused.set()
            b_started.wait(5)
        a_done.set()

    def b() -> None:
        a_paused.wait(5)
        with jsonio._gc_paused():
            b_started.set()
            a_done.wait(5)
            states["b, after a ended"] = gc.isenabled()
        states["after both"] = gc.isenabled()

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert states == {"b, after a ended": False, "after both": True}


def test_a_load_leaves_the_collector_on_and_restores_its_thresholds(gc_state: None) -> None:
    # The default load runs the young passes less often while it runs (never turns them off)
    # and puts the host's thresholds back; a threshold already above 10,000 is kept.
    gc.enable()
    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []
    original = gc.disable

    def fail() -> None:
        raise AssertionError("load_dataset turned the collector off")

    gc.disable = fail
    try:
        with collector.relaxed():
            seen.append(gc.get_threshold())
            load_dataset(dump_dataset(f.complete_dataset()))
            seen.append(gc.get_threshold())
    finally:
        gc.disable = original
    assert gc.isenabled()
    assert seen == [(10_000, *before[1:])] * 2
    assert gc.get_threshold() == before
    assert collector._relax_count == 0


def test_concurrent_loads_restore_the_thresholds_and_keep_the_hosts_own() -> None:
    before = gc.get_threshold()
    data = dump_dataset(f.complete_dataset())
    seen: list[bool] = []
    threads = [threading.Thread(target=_load_many, args=(data, 10, False, seen)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert gc.get_threshold() == before
    try:
        gc.set_threshold(50_000, before[1], before[2])  # a host that chose more than 10,000
        load_dataset(data)
        assert gc.get_threshold() == (50_000, before[1], before[2])
        with collector.relaxed():
            gc.set_threshold(123, 4, 5)  # the host changes it meanwhile: its choice stays
        assert gc.get_threshold() == (123, 4, 5)
    finally:
        gc.set_threshold(*before)


def test_a_large_load_gives_freed_memory_back_and_a_small_one_does_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []

    def trim(pad: int) -> int:
        calls.append(pad)
        return 1

    monkeypatch.setattr(jsonio, "_malloc_trim", lambda: trim)
    small = dump_dataset(f.complete_dataset())
    assert len(small) < jsonio._TRIM_FROM_BYTES
    load_dataset(small)
    assert calls == []
    padded = small[:-1] + b" " * jsonio._TRIM_FROM_BYTES + b"}"  # whitespace: the same data
    assert load_dataset(padded) == load_dataset(small)
    assert calls == [0]


def test_malloc_trim_is_found_on_glibc_only() -> None:
    import platform
    import sys

    found = jsonio._malloc_trim()
    if sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc":
        assert found is not None
    elif not sys.platform.startswith("linux"):
        assert found is None


def test_an_evaluation_leaves_the_collector_and_its_thresholds_as_found(gc_state: None) -> None:
    import datetime as dt

    from vn_iso_qms import evaluate

    gc.enable()
    before = gc.get_threshold()
    evaluate(f.complete_dataset(), as_of=dt.date(2024, 12, 31))
    assert gc.isenabled()
    assert gc.get_threshold() == before
    assert collector._relax_count == 0
