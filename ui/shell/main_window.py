"""The main window: panel switcher, Services / New order / Orders / Spending, status bar with
balances.

Every workspace call goes through the task runner: the GUI thread never waits on the network
or on the store (which a worker may be holding while it writes 50,000 services).

The pages talk through the window: a service picked in the table opens the order form; a placed
order appears in the history (and the balance is fetched again); "Order again" in the history
prefills the form; the panel switcher and the online state reach every page; F5 refreshes what
the current page shows (services and balance, or the statuses of active orders).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QToolBar,
    QToolButton,
    QWidget,
)

from smmdesk import __version__, options
from smmdesk.models import Balance, LocalOrder, Panel, Service, ServicesDiff
from smmdesk.secrets import MissingKeyError
from smmdesk.textnorm import display_text, isolate, shorten
from ui import bridge, fit, focus
from ui.activity import Activity, elapsed_text
from ui.bridge import Message
from ui.compare.window import CompareWiring
from ui.format import (
    NAME_WIDTH,
    describe_error,
    elided_name,
    format_age,
    format_charge,
    format_exact,
    is_offline_error,
    literal,
    services_summary,
)
from ui.history.view import HistoryView
from ui.orders.form import OrderForm
from ui.panels.dialog import PanelDialog
from ui.services.model import LoadedServices, load_for_view
from ui.services.view import ServicesView
from ui.settings import Settings
from ui.shell.automation import AutomationUi
from ui.shell.licences import LicencesDialog
from ui.shell.preferences import PreferencesDialog
from ui.shell.welcome import WelcomeView
from ui.spending.view import SpendingView
from ui.tasks import Cancelled, Task

if TYPE_CHECKING:
    from smmdesk.demo import DemoPanel
    from smmdesk.workspace import Workspace
    from ui.orders.mass_order import MassOrderDialog
    from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

ALL_PANELS = ""  # the switcher's data for "All panels"
AUTO_REFRESH_AFTER = timedelta(hours=6)
MAX_BALANCES_SHOWN = 2  # more panels than this: the status bar summarises (issue 12)
AGE_TICK_MS = 30_000
STARTUP_NETWORK_LATEST_MS = 3000  # the network starts at the latest this long after the panels
DEFAULT_SIZE = QSize(1200, 760)  # the first start's wish, bounded by the screen (ui/fit.py)


class View:
    SERVICES = 0
    NEW_ORDER = 1
    ORDERS = 2
    SPENDING = 3
    COUNT = 4


@dataclass
class PageEntry:
    """One page of the window: its sidebar row, its View-menu entry (with Ctrl+<position>) and
    the widget in the page stack. ``MainWindow.add_page`` makes all three from one call."""

    page: QWidget
    title: str  # translated, with its access key ("Or&ders"); the sidebar shows it without
    action: QAction


@dataclass
class _Prefetch:
    """The services read at start-up, before the panels are known (see ``load_services``)."""

    panel_id: str | None
    loaded: LoadedServices | None = None
    generation: int | None = None  # set once load_services wants it
    failed: bool = False


@dataclass
class PanelSnapshot:
    """What the window knows about the panels, loaded on a worker."""

    panels: list[Panel] = field(default_factory=list)
    balances: dict[str, tuple[Balance, datetime]] = field(default_factory=dict)
    refreshed_at: dict[str, datetime | None] = field(default_factory=dict)


def load_snapshot(workspace: Workspace) -> PanelSnapshot:
    snap = PanelSnapshot(panels=workspace.panels())
    for p in snap.panels:
        last = workspace.last_balance(p.id)
        if last is not None:
            snap.balances[p.id] = last
        snap.refreshed_at[p.id] = workspace.services_refreshed_at(p.id)
    return snap


def chart_icon() -> QIcon:
    """A small bar chart (the standard icon set has none) for the Spending page."""
    icon = QIcon()
    for size in (16, 24, 32, 48):
        pix = QPixmap(size, size)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        unit = size / 16
        p.setPen(Qt.PenStyle.NoPen)
        for i, (height, colour) in enumerate(((6, "#2d6cdf"), (11, "#27ae60"), (8, "#f39c12"))):
            p.setBrush(QColor(colour))
            p.drawRoundedRect(
                QRectF((1.5 + i * 4.6) * unit, (15 - height) * unit, 3.6 * unit, height * unit),
                0.8 * unit, 0.8 * unit,
            )
        p.setBrush(QColor("#7f8c8d"))
        p.drawRect(QRectF(0.5 * unit, 15 * unit, 15 * unit, 1 * unit))
        p.end()
        icon.addPixmap(pix)
    return icon


class MainWindow(QMainWindow):
    panelsLoaded = Signal(list)  # list[Panel]
    servicesShown = Signal(int)  # rows now in the table (before filtering)
    refreshFinished = Signal(str)  # the status-bar summary
    demoReady = Signal(str)  # demo panel id
    viewChanged = Signal(int)

    def __init__(
        self,
        workspace: Workspace,
        runner: TaskRunner,
        settings: Settings,
        demo: DemoPanel | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.workspace = workspace
        self.runner = runner
        self.settings = settings
        self.demo = demo
        self.snapshot = PanelSnapshot()
        self.online: dict[str, bool] = {}
        self.last_error: dict[str, str] = {}
        self.key_needed: set[str] = set()  # panels with no API key stored (issue 12)
        self._services_generation = 0
        # Start-up reads the services at once, while the window is being built (ui/services):
        # the panel shown last time (None: All panels); load_services takes it if it matches.
        self._prefetch: _Prefetch | None = _Prefetch(settings[options.LAST_PANEL] or None)
        runner.submit(load_for_view, workspace, self._prefetch.panel_id,
                      on_result=partial(self._prefetched, self._prefetch),
                      on_error=partial(self._prefetch_failed, self._prefetch),
                      task_name="load_services")
        self._refreshing: set[str] = set()
        self._refresh_tasks: dict[str, Task] = {}  # panel id -> its services download
        self._refresh_stopped: set[str] = set()  # panels whose refresh Cancel stopped
        self._refresh_diffs: list[ServicesDiff] = []
        self._refresh_errors: list[str] = []
        self._loaded_once = False
        self._network_started = False
        self._closing = False
        self._quit_when_sent = False
        self.abandoned_send = False  # quit while an order was being sent: do not wait for it
        self.ask_quit_while_sending: Callable[[], str] = self._ask_quit_while_sending
        self.picked_service: tuple[str, int] | None = None
        self._search_when_shown = False  # the demo started: the search box takes the focus
        self._next_focus: QWidget | None = None  # where the focus goes with the next page
        self._page_focus: dict[int, QWidget] = {}  # id(page) -> its control focused last
        self.mass_dialog: MassOrderDialog | None = None
        self.preferences_dialog: PreferencesDialog | None = None

        app = QApplication.instance()
        if isinstance(app, QApplication):
            focus.install(app)  # focus ring, Enter on buttons, focus back after dialogs
        self.setWindowTitle(self.tr("SMM Desk"))
        self._build_actions()
        self._build_ui()
        self._build_menus()
        self._connect_pages()
        self.compare = CompareWiring(self)  # comparing across panels (ui/compare)
        self._restore_state()
        # -- automation (issue 15): Scheduled and Alerts pages, tray, timer: ui/shell/automation.py
        self.automation = AutomationUi(self)
        runner.activeCountChanged.connect(self._active_changed)
        bridge.global_bridge().shown.connect(self._show_message)

        self._age_timer = QTimer(self)
        self._age_timer.setInterval(AGE_TICK_MS)
        self._age_timer.timeout.connect(self._update_status)
        self._age_timer.start()

        self.reload_panels()

    # ============================================================================ construction
    def _build_actions(self) -> None:
        style = self.style()
        self.add_action = QAction(self.tr("&Add panel…"), self, objectName="add_panel")
        self.add_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_FileDialogNewFolder))
        self.add_action.setToolTip(self.tr("Connect another SMM panel"))
        self.add_action.triggered.connect(self.add_panel)
        self.edit_action = QAction(self.tr("&Edit panel…"), self, objectName="edit_panel")
        self.edit_action.setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        )
        self.edit_action.triggered.connect(self.edit_panel)
        self.remove_action = QAction(self.tr("Re&move panel"), self, objectName="remove_panel")
        self.remove_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
        self.remove_action.triggered.connect(self.remove_panel)
        self.refresh_action = QAction(self.tr("&Refresh"), self, objectName="refresh")
        self.refresh_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.setToolTip(self.tr("Download the services and balance again (F5)"))
        self.refresh_action.triggered.connect(self.refresh_current)
        self.demo_action = QAction(self.tr("Try the &demo panel"), self, objectName="demo")
        self.demo_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.demo_action.setToolTip(
            self.tr("A simulated panel on this computer: nothing is bought for real")
        )
        self.demo_action.triggered.connect(self.start_demo)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)

        self.find_action = QAction(self.tr("&Find service"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.focus_search)
        self.new_order_action = QAction(self.tr("&New order"), self)
        self.new_order_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_order_action.triggered.connect(self.new_order)
        self.mass_order_action = QAction(self.tr("&Mass order…"), self, objectName="mass_order")
        self.mass_order_action.setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)
        )
        self.mass_order_action.triggered.connect(self.open_mass_order)
        self.notify_action = QAction(
            self.tr("&Notify when orders finish"), self, objectName="notify_orders"
        )
        self.notify_action.setCheckable(True)
        self.notify_action.setToolTip(
            self.tr("A desktop notification when an order completes, ends partial or is canceled")
        )
        self.preferences_action = QAction(
            self.tr("&Preferences…"), self, objectName="preferences"
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.preferences_action.triggered.connect(self.open_preferences)
        # The View menu's page entries are made with the pages (``add_page``).
        self.page_entries: list[PageEntry] = []
        self.view_actions: list[QAction] = []
        self.view_menu: QMenu | None = None
        self.about_action = QAction(self.tr("&About SMM Desk"), self)
        self.about_action.triggered.connect(self._about)
        self.licences_action = QAction(self.tr("Third-party &licences"), self)
        self.licences_action.triggered.connect(self.show_licences)
        for action in (
            self.refresh_action,
            self.find_action,
            self.new_order_action,
        ):
            self.addAction(action)

    def _build_ui(self) -> None:
        # Toolbar: panel switcher, demo badge, panel actions.
        self.toolbar = QToolBar(self.tr("Panels"), objectName="main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.toolbar)
        self.panel_switcher = QComboBox(objectName="panel_switcher")
        self.panel_switcher.setMinimumContentsLength(22)
        self.panel_switcher.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.panel_switcher.setToolTip(self.tr("Which panel's services to show"))
        self.panel_switcher.currentIndexChanged.connect(self._panel_switched)
        panel_label = QLabel(self.tr("Panel:"))
        panel_label.setContentsMargins(6, 0, 6, 0)
        panel_label.setBuddy(self.panel_switcher)
        self.panel_switcher.setAccessibleName(self.tr("Panel"))
        self.toolbar.addWidget(panel_label)
        self.toolbar.addWidget(self.panel_switcher)
        self.demo_badge = QLabel(self.tr("DEMO · simulated"), objectName="demo_badge")
        self.demo_badge.setToolTip(
            self.tr(
                "This panel is simulated on your computer. Orders cost nothing and deliver nothing."
            )
        )
        self.demo_badge.setStyleSheet(
            "QLabel { background: #f39c12; color: #1b1b1b; border-radius: 8px;"
            " padding: 2px 8px; margin-left: 8px; font-weight: bold; }"
        )
        self.demo_badge_action = self.toolbar.addWidget(self.demo_badge)
        self.demo_badge_action.setVisible(False)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.refresh_action)
        self.toolbar.addAction(self.add_action)
        self.toolbar.addAction(self.edit_action)
        self.toolbar.addAction(self.remove_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.mass_order_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addAction(self.demo_action)
        fit.fit_toolbar(self.toolbar)  # a 1024-px screen: icons only, nothing behind "»"

        # Sidebar + pages.
        self.nav = QListWidget(objectName="nav")
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setFixedWidth(132)
        self.nav.setSpacing(2)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setAccessibleName(self.tr("Pages"))
        self.nav.setAccessibleDescription(
            self.tr("Arrow keys choose a page; each has its shortcut in the View menu"))
        self.nav.currentRowChanged.connect(self._nav_changed)

        self.services_view = ServicesView(self.settings)
        self.services_view.description_source = self._load_description
        self.services_view.orderRequested.connect(self.order_service)
        self.services_view.favouriteToggled.connect(self._favourite_toggled)
        self.services_view.filterApplied.connect(self._filter_applied)
        # The sidebar's "New order" follows the service selected since the form was last set.
        self._selection_newer = False
        self.services_view.table.selectionModel().currentChanged.connect(
            self._service_selected)
        self.order_form = OrderForm(self.workspace, runner=self.runner)
        self.order_page: QWidget = self.order_form
        self.history_view = HistoryView(self.workspace, self.runner, settings=self.settings)
        self.orders_page: QWidget = self.history_view
        self.spending_view = SpendingView(self.workspace, self.runner)
        self.pages = QStackedWidget(objectName="pages")
        style = self.style()
        for title, icon, page in (
            (self.tr("&Services"), style.standardIcon(QStyle.StandardPixmap.SP_FileDialogListView),
             self.services_view),
            (self.tr("New &order"),
             style.standardIcon(QStyle.StandardPixmap.SP_FileDialogNewFolder), self.order_page),
            (self.tr("Or&ders"), style.standardIcon(QStyle.StandardPixmap.SP_FileDialogInfoView),
             self.orders_page),
            (self.tr("S&pending"), chart_icon(), self.spending_view),
        ):
            self.add_page(page, title, icon)

        main = QWidget(objectName="main_area")
        main_layout = QHBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.setSpacing(0)
        main_layout.addWidget(self.nav)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.VLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        main_layout.addWidget(line)
        main_layout.addWidget(self.pages, 1)

        self.welcome = WelcomeView()
        self.welcome.connectRequested.connect(self.add_panel)
        self.welcome.demoRequested.connect(self.start_demo)
        self.root = QStackedWidget(objectName="root_stack")
        self.root.addWidget(main)
        self.root.addWidget(self.welcome)
        self.setCentralWidget(self.root)

        # Status bar: messages left; balances, online state and progress on the right.
        bar = self.statusBar()
        self.balances_label = QLabel(objectName="balances")
        self.balances_label.setTextFormat(Qt.TextFormat.PlainText)
        self.online_label = QLabel(objectName="online_indicator")
        self.online_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(objectName="progress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.enter_key_button = QPushButton(self.tr("Enter API key…"), objectName="enter_key")
        self.enter_key_button.setFlat(True)
        self.enter_key_button.clicked.connect(self.enter_missing_key)
        self.enter_key_button.hide()
        self.balances_button = QToolButton(objectName="balances_button")
        self.balances_button.setAccessibleName(self.tr("Balances"))
        self.balances_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.balances_button.setAutoRaise(True)
        self.balances_button.setMenu(QMenu(self.balances_button))
        self.balances_button.hide()
        bar.addPermanentWidget(self.balances_label)
        bar.addPermanentWidget(self.balances_button)
        bar.addPermanentWidget(self.online_label)
        bar.addPermanentWidget(self.enter_key_button)
        # Long work: its step, its time, and a Cancel that stops it (ui/activity.py).
        self.refresh_activity = Activity(name="refresh_activity")
        self.refresh_activity.cancelRequested.connect(self.cancel_refresh)
        self.sync_activity = Activity(name="sync_activity")
        bar.addPermanentWidget(self.refresh_activity)
        bar.addPermanentWidget(self.sync_activity)
        bar.addPermanentWidget(self.progress)
        self.nav.setCurrentRow(0)

    def _build_menus(self) -> None:
        menubar = self.menuBar()
        panel_menu = menubar.addMenu(self.tr("&Panel"))
        panel_menu.addAction(self.add_action)
        panel_menu.addAction(self.edit_action)
        panel_menu.addAction(self.remove_action)
        panel_menu.addSeparator()
        panel_menu.addAction(self.refresh_action)
        panel_menu.addAction(self.demo_action)
        panel_menu.addSeparator()
        panel_menu.addAction(self.quit_action)
        view_menu = self.view_menu = menubar.addMenu(self.tr("&View"))
        for action in self.view_actions:
            view_menu.addAction(action)
        self._view_pages_end = view_menu.addSeparator()  # add_page puts later pages above it
        view_menu.addAction(self.find_action)
        self.services_menu = services_menu = menubar.addMenu(self.tr("&Services"))
        services_menu.addAction(self.new_order_action)
        services_menu.addAction(self.mass_order_action)
        services_menu.addSeparator()
        services_menu.addAction(self.services_view.copy_id_action)
        services_menu.addAction(self.services_view.copy_name_action)
        services_menu.addAction(self.services_view.favourite_action)
        # Every order action, with its shortcut and access key (they act on the order selected
        # on the Orders page; the page's toolbar and context menu hold the same actions).
        self.orders_menu = orders_menu = menubar.addMenu(self.tr("&Orders"))
        orders_menu.setToolTipsVisible(True)
        for action in self.history_view.menu_actions():
            if action is None:
                orders_menu.addSeparator()
            else:
                orders_menu.addAction(action)
        self.settings_menu = settings_menu = menubar.addMenu(self.tr("S&ettings"))
        settings_menu.addAction(self.notify_action)
        settings_menu.addSeparator()
        settings_menu.addAction(self.preferences_action)
        help_menu = menubar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.licences_action)
        help_menu.addAction(self.about_action)

        self.escape_action = QAction(self)
        self.escape_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.escape_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.escape_action.triggered.connect(self.services_view.clear_search)
        self.services_view.addAction(self.escape_action)

    def _connect_pages(self) -> None:
        """The order form, the history and the spending page, wired to each other and to us."""
        form, history = self.order_form, self.history_view
        form.showOrder.connect(self.show_order_in_history)
        form.orderPlaced.connect(self._order_placed)
        form.busyChanged.connect(lambda _busy: self._close_when_sent())
        form.orderRecorded.connect(history.order_added)  # "Sending…", rejected, uncertain
        history.reorderRequested.connect(self.reorder)
        history.allPanelsRequested.connect(self.show_all_panels)
        history.sync.panelOnlineChanged.connect(self._history_online_changed)
        history.sync.panelKeyMissing.connect(self._key_missing)
        history.sync_finished.connect(self._history_synced)
        history.sync.syncStarted.connect(self._sync_started)
        history.sync.panelSynced.connect(self._sync_progress)
        history.sync.syncFinished.connect(lambda _report: self.sync_activity.finish())
        self.sync_activity.cancelRequested.connect(history.sync.cancel)
        # F5 is the window's (it refreshes the page shown): a second F5 would be ambiguous.
        history.action_refresh.setShortcut(QKeySequence())
        history.action_refresh.setToolTip(self.tr("Check the statuses of active orders now (F5)"))
        self.notify_action.setChecked(history.notifier.enabled)
        self.notify_action.toggled.connect(history.notifier.set_enabled)

    # ============================================================================ state
    def _restore_state(self) -> None:
        geometry = self.settings[options.WINDOW_GEOMETRY]
        if geometry is None or not self.restoreGeometry(geometry):
            # The first start: sized to the screen (maximised on a small one), never beyond.
            fit.first_start(self, DEFAULT_SIZE)
        state = self.settings[options.WINDOW_STATE]
        if state is not None:
            self.restoreState(state)
        self.services_view.restore_state()
        last = self.settings[options.LAST_VIEW]
        self.set_view(last if 0 <= last < View.COUNT else View.SERVICES)

    def save_state(self) -> None:
        self.settings[options.WINDOW_GEOMETRY] = self.saveGeometry()
        self.settings[options.WINDOW_STATE] = self.saveState()
        self.settings[options.LAST_VIEW] = self.nav.currentRow()
        self.settings[options.LAST_PANEL] = self.current_panel_id() or ""
        self.services_view.save_state()
        self.settings.sync()

    # -- quitting while an order is being sent (issue 17, item 8) ---------------------------------
    def order_in_flight(self) -> bool:
        """An order's `add` request is out and its answer not in yet (the order form, a mass
        order, or a scheduled run / Run now: issue 22)."""
        mass = self.mass_dialog
        return bool(self.order_form.busy or (mass is not None and mass.task is not None)
                    or self.workspace.scheduled_run_in_flight())

    def _ask_quit_while_sending(self) -> str:
        """"wait" or "quit"; tests replace ``ask_quit_while_sending``."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("An order is being sent"),
                          self.tr("An order is being sent to the panel and its answer has not "
                                  "arrived yet.\n\nWait for the answer (SMM Desk closes when it "
                                  "arrives), or quit anyway: the order is then recorded as "
                                  "uncertain, and you check the panel's order list."), parent=self)
        wait = box.addButton(self.tr("Wait for the answer"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(self.tr("Quit anyway"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(wait)
        box.exec()
        return "wait" if box.clickedButton() is wait else "quit"

    def _close_when_sent(self) -> None:
        if self._quit_when_sent and not self.order_in_flight():
            self._quit_when_sent = False
            QTimer.singleShot(0, self.quit_action.trigger)  # quit, as asked (not to the tray)

    def closeEvent(self, event: QCloseEvent) -> None:
        # -- automation (issue 15): closing may keep SMM Desk running in the tray instead
        if self.automation.tray.handle_close(event):
            return
        if not self._closing and self.order_in_flight():
            if self.ask_quit_while_sending() == "wait":
                event.ignore()
                self._quit_when_sent = True
                self.statusBar().showMessage(self.tr(
                    "Waiting for the panel's answer to the order being sent: SMM Desk closes "
                    "when it arrives."))
                return
            # Quit anyway: recorded as after a crash; the answer, if it still comes before the
            # process ends, replaces it. Shut-down does not wait for the request.
            self.abandoned_send = True
            n = self.workspace.abandon_sending()
            log.warning("quit while sending: %d order(s) recorded as uncertain", n)
        self._closing = True
        self.save_state()
        self._age_timer.stop()
        self.history_view.sync.stop()
        super().closeEvent(event)

    # ============================================================================ panels
    def current_panel_id(self) -> str | None:
        """The selected panel's id, or None for "All panels"."""
        data = self.panel_switcher.currentData()
        return data or None

    def show_all_panels(self) -> None:
        """The switcher on "All panels" (an empty list's "Show all panels")."""
        self.panel_switcher.setCurrentIndex(max(self.panel_switcher.findData(ALL_PANELS), 0))

    def current_panel(self) -> Panel | None:
        pid = self.current_panel_id()
        return next((p for p in self.snapshot.panels if p.id == pid), None)

    def panel_by_id(self, panel_id: str) -> Panel | None:
        return next((p for p in self.snapshot.panels if p.id == panel_id), None)

    def reload_panels(self, select: str | None = None) -> None:
        self.runner.submit(
            load_snapshot,
            self.workspace,
            on_result=partial(self._panels_loaded, select),
            on_error=self._background_error,
            task_name="load_panels",
        )

    def _panels_loaded(self, select: str | None, snap: PanelSnapshot) -> None:
        first = not self._loaded_once
        self._loaded_once = True
        self.snapshot = snap
        wanted = select if select is not None else self.current_panel_id()
        if first and select is None:
            wanted = self.settings[options.LAST_PANEL] or None
            if wanted is None and len(snap.panels) == 1:
                wanted = snap.panels[0].id  # one panel: show it, not "All panels"
        self.panel_switcher.blockSignals(True)
        self.panel_switcher.clear()
        self.panel_switcher.addItem(self.tr("All panels"), ALL_PANELS)
        metrics = self.panel_switcher.fontMetrics()
        for p in snap.panels:
            # Elided and isolated (a 2,000-character or Arabic name); the full name in the tip.
            name = elided_name(p.name, metrics, 2 * NAME_WIDTH)
            label = self.tr("%1 (simulated)").replace("%1", name) if p.is_demo else name
            self.panel_switcher.addItem(label, p.id)
            tip = display_text(p.name)
            if p.is_demo:
                tip += "\n" + self.tr(
                    "A simulated panel on this computer: nothing is bought for real")
            self.panel_switcher.setItemData(
                self.panel_switcher.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        pos = self.panel_switcher.findData(wanted or ALL_PANELS)
        self.panel_switcher.setCurrentIndex(max(pos, 0))
        self.panel_switcher.blockSignals(False)

        search_next = self._search_when_shown and bool(snap.panels)
        if search_next and self.welcome.isAncestorOf(QApplication.focusWidget()):
            QApplication.focusWidget().clearFocus()  # no stop in the sidebar on the way
        self.root.setCurrentWidget(self.welcome if not snap.panels else self.root.widget(0))
        self.toolbar.setVisible(bool(snap.panels))
        if search_next:
            self._search_when_shown = False
            self.focus_search()
        self._update_actions()
        self._update_status()
        self._pages_follow_panel()
        self.history_view.reload_panels()
        self.panelsLoaded.emit(list(snap.panels))
        self.load_services()
        if first:
            # Once the cached services are in the table (the first thing a person needs), or
            # after a moment at the latest: the keyring and the network compete with reading
            # them otherwise.
            self.servicesShown.connect(self._startup_network_once)
            QTimer.singleShot(STARTUP_NETWORK_LATEST_MS, self._startup_network_once)

    def _startup_network_once(self, _rows: int = 0) -> None:
        if self._network_started:
            return
        self._network_started = True
        self.servicesShown.disconnect(self._startup_network_once)
        self._startup_network()

    def _startup_network(self) -> None:
        """Balances for every panel; services for panels never (or long ago) refreshed."""
        now = datetime.now(UTC)
        for p in self.snapshot.panels:
            if p.is_demo and self.demo is not None and not self.demo.running:
                # The demo's port changes each run: restart it first, on the panel's own queue.
                self.runner.submit(
                    self.demo.ensure_panel,
                    self.workspace,
                    panel_id=p.id,
                    on_result=self._demo_restarted,
                    on_error=partial(self._panel_error, p.id),
                    task_name="start_demo",
                )
            refreshed = self.snapshot.refreshed_at.get(p.id)
            if refreshed is not None and refreshed.tzinfo is None:
                refreshed = refreshed.replace(tzinfo=UTC)
            if refreshed is None or now - refreshed > AUTO_REFRESH_AFTER:
                self.refresh([p.id])
            else:
                self.fetch_balance(p.id)

    def _demo_restarted(self, panel: Panel) -> None:
        self.demoReady.emit(panel.id)

    def _panel_switched(self, _index: int) -> None:
        self._update_actions()
        self._update_status()
        self._pages_follow_panel()
        self.load_services()

    def _pages_follow_panel(self) -> None:
        pid = self.current_panel_id()
        self.history_view.set_panel(pid)
        self.order_form.set_toolbar_panel(pid)  # it keeps its order, naming its own panel
        if self.spending_view.panel_id != pid:
            self.spending_view.set_panel(pid)

    def _update_actions(self) -> None:
        panel = self.current_panel()
        self.edit_action.setEnabled(panel is not None)
        self.remove_action.setEnabled(panel is not None)
        self.refresh_action.setEnabled(bool(self.snapshot.panels))
        self.demo_badge_action.setVisible(bool(panel and panel.is_demo))
        has_demo = any(p.is_demo for p in self.snapshot.panels)
        self.demo_action.setVisible(self.demo is not None and not has_demo)
        self.mass_order_action.setEnabled(panel is not None)
        if panel is not None:
            tip = self.tr("Place many orders on %1 at once: service ID | link | quantity per line")
            tip = tip.replace("%1", panel.name)
        elif self.snapshot.panels:
            tip = self.tr("Choose one panel in the switcher first: a mass order goes to one panel")
        else:
            tip = self.tr("Connect a panel first")
        self.mass_order_action.setToolTip(tip)
        self.mass_order_action.setStatusTip(tip)
        name = isolate(shorten(panel.name, 60)) if panel else self.tr("All panels")
        self.setWindowTitle(self.tr("%1 — SMM Desk").replace("%1", name))

    def add_panel(self) -> PanelDialog:
        dialog = PanelDialog(self.workspace, self.runner, None, self)
        dialog.saved.connect(self._panel_added)
        dialog.open()
        return dialog

    def edit_panel(self) -> PanelDialog | None:
        panel = self.current_panel()
        if panel is None:
            return None
        dialog = PanelDialog(self.workspace, self.runner, panel, self)
        dialog.saved.connect(self._panel_saved)
        dialog.open()
        return dialog

    def _key_missing(self, pid: str) -> None:
        """The panel has no API key stored (e.g. no system keyring, after a restart)."""
        if self.panel_by_id(pid) is not None:
            self.key_needed.add(pid)
            self._update_status()

    def enter_missing_key(self) -> PanelDialog | None:
        """Open the panel dialog of the (first shown) panel whose key is needed."""
        current = self.current_panel()
        shown = [current] if current else self.snapshot.panels
        panel = next((p for p in shown if p.id in self.key_needed), None)
        if panel is None:
            return None
        dialog = PanelDialog(self.workspace, self.runner, panel, self)
        dialog.saved.connect(self._panel_saved)
        dialog.open()
        return dialog

    def _panel_saved(self, panel: Panel) -> None:
        self.key_needed.discard(panel.id)
        self.statusBar().showMessage(self.tr("Panel “%1” saved.").replace("%1", panel.name), 5000)
        self.reload_panels(select=panel.id)
        self.refresh([panel.id])

    def _panel_added(self, panel: Panel) -> None:
        """A new panel. The first one is shown; another one joins the others under "All
        panels", so the orders and services already there stay in view (switching to the new,
        empty panel made the first order seem gone)."""
        if not self._has_other_panels(panel.id):
            self._panel_saved(panel)
            return
        self.key_needed.discard(panel.id)
        self.reload_panels(select=ALL_PANELS)
        self.refresh([panel.id])  # its progress shows beside the status bar's message
        self.statusBar().showMessage(self.tr(
            "Panel “%1” added. Showing all panels: choose one in the Panel list to see only "
            "its services and orders.").replace("%1", panel.name), 15000)

    def _has_other_panels(self, panel_id: str) -> bool:
        return any(p.id != panel_id for p in self.snapshot.panels)

    def remove_panel(self) -> None:
        panel = self.current_panel()
        if panel is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove panel"),
            self.tr(
                "Remove “%1”? Its API key is deleted from this computer; its order history stays."
            ).replace("%1", panel.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.runner.cancel_panel(panel.id)
        self.runner.submit(
            self.workspace.remove_panel,
            panel.id,
            on_result=lambda _r: self.reload_panels(select=ALL_PANELS),
            on_error=self._background_error,
            task_name="remove_panel",
        )

    # ============================================================================ demo
    def start_demo(self) -> None:
        if self.demo is None:
            return
        self.welcome.set_busy(True, self.tr("Starting the demo panel…"))
        self.demo_action.setEnabled(False)
        self.runner.submit(
            self.demo.ensure_panel,
            self.workspace,
            on_result=self._demo_started,
            on_error=self._demo_failed,
            task_name="start_demo",
        )

    def _demo_started(self, panel: Panel) -> None:
        self.welcome.set_busy(False)
        self.demo_action.setEnabled(True)
        self._search_when_shown = True  # the next step: find a service
        # Next to real panels: all of them shown, as for any panel added (``_panel_added``).
        self.reload_panels(select=ALL_PANELS if self._has_other_panels(panel.id) else panel.id)
        self.refresh([panel.id])
        self.demoReady.emit(panel.id)

    def _demo_failed(self, exc: BaseException) -> None:
        log.error("demo panel failed to start: %r", exc)
        self.demo_action.setEnabled(True)
        text = self.tr("The demo panel could not start: %1").replace("%1", str(exc))
        refocus = self.welcome.status.hasFocus()
        self.welcome.set_busy(False, text)
        if refocus:  # the message was read where the focus waited; the button is back
            self.welcome.demo_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.statusBar().showMessage(text, 10000)

    # ============================================================================ services
    def load_services(self) -> None:
        """Show the cached services of the current selection (loaded on a worker)."""
        self._services_generation += 1
        pid = self.current_panel_id()
        prefetch, self._prefetch = self._prefetch, None
        if prefetch is not None and prefetch.panel_id == pid and not prefetch.failed:
            # Read since start-up began: shown as soon as it is in (now, or when it arrives).
            prefetch.generation = self._services_generation
            if prefetch.loaded is not None:
                loaded, prefetch.loaded = prefetch.loaded, None
                self._services_loaded(prefetch.generation, pid, loaded)
            return
        self.runner.submit(
            load_for_view,  # the rows and their folded search text, on the worker
            self.workspace,
            pid,
            on_result=partial(self._services_loaded, self._services_generation, pid),
            on_error=self._background_error,
            task_name="load_services",
        )

    def _prefetched(self, prefetch: _Prefetch, loaded: LoadedServices) -> None:
        if prefetch.generation is not None:
            self._services_loaded(prefetch.generation, prefetch.panel_id, loaded)
        else:
            prefetch.loaded = loaded  # load_services takes it (and lets it go)

    def _prefetch_failed(self, prefetch: _Prefetch, exc: BaseException) -> None:
        prefetch.failed = True
        log.info("services read at start-up failed (%s): read again", type(exc).__name__)
        if prefetch.generation is not None and prefetch.generation == self._services_generation:
            self.load_services()  # the ordinary way, which reports what goes wrong

    def _load_description(self, panel_id: str, service_id: int,
                          deliver: Callable[[Service | None], None]) -> None:
        """The selected service's description (the table keeps none), read on a worker."""
        self.runner.submit(self.workspace.service, panel_id, service_id, on_result=deliver,
                           on_error=lambda _exc: deliver(None), task_name="service_description")

    def _services_loaded(self, generation: int, pid: str | None, loaded: LoadedServices) -> None:
        if generation != self._services_generation:
            return  # the person switched panels meanwhile
        visible = loaded.rows
        self.services_view.set_rows(visible, all_panels=pid is None, haystacks=loaded.haystacks)
        log.info("services shown: %d rows", len(visible))
        self.servicesShown.emit(len(visible))

    def refresh(self, panel_ids: list[str] | None = None) -> None:
        """Download services (then the balance) of the given panels, or the current selection."""
        if panel_ids is None or isinstance(panel_ids, bool):
            pid = self.current_panel_id()
            panel_ids = [pid] if pid else [p.id for p in self.snapshot.panels]
        started = False
        already = [pid for pid in panel_ids if pid in self._refreshing]
        for pid in panel_ids:
            if pid in self._refreshing:
                continue
            self._refreshing.add(pid)
            started = True
            # Balance first: it tells the store the panel's currency, which the rates need.
            self.fetch_balance(pid)
            self._refresh_tasks[pid] = self.runner.submit(
                self.workspace.refresh_services,
                pid,
                panel_id=pid,
                with_stop=True,
                with_progress=True,
                on_progress=partial(self._refresh_progress, pid),
                on_result=partial(self._refreshed, pid),
                on_error=partial(self._refresh_failed, pid),
                task_name="refresh_services",
            )
        names = ", ".join(isolate(shorten(p.name, 40)) for p in self.snapshot.panels
                          if p.id in self._refreshing) or self.tr("services")
        if started:
            self.refresh_activity.start(self.tr("Refreshing %1").replace("%1", names),
                                        self.tr("waiting for the panel…"))
            self.statusBar().showMessage(self.tr("Refreshing %1…").replace("%1", names))
        elif already:
            # A second F5 while the first runs: said, not silently ignored.
            self.statusBar().showMessage(self.tr(
                "Already refreshing %1 (%2 so far): the list appears when the panel has sent "
                "it.").replace("%1", names).replace(
                "%2", elapsed_text(self.refresh_activity.seconds())), 8000)

    def _refresh_progress(self, pid: str, _done: int, _total: int, step: str) -> None:
        text = {
            "download": self.tr("downloading the service list…"),
            "save": self.tr("saving the services…"),
            "snapshot": self.tr("saving the services…"),
        }.get(step)
        if text is not None and pid in self._refreshing:
            self.refresh_activity.step(text)

    def cancel_refresh(self) -> None:
        """The refresh's Cancel: each panel stops once its list is downloaded (a request under
        way cannot be interrupted) and stores nothing; the services saved before stay."""
        for pid, task in self._refresh_tasks.items():
            self._refresh_stopped.add(pid)
            task.cancel()
        self.refresh_activity.stopping()

    def _sync_started(self) -> None:
        self.sync_activity.start(self.tr("Checking order statuses"),
                                 self.tr("asking the panels…"))

    def _sync_progress(self, _result: object) -> None:
        sync = self.history_view.sync
        done = sync.planned - sync.remaining
        self.sync_activity.step(self.tr("%1 of %2 panels checked").replace(
            "%1", str(done)).replace("%2", str(sync.planned)))

    def _refreshed(self, pid: str, diff: ServicesDiff) -> None:
        self._set_online(pid, True)
        self._refresh_diffs.append(diff)
        self._refresh_done(pid)

    def _refresh_failed(self, pid: str, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self._refresh_done(pid)
            return
        self._panel_error(pid, exc)
        panel = self.panel_by_id(pid)
        name = isolate(shorten(panel.name, 60)) if panel else self.tr("A panel")
        self._refresh_errors.append(f"{name}: {describe_error(exc)}")
        self._refresh_done(pid)

    def _refresh_done(self, pid: str) -> None:
        self._refreshing.discard(pid)
        self._refresh_tasks.pop(pid, None)
        if self._refreshing:
            return
        self.refresh_activity.finish()
        stopped, self._refresh_stopped = self._refresh_stopped, set()
        diffs, errors = self._refresh_diffs, self._refresh_errors
        self._refresh_diffs, self._refresh_errors = [], []
        parts = []
        if stopped:
            parts.append(self.tr("Refresh stopped: the services saved before are kept"))
        if diffs:
            parts.append(self.tr("Services refreshed: %1").replace("%1", services_summary(
                sum(len(d.added) for d in diffs),
                sum(len(d.removed) for d in diffs),
                sum(len(d.repriced) for d in diffs),
                _unreadable_of(diffs),
            )))
        parts.extend(errors)
        summary = "; ".join(parts)
        self.statusBar().showMessage(summary, 0 if errors else 15000)
        log.info("refresh finished: %s", summary)
        self.refreshFinished.emit(summary)
        if diffs:
            self.reload_panels()  # refreshed_at, currency… then the services themselves

    def fetch_balance(self, pid: str) -> None:
        self.runner.submit(
            self.workspace.balance,
            pid,
            panel_id=pid,
            on_result=partial(self._balance_loaded, pid),
            on_error=partial(self._panel_error, pid),
            task_name="balance",
        )

    def _balance_loaded(self, pid: str, balance: Balance) -> None:
        self.snapshot.balances[pid] = (balance, datetime.now(UTC))
        self._set_online(pid, True)
        panel = self.panel_by_id(pid)
        if panel is not None and panel.currency != balance.currency and pid not in self._refreshing:
            self.reload_panels()  # the rates are shown in the panel's currency: now known

    def _panel_error(self, pid: str, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        log.warning("panel %s: %r", pid, exc)
        self.last_error[pid] = describe_error(exc)
        if isinstance(exc, MissingKeyError):
            self._key_missing(pid)
            return
        if is_offline_error(exc):
            self._set_online(pid, False)
        else:
            self._update_status()

    def _background_error(self, exc: BaseException) -> None:
        bridge.error(exc)

    def _show_message(self, message: Message) -> None:
        """What the message bridge says (a background failure, a note) in the status bar."""
        if not self._closing:
            self.statusBar().showMessage(message.text, message.timeout_ms)

    def _filter_applied(self, rows: int) -> None:
        # After the debounce only, so once per pause in typing, not per keystroke.
        log.info(
            "filter applied (%r): %d of %d rows",
            self.services_view.search.text(),
            rows,
            self.services_view.model.total_count,
        )

    def _favourite_toggled(self, panel_id: str, service_id: int, on: bool) -> None:
        self.runner.submit(
            self.workspace.set_favourite,
            panel_id,
            service_id,
            on,
            on_error=self._background_error,
            task_name="set_favourite",
        )

    # ============================================================================ views
    def add_page(self, page: QWidget, title: str, icon: QIcon) -> PageEntry:
        """A page: a sidebar row, a View-menu entry with the shortcut Ctrl+<its position> (the
        first nine) and the page itself. ``title`` carries the menu's access key ("Or&ders")."""
        index = len(self.page_entries)
        plain = title.replace("&&", "\0").replace("&", "").replace("\0", "&")
        page.setAccessibleName(plain)  # said when the focus lands on the page itself
        item = QListWidgetItem(icon, plain)
        item.setSizeHint(QSize(140, 36))
        self.nav.addItem(item)
        self.pages.addWidget(page)
        action = QAction(title, self, objectName=f"view_{index}")
        if index < 9:
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
        action.triggered.connect(partial(self.set_view, index))
        self.addAction(action)
        entry = PageEntry(page, title, action)
        self.page_entries.append(entry)
        self.view_actions.append(action)
        if self.view_menu is not None:
            self.view_menu.insertAction(self._view_pages_end, action)
        return entry

    def set_view(self, index: int) -> None:
        self.nav.setCurrentRow(index)

    def _nav_changed(self, index: int) -> None:
        if index < 0:
            return
        self._switch_page(index)
        self.history_view.set_page_active(index == View.ORDERS)
        if index == View.NEW_ORDER and self._selection_newer and not self.order_form.busy:
            row = self.services_view.current_row()
            if row is not None and (row.panel_id, row.service.id) != self.picked_service:
                # Arrowing through the sidebar: the form follows, the focus stays in the sidebar.
                self.order_service(row.panel_id, row.service.id, focus=False)
        if index == View.ORDERS:
            tip = self.tr("Check the statuses of active orders now (F5)")
        elif index == View.SPENDING:
            tip = self.tr("Recount the spending from the saved orders (F5)")
            self.spending_view.reload()  # cheap (the store), and orders may have changed
        else:
            tip = self.tr("Download the services and balance again (F5)")
        self.refresh_action.setToolTip(tip)
        self.viewChanged.emit(index)

    def _switch_page(self, index: int) -> None:
        """Show page ``index``. When the focus was in the page left, it goes straight into the
        new one (where it was last, else its first control, else the page): Qt would pass it
        to the window's next widget first, the toolbar's panel switcher, on every switch."""
        old = self.pages.currentWidget()
        page = self.pages.widget(index)
        focus_widget = QApplication.focusWidget()
        target, self._next_focus = self._next_focus, None
        if old is page or focus_widget is None or old is None or not old.isAncestorOf(
                focus_widget):
            self.pages.setCurrentIndex(index)
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._page_focus[id(old)] = focus_widget  # (clearFocus forgets it in the page too)
        target = target or focus.entry_point(page, self._page_focus.get(id(page)))
        focus_widget.clearFocus()
        self.pages.setCurrentIndex(index)
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_view(self) -> int:
        return self.nav.currentRow()

    def refresh_current(self) -> None:
        """F5 / the Refresh button: what the page shown needs."""
        view = self.current_view()
        if view == View.ORDERS:
            if self.history_view.sync.busy:
                # Said, not silently ignored: the statuses are checked once more right after.
                self.statusBar().showMessage(self.tr(
                    "Already checking the statuses of active orders (%1 so far); they are "
                    "checked again when this check ends.").replace(
                    "%1", elapsed_text(self.sync_activity.seconds())), 8000)
            else:
                self.statusBar().showMessage(
                    self.tr("Checking the statuses of active orders…"), 5000)
            self.history_view.refresh_now()
        elif view == View.SPENDING:
            self.spending_view.reload()
        else:
            self.refresh()

    def replace_page(self, index: int, page: QWidget) -> QWidget:
        """Put a real page where a placeholder was (the order form, the history). Returns the
        old page, already removed and scheduled for deletion."""
        old = self.pages.widget(index)
        self.pages.insertWidget(index, page)
        self.pages.removeWidget(old)
        old.deleteLater()
        if self.nav.currentRow() == index:
            self.pages.setCurrentIndex(index)
        if index == View.NEW_ORDER:
            self.order_page = page
        elif index == View.ORDERS:
            self.orders_page = page
        if 0 <= index < len(self.page_entries):
            self.page_entries[index].page = page
        return old

    def focus_search(self) -> None:
        if self.root.currentWidget() is self.welcome:
            return
        self.set_view(View.SERVICES)
        self.services_view.focus_search()

    def new_order(self) -> None:
        row = self.services_view.current_row()
        if row is not None:
            self.order_service(row.panel_id, row.service.id)
        else:
            self.set_view(View.NEW_ORDER)

    def _service_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._selection_newer = current.isValid()

    def order_service(self, panel_id: str, service_id: int, *, focus: bool = True) -> None:
        """Open the order form for this service (double-click, Enter, "Order…", Ctrl+N, or the
        sidebar's "New order" after selecting it). ``focus``: its first field takes the focus."""
        self._selection_newer = False
        self.picked_service = (panel_id, service_id)
        self.order_form.set_service(panel_id, service_id, focus=focus)
        self.set_view(View.NEW_ORDER)

    def show_order_in_history(self, local_id: int) -> None:
        if self.current_view() != View.ORDERS:
            self._next_focus = self.history_view.table  # the order's row: the next step
        self.set_view(View.ORDERS)
        self.history_view.show_order(local_id)

    def _order_placed(self, local_id: int) -> None:
        self.history_view.order_added(local_id)
        panel = self.order_form.panel
        if panel is not None:
            self.fetch_balance(panel.id)  # the charge left the account: show what remains

    def reorder(self, local_id: int) -> None:
        """"Order again" in the history: the form for that order's service, filled like it."""
        self.runner.submit(
            self.workspace.order,
            local_id,
            on_result=self._reorder_loaded,
            on_error=self._background_error,
            task_name="reorder",
        )

    def _reorder_loaded(self, order: LocalOrder) -> None:
        self._selection_newer = False
        self.picked_service = (order.panel_id, order.service_id)
        self.order_form.prefill(order)
        self.set_view(View.NEW_ORDER)

    def open_mass_order(self) -> MassOrderDialog | None:
        panel = self.current_panel()
        if panel is None:
            return None
        old = self.mass_dialog
        if old is not None and shiboken6.isValid(old):
            if old.task is not None or (old.isVisible() and old.panel_id == panel.id):
                old.show()  # still sending (or already open here): bring it forward
                old.raise_()
                old.activateWindow()
                return old
            old.deleteLater()
        # Deliberately lazy: the mass-order dialog (and smmdesk.massorder) is loaded when first
        # opened, not during start-up.
        from ui.orders.mass_order import MassOrderDialog

        dialog = MassOrderDialog(self.workspace, panel.id, self, runner=self.runner)
        dialog.orderPlaced.connect(self.history_view.order_added)
        dialog.batchFinished.connect(partial(self._mass_order_finished, panel.id))
        dialog.batchFinished.connect(lambda _record: self._close_when_sent())
        self.mass_dialog = dialog
        dialog.show()
        return dialog

    def _mass_order_finished(self, panel_id: str, _record: object) -> None:
        self.fetch_balance(panel_id)
        self.history_view.order_added()  # refused and uncertain lines too: rows and counts

    def open_preferences(self) -> PreferencesDialog:
        dialog = PreferencesDialog(
            self.history_view.sync.interval_s,
            self.settings[options.LANGUAGE],
            self,
        )
        dialog.accepted.connect(partial(self._preferences_accepted, dialog))
        self.compare.add_preferences(dialog)
        dialog.finished.connect(dialog.deleteLater)
        self.preferences_dialog = dialog
        dialog.open()
        return dialog

    def _preferences_accepted(self, dialog: PreferencesDialog) -> None:
        self.history_view.sync.set_interval(dialog.interval_s())
        old = self.settings[options.LANGUAGE] or "system"
        language = dialog.language_code()
        self.settings[options.LANGUAGE] = language
        self.settings.sync()
        if language != old:
            self.statusBar().showMessage(
                self.tr("The new language is applied the next time SMM Desk starts."), 15000
            )

    def show_licences(self) -> LicencesDialog:
        """Help → Third-party licences (non-modal, read-only plain text)."""
        dialog = LicencesDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About SMM Desk"),
            self.tr(
                "SMM Desk %1\n\nOne desktop window for every SMM panel: services, orders and "
                "history, offline-first. API keys stay in your system keyring."
            ).replace("%1", __version__),
        )

    # ============================================================================ status bar
    def _set_online(self, pid: str, online: bool, *, tell_history: bool = True) -> None:
        was = self.online.get(pid)
        self.online[pid] = online
        if online:
            self.last_error.pop(pid, None)
            self.key_needed.discard(pid)
        if tell_history and was is not online and (was is False or not online):
            # Offline: the history shows since when its data is and disables network actions.
            self.history_view.set_offline(pid, None if online else datetime.now(UTC))
        self._update_status()

    def _history_online_changed(self, pid: str, online: bool) -> None:
        """The history's status sync reached (or missed) the panel: the indicator follows."""
        if self.panel_by_id(pid) is not None:
            self._set_online(pid, online, tell_history=False)

    def _history_synced(self, report: object) -> None:
        if self.current_view() == View.SPENDING:
            self.spending_view.reload()

    def _active_changed(self, count: int) -> None:
        if self._closing:
            return
        self.progress.setVisible(count > 0)
        self.progress.setToolTip(self.tr("%1 background task(s) running").replace("%1", str(count)))

    def _update_status(self) -> None:
        panels = self.snapshot.panels
        current = self.current_panel()
        shown = [current] if current else panels
        parts, full, exact = [], [], []
        metrics = self.balances_label.fontMetrics()
        for p in panels:  # every panel's balance; the online state is about the selection
            last = self.snapshot.balances.get(p.id)
            if last is None:
                continue
            balance, when = last
            text = f"{format_charge(balance.amount, balance.currency)} · {format_age(when)}"
            name = isolate(display_text(p.name))
            parts.append(text if len(panels) == 1
                         else f"{elided_name(p.name, metrics, NAME_WIDTH // 2 + 40)}: {text}")
            full.append(f"{name}: {text}")
            exact.append(f"{name}: {format_exact(balance.amount, balance.currency)}")
        crowded = len(parts) > MAX_BALANCES_SHOWN
        self.balances_label.setVisible(not crowded)
        self.balances_button.setVisible(crowded)
        if crowded:
            # Too many for one line: a summary, each balance in the button's popup.
            self.balances_button.setText(
                self.tr("%1 panels · balances…").replace("%1", str(len(parts))))
            menu = self.balances_button.menu()
            menu.clear()
            for line in full:
                action = menu.addAction(elided_name(line, metrics, 3 * NAME_WIDTH))
                action.setToolTip(literal(line))
        else:
            self.balances_label.setText("   |   ".join(parts))
        tip = literal(  # panel names: text, never markup
            self.tr("Last known balance and how old it is") + "\n" + "\n".join(exact))
        self.balances_label.setToolTip(tip)
        self.balances_button.setToolTip(tip)

        states = [self.online.get(p.id) for p in shown]
        needing = [p for p in shown if p.id in self.key_needed]
        self.enter_key_button.setVisible(bool(needing))
        if needing:
            self.enter_key_button.setToolTip(
                self.tr("Enter the API key of %1 again").replace("%1", needing[0].name))
        if not shown:
            text, color = "", None
        elif needing and len(needing) == len(shown):
            text, color = self.tr("● Key needed"), "#c0392b"
        elif needing:
            text = self.tr("● %1 need a key").replace("%1", str(len(needing)))
            color = "#e67e22"
        elif all(s is None for s in states):
            text, color = self.tr("● Connecting…"), "#7f8c8d"
        elif all(s is True for s in states):
            text, color = self.tr("● Online"), "#27ae60"
        elif all(s is False for s in states):
            text, color = self.tr("● Offline"), "#c0392b"
        else:
            n_on = sum(1 for s in states if s)
            n_off = sum(1 for s in states if s is False)
            text = (
                self.tr("● %1 online · %2 offline")
                .replace("%1", str(n_on))
                .replace("%2", str(n_off))
            )
            color = "#e67e22"
        self.online_label.setText(text)
        self.online_label.setStyleSheet(f"color: {color}; padding: 0 6px;" if color else "")
        errors = [f"{isolate(shorten(p.name, 60))}: {self.last_error[p.id]}" for p in shown
                  if p.id in self.last_error]
        offline = [p for p in shown if self.online.get(p.id) is False]
        tip = "\n".join(errors)
        if offline:
            tip = self.tr("Offline: showing the services saved on this computer.") + (
                "\n" + tip if tip else ""
            )
        self.online_label.setToolTip(literal(tip))  # panels' error texts: never markup

    def is_offline(self, panel_id: str) -> bool:
        return self.online.get(panel_id) is False


def _unreadable_of(diffs: list[ServicesDiff]) -> dict[str, int]:
    """The panels' unreadable service rows, by reason, summed (issue 12: say it, not just log)."""
    out: dict[str, int] = {}
    for diff in diffs:
        for reason, count in diff.unreadable.items():
            out[reason] = out.get(reason, 0) + count
    return out
