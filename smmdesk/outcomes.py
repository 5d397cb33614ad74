"""How a placement's outcome is said: the one English wording of every ``OutcomeKind``.

An order keeps its outcome as a code (``LocalOrder.outcome``, ``not_sent``) and the panel's or
the network's own words verbatim beside it (``LocalOrder.error``, the *detail*). ``describe``
builds the sentence from both: a ``servicetypes.Text`` — English as a string (the CLI, the logs,
the order's event notes) whose ``N_``-marked template the GUI translates in the context
``"outcomes"``. A sentence is never read back into a kind.

The detail of a kind with two facts holds both, space-separated (``ID_TAKEN``: "501 12", the
panel's order id and the local order holding it; ``NOT_SAVED``: "501 OperationalError", or just
the error when the panel gave no id; ``DISPUTED``: "501 1", the id and the order keeping it).
"""

from __future__ import annotations

from smmdesk.errors import ErrorKind
from smmdesk.models import LocalOrder, OutcomeKind, SubmitState
from smmdesk.servicetypes import N_, Text

__all__ = [
    "ALL_TEMPLATES",
    "REFUSALS",
    "TEMPLATES",
    "TRANSLATION_CONTEXT",
    "describe",
    "describe_order",
    "error_kind",
    "of_error",
    "parts",
]

TRANSLATION_CONTEXT = "outcomes"

_OF_ERROR = {
    ErrorKind.FUNDS: OutcomeKind.FUNDS,
    ErrorKind.QUANTITY: OutcomeKind.QUANTITY,
    ErrorKind.SERVICE: OutcomeKind.SERVICE,
    ErrorKind.LINK_BUSY: OutcomeKind.LINK_BUSY,
    ErrorKind.AUTH: OutcomeKind.AUTH,
    ErrorKind.UNSUPPORTED: OutcomeKind.UNSUPPORTED,
    ErrorKind.ORDER_ID: OutcomeKind.ORDER_ID,
    ErrorKind.OTHER: OutcomeKind.REFUSED,
}
_ERROR_OF = {v: k for k, v in _OF_ERROR.items()}

_REFUSED_SILENTLY = N_("The panel refused the order without saying why.")
# A refusal says its kind, then the panel's own words.
REFUSALS: dict[OutcomeKind, str] = {
    OutcomeKind.FUNDS: N_("The panel refused the order: not enough funds. It said: “{said}”"),
    OutcomeKind.QUANTITY: N_("The panel refused the order: the quantity is outside what it "
                             "allows. It said: “{said}”"),
    OutcomeKind.SERVICE: N_("The panel refused the order: it does not offer this service (any "
                            "more). It said: “{said}”"),
    OutcomeKind.LINK_BUSY: N_("The panel refused the order: an order on this link is still "
                              "active there. It said: “{said}”"),
    OutcomeKind.AUTH: N_("The panel refused the order: it rejected the API key. It said: "
                         "“{said}”"),
    OutcomeKind.UNSUPPORTED: N_("The panel refused the order: it takes no orders through its "
                                "API. It said: “{said}”"),
    OutcomeKind.ORDER_ID: N_("The panel refused the order: it does not know the order. It said: "
                             "“{said}”"),
    OutcomeKind.REFUSED: N_("The panel refused the order: “{said}”"),
}
_NOT_SAVED_NO_ID = N_("The panel answered, but saving its answer failed ({error}). The order "
                      "may have been placed. Check the panel's order list before ordering "
                      "again.")

