"""The reseller's books (issue 26): customers, price rules, payments, the ledger and statements.

Qt-free; no SQL (``smmdesk.store.ledger`` reads and writes, ``smmdesk.books.Books`` joins them
for the ``Workspace``). Money is ``Decimal`` end to end; an order's lines are priced by
``smmdesk.profit``.

* A price rule is a markup % with an optional minimum sell price per order and a rounding step
  (e.g. 0.05), for everything, a panel, a category (of one panel or of any), a service, a
  customer, or a customer and a service (the price rounded up to the step). The most
  specific wins: customer+service > customer >
  service > category (of the panel > of any panel) > panel > everything (``rule_for``).
* The ledger sums the orders' lines per key (month, customer, panel, service); each row's
  cost is rounded to the cent once, the revenue lines are cents already, and the totals are
  the sums of the rows as shown (``totals``). Orders without a rate to the home currency are
  counted apart (``LedgerRow.apart``), in their own currency, never mixed into the row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import IO, Any

from smmdesk import export, profit
from smmdesk.models import Customer, LocalOrder, Payment, PriceRule, SubmitState

__all__ = [
    "BY",
    "DAY_MS",
    "MIN_MARGIN",
    "ApartSum",
    "Customer",
    "LedgerRow",
    "MarginHit",
    "Payment",
    "PriceRule",
    "Statement",
    "StatementLine",
    "Tally",
    "apply_rule",
    "check_rule",
    "margin_percent",
    "money",
    "rule_for",
    "totals",
    "write_ledger_csv",
    "write_statement_csv",
]

BY = ("month", "customer", "panel", "service")
DAY_MS = 86_400_000
MIN_MARGIN = Decimal(10)  # percent: the margin guard's default minimum (a preference)
_HUNDRED = Decimal(100)


# ----------------------------------------------------------------------------------- values


def check_rule(markup_percent: Decimal, *, panel_id: str | None, category: str | None,
               service_id: int | None, customer_id: int | None, minimum: Decimal | None,
               round_to: Decimal | None) -> None:
    """Raises ``ValueError`` for a rule that is not one of the scopes or has bad figures."""
    for name, value in (("markup", markup_percent), ("minimum", minimum),
                        ("rounding", round_to)):
        if value is not None and (not isinstance(value, Decimal) or not value.is_finite()):
            raise ValueError(f"the {name} must be an exact decimal number")
    if markup_percent < 0:
        raise ValueError("the markup cannot be negative")
    if minimum is not None and minimum < 0:
        raise ValueError("the minimum sell price cannot be negative")
    if round_to is not None and round_to <= 0:
        raise ValueError("the rounding step must be above zero")
    if service_id is not None and panel_id is None:
        raise ValueError("a service rule needs its panel")
    if category is not None and not category.strip():
        raise ValueError("the category is empty")
    if category is not None and service_id is not None:
        raise ValueError("a rule is for a category or a service, not both")
    if customer_id is not None and (category is not None
                                    or (panel_id is not None and service_id is None)):
        raise ValueError("a customer's rule is for everything they order or for one service")


def rule_for(rules: Iterable[PriceRule], *, panel_id: str, category: str | None,
             service_id: int, customer_id: int | None) -> PriceRule | None:
    """The most specific rule that applies; None when none does."""
    best: PriceRule | None = None
    for rule in rules:
        if rule.applies(panel_id, category, service_id, customer_id) and (
                best is None or rule.rank > best.rank):
            best = rule
    return best


def apply_rule(rule: PriceRule, cost_home: Decimal) -> Decimal:
    """The sell price of an order costing ``cost_home``: the markup, then up to the rounding
    step, then the minimum, then up to the cent (a sell price is rounded up: never under the
    markup, never to zero)."""
    price = cost_home * (_HUNDRED + rule.markup_percent) / _HUNDRED
    if rule.round_to is not None:
        price = (price / rule.round_to).to_integral_value(ROUND_CEILING) * rule.round_to
    if rule.minimum is not None and price < rule.minimum:
        price = rule.minimum
    return price.quantize(profit.CENT, rounding=ROUND_CEILING)


def margin_percent(revenue: Decimal, profit_: Decimal) -> Decimal | None:
    """Profit as a percent of revenue, to 0.1; None without revenue."""
    if revenue == 0:
        return None
    return (profit_ * _HUNDRED / revenue).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)


# ----------------------------------------------------------------------------------- ledger


@dataclass(frozen=True, slots=True)
class ApartSum:
    """Orders without a known rate to the home currency: their cost in ``currency``."""

    currency: str
    orders: int
    revenue: Decimal  # home currency (the sell prices)
    cost: Decimal  # in ``currency``


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One key's orders (converted at their own rates): revenue, cost, profit, margin in the
    home currency, each to the cent; ``apart`` the orders with no rate, by currency."""

    key: Any
    orders: int
    revenue: Decimal
    cost: Decimal
    profit: Decimal
    margin_percent: Decimal | None
    label: str = ""
    apart: tuple[ApartSum, ...] = ()


