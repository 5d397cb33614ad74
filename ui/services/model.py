"""The service table: one model over the services' columns that filters and sorts itself.

A QSortFilterProxyModel would call ``filterAcceptsRow`` in Python once per row (50,000 calls per
keystroke). Instead the model keeps every row, a lowercase haystack per row built once per reset,
and a list of visible row numbers (``_visible``) computed in one pass; sorting reorders a
precomputed key list. The rows are kept in the compact, columnar ``ServicesTable`` (values
services share stored once, no descriptions); ``ObjectRole`` builds the public ``ServiceRow`` of
the one row asked for. Views read numbers through ``SortRole``.
"""

from __future__ import annotations

import dataclasses
import enum
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from functools import partial
from itertools import compress, repeat
from operator import add, contains, eq, mul
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from smmdesk import servicetypes
from smmdesk.models import ServiceRow
from smmdesk.rates import Rate
from smmdesk.servicetable import ServicesTable, haystack_of, haystacks_of
from smmdesk.textnorm import display_text, fold_words
from ui.compare.prices import (
    approx_money,
    canonical_type,
    converted_tip,
    is_converted,
    rate_sort_keys_of,
)
from ui.format import format_average_time, format_money, literal
from ui.history.model import type_label
from ui.services.index import ShownRows, WordIndex
from ui.tables import ObjectRole, SortRole, row_description


class Col(enum.IntEnum):
    FAVOURITE = 0
    PANEL = 1
    ID = 2
    NAME = 3
    CATEGORY = 4
    TYPE = 5
    RATE = 6
    MIN = 7
    MAX = 8
    REFILL = 9
    CANCEL = 10
    DRIPFEED = 11
    AVERAGE_TIME = 12
    CHANGE = 13


HEADERS = {
    Col.FAVOURITE: QT_TRANSLATE_NOOP("ServicesModel", "★"),
    Col.PANEL: QT_TRANSLATE_NOOP("ServicesModel", "Panel"),
    Col.ID: QT_TRANSLATE_NOOP("ServicesModel", "ID"),
    Col.NAME: QT_TRANSLATE_NOOP("ServicesModel", "Name"),
    Col.CATEGORY: QT_TRANSLATE_NOOP("ServicesModel", "Category"),
    Col.TYPE: QT_TRANSLATE_NOOP("ServicesModel", "Type"),
    Col.RATE: QT_TRANSLATE_NOOP("ServicesModel", "Rate / 1000"),
    Col.MIN: QT_TRANSLATE_NOOP("ServicesModel", "Min"),
    Col.MAX: QT_TRANSLATE_NOOP("ServicesModel", "Max"),
    Col.REFILL: QT_TRANSLATE_NOOP("ServicesModel", "Refill"),
    Col.CANCEL: QT_TRANSLATE_NOOP("ServicesModel", "Cancel"),
    Col.DRIPFEED: QT_TRANSLATE_NOOP("ServicesModel", "Drip-feed"),
    Col.AVERAGE_TIME: QT_TRANSLATE_NOOP("ServicesModel", "Avg time"),
    Col.CHANGE: QT_TRANSLATE_NOOP("ServicesModel", "Price"),
}

HEADER_TIPS = {
    Col.FAVOURITE: QT_TRANSLATE_NOOP("ServicesModel", "Favourite (kept for this panel)"),
    Col.RATE: QT_TRANSLATE_NOOP(
        "ServicesModel", "Price per 1000 (per package for package services), panel currency"
    ),
    Col.REFILL: QT_TRANSLATE_NOOP("ServicesModel", "The panel refills drops for this service"),
    Col.CANCEL: QT_TRANSLATE_NOOP("ServicesModel", "Orders of this service can be cancelled"),
    Col.DRIPFEED: QT_TRANSLATE_NOOP("ServicesModel", "Drip-feed: deliver in several runs"),
    Col.AVERAGE_TIME: QT_TRANSLATE_NOOP(
        "ServicesModel", "Average completion time, as the panel says"
    ),
    Col.CHANGE: QT_TRANSLATE_NOOP("ServicesModel", "Price change at the last refresh"),
}

NUMERIC_COLUMNS = frozenset({Col.ID, Col.RATE, Col.MIN, Col.MAX, Col.CHANGE})
FLAG_COLUMNS = frozenset({Col.REFILL, Col.CANCEL, Col.DRIPFEED})
CHECK = "✓"


def _tr(text: str) -> str:
    return QCoreApplication.translate("ServicesModel", text)


def type_name(raw: str) -> str:
    """A service type as the person's language names it (the services table, its type filter,
    the order form): "Custom Comments" is "Özel Yorumlar" in Turkish; a type SMM Desk does not
    know keeps the panel's own spelling, white space tidied."""
    st, known = servicetypes.lookup(raw)
    return type_label(st.name) if known else canonical_type(raw)


def _rate_change(rate: Decimal, prev: Decimal | None) -> Decimal:
    if prev is None or prev == rate:
        return Decimal(0)
    if prev == 0:
        return Decimal(1)
    return (rate - prev) / prev


