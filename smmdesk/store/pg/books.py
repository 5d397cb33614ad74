"""The provider watch (``PgWatch``) and the reseller's books (``PgLedger``) on a team store
(PostgreSQL): the whole contract of ``store.watch.WatchStore`` and ``store.ledger.LedgerStore``
over the tallies the team schema's step 6 keeps (``order_watch``, ``watch_days``,
``watch_times``, ``ledger_tally``: the same rows as SQLite's triggers for the same changes).

Each class extends the SQLite repository and holds only what differs: the team layout names a
panel by ``panel_id`` (SQLite's v11 ``panel_keys`` is a file-size optimisation the team schema
does not have), states and flags are text and ``boolean`` rather than codes and 0/1, a sum of
``bigint`` is ``numeric`` here (cast back, so the callers get ``int`` as on SQLite), and the
month of a UTC day is ``to_char`` rather than ``strftime``. The statements both dialects speak
are the SQLite class's own, run through ``engine.PgTx`` (``?`` placeholders).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from smmdesk.models import PriceRule
from smmdesk.store import values as clock  # clock.now_ms: the one clock tests move
from smmdesk.store.ledger import LedgerStore, TallyRow, _rule, _text, _where
from smmdesk.store.migrations import DAY_MS
from smmdesk.store.orders import FINAL_SQL
from smmdesk.store.pg.engine import PgDatabase
from smmdesk.store.pg.schema import ORDER_SEARCH_DOC
from smmdesk.store.values import escape_like
from smmdesk.store.watch import WatchStore
from smmdesk.textnorm import fold

__all__ = ["PgLedger", "PgWatch"]

# An order still active (placed, uncertain or sending; not final, not lost), team layout.
_ACTIVE = ("NOT o.not_found AND o.submit_state IN ('placed','uncertain','submitting') "
           f"AND o.state NOT IN {FINAL_SQL}")
# A placed order still active, not imported by id: the attention check's orders.
_ACTIVE_PLACED = ("o.submit_state = 'placed' AND NOT o.not_found "
                  f"AND o.state NOT IN {FINAL_SQL} AND NOT o.tracked")


class PgWatch(WatchStore):
    """The provider watch's SQL on the team store (``store.watch``)."""

    db: PgDatabase  # type: ignore[assignment]
    panel_is = "panel_id = ?"  # (SQLite: the panel's key through ``panel_keys``)
    sum_int = "::bigint"  # a SUM of bigint is numeric here: the counts stay int
    active_order = _ACTIVE

    def active(self) -> list[tuple[int, str, int, int, bool, int | None]]:
        return self._read(
            "SELECT o.id, o.panel_id, o.service_id, o.created_at, "
            "o.state IN ('in_progress', 'processing'), w.started_at "
            f"FROM orders o LEFT JOIN order_watch w ON w.order_id = o.id WHERE {_ACTIVE_PLACED}")

    def active_services(self) -> set[tuple[str, int]]:
        return {(r[0], r[1]) for r in self._read(
            f"SELECT DISTINCT o.panel_id, o.service_id FROM orders o WHERE {_ACTIVE_PLACED}")}

    def active_on_links(self, containing: str | None = None) -> list[tuple[int, str, int, str]]:
        sql = (f"SELECT o.id, o.panel_id, o.service_id, o.link FROM orders o WHERE {_ACTIVE} "
               "AND o.link IS NOT NULL")
        args: list[Any] = []
        if containing:
            # the candidates through the trigram index of the folded links (one normalisation
            # for every search), then the text as written
            folded = fold(containing)
            if len(folded) >= 3:
                sql += f" AND {ORDER_SEARCH_DOC} LIKE ? ESCAPE '\\'"
                args.append(f"%{escape_like(folded)}%")
            sql += " AND strpos(o.link, ?) > 0"
            args.append(containing)
        return [(r[0], r[1], r[2], r[3]) for r in self._read(sql, args)]

    def note_sync(self, panel_id: str, ok: bool, at_ms: int) -> None:
        with self.db.transaction() as c:
            c.execute("INSERT INTO watch_reach (panel_id, day, attempts, failures) "
                      "VALUES (?, ?, 1, ?) ON CONFLICT (panel_id, day) DO UPDATE SET "
                      "attempts = watch_reach.attempts + 1, "
                      "failures = watch_reach.failures + excluded.failures",
                      (panel_id, at_ms // DAY_MS, 0 if ok else 1))

    _REFILLABLE = (
        "FROM orders o JOIN services s ON s.panel_id = o.panel_id "
        "AND s.service_id = o.service_id WHERE o.submit_state = 'placed' "
        "AND o.state IN ('completed', 'partial') AND o.start_count IS NOT NULL AND s.refill")

    def refill_groups(self, since_ms: int
                      ) -> list[tuple[str, int, int | None, str | None, str, str]]:
        return self._read(
            "SELECT o.panel_id, o.service_id, o.name_id, "
            "(SELECT n.name FROM order_names n WHERE n.id = o.name_id), s.name, s.description "
            f"{self._REFILLABLE} AND o.created_at >= ? "
            "GROUP BY o.panel_id, o.service_id, o.name_id, s.name, s.description", (since_ms,))

    def refill_group_orders(self, panel_id: str, service_id: int, name_id: int | None,
                            placed_from_ms: int, placed_to_ms: int) -> list[tuple[int, int]]:
        return self._read(
            f"SELECT o.id, o.created_at {self._REFILLABLE} AND o.panel_id = ? "
            "AND o.service_id = ? AND o.name_id IS NOT DISTINCT FROM ? "
            "AND o.created_at BETWEEN ? AND ? ORDER BY o.id",
            (panel_id, service_id, name_id, placed_from_ms, placed_to_ms))

    def changes(self, panel_id: str, since_ms: int | None
                ) -> list[tuple[int, int, str, int, str, int | None, str | None, str | None]]:
        # (the rates as decimal text, as SQLite keeps them)
        sql = ("SELECT id, at, kind, service_id, name, successor_id, old_rate::text, "
               "new_rate::text FROM catalogue_changes WHERE panel_id = ?")
        args: list[Any] = [panel_id]
        if since_ms is not None:
            sql += " AND at >= ?"
            args.append(since_ms)
        return self._read(sql + " ORDER BY at DESC, id", args)

    @staticmethod
    def _move_price_rules(c: Any, panel_id: str, old_id: int, new_panel_id: str,
                          new_id: int) -> int:
        return int(c.execute(
            "UPDATE price_rules SET panel_id = ?, service_id = ? WHERE panel_id = ? "
            "AND service_id = ?", (new_panel_id, new_id, panel_id, old_id)).rowcount)


# The tally's group columns per ledger key on the team store (the panel by its id).
GROUPS = {
    "month": "to_char(to_timestamp(t.day * 86400) AT TIME ZONE 'UTC', 'YYYY-MM')",
    "customer": "t.customer_id",
    "panel": "t.panel_id",
    "service": "t.panel_id, t.service_id",
}


class PgLedger(LedgerStore):
    """The reseller's books' SQL on the team store (``store.ledger``)."""

    db: PgDatabase  # type: ignore[assignment]

    def set_rule(self, markup: Decimal, panel_id: str | None, category: str | None,
                 service_id: int | None, customer_id: int | None, minimum: Decimal | None,
                 round_to: Decimal | None) -> PriceRule:
        with self.db.transaction() as c:
            row = c.execute(
                "INSERT INTO price_rules (markup, panel_id, category, service_id, customer_id, "
                "minimum, round_to, created_at) VALUES (?,?,?,?,?,?,?,?) "
                # (the scope's unique index: ``price_rules_scope``, spelled as it is)
                "ON CONFLICT (COALESCE(panel_id, ''), COALESCE(category, ''), "
                "COALESCE(service_id, -1), COALESCE(customer_id, -1)) DO UPDATE SET "
                "markup = excluded.markup, minimum = excluded.minimum, "
                "round_to = excluded.round_to RETURNING id, markup, panel_id, category, "
                "service_id, customer_id, minimum, round_to",
                (_text(markup), panel_id, category, service_id, customer_id, _text(minimum),
                 _text(round_to), clock.now_ms())).fetchone()
        assert row is not None  # INSERT … RETURNING returns its row
        return _rule(row)

    def last_sell_prices(self, panel_id: str
                         ) -> dict[int, list[tuple[int, Decimal, int | None]]]:
        out: dict[int, list[tuple[int, Decimal, int | None]]] = {}
        for sid, cid, price, quantity in self._rows(
                "SELECT service_id, customer_id, sell_price, quantity FROM orders WHERE id IN ("
                "SELECT MAX(id) FROM orders WHERE customer_id IS NOT NULL "
                "AND sell_price IS NOT NULL AND panel_id = ? "
                "GROUP BY service_id, customer_id)", (panel_id,)):
            out.setdefault(sid, []).append((cid, Decimal(price), quantity))
        return out

    def tally(self, by: str, first_day: int | None, end_day: int | None,
              customer_id: int | None, demo: bool | None) -> Iterator[TallyRow]:
        group = GROUPS[by]
        where, args = _where(("t.day >= ?", first_day), ("t.day < ?", end_day),
                             ("t.customer_id = ?", customer_id))
        if demo is not None:
            where += (f" AND t.panel_id {'' if demo else 'NOT '}IN "
                      "(SELECT id FROM panels WHERE is_demo)")
        yield from self._rows(
            f"SELECT {group}, SUM(t.n)::bigint, SUM(t.revenue)::bigint, SUM(t.cost)::bigint, "
            f"t.cur FROM ledger_tally t WHERE {where} GROUP BY {group}, t.cur", args)

    def panel_keys(self) -> dict[Any, str]:
        """The tally names a panel by its id here: each id maps to itself."""
        return {r[0]: r[0] for r in self._rows("SELECT id FROM panels")}

    def customer_sums(self) -> list[tuple[int, str, int, int, int]]:
        return [tuple(r) for r in self._rows(
            "SELECT customer_id, cur, SUM(n)::bigint, SUM(revenue)::bigint, SUM(cost)::bigint "
            "FROM ledger_tally WHERE customer_id != 0 GROUP BY customer_id, cur")]
