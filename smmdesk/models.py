"""Typed values that flow from the panel API through the store to the GUI.

All money is ``Decimal``. All dataclasses are frozen: a changed order is a new value.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from smmdesk import profit
from smmdesk.textnorm import fold


class OrderState(enum.Enum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    PROCESSING = "processing"
    COMPLETED = "completed"
    PARTIAL = "partial"
    CANCELED = "canceled"
    FAILED = "failed"
    UNKNOWN = "unknown"

    @property
    def is_final(self) -> bool:
        """A final state can no longer change, so sync stops polling it."""
        return self in FINAL_STATES


FINAL_STATES = frozenset(
    {OrderState.COMPLETED, OrderState.PARTIAL, OrderState.CANCELED, OrderState.FAILED}
)
# The final states a person is told about when an order reaches one (a sync's ``finished``).
NOTIFY_STATES = frozenset({OrderState.COMPLETED, OrderState.PARTIAL, OrderState.CANCELED})


class SubmitState(enum.Enum):
    """Where an order placement stands, from the app's point of view."""

    SUBMITTING = "submitting"  # committed locally, request about to go / in flight
    PLACED = "placed"  # the panel answered with an order id
    REJECTED = "rejected"  # the panel said no (ApiError); nothing was placed
    UNCERTAIN = "uncertain"  # may or may not have been placed: the person must check


class OutcomeKind(enum.Enum):
    """Why a placement ended as it did, as a code kept in the order's row
    (``LocalOrder.outcome``); the panel's or the network's own words stay beside it, verbatim,
    in ``LocalOrder.error``. The UI words the kind in the person's language
    (``smmdesk.outcomes.describe`` gives the English the CLI and the logs use)."""

    # The panel refused (REJECTED): the kinds of ``errors.ErrorKind``; REFUSED for any other.
    FUNDS = "funds"
    QUANTITY = "quantity"
    SERVICE = "service"
    LINK_BUSY = "link_busy"
    AUTH = "auth"
    UNSUPPORTED = "unsupported"
    ORDER_ID = "order_id"
    REFUSED = "refused"
    # Never sent (REJECTED, ``LocalOrder.not_sent``): nothing left the app, nothing was placed.
    NO_KEY = "no_key"  # the panel's API key is not at hand (keyring locked, not stored)
    PANEL_GONE = "panel_gone"  # the panel was removed before the order went out
    RATE_LIMITED = "rate_limited"  # the panel answered 429: it did not take the request
    NO_CONNECTION = "no_connection"  # the request never reached the panel
    NOT_SENT = "not_sent"  # an error in the app before sending
    # May have been placed (UNCERTAIN): the person checks on the panel's site.
    NO_ANSWER = "no_answer"  # sent, and no answer came (timeout, connection lost)
    UNREADABLE = "unreadable"  # the panel answered something that is not an API answer
    # … an API answer that says neither an order id nor a refusal (``api.AddAnswer.why``):
    NOT_AN_OBJECT = "not_an_object"  # not a JSON object at all
    BAD_ID = "bad_id"  # an order id that is not a usable number
    EMPTY_ERROR = "empty_error"  # an empty error and no order id
    NOT_AN_ID = "not_an_id"  # an "order" of 0, false or ""
    NO_ID = "no_id"  # no order id, no error
    UNEXPECTED = "unexpected"  # an error in the app while sending
    ID_TAKEN = "id_taken"  # answered with an id another local order holds
    NOT_SAVED = "not_saved"  # answered, but the answer could not be saved
    APP_STOPPED = "app_stopped"  # the app stopped (crash, kill) while sending
    APP_CLOSED = "app_closed"  # the person quit while it was being sent
    DISPUTED = "disputed"  # its id was also recorded for another order (schema v4)
    # Placed, and the panel said something beside the id (kept in ``error``).
    PLACED_NOTE = "placed_note"
    # The person checked an uncertain order on the panel's site: it was not placed.
    CHECKED_NOT_PLACED = "checked_not_placed"

    @property
    def not_sent(self) -> bool:
        return self in _NOT_SENT

    @property
    def uncertain(self) -> bool:
        return self in _UNCERTAIN

    @property
    def refusal(self) -> bool:
        """The panel itself said no (its words are the order's ``error``)."""
        return self in _REFUSALS

    @classmethod
    def code(cls, value: str | None) -> OutcomeKind | None:
        """The kind stored as ``value``; None for none, or a code this version does not know
        (a newer version wrote it): the order's ``error`` is then shown as it is."""
        try:
            return cls(value) if value else None
        except ValueError:
            return None


