"""Exchange rates and the currency settings (tables ``exchange_rates``, ``currency_settings``,
schema v5): ``RateStore(db)``. The rules (home currency, re-basing, the ECB feed) are
``smmdesk.rates.RateBook``'s; this module only reads and writes.

Engine-neutral contract: ``load()`` (every rate and every currency setting, read together),
``set_setting(key, value)``, ``replace_rates(home_key, home, rates)`` (a new home currency and
the rates re-based on it, in one transaction), ``put_rates(rates)`` (added or replaced) and
``remove_rate(currency)``. A rate is (currency, units of home per unit as decimal text, when
it was set, source).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from smmdesk.store.database import Database
from smmdesk.store.values import from_ms, to_ms

__all__ = ["RateRow", "RateStore"]

# (currency, per unit as decimal text, set at, source)
RateRow = tuple[str, str, datetime, str]

_UPSERT = ("INSERT INTO exchange_rates (currency, per_unit, set_at, source) VALUES (?, ?, ?, ?) "
           "ON CONFLICT(currency) DO UPDATE SET per_unit = excluded.per_unit, "
           "set_at = excluded.set_at, source = excluded.source")
_SET = ("INSERT INTO currency_settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value")


def _stored(rates: Iterable[RateRow]) -> list[tuple[str, str, int, str]]:
    return [(cur, per_unit, to_ms(at), source) for cur, per_unit, at, source in rates]


class RateStore:
    """SQL over the exchange rates and the currency settings, on the shared ``Database``."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def load(self) -> tuple[list[RateRow], dict[str, str]]:
        """(every stored rate, every currency setting), read in one transaction."""
        with self.db.transaction() as c:
            rows = c.execute("SELECT currency, per_unit, set_at, source FROM exchange_rates"
                             ).fetchall()
            settings = dict(c.execute("SELECT key, value FROM currency_settings").fetchall())
        return ([(cur, per_unit, from_ms(at), source)  # type: ignore[misc]
                 for cur, per_unit, at, source in rows], settings)

    def set_setting(self, key: str, value: str) -> None:
        with self.db.transaction() as c:
            c.execute(_SET, (key, value))

    def replace_rates(self, home_key: str, home: str, rates: Iterable[RateRow]) -> None:
        """``home`` becomes the home currency (setting ``home_key``) and ``rates`` every rate."""
        with self.db.transaction() as c:
            c.execute(_SET, (home_key, home))
            c.execute("DELETE FROM exchange_rates")
            c.executemany(_UPSERT, _stored(rates))

    def put_rates(self, rates: Iterable[RateRow]) -> None:
        with self.db.transaction() as c:
            c.executemany(_UPSERT, _stored(rates))

    def remove_rate(self, currency: str) -> None:
        with self.db.transaction() as c:
            c.execute("DELETE FROM exchange_rates WHERE currency = ?", (currency,))
