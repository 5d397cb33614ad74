"""The order form's sale (the reseller's books): who the order is for and its sell price, with
cost, profit and margin as the person types. Shown once a customer exists. The sell price is
filled in from the price rules (``Workspace.sell_price``, on a worker) until the person types
one; a typed price is kept exactly or refused, never "fixed"."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from smmdesk import ledger
from ui.format import format_charge, format_percent

if TYPE_CHECKING:
    from smmdesk.ledger import Customer
    from smmdesk.models import Service
    from smmdesk.workspace import Workspace
    from ui.tasks import TaskRunner

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SaleQuote:
    """What the worker worked out for the order as typed."""

    generation: int
    rule_price: Decimal | None  # the rules' sell price (home currency)
    cost: Decimal | None  # the estimate in the home currency, today's rate
    home: str | None


def price_sale(workspace: Workspace, generation: int, panel_id: str, service_id: int,
               values: dict[str, Any], estimate: Decimal, currency: str | None,
               customer_id: int | None) -> SaleQuote:
    return SaleQuote(generation,
                     workspace.sell_price(panel_id, service_id, values, customer_id=customer_id),
                     workspace.convert(estimate, currency), workspace.home_currency())


def parse_price(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        return None
    return value


class SaleBox(QWidget):
    changed = Signal()

    def __init__(self, workspace: Workspace, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sale_box")
        self.workspace = workspace
        self.runner = runner
        self.quote: SaleQuote | None = None
        self._generation = 0
        self._typed = False  # the person typed a sell price: the rules do not replace it
        self._order: tuple[str, int, dict[str, Any], Decimal, str | None] | None = None
        self.customer_box = QComboBox(objectName="sale_customer")
        self.customer_box.setAccessibleName(self.tr("Customer"))
        self.customer_box.currentIndexChanged.connect(lambda _i: self._reprice())
        self.price_edit = QLineEdit(objectName="sale_price")
        self.price_edit.setAccessibleName(self.tr("Sell price"))
        self.price_edit.setPlaceholderText(self.tr("from the price rules"))
        self.price_edit.textEdited.connect(self._typed_price)
        self.figures = QLabel(objectName="sale_figures")
        self.figures.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label = QLabel(objectName="sale_problem")
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setStyleSheet("color: #b00020;")
        self.problem_label.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.price_edit)
        row.addWidget(self.figures, 1)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("C&ustomer:"), self.customer_box)
        price_label = QLabel(self.tr("Se&ll price:"))
        price_label.setBuddy(self.price_edit)  # (a row of widgets: Qt names no buddy itself)
        form.addRow(price_label, row)
        form.addRow("", self.problem_label)
        self.set_customers([])

    # -- customers ------------------------------------------------------------------------------

    def reload_customers(self) -> None:
        self.runner.submit(self.workspace.customers, on_result=self.set_customers,
                           task_name="sale_customers")

    def set_customers(self, customers: list[Customer]) -> None:
        current = self.customer_id()
        self.customer_box.blockSignals(True)
        self.customer_box.clear()
        self.customer_box.addItem(self.tr("No customer"), None)
        for c in customers:
            self.customer_box.addItem(c.name, c.id)
        index = self.customer_box.findData(current)
        self.customer_box.setCurrentIndex(max(0, index))
        self.customer_box.blockSignals(False)
        self.setVisible(bool(customers))  # a buyer who does not resell never sees it

    def customer_id(self) -> int | None:
        data = self.customer_box.currentData()
        return int(data) if data is not None else None

    # -- the price ------------------------------------------------------------------------------

    def update_order(self, panel_id: str, service: Service, values: dict[str, Any],
                     estimate: Decimal, currency: str | None) -> None:
        """The form's order as typed: priced again (on a worker)."""
        order = (panel_id, service.id, dict(values), estimate, currency)
        if order == self._order:
            return
        self._order = order
        self._reprice()

    def _reprice(self) -> None:
        if self._order is None:
            return
        self._generation += 1
        panel_id, service_id, values, estimate, currency = self._order
        self.runner.submit(price_sale, self.workspace, self._generation, panel_id, service_id,
                           values, estimate, currency, self.customer_id(),
                           on_result=self._priced, task_name="sale_price")

    def _priced(self, quote: SaleQuote) -> None:
        if quote.generation != self._generation:
            return
        self.quote = quote
        log.info("sale priced: customer %s, the rules' price %s", self.customer_id(),
                 quote.rule_price)
        if not self._typed:
            self.price_edit.setText("" if quote.rule_price is None else
                                    format(quote.rule_price, "f"))
        self._show()

    def _typed_price(self, text: str) -> None:
        self._typed = bool(text.strip())  # cleared: the rules' price again
        if not self._typed and self.quote is not None and self.quote.rule_price is not None:
            self.price_edit.setText(format(self.quote.rule_price, "f"))
        self._show()

    def reset(self) -> None:
        """After placing: the next order's price comes from the rules again."""
        self._typed = False
        self._order = None

    def problem(self) -> str | None:
        text = self.price_edit.text().strip()
        if text and parse_price(text) is None:
            return self.tr("Type the sell price as an amount, e.g. 12.50 (at most two "
                           "decimals).")
        return None

    def sale(self) -> tuple[int | None, Decimal | None]:
        """(customer, sell price) as chosen; a price that is not one raises ``ValueError``."""
        text = self.price_edit.text().strip()
        if not text:
            return self.customer_id(), None
        price = parse_price(text)
        if price is None:
            raise ValueError(self.problem())
        return self.customer_id(), price

    def _show(self) -> None:
        problem = self.problem()
        self.problem_label.setText(problem or "")
        self.problem_label.setVisible(problem is not None)
        q = self.quote
        price = parse_price(self.price_edit.text()) if self.price_edit.text().strip() else None
        if q is None or q.cost is None:
            self.figures.setText("")
        elif price is None:
            self.figures.setText(self.tr("Cost %1").replace("%1", format_charge(q.cost, q.home)))
        else:
            profit = price - q.cost
            margin = ledger.margin_percent(price, profit)
            self.figures.setText(
                self.tr("Cost %1 · profit %2 · margin %3")
                .replace("%1", format_charge(q.cost, q.home))
                .replace("%2", format_charge(profit, q.home))
                .replace("%3", format_percent(margin, decimals=1) if margin is not None
                         else "–"))
        self.changed.emit()
