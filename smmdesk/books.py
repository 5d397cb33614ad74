"""The reseller's books as the ``Workspace`` offers them (issue 26): customers, price rules and
sell prices, the sale recorded with each order, payments, the ledger, statements and the margin
guard. The rules are ``smmdesk.ledger``'s and ``smmdesk.profit``'s; the SQL is
``smmdesk.store.ledger``'s.

The sale of an order (its customer, sell price, and the rate of its currency to the home
currency in force at that moment) is written by ``record_sale`` inside the transaction that
records the order, so every path that places (the form, the CLI, mass orders, schedules) keeps
the rate with the order; a later rate never rewrites old profit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from smmdesk import ledger, profit, servicetypes
from smmdesk.alerts import Alerts
from smmdesk.ledger import (
    BY,
    DAY_MS,
    MIN_MARGIN,
    Customer,
    LedgerRow,
    MarginHit,
    Payment,
    PriceRule,
    Statement,
    Tally,
)
from smmdesk.models import LocalOrder, Service, ServicesDiff, SubmitState
from smmdesk.placing import OrderQuote
from smmdesk.store import OrderFilter, Store
from smmdesk.textnorm import fold

__all__ = ["Books", "BooksDoors", "CustomerSummary"]

Convert = Callable[[Decimal, str | None], Decimal | None]


@dataclass(frozen=True, slots=True)
class CustomerSummary:
    """A customer with their books: orders, revenue (every sale, rate or not), payments,
    balance due (revenue − payments; negative: paid in advance) and the profit of the orders
    with a rate."""

    customer: Customer
    orders: int
    revenue: Decimal
    paid: Decimal
    profit: Decimal

    @property
    def balance(self) -> Decimal:
        return self.revenue - self.paid


def _ms(at: datetime) -> int:
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return int(at.timestamp() * 1000)


class Books:
    """Customers, rules, sales, payments and reports over one store (module doc).
    ``home``: the home currency now; ``converter``: amounts to it at today's rates."""

    def __init__(self, store: Store, home: Callable[[], str | None],
                 converter: Callable[[], Convert]) -> None:
        self.store = store
        self.sql = store.ledger
        self._home = home
        self._converter = converter
        self.alerts: Alerts | None = None  # the margin guard's (set by the Workspace)

    # -- customers ------------------------------------------------------------------------------

    def add_customer(self, name: str, *, contact: str | None = None,
                     notes: str | None = None) -> Customer:
        name = (name or "").strip()
        if not name:
            raise ValueError("a customer needs a name")
        return self.sql.add_customer(name, contact or None, notes or None)

    def customers(self, search: str | None = None, *, archived: bool = False
                  ) -> list[Customer]:
        return self.sql.customers(search, archived=archived)

    def customer(self, customer_id: int) -> Customer:
        found = self.sql.customer(int(customer_id))
        if found is None:
            raise KeyError(customer_id)
        return found

    def update_customer(self, customer_id: int, **fields: Any) -> Customer:
        unknown = set(fields) - {"name", "contact", "notes", "archived"}
        if unknown:
            raise TypeError(f"unknown customer field(s): {', '.join(sorted(unknown))}")
        archived = fields.pop("archived", None)
        if "name" in fields:
            fields["name"] = (fields["name"] or "").strip()
            if not fields["name"]:
                raise ValueError("a customer needs a name")
        customer = self.sql.update_customer(int(customer_id), fields)
        if archived is not None:
            customer = self.sql.archive_customer(customer.id, bool(archived))
        return customer

    def archive_customer(self, customer_id: int, archived: bool = True) -> Customer:
        return self.sql.archive_customer(int(customer_id), archived)

    def find_customer(self, name: str) -> Customer:
        """The customer called ``name`` (folded, as the search compares), archived ones too;
        ``LookupError`` when none or several match."""
        key = fold(name)
        found = [c for c in self.sql.customers(name, archived=True)
                 if fold(c.name) == key]
        if len(found) != 1:
            raise LookupError(f"{'no' if not found else 'more than one'} customer called "
                              f"{name!r}")
        return found[0]

    def customer_summaries(self, *, archived: bool = False) -> list[CustomerSummary]:
        """Every customer with their books, the largest balance due first."""
        home = self._home()
        sums: dict[int, list[int]] = {}
        for cid, cur, n, rev, cost in self.sql.customer_sums():
            s = sums.setdefault(cid, [0, 0, 0])
            s[0] += n
            s[1] += rev
            if not cur or cur == home:
                s[2] += rev - cost
        paid = self.sql.paid()
        out = []
        for c in self.sql.customers(archived=archived):
            n, rev, prof = sums.get(c.id, (0, 0, 0))
            out.append(CustomerSummary(c, n, ledger.money(rev),
                                       paid.get(c.id, Decimal(0)), ledger.money(prof)))
        out.sort(key=lambda s: (-s.balance, fold(s.customer.name)))
        return out

    # -- price rules and sell prices ------------------------------------------------------------

    def set_price_rule(self, markup_percent: Decimal, *, panel_id: str | None = None,
                       category: str | None = None, service_id: int | None = None,
                       customer_id: int | None = None, minimum: Decimal | None = None,
                       round_to: Decimal | None = None) -> PriceRule:
        markup = Decimal(markup_percent) if isinstance(markup_percent, int) else markup_percent
        category = category.strip() if category is not None else None
        ledger.check_rule(markup, panel_id=panel_id, category=category,
                          service_id=service_id, customer_id=customer_id, minimum=minimum,
                          round_to=round_to)
        return self.sql.set_rule(markup, panel_id, category, service_id, customer_id,
                                 minimum, round_to)

    def price_rules(self) -> list[PriceRule]:
        return self.sql.rules()

    def delete_price_rule(self, rule_id: int) -> bool:
        return self.sql.delete_rule(int(rule_id))

    def rule_for(self, panel_id: str, service: Service, customer_id: int | None
                 ) -> PriceRule | None:
        return ledger.rule_for(self.sql.rules(), panel_id=panel_id, category=service.category,
                               service_id=service.id, customer_id=customer_id)

    def price_of(self, panel_id: str, service: Service, cost: Decimal | None,
                 currency: str | None, customer_id: int | None) -> Decimal | None:
        """The rules' sell price of an order costing ``cost`` in ``currency`` (today's rate);
        None without a rule, a cost or a rate."""
        rule = self.rule_for(panel_id, service, customer_id)
        if rule is None or cost is None:
            return None
        home_cost = self._converter()(cost, currency)
        return None if home_cost is None else ledger.apply_rule(rule, home_cost)

    def sell_price(self, panel_id: str, service_id: int, fields: Mapping[str, Any], *,
                   customer_id: int | None = None) -> Decimal | None:
        """The sell price the rules give an order as typed (home currency); None when no rule
        applies, no rate is known or the fields do not make an order yet."""
        panel = self.store.panels.get_panel(panel_id)
        service = self.store.services.get_service(panel_id, int(service_id))
        if panel is None or service is None:
            return None
        try:
            estimate = servicetypes.estimate(service, fields)
        except (ValueError, ArithmeticError, TypeError):
            return None
        return self.price_of(panel_id, service, estimate, panel.currency, customer_id)

    def sold(self, quote: OrderQuote, customer_id: int | None,
             sell_price: Decimal | None = None) -> OrderQuote:
        """The quote carrying its sale; a customer without a sell price gets the rules' one."""
        if customer_id is not None:
            self.customer(customer_id)  # KeyError: no such customer
        if sell_price is not None:
            sell_price = _price(sell_price)
        elif customer_id is not None:
            sell_price = self.price_of(quote.panel_id, quote.service, quote.estimate,
                                       quote.currency, customer_id)
        return replace(quote, customer_id=customer_id, sell_price=sell_price)

    def rate_now(self, currency: str | None) -> Decimal | None:
        """Units of home currency per unit of ``currency`` now (1 for the home currency)."""
        return self._converter()(Decimal(1), currency) if currency else None

    def record_sale(self, quote: OrderQuote) -> Callable[[sqlite3.Connection, int], None]:
        """What writes the quote's sale and the rate in force now, in the transaction that
        records the order (the rate is read first: no read inside that transaction)."""
        rate = self.rate_now(quote.currency)

        def write(c: sqlite3.Connection, order_id: int) -> None:
            self.sql.stamp(c, order_id, quote.customer_id, quote.sell_price, rate)

        return write

    def assign_orders(self, local_ids: Iterable[int], customer_id: int | None, *,
                      sell_price: Decimal | None = None) -> list[LocalOrder]:
        """Give orders (placed earlier, or tracked) a customer and a sell price (None: the
        rules' price of each, from its estimate, else its charge); ``customer_id`` None takes
        the sale away. An order without a rate gets today's (the sale is recorded now)."""
        if customer_id is not None:
            self.customer(customer_id)
        price = _price(sell_price) if sell_price is not None else None
        orders = self.store.orders.get_orders(local_ids)
        sales = []
        for o in orders:
            each = price
            if customer_id is None:
                each = None
            elif each is None:
                service = self.store.services.get_service(o.panel_id, o.service_id) or Service(
                    o.service_id, o.service_name, o.service_type, "", Decimal(0), 0, 0)
                base = o.charge_estimate if o.charge_estimate is not None else o.charge
                each = self.price_of(o.panel_id, service, base, o.currency, customer_id)
            sales.append((o.id, customer_id, each, self.rate_now(o.currency)))
        self.sql.assign(sales)
        return self.store.orders.get_orders(o.id for o in orders)

    # -- payments -------------------------------------------------------------------------------

    def record_payment(self, customer_id: int, amount: Decimal, *, at: datetime | None = None,
                       note: str | None = None) -> Payment:
        self.customer(customer_id)
        amount = _price(amount, cents=False)
        if amount == 0:
            raise ValueError("a payment needs an amount")
        return self.sql.add_payment(int(customer_id), amount, at or datetime.now(UTC),
                                    note or None)

    def payments(self, customer_id: int, *, since: datetime | None = None,
                 until: datetime | None = None) -> list[Payment]:
        return self.sql.payments(int(customer_id), since, until)

    def customer_balance(self, customer_id: int) -> Decimal:
        """What the customer owes: every sale's revenue − payments (negative: paid ahead)."""
        rev = sum(r[3] for r in self.sql.customer_sums() if r[0] == customer_id)
        paid = sum((p.amount for p in self.sql.payments(int(customer_id))), Decimal(0))
        return ledger.money(rev) - paid

    # -- the ledger -----------------------------------------------------------------------------

    def ledger(self, *, by: str, since: datetime | None = None, until: datetime | None = None,
               customer_id: int | None = None, demo: bool | None = False) -> list[LedgerRow]:
        """Revenue, cost, profit and margin per ``by`` (month, customer, panel, service) over
        ``since <= placed < until``; rows in key order. The demo panel's simulated orders are
        left out (``demo=False``, as in the spending), ``True`` only them, ``None`` both."""
        if by not in BY:
            raise ValueError(f"by must be one of {', '.join(BY)}")
        home = self._home()
        tally = Tally()
        panels = self.sql.panel_keys()
        first = None if since is None else -(-_ms(since) // DAY_MS)
        end = None if until is None else _ms(until) // DAY_MS
        if first is not None and end is not None and end < first:
            end = first  # one partial day: read from the orders
        for row in self.sql.tally(by, first, end, customer_id, demo):
            *group, n, rev, cost, cur = row
            if by == "month":
                key: Any = group[0]  # "YYYY-MM" (the SQL groups the days by month)
            elif by == "customer":
                key = group[0] or None
            elif by == "panel":
                key = panels.get(group[0], str(group[0]))
            else:
                key = (panels.get(group[0], str(group[0])), group[1])
            tally.add(key, "" if cur == home else cur, n, rev, cost)
        for o in self._edge_orders(since, until, first, end, customer_id, demo):
            tally.add_order(self._key(by, o), o, home)
        rows = tally.result(self._labeller(by))
        return sorted(rows, key=lambda r: _sort_key(r.key))

    def _edge_orders(self, since: datetime | None, until: datetime | None, first: int | None,
                     end: int | None, customer_id: int | None, demo: bool | None
                     ) -> list[LocalOrder]:
        """The placed orders of the part-days at the ends of the period (the tally keeps whole
        days)."""
        spans = []
        if since is not None and first is not None and _ms(since) < first * DAY_MS:
            stop = first * DAY_MS if until is None else min(first * DAY_MS, _ms(until))
            spans.append((_ms(since), stop))
        if until is not None and end is not None and end * DAY_MS < _ms(until):
            start = end * DAY_MS if since is None else max(end * DAY_MS, _ms(since))
            if not spans or start >= spans[0][1]:
                spans.append((start, _ms(until)))
        out: list[LocalOrder] = []
        demo_panels = {p.id for p in self.store.panels.list_panels(include_removed=True)
                       if p.is_demo}
        for a, b in spans:
            if a >= b:
                continue
            out.extend(o for o in self.store.queries.order_page(OrderFilter(
                submit_states=(SubmitState.PLACED,), customer_id=customer_id,
                since=datetime.fromtimestamp(a / 1000, UTC),
                until=datetime.fromtimestamp(b / 1000, UTC)), "id", 0, None)
                if demo is None or (o.panel_id in demo_panels) == demo)
        return out

    @staticmethod
    def _key(by: str, o: LocalOrder) -> Any:
        if by == "month":
            return o.created_at.astimezone(UTC).strftime("%Y-%m")
        if by == "customer":
            return o.customer_id
        if by == "panel":
            return o.panel_id
        return (o.panel_id, o.service_id)

    def _labeller(self, by: str) -> Callable[[Any], str]:
        if by == "customer":
            names = self.sql.customer_names()
            return lambda k: names.get(k, str(k)) if k is not None else ""
        if by == "panel":
            panels = {p.id: p.name for p in self.store.panels.list_panels(include_removed=True)}
            return lambda k: panels.get(k, str(k))
        if by == "service":
            def service_name(k: Any) -> str:
                s = self.store.services.get_service(k[0], k[1])
                return s.name if s is not None else f"#{k[1]}"
            return service_name
        return str

    # -- statements -----------------------------------------------------------------------------

    def statement(self, customer_id: int, since: datetime | None = None,
                  until: datetime | None = None) -> Statement:
        """Every order sold to the customer placed in the period and every payment, with what
        they owed before, the totals and the balance due."""
        customer = self.customer(customer_id)
        orders = self.store.queries.order_page(OrderFilter(
            submit_states=(SubmitState.PLACED,), customer_id=customer.id, since=since,
            until=until), "id", 0, None)
        opening = Decimal("0.00")
        if since is not None:
            opening = self._revenue_before(customer.id, since)
            opening -= sum((p.amount for p in self.sql.payments(customer.id, None, since)),
                           Decimal(0))
        return ledger.make_statement(customer, since, until, self._home(), orders,
                                     self.sql.payments(customer.id, since, until), opening)

    def _revenue_before(self, customer_id: int, since: datetime) -> Decimal:
        """What the customer's sales placed before ``since`` came to, every currency's orders
        alike: ``ledger``'s revenue (the tally's whole days and the part-day's orders), not
        every earlier order read (a customer of years has tens of thousands)."""
        rows = self.ledger(by="customer", until=since, customer_id=customer_id, demo=None)
        return sum((r.revenue + sum((a.revenue for a in r.apart), Decimal(0)) for r in rows),
                   Decimal("0.00"))

    # -- the margin guard -----------------------------------------------------------------------

    def guard_margins(self, panel_id: str, diff: ServicesDiff) -> None:
        """After a services refresh: the margin guard's alert (``Alerts.margin_guard``: once
        per change of a service's rate)."""
        if self.alerts is not None:
            self.alerts.margin_guard(self.margin_hits(panel_id, diff))

    def margin_hits(self, panel_id: str, diff: ServicesDiff,
                    minimum: Decimal | None = None) -> list[MarginHit]:
        """After a services refresh: each service whose rate went up so that a sell price —
        a rule's for it (generally and per customer with a rule of their own) or a customer's
        last price for it — now gives a margin under ``minimum`` percent (default: the
        preference, ``Alerts.min_margin``)."""
        if minimum is None:
            minimum = self.alerts.min_margin() if self.alerts is not None else MIN_MARGIN
        panel = self.store.panels.get_panel(panel_id)
        raised = [(old, new) for old, new in diff.repriced if new.rate > old.rate]
        if panel is None or not raised:
            return []
        rules = self.sql.rules()
        names = {c.id: c.name for c in self.sql.customers()}
        customers = list(names)
        convert = self._converter()
        last_prices = self.sql.last_sell_prices(panel_id)
        hits: list[MarginHit] = []
        for _old, new in raised:
            per_thousand = convert(new.rate, panel.currency)
            if per_thousand is None:
                continue
            seen: set[int | None] = set()
            for cid in [None, *customers]:
                rule = ledger.rule_for(rules, panel_id=panel_id, category=new.category,
                                       service_id=new.id, customer_id=cid)
                if rule is None or (cid is not None and rule.customer_id is None):
                    continue
                price = ledger.apply_rule(rule, per_thousand)
                margin = ledger.margin_percent(price, price - per_thousand)
                if margin is None or margin < minimum:
                    hits.append(MarginHit(panel_id, new.id, new.name, cid, margin, rule.id,
                                          names.get(cid, "") if cid is not None else ""))
                    seen.add(cid)
            for cid, price, quantity in last_prices.get(new.id, ()):
                if cid in seen or not quantity:
                    continue
                cost = per_thousand * quantity / 1000
                margin = ledger.margin_percent(price, price - cost)
                if margin is None or margin < minimum:
                    hits.append(MarginHit(panel_id, new.id, new.name, cid, margin,
                                          customer_name=names.get(cid, "")))
        return hits


def _price(value: Decimal | int | str, *, cents: bool = True) -> Decimal:
    """A sell price or a payment as typed: an exact decimal (never a float), to the cent."""
    if isinstance(value, float):
        raise TypeError("money is a Decimal, never a float")
    d = Decimal(value)
    if not d.is_finite():
        raise ValueError("not an amount")
    if cents and d < 0:
        raise ValueError("a sell price cannot be negative")
    if d != d.quantize(profit.CENT):
        raise ValueError("an amount has at most two decimals")
    return d.quantize(profit.CENT)


def _sort_key(key: Any) -> tuple:
    if key is None:
        return (1, "")
    if isinstance(key, tuple):
        return (0, *key)
    return (0, key) if isinstance(key, str) else (0, f"{key:012d}")


class BooksDoors:
    """The ``Workspace``'s doors to its ``Books`` part, one line each (the surface issue 26
    names: ``ws.add_customer`` … ``ws.statement``); the Workspace holds the part as ``_books``
    (public as ``books``)."""

    _books: Books

    def add_customer(self, name: str, *, contact: str | None = None,
                     notes: str | None = None) -> Customer:
        return self._books.add_customer(name, contact=contact, notes=notes)

    def customers(self, search: str | None = None, *, archived: bool = False
                  ) -> list[Customer]:
        return self._books.customers(search, archived=archived)

    def customer(self, customer_id: int) -> Customer:
        return self._books.customer(customer_id)

    def find_customer(self, name: str) -> Customer:
        return self._books.find_customer(name)

    def update_customer(self, customer_id: int, **fields: Any) -> Customer:
        return self._books.update_customer(customer_id, **fields)

    def archive_customer(self, customer_id: int, archived: bool = True) -> Customer:
        return self._books.archive_customer(customer_id, archived)

    def customer_summaries(self, *, archived: bool = False) -> list[CustomerSummary]:
        return self._books.customer_summaries(archived=archived)

    def set_price_rule(self, markup_percent: Decimal, *, panel_id: str | None = None,
                       category: str | None = None, service_id: int | None = None,
                       customer_id: int | None = None, minimum: Decimal | None = None,
                       round_to: Decimal | None = None) -> PriceRule:
        return self._books.set_price_rule(markup_percent, panel_id=panel_id, category=category,
                                          service_id=service_id, customer_id=customer_id,
                                          minimum=minimum, round_to=round_to)

    def price_rules(self) -> list[PriceRule]:
        return self._books.price_rules()

    def delete_price_rule(self, rule_id: int) -> bool:
        return self._books.delete_price_rule(rule_id)

    def sell_price(self, panel_id: str, service_id: int, fields: Mapping[str, Any], *,
                   customer_id: int | None = None) -> Decimal | None:
        return self._books.sell_price(panel_id, service_id, fields, customer_id=customer_id)

    def sold(self, quote: OrderQuote, customer_id: int | None,
             sell_price: Decimal | None = None) -> OrderQuote:
        return self._books.sold(quote, customer_id, sell_price)

    def assign_orders(self, local_ids: Iterable[int], customer_id: int | None, *,
                      sell_price: Decimal | None = None) -> list[LocalOrder]:
        return self._books.assign_orders(local_ids, customer_id, sell_price=sell_price)

    def record_payment(self, customer_id: int, amount: Decimal, *, at: datetime | None = None,
                       note: str | None = None) -> Payment:
        return self._books.record_payment(customer_id, amount, at=at, note=note)

    def payments(self, customer_id: int) -> list[Payment]:
        return self._books.payments(customer_id)

    def customer_balance(self, customer_id: int) -> Decimal:
        return self._books.customer_balance(customer_id)

    def ledger(self, *, by: str, since: datetime | None = None, until: datetime | None = None,
               customer_id: int | None = None, demo: bool | None = False) -> list[LedgerRow]:
        return self._books.ledger(by=by, since=since, until=until, customer_id=customer_id,
                                  demo=demo)

    def statement(self, customer_id: int, since: datetime | None = None,
                  until: datetime | None = None) -> Statement:
        return self._books.statement(customer_id, since, until)

    def margin_hits(self, panel_id: str, diff: ServicesDiff) -> list[MarginHit]:
        return self._books.margin_hits(panel_id, diff)
