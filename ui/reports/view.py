"""The Reports page: revenue, cost, profit and margin by month, customer, panel or service
for a chosen period (``Workspace.ledger``), as a table with its total and a chart; CSV export.

Money stays ``Decimal`` from the ledger to the cells; only the chart's bar heights become
float, at the very last step. The total row is the sum of the rows shown (``ledger.totals``).
Orders with no rate to the home currency are counted apart and said so under the table.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QValueAxis
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smmdesk import ledger
from smmdesk.ledger import LedgerRow
from ui.format import escape_markup, format_charge, format_exact, format_percent, literal
from ui.period import PeriodPicker, ask_save_path
from ui.spending.view import money_chart, value_axis
from ui.tables import TableNotice, describe_rows, keyboard_table

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.settings import Settings
    from ui.tasks import TaskRunner

log = logging.getLogger(__name__)


@dataclass
class ReportData:
    by: str
    rows: list[LedgerRow]
    total: LedgerRow
    currency: str | None
    simulated: bool = False  # only the demo panel is connected: its (simulated) orders


def load_report(workspace: Workspace, by: str, since: datetime | None,
                until: datetime | None) -> ReportData:
    """The ledger of the real panels; with only the demo panel connected, the demo's (the
    page says they are simulated): its money is never added to real money."""
    panels = workspace.panels()
    simulated = bool(panels) and all(p.is_demo for p in panels)
    rows = workspace.ledger(by=by, since=since, until=until, demo=simulated)
    return ReportData(by, rows, ledger.totals(rows), workspace.home_currency(), simulated)


class ReportsView(QWidget):
    loaded = Signal(object)  # ReportData

    def __init__(self, workspace: Workspace, runner: TaskRunner,
                 settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reports_view")
        self.workspace = workspace
        self.runner = runner
        self.settings = settings
        self.data: ReportData | None = None
        self._generation = 0
        self._stale = True

        self.by_box = QComboBox(objectName="reports_by")
        self.by_box.setAccessibleName(self.tr("Group by"))
        for text, key in ((self.tr("Month"), "month"), (self.tr("Customer"), "customer"),
                          (self.tr("Panel"), "panel"), (self.tr("Service"), "service")):
            self.by_box.addItem(text, key)
        self.picker = PeriodPicker("reports", QDate(QDate.currentDate().year(), 1, 1), self)
        self.since_edit, self.until_edit = self.picker.since_edit, self.picker.until_edit
        self.export_button = QPushButton(self.tr("Save as CSV…"), objectName="reports_export")
        self.export_button.clicked.connect(self._export_clicked)
        self.table = QTableWidget(0, 6, objectName="reports_table")
        self.table.setHorizontalHeaderLabels([
            self.tr("Period"), self.tr("Orders"), self.tr("Revenue"), self.tr("Cost"),
            self.tr("Profit"), self.tr("Margin")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        keyboard_table(self.table, self.tr("Revenue, cost and profit"))
        self.notice = TableNotice(self.table)
        self.apart_label = QLabel(objectName="reports_apart")
        self.apart_label.setTextFormat(Qt.TextFormat.PlainText)  # names are people's text
        self.apart_label.setWordWrap(True)
        self.apart_label.hide()
        self.simulated_label = QLabel(
            self.tr("Simulated: the demo panel's orders, not real money."),
            objectName="reports_simulated")
        self.simulated_label.setStyleSheet("color: #6d6d6d;")
        self.simulated_label.hide()
        self.chart, self.chart_view = money_chart(
            "reports_chart", 220, self.tr("Revenue and profit chart"),
            self.tr("The same amounts are in the table above"))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Group by:")))
        top.addWidget(self.by_box)
        top.addSpacing(12)
        self.picker.add_to(top)
        top.addStretch(1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(top)
        layout.addWidget(self.simulated_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.apart_label)
        layout.addWidget(self.chart_view, 1)
        self.by_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.picker.changed.connect(self.reload)

    # -- loading --------------------------------------------------------------------------------

    def period(self) -> tuple[datetime, datetime]:
        since, until = self.picker.period()
        return since.astimezone(UTC), until.astimezone(UTC)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self._generation += 1
        since, until = self.period()
        self.runner.submit(_load, self.workspace, self._generation, self.by_box.currentData(),
                           since, until, on_result=self._loaded, task_name="reports")

    def _loaded(self, value: tuple[int, ReportData]) -> None:
        generation, data = value
        if generation != self._generation:
            return
        self.data = data
        self.simulated_label.setVisible(data.simulated)
        self._render_table()
        self._render_chart()
        log.info("report shown: by %s, %d row(s), revenue %s, profit %s%s", data.by,
                 len(data.rows), data.total.revenue, data.total.profit,
                 " (simulated)" if data.simulated else "")
        self.loaded.emit(data)

    # -- showing --------------------------------------------------------------------------------

    def _key_header(self, by: str) -> str:
        return {"month": self.tr("Month"), "customer": self.tr("Customer"),
                "panel": self.tr("Panel"), "service": self.tr("Service")}[by]

    def _label(self, row: LedgerRow) -> str:
        if self.data is not None and self.data.by == "customer" and row.key is None:
            return self.tr("(no customer)")
        return row.label

    def _render_table(self) -> None:
        data = self.data
        assert data is not None
        cur = data.currency
        header = self.table.horizontalHeaderItem(0)
        if header is not None:
            header.setText(self._key_header(data.by))
        rows = [*data.rows, data.total] if data.rows else []
        self.table.setRowCount(len(rows))
        self.notice.say("" if rows else self.tr(
            "Nothing sold in this period. Give orders a customer and a sell price (the order "
            "form, or the Orders page) and their revenue, cost and profit are counted here."))
        for r, row in enumerate(rows):
            label = self.tr("Total") if row is data.total else self._label(row)
            margin = (format_percent(row.margin_percent, decimals=1)
                      if row.margin_percent is not None
                      else "")
            cells = [label, str(row.orders), format_charge(row.revenue, cur),
                     format_charge(row.cost, cur), format_charge(row.profit, cur), margin]
            exact = ["", "", format_exact(row.revenue, cur), format_exact(row.cost, cur),
                     format_exact(row.profit, cur), ""]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(literal(exact[col]) or "")
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if row is data.total:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, col, item)
        describe_rows(self.table)
        apart = [(self._label(row), a) for row in data.rows for a in row.apart]
        if apart:
            lines = [self.tr("%1: %2 order(s) in %3 have no rate to %4 and are not counted "
                             "above (cost %5, sold for %6).")
                     .replace("%1", label).replace("%2", str(a.orders))
                     .replace("%3", a.currency).replace("%4", cur or "")
                     .replace("%5", format_charge(a.cost, a.currency))
                     .replace("%6", format_charge(a.revenue, cur)) for label, a in apart]
            self.apart_label.setText("\n".join(lines))
        self.apart_label.setVisible(bool(apart))

    def _render_chart(self) -> None:
        data = self.data
        if data is None:
            return
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        series = QBarSeries()
        revenue = QBarSet(self.tr("Revenue"))
        profit = QBarSet(self.tr("Profit"))
        top = Decimal(0)
        for row in data.rows:
            revenue.append(float(row.revenue))  # the only floats: bar heights on screen
            profit.append(float(max(row.profit, Decimal(0))))
            top = max(top, row.revenue, row.profit)
        series.append(revenue)
        series.append(profit)
        self.chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([self._label(r) for r in data.rows])
        y = QValueAxis()
        maximum, ticks, decimals = value_axis(top)
        y.setRange(0, float(maximum))
        y.setTickCount(ticks)
        y.setLabelFormat(f"%.{decimals}f")
        y.setTitleText(escape_markup(data.currency or ""))
        self.chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self.chart.setTitle(self.tr("Revenue and profit"))
        self.chart.legend().setVisible(bool(data.rows))

    # -- export ---------------------------------------------------------------------------------

    def _export_clicked(self) -> None:
        stamp = datetime.now().strftime("%Y-%m-%d")
        path = ask_save_path(self, self.settings, self.tr("Save report"),
                             f"smm-desk-report-{stamp}.csv")
        if path:
            self.runner.submit(self.export_csv, path, task_name="report csv")

    def csv_words(self) -> dict[str, str]:
        return {"key": self._key_header(self.data.by if self.data else "month"),
                "orders": self.tr("Orders"), "revenue": self.tr("Revenue"),
                "cost": self.tr("Cost"), "profit": self.tr("Profit"),
                "margin": self.tr("Margin %"), "total": self.tr("Total")}

    def export_csv(self, path: str | Path) -> int:
        """The rows shown (and their total) as CSV, headed in the person's language."""
        rows = self.data.rows if self.data is not None else []
        return ledger.write_ledger_csv(Path(path), rows, self.csv_words())


def _load(workspace: Workspace, generation: int, by: str, since: datetime,
          until: datetime) -> tuple[int, ReportData]:
    return generation, load_report(workspace, by, since, until)
