"""Status sync: which orders to ask about, in batches of ≤100, each batch applied atomically,
and when each panel is due.

Only orders that can still change are polled (``poll_statuses``): PLACED, not in a final state,
not marked "not found"; each batch's answer says which orders it changed (``Store.apply_statuses``
returns their ids: nothing is found by comparing two reads). A panel that fails is backed off
(exponentially, remembered per panel in memory) so a dead panel does not cost a timeout on every
sync. The policy is the core's, in small clock-injectable classes: ``PanelBackoff`` (the one
back-off) and ``SyncPolicy`` (what is due now: one interval after a panel's last good sync, or
when its back-off ends) — the GUI's timer only asks them. ``PanelSync`` is the one answer to "sync
this panel" (``Workspace.sync_panel``, the one door).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from smmdesk.errors import ApiError, ErrorKind, PanelError
from smmdesk.models import LocalOrder, OrderStatus, SyncReport
from smmdesk.store import Store

log = logging.getLogger(__name__)

BATCH_SIZE = 100
# Status requests kept in flight per panel during a sync. Two halves the wait on a slow panel
# without looking like a flood (the client still honours 429 and Retry-After).
IN_FLIGHT = 2
MAX_TRACK_RANGE = 10_000

StatusClient = Callable[[list[int]], dict[int, OrderStatus | ApiError]]


class PanelBackoff:
    """The one back-off policy: after ``n`` failures in a row a panel waits
    ``base × 2^(n-1)`` seconds (30 s, 60 s, 120 s … by default), capped at ``cap``.

    A success clears it. Thread-safe; kept in memory only (a restart tries every panel)."""

    def __init__(
        self, base: float = 30.0, cap: float = 1800.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.base = base
        self.cap = cap
        self.clock = clock  # monotonic seconds; replaceable (tests drive it by hand)
        self._lock = threading.Lock()
        self._failures: dict[str, int] = {}
        self._until: dict[str, float] = {}

    def configure(self, *, base: float, cap: float) -> None:
        """Change the policy's numbers; waits already running keep their end."""
        with self._lock:
            self.base = float(base)
            self.cap = float(cap)

    def delay(self, failures: int) -> float:
        """The wait after ``failures`` failures in a row (0 for none)."""
        if failures <= 0:
            return 0.0
        return float(min(self.cap, self.base * 2 ** min(failures - 1, 32)))

    def retry_at(self, panel_id: str) -> float | None:
        """When (on ``clock``) the panel may be polled again; None when it is not backed off."""
        with self._lock:
            return self._until.get(panel_id)

    def remaining(self, panel_id: str) -> float:
        """Seconds until the panel may be polled again; 0 when it may be polled now."""
        until = self.retry_at(panel_id)
        if until is None:
            return 0.0
        return max(0.0, until - self.clock())

    def due(self, panel_id: str) -> bool:
        return self.remaining(panel_id) <= 0

    def failed(self, panel_id: str) -> float:
        """Record a failure; returns the back-off now in force (seconds)."""
        with self._lock:
            n = self._failures.get(panel_id, 0) + 1
            self._failures[panel_id] = n
            delay = self.delay(n)
            self._until[panel_id] = self.clock() + delay
        return delay

    def hold(self, panel_id: str) -> float:
        """The panel was seen failing elsewhere (not by a sync): wait as after at least one
        failure, without counting another. Returns the back-off now in force."""
        with self._lock:
            n = max(1, self._failures.get(panel_id, 0))
            self._failures[panel_id] = n
            delay = self.delay(n)
            self._until[panel_id] = self.clock() + delay
        return delay

    def succeeded(self, panel_id: str) -> None:
        with self._lock:
            self._failures.pop(panel_id, None)
            self._until.pop(panel_id, None)

    def failures(self, panel_id: str) -> int:
        with self._lock:
            return self._failures.get(panel_id, 0)

    def backed_off(self) -> set[str]:
        """The panels waiting out a back-off (or that did, and have not succeeded since)."""
        with self._lock:
            return set(self._until)