class Tally:
    """Exact sums in millionths, per key, as the store's tally rows and single orders come."""

    def __init__(self) -> None:
        self.rows: dict[Any, list[int]] = {}  # key -> [orders, revenue, cost]
        self.apart: dict[tuple[Any, str], list[int]] = {}

    def add(self, key: Any, cur: str, n: int, revenue: int, cost: int) -> None:
        target = (self.rows.setdefault(key, [0, 0, 0]) if not cur
                  else self.apart.setdefault((key, cur), [0, 0, 0]))
        target[0] += n
        target[1] += revenue
        target[2] += cost

    def add_order(self, key: Any, order: LocalOrder, home: str | None) -> None:
        if order.submit_state is not SubmitState.PLACED:
            return
        revenue = order.revenue_home or Decimal(0)
        if order.home_rate is not None or (home is not None and order.currency == home):
            cost, cur = order.cost_home if order.home_rate is not None else order.cost_own, ""
        else:
            cost, cur = order.cost_own, order.currency or "?"  # (the tally's key alike)
        self.add(key, cur, 1, int(revenue * profit.MICROS), int((cost or 0) * profit.MICROS))

    def result(self, labels: Callable[[Any], str] | None = None) -> list[LedgerRow]:
        keys = list(dict.fromkeys([*self.rows, *(k for k, _c in self.apart)]))
        out = []
        for key in keys:
            n, rev, cost = self.rows.get(key, (0, 0, 0))
            revenue = money(rev)
            cost_d = money(cost)
            apart = tuple(ApartSum(cur, a[0], money(a[1]), money(a[2]))
                          for (k, cur), a in sorted(self.apart.items(), key=lambda e: e[0][1])
                          if k == key and a[0])
            if not n and not apart:
                continue
            out.append(LedgerRow(key, n, revenue, cost_d, revenue - cost_d,
                                 margin_percent(revenue, revenue - cost_d),
                                 labels(key) if labels else str(key), apart))
        return out


def money(micros: int) -> Decimal:
    return (Decimal(micros) / profit.MICROS).quantize(profit.CENT, rounding=ROUND_HALF_EVEN)


def totals(rows: Sequence[LedgerRow]) -> LedgerRow:
    """The total row: the sums of the rows as shown (so they always add up)."""
    revenue = sum((r.revenue for r in rows), Decimal("0.00"))
    cost = sum((r.cost for r in rows), Decimal("0.00"))
    return LedgerRow(None, sum(r.orders for r in rows), revenue, cost, revenue - cost,
                     margin_percent(revenue, revenue - cost), "Total")


# ------------------------------------------------------------------------------- statements


@dataclass(frozen=True, slots=True)
class StatementLine:
    order_id: int
    at: datetime
    service: str
    link: str | None
    quantity: int | None
    status: str  # OrderState value
    delivered: int | None
    sell_price: Decimal | None
    amount: Decimal  # what is owed for it (prorated on Partial, 0 when canceled)


@dataclass(frozen=True, slots=True)
class Statement:
    customer: Customer
    since: datetime | None
    until: datetime | None
    currency: str | None
    lines: tuple[StatementLine, ...]
    payments: tuple[Payment, ...]
    opening_balance: Decimal  # owed before ``since``
    revenue: Decimal = field(default=Decimal("0.00"))  # the sum of the lines' amounts
    paid: Decimal = field(default=Decimal("0.00"))

    @property
    def balance_due(self) -> Decimal:
        return self.opening_balance + self.revenue - self.paid


def statement_line(order: LocalOrder) -> StatementLine:
    delivered: int | None = None
    if order.quantity is not None:
        ordered = order.quantity * (order.runs if order.runs and order.runs > 1 else 1)
        if order.state.value in profit.ZERO_STATES:
            delivered = 0
        elif order.remains is not None and order.state.value in ("partial", "completed"):
            delivered = max(0, ordered - order.remains)
        elif order.state.value == "completed":
            delivered = ordered
    return StatementLine(order.id, order.created_at, order.service_name, order.link,
                         order.quantity, order.state.value, delivered, order.sell_price,
                         order.revenue_home or Decimal("0.00"))


