"""The keyboard alone (issue 24), offscreen: Tab leaves every table, the focus is always shown and
lands where the next step is, Enter presses the focused button, the sidebar and the menus reach
every page and every order action. The whole newcomer path with real key events on a window
manager is tests/system/test_e2e.py::test_keyboard_only_newcomer_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHeaderView,
    QPushButton,
    QWidget,
)

from smmdesk.demo.server import PanelSimulator
from tests.ui.support import seed_every_kind, settled
from ui import focus
from ui.services.model import Col
from ui.shell.main_window import View

TIMEOUT = 15_000
LINK = "https://instagram.com/p/keyboard"


def shown(qtbot, ctx):
    """The context's window, active (the keyboard goes to it) and its panels read."""
    w = ctx.window
    w.ask_quit_while_sending = lambda: "quit"  # a test failed mid-send: no question at teardown
    w.resize(1280, 800)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    qtbot.waitUntil(lambda: w._loaded_once, timeout=TIMEOUT)
    return w


@pytest.fixture
def window(qtbot, make_window, data_dir: Path, small_sim: PanelSimulator):
    pid = seed_every_kind(data_dir, small_sim)
    w = shown(qtbot, make_window())
    qtbot.waitUntil(lambda: w.services_view.model.total_count > 0, timeout=TIMEOUT)
    w.pid = pid  # type: ignore[attr-defined]
    return w


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
          ) -> None:
    """A key pressed where the focus is, as the keyboard would."""
    target = focused()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


# ------------------------------------------------------------------------------ tables
def test_tab_and_shift_tab_leave_every_table_of_every_page(qtbot, window) -> None:
    w = window
    met = []
    for index in range(w.pages.count()):
        w.set_view(index)
        settled(qtbot, w.runner, TIMEOUT)  # the page's own load (a worker) has landed
        for view in w.findChildren(QAbstractItemView):
            if isinstance(view, QHeaderView) or not view.isVisible() or not view.isEnabled():
                continue
            if view.objectName() in met:
                continue
            met.append(view.objectName())
            if view.model() is not None and view.model().rowCount() > 0:
                view.setCurrentIndex(view.model().index(0, 0))
            view.setFocus()
            qtbot.waitUntil(view.hasFocus)
            press(qtbot, Qt.Key.Key_Tab)
            assert not view.hasFocus(), f"Tab stays in {view.objectName()}"
            press(qtbot, Qt.Key.Key_Backtab)
            assert view.hasFocus(), f"Shift+Tab does not come back to {view.objectName()}"
            press(qtbot, Qt.Key.Key_Backtab)
            assert not view.hasFocus(), f"Shift+Tab stays in {view.objectName()}"
    assert {"services_table", "history_table", "schedules_table", "schedule_runs",
            "spending_table", "alerts_list", "nav"} <= set(met), met


def test_the_services_description_is_reached_with_tab(qtbot, window) -> None:
    view = window.services_view
    view.table.selectRow(2)
    view.table.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is view.order_button  # "Order…", beside the selected service
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is view.description
    qtbot.waitUntil(lambda: bool(view.description.toPlainText()), timeout=TIMEOUT)


