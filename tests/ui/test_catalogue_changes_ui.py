"""The "What changed" page (issue 27, catalogue watch): a refresh's price changes shown per
panel and period in the panel's currency, reached from the window and from the price-change
alert (which opens it on its panel and the week up to it), keyboard usable, panel text plain."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from PySide6.QtCore import Qt

from smmdesk.schedules import Alert, AlertKind
from smmdesk.watch import CatalogueChange
from smmdesk.workspace import Workspace
from tests.ui.conftest import add_panel
from ui.alerts.view import AlertsView
from ui.catalogue.view import ChangesModel, ChangesView, Col, Period

TIMEOUT = 15_000


def test_a_price_alert_opens_what_changed_on_its_panel_and_period(
        qtbot, data_dir, small_sim, make_window) -> None:
    pid = add_panel(data_dir, small_sim)
    with Workspace(data_dir) as ws:
        rows = ws.services(pid)
        up, down = rows[3].service, rows[4].service
        ws.set_favourite(pid, up.id, True)
        small_sim.update_service(up.id, rate=up.rate * 2)
        small_sim.update_service(down.id, rate=down.rate / 2)
        ws.refresh_services(pid)
        raised = ws.check_alerts()
        assert [a.kind for a in raised] == [AlertKind.PRICE]
        currency = ws.panel(pid).currency
    ctx = make_window()
    w = ctx.window
    assert ctx.watch is not None
    page = ctx.watch.changes_view
    assert w.registry.index_of(page) >= 0  # a page of the window: sidebar, View menu, Ctrl+N
    alerts = w.automation.alerts_view
    w.registry.show_page(alerts)
    qtbot.waitUntil(lambda: alerts.list.count() == 1, timeout=TIMEOUT)
    alerts.list.setCurrentRow(0)
    alerts.list.setFocus()
    assert alerts.changes_button.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT):
        qtbot.keyClick(alerts.list, Qt.Key.Key_Return)  # Enter on the alert: its link
    assert w.pages.currentWidget() is page
    assert page.panel_box.currentData() == pid
    assert page.period_box.currentData() == "alert"
    assert page.period.until is not None and page.period.until >= raised[0].raised_at
    by_id = {c.service_id: c for c in page.model.rows}
    assert set(by_id) == {up.id, down.id}
    assert by_id[up.id].price_change == up.rate  # Decimal, exactly: doubled
    assert by_id[down.id].price_change == -(down.rate / 2)
    assert page.model.currency == currency
    selected = page.model.rows[page.table.currentIndex().row()]
    assert selected.service_id == up.id  # the alert's service chosen
    row = page.model.rows.index(by_id[up.id])
    assert page.model.data(page.model.index(row, Col.CHANGE)) == "Price up"
    assert page.model.data(page.model.index(page.model.rows.index(by_id[down.id]),
                                            Col.CHANGE)) == "Price down"
    assert page.model.data(page.model.index(row, Col.DIFF)).startswith("+")
    # Named controls; the table gives Tab back.
    for control in (page.panel_box, page.period_box, page.refresh_button, page.table):
        assert control.accessibleName()
    assert not page.table.tabKeyNavigation()
    # Another period by hand: the last 24 hours hold the same refresh.
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT):
        page.period_box.setCurrentIndex(page.period_box.findData("1d"))
    assert page.period.key == "1d" and len(page.model.rows) == 2


def test_a_removed_services_alert_links_to_what_changed(qtbot, ws: Workspace, runner) -> None:
    view = AlertsView(ws, runner)
    qtbot.addWidget(view)
    at = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    view.set_alerts([
        Alert(1, AlertKind.REMOVED, "removed:p1:12", "gone", at, panel_id="p1", service_id=12,
              data={"name": "Likes"}),
        Alert(2, AlertKind.BALANCE, "balance:p1", "low", at, panel_id="p1",
              data={"panel": "P", "amount": "1", "currency": "USD", "threshold": "5"}),
    ])
    view.list.setCurrentRow(1)
    assert not view.changes_button.isEnabled()  # a balance alert has no catalogue change
    view.list.setCurrentRow(0)
    assert view.changes_button.isEnabled()
    with qtbot.waitSignal(view.showChanges, timeout=10_000) as got:
        view.changes_button.click()
    assert got.args == ["p1", at, 12]
    period = Period.up_to(at)
    assert period.since is not None and period.until is not None
    assert period.since < at < period.until


def test_panel_text_is_plain_and_money_is_the_panels(qtbot, ws: Workspace, runner) -> None:
    model = ChangesModel()
    at = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    evil = '<img src="x"><b>Followers</b>'
    model.set_changes([CatalogueChange(1, "p1", at, "price", 7, evil, None, Decimal("1.25"),
                                       Decimal("1.125")),
                       CatalogueChange(2, "p1", at, "renumbered", 8, "Likes", 9,
                                       Decimal("2"), Decimal("2"))], "TRY")
    assert model.data(model.index(0, Col.SERVICE)) == f"#7 {evil}"  # shown as typed
    tip = model.data(model.index(0, Col.SERVICE), Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip  # the tooltip reads markup: escaped
    assert model.data(model.index(0, Col.CHANGE)) == "Price down"
    assert "0.125" in model.data(model.index(0, Col.DIFF), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(1, Col.SUCCESSOR)) == "#9"
    assert model.data(model.index(1, Col.CHANGE)) == "Renumbered"
    view = ChangesView(ws, runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=TIMEOUT):
        view.reload()
    assert view.model.rowCount() == 0 and view.empty.text()  # no panel: says what goes here
