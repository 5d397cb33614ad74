"""Background refresh of order statuses, and desktop notifications when orders finish.

``HistorySync`` is the timer and the display of the status sync: it runs
``Workspace.sync_panel`` (statuses, refills, what changed: the one sync path, in the core) for
every panel on the panel's own queue of the task runner (panels in parallel), on a timer
(default every 5 minutes), or now (F5). The back-off and "online" are the workspace's: a panel
whose sync failed is tried again by itself when its back-off passes (the workspace's one policy,
set here to 30 s, doubled per failure, capped at an hour): the timer is armed for the earliest
panel due, so the retry happens at the time ``next_try_in`` (and the history's footer) promises;
a healthy panel is due one interval after its last good sync. The clock is the workspace's
``sync_clock`` (tests drive it by hand). ``set_paused(True)`` stops the timer entirely (e.g.
the computer is offline).

``Notifier`` turns finished orders into one tray message (when a tray exists) and always into
its ``notified`` signal, so tests and the status bar see exactly what would pop up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from smmdesk import options
from smmdesk.models import LocalOrder, OrderState, SyncReport
from smmdesk.sync import PanelSync, merge  # a value type and a pure helper (no work)
from ui import bridge
from ui.format import escape_markup
from ui.tasks import Cancelled, Task, TaskRunner

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.settings import Settings

log = logging.getLogger(__name__)

MIN_INTERVAL_S = options.SYNC_INTERVAL_S.low or 1
MAX_BACKOFF_S = 3600
RETRY_BASE_S = 30  # the first retry of a failed panel; doubled per failure in a row


def interval_setting(settings: Settings | None) -> int:
    option = options.SYNC_INTERVAL_S
    return settings[option] if settings is not None else option.default


def notify_setting(settings: Settings | None) -> bool:
    option = options.NOTIFY_FINISHED
    return settings[option] if settings is not None else option.default


def _panel_ids(workspace: Workspace) -> list[str]:
    return [p.id for p in workspace.panels()]


class HistorySync(QObject):
    syncStarted = Signal()
    panelSynced = Signal(object)  # PanelSync
    ordersChanged = Signal(list)  # list[LocalOrder] whose rows should update in place
    orderFinished = Signal(int, str)  # local id, final state value (completed/partial/canceled)
    ordersFinished = Signal(list)  # list[LocalOrder], once per sync
    panelOnlineChanged = Signal(str, bool)  # panel id, online
    panelKeyMissing = Signal(str)  # panel id: no API key stored, nothing was asked
    syncFinished = Signal(object)  # merged SyncReport

    def __init__(self, workspace: Workspace, runner: TaskRunner,
                 settings: Settings | None = None, parent: QObject | None = None, *,
                 interval_s: int | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.runner = runner
        self.settings = settings
        self.interval_s = interval_s if interval_s is not None else interval_setting(settings)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # fires when the footer says
        self._timer.timeout.connect(self._tick)
        self._paused = False
        self._running: set[str] = set()
        self._tasks: list[Task] = []  # the sync under way, one task per panel (cancel())
        self.planned = 0  # panels the sync under way checks
        self._planning = False
        self._again = False
        self._reports: list[SyncReport] = []
        self._finished: list[LocalOrder] = []
        # What the display was last told (panelOnlineChanged fires on a change); the truth,
        # and the back-off, are the workspace's.
        self._online: dict[str, bool] = {}
        self._last_ok: dict[str, float] = {}  # clock time of each panel's last good sync
        self.last_finished_at: datetime | None = None
        # Panels whose statuses the last sync really checked (not: no key, failed first).
        self.checked: set[str] = set()
        self._apply_backoff()

    # -- control ------------------------------------------------------------------------------
    def start(self) -> None:
        """Arm the timer (first sync after one interval; call ``refresh_now`` for one now)."""
        if not self._paused:
            self._timer.start(int(self.interval_s * 1000))

    def stop(self) -> None:
        self._timer.stop()

    @property
    def clock(self) -> Callable[[], float]:
        """Monotonic seconds: the workspace's back-off clock (one clock for the promise)."""
        return self.workspace.sync_clock

    @clock.setter
    def clock(self, clock: Callable[[], float]) -> None:
        self.workspace.sync_clock = clock

    def _due(self, pid: str) -> float:
        """Clock time the timer should next try ``pid``."""
        retry_at = self.workspace.sync_retry_at(pid)
        if retry_at is not None:
            return retry_at
        last = self._last_ok.get(pid)
        return 0.0 if last is None else last + self.interval_s  # never synced: due

    def _arm(self) -> None:
        """Arm the timer for the earliest panel due (at most one interval away)."""
        if self._paused or self.busy or self.runner.closed:
            return
        now = self.clock()
        wait = float(self.interval_s)
        for pid in set(self._online) | set(self._last_ok):
            wait = min(wait, self._due(pid) - now)
        self._timer.start(int(max(1.0, wait) * 1000))

    def next_try_in(self, panel_id: str) -> float | None:
        """Seconds until the timer tries ``panel_id`` again by itself; None while paused."""
        if self._paused:
            return None
        return max(0.0, self._due(panel_id) - self.clock())

    def online(self, panel_id: str) -> bool | None:
        """What the last sync of the panel found (None: not synced yet)."""
        return self._online.get(panel_id)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    @property
    def busy(self) -> bool:
        return bool(self._running) or self._planning

    def set_interval(self, seconds: int) -> None:
        self.interval_s = max(MIN_INTERVAL_S, int(seconds))
        self._apply_backoff()
        if self.settings is not None:
            self.settings[options.SYNC_INTERVAL_S] = self.interval_s
        if self._timer.isActive():
            self._arm()  # at once: a panel already past the new interval is tried now

    def _apply_backoff(self) -> None:
        # 30 s, ×2 per failure, capped: the timer is armed for the retry (``_arm``).
        self.workspace.set_sync_backoff(base=RETRY_BASE_S, cap=MAX_BACKOFF_S)

    def set_paused(self, paused: bool) -> None:
        self._paused = bool(paused)
        if paused:
            self._timer.stop()
        elif not self.busy:
            self.start()

    @property
    def paused(self) -> bool:
        return self._paused

    def mark_offline(self, panel_id: str, offline: bool = True) -> None:
        """Told from outside (the main window saw the panel fail): the timer leaves it alone
        until its back-off passes; F5 still tries."""
        self.workspace.note_offline(panel_id, offline)
        if self._timer.isActive():
            self._arm()

    def failures(self, panel_id: str) -> int:
        return self.workspace.sync_failures(panel_id)

    def refresh_now(self, panel_ids: list[str] | None = None) -> None:
        """Sync now (F5): every panel, ignoring back-offs."""
        self._start(panel_ids, manual=True)

    @property
    def remaining(self) -> int:
        """Panels of the sync under way not checked yet."""
        return len(self._running)

    def cancel(self) -> None:
        """Stop the check under way: each panel's sync stops before its next request (one
        under way cannot be interrupted); what was already applied stays."""
        self._again = False
        for task in self._tasks:
            task.cancel()

    def _tick(self) -> None:
        self._start(None, manual=False)

    # -- running ------------------------------------------------------------------------------
    def _start(self, panel_ids: list[str] | None, *, manual: bool) -> None:
        if self.runner.closed:
            return
        if self.busy:
            self._again = self._again or manual
            return
        self._timer.stop()
        self._planning = True
        self._reports, self._finished = [], []
        self.checked = set()
        self.syncStarted.emit()
        if panel_ids is not None:
            self._plan_ready(list(panel_ids), manual)
            return
        self.runner.submit(
            _panel_ids, self.workspace,
            on_result=self._manual_plan if manual else self._timer_plan,
            on_error=self._plan_failed, task_name="history_sync_plan",
        )

    def _manual_plan(self, ids: list[str]) -> None:
        self._plan_ready(ids, True)

    def _timer_plan(self, ids: list[str]) -> None:
        self._plan_ready(ids, False)

    def _plan_failed(self, exc: BaseException) -> None:
        self._planning = False
        bridge.error(exc, self.tr("Order statuses not checked"))
        self._done()

    def _plan_ready(self, ids: list[str], manual: bool) -> None:
        self._planning = False
        if not manual:  # the panels due (a timer armed early for one does not sync all)
            now = self.clock()
            ids = [pid for pid in ids if self._due(pid) <= now + 1.0]
        if not ids:
            self._done()
            return
        self.planned = len(ids)
        self._tasks = []
        for pid in ids:
            self._running.add(pid)
            self._tasks.append(self.runner.submit(
                self.workspace.sync_panel, pid, force=True, panel_id=pid, with_stop=True,
                on_result=self._panel_done, on_error=self._panel_error_for(pid),
                task_name="history_sync",
            ))

    def _panel_error_for(self, pid: str):
        # A bound method keeps delivery safe if this object is gone; the id rides along.
        return _PanelError(self, pid).deliver

    def _panel_done(self, result: PanelSync) -> None:
        pid = result.panel_id
        self._running.discard(pid)
        self._reports.append(result.report)
        if result.key_missing:
            self.panelKeyMissing.emit(pid)
        # Online only after the panel really answered (or failed to): nothing asked, as with a
        # missing key, says nothing either way (never "Online" for a panel never reached).
        if result.failed or result.report.requests > 0 or result.online is True:
            self._record(pid, not result.failed)
        if result.checked:
            self.checked.add(pid)
        if result.changed:
            self.ordersChanged.emit(result.changed)
        for o in result.finished:
            self._finished.append(o)
            self.orderFinished.emit(o.id, o.state.value)
        self.panelSynced.emit(result)
        if not self._running:
            self._done()

    def panel_failed(self, pid: str, exc: BaseException) -> None:
        self._running.discard(pid)
        if not isinstance(exc, Cancelled):
            log.warning("history sync of %s failed: %r", pid, exc)
            self._reports.append(SyncReport(errors=[str(exc)]))
            self._record(pid, False)
        if not self._running:
            self._done()

    def _record(self, pid: str, ok: bool) -> None:
        """Show the outcome (the workspace has already backed the panel off, or cleared it)."""
        was = self._online.get(pid)
        self._online[pid] = ok
        if ok:
            self._last_ok[pid] = self.clock()
        if was is not ok:
            self.panelOnlineChanged.emit(pid, ok)

    def _done(self) -> None:
        report = merge(self._reports)
        finished, self._finished = self._finished, []
        self._reports = []
        self.last_finished_at = datetime.now(UTC)
        if finished:
            self.ordersFinished.emit(finished)
        self.syncFinished.emit(report)
        if self.runner.closed:
            return
        if self._again:
            self._again = False
            self._start(None, manual=True)
            return
        # The next tick: the interval, or sooner if a backed-off panel is due before it.
        self._arm()


