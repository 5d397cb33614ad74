"""Provider watch in the GUI (issue 27): Compare ranks by what is delivered and says which it
used, and the services details pane shows a service's delivery record."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from smmdesk import compare
from smmdesk.demo.server import PanelSimulator
from smmdesk.models import OrderState, OrderStatus, Panel, Service, SubmitState
from smmdesk.workspace import Workspace
from ui.compare.panel import Col as CompareCol
from ui.compare.panel import ComparePanel
from ui.services.view import ServicesView
from ui.tables import ObjectRole
from ui.tasks import TaskRunner

KEY = "watch-ui-key-0123456789abcdef"
TIMEOUT = 15_000


@pytest.fixture
def panels(ws: Workspace) -> Iterator[tuple[Panel, Panel]]:
    with PanelSimulator(services=120, key=KEY, speed=0) as a, \
            PanelSimulator(services=120, key=KEY, speed=0) as b:
        out = []
        for name, sim in (("Panel A", a), ("Panel B", b)):
            p = ws.add_panel(name, sim.url, sim.key)
            ws.refresh_services(p.id)
            out.append(ws.panel(p.id))
        ws.set_home_currency("USD")
        yield out[0], out[1]


def followers(ws: Workspace, panel: Panel) -> Service:
    for row in ws.services(panel.id):
        f = compare.features(row.service)
        if (f.platform, f.product, f.type_key) == ("instagram", "followers", "default"):
            return row.service
    raise AssertionError("no Instagram followers service")


def record(ws: Workspace, panel: Panel, service: Service, finals: list[OrderState]) -> None:
    """Orders of the service on the panel that ended as ``finals`` (in the local history)."""
    for i, final in enumerate(finals):
        oid = ws.store.orders.insert_submitting(
            panel_id=panel.id, service=service, fields={}, link=f"https://instagram.com/r{i}",
            quantity=100, charge_estimate=Decimal(1), currency="USD")
        remote = 900_000 + i
        ws.store.orders.set_submit_result(oid, SubmitState.PLACED, remote_id=remote)
        ws.store.orders.apply_statuses(
            panel.id, {remote: OrderStatus(remote, OrderState.IN_PROGRESS, "In progress")})
        ws.store.orders.apply_statuses(panel.id, {remote: OrderStatus(remote, final, final.value)})


def test_compare_ranks_a_bad_record_last_and_says_why(qtbot, ws: Workspace, runner: TaskRunner,
                                                      panels: tuple[Panel, Panel]) -> None:
    a, b = panels
    subject = followers(ws, a)
    # The same service on panel B (a perfect match) canceled 4 of its 6 orders here.
    record(ws, b, subject, [OrderState.CANCELED] * 4 + [OrderState.COMPLETED] * 2)
    panel = ComparePanel(ws, runner)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        panel.set_subject(a.id, subject.id)
    rows = [panel.model.row_at(r) for r in range(panel.model.rowCount())]
    bad = [r for r in rows if r.panel.id == b.id and r.match.service.id == subject.id]
    assert bad and rows.index(bad[0]) == len(rows) - 1  # balanced: last, whatever its likeness
    index = panel.model.index(len(rows) - 1, CompareCol.DELIVERY)
    assert panel.model.data(index).startswith("Bad record")
    assert "Partial or Canceled" in panel.model.data(index, 3)  # (ToolTipRole)
    assert "1 of" in panel.status.text() and "bad record" in panel.status.text()
    # Cheapest ignores the record: the same price, the perfect match first again.
    assert panel.rank.accessibleName() == "Rank by"
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        panel.rank.setCurrentIndex(panel.rank.findData("cheapest"))
    assert "cheapest" in panel.status.text()


def test_the_services_details_show_the_delivery_record(qtbot, ws: Workspace,
                                                       panels: tuple[Panel, Panel]) -> None:
    a, _b = panels
    subject = followers(ws, a)
    record(ws, a, subject, [OrderState.COMPLETED] * 4 + [OrderState.PARTIAL])
    view = ServicesView(None)
    qtbot.addWidget(view)
    view.stats_source = lambda pid, sid, deliver: deliver(ws.service_stats(pid, sid))
    view.set_rows(ws.services(a.id), all_panels=False)
    assert view.select_service(a.id, subject.id)
    text = view.details_stats.text()
    assert "5 of your orders in 90 days" in text and "Partial: 20" in text
    other = next(r.service for r in ws.services(a.id) if r.service.id != subject.id)
    assert view.select_service(a.id, other.id)
    assert "no delivery record yet" in view.details_stats.text()


def test_the_orders_page_filters_stuck_orders_and_shows_refill_until(
        qtbot, ws: Workspace, runner: TaskRunner, panels: tuple[Panel, Panel],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import smmdesk.store.values as store_clock
    from smmdesk.store import now_ms
    from ui.orders.model import Col as HistoryCol
    from ui.orders.view import OrdersView

    a, _b = panels
    subject = followers(ws, a)
    real = now_ms()
    monkeypatch.setattr(store_clock, "now_ms", lambda: real - 10 * 3_600_000)  # 10 h ago
    old = ws.store.orders.insert_submitting(
        panel_id=a.id, service=subject, fields={}, link="https://instagram.com/stuck",
        quantity=100, charge_estimate=Decimal(1), currency="USD")
    ws.store.orders.set_submit_result(old, SubmitState.PLACED, remote_id=777_001)
    monkeypatch.setattr(store_clock, "now_ms", lambda: real)
    fresh = ws.store.orders.insert_submitting(
        panel_id=a.id, service=subject, fields={}, link="https://instagram.com/fresh",
        quantity=100, charge_estimate=Decimal(1), currency="USD")
    ws.store.orders.set_submit_result(fresh, SubmitState.PLACED, remote_id=777_002)
    view = OrdersView(ws, runner, autostart=False)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() == 2,
                    timeout=5000)
    assert view.attention_kind.isHidden()  # only under Needs attention
    view.set_bucket("attention")
    assert not view.attention_kind.isHidden()
    view.attention_kind.setCurrentIndex(view.attention_kind.findData("stuck"))
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() == 1,
                    timeout=5000)
    assert view.model.data(view.model.index(0, 0), ObjectRole).id == old
    view.attention_kind.setCurrentIndex(view.attention_kind.findData("slow"))
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() == 0, timeout=5000)
    # Refill until: the service's promise from the day it was placed (or nothing said)
    window = ws.refill_until(old)
    view.attention_kind.setCurrentIndex(0)
    view.set_bucket("all")
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() == 2, timeout=5000)
    shown = view.model.data(view.model.index(0, HistoryCol.REFILL_UNTIL))
    assert (shown == "") == (window is None)
    assert view.model.headerData(HistoryCol.REFILL_UNTIL, Qt.Orientation.Horizontal) \
        == "Refill until"


def test_alerts_say_stuck_and_refill_ends_and_use_the_successor(
        qtbot, ws: Workspace, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import timedelta

    import smmdesk.store.values as store_clock
    from tests.core.test_watch import FOLLOWERS, Clock, placed, status, svc
    from ui.alerts.view import AlertsView, alert_text, alert_title

    clock = Clock()
    monkeypatch.setattr(store_clock, "now_ms", clock)
    ws.store.panels.insert_panel(Panel("p1", "One", "https://one.example", currency="USD"))
    ws.store.services.apply_services("p1", [svc(1, FOLLOWERS, "2.00", refill=True)])
    s = ws.service("p1", 1)
    assert s is not None
    ws.set_favourite("p1", 1, True)
    done, remote = placed(ws.store, "p1", s, link="https://instagram.com/done")
    status(ws.store, "p1", remote, OrderState.COMPLETED, start_count=100)
    stuck, _ = placed(ws.store, "p1", s, link="https://instagram.com/stuck")
    clock.at += timedelta(days=27, hours=1)  # the 30-day window of ``done`` ends in 3 days
    ws.store.services.apply_services("p1", [svc(41, FOLLOWERS, "2.05", refill=True)])  # renumbered
    alerts = ws.alerts(now=clock.now())
    by_key = {a.key.split(":")[0] + ":" + a.key.split(":")[1]: a for a in alerts}
    stuck_alert = by_key["watch:stuck"]
    assert alert_title(stuck_alert) == "Order stuck: not started"
    assert "has not started after" in alert_text(stuck_alert)
    assert "ask the panel's support" in alert_text(stuck_alert)
    reminder = next(a for a in alerts if a.key.startswith("refill_end:"))
    assert alert_title(reminder) == "Refill guarantee ends soon"
    assert "ends in 3 day(s)" in alert_text(reminder) and reminder.local_id == done
    removed = next(a for a in alerts if a.key == "removed:p1:1")
    assert "successor may be service 41" in alert_text(removed)
    view = AlertsView(ws, runner)
    qtbot.addWidget(view)
    view.set_alerts(alerts)
    view.list.setCurrentRow(alerts.index(removed))
    assert view.successor_button.isEnabled()
    with qtbot.waitSignal(view.remapped, timeout=TIMEOUT) as moved:
        view.successor_button.click()
    assert moved.args[0]["favourites"] == 1
    assert [r.service.id for r in ws.services("p1") if r.favourite] == [41]
    assert stuck in {a.local_id for a in alerts}
