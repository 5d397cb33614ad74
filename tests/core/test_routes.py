"""Routes between panels (issue 22, items 12 and 13): the cheaper-route hint and the failover
offer never lead to the demo panel, to a service whose min/max or panel balance cannot take the
order, or to "the same service" with another refill promise without saying so; they say what
they cost in the home currency; an uncertain order blocks every route for its link; the demo
panel's spending is never part of real totals; the ordered quantity is never overwritten by
``remains``. (Typed rates: ``test_rates.py``.)"""

from __future__ import annotations

from decimal import Decimal

import pytest

from smmdesk.compare import Match, best_route, cheaper_route, routes, same_link
from smmdesk.export import COLUMNS, order_row
from smmdesk.models import Balance, OrderState, OrderStatus, Panel, Service, SubmitState
from smmdesk.store import now_ms
from smmdesk.workspace import Workspace


@pytest.fixture
def ws(engine_ws: Workspace) -> Workspace:
    """This file's workspace: of each engine (tests/engines.py)."""
    return engine_ws


def svc(sid: int, name: str, *, rate: str = "1.00", type_: str = "Default", lo: int = 10,
        hi: int = 100_000, refill: bool = False) -> Service:
    return Service(id=sid, name=name, type=type_, category="Instagram", rate=Decimal(rate),
                   min=lo, max=hi, refill=refill)


def cached_panel(ws: Workspace, pid: str, name: str, currency: str, services: list[Service],
                 *, demo: bool = False) -> Panel:
    panel = ws.store.panels.insert_panel(Panel(id=pid, name=name, url="http://127.0.0.1:9/api/v2",
                                               currency=currency, is_demo=demo))
    ws.store.services.apply_services(panel.id, services)
    return panel


FOLLOWERS = "Instagram Followers | Real HQ | Lifetime Refill ♻️"


# ----------------------------------------------------------------------------- the demo panel

def test_the_demo_panel_is_never_a_route_for_a_real_panel(ws: Workspace) -> None:
    real = cached_panel(ws, "real", "Real", "USD", [svc(1, FOLLOWERS, rate="3.50")])
    demo = cached_panel(ws, "demo", "Demo", "USD", [svc(1, FOLLOWERS, rate="0.20")], demo=True)
    other = cached_panel(ws, "other", "Other", "USD", [svc(1, FOLLOWERS, rate="3.00")])
    matches = ws.equivalents(real.id, 1)
    by_panel = {m.panel_id: m for m in matches}
    assert by_panel[demo.id].demo and not by_panel[other.id].demo
    # The demo's 94 % saving is not a route; the real one's 14 % is.
    route = cheaper_route(matches, real.id, Decimal("3.50"), 5)
    assert route is not None and route[0].panel_id == other.id
    values = {"link": "https://instagram.com/someone", "quantity": "100"}
    options = routes(matches, real.id, svc(1, FOLLOWERS, rate="3.50"), Decimal("3.50"), values)
    assert {r.match.panel_id for r in options} == {other.id}
    # Nor is a real panel a route from the demo panel: a trial never spends real money.
    from_demo = ws.equivalents(demo.id, 1)
    assert routes(from_demo, demo.id, svc(1, FOLLOWERS, rate="0.20"), Decimal("0.20"), values,
                  own_demo=True) == []
    assert cheaper_route(from_demo, demo.id, Decimal("9"), 5, own_demo=True) is None


def test_demo_spending_is_never_part_of_real_totals(ws: Workspace) -> None:
    real = cached_panel(ws, "real", "Real", "USD", [svc(1, FOLLOWERS)])
    demo = cached_panel(ws, "demo", "Demo", "USD", [svc(1, FOLLOWERS)], demo=True)
    for pid, remote, charge in ((real.id, 11, "2.50"), (demo.id, 12, "40.00")):
        ws.store.orders.bulk_insert_placed(pid, svc(1, FOLLOWERS), [(remote, "https://x.y/z", 100)],
                                           created_at_ms=now_ms() - 1000)
        with ws.store.db.transaction() as c:
            c.execute("UPDATE orders SET charge = ?, currency = 'USD' WHERE remote_id = ?",
                      (charge, remote))
    assert ws.spending_totals() == [(real.id, "USD", Decimal("2.50"))]
    assert ws.spending_totals(demo=True) == [(demo.id, "USD", Decimal("40.00"))]
    assert [r[1] for r in ws.spending()] == [real.id]
    # One panel asked for by name: that panel's, whatever its kind.
    assert ws.spending_totals(demo.id) == [(demo.id, "USD", Decimal("40.00"))]


# ----------------------------------------------------------------------------- what a route takes

