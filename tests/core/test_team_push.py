"""Moving to a team: a real local workspace (placed, refused and scheduled orders against the
simulator) copied into an empty team database on the real cluster — verified, the local file
untouched, a second push refused."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import SubmitState
from smmdesk.store import DB_NAME, migrations
from smmdesk.store.pg import push
from smmdesk.workspace import Workspace
from tests.pg_support import PgDatabase

LIKES = 18  # the simulator's "Instagram Likes [Max 1K] [No Refill] Cheapest", min 200
T0 = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def workspace_file(data_dir: Path, simulator: PanelSimulator) -> Path:
    ws = Workspace(data_dir)
    try:
        panel = ws.add_panel("Sim", simulator.url, simulator.key)
        ws.refresh_services(panel.id)
        ws.balance(panel.id)
        placed = ws.place_order(panel.id, LIKES, {"link": "https://instagram.com/p/İstanbul",
                                                  "quantity": "200"})
        assert placed.submit_state is SubmitState.PLACED
        refused = ws.place_order(panel.id, LIKES, {"link": "https://instagram.com/p/İstanbul",
                                                   "quantity": "200"}, unresolved_ok=True)
        assert refused.submit_state is SubmitState.REJECTED  # the panel: link busy
        s = ws.schedule_order(panel.id, LIKES, {"link": "https://instagram.com/p/daily",
                                                "quantity": "200"},
                              first_run=T0, every=timedelta(days=1), times=3)
        assert len(ws.run_due(T0 + timedelta(seconds=5))) == 1
        assert ws.schedule(s.id).runs_done == 1
    finally:
        ws.close()
    return data_dir / DB_NAME


def _sqlite_count(path: Path, table: str) -> int:
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_local_workspace_moves_into_an_empty_team_database(workspace_file: Path,
                                                             pg_team: PgDatabase) -> None:
    before = _digest(workspace_file)
    with pg_team.connect() as conn:
        report = push.push(workspace_file, conn)

    assert _digest(workspace_file) == before  # the local file is kept as it was
    for table in push.COPIED_TABLES:
        assert report.counts[table] == _sqlite_count(workspace_file, table), table
    assert report.counts["orders"] == 3 and report.counts["services"] > 0
    assert report.counts["schedule_runs"] == 1 and report.counts["order_events"] >= 6
    with pg_team.connect() as conn:
        orders = conn.execute(
            "SELECT o.submit_state, o.state, o.link, o.search_text, n.name, o.charge_estimate, "
            "o.placed_by FROM smmdesk.orders o JOIN smmdesk.order_names n ON n.id = o.name_id "
            "ORDER BY o.id").fetchall()
        assert [(o[0], o[2]) for o in orders] == [
            ("placed", "https://instagram.com/p/İstanbul"),
            ("rejected", "https://instagram.com/p/İstanbul"),
            ("placed", "https://instagram.com/p/daily")]
        assert "istanbul" in orders[0][3]  # folded as the SQLite file had it: search works
        assert orders[0][5] is not None and orders[0][6] == "postgres"  # who pushed
        events = conn.execute("SELECT DISTINCT kind FROM smmdesk.order_events").fetchall()
        assert {e[0] for e in events} <= {"state", "submit", "track", "resolve", "refill",
                                          "cancel"}
        # The database counted the copied orders itself, and new rows continue the ids.
        assert conn.execute("SELECT sum(n) FROM smmdesk.order_tally").fetchone()[0] == 3
        top = conn.execute("SELECT max(id) FROM smmdesk.orders").fetchone()[0]
        name = conn.execute("SELECT id FROM smmdesk.order_names LIMIT 1").fetchone()[0]
        new = conn.execute(
            "INSERT INTO smmdesk.orders (panel_id, service_id, name_id, service_type, "
            "submit_state, state, created_at, updated_at) SELECT id, 1, %s, 'Default', "
            "'placed', 'pending', 0, 0 FROM smmdesk.panels RETURNING id", (name,)).fetchone()[0]
        assert new == top + 1
        conn.rollback()


def test_a_second_push_is_refused_and_changes_nothing(workspace_file: Path,
                                                      pg_team: PgDatabase) -> None:
    with pg_team.connect() as conn:
        first = push.push(workspace_file, conn)
        with pytest.raises(push.PushError, match="not empty"):
            push.push(workspace_file, conn)
        assert conn.execute("SELECT count(*) FROM smmdesk.orders").fetchone()[0] == \
            first.counts["orders"]


def test_an_older_workspace_file_is_refused_untouched(workspace_file: Path,
                                                      pg_team: PgDatabase) -> None:
    with sqlite3.connect(workspace_file) as conn:
        conn.execute("PRAGMA user_version = 3")
    before = _digest(workspace_file)
    with pg_team.connect() as conn:
        with pytest.raises(push.PushError, match="schema version 3"):
            push.push(workspace_file, conn)
        assert conn.execute("SELECT count(*) FROM smmdesk.panels").fetchone()[0] == 0
    assert _digest(workspace_file) == before


def test_a_copy_that_does_not_read_back_the_same_keeps_nothing(workspace_file: Path,
                                                               pg_team: PgDatabase) -> None:
    with pg_team.connect() as conn:  # something on the server changes orders as they land
        conn.execute("CREATE FUNCTION smmdesk.mangle() RETURNS trigger LANGUAGE plpgsql AS "
                     "$$ BEGIN NEW.link := NEW.link || ' '; RETURN NEW; END $$")
        conn.execute("CREATE TRIGGER mangle BEFORE INSERT ON smmdesk.orders FOR EACH ROW "
                     "EXECUTE FUNCTION smmdesk.mangle()")
        conn.commit()
        with pytest.raises(push.PushError, match="differ"):
            push.push(workspace_file, conn)
        assert conn.execute("SELECT count(*) FROM smmdesk.panels").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM smmdesk.orders").fetchone()[0] == 0


def test_a_table_this_version_does_not_know_refuses_the_push(workspace_file: Path,
                                                             pg_team: PgDatabase) -> None:
    with sqlite3.connect(workspace_file) as conn:  # a later version's table, say
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, name TEXT)")
    with pg_team.connect() as conn:
        with pytest.raises(push.PushError, match="cannot push the workspace's invoices"):
            push.push(workspace_file, conn)
        assert conn.execute("SELECT count(*) FROM smmdesk.panels").fetchone()[0] == 0


def test_the_books_are_pushed_with_the_orders(workspace_file: Path,
                                              pg_team: PgDatabase) -> None:
    """The reseller's books (SQLite v17, team step 5): a customer, a rule, a payment and an
    order's sale arrive as they were."""
    with sqlite3.connect(workspace_file) as conn:
        migrations.register_functions(conn)  # the books' triggers call the store's functions
        conn.execute("INSERT INTO customers (id, name, folded, created_at) "
                     "VALUES (7, 'Ayşe', 'ayse', 0)")
        conn.execute("INSERT INTO price_rules (markup, customer_id, created_at) "
                     "VALUES ('12.5', 7, 0)")
        conn.execute("INSERT INTO payments (customer_id, amount, at, created_at) "
                     "VALUES (7, '4.20', 0, 0)")
        oid = conn.execute("SELECT MIN(id) FROM orders").fetchone()[0]
        conn.execute("UPDATE orders SET customer_id = 7, sell_price = '9.99', home_rate = "
                     "'34.25' WHERE id = ?", (oid,))
    with pg_team.connect() as conn:
        push.push(workspace_file, conn)
        assert conn.execute("SELECT name FROM smmdesk.customers").fetchall() == [("Ayşe",)]
        assert conn.execute("SELECT markup FROM smmdesk.price_rules").fetchone()[0] == \
            Decimal("12.5")
        assert conn.execute("SELECT amount FROM smmdesk.payments").fetchone()[0] == \
            Decimal("4.20")
        assert conn.execute("SELECT customer_id, sell_price, home_rate FROM smmdesk.orders "
                            "WHERE id = %s", (oid,)).fetchone() == (
            7, Decimal("9.99"), Decimal("34.25"))
        # The books' tally, counted by the team schema's triggers, equals the file's (verified
        # by the push itself; here read back key by key).
        with sqlite3.connect(f"{workspace_file.as_uri()}?mode=ro", uri=True) as local:
            here = sorted(local.execute(
                "SELECT t.day, k.id, t.service_id, t.customer_id, t.cur, t.n, t.revenue, "
                "t.cost FROM ledger_tally t JOIN panel_keys k ON k.key = t.panel_key "
                "WHERE t.n <> 0").fetchall())
        there = sorted(tuple(r) for r in conn.execute(
            "SELECT day, panel_id, service_id, customer_id, cur, n, revenue, cost "
            "FROM smmdesk.ledger_tally WHERE n <> 0"))
        assert there == here and any(r[3] == 7 and r[6] == 9_990_000 for r in there)


