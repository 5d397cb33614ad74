"""Windows that fit the screen they open on: a 1024×600 netbook, 1366×768 under a panel bar.

A window sized for a large screen must never open with its status bar or its buttons below the
bottom edge. So a window's preferred size is only a wish, bounded by the room its screen has
(``fit_window``); the first start sizes the main window to the screen (``first_start``); content
that may be taller than a small screen scrolls (``scrolling``), which keeps a dialog's minimum
size small; a dialog whose text grows (an error shown under a field) grows with it, within the
screen (``grow_to_contents``). ``SMALLEST`` is the screen every window and dialog must fit
(tests/ui/test_small_screens.py holds each one to it).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QToolBar, QWidget

SMALLEST = QSize(1024, 600)  # the smallest screen SMM Desk is made for (a netbook)
PANEL_BAR = 32  # a desktop's panel bar takes this much of a screen's height, or more
FRAME = QSize(16, 40)  # a window manager's borders and title bar, roughly


def smallest_room() -> QSize:
    """The room a window has on ``SMALLEST`` under a panel bar, frame excluded: 1008×528."""
    return QSize(SMALLEST.width() - FRAME.width(),
                 SMALLEST.height() - PANEL_BAR - FRAME.height())


def available(widget: QWidget | None = None) -> QRect:
    """The available geometry (without panel bars) of the screen ``widget`` opens on: its
    parent's screen for a dialog, else its own, else the primary screen."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = parent.window().screen() if parent is not None else widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return QRect(0, 0, SMALLEST.width(), SMALLEST.height() - PANEL_BAR)
    return screen.availableGeometry()


def room(area: QRect) -> QSize:
    """The size a window's contents may have on ``area`` (its frame is drawn around them)."""
    return QSize(max(320, area.width() - FRAME.width()), max(240, area.height() - FRAME.height()))


def fit_window(widget: QWidget, preferred: QSize, area: QRect | None = None) -> QSize:
    """Resize ``widget`` to ``preferred``, bounded by the room on its screen (never below its
    minimum size, which a scroll area keeps small). Returns the size given."""
    size = preferred.boundedTo(room(area if area is not None else available(widget)))
    size = size.expandedTo(widget.minimumSize())
    widget.resize(size)
    return size


def first_start(widget: QWidget, preferred: QSize, area: QRect | None = None) -> bool:
    """The first start (no saved geometry): ``preferred`` centred on the screen when it fits,
    else the whole screen (maximised). Returns True when maximised."""
    area = area if area is not None else available(widget)
    size = fit_window(widget, preferred, area)
    if size != preferred:
        widget.setWindowState(widget.windowState() | Qt.WindowState.WindowMaximized)
        return True
    frame = QRect(0, 0, size.width() + FRAME.width(), size.height() + FRAME.height())
    frame.moveCenter(area.center())
    widget.move(frame.topLeft())
    return False


TITLE_BAR_BUTTONS = 120  # a title bar's icon and its close/maximise buttons


def title_width(widget: QWidget) -> int:
    """The width a window needs for its title bar to show its whole title (a window manager
    draws it in a bold font a little larger than the app's, give or take)."""
    font = QFont(widget.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    return QFontMetrics(font).horizontalAdvance(widget.windowTitle()) + TITLE_BAR_BUTTONS


def keep_title_visible(widget: QWidget) -> None:
    """A dialog of word-wrapped text opens as narrow as Qt can make it, which cuts its title:
    never narrower than its title needs."""
    widget.setMinimumWidth(max(widget.minimumWidth(), title_width(widget)))


def grow_to_contents(widget: QWidget) -> None:
    """A shown window whose contents grew (a word-wrapped message set after it opened): as
    large as its contents need at its current width, within the screen; never smaller."""
    if not widget.isVisible():
        return
    layout = widget.layout()
    width = max(widget.width(), widget.sizeHint().width())
    height = widget.sizeHint().height()
    if layout is not None and layout.hasHeightForWidth():
        height = layout.totalHeightForWidth(width)
    wanted = QSize(width, height).expandedTo(widget.size())
    if wanted != widget.size():
        widget.resize(wanted.boundedTo(room(available(widget))).expandedTo(widget.size()))


class _FitOnShow(QObject):
    """Sizes its window to its whole contents, within the screen, when first shown (after
    parts added later, such as Preferences' sections); Qt alone stops at 2/3 of the screen."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            fit_window(watched, watched.sizeHint())
            self.deleteLater()
        return False


def fit_on_first_show(widget: QWidget) -> None:
    """A dialog whose contents scroll (``scrolling``): as large as they are on a big screen,
    as large as the screen allows on a small one."""
    widget.installEventFilter(_FitOnShow(widget))


class _ToolbarFit(QObject):
    """See ``fit_toolbar``: watches the toolbar's own events only."""

    def __init__(self, toolbar: QToolBar) -> None:
        super().__init__(toolbar)
        self.toolbar = toolbar
        self.full_width: int | None = None  # with the texts beside the icons

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.ActionAdded, QEvent.Type.ActionRemoved,
                    QEvent.Type.ActionChanged, QEvent.Type.LanguageChange):
            self.full_width = None  # measured again at the next resize
        if kind in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit()
        return False

    def fit(self) -> None:
        toolbar = self.toolbar
        beside = Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        if self.full_width is None:
            if toolbar.toolButtonStyle() != beside:
                toolbar.setToolButtonStyle(beside)
            self.full_width = toolbar.sizeHint().width()
        style = beside if self.full_width <= toolbar.width() else (
            Qt.ToolButtonStyle.ToolButtonIconOnly)
        if toolbar.toolButtonStyle() != style:
            toolbar.setToolButtonStyle(style)


def fit_toolbar(toolbar: QToolBar) -> None:
    """Texts beside the icons when they fit, icons only (names in tooltips) when not: no
    action hides behind the toolbar's "»" in a narrow window or a longer language."""
    toolbar.installEventFilter(_ToolbarFit(toolbar))


class _Scroll(QScrollArea):
    """A scroll area that asks for its content's whole size (QScrollArea caps its wish at
    36×24 lines): the window opens showing everything when the screen has room, and Qt bounds
    a window's first size by the screen anyway."""

    def sizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().sizeHint()
        frame = 2 * self.frameWidth()
        bar = self.verticalScrollBar().sizeHint().width()
        hint = content.sizeHint()
        return QSize(hint.width() + frame + bar, hint.height() + frame)


def scrolling(content: QWidget, *, name: str = "") -> QScrollArea:
    """``content`` in a frameless scroll area that fills its width: the content keeps its
    natural height on a large screen and scrolls on a small one."""
    area = _Scroll(objectName=name or f"{content.objectName() or 'content'}_scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    # Not a Tab stop of its own (an invisible one): Tab reaches the controls it holds, and Qt
    # scrolls to the one focused.
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    return area
