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

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from smmdesk import servicetypes
from smmdesk.models import Balance, LocalOrder, Panel, Service, SubmitState, UnresolvedOnLink
from smmdesk.schedules import Schedule
from smmdesk.servicetypes import ValidationError
from smmdesk.workspace import OrderQuote, OutcomeNotRecorded
from ui.focus import chain_in_layout_order
from ui.order_form import pricing, questions
from ui.order_form.fields import OrderFields, st_tr
from ui.order_form.messages import exception_message, outcome_message, uncertain_message
from ui.order_form.panes import MoneySummary, PlacementBar, ServiceHeader
from ui.order_form.sale import SaleBox
from ui.schedules.dialog import ScheduleDialog
from ui.session import SessionModel
from ui.tasks import Task, TaskRunner
from ui.teamroles import view_only

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
    """A worker's answer to "place this": the order, or the duplicate that stopped it (with
    the quote, placed as it is when the person says "place another")."""

    order: LocalOrder | None = None
    duplicate: LocalOrder | None = None
    duplicate_panel: str | None = None  # the duplicate's panel when it is another one
    quote: OrderQuote | None = None


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
    allow_duplicate: bool,
    on_recorded: Callable[[int], None] | None = None,
    sale: tuple[int | None, Decimal | None] = (None, None),
) -> PlaceAttempt:
    """Worker: quote the order (``Workspace.quote``: checked and looked up once), stop at what
    it asks first unless allowed — an active order of this service on the link, or an order on
    the link that may have been placed on any panel and is not resolved (rule: placing that link
    elsewhere asks first) — else send it (once). ``on_recorded(local id)`` runs (on the worker)
    once the order's row exists, before sending. ``sale``: the customer and sell price it is
    placed with (``Workspace.sold``)."""
    quote = workspace.quote(panel_id, service_id, values)
    if sale != (None, None):
        quote = workspace.sold(quote, *sale)
    duplicate = quote.asks_first
    if not allow_duplicate and duplicate is not None:
        other = None
        if duplicate.panel_id != panel_id:
            try:
                other = workspace.panel(duplicate.panel_id).name
            except KeyError:
                other = duplicate.panel_id
        return PlaceAttempt(duplicate=duplicate, duplicate_panel=other, quote=quote)
    return place_quoted(workspace, quote, on_recorded, unresolved_ok=allow_duplicate)


