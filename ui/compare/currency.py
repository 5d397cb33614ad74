"""Preferences → Currencies: the home currency, the exchange rates (typed or from the ECB feed),
the daily update switch, the feed's address and the cheaper-route threshold.

Every write and the feed download run on the task runner; the page shows the result when it
comes back. The switch, the address and the threshold live in the GUI's settings file; the
home currency and the rates in the workspace (the database), where scripts see them too.

A typed rate reads "1 USD = [ ] TRY": what one unit of the currency is worth in the home
currency. Before it is kept it is checked against the last ECB feed (else the rate it replaces,
``Workspace.check_rate``): more than three times off, the page asks — and offers the inverse
when the two currencies look swapped. An ECB update never replaces a typed rate.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smmdesk import options
from smmdesk import rates as core_rates
from smmdesk.servicetypes import translate_text
from ui.activity import Activity
from ui.compare.form_addon import threshold_of
from ui.format import describe_error, format_decimal, percent_affixes
from ui.orders.model import format_day
from ui.settings import Settings
from ui.tables import describe_rows, keyboard_table, size_to_contents
from ui.tasks import Cancelled, Task, TaskRunner

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace

COMMON = ("USD", "EUR", "TRY", "GBP", "RUB", "INR", "BRL", "AZN", "UAH", "KZT", "IDR", "VND")


def feed_url(settings: Settings | None) -> str:
    url = settings[options.RATES_URL] if settings is not None else ""
    return url.strip() or core_rates.ECB_URL


def rates_error_text(exc: BaseException) -> str:
    """A rates error in the GUI's language (context "rates")."""
    if isinstance(exc, core_rates.RatesError):
        return translate_text(exc.text, lambda s: QCoreApplication.translate("rates", s))
    return describe_error(exc)


def daily_update_due(settings: Settings, now: datetime | None = None) -> bool:
    """The switch is on and the last update is a day old (or never happened)."""
    if not settings[options.RATES_DAILY]:
        return False
    last = settings[options.RATES_LAST_UPDATE]
    try:
        when = datetime.fromisoformat(last)
    except ValueError:
        return True
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (now or datetime.now(UTC)) - when >= timedelta(days=1)


def mark_updated(settings: Settings, now: datetime | None = None) -> None:
    settings[options.RATES_LAST_UPDATE] = (now or datetime.now(UTC)).isoformat()


def update_rates(workspace: Workspace, url: str,
                 should_stop: Callable[[], bool] | None = None) -> dict[str, Decimal]:
    """Worker: the ECB update (raises ``RatesError`` with the reason; nothing changed then;
    ``Stopped`` when Cancel was pressed while the feed was read)."""
    return workspace.update_rates_from_ecb(url, should_stop=should_stop)


def rates_snapshot(workspace: Workspace) -> tuple[str | None, dict[str, Any], dict[str, str],
                                                  list[str]]:
    """Worker: home currency, rates, their sources and the panels' currencies."""
    currencies = sorted({p.currency.upper() for p in workspace.panels() if p.currency})
    return (workspace.home_currency(), workspace.rates(), workspace.rate_sources(), currencies)


