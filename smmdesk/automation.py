"""Automation on the workspace: scheduled and repeat orders, automatic refills and alerts.

``AutomationMixin`` is part of ``smmdesk.workspace.Workspace`` (kept in its own module so the
facade stays readable). Every method takes ``now`` so tests never wait on a real clock; the GUI's
timer calls the same methods on a worker thread.

The never-twice guarantee of scheduled runs: a run is placed through ``Workspace.place_order``
(recorded before it is sent, never retried, UNCERTAIN when the outcome is unknown), and the run
itself — with its due time — is recorded in *the same transaction* that records the order as
submitting, together with the schedule's move to its next run. A kill at any moment therefore
leaves no order and an unconsumed run (placed on the next start, if still within the grace
period), or one order and a consumed run: never a second order for the same due time.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from smmdesk import servicetypes
from smmdesk.models import LocalOrder, SubmitState
from smmdesk.schedules import (
    Alert,
    AlertKind,
    RefillDecision,
    RefillWindow,
    RunOutcome,
    Schedule,
    ScheduleRun,
    Timing,
    aware,
    cannot_refill,
    due_plan,
    parse_refill_window,
    price_moved,
    price_rose,
    refill_decision,
)
from smmdesk.servicetypes import ValidationError
from smmdesk.store import Store, from_ms
from smmdesk.store.automation import (
    LIFETIME_DAYS,
    AutomationSettings,
    AutomationStore,
    RunTaken,
)

if TYPE_CHECKING:
    from smmdesk.workspace import ActionResult

log = logging.getLogger(__name__)

__all__ = ["AutomationMixin", "AutomationSettings"]


def _now(now: datetime | None) -> datetime:
    return datetime.now(UTC) if now is None else aware(now)


class AutomationMixin:
    """Scheduled orders, automatic refills and alerts (see the module doc)."""

    store: Store
    _automation: AutomationStore
    _automation_lock: threading.Lock
    _alerts_lock: threading.Lock

    if TYPE_CHECKING:  # provided by Workspace
        def place_order(self, panel_id: str, service_id: int, fields: dict[str, Any], *,
                        record_with: Any = None) -> LocalOrder: ...
        def refill(self, local_ids: Any) -> list[ActionResult]: ...

    def _init_automation(self) -> None:
        self._automation = AutomationStore(self.store)
        self._automation_lock = threading.Lock()
        self._alerts_lock = threading.Lock()  # one condition check at a time: no twin alerts
        # Runs whose order was being sent when the app stopped are UNCERTAIN now: their
        # schedules pause until the person has checked.
        settled = self._automation.finish_sending(datetime.now(UTC))
        if settled:
            log.warning("%d scheduled run(s) were being sent when the app stopped", len(settled))

    # ------------------------------------------------------------------------ preferences

    def automation_settings(self) -> AutomationSettings:
        return self._automation.settings()

    def set_automation_settings(self, **values: Any) -> AutomationSettings:
        """Change automation preferences, e.g. ``grace=timedelta(minutes=30)``,
        ``max_price_rise=Decimal(5)``, ``auto_refill_default=True``, ``paused_all=True``."""
        return self._automation.set_settings(**values)

    def balance_threshold(self, panel_id: str) -> Decimal | None:
        return self._automation.balance_threshold(panel_id)

    def set_balance_threshold(self, panel_id: str, amount: Decimal | None) -> None:
        """Alert when the panel's balance is below ``amount`` (None: no balance alert)."""
        if amount is not None and not isinstance(amount, Decimal):
            raise TypeError("the threshold is a Decimal")
        self._automation.set_balance_threshold(panel_id, amount)

    # ------------------------------------------------------------------------ schedules

    def _check_schedule(self, panel_id: str, service_id: int, fields: dict[str, Any],
                        timing: Timing) -> tuple[Any, dict[str, Any]]:
        panel = self.store.get_panel(panel_id, include_removed=False)
        if panel is None:
            raise ValidationError({"panel": "This panel does not exist (any more)."})
        service = self.store.get_service(panel_id, int(service_id))
        if service is None or self._service_removed(panel_id, int(service_id)):
            raise ValidationError({"service": "This service is not in the panel's list."})
        problems = dict(servicetypes.validate(service, fields))
        problems.update(timing.check())
        if problems:
            raise ValidationError(problems)
        return service, dict(fields)

    def _service_removed(self, panel_id: str, service_id: int) -> bool:
        rows = self.store._read("SELECT removed_at FROM services WHERE panel_id = ? AND "
                                "service_id = ?", (panel_id, service_id))
        return not rows or rows[0][0] is not None

    def schedule_order(
        self,
        panel_id: str,
        service_id: int,
        fields: dict[str, Any],
        *,
        first_run: datetime,
        every: timedelta | None = None,
        times: int | None = None,
        until: datetime | None = None,
        now: datetime | None = None,
    ) -> Schedule:
        """Schedule an order: once at ``first_run`` or, with ``every``, repeated — ``times`` runs
        in all and/or up to ``until``. The values are validated as for placing now (raises
        ``ValidationError``); a naive datetime is local time. The service's price now is kept:
        a rise above the ``max_price_rise`` preference pauses the schedule before a run."""
        timing = Timing(aware(first_run), every, times, aware(until) if until else None)
        service, values = self._check_schedule(panel_id, service_id, fields, timing)
        sid = self._automation.insert_schedule(
            panel_id=panel_id, service_id=service.id, service_name=service.name, fields=values,
            timing=timing, base_rate=service.rate, now=_now(now))
        return self.schedule(sid)

    def update_schedule(
        self,
        schedule_id: int,
        fields: dict[str, Any],
        *,
        first_run: datetime,
        every: timedelta | None = None,
        times: int | None = None,
        until: datetime | None = None,
        now: datetime | None = None,
    ) -> Schedule:
        """Edit a schedule: new values and timing (runs so far stay in its history; the run
        count starts again). Pause state is kept."""
        old = self.schedule(schedule_id)
        timing = Timing(aware(first_run), every, times, aware(until) if until else None)
        service, values = self._check_schedule(old.panel_id, old.service_id, fields, timing)
        self._automation.update_schedule(schedule_id, fields=values, timing=timing,
                                         base_rate=service.rate, now=_now(now))
        return self.schedule(schedule_id)

    def schedules(self) -> list[Schedule]:
        return self._automation.list_schedules()

    def schedule(self, schedule_id: int) -> Schedule:
        s = self._automation.get_schedule(schedule_id)
        if s is None:
            raise KeyError(f"no schedule {schedule_id}")
        return s

    def pause_schedule(self, schedule_id: int, reason: str | None = None, *,
                       now: datetime | None = None) -> Schedule:
        self._automation.set_paused(schedule_id, True, reason or "Paused by you", _now(now))
        return self.schedule(schedule_id)

    def resume_schedule(self, schedule_id: int, *, now: datetime | None = None) -> Schedule:
        """Resume. Runs that fell due while paused follow the catch-up rule at the next
        ``run_due``: the latest is placed only when less than the grace period late."""
        self._automation.set_paused(schedule_id, False, None, _now(now))
        return self.schedule(schedule_id)

    def delete_schedule(self, schedule_id: int, *, now: datetime | None = None) -> None:
        self._automation.delete_schedule(schedule_id, _now(now))

    def schedule_runs(self, schedule_id: int) -> list[ScheduleRun]:
        """Every run of the schedule, by due time: placed / missed / rejected / uncertain /
        paused (or sending, while in flight), with the local order id when one was sent."""
        return self._automation.runs(schedule_id)

    def run_due(self, now: datetime) -> list[LocalOrder]:
        """Place what is due at ``now``: at most one run per schedule. Returns the orders this
        call recorded (placed, rejected or uncertain)."""
        now = aware(now)
        with self._automation_lock:
            self._automation.finish_sending(now)
            settings = self._automation.settings()
            placed: list[LocalOrder] = []
            if not settings.paused_all:
                for s in self._automation.list_schedules():
                    if s.paused or s.next_run is None:
                        continue
                    order = self._run_schedule(s, now, settings.grace, settings.max_price_rise)
                    if order is not None:
                        placed.append(order)
            self.check_alerts(now)
        return placed

    def run_schedule_now(self, schedule_id: int, *, now: datetime | None = None) -> LocalOrder:
        """"Run now": place the schedule's next run at once instead of at its time (also when
        paused; it stays paused). Raises ``ValueError`` when the schedule has no run left."""
        now = _now(now)
        with self._automation_lock:
            self._automation.finish_sending(now)
            s = self.schedule(schedule_id)
            if s.next_run is None:
                raise ValueError("this schedule has no run left")
            # The run due now (the latest overdue one; earlier overdue ones are missed), or the
            # next one when none is due yet.
            plan = due_plan(s.timing, s.next_index, now, timedelta.max)
            index, due = plan.run if plan.run is not None else (s.next_index, s.next_run)
            order = self._place_run(s, index, due, now, plan.missed, plan.missed_more,
                                    require_active=False)
            if order is None:
                raise ValueError("this run was taken meanwhile")
            self.check_alerts(now)
            return order

    def _run_schedule(self, s: Schedule, now: datetime, grace: timedelta,
                      max_rise: Decimal) -> LocalOrder | None:
        plan = due_plan(s.timing, s.next_index, now, grace)
        if plan.empty:
            return None
        gen = s.generation
        if plan.run is None:
            with self.store.transaction() as c:
                try:
                    self._automation.consume(c, s.id, gen, s.next_index, plan.next_index)
                except RunTaken:
                    return None
                self._record_missed(c, s, gen, plan.missed, plan.missed_more, now)
            self._missed_alert(s, plan.missed, plan.missed_more, now)
            return None
        if plan.missed:
            self._missed_alert(s, plan.missed, plan.missed_more, now)
        index, due = plan.run
        reason = self._pause_reason(s, max_rise)
        if reason is not None:
            with self.store.transaction() as c:
                try:
                    self._automation.consume(c, s.id, gen, s.next_index, plan.next_index)
                except RunTaken:
                    return None
                self._record_missed(c, s, gen, plan.missed, plan.missed_more, now)
                self._automation.add_run(c, s.id, gen, index, due, now, RunOutcome.PAUSED,
                                         message=reason)
                self._automation.pause_in(c, s.id, reason, now)
            log.info("schedule %d paused before placing: %s", s.id, reason)
            return None
        return self._place_run(s, index, due, now, plan.missed, plan.missed_more)

    def _pause_reason(self, s: Schedule, max_rise: Decimal) -> str | None:
        """Why a run must not be placed now (the schedule pauses), or None."""
        if self.store.get_panel(s.panel_id, include_removed=False) is None:
            return "The panel was removed."
        service = self.store.get_service(s.panel_id, s.service_id)
        if service is None or self._service_removed(s.panel_id, s.service_id):
            return "The service is no longer in the panel's list."
        if price_rose(s.base_rate, service.rate, max_rise):
            return (f"The price rose from {s.base_rate} to {service.rate} "
                    f"(more than {max_rise} %).")
        return None

    def _record_missed(self, c: sqlite3.Connection, s: Schedule, gen: int,
                       missed: list[tuple[int, datetime]], more: int, now: datetime) -> None:
        for k, when in missed:
            self._automation.add_run(c, s.id, gen, k, when, now, RunOutcome.MISSED,
                                     message="The app was not running at this time.")
        if more:
            last_k = missed[-1][0] + more if missed else more - 1
            last_due = s.timing.first_run + (s.every or timedelta(0)) * last_k
            self._automation.add_run(
                c, s.id, gen, last_k, last_due, now, RunOutcome.MISSED,
                message=f"{more} more runs were missed up to this time.")

    def _missed_alert(self, s: Schedule, missed: list[tuple[int, datetime]], more: int,
                      now: datetime) -> None:
        if not missed:
            return
        count = len(missed) + more
        gen = s.generation
        key = f"missed:{s.id}:{gen}:{missed[0][0]}"
        if key in self._automation.known_keys(key):
            return
        self._automation.raise_alerts([{
            "kind": AlertKind.MISSED, "key": key, "panel_id": s.panel_id,
            "service_id": s.service_id, "schedule_id": s.id,
            "message": f"{count} scheduled run(s) of {s.service_name or s.service_id} were "
                       f"missed while SMM Desk was not running.",
            "data": {"count": count, "first": missed[0][1].isoformat(),
                     "service": s.service_name},
        }], now)

    def _place_run(self, s: Schedule, index: int, due: datetime, now: datetime,
                   missed: list[tuple[int, datetime]], more: int, *,
                   require_active: bool = True) -> LocalOrder | None:
        gen = s.generation
        after = index + 1 if index >= s.next_index else s.next_index

        def record(c: sqlite3.Connection, order_id: int) -> None:
            # Inside the transaction that records the order as submitting: consume the due run
            # (or roll everything back: then nothing is sent).
            self._automation.consume(c, s.id, gen, s.next_index, after, runs_done=1,
                                     require_active=require_active)
            self._record_missed(c, s, gen, missed, more, now)
            self._automation.add_run(c, s.id, gen, index, due, now, RunOutcome.SENDING,
                                     order_id=order_id)

        try:
            order = self.place_order(s.panel_id, s.service_id, s.fields, record_with=record)
        except RunTaken:
            return None
        except ValidationError as e:
            reason = "The order is no longer valid: " + "; ".join(
                f"{k}: {v}" for k, v in sorted(e.problems.items()))
            with self.store.transaction() as c:
                try:
                    self._automation.consume(c, s.id, gen, s.next_index, after,
                                             require_active=require_active)
                except RunTaken:
                    return None
                self._record_missed(c, s, gen, missed, more, now)
                self._automation.add_run(c, s.id, gen, index, due, now, RunOutcome.REJECTED,
                                         message=reason)
                self._automation.pause_in(c, s.id, reason, now)
            return None
        self._automation.finish_sending(now)
        if order.submit_state is not SubmitState.PLACED:
            log.warning("scheduled run of schedule %d: %s; schedule paused", s.id,
                        order.submit_state.value)
        return order

    # ------------------------------------------------------------------------ automatic refills

    def set_auto_refill(self, *, panel_id: str | None = None, service_id: int | None = None,
                        order_id: int | None = None, enabled: bool | None = True,
                        window_days: int | None = None) -> None:
        """"Refill automatically" for one order (``order_id``) or one service (``panel_id`` and
        ``service_id``). ``enabled`` None follows the default (the ``auto_refill_default``
        preference); ``window_days`` sets the refill window by hand (``LIFETIME_DAYS``: no end;
        None: read it from the service's name or description)."""
        if order_id is None and (panel_id is None or service_id is None):
            raise ValueError("give an order, or a panel and a service")
        self._automation.set_refill_rule(panel_id=panel_id, service_id=service_id,
                                         order_id=order_id, enabled=enabled,
                                         window_days=window_days)

    def auto_refill(self, *, panel_id: str | None = None, service_id: int | None = None,
                    order_id: int | None = None) -> tuple[bool | None, int | None]:
        """(enabled, window days set by hand) of an order's or a service's rule."""
        return self._automation.refill_rule(panel_id=panel_id, service_id=service_id,
                                            order_id=order_id)

    def auto_refill_state(self, order_id: int) -> tuple[datetime | None, int, str | None]:
        """(last automatic request, how many, why automatic refills stopped or None)."""
        return self._automation.refill_state(order_id)

    def refill_window(self, panel_id: str, service_id: int) -> RefillWindow | None:
        """The refill window of a service: set by hand, else read from its name/description."""
        _, days = self._automation.refill_rule(panel_id=panel_id, service_id=service_id)
        if days is not None:
            return RefillWindow(None if days == LIFETIME_DAYS else days, "set by hand")
        service = self.store.get_service(panel_id, service_id)
        if service is None:
            return None
        return parse_refill_window(service.name, service.description)

    def auto_refill_due(self, now: datetime) -> list[ActionResult]:
        """Request the automatic refills due at ``now``: completed orders of refill-capable
        services (on panels not known to lack refill) with automatic refill on, older than the
        minimum delay, inside their window, and not asked within the interval. Orders past their
        window, or that the panel says cannot be refilled, are never asked again."""
        now = aware(now)
        settings = self._automation.settings()
        if settings.paused_all:
            return []
        with self._automation_lock:
            due: list[int] = []
            parsed: dict[tuple[str, int], RefillWindow | None] = {}
            for (oid, pid, sid, created, name, description, o_on, o_days, s_on, s_days,
                 last_auto, last_any) in self._automation.refill_candidates(
                    settings.auto_refill_default):
                enabled = o_on if o_on is not None else s_on
                if enabled is None:
                    enabled = settings.auto_refill_default
                if not enabled:
                    continue
                days = o_days if o_days is not None else s_days
                if days is not None:
                    window: RefillWindow | None = RefillWindow(
                        None if days == LIFETIME_DAYS else days, "set by hand")
                else:
                    if (pid, sid) not in parsed:
                        parsed[(pid, sid)] = parse_refill_window(name, description or "")
                    window = parsed[(pid, sid)]
                lasts = [t for t in (from_ms(last_auto), from_ms(last_any)) if t is not None]
                decision = refill_decision(
                    placed_at=from_ms(created), now=now, window=window,  # type: ignore[arg-type]
                    last_requested=max(lasts) if lasts else None,
                    min_delay=settings.refill_min_delay, interval=settings.refill_interval)
                if decision is RefillDecision.ENDED:
                    self._automation.note_refill(oid, now, requested=False,
                                                 stop_reason="The refill window has ended.")
                elif decision is RefillDecision.REQUEST:
                    due.append(oid)
            results = self.refill(due) if due else []
            for r in results:
                stop = r.message if not r.ok and cannot_refill(r.message) else None
                self._automation.note_refill(r.local_id, now, requested=True, stop_reason=stop)
            return results

    # ------------------------------------------------------------------------ alerts

    def alerts(self, since: datetime | None = None, *, now: datetime | None = None
               ) -> list[Alert]:
        """The alerts raised at or after ``since`` (all when None), newest first; the
        conditions are checked first, so the list is current."""
        self.check_alerts(_now(now))
        return self._automation.alerts(since)

    def check_alerts(self, now: datetime | None = None) -> list[Alert]:
        """Raise the alerts whose condition holds and is not raised yet; clear the ones whose
        condition went away (they may be raised again later). Returns the newly raised."""
        with self._alerts_lock:
            return self._check_alerts(_now(now))

    def _check_alerts(self, now: datetime) -> list[Alert]:
        settings = self._automation.settings()
        active = self._automation.active_alert_keys()
        holding: dict[str, dict[str, Any]] = {}

        if settings.alert_balance:
            for pid, threshold in self._automation.balance_thresholds().items():
                last = self.store.last_balance(pid)
                panel = self.store.get_panel(pid, include_removed=False)
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
                    self._automation.removed_watched_services():
                holding[f"removed:{pid}:{sid}"] = {
                    "kind": AlertKind.REMOVED, "panel_id": pid, "service_id": sid,
                    "message": f"The panel no longer lists service {sid} ({name}).",
                    "data": {"name": name, "favourite": favourite, "scheduled": scheduled}}
        if settings.alert_attention:
            for oid, pid, state, not_found, error, schedule_id, remote_id, service, link in \
                    self._automation.attention_orders():
                why = ("not_found" if not_found else state)
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
        new = [dict(v, key=k) for k, v in holding.items() if k not in active]
        # condition alerts whose condition went away are cleared (events never are)
        gone = [k for k in active if k.split(":", 1)[0] in ("balance", "removed", "order")
                and k not in holding]
        self._automation.clear_alerts(gone, now)

        if settings.alert_price:
            known = self._automation.known_keys("price:")
            for pid, sid, name, old, new_rate, changed in self._automation.repriced_favourites():
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
        ids = set(self._automation.raise_alerts(new, now))
        if not ids:
            return []
        return [a for a in self._automation.alerts(now) if a.id in ids]
