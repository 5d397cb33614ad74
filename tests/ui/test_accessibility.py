"""What a screen reader receives (issue 24), read the way one reads it: through Qt's
accessibility layer (``QAccessible.queryAccessibleInterface(w).text(Name)``), offscreen, in
English and in Turkish.

The walk finds the widgets by itself: every page of the main window's stack (a page added later
is walked without a change here), every widget of the window, and every dialog class of ``ui``
(a dialog class added later fails until it is given a way to be opened in ``DIALOGS``). On each
interactive widget it asks for a name; on each item view, that Tab leaves it; on each table with
rows, that a cell announces its row.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QScrollArea,
    QScrollBar,
    QSizeGrip,
    QSplitterHandle,
    QTableView,
    QTextEdit,
    QWidget,
)

import ui
from smmdesk.demo.server import TYPE_SERVICE_IDS, PanelSimulator
from tests.ui.support import seed_every_kind, settled
from ui.focus import FocusRing, focus_path

TIMEOUT = 15_000
LINK = "https://instagram.com/p/a11y"

INPUTS = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractItemView,
          QTextEdit, QPlainTextEdit, QAbstractSlider)
NOT_CONTROLS = (QScrollBar, QHeaderView, QSplitterHandle, QSizeGrip, QMenu, FocusRing)
COMPOUND = (QComboBox, QAbstractSpinBox, QLineEdit, QCalendarWidget)  # Qt builds their parts


# ------------------------------------------------------------------------------ the walk
def _internal(w: QWidget) -> bool:
    """A part Qt builds inside another control (a spin box's line edit, a line edit's clear
    button, a scroll area's viewport): the control itself carries the name."""
    if w.objectName().startswith("qt_") or isinstance(w, NOT_CONTROLS):
        return True
    parent = w.parentWidget()
    if isinstance(parent, QAbstractScrollArea) and w is parent.viewport():
        return True
    while parent is not None:
        if isinstance(parent, COMPOUND):
            return True
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return False


def interactive(w: QWidget) -> bool:
    if _internal(w):
        return False
    if isinstance(w, QLabel):  # a label is a control only when Tab reaches it, and shown
        return bool(w.focusPolicy().value & 0x1) and w.isVisibleTo(w.window())
    return bool(w.focusPolicy().value & 0x1) or isinstance(w, INPUTS)


def accessible_name(w: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(w)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def where(w: QWidget) -> str:
    return f"{type(w).__name__} {focus_path(w)}"


def first_cell_description(view: QAbstractItemView) -> str | None:
    """What a screen reader hears besides the first cell's own text; None: no rows."""
    iface = QAccessible.queryAccessibleInterface(view)
    for i in range(iface.childCount()):
        child = iface.child(i)
        if child is not None and child.role() == QAccessible.Role.Cell:
            return child.text(QAccessible.Text.Description)
    return None


class Walk:
    """Everything found wrong, with where; ``count``: the interactive widgets looked at."""

    def __init__(self) -> None:
        self.problems: set[str] = set()
        self.count = 0
        self.tables_with_rows = 0

    def widget(self, root: QWidget, state: str) -> None:
        window = root.window()
        for w in [root, *root.findChildren(QWidget)]:
            if w.window() is not window or not interactive(w):
                continue  # another window (a dialog, a pop-up) is walked on its own
            self.count += 1
            if isinstance(w, QScrollArea):
                self.problems.add(f"{state}: {where(w)} is a Tab stop of its own (an invisible "
                                  "one): setFocusPolicy(NoFocus), Tab reaches what it holds")
                continue
            if not accessible_name(w):
                self.problems.add(f"{state}: {where(w)} has no accessible name")
            if isinstance(w, (QPlainTextEdit, QTextEdit)) and not w.isReadOnly() and (
                    not w.tabChangesFocus()):
                self.problems.add(f"{state}: Tab types a tab in {where(w)} instead of leaving")
            if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView):
                if w.tabKeyNavigation():
                    self.problems.add(f"{state}: Tab cannot leave {where(w)}")
                model = w.model()
                if (isinstance(w, QTableView) and model is not None and model.rowCount() > 0
                        and w.isVisible()):  # a screen reader meets the table shown
                    self.tables_with_rows += 1
                    if not first_cell_description(w):
                        self.problems.add(f"{state}: the rows of {where(w)} do not announce "
                                          "themselves (AccessibleDescriptionRole)")

    def check(self) -> None:
        assert not self.problems, "\n".join(sorted(self.problems))


# ------------------------------------------------------------------------------ fixtures
@pytest.fixture
def window(qtbot, language, data_dir: Path, small_sim: PanelSimulator):
    from ui.app import build_context

    # As with a screen reader running: Qt keeps its accessible tables in step with their models.
    was_active = QAccessible.isActive()
    QAccessible.setActive(True)
    pid = seed_every_kind(data_dir, small_sim)
    ctx = build_context(data_dir)
    w = ctx.window
    w.resize(1300, 800)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.services_view.model.total_count > 0, timeout=TIMEOUT)
    w.pid = pid  # type: ignore[attr-defined]
    yield w
    w.close()
    ctx.shutdown()
    w.deleteLater()
    QAccessible.setActive(was_active)


