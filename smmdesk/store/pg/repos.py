"""The store's repositories on a team store (PostgreSQL): each holds only what differs from
the SQLite repository it extends; the SQL the dialects agree on is the SQLite class's own,
run through ``engine.PgTx`` (``?`` placeholders, ``db.flag`` for flags).

* panels, exchange rates: the SQLite classes as they are (``PanelStore``, ``RateStore``);
* services: no snapshot files (the catalogue is read from the server: a snapshot would need
  ``panels.services_version`` to stay valid across desks), no ``group_concat``;
* orders: the team layout (``panel_id`` and the states as text, ``placed_by``), placement
  through ``pg.placement`` (the desk's heartbeat, the link lock, ``RemoteIdTaken`` across
  desks), "submitting" orders turned uncertain only when their desk is gone;
* the orders list: the same WHERE as SQLite (``queries.where_of``) in this engine's dialect,
  the search through the pg_trgm index over ``schema.ORDER_SEARCH_DOC``;
* automation and mass orders: ``pg.automation``; the provider watch and the books:
  ``pg.books``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from psycopg.errors import UniqueViolation

from smmdesk.models import LocalOrder, OrderState, OrderStatus, OutcomeKind, Service, SubmitState
from smmdesk.outcomes import describe
from smmdesk.servicetable import ServicesTable, haystacks_of
from smmdesk.store import values as clock
from smmdesk.store.contract import KIND_DRIPFEED, KIND_SUBSCRIPTION, OrderEvent
from smmdesk.store.errors import RemoteIdTaken
from smmdesk.store.orders import FINAL_SQL, OrderStore, row_to_order
from smmdesk.store.panels import row_to_panel
from smmdesk.store.pg import live, placement
from smmdesk.store.pg.automation import PgAutomation  # (its own module now)
from smmdesk.store.pg.engine import NotOnTeamStore, PgDatabase, PgTx
from smmdesk.store.pg.schema import ORDER_SEARCH_DOC
from smmdesk.store.queries import Dialect, OrderQueries, bucket_sql
from smmdesk.store.services import ServiceStore
from smmdesk.store.values import cap_text, escape_like, from_ms, to_ms
from smmdesk.textnorm import fold

__all__ = [
    "PG",
    "PgAutomation",
    "PgOrderQueries",
    "PgOrderStore",
    "PgServiceStore",
    "Unported",
]

NAME_OF_ORDER = "(SELECT n.name FROM order_names n WHERE n.id = orders.name_id)"
ORDER_COLUMNS = (
    f"id, panel_id, service_id, {NAME_OF_ORDER}, service_type, remote_id, submit_state, state, "
    "raw_status, error, link, quantity, fields, charge_estimate, charge, currency, start_count, "
    "remains, created_at, updated_at, not_found, likely_duplicate, runs, interval, outcome, "
    "not_sent, customer_id, sell_price, home_rate, placed_by"
)


# -------------------------------------------------------------------------------- services


class PgServiceStore(ServiceStore):
    """Services on the team store: read from the server every time (no snapshot file)."""

    def _panel_table(self, panel: Any, include_removed: bool,
                     shared: dict[str, dict[str, Any]]) -> ServicesTable | None:
        return None  # row by row (``list_services``): no group_concat here

    def services_view(
        self, panel_id: str | None = None,
        parts: dict[str, tuple[Any, Callable[[], ServicesTable]]] | None = None,
    ) -> tuple[ServicesTable, list[str]]:
        table, haystacks = ServicesTable(), []
        for r in self._shown_panels(panel_id):
            panel = row_to_panel(r)
            part = ServicesTable.from_rows(self.list_services(panel.id))
            part.descriptions = None
            start = len(table)
            table.extend(part)
            if parts is not None:  # its rows of the table shown (the same values)
                parts[panel.id] = (from_ms(r[len(r) - 1]), partial(table.slice, start,
                                                                    len(table)))
            haystacks.extend(haystacks_of(part))
        table.descriptions = None
        return table, haystacks


# ---------------------------------------------------------------------------------- orders


class PgOrderStore(OrderStore):
    """The orders on the team store. Placement goes through ``pg.placement``: the row is
    committed "submitting" with this desk's id before anything is sent (``DeskNotAlive`` when
    this desk's heartbeat is gone), and a panel order id another order holds is refused
    across desks (``RemoteIdTaken``)."""

    db: PgDatabase  # type: ignore[assignment]
    panel_is = "panel_id = ?"
    columns = ORDER_COLUMNS
    true = "true"
    state_column = "state"

    @staticmethod
    def state_value(value: str) -> Any:
        return value

    def _event(self, c: Any, order_id: int, at: int, kind: str, *,
               submit_state: SubmitState | None = None, state: OrderState | None = None,
               raw_status: str | None = None, remains: int | None = None,
               charge: Decimal | None = None, note: str | None = None) -> None:
        c.execute(
            "INSERT INTO order_events (order_id, at, kind, submit_state, state, raw_status, "
            "remains, charge, note) VALUES (?,?,?,?,?,?,?,?,?)",
            (order_id, at, kind, submit_state.value if submit_state else None,
             state.value if state else None, raw_status, remains, charge, cap_text(note)))

    def insert_submitting(
        self, *, panel_id: str, service: Service, fields: dict[str, Any], link: str | None,
        quantity: int | None, charge_estimate: Decimal | None, currency: str | None,
        likely_duplicate: bool = False, runs: int | None = None, interval: int | None = None,
        also: Callable[[Any, int], None] | None = None,
    ) -> int:
        def claim(conn: Any, order_id: int) -> None:
            assert also is not None
            also(PgTx(conn), order_id)

        def record(conn: Any) -> int:
            return placement.record_submitting(
                conn, desk_id=self.db.desk_id, panel_id=panel_id, service=service,
                fields=fields, link=link, quantity=quantity, charge_estimate=charge_estimate,
                currency=currency, likely_duplicate=likely_duplicate, runs=runs,
                interval=interval, also=claim if also is not None else None)

        with self.db.session() as conn:
            try:
                return record(conn)
            except placement.DeskNotAlive:
                # This desk's heartbeat lapsed (the server was away longer than its time to
                # live): nothing was recorded; beat now, then record (never a resend: nothing
                # was sent).
                with conn.transaction():
                    live.beat(conn, self.db.desk_id, ttl=self.db.heartbeat_ttl)
                return record(conn)

    def set_submit_result(
        self, order_id: int, submit_state: SubmitState, *, remote_id: int | None = None,
        error: str | None = None, note: str | None = None, kind: str = "submit",
        also: Callable[[Any], None] | None = None, outcome: OutcomeKind | None = None,
        not_sent: bool = False,
    ) -> LocalOrder:
        def first(conn: Any) -> None:
            assert also is not None
            also(PgTx(conn))

        try:
            with self.db.session() as conn:
                placement.set_submit_result(
                    conn, order_id, submit_state, remote_id=remote_id, error=cap_text(error),
                    note=note, kind=kind, outcome=outcome, not_sent=not_sent,
                    also=first if also is not None else None)
        except RemoteIdTaken as e:
            assert remote_id is not None
            raise RemoteIdTaken(e.panel_id, remote_id,
                                self.find_by_remote(e.panel_id, remote_id)) from None
        return self.get_order(order_id)

    def _absorb_tracked(self, c: Any, into: int, tracked: int, remote_id: int) -> None:
        """SQLite's fold of an order imported by id into the one it turned out to be, in the
        team layout (inside ``set_submit_result``'s transaction, before ``into`` takes the id):
        ``RemoteIdTaken`` when the imported row changed meanwhile (another desk's doing)."""
        row = c.execute("SELECT tracked, remote_id, panel_id FROM orders WHERE id = ? "
                        "FOR UPDATE", (tracked,)).fetchone()
        mine = c.execute("SELECT panel_id FROM orders WHERE id = ?", (into,)).fetchone()
        if row is None or not row[0] or row[1] != remote_id or mine is None or row[2] != mine[0]:
            raise RemoteIdTaken(mine[0] if mine else "?", remote_id, None)
        c.execute("UPDATE order_events SET order_id = ? WHERE order_id = ?", (into, tracked))
        c.execute("UPDATE refills SET order_id = ? WHERE order_id = ?", (into, tracked))
        c.execute("UPDATE auto_refill_orders SET order_id = ? WHERE order_id = ? AND NOT EXISTS "
                  "(SELECT 1 FROM auto_refill_orders WHERE order_id = ?)",
                  (into, tracked, into))  # (SQLite's UPDATE OR IGNORE)
        c.execute("UPDATE schedule_runs SET order_id = ? WHERE order_id = ?", (into, tracked))
        c.execute("UPDATE alerts SET order_id = ? WHERE order_id = ?", (into, tracked))
        c.execute("DELETE FROM orders WHERE id = ?", (tracked,))

    def submitting_to_uncertain(
        self, older_than: timedelta | None = None,
        outcome: OutcomeKind = OutcomeKind.APP_STOPPED,
    ) -> int:
        """Orders left "submitting": this desk's own (it is the one that stopped or quits:
        ``older_than`` as on SQLite) and, on every call, those of desks whose heartbeat has
        expired (``placement.orphans_to_uncertain``) — never a living colleague's."""
        if not self.db.read("SELECT has_table_privilege('orders', 'UPDATE')")[0][0]:
            return 0  # a viewer's desk places nothing, and settles nobody's sends
        now = clock.now_ms()
        cutoff = now - int(older_than.total_seconds() * 1000) if older_than is not None else now
        note = str(describe(outcome))
        with self.db.transaction() as c:
            ids = [r[0] for r in c.execute(
                "SELECT id FROM orders WHERE submit_state = 'submitting' AND desk_id = ? "
                "AND created_at <= ? FOR UPDATE SKIP LOCKED",
                (self.db.desk_id, cutoff)).fetchall()]
            for oid in ids:
                c.execute("UPDATE orders SET submit_state = 'uncertain', error = NULL, "
                          "outcome = ?, not_sent = false, updated_at = ? WHERE id = ?",
                          (outcome.value, now, oid))
                self._event(c, oid, now, "submit", submit_state=SubmitState.UNCERTAIN, note=note)
        with self.db.session() as conn:
            orphans = placement.orphans_to_uncertain(conn)
        return len(ids) + len(orphans)

    def active_orders(self, panel_id: str) -> list[tuple[int, int]]:
        return [(r[0], r[1]) for r in self.db.read(
            "SELECT id, remote_id FROM orders WHERE panel_id = ? AND submit_state = 'placed' "
            f"AND NOT not_found AND state NOT IN {FINAL_SQL} AND remote_id IS NOT NULL "
            "ORDER BY id", (panel_id,))]

    def find_active_duplicate(self, panel_id: str, service_id: int,
                              link: str) -> LocalOrder | None:
        rows = self.db.read(
            f"SELECT {ORDER_COLUMNS} FROM orders WHERE panel_id = ? AND service_id = ? "
            "AND link = ? AND NOT not_found AND submit_state IN ('placed','uncertain',"
            f"'submitting') AND state NOT IN {FINAL_SQL} ORDER BY id DESC LIMIT 1",
            (panel_id, service_id, link))
        return row_to_order(rows[0]) if rows else None

    def unresolved_orders(self) -> list[LocalOrder]:
        rows = self.db.read(
            f"SELECT {ORDER_COLUMNS} FROM orders WHERE NOT not_found "
            "AND submit_state IN ('uncertain','submitting') "
            f"AND state NOT IN {FINAL_SQL} ORDER BY id DESC")
        return [row_to_order(r) for r in rows]

    def disputed_orders(self) -> list[tuple[LocalOrder, int]]:
        return []  # a team store never ran SQLite's v4 migration: no order was set aside by it

    def order_events(self, order_id: int) -> list[OrderEvent]:
        return [
            OrderEvent(r[0], r[1], from_ms(r[2]), r[3],  # type: ignore[arg-type]
                       SubmitState(r[4]) if r[4] else None,
                       OrderState(r[5]) if r[5] else None, r[6], r[7], r[8], r[9])
            for r in self.db.read(
                "SELECT id, order_id, at, kind, submit_state, state, raw_status, remains, "
                "charge, note FROM order_events WHERE order_id = ? ORDER BY at, id",
                (order_id,))
        ]

    def add_refill(self, order_id: int, remote_id: str | None, error: str | None) -> int:
        now = clock.now_ms()
        error = cap_text(error)
        with self.db.transaction() as c:
            refill_id = int(c.returning(
                "INSERT INTO refills (order_id, remote_id, state, error, requested_at, updated_at)"
                " VALUES (?,?,?,?,?,?) RETURNING id",
                (order_id, remote_id, None if error else "pending", error, now, now)))
            self._event(c, order_id, now, "refill",
                        note=f"refill refused: {error}" if error else f"refill #{remote_id} asked")
        return refill_id

    def pending_refills(self, panel_id: str | None = None) -> list[tuple[int, str, str]]:
        sql = ("SELECT r.id, o.panel_id, r.remote_id FROM refills r JOIN orders o ON o.id = "
               "r.order_id WHERE r.remote_id IS NOT NULL AND r.error IS NULL AND "
               "(r.state IS NULL OR r.state IN ('pending', 'in_progress', 'unknown'))")
        if panel_id is None:
            return [(r[0], r[1], r[2]) for r in self.db.read(sql)]
        return [(r[0], r[1], r[2]) for r in self.db.read(sql + " AND o.panel_id = ?",
                                                          (panel_id,))]

    def insert_tracked(self, panel_id: str, remote_id: int, status: OrderStatus | None, *,
                       service: Service | None = None, not_found: bool = False) -> int:
        """An order placed elsewhere (website, another tool), imported by its id; another
        order of the panel holding the id (on any desk) raises ``RemoteIdTaken``."""
        now = clock.now_ms()
        state = status.state if status else OrderState.UNKNOWN
        name = service.name if service else ""
        try:
            with self.db.transaction() as c:
                name_id = placement.name_id(c.conn, name)
                oid = int(c.returning(
                    "INSERT INTO orders (panel_id, service_id, name_id, service_type, remote_id, "
                    "submit_state, state, raw_status, charge, currency, start_count, remains, "
                    "not_found, tracked, created_at, updated_at, last_checked_at, fields) "
                    "VALUES (?,?,?,?,?,'placed',?,?,?,?,?,?,?,true,?,?,?,'{}') RETURNING id",
                    (panel_id, service.id if service else 0, name_id,
                     service.type if service else "", remote_id, state.value,
                     status.raw_status if status else None, status.charge if status else None,
                     status.currency if status else None,
                     status.start_count if status else None,
                     status.remains if status else None, not_found, now, now, now)))
                self._event(c, oid, now, "track", submit_state=SubmitState.PLACED, state=state,
                            raw_status=status.raw_status if status else None,
                            remains=status.remains if status else None,
                            charge=status.charge if status else None,
                            note="not found on the panel" if not_found else "tracked by id")
        except UniqueViolation as e:
            if e.diag.constraint_name != "orders_remote_unique":
                raise
            raise RemoteIdTaken(panel_id, remote_id,
                                self.find_by_remote(panel_id, remote_id)) from None
        return oid

    def bulk_insert_placed(self, panel_id: str, service: Service,
                           rows: Iterable[tuple[int, str, int]], *,
                           created_at_ms: int | None = None) -> int:
        """Many PLACED orders (remote id, link, quantity) in one transaction (tests, benches)."""
        now = created_at_ms or clock.now_ms()
        n = 0
        with self.db.transaction() as c:
            name_id = placement.name_id(c.conn, service.name)
            batch = list(rows)
            # One statement per 5,000 rows: the tally's and the notifications' triggers run
            # per statement, not per row.
            for at in range(0, len(batch), 5000):
                part = batch[at:at + 5000]
                c.conn.execute(
                    "INSERT INTO orders (panel_id, service_id, name_id, service_type, "
                    "remote_id, submit_state, state, link, quantity, created_at, updated_at, "
                    "search_text) SELECT %s, %s, %s, %s, r, 'placed', 'pending', l, q, t, t, f "
                    "FROM unnest(%s::bigint[], %s::text[], %s::bigint[], %s::bigint[], "
                    "%s::text[]) AS u(r, l, q, t, f)",
                    (panel_id, service.id, name_id, service.type, [r[0] for r in part],
                     [r[1] for r in part], [r[2] for r in part],
                     [now + n + i for i in range(len(part))],
                     [fold(r[1]) if r[1] else "" for r in part]))
                n += len(part)
        return n


# ------------------------------------------------------------------------- the orders list


def _pg_search(term: str, use_index: Any = None) -> tuple[str, list[Any]] | None:
    """The history search on the team store: the same matches as SQLite's (a substring of the
    folded link, the order id, the service name or the customer). One condition per branch,
    joined by OR, on the orders themselves: the planner then reads a rare term's matches
    through their indexes (pg_trgm's ``orders_search`` over ``ORDER_SEARCH_DOC``,
    ``orders_name``, ``orders_customer``) and a common term's newest orders first, stopping at
    the page. ``use_index(folded)`` (``PgOrderQueries._search_plan``) gives the service names'
    and customers' branch with their ids written in, so the planner knows how many orders
    they hold; without it, subqueries."""
    digits = term.lstrip("#")
    if len(digits) >= 3 and digits.isdigit():
        term = digits
    folded = fold(term)
    if not folded:
        return None
    like = f"%{escape_like(folded)}%"
    branches = [f"{ORDER_SEARCH_DOC} LIKE ? ESCAPE '\\'"]
    args: list[Any] = [like]
    holders = use_index(folded) if use_index is not None else None
    if holders is None:
        branches += ["name_id IN (SELECT id FROM order_names WHERE folded LIKE ? ESCAPE '\\')",
                     "customer_id IN (SELECT id FROM customers WHERE folded LIKE ? "
                     "ESCAPE '\\')"]
        args += [like, like]
    elif holders:
        branches.append(holders)
    if digits.isdigit() and digits != folded:
        branches.append("remote_id::text LIKE ? ESCAPE '\\'")
        args.append(f"%{escape_like(digits)}%")
    return f"({' OR '.join(branches)})", args


PG = Dialect(
    panel_is="panel_id = ?",
    panel_in="panel_id IN ({marks})",
    true="true", false="false",
    buckets=bucket_sql("not_found", "NOT not_found", "true"),
    search=_pg_search,
    sort_columns={
        "id": "id", "created_at": "created_at", "updated_at": "updated_at",
        "panel_id": "panel_id", "service_name": f"lower({NAME_OF_ORDER})",
        "service_id": "service_id", "state": "state", "submit_state": "submit_state",
        "remote_id": "remote_id", "link": "lower(link)", "quantity": "quantity",
        "charge": "charge", "charge_estimate": "charge_estimate", "remains": "remains",
        "start_count": "start_count",
        "customer": "(SELECT c.folded FROM customers c WHERE c.id = orders.customer_id)",
        "sell_price": "sell_price",
        "refill_until": "",  # (``queries.refill_until_sql``, built per sort)
        "placed_by": "lower(placed_by)",
    },
    columns=ORDER_COLUMNS,
    no_limit=None,
    placed_by="placed_by",
    nulls=(" NULLS FIRST", " NULLS LAST"),  # as SQLite sorts them
    panel_key="panel_id",
    ordered_services=(
        "SELECT s.panel_id, s.service_id, s.name, s.description FROM services s "
        "WHERE (s.panel_id, s.service_id) IN "
        "(SELECT DISTINCT panel_id, service_id FROM orders WHERE name_id IN ({names}))"),
    kinds={KIND_DRIPFEED: "COALESCE(runs, 0) > 0",
           KIND_SUBSCRIPTION: ("lower(replace(replace(trim(service_type), '_', ' '), '-', ' ')) "
                               "IN ('subscriptions', 'subscription')")},
)


# The most ids of service names and customers a search writes into its SQL (``_search_plan``).
MAX_WRITTEN_IN = 1000


class PgOrderQueries(OrderQueries):
    """The orders list on the team store: ``OrderQueries`` in the PostgreSQL dialect."""

    dialect = PG

    def _search_plan(self, folded: str) -> str | None:
        """The search's branch of the service names and customers holding ``folded``, their ids
        written in ("" when none): the planner then knows how many orders they hold (a
        subquery's would be a guess), and chooses between the indexes and the newest orders
        first with pg_trgm's statistics."""
        like = f"%{escape_like(folded)}%"
        names = self.db.read(
            "SELECT id FROM order_names WHERE folded LIKE ? ESCAPE '\\' ORDER BY id", (like,))
        customers = self.db.read(
            "SELECT id FROM customers WHERE folded LIKE ? ESCAPE '\\' ORDER BY id", (like,))
        if len(names) + len(customers) > MAX_WRITTEN_IN:
            return None  # a term that common: the subqueries (no list of thousands to plan)
        parts = [f"{column} IN ({', '.join(str(int(r[0])) for r in rows)})"
                 for column, rows in (("name_id", names), ("customer_id", customers)) if rows]
        return " OR ".join(parts)

    # (PostgreSQL's SUM of bigint is numeric: the counts are given as int, as on SQLite)
    def order_count(self, filters: Any = None, *, cap: int | None = None) -> int:
        return int(super().order_count(filters, cap=cap))

    def order_counts_by_bucket(self, filters: Any = None) -> dict[str, int]:
        return {k: int(v) for k, v in super().order_counts_by_bucket(filters).items()}

    def order_placers(self) -> list[str]:
        # A skip scan of ``orders_placed_by``: one index probe per login, not per order.
        return sorted((r[0] for r in self.db.read(
            "WITH RECURSIVE p(login) AS ("
            " (SELECT placed_by FROM orders ORDER BY placed_by LIMIT 1)"
            " UNION ALL SELECT (SELECT o.placed_by FROM orders o WHERE o.placed_by > p.login"
            " ORDER BY o.placed_by LIMIT 1) FROM p WHERE p.login IS NOT NULL)"
            " SELECT login FROM p WHERE login IS NOT NULL")), key=str.casefold)

    def spending_rows(self, panel_id: str | None, since: Any, until: Any, *,
                      demo: bool | None = None) -> list[tuple[Any, ...]]:
        sql = ("SELECT o.created_at, o.panel_id, COALESCE(o.currency, p.currency), "
               "o.charge::text, o.charge_estimate::text, o.state FROM orders o "
               "JOIN panels p ON p.id = o.panel_id WHERE o.submit_state = 'placed'")
        args: list[Any] = []
        for cond, value in (("o.panel_id = ?", panel_id), ("p.is_demo = ?", demo),
                            ("o.created_at >= ?", since and to_ms(since)),
                            ("o.created_at < ?", until and to_ms(until))):
            if value is not None:
                sql += f" AND {cond}"
                args.append(value)
        return self.db.read(sql, args)


# ------------------------------------------------------------------------------ not yet here


class Unported:
    """A repository the team store does not offer yet: every method call raises
    ``NotOnTeamStore`` naming ``feature`` (never a silent empty answer)."""

    def __init__(self, feature: str) -> None:
        self.feature = feature

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)

        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise NotOnTeamStore(self.feature)

        return refuse



