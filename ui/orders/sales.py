"""The Orders page's part of the reseller's books: the rows several of which may be sold to a
customer at once, and the books' columns shown once a customer exists. A mixin of
``OrdersView`` (its texts stay in the page's class, where the translations look for them)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from smmdesk.models import Customer, LocalOrder
from ui.customers.view import SaleDialog
from ui.orders.model import BOOK_COLUMNS, Col

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace

log = logging.getLogger(__name__)


class OrderSales:
    """Needs the page's ``table``, ``model``, ``runner``, ``workspace``, ``action_sell``,
    ``actions_``, ``_context``, ``_load_context`` and ``_background_error``."""

    table: Any
    model: Any
    runner: Any
    workspace: Any
    action_sell: Any
    actions_: Any
    _context: Any

    def _load_context(self, local_id: int) -> None:
        raise NotImplementedError  # the page's

    def _background_error(self, exc: BaseException) -> None:
        raise NotImplementedError  # the page's

    def _books_changed(self, any_customer: bool) -> None:
        header = self.table.horizontalHeader()
        if header.isSectionHidden(Col.CUSTOMER) == any_customer:
            log.info("the books' columns %s", "shown" if any_customer else "hidden")
        for col in BOOK_COLUMNS:
            header.setSectionHidden(col, not any_customer)

    def selected_ids(self) -> list[int]:
        """The local ids of every selected row (several with Shift or Ctrl)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.order_at(r).id for r in rows if r < self.model.rowCount()]

    def sell_selected(self) -> None:
        """Give the selected orders a customer and a sell price (``Workspace.assign_orders``),
        asked in a dialog once the customers are read."""
        ids = self.selected_ids()
        if ids:
            self.runner.submit(_customers_and_home, self.workspace,
                               on_result=lambda v: self.open_sale_dialog(ids, *v),
                               task_name="history_customers")

    def open_sale_dialog(self, ids: list[int], customers: list[Customer],
                         home: str | None) -> SaleDialog:
        dialog = SaleDialog(customers, len(ids), home, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.runner.submit(
            self.workspace.assign_orders, ids, dialog.customer_id(),
            sell_price=dialog.sell_price(), on_result=self._sold,
            on_error=self._background_error, task_name="assign_orders"))
        dialog.open()
        return dialog

    def _sold(self, orders: list[LocalOrder]) -> None:
        self.model.update_orders(orders)
        self.model.reload_books()
        if self._context is not None:
            self._load_context(self._context.order.id)


def _customers_and_home(workspace: Workspace) -> tuple[list[Customer], str | None]:
    return workspace.customers(), workspace.home_currency()
