"""Issue 17: order integrity (one local order per panel order id), true subscription prices."""

from __future__ import annotations

import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from smmdesk import history, servicetypes
from smmdesk.export import read_orders_csv, write_orders_csv
from smmdesk.models import OrderState, OrderStatus, OutcomeKind, Panel, Service, SubmitState
from smmdesk.outcomes import describe_order
from smmdesk.store import DB_NAME, RemoteIdTaken, Store
from smmdesk.store.migrations import REMOTE_ID_DISPUTED
from smmdesk.workspace import ResolveRefused, Workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def ws(engine_ws: Workspace) -> Workspace:
    """This file's workspace: of each engine (tests/engines.py)."""
    return engine_ws


@pytest.fixture
def panel(ws: Workspace, simulator) -> Panel:
    p = ws.add_panel("Sim", simulator.url, simulator.key)
    ws.refresh_services(p.id)
    ws.balance(p.id)
    return ws.panel(p.id)


def service_of(ws: Workspace, panel: Panel, type_name: str) -> Service:
    for row in ws.services(panel.id):
        if row.service.type == type_name:
            return row.service
    raise AssertionError(f"no {type_name} service")


def spent(ws: Workspace) -> Decimal:
    return sum((v for _, _, v in ws.spending_totals()), Decimal(0))


# ------------------------------------------------------------------ 1. resolve with a taken id


def test_resolving_with_an_id_already_tracked_is_refused_and_changes_nothing(
        ws: Workspace, panel: Panel, simulator) -> None:
    default = service_of(ws, panel, "Default")
    package = service_of(ws, panel, "Package")
    placed = ws.place_order(panel.id, default.id,
                            {"link": "https://instagram.com/a", "quantity": str(default.min)})
    assert placed.submit_state is SubmitState.PLACED
    simulator.set_fault("drop_after_read", actions=["add"], times=1)
    unsure = ws.place_order(panel.id, package.id, {"link": "https://instagram.com/pkg"})
    assert unsure.submit_state is SubmitState.UNCERTAIN
    real_id = max(simulator.order_ids())  # the package order the panel did place
    ws.sync_panel(panel.id, force=True)
    before = spent(ws)

    check = ws.check_resolution(unsure.id, placed.remote_id)
    assert check.refused and check.taken_by is not None and check.taken_by.id == placed.id
    with pytest.raises(ResolveRefused) as refused:
        ws.resolve_uncertain(unsure.id, placed.remote_id)
    assert refused.value.check.taken_by.id == placed.id
    assert ws.order(unsure.id) == unsure  # nothing changed
    assert ws.order(placed.id).remote_id == placed.remote_id
    assert spent(ws) == before
    assert len([o for o in ws.orders(panel.id) if o.remote_id == placed.remote_id]) == 1

    # the right id is accepted, and takes the panel's own charge for the package
    ok = ws.resolve_uncertain(unsure.id, real_id)
    assert ok.submit_state is SubmitState.PLACED and ok.remote_id == real_id
    assert ok.charge == package.rate


def test_resolving_with_the_id_of_its_own_tracked_copy_folds_the_copy_in(
        engine_ws: Workspace, simulator) -> None:
    """The order was imported by its id (``track``) before the person resolved the UNCERTAIN
    one it is: resolving with that id keeps one order — the checked one, with the copy's
    history — on both engines."""
    from tests.conftest import connect_panel

    ws = engine_ws
    panel = connect_panel(ws, simulator)
    package = service_of(ws, panel, "Package")
    simulator.set_fault("drop_after_read", actions=["add"], times=1)
    unsure = ws.place_order(panel.id, package.id, {"link": "https://instagram.com/pkg"})
    assert unsure.submit_state is SubmitState.UNCERTAIN
    real_id = max(simulator.order_ids())  # the panel did place it
    (copy,) = ws.track_orders(panel.id, [real_id])
    assert copy.id != unsure.id and copy.remote_id == real_id
    check = ws.check_resolution(unsure.id, real_id)
    assert not check.refused and check.absorbs is not None and check.absorbs.id == copy.id

    ok = ws.resolve_uncertain(unsure.id, real_id)
    assert ok.id == unsure.id and ok.submit_state is SubmitState.PLACED
    assert ok.remote_id == real_id and ok.charge == package.rate
    assert [o.id for o in ws.orders(panel.id)] == [unsure.id]  # the copy is gone
    kinds = [e.kind for e in ws.store.orders.order_events(unsure.id)]
    assert kinds == ["submit", "submit", "track", "resolve", "state"]  # the copy's history too
    assert ws.store.orders.find_by_remote(panel.id, real_id).id == unsure.id


