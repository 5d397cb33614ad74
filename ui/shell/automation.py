"""Automation in the window (issue 15), kept out of main_window.py: the Scheduled and Alerts
pages, the tray, the automation timer, Settings → Automation… and the order form's scheduled
signal. ``MainWindow`` creates one ``AutomationUi`` and asks it first when it is closed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QStyle

from smmdesk import options
from smmdesk.store.automation import AutomationSettings
from ui.alerts.view import AlertsView, alert_text, alert_title
from ui.refills.dialog import AutoRefillDialog, RefillTarget, load_target
from ui.schedules.timer import AutomationTimer, TickResult
from ui.schedules.view import SchedulesView
from ui.shell.automation_prefs import AutomationDialog, AutomationPrefs, load_prefs
from ui.shell.tray import TrayController

if TYPE_CHECKING:
    from ui.shell.main_window import MainWindow

FIRST_TICK_MS = 3_000


class AutomationUi(QObject):
    def __init__(self, window: MainWindow, *,
                 tray_available: Callable[[], bool] | None = None,
                 interval_ms: int | None = None) -> None:
        super().__init__(window)
        self.window = window
        ws, runner = window.workspace, window.runner
        self.schedules_view = SchedulesView(ws, runner)
        self.alerts_view = AlertsView(ws, runner)
        style = window.style()
        pages = (
            (self.tr("Sc&heduled"), style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload),
             self.schedules_view),
            (self.tr("&Alerts"), style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
             self.alerts_view),
        )
        for title, icon, page in pages:
            window.add_page(page, title, icon)  # sidebar row, View-menu entry and shortcut
        self.schedules_index = window.pages.indexOf(self.schedules_view)
        self.alerts_index = window.pages.indexOf(self.alerts_view)
        window.nav.currentRowChanged.connect(self._nav_changed)
        self.schedules_view.showOrder.connect(window.show_order_in_history)
        self.alerts_view.showOrder.connect(window.show_order_in_history)
        self.alerts_view.settingsRequested.connect(self.open_preferences)
        self.schedules_view.orderFormRequested.connect(window.new_order)
        form = window.order_form
        if hasattr(form, "scheduled"):
            form.scheduled.connect(self._scheduled)
        if hasattr(form, "showSchedule"):
            form.showSchedule.connect(self.show_schedule)

        self.tray = TrayController(window, ws, runner, window.settings,
                                   tray_available=tray_available)
        # one tray icon for the app: finished-order messages use this one too
        window.history_view.notifier.use_tray(self.tray.icon)
        self.tray.pauseSaved.connect(lambda _paused: self.schedules_view.reload())
        window.quit_action.triggered.disconnect()
        window.quit_action.triggered.connect(self.tray.quit)
        self.automation_action = QAction(self.tr("&Automation…"), window,
                                         objectName="automation_preferences")
        self.automation_action.triggered.connect(self.open_preferences)
        window.settings_menu.insertAction(window.preferences_action, self.automation_action)
        self.dialog: AutomationDialog | None = None
        self.refill_dialog: AutoRefillDialog | None = None
        self.service_refill_action = QAction(self.tr("Refill a&utomatically…"), window,
                                             objectName="service_auto_refill")
        self.service_refill_action.triggered.connect(self.service_auto_refill)
        self.order_refill_action = QAction(self.tr("Refill a&utomatically…"), window,
                                           objectName="order_auto_refill")
        self.order_refill_action.triggered.connect(self.order_auto_refill)
        # An order action like the others of the Orders menu: a shortcut, and only while the
        # Orders page shows a selected order.
        self.order_refill_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        window.addAction(self.order_refill_action)
        window.services_menu.addAction(self.service_refill_action)
        window.orders_menu.addAction(self.order_refill_action)
        window.viewChanged.connect(self._order_refill_availability)
        window.history_view.table.selectionModel().currentRowChanged.connect(
            self._order_refill_availability)
        self._order_refill_availability()

        runner.submit(ws.automation_settings, on_result=self._settings_loaded,
                      task_name="automation_settings")
        last = window.settings[options.LAST_VIEW]  # the window restores only its own pages
        if last in (self.schedules_index, self.alerts_index):
            window.set_view(last)

        self.timer = AutomationTimer(ws, runner, self, **(
            {"interval_ms": interval_ms} if interval_ms is not None else {}))
        self.timer.ticked.connect(self._ticked)
        # a scheduled run or Run now ended: a quit that waited for its answer goes on
        for signal in (self.timer.ticked, self.timer.failed, self.schedules_view.actionDone):
            signal.connect(lambda *_: window._close_when_sent())
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.timer.stop)
        self.timer.start()
        QTimer.singleShot(FIRST_TICK_MS, self.timer.tick)

    def _order_refill_availability(self, *_args: object) -> None:
        history = self.window.history_view
        self.order_refill_action.setEnabled(
            history.page_active and history.selected_order() is not None)

    def _settings_loaded(self, settings: AutomationSettings) -> None:
        self.tray.show_paused(settings.paused_all)

    def _nav_changed(self, index: int) -> None:
        if index == self.schedules_index:
            self.schedules_view.reload()
        elif index == self.alerts_index:
            self.alerts_view.reload()

    def _scheduled(self, _schedule: object) -> None:
        self.schedules_view.reload()

    def show_schedule(self, schedule_id: int) -> None:
        self.window.set_view(self.schedules_index)
        self.schedules_view.show_schedule(schedule_id)

    def _ticked(self, result: TickResult) -> None:
        if result.placed and self.window.pages.currentIndex() == self.schedules_index:
            self.schedules_view.reload()
        if result.alerts:
            for alert in result.alerts[:3]:  # (the tray escapes the panel's text in them)
                self.tray.notify(alert_title(alert), alert_text(alert))
            if self.window.pages.currentIndex() == self.alerts_index:
                self.alerts_view.reload()

    def service_auto_refill(self) -> None:
        row = self.window.services_view.current_row()
        if row is None:
            return
        title = f"{row.panel_name} · #{row.service.id} {row.service.name}"
        self.window.runner.submit(load_target, self.window.workspace, title, row.panel_id,
                                  row.service.id, on_result=self._open_refill,
                                  task_name="auto_refill_rule")

    def order_auto_refill(self) -> None:
        order = self.window.history_view.selected_order()
        if order is None:
            return
        # The order as the lists name it: the panel's id, not our local number.
        ident = f"#{order.remote_id}" if order.remote_id is not None else "—"
        title = self.tr("Order %1 · #%2 %3").replace("%1", ident).replace(
            "%2", str(order.service_id)).replace("%3", order.service_name)
        self.window.runner.submit(load_target, self.window.workspace, title, order.panel_id,
                                  order.service_id, order.id, on_result=self._open_refill,
                                  task_name="auto_refill_rule")

    def _open_refill(self, target: RefillTarget) -> None:
        self.refill_dialog = AutoRefillDialog(self.window.workspace, self.window.runner, target,
                                              parent=self.window)
        self.refill_dialog.open()

    def open_preferences(self) -> None:
        self.window.runner.submit(load_prefs, self.window.workspace,
                                  on_result=self._prefs_loaded, task_name="automation_prefs")

    def _prefs_loaded(self, prefs: AutomationPrefs) -> None:
        self.dialog = AutomationDialog(self.window.workspace, self.window.runner, self.tray,
                                       prefs, parent=self.window)
        self.dialog.open()
