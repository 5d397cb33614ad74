"""The reseller's books (issue 26) through the Workspace, against the simulator over real HTTP
and a real SQLite file: price rules, sales, profit through the order's fate, rates kept with
the order, payments, the ledger and statements."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import ROUND_CEILING, Decimal

import pytest

from smmdesk import ledger
from smmdesk.export import read_orders_csv
from smmdesk.ledger import PriceRule, apply_rule, rule_for
from smmdesk.models import OrderState, OrderStatus, Panel, Service, SubmitState
from smmdesk.store import DB_NAME
from smmdesk.workspace import Workspace

D = Decimal


def up(amount: Decimal) -> Decimal:
    """A sell price: up to the cent."""
    return amount.quantize(D("0.01"), rounding=ROUND_CEILING)


@pytest.fixture
def ws(engine_ws: Workspace) -> Workspace:
    """This file's workspace: on both engines (``tests.engines``), a local one and a team one
    (``local_ws``: what only a local workspace has: the SQLite file's own tally rebuild)."""
    return engine_ws


@pytest.fixture
def local_ws(data_dir) -> Iterator[Workspace]:
    with Workspace(data_dir) as w:
        yield w


def _connect(ws: Workspace, simulator) -> Panel:
    p = ws.add_panel("Sim", simulator.url, simulator.key)
    ws.refresh_services(p.id)
    ws.balance(p.id)  # the panel's currency (USD): the home currency while none is chosen
    return ws.panel(p.id)


@pytest.fixture
def panel(ws: Workspace, simulator) -> Panel:
    return _connect(ws, simulator)


@pytest.fixture
def local_panel(local_ws: Workspace, simulator) -> Panel:
    return _connect(local_ws, simulator)


def service(ws: Workspace, panel: Panel, nth: int = 0) -> Service:
    found = [r.service for r in ws.services(panel.id) if r.service.type == "Default"]
    return found[nth]


def fields(s: Service, link: str = "https://instagram.com/someone",
           quantity: int | None = None) -> dict[str, str]:
    return {"link": link, "quantity": str(quantity or max(s.min, 100))}


def settle(ws: Workspace, order, state: OrderState, *, charge: str | None = None,
           remains: int | None = None) -> None:
    """What the status sync writes when the panel reports this (the store's one door)."""
    ws.store.orders.apply_statuses(order.panel_id, {order.remote_id: OrderStatus(
        order.remote_id, state, state.value.title(),
        charge=D(charge) if charge is not None else None, remains=remains)})


# ------------------------------------------------------------------------------- rules


def test_the_most_specific_rule_wins() -> None:
    rules = [
        PriceRule(1, D(10)),
        PriceRule(2, D(20), panel_id="p"),
        PriceRule(3, D(30), category="Instagram Followers"),
        PriceRule(4, D(35), panel_id="p", category="Instagram Followers"),
        PriceRule(5, D(40), panel_id="p", service_id=7),
        PriceRule(6, D(50), customer_id=1),
        PriceRule(7, D(60), panel_id="p", service_id=7, customer_id=1),
    ]

    def won(**kw) -> int | None:
        kw = {"panel_id": "p", "category": "Other", "service_id": 9, "customer_id": None} | kw
        rule = rule_for(rules, **kw)
        return rule.id if rule else None

    assert won(service_id=7, customer_id=1) == 7  # customer + service
    assert won(customer_id=1) == 6  # customer
    assert won(service_id=7, customer_id=2) == 5  # service (another customer's rule aside)
    assert won(category="İNSTAGRAM FOLLOWERS") == 4  # category of the panel (folded)
    assert won(panel_id="q", category="instagram followers") == 3  # category of any panel
    assert won() == 2  # panel
    assert won(panel_id="q") == 1  # everything
    assert rule_for(rules[1:2], panel_id="q", category=None, service_id=1,
                    customer_id=None) is None


def test_markup_rounding_and_minimum_are_exact() -> None:
    assert apply_rule(PriceRule(1, D(25)), D("1.00")) == D("1.25")
    assert apply_rule(PriceRule(1, D("33.3")), D("0.10")) == D("0.14")  # 0.1333: up to a cent
    assert apply_rule(PriceRule(1, D(20)), D("0.002")) == D("0.01")  # never sold for nothing
    # rounded up to the step: never under the markup, never to zero
    assert apply_rule(PriceRule(1, D(25), round_to=D("0.05")), D("1.01")) == D("1.30")
    assert apply_rule(PriceRule(1, D(25), round_to=D("0.05")), D("1.04")) == D("1.30")
    assert apply_rule(PriceRule(1, D(25), round_to=D("0.05")), D("0.0123")) == D("0.05")
    assert apply_rule(PriceRule(1, D(0), round_to=D("1")), D("3")) == D("3.00")
    assert apply_rule(PriceRule(1, D(25), round_to=D("0.05"), minimum=D("2")),
                      D("1.00")) == D("2.00")
    assert apply_rule(PriceRule(1, D(25), minimum=D("2")), D("4.00")) == D("5.00")
    for bad in ({"markup_percent": D(-1)}, {"round_to": D(0)},
                {"service_id": 3}, {"customer_id": 1, "category": "x"},
                {"category": "x", "service_id": 1, "panel_id": "p"}):
        args = {"markup_percent": D(10), "panel_id": None, "category": None,
                "service_id": None, "customer_id": None, "minimum": None,
                "round_to": None} | bad
        with pytest.raises(ValueError):
            ledger.check_rule(args.pop("markup_percent"), **args)


def test_sell_price_comes_from_the_rules_and_a_rule_of_the_same_scope_is_replaced(
        ws: Workspace, panel: Panel) -> None:
    s = service(ws, panel)
    ann = ws.add_customer("Ann")
    assert ws.sell_price(panel.id, s.id, fields(s)) is None  # no rule yet
    ws.set_price_rule(D(50))
    ws.set_price_rule(D(100), panel_id=panel.id, service_id=s.id, customer_id=ann.id)
    cost = s.rate * max(s.min, 100) / 1000  # the panel's currency is the home currency
    assert ws.sell_price(panel.id, s.id, fields(s)) == up(cost * D("1.5"))
    assert ws.sell_price(panel.id, s.id, fields(s), customer_id=ann.id) == up(cost * 2)
    ws.set_price_rule(D(60), minimum=D("5"))  # the same scope: replaced, not added
    assert len(ws.price_rules()) == 2
    assert ws.sell_price(panel.id, s.id, fields(s)) == max(D(5), up(cost * D("1.6")))
    ws.delete_price_rule(next(r for r in ws.price_rules() if r.scope == "everything").id)
    assert ws.sell_price(panel.id, s.id, fields(s)) is None


# ------------------------------------------------------------------------------- profit


def test_profit_follows_completed_partial_canceled_and_refunded(ws: Workspace,
                                                                panel: Panel) -> None:
    s = service(ws, panel)
    ann = ws.add_customer("Ann")
    placed = [ws.place_order(panel.id, s.id, fields(s, f"https://instagram.com/u{i}", 100),
                             customer_id=ann.id, sell_price=D("10.00")) for i in range(4)]
    assert all(o.submit_state is SubmitState.PLACED for o in placed)
    assert all(o.customer_id == ann.id and o.sell_price == D("10.00") for o in placed)
    assert all(o.home_rate == 1 for o in placed)  # the panel's currency is the home one
    settle(ws, placed[0], OrderState.COMPLETED, charge="2.00", remains=0)
    settle(ws, placed[1], OrderState.PARTIAL, charge="1.20", remains=40)
    settle(ws, placed[2], OrderState.CANCELED, charge="2.00", remains=100)
    settle(ws, placed[3], OrderState.CANCELED, charge="0")  # "Refunded" reads as Canceled
    done, part, canceled, refunded = ws.store.orders.get_orders(o.id for o in placed)
    assert (done.revenue_home, done.cost_home, done.profit_home) == (D("10.00"), D(2), D(8))
    # 60 of 100 delivered: the sell price prorated, the panel's reduced charge
    assert (part.revenue_home, part.cost_home, part.profit_home) == (D("6.00"), D("1.2"),
                                                                     D("4.8"))
    for o in (canceled, refunded):
        assert (o.revenue_home, o.cost_home, o.profit_home) == (0, 0, 0)
    [row] = ws.ledger(by="customer")
    assert (row.key, row.label, row.orders) == (ann.id, "Ann", 4)
    assert (row.revenue, row.cost, row.profit, row.margin_percent) == (
        D("16.00"), D("3.20"), D("12.80"), D("80.0"))
    assert all(isinstance(v, Decimal) for v in (row.revenue, row.cost, row.profit))


def test_an_estimate_counts_until_the_charge_and_is_prorated_on_partial(
        ws: Workspace, panel: Panel) -> None:
    s = service(ws, panel)
    o = ws.place_order(panel.id, s.id, fields(s, quantity=1000), sell_price=D("3.00"))
    assert o.cost_home == (s.rate).quantize(D("0.000001"))  # 1000 at the rate per 1000
    settle(ws, o, OrderState.PARTIAL, remains=250)  # no charge reported
    o = ws.order(o.id)
    assert o.cost_home == (s.rate * D("0.75")).quantize(D("0.000001"))
    assert o.revenue_home == D("2.25")


def test_a_rate_change_after_placement_leaves_old_profit_unchanged(
        ws: Workspace, panel: Panel) -> None:
    s = service(ws, panel)
    ws.set_home_currency("TRY")
    ws.set_rate("USD", D("30"))
    ann = ws.add_customer("Ann")
    o = ws.place_order(panel.id, s.id, fields(s, quantity=1000), customer_id=ann.id,
                       sell_price=D("100.00"))
    assert o.home_rate == D(30)
    settle(ws, o, OrderState.COMPLETED, charge="1.5", remains=0)
    before = ws.ledger(by="month")
    assert ws.order(o.id).profit_home == D("55.0")
    ws.set_rate("USD", D("40"))
    assert ws.order(o.id).profit_home == D("55.0")
    assert ws.ledger(by="month") == before
    assert before[0].cost == D("45.00") and before[0].profit == D("55.00")
    # an order placed after the change keeps the new rate
    o2 = ws.place_order(panel.id, s.id, fields(s, "https://instagram.com/x", 1000),
                        customer_id=ann.id, sell_price=D("100.00"))
    assert o2.home_rate == D(40)


def test_an_order_without_a_rate_is_counted_apart_in_its_own_currency(
        ws: Workspace, panel: Panel) -> None:
    s = service(ws, panel)
    ws.set_home_currency("TRY")  # no USD rate known
    o = ws.place_order(panel.id, s.id, fields(s, quantity=1000), sell_price=D("50.00"))
    assert o.home_rate is None and o.cost_home is None and o.profit_home is None
    settle(ws, o, OrderState.COMPLETED, charge="1.5", remains=0)
    [row] = ws.ledger(by="panel")
    assert (row.orders, row.revenue, row.cost) == (0, D("0.00"), D("0.00"))
    assert row.apart == (ledger.ApartSum("USD", 1, D("50.00"), D("1.50")),)


# ------------------------------------------------------------------------------- sales


def test_orders_can_be_given_a_customer_afterwards_and_searched_by_their_name(
        ws: Workspace, panel: Panel) -> None:
    s = service(ws, panel)
    ws.set_price_rule(D(100))
    ayse = ws.add_customer("Ayşe Yılmaz", contact="+90 555")
    orders = [ws.place_order(panel.id, s.id, fields(s, f"https://instagram.com/a{i}", 1000))
              for i in range(3)]
    assert all(o.customer_id is None and o.sell_price is None for o in orders)
    given = ws.assign_orders([orders[0].id, orders[1].id], ayse.id)
    assert [o.customer_id for o in given] == [ayse.id, ayse.id]
    assert given[0].sell_price == up(s.rate * 2)  # the rule's, from cost
    ws.assign_orders([orders[1].id], ayse.id, sell_price=D("9.99"))
    assert ws.order(orders[1].id).sell_price == D("9.99")
    for term in ("AYSE", "yılmaz", "ayşe y"):
        assert {o.id for o in ws.orders(search=term)} == {orders[0].id, orders[1].id}, term
    assert {o.id for o in ws.orders(customer_id=ayse.id)} == {orders[0].id, orders[1].id}
    assert [c.name for c in ws.customers("AYSE")] == ["Ayşe Yılmaz"]
    assert [c.name for c in ws.customers("555")] == ["Ayşe Yılmaz"]
    ws.assign_orders([orders[0].id], None)
    assert ws.order(orders[0].id).customer_id is None
    assert ws.order(orders[0].id).sell_price is None
    with pytest.raises(KeyError):
        ws.assign_orders([orders[2].id], 999)


def test_customers_are_updated_and_archived(ws: Workspace) -> None:
    c = ws.add_customer("  Bob  ", notes="via WhatsApp")
    assert c.name == "Bob" and not c.archived
    assert ws.update_customer(c.id, name="Bobby", contact="@bob").contact == "@bob"
    ws.archive_customer(c.id)
    assert ws.customers() == [] and ws.customer(c.id).archived
    assert [x.name for x in ws.customers(archived=True)] == ["Bobby"]
    with pytest.raises(ValueError):
        ws.add_customer("  ")
    with pytest.raises(TypeError):
        ws.update_customer(c.id, balance=3)


def test_payments_and_the_balance_due(ws: Workspace, panel: Panel) -> None:
    s = service(ws, panel)
    ann, bob = ws.add_customer("Ann"), ws.add_customer("Bob")
    a = ws.place_order(panel.id, s.id, fields(s, quantity=100), customer_id=ann.id,
                       sell_price=D("12.50"))
    ws.place_order(panel.id, s.id, fields(s, "https://instagram.com/b", 100),
                   customer_id=bob.id, sell_price=D("3.00"))
    assert ws.customer_balance(ann.id) == D("12.50")
    ws.record_payment(ann.id, D("5.00"), note="cash")
    ws.record_payment(ann.id, D("2.50"))
    assert [p.amount for p in ws.payments(ann.id)] == [D("5.00"), D("2.50")]
    assert ws.customer_balance(ann.id) == D("5.00")
    settle(ws, a, OrderState.CANCELED)  # the order is refunded: so is what is owed for it
    assert ws.customer_balance(ann.id) == D("-7.50")  # paid in advance
    assert [(x.customer.name, x.balance) for x in ws.customer_summaries()] == [
        ("Bob", D("3.00")), ("Ann", D("-7.50"))]
    with pytest.raises(TypeError):
        ws.record_payment(ann.id, 1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        ws.record_payment(ann.id, D("0"))


# ------------------------------------------------------------------------------- reports


def test_a_statements_totals_equal_the_ledgers_and_its_csv_holds_them(
        ws: Workspace, panel: Panel, tmp_path) -> None:
    s = service(ws, panel)
    ann = ws.add_customer("Ann =cmd")
    orders = [ws.place_order(panel.id, s.id, fields(s, f"https://instagram.com/s{i}", 100),
                             customer_id=ann.id, sell_price=D("3.33")) for i in range(3)]
    settle(ws, orders[0], OrderState.PARTIAL, remains=33)  # 3.33 × 67/100 = 2.2311 -> 2.23
    ws.record_payment(ann.id, D("4"))
    since = datetime.now(UTC) - timedelta(days=1)
    until = datetime.now(UTC) + timedelta(days=1)
    st = ws.statement(ann.id, since, until)
    assert [ln.amount for ln in st.lines] == [D("2.23"), D("3.33"), D("3.33")]
    assert st.lines[0].delivered == 67 and st.lines[0].status == "partial"
    assert (st.revenue, st.paid, st.balance_due) == (D("8.89"), D("4.00"), D("4.89"))
    [row] = ws.ledger(by="customer", since=since, until=until, customer_id=ann.id)
    assert row.revenue == st.revenue == sum(ln.amount for ln in st.lines)
    assert ws.customer_balance(ann.id) == st.balance_due
    out = tmp_path / "statement.csv"
    assert ledger.write_statement_csv(out, st) == 3
    text = out.read_text(encoding="utf-8-sig")
    assert "'=cmd" not in text and "'Ann =cmd" not in text  # "Ann" first: not a formula
    assert "2.23" in text and "4.89" in text
    buf = io.StringIO()
    ledger.write_ledger_csv(buf, ws.ledger(by="month"))
    rows = read_orders_csv(io.StringIO(buf.getvalue()))
    assert rows[-1]["Key"] == "Total" and rows[-1]["Revenue"] == "8.89"


def test_a_statements_opening_balance_is_what_was_owed_before_it_to_the_cent(
        ws: Workspace, panel: Panel) -> None:
    """"Owed before": every earlier sale to the customer (whole days and the part-day before
    the period alike, each at its fate) less the payments before the period; the period's own
    orders, other customers' sales and later payments do not count."""
    s = service(ws, panel)
    ann, bob = ws.add_customer("Ann"), ws.add_customer("Bob")
    made = [ws.place_order(panel.id, s.id, fields(s, f"https://instagram.com/o{i}", 100),
                           customer_id=(ann.id if i % 4 else bob.id),
                           sell_price=D("1.07") * (i + 1)) for i in range(10)]
    settle(ws, made[1], OrderState.PARTIAL, remains=33)  # 2.14 × 67/100 = 1.4338 -> 1.43
    settle(ws, made[2], OrderState.CANCELED, remains=100)  # owes nothing
    settle(ws, made[3], OrderState.COMPLETED)
    # over four days, nine hours apart: the period starts in the middle of the third day
    day = 86_400_000
    base = (made[0].created_at.timestamp() * 1000) // day * day - 3 * day
    with ws.store.db.transaction() as c:
        for i, o in enumerate(made):
            c.execute("UPDATE orders SET created_at = ? WHERE id = ?",
                      (base + i * 9 * 3_600_000, o.id))
    since = datetime.fromtimestamp((base + 2 * day + 8 * 3_600_000) / 1000, UTC)
    ws.record_payment(ann.id, D("2.50"), at=since - timedelta(days=1))
    ws.record_payment(ann.id, D("100"), at=since + timedelta(hours=1))  # in the period
    orders = ws.store.orders.get_orders(o.id for o in made)
    before = [o for o in orders if o.customer_id == ann.id and o.created_at < since]
    assert any(o.created_at >= since - timedelta(hours=3) for o in before)  # a part-day's
    owed = sum((o.revenue_home or D(0) for o in before), D("0.00")) - D("2.50")
    st = ws.statement(ann.id, since)
    assert st.opening_balance == owed
    assert [ln.order_id for ln in st.lines] == [
        o.id for o in orders if o.customer_id == ann.id and o.created_at >= since]
    assert st.balance_due == ws.customer_balance(ann.id)  # all of it: nothing after "now"
    assert ws.statement(ann.id, None).opening_balance == D("0.00")


def test_ledger_rows_add_up_and_equal_the_orders_line_by_line(
        ws: Workspace, panel: Panel) -> None:
    """The tally the triggers keep equals the orders priced one by one, for every key and for
    a period that starts and ends inside a day; the totals are the sums of the rows shown."""
    s1, s2 = service(ws, panel, 0), service(ws, panel, 1)
    ws.set_home_currency("USD")
    ann, bob = ws.add_customer("Ann"), ws.add_customer("Bob")
    made = []
    for i in range(12):
        s = (s1, s2)[i % 2]
        made.append(ws.place_order(
            panel.id, s.id, fields(s, f"https://instagram.com/t{i}", s.min + i),
            customer_id=(ann.id, bob.id, None)[i % 3],
            sell_price=D("1.11") * (i + 1) if i % 3 != 2 else None))
    fates = [(OrderState.COMPLETED, "0.3333", 0), (OrderState.PARTIAL, None, 17),
             (OrderState.CANCELED, "0.5", 50), (OrderState.PARTIAL, "0.07", 3)]
    assert all(o.submit_state is SubmitState.PLACED for o in made)
    for i, o in enumerate(made[:8]):
        state, charge, remains = fates[i % 4]
        settle(ws, o, state, charge=charge, remains=remains)
    # spread them over three days, as if placed then (the triggers follow created_at)
    day = 86_400_000
    base = (made[0].created_at.timestamp() * 1000) // day * day - 2 * day
    with ws.store.db.transaction() as c:
        for i, o in enumerate(made):
            c.execute("UPDATE orders SET created_at = ? WHERE id = ?",
                      (base + (i % 3) * day + (i * 3_600_000), o.id))
    orders = ws.store.orders.get_orders(o.id for o in made)
    since = datetime.fromtimestamp((base + 5 * 3_600_000) / 1000, UTC)
    until = datetime.fromtimestamp((base + 2 * day + 10 * 3_600_000) / 1000, UTC)
    for by in ledger.BY:
        for period in ((None, None), (since, until)):
            rows = ws.ledger(by=by, since=period[0], until=period[1])
            inside = [o for o in orders if (period[0] is None or o.created_at >= period[0])
                      and (period[1] is None or o.created_at < period[1])]
            assert sum(r.orders for r in rows) == len(inside)
            assert sum(r.revenue for r in rows) == sum(o.revenue_home or 0 for o in inside)
            exact_cost = sum(o.cost_home for o in inside)
            assert abs(sum(r.cost for r in rows) - exact_cost) <= D("0.005") * len(rows)
            total = ledger.totals(rows)
            assert total.revenue == sum(r.revenue for r in rows)
            assert total.cost == sum(r.cost for r in rows)
            assert total.profit == total.revenue - total.cost
    by_customer = {r.key: r for r in ws.ledger(by="customer")}
    assert set(by_customer) == {ann.id, bob.id, None}
    assert by_customer[None].revenue == 0 and by_customer[None].cost > 0


def test_the_tally_matches_a_rebuild_after_every_kind_of_change(
        local_ws: Workspace, local_panel: Panel) -> None:
    """SQLite only: rebuilds the file's ``ledger_tally`` with its v17 step (the team store's
    triggers are held to the same rows by tests/core/test_pg_tallies.py)."""
    ws, panel = local_ws, local_panel
    s = service(ws, panel)
    ann = ws.add_customer("Ann")
    a = ws.place_order(panel.id, s.id, fields(s), customer_id=ann.id, sell_price=D("2"))
    b = ws.place_order(panel.id, s.id, fields(s, "https://instagram.com/b"))
    settle(ws, a, OrderState.PARTIAL, charge="0.01", remains=5)
    ws.assign_orders([b.id], ann.id, sell_price=D("1"))
    ws.assign_orders([a.id], None)
    ws.remove_panel(panel.id, keep_history=True)
    conn = sqlite3.connect(ws.data_dir / DB_NAME)
    try:
        kept = conn.execute("SELECT day, panel_key, service_id, customer_id, cur, n, revenue, "
                            "cost FROM ledger_tally WHERE n != 0 ORDER BY 1, 2, 3, 4, 5"
                            ).fetchall()
    finally:
        conn.close()
    ws.close()
    conn = sqlite3.connect(ws.data_dir / DB_NAME, isolation_level=None)
    try:
        from smmdesk.store import migrations

        migrations.register_functions(conn)
        conn.execute("BEGIN")
        migrations.run_statements(conn, migrations._V17_TALLY)
        rebuilt = conn.execute("SELECT day, panel_key, service_id, customer_id, cur, n, "
                               "revenue, cost FROM ledger_tally ORDER BY 1, 2, 3, 4, 5"
                               ).fetchall()
        conn.execute("ROLLBACK")
    finally:
        conn.close()
    assert kept == rebuilt and len(kept) == 2


def test_the_demo_panel_is_left_out_of_the_ledger(ws: Workspace, simulator) -> None:
    demo = ws.add_panel("Demo", simulator.url, simulator.key, is_demo=True)
    ws.refresh_services(demo.id)
    ws.balance(demo.id)  # its currency
    s = service(ws, demo)
    ws.place_order(demo.id, s.id, fields(s), sell_price=D("1"))
    assert ws.ledger(by="month") == []
    assert ws.ledger(by="month", demo=True)[0].revenue == D("1.00")


def test_the_margin_guard_alerts_once_per_rate_change(ws: Workspace, panel: Panel,
                                                      simulator) -> None:
    s = service(ws, panel)
    ann = ws.add_customer("Ann")
    ws.set_price_rule(D(5), panel_id=panel.id, service_id=s.id, customer_id=ann.id)
    ws.set_price_rule(D(50))
    ws.refresh_services(panel.id)
    assert [a for a in ws.alerts() if a.kind.value == "margin"] == []  # no change
    simulator.update_service(s.id, rate=str(s.rate * 100))
    ws.refresh_services(panel.id)
    [alert] = [a for a in ws.alerts() if a.kind.value == "margin"]
    assert alert.service_id == s.id and alert.data["customers"] == [ann.id]
    assert not alert.data["general"]  # the 50 % rule keeps its margin
    assert alert.data["customer_names"] == ["Ann"] and alert.data["minimum"] == "10"
    ws.refresh_services(panel.id)  # the same change: not again
    assert len([a for a in ws.alerts() if a.kind.value == "margin"]) == 1
    # a customer's last price (no rule of theirs) is hit too, at the next change
    bob = ws.add_customer("Bob")
    other = service(ws, panel, 1)
    ws.place_order(panel.id, other.id, fields(other, quantity=1000), customer_id=bob.id,
                   sell_price=(other.rate * D("1.05")).quantize(D("0.01"), ROUND_CEILING))
    ws.delete_price_rule(next(r for r in ws.price_rules() if r.scope == "everything").id)
    simulator.update_service(other.id, rate=str(other.rate * 2))
    ws.refresh_services(panel.id)
    hit = [a for a in ws.alerts() if a.kind.value == "margin" and a.service_id == other.id]
    assert len(hit) == 1 and hit[0].data["customer_names"] == ["Bob"]


def test_the_margin_guard_finds_the_rules_and_last_prices_a_dearer_rate_hits(
        ws: Workspace, panel: Panel) -> None:
    """What the margin guard's alert is made of (``Books.margin_hits``), on both engines: a
    customer's rule and another customer's last sell price under the minimum margin."""
    from dataclasses import replace

    s = service(ws, panel)
    ann, bob = ws.add_customer("Ann"), ws.add_customer("Bob")
    ws.set_price_rule(D(5), panel_id=panel.id, service_id=s.id, customer_id=ann.id)
    ws.set_price_rule(D(50))
    ws.place_order(panel.id, s.id, fields(s, quantity=1000), customer_id=bob.id,
                   sell_price=(s.rate * D("1.05")).quantize(D("0.01"), ROUND_CEILING))
    catalogue = [r.service for r in ws.services(panel.id)]
    same = ws.store.services.apply_services(panel.id, catalogue)
    assert ws.books.margin_hits(panel.id, same) == []  # no rate went up
    diff = ws.store.services.apply_services(
        panel.id, [replace(x, rate=x.rate * 2) if x.id == s.id else x for x in catalogue])
    hits = ws.books.margin_hits(panel.id, diff)
    assert sorted((h.service_id, h.customer_name) for h in hits) == [(s.id, "Ann"),
                                                                    (s.id, "Bob")]
    margins = {h.customer_name: h.margin_percent for h in hits}
    assert margins["Ann"] is not None and 0 < margins["Ann"] < 10  # her 5 % rule
    assert margins["Bob"] is not None and margins["Bob"] < 0  # his price is under the cost


def test_the_orders_csv_holds_the_customer_sell_price_and_profit(ws: Workspace, panel: Panel,
                                                                tmp_path) -> None:
    from smmdesk.export import write_orders_csv

    s = service(ws, panel)
    ann = ws.add_customer("=Ann")
    o = ws.place_order(panel.id, s.id, fields(s, quantity=1000), customer_id=ann.id,
                       sell_price=D("5.00"))
    settle(ws, o, OrderState.COMPLETED, charge="1.25", remains=0)
    ws.place_order(panel.id, s.id, fields(s, "https://instagram.com/x", 1000))
    path = tmp_path / "orders.csv"
    write_orders_csv(path, ws.orders(), None, {c.id: c.name for c in ws.customers()})
    rows = {r["local_id"]: r for r in read_orders_csv(path)}
    sold = rows[str(o.id)]
    assert (sold["customer"], sold["sell_price"]) == ("=Ann", "5.00")
    assert D(sold["profit"]) == D("3.75")  # exact (the cost kept to the millionth)
    assert "'=Ann" in path.read_text(encoding="utf-8-sig")  # a formula is neutralised
    other = next(r for k, r in rows.items() if k != str(o.id))
    assert (other["customer"], other["sell_price"], other["profit"]) == ("", "", "")


def test_an_order_whose_currency_is_not_known_is_never_mixed_in(ws: Workspace,
                                                                panel: Panel) -> None:
    s = service(ws, panel)
    ws.store.orders.bulk_insert_placed(panel.id, s, [(990001, "https://instagram.com/t", 1000)])
    tracked = ws.store.orders.find_by_remote(panel.id, 990001)
    assert tracked is not None and tracked.currency is None and tracked.home_rate is None
    with ws.store.db.transaction() as c:  # the panel's charge, its currency not said
        c.execute("UPDATE orders SET charge = '7.5' WHERE id = ?", (tracked.id,))
    [row] = ws.ledger(by="panel")
    assert (row.orders, row.cost) == (0, D("0.00"))
    assert row.apart == (ledger.ApartSum("?", 1, D("0.00"), D("7.50")),)


def test_a_schedules_runs_are_sold_to_its_customer_at_the_rules_price_of_their_day(
        ws: Workspace, panel: Panel) -> None:
    s = service(ws, panel)
    ann = ws.add_customer("Ann")
    ws.set_price_rule(D(100), customer_id=ann.id)
    first = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)
    sched = ws.schedule_order(panel.id, s.id, fields(s, quantity=1000), first_run=first,
                              every=timedelta(days=1), times=2, customer_id=ann.id)
    assert ws.schedule(sched.id).customer_id == ann.id  # kept (and read back)
    [run] = ws.run_due(first)
    assert run.customer_id == ann.id and run.sell_price == up(s.rate * 2)
    ws.set_price_rule(D(200), customer_id=ann.id)  # the rule of the next run's day
    [second] = ws.run_due(first + timedelta(days=1))
    assert second.sell_price == up(s.rate * 3)
    assert ws.order(run.id).sell_price == up(s.rate * 2)  # the first one's stays


def test_a_file_migrated_to_v18_before_v17_landed_gets_the_books(data_dir) -> None:
    """v18 (the provider watch) reached main before v17 (the books): a file already at v18
    never ran v17's step by number; it runs when its tables are missing."""
    from smmdesk.store import Store, migrations

    conn = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)
    try:
        migrations.register_functions(conn)
        migrations.migrate(conn, target=16)
        conn.execute("BEGIN")
        migrations.MIGRATIONS[18](conn)  # what main's v18 did, without v17
        conn.execute("PRAGMA user_version = 18")
        conn.execute("COMMIT")
        assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'customers'"
                                ).fetchone()
    finally:
        conn.close()
    s = Store(data_dir)
    try:
        assert s.db.schema_version == migrations.SCHEMA_VERSION
        assert migrations.LANDED_LATE[17](s.db._c)
    finally:
        s.close()
    with Workspace(data_dir) as ws:
        assert ws.add_customer("Ann").name == "Ann" and ws.ledger(by="month") == []
