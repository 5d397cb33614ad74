"""Price rules: the markup (with an optional minimum sell price and rounding step) that fills in
sell prices, for everything, a panel, a category, a service, a customer, or a customer and a
service; the most specific wins (``smmdesk.ledger.rule_for``). Every figure is kept exactly as
typed or refused."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smmdesk import ledger
from smmdesk.ledger import Customer, PriceRule
from smmdesk.models import Panel
from ui.format import format_decimal, format_percent
from ui.tables import TableNotice, describe_rows, keyboard_table

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.tasks import TaskRunner


def exact(text: str, *, places: int | None = None) -> Decimal | None:
    """A figure as typed ("12.5", "12,5"): exact, not negative, at most ``places`` decimals;
    None otherwise (refused, never rounded)."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0:
        return None
    if places is not None and value != value.quantize(Decimal(1).scaleb(-places)):
        return None
    return value


def _places(value: Decimal) -> int:
    return max(0, -int(value.normalize().as_tuple().exponent))


def load_rules(workspace: Workspace) -> tuple[list[PriceRule], list[Customer], list[Panel]]:
    return workspace.price_rules(), workspace.customers(archived=True), workspace.panels()


class PriceRulesDialog(QDialog):
    def __init__(self, workspace: Workspace, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("price_rules_dialog")
        self.setWindowTitle(self.tr("Price rules"))
        self.workspace = workspace
        self.runner = runner
        self.rules: list[PriceRule] = []
        self.customers: dict[int, str] = {}
        self.panels: dict[str, str] = {}
        intro = QLabel(self.tr("A sell price is the cost plus the markup, rounded up to the "
                               "step, and at least the minimum. The most specific rule "
                               "wins: a customer and a service, a customer, a service, a "
                               "category, a panel, everything."))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4, objectName="price_rules_table")
        self.table.setHorizontalHeaderLabels([self.tr("Applies to"), self.tr("Markup"),
                                              self.tr("Minimum"), self.tr("Rounding")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        keyboard_table(self.table, self.tr("Price rules"))
        self.notice = TableNotice(self.table)
        self.delete_button = QPushButton(self.tr("&Delete rule"), objectName="rule_delete")
        self.delete_button.clicked.connect(self.delete_selected)
        self.customer_box = QComboBox(objectName="rule_customer")
        self.customer_box.setAccessibleName(self.tr("Customer"))
        self.panel_box = QComboBox(objectName="rule_panel")
        self.panel_box.setAccessibleName(self.tr("Panel"))
        self.service_edit = QLineEdit(objectName="rule_service")
        self.service_edit.setAccessibleName(self.tr("Service number"))
        self.service_edit.setPlaceholderText(self.tr("any service"))
        self.category_edit = QLineEdit(objectName="rule_category")
        self.category_edit.setAccessibleName(self.tr("Category"))
        self.category_edit.setPlaceholderText(self.tr("any category"))
        self.markup_edit = QLineEdit(objectName="rule_markup")
        self.markup_edit.setAccessibleName(self.tr("Markup in percent"))
        self.minimum_edit = QLineEdit(objectName="rule_minimum")
        self.minimum_edit.setAccessibleName(self.tr("Minimum sell price"))
        self.minimum_edit.setPlaceholderText(self.tr("none"))
        self.round_edit = QLineEdit(objectName="rule_round")
        self.round_edit.setAccessibleName(self.tr("Rounding step"))
        self.round_edit.setPlaceholderText(self.tr("to the cent"))
        self.add_button = QPushButton(self.tr("&Add or replace rule"), objectName="rule_add")
        self.add_button.clicked.connect(self.add_rule)
        self.problem = QLabel(objectName="rule_problem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("C&ustomer:"), self.customer_box)
        form.addRow(self.tr("&Panel:"), self.panel_box)
        form.addRow(self.tr("Ser&vice #:"), self.service_edit)
        form.addRow(self.tr("Cate&gory:"), self.category_edit)
        form.addRow(self.tr("&Markup %:"), self.markup_edit)
        form.addRow(self.tr("Mi&nimum:"), self.minimum_edit)
        form.addRow(self.tr("&Rounding step:"), self.round_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(620, 560)
        self.reload()

    def reload(self) -> None:
        self.runner.submit(load_rules, self.workspace, on_result=self._loaded,
                           task_name="price_rules")

    def _loaded(self, value: tuple[list[PriceRule], list[Customer], list[Panel]]) -> None:
        rules, customers, panels = value
        self.rules = sorted(rules, key=lambda r: (-r.rank, r.id))
        self.customers = {c.id: c.name for c in customers}
        self.panels = {p.id: p.name for p in panels}
        for box, items, anyone in ((self.customer_box, self.customers, self.tr("Any customer")),
                                   (self.panel_box, self.panels, self.tr("Any panel"))):
            current = box.currentData()
            box.clear()
            box.addItem(anyone, None)
            for key, name in items.items():
                box.addItem(name, key)
            box.setCurrentIndex(max(0, box.findData(current)))
        self.table.setRowCount(len(self.rules))
        self.notice.say("" if self.rules else self.tr(
            "No rules yet: sell prices are typed by hand until a rule fills them in."))
        for r, rule in enumerate(self.rules):
            cells = [self.describe(rule),
                     format_percent(rule.markup_percent, decimals=_places(rule.markup_percent)),
                     format_decimal(rule.minimum, min_decimals=2) if rule.minimum is not None
                     else "",
                     format_decimal(rule.round_to, min_decimals=0) if rule.round_to is not None
                     else ""]
            for col, text in enumerate(cells):
                self.table.setItem(r, col, QTableWidgetItem(text))
        describe_rows(self.table)

    def describe(self, rule: PriceRule) -> str:
        customer = self.customers.get(rule.customer_id or 0, f"#{rule.customer_id}")
        panel = self.panels.get(rule.panel_id or "", rule.panel_id or "")
        scope = rule.scope
        if scope == "customer_service":
            return (self.tr("%1, service #%2 on %3").replace("%1", customer)
                    .replace("%2", str(rule.service_id)).replace("%3", panel))
        if scope == "customer":
            return self.tr("Customer %1").replace("%1", customer)
        if scope == "service":
            return (self.tr("Service #%1 on %2").replace("%1", str(rule.service_id))
                    .replace("%2", panel))
        if scope == "category":
            text = self.tr("Category “%1”").replace("%1", rule.category or "")
            return text + (" · " + panel if rule.panel_id else "")
        if scope == "panel":
            return self.tr("Panel %1").replace("%1", panel)
        return self.tr("Everything")

    def add_rule(self) -> bool:
        """Add the rule typed below (or replace the one of the same scope); False, with the
        reason shown, when a figure or the scope is not one."""
        markup = exact(self.markup_edit.text())
        minimum = (exact(self.minimum_edit.text(), places=2)
                   if self.minimum_edit.text().strip() else None)
        round_to = exact(self.round_edit.text()) if self.round_edit.text().strip() else None
        service_text = self.service_edit.text().strip()
        service_id = int(service_text) if service_text.isdigit() else None
        if markup is None or (self.minimum_edit.text().strip() and minimum is None) or (
                self.round_edit.text().strip() and (round_to is None or round_to == 0)) or (
                service_text and service_id is None):
            self.problem.setText(self.tr(
                "Type the markup in percent (e.g. 30), the minimum as an amount (e.g. 1.50), "
                "the rounding step as an amount above zero (e.g. 0.05) and the service as its "
                "number."))
            return False
        panel_id = self.panel_box.currentData()
        customer_id = self.customer_box.currentData()
        category = self.category_edit.text().strip() or None
        try:
            ledger.check_rule(markup, panel_id=panel_id, category=category,
                              service_id=service_id, customer_id=customer_id,
                              minimum=minimum, round_to=round_to)
        except ValueError:
            self.problem.setText(self.tr(
                "Not a rule SMM Desk knows: a customer's rule is for everything they order or "
                "for one service (with its panel); a service rule needs its panel; a rule is "
                "for a category or for a service, not both."))
            return False
        self.problem.setText("")
        self.runner.submit(self.workspace.set_price_rule, markup, panel_id=panel_id,
                           category=category, service_id=service_id, customer_id=customer_id,
                           minimum=minimum, round_to=round_to,
                           on_result=lambda _r: self.reload(), task_name="set_price_rule")
        return True

    def delete_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.rules):
            self.runner.submit(self.workspace.delete_price_rule, self.rules[rows[0].row()].id,
                               on_result=lambda _d: self.reload(), task_name="delete_rule")
