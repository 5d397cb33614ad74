"""What comparing adds to the order form, kept out of the form's own module.

``OrderFormCompare(form, workspace, runner, settings)`` adds to an ``OrderForm``:

* a header line naming the panel the order would be placed on;
* a warning under the link field when the link does not fit the service (``compare.check_link``:
  another platform's link, a post link for followers, a profile link for likes or views) —
  a warning, never a block;
* under the estimate, the best route to another panel when it is at least the threshold
  (a preference, default 5 %) cheaper in the home currency, with a "Switch" button;
* a "Compare…" button that opens the side panel on this service with the typed values;
* after a refusal another panel can solve (funds, service, quantity, unreachable before
  sending), an offer of the best equivalent elsewhere, in one click, saying what it costs
  against this one. Never after an uncertain outcome: that order may have been placed and is
  resolved first.

Both follow the rules of ``compare.routes`` / ``best_route`` (docs/reliability.md, "Rules for
unattended work — routes, failover and the demo panel"): another panel of the same kind (the
demo panel is never a route for a real one), its min/max and its last known balance take the
order as typed, the same refill promise or the difference said, the price against this one in
the home currency ("≈" and the rate's age when converted). While the link has an order that
may have been placed and is not resolved (``Workspace.unresolved_on_link``), neither is shown.

Equivalents, balances, rates and the unresolved orders are looked up on the task runner, once
per service shown (the unresolved ones again after every placement); typing only recomputes
from what was found.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from smmdesk import compare, options, servicetypes
from smmdesk.models import Balance, LocalOrder, Panel, Service, SubmitState
from smmdesk.rates import Rate
from ui.compare.panel import home_money
from ui.compare.prices import approx_money, converted_tip, is_converted, refill_text
from ui.format import format_money, literal
from ui.settings import Settings
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.order_form.form import OrderForm

CONTEXT = "compare"
WARN_STYLE = "color: #8a5a00;"
HINT_STYLE = ("QFrame#cheaper_route { background: #e8f1fb; border-radius: 6px; }"
              " QLabel { color: #0b3d6e; }")
OFFER_STYLE = ("QFrame#failover_offer { background: #e8f1fb; border-radius: 8px; }"
               " QLabel { color: #0b3d6e; }")


def compare_tr(text: str) -> str:
    """A ``compare`` module text (plain or ``servicetypes.Text``) in the GUI's language."""
    return servicetypes.translate_text(
        text, lambda s: QCoreApplication.translate(CONTEXT, s))


def link_warning_for(service: Service | None, link: str) -> str:
    """The link check for one service, translated; "" when the link fits (or cannot tell)."""
    if service is None or not link:
        return ""
    warning = compare.check_link(_features(service), link)
    return compare_tr(warning) if warning is not None else ""


@lru_cache(maxsize=4096)
def _features(service: Service) -> compare.Features:
    return compare.features(service)  # mass-order lines repeat a few services many times


def threshold_of(settings: Settings | None) -> Decimal:
    option = options.CHEAPER_THRESHOLD
    return Decimal(settings[option] if settings is not None else option.default)


class Equivalents:
    """What a worker found for one service: its panel, its price at home, its equivalents, the
    panels' last known balances and the rates of this moment."""

    def __init__(self, key: tuple[str, int], panel: Panel | None, service: Service | None,
                 own_home: Decimal | None, home: str | None,
                 matches: list[compare.Match], panels: dict[str, Panel],
                 balances: dict[str, Balance | None] | None = None,
                 rates: dict[str, Rate] | None = None) -> None:
        self.key = key
        self.panel = panel
        self.service = service
        self.own_home = own_home
        self.home = home
        self.matches = matches
        self.panels = panels
        self.balances = balances or {}
        self.rates = rates or {}

    def routes(self, values: dict[str, Any]) -> list[compare.Route]:
        """The equivalents that could take the order as typed (``compare.routes``)."""
        if self.panel is None or self.service is None:
            return []
        return compare.routes(self.matches, self.key[0], self.service, self.own_home, values,
                              own_demo=self.panel.is_demo, balances=self.balances)

    def price_text(self, match: compare.Match) -> tuple[str, str]:
        """(the price as shown, its tooltip): "≈ $0.35" and the rate with its age when
        converted; in the panel's own currency when no rate is known."""
        target = self.panels.get(match.panel_id)
        currency = target.currency if target else None
        original = format_money(match.service.rate, currency)
        if match.price_home is None:
            return original, ""
        converted = is_converted(currency, self.home)
        rate = self.rates.get((currency or "").strip().upper())
        return (approx_money(match.price_home, self.home, converted=converted),
                converted_tip(original, rate, currency, self.home))


