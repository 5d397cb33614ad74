"""The Orders page: every order of every panel, searchable offline, fresh by itself, actionable.

Layout: an offline banner; status tabs with counts; filters (search, dates, drip-feed,
subscriptions); a toolbar with the order actions; the table (``HistoryModel``, SQL-paged) beside
a details pane (what was sent, the status timeline, refills). Every store or network call runs
on the task runner; the GUI thread only paints.
"""

from __future__ import annotations

import errno
import html
import logging
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QTextBrowser,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smmdesk.export import write_orders_csv
from smmdesk.history import (
    BUCKETS,
    KIND_DRIPFEED,
    KIND_SUBSCRIPTION,
    Action,
    Availability,
    HistoryFilter,
    action_availability,
    status_key,
)
from smmdesk.models import LocalOrder, Panel, Service
from smmdesk.textnorm import display_text, isolate, shorten
from smmdesk.workspace import ResolveRefused
from ui import bridge, fit
from ui.core_text import core_text
from ui.format import (
    describe_error,
    format_age,
    format_charge,
    format_percent,
    ntr,
    widen_to_titles,
)
from ui.history.background import HistorySync, Notifier
from ui.history.dialogs import ResolveDialog, TrackOrdersDialog, resolve_check_text
from ui.history.model import (
    STATUS_TEXT,
    Col,
    HistoryModel,
    ProgressRole,
    date_format,
    format_when,
    status_text,
    type_label,
)
from ui.settings import remember_folder, start_folder
from ui.tables import TableNotice, setup_table, widen_to_samples
from ui.tasks import Cancelled, TaskRunner

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.settings import Settings

log = logging.getLogger(__name__)


def column_samples(locale: QLocale) -> dict[int, list[str]]:
    """The longest texts the Time and Charge columns show, in the person's formats: their
    width is at least this, whatever width was chosen for English."""
    late = datetime(2026, 12, 28, 22, 58, tzinfo=UTC)
    charges = (("12345.6789", "TRY"), ("-1234.5678", "EUR"), ("0.00042", "USD"))
    return {
        Col.TIME: [format_when(late, locale)],
        Col.CHARGE: ["≈ " + format_charge(Decimal(v), c, locale) for v, c in charges],
    }

_NEXT_TRY = re.compile(r"next try in \d+ s\b")

SEARCH_DEBOUNCE_MS = 250
QT_TRANSLATE_NOOP = lambda context, text: text  # noqa: E731 - marker for lupdate

BUCKET_LABELS = {
    "all": QT_TRANSLATE_NOOP("HistoryView", "All"),
    "active": QT_TRANSLATE_NOOP("HistoryView", "Active"),
    "completed": QT_TRANSLATE_NOOP("HistoryView", "Completed"),
    "partial": QT_TRANSLATE_NOOP("HistoryView", "Partial"),
    "canceled": QT_TRANSLATE_NOOP("HistoryView", "Canceled"),
    "attention": QT_TRANSLATE_NOOP("HistoryView", "Needs attention"),
}

REASONS = {
    "not_placed": QT_TRANSLATE_NOOP("HistoryView", "This order was never placed on the panel."),
    "not_completed": QT_TRANSLATE_NOOP(
        "HistoryView", "Only a completed order can be refilled."),
    "final": QT_TRANSLATE_NOOP("HistoryView", "This order has already ended."),
    "service_no_refill": QT_TRANSLATE_NOOP("HistoryView", "This service has no refill."),
    "service_no_cancel": QT_TRANSLATE_NOOP("HistoryView", "This service cannot be canceled."),
    "panel_no_refill": QT_TRANSLATE_NOOP(
        "HistoryView", "This panel does not support refills (it answered “Incorrect request”)."),
    "panel_no_cancel": QT_TRANSLATE_NOOP(
        "HistoryView", "This panel does not support cancel (it answered “Incorrect request”)."),
    "offline": QT_TRANSLATE_NOOP("HistoryView", "The panel is offline; try again when it answers."),
    "panel_removed": QT_TRANSLATE_NOOP("HistoryView", "This panel was removed from SMM Desk."),
    "no_link": QT_TRANSLATE_NOOP("HistoryView", "This order has no link."),
    "not_url": QT_TRANSLATE_NOOP("HistoryView", "The link is a username, not a web address."),
    "no_id": QT_TRANSLATE_NOOP("HistoryView", "The panel gave this order no ID."),
    "unknown_service": QT_TRANSLATE_NOOP(
        "HistoryView", "Tracked by ID: the panel did not say which service it used."),
    "service_gone": QT_TRANSLATE_NOOP("HistoryView", "The panel no longer lists this service."),
    "not_uncertain": QT_TRANSLATE_NOOP(
        "HistoryView", "Only an order whose placement is uncertain needs resolving."),
    "no_selection": QT_TRANSLATE_NOOP("HistoryView", "Select an order first."),
    "loading": QT_TRANSLATE_NOOP("HistoryView", "Checking what this order allows…"),
}
NOT_AVAILABLE = QT_TRANSLATE_NOOP("HistoryView", "Not available")
PLACED_EVENT = QT_TRANSLATE_NOOP("HistoryView", "Placed")


def state_label(value: str) -> str:
    """An order or submit state value ("pending", "placed"…) as the history shows it."""
    if value in STATUS_TEXT:
        return QCoreApplication.translate("HistoryModel", STATUS_TEXT[value])
    if value == "placed":
        return QCoreApplication.translate("HistoryView", PLACED_EVENT)
    return value

DATE_RANGES = (
    ("all", QT_TRANSLATE_NOOP("HistoryView", "Any time")),
    ("today", QT_TRANSLATE_NOOP("HistoryView", "Today")),
    ("7d", QT_TRANSLATE_NOOP("HistoryView", "Last 7 days")),
    ("30d", QT_TRANSLATE_NOOP("HistoryView", "Last 30 days")),
    ("month", QT_TRANSLATE_NOOP("HistoryView", "This month")),
    ("custom", QT_TRANSLATE_NOOP("HistoryView", "Custom…")),
)

SENSITIVE_FIELDS = frozenset({"key", "api_key", "apikey", "token", "password"})


# ------------------------------------------------------------------------------- worker calls
@dataclass
class OrderContext:
    order: LocalOrder
    panel: Panel | None
    service: Service | None
    events: list[Any]
    refills: list[Any]


