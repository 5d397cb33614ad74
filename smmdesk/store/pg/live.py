"""The primitives a team store's engine builds on, each one a single PostgreSQL mechanism:

* **Change notifications** (``ChangeListener``): every statement that changes a watched table
  (orders, schedules, panels, services, alerts, refills, mass-order lines) sends one NOTIFY on
  the channel ``smmdesk`` at COMMIT (``schema.smm_changed``); a desk's listener connection
  blocks on its socket until one arrives — no loop reads the tables to find out.
* **One status sync per panel** (``panel_sync_lock``): a session-level advisory lock, held for
  the length of a sync on the syncing desk's own connection; released by the server when that
  connection ends, whatever happened to the desk.
* **Desk heartbeats** (``beat``, ``live_desks``, ``orphaned_sends``): each desk refreshes its
  row in ``desks`` with the SERVER's clock; a desk is alive while ``seen_at + ttl_s`` is in the
  future. An order a desk was sending becomes a candidate for "uncertain" only once that desk's
  heartbeat has expired, never while it is alive.
* **Claims** (``claim``, ``compare_and_swap``): ``SELECT … FOR UPDATE SKIP LOCKED`` gives each
  of several desks different rows without waiting on each other; a compare-and-swap update
  consumes a value (a schedule's run index) exactly once, whoever else tries at the same time.

All of them take a psycopg connection; none opens one.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import psycopg
from psycopg import sql

from smmdesk.store.pg.schema import LOCK_SPACE, NOTIFY_CHANNEL

__all__ = [
    "ALIVE",
    "Change",
    "ChangeListener",
    "Desk",
    "beat",
    "claim",
    "compact_order_tally",
    "compare_and_swap",
    "leave",
    "live_desks",
    "orphaned_sends",
    "panel_lock_key",
    "panel_sync_lock",
    "prune_notifications",
]

# Advisory-lock key space of per-panel syncs (the schema's own locks use LOCK_SPACE).
PANEL_LOCK_SPACE = LOCK_SPACE + 1
# A desk row is alive while this holds (server clock).
ALIVE = "d.seen_at + make_interval(secs => d.ttl_s) > now()"


# ---------------------------------------------------------------------------- notifications


@dataclass(frozen=True, slots=True)
class Change:
    """One committed statement's change: ``topic`` (orders, schedules, panels, services,
    alerts, mass_orders), ``op`` (insert, update, delete), ``keys`` (the changed rows' ids —
    None when there were too many to list: reload the topic), ``by`` (the login), ``desk``
    (the desk id its connection set; None when it set none), ``pid`` (the server process of the
    connection that made it: tells a desk's own writes from a colleague's, even one of its own
    login and desk id such as ``smm-desk-cli`` on the same folder; None when not known)."""

    id: int
    topic: str
    op: str
    keys: tuple[Any, ...] | None
    count: int
    by: str
    desk: str | None
    pid: int | None = None


def parse_change(payload: str) -> Change | None:
    """A notification's payload read back; None for one this version cannot read."""
    try:
        data = json.loads(payload)
        keys = data.get("keys")
        return Change(int(data["id"]), str(data["topic"]), str(data["op"]),
                      None if keys is None else tuple(keys), int(data["count"]),
                      str(data["by"]), data.get("desk"))
    except (ValueError, KeyError, TypeError):
        return None


