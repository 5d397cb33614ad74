"""Small pure helpers the services table uses for comparing: canonical type names, price keys."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from smmdesk import servicetypes
from smmdesk.models import ServiceRow


@lru_cache(maxsize=1024)
def canonical_type(raw: str) -> str:
    """The registry's name for a panel's type text ("default" -> "Default", "mentions with
    hashtags" -> "Mentions with Hashtags"); a type SMM Desk does not know keeps its own
    spelling, white space tidied."""
    st, known = servicetypes.lookup(raw)
    if known:
        return st.name
    return " ".join((raw or "").split())


_GROUP = Decimal(10) ** 15  # above any price per 1000; 15 + 8 decimals fit Decimal's 28 digits


def rate_sort_keys(home_prices: Sequence[Decimal | None],
                   rows: Sequence[ServiceRow]) -> list[Decimal]:
    """Sort keys for the Rate column across currencies, as plain Decimals (sorting 200,000 of
    them is about three times quicker than tuples): a converted price is its value in the home
    currency; a price without a rate comes after every converted one, grouped by currency and
    ordered by its own value — the order of ``smmdesk.rates.price_sort_key``."""
    return rate_sort_keys_of(home_prices, [r.currency for r in rows],
                             [r.service.rate for r in rows])


def rate_sort_keys_of(home_prices: Sequence[Decimal | None], currencies: Sequence[str | None],
                      rates: Sequence[Decimal]) -> list[Decimal]:
    """``rate_sort_keys`` over columns (the services table's compact form)."""
    missing = sorted({c or "\uffff" for c, p in zip(currencies, home_prices, strict=True)
                      if p is None})
    offset = {c: _GROUP * (1 + i) for i, c in enumerate(missing)}
    return [p if p is not None else offset[c or "\uffff"] + r
            for p, c, r in zip(home_prices, currencies, rates, strict=True)]
