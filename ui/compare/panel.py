"""The Compare side panel: a service's equivalents on every connected panel, best first.

The list is computed on a worker (``Workspace.equivalents`` plus each panel's last balance and
the charge of the order being typed on that panel); the GUI thread only shows it. Double-click
or Enter asks for the order form on the chosen equivalent, with the typed values that its type
takes (``compare.carry_over``).

A price converted to the home currency reads "≈ $0.35" and its tooltip names the rate, its source
and its age (``ui.compare.prices``). The demo panel's equivalents of a real panel's service are
listed apart, after the real ones, labelled "(simulated)": the demo panel is never a route.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smmdesk import compare, servicetypes
from smmdesk.models import Panel, Service
from smmdesk.rates import Rate
from ui.compare.prices import approx_money, converted_tip, is_converted
from ui.format import (
    delivery_lines,
    format_charge,
    format_decimal,
    format_duration,
    format_money,
    format_percent,
    literal,
)
from ui.tables import ObjectRole, RowsModel, keyboard_table
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace

LIMIT = 25
log = logging.getLogger(__name__)
CONTEXT = "CompareModel"


@dataclass(frozen=True, slots=True)
class CompareRow:
    match: compare.Match
    panel: Panel
    diff_percent: Decimal | None  # price difference to the chosen service, in percent
    charge: Decimal | None  # the typed order's estimated charge there (that panel's currency)
    covers: bool | None  # its last known balance covers that charge (None: unknown)
    values: dict[str, Any]  # the typed values its type takes


@dataclass(frozen=True, slots=True)
class CompareResult:
    generation: int
    panel: Panel | None
    service: Service | None
    home: str | None
    price_home: Decimal | None
    rows: list[CompareRow]
    rates: dict[str, Rate] = field(default_factory=dict)


def load_comparison(
    workspace: Workspace, generation: int, panel_id: str, service_id: int,
    values: dict[str, Any] | None = None, limit: int = LIMIT, rank: str = "balanced",
) -> CompareResult:
    """Worker: the equivalents of one service, priced, with what each panel's balance covers."""
    try:
        panel: Panel | None = workspace.panel(panel_id)
    except KeyError:
        panel = None
    service = workspace.service(panel_id, service_id) if panel is not None else None
    if panel is None or service is None:
        return CompareResult(generation, panel, service, workspace.home_currency(), None, [])
    convert = workspace.converter()
    own_home = convert(service.rate, panel.currency)
    panels = {p.id: p for p in workspace.panels()}
    balances = {pid: workspace.last_balance(pid) for pid in panels}
    rows: list[CompareRow] = []
    for m in workspace.equivalents(panel_id, service_id, limit=limit, rank=rank):
        target = panels.get(m.panel_id)
        if target is None:
            continue
        carried = compare.carry_over(values or {}, m.service)
        charge: Decimal | None = None
        covers: bool | None = None
        if values:
            try:
                charge = servicetypes.estimate(m.service, carried)
            except (ArithmeticError, ValueError):
                charge = None
            bal = balances.get(m.panel_id)
            if charge is not None and bal is not None and charge > 0:
                covers = bal[0].amount >= charge
        diff = None
        if own_home is not None and own_home > 0 and m.price_home is not None:
            diff = (m.price_home - own_home) / own_home * 100
        rows.append(CompareRow(m, target, diff, charge, covers, carried))
    # The demo panel is never a route for a real panel: its rows come apart, after the others.
    rows.sort(key=lambda r: r.panel.is_demo != panel.is_demo)
    return CompareResult(generation, panel, service, workspace.home_currency(), own_home, rows,
                         workspace.rate_details())


class Col(enum.IntEnum):
    # The price and its difference right after the panel: a narrow dock still shows them.
    PANEL = 0
    PRICE = 1
    DIFF = 2
    NAME = 3
    LIMITS = 4
    REFILL = 5
    CANCEL = 6
    DRIPFEED = 7
    AVERAGE_TIME = 8
    BALANCE = 9
    MATCH = 10
    DELIVERY = 11  # what the person's own orders there show (``smmdesk.watch``)


