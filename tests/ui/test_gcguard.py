"""Garbage collection happens on the GUI thread only (ui/gcguard.py)."""

from __future__ import annotations

import gc
import threading

from ui import gcguard


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collector_turns_automatic_collection_off_and_collects_from_its_timer(qapp) -> None:
    gc.enable()  # as Python starts
    collector = gcguard.install(qapp)
    assert not gc.isenabled()
    gc.enable()
    assert gcguard.install(qapp) is collector  # once per application, and it stays off
    assert not gc.isenabled()
    assert collector.timer.isActive()
    # A worker allocating far past every threshold triggers no collection on its own thread.
    collected_on: list[str] = []
    gc.callbacks.append(lambda phase, _info: collected_on.append(threading.current_thread().name)
                        if phase == "start" else None)
    try:
        worker = threading.Thread(
            target=lambda: [_Cycle() for _ in range(50_000)], name="worker"
        )
        worker.start()
        worker.join()
        assert "worker" not in collected_on
        assert collector.collect_due() > 0  # the cycles are found on this (GUI) thread
        assert collected_on and set(collected_on) == {threading.current_thread().name}
    finally:
        gc.callbacks.pop()


def test_the_start_up_s_objects_are_left_out_of_later_collections() -> None:
    gc.unfreeze()
    long_lived = [_Cycle() for _ in range(1_000)]  # as the modules' classes and constants
    try:
        gcguard.freeze_start_up()
        assert gc.get_freeze_count() >= len(long_lived)
        assert not any(gc.is_tracked(c) and c in gc.get_objects(2) for c in long_lived[:3])
        garbage = [_Cycle() for _ in range(10)]
        del garbage
        assert gc.collect() >= 10  # what is made after start-up is still collected
        assert all(c.me is c for c in long_lived)  # frozen objects stay as they were
    finally:
        gc.unfreeze()


def _collects_again_once_released(qtbot, collector: gcguard.GuiThreadCollector) -> None:
    qtbot.waitUntil(lambda: not collector.held, timeout=5_000)
    garbage = [_Cycle() for _ in range(1_000)]
    del garbage
    assert collector.collect_due() > 0


def test_the_start_up_hold_lets_no_collection_walk_the_rows_until_they_are_in(
        qapp, qtbot) -> None:
    collector = gcguard.install(qapp)
    gcguard.hold_start_up(qapp)
    try:
        # what a worker reading the services leaves in the youngest generation
        rows = [_Cycle() for _ in range(20_000)]
        assert collector.collect_due() == 0  # held: the timer walks nothing
        assert gc.get_count()[0] > 10_000  # (and the rows are still uncollected)
        del rows
        gcguard.settle_soon()  # the services are in the table: one collection, then as before
        _collects_again_once_released(qtbot, collector)
    finally:
        collector.held = False
        gc.unfreeze()


def test_the_start_up_hold_ends_by_itself_when_the_services_never_come(qapp, qtbot) -> None:
    collector = gcguard.install(qapp)
    gcguard.hold_start_up(qapp, latest_ms=50)
    try:
        assert collector.held and collector.collect_due() == 0
        _collects_again_once_released(qtbot, collector)
    finally:
        collector.held = False
