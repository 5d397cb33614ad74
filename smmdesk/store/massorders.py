"""SQL over the mass-order tables (schema v13, ``migrations._V13``): batches, their lines, and
the rows that say which lists are being placed right now. The rules live in
``smmdesk.massorder``; this module only reads and writes, in the caller's transaction where a
line is claimed.

A line's outcome is not copied here: a line that was sent holds its order's id, and its
status is that order's (``orders.submit_state``), so resolving an uncertain order resolves its
line, and no second writer can turn a placed line into anything else.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from smmdesk.store import values as clock  # clock.now_ms: the one clock tests move
from smmdesk.store.database import Database, Tx
from smmdesk.store.values import from_ms, to_ms

__all__ = [
    "BatchRow",
    "HolderRow",
    "LineRow",
    "LineTaken",
    "MassOrderStore",
    "PlacedBefore",
    "RunLost",
]


class LineTaken(Exception):
    """The line was claimed by someone else first (or is no longer sendable): nothing is
    recorded or sent."""


class RunLost(Exception):
    """This run no longer holds its list (another run took it over): nothing is recorded or
    sent."""


class PlacedBefore(Exception):
    """Another batch placed the same (service, link, quantity) inside the window: nothing is
    recorded or sent."""

    def __init__(self, batch_id: int, number: int, order_id: int | None) -> None:
        super().__init__(f"placed by batch {batch_id}, line {number}")
        self.batch_id = batch_id
        self.number = number
        self.order_id = order_id


@dataclass(frozen=True, slots=True)
class BatchRow:
    id: int
    panel_id: str
    list_id: str
    fresh: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class LineRow:
    """One stored line and, for a line that was sent, its order's outcome."""

    idx: int
    number: int
    raw: str
    service_id: int | None
    link: str
    quantity: str
    problem: str | None
    state: str  # pending | sent | skipped
    order_id: int | None
    reason: str | None
    ref_line: int | None
    ref_batch: int | None
    at: datetime | None
    submit_state: str | None  # of order_id's order (None: no order, or it is gone)
    remote_id: int | None
    error: str | None
    outcome: str | None = None  # the order's ``OutcomeKind`` code


@dataclass(frozen=True, slots=True)
class HolderRow:
    """The run placing a list now: its presence mark, process, batch and since when."""

    owner: str
    pid: int
    batch_id: int | None
    since: datetime

    @property
    def here(self) -> bool:
        """The run is in this process (another window of the app, say)."""
        return self.pid == os.getpid()


_BATCH = "id, panel_id, list_id, fresh, created_at"
_LINE = ("l.idx, l.number, l.raw, l.service_id, l.link, l.quantity, l.problem, l.state, "
         "l.order_id, l.reason, l.ref_line, l.ref_batch, l.at, o.submit_state, o.remote_id, "
         "o.error, o.outcome")


def _batch(r: tuple) -> BatchRow:
    created = from_ms(r[4])
    assert created is not None
    return BatchRow(r[0], r[1], r[2], bool(r[3]), created)


def _line(r: tuple) -> LineRow:
    return LineRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11],
                   from_ms(r[12]), r[13], r[14], r[15], r[16])


