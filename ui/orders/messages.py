"""What to tell the person about an order that did not go through, by ``ErrorKind``.

Shared by the order form, the mass order dialog and the order history: one place decides the
wording, so "not enough funds" reads the same everywhere. Every message says what happened and
what to do next; the panel's own text is always kept next to it (panels word things oddly and
the classification is a substring match, so the person must be able to read the original).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from smmdesk.api import classify_error
from smmdesk.errors import ApiError, ErrorKind, PanelError
from smmdesk.history import NOT_SENT_PREFIX, placed_note
from smmdesk.models import LocalOrder, Service, SubmitState
from ui.format import describe_error, format_decimal

CONTEXT = "order_messages"

# Workspace.place_order prefixes errors of orders it never sent (no key, rate limit, no
# connection) with NOT_SENT_PREFIX: they are not the panel's refusal, and nothing was placed.


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


def rejection_message(text: str | None, service: Service | None = None) -> str:
    """The full message for a refused order whose panel text is ``text``."""
    raw = (text or "").strip()
    if raw.startswith(NOT_SENT_PREFIX):
        detail = raw[len(NOT_SENT_PREFIX):].strip()
        # The network error already says "Nothing was sent.": say it once.
        for said in ("Nothing was sent.", "nothing was placed."):
            if detail.endswith(said):
                detail = detail[: -len(said)].rstrip()
        if detail and detail[-1] not in ".!?":
            detail += "."
        return _tr("Not sent, nothing was placed: %1 You can try again.").replace("%1", detail)
    kind = classify_error(raw)
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
        return rejection_message(exc.message, service)
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
        return rejection_message(order.error, service)
    if order.submit_state is SubmitState.UNCERTAIN:
        return uncertain_message()
    return _tr("Sending…")


def error_kind(order: LocalOrder) -> ErrorKind | None:
    """The kind of refusal of a REJECTED order (None for other outcomes or unsent orders)."""
    if order.submit_state is not SubmitState.REJECTED:
        return None
    raw = (order.error or "").strip()
    if raw.startswith(NOT_SENT_PREFIX):
        return None
    return classify_error(raw)
