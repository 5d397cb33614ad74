"""The app's tables share one set of item roles and one table set-up."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from smmdesk.workspace import Workspace
from ui import tables
from ui.compare import panel as compare_panel
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
