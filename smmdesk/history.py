"""Qt-free helpers of the order history: the history's filter, statuses, progress and what
each action can do for an order.

Everything here works on plain values, so the GUI, scripts and benches share it and tests need
no Qt. Syncing a panel is ``Workspace.sync_panel`` (its answer, ``PanelSync``, is re-exported).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from smmdesk.models import (
    FINAL_STATES,
    NOTIFY_STATES,
    LocalOrder,
    OrderState,
    OutcomeKind,
    Panel,
    Service,
    SubmitState,
)
from smmdesk.store import BUCKETS, KIND_DRIPFEED, KIND_SUBSCRIPTION, KINDS, OrderFilter, from_ms
from smmdesk.sync import PanelSync

__all__ = [
    "BUCKETS",
    "KINDS",
    "KIND_DRIPFEED",
    "KIND_SUBSCRIPTION",
    "NOTIFY_STATES",
    "Action",
    "Availability",
    "HistoryFilter",
    "PanelSync",
    "action_availability",
    "is_subscription",
    "placed_note",
    "progress_of",
    "status_key",
]

# The history's filter is the store's: the drip-feed and subscription quick filters
# (``kind``: KIND_DRIPFEED, KIND_SUBSCRIPTION) and "changed since" (``updated_since``, for
# picking up a sync's changes) are fields of it, so the store builds every condition itself.
HistoryFilter = OrderFilter


# --------------------------------------------------------------------------------- one order


def is_subscription(order: LocalOrder) -> bool:
    t = (order.service_type or "").strip().lower().replace("_", " ").replace("-", " ")
    return t in ("subscriptions", "subscription")


def placed_note(order: LocalOrder) -> str | None:
    """What the panel said beside the id of a PLACED order (``OutcomeKind.PLACED_NOTE``: the
    order exists, the panel's words are kept for the person to read), or None."""
    if order.submit_state is SubmitState.PLACED and order.outcome is OutcomeKind.PLACED_NOTE:
        return order.error or ""
    return None


def is_not_sent(order: LocalOrder) -> bool:
    """A REJECTED order that never reached the panel (not the panel's refusal)."""
    return order.submit_state is SubmitState.REJECTED and order.not_sent


def status_key(order: LocalOrder) -> str:
    """One word for what the history shows as the order's status (and colours by):
    "not_sent" (never reached the panel) is apart from "rejected" (the panel said no)."""
    if order.submit_state is SubmitState.UNCERTAIN:
        return "uncertain"
    if order.submit_state is SubmitState.REJECTED:
        return "not_sent" if is_not_sent(order) else "rejected"
    if order.submit_state is SubmitState.SUBMITTING:
        return "submitting"
    if order.not_found:
        return "not_found"
    return order.state.value


def bucket_of(order: LocalOrder) -> str:
    """The status tab an order belongs to (besides "all"); mirrors the store's bucket SQL."""
    key = status_key(order)
    if key in ("uncertain", "rejected", "not_sent", "not_found", "failed"):
        return "attention"
    if key in ("completed", "partial", "canceled"):
        return key
    return "active"


def progress_of(order: LocalOrder) -> float | None:
    """Delivered share, 0..1: (quantity − remains) / quantity; None when it cannot be known."""
    q = order.quantity
    if order.submit_state is not SubmitState.PLACED:
        return None
    if order.state is OrderState.COMPLETED and (order.remains is None or order.remains <= 0):
        return 1.0
    if not q or q <= 0 or order.remains is None:
        return 0.0 if order.state in (OrderState.PENDING, OrderState.CANCELED) else None
    return max(0.0, min(1.0, (q - order.remains) / q))


def charge_of(order: LocalOrder) -> tuple[Decimal | None, bool]:
    """(amount, is_estimate): the panel's charge when known, else the estimate."""
    if order.charge is not None:
        return order.charge, False
    return order.charge_estimate, order.charge_estimate is not None


# --------------------------------------------------------------------------------- actions


class Action(enum.Enum):
    REFILL = "refill"
    CANCEL = "cancel"
    OPEN_LINK = "open_link"
    COPY_LINK = "copy_link"
    COPY_ID = "copy_id"
    REORDER = "reorder"
    RESOLVE = "resolve"


# Reason codes (the GUI turns them into translated sentences).
R_NOT_PLACED = "not_placed"
R_NOT_COMPLETED = "not_completed"
R_FINAL = "final"
R_SERVICE_NO_REFILL = "service_no_refill"
R_SERVICE_NO_CANCEL = "service_no_cancel"
R_PANEL_NO_REFILL = "panel_no_refill"
R_PANEL_NO_CANCEL = "panel_no_cancel"
R_OFFLINE = "offline"
R_PANEL_REMOVED = "panel_removed"
R_NO_LINK = "no_link"
R_NOT_URL = "not_url"
R_NO_ID = "no_id"
R_UNKNOWN_SERVICE = "unknown_service"
R_SERVICE_GONE = "service_gone"
R_NOT_UNCERTAIN = "not_uncertain"


@dataclass(frozen=True, slots=True)
class Availability:
    enabled: bool
    reason: str | None = None  # a reason code when disabled


_OK = Availability(True)


def _no(reason: str) -> Availability:
    return Availability(False, reason)


def action_availability(
    order: LocalOrder,
    *,
    service: Service | None,
    panel: Panel | None,
    offline: bool,
    service_known: bool = True,
) -> dict[Action, Availability]:
    """Which actions the order allows and, when not, why. ``service`` is the cached service
    (None: the panel no longer lists it, or the order was tracked by id and never said which);
    ``panel`` None means the panel was removed; ``offline``: the last request to it failed."""
    out: dict[Action, Availability] = {}
    placed = order.submit_state is SubmitState.PLACED and order.remote_id is not None

    def network(feature: str, service_flag: bool | None, service_reason: str,
                panel_reason: str) -> Availability:
        if not placed:
            return _no(R_NOT_PLACED)
        if panel is None:
            return _no(R_PANEL_REMOVED)
        if feature in panel.unsupported:
            return _no(panel_reason)
        if service_flag is False:
            return _no(service_reason)
        if offline:
            return _no(R_OFFLINE)
        return _OK

    refill = network("refill", service.refill if service is not None else None,
                     R_SERVICE_NO_REFILL, R_PANEL_NO_REFILL)
    if refill.enabled and order.state is not OrderState.COMPLETED:
        refill = _no(R_NOT_COMPLETED)
    out[Action.REFILL] = refill

    cancel = network("cancel", service.cancel if service is not None else None,
                     R_SERVICE_NO_CANCEL, R_PANEL_NO_CANCEL)
    if cancel.enabled and (order.state in FINAL_STATES or order.not_found):
        cancel = _no(R_FINAL)
    out[Action.CANCEL] = cancel

    link = (order.link or "").strip()
    if not link:
        out[Action.OPEN_LINK] = _no(R_NO_LINK)
    elif not link.lower().startswith(("http://", "https://")):
        out[Action.OPEN_LINK] = _no(R_NOT_URL)
    else:
        out[Action.OPEN_LINK] = _OK
    out[Action.COPY_LINK] = _OK if link else _no(R_NO_LINK)
    out[Action.COPY_ID] = _OK if order.remote_id is not None else _no(R_NO_ID)

    if order.service_id == 0 or not order.service_name:
        out[Action.REORDER] = _no(R_UNKNOWN_SERVICE)
    elif panel is None:
        out[Action.REORDER] = _no(R_PANEL_REMOVED)
    elif service is None and service_known:
        out[Action.REORDER] = _no(R_SERVICE_GONE)
    else:
        out[Action.REORDER] = _OK

    out[Action.RESOLVE] = (
        _OK if order.submit_state is SubmitState.UNCERTAIN else _no(R_NOT_UNCERTAIN)
    )
    return out


# --------------------------------------------------------------------------------- spending


SpendingRow = tuple[int, str, str | None, str | None, str | None, str]


def spending(rows: Iterable[SpendingRow], bucket: str = "day"
             ) -> list[tuple[date, str, str | None, Decimal]]:
    """``Store.spending_rows`` summed per period (UTC days, or weeks starting Monday), panel
    and currency: the panel's charge when known, else the estimate; a canceled or failed order
    with no charge counts 0."""
    if bucket not in ("day", "week"):
        raise ValueError("bucket is 'day' or 'week'")
    sums: dict[tuple[date, str, str | None], Decimal] = {}
    for created, pid, currency, charge, estimate, state in rows:
        amount = _amount(charge, estimate, state)
        if amount is None:
            continue
        day = from_ms(created).date()  # type: ignore[union-attr]
        if bucket == "week":
            day = day - timedelta(days=day.weekday())
        k = (day, pid, currency)
        sums[k] = sums.get(k, Decimal(0)) + amount
    return [(d, p, c, v) for (d, p, c), v in sorted(sums.items(), key=lambda kv: (
        kv[0][0], kv[0][1], kv[0][2] or ""))]


def spending_totals(periods: Iterable[tuple[date, str, str | None, Decimal]]
                    ) -> list[tuple[str, str | None, Decimal]]:
    """``spending`` summed per (panel, currency) over all its periods."""
    totals: dict[tuple[str, str | None], Decimal] = {}
    for _, pid, currency, amount in periods:
        totals[(pid, currency)] = totals.get((pid, currency), Decimal(0)) + amount
    return [(p, c, v) for (p, c), v in sorted(totals.items(), key=lambda kv: (
        kv[0][0], kv[0][1] or ""))]


def _amount(charge: str | None, estimate: str | None, state: str) -> Decimal | None:
    try:
        if charge is not None:
            return Decimal(charge)
        if state in (OrderState.CANCELED.value, OrderState.FAILED.value):
            return Decimal(0)
        return Decimal(estimate) if estimate is not None else None
    except ArithmeticError:
        return None


def month_start(now: datetime | None = None) -> datetime:
    now = now or datetime.now(UTC)
    return now.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def chart_series(
    rows: Iterable[tuple[date, str, str | None, Decimal]],
    currency: str | None,
    *,
    since: date,
    until: date,
    bucket: str = "day",
) -> tuple[list[date], dict[str, list[Decimal]]]:
    """Spending rows → (every period from ``since`` to ``until``, panel id → Decimal per period)
    for one currency. Empty periods are zeros so the bars line up with the axis."""
    step = timedelta(days=7 if bucket == "week" else 1)
    start = since - timedelta(days=since.weekday()) if bucket == "week" else since
    periods: list[date] = []
    d = start
    while d <= until:
        periods.append(d)
        d += step
    index = {p: i for i, p in enumerate(periods)}
    series: dict[str, list[Decimal]] = {}
    for day, pid, cur, amount in rows:
        if (cur or None) != (currency or None) or day not in index:
            continue
        values = series.setdefault(pid, [Decimal(0)] * len(periods))
        values[index[day]] += amount
    return periods, series
