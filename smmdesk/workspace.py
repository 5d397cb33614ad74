"""The one facade the GUI and scripts use: panels, services, orders, sync — no Qt, no HTTP, no SQL
outside this package.

Every public method may be called from any thread (the GUI runs one worker per panel, panels in
parallel). Network calls are made with no database lock or transaction held; writes go through
the store's serialised transactions. ``Workspace(data_dir)`` does no network.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from operator import methodcaller
from pathlib import Path
from typing import Any

from smmdesk import compare as _compare
from smmdesk import memtrim, panelurl, servicetypes
from smmdesk import rates as _rates
from smmdesk import sync as _sync
from smmdesk.api import MAYBE_SENT, AnswerLimits, PanelClient, normalize_state
from smmdesk.automation import AutomationMixin
from smmdesk.compare import CompareIndex, Match
from smmdesk.errors import (
    ApiError,
    BadResponseError,
    ErrorKind,
    NetworkError,
    PanelError,
    RateLimitedError,
    Stopped,
)
from smmdesk.history import NOTIFY_STATES, PLACED_WITH_NOTE, HistoryFilter
from smmdesk.models import (
    Balance,
    LocalOrder,
    OrderState,
    OrderStatus,
    Panel,
    Service,
    ServiceRow,
    ServicesDiff,
    SubmitState,
    SyncReport,
    UnresolvedOnLink,
)
from smmdesk.presence import Presence
from smmdesk.rates import RateBook, RatesError
from smmdesk.secrets import Secrets, SecretsError
from smmdesk.servicetable import ServicesTable
from smmdesk.servicetypes import ValidationError
from smmdesk.store import (
    DatabaseCorruptError,
    OrderEvent,
    OrderFilter,
    Refill,
    RemoteIdTaken,
    Sort,
    Store,
    from_ms,
)
from smmdesk.sync import PanelSync

log = logging.getLogger(__name__)

__all__ = [
    "ActionResult",
    "Match",
    "Mismatch",
    "OutcomeNotRecorded",
    "PanelAlreadyConnected",
    "PanelSync",
    "RatesError",
    "RemoteIdTaken",
    "ResolveCheck",
    "ResolveRefused",
    "TrackResult",
    "ValidationError",
    "Workspace",
    "panel_address",
]

PLACEMENT_TIMEOUT = 30.0
REFRESH_STEPS = 3  # refresh_services: download, save, snapshot
# A SUBMITTING row this old is not in flight in any live process (a send times out far sooner).
STALE_SUBMITTING = timedelta(minutes=10)
TEST_TIMEOUT = 15.0


@dataclass(frozen=True, slots=True)
class ActionResult:
    """What happened to one order in a refill or cancel request. ``ok``: the panel accepted the
    request (which means *requested*, not done)."""

    local_id: int
    ok: bool
    message: str
    refill_id: str | None = None
    # The panel answered the whole request, not this order (an error for every order of the
    # batch, or no answer): it says nothing for good about this one order.
    panel_wide: bool = False


class TrackResult(list[LocalOrder]):
    """The orders ``track_orders`` imported or already knew, plus the ids the panel did not know
    (``unknown``) and the ids that could not be checked (``failed``: id -> reason)."""

    def __init__(self, orders: Iterable[LocalOrder] = ()) -> None:
        super().__init__(orders)
        self.unknown: list[int] = []
        self.failed: dict[int, str] = {}
        self.requests = 0


# The stored advice of every UNCERTAIN placement, said once (``uncertain_text``).
UNCERTAIN_ADVICE = "Check the panel's order list before ordering again."


def uncertain_text(reason: str) -> str:
    """The stored text of an UNCERTAIN placement: why, that the order may have been placed,
    and what to do — each said once. The CLI and the window show it as it is, adding only how
    to record the answer."""
    reason = reason.strip()
    if reason and reason[-1] not in ".!?":
        reason += "."
    if "may have been placed" not in reason:
        reason += " The order may have been placed."
    if UNCERTAIN_ADVICE not in reason:
        reason += " " + UNCERTAIN_ADVICE
    return reason.strip()


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What one ``add`` came to, before it is written (``Workspace._record_outcome``)."""

    state: SubmitState
    remote_id: int | None = None
    error: str | None = None
    note: str | None = None


class OutcomeNotRecorded(Exception):
    """``place_order`` sent the order, but could write neither its outcome nor UNCERTAIN (the
    database was locked or failing). The order's row stays "sending": the next opening of the
    data turns it UNCERTAIN (``Workspace.recover_interrupted``). ``outcome``/``remote_id``: what
    the panel answered (``remote_id`` when it gave one). Every caller treats it as an uncertain
    outcome — the CLI exits 4 — never as "nothing was placed"."""

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


class PanelAlreadyConnected(ValueError):
    """The panel address is already connected (``existing``): the same panel twice would
    double every balance and order list."""

    def __init__(self, existing: Panel) -> None:
        super().__init__(f"this panel is already connected as “{existing.name}”")
        self.existing = existing


def panel_address(url: str) -> str:
    """What makes two panel URLs the same panel (``panelurl.address``: the host as the request
    reaches it, the port unless default, the path without trailing slashes, the query)."""
    return panelurl.address(url)


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
    before anything changes (``Workspace.check_resolution``).

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