def _by_value(values: list[Any], fn: Callable[[Any], Any]) -> list[Any]:
    """``[fn(v) for v in values]`` computed once per distinct value (a few hundred categories
    or types for 200,000 rows); the per-row loop runs in C."""
    known = {v: fn(v) for v in set(values)}
    return list(map(known.__getitem__, values))


def _column_keys(table: ServicesTable, col: Col) -> list[Any]:
    """Every row's sort key for ``col`` (not RATE when converting: see ``_keys``)."""
    t = table
    if col == Col.FAVOURITE:
        return [not f for f in t.favourites]
    if col == Col.PANEL:
        return _by_value(t.panel_names, str.casefold)
    if col == Col.ID:
        return list(t.ids)
    if col == Col.NAME:
        return [n.casefold() for n in t.names]
    if col == Col.CATEGORY:
        return _by_value(t.categories, str.casefold)
    if col == Col.TYPE:
        return _by_value(t.types, lambda v: canonical_type(v).casefold())
    if col == Col.RATE:
        return list(t.rates)
    if col == Col.MIN:
        return list(t.mins)
    if col == Col.MAX:
        return list(t.maxs)
    if col == Col.REFILL:
        return list(t.refills)
    if col == Col.CANCEL:
        return list(t.cancels)
    if col == Col.DRIPFEED:
        return list(t.dripfeeds)
    if col == Col.AVERAGE_TIME:
        return _by_value(t.average_times, _avg_minutes)
    return list(map(_rate_change, t.rates, t.previous_rates))  # Col.CHANGE


def _avg_minutes(text: str | None) -> float:
    """Best-effort numeric value for sorting "average time" (free text); unknown sorts last."""
    if not text:
        return float("inf")
    digits = "".join(ch if ch.isdigit() or ch == "." else " " for ch in text).split()
    if not digits:
        return float("inf")
    try:
        value = float(digits[0])
    except ValueError:
        return float("inf")
    low = text.lower()
    if "hour" in low or "saat" in low or " h" in low:
        value *= 60
    elif "day" in low or "gün" in low:
        value *= 1440
    return value


@dataclasses.dataclass(frozen=True)
class ServiceFilter:
    text: str = ""
    category: str | None = None
    type: str | None = None
    favourites_only: bool = False
    panel_id: str | None = None  # None: every panel

    @property
    def words(self) -> list[str]:
        return fold_words(self.text)

    @property
    def is_empty(self) -> bool:
        return not (
            self.words or self.category or self.type or self.favourites_only or self.panel_id
        )


