"""The history's dialogs: resolving an uncertain order, tracking orders placed elsewhere."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from smmdesk.models import LocalOrder, Panel
from smmdesk.sync import (  # pure helpers (text -> ids, no I/O): contracts.md
    NotAnOrderId,
    parse_id_list,
)
from smmdesk.textnorm import isolate, shorten
from ui.format import describe_error
from ui.history.model import format_when

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.tasks import TaskRunner


class ResolveDialog(QDialog):
    """"Found it on the panel: order #…" or "it was not placed"."""

    def __init__(self, order: LocalOrder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resolve_dialog")
        self.setWindowTitle(self.tr("Resolve an uncertain order"))
        text = QLabel(self.tr(
            "The answer to this order was lost, so SMM Desk cannot know whether the panel "
            "placed it. Look at the panel's order list on its website, then say what you found."))
        text.setWordWrap(True)
        self.found = QRadioButton(self.tr("I found it on the panel: order #"),
                                  objectName="resolve_found")
        self.remote = QLineEdit(objectName="resolve_remote_id")
        self.remote.setPlaceholderText(self.tr("order ID"))
        self.not_placed = QRadioButton(self.tr("It was not placed"),
                                       objectName="resolve_not_placed")
        self.found.setChecked(True)
        row = QHBoxLayout()
        row.addWidget(self.found)
        row.addWidget(self.remote, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.problem = QLabel(objectName="resolve_problem")
        self.problem.setStyleSheet("color: #d64545;")
        layout = QVBoxLayout(self)
        detail = QLabel(self.tr("%1 · %2 · %3").replace("%1", order.service_name or "")
                        .replace("%2", order.link or "").replace(
                            "%3", format_when(order.created_at)))
        detail.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(text)
        layout.addWidget(detail)
        layout.addLayout(row)
        layout.addWidget(self.not_placed)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.remote.textEdited.connect(lambda _t: self.found.setChecked(True))
        self.result_id: int | None = None

    def _accept(self) -> None:
        if self.found.isChecked():
            text = self.remote.text().strip().lstrip("#")
            if not text.isdigit():
                self.problem.setText(self.tr("Type the order ID the panel shows (digits)."))
                return
            self.result_id = int(text)
        else:
            self.result_id = None
        self.accept()


class TrackOrdersDialog(QDialog):
    """Import orders placed elsewhere by their IDs: "1200-1250, 1300"."""

    tracked = Signal(object)  # TrackResult

    def __init__(self, workspace: Workspace, runner: TaskRunner, panels: list[Panel],
                 parent: QWidget | None = None, *, panel_id: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("track_dialog")
        self.workspace, self.runner = workspace, runner
        self.setWindowTitle(self.tr("Track existing orders"))
        intro = QLabel(self.tr(
            "Orders placed on the panel's website or with another tool can be followed here too. "
            "Give their IDs: a list, or ranges such as 1200-1250."))
        intro.setWordWrap(True)
        self.panel_box = QComboBox(objectName="track_panel")
        for p in panels:
            self.panel_box.addItem(isolate(shorten(p.name, 60)), p.id)
            self.panel_box.setItemData(self.panel_box.count() - 1, p.name,
                                       Qt.ItemDataRole.ToolTipRole)
        if panel_id is not None:
            self.panel_box.setCurrentIndex(max(0, self.panel_box.findData(panel_id)))
        self.ids = QPlainTextEdit(objectName="track_ids")
        self.ids.setPlaceholderText(self.tr("e.g. 1200-1250, 1300, 1302"))
        self.ids.setMaximumHeight(90)
        self.status = QLabel(objectName="track_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        form.addRow(self.tr("Panel:"), self.panel_box)
        form.addRow(self.tr("Order IDs:"), self.ids)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.track_button = self.buttons.addButton(
            self.tr("Track"), QDialogButtonBox.ButtonRole.ActionRole)
        self.track_button.setObjectName("track_button")
        self.track_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(460, 280)

    def start(self) -> bool:
        pid = self.panel_box.currentData()
        if not pid:
            self.status.setText(self.tr("Add a panel first."))
            return False
        try:
            ids = parse_id_list(self.ids.toPlainText())
        except NotAnOrderId as e:
            self.status.setText(self.tr(
                "“%1” is not an order ID: order IDs are whole numbers from 1, and a range is "
                "written like 1200-1250.").replace("%1", e.typed))
            return False
        except ValueError as e:
            self.status.setText(self.tr("Those IDs cannot be read: %1").replace("%1", str(e)))
            return False
        if not ids:
            self.status.setText(self.tr("Type at least one order ID."))
            return False
        self.track_button.setEnabled(False)
        self.status.setText(self.tr("Asking the panel about %n order(s)…", "", len(ids)))
        self.runner.submit(self.workspace.track_orders, pid, ids, panel_id=pid,
                           on_result=self._done, on_error=self._failed, task_name="track_orders")
        return True

    def _done(self, result: Any) -> None:
        self.track_button.setEnabled(True)
        parts = [self.tr("%n order(s) now tracked.", "", len(result))]
        if result.unknown:
            parts.append(self.tr("Unknown to the panel: %1").replace(
                "%1", ", ".join(str(i) for i in result.unknown[:20])))
        if result.failed:
            parts.append(self.tr("Could not check %n order(s).", "", len(result.failed)))
        self.status.setText(" ".join(parts))
        self.tracked.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.track_button.setEnabled(True)
        self.status.setText(describe_error(exc))
