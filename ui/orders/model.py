"""The order history table: SQL paging over the store, rows updated in place after a sync.

The model never holds more than the rows the person has scrolled to: the first page comes from
``Workspace.order_page`` on a worker, ``canFetchMore``/``fetchMore`` ask for the next page (also
on a worker) when the view nears the end. Filter or sort changes reset the model (they are the
person's doing); a sync only emits ``dataChanged`` for the rows whose order changed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from smmdesk import servicetypes
from smmdesk.history import HistoryFilter, charge_of, progress_of, status_key
from smmdesk.models import LocalOrder, Panel
from smmdesk.refillwindow import LIFETIME_END_MS, RefillWindow, order_window
from smmdesk.textnorm import display_text
from smmdesk.watch import window_end
from smmdesk.workspace import UNCERTAIN_ADVICE
from ui.core_text import outcome_text
from ui.format import format_charge, format_decimal, format_exact, format_percent
from ui.tables import (
    ALIGN_RIGHT,
    ObjectRole,
    ProgressRole,
    RowsModel,
    SortRole,
    StatusKeyRole,
)

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from smmdesk.workspace import Workspace
    from ui.tasks import TaskRunner

QT_TRANSLATE_NOOP = lambda context, text: text  # noqa: E731 - marker for lupdate


PAGE_SIZE = 300
COUNT_CAP = 10_000  # the first page counts its matches up to this many, then says "10,000+"


class Col(enum.IntEnum):
    TIME = 0
    PANEL = 1
    ORDER_ID = 2
    SERVICE = 3
    LINK = 4
    QUANTITY = 5
    CHARGE = 6
    START_COUNT = 7
    REMAINS = 8
    PROGRESS = 9
    STATUS = 10
    REFILL_UNTIL = 11  # when the service's refill guarantee ends (``smmdesk.watch``)
    # The reseller's books: hidden until the first customer exists (``OrdersView``).
    CUSTOMER = 12
    SELL_PRICE = 13
    PROFIT = 14
    # Who placed it (a team workspace's login; hidden on a local workspace: ``OrdersView``).
    PLACED_BY = 15

BOOK_COLUMNS = (Col.CUSTOMER, Col.SELL_PRICE, Col.PROFIT)

HEADERS = {
    Col.TIME: QT_TRANSLATE_NOOP("HistoryModel", "Time"),
    Col.PANEL: QT_TRANSLATE_NOOP("HistoryModel", "Panel"),
    Col.ORDER_ID: QT_TRANSLATE_NOOP("HistoryModel", "Order ID"),
    Col.SERVICE: QT_TRANSLATE_NOOP("HistoryModel", "Service"),
    Col.LINK: QT_TRANSLATE_NOOP("HistoryModel", "Link"),
    Col.QUANTITY: QT_TRANSLATE_NOOP("HistoryModel", "Quantity"),
    Col.CHARGE: QT_TRANSLATE_NOOP("HistoryModel", "Charge"),
    Col.START_COUNT: QT_TRANSLATE_NOOP("HistoryModel", "Start count"),
    Col.REMAINS: QT_TRANSLATE_NOOP("HistoryModel", "Remains"),
    Col.PROGRESS: QT_TRANSLATE_NOOP("HistoryModel", "Progress"),
    Col.STATUS: QT_TRANSLATE_NOOP("HistoryModel", "Status"),
    Col.REFILL_UNTIL: QT_TRANSLATE_NOOP("HistoryModel", "Refill until"),
    Col.CUSTOMER: QT_TRANSLATE_NOOP("HistoryModel", "Customer"),
    Col.SELL_PRICE: QT_TRANSLATE_NOOP("HistoryModel", "Sell price"),
    Col.PROFIT: QT_TRANSLATE_NOOP("HistoryModel", "Profit"),
    Col.PLACED_BY: QT_TRANSLATE_NOOP("HistoryModel", "Placed by"),
}

# The store's sort keys per column (SQL does the sorting: rows are paged).
SORT_FIELDS = {
    Col.TIME: "created_at",
    Col.PANEL: "panel_id",
    Col.ORDER_ID: "remote_id",
    Col.SERVICE: "service_name",
    Col.LINK: "link",
    Col.QUANTITY: "quantity",
    Col.CHARGE: "charge",
    Col.START_COUNT: "start_count",
    Col.REMAINS: "remains",
    Col.PROGRESS: "remains",  # fewer remaining ≈ further along; exact share is not indexed
    Col.STATUS: "state",
    Col.REFILL_UNTIL: "refill_until",  # the window's end (lifetime after every date)
    Col.CUSTOMER: "customer",
    Col.SELL_PRICE: "sell_price",
    Col.PROFIT: "sell_price",  # profit is not indexed: the sell price orders it roughly
    Col.PLACED_BY: "placed_by",
}

STATUS_TEXT = {
    "pending": QT_TRANSLATE_NOOP("HistoryModel", "Pending"),
    "in_progress": QT_TRANSLATE_NOOP("HistoryModel", "In progress"),
    "processing": QT_TRANSLATE_NOOP("HistoryModel", "Processing"),
    "completed": QT_TRANSLATE_NOOP("HistoryModel", "Completed"),
    "partial": QT_TRANSLATE_NOOP("HistoryModel", "Partial"),
    "canceled": QT_TRANSLATE_NOOP("HistoryModel", "Canceled"),
    "failed": QT_TRANSLATE_NOOP("HistoryModel", "Failed"),
    "unknown": QT_TRANSLATE_NOOP("HistoryModel", "Unknown"),
    "uncertain": QT_TRANSLATE_NOOP("HistoryModel", "Uncertain: check the panel"),
    "rejected": QT_TRANSLATE_NOOP("HistoryModel", "Rejected"),
    "not_sent": QT_TRANSLATE_NOOP("HistoryModel", "Not sent"),
    "submitting": QT_TRANSLATE_NOOP("HistoryModel", "Sending…"),
    "not_found": QT_TRANSLATE_NOOP("HistoryModel", "Not found on the panel"),
}

STATUS_COLORS = {
    "pending": "#2d7dd2",
    "in_progress": "#2d7dd2",
    "processing": "#2d7dd2",
    "completed": "#1e9e58",
    "partial": "#d9822b",
    "canceled": "#8a8f98",
    "failed": "#d64545",
    "unknown": "#8a8f98",
    "uncertain": "#d64545",
    "rejected": "#d64545",
    "not_sent": "#d9822b",
    "submitting": "#8a8f98",
    "not_found": "#d64545",
}

_COLS = tuple(Col)  # Col(n) costs an enum lookup: once per painted cell it adds up
NUMERIC = frozenset({Col.ORDER_ID, Col.QUANTITY, Col.CHARGE, Col.START_COUNT, Col.REMAINS,
                     Col.SELL_PRICE, Col.PROFIT})


def _tr(text: str) -> str:
    return QCoreApplication.translate("HistoryModel", text)


# The service types by their canonical names, translated for display (the panel's own spelling,
# "seo", "custom_comments", stays in the tooltip).
TYPE_LABELS = {
    "Default": QT_TRANSLATE_NOOP("HistoryModel", "Default"),
    "Package": QT_TRANSLATE_NOOP("HistoryModel", "Package"),
    "SEO": QT_TRANSLATE_NOOP("HistoryModel", "SEO"),
    "Custom Comments": QT_TRANSLATE_NOOP("HistoryModel", "Custom Comments"),
    "Mentions": QT_TRANSLATE_NOOP("HistoryModel", "Mentions"),
    "Mentions with Hashtags": QT_TRANSLATE_NOOP("HistoryModel", "Mentions with Hashtags"),
    "Mentions Custom List": QT_TRANSLATE_NOOP("HistoryModel", "Mentions Custom List"),
    "Mentions Hashtag": QT_TRANSLATE_NOOP("HistoryModel", "Mentions Hashtag"),
    "Mentions User Followers": QT_TRANSLATE_NOOP("HistoryModel", "Mentions User Followers"),
    "Mentions Media Likers": QT_TRANSLATE_NOOP("HistoryModel", "Mentions Media Likers"),
    "Custom Comments Package": QT_TRANSLATE_NOOP("HistoryModel", "Custom Comments Package"),
    "Comment Likes": QT_TRANSLATE_NOOP("HistoryModel", "Comment Likes"),
    "Poll": QT_TRANSLATE_NOOP("HistoryModel", "Poll"),
    "Comment Replies": QT_TRANSLATE_NOOP("HistoryModel", "Comment Replies"),
    "Invites from Groups": QT_TRANSLATE_NOOP("HistoryModel", "Invites from Groups"),
    "Subscriptions": QT_TRANSLATE_NOOP("HistoryModel", "Subscriptions"),
    "Web Traffic": QT_TRANSLATE_NOOP("HistoryModel", "Web Traffic"),
}


def type_label(raw: str | None) -> str:
    """A service type as the person's language names it; an unknown type as the panel wrote it."""
    if not raw:
        return ""
    st, known = servicetypes.lookup(raw)
    return _tr(TYPE_LABELS.get(st.name, st.name)) if known else raw


