"""The task runner: delivery on the GUI thread, per-panel serial queues, cancel, shutdown."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QObject, QThread, Slot

from ui.tasks import Cancelled, TaskRunner


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[object] = []
        self.errors: list[BaseException] = []
        self.progress: list[tuple[int, int, str]] = []
        self.threads: list[object] = []

    @Slot(object)
    def on_result(self, value: object) -> None:
        self.threads.append(QThread.currentThread())
        self.results.append(value)

    @Slot(object)
    def on_error(self, exc: BaseException) -> None:
        self.threads.append(QThread.currentThread())
        self.errors.append(exc)

    def on_progress(self, done: int, total: int, text: str) -> None:
        self.progress.append((done, total, text))


@pytest.fixture
def runner(qapp):
    r = TaskRunner()
    yield r
    r.shutdown(5000)


def test_result_and_error_arrive_on_the_gui_thread(qtbot, runner):
    rec = Receiver()
    runner.submit(lambda: threading.get_ident(), on_result=rec.on_result, on_error=rec.on_error)
    runner.submit(lambda: 1 / 0, on_result=rec.on_result, on_error=rec.on_error)
    qtbot.waitUntil(lambda: len(rec.results) + len(rec.errors) == 2)
    assert rec.results[0] != threading.get_ident()  # ran on a worker
    assert isinstance(rec.errors[0], ZeroDivisionError)
    assert all(t is qapp_thread() for t in rec.threads)
    qtbot.waitUntil(lambda: runner.active_count == 0)


def qapp_thread():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance().thread()


def test_one_panel_is_serial_panels_are_parallel(qtbot, runner):
    """Order and outcome, never overlap in time: panel a's first task waits for panel b's first
    task to start (and b's for a's): they can only both see the other if the two panels run at
    once. Within a panel, each task starts only after the one before it ended."""
    lock = threading.Lock()
    log: list[tuple[str, str, int]] = []
    started = {"a": threading.Event(), "b": threading.Event()}
    other = {"a": "b", "b": "a"}

    def work(panel: str, n: int) -> tuple[str, int, bool]:
        with lock:
            log.append(("start", panel, n))
        met = True
        if n == 0:
            started[panel].set()
            # Generous: only a deadlock guard. Serial panels never meet, however long.
            met = started[other[panel]].wait(30)
        with lock:
            log.append(("end", panel, n))
        return panel, n, met

    rec = Receiver()
    for n in range(4):
        for panel in ("a", "b"):
            runner.submit(work, panel, n, panel_id=panel, on_result=rec.on_result)
    qtbot.waitUntil(lambda: len(rec.results) == 8, timeout=70_000)
    # Parallel: each panel's first task saw the other panel's first task running.
    assert ("a", 0, True) in rec.results and ("b", 0, True) in rec.results
    # Serial, in submission order, results delivered in that order per panel.
    for panel in ("a", "b"):
        own = [(what, n) for what, p, n in log if p == panel]
        assert own == [(what, n) for n in range(4) for what in ("start", "end")], own
        assert [r[1] for r in rec.results if r[0] == panel] == [0, 1, 2, 3]


def test_results_of_one_panel_keep_their_order(qtbot, runner):
    rec = Receiver()
    for i in range(10):
        runner.submit(lambda i=i: i, panel_id="p", on_result=rec.on_result)
    qtbot.waitUntil(lambda: len(rec.results) == 10)
    assert rec.results == list(range(10))


def test_cancel_queued_task_delivers_cancelled(qtbot, runner):
    gate = threading.Event()
    rec = Receiver()
    runner.submit(gate.wait, 5, panel_id="p", on_result=rec.on_result)
    queued = runner.submit(
        lambda: "never", panel_id="p", on_result=rec.on_result, on_error=rec.on_error
    )
    queued.cancel()
    gate.set()
    qtbot.waitUntil(lambda: len(rec.results) == 1 and len(rec.errors) == 1)
    assert isinstance(rec.errors[0], Cancelled)
    assert rec.results == [True]


def test_should_stop_and_progress_are_injected(qtbot, runner):
    rec = Receiver()
    started = threading.Event()

    def batches(*, should_stop, progress):
        done = 0
        started.set()
        # Works until told to stop, however long the test takes to say so (a bound of steps
        # could end first on a loaded machine and deliver a result instead of Cancelled).
        while not should_stop():
            done += 1
            progress(done, 1000, "working")
            time.sleep(0.002)  # one batch's work between two looks at should_stop
            assert done < 1_000_000, "never told to stop"  # a deadlock guard (~30 min)
        return done

    task = runner.submit(
        batches,
        on_result=rec.on_result,
        on_error=rec.on_error,
        on_progress=rec.on_progress,
        with_stop=True,
        with_progress=True,
    )
    assert started.wait(5)
    qtbot.waitUntil(lambda: len(rec.progress) >= 3)
    task.cancel()
    qtbot.waitUntil(lambda: bool(rec.errors))
    assert isinstance(rec.errors[0], Cancelled)  # a cancelled task never reports a result
    assert rec.progress[0] == (1, 1000, "working")


def test_active_count_signal(qtbot, runner):
    gate = threading.Event()
    counts: list[int] = []
    runner.activeCountChanged.connect(counts.append)
    runner.submit(gate.wait, 5, panel_id="p")
    runner.submit(gate.wait, 5, panel_id="p")
    assert runner.active_count == 2
    gate.set()
    qtbot.waitUntil(lambda: runner.active_count == 0)
    assert counts[:2] == [1, 2] and counts[-1] == 0


def test_a_quiet_task_is_delivered_but_not_counted(qtbot, runner):
    """A poll the person never waits on (the session's look for other programs' changes) does
    not make the status bar's progress blink."""
    gate = threading.Event()
    counts: list[int] = []
    got: list[int] = []
    runner.activeCountChanged.connect(counts.append)
    runner.submit(lambda: gate.wait(5) and 7, quiet=True, on_result=got.append)
    assert runner.active_count == 0
    gate.set()
    qtbot.waitUntil(lambda: got == [7])
    assert counts == [] and runner.active_count == 0


