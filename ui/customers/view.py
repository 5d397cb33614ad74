"""The Customers page: every customer with their orders, revenue, payments, balance due and
profit (``Workspace.customer_summaries``, the largest balance due first), searchable the way
people type (the core folds: "ayse" finds "Ayşe"); add a customer, record a payment, archive,
and save a statement as PDF or CSV."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smmdesk import ledger
from smmdesk.books import CustomerSummary
from smmdesk.ledger import Customer, Statement
from ui.customers.rules import PriceRulesDialog
from ui.customers.statement import statement_words, write_statement_pdf
from ui.format import format_charge, format_exact, literal
from ui.period import PeriodPicker, ask_save_path
from ui.tables import TableNotice, describe_rows, keyboard_table

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.settings import Settings
    from ui.tasks import TaskRunner


def parse_amount(text: str) -> Decimal | None:
    """An amount as typed ("12.50", "12,50"): exact, at most two decimals; None otherwise
    (refused, never "fixed")."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        return None
    return value


class CustomerDialog(QDialog):
    """A new customer: name (required), contact, notes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customer_dialog")
        self.setWindowTitle(self.tr("Add customer"))
        self.name_edit = QLineEdit(objectName="customer_name")
        self.name_edit.setAccessibleName(self.tr("Name"))
        self.contact_edit = QLineEdit(objectName="customer_contact")
        self.contact_edit.setAccessibleName(self.tr("Contact"))
        self.contact_edit.setPlaceholderText(self.tr("Phone, Telegram, e-mail…"))
        self.notes_edit = QPlainTextEdit(objectName="customer_notes")
        self.notes_edit.setAccessibleName(self.tr("Notes"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(80)
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("&Contact:"), self.contact_edit)
        form.addRow(self.tr("N&otes:"), self.notes_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.name_edit.textChanged.connect(lambda t: ok.setEnabled(bool(t.strip())))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)


class PaymentDialog(QDialog):
    """A payment from a customer: amount (home currency), date, note."""

    def __init__(self, name: str, currency: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("payment_dialog")
        self.setWindowTitle(self.tr("Record payment"))
        self.amount_edit = QLineEdit(objectName="payment_amount")
        self.amount_edit.setAccessibleName(self.tr("Amount"))
        self.amount_edit.setPlaceholderText(currency or "")
        self.date_edit = QDateEdit(QDate.currentDate(), objectName="payment_date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setAccessibleName(self.tr("Date"))
        self.note_edit = QLineEdit(objectName="payment_note")
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.problem = QLabel(objectName="payment_problem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        who = QLabel(name)
        who.setTextFormat(Qt.TextFormat.PlainText)  # a person's name is text, never markup
        form = QFormLayout()
        form.addRow(self.tr("Customer:"), who)
        form.addRow(self.tr("&Amount:"), self.amount_edit)
        form.addRow(self.tr("&Date:"), self.date_edit)
        form.addRow(self.tr("N&ote:"), self.note_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def amount(self) -> Decimal | None:
        return parse_amount(self.amount_edit.text())

    def when(self) -> datetime:
        d = self.date_edit.date()
        if d == QDate.currentDate():
            return datetime.now(UTC)
        return datetime.combine(date(d.year(), d.month(), d.day()), time(12)).astimezone()

    def _accept(self) -> None:
        amount = self.amount()
        if amount is None or amount == 0:
            self.problem.setText(self.tr("Type an amount, e.g. 12.50 (at most two decimals)."))
            return
        self.accept()


class StatementDialog(QDialog):
    """A statement's period and format."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statement_dialog")
        self.setWindowTitle(self.tr("Statement"))
        today = QDate.currentDate()
        self.picker = PeriodPicker("statement", QDate(today.year(), today.month(), 1), self)
        self.since_edit, self.until_edit = self.picker.since_edit, self.picker.until_edit
        form = QFormLayout()
        self.picker.add_rows(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.pdf_button = self.buttons.addButton(self.tr("Save as &PDF…"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.csv_button = self.buttons.addButton(self.tr("Save as &CSV…"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.kind = "pdf"
        self.pdf_button.clicked.connect(lambda: setattr(self, "kind", "pdf"))
        self.csv_button.clicked.connect(lambda: setattr(self, "kind", "csv"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def period(self) -> tuple[datetime, datetime]:
        return self.picker.period()


class CustomersView(QWidget):
    loaded = Signal(object)  # list[CustomerSummary]
    saved = Signal(str)  # a statement's file
    showOrders = Signal(int, str)  # a customer's id and name: their orders, on the Orders page

    COLUMNS = 7

    def __init__(self, workspace: Workspace, runner: TaskRunner,
                 settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customers_view")
        self.workspace = workspace
        self.runner = runner
        self.settings = settings
        self.rows: list[CustomerSummary] = []
        self.currency: str | None = None
        self._generation = 0
        self._stale = True

        self.search = QLineEdit(objectName="customers_search")
        self.search.setPlaceholderText(self.tr("Search customers"))
        self.search.setAccessibleName(self.tr("Search customers"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.reload())
        self.add_button = QPushButton(self.tr("&Add customer…"), objectName="customers_add")
        self.add_button.clicked.connect(self.add_customer)
        self.pay_button = QPushButton(self.tr("Record &payment…"), objectName="customers_pay")
        self.pay_button.clicked.connect(self.record_payment)
        self.statement_button = QPushButton(self.tr("S&tatement…"),
                                            objectName="customers_statement")
        self.statement_button.clicked.connect(self.statement)
        self.archive_button = QPushButton(self.tr("Ar&chive"), objectName="customers_archive")
        self.archive_button.clicked.connect(self.archive)
        self.orders_button = QPushButton(self.tr("Show &orders"), objectName="customers_orders")
        self.orders_button.clicked.connect(self.show_orders)
        self.rules_button = QPushButton(self.tr("Price &rules…"), objectName="customers_rules")
        self.rules_button.clicked.connect(self.price_rules)
        self.table = QTableWidget(0, self.COLUMNS, objectName="customers_table")
        self.table.setHorizontalHeaderLabels([
            self.tr("Name"), self.tr("Contact"), self.tr("Orders"), self.tr("Revenue"),
            self.tr("Paid"), self.tr("Balance due"), self.tr("Profit")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        keyboard_table(self.table, self.tr("Customers"))
        self.notice = TableNotice(self.table)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.show_orders())

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.rules_button)
        top.addWidget(self.add_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.orders_button)
        buttons.addWidget(self.pay_button)
        buttons.addWidget(self.statement_button)
        buttons.addWidget(self.archive_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._selection_changed()

    # -- loading --------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self._generation += 1
        self.runner.submit(_load, self.workspace, self._generation, self.search.text(),
                           on_result=self._loaded, task_name="customers")

    def _loaded(self, value: tuple[int, list[CustomerSummary], str | None]) -> None:
        generation, rows, currency = value
        if generation != self._generation:
            return
        selected = self.selected()
        self.rows, self.currency = rows, currency
        self.table.setRowCount(len(rows))
        self.notice.say("" if rows else (
            self.tr("No customer matches the search.") if self.search.text().strip()
            else self.tr("No customers yet. Add the people you order for: each order can "
                         "then carry its customer and sell price, and this page shows what "
                         "they owe.")))
        cur = currency
        for r, s in enumerate(rows):
            cells = [s.customer.name, s.customer.contact or "", str(s.orders),
                     format_charge(s.revenue, cur), format_charge(s.paid, cur),
                     format_charge(s.balance, cur), format_charge(s.profit, cur)]
            exact = ["", "", "", format_exact(s.revenue, cur), format_exact(s.paid, cur),
                     format_exact(s.balance, cur), format_exact(s.profit, cur)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(literal(exact[col]) or "")
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, col, item)
            if selected is not None and s.customer.id == selected.customer.id:
                self.table.selectRow(r)
        if selected is None and rows:  # the largest balance due, ready for a payment
            self.table.selectRow(0)
        describe_rows(self.table)
        self._selection_changed()
        self.loaded.emit(rows)

    def selected(self) -> CustomerSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def _selection_changed(self) -> None:
        on = self.selected() is not None
        for b in (self.orders_button, self.pay_button, self.statement_button,
                  self.archive_button):
            b.setEnabled(on)

    # -- actions --------------------------------------------------------------------------------

    def add_customer(self) -> CustomerDialog:
        dialog = CustomerDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.runner.submit(
            self.workspace.add_customer, dialog.name_edit.text(),
            contact=dialog.contact_edit.text().strip() or None,
            notes=dialog.notes_edit.toPlainText().strip() or None,
            on_result=lambda _c: self.reload(), task_name="add customer"))
        dialog.open()
        return dialog

    def show_orders(self) -> None:
        s = self.selected()
        if s is not None:
            self.showOrders.emit(s.customer.id, s.customer.name)

    def price_rules(self) -> PriceRulesDialog:
        dialog = PriceRulesDialog(self.workspace, self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def record_payment(self) -> PaymentDialog | None:
        s = self.selected()
        if s is None:
            return None
        dialog = PaymentDialog(s.customer.name, self.currency, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        customer_id = s.customer.id

        def save() -> None:
            amount = dialog.amount()
            if amount is not None:
                self.runner.submit(self.workspace.record_payment, customer_id, amount,
                                   at=dialog.when(), note=dialog.note_edit.text().strip() or None,
                                   on_result=lambda _p: self.reload(), task_name="payment")

        dialog.accepted.connect(save)
        dialog.open()
        return dialog

    def archive(self) -> None:
        s = self.selected()
        if s is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Archive customer"),
            self.tr("Archive %1? Their orders and payments stay in the books.").replace(
                "%1", s.customer.name))
        if answer == QMessageBox.StandardButton.Yes:
            self.runner.submit(self.workspace.archive_customer, s.customer.id,
                               on_result=lambda _c: self.reload(), task_name="archive customer")

    def statement(self) -> StatementDialog | None:
        s = self.selected()
        if s is None:
            return None
        dialog = StatementDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        customer = s.customer

        def chosen() -> None:
            kind = dialog.kind
            since, until = dialog.period()
            stamp = datetime.now().strftime("%Y-%m-%d")
            name = "".join(c if c.isalnum() else "-" for c in customer.name).strip("-")
            path = ask_save_path(self, self.settings, self.tr("Save statement"),
                                 f"statement-{name or customer.id}-{stamp}.{kind}")
            if path:
                self.save_statement(customer.id, since, until, path, kind)

        dialog.accepted.connect(chosen)
        dialog.open()
        return dialog

    def status_text(self, state: str) -> str:
        return {"completed": self.tr("Completed"), "partial": self.tr("Partial"),
                "canceled": self.tr("Canceled"), "failed": self.tr("Failed"),
                "pending": self.tr("Pending"), "in_progress": self.tr("In progress"),
                "processing": self.tr("Processing")}.get(state, state)

    def save_statement(self, customer_id: int, since: datetime | None, until: datetime | None,
                       path: str | Path, kind: str = "pdf") -> None:
        """Read the statement on a worker; write it there too (CSV) or here (PDF: Qt's
        writer); ``saved`` says the file."""
        statuses = {s: self.status_text(s) for s in ("completed", "partial", "canceled",
                                                     "failed", "pending", "in_progress",
                                                     "processing")}

        def done(st: Statement) -> None:
            if kind == "pdf":
                write_statement_pdf(path, st, lambda s: statuses.get(s, s))
                log.info("statement saved as PDF: %d order(s), balance due %s",
                         len(st.lines), st.balance_due)
                self.saved.emit(str(path))
            else:
                self.runner.submit(ledger.write_statement_csv, Path(path), st,
                                   statement_words(), statuses,
                                   on_result=lambda _n: self.saved.emit(str(path)),
                                   task_name="statement csv")

        self.runner.submit(self.workspace.statement, customer_id, since, until,
                           on_result=done, task_name="statement")


def _load(workspace: Workspace, generation: int, search: str
          ) -> tuple[int, list[CustomerSummary], str | None]:
    rows = workspace.customer_summaries()
    if search.strip():
        wanted = {c.id for c in workspace.customers(search)}
        rows = [r for r in rows if r.customer.id in wanted]
    return generation, rows, workspace.home_currency()


class SaleDialog(QDialog):
    """Give orders placed earlier (or tracked) a customer and a sell price: one for all the
    selected orders, or each its rules' price (left empty); "No customer" takes the sale
    away."""

    def __init__(self, customers: list[Customer], count: int, currency: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sale_dialog")
        self.setWindowTitle(self.tr("Sell to customer"))
        intro = QLabel(self.tr("%n order(s) selected.", "", count))
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.customer_box = QComboBox(objectName="sale_dialog_customer")
        self.customer_box.setAccessibleName(self.tr("Customer"))
        self.customer_box.addItem(self.tr("No customer (take the sale away)"), None)
        for c in customers:
            self.customer_box.addItem(c.name, c.id)
        if customers:
            self.customer_box.setCurrentIndex(1)
        self.price_edit = QLineEdit(objectName="sale_dialog_price")
        self.price_edit.setAccessibleName(self.tr("Sell price"))
        self.price_edit.setPlaceholderText(
            self.tr("empty: each order's price from the rules (%1)").replace("%1",
                                                                             currency or ""))
        self.problem = QLabel(objectName="sale_dialog_problem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        form.addRow(self.tr("&Customer:"), self.customer_box)
        form.addRow(self.tr("&Sell price:"), self.price_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def customer_id(self) -> int | None:
        data = self.customer_box.currentData()
        return int(data) if data is not None else None

    def sell_price(self) -> Decimal | None:
        text = self.price_edit.text().strip()
        return parse_amount(text) if text else None

    def _accept(self) -> None:
        text = self.price_edit.text().strip()
        price = parse_amount(text) if text else None
        if text and (price is None or price < 0):
            self.problem.setText(self.tr("Type the sell price as an amount, e.g. 12.50 (at "
                                         "most two decimals), or leave it empty."))
            return
        self.accept()
