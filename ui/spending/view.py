"""Spending: totals (this month, per panel) and a bar chart per day or week per panel.

Money stays ``Decimal`` from the store to the labels; only the chart's bar heights become float,
at the very last step (``QBarSet.append``).

The demo panel's spending is simulated: it is never added to the headline, the chart or any
total of real money (``Workspace.spending(demo=False)``); it is shown apart, labelled, under the
headline and as its own "(simulated)" rows of the table. Chosen on its own (the panel filter), the
page shows it, labelled as simulated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smmdesk.history import chart_series, month_start
from ui.format import escape_markup, format_charge, format_exact, literal
from ui.tables import TableNotice, describe_rows, keyboard_table

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.tasks import TaskRunner

PERIODS = {"day": 30, "week": 12}  # how far back the chart looks: 30 days or 12 weeks


@dataclass
class SpendingData:
    bucket: str
    since: date
    until: date
    rows: list[tuple[date, str, str | None, Decimal]] = field(default_factory=list)
    month: list[tuple[str, str | None, Decimal]] = field(default_factory=list)
    all_time: list[tuple[str, str | None, Decimal]] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    # the demo panel's, apart (only when every panel is shown)
    demo_month: list[tuple[str, str | None, Decimal]] = field(default_factory=list)
    demo_all_time: list[tuple[str, str | None, Decimal]] = field(default_factory=list)
    demo_ids: frozenset[str] = frozenset()
    simulated: bool = False  # the page shows the demo panel alone


def load_spending(workspace: Workspace, bucket: str, panel_id: str | None,
                  now: datetime | None = None) -> SpendingData:
    now = now or datetime.now(UTC)
    today = now.astimezone(UTC).date()
    back = timedelta(days=PERIODS["day"] - 1) if bucket == "day" else timedelta(
        weeks=PERIODS["week"] - 1)
    since = today - back
    start = datetime.combine(since - timedelta(days=since.weekday()) if bucket == "week"
                             else since, datetime.min.time(), UTC)
    panels = workspace.panels()
    names = {p.id: p.name for p in panels}
    demo_ids = frozenset(p.id for p in panels if p.is_demo)
    apart = panel_id is None and bool(demo_ids)
    return SpendingData(
        bucket=bucket, since=since, until=today,
        rows=workspace.spending(panel_id, start, None, bucket),
        month=workspace.spending_totals(panel_id, month_start(now), None),
        all_time=workspace.spending_totals(panel_id, None, None),
        names=names,
        demo_month=(workspace.spending_totals(None, month_start(now), None, demo=True)
                    if apart else []),
        demo_all_time=workspace.spending_totals(None, None, None, demo=True) if apart else [],
        demo_ids=demo_ids,
        simulated=panel_id is not None and panel_id in demo_ids,
    )


class SpendingView(QWidget):
    loaded = Signal(object)  # SpendingData

    def __init__(self, workspace: Workspace, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spending_view")
        self.workspace = workspace
        self.runner = runner
        self.panel_id: str | None = None
        self.data: SpendingData | None = None
        self._generation = 0

        self.month_label = QLabel(objectName="spending_month")
        self.month_label.setTextFormat(Qt.TextFormat.PlainText)  # currencies are panel text
        font = self.month_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.month_label.setFont(font)
        self.month_caption = QLabel(self.tr("Spent this month"), objectName="spending_caption")
        # The demo panel's simulated spending: apart from real money, labelled.
        self.demo_label = QLabel(objectName="spending_demo")
        self.demo_label.setTextFormat(Qt.TextFormat.PlainText)
        self.demo_label.setWordWrap(True)
        self.demo_label.setStyleSheet("color: #6d6d6d;")
        self.demo_label.hide()
        self.bucket_box = QComboBox(objectName="spending_bucket")
        self.bucket_box.setAccessibleName(self.tr("Chart period"))
        self.bucket_box.addItem(self.tr("Per day (30 days)"), "day")
        self.bucket_box.addItem(self.tr("Per week (12 weeks)"), "week")
        self.currency_box = QComboBox(objectName="spending_currency")
        self.currency_box.setAccessibleName(self.tr("Currency"))
        self.currency_box.setToolTip(self.tr("Panels bill in their own currency: one at a time"))
        self.currency_box.hide()
        self.table = QTableWidget(0, 3, objectName="spending_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Panel"), self.tr("This month"), self.tr("All time")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(170)
        keyboard_table(self.table, self.tr("Spending per panel"))
        self.notice = TableNotice(self.table)  # what fills an empty page
        self.chart, self.chart_view = money_chart(
            "spending_chart", 260, self.tr("Spending chart"),
            self.tr("The same amounts per panel are in the table above"))
        self.chart.plotAreaChanged.connect(lambda _area: self._fit_labels())  # a resize

        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.month_caption)
        left.addWidget(self.month_label)
        left.addWidget(self.demo_label)
        top.addLayout(left)
        top.addStretch(1)
        top.addWidget(self.currency_box)
        top.addWidget(self.bucket_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.chart_view, 1)
        self.bucket_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.currency_box.currentIndexChanged.connect(lambda _i: self._render_chart())
        # Read when first shown (or asked): a million orders' spending is not start-up work.
        self._stale = True

    def set_panel(self, panel_id: str | None) -> None:
        self.panel_id = panel_id or None
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self._generation += 1
        self.runner.submit(_load, self.workspace, self._generation,
                           self.bucket_box.currentData(), self.panel_id,
                           on_result=self._loaded, task_name="spending")

    def _loaded(self, value: tuple[int, SpendingData]) -> None:
        generation, data = value
        if generation != self._generation:
            return
        self.data = data
        currencies = sorted({c or "" for _, c, _ in data.all_time})
        current = self.currency_box.currentData()
        self.currency_box.blockSignals(True)
        self.currency_box.clear()
        for c in currencies:
            self.currency_box.addItem(c or self.tr("(unknown)"), c)
        if current in currencies:
            self.currency_box.setCurrentIndex(currencies.index(current))
        self.currency_box.blockSignals(False)
        self.currency_box.setVisible(len(currencies) > 1)
        self._render_totals()
        self._render_chart()
        self.loaded.emit(data)

    def _render_totals(self) -> None:
        data = self.data
        assert data is not None
        self.month_label.setText(_sum_text(data.month, format_charge)
                                 or format_charge(Decimal(0), None))
        self.month_label.setToolTip(literal(_sum_text(data.month, format_exact)))
        self.month_caption.setText(self.tr("Simulated this month (demo panel)") if data.simulated
                                   else self.tr("Spent this month"))
        if data.demo_all_time:
            self.demo_label.setText(self.tr(
                "Demo panel, simulated and not counted above: %1 this month").replace(
                "%1", _sum_text(data.demo_month, format_charge)
                or format_charge(Decimal(0), None)))
        self.demo_label.setVisible(bool(data.demo_all_time))
        rows = self._panel_rows(data.month, data.all_time)
        demo_rows = self._panel_rows(data.demo_month, data.demo_all_time)
        self.table.setRowCount(len(rows) + len(demo_rows))
        self.notice.say("" if rows or demo_rows else self.tr(
            "No spending yet. It is counted from the orders you place with SMM Desk, per "
            "panel and per day."))
        simulated = self.tr("%1 (simulated)")
        for row, ((pid, cur), (m, total)) in enumerate(rows + demo_rows):
            name = data.names.get(pid, pid)
            if pid in data.demo_ids:
                name = simulated.replace("%1", name)
            cells = [name, format_charge(m, cur), format_charge(total, cur)]
            exact = ["", format_exact(m, cur), format_exact(total, cur)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(literal(exact[col]) or "")
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        describe_rows(self.table)

    @staticmethod
    def _panel_rows(month_totals: list[tuple[str, str | None, Decimal]],
                    all_time: list[tuple[str, str | None, Decimal]]
                    ) -> list[tuple[tuple[str, str | None], list[Decimal]]]:
        per_panel: dict[tuple[str, str | None], list[Decimal]] = {}
        for pid, cur, amount in all_time:
            per_panel.setdefault((pid, cur), [Decimal(0), Decimal(0)])[1] = amount
        for pid, cur, amount in month_totals:
            per_panel.setdefault((pid, cur), [Decimal(0), Decimal(0)])[0] = amount
        return sorted(per_panel.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))

    def _render_chart(self) -> None:
        data = self.data
        if data is None:
            return
        currency = self.currency_box.currentData() or None
        if self.currency_box.count() == 1:
            currency = self.currency_box.itemData(0) or None
        periods, series = chart_series(data.rows, currency, since=data.since, until=data.until,
                                       bucket=data.bucket)
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        bars = QStackedBarSeries()
        top = Decimal(0)
        totals = [Decimal(0)] * len(periods)
        for pid, values in sorted(series.items(), key=lambda kv: data.names.get(kv[0], kv[0])):
            bar_set = QBarSet(data.names.get(pid, pid))
            for i, v in enumerate(values):
                totals[i] += v
                bar_set.append(float(v))  # the only float: the bar's height on screen
            bars.append(bar_set)
        top = max(totals, default=Decimal(0))
        self.chart.addSeries(bars)
        # Bars are labelled by day of month (or week start) only, so a label always fits under
        # its bar; the axis title names the dates covered, in the UI language.
        locale = QLocale()

        def day_month(p: date) -> str:
            return locale.toString(QDate(p.year, p.month, p.day), "d MMM")

        labels = [str(p.day) if data.bucket == "day" else day_month(p) for p in periods]
        x = QBarCategoryAxis()
        x.append(labels)
        if periods:
            x.setTitleText(f"{day_month(periods[0])} – {day_month(periods[-1])}")
        y = QValueAxis()
        maximum, ticks, decimals = value_axis(top)
        y.setRange(0, float(maximum))
        y.setTickCount(ticks)
        y.setLabelFormat(f"%.{decimals}f")
        y.setTitleText(escape_markup(currency or ""))  # chart titles are always HTML
        self.chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(x)
        bars.attachAxis(y)
        title = (self.tr("Spending per day") if data.bucket == "day"
                 else self.tr("Spending per week"))
        self.chart.setTitle(title)
        self.chart.legend().setVisible(bool(series))
        self._fit_labels()

    def _fit_labels(self) -> None:
        """The dates under the bars upright while each fits under its bar, turned (-45° for
        week labels, -90° for day numbers) when they do not: QtCharts would cut "10"…"31" to
        "…" on a 1024-px screen."""
        axes = self.chart.axes(Qt.Orientation.Horizontal)
        if not axes or not isinstance(axes[0], QBarCategoryAxis):
            return
        x = axes[0]
        labels = x.categories()
        if not labels:
            return
        metrics = QFontMetrics(x.labelsFont())
        widest = max(metrics.horizontalAdvance(t) for t in labels) + LABEL_ROOM
        plot = self.chart.plotArea().width() or self.chart_view.width() - PLOT_MARGIN
        day = self.data is not None and self.data.bucket == "day"
        angle = 0 if plot / len(labels) >= widest else (-90 if day else -45)
        if x.labelsAngle() != angle:  # a turn changes the plot's height: no loop on width
            x.setLabelsAngle(angle)


LABEL_ROOM = 18  # QtCharts elides a label with less room than its width plus this
PLOT_MARGIN = 120  # the value axis and the margins, before the chart has laid out its plot

def _sum_text(totals: list[tuple[str, str | None, Decimal]],
              money: Callable[[Decimal, str | None], str]) -> str:
    """Per-panel totals summed per currency: "$1.20  ·  ₺30.00" ("" when there are none)."""
    per_currency: dict[str | None, Decimal] = {}
    for _, cur, amount in totals:
        per_currency[cur] = per_currency.get(cur, Decimal(0)) + amount
    return "  ·  ".join(money(v, c) for c, v in sorted(per_currency.items(),
                                                       key=lambda kv: kv[0] or ""))


def money_chart(name: str, min_height: int, accessible: str, description: str
                ) -> tuple[QChart, QChartView]:
    """A chart of amounts as the app's pages draw them: no animation, the legend below, the
    value axis in the person's language ("0,6" in Turkish, not "0.6"), named for a screen
    reader (whose ``description`` says where the same amounts are as text)."""
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setLocale(QLocale())
    chart.setLocalizeNumbers(True)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart, objectName=name)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(min_height)
    view.setAccessibleName(accessible)
    view.setAccessibleDescription(description)
    return chart, view


NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


def value_axis(top: Decimal, max_intervals: int = 5) -> tuple[Decimal, int, int]:
    """(maximum, tick count, decimals) for a value axis from 0 that holds ``top`` with some
    room: steps of 1, 2, 2.5 or 5 × 10ⁿ, at most ``max_intervals`` of them, and as many
    decimals as the step needs, so no two labels read the same (₺0.0148 gives 0, 0.005 …
    0.02, not 0.01, 0.01, 0.01). Decimal all the way; the chart gets floats at the end."""
    room = top * Decimal("1.1") if top > 0 else Decimal(1)
    raw = room / max_intervals
    exponent = raw.adjusted()  # raw = d.ddd × 10^exponent
    scale = Decimal(1).scaleb(exponent)
    step = next(n * scale for n in NICE_STEPS if n * scale >= raw)
    intervals = max(1, int((room / step).to_integral_value(rounding="ROUND_CEILING")))
    decimals = max(0, -step.normalize().as_tuple().exponent)  # type: ignore[operator]
    return step * intervals, intervals + 1, decimals


def _load(workspace: Workspace, generation: int, bucket: str,
          panel_id: str | None) -> tuple[int, SpendingData]:
    return generation, load_spending(workspace, bucket, panel_id)
