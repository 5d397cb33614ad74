"""The service table: one model over the services' columns that filters and sorts itself.

A QSortFilterProxyModel would call ``filterAcceptsRow`` in Python once per row (50,000 calls per
keystroke). Instead the model keeps every row and the rows shown (``_visible``), which its
search (``ui.services.search``: a lowercase haystack per row built once per reset, masks and a
word index) computes in one pass; sorting reorders a precomputed key list (the Rate column's:
``ui.services.ratecolumn``). The rows are kept in the compact, columnar ``ServicesTable`` (values
services share stored once, no descriptions); ``ObjectRole`` builds the public ``ServiceRow`` of
the one row asked for. Views read numbers through ``SortRole``.
"""

from __future__ import annotations

import dataclasses
import enum
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from functools import partial
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
from smmdesk.textnorm import display_text
from ui.compare.prices import approx_money, canonical_type, converted_tip, is_converted
from ui.format import format_average_time, format_money, literal
from ui.orders.model import type_label
from ui.services.ratecolumn import RateColumn, by_value
from ui.services.search import ServiceFilter, ServiceSearch, narrows, same_rows
from ui.tables import ObjectRole, SortRole, row_description

__all__ = ["Col", "LoadedServices", "ObjectRole", "ServiceFilter", "ServicesModel", "SortRole",
           "haystack", "load_for_view", "type_name"]


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


def _column_keys(table: ServicesTable, col: Col) -> list[Any]:
    """Every row's sort key for ``col`` (not RATE when converting: see ``_keys``)."""
    t = table
    if col == Col.FAVOURITE:
        return [not f for f in t.favourites]
    if col == Col.PANEL:
        return by_value(t.panel_names, str.casefold)
    if col == Col.ID:
        return list(t.ids)
    if col == Col.NAME:
        return [n.casefold() for n in t.names]
    if col == Col.CATEGORY:
        return by_value(t.categories, str.casefold)
    if col == Col.TYPE:
        return by_value(t.types, lambda v: canonical_type(v).casefold())
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
        return by_value(t.average_times, _avg_minutes)
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


