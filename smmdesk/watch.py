"""Provider watch: how each service really delivers, from the person's own orders.

``Watch`` is the part of the ``Workspace`` that reads the roll-ups the store keeps as statuses
come in (``smmdesk.store.watch``; schema v18) and turns them into:

* delivery statistics per service and per panel (``service_stats``, ``panel_stats``) over a
  window (90 days): orders, the median and 90th percentile of the time to start (placed → first
  seen in progress, processing or completed) and to complete, the Partial, Canceled, refill and
  "not found" rates — None where there are too few orders to say (``MIN_ORDERS``);
* orders that need attention (``attention``): *stuck* (not started after max(the threshold,
  ``stuck_factor`` × the service's p90 start)) and *slow* (in progress past ``slow_factor`` ×
  its p90 completion), with one alert per order and a suggested action;
* equivalents ranked by what is delivered (``equivalents(rank=...)``), routes that skip a
  service whose record is bad and say so (``routes_for``);
* successors of a removed service and one re-pointing of everything that named it
  (``successors``, ``remap_service``), the catalogue's changes per refresh;
* active orders that overlap on a link (``overlapping``, used by the one placement door);
* refill windows (``refill_until``) and the reminder before one closes.

Qt-free; every check takes ``now`` (tests drive the clock).
"""

from __future__ import annotations

import json
import logging
import math
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from smmdesk import compare
from smmdesk.compare import Match, Route
from smmdesk.models import (
    MIN_ORDERS,
    LocalOrder,
    OrderState,
    Service,
    ServicesDiff,
    ServiceStats,
)
from smmdesk.refillwindow import RefillWindow, order_window
from smmdesk.schedules import AlertKind
from smmdesk.store import Store, from_ms, to_ms
from smmdesk.store.automation import AutomationStore
from smmdesk.store.migrations import DAY_MS, bucket_middle
from smmdesk.store.watch import WatchStore
from smmdesk.textnorm import fold

log = logging.getLogger(__name__)

__all__ = [
    "BAD_RATE",
    "MIN_ORDERS",
    "RANKS",
    "CatalogueChange",
    "PanelStats",
    "RouteList",
    "ServiceStats",
    "Watch",
    "overlapping",
    "percentile",
    "window_end",
]

# A record is bad when Canceled + Partial exceed this share (with enough orders), or when it
# starts more than ``SLOWER_START`` times later than the service it would replace.
BAD_RATE = 0.30
SLOWER_START = 3
RANKS = ("cheapest", "fastest", "reliable", "balanced")
Rank = Literal["cheapest", "fastest", "reliable", "balanced"]
DEFAULT_DAYS = 90
# The stuck and slow orders read whole this many at a time (a first check of 1M orders may
# find tens of thousands).
ATTENTION_CHUNK = 1000


def _now(now: datetime | None) -> datetime:
    return datetime.now(UTC) if now is None else now


# ------------------------------------------------------------------------------- statistics


@dataclass(frozen=True, slots=True)
class PanelStats:
    """``ServiceStats`` of every service of a panel rolled up, plus how often a status sync
    could not reach it (``unreachable_rate``; None before ``MIN_ORDERS`` syncs)."""

    stats: ServiceStats
    syncs: int
    unreachable_rate: float | None


def percentile(histogram: Sequence[tuple[int, int]], bounds: Sequence[int],
               p: float) -> float | None:
    """The ``p`` quantile (nearest rank) of durations kept as (bucket, count), in seconds: the
    middle of the bucket that holds it (buckets are about 5 % wide)."""
    total = sum(n for _b, n in histogram)
    if total < MIN_ORDERS:
        return None
    rank = max(1, math.ceil(p * total))
    seen = 0
    for bucket, n in histogram:
        seen += n
        if seen >= rank:
            hi = bounds[bucket + 1] if bucket + 1 < len(bounds) else None
            return bucket_middle(bounds[bucket], hi)
    return None  # (unreachable: the counts add up to total)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole >= MIN_ORDERS else None