class _PanelError(QObject):
    """Carries the panel id of a failed sync task back to ``HistorySync.panel_failed``."""

    def __init__(self, sync: HistorySync, pid: str) -> None:
        super().__init__(sync)
        self.pid = pid

    def deliver(self, exc: BaseException) -> None:
        parent = self.parent()
        self.deleteLater()
        if isinstance(parent, HistorySync):
            parent.panel_failed(self.pid, exc)


FINISH_TITLES = {
    OrderState.COMPLETED.value: QT_TRANSLATE_NOOP("Notifier", "Order completed"),
    OrderState.PARTIAL.value: QT_TRANSLATE_NOOP("Notifier", "Order ended partial"),
    OrderState.CANCELED.value: QT_TRANSLATE_NOOP("Notifier", "Order canceled"),
}
FINISHED_TITLE = QT_TRANSLATE_NOOP("Notifier", "Order finished")


class Notifier(QObject):
    """Desktop notifications for finished orders; ``notified(title, text)`` is always emitted
    when enabled (the tray message is shown only where a system tray exists)."""

    notified = Signal(str, str)

    def __init__(self, parent: QObject | None = None, *, settings: Settings | None = None,
                 enabled: bool | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._enabled = notify_setting(settings) if enabled is None else bool(enabled)
        self._tray: QSystemTrayIcon | None = None
        self.panel_names: dict[str, str] = {}

    @property
    def enabled(self) -> bool:
        return self._enabled

    def use_tray(self, icon: QSystemTrayIcon) -> None:
        """Show messages on the app's one tray icon (the automation's) instead of making a
        second icon at the first message."""
        self._tray = icon

    def set_enabled(self, on: bool) -> None:
        self._enabled = bool(on)
        if self.settings is not None:
            self.settings[options.NOTIFY_FINISHED] = self._enabled

    def notify_finished(self, orders: list[LocalOrder]) -> None:
        if not self._enabled or not orders:
            return
        if len(orders) == 1:
            o = orders[0]
            title = self.tr(FINISH_TITLES.get(o.state.value, FINISHED_TITLE))
            ident = f"#{o.remote_id}" if o.remote_id is not None else f"({o.id})"
            panel = self.panel_names.get(o.panel_id, "")
            text = (self.tr("%1 %2 on %3").replace("%1", ident)
                    .replace("%2", o.service_name or self.tr("order"))
                    .replace("%3", panel or self.tr("the panel")))
        else:
            counts: dict[str, int] = {}
            for o in orders:
                counts[o.state.value] = counts.get(o.state.value, 0) + 1
            title = self.tr("%1 orders finished").replace("%1", str(len(orders)))
            parts = []
            for state, label in ((OrderState.COMPLETED.value, self.tr("completed")),
                                 (OrderState.PARTIAL.value, self.tr("partial")),
                                 (OrderState.CANCELED.value, self.tr("canceled"))):
                if counts.get(state):
                    parts.append(f"{counts[state]} {label}")
            text = ", ".join(parts)
        self.notified.emit(title, text)
        self._show(title, text)

    def _show(self, title: str, text: str) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self._tray is None:
            app = QApplication.instance()
            icon = app.windowIcon() if isinstance(app, QApplication) else QIcon()
            if icon.isNull() and isinstance(app, QApplication):
                icon = app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.setToolTip(self.tr("SMM Desk"))
            self._tray.show()
        # Notification servers read the body as markup: panel text is escaped.
        self._tray.showMessage(
            title, escape_markup(text), QSystemTrayIcon.MessageIcon.Information, 8000
        )