class ServicesModel(QAbstractTableModel):
    """All services of one panel (or of all panels), filtered and sorted in place. Which rows
    a filter shows is ``ServiceSearch``'s (``search``); the Rate column's keys, orders and prices
    in the home currency are ``RateColumn``'s (``rate_column``); the model keeps the order
    shown, runs their idle preparation and answers the views."""

    filterApplied = Signal(int)  # visible row count after each filter/reset

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._table = ServicesTable()
        self.search = ServiceSearch()
        self.rate_column = RateColumn()
        self._order: list[int] = []  # every row number, in the current sort order
        # The rows are kept in the order they came (``set_rows``); when that is the order
        # shown, ``ShownRows`` reads the masks directly.
        self._in_row_order = True
        # The rows shown, in sort order: a list, or (once the search's index is ready) a
        # ``ShownRows`` that makes the row numbers of the positions asked for.
        self._visible: Sequence[int] = []
        self._shown_n = 0  # len(_visible), kept: ``index`` asks it once per painted cell
        self._rows_n: list[int] = []  # every row number once (the order lists share them)
        self._sort_keys: dict[Col, list[Any]] = {}
        # Idle turns after the rows arrive: the rate column's sort order (the first click on
        # Rate only copies it) and the search's masks and index.
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
        # The same texts by position shown, for the rows shown now (``_show`` and every change
        # of ``_cells`` empty it): a painted cell is one dict lookup, not a ``ShownRows`` one.
        self._shown_cells: dict[int, tuple[str | None, ...]] = {}
        self._labels: dict[tuple[int, str], str] = {}  # (column, panel text) -> words shown
        self._headers = {c: _tr(t) for c, t in HEADERS.items()}
        self._tips = {c: _tr(t) for c, t in HEADER_TIPS.items()}
        self.has_average_time = False
        self.multi_panel = False

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
            hay = haystacks if isinstance(haystacks, list) else list(haystacks)
        else:
            hay = haystacks_of(table)
        self._sort_keys.clear()
        self._money_cache.clear()
        self._forget_cells()
        self._labels.clear()
        self.has_average_time = any(table.average_times)
        self.multi_panel = len(set(table.panel_ids)) > 1
        self._rows_n = list(range(len(table)))
        self.rate_column.reset(table, self._rows_n)
        self.search.reset(table, hay)
        # The rows stay in the order they came (All panels: panel after panel); ``_order`` is
        # the order shown, and the search's masks (row order) reach it through ``ShownRows``.
        self._order = self._sorted_order()
        self._in_row_order = self._order == self._rows_n
        self._queue_preparation()
        self._show(self._compute_visible())
        self.endResetModel()
        self.filterApplied.emit(len(self._visible))

    # -- idle preparation ---------------------------------------------------------------------
    def _queue_preparation(self) -> None:
        """(Re)plan the idle work: the rate column's keys and orders first, then the search's
        masks not built yet and its index. Steps of an older plan find their generation stale
        and do nothing."""
        self._prep_generation += 1
        gen = self._prep_generation
        self._index_queue.clear()
        self._index_timer.stop()
        if not self.search.worth_indexing:
            return
        for step in (*self.rate_column.steps(), *self.search.steps()):
            self._index_queue.append(partial(self._step, gen, step))
        self._index_timer.start()

    def _step(self, gen: int, step: Callable[[], object]) -> None:
        if gen == self._prep_generation and step():  # True: another turn wanted
            self._index_queue.append(partial(self._step, gen, step))

    def _index_step(self) -> None:
        if not self._index_queue:
            self._index_timer.stop()
            return
        self._index_queue.popleft()()

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
        was = self.converted
        self.rate_column.set_converter(convert, home, rates)
        self._queue_preparation()
        self._money_cache.clear()
        self._forget_cells()
        if self._sort_col == Col.RATE or was != self.converted:
            self.sort(int(self._sort_col) if self._sort_col is not None else -1,
                      self._sort_order)
        if self._visible:
            self.dataChanged.emit(self.index(0, Col.RATE),
                                  self.index(len(self._visible) - 1, Col.RATE))

    @property
    def converted(self) -> bool:
        """The Rate column shows prices in the home currency (the rows' currencies differ)."""
        return self.rate_column.converted

    @property
    def home_currency(self) -> str | None:
        return self.rate_column.home_currency

    def home_price_of(self, row: ServiceRow) -> Decimal | None:
        """A row's rate in the home currency when the table converts (None otherwise)."""
        return self.rate_column.home_price_of(row)

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
            self.rate_column.drop(units=True)
        self.search.forget_filters()  # a star (favourites only) or a category may have changed
        if not t.has_descriptions:
            row = dataclasses.replace(row, service=dataclasses.replace(row.service,
                                                                       description=""))
        t.set_row(i, row)
        self._forget_cells(i)
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
        if self.search.same_rows_as(previous, flt):
            # "insta" -> "instag", a space typed: the same tokens hold the new words as the
            # words shown already, so the same rows are shown (nothing computed at all).
            visible = self._visible
        elif narrows(previous, flt):
            # Every shown row already holds each of the previous words: only new words are
            # looked for ("instagram t" -> "instagram tü" checks "tü" alone).
            visible = self._compute_visible(self._visible, set(previous.words))
        else:
            visible = self._compute_visible()
        if not same_rows(visible, self._visible):
            # The same rows (a space typed, "insta" -> "instag"): no reset, so no repaint, and
            # the current row and the scroll position stay.
            self.beginResetModel()
            self._show(visible)
            self.endResetModel()
        self.filterApplied.emit(len(self._visible))

    def _show(self, visible: Sequence[int]) -> None:
        """The rows shown from now on (inside a reset or a layout change)."""
        self._visible = visible
        self._shown_n = len(visible)
        self._shown_cells.clear()

    def _forget_cells(self, row: int | None = None) -> None:
        """A row's texts (or every row's) are made again when next painted."""
        if row is None:
            self._cells.clear()
        else:
            self._cells.pop(row, None)
        self._shown_cells.clear()

    def _compute_visible(
        self, start: Sequence[int] | None = None,
        satisfied: set[str] | frozenset[str] = frozenset(),
    ) -> Sequence[int]:
        return self.search.visible(self._filter, self._order, in_row_order=self._in_row_order,
                                   start=start, satisfied=satisfied)

    def _keys(self, col: Col) -> list[Any]:
        """Every row's sort key for ``col`` (Rate: ``RateColumn.column_keys``)."""
        if col == Col.RATE:
            return self.rate_column.column_keys()
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
            ready = self.rate_column.prepared(reverse)
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
        self._show(self._compute_visible())
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
        if 0 <= row < self._shown_n and 0 <= column < _COLUMNS and not parent.isValid():
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
        is on screen (``_cells``, and by position shown ``_shown_cells``)."""
        r = index.row()
        cells = self._shown_cells.get(r)
        if cells is None:
            if not index.isValid() or not 0 <= r < self._shown_n:
                for rd in roleDataSpan:
                    rd.clearData()
                return
            i = self._visible[r]
            cells = self._cells.get(i)
            if cells is None:
                if len(self._cells) > _CELLS_KEPT:
                    self._forget_cells()
                cells = self._cells[i] = self._row_texts(i)
            if len(self._shown_cells) > _CELLS_KEPT:
                self._shown_cells.clear()
            self._shown_cells[r] = cells
        col = index.column()
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

    def _money(self, amount: Decimal | None, currency: str | None) -> str:
        if amount is None:
            return "—"  # a team viewer denied prices
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
            return self.rate_column.sort_value(i) if col == Col.RATE else self._keys(Col(col))[i]
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
        price = self.rate_column.home_price(i)
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
            rate = self.rate_column.rates.get((currency or "").strip().upper())
            return converted_tip(original, rate, currency, self.home_currency)
        return original




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
