"""Automation in the window: the Scheduled and Alerts pages, the tray, the automation timer,
Settings → Automation… and the order form's scheduled signal. The window creates one
``AutomationUi`` and asks its tray first when it is closed.

It registers its pages and actions with the window's ``ActionRegistry`` and speaks through the
session model: a run placed by the timer or Run now is announced (``orders_added``), and any
tick or action that may have changed a schedule (placed, paused by a guard, resumed) says so
(``schedules_changed``): the Orders and Scheduled pages follow at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QStyle

from smmdesk import options
from smmdesk.models import LocalOrder
from smmdesk.store.automation import AutomationSettings
from ui.actions import ActionRegistry, MainAction
from ui.alerts.view import AlertsView, alert_text, alert_title
from ui.refills.dialog import AutoRefillDialog, RefillTarget, load_target
from ui.schedules.timer import AutomationTimer, TickResult
from ui.schedules.view import SchedulesView
from ui.session import SessionModel
from ui.shell.automation_prefs import AutomationDialog, AutomationPrefs, load_prefs
from ui.shell.tray import TrayController

if TYPE_CHECKING:
    from ui.order_form.form import OrderForm
    from ui.orders.view import OrdersView
    from ui.services.view import ServicesView

FIRST_TICK_MS = 3_000


class AutomationUi(QObject):
    showOrderRequested = Signal(int)  # local order id: show it on the Orders page
    orderFormRequested = Signal()  # the Scheduled page's "Open the order form"
    runEnded = Signal()  # a scheduled run or Run now has its answer (a waiting quit goes on)

    def __init__(self, window: QMainWindow, registry: ActionRegistry, session: SessionModel,
                 *, history_view: OrdersView, services_view: ServicesView,
                 order_form: OrderForm, tray_available: Callable[[], bool] | None = None,
                 interval_ms: int | None = None) -> None:
        super().__init__(window)
        self.window, self.registry, self.session = window, registry, session
        self.history_view, self.services_view = history_view, services_view
        ws, runner = self.workspace, self.runner = session.workspace, session.runner
        settings = session.settings
        assert settings is not None
        self.schedules_view = SchedulesView(ws, runner)
        self.alerts_view = AlertsView(ws, runner)
        style = window.style()
        registry.add_page(self.schedules_view, self.tr("Sc&heduled"),
                          style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        registry.add_page(self.alerts_view, self.tr("&Alerts"),
                          style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
        self.schedules_index = registry.index_of(self.schedules_view)
        self.alerts_index = registry.index_of(self.alerts_view)
        registry.nav.currentRowChanged.connect(self._nav_changed)
        self.schedules_view.showOrder.connect(self.showOrderRequested)
        self.alerts_view.showOrder.connect(self.showOrderRequested)
        self.alerts_view.settingsRequested.connect(self.open_preferences)
        self.schedules_view.orderFormRequested.connect(self.orderFormRequested)
        self.schedules_view.ranNow.connect(self._ran_now)
        self.schedules_view.changed.connect(session.schedules_changed)
        order_form.scheduled.connect(lambda _schedule: session.schedules_changed())
        order_form.showSchedule.connect(self.show_schedule)
        # The Scheduled page follows what changed, wherever it came from.
        session.ordersAdded.connect(self._schedules_may_have_changed)
        session.schedulesChanged.connect(self._schedules_may_have_changed)

        self.tray = TrayController(window, ws, runner, settings, tray_available=tray_available)
        # one tray icon for the app: finished-order messages use this one too
        history_view.notifier.use_tray(self.tray.icon)
        self.tray.pauseSaved.connect(lambda _paused: session.schedules_changed())
        quit_action = registry.action(MainAction.QUIT)
        quit_action.triggered.disconnect()
        quit_action.triggered.connect(self.tray.quit)
        self.automation_action = QAction(self.tr("&Automation…"), window,
                                         objectName="automation_preferences")
        self.automation_action.triggered.connect(self.open_preferences)
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
        registry.add_action(MainAction.AUTOMATION, self.automation_action)
        registry.add_action(MainAction.SERVICE_AUTO_REFILL, self.service_refill_action)
        registry.add_action(MainAction.ORDER_AUTO_REFILL, self.order_refill_action,
                            shortcut_anywhere=True)
        registry.nav.currentRowChanged.connect(self._order_refill_availability)
        history_view.table.selectionModel().currentRowChanged.connect(
            self._order_refill_availability)
        self._order_refill_availability()

        runner.submit(ws.automation_settings, on_result=self._settings_loaded,
                      task_name="automation_settings")
        last = settings[options.LAST_VIEW]  # the window restores only its own pages
        if last in (self.schedules_index, self.alerts_index):
            registry.show_index(last)

        self.timer = AutomationTimer(ws, runner, self, **(
            {"interval_ms": interval_ms} if interval_ms is not None else {}))
        self.timer.ticked.connect(self._ticked)
        # a scheduled run or Run now ended: a quit that waited for its answer goes on
        for signal in (self.timer.ticked, self.timer.failed, self.schedules_view.actionDone):
            signal.connect(lambda *_: self.runEnded.emit())
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.timer.stop)
        self.timer.start()
        QTimer.singleShot(FIRST_TICK_MS, self.timer.tick)

    def _order_refill_availability(self, *_args: object) -> None:
        history = self.history_view
        self.order_refill_action.setEnabled(
            history.page_active and history.selected_order() is not None)

    def _settings_loaded(self, settings: AutomationSettings) -> None:
        self.tray.show_paused(settings.paused_all)

    def _nav_changed(self, index: int) -> None:
        if index == self.schedules_index:
            self.schedules_view.reload()
        elif index == self.alerts_index:
            self.alerts_view.reload()

    def _schedules_may_have_changed(self, *_args: object) -> None:
        """Orders were added or a schedule changed: the Scheduled page, when shown, reads its
        schedules again (hidden, it reads them when it is shown)."""
        if self.registry.current_index() == self.schedules_index:
            self.schedules_view.reload()

    def show_schedule(self, schedule_id: int) -> None:
        self.registry.show_index(self.schedules_index)
        self.schedules_view.show_schedule(schedule_id)

    def _ran_now(self, order: LocalOrder) -> None:
        self.session.orders_added([order.id])

    def _ticked(self, result: TickResult) -> None:
        if result.placed:
            self.session.orders_added([o.id for o in result.placed])
        if result.placed or result.schedules_changed:
            self.session.schedules_changed()
        if result.alerts:
            for alert in result.alerts[:3]:  # (the tray escapes the panel's text in them)
                self.tray.notify(alert_title(alert), alert_text(alert))
            if self.registry.current_index() == self.alerts_index:
                self.alerts_view.reload()

    def service_auto_refill(self) -> None:
        row = self.services_view.current_row()
        if row is None:
            return
        title = f"{row.panel_name} · #{row.service.id} {row.service.name}"
        self.runner.submit(load_target, self.workspace, title, row.panel_id, row.service.id,
                           on_result=self._open_refill, task_name="auto_refill_rule")

    def order_auto_refill(self) -> None:
        order = self.history_view.selected_order()
        if order is None:
            return
        # The order as the lists name it: the panel's id, not our local number.
        ident = f"#{order.remote_id}" if order.remote_id is not None else "—"
        title = self.tr("Order %1 · #%2 %3").replace("%1", ident).replace(
            "%2", str(order.service_id)).replace("%3", order.service_name)
        self.runner.submit(load_target, self.workspace, title, order.panel_id,
                           order.service_id, order.id, on_result=self._open_refill,
                           task_name="auto_refill_rule")

    def _open_refill(self, target: RefillTarget) -> None:
        self.refill_dialog = AutoRefillDialog(self.workspace, self.runner, target,
                                              parent=self.window)
        self.refill_dialog.open()

    def open_preferences(self) -> None:
        self.runner.submit(load_prefs, self.workspace, on_result=self._prefs_loaded,
                           task_name="automation_prefs")

    def _prefs_loaded(self, prefs: AutomationPrefs) -> None:
        self.dialog = AutomationDialog(self.workspace, self.runner, self.tray, prefs,
                                       parent=self.window)
        self.dialog.open()