_REFUSALS = frozenset({OutcomeKind.FUNDS, OutcomeKind.QUANTITY, OutcomeKind.SERVICE,
                       OutcomeKind.LINK_BUSY, OutcomeKind.AUTH, OutcomeKind.UNSUPPORTED,
                       OutcomeKind.ORDER_ID, OutcomeKind.REFUSED})
_NOT_SENT = frozenset({OutcomeKind.NO_KEY, OutcomeKind.PANEL_GONE, OutcomeKind.RATE_LIMITED,
                       OutcomeKind.NO_CONNECTION, OutcomeKind.NOT_SENT})
_UNCERTAIN = frozenset({OutcomeKind.NO_ANSWER, OutcomeKind.UNREADABLE,
                        OutcomeKind.NOT_AN_OBJECT, OutcomeKind.BAD_ID, OutcomeKind.EMPTY_ERROR,
                        OutcomeKind.NOT_AN_ID, OutcomeKind.NO_ID, OutcomeKind.UNEXPECTED,
                        OutcomeKind.ID_TAKEN, OutcomeKind.NOT_SAVED, OutcomeKind.APP_STOPPED,
                        OutcomeKind.APP_CLOSED, OutcomeKind.DISPUTED})


@dataclass(frozen=True, slots=True)
class Service:
    id: int
    name: str
    type: str  # as the panel sent it
    category: str
    rate: Decimal  # price per 1000 (per package for package types), panel currency
    min: int
    max: int
    refill: bool = False
    cancel: bool = False
    dripfeed: bool = False
    description: str = ""
    average_time: str | None = None  # some panels send it, free text or minutes


@dataclass(frozen=True, slots=True)
class Balance:
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class OrderStatus:
    order: int
    state: OrderState
    raw_status: str
    charge: Decimal | None = None
    start_count: int | None = None
    remains: int | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class Panel:
    id: str
    name: str
    url: str
    currency: str | None = None
    is_demo: bool = False
    created_at: datetime | None = None
    # Features the panel answered "Incorrect request" to (e.g. {"refill", "cancel"}).
    unsupported: frozenset[str] = frozenset()

    def __repr__(self) -> str:  # never any key here, but keep reprs short and predictable
        return f"Panel(id={self.id!r}, name={self.name!r}, url={self.url!r})"


@dataclass(frozen=True, slots=True)
class ServicesDiff:
    added: list[Service] = field(default_factory=list)
    removed: list[Service] = field(default_factory=list)
    # (old, new) pairs whose rate changed
    repriced: list[tuple[Service, Service]] = field(default_factory=list)
    total: int = 0
    # rows of the panel's list that could not be read, by reason (``api.read_services``)
    unreadable: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SyncReport:
    requests: int = 0
    updated: int = 0  # orders whose state/remains/charge changed
    checked: int = 0  # orders asked about
    not_found: int = 0
    errors: list[str] = field(default_factory=list)  # human-readable, key-free
    # The local ids of the orders whose row this sync changed (``Store.apply_statuses``), and
    # of those among them that reached Completed, Partial or Canceled.
    changed_ids: tuple[int, ...] = ()
    finished_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class LocalOrder:
    id: int  # local row id
    panel_id: str
    service_id: int
    service_name: str
    service_type: str
    remote_id: int | None
    submit_state: SubmitState
    state: OrderState
    raw_status: str | None
    error: str | None
    link: str | None
    quantity: int | None
    fields: dict[str, Any]  # exactly what was sent to `add` (never the key)
    charge_estimate: Decimal | None
    charge: Decimal | None
    currency: str | None
    start_count: int | None
    remains: int | None
    created_at: datetime
    updated_at: datetime
    not_found: bool = False
    likely_duplicate: bool = False
    runs: int | None = None
    interval: int | None = None
    # Why the placement ended as it did (None: placed, or still sending); ``error`` holds the
    # panel's or the network's words beside it. ``not_sent``: nothing reached the panel.
    outcome: OutcomeKind | None = None
    not_sent: bool = False
    # The reseller's books (schema v17): the customer it was sold to, the sell price (home
    # currency) and the rate of ``currency`` to the home currency in force when it was placed
    # (None: not known; its cost is then counted apart, in its own currency).
    customer_id: int | None = None
    sell_price: Decimal | None = None
    home_rate: Decimal | None = None

    @property
    def revenue_home(self) -> Decimal | None:
        """The sell price as this order's fate makes it (``profit.revenue_line``)."""
        if self.submit_state is not SubmitState.PLACED:
            return None
        return profit.revenue_line(self.state.value, self.quantity, self.remains, self.runs,
                                   self.sell_price)

    @property
    def cost_home(self) -> Decimal | None:
        """What the panel takes, in the home currency at the rate kept with the order; None
        without that rate (``cost_own`` is then the cost in ``currency``)."""
        if self.home_rate is None or self.submit_state is not SubmitState.PLACED:
            return None
        return profit.cost_line(self.state.value, self.quantity, self.remains, self.runs,
                                self.charge, self.charge_estimate, self.home_rate)

    @property
    def cost_own(self) -> Decimal | None:
        """The cost in the order's own currency (``currency``)."""
        if self.submit_state is not SubmitState.PLACED:
            return None
        return profit.cost_line(self.state.value, self.quantity, self.remains, self.runs,
                                self.charge, self.charge_estimate)

    @property
    def profit_home(self) -> Decimal | None:
        """Revenue − cost in the home currency; None without a sell price or a rate."""
        revenue, cost = self.revenue_home, self.cost_home
        return None if revenue is None or cost is None else revenue - cost