# ------------------------------------------------------------------------------ dialogs
def _open_and_wait(qtbot, dialog: QDialog) -> QDialog:
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _panel_dialog_add(qtbot, w) -> QDialog:
    from ui.panels.dialog import PanelDialog

    return PanelDialog(w.workspace, w.runner, None, w)


def _panel_dialog_edit(qtbot, w) -> QDialog:
    return w.edit_panel()


def _preferences(qtbot, w) -> QDialog:
    dialog = w.open_preferences()
    page = w.compare.currency_settings
    qtbot.waitSignal(page.loaded, timeout=TIMEOUT).wait()
    return dialog


def _licences(qtbot, w) -> QDialog:
    return w.show_licences()


def _schedule(qtbot, w) -> QDialog:
    form = w.order_form
    with qtbot.waitSignal(form.serviceLoaded, timeout=TIMEOUT):
        form.set_service(w.pid, TYPE_SERVICE_IDS["Default"])
    form.fill({"link": LINK, "quantity": "100"})
    dialog = form.open_schedule()
    assert dialog is not None
    dialog.repeat.setChecked(True)
    return dialog


def _mass_order(qtbot, w) -> QDialog:
    dialog = w.open_mass_order()
    qtbot.waitUntil(lambda: dialog.catalogue is not None, timeout=TIMEOUT)
    dialog.set_text(f"1|{LINK}m1|100\nabc|{LINK}m2|100\n")
    return dialog


def _resolve(qtbot, w) -> QDialog:
    from ui.orders.dialogs import ResolveDialog

    order = next(o for o in w.workspace.orders() if o.submit_state.value == "uncertain")
    return ResolveDialog(order, w, workspace=w.workspace, runner=w.runner)


def _track(qtbot, w) -> QDialog:
    return w.history_view.track_orders_dialog()


def _auto_refill(qtbot, w) -> QDialog:
    from ui.refills.dialog import AutoRefillDialog, load_target

    target = load_target(w.workspace, "Sim · #1", w.pid, 1)
    return AutoRefillDialog(w.workspace, w.runner, target, w)


def _automation(qtbot, w) -> QDialog:
    from ui.shell.automation_prefs import AutomationDialog, load_prefs

    return AutomationDialog(w.workspace, w.runner, w.automation.tray, load_prefs(w.workspace),
                            w)


def _recovery(qtbot, w) -> QDialog:
    from smmdesk.recovery import diagnose
    from smmdesk.store import DatabaseCorruptError
    from ui.system.recovery import RecoveryDialog

    damaged = DatabaseCorruptError(w.workspace.data_dir / "smmdesk.sqlite3", "not a database")
    return RecoveryDialog(diagnose(damaged, w.workspace.data_dir), w)


def _crash(qtbot, w) -> QDialog:
    from ui.system.crash import CrashDialog

    return CrashDialog("Traceback (most recent call last): …", None, w)


def _customer(qtbot, w) -> QDialog:
    return w.books.customers_view.add_customer()


def _payment(qtbot, w) -> QDialog:
    from ui.customers.view import PaymentDialog

    return PaymentDialog("Ayşe", "USD", w)


