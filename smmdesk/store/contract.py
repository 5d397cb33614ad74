"""The values the store's repositories take and give, the same for every engine: a filter of
the orders list (``OrderFilter``), its sort (``Sort``) and tabs (``BUCKETS``), and the rows
that are not models (``OrderEvent``, ``Refill``). No SQL here: each engine turns a filter into
its own query behind ``OrderQueries`` (the SQLite one in ``queries.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from smmdesk.models import OrderState, SubmitState

__all__ = [
    "BUCKETS",
    "KINDS",
    "KIND_DRIPFEED",
    "KIND_SUBSCRIPTION",
    "SORT_KEYS",
    "OrderEvent",
    "OrderFilter",
    "Refill",
    "Sort",
    "StatusChanges",
    "as_filter",
]


@dataclass(frozen=True, slots=True)
class OrderEvent:
    id: int
    order_id: int
    at: datetime
    kind: str  # "submit", "state", "resolve", "refill", "cancel", "track"
    submit_state: SubmitState | None
    state: OrderState | None
    raw_status: str | None
    remains: int | None
    charge: Decimal | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Refill:
    id: int
    order_id: int
    remote_id: str | None  # panels' refill ids are tokens, kept as text
    state: str | None  # the normalised refill status text ("pending", "completed", …)
    raw_status: str | None
    error: str | None
    requested_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class StatusChanges:
    """What one ``apply_statuses`` changed, by local order id: ``updated`` (the panel's status,
    remains, charge … differ from the row's), ``not_found`` (marked "not found"), ``finished``
    (among ``updated``: reached Completed, Partial or Canceled from a state that was not one
    of those, ``models.NOTIFY_STATES``)."""

    updated: tuple[int, ...] = ()
    not_found: tuple[int, ...] = ()
    finished: tuple[int, ...] = ()

    @property
    def changed(self) -> tuple[int, ...]:
        """Every order whose row changed, updated or marked not found."""
        return self.updated + self.not_found


# The orders list's tabs. "active": placed or being sent, not final, not lost; "attention":
# uncertain, refused, not found or failed (``history.bucket_of`` says the same of one order).
BUCKETS = ("all", "active", "completed", "partial", "canceled", "attention")

# The orders list's quick filters by kind of service: drip-feed orders (runs > 0) and
# subscriptions (the type as panels spell it: "Subscriptions", "subscription", …).
KIND_DRIPFEED = "dripfeed"
KIND_SUBSCRIPTION = "subscription"
KINDS = (KIND_DRIPFEED, KIND_SUBSCRIPTION)

# What the orders list sorts by (a key, "-key" for descending, or (key, descending)).
SORT_KEYS = ("id", "created_at", "updated_at", "panel_id", "service_name", "service_id",
             "state", "submit_state", "remote_id", "link", "quantity", "charge",
             "charge_estimate", "remains", "start_count", "customer", "sell_price",
             "refill_until")
Sort = str | tuple[str, bool]


@dataclass(frozen=True, slots=True)
class OrderFilter:
    """Which orders a page, a count or the tab counts are over. Every field narrows; None
    means "any"."""

    panel_ids: tuple[str, ...] | None = None
    states: tuple[OrderState, ...] | None = None
    submit_states: tuple[SubmitState, ...] | None = None
    bucket: str = "all"  # one of BUCKETS
    search: str | None = None  # remote id, link or service name, substring, as people type
    service_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    kind: str | None = None  # KIND_DRIPFEED, KIND_SUBSCRIPTION or None
    updated_since: datetime | None = None  # changed since (a sync's changes)
    # Only these orders (the stuck or the slow ones, ``Workspace.attention``); None: any.
    order_ids: tuple[int, ...] | None = None
    customer_id: int | None = None  # the orders sold to this customer (schema v17)

    def __post_init__(self) -> None:
        if self.bucket not in BUCKETS:
            raise ValueError(f"unknown bucket {self.bucket!r}; use one of {BUCKETS}")
        if self.kind is not None and self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}; use one of {KINDS}")

    @property
    def searching(self) -> bool:
        return bool(self.search and self.search.strip())


def as_filter(filters: OrderFilter | dict[str, Any] | None) -> OrderFilter:
    """A filter from what callers pass: an ``OrderFilter``, a dict of its fields (``panel_id``
    for one panel), or None for every order."""
    if filters is None:
        return OrderFilter()
    if isinstance(filters, OrderFilter):
        return filters
    data = dict(filters)
    for key in ("panel_ids", "states", "submit_states", "order_ids"):
        if data.get(key) is not None:
            data[key] = tuple(data[key])
    if "panel_id" in data:
        pid = data.pop("panel_id")
        if pid is not None:
            data["panel_ids"] = (pid,)
    return OrderFilter(**data)
