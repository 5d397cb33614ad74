"""The Orders list's "Refill until" order (issue 27) agrees with ``Workspace.refill_until`` on
real panels' services: the SQL that sorts (``queries.refill_until_sql``: the promises read
once per name and per service) and the one rule that says each order's window end
(``refillwindow.order_window``: the name ordered under, then the service's description) put
every order in the same place — dated windows by their end, lifetime after every date, no
window (no refill, nothing said, Canceled) lowest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

import smmdesk.store.values as store_clock
from smmdesk import api
from smmdesk.models import OrderState, OrderStatus, Panel, SubmitState
from smmdesk.refillwindow import refill_window, text_days
from smmdesk.store import to_ms
from smmdesk.workspace import Workspace
from tests.core.test_real_catalogues import CATALOGUES, _files, _load

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("name", ["pablosmm-firstprovider.json", "topsmm-in.json",
                                  "vexboost.json"])
def test_the_sql_order_is_the_one_rules_order(engine_ws: Workspace,
                                              monkeypatch: pytest.MonkeyPatch,
                                              name: str) -> None:
    ws = engine_ws  # on both engines
    _files()
    services, _bad = api.read_services(_load(CATALOGUES / name))
    # the services whose name says nothing and whose description names the window, and a
    # spread of the others (days, lifetime, no refill, nothing said)
    described = [s for s in services if text_days(s.name) is None
                 and refill_window(s.description or "") is not None][:60]
    others = [s for s in services if s not in described]
    chosen = described + others[::max(1, len(others) // 240)]
    assert described
    ws.store.panels.insert_panel(Panel("p", "P", "https://p.example", currency="USD"))
    ws.store.services.apply_services("p", services)
    step = 0
    monkeypatch.setattr(store_clock, "now_ms", lambda: to_ms(T0 + timedelta(hours=7 * step)))
    made = []
    for i, s in enumerate(chosen):
        step = i
        oid = ws.store.orders.insert_submitting(
            panel_id="p", service=s, fields={"link": f"https://x.com/{i}"},
            link=f"https://x.com/{i}", quantity=100, charge_estimate=Decimal(1),
            currency="USD")
        ws.store.orders.set_submit_result(oid, SubmitState.PLACED, remote_id=50_000 + i)
        if i % 17 == 0:  # refills cannot help a Canceled order
            ws.store.orders.apply_statuses("p", {50_000 + i: OrderStatus(
                50_000 + i, OrderState.CANCELED, "Canceled")})
        made.append(oid)

    def key(oid: int) -> tuple[int, float, int]:
        end = ws.refill_until(oid)
        if end is None:
            return (0, 0.0, oid)
        return (2, 0.0, oid) if end == "lifetime" else (1, end.timestamp(), oid)

    expected = sorted(made, key=key)
    assert {key(o)[0] for o in made} == {0, 1, 2}  # no window, dated, lifetime
    assert any(ws.refill_until(o) is not None for o in made[:len(described)])
    up = [o.id for o in ws.order_page(None, ("refill_until", False), 0, None)]
    assert up == expected
    down = [o.id for o in ws.order_page(None, ("refill_until", True), 0, None)]
    assert down == list(reversed(expected))