# --------------------------------------------------------------------------- the catalogue


@dataclass(frozen=True, slots=True)
class CatalogueChange:
    """One change a refresh of a panel's services found: ``kind`` "new", "removed",
    "renumbered" (``successor_id``: the service that took its place) or "price" (``old_rate``
    → ``new_rate``, the panel's currency)."""

    id: int
    panel_id: str
    at: datetime
    kind: str
    service_id: int
    name: str
    successor_id: int | None = None
    old_rate: Decimal | None = None
    new_rate: Decimal | None = None

    @property
    def price_change(self) -> Decimal | None:
        if self.old_rate is None or self.new_rate is None:
            return None
        return self.new_rate - self.old_rate


class RouteList(list[Route]):
    """Routes, best first, and the equivalents left out because their record is bad
    (``skipped``: (match, why) — said to the person, never silently)."""

    def __init__(self, routes: Iterable[Route] = ()) -> None:
        super().__init__(routes)
        self.skipped: list[tuple[Match, str]] = []


# ----------------------------------------------------------------------------- overlapping


def _kind(service: Service) -> tuple[str, str] | None:
    f = compare.features(service)
    if f.platform is None or f.product is None:
        return None
    return f.platform, f.product


def overlapping(store: Store, sql: WatchStore, panel_id: str, service: Service, link: str,
                *, exclude: Iterable[int] = ()) -> list[LocalOrder]:
    """Active orders on the same link (as people write it, ``compare.same_link``) for the same
    platform and product, on any panel and service — overlapping orders under-deliver: the
    panels count from the same start and neither refunds the overlap. Newest first;
    ``exclude``: order ids not to name (the likely duplicate, said already)."""
    key = compare.same_link(link)
    kind = _kind(service)
    if not key or kind is None:
        return []
    skip = set(exclude)
    ids: list[int] = []
    kinds: dict[tuple[str, int], tuple[str, str] | None] = {}
    # Every link of that key holds its path as written (only the scheme, "www."/"m." and the
    # host's case are set aside): the store reads those orders only.
    path = key.partition("/")[2]
    for oid, pid, sid, other_link in sql.active_on_links(path or None):
        if oid in skip or compare.same_link(other_link) != key:
            continue
        if (pid, sid) not in kinds:
            other = store.services.get_service(pid, sid)
            kinds[(pid, sid)] = _kind(other) if other is not None else None
        if kinds[(pid, sid)] == kind:
            ids.append(oid)
    return sorted(store.orders.get_orders(ids), key=lambda o: -o.id)


# ------------------------------------------------------------------------------ the part


