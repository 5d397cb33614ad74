"""The provider watch's day warm-up: the first "needs attention" check of a day reads the
statistics of every service with an active order (about half a second with a large history);
this reads them on a worker once the window is up, and again just after each (UTC) midnight,
when the day's statistics are due again — so the Orders page's "Needs attention" filter and
the status timer's alerts find them ready. Never on the GUI thread."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from smmdesk.workspace import Workspace
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

AFTER_MIDNIGHT_MS = 30_000  # a moment into the new day (the statistics are kept per UTC day)


class AttentionWarmup(QObject):
    """``start()``: ``Workspace.prepare_attention`` on a worker now, then after each midnight.
    ``prepared(services)``: how many services' statistics were read."""

    prepared = Signal(int)

    def __init__(self, workspace: Workspace, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.runner = workspace, runner
        self._busy = False
        self._stopped = False
        self.timer = QTimer(self, objectName="attention_warmup_timer")
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.start)

    def start(self) -> None:
        if self._stopped or self._busy:
            return
        self._busy = True
        self.runner.submit(self.workspace.prepare_attention, on_result=self._done,
                           on_error=self._failed, task_name="prepare_attention",
                           quiet=True)

    def stop(self) -> None:
        self._stopped = True
        self.timer.stop()

    def _done(self, services: int) -> None:
        self._busy = False
        log.debug("attention statistics read for %d service(s)", services)
        self._next_day()
        self.prepared.emit(services)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        log.warning("attention warm-up failed: %r", exc)  # the checks read them when asked
        self._next_day()

    def _next_day(self) -> None:
        if not self._stopped:
            now = datetime.now(UTC)
            midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0,
                                                         microsecond=0)
            self.timer.start(int((midnight - now).total_seconds() * 1000) + AFTER_MIDNIGHT_MS)