def test_an_id_whose_panel_answer_contradicts_the_order_is_shown_before_anything_changes(
        ws: Workspace, panel: Panel, simulator) -> None:
    default = service_of(ws, panel, "Default")
    package = service_of(ws, panel, "Package")
    simulator.set_fault("drop_after_read", actions=["add"], times=1)
    unsure = ws.place_order(panel.id, package.id, {"link": "https://instagram.com/pkg"})
    assert unsure.submit_state is SubmitState.UNCERTAIN
    # an order of someone else, placed on the website: cheap, many units, never tracked here
    other = simulator.place_direct(default.id, "https://instagram.com/else", default.min * 3)
    check = ws.check_resolution(unsure.id, other)
    assert not check.refused and check.status is not None and not check.clean
    assert {m.what for m in check.mismatches} == {"charge", "quantity"}
    charge = next(m for m in check.mismatches if m.what == "charge")
    assert charge.ours == package.rate and charge.theirs == default.rate * default.min * 3 / 1000
    with pytest.raises(ResolveRefused):
        ws.resolve_uncertain(unsure.id, other)
    assert ws.order(unsure.id).submit_state is SubmitState.UNCERTAIN
    # the person saw the difference and insists: then it is their call
    forced = ws.resolve_uncertain(unsure.id, other, accept_mismatch=True)
    assert forced.submit_state is SubmitState.PLACED and forced.remote_id == other


def test_unknown_id_is_refused(ws: Workspace, panel: Panel, simulator) -> None:
    package = service_of(ws, panel, "Package")
    simulator.set_fault("drop_after_read", actions=["add"], times=1)
    unsure = ws.place_order(panel.id, package.id, {"link": "https://instagram.com/pkg"})
    check = ws.check_resolution(unsure.id, 99_999_999)
    assert check.unknown and check.refused
    with pytest.raises(ValueError):
        ws.resolve_uncertain(unsure.id, 99_999_999)


def test_store_refuses_a_second_order_with_the_same_panel_order_id(engine_store: Store) -> None:
    s = engine_store  # each engine (tests/engines.py), with its panel "p1"
    try:
        s.panels.insert_panel(Panel(id="p2", name="Q", url="https://q.example/api/v2"))
        svc = Service(1, "Followers", "Default", "Instagram", Decimal("1.5"), 10, 1000)
        first = s.orders.insert_tracked("p1", 23517, None)
        with pytest.raises(RemoteIdTaken) as taken:
            s.orders.insert_tracked("p1", 23517, None)
        assert taken.value.owner is not None and taken.value.owner.id == first
        s.orders.insert_tracked("p2", 23517, None)  # another panel's #23517 is another order
        oid = s.orders.insert_submitting(panel_id="p1", service=svc, fields={}, link="x",
                                         quantity=10, charge_estimate=Decimal("0.015"),
                                         currency="USD")
        s.orders.set_submit_result(oid, SubmitState.UNCERTAIN, error="lost")
        with pytest.raises(RemoteIdTaken):
            s.orders.resolve(oid, 23517, None)
        assert s.orders.get_order(oid).submit_state is SubmitState.UNCERTAIN
        # the constraint itself, not only the methods
        if s.db.engine == "sqlite":
            refused: type[Exception] = sqlite3.IntegrityError
        else:
            import psycopg

            refused = psycopg.errors.UniqueViolation
        with pytest.raises(refused), s.db.transaction() as c:
            c.execute("UPDATE orders SET remote_id = 23517 WHERE id = ?", (oid,))
    finally:
        s.close()


def test_panel_answering_with_an_id_already_held_records_uncertain_not_a_crash(
        ws: Workspace, panel: Panel, simulator) -> None:
    default = service_of(ws, panel, "Default")
    placed = ws.place_order(panel.id, default.id,
                            {"link": "https://instagram.com/a", "quantity": str(default.min)})
    assert placed.submit_state is SubmitState.PLACED
    assert placed.remote_id == max(simulator.order_ids())  # the simulator numbers in sequence
    # a panel that reuses ids: the store already holds the next one
    ws.store.orders.insert_tracked(panel.id, placed.remote_id + 1, None)
    again = ws.place_order(panel.id, default.id,
                           {"link": "https://instagram.com/b", "quantity": str(default.min)})
    # The panel really did answer with that id: the clash is the panel's, not a lost request.
    assert max(simulator.order_ids()) == placed.remote_id + 1
    assert again.submit_state is SubmitState.UNCERTAIN and again.remote_id is None
    assert again.outcome is OutcomeKind.ID_TAKEN
    assert f"#{placed.remote_id + 1}" in describe_order(again)


