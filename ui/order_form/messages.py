"""What to tell the person about an order that did not go through, by its outcome's kind.

Shared by the order form, the mass order dialog and the order history: one place decides the
wording, so "not enough funds" reads the same everywhere. The kind comes from the core, stored
with the order (``LocalOrder.outcome``, ``not_sent``): nothing here reads it back from text.
Every message says what happened and what to do next; the panel's own text is always kept next
to it (panels word things oddly, so the person must be able to read the original).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from smmdesk.errors import ApiError, ErrorKind, PanelError
from smmdesk.history import placed_note
from smmdesk.models import LocalOrder, OutcomeKind, Service, SubmitState
from smmdesk.outcomes import error_kind as refusal_kind
from smmdesk.outcomes import of_error
from ui.core_text import describe_text
from ui.format import describe_error, format_decimal

CONTEXT = "order_messages"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def kind_advice(kind: ErrorKind, service: Service | None = None) -> str:
    """The actionable sentence for a refusal of this kind ('' for OTHER: the text says it)."""
    if kind is ErrorKind.FUNDS:
        return _tr(
            "Not enough funds on this panel. Top up your balance on the panel's website, "
            "then place the order again."
        )
    if kind is ErrorKind.QUANTITY:
        if service is not None:
            return (
                _tr("The quantity is outside the range the panel allows. This service's range "
                    "was %1 to %2 when the services were last downloaded; if the panel changed "
                    "it, refresh the services.")
                .replace("%1", format_decimal(service.min, min_decimals=0))
                .replace("%2", format_decimal(service.max, min_decimals=0))
            )
        return _tr(
            "The quantity is outside what this service allows. Check the service's minimum "
            "and maximum."
        )
    if kind is ErrorKind.LINK_BUSY:
        return _tr(
            "There is already an active order on this link at the panel. Wait until it "
            "completes, then order again."
        )
    if kind is ErrorKind.AUTH:
        return _tr(
            "The panel rejected the API key. Fix the key in the panel settings (Edit panel…): "
            "copy it again from the panel's API page."
        )
    if kind is ErrorKind.SERVICE:
        return _tr(
            "The panel does not offer this service (any more). Refresh the services to get "
            "the panel's current list, then choose another service."
        )
    if kind is ErrorKind.UNSUPPORTED:
        return _tr(
            "This panel does not accept orders through its API. Place the order on the "
            "panel's website."
        )
    if kind is ErrorKind.ORDER_ID:
        return _tr("The panel does not know this order number.")
    return ""


def rejection_message(outcome: OutcomeKind | None, text: str | None,
                      service: Service | None = None) -> str:
    """The full message for an order (or a mass-order line) that was not placed: its outcome's
    kind, and ``text``, the panel's (or the network's) words beside it. None: a refusal whose
    kind is not known (a row an older version wrote)."""
    raw = (text or "").strip()
    if outcome is not None and not outcome.refusal:
        said = describe_text(outcome, raw)
        return said + " " + _tr("You can try again.") if outcome.not_sent else said
    kind = refusal_kind(outcome) or ErrorKind.OTHER
    advice = kind_advice(kind, service)
    if kind is ErrorKind.OTHER or not advice:
        if not raw:
            return _tr("The panel refused the order without saying why. Nothing was placed.")
        return _tr("The panel refused the order: “%1”. Nothing was placed.").replace("%1", raw)
    return advice + "\n" + _tr("The panel said: “%1”").replace("%1", raw)


def uncertain_message() -> str:
    return _tr(
        "The order may have been placed. Check your orders on the panel's website before "
        "trying again."
    )


def exception_message(exc: BaseException, service: Service | None = None) -> str:
    """A message for an exception raised while sending (not a recorded outcome)."""
    if isinstance(exc, ApiError):
        return rejection_message(of_error(exc.kind), exc.message, service)
    if isinstance(exc, PanelError):
        return describe_error(exc)
    return _tr("Unexpected error: %1").replace("%1", f"{type(exc).__name__}: {exc}")


def outcome_message(order: LocalOrder, service: Service | None = None) -> str:
    """One message for a recorded placement, whatever its outcome."""
    if order.submit_state is SubmitState.PLACED:
        if order.remote_id is not None:
            text = _tr("Order #%1 placed.").replace("%1", str(order.remote_id))
        else:
            text = _tr("Order placed.")
        note = placed_note(order)
        if note:  # an error beside the id: shown, but the order exists (api.classify_add)
            text += "\n" + _tr("The panel also said: “%1”").replace("%1", note)
        return text
    if order.submit_state is SubmitState.REJECTED:
        return rejection_message(order.outcome, order.error, service)
    if order.submit_state is SubmitState.UNCERTAIN:
        return uncertain_message()
    return _tr("Sending…")


def error_kind(order: LocalOrder) -> ErrorKind | None:
    """The kind of refusal of a REJECTED order (None for other outcomes or unsent orders)."""
    if order.submit_state is not SubmitState.REJECTED:
        return None
    return refusal_kind(order.outcome)
