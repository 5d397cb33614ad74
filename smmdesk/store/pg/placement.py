"""The placement door's writes on a team store: one order placed once, whichever desk sends it.

The same rules as the SQLite store (``Store.insert_submitting``/``set_submit_result``,
``AutomationRepo.consume``/``add_run``, ``MassOrderRepo.claim``), with what several computers
need besides:

* ``record_submitting`` commits the order as "submitting" **before** anything is sent, with the
  sending desk's id, and runs the caller's ``also(conn, order_id)`` — the claim of a scheduled
  run or a mass-order line — in the same transaction: if the claim fails, no order exists and
  nothing is sent. It refreshes the desk's heartbeat in that transaction (a desk whose row is
  gone or expired records nothing: another desk may be turning its sends uncertain), and it
  serialises placements of one link across desks (a transaction advisory lock on the folded
  link), so a check made inside ``also`` ("an unresolved order on this link?") sees a
  colleague's order recorded a moment before — SQLite's one writer gave that for free.
* ``consume_run`` is a compare-and-swap on the schedule's run index: of desks consuming the
  same run at once, the first to commit wins; the others' UPDATE waits for it, then finds the
  index moved and raises ``RunTaken`` (READ COMMITTED re-checks the row after the wait).
* ``claim_line`` takes a mass-order line (``pending`` → ``sent``) under the list's holder, after
  checking no other batch sent the same (service, link, quantity) in the window — with a
  transaction advisory lock on that key, so two desks running two batches cannot both pass the
  check before either commits.
* ``set_submit_result`` records the answer; a panel order id another order already holds raises
  ``RemoteIdTaken`` ((panel, remote id) is unique across desks).
* ``acquire_list`` makes one run (on one desk) the holder of a mass-order list; a holder is
  replaced only when its desk's heartbeat has expired (a process id means nothing on another
  computer).
* ``orphans_to_uncertain`` turns "submitting" orders uncertain only when their desk's heartbeat
  has expired (``live.orphaned_sends``), never while that desk is alive and may still be
  waiting for the panel's answer.

Every function takes a desk's psycopg connection (not in autocommit mode); none opens one. Times
are ms UTC (``now_ms``), as in both schemas.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import psycopg
from psycopg import errors

from smmdesk.models import OrderState, OutcomeKind, Service, SubmitState
from smmdesk.store import RemoteIdTaken, from_ms
from smmdesk.store import values as _clock
from smmdesk.store.automation import RunTaken
from smmdesk.store.massorders import HolderRow, LineTaken, PlacedBefore, RunLost
from smmdesk.store.pg import live
from smmdesk.store.pg.schema import LOCK_SPACE
from smmdesk.textnorm import fold

__all__ = [
    "LINK_LOCK_SPACE",
    "MASS_KEY_LOCK_SPACE",
    "DeskNotAlive",
    "acquire_list",
    "add_run",
    "claim_line",
    "consume_run",
    "name_id",
    "orphans_to_uncertain",
    "record_submitting",
    "release_list",
    "set_submit_result",
]


def now_ms() -> int:
    """The store's clock, looked up at each call (as the SQLite store does): a test's injected
    clock (``values.now_ms``) dates the team store's rows too."""
    return _clock.now_ms()


# Transaction advisory-lock key spaces (the schema's own: LOCK_SPACE; per-panel syncs: + 1).
LINK_LOCK_SPACE = LOCK_SPACE + 2
MASS_KEY_LOCK_SPACE = LOCK_SPACE + 3

ORPHAN_NOTE = ("The computer that was sending this order stopped answering while it waited for "
               "the panel: it may have been placed.")


class DeskNotAlive(Exception):
    """This desk has no live heartbeat row (it never beat, left, or was silent past its time to
    live): it records no order until it beats again, since another desk may now be turning its
    sends uncertain."""

    def __init__(self, desk_id: str) -> None:
        super().__init__(f"desk {desk_id} has no live heartbeat: beat before placing")
        self.desk_id = desk_id


def _require_transaction_mode(conn: psycopg.Connection[Any]) -> None:
    """A write that must be committed when it returns: its own transaction, not a savepoint
    inside one the caller left open."""
    if conn.autocommit:
        raise ValueError("placement writes need a connection that is not in autocommit mode")
    if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        raise ValueError("the connection is inside a transaction: commit or roll it back first "
                         "(this write commits on its own)")


