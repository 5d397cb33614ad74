"""The Orders page's part of the reseller's books: "Sell to customer…" on every selected row
(several with Shift or Ctrl), the chip that shows one customer's orders (the Customers page's
"Show orders") and clears with a click, and the books' columns, shown once a customer exists.

``OrderSales`` knows the page through what it is given: its table and model, and whom to tell
when the customer filter changed, when the shown order's details should be read again, and
where a failure goes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QTableView, QWidget

from smmdesk.models import Customer, LocalOrder
from ui.customers.view import SaleDialog
from ui.orders.model import BOOK_COLUMNS, Col, HistoryModel

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class OrderSales(QObject):
    """The books on the Orders page ``page`` (``action``: "Sell to customer…"; ``chip``: the
    customer filter; ``customer_id``: whose orders are shown, None for everyone's)."""

    def __init__(self, page: QWidget, table: QTableView, model: HistoryModel,
                 workspace: Workspace, runner: TaskRunner, *,
                 filter_changed: Callable[[], None], sold: Callable[[], None],
                 error: Callable[[BaseException], None]) -> None:
        super().__init__(page)
        self.page, self.table, self.model = page, table, model
        self.workspace, self.runner = workspace, runner
        self._filter_changed, self._sold_callback, self._error = filter_changed, sold, error
        self.action = QAction(self.tr("Sell to custo&mer…"), page, objectName="action_sell")
        self.action.setToolTip(self.tr("Give the selected orders a customer and a sell price"))
        self.action.setShortcut(QKeySequence("Ctrl+Shift+U"))
        self.action.triggered.connect(self.sell_selected)
        page.addAction(self.action)
        self.customer_id: int | None = None
        self.chip = QPushButton(objectName="customer_filter")
        self.chip.setToolTip(self.tr("Show every customer's orders again"))
        self.chip.setAccessibleName(self.tr("Customer filter"))
        self.chip.clicked.connect(lambda: self.show_customer(None))
        self.chip.hide()
        # The books' columns: hidden until the first customer exists.
        header = table.horizontalHeader()
        for col in BOOK_COLUMNS:
            header.setSectionHidden(col, True)
        model.booksChanged.connect(self._books_changed)

    def show_customer(self, customer_id: int | None, name: str = "") -> None:
        """Only this customer's orders (None: everyone's again)."""
        self.customer_id = customer_id
        self.chip.setText(self.tr("Customer: %1 ✕").replace("%1", name))
        self.chip.setAccessibleName(self.tr("Customer filter: %1").replace("%1", name))
        self.chip.setVisible(customer_id is not None)
        self._filter_changed()

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

    def update(self, page_active: bool) -> None:
        """Enabled while the page is shown and at least one row is selected."""
        self.action.setEnabled(page_active and bool(self.selected_ids()))

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
        dialog = SaleDialog(customers, len(ids), home, self.page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.runner.submit(
            self.workspace.assign_orders, ids, dialog.customer_id(),
            sell_price=dialog.sell_price(), on_result=self._sold,
            on_error=self._error, task_name="assign_orders"))
        dialog.open()
        return dialog

    def _sold(self, orders: list[LocalOrder]) -> None:
        self.model.update_orders(orders)
        self.model.reload_books()
        self._sold_callback()


def _customers_and_home(workspace: Workspace) -> tuple[list[Customer], str | None]:
    return workspace.customers(), workspace.home_currency()