# Every template ``describe`` uses, by kind (the refusals share ``_REFUSED``).
TEMPLATES: dict[OutcomeKind, str] = {
    OutcomeKind.NO_KEY: N_("Not sent: {detail}"),
    OutcomeKind.PANEL_GONE: N_("Not sent: the panel was removed; nothing was placed."),
    OutcomeKind.RATE_LIMITED: N_("Not sent: the panel is limiting requests ({detail}); nothing "
                                 "was placed."),
    OutcomeKind.NO_CONNECTION: N_("Not sent: {detail}"),
    OutcomeKind.NOT_SENT: N_("Not sent: {detail}"),
    OutcomeKind.NO_ANSWER: N_("{detail} The order may have been placed. Check the panel's order "
                              "list before ordering again."),
    OutcomeKind.UNREADABLE: N_("The panel's answer could not be read ({detail}). The order may "
                               "have been placed. Check the panel's order list before ordering "
                               "again."),
    OutcomeKind.NOT_AN_OBJECT: N_("The panel's answer to the order is not an object: {detail}. "
                                  "The order may have been placed. Check the panel's order list "
                                  "before ordering again."),
    OutcomeKind.BAD_ID: N_("The panel answered with an order id that is not a usable number "
                           "({detail}). The order may have been placed. Check the panel's order "
                           "list before ordering again."),
    OutcomeKind.EMPTY_ERROR: N_("The panel answered with an empty error and no order id. The "
                                "order may have been placed. Check the panel's order list before "
                                "ordering again."),
    OutcomeKind.NOT_AN_ID: N_("The panel answered with order {detail}, which is not an order "
                              "id. The order may have been placed. Check the panel's order list "
                              "before ordering again."),
    OutcomeKind.NO_ID: N_("The panel's answer has no order id: {detail}. The order may have "
                          "been placed. Check the panel's order list before ordering again."),
    OutcomeKind.UNEXPECTED: N_("Unexpected error while sending ({detail}). The order may have "
                               "been placed. Check the panel's order list before ordering "
                               "again."),
    OutcomeKind.ID_TAKEN: N_("The panel answered with order #{remote}, which is already "
                             "recorded for order {owner}. The order may have been placed. Check "
                             "the panel's order list before ordering again."),
    OutcomeKind.NOT_SAVED: N_("The panel answered with order #{remote}, but saving that failed "
                              "({error}). The order may have been placed. Check the panel's "
                              "order list before ordering again."),
    OutcomeKind.APP_STOPPED: N_("The app stopped while sending this order: it may have been "
                                "placed."),
    OutcomeKind.APP_CLOSED: N_("SMM Desk was closed while sending this order: it may have been "
                               "placed."),
    OutcomeKind.DISPUTED: N_("Order #{remote} is also recorded for order {keeper} of this "
                             "panel, so it cannot belong to both: this order was set back to "
                             "uncertain. Check on the panel's website which order it is, then "
                             "resolve it again."),
    OutcomeKind.PLACED_NOTE: N_("Placed, and the panel also said: {said}"),
    OutcomeKind.CHECKED_NOT_PLACED: N_("Not placed (checked by you)"),
}
# Every template there is, for the GUI's translation of sentences kept as text (events, the
# runs of a schedule): ``ui.core_text`` matches them generically.
ALL_TEMPLATES: tuple[str, ...] = (*TEMPLATES.values(), *REFUSALS.values(), _REFUSED_SILENTLY,
                                  _NOT_SAVED_NO_ID)


def of_error(kind: ErrorKind) -> OutcomeKind:
    """The outcome of a panel's refusal of this kind."""
    return _OF_ERROR[kind]


def error_kind(kind: OutcomeKind | None) -> ErrorKind | None:
    """The kind of a panel's refusal (None: not a refusal)."""
    return _ERROR_OF.get(kind) if kind is not None else None


def parts(detail: str | None, count: int) -> list[str]:
    """A two-fact detail split into ``count`` pieces (the last takes the rest; missing ones
    are "?"): "501 12" -> ["501", "12"]."""
    pieces = (detail or "").split(" ", count - 1) if count > 1 else [detail or ""]
    return [p or "?" for p in pieces] + ["?"] * (count - len(pieces))


def describe(kind: OutcomeKind, detail: str | None = None) -> Text:
    """The sentence of an outcome: ``kind`` and the words kept beside it."""
    detail = (detail or "").strip()
    if kind.refusal:
        return Text(REFUSALS[kind], said=detail) if detail else Text(_REFUSED_SILENTLY)
    if kind is OutcomeKind.ID_TAKEN:
        remote, owner = parts(detail, 2)
        return Text(TEMPLATES[kind], remote=remote, owner=owner)
    if kind is OutcomeKind.DISPUTED:
        remote, keeper = parts(detail, 2)
        return Text(TEMPLATES[kind], remote=remote, keeper=keeper)
    if kind is OutcomeKind.NOT_SAVED:
        first, rest = parts(detail, 2)
        if first.isdigit():
            return Text(TEMPLATES[kind], remote=first, error=rest)
        return Text(_NOT_SAVED_NO_ID, error=detail or "?")
    if kind is OutcomeKind.PLACED_NOTE:
        return Text(TEMPLATES[kind], said=detail)
    template = TEMPLATES[kind]
    return Text(template, detail=detail) if "{detail}" in template else Text(template)


def describe_order(order: LocalOrder) -> str:
    """An order's outcome in English (``describe``); for an order without a kind, its stored
    text as it is (a row an older version wrote in words not recognised when it was migrated).
    '' when there is nothing to say."""
    if order.outcome is not None:
        return describe(order.outcome, order.error)
    if order.submit_state is SubmitState.PLACED and not order.not_found:
        return ""
    return order.error or ""
