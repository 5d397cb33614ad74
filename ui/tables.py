"""What the app's tables share: the item roles their models answer and the table set-up.

``ObjectRole`` gives a row's object (``ServiceRow``, ``LocalOrder``), ``SortRole`` the value a
column sorts by; the history adds ``ProgressRole`` (0..1 or None) and ``StatusKeyRole``. One
numbering, so no two roles collide. ``setup_table`` is how every list of rows looks and
behaves: whole rows, one at a time, read-only, no grid, no row numbers, sortable.

``keyboard_table`` is the part every table view gets, ``QTableWidget``s included:
Tab and Shift+Tab leave the table (the arrows move inside it: no keyboard trap, WCAG 2.1.2), and
the table has a name a screen reader says. ``row_description`` is what a cell's
``AccessibleDescriptionRole`` answers: the whole row, so moving to a row announces which one it
is, not only the value of one column.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QTableWidget

from ui.format import literal

SortRole = Qt.ItemDataRole.UserRole + 1
ObjectRole = Qt.ItemDataRole.UserRole + 2
ProgressRole = Qt.ItemDataRole.UserRole + 3  # float 0..1 or None
StatusKeyRole = Qt.ItemDataRole.UserRole + 4

ROW_PADDING = 10  # pixels above the font's height in a row
SORT_ARROW = 28  # room a header keeps for the sort indicator

_TEXT = Qt.ItemDataRole.AccessibleTextRole
_DISPLAY = Qt.ItemDataRole.DisplayRole
_DESCRIPTION = Qt.ItemDataRole.AccessibleDescriptionRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """A read-only table of row objects, as every list of the app shows one: flat (no
    children), selectable, never editable. ``data`` answers the roles every list answers the
    same way, and hands the others to ``cell``:

    - an index outside the rows: nothing;
    - ``ToolTipRole``: ``tooltip(row, column)`` shown literally (panel text is never read as
      markup: ``ui.format.literal``);
    - ``TextAlignmentRole``: right-aligned for ``RIGHT_ALIGNED`` columns (numbers, money);
    - ``AccessibleDescriptionRole``: the whole row, as a screen reader announces it.

    A subclass gives ``shown_rows()`` (the rows, in the order shown), ``column_count()`` and
    ``cell(row, column, role)``."""

    RIGHT_ALIGNED: Collection[int] = frozenset()
    # The roles ``cell`` may answer (None: any): the others are not asked of it. A delegate
    # paints a cell with seven roles, of which most tables answer two.
    CELL_ROLES: Collection[int] | None = None

    def shown_rows(self) -> Sequence[Any]:
        raise NotImplementedError

    def column_count(self) -> int:
        raise NotImplementedError

    def cell(self, row: Any, column: int, role: int) -> Any:
        """What ``row`` answers in ``column`` for ``role`` (DisplayRole, ObjectRole, …)."""
        return None

    def tooltip(self, row: Any, column: int) -> str | None:
        """The cell's tooltip as plain text (None: none)."""
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.shown_rows())

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.column_count()

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        # One Python call per cell a view paints (Qt's own asks rowCount and columnCount).
        if 0 <= row < len(self.shown_rows()) and 0 <= column < self.column_count() \
                and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    # ``flags`` is QAbstractTableModel's own (enabled and selectable when valid, never with
    # children): no Python call per painted cell.

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        rows = self.shown_rows()
        if not index.isValid() or not 0 <= index.row() < len(rows):
            return None
        return self._answer(index, rows[index.row()], index.column(), role)

    def _answer(self, index: _Index, row: Any, column: int, role: int) -> Any:
        if role == _TOOLTIP:
            return literal(self.tooltip(row, column))
        if role == _ALIGNMENT:
            return ALIGN_RIGHT if column in self.RIGHT_ALIGNED else None
        if role == _DESCRIPTION:
            return row_description(self, index)
        if self.CELL_ROLES is not None and role not in self.CELL_ROLES:
            return None
        return self.cell(row, column, role)

    def multiData(self, index: _Index, roleDataSpan: Any) -> None:
        """Every role a delegate paints a cell with, in one Python call (Qt's default asks
        ``data`` once per role: seven calls per cell). The same answers as ``data``."""
        rows = self.shown_rows()
        valid = index.isValid() and 0 <= index.row() < len(rows)
        row, column = (rows[index.row()], index.column()) if valid else (None, 0)
        for rd in roleDataSpan:
            value = self._answer(index, row, column, rd.role()) if valid else None
            if value is None:
                rd.clearData()
            else:
                rd.setData(value)


def keyboard_table(table: QAbstractItemView, name: str = "", description: str = "") -> None:
    """Tab leaves ``table`` (Qt's table views keep it by default), and a screen reader names it
    (``name``: "Services"). Every table of the app goes through this (``setup_table`` calls
    it); the accessibility test fails on a table that keeps Tab or has no name."""
    table.setTabKeyNavigation(False)
    if name:
        table.setAccessibleName(name)
    if description:
        table.setAccessibleDescription(description)