HEADERS = {
    Col.PANEL: QT_TRANSLATE_NOOP("CompareModel", "Panel"),
    Col.NAME: QT_TRANSLATE_NOOP("CompareModel", "Name"),
    Col.PRICE: QT_TRANSLATE_NOOP("CompareModel", "Price / 1000"),  # per package: PACKAGE_PRICE
    Col.DIFF: QT_TRANSLATE_NOOP("CompareModel", "Difference"),
    Col.LIMITS: QT_TRANSLATE_NOOP("CompareModel", "Min–max"),
    Col.REFILL: QT_TRANSLATE_NOOP("CompareModel", "Refill"),
    Col.CANCEL: QT_TRANSLATE_NOOP("CompareModel", "Cancel"),
    Col.DRIPFEED: QT_TRANSLATE_NOOP("CompareModel", "Drip-feed"),
    Col.AVERAGE_TIME: QT_TRANSLATE_NOOP("CompareModel", "Avg time"),
    Col.BALANCE: QT_TRANSLATE_NOOP("CompareModel", "Balance covers"),
    Col.MATCH: QT_TRANSLATE_NOOP("CompareModel", "Match"),
    Col.DELIVERY: QT_TRANSLATE_NOOP("CompareModel", "Delivery"),
}
# The ranks Compare offers (``Workspace.equivalents(rank=...)``), in the order shown.
RANKS = (("balanced", QT_TRANSLATE_NOOP("ComparePanel", "Balanced")),
         ("cheapest", QT_TRANSLATE_NOOP("ComparePanel", "Cheapest")),
         ("fastest", QT_TRANSLATE_NOOP("ComparePanel", "Fastest")),
         ("reliable", QT_TRANSLATE_NOOP("ComparePanel", "Most reliable")))
PACKAGE_PRICE = QT_TRANSLATE_NOOP("CompareModel", "Price / package")
CHECK = "✓"


def _tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate(CONTEXT, text, disambiguation, n)


def delivery_text(match: compare.Match) -> str:
    """The Delivery column: the record measured on the person's own orders, or that there is
    none yet (the rank then read the name's promises)."""
    st = match.stats
    if st is None or not st.enough:
        return _tr("no record yet")
    parts = []
    if st.start_p50_s is not None:
        parts.append(_tr("starts in %1").replace("%1", format_duration(st.start_p50_s)))
    if st.bad_rate is not None:
        parts.append(_tr("%1 not in full").replace(
            "%1", format_percent(round(st.bad_rate * 100))))
    text = " · ".join(parts) or _tr("%n order(s)", "", st.orders)
    return (_tr("Bad record: %1").replace("%1", text)) if match.bad else text


def delivery_tip(match: compare.Match) -> str:
    st = match.stats
    if st is None or not st.enough:
        return _tr("Fewer than 5 of your orders: ranked by what its name promises")
    lines = delivery_lines(st)
    if match.bad == "failures":
        lines.append(_tr("More than 30 % of its orders ended Partial or Canceled: never "
                         "offered as a cheaper route"))
    elif match.bad == "slow_start":
        lines.append(_tr("It starts more than 3 times later than this service: never "
                         "offered as a cheaper route"))
    return "\n".join(lines)


def home_money(amount: Decimal, currency: str | None) -> str:
    """A converted price: four decimals are plenty (the division leaves dozens)."""
    return format_money(amount, currency, max_decimals=4)