class ChangeListener:
    """LISTENs on its own connection (autocommit: a notification is delivered between
    transactions). ``wait`` blocks on the socket — in ``select``, no query is sent — until a
    change arrives or the time is up."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        if not conn.autocommit:
            raise ValueError("a listener's connection must be in autocommit mode")
        self.conn = conn
        conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(NOTIFY_CHANNEL)))

    def wait(self, timeout: float) -> list[Change]:
        """The changes committed since the last call: waits up to ``timeout`` seconds for the
        first, then takes whatever else has already arrived without waiting."""
        notes: list[psycopg.Notify] = list(self.conn.notifies(timeout=timeout, stop_after=1))
        if notes:
            notes.extend(self.conn.notifies(timeout=0))
        changes = []
        for note in notes:
            change = parse_change(note.payload) if note.channel == NOTIFY_CHANNEL else None
            if change is not None:
                changes.append(replace(change, pid=note.pid))
        return changes

    def close(self) -> None:
        self.conn.close()


def prune_notifications(conn: psycopg.Connection[Any], keep: timedelta = timedelta(days=1)
                        ) -> int:
    """Forget notifications older than ``keep`` (at least an hour); how many went."""
    row = conn.execute("SELECT smmdesk.notifications_prune(%s)",
                       (int(keep.total_seconds()),)).fetchone()
    return int(row[0]) if row else 0


def compact_order_tally(conn: psycopg.Connection[Any]) -> int:
    """Fold ``order_tally``'s delta rows into one per bucket (counts unchanged); how many
    rows are left."""
    row = conn.execute("SELECT smmdesk.order_tally_compact()").fetchone()
    return int(row[0]) if row else 0


# ------------------------------------------------------------------------- per-panel syncs


def panel_lock_key(panel_id: str) -> tuple[int, int]:
    """The advisory-lock key of a panel's status sync: (key space, a 32-bit hash of its id).
    Two ids sharing a hash would only take turns, never sync at once."""
    h = zlib.crc32(panel_id.encode("utf-8"))
    return PANEL_LOCK_SPACE, h - (1 << 32) if h >= 1 << 31 else h


@contextmanager
def panel_sync_lock(conn: psycopg.Connection[Any], panel_id: str) -> Iterator[bool]:
    """Try to become the one desk syncing ``panel_id``: yields True when this connection holds
    the lock (released on leaving, or by the server if the connection dies), False when
    another desk is syncing it now (skip the panel; that desk's results arrive as changes).
    Use the desk's own autocommit connection: the lock outlives transactions."""
    space, key = panel_lock_key(panel_id)
    row = conn.execute("SELECT pg_try_advisory_lock(%s, %s)", (space, key)).fetchone()
    held = bool(row and row[0])
    try:
        yield held
    finally:
        if held and not conn.closed:
            conn.execute("SELECT pg_advisory_unlock(%s, %s)", (space, key))


# ----------------------------------------------------------------------------------- desks


@dataclass(frozen=True, slots=True)
class Desk:
    id: str
    login: str
    host: str
    pid: int | None
    app_version: str | None
    started_at: datetime
    seen_at: datetime
    ttl: timedelta


def beat(conn: psycopg.Connection[Any], desk_id: str, *, ttl: timedelta = timedelta(seconds=30),
         host: str = "", pid: int | None = None, app_version: str | None = None) -> None:
    """This desk is alive for ``ttl`` from now (server clock): insert or refresh its row. A
    desk id another login's desk holds is refused by the database (row-level security)."""
    ttl_s = max(1, int(ttl.total_seconds()))
    conn.execute(
        "INSERT INTO smmdesk.desks (id, host, pid, app_version, ttl_s) VALUES (%s, %s, %s, %s, %s) "
        "ON CONFLICT (id) DO UPDATE SET seen_at = now(), ttl_s = EXCLUDED.ttl_s, "
        "host = EXCLUDED.host, pid = EXCLUDED.pid, app_version = EXCLUDED.app_version",
        (desk_id, host, pid, app_version, ttl_s))


def leave(conn: psycopg.Connection[Any], desk_id: str) -> None:
    """A clean exit: the desk's row goes (nothing of it is in flight any more)."""
    conn.execute("DELETE FROM smmdesk.desks WHERE id = %s", (desk_id,))


def live_desks(conn: psycopg.Connection[Any]) -> list[Desk]:
    """The desks whose heartbeat has not expired, by id."""
    rows = conn.execute(
        "SELECT d.id, d.login, d.host, d.pid, d.app_version, d.started_at, d.seen_at, d.ttl_s "
        f"FROM smmdesk.desks d WHERE {ALIVE} ORDER BY d.id").fetchall()
    return [Desk(r[0], r[1], r[2], r[3], r[4], r[5], r[6], timedelta(seconds=r[7]))
            for r in rows]


def orphaned_sends(conn: psycopg.Connection[Any], *, limit: int = 100) -> list[int]:
    """Orders still "submitting" whose desk's heartbeat has expired (or that name no desk),
    locked for the caller's transaction with SKIP LOCKED — so of several desks looking at once,
    one handles each — oldest first. The caller turns them uncertain in the same transaction."""
    if conn.autocommit and conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
        raise ValueError("orphaned_sends locks rows for a transaction: call it inside one")
    rows = conn.execute(
        "SELECT o.id FROM smmdesk.orders o LEFT JOIN smmdesk.desks d ON d.id = o.desk_id "
        f"WHERE o.submit_state = 'submitting' AND (d.id IS NULL OR NOT ({ALIVE})) "
        "ORDER BY o.created_at, o.id LIMIT %s FOR UPDATE OF o SKIP LOCKED", (limit,)).fetchall()
    return [r[0] for r in rows]


# ---------------------------------------------------------------------------------- claims


def _sql(text: str | sql.Composable) -> sql.Composable:
    return text if isinstance(text, sql.Composable) else sql.SQL(text)


def claim(conn: psycopg.Connection[Any], table: str, where: str | sql.Composable,
          params: Sequence[Any] | Mapping[str, Any] = (), *, key: str = "id", limit: int = 1,
          order_by: str | None = None) -> list[Any]:
    """Lock up to ``limit`` rows of ``table`` matching ``where`` (SQL written by the caller,
    never built from input; values go in ``params``) that no other transaction holds, and
    return their ``key``s. Rows another desk is holding are skipped, not waited for. Call it
    inside the transaction that then records what was done with them."""
    query = sql.SQL("SELECT {key} FROM {table} WHERE {where} ORDER BY {order} LIMIT {limit} "
                    "FOR UPDATE SKIP LOCKED").format(
        key=sql.Identifier(key), table=sql.Identifier("smmdesk", table), where=_sql(where),
        order=sql.Identifier(order_by or key), limit=sql.Literal(int(limit)))
    return [r[0] for r in conn.execute(query, params).fetchall()]


def compare_and_swap(conn: psycopg.Connection[Any], table: str, *, key: Mapping[str, Any],
                     column: str, expected: Any, new: Any,
                     also: Mapping[str, Any] | None = None) -> bool:
    """``UPDATE table SET column = new [, also…] WHERE key… AND column = expected``: True when
    this call moved the value, False when it was no longer ``expected`` (someone else moved it
    first — the run was taken). Under concurrency exactly one of the callers that expected the
    same value wins: the losers' UPDATE waits for the winner's commit and then finds the row
    changed."""
    sets = [sql.SQL("{} = {}").format(sql.Identifier(column), sql.Placeholder())]
    values: list[Any] = [new]
    for name, value in (also or {}).items():
        sets.append(sql.SQL("{} = {}").format(sql.Identifier(name), sql.Placeholder()))
        values.append(value)
    conds = [sql.SQL("{} = {}").format(sql.Identifier(name), sql.Placeholder()) for name in key]
    values += list(key.values())
    conds.append(sql.SQL("{} IS NOT DISTINCT FROM {}").format(sql.Identifier(column),
                                                              sql.Placeholder()))
    values.append(expected)
    query = sql.SQL("UPDATE {} SET {} WHERE {}").format(
        sql.Identifier("smmdesk", table), sql.SQL(", ").join(sets),
        sql.SQL(" AND ").join(conds))
    return conn.execute(query, values).rowcount == 1