class Watch:
    """The provider watch (module doc). ``equivalents(panel_id, service_id, limit)`` and
    ``routes_for(...)`` are ``Pricing``'s; ``service(panel, id)`` reads one cached service."""

    def __init__(self, store: Store, sql: WatchStore, automation: AutomationStore,
                 equivalents: Callable[..., list[Match]],
                 routes_for: Callable[..., list[Route]],
                 panel_ids: Callable[[], list[str]]) -> None:
        self.store = store
        self.sql = sql
        self.automation = automation
        self._equivalents = equivalents
        self._routes_for = routes_for
        self._panel_ids = panel_ids
        # The statistics the attention check compares with, per (panel, service), kept for the
        # day they were read on (``_thresholds``): a service's p90 over 90 days moves little
        # within a day, and the status timer asks every minute.
        self._memo: dict[tuple[str, int], tuple[int, ServiceStats]] = {}
        self._memo_lock = threading.Lock()

    # -- statistics --------------------------------------------------------------------------

    def service_stats(self, panel_id: str, service_id: int | None, *, days: int = DEFAULT_DAYS,
                      now: datetime | None = None) -> ServiceStats:
        """The statistics of a service (of the whole panel when ``service_id`` is None) over the
        orders placed in the last ``days`` days: read from the roll-ups, never the history."""
        since = to_ms(_now(now) - timedelta(days=days))
        c = self.sql.counts(panel_id, service_id, since)
        if c.orders < MIN_ORDERS:  # (most services: no times to read, nothing to say)
            return ServiceStats(orders=c.orders)
        bounds = self.sql.bounds
        starts = self.sql.times(panel_id, service_id, 0, since)
        done = self.sql.times(panel_id, service_id, 1, since)
        return ServiceStats(
            orders=c.orders,
            start_p50_s=percentile(starts, bounds, 0.5),
            start_p90_s=percentile(starts, bounds, 0.9),
            complete_p50_s=percentile(done, bounds, 0.5),
            complete_p90_s=percentile(done, bounds, 0.9),
            partial_rate=_rate(c.partial, c.finished),
            canceled_rate=_rate(c.canceled, c.finished),
            refill_rate=_rate(c.refilled, c.orders),
            not_found_rate=_rate(c.not_found, c.orders))

    def panel_stats(self, panel_id: str, *, days: int = DEFAULT_DAYS,
                    now: datetime | None = None) -> PanelStats:
        now = _now(now)
        syncs, failures = self.sql.reach(panel_id, to_ms(now - timedelta(days=days)))
        return PanelStats(self.service_stats(panel_id, None, days=days, now=now), syncs,
                          _rate(failures, syncs))

    def note_sync(self, panel_id: str, ok: bool, now: datetime | None = None) -> None:
        """A status sync of the panel reached it (``ok``) or not: its reachability."""
        try:
            self.sql.note_sync(panel_id, ok, to_ms(_now(now)))
        except Exception:  # a statistic must never break a sync
            log.warning("sync of %s not counted", panel_id, exc_info=True)

    # -- attention ---------------------------------------------------------------------------

    def attention(self, now: datetime | None = None) -> list[tuple[LocalOrder, str]]:
        """Active orders that need the person, oldest first: "stuck" (not started after
        max(``stuck_after``, ``stuck_factor`` × the service's p90 start)) or "slow" (in
        progress past ``slow_factor`` × its p90 completion)."""
        return list(self._attention_orders(_now(now)))

    def _attention_found(self, now: datetime, besides: Mapping[str, Collection[int]] | None
                         ) -> list[tuple[int, str]]:
        """(order id, "stuck" | "slow") of ``attention``, oldest first, no order read whole."""
        settings = self.automation.settings()
        stuck_after = settings.stuck_after.total_seconds()
        at = to_ms(now)
        stats: dict[tuple[str, int], ServiceStats] = {}
        found: list[tuple[int, str]] = []
        for oid, pid, sid, created, running, started in self.sql.active():
            age = (at - created) / 1000
            if age < stuck_after and (started is None and not running):
                continue  # the common case, decided without the service's statistics
            if (pid, sid) not in stats:
                stats[(pid, sid)] = self._thresholds(pid, sid, now)
            st = stats[(pid, sid)]
            if started is None and not running:
                limit = stuck_after
                if st.start_p90_s is not None:
                    limit = max(limit, float(settings.stuck_factor) * st.start_p90_s)
                if age > limit:
                    found.append((oid, "stuck"))
            elif st.complete_p90_s is not None \
                    and age > float(settings.slow_factor) * st.complete_p90_s:
                found.append((oid, "slow"))
        if besides:
            found = [(oid, why) for oid, why in found if oid not in besides.get(why, ())]
        found.sort()
        return found

    def _attention_orders(self, now: datetime,
                          besides: Mapping[str, Collection[int]] | None = None
                          ) -> Iterator[tuple[LocalOrder, str]]:
        """``attention``'s orders, oldest first, read whole ``ATTENTION_CHUNK`` at a time;
        ``besides``: the order ids to leave out by reason (``{"stuck": ids, "slow": ids}``),
        before any order is read whole."""
        found = self._attention_found(now, besides)
        for start in range(0, len(found), ATTENTION_CHUNK):
            part = found[start:start + ATTENTION_CHUNK]
            orders = {o.id: o for o in self.store.orders.get_orders(oid for oid, _ in part)}
            yield from ((orders[oid], why) for oid, why in part if oid in orders)

    def _thresholds(self, panel_id: str, service_id: int, now: datetime) -> ServiceStats:
        """``service_stats`` as the attention check uses it: read once per service and day."""
        day = to_ms(now) // DAY_MS
        with self._memo_lock:
            kept = self._memo.get((panel_id, service_id))
        if kept is not None and kept[0] == day:
            return kept[1]
        st = self.service_stats(panel_id, service_id, now=now)
        with self._memo_lock:
            self._memo[(panel_id, service_id)] = (day, st)
        return st

    def prepare_attention(self, now: datetime | None = None) -> int:
        """Read the statistics of every service with an active order (on a worker, at start-up
        and after midnight), so the attention checks that follow read none; how many."""
        now = _now(now)
        services = self.sql.active_services()
        for pid, sid in services:
            self._thresholds(pid, sid, now)
        return len(services)

    def forget_thresholds(self) -> None:
        with self._memo_lock:
            self._memo.clear()

    def attention_alerts(self, now: datetime | None = None) -> Iterator[dict[str, Any]]:
        """The alerts of stuck and slow orders not raised before (once per order and reason,
        whatever happens to the alert), each with its suggested actions; they are raised by the
        caller (``Alerts``), a chunk at a time as they come."""
        now = _now(now)
        if not self.automation.settings().alert_attention:
            return
        # Only the orders not alerted before are read whole: at 1M orders tens of thousands may
        # be stuck, each alerted once; reading them all again at every check (every tick) cost
        # ~100 MB of memory and a second of CPU.
        known = self.automation.alerted_orders("watch:", ("stuck", "slow"))
        cancels: dict[tuple[str, int], bool] = {}  # a service's cancel flag, read once
        for order, why in self._attention_orders(now, known):
            key = f"watch:{why}:{order.id}"
            where = (order.panel_id, order.service_id)
            if where not in cancels:
                service = self.store.services.get_service(*where)
                cancels[where] = service is not None and bool(service.cancel)
            actions = ["support"]
            if cancels[where]:
                actions.append("cancel")
            actions.append("elsewhere")
            hours = round((now - order.created_at).total_seconds() / 3600, 1)
            message = (f"Order {order.id} ({order.service_name}) has not started after "
                       f"{hours} hours." if why == "stuck" else
                       f"Order {order.id} ({order.service_name}) is slower than this service "
                       f"usually is: in progress for {hours} hours.")
            yield {"kind": AlertKind.ATTENTION, "key": key, "panel_id": order.panel_id,
                   "service_id": order.service_id, "order_id": order.id,
                   "message": message,
                   "data": {"why": why, "hours": hours, "actions": actions,
                            "service": order.service_name, "link": order.link or "",
                            "remote_id": order.remote_id}}

    # -- compare by what is delivered --------------------------------------------------------

    def equivalents(self, panel_id: str, service_id: int, *, limit: int = 10,
                    rank: str = "balanced", now: datetime | None = None) -> list[Match]:
        """The same service elsewhere, ranked by ``rank`` (``RANKS``); each ``Match`` carries
        its ``stats`` and says whether its place came from them or from the name's promises
        (``basis``: "stats" with at least ``MIN_ORDERS`` orders, else "name")."""
        if rank not in RANKS:
            raise ValueError(f"rank is one of {RANKS}, not {rank!r}")
        if limit <= 0:
            return []
        now = _now(now)
        # More than asked: a match whose record is bad goes down and another comes up.
        pool = self._equivalents(panel_id, service_id, limit=limit * 2)
        own = self.service_stats(panel_id, service_id, now=now)
        with_stats = []
        for m in pool:
            st = self.service_stats(m.panel_id, m.service.id, now=now)
            with_stats.append(replace(m, stats=st, basis="stats" if st.enough else "name",
                                      bad=self.bad_record(st, own)))
        return sorted(with_stats, key=_RANK_KEYS[rank])[:limit]

    @staticmethod
    def bad_record(st: ServiceStats | None, own: ServiceStats | None) -> str | None:
        """Why a service's record is bad ("failures": Canceled + Partial over ``BAD_RATE``;
        "slow_start": it starts over ``SLOWER_START`` × later than ``own``), with enough
        orders; None when it is not (or nothing says)."""
        if st is None or not st.enough:
            return None
        bad = st.bad_rate
        if bad is not None and bad > BAD_RATE:
            return "failures"
        if (own is not None and own.enough and st.start_p50_s is not None
                and own.start_p50_s is not None and own.start_p50_s > 0
                and st.start_p50_s > SLOWER_START * own.start_p50_s):
            return "slow_start"
        return None

    def routes_for(self, panel_id: str, service_id: int, values: dict[str, Any], *,
                   limit: int = 10, now: datetime | None = None) -> RouteList:
        """``Pricing.routes_for`` without the services whose record is bad (the cheaper-route
        hint and the failover offer never propose one); those are in ``skipped`` with why."""
        now = _now(now)
        own = self.service_stats(panel_id, service_id, now=now)
        out = RouteList()
        for route in self._routes_for(panel_id, service_id, values, limit=limit):
            m = route.match
            why = self.bad_record(self.service_stats(m.panel_id, m.service.id, now=now), own)
            if why is None:
                out.append(route)
            else:
                out.skipped.append((m, why))
        return out

    # -- successors --------------------------------------------------------------------------

    def successors(self, panel_id: str, service_id: int, *, limit: int = 5) -> list[Match]:
        """What may have replaced a (removed) service, best first: on the same panel those of
        the same platform, product, type and country at a close rate (within 25 %) with a
        similar name — panels re-add a service under a new id — then the equivalents on other
        panels."""
        old = self.store.services.get_service(panel_id, service_id)
        if old is None or limit <= 0:
            return []
        pool = self._equivalents(panel_id, service_id, limit=max(limit * 4, 20))
        same: list[tuple[float, Match]] = []
        others: list[Match] = []
        f_old = compare.features(old)
        for m in pool:
            if m.service.id == service_id and m.panel_id == panel_id:
                continue
            if m.panel_id == panel_id:
                close = _close_rate(old.rate, m.service.rate)
                f = compare.features(m.service)
                if close is None or f.country != f_old.country:
                    continue
                same.append((m.score + close + _name_likeness(old.name, m.service.name), m))
            else:
                others.append(m)
        ranked = [m for _v, m in sorted(same, key=lambda e: (-e[0], e[1].service.id))]
        return (ranked + others)[:limit]

    def remap_service(self, panel_id: str, old_service_id: int, new_panel_id: str,
                      new_service_id: int) -> dict[str, int]:
        """Re-point everything that named the old service to the new one: favourites,
        schedules (their values carried over to the new service's fields, the price their
        guard compares with made the new service's), automatic-refill rules and price rules.
        How many of each moved. A schedule paused because its service was gone stays paused:
        Resume (after a look at the new price) places its held run on the new service."""
        new = self.store.services.get_service(new_panel_id, new_service_id)
        if new is None:
            raise KeyError(f"no service {new_service_id} on panel {new_panel_id}")

        def fields_of(text: str) -> str:
            try:
                values = json.loads(text) if text else {}
            except ValueError:
                values = {}
            return json.dumps(compare.carry_over(values, new), sort_keys=True)

        moved = self.sql.remap(panel_id, old_service_id, new_panel_id, new_service_id, new.name,
                               str(new.rate), fields_of)
        log.info("service %s/%s re-pointed to %s/%s: %s", panel_id, old_service_id,
                 new_panel_id, new_service_id, moved)
        return moved

    def proposal(self, panel_id: str, service_id: int) -> tuple[Match, str] | None:
        """The successor to propose for a removed service, and the sentence that says it."""
        found = self.successors(panel_id, service_id, limit=1)
        if not found:
            return None
        m = found[0]
        other = self.store.panels.get_panel(m.panel_id)
        where = ("on the same panel" if m.panel_id == panel_id
                 else f"on panel {other.name if other is not None else m.panel_id}")
        return m, (f"Its successor may be service {m.service.id} ({m.service.name}) {where}: "
                   "re-point it with “Use the successor”.")

    def proposal_text(self, panel_id: str, service_id: int) -> str | None:
        found = self.proposal(panel_id, service_id)
        return found[1] if found is not None else None

    def proposal_data(self, panel_id: str, service_id: int) -> dict[str, Any] | None:
        """The proposal as a removed service's alert keeps it: the sentence and the successor
        ("Use the successor" re-points to it: ``remap_service``)."""
        found = self.proposal(panel_id, service_id)
        if found is None:
            return None
        m, text = found
        return {"proposal": text, "successor_panel": m.panel_id,
                "successor_id": m.service.id, "successor_name": m.service.name}

    # -- schedules ---------------------------------------------------------------------------

    def schedule_waits(self, s: Any) -> str | None:
        """Why a due run of schedule ``s`` waits (its "wait for the previous run" option is on
        and that run's order on the same link is still active), or None."""
        if not self.sql.wait_previous(s.id):
            return None
        previous = self.sql.previous_run_active(s.id)
        if previous is None:
            return None
        order = self.store.orders.get_order(previous)
        link = compare.same_link(str(s.fields.get("link") or s.fields.get("username") or ""))
        if link and compare.same_link(order.link or "") != link:
            return None
        return f"Waiting for its previous run (order {previous}) on the same link to finish."

    # -- the catalogue -----------------------------------------------------------------------

    def record_catalogue(self, panel_id: str, diff: ServicesDiff,
                         now: datetime | None = None) -> list[CatalogueChange]:
        """Keep what a refresh changed: new services, removed ones (renumbered when a new one
        of the same kind, rate and name took its place), price up or down. The first refresh
        of a panel (everything is new) is not kept."""
        at = to_ms(_now(now))
        if len(diff.added) == diff.total and not diff.removed:
            return []
        added = {s.id: s for s in diff.added}
        claimed: set[int] = set()
        rows: list[tuple[str, int, str, int | None, str | None, str | None]] = []
        for old in diff.removed:
            best = _renumbered(old, [s for s in added.values() if s.id not in claimed])
            if best is not None:
                claimed.add(best.id)
                rows.append(("renumbered", old.id, old.name, best.id, str(old.rate),
                             str(best.rate)))
            else:
                rows.append(("removed", old.id, old.name, None, str(old.rate), None))
        for s in added.values():
            if s.id not in claimed:
                rows.append(("new", s.id, s.name, None, None, str(s.rate)))
        for before, after in diff.repriced:
            rows.append(("price", after.id, after.name, None, str(before.rate), str(after.rate)))
        if rows:
            self.sql.add_changes(panel_id, at, rows)
        return self.catalogue_changes(panel_id, since=from_ms(at))

    def catalogue_changes(self, panel_id: str, *, since: datetime | None = None,
                          until: datetime | None = None) -> list[CatalogueChange]:
        """What the refreshes of a panel's services changed from ``since`` up to ``until``
        (both included; None: no bound), newest first."""
        end = to_ms(until) if until is not None else None
        return [CatalogueChange(r[0], panel_id, from_ms(r[1]), r[2], r[3], r[4], r[5],  # type: ignore[arg-type]
                                Decimal(r[6]) if r[6] is not None else None,
                                Decimal(r[7]) if r[7] is not None else None)
                for r in self.sql.changes(panel_id, to_ms(since) if since else None)
                if end is None or r[1] <= end]

    # -- overlapping orders ------------------------------------------------------------------

    def overlapping_orders(self, panel_id: str, service_id: int, link: str) -> list[LocalOrder]:
        service = self.store.services.get_service(panel_id, service_id)
        if service is None:
            return []
        return overlapping(self.store, self.sql, panel_id, service, link)

    # -- refill guarantees -------------------------------------------------------------------

    def refill_until(self, local_id: int) -> datetime | Literal["lifetime"] | None:
        """When an order's refill window ends (its service's promise in days, counted from the
        order's placing as automatic refills count it), "lifetime" for no end, None when the
        service promises no refill or the order is not eligible (not placed, Canceled)."""
        order = self.store.orders.get_order(local_id)
        return window_end(order, self.refill_windows([order])[_window_key(order)])

    def refill_windows(self, orders: Iterable[LocalOrder]
                       ) -> dict[tuple[str, int, str], RefillWindow | None]:
        """The refill window of each order's (panel, service, name it was placed under), by
        the one rule (``refillwindow.order_window``): what the Orders page shows and sorts."""
        out: dict[tuple[str, int, str], RefillWindow | None] = {}
        services: dict[tuple[str, int], Service | None] = {}
        for o in orders:
            key = _window_key(o)
            if key in out:
                continue
            if (o.panel_id, o.service_id) not in services:
                services[(o.panel_id, o.service_id)] = self.store.services.get_service(
                    o.panel_id, o.service_id)
            svc = services[(o.panel_id, o.service_id)]
            out[key] = order_window(o.service_name, svc.name if svc is not None else None,
                                    svc.description if svc is not None else None)
        return out

    def refill_reminders(self, now: datetime | None = None) -> list[dict[str, Any]]:
        """The reminders (alerts, once per order) of refill windows that close within the
        ``refill_reminder`` preference, on Completed or Partial orders whose start count was
        reported (a drop can be measured against it)."""
        now = _now(now)
        ahead = self.automation.settings().refill_reminder
        known = self.automation.known_keys("refill_end:")
        out: list[dict[str, Any]] = []
        # Only orders whose window can still be open: placed within the longest finite one.
        since = to_ms(now - timedelta(days=3650))
        for pid, sid, name_id, placed_as, current, description in \
                self.sql.refill_groups(since):
            # One rule with the Orders page's "Refill until": the name the orders were placed
            # under, else the service's, then its description.
            window = order_window(placed_as, current, description)
            if window is None or window.lifetime:
                continue
            name = placed_as or current
            # Its window ends within [now, now + ahead]: placed within that, less the window.
            first = max(since, to_ms(now - timedelta(days=window.days)))
            last = to_ms(now + ahead - timedelta(days=window.days))
            if last < first:
                continue
            for oid, created in self.sql.refill_group_orders(pid, sid, name_id, first, last):
                key = f"refill_end:{oid}"
                if key in known:
                    continue
                placed_at = from_ms(created)
                assert placed_at is not None
                ends = placed_at + timedelta(days=window.days)
                if not now <= ends <= now + ahead:  # (the range's ends, to the millisecond)
                    continue
                days = max(0, math.ceil((ends - now).total_seconds() / 86400))
                out.append({"kind": AlertKind.REFILL, "key": key, "panel_id": pid,
                            "service_id": sid, "order_id": oid,
                            "message": f"The refill guarantee of order {oid} ({name}) ends in "
                                       f"{days} day(s): check whether it dropped and ask for a "
                                       "refill before then.",
                            "data": {"why": "window_ends", "ends": ends.isoformat(),
                                     "days": days, "service": name}})
        return out


