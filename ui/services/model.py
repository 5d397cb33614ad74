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
from operator import and_, contains, itemgetter, lshift, or_, sub
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
from ui.services.index import WordIndex
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
        # ``_picker(mask)``: a row-order mask's bytes in sort order (made once per sort order)
        self._picker: Callable[[bytes], tuple[int, ...]] | None = None
        # The rows are kept in the table's order as it was when they came (``set_rows``):
        # while it is still the order shown, masks need no gather.
        self._row_sort: tuple[Col | None, Qt.SortOrder] = (None, Qt.SortOrder.AscendingOrder)
        self._in_row_order = True
        self._visible: list[int] = []  # the rows shown, in sort order
        self._sort_keys: dict[Col, list[Any]] = {}
        self._rate_ints: list[int] | None = None  # the RATE keys as integers, for sorting
        self._rate_asc: list[int] | None = None  # the rows sorted by RATE ascending (idle)
        self._rate_desc: list[int] | None = None  # and descending (stable: ties in row order)
        self._packed_tmp: list[int] = []
        # The first keystroke's index: for each common character, one byte per row (in row
        # order) saying whether its haystack holds it. Built a character per idle turn after
        # the rows arrive; a one-letter search then needs no scan of 200,000 haystacks.
        # The rate column's sort keys are prepared the same way, so the first click on Rate
        # only sorts.
        self._char_masks: dict[str, bytes] = {}
        self._words = WordIndex([])  # the words' index, built in idle turns after the masks
        self._index_queue: deque[Callable[[], None]] = deque()
        self._prep_generation = 0
        self._home_tmp: list[Decimal | None] = []
        self._ints_tmp: list[int] = []
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
        self._home_prices: list[Decimal | None] | None = None

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
        self._rate_ints = self._rate_asc = self._rate_desc = None
        self._money_cache.clear()
        self._cells.clear()
        self._labels.clear()
        self.has_average_time = any(table.average_times)
        self.multi_panel = len(set(table.panel_ids)) > 1
        self._update_converted()
        order = self._sorted_order()
        if self._sort_col is not None:
            # The rows are kept in the table's order (ties as they came): the search's masks
            # are then in that order too, and a keystroke needs no gather into it.
            if order != list(range(len(order))):  # one panel by ID comes in that order
                self._table = self._table.subset(order)
                self._hay = list(map(self._hay.__getitem__, order))
                for col, keys in self._sort_keys.items():
                    self._sort_keys[col] = list(map(keys.__getitem__, order))
            self._rate_ints = self._rate_asc = self._rate_desc = None
            self._home_prices = None
            order = list(range(len(order)))
        self._order = order
        self._row_sort = (self._sort_col, self._sort_order)
        self._in_row_order = True
        self._picker = None
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
        self._home_tmp, self._ints_tmp = [], []
        for start in range(0, n, PREP_CHUNK):
            queue.append(partial(self._home_chunk, gen, start))
        for start in range(0, n, PREP_CHUNK):
            queue.append(partial(self._ints_chunk, gen, start))
        # The first click on Rate sorts ascending (Qt's order for a newly clicked column):
        # that order is ready before it, in three turns (pack, sort, unpack).
        for reverse in (False, True):
            for phase in (0, 1, 2):
                queue.append(partial(self._rate_order_step, gen, reverse, phase))
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

    def _home_chunk(self, gen: int, start: int) -> None:
        if gen != self._prep_generation or self._home_prices is not None or not self.converted:
            return
        convert = self._convert
        assert convert is not None
        t = self._table
        self._home_tmp.extend(map(convert, t.rates[start:start + PREP_CHUNK],
                                  t.currencies[start:start + PREP_CHUNK]))
        if len(self._home_tmp) >= len(t):
            self._home_prices = self._home_tmp

    def _ints_chunk(self, gen: int, start: int) -> None:
        if gen != self._prep_generation or self._rate_ints is not None:
            return
        keys = self._keys(Col.RATE)  # one pass over the prepared prices, the first time
        self._ints_tmp.extend(int(k.scaleb(_RATE_DIGITS))
                              for k in keys[start:start + PREP_CHUNK])
        if len(self._ints_tmp) >= len(keys):
            self._rate_ints = self._ints_tmp

    def _rate_order_step(self, gen: int, reverse: bool, phase: int) -> None:
        """One of three idle turns of ``_int_sorted`` over the rate keys (pack, sort, unpack)."""
        ints = self._rate_ints
        done = self._rate_desc if reverse else self._rate_asc
        if gen != self._prep_generation or ints is None or done is not None:
            return
        n = len(ints)
        bits = max(1, n.bit_length())
        mask = (1 << bits) - 1
        if phase == 0:
            rows = range(mask, mask - n, -1) if reverse else range(n)
            self._packed_tmp = list(map(or_, map(lshift, ints, repeat(bits)), rows))
        elif phase == 1:
            self._packed_tmp.sort(reverse=reverse)
        elif len(self._packed_tmp) == n:
            low = map(and_, self._packed_tmp, repeat(mask))
            if reverse:
                self._rate_desc = list(map(sub, repeat(mask), low))
            else:
                self._rate_asc = list(low)
            self._packed_tmp = []

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
        """Every row, in the order the table was sorted when they came."""
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
        shown rows' currencies differ. Re-sorts when sorted by rate. ``rates``
        (``Workspace.rate_details()``): a converted price's tooltip names its rate and age."""
        self._convert, self.home_currency = convert, home
        self._rates = dict(rates or {})
        was = self.converted
        self._update_converted()
        self._sort_keys.pop(Col.RATE, None)
        self._rate_ints = self._rate_asc = self._rate_desc = None
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
        self._home_prices = None

    def home_price_of(self, row: ServiceRow) -> Decimal | None:
        """A row's rate in the home currency when the table converts (None otherwise)."""
        if not self.converted or self._convert is None:
            return None
        return self._convert(row.service.rate, row.currency)

    def _all_home_prices(self) -> list[Decimal | None]:
        if self._home_prices is None:
            convert = self._convert
            t = self._table
            self._home_prices = (
                list(map(convert, t.rates, t.currencies))
                if self.converted and convert is not None else [None] * len(t))
        return self._home_prices

    def home_price(self, i: int) -> Decimal | None:
        """Row ``i``'s rate in the home currency (None: no rate, or not converting)."""
        if not self.converted:
            return None
        return self._all_home_prices()[i]

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
        if row.service.rate != t.rates[i]:
            self._rate_ints = self._rate_asc = self._rate_desc = None
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
        if _narrows(previous, flt):
            # Every shown row already holds each of the previous words: only new words are
            # looked for ("instagram t" -> "instagram tü" checks "tü" alone).
            visible = self._compute_visible(self._visible, set(previous.words))
        else:
            visible = self._compute_visible()
        if visible != self._visible:
            # The same rows (a space typed, "insta" -> "instag"): no reset, so no repaint, and
            # the current row and the scroll position stay.
            self.beginResetModel()
            self._visible = visible
            self.endResetModel()
        self.filterApplied.emit(len(self._visible))

    def _compute_visible(
        self, start: list[int] | None = None, satisfied: set[str] | frozenset[str] = frozenset()
    ) -> list[int]:
        """Visible rows in sort order; ``start`` (a superset in sort order) saves scanning all,
        and its rows are known to hold every word in ``satisfied``."""
        flt = self._filter
        order = self._order if start is None else start
        t = self._table
        words = set(flt.words) - satisfied
        index = self._words if self._words.ready and len(self._words) else None
        if words and index is not None and satisfied:
            # "insta" -> "instag": when the same tokens hold both, the same rows do, and every
            # row shown holds the shorter one already.
            words = {w for w in words if not any(index.same_rows(w, s) for s in satisfied)}
        if words:
            order = self._match_words(order, words, flt.words, index)
        if flt.category:
            cat, cats = flt.category, t.categories
            order = [i for i in order if cats[i] == cat]
        if flt.type:
            typ, types = flt.type, t.types
            raw = set(types)  # a few dozen spellings, not one per row
            wanted = {v for v in raw if canonical_type(v) == typ}
            order = [i for i in order if types[i] in wanted]
        if flt.favourites_only:
            favs = t.favourites
            order = [i for i in order if favs[i]]
        if flt.panel_id:
            pid, pids = flt.panel_id, t.panel_ids
            order = [i for i in order if pids[i] == pid]
        return order if order is not self._order else list(order)

    def _match_words(self, order: list[int], new: set[str], every: list[str],
                     index: WordIndex | None) -> list[int]:
        """The rows of ``order`` holding each of the ``new`` words (``every`` is the whole
        query: the rows of ``order`` hold the others)."""
        def mask_of(w: str) -> bytes | bytearray | None:
            mask = self._char_masks.get(w)
            return mask if mask is not None or index is None else index.mask(w)

        if index is not None and len(order) > SCAN_ROWS:
            # Many rows to narrow: the rows holding every word of the query are one AND of the
            # words' masks (each kept by the index), put in sort order by one C-level gather,
            # and one C-level selection — whatever the rows shown before were.
            masks = [mask_of(w) for w in set(every)]
            if all(m is not None for m in masks):
                n = len(self._hay)
                both = int.from_bytes(masks[0], "little")  # type: ignore[arg-type]
                for m in masks[1:]:
                    both &= int.from_bytes(m, "little")  # type: ignore[arg-type]
                selected = both.to_bytes(n, "little")
                if not self._in_row_order and n > 1:
                    if self._picker is None:
                        self._picker = itemgetter(*self._order)
                    selected = bytes(self._picker(selected))
                return list(compress(self._order, selected))
        hay = self._hay
        # Narrow word by word, longest first: each pass reads only the survivors of the last.
        for w in sorted(new, key=len, reverse=True):
            mask = self._char_masks.get(w)
            if mask is None and len(order) > SCAN_ROWS:
                mask = mask_of(w)  # the rows of the tokens that hold it
            if mask is not None:  # indexed: no haystack is read
                order = list(compress(order, map(mask.__getitem__, order)))
            else:
                order = [i for i in order if w in hay[i]]
        return order

    def _keys(self, col: Col) -> list[Any]:
        keys = self._sort_keys.get(col)
        if keys is None:
            if col == Col.RATE and self.converted:
                t = self._table
                keys = rate_sort_keys_of(self._all_home_prices(), t.currencies, t.rates)
            else:
                keys = _column_keys(self._table, col)
            self._sort_keys[col] = keys
        return keys

    def _key_of(self, col: Col, i: int) -> Any:
        if col == Col.RATE and self.converted:
            # Converted prices by their home value, those without a rate after all of them: the
            # rate itself never changes in place (replace_row is for the star), keep the key.
            return self._keys(Col.RATE)[i]
        return _column_keys(self._table.subset([i]), col)[0]

    def _sorted_order(self) -> list[int]:
        n = len(self._table)
        if self._sort_col is None:
            return list(range(n))
        keys = self._keys(self._sort_col)
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        if self._sort_col == Col.RATE:
            ready = self._rate_desc if reverse else self._rate_asc
            if ready is not None:
                return list(ready)
            # Exact integers (units of 10^-12) in one native sort: 200,000 Decimals compare
            # several times slower, and that sort runs on the GUI thread.
            if self._rate_ints is None:
                self._rate_ints = [int(k.scaleb(_RATE_DIGITS)) for k in keys]
            return _int_sorted(self._rate_ints, reverse)
        if self._sort_col in _INT_COLUMNS or (keys and all(type(k) is int for k in keys)):
            return _int_sorted(keys, reverse)  # ID, Min, Max: integers by construction
        return sorted(range(n), key=keys.__getitem__, reverse=reverse)

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
        self._picker = None
        # Back to the order the rows are kept in (a star changed since: maybe not quite).
        self._in_row_order = ((self._sort_col, order) == self._row_sort
                              and self._order == list(range(len(self._order))))
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

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

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
            return self._keys(Col(col))[i]
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
PREP_CHUNK = 25_000  # rows per idle turn when preparing the rate sort keys
_RATE_DIGITS = 12  # rate sort keys: integers of 10^-12 (prices carry at most 8 decimals)


