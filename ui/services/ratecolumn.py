"""The services table's Rate column as exact integers: each row's rate in units of 10^-12, the
column's sort keys (the rate itself, or when comparing across panels its exact value in the home
currency), and the rows sorted by it both ways — made once per table, again in C-level passes
(one factor per currency) when the exchange rates change, never per comparison. Pure Python, no
Qt: ``ServicesModel`` owns it and runs its idle steps.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import partial
from operator import add, mul
from typing import Any

from smmdesk.models import ServiceRow
from smmdesk.rates import Rate
from smmdesk.servicetable import ServicesTable
from ui.compare.prices import rate_sort_keys_of

PREP_CHUNK = 25_000  # rows per idle turn when preparing the rate sort order
_RATE_DIGITS = 12  # rate sort keys: integers of 10^-12 (prices carry at most 8 decimals)
_ONE = Decimal(1)
_ZERO = Decimal(0)
_NO_CURRENCY = "\uffff"  # a row without a currency sorts after every currency (as prices)

Convert = Callable[[Decimal, str | None], Decimal | None]


def by_value(values: list[Any], fn: Callable[[Any], Any]) -> list[Any]:
    """``[fn(v) for v in values]`` computed once per distinct value (a few hundred categories
    or types for 200,000 rows); the per-row loop runs in C."""
    known = {v: fn(v) for v in set(values)}
    return list(map(known.__getitem__, values))


def rate_units(rate: Decimal | None) -> int:
    # (None: a team viewer denied prices — every such row sorts alike)
    return 0 if rate is None else int(rate.scaleb(_RATE_DIGITS))


class RateColumn:
    """One table's Rate column: its keys, its two sorted orders, prices in the home currency."""

    def __init__(self) -> None:
        self._table = ServicesTable()
        self._rows_n: list[int] = []
        self.units: list[int] | None = None  # each row's own rate (per table)
        self.sort_keys: list[int] | None = None  # the column's keys (per table and rates)
        self.asc: list[int] | None = None  # the rows sorted by rate ascending (idle turns)
        self.desc: list[int] | None = None  # and descending (stable: ties in row order)
        self._units_known: dict[Decimal, int] = {}  # while the units are made in idle turns
        self._units_tmp: list[int] = []
        self._keys_tmp: list[int] = []
        self._key_maps: tuple[dict[str | None, int], dict[str | None, int]] | None = None
        # Comparing across panels: prices in the home currency when the rows' currencies differ.
        self._convert: Convert | None = None
        self.home_currency: str | None = None
        self.rates: dict[str, Rate] = {}
        self.converted = False
        # What the unconvertible currencies sort after (``rate_sort_keys_of``'s offsets).
        self._offsets: dict[str, Decimal] | None = None

    def reset(self, table: ServicesTable, rows_n: list[int]) -> None:
        """A new table (``rows_n``: its row numbers, shared with the model's orders)."""
        self._table, self._rows_n = table, rows_n
        self.drop(units=True)
        self._update_converted()

    def set_converter(self, convert: Convert | None, home: str | None,
                      rates: Mapping[str, Rate] | None = None) -> None:
        """How to convert prices to the home currency; the keys are made again at once when
        the rates as integers are known (else in the idle steps)."""
        self._convert, self.home_currency = convert, home
        self.rates = dict(rates or {})
        self._update_converted()
        self.drop()  # the rates as integers stay: only the factors changed
        if self.units is not None:
            self.column_keys()  # C-level passes, ~10 ms here

    def _update_converted(self) -> None:
        self.converted = self._convert is not None and len(set(self._table.currencies)) > 1

    def drop(self, *, units: bool = False) -> None:
        """Forget the keys and orders (``units``: the rates as integers too: a rate changed)."""
        self.sort_keys = self.asc = self.desc = self._key_maps = None
        self._keys_tmp = []
        self._offsets = None
        if units:
            self.units = None

    def prepared(self, reverse: bool) -> list[int] | None:
        """The rows sorted by rate, when the idle steps made that order already."""
        return self.desc if reverse else self.asc

    # -- prices in the home currency ----------------------------------------------------------
    def home_price_of(self, row: ServiceRow) -> Decimal | None:
        """A row's rate in the home currency when the table converts (None otherwise)."""
        if not self.converted or self._convert is None:
            return None
        return self._convert(row.service.rate, row.currency)

    def home_price(self, i: int) -> Decimal | None:
        """Row ``i``'s rate in the home currency (None: no rate, or not converting), converted
        when asked (a screen of rows), never for every row."""
        if not self.converted or self._convert is None:
            return None
        t = self._table
        return self._convert(t.rates[i], t.currencies[i])

    def sort_value(self, i: int) -> Decimal:
        """Row ``i``'s Rate as the views read it (``SortRole``): a ``Decimal`` ordered as the
        column sorts."""
        t = self._table
        if not self.converted:
            return t.rates[i]
        price = self.home_price(i)
        if price is not None:
            return price
        return self._missing_offsets()[t.currencies[i] or _NO_CURRENCY] + t.rates[i]

    # -- the keys -----------------------------------------------------------------------------
    def plain_units(self) -> list[int]:
        """Every row's own rate in units of 10^-12 (exact: prices carry at most 8 decimals),
        made once per distinct rate and kept for the table (idle turns make it first)."""
        if self.units is None:
            self.units = by_value(self._table.rates, rate_units)
            self._units_tmp, self._units_known = [], {}
        return self.units

    def column_keys(self) -> list[int]:
        """The Rate column's sort keys: the rate itself, or when converting its exact value in
        the home currency, every price without a rate after all of them (grouped by currency,
        then by its own value: ``rates.price_sort_key``'s order)."""
        keys = self.sort_keys
        if keys is None:
            units = self.plain_units()
            keys = self.sort_keys = (self._converted_keys(units, 0, len(units))
                                     if self.converted else units)
            self._keys_tmp = []
        return keys

    def _converted_keys(self, units: list[int], start: int, end: int) -> list[int]:
        """``units[start:end]`` times each row's currency's rate, plus the offset that puts a
        price without a rate after the converted ones, as exact integers: the conversion is
        linear (``convert(rate, c) == rate * convert(1, c)``), so one factor per currency
        makes the column in C-level passes."""
        if self._key_maps is None:
            self._key_maps = self._currency_factors(units)
        factor, offset = self._key_maps
        currencies = self._table.currencies[start:end]
        return list(map(add, map(mul, units[start:end], map(factor.__getitem__, currencies)),
                        map(offset.__getitem__, currencies)))

    def _currency_factors(
        self, units: list[int]
    ) -> tuple[dict[str | None, int], dict[str | None, int]]:
        """(currency -> integer factor, currency -> offset) for ``_converted_keys``."""
        t = self._table
        convert = self._convert
        assert convert is not None
        per_unit = {c: convert(_ONE, c) for c in set(t.currencies)}
        known = {c: p for c, p in per_unit.items() if p is not None and p.is_finite()}
        digits = max([0, *(-int(p.as_tuple().exponent) for p in known.values())])
        scale = 10 ** digits
        factor: dict[str | None, int] = {c: int(p.scaleb(digits)) for c, p in known.items()}
        missing = sorted({c or _NO_CURRENCY for c in per_unit if c not in known})
        top = max(units, default=0) * max([scale, *factor.values()])
        group = 1 << (top.bit_length() + 1)  # above every converted price
        offset: dict[str | None, int] = {}
        for c in per_unit:
            if c not in known:
                factor[c] = scale
                offset[c] = group * (1 + missing.index(c or _NO_CURRENCY))
            else:
                offset[c] = 0
        return factor, offset

    def _missing_offsets(self) -> dict[str, Decimal]:
        """currency (without a rate) -> what its prices are added to in ``SortRole``
        (``rate_sort_keys_of``'s order: after every converted price, grouped by currency)."""
        if self._offsets is None:
            convert = self._convert
            assert convert is not None
            gone = [c for c in set(self._table.currencies)
                    if (p := convert(_ONE, c)) is None or not p.is_finite()]
            self._offsets = dict(zip(
                [c or _NO_CURRENCY for c in gone],
                rate_sort_keys_of([None] * len(gone), gone, [_ZERO] * len(gone)), strict=True))
        return self._offsets

    # -- idle preparation ---------------------------------------------------------------------
    def steps(self) -> list[Callable[[], object]]:
        """The idle work, in bounded turns of PREP_CHUNK rows: the rates as integers and the
        column's keys first, then each order (sorted runs, then one merge of the runs). The
        first click on Rate sorts ascending (Qt's order for a newly clicked column): that
        order is ready before it."""
        n = len(self._table)
        self._units_known, self._units_tmp, self._keys_tmp = {}, [], []
        steps: list[Callable[[], object]] = []
        steps += [partial(self._units_step, start) for start in range(0, n, PREP_CHUNK)]
        steps += [partial(self._keys_step, start) for start in range(0, n, PREP_CHUNK)]
        for reverse in (False, True):
            runs: list[int] = []
            steps += [partial(self._run_step, reverse, start, runs)
                      for start in range(0, n, PREP_CHUNK)]
            steps.append(partial(self._merge_step, reverse, runs))
        return steps

    def _units_step(self, start: int) -> None:
        if self.units is not None:
            return
        rates = self._table.rates[start:start + PREP_CHUNK]
        known = self._units_known
        for rate in set(rates).difference(known):
            known[rate] = rate_units(rate)
        self._units_tmp.extend(map(known.__getitem__, rates))
        if len(self._units_tmp) == len(self._table):
            self.units, self._units_tmp, self._units_known = self._units_tmp, [], {}

    def _keys_step(self, start: int) -> None:
        if self.sort_keys is not None:
            return
        units = self.plain_units()
        end = start + PREP_CHUNK
        self._keys_tmp.extend(self._converted_keys(units, start, end) if self.converted
                              else units[start:end])
        if len(self._keys_tmp) == len(units):
            self.sort_keys, self._keys_tmp = self._keys_tmp, []

    def _run_step(self, reverse: bool, start: int, runs: list[int]) -> None:
        keys = self.sort_keys
        if keys is not None:
            runs.extend(sorted(self._rows_n[start:start + PREP_CHUNK], key=keys.__getitem__,
                               reverse=reverse))

    def _merge_step(self, reverse: bool, runs: list[int]) -> None:
        keys = self.sort_keys
        if keys is None or len(runs) != len(keys):
            return
        # Sorted runs merge in one native pass (the sort finds them); stable both ways.
        done = sorted(runs, key=keys.__getitem__, reverse=reverse)
        if reverse:
            self.desc = done
        else:
            self.asc = done