def name_id(conn: psycopg.Connection[Any], name: str) -> int:
    """``order_names``' id of a service name, added when new (never locks an existing name, so
    desks placing the same service do not wait on each other)."""
    row = conn.execute("SELECT id FROM order_names WHERE name = %s", (name,)).fetchone()
    if row is None:
        row = conn.execute("INSERT INTO order_names (name, folded) VALUES (%s, %s) "
                           "ON CONFLICT (name) DO NOTHING RETURNING id",
                           (name, fold(name))).fetchone()
    if row is None:  # a colleague added it a moment ago
        row = conn.execute("SELECT id FROM order_names WHERE name = %s", (name,)).fetchone()
    assert row is not None  # names are never deleted
    return int(row[0])


def _event(conn: psycopg.Connection[Any], order_id: int, at: int, kind: str, *,
           submit_state: SubmitState | None = None, state: OrderState | None = None,
           note: str | None = None) -> None:
    conn.execute(
        "INSERT INTO order_events (order_id, at, kind, submit_state, state, note) "
        "VALUES (%s, %s, %s, %s, %s, %s)",
        (order_id, at, kind, submit_state.value if submit_state else None,
         state.value if state else None, note))


def _lock(conn: psycopg.Connection[Any], space: int, text: str) -> None:
    """A transaction advisory lock on ``text`` in key space ``space`` (released at COMMIT or
    ROLLBACK; two texts sharing a hash only take turns)."""
    conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (space, text))


def record_submitting(
    conn: psycopg.Connection[Any],
    *,
    desk_id: str,
    panel_id: str,
    service: Service,
    fields: Mapping[str, Any],
    link: str | None,
    quantity: int | None,
    charge_estimate: Decimal | None,
    currency: str | None,
    likely_duplicate: bool = False,
    runs: int | None = None,
    interval: int | None = None,
    also: Callable[[psycopg.Connection[Any], int], None] | None = None,
) -> int:
    """The row that exists before the request goes out, committed when this returns (its id).
    ``also(conn, order_id)`` runs in the same transaction; if it raises (``RunTaken``,
    ``LineTaken``…), nothing is committed and the exception goes to the caller. Raises
    ``DeskNotAlive`` when this desk's heartbeat is gone or expired."""
    _require_transaction_mode(conn)
    now = now_ms()
    with conn.transaction():
        alive = conn.execute(
            "UPDATE desks d SET seen_at = now() WHERE d.id = %s AND " + live.ALIVE,
            (desk_id,)).rowcount
        if alive != 1:
            raise DeskNotAlive(desk_id)
        folded = fold(link) if link else ""
        if folded:
            _lock(conn, LINK_LOCK_SPACE, folded)
        row = conn.execute(
            "INSERT INTO orders (panel_id, service_id, name_id, service_type, submit_state, "
            "state, link, quantity, fields, charge_estimate, currency, runs, interval, "
            "likely_duplicate, created_at, updated_at, search_text, desk_id) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
            "RETURNING id",
            (panel_id, service.id, name_id(conn, service.name), service.type,
             SubmitState.SUBMITTING.value, OrderState.UNKNOWN.value, link, quantity,
             json.dumps(dict(fields), sort_keys=True), charge_estimate, currency, runs,
             interval, likely_duplicate, now, now, folded, desk_id)).fetchone()
        assert row is not None  # INSERT … RETURNING returns its row
        order_id = int(row[0])
        _event(conn, order_id, now, "submit", submit_state=SubmitState.SUBMITTING,
               note="sending to the panel")
        if also is not None:
            also(conn, order_id)
    return order_id