class CurrencySettings(QWidget):
    """The Currencies section of Preferences. Changes to rates apply at once (on a worker);
    the switch, the address and the threshold are written by ``save()`` (dialog OK)."""

    changed = Signal()  # home currency or rates changed (the main window re-shows prices)
    loaded = Signal()  # the table shows the workspace's rates (tests)
    updateFinished = Signal(str)  # "" or the error text

    def __init__(self, workspace: Workspace, runner: TaskRunner, settings: Settings | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("currency_settings")
        self.workspace = workspace
        self.runner = runner
        self.settings = settings
        self.home_currency: str | None = None

        self.home = QComboBox(objectName="home_currency")
        self.home.setEditable(True)
        self.home.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        code = QRegularExpressionValidator(QRegularExpression("[A-Za-z]{0,3}"), self)
        self.home.lineEdit().setValidator(code)
        self.home.setToolTip(self.tr("Prices of every panel are compared in this currency"))
        self.set_home_button = QPushButton(self.tr("Use"), objectName="set_home_currency")
        self.set_home_button.clicked.connect(self._set_home)
        home_row = QHBoxLayout()
        home_row.addWidget(self.home, 1)
        home_row.addWidget(self.set_home_button)

        self.table = QTableWidget(0, 4, objectName="rates_table")
        self.table.setHorizontalHeaderLabels([
            self.tr("Currency"), self.tr("1 unit in home currency"), self.tr("Date"),
            self.tr("Source")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Sized to the titles and the rates (size_to_contents), not cut to equal quarters.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(140)
        keyboard_table(self.table, self.tr("Exchange rates"))
        self.table.itemSelectionChanged.connect(self._selection_changed)

        # "1 [USD] = [ value ] TRY": the value is one unit of the currency in the home currency.
        self.rate_one = QLabel(self.tr("1"), objectName="rate_one")
        self.rate_currency = QLineEdit(objectName="rate_currency")
        self.rate_currency.setPlaceholderText(self.tr("USD"))
        self.rate_currency.setAccessibleName(self.tr("Currency of the rate"))
        self.rate_currency.setValidator(QRegularExpressionValidator(
            QRegularExpression("[A-Za-z]{0,3}"), self))
        self.rate_currency.setMaximumWidth(70)
        self.rate_currency.textChanged.connect(self._describe_rate_field)
        self.rate_equals = QLabel("=", objectName="rate_equals")
        self.rate_value = QLineEdit(objectName="rate_value")
        self.rate_value.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"\d{0,12}([.,]\d{0,12})?"), self))
        self.rate_home = QLabel(objectName="rate_home")
        self.rate_home.setTextFormat(Qt.TextFormat.PlainText)
        # Before a typed rate far from the ECB's (or the one it replaces) is kept: (title, text,
        # the inverse when it fits) -> "typed", "inverse" or None (keep nothing). Tests replace it.
        self.ask_rate: Callable[[str, str, Decimal | None], str | None] = self._ask_rate
        self.set_rate_button = QPushButton(self.tr("Set rate"), objectName="set_rate")
        self.set_rate_button.clicked.connect(self._set_rate)
        self.remove_rate_button = QPushButton(self.tr("Remove"), objectName="remove_rate")
        self.remove_rate_button.clicked.connect(self._remove_rate)
        self.remove_rate_button.setEnabled(False)
        typed = QHBoxLayout()
        typed.addWidget(self.rate_one)
        typed.addWidget(self.rate_currency)
        typed.addWidget(self.rate_equals)
        typed.addWidget(self.rate_value, 1)
        typed.addWidget(self.rate_home)
        typed.addWidget(self.set_rate_button)
        typed.addWidget(self.remove_rate_button)

        self.update_button = QPushButton(self.tr("Update rates"), objectName="update_rates")
        self.update_button.setToolTip(self.tr("Fetch the European Central Bank's daily "
                                              "reference rates (typed rates are kept)"))
        self.update_button.clicked.connect(self.update_now)
        self.daily = QCheckBox(self.tr("Update the rates once a day"), objectName="rates_daily")
        self.url = QLineEdit(objectName="rates_url")
        self.url.setPlaceholderText(core_rates.ECB_URL)
        self.threshold = QSpinBox(objectName="cheaper_threshold")
        self.threshold.setRange(1, 90)
        prefix, suffix = percent_affixes()  # "%10" in Turkish, "10%" in English
        self.threshold.setPrefix(prefix)
        self.threshold.setSuffix(suffix)
        self.threshold.setToolTip(self.tr("The order form names a cheaper equivalent on another "
                                          "panel when it costs at least this much less"))
        if settings is not None:
            self.daily.setChecked(settings[options.RATES_DAILY])
            self.url.setText(settings[options.RATES_URL])
        self.threshold.setValue(int(threshold_of(settings)))
        self.message = QLabel(objectName="rates_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        form = QFormLayout()
        form.addRow(self.tr("Home currency"), home_row)
        form.addRow(self.tr("Cheaper elsewhere from"), self.threshold)
        form.addRow(self.tr("Rates feed"), self.url)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(typed)
        self.update_activity = Activity(self, name="rates_activity")
        self.update_activity.cancelRequested.connect(self._cancel_update)
        self._update_task: Task | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.update_button)
        buttons.addWidget(self.update_activity)
        buttons.addWidget(self.daily, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._describe_rate_field()
        self.reload()

    # ------------------------------------------------------------------ showing
    def reload(self) -> None:
        self.runner.submit(rates_snapshot, self.workspace, on_result=self._show,
                           on_error=self._failed, task_name="rates_load")

    def _show(self, snapshot: tuple[str | None, dict[str, Any], dict[str, str], list[str]]
              ) -> None:
        home, rates, sources, currencies = snapshot
        self.home_currency = home
        self.home.blockSignals(True)
        self.home.clear()
        for code in dict.fromkeys([*(c for c in [home] if c), *currencies, *COMMON]):
            self.home.addItem(code)
        self.home.setCurrentText(home or "")
        self.home.blockSignals(False)
        self._describe_rate_field()
        self.table.setRowCount(0)
        for cur in sorted(rates):
            value, when = rates[cur]
            row = self.table.rowCount()
            self.table.insertRow(row)
            typed = sources.get(cur) != core_rates.ECB
            items = (cur, format_decimal(value, min_decimals=2, max_decimals=6),
                     format_day(when, self.locale()),
                     self.tr("typed") if typed else self.tr("ECB"))
            for col, text in enumerate(items):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setToolTip(self.tr("1 %1 = %2 %3").replace("%1", cur)
                                    .replace("%2", str(value)).replace("%3", home or "?"))
                if col == 3 and typed:
                    item.setToolTip(self.tr("Typed by hand: kept when the rates are updated; "
                                            "remove it to follow the ECB feed"))
                self.table.setItem(row, col, item)
        size_to_contents(self.table)
        describe_rows(self.table)
        missing = [c for c in currencies if c != home and c not in rates]
        if home is None:
            self.message.setText(self.tr("Choose a home currency to compare prices across "
                                         "panels."))
        elif missing:
            self.message.setText(self.tr("No rate yet for %1: those prices are shown in their "
                                         "own currency and sorted last.")
                                 .replace("%1", ", ".join(missing)))
        else:
            self.message.setText("")
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(describe_error(exc))
        self.loaded.emit()

    def _selection_changed(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        self.remove_rate_button.setEnabled(bool(rows))
        if len(rows) == 1:
            item = self.table.item(next(iter(rows)), 0)
            if item is not None:
                self.rate_currency.setText(item.text())

    # ------------------------------------------------------------------ changing
    def _after_change(self, _result: object = None) -> None:
        self.changed.emit()
        self.reload()

    def _set_home(self) -> None:
        code = self.home.currentText().strip().upper()
        if len(code) != 3:
            self.message.setText(self.tr("A currency code has three letters, e.g. USD."))
            return
        self.runner.submit(self.workspace.set_home_currency, code, on_result=self._after_change,
                           on_error=self._failed, task_name="set_home_currency")

    def _describe_rate_field(self) -> None:
        """The typed-rate row says what the value means: "1 USD = [TRY for 1 USD] TRY"."""
        code = self.rate_currency.text().strip().upper() or self.tr("unit")
        home = self.home_currency or "?"
        self.rate_home.setText(home)
        self.rate_value.setPlaceholderText(self.tr("%1 for 1 %2").replace("%1", home)
                                           .replace("%2", code))
        meaning = self.tr("How much one %1 is worth in %2, the home currency").replace(
            "%1", code).replace("%2", home)
        self.rate_value.setToolTip(meaning)
        self.rate_value.setAccessibleName(meaning)

    def _set_rate(self) -> None:
        code = self.rate_currency.text().strip().upper()
        text = self.rate_value.text().strip().replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = Decimal(0)
        if len(code) != 3:
            self.message.setText(self.tr("A currency code has three letters, e.g. USD."))
            return
        if not value.is_finite() or value <= 0:
            self.message.setText(self.tr("Type how much one %1 is worth in %2, as a positive "
                                         "number.").replace("%1", code)
                                 .replace("%2", self.home_currency or "?"))
            return
        self.runner.submit(self.workspace.check_rate, code, value,
                           on_result=partial(self._rate_checked, code, value),
                           on_error=self._failed, task_name="check_rate")

    def _rate_checked(self, code: str, value: Decimal,
                      doubt: core_rates.RateDoubt | None) -> None:
        if doubt is not None:
            inverse = (Decimal(1) / value) if doubt.inverse_fits else None
            answer = self.ask_rate(self.tr("Is this rate right?"),
                                   self.rate_doubt_text(doubt), inverse)
            if answer is None:
                self.message.setText(self.tr("The rate was not changed."))
                return
            if answer == "inverse" and inverse is not None:
                value = inverse
        self.runner.submit(self.workspace.set_rate, code, value, on_result=self._after_change,
                           on_error=self._failed, task_name="set_rate")
        self.rate_value.clear()

    def rate_doubt_text(self, doubt: core_rates.RateDoubt) -> str:
        """Why the typed rate is asked about, in numbers the person can check."""
        home = self.home_currency or "?"
        ratio = doubt.typed / doubt.reference
        higher = ratio >= 1
        factor = ratio if higher else 1 / ratio
        times = format_decimal(factor.quantize(Decimal(1)) if factor >= 10
                               else factor.quantize(Decimal("0.1")), min_decimals=0)
        day = QLocale().toString(QDate(doubt.at.year, doubt.at.month, doubt.at.day),
                                 QLocale.FormatType.ShortFormat)
        typed = self.tr("1 %1 = %2 %3").replace("%1", doubt.currency).replace(
            "%2", format_decimal(doubt.typed, min_decimals=0, max_decimals=12)).replace(
            "%3", home)
        known = self.tr("1 %1 = %2 %3").replace("%1", doubt.currency).replace(
            "%2", format_decimal(doubt.reference, min_decimals=2, max_decimals=6)).replace(
            "%3", home)
        if doubt.source == "ecb":
            where = self.tr("The ECB rate of %1 is %2.")
        else:
            where = self.tr("The rate it would replace (of %1) is %2.")
        parts = [self.tr("You typed %1.").replace("%1", typed),
                 where.replace("%1", day).replace("%2", known),
                 (self.tr("Yours is about %1 times higher.") if higher
                  else self.tr("Yours is about %1 times lower.")).replace("%1", times)]
        if doubt.inverse_fits:
            parts.append(self.tr("The two currencies look swapped: did you mean 1 %1 = %2 %3? "
                                 "That is 1 %3 = %4 %1.")
                         .replace("%1", home)
                         .replace("%2", format_decimal(doubt.typed, min_decimals=0,
                                                       max_decimals=12))
                         .replace("%3", doubt.currency)
                         .replace("%4", format_decimal(Decimal(1) / doubt.typed,
                                                       min_decimals=2, max_decimals=6)))
        return " ".join(parts)

    def _ask_rate(self, title: str, text: str, inverse: Decimal | None) -> str | None:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        use_inverse = None
        if inverse is not None:
            use_inverse = box.addButton(
                self.tr("Use %1").replace("%1", format_decimal(inverse, min_decimals=2,
                                                               max_decimals=6)),
                QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("Keep what I typed"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(use_inverse or cancel)
        box.exec()
        clicked = box.clickedButton()
        if use_inverse is not None and clicked is use_inverse:
            return "inverse"
        if clicked is keep:
            return "typed"
        return None

    def _remove_rate(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedItems()})
        for row in rows:
            item = self.table.item(row, 0)
            if item is not None:
                self.runner.submit(self.workspace.remove_rate, item.text(),
                                   on_result=self._after_change, on_error=self._failed,
                                   task_name="remove_rate")

    def update_now(self) -> None:
        """"Update rates": the ECB feed, on a worker, with its time and a Cancel."""
        url = self.url.text().strip() or feed_url(self.settings)
        self.update_button.setEnabled(False)
        self.message.setText(self.tr("Fetching the rates…"))
        self.update_activity.start(self.tr("Updating the rates"),
                                   self.tr("reading the ECB feed…"))
        self._update_task = self.runner.submit(
            update_rates, self.workspace, url, with_stop=True, on_result=self._updated,
            on_error=self._update_failed, task_name="update_rates")

    def _cancel_update(self) -> None:
        if self._update_task is not None:
            self._update_task.cancel()

    def _updated(self, got: dict[str, Decimal]) -> None:
        self._update_task = None
        self.update_activity.finish()
        self.update_button.setEnabled(True)
        if self.settings is not None:
            mark_updated(self.settings)
        self._after_change()
        self.updateFinished.emit("")

    def _update_failed(self, exc: BaseException) -> None:
        self._update_task = None
        self.update_activity.finish()
        self.update_button.setEnabled(True)
        if isinstance(exc, Cancelled):
            text = self.tr("Update stopped: the rates were not changed.")
            self.message.setText(text)
            self.updateFinished.emit(text)
            return
        text = rates_error_text(exc)
        self.message.setText(text)
        self.updateFinished.emit(text)

    def save(self) -> None:
        """Write the switch, the address and the threshold (Preferences → OK)."""
        if self.settings is None:
            return
        self.settings[options.RATES_DAILY] = self.daily.isChecked()
        self.settings[options.RATES_URL] = self.url.text().strip()
        self.settings[options.CHEAPER_THRESHOLD] = int(self.threshold.value())
        self.settings.sync()


__all__ = ["CurrencySettings", "daily_update_due", "feed_url"]
