"""SQL over the reseller's books (schema v17, ``migrations._step_v17``): customers, price rules,
payments, the orders' customer / sell price / rate, and the ledger's tally. ``LedgerStore(db)``
is the store's ``store.ledger`` repository over its ``Database`` (reads through ``db.read``,
writes in ``db.transaction()``); the rules live in ``smmdesk.ledger`` and ``smmdesk.books``;
this module only reads and writes.

Money is decimal text in the tables, integer millionths in ``ledger_tally`` (exact sums in SQL),
``Decimal`` out; times are UTC milliseconds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

from smmdesk.models import Customer, Payment, PriceRule
from smmdesk.store import values as clock  # clock.now_ms: the one clock tests move
from smmdesk.store.database import Database
from smmdesk.store.values import dec, escape_like, from_ms, to_ms
from smmdesk.textnorm import fold

__all__ = ["LedgerStore", "TallyRow"]

# (group columns as asked, orders, revenue, cost, cur): a ledger_tally sum
TallyRow = tuple[Any, ...]


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


_CUSTOMER = "id, name, contact, notes, archived_at, created_at"
_RULE = "id, markup, panel_id, category, service_id, customer_id, minimum, round_to"
_CUSTOMER_FIELDS = ("name", "contact", "notes")
# The tally's group columns per ledger key (the panel as its key, mapped back by the caller).
GROUPS = {
    "month": "strftime('%Y-%m', t.day * 86400, 'unixepoch')",  # UTC, as Books._key
    "customer": "t.customer_id",
    "panel": "t.panel_key",
    "service": "t.panel_key, t.service_id",
}
_DEMO_KEYS = ("SELECT k.key FROM panel_keys k JOIN panels p ON p.id = k.id "
              "WHERE p.is_demo = 1")


def _where(*conditions: tuple[str, Any]) -> tuple[str, list[Any]]:
    """``WHERE`` of the conditions whose value is not None, and their arguments."""
    kept = [(sql, value) for sql, value in conditions if value is not None]
    return " AND ".join(["true", *(sql for sql, _v in kept)]), [v for _s, v in kept]


def _customer(r: tuple) -> Customer:
    return Customer(r[0], r[1], r[2], r[3], r[4] is not None, from_ms(r[5]))


def _rule(r: tuple) -> PriceRule:
    return PriceRule(r[0], Decimal(r[1]), r[2], r[3], r[4], r[5], dec(r[6]), dec(r[7]))


class LedgerStore:
    """SQL over the v17 tables, on the store's one connection and its transactions."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _rows(self, sql: str, args: Iterable[Any] = ()) -> list[tuple]:
        return self.db.read(sql, tuple(args))

    # -- customers ------------------------------------------------------------------------------

    def add_customer(self, name: str, contact: str | None, notes: str | None) -> Customer:
        now = clock.now_ms()
        with self.db.transaction() as c:
            row = c.execute(
                "INSERT INTO customers (name, folded, contact, notes, created_at) "
                f"VALUES (?,?,?,?,?) RETURNING {_CUSTOMER}",
                (name, fold(name), contact, notes, now)).fetchone()
        return _customer(row)

    def customers(self, search: str | None = None, *, archived: bool = False
                  ) -> list[Customer]:
        # (SQL both engines speak: the team store shares it)
        where, args = ["true"], []
        if not archived:
            where.append("archived_at IS NULL")
        if search and fold(search):
            where.append("(folded LIKE ? ESCAPE '\\' "
                         "OR lower(coalesce(contact, '')) LIKE ? ESCAPE '\\')")
            like = f"%{escape_like(fold(search))}%"
            args += [like, like]
        return [_customer(r) for r in self._rows(
            f"SELECT {_CUSTOMER} FROM customers WHERE {' AND '.join(where)} "
            "ORDER BY folded, id", args)]

    def customer(self, customer_id: int) -> Customer | None:
        rows = self._rows(f"SELECT {_CUSTOMER} FROM customers WHERE id = ?", (customer_id,))
        return _customer(rows[0]) if rows else None

    def update_customer(self, customer_id: int, values: dict[str, Any]) -> Customer:
        sets, args = [], []
        for key, value in values.items():
            sets.append(f"{key} = ?")
            args.append(value)
            if key == "name":
                sets.append("folded = ?")
                args.append(fold(value))
        with self.db.transaction() as c:
            if sets:
                c.execute(f"UPDATE customers SET {', '.join(sets)} WHERE id = ?",
                          (*args, customer_id))
            row = c.execute(f"SELECT {_CUSTOMER} FROM customers WHERE id = ?",
                            (customer_id,)).fetchone()
        if row is None:
            raise KeyError(customer_id)
        return _customer(row)

    def archive_customer(self, customer_id: int, archived: bool) -> Customer:
        with self.db.transaction() as c:
            c.execute("UPDATE customers SET archived_at = ? WHERE id = ?",
                      (clock.now_ms() if archived else None, customer_id))
            row = c.execute(f"SELECT {_CUSTOMER} FROM customers WHERE id = ?",
                            (customer_id,)).fetchone()
        if row is None:
            raise KeyError(customer_id)
        return _customer(row)

    def customer_names(self, ids: Iterable[int] | None = None) -> dict[int, str]:
        return {r[0]: r[1] for r in self._rows("SELECT id, name FROM customers")
                if ids is None or r[0] in set(ids)}

    # -- price rules ----------------------------------------------------------------------------

    def set_rule(self, markup: Decimal, panel_id: str | None, category: str | None,
                 service_id: int | None, customer_id: int | None, minimum: Decimal | None,
                 round_to: Decimal | None) -> PriceRule:
        """Add the rule, or replace the one of the same scope."""
        now = clock.now_ms()
        with self.db.transaction() as c:
            row = c.execute(
                "INSERT INTO price_rules (markup, panel_id, category, service_id, customer_id, "
                "minimum, round_to, created_at) VALUES (?,?,?,?,?,?,?,?) "
                "ON CONFLICT (ifnull(panel_id, ''), ifnull(category, ''), "
                "ifnull(service_id, -1), ifnull(customer_id, -1)) DO UPDATE SET "
                "markup = excluded.markup, minimum = excluded.minimum, "
                f"round_to = excluded.round_to RETURNING {_RULE}",
                (_text(markup), panel_id, category, service_id, customer_id, _text(minimum),
                 _text(round_to), now)).fetchone()
        return _rule(row)

    def rules(self) -> list[PriceRule]:
        return [_rule(r) for r in self._rows(f"SELECT {_RULE} FROM price_rules ORDER BY id")]

    def delete_rule(self, rule_id: int) -> bool:
        with self.db.transaction() as c:
            return c.execute("DELETE FROM price_rules WHERE id = ?", (rule_id,)).rowcount > 0

    # -- the orders' sale -----------------------------------------------------------------------

    @staticmethod
    def stamp(c: sqlite3.Connection, order_id: int, customer_id: int | None,
              sell_price: Decimal | None, home_rate: Decimal | None) -> None:
        """Inside the caller's transaction (the one recording the order)."""
        c.execute("UPDATE orders SET customer_id = ?, sell_price = ?, home_rate = ? "
                  "WHERE id = ?", (customer_id, _text(sell_price), _text(home_rate), order_id))

    def assign(self, sales: Iterable[tuple[int, int | None, Decimal | None, Decimal | None]]
               ) -> int:
        """(order id, customer, sell price, rate) for each order, in one transaction; the rate
        is written only where the order has none (the rate kept is never rewritten)."""
        n = 0
        with self.db.transaction() as c:
            for order_id, customer_id, sell_price, rate in sales:
                n += c.execute(
                    "UPDATE orders SET customer_id = ?, sell_price = ?, "
                    "home_rate = COALESCE(home_rate, ?) WHERE id = ?",
                    (customer_id, _text(sell_price), _text(rate), order_id)).rowcount
        return n

    def last_sell_prices(self, panel_id: str
                         ) -> dict[int, list[tuple[int, Decimal, int | None]]]:
        """service -> (customer, sell price, quantity) of each customer's newest sold order of
        it, on one panel (one pass over the panel's sold orders)."""
        out: dict[int, list[tuple[int, Decimal, int | None]]] = {}
        for sid, cid, price, quantity in self._rows(
                "SELECT service_id, customer_id, sell_price, quantity FROM orders WHERE id IN ("
                "SELECT MAX(id) FROM orders WHERE customer_id IS NOT NULL "
                "AND sell_price IS NOT NULL "
                "AND panel_key = (SELECT key FROM panel_keys WHERE id = ?) "
                "GROUP BY service_id, customer_id)", (panel_id,)):
            out.setdefault(sid, []).append((cid, Decimal(price), quantity))
        return out

    # -- payments -------------------------------------------------------------------------------

    def add_payment(self, customer_id: int, amount: Decimal, at: datetime,
                    note: str | None) -> Payment:
        with self.db.transaction() as c:
            row = c.execute(
                "INSERT INTO payments (customer_id, amount, at, note, created_at) "
                "VALUES (?,?,?,?,?) RETURNING id",
                (customer_id, _text(amount), to_ms(at), note, clock.now_ms())).fetchone()
        return Payment(row[0], customer_id, amount, at, note)

    def payments(self, customer_id: int | None, since: datetime | None = None,
                 until: datetime | None = None) -> list[Payment]:
        where, args = _where(("customer_id = ?", customer_id),
                             ("at >= ?", None if since is None else to_ms(since)),
                             ("at < ?", None if until is None else to_ms(until)))
        return [Payment(r[0], r[1], Decimal(r[2]), from_ms(r[3]), r[4])  # type: ignore[arg-type]
                for r in self._rows("SELECT id, customer_id, amount, at, note FROM payments "
                                    f"WHERE {where} ORDER BY at, id", args)]

    # -- the tally ------------------------------------------------------------------------------

    def tally(self, by: str, first_day: int | None, end_day: int | None,
              customer_id: int | None, demo: bool | None) -> Iterator[TallyRow]:
        """Sums of ``ledger_tally`` grouped by ``by``'s columns (``GROUPS``) and ``cur``:
        (group values…, orders, revenue, cost, cur), over whole UTC days
        ``first_day <= day < end_day``."""
        group = GROUPS[by]
        where, args = _where(("t.day >= ?", first_day), ("t.day < ?", end_day),
                             ("t.customer_id = ?", customer_id))
        if demo is not None:
            where += f" AND t.panel_key {'' if demo else 'NOT '}IN ({_DEMO_KEYS})"
        yield from self._rows(
            f"SELECT {group}, SUM(t.n), SUM(t.revenue), SUM(t.cost), t.cur "
            f"FROM ledger_tally t WHERE {where} GROUP BY {group}, t.cur", args)

    def panel_keys(self) -> dict[int, str]:
        return dict(self._rows("SELECT key, id FROM panel_keys"))

    def customer_sums(self) -> list[tuple[int, str, int, int, int]]:
        """(customer, cur, orders, revenue, cost) of every customer's orders, all time."""
        return [tuple(r) for r in self._rows(
            "SELECT customer_id, cur, SUM(n), SUM(revenue), SUM(cost) FROM ledger_tally "
            "WHERE customer_id != 0 GROUP BY customer_id, cur")]

    def paid(self) -> dict[int, Decimal]:
        out: dict[int, Decimal] = {}
        for cid, amount in self._rows("SELECT customer_id, amount FROM payments"):
            out[cid] = out.get(cid, Decimal(0)) + Decimal(amount)
        return out