def test_migration_v4_reports_existing_duplicates_and_deletes_nothing(data_dir: Path) -> None:
    db = data_dir / DB_NAME
    shutil.copy(FIXTURES / "schema_v3.sqlite3", db)
    conn = sqlite3.connect(db, isolation_level=None)
    # order 5: an uncertain order resolved by hand with #501, which order 1 already had
    conn.execute(
        "INSERT INTO orders (id, panel_id, service_id, service_name, service_type, remote_id, "
        "submit_state, state, raw_status, link, quantity, fields, charge_estimate, charge, "
        "currency, created_at, updated_at) VALUES (5, 'p1', 2, 'Comments', 'Custom Comments', "
        "501, 'placed', 'completed', 'Completed', 'https://instagram.com/p/y', 2, '{}', '3.405', "
        "'0.9', 'USD', 1700000009000, 1700000009000)")
    conn.execute("INSERT INTO order_events (order_id, at, kind, submit_state, note) VALUES "
                 "(5, 1700000009000, 'resolve', 'placed', 'Placed as #501 (checked by you)')")
    conn.close()

    s = Store(data_dir)
    try:
        assert s.db.integrity_check() == ["ok"]
        orders = {o.id: o for o in s.queries.order_page(None, "id", 0, None)}
        assert sorted(orders) == [1, 2, 3, 4, 5]  # nothing deleted
        assert orders[1].remote_id == 501 and orders[1].submit_state is SubmitState.PLACED
        moved = orders[5]
        assert moved.remote_id is None and moved.submit_state is SubmitState.UNCERTAIN
        assert moved.outcome is OutcomeKind.DISPUTED  # v4's sentence read into a kind by v16
        assert describe_order(moved) == REMOTE_ID_DISPUTED.format(remote=501, keeper=1)
        assert moved.charge == Decimal("0.9")  # kept as it was, for the record
        assert [(o.id, rid) for o, rid in s.orders.disputed_orders()] == [(5, 501)]
        assert s.orders.order_events(5)[-1].submit_state is SubmitState.UNCERTAIN
        assert s.queries.order_counts_by_bucket()["attention"] >= 2
        assert s.orders.find_by_remote("p1", 501).id == 1
        with pytest.raises(RemoteIdTaken):
            s.orders.resolve(5, 501, None)
    finally:
        s.close()


# ------------------------------------------------------------------ 2. subscriptions


def subscription() -> Service:
    return Service(7, "New post likes", "Subscriptions", "Instagram", Decimal("1.557"), 100, 200)


def test_subscription_estimate_is_posts_times_max_with_the_per_post_figure() -> None:
    s = subscription()
    values = {"username": "someone", "min": "100", "max": "200", "posts": "10", "delay": "0"}
    assert servicetypes.estimate(s, values) == Decimal("3.114")
    assert servicetypes.per_post_estimate(s, values) == Decimal("0.3114")
    assert servicetypes.total_quantity(s, values) == 2000
    no_posts = dict(values, posts="")
    assert servicetypes.estimate(s, no_posts) == Decimal("0.3114")  # one post: all we know
    assert servicetypes.per_post_estimate(s, no_posts) == Decimal("0.3114")
    assert servicetypes.per_post_estimate(service_default(), {"quantity": "100"}) is None


def service_default() -> Service:
    return Service(1, "Followers", "Default", "Instagram", Decimal("1.5"), 10, 1000)


def test_subscription_order_records_the_panel_quantity_and_its_charge_matches(
        ws: Workspace, panel: Panel, simulator) -> None:
    sub = service_of(ws, panel, "Subscriptions")
    high = min(sub.max, sub.min * 2)
    values = {"username": "someone", "min": str(sub.min), "max": str(high), "posts": "10",
              "delay": "0"}
    shown = servicetypes.estimate(sub, values)
    balance = simulator.balance
    order = ws.place_order(panel.id, sub.id, values)
    assert order.submit_state is SubmitState.PLACED
    assert order.charge_estimate == shown == sub.rate * high * 10 / 1000
    assert balance - simulator.balance == shown  # what the panel charged
    assert order.quantity == high * 10
    ws.sync_panel(panel.id, force=True)
    synced = ws.order(order.id)
    assert synced.quantity == high * 10 and synced.charge == shown