def load_context(workspace: Workspace, local_id: int) -> OrderContext:
    order = workspace.order(local_id)
    try:
        panel: Panel | None = workspace.panel(order.panel_id)
    except KeyError:  # removed: its orders stay in the history
        panel = None
    service = workspace.service(order.panel_id, order.service_id) if order.service_id else None
    return OrderContext(order, panel, service, workspace.order_events(local_id),
                        workspace.order_refills(local_id))


def load_panels(workspace: Workspace) -> tuple[list[Panel], dict[str, datetime | None]]:
    panels = workspace.panels()
    return panels, {p.id: workspace.last_sync_at(p.id) for p in panels}


def run_refill(workspace: Workspace, local_id: int) -> tuple[list[Any], LocalOrder]:
    results = workspace.refill([local_id])
    return results, workspace.order(local_id)


def run_cancel(workspace: Workspace, local_id: int) -> tuple[list[Any], LocalOrder]:
    results = workspace.cancel([local_id])
    return results, workspace.order(local_id)


def export_orders(workspace: Workspace, flt: HistoryFilter, sort: Any, path: str,
                  names: dict[str, str]) -> int:
    return write_orders_csv(path, workspace.order_page(flt, sort, 0, None), names)


# ------------------------------------------------------------------------------- delegate
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


