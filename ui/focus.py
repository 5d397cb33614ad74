"""Keyboard focus for every window of the app: always visible, Enter on a button,
back where it was after a dialog, and a Tab order that follows the layout.

``install(app)`` (once per application, like ``gcguard``) creates the ``FocusGuide``:

- A focus ring: a 2-pixel frame in the palette's highlight colour around the widget that has the
  keyboard focus, drawn by one overlay widget on top of its window (Fusion's own hint is a faint
  tint of the frame, lost on a bright screen and missing where a style sheet draws the widget).
- Enter (or the keypad's Enter) on a focused push or tool button presses it, in every window: Qt
  presses a button on Enter only inside a dialog, so in the main window only Space did.
- When a dialog (message boxes included) closes, the focus goes back to the widget that had it
  when the dialog opened, if that widget can still take it.

``chain_in_layout_order(root)`` sets the Tab order of ``root``'s widgets to the order of its
layouts (top to bottom, left to right): widgets made later (the order form's fields) or added
by another part (the compare buttons) otherwise come last in the window's chain.
"""

from __future__ import annotations

import logging
import os
import weakref
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFormLayout,
    QGridLayout,
    QLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QWidget,
)

log = logging.getLogger(__name__)

RING_WIDTH = 2  # pixels, drawn just inside the widget's edge (never clipped by a tight layout)
GUIDE_NAME = "focus_guide"
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_TRACKED = (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide,
            QEvent.Type.ParentChange)