def _sale(qtbot, w) -> QDialog:
    from smmdesk.ledger import Customer
    from ui.customers.view import SaleDialog

    return SaleDialog([Customer(1, "Ayşe")], 2, "USD", w)


def _rules(qtbot, w) -> QDialog:
    dialog = w.books.customers_view.price_rules()
    qtbot.waitUntil(lambda: dialog.panel_box.count() > 1, timeout=TIMEOUT)
    return dialog


def _statement(qtbot, w) -> QDialog:
    from ui.customers.view import StatementDialog

    return StatementDialog(w)


# Every dialog class of ``ui`` and how to open it in a walked state. A dialog class missing here
# fails test_every_dialog_class_is_walked: add it, with the state a person meets it in.
DIALOGS: dict[str, list[Callable[..., QDialog]]] = {
    "ui.panels.dialog.PanelDialog": [_panel_dialog_add, _panel_dialog_edit],
    "ui.shell.preferences.PreferencesDialog": [_preferences],
    "ui.shell.licences.LicencesDialog": [_licences],
    "ui.schedules.dialog.ScheduleDialog": [_schedule],
    "ui.order_form.mass_order.MassOrderDialog": [_mass_order],
    "ui.orders.dialogs.ResolveDialog": [_resolve],
    "ui.orders.dialogs.TrackOrdersDialog": [_track],
    "ui.refills.dialog.AutoRefillDialog": [_auto_refill],
    "ui.shell.automation_prefs.AutomationDialog": [_automation],
    "ui.system.recovery.RecoveryDialog": [_recovery],
    "ui.system.crash.CrashDialog": [_crash],
    "ui.customers.view.CustomerDialog": [_customer],
    "ui.customers.view.PaymentDialog": [_payment],
    "ui.customers.view.StatementDialog": [_statement],
    "ui.customers.view.SaleDialog": [_sale],
    "ui.customers.rules.PriceRulesDialog": [_rules],
}
WINDOWS = {"ui.shell.main_window.MainWindow"}  # walked by test_every_page_and_control_is_named


def ui_window_classes() -> set[str]:
    """Every QDialog and QMainWindow subclass defined in the ``ui`` package."""
    for module in pkgutil.walk_packages(ui.__path__, "ui."):
        importlib.import_module(module.name)
    found: set[str] = set()
    todo: list[type] = [QDialog, QMainWindow]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("ui."):
                found.add(f"{sub.__module__}.{sub.__qualname__}")
    return found


def test_every_dialog_class_is_walked() -> None:
    missing = ui_window_classes() - set(DIALOGS) - WINDOWS
    assert not missing, ("dialogs the accessibility walk does not open (add them to DIALOGS): "
                         + ", ".join(sorted(missing)))
    assert set(DIALOGS) <= ui_window_classes(), "DIALOGS names a class that no longer exists"