class SyncPolicy:
    """When each panel's status sync is due: one ``interval`` after its last good sync (at once
    when it never synced here), or — while it is backed off — when its back-off ends. The app's
    timer asks ``due`` ("what is due now?") and ``next_due_in`` (when to wake up); nothing else
    decides it. The clock is the back-off's (monotonic seconds; tests drive it by hand).
    Thread-safe; in memory only (a restart finds every panel due)."""

    def __init__(self, backoff: PanelBackoff, interval: float = 300.0) -> None:
        self.backoff = backoff
        self.interval = float(interval)
        self._lock = threading.Lock()
        self._last_ok: dict[str, float] = {}

    @property
    def clock(self) -> Callable[[], float]:
        return self.backoff.clock

    def synced(self, panel_id: str) -> None:
        """A sync of the panel worked just now (its next one is an interval away)."""
        with self._lock:
            self._last_ok[panel_id] = self.clock()

    def forget(self, panel_id: str) -> None:
        with self._lock:
            self._last_ok.pop(panel_id, None)
        self.backoff.succeeded(panel_id)

    def due_at(self, panel_id: str) -> float:
        """When (on ``clock``) the panel is due: its back-off's end, else one interval after
        its last good sync; 0 when it never synced."""
        retry_at = self.backoff.retry_at(panel_id)
        if retry_at is not None:
            return retry_at
        with self._lock:
            last = self._last_ok.get(panel_id)
        return 0.0 if last is None else last + self.interval

    def due_in(self, panel_id: str) -> float:
        """Seconds until the panel is due (0: now)."""
        return max(0.0, self.due_at(panel_id) - self.clock())

    def due(self, panel_ids: Iterable[str], *, slack: float = 1.0) -> list[str]:
        """The panels among ``panel_ids`` due now (within ``slack`` seconds: a timer woken a
        moment early for one of them does not leave it for a whole interval)."""
        now = self.clock()
        return [pid for pid in panel_ids if self.due_at(pid) <= now + slack]

    def next_due_in(self) -> float:
        """Seconds until the earliest panel this policy knows (synced or backed off) is due, at
        most one interval: when a timer should wake up next."""
        with self._lock:
            known = set(self._last_ok)
        known |= self.backoff.backed_off()
        now = self.clock()
        wait = self.interval
        for pid in known:
            wait = min(wait, self.due_at(pid) - now)
        return max(0.0, wait)


@dataclass
class PanelSync:
    """What syncing one panel did (``Workspace.sync_panel``): the report, the orders that changed
    (to update rows in place; their ids are ``report.changed_ids``) and those that reached
    Completed/Partial/Canceled (to notify; ``report.finished_ids``).

    ``online`` is the workspace's one notion of it after the sync (None: never asked);
    ``skipped``: the panel was still backed off and nothing was asked, or (``elsewhere``)
    another desk of the team is syncing it now."""

    panel_id: str
    report: SyncReport
    changed: list[LocalOrder] = field(default_factory=list)
    finished: list[LocalOrder] = field(default_factory=list)
    online: bool | None = None
    refills_checked: int = 0
    seconds: float = 0.0
    skipped: bool = False
    key_missing: bool = False  # no API key stored: nothing was asked, the panel not reached
    elsewhere: bool = False  # skipped: another desk of the team is syncing this panel now

    @property
    def checked(self) -> bool:
        """Were the panel's statuses really checked (asked, or nothing left to ask)? Not when
        it was skipped, its key is missing or every attempt failed before a request was made:
        then "statuses checked just now" would not be true."""
        if self.key_missing or self.skipped:
            return False
        return self.report.requests > 0 or not self.report.errors

    @property
    def failed(self) -> bool:
        """The panel could not be reached (or refused every request): it is backed off."""
        return self.online is False


@dataclass
class _Tally:
    requests: int = 0
    updated: int = 0
    checked: int = 0
    not_found: int = 0
    errors: list[str] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    finished: list[int] = field(default_factory=list)

    def report(self) -> SyncReport:
        return SyncReport(
            requests=self.requests,
            updated=self.updated,
            checked=self.checked,
            not_found=self.not_found,
            errors=list(self.errors),
            changed_ids=tuple(self.changed),
            finished_ids=tuple(self.finished),
        )


def chunks(ids: list[int], size: int = BATCH_SIZE) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def id_range(first: int, last: int, *, limit: int = MAX_TRACK_RANGE) -> list[int]:
    """The ids first..last inclusive (either order), for "track orders 1200-1350"."""
    lo, hi = sorted((int(first), int(last)))
    if lo < 1:
        raise ValueError("order ids start at 1")
    if hi - lo + 1 > limit:
        raise ValueError(f"a range may hold at most {limit} ids")
    return list(range(lo, hi + 1))


MAX_ORDER_ID = 2**63 - 1  # SQLite's INTEGER


class NotAnOrderId(ValueError):
    """A piece of the typed id list is not an order id; ``typed`` is that piece as typed
    (``-5``, ``12a``), for the message to quote."""

    def __init__(self, typed: str) -> None:
        super().__init__(f"not an order id: “{typed[:30]}”")
        self.typed = typed[:30]


def _order_id(token: str) -> int:
    token = token.strip()
    if not token.isascii() or not token.isdigit() or len(token) > 19:
        raise NotAnOrderId(token)
    value = int(token)
    if not 1 <= value <= MAX_ORDER_ID:
        raise ValueError(f"order ids run from 1 to {MAX_ORDER_ID}; got {token}")
    return value