def find_equivalents(workspace: Workspace, panel_id: str, service_id: int) -> Equivalents:
    """Worker."""
    panels = {p.id: p for p in workspace.panels()}
    panel = panels.get(panel_id)
    service = workspace.service(panel_id, service_id) if panel is not None else None
    own = None
    if service is not None and panel is not None:
        own = workspace.convert(service.rate, panel.currency)
    matches = workspace.equivalents(panel_id, service_id, limit=10) if service else []
    return Equivalents((panel_id, service_id), panel, service, own, workspace.home_currency(),
                       matches, panels, workspace.last_balances(m.panel_id for m in matches),
                       workspace.rate_details())


def unresolved_links(workspace: Workspace) -> dict[str, LocalOrder]:
    """Worker: the links (``compare.same_link``) of orders that may have been placed and are
    not resolved: no route is offered for them."""
    out: dict[str, LocalOrder] = {}
    for order in workspace.unresolved_orders():
        key = compare.same_link(order.link or "")
        if key:
            out.setdefault(key, order)
    return out


def find_failover(workspace: Workspace, order: LocalOrder
                  ) -> tuple[Equivalents, LocalOrder | None]:
    """Worker: the refused order's equivalents, and an order on its link that may have been
    placed and is not resolved (then nothing is offered)."""
    unresolved = workspace.unresolved_on_link(order.link or "") if order.link else None
    return find_equivalents(workspace, order.panel_id, order.service_id), unresolved


