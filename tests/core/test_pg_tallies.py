"""The watch's and the books' tallies on PostgreSQL: one sequence of changes to orders and refills,
played on a SQLite workspace file and on a team database, leaves the same statistics rows in
``order_watch``, ``watch_days``, ``watch_times`` and ``ledger_tally`` (the panel named by its id
on both). Money exactly: a tie at the cent rounds half to even on both engines."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from typing import Any, Protocol

import psycopg
import pytest

from smmdesk.store import migrations
from smmdesk.store.pg import schema
from tests.pg_support import PgDatabase

DAY = 86_400_000
T0 = 20_000 * DAY + 3_600_000  # a day, one hour in
PANEL = "panel-a"
HOUR = 3_600_000


class Engine(Protocol):
    """The same few statements on either engine (SQLite stores codes, PostgreSQL spells them)."""

    def insert(self, **o: Any) -> int: ...
    def update(self, ids: list[int], **changes: Any) -> None: ...
    def delete(self, order_id: int) -> None: ...
    def refill(self, order_id: int, at: int, error: str | None = None) -> None: ...
    def rows(self, table: str) -> list[tuple[Any, ...]]: ...


class SqliteEngine:
    def __init__(self) -> None:
        self.c = sqlite3.connect(":memory:")
        self.c.isolation_level = None
        migrations.register_functions(self.c)
        migrations.migrate(self.c)
        self.c.execute("PRAGMA foreign_keys = ON")  # as the store opens its file
        self.c.execute("INSERT INTO panels (id, name, url, created_at) VALUES (?, 'A', "
                       "'https://a.example/api/v2', 0)", (PANEL,))
        self.c.execute("INSERT INTO panel_keys (id) VALUES (?)", (PANEL,))
        self.c.execute("INSERT INTO order_names (id, name, folded) VALUES (1, 'Likes', 'likes')")
        self.c.execute("INSERT INTO customers (id, name, folded, created_at) VALUES "
                       "(1, 'Ayşe', 'ayse', 0), (2, 'Bora', 'bora', 0)")

    @staticmethod
    def _columns(o: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in o.items():
            if k == "submit_state":
                out["submit_code"] = migrations.SUBMIT_CODES[v]
            elif k == "state":
                out["state_code"] = migrations.STATE_CODES[v]
            elif isinstance(v, Decimal):
                out[k] = str(v)
            elif isinstance(v, bool):
                out[k] = int(v)
            else:
                out[k] = v
        return out

    def insert(self, **o: Any) -> int:
        cols = self._columns({"panel_key": 1, "name_id": 1, "type_code": 0, **o})
        cur = self.c.execute(f"INSERT INTO orders ({', '.join(cols)}) VALUES "
                             f"({', '.join('?' * len(cols))})", list(cols.values()))
        return int(cur.lastrowid or 0)

    def update(self, ids: list[int], **changes: Any) -> None:
        cols = self._columns(changes)
        self.c.execute(f"UPDATE orders SET {', '.join(f'{k} = ?' for k in cols)} "
                       f"WHERE id IN ({', '.join('?' * len(ids))})", [*cols.values(), *ids])

    def delete(self, order_id: int) -> None:
        self.c.execute("DELETE FROM orders WHERE id = ?", (order_id,))

    def refill(self, order_id: int, at: int, error: str | None = None) -> None:
        self.c.execute("INSERT INTO refills (order_id, error, requested_at, updated_at) "
                       "VALUES (?, ?, ?, ?)", (order_id, error, at, at))

    def rows(self, table: str) -> list[tuple[Any, ...]]:
        queries = {
            "order_watch": "SELECT order_id, started_at, finished_at, refilled FROM order_watch",
            "watch_days": "SELECT k.id, service_id, day, orders, finished, partial, canceled, "
                          "refilled, not_found FROM watch_days JOIN panel_keys k "
                          "ON k.key = panel_key",
            "watch_times": "SELECT k.id, service_id, kind, day, bucket, n FROM watch_times "
                           "JOIN panel_keys k ON k.key = panel_key",
            "ledger_tally": "SELECT day, k.id, service_id, customer_id, cur, n, revenue, cost "
                            "FROM ledger_tally JOIN panel_keys k ON k.key = panel_key",
        }
        return sorted(tuple(r) for r in self.c.execute(queries[table]))


class PgEngine:
    def __init__(self, conn: Any) -> None:
        self.c = conn
        self.c.execute("INSERT INTO smmdesk.panels (id, name, url, created_at) VALUES "
                       "(%s, 'A', 'https://a.example/api/v2', 0)", (PANEL,))
        self.c.execute("INSERT INTO smmdesk.order_names (id, name, folded) VALUES "
                       "(1, 'Likes', 'likes')")
        self.c.execute("INSERT INTO smmdesk.customers (id, name, folded, created_at) VALUES "
                       "(1, 'Ayşe', 'ayse', 0), (2, 'Bora', 'bora', 0)")

    def insert(self, **o: Any) -> int:
        cols = {"panel_id": PANEL, "name_id": 1, "service_type": "Default", **o}
        return int(self.c.execute(
            f"INSERT INTO smmdesk.orders ({', '.join(cols)}) VALUES "
            f"({', '.join(['%s'] * len(cols))}) RETURNING id", list(cols.values())).fetchone()[0])

    def update(self, ids: list[int], **changes: Any) -> None:
        self.c.execute(f"UPDATE smmdesk.orders SET {', '.join(f'{k} = %s' for k in changes)} "
                       f"WHERE id = ANY(%s)", [*changes.values(), ids])

    def delete(self, order_id: int) -> None:
        self.c.execute("DELETE FROM smmdesk.orders WHERE id = %s", (order_id,))

    def refill(self, order_id: int, at: int, error: str | None = None) -> None:
        self.c.execute("INSERT INTO smmdesk.refills (order_id, error, requested_at, updated_at) "
                       "VALUES (%s, %s, %s, %s)", (order_id, error, at, at))

    def rows(self, table: str) -> list[tuple[Any, ...]]:
        queries = {
            "order_watch": "SELECT order_id, started_at, finished_at, refilled FROM "
                           "smmdesk.order_watch",
            "watch_days": "SELECT panel_id, service_id, day, orders, finished, partial, "
                          "canceled, refilled, not_found FROM smmdesk.watch_days",
            "watch_times": "SELECT panel_id, service_id, kind, day, bucket, n FROM "
                           "smmdesk.watch_times",
            "ledger_tally": "SELECT day, panel_id, service_id, customer_id, cur, n, revenue, "
                            "cost FROM smmdesk.ledger_tally",
        }
        return sorted(tuple(r) for r in self.c.execute(queries[table]))


def order(**o: Any) -> dict[str, Any]:
    base = {"service_id": 7, "submit_state": "placed", "state": "pending", "created_at": T0,
            "updated_at": T0, "quantity": 1000, "currency": "USD", "home_rate": Decimal("1")}
    return {**base, **o}


def play(e: Engine) -> None:
    """Placement, status sync, refills, a correction, a sale moved to another customer."""
    a = e.insert(**order(sell_price=Decimal("10.00"), charge_estimate=Decimal("4.50"),
                         customer_id=1))
    b = e.insert(**order(submit_state="submitting", service_id=8))
    e.update([b], submit_state="placed", remote_id=501, updated_at=T0 + 2000)
    e.update([a], state="in_progress", updated_at=T0 + HOUR)  # started after an hour
    e.update([a], state="in_progress", updated_at=T0 + 2 * HOUR)  # seen again: no new start
    e.update([a], state="partial", remains=333, updated_at=T0 + 30 * HOUR)  # a day later
    # Ties at the cent and the millionth: half to even on both engines.
    c = e.insert(**order(state="completed", sell_price=Decimal("2.345"),
                         charge=Decimal("1.0000005"), customer_id=2))
    e.refill(a, T0 + 40 * HOUR)
    e.refill(a, T0 + 41 * HOUR)  # a second refill of the same order counts once
    e.refill(b, T0 + 41 * HOUR, error="Refill is not available")  # a refused one not at all
    e.update([b], not_found=True, updated_at=T0 + 50 * HOUR)
    e.update([b], state="canceled", updated_at=T0 + 51 * HOUR)
    d = e.insert(**order(tracked=True, created_at=T0 + DAY, updated_at=T0 + DAY,
                         charge=Decimal("3.33"), sell_price=Decimal("5")))
    f = e.insert(**order(created_at=T0 + DAY, updated_at=T0 + DAY, currency="EUR",
                         home_rate=None, charge_estimate=Decimal("0.75"), runs=3,
                         sell_price=Decimal("1.99")))
    # One status sync moves several orders at once (one statement on PostgreSQL).
    e.update([d, f], state="completed", updated_at=T0 + DAY + 5 * HOUR)
    e.update([f], state="partial", remains=1000)  # of 3 runs × 1000: two thirds delivered
    e.update([a], customer_id=2)  # the sale moved to another customer
    e.update([c], charge=Decimal("1.25"))  # the panel's charge came
    e.delete(c)  # e.g. folded into another order
    g = e.insert(**order(submit_state="submitting", service_id=9))
    e.update([g], submit_state="uncertain")  # never placed: counts nowhere
    e.update([g], submit_state="placed", state="processing", remote_id=777,
             updated_at=T0 + 3 * HOUR)


TABLES = ("order_watch", "watch_days", "watch_times", "ledger_tally")


def test_the_same_changes_give_the_same_statistics_rows_on_both_engines(
        pg_team: PgDatabase) -> None:
    sqlite_engine = SqliteEngine()
    play(sqlite_engine)
    with pg_team.connect() as conn:
        pg_engine = PgEngine(conn)
        play(pg_engine)
        for table in TABLES:
            here, there = sqlite_engine.rows(table), pg_engine.rows(table)
            assert here, table  # the sequence does reach every tally
            assert there == here, table
        day0 = {(r[2], r[3]): r[5:] for r in pg_engine.rows("ledger_tally")
                if r[0] == T0 // DAY and r[4] == ""}
    # a's partial sale moved to customer 2: 10.00 × 667/1000 = 6.67, cost 4.50 × 0.667;
    # c (2.345 → 2.34, half to even) was deleted: its key counts nothing any more.
    assert day0[(7, 2)] == (1, 6_670_000, 3_001_500)
    assert day0[(7, 1)] == (0, 0, 0)


@pytest.mark.parametrize("values", [
    ("partial", 1000, 333, None, Decimal("10.00"), None, Decimal("4.50"), Decimal("1")),
    ("completed", 100, None, None, Decimal("2.345"), Decimal("1.0000005"), None, None),
    ("completed", 100, None, None, Decimal("2.355"), Decimal("1.0000015"), None, Decimal("0")),
    ("partial", 1000, 1000, 3, Decimal("1.99"), None, Decimal("0.75"), Decimal("36.4")),
    ("partial", 1000, 2000, None, Decimal("1.99"), None, Decimal("0.75"), None),  # nonsense
    ("canceled", 1000, 0, None, Decimal("9"), Decimal("9"), None, None),
    ("partial", 0, 5, None, Decimal("-1.005"), None, Decimal("-1.0000005"), None),
    ("pending", None, None, None, None, None, None, Decimal("2")),
])
def test_one_orders_line_is_the_same_integer_on_both_engines(pg_team: PgDatabase,
                                                              values: tuple[Any, ...]) -> None:
    state, quantity, remains, runs, sell, charge, estimate, rate = values
    with pg_team.connect() as conn:
        for kind in (0, 1):
            expected = migrations.ledger_micros(
                kind, state, quantity, remains, runs, None if sell is None else str(sell),
                None if charge is None else str(charge),
                None if estimate is None else str(estimate), None if rate is None else str(rate))
            got = conn.execute(
                "SELECT smmdesk.smm_ledger(%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (kind, state, quantity, remains, runs, sell, charge, estimate, rate)).fetchone()
            assert got[0] == expected, (kind, values)


def test_a_store_made_before_the_tallies_gets_them_from_its_history(pg_team: PgDatabase) -> None:
    """A team store whose orders were recorded before the tallies' step: step 6's backfill
    counts them as SQLite's v17/v18 backfills count the same orders."""
    sqlite_engine = SqliteEngine()
    play(sqlite_engine)
    for table in ("order_watch", "watch_days", "watch_times"):
        sqlite_engine.c.execute(f"DELETE FROM {table}")
    migrations.run_statements(sqlite_engine.c, migrations._V18_BACKFILL)
    with pg_team.connect() as conn:
        pg_engine = PgEngine(conn)
        play(pg_engine)
        live_ledger = pg_engine.rows("ledger_tally")
        conn.execute("SET search_path = smmdesk, public")
        conn.execute("SET ROLE " + schema.team_of(conn).admin)
        schema._run(conn, schema._V6_BACKFILL)
        conn.execute("RESET ROLE")
        for table in ("order_watch", "watch_days", "watch_times"):
            assert pg_engine.rows(table) == sqlite_engine.rows(table), table
        # The books' tally is the sum of the orders' lines: the same from the history (less
        # the keys whose orders all went, which count nothing).
        assert pg_engine.rows("ledger_tally") == [r for r in live_ledger if any(r[5:])]


