"""The order form: exactly the fields the chosen service's type needs, checked as you type,
priced, confirmed, and sent once.

Fields come from ``smmdesk.servicetypes`` (``fields_for``, ``validate``, ``payload``,
``estimate``); each input's ``objectName`` is the API field it fills, so scripts and tests find
them by name. Store reads and the placement run on the task runner: the GUI thread never waits
on SQLite or the network. ``Workspace.place_order`` sends exactly one ``add``; this form adds
the human guards: a summary to confirm, the duplicate question (an active or uncertain order on
the same link), and no silent resend after an uncertain outcome.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from smmdesk import servicetypes
from smmdesk.models import Balance, LocalOrder, Panel, Service, SubmitState, UnresolvedOnLink
from smmdesk.schedules import Schedule, total_runs
from smmdesk.servicetypes import FieldKind, FieldSpec, ValidationError, translate_text
from smmdesk.textnorm import display_text, isolate, shorten
from smmdesk.workspace import OutcomeNotRecorded
from ui.focus import chain_in_layout_order
from ui.format import (
    format_age,
    format_average_time,
    format_charge,
    format_decimal,
    format_exact,
    format_money,
    literal,
    ntr,
)
from ui.history.model import format_when
from ui.orders.messages import exception_message, outcome_message, uncertain_message
from ui.schedules.dialog import ScheduleDialog
from ui.services.model import type_name
from ui.session import SessionModel
from ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace

log = logging.getLogger(__name__)

ERROR_COLOR = "#c0392b"
WARN_BG = "#fff4d6"
WARN_FG = "#6b4e00"
OK_BG = "#e6f4ea"
OK_FG = "#1e5631"
BAD_BG = "#fdecea"
BAD_FG = "#8a1c12"
MUTED = "color: #6d6d6d;"


def st_tr(text: str) -> str:
    """Translate a servicetypes label/problem (plain str or ``Text``)."""
    return translate_text(text, lambda s: QCoreApplication.translate("servicetypes", s))


def _n(value: int | Decimal) -> str:
    return format_decimal(Decimal(value), min_decimals=0)


# Fields checked together: editing one shows the other's problem too (e.g. "enter both").
_LINKED: dict[str, tuple[str, ...]] = {
    "runs": ("interval",), "interval": ("runs",), "min": ("max",), "max": ("min",),
}


@dataclass(frozen=True, slots=True)
class FormContext:
    """What the form needs from the store for one service, loaded on a worker."""

    generation: int
    panel_id: str
    service_id: int
    panel: Panel | None
    service: Service | None
    balance: tuple[Balance, dt.datetime] | None


@dataclass(frozen=True, slots=True)
class PlaceAttempt:
    """A worker's answer to "place this": the order, or the duplicate that stopped it."""

    order: LocalOrder | None = None
    duplicate: LocalOrder | None = None
    duplicate_panel: str | None = None  # the duplicate's panel when it is another one


def load_context(
    workspace: Workspace, generation: int, panel_id: str, service_id: int
) -> FormContext:
    try:
        panel: Panel | None = workspace.panel(panel_id)
    except KeyError:
        panel = None
    service = workspace.service(panel_id, service_id) if panel is not None else None
    balance = workspace.last_balance(panel_id) if panel is not None else None
    return FormContext(generation, panel_id, service_id, panel, service, balance)


def place_checked(
    workspace: Workspace,
    panel_id: str,
    service_id: int,
    values: dict[str, Any],
    link: str | None,
    allow_duplicate: bool,
    on_recorded: Callable[[int], None] | None = None,
) -> PlaceAttempt:
    """Worker: stop at a likely duplicate unless allowed, else send the order (once): an
    active order of this service on the link, or an order on the link that may have been placed
    on any panel and is not resolved (rule: placing that link elsewhere asks first).
    ``on_recorded(local id)`` runs (on the worker) once the order's row exists, before sending."""
    if not allow_duplicate and link:
        duplicate = workspace.find_duplicate(panel_id, service_id, link)
        if duplicate is None:
            duplicate = workspace.unresolved_on_link(link)
        if duplicate is not None:
            other = None
            if duplicate.panel_id != panel_id:
                try:
                    other = workspace.panel(duplicate.panel_id).name
                except KeyError:
                    other = duplicate.panel_id
            return PlaceAttempt(duplicate=duplicate, duplicate_panel=other)
    try:
        return PlaceAttempt(order=workspace.place_order(
            panel_id, service_id, values, on_recorded=on_recorded,
            unresolved_ok=allow_duplicate))
    except UnresolvedOnLink as e:  # one appeared since the check above: ask all the same
        return PlaceAttempt(duplicate=e.order, duplicate_panel=(
            e.panel_name if e.order.panel_id != panel_id else None))


class _Field:
    """One input with its row: label, widget, optional line count, inline error."""

    def __init__(self, spec: FieldSpec, label: QLabel, widget: QWidget, error: QLabel,
                 count: QLabel | None, row: QWidget) -> None:
        self.spec = spec
        self.label = label
        self.widget = widget
        self.error = error
        self.count = count
        self.row = row