def test_the_watch_arrives_as_the_file_counted_it(workspace_file: Path,
                                                  pg_team: PgDatabase) -> None:
    """The team schema's triggers count the copied orders as they land; the push keeps the
    file's own roll-ups instead (they also hold what the events said), once."""
    with pg_team.connect() as conn:
        push.push(workspace_file, conn)
        there = {t: sorted(tuple(r) for r in conn.execute(q)) for t, q in (
            ("watch_days", "SELECT panel_id, service_id, day, orders, finished, partial, "
                           "canceled, refilled, not_found FROM smmdesk.watch_days"),
            ("order_watch", "SELECT order_id, started_at, finished_at, refilled "
                            "FROM smmdesk.order_watch"))}
    with sqlite3.connect(f"{workspace_file.as_uri()}?mode=ro", uri=True) as local:
        here = {
            "watch_days": sorted(local.execute(
                "SELECT k.id, service_id, day, orders, finished, partial, canceled, refilled, "
                "not_found FROM watch_days JOIN panel_keys k ON k.key = panel_key").fetchall()),
            "order_watch": sorted(local.execute(
                "SELECT order_id, started_at, finished_at, refilled FROM order_watch"
            ).fetchall())}
    assert there == here
    assert sum(r[3] for r in there["watch_days"]) == 2  # the two placed orders, counted once


def test_a_books_tally_that_does_not_add_up_keeps_nothing(workspace_file: Path,
                                                          pg_team: PgDatabase) -> None:
    with sqlite3.connect(workspace_file) as conn:  # the file's tally says otherwise
        conn.execute("UPDATE ledger_tally SET cost = cost + 1")
    with pg_team.connect() as conn:
        with pytest.raises(push.PushError, match="books' tally"):
            push.push(workspace_file, conn)
        assert conn.execute("SELECT count(*) FROM smmdesk.orders").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM smmdesk.ledger_tally").fetchone()[0] == 0