def test_a_viewer_without_prices_cannot_read_the_books(pg_team: PgDatabase) -> None:
    """The books' tally is all money: when the admin hides prices from viewers, a viewer's own
    SQL client is refused it (and the sell prices, payments and price rules) by the server."""
    from smmdesk.team.users import team_add_user
    from tests.pg_support import unique_login

    vera = unique_login("vera")
    with pg_team.connect() as conn:
        play(PgEngine(conn))
        conn.commit()
    with pg_team.connect(autocommit=True) as admin:
        team_add_user(admin, vera, "viewer", "viewer-password-1")
        schema.set_viewer_prices(admin, False)
    with pg_team.connect(vera, password="viewer-password-1", autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM smmdesk.watch_days").fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM smmdesk.orders WHERE customer_id = 2"
                            ).fetchone()[0] == 1  # who bought what stays readable
        for query in ("SELECT revenue FROM smmdesk.ledger_tally",
                      "SELECT sell_price FROM smmdesk.orders",
                      "SELECT amount FROM smmdesk.payments",
                      "SELECT markup FROM smmdesk.price_rules",
                      "SELECT new_rate FROM smmdesk.catalogue_changes"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(query)
    with pg_team.connect(autocommit=True) as admin:
        schema.set_viewer_prices(admin, True)
    with pg_team.connect(vera, password="viewer-password-1", autocommit=True) as conn:
        assert conn.execute("SELECT sum(revenue) FROM smmdesk.ledger_tally").fetchone()[0] > 0


def test_a_panel_deleted_by_hand_takes_its_orders_and_tallies_with_it(pg_team: PgDatabase) -> None:
    """An admin's own ``DELETE FROM panels`` (the tables keep the app's names so an admin's SQL
    works) cascades to the panel's orders: the books' trigger that runs after that cascade must
    not count the orders back into a tally of a panel that is gone."""
    with pg_team.connect() as conn:
        pg_engine = PgEngine(conn)
        play(pg_engine)
        assert pg_engine.rows("ledger_tally")
        conn.execute("DELETE FROM smmdesk.panels WHERE id = %s", (PANEL,))
        for table in TABLES:
            assert pg_engine.rows(table) == [], table
        assert conn.execute("SELECT count(*) FROM smmdesk.orders").fetchone()[0] == 0
