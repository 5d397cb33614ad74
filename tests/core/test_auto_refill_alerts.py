"""Automatic refills and alerts through the Workspace, against the simulator over real HTTP.
``now`` is passed in; the simulator's clock is advanced so orders complete."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import LocalOrder, OrderState, Panel
from smmdesk.schedules import AlertKind
from smmdesk.store.automation import LIFETIME_DAYS
from smmdesk.workspace import Workspace

FOLLOWERS = 1  # "Instagram Followers [Max 100K] [Refill 30D] HQ - 10K/Day", refill, min 100
LIKES = 18  # no refill
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def _panel(ws: Workspace, sim: PanelSimulator, name: str = "Sim") -> Panel:
    p = ws.add_panel(name, sim.url, sim.key)
    ws.refresh_services(p.id)
    ws.balance(p.id)
    return ws.panel(p.id)


@pytest.fixture
def ws(engine_ws: Workspace) -> Workspace:
    """Each test of this module on both engines (tests/engines.py)."""
    return engine_ws


@pytest.fixture
def panel(ws: Workspace, simulator: PanelSimulator) -> Panel:
    return _panel(ws, simulator)


def completed_orders(ws: Workspace, sim: PanelSimulator, panel: Panel, service_id: int,
                     n: int = 4) -> list[LocalOrder]:
    """Place ``n`` orders, let the panel finish them, sync: the completed ones."""
    service = ws.service(panel.id, service_id)
    assert service is not None
    for i in range(n):
        ws.place_order(panel.id, service_id, {"link": f"https://instagram.com/refill{i}",
                                              "quantity": str(service.min)})
    sim.advance(86400)
    ws.sync_panel(panel.id, force=True)
    done = [o for o in ws.orders(panel.id) if o.state is OrderState.COMPLETED]
    assert done, "the simulator completed none of the orders"
    return done


def refills(sim: PanelSimulator) -> list[str]:
    """The order ids the panel was asked to refill, in order."""
    out: list[str] = []
    for r in sim.requests:
        if r.action == "refill":
            out += (r.params.get("orders") or r.params.get("order", "")).split(",")
    return out


def test_refills_requested_on_time_never_twice_in_an_interval_and_stopped_at_window_end(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    done = completed_orders(ws, simulator, panel, FOLLOWERS)
    ws.set_auto_refill(panel_id=panel.id, service_id=FOLLOWERS, enabled=True)
    placed_at = max(o.created_at for o in done)
    assert ws.refill_window(panel.id, FOLLOWERS).days == 30  # from "[Refill 30D]"

    assert ws.auto_refill_due(placed_at + 23 * HOUR) == []  # minimum delay: 24 h
    assert refills(simulator) == []
    first = ws.auto_refill_due(placed_at + 25 * HOUR)
    assert sorted(r.local_id for r in first) == sorted(o.id for o in done)
    assert all(r.ok for r in first)
    assert sorted(refills(simulator)) == sorted(str(o.remote_id) for o in done)
    for o in done:
        assert ws.order_refills(o.id)[-1].remote_id is not None

    simulator.advance(86400)  # the refills finish on the panel
    for later in (26 * HOUR, 2 * DAY, 4 * DAY):  # inside the 3-day interval
        assert ws.auto_refill_due(placed_at + later) == []
    assert len(refills(simulator)) == len(done)
    second = ws.auto_refill_due(placed_at + 4 * DAY + 2 * HOUR)
    assert len(second) == len(done) and len(refills(simulator)) == 2 * len(done)

    simulator.advance(86400)
    assert ws.auto_refill_due(placed_at + 31 * DAY) == []  # the 30-day window is over
    assert ws.auto_refill_state(done[0].id)[2] == "The refill window has ended."
    assert ws.auto_refill_due(placed_at + 40 * DAY) == []
    assert len(refills(simulator)) == 2 * len(done)


def test_no_refill_without_opting_in_nor_for_services_without_refill(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    done = completed_orders(ws, simulator, panel, FOLLOWERS, n=2)
    start = max(o.created_at for o in done)
    assert ws.auto_refill_due(start + 2 * DAY) == []  # the default is off
    likes = completed_orders(ws, simulator, panel, LIKES, n=2)
    ws.set_automation_settings(auto_refill_default=True)
    for o in likes:
        ws.set_auto_refill(order_id=o.id, enabled=True, window_days=LIFETIME_DAYS)
    ws.set_auto_refill(order_id=done[0].id, enabled=False)
    asked = ws.auto_refill_due(start + 2 * DAY)
    assert {r.local_id for r in asked} == {o.id for o in done[1:]}  # not likes, not opted out


def test_a_panel_without_refill_is_never_asked(ws: Workspace) -> None:
    with PanelSimulator(services=40, key="seed-key-0123456789", dialect="seed") as seed:
        panel = _panel(ws, seed, "Seed")
        ws.set_automation_settings(auto_refill_default=True)
        done = completed_orders(ws, seed, panel, FOLLOWERS, n=2)
        start = max(o.created_at for o in done)
        for k in range(2, 30, 3):
            assert ws.auto_refill_due(start + k * DAY) == []
        assert seed.count("refill") == 0


def test_a_panel_that_answers_incorrect_request_is_asked_once(ws: Workspace) -> None:
    with PanelSimulator(services=40, key="canon-key-0123456789") as sim:
        panel = _panel(ws, sim)
        ws.set_automation_settings(auto_refill_default=True)
        done = completed_orders(ws, sim, panel, FOLLOWERS, n=2)
        sim.unsupported = {"refill", "refill_status"}
        start = max(o.created_at for o in done)
        first = ws.auto_refill_due(start + 2 * DAY)
        assert first and not any(r.ok for r in first)
        assert sim.count("refill") == 1
        for k in range(6, 30, 4):
            assert ws.auto_refill_due(start + k * DAY) == []
        assert sim.count("refill") == 1


def test_stops_when_the_panel_says_the_order_cannot_be_refilled(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    # The panel switched refill off for the service after the catalogue was cached.
    simulator.update_service(FOLLOWERS, refill=False)
    done = completed_orders(ws, simulator, panel, FOLLOWERS, n=2)
    ws.set_auto_refill(panel_id=panel.id, service_id=FOLLOWERS, enabled=True)
    start = max(o.created_at for o in done)
    first = ws.auto_refill_due(start + 2 * DAY)
    assert first and not any(r.ok for r in first)
    assert "disabled" in first[0].message
    asked = simulator.count("refill")
    for k in range(6, 29, 4):
        assert ws.auto_refill_due(start + k * DAY) == []
    assert simulator.count("refill") == asked
    assert "disabled" in (ws.auto_refill_state(done[0].id)[2] or "")
    [stopped] = kinds(ws, AlertKind.REFILL)  # said once, not silently (issue 22)
    assert stopped.data["why"] == "stopped" and stopped.data["count"] == len(first)


# ------------------------------------------------------------------------------------ alerts


def kinds(ws: Workspace, kind: AlertKind, now: datetime | None = None):
    return [a for a in ws.alerts(now=now) if a.kind is kind]


def test_balance_alert_raised_once_until_the_balance_recovers(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    ws.set_balance_threshold(panel.id, Decimal("50"))
    assert kinds(ws, AlertKind.BALANCE) == []
    simulator.balance = Decimal("12.5")
    ws.balance(panel.id)
    [low] = kinds(ws, AlertKind.BALANCE)
    assert low.active and low.panel_id == panel.id
    assert Decimal(low.data["amount"]) == Decimal("12.5")
    ws.balance(panel.id)
    assert len(kinds(ws, AlertKind.BALANCE)) == 1  # still low: not raised again
    simulator.balance = Decimal("80")
    ws.balance(panel.id)
    [cleared] = kinds(ws, AlertKind.BALANCE)
    assert not cleared.active
    simulator.balance = Decimal("3")
    ws.balance(panel.id)
    again = kinds(ws, AlertKind.BALANCE)
    assert len(again) == 2 and again[0].active  # newest first
    ws.set_automation_settings(alert_balance=False)
    simulator.balance = Decimal("100")
    ws.balance(panel.id)
    simulator.balance = Decimal("1")
    ws.balance(panel.id)
    assert len(kinds(ws, AlertKind.BALANCE)) == 2  # switched off: no new one


def test_favourite_price_change_alerts_once_per_change(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    ws.set_favourite(panel.id, LIKES, True)
    simulator.update_service(LIKES, rate=Decimal("0.02"))  # +62 %
    simulator.update_service(20, rate=Decimal("0.9"))  # not a favourite
    ws.refresh_services(panel.id)
    [up] = kinds(ws, AlertKind.PRICE)
    assert (up.service_id, up.data["old"], up.data["new"]) == (LIKES, "0.012345", "0.02")
    ws.refresh_services(panel.id)
    assert len(kinds(ws, AlertKind.PRICE)) == 1  # same price: no new alert
    simulator.update_service(LIKES, rate=Decimal("0.0201"))  # +0.5 %: below the threshold
    ws.refresh_services(panel.id)
    assert len(kinds(ws, AlertKind.PRICE)) == 1
    simulator.update_service(LIKES, rate=Decimal("0.01"))  # down by half
    ws.refresh_services(panel.id)
    assert len(kinds(ws, AlertKind.PRICE)) == 2


def test_favourite_removed_alert_clears_when_it_comes_back(ws: Workspace, panel: Panel,
                                                          simulator: PanelSimulator) -> None:
    ws.set_favourite(panel.id, 250, True)
    with PanelSimulator(services=100, key="small-key-0123456789") as small:
        ws.update_panel(panel.id, url=small.url, key=small.key)
        ws.refresh_services(panel.id)
        [gone] = kinds(ws, AlertKind.REMOVED)
        assert gone.service_id == 250 and gone.active
        assert len(kinds(ws, AlertKind.REMOVED)) == 1
    ws.update_panel(panel.id, url=simulator.url, key=simulator.key)
    ws.refresh_services(panel.id)
    [back] = kinds(ws, AlertKind.REMOVED)
    assert not back.active


def test_uncertain_order_alerts_until_resolved(ws: Workspace, panel: Panel,
                                               simulator: PanelSimulator) -> None:
    simulator.set_fault("drop_after_read", actions=["add"], times=1)
    o = ws.place_order(panel.id, LIKES, {"link": "https://instagram.com/p/u", "quantity": "200"})
    since = o.created_at - timedelta(seconds=1)
    [att] = kinds(ws, AlertKind.ATTENTION)
    assert att.local_id == o.id and att.active and att.data["why"] == "uncertain"
    assert [a.id for a in ws.alerts(since)] == [att.id]
    assert len(kinds(ws, AlertKind.ATTENTION)) == 1
    ws.resolve_uncertain(o.id, None)
    [done] = kinds(ws, AlertKind.ATTENTION)
    assert not done.active


# ------------------------------------------------- issue 22, item 6: which refusals are final


def _refusal_body(orders: list[LocalOrder], message: str) -> str:
    """A batch answer refusing each order's refill with ``message`` (as the panel words it)."""
    return json.dumps([{"order": o.remote_id, "refill": {"error": message}} for o in orders])


