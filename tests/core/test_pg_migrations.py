"""The team schema's migrations (``smmdesk.store.pg.schema.MIGRATIONS``) from every earlier step,
on the real throwaway cluster (``tests.pg_support``): a team database made up to that step, with
orders, their events, refills, rules and the books' rows in it, migrates to the newest step with
every row kept, and ends as a fresh team database does — the same columns, indexes, constraints,
triggers, functions, policies and grants, and the same tallies as the triggers keep for the same
rows written into a fresh one.

A team database is made "up to step N" the way the app of that time made it: ``create_schema``
with ``SCHEMA_VERSION`` = N (the steps themselves are the released ones)."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from smmdesk.store.pg import schema
from tests.pg_support import PgDatabase

EARLIER = sorted(v for v in schema.MIGRATIONS if v < schema.SCHEMA_VERSION)
DAY = 86_400_000
T0 = 1_700_000_000_000 // DAY * DAY  # a UTC day's start
HOUR = 3_600_000

# The rows kept, by table (the tables of the step the database was made at).
DATA_TABLES = ("panels", "services", "order_names", "orders", "order_events", "refills",
               "balances", "exchange_rates", "schedules", "catalogue_changes", "watch_reach",
               "customers", "price_rules", "payments")
# What the triggers keep (the steps' backfills must give the same).
TALLIES = ("order_watch", "watch_days", "watch_times", "ledger_tally")


def _has(conn: psycopg.Connection[Any], table: str, column: str | None = None) -> bool:
    if column is None:
        return conn.execute("SELECT to_regclass(%s) IS NOT NULL",
                            (f"smmdesk.{table}",)).fetchone()[0]
    return conn.execute("SELECT 1 FROM information_schema.columns WHERE table_schema = "
                        "'smmdesk' AND table_name = %s AND column_name = %s",
                        (table, column)).fetchone() is not None


def _features(conn: psycopg.Connection[Any]) -> dict[str, bool]:
    """What a database's step can hold (the fresh one is given the same rows)."""
    return {"books": _has(conn, "customers"), "outcome": _has(conn, "orders", "outcome"),
            "watch": _has(conn, "catalogue_changes")}