def _positions(visible: list[int], wanted: set[int]) -> dict[int, int]:
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


def _int_sorted(keys: list[int], reverse: bool) -> list[int]:
    """``sorted(range(n), key=keys.__getitem__, reverse=reverse)`` for integer keys, stable, in
    one native sort: each key is packed with its row number into a single integer."""
    n = len(keys)
    bits = max(1, n.bit_length())
    mask = (1 << bits) - 1
    shifted = map(lshift, keys, repeat(bits))  # C-level loops: no bytecode per row
    if reverse:  # larger keys first; equal keys keep their order (the row number ascending)
        packed = list(map(or_, shifted, range(mask, mask - n, -1)))
        packed.sort(reverse=True)
        return list(map(sub, repeat(mask), map(and_, packed, repeat(mask))))
    packed = list(map(or_, shifted, range(n)))
    packed.sort()
    return list(map(and_, packed, repeat(mask)))


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
    if len(set(table.panel_ids)) > 1:
        # In the table's first order (ID ascending, ties in panel order, as ``_int_sorted``
        # sorts) here rather than on the GUI thread: ``set_rows`` keeps rows in the order
        # shown, and finds them in it already (one panel comes by ID from the store).
        order = _int_sorted(table.ids, False)
        if order != list(range(len(order))):
            table = table.subset(order)
            haystacks = list(map(haystacks.__getitem__, order))
    return LoadedServices(table, haystacks)


def haystack_words(text: str) -> list[str]:
    return fold_words(text)


def distinct(values: Iterable[str]) -> list[str]:
    return sorted(set(values), key=str.casefold)


# ``multiData``'s constants (role numbers as ints, one alignment per column).
_CELL_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
               | Qt.ItemFlag.ItemNeverHasChildren)
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