def parse_id_list(text: str, *, limit: int = MAX_TRACK_RANGE) -> list[int]:
    """"12, 15 20-25\\n30" -> [12, 15, 20, …, 25, 30] (order kept, duplicates dropped)."""
    out: list[int] = []
    for typed in text.replace(",", " ").replace(";", " ").split():
        token = typed.strip().lstrip("#")
        try:
            if "-" in token:
                a, _, b = token.partition("-")
                first, last = _order_id(a), _order_id(b)
            elif token:
                first = last = _order_id(token)
            else:
                continue
        except NotAnOrderId:
            raise NotAnOrderId(typed) from None  # quote what was typed, not a fragment of it
        out.extend([first] if first == last else id_range(first, last, limit=limit))
        if len(out) > limit:
            raise ValueError(f"at most {limit} ids at a time")
    return list(dict.fromkeys(out))


def poll_statuses(
    store: Store,
    panel_id: str,
    statuses: StatusClient,
    *,
    label: str | None = None,
    should_stop: Callable[[], bool] | None = None,
    in_flight: int = IN_FLIGHT,
    only: Iterable[int] | None = None,
) -> tuple[SyncReport, bool]:
    """Poll one panel's active orders (``only``: just those of these remote ids). Returns
    (report, panel_failed); the report names the orders changed (``changed_ids``,
    ``finished_ids``). The engine of ``Workspace.sync_panel`` and ``refresh_orders``.

    ``statuses`` fetches ≤100 ids in one request (``PanelClient.statuses``). Up to ``in_flight``
    requests run at once (status reads are safe to overlap; a panel's latency, not its work, is
    what a sync waits on). Each batch's answer is applied in its own transaction, on this thread,
    so a crash or a stop between batches loses nothing.
    """
    name = label or panel_id
    tally = _Tally()
    wanted = set(only) if only is not None else None
    remote_ids = list(dict.fromkeys(rid for _, rid in store.orders.active_orders(panel_id)
                                    if wanted is None or rid in wanted))
    pending = iter(chunks(remote_ids))
    failed = False
    stopped = False

    def next_chunk() -> list[int] | None:
        nonlocal stopped
        if failed or stopped:
            return None
        if should_stop is not None and should_stop():
            stopped = True
            return None
        return next(pending, None)

    with ThreadPoolExecutor(max_workers=max(1, in_flight), thread_name_prefix="sync") as pool:
        running: dict[Future, list[int]] = {}
        for _ in range(max(1, in_flight)):
            chunk = next_chunk()
            if chunk is None:
                break
            running[pool.submit(statuses, chunk)] = chunk
            tally.requests += 1
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in done:
                chunk = running.pop(fut)
                try:
                    result = fut.result()
                except ApiError as e:
                    if e.kind is ErrorKind.ORDER_ID and len(chunk) == 1:
                        result = {chunk[0]: e}
                    else:
                        tally.errors.append(f"{name}: {e.message}")
                        failed = True
                        continue
                except PanelError as e:
                    tally.errors.append(f"{name}: {e}")
                    failed = True
                    continue
                _apply(store, panel_id, chunk, result, tally)
                following = next_chunk()
                if following is not None:
                    running[pool.submit(statuses, following)] = following
                    tally.requests += 1
    if stopped:
        tally.errors.append(f"{name}: stopped before all orders were checked")
    return tally.report(), failed


def _apply(
    store: Store,
    panel_id: str,
    chunk: list[int],
    result: dict[int, OrderStatus | ApiError],
    tally: _Tally,
) -> None:
    applied: dict[int, OrderStatus | Exception] = {}
    lost: list[int] = []
    for rid, value in result.items():
        if isinstance(value, OrderStatus):
            applied[rid] = value
        elif isinstance(value, ApiError) and value.kind is ErrorKind.ORDER_ID:
            applied[rid] = value
            lost.append(rid)
    changes = store.orders.apply_statuses(panel_id, applied, not_found=lost)
    tally.checked += len(chunk)
    tally.updated += len(changes.updated)
    tally.not_found += len(changes.not_found)
    tally.changed.extend(changes.changed)
    tally.finished.extend(changes.finished)


def merge(reports: Iterable[SyncReport]) -> SyncReport:
    t = _Tally()
    for r in reports:
        t.requests += r.requests
        t.updated += r.updated
        t.checked += r.checked
        t.not_found += r.not_found
        t.errors.extend(r.errors)
        t.changed.extend(r.changed_ids)
        t.finished.extend(r.finished_ids)
    return t.report()