# ------------------------------------------------------------------------------ focus ring
def test_the_focus_ring_is_drawn_around_the_focused_widget(qtbot, window) -> None:
    w = window
    guide = focus.install(QApplication.instance())
    search = w.services_view.search
    search.setFocus()
    qtbot.waitUntil(lambda: guide.ring.isVisible() and guide.target is search)
    top_left = search.mapTo(w, QPoint(0, 0))
    assert guide.ring.parentWidget() is w
    assert guide.ring.geometry().topLeft() == top_left
    assert guide.ring.size() == search.size()
    ring = guide.ring.colour()

    def drawn_as_a_frame() -> None:
        image = w.grab().toImage()
        edge = image.pixelColor(top_left.x(), top_left.y() + search.height() // 2)
        inner = image.pixelColor(top_left.x() + 6, top_left.y() + search.height() // 2)
        assert _close(edge, ring), (edge.name(), ring.name())
        assert not _close(inner, ring)  # a frame, not a fill

    # The ring paints on its own update: wait for the picture to show it, not a time.
    qtbot.waitUntil(drawn_as_a_frame, timeout=TIMEOUT)
    # It follows the focus, into the table and out of sight with the page.
    w.services_view.table.setFocus()
    qtbot.waitUntil(lambda: guide.target is w.services_view.table)
    assert guide.ring.geometry().topLeft() == w.services_view.table.mapTo(w, QPoint(0, 0))
    w.nav.setFocus()
    qtbot.waitUntil(lambda: guide.target is w.nav)
    w.services_view.search.setFocus()
    w.set_view(View.SPENDING)  # the focused search box is hidden with its page
    qtbot.waitUntil(lambda: not guide.ring.isVisible() or guide.target is not search)


def _close(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 40


# ------------------------------------------------------------------------------ Enter
def test_enter_presses_the_focused_button_from_the_welcome_page_on(qtbot, make_window) -> None:
    w = shown(qtbot, make_window())
    assert w.root.currentWidget() is w.welcome
    w.welcome.demo_button.setFocus()
    qtbot.waitUntil(w.welcome.demo_button.hasFocus)
    with qtbot.waitSignal(w.demoReady, timeout=30_000):
        press(qtbot, Qt.Key.Key_Return)
    # The demo's services in the table, the focus in the search box: the next step.
    qtbot.waitUntil(lambda: w.services_view.model.total_count > 0, timeout=TIMEOUT)
    qtbot.waitUntil(w.services_view.search.hasFocus, timeout=TIMEOUT)
    # Enter on a tool button too (the favourites filter), and on the keypad.
    favourites = w.services_view.favourites_button
    favourites.setFocus()
    press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.waitUntil(favourites.isChecked)


# ------------------------------------------------------------------------------ sidebar
def test_arrowing_down_the_sidebar_visits_every_page_and_keeps_the_focus(qtbot, window) -> None:
    w = window
    w.services_view.table.selectRow(3)  # New order then follows the selected service
    w.set_view(View.SERVICES)
    w.nav.setFocus()
    qtbot.waitUntil(w.nav.hasFocus)
    for index in range(1, w.nav.count()):
        if index == View.NEW_ORDER:
            with qtbot.waitSignal(w.order_form.serviceLoaded, timeout=TIMEOUT):
                press(qtbot, Qt.Key.Key_Down)
            settled(qtbot, w.runner, TIMEOUT)  # what the loaded form asked for has landed
        else:
            press(qtbot, Qt.Key.Key_Down)
        assert w.current_view() == index
        assert w.pages.currentIndex() == index
        assert w.nav.hasFocus(), f"the focus left the sidebar at page {index}: {focused()}"
    assert w.order_form.service is not None  # the form did follow the selection


# ------------------------------------------------------------------------------ the order form
def _form_for(qtbot, w, service_id: int = 1):
    view = w.services_view
    view.table.setCurrentIndex(view.model.index(view.model.find(w.pid, service_id), Col.NAME))
    view.table.setFocus()
    form = w.order_form
    with qtbot.waitSignal(form.serviceLoaded, timeout=TIMEOUT):
        press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is form._fields["link"].widget, timeout=TIMEOUT)
    return form


def test_the_order_form_tab_order_and_the_focus_after_placing(qtbot, window, small_sim) -> None:
    w = window
    form = _form_for(qtbot, w)
    form.confirm = lambda _title, _text: True
    qtbot.keyClicks(focused(), LINK)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form._fields["quantity"].widget
    qtbot.keyClicks(focused(), "100")
    order = [focused().objectName()]
    for _ in range(8):
        press(qtbot, Qt.Key.Key_Tab)
        order.append(focused().objectName())
        if focused() is form.place:
            break
    # The fields top to bottom, then the buttons left to right: Place last, nothing outside
    # the form (the toolbar, the sidebar, a hidden stop) in between.
    fields = [n for n in form._fields if n not in ("link",)]
    assert order == [*fields, "schedule", "compare_button", "place"], order
    # Enter on Place: the confirmation (answered yes here), then, while it is sent, the focus
    # waits on the status line; then on "Show in history".
    small_sim.latency = 0.5
    with qtbot.waitSignal(form.busyChanged, timeout=TIMEOUT) as busy:
        press(qtbot, Qt.Key.Key_Return)
    assert busy.args == [True]
    assert focused() is form.form_status
    with qtbot.waitSignal(form.placementFinished, timeout=TIMEOUT):
        pass
    qtbot.waitUntil(lambda: focused() is form.show_in_history)
    assert not w.panel_switcher.hasFocus()
    # Enter on it: the Orders page, the order selected.
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.current_view() == View.ORDERS)
    qtbot.waitUntil(lambda: w.history_view.selected_order() is not None
                    and w.history_view.selected_order().id == form.last_order.id,
                    timeout=TIMEOUT)


def test_a_refused_order_leaves_the_focus_on_the_message(qtbot, window, small_sim) -> None:
    w = window
    form = _form_for(qtbot, w)
    form.confirm = lambda _title, _text: True
    form.fill({"link": LINK, "quantity": "100"})
    small_sim.balance = 0
    form.place.setFocus()
    with qtbot.waitSignal(form.placementFinished, timeout=TIMEOUT):
        press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is form.result)
    assert form.result.text()


