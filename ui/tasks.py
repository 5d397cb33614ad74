"""Run core calls off the GUI thread: one serial queue per panel, panels in parallel.

A ``Task`` is a QRunnable holding its signals on a separate QObject (a QRunnable is not a
QObject). The runner, a GUI-thread QObject, receives those signals queued, then calls the
caller's ``on_result``/``on_error``/``on_progress`` on the GUI thread. Exactly one of
result/error is delivered per task, and nothing is delivered after ``shutdown()`` or to a
receiver whose C++ object is already gone.

Blocking ``requests`` calls cannot be interrupted, so cancellation is a flag: the callable
gets ``should_stop`` (``with_stop=True``) and/or ``progress`` (``with_progress=True``) and
checks it between batches.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any, Generic, NoReturn, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from smmdesk.errors import Stopped
from smmdesk.store.errors import TeamStoreUnreachable

log = logging.getLogger(__name__)

T = TypeVar("T")


class Cancelled(Exception):
    """Delivered as the error of a task cancelled before or while it ran."""


class _TaskSignals(QObject):
    result = Signal(object, object)  # task, value
    error = Signal(object, object)  # task, exception
    progress = Signal(object, int, int, str)  # task, done, total, text


class Task(QRunnable, Generic[T]):
    """One call of ``fn``, whose result is a ``T`` (``Task[Balance]``…). Created by
    ``TaskRunner.submit``; keep it only to cancel it."""

    def __init__(
        self,
        fn: Callable[..., T],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        *,
        panel_id: str | None,
        name: str,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it; the runner keeps it alive until delivered
        self.fn: Callable[..., T] = fn
        self.args = args
        self.kwargs = kwargs
        self.panel_id = panel_id
        self.name = name
        self.signals = _TaskSignals()
        self._cancel = threading.Event()
        self.started = False
        self.on_result: Callable[[T], Any] | None = None
        self.on_error: Callable[[BaseException], Any] | None = None
        self.on_progress: Callable[[int, int, str], Any] | None = None

    def cancel(self) -> None:
        self._cancel.set()

    def release(self) -> None:
        """Drop the callable and callbacks (GUI thread, once delivered).

        The worker may hold the last reference to this task for a moment after emitting; if
        that reference kept a widget's bound method alive, the widget's wrapper would be freed
        on the worker thread, which shiboken turns into a crash. So a delivered task keeps
        nothing of the GUI.
        """
        self.fn = _released
        self.args = ()
        self.kwargs = {}
        self.on_result = self.on_error = self.on_progress = None

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report_progress(self, done: int, total: int = 0, text: str = "") -> None:
        """Called by the work function (any thread)."""
        self.signals.progress.emit(self, int(done), int(total), str(text))

    def run(self) -> None:  # worker thread
        self.started = True
        if self.cancelled():
            self.signals.error.emit(self, Cancelled(self.name))
            return
        try:
            value = self.fn(*self.args, **self.kwargs)
        except Stopped:
            # The work saw ``should_stop`` and stopped between two steps, as asked.
            self.signals.error.emit(self, Cancelled(self.name))
        except BaseException as exc:
            self.signals.error.emit(self, exc)
        else:
            if self.cancelled():
                self.signals.error.emit(self, Cancelled(self.name))
            else:
                self.signals.result.emit(self, value)

    def __repr__(self) -> str:
        return f"<Task {self.name} panel={self.panel_id!r}>"


def _released(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise RuntimeError("task already delivered")


def _forget_frames(exc: BaseException) -> None:
    """Clear the locals of the finished frames in ``exc``'s traceback (and its chain), so the
    worker thread never ends up holding the last reference to a widget through them."""
    import traceback

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if current.__traceback__ is not None:
            traceback.clear_frames(current.__traceback__)
        current = current.__cause__ or current.__context__


def _receiver_alive(callback: Callable[..., Any] | None) -> bool:
    if callback is None:
        return False
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, QObject):
        return shiboken6.isValid(owner)
    return True


class TaskRunner(QObject):
    """Per-panel serial queues (``panel_id=None``: general pool, fully parallel)."""

    activeCountChanged = Signal(int)  # queued + running tasks, for the status-bar progress
    # A task failed because the team store (PostgreSQL) cannot be reached: the window says so
    # at once and tries again by itself (ui/shell/team.py). Emitted before the task's on_error.
    storeUnreachable = Signal(object)  # TeamStoreUnreachable

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 8) -> None:
        super().__init__(parent)
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(max_threads)
        self._queues: dict[str, deque[Task]] = {}
        self._busy_panels: set[str] = set()
        self._live: set[Task] = set()  # submitted and not yet delivered
        self._quiet: set[Task] = set()  # of those, the ones the progress bar does not count
        self._closed = False

    # -- public API ---------------------------------------------------------------------------
    @property
    def active_count(self) -> int:
        return len(self._live) - len(self._quiet)

    @property
    def closed(self) -> bool:
        return self._closed

    def submit(
        self,
        fn: Callable[..., T],
        *args: Any,
        panel_id: str | None = None,
        on_result: Callable[[T], Any] | None = None,
        on_error: Callable[[BaseException], Any] | None = None,
        on_progress: Callable[[int, int, str], Any] | None = None,
        with_stop: bool = False,
        with_progress: bool = False,
        task_name: str | None = None,
        quiet: bool = False,
        **kwargs: Any,
    ) -> Task[T]:
        """Queue ``fn(*args, **kwargs)``; callbacks run later on the GUI thread. The task, and
        ``on_result``, are typed by ``fn``'s result (``submit(ws.balance, pid)`` is a
        ``Task[Balance]``); the arguments are not checked (``with_stop``/``with_progress`` add
        keywords a ``ParamSpec`` cannot express). ``quiet``: a look the person did not ask for
        and never waits on (a poll every few seconds): not counted in ``active_count``, so the
        status bar's progress does not blink with it."""
        task: Task[T] = Task(
            fn, args, kwargs, panel_id=panel_id,
            name=task_name or str(getattr(fn, "__name__", "task")),
        )
        if with_stop:
            task.kwargs["should_stop"] = task.cancelled
        if with_progress:
            task.kwargs["progress"] = task.report_progress
        task.on_result, task.on_error, task.on_progress = on_result, on_error, on_progress
        if self._closed:
            task.cancel()
            return task  # never runs, never delivers: the app is quitting
        task.signals.result.connect(self._on_result)
        task.signals.error.connect(self._on_error)
        task.signals.progress.connect(self._on_progress)
        self._live.add(task)
        if quiet:
            self._quiet.add(task)
        if panel_id is None:
            self._pool.start(task)
        else:
            self._queues.setdefault(panel_id, deque()).append(task)
            self._start_next(panel_id)
        if not quiet:
            self.activeCountChanged.emit(self.active_count)
        return task

    def cancel_panel(self, panel_id: str) -> None:
        """Cancel the queued and running work of one panel (e.g. it was removed)."""
        for task in list(self._live):
            if task.panel_id == panel_id:
                task.cancel()

    def cancel_all(self) -> None:
        for task in list(self._live):
            task.cancel()

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until the pool is idle (tests, shutdown). Delivery still needs the event loop."""
        return self._pool.waitForDone(timeout_ms)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel everything queued, wait for running workers; deliver nothing afterwards."""
        if self._closed:
            return True
        self._closed = True
        for task in list(self._live):
            task.cancel()
        for queue in self._queues.values():
            queue.clear()
        self._queues.clear()
        self._pool.clear()  # drops general-pool tasks that have not started
        done = self._pool.waitForDone(timeout_ms)
        if not done:
            log.warning("shutdown: workers still running after %d ms", timeout_ms)
        for task in self._live:
            task.release()
        self._live.clear()
        self._quiet.clear()
        self.activeCountChanged.emit(0)
        return done

    # -- internals ----------------------------------------------------------------------------
    def _start_next(self, panel_id: str) -> None:
        if panel_id in self._busy_panels:
            return
        queue = self._queues.get(panel_id)
        while queue:
            task = queue.popleft()
            if task.cancelled():
                # Deliver the cancellation without occupying a worker.
                self._finish(task)
                self._deliver_error(task, Cancelled(task.name))
                continue
            self._busy_panels.add(panel_id)
            self._pool.start(task)
            return
        self._queues.pop(panel_id, None)

    def _finish(self, task: Task) -> bool:
        """Forget the task; False when it was already forgotten (shutdown)."""
        if task not in self._live:
            return False
        # No disconnect here: this runs inside the slot the task's signal is calling, and
        # PySide frees the connection's slot object on disconnect (a crash). A forgotten task
        # is simply ignored by the slots; its signals object dies with the task.
        self._live.discard(task)
        quiet = task in self._quiet
        self._quiet.discard(task)
        if task.panel_id is not None and task.started:
            self._busy_panels.discard(task.panel_id)
            self._start_next(task.panel_id)
        if not quiet:
            self.activeCountChanged.emit(self.active_count)
        return True

    def _deliver_error(self, task: Task, exc: BaseException) -> None:
        on_error = task.on_error
        task.release()
        try:
            if _receiver_alive(on_error):
                on_error(exc)  # type: ignore[misc]
            elif on_error is None and not isinstance(exc, Cancelled):
                log.error("unhandled error in %r: %r", task, exc, exc_info=exc)
        finally:
            _forget_frames(exc)

    @Slot(object, object)
    def _on_result(self, task: Task, value: Any) -> None:
        if not self._finish(task):
            task.release()
            return
        on_result = task.on_result
        task.release()
        if _receiver_alive(on_result):
            on_result(value)  # type: ignore[misc]

    @Slot(object, object)
    def _on_error(self, task: Task, exc: BaseException) -> None:
        if not self._finish(task):
            task.release()
            _forget_frames(exc)
            return
        if isinstance(exc, TeamStoreUnreachable):
            self.storeUnreachable.emit(exc)
        self._deliver_error(task, exc)

    @Slot(object, int, int, str)
    def _on_progress(self, task: Task, done: int, total: int, text: str) -> None:
        if task in self._live and _receiver_alive(task.on_progress):
            task.on_progress(done, total, text)  # type: ignore[misc]
