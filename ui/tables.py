"""What the app's tables share: the item roles their models answer and the table set-up.

``ObjectRole`` gives a row's object (``ServiceRow``, ``LocalOrder``), ``SortRole`` the value a
column sorts by; the history adds ``ProgressRole`` (0..1 or None) and ``StatusKeyRole``. One
numbering, so no two roles collide. ``setup_table`` is how every list of rows looks and
behaves: whole rows, one at a time, read-only, no grid, no row numbers, sortable.

``keyboard_table`` is the part every table view gets, ``QTableWidget``s included (issue 24):
Tab and Shift+Tab leave the table (the arrows move inside it: no keyboard trap, WCAG 2.1.2), and
the table has a name a screen reader says. ``row_description`` is what a cell's
``AccessibleDescriptionRole`` answers: the whole row, so moving to a row announces which one it
is, not only the value of one column.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidget

SortRole = Qt.ItemDataRole.UserRole + 1
ObjectRole = Qt.ItemDataRole.UserRole + 2
ProgressRole = Qt.ItemDataRole.UserRole + 3  # float 0..1 or None
StatusKeyRole = Qt.ItemDataRole.UserRole + 4

ROW_PADDING = 10  # pixels above the font's height in a row
SORT_ARROW = 28  # room a header keeps for the sort indicator

_TEXT = Qt.ItemDataRole.AccessibleTextRole
_DISPLAY = Qt.ItemDataRole.DisplayRole
_DESCRIPTION = Qt.ItemDataRole.AccessibleDescriptionRole


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


def row_description(model: QAbstractItemModel, index: QModelIndex) -> str:
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
