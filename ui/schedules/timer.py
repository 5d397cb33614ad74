"""The automation clock of the GUI: a QTimer whose ticks run ``Workspace.run_due`` (every tick),
``auto_refill_due`` (every few ticks) and collect the alerts raised since the last tick — on the
task runner, never on the GUI thread. A tick is skipped while the previous one still runs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from smmdesk.automation import boot_id, elapsed_seconds
from smmdesk.models import LocalOrder
from smmdesk.schedules import Alert
from smmdesk.workspace import ActionResult, Workspace
from ui import bridge
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

TICK_MS = 30_000
TICK_ALERTS = 100  # the newest alerts a tick hands on
REFILL_EVERY_TICKS = 20  # about every 10 minutes


@dataclass
class TickResult:
    placed: list[LocalOrder] = field(default_factory=list)
    refills: list[ActionResult] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    at: datetime | None = None
    schedules_changed: bool = False  # a run placed, missed or held, a schedule paused…


def automation_tick(workspace: Workspace, now: datetime, since: datetime | None,
                    refill: bool, elapsed: float | None = None,
                    boot: str | None = None) -> TickResult:
    """One tick (worker thread): place what is due, refill what is due, collect new alerts.
    ``elapsed``: the elapsed-time clock read with ``now`` (a wall-clock jump holds schedules);
    ``boot``: this boot's id (a jump while the app was not running is caught too)."""
    result = TickResult(at=now)
    before = workspace.schedules()
    result.placed = workspace.run_due(now, elapsed=elapsed, boot=boot)
    result.schedules_changed = bool(result.placed) or workspace.schedules() != before
    if refill:
        result.refills = workspace.auto_refill_due(now)
    # the newest only: the tray tells three, the Alerts page reads its own list (a first
    # check of a million orders may raise tens of thousands of stuck-order alerts)
    result.alerts = [a for a in workspace.alerts(since, now=now, limit=TICK_ALERTS)
                     if a.active or since is None]
    return result


class AutomationTimer(QObject):
    ticked = Signal(object)  # TickResult
    failed = Signal(str)

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QObject | None = None,
                 *, interval_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self.workspace, self.runner = workspace, runner
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self.busy = False
        self.ticks = 0
        self.last_tick: datetime | None = None
        # the wall clock and the elapsed clock, read together (tests inject both)
        self.wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.elapsed_clock: Callable[[], float] = elapsed_seconds
        # Alerts already handed on: a tick asks for those raised at or after the previous
        # tick's time, which includes the ones that tick raised itself; each is said once.
        self._reported: set[int] = set()
        self.boot_id: str | None = boot_id()  # one boot per process

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def tick(self) -> None:
        if self.busy or self.runner.closed:
            return
        self.busy = True
        now, elapsed = self.wall_clock(), self.elapsed_clock()
        since, self.last_tick = self.last_tick or now, now
        refill = self.ticks % REFILL_EVERY_TICKS == 0
        self.ticks += 1
        self.runner.submit(automation_tick, self.workspace, now, since, refill, elapsed,
                           self.boot_id, on_result=self._done, on_error=self._failed,
                           task_name="automation_tick")

    def _done(self, result: TickResult) -> None:
        self.busy = False
        fresh = [a for a in result.alerts if a.id not in self._reported]
        self._reported.update(a.id for a in result.alerts)
        result.alerts = fresh
        self.ticked.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        bridge.error(exc, self.tr("Scheduled orders and alerts not checked"))
        self.failed.emit(str(exc))
