"""SQL over the provider-watch tables (schema v18, ``migrations._V18``): the per-service
roll-ups the triggers keep as statuses come in (``watch_days``, ``watch_times``), each order's
first start / finish / refill (``order_watch``), how often a panel could be reached
(``watch_reach``) and what each refresh of a catalogue changed (``catalogue_changes``). The
rules live in ``smmdesk.watch``; nothing here rescans the history.

Times are INTEGER milliseconds (UTC) as everywhere in the store; money is TEXT holding a
``Decimal``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from smmdesk.store.database import Database
from smmdesk.store.migrations import DAY_MS, STATE_CODES, SUBMIT_CODES, watch_bounds

__all__ = ["Counts", "WatchStore"]

_PANEL_KEY = "(SELECT key FROM panel_keys WHERE id = ?)"
_ACTIVE = ("not_found = 0 AND submit_state IN ('placed','uncertain','submitting') "
           "AND state NOT IN ('canceled', 'completed', 'failed', 'partial')")
_RUNNING_CODES = (STATE_CODES["in_progress"], STATE_CODES["processing"])
_ACTIVE_PLACED = ("o.submit_state = 'placed' AND o.not_found = 0 "
                  "AND o.state NOT IN ('canceled', 'completed', 'failed', 'partial') "
                  "AND o.tracked = 0")


@dataclass(frozen=True, slots=True)
class Counts:
    """A window's sums of ``watch_days``."""

    orders: int = 0
    finished: int = 0
    partial: int = 0
    canceled: int = 0
    refilled: int = 0
    not_found: int = 0


