"""The Orders page's filter bar: status tabs with their counts, the search (debounced), the
period (with its own dates), the drip-feed / subscriptions quick filters, and on a team
workspace who placed the orders (``set_placers``).

``changed`` says "filter again and count again" (search paused, period, dates, kind);
``bucketChanged`` a tab switch (the counts stay: they are counted across the tabs).
``attentionKindChanged``: Needs attention → Stuck / Slow chosen: the page reads
``Workspace.attention`` on a worker and hands the ids back (``set_attention_ids``).
``current_filter(panel_id)`` is what the bar asks for, as the core's ``HistoryFilter``.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smmdesk.history import BUCKETS, KIND_DRIPFEED, KIND_SUBSCRIPTION, HistoryFilter
from smmdesk.models import LocalOrder
from ui.orders.model import date_format

log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 250
QT_TRANSLATE_NOOP = lambda context, text: text  # noqa: E731 - marker for lupdate

BUCKET_LABELS = {
    "all": QT_TRANSLATE_NOOP("OrderFilterBar", "All"),
    "active": QT_TRANSLATE_NOOP("OrderFilterBar", "Active"),
    "completed": QT_TRANSLATE_NOOP("OrderFilterBar", "Completed"),
    "partial": QT_TRANSLATE_NOOP("OrderFilterBar", "Partial"),
    "canceled": QT_TRANSLATE_NOOP("OrderFilterBar", "Canceled"),
    "attention": QT_TRANSLATE_NOOP("OrderFilterBar", "Needs attention"),
}

DATE_RANGES = (
    ("all", QT_TRANSLATE_NOOP("OrderFilterBar", "Any time")),
    ("today", QT_TRANSLATE_NOOP("OrderFilterBar", "Today")),
    ("7d", QT_TRANSLATE_NOOP("OrderFilterBar", "Last 7 days")),
    ("30d", QT_TRANSLATE_NOOP("OrderFilterBar", "Last 30 days")),
    ("month", QT_TRANSLATE_NOOP("OrderFilterBar", "This month")),
    ("custom", QT_TRANSLATE_NOOP("OrderFilterBar", "Custom…")),
)


class OrderFilterBar(QWidget):
    changed = Signal()  # filter and count again
    bucketChanged = Signal()  # another tab: filter again (the counts stay)
    attentionKindChanged = Signal()  # Stuck or Slow chosen: the page reads which orders

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_filters")
        self.bucket = "all"
        self.kind: str | None = None
        self.counts: dict[str, int] = dict.fromkeys(BUCKETS, 0)
        self.attention_ids: tuple[int, ...] = ()
        self._build()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.changed.emit)
        self.tabs.idToggled.connect(self._tab_toggled)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._now)
        self.date_range.currentIndexChanged.connect(self._date_range_changed)
        self.date_from.dateChanged.connect(lambda _d: self._now())
        self.date_to.dateChanged.connect(lambda _d: self._now())
        self.dripfeed_button.toggled.connect(self._kind_toggled)
        self.subscriptions_button.toggled.connect(self._kind_toggled)

    def _build(self) -> None:
        # Status tabs (segmented buttons: one widget per tab, so each has an objectName).
        self.tabs = QButtonGroup(self)
        self.tabs.setExclusive(True)
        tabs_row = QHBoxLayout()
        tabs_row.setSpacing(0)
        self.tab_buttons: dict[str, QToolButton] = {}
        for i, bucket in enumerate(BUCKETS):
            b = QToolButton(objectName=f"history_tab_{bucket}")
            b.setCheckable(True)
            b.setAutoRaise(False)
            b.setProperty("bucket", bucket)
            b.setProperty("segment", "first" if i == 0 else
                          "last" if i == len(BUCKETS) - 1 else "mid")
            self.tabs.addButton(b, i)
            self.tab_buttons[bucket] = b
            tabs_row.addWidget(b)
        self.tab_buttons["all"].setChecked(True)
        # Needs attention → Stuck / Slow (``Workspace.attention``): active orders that have not
        # started in time, or take far longer than their service usually does.
        self.attention_kind = QComboBox(objectName="history_attention_kind")
        self.attention_kind.setAccessibleName(self.tr("Needs attention"))
        self.attention_kind.addItem(self.tr("Everything that needs attention"), "")
        self.attention_kind.addItem(self.tr("Stuck: not started in time"), "stuck")
        self.attention_kind.addItem(self.tr("Slow: far slower than usual"), "slow")
        self.attention_kind.setToolTip(self.tr(
            "Stuck: not started after the hours set in Settings → Automation… (or a multiple "
            "of the service's usual start, when longer). Slow: in progress a multiple of the "
            "time the service usually takes (set there too)"))
        self.attention_kind.setVisible(False)
        self.attention_kind.currentIndexChanged.connect(self._attention_kind_changed)
        tabs_row.addSpacing(8)
        tabs_row.addWidget(self.attention_kind)
        tabs_row.addStretch(1)
        self._style_tabs()
        self.show_counts(self.counts)

        self.search = QLineEdit(objectName="history_search")
        self.search.setPlaceholderText(self.tr("Search order ID, link or service…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.search.setAccessibleName(self.tr("Search orders"))
        self.date_range = QComboBox(objectName="history_date_range")
        self.date_range.setAccessibleName(self.tr("Period"))
        for key, label in DATE_RANGES:
            self.date_range.addItem(self.tr(label), key)
        self.date_from = QDateEdit(objectName="history_date_from")
        self.date_from.setAccessibleName(self.tr("Orders from"))
        self.date_to = QDateEdit(objectName="history_date_to")
        self.date_to.setAccessibleName(self.tr("Orders until"))
        today = QDate.currentDate()
        for edit, value in ((self.date_from, today.addDays(-30)), (self.date_to, today)):
            edit.setCalendarPopup(True)
            edit.setDate(value)
            edit.setDisplayFormat(date_format(self.locale()))
            edit.hide()
        self.dripfeed_button = QToolButton(objectName="history_dripfeed")
        self.dripfeed_button.setText(self.tr("Drip-feed"))
        self.dripfeed_button.setToolTip(self.tr("Only drip-feed orders (delivered in runs)"))
        self.subscriptions_button = QToolButton(objectName="history_subscriptions")
        self.subscriptions_button.setText(self.tr("Subscriptions"))
        self.subscriptions_button.setToolTip(self.tr("Only subscription orders"))
        for b in (self.dripfeed_button, self.subscriptions_button):
            b.setCheckable(True)
        # Who placed the orders (a team workspace's logins: ``set_placers``; hidden otherwise).
        self.placed_by = QComboBox(objectName="history_placed_by")
        self.placed_by.setAccessibleName(self.tr("Placed by"))
        self.placed_by.setToolTip(self.tr("Only the orders placed by this team member"))
        self.placed_by.addItem(self.tr("Placed by anyone"), "")
        self.placed_by.setVisible(False)
        self.placed_by.currentIndexChanged.connect(lambda _i: self._now())
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.date_range)
        filters.addWidget(self.date_from)
        filters.addWidget(self.date_to)
        filters.addWidget(self.dripfeed_button)
        filters.addWidget(self.subscriptions_button)
        filters.addWidget(self.placed_by)
        filters.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(tabs_row)
        layout.addLayout(filters)

    def _style_tabs(self) -> None:
        pal = self.palette()
        base = pal.color(pal.ColorRole.Button).name()
        text = pal.color(pal.ColorRole.ButtonText).name()
        accent = pal.color(pal.ColorRole.Highlight).name()
        accent_text = pal.color(pal.ColorRole.HighlightedText).name()
        mid = pal.color(pal.ColorRole.Mid).name()
        self.setStyleSheet(
            f"QToolButton[bucket] {{ background: {base}; color: {text}; border: 1px solid {mid};"
            " padding: 5px 14px; margin: 0; }"
            "QToolButton[segment=\"first\"] { border-top-left-radius: 6px;"
            " border-bottom-left-radius: 6px; }"
            "QToolButton[segment=\"last\"] { border-top-right-radius: 6px;"
            " border-bottom-right-radius: 6px; }"
            "QToolButton[segment=\"mid\"], QToolButton[segment=\"last\"] { border-left: none; }"
            f"QToolButton[bucket]:checked {{ background: {accent}; color: {accent_text};"
            f" border-color: {accent}; }}"
        )

    # -- what the bar asks for -------------------------------------------------------------
    def current_filter(self, panel_id: str | None) -> HistoryFilter:
        since, until = self._date_bounds()
        text = self.search.text().strip()
        watch = self.bucket == "attention" and bool(self.attention_kind.currentData())
        return HistoryFilter(
            panel_ids=(panel_id,) if panel_id else None,
            bucket="all" if watch else self.bucket,
            order_ids=self.attention_ids if watch else None,
            search=text or None,
            since=since,
            until=until,
            kind=self.kind,
            placed_by=self.placed_by.currentData() or None,
        )

    def _date_bounds(self) -> tuple[datetime | None, datetime | None]:
        key = self.date_range.currentData()
        now = datetime.now().astimezone()
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        if key == "today":
            return midnight, None
        if key == "7d":
            return midnight - timedelta(days=6), None
        if key == "30d":
            return midnight - timedelta(days=29), None
        if key == "month":
            return midnight.replace(day=1), None
        if key == "custom":
            f = self.date_from.date().toPython()
            t = self.date_to.date().toPython()
            if t < f:
                f, t = t, f
            tz = now.tzinfo
            return (datetime.combine(f, time(0), tz),
                    datetime.combine(t + timedelta(days=1), time(0), tz))
        return None, None

    def show_counts(self, counts: dict[str, int]) -> None:
        """Each tab's count under the other filters."""
        self.counts = dict(counts)
        locale = self.locale()
        for bucket, b in self.tab_buttons.items():
            n = self.counts.get(bucket, 0)
            b.setText(f"{self.tr(BUCKET_LABELS[bucket])}  {locale.toString(int(n))}")
            if bucket == "attention":
                b.setToolTip(self.tr(
                    "Uncertain, rejected by the panel, not sent, not found on the panel, "
                    "or failed"))

    # -- changing it -------------------------------------------------------------------------
    def _now(self) -> None:
        self._search_timer.stop()
        self.changed.emit()

    def stop_typing(self) -> None:
        """The search typed so far is applied now (the debounce is dropped)."""
        self._search_timer.stop()

    def reset(self) -> None:
        """Every filter off, quietly (no signal)."""
        self._search_timer.stop()
        for w in (self.search, self.dripfeed_button, self.subscriptions_button, self.date_range,
                  self.tabs, self.placed_by):
            w.blockSignals(True)
        self.search.clear()
        self.placed_by.setCurrentIndex(0)
        self.dripfeed_button.setChecked(False)
        self.subscriptions_button.setChecked(False)
        self.date_range.setCurrentIndex(0)
        self.tab_buttons["all"].setChecked(True)
        for w in (self.search, self.dripfeed_button, self.subscriptions_button, self.date_range,
                  self.tabs, self.placed_by):
            w.blockSignals(False)
        self.kind = None
        self.bucket = "all"
        self.attention_kind.setVisible(False)
        self._set_dates_visible(False)

    def set_placers(self, logins: list[str]) -> None:
        """The team members who placed orders (``Workspace.order_placers``): the "Placed by"
        filter offers them (shown from the first call: only a team workspace calls it, a local
        one has no logins). The one chosen stays chosen."""
        chosen = self.placed_by.currentData() or ""
        self.placed_by.blockSignals(True)
        self.placed_by.clear()
        self.placed_by.addItem(self.tr("Placed by anyone"), "")
        for login in sorted({*logins, *([chosen] if chosen else [])}, key=str.casefold):
            self.placed_by.addItem(login, login)
        self.placed_by.setCurrentIndex(max(0, self.placed_by.findData(chosen)))
        self.placed_by.blockSignals(False)
        self.placed_by.setVisible(True)

    def set_placed_by(self, login: str | None) -> None:
        """Only the orders ``login`` placed (None: anyone's)."""
        index = self.placed_by.findData(login or "")
        if index < 0 and login:
            self.placed_by.addItem(login, login)
            index = self.placed_by.count() - 1
        self.placed_by.setCurrentIndex(max(0, index))

    def set_bucket(self, bucket: str) -> None:
        self.tab_buttons[bucket].setChecked(True)

    def _tab_toggled(self, _id: int, checked: bool) -> None:
        if not checked:
            return
        button = self.tabs.checkedButton()
        bucket = button.property("bucket") if button is not None else "all"
        if bucket != self.bucket:
            self.bucket = bucket
            self.attention_kind.setVisible(bucket == "attention")
            if bucket == "attention" and self.attention_kind.currentData():
                self.attentionKindChanged.emit()
                return
            self.bucketChanged.emit()

    def _attention_kind_changed(self, _index: int) -> None:
        if self.attention_kind.currentData():
            self.attentionKindChanged.emit()
        else:
            self.bucketChanged.emit()

    def set_attention_ids(self, found: list[tuple[LocalOrder, str]]) -> None:
        """What ``Workspace.attention`` found: the orders of the chosen kind are the filter."""
        kind = self.attention_kind.currentData()
        self.attention_ids = tuple(o.id for o, why in found if why == kind)
        log.info("needs attention (%s): %d order(s) %s", kind, len(self.attention_ids),
                 list(self.attention_ids[:20]))

    def _kind_toggled(self, checked: bool) -> None:
        sender = self.sender()
        if checked:  # the two quick filters exclude each other
            other = (self.subscriptions_button if sender is self.dripfeed_button
                     else self.dripfeed_button)
            other.blockSignals(True)
            other.setChecked(False)
            other.blockSignals(False)
        if self.dripfeed_button.isChecked():
            self.kind = KIND_DRIPFEED
        elif self.subscriptions_button.isChecked():
            self.kind = KIND_SUBSCRIPTION
        else:
            self.kind = None
        self._now()

    def set_kind(self, kind: str | None) -> None:
        self.dripfeed_button.setChecked(kind == KIND_DRIPFEED)
        self.subscriptions_button.setChecked(kind == KIND_SUBSCRIPTION)
        if kind is None:
            self.dripfeed_button.setChecked(False)
            self.subscriptions_button.setChecked(False)

    def _date_range_changed(self, _index: int) -> None:
        self._set_dates_visible(self.date_range.currentData() == "custom")
        self._now()

    def _set_dates_visible(self, on: bool) -> None:
        self.date_from.setVisible(on)
        self.date_to.setVisible(on)

    def set_date_range(self, since: datetime | None, until: datetime | None) -> None:
        """Custom range (local dates, ``until`` inclusive); both None: any time."""
        if since is None and until is None:
            self.date_range.setCurrentIndex(0)
            return
        self.date_range.blockSignals(True)
        self.date_range.setCurrentIndex(self.date_range.findData("custom"))
        self.date_range.blockSignals(False)
        self._set_dates_visible(True)
        for edit, value in ((self.date_from, since), (self.date_to, until)):
            if value is not None:
                edit.blockSignals(True)
                edit.setDate(QDate(value.year, value.month, value.day))
                edit.blockSignals(False)
        self._now()