def _fill(conn: psycopg.Connection[Any], features: dict[str, bool]) -> None:
    """The same rows, in the same order, into a database at any step: an order's life written
    as the app writes it (submitting, placed, running, finished; each change with its event at
    the order's ``updated_at``), with what the step's tables can hold besides."""
    x = conn.execute
    books, outcome = features["books"], features["outcome"]
    for pid in ("p1", "p2"):
        x("INSERT INTO panels (id, name, url, created_at, currency) VALUES (%s, %s, %s, %s, "
          "'USD')", (pid, f"Panel {pid}", f"https://{pid}.example/api/v2", T0))
        x("INSERT INTO services (panel_id, service_id, name, type, category, rate, min, max, "
          "refill, first_seen, last_seen) VALUES (%s, 1, 'Followers [Refill 30D]', 'Default', "
          "'Instagram', 1.25, 10, 10000, true, %s, %s)", (pid, T0, T0))
    x("INSERT INTO order_names (name, folded) VALUES ('Followers [Refill 30D]', "
      "'followers [refill 30d]')")
    x("INSERT INTO balances (panel_id, amount, currency, at) VALUES ('p1', 12.34, 'USD', %s)",
      (T0,))
    x("INSERT INTO exchange_rates (currency, per_unit, set_at) VALUES ('EUR', 1.1, %s)",
      (T0,))
    if books:
        x("INSERT INTO customers (name, folded, created_at) VALUES ('Ayşe', 'ayse', %s)", (T0,))
        x("INSERT INTO price_rules (markup, customer_id, created_at) VALUES (25, 1, %s)", (T0,))
        x("INSERT INTO payments (customer_id, amount, at, created_at) VALUES (1, 5.50, %s, %s)",
          (T0, T0))
    if features["watch"]:
        x("INSERT INTO catalogue_changes (panel_id, at, kind, service_id, name, old_rate, "
          "new_rate) VALUES ('p1', %s, 'price', 1, 'Followers', 1.00, 1.25)", (T0,))
        x("INSERT INTO watch_reach (panel_id, day, attempts, failures) VALUES ('p1', %s, 3, 1)",
          (T0 // DAY,))
    fates = ["completed", "partial", "canceled", "in_progress", "pending", "completed"]
    for i, fate in enumerate(fates):
        placed_at = T0 + i * 7 * HOUR  # across two days
        pid = ("p1", "p2")[i % 2]
        extra, values = "", []
        if books and i % 2 == 0:
            extra, values = ", customer_id, sell_price, home_rate", [1, "3.30", "1"]
        oid = x(
            "INSERT INTO orders (panel_id, service_id, name_id, service_type, submit_state, state, "
            "link, quantity, fields, charge_estimate, currency, created_at, updated_at, "
            f"search_text{extra}) VALUES (%s, 1, 1, 'Default', 'submitting', 'unknown', %s, "
            f"1000, '{{}}', 1.25, 'USD', %s, %s, %s{', %s' * len(values)}) RETURNING id",
            (pid, f"https://instagram.com/u{i}", placed_at, placed_at, f"instagram.com/u{i}",
             *values)).fetchone()[0]
        x("INSERT INTO order_events (order_id, at, kind, submit_state) VALUES (%s, %s, "
          "'submit', 'submitting')", (oid, placed_at))
        x("UPDATE orders SET submit_state = 'placed', state = 'pending', remote_id = %s"
          f"{', outcome = NULL' if outcome else ''} WHERE id = %s", (9000 + i, oid))
        x("INSERT INTO order_events (order_id, at, kind, submit_state, state) VALUES (%s, %s, "
          "'submit', 'placed', 'pending')", (oid, placed_at))
        steps = {"pending": [], "in_progress": ["in_progress"]}.get(
            fate, ["in_progress", fate] if fate != "canceled" else [fate])
        for n, state in enumerate(steps, start=1):
            at = placed_at + n * 2 * HOUR
            charge = "1.10" if state in ("completed", "partial") else None
            remains = 250 if state == "partial" else (1000 if state == "canceled" else None)
            x("UPDATE orders SET state = %s, updated_at = %s, charge = COALESCE(%s, charge), "
              "remains = %s, start_count = 100 WHERE id = %s",
              (state, at, charge, remains, oid))
            x("INSERT INTO order_events (order_id, at, state, remains, charge) "
              "VALUES (%s, %s, %s, %s, %s)", (oid, at, state, remains, charge))
        if fate == "completed" and i == 0:
            x("INSERT INTO refills (order_id, remote_id, state, requested_at, updated_at) "
              "VALUES (%s, 'r1', 'pending', %s, %s)", (oid, placed_at + DAY, placed_at + DAY))
    # one order imported by its id, and one the panel no longer knows
    x("INSERT INTO orders (panel_id, service_id, name_id, service_type, remote_id, submit_state, "
      "state, fields, created_at, updated_at, tracked) VALUES ('p1', 0, 1, '', 7777, 'placed', "
      "'completed', '{}', %s, %s, true)", (T0, T0))
    x("INSERT INTO order_events (order_id, at, kind, submit_state, state) SELECT id, %s, "
      "'track', 'placed', 'completed' FROM orders WHERE remote_id = 7777", (T0,))
    x("UPDATE orders SET not_found = true, updated_at = %s WHERE remote_id = 9004", (T0 + DAY,))


def _rows(conn: psycopg.Connection[Any], table: str) -> list[tuple[Any, ...]]:
    """Every row of ``table`` (but its server-clock columns), in a fixed order."""
    columns = [r[0] for r in conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'smmdesk' "
        "AND table_name = %s AND data_type <> 'timestamp with time zone' "
        "ORDER BY ordinal_position", (table,))]
    listed = ", ".join(f'"{c}"' for c in columns)
    return conn.execute(f"SELECT {listed} FROM smmdesk.{table} "
                        f"ORDER BY {', '.join(str(i + 1) for i in range(len(columns)))}"
                        ).fetchall()


def _tallies(conn: psycopg.Connection[Any]) -> dict[str, list[tuple[Any, ...]]]:
    out = {t: _rows(conn, t) for t in TALLIES}
    # order_tally holds delta rows: its sums are what readers see
    out["order_tally"] = conn.execute(
        "SELECT panel_id, submit_state, state, not_found, SUM(n) FROM smmdesk.order_tally "
        "GROUP BY 1, 2, 3, 4 HAVING SUM(n) <> 0 ORDER BY 1, 2, 3, 4").fetchall()
    return out


def _shape(conn: psycopg.Connection[Any]) -> dict[str, list[tuple[Any, ...]]]:
    """The schema's objects as the catalogs describe them, the team's role names (they hold
    the database's name) written as ``TEAM``."""
    prefix = schema.team_of(conn).prefix
    # (the catalogs print names as the search path reaches them; a database copied from a
    # template does not carry the creator's ALTER DATABASE … SET search_path)
    conn.execute("SET search_path = smmdesk, public")
    queries = {
        "columns": "SELECT table_name, column_name, ordinal_position, data_type, is_nullable, "
                   "column_default, is_identity, is_generated FROM information_schema.columns "
                   "WHERE table_schema = 'smmdesk'",
        "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes "
                   "WHERE schemaname = 'smmdesk'",
        "constraints": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                       "FROM pg_constraint WHERE connamespace = 'smmdesk'::regnamespace",
        "triggers": "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid), tgenabled "
                    "FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN (SELECT oid FROM "
                    "pg_class WHERE relnamespace = 'smmdesk'::regnamespace)",
        "functions": "SELECT proname, pg_get_function_identity_arguments(oid), "
                     "pg_get_functiondef(oid), prosecdef, proowner::regrole::text "
                     "FROM pg_proc WHERE pronamespace = 'smmdesk'::regnamespace "
                     "AND prokind IN ('f', 'p')",
        "tables": "SELECT c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity, "
                  "c.relowner::regrole::text FROM pg_class c WHERE c.relnamespace = "
                  "'smmdesk'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'S')",
        "policies": "SELECT tablename, policyname, permissive, roles::text, cmd, qual, "
                    "with_check FROM pg_policies WHERE schemaname = 'smmdesk'",
        "table_grants": "SELECT grantee, table_name, privilege_type FROM "
                        "information_schema.role_table_grants WHERE table_schema = 'smmdesk'",
        "column_grants": "SELECT grantee, table_name, column_name, privilege_type FROM "
                         "information_schema.column_privileges WHERE table_schema = 'smmdesk'",
        "routine_grants": "SELECT grantee, routine_name, privilege_type FROM "
                          "information_schema.role_routine_grants "
                          "WHERE routine_schema = 'smmdesk'",
        "extensions": "SELECT extname, extnamespace::regnamespace::text FROM pg_extension",
        "settings": "SELECT key, value FROM smmdesk.team_settings WHERE key <> 'role_prefix'",
    }
    out: dict[str, list[tuple[Any, ...]]] = {}
    for name, query in queries.items():
        rows = conn.execute(query).fetchall()
        out[name] = sorted(tuple(str(v).replace(prefix, "TEAM") if isinstance(v, str) else v
                                 for v in row) for row in rows)
    return out


def _made_at(db: PgDatabase, step: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A team database as the app of step ``step`` created it."""
    with monkeypatch.context() as m, db.connect(autocommit=True) as conn:
        m.setattr(schema, "SCHEMA_VERSION", step)
        schema.create_schema(conn)
        assert schema.schema_version(conn) == step


def _write(db: PgDatabase, features: dict[str, bool] | None = None) -> dict[str, bool]:
    with db.connect() as conn, conn.transaction():
        conn.execute("SET LOCAL search_path = smmdesk, public")
        features = features or _features(conn)
        _fill(conn, features)
    return features


def test_every_earlier_step_is_a_released_one() -> None:
    """The steps this file migrates from: each one before the newest (a new step adds one)."""
    assert list(range(1, schema.SCHEMA_VERSION)) == EARLIER


@pytest.mark.parametrize("step", EARLIER)
def test_a_team_database_of_an_earlier_step_migrates_with_its_data_to_a_fresh_ones_shape(
        step: int, pg_empty: PgDatabase, pg_team: PgDatabase,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _made_at(pg_empty, step, monkeypatch)
    features = _write(pg_empty)
    with pg_empty.connect() as conn:
        before = {t: _rows(conn, t) for t in DATA_TABLES if _has(conn, t)}
        conn.rollback()
    assert len(before["orders"]) == 7 and len(before["order_events"]) == 21

    with pg_empty.connect(autocommit=True) as conn:
        assert schema.migrate(conn) == schema.SCHEMA_VERSION
        assert schema.migrate(conn) == schema.SCHEMA_VERSION  # once
        applied = [r[0] for r in conn.execute(
            "SELECT version FROM smmdesk.schema_version ORDER BY version")]
        assert applied == sorted(schema.MIGRATIONS)
        after = {t: _rows(conn, t) for t in before}
        migrated_shape = _shape(conn)
        migrated_tallies = _tallies(conn)

    # Every row kept: the columns it had are unchanged, a column a later step added holds its
    # default (compared below with the same rows written into a fresh database).
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
    _write(pg_team, features)  # the same rows, written at the newest step
    with pg_team.connect(autocommit=True) as conn:
        fresh_rows = {t: _rows(conn, t) for t in before}
        fresh_shape = _shape(conn)
        fresh_tallies = _tallies(conn)
    for table in before:
        assert after[table] == fresh_rows[table], table
    for name, rows in fresh_shape.items():
        assert migrated_shape[name] == rows, name
    assert migrated_tallies == fresh_tallies
    assert fresh_tallies["ledger_tally"] and fresh_tallies["watch_days"]  # (something counted)
