""""Refill automatically…" for one service or one order: on, off, or as the default (Settings →
Automation), and the refill window — read from the service's name or description, or set by
hand in days, or lifetime. Saved through ``Workspace.set_auto_refill`` on a worker."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smmdesk.refillwindow import RefillWindow, refill_window
from smmdesk.store.automation import LIFETIME_DAYS
from smmdesk.workspace import Workspace
from ui.tasks import TaskRunner


@dataclass
class RefillTarget:
    """What the rule is for: a service (panel_id, service_id) or an order (order_id)."""

    title: str
    panel_id: str
    service_id: int
    order_id: int | None = None
    enabled: bool | None = None
    window_days: int | None = None
    read_window: RefillWindow | None = None
    refill_capable: bool = True


def load_target(workspace: Workspace, title: str, panel_id: str, service_id: int,
                order_id: int | None = None) -> RefillTarget:
    if order_id is not None:
        enabled, days = workspace.auto_refill(order_id=order_id)
    else:
        enabled, days = workspace.auto_refill(panel_id=panel_id, service_id=service_id)
    service = workspace.service(panel_id, service_id)
    read = refill_window(service.name, service.description) if service else None
    return RefillTarget(title, panel_id, service_id, order_id, enabled, days, read,
                        bool(service and service.refill))


class AutoRefillDialog(QDialog):
    def __init__(self, workspace: Workspace, runner: TaskRunner, target: RefillTarget,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auto_refill_dialog")
        self.setWindowTitle(self.tr("Refill automatically"))
        self.workspace, self.runner, self.target = workspace, runner, target
        layout = QVBoxLayout(self)
        title = QLabel(target.title)  # a service's or panel's name: never read as markup
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setObjectName("auto_refill_title")
        title.setWordWrap(True)
        layout.addWidget(title)
        if not target.refill_capable:
            note = QLabel(self.tr("The panel does not offer refill for this service: nothing "
                                  "will be requested."))
            note.setWordWrap(True)
            layout.addWidget(note)
        form = QFormLayout()
        layout.addLayout(form)
        self.mode = QComboBox(objectName="auto_refill_mode")
        self.mode.addItem(self.tr("As the default (Settings → Automation)"), None)
        self.mode.addItem(self.tr("On"), True)
        self.mode.addItem(self.tr("Off"), False)
        self.mode.setCurrentIndex({None: 0, True: 1, False: 2}[target.enabled])
        form.addRow(self.tr("Refill automatically:"), self.mode)

        self.window_group = QButtonGroup(self)
        read = target.read_window
        if read is None:
            read_text = self.tr("From the service's name: not stated")
        elif read.lifetime:
            read_text = self.tr("From the service's name: lifetime (%1)").replace("%1", read.text)
        else:
            read_text = (self.tr("From the service's name: %1 days (%2)")
                         .replace("%1", str(read.days)).replace("%2", read.text))
        self.from_name = QRadioButton(read_text, objectName="window_from_name")
        self.by_hand = QRadioButton(self.tr("Days:"), objectName="window_days")
        self.days = QSpinBox()
        self.days.setRange(1, 3650)
        self.days.setValue(30)
        self.days.setAccessibleName(self.tr("Refill window in days"))
        self.lifetime = QRadioButton(self.tr("Lifetime"), objectName="window_lifetime")
        for b in (self.from_name, self.by_hand, self.lifetime):
            self.window_group.addButton(b)
        if target.window_days is None:
            self.from_name.setChecked(True)
        elif target.window_days == LIFETIME_DAYS:
            self.lifetime.setChecked(True)
        else:
            self.by_hand.setChecked(True)
            self.days.setValue(target.window_days)
        box = QVBoxLayout()
        box.addWidget(self.from_name)
        row = QHBoxLayout()
        row.addWidget(self.by_hand)
        row.addWidget(self.days)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(self.lifetime)
        form.addRow(self.tr("Refill window:"), box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> tuple[bool | None, int | None]:
        if self.lifetime.isChecked():
            days: int | None = LIFETIME_DAYS
        elif self.by_hand.isChecked():
            days = self.days.value()
        else:
            days = None
        return self.mode.currentData(), days

    def save(self) -> None:
        enabled, days = self.values()
        t = self.target
        if t.order_id is not None:
            self.runner.submit(self.workspace.set_auto_refill, order_id=t.order_id,
                               enabled=enabled, window_days=days, task_name="auto_refill")
        else:
            # (``panel_id`` is also the task runner's own keyword: bind it first)
            rule = partial(self.workspace.set_auto_refill, panel_id=t.panel_id,
                           service_id=t.service_id)
            self.runner.submit(rule, enabled=enabled, window_days=days, task_name="auto_refill")
        self.accept()
