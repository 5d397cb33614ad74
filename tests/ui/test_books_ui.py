"""The reseller's pages (issue 26): Customers (balance due, a payment, a statement saved as PDF
and CSV) and Reports (the ledger's rows and total, CSV), over a real workspace and the
simulator; and the main window carries both pages after the automation's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from smmdesk.export import read_orders_csv
from smmdesk.models import OrderState, OrderStatus, Service
from smmdesk.workspace import Workspace
from ui.customers.view import CustomersView
from ui.reports.view import ReportsView
from ui.tasks import TaskRunner

D = Decimal


def sim_service(ws: Workspace, simulator) -> tuple[str, Service]:
    """The simulator as a panel (its currency, USD, the home one) and a Default service."""
    pid = ws.add_panel("Sim", simulator.url, simulator.key).id
    ws.refresh_services(pid)
    ws.balance(pid)
    return pid, next(r.service for r in ws.services(pid) if r.service.type == "Default")


def sold(ws: Workspace, simulator) -> tuple[int, int]:
    """A customer with two orders (one Completed at 2.00, sold at 10.00; one at 5.00)."""
    pid, s = sim_service(ws, simulator)
    ayse = ws.add_customer("Ayşe <b>Yılmaz</b>")
    a = ws.place_order(pid, s.id, {"link": "https://instagram.com/a", "quantity": "1000"},
                       customer_id=ayse.id, sell_price=D("10.00"))
    ws.place_order(pid, s.id, {"link": "https://instagram.com/b", "quantity": "1000"},
                   customer_id=ayse.id, sell_price=D("5.00"))
    ws.store.orders.apply_statuses(pid, {a.remote_id: OrderStatus(
        a.remote_id, OrderState.COMPLETED, "Completed", charge=D("2.00"), remains=0)})
    return ayse.id, a.id


def test_customers_page_shows_the_balance_takes_a_payment_and_saves_a_statement(
        qtbot, ws: Workspace, runner: TaskRunner, simulator, tmp_path: Path) -> None:
    customer_id, _ = sold(ws, simulator)
    view = CustomersView(ws, runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.reload()
    assert view.table.rowCount() == 1
    assert view.table.item(0, 0).text() == "Ayşe <b>Yılmaz</b>"  # a name is text
    assert "15" in view.table.item(0, 5).text()  # balance due 15.00
    view.table.selectRow(0)
    dialog = view.record_payment()
    assert dialog is not None
    dialog.amount_edit.setText("1.234")  # three decimals: refused, never rounded
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.problem.text()
    dialog.amount_edit.setText("6,50")
    with qtbot.waitSignal(view.loaded, timeout=10000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert ws.customer_balance(customer_id) == D("8.50")
    assert "8.5" in view.table.item(0, 5).text()
    # the statement, as PDF and as CSV
    now = datetime.now(UTC)
    pdf = tmp_path / "statement.pdf"
    with qtbot.waitSignal(view.saved, timeout=10000):
        view.save_statement(customer_id, now - timedelta(days=1), now + timedelta(days=1), pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"%%EOF" in data[-64:]
    # the document's title (its Info dictionary) is the customer's name, as typed
    assert "Ayşe <b>Yılmaz</b>".encode("utf-16-be") in data
    csv = tmp_path / "statement.csv"
    with qtbot.waitSignal(view.saved, timeout=10000):
        view.save_statement(customer_id, now - timedelta(days=1), now + timedelta(days=1), csv,
                            "csv")
    text = csv.read_text(encoding="utf-8-sig")
    assert "Ayşe <b>Yılmaz</b>" in text and "8.50" in text and "Completed" in text


def test_reports_page_shows_the_ledger_and_its_total(qtbot, ws: Workspace, runner: TaskRunner,
                                                     simulator, tmp_path: Path) -> None:
    sold(ws, simulator)
    view = ReportsView(ws, runner)
    qtbot.addWidget(view)
    view.by_box.setCurrentIndex(view.by_box.findData("customer"))
    with qtbot.waitSignal(view.loaded, timeout=10000) as blocker:
        view.reload()
    data = blocker.args[0]
    assert [r.label for r in data.rows] == ["Ayşe <b>Yılmaz</b>"]
    assert data.total.revenue == D("15.00")
    assert view.table.rowCount() == 2  # the customer and the total
    assert view.table.item(1, 0).text() == "Total"
    assert "15" in view.table.item(1, 2).text()
    assert view.table.horizontalHeaderItem(0).text() == "Customer"
    out = tmp_path / "report.csv"
    assert view.export_csv(out) == 1
    rows = read_orders_csv(out)
    assert rows[-1]["Customer"] == "Total" and rows[-1]["Revenue"] == "15.00"


def test_the_main_window_has_customers_and_reports_after_the_automation_pages(
        qtbot, make_window) -> None:
    w = make_window().window
    titles = [e.title.replace("&", "") for e in w.page_entries]
    # (the provider watch's "What changed" comes last: issue 27)
    assert titles[-5:] == ["Scheduled", "Alerts", "Customers", "Reports", "What changed"]
    assert w.pages.indexOf(w.books.reports_view) == len(titles) - 2


def test_the_margin_alert_is_worded_in_the_persons_language(ws: Workspace, simulator) -> None:
    from smmdesk.schedules import AlertKind
    from ui.alerts.view import alert_text, alert_title

    pid, s = sim_service(ws, simulator)
    ann = ws.add_customer("Ann")
    ws.set_price_rule(D(5), panel_id=pid, service_id=s.id, customer_id=ann.id)
    simulator.update_service(s.id, rate=str(s.rate * 3))
    ws.refresh_services(pid)
    [alert] = [a for a in ws.alerts() if a.kind is AlertKind.MARGIN]
    assert alert_title(alert) == "Margin under your minimum"
    text = alert_text(alert)
    assert f"#{s.id}" in text and f"{alert.data['margin']}%" in text and "10.0%" in text
    assert D(alert.data["margin"]) < 10 and text.endswith("Customers: Ann.")


def test_the_orders_page_shows_customer_sell_price_and_profit_once_a_customer_exists(
        qtbot, ws: Workspace, runner: TaskRunner, simulator) -> None:
    from ui.orders.model import Col
    from ui.orders.view import OrdersView as HistoryView

    pid, s = sim_service(ws, simulator)
    o = ws.place_order(pid, s.id, {"link": "https://instagram.com/a", "quantity": "1000"})
    view = HistoryView(ws, runner, autostart=False)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.model.booksChanged, timeout=10000):
        view.apply_filter_now()
    header = view.table.horizontalHeader()
    assert all(header.isSectionHidden(c) for c in (Col.CUSTOMER, Col.SELL_PRICE, Col.PROFIT))
    ayse = ws.add_customer("Ayşe")
    ws.assign_orders([o.id], ayse.id, sell_price=D("9.00"))
    ws.store.orders.apply_statuses(pid, {o.remote_id: OrderStatus(
        o.remote_id, OrderState.COMPLETED, "Completed", charge=D("2.50"), remains=0)})
    view.apply_filter_now()
    # Waits for the page that knows the books (an earlier reload may still land before it).
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() == 1
                    and view.model.data(view.model.index(0, Col.CUSTOMER)) == "Ayşe",
                    timeout=10000)
    qtbot.waitUntil(lambda: not any(header.isSectionHidden(c) for c in (
        Col.CUSTOMER, Col.SELL_PRICE, Col.PROFIT)), timeout=10000)
    for c in (Col.CUSTOMER, Col.SELL_PRICE, Col.PROFIT):  # shown as wide as their titles
        title = str(view.model.headerData(c, Qt.Orientation.Horizontal))
        assert header.sectionSize(c) >= header.fontMetrics().horizontalAdvance(title)
    m = view.model
    assert m.data(m.index(0, Col.CUSTOMER)) == "Ayşe"
    assert "9.00" in m.data(m.index(0, Col.SELL_PRICE))
    assert "6.50" in m.data(m.index(0, Col.PROFIT))
    # the search finds the customer's name, typed the way people type it
    ws.place_order(pid, s.id, {"link": "https://instagram.com/b", "quantity": "1000"})
    view.search.setText("AYSE")
    view.apply_filter_now()
    qtbot.waitUntil(lambda: not view.model.loading, timeout=10000)
    assert [m.order_at(r).id for r in range(m.rowCount())] == [o.id]


def test_several_orders_are_sold_to_a_customer_from_the_orders_page(
        qtbot, ws: Workspace, runner: TaskRunner, simulator) -> None:
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    from ui.orders.view import OrdersView as HistoryView

    pid, s = sim_service(ws, simulator)
    orders = [ws.place_order(pid, s.id, {"link": f"https://instagram.com/{i}",
                                          "quantity": "1000"}) for i in range(3)]
    bob = ws.add_customer("Bob")
    ws.set_price_rule(D(50))
    view = HistoryView(ws, runner, autostart=False)
    qtbot.addWidget(view)
    view.apply_filter_now()
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() == 3,
                    timeout=10000)
    m = view.model
    picked = {orders[0].id, orders[2].id}
    selection = QItemSelection()
    for r in range(m.rowCount()):
        if m.order_at(r).id in picked:
            selection.select(m.index(r, 0), m.index(r, 0))
    view.table.selectionModel().select(
        selection, QItemSelectionModel.SelectionFlag.Select
        | QItemSelectionModel.SelectionFlag.Rows)
    assert set(view.selected_ids()) == picked and view.action_sell.isEnabled()
    dialog = view.open_sale_dialog(view.selected_ids(), ws.customers(), "USD")
    assert dialog.customer_id() == bob.id
    dialog.price_edit.setText("abc")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.problem.text()  # refused, nothing changed
    dialog.price_edit.setText("")  # each its rules' price
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: m.order_at(m.row_of(orders[0].id)).customer_id == bob.id,
                    timeout=10000)  # the rows shown follow, without a reload
    sold = {o.id: o for o in ws.store.orders.get_orders(o.id for o in orders)}
    expected = (s.rate * D("1.5")).quantize(D("0.01"), rounding=ROUND_CEILING)
    assert {i for i, o in sold.items() if o.customer_id == bob.id} == picked
    assert all(sold[i].sell_price == expected for i in picked)
    assert sold[orders[1].id].customer_id is None
    from ui.orders.model import Col

    qtbot.waitUntil(lambda: not view.table.horizontalHeader().isSectionHidden(Col.CUSTOMER),
                    timeout=10000)
    rows = {m.order_at(r).id: r for r in range(m.rowCount())}
    assert m.data(m.index(rows[orders[0].id], Col.CUSTOMER)) == "Bob"


def test_price_rules_are_added_replaced_refused_and_deleted(qtbot, ws: Workspace,
                                                            runner: TaskRunner) -> None:
    from ui.customers.rules import PriceRulesDialog

    ann = ws.add_customer("Ann")
    dialog = PriceRulesDialog(ws, runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.customer_box.count() == 2, timeout=10000)
    dialog.markup_edit.setText("30")
    dialog.round_edit.setText("0,05")
    assert dialog.add_rule()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
    assert dialog.table.item(0, 0).text() == "Everything"
    assert ws.price_rules()[0].round_to == D("0.05")
    dialog.customer_box.setCurrentIndex(dialog.customer_box.findData(ann.id))
    dialog.markup_edit.setText("12.5")
    dialog.round_edit.setText("")
    dialog.category_edit.setText("Instagram")  # a customer's rule is not per category
    assert not dialog.add_rule() and dialog.problem.text()
    dialog.category_edit.setText("")
    dialog.minimum_edit.setText("1.234")  # refused, never rounded
    assert not dialog.add_rule()
    dialog.minimum_edit.setText("2")
    assert dialog.add_rule()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10000)
    assert dialog.table.item(0, 0).text() == "Customer Ann"  # the most specific first
    rule = next(r for r in ws.price_rules() if r.customer_id == ann.id)
    assert (rule.markup_percent, rule.minimum) == (D("12.5"), D("2"))
    dialog.table.selectRow(0)
    dialog.delete_selected()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
    assert [r.scope for r in ws.price_rules()] == ["everything"]


def test_with_only_the_demo_panel_the_reports_show_its_orders_as_simulated(
        qtbot, ws: Workspace, runner: TaskRunner, simulator) -> None:
    demo = ws.add_panel("Demo", simulator.url, simulator.key, is_demo=True)
    ws.refresh_services(demo.id)
    ws.balance(demo.id)  # its currency
    s = next(r.service for r in ws.services(demo.id) if r.service.type == "Default")
    ws.place_order(demo.id, s.id, {"link": "https://instagram.com/d", "quantity": "1000"},
                   sell_price=D("4.00"))
    view = ReportsView(ws, runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10000) as blocker:
        view.reload()
    assert blocker.args[0].simulated and blocker.args[0].total.revenue == D("4.00")
    assert view.simulated_label.isVisibleTo(view)
    ws.add_panel("Real", "http://127.0.0.1:9/api/v2", "k" * 16)  # a real panel (no orders)
    with qtbot.waitSignal(view.loaded, timeout=10000) as blocker:
        view.reload()
    assert not blocker.args[0].simulated and blocker.args[0].rows == []  # real money only


def test_the_minimum_margin_is_a_preference(qtbot, make_window) -> None:
    from ui.shell.automation_prefs import AutomationDialog, load_prefs

    ctx = make_window()
    dialog = AutomationDialog(ctx.workspace, ctx.runner, ctx.window.automation.tray,
                              load_prefs(ctx.workspace), parent=ctx.window)
    assert dialog.alert_margin.isChecked() and dialog.margin_percent.value() == 10  # default
    dialog.margin_percent.setValue(25)
    dialog.save()
    qtbot.waitUntil(
        lambda: ctx.workspace.automation_settings().min_margin_percent == D(25), timeout=10_000)


def test_show_orders_puts_a_customers_orders_on_the_orders_page(
        qtbot, make_window, simulator) -> None:
    ctx = make_window()
    ws, w = ctx.workspace, ctx.window
    pid, s = sim_service(ws, simulator)
    ann = ws.add_customer("Ann")
    mine = ws.place_order(pid, s.id, {"link": "https://instagram.com/ann", "quantity": "1000"},
                          customer_id=ann.id, sell_price=D("2"))
    ws.place_order(pid, s.id, {"link": "https://instagram.com/x", "quantity": "1000"})
    view = w.books.customers_view
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.reload()
    assert view.selected() is not None  # the first customer, ready
    view.orders_button.click()
    history = w.history_view
    assert history.customer_chip.isVisibleTo(history) and "Ann" in history.customer_chip.text()
    qtbot.waitUntil(lambda: not history.model.loading and history.model.rowCount() == 1,
                    timeout=10000)
    assert history.model.order_at(0).id == mine.id
    history.customer_chip.click()  # everyone's again
    qtbot.waitUntil(lambda: not history.model.loading and history.model.rowCount() == 2,
                    timeout=10000)