def test_shutdown_cancels_queue_and_waits_for_running(qtbot, qapp):
    runner = TaskRunner()
    started = threading.Event()
    finished = threading.Event()
    ran_second = threading.Event()
    rec = Receiver()

    def slow(*, should_stop):
        started.set()
        # Still running when shutdown starts, and only shutdown ends it (it cancels what
        # runs, then waits): no fixed time for the test to be quick enough in.
        while not should_stop():
            time.sleep(0.005)  # a worker's step between two looks at should_stop
        finished.set()
        return "slow"

    runner.submit(slow, panel_id="p", on_result=rec.on_result, with_stop=True)
    runner.submit(ran_second.set, panel_id="p", on_result=rec.on_result)
    assert started.wait(5)
    assert runner.shutdown(5000)
    assert finished.is_set() and not ran_second.is_set()
    qapp.processEvents()
    assert rec.results == [] and rec.errors == []  # nothing is delivered after shutdown
    late = runner.submit(lambda: 1, on_result=rec.on_result)
    assert late.cancelled()


def test_no_delivery_to_a_deleted_receiver(qtbot, runner):
    import shiboken6

    gate = threading.Event()
    rec = Receiver()
    runner.submit(gate.wait, 5, on_result=rec.on_result)
    shiboken6.delete(rec)
    gate.set()
    qtbot.waitUntil(lambda: runner.active_count == 0)  # and no crash


def test_a_delivered_task_keeps_nothing_of_the_gui(qtbot, runner):
    """The worker may drop the last reference to a task; it must not own a widget by then."""
    import gc
    import weakref

    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    alive = weakref.ref(widget)
    hits: list[object] = []
    task = runner.submit(lambda: 1, on_result=lambda v, w=widget: hits.append((v, w.objectName())))
    del widget
    qtbot.waitUntil(lambda: bool(hits))
    assert runner.wait(5000)
    gc.collect()
    assert alive() is None
    assert task.on_result is None and task.args == ()


def test_error_tracebacks_do_not_keep_frames_alive(qtbot, runner):
    import weakref

    class Owner:
        def fail(self):
            raise RuntimeError("boom")

    owner = Owner()
    alive = weakref.ref(owner)
    errors: list[BaseException] = []
    runner.submit(owner.fail, on_error=errors.append)
    del owner
    qtbot.waitUntil(lambda: bool(errors))
    assert runner.wait(5000)
    assert alive() is None  # the failed frame's locals were cleared after delivery


def test_singletons_are_pinned_against_binding_refcount_leaks(qapp):
    import sys

    import ui  # noqa: F401 - importing pins them

    # On 3.11 the pin adds 2**40 references; from 3.12 these objects are immortal, with a
    # reference count of at least 2**30 that never moves. Either way no leak can exhaust it —
    # without the pin, 3.11 counts only thousands and this fails.
    for singleton in (None, True, False):
        if sys.version_info < (3, 12):
            assert sys.getrefcount(singleton) > 1 << 39
        else:
            assert sys.getrefcount(singleton) >= 1 << 30
        if hasattr(sys, "_is_immortal"):  # 3.14+
            assert sys._is_immortal(singleton)
