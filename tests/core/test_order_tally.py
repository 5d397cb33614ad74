"""The history's counts come from maintained counters (schema v9): they always agree with
counting the orders themselves, whatever happens to the orders."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from smmdesk.models import OrderState, OrderStatus, Panel, Service, SubmitState
from smmdesk.store import BUCKETS, OrderFilter, Store, migrations

EPOCH = datetime(1970, 1, 2, tzinfo=UTC)  # a date filter: forces counting the orders


def svc(sid: int) -> Service:
    return Service(id=sid, name=f"Instagram Followers {sid}", type="Default", category="Cat",
                   rate=Decimal("1.5"), min=10, max=1000)


def scanned(store: Store, **kw) -> dict[str, int]:
    return store.queries.order_counts_by_bucket(OrderFilter(since=EPOCH, **kw))


def agree(store: Store) -> None:
    for kw in ({}, {"panel_ids": ("p1",)}, {"panel_ids": ("p2",)}, {"panel_ids": ()},
               {"states": (OrderState.COMPLETED,)},
               {"submit_states": (SubmitState.UNCERTAIN, SubmitState.REJECTED)}):
        counts = store.queries.order_counts_by_bucket(OrderFilter(**kw))
        assert counts == scanned(store, **kw), kw
        for bucket in BUCKETS:
            assert store.queries.order_count(OrderFilter(bucket=bucket, **kw)) == counts[bucket]


def test_counts_follow_inserts_status_changes_and_deletes(engine_store: Store) -> None:
    store = engine_store  # each engine (tests/engines.py), with its panel "p1"
    try:
        for pid in ("p1", "p2"):
            if pid != "p1":
                store.panels.insert_panel(Panel(id=pid, name=pid,
                                                url=f"https://{pid}.example/api/v2"))
            store.orders.bulk_insert_placed(pid, svc(1), [(100 + i, f"https://x/{i}", 100)
                                                          for i in range(40)])
        agree(store)
        assert store.queries.order_counts_by_bucket()["all"] == 80
        store.orders.apply_statuses("p1", {
            100 + i: OrderStatus(order=100 + i, state=st, raw_status=st.value, charge=None,
                                 start_count=None, remains=0, currency="USD")
            for i, st in enumerate([OrderState.COMPLETED] * 10 + [OrderState.PARTIAL] * 5
                                   + [OrderState.CANCELED] * 3 + [OrderState.FAILED] * 2)
        })
        store.orders.apply_statuses("p2", {130: KeyError("gone")}, not_found=[130])
        oid = store.orders.insert_submitting(panel_id="p2", service=svc(2), fields={"quantity": 10},
                                             link="https://y/1", quantity=10, charge_estimate=None,
                                             currency="USD")
        agree(store)
        store.orders.set_submit_result(oid, SubmitState.UNCERTAIN, error="timeout")
        agree(store)
        counts = store.queries.order_counts_by_bucket()
        assert counts["all"] == 81 and counts["completed"] == 10 and counts["attention"] >= 3
        store.panels.remove_panel("p1", keep_history=False)  # cascades to its orders
        agree(store)
        assert store.queries.order_counts_by_bucket()["all"] == 41
    finally:
        store.close()


def test_migration_counts_existing_orders(data_dir: Path) -> None:
    """A file from before v9 gets its counters from the orders it already holds."""
    conn = sqlite3.connect(data_dir / "smmdesk.sqlite3", isolation_level=None)
    migrations.register_functions(conn)
    migrations.migrate(conn, 8)
    conn.execute("INSERT INTO panels (id, name, url, created_at) VALUES ('p1', 'p1', 'u', 0)")
    conn.executemany(
        "INSERT INTO orders (panel_id, service_id, service_name, service_type, remote_id, "
        "submit_state, state, link, quantity, created_at, updated_at) "
        "VALUES ('p1', 1, 'S', 'Default', ?, 'placed', 'pending', ?, 100, 1e12, 1e12)",
        [(i, f"https://x/{i}") for i in range(25)])
    conn.close()
    store = Store(data_dir)
    try:
        assert store.db.schema_version == migrations.SCHEMA_VERSION
        assert store.queries.order_counts_by_bucket() == scanned(store) == {
            **dict.fromkeys(BUCKETS, 0), "all": 25, "active": 25}
    finally:
        store.close()
