"""The orders and what happens to them (tables ``orders``, ``order_events``, ``refills``,
with ``panel_keys`` and ``order_names``): ``OrderStore(db)``.

Engine-neutral contract (docs/dev/contracts.md, "The store"):

* placing: ``insert_submitting`` (the row exists, committed, before the request goes out;
  ``also(tx, order_id)`` claims a scheduled run or a mass-order line in the same
  transaction), ``set_submit_result`` (the outcome and an event; ``also(tx)`` first),
  ``submitting_to_uncertain`` (rows a dead process left SUBMITTING), ``find_active_duplicate``,
  ``unresolved_orders``, ``disputed_orders``;
* a panel order id belongs to one local order: ``RemoteIdTaken`` (with the owner) instead of a
  second one (``set_submit_result``, ``insert_tracked``, ``resolve``);
* status sync: ``active_orders`` (what to ask), ``apply_statuses`` (one batch, one transaction),
  ``find_by_remote``, ``insert_tracked`` (an order placed elsewhere), ``is_tracked``,
  ``resolve`` (an UNCERTAIN order checked by the person, ``absorb``: its tracked copy);
* events and refills: ``add_event``, ``order_events``, ``add_refill``, ``pending_refills``,
  ``update_refill``, ``order_refills``;
* reading: ``get_order`` (KeyError when unknown), ``get_orders`` (in the order asked);
* ``bulk_insert_placed`` (tests, benches, imports).

How the rows are laid out is this engine's (schema v11: the panel as ``panel_key``, the
service name once in ``order_names``, states as codes behind generated columns); the
history's pages, search and counts are ``queries.OrderQueries``, over the same rows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from typing import Any

from smmdesk.models import (
    FINAL_STATES,
    NOTIFY_STATES,
    LocalOrder,
    OrderState,
    OrderStatus,
    OutcomeKind,
    Service,
    SubmitState,
)
from smmdesk.outcomes import describe
from smmdesk.store import values as clock  # clock.now_ms: the one clock tests move
from smmdesk.store.contract import OrderEvent, Refill, StatusChanges
from smmdesk.store.database import Database
from smmdesk.store.errors import RemoteIdTaken
from smmdesk.store.migrations import (
    EVENT_KINDS,
    EVENT_STATES,
    EVENT_SUBMIT_STATES,
    STATE_CODES,
    SUBMIT_CODES,
    TYPE_CODES,
    event_value,
)
from smmdesk.store.values import cap_text, dec, from_ms, money
from smmdesk.textnorm import fold

__all__ = [
    "FINAL_SQL",
    "ORDER_COLUMNS",
    "PANEL_IS",
    "OrderStore",
    "name_id_of",
    "panel_key_of",
    "row_to_order",
]

_FINAL_VALUES = tuple(sorted(s.value for s in FINAL_STATES))
FINAL_SQL = "(" + ",".join(f"'{v}'" for v in _FINAL_VALUES) + ")"
_NOTIFY_VALUES = frozenset(s.value for s in NOTIFY_STATES)

# Orders of one panel, given its id (schema v11: orders hold the panel's integer key).
PANEL_IS = "panel_key = (SELECT key FROM panel_keys WHERE id = ?)"

# An order's service name (schema v11: held once in ``order_names``, the order has its id).
NAME_OF_ORDER = "(SELECT n.name FROM order_names n WHERE n.id = orders.name_id)"
# An order's panel id (schema v11: the order, its indexes and the tally hold ``panel_key``).
PANEL_OF_ORDER = "(SELECT k.id FROM panel_keys k WHERE k.key = orders.panel_key)"

ORDER_COLUMNS = (
    f"id, {PANEL_OF_ORDER}, service_id, {NAME_OF_ORDER}, service_type, remote_id, "
    "submit_state, state, "
    "raw_status, error, link, quantity, fields, charge_estimate, charge, currency, start_count, "
    "remains, created_at, updated_at, not_found, likely_duplicate, runs, interval, outcome, "
    "not_sent, customer_id, sell_price, home_rate"
)


def panel_key_of(c: sqlite3.Connection, panel_id: str) -> int:
    """The ``panel_keys`` key of a panel, given with its first order (inside the caller's
    transaction; a panel that does not exist is refused by the foreign key, as before)."""
    row = c.execute("SELECT key FROM panel_keys WHERE id = ?", (panel_id,)).fetchone()
    if row is None:
        row = c.execute("INSERT INTO panel_keys (id) VALUES (?) RETURNING key",
                        (panel_id,)).fetchone()
    return int(row[0])


def name_id_of(c: sqlite3.Connection, name: str) -> int:
    """The ``order_names`` id of a service name, the name added first when it is new (inside
    the caller's transaction, so an order that is not written leaves no name behind)."""
    row = c.execute("SELECT id FROM order_names WHERE name = ?", (name,)).fetchone()
    if row is None:
        row = c.execute("INSERT INTO order_names (name, folded) VALUES (?, ?) RETURNING id",
                        (name, fold(name))).fetchone()
    return int(row[0])


def row_to_order(r: sqlite3.Row | tuple) -> LocalOrder:
    try:
        fields = json.loads(r[12]) if r[12] else {}
    except ValueError:
        fields = {}
    return LocalOrder(
        id=r[0],
        panel_id=r[1],
        service_id=r[2],
        service_name=r[3],
        service_type=r[4],
        remote_id=r[5],
        submit_state=SubmitState(r[6]),
        state=order_state(r[7]),
        raw_status=r[8],
        error=r[9],
        link=r[10],
        quantity=r[11],
        fields=fields,
        charge_estimate=dec(r[13]),
        charge=dec(r[14]),
        currency=r[15],
        start_count=r[16],
        remains=r[17],
        created_at=from_ms(r[18]),  # type: ignore[arg-type]
        updated_at=from_ms(r[19]),  # type: ignore[arg-type]
        not_found=bool(r[20]),
        likely_duplicate=bool(r[21]),
        runs=r[22],
        interval=r[23],
        # (a row read with the columns of an older version has neither)
        outcome=OutcomeKind.code(r[24]) if len(r) > 24 else None,
        not_sent=bool(r[25]) if len(r) > 25 else False,
        customer_id=r[26] if len(r) > 26 else None,
        sell_price=dec(r[27]) if len(r) > 27 else None,
        home_rate=dec(r[28]) if len(r) > 28 else None,
    )


def order_state(value: str | None) -> OrderState:
    try:
        return OrderState(value)
    except ValueError:
        return OrderState.UNKNOWN


class OrderStore:
    """SQL over the orders, their events and refills, on the shared ``Database``."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- orders: writing -------------------------------------------------------------------------

    def _event(
        self,
        c: sqlite3.Connection,
        order_id: int,
        at: int,
        kind: str,
        *,
        submit_state: SubmitState | None = None,
        state: OrderState | None = None,
        raw_status: str | None = None,
        remains: int | None = None,
        charge: Decimal | None = None,
        note: str | None = None,
    ) -> None:
        c.execute(
            "INSERT INTO order_events (order_id, at, kind, submit_state, state, raw_status, "
            "remains, charge, note) VALUES (?,?,?,?,?,?,?,?,?)",
            (order_id, at, EVENT_KINDS.get(kind, kind),
             EVENT_SUBMIT_STATES[submit_state.value] if submit_state else None,
             EVENT_STATES[state.value] if state else None, raw_status, remains,
             money(charge), cap_text(note)),  # a panel's refusal can be a whole page
        )

    def insert_submitting(
        self,
        *,
        panel_id: str,
        service: Service,
        fields: dict[str, Any],
        link: str | None,
        quantity: int | None,
        charge_estimate: Decimal | None,
        currency: str | None,
        likely_duplicate: bool = False,
        runs: int | None = None,
        interval: int | None = None,
        also: Callable[[sqlite3.Connection, int], None] | None = None,
    ) -> int:
        """The row that exists before the request goes out (committed when this returns).
        ``also(connection, order_id)`` runs in the same transaction (e.g. a scheduled run's
        record); if it raises, nothing is committed."""
        now = clock.now_ms()
        with self.db.transaction() as c:
            cur = c.execute(
                "INSERT INTO orders (panel_key, service_id, name_id, type_code, "
                "submit_code, state_code, link, quantity, fields, charge_estimate, currency, runs, "
                "interval, likely_duplicate, created_at, updated_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (panel_key_of(c, panel_id), service.id, name_id_of(c, service.name),
                 TYPE_CODES.get(service.type, service.type),
                 SUBMIT_CODES[SubmitState.SUBMITTING.value],
                 STATE_CODES[OrderState.UNKNOWN.value], link, quantity,
                 json.dumps(fields, sort_keys=True),
                 money(charge_estimate), currency, runs, interval, int(likely_duplicate),
                 now, now),
            )
            order_id = int(cur.lastrowid)  # type: ignore[arg-type]
            self._event(c, order_id, now, "submit", submit_state=SubmitState.SUBMITTING,
                        note="sending to the panel")
            if also is not None:
                also(c, order_id)
        return order_id

    def set_submit_result(
        self,
        order_id: int,
        submit_state: SubmitState,
        *,
        remote_id: int | None = None,
        error: str | None = None,
        note: str | None = None,
        kind: str = "submit",
        also: Callable[[sqlite3.Connection], None] | None = None,
        outcome: OutcomeKind | None = None,
        not_sent: bool = False,
    ) -> LocalOrder:
        """Record an order's submit outcome (and an event): ``outcome`` is why, as a code;
        ``error`` the panel's or the network's words beside it, verbatim; ``not_sent``: nothing
        reached the panel. ``also(connection)`` runs first in the same transaction (``resolve``
        folds a tracked copy of the order in there)."""
        now = clock.now_ms()
        error = cap_text(error)
        with self._remote_id_guard(order_id, remote_id), self.db.transaction() as c:
            if also is not None:
                also(c)
            state = OrderState.PENDING if submit_state is SubmitState.PLACED else None
            c.execute(
                "UPDATE orders SET submit_code = ?, remote_id = COALESCE(?, remote_id), "
                "error = ?, outcome = ?, not_sent = ?, state_code = COALESCE(?, state_code), "
                "updated_at = ? WHERE id = ?",
                (SUBMIT_CODES[submit_state.value], remote_id, error,
                 outcome.value if outcome is not None else None, int(not_sent),
                 STATE_CODES[state.value] if state else None, now, order_id),
            )
            self._event(c, order_id, now, kind, submit_state=submit_state, state=state,
                        note=note or error)
        return self.get_order(order_id)

    @contextmanager
    def _remote_id_guard(
        self, order_id: int | None, remote_id: int | None, panel_id: str | None = None
    ) -> Iterator[None]:
        """Turn the (panel, remote id) unique index's refusal into ``RemoteIdTaken``: a
        constraint refusal while another order of the panel holds that id, told by the rows, not
        by the error's text (which varies between SQLite builds)."""
        try:
            yield
        except sqlite3.IntegrityError:
            if remote_id is None:
                raise
            if panel_id is None and order_id is not None:
                panel_id = self.get_order(order_id).panel_id
            assert panel_id is not None
            holder = self.find_by_remote(panel_id, remote_id)
            if holder is None or holder.id == order_id:
                raise  # another constraint refused the write
            raise RemoteIdTaken(panel_id, remote_id, holder) from None

    def disputed_orders(self) -> list[tuple[LocalOrder, int]]:
        """Orders the v4 migration set back to UNCERTAIN because another order held the same
        panel order id, with that id (they are under "Needs attention" until resolved)."""
        rows = self.db.read(
            "SELECT id, disputed_remote_id FROM orders WHERE disputed_remote_id IS NOT NULL "
            "AND submit_state = 'uncertain' ORDER BY id")
        return [(self.get_order(r[0]), int(r[1])) for r in rows]

    def submitting_to_uncertain(
        self, older_than: timedelta | None = None,
        outcome: OutcomeKind = OutcomeKind.APP_STOPPED,
    ) -> int:
        """Rows left SUBMITTING by a process that died mid-request: they may have been placed.
        ``older_than``: only rows created at least that long ago (another process that is
        still running may be sending the younger ones right now). ``outcome``: why (the app
        stopped; ``APP_CLOSED``: the person quit while they were sent)."""
        now = clock.now_ms()
        cutoff = now - int(older_than.total_seconds() * 1000) if older_than is not None else now
        note = str(describe(outcome))
        with self.db.transaction() as c:
            ids = [r[0] for r in c.execute(
                "SELECT id FROM orders WHERE submit_state = 'submitting' AND created_at <= ?",
                (cutoff,)).fetchall()]
            for oid in ids:
                c.execute(
                    f"UPDATE orders SET submit_code = {SUBMIT_CODES['uncertain']}, error = NULL, "
                    "outcome = ?, not_sent = 0, updated_at = ? WHERE id = ?",
                    (outcome.value, now, oid))
                self._event(c, oid, now, "submit", submit_state=SubmitState.UNCERTAIN, note=note)
        return len(ids)

    def insert_tracked(
        self,
        panel_id: str,
        remote_id: int,
        status: OrderStatus | None,
        *,
        service: Service | None = None,
        not_found: bool = False,
    ) -> int:
        """An order placed elsewhere (website, another tool), imported by its id."""
        now = clock.now_ms()
        state = status.state if status else OrderState.UNKNOWN
        with self._remote_id_guard(None, remote_id, panel_id), self.db.transaction() as c:
            cur = c.execute(
                "INSERT INTO orders (panel_key, service_id, name_id, type_code, remote_id, "
                "submit_code, state_code, raw_status, charge, currency, start_count, remains, "
                "not_found, tracked, created_at, updated_at, last_checked_at, fields) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,'{}')",
                (panel_key_of(c, panel_id), service.id if service else 0,
                 name_id_of(c, service.name if service else ""),
                 TYPE_CODES.get(service.type, service.type) if service else TYPE_CODES[""],
                 remote_id,
                 SUBMIT_CODES[SubmitState.PLACED.value], STATE_CODES[state.value],
                 status.raw_status if status else None,
                 money(status.charge) if status else None, status.currency if status else None,
                 status.start_count if status else None, status.remains if status else None,
                 int(not_found), now, now, now),
            )
            oid = int(cur.lastrowid)  # type: ignore[arg-type]
            self._event(c, oid, now, "track", submit_state=SubmitState.PLACED, state=state,
                        raw_status=status.raw_status if status else None,
                        remains=status.remains if status else None,
                        charge=status.charge if status else None,
                        note="not found on the panel" if not_found else "tracked by id")
        return oid

    def find_by_remote(self, panel_id: str, remote_id: int) -> LocalOrder | None:
        rows = self.db.read(
            f"SELECT {ORDER_COLUMNS} FROM orders WHERE {PANEL_IS} AND remote_id = ? "
            "ORDER BY id LIMIT 1", (panel_id, remote_id))
        return row_to_order(rows[0]) if rows else None

    def active_orders(self, panel_id: str) -> list[tuple[int, int]]:
        """(local id, remote id) of the orders sync still polls: placed, not final, not lost."""
        return [
            (r[0], r[1])
            for r in self.db.read(
                f"SELECT id, remote_id FROM orders WHERE {PANEL_IS} AND submit_state = 'placed' "
                f"AND not_found = 0 AND state NOT IN {FINAL_SQL} AND remote_id IS NOT NULL "
                "ORDER BY id",
                (panel_id,),
            )
        ]

    def apply_statuses(
        self,
        panel_id: str,
        statuses: dict[int, OrderStatus | Exception],
        *,
        not_found: Iterable[int] = (),
    ) -> StatusChanges:
        """Apply one status batch in one transaction; says which orders it changed, by local id
        (``StatusChanges``): nothing needs to compare two reads to find out.

        Keys are remote ids. Exceptions other than "not found" leave the order untouched.
        """
        now = clock.now_ms()
        changed: list[int] = []
        lost: list[int] = []
        finished: list[int] = []
        missing = set(not_found)
        with self.db.transaction() as c:
            for remote_id, st in statuses.items():
                rows = c.execute(
                    "SELECT id, state, raw_status, charge, start_count, remains, currency "
                    f"FROM orders WHERE {PANEL_IS} AND remote_id = ? "
                    "AND submit_state = 'placed'",
                    (panel_id, remote_id),
                ).fetchall()
                # The quantity stays what was ordered, whatever the panel reports: ``remains``
                # is kept as remains (a panel reporting more than was ordered is shown as such,
                # and resolving an uncertain order counts it a mismatch), never copied over it.
                for oid, state, raw, charge, start, remains, currency in rows:
                    if isinstance(st, Exception):
                        if remote_id in missing:
                            c.execute(
                                "UPDATE orders SET not_found = 1, error = ?, updated_at = ?, "
                                "last_checked_at = ? WHERE id = ?", (str(st), now, now, oid))
                            self._event(c, oid, now, "state", note=f"not found: {st}")
                            lost.append(oid)
                        continue
                    new_charge = money(st.charge) if st.charge is not None else charge
                    new = (st.state.value, st.raw_status, new_charge,
                           st.start_count if st.start_count is not None else start,
                           st.remains if st.remains is not None else remains,
                           st.currency or currency)
                    if new == (state, raw, charge, start, remains, currency):
                        c.execute("UPDATE orders SET last_checked_at = ? WHERE id = ?", (now, oid))
                        continue
                    c.execute(
                        "UPDATE orders SET state_code=?, raw_status=?, charge=?, start_count=?, "
                        "remains=?, currency=?, updated_at=?, last_checked_at=? WHERE id=?",
                        (STATE_CODES.get(new[0], new[0]), *new[1:], now, now, oid),
                    )
                    if new[0] != state or new[1] != raw or new[4] != remains:
                        self._event(c, oid, now, "state", state=st.state, raw_status=st.raw_status,
                                    remains=new[4], charge=dec(new_charge))
                    changed.append(oid)
                    if new[0] in _NOTIFY_VALUES and state not in _NOTIFY_VALUES:
                        finished.append(oid)
        return StatusChanges(tuple(changed), tuple(lost), tuple(finished))

    def is_tracked(self, order_id: int) -> bool:
        """Whether the order was imported by its id (``insert_tracked``), not placed here."""
        rows = self.db.read("SELECT tracked FROM orders WHERE id = ?", (order_id,))
        return bool(rows and rows[0][0])

    def _absorb_tracked(self, c: sqlite3.Connection, into: int, tracked: int,
                        remote_id: int) -> None:
        """Fold ``tracked`` (an order imported by id, ``remote_id``) into ``into``, the order
        it turned out to be: its events, refills, schedule and refill bookkeeping move over,
        and the imported row goes (inside the caller's transaction)."""
        row = c.execute("SELECT tracked, remote_id, panel_key FROM orders WHERE id = ?",
                        (tracked,)).fetchone()
        mine = c.execute("SELECT panel_key FROM orders WHERE id = ?", (into,)).fetchone()
        if row is None or not row[0] or row[1] != remote_id or mine is None or row[2] != mine[0]:
            raise sqlite3.IntegrityError(
                f"UNIQUE constraint failed: orders.remote_id (order {tracked} changed)")
        c.execute("UPDATE order_events SET order_id = ? WHERE order_id = ?", (into, tracked))
        c.execute("UPDATE refills SET order_id = ? WHERE order_id = ?", (into, tracked))
        c.execute("UPDATE OR IGNORE auto_refill_orders SET order_id = ? WHERE order_id = ?",
                  (into, tracked))
        c.execute("UPDATE schedule_runs SET order_id = ? WHERE order_id = ?", (into, tracked))
        c.execute("UPDATE alerts SET order_id = ? WHERE order_id = ?", (into, tracked))
        c.execute("DELETE FROM orders WHERE id = ?", (tracked,))

    def resolve(
        self, order_id: int, remote_id: int | None, status: OrderStatus | None = None,
        *, absorb: int | None = None,
    ) -> LocalOrder:
        """The person checked an UNCERTAIN order on the panel's website. ``absorb``: the local
        order ``track`` imported with this ``remote_id`` — the same order, found on the panel
        before it was resolved: folded into this one (``_absorb_tracked``)."""
        if remote_id is None:
            return self.set_submit_result(
                order_id, SubmitState.REJECTED, outcome=OutcomeKind.CHECKED_NOT_PLACED,
                note=str(describe(OutcomeKind.CHECKED_NOT_PLACED)), kind="resolve")
        also = None
        if absorb is not None and absorb != order_id:
            tracked = absorb

            def also(c: sqlite3.Connection) -> None:
                self._absorb_tracked(c, order_id, tracked, remote_id)

        order = self.set_submit_result(
            order_id, SubmitState.PLACED, remote_id=remote_id, error=None,
            note=f"Placed as #{remote_id} (checked by you)", kind="resolve", also=also)
        if status is not None:
            self.apply_statuses(order.panel_id, {remote_id: status})
            order = self.get_order(order_id)
        return order

    def add_event(self, order_id: int, kind: str, note: str) -> None:
        with self.db.transaction() as c:
            self._event(c, order_id, clock.now_ms(), kind, note=note)

    # -- refills ---------------------------------------------------------------------------------

    def add_refill(self, order_id: int, remote_id: str | None, error: str | None) -> int:
        now = clock.now_ms()
        error = cap_text(error)  # kept like an order's error: the first MAX_ERROR_TEXT chars
        with self.db.transaction() as c:
            cur = c.execute(
                "INSERT INTO refills (order_id, remote_id, state, error, requested_at, updated_at)"
                " VALUES (?,?,?,?,?,?)",
                (order_id, remote_id, None if error else "pending", error, now, now),
            )
            self._event(c, order_id, now, "refill",
                        note=f"refill refused: {error}" if error else f"refill #{remote_id} asked")
        return int(cur.lastrowid)  # type: ignore[arg-type]

    def pending_refills(self, panel_id: str | None = None) -> list[tuple[int, str, str]]:
        """(refill row id, panel id, remote refill id) of refills that may still change."""
        sql = ("SELECT r.id, k.id, r.remote_id FROM refills r JOIN orders o ON o.id = "
               "r.order_id JOIN panel_keys k ON k.key = o.panel_key "
               "WHERE r.remote_id IS NOT NULL AND r.error IS NULL AND "
               "(r.state IS NULL OR r.state IN ('pending', 'in_progress', 'unknown'))")
        args: list[Any] = []
        if panel_id is not None:
            sql += " AND k.id = ?"
            args.append(panel_id)
        return [(r[0], r[1], r[2]) for r in self.db.read(sql, args)]

    def update_refill(self, refill_id: int, state: str | None, raw: str | None,
                      error: str | None = None) -> None:
        error, raw = cap_text(error), cap_text(raw)
        with self.db.transaction() as c:
            c.execute(
                "UPDATE refills SET state = COALESCE(?, state), raw_status = COALESCE(?, "
                "raw_status), error = COALESCE(?, error), updated_at = ? WHERE id = ?",
                (state, raw, error, clock.now_ms(), refill_id),
            )

    def order_refills(self, order_id: int) -> list[Refill]:
        return [
            Refill(r[0], r[1], r[2], r[3], r[4], r[5], from_ms(r[6]), from_ms(r[7]))  # type: ignore[arg-type]
            for r in self.db.read(
                "SELECT id, order_id, remote_id, state, raw_status, error, requested_at, "
                "updated_at FROM refills WHERE order_id = ? ORDER BY id", (order_id,))
        ]

    # -- orders: reading -------------------------------------------------------------------------

    def get_order(self, order_id: int) -> LocalOrder:
        rows = self.db.read(f"SELECT {ORDER_COLUMNS} FROM orders WHERE id = ?", (order_id,))
        if not rows:
            raise KeyError(order_id)
        return row_to_order(rows[0])

    def get_orders(self, order_ids: Iterable[int]) -> list[LocalOrder]:
        ids = list(order_ids)
        out: list[LocalOrder] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            out.extend(row_to_order(r) for r in self.db.read(
                f"SELECT {ORDER_COLUMNS} FROM orders WHERE id IN ({','.join('?' * len(chunk))})",
                chunk))
        by_id = {o.id: o for o in out}
        return [by_id[i] for i in ids if i in by_id]

    def find_active_duplicate(
        self, panel_id: str, service_id: int, link: str
    ) -> LocalOrder | None:
        rows = self.db.read(
            f"SELECT {ORDER_COLUMNS} FROM orders WHERE {PANEL_IS} AND service_id = ? "
            "AND link = ? AND not_found = 0 AND submit_state IN ('placed','uncertain','submitting')"
            f" AND state NOT IN {FINAL_SQL} ORDER BY id DESC LIMIT 1",
            (panel_id, service_id, link),
        )
        return row_to_order(rows[0]) if rows else None

    def unresolved_orders(self) -> list[LocalOrder]:
        """Orders that may have been placed and are not resolved (UNCERTAIN or SUBMITTING),
        newest first. The tally says at once whether there are any (usually none); the panels
        that have some are read through the partial index of active orders."""
        keys = [r[0] for r in self.db.read(
            "SELECT DISTINCT panel_key FROM order_tally "
            "WHERE submit_state IN ('uncertain','submitting') AND n > 0")]
        if not keys:
            return []
        rows = self.db.read(
            f"SELECT {ORDER_COLUMNS} FROM orders INDEXED BY orders_duplicate "
            f"WHERE panel_key IN ({','.join('?' * len(keys))}) "
            "AND not_found = 0 AND submit_state IN ('placed','uncertain','submitting') "
            "AND state NOT IN ('canceled', 'completed', 'failed', 'partial') "
            "AND submit_state IN ('uncertain','submitting') ORDER BY id DESC", keys)
        return [row_to_order(r) for r in rows]

    def order_events(self, order_id: int) -> list[OrderEvent]:
        return [
            OrderEvent(
                id=r[0], order_id=r[1], at=from_ms(r[2]),  # type: ignore[arg-type]
                kind=event_value(EVENT_KINDS, r[3]) or "",
                submit_state=SubmitState(event_value(EVENT_SUBMIT_STATES, r[4]))
                if r[4] is not None and r[4] != "" else None,
                state=order_state(event_value(EVENT_STATES, r[5]))
                if r[5] is not None and r[5] != "" else None,
                raw_status=r[6], remains=r[7], charge=dec(r[8]), note=r[9],
            )
            for r in self.db.read(
                "SELECT id, order_id, at, kind, submit_state, state, raw_status, remains, charge, "
                "note FROM order_events WHERE order_id = ? ORDER BY at, id", (order_id,))
        ]

    # -- bulk (tests, benches, imports) ----------------------------------------------------------

    def bulk_insert_placed(
        self, panel_id: str, service: Service, rows: Iterable[tuple[int, str, int]],
        *, created_at_ms: int | None = None,
    ) -> int:
        """Insert many PLACED orders (remote id, link, quantity) in one transaction."""
        now = created_at_ms or clock.now_ms()
        n = 0
        with self.db.transaction() as c:
            name_id = name_id_of(c, service.name)
            panel_key = panel_key_of(c, panel_id)
            type_code = TYPE_CODES.get(service.type, service.type)
            for remote_id, link, quantity in rows:
                c.execute(
                    "INSERT INTO orders (panel_key, service_id, name_id, type_code, "
                    "remote_id, submit_code, state_code, link, quantity, fields, created_at, "
                    f"updated_at) VALUES (?,?,?,?,?,{SUBMIT_CODES['placed']},"
                    f"{STATE_CODES['pending']},?,?,'{{}}',?,?)",
                    (panel_key, service.id, name_id, type_code, remote_id, link, quantity,
                     now + n, now + n),
                )
                n += 1
        return n