def make_statement(customer: Customer, since: datetime | None, until: datetime | None,
                   currency: str | None, orders: Iterable[LocalOrder],
                   payments: Iterable[Payment], opening: Decimal) -> Statement:
    lines = tuple(statement_line(o) for o in sorted(orders, key=lambda o: (o.created_at, o.id))
                  if o.submit_state is SubmitState.PLACED)
    paid = tuple(sorted(payments, key=lambda p: (p.at, p.id)))
    return Statement(customer, since, until, currency, lines, paid, opening,
                     sum((ln.amount for ln in lines), Decimal("0.00")),
                     sum((p.amount for p in paid), Decimal("0.00")))


# ---------------------------------------------------------------------------------- CSV

STATEMENT_WORDS = {
    "date": "Date", "order": "Order", "service": "Service", "link": "Link",
    "quantity": "Quantity", "status": "Status", "delivered": "Delivered",
    "sell_price": "Sell price", "amount": "Amount", "payment": "Payment",
    "opening": "Owed before", "revenue": "Orders", "paid": "Paid", "balance": "Balance due",
    "customer": "Customer", "currency": "Currency", "period": "Period",
}
LEDGER_WORDS = {"key": "Key", "orders": "Orders", "revenue": "Revenue", "cost": "Cost",
                "profit": "Profit", "margin": "Margin %", "total": "Total"}


def _iso(at: datetime | None) -> str:
    return "" if at is None else at.astimezone(UTC).isoformat(timespec="seconds")


def _t(value: Any) -> str:
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def write_statement_csv(target: Path | str | IO[str], st: Statement,
                        words: Mapping[str, str] | None = None,
                        status_words: Mapping[str, str] | None = None) -> int:
    """The statement as CSV (``export``'s guards: a BOM, formula cells neutralised, a file
    0600 written whole or not at all); ``words`` the headings (English by default, the app
    passes the person's language). Returns the number of order lines."""
    w = {**STATEMENT_WORDS, **(words or {})}
    status = status_words or {}
    rows: list[list[str]] = [
        [w["customer"], st.customer.name],
        [w["period"], _iso(st.since), _iso(st.until)],
        [w["currency"], st.currency or ""],
        [],
        [w["date"], w["order"], w["service"], w["link"], w["quantity"], w["status"],
         w["delivered"], w["sell_price"], w["amount"]],
    ]
    for ln in st.lines:
        rows.append([_iso(ln.at), str(ln.order_id), ln.service, ln.link or "",
                     _t(ln.quantity), status.get(ln.status, ln.status), _t(ln.delivered),
                     _t(ln.sell_price), _t(ln.amount)])
    for p in st.payments:
        rows.append([_iso(p.at), "", w["payment"], p.note or "", "", "", "", "",
                     _t(-p.amount)])
    rows += [[], [w["opening"], _t(st.opening_balance)], [w["revenue"], _t(st.revenue)],
             [w["paid"], _t(st.paid)], [w["balance"], _t(st.balance_due)]]
    export.write_table(target, rows)
    return len(st.lines)


def write_ledger_csv(target: Path | str | IO[str], rows: Sequence[LedgerRow],
                     words: Mapping[str, str] | None = None) -> int:
    """The ledger's rows and their total as CSV (the same guards); returns the rows written."""
    w = {**LEDGER_WORDS, **(words or {})}
    out: list[list[str]] = [[w["key"], w["orders"], w["revenue"], w["cost"], w["profit"],
                             w["margin"]]]
    for r in rows:
        out.append([r.label, str(r.orders), _t(r.revenue), _t(r.cost), _t(r.profit),
                    _t(r.margin_percent)])
    t = totals(rows)
    out.append([w["total"], str(t.orders), _t(t.revenue), _t(t.cost), _t(t.profit),
                _t(t.margin_percent)])
    export.write_table(target, out)
    return len(rows)


# ---------------------------------------------------------------------------- margin guard


@dataclass(frozen=True, slots=True)
class MarginHit:
    """A service whose new rate leaves a sell price under the minimum margin: the rule (or
    the customer's last price) and the margin it now gives."""

    panel_id: str
    service_id: int
    service: str
    customer_id: int | None
    margin_percent: Decimal | None
    rule_id: int | None = None
    customer_name: str = ""