def _window_key(order: LocalOrder) -> tuple[str, int, str]:
    return order.panel_id, order.service_id, order.service_name or ""


def window_end(order: LocalOrder, window: RefillWindow | None
               ) -> datetime | Literal["lifetime"] | None:
    """When ``order``'s refill ``window`` ends (counted from its placing, as automatic refills
    count it); "lifetime"; None without a window or for an order refills cannot help (not
    placed, Canceled, Failed). The Orders page's "Refill until" reads the same."""
    if order.submit_state.value != "placed" or order.state in (OrderState.CANCELED,
                                                                OrderState.FAILED):
        return None
    if window is None:
        return None
    if window.lifetime:
        return "lifetime"
    return order.created_at + timedelta(days=window.days)


# ------------------------------------------------------------------------------ ranking


def _price_key(m: Match) -> tuple[bool, Decimal]:
    return m.price_home is None, m.price_home if m.price_home is not None else Decimal(0)


def _measured(m: Match, value: float | None) -> float | None:
    return value if m.stats is not None and m.stats.enough else None


def _speed_key(m: Match) -> tuple[int, float]:
    t = _measured(m, m.stats.start_p50_s if m.stats else None)
    if t is not None:
        done = _measured(m, m.stats.complete_p50_s if m.stats else None)
        return 0, t + (done or 0)
    promised = compare.features(m.service).speed_per_day
    return (1, -float(promised)) if promised else (2, 0.0)


