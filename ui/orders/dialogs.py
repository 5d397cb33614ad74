"""The history's dialogs: resolving an uncertain order, tracking orders placed elsewhere."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
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
from smmdesk.workspace import ResolveCheck
from ui import fit
from ui.format import describe_error, format_charge, format_decimal
from ui.orders.model import format_when

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.tasks import TaskRunner


class ResolveDialog(QDialog):
    """"Found it on the panel: order #…" or "it was not placed".

    With a ``workspace`` and a ``runner``, a typed id is checked before the dialog accepts it
    (``Workspace.check_resolution``): an id another order of the panel already holds, or one the
    panel does not know, is refused with the reason; a panel answer that contradicts the order
    (charge, quantity) is shown and must be confirmed ("Use #… anyway", ``accept_mismatch``); an
    id held by an order imported by its id (``ResolveCheck.absorbs``) is said to fold that
    order into this one, and confirmed ("Use #…"), before anything changes."""

    def __init__(self, order: LocalOrder, parent: QWidget | None = None, *,
                 workspace: Any = None, runner: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("resolve_dialog")
        self.order, self.workspace, self.runner = order, workspace, runner
        self.setWindowTitle(self.tr("Resolve an uncertain order"))
        fit.keep_title_visible(self)
        text = QLabel(self.tr(
            "The answer to this order was lost, so SMM Desk cannot know whether the panel "
            "placed it. Look at the panel's order list on its website, then say what you found."))
        text.setWordWrap(True)
        self.found = QRadioButton(self.tr("I found it on the panel: order #"),
                                  objectName="resolve_found")
        self.remote = QLineEdit(objectName="resolve_remote_id")
        self.remote.setPlaceholderText(self.tr("order ID"))
        self.remote.setAccessibleName(self.tr("Order ID on the panel"))
        self.not_placed = QRadioButton(self.tr("It was not placed"),
                                       objectName="resolve_not_placed")
        self.found.setChecked(True)
        row = QHBoxLayout()
        row.addWidget(self.found)
        row.addWidget(self.remote, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("resolve_ok")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.problem = QLabel(objectName="resolve_problem")
        self.problem.setStyleSheet("color: #d64545;")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        estimate = (format_charge(order.charge_estimate, order.currency)
                    if order.charge_estimate is not None else "")
        detail = QLabel(" · ".join(x for x in (
            order.service_name, order.link or "", estimate,
            format_when(order.created_at)) if x), objectName="resolve_detail")
        detail.setTextFormat(Qt.TextFormat.PlainText)
        detail.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(detail)
        layout.addLayout(row)
        layout.addWidget(self.not_placed)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.remote.textEdited.connect(self._id_edited)
        self.not_placed.toggled.connect(lambda _on: self._reset_confirm())
        self.result_id: int | None = None
        self.accept_mismatch = False
        self.check: ResolveCheck | None = None
        self._confirm_id: int | None = None  # the id shown with a mismatch, awaiting "anyway"

    def _id_edited(self, _text: str) -> None:
        self.found.setChecked(True)
        self._reset_confirm()

    def _reset_confirm(self) -> None:
        self._confirm_id = None
        self.ok_button.setText(self.tr("OK"))
        self.problem.clear()

    def _accept(self) -> None:
        if not self.found.isChecked():
            self.result_id = None
            self.accept()
            return
        text = self.remote.text().strip().lstrip("#")
        if not text.isdigit():
            self._say(self.tr("Type the order ID the panel shows (digits)."))
            return
        remote_id = int(text)
        if self._confirm_id == remote_id:  # the person saw what the panel said and insists
            self.result_id, self.accept_mismatch = remote_id, True
            self.accept()
            return
        if self.workspace is None or self.runner is None:
            self.result_id = remote_id
            self.accept()
            return
        self.ok_button.setEnabled(False)
        self._say(self.tr("Checking order #%1 with the panel…").replace("%1", str(remote_id)))
        self.runner.submit(self.workspace.check_resolution, self.order.id, remote_id,
                           panel_id=self.order.panel_id, on_result=self._checked,
                           on_error=self._check_failed, task_name="check_resolution")

    def _checked(self, check: ResolveCheck) -> None:
        self.ok_button.setEnabled(True)
        self.check = check
        if check.clean and check.absorbs is None:
            self.result_id = check.remote_id
            self.accept()
            return
        self._say(self.check_text(check))
        if not check.refused:
            # A contradicting answer, or a tracked copy to fold in: said, then confirmed.
            self._confirm_id = check.remote_id
            self.ok_button.setText(
                (self.tr("Use #%1") if check.clean else self.tr("Use #%1 anyway"))
                .replace("%1", str(check.remote_id)))

    def _check_failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self._say(describe_error(exc))

    def _say(self, text: str) -> None:
        """A problem under the ID: the dialog grows to show all of it (never cut off)."""
        self.problem.setText(text)
        fit.grow_to_contents(self)

    def check_text(self, check: ResolveCheck) -> str:
        return resolve_check_text(check)


RESOLVE_CONTEXT = "ResolveDialog"


def _rtr(text: str) -> str:
    return QCoreApplication.translate(RESOLVE_CONTEXT, text)


def resolve_check_text(check: ResolveCheck) -> str:
    """What the history and the panel say against using ``check.remote_id`` for the order."""
    rid = str(check.remote_id)
    owner = check.taken_by
    if owner is not None:
        what = " · ".join(x for x in (
            owner.service_name, owner.link or "",
            format_charge(owner.charge if owner.charge is not None else owner.charge_estimate,
                         owner.currency),
            format_when(owner.created_at)) if x)
        return (_rtr("Order #%1 is already recorded for another order of this panel: "
                     "%2. One panel order cannot be two orders: check the ID on the "
                     "panel's website.").replace("%1", rid).replace("%2", what))
    if check.unknown:
        return _rtr("The panel does not know order #%1. Check the ID on the panel's "
                    "website.").replace("%1", rid)
    lines: list[str] = []
    if check.absorbs is not None:
        lines.append(_rtr("Order #%1 is already tracked here as order %2 (imported by its ID). "
                          "It is this order: using #%1 folds order %2 into this one (its "
                          "history and refills move here) and removes it from the list.")
                     .replace("%1", rid).replace("%2", str(check.absorbs.id)))
    if check.status is None:
        lines.append(_rtr("The panel could not be asked about order #%1 now (%2). It "
                          "will be checked at the next sync.")
                     .replace("%1", rid).replace("%2", check.error or "?"))
    for m in check.mismatches:
        if m.what == "charge":
            lines.append(_rtr("The panel charged %1 for order #%2, but this order was "
                              "estimated at %3.")
                         .replace("%1", format_charge(m.theirs, check.order.currency))
                         .replace("%2", rid)
                         .replace("%3", format_charge(m.ours, check.order.currency)))
        else:
            lines.append(_rtr("The panel says %1 remain to deliver for order #%2, but "
                              "this order asked for %3.")
                         .replace("%1", format_decimal(m.theirs, min_decimals=0))
                         .replace("%2", rid)
                         .replace("%3", format_decimal(m.ours, min_decimals=0)))
    if check.mismatches:
        lines.append(_rtr("It is probably another order. The panel's status does not "
                          "name the service or the link: compare them on its website."))
    return "\n".join(lines)


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
        self.ids.setTabChangesFocus(True)  # Tab goes on to the buttons, never a tab character
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