# ------------------------------------------------------------------------------ the tests
def test_every_page_and_control_is_named(qtbot, window, language) -> None:
    w = window
    walk = Walk()
    # Every page of the stack, shown in turn (a page added later is walked as well).
    for index in range(w.pages.count()):
        w.set_view(index)
        page = w.pages.widget(index)
        qtbot.waitUntil(page.isVisible, timeout=TIMEOUT)
        settled(qtbot, w.runner, TIMEOUT)  # the page's own load (a worker) has landed
        walk.widget(w, f"[{language}] page {index} ({page.objectName()})")
    # The Orders page with an order selected; the Scheduled page with a schedule selected.
    w.set_view(2)
    history = w.history_view
    qtbot.waitUntil(lambda: history.model.rowCount() >= 4, timeout=TIMEOUT)
    history.table.selectRow(0)
    history.date_range.setCurrentIndex(history.date_range.findData("custom"))
    walk.widget(w, f"[{language}] orders, custom dates")
    schedules = w.automation.schedules_view
    w.set_view(w.pages.indexOf(schedules))
    qtbot.waitUntil(lambda: schedules.model.rowCount() > 0, timeout=TIMEOUT)
    schedules.table.selectRow(0)
    qtbot.waitUntil(lambda: schedules.history.rowCount() > 0, timeout=TIMEOUT)
    walk.widget(w, f"[{language}] scheduled, a schedule selected")
    # The order form for one service of every type, every problem showing, then placed.
    form = w.order_form
    w.set_view(1)
    for type_name, sid in sorted(TYPE_SERVICE_IDS.items(), key=lambda kv: kv[1]):
        with qtbot.waitSignal(form.serviceLoaded, timeout=TIMEOUT):
            form.set_service(w.pid, sid)
        form.place_now(confirm=False)  # every field marked: every problem shows
        walk.widget(w, f"[{language}] order form for {type_name}")
    with qtbot.waitSignal(form.serviceLoaded, timeout=TIMEOUT):
        form.set_service(w.pid, TYPE_SERVICE_IDS["Default"])
    form.fill({"link": f"{LINK}-form", "quantity": "100"})
    with qtbot.waitSignal(form.placementFinished, timeout=TIMEOUT):
        form.place_now(confirm=False)
    walk.widget(w, f"[{language}] order form, placed")
    # The Compare dock with its list; the Services page with a row selected.
    with qtbot.waitSignal(w.compare.panel.loaded, timeout=TIMEOUT):
        w.compare.show_comparison(w.pid, TYPE_SERVICE_IDS["Default"], None)
    w.set_view(0)
    w.services_view.table.selectRow(0)
    walk.widget(w, f"[{language}] services, a row selected, Compare shown")
    walk.widget(w.welcome, f"[{language}] welcome")
    assert walk.count > 150, f"the walk found only {walk.count} interactive widgets"
    assert walk.tables_with_rows >= 6, "the walk met too few tables with rows"
    walk.check()


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_every_dialog_control_is_named(qtbot, window, language, name: str) -> None:
    walk = Walk()
    for i, opener in enumerate(DIALOGS[name]):
        dialog = _open_and_wait(qtbot, opener(qtbot, window))
        try:
            settled(qtbot, window.runner, TIMEOUT)  # what the dialog asked on opening landed
            walk.widget(dialog, f"[{language}] {name} #{i}")
        finally:
            dialog.close()
            dialog.deleteLater()
    assert walk.count > 0, f"{name}: no interactive widget found"
    walk.check()


def test_menus_have_access_keys_and_every_page_a_shortcut(qtbot, window, language) -> None:
    """Every menu entry has an access key, unique within its menu (and the menu bar's titles
    among themselves); every page has a View-menu entry with a shortcut shown; every order
    action of the Orders menu has a shortcut."""
    w = window
    problems = []

    def access_key(text: str) -> str | None:
        plain = text.replace("&&", "")
        pos = plain.find("&")
        return plain[pos + 1].lower() if 0 <= pos < len(plain) - 1 else None

    def check_menu(title: str, actions) -> None:
        seen: dict[str, str] = {}
        for a in actions:
            if a.isSeparator() or not a.isVisible():
                continue
            key = access_key(a.text())
            if key is None:
                problems.append(f"[{language}] {title}: “{a.text()}” has no access key")
            elif key in seen:
                problems.append(f"[{language}] {title}: “{a.text()}” and “{seen[key]}” share "
                                f"the access key {key!r}")
            else:
                seen[key] = a.text()

    bar = w.menuBar().actions()
    check_menu("menu bar", bar)
    for top in bar:
        check_menu(top.text(), top.menu().actions())
    view_entries = {a for a in w.view_actions}
    for entry in w.page_entries:
        assert entry.action in view_entries
        assert w.view_menu is not None and entry.action in w.view_menu.actions()
        if entry.action.shortcut().isEmpty():
            problems.append(f"[{language}] page {entry.title} has no shortcut")
    assert len(w.page_entries) == w.pages.count() == w.nav.count()
    schedules = w.pages.indexOf(w.automation.schedules_view)
    alerts = w.pages.indexOf(w.automation.alerts_view)
    for index in (schedules, alerts):
        assert w.page_entries[index].action.shortcut() == QKeySequence(f"Ctrl+{index + 1}")
    for action in w.orders_menu.actions():
        if not action.isSeparator() and action.shortcut().isEmpty():
            problems.append(f"[{language}] Orders menu: “{action.text()}” has no shortcut")
    assert not problems, "\n".join(problems)
