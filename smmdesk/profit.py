"""One order's lines in the reseller's books: how much of it counts, its revenue and its cost.

Qt-free and free of our other modules (``models.LocalOrder``, the store's SQL function and
``smmdesk.ledger`` all use it), so every place that prices an order prices it alike. Arguments
are plain values: the order's state (``OrderState.value``), quantity, remains, runs, and money
as ``Decimal`` (or the store's decimal text).

Rules (issue 26, "Profit that follows the order's fate"):

* revenue is the sell price (home currency), prorated to what was delivered on Partial
  ((ordered − remains) / ordered, ordered = quantity × runs), zero on Canceled and Failed
  (the panel refunds them), rounded to the cent (``CENT``): the line a statement shows;
* cost is what the panel charges, the estimate until the panel reports the charge (the estimate
  prorated like the revenue on Partial: a panel's reported charge of a Partial is already its
  own), zero on Canceled and Failed; converted at the rate kept with the order, rounded to
  ``MICRO`` (orders cost fractions of a cent: rounding each to the cent would lose them);
* every total is a sum of such lines, so the rounded lines add up to the total shown.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

__all__ = ["CENT", "MICRO", "MICROS", "ZERO_STATES", "cost_line", "delivered", "revenue_line",
           "to_decimal"]

CENT = Decimal("0.01")
MICRO = Decimal("0.000001")
MICROS = 1_000_000  # the store's tally keeps money as integer millionths (exact sums in SQL)
ZERO_STATES = frozenset({"canceled", "failed"})
_ONE = Decimal(1)


def to_decimal(value: object) -> Decimal | None:
    """A money value as the store keeps it (decimal text) or as given; None when unreadable."""
    if value is None or isinstance(value, float):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def delivered(state: str | None, quantity: int | None, remains: int | None,
              runs: int | None) -> tuple[int, int] | None:
    """(delivered, ordered) of a Partial order whose remains are known and make sense; None
    when the whole order counts (or, for Canceled/Failed, see ``ZERO_STATES``)."""
    if state != "partial" or not quantity or remains is None:
        return None
    ordered = quantity * (runs if runs and runs > 1 else 1)
    if ordered <= 0 or not 0 <= remains <= ordered:
        return None
    return ordered - remains, ordered


def revenue_line(state: str | None, quantity: int | None, remains: int | None,
                 runs: int | None, sell_price: Decimal | None) -> Decimal | None:
    """What the customer owes for the order (home currency, to the cent); None: no sell price."""
    if sell_price is None:
        return None
    if state in ZERO_STATES:
        return Decimal("0.00")
    part = delivered(state, quantity, remains, runs)
    amount = sell_price if part is None else sell_price * part[0] / part[1]
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


def cost_line(state: str | None, quantity: int | None, remains: int | None, runs: int | None,
              charge: Decimal | None, estimate: Decimal | None,
              rate: Decimal = _ONE) -> Decimal | None:
    """What the panel takes for the order, times ``rate`` (the rate kept with the order; 1 for
    the cost in the order's own currency), to ``MICRO``; None when neither a charge nor an
    estimate is known."""
    if state in ZERO_STATES:
        return Decimal("0.000000")
    if charge is not None:
        amount = charge
    elif estimate is not None:
        part = delivered(state, quantity, remains, runs)
        amount = estimate if part is None else estimate * part[0] / part[1]
    else:
        return None
    return (amount * rate).quantize(MICRO, rounding=ROUND_HALF_EVEN)