def test_a_route_holds_the_typed_quantity_and_its_panel_can_pay(ws: Workspace) -> None:
    own = svc(1, FOLLOWERS, rate="3.50")
    cached_panel(ws, "own", "Own", "USD", [own])
    cached_panel(ws, "big", "Big minimum", "USD", [svc(1, FOLLOWERS, rate="1.00", lo=500)])
    cached_panel(ws, "poor", "Poor", "USD", [svc(1, FOLLOWERS, rate="1.10")])
    cached_panel(ws, "fine", "Fine", "USD", [svc(1, FOLLOWERS, rate="1.20")])
    ws.store.panels.add_balance("poor", Balance(Decimal("0.05"), "USD"))  # 100 cost 0.11 there
    ws.store.panels.add_balance("fine", Balance(Decimal("50"), "USD"))
    matches = ws.equivalents("own", 1)
    typed = {"link": "https://instagram.com/someone", "quantity": "100"}
    options = routes(matches, "own", own, Decimal("3.50"), typed,
                     balances={"poor": Balance(Decimal("0.05"), "USD"),
                               "fine": Balance(Decimal("50"), "USD")})
    assert [r.match.panel_id for r in options] == ["fine"]
    assert options[0].covers is True
    # Nothing typed yet: limits and balance cannot object.
    loose = routes(matches, "own", own, Decimal("3.50"), {})
    assert {r.match.panel_id for r in loose} == {"big", "poor", "fine"}
    # A panel whose balance is not known yet: offered, and it says so (covers None).
    unknown = routes(matches, "own", own, Decimal("3.50"), typed)
    assert {r.match.panel_id: r.covers for r in unknown} == {"poor": None, "fine": None}


def test_the_same_service_means_the_same_refill_promise() -> None:
    own = svc(1, "Instagram Followers | Real HQ | Lifetime Refill", rate="3.50")
    no_refill = svc(2, "Instagram Followers | Real HQ [No Refill]", rate="0.20")
    lifetime = svc(3, "Instagram Followers | Real HQ | Lifetime Refill", rate="3.00")
    matches = [Match("a", no_refill, 0.8, Decimal("0.20")), Match("b", lifetime, 0.8,
                                                                  Decimal("3.00"))]
    typed = {"quantity": "100"}
    best = best_route(routes(matches, "own", own, Decimal("3.50"), typed), cheaper_by=5)
    assert best is not None and best.match.panel_id == "b" and best.same_refill
    # Only the no-refill one is cheaper: it is offered, saying how the refill differs.
    only = best_route(routes(matches[:1], "own", own, Decimal("3.50"), typed), cheaper_by=5)
    assert only is not None and not only.same_refill
    assert (only.own_refill_days, only.refill_days) == (36500, 0)


def test_a_route_says_what_it_costs_against_this_one() -> None:
    own = svc(1, FOLLOWERS, rate="1.00")
    dear = svc(2, FOLLOWERS, rate="3.50")
    matches = [Match("b", dear, 0.9, Decimal("3.50"))]
    route = best_route(routes(matches, "own", own, Decimal("1.00"),
                              {"quantity": "1000", "link": "https://instagram.com/x"}))
    assert route is not None
    assert route.difference == Decimal("2.50") and route.percent == Decimal(250)
    assert route.order_difference == Decimal("2.50")  # 1,000 ordered
    assert route.saving == Decimal(-250)
    # Not cheaper: never a hint.
    assert best_route([route], cheaper_by=5) is None


# ----------------------------------------------------------------------------- uncertain links

def uncertain(ws: Workspace, pid: str, service: Service, link: str) -> int:
    oid = ws.store.orders.insert_submitting(panel_id=pid, service=service, fields={"link": link},
                                            link=link, quantity=100,
                                            charge_estimate=Decimal("0.35"), currency="USD")
    ws.store.orders.set_submit_result(oid, SubmitState.UNCERTAIN, error="no answer")
    return oid


def test_an_unresolved_order_on_a_link_is_found_on_any_panel(ws: Workspace) -> None:
    cached_panel(ws, "a", "A", "USD", [svc(1, FOLLOWERS)])
    cached_panel(ws, "b", "B", "USD", [svc(9, FOLLOWERS)])
    oid = uncertain(ws, "a", svc(1, FOLLOWERS), "https://www.instagram.com/someone/")
    found = ws.unresolved_on_link("instagram.com/someone")
    assert found is not None and found.id == oid
    assert ws.unresolved_on_link("https://instagram.com/someone-else") is None
    assert ws.find_duplicate("b", 9, "https://www.instagram.com/someone/") is None  # per service
    ws.store.orders.resolve(oid, None)  # checked on the panel: nothing was placed
    assert ws.unresolved_on_link("instagram.com/someone") is None


def test_same_link_compares_links_as_people_type_them() -> None:
    assert same_link("https://www.Instagram.com/Someone/") == same_link("instagram.com/Someone")
    assert same_link("instagram.com/Someone") != same_link("instagram.com/someone")
    assert same_link("  ") == ""


# ----------------------------------------------------------------------------- quantity

def test_the_ordered_quantity_stays_what_was_ordered(ws: Workspace) -> None:
    panel = cached_panel(ws, "p1", "P", "USD", [svc(1, FOLLOWERS)])
    oid = ws.store.orders.insert_submitting(panel_id=panel.id, service=svc(1, FOLLOWERS),
                                            fields={"link": "https://instagram.com/a",
                                                    "quantity": "100"},
                                            link="https://instagram.com/a", quantity=100,
                                            charge_estimate=Decimal("0.1"), currency="USD")
    ws.store.orders.set_submit_result(oid, SubmitState.PLACED, remote_id=77)
    ws.store.orders.apply_statuses(panel.id, {77: OrderStatus(
        77, OrderState.IN_PROGRESS, "In progress", Decimal("0.1"), 5, 157)})
    order = ws.order(oid)
    assert (order.quantity, order.remains) == (100, 157)
    row = dict(zip(COLUMNS, order_row(order, {panel.id: "P"}), strict=True))
    assert (row["quantity"], row["remains"]) == ("100", "157")
