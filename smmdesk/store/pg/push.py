"""Moving to a team: copy a local workspace's SQLite file into an empty team database.

``push(sqlite_path, conn)`` copies panels (their keys stay in this computer's keyring: the file
holds none), services, orders and their events, refills, balances, schedules and their runs,
automatic-refill rules, alerts, automation and currency preferences, exchange rates, and
mass-order batches and lines — in one transaction, so a failure leaves the team database as empty
as it was. Then it verifies: the row count of every table, and a hash of every order (all its
copied columns, read back from PostgreSQL), equal on both sides; else it raises and nothing is
kept. The local file is opened read-only and kept as it was (SQLite's ``mode=ro``).

The roll-ups: the team schema's triggers (step 6) count the copied orders and refills as they
arrive; the watch's (``order_watch``, ``watch_days``, ``watch_times``) are then replaced by the
file's own (which also hold what the history's events said: when each order started and
finished), and the books' ``ledger_tally`` is kept as the triggers counted it and verified equal
to the file's, key by key (the rows that count something: a key whose orders all went keeps a
row of zeros in SQLite).

What is not copied: ``order_tally`` (PostgreSQL's triggers count the copied orders themselves),
``mass_runs`` (a local run's hold on a list means nothing to the team), SQLite's search index
(PostgreSQL's trigram index is built from the same folded text). Columns the team schema adds
take their defaults: ``placed_by``/``created_by``/``done_by``/``requested_by`` name the login
that pushed. Ids are kept, and the identity sequences continue after them.

The file must be at the schema this version writes (the one ``migrations.SCHEMA_VERSION``
names): an older one is refused rather than migrated here, since the file is kept as it was —
open it with this version of SMM Desk once first.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from smmdesk.store.migrations import EVENT_KINDS, EVENT_STATES, EVENT_SUBMIT_STATES, SCHEMA_VERSION

__all__ = ["COPIED_TABLES", "PushError", "PushReport", "push"]

# In an order that satisfies the foreign keys.
COPIED_TABLES = (
    "panels", "services", "order_names", "customers", "orders", "order_events", "balances",
    "refills",
    "exchange_rates", "currency_settings", "schedules", "schedule_runs", "auto_refill_services",
    "auto_refill_orders", "alerts", "automation_settings", "mass_batches", "mass_lines",
    "order_watch", "watch_days", "watch_times", "watch_reach", "catalogue_changes",
    "price_rules", "payments",
)
# The file's other tables, and why they are not copied (a table in neither list refuses the
# push: this version does not know where its rows belong).
NOT_COPIED = {
    "order_tally": "counted by the team schema's own triggers",
    "mass_runs": "a local run's hold on a list",
    "watch_bounds": "the same buckets, written by the team schema's step",
    "panel_keys": "SQLite's panel numbering; the team schema names panels by id",
    "orders_fts": "SQLite's search index",
    "orders_fts_config": "SQLite's search index", "orders_fts_data": "SQLite's search index",
    "orders_fts_idx": "SQLite's search index", "orders_fts_docsize": "SQLite's search index",
    "orders_fts_content": "SQLite's search index",
    "ledger_tally": "the books' tally: counted by the team schema's triggers, verified equal",
}
# SQLite columns that hold, in another form, what a PostgreSQL column of another name holds.
_SQLITE_ONLY_COLUMNS = {("orders", "panel_key"), ("orders", "type_code"),
                        ("orders", "submit_code"), ("orders", "state_code"),
                        ("watch_days", "panel_key"), ("watch_times", "panel_key")}
# PostgreSQL column -> the SQLite expression giving it (when not the column of the same name).
_PANEL_OF_KEY = "(SELECT k.id FROM panel_keys k WHERE k.key = panel_key)"
_EXPRESSIONS = {("orders", "panel_id"): _PANEL_OF_KEY, ("watch_days", "panel_id"): _PANEL_OF_KEY,
                ("watch_times", "panel_id"): _PANEL_OF_KEY}
_WITHOUT_ROWID = {"mass_lines": "batch_id, idx", "watch_days": "panel_key, service_id, day",
                  "watch_times": "panel_key, service_id, kind, day, bucket",
                  "watch_reach": "panel_id, day"}
# order_events stores codes in SQLite (v11); the team schema spells them.
_DECODE: dict[tuple[str, str], dict[int, str]] = {
    ("order_events", "kind"): {v: k for k, v in EVENT_KINDS.items()},
    ("order_events", "submit_state"): {v: k for k, v in EVENT_SUBMIT_STATES.items()},
    ("order_events", "state"): {v: k for k, v in EVENT_STATES.items()},
}
_BATCH = 5000
# Written by the team schema's triggers as the orders are copied, then replaced by the file's.
_ROLLUPS = ("order_watch", "watch_days", "watch_times")


class PushError(Exception):
    """The push was refused or did not verify (the message says why; nothing was kept)."""


@dataclass(frozen=True, slots=True)
class PushReport:
    counts: dict[str, int]  # rows copied per table (equal on both sides)
    orders_digest: str  # sha256 over every order's copied columns, in id order


def _open_read_only(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise PushError(f"There is no workspace file at {path}.")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        conn.close()
        raise PushError(
            f"The workspace file is at schema version {version}, this version of SMM Desk "
            f"writes {SCHEMA_VERSION}: open it with this version once, then push again.")
    return conn


def _pg_columns(conn: psycopg.Connection[Any], table: str) -> dict[str, str]:
    rows = conn.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'smmdesk' AND table_name = %s ORDER BY ordinal_position",
        (table,)).fetchall()
    return {r[0]: r[1] for r in rows}


def _converter(table: str, column: str, data_type: str) -> Callable[[Any], Any]:
    decode = _DECODE.get((table, column))
    if decode is not None:
        return lambda v: decode.get(v, v) if isinstance(v, int) else v
    if data_type == "boolean":
        return lambda v: None if v is None else bool(v)
    if data_type == "numeric":
        def money(v: Any) -> Decimal | None:
            if v is None or v == "":
                return None
            try:
                return Decimal(str(v))
            except InvalidOperation:
                raise PushError(f"{table}.{column} holds {str(v)[:40]!r}, which is not a "
                                "number") from None
        return money
    if data_type in ("bigint", "integer", "smallint"):
        return lambda v: None if v is None else int(v)
    return lambda v: v


@dataclass(frozen=True, slots=True)
class _Plan:
    table: str
    columns: list[str]
    select: str
    convert: list[Callable[[Any], Any]]


def _plan(local: sqlite3.Connection, team: psycopg.Connection[Any], table: str) -> _Plan:
    pg = _pg_columns(team, table)
    mine = [r[1] for r in local.execute(f"PRAGMA table_xinfo({table})")]
    if not pg:
        raise PushError(f"The team database has no table {table}: create its schema first.")
    unknown = [c for c in mine if c not in pg and (table, c) not in _SQLITE_ONLY_COLUMNS]
    if unknown:  # never drop data silently: the team schema must have a step for it first
        raise PushError(f"The team schema has no column for {table}.{', '.join(unknown)}.")
    columns = [c for c in pg if c in mine or (table, c) in _EXPRESSIONS]
    exprs = [_EXPRESSIONS.get((table, c), f'"{c}"') for c in columns]
    order = f" ORDER BY {_WITHOUT_ROWID.get(table, 'rowid')}"
    return _Plan(table, columns, f"SELECT {', '.join(exprs)} FROM {table}{order}",
                 [_converter(table, c, pg[c]) for c in columns])


def _rows(local: sqlite3.Connection, plan: _Plan) -> Iterator[tuple[Any, ...]]:
    cur = local.execute(plan.select)
    while batch := cur.fetchmany(_BATCH):
        for row in batch:
            yield tuple(f(v) for f, v in zip(plan.convert, row, strict=True))


def _order_digest(rows: Iterator[tuple[Any, ...]]) -> str:
    h = hashlib.sha256()
    for row in rows:
        h.update(repr(tuple(format(v, "f") if isinstance(v, Decimal) else v for v in row)
                      ).encode())
        h.update(b"\n")
    return h.hexdigest()


def push(sqlite_path: Path, conn: psycopg.Connection[Any]) -> PushReport:
    """Copy the workspace file at ``sqlite_path`` into the team database of ``conn`` (an
    admin's connection, not in autocommit mode, outside a transaction); raises ``PushError``
    when the team database is not empty, the file is not at this version's schema, or the copy
    does not verify — then nothing is kept."""
    if conn.autocommit or conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        raise ValueError("push needs a connection outside a transaction, not in autocommit")
    local = _open_read_only(Path(sqlite_path))
    local.isolation_level = None
    local.execute("BEGIN")  # one snapshot of the file for the copy and its verification
    try:
        tables = {r[0] for r in local.execute("SELECT name FROM sqlite_master WHERE type = "
                                              "'table'")}
        unknown = sorted(t for t in tables - set(COPIED_TABLES) - set(NOT_COPIED)
                         if not t.startswith("sqlite_"))  # SQLite's own (statistics…)
        if unknown:  # never leave data behind silently
            raise PushError(f"This version cannot push the workspace's {', '.join(unknown)}.")
        with conn.transaction():
            plans = [_plan(local, conn, t) for t in COPIED_TABLES]
            for plan in plans:
                has = conn.execute(sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(
                    sql.Identifier("smmdesk", plan.table))).fetchone()
                if has and has[0]:
                    raise PushError(f"The team database is not empty ({plan.table} has rows): "
                                    "a workspace is pushed into an empty one only.")
            counts: dict[str, int] = {}
            for plan in plans:
                if plan.table == _ROLLUPS[0]:
                    for table in _ROLLUPS:  # the triggers' counts of the copied rows
                        conn.execute(sql.SQL("DELETE FROM {}").format(
                            sql.Identifier("smmdesk", table)))
                counts[plan.table] = _copy(conn, local, plan)
            _continue_identities(conn)
            digest = _verify(conn, local, plans, counts)
    finally:
        local.rollback()
        local.close()
    return PushReport(counts, digest)


def _copy(conn: psycopg.Connection[Any], local: sqlite3.Connection, plan: _Plan) -> int:
    query = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier("smmdesk", plan.table),
        sql.SQL(", ").join(sql.Identifier(c) for c in plan.columns))
    n = 0
    with conn.cursor() as cur, cur.copy(query) as copy:
        for row in _rows(local, plan):
            copy.write_row(row)
            n += 1
    return n


def _continue_identities(conn: psycopg.Connection[Any]) -> None:
    """New rows get ids after the copied ones (an identity column does not move by itself when
    ids are given)."""
    for table, column in conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'smmdesk' AND is_identity = 'YES' AND table_name = ANY(%s)",
            (list(COPIED_TABLES),)).fetchall():
        conn.execute(sql.SQL(
            "SELECT setval(pg_get_serial_sequence({qualified}, {column}), "
            "COALESCE((SELECT max({ident}) FROM {table}), 0) + 1, false)").format(
            qualified=sql.Literal(f"smmdesk.{table}"), column=sql.Literal(column),
            ident=sql.Identifier(column), table=sql.Identifier("smmdesk", table)))


def _verify_ledger(conn: psycopg.Connection[Any], local: sqlite3.Connection) -> None:
    """The books' tally the triggers counted equals the file's, key by key."""
    here = {tuple(r[:5]): tuple(r[5:]) for r in local.execute(
        "SELECT t.day, k.id, t.service_id, t.customer_id, t.cur, t.n, t.revenue, t.cost "
        "FROM ledger_tally t JOIN panel_keys k ON k.key = t.panel_key "
        "WHERE t.n <> 0 OR t.revenue <> 0 OR t.cost <> 0")}
    there = {tuple(r[:5]): tuple(r[5:]) for r in conn.execute(
        "SELECT day, panel_id, service_id, customer_id, cur, n, revenue, cost "
        "FROM smmdesk.ledger_tally WHERE n <> 0 OR revenue <> 0 OR cost <> 0")}
    if here != there:
        differ = sorted(set(here.items()) ^ set(there.items()))[:3]
        raise PushError(f"The books' tally counted in the team database differs from the "
                        f"workspace's (for example {differ}); nothing was kept.")


def _verify(conn: psycopg.Connection[Any], local: sqlite3.Connection, plans: list[_Plan],
            counts: dict[str, int]) -> str:
    for plan in plans:
        row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(
            sql.Identifier("smmdesk", plan.table))).fetchone()
        there = int(row[0]) if row else -1
        if there != counts[plan.table]:
            raise PushError(f"{plan.table}: {counts[plan.table]} rows sent, {there} in the team "
                            "database; nothing was kept.")
    _verify_ledger(conn, local)
    orders = next(p for p in plans if p.table == "orders")
    here = _order_digest(_rows(local, orders))
    read_back = conn.execute(sql.SQL("SELECT {} FROM smmdesk.orders ORDER BY id").format(
        sql.SQL(", ").join(sql.Identifier(c) for c in orders.columns)))
    there_digest = _order_digest(iter(read_back.fetchall()))
    if there_digest != here:
        raise PushError("The orders read back from the team database differ from the "
                        "workspace's; nothing was kept.")
    return here