def test_sync_keeps_the_subscription_quantity_that_was_ordered(engine_store: Store) -> None:
    """A panel reporting more remaining than the recorded quantity does not rewrite it: the
    ordered quantity stays, remains is remains (issue 22: 100 ordered showed 157)."""
    s = engine_store  # each engine (tests/engines.py), with its panel "p1"
    try:
        svc = subscription()
        oid = s.orders.insert_submitting(panel_id="p1", service=svc, fields={}, link="someone",
                                         quantity=200, charge_estimate=Decimal("0.3114"),
                                         currency="USD")
        s.orders.set_submit_result(oid, SubmitState.PLACED, remote_id=77)
        s.orders.apply_statuses("p1", {77: OrderStatus(77, OrderState.PENDING, "Pending",
                                                       Decimal("3.114"), None, 2000)})
        assert (s.orders.get_order(oid).quantity, s.orders.get_order(oid).remains) == (200, 2000)
    finally:
        s.close()


# ------------------------------------------------------------------ 4. not sent ≠ rejected


def test_an_order_that_never_reached_the_panel_is_not_sent_not_rejected(
        ws: Workspace, panel: Panel, simulator, tmp_path: Path) -> None:
    default = service_of(ws, panel, "Default")
    fields = {"link": "https://instagram.com/a", "quantity": str(default.min)}
    simulator.balance = Decimal(0)
    refused = ws.place_order(panel.id, default.id, fields)
    assert refused.submit_state is SubmitState.REJECTED
    assert history.status_key(refused) == "rejected"
    simulator.stop()
    unsent = ws.place_order(panel.id, default.id, dict(fields, link="https://instagram.com/b"))
    assert unsent.submit_state is SubmitState.REJECTED and unsent.not_sent
    assert describe_order(unsent).startswith("Not sent")
    assert history.status_key(unsent) == "not_sent"
    assert history.bucket_of(unsent) == history.bucket_of(refused) == "attention"
    path = tmp_path / "orders.csv"
    write_orders_csv(path, ws.orders())
    statuses = {row["link"]: row["status"] for row in read_orders_csv(path)}
    assert statuses == {"https://instagram.com/a": "rejected",
                        "https://instagram.com/b": "not_sent"}


def test_place_order_reports_the_row_before_it_sends(ws: Workspace, panel: Panel) -> None:
    default = service_of(ws, panel, "Default")
    seen: list[tuple[int, SubmitState]] = []
    order = ws.place_order(
        panel.id, default.id, {"link": "https://instagram.com/a", "quantity": str(default.min)},
        on_recorded=lambda oid: seen.append((oid, ws.order(oid).submit_state)))
    assert seen == [(order.id, SubmitState.SUBMITTING)]
    assert order.submit_state is SubmitState.PLACED


# ------------------------------------------------------------------ 6. refused choices


def test_a_refused_choice_is_recognised_from_the_panel_words() -> None:
    s = subscription()
    sent = {"username": "x", "min": "100", "max": "200", "delay": "120"}
    assert servicetypes.refused_choice(s, sent, "Incorrect delay") == "delay"
    assert servicetypes.refused_choice(s, sent, "neworder.error.delay") == "delay"
    assert servicetypes.refused_choice(s, sent, "Not enough funds on balance") is None
    key = servicetypes.refused_choice_key("delay", "120")
    assert servicetypes.refused_choices({key, "refill"}, "delay") == {"120"}


def test_workspace_remembers_a_refused_choice_per_panel(ws: Workspace, panel: Panel,
                                                        simulator) -> None:
    sub = service_of(ws, panel, "Subscriptions")
    simulator.dialect = "seed"
    order = ws.place_order(panel.id, sub.id, {"username": "x", "min": str(sub.min),
                                              "max": str(sub.min), "delay": "120"})
    assert order.submit_state is SubmitState.REJECTED
    assert servicetypes.refused_choices(ws.panel(panel.id).unsupported, "delay") == {"120"}
