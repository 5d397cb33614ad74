"""The main window: panel switcher, the pages (Services / New order / Orders / Spending, then
Scheduled and Alerts), the status bar with balances.

Every workspace call goes through the task runner: the GUI thread never waits on the network
or on the store (which a worker may be holding while it writes 50,000 services).

The window is the composition root. What the app knows of its panels is the session model's
(``ui.session.SessionModel``): the pages, the status bar and the window listen to it. Pages and
parts register themselves and their actions with the action registry (``ui.actions``), which
puts each in its menu and toolbar slot; nothing walks the menu bar. Moving between pages and the
requests between them (a service picked in the table opens the order form; "Order again"
prefills it; "Show in history" selects the order; F5 refreshes what the page shown needs) are
``ui.shell.navigation.PageNavigation``'s; the window keeps their public names.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from smmdesk import options
from smmdesk.models import Panel
from smmdesk.textnorm import isolate, shorten
from ui import bridge, fit, focus
from ui.actions import MENU_TITLES, ActionRegistry, MainAction, Menu, PageEntry
from ui.bridge import Message
from ui.compare.window import CompareWiring
from ui.order_form.form import OrderForm
from ui.orders.view import OrdersView
from ui.services.view import ServicesView
from ui.session import SessionModel
from ui.settings import Settings
from ui.shell.automation import AutomationUi
from ui.shell.books import BooksUi
from ui.shell.help import add_help, show_licences
from ui.shell.navigation import PageNavigation, View
from ui.shell.panels import ALL_PANELS, PanelControl
from ui.shell.preferences import PreferencesDialog
from ui.shell.quitting import SendGuard
from ui.shell.services_feed import ServicesFeed
from ui.shell.status import StatusArea
from ui.shell.team import TeamWatch
from ui.shell.welcome import WelcomeView
from ui.spending.view import SpendingView

if TYPE_CHECKING:
    from smmdesk.demo import DemoPanel
    from smmdesk.workspace import Workspace
    from ui.order_form.mass_order import MassOrderDialog
    from ui.panels.dialog import PanelDialog
    from ui.shell.licences import LicencesDialog
    from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

__all__ = ["ALL_PANELS", "MainWindow", "PageEntry", "View"]

AUTO_REFRESH_AFTER = timedelta(hours=6)
STARTUP_NETWORK_LATEST_MS = 3000  # the network starts at the latest this long after the panels
DEFAULT_SIZE = QSize(1200, 760)  # the first start's wish, bounded by the screen (ui/fit.py)


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
    demoReady = Signal(str)  # demo panel id
    viewChanged = Signal(int)

    def __init__(self, workspace: Workspace, runner: TaskRunner, settings: Settings,
                 demo: DemoPanel | None = None, parent: QWidget | None = None, *,
                 session: SessionModel | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.workspace = workspace
        self.runner = runner
        self.settings = settings
        self.demo = demo
        self.session = session or SessionModel(workspace, runner, settings, self)
        # Start-up reads the services at once, while the window is being built.
        self.feed = ServicesFeed(self.session, settings[options.LAST_PANEL] or None, self._say,
                                 self)
        self.servicesShown = self.feed.servicesShown
        self.refreshFinished = self.feed.refreshFinished
        self._loaded_once = False
        self._network_started = False
        self._closing = False
        self._search_when_shown = False  # the demo started: the search box takes the focus
        self.mass_dialog: MassOrderDialog | None = None
        self.preferences_dialog: PreferencesDialog | None = None

        # a team workspace: the banner while its server is away, keys not on this computer
        self.team = TeamWatch(workspace, runner, self.session, self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            focus.install(app)  # focus ring, Enter on buttons, focus back after dialogs
        self.setWindowTitle(self.tr("SMM Desk"))
        self._build_ui()
        self._build_actions()
        self.guard = SendGuard(self, self.order_in_flight, self.workspace.abandon_sending,
                               self.quit_action, self._say)
        self._add_pages()
        self.registry.build_menus(self.menuBar(), {m: self.tr(t) for m, t in MENU_TITLES.items()})
        self._connect_pages()
        self.compare = CompareWiring(self, self.registry, self.session,
                                     services_view=self.services_view,
                                     order_form=self.order_form,
                                     services_shown=self.servicesShown)
        self.compare.orderRequested.connect(self.navigation.compare_order)
        self._restore_state()
        self.automation = AutomationUi(self, self.registry, self.session,
                                       history_view=self.history_view,
                                       services_view=self.services_view,
                                       order_form=self.order_form)
        self.automation.showOrderRequested.connect(self.show_order_in_history)
        self.automation.orderFormRequested.connect(self.new_order)
        self.automation.runEnded.connect(self._close_when_sent)
        # -- the reseller's books (issue 26): Customers and Reports pages: ui/shell/books.py
        self.books = BooksUi(self, self.add_page, self.workspace, self.runner, self.settings,
                             self.show_customer_orders)
        bridge.global_bridge().shown.connect(self._show_message)
        self.team.availabilityChanged.connect(self._team_availability)
        self.session.panelsChanged.connect(self._panels_loaded)
        self.panels.reload()

    # ============================================================================ construction
    def _build_ui(self) -> None:
        self.toolbar = QToolBar(self.tr("Panels"), objectName="main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.toolbar)
        self.panels = PanelControl(self, self.session, self.runner, self._say)
        self.panel_switcher, self.demo_badge = self.panels.switcher, self.panels.demo_badge

        self.nav = QListWidget(objectName="nav")
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setFixedWidth(132)
        self.nav.setSpacing(2)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setAccessibleName(self.tr("Pages"))
        self.nav.setAccessibleDescription(
            self.tr("Arrow keys choose a page; each has its shortcut in the View menu"))
        self.pages = QStackedWidget(objectName="pages")
        self.registry = ActionRegistry(self, self.nav, self.pages)
        self.panels.install(self.toolbar, self.registry)
        self.demo_badge_action = self.panels.demo_badge_action
        self.add_action, self.edit_action, self.remove_action = (
            self.panels.add_action, self.panels.edit_action, self.panels.remove_action)

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
        central = QWidget(objectName="central")
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.team.banner)  # hidden unless the team server is away
        central_layout.addWidget(self.root, 1)
        self.setCentralWidget(central)

        self.status = StatusArea(self.statusBar(), self.session, self.runner,
                                 self.current_panel_id)
        self.status.enterKeyRequested.connect(self.enter_missing_key)
        for name in ("balances_label", "balances_button", "online_label", "enter_key_button",
                     "progress", "refresh_activity", "sync_activity"):
            setattr(self, name, getattr(self.status, name))

    def _action(self, key: MainAction, text: str, slot: Callable[..., Any], *,
                icon: QStyle.StandardPixmap | None = None, shortcut: Any = None,
                tip: str = "", name: str | None = None, anywhere: bool = False) -> QAction:
        action = QAction(text, self, objectName=name or "")
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return self.registry.add_action(key, action, shortcut_anywhere=anywhere)

    def _build_actions(self) -> None:
        sp, a = QStyle.StandardPixmap, MainAction
        self.refresh_action = self._action(
            a.REFRESH, self.tr("&Refresh"), lambda *_: self.refresh_current(),
            icon=sp.SP_BrowserReload,
            shortcut=Qt.Key.Key_F5, name="refresh", anywhere=True,
            tip=self.tr("Download the services and balance again (F5)"))
        self.demo_action = self._action(
            a.DEMO, self.tr("Try the &demo panel"), self.start_demo, icon=sp.SP_MediaPlay,
            name="demo", tip=self.tr("A simulated panel on this computer: nothing is bought "
                                     "for real"))
        self.quit_action = self._action(a.QUIT, self.tr("&Quit"), self.close,
                                        shortcut=QKeySequence.StandardKey.Quit)
        self.find_action = self._action(a.FIND, self.tr("&Find service"),
                                        lambda *_: self.focus_search(),
                                        shortcut=QKeySequence.StandardKey.Find, anywhere=True)
        self.new_order_action = self._action(a.NEW_ORDER, self.tr("&New order"),
                                             lambda *_: self.new_order(),
                                             shortcut=QKeySequence.StandardKey.New,
                                             anywhere=True)
        self.mass_order_action = self._action(a.MASS_ORDER, self.tr("&Mass order…"),
                                              self.open_mass_order, name="mass_order",
                                              icon=sp.SP_FileDialogContentsView)
        self.notify_action = self._action(
            a.NOTIFY, self.tr("&Notify when orders finish"), lambda *_: None,
            name="notify_orders", tip=self.tr(
                "A desktop notification when an order completes, ends partial or is canceled"))
        self.notify_action.setCheckable(True)
        self.preferences_action = self._action(
            a.PREFERENCES, self.tr("&Preferences…"), self.open_preferences, name="preferences",
            shortcut=QKeySequence.StandardKey.Preferences)
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.licences_action, self.about_action = add_help(self.registry, self)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.registry.build_toolbar(self.toolbar, spacer)
        fit.fit_toolbar(self.toolbar)  # a 1024-px screen: icons only, nothing behind "»"

    def _add_pages(self) -> None:
        self.services_view = ServicesView(self.settings)
        self.feed.attach(self.services_view, self.refresh_activity, self.current_panel_id)
        self.order_form = OrderForm(self.workspace, runner=self.runner, session=self.session)
        self.history_view = OrdersView(self.workspace, self.runner, settings=self.settings,
                                        session=self.session, autostart=False)
        self.spending_view = SpendingView(self.workspace, self.runner)
        nav = self.navigation = PageNavigation(
            self, self.registry, self.session, self.runner, services=self.services_view,
            form=self.order_form, orders=self.history_view, spending=self.spending_view,
            refresh_action=self.refresh_action, sync_activity=self.sync_activity, say=self._say,
            refresh_services=self.refresh, welcome_shown=lambda: self.root.currentWidget() is (
                self.welcome))
        nav.pageChanged.connect(self.viewChanged)
        self.set_view, self.current_view, self.refresh_current = (
            nav.set_view, nav.current_view, nav.refresh_current)
        self.focus_search, self.new_order, self.order_service = (
            nav.focus_search, nav.new_order, nav.order_service)
        self.show_order_in_history, self.show_customer_orders, self.reorder = (
            nav.show_order_in_history, nav.show_customer_orders, nav.reorder)
        self.services_view.orderRequested.connect(self.order_service)
        sv, style, sp = self.services_view, self.style(), QStyle.StandardPixmap
        for title, icon, page, actions in (
            (self.tr("&Services"), style.standardIcon(sp.SP_FileDialogListView), sv, {
                MainAction.COPY_SERVICE_ID: sv.copy_id_action,
                MainAction.COPY_SERVICE_NAME: sv.copy_name_action,
                MainAction.FAVOURITE: sv.favourite_action}),
            (self.tr("New &order"), style.standardIcon(sp.SP_FileDialogNewFolder),
             self.order_form, {}),
            (self.tr("Or&ders"), style.standardIcon(sp.SP_FileDialogInfoView),
             self.history_view, self.history_view.actions_.registered()),
            (self.tr("S&pending"), chart_icon(), self.spending_view, {}),
        ):
            self.registry.add_page(page, title, icon, actions)
        self.nav.setCurrentRow(0)

    def _connect_pages(self) -> None:
        """The pages wired to each other and to the window."""
        form, history, session = self.order_form, self.history_view, self.session
        form.showOrder.connect(self.show_order_in_history)
        form.busyChanged.connect(lambda _busy: self._close_when_sent())
        history.reorderRequested.connect(self.reorder)
        history.allPanelsRequested.connect(self.panels.show_all)
        self.panels.switched.connect(self._panel_switched)
        self.panels.refreshRequested.connect(self.refresh)
        self.panels.demoStarted.connect(self._demo_started)
        self.panels.demoFailed.connect(lambda: self.demo_action.setEnabled(True))
        self.feed.refreshFinished.connect(lambda _summary: self._update_actions())
        sync = session.sync
        sync.syncStarted.connect(self._sync_started)
        sync.panelSynced.connect(self._sync_progress)
        sync.syncFinished.connect(self._synced)
        session.ordersAdded.connect(self._orders_moved)
        self.sync_activity.cancelRequested.connect(sync.cancel)
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
        self.set_view(last if last < View.COUNT else View.SERVICES)

    def save_state(self) -> None:
        self.settings[options.WINDOW_GEOMETRY] = self.saveGeometry()
        self.settings[options.WINDOW_STATE] = self.saveState()
        self.settings[options.LAST_VIEW] = self.nav.currentRow()
        self.settings[options.LAST_PANEL] = self.current_panel_id() or ""
        self.services_view.save_state()
        self.settings.sync()

    # -- quitting while an order is being sent (ui/shell/quitting.py) -------------------------
    def order_in_flight(self) -> bool:
        """An order's `add` request is out and its answer not in yet (the order form, a mass
        order, or a scheduled run / Run now)."""
        mass = self.mass_dialog
        return bool(self.order_form.busy or (mass is not None and mass.task is not None)
                    or self.workspace.scheduled_run_in_flight())

    @property
    def ask_quit_while_sending(self) -> Callable[[], str]:
        """"wait" or "quit" (a question; tests replace it)."""
        return self.guard.ask

    @ask_quit_while_sending.setter
    def ask_quit_while_sending(self, ask: Callable[[], str]) -> None:
        self.guard.ask = ask

    @property
    def abandoned_send(self) -> bool:
        return self.guard.abandoned

    def _close_when_sent(self, *_args: object) -> None:
        self.guard.answered()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing may keep SMM Desk running in the tray instead.
        if self.automation.tray.handle_close(event):
            return
        if not self._closing and not self.guard.closing(event):
            return
        self._closing = True
        self.save_state()
        self.status.stop()
        self.team.stop()
        self.session.stop()
        super().closeEvent(event)

    # ============================================================================ panels
    def current_panel_id(self) -> str | None:
        """The selected panel's id, or None for "All panels"."""
        return self.panels.current_id()

    def current_panel(self) -> Panel | None:
        return self.panels.current()

    def reload_panels(self, select: str | None = None) -> None:
        self.panels.reload(select)

    def add_panel(self) -> PanelDialog:
        return self.panels.add()

    def edit_panel(self) -> PanelDialog | None:
        return self.panels.edit()

    def remove_panel(self) -> None:
        self.panels.remove()

    def enter_missing_key(self) -> PanelDialog | None:
        return self.panels.enter_missing_key()

    @property
    def last_error(self) -> dict[str, str]:
        """Each panel's last failure in words (the session's)."""
        return {pid: s.last_error for pid, s in self.session.states().items() if s.last_error}

    def is_offline(self, panel_id: str) -> bool:
        return self.session.is_offline(panel_id)

    def fetch_balance(self, panel_id: str) -> None:
        self.session.fetch_balance(panel_id)

    def _panels_loaded(self, panels: list[Panel]) -> None:
        first = not self._loaded_once
        if self.session.team_me is not None:  # what this desk's login may do
            self.order_form.set_place_blocked(self.team.placing_paused_text())
            self.automation.schedules_view.set_team_me(self.session.team_me)
        self._loaded_once = True
        wanted = self.current_panel_id()
        if first:
            wanted = self.settings[options.LAST_PANEL] or None
            if wanted is None and len(panels) == 1:
                wanted = panels[0].id  # one panel: show it, not "All panels"
        self.panels.fill(panels, wanted)
        search_next = self._search_when_shown and bool(panels)
        if search_next and self.welcome.isAncestorOf(QApplication.focusWidget()):
            QApplication.focusWidget().clearFocus()  # no stop in the sidebar on the way
        self.root.setCurrentWidget(self.welcome if not panels else self.root.widget(0))
        self.toolbar.setVisible(bool(panels))
        if search_next:
            self._search_when_shown = False
            self.focus_search()
        self._update_actions()
        self.status.update()
        self._pages_follow_panel()
        self.panelsLoaded.emit(list(panels))
        self.feed.load()
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
        """Balances, services read long ago, the status timer, others' changes watched."""
        self.feed.startup_network(self.demo, self._demo_restarted)
        self.session.sync.start()
        self.session.watch_outside()

    def _demo_restarted(self, panel: Panel) -> None:
        self.demoReady.emit(panel.id)

    def _panel_switched(self) -> None:
        self._update_actions()
        self.status.update()
        self._pages_follow_panel()
        self.feed.load()

    def _pages_follow_panel(self) -> None:
        pid = self.current_panel_id()
        self.history_view.set_panel(pid)
        self.order_form.set_toolbar_panel(pid)  # it keeps its order, naming its own panel
        if self.spending_view.panel_id != pid:
            self.spending_view.set_panel(pid)

    def _update_actions(self) -> None:
        panel = self.current_panel()
        panels = self.session.panels()
        self.panels.update_actions()
        self.refresh_action.setEnabled(bool(panels))
        self.demo_action.setVisible(self.demo is not None and not any(p.is_demo for p in panels))
        paused = self.team.placing_paused_text()  # the server away, or a viewer's login
        self.mass_order_action.setEnabled(panel is not None and not paused)
        if paused:
            tip = paused
        elif panel is not None:
            tip = self.tr("Place many orders on %1 at once: service ID | link | quantity per line")
            tip = tip.replace("%1", panel.name)
        elif panels:
            tip = self.tr("Choose one panel in the switcher first: a mass order goes to one panel")
        else:
            tip = self.tr("Connect a panel first")
        self.mass_order_action.setToolTip(tip)
        self.mass_order_action.setStatusTip(tip)
        name = isolate(shorten(panel.name, 60)) if panel else self.tr("All panels")
        self.setWindowTitle(self.tr("%1 — SMM Desk").replace("%1", name))

    def _team_availability(self, reachable: bool) -> None:
        """The team server went away (placing stops; what is shown stays) or is back (what the
        pages show is read again)."""
        why = self.team.placing_paused_text()
        self.order_form.set_place_blocked(why)
        self.automation.schedules_view.set_placing_paused(why)
        self._update_actions()
        if reachable:
            self.reload_panels()
            self.session.orders_added()  # the orders pages read again (a colleague's too)
        else:
            self._say(why, 10000)

    # ============================================================================ demo
    def start_demo(self) -> None:
        if self.demo is not None:
            self.demo_action.setEnabled(False)
            self.panels.start_demo(self.demo, self.welcome)

    def _demo_started(self, panel: Panel) -> None:
        self.demo_action.setEnabled(True)
        self._search_when_shown = True  # the next step: find a service
        self.refresh([panel.id])
        self.demoReady.emit(panel.id)

    # ============================================================================ services
    def refresh(self, panel_ids: list[str] | None = None) -> None:
        """Download services (then the balance) of the given panels, or the current selection."""
        self.feed.refresh(panel_ids)

    def cancel_refresh(self) -> None:
        self.feed.cancel()

    @property
    def services_shown_once(self) -> bool:  # start-up's background work waits for it
        return self.feed.shown_once

    @property
    def _refreshing(self) -> set[str]:
        return self.feed.refreshing

    def _sync_started(self) -> None:
        self.sync_activity.start(self.tr("Checking order statuses"),
                                 self.tr("asking the panels…"))

    def _sync_progress(self, _result: object) -> None:
        sync = self.session.sync
        done = sync.planned - sync.remaining
        self.sync_activity.step(self.tr("%1 of %2 panels checked").replace(
            "%1", str(done)).replace("%2", str(sync.planned)))

    def _synced(self, _report: object) -> None:
        self.sync_activity.finish()
        self._orders_moved()

    def _orders_moved(self, *_args: object) -> None:
        if self.current_view() == View.SPENDING:
            self.spending_view.reload()  # cheap (the store): the page shown follows

    def _say(self, text: str, timeout_ms: int = 0) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def _show_message(self, message: Message) -> None:
        """What the message bridge says (a background failure, a note) in the status bar."""
        if not self._closing:
            self.statusBar().showMessage(message.text, message.timeout_ms)

    # ============================================================================ views
    @property
    def picked_service(self) -> tuple[str, int] | None:
        """The service the order form was last set to from here (the navigation's)."""
        return self.navigation.picked_service

    @property
    def page_entries(self) -> list[PageEntry]:
        return self.registry.page_entries

    @property
    def view_actions(self) -> list[QAction]:
        return self.registry.view_actions

    @property
    def view_menu(self) -> QMenu:
        return self.registry.menu(Menu.VIEW)

    @property
    def services_menu(self) -> QMenu:
        return self.registry.menu(Menu.SERVICES)

    @property
    def orders_menu(self) -> QMenu:
        return self.registry.menu(Menu.ORDERS)

    @property
    def settings_menu(self) -> QMenu:
        return self.registry.menu(Menu.SETTINGS)

    def add_page(self, page: QWidget, title: str, icon: QIcon) -> PageEntry:
        """A page: a sidebar row, a View-menu entry (Ctrl+<its position>) and the page."""
        return self.registry.add_page(page, title, icon)

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
        from ui.order_form.mass_order import MassOrderDialog

        dialog = MassOrderDialog(self.workspace, panel.id, self, runner=self.runner)
        dialog.orderPlaced.connect(lambda local_id: self.session.orders_added([local_id]))
        dialog.batchFinished.connect(partial(self._mass_order_finished, panel.id))
        self.mass_dialog = dialog
        dialog.show()
        return dialog

    def _mass_order_finished(self, panel_id: str, _record: object) -> None:
        self.session.fetch_balance(panel_id)
        self.session.orders_added()  # refused and uncertain lines too: rows and counts
        self._close_when_sent()

    def open_preferences(self) -> PreferencesDialog:
        dialog = PreferencesDialog(self.session.sync.interval_s, self.settings[options.LANGUAGE],
                                   self)
        dialog.accepted.connect(partial(self._preferences_accepted, dialog))
        self.compare.add_preferences(dialog)
        # Deliberately lazy: the team page is loaded when Preferences first opens.
        from ui.shell.team_prefs import TeamWorkspacePage

        team_page = TeamWorkspacePage(self.settings, self.runner, self.workspace.store_address)
        dialog.team_page = team_page
        dialog.add_section(self.tr("Team workspace"), team_page)
        dialog.finished.connect(dialog.deleteLater)
        self.preferences_dialog = dialog
        dialog.open()
        return dialog

    def _preferences_accepted(self, dialog: PreferencesDialog) -> None:
        self.session.sync.set_interval(dialog.interval_s())
        old = self.settings[options.LANGUAGE] or "system"
        language = dialog.language_code()
        self.settings[options.LANGUAGE] = language
        self.settings.sync()
        if language != old:
            self._say(self.tr("The new language is applied the next time SMM Desk starts."),
                      15000)

    def show_licences(self) -> LicencesDialog:
        return show_licences(self)
