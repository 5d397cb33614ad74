"""The Services page: search and filters, the service table, and the selected service's text."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smmdesk import options
from smmdesk.models import Service, ServiceRow, ServiceStats
from smmdesk.servicetable import ServicesTable
from smmdesk.textnorm import display_text
from ui import gcguard
from ui.format import (
    delivery_lines,
    format_average_time,
    format_decimal,
    format_money,
    ntr,
    widen_to_titles,
)
from ui.services.model import Col, ObjectRole, ServiceFilter, ServicesModel, type_name
from ui.settings import Settings
from ui.tables import TableNotice, setup_table, widen_to_samples

DEBOUNCE_MS = 120

DEFAULT_WIDTHS = {
    Col.FAVOURITE: 28,
    Col.PANEL: 120,
    Col.ID: 56,
    Col.NAME: 300,
    Col.CATEGORY: 190,
    Col.TYPE: 100,
    Col.RATE: 92,
    Col.MIN: 60,
    Col.MAX: 76,
    Col.REFILL: 52,
    Col.CANCEL: 56,
    Col.DRIPFEED: 68,
    Col.AVERAGE_TIME: 80,
    Col.CHANGE: 46,
}


def column_samples() -> dict[int, list[str]]:
    """The longest texts of the short columns, in the person's language (the table measures
    no rows: 200,000 of them): "19 saat 59 dakika" is wider than "Avg time"."""
    return {Col.AVERAGE_TIME: [format_average_time("1 day 23 hours"),
                               format_average_time("23 hours 59 minutes")]}


class ServicesView(QWidget):
    orderRequested = Signal(str, int)  # panel_id, service_id
    favouriteToggled = Signal(str, int, bool)  # panel_id, service_id, on
    filterApplied = Signal(int)  # visible rows after a filter change (tests, scripts)

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("services_view")
        self.settings = settings
        self.model = ServicesModel(self)
        self.model.filterApplied.connect(self._filter_applied)
        self._all_panels = False
        self._restoring = False
        # The table keeps no descriptions: ``description_source(panel_id, service_id, deliver)``
        # reads the selected service (on a worker) and calls ``deliver(service or None)``. The
        # main window sets it (``Workspace.service``).
        self.description_source: Callable[[str, int, Callable[[Service | None], None]],
                                          None] | None = None
        self._details_key: tuple[str, int] | None = None
        # The selected service's delivery record from the person's own orders:
        # ``stats_source(panel_id, service_id, deliver)`` reads it on a worker (the main
        # window sets it: ``Workspace.service_stats``).
        self.stats_source: Callable[[str, int, Callable[[ServiceStats | None], None]],
                                    None] | None = None

        # -- filter bar -----------------------------------------------------------------------
        self.search = QLineEdit(objectName="search")
        self.search.setPlaceholderText(self.tr("Search by name, category or ID (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search services"))
        self.search.setAccessibleDescription(
            self.tr("Name, category or ID; Escape clears it; Tab goes on to the filters"))
        self.search.textChanged.connect(self._schedule_filter)
        self.category_combo = QComboBox(objectName="category_filter")
        self.category_combo.setMinimumContentsLength(18)
        self.category_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.category_combo.setToolTip(self.tr("Show one category only"))
        self.category_combo.setAccessibleName(self.tr("Category"))
        self.type_combo = QComboBox(objectName="type_filter")
        self.type_combo.setMinimumContentsLength(10)
        self.type_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.type_combo.setToolTip(self.tr("Show one service type only"))
        self.type_combo.setAccessibleName(self.tr("Service type"))
        self.favourites_button = QToolButton(objectName="favourites_only")
        self.favourites_button.setText(self.tr("★ Favourites"))
        self.favourites_button.setCheckable(True)
        self.favourites_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.favourites_button.setToolTip(self.tr("Show favourite services only"))
        self.count_label = QLabel(objectName="services_count")
        self._fill_combos()
        self.category_combo.currentIndexChanged.connect(self._apply_filter)
        self.type_combo.currentIndexChanged.connect(self._apply_filter)
        self.favourites_button.toggled.connect(self._apply_filter)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.search, 3)
        bar.addWidget(self.category_combo, 2)
        bar.addWidget(self.type_combo, 1)
        bar.addWidget(self.favourites_button)
        bar.addWidget(self.count_label)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._apply_filter)

        # -- table ----------------------------------------------------------------------------
        self.table = QTableView(objectName="services_table")
        # Latin text drawn without optional shaping (kerning, ligatures): a fifth of a
        # repaint's time here, on every keystroke that changes the rows shown. Scripts that
        # need shaping to be legible (Arabic, Indic) are still shaped.
        font = self.table.font()
        font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        self.table.setFont(font)
        setup_table(self.table, self.model, name=self.tr("Services"), widths=DEFAULT_WIDTHS,
                    description=self.tr("Enter or double-click: order the selected service"))
        widen_to_titles(self.table)
        widen_to_samples(self.table, column_samples())
        self.table.sortByColumn(Col.ID, Qt.SortOrder.AscendingOrder)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(self._activated)
        self.table.clicked.connect(self._clicked)
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._after_reset)
        # An empty table says why: nothing downloaded yet, or a filter hiding every service.
        self.notice = TableNotice(self.table)
        self.notice.linkClicked.connect(self._notice_link)
        self._rows_set = False

        # -- details --------------------------------------------------------------------------
        self.details_title = QLabel(objectName="service_title")
        self.details_title.setTextFormat(Qt.TextFormat.PlainText)
        self.details_title.setWordWrap(True)
        font = self.details_title.font()
        font.setBold(True)
        self.details_title.setFont(font)
        # The way to order the selected service, in sight: a button beside it (the
        # keys are in the hint under it).
        self.order_button = QPushButton(self.tr("Order…"), objectName="order_service")
        self.order_button.setToolTip(self.tr("Open the order form for this service"))
        self.order_button.setAccessibleDescription(
            self.tr("Enter or a double-click on a row does the same"))
        self.order_button.clicked.connect(self._order_current)
        self.details_stats = QLabel(objectName="service_stats")
        self.details_stats.setTextFormat(Qt.TextFormat.PlainText)
        self.details_stats.setWordWrap(True)
        self.details_stats.setAccessibleName(self.tr("Delivery record"))
        self.details_meta = QLabel(objectName="service_meta")
        self.details_meta.setTextFormat(Qt.TextFormat.PlainText)
        self.details_meta.setWordWrap(True)
        # How to order what is selected: a first-time user sees no other sign of it.
        self.order_hint = QLabel(objectName="order_hint")
        self.order_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.order_hint.setWordWrap(True)
        self.order_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.description = QPlainTextEdit(objectName="description")
        self.description.setReadOnly(True)
        self.description.setPlaceholderText(self.tr("Select a service to read its description."))
        self.description.setAccessibleName(self.tr("Service description"))
        # Read-only, yet reachable and readable with the keyboard (arrows, selection, copy).
        self.description.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 4, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(self.details_title, 1)
        title_row.addWidget(self.order_button)
        details_layout.addLayout(title_row)
        details_layout.addWidget(self.details_meta)
        details_layout.addWidget(self.details_stats)
        details_layout.addWidget(self.order_hint)
        details_layout.addWidget(self.description, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, objectName="services_splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(details)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        self.copy_id_action = QAction(self.tr("Copy I&D"), self)
        self.copy_id_action.triggered.connect(self.copy_id)
        self.copy_name_action = QAction(self.tr("Copy n&ame"), self)
        self.copy_name_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_name_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_name_action.triggered.connect(self.copy_name)
        self.table.addAction(self.copy_name_action)
        self.favourite_action = QAction(self.tr("&Favourite"), self)
        self.favourite_action.setCheckable(True)
        self.favourite_action.triggered.connect(self.toggle_favourite)
        self.order_action = QAction(self.tr("&Order this service…"), self)
        self.order_action.triggered.connect(self._order_current)
        self.extra_menu_actions: list[QAction] = []  # added by the window (e.g. Compare)
        self.escape_action = QAction(self)  # Escape anywhere on the page clears the search
        self.escape_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.escape_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.escape_action.triggered.connect(self.clear_search)
        self.addAction(self.escape_action)
        self._update_count()
        self._show_details(None)

    # -- state --------------------------------------------------------------------------------
    def restore_state(self) -> None:
        if self.settings is None:
            return
        self._restoring = True
        try:
            state = self.settings[options.SERVICES_HEADER]
            if state is not None:
                self.table.horizontalHeader().restoreState(state)
                widen_to_titles(self.table)  # saved in another language, perhaps
                widen_to_samples(self.table, column_samples())
            splitter = self.settings[options.SERVICES_SPLITTER]
            if splitter is not None:
                self.splitter.restoreState(splitter)
            self.search.setText(self.settings[options.FILTER_TEXT])
            self._wanted_category = self.settings[options.FILTER_CATEGORY] or None
            self._wanted_type = self.settings[options.FILTER_TYPE] or None
            self.favourites_button.setChecked(self.settings[options.FILTER_FAVOURITES])
        finally:
            self._restoring = False
        self._fill_combos()
        self._apply_filter()

    def save_state(self) -> None:
        if self.settings is None:
            return
        settings = self.settings
        settings[options.SERVICES_HEADER] = self.table.horizontalHeader().saveState()
        settings[options.SERVICES_SPLITTER] = self.splitter.saveState()
        flt = self.current_filter()
        settings[options.FILTER_TEXT] = self.search.text()
        settings[options.FILTER_CATEGORY] = flt.category or ""
        settings[options.FILTER_TYPE] = flt.type or ""
        settings[options.FILTER_FAVOURITES] = flt.favourites_only

    # -- data ---------------------------------------------------------------------------------
    def set_rows(self, rows: list[ServiceRow] | ServicesTable, *, all_panels: bool,
                 haystacks: list[str] | None = None) -> None:
        self._all_panels = all_panels
        self._rows_set = True
        current = self.current_row()
        self.model.set_rows(rows, haystacks)
        gcguard.settle_soon()  # the rows stay until the next refresh: no collection walks them
        self._fill_combos()
        self._apply_filter()
        self._update_columns()
        if current is not None:
            self.select_service(current.panel_id, current.service.id)

    def _update_columns(self) -> None:
        self.table.setColumnHidden(Col.PANEL, not self._all_panels)
        self.table.setColumnHidden(Col.AVERAGE_TIME, not self.model.has_average_time)

    def _fill_combos(self) -> None:
        cat = self.category_combo.currentData() if self.category_combo.count() else None
        typ = self.type_combo.currentData() if self.type_combo.count() else None
        cat = getattr(self, "_wanted_category", None) or cat
        typ = getattr(self, "_wanted_type", None) or typ
        for combo, first, values, wanted, label in (
            (self.category_combo, self.tr("All categories"), self.model.categories(), cat,
             display_text),
            (self.type_combo, self.tr("All types"), self.model.types(), typ, type_name),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for value in values:
                combo.addItem(label(value), value)
            pos = combo.findData(wanted) if wanted else 0
            if wanted and pos < 0:
                # Not in this panel's list (yet): keep it selectable so the filter is not lost.
                combo.addItem(wanted, wanted)
                pos = combo.count() - 1
            combo.setCurrentIndex(max(pos, 0))
            combo.blockSignals(False)
        if self.model.total_count:
            self._wanted_category = self._wanted_type = None

    # -- filtering ----------------------------------------------------------------------------
    def current_filter(self) -> ServiceFilter:
        return ServiceFilter(
            text=self.search.text(),
            category=self.category_combo.currentData() or None,
            type=self.type_combo.currentData() or None,
            favourites_only=self.favourites_button.isChecked(),
        )

    def _schedule_filter(self) -> None:
        if not self._restoring:
            self._debounce.start()

    def _apply_filter(self) -> None:
        if self._restoring:
            return
        self._debounce.stop()
        self.model.set_filter(self.current_filter())
        self._update_count()

    def apply_filter_now(self) -> None:
        """Skip the debounce (tests, Enter in the search box)."""
        self._apply_filter()

    def _filter_applied(self, count: int) -> None:
        self._update_count()
        self.filterApplied.emit(count)

    def _update_count(self) -> None:
        total = self.model.total_count
        shown = self.model.rowCount()
        self._update_notice(shown, total)
        if total == 0:
            self.count_label.setText(self.tr("No services yet"))
        elif shown == total:
            self.count_label.setText(ntr("ServicesView", "%n service(s)", total))
        else:
            self.count_label.setText(
                ntr("ServicesView", "%1 of %n service(s)", total).replace("%1", str(shown))
            )

    def _update_notice(self, shown: int, total: int) -> None:
        if shown:
            self.notice.say("")
        elif total:
            self.notice.say(ntr("ServicesView", "A filter hides %n service(s)", total),
                            ("clear", self.tr("Clear filter")))
        elif self._rows_set:
            self.notice.say(self.tr("No services yet. They come from the panel: press F5 "
                                    "(Refresh) to download its list."))
        else:
            self.notice.say("")  # still reading the saved list

    def _notice_link(self, key: str) -> None:
        if key == "clear":
            self.clear_filters()

    def clear_filters(self) -> None:
        """Every filter off (search, category, type, favourites): every service shown."""
        self._restoring = True  # one filter pass, not one per control
        try:
            self.search.clear()
            self.category_combo.setCurrentIndex(0)
            self.type_combo.setCurrentIndex(0)
            self.favourites_button.setChecked(False)
        finally:
            self._restoring = False
        self._wanted_category = self._wanted_type = None
        self._apply_filter()

    def clear_search(self) -> None:
        self.search.clear()
        self._apply_filter()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- selection and actions ----------------------------------------------------------------
    def current_row(self) -> ServiceRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return index.data(ObjectRole)

    def select_service(self, panel_id: str, service_id: int) -> bool:
        pos = self.model.find(panel_id, service_id)
        if pos is None:
            return False
        index = self.model.index(pos, Col.NAME)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def _after_reset(self) -> None:
        self._show_details(None)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_details(current.data(ObjectRole) if current.isValid() else None)

    def _show_details(self, row: ServiceRow | None) -> None:
        self._details_key = None
        self.order_button.setVisible(row is not None)
        if row is None:
            self.details_title.setText(self.tr("No service selected"))
            self.details_meta.setText("")
            self.details_stats.setText("")
            self.order_hint.setText(self.tr("Select a service to read about it; press Enter or "
                                            "double-click it to order it."))
            self.description.setPlainText("")
            return
        self.order_hint.setText(self.tr("To order this service: press Enter, double-click it, "
                                        "or use New order (Ctrl+N)."))
        s = row.service
        self.details_title.setText(f"#{s.id} · {display_text(s.name)}")
        parts = [row.panel_name, display_text(s.category), type_name(s.type)]
        parts.append(self.tr("%1 per 1000").replace("%1", format_money(s.rate, row.currency)))
        home = self.model.home_price_of(row)
        if home is not None and row.currency != self.model.home_currency:
            parts.append(self.tr("≈ %1 in your currency").replace(
                "%1", format_money(home, self.model.home_currency, max_decimals=4)))
        parts.append(self.tr("quantity %1–%2")
                     .replace("%1", format_decimal(Decimal(s.min), min_decimals=0))
                     .replace("%2", format_decimal(Decimal(s.max), min_decimals=0)))
        if s.average_time:
            parts.append(self.tr("average time %1").replace(
                "%1", format_average_time(s.average_time)))
        self.details_meta.setText(" · ".join(p for p in parts if p))
        stats_key = (row.panel_id, s.id)
        self.details_stats.setText("")
        if self.stats_source is not None:
            self.stats_source(row.panel_id, s.id,
                              lambda st: self._stats_read(stats_key, st))
        if self.model.has_descriptions or self.description_source is None:
            self._show_description(s.description)
            return
        # Read on demand: the table keeps no descriptions (a quarter of its memory).
        key = self._details_key = (row.panel_id, s.id)
        self.description.setPlainText("")
        self.description_source(row.panel_id, s.id,
                                lambda service: self._description_read(key, service))

    def _stats_read(self, key: tuple[str, int], stats: ServiceStats | None) -> None:
        row = self.current_row()
        if row is not None and (row.panel_id, row.service.id) == key:  # still selected
            self.details_stats.setText("\n".join(delivery_lines(stats)))

    def _description_read(self, key: tuple[str, int], service: Service | None) -> None:
        if key == self._details_key:  # still the selected service
            self._show_description(service.description if service is not None else "")

    def _show_description(self, text: str) -> None:
        self.description.setPlainText(display_text(text, multiline=True)
                                      or self.tr("The panel gives no description."))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._order_current()
            return True
        return super().eventFilter(watched, event)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() != Col.FAVOURITE:
            row = index.data(ObjectRole)
            self.orderRequested.emit(row.panel_id, row.service.id)

    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() == Col.FAVOURITE:
            self.toggle_favourite()

    def _order_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.orderRequested.emit(row.panel_id, row.service.id)

    def copy_id(self) -> None:
        row = self.current_row()
        if row is not None:
            QGuiApplication.clipboard().setText(str(row.service.id))

    def copy_name(self) -> None:
        row = self.current_row()
        if row is not None:
            QGuiApplication.clipboard().setText(row.service.name)

    def toggle_favourite(self) -> None:
        row = self.current_row()
        if row is None:
            return
        on = not row.favourite
        self.model.set_favourite_local(row.panel_id, row.service.id, on)
        self.favouriteToggled.emit(row.panel_id, row.service.id, on)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        row: ServiceRow = index.data(ObjectRole)
        self.favourite_action.setChecked(row.favourite)
        menu = QMenu(self)
        menu.addAction(self.order_action)
        for action in self.extra_menu_actions:
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.copy_id_action)
        menu.addAction(self.copy_name_action)
        menu.addSeparator()
        menu.addAction(self.favourite_action)
        menu.popup(self.table.viewport().mapToGlobal(pos))