class FocusRing(QWidget):
    """The overlay: transparent, never takes the mouse or the focus, paints only the frame."""

    def __init__(self) -> None:
        super().__init__(None)
        self.setObjectName("focus_ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target_rect = QRect()  # the focused widget, in this ring's coordinates

    def colour(self) -> QColor:
        return self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(self.colour(), RING_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = RING_WIDTH // 2
        painter.drawRect(self.rect().adjusted(half, half, -half, -half))
        painter.end()


class FocusGuide(QObject):
    """Follows ``QApplication.focusChanged``; see the module's text."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName(GUIDE_NAME)
        self._ring: FocusRing | None = None
        self.target: QWidget | None = None
        # The target and its ancestors (their moves move it), held weakly: a strong reference
        # here could be the last one to a closed dialog Python owns (a message box made in a
        # function that has returned), and letting it go in the middle of a focus change
        # would delete that dialog while Qt is still activating the next window (a crash).
        self._watched: list[weakref.ref[QWidget]] = []
        self._button: QAbstractButton | None = None
        self._openers: dict[int, QWidget] = {}  # id(dialog) -> the widget focused before it
        self._dialogs: set[int] = set()
        self._last_outside_popup: QWidget | None = None
        self._placing = False
        # One filter per concern: removing one (the focus moved) never removes another.
        self._button_filter = _Filter(self, self._button_event)
        self._move_filter = _Filter(self, self._move_event)
        self._dialog_filter = _Filter(self, self._dialog_event)
        app.focusChanged.connect(self._focus_changed)
        # SMMDESK_LOG_FOCUS=1: every focus change in the log (object names only, never text):
        # how the end-to-end test, driving the app from outside, knows where the focus is.
        if os.environ.get("SMMDESK_LOG_FOCUS") == "1":
            app.focusChanged.connect(_log_focus)

    # ------------------------------------------------------------------ focus changes
    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        self._track_button(new)
        if new is not None and not _in_popup(new):
            window = new.window()
            if isinstance(window, QDialog) and id(window) not in self._dialogs:
                self._remember_opener(window, old)
            self._last_outside_popup = new
        self._follow(new)

    def _remember_opener(self, dialog: QDialog, old: QWidget | None) -> None:
        opener = old if old is not None and not _in_popup(old) else self._last_outside_popup
        self._dialogs.add(id(dialog))
        dialog.installEventFilter(self._dialog_filter)
        dialog.destroyed.connect(lambda _o=None, key=id(dialog): self._forget(key))
        if opener is not None and _alive(opener) and opener.window() is not dialog:
            self._openers[id(dialog)] = opener

    def _forget(self, key: int) -> None:
        self._dialogs.discard(key)
        self._openers.pop(key, None)

    def _dialog_closed(self, dialog: QDialog) -> None:
        self._dialogs.discard(id(dialog))
        opener = self._openers.pop(id(dialog), None)
        dialog.removeEventFilter(self._dialog_filter)
        if opener is None or not _alive(opener) or not _can_take_focus(opener):
            return
        focus = QApplication.focusWidget()
        if focus is not None and focus.window() is not dialog and not _in_popup(focus):
            return  # the code that closed it moved the focus on purpose
        opener.setFocus(Qt.FocusReason.OtherFocusReason)  # taken when its window is active
        active = QApplication.activeWindow()
        if active is None or active is dialog:
            # Nothing else was activated (no window manager, or one that leaves it to us):
            # bring the opener's window back, or the keyboard goes nowhere.
            opener.window().activateWindow()

    # ------------------------------------------------------------------ Enter on a button
    def _track_button(self, new: QWidget | None) -> None:
        if self._button is not None and _alive(self._button):
            self._button.removeEventFilter(self._button_filter)
        self._button = None
        if isinstance(new, (QPushButton, QToolButton)):
            self._button = new
            new.installEventFilter(self._button_filter)

    def _press(self, button: QAbstractButton, event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() not in _ENTER_KEYS or modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        if not button.isEnabled() or not button.isVisible():
            return False
        delayed = (isinstance(button, QToolButton)
                   and button.popupMode() == QToolButton.ToolButtonPopupMode.DelayedPopup)
        if button.menu() is not None and not delayed:  # type: ignore[attr-defined]
            button.showMenu()  # type: ignore[attr-defined]
        else:
            button.click()  # at once, as Space does on release
        return True

    # ------------------------------------------------------------------ the ring
    def _follow(self, new: QWidget | None) -> None:
        for ref in self._watched:
            w = ref()
            if w is not None and _alive(w):
                w.removeEventFilter(self._move_filter)
        self._watched = []
        self.target = None
        if new is None or _in_popup(new) or not _alive(new):
            self._hide_ring()
            return
        self.target = new
        node: QWidget | None = new
        while node is not None:
            self._watched.append(weakref.ref(node))
            node.installEventFilter(self._move_filter)
            if node.isWindow():
                break
            node = node.parentWidget()
        self._place()

    @property
    def ring(self) -> FocusRing:
        """The overlay, made again if the window it was on was deleted with it."""
        if self._ring is None or not _alive(self._ring):
            self._ring = FocusRing()
        return self._ring

    def _hide_ring(self) -> None:
        if self._ring is not None and _alive(self._ring):
            self._ring.hide()

    def _place_soon(self) -> None:
        if not self._placing:
            self._placing = True
            QTimer.singleShot(0, self._place)

    def _place(self) -> None:
        self._placing = False
        target = self.target
        if target is None or not _alive(target) or not target.isVisible():
            self._hide_ring()
            return
        window = target.window()
        visible = _visible_rect(target)
        if visible.isEmpty():
            self._hide_ring()
            return
        ring = self.ring
        if ring.parentWidget() is not window:
            ring.setParent(window)
        ring.setGeometry(visible)
        ring.show()
        ring.raise_()
        ring.update()

    # ------------------------------------------------------------------ events
    def _button_event(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and watched is self._button:
            assert isinstance(event, QKeyEvent)
            return self._press(self._button, event)
        return False

    def _move_event(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _TRACKED:
            self._place_soon()
        return False

    def _dialog_event(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and isinstance(watched, QDialog) and (
                watched.isWindow() and id(watched) in self._dialogs):
            self._dialog_closed(watched)
        return False


class _Filter(QObject):
    """An event filter that hands the events to ``handle(watched, event)``."""

    def __init__(self, parent: QObject, handle: Callable[[QObject, QEvent], bool]) -> None:
        super().__init__(parent)
        self._handle = handle

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return self._handle(watched, event)


def focus_path(widget: QWidget) -> str:
    """``window/…/widget`` by object names (class names where a widget has none)."""
    path = []
    node: QWidget | None = widget
    while node is not None:
        path.append(node.objectName() or type(node).__name__)
        if node.isWindow():
            break
        node = node.parentWidget()
    return "/".join(reversed(path))


def _log_focus(_old: QWidget | None, new: QWidget | None) -> None:
    log.info("focus: %s", focus_path(new) if new is not None else "(none)")


def install(app: QApplication) -> FocusGuide:
    """Once per application: later calls return the guide already installed."""
    existing = app.findChild(FocusGuide, GUIDE_NAME)
    if isinstance(existing, FocusGuide):
        return existing
    return FocusGuide(app)


def _alive(obj: QObject | None) -> bool:
    return obj is not None and shiboken6.isValid(obj)


def _in_popup(widget: QWidget) -> bool:
    return widget.window().windowType() == Qt.WindowType.Popup


def _can_take_focus(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled() and widget.window().isVisible()


def _visible_rect(widget: QWidget) -> QRect:
    """The part of ``widget`` its ancestors do not clip (a field scrolled half out of view), in
    its window's coordinates."""
    window = widget.window()
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect &= QRect(parent.mapTo(window, QPoint(0, 0)), parent.size())
        parent = parent.parentWidget()
    return rect


# ---------------------------------------------------------------------- Tab order
def layout_order(root: QWidget) -> list[QWidget]:
    """``root``'s widgets in the order of its layouts: box layouts in order, form layouts row by
    row (label, then field), grids row by row; into scroll areas, splitters and stacks."""
    out: list[QWidget] = []

    def walk_widget(w: QWidget) -> None:
        out.append(w)
        children: list[QWidget | None] = []
        if isinstance(w, QScrollArea):
            children = [w.widget()]
        elif isinstance(w, (QSplitter, QStackedWidget)):
            children = [w.widget(i) for i in range(w.count())]
        else:
            layout = w.layout()
            if layout is not None:
                walk_layout(layout)
        for child in children:
            if child is not None:
                walk_widget(child)

    def walk_item(item: object) -> None:
        widget = item.widget()  # type: ignore[attr-defined]
        if widget is not None:
            walk_widget(widget)
            return
        layout = item.layout()  # type: ignore[attr-defined]
        if layout is not None:
            walk_layout(layout)

    def walk_layout(layout: QLayout) -> None:
        if isinstance(layout, QFormLayout):
            roles = (QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole,
                     QFormLayout.ItemRole.SpanningRole)
            for row in range(layout.rowCount()):
                for role in roles:
                    item = layout.itemAt(row, role)
                    if item is not None:
                        walk_item(item)
        elif isinstance(layout, QGridLayout):
            cells: list[tuple[int, int, int]] = []
            for i in range(layout.count()):
                position: tuple[int, int, int, int] = layout.getItemPosition(i)  # type: ignore[assignment]
                cells.append((position[0], position[1], i))
            for _r, _c, i in sorted(cells):
                walk_item(layout.itemAt(i))
        else:
            for i in range(layout.count()):
                walk_item(layout.itemAt(i))

    top = root.layout()
    if top is not None:
        walk_layout(top)
    return out


def takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def entry_point(page: QWidget, last: QWidget | None = None) -> QWidget:
    """Where the focus goes when ``page`` is shown: the control that had it last in the page
    (``last``, or the one Qt remembers), else the first one Tab reaches, else the page itself."""
    for candidate in (last, page.focusWidget()):
        if candidate is not None and _alive(candidate) and candidate is not page and (
                page.isAncestorOf(candidate) and candidate.isVisibleTo(page)
                and candidate.isEnabled() and takes_tab(candidate)):
            return candidate
    for w in layout_order(page):
        if takes_tab(w) and w.isVisibleTo(page) and w.isEnabled():
            return w
    return page


def chain_in_layout_order(root: QWidget, after: QWidget | None = None) -> list[QWidget]:
    """Tab goes through ``root``'s widgets in layout order, starting after ``after`` (default:
    ``root`` itself, which keeps the place in its window's chain). Returns the chain."""
    chain = [w for w in layout_order(root) if takes_tab(w)]
    previous = after or root
    for w in chain:
        QWidget.setTabOrder(previous, w)
        previous = w
    return chain
