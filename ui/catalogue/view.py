"""The "What changed" page (issue 27, catalogue watch): what the refreshes of a panel's
services changed over a period — new services, removed ones, renumbered ones (with the service
that took their place), prices up or down and by how much, in the panel's currency (Decimal,
every digit in the tooltip). A price-change or service-removed alert opens it on its panel and
the period up to the alert (``show_changes``), with the alert's service selected.

Everything is read through the ``Workspace`` on a worker; panel text is shown as plain text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smmdesk.models import Panel
from smmdesk.textnorm import display_text
from smmdesk.watch import CatalogueChange
from smmdesk.workspace import Workspace
from ui.format import format_charge, format_exact, format_percent, literal
from ui.orders.model import format_when
from ui.tables import ObjectRole, SortRole, TableNotice, setup_table
from ui.tasks import TaskRunner

CONTEXT = "ChangesView"
QT_TRANSLATE_NOOP = lambda context, text: text  # noqa: E731 - marker for lupdate

# The periods offered, (key, days or None for everything, title).
PERIODS: tuple[tuple[str, int | None, str], ...] = (
    ("1d", 1, QT_TRANSLATE_NOOP("ChangesView", "Last 24 hours")),
    ("7d", 7, QT_TRANSLATE_NOOP("ChangesView", "Last 7 days")),
    ("30d", 30, QT_TRANSLATE_NOOP("ChangesView", "Last 30 days")),
    ("90d", 90, QT_TRANSLATE_NOOP("ChangesView", "Last 90 days")),
    ("all", None, QT_TRANSLATE_NOOP("ChangesView", "Everything kept")),
)
DEFAULT_PERIOD = "30d"
ALERT_PERIOD_DAYS = 7  # an alert opens the page on the week up to it
KINDS = {
    "new": QT_TRANSLATE_NOOP("ChangesView", "New"),
    "removed": QT_TRANSLATE_NOOP("ChangesView", "Removed"),
    "renumbered": QT_TRANSLATE_NOOP("ChangesView", "Renumbered"),
    "up": QT_TRANSLATE_NOOP("ChangesView", "Price up"),
    "down": QT_TRANSLATE_NOOP("ChangesView", "Price down"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def kind_of(change: CatalogueChange) -> str:
    """"new", "removed", "renumbered", "up" or "down" (a price change)."""
    if change.kind == "price":
        diff = change.price_change
        return "down" if diff is not None and diff < 0 else "up"
    return change.kind


@dataclass(frozen=True)
class Period:
    """From ``since`` up to ``until`` (None: no bound); ``key`` one of ``PERIODS``' or
    "alert" (the week up to an alert)."""

    key: str
    since: datetime | None
    until: datetime | None = None

    @classmethod
    def last(cls, key: str, now: datetime | None = None) -> Period:
        days = next((d for k, d, _t in PERIODS if k == key), None)
        now = now or datetime.now(UTC)
        return cls(key, None if days is None else now - timedelta(days=days))

    @classmethod
    def up_to(cls, when: datetime) -> Period:
        # a minute past the alert: its refresh was kept a moment before it was raised
        return cls("alert", when - timedelta(days=ALERT_PERIOD_DAYS), when + timedelta(minutes=1))


@dataclass
class Loaded:
    panels: list[Panel]
    panel_id: str | None
    currency: str | None
    changes: list[CatalogueChange]


def load_changes(workspace: Workspace, panel_id: str | None, period: Period) -> Loaded:
    """The panels, and the changes of ``panel_id`` (the first panel when None) in ``period``."""
    panels = workspace.panels()
    if panel_id is None or all(p.id != panel_id for p in panels):
        panel_id = panels[0].id if panels else None
    if panel_id is None:
        return Loaded(panels, None, None, [])
    panel = next(p for p in panels if p.id == panel_id)
    return Loaded(panels, panel_id, panel.currency,
                  workspace.catalogue_changes(panel_id, since=period.since, until=period.until))


def sort_value(c: CatalogueChange, col: int) -> Any:
    return {Col.WHEN: c.at.timestamp(), Col.CHANGE: kind_of(c), Col.SERVICE: c.service_id,
            Col.SUCCESSOR: c.successor_id or 0, Col.OLD: c.old_rate or Decimal(0),
            Col.NEW: c.new_rate or Decimal(0), Col.DIFF: c.price_change or Decimal(0)}.get(col)


class Col:
    WHEN, CHANGE, SERVICE, SUCCESSOR, OLD, NEW, DIFF = range(7)
    COUNT = 7


HEADERS = (
    QT_TRANSLATE_NOOP("ChangesView", "When"),
    QT_TRANSLATE_NOOP("ChangesView", "Change"),
    QT_TRANSLATE_NOOP("ChangesView", "Service"),
    QT_TRANSLATE_NOOP("ChangesView", "Successor"),
    QT_TRANSLATE_NOOP("ChangesView", "Old price"),
    QT_TRANSLATE_NOOP("ChangesView", "New price"),
    QT_TRANSLATE_NOOP("ChangesView", "Difference"),
)


class ChangesModel(QAbstractTableModel):
    """One row per change; prices per 1000 in the panel's ``currency``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[CatalogueChange] = []
        self.currency: str | None = None

    def set_changes(self, changes: list[CatalogueChange], currency: str | None) -> None:
        self.beginResetModel()
        self.rows, self.currency = list(changes), currency
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else Col.COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < Col.COUNT):
            return _tr(HEADERS[section])
        return None

    def _money(self, amount: Decimal | None) -> str:
        return format_charge(amount, self.currency) if amount is not None else ""

    def difference_text(self, c: CatalogueChange) -> str:
        diff = c.price_change
        if diff is None:
            return ""
        sign = "+" if diff > 0 else ""
        text = sign + format_charge(diff, self.currency)
        if c.old_rate:
            text += f" ({sign}{format_percent(diff / c.old_rate * 100, decimals=1)})"
        return text

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        c, col = self.rows[index.row()], index.column()
        if role == ObjectRole:
            return c
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == Col.WHEN:
                return format_when(c.at)
            if col == Col.CHANGE:
                return _tr(KINDS[kind_of(c)])
            if col == Col.SERVICE:
                return f"#{c.service_id} {display_text(c.name)}"
            if col == Col.SUCCESSOR:
                return f"#{c.successor_id}" if c.successor_id is not None else ""
            if col == Col.OLD:
                return self._money(c.old_rate)
            if col == Col.NEW:
                return self._money(c.new_rate)
            if col == Col.DIFF:
                return self.difference_text(c)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == Col.SERVICE:
                return literal(display_text(c.name))
            if col in (Col.OLD, Col.NEW, Col.DIFF):
                amount = {Col.OLD: c.old_rate, Col.NEW: c.new_rate,
                          Col.DIFF: c.price_change}[col]
                return format_exact(amount, self.currency) if amount is not None else None
        if role == SortRole:
            return sort_value(c, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (Col.OLD, Col.NEW, Col.DIFF):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=lambda c: (sort_value(c, column), c.id),
                       reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class ChangesView(QWidget):
    """The page. ``show_changes(panel_id, period, service_id)`` opens it on a panel and period
    (an alert's link); the panel and period boxes choose them by hand."""

    loaded = Signal()

    def __init__(self, workspace: Workspace, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changes_view")
        self.workspace, self.runner = workspace, runner
        self.panel_id: str | None = None
        self.period = Period.last(DEFAULT_PERIOD)
        self._select_service: int | None = None
        self._filling = False
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        title = QLabel(self.tr("What changed"))
        title.setStyleSheet("font-weight: bold; font-size: 14pt;")
        top.addWidget(title)
        top.addStretch(1)
        panel_label = QLabel(self.tr("&Panel:"))
        self.panel_box = QComboBox(objectName="changes_panel")
        self.panel_box.setAccessibleName(self.tr("Panel"))
        panel_label.setBuddy(self.panel_box)
        period_label = QLabel(self.tr("P&eriod:"))
        self.period_box = QComboBox(objectName="changes_period")
        self.period_box.setAccessibleName(self.tr("Period"))
        period_label.setBuddy(self.period_box)
        for key, _days, text in PERIODS:
            self.period_box.addItem(_tr(text), key)
        self.period_box.setCurrentIndex(self.period_box.findData(DEFAULT_PERIOD))
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="changes_refresh")
        self.refresh_button.setAccessibleName(self.tr("Refresh what changed"))
        for w in (panel_label, self.panel_box, period_label, self.period_box,
                  self.refresh_button):
            top.addWidget(w)
        layout.addLayout(top)
        self.summary = QLabel(objectName="changes_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = ChangesModel(self)
        self.table = QTableView(objectName="changes_table")
        setup_table(self.table, self.model, name=self.tr("Catalogue changes"),
                    description=self.tr("New, removed and renumbered services and price "
                                        "changes of the chosen panel and period"),
                    widths={Col.WHEN: 140, Col.CHANGE: 110, Col.SERVICE: 360,
                            Col.SUCCESSOR: 90, Col.OLD: 100, Col.NEW: 100, Col.DIFF: 140})
        self.table.sortByColumn(Col.WHEN, Qt.SortOrder.DescendingOrder)  # newest first
        layout.addWidget(self.table, 1)
        self.empty = TableNotice(self.table)
        self.panel_box.currentIndexChanged.connect(self._panel_chosen)
        self.period_box.currentIndexChanged.connect(self._period_chosen)
        self.refresh_button.clicked.connect(self.reload)

    # -- choosing ----------------------------------------------------------------------------
    def show_changes(self, panel_id: str, period: Period, service_id: int | None = None) -> None:
        """Open on ``panel_id`` and ``period``; ``service_id``: the row to select."""
        self.panel_id, self.period, self._select_service = panel_id, period, service_id
        self._filling = True
        if period.key == "alert":
            label = _tr("The week up to the alert (%1)").replace(
                "%1", format_when(period.until - timedelta(minutes=1)
                                  if period.until is not None else None))
            at = self.period_box.findData("alert")
            if at < 0:
                self.period_box.addItem(label, "alert")
                at = self.period_box.count() - 1
            else:
                self.period_box.setItemText(at, label)
            self.period_box.setCurrentIndex(at)
        else:
            self.period_box.setCurrentIndex(max(0, self.period_box.findData(period.key)))
        self._filling = False
        self.reload()

    def _panel_chosen(self, _index: int) -> None:
        if self._filling:
            return
        self.panel_id = self.panel_box.currentData()
        self._select_service = None
        self.reload()

    def _period_chosen(self, _index: int) -> None:
        if self._filling:
            return
        key = self.period_box.currentData()
        if key != "alert":
            self.period = Period.last(key)
        self._select_service = None
        self.reload()

    # -- reading -----------------------------------------------------------------------------
    def reload(self) -> None:
        if self.period.key != "alert":
            self.period = Period.last(self.period.key)  # "the last 7 days" from now
        self.runner.submit(load_changes, self.workspace, self.panel_id, self.period,
                           on_result=self._loaded, on_error=self._failed,
                           task_name="catalogue_changes")

    def _loaded(self, got: Loaded) -> None:
        self._filling = True
        self.panel_box.clear()
        for p in got.panels:
            self.panel_box.addItem(display_text(p.name), p.id)
        self.panel_id = got.panel_id
        if got.panel_id is not None:
            self.panel_box.setCurrentIndex(self.panel_box.findData(got.panel_id))
        self._filling = False
        self.model.set_changes(got.changes, got.currency)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        counts = {k: 0 for k in KINDS}
        for c in got.changes:
            counts[kind_of(c)] += 1
        if got.panel_id is None:
            self.summary.setText("")
            self.empty.say(self.tr("No panel yet: add one, and what its refreshes change "
                                   "shows here."))
        elif not got.changes:
            self.summary.setText("")
            self.empty.say(self.tr("Nothing changed on this panel in this period. Each refresh "
                                   "of its services keeps what changed."))
        else:
            self.empty.say("")
            self.summary.setText(
                self.tr("%1 new, %2 removed, %3 renumbered, %4 price rises, %5 price drops "
                        "(prices per 1000, in %6).")
                .replace("%1", str(counts["new"])).replace("%2", str(counts["removed"]))
                .replace("%3", str(counts["renumbered"])).replace("%4", str(counts["up"]))
                .replace("%5", str(counts["down"])).replace("%6", got.currency or "—"))
        if self._select_service is not None:
            for row, c in enumerate(self.model.rows):
                if c.service_id == self._select_service:
                    self.table.setCurrentIndex(self.model.index(row, Col.SERVICE))
                    self.table.scrollTo(self.model.index(row, Col.SERVICE))
                    break
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.model.set_changes([], None)
        self.empty.say(self.tr("Could not read what changed: %1").replace("%1", str(exc)))
        self.loaded.emit()