@pytest.mark.parametrize("message", [
    "Refill is not available right now, try later",
    "Order is not eligible for refill yet",
    "Refill is disabled for 24 hours, retry later",
    "The order was completed or refill was requested less than 24 hours ago",
])
def test_a_temporary_refusal_is_asked_again_and_three_in_a_row_raise_one_alert(
        ws: Workspace, panel: Panel, simulator: PanelSimulator, message: str) -> None:
    done = completed_orders(ws, simulator, panel, FOLLOWERS, n=2)
    ws.set_auto_refill(panel_id=panel.id, service_id=FOLLOWERS, enabled=True)
    start = max(o.created_at for o in done)
    for k in range(3):  # every interval (3 days) the panel says "later"
        simulator.set_fault("broken_json", actions=["refill"], times=1,
                            body=_refusal_body(done, message))
        asked = ws.auto_refill_due(start + (2 + 4 * k) * DAY)
        assert len(asked) == len(done) and not any(r.ok for r in asked)
        assert all(ws.auto_refill_state(o.id)[2] is None for o in done)  # not stopped
        alerts = kinds(ws, AlertKind.REFILL)
        assert len(alerts) == (1 if k == 2 else 0)
    [alert] = kinds(ws, AlertKind.REFILL)
    assert alert.data["why"] == "refused" and sorted(alert.data["orders"]) == sorted(
        o.id for o in done) and alert.data["message"] == message
    assert simulator.count("refill") == 3
    # the fourth time it works: asked as usual, no new alert
    ok = ws.auto_refill_due(start + 14 * DAY)
    assert all(r.ok for r in ok) and len(kinds(ws, AlertKind.REFILL)) == 1


