"""Alerts: the conditions that raise them (a low balance, a favourite's price moved, a
watched service gone, an order that needs the person, a schedule a guard holds), checked on
demand and by the status timer; one active alert per condition, cleared when it goes away.

A watched panel's balance is read again at most every ``BALANCE_CHECK_EVERY`` by the status
sync (``check_balance_due``), so the low-balance alert fires while SMM Desk sits in the tray.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import islice
from typing import Any

from smmdesk.ledger import MarginHit
from smmdesk.models import Balance, OutcomeKind
from smmdesk.outcomes import describe
from smmdesk.schedules import Alert, AlertKind, aware, price_moved
from smmdesk.store import Store
from smmdesk.store.automation import AutomationStore

log = logging.getLogger(__name__)

__all__ = ["BALANCE_CHECK_EVERY", "Alerts"]

# The condition alerts: raised while their condition holds, cleared when it goes away (the
# others are events, raised once and kept).
CONDITIONS = ("balance", "removed", "order", "held")
# The alerts of a source (the watch's stuck orders…) raised this many per transaction.
RAISE_CHUNK = 1000
# The status timer reads a watched panel's balance at most this often.
BALANCE_CHECK_EVERY = timedelta(minutes=15)


def _now(now: datetime | None) -> datetime:
    return datetime.now(UTC) if now is None else aware(now)


class Alerts:
    """Raising, clearing and listing alerts; balance thresholds (module doc). ``balance``:
    reads a panel's balance from the panel (and keeps it)."""

    def __init__(self, store: Store, sql: AutomationStore,
                 balance: Callable[[str], Balance]) -> None:
        self.store = store
        self.sql = sql
        self._balance = balance
        self._lock = threading.Lock()  # one condition check at a time: no twin alerts
        # Alerts raised once each (their keys never come back): stuck and slow orders, refill
        # windows about to close (``smmdesk.watch``, added by the workspace).
        self.sources: list[Callable[[datetime], Iterable[dict[str, Any]]]] = []
        # The successor a removed service proposes (its alert names it and keeps its ids).
        self.propose: Callable[[str, int], dict[str, Any] | None] | None = None

    def min_margin(self) -> Decimal:
        return self.sql.settings().min_margin_percent

    def margin_guard(self, hits: list[MarginHit], now: datetime | None = None) -> list[Alert]:
        """One alert per service the margin guard found (``Books.margin_hits``), naming the
        customers and the schedules it hits; raised once per change of its rate."""
        if not hits or not self.sql.settings().alert_margin:
            return []
        now = _now(now)
        by_service: dict[tuple[str, int], list[MarginHit]] = {}
        for h in hits:
            by_service.setdefault((h.panel_id, h.service_id), []).append(h)
        known = self.sql.known_keys("margin:")
        new = []
        for (pid, sid), found in by_service.items():
            service = self.store.services.get_service(pid, sid)
            key = f"margin:{pid}:{sid}:{service.rate if service is not None else ''}"
            if key in known:
                continue
            schedules = [s.id for s in self.sql.list_schedules()
                         if s.panel_id == pid and s.service_id == sid]
            customers = sorted({h.customer_id for h in found if h.customer_id is not None})
            lowest = min((h.margin_percent for h in found if h.margin_percent is not None),
                         default=None)
            new.append({
                "kind": AlertKind.MARGIN, "key": key, "panel_id": pid, "service_id": sid,
                "message": f"The new price of service {sid} ({found[0].service}) leaves a "
                           f"margin of {lowest if lowest is not None else '-'} %, under "
                           f"{self.min_margin()} %.",
                "data": {"name": found[0].service, "margin": str(lowest),
                         "customers": customers, "schedules": schedules,
                         "minimum": str(self.min_margin()),
                         "customer_names": sorted({h.customer_name for h in found
                                                   if h.customer_name}),
                         "rules": sorted({h.rule_id for h in found if h.rule_id is not None}),
                         "general": any(h.customer_id is None for h in found)}})
        ids = set(self.sql.raise_alerts(new, now))
        return [a for a in self.sql.alerts(now) if a.id in ids] if ids else []

    def balance_threshold(self, panel_id: str) -> Decimal | None:
        return self.sql.balance_threshold(panel_id)

    def check_balance_due(self, panel_id: str, *, now: datetime | None = None) -> bool:
        """The status timer's balance check (``sync_panel`` calls it): a panel with a
        low-balance threshold has its balance read again when the last reading is at least
        ``BALANCE_CHECK_EVERY`` old, and the alerts are checked — so the low-balance alert
        fires while SMM Desk sits in the tray. True when the balance was read. Network."""
        now = _now(now)
        if not self.sql.settings().alert_balance:
            return False
        if self.sql.balance_threshold(panel_id) is None:
            return False
        last = self.store.panels.last_balance(panel_id)
        if last is not None and abs(now - last[1]) < BALANCE_CHECK_EVERY:
            return False
        self._balance(panel_id)
        self.refresh(now)
        return True

    def set_balance_threshold(self, panel_id: str, amount: Decimal | None) -> None:
        """Alert when the panel's balance is below ``amount`` (None: no balance alert)."""
        if amount is not None and not isinstance(amount, Decimal):
            raise TypeError("the threshold is a Decimal")
        self.sql.set_balance_threshold(panel_id, amount)

    def alerts(self, since: datetime | None = None, *, now: datetime | None = None,
               limit: int | None = None) -> list[Alert]:
        """The alerts raised at or after ``since`` (all when None), newest first, at most
        ``limit``; the conditions are checked first, so the list is current."""
        self.refresh(_now(now))
        return self.sql.alerts(since, limit=limit)

    def check_alerts(self, now: datetime | None = None) -> list[Alert]:
        """Raise the alerts whose condition holds and is not raised yet; clear the ones whose
        condition went away (they may be raised again later). Returns the newly raised."""
        now = _now(now)
        ids = self.refresh(now)
        return [a for a in self.sql.alerts(now) if a.id in ids] if ids else []

    def refresh(self, now: datetime | None = None) -> set[int]:
        """``check_alerts`` for the timers: the ids of the newly raised, none read back (a
        first check of a million orders may raise tens of thousands)."""
        if not self.sql.acts():
            return set()  # a team store's viewer: the operators' desks raise and clear them
        with self._lock:
            return self._check_alerts(_now(now))

    def _check_alerts(self, now: datetime) -> set[int]:
        settings = self.sql.settings()
        active = self.sql.active_alert_keys(CONDITIONS)
        holding: dict[str, dict[str, Any]] = {}

        if settings.alert_balance:
            for pid, threshold in self.sql.balance_thresholds().items():
                last = self.store.panels.last_balance(pid)
                panel = self.store.panels.get_panel(pid, include_removed=False)
                if last is None or panel is None:
                    continue
                balance = last[0]
                if balance.amount < threshold:
                    holding[f"balance:{pid}"] = {
                        "kind": AlertKind.BALANCE, "panel_id": pid,
                        "message": f"The balance on {panel.name} is {balance.amount} "
                                   f"{balance.currency}, below {threshold}.",
                        "data": {"panel": panel.name, "amount": str(balance.amount),
                                 "currency": balance.currency, "threshold": str(threshold)}}
        if settings.alert_removed:
            for pid, sid, name, favourite, scheduled in \
                    self.sql.removed_watched_services():
                key = f"removed:{pid}:{sid}"
                proposal = (self.propose(pid, sid) if self.propose is not None
                            and key not in active else None) or {}
                holding[key] = {
                    "kind": AlertKind.REMOVED, "panel_id": pid, "service_id": sid,
                    "message": f"The panel no longer lists service {sid} ({name})."
                               + (f" {proposal['proposal']}" if proposal else ""),
                    "data": {"name": name, "favourite": favourite, "scheduled": scheduled,
                             **proposal}}
        if settings.alert_attention:
            for (oid, pid, state, not_found, error, schedule_id, remote_id, service, link,
                 outcome) in self.sql.attention_orders():
                why = ("not_found" if not_found else state)
                kind = OutcomeKind.code(outcome) if not not_found else None
                if kind is not None and not kind.refusal:  # e.g. never sent: said so in words
                    error = str(describe(kind, error))
                holding[f"order:{oid}:{why}"] = {
                    "kind": AlertKind.ATTENTION, "panel_id": pid, "order_id": oid,
                    "schedule_id": schedule_id,
                    "message": {
                        "uncertain": f"Order {oid} may or may not have been placed: check it "
                                     "on the panel.",
                        "rejected": f"A scheduled order ({oid}) was refused: {error or ''}",
                        "not_found": f"Order {oid} is not found on the panel.",
                    }[why],
                    "data": {"why": why, "error": error or "", "remote_id": remote_id,
                             "service": service or "", "link": link or ""}}
        if settings.alert_attention:
            for s in self.sql.list_schedules():
                if s.paused and s.held:  # RULE 3: a guard holds a run for the person
                    holding[f"held:{s.id}"] = {
                        "kind": AlertKind.ATTENTION, "panel_id": s.panel_id,
                        "service_id": s.service_id, "schedule_id": s.id,
                        "message": f"A scheduled order of {s.service_name or s.service_id} "
                                   f"waits for you: {s.pause_reason or ''}",
                        "data": {"why": "held", "service": s.service_name,
                                 "reason": s.pause_reason or ""}}
        new = [dict(v, key=k) for k, v in holding.items() if k not in active]
        # condition alerts whose condition went away are cleared (events never are)
        gone = [k for k in active if k not in holding]
        self.sql.clear_alerts(gone, now)

        if settings.alert_price:
            known = self.sql.known_keys("price:")
            for pid, sid, name, old, new_rate, changed in self.sql.repriced_favourites():
                key = f"price:{pid}:{sid}:{changed}"
                if key in known:
                    continue
                old_d, new_d = Decimal(old), Decimal(new_rate)
                if price_moved(old_d, new_d, settings.price_alert_percent):
                    new.append({
                        "kind": AlertKind.PRICE, "key": key, "panel_id": pid, "service_id": sid,
                        "message": f"The price of service {sid} ({name}) changed from {old_d} "
                                   f"to {new_d}.",
                        "data": {"name": name, "old": str(old_d), "new": str(new_d)}})
        ids = set(self.sql.raise_alerts(new, now))
        for source in self.sources:
            try:
                # raised a chunk at a time: a first check of a million orders may find tens of
                # thousands of stuck orders, never all held in memory at once
                found = iter(source(now))
                while chunk := list(islice(found, RAISE_CHUNK)):
                    ids.update(self.sql.raise_alerts(chunk, now))
            except Exception:  # one check's failure must not stop the others
                log.warning("alert source failed", exc_info=True)
        return ids

