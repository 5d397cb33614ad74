"""One way for change to flow: an order placed by the scheduler, Run now or a mass order shows
on the Orders page and the Scheduled page at once, without F5; a schedule a tick paused never
shows as active; one placement reads the Orders list once and asks the balance once; a panel's
online state is the core's, held once and said alike everywhere. (Another program's orders:
tests/system/test_cli_with_app.py.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from smmdesk.errors import NetworkError
from smmdesk.models import SubmitState
from smmdesk.workspace import Workspace
from tests.ui.conftest import add_panel
from ui.orders.model import HistoryModel
from ui.schedules.view import ScheduleModel
from ui.shell.main_window import View

LIKES = 18  # min 200, rate 0.012345
DAY = timedelta(days=1)
TIMEOUT = 10_000
RUNS = ScheduleModel.COLUMNS.index("runs")
STATE = ScheduleModel.COLUMNS.index("state")


def likes(link: str) -> dict[str, str]:
    return {"link": link, "quantity": "200"}


def shown_orders(history) -> list[int]:
    model: HistoryModel = history.model
    return [model.order_at(r).id for r in range(model.rowCount())]


def cell(page, column: int) -> str:
    return page.model.data(page.model.index(0, column))


def open_schedules(qtbot, w):
    page = w.automation.schedules_view
    w.set_view(w.automation.schedules_index)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=TIMEOUT)
    page.table.selectRow(0)
    return page


def test_a_scheduled_run_shows_on_both_pages_at_once(qtbot, make_window, data_dir, simulator):
    pid = add_panel(data_dir, simulator)
    with Workspace(data_dir) as ws:
        ws.schedule_order(pid, LIKES, likes("https://instagram.com/p/due"),
                          first_run=datetime.now(UTC) - timedelta(seconds=5), every=DAY,
                          times=3)
    ctx = make_window()
    w = ctx.window
    page = open_schedules(qtbot, w)
    timer = w.automation.timer
    qtbot.waitUntil(lambda: not timer.busy and cell(page, RUNS) == "0/3", timeout=TIMEOUT)
    assert shown_orders(w.history_view) == []
    with qtbot.waitSignal(timer.ticked, timeout=TIMEOUT):
        timer.tick()  # the automation timer's tick places the run
    [order] = ctx.workspace.orders()
    # No F5, no page switch: the Scheduled page shown and the (hidden) Orders page follow.
    qtbot.waitUntil(lambda: cell(page, RUNS) == "1/3", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: shown_orders(w.history_view) == [order.id], timeout=TIMEOUT)
    w.set_view(View.ORDERS)
    assert w.history_view.model.order_at(0).submit_state is SubmitState.PLACED


def test_run_now_shows_on_the_orders_page_at_once(qtbot, make_window, data_dir, simulator,
                                                  monkeypatch):
    pid = add_panel(data_dir, simulator)
    ctx = make_window()
    w = ctx.window
    ctx.workspace.schedule_order(pid, LIKES, likes("https://instagram.com/p/now"),
                                 first_run=datetime.now(UTC) + DAY, every=DAY, times=3)
    page = open_schedules(qtbot, w)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: page.run_now_button.isEnabled(), timeout=TIMEOUT)
    qtbot.mouseClick(page.run_now_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(ctx.workspace.orders()) == 1, timeout=TIMEOUT)
    [order] = ctx.workspace.orders()
    qtbot.waitUntil(lambda: cell(page, RUNS) == "1/3", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: shown_orders(w.history_view) == [order.id], timeout=TIMEOUT)


def test_a_mass_order_shows_on_the_orders_page_at_once(qtbot, make_window, data_dir,
                                                       simulator):
    add_panel(data_dir, simulator)
    ctx = make_window()
    w = ctx.window
    qtbot.waitUntil(lambda: w.current_panel() is not None, timeout=TIMEOUT)
    dialog = w.open_mass_order()
    assert dialog is not None
    dialog.confirm = lambda title, text: True
    qtbot.waitUntil(lambda: dialog.catalogue is not None, timeout=TIMEOUT)
    dialog.set_text("".join(f"{LIKES} | https://instagram.com/p/m{i} | 200\n" for i in range(3)))
    qtbot.waitUntil(lambda: dialog.preview_ready, timeout=TIMEOUT)
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        assert dialog.place_now(confirm=False) is not None
    ids = sorted(o.id for o in ctx.workspace.orders())
    assert len(ids) == 3
    qtbot.waitUntil(lambda: sorted(shown_orders(w.history_view)) == ids, timeout=TIMEOUT)
    dialog.close()


def test_a_schedule_paused_by_a_tick_never_shows_as_active(qtbot, make_window, data_dir,
                                                           simulator):
    """The price rose: the timer's tick holds the due run and pauses the schedule, placing
    nothing. The page shown says so at once (it used to keep "Active 0/3")."""
    pid = add_panel(data_dir, simulator)
    with Workspace(data_dir) as ws:
        ws.schedule_order(pid, LIKES, likes("https://instagram.com/p/rise"),
                          first_run=datetime.now(UTC) - timedelta(seconds=5), every=DAY,
                          times=3)
    simulator.update_service(LIKES, rate=Decimal("0.05"))
    with Workspace(data_dir) as ws:
        ws.refresh_services(pid)
    ctx = make_window()
    w = ctx.window
    page = open_schedules(qtbot, w)
    timer = w.automation.timer
    qtbot.waitUntil(lambda: not timer.busy, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: cell(page, STATE) == "Active", timeout=TIMEOUT)
    with qtbot.waitSignal(timer.ticked, timeout=TIMEOUT):
        timer.tick()
    assert ctx.workspace.schedules()[0].paused and simulator.count("add") == 0
    qtbot.waitUntil(lambda: cell(page, STATE).startswith("Paused"), timeout=TIMEOUT)
    assert cell(page, RUNS) == "0/3"


def test_one_placement_reads_the_list_once_and_the_balance_once(qtbot, make_window, data_dir,
                                                                 simulator):
    pid = add_panel(data_dir, simulator)
    ctx = make_window()
    w = ctx.window
    qtbot.waitUntil(lambda: w._network_started, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: ctx.runner.active_count == 0, timeout=TIMEOUT)
    w.order_service(pid, LIKES)
    form = w.order_form
    qtbot.waitUntil(lambda: form.service is not None, timeout=TIMEOUT)
    form.fill(likes("https://instagram.com/p/once"))
    reloads: list[int] = []
    w.history_view.model.modelReset.connect(lambda: reloads.append(1))
    balances = simulator.count("balance")
    before = ctx.session.balance(pid)
    with qtbot.waitSignal(form.placementFinished, timeout=TIMEOUT):
        form.place_now(confirm=False)
    [order] = ctx.workspace.orders()
    qtbot.waitUntil(lambda: shown_orders(w.history_view) == [order.id], timeout=TIMEOUT)
    qtbot.waitUntil(lambda: w.history_view.model.order_at(0).submit_state
                    is SubmitState.PLACED, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: ctx.session.balance(pid) != before, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: ctx.runner.active_count == 0, timeout=TIMEOUT)
    assert simulator.count("balance") == balances + 1
    assert len(reloads) == 1  # the row recorded; the outcome updated that row in place
    # The form and the status bar show the one balance the session holds.
    assert form.balance == ctx.session.balance(pid)
    # $1,000 less 200 likes at $0.012345 per 1,000 ($0.002469): cents and two more decimals.
    assert ctx.session.balance(pid)[0].amount == Decimal("999.99753")
    assert w.balances_label.text() == "$999.9975 · just now"
    assert form.balance_after.text() == (
        "Balance after this order: $999.9951 (balance $999.9975, checked just now)")


def test_a_panel_offline_is_said_alike_everywhere(qtbot, make_window, data_dir, simulator):
    pid = add_panel(data_dir, simulator)
    ctx = make_window()
    w = ctx.window
    qtbot.waitUntil(lambda: w._network_started, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: ctx.session.online(pid) is True, timeout=TIMEOUT)
    simulator.set_fault("drop", actions=["balance"])
    with qtbot.waitSignal(ctx.session.panelOnlineChanged, timeout=TIMEOUT) as changed:
        w.fetch_balance(pid)
    assert changed.args == [pid, False]
    history = w.history_view
    # the core's word, mirrored once; the status bar, the Orders page and the timer agree
    assert ctx.workspace.is_online(pid) is False and ctx.session.is_offline(pid)
    assert history.is_offline(pid) and w.is_offline(pid) and history.sync.online(pid) is False
    assert "Offline" in w.online_label.text() and history.banner.isVisibleTo(history)
    assert history.sync.next_try_in(pid) is not None and history.sync.failures(pid) >= 1
    simulator.clear_faults()
    with qtbot.waitSignal(ctx.session.panelOnlineChanged, timeout=TIMEOUT) as changed:
        w.fetch_balance(pid)
    assert changed.args == [pid, True]
    assert not history.is_offline(pid) and "Online" in w.online_label.text()
    assert not history.banner.isVisibleTo(history) and history.sync.failures(pid) == 0


def test_errors_are_the_sessions_words(qtbot, make_window, data_dir, simulator):
    pid = add_panel(data_dir, simulator)
    ctx = make_window()
    ctx.session.panel_failed(pid, NetworkError("connection refused", maybe_sent=False))
    assert ctx.window.last_error[pid] == ctx.session.state(pid).last_error != ""