# ------------------------------------------------------------------------------ dialogs
def test_closing_a_dialog_gives_the_focus_back_to_where_it_was_opened(qtbot, window) -> None:
    w = window
    form = _form_for(qtbot, w)
    form.fill({"link": LINK, "quantity": "100"})
    form.schedule_button.setFocus()
    qtbot.waitUntil(form.schedule_button.hasFocus)
    press(qtbot, Qt.Key.Key_Return)  # Enter on "Schedule…"
    dialog = form.schedule_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: focused() is not None and focused().window() is dialog)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: focused() is form.schedule_button)
    # From a menu: Preferences, opened with the search box focused.
    w.set_view(View.SERVICES)
    w.services_view.search.setFocus()
    qtbot.waitUntil(w.services_view.search.hasFocus)
    w.preferences_action.trigger()
    prefs = w.preferences_dialog
    qtbot.waitUntil(lambda: focused() is not None and focused().window() is prefs)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: focused() is w.services_view.search)


# ------------------------------------------------------------------------------ menus
def test_order_actions_have_shortcuts_on_the_orders_page_only(qtbot, window) -> None:
    w = window
    history = w.history_view
    w.set_view(View.SERVICES)
    assert not history.action_refill.isEnabled()  # nothing to act on from another page
    assert "Orders page" in history.action_refill.toolTip()
    assert not w.automation.order_refill_action.isEnabled()
    w.set_view(View.ORDERS)
    qtbot.waitUntil(lambda: history.model.rowCount() > 0, timeout=TIMEOUT)
    history.table.setFocus()
    completed = next(row for row in range(history.model.rowCount())
                     if history.model.order_at(row).state.value == "completed")
    history.table.selectRow(completed)
    qtbot.waitUntil(history.action_refill.isEnabled, timeout=TIMEOUT)
    assert w.automation.order_refill_action.isEnabled()
    assert history.action_refill.shortcut() == QKeySequence("Ctrl+R")
    assert history.action_refill in w.orders_menu.actions()
    with qtbot.waitSignal(history.actionFinished, timeout=TIMEOUT) as done:
        press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert done.args[0] == "refill"


def test_every_page_has_a_shortcut_scheduled_and_alerts_included(qtbot, window) -> None:
    w = window
    for entry in w.page_entries:
        index = w.page_entries.index(entry)
        w.set_view(0 if index else 1)
        seq = entry.action.shortcut()
        assert seq == QKeySequence(f"Ctrl+{index + 1}"), entry.title
        qtbot.keyClick(w, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
        assert w.current_view() == index, entry.title


def test_order_button_beside_the_selected_service(qtbot, window) -> None:
    w = window
    view = w.services_view
    view.table.clearSelection()
    view.table.setCurrentIndex(view.model.index(-1, 0))
    assert not view.order_button.isVisible()
    view.table.selectRow(5)
    assert view.order_button.isVisible() and "Enter" in view.order_hint.text()
    assert isinstance(view.order_button, QPushButton)
    row = view.current_row()
    with qtbot.waitSignal(w.order_form.serviceLoaded, timeout=TIMEOUT):
        view.order_button.setFocus()
        press(qtbot, Qt.Key.Key_Return)
    assert w.current_view() == View.NEW_ORDER
    assert w.order_form.service.id == row.service.id
    qtbot.waitUntil(lambda: focused() is w.order_form._fields["link"].widget)


def test_show_key_is_a_button_tab_reaches(qtbot, window) -> None:
    dialog = window.add_panel()
    qtbot.waitUntil(lambda: focused() is not None and focused().window() is dialog)
    dialog.key_edit.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.show_key_button
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.show_key.isChecked()
    assert dialog.key_edit.echoMode() == dialog.key_edit.EchoMode.Normal
    press(qtbot, Qt.Key.Key_Return)  # Enter too, not the dialog's Save
    assert not dialog.show_key.isChecked() and dialog.isVisible()
    dialog.reject()
    assert isinstance(dialog, QDialog)


def test_switching_pages_moves_the_focus_into_the_page_shown(qtbot, window) -> None:
    """Ctrl+<n> from a control of one page: the focus goes straight into the other page, where it
    was last there, never through the toolbar's panel switcher (where an arrow key would
    switch panel)."""
    w = window
    seen: list[QWidget | None] = []

    def record(_old: QWidget | None, new: QWidget | None) -> None:
        seen.append(new)

    app = QApplication.instance()
    app.focusChanged.connect(record)
    try:
        _switch_pages(qtbot, w, seen)
    finally:
        app.focusChanged.disconnect(record)


def _switch_pages(qtbot, w, seen: list[QWidget | None]) -> None:
    search = w.services_view.search
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    w.set_view(View.ORDERS)
    history = w.history_view
    history.table.setFocus()
    qtbot.waitUntil(history.table.hasFocus)
    seen.clear()
    qtbot.keyClick(focused(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert focused() is search, focused()
    qtbot.keyClick(focused(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert focused() is history.table, focused()
    qtbot.keyClick(focused(), Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert w.automation.schedules_view.isAncestorOf(focused())
    assert w.panel_switcher not in seen and w.nav not in seen
