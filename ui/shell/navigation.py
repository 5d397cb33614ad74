"""Moving between the window's pages, and the requests that bring a page forward with something
in it: a service to order (the Services page's Enter, "Order…", Ctrl+N, comparing), an order to
order again, an order to show, a customer's orders, the search box (Ctrl+F).

``PageNavigation`` also keeps what follows the page shown: only the Orders page's actions act
while it is shown, the order form follows the services' selection when the sidebar arrows onto
it, F5 (the window's Refresh) refreshes what the page shown needs and says so in its tooltip.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, Signal
from PySide6.QtGui import QAction

from smmdesk.models import LocalOrder
from ui import bridge
from ui.activity import elapsed_text

if TYPE_CHECKING:
    from ui.actions import ActionRegistry
    from ui.activity import Activity
    from ui.order_form.form import OrderForm
    from ui.orders.view import OrdersView
    from ui.services.view import ServicesView
    from ui.session import SessionModel
    from ui.spending.view import SpendingView
    from ui.tasks import TaskRunner


class View:
    """The first pages' positions (the sidebar, the View menu, Ctrl+<position + 1>)."""

    SERVICES = 0
    NEW_ORDER = 1
    ORDERS = 2
    SPENDING = 3
    COUNT = 4


class PageNavigation(QObject):
    """Over the registry's sidebar and page stack; ``pageChanged(index)`` after each switch."""

    pageChanged = Signal(int)

    def __init__(self, parent: QObject, registry: ActionRegistry, session: SessionModel,
                 runner: TaskRunner, *, services: ServicesView, form: OrderForm,
                 orders: OrdersView, spending: SpendingView, refresh_action: QAction,
                 sync_activity: Activity, say: Callable[[str, int], None],
                 refresh_services: Callable[[], None],
                 welcome_shown: Callable[[], bool]) -> None:
        super().__init__(parent)
        self.registry, self.session, self.runner = registry, session, runner
        self.services, self.form, self.orders, self.spending = services, form, orders, spending
        self.refresh_action, self.sync_activity = refresh_action, sync_activity
        self._say, self._refresh_services, self._welcome_shown = (
            say, refresh_services, welcome_shown)
        self.picked_service: tuple[str, int] | None = None  # the service the form was set to
        self._selection_newer = False  # a service was selected since the form was last set
        services.table.selectionModel().currentChanged.connect(self._service_selected)
        registry.nav.currentRowChanged.connect(self.page_changed)

    # -- which page ------------------------------------------------------------------------
    def set_view(self, index: int) -> None:
        self.registry.show_index(index)

    def current_view(self) -> int:
        return self.registry.current_index()

    def page_changed(self, index: int) -> None:
        """The sidebar's row changed: the page shown, and what follows it."""
        if index < 0:
            return
        self.registry.switch(index)
        self.orders.set_page_active(index == View.ORDERS)
        if index == View.NEW_ORDER and self._selection_newer and not self.form.busy:
            row = self.services.current_row()
            if row is not None and (row.panel_id, row.service.id) != self.picked_service:
                # Arrowing through the sidebar: the form follows, the focus stays in the sidebar.
                self.order_service(row.panel_id, row.service.id, focus=False)
        if index == View.ORDERS:
            tip = self.tr("Check the statuses of active orders now (F5)")
        elif index == View.SPENDING:
            tip = self.tr("Recount the spending from the saved orders (F5)")
            self.spending.reload()  # cheap (the store), and orders may have changed
        else:
            tip = self.tr("Download the services and balance again (F5)")
        self.refresh_action.setToolTip(tip)
        self.pageChanged.emit(index)

    def refresh_current(self) -> None:
        """F5 / the Refresh button: what the page shown needs."""
        view = self.current_view()
        if view == View.ORDERS:
            if self.session.sync.busy:
                # Said, not silently ignored: the statuses are checked once more right after.
                self._say(self.tr(
                    "Already checking the statuses of active orders (%1 so far); they are "
                    "checked again when this check ends.").replace(
                    "%1", elapsed_text(self.sync_activity.seconds())), 8000)
            else:
                self._say(self.tr("Checking the statuses of active orders…"), 5000)
            self.orders.refresh_now()
        elif view == View.SPENDING:
            self.spending.reload()
        else:
            self._refresh_services()

    # -- requests that bring a page forward ------------------------------------------------
    def focus_search(self) -> None:
        if self._welcome_shown():
            return
        self.set_view(View.SERVICES)
        self.services.focus_search()

    def new_order(self) -> None:
        row = self.services.current_row()
        if row is not None:
            self.order_service(row.panel_id, row.service.id)
        else:
            self.set_view(View.NEW_ORDER)

    def _service_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._selection_newer = current.isValid()

    def order_service(self, panel_id: str, service_id: int, *, focus: bool = True,
                      values: dict[str, Any] | None = None) -> None:
        """Open the order form for this service (double-click, Enter, "Order…", Ctrl+N, the
        sidebar's "New order" after selecting it, or comparing). ``focus``: its first field
        takes the focus; ``values``: what to fill in."""
        self._selection_newer = False
        self.picked_service = (panel_id, service_id)
        self.form.set_service(panel_id, service_id, values, focus=focus)
        self.set_view(View.NEW_ORDER)

    def compare_order(self, panel_id: str, service_id: int, values: object) -> None:
        self.order_service(panel_id, service_id, values=values if isinstance(values, dict)
                           else None)

    def show_order_in_history(self, local_id: int) -> None:
        if self.current_view() != View.ORDERS:  # the order's row: the next step
            self.registry.next_focus = self.orders.table
        self.set_view(View.ORDERS)
        self.orders.show_order(local_id)

    def show_customer_orders(self, customer_id: int, name: str) -> None:
        """A customer's orders (the Customers page's Show orders)."""
        self.set_view(View.ORDERS)
        self.orders.show_customer(customer_id, name)

    def reorder(self, local_id: int) -> None:
        """"Order again" on the Orders page: the form for that order's service, filled like
        it."""
        self.runner.submit(self.session.workspace.order, local_id,
                           on_result=self._reorder_loaded, on_error=bridge.error,
                           task_name="reorder")

    def _reorder_loaded(self, order: LocalOrder) -> None:
        self._selection_newer = False
        self.picked_service = (order.panel_id, order.service_id)
        self.form.prefill(order)
        self.set_view(View.NEW_ORDER)