class WatchStore:
    """SQL for the provider watch on the shared ``Database`` (same connection, same serialised
    transactions): ``store.watch``."""

    # What the engines spell differently in the statistics' SQL (the team store's ``PgWatch``
    # says its own): one panel's rows, and a SUM given back as an integer.
    panel_is = f"panel_key = {_PANEL_KEY}"
    sum_int = ""
    active_order = _ACTIVE  # an order still active (placed, uncertain or sending; not final)

    def __init__(self, db: Database) -> None:
        self.db = db
        self._bounds = watch_bounds()

    def _read(self, sql: str, args: Sequence[Any] = ()) -> list[tuple]:
        return self.db.read(sql, tuple(args))

    @property
    def bounds(self) -> list[int]:
        """The lower bound (seconds) of each duration bucket, by bucket number."""
        return self._bounds

    # -- statistics --------------------------------------------------------------------------

    def counts(self, panel_id: str, service_id: int | None, since_ms: int) -> Counts:
        """``watch_days`` summed over the orders placed at or after ``since_ms`` (its day) of one
        service, or of the whole panel (``service_id`` None)."""
        sql = ("SELECT " + ", ".join(f"COALESCE(SUM({c}), 0){self.sum_int}" for c in (
            "orders", "finished", "partial", "canceled", "refilled", "not_found"))
               + f" FROM watch_days WHERE {self.panel_is} ")
        args: list[Any] = [panel_id]
        if service_id is not None:
            sql += "AND service_id = ? "
            args.append(service_id)
        args.append(since_ms // DAY_MS)
        return Counts(*self._read(sql + "AND day >= ?", args)[0])

    def times(self, panel_id: str, service_id: int | None, kind: int,
              since_ms: int) -> list[tuple[int, int]]:
        """(bucket, orders) of the times to start (``kind`` 0) or to complete (1)."""
        sql = (f"SELECT bucket, SUM(n){self.sum_int} FROM watch_times WHERE {self.panel_is} ")
        args: list[Any] = [panel_id]
        if service_id is not None:
            sql += "AND service_id = ? AND kind = ? AND day >= ? "
            args += [service_id, kind, since_ms // DAY_MS]
        else:
            sql += "AND kind = ? AND day >= ? "
            args += [kind, since_ms // DAY_MS]
        return self._read(sql + "GROUP BY bucket ORDER BY bucket", args)

    def reach(self, panel_id: str, since_ms: int) -> tuple[int, int]:
        """(status syncs, failed ones) of the panel since ``since_ms``."""
        row = self._read("SELECT COALESCE(SUM(attempts), 0), COALESCE(SUM(failures), 0) "
                         "FROM watch_reach WHERE panel_id = ? AND day >= ?",
                         (panel_id, since_ms // DAY_MS))[0]
        return int(row[0]), int(row[1])

    def note_sync(self, panel_id: str, ok: bool, at_ms: int) -> None:
        with self.db.transaction() as c:
            c.execute("INSERT INTO watch_reach (panel_id, day, attempts, failures) "
                      "VALUES (?, ?, 1, ?) ON CONFLICT (panel_id, day) DO UPDATE SET "
                      "attempts = attempts + 1, failures = failures + excluded.failures",
                      (panel_id, at_ms // DAY_MS, 0 if ok else 1))

    # -- orders ------------------------------------------------------------------------------

    def active(self) -> list[tuple[int, str, int, int, bool, int | None]]:
        """(order id, panel id, service id, placed at ms, running, started at ms) of every
        placed order still active (the partial index of active orders; never the history).
        One list of the rows as read (``running`` a 0/1 from SQL): at 1M orders there may be
        100,000 of them."""
        running = ",".join(str(int(c)) for c in sorted(_RUNNING_CODES))
        return self._read(
            f"SELECT o.id, k.id, o.service_id, o.created_at, o.state_code IN ({running}), "
            "w.started_at FROM orders o INDEXED BY orders_active "
            "JOIN panel_keys k ON k.key = o.panel_key "
            "LEFT JOIN order_watch w ON w.order_id = o.id "
            f"WHERE {_ACTIVE_PLACED}")

    def active_services(self) -> set[tuple[str, int]]:
        """(panel id, service id) of every service with an active placed order (``active``'s
        orders), one row each."""
        return {(r[0], r[1]) for r in self._read(
            "SELECT DISTINCT k.id, o.service_id FROM orders o INDEXED BY orders_active "
            "JOIN panel_keys k ON k.key = o.panel_key "
            f"WHERE {_ACTIVE_PLACED}")}

    def active_on_links(self, containing: str | None = None) -> list[tuple[int, str, int, str]]:
        """(order id, panel id, service id, link) of every active order with a link (placed,
        uncertain or sending; not final, not lost), from the partial index; ``containing``:
        only the links holding that text as written (a quote's overlap check: at 1M orders
        there are 100,000 active ones, and each was compared in Python)."""
        sql = ("SELECT o.id, k.id, o.service_id, o.link FROM orders o INDEXED BY orders_duplicate "
               f"JOIN panel_keys k ON k.key = o.panel_key WHERE {_ACTIVE} AND o.link IS NOT NULL")
        if not containing:
            return self._read(sql)
        return self._read(sql + " AND instr(o.link, ?) > 0", (containing,))

    def finished_at(self, order_id: int) -> int | None:
        rows = self._read("SELECT finished_at FROM order_watch WHERE order_id = ?", (order_id,))
        return rows[0][0] if rows else None

    # The orders a refill reminder may be for: placed, Completed or Partial, with a start count
    # (a drop can be measured against it), of a service that can be refilled.
    _REFILLABLE = (
        "FROM orders o JOIN panel_keys k ON k.key = o.panel_key "
        "JOIN services s ON s.panel_id = k.id AND s.service_id = o.service_id "
        f"WHERE o.submit_code = {SUBMIT_CODES['placed']} "
        f"AND o.state_code IN ({STATE_CODES['completed']}, {STATE_CODES['partial']}) "
        "AND o.start_count IS NOT NULL AND s.refill = 1")

    def refill_groups(self, since_ms: int
                      ) -> list[tuple[str, int, int | None, str | None, str, str]]:
        """(panel id, service id, name id, the name the orders were placed under, the
        service's name now, its description) of each kind of order a refill reminder may be
        for, placed since ``since_ms``: one row per service and name (the window is read from
        them once), never one per order — a long history is not read into memory."""
        return self._read(
            "SELECT k.id, o.service_id, o.name_id, "
            "(SELECT n.name FROM order_names n WHERE n.id = o.name_id), s.name, s.description "
            f"{self._REFILLABLE} AND o.created_at >= ? "
            "GROUP BY o.panel_key, o.service_id, o.name_id", (since_ms,))

    def refill_group_orders(self, panel_id: str, service_id: int, name_id: int | None,
                            placed_from_ms: int, placed_to_ms: int) -> list[tuple[int, int]]:
        """(order id, placed at ms) of one ``refill_groups`` kind placed in the range given
        (both ends included)."""
        return self._read(
            f"SELECT o.id, o.created_at {self._REFILLABLE} AND k.id = ? AND o.service_id = ? "
            "AND o.name_id IS ? AND o.created_at BETWEEN ? AND ? ORDER BY o.id",
            (panel_id, service_id, name_id, placed_from_ms, placed_to_ms))

    # -- the catalogue -----------------------------------------------------------------------

    def add_changes(self, panel_id: str, at_ms: int,
                    changes: Iterable[tuple[str, int, str, int | None, str | None, str | None]]
                    ) -> None:
        """Keep (kind, service id, name, successor id, old rate, new rate) of one refresh."""
        with self.db.transaction() as c:
            c.executemany(
                "INSERT INTO catalogue_changes (panel_id, at, kind, service_id, name, "
                "successor_id, old_rate, new_rate) VALUES (?,?,?,?,?,?,?,?)",
                [(panel_id, at_ms, *ch) for ch in changes])

    def changes(self, panel_id: str, since_ms: int | None
                ) -> list[tuple[int, int, str, int, str, int | None, str | None, str | None]]:
        sql = ("SELECT id, at, kind, service_id, name, successor_id, old_rate, new_rate "
               "FROM catalogue_changes WHERE panel_id = ?")
        args: list[Any] = [panel_id]
        if since_ms is not None:
            sql += " AND at >= ?"
            args.append(since_ms)
        return self._read(sql + " ORDER BY at DESC, id", args)

    # -- re-pointing -------------------------------------------------------------------------

    def remap(self, panel_id: str, old_id: int, new_panel_id: str, new_id: int,
              new_name: str, new_rate: str, fields_of: Any = None) -> dict[str, int]:
        """Move what named (panel, old id) to (new panel, new id), in one transaction: the
        favourite, the schedules (their name and the price their guard compares with), the
        automatic-refill rule and the ledger's price rules where that table exists. Returns how
        many of each moved. ``fields_of(fields_json) -> fields_json``: the schedule's values as
        the new service takes them (another panel)."""
        moved = {"favourites": 0, "schedules": 0, "refill_rules": 0, "price_rules": 0}
        with self.db.transaction() as c:
            # (flags as parameters: 0/1 in SQLite, booleans in PostgreSQL — the same SQL)
            fav = c.execute("UPDATE services SET favourite = ? WHERE panel_id = ? AND "
                            "service_id = ? AND favourite = ?",
                            (False, panel_id, old_id, True)).rowcount
            if fav:
                c.execute("UPDATE services SET favourite = ? WHERE panel_id = ? AND "
                          "service_id = ?", (True, new_panel_id, new_id))
                moved["favourites"] = fav
            rows = c.execute("SELECT id, fields FROM schedules WHERE panel_id = ? AND "
                             "service_id = ? AND deleted_at IS NULL",
                             (panel_id, old_id)).fetchall()
            for sid, fields in rows:
                c.execute("UPDATE schedules SET panel_id = ?, service_id = ?, service_name = ?, "
                          "base_rate = ?, fields = ? WHERE id = ?",
                          (new_panel_id, new_id, new_name, new_rate,
                           fields_of(fields) if fields_of is not None else fields, sid))
            moved["schedules"] = len(rows)
            rule = c.execute("SELECT enabled, window_days FROM auto_refill_services WHERE "
                             "panel_id = ? AND service_id = ?", (panel_id, old_id)).fetchone()
            if rule is not None:
                c.execute("DELETE FROM auto_refill_services WHERE panel_id = ? AND "
                          "service_id = ?", (panel_id, old_id))
                c.execute("INSERT INTO auto_refill_services (panel_id, service_id, enabled, "
                          "window_days) VALUES (?,?,?,?) ON CONFLICT (panel_id, service_id) "
                          "DO NOTHING", (new_panel_id, new_id, rule[0], rule[1]))
                moved["refill_rules"] = 1
            moved["price_rules"] = self._move_price_rules(c, panel_id, old_id, new_panel_id,
                                                          new_id)
        return moved

    @staticmethod
    def _move_price_rules(c: Any, panel_id: str, old_id: int, new_panel_id: str,
                          new_id: int) -> int:
        return _remap_price_rules(c, panel_id, old_id, new_panel_id, new_id)

    # -- schedules ---------------------------------------------------------------------------

    def set_wait_previous(self, schedule_id: int, on: bool) -> None:
        with self.db.transaction() as c:
            c.execute("UPDATE schedules SET wait_previous = ? WHERE id = ?",
                      (bool(on), schedule_id))  # (0/1 in SQLite, a boolean in PostgreSQL)

    def wait_previous(self, schedule_id: int) -> bool:
        rows = self._read("SELECT wait_previous FROM schedules WHERE id = ?", (schedule_id,))
        return bool(rows and rows[0][0])

    def previous_run_active(self, schedule_id: int) -> int | None:
        """The order of the schedule's latest run when it is still active (None: none)."""
        rows = self._read(
            "SELECT o.id FROM schedule_runs r JOIN orders o ON o.id = r.order_id "
            f"WHERE r.schedule_id = ? AND {self.active_order} "
            "ORDER BY r.id DESC LIMIT 1", (schedule_id,))
        return rows[0][0] if rows else None


def _remap_price_rules(c: sqlite3.Connection, panel_id: str, old_id: int, new_panel_id: str,
                       new_id: int) -> int:
    """The ledger's price rules (schema v17, ``price_rules``): moved when the table is
    there and names services by panel and service id; 0 when it is not."""
    columns = {r[1] for r in c.execute("PRAGMA table_info(price_rules)")}
    if not {"panel_id", "service_id"} <= columns:
        return 0
    return c.execute("UPDATE price_rules SET panel_id = ?, service_id = ? WHERE panel_id = ? "
                     "AND service_id = ?", (new_panel_id, new_id, panel_id, old_id)).rowcount