def _link_of(payload: dict[str, str]) -> str | None:
    return payload.get("link") or payload.get("username")


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class Workspace(AutomationMixin):
    def __init__(self, data_dir: Path, *, secrets: Secrets | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.store = Store(self.data_dir)
        self.secrets = secrets or Secrets()
        self._lock = threading.RLock()
        self._clients: dict[str, PanelClient] = {}
        self._online: dict[str, bool] = {}
        # Caps on each panel answer (bytes, services, overall deadline): see api.AnswerLimits.
        self.answer_limits = AnswerLimits()
        self.backoff = _sync.PanelBackoff()
        self._rates = RateBook(self.store)
        # The currency of the person's country (the GUI reads it from the system locale): the
        # home currency until one is chosen (``home_currency``).
        self.locale_currency: str | None = None
        self._compare_lock = threading.Lock()
        self._compare: dict[str, CompareIndex] = {}
        # panel -> (refreshed at, its table) read for the services view, until its comparison
        # index is built from it (``_compare_index``)
        self._catalogues: dict[str, tuple[datetime | None, ServicesTable]] = {}
        self._presence = Presence(self.data_dir)  # never raises
        try:
            # Orders left SUBMITTING by a process that stopped mid-request may have been placed:
            # UNCERTAIN. While another process has the same data open (the app and
            # smm-desk-cli), only the stale ones: a younger one may be in flight there.
            alone = not self._presence.others_alive()
            self._recover(None if alone else STALE_SUBMITTING)
            self._init_automation()  # schedules, automatic refills, alerts (smmdesk.automation)
        except BaseException:
            self._presence.close()
            self.store.close()
            raise

    def _recover(self, older_than: timedelta | None) -> int:
        recovered = self.store.submitting_to_uncertain(older_than)
        if recovered:
            log.warning("%d order(s) were being sent when the app stopped: now UNCERTAIN",
                        recovered)
        return recovered

    def recover_interrupted(self) -> int:
        """Orders left SUBMITTING longer than ``STALE_SUBMITTING`` become UNCERTAIN: no process
        is still sending them (a send times out far sooner), so the one that was has stopped.
        Safe at any time, even while this or another process places orders. Run at each status
        sync; returns how many."""
        return self._recover(STALE_SUBMITTING)

    # ---------------------------------------------------------------------------- lifecycle

    @property
    def check_pending(self) -> bool:
        """The database was too large to check for damage on opening: ``deferred_check`` does
        it (on a worker, once the window is up)."""
        return self.store.check_pending

    def deferred_check(self) -> DatabaseCorruptError | None:
        """The damage check the opening skipped; the error (for ``recovery.diagnose``) when the
        file is damaged, from then on refusing every write; None when it is healthy."""
        return self.store.deferred_check()

    @property
    def compaction_pending(self) -> bool:
        """The database file holds many free pages (a migration's VACUUM was cut short):
        ``compact`` gives them back, on a worker, once the file is known to be healthy."""
        return self.store.compaction_pending

    def compact(self, should_stop: Callable[[], bool] | None = None) -> bool:
        """VACUUM in the background when ``compaction_pending`` and the disk has room (else
        tried again at the next start); True when done."""
        return self.store.compact(should_stop)

    def close(self) -> None:
        with self._lock:
            clients = list(self._clients.values())
            self._clients.clear()
        for c in clients:
            c.close()
        self.store.close()
        self._presence.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Workspace({str(self.data_dir)!r})"

    @property
    def keyring_available(self) -> bool:
        return self.secrets.available

    # ---------------------------------------------------------------------------- panels

    @staticmethod
    def _check_url(url: str) -> str:
        # http(s), a host, and no API key in it (PanelUrlError, a ValueError, says which).
        return panelurl.check(url)

    def set_max_answer_bytes(self, max_bytes: int) -> None:
        """The byte cap on each panel answer (a setting); every client is remade with it."""
        self.answer_limits = replace(self.answer_limits, max_bytes=int(max_bytes))
        with self._lock:
            panel_ids = list(self._clients)
        for panel_id in panel_ids:
            self._drop_client(panel_id)

    @staticmethod
    def https_upgrade(url: str, location: str | None) -> str | None:
        """The https:// address to offer after ``url`` redirected to ``location``: only on the
        same host (never another host: the key would go there), else None."""
        return panelurl.https_upgrade(url, location)

    def connected_as(self, url: str, *, besides: str | None = None) -> Panel | None:
        """The connected panel at the same address as ``url`` (``panel_address``), other than
        ``besides``; None when there is none."""
        wanted = panel_address(url)
        return next((p for p in self.panels()
                     if p.id != besides and panel_address(p.url) == wanted), None)

    def add_panel(self, name: str, url: str, key: str, *, is_demo: bool = False) -> Panel:
        """Connect a panel. Raises ``PanelAlreadyConnected`` for an address already connected
        (a trailing slash, http vs https or the host's case make no other panel)."""
        url = self._check_url(url)
        existing = self.connected_as(url)
        if existing is not None:
            raise PanelAlreadyConnected(existing)
        if not key or not key.strip():
            raise ValueError("the API key is empty")
        panel_id = uuid.uuid4().hex[:16]
        self.secrets.set(panel_id, key.strip())  # may raise SecretsError: nothing stored yet
        try:
            return self.store.insert_panel(
                Panel(id=panel_id, name=name.strip() or url, url=url, is_demo=is_demo)
            )
        except BaseException:
            self.secrets.remove(panel_id)
            raise

    def update_panel(
        self,
        panel_id: str,
        *,
        name: str | None = None,
        url: str | None = None,
        key: str | None = None,
    ) -> Panel:
        self.panel(panel_id)
        if url is not None:
            url = self._check_url(url)
            existing = self.connected_as(url, besides=panel_id)
            if existing is not None:
                raise PanelAlreadyConnected(existing)
        if key is not None:
            if not key.strip():
                raise ValueError("the API key is empty")
            self.secrets.set(panel_id, key.strip())
        panel = self.store.update_panel(panel_id, name=name, url=url)
        if url is not None or key is not None:
            self._drop_client(panel_id)
        return panel

    def remove_panel(self, panel_id: str, *, keep_history: bool = True) -> None:
        """Forget the panel and its key. Its orders stay in the history unless
        ``keep_history=False`` (then its services, orders and balances go too)."""
        self.panel(panel_id)
        self._drop_client(panel_id)
        self.secrets.remove(panel_id)
        self.store.remove_panel(panel_id, keep_history=keep_history)
        self.backoff.succeeded(panel_id)
        with self._lock:
            self._online.pop(panel_id, None)

    def panels(self, *, include_removed: bool = False) -> list[Panel]:
        """The connected panels; ``include_removed`` also those removed (their history stays)."""
        return self.store.list_panels(include_removed=include_removed)

    def panel(self, panel_id: str, *, include_removed: bool = False) -> Panel:
        """A panel by id; ``include_removed`` also finds removed ones (their history stays)."""
        p = self.store.get_panel(panel_id, include_removed=include_removed)
        if p is None:
            raise KeyError(f"no panel {panel_id!r}")
        return p

    def client(self, panel_id: str) -> PanelClient:
        """The panel's API client (cached). Raises ``SecretsError`` when its key is unavailable."""
        with self._lock:
            c = self._clients.get(panel_id)
        if c is not None:
            return c
        panel = self.panel(panel_id)
        key = self.secrets.require(panel_id)
        with self._lock:
            c = self._clients.get(panel_id)
            if c is None:
                c = PanelClient(panel.url, key, limits=self.answer_limits)
                self._clients[panel_id] = c
        return c

    def _drop_client(self, panel_id: str) -> None:
        with self._lock:
            c = self._clients.pop(panel_id, None)
        if c is not None:
            c.close()

    def test_connection(self, url: str, key: str, *, timeout: float = TEST_TIMEOUT) -> Balance:
        """Ask a panel for its balance with a throwaway client. Nothing is stored."""
        with PanelClient(
            self._check_url(url),
            key.strip(),
            timeout=timeout,
            retries=0,
            limits=self.answer_limits,
        ) as c:
            return c.balance()

    def has_key(self, panel_id: str) -> bool:
        """Is the panel's API key at hand (keyring or this session)? False when none is stored,
        e.g. after a restart without a system keyring. Keyring errors propagate
        (``SecretsError``). Reads the keyring: call it on a worker."""
        with self._lock:
            if panel_id in self._clients:
                return True
        return bool(self.secrets.get(panel_id))

    def test_stored_connection(self, panel_id: str, *, timeout: float = TEST_TIMEOUT) -> Balance:
        """``test_connection`` with the panel's saved address and key (its cached client is
        left alone). Raises ``SecretsError`` when the key is unavailable. Nothing is stored."""
        panel = self.panel(panel_id)
        return self.test_connection(panel.url, self.secrets.require(panel_id), timeout=timeout)

    def mark_online(self, panel_id: str, online: bool = True) -> None:
        with self._lock:
            self._online[panel_id] = online

    def is_online(self, panel_id: str) -> bool | None:
        """True/False after the last request to the panel; None before any request."""
        with self._lock:
            return self._online.get(panel_id)

    def _network(self, panel_id: str, call: Callable[[PanelClient], Any]) -> Any:
        """Run one client call, remembering whether the panel answered."""
        client = self.client(panel_id)
        try:
            result = call(client)
        except ApiError:
            self.mark_online(panel_id, True)  # it answered, just said no
            raise
        except PanelError:
            self.mark_online(panel_id, False)
            raise
        self.mark_online(panel_id, True)
        return result

    def data_version(self) -> int:
        """A number that changes when another program (``smm-desk-cli``, a script) commits to
        this data folder's database; this workspace's own writes leave it as it was. No table
        is read: the app asks it every few seconds to show another program's orders at once."""
        return self.store.data_version()

    def last_sync_at(self, panel_id: str) -> datetime | None:
        return self.store.last_sync_at(panel_id)

    # ---------------------------------------------------------------------------- services & money

    def refresh_services(self, panel_id: str, *, should_stop: Callable[[], bool] | None = None,
                         progress: Callable[[int, int, str], None] | None = None
                         ) -> ServicesDiff:
        """Read the panel's list into the cache. The diff also says how many of the panel's
        rows could not be read, and why (``unreadable``), for the person to be told.

        ``progress(step, REFRESH_STEPS, name)`` names each step ("download", "save",
        "snapshot"). ``should_stop`` is asked once the list is downloaded (the request itself
        cannot be interrupted): ``Stopped`` then, and the stored services stay as they were."""
        def step(n: int, name: str) -> None:
            if progress is not None:
                progress(n, REFRESH_STEPS, name)

        step(0, "download")
        services, unreadable = self._network(panel_id, lambda c: c.services_report())
        if should_stop is not None and should_stop():
            raise Stopped("refresh stopped after the download; nothing was stored")
        step(1, "save")
        diff = self.store.apply_services(panel_id, services)
        step(2, "snapshot")
        try:  # the snapshot the next start-up reads (apply_services removed the old one)
            self.store.services_view(panel_id)
        except Exception as exc:  # the services are stored: the snapshot is only a copy
            log.warning("services snapshot of %s not rebuilt: %s", panel_id, type(exc).__name__)
        return replace(diff, unreadable=dict(unreadable)) if unreadable else diff

    def services(self, panel_id: str | None = None) -> list[ServiceRow]:
        return self.store.list_services(panel_id)

    def services_table(self, panel_id: str | None = None) -> ServicesTable:
        """``services`` (those the panels still offer) in the compact, columnar form, without
        descriptions (``service`` has a service's): a fraction of the memory and time of a
        ``ServiceRow`` per service."""
        return self.store.services_table(panel_id)

    def services_for_view(self, panel_id: str | None = None) -> tuple[ServicesTable, list[str]]:
        """``services_table`` and each row's search text (``servicetable.haystack_of``), read
        from the services' snapshot when it is current (start-up reads one file per panel)."""
        parts: dict[str, tuple[datetime | None, ServicesTable]] = {}
        view = self.store.services_view(panel_id, parts)
        # The comparison indexes are built from these very tables when they are current (the
        # names and values shared with the table shown, not read and kept a second time).
        with self._compare_lock:
            for pid, (stamp, part) in parts.items():
                index = self._compare.get(pid)
                if index is None or index.stamp != stamp:
                    self._catalogues[pid] = (stamp, part)
        return view

    def service(self, panel_id: str, service_id: int) -> Service | None:
        """One cached service with its description (e.g. the one selected in the table)."""
        return self.store.get_service(panel_id, service_id)

    def set_favourite(self, panel_id: str, service_id: int, on: bool) -> None:
        self.store.set_favourite(panel_id, service_id, on)

    def services_refreshed_at(self, panel_id: str) -> datetime | None:
        return self.store.services_refreshed_at(panel_id)

    def balance(self, panel_id: str) -> Balance:
        bal: Balance = self._network(panel_id, lambda c: c.balance())
        self.store.add_balance(panel_id, bal)
        return bal

    def last_balance(self, panel_id: str) -> tuple[Balance, datetime] | None:
        return self.store.last_balance(panel_id)

    def last_balances(self, panel_ids: Iterable[str]) -> dict[str, Balance | None]:
        """Each panel's last known balance (None: never read)."""
        out: dict[str, Balance | None] = {}
        for pid in set(panel_ids):
            last = self.store.last_balance(pid)
            out[pid] = last[0] if last is not None else None
        return out

    # ---------------------------------------------------------------------------- currencies

    def home_currency(self) -> str | None:
        """The currency prices are compared in: the one set; else the currency of the
        person's country (``locale_currency``, from the system locale: TRY in Turkey); else the
        first real panel's currency (the simulated demo panel's USD says nothing about the
        person); else the demo's. None while nothing tells a currency."""
        stored = self._rates.stored_home()
        if stored is not None:
            return stored
        if self.locale_currency:
            try:
                return _rates.normalize_currency(self.locale_currency)
            except ValueError:
                pass
        panels = self.panels()
        for panel in sorted(panels, key=lambda p: p.is_demo):  # stable: real panels first
            if panel.currency:
                try:
                    return _rates.normalize_currency(panel.currency)
                except ValueError:
                    continue
        return None

    def set_home_currency(self, code: str) -> None:
        """Set the home currency (three letters). Known rates are re-based to it when the rate
        of the new home currency is known, else cleared (they would mean something else)."""
        current = self.home_currency()
        if self._rates.stored_home() is None and current is not None:
            self._rates.set_home(current)
        self._rates.set_home(code)

    def _pin_home(self) -> str:
        home = self.home_currency()
        if home is None:
            raise ValueError("set a home currency first")
        if self._rates.stored_home() is None:
            self._rates.set_home(home)  # rates are stored against it: fix it from now on
        return home

    def set_rate(self, currency: str, per_unit: Decimal, *, at: datetime | None = None) -> None:
        """1 unit of ``currency`` = ``per_unit`` home currency, typed by hand (dated now)."""
        home = self._pin_home()
        code = _rates.normalize_currency(currency)
        if code == home:
            raise ValueError("the home currency needs no rate")
        self._rates.set_rates({code: Decimal(per_unit)}, at or utcnow(), _rates.TYPED)

    def remove_rate(self, currency: str) -> None:
        self._rates.remove_rate(currency)

    def rates(self) -> dict[str, tuple[Decimal, datetime]]:
        """currency -> (units of home currency per unit, when it was set or the feed's date)."""
        return {cur: (v, at) for cur, (v, at, _src) in self._rates.rates().items()}

    def rate_sources(self) -> dict[str, str]:
        """currency -> "typed" or "ecb"."""
        return {cur: src for cur, (_v, _at, src) in self._rates.rates().items()}

    def rate_details(self) -> dict[str, _rates.Rate]:
        """currency -> ``rates.Rate`` (value, date, source): what a converted price says of
        the rate it used."""
        return self._rates.details()

    def check_rate(self, currency: str, per_unit: Decimal) -> _rates.RateDoubt | None:
        """Before ``set_rate``: a doubt when ``per_unit`` is more than ``rates.PLAUSIBLE_FACTOR``
        times off the last ECB feed's rate of ``currency`` (else the rate it would replace);
        None when it looks right or there is nothing to compare with. The GUI asks then."""
        home = self.home_currency()
        code = _rates.normalize_currency(currency)
        value = Decimal(per_unit)
        if home is None or code == home or not value.is_finite() or value <= 0:
            return None
        reference = self._rates.feed_rate(code)
        source = "ecb"
        if reference is None:
            current = self._rates.details().get(code)
            if current is None:
                return None
            reference, source = (current.per_unit, current.at), "current"
        ref, at = reference
        if _rates.plausible(value, ref):
            return None
        return _rates.RateDoubt(code, value, ref, source, at,
                                _rates.plausible(Decimal(1) / value, ref))

    def update_rates_from_ecb(self, url: str | None = None, *,
                              should_stop: Callable[[], bool] | None = None
                              ) -> dict[str, Decimal]:
        """Fetch the ECB daily reference rates (``url``: the feed, default the public one) and
        store them converted to the home currency; returns what was set. A typed rate is never
        replaced (it keeps its source and date; remove it to follow the feed); a currency the
        feed lacks keeps its rate. The feed itself is kept as the reference ``check_rate``
        uses. Raises ``RatesError`` (nothing changed) when the feed cannot be read, ``Stopped``
        (nothing changed) when ``should_stop`` says so once the feed is in. Network: call it
        from a worker."""
        home = self._pin_home()
        body = _rates.fetch_ecb(url or _rates.ECB_URL)
        if should_stop is not None and should_stop():
            raise Stopped("rates update stopped after the download; nothing was stored")
        when, per_eur = _rates.parse_ecb(body)
        fresh = _rates.home_rates_from_ecb(per_eur, home, self._rates.rate("EUR"))
        self._rates.remember_feed(when, per_eur)
        return self._rates.set_rates(fresh, when, _rates.ECB, keep_typed=True)

    def convert(self, amount: Decimal, currency: str | None) -> Decimal | None:
        """``amount`` of ``currency`` in the home currency; None when no rate is known."""
        return self.converter()(amount, currency)

    def converter(self) -> Callable[[Decimal, str | None], Decimal | None]:
        """``convert`` with the home currency and the rates of this moment: for converting many
        prices at once (the services table, a sort) without a look-up per price."""
        home = self.home_currency()
        rates = self._rates.plain()

        def convert(amount: Decimal, currency: str | None) -> Decimal | None:
            if not currency or home is None:
                return None
            if currency == home:
                return amount
            per_unit = rates.get(currency)
            if per_unit is None:
                code = currency.strip().upper()
                if code == home:
                    return amount
                per_unit = rates.get(code)
                if per_unit is None:
                    return None
            return amount * per_unit

        return convert

    # ---------------------------------------------------------------------------- comparing

    def _compare_index(self, panel_id: str,
                       should_stop: Callable[[], bool] | None = None) -> CompareIndex:
        """The panel's catalogue with its features, rebuilt when the catalogue was refreshed
        (``compare.Stopped`` if ``should_stop`` says so first: nothing half-built is kept)."""
        stamp = self.store.services_refreshed_at(panel_id)
        with self._compare_lock:
            index = self._compare.get(panel_id)
            if index is not None and index.stamp == stamp:
                return index
        # Removed services are never offered. The compact read the services view made when it
        # is still current (its names and values shared with the table shown), else the
        # services' snapshot: the index keeps it, and ranks a group when first asked.
        with self._compare_lock:
            read = self._catalogues.pop(panel_id, None)
        if read is not None and read[0] == stamp:
            table = read[1]
        else:
            table = self.store.services_view(panel_id)[0]
        index = CompareIndex(table, stamp, should_stop)
        with self._compare_lock:
            self._compare[panel_id] = index
        return index

    def prepare_compare(self, should_stop: Callable[[], bool] | None = None) -> bool:
        """Build the comparison indexes of every panel now (e.g. on a worker after a refresh),
        so the first ``equivalents`` call is quick. ``should_stop`` (the app is quitting) ends
        it within a few thousand services; False then, and the rest is built when first asked."""
        try:
            for panel in self.panels():
                if should_stop is not None and should_stop():
                    return False
                self._compare_index(panel.id, should_stop)
        except _compare.Stopped:
            return False
        finally:
            memtrim.release()  # what reading the catalogues left free goes back to the system
        return True

    def compare_ready(self) -> bool:
        """Every panel's comparison index is built for its current catalogue (benches; the
        first ``equivalents`` of a group still ranks that group)."""
        for panel in self.panels():
            stamp = self.store.services_refreshed_at(panel.id)
            with self._compare_lock:
                index = self._compare.get(panel.id)
            if index is None or index.stamp != stamp:
                return False
        return True

    def features(self, panel_id: str, service_id: int) -> _compare.Features | None:
        service = self.service(panel_id, service_id)
        return None if service is None else _compare.features(service)

    def equivalents(self, panel_id: str, service_id: int, *, limit: int = 10) -> list[Match]:
        """The same service on every connected panel (this one included), best first: those whose
        platform, product and type agree, ranked by country, refill, quality, speed, flags and
        name; ties go to the cheaper in the home currency. The service itself is excluded, and
        services removed from their panel are never offered."""
        own = self.service(panel_id, service_id)
        if own is None:
            return []
        subject = _compare.features(own)
        if subject.key is None or limit <= 0:
            return []
        own_pos = -1
        panels = self.panels()
        scored: list[tuple[float, int, Sequence[int]]] = []  # (score, panel position, indexes)
        indexes: list[CompareIndex] = []
        for pos, panel in enumerate(panels):
            index = self._compare_index(panel.id)
            indexes.append(index)
            if panel.id == panel_id:
                own_pos = pos
            scored.extend((value, pos, idx) for value, idx in index.scored(subject))
        scored.sort(key=lambda e: -e[0])
        # Keep the best `limit` services, and every service tied with the last of them (the
        # price decides among ties, so only those are converted).
        found: list[tuple[float, int, Service]] = []
        cut: float | None = None
        for value, pos, idx in scored:
            if cut is not None and value < cut:
                break
            for i in idx:
                service = indexes[pos].service(i)
                if pos == own_pos and service.id == own.id:
                    continue
                found.append((value, pos, service))
            if cut is None and len(found) >= limit:
                cut = value
        convert = self.converter()
        priced = [
            Match(panels[pos].id, service, round(value, 4),
                  convert(service.rate, panels[pos].currency), panels[pos].is_demo)
            for value, pos, service in found
        ]
        return _compare.rank(priced, limit)

    def routes_for(self, panel_id: str, service_id: int, values: dict[str, Any], *,
                   limit: int = 10) -> list[_compare.Route]:
        """The equivalents on other panels that could take this order as typed, best first
        (``compare.routes``: never the demo panel for a real one, the target's min/max and last
        known balance, the price against this one in the home currency); none while the link
        has an order that may have been placed and is not resolved (``unresolved_on_link``)."""
        panel = self.store.get_panel(panel_id)
        own = self.service(panel_id, service_id)
        if panel is None or own is None:
            return []
        link = str(values.get("link") or values.get("username") or "")
        if link and self.unresolved_on_link(link) is not None:
            return []
        matches = self.equivalents(panel_id, service_id, limit=limit)
        return _compare.routes(matches, panel_id, own, self.convert(own.rate, panel.currency),
                               values, own_demo=panel.is_demo,
                               balances=self.last_balances(m.panel_id for m in matches))

    def price_home(self, panel_id: str, service: Service) -> Decimal | None:
        """A service's rate in the home currency (None: no rate known)."""
        panel = self.store.get_panel(panel_id)
        return None if panel is None else self.convert(service.rate, panel.currency)

    # ---------------------------------------------------------------------------- placing orders

    def find_duplicate(self, panel_id: str, service_id: int, link: str) -> LocalOrder | None:
        """An order still active (placed or uncertain, not final) for the same service and link."""
        if not link:
            return None
        return self.store.find_active_duplicate(panel_id, service_id, link.strip())

    def unresolved_on_link(self, link: str, *, exclude: int | None = None) -> LocalOrder | None:
        """The newest order on this link, on any panel and any service, that may have been
        placed and is not resolved yet (UNCERTAIN, or still SENDING); None when there is none.
        ``exclude``: an order id not to count (the one being recorded).

        Rule (docs/reliability.md, "Rules for unattended work — routes"): while one exists, no
        cheaper route, Switch or failover is offered for the link, and placing it anywhere asks
        first (``place_order`` refuses unless told the person chose to). Links compare as
        people write them (``compare.same_link``: the scheme, "www.", the case of the host and
        a trailing "/" aside)."""
        key = _compare.same_link(link)
        if not key:
            return None
        for order in self.store.unresolved_orders():
            if order.id != exclude and _compare.same_link(order.link or "") == key:
                return order
        return None

    def unresolved_block(self, link: str, *, exclude: int | None = None
                         ) -> UnresolvedOnLink | None:
        """What ``place_order`` would refuse this link with (``unresolved_on_link``, named with
        its panel), or None."""
        other = self.unresolved_on_link(link, exclude=exclude)
        if other is None:
            return None
        panel = self.store.get_panel(other.panel_id, include_removed=True)
        return UnresolvedOnLink(other, panel.name if panel is not None else other.panel_id)

    def unresolved_orders(self) -> list[LocalOrder]:
        """Orders that may have been placed and are not resolved yet (UNCERTAIN or still
        SENDING), newest first."""
        return self.store.unresolved_orders()

    def place_order(
        self,
        panel_id: str,
        service_id: int,
        fields: dict[str, Any],
        *,
        record_with: Callable[[sqlite3.Connection, int], None] | None = None,
        on_recorded: Callable[[int], None] | None = None,
        unresolved_ok: bool = False,
    ) -> LocalOrder:
        """Send one order, exactly once. Raises only ``ValidationError`` (bad input: nothing stored
        or sent) and ``OutcomeNotRecorded`` (sent, but the database took no write: treat it as
        UNCERTAIN); every other outcome is a recorded ``LocalOrder``:
        PLACED (``error`` holds what the panel said beside the id, if anything), REJECTED
        (nothing was placed; ``error`` says why) or UNCERTAIN (may have been placed: the person
        must check on the panel; never resent by the app). An answer with an order id is never
        REJECTED (``api.classify_add``).

        ``record_with(connection, order_id)`` runs inside the transaction that records the order
        as submitting (a scheduled run records itself there); an exception from it rolls that
        back and propagates: nothing is stored or sent. ``on_recorded(order_id)`` runs once that
        row is committed, before sending (the history shows "Sending…" at once).

        Raises ``UnresolvedOnLink`` (nothing stored or sent) while another order on the same
        link, on any panel and service, may have been placed and is not resolved — unless
        ``unresolved_ok`` (the person was asked and chose to order anyway). Every path that
        places passes this door: the form asks, the CLI exits 3 without ``--allow-duplicate``,
        a mass-order line is skipped, a scheduled run is held."""
        panel = self.store.get_panel(panel_id, include_removed=False)
        if panel is None:
            raise ValidationError({"panel": "This panel does not exist (any more)."})
        service = self.store.get_service(panel_id, int(service_id))
        if service is None:
            raise ValidationError({"service": "This service is not in the panel's list."})
        problems = servicetypes.validate(service, fields)
        if problems:
            raise ValidationError(problems)
        form = servicetypes.payload(service, fields)
        estimate = servicetypes.estimate(service, fields)
        quantity = servicetypes.quantity_of(service, fields)
        if servicetypes.posts_of(service, fields) is not None:
            # a subscription's quantity is max × posts, as the panel records and charges it
            quantity = servicetypes.total_quantity(service, fields)
        link = _link_of(form)
        duplicate = (
            self.store.find_active_duplicate(panel_id, service.id, link) if link else None
        )

        def recording(c: sqlite3.Connection, order_id: int) -> None:
            # Checked inside the transaction that records this order: of two placements of one
            # link at once (another process), the second sees the first.
            blocked = self.unresolved_block(link, exclude=order_id) if link else None
            if blocked is not None and not unresolved_ok:
                raise blocked
            if record_with is not None:
                record_with(c, order_id)

        order_id = self.store.insert_submitting(
            panel_id=panel_id,
            service=service,
            fields=form,
            link=link,
            quantity=quantity,
            charge_estimate=estimate,
            currency=panel.currency,
            likely_duplicate=duplicate is not None,
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
        try:
            client = self.client(panel_id)
        except (SecretsError, KeyError) as e:
            return self._record_outcome(order_id, _Outcome(SubmitState.REJECTED,
                                                           error=f"Not sent: {e}"))
        except Exception as e:  # nothing left the app: never an uncertain "sending" row
            log.exception("no client for panel %s", panel_id)
            return self._record_outcome(order_id, _Outcome(
                SubmitState.REJECTED, error=f"Not sent: {type(e).__name__}: {e}"))
        order = self._record_outcome(order_id, self._send_add(panel_id, client, service, form))
        if order.submit_state is SubmitState.PLACED:  # the end-to-end test reads this line
            log.info("order %d placed on panel %s as #%d", order_id, panel_id, order.remote_id)
        return order

    def _send_add(self, panel_id: str, client: PanelClient, service: Service,
                  form: dict[str, str]) -> _Outcome:
        """The one ``add`` of a placement and what its answer means (``api.classify_add``);
        never raises, never sends twice."""
        send = {k: v for k, v in form.items() if k != "service"}
        try:
            answer = client.place(service.id, **send)
        except RateLimitedError as e:
            self.mark_online(panel_id, True)
            return _Outcome(SubmitState.REJECTED,
                            error=f"Not sent: the panel is limiting requests ({e}); nothing was "
                                  "placed.")
        except NetworkError as e:
            self.mark_online(panel_id, False)
            if e.maybe_sent:  # said for an order: "the order may have been placed"
                why = e.message.replace(MAYBE_SENT, "").strip()
                return _Outcome(SubmitState.UNCERTAIN, error=uncertain_text(why))
            return _Outcome(SubmitState.REJECTED, error=f"Not sent: {e.message}")
        except BadResponseError as e:
            # The panel got the request and answered nonsense: it may well have placed it.
            what = e.reason + (f", HTTP {e.status_code}" if e.status_code else "")
            return _Outcome(SubmitState.UNCERTAIN, error=uncertain_text(
                f"The panel's answer could not be read ({what})."))
        except Exception as e:  # a bug or an unexpected transport error: assume it went out
            log.exception("add failed unexpectedly")
            return _Outcome(SubmitState.UNCERTAIN, error=uncertain_text(
                f"Unexpected error while sending ({type(e).__name__})."))
        self.mark_online(panel_id, True)
        if answer.outcome is SubmitState.PLACED:
            assert answer.order is not None
            note = f"placed as #{answer.order}"
            if answer.text:  # the panel's words beside the id: kept, never read as a refusal
                log.warning("panel %s placed #%d and also said something", panel_id,
                            answer.order)
                return _Outcome(SubmitState.PLACED, answer.order,
                                error=f"{PLACED_WITH_NOTE}{answer.text}",
                                note=f"{note}, and the panel also said: {answer.text}")
            return _Outcome(SubmitState.PLACED, answer.order, note=note)
        if answer.outcome is SubmitState.REJECTED:
            refused = servicetypes.refused_choice(service, form, answer.text)
            if refused is not None:  # e.g. "Incorrect delay": not offered again on this panel
                try:
                    self.store.add_unsupported(
                        panel_id, servicetypes.refused_choice_key(refused, str(form[refused])))
                except Exception:  # a nicety: the refusal itself must still be recorded
                    log.warning("could not note the refused choice", exc_info=True)
            return _Outcome(SubmitState.REJECTED, error=answer.text)
        return _Outcome(SubmitState.UNCERTAIN, error=uncertain_text(answer.text))

    def _record_outcome(self, order_id: int, outcome: _Outcome) -> LocalOrder:
        """Write what the ``add`` came to. After the send nothing may escape as a plain error
        (a caller would call it a failure and the person might order again): a write that
        fails is followed by an UNCERTAIN one saying what the panel answered; when that fails
        too, ``OutcomeNotRecorded`` — the row stays "sending", which the next opening of the
        data (or ``recover_interrupted``) turns UNCERTAIN."""
        try:
            return self.store.set_submit_result(
                order_id, outcome.state, remote_id=outcome.remote_id, error=outcome.error,
                note=outcome.note)
        except RemoteIdTaken as e:
            # The panel answered with an id another local order already holds: something was
            # placed, but which order is which must be checked by the person.
            owner = e.owner.id if e.owner is not None else "?"
            log.warning("order %d was answered with #%s, already held by order %s", order_id,
                        outcome.remote_id, owner)
            why = (f"The panel answered with order #{outcome.remote_id}, which is already "
                   f"recorded for order {owner}.")
            failed: Exception = e
        except Exception as e:
            if self.store.closed:
                # The app quit while this was out and chose not to wait: the order was recorded
                # UNCERTAIN then (``abandon_sending``); the store's own error says so to the
                # caller (a scheduled run expects it).
                raise
            log.exception("the outcome of order %d (%s) could not be saved", order_id,
                          outcome.state.value)
            why = (f"The panel answered with order #{outcome.remote_id}, but saving that failed "
                   f"({type(e).__name__})." if outcome.remote_id is not None else
                   f"The panel answered, but saving its answer failed ({type(e).__name__}).")
            failed = e
        try:
            return self.store.set_submit_result(order_id, SubmitState.UNCERTAIN,
                                                error=uncertain_text(why))
        except Exception as e:
            log.exception("order %d could not be marked uncertain either", order_id)
            raise OutcomeNotRecorded(order_id, outcome.state, outcome.remote_id, e) from failed

    def abandon_sending(self) -> int:
        """The app quits while ``add`` requests are out: record their orders UNCERTAIN now, as
        after a crash (an answer that still arrives before the process ends replaces it)."""
        n = self.store.submitting_to_uncertain(
            note="SMM Desk was closed while sending this order: it may have been placed.")
        if n:  # a scheduled run among them is uncertain too, and its schedule pauses
            self._automation.finish_sending(datetime.now(UTC))
        return n

    def check_resolution(self, local_id: int, remote_id: int) -> ResolveCheck:
        """Before "this UNCERTAIN order is #remote_id" changes anything: is the id already another
        order's here, does the panel know it, and does its answer fit this order? Asks the
        panel (one status request); changes nothing."""
        order = self.store.get_order(local_id)
        if order.submit_state is not SubmitState.UNCERTAIN:
            raise ValueError(f"order {local_id} is {order.submit_state.value}, not uncertain")
        remote_id = int(remote_id)
        owner = self.store.find_by_remote(order.panel_id, remote_id)
        absorbs = None
        if owner is not None and owner.id != local_id:
            if not self.store.is_tracked(owner.id):
                return ResolveCheck(order, remote_id, taken_by=owner)
            absorbs = owner  # imported by id: this very order, tracked before it was resolved
        try:
            status: OrderStatus = self._network(order.panel_id, lambda c: c.status(remote_id))
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
        has there (→ PLACED, then tracked by sync), or None: it was not placed (→ REJECTED).

        An id held by an order ``track`` imported is this order's own (that copy is folded into
        it: ``ResolveCheck.absorbs``). An id already held by another order of the panel, or
        unknown to the panel, raises
        ``ResolveRefused`` (a ``ValueError``); so does a panel answer that contradicts the order
        (charge, quantity) unless ``accept_mismatch`` (the person saw it and confirmed). Nothing
        changes when it raises. A panel that cannot be asked now does not block it."""
        if remote_id is None:
            order = self.store.get_order(local_id)
            if order.submit_state is not SubmitState.UNCERTAIN:
                raise ValueError(f"order {local_id} is {order.submit_state.value}, not uncertain")
            return self.store.resolve(local_id, None, None)
        check = self.check_resolution(local_id, int(remote_id))
        if check.refused or (check.mismatches and not accept_mismatch):
            raise ResolveRefused(check)
        try:
            return self.store.resolve(local_id, check.remote_id, check.status,
                                      absorb=check.absorbs.id if check.absorbs else None)
        except RemoteIdTaken as e:  # taken between the check and now
            raise ResolveRefused(ResolveCheck(check.order, check.remote_id,
                                              taken_by=e.owner)) from None

    # ---------------------------------------------------------------------------- sync

    def sync_statuses(
        self,
        panel_id: str | None = None,
        *,
        should_stop: Callable[[], bool] | None = None,
        force: bool = False,
    ) -> SyncReport:
        """Refresh the statuses of every order that can still change, ≤100 per request.

        A panel that failed recently is skipped (and said so) until its back-off ends, unless
        ``force``. ``should_stop`` is checked between requests. Statuses only: the GUI and
        anything that wants the whole job (refills, what changed) use ``sync_panel``."""
        panels = [self.panel(panel_id)] if panel_id is not None else self.panels()
        self.recover_interrupted()
        reports: list[SyncReport] = []
        for panel in panels:
            if should_stop is not None and should_stop():
                break
            wait = self.backoff.remaining(panel.id)
            if wait > 0 and not force:
                reports.append(_skipped(panel, wait))
                continue
            report, failed = self._poll(panel, should_stop)
            if failed:
                delay = self.backoff.failed(panel.id)
                report.errors.append(f"{panel.name}: next try in {delay:.0f} s")
            elif failed is False:
                self.backoff.succeeded(panel.id)
            reports.append(report)
        return _sync.merge(reports)

    def refresh_orders(self, local_ids: Iterable[int]) -> SyncReport:
        """Ask the panels for the current status of these orders now (the ones that can still
        change: placed, not final); the others are left as they are. Ignores the back-off: the
        person asked for it."""
        reports: list[SyncReport] = []
        for panel_id, orders in self._by_panel(local_ids).items():
            remote_ids = [o.remote_id for o in orders if o.remote_id is not None
                          and o.submit_state is SubmitState.PLACED and not o.state.is_final]
            if not remote_ids:
                continue
            panel = self.store.get_panel(panel_id, include_removed=False)
            if panel is None:
                continue  # a removed panel: its orders stay as they were
            try:
                client = self.client(panel_id)
            except SecretsError as e:
                reports.append(SyncReport(errors=[f"{panel.name}: {e}"]))
                continue
            report, failed = _sync.sync_panel(
                self.store, panel_id, client.statuses, label=panel.name, only=remote_ids)
            self.mark_online(panel_id, not failed)
            reports.append(report)
        return _sync.merge(reports)

    def orders_by_remote_id(self, remote_id: int, panel_id: str | None = None) -> list[LocalOrder]:
        """The orders in the history that have this id on their panel (one per panel at most,
        unless the same order was tracked twice), oldest first."""
        panels = [panel_id] if panel_id is not None else [
            p.id for p in self.store.list_panels(include_removed=True)]
        found = (self.store.find_by_remote(pid, int(remote_id)) for pid in panels)
        return sorted((o for o in found if o is not None), key=lambda o: o.id)

    def sync_panel(
        self,
        panel_id: str,
        *,
        should_stop: Callable[[], bool] | None = None,
        refills: bool = True,
        force: bool = False,
    ) -> PanelSync:
        """The one way to sync a panel: its active orders' statuses, then its pending refills;
        says which orders changed and which finished (Completed/Partial/Canceled).

        Network: run it on a worker. A panel still backed off is skipped (``skipped``) unless
        ``force`` (F5). The outcome feeds the one back-off policy (``self.backoff``) and the one
        notion of online (``is_online``); ``PanelSync.failed`` says the panel is backed off, and
        so does an exception (a sync that raised counts as a failure)."""
        panel = self.panel(panel_id)
        self.recover_interrupted()
        wait = self.backoff.remaining(panel_id)
        if wait > 0 and not force:
            return PanelSync(panel_id, _skipped(panel, wait), online=self.is_online(panel_id),
                             skipped=True)
        try:
            result = self._sync_panel(panel, should_stop, refills)
        except Exception:
            self.backoff.failed(panel_id)
            raise
        if result.failed:
            self.backoff.failed(panel_id)
        else:
            self.backoff.succeeded(panel_id)
        return result

    def _sync_panel(
        self, panel: Panel, should_stop: Callable[[], bool] | None, refills: bool
    ) -> PanelSync:
        started = time.monotonic()
        panel_id = panel.id
        try:
            key_missing = not self.has_key(panel_id)
        except SecretsError:
            key_missing = False  # the keyring itself failed: _poll reports it
        if key_missing:  # e.g. after a restart without a system keyring: nothing is asked
            return PanelSync(panel_id, SyncReport(), online=None, key_missing=True,
                             seconds=time.monotonic() - started)
        since = datetime.now(UTC)
        before = {o.id: o for o in self.store.order_page(
            HistoryFilter(panel_ids=(panel_id,), bucket="active"), None, 0, None)}
        report, _failed = self._poll(panel, should_stop)
        if report.requests == 0 and self.is_online(panel_id) is False and not (
                should_stop is not None and should_stop()):
            # Nothing to poll, but the panel is marked offline: ask it something cheap, or it
            # would stay "offline" for as long as it has no active orders (issue 17).
            try:
                self.balance(panel_id)
            except (PanelError, SecretsError) as e:
                report.errors.append(f"{panel.name}: {e}")
        if not (should_stop is not None and should_stop()):
            try:  # a watched balance, at most every 15 minutes (issue 22): alerts in the tray
                self.check_balance_due(panel_id)
            except (PanelError, SecretsError) as e:
                log.info("balance check of %s failed: %s", panel_id, type(e).__name__)
        asked = 0
        if refills and not (should_stop is not None and should_stop()):
            try:
                asked = self.refill_statuses(panel_id)
            except Exception:  # refills are a nicety: a failure here must not lose the sync
                log.warning("refill statuses of %s failed", panel_id, exc_info=True)
                asked = 0
        changed = [
            o for o in self.store.order_page(
                HistoryFilter(panel_ids=(panel_id,), updated_since=since), None, 0, None)
            if o.id in before and before[o.id] != o  # sync only changes the orders it polls
        ]
        finished = [
            o for o in changed
            if o.state in NOTIFY_STATES and before[o.id].state not in NOTIFY_STATES
            and o.submit_state is SubmitState.PLACED
        ]
        return PanelSync(
            panel_id=panel_id,
            report=report,
            changed=changed,
            finished=finished,
            online=self.is_online(panel_id),
            refills_checked=asked,
            seconds=time.monotonic() - started,
        )

    def _poll(
        self, panel: Panel, should_stop: Callable[[], bool] | None
    ) -> tuple[SyncReport, bool | None]:
        """One panel's status requests. (report, failed); failed is None when nothing could be
        asked (no key)."""
        try:
            client = self.client(panel.id)
        except SecretsError as e:
            return SyncReport(errors=[f"{panel.name}: {e}"]), None
        report, failed = _sync.sync_panel(
            self.store, panel.id, client.statuses, label=panel.name, should_stop=should_stop
        )
        if failed:
            self.mark_online(panel.id, False)
        else:
            if report.requests:
                self.mark_online(panel.id, True)
            self.store.set_last_sync(panel.id)
        return report, failed

    # Back-off and online, in memory only (no I/O: safe to call from the GUI thread).

    def set_sync_backoff(self, *, base: float, cap: float) -> None:
        """The back-off policy's numbers (the GUI's timer: two intervals, capped at an hour)."""
        self.backoff.configure(base=base, cap=cap)

    def sync_due(self, panel_id: str) -> bool:
        """The panel's back-off has passed (or it never failed): a timed sync may ask it."""
        return self.backoff.due(panel_id)

    @property
    def sync_clock(self) -> Callable[[], float]:
        """The back-off policy's clock (monotonic seconds); tests may replace it."""
        return self.backoff.clock

    @sync_clock.setter
    def sync_clock(self, clock: Callable[[], float]) -> None:
        self.backoff.clock = clock

    def sync_retry_at(self, panel_id: str) -> float | None:
        """When (on ``backoff.clock``, monotonic seconds) a backed-off panel may be tried again;
        None when it is not backed off."""
        return self.backoff.retry_at(panel_id)

    def sync_failures(self, panel_id: str) -> int:
        """Failed syncs in a row (0: the last one worked)."""
        return self.backoff.failures(panel_id)

    def note_offline(self, panel_id: str, offline: bool = True) -> None:
        """The panel was seen failing outside a sync (e.g. its balance): back it off as after
        one failure; ``offline=False``: it answered again, clear the back-off."""
        if offline:
            self.backoff.hold(panel_id)
        else:
            self.backoff.succeeded(panel_id)

    def track_orders(self, panel_id: str, remote_ids: Iterable[int] | str) -> TrackResult:
        """Import orders placed elsewhere (the panel's website, another tool) by their ids.

        The API cannot list orders, so the person gives ids: a list, or text such as
        ``"1200-1250, 1300"`` (see ``smmdesk.sync.parse_id_list``, ``track_range``). Ids already
        in the history are returned, not doubled. The status API does not say which service an
        order used, so tracked orders have ``service_id`` 0 and an empty service name."""
        self.panel(panel_id)
        if isinstance(remote_ids, str):
            remote_ids = _sync.parse_id_list(remote_ids)
        ids = list(dict.fromkeys(int(i) for i in remote_ids))
        result = TrackResult()
        fresh: list[int] = []
        for rid in ids:
            known = self.store.find_by_remote(panel_id, rid)
            if known is not None:
                result.append(known)
            else:
                fresh.append(rid)
        client = self.client(panel_id) if fresh else None
        for chunk in _sync.chunks(fresh):
            assert client is not None
            result.requests += 1
            try:
                answers = client.statuses(chunk)
            except ApiError as e:
                if e.kind is ErrorKind.ORDER_ID and len(chunk) == 1:
                    answers = {chunk[0]: e}
                else:
                    result.failed.update({rid: e.message for rid in chunk})
                    continue
            except PanelError as e:
                self.mark_online(panel_id, False)
                result.failed.update({rid: str(e) for rid in chunk})
                continue
            self.mark_online(panel_id, True)
            for rid in chunk:
                value = answers.get(rid)
                if isinstance(value, OrderStatus):
                    try:
                        oid = self.store.insert_tracked(panel_id, rid, value)
                    except RemoteIdTaken as e:  # tracked meanwhile by another worker
                        if e.owner is not None:
                            result.append(e.owner)
                        continue
                    result.append(self.store.get_order(oid))
                elif isinstance(value, ApiError) and value.kind is ErrorKind.ORDER_ID:
                    result.unknown.append(rid)
                else:
                    result.failed[rid] = value.message if isinstance(value, ApiError) else "?"
        return result

    def track_range(self, panel_id: str, first: int, last: int) -> TrackResult:
        return self.track_orders(panel_id, _sync.id_range(first, last))

    # ---------------------------------------------------------------------------- refill & cancel

    def _by_panel(self, local_ids: Iterable[int]) -> dict[str, list[LocalOrder]]:
        groups: dict[str, list[LocalOrder]] = {}
        for o in self.store.get_orders(list(dict.fromkeys(local_ids))):
            groups.setdefault(o.panel_id, []).append(o)
        return groups

    def _batch_action(
        self, feature: str, local_ids: Iterable[int]
    ) -> tuple[list[ActionResult], dict[str, tuple[list[LocalOrder], dict[int, Any]]]]:
        """Common part of refill/cancel: group by panel, send, record "Incorrect request"."""
        results: list[ActionResult] = []
        answers: dict[str, tuple[list[LocalOrder], dict[int, Any]]] = {}
        for panel_id, orders in self._by_panel(local_ids).items():
            sendable = [o for o in orders if o.remote_id is not None
                        and o.submit_state is SubmitState.PLACED]
            for o in orders:
                if o not in sendable:
                    results.append(ActionResult(o.id, False, "This order was not placed."))
            if not sendable:
                continue
            panel = self.store.get_panel(panel_id)
            if panel is not None and feature in panel.unsupported:
                results.extend(ActionResult(o.id, False, f"This panel does not support {feature}.",
                                            panel_wide=True) for o in sendable)
                continue
            ids = [o.remote_id for o in sendable if o.remote_id is not None]
            method = "refills" if feature == "refill" else "cancel"
            try:
                answer = self._network(panel_id, methodcaller(method, ids))
            except ApiError as e:
                if e.kind is ErrorKind.UNSUPPORTED:
                    self.store.add_unsupported(panel_id, feature)
                    msg = f"This panel does not support {feature} ({e.message})."
                else:
                    msg = e.message
                results.extend(ActionResult(o.id, False, msg, panel_wide=True) for o in sendable)
                continue
            except (PanelError, SecretsError) as e:
                results.extend(ActionResult(o.id, False, str(e), panel_wide=True)
                               for o in sendable)
                continue
            answers[panel_id] = (sendable, answer)
        return results, answers

    def refill(self, local_ids: Iterable[int]) -> list[ActionResult]:
        """Ask for refills (≤100 per request). Accepted means requested, not done."""
        results, answers = self._batch_action("refill", local_ids)
        for sendable, answer in answers.values():
            for o in sendable:
                value = answer.get(o.remote_id) if o.remote_id is not None else None
                if isinstance(value, str):
                    self.store.add_refill(o.id, value, None)
                    results.append(ActionResult(o.id, True, f"Refill #{value} requested.", value))
                else:
                    msg = value.message if isinstance(value, ApiError) else "no answer"
                    self.store.add_refill(o.id, None, msg)
                    # an error of a whole later chunk (api._write_batch) is not this order's
                    wide = not isinstance(value, ApiError) or value.__cause__ is not None
                    results.append(ActionResult(o.id, False, msg, panel_wide=wide))
        return results

    def refill_statuses(self, panel_id: str | None = None) -> int:
        """Refresh pending refills; returns how many were asked about."""
        groups: dict[str, list[tuple[int, str]]] = {}
        for rowid, pid, rid in self.store.pending_refills(panel_id):
            groups.setdefault(pid, []).append((rowid, rid))
        asked = 0
        for pid, items in groups.items():
            panel = self.store.get_panel(pid, include_removed=False)
            if panel is None or "refill_status" in panel.unsupported:
                continue
            refill_ids = [rid for _, rid in items]
            try:
                answer = self._network(pid, methodcaller("refill_statuses", refill_ids))
            except ApiError as e:
                if e.kind is ErrorKind.UNSUPPORTED:
                    self.store.add_unsupported(pid, "refill_status")
                continue
            except (PanelError, SecretsError):
                continue
            for rowid, rid in items:
                value = answer.get(rid)
                asked += 1
                if isinstance(value, str):
                    words = value.strip().lower()
                    state = "rejected" if "reject" in words else normalize_state(value).value
                    self.store.update_refill(rowid, state, value)
                elif isinstance(value, ApiError):
                    self.store.update_refill(rowid, "unknown", None, value.message)
        return asked

    def cancel(self, local_ids: Iterable[int]) -> list[ActionResult]:
        """Ask the panel to cancel orders. Accepted means requested: sync shows the outcome."""
        results, answers = self._batch_action("cancel", local_ids)
        for sendable, answer in answers.values():
            for o in sendable:
                value = answer.get(o.remote_id) if o.remote_id is not None else None
                if value is True:
                    self.store.add_event(o.id, "cancel", "cancel requested")
                    results.append(ActionResult(o.id, True, "Cancel requested."))
                else:
                    msg = (value.message if isinstance(value, ApiError)
                           else "The panel refused to cancel this order.")
                    self.store.add_event(o.id, "cancel", f"cancel refused: {msg}")
                    results.append(ActionResult(o.id, False, msg))
        return results

    # ---------------------------------------------------------------------------- history

    def orders(
        self,
        panel_id: str | None = None,
        *,
        states: Iterable[OrderState] | None = None,
        search: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[LocalOrder]:
        f = OrderFilter(
            panel_ids=(panel_id,) if panel_id is not None else None,
            states=tuple(states) if states is not None else None,
            search=search,
        )
        return self.store.order_page(f, None, offset, limit)

    def order(self, local_id: int) -> LocalOrder:
        return self.store.get_order(local_id)

    def order_page(
        self,
        filters: OrderFilter | dict[str, Any] | None = None,
        sort: Sort | None = None,
        offset: int = 0,
        limit: int | None = 200,
    ) -> list[LocalOrder]:
        return self.store.order_page(filters, sort, offset, limit)

    def order_count(
        self, filters: OrderFilter | dict[str, Any] | None = None, *, cap: int | None = None
    ) -> int:
        """How many orders match; with ``cap``, at most ``cap + 1`` (meaning "more than cap")."""
        return self.store.order_count(filters, cap=cap)

    def order_counts(self, filters: OrderFilter | dict[str, Any] | None = None) -> dict[str, int]:
        return self.store.order_counts_by_bucket(filters)

    def order_events(self, local_id: int) -> list[OrderEvent]:
        return self.store.order_events(local_id)

    def order_refills(self, local_id: int) -> list[Refill]:
        return self.store.order_refills(local_id)

    # ---------------------------------------------------------------------------- spending

    def spending(
        self,
        panel_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        bucket: str = "day",
        *,
        demo: bool | None = False,
    ) -> list[tuple[date, str, str | None, Decimal]]:
        """Money spent per period (UTC days, or weeks starting Monday), panel and currency.

        Counts placed orders: the panel's charge when known, else the estimate; a canceled or
        failed order with no charge counts 0. Rule: the demo panel's simulated spending is
        never part of real totals. Without ``panel_id``, ``demo=False`` (the default) counts
        the real panels only, ``True`` the demo panel only (shown apart, labelled), ``None``
        both; a ``panel_id`` counts that panel whatever its kind."""
        if bucket not in ("day", "week"):
            raise ValueError("bucket is 'day' or 'week'")
        sums: dict[tuple[date, str, str | None], Decimal] = {}
        for created, pid, currency, charge, estimate, state in self.store.spending_rows(
            panel_id, since, until, demo=None if panel_id is not None else demo
        ):
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

    def spending_totals(
        self,
        panel_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        demo: bool | None = False,
    ) -> list[tuple[str, str | None, Decimal]]:
        """Total per (panel, currency) over the period (``demo`` as in ``spending``)."""
        totals: dict[tuple[str, str | None], Decimal] = {}
        for _, pid, currency, amount in self.spending(panel_id, since, until, demo=demo):
            totals[(pid, currency)] = totals.get((pid, currency), Decimal(0)) + amount
        return [(p, c, v) for (p, c), v in sorted(totals.items(), key=lambda kv: (
            kv[0][0], kv[0][1] or ""))]


def _skipped(panel: Panel, wait: float) -> SyncReport:
    return SyncReport(errors=[
        f"{panel.name}: skipped, it failed recently (next try in {wait:.0f} s)"])


def _amount(charge: str | None, estimate: str | None, state: str) -> Decimal | None:
    try:
        if charge is not None:
            return Decimal(charge)
        if state in (OrderState.CANCELED.value, OrderState.FAILED.value):
            return Decimal(0)
        return Decimal(estimate) if estimate is not None else None
    except ArithmeticError:
        return None


def utcnow() -> datetime:
    return datetime.now(UTC)
