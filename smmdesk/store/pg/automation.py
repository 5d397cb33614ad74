"""Scheduled orders, automatic refills, alerts and mass orders on a team store (PostgreSQL):
``PgAutomation`` (the contract of ``store.automation.AutomationStore``) and ``PgMassOrders``
(``store.massorders.MassOrderStore``). Each holds only what differs from the SQLite class it
extends; the SQL both dialects agree on is the SQLite class's own, run through ``engine.PgTx``.

What several desks need besides (nothing placed twice, across desks):

* a scheduled run is consumed by ``placement.consume_run`` (a compare-and-swap on the
  schedule's run index) and recorded by ``placement.add_run`` in the transaction that records
  its order as submitting (``PgOrderStore.insert_submitting``'s ``also``): of desks running the
  same due run at once, one places it; the others' UPDATE waits for its commit, finds the index
  moved, and raises ``RunTaken`` (nothing recorded, nothing sent);
* a mass-order line is claimed by ``placement.claim_line`` in that same transaction (under the
  list's holder, with the "placed before" check serialised across desks), and a list is held
  by ``placement.acquire_list``: a holder on another desk is replaced only once that desk's
  heartbeat expired;
* an automatic refill is claimed (``claim_refill``: a compare-and-swap on the order's last
  automatic request) before it is requested, so exactly one desk asks the panel;
* runs left "sending" take their order's outcome (``finish_sending``) only once the order has
  one: a desk's "submitting" order becomes uncertain only after that desk's heartbeat expired
  (``placement.orphans_to_uncertain``); of desks settling at once, each run is settled by one
  (SKIP LOCKED);
* desks checking the same condition at once raise one alert (``raise_alerts``: a transaction
  lock on the alert's key, then "none active under that key").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from smmdesk.schedules import RunOutcome, Timing, aware
from smmdesk.store import values as clock
from smmdesk.store.automation import (
    _SCHEDULE_COLUMNS,
    AutomationStore,
    RunTaken,
    _every_ms,
    _row_to_schedule,
)
from smmdesk.store.massorders import HolderRow, MassOrderStore
from smmdesk.store.pg import live, placement
from smmdesk.store.pg.engine import PgDatabase, PgTx
from smmdesk.store.values import to_ms

__all__ = ["PgAutomation", "PgMassOrders"]

# Transaction advisory-lock key space of alert keys (after ``placement``'s).
ALERT_LOCK_SPACE = placement.MASS_KEY_LOCK_SPACE + 1

# A team store's schedules say who made them (``schedules.created_by``: the login).
SCHEDULE_COLUMNS = _SCHEDULE_COLUMNS + ", s.created_by"


class PgAutomation(AutomationStore):
    """The automation tables on the team store (module doc)."""

    db: PgDatabase  # type: ignore[assignment]

    def acts(self) -> bool:
        """A viewer's desk (no right to record a run) does none of the automation's work."""
        return bool(self._read("SELECT has_table_privilege('schedule_runs', 'INSERT')")[0][0])

    # -- schedules ------------------------------------------------------------------------------

    def insert_schedule(self, *, panel_id: str, service_id: int, service_name: str,
                        fields: dict[str, Any], timing: Timing, base_rate: Decimal | None,
                        now: datetime, customer_id: int | None = None) -> int:
        at = to_ms(now)
        with self.db.transaction() as c:
            return int(c.returning(
                "INSERT INTO schedules (panel_id, service_id, service_name, fields, first_run, "
                "every_ms, times, until, base_rate, created_at, updated_at, customer_id) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                (panel_id, service_id, service_name, json.dumps(fields, sort_keys=True),
                 to_ms(timing.first_run), _every_ms(timing.every), timing.times,
                 to_ms(aware(timing.until)) if timing.until is not None else None,
                 base_rate, at, at, customer_id)))

    def get_schedule(self, schedule_id: int) -> Any:
        rows = self._read(f"SELECT {SCHEDULE_COLUMNS} FROM schedules s WHERE s.id = ? "
                          "AND s.deleted_at IS NULL", (schedule_id,))
        return _row_to_schedule(rows[0]) if rows else None

    def list_schedules(self) -> list[Any]:
        return [_row_to_schedule(r) for r in self._read(
            f"SELECT {SCHEDULE_COLUMNS} FROM schedules s WHERE s.deleted_at IS NULL "
            "ORDER BY s.id")]

    def consume(self, c: Any, schedule_id: int, generation: int, expected: int,
                next_index: int, *, runs_done: int = 0, require_active: bool = True) -> None:
        placement.consume_run(_conn(c), schedule_id, generation, expected, next_index,
                              runs_done=runs_done, require_active=require_active)

    def add_run(self, c: Any, schedule_id: int, generation: int, index: int,
                due: datetime, now: datetime, outcome: RunOutcome, order_id: int | None = None,
                message: str | None = None) -> None:
        placement.add_run(_conn(c), schedule_id, generation, index, to_ms(due), to_ms(now),
                          outcome.value, order_id=order_id, message=message)

    def pause_in(self, c: Any, schedule_id: int, reason: str, now: datetime) -> None:
        c.execute("UPDATE schedules SET paused = true, pause_reason = ?, updated_at = ? "
                  "WHERE id = ?", (reason, to_ms(now), schedule_id))

    def pause_state(self, c: Any, schedule_id: int, paused: bool, reason: str | None,
                    now: datetime, *, base_rate: Decimal | None = None) -> None:
        sql = "UPDATE schedules SET paused = ?, pause_reason = ?, updated_at = ?"
        args: list[Any] = [bool(paused), reason if paused else None, to_ms(now)]
        if base_rate is not None:
            sql += ", base_rate = ?"
            args.append(Decimal(base_rate))
        cur = c.execute(sql + " WHERE id = ? AND deleted_at IS NULL", (*args, schedule_id))
        if cur.rowcount != 1:
            raise KeyError(schedule_id)

    def hold(self, c: Any, schedule_id: int, generation: int, index: int,
             reason: str, now: datetime) -> None:
        cur = c.execute(
            "UPDATE schedules SET paused = true, pause_reason = ?, held_index = ?, "
            "updated_at = ? WHERE id = ? AND generation = ? AND next_index = ? "
            "AND deleted_at IS NULL",
            (reason, index, to_ms(now), schedule_id, generation, index))
        if cur.rowcount != 1:
            raise RunTaken(schedule_id)

    # finish_sending: as on SQLite, each run settled by one desk (a run whose order is still
    # "submitting" waits — on another desk that order becomes uncertain only once its desk's
    # heartbeat expired)
    sending_rows_lock = " ORDER BY r.id FOR UPDATE OF r SKIP LOCKED"

    # -- automatic refills ----------------------------------------------------------------------

    def refill_candidates(self, default_on: bool) -> list[tuple]:
        opted = "" if default_on else "AND COALESCE(a.enabled, rs.enabled, false) "
        return self._read(
            "SELECT o.id, o.panel_id, o.service_id, o.created_at, s.name, s.description, "
            "a.enabled, a.window_days, rs.enabled, rs.window_days, a.last_requested_at, "
            "(SELECT MAX(requested_at) FROM refills f WHERE f.order_id = o.id) "
            "FROM orders o JOIN services s ON s.panel_id = o.panel_id AND s.service_id = "
            "o.service_id JOIN panels p ON p.id = o.panel_id "
            "LEFT JOIN auto_refill_orders a ON a.order_id = o.id "
            "LEFT JOIN auto_refill_services rs ON rs.panel_id = o.panel_id "
            "AND rs.service_id = o.service_id "
            "WHERE o.submit_state = 'placed' AND o.state = 'completed' AND NOT o.not_found "
            "AND o.remote_id IS NOT NULL AND s.refill AND p.removed_at IS NULL "
            "AND (',' || p.unsupported || ',') NOT LIKE '%,refill,%' "
            "AND a.stopped_at IS NULL " + opted + "ORDER BY o.id")

    # (``set_refill_rule``: the SQLite class's upsert, which both dialects speak)
    # (``claim_refill``: the SQLite class's compare-and-swap, which both dialects speak)

    # -- alerts ---------------------------------------------------------------------------------

    def raise_alerts(self, alerts: list[dict[str, Any]], now: datetime) -> list[int]:
        ids: list[int] = []
        if not alerts:
            return ids
        with self.db.transaction() as c:
            for a in sorted(alerts, key=lambda a: a["key"]):  # (locks in one order)
                # Desks checking the same condition at once raise one alert: the key's
                # transaction lock, then "not active yet" (the others wait, then see it).
                c.execute("SELECT pg_advisory_xact_lock(?, hashtext(?))",
                          (ALERT_LOCK_SPACE, a["key"]))
                row = c.execute(
                    "INSERT INTO alerts (kind, key, message, data, panel_id, service_id, "
                    "order_id, schedule_id, raised_at) SELECT ?,?,?,?,?,?,?,?,? WHERE NOT "
                    "EXISTS (SELECT 1 FROM alerts WHERE key = ? AND cleared_at IS NULL) "
                    "RETURNING id",
                    (a["kind"].value, a["key"], a["message"],
                     json.dumps(a.get("data", {}), sort_keys=True), a.get("panel_id"),
                     a.get("service_id"), a.get("order_id"), a.get("schedule_id"),
                     to_ms(now), a["key"])).fetchone()
                if row is not None:
                    ids.append(int(row[0]))
        return ids

    def removed_watched_services(self) -> list[tuple[str, int, str, bool, bool]]:
        return [(r[0], r[1], r[2], bool(r[3]), bool(r[4])) for r in self._read(
            "SELECT s.panel_id, s.service_id, s.name, s.favourite, EXISTS (SELECT 1 FROM "
            "schedules x WHERE x.panel_id = s.panel_id AND x.service_id = s.service_id AND "
            "x.deleted_at IS NULL) AS scheduled FROM services s JOIN panels p ON p.id = "
            "s.panel_id WHERE p.removed_at IS NULL AND s.removed_at IS NOT NULL AND "
            "(s.favourite OR EXISTS (SELECT 1 FROM schedules x WHERE x.panel_id = "
            "s.panel_id AND x.service_id = s.service_id AND x.deleted_at IS NULL))")]

    def repriced_favourites(self) -> list[tuple[str, int, str, str, str, int]]:
        return self._read(  # (the rates as text, as SQLite keeps them)
            "SELECT s.panel_id, s.service_id, s.name, s.previous_rate::text, s.rate::text, "
            "s.rate_changed_at FROM services s JOIN panels p ON p.id = s.panel_id "
            "WHERE p.removed_at IS NULL AND s.favourite AND s.previous_rate IS NOT NULL "
            "AND s.rate_changed_at IS NOT NULL")

    def attention_orders(self) -> list[tuple[int, str, str, int, str | None, int | None,
                                             int | None, str, str | None, str | None]]:
        return [(r[0], r[1], r[2], int(r[3]), *r[4:]) for r in self._read(
            "SELECT o.id, o.panel_id, o.submit_state, o.not_found, o.error, r.schedule_id, "
            "o.remote_id, (SELECT n.name FROM order_names n WHERE n.id = o.name_id), o.link, "
            "o.outcome FROM orders o LEFT JOIN schedule_runs r ON r.order_id = o.id "
            "WHERE o.submit_state = 'uncertain' OR o.not_found OR "
            "(o.submit_state = 'rejected' AND r.schedule_id IS NOT NULL)")]


def _conn(c: Any) -> Any:
    """psycopg's connection behind a ``PgTx`` (the placement door's functions take it)."""
    return c.conn if isinstance(c, PgTx) else c


class PgMassOrders(MassOrderStore):
    """The mass-order tables on the team store (module doc): a line claimed in the transaction
    that records its order, a list held by one run on one desk."""

    db: PgDatabase  # type: ignore[assignment]

    def create(self, panel_id: str, list_id: str, lines: Iterable[tuple], *, fresh: bool,
               created_at: datetime | None = None, legacy_id: str | None = None,
               c: Any = None) -> int:
        def write(c: Any) -> int:
            batch_id = int(c.returning(
                "INSERT INTO mass_batches (panel_id, list_id, fresh, created_at, legacy_id) "
                "VALUES (?,?,?,?,?) RETURNING id",
                (panel_id, list_id, bool(fresh),
                 to_ms(created_at) if created_at else clock.now_ms(), legacy_id)))
            rows = []
            for line in lines:
                base, extra = line[:7], line[7:] or ("pending", None, None, None, None)
                rows.append((batch_id, *base, *extra))
            if rows:
                c.executemany(
                    "INSERT INTO mass_lines (batch_id, idx, number, raw, service_id, link, "
                    "quantity, problem, state, order_id, reason, ref_line, at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            return batch_id

        if c is not None:
            return write(c)
        with self.db.transaction() as c:
            return write(c)

    def claim(self, c: Any, *, batch_id: int, idx: int, order_id: int,
              panel_id: str, list_id: str, owner: str, key: tuple[int, str, str],
              since_ms: int, resend_refused: bool) -> None:
        placement.claim_line(_conn(c), batch_id=batch_id, idx=idx, order_id=order_id,
                             panel_id=panel_id, list_id=list_id, owner=owner, key=key,
                             since_ms=since_ms, resend_refused=resend_refused)

    def acquire(self, panel_id: str, list_id: str, owner: str, pid: int,
                alive: Callable[[HolderRow], bool]) -> HolderRow | None:
        """Hold the list for ``owner`` (a run on this desk): a run on another desk holds it
        while that desk's heartbeat is alive; a run on this desk while its process is
        (``alive``, as on SQLite)."""
        with self.db.session() as conn:
            for _attempt in range(3):
                held = placement.acquire_list(conn, panel_id, list_id, owner, pid,
                                              self.db.desk_id)
                if held is None or alive(held) or not self._here(held):
                    return held
                with conn.transaction():  # a run of this desk that is gone: let go of it
                    conn.execute("DELETE FROM mass_runs WHERE panel_id = %s AND list_id = %s "
                                 "AND owner = %s", (panel_id, list_id, held.owner))
            return held

    def _here(self, row: HolderRow) -> bool:
        """The holder runs on this desk (its process can be asked)."""
        found = self._read("SELECT desk_id FROM mass_runs WHERE owner = ?", (row.owner,))
        return bool(found) and found[0][0] == self.db.desk_id

    def holder_alive(self, row: HolderRow, local: Callable[[HolderRow], bool]) -> bool:
        """A holder on this desk: its process is (``local``); on another desk: that desk's
        heartbeat is alive."""
        if self._here(row):
            return local(row)
        return bool(self._read(
            "SELECT 1 FROM mass_runs m JOIN desks d ON d.id = m.desk_id "
            f"WHERE m.owner = ? AND {live.ALIVE}", (row.owner,)))

    def release(self, panel_id: str, list_id: str, owner: str) -> None:
        with self.db.session() as conn:
            placement.release_list(conn, panel_id, list_id, owner)