def status_text(order: LocalOrder) -> str:
    return _tr(STATUS_TEXT.get(status_key(order), "Unknown"))


# Worker functions (module level: the runner calls them off the GUI thread).
def _first_page(workspace: Workspace, generation: int, flt: HistoryFilter, sort: Any, limit: int):
    rows = workspace.order_page(flt, sort, 0, limit)
    windows = workspace.refill_windows(rows)
    # A search matching most of a million orders is not counted to the end on the first page's
    # path: past COUNT_CAP the total says "10,000+" until the tab counts bring the exact figure.
    total = len(rows) if len(rows) < limit else workspace.order_count(flt, cap=COUNT_CAP)
    return generation, total, rows, windows


def _books(workspace: Workspace) -> tuple[dict[int, str], str | None]:
    return ({c.id: c.name for c in workspace.customers(archived=True)},
            workspace.home_currency())


def _next_page(workspace: Workspace, generation: int, flt: HistoryFilter, sort: Any, offset: int,
               limit: int):
    rows = workspace.order_page(flt, sort, offset, limit)
    return generation, offset, rows, workspace.refill_windows(rows)


class HistoryModel(RowsModel):
    """Orders matching one ``HistoryFilter``, in one SQL sort order, loaded page by page."""

    loaded = Signal(int)  # total rows matching after a (re)load
    pageLoaded = Signal(int)  # rows now loaded
    rowsUpdated = Signal(list)  # local ids changed in place
    loadFailed = Signal(object)
    booksChanged = Signal(bool)  # whether any customer exists (the book columns are shown)

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QObject | None = None,
                 *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.runner = runner
        self.page_size = page_size
        self._rows: list[LocalOrder] = []
        self._pos: dict[int, int] = {}
        self._total = 0
        self._exact = True
        self._filter = HistoryFilter()
        self._sort_col = Col.TIME
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._generation = 0
        self._fetching = False
        self._loading = False
        self._panel_names: dict[str, str] = {}
        self._customer_names: dict[int, str] = {}
        self._home: str | None = None
        self.prices_hidden = False  # a team viewer denied prices: charges read "—"
        self._locale = QLocale()
        self._headers = {c: _tr(t) for c, t in HEADERS.items()}
        # (panel, service, the name ordered under) -> its refill promise, read with the pages
        # through the Workspace (the name, then the service's description: one rule)
        self._windows: dict[tuple[str, int, str], RefillWindow | None] = {}
        self._status_texts = {k: _tr(v) for k, v in STATUS_TEXT.items()}
        self._brushes = {k: QBrush(QColor(v)) for k, v in STATUS_COLORS.items()}

    # -- querying -----------------------------------------------------------------------------
    @property
    def filter(self) -> HistoryFilter:
        return self._filter

    @property
    def sort_spec(self) -> tuple[str, bool]:
        return SORT_FIELDS[self._sort_col], self._sort_order == Qt.SortOrder.DescendingOrder

    @property
    def total(self) -> int:
        """How many orders match (loaded or not)."""
        return self._total

    @property
    def total_exact(self) -> bool:
        """False while ``total`` is a lower bound ("10,000+"): the exact figure comes with the
        tab counts (``set_exact_total``)."""
        return self._exact

    def set_exact_total(self, total: int) -> None:
        """The exact number of matches, counted later (the tab counts of this filter)."""
        if self._exact or self._loading:
            return
        self._total = max(int(total), len(self._rows))
        self._exact = True

    @property
    def loading(self) -> bool:
        return self._loading

    def set_filter(self, flt: HistoryFilter) -> None:
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        """Ask for the first page again (a reset when it arrives)."""
        self._generation += 1
        self._loading = True
        self._fetching = False
        self.runner.submit(
            _first_page, self.workspace, self._generation, self._filter, self.sort_spec,
            self.page_size, on_result=self._first_loaded, on_error=self._failed,
            task_name="history_first_page",
        )
        self.reload_books()

    def reload_books(self) -> None:
        """The customers' names and the home currency again (after a sale, a new customer)."""
        self.runner.submit(_books, self.workspace, on_result=self._books_loaded,
                           task_name="history_customers")

    def customer_name(self, customer_id: int | None) -> str:
        if customer_id is None:
            return ""
        return self._customer_names.get(customer_id, f"#{customer_id}")

    @property
    def home_currency(self) -> str | None:
        return self._home

    def _books_loaded(self, value: tuple[dict[int, str], str | None]) -> None:
        names, home = value
        if (names, home) != (self._customer_names, self._home):
            self._customer_names, self._home = names, home
            if self._rows:
                self.dataChanged.emit(self.index(0, Col.CUSTOMER),
                                      self.index(len(self._rows) - 1, Col.PROFIT))
        self.booksChanged.emit(bool(names))

    def _first_loaded(self, value: tuple[int, int, list[LocalOrder], dict[Any, Any]]) -> None:
        generation, total, rows, windows = value
        if generation != self._generation:
            return
        self._windows.update(windows)
        self.beginResetModel()
        self._rows = list(rows)
        self._pos = {o.id: i for i, o in enumerate(self._rows)}
        self._total = max(total, len(self._rows))
        self._exact = total <= COUNT_CAP
        self._loading = False
        self.endResetModel()
        self.loaded.emit(self._total)
        self.pageLoaded.emit(len(self._rows))

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self._fetching = False
        self.loadFailed.emit(exc)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        if parent.isValid():
            return False
        return not self._loading and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        self.runner.submit(
            _next_page, self.workspace, self._generation, self._filter, self.sort_spec,
            len(self._rows), self.page_size, on_result=self._more_loaded, on_error=self._failed,
            task_name="history_next_page",
        )

    def _more_loaded(self, value: tuple[int, int, list[LocalOrder], dict[Any, Any]]) -> None:
        generation, _offset, rows, windows = value
        if generation != self._generation:
            return
        self._windows.update(windows)
        # Offsets shift when orders arrive meanwhile: never show one order twice.
        fresh = [o for o in rows if o.id not in self._pos]
        if not rows:
            self._total = len(self._rows)  # fewer than we thought (deleted meanwhile)
            self._exact = True
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for o in fresh:
                self._pos[o.id] = len(self._rows)
                self._rows.append(o)
            self._total = max(self._total, len(self._rows))
            if not self._exact and len(self._rows) >= self._total:
                self._total = len(self._rows) + 1  # still counting: at least one more
            # Still "fetching" while the rows go in: a view (or model tester) asking for more from
            # inside the insert would otherwise request the page being inserted a second time.
            self.endInsertRows()
        self._fetching = False
        self.pageLoaded.emit(len(self._rows))

    def fetch_all_loaded(self) -> bool:
        return len(self._rows) >= self._total

    # -- in-place updates ---------------------------------------------------------------------
    def update_orders(self, orders: Iterable[LocalOrder]) -> list[int]:
        """Replace the loaded rows of these orders; one ``dataChanged`` per run of rows."""
        changed_rows: list[int] = []
        ids: list[int] = []
        for o in orders:
            i = self._pos.get(o.id)
            if i is None or self._rows[i] == o:
                continue
            self._rows[i] = o
            changed_rows.append(i)
            ids.append(o.id)
        if not changed_rows:
            return []
        changed_rows.sort()
        last_col = len(Col) - 1
        start = prev = changed_rows[0]
        for r in [*changed_rows[1:], None]:
            if r is not None and r == prev + 1:
                prev = r
                continue
            self.dataChanged.emit(self.index(start, 0), self.index(prev, last_col))
            if r is not None:
                start = prev = r
        self.rowsUpdated.emit(ids)
        return ids

    def set_panels(self, panels: Sequence[Panel]) -> None:
        names = {p.id: p.name for p in panels}
        if names == self._panel_names:
            return
        self._panel_names.update(names)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, Col.PANEL), self.index(len(self._rows) - 1, Col.PANEL),
                [Qt.ItemDataRole.DisplayRole],
            )

    def panel_name(self, panel_id: str) -> str:
        return self._panel_names.get(panel_id, panel_id)

    # -- access -------------------------------------------------------------------------------
    def order_at(self, row: int) -> LocalOrder:
        return self._rows[row]

    def row_of(self, local_id: int) -> int | None:
        return self._pos.get(local_id)

    def loaded_orders(self) -> list[LocalOrder]:
        return list(self._rows)

    # -- Qt model API -------------------------------------------------------------------------
    RIGHT_ALIGNED = NUMERIC

    def shown_rows(self) -> list[LocalOrder]:
        return self._rows

    def column_count(self) -> int:
        return len(Col)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Col):
            return None
        col = Col(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in NUMERIC:
            return ALIGN_RIGHT
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Col):
            return
        col = Col(column)
        if col == Col.PROGRESS:  # more progress = fewer remaining
            order = (Qt.SortOrder.DescendingOrder if order == Qt.SortOrder.AscendingOrder
                     else Qt.SortOrder.AscendingOrder)
        if (col, order) == (self._sort_col, self._sort_order) and not self._loading:
            return
        self._sort_col, self._sort_order = col, order
        self.reload()

    CELL_ROLES = frozenset(int(r) for r in (
        Qt.ItemDataRole.DisplayRole, ObjectRole, SortRole, ProgressRole, StatusKeyRole,
        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.AccessibleTextRole))

    def cell(self, o: LocalOrder, column: int, role: int) -> Any:
        col = _COLS[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(o, col)
        if role == ObjectRole:
            return o
        if role == SortRole:
            return self._sort_value(o, col)
        if role == ProgressRole:
            return progress_of(o)
        if role == StatusKeyRole:
            return status_key(o)
        if role == Qt.ItemDataRole.ForegroundRole and col == Col.STATUS:
            return self._brushes.get(status_key(o))
        if role == Qt.ItemDataRole.AccessibleTextRole and col == Col.PROGRESS:
            progress = progress_of(o)  # painted as a bar: said as a percentage
            return None if progress is None else f"{round(progress * 100)} %"
        return None

    def _display(self, o: LocalOrder, col: Col) -> str | None:
        if col == Col.TIME:
            dt = QDateTime.fromMSecsSinceEpoch(int(o.created_at.timestamp() * 1000))
            return self._locale.toString(dt.toLocalTime(), date_time_format(self._locale))
        if col == Col.PANEL:
            return self._panel_names.get(o.panel_id, o.panel_id)
        if col == Col.ORDER_ID:
            return str(o.remote_id) if o.remote_id is not None else "—"
        if col == Col.SERVICE:
            if not o.service_name:
                return _tr("(tracked by ID)")
            return display_text(o.service_name)
        if col == Col.LINK:
            return o.link or ""
        if col == Col.QUANTITY:
            return self._int(o.quantity)
        if col == Col.CHARGE:
            amount, estimate = charge_of(o)
            if amount is None:
                return "—" if self.prices_hidden else ""
            text = format_charge(amount, o.currency, self._locale)
            return f"≈ {text}" if estimate else text
        if col == Col.START_COUNT:
            return self._int(o.start_count)
        if col == Col.REMAINS:
            return self._int(o.remains)
        if col == Col.PROGRESS:
            p = progress_of(o)
            return "" if p is None else format_percent(int(p * 100), self._locale)
        if col == Col.STATUS:
            return self._status_texts.get(status_key(o), status_key(o))
        if col == Col.REFILL_UNTIL:
            end = self._refill_end(o)
            if end is None:
                return ""
            if end == "lifetime":
                return _tr("Lifetime")
            return self._locale.toString(
                QDateTime.fromMSecsSinceEpoch(int(end.timestamp() * 1000)).toLocalTime().date(),
                QLocale.FormatType.ShortFormat)
        if col == Col.CUSTOMER:
            return self.customer_name(o.customer_id)
        if col == Col.SELL_PRICE:
            return format_charge(o.sell_price, self._home, self._locale)
        if col == Col.PROFIT:
            return format_charge(o.profit_home, self._home, self._locale)
        if col == Col.PLACED_BY:
            return o.placed_by or ""
        return None

    def _refill_end(self, o: LocalOrder) -> datetime | Literal["lifetime"] | None:
        """The order's refill window end (its promise read with its page; an order come
        since, from its name alone until the next page)."""
        key = (o.panel_id, o.service_id, o.service_name or "")
        window = self._windows[key] if key in self._windows else order_window(o.service_name)
        return window_end(o, window)

    def _int(self, value: int | None) -> str:
        return "" if value is None else self._locale.toString(int(value))

    def _sort_value(self, o: LocalOrder, col: Col) -> Any:
        if col == Col.TIME:
            return o.created_at.timestamp()
        if col == Col.PANEL:
            return self._panel_names.get(o.panel_id, o.panel_id).casefold()
        if col == Col.ORDER_ID:
            return o.remote_id if o.remote_id is not None else -1
        if col == Col.SERVICE:
            return o.service_name.casefold()
        if col == Col.LINK:
            return (o.link or "").casefold()
        if col == Col.QUANTITY:
            return o.quantity if o.quantity is not None else -1
        if col == Col.CHARGE:
            amount, _ = charge_of(o)
            return amount if amount is not None else Decimal(-1)
        if col == Col.START_COUNT:
            return o.start_count if o.start_count is not None else -1
        if col == Col.REMAINS:
            return o.remains if o.remains is not None else -1
        if col == Col.PROGRESS:
            p = progress_of(o)
            return -1.0 if p is None else p
        if col == Col.CUSTOMER:
            return self._customer_names.get(o.customer_id, "").casefold() \
                if o.customer_id is not None else ""
        if col == Col.SELL_PRICE:
            return o.sell_price if o.sell_price is not None else Decimal(-1)
        if col == Col.PROFIT:
            return o.profit_home if o.profit_home is not None else Decimal(-1)
        if col == Col.PLACED_BY:
            return (o.placed_by or "").casefold()
        if col == Col.REFILL_UNTIL:  # as the store sorts it: no window lowest, lifetime last
            end = self._refill_end(o)
            return (-1 if end is None else LIFETIME_END_MS if end == "lifetime"
                    else int(end.timestamp() * 1000))
        return status_key(o)

    def tooltip(self, o: LocalOrder, col: int) -> str | None:
        if col == Col.LINK:
            return o.link or None
        if col == Col.SERVICE:
            if not o.service_id:
                return None
            text = f"#{o.service_id} {o.service_name} ({type_label(o.service_type)})"
            if o.service_type and type_label(o.service_type) != o.service_type:
                text += "\n" + _tr("The panel says: %1").replace("%1", o.service_type)
            return text
        if col == Col.STATUS:
            key = status_key(o)
            status = self._status_texts.get(key, "")
            if key == "uncertain" and (o.outcome is not None
                                       or UNCERTAIN_ADVICE in (o.error or "")):
                status = _tr("Uncertain")  # its outcome in words gives the advice: once
            parts = [status]
            if o.raw_status:
                parts.append(_tr("The panel says: %1").replace("%1", o.raw_status))
            if o.error or o.outcome is not None:
                parts.append(outcome_text(o))
            return "\n".join(p for p in parts if p)
        if col == Col.CHARGE:
            amount, estimate = charge_of(o)
            exact = _tr("Exactly %1").replace(
                "%1", format_exact(amount, o.currency, self._locale)) if amount is not None else ""
            if estimate:
                return _tr("Estimate: the panel has not reported the charge yet") + "\n" + exact
            if o.charge_estimate is not None and amount is not None:
                return exact + "\n" + _tr("Estimated %1 when ordering").replace(
                    "%1", format_decimal(o.charge_estimate, self._locale))
            return exact or None
        if col == Col.TIME:
            return o.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
        return None


def format_when(dt: datetime | None, locale: QLocale | None = None) -> str:
    if dt is None:
        return ""
    locale = locale or QLocale()
    q = QDateTime.fromMSecsSinceEpoch(int(dt.timestamp() * 1000)).toLocalTime()
    return locale.toString(q, date_time_format(locale))


def format_day(dt: datetime | None, locale: QLocale | None = None) -> str:
    """A day as the person's language writes it, four-digit year: 28.11.2026, 11/28/2026."""
    if dt is None:
        return ""
    locale = locale or QLocale()
    local = dt.astimezone() if dt.tzinfo is not None else dt
    return locale.toString(QDate(local.year, local.month, local.day), date_format(locale))


def date_format(locale: QLocale) -> str:
    """The locale's short date with a four-digit year: 28.11.2026 (tr), 11/28/2026 (en_US)."""
    fmt = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    return fmt


def date_time_format(locale: QLocale) -> str:
    """Dates as the person's language writes them, not ISO: ``28.11.2026 22:15``."""
    return f"{date_format(locale)} {locale.timeFormat(QLocale.FormatType.ShortFormat)}"