def _failure(m: Match) -> float | None:
    return m.stats.bad_rate if m.stats is not None and m.stats.enough else None


def _cheapest(m: Match) -> tuple[Any, ...]:
    return (*_price_key(m), -m.score, m.panel_id, m.service.id)


def _fastest(m: Match) -> tuple[Any, ...]:
    return (*_speed_key(m), -m.score, *_price_key(m), m.panel_id, m.service.id)


def _reliable(m: Match) -> tuple[Any, ...]:
    bad = _failure(m)
    if bad is not None:
        return (0, bad, -m.score, *_price_key(m), m.panel_id, m.service.id)
    refill = compare.features(m.service).refill_days or 0  # the name's promise
    return (1, -refill, -m.score, *_price_key(m), m.panel_id, m.service.id)


def _balanced(m: Match) -> tuple[Any, ...]:
    """Alike first, a bad record last whatever its price; the failures measured take from the
    likeness; then the price."""
    bad = _failure(m) or 0.0
    return (m.bad is not None, -round(m.score - bad, 4), *_price_key(m), m.panel_id,
            m.service.id)


_RANK_KEYS: dict[str, Callable[[Match], tuple[Any, ...]]] = {
    "cheapest": _cheapest, "fastest": _fastest, "reliable": _reliable, "balanced": _balanced}


# --------------------------------------------------------------------------- successors


def _close_rate(old: Decimal, new: Decimal) -> float | None:
    """How close two rates are (1: equal, 0: 25 % apart); None when further apart."""
    if old <= 0:
        return 1.0 if new <= 0 else None
    apart = abs(new - old) / old
    return None if apart > Decimal("0.25") else 1.0 - float(apart) * 4


def _name_likeness(a: str, b: str) -> float:
    wa, wb = set(fold(a).split()), set(fold(b).split())
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def _renumbered(old: Service, added: list[Service]) -> Service | None:
    """The new service that took ``old``'s place on the same panel: same platform, product,
    type and country, a close rate and a similar name."""
    f_old = compare.features(old)
    best: tuple[float, Service] | None = None
    for s in added:
        f = compare.features(s)
        if (f.platform, f.product, f.type_key, f.country) != (
                f_old.platform, f_old.product, f_old.type_key, f_old.country):
            continue
        close = _close_rate(old.rate, s.rate)
        likeness = _name_likeness(old.name, s.name)
        if close is None or likeness < 0.5:
            continue
        value = close + likeness
        if best is None or value > best[0]:
            best = (value, s)
    return best[1] if best is not None else None
