"""The services and history tables share one set of item roles and one table set-up."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from smmdesk.workspace import Workspace
from ui import tables
from ui.compare import panel as compare_panel
from ui.history import model as history_model
from ui.history.view import HistoryView
from ui.orders.mass_order import MassOrderModel
from ui.services import model as services_model
from ui.services.view import ServicesView
from ui.tasks import TaskRunner


def test_the_models_use_one_set_of_roles() -> None:
    for name in ("SortRole", "ObjectRole"):
        assert getattr(services_model, name) == getattr(history_model, name) == getattr(
            tables, name) == getattr(MassOrderModel, name)
    assert compare_panel.ObjectRole == tables.ObjectRole
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
    history = HistoryView(ws, runner, autostart=False)
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