class OrderForm(QWidget):
    """``set_service(panel_id, service_id)`` loads a service (on a worker) and builds its form.

    Hooks for tests and scripts: ``confirm(title, text) -> bool`` (the summary before sending)
    and ``confirm_duplicate(title, text) -> bool`` (an active or uncertain order on the same
    link) default to message boxes and may be replaced; ``fill(values)`` types values into the
    widgets; ``place_now(confirm=...)`` runs the place button's code path.
    """

    orderPlaced = Signal(int)  # local order id, PLACED
    # local order id: its row exists ("Sending…") or it ended other than PLACED (rejected, not
    # sent, uncertain)
    orderRecorded = Signal(int)
    _rowRecorded = Signal(int)  # emitted from the worker once the order's row exists
    showOrder = Signal(int)  # local order id: "Show in history" clicked
    showSchedule = Signal(int)  # schedule id: "Show in Scheduled" clicked
    serviceLoaded = Signal()  # the form for the last set_service()/prefill() is built
    placementFinished = Signal(object)  # LocalOrder (any outcome) or None (not sent / error)
    busyChanged = Signal(bool)
    scheduled = Signal(object)  # Schedule saved through "Schedule…"
    valuesChanged = Signal()  # after every re-check of the typed values (comparing listens)

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, *,
        runner: TaskRunner | None = None, session: SessionModel | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("order_form")
        self.workspace = workspace
        self._own_runner = runner is None
        self.runner = runner if runner is not None else TaskRunner(self)
        # The balance and the orders' announcements are the session model's (alone, as in
        # tests, the form has a session of its own).
        self.session = session or SessionModel(workspace, self.runner, None, self)
        self.confirm: Callable[[str, str], bool] = self._ask_confirm
        self.confirm_duplicate: Callable[[str, str], bool] = self._ask_duplicate

        self.panel: Panel | None = None
        self.service: Service | None = None
        self.panel_id: str | None = None
        self.schedule_dialog: ScheduleDialog | None = None
        self.service_id: int | None = None
        self.loaded = False
        self.busy = False
        self.last_order: LocalOrder | None = None
        self.last_task: Task | None = None
        self._generation = 0
        self._pending_fill: dict[str, Any] | None = None
        self._queued_service: tuple[str, int, dict[str, Any] | None] | None = None
        self._fields: dict[str, _Field] = {}
        self._touched: set[str] = set()
        self._filling = False
        # Just placed: Place stays off until something is typed (no blind second order).
        self.just_placed = False
        self._uncertain_payload: dict[str, str] | None = None
        self._pending_values: dict[str, Any] | None = None
        self._last_refused: dict[str, str] = {}
        self._focus_when_loaded = True
        self._build()
        self._rowRecorded.connect(self._recorded)
        self.session.balanceChanged.connect(self._balance_changed)
        self._show_empty(self.tr("Choose a service in the Services list to order it here."))

    # ================================================================== construction
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(objectName="order_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no invisible Tab stop: its fields are
        outer.addWidget(scroll)
        content = self.content = QWidget(objectName="order_content")
        scroll.setWidget(content)
        lay = QVBoxLayout(content)
        lay.setContentsMargins(24, 20, 24, 20)
        lay.setSpacing(10)

        self.empty_hint = QLabel(objectName="empty_hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setStyleSheet(MUTED + " padding: 40px;")
        lay.addWidget(self.empty_hint)

        self.body = QWidget(objectName="order_body")
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(10)
        lay.addWidget(self.body)
        lay.addStretch(1)

        # Header: which panel (the form keeps its own when the toolbar switches), which
        # service, at what price, within what limits.
        self.panel_label = QLabel(objectName="form_panel")
        self.panel_label.setWordWrap(True)
        self.panel_label.setTextFormat(Qt.TextFormat.PlainText)
        body.addWidget(self.panel_label)
        self._toolbar_panel: str | None = None
        self.service_name = QLabel(objectName="service_name")
        self.service_name.setWordWrap(True)
        self.service_name.setTextFormat(Qt.TextFormat.PlainText)
        self.service_name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.service_name.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.service_name.setFont(font)
        self.service_meta = QLabel(objectName="service_meta")
        self.service_meta.setWordWrap(True)
        self.service_meta.setTextFormat(Qt.TextFormat.PlainText)
        self.service_meta.setStyleSheet(MUTED)
        self.unknown_notice = QLabel(objectName="unknown_notice")
        self.unknown_notice.setWordWrap(True)
        self.unknown_notice.setTextFormat(Qt.TextFormat.PlainText)
        self.unknown_notice.setStyleSheet(
            f"QLabel {{ background: {WARN_BG}; color: {WARN_FG}; border-radius: 6px;"
            " padding: 8px; }"
        )
        self.description = QLabel(objectName="description")
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.description.setStyleSheet(
            "QLabel { background: palette(alternate-base); border-radius: 6px; padding: 8px; }"
        )
        for w in (self.service_name, self.service_meta, self.unknown_notice, self.description):
            body.addWidget(w)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        body.addWidget(line)

        self.fields_box = _FieldsBox(objectName="fields_box")
        self.fields_box.enterPressed.connect(self._enter_pressed)
        self.fields_layout = QFormLayout(self.fields_box)
        self.fields_layout.setContentsMargins(0, 4, 0, 4)
        self.fields_layout.setHorizontalSpacing(16)
        self.fields_layout.setVerticalSpacing(10)
        self.fields_layout.setLabelAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )
        self.fields_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        body.addWidget(self.fields_box)

        # Money: what it costs, what is left.
        self.summary = QFrame(objectName="order_summary")
        self.summary.setStyleSheet(
            "QFrame#order_summary { background: palette(alternate-base); border-radius: 8px; }"
        )
        sl = QVBoxLayout(self.summary)
        sl.setContentsMargins(14, 10, 14, 10)
        sl.setSpacing(4)
        self.estimate = QLabel(objectName="estimate")
        self.estimate.setTextFormat(Qt.TextFormat.PlainText)
        self.estimate.setWordWrap(True)
        big = QFont(self.estimate.font())
        big.setPointSizeF(big.pointSizeF() * 1.15)
        big.setBold(True)
        self.estimate.setFont(big)
        self.balance_after = QLabel(objectName="balance_after")
        self.balance_after.setTextFormat(Qt.TextFormat.PlainText)
        self.balance_after.setWordWrap(True)
        self.low_balance = QLabel(objectName="low_balance")
        self.low_balance.setTextFormat(Qt.TextFormat.PlainText)
        self.low_balance.setWordWrap(True)
        self.low_balance.setStyleSheet(
            f"QLabel {{ background: {WARN_BG}; color: {WARN_FG}; border-radius: 6px;"
            " padding: 6px; }"
        )
        for w in (self.estimate, self.balance_after, self.low_balance):
            sl.addWidget(w)
        body.addWidget(self.summary)

        # What to do next stays in view on a small screen: the result of the last order and
        # the action row sit below the scrolling fields, not at the end of them (issue 24).
        self.action_bar = QWidget(objectName="order_actions")
        self.pinned_layout = QVBoxLayout(self.action_bar)
        self.pinned_layout.setContentsMargins(24, 6, 24, 10)
        self.pinned_layout.setSpacing(6)
        actions = self.actions_layout = QHBoxLayout()
        self.form_status = QLabel(objectName="form_status")
        self.form_status.setWordWrap(True)
        self.form_status.setTextFormat(Qt.TextFormat.PlainText)
        self.form_status.setStyleSheet(MUTED)
        self.placing_progress = QProgressBar(objectName="placing_progress")
        self.placing_progress.setRange(0, 0)
        self.placing_progress.setMaximumWidth(120)
        self.placing_progress.setMaximumHeight(12)
        self.placing_progress.setTextVisible(False)
        self.placing_progress.hide()
        self.place = QPushButton(self.tr("Place order"), objectName="place")
        self.place.setDefault(True)
        self.place.setMinimumWidth(150)
        self.place.setMinimumHeight(34)
        self.place.clicked.connect(self._place_clicked)
        self.place.setToolTip(self.tr("Place the order (Ctrl+Enter)"))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # from any field of the form
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._place_clicked)
        actions.addWidget(self.form_status, 1)
        actions.addWidget(self.placing_progress)
        # "Schedule…" (issue 15): the dialog lives in ui/schedules/dialog.py
        self.schedule_button = QPushButton(self.tr("Schedule…"), objectName="schedule")
        self.schedule_button.setMinimumHeight(34)
        self.schedule_button.clicked.connect(self.open_schedule)
        actions.addWidget(self.schedule_button)
        actions.addWidget(self.place)

        self.result_box = QFrame(objectName="result_box")
        rl = QHBoxLayout(self.result_box)
        rl.setContentsMargins(12, 10, 12, 10)
        self.result = QLabel(objectName="result")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        # Reachable with Tab (and where the focus goes after an outcome other than "placed"),
        # so a screen reader reads it.
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.show_in_history = QPushButton(self.tr("Show in history"), objectName="show_in_history")
        self.show_in_history.setToolTip(self.tr("The order on the Orders page"))
        self.show_in_history.clicked.connect(self._show_clicked)
        self.show_in_schedules = QPushButton(self.tr("Show in Scheduled"),
                                             objectName="show_in_schedules")
        self.show_in_schedules.clicked.connect(self._show_schedule_clicked)
        self.show_in_schedules.hide()
        rl.addWidget(self.result, 1)
        rl.addWidget(self.show_in_history, 0, Qt.AlignmentFlag.AlignTop)
        rl.addWidget(self.show_in_schedules, 0, Qt.AlignmentFlag.AlignTop)
        self.result_box.hide()
        self.pinned_layout.addWidget(self.result_box)
        self.pinned_layout.addLayout(actions)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        outer.addWidget(line)
        outer.addWidget(self.action_bar)
        self.action_bar.hide()
        self.action_line = line
        line.hide()

    # ================================================================== loading a service
    def set_service(self, panel_id: str, service_id: int,
                    values: Mapping[str, Any] | None = None, *, focus: bool = True) -> None:
        """Show the form for this service (loaded on a worker; ``serviceLoaded`` when built),
        filled with ``values`` if given (e.g. carried over from another panel's form).
        While an order is in flight the switch waits until it has an outcome. ``focus``: the
        first field takes the keyboard focus once built (not when the person is only arrowing
        through the sidebar)."""
        self._focus_when_loaded = focus
        self._load(panel_id, int(service_id), dict(values) if values else None)

    def prefill(self, order: LocalOrder) -> None:
        """Reorder: the form for the order's service, filled with what was sent."""
        fields = {k: v for k, v in (order.fields or {}).items() if k != "service"}
        self._focus_when_loaded = True
        self._load(order.panel_id, int(order.service_id), fields)

    set_from_order = prefill

    def _load(self, panel_id: str, service_id: int, fill: dict[str, Any] | None) -> None:
        if self.busy:
            self._queued_service = (panel_id, service_id, fill)
            return
        self._generation += 1
        self.loaded = False
        self.panel_id, self.service_id = panel_id, service_id
        self._pending_fill = fill
        self._show_empty(self.tr("Loading the service…"))
        self.runner.submit(
            load_context, self.workspace, self._generation, panel_id, service_id,
            on_result=self._context_loaded, on_error=self._context_failed,
            task_name="order_form_load",
        )

    def _context_loaded(self, ctx: FormContext) -> None:
        if ctx.generation != self._generation:
            return  # an older set_service
        self.panel, self.service = ctx.panel, ctx.service
        if ctx.panel is None:
            self._show_empty(self.tr("This panel is no longer connected."))
        elif ctx.service is None:
            self._show_empty(
                self.tr("Service %1 is not in this panel's list (any more). Refresh the services "
                        "and choose another one.").replace("%1", str(ctx.service_id)))
        else:
            self._build_fields(ctx.service)
            self.empty_hint.hide()
            self.body.show()
            self.action_bar.show()
            self.action_line.show()
        pending, self._pending_fill = self._pending_fill, None
        self.loaded = True
        if pending and self.service is not None:
            self.fill(pending)
        if self.service is not None and self._fields and self.isVisible() and (
                self._focus_when_loaded):
            next(iter(self._fields.values())).widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if ctx.balance is not None:  # read with the service: the session keeps the newest
            self.session.remember_balance(ctx.panel_id, ctx.balance)
        self._update()
        self.serviceLoaded.emit()

    def _context_failed(self, exc: BaseException) -> None:
        log.warning("loading the order form failed: %r", exc)
        self._show_empty(self.tr("The service could not be loaded: %1").replace("%1", str(exc)))
        self.loaded = True
        self.serviceLoaded.emit()

    def _show_empty(self, text: str) -> None:
        self.service = None
        self.body.hide()
        self.action_bar.hide()
        self.action_line.hide()
        self.empty_hint.setText(text)
        self.empty_hint.show()

    # ================================================================== the fields
    def _clear_fields(self) -> None:
        while self.fields_layout.rowCount():
            self.fields_layout.removeRow(0)  # deletes the row's widgets
        self._fields.clear()
        self._touched.clear()

    def set_toolbar_panel(self, panel_id: str | None) -> None:
        """The toolbar's panel changed: the form keeps its own service and panel, and says so
        plainly when they differ (None: "All panels")."""
        self._toolbar_panel = panel_id
        self._update_panel_label()

    def _update_panel_label(self) -> None:
        name = self.panel.name if self.panel is not None else ""
        other = (self._toolbar_panel is not None and self.panel is not None
                 and self._toolbar_panel != self.panel.id)
        if other:
            self.panel_label.setText(self.tr(
                "Panel: %1 (this order goes to %1, not to the panel chosen in the toolbar)")
                .replace("%1", name))
            self.panel_label.setStyleSheet(
                f"QLabel {{ background: {WARN_BG}; color: {WARN_FG}; border-radius: 6px;"
                " padding: 6px; font-weight: bold; }")
        else:
            self.panel_label.setText(self.tr("Panel: %1").replace("%1", name))
            self.panel_label.setStyleSheet(MUTED)
        self.panel_label.setProperty("other_panel", other)

    def _build_fields(self, service: Service) -> None:
        self.just_placed = False
        self._clear_fields()
        self._update_panel_label()
        self.result_box.hide()
        self.service_name.setText(display_text(service.name))
        self.service_meta.setText(self._meta_text(service, type_name(service.type)))
        notice = servicetypes.unknown_notice(service.type)
        self.unknown_notice.setText(st_tr(notice) if notice is not None else "")
        self.unknown_notice.setVisible(notice is not None)
        description = display_text(service.description, multiline=True)
        self.description.setText(description)
        self.description.setVisible(bool(description))
        for spec in servicetypes.fields_for(service):
            self._add_field(spec, service)
        self._update_dependent_rows()
        # Tab order: as laid out (the fields, Schedule…, Place order, the result), not the order
        # of creation, which put the fields made now after the status bar.
        chain_in_layout_order(self)

    def _meta_text(self, service: Service, type_name: str) -> str:
        currency = self.currency()
        price = format_money(service.rate, currency)
        st, _ = servicetypes.type_of(service)
        if st.package:
            rate = self.tr("%1 per package").replace("%1", price)
        else:
            rate = self.tr("%1 per 1,000").replace("%1", price)
        parts = [f"#{service.id}", type_name, display_text(service.category), rate]
        if not st.package:
            parts.append(self.tr("min %1, max %2").replace("%1", _n(service.min))
                         .replace("%2", _n(service.max)))
        flags = [(service.refill, self.tr("Refill")), (service.cancel, self.tr("Cancel")),
                 (service.dripfeed, self.tr("Drip-feed"))]
        parts.extend(text for on, text in flags if on)
        if service.average_time:
            parts.append(self.tr("average time %1").replace(
                "%1", format_average_time(service.average_time)))
        return " · ".join(p for p in parts if p)

    def _add_field(self, spec: FieldSpec, service: Service) -> None:
        row = QWidget()
        col = QVBoxLayout(row)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(3)
        widget = self._make_input(spec)
        if spec.kind is not FieldKind.LIST:
            # A word-wrapped error label under it must not squash the input (issue 17).
            widget.ensurePolished()
            widget.setMinimumHeight(widget.sizeHint().height())
        col.addWidget(widget)
        count: QLabel | None = None
        if spec.kind is FieldKind.LIST:
            count = QLabel(objectName=f"{spec.name}_count")
            count.setStyleSheet(MUTED)
            col.addWidget(count)
        help_text = st_tr(spec.help) if spec.help else ""
        if help_text and spec.kind not in (FieldKind.LIST, FieldKind.URL, FieldKind.TEXT):
            hint = QLabel(help_text, objectName=f"{spec.name}_help")
            hint.setWordWrap(True)
            hint.setStyleSheet(MUTED)
            col.addWidget(hint)
        widget.setToolTip(help_text)
        error = QLabel(objectName=f"{spec.name}_error")
        error.setWordWrap(True)
        error.setTextFormat(Qt.TextFormat.PlainText)
        error.setStyleSheet(f"color: {ERROR_COLOR};")
        error.hide()
        col.addWidget(error)
        text = st_tr(spec.label)
        if not spec.required and spec.depends_on is None:
            text = self.tr("%1 (optional)").replace("%1", text)
        label = QLabel(text, objectName=f"{spec.name}_label")
        label.setBuddy(widget)
        # The label is not the input's sibling (the input sits in the row's column), so Qt would
        # not name the input from it: a screen reader gets the name and the help explicitly.
        widget.setAccessibleName(text)
        widget.setAccessibleDescription(help_text)
        label.setContentsMargins(0, 4, 0, 0)
        self.fields_layout.addRow(label, row)
        self._fields[spec.name] = _Field(spec, label, widget, error, count, row)

    def _make_input(self, spec: FieldSpec) -> QWidget:
        name = spec.name
        if spec.kind is FieldKind.LIST:
            w = QPlainTextEdit(objectName=name)
            w.setPlaceholderText(st_tr(spec.help) if spec.help else "")
            w.setTabChangesFocus(True)
            w.setMinimumHeight(96)
            w.setMaximumHeight(180)
            w.textChanged.connect(lambda n=name: self._edited(n))
            return w
        if spec.kind is FieldKind.CHOICE:
            c = QComboBox(objectName=name)
            for value, label in spec.choices:
                c.addItem(st_tr(label), value)
            c.setPlaceholderText(self.tr("Choose…"))
            if name == "delay":
                c.setCurrentIndex(0)
            else:
                c.setCurrentIndex(-1)
            refused = servicetypes.refused_choices(
                self.panel.unsupported if self.panel is not None else (), name)
            for value in refused:
                self._refuse_item(c, value)
            c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            c.currentIndexChanged.connect(lambda _i, n=name: self._edited(n))
            return self._left(c)
        if spec.kind is FieldKind.DATE:
            d = QDateEdit(objectName=name)
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd/MM/yyyy")
            today = QDate.currentDate()
            d.setMinimumDate(today.addDays(-1))  # the minimum stands for "no date"
            d.setSpecialValueText(self.tr("No end date"))
            d.setDate(d.minimumDate())
            d.dateChanged.connect(lambda _d, n=name: self._edited(n))
            return self._left(d)
        e = QLineEdit(objectName=name)
        e.setClearButtonEnabled(spec.kind in (FieldKind.URL, FieldKind.TEXT))
        if spec.kind is FieldKind.INTEGER:
            # No validator: it would drop what it does not like ("150.5" -> "1505"). What was
            # typed stays; values() reads it with the person's digit grouping or it is refused.
            e.setMaxLength(40)
            if spec.min is not None and spec.max is not None:
                e.setPlaceholderText(f"{_n(spec.min)} – {_n(spec.max)}")
            elif spec.min is not None:
                e.setPlaceholderText(self.tr("at least %1").replace("%1", _n(spec.min)))
            e.setMaximumWidth(220)
            e.setAlignment(Qt.AlignmentFlag.AlignRight)
        elif spec.help:
            e.setPlaceholderText(st_tr(spec.help))
        if spec.name == "country":
            e.setMaximumWidth(80)
            e.setPlaceholderText("US")
        e.textChanged.connect(lambda _t, n=name: self._edited(n))
        return e

    @staticmethod
    def _left(widget: QWidget) -> QWidget:
        widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        return widget

    def _refuse_item(self, combo: QComboBox, value: str) -> None:
        """A choice this panel refused once: greyed out, not selectable, the reason as its tip."""
        i = combo.findData(value)
        item = combo.model().item(i) if i >= 0 else None  # type: ignore[attr-defined]
        if item is None:
            return
        item.setEnabled(False)
        combo.setItemData(i, self.tr("This panel refused this choice before, so it is not "
                                     "offered."), Qt.ItemDataRole.ToolTipRole)
        if combo.currentIndex() == i:
            combo.setCurrentIndex(-1)  # the person chooses again

    def _remember_refused(self, order: LocalOrder) -> None:
        """The panel refused a choice ("Incorrect delay"): stop offering it right away (the
        workspace remembered it for the panel)."""
        if self.service is None or self.panel is None:
            return
        name = servicetypes.refused_choice(self.service, order.fields or {}, order.error or "")
        combo = self.fields_box.findChild(QComboBox, name) if name else None
        if name is None or combo is None:
            return
        value = str((order.fields or {}).get(name, ""))
        self.panel = dataclasses.replace(self.panel, unsupported=self.panel.unsupported | {
            servicetypes.refused_choice_key(name, value)})
        self._refuse_item(combo, value)

    def _update_dependent_rows(self) -> None:
        for f in self._fields.values():
            dep = f.spec.depends_on
            if dep is None:
                continue
            other = self._fields.get(dep[0])
            visible = other is not None and self._value_of(other) == dep[1]
            self.fields_layout.setRowVisible(f.row, visible)

    # ================================================================== values
    def _value_of(self, f: _Field) -> Any:
        w = f.widget
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QComboBox):
            return w.currentData() if w.currentIndex() >= 0 else None
        if isinstance(w, QDateEdit):
            if w.date() == w.minimumDate():
                return None
            q = w.date()
            return dt.date(q.year(), q.month(), q.day())
        if isinstance(w, QLineEdit):
            if f.spec.kind is FieldKind.INTEGER:
                return whole_number_text(w.text())
            return w.text()
        return None

    def values(self) -> dict[str, Any]:
        """The current values, by API field name (visible fields only)."""
        out: dict[str, Any] = {}
        for name, f in self._fields.items():
            if not self.fields_layout.isRowVisible(f.row):
                continue
            out[name] = self._value_of(f)
        return out

    def field_widget(self, name: str) -> QWidget | None:
        f = self._fields.get(name)
        return f.widget if f is not None else None

    def fill(self, values: Mapping[str, Any]) -> list[str]:
        """Type ``values`` (API field name -> value, as sent to ``add`` or as Python values)
        into the widgets. Returns the names this form has no field for (ignored). Before the
        service has loaded, the values are kept and filled in when it has."""
        if not self.loaded:
            self._pending_fill = {**(self._pending_fill or {}), **values}
            return []
        ignored: list[str] = []
        # Choices first: they decide which dependent fields are shown.
        order = sorted(values, key=lambda k: 0 if k in self._fields and isinstance(
            self._fields[k].widget, QComboBox) else 1)
        for name in order:
            if name == "service":
                continue
            f = self._fields.get(name)
            if f is None:
                ignored.append(name)
                continue
            self._set_value(f, values[name])
        return ignored

    def _set_value(self, f: _Field, value: Any) -> None:
        w = f.widget
        if isinstance(w, QPlainTextEdit):
            if isinstance(value, list | tuple):
                value = "\n".join(str(v) for v in value)
            w.setPlainText("" if value is None else str(value))
        elif isinstance(w, QComboBox):
            index = w.findData("" if value is None else str(value).strip())
            if index < 0 and isinstance(value, str) and value.strip().isdigit():
                index = w.findData(str(int(value.strip())))
            w.setCurrentIndex(index)
        elif isinstance(w, QDateEdit):
            day = _as_date(value)
            w.setDate(w.minimumDate() if day is None else QDate(day.year, day.month, day.day))
        elif isinstance(w, QLineEdit):
            w.setText("" if value is None else str(value))
        self._edited(f.spec.name)

    # ================================================================== live state
    def _edited(self, name: str) -> None:
        if self._filling:
            return  # the form resetting itself after an order: nothing was typed
        self.just_placed = False
        self._touched.add(name)
        self._touched.update(_LINKED.get(name, ()))
        if name in self._fields and isinstance(self._fields[name].widget, QComboBox):
            self._update_dependent_rows()
        self._update()

    def problems(self) -> dict[str, str]:
        if self.service is None:
            return {}
        return servicetypes.validate(self.service, self.values())

    def is_valid(self) -> bool:
        return self.service is not None and not self.problems()

    def currency(self) -> str | None:
        if self.panel is not None and self.panel.currency:
            return self.panel.currency
        return self.balance[0].currency if self.balance is not None else None

    def _update(self) -> None:
        service = self.service
        if service is None:
            self.place.setEnabled(False)
            self.schedule_button.setEnabled(False)
            return
        values = self.values()
        problems = servicetypes.validate(service, values)
        self._log_refusals(problems)
        for name, f in self._fields.items():
            problem = problems.get(name)
            show = problem is not None and name in self._touched
            error = st_tr(problem) if show and problem else ""
            f.error.setText(error)
            f.error.setVisible(bool(show))
            help_text = f.widget.toolTip()
            f.widget.setAccessibleDescription(
                " ".join(t for t in (error, help_text) if t))  # the problem read first
            if f.count is not None:
                f.count.setText(self._count_text(f, values.get(name)))
        missing = [st_tr(self._fields[n].spec.label) for n in problems
                   if n in self._fields and n not in self._touched]
        if not problems:
            self.form_status.setText("")
        elif missing and len(missing) == len(problems):
            self.form_status.setText(self.tr("To place the order, fill in: %1")
                                     .replace("%1", ", ".join(missing)))
        else:
            self.form_status.setText(self.tr("Fix the fields marked in red to place the order."))
        if self.just_placed and not problems:
            self.form_status.setText(self.tr("Placed. Change the values to place another order."))
        self._update_money(service, values, problems)
        self.place.setEnabled(not problems and not self.busy and not self.just_placed)
        self.schedule_button.setEnabled(not problems)
        self.valuesChanged.emit()

    def _log_refusals(self, problems: Mapping[str, str]) -> None:
        """Log what an integer field refused (once per change): typed input that is not a whole
        number is kept and refused, never changed, and the log says so (scripts read it)."""
        refused = {n: str(p) for n, p in problems.items()
                   if n in self._touched and n in self._fields
                   and self._fields[n].spec.kind is FieldKind.INTEGER}
        if refused and refused != self._last_refused:
            log.info("order form refuses %s", "; ".join(refused.values()))
        self._last_refused = refused

    def _count_text(self, f: _Field, raw: Any) -> str:
        lines = [s for s in str(raw or "").splitlines() if s.strip()]
        text = ntr("order_form", "%n line(s)", len(lines)).replace("%n", _n(len(lines)))
        spec = next((s for s in servicetypes.fields_for(self.service) if s.name == f.spec.name),
                    f.spec) if self.service is not None else f.spec
        if spec.service_bounds and spec.min is not None and spec.max is not None:
            text += " · " + self.tr("%1 to %2 allowed").replace("%1", _n(spec.min)).replace(
                "%2", _n(spec.max))
        return text

    def quantity_text(self, values: Mapping[str, Any] | None = None) -> str:
        """"1,000", "1,000 × 5 runs = 5,000", "1 package", "100 to 500 per post"."""
        service = self.service
        if service is None:
            return ""
        values = self.values() if values is None else values
        st, _ = servicetypes.type_of(service)
        if st.package:
            return self.tr("1 package")
        if st.key == "subscriptions":
            low, high = values.get("min") or "?", values.get("max") or "?"
            text = self.tr("%1 to %2 per post").replace("%1", _fmt_int(low)).replace(
                "%2", _fmt_int(high))
            posts = values.get("posts")
            if posts:
                text += " · " + self.tr("%1 new posts").replace("%1", _fmt_int(posts))
            return text
        quantity = servicetypes.quantity_of(service, values)
        total = servicetypes.total_quantity(service, values)
        if quantity is None:
            return ""
        if total is not None and total != quantity and quantity:
            runs = total // quantity
            return (self.tr("%1 × %2 runs = %3").replace("%1", _n(quantity))
                    .replace("%2", _n(runs)).replace("%3", _n(total)))
        return _n(quantity)

    def estimated_charge(self) -> Decimal:
        if self.service is None:
            return Decimal(0)
        return servicetypes.estimate(self.service, self.values())

    def _update_money(self, service: Service, values: dict[str, Any],
                      problems: Mapping[str, str]) -> None:
        currency = self.currency()
        st, _ = servicetypes.type_of(service)
        amount = servicetypes.estimate(service, values)
        qty = self.quantity_text(values)
        if st.package:
            text = self.tr("Estimated charge: %1 (one package)").replace(
                "%1", format_charge(amount, currency))
        elif st.key == "subscriptions":
            text = self._subscription_price(service, values, self.tr("Estimated charge: %1"))
        elif amount or qty:
            spec = st.field(st.quantity_from or "")
            if spec is not None and spec.kind is FieldKind.LIST:  # "(3 lines)"
                count = servicetypes.quantity_of(service, values) or 0
                unit = ntr("order_form", "%n line(s)", count).replace("%n", _n(count))
                if qty != _n(count):
                    unit = qty
            else:  # "(quantity 3)", "(quantity 1,000 × 5 runs = 5,000)"
                unit = self.tr("quantity %1").replace("%1", qty or "0")
            text = self.tr("Estimated charge: %1 (%2)").replace(
                "%1", format_charge(amount, currency)).replace("%2", unit)
        else:
            text = self.tr("Estimated charge: enter the quantity to see the price")
        self.estimate.setText(text)
        self.estimate.setToolTip(literal(self.tr("Exactly %1").replace(
            "%1", format_exact(amount, currency))))
        if self.balance is None:
            self.balance_after.setText(
                self.tr("Balance unknown: refresh the panel to see it before ordering."))
            self.low_balance.hide()
            return
        bal, when = self.balance
        after = bal.amount - amount
        self.balance_after.setText(
            self.tr("Balance after this order: %1 (balance %2, checked %3)")
            .replace("%1", format_charge(after, bal.currency))
            .replace("%2", format_charge(bal.amount, bal.currency))
            .replace("%3", format_age(when)))
        self.balance_after.setToolTip(literal(
            self.tr("Exactly %1 (balance %2)").replace("%1", format_exact(after, bal.currency))
            .replace("%2", format_exact(bal.amount, bal.currency))))
        low = after < 0
        if low:
            self.low_balance.setText(
                self.tr("Your last known balance is lower than this order's estimated charge. "
                        "Top up on the panel's website first, or the panel will refuse it."))
        self.low_balance.setVisible(low)

    def _subscription_price(self, service: Service, values: Mapping[str, Any],
                            template: str) -> str:
        """A subscription's price: the total for the posts entered (posts × max, what the
        panel charges) with the per-post figure beside it; per post only without posts."""
        currency = self.currency()
        per_post = servicetypes.per_post_estimate(service, values) or Decimal(0)
        posts = servicetypes.posts_of(service, values)
        if posts is None:
            price = self.tr("up to %1 per post (enter the new posts to see the total)").replace(
                "%1", format_charge(per_post, currency))
        else:
            price = (ntr("order_form", "up to %1 for %n post(s) (%2 per post)", posts)
                     .replace("%n", _n(posts))
                     .replace("%1", format_charge(servicetypes.estimate(service, values),
                                                 currency))
                     .replace("%2", format_charge(per_post, currency)))
        return template.replace("%1", price)

    # ================================================================== scheduling
    def open_schedule(self) -> ScheduleDialog | None:
        """The "Schedule…" button: the same values, placed later or repeatedly."""
        if self.service is None or self.panel is None or self.problems():
            self._touched.update(self._fields)
            self._update()
            return None
        self.schedule_dialog = ScheduleDialog(self.workspace, self.runner, self.panel,
                                              self.service, self.values(), self.currency(),
                                              parent=self)
        self.schedule_dialog.scheduled.connect(self.scheduled)
        self.schedule_dialog.scheduled.connect(self._scheduled)
        self.schedule_dialog.open()
        return self.schedule_dialog

    def _scheduled(self, schedule: Schedule) -> None:
        """Say it was saved, when it runs first and how often, and where to see it."""
        first = schedule.next_run or schedule.first_run
        text = self.tr("Scheduled: the first order goes out on %1.").replace(
            "%1", format_when(first))
        runs = total_runs(schedule.timing) if schedule.first_run is not None else 1
        if runs is None:
            text += " " + self.tr("It repeats until you pause or delete it.")
        elif runs > 1:
            text += " " + ntr("order_form", "%n order(s) in all.", runs).replace("%n", _n(runs))
        text += " " + self.tr("SMM Desk places them while it runs (in the tray too).")
        self._show_result(text, "ok", schedule_id=schedule.id)

    # ================================================================== placing
    def _place_clicked(self) -> None:
        self.place_now(confirm=True)

    def _enter_pressed(self) -> None:
        """Enter in a field: what the Place order button does (it asks first); when the button
        is off, show what stops it."""
        if self.service is None or self.busy or not self.place.isVisibleTo(self):
            return
        if self.place.isEnabled():
            self._place_clicked()
        else:
            self._touched.update(self._fields)
            self._update()

    def summary_text(self) -> str:
        """The confirmation text: panel, service, link, quantity and price."""
        service = self.service
        assert service is not None
        values = self.values()
        try:
            form = servicetypes.payload(service, values)
        except ValidationError:
            form = {}
        link = form.get("link") or form.get("username") or ""
        link_label = self.tr("Link") if "link" in form else self.tr("Username")
        lines = [
            self.tr("Panel: %1").replace(
                "%1", isolate(shorten(self.panel.name, 80)) if self.panel else "?"),
            self.tr("Service: #%1 %2").replace("%1", str(service.id)).replace(
                "%2", display_text(service.name)),
            f"{link_label}: {link}",
            self.tr("Quantity: %1").replace("%1", self.quantity_text(values)),
            self._price_line(service, values),
        ]
        return "\n".join(lines)

    def _price_line(self, service: Service, values: Mapping[str, Any]) -> str:
        template = self.tr("Price: %1 (estimate; the panel charges its own amount)")
        if servicetypes.type_of(service)[0].key == "subscriptions":
            return self._subscription_price(service, values, template)
        return template.replace(
            "%1", format_charge(servicetypes.estimate(service, values), self.currency()))

    def place_now(self, confirm: bool = True) -> Task | None:
        """The place button's code path. ``confirm=False`` skips the summary question (scripts);
        the duplicate question is never skipped. Returns the worker task, or None when nothing
        was submitted (invalid form, busy, declined)."""
        if self.busy or self.service is None or self.panel is None or self.just_placed:
            return None  # just placed: nothing typed since, so a second press places nothing
        values = self.values()
        problems = servicetypes.validate(self.service, values)
        if problems:
            self._touched.update(self._fields)
            self._update()
            return None
        form = servicetypes.payload(self.service, values)
        if confirm and not self.confirm(self.tr("Place this order?"), self.summary_text()):
            return None
        log.info("order confirmed: service %d, estimated charge %s %s", self.service.id,
                 servicetypes.estimate(self.service, values), self.currency() or "")
        allow_duplicate = False
        if self._uncertain_payload is not None and self._uncertain_payload == form:
            # The same thing just ended "may have been placed": never resend it silently.
            if not self.confirm_duplicate(self.tr("Order again?"), self._uncertain_question()):
                return None
            allow_duplicate = True
        return self._submit(values, form, allow_duplicate)

    def _submit(self, values: dict[str, Any], form: dict[str, str],
                allow_duplicate: bool) -> Task:
        assert self.service is not None and self.panel is not None
        self._pending_values = dict(values)
        self._set_busy(True)
        self.result_box.hide()
        link = form.get("link") or form.get("username")
        task = self.runner.submit(
            place_checked, self.workspace, self.panel.id, self.service.id, dict(values), link,
            allow_duplicate, self._rowRecorded.emit, panel_id=self.panel.id,
            on_result=self._place_done, on_error=self._place_failed, task_name="place_order",
        )
        self.last_task = task
        return task

    def _uncertain_question(self) -> str:
        return self.tr(
            "Your last attempt to place this same order may have gone through: the panel did "
            "not answer. Check your orders on the panel's website first.\n\n"
            "Place another order anyway?")

    def _duplicate_question(self, dup: LocalOrder, other_panel: str | None = None) -> str:
        if dup.submit_state in (SubmitState.UNCERTAIN, SubmitState.SUBMITTING) and (
                other_panel is not None or dup.service_id != self.service_id):
            # The same link elsewhere (a switch, a failover): the first may have gone through.
            return self.tr(
                "An order on this link may already have been placed on %1 (%2, %3): that panel "
                "did not answer, and the order is not resolved yet. Check it on that panel's "
                "website and resolve it in the history first.\n\n"
                "Place this order too?"
            ).replace("%1", other_panel or (self.panel.name if self.panel else "")).replace(
                "%2", dup.link or "").replace("%3", format_age(dup.created_at))
        if dup.submit_state is SubmitState.UNCERTAIN:
            what = self.tr("an order that may have been placed (the panel did not answer)")
        elif dup.remote_id is not None:
            what = self.tr("an active order #%1").replace("%1", str(dup.remote_id))
        else:
            what = self.tr("an active order")
        return self.tr(
            "You already have %1 for this service on this link (%2, %3).\n\n"
            "Place another order?"
        ).replace("%1", what).replace("%2", dup.link or "").replace(
            "%3", format_age(dup.created_at))

    def _place_done(self, attempt: PlaceAttempt) -> None:
        if attempt.duplicate is not None:
            values = self._pending_values or {}
            self.form_status.setText(self.tr("Nothing sent yet: waiting for your answer about "
                                             "the earlier order."))
            ok = self.confirm_duplicate(
                self.tr("Possible duplicate order"),
                self._duplicate_question(attempt.duplicate, attempt.duplicate_panel))
            if ok and self.service is not None:
                try:
                    form = servicetypes.payload(self.service, values)
                except ValidationError:
                    ok = False
                else:
                    self._set_busy(False)
                    self._submit(values, form, True)
                    return
            self._set_busy(False)
            self._show_result(self.tr("Not placed: you kept the existing order."), "info")
            self.placementFinished.emit(None)
            return
        order = attempt.order
        assert order is not None
        self.last_order = order
        self._set_busy(False)
        message = outcome_message(order, self.service)
        if order.submit_state is SubmitState.PLACED:
            self._uncertain_payload = None
            self._reset_after_placing()
            self._show_result(message, "ok", order.id)
            self.orderPlaced.emit(order.id)
        elif order.submit_state is SubmitState.UNCERTAIN:
            self._uncertain_payload = {k: str(v) for k, v in (order.fields or {}).items()}
            self._show_result(message, "warn")
            self.orderRecorded.emit(order.id)
        else:
            self._show_result(message, "bad")
            self.orderRecorded.emit(order.id)
            self._remember_refused(order)
        self.session.placement_finished(order)  # its row changed; a placed one: the balance
        self.placementFinished.emit(order)
        self._apply_queued()

    def _reset_after_placing(self) -> None:
        """The order went out: what belongs to that order alone (the link, the comments, the
        usernames) is cleared for the next one; the quantity, runs and choices stay, as a
        reseller often orders the same again for another link. Nothing shows as an error, and
        Place stays off until something is typed: a second press places nothing."""
        self._filling = True
        try:
            for f in self._fields.values():
                if f.spec.kind in (FieldKind.URL, FieldKind.TEXT, FieldKind.LIST) \
                        and isinstance(f.widget, QPlainTextEdit | QLineEdit):
                    f.widget.clear()
        finally:
            self._filling = False
        self._touched.clear()
        self.just_placed = True
        self._update()

    def _place_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, OutcomeNotRecorded):
            # Sent, but the history could not be written (a locked database): as uncertain as
            # a timeout — said so, and the same order is not sent again without asking.
            log.warning("placed, outcome not saved: %r", exc)
            try:
                payload = (servicetypes.payload(self.service, self._pending_values or {})
                           if self.service is not None else None)
            except ValidationError:
                payload = None
            self._uncertain_payload = payload
            self._show_result(uncertain_message(), "warn")
            self.orderRecorded.emit(exc.order_id)
            self.session.orders_changed([exc.order_id])
            self.placementFinished.emit(None)
            self._apply_queued()
            return
        if isinstance(exc, ValidationError):
            problems = [st_tr(p) if isinstance(p, str) else str(p)
                        for p in exc.problems.values()]
            self._show_result(self.tr("Not sent: %1").replace("%1", " ".join(problems)), "bad")
        else:
            log.warning("placing failed: %r", exc)
            self._show_result(exception_message(exc, self.service), "bad")
        self.placementFinished.emit(None)
        self._apply_queued()

    def _apply_queued(self) -> None:
        queued, self._queued_service = self._queued_service, None
        if queued is not None:
            self._load(*queued)

    @property
    def balance(self) -> tuple[Balance, dt.datetime] | None:
        """The panel's last known balance and its time (the session model's)."""
        return self.session.balance(self.panel.id) if self.panel is not None else None

    def _balance_changed(self, panel_id: str) -> None:
        if self.panel is not None and panel_id == self.panel.id and self.service is not None:
            self._update()

    def _set_busy(self, busy: bool, *, status: str = "") -> None:
        if busy and self._has_focus_inside():
            # The focused field or button is disabled next: the focus would jump to the next
            # widget of the window (the toolbar's panel switcher, where an arrow key switches
            # panel). It waits on the status line, which says what is happening.
            self.form_status.setFocus(Qt.FocusReason.OtherFocusReason)
        self.busy = busy
        self.fields_box.setEnabled(not busy)
        self.placing_progress.setVisible(busy)
        self.place.setText(self.tr("Placing…") if busy else self.tr("Place order"))
        if busy:
            # Not "Sending…" yet: first the earlier orders on this link are looked at, and a
            # possible duplicate is asked about (``_recorded`` says when it really goes out).
            self.form_status.setText(status or self.tr("Checking your earlier orders…"))
            self.place.setEnabled(False)
        else:
            self._update()
        self.busyChanged.emit(busy)

    def _recorded(self, local_id: int) -> None:
        """The order's row exists and the request is going out (queued from the worker)."""
        if self.busy:
            self.form_status.setText(self.tr("Sending the order to the panel…"))
        self.session.orders_added([local_id])
        self.orderRecorded.emit(local_id)

    def _show_result(self, text: str, tone: str, local_id: int | None = None, *,
                     schedule_id: int | None = None) -> None:
        bg, fg = {"ok": (OK_BG, OK_FG), "warn": (WARN_BG, WARN_FG), "bad": (BAD_BG, BAD_FG)}.get(
            tone, ("palette(alternate-base)", "palette(text)"))
        self.result_box.setStyleSheet(
            f"QFrame#result_box {{ background: {bg}; border-radius: 8px; }}"
            f" QLabel#result {{ color: {fg}; }}")
        self.result.setText(text)
        self.show_in_history.setVisible(local_id is not None)
        self.show_in_history.setProperty("local_id", local_id)
        self.show_in_schedules.setVisible(schedule_id is not None)
        self.show_in_schedules.setProperty("schedule_id", schedule_id)
        self.result_box.show()
        if self._has_focus_inside():  # the person's next step: the order, or the message
            target = (self.show_in_history if local_id is not None
                      else self.show_in_schedules if schedule_id is not None else self.result)
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _has_focus_inside(self) -> bool:
        """The keyboard focus is in this form (or nowhere): the person is working here."""
        focus = QApplication.focusWidget()
        if not self.isVisible():
            return False
        return focus is None or focus is self or self.isAncestorOf(focus)

    def _show_schedule_clicked(self) -> None:
        schedule_id = self.show_in_schedules.property("schedule_id")
        if schedule_id is not None:
            self.showSchedule.emit(int(schedule_id))

    def _show_clicked(self) -> None:
        local_id = self.show_in_history.property("local_id")
        if local_id is not None:
            self.showOrder.emit(int(local_id))

    # ================================================================== default dialogs
    def _question_box(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Cancel, self)
        # Plain text, always: the text holds the panel's name, the service's name and the link,
        # and a tag in any of them must not be rendered next to the price.
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box

    def _ask_confirm(self, title: str, text: str) -> bool:
        box = self._question_box(QMessageBox.Icon.Question, title, text)
        place = box.addButton(self.tr("Place order"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(place)
        box.exec()
        return box.clickedButton() is place

    def _ask_duplicate(self, title: str, text: str) -> bool:
        box = self._question_box(QMessageBox.Icon.Warning, title, text)
        again = box.addButton(self.tr("Place another"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is again

    def shutdown(self) -> None:
        """Stop the form's own runner (only when it made one)."""
        if self._own_runner:
            self.runner.shutdown()


def whole_number_text(typed: str, locale: QLocale | None = None) -> str:
    """An integer field's value for the registry: the number in plain digits when ``typed`` is
    a whole number in the person's locale (``1.000`` in Turkish -> ``1000``), else exactly what
    was typed, which the registry then refuses with the reason."""
    try:
        number = servicetypes.parse_whole_number(typed, (locale or QLocale()).name())
    except servicetypes.NotWholeNumber:
        return typed
    return typed if number is None else str(number)


class _FieldsBox(QWidget):
    """The fields' container. A one-line field, a closed choice or a date leaves Enter unused,
    so it reaches here: ``enterPressed``. A multi-line list takes Enter as a new line itself."""

    enterPressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == (
            Qt.KeyboardModifier.NoModifier)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            event.accept()
            self.enterPressed.emit()
            return
        super().keyPressEvent(event)


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _fmt_int(value: Any) -> str:
    text = str(value).strip()
    return _n(int(text)) if text.isdigit() else text
