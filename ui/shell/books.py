"""The reseller's pages in the main window: Customers and Reports (added after the
automation's pages, so the shortcuts of those stay where they were)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle, QWidget

from ui.customers.view import CustomersView
from ui.reports.view import ReportsView

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.settings import Settings
    from ui.tasks import TaskRunner


class BooksUi(QObject):
    """``add_page(page, title, icon)``: the window's (a sidebar row, a View-menu entry and its
    shortcut); ``show_orders(customer_id, name)``: a customer's orders on the Orders page."""

    def __init__(self, window: QWidget, add_page: Callable[[QWidget, str, QIcon], Any],
                 workspace: Workspace, runner: TaskRunner, settings: Settings | None,
                 show_orders: Callable[[int, str], Any]) -> None:
        super().__init__(window)
        self.customers_view = CustomersView(workspace, runner, settings)
        self.customers_view.showOrders.connect(show_orders)
        self.reports_view = ReportsView(workspace, runner, settings)
        style = window.style()
        add_page(self.customers_view, self.tr("C&ustomers"),
                 style.standardIcon(QStyle.StandardPixmap.SP_DirHomeIcon))
        add_page(self.reports_view, self.tr("&Reports"),
                 style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView))