def test_a_refusal_for_the_whole_request_stops_no_order(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    done = completed_orders(ws, simulator, panel, FOLLOWERS, n=3)
    ws.set_auto_refill(panel_id=panel.id, service_id=FOLLOWERS, enabled=True)
    start = max(o.created_at for o in done)
    # one error for the whole batch, in the words of a per-service refusal
    simulator.set_fault("broken_json", actions=["refill"], times=1,
                        body='{"error": "Refill is disabled for this service"}')
    first = ws.auto_refill_due(start + 2 * DAY)
    assert len(first) == len(done) and not any(r.ok for r in first)
    assert all(r.panel_wide for r in first)
    assert all(ws.auto_refill_state(o.id)[2] is None for o in done)
    again = ws.auto_refill_due(start + 6 * DAY)  # the next interval: every order asked again
    assert sorted(r.local_id for r in again) == sorted(o.id for o in done)
    assert all(r.ok for r in again)


def test_a_final_refusal_stops_that_order_and_raises_one_alert(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    done = completed_orders(ws, simulator, panel, FOLLOWERS, n=2)
    ws.set_auto_refill(panel_id=panel.id, service_id=FOLLOWERS, enabled=True)
    start = max(o.created_at for o in done)
    body = json.dumps([{"order": done[0].remote_id, "refill": {"error": "Refill period has "
                                                                         "expired"}},
                       {"order": done[1].remote_id, "refill": 777}])
    simulator.set_fault("broken_json", actions=["refill"], times=1, body=body)
    ws.auto_refill_due(start + 2 * DAY)
    assert ws.auto_refill_state(done[0].id)[2] == "Refill period has expired"
    assert ws.auto_refill_state(done[1].id)[2] is None
    [alert] = kinds(ws, AlertKind.REFILL)
    assert alert.data["why"] == "stopped" and alert.data["orders"] == [done[0].id]
    again = ws.auto_refill_due(start + 6 * DAY)
    assert [r.local_id for r in again] == [done[1].id]


# ------------------------------------------------------------- check_alerts and the threshold
def test_balance_threshold_is_kept_as_an_exact_decimal_and_can_be_removed(
        ws: Workspace, panel: Panel) -> None:
    assert ws.balance_threshold(panel.id) is None
    ws.set_balance_threshold(panel.id, Decimal("49.995"))
    assert ws.balance_threshold(panel.id) == Decimal("49.995")
    assert isinstance(ws.balance_threshold(panel.id), Decimal)
    with pytest.raises(TypeError):
        ws.set_balance_threshold(panel.id, 50.0)  # type: ignore[arg-type] - money is no float
    assert ws.balance_threshold(panel.id) == Decimal("49.995")  # the refused call changed nothing
    ws.set_balance_threshold(panel.id, None)
    assert ws.balance_threshold(panel.id) is None


def test_check_alerts_returns_only_the_newly_raised_and_clears_what_went_away(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    now = datetime.now().astimezone()
    ws.set_balance_threshold(panel.id, Decimal("50"))
    assert ws.check_alerts(now) == []  # $1,000 is above $50: nothing to say
    simulator.balance = Decimal("49.99")
    ws.balance(panel.id)
    raised = [a for a in ws.alerts(now=now) if a.kind is AlertKind.BALANCE]
    assert len(raised) == 1 and raised[0].active
    data = raised[0].data
    assert (data["panel"], data["currency"]) == ("Sim", "USD")
    assert Decimal(data["amount"]) == Decimal("49.99") and Decimal(data["threshold"]) == 50
    assert ws.check_alerts(now + HOUR) == []  # still low: nothing new
    simulator.balance = Decimal("50")  # not below the threshold any more
    ws.balance(panel.id)
    assert ws.check_alerts(now + 2 * HOUR) == []
    [cleared] = [a for a in ws.alerts(now=now) if a.kind is AlertKind.BALANCE]
    assert not cleared.active
    # Below again: a new alert, and check_alerts is what returns it.
    ws.set_balance_threshold(panel.id, Decimal("60"))
    new = ws.check_alerts(now + 3 * HOUR)
    assert [(a.kind, a.panel_id, a.active) for a in new] == [(AlertKind.BALANCE, panel.id, True)]
    assert Decimal(new[0].data["threshold"]) == 60
    assert ws.check_alerts(now + 4 * HOUR) == []


def test_without_a_threshold_check_alerts_raises_no_balance_alert(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    simulator.balance = Decimal("0")
    ws.balance(panel.id)
    assert [a for a in ws.check_alerts() if a.kind is AlertKind.BALANCE] == []


def test_a_source_of_many_alerts_is_raised_a_chunk_at_a_time_and_the_newest_listed_first(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first check over a million orders may find tens of thousands of stuck orders: they
    are raised as they come, never all held at once, and a caller asks for the newest few."""
    from smmdesk import alerts as alerts_module

    monkeypatch.setattr(alerts_module, "RAISE_CHUNK", 10)
    pulled: list[int] = []

    def many(now: datetime) -> Iterator[dict[str, object]]:
        for i in range(25):
            pulled.append(i)
            yield {"kind": AlertKind.ATTENTION, "key": f"test:many:{i}",
                   "message": f"Alert number {i}.", "data": {}}

    seen_at_raise: list[tuple[int, int]] = []
    sql = ws._alerts.sql
    real = sql.raise_alerts

    def recording(batch: list[dict[str, object]], now: datetime) -> list[int]:
        seen_at_raise.append((len(pulled), len(batch)))
        return real(batch, now)  # type: ignore[arg-type]

    monkeypatch.setattr(sql, "raise_alerts", recording)
    ws._alerts.sources.append(many)
    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    raised = ws.check_alerts(now)
    assert sorted(a.message for a in raised if a.key.startswith("test:many:")) == sorted(
        f"Alert number {i}." for i in range(25))
    # never more than one chunk pulled ahead of what was written
    batches = [(p, n) for p, n in seen_at_raise if n]
    assert [n for _p, n in batches] == [10, 10, 5]
    assert [p for p, _n in batches] == [10, 20, 25]
    newest = ws.alerts(now, now=now, limit=3)
    assert [a.message for a in newest] == ["Alert number 24.", "Alert number 23.",
                                           "Alert number 22."]
