"""Placing orders: a quote first, then exactly one ``add``, its outcome recorded as a kind.

``Placing.quote`` checks what was typed and works out, once, everything a placement needs and
everything the person should see first: the payload ``add`` gets, the link, the quantity as
recorded, the estimate, an active order of the service on the link (a likely duplicate), an
order on the link anywhere that may have been placed (unresolved) and a link that does not look
like the service's platform. ``Placing.place`` takes a quote and sends it once: the order is
recorded before the request goes out (committed, with the caller's own record in the same
transaction), never resent, and its outcome is written as an ``OutcomeKind`` with the panel's
own words beside it (``smmdesk.outcomes`` words it). The order form, the CLI, mass orders and
schedules all place through here (docs/reliability.md, "Rules for unattended work").
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from smmdesk import compare, servicetypes
from smmdesk.api import MAYBE_SENT, PanelClient
from smmdesk.errors import (
    ApiError,
    BadResponseError,
    ErrorKind,
    NetworkError,
    PanelError,
    RateLimitedError,
)
from smmdesk.models import (
    LocalOrder,
    OrderState,
    OrderStatus,
    OutcomeKind,
    Panel,
    Service,
    SubmitState,
    UnresolvedOnLink,
)
from smmdesk.outcomes import describe, of_error
from smmdesk.panels import Panels
from smmdesk.secrets import SecretsError
from smmdesk.servicetypes import Text, ValidationError
from smmdesk.store import RemoteIdTaken, Store
from smmdesk.watch import overlapping

log = logging.getLogger(__name__)

__all__ = [
    "CHARGE_TOLERANCE",
    "STALE_SUBMITTING",
    "UNCERTAIN_ADVICE",
    "Mismatch",
    "OrderQuote",
    "OutcomeNotRecorded",
    "Placing",
    "ResolveCheck",
    "ResolveRefused",
    "uncertain_text",
]

# A SUBMITTING row this old is not in flight in any live process (a send times out far sooner).
STALE_SUBMITTING = timedelta(minutes=10)

# The advice of every UNCERTAIN placement, said once (``uncertain_text``).
UNCERTAIN_ADVICE = "Check the panel's order list before ordering again."


def uncertain_text(reason: str) -> str:
    """An uncertain outcome in words: why, that the order may have been placed, and what to do
    — each said once. The CLI shows it as it is, adding only how to record the answer."""
    reason = reason.strip()
    if reason and reason[-1] not in ".!?":
        reason += "."
    if "may have been placed" not in reason:
        reason += " The order may have been placed."
    if UNCERTAIN_ADVICE not in reason:
        reason += " " + UNCERTAIN_ADVICE
    return reason.strip()


@dataclass(frozen=True, slots=True)
class OrderQuote:
    """An order as it would be placed (``Placing.quote``): checked, priced and looked up in
    the history once. ``place`` sends exactly this.

    ``payload``: the form ``add`` gets (``service`` included); ``link``: its target (the link,
    else the username); ``quantity``: as recorded (a subscription's: max × posts);
    ``estimate`` in ``currency``, the panel's; ``duplicate``: an active (or uncertain) order of
    this service on this link; ``unresolved``: the newest order on this link, on any panel and
    service, that may have been placed and is not resolved (placing the link asks first);
    ``link_warning``: the link does not look like the service's platform or product
    (``compare.check_link``, a translatable ``Text``); ``overlapping``: active orders on this
    link for the same platform and product on any panel, besides the duplicate (overlapping
    orders under-deliver: ``smmdesk.watch.overlapping``), newest first."""

    panel: Panel
    service: Service
    values: Mapping[str, Any]
    payload: dict[str, str]
    link: str | None
    quantity: int | None
    estimate: Decimal
    currency: str | None
    duplicate: LocalOrder | None = None
    unresolved: LocalOrder | None = None
    link_warning: Text | None = None
    # The sale (the reseller's books): the customer it is for and its sell price, home
    # currency (``Books.sold``); recorded with the order and the rate in force.
    customer_id: int | None = None
    sell_price: Decimal | None = None
    overlapping: tuple[LocalOrder, ...] = ()

    @property
    def panel_id(self) -> str:
        return self.panel.id

    @property
    def service_id(self) -> int:
        return self.service.id

    @property
    def sent(self) -> dict[str, str]:
        """The fields the panel gets besides ``service`` (what a summary shows)."""
        return {k: v for k, v in self.payload.items() if k != "service"}

    @property
    def asks_first(self) -> LocalOrder | None:
        """The order placing this should ask about first: the likely duplicate, else the
        unresolved order on the link, else the newest overlapping order."""
        if self.duplicate is not None:
            return self.duplicate
        if self.unresolved is not None:
            return self.unresolved
        return self.overlapping[0] if self.overlapping else None


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What one ``add`` came to, before it is written (``Placing._record``)."""

    state: SubmitState
    remote_id: int | None = None
    kind: OutcomeKind | None = None
    detail: str | None = None  # the panel's or the network's words, kept verbatim
    note: str | None = None  # the event's note; None: the outcome in words

    def event_note(self) -> str | None:
        if self.note is not None or self.kind is None:
            return self.note
        return self.detail if self.kind.refusal else str(describe(self.kind, self.detail))


class OutcomeNotRecorded(Exception):
    """``place`` sent the order, but could write neither its outcome nor UNCERTAIN (the
    database was locked or failing). The order's row stays "sending": the next opening of the
    data turns it UNCERTAIN (``recover_interrupted``). ``outcome``/``remote_id``: what the panel
    answered (``remote_id`` when it gave one). Every caller treats it as an uncertain outcome —
    the CLI exits 4 — never as "nothing was placed"."""

    def __init__(self, order_id: int, outcome: SubmitState, remote_id: int | None,
                 cause: BaseException) -> None:
        self.order_id = order_id
        self.outcome = outcome
        self.remote_id = remote_id
        self.cause = cause
        answered = (f"the panel answered order #{remote_id}" if remote_id is not None
                    else f"the panel's answer: {outcome.value}")
        super().__init__(f"order {order_id} was sent ({answered}) but its outcome could not be "
                         f"saved: {type(cause).__name__}: {cause}")


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One way the panel's answer about an order id disagrees with the local order.
    ``what``: "charge" (the panel's charge against the estimate) or "quantity" (the panel says
    more remain than the order asked for)."""

    what: str
    ours: Decimal
    theirs: Decimal


@dataclass(frozen=True, slots=True)
class ResolveCheck:
    """What the panel and the history say about "this uncertain order is #remote_id", asked
    before anything changes (``Placing.check_resolution``).

    ``taken_by``: another local order of the panel already holds the id (refused).
    ``absorbs``: the id is held by an order ``track`` imported (the same order, found on the
    panel's site and tracked before this one was resolved): not a refusal — resolving folds
    that copy into this order. ``unknown``: the panel does not know the id (refused).
    ``status``: the panel's answer, None when it could not be asked (``error`` says why).
    ``mismatches``: the answer contradicts the order. The status API does not say which
    service or link an order has, so those cannot be compared; the charge and the quantity
    can."""

    order: LocalOrder
    remote_id: int
    taken_by: LocalOrder | None = None
    absorbs: LocalOrder | None = None
    unknown: bool = False
    status: OrderStatus | None = None
    error: str | None = None
    mismatches: tuple[Mismatch, ...] = ()

    @property
    def refused(self) -> bool:
        return self.taken_by is not None or self.unknown

    @property
    def clean(self) -> bool:
        """Nothing against using the id: known to the panel, not taken, no mismatch."""
        return not self.refused and self.status is not None and not self.mismatches


class ResolveRefused(ValueError):
    """``resolve_uncertain`` would not use the id; ``check`` says why (nothing was changed)."""

    def __init__(self, check: ResolveCheck) -> None:
        self.check = check
        if check.taken_by is not None:
            why = f"order #{check.remote_id} is already recorded for order {check.taken_by.id}"
        elif check.unknown:
            why = f"the panel does not know order #{check.remote_id}"
        else:
            why = "the panel's answer does not match this order: " + ", ".join(
                f"{m.what} {m.theirs} instead of {m.ours}" for m in check.mismatches)
        super().__init__(why)


# A charge this far from the estimate (relative) says the id belongs to another order; panels
# round charges and rates change between the catalogue download and the order.
CHARGE_TOLERANCE = Decimal("0.25")


def _mismatches(order: LocalOrder, status: OrderStatus) -> tuple[Mismatch, ...]:
    found: list[Mismatch] = []
    refunded = status.state in (OrderState.PARTIAL, OrderState.CANCELED, OrderState.FAILED)
    estimate = order.charge_estimate
    if status.charge is not None and estimate is not None and not refunded:
        gap = abs(status.charge - estimate)
        if gap > CHARGE_TOLERANCE * max(estimate, status.charge) and gap >= Decimal("0.01"):
            found.append(Mismatch("charge", estimate, status.charge))
    quantity = order.quantity
    if quantity is None and servicetypes.lookup(order.service_type)[0].package:
        quantity = 1  # one package
    if quantity is not None and status.remains is not None:
        ordered = quantity * (order.runs or 1)
        if status.remains > ordered:
            found.append(Mismatch("quantity", Decimal(ordered), Decimal(status.remains)))
    return tuple(found)


# What was wrong with an answer that says neither an id nor a refusal (``AddAnswer.why``).
_UNCLEAR = {
    "not_an_object": OutcomeKind.NOT_AN_OBJECT,
    "bad_id": OutcomeKind.BAD_ID,
    "empty_error": OutcomeKind.EMPTY_ERROR,
    "not_an_id": OutcomeKind.NOT_AN_ID,
    "no_id": OutcomeKind.NO_ID,
}


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class Placing:
    """Quotes, placements, their outcomes, and resolving the uncertain ones (module doc)."""

    def __init__(self, store: Store, panels: Panels,
                 record_sale: Callable[[OrderQuote], Callable[[sqlite3.Connection, int], None]]
                 | None = None) -> None:
        self.store = store
        self.panels = panels
        # ``record_sale(quote)``, asked before the order is recorded, gives what writes the
        # quote's sale and the rate in force then, in the transaction recording the order.
        self.record_sale = record_sale

    # -- the quote ---------------------------------------------------------------------------

    def quote(self, panel_id: str, service_id: int, values: Mapping[str, Any]) -> OrderQuote:
        """The order as it would be placed. Raises ``ValidationError`` (field -> problem) when
        there is nothing to place: the panel or the service is gone, or the values do not make
        a valid order — the problems a form shows as you type come from
        ``servicetypes.validate``, with no store read; this is the check at placing time."""
        panel = self.store.panels.get_panel(panel_id, include_removed=False)
        if panel is None:
            raise ValidationError({"panel": "This panel does not exist (any more)."})
        service = self.store.services.get_service(panel_id, int(service_id))
        if service is None:
            raise ValidationError({"service": "This service is not in the panel's list."})
        form, problems = servicetypes.evaluate(service, values)
        if problems:
            raise ValidationError(problems)
        quantity = servicetypes.quantity_of(service, values)
        if servicetypes.posts_of(service, values) is not None:
            # a subscription's quantity is max × posts, as the panel records and charges it
            quantity = servicetypes.total_quantity(service, values)
        link = servicetypes.link_of(form)
        duplicate = (self.store.orders.find_active_duplicate(panel_id, service.id, link)
                     if link else None)
        unresolved = self.unresolved_on_link(link) if link else None
        warning = (compare.check_link(compare.features(service), form["link"])
                   if form.get("link") else None)
        overlap = tuple(overlapping(
            self.store, self.store.watch, panel_id, service, link,
            exclude=[o.id for o in (duplicate, unresolved) if o is not None])) if link else ()
        return OrderQuote(
            panel=panel, service=service, values=dict(values), payload=form, link=link,
            quantity=quantity, estimate=servicetypes.estimate(service, values),
            currency=panel.currency, duplicate=duplicate, unresolved=unresolved,
            link_warning=warning, overlapping=overlap)

    def find_duplicate(self, panel_id: str, service_id: int, link: str) -> LocalOrder | None:
        """An order still active (placed or uncertain, not final) for the same service and link."""
        if not link:
            return None
        return self.store.orders.find_active_duplicate(panel_id, service_id, link.strip())

    def unresolved_on_link(self, link: str, *, exclude: int | None = None) -> LocalOrder | None:
        """The newest order on this link, on any panel and any service, that may have been
        placed and is not resolved yet (UNCERTAIN, or still SENDING); None when there is none.
        ``exclude``: an order id not to count (the one being recorded).

        Rule (docs/reliability.md, "Rules for unattended work — routes"): while one exists, no
        cheaper route, Switch or failover is offered for the link, and placing it anywhere asks
        first (``place`` refuses unless told the person chose to). Links compare as people
        write them (``compare.same_link``: the scheme, "www.", the case of the host and a
        trailing "/" aside)."""
        key = compare.same_link(link)
        if not key:
            return None
        for order in self.store.orders.unresolved_orders():
            if order.id != exclude and compare.same_link(order.link or "") == key:
                return order
        return None

    def unresolved_block(self, link: str, *, exclude: int | None = None
                         ) -> UnresolvedOnLink | None:
        """What ``place`` would refuse this link with (``unresolved_on_link``, named with its
        panel), or None."""
        other = self.unresolved_on_link(link, exclude=exclude)
        if other is None:
            return None
        panel = self.store.panels.get_panel(other.panel_id, include_removed=True)
        return UnresolvedOnLink(other, panel.name if panel is not None else other.panel_id)

    # -- placing -----------------------------------------------------------------------------

    def place(
        self,
        quote: OrderQuote,
        *,
        record_with: Callable[[sqlite3.Connection, int], None] | None = None,
        on_recorded: Callable[[int], None] | None = None,
        unresolved_ok: bool = False,
    ) -> LocalOrder:
        """Send the quoted order, exactly once. Raises ``UnresolvedOnLink`` (nothing stored or
        sent) while another order on the same link, on any panel and service, may have been
        placed and is not resolved — checked inside the transaction that records this order (of
        two placements of one link at once, the second sees the first) — unless
        ``unresolved_ok`` (the person was asked and chose to order anyway); every path that
        places passes this door: the form asks, the CLI exits 3 without ``--allow-duplicate``,
        a mass-order line is skipped, a scheduled run is held. Otherwise raises only
        ``OutcomeNotRecorded`` (sent, but the database took no write: treat it as UNCERTAIN)
        and what stops the first write (nothing stored or sent); every other outcome is a
        recorded ``LocalOrder``: PLACED
        (``outcome`` PLACED_NOTE when the panel said something beside the id), REJECTED
        (nothing was placed: the panel's refusal, its kind as ``outcome`` and its words as
        ``error``; or never sent, ``not_sent``) or UNCERTAIN (may have been placed: the person
        must check on the panel; never resent by the app). An answer with an order id is never
        REJECTED (``api.classify_add``). The quote's duplicate is recorded as it was found
        (``likely_duplicate``), not looked up again.

        ``record_with(connection, order_id)`` runs inside the transaction that records the order
        as submitting (a scheduled run, a mass-order line records itself there); an exception
        from it rolls that back and propagates: nothing is stored or sent.
        ``on_recorded(order_id)`` runs once that row is committed, before sending."""
        form = quote.payload
        link = quote.link
        sale = self.record_sale(quote) if self.record_sale is not None else None

        def recording(c: sqlite3.Connection, order_id: int) -> None:
            blocked = self.unresolved_block(link, exclude=order_id) if link else None
            if blocked is not None and not unresolved_ok:
                raise blocked
            if sale is not None:
                sale(c, order_id)
            if record_with is not None:
                record_with(c, order_id)

        order_id = self.store.orders.insert_submitting(
            panel_id=quote.panel.id,
            service=quote.service,
            fields=form,
            link=quote.link,
            quantity=quote.quantity,
            charge_estimate=quote.estimate,
            currency=quote.currency,
            likely_duplicate=quote.duplicate is not None,
            runs=_int_or_none(form.get("runs")),
            interval=_int_or_none(form.get("interval")),
            also=recording,
        )
        # The SUBMITTING row is committed: if we die from here on, the next start marks it
        # UNCERTAIN. Exactly one `add` follows; it is never repeated.
        if on_recorded is not None:  # e.g. the history shows it as "Sending…" at once
            try:
                on_recorded(order_id)
            except Exception:  # a listener's bug must not stop or repeat the send
                log.exception("on_recorded failed")
        panel_id = quote.panel.id
        try:
            client = self.panels.client(panel_id)
        except SecretsError as e:
            return self._record(order_id, _Outcome(SubmitState.REJECTED, kind=OutcomeKind.NO_KEY,
                                                   detail=str(e)))
        except KeyError:
            return self._record(order_id, _Outcome(SubmitState.REJECTED,
                                                   kind=OutcomeKind.PANEL_GONE))
        except Exception as e:  # nothing left the app: never an uncertain "sending" row
            log.exception("no client for panel %s", panel_id)
            return self._record(order_id, _Outcome(SubmitState.REJECTED,
                                                   kind=OutcomeKind.NOT_SENT,
                                                   detail=f"{type(e).__name__}: {e}"))
        order = self._record(order_id, self._send_add(panel_id, client, quote.service, form))
        if order.submit_state is SubmitState.PLACED:  # the end-to-end test reads this line
            log.info("order %d placed on panel %s as #%d", order_id, panel_id, order.remote_id)
        return order

    def place_order(
        self,
        panel_id: str,
        service_id: int,
        fields: Mapping[str, Any],
        *,
        record_with: Callable[[sqlite3.Connection, int], None] | None = None,
        on_recorded: Callable[[int], None] | None = None,
        unresolved_ok: bool = False,
    ) -> LocalOrder:
        """``place(quote(panel_id, service_id, fields))``: raises ``ValidationError``,
        ``UnresolvedOnLink`` (nothing stored or sent) and ``OutcomeNotRecorded``; any other
        outcome is a recorded order."""
        return self.place(self.quote(panel_id, service_id, fields), record_with=record_with,
                          on_recorded=on_recorded, unresolved_ok=unresolved_ok)

    def _send_add(self, panel_id: str, client: PanelClient, service: Service,
                  form: dict[str, str]) -> _Outcome:
        """The one ``add`` of a placement and what its answer means (``api.classify_add``);
        never raises, never sends twice."""
        send = {k: v for k, v in form.items() if k != "service"}
        try:
            answer = client.place(service.id, **send)
        except RateLimitedError as e:
            self.panels.mark_online(panel_id, True)
            return _Outcome(SubmitState.REJECTED, kind=OutcomeKind.RATE_LIMITED, detail=str(e))
        except NetworkError as e:
            self.panels.mark_online(panel_id, False)
            if e.maybe_sent:  # said for an order: "the order may have been placed"
                return _Outcome(SubmitState.UNCERTAIN, kind=OutcomeKind.NO_ANSWER,
                                detail=e.message.replace(MAYBE_SENT, "").strip())
            return _Outcome(SubmitState.REJECTED, kind=OutcomeKind.NO_CONNECTION,
                            detail=e.message)
        except BadResponseError as e:
            # The panel got the request and answered nonsense: it may well have placed it.
            what = e.reason + (f", HTTP {e.status_code}" if e.status_code else "")
            return _Outcome(SubmitState.UNCERTAIN, kind=OutcomeKind.UNREADABLE, detail=what)
        except Exception as e:  # a bug or an unexpected transport error: assume it went out
            log.exception("add failed unexpectedly")
            return _Outcome(SubmitState.UNCERTAIN, kind=OutcomeKind.UNEXPECTED,
                            detail=type(e).__name__)
        self.panels.mark_online(panel_id, True)
        if answer.outcome is SubmitState.PLACED:
            assert answer.order is not None
            note = f"placed as #{answer.order}"
            if answer.text:  # the panel's words beside the id: kept, never read as a refusal
                log.warning("panel %s placed #%d and also said something", panel_id,
                            answer.order)
                return _Outcome(SubmitState.PLACED, answer.order, OutcomeKind.PLACED_NOTE,
                                answer.text, f"{note}, and the panel also said: {answer.text}")
            return _Outcome(SubmitState.PLACED, answer.order, note=note)
        if answer.outcome is SubmitState.REJECTED:
            refused = servicetypes.refused_choice(service, form, answer.text)
            if refused is not None:  # e.g. "Incorrect delay": not offered again on this panel
                try:
                    self.store.panels.add_unsupported(
                        panel_id, servicetypes.refused_choice_key(refused, str(form[refused])))
                except Exception:  # a nicety: the refusal itself must still be recorded
                    log.warning("could not note the refused choice", exc_info=True)
            return _Outcome(SubmitState.REJECTED, kind=of_error(answer.kind), detail=answer.text)
        return _Outcome(SubmitState.UNCERTAIN, kind=_UNCLEAR.get(answer.why, OutcomeKind.NO_ID),
                        detail=answer.detail or None)

    def _record(self, order_id: int, outcome: _Outcome) -> LocalOrder:
        """Write what the ``add`` came to. After the send nothing may escape as a plain error
        (a caller would call it a failure and the person might order again): a write that
        fails is followed by an UNCERTAIN one saying what the panel answered; when that fails
        too, ``OutcomeNotRecorded`` — the row stays "sending", which the next opening of the
        data (or ``recover_interrupted``) turns UNCERTAIN."""
        try:
            return self.store.orders.set_submit_result(
                order_id, outcome.state, remote_id=outcome.remote_id, error=outcome.detail,
                note=outcome.event_note(), outcome=outcome.kind,
                not_sent=outcome.kind is not None and outcome.kind.not_sent)
        except RemoteIdTaken as e:
            # The panel answered with an id another local order already holds: something was
            # placed, but which order is which must be checked by the person.
            owner = e.owner.id if e.owner is not None else "?"
            log.warning("order %d was answered with #%s, already held by order %s", order_id,
                        outcome.remote_id, owner)
            fallback = _Outcome(SubmitState.UNCERTAIN, kind=OutcomeKind.ID_TAKEN,
                                detail=f"{outcome.remote_id} {owner}")
            failed: Exception = e
        except Exception as e:
            if self.store.db.closed:
                # The app quit while this was out and chose not to wait: the order was recorded
                # UNCERTAIN then (``abandon_sending``); the store's own error says so to the
                # caller (a scheduled run expects it).
                raise
            log.exception("the outcome of order %d (%s) could not be saved", order_id,
                          outcome.state.value)
            name = type(e).__name__
            fallback = _Outcome(SubmitState.UNCERTAIN, kind=OutcomeKind.NOT_SAVED,
                                detail=f"{outcome.remote_id} {name}"
                                if outcome.remote_id is not None else name)
            failed = e
        try:
            return self.store.orders.set_submit_result(
                order_id, SubmitState.UNCERTAIN, error=fallback.detail,
                note=fallback.event_note(), outcome=fallback.kind)
        except Exception as e:
            log.exception("order %d could not be marked uncertain either", order_id)
            raise OutcomeNotRecorded(order_id, outcome.state, outcome.remote_id, e) from failed

    # -- after a stop ------------------------------------------------------------------------

    def recover(self, older_than: timedelta | None) -> int:
        """Orders left SUBMITTING (``older_than``: only those at least that old) become
        UNCERTAIN: the process that was sending them has stopped."""
        recovered = self.store.orders.submitting_to_uncertain(older_than)
        if recovered:
            log.warning("%d order(s) were being sent when the app stopped: now UNCERTAIN",
                        recovered)
        return recovered

    def recover_interrupted(self) -> int:
        """Orders left SUBMITTING longer than ``STALE_SUBMITTING`` become UNCERTAIN: no process
        is still sending them (a send times out far sooner), so the one that was has stopped.
        Safe at any time, even while this or another process places orders. Run at each status
        sync; returns how many."""
        return self.recover(STALE_SUBMITTING)

    def abandon_sending(self) -> int:
        """The app quits while ``add`` requests are out: record their orders UNCERTAIN now, as
        after a crash (an answer that still arrives before the process ends replaces it)."""
        return self.store.orders.submitting_to_uncertain(outcome=OutcomeKind.APP_CLOSED)

    # -- resolving an uncertain order ---------------------------------------------------------

    def check_resolution(self, local_id: int, remote_id: int) -> ResolveCheck:
        """Before "this UNCERTAIN order is #remote_id" changes anything: is the id already another
        order's here, does the panel know it, and does its answer fit this order? Asks the
        panel (one status request); changes nothing."""
        order = self.store.orders.get_order(local_id)
        if order.submit_state is not SubmitState.UNCERTAIN:
            raise ValueError(f"order {local_id} is {order.submit_state.value}, not uncertain")
        remote_id = int(remote_id)
        owner = self.store.orders.find_by_remote(order.panel_id, remote_id)
        absorbs = None
        if owner is not None and owner.id != local_id:
            if not self.store.orders.is_tracked(owner.id):
                return ResolveCheck(order, remote_id, taken_by=owner)
            absorbs = owner  # imported by id: this very order, tracked before it was resolved
        try:
            status: OrderStatus = self.panels.network(order.panel_id,
                                                      lambda c: c.status(remote_id))
        except ApiError as e:
            if e.kind is ErrorKind.ORDER_ID:
                return ResolveCheck(order, remote_id, absorbs=absorbs, unknown=True)
            return ResolveCheck(order, remote_id, absorbs=absorbs, error=e.message)
        except (PanelError, SecretsError) as e:
            log.info("could not check order #%s now: %s", remote_id, type(e).__name__)
            return ResolveCheck(order, remote_id, absorbs=absorbs, error=str(e))
        return ResolveCheck(order, remote_id, absorbs=absorbs, status=status,
                            mismatches=_mismatches(order, status))

    def resolve_uncertain(
        self, local_id: int, remote_id: int | None, *, accept_mismatch: bool = False
    ) -> LocalOrder:
        """The person checked an UNCERTAIN order on the panel's site: ``remote_id`` is the id it
        has there (→ PLACED, then tracked by sync), or None: it was not placed (→ REJECTED,
        ``CHECKED_NOT_PLACED``).

        An id held by an order ``track`` imported is this order's own (that copy is folded into
        it: ``ResolveCheck.absorbs``). An id already held by another order of the panel, or
        unknown to the panel, raises ``ResolveRefused`` (a ``ValueError``); so does a panel
        answer that contradicts the order (charge, quantity) unless ``accept_mismatch`` (the
        person saw it and confirmed). Nothing changes when it raises. A panel that cannot be
        asked now does not block it."""
        if remote_id is None:
            order = self.store.orders.get_order(local_id)
            if order.submit_state is not SubmitState.UNCERTAIN:
                raise ValueError(f"order {local_id} is {order.submit_state.value}, not uncertain")
            return self.store.orders.resolve(local_id, None, None)
        check = self.check_resolution(local_id, int(remote_id))
        if check.refused or (check.mismatches and not accept_mismatch):
            raise ResolveRefused(check)
        try:
            return self.store.orders.resolve(local_id, check.remote_id, check.status,
                                             absorb=check.absorbs.id if check.absorbs else None)
        except RemoteIdTaken as e:  # taken between the check and now
            raise ResolveRefused(ResolveCheck(check.order, check.remote_id,
                                              taken_by=e.owner)) from None