# ------------------------------------------------------------------------------- the view
class HistoryView(QWidget):
    reorderRequested = Signal(int)  # local order id: open the order form prefilled from it
    sync_finished = Signal(object)  # SyncReport of the background/F5 sync
    countsChanged = Signal(dict)  # bucket -> count under the current non-bucket filters
    allPanelsRequested = Signal()  # "Clear filter" when only the panel switcher hides orders
    orderShown = Signal(int)  # the details pane shows this order
    actionFinished = Signal(str, int, bool, str)  # action, local id, ok, message
    exportFinished = Signal(str, int)  # path, rows
    offlineChanged = Signal()

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None,
                 *, settings: Settings | None = None, sync: HistorySync | None = None,
                 notifier: Notifier | None = None, autostart: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("history_view")
        self.workspace = workspace
        self.runner = runner
        self.settings = settings
        self.panel_id: str | None = None
        self.panels: dict[str, Panel] = {}
        self.last_sync: dict[str, datetime | None] = {}
        self.offline: dict[str, datetime] = {}
        self.counts: dict[str, int] = dict.fromkeys(BUCKETS, 0)
        self.everything: int | None = None  # orders under no filter (from the last count)
        self.bucket = "all"
        self.kind: str | None = None
        self._counts_generation = 0
        self._counts_filter: HistoryFilter | None = None  # what the last counts asked for
        self._counted_filter: HistoryFilter | None = None  # what self.counts are of
        self._counted: tuple[HistoryFilter | None, int | None] | None = None
        self._counts_check = False
        self._context: OrderContext | None = None
        self._pending_show: int | None = None
        self._services: dict[tuple[str, int], Service | None] = {}

        self.model = HistoryModel(workspace, runner, self)
        self.sync = sync or HistorySync(workspace, runner, settings, self)
        self.notifier = notifier or Notifier(self, settings=settings)
        self._build_actions()
        self._build_ui()
        self._connect()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.apply_filter_now)
        self.reload_panels()
        self.apply_filter_now()
        self._update_actions()
        if autostart:
            self.sync.start()

    # ======================================================================= construction
    def _build_actions(self) -> None:
        style = self.style()
        sp = QStyle.StandardPixmap

        def make(name: str, text: str, icon: QStyle.StandardPixmap | None, slot) -> QAction:
            a = QAction(text, self, objectName=name)
            if icon is not None:
                a.setIcon(style.standardIcon(icon))
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        self.action_refresh = make("action_refresh", self.tr("Check statuses &now"),
                                   sp.SP_BrowserReload, self.refresh_now)
        self.action_refresh.setIconText(self.tr("Refresh"))
        self.action_refresh.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.action_refresh.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.action_refresh.setToolTip(self.tr("Check the statuses of active orders now (F5)"))
        self.action_refill = make("action_refill", self.tr("&Refill"), sp.SP_ArrowUp,
                                  self.refill_selected)
        self.action_cancel = make("action_cancel", self.tr("&Cancel order…"),
                                  sp.SP_DialogCancelButton, self._cancel_clicked)
        self.action_open_link = make("action_open_link", self.tr("&Open link"),
                                     sp.SP_DirLinkIcon, self.open_link)
        self.action_copy_link = make("action_copy_link", self.tr("Copy &link"), None,
                                     self.copy_link)
        self.action_copy_id = make("action_copy_id", self.tr("Copy order &ID"), None,
                                   self.copy_id)
        self.action_reorder = make("action_reorder", self.tr("Order &again…"),
                                   sp.SP_FileDialogNewFolder, self.reorder)
        self.action_resolve = make("action_resolve", self.tr("Re&solve…"),
                                   sp.SP_MessageBoxQuestion, self._resolve_clicked)
        self.action_track = make("action_track", self.tr("&Track existing orders…"),
                                 sp.SP_FileDialogContentsView, self.track_orders_dialog)
        self.action_export = make("action_export", self.tr("&Export CSV…"),
                                  sp.SP_DialogSaveButton, self._export_clicked)
        self.action_export.setToolTip(self.tr("Save the orders shown (current filter) as CSV"))
        # Every order action has a shortcut (issue 24), shown in the Orders menu and the context
        # menu. They act on the order selected here, so only while this page is shown
        # (``set_page_active``). None of them is a key a text field uses (Ctrl+E, Ctrl+K…).
        for action, keys in (
            (self.action_refill, "Ctrl+R"),
            (self.action_cancel, "Ctrl+Shift+X"),
            (self.action_resolve, "Ctrl+Shift+V"),
            (self.action_reorder, "Ctrl+Shift+N"),
            (self.action_open_link, "Ctrl+O"),
            (self.action_copy_link, "Ctrl+Shift+L"),
            (self.action_track, "Ctrl+T"),
            (self.action_export, "Ctrl+S"),
        ):
            action.setShortcut(QKeySequence(keys))
        self.action_copy_id.setShortcut(QKeySequence.StandardKey.Copy)
        self.action_copy_id.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.page_active = True  # the window says False while another page is shown
        self.order_actions = {
            Action.REFILL: self.action_refill,
            Action.CANCEL: self.action_cancel,
            Action.OPEN_LINK: self.action_open_link,
            Action.COPY_LINK: self.action_copy_link,
            Action.COPY_ID: self.action_copy_id,
            Action.REORDER: self.action_reorder,
            Action.RESOLVE: self.action_resolve,
        }
        self._base_tips = {
            Action.REFILL: self.tr("Ask the panel to refill drops (completed orders)"),
            Action.CANCEL: self.tr("Ask the panel to cancel this order"),
            Action.OPEN_LINK: self.tr("Open the link in your browser"),
            Action.COPY_LINK: self.tr("Copy the link"),
            Action.COPY_ID: self.tr("Copy the panel's order ID"),
            Action.REORDER: self.tr("Open the order form filled like this order"),
            Action.RESOLVE: self.tr("Say whether the panel placed this uncertain order"),
        }

    def _build_ui(self) -> None:
        # Offline banner.
        self.banner = QLabel(objectName="history_offline_banner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setStyleSheet(
            "QLabel { background: #fdf1dc; color: #6b4a12; border: 1px solid #efd29a;"
            " border-radius: 6px; padding: 6px 10px; }")
        self.banner.hide()

        # Status tabs (segmented buttons: one widget per tab, so each has an objectName).
        self.tabs = QButtonGroup(self)
        self.tabs.setExclusive(True)
        tabs_row = QHBoxLayout()
        tabs_row.setSpacing(0)
        self.tab_buttons: dict[str, QToolButton] = {}
        for i, bucket in enumerate(BUCKETS):
            b = QToolButton(objectName=f"history_tab_{bucket}")
            b.setCheckable(True)
            b.setAutoRaise(False)
            b.setProperty("bucket", bucket)
            b.setProperty("segment", "first" if i == 0 else
                          "last" if i == len(BUCKETS) - 1 else "mid")
            self.tabs.addButton(b, i)
            self.tab_buttons[bucket] = b
            tabs_row.addWidget(b)
        self.tab_buttons["all"].setChecked(True)
        tabs_row.addStretch(1)
        self._style_tabs()
        self._update_tab_texts()

        # Filters.
        self.search = QLineEdit(objectName="history_search")
        self.search.setPlaceholderText(self.tr("Search order ID, link or service…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.search.setAccessibleName(self.tr("Search orders"))
        self.date_range = QComboBox(objectName="history_date_range")
        self.date_range.setAccessibleName(self.tr("Period"))
        for key, label in DATE_RANGES:
            self.date_range.addItem(self.tr(label), key)
        self.date_from = QDateEdit(objectName="history_date_from")
        self.date_from.setAccessibleName(self.tr("Orders from"))
        self.date_to = QDateEdit(objectName="history_date_to")
        self.date_to.setAccessibleName(self.tr("Orders until"))
        today = QDate.currentDate()
        for edit, value in ((self.date_from, today.addDays(-30)), (self.date_to, today)):
            edit.setCalendarPopup(True)
            edit.setDate(value)
            edit.setDisplayFormat(date_format(self.locale()))
            edit.hide()
        self.dripfeed_button = QToolButton(objectName="history_dripfeed")
        self.dripfeed_button.setText(self.tr("Drip-feed"))
        self.dripfeed_button.setToolTip(self.tr("Only drip-feed orders (delivered in runs)"))
        self.subscriptions_button = QToolButton(objectName="history_subscriptions")
        self.subscriptions_button.setText(self.tr("Subscriptions"))
        self.subscriptions_button.setToolTip(self.tr("Only subscription orders"))
        for b in (self.dripfeed_button, self.subscriptions_button):
            b.setCheckable(True)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.date_range)
        filters.addWidget(self.date_from)
        filters.addWidget(self.date_to)
        filters.addWidget(self.dripfeed_button)
        filters.addWidget(self.subscriptions_button)
        filters.addStretch(1)

        # Toolbar with the actions.
        self.toolbar = QToolBar(self.tr("Orders"), objectName="history_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setIconSize(self.toolbar.iconSize() * 0.8)
        for a in (self.action_refresh, None, self.action_refill, self.action_cancel,
                  self.action_resolve, self.action_reorder, self.action_open_link, None,
                  self.action_track, self.action_export):
            if a is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(a)
        fit.fit_toolbar(self.toolbar)  # icons only when the texts do not fit

        # Table.
        self.table = QTableView(objectName="history_table")
        header = setup_table(self.table, self.model, name=self.tr("Orders"), widths={
            Col.TIME: 116, Col.PANEL: 96, Col.ORDER_ID: 66, Col.SERVICE: 200, Col.LINK: 170,
            Col.QUANTITY: 64, Col.CHARGE: 78, Col.START_COUNT: 72, Col.REMAINS: 64,
            Col.PROGRESS: 96, Col.STATUS: 130})
        self.table.setItemDelegateForColumn(Col.PROGRESS, ProgressDelegate(self.table))
        self.notice = TableNotice(self.table)  # "No orders yet…", "A filter hides 3 orders…"
        self.notice.linkClicked.connect(self._notice_link)
        widen_to_titles(self.table)  # a saved or English width never cuts a title
        widen_to_samples(self.table, column_samples(self.locale()))
        # Status reads best next to the ID (the model keeps its column order for scripts).
        header.moveSection(header.visualIndex(Col.STATUS), header.visualIndex(Col.ORDER_ID) + 1)
        header.setSortIndicator(Col.TIME, Qt.SortOrder.DescendingOrder)

        # Details pane.
        self.details = QTextBrowser(objectName="history_details")
        self.details.setOpenExternalLinks(False)
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(QDesktopServices.openUrl)
        self.details.setMinimumWidth(280)
        self.details.setAccessibleName(self.tr("Order details"))
        self._show_no_details()

        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="history_splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([1060, 320])

        self.summary = QLabel(objectName="history_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel(objectName="history_message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary)
        bottom.addStretch(1)
        bottom.addWidget(self.message, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addLayout(tabs_row)
        layout.addLayout(filters)
        layout.addWidget(self.toolbar)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)

    def _style_tabs(self) -> None:
        pal = self.palette()
        base = pal.color(pal.ColorRole.Button).name()
        text = pal.color(pal.ColorRole.ButtonText).name()
        accent = pal.color(pal.ColorRole.Highlight).name()
        accent_text = pal.color(pal.ColorRole.HighlightedText).name()
        mid = pal.color(pal.ColorRole.Mid).name()
        self.setStyleSheet(
            f"QToolButton[bucket] {{ background: {base}; color: {text}; border: 1px solid {mid};"
            " padding: 5px 14px; margin: 0; }"
            "QToolButton[segment=\"first\"] { border-top-left-radius: 6px;"
            " border-bottom-left-radius: 6px; }"
            "QToolButton[segment=\"last\"] { border-top-right-radius: 6px;"
            " border-bottom-right-radius: 6px; }"
            "QToolButton[segment=\"mid\"], QToolButton[segment=\"last\"] { border-left: none; }"
            f"QToolButton[bucket]:checked {{ background: {accent}; color: {accent_text};"
            f" border-color: {accent}; }}"
        )

    def _connect(self) -> None:
        self.tabs.idToggled.connect(self._tab_toggled)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filter_now)
        self.date_range.currentIndexChanged.connect(self._date_range_changed)
        self.date_from.dateChanged.connect(lambda _d: self.apply_filter_now())
        self.date_to.dateChanged.connect(lambda _d: self.apply_filter_now())
        self.dripfeed_button.toggled.connect(self._kind_toggled)
        self.subscriptions_button.toggled.connect(self._kind_toggled)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _i: self.details.setFocus())
        self.model.loaded.connect(self._model_loaded)
        self.model.pageLoaded.connect(lambda _n: self._update_summary())
        self.model.loadFailed.connect(self._load_failed)
        self.model.modelReset.connect(self._model_reset)
        self.sync.ordersChanged.connect(self._orders_changed)
        self.sync.ordersFinished.connect(self.notifier.notify_finished)
        self.sync.syncFinished.connect(self._sync_done)
        self.sync.syncStarted.connect(self._sync_started)
        self.sync.panelOnlineChanged.connect(self._panel_online_changed)

    # ======================================================================= hooks
    def refresh_now(self) -> None:
        """Sync statuses of every panel now (F5)."""
        self.sync.refresh_now()

    def set_panel(self, panel_id: str | None) -> None:
        """Show one panel's orders (None: every panel)."""
        panel_id = panel_id or None
        if panel_id == self.panel_id:
            return
        self.panel_id = panel_id
        self.apply_filter_now()
        self._update_banner()

    def set_offline(self, panel_id: str, since: datetime | None) -> None:
        """The main window saw the panel go offline (``since``) or come back (None)."""
        if since is None:
            if self.offline.pop(panel_id, None) is not None:
                self.sync.mark_offline(panel_id, False)
        else:
            if since.tzinfo is None:
                since = since.replace(tzinfo=UTC)
            self.offline.setdefault(panel_id, since)
            self.sync.mark_offline(panel_id, True)
        self._update_banner()
        self._update_actions()
        self.offlineChanged.emit()

    def show_order(self, local_id: int) -> None:
        """Select the order and scroll to it; widens the filter to "All" when it is not shown."""
        row = self.model.row_of(local_id)
        if row is not None:
            self._select_row(row)
            return
        self._pending_show = local_id
        # Not loaded: show everything of its panel from its time on, then select it.
        self.runner.submit(self.workspace.order, local_id, on_result=self._show_order_loaded,
                           on_error=self._background_error, task_name="history_show_order")

    def _show_order_loaded(self, order: LocalOrder) -> None:
        if self._pending_show != order.id:
            return
        self._reset_filters()
        if self.panel_id is not None and self.panel_id != order.panel_id:
            self.panel_id = None
        flt = self.current_filter()
        self.model.set_filter(replace(flt, until=order.created_at + timedelta(milliseconds=1)))
        self._request_counts(flt)

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, Col.TIME)
        self.table.selectionModel().setCurrentIndex(
            index, self.table.selectionModel().SelectionFlag.ClearAndSelect
            | self.table.selectionModel().SelectionFlag.Rows)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def order_added(self, local_id: int | None = None) -> None:
        """An order was placed or tracked elsewhere in the app: reload list and counts."""
        self.apply_filter_now()

    # ======================================================================= filters
    def _reset_filters(self) -> None:
        """Every filter of this page off (the panel is the window's switcher's), quietly."""
        self._search_timer.stop()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.dripfeed_button.blockSignals(True)
        self.subscriptions_button.blockSignals(True)
        self.dripfeed_button.setChecked(False)
        self.subscriptions_button.setChecked(False)
        self.dripfeed_button.blockSignals(False)
        self.subscriptions_button.blockSignals(False)
        self.kind = None
        self.date_range.blockSignals(True)
        self.date_range.setCurrentIndex(0)
        self.date_range.blockSignals(False)
        self._set_dates_visible(False)
        self.tabs.blockSignals(True)
        self.tab_buttons["all"].setChecked(True)
        self.tabs.blockSignals(False)
        self.bucket = "all"

    def clear_filter(self) -> None:
        """"Clear filter" under an empty list: every order shown again (every panel's too,
        through the window's switcher, when only other panels have orders)."""
        self._reset_filters()
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
            self.notice.say(ntr("HistoryView", "No orders on this panel; %n on your other "
                                "panels", self.everything).replace(
                "%n", self.locale().toString(int(self.everything))),
                ("clear", self.tr("Show all panels")))
            return
        self.notice.say(ntr("HistoryView", "A filter hides %n order(s)", self.everything).replace(
            "%n", self.locale().toString(int(self.everything))),
            ("clear", self.tr("Clear filter")))

    def _notice_link(self, key: str) -> None:
        if key == "clear":
            self.clear_filter()
        elif key == "track":
            self.action_track.trigger()

    def current_filter(self) -> HistoryFilter:
        since, until = self._date_bounds()
        text = self.search.text().strip()
        return HistoryFilter(
            panel_ids=(self.panel_id,) if self.panel_id else None,
            bucket=self.bucket,
            search=text or None,
            since=since,
            until=until,
            kind=self.kind,
        )

    def _date_bounds(self) -> tuple[datetime | None, datetime | None]:
        key = self.date_range.currentData()
        now = datetime.now().astimezone()
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        if key == "today":
            return midnight, None
        if key == "7d":
            return midnight - timedelta(days=6), None
        if key == "30d":
            return midnight - timedelta(days=29), None
        if key == "month":
            return midnight.replace(day=1), None
        if key == "custom":
            f = self.date_from.date().toPython()
            t = self.date_to.date().toPython()
            if t < f:
                f, t = t, f
            tz = now.tzinfo
            return (datetime.combine(f, time(0), tz),
                    datetime.combine(t + timedelta(days=1), time(0), tz))
        return None, None

    def apply_filter_now(self) -> None:
        self._search_timer.stop()
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
        self._update_tab_texts()
        self._update_summary()
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
            self._update_summary()

    def _update_tab_texts(self) -> None:
        locale = self.locale()
        for bucket, b in self.tab_buttons.items():
            n = self.counts.get(bucket, 0)
            b.setText(f"{self.tr(BUCKET_LABELS[bucket])}  {locale.toString(int(n))}")
            if bucket == "attention":
                b.setToolTip(self.tr(
                    "Uncertain, rejected by the panel, not sent, not found on the panel, "
                    "or failed"))

    def set_bucket(self, bucket: str) -> None:
        self.tab_buttons[bucket].setChecked(True)

    def _tab_toggled(self, _id: int, checked: bool) -> None:
        if not checked:
            return
        button = self.tabs.checkedButton()
        bucket = button.property("bucket") if button is not None else "all"
        if bucket != self.bucket:
            self.bucket = bucket
            self.model.set_filter(self.current_filter())

    def _kind_toggled(self, checked: bool) -> None:
        sender = self.sender()
        if checked:  # the two quick filters exclude each other
            other = (self.subscriptions_button if sender is self.dripfeed_button
                     else self.dripfeed_button)
            other.blockSignals(True)
            other.setChecked(False)
            other.blockSignals(False)
        if self.dripfeed_button.isChecked():
            self.kind = KIND_DRIPFEED
        elif self.subscriptions_button.isChecked():
            self.kind = KIND_SUBSCRIPTION
        else:
            self.kind = None
        self.apply_filter_now()

    def set_kind(self, kind: str | None) -> None:
        self.dripfeed_button.setChecked(kind == KIND_DRIPFEED)
        self.subscriptions_button.setChecked(kind == KIND_SUBSCRIPTION)
        if kind is None:
            self.dripfeed_button.setChecked(False)
            self.subscriptions_button.setChecked(False)

    def _date_range_changed(self, _index: int) -> None:
        self._set_dates_visible(self.date_range.currentData() == "custom")
        self.apply_filter_now()

    def _set_dates_visible(self, on: bool) -> None:
        self.date_from.setVisible(on)
        self.date_to.setVisible(on)

    def set_date_range(self, since: datetime | None, until: datetime | None) -> None:
        """Custom range (local dates, ``until`` inclusive); both None: any time."""
        if since is None and until is None:
            self.date_range.setCurrentIndex(0)
            return
        self.date_range.blockSignals(True)
        self.date_range.setCurrentIndex(self.date_range.findData("custom"))
        self.date_range.blockSignals(False)
        self._set_dates_visible(True)
        for edit, value in ((self.date_from, since), (self.date_to, until)):
            if value is not None:
                edit.blockSignals(True)
                edit.setDate(QDate(value.year, value.month, value.day))
                edit.blockSignals(False)
        self.apply_filter_now()

    # ======================================================================= loading
    def reload_panels(self) -> None:
        self.runner.submit(load_panels, self.workspace, on_result=self._panels_loaded,
                           on_error=self._background_error, task_name="history_panels")

    def _panels_loaded(self, value: tuple[list[Panel], dict[str, datetime | None]]) -> None:
        panels, last_sync = value
        self.panels = {p.id: p for p in panels}
        self.last_sync.update(last_sync)
        self.model.set_panels(panels)
        self.notifier.panel_names = {p.id: p.name for p in panels}
        self.action_track.setEnabled(bool(panels))
        self.action_track.setToolTip(
            self.tr("Import orders placed on a panel's website by their IDs") if panels
            else self.tr("Add a panel first"))
        self._update_banner()
        self._update_summary()
        self._update_actions()

    def _model_loaded(self, total: int) -> None:
        self._exact_total_from_counts()
        self._update_summary()
        self._update_notice()
        if self._pending_show is not None:
            row = self.model.row_of(self._pending_show)
            self._pending_show = None
            if row is not None:
                self._select_row(row)

    def _model_reset(self) -> None:
        self._context = None
        self._show_no_details()
        self._update_actions()

    def _load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        self.message.setText(self.tr("Could not read the history: %1").replace("%1", str(exc)))

    def _update_summary(self) -> None:
        locale = self.locale()
        total = self.model.total
        if self.model.total_exact:
            text = self.tr("%1 order(s)").replace("%1", locale.toString(int(total)))
            text = text.replace("(s)", "s" if total != 1 else "")
        else:  # a search matching very many: counted to the end a moment later
            text = self.tr("%1+ orders").replace("%1", locale.toString(int(total - 1)))
        ids = [self.panel_id] if self.panel_id else list(self.panels)
        times = [t for pid in ids if (t := self.last_sync.get(pid)) is not None]
        if times:
            text += " · " + self.tr("statuses checked %1").replace("%1", format_age(min(times)))
        if self.sync.busy:
            text += " · " + self.tr("checking…")
        self.summary.setText(text)

    # ======================================================================= sync
    def _sync_started(self) -> None:
        self.action_refresh.setEnabled(False)
        self._update_summary()

    def _orders_changed(self, orders: list[LocalOrder]) -> None:
        self.model.update_orders(orders)
        if self._context is not None:
            for o in orders:
                if o.id == self._context.order.id:
                    self._load_context(o.id)
                    break

    def _panel_online_changed(self, pid: str, online: bool) -> None:
        if online:
            if self.offline.pop(pid, None) is not None:
                self.offlineChanged.emit()
        elif pid not in self.offline:
            self.offline[pid] = datetime.now(UTC)
            self.offlineChanged.emit()
        self._update_banner()
        self._update_actions()

    def _sync_done(self, report: Any) -> None:
        self.action_refresh.setEnabled(True)
        now = datetime.now(UTC)
        for pid in self.panels:
            # Only a panel that answered counts as "checked" (a sync with nothing to ask does
            # not make an offline panel "checked just now"; nor does a missing key).
            if (pid not in self.offline and pid in self.sync.checked
                    and self.sync.online(pid) is not False
                    and self.workspace.is_online(pid) is not False):
                self.last_sync[pid] = now
        # The retry promise is the timer's own (HistorySync.next_try_in), once per panel; the
        # workspace's "next try in" lines belong to its own back-off, not to this timer.
        errors = [e for e in report.errors if not _NEXT_TRY.search(e)]
        offline = [pid for pid in self.panels if self.sync.online(pid) is False]
        for pid in offline:
            wait = self.sync.next_try_in(pid)
            if wait is not None:
                errors.append(self.tr("%1: next try in %2").replace(
                    "%1", self.panels[pid].name).replace("%2", self.wait_text(wait)))
        if errors:
            self.message.setText("\n".join(dict.fromkeys(errors[:4])))
        elif report.updated:
            n = int(report.updated)
            self.message.setText(ntr("HistoryView", "%n order(s) changed.", n).replace(
                "%n", self.locale().toString(n)))
        self._request_counts(check=True)
        self._update_summary()
        self.sync_finished.emit(report)

    def wait_text(self, seconds: float) -> str:
        """ "30 s", "4 min": how long until a retry."""
        s = max(0, round(seconds))
        if s < 120:
            return self.tr("%1 s").replace("%1", str(s))
        return self.tr("%1 min").replace("%1", str(round(s / 60)))

    # ======================================================================= offline banner
    def _update_banner(self) -> None:
        ids = [pid for pid in self.offline if self.panel_id in (None, pid)]
        if not ids:
            self.banner.hide()
            return
        names = ", ".join(isolate(shorten(self.panels[pid].name, 60)) if pid in self.panels
                          else self.tr("a removed panel") for pid in ids)
        since = [self.last_sync.get(pid) or self.offline[pid] for pid in ids]
        when = format_when(min(since), self.locale())
        if len(ids) == 1:
            text = self.tr("Showing data from %1; %2 is offline.")
        else:
            text = self.tr("Showing data from %1; %2 are offline.")
        text = text.replace("%1", when).replace("%2", names)
        text += " " + self.tr("Refill, cancel and status checks wait until it answers again.")
        self.banner.setText(text)
        self.banner.show()

    def is_offline(self, panel_id: str) -> bool:
        return panel_id in self.offline

    # ======================================================================= selection
    def selected_order(self) -> LocalOrder | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid():
            return None
        return self.model.order_at(index.row())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self._context = None
            self._show_no_details()
            self._update_actions()
            return
        order = self.model.order_at(current.row())
        self._update_actions()
        self._load_context(order.id)

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
        if ctx.panel is not None:
            self.panels[ctx.panel.id] = ctx.panel
        self.model.update_orders([ctx.order])
        self._render_details(ctx)
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
        panel = self.panels.get(order.panel_id)
        result = action_availability(order, service=service, panel=panel,
                                     offline=order.panel_id in self.offline, service_known=known)
        if not known:
            for a in (Action.REFILL, Action.CANCEL, Action.REORDER):
                if result[a].enabled:
                    result[a] = Availability(False, "loading")
        return result

    def set_page_active(self, active: bool) -> None:
        """The window shows this page (True) or another one: the order actions (menu entries
        and shortcuts) act on the order selected here, so only while it is shown."""
        if active != self.page_active:
            self.page_active = active
            self._update_actions()

    def _update_actions(self) -> None:
        avail = self.availability()
        for action, qa in self.order_actions.items():
            a = avail[action]
            qa.setEnabled(a.enabled and self.page_active)
            if not self.page_active:
                tip = self.tr("Acts on the order selected on the Orders page: open it first")
            elif a.enabled:
                tip = self._base_tips[action]
            else:
                tip = self.tr(REASONS.get(a.reason or "", NOT_AVAILABLE))
            qa.setToolTip(tip)
            qa.setStatusTip(tip)
        self.action_export.setEnabled(self.page_active)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.table.selectRow(index.row())
        menu = self.build_context_menu()
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def menu_actions(self) -> list[QAction | None]:
        """The order actions in menu order (None: a separator): the context menu and the
        window's Orders menu list these."""
        return [self.action_refill, self.action_cancel, self.action_resolve, None,
                self.action_open_link, self.action_copy_link, self.action_copy_id, None,
                self.action_reorder, None, self.action_track, self.action_export]

    def build_context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("history_menu")
        menu.setToolTipsVisible(True)
        for a in [*self.menu_actions(), None, self.action_refresh]:
            if a is None:
                menu.addSeparator()
            else:
                menu.addAction(a)
        menu.aboutToHide.connect(menu.deleteLater)
        return menu

    # ======================================================================= details pane
    def _show_no_details(self) -> None:
        self.details.setHtml(
            "<p style='color:#888'>" + html.escape(self.tr(
                "Select an order to see everything that was sent, its status history and "
                "refills.")) + "</p>")

    def _render_details(self, ctx: OrderContext) -> None:
        o = ctx.order
        e = html.escape
        loc = self.locale()
        panel_name = isolate(shorten(
            ctx.panel.name if ctx.panel else self.model.panel_name(o.panel_id), 80))
        title = (f"#{o.remote_id}" if o.remote_id is not None
                 else self.tr("Local order %1").replace("%1", str(o.id)))
        color = {"completed": "#1e9e58", "partial": "#d9822b", "canceled": "#8a8f98"}.get(
            o.state.value, "#2d7dd2")
        if status_key(o) in ("uncertain", "rejected", "not_found", "failed"):
            color = "#d64545"
        elif status_key(o) == "not_sent":
            color = "#d9822b"
        service_name = display_text(o.service_name) or self.tr("tracked order")
        parts = [
            f"<h3 style='margin-bottom:2px'>{e(title)} · {e(service_name)}</h3>",
            f"<p style='margin-top:0'><b style='color:{color}'>{e(status_text(o))}</b>"
            f" · {e(panel_name)}</p>",
        ]
        rows: list[tuple[str, str]] = [
            (self.tr("Placed"), format_when(o.created_at, loc)),
            (self.tr("Updated"), format_when(o.updated_at, loc)),
            (self.tr("Service"), f"#{o.service_id} {o.service_name}" if o.service_id else ""),
            (self.tr("Type"), type_label(o.service_type)),
            (self.tr("Quantity"), "" if o.quantity is None else loc.toString(int(o.quantity))),
            (self.tr("Charge"), format_charge(o.charge, o.currency, loc)),
            (self.tr("Estimate"), format_charge(o.charge_estimate, o.currency, loc)),
            (self.tr("Start count"), "" if o.start_count is None else str(o.start_count)),
            (self.tr("Remains"), "" if o.remains is None else str(o.remains)),
            (self.tr("Panel status"), state_label(o.state.value) if o.raw_status else ""),
            (self.tr("Drip-feed"), self.tr("%1 runs every %2 min").replace(
                "%1", str(o.runs)).replace("%2", str(o.interval or 0)) if o.runs else ""),
            (self.tr("Problem"), core_text(o.error)),
        ]
        tips = {self.tr("Type"): o.service_type, self.tr("Panel status"): o.raw_status or ""}
        parts.append(self._table_html([(k, v) for k, v in rows if v], tips=tips))
        if o.link:
            url = o.link if o.link.lower().startswith(("http://", "https://")) else None
            link_html = (f"<a href='{e(url, quote=True)}'>{e(o.link)}</a>" if url else e(o.link))
            parts.insert(2, f"<p>{link_html}</p>")
        sent = {k: v for k, v in (o.fields or {}).items() if k.lower() not in SENSITIVE_FIELDS}
        sent_title = self.tr("Sent to the panel")
        parts.append(f"<h4>{e(sent_title)}</h4>")
        if sent:
            parts.append(self._table_html([(k, str(v)) for k, v in sorted(sent.items())],
                                          mono=True))
        else:
            nothing_sent = self.tr("Nothing: tracked by ID.")
            parts.append(f"<p style='color:#888'>{e(nothing_sent)}</p>")
        history_title = self.tr("Status history")
        parts.append(f"<h4>{e(history_title)}</h4>")
        if ctx.events:
            items = []
            for ev in ctx.events:
                what = []
                if ev.submit_state is not None:
                    what.append(state_label(ev.submit_state.value))
                what = [e(w) for w in what]
                if ev.state is not None:  # translated; the panel's own word in the tooltip
                    label = e(state_label(ev.state.value))
                    what.append(f"<span title='{e(ev.raw_status, quote=True)}'>{label}</span>"
                                if ev.raw_status else label)
                if ev.remains is not None:
                    what.append(e(self.tr("remains %1").replace("%1", str(ev.remains))))
                if ev.note:
                    what.append(e(core_text(ev.note)))
                items.append(
                    f"<tr><td style='color:#888;padding-right:8px;white-space:nowrap'>"
                    f"{e(format_when(ev.at, loc))}</td><td>● {' · '.join(what)}</td></tr>")
            parts.append("<table cellspacing='2'>" + "".join(items) + "</table>")
        else:
            no_history = self.tr("No history yet.")
            parts.append(f"<p style='color:#888'>{e(no_history)}</p>")
        refills_title = self.tr("Refills")
        parts.append(f"<h4>{e(refills_title)}</h4>")
        if ctx.refills:
            rows = []
            for r in ctx.refills:
                label = f"#{r.remote_id}" if r.remote_id else self.tr("refused")
                state = r.raw_status or r.state or ""
                rows.append((label, " · ".join(x for x in (
                    state, format_when(r.requested_at, loc), r.error or "") if x)))
            parts.append(self._table_html(rows))
        else:
            no_refills = self.tr("None requested.")
            parts.append(f"<p style='color:#888'>{e(no_refills)}</p>")
        self.details.setHtml("".join(parts))

    @staticmethod
    def _table_html(rows: list[tuple[str, str]], *, mono: bool = False,
                    tips: dict[str, str] | None = None) -> str:
        e = html.escape
        style = " style='font-family:monospace'" if mono else ""

        def cell(k: str, v: str) -> str:
            # A list field sent as lines (comments, usernames…) shows as lines, not one run.
            text = "<br>".join(e(line) for line in v.splitlines()) or e(v)
            tip = (tips or {}).get(k)
            if tip and tip != v:  # e.g. the panel's own word for a translated status
                text = f"<span title='{e(tip, quote=True)}'>{text}</span>"
            return f"<td{style}>{text}</td>"

        body = "".join(
            f"<tr><td style='color:#888;padding-right:10px;white-space:nowrap'>{e(k)}</td>"
            f"{cell(k, v)}</tr>" for k, v in rows)
        return f"<table cellspacing='1'>{body}</table>"

    # ======================================================================= actions
    def _require(self, action: Action) -> LocalOrder | None:
        order = self.selected_order()
        if order is None:
            return None
        a = self.availability(order)[action]
        if not a.enabled:
            self.message.setText(self.tr(REASONS.get(a.reason or "", NOT_AVAILABLE)))
            return None
        return order

    def refill_selected(self) -> None:
        order = self._require(Action.REFILL)
        if order is None:
            return
        self.action_refill.setEnabled(False)
        self.message.setText(self.tr("Asking the panel for a refill…"))
        self.runner.submit(run_refill, self.workspace, order.id, panel_id=order.panel_id,
                           on_result=self._refill_done, on_error=self._action_error,
                           task_name="refill")

    def _refill_done(self, value: tuple[list[Any], LocalOrder]) -> None:
        self._action_done("refill", value)

    def _cancel_clicked(self) -> None:
        self.cancel_selected(confirm=True)

    def cancel_selected(self, *, confirm: bool = False) -> None:
        order = self._require(Action.CANCEL)
        if order is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self, self.tr("Cancel order"),
                self.tr("Ask the panel to cancel order #%1? Whether it is canceled, and how much "
                        "is refunded, is up to the panel.").replace("%1", str(order.remote_id)))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.action_cancel.setEnabled(False)
        self.message.setText(self.tr("Asking the panel to cancel…"))
        self.runner.submit(run_cancel, self.workspace, order.id, panel_id=order.panel_id,
                           on_result=self._cancel_done, on_error=self._action_error,
                           task_name="cancel")

    def _cancel_done(self, value: tuple[list[Any], LocalOrder]) -> None:
        self._action_done("cancel", value)

    def _action_done(self, action: str, value: tuple[list[Any], LocalOrder]) -> None:
        results, order = value
        ok = bool(results) and all(r.ok for r in results)
        msg = "; ".join(r.message for r in results) or ""
        self.message.setText(msg)
        self.model.update_orders([order])
        self.reload_panels()  # "Incorrect request" is now remembered on the panel
        if self.selected_order() is not None and self.selected_order().id == order.id:
            self._load_context(order.id)
        self.actionFinished.emit(action, order.id, ok, msg)

    def _action_error(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        self.message.setText(describe_error(exc))
        self._update_actions()
        self.actionFinished.emit("error", -1, False, describe_error(exc))

    def _resolve_clicked(self) -> None:
        order = self._require(Action.RESOLVE)
        if order is None:
            return
        dialog = ResolveDialog(order, self, workspace=self.workspace, runner=self.runner)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.resolve_selected(dialog.result_id, accept_mismatch=dialog.accept_mismatch)

    def resolve_selected(self, remote_id: int | None, *, accept_mismatch: bool = False) -> None:
        """Resolve the selected UNCERTAIN order: placed as ``remote_id``, or None: not placed.
        An id another order holds, or that the panel does not know, is refused (nothing
        changes); so is a contradicting panel answer unless ``accept_mismatch``."""
        order = self._require(Action.RESOLVE)
        if order is None:
            return
        self.message.setText(self.tr("Saving…"))
        self.runner.submit(self.workspace.resolve_uncertain, order.id, remote_id,
                           accept_mismatch=accept_mismatch,
                           panel_id=order.panel_id, on_result=self._resolved,
                           on_error=self._resolve_error, task_name="resolve")

    def _resolve_error(self, exc: BaseException) -> None:
        if isinstance(exc, ResolveRefused):
            msg = resolve_check_text(exc.check)
            self.message.setText(msg)
            self.actionFinished.emit("resolve", exc.check.order.id, False, msg)
            return
        self._action_error(exc)

    def _resolved(self, order: LocalOrder) -> None:
        self.model.update_orders([order])
        self._request_counts()
        self._load_context(order.id)
        msg = (self.tr("Marked as placed: order #%1.").replace("%1", str(order.remote_id))
               if order.remote_id is not None else self.tr("Marked as not placed."))
        self.message.setText(msg)
        self.actionFinished.emit("resolve", order.id, True, msg)

    def open_link(self) -> None:
        order = self._require(Action.OPEN_LINK)
        if order is not None and order.link:
            QDesktopServices.openUrl(QUrl(order.link))

    def copy_link(self) -> None:
        order = self._require(Action.COPY_LINK)
        if order is not None and order.link:
            QGuiApplication.clipboard().setText(order.link)
            self.message.setText(self.tr("Link copied."))

    def copy_id(self) -> None:
        order = self._require(Action.COPY_ID)
        if order is not None and order.remote_id is not None:
            QGuiApplication.clipboard().setText(str(order.remote_id))
            self.message.setText(self.tr("Order ID copied."))

    def reorder(self) -> None:
        order = self._require(Action.REORDER)
        if order is not None:
            self.reorderRequested.emit(order.id)

    def track_orders_dialog(self) -> TrackOrdersDialog:
        dialog = TrackOrdersDialog(self.workspace, self.runner, list(self.panels.values()), self,
                                   panel_id=self.panel_id)
        dialog.tracked.connect(self._tracked)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _tracked(self, _result: Any) -> None:
        self.apply_filter_now()

    # ======================================================================= export
    def _export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export orders"), str(self.export_suggestion()),
            self.tr("CSV files (*.csv)"))
        if path:
            remember_folder(self.settings, path)
            self.export_csv(path)

    def export_suggestion(self) -> Path:
        """The file the export dialog offers: today's name, in the folder used last time (or
        Documents), not in whatever folder SMM Desk was started from."""
        stamp = datetime.now().strftime("%Y-%m-%d")
        return start_folder(self.settings) / f"smm-desk-orders-{stamp}.csv"

    def export_csv(self, path: str) -> None:
        """Write the orders of the current filter and sort (all of them, not just loaded)."""
        names = {pid: p.name for pid, p in self.panels.items()}
        self.message.setText(self.tr("Exporting…"))
        self.runner.submit(export_orders, self.workspace, self.model.filter, self.model.sort_spec,
                           str(path), names, on_result=_ExportDone(self, str(path)).deliver,
                           on_error=self._export_failed, task_name="export_csv")

    def _export_failed(self, exc: BaseException) -> None:
        """A file the person chose could not be written: say where and why, in words."""
        if isinstance(exc, Cancelled):
            return
        if not isinstance(exc, OSError):
            self._action_error(exc)
            return
        log.warning("export failed: %r", exc)
        folder = str(Path(exc.filename).parent) if exc.filename else ""
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            text = self.tr("The folder %1 cannot be written (it is read-only or you may not "
                           "write there). Choose another folder for the export.")
        elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
            text = self.tr("The disk of %1 is full. Free some space or choose another folder "
                           "for the export.")
        elif exc.errno == errno.ENOENT:
            text = self.tr("The folder %1 does not exist (any more). Choose another folder for "
                           "the export.")
        else:
            text = self.tr("The export could not be written to %1: %2").replace(
                "%2", exc.strerror or type(exc).__name__)
        self.message.setText(text.replace("%1", folder))

    def _export_done(self, path: str, n: int) -> None:
        self.message.setText(self.tr("%1 order(s) exported to %2").replace("%1", str(n))
                             .replace("%2", path))
        self.exportFinished.emit(path, n)

    def _background_error(self, exc: BaseException) -> None:
        message = bridge.error(exc, self.tr("Orders"))
        if message is not None:
            self.message.setText(message.text)


class _ExportDone(QObject):
    """Carries the export's path back to the view (bound-method delivery stays safe)."""

    def __init__(self, view: HistoryView, path: str) -> None:
        super().__init__(view)
        self.path = path

    def deliver(self, n: int) -> None:
        view = self.parent()
        self.deleteLater()
        if isinstance(view, HistoryView):
            view._export_done(self.path, n)


def _counts(workspace: Workspace, generation: int,
            flt: HistoryFilter) -> tuple[int, dict[str, int], int]:
    """The tab counts under ``flt``, and how many orders there are under no filter at all (an
    empty list then says whether a filter hides them)."""
    counts = workspace.order_counts(flt)
    everything = (counts.get("all", 0) if replace(flt, bucket="all") == HistoryFilter()
                  else workspace.order_count(HistoryFilter()))
    return generation, counts, everything
