"""The Orders page: every order of every panel, searchable offline, fresh by itself, actionable.

Layout: an offline banner; the filter bar (status tabs with counts, search, dates, drip-feed,
subscriptions: ``OrderFilterBar``); a toolbar with the order actions (``OrderActions``); the
table (``HistoryModel``, SQL-paged) beside the details pane (``OrderDetails``); the summary and
message line below. The banner, summary and message are worded by ``OrdersStatus``; the books'
part ("Sell to customer…", the customer chip, the books' columns) is ``OrderSales``. What the page
knows of the panels (names, online, when their statuses were checked) is the session model's
(``ui.session.SessionModel``): the page listens to it and keeps no copy. Every store or network
call runs on the task runner; the GUI thread only paints.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from smmdesk.history import BUCKETS, Action, Availability, HistoryFilter, action_availability
from smmdesk.models import LocalOrder, Panel, Service
from ui import fit
from ui.format import format_charge, format_percent, ntr, widen_to_titles
from ui.orders.actions import OrderActions
from ui.orders.background import Notifier
from ui.orders.details import OrderContext, OrderDetails, load_context
from ui.orders.filters import OrderFilterBar
from ui.orders.model import BOOK_COLUMNS, Col, HistoryModel, ProgressRole, format_when
from ui.orders.sales import OrderSales
from ui.orders.status import OrdersStatus
from ui.session import SessionModel
from ui.tables import TableNotice, setup_table, widen_to_samples
from ui.tasks import TaskRunner
from ui.teamroles import is_viewer, view_only

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.settings import Settings

MANY_CHANGED = 200  # more rows changed than this: the page reads its list again
ADDED_PAUSE_MS = 100  # orders added: the list is read again this long after the last one


def column_samples(locale: QLocale) -> dict[int, list[str]]:
    """The longest texts the Time and Charge columns show, in the person's formats: their
    width is at least this, whatever width was chosen for English."""
    late = datetime(2026, 12, 28, 22, 58, tzinfo=UTC)
    charges = (("12345.6789", "TRY"), ("-1234.5678", "EUR"), ("0.00042", "USD"))
    return {
        Col.TIME: [format_when(late, locale)],
        Col.CHARGE: ["≈ " + format_charge(Decimal(v), c, locale) for v, c in charges],
    }


def load_orders(workspace: Workspace, local_ids: list[int]) -> list[LocalOrder]:
    """Worker: these orders as stored now (the ones a status check or an outcome changed)."""
    out = []
    for local_id in local_ids:
        try:
            out.append(workspace.order(local_id))
        except KeyError:
            continue
    return out


class ProgressDelegate(QStyledItemDelegate):
    """A slim progress bar: (quantity − remains) / quantity."""

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        value = index.data(ProgressRole)
        if value is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(4, 5, -4, -5)
        bar.minimum, bar.maximum = 0, 100
        bar.progress = round(value * 100)
        bar.text = format_percent(bar.progress)
        bar.textVisible = True
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, opt.widget)


class OrdersView(QWidget):
    sync_finished = Signal(object)  # SyncReport of the background/F5 check
    countsChanged = Signal(dict)  # bucket -> count under the current non-bucket filters
    allPanelsRequested = Signal()  # "Clear filter" when only the panel switcher hides orders
    orderShown = Signal(int)  # the details pane shows this order
    offlineChanged = Signal()

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None,
                 *, settings: Settings | None = None, session: SessionModel | None = None,
                 notifier: Notifier | None = None, autostart: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("history_view")
        self.workspace = workspace
        self.runner = runner
        self.settings = settings
        # Alone (tests, the self-check) the page has a session of its own; in the window, the
        # window's.
        self.session = session or SessionModel(workspace, runner, settings, self)
        self.sync = self.session.sync
        self.panel_id: str | None = None
        self.counts: dict[str, int] = dict.fromkeys(BUCKETS, 0)
        self.everything: int | None = None  # orders under no filter (from the last count)
        self._counts_generation = 0
        self._counts_filter: HistoryFilter | None = None  # what the last counts asked for
        self._counted_filter: HistoryFilter | None = None  # what self.counts are of
        self._counted: tuple[HistoryFilter | None, int | None] | None = None
        self._counts_check = False
        self._context: OrderContext | None = None
        self._pending_show: int | None = None
        self._pending_widen = False  # may the pending order still widen the filter
        self._show_lookup: int | None = None  # the order show_order is reading, to widen for
        # The order that was current when the list was last reset: selected again when the
        # new list holds it (a background reload never takes the person's place away).
        self._kept_current: int | None = None
        self._services: dict[tuple[str, int], Service | None] = {}
        # Orders that changed while the list was being read (the read may predate the change).
        self._changed_while_loading: dict[int, LocalOrder | None] = {}

        self.model = HistoryModel(workspace, runner, self)
        # Orders added in a burst (a mass order's lines) are read once the burst pauses.
        self._added_timer = QTimer(self, singleShot=True, interval=ADDED_PAUSE_MS)
        self._added_timer.timeout.connect(self.apply_filter_now)
        if workspace.team:  # a colleague's first order adds a name to "Placed by"
            self._added_timer.timeout.connect(self._read_placers)
        self.notifier = notifier or Notifier(self, settings=settings)
        self.actions_ = OrderActions(
            self, workspace, runner, settings=settings, selected=self.selected_order,
            availability=self.availability, say=self._say, panels=self.session.panels,
            panel_id=lambda: self.panel_id,
            export_spec=lambda: (self.model.filter, self.model.sort_spec),
            refresh=self.refresh_now)
        self._build_ui()
        self._connect()
        if self.session.loaded:
            self._panels_changed(self.session.panels())
        elif session is None:
            self.session.reload_panels()  # its own session: nobody else reads the panels
        self.apply_filter_now()
        self._update_actions()
        if autostart:
            self.sync.start()

    # ======================================================================= construction
    def _build_ui(self) -> None:
        acts = self.actions_
        # The page's own names for its actions (scripts and tests reach them here).
        self.action_refresh, self.action_refill, self.action_cancel = (
            acts.refresh, acts.refill, acts.cancel)
        self.action_open_link, self.action_copy_link, self.action_copy_id = (
            acts.open_link, acts.copy_link, acts.copy_id)
        self.action_reorder, self.action_resolve = acts.reorder, acts.resolve
        self.action_track, self.action_export = acts.track, acts.export
        self.order_actions = acts.order_actions
        self.actionFinished = acts.actionFinished
        self.exportFinished = acts.exportFinished
        self.reorderRequested = acts.reorderRequested
        self.menu_actions = acts.menu_actions
        self.build_context_menu = acts.build_context_menu
        self.refill_selected, self.cancel_selected = acts.refill_selected, acts.cancel_selected
        self.resolve_selected = acts.resolve_selected
        self.track_orders_dialog = acts.track_orders_dialog
        self.export_csv, self.export_suggestion = acts.export_csv, acts.export_suggestion

        self.status = OrdersStatus(self, self.session, self.model, panel_id=lambda: self.panel_id)
        self.banner, self.summary, self.message = (
            self.status.banner, self.status.summary, self.status.message)
        self.wait_text = self.status.wait_text

        self.filters = OrderFilterBar()
        bar = self.filters
        self.search, self.date_range = bar.search, bar.date_range
        self.date_from, self.date_to = bar.date_from, bar.date_to
        self.tabs, self.tab_buttons = bar.tabs, bar.tab_buttons
        self.dripfeed_button, self.subscriptions_button = (
            bar.dripfeed_button, bar.subscriptions_button)
        self.set_bucket, self.set_kind = bar.set_bucket, bar.set_kind
        self.attention_kind = bar.attention_kind
        self.set_date_range = bar.set_date_range

        self.toolbar = QToolBar(self.tr("Orders"), objectName="history_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setIconSize(self.toolbar.iconSize() * 0.8)
        for a in (acts.refresh, None, acts.refill, acts.cancel, acts.resolve, acts.reorder,
                  acts.open_link, None, acts.track, acts.export):
            if a is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(a)
        fit.fit_toolbar(self.toolbar)  # icons only when the texts do not fit

        self.table = QTableView(objectName="history_table")
        header = setup_table(self.table, self.model, name=self.tr("Orders"), widths={
            Col.TIME: 116, Col.PANEL: 96, Col.ORDER_ID: 66, Col.SERVICE: 200, Col.LINK: 170,
            Col.QUANTITY: 64, Col.CHARGE: 78, Col.START_COUNT: 72, Col.REMAINS: 64,
            Col.PROGRESS: 96, Col.STATUS: 130, Col.CUSTOMER: 120, Col.SELL_PRICE: 78,
            Col.PROFIT: 78, Col.PLACED_BY: 110})
        # The reseller's books: "Sell to customer…" on every selected row, the customer chip,
        # the books' columns (hidden until the first customer exists).
        self.sales = OrderSales(self, self.table, self.model, self.workspace, self.runner,
                                filter_changed=self.apply_filter_now, sold=self._reload_details,
                                error=self._background_error)
        self.action_sell = acts.sell = self.sales.action
        self.customer_chip = self.sales.chip
        self.selected_ids, self.sell_selected = self.sales.selected_ids, self.sales.sell_selected
        self.open_sale_dialog, self.show_customer = (
            self.sales.open_sale_dialog, self.sales.show_customer)
        self.table.setItemDelegateForColumn(Col.PROGRESS, ProgressDelegate(self.table))
        # Several rows may be selected: "Sell to customer…" acts on all (the other actions on
        # the current one).
        self.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.notice = TableNotice(self.table)  # "No orders yet…", "A filter hides 3 orders…"
        self.notice.linkClicked.connect(self._notice_link)
        widen_to_titles(self.table)  # a saved or English width never cuts a title
        widen_to_samples(self.table, column_samples(self.locale()))
        # Status reads best next to the ID (the model keeps its column order for scripts).
        header.moveSection(header.visualIndex(Col.STATUS), header.visualIndex(Col.ORDER_ID) + 1)
        # ... and the sale beside it, in view once there is one (hidden until then).
        for col in reversed(BOOK_COLUMNS):
            header.moveSection(header.visualIndex(col), header.visualIndex(Col.STATUS) + 1)
        # Who placed it, beside the panel: a team workspace's (a local one has no logins).
        header.moveSection(header.visualIndex(Col.PLACED_BY), header.visualIndex(Col.PANEL) + 1)
        header.setSectionHidden(Col.PLACED_BY, not self.workspace.team)
        header.setSortIndicator(Col.TIME, Qt.SortOrder.DescendingOrder)

        self.details = OrderDetails()
        self.details.customer_name = self.model.customer_name
        self.details.home_currency = lambda: self.model.home_currency

        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="history_splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([1060, 320])

        bottom = QHBoxLayout()
        bottom.addWidget(self.summary)
        bottom.addStretch(1)
        bottom.addWidget(self.message, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addWidget(self.filters)
        chip_row = QHBoxLayout()
        chip_row.addWidget(self.customer_chip)
        chip_row.addStretch(1)
        layout.addLayout(chip_row)
        layout.addWidget(self.toolbar)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        self.filters.changed.connect(self.apply_filter_now)
        self.filters.bucketChanged.connect(
            lambda: self.model.set_filter(self.current_filter()))
        self.filters.attentionKindChanged.connect(self._read_attention)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.table.doubleClicked.connect(lambda _i: self.details.setFocus())
        self.model.loaded.connect(self._model_loaded)
        self.model.pageLoaded.connect(lambda _n: self.status.update_summary())
        self.model.loadFailed.connect(self.status.load_failed)
        self.model.modelAboutToBeReset.connect(self._keep_current)
        self.model.modelReset.connect(self._model_reset)
        self.actions_.orderUpdated.connect(self._order_updated)
        self.actions_.actionFinished.connect(lambda *_: self._update_actions())
        self.actions_.tracked.connect(lambda _result: self.session.orders_added())
        session = self.session
        session.panelsChanged.connect(self._panels_changed)
        session.panelStateChanged.connect(self._panel_state_changed)
        session.ordersAdded.connect(lambda _ids: self._added_timer.start())
        session.ordersChanged.connect(self._orders_changed)
        session.ordersFinished.connect(self.notifier.notify_finished)
        self.sync.syncFinished.connect(self._sync_done)
        self.sync.syncStarted.connect(self._sync_started)

    # ======================================================================= hooks
    @property
    def panels(self) -> dict[str, Panel]:
        """The panels, by id (the session's)."""
        return {p.id: p for p in self.session.panels()}

    @property
    def page_active(self) -> bool:
        return self.actions_.page_active

    def refresh_now(self) -> None:
        """Check the statuses of every panel now (F5)."""
        self.sync.refresh_now()

    def set_panel(self, panel_id: str | None) -> None:
        """Show one panel's orders (None: every panel)."""
        panel_id = panel_id or None
        if panel_id == self.panel_id:
            return
        self.panel_id = panel_id
        self.apply_filter_now()
        self.status.update_banner()

    def set_offline(self, panel_id: str, since: datetime | None) -> None:
        """The panel went offline at ``since``, or came back (None): told to the session."""
        self.session.note_offline(panel_id, since)

    def is_offline(self, panel_id: str) -> bool:
        return self.session.is_offline(panel_id)

    def reload_panels(self) -> None:
        self.session.reload_panels()

    def show_order(self, local_id: int) -> None:
        """Select the order and scroll to it; widens the filter to "All" when it is not shown."""
        row = self.model.row_of(local_id)
        if row is not None:
            self._select_row(row)
            if self.model.loading:
                # A reload already on its way (the order was just placed) resets the list and
                # its selection when it lands: select the order again then.
                self._pending_show = local_id
                self._pending_widen = True
            return
        self._pending_show = local_id
        self._pending_widen = False
        self._show_lookup = local_id
        # Not loaded: show everything of its panel from its time on, then select it.
        self.runner.submit(self.workspace.order, local_id, on_result=self._show_order_loaded,
                           on_error=self._background_error, task_name="history_show_order")

    def _show_order_loaded(self, order: LocalOrder) -> None:
        if self._pending_show != order.id:
            return
        self._show_lookup = None  # the reload asked below is the one that selects it
        self.filters.reset()
        if self.panel_id is not None and self.panel_id != order.panel_id:
            self.panel_id = None
        flt = self.current_filter()
        self.model.set_filter(replace(flt, until=order.created_at + timedelta(milliseconds=1)))
        self._request_counts(flt)

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, Col.TIME)
        if self.table.selectionModel().currentIndex().row() == row:
            # Already the current row (focus put it there): no currentChanged comes, so the
            # details are read here, and the order is announced as shown when they arrive.
            self._load_context(self.model.order_at(row).id)
        self.table.selectionModel().setCurrentIndex(
            index, self.table.selectionModel().SelectionFlag.ClearAndSelect
            | self.table.selectionModel().SelectionFlag.Rows)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def order_added(self, local_ids: list[int] | int | None = None) -> None:
        """Orders were recorded (here, by automation or another program): the list and the
        counts are read again (where a new row sorts depends on the filter and the sort)."""
        self.apply_filter_now()

    # ======================================================================= filters
    @property
    def bucket(self) -> str:
        return self.filters.bucket

    @property
    def kind(self) -> str | None:
        return self.filters.kind

    def _reset_filters(self) -> None:
        self.filters.reset()

    def clear_filter(self) -> None:
        """"Clear filter" under an empty list: every order shown again (every panel's too,
        through the window's switcher, when only other panels have orders)."""
        self.filters.reset()
        if self.panel_id is not None:
            self.allPanelsRequested.emit()
        self.apply_filter_now()

    def _update_notice(self) -> None:
        """An empty list says why: no order yet (and how one comes), or a filter hiding them."""
        if self.model.loading or self.model.rowCount() or self.everything is None:
            self.notice.say("")
            return
        if self.everything == 0:
            self.notice.say(self.tr(
                "No orders yet. Choose a service on the Services page and press Enter to order "
                "it; orders placed on a panel's website can be added here too."),
                ("track", self.tr("Track existing orders…")))
            return
        flt = self.current_filter()
        if flt == HistoryFilter():
            self.notice.say("")  # counted before the last change: the next count says
            return
        if self.panel_id is not None and replace(flt, panel_ids=None) == HistoryFilter():
            self.notice.say(ntr("OrdersView", "No orders on this panel; %n on your other "
                                "panels", self.everything).replace(
                "%n", self.locale().toString(int(self.everything))),
                ("clear", self.tr("Show all panels")))
            return
        self.notice.say(ntr("OrdersView", "A filter hides %n order(s)", self.everything).replace(
            "%n", self.locale().toString(int(self.everything))),
            ("clear", self.tr("Clear filter")))

    def _notice_link(self, key: str) -> None:
        if key == "clear":
            self.clear_filter()
        elif key == "track":
            self.action_track.trigger()

    def current_filter(self) -> HistoryFilter:
        return replace(self.filters.current_filter(self.panel_id),
                       customer_id=self.sales.customer_id)

    def _read_attention(self) -> None:
        """Stuck or Slow: the orders ``Workspace.attention`` names, read on a worker."""
        self.runner.submit(self.workspace.attention, on_result=self._attention_read,
                           on_error=lambda _exc: self._attention_read([]),
                           task_name="attention")

    def _attention_read(self, found: list[tuple[LocalOrder, str]]) -> None:
        self.filters.set_attention_ids(found)
        self.model.set_filter(self.current_filter())

    def apply_filter_now(self) -> None:
        self.filters.stop_typing()
        flt = self.current_filter()
        self.model.set_filter(flt)
        self._request_counts(flt)

    def _request_counts(self, flt: HistoryFilter | None = None, *, check: bool = False) -> None:
        """Count the orders per tab. ``check`` (after a status sync): a changed total under the
        same filter means another program (smm-desk-cli) added orders: the list is reloaded."""
        flt = flt or self.current_filter()
        self._counts_generation += 1
        self._counts_filter = replace(flt, bucket="all")
        self._counts_check = check
        self.runner.submit(
            _counts, self.workspace, self._counts_generation, self._counts_filter,
            on_result=self._counts_loaded, on_error=self._background_error,
            task_name="history_counts",
        )

    def _counts_loaded(self, value: tuple[int, dict[str, int], int]) -> None:
        generation, counts, self.everything = value
        if generation != self._counts_generation:
            return
        counted, self._counted = self._counted, (self._counts_filter, counts.get("all"))
        if (self._counts_check and counted is not None and counted[0] == self._counts_filter
                and counted[1] != counts.get("all") and not self.model.loading):
            # Orders added (or deleted) by another program on the same data folder
            # (smm-desk-cli): the number under this filter changed without a reload here.
            self.model.reload()
        self.counts = counts
        self._counted_filter = self._counts_filter
        self._exact_total_from_counts()
        self.filters.show_counts(counts)
        self.status.update_summary()
        self._update_notice()
        self.countsChanged.emit(dict(counts))

    def _exact_total_from_counts(self) -> None:
        """A first page that said "10,000+" gets its exact total from the tab counts of the same
        filter, whichever of the two arrived first."""
        if self.model.total_exact or self.model.loading:
            return
        if self._counted_filter == replace(self.model.filter, bucket="all") \
                and self.bucket in self.counts:
            self.model.set_exact_total(self.counts[self.bucket])
            self.status.update_summary()

    # ======================================================================= loading
    def _panels_changed(self, panels: list[Panel]) -> None:
        self.model.set_panels(panels)
        me = self.session.team_me
        if me is not None and self.model.prices_hidden == me.sees_prices:
            self.model.prices_hidden = not me.sees_prices
            self.model.reload()
        if self.workspace.team:
            self._read_placers()
        self.notifier.panel_names = {p.id: p.name for p in panels}
        self.actions_.update_track(panels)
        viewing = view_only(self.session.team_me)
        if viewing:
            self.actions_.track.setEnabled(False)
            self.actions_.track.setToolTip(viewing)
        self.status.update_banner()
        self.status.update_summary()
        self._update_actions()

    def _read_placers(self) -> None:
        """Who placed orders (a team workspace): the "Placed by" filter's choices."""
        self.runner.submit(self.workspace.order_placers, on_result=self.filters.set_placers,
                           on_error=self._background_error, task_name="order_placers")

    def _model_loaded(self, total: int) -> None:
        m = self.model
        log.info("orders page shows %d of %d order(s), first ids %s", m.rowCount(), total,
                 [m.order_at(r).id for r in range(min(5, m.rowCount()))])
        changed, self._changed_while_loading = self._changed_while_loading, {}
        if changed:
            self._refresh_rows(changed)
        self._exact_total_from_counts()
        self.status.update_summary()
        self._update_notice()
        if self._pending_show is not None:
            pending, widen = self._pending_show, self._pending_widen
            row = self.model.row_of(pending)
            if row is None and self._show_lookup == pending:
                return  # an earlier reload landed; the order's own lookup widens the filter
            self._pending_show = None
            self._pending_widen = False
            if row is not None:
                self._select_row(row)
            elif widen:  # the reload's filter hides it: widen the filter once, as show_order does
                self.show_order(pending)
            return
        kept, self._kept_current = self._kept_current, None
        row = self.model.row_of(kept) if kept is not None else None
        if row is not None:  # where the person was, still listed: stay there (no scrolling)
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, Col.TIME),
                self.table.selectionModel().SelectionFlag.ClearAndSelect
                | self.table.selectionModel().SelectionFlag.Rows)

    def _keep_current(self) -> None:
        current = self.selected_order() if self.model.rowCount() else None
        if current is not None:
            self._kept_current = current.id

    def _model_reset(self) -> None:
        self._context = None
        self.details.show_none()
        self._update_actions()

    # ======================================================================= changes
    def _sync_started(self) -> None:
        self.action_refresh.setEnabled(False)
        self.status.update_summary()

    def _orders_changed(self, local_ids: list[int]) -> None:
        """Orders changed in place (a status check, an outcome): their rows are read again."""
        fresh = self.session.fresh(local_ids)
        if self.model.loading:
            for i in local_ids:
                self._changed_while_loading[i] = fresh.get(i)
        self._refresh_rows({i: fresh.get(i) for i in local_ids})
        if self._context is not None and self._context.order.id in local_ids:
            self._reload_details()

    def _refresh_rows(self, changed: dict[int, LocalOrder | None]) -> None:
        """The shown rows among ``changed`` now: the orders given, the others read again."""
        shown = [i for i in changed if self.model.row_of(i) is not None]
        fresh = {i: o for i in shown if (o := changed[i]) is not None}
        if fresh:
            self.model.update_orders(fresh.values())
            self._update_actions()
        missing = [i for i in shown if i not in fresh]
        if len(missing) > MANY_CHANGED:
            self.model.reload()
        elif missing:
            self.runner.submit(load_orders, self.workspace, missing, on_result=self._orders_read,
                               on_error=self._background_error, task_name="history_rows")

    def _orders_read(self, orders: list[LocalOrder]) -> None:
        self.model.update_orders(orders)
        self._update_actions()

    def _order_updated(self, order: LocalOrder) -> None:
        """An action on the selected order ended: its row now, then everyone is told (a
        refusal may also be remembered on the panel)."""
        self.model.update_orders([order])
        self._request_counts()
        selected = self.selected_order()
        if selected is not None and selected.id == order.id:
            self._load_context(order.id)
        self.session.reload_panels()
        self.session.orders_changed([order])

    def _panel_state_changed(self, panel_id: str) -> None:
        self.status.update_banner()
        self._update_actions()
        self.offlineChanged.emit()

    def _sync_done(self, report: Any) -> None:
        self.action_refresh.setEnabled(True)
        self.status.sync_done(report)
        self._request_counts(check=True)
        self.status.update_summary()
        self.sync_finished.emit(report)

    # ======================================================================= selection
    def selected_order(self) -> LocalOrder | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid():
            return None
        return self.model.order_at(index.row())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self._context = None
            self.details.show_none()
            self._update_actions()
            return
        order = self.model.order_at(current.row())
        self._update_actions()
        self._load_context(order.id)

    def _reload_details(self) -> None:
        if self._context is not None:
            self._load_context(self._context.order.id)

    def _load_context(self, local_id: int) -> None:
        self.runner.submit(load_context, self.workspace, local_id,
                           on_result=self._context_loaded, on_error=self._background_error,
                           task_name="history_order_context")

    def _context_loaded(self, ctx: OrderContext) -> None:
        current = self.selected_order()
        if current is None or current.id != ctx.order.id:
            return
        self._context = ctx
        self._services[(ctx.order.panel_id, ctx.order.service_id)] = ctx.service
        self.model.update_orders([ctx.order])
        self.details.show_order(ctx, self.model.panel_name(ctx.order.panel_id))
        self._update_actions()
        self.orderShown.emit(ctx.order.id)

    def availability(self, order: LocalOrder | None = None) -> dict[Action, Availability]:
        order = order or self.selected_order()
        if order is None:
            return {a: Availability(False, "no_selection") for a in Action}
        ctx = self._context if self._context and self._context.order.id == order.id else None
        key = (order.panel_id, order.service_id)
        known = ctx is not None or key in self._services
        service = ctx.service if ctx is not None else self._services.get(key)
        # The context's panel is the freshest (a refusal remembered a moment ago).
        panel = ctx.panel if ctx is not None and ctx.panel is not None else self.panels.get(
            order.panel_id)
        result = action_availability(order, service=service, panel=panel,
                                     offline=self.session.is_offline(order.panel_id),
                                     service_known=known)
        if not known:
            for a in (Action.REFILL, Action.CANCEL, Action.REORDER):
                if result[a].enabled:
                    result[a] = Availability(False, "loading")
        if is_viewer(self.session.team_me):  # a team viewer asks panels for nothing
            for a in (Action.REFILL, Action.CANCEL, Action.REORDER, Action.RESOLVE):
                result[a] = Availability(False, "view_only")
        return result

    def set_page_active(self, active: bool) -> None:
        """The window shows this page (True) or another one: the order actions (menu entries
        and shortcuts) act on the order selected here, so only while it is shown."""
        if active != self.actions_.page_active:
            self.actions_.page_active = active
            self._update_actions()

    def _update_actions(self) -> None:
        self.actions_.update(self.availability())
        self.sales.update(self.actions_.page_active)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.table.selectRow(index.row())
        menu = self.build_context_menu()
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def reorder(self) -> None:
        self.actions_.reorder_selected()

    def _say(self, text: str) -> None:
        self.status.say(text)

    def _background_error(self, exc: BaseException) -> None:
        self.status.background_error(exc)


def _counts(workspace: Workspace, generation: int,
            flt: HistoryFilter) -> tuple[int, dict[str, int], int]:
    """The tab counts under ``flt``, and how many orders there are under no filter at all (an
    empty list then says whether a filter hides them)."""
    counts = workspace.order_counts(flt)
    everything = (counts.get("all", 0) if replace(flt, bucket="all") == HistoryFilter()
                  else workspace.order_count(HistoryFilter()))
    return generation, counts, everything


# The name scripts used before the page had one word (docs/dev/contracts.md).
HistoryView = OrdersView
