"""What the app's tables share: the item roles their models answer and the table set-up.

``ObjectRole`` gives a row's object (``ServiceRow``, ``LocalOrder``), ``SortRole`` the value a
column sorts by; the history adds ``ProgressRole`` (0..1 or None) and ``StatusKeyRole``. One
numbering, so no two roles collide. ``setup_table`` is how every list of rows looks and
behaves: whole rows, one at a time, read-only, no grid, no row numbers, sortable.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

SortRole = Qt.ItemDataRole.UserRole + 1
ObjectRole = Qt.ItemDataRole.UserRole + 2
ProgressRole = Qt.ItemDataRole.UserRole + 3  # float 0..1 or None
StatusKeyRole = Qt.ItemDataRole.UserRole + 4

ROW_PADDING = 10  # pixels above the font's height in a row
SORT_ARROW = 28  # room a header keeps for the sort indicator


def setup_table(table: QTableView, model: QAbstractItemModel, *,
                widths: Mapping[int, int] = {}) -> QHeaderView:
    """Attach ``model`` and give ``table`` the app's common look and behaviour. ``widths``:
    the starting width of columns, never narrower than their (translated) title. Returns the
    horizontal header for the caller's own touches (section order, sort column)."""
    table.setModel(model)
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