class OrderFormCompare(QObject):
    switchRequested = Signal(str, int, object)  # panel_id, service_id, values to carry over
    compareRequested = Signal(str, int, object)  # panel_id, service_id, typed values
    updated = Signal()  # hint/offer recomputed (tests)

    def __init__(self, form: OrderForm, workspace: Workspace, runner: TaskRunner,
                 settings: Settings | None = None) -> None:
        super().__init__(form)
        self.form = form
        self.workspace = workspace
        self.runner = runner
        self.settings = settings
        self.threshold = threshold_of(settings)
        self.equivalents: Equivalents | None = None
        self.route: compare.Route | None = None
        self.offer: compare.Route | None = None
        # links (compare.same_link) with an order that may have been placed, not resolved
        self.unresolved: dict[str, LocalOrder] = {}
        self._offer_values: dict[str, Any] = {}
        self._generation = 0
        self._offer_generation = 0
        self._unresolved_generation = 0
        self._link_widget: QLineEdit | None = None
        self._build()
        form.serviceLoaded.connect(self._service_loaded)
        form.valuesChanged.connect(self._values_changed)
        form.placementFinished.connect(self._placement_finished)

    # ------------------------------------------------------------------ widgets
    def _build(self) -> None:
        form = self.form
        body = form.body.layout()
        assert isinstance(body, QBoxLayout)
        # The form names its panel itself (and warns when the toolbar shows another one): a
        # second "Panel: …" line above it said the same twice.
        self.panel_label = form.panel_label

        self.link_warning = self._new_link_label()

        self.hint = QFrame(objectName="cheaper_route")
        self.hint.setStyleSheet(HINT_STYLE)
        hl = QHBoxLayout(self.hint)
        hl.setContentsMargins(8, 4, 8, 4)
        self.hint_text = QLabel(objectName="cheaper_route_text")
        self.hint_text.setTextFormat(Qt.TextFormat.PlainText)
        self.hint_text.setWordWrap(True)
        self.switch = QPushButton(objectName="cheaper_route_switch")
        self.switch.setText(self.tr("Switch"))
        self.switch.clicked.connect(self._switch_clicked)
        hl.addWidget(self.hint_text, 1)
        hl.addWidget(self.switch)
        self.hint.hide()
        summary = form.summary.layout()
        assert isinstance(summary, QVBoxLayout)
        summary.insertWidget(1, self.hint)  # right under the estimate

        self.compare_button = QPushButton(objectName="compare_button")
        self.compare_button.setText(self.tr("Compare…"))
        self.compare_button.setToolTip(self.tr("The same service on your other panels "
                                               "(Ctrl+Shift+C)"))
        self.compare_button.clicked.connect(self._compare_clicked)
        form.actions_layout.insertWidget(form.actions_layout.indexOf(form.place),
                                         self.compare_button)

        self.offer_box = QFrame(objectName="failover_offer")
        self.offer_box.setStyleSheet(OFFER_STYLE)
        ol = QHBoxLayout(self.offer_box)
        ol.setContentsMargins(12, 8, 12, 8)
        self.offer_text = QLabel(objectName="failover_text")
        self.offer_text.setTextFormat(Qt.TextFormat.PlainText)
        self.offer_text.setWordWrap(True)
        self.offer_button = QPushButton(self.tr("Order there"), objectName="failover_order")
        self.offer_button.clicked.connect(self._offer_clicked)
        ol.addWidget(self.offer_text, 1)
        ol.addWidget(self.offer_button, 0, Qt.AlignmentFlag.AlignTop)
        self.offer_box.hide()
        pinned = form.pinned_layout
        pinned.insertWidget(pinned.indexOf(form.result_box) + 1, self.offer_box)

    # ------------------------------------------------------------------ loading
    def _service_loaded(self) -> None:
        form = self.form
        self.offer_box.hide()
        self.offer = None
        panel, service = form.panel, form.service
        if panel is None or service is None:
            self.hint.hide()
            return
        self._attach_link_warning()
        self._update_link_warning()
        self._load_unresolved()
        key = (panel.id, service.id)
        if self.equivalents is not None and self.equivalents.key == key:
            self._update_hint()
            return
        self.equivalents = None
        self.route = None
        self.hint.hide()
        self._generation += 1
        generation = self._generation
        self.runner.submit(
            find_equivalents, self.workspace, panel.id, service.id,
            on_result=partial(self._found, generation),
            on_error=self._lookup_failed, task_name="compare_hint",
        )

    def _load_unresolved(self) -> None:
        self._unresolved_generation += 1
        self.runner.submit(unresolved_links, self.workspace,
                           on_result=partial(self._unresolved_found,
                                             self._unresolved_generation),
                           on_error=self._lookup_failed, task_name="compare_unresolved")

    def _unresolved_found(self, generation: int, found: dict[str, LocalOrder]) -> None:
        if generation != self._unresolved_generation:
            return
        self.unresolved = found
        self._update_hint()

    def _found(self, generation: int, eq: Equivalents) -> None:
        if generation != self._generation:
            return
        self.equivalents = eq
        self._update_hint()

    def _lookup_failed(self, exc: BaseException) -> None:
        self.hint.hide()
        self.updated.emit()

    def refresh(self) -> None:
        """Look the equivalents up again (rates or catalogues changed)."""
        self.equivalents = None
        if self.form.service is not None:
            self._service_loaded()

    def set_threshold(self, percent: Decimal | int) -> None:
        self.threshold = Decimal(str(percent))
        self._update_hint()

    # ------------------------------------------------------------------ the hint
    def _typed_link(self, values: dict[str, Any]) -> str:
        return servicetypes.link_of(values) or ""

    def link_unresolved(self, values: dict[str, Any] | None = None) -> LocalOrder | None:
        """The order on the typed link that may have been placed and is not resolved: while
        there is one, no route is offered for the link (it would buy the same thing twice)."""
        link = self._typed_link(self.form.values() if values is None else values)
        key = compare.same_link(link)
        return self.unresolved.get(key) if key else None

    def _update_hint(self) -> None:
        eq = self.equivalents
        service = self.form.service
        route = None
        values = dict(self.form.values())
        if (eq is not None and service is not None
                and eq.key == (self.form.panel_id, service.id)
                and self.link_unresolved(values) is None):
            route = compare.best_route(eq.routes(values), cheaper_by=self.threshold)
        self.route = route
        if route is None or eq is None:
            self.hint.hide()
            self.updated.emit()
            return
        match = route.match
        target = eq.panels.get(match.panel_id)
        name = target.name if target else match.panel_id
        price, tip = eq.price_text(match)
        package = servicetypes.type_of(match.service)[0].package
        saving = str(int(route.saving or 0))
        if route.same_refill:
            if package:
                text = self.tr("Same service on %1: %2 per package, %3 % less")
            else:
                text = self.tr("Same service on %1: %2 per 1,000, %3 % less")
            text = text.replace("%1", name).replace("%2", price).replace("%3", saving)
        else:
            if package:
                text = self.tr("Similar service on %1: %2 per package, %3 % less, but the refill "
                               "differs: %4 there, %5 here")
            else:
                text = self.tr("Similar service on %1: %2 per 1,000, %3 % less, but the refill "
                               "differs: %4 there, %5 here")
            text = (text.replace("%1", name).replace("%2", price).replace("%3", saving)
                    .replace("%4", refill_text(route.refill_days))
                    .replace("%5", refill_text(route.own_refill_days)))
        self.hint_text.setText(text)
        self.hint_text.setToolTip(literal("\n".join(t for t in (match.service.name, tip) if t)))
        self.hint.show()
        self.updated.emit()

    def _switch_clicked(self) -> None:
        if self.route is not None and self.link_unresolved() is None:
            m = self.route.match
            self.switchRequested.emit(m.panel_id, m.service.id,
                                      compare.carry_over(self.form.values(), m.service))

    def _compare_clicked(self) -> None:
        if self.form.panel is not None and self.form.service is not None:
            self.compareRequested.emit(self.form.panel.id, self.form.service.id,
                                       self.form.values())

    # ------------------------------------------------------------------ the link
    @staticmethod
    def _new_link_label() -> QLabel:
        label = QLabel(objectName="link_warning")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setStyleSheet(WARN_STYLE)
        label.hide()
        return label

    def _attach_link_warning(self) -> None:
        # The form deletes a field's row (and what it holds) when it shows another service:
        # each service's link field gets its own warning label.
        self.link_warning = self._new_link_label()
        widget = self.form.field_widget("link")
        if not isinstance(widget, QLineEdit):
            self._link_widget = None
            return
        row = widget.parentWidget()
        layout = row.layout() if row is not None else None
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(layout.indexOf(widget) + 1, self.link_warning)
        self._link_widget = widget
        widget.textChanged.connect(self._update_link_warning)

    def _values_changed(self) -> None:
        self._update_link_warning()
        self._update_hint()  # the link, the quantity and the estimate decide the route

    def link_warning_text(self) -> str:
        label = self.link_warning
        if not shiboken6.isValid(label) or label.isHidden():
            return ""
        return label.text()

    def _update_link_warning(self) -> None:
        widget = self._link_widget
        service = self.form.service
        if not shiboken6.isValid(self.link_warning):
            return
        if widget is None or not shiboken6.isValid(widget) or service is None:
            self.link_warning.hide()
            return
        warning = link_warning_for(service, widget.text())
        self.link_warning.setText(warning)
        self.link_warning.setVisible(bool(warning))

    # ------------------------------------------------------------------ failover
    def _placement_finished(self, order: LocalOrder | None) -> None:
        self.offer_box.hide()
        self.offer = None
        if order is not None and order.submit_state in (SubmitState.UNCERTAIN,
                                                        SubmitState.SUBMITTING):
            # It may have been placed: no route for its link until it is resolved.
            key = compare.same_link(order.link or "")
            if key:
                self.unresolved = {**self.unresolved, key: order}
        self._load_unresolved()
        self._update_hint()
        if order is None:
            return
        reason = compare.failover_reason(order)
        if reason is None:  # placed, or uncertain: never offered (resolve that one first)
            return
        self._offer_values = dict(self.form.values())
        self._offer_generation += 1
        generation = self._offer_generation
        self.runner.submit(
            find_failover, self.workspace, order,
            on_result=partial(self._offer_found, generation, reason),
            on_error=self._lookup_failed, task_name="compare_failover",
        )

    def _offer_found(self, generation: int, reason: str,
                     found: tuple[Equivalents, LocalOrder | None]) -> None:
        if generation != self._offer_generation:
            return
        eq, unresolved = found
        route = None
        if unresolved is None and self.link_unresolved(self._offer_values) is None:
            route = compare.best_route(eq.routes(self._offer_values))
        self.offer = route
        if route is None:
            self.updated.emit()
            return
        match = route.match
        target = eq.panels.get(match.panel_id)
        name = target.name if target else match.panel_id
        price, tip = eq.price_text(match)
        why = {
            "funds": self.tr("This panel refused for lack of funds."),
            "service": self.tr("This panel refused the service."),
            "quantity": self.tr("This panel refused the quantity."),
            "unreachable": self.tr("This panel could not be reached; nothing was sent."),
        }[reason]
        if servicetypes.type_of(match.service)[0].package:
            same = self.tr("The same service on %1: %2 per package (%3).")
        else:
            same = self.tr("The same service on %1: %2 per 1,000 (%3).")
        parts = [why, same.replace("%1", name).replace("%2", price)
                 .replace("%3", match.service.name), self._cost_text(route, eq)]
        if not route.same_refill:
            parts.append(self.tr("Its refill differs: %1 there, %2 here.")
                         .replace("%1", refill_text(route.refill_days))
                         .replace("%2", refill_text(route.own_refill_days)))
        if route.covers is None:
            parts.append(self.tr("Its balance is not known yet."))
        self.offer_text.setText(" ".join(p for p in parts if p))
        self.offer_text.setToolTip(literal(tip) if tip else "")
        self.offer_button.setText(self.tr("Order on %1").replace("%1", name))
        self.offer_box.show()
        self.updated.emit()

    def _cost_text(self, route: compare.Route, eq: Equivalents) -> str:
        """What the offer costs against the refused order, in the home currency."""
        if route.difference is None or route.percent is None:
            target = eq.panels.get(route.match.panel_id)
            return self.tr("Its price could not be compared with this one: no exchange rate "
                           "for %1.").replace("%1", (target.currency if target else None) or "?")
        package = servicetypes.type_of(route.match.service)[0].package
        amount = home_money(abs(route.difference), eq.home)
        percent = str(abs(int(route.percent)))
        if route.difference > 0:
            if package:
                text = self.tr("It costs %1 more per package than here (+%2 %).")
            else:
                text = self.tr("It costs %1 more per 1,000 than here (+%2 %).")
        elif route.difference < 0:
            if package:
                text = self.tr("It costs %1 less per package than here (−%2 %).")
            else:
                text = self.tr("It costs %1 less per 1,000 than here (−%2 %).")
        else:
            return self.tr("It costs the same as here.")
        text = text.replace("%1", amount).replace("%2", percent)
        if route.order_difference is not None and route.order_difference > 0:
            text += " " + self.tr("This order: about %1 more.").replace(
                "%1", home_money(route.order_difference, eq.home))
        return text

    def _offer_clicked(self) -> None:
        r = self.offer
        if r is not None and self.link_unresolved(self._offer_values) is None:
            self.offer_box.hide()
            self.switchRequested.emit(r.match.panel_id, r.match.service.id, dict(r.values))