def setup_table(table: QTableView, model: QAbstractItemModel, *, name: str = "",
                description: str = "", widths: Mapping[int, int] = {}) -> QHeaderView:
    """Attach ``model`` and give ``table`` the app's common look and behaviour. ``name``: what a
    screen reader calls the table ("Services"); ``widths``: the starting width of columns,
    never narrower than their (translated) title. Returns the horizontal header for the
    caller's own touches (section order, sort column)."""
    table.setModel(model)
    keyboard_table(table, name, description)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + ROW_PADDING)
    header = table.horizontalHeader()
    header.setSectionsMovable(True)
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    metrics = header.fontMetrics()
    for col, width in widths.items():
        title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
        header.resizeSection(col, max(width, metrics.horizontalAdvance(title) + SORT_ARROW))
    table.setSortingEnabled(True)
    return header


def row_description(model: QAbstractItemModel, index: _Index) -> str:
    """The row of ``index`` as a screen reader says it with a cell: "Service: #12 Likes;
    Panel: Demo; …" — every column with a value, under its (translated) title."""
    row = index.row()
    parent = index.parent()
    parts = []
    for col in range(model.columnCount(parent)):
        cell = model.index(row, col, parent)
        text = model.data(cell, _TEXT) or model.data(cell, _DISPLAY)
        if text is None or str(text).strip() == "":
            continue
        title = model.headerData(col, Qt.Orientation.Horizontal, _DISPLAY)
        parts.append(f"{title}: {text}" if title else str(text))
    return QCoreApplication.translate("tables", "Row %1: %2").replace(
        "%1", str(row + 1)).replace("%2", "; ".join(parts))


def describe_rows(table: QTableWidget) -> None:
    """A ``QTableWidget``'s cells answer ``row_description`` too (call after filling it)."""
    model = table.model()
    for row in range(table.rowCount()):
        text = row_description(model, model.index(row, 0))
        for col in range(table.columnCount()):
            item = table.item(row, col)
            if item is not None:
                item.setData(_DESCRIPTION, text)


CELL_PADDING = 16  # a cell's margins, left and right, plus a little air


def widen_to_samples(table: QTableView, samples: Mapping[int, Iterable[str]]) -> None:
    """No column narrower than the widest of its ``samples``: the longest text it can show
    (a date in the person's format, a charge with its decimals), so a restored or default
    width never cuts "28.12.2026 22:55" to "28.12.2026 2…". Columns of long free text (names,
    links) are not given samples: they elide, with the whole text in their tooltip."""
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    for col, texts in samples.items():
        needed = max((metrics.horizontalAdvance(t) for t in texts), default=0) + CELL_PADDING
        if not header.isSectionHidden(col) and header.sectionSize(col) < needed:
            header.resizeSection(col, needed)


def size_to_contents(table: QTableView, *, max_width: int = 320) -> None:
    """A short table (schedules, rates): every column as wide as its title and its rows need
    (measured), at most ``max_width`` (a long name elides; its tooltip has it all). The person
    may still resize them."""
    header = table.horizontalHeader()
    table.resizeColumnsToContents()
    for col in range(header.count()):
        if header.sectionSize(col) > max_width:
            header.resizeSection(col, max_width)


class TableNotice(QLabel):
    """What an empty list says, in its middle: why it is empty and what fills it, with a link
    that does something about it ("A filter hides 500 services — Clear filter"; "No alerts…
    Switch them on in Settings → Automation…"). Shown only while ``say`` has something to say;
    the link's key comes back through ``linkClicked``."""

    linkClicked = Signal(str)

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view.viewport())
        self.view = view
        self.setObjectName(f"{view.objectName() or 'table'}_notice")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.RichText)  # our words, escaped, and one link
        self.setOpenExternalLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.setContentsMargins(12, 12, 12, 12)
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.linkActivated.connect(self.linkClicked)
        self.plain = ""  # the text without markup (tests, screen readers)
        view.viewport().installEventFilter(self)
        self.hide()

    def say(self, text: str, link: tuple[str, str] | None = None) -> None:
        """Show ``text`` (plain), then `` — <link>`` when ``link`` = (key, words); "" hides."""
        self.plain = text + (f" — {link[1]}" if text and link else "")
        if not text:
            self.clear()
            self.hide()
            return
        markup = html.escape(text)
        if link is not None:
            markup += f' — <a href="{html.escape(link[0])}">{html.escape(link[1])}</a>'
        self.setText(markup)
        self.setAccessibleName(self.plain)
        self._place()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False

    def _place(self) -> None:
        area = self.view.viewport().rect().adjusted(16, 16, -16, -16)
        width = max(120, min(area.width(), 560))
        height = min(max(self.heightForWidth(width), self.sizeHint().height()), area.height())
        self.setGeometry(area.x() + (area.width() - width) // 2,
                         area.y() + max(0, (area.height() - height) // 3), width, height)
