"""Automatic refills: which completed orders are refilled, when, and for how long.

An order (or a service) may have "refill automatically" on; its window is set by hand or read
from the service's words (``refillwindow.refill_window``, the one reader). RULE 8
(docs/reliability.md): an order's automatic refills stop for good only when the panel answered
for that order with a "cannot be refilled" refusal; three refusals in a row raise an alert.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from smmdesk.orderactions import ActionResult
from smmdesk.refillwindow import RefillWindow, refill_window
from smmdesk.schedules import (
    AlertKind,
    RefillDecision,
    aware,
    refill_decision,
    refill_refusal_permanent,
)
from smmdesk.store import Store, from_ms
from smmdesk.store.automation import AutomationStore

log = logging.getLogger(__name__)

__all__ = ["REFILL_REFUSALS_ALERT", "AutoRefills"]

# An automatic refill refused this many times in a row raises an alert.
REFILL_REFUSALS_ALERT = 3


class AutoRefills:
    """Automatic-refill rules and the requests they make (module doc). ``refill``: asks the
    panels for refills of these orders; ``lock``: the automation's (one change at a time)."""

    def __init__(self, store: Store, sql: AutomationStore,
                 refill: Callable[[Iterable[int]], list[ActionResult]],
                 lock: threading.RLock) -> None:
        self.store = store
        self.sql = sql
        self._refill = refill
        self._automation_lock = lock

    def set_auto_refill(self, *, panel_id: str | None = None, service_id: int | None = None,
                        order_id: int | None = None, enabled: bool | None = True,
                        window_days: int | None = None) -> None:
        """"Refill automatically" for one order (``order_id``) or one service (``panel_id`` and
        ``service_id``). ``enabled`` None follows the default (the ``auto_refill_default``
        preference); ``window_days`` sets the refill window by hand (``LIFETIME_DAYS``: no end;
        None: read it from the service's name or description)."""
        if order_id is None and (panel_id is None or service_id is None):
            raise ValueError("give an order, or a panel and a service")
        if window_days is not None and window_days < 1:
            raise ValueError("a refill window is at least one day (LIFETIME_DAYS: no end)")
        self.sql.set_refill_rule(panel_id=panel_id, service_id=service_id,
                                 order_id=order_id, enabled=enabled,
                                 window_days=window_days)

    def auto_refill(self, *, panel_id: str | None = None, service_id: int | None = None,
                    order_id: int | None = None) -> tuple[bool | None, int | None]:
        """(enabled, window days set by hand) of an order's or a service's rule."""
        return self.sql.refill_rule(panel_id=panel_id, service_id=service_id,
                                    order_id=order_id)

    def auto_refill_state(self, order_id: int) -> tuple[datetime | None, int, str | None]:
        """(last automatic request, how many, why automatic refills stopped or None)."""
        return self.sql.refill_state(order_id)

    def refill_window(self, panel_id: str, service_id: int) -> RefillWindow | None:
        """The refill window of a service: set by hand, else read from its name/description."""
        _, days = self.sql.refill_rule(panel_id=panel_id, service_id=service_id)
        if days is not None:
            return RefillWindow(days, "set by hand")
        service = self.store.services.get_service(panel_id, service_id)
        if service is None:
            return None
        return refill_window(service.name, service.description)

    def auto_refill_due(self, now: datetime) -> list[ActionResult]:
        """Request the automatic refills due at ``now``: completed orders of refill-capable
        services (on panels not known to lack refill) with automatic refill on, older than the
        minimum delay, inside their window, and not asked within the interval. Orders past their
        window, or that the panel says cannot be refilled (RULE 8), are never asked again."""
        now = aware(now)
        settings = self.sql.settings()
        if settings.paused_all or not self.sql.acts():  # (a team store's viewer asks nothing)
            return []
        with self._automation_lock:
            due: list[int] = []
            panels: dict[int, str] = {}
            last_autos: dict[int, int | None] = {}
            parsed: dict[tuple[str, int], RefillWindow | None] = {}
            for (oid, pid, sid, created, name, description, o_on, o_days, s_on, s_days,
                 last_auto, last_any) in self.sql.refill_candidates(
                    settings.auto_refill_default):
                enabled = o_on if o_on is not None else s_on
                if enabled is None:
                    enabled = settings.auto_refill_default
                if not enabled:
                    continue
                days = o_days if o_days is not None else s_days
                if days is not None:
                    window: RefillWindow | None = RefillWindow(days, "set by hand")
                else:
                    if (pid, sid) not in parsed:
                        parsed[(pid, sid)] = refill_window(name, description or "")
                    window = parsed[(pid, sid)]
                lasts = [t for t in (from_ms(last_auto), from_ms(last_any)) if t is not None]
                decision = refill_decision(
                    placed_at=from_ms(created), now=now, window=window,  # type: ignore[arg-type]
                    last_requested=max(lasts) if lasts else None,
                    min_delay=settings.refill_min_delay, interval=settings.refill_interval)
                if decision is RefillDecision.ENDED:
                    self.sql.note_refill(oid, now, requested=False,
                                         stop_reason="The refill window has ended.")
                elif decision is RefillDecision.REQUEST:
                    due.append(oid)
                    panels[oid] = pid
                    last_autos[oid] = last_auto
            # Claimed before it is asked: of several processes (desks) finding it due, one asks.
            due = [oid for oid in due if self.sql.claim_refill(oid, last_autos[oid], now)]
            results = self._refill(due) if due else []
            self._note_refills(results, panels, now)
            return results

    def _note_refills(self, results: list[ActionResult], panels: dict[int, str],
                      now: datetime) -> None:
        """RULE 8: an order's automatic refills stop for good only when the panel answered for
        that order with a "cannot be refilled" refusal; any other refusal (and any answer for
        the whole request: a panel-wide error) is tried again at the next interval. Three
        refusals in a row, or a stop, raise one alert per panel."""
        reached: dict[str, list[tuple[int, str]]] = {}
        stopped: dict[str, list[tuple[int, str]]] = {}
        for r in results:
            if r.ok:
                self.sql.note_refill(r.local_id, now, requested=True)
                continue
            stop = (r.message if not r.panel_wide and refill_refusal_permanent(r.message)
                    else None)
            n = self.sql.note_refill(r.local_id, now, requested=True,
                                     refusal=r.message or "refused", stop_reason=stop)
            pid = panels.get(r.local_id, "")
            if stop is not None:
                stopped.setdefault(pid, []).append((r.local_id, r.message))
            elif n == REFILL_REFUSALS_ALERT:
                reached.setdefault(pid, []).append((r.local_id, r.message))
        alerts: list[dict[str, Any]] = []
        stamp = int(now.timestamp() * 1000)
        for why, groups in (("stopped", stopped), ("refused", reached)):
            for pid, items in groups.items():
                panel = self.store.panels.get_panel(pid, include_removed=True) if pid else None
                name = panel.name if panel is not None else pid
                ids = [oid for oid, _ in items]
                last = items[-1][1]
                text = (f"Automatic refills of {len(ids)} order(s) on {name} stopped: the panel "
                        f"says they cannot be refilled ({last})." if why == "stopped" else
                        f"The panel {name} refused automatic refills of {len(ids)} order(s) "
                        f"{REFILL_REFUSALS_ALERT} times in a row ({last}).")
                alerts.append({
                    "kind": AlertKind.REFILL, "key": f"refill:{why}:{pid}:{stamp}",
                    "panel_id": pid or None, "order_id": ids[0], "message": text,
                    "data": {"why": why, "panel": name, "orders": ids, "count": len(ids),
                             "message": last, "times": REFILL_REFUSALS_ALERT}})
        if alerts:
            self.sql.raise_alerts(alerts, now)

