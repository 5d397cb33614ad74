"""The order history against the simulator over real HTTP, a real Workspace and the task runner."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.export import read_orders_csv
from smmdesk.history import Action, HistoryFilter, bucket_of
from smmdesk.models import OrderState, SubmitState
from smmdesk.workspace import Workspace
from ui.orders.view import OrdersView
from ui.tasks import TaskRunner

SERVICE = 1  # the simulator's fixed service: refill, cancel and drip-feed, Default type
LONG = 30 * 24 * 3600  # enough simulated time for every order to reach its fate


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=60, key="hist-key-0123456789abcdef", speed=0) as s:
        yield s


@pytest.fixture
def panel_id(ws: Workspace, sim: PanelSimulator) -> str:
    p = ws.add_panel("Sim panel", sim.url, sim.key)
    ws.refresh_services(p.id)
    ws.balance(p.id)
    return p.id


def place(ws: Workspace, pid: str, n: int = 1, *, link: str = "https://instagram.com/p/",
          **extra: str):
    out = []
    for i in range(n):
        fields = {"link": f"{link}{i}-{datetime.now().timestamp()}", "quantity": "100", **extra}
        out.append(ws.place_order(pid, SERVICE, fields))
    return out


def make_view(qtbot, ws: Workspace, runner: TaskRunner) -> OrdersView:
    view = OrdersView(ws, runner, autostart=False)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    qtbot.waitUntil(lambda: not view.model.loading and bool(view.panels), timeout=5000)
    return view


def wait_counts(qtbot, view: OrdersView, expected: dict[str, int]) -> None:
    qtbot.waitUntil(lambda: view.counts == expected, timeout=5000)


def select(qtbot, view: OrdersView, local_id: int) -> None:
    view.show_order(local_id)
    qtbot.waitUntil(lambda: view._context is not None and view._context.order.id == local_id,
                    timeout=5000)


# ------------------------------------------------------------------------------------ filters


def test_filters_and_counts(qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator,
                            panel_id: str) -> None:
    finished = place(ws, panel_id, 8, link="https://instagram.com/done")
    sim.advance(LONG)
    ws.sync_panel(panel_id)
    place(ws, panel_id, 2, link="https://instagram.com/active")
    drip = place(ws, panel_id, 1, link="https://instagram.com/drip", runs="3", interval="10")[0]
    sim.set_fault("drop_after_read", actions=["add"], times=1)
    uncertain = place(ws, panel_id, 1, link="https://instagram.com/lost")[0]
    sim.balance = Decimal("0")
    rejected = place(ws, panel_id, 1, link="https://instagram.com/broke")[0]
    assert uncertain.submit_state is SubmitState.UNCERTAIN
    assert rejected.submit_state is SubmitState.REJECTED
    assert drip.runs == 3

    orders = ws.orders()
    expected = {b: 0 for b in ("all", "active", "completed", "partial", "canceled", "attention")}
    for o in orders:
        expected["all"] += 1
        expected[bucket_of(o)] += 1
    assert expected["all"] == 13 and expected["active"] == 3 and expected["attention"] == 2
    assert expected["completed"] + expected["partial"] + expected["canceled"] == 8

    view = make_view(qtbot, ws, runner)
    wait_counts(qtbot, view, expected)
    assert view.model.rowCount() == 13
    assert view.tab_buttons["attention"].text().endswith("2")
    for bucket, n in expected.items():
        view.tab_buttons[bucket].click()
        qtbot.waitUntil(lambda n=n: not view.model.loading and view.model.rowCount() == n,
                        timeout=5000)
        assert all(bucket in ("all", bucket_of(o)) for o in view.model.loaded_orders())

    view.set_bucket("all")
    qtbot.waitUntil(lambda: view.model.rowCount() == 13 and not view.model.loading)
    # Search by the panel's order id, by link, by service; debounced typing applies by itself.
    target = finished[3]
    view.search.setText(str(target.remote_id))
    qtbot.waitUntil(lambda: [o.id for o in view.model.loaded_orders()] == [target.id],
                    timeout=5000)
    view.search.setText("instagram.com/active")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 and not view.model.loading, timeout=5000)
    # The tab counts load in their own task, after the rows.
    qtbot.waitUntil(lambda: view.counts["all"] == 2 and view.counts["active"] == 2, timeout=5000)
    view.search.clear()
    view.apply_filter_now()
    view.dripfeed_button.click()
    qtbot.waitUntil(lambda: [o.id for o in view.model.loaded_orders()] == [drip.id], timeout=5000)
    view.subscriptions_button.click()  # excludes drip-feed: no subscription orders here
    assert not view.dripfeed_button.isChecked()
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and not view.model.loading, timeout=5000)
    view.set_kind(None)
    qtbot.waitUntil(lambda: view.model.rowCount() == 13 and not view.model.loading)
    # Panel and date filters.
    view.set_panel("nope")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and not view.model.loading)
    view.set_panel(None)
    qtbot.waitUntil(lambda: view.model.rowCount() == 13 and not view.model.loading)
    past = datetime.now() - timedelta(days=10)
    view.set_date_range(past - timedelta(days=5), past)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and not view.model.loading)
    view.set_date_range(datetime.now(), datetime.now())
    qtbot.waitUntil(lambda: view.model.rowCount() == 13 and not view.model.loading)
    # Sorting is done by SQL: quantity ascending puts the drip-feed order's row where SQL says.
    view.table.sortByColumn(2, view.table.horizontalHeader().sortIndicatorOrder().AscendingOrder)
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() == 13)
    ids = [o.remote_id for o in view.model.loaded_orders()]
    assert ids[:2] == [None, None] and ids[2:] == sorted(ids[2:])


# ------------------------------------------------------------------------------------ sync


def test_sync_updates_rows_in_place_and_notifies(qtbot, ws: Workspace, runner: TaskRunner,
                                                 sim: PanelSimulator, panel_id: str) -> None:
    orders = place(ws, panel_id, 6)
    view = make_view(qtbot, ws, runner)
    qtbot.waitUntil(lambda: view.model.rowCount() == 6)
    resets: list[int] = []
    changed: list[tuple[int, int]] = []
    finished: list[tuple[int, str]] = []
    notes: list[tuple[str, str]] = []
    view.model.modelReset.connect(lambda: resets.append(1))
    view.model.dataChanged.connect(lambda a, b, _r=(): changed.append((a.row(), b.row())))
    view.sync.orderFinished.connect(lambda i, s: finished.append((i, s)))
    view.notifier.notified.connect(lambda t, m: notes.append((t, m)))
    sim.advance(LONG)
    with qtbot.waitSignal(view.sync_finished, timeout=10000) as blocker:
        view.action_refresh.trigger()
    report = blocker.args[0]
    assert report.errors == [] and report.requests == 1 and report.checked == 6
    assert resets == [] and changed
    assert view.model.rowCount() == 6
    states = {o.id: o.state for o in view.model.loaded_orders()}
    assert all(s in (OrderState.COMPLETED, OrderState.PARTIAL, OrderState.CANCELED)
               for s in states.values())
    assert sorted(i for i, _ in finished) == sorted(o.id for o in orders)
    assert {s for _, s in finished} <= {"completed", "partial", "canceled"}
    assert len(notes) == 1 and "6" in notes[0][0]  # one summary for the whole sync
    # Counts follow; nothing left to poll; notifications can be switched off.
    qtbot.waitUntil(lambda: view.counts["active"] == 0)
    view.notifier.set_enabled(False)
    place(ws, panel_id, 1)
    sim.advance(LONG)
    with qtbot.waitSignal(view.sync_finished, timeout=10000):
        view.refresh_now()
    assert len(notes) == 1


def test_sync_backs_off_and_marks_offline(qtbot, ws: Workspace, runner: TaskRunner,
                                          sim: PanelSimulator, panel_id: str) -> None:
    place(ws, panel_id, 2)
    view = make_view(qtbot, ws, runner)
    sim.set_fault("html_502", actions=["status"])
    with qtbot.waitSignal(view.sync_finished, timeout=15000) as blocker:
        view.refresh_now()
    assert blocker.args[0].errors
    assert view.sync.failures(panel_id) == 1
    assert view.is_offline(panel_id) and view.banner.isVisibleTo(view)
    assert "Sim panel is offline" in view.banner.text()
    assert view.sync.active  # the timer keeps running; the panel waits for its back-off
    sim.clear_faults()
    with qtbot.waitSignal(view.sync_finished, timeout=15000) as blocker:
        view.refresh_now()
    assert blocker.args[0].errors == []
    assert not view.is_offline(panel_id) and not view.banner.isVisibleTo(view)
    assert view.sync.failures(panel_id) == 0


def test_sync_panel_reports_changed_and_finished(ws: Workspace, sim: PanelSimulator,
                                                        panel_id: str) -> None:
    orders = place(ws, panel_id, 3)
    first = ws.sync_panel(panel_id)
    assert first.finished == [] and first.online is True
    sim.advance(LONG)
    second = ws.sync_panel(panel_id)
    assert {o.id for o in second.finished} == {o.id for o in orders}
    assert {o.id for o in second.changed} == {o.id for o in orders}
    assert ws.sync_panel(panel_id).changed == []


# ------------------------------------------------------------------------------------ actions


def _completed(ws: Workspace, sim: PanelSimulator, orders) -> list:
    return [o for o in orders if sim.order_plan(o.remote_id)["fate"] == "Completed"]


def test_refill_and_cancel_on_a_panel_that_supports_them(
    qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator, panel_id: str
) -> None:
    done = place(ws, panel_id, 4)
    sim.advance(LONG)
    ws.sync_panel(panel_id)
    target = _completed(ws, sim, done)[0]
    view = make_view(qtbot, ws, runner)

    select(qtbot, view, target.id)
    assert view.action_refill.isEnabled()
    assert not view.action_cancel.isEnabled()
    assert "ended" in view.action_cancel.toolTip()
    with qtbot.waitSignal(view.actionFinished, timeout=10000) as blocker:
        view.action_refill.trigger()
    action, local_id, ok, msg = blocker.args
    assert (action, local_id, ok) == ("refill", target.id, True) and "Refill #" in msg
    refills = ws.order_refills(target.id)
    assert len(refills) == 1 and refills[0].remote_id
    qtbot.waitUntil(lambda: "Refills" in view.details.toPlainText()
                    and f"#{refills[0].remote_id}" in view.details.toPlainText(), timeout=5000)
    # The refill is then tracked by the sync.
    sim.advance(3600)
    with qtbot.waitSignal(view.sync_finished, timeout=10000):
        view.refresh_now()
    assert ws.order_refills(target.id)[0].state in ("completed", "rejected")

    active = place(ws, panel_id, 1)[0]
    view.order_added(active.id)
    select(qtbot, view, active.id)
    assert view.action_cancel.isEnabled() and not view.action_refill.isEnabled()
    assert "completed" in view.action_refill.toolTip()
    with qtbot.waitSignal(view.actionFinished, timeout=10000) as blocker:
        view.cancel_selected()
    assert blocker.args[:3] == ["cancel", active.id, True]
    with qtbot.waitSignal(view.sync_finished, timeout=10000):
        view.refresh_now()
    qtbot.waitUntil(lambda: view.model.order_at(view.model.row_of(active.id)).state
                    is OrderState.CANCELED, timeout=5000)


def test_refill_and_cancel_on_a_panel_that_does_not(
    qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator, panel_id: str
) -> None:
    done = place(ws, panel_id, 4)
    sim.advance(LONG)
    ws.sync_panel(panel_id)
    active = place(ws, panel_id, 1)[0]
    target = _completed(ws, sim, done)[0]
    sim.dialect = "seed"  # the seed panel answers "Incorrect request" to refill and cancel
    view = make_view(qtbot, ws, runner)

    select(qtbot, view, target.id)
    assert view.action_refill.isEnabled()
    with qtbot.waitSignal(view.actionFinished, timeout=10000) as blocker:
        view.refill_selected()
    assert blocker.args[2] is False and "Incorrect request" in blocker.args[3]
    qtbot.waitUntil(lambda: "does not support refills" in view.action_refill.toolTip(),
                    timeout=5000)
    assert not view.action_refill.isEnabled()
    assert "Incorrect request" in view.action_refill.toolTip()

    select(qtbot, view, active.id)
    assert view.action_cancel.isEnabled()
    with qtbot.waitSignal(view.actionFinished, timeout=10000) as blocker:
        view.cancel_selected()
    assert blocker.args[2] is False
    qtbot.waitUntil(lambda: "does not support cancel" in view.action_cancel.toolTip(),
                    timeout=5000)
    assert not view.action_cancel.isEnabled()
    n = sim.count("cancel")
    view.cancel_selected()  # disabled: nothing is sent
    assert sim.count("cancel") == n
    menu = view.build_context_menu()
    assert menu.toolTipsVisible()
    assert not next(a for a in menu.actions() if a.objectName() == "action_cancel").isEnabled()


def test_resolve_uncertain_both_ways(qtbot, ws: Workspace, runner: TaskRunner,
                                     sim: PanelSimulator, panel_id: str) -> None:
    sim.set_fault("drop_after_read", actions=["add"], times=2)
    a, b = place(ws, panel_id, 2, link="https://instagram.com/unsure")
    assert a.submit_state is b.submit_state is SubmitState.UNCERTAIN
    found_id = max(sim.order_ids())  # what the person finds on the panel's website
    view = make_view(qtbot, ws, runner)
    wait_counts(qtbot, view, {"all": 2, "active": 0, "completed": 0, "partial": 0,
                              "canceled": 0, "attention": 2})

    select(qtbot, view, b.id)
    assert view.action_resolve.isEnabled() and not view.action_refill.isEnabled()
    with qtbot.waitSignal(view.actionFinished, timeout=10000) as blocker:
        view.resolve_selected(found_id)
    assert blocker.args[:3] == ["resolve", b.id, True]
    resolved = ws.order(b.id)
    assert resolved.submit_state is SubmitState.PLACED and resolved.remote_id == found_id
    qtbot.waitUntil(lambda: not view.action_resolve.isEnabled(), timeout=5000)

    select(qtbot, view, a.id)
    with qtbot.waitSignal(view.actionFinished, timeout=10000):
        view.resolve_selected(None)
    assert ws.order(a.id).submit_state is SubmitState.REJECTED
    wait_counts(qtbot, view, {"all": 2, "active": 1, "completed": 0, "partial": 0,
                              "canceled": 0, "attention": 1})
    row = view.model.row_of(b.id)
    assert view.model.index(row, 2).data() == str(found_id)


def test_offline_banner_and_network_actions(qtbot, ws: Workspace, runner: TaskRunner,
                                            sim: PanelSimulator, panel_id: str) -> None:
    order = place(ws, panel_id, 1)[0]
    view = make_view(qtbot, ws, runner)
    select(qtbot, view, order.id)
    assert view.action_cancel.isEnabled()
    view.set_offline(panel_id, datetime.now(UTC) - timedelta(minutes=5))
    assert view.banner.isVisibleTo(view)
    banner = view.banner.text()
    assert "Showing data from" in banner and "Sim panel is offline" in banner
    assert not view.action_cancel.isEnabled() and "offline" in view.action_cancel.toolTip()
    assert view.action_copy_link.isEnabled() and view.action_open_link.isEnabled()
    assert view.action_export.isEnabled()
    view.set_panel("another")  # the banner is about the panels shown
    assert not view.banner.isVisibleTo(view)
    view.set_panel(None)
    view.set_offline(panel_id, None)
    assert not view.banner.isVisibleTo(view) and view.action_cancel.isEnabled()


def test_copy_reorder_details_and_export(qtbot, ws: Workspace, runner: TaskRunner,
                                         sim: PanelSimulator, panel_id: str,
                                         tmp_path: Path) -> None:
    orders = place(ws, panel_id, 3, link="https://instagram.com/x")
    view = make_view(qtbot, ws, runner)
    select(qtbot, view, orders[1].id)
    text = view.details.toPlainText()
    assert "Sent to the panel" in text and "Status history" in text
    assert orders[1].link in text and sim.key not in text
    view.action_copy_id.trigger()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == str(orders[1].remote_id)
    view.action_copy_link.trigger()
    assert QGuiApplication.clipboard().text() == orders[1].link
    with qtbot.waitSignal(view.reorderRequested) as blocker:
        view.action_reorder.trigger()
    assert blocker.args == [orders[1].id]

    view.search.setText("instagram.com/x1")
    view.apply_filter_now()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and not view.model.loading)
    path = tmp_path / "export.csv"
    with qtbot.waitSignal(view.exportFinished, timeout=10000) as blocker:
        view.export_csv(str(path))
    assert blocker.args == [str(path), 1]
    rows = read_orders_csv(path)
    assert [r["local_id"] for r in rows] == [str(orders[1].id)]
    assert rows[0]["panel"] == "Sim panel"


def test_track_existing_orders_dialog(qtbot, ws: Workspace, runner: TaskRunner,
                                      sim: PanelSimulator, panel_id: str) -> None:
    ids = [sim.place_direct(SERVICE, f"https://instagram.com/web{i}", 100) for i in range(3)]
    view = make_view(qtbot, ws, runner)
    dialog = view.track_orders_dialog()
    dialog.ids.setPlainText(f"{ids[0]}-{ids[-1]}, 99999999")
    with qtbot.waitSignal(dialog.tracked, timeout=10000) as blocker:
        assert dialog.start()
    result = blocker.args[0]
    assert len(result) == 3 and result.unknown == [99999999]
    qtbot.waitUntil(lambda: view.model.rowCount() == 3 and not view.model.loading)
    assert "99999999" in dialog.status.text()
    dialog.close()


def test_history_filter_sql_kinds(ws: Workspace, panel_id: str) -> None:
    place(ws, panel_id, 2)
    place(ws, panel_id, 1, runs="2", interval="5")
    assert ws.order_count(HistoryFilter(kind="dripfeed")) == 1
    assert ws.order_count(HistoryFilter(kind="subscription")) == 0
    assert ws.order_counts(HistoryFilter(kind="dripfeed"))["all"] == 1
    with pytest.raises(ValueError):
        ws.order_count(HistoryFilter(kind="bogus"))


def test_availability_reasons_without_qt() -> None:
    from smmdesk.history import action_availability
    from smmdesk.models import LocalOrder, Panel, Service

    now = datetime.now(UTC)
    o = LocalOrder(1, "p", 0, "", "", 5, SubmitState.PLACED, OrderState.COMPLETED, None, None,
                   "someuser", 10, {}, None, None, None, None, 0, now, now)
    panel = Panel("p", "P", "http://x", unsupported=frozenset({"refill"}))
    svc = Service(1, "s", "Default", "c", Decimal(1), 1, 10, refill=True, cancel=False)
    av = action_availability(o, service=None, panel=panel, offline=False)
    assert av[Action.REFILL].reason == "panel_no_refill"
    assert av[Action.OPEN_LINK].reason == "not_url" and av[Action.COPY_LINK].enabled
    assert av[Action.REORDER].reason == "unknown_service"
    av = action_availability(o, service=svc, panel=Panel("p", "P", "http://x"), offline=True)
    assert av[Action.REFILL].reason == "offline" and av[Action.CANCEL].reason == "service_no_cancel"


# ------------------------------------------------------------------- issue 12, item 9
def test_export_into_a_read_only_folder_says_so(qtbot, ws: Workspace, runner: TaskRunner,
                                                panel_id: str, tmp_path) -> None:
    import os

    view = OrdersView(ws, runner, autostart=False)
    qtbot.addWidget(view)
    if os.geteuid() == 0:
        folder = Path("/sys")  # root may write anywhere else; sysfs refuses new files
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o555)
    try:
        view.export_csv(str(folder / "orders.csv"))
        qtbot.waitUntil(lambda: "cannot be written" in view.message.text(), timeout=10_000)
    finally:
        if folder != Path("/sys"):
            folder.chmod(0o755)
    text = view.message.text()
    assert str(folder) in text and "Unexpected" not in text and "Errno" not in text
    assert ".part" not in text


@pytest.mark.parametrize("typed", ["-5", "12a", "#x", "7-", "3--4"])
def test_track_orders_quotes_what_was_typed(qtbot, ws: Workspace, runner: TaskRunner,
                                            panel_id: str, typed: str) -> None:
    view = make_view(qtbot, ws, runner)
    dialog = view.track_orders_dialog()
    dialog.ids.setPlainText(f"100, {typed}")
    assert not dialog.start()
    assert dialog.status.text().startswith(f"“{typed}” is not an order ID")
    assert "''" not in dialog.status.text()
    dialog.close()


def test_the_ordered_quantity_is_never_replaced_by_remains(
        qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator, panel_id: str,
        tmp_path: Path) -> None:
    from smmdesk.models import OrderStatus
    from ui.orders.model import Col

    order = place(ws, panel_id)[0]
    assert order.quantity == 100
    # The panel reports more remaining than was ordered (it counts differently).
    ws.store.orders.apply_statuses(panel_id, {order.remote_id: OrderStatus(
        order.remote_id, OrderState.IN_PROGRESS, "In progress", Decimal("0.1"), 3572, 157)})
    view = make_view(qtbot, ws, runner)
    view.model.reload()
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() == 1,
                    timeout=5000)
    assert view.model.index(0, Col.QUANTITY).data() == "100"
    assert view.model.index(0, Col.REMAINS).data() == "157"
    select(qtbot, view, order.id)
    text = view.details.toPlainText()
    assert "Quantity\n100\n" in text and "Remains\n157\n" in text
    path = tmp_path / "orders.csv"
    with qtbot.waitSignal(view.exportFinished, timeout=10000):
        view.export_csv(str(path))
    row = read_orders_csv(path)[0]
    assert (row["quantity"], row["remains"]) == ("100", "157")