@dataclass(frozen=True, slots=True)
class ServiceRow:
    """A cached service as the GUI lists it: the service plus what the store knows about it."""

    panel_id: str
    panel_name: str
    currency: str | None
    service: Service
    previous_rate: Decimal | None = None  # rate before the last refresh, when it changed
    favourite: bool = False
    first_seen: datetime | None = None
    removed: bool = False  # gone from the panel's last list (kept for history)


class UnresolvedOnLink(ValueError):
    """Not placed: an order on the same link (any panel, any service) may have been placed and
    is not resolved yet (UNCERTAIN, or still being sent). ``Workspace.place_order`` raises it
    before anything is stored or sent, unless the person said to order anyway; every path that
    places (the order form, the CLI, mass orders, schedules) says it in its own way.
    ``reason`` is the core's one sentence naming the order (stored as a schedule's pause
    reason, so its wording is matched by ``ui.core_text``)."""

    def __init__(self, order: LocalOrder, panel_name: str) -> None:
        self.order = order
        self.panel_name = panel_name
        self.reason = (f"Order {order.id} on {panel_name}, on the same link, may have been "
                       "placed and is not resolved: check that panel's order list and resolve "
                       "the order in Orders first.")
        super().__init__(self.reason)


# Fewer orders than this say nothing: rates and times are None, and Compare reads the name.
MIN_ORDERS = 5


@dataclass(frozen=True, slots=True)
class ServiceStats:
    """A service's delivery over a window, from the person's own orders (``smmdesk.watch``):
    times in seconds, rates 0..1; None where fewer than ``MIN_ORDERS`` orders say it."""

    orders: int
    start_p50_s: float | None = None
    start_p90_s: float | None = None
    complete_p50_s: float | None = None
    complete_p90_s: float | None = None
    partial_rate: float | None = None
    canceled_rate: float | None = None
    refill_rate: float | None = None
    not_found_rate: float | None = None

    @property
    def enough(self) -> bool:
        return self.orders >= MIN_ORDERS

    @property
    def bad_rate(self) -> float | None:
        """Canceled + Partial, the share of orders that did not deliver in full."""
        if self.partial_rate is None or self.canceled_rate is None:
            return None
        return self.partial_rate + self.canceled_rate


# ------------------------------------------------------------ the reseller's books (v17)
# (the rules over them: smmdesk.ledger; their SQL: smmdesk.store.ledger)


@dataclass(frozen=True, slots=True)
class Customer:
    id: int
    name: str
    contact: str | None = None
    notes: str | None = None
    archived: bool = False
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Payment:
    id: int
    customer_id: int
    amount: Decimal  # home currency
    at: datetime
    note: str | None = None


@dataclass(frozen=True, slots=True)
class PriceRule:
    id: int
    markup_percent: Decimal
    panel_id: str | None = None
    category: str | None = None
    service_id: int | None = None
    customer_id: int | None = None
    minimum: Decimal | None = None
    round_to: Decimal | None = None

    @property
    def scope(self) -> str:
        """customer_service, customer, service, category, panel or everything."""
        if self.customer_id is not None:
            return "customer_service" if self.service_id is not None else "customer"
        if self.service_id is not None:
            return "service"
        if self.category is not None:
            return "category"
        return "panel" if self.panel_id is not None else "everything"

    @property
    def rank(self) -> int:
        """Higher wins (the module doc's order)."""
        return {"customer_service": 60, "customer": 50, "service": 40,
                "category": 30 + (self.panel_id is not None), "panel": 20,
                "everything": 10}[self.scope]

    def applies(self, panel_id: str, category: str | None, service_id: int,
                customer_id: int | None) -> bool:
        if self.customer_id is not None and self.customer_id != customer_id:
            return False
        if self.panel_id is not None and self.panel_id != panel_id:
            return False
        if self.service_id is not None and self.service_id != service_id:
            return False
        return self.category is None or fold(self.category) == fold(category or "")