class MassOrderStore:
    """SQL for mass orders on the shared ``Database`` (same connection, same serialised
    transactions)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _read(self, sql: str, args: Iterable[object] = ()) -> list[tuple]:
        return self.db.read(sql, tuple(args))

    # -- batches -------------------------------------------------------------------------------

    def batch(self, batch_id: int) -> BatchRow | None:
        rows = self._read(f"SELECT {_BATCH} FROM mass_batches WHERE id = ?", (batch_id,))
        return _batch(rows[0]) if rows else None

    def latest(self, panel_id: str, list_id: str) -> BatchRow | None:
        rows = self._read(f"SELECT {_BATCH} FROM mass_batches WHERE panel_id = ? AND list_id = ? "
                          "ORDER BY id DESC LIMIT 1", (panel_id, list_id))
        return _batch(rows[0]) if rows else None

    def has_legacy(self, legacy_id: str, *, c: Tx | None = None) -> bool:
        sql, args = "SELECT 1 FROM mass_batches WHERE legacy_id = ?", (legacy_id,)
        if c is not None:
            return c.execute(sql, args).fetchone() is not None
        return bool(self._read(sql, args))

    def create(self, panel_id: str, list_id: str, lines: Iterable[tuple], *, fresh: bool,
               created_at: datetime | None = None, legacy_id: str | None = None,
               c: Tx | None = None) -> int:
        """A batch and its lines: ``(idx, number, raw, service_id, link, quantity, problem)``
        each, or with ``(state, order_id, reason, ref_line, at_ms)`` after them (an import)."""
        def write(c: Tx) -> int:
            cur = c.execute(
                "INSERT INTO mass_batches (panel_id, list_id, fresh, created_at, legacy_id) "
                "VALUES (?,?,?,?,?)",
                (panel_id, list_id, int(fresh),
                 to_ms(created_at) if created_at else clock.now_ms(), legacy_id))
            batch_id = int(cur.lastrowid)  # type: ignore[arg-type]
            for line in lines:
                base, extra = line[:7], line[7:] or ("pending", None, None, None, None)
                c.execute(
                    "INSERT INTO mass_lines (batch_id, idx, number, raw, service_id, link, "
                    "quantity, problem, state, order_id, reason, ref_line, at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", (batch_id, *base, *extra))
            return batch_id

        if c is not None:
            return write(c)
        with self.db.transaction() as c:
            return write(c)

    def import_legacy(self, panel_id: str, list_id: str, lines: Iterable[tuple], *,
                      fresh: bool, created_at: datetime, legacy_id: str) -> int | None:
        """A batch an older version kept as a file (``legacy_id``), brought in once even with
        two processes at it: its id, or None when it is in the database already."""
        with self.db.transaction() as c:
            if self.has_legacy(legacy_id, c=c):
                return None
            return self.create(panel_id, list_id, lines, fresh=fresh, created_at=created_at,
                               legacy_id=legacy_id, c=c)

    def lines(self, batch_id: int) -> list[LineRow]:
        return [_line(r) for r in self._read(
            f"SELECT {_LINE} FROM mass_lines l LEFT JOIN orders o ON o.id = l.order_id "
            "WHERE l.batch_id = ? ORDER BY l.idx", (batch_id,))]

    def existing_orders(self, ids: Iterable[int]) -> set[int]:
        wanted = sorted(set(ids))
        found: set[int] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            found.update(r[0] for r in self._read(
                f"SELECT id FROM orders WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return found

    # -- the 24 h rule ---------------------------------------------------------------------------

    _PLACED_SQL = (
        "SELECT l.service_id, l.link, l.quantity, l.batch_id, l.number, l.order_id, l.at "
        "FROM mass_lines l JOIN mass_batches b ON b.id = l.batch_id "
        "LEFT JOIN orders o ON o.id = l.order_id "
        "WHERE l.state = 'sent' AND l.at >= ? AND l.batch_id != ? AND b.panel_id = ? "
        "AND (o.id IS NULL OR o.submit_state != 'rejected')")

    def placed_since(self, panel_id: str, since_ms: int, besides: int | None
                     ) -> dict[tuple[int, str, str], tuple[int, int, int | None, datetime]]:
        """(service, link, quantity) -> (batch, line number, order id, when) of the lines other
        batches of the panel sent since ``since_ms`` and that were not refused (newest wins)."""
        out: dict[tuple[int, str, str], tuple[int, int, int | None, datetime]] = {}
        for sid, link, qty, batch, number, order_id, at in self._read(
                self._PLACED_SQL + " ORDER BY l.at", (since_ms, besides or -1, panel_id)):
            out[(sid, link, qty)] = (batch, number, order_id, from_ms(at))  # type: ignore[assignment]
        return out

    def claim(self, c: Tx, *, batch_id: int, idx: int, order_id: int,
              panel_id: str, list_id: str, owner: str, key: tuple[int, str, str],
              since_ms: int, resend_refused: bool) -> None:
        """Inside the transaction that records ``order_id`` as submitting: take the line (it is
        "sent" from now on), or raise and so roll everything back (nothing is stored or sent):
        ``RunLost`` when this run no longer holds the list, ``PlacedBefore`` when another batch
        sent the same line since ``since_ms``, ``LineTaken`` when the line is not sendable."""
        row = c.execute("SELECT owner FROM mass_runs WHERE panel_id = ? AND list_id = ?",
                        (panel_id, list_id)).fetchone()
        if row is None or row[0] != owner:
            raise RunLost(list_id)
        prior = c.execute(
            self._PLACED_SQL + " AND l.service_id = ? AND l.link = ? AND l.quantity = ? "
            "ORDER BY l.at DESC LIMIT 1", (since_ms, batch_id, panel_id, *key)).fetchone()
        if prior is not None:
            raise PlacedBefore(prior[3], prior[4], prior[5])
        refused = ("OR (state = 'sent' AND order_id IN "
                   "(SELECT id FROM orders WHERE submit_state = 'rejected'))"
                   if resend_refused else "")
        cur = c.execute(
            "UPDATE mass_lines SET state = 'sent', order_id = ?, at = ?, reason = NULL, "
            f"ref_line = NULL, ref_batch = NULL WHERE batch_id = ? AND idx = ? "
            f"AND (state = 'pending' {refused})", (order_id, clock.now_ms(), batch_id, idx))
        if cur.rowcount != 1:
            raise LineTaken(batch_id, idx)

    def skip(self, batch_id: int, idx: int, reason: str, *, order_id: int | None = None,
             ref_line: int | None = None, ref_batch: int | None = None) -> bool:
        """Record that the batch will never send this line (only a line not sent yet)."""
        with self.db.transaction() as c:
            cur = c.execute(
                "UPDATE mass_lines SET state = 'skipped', reason = ?, order_id = ?, "
                "ref_line = ?, ref_batch = ?, at = ? WHERE batch_id = ? AND idx = ? "
                "AND state = 'pending'",
                (reason, order_id, ref_line, ref_batch, clock.now_ms(), batch_id, idx))
            return cur.rowcount == 1

    # -- who is placing a list now -------------------------------------------------------------

    def holder(self, panel_id: str, list_id: str) -> HolderRow | None:
        rows = self._read("SELECT owner, pid, batch_id, since FROM mass_runs "
                          "WHERE panel_id = ? AND list_id = ?", (panel_id, list_id))
        if not rows:
            return None
        since = from_ms(rows[0][3])
        assert since is not None
        return HolderRow(rows[0][0], rows[0][1], rows[0][2], since)

    def acquire(self, panel_id: str, list_id: str, owner: str, pid: int,
                alive: Callable[[HolderRow], bool]) -> HolderRow | None:
        """Hold the list for ``owner``; returns the live holder instead (nothing changed) when
        another run holds it. A holder whose process is gone is replaced."""
        with self.db.transaction() as c:
            row = c.execute("SELECT owner, pid, batch_id, since FROM mass_runs "
                            "WHERE panel_id = ? AND list_id = ?", (panel_id, list_id)).fetchone()
            if row is not None:
                since = from_ms(row[3])
                assert since is not None
                held = HolderRow(row[0], row[1], row[2], since)
                if alive(held):
                    return held
            c.execute("INSERT OR REPLACE INTO mass_runs (panel_id, list_id, owner, pid, "
                      "batch_id, since) VALUES (?,?,?,?,NULL,?)",
                      (panel_id, list_id, owner, pid, clock.now_ms()))
        return None

    def holder_alive(self, row: HolderRow, local: Callable[[HolderRow], bool]) -> bool:
        """Whether the run holding a list is still going: here, its process (``local``: the
        workspace asks its presence mark); a team store asks the holder's desk's heartbeat."""
        return local(row)

    def set_running_batch(self, panel_id: str, list_id: str, owner: str, batch_id: int) -> None:
        with self.db.transaction() as c:
            c.execute("UPDATE mass_runs SET batch_id = ? WHERE panel_id = ? AND list_id = ? "
                      "AND owner = ?", (batch_id, panel_id, list_id, owner))

    def release(self, panel_id: str, list_id: str, owner: str) -> None:
        with self.db.transaction() as c:
            c.execute("DELETE FROM mass_runs WHERE panel_id = ? AND list_id = ? AND owner = ?",
                      (panel_id, list_id, owner))
