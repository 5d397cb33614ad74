"""Comparing, wired into the main window: the Compare dock, its action (menu, toolbar, context
menu, Ctrl+Shift+C), the order form's additions, prices in the home currency in the services
table, the Currencies section of Preferences and the once-a-day rates update.

``CompareWiring`` is created once by the main window after its pages exist, with what it uses
of it: the window (for the dock), its action registry, the session model, the services page and
the order form. It asks for the order form through ``orderRequested``; the window itself only
forwards Preferences to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow

from smmdesk.rates import Rate
from ui import bridge, fit
from ui.actions import ActionRegistry, MainAction
from ui.compare.currency import (
    CurrencySettings,
    daily_update_due,
    feed_url,
    mark_updated,
    rates_error_text,
    update_rates,
)
from ui.compare.form_addon import OrderFormCompare, threshold_of
from ui.compare.panel import ComparePanel
from ui.session import SessionModel

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.order_form.form import OrderForm
    from ui.services.view import ServicesView
    from ui.shell.preferences import PreferencesDialog

log = logging.getLogger(__name__)

SHORTCUT = "Ctrl+Shift+C"
DAILY_CHECK_MS = 60 * 60 * 1000
DOCK_SEPARATOR = 8  # the splitter handle between the pages and a docked panel


PriceContext = tuple[Callable[[Decimal, str | None], Decimal | None], str | None,
                     dict[str, Rate]]


def price_context(workspace: Workspace) -> PriceContext:
    """Worker: the converter of this moment, the home currency and the rates (with their dates
    and sources: a converted price says which rate it used)."""
    return workspace.converter(), workspace.home_currency(), workspace.rate_details()


class CompareWiring(QObject):
    pricesChanged = Signal()  # the services table got the current rates (tests)
    ratesUpdated = Signal(str)  # the daily update finished: "" or the error
    orderRequested = Signal(str, int, object)  # panel id, service id, values: the order form

    def __init__(self, window: QMainWindow, registry: ActionRegistry, session: SessionModel, *,
                 services_view: ServicesView, order_form: OrderForm,
                 services_shown: SignalInstance) -> None:
        super().__init__(window)
        self.window = window
        self.registry = registry
        self.services_view = services_view
        self.order_form = order_form
        self.workspace = session.workspace
        self.runner = session.runner
        assert session.settings is not None
        self.settings = session.settings
        self.currency_settings: CurrencySettings | None = None

        self.panel = ComparePanel(self.workspace, self.runner)
        self.panel.orderRequested.connect(self.open_order)
        self.dock = QDockWidget(self.tr("Compare across panels"), window)
        self.dock.setObjectName("compare_dock")
        self.dock.setWidget(self.panel)
        self.dock.setAllowedAreas(Qt.DockWidgetArea.RightDockWidgetArea
                                  | Qt.DockWidgetArea.BottomDockWidgetArea)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()

        self.action = QAction(self.tr("&Compare across panels"), window, objectName="compare")
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setToolTip(self.tr("The same service on your other panels, best first "
                                       "(%1)").replace("%1", SHORTCUT))
        self.action.triggered.connect(self.compare_current)
        registry.add_action(MainAction.COMPARE, self.action, shortcut_anywhere=True)
        services_view.extra_menu_actions.append(self.action)

        self.form_addon = OrderFormCompare(order_form, self.workspace, self.runner,
                                           self.settings)
        self.form_addon.switchRequested.connect(self.open_order)
        self.form_addon.compareRequested.connect(self.show_comparison)
        order_form.serviceLoaded.connect(self._form_switched)
        self.subject: tuple[str, int] | None = None  # the service the dock compares

        self._services_shown = False
        self._prepare_wanted = False
        services_shown.connect(self._first_services_shown)
        session.panelsChanged.connect(self.refresh_prices)
        self._daily_checked = False
        self._daily_timer = QTimer(self)  # a window left open for days still updates daily
        self._daily_timer.setInterval(DAILY_CHECK_MS)
        self._daily_timer.timeout.connect(self._daily_update)
        self._daily_timer.start()

    # ------------------------------------------------------------------ comparing
    def compare_current(self) -> None:
        """The Compare action: the order form's service (with what is typed) when the form is
        shown, else the service selected in the table."""
        form = self.order_form
        if self.registry.current_page() is form and form.service is not None \
                and form.panel is not None:
            self.show_comparison(form.panel.id, form.service.id, form.values())
            return
        row = self.services_view.current_row()
        if row is not None:
            self.show_comparison(row.panel_id, row.service.id, None)
        else:
            self.show_dock()

    def show_comparison(self, panel_id: str, service_id: int,
                        values: dict[str, Any] | None) -> None:
        self.show_dock()
        self.subject = (panel_id, int(service_id))
        self.panel.set_subject(panel_id, service_id, values)

    def _form_switched(self) -> None:
        """The order form now shows another service: an open dock compares that one, not the
        one it was opened on."""
        form = self.order_form
        if not self.dock.isVisible() or form.service is None or form.panel is None:
            return
        if self.subject != (form.panel.id, form.service.id):
            self.show_comparison(form.panel.id, form.service.id, form.values())

    def show_dock(self) -> None:
        """Docked beside the pages where the screen has room for both; on a small screen
        (1024×600) a window of its own over the main window, which then keeps its size."""
        window = self.window
        if not self.dock.isVisible() and not self.dock.isFloating():
            pages = window.centralWidget().minimumSizeHint().width()
            wanted = pages + self.dock.minimumSizeHint().width() + DOCK_SEPARATOR
            room = fit.room(fit.available(window)).width()
            if wanted > room:
                self.dock.setFloating(True)
                area = fit.available(window)
                size = fit.fit_window(self.dock, QSize(480, 560), area)
                self.dock.move(area.right() - size.width() - fit.FRAME.width(),
                               area.top() + fit.FRAME.height())
        self.dock.show()
        self.dock.raise_()

    def open_order(self, panel_id: str, service_id: int, values: dict[str, Any]) -> None:
        """The order form on another service, with the typed values its type takes (an order
        still in flight finishes first: the form queues the switch, values included)."""
        self.orderRequested.emit(panel_id, int(service_id), values or None)

    # ------------------------------------------------------------------ prices
    def refresh_prices(self, *_args: object) -> None:
        self.runner.submit(price_context, self.workspace, on_result=self._prices,
                           on_error=self._prices_failed, task_name="price_context")
        # Read every catalogue's features (seconds for 50,000 services, once per refresh), so
        # the first Compare and the order form's hint answer at once; at start-up only once the
        # services are in the table, not competing with reading them.
        self._prepare_wanted = True
        if self._services_shown:
            self._prepare()
        if not self._daily_checked:
            self._daily_checked = True
            self._daily_update()

    def _prices(self, context: PriceContext) -> None:
        convert, home, rates = context
        self.services_view.model.set_converter(convert, home, rates)
        self.pricesChanged.emit()

    def _first_services_shown(self, _count: int) -> None:
        self._services_shown = True
        if self._prepare_wanted:
            self._prepare()

    def _prepare(self) -> None:
        self._prepare_wanted = False
        # Seconds of work at 200,000 services: quitting meanwhile stops it (with_stop) rather
        # than keeping the process alive until it is done.
        self.runner.submit(self.workspace.prepare_compare, on_result=self._prepared,
                           on_error=self._prices_failed, task_name="prepare_compare",
                           with_stop=True)

    def _prepared(self, _result: object) -> None:
        pass

    def _prices_failed(self, exc: BaseException) -> None:
        log.warning("prices in the home currency unavailable: %r", exc)

    def rates_changed(self) -> None:
        self.refresh_prices()
        self.form_addon.refresh()

    def _daily_update(self) -> None:
        settings = self.settings
        if not daily_update_due(settings):
            return
        self.runner.submit(update_rates, self.workspace, feed_url(settings),
                           on_result=self._daily_done, on_error=self._daily_failed,
                           task_name="update_rates_daily")

    def _daily_done(self, _got: object) -> None:
        mark_updated(self.settings)
        self.rates_changed()
        self.ratesUpdated.emit("")

    def _daily_failed(self, exc: BaseException) -> None:
        text = rates_error_text(exc)
        log.info("daily rates update failed: %s", text)
        bridge.warning(self.tr("Exchange rates not updated: %1").replace("%1", text),
                       timeout_ms=15_000)
        self.ratesUpdated.emit(text)

    # ------------------------------------------------------------------ preferences
    def add_preferences(self, dialog: PreferencesDialog) -> CurrencySettings:
        page = CurrencySettings(self.workspace, self.runner, self.settings)
        page.changed.connect(self.rates_changed)
        dialog.add_section(self.tr("Currencies"), page)
        dialog.accepted.connect(partial(self._preferences_accepted, page))
        self.currency_settings = page
        return page

    def _preferences_accepted(self, page: CurrencySettings) -> None:
        page.save()
        self.form_addon.set_threshold(threshold_of(self.settings))
