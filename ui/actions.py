"""The window's one action registry: pages and the window's parts register themselves — a page
with its title, icon, widget and actions; a part (comparing, automation) with its actions — and
the registry puts each where it belongs (the menus, the toolbar, the sidebar and the View menu
with Ctrl+<position>). Nobody walks a menu bar by hand. After Picard's
``ui/mainwindow/actions.py`` (a ``MainAction`` enum, ``add_action``).

Where an action shows is declared once, here (``MENUS``, ``TOOLBAR``): an action registered in
any order lands in its slot, between the ones declared around it. A menu's separators are
declared too (``None``); Qt hides a separator with nothing on one of its sides.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMenuBar,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from ui import focus

__all__ = ["MENUS", "TOOLBAR", "ActionRegistry", "MainAction", "Menu", "PageEntry"]


class MainAction(enum.Enum):
    # Panel
    ADD_PANEL = "add_panel"
    EDIT_PANEL = "edit_panel"
    REMOVE_PANEL = "remove_panel"
    REFRESH = "refresh"
    DEMO = "demo"
    QUIT = "quit"
    # View (besides the pages)
    FIND = "find_service"
    # Services
    NEW_ORDER = "new_order"
    COMPARE = "compare"
    MASS_ORDER = "mass_order"
    COPY_SERVICE_ID = "copy_service_id"
    COPY_SERVICE_NAME = "copy_service_name"
    FAVOURITE = "favourite"
    SERVICE_AUTO_REFILL = "service_auto_refill"
    # Orders (the Orders page's, acting on its selected order)
    REFILL = "refill"
    ORDER_AUTO_REFILL = "order_auto_refill"
    CANCEL = "cancel"
    RESOLVE = "resolve"
    OPEN_LINK = "open_link"
    COPY_LINK = "copy_link"
    COPY_ORDER_ID = "copy_order_id"
    REORDER = "reorder"
    SELL = "sell"  # "Sell to customer…": the selected rows, several at once
    TRACK = "track"
    EXPORT = "export"
    # Settings
    NOTIFY = "notify_orders"
    AUTOMATION = "automation_preferences"
    PREFERENCES = "preferences"
    # Help
    LICENCES = "licences"
    ABOUT = "about"


class Menu(enum.Enum):
    PANEL = "panel"
    VIEW = "view"
    SERVICES = "services"
    ORDERS = "orders"
    SETTINGS = "settings"
    HELP = "help"


_A = MainAction
PAGES = "pages"  # the View menu's slot for the pages' entries
STRETCH = "stretch"  # the toolbar's slot for the space pushing what follows to the right
Slot = MainAction | str | None  # None: a separator

QT_TRANSLATE_NOOP = lambda context, text: text  # noqa: E731 - marker for lupdate

# Menu titles (with their access keys): translated by the window (context "MainWindow").
MENU_TITLES = {
    Menu.PANEL: QT_TRANSLATE_NOOP("MainWindow", "&Panel"),
    Menu.VIEW: QT_TRANSLATE_NOOP("MainWindow", "&View"),
    Menu.SERVICES: QT_TRANSLATE_NOOP("MainWindow", "&Services"),
    Menu.ORDERS: QT_TRANSLATE_NOOP("MainWindow", "&Orders"),
    Menu.SETTINGS: QT_TRANSLATE_NOOP("MainWindow", "S&ettings"),
    Menu.HELP: QT_TRANSLATE_NOOP("MainWindow", "&Help"),
}
MENUS: dict[Menu, tuple[Slot, ...]] = {
    Menu.PANEL: (_A.ADD_PANEL, _A.EDIT_PANEL, _A.REMOVE_PANEL, None, _A.REFRESH, _A.DEMO, None,
                 _A.QUIT),
    Menu.VIEW: (PAGES, None, _A.FIND),
    Menu.SERVICES: (_A.NEW_ORDER, _A.COMPARE, _A.MASS_ORDER, None, _A.COPY_SERVICE_ID,
                    _A.COPY_SERVICE_NAME, _A.FAVOURITE, _A.SERVICE_AUTO_REFILL),
    Menu.ORDERS: (_A.REFILL, _A.ORDER_AUTO_REFILL, _A.CANCEL, _A.RESOLVE, None, _A.OPEN_LINK,
                  _A.COPY_LINK, _A.COPY_ORDER_ID, None, _A.REORDER, _A.SELL, None, _A.TRACK,
                  _A.EXPORT),
    Menu.SETTINGS: (_A.NOTIFY, None, _A.AUTOMATION, _A.PREFERENCES),
    Menu.HELP: (_A.LICENCES, _A.ABOUT),
}
TOOLBAR: tuple[Slot, ...] = (_A.REFRESH, _A.ADD_PANEL, _A.EDIT_PANEL, _A.REMOVE_PANEL, None,
                             _A.MASS_ORDER, _A.COMPARE, STRETCH, _A.DEMO)


@dataclass
class PageEntry:
    """One page of the window: its sidebar row, its View-menu entry (with Ctrl+<position>) and
    the widget in the page stack; ``actions``: what it registered with it."""

    page: QWidget
    title: str  # translated, with its access key ("Or&ders"); the sidebar shows it without
    action: QAction
    actions: dict[MainAction, QAction] = field(default_factory=dict)


class _Placed:
    """A menu or toolbar and what is in each of its declared slots so far."""

    def __init__(self, widget: QMenu | QToolBar, slots: tuple[Slot, ...]) -> None:
        self.widget = widget
        self.slots = slots
        self.present: dict[int, QAction] = {}

    def put(self, slot: Slot, action: QAction) -> None:
        index = self.slots.index(slot)
        before = next((self.present[i] for i in range(index + 1, len(self.slots))
                       if i in self.present), None)
        if before is None:
            self.widget.addAction(action)
        else:
            self.widget.insertAction(before, action)
        self.present.setdefault(index, action)


class ActionRegistry(QObject):
    """Built by the window over its sidebar (``nav``) and page stack (``pages``)."""

    pageAdded = Signal(object)  # PageEntry
    actionAdded = Signal(object)  # MainAction

    def __init__(self, window: QMainWindow, nav: QListWidget, pages: QStackedWidget) -> None:
        super().__init__(window)
        self.window = window
        self.nav = nav
        self.pages = pages
        self.page_entries: list[PageEntry] = []
        self.next_focus: QWidget | None = None  # where the focus goes with the next page
        self._page_focus: dict[int, QWidget] = {}  # id(page) -> its control focused last
        self._actions: dict[MainAction, QAction] = {}
        self._menus: dict[Menu, _Placed] = {}
        self._toolbar: _Placed | None = None

    # -- actions -----------------------------------------------------------------------------
    def add_action(self, key: MainAction, action: QAction, *, shortcut_anywhere: bool = False
                   ) -> QAction:
        """Register ``action`` as ``key``: it appears in every menu slot and toolbar slot
        declared for ``key`` (now, or when the menu is built). ``shortcut_anywhere``: its
        shortcut works wherever the focus is in the window, menus shown or not."""
        if key in self._actions:
            raise ValueError(f"{key} is registered already")
        self._actions[key] = action
        for menu in self._menus.values():
            if key in menu.slots:
                menu.put(key, action)
        if self._toolbar is not None and key in self._toolbar.slots:
            self._toolbar.put(key, action)
        if shortcut_anywhere:
            self.window.addAction(action)
        self.actionAdded.emit(key)
        return action

    def add_actions(self, actions: Mapping[MainAction, QAction]) -> None:
        for key, action in actions.items():
            self.add_action(key, action)

    def action(self, key: MainAction) -> QAction:
        return self._actions[key]

    def __contains__(self, key: object) -> bool:
        return key in self._actions

    # -- menus and the toolbar ---------------------------------------------------------------
    def build_menus(self, menubar: QMenuBar, titles: Mapping[Menu, str]) -> None:
        """The menu bar, menu by menu as declared in ``MENUS`` (``titles``: translated)."""
        for which, slots in MENUS.items():
            menu = menubar.addMenu(titles[which])
            menu.setObjectName(f"{which.value}_menu")
            menu.setToolTipsVisible(True)
            placed = self._menus[which] = _Placed(menu, slots)
            for i, slot in enumerate(slots):
                if slot is None:
                    placed.present[i] = menu.addSeparator()
                elif slot == PAGES:
                    for entry in self.page_entries:
                        placed.put(PAGES, entry.action)
                elif isinstance(slot, MainAction) and slot in self._actions:
                    placed.put(slot, self._actions[slot])

    def menu(self, which: Menu) -> QMenu:
        widget = self._menus[which].widget
        assert isinstance(widget, QMenu)
        return widget

    def build_toolbar(self, toolbar: QToolBar, stretch: QWidget) -> None:
        placed = self._toolbar = _Placed(toolbar, TOOLBAR)
        for i, slot in enumerate(TOOLBAR):
            if slot is None:
                placed.present[i] = toolbar.addSeparator()
            elif slot == STRETCH:
                placed.present[i] = toolbar.addWidget(stretch)
            elif isinstance(slot, MainAction) and slot in self._actions:
                placed.put(slot, self._actions[slot])

    # -- pages -------------------------------------------------------------------------------
    def add_page(self, page: QWidget, title: str, icon: QIcon,
                 actions: Mapping[MainAction, QAction] | None = None) -> PageEntry:
        """A page: a sidebar row, a View-menu entry with the shortcut Ctrl+<its position> (the
        first nine), the page itself, and its actions in their menus. ``title`` carries the
        menu's access key ("Or&ders")."""
        index = len(self.page_entries)
        plain = title.replace("&&", "\0").replace("&", "").replace("\0", "&")
        page.setAccessibleName(plain)  # said when the focus lands on the page itself
        item = QListWidgetItem(icon, plain)
        item.setSizeHint(QSize(140, 36))
        self.nav.addItem(item)
        self.pages.addWidget(page)
        action = QAction(title, self.window, objectName=f"view_{index}")
        if index < 9:
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
        action.triggered.connect(partial(self.show_index, index))
        self.window.addAction(action)
        entry = PageEntry(page, title, action, dict(actions or {}))
        self.page_entries.append(entry)
        view = self._menus.get(Menu.VIEW)
        if view is not None:
            view.put(PAGES, action)
        self.add_actions(entry.actions)
        self.pageAdded.emit(entry)
        return entry

    def switch(self, index: int) -> None:
        """Show page ``index`` (the sidebar's row changed). When the focus was in the page
        left, it goes straight into the new one (``next_focus``, else where it was last, else
        its first control, else the page): Qt would pass it to the window's next widget first,
        the toolbar's panel switcher, on every switch."""
        old = self.pages.currentWidget()
        page = self.pages.widget(index)
        focus_widget = QApplication.focusWidget()
        target, self.next_focus = self.next_focus, None
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

    def index_of(self, page: QWidget) -> int:
        return self.pages.indexOf(page)

    def show_index(self, index: int) -> None:
        self.nav.setCurrentRow(index)

    def show_page(self, page: QWidget) -> None:
        index = self.index_of(page)
        if index >= 0:
            self.show_index(index)

    def current_index(self) -> int:
        return self.nav.currentRow()

    def current_page(self) -> QWidget | None:
        return self.pages.currentWidget()

    @property
    def view_actions(self) -> list[QAction]:
        return [e.action for e in self.page_entries]

    def entries(self) -> Iterable[PageEntry]:
        return iter(self.page_entries)