def place_quoted(workspace: Workspace, quote: OrderQuote,
                 on_recorded: Callable[[int], None] | None = None, *,
                 unresolved_ok: bool = True) -> PlaceAttempt:
    """Worker: send a quote (the person confirmed it as it is: no second look-up), or say what
    stops it: an order on the link that may have been placed, recorded since the quote."""
    try:
        return PlaceAttempt(order=workspace.place(quote, on_recorded=on_recorded,
                                                  unresolved_ok=unresolved_ok))
    except UnresolvedOnLink as e:  # one appeared since the quote: ask all the same
        return PlaceAttempt(duplicate=e.order, quote=quote, duplicate_panel=(
            e.panel_name if e.order.panel_id != quote.panel_id else None))


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
        self._filling = False
        # Just placed: Place stays off until something is typed (no blind second order).
        self.just_placed = False
        self._uncertain_payload: dict[str, str] | None = None
        self._pending_values: dict[str, Any] | None = None
        self._focus_when_loaded = True
        self.place_blocked = ""  # why placing is off from outside (the team server is away)
        self._build()
        self._rowRecorded.connect(self._recorded)
        self.session.balanceChanged.connect(self._balance_changed)
        self.session.panelStateChanged.connect(self._balance_changed)  # a key found missing
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
        # service, at what price, within what limits (ui/order_form/panes.py).
        self.header = ServiceHeader()
        body.addWidget(self.header)
        for name in ("panel_label", "service_name", "service_meta", "unknown_notice",
                     "description"):
            setattr(self, name, getattr(self.header, name))

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        body.addWidget(line)

        # The fields of the chosen service's type (ui/order_form/fields.py).
        self.fields_box = OrderFields()
        self.fields_box.enterPressed.connect(self._enter_pressed)
        self.fields_box.edited.connect(self._edited)
        self.fields_layout = self.fields_box.layout_
        self._fields = self.fields_box.fields
        self._touched = self.fields_box.touched  # the fields whose problem shows
        body.addWidget(self.fields_box)

        # Money: what it costs, what is left.
        self.summary = MoneySummary()
        self.estimate, self.balance_after, self.low_balance = (
            self.summary.estimate, self.summary.balance_after, self.summary.low_balance)
        # The sale (the reseller's books): customer, sell price, profit: ui/order_form/sale.py
        self.sale = SaleBox(self.workspace, self.runner)
        self.summary.layout().addWidget(self.sale)
        body.addWidget(self.summary)

        # What to do next stays in view on a small screen: the result of the last order and
        # the action row sit below the scrolling fields, not at the end of them.
        self.action_bar = PlacementBar()
        bar = self.action_bar
        bar.placeRequested.connect(self._place_clicked)
        bar.scheduleRequested.connect(self.open_schedule)
        bar.showOrder.connect(self.showOrder)
        bar.showSchedule.connect(self.showSchedule)
        for name in ("pinned_layout", "actions_layout", "form_status", "placing_progress",
                     "place", "schedule_button", "result_box", "result", "show_in_history",
                     "show_in_schedules"):
            setattr(self, name, getattr(bar, name))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # from any field of the form
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._place_clicked)
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
        self.sale.reload_customers()
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
    def set_toolbar_panel(self, panel_id: str | None) -> None:
        """The toolbar's panel changed: the form keeps its own service and panel, and says so
        plainly when they differ (None: "All panels")."""
        self.header.set_toolbar_panel(panel_id)

    def _build_fields(self, service: Service) -> None:
        self.just_placed = False
        self.fields_box.clear()
        self.result_box.hide()
        self.header.show_service(service, self.panel, self.currency())
        self.fields_box.build(service, self.panel)
        # Tab order: as laid out (the fields, Schedule…, Place order, the result), not the order
        # of creation, which put the fields made now after the status bar.
        chain_in_layout_order(self)

    def _remember_refused(self, order: LocalOrder) -> None:
        """The panel refused a choice ("Incorrect delay"): stop offering it right away (the
        workspace remembered it for the panel)."""
        if self.service is None or self.panel is None:
            return
        refused = self.fields_box.refuse_choice(self.service, order)
        if refused is not None:
            self.panel = dataclasses.replace(self.panel, unsupported=self.panel.unsupported | {
                servicetypes.refused_choice_key(*refused)})

    # ================================================================== values
    def values(self) -> dict[str, Any]:
        """The current values, by API field name (visible fields only)."""
        return self.fields_box.values()

    def field_widget(self, name: str) -> QWidget | None:
        return self.fields_box.widget(name)

    def fill(self, values: Mapping[str, Any]) -> list[str]:
        """Type ``values`` (API field name -> value, as sent to ``add`` or as Python values)
        into the widgets. Returns the names this form has no field for (ignored). Before the
        service has loaded, the values are kept and filled in when it has."""
        if not self.loaded:
            self._pending_fill = {**(self._pending_fill or {}), **values}
            return []
        return self.fields_box.fill(values)

    # ================================================================== live state
    def _edited(self, name: str) -> None:
        if self._filling:
            return  # the form resetting itself after an order: nothing was typed
        self.just_placed = False
        self.fields_box.touch(name)
        if name in self._fields and isinstance(self._fields[name].widget, QComboBox):
            self.fields_box.update_dependent_rows()
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
        missing = self.fields_box.show_problems(service, values, problems)
        self.action_bar.show_check(len(problems), missing, self.just_placed)
        self._update_money(service, values)
        blocker = self.place_blocker()
        self.place.setEnabled(not problems and not self.busy and not self.just_placed
                              and not blocker)
        self.action_bar.show_blocked(blocker, key_needed=self.key_needed() and not self.busy)
        viewing = view_only(self.session.team_me)  # a team viewer schedules nothing either
        self.schedule_button.setEnabled(not problems and not viewing)
        self.schedule_button.setToolTip(viewing)
        self.valuesChanged.emit()

    def key_needed(self) -> bool:
        """The form's panel has no API key on this computer (a team panel a colleague added)."""
        return self.panel is not None and self.session.state(self.panel.id).key_missing

    def place_blocker(self) -> str:
        """Why Place order is off whatever is typed ("" when nothing stops it)."""
        if self.key_needed():
            return self.tr("Key needed on this computer: enter the panel's API key (Enter API "
                           "key… in the status bar) to place orders on it from here.")
        return self.place_blocked

    def set_place_blocked(self, reason: str) -> None:
        """Placing stops (``reason``: why, shown by the button) or may go on (``""``)."""
        self.place_blocked = reason
        if self.service is not None:
            self._update()

    def quantity_text(self, values: Mapping[str, Any] | None = None) -> str:
        """"1,000", "1,000 × 5 runs = 5,000", "1 package", "100 to 500 per post"."""
        if self.service is None:
            return ""
        return pricing.quantity_text(self.service, self.values() if values is None else values)

    def estimated_charge(self) -> Decimal:
        if self.service is None:
            return Decimal(0)
        return servicetypes.estimate(self.service, self.values())

    def _update_money(self, service: Service, values: dict[str, Any]) -> None:
        if service.rate is None:  # a team viewer denied prices: no money to show
            return
        self.summary.show_money(service, values, self.currency(), self.balance)
        if self.panel is not None:
            self.sale.update_order(self.panel.id, service, values,
                                   servicetypes.estimate(service, values), self.currency())

    # ================================================================== scheduling
    def open_schedule(self) -> ScheduleDialog | None:
        """The "Schedule…" button: the same values, placed later or repeatedly."""
        if self.service is None or self.panel is None or self.problems():
            self.fields_box.touch_all()
            self._update()
            return None
        self.schedule_dialog = ScheduleDialog(self.workspace, self.runner, self.panel,
                                              self.service, self.values(), self.currency(),
                                              parent=self, customer_id=self.sale.customer_id())
        self.schedule_dialog.scheduled.connect(self.scheduled)
        self.schedule_dialog.scheduled.connect(self._scheduled)
        self.schedule_dialog.open()
        return self.schedule_dialog

    def _scheduled(self, schedule: Schedule) -> None:
        """Say it was saved, when it runs first and how often, and where to see it."""
        self._show_result(pricing.scheduled_text(schedule), "ok", schedule_id=schedule.id)

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
            self.fields_box.touch_all()
            self._update()

    def summary_text(self) -> str:
        """The confirmation text: panel, service, link, quantity and price."""
        assert self.service is not None
        return pricing.summary_text(self.service, self.panel, self.values(), self.currency())

    def _price_line(self, service: Service, values: Mapping[str, Any]) -> str:
        return pricing.price_line(service, values, self.currency())

    def place_now(self, confirm: bool = True) -> Task | None:
        """The place button's code path. ``confirm=False`` skips the summary question (scripts);
        the duplicate question is never skipped. Returns the worker task, or None when nothing
        was submitted (invalid form, busy, declined)."""
        if self.busy or self.service is None or self.panel is None or self.just_placed:
            return None  # just placed: nothing typed since, so a second press places nothing
        if self.place_blocker():
            return None  # the team server is away, or the panel's key is not on this computer
        values = self.values()
        problems = servicetypes.validate(self.service, values)
        if problems:
            self.fields_box.touch_all()
            self._update()
            return None
        form = servicetypes.payload(self.service, values)
        if self.sale.problem() is not None:
            self.sale.price_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
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
        return self._submit(values, allow_duplicate)

    def _submit(self, values: dict[str, Any], allow_duplicate: bool,
                quote: OrderQuote | None = None) -> Task:
        assert self.service is not None and self.panel is not None
        self._pending_values = dict(values)
        self._set_busy(True)
        self.result_box.hide()
        if quote is not None:  # confirmed after the duplicate question: placed as quoted
            task = self.runner.submit(
                place_quoted, self.workspace, quote, self._rowRecorded.emit,
                panel_id=self.panel.id, on_result=self._place_done,
                on_error=self._place_failed, task_name="place_order")
        else:
            task = self.runner.submit(
                place_checked, self.workspace, self.panel.id, self.service.id, dict(values),
                allow_duplicate, self._rowRecorded.emit, self.sale.sale(), panel_id=self.panel.id,
                on_result=self._place_done, on_error=self._place_failed,
                task_name="place_order")
        self.last_task = task
        return task

    def _uncertain_question(self) -> str:
        return questions.uncertain_question()

    def _duplicate_question(self, dup: LocalOrder, other_panel: str | None = None) -> str:
        return questions.duplicate_question(dup, self.service_id,
                                            self.panel.name if self.panel else "", other_panel)

    def _place_done(self, attempt: PlaceAttempt) -> None:
        if attempt.duplicate is not None:
            values = self._pending_values or {}
            self.form_status.setText(self.tr("Nothing sent yet: waiting for your answer about "
                                             "the earlier order."))
            ok = self.confirm_duplicate(
                self.tr("Possible duplicate order"),
                self._duplicate_question(attempt.duplicate, attempt.duplicate_panel))
            if ok and self.service is not None and attempt.quote is not None:
                self._set_busy(False)
                self._submit(values, True, attempt.quote)
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
            self.fields_box.clear_per_order()
        finally:
            self._filling = False
        self.just_placed = True
        self.sale.reset()
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
        self.action_bar.set_busy(busy, status)
        if not busy:
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
        target = self.action_bar.show_result(text, tone, local_id, schedule_id)
        if self._has_focus_inside():  # the person's next step: the order, or the message
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _has_focus_inside(self) -> bool:
        """The keyboard focus is in this form (or nowhere): the person is working here."""
        focus = QApplication.focusWidget()
        if not self.isVisible():
            return False
        return focus is None or focus is self or self.isAncestorOf(focus)

    # ================================================================== default dialogs
    def _ask_confirm(self, title: str, text: str) -> bool:
        return questions.ask_confirm(self, title, text)

    def _ask_duplicate(self, title: str, text: str) -> bool:
        return questions.ask_duplicate(self, title, text)

    def shutdown(self) -> None:
        """Stop the form's own runner (only when it made one)."""
        if self._own_runner:
            self.runner.shutdown()