def set_submit_result(
    conn: psycopg.Connection[Any],
    order_id: int,
    submit_state: SubmitState,
    *,
    remote_id: int | None = None,
    error: str | None = None,
    note: str | None = None,
    kind: str = "submit",
    outcome: OutcomeKind | None = None,
    not_sent: bool = False,
    also: Callable[[psycopg.Connection[Any]], None] | None = None,
) -> None:
    """Record an order's submit outcome and its event, in one transaction, as the SQLite store
    does: ``outcome`` is why, as a code; ``error`` the panel's or the network's words beside
    it; ``not_sent``: nothing reached the panel. ``RemoteIdTaken`` (nothing written) when
    another order of the panel already holds ``remote_id``. ``also(conn)`` runs first in the
    same transaction (resolving folds an order imported by its id in there)."""
    _require_transaction_mode(conn)
    now = now_ms()
    state = OrderState.PENDING if submit_state is SubmitState.PLACED else None
    try:
        with conn.transaction():
            if also is not None:
                also(conn)
            row = conn.execute(
                "UPDATE orders SET submit_state = %s, remote_id = COALESCE(%s, remote_id), "
                "error = %s, outcome = %s, not_sent = %s, state = COALESCE(%s, state), "
                "updated_at = %s WHERE id = %s RETURNING panel_id",
                (submit_state.value, remote_id, error,
                 outcome.value if outcome is not None else None, not_sent,
                 state.value if state else None, now, order_id)).fetchone()
            if row is None:
                raise KeyError(order_id)
            _event(conn, order_id, now, kind, submit_state=submit_state, state=state,
                   note=note or error)
    except errors.UniqueViolation as e:
        if remote_id is None or e.diag.constraint_name != "orders_remote_unique":
            raise
        panel = conn.execute("SELECT panel_id FROM orders WHERE id = %s", (order_id,)
                             ).fetchone()
        conn.rollback()  # end the read's transaction: the caller's next write starts clean
        raise RemoteIdTaken(panel[0] if panel else "?", remote_id, None) from None


def consume_run(conn: psycopg.Connection[Any], schedule_id: int, generation: int,
                expected: int, next_index: int, *, runs_done: int = 0,
                require_active: bool = True) -> None:
    """In the caller's transaction: move the schedule's next index from ``expected`` to
    ``next_index``, or raise ``RunTaken`` when another desk got there first (or the schedule
    was paused, deleted or edited meanwhile)."""
    query = ("UPDATE schedules SET next_index = %s, runs_done = runs_done + %s, "
             "held_index = NULL WHERE id = %s AND generation = %s AND next_index = %s "
             "AND deleted_at IS NULL")
    if require_active:
        query += " AND NOT paused"
    cur = conn.execute(query, (next_index, runs_done, schedule_id, generation, expected))
    if cur.rowcount != 1:
        raise RunTaken(schedule_id)


