"""Settings → Automation…: running in the tray, start at login, the catch-up grace period, the
price rise that pauses a schedule, automatic refills and the alerts (each switchable, with a
balance threshold per panel). Core preferences are saved through the Workspace on a worker;
the tray and autostart ones are the GUI's own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smmdesk.models import Panel
from smmdesk.store.automation import AutomationSettings
from smmdesk.workspace import Workspace
from ui.fit import fit_on_first_show, scrolling
from ui.format import percent_affixes
from ui.shell import autostart
from ui.shell.tray import TrayController
from ui.shell.watch_prefs import WatchPrefsBox
from ui.tasks import TaskRunner


@dataclass
class AutomationPrefs:
    settings: AutomationSettings
    panels: list[Panel]
    thresholds: dict[str, Decimal | None]


def load_prefs(workspace: Workspace) -> AutomationPrefs:
    panels = workspace.panels()
    return AutomationPrefs(workspace.automation_settings(), panels,
                           {p.id: workspace.balance_threshold(p.id) for p in panels})


def save_prefs(workspace: Workspace, values: dict[str, Any],
               thresholds: dict[str, Decimal | None]) -> None:
    workspace.set_automation_settings(**values)
    for pid, amount in thresholds.items():
        workspace.set_balance_threshold(pid, amount)


def _spin(low: int, high: int, value: int, suffix: str) -> QSpinBox:
    s = QSpinBox()
    s.setRange(low, high)
    s.setValue(value)
    s.setSuffix(suffix)
    return s


def _percent_spin(low: int, high: int, value: int) -> QSpinBox:
    """A percentage as the language writes it: "%10" in Turkish, "10%" in English."""
    s = _spin(low, high, value, "")
    prefix, suffix = percent_affixes()
    s.setPrefix(prefix)
    s.setSuffix(suffix)
    return s


class AutomationDialog(QDialog):
    def __init__(self, workspace: Workspace, runner: TaskRunner, tray: TrayController,
                 prefs: AutomationPrefs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("automation_dialog")
        self.setWindowTitle(self.tr("Automation"))
        self.workspace, self.runner, self.tray, self.prefs = workspace, runner, tray, prefs
        s = prefs.settings
        body = QWidget(objectName="automation_body")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)

        running = QGroupBox(self.tr("Running"))
        form = QFormLayout(running)
        self.close_to_tray = QCheckBox(self.tr("Keep running in the system tray when the window "
                                               "is closed"), objectName="close_to_tray")
        self.close_to_tray.setChecked(bool(tray.close_to_tray()))
        self.start_at_login = QCheckBox(self.tr("Start at login"), objectName="start_at_login")
        self.start_at_login.setChecked(autostart.is_enabled())
        form.addRow(self.close_to_tray)
        form.addRow(self.start_at_login)
        layout.addWidget(running)

        sched = QGroupBox(self.tr("Scheduled orders"))
        form = QFormLayout(sched)
        self.grace = _spin(1, 24 * 60, int(s.grace.total_seconds() // 60), self.tr(" min"))
        form.addRow(self.tr("Place a missed run when less late than:"), self.grace)
        self.max_rise = _percent_spin(0, 1000, int(s.max_price_rise))
        form.addRow(self.tr("Pause a schedule when the price rose by more than:"), self.max_rise)
        layout.addWidget(sched)

        refill = QGroupBox(self.tr("Automatic refills"))
        form = QFormLayout(refill)
        self.refill_default = QCheckBox(self.tr("Refill every order of services with refill "
                                                "automatically"), objectName="refill_default")
        self.refill_default.setChecked(s.auto_refill_default)
        form.addRow(self.refill_default)
        self.min_delay = _spin(1, 24 * 30, int(s.refill_min_delay.total_seconds() // 3600),
                               self.tr(" h"))
        form.addRow(self.tr("First refill after:"), self.min_delay)
        self.interval = _spin(1, 365, max(1, s.refill_interval.days), self.tr(" days"))
        form.addRow(self.tr("At most one refill every:"), self.interval)
        layout.addWidget(refill)

        alerts = QGroupBox(self.tr("Alerts"))
        form = QFormLayout(alerts)
        self.alert_balance = QCheckBox(self.tr("Balance below the threshold"))
        self.alert_balance.setChecked(s.alert_balance)
        self.alert_price = QCheckBox(self.tr("A favourite's price changed by more than:"))
        self.alert_price.setChecked(s.alert_price)
        self.price_percent = _percent_spin(1, 1000, int(s.price_alert_percent))
        self.price_percent.setAccessibleName(self.tr("Price change in percent"))
        self.alert_removed = QCheckBox(self.tr("A favourite or scheduled service was removed"))
        self.alert_removed.setChecked(s.alert_removed)
        self.alert_attention = QCheckBox(self.tr("An order needs attention"))
        self.alert_attention.setChecked(s.alert_attention)
        # The margin guard (the reseller's books): a refresh that raises a service's rate so
        # that a sell price leaves less than this margin.
        self.alert_margin = QCheckBox(self.tr("A new price leaves a sell price a margin under:"),
                                      objectName="alert_margin")
        self.alert_margin.setChecked(s.alert_margin)
        self.margin_percent = _percent_spin(0, 99, int(s.min_margin_percent))
        self.margin_percent.setObjectName("min_margin")
        self.margin_percent.setAccessibleName(self.tr("Minimum margin in percent"))
        form.addRow(self.alert_balance)
        form.addRow(self.alert_price, self.price_percent)
        form.addRow(self.alert_removed)
        form.addRow(self.alert_attention)
        form.addRow(self.alert_margin, self.margin_percent)
        self.thresholds: dict[str, QLineEdit] = {}
        for p in prefs.panels:
            edit = QLineEdit(objectName=f"threshold_{p.id}")
            amount = prefs.thresholds.get(p.id)
            edit.setText("" if amount is None else str(amount))
            edit.setPlaceholderText(self.tr("no alert"))
            edit.textChanged.connect(self._validate)
            self.thresholds[p.id] = edit
            form.addRow(self.tr("Balance threshold on %1:").replace("%1", p.name), edit)
        layout.addWidget(alerts)
        # The provider watch: stuck, slow, the refill reminder (ui/shell/watch_prefs.py)
        self.watch = WatchPrefsBox(s)
        self.watch.changed.connect(self._validate)
        layout.addWidget(self.watch)
        layout.addStretch(1)

        self.error = QLabel(objectName="automation_error")
        self.error.setStyleSheet("color: #8a1c12;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # Four groups and a threshold per panel: they scroll on a small screen, while the
        # error and the buttons stay in view.
        outer = QVBoxLayout(self)
        outer.addWidget(scrolling(body), 1)
        outer.addWidget(self.error)
        outer.addWidget(self.buttons)
        fit_on_first_show(self)

    def threshold_values(self) -> dict[str, Decimal | None] | None:
        out: dict[str, Decimal | None] = {}
        for pid, edit in self.thresholds.items():
            text = edit.text().strip().replace(",", ".")
            if not text:
                out[pid] = None
                continue
            try:
                amount = Decimal(text)
            except InvalidOperation:
                return None
            if not amount.is_finite() or amount < 0:
                return None
            out[pid] = amount
        return out

    def _validate(self) -> bool:
        ok = self.threshold_values() is not None
        problem = None if ok else self.tr("A balance threshold is not a number.")
        problem = problem or self.watch.problem()
        ok = problem is None
        self.error.setText(problem or "")
        self.error.setVisible(not ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        return ok

    def save(self) -> None:
        thresholds = self.threshold_values()
        watch = self.watch.values()
        if thresholds is None or watch is None:
            self._validate()
            return
        self.tray.set_close_to_tray(self.close_to_tray.isChecked())
        if self.start_at_login.isChecked() != autostart.is_enabled():
            try:
                autostart.set_enabled(self.start_at_login.isChecked())
            except OSError as e:
                self.error.setText(self.tr("Could not change start at login: %1")
                                   .replace("%1", str(e)))
                self.error.show()
                return
        values = {
            "grace": timedelta(minutes=self.grace.value()),
            "max_price_rise": Decimal(self.max_rise.value()),
            "auto_refill_default": self.refill_default.isChecked(),
            "refill_min_delay": timedelta(hours=self.min_delay.value()),
            "refill_interval": timedelta(days=self.interval.value()),
            "alert_balance": self.alert_balance.isChecked(),
            "alert_price": self.alert_price.isChecked(),
            "price_alert_percent": Decimal(self.price_percent.value()),
            "alert_removed": self.alert_removed.isChecked(),
            "alert_attention": self.alert_attention.isChecked(),
            "alert_margin": self.alert_margin.isChecked(),
            "min_margin_percent": Decimal(self.margin_percent.value()),
            **watch,
        }
        self.runner.submit(save_prefs, self.workspace, values, thresholds,
                           task_name="save_automation")
        self.accept()