class ServicesModel(QAbstractTableModel):
    """All services of one panel (or of all panels), filtered and sorted in place."""

    filterApplied = Signal(int)  # visible row count after each filter/reset

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._table = ServicesTable()
        self._hay: list[str] = []
        self._order: list[int] = []  # every row number, in the current sort order
        # The rows are kept in the order they came (``set_rows``); when that is the order
        # shown, ``ShownRows`` reads the masks directly.
        self._in_row_order = True
        # The rows shown, in sort order: a list, or (once the search's index is ready) a
        # ``ShownRows`` that makes the row numbers of the positions asked for.
        self._visible: Sequence[int] = []
        self._rows_n: list[int] = []  # every row number once (the order lists share them)
        self._sort_keys: dict[Col, list[Any]] = {}
        # The Rate column's sort keys (the exact rate, or its exact value in the home currency
        # when converting, as integers): kept, and made again in C-level passes (one factor
        # per currency) when the rates change, never computed per comparison.
        self._rate_units: list[int] | None = None  # each row's own rate (per table)
        self._rate_keys: list[int] | None = None  # the column's keys (per table and rates)
        self._units_known: dict[Decimal, int] = {}  # while the units are made in idle turns
        self._units_tmp: list[int] = []
        self._keys_tmp: list[int] = []
        self._key_maps: tuple[dict[str | None, int], dict[str | None, int]] | None = None
        self._rate_asc: list[int] | None = None  # the rows sorted by RATE ascending (idle)
        self._rate_desc: list[int] | None = None  # and descending (stable: ties in row order)
        # Masks (one byte per row) of the filters other than the words: category, type,
        # favourites, panel. A few kept; a star changed drops them.
        self._filter_masks: dict[tuple[Any, ...], bytes] = {}
        # The first keystroke's index: for each common character, one byte per row (in row
        # order) saying whether its haystack holds it. Built a character per idle turn after
        # the rows arrive; a one-letter search then needs no scan of 200,000 haystacks.
        # The rate column's sort order is prepared the same way, so the first click on Rate
        # only copies it.
        self._char_masks: dict[str, bytes] = {}
        self._words = WordIndex([])  # the words' index, built in idle turns after the masks
        self._index_queue: deque[Callable[[], None]] = deque()
        self._prep_generation = 0
        self._index_timer = QTimer(self)
        self._index_timer.setInterval(0)
        self._index_timer.timeout.connect(self._index_step)
        self._sort_col: Col | None = None
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._filter = ServiceFilter()
        self._locale = QLocale()
        self._money_cache: dict[tuple[Decimal, str | None], str] = {}
        self._cells: dict[int, tuple[str | None, ...]] = {}  # a row's display texts (multiData)
        self._labels: dict[tuple[int, str], str] = {}  # (column, panel text) -> words shown
        self._headers = {c: _tr(t) for c, t in HEADERS.items()}
        self._tips = {c: _tr(t) for c, t in HEADER_TIPS.items()}
        self.has_average_time = False
        self.multi_panel = False
        # Comparing across panels: prices in the home currency when the rows' currencies differ.
        self._convert: Callable[[Decimal, str | None], Decimal | None] | None = None
        self.home_currency: str | None = None
        self._rates: dict[str, Rate] = {}
        self.converted = False
        # What the unconvertible currencies sort after (``rate_sort_keys_of``'s offsets).
        self._rate_offsets: dict[str, Decimal] | None = None

    # -- data in ------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[ServiceRow] | ServicesTable,
                 haystacks: Sequence[str] | None = None) -> None:
        """Replace everything (one reset). Keeps the current filter and sort. ``rows``: the
        public rows or, from the worker, the compact table (``load_for_view``); ``haystacks``
        (``haystack`` of each row, computed on a worker) saves folding every name on the GUI
        thread."""
        self.beginResetModel()
        table = rows if isinstance(rows, ServicesTable) else ServicesTable.from_rows(rows)
        self._table = table
        if haystacks is not None and len(haystacks) == len(table):
            self._hay = haystacks if isinstance(haystacks, list) else list(haystacks)
        else:
            self._hay = haystacks_of(table)
        self._sort_keys.clear()
        self._drop_rate_keys(units=True)
        self._filter_masks.clear()
        self._money_cache.clear()
        self._cells.clear()
        self._labels.clear()
        self.has_average_time = any(table.average_times)
        self.multi_panel = len(set(table.panel_ids)) > 1
        self._update_converted()
        self._rows_n = list(range(len(table)))
        # The rows stay in the order they came (All panels: panel after panel); ``_order`` is
        # the order shown, and the search's masks (row order) reach it through ``ShownRows``.
        self._order = self._sorted_order()
        self._in_row_order = self._order == self._rows_n
        self._start_index()
        self._visible = self._compute_visible()
        self.endResetModel()
        self.filterApplied.emit(len(self._visible))

    # -- the first keystroke's index ----------------------------------------------------------
    def _start_index(self) -> None:
        self._char_masks = {}
        self._words = WordIndex(self._hay if len(self._hay) >= INDEX_MIN_ROWS else [])
        self._queue_preparation()

    def _queue_preparation(self) -> None:
        """(Re)plan the idle work: the rate sort keys first, then the characters' masks not
        built yet. Steps of an older plan find their generation stale and do nothing."""
        self._prep_generation += 1
        gen = self._prep_generation
        self._index_queue.clear()
        self._index_timer.stop()
        n = len(self._hay)
        if n < INDEX_MIN_ROWS:
            return
        queue = self._index_queue
        # The first click on Rate sorts ascending (Qt's order for a newly clicked column):
        # that order is ready before it. The rates as integers and the column's keys first,
        # then each order, all in bounded turns of PREP_CHUNK rows (sorted runs, then one
        # merge of the runs).
        self._units_known, self._units_tmp, self._keys_tmp = {}, [], []
        for start in range(0, n, PREP_CHUNK):
            queue.append(partial(self._units_step, gen, start))
        for start in range(0, n, PREP_CHUNK):
            queue.append(partial(self._keys_step, gen, start))
        for reverse in (False, True):
            runs: list[int] = []
            for start in range(0, n, PREP_CHUNK):
                queue.append(partial(self._rate_run_step, gen, reverse, start, runs))
            queue.append(partial(self._rate_merge_step, gen, reverse, runs))
        # Letters and digits, the most frequent first (from a sample of the haystacks).
        sample = Counter("".join(self._hay[:: max(1, n // 2000)]))
        for c, _ in sample.most_common():
            if c.isalnum() and c not in self._char_masks:
                queue.append(partial(self._mask_step, gen, c))
        if not self._words.ready:
            queue.append(partial(self._words_step, gen, self._words))
        self._index_timer.start()

    def _index_step(self) -> None:
        if not self._index_queue:
            self._index_timer.stop()
            return
        self._index_queue.popleft()()

    def _units_step(self, gen: int, start: int) -> None:
        if gen != self._prep_generation or self._rate_units is not None:
            return
        rates = self._table.rates[start:start + PREP_CHUNK]
        known = self._units_known
        for rate in set(rates).difference(known):
            known[rate] = _rate_units(rate)
        self._units_tmp.extend(map(known.__getitem__, rates))
        if len(self._units_tmp) == len(self._table):
            self._rate_units, self._units_tmp, self._units_known = self._units_tmp, [], {}

    def _keys_step(self, gen: int, start: int) -> None:
        if gen != self._prep_generation or self._rate_keys is not None:
            return
        units = self._plain_rate_units()
        end = start + PREP_CHUNK
        self._keys_tmp.extend(self._converted_keys(units, start, end) if self.converted
                              else units[start:end])
        if len(self._keys_tmp) == len(units):
            self._rate_keys, self._keys_tmp = self._keys_tmp, []

    def _rate_run_step(self, gen: int, reverse: bool, start: int, runs: list[int]) -> None:
        keys = self._rate_keys
        if gen != self._prep_generation or keys is None:
            return
        runs.extend(sorted(self._rows_n[start:start + PREP_CHUNK], key=keys.__getitem__,
                           reverse=reverse))

    def _rate_merge_step(self, gen: int, reverse: bool, runs: list[int]) -> None:
        keys = self._rate_keys
        if gen != self._prep_generation or keys is None or len(runs) != len(keys):
            return
        # Sorted runs merge in one native pass (the sort finds them); stable both ways.
        done = sorted(runs, key=keys.__getitem__, reverse=reverse)
        if reverse:
            self._rate_desc = done
        else:
            self._rate_asc = done

    def _mask_step(self, gen: int, c: str) -> None:
        if gen == self._prep_generation:
            self._char_masks[c] = bytes(map(contains, self._hay, repeat(c)))

    def _words_step(self, gen: int, words: WordIndex) -> None:
        if gen == self._prep_generation and words is self._words and not words.build_step():
            self._index_queue.append(partial(self._words_step, gen, words))  # the next piece

    @property
    def index_ready(self) -> bool:
        """Every character of the first keystroke's index is built (benches, tests)."""
        return not self._index_queue

    def rows(self) -> list[ServiceRow]:
        """Every row, in the order they came (``set_rows``)."""
        return self._table.rows()

    @property
    def table(self) -> ServicesTable:
        return self._table

    @property
    def total_count(self) -> int:
        return len(self._table)

    @property
    def has_descriptions(self) -> bool:
        """The rows carry their descriptions (else ``Workspace.service`` has them)."""
        return self._table.has_descriptions

    def categories(self) -> list[str]:
        return sorted(set(self._table.categories), key=str.casefold)

    def types(self) -> list[str]:
        """One entry per type: its canonical name (raw spellings in the Type cell's tooltip)."""
        return sorted({canonical_type(t) for t in set(self._table.types)}, key=str.casefold)

    # -- prices in the home currency (comparing across panels) --------------------------------
    def set_converter(
        self, convert: Callable[[Decimal, str | None], Decimal | None] | None,
        home: str | None, rates: Mapping[str, Rate] | None = None,
    ) -> None:
        """How to convert prices to the home currency (``Workspace.converter()``); used when the
        shown rows' currencies differ. The Rate column's keys are made again at once (C-level
        passes with one factor per currency, no conversion per row; in idle turns while the
        rates as integers are not made yet) and the table re-sorted when sorted by rate.
        ``rates`` (``Workspace.rate_details()``): a converted price's tooltip names its rate
        and age."""
        self._convert, self.home_currency = convert, home
        self._rates = dict(rates or {})
        was = self.converted
        self._update_converted()
        self._drop_rate_keys()  # the rates as integers stay: only the factors changed
        if self._rate_units is not None:
            self._rate_sort_keys()  # the column itself: C-level passes, ~10 ms here
        self._queue_preparation()
        self._money_cache.clear()
        self._cells.clear()
        if self._sort_col == Col.RATE or was != self.converted:
            self.sort(int(self._sort_col) if self._sort_col is not None else -1,
                      self._sort_order)
        if self._visible:
            self.dataChanged.emit(self.index(0, Col.RATE),
                                  self.index(len(self._visible) - 1, Col.RATE))

    def _update_converted(self) -> None:
        currencies = set(self._table.currencies)
        self.converted = self._convert is not None and len(currencies) > 1

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

    # -- the Rate column as integers ----------------------------------------------------------
    def _drop_rate_keys(self, *, units: bool = False) -> None:
        self._rate_keys = self._rate_asc = self._rate_desc = self._key_maps = None
        self._keys_tmp = []
        self._rate_offsets = None
        if units:
            self._rate_units = None

    def _plain_rate_units(self) -> list[int]:
        """Every row's own rate in units of 10^-12 (exact: prices carry at most 8 decimals),
        made once per distinct rate and kept for the table (idle turns make it first)."""
        if self._rate_units is None:
            self._rate_units = _by_value(self._table.rates, _rate_units)
            self._units_tmp, self._units_known = [], {}
        return self._rate_units

    def _rate_sort_keys(self) -> list[int]:
        """The Rate column's sort keys: the rate itself, or when converting its exact value in
        the home currency, every price without a rate after all of them (grouped by currency,
        then by its own value: ``rates.price_sort_key``'s order)."""
        keys = self._rate_keys
        if keys is None:
            units = self._plain_rate_units()
            keys = self._rate_keys = (self._converted_keys(units, 0, len(units))
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
        if self._rate_offsets is None:
            convert = self._convert
            assert convert is not None
            gone = [c for c in set(self._table.currencies)
                    if (p := convert(_ONE, c)) is None or not p.is_finite()]
            self._rate_offsets = dict(zip(
                [c or _NO_CURRENCY for c in gone],
                rate_sort_keys_of([None] * len(gone), gone, [_ZERO] * len(gone)), strict=True))
        return self._rate_offsets

    def _rate_sort_value(self, i: int) -> Decimal:
        """Row ``i``'s Rate as the views read it (``SortRole``): a ``Decimal`` ordered as the
        column sorts."""
        t = self._table
        if not self.converted:
            return t.rates[i]
        price = self.home_price(i)
        if price is not None:
            return price
        return self._missing_offsets()[t.currencies[i] or _NO_CURRENCY] + t.rates[i]

    def row_at(self, visible_row: int) -> ServiceRow:
        return self._table.row(self._visible[visible_row])

    def find(self, panel_id: str, service_id: int) -> int | None:
        """Visible row of a service, or None."""
        i = self._table.find(panel_id, service_id)
        if i is None:
            return None
        try:
            return self._visible.index(i)
        except ValueError:
            return None

    def replace_row(self, row: ServiceRow) -> None:
        """One service changed (e.g. its star): update in place, ``dataChanged`` for its row."""
        t = self._table
        i = t.find(row.panel_id, row.service.id)
        if i is None:
            return
        if row.service.rate != t.rates[i] or row.currency != t.currencies[i]:
            self._drop_rate_keys(units=True)
        self._filter_masks.clear()  # a star (favourites only) or a category may have changed
        if not t.has_descriptions:
            row = dataclasses.replace(row, service=dataclasses.replace(row.service,
                                                                       description=""))
        t.set_row(i, row)
        self._cells.pop(i, None)
        for col, keys in self._sort_keys.items():
            keys[i] = self._key_of(col, i)
        try:
            pos = self._visible.index(i)
        except ValueError:
            return
        self.dataChanged.emit(self.index(pos, 0), self.index(pos, len(Col) - 1))

    def set_favourite_local(self, panel_id: str, service_id: int, on: bool) -> ServiceRow | None:
        i = self._table.find(panel_id, service_id)
        if i is None:
            return None
        new = dataclasses.replace(self._table.row(i), favourite=on)
        self.replace_row(new)
        return new

    # -- filter and sort ----------------------------------------------------------------------
    @property
    def filter(self) -> ServiceFilter:
        return self._filter

    def set_filter(self, flt: ServiceFilter) -> None:
        if flt == self._filter:
            return
        previous = self._filter
        self._filter = flt
        if self._same_rows_as(previous, flt):
            # "insta" -> "instag", a space typed: the same tokens hold the new words as the
            # words shown already, so the same rows are shown (nothing computed at all).
            visible = self._visible
        elif _narrows(previous, flt):
            # Every shown row already holds each of the previous words: only new words are
            # looked for ("instagram t" -> "instagram tü" checks "tü" alone).
            visible = self._compute_visible(self._visible, set(previous.words))
        else:
            visible = self._compute_visible()
        if not _same_rows(visible, self._visible):
            # The same rows (a space typed, "insta" -> "instag"): no reset, so no repaint, and
            # the current row and the scroll position stay.
            self.beginResetModel()
            self._visible = visible
            self.endResetModel()
        self.filterApplied.emit(len(self._visible))

    def _same_rows_as(self, previous: ServiceFilter, flt: ServiceFilter) -> bool:
        """``flt`` shows exactly the rows ``previous`` shows (the index is ready, the other
        filters are the same, and each word is one already shown or held by the same tokens
        as a part of it that is)."""
        index = self._words
        if not (index.ready and len(index)) or (
                (previous.category, previous.type, previous.favourites_only, previous.panel_id)
                != (flt.category, flt.type, flt.favourites_only, flt.panel_id)):
            return False
        shown = set(previous.words)
        return all(w in shown or any(index.same_rows(w, s) for s in shown)
                   for w in set(flt.words)) and all(
            any(s in w for w in flt.words) for s in shown)

    def _compute_visible(
        self, start: Sequence[int] | None = None,
        satisfied: set[str] | frozenset[str] = frozenset(),
    ) -> Sequence[int]:
        """Visible rows in sort order; ``start`` (a superset in sort order) saves scanning all,
        and its rows are known to hold every word in ``satisfied``. Once the search's index is
        ready the answer is a ``ShownRows`` made from masks, whatever ``start`` is."""
        flt = self._filter
        if self._words.ready and len(self._words):
            return self._select(flt, self._words)
        order = self._order if start is None else start
        t = self._table
        words = set(flt.words) - satisfied
        if words:
            order = self._match_words(order, words)
        if flt.category:
            cat, cats = flt.category, t.categories
            order = [i for i in order if cats[i] == cat]
        if flt.type:
            types = t.types
            wanted = self._types_named(flt.type)
            order = [i for i in order if types[i] in wanted]
        if flt.favourites_only:
            favs = t.favourites
            order = [i for i in order if favs[i]]
        if flt.panel_id:
            pid, pids = flt.panel_id, t.panel_ids
            order = [i for i in order if pids[i] == pid]
        return order if order is not self._order else list(order)

    def _select(self, flt: ServiceFilter, index: WordIndex) -> ShownRows:
        """The rows ``flt`` shows, from masks in row order: one AND of every word's mask (kept
        by the index) and of the other filters' mask. No list of the rows is made: the view
        asks for the positions it paints (``ShownRows``)."""
        n = len(self._hay)
        masks: list[bytes | bytearray] = []
        for w in set(flt.words):
            mask = self._char_masks.get(w)
            masks.append(index.mask(w) if mask is None else mask)
        other = self._filter_mask(flt)
        if other is not None:
            masks.append(other)
        if not masks:
            selected = b"\x01" * n
        elif len(masks) == 1:
            selected = bytes(masks[0])
        else:
            both = int.from_bytes(masks[0], "little")
            for m in masks[1:]:  # bytes of 0 and 1: AND as integers is AND per row
                both &= int.from_bytes(m, "little")
            selected = both.to_bytes(n, "little")
        return ShownRows(self._order, selected, direct=self._in_row_order)

    def _types_named(self, name: str) -> set[str]:
        """The panels' spellings of a type whose canonical name is ``name``."""
        return {v for v in set(self._table.types) if canonical_type(v) == name}

    def _filter_mask(self, flt: ServiceFilter) -> bytes | None:
        """One byte per row (row order): 1 where category, type, favourites and panel all
        accept the row; None when none of them is set. A few are kept."""
        key = (flt.category, flt.type, flt.favourites_only, flt.panel_id)
        if key == (None, None, False, None):
            return None
        found = self._filter_masks.get(key)
        if found is not None:
            return found
        t = self._table
        parts: list[bytes] = []
        if flt.category:
            parts.append(bytes(map(eq, t.categories, repeat(flt.category))))
        if flt.type:
            parts.append(bytes(map(self._types_named(flt.type).__contains__, t.types)))
        if flt.favourites_only:
            parts.append(bytes(map(bool, t.favourites)))
        if flt.panel_id:
            parts.append(bytes(map(eq, t.panel_ids, repeat(flt.panel_id))))
        mask = parts[0]
        if len(parts) > 1:
            both = int.from_bytes(mask, "little")
            for p in parts[1:]:
                both &= int.from_bytes(p, "little")
            mask = both.to_bytes(len(t), "little")
        if len(self._filter_masks) >= _FILTER_MASKS_KEPT:
            self._filter_masks.clear()
        self._filter_masks[key] = mask
        return mask

    def _match_words(self, order: Sequence[int], new: set[str]) -> Sequence[int]:
        """The rows of ``order`` holding each of the ``new`` words (before the index is ready:
        a character's mask when built, else reading the haystacks of the survivors)."""
        hay = self._hay
        # Narrow word by word, longest first: each pass reads only the survivors of the last.
        for w in sorted(new, key=len, reverse=True):
            mask = self._char_masks.get(w)
            if mask is not None:  # indexed: no haystack is read
                order = list(compress(order, map(mask.__getitem__, order)))
            else:
                order = [i for i in order if w in hay[i]]
        return order

    def _keys(self, col: Col) -> list[Any]:
        """Every row's sort key for ``col`` (Rate: ``_rate_sort_keys``)."""
        if col == Col.RATE:
            return self._rate_sort_keys()
        keys = self._sort_keys.get(col)
        if keys is None:
            keys = self._sort_keys[col] = _column_keys(self._table, col)
        return keys

    def _key_of(self, col: Col, i: int) -> Any:
        return _column_keys(self._table.subset([i]), col)[0]

    def _sorted_order(self) -> list[int]:
        if self._sort_col is None:
            return self._rows_n
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        if self._sort_col == Col.RATE:
            ready = self._rate_desc if reverse else self._rate_asc
            if ready is not None:
                return ready
        # One native, stable sort of the row numbers (ties keep row order both ways) by the
        # column's keys: integers for ID, Min, Max and Rate (the converted one included).
        keys = self._keys(self._sort_col)
        return sorted(self._rows_n, key=keys.__getitem__, reverse=reverse)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Col):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_visible = self._visible
        tracked = [
            (p, old_visible[p.row()])
            for p in persistent
            if p.isValid() and p.row() < len(old_visible)
        ]
        self._sort_col = Col(column)
        self._sort_order = order
        self._order = self._sorted_order()
        self._in_row_order = self._order == self._rows_n
        self._visible = self._compute_visible()
        if tracked:
            pos = _positions(self._visible, {src for _, src in tracked})
            old, new = [], []
            for p, src in tracked:
                old.append(QModelIndex(p))
                new_row = pos.get(src)
                new.append(
                    self.index(new_row, p.column()) if new_row is not None else QModelIndex()
                )
            self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # -- Qt model API -------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._visible)

    def index(self, row: int, column: int,
              parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        # One Python call per cell a view paints (Qt's own asks rowCount and columnCount).
        if 0 <= row < len(self._visible) and 0 <= column < _COLUMNS and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Col)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Col):
            return None
        col = Col(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips.get(col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in NUMERIC_COLUMNS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col in FLAG_COLUMNS or col == Col.FAVOURITE:
                return int(Qt.AlignmentFlag.AlignCenter)
        return None

    # ``flags`` is QAbstractTableModel's own (enabled, selectable, no children): no Python call
    # per painted cell.

    def multiData(self, index: QModelIndex | QPersistentModelIndex, roleDataSpan: Any) -> None:
        """The roles a delegate paints one cell with, in one call: Qt 6's item delegates ask
        through this, and the default asks ``data()`` once per role (seven Python calls per
        cell, ~1,700 per repaint: most of a keystroke's frame). A row's texts are kept while it
        is on screen (``_cells``)."""
        r = index.row()
        visible = self._visible
        if not index.isValid() or not 0 <= r < len(visible):
            for rd in roleDataSpan:
                rd.clearData()
            return
        i = visible[r]
        col = index.column()
        cells = self._cells.get(i)
        if cells is None:
            if len(self._cells) > _CELLS_KEPT:
                self._cells.clear()
            cells = self._cells[i] = self._row_texts(i)
        for rd in roleDataSpan:
            role = rd.role()
            if role == _DISPLAY:
                rd.setData(cells[col])
            elif role == _ALIGN:
                align = _ALIGNMENT[col]
                if align is None:
                    rd.clearData()
                else:
                    rd.setData(align)
            elif role in _DATA_ROLES:
                value = self.data(index, role)
                if value is None:
                    rd.clearData()
                else:
                    rd.setData(value)
            else:
                rd.clearData()

    def _row_texts(self, i: int) -> tuple[str | None, ...]:
        texts = [self._display(i, col) for col in Col]
        if self.converted:
            texts[Col.RATE] = self._converted_rate(i, Qt.ItemDataRole.DisplayRole)
        return tuple(texts)

    def _label(self, col: Col, raw: str) -> str:
        """A type or an average time in the person's language, worked out once per distinct
        panel text (a few dozen for 200,000 rows)."""
        key = (col, raw)
        text = self._labels.get(key)
        if text is None:
            text = type_name(raw) if col == Col.TYPE else format_average_time(raw)
            self._labels[key] = text
        return text

    def _money(self, amount: Decimal, currency: str | None) -> str:
        key = (amount, currency)
        text = self._money_cache.get(key)
        if text is None:
            text = format_money(amount, currency, self._locale)
            self._money_cache[key] = text
        return text

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        r = index.row()
        if not 0 <= r < len(self._visible):
            return None
        i = self._visible[r]
        col = index.column()
        if col == Col.RATE and self.converted and role in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._converted_rate(i, role)
            return literal(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(i, col)
        if role == SortRole:
            return self._rate_sort_value(i) if col == Col.RATE else self._keys(Col(col))[i]
        if role == ObjectRole:
            return self._table.row(i)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in NUMERIC_COLUMNS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col in FLAG_COLUMNS or col == Col.FAVOURITE:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal(self._tooltip(i, col))  # panel text: never read as markup
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(i, col) or self._tooltip(i, col)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return row_description(self, index)  # the row a screen reader announces
        return None

    def _display(self, i: int, col: int) -> str | None:
        t = self._table
        if col == Col.FAVOURITE:
            return "★" if t.favourites[i] else "☆"
        if col == Col.PANEL:
            return t.panel_names[i]
        if col == Col.ID:
            return str(t.ids[i])
        if col == Col.NAME:
            return display_text(t.names[i])  # entities decoded, line breaks collapsed (raw stored)
        if col == Col.CATEGORY:
            return display_text(t.categories[i])
        if col == Col.TYPE:
            return self._label(Col.TYPE, t.types[i])
        if col == Col.RATE:
            return self._money(t.rates[i], t.currencies[i])
        if col == Col.MIN:
            return self._locale.toString(t.mins[i])
        if col == Col.MAX:
            return self._locale.toString(t.maxs[i])
        if col == Col.REFILL:
            return CHECK if t.refills[i] else ""
        if col == Col.CANCEL:
            return CHECK if t.cancels[i] else ""
        if col == Col.DRIPFEED:
            return CHECK if t.dripfeeds[i] else ""
        if col == Col.AVERAGE_TIME:
            return self._label(Col.AVERAGE_TIME, t.average_times[i] or "")
        if col == Col.CHANGE:
            prev, rate = t.previous_rates[i], t.rates[i]
            if prev is None or prev == rate:
                return ""
            return "▲" if rate > prev else "▼"
        return None

    def _tooltip(self, i: int, col: int) -> str | None:
        t = self._table
        if col == Col.FAVOURITE:
            return _tr("Remove from favourites") if t.favourites[i] else _tr("Add to favourites")
        if col == Col.REFILL:
            return _tr("Refill available") if t.refills[i] else _tr("No refill")
        if col == Col.CANCEL:
            return _tr("Can be cancelled") if t.cancels[i] else _tr("Cannot be cancelled")
        if col == Col.DRIPFEED:
            return _tr("Drip-feed available") if t.dripfeeds[i] else _tr("No drip-feed")
        if col == Col.CHANGE:
            prev, rate = t.previous_rates[i], t.rates[i]
            if prev is None or prev == rate:
                return None
            text = _tr("Price went up, was %1") if rate > prev else _tr("Price went down, was %1")
            return text.replace("%1", self._money(prev, t.currencies[i]))
        if col == Col.NAME:
            return display_text(t.names[i])
        if col == Col.TYPE:
            return _tr("As the panel writes it: %1").replace("%1", t.types[i])
        if col == Col.PANEL and t.removed[i]:
            return _tr("No longer offered by the panel")
        return None

    def _converted_rate(self, i: int, role: int) -> str:
        t = self._table
        currency = t.currencies[i]
        price = self.home_price(i)
        original = self._money(t.rates[i], currency)
        converted = is_converted(currency, self.home_currency)
        if role == Qt.ItemDataRole.DisplayRole:
            if price is None:
                return original
            # "≈ $0.35": converted, not the panel's own price (the tooltip names the rate)
            return approx_money(price, self.home_currency, converted=converted,
                                locale=self._locale)
        if price is None and not currency:
            return _tr("This panel's currency is not known yet (refresh it to read its "
                       "balance): not converted, sorted after every converted price")
        if price is None:
            return _tr("No exchange rate for %1: shown in the panel's currency and sorted after "
                       "every converted price (set rates in Preferences)").replace(
                "%1", currency or "?")
        if converted:
            return converted_tip(original, self._rates.get((currency or "").strip().upper()),
                                 currency, self.home_currency)
        return original


_INT_COLUMNS = frozenset({Col.ID, Col.MIN, Col.MAX})  # their keys are the table's ints
INDEX_MIN_ROWS = 20_000  # below this a scan is quick enough: no index
SCAN_ROWS = 20_000  # fewer rows shown than this: reading their haystacks beats the index
PREP_CHUNK = 25_000  # rows per idle turn when preparing the rate sort order
_RATE_DIGITS = 12  # rate sort keys: integers of 10^-12 (prices carry at most 8 decimals)
_ONE = Decimal(1)
_ZERO = Decimal(0)
_NO_CURRENCY = "\uffff"  # a row without a currency sorts after every currency (as prices)
_FILTER_MASKS_KEPT = 8


def _positions(visible: Sequence[int], wanted: set[int]) -> dict[int, int]:
    """Where each wanted row now is in ``visible`` (absent: not in the dict). A few rows (the
    current one, a selection) are found by C-level searches, not a dict of 200,000 rows."""
    if len(wanted) > 16:
        return {src: n for n, src in enumerate(visible) if src in wanted}
    found = {}
    for src in wanted:
        try:
            found[src] = visible.index(src)
        except ValueError:
            pass
    return found


def _rate_units(rate: Decimal) -> int:
    return int(rate.scaleb(_RATE_DIGITS))


def _same_rows(a: Sequence[int], b: Sequence[int]) -> bool:
    """``a`` and ``b`` show the same rows in the same order."""
    if isinstance(a, ShownRows):
        return a.same_as(b)
    if isinstance(b, ShownRows):
        return b.same_as(a)
    return a == b


def _narrows(old: ServiceFilter, new: ServiceFilter) -> bool:
    """True when every row ``new`` accepts is also accepted by ``old`` (typing more letters)."""
    if (old.category, old.type, old.panel_id) != (new.category, new.type, new.panel_id):
        return False
    if old.favourites_only and not new.favourites_only:
        return False
    new_words = new.words
    return all(any(w in n for n in new_words) for w in old.words)


def haystack(row: ServiceRow) -> str:
    """What the search box matches for one service: its id, name and category, folded
    (``textnorm.fold``: "izlenme" finds "İzlenme", "takipci" "TAKİPÇİ", "tg" "ᴛɢ")."""
    s = row.service
    return haystack_of(s.id, s.name, s.category)


@dataclasses.dataclass(frozen=True)
class LoadedServices:
    """The services to show (none the panel removed) and their haystacks, in the same order."""

    rows: ServicesTable
    haystacks: list[str]


def load_for_view(workspace: Any, panel_id: str | None) -> LoadedServices:
    """Worker: the cached services of a panel (or of all) for the table, in the compact form,
    with their haystacks (stored with the services' snapshot, or folded here rather than on
    the GUI thread)."""
    table, haystacks = workspace.services_for_view(panel_id)
    return LoadedServices(table, haystacks)


def haystack_words(text: str) -> list[str]:
    return fold_words(text)


def distinct(values: Iterable[str]) -> list[str]:
    return sorted(set(values), key=str.casefold)


# ``multiData``'s constants (role numbers as ints, one alignment per column).
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_ALIGN = Qt.ItemDataRole.TextAlignmentRole.value
_DATA_ROLES = frozenset({Qt.ItemDataRole.ToolTipRole.value,
                         Qt.ItemDataRole.AccessibleTextRole.value, SortRole, ObjectRole})
_ALIGNMENT: tuple[int | None, ...] = tuple(
    int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
    if c in NUMERIC_COLUMNS
    else int(Qt.AlignmentFlag.AlignCenter.value) if c in FLAG_COLUMNS or c == Col.FAVOURITE
    else None
    for c in Col)
_CELLS_KEPT = 2_000  # rows' texts kept: a few screens
_COLUMNS = len(Col)