def add_run(conn: psycopg.Connection[Any], schedule_id: int, generation: int, index: int,
            due_ms: int, at_ms: int, outcome: str, order_id: int | None = None,
            message: str | None = None) -> None:
    """In the caller's transaction: the record of one run (``schedules.RunOutcome`` values).
    A second record of the same run is refused by the database (UNIQUE schedule, generation,
    index) and rolls the caller's transaction back."""
    conn.execute(
        "INSERT INTO schedule_runs (schedule_id, generation, idx, due_at, at, outcome, "
        "order_id, message) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        (schedule_id, generation, index, due_ms, at_ms, outcome, order_id, message))


_PLACED_SQL = (
    "SELECT l.batch_id, l.number, l.order_id "
    "FROM mass_lines l JOIN mass_batches b ON b.id = l.batch_id "
    "LEFT JOIN orders o ON o.id = l.order_id "
    "WHERE l.state = 'sent' AND l.at >= %s AND l.batch_id != %s AND b.panel_id = %s "
    "AND (o.id IS NULL OR o.submit_state != 'rejected') "
    "AND l.service_id = %s AND l.link = %s AND l.quantity = %s "
    "ORDER BY l.at DESC LIMIT 1")


def claim_line(conn: psycopg.Connection[Any], *, batch_id: int, idx: int, order_id: int,
               panel_id: str, list_id: str, owner: str, key: tuple[int, str, str],
               since_ms: int, resend_refused: bool = False) -> None:
    """Inside the transaction that records ``order_id`` as submitting: take the line (it is
    "sent" from now on), or raise and so roll everything back (nothing is stored or sent):
    ``RunLost`` when ``owner`` no longer holds the list, ``PlacedBefore`` when another batch
    sent the same (service, link, quantity) since ``since_ms``, ``LineTaken`` when the line is
    not sendable (another desk took it first)."""
    held = conn.execute("SELECT owner FROM mass_runs WHERE panel_id = %s AND list_id = %s "
                        "FOR SHARE", (panel_id, list_id)).fetchone()
    if held is None or held[0] != owner:
        raise RunLost(list_id)
    service_id, link, quantity = key
    _lock(conn, MASS_KEY_LOCK_SPACE, f"{panel_id}\n{service_id}\n{link}\n{quantity}")
    prior = conn.execute(_PLACED_SQL, (since_ms, batch_id, panel_id, service_id, link,
                                       quantity)).fetchone()
    if prior is not None:
        raise PlacedBefore(prior[0], prior[1], prior[2])
    refused = ("OR (state = 'sent' AND order_id IN "
               "(SELECT id FROM orders WHERE submit_state = 'rejected'))"
               if resend_refused else "")
    cur = conn.execute(
        "UPDATE mass_lines SET state = 'sent', order_id = %s, at = %s, reason = NULL, "
        "ref_line = NULL, ref_batch = NULL WHERE batch_id = %s AND idx = %s "
        f"AND (state = 'pending' {refused})", (order_id, now_ms(), batch_id, idx))
    if cur.rowcount != 1:
        raise LineTaken(batch_id, idx)


def orphans_to_uncertain(conn: psycopg.Connection[Any], note: str = ORPHAN_NOTE, *,
                         limit: int = 100) -> list[int]:
    """Turn uncertain the orders still "submitting" whose desk's heartbeat has expired (or that
    name no desk), with an event each (``note``); their ids. Their outcome is
    ``OutcomeKind.APP_STOPPED`` (the app that sent it stopped while sending), as the SQLite
    store records a crash. Of several desks doing this at once, each order is handled by one
    (rows locked SKIP LOCKED)."""
    _require_transaction_mode(conn)
    now = now_ms()
    with conn.transaction():
        ids = live.orphaned_sends(conn, limit=limit)
        for order_id in ids:
            conn.execute("UPDATE orders SET submit_state = %s, error = NULL, outcome = %s, "
                         "not_sent = false, updated_at = %s WHERE id = %s",
                         (SubmitState.UNCERTAIN.value, OutcomeKind.APP_STOPPED.value, now,
                          order_id))
            _event(conn, order_id, now, "submit", submit_state=SubmitState.UNCERTAIN,
                   note=note)
    return ids


def _holder(row: tuple[Any, ...]) -> HolderRow:
    since = from_ms(row[3])
    assert since is not None
    return HolderRow(row[0], row[1], row[2], since)


def acquire_list(conn: psycopg.Connection[Any], panel_id: str, list_id: str, owner: str,
                 pid: int, desk_id: str) -> HolderRow | None:
    """Hold the list for ``owner`` (a run on desk ``desk_id``): None when this run holds it now,
    or the live holder (nothing changed) when a run on a desk whose heartbeat is alive holds it
    — on this desk or another. A holder whose desk expired, left, or is unknown is replaced. Of
    desks acquiring at once, one wins (the row is locked by the upsert; the others re-check it
    after the winner's commit)."""
    _require_transaction_mode(conn)
    while True:  # again only when the holder let go between the two statements
        with conn.transaction():
            took = conn.execute(
                "INSERT INTO mass_runs AS m (panel_id, list_id, owner, pid, batch_id, since, "
                "desk_id) VALUES (%s, %s, %s, %s, NULL, %s, %s) "
                "ON CONFLICT (panel_id, list_id) DO UPDATE SET owner = EXCLUDED.owner, "
                "pid = EXCLUDED.pid, batch_id = NULL, since = EXCLUDED.since, "
                "desk_id = EXCLUDED.desk_id "
                "WHERE NOT EXISTS (SELECT 1 FROM desks d WHERE d.id = m.desk_id AND "
                f"{live.ALIVE}) RETURNING owner",
                (panel_id, list_id, owner, pid, now_ms(), desk_id)).fetchone()
            if took is not None:
                return None
            held = conn.execute("SELECT owner, pid, batch_id, since FROM mass_runs "
                                "WHERE panel_id = %s AND list_id = %s", (panel_id, list_id)
                                ).fetchone()
        if held is not None:
            return _holder(held)


def release_list(conn: psycopg.Connection[Any], panel_id: str, list_id: str,
                 owner: str) -> None:
    """The run is done with the list (only its own hold is released)."""
    _require_transaction_mode(conn)
    with conn.transaction():
        conn.execute("DELETE FROM mass_runs WHERE panel_id = %s AND list_id = %s "
                     "AND owner = %s", (panel_id, list_id, owner))
