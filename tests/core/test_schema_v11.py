"""Schema v11 (issue 14, the file for a million orders): ``orders`` rebuilt without copies of what
another table holds once. Every order reads back exactly as before, from every earlier schema,
and its events, refills and counters stay attached to it."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from smmdesk import store as store_mod
from smmdesk.history import KIND_SUBSCRIPTION, HistoryFilter
from smmdesk.models import LocalOrder, OrderState, SubmitState
from smmdesk.store import DB_NAME, Store, migrations, orders

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# What ``Store`` read as an order before v11 (the name and the panel id in the row).
V10_ORDER_COLUMNS = (
    "id, panel_id, service_id, service_name, service_type, remote_id, submit_state, state, "
    "raw_status, error, link, quantity, fields, charge_estimate, charge, currency, start_count, "
    "remains, created_at, updated_at, not_found, likely_duplicate, runs, interval"
)


def digest(order: LocalOrder) -> str:
    # v15's outcome columns are compared by its own test (test_store): here, v11's rebuild.
    return hashlib.sha256(repr(replace(order, outcome=None, not_sent=False)).encode()).hexdigest()


def _v10_orders(conn: sqlite3.Connection) -> dict[int, str]:
    return {r[0]: digest(orders.row_to_order(r)) for r in conn.execute(
        f"SELECT {V10_ORDER_COLUMNS} FROM orders ORDER BY id")}


def _events(conn: sqlite3.Connection, *, v11: bool) -> list[tuple]:
    rows = conn.execute("SELECT id, order_id, at, kind, submit_state, state, raw_status, "
                        "remains, charge, note FROM order_events ORDER BY id").fetchall()
    if not v11:
        return rows
    return [(*r[:3], migrations.event_value(migrations.EVENT_KINDS, r[3]),
             migrations.event_value(migrations.EVENT_SUBMIT_STATES, r[4]),
             migrations.event_value(migrations.EVENT_STATES, r[5]), *r[6:]) for r in rows]


def _side_tables(conn: sqlite3.Connection, *, v11: bool = False) -> tuple[list, list, list]:
    tally = ("SELECT k.id, t.submit_state, t.state, t.not_found, t.n FROM order_tally t "
             "JOIN panel_keys k ON k.key = t.panel_key WHERE t.n != 0" if v11 else
             "SELECT panel_id, submit_state, state, not_found, n FROM order_tally WHERE n != 0")
    return (_events(conn, v11=v11),
            conn.execute("SELECT * FROM refills ORDER BY id").fetchall(),
            sorted(conn.execute(tally).fetchall()))


def _busy_v10_file(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db, isolation_level=None)
    migrations.register_functions(conn)
    migrations.migrate(conn, 10)
    for pid in ("p1", "p2"):
        conn.execute("INSERT INTO panels (id, name, url, created_at) VALUES (?, ?, 'u', 0)",
                     (pid, pid.upper()))
    rows = [(("p1", "p2")[i % 2], i % 5, f"Service {i % 7} İzlenme" if i % 11 else "",
             f"https://x.example/p/{i}" if i % 13 else None, 1000 + i if i % 17 else None,
             ("placed", "uncertain", "rejected", "submitting")[i % 4],
             ("completed", "pending", "partial", "canceled", "unknown")[i % 5],
             f"{i / 1000:.3f}" if i % 3 else None, 1_700_000_000_000 + i * 1000,
             ("Default", "subscriptions", "Custom Comments", "7", "")[i % 5])
            for i in range(400)]
    conn.executemany(
        "INSERT INTO orders (panel_id, service_id, service_name, link, remote_id, submit_state, "
        "state, quantity, charge, runs, interval, fields, created_at, updated_at, service_type) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 10, ?, 3, 5, '{\"a\": 1}', ?, ?, ?)",
        [(*r[:-1], r[-2], r[-1]) for r in rows])
    conn.execute("UPDATE orders SET state = 'gone' WHERE id = 9")  # read as unknown
    conn.execute("DELETE FROM orders WHERE id IN (7, 400)")  # a gap, and the last id gone
    conn.execute("INSERT INTO order_events (order_id, at, kind, note) VALUES (1, 1, 'state', 'x')")
    conn.execute("INSERT INTO order_events (order_id, at, kind, submit_state, state, raw_status, "
                 "remains, charge, note) VALUES (2, 2, 'a new kind', 'placed', 'weird', 'Weird', "
                 "5, '0.5', NULL), (2, 3, 'state', NULL, 'completed', 'Completed', 0, '1', NULL)")
    conn.execute("INSERT INTO refills (order_id, remote_id, requested_at, updated_at) "
                 "VALUES (3, 'r1', 1, 1)")
    return conn


@pytest.mark.parametrize("fixture", ["schema_v1", "schema_v2", "schema_v3", "busy_v10"])
def test_every_order_reads_the_same_after_the_v11_rebuild(data_dir: Path, fixture: str) -> None:
    db = data_dir / DB_NAME
    if fixture == "busy_v10":
        conn = _busy_v10_file(db)
    else:
        shutil.copy(FIXTURES / f"{fixture}.sqlite3", db)
        conn = sqlite3.connect(db, isolation_level=None)
        migrations.register_functions(conn)
        migrations.migrate(conn, 10)  # the v10 reading of the file is the reference
    before = _v10_orders(conn)
    sides = _side_tables(conn)
    seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'orders'").fetchone()
    conn.close()
    assert before

    s = Store(data_dir)
    try:
        assert s.db.schema_version == migrations.SCHEMA_VERSION >= 11
        after = {o.id: digest(o) for o in s.queries.order_page(None, "id", 0, None)}
        assert after == before
        assert _side_tables(s.db._c, v11=True) == sides
        assert s.db.integrity_check() == ["ok"]
        assert s.db._c.execute("PRAGMA foreign_key_check").fetchall() == []
        s.db._c.execute("INSERT INTO orders_fts(orders_fts) VALUES ('integrity-check')")
        columns = {r[1] for r in s.db._c.execute("PRAGMA table_info(orders)")}
        assert "service_name" not in columns and "panel_id" not in columns
        if seq is not None:  # a deleted last order's id is not given again
            assert s.db._c.execute(
                "SELECT seq FROM sqlite_sequence WHERE name = 'orders'").fetchone()[0] >= seq[0]
        if fixture == "busy_v10":  # an event's kind and state read back as they were written
            events = s.orders.order_events(2)
            assert [(e.kind, e.submit_state, e.state, e.raw_status, e.remains, e.charge)
                    for e in events] == [
                ("a new kind", SubmitState.PLACED, OrderState.UNKNOWN, "Weird", 5, Decimal("0.5")),
                ("state", None, OrderState.COMPLETED, "Completed", 0, Decimal("1"))]
        # the triggers still work on the rebuilt table: counters, search, cascades
        counts = s.queries.order_counts_by_bucket()
        assert counts["all"] == len(before)
        if fixture == "busy_v10":
            assert len(s.queries.order_page({"search": "izlenme"}, limit=None)) > 300
            assert [o.remote_id for o in s.queries.order_page({"search": "1012"})] == [1012]
            subs = s.queries.order_page(HistoryFilter(kind=KIND_SUBSCRIPTION), limit=None)
            assert {o.service_type for o in subs} == {"subscriptions"}
            assert len(subs) == 79  # order 7 was deleted
            assert s.queries.order_count({"states": (OrderState.PARTIAL,)}) == 80
            s.panels.remove_panel("p2", keep_history=False)
            assert s.queries.order_counts_by_bucket()["all"] == s.queries.order_count(
                {"since": store_mod.from_ms(1)}) == len([o for o in after if o % 2 == 1])
    finally:
        s.close()
