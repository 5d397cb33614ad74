"""What comparing adds to the order form, kept out of the form's own module.

``OrderFormCompare(form, workspace, runner, settings)`` adds to an ``OrderForm``:

* a header line naming the panel the order would be placed on;
* a warning under the link field when the link does not fit the service (``compare.check_link``:
  another platform's link, a post link for followers, a profile link for likes or views) —
  a warning, never a block;
* under the estimate, the best equivalent on another panel when it is at least the threshold
  (a preference, default 5 %) cheaper in the home currency, with a "Switch" button;
* a "Compare…" button that opens the side panel on this service with the typed values;
* after a refusal another panel can solve (funds, service, quantity, unreachable before
  sending), an offer of the best equivalent elsewhere, in one click. Never after an uncertain
  outcome: that order may have been placed and is resolved first.

Equivalents are looked up on the task runner, once per service shown; typing only recomputes
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

from smmdesk import compare, servicetypes
from smmdesk.models import LocalOrder, Panel, Service
from ui.compare.panel import home_money
from ui.format import literal
from ui.settings import Settings
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.orders.form import OrderForm

THRESHOLD_KEY = "compare/cheaper_threshold_percent"
DEFAULT_THRESHOLD = 5
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
    if settings is None:
        return Decimal(DEFAULT_THRESHOLD)
    try:
        return Decimal(str(int(settings.value(THRESHOLD_KEY, DEFAULT_THRESHOLD))))
    except (TypeError, ValueError):
        return Decimal(DEFAULT_THRESHOLD)


class Equivalents:
    """What a worker found for one service: its panel, its price at home, its equivalents."""

    def __init__(self, key: tuple[str, int], panel: Panel | None, service: Service | None,
                 own_home: Decimal | None, home: str | None,
                 matches: list[compare.Match], panels: dict[str, Panel]) -> None:
        self.key = key
        self.panel = panel
        self.service = service
        self.own_home = own_home
        self.home = home
        self.matches = matches
        self.panels = panels


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
                       matches, panels)


def _best_elsewhere(eq: Equivalents) -> compare.Match | None:
    """The best equivalent on another panel, for the failover offer: the highest score among
    those alike enough, the cheaper in the home currency on a tie."""
    for m in eq.matches:  # ranked best first
        if m.panel_id != eq.key[0] and m.score >= compare.MIN_SCORE:
            return m
    return None


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
        self.route: tuple[compare.Match, Decimal] | None = None
        self.offer: compare.Match | None = None
        self._offer_values: dict[str, Any] = {}
        self._generation = 0
        self._offer_generation = 0
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
        self.offer_button = QPushButton(objectName="failover_order")
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
    def _update_hint(self) -> None:
        eq = self.equivalents
        service = self.form.service
        route = None
        if eq is not None and service is not None and eq.key == (self.form.panel_id,
                                                                    service.id):
            route = compare.cheaper_route(eq.matches, eq.key[0], eq.own_home, self.threshold)
        self.route = route
        if route is None or eq is None:
            self.hint.hide()
            self.updated.emit()
            return
        match, saving = route
        target = eq.panels.get(match.panel_id)
        st, _ = servicetypes.type_of(match.service)
        price = home_money(match.price_home or Decimal(0), eq.home)
        if st.package:
            text = self.tr("Same service on %1: %2 per package, %3 % less")
        else:
            text = self.tr("Same service on %1: %2 per 1,000, %3 % less")
        self.hint_text.setText(
            text.replace("%1", target.name if target else match.panel_id)
            .replace("%2", price).replace("%3", str(int(saving))))
        self.hint_text.setToolTip(literal(match.service.name))
        self.hint.show()
        self.updated.emit()

    def _switch_clicked(self) -> None:
        if self.route is not None:
            m = self.route[0]
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
        if order is None:
            return
        reason = compare.failover_reason(order)
        if reason is None:  # placed, or uncertain: never offered (resolve that one first)
            return
        self._offer_values = dict(self.form.values())
        self._offer_generation += 1
        generation = self._offer_generation
        self.runner.submit(
            find_equivalents, self.workspace, order.panel_id, order.service_id,
            on_result=partial(self._offer_found, generation, reason),
            on_error=self._lookup_failed, task_name="compare_failover",
        )

    def _offer_found(self, generation: int, reason: str, eq: Equivalents) -> None:
        if generation != self._offer_generation:
            return
        match = _best_elsewhere(eq)
        self.offer = match
        if match is None:
            self.updated.emit()
            return
        target = eq.panels.get(match.panel_id)
        name = target.name if target else match.panel_id
        if match.price_home is not None:
            price = home_money(match.price_home, eq.home)
        else:
            price = home_money(match.service.rate, target.currency if target else None)
        why = {
            "funds": self.tr("This panel refused for lack of funds."),
            "service": self.tr("This panel refused the service."),
            "quantity": self.tr("This panel refused the quantity."),
            "unreachable": self.tr("This panel could not be reached; nothing was sent."),
        }[reason]
        self.offer_text.setText(
            why + " " + self.tr("The same service on %1: %2 per 1,000 (%3).")
            .replace("%1", name).replace("%2", price).replace("%3", match.service.name))
        self.offer_button.setText(self.tr("Order on %1").replace("%1", name))
        self.offer_box.show()
        self.updated.emit()

    def _offer_clicked(self) -> None:
        m = self.offer
        if m is not None:
            self.offer_box.hide()
            self.switchRequested.emit(m.panel_id, m.service.id,
                                      compare.carry_over(self._offer_values, m.service))
