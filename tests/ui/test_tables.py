"""The app's tables share one set of item roles and one table set-up."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from smmdesk.workspace import Workspace
from ui import tables
from ui.compare import panel as compare_panel
from ui.format import format_money
from ui.order_form.mass_order import MassOrderModel
from ui.orders import model as history_model
from ui.orders.view import OrdersView
from ui.schedules import view as schedules_view
from ui.services import model as services_model
from ui.services.view import ServicesView
from ui.tasks import TaskRunner


def test_the_models_use_one_set_of_roles() -> None:
    for name in ("SortRole", "ObjectRole"):
        assert getattr(services_model, name) == getattr(history_model, name) == getattr(
            tables, name) == getattr(MassOrderModel, name)
    assert compare_panel.ObjectRole == schedules_view.ObjectRole == tables.ObjectRole
    assert schedules_view.SortRole == tables.SortRole
    roles = [tables.SortRole, tables.ObjectRole, tables.ProgressRole, tables.StatusKeyRole]
    assert len(set(roles)) == len(roles)
    assert min(roles) > Qt.ItemDataRole.UserRole.value - 1


def _setup(table: QTableView) -> dict[str, object]:
    v, h = table.verticalHeader(), table.horizontalHeader()
    return {
        "rows": table.selectionBehavior(),
        "single": table.selectionMode(),
        "edit": table.editTriggers(),
        "alternate": table.alternatingRowColors(),
        "grid": table.showGrid(),
        "wrap": table.wordWrap(),
        "elide": table.textElideMode(),
        "sorting": table.isSortingEnabled(),
        "menu": table.contextMenuPolicy(),
        "scroll": table.verticalScrollMode(),
        "row_numbers": v.isVisibleTo(table),
        "row_height": v.defaultSectionSize(),
        "row_resize": v.sectionResizeMode(0) if v.count() else QHeaderView.ResizeMode.Fixed,
        "movable": h.sectionsMovable(),
        "highlight": h.highlightSections(),
        "stretch_last": h.stretchLastSection(),
        "align": h.defaultAlignment(),
    }


def test_both_tables_are_set_up_alike(qtbot, ws: Workspace, runner: TaskRunner) -> None:
    services = ServicesView()
    history = OrdersView(ws, runner, autostart=False)
    for w in (services, history):
        qtbot.addWidget(w)
    a, b = _setup(services.table), _setup(history.table)
    # The Orders page selects several rows (Sell to customer… gives them all a customer; the
    # other actions act on the current row): the one difference.
    assert b.pop("single") == QAbstractItemView.SelectionMode.ExtendedSelection
    assert a.pop("single") == QAbstractItemView.SelectionMode.SingleSelection
    assert a == b
    assert a["edit"] == QAbstractItemView.EditTrigger.NoEditTriggers
    assert a["rows"] == QAbstractItemView.SelectionBehavior.SelectRows
    # Every column at least as wide as its title (plus the sort arrow).
    for table in (services.table, history.table):
        header, model = table.horizontalHeader(), table.model()
        for col in range(model.columnCount()):
            title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
            if title and not header.isSectionHidden(col):  # (the books' until a customer)
                assert header.sectionSize(col) >= header.fontMetrics().horizontalAdvance(title)


def test_the_schedules_table_answers_the_shared_roles(ws: Workspace, simulator) -> None:
    """A script (or a proxy) reading the Scheduled page's rows asks ``tables.ObjectRole`` for
    the schedule and ``tables.SortRole`` for the sort value, as on every other table (the page
    once numbered its own two roles the other way round)."""
    from datetime import UTC, datetime, timedelta

    panel = ws.add_panel("Sim", simulator.url, simulator.key)
    ws.refresh_services(panel.id)
    ws.schedule_order(panel.id, 1, {"link": "https://instagram.com/p/r", "quantity": "200"},
                      first_run=datetime.now(UTC) + timedelta(hours=1))
    model = schedules_view.ScheduleModel()
    model.set_rows(schedules_view.load_rows(ws))
    schedule = model.data(model.index(0, 0), tables.ObjectRole)
    assert schedule is not None and schedule.service_id == 1
    runs = schedules_view.ScheduleModel.COLUMNS.index("runs")
    assert model.data(model.index(0, runs), tables.SortRole) == 0


class _Money(tables.RowsModel):
    """A two-column list of (name, Decimal price) rows on the shared base."""

    RIGHT_ALIGNED = frozenset({1})

    def __init__(self, rows: list[tuple[str, Decimal]]) -> None:
        super().__init__()
        self.rows = rows

    def shown_rows(self) -> list[tuple[str, Decimal]]:
        return self.rows

    def column_count(self) -> int:
        return 2

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Service", "Price")[section]
        return None

    def cell(self, row: tuple[str, Decimal], column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return row[0] if column == 0 else format_money(row[1], "USD")
        if role == tables.ObjectRole:
            return row
        return None

    def tooltip(self, row: tuple[str, Decimal], column: int) -> str | None:
        return row[0] if column == 0 else None


def test_the_rows_model_base_answers_the_shared_roles(qapp) -> None:
    hostile = "<img src=x><b>Likes</b>"
    model = _Money([(hostile, Decimal("1234.5")), ("Views", Decimal("0.9"))])
    first, price = model.index(0, 0), model.index(0, 1)
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert (model.rowCount(first), model.columnCount(first)) == (0, 0)  # flat: no children
    flags = model.flags(first)
    assert flags & Qt.ItemFlag.ItemIsSelectable and flags & Qt.ItemFlag.ItemIsEnabled
    assert flags & Qt.ItemFlag.ItemNeverHasChildren and not flags & Qt.ItemFlag.ItemIsEditable
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags
    # the cell's own roles: its text (the money as Decimal formats it) and its object
    assert model.data(first) == hostile and model.data(price) == "$1,234.50"
    assert model.data(price, tables.ObjectRole) == (hostile, Decimal("1234.5"))
    # panel text in a tooltip is shown as typed, never read as markup
    tip = model.data(first, Qt.ItemDataRole.ToolTipRole)
    assert tip is not None and "<img" not in tip and "&lt;img src=x&gt;" in tip
    assert model.data(price, Qt.ItemDataRole.ToolTipRole) is None
    # money and numbers right-aligned, text not
    assert model.data(price, Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert model.data(first, Qt.ItemDataRole.TextAlignmentRole) is None
    # the whole row for a screen reader
    assert model.data(model.index(1, 0), Qt.ItemDataRole.AccessibleDescriptionRole) == (
        "Row 2: Service: Views; Price: $0.90")
    # outside the rows: nothing, whatever the role
    outside = model.createIndex(5, 0)
    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                 Qt.ItemDataRole.TextAlignmentRole, tables.ObjectRole):
        assert model.data(outside, role) is None