class CompareModel(RowsModel):
    """The equivalents, in the order given (best first)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CompareRow] = []
        self.home: str | None = None
        self.rates: dict[str, Rate] = {}
        self.package = False  # the services sell packages: prices are per package
        self.demo = False  # the compared service is on the demo panel

    def set_rows(self, rows: list[CompareRow], home: str | None,
                 rates: dict[str, Rate] | None = None, *, package: bool = False,
                 demo: bool = False) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.home = home
        self.rates = dict(rates or {})
        self.package = package
        self.demo = demo
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, Col.PRICE, Col.PRICE)

    def row_at(self, row: int) -> CompareRow:
        return self._rows[row]

    RIGHT_ALIGNED = frozenset({Col.PRICE, Col.DIFF, Col.MATCH})

    def shown_rows(self) -> list[CompareRow]:
        return self._rows

    def column_count(self) -> int:
        return len(Col)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(Col)):
            if section == Col.PRICE and self.package:
                return _tr(PACKAGE_PRICE)
            return _tr(HEADERS[Col(section)])
        return None

    def cell(self, row: CompareRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == ObjectRole:
            return row
        return None

    def _display(self, row: CompareRow, col: int) -> str | None:
        s = row.match.service
        if col == Col.PANEL:
            if row.panel.is_demo:
                return _tr("%1 (simulated)").replace("%1", row.panel.name)
            return row.panel.name
        if col == Col.NAME:
            return s.name
        if col == Col.PRICE:
            if row.match.price_home is not None:
                return approx_money(row.match.price_home, self.home,
                                    converted=is_converted(row.panel.currency, self.home))
            return format_money(s.rate, row.panel.currency)
        if col == Col.DIFF:
            if row.diff_percent is None:
                return ""
            return format_percent(row.diff_percent, decimals=1, signed=True)
        if col == Col.LIMITS:
            return f"{format_decimal(Decimal(s.min), min_decimals=0)}–" \
                   f"{format_decimal(Decimal(s.max), min_decimals=0)}"
        if col == Col.REFILL:
            return CHECK if s.refill else ""
        if col == Col.CANCEL:
            return CHECK if s.cancel else ""
        if col == Col.DRIPFEED:
            return CHECK if s.dripfeed else ""
        if col == Col.AVERAGE_TIME:
            return s.average_time or ""
        if col == Col.BALANCE:
            if row.covers is None:
                return ""
            return _tr("yes") if row.covers else _tr("no")
        if col == Col.MATCH:
            return format_percent(round(row.match.score * 100))
        if col == Col.DELIVERY:
            return delivery_text(row.match)
        return None

    def tooltip(self, row: CompareRow, col: int) -> str | None:
        s = row.match.service
        if col == Col.NAME:
            return s.name
        if col == Col.PANEL and row.panel.is_demo and not self.demo:
            return _tr("The demo panel simulates orders: listed apart, never offered as a "
                       "cheaper route")
        if col == Col.PRICE:
            original = format_money(s.rate, row.panel.currency)
            if row.match.price_home is None:
                return _tr("No exchange rate for %1: shown in the panel's own currency and "
                           "not compared").replace("%1", row.panel.currency or "?")
            currency = row.panel.currency
            tip = converted_tip(original, self.rates.get((currency or "").strip().upper()),
                                currency, self.home)
            return tip or _tr("On the panel: %1").replace("%1", original)
        if col == Col.BALANCE and row.charge is not None:
            return _tr("This order there: about %1").replace(
                "%1", format_charge(row.charge, row.panel.currency))
        if col == Col.MATCH:
            return _tr("How alike the two services are (platform, product and type agree; "
                       "country, refill, quality and speed rank)")
        if col == Col.DELIVERY:
            return delivery_tip(row.match)
        return None


class ComparePanel(QWidget):
    """The side panel. ``set_subject`` loads; ``orderRequested`` on double-click or Enter."""

    orderRequested = Signal(str, int, object)  # panel_id, service_id, values to carry over
    loaded = Signal(int)  # rows shown (tests, scripts)

    def __init__(self, workspace: Workspace, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compare_panel")
        self.workspace = workspace
        self.runner = runner
        self._generation = 0
        self.result: CompareResult | None = None
        self.title = QLabel(objectName="compare_title")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.rank = QComboBox(objectName="compare_rank")
        for key, label in RANKS:
            self.rank.addItem(QCoreApplication.translate("ComparePanel", label), key)
        self.rank.setAccessibleName(self.tr("Rank by"))
        self.rank.setToolTip(self.tr("Rank the equivalents by price, by how fast your orders "
                                     "there started, by how often they delivered in full, or "
                                     "all of these (balanced)"))
        self.rank.currentIndexChanged.connect(self._rank_changed)
        self._subject: tuple[str, int, dict[str, Any]] | None = None
        self.status = QLabel(objectName="compare_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.model = CompareModel(self)
        self.table = QTableView(objectName="compare_table")
        self.table.setModel(self.model)
        keyboard_table(self.table, self.tr("Equivalent services"),
                       self.tr("Enter or double-click: order on that panel"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().resizeSection(Col.PANEL, 110)
        self.table.horizontalHeader().resizeSection(Col.NAME, 240)
        self.setMinimumWidth(320)  # the table scrolls sideways; a small screen has no more
        self.table.doubleClicked.connect(self._activated)
        self.table.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        rank_row = QHBoxLayout()
        rank_label = QLabel(self.tr("&Rank by:"))
        rank_label.setBuddy(self.rank)
        rank_row.addWidget(rank_label)
        rank_row.addWidget(self.rank, 1)
        layout.addLayout(rank_row)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.title.setText(self.tr("Compare across panels"))
        self.status.setText(self.tr("Choose a service and press Compare (Ctrl+Shift+C)."))

    def set_subject(self, panel_id: str, service_id: int,
                    values: dict[str, Any] | None = None) -> None:
        """Show the equivalents of this service; ``values``: the order being typed, if any."""
        self._subject = (panel_id, int(service_id), dict(values or {}))
        self._generation += 1
        self.status.setText(self.tr("Looking for the same service on your panels…"))
        self.runner.submit(
            load_comparison, self.workspace, self._generation, panel_id, int(service_id),
            dict(values or {}), LIMIT, self.rank.currentData() or "balanced",
            on_result=self._loaded, on_error=self._failed, task_name="compare",
        )

    def _rank_changed(self) -> None:
        if self._subject is not None:
            self.set_subject(*self._subject)

    def rank_reason(self, rows: list[CompareRow]) -> str:
        """Which it used: the measured record where there were at least 5 orders, else the
        names' promises."""
        measured = sum(1 for r in rows if r.match.basis == "stats")
        bad = sum(1 for r in rows if r.match.bad)
        text = self.tr("Ranked %1: %2 of %3 by your own orders there (at least 5), the "
                       "others by what their names promise.").replace(
            "%1", self.rank.currentText().lower()).replace("%2", str(measured)).replace(
            "%3", str(len(rows)))
        if bad:
            text += " " + self.tr("%n with a bad record (many Partial or Canceled, or a slow "
                                  "start) ranked last.", "", bad)
        return text

    def _loaded(self, result: CompareResult) -> None:
        if result.generation != self._generation:
            return
        self.result = result
        # ids and how each was ranked (no panel text): what an end-to-end test reads
        log.info("compare %s/%s ranked %s: %s", result.panel.id if result.panel else "-",
                 result.service.id if result.service else "-", self.rank.currentData(),
                 "; ".join(f"{r.match.panel_id}/{r.match.service.id} {r.match.basis}"
                           + (f" bad:{r.match.bad}" if r.match.bad else "")
                           for r in result.rows))
        package = (result.service is not None
                   and servicetypes.type_of(result.service)[0].package)
        self.model.set_rows(result.rows, result.home, result.rates, package=package,
                            demo=bool(result.panel and result.panel.is_demo))
        if result.service is None or result.panel is None:
            self.title.setText(self.tr("Compare across panels"))
            self.status.setText(self.tr("This service is not in the panel's list (any more)."))
        else:
            self.title.setText(self.tr("%1 on %2").replace("%1", result.service.name)
                               .replace("%2", result.panel.name))
            if not result.rows:
                self.status.setText(self.tr(
                    "No equivalent found on your panels (the same platform, product and type)."))
            else:
                currency = result.panel.currency
                converted = is_converted(currency, result.home)
                price = (approx_money(result.price_home, result.home, converted=converted)
                         if result.price_home is not None
                         else format_money(result.service.rate, currency))
                if package:
                    text = self.tr("Here: %1 per package. Best matches first; "
                                   "double-click or Enter to order there.")
                else:
                    text = self.tr("Here: %1 per 1000. Best matches first; "
                                   "double-click or Enter to order there.")
                self.status.setText(text.replace("%1", price) + " "
                                    + self.rank_reason(result.rows))
                tip = ""
                if converted and result.price_home is not None:
                    tip = converted_tip(format_money(result.service.rate, currency),
                                        result.rates.get((currency or "").strip().upper()),
                                        currency, result.home)
                self.status.setToolTip(literal(tip) if tip else "")
        if result.rows:
            self.table.selectRow(0)
        self.loaded.emit(len(result.rows))

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("The comparison failed: %1").replace("%1", str(exc)))
        self.loaded.emit(0)

    def current(self) -> CompareRow | None:
        index = self.table.currentIndex()
        return index.data(ObjectRole) if index.isValid() else None

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self._request(index.data(ObjectRole))

    def _request(self, row: CompareRow | None) -> None:
        if row is not None:
            self.orderRequested.emit(row.panel.id, row.match.service.id, dict(row.values))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._request(self.current())
            return True
        return super().eventFilter(watched, event)
