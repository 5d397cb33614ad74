"""Scheduled and repeat orders: ``Automation``, composed into the ``Workspace`` (which
delegates to it), with the automation preferences and the clock watch. Automatic refills are
``smmdesk.autorefill``, alerts ``smmdesk.alerts``. Every method takes ``now`` so tests never
wait on a real clock; the GUI's timer calls the same methods on a worker thread.

The never-twice guarantee of scheduled runs: a run is placed through ``Placing`` — quoted, then
placed (recorded before it is sent, never retried, UNCERTAIN when the outcome is unknown) —
and the run itself, with its due time, is recorded in *the same transaction* that records the
order as submitting, together with the schedule's move to its next run. A kill at any moment
therefore leaves no order and an unconsumed run (placed on the next start, if still within the
grace period), or one order and a consumed run: never a second order for the same due time.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from smmdesk import servicetypes
from smmdesk.alerts import Alerts
from smmdesk.errors import PanelError
from smmdesk.models import LocalOrder, SubmitState, UnresolvedOnLink
from smmdesk.placing import OrderQuote, Placing
from smmdesk.schedules import (
    PRICE_MAX_AGE,
    AlertKind,
    ClockHold,
    ClockWatch,
    RunOutcome,
    Schedule,
    ScheduleRun,
    Timing,
    aware,
    due_plan,
    edit_plan,
    occurrence,
    price_rose,
)
from smmdesk.secrets import SecretsError
from smmdesk.servicetypes import N_, ValidationError
from smmdesk.store import Store, StoreError
from smmdesk.store.automation import AutomationSettings, AutomationStore, RunTaken

log = logging.getLogger(__name__)

__all__ = [
    "Automation",
    "AutomationSettings",
    "ResumeCheck",
    "RunNotPlaced",
    "ScheduleBlocked",
    "boot_id",
    "elapsed_seconds",
]

# Why runs were recorded as missed (the run's note; only "not running" and "late" raise alerts:
# the others follow something the person did).
_MISSED_TEXT = {
    "not_running": "SMM Desk was not running (or the computer was asleep) at this time.",
    "late": "SMM Desk could not place it in time.",
    "paused": "The schedule was paused at this time.",
    "paused_all": "All automation was paused at this time.",
    "clock": "Schedules were held at this time: the computer's clock jumped.",
}


def _now(now: datetime | None) -> datetime:
    return datetime.now(UTC) if now is None else aware(now)


def elapsed_seconds() -> float:
    """Seconds on a clock that only moves forward, also while the computer sleeps
    (``CLOCK_BOOTTIME``; elsewhere the monotonic clock): what ``run_due(elapsed=...)`` compares
    the wall clock with."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return time.clock_gettime(boottime)
    return time.monotonic()


BOOT_ID_PATH = Path("/proc/sys/kernel/random/boot_id")


def boot_id() -> str | None:
    """This boot's id (Linux: a new random one at every boot), or None where there is none:
    within one boot ``CLOCK_BOOTTIME`` readings of different processes compare (RULE 5 across
    restarts)."""
    try:
        return BOOT_ID_PATH.read_text(encoding="ascii").strip() or None
    except (OSError, ValueError):
        return None


class ScheduleBlocked(ValueError):
    """RULE 2: Run now / Resume refused — ``order_id``, a run of the schedule, may or may not
    have been placed and is not resolved yet."""

    def __init__(self, schedule_id: int, order_id: int, due: datetime, state: str) -> None:
        super().__init__(
            f"Order {order_id} (the run due {due.astimezone(UTC):%Y-%m-%d %H:%M} UTC) may or "
            "may not have been placed: check the panel's order list and resolve that order in "
            "Orders before running this schedule again.")
        self.schedule_id, self.order_id, self.due, self.state = schedule_id, order_id, due, state


class RunNotPlaced(ValueError):
    """Run now did not place: the price could not be checked (``held`` False: nothing
    changed), or a guard paused the schedule and holds the run (``held`` True)."""

    def __init__(self, reason: str, *, held: bool) -> None:
        super().__init__(reason)
        self.reason, self.held = reason, held


@dataclass(frozen=True, slots=True)
class ResumeCheck:
    """What Resume must know first (``Workspace.resume_check``)."""

    schedule: Schedule
    unresolved_order: int | None  # Resume is refused while this order is unresolved
    base_rate: Decimal | None  # the price the schedule runs at
    new_rate: Decimal | None  # the service's price now, when it rose above the limit
    currency: str | None


class Automation:
    """Scheduled orders, their runs, the automation preferences and the clock watch (module
    doc). ``placing`` places a run (quote, then place); ``alerts`` raises the missed-run alerts
    and checks the conditions after a run; ``refresh_services`` reads a panel's prices again
    (RULE 4); ``lock``: one change of the automation at a time (shared with automatic
    refills)."""

    def __init__(self, store: Store, sql: AutomationStore, placing: Placing, alerts: Alerts,
                 refresh_services: Callable[[str], Any], lock: threading.RLock,
                 sold: Callable[[OrderQuote, int], OrderQuote] | None = None) -> None:
        self.store = store
        self._sold = sold  # a run for a customer: its quote sold (the rules' price then)
        self.sql = sql
        self.placing = placing
        self.alerts = alerts
        self._refresh_services = refresh_services
        self._automation_lock = lock
        self._clock = ClockWatch()  # RULE 5 (in memory: the elapsed clock is this process's)
        self._last_check: datetime | None = None  # the last run_due that looked at schedules
        self._waiting: dict[int, str] = {}  # schedule id -> why its due run waits (RULE 4)
        self._price_read: dict[str, datetime] = {}  # panel id -> ``now`` of its last price read
        self._in_flight = 0  # scheduled runs being sent (quitting asks first)
        self._in_flight_lock = threading.Lock()
        # The provider watch (``smmdesk.watch``, set by the workspace): why a due run waits for
        # its schedule's previous run on the link (None: it does not), and the successor a
        # schedule on a removed service proposes.
        self.waits: Callable[[Schedule], str | None] | None = None
        self.propose: Callable[[str, int], str | None] | None = None
        # Runs whose order was being sent when the app stopped are UNCERTAIN now: their
        # schedules pause until the person has checked. (On a team store a colleague's run
        # waits until its order has an outcome: that desk's heartbeat expired, or it answered.)
        settled = self.finish_sending(datetime.now(UTC))
        if settled:
            log.warning("%d scheduled run(s) were being sent when the app stopped", settled)

    def finish_sending(self, now: datetime) -> int:
        """Runs whose order has an outcome now take it (a run not placed pauses its
        schedule); how many."""
        return len(self.sql.finish_sending(now))

    # ------------------------------------------------------------------------ preferences

    def automation_settings(self) -> AutomationSettings:
        return self.sql.settings()

    def set_automation_settings(self, *, now: datetime | None = None,
                                **values: Any) -> AutomationSettings:
        """Change automation preferences, e.g. ``grace=timedelta(minutes=30)``,
        ``max_price_rise=Decimal(5)``, ``auto_refill_default=True``, ``paused_all=True``.
        Ending "pause all" records the runs that fell due meanwhile as missed while paused
        (the latest stays due within the grace period)."""
        with self._automation_lock:
            was_paused = self.sql.settings().paused_all
            settings = self.sql.set_settings(**values)
            if was_paused and not settings.paused_all:
                self._settle_all(_now(now), "paused_all")
            return settings

    def _settle_all(self, now: datetime, why: str) -> None:
        """``_settle`` every active schedule (all automation, or the clock hold, goes on)."""
        for s in self.sql.list_schedules():
            if not s.paused and s.next_run is not None:
                try:
                    self._settle(s, now, why)
                except RunTaken:
                    pass  # another process moved it on meanwhile

    # ------------------------------------------------------------------------ schedules

    def _check_schedule(self, panel_id: str, service_id: int, fields: dict[str, Any],
                        timing: Timing) -> tuple[Any, dict[str, Any]]:
        panel = self.store.panels.get_panel(panel_id, include_removed=False)
        if panel is None:
            raise ValidationError({"panel": N_("This panel does not exist (any more).")})
        service = self.store.services.get_service(panel_id, int(service_id))
        if service is None or self.store.services.service_removed(panel_id, int(service_id)):
            raise ValidationError({"service": N_("This service is not in the panel's list.")})
        problems = dict(servicetypes.validate(service, fields))
        problems.update(timing.check())
        if problems:
            raise ValidationError(problems)
        return service, dict(fields)

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
        customer_id: int | None = None,
    ) -> Schedule:
        """Schedule an order: once at ``first_run`` or, with ``every``, repeated — ``times`` runs
        in all and/or up to ``until``. The values are validated as for placing now (raises
        ``ValidationError``); a naive datetime is local time. The service's price now is kept:
        a rise above the ``max_price_rise`` preference pauses the schedule before a run.
        ``customer_id``: every run is sold to this customer, at the rules' price of its day."""
        timing = Timing(aware(first_run), every, times, aware(until) if until else None)
        service, values = self._check_schedule(panel_id, service_id, fields, timing)
        sid = self.sql.insert_schedule(
            panel_id=panel_id, service_id=service.id, service_name=service.name, fields=values,
            timing=timing, base_rate=service.rate, now=_now(now), customer_id=customer_id)
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
        """Edit a schedule: new values and timing. RULE 1: a run once consumed is never placed
        again — the edit applies from the next unconsumed occurrence: ``times`` counts the runs
        from ``first_run`` on, and those at or before the latest run already made count as done
        (a dialog opened before a run went out cannot bring it back). The run index, the runs
        done, the pause and a held run stay. Raises ``ValidationError`` when the schedule has
        finished (nothing of it can run again) or the edit would leave no run."""
        for _attempt in range(5):
            old = self.schedule(schedule_id)
            if old.finished:
                raise ValidationError({"schedule": N_("This schedule has finished: its runs "
                                                      "were all made. Make a new schedule to "
                                                      "order again.")})
            timing = Timing(aware(first_run), every, times, aware(until) if until else None)
            service, values = self._check_schedule(old.panel_id, old.service_id, fields, timing)
            last = self.sql.last_consumed_due(schedule_id)
            if old.next_index > 0 and old.first_run is not None:
                before = occurrence(old.timing, old.next_index - 1)
                if before is not None and (last is None or before > last):
                    last = before
            plan = edit_plan(timing, old.next_index, last)
            if plan.empty:
                raise ValidationError({"first_run": N_("Nothing would be left to run: every run "
                                                       "of this timing is at or before the last "
                                                       "run already made. Choose a later first "
                                                       "run.")})
            try:
                self.sql.update_schedule(
                    schedule_id, fields=values, timing=plan.timing, base_rate=service.rate,
                    generation=old.generation, next_index=old.next_index, now=_now(now))
            except RunTaken:
                continue  # a run went out meanwhile: plan again from the new next index
            return self.schedule(schedule_id)
        raise RuntimeError(f"schedule {schedule_id} kept changing while it was edited")

    def schedules(self) -> list[Schedule]:
        return self.sql.list_schedules()

    def schedule(self, schedule_id: int) -> Schedule:
        s = self.sql.get_schedule(schedule_id)
        if s is None:
            raise KeyError(f"no schedule {schedule_id}")
        return s

    def pause_schedule(self, schedule_id: int, reason: str | None = None, *,
                       now: datetime | None = None) -> Schedule:
        self.sql.set_paused(schedule_id, True, reason or "Paused by you", _now(now))
        return self.schedule(schedule_id)

    def resume_check(self, schedule_id: int) -> ResumeCheck:
        """What Resume must ask first: an unresolved run (Resume is refused), or a price above
        the schedule's (Resume offers to accept it)."""
        s = self.schedule(schedule_id)
        unresolved = self.sql.unresolved_orders(schedule_id)
        service = self.store.services.get_service(s.panel_id, s.service_id)
        panel = self.store.panels.get_panel(s.panel_id, include_removed=True)
        rate = service.rate if service is not None else None
        max_rise = self.sql.settings().max_price_rise
        rose = rate is not None and price_rose(s.base_rate, rate, max_rise)
        return ResumeCheck(s, unresolved[0][0] if unresolved else None, s.base_rate,
                           rate if rose else None, panel.currency if panel else None)

    def resume_schedule(self, schedule_id: int, *, accept_price: Decimal | None = None,
                        now: datetime | None = None) -> Schedule:
        """Resume. RULE 2: refused (``ScheduleBlocked``) while a run of the schedule may or may
        not have been placed and is not resolved. ``accept_price``: the service's new price,
        accepted by the person (the price-rise guard compares with it from now on); a run a
        guard held is then placed at the next ``run_due``, however late. Runs that fell due
        while paused follow the catch-up rule now: the latest is placed only when less than the
        grace period late; the others are recorded as missed while paused."""
        now = _now(now)
        if accept_price is not None and not isinstance(accept_price, Decimal):
            raise TypeError("the accepted price is a Decimal")
        with self._automation_lock:
            for _attempt in range(5):
                s = self.schedule(schedule_id)
                self._refuse_unresolved(s)
                try:
                    self._settle(s, now, "paused", resume=True, base_rate=accept_price)
                except RunTaken:
                    continue  # another process consumed a run meanwhile: look again
                break
        return self.schedule(schedule_id)

    def _refuse_unresolved(self, s: Schedule) -> None:
        """RULE 2: no run of a schedule whose last run may or may not have been placed."""
        unresolved = self.sql.unresolved_orders(s.id)
        if unresolved:
            order_id, due, state = unresolved[0]
            raise ScheduleBlocked(s.id, order_id, due, state)

    def _settle(self, s: Schedule, now: datetime, why: str, *, resume: bool = False,
                base_rate: Decimal | None = None) -> None:
        """The runs that fell due while the schedule could not run (paused, all automation
        paused, clock held) are recorded now, as missed for that reason — not as "SMM Desk was
        not running". The latest stays due when it is less than the grace period late (or a
        guard held it: then the latest due run is the one held)."""
        grace = self.sql.settings().grace
        gen = s.generation
        missed: list[tuple[int, datetime]] = []
        more, upto = 0, s.next_index
        if s.next_run is not None:
            plan = due_plan(s.timing, s.next_index, now, timedelta.max if s.held else grace)
            missed, more = plan.missed, plan.missed_more
            upto = plan.run[0] if plan.run is not None else plan.next_index
        with self.store.db.transaction() as c:
            if upto > s.next_index:
                self.sql.consume(c, s.id, gen, s.next_index, upto, require_active=False)
                _record_missed(self.sql, c, s, gen, missed, more, now, _MISSED_TEXT[why])
                if s.held:
                    self.sql.move_hold(c, s.id, upto)
            if resume:
                self.sql.pause_state(c, s.id, False, None, now, base_rate=base_rate)

    def delete_schedule(self, schedule_id: int, *, now: datetime | None = None) -> None:
        self.sql.delete_schedule(schedule_id, _now(now))

    def schedule_runs(self, schedule_id: int) -> list[ScheduleRun]:
        """Every run of the schedule, by due time: placed / missed / rejected / uncertain
        (or sending, while in flight), with the local order id when one was sent. A run a guard
        holds has no row until it is placed or missed (``Schedule.held_index``)."""
        return self.sql.runs(schedule_id)

    def scheduled_run_in_flight(self) -> bool:
        """RULE 9. A scheduled run's (or Run now's) ``add`` request is out and its answer not in
        yet. In memory: safe on the GUI thread (quitting asks first while it is)."""
        with self._in_flight_lock:
            return self._in_flight > 0

    # -- the clock (RULE 5)

    def clock_hold(self) -> ClockHold | None:
        """Every schedule is held: the wall clock jumped (``release_clock_hold`` goes on)."""
        return self.sql.clock_hold()

    def release_clock_hold(self, *, now: datetime | None = None) -> None:
        """The person confirmed the clock is right: schedules go on. The runs that fell due
        during the hold follow the catch-up rule (recorded as held, never as "not running")."""
        now = _now(now)
        with self._automation_lock:
            self._end_clock_hold(now)

    def _end_clock_hold(self, now: datetime) -> None:
        hold = self.sql.clock_hold()
        if hold is None:
            return
        self._settle_all(now, "clock")
        self.sql.set_clock_hold(None)
        self.sql.clear_alerts([hold.key], now)
        self._clock.expected = None
        log.warning("clock hold released at %s", now.isoformat())

    def _watch_clock(self, now: datetime, elapsed: float, boot: str | None = None) -> None:
        """RULE 5: a forward jump of the wall clock holds every schedule (one alert); the hold
        ends by itself when the wall clock comes back to where it should be.

        Across restarts within one boot (``boot``: ``boot_id()``): each check stores (wall,
        elapsed, boot id); a process's first check compares with the last stored one of the
        same boot, so a clock that went wrong while SMM Desk was not running (an RTC read
        wrongly at boot, corrected by NTP before the app started) is caught too."""
        if self._clock.last is None and boot is not None:
            seen = self.sql.clock_seen()
            if seen is not None and seen[2] == boot and seen[1] <= elapsed:
                self._clock.last = (seen[0], seen[1])
        jump = self._clock.observe(now, elapsed)
        if boot is not None:
            self.sql.set_clock_seen(now, elapsed, boot)
        hold = self.sql.clock_hold()
        if hold is None and jump is not None:
            hold = ClockHold(now, jump)
            self.sql.set_clock_hold(hold)
            minutes = int(jump.total_seconds() // 60)
            self.sql.raise_alerts([{
                "kind": AlertKind.CLOCK, "key": hold.key,
                "message": f"The computer's clock jumped {minutes} minutes ahead: scheduled "
                           "orders are held until you confirm the clock is right.",
                "data": {"minutes": minutes, "at": now.isoformat()},
            }], now)
            log.warning("wall clock jumped %s ahead of the elapsed clock: schedules held", jump)
        elif hold is not None and jump is None and self._clock.back_in_step(now, elapsed):
            log.warning("wall clock back in step: clock hold ends by itself")
            self._end_clock_hold(now)

    # -- running

    def run_due(self, now: datetime, *, elapsed: float | None = None,
                boot: str | None = None) -> list[LocalOrder]:
        """Place what is due at ``now``: at most one run per schedule. Returns the orders this
        call recorded (placed, rejected or uncertain). ``elapsed``: a reading of a clock that
        only counts elapsed seconds (``elapsed_seconds()``), to notice a jump of the wall clock
        between two calls (RULE 5); None (scripts, tests driving ``now``): not watched.
        ``boot``: this boot's id (``boot_id()``), to notice one between this process's first
        call and the last call of an earlier process of the same boot."""
        now = aware(now)
        if not self.sql.acts():
            return []  # a team store's viewer: the operators' desks place the runs
        with self._automation_lock:
            self.sql.finish_sending(now)
            if elapsed is not None:
                self._watch_clock(now, elapsed, boot)
            settings = self.sql.settings()
            placed: list[LocalOrder] = []
            if not settings.paused_all and self.sql.clock_hold() is None:
                fresh: dict[str, str | None] = {}
                for s in self.sql.list_schedules():
                    if s.paused or s.next_run is None:
                        continue
                    order = self._run_schedule(s, now, settings, fresh)
                    if order is not None:
                        placed.append(order)
                self._last_check = now
            self.alerts.refresh(now)
        return placed

    def run_schedule_now(self, schedule_id: int, *, now: datetime | None = None) -> LocalOrder:
        """"Run now": place the schedule's next run at once instead of at its time (also when
        paused; it stays paused). Raises ``ValueError`` when the schedule has no run left,
        ``ScheduleBlocked`` while a run of it is unresolved (RULE 2), and ``RunNotPlaced`` when
        the price cannot be checked or a guard holds the run (the schedule then pauses, as a
        scheduled run would)."""
        now = _now(now)
        with self._automation_lock:
            self.sql.finish_sending(now)
            s = self.schedule(schedule_id)
            if s.next_run is None:
                raise ValueError("this schedule has no run left")
            self._refuse_unresolved(s)
            # The run due now (the latest overdue one; earlier overdue ones are missed), or the
            # next one when none is due yet.
            plan = due_plan(s.timing, s.next_index, now, timedelta.max)
            index, due = plan.run if plan.run is not None else (s.next_index, s.next_run)
            why = self._price_fresh(s.panel_id, now, {})
            if why is not None:
                raise RunNotPlaced(why, held=False)
            reason = self._pause_reason(s, self.sql.settings().max_price_rise)
            if reason is not None:
                self._hold(s, index, plan.missed, plan.missed_more, now, reason)
                raise RunNotPlaced(reason, held=True)
            missed = self._split_missed(plan.missed, plan.missed_more)
            order = self._place_run(s, index, due, now, missed, require_active=False)
            if order is None:
                after = self.schedule(schedule_id)
                if after.held and after.pause_reason:
                    raise RunNotPlaced(after.pause_reason, held=True)
                raise ValueError("this run was taken meanwhile")
            self.alerts.refresh(now)
            return order

    def _run_schedule(self, s: Schedule, now: datetime, settings: AutomationSettings,
                      fresh: dict[str, str | None]) -> LocalOrder | None:
        # A run a guard held is placed once resumed, however late (the person accepted it).
        plan = due_plan(s.timing, s.next_index, now,
                        timedelta.max if s.held else settings.grace)
        if plan.empty:
            self._waiting.pop(s.id, None)
            return None
        gen = s.generation
        missed = self._split_missed(plan.missed, plan.missed_more, self._waiting.get(s.id))
        if plan.run is None:
            with self.store.db.transaction() as c:
                try:
                    self.sql.consume(c, s.id, gen, s.next_index, plan.next_index)
                except RunTaken:
                    return None
                _record_groups(self.sql, c, s, gen, missed, now)
            self._waiting.pop(s.id, None)
            _missed_alerts(self.sql, s, missed, now)
            return None
        index, due = plan.run
        # RULE 4: the price is at most PRICE_MAX_AGE old, or the run waits (unconsumed).
        why = self._price_fresh(s.panel_id, now, fresh)
        if why is None and self.waits is not None:
            why = self.waits(s)  # its previous run on the link is still running
        if why is not None:
            self._waiting[s.id] = why
            if index > s.next_index:
                with self.store.db.transaction() as c:
                    try:
                        self.sql.consume(c, s.id, gen, s.next_index, index)
                    except RunTaken:
                        return None
                    _record_groups(self.sql, c, s, gen, missed, now)
                _missed_alerts(self.sql, s, missed, now)
            log.info("schedule %d waits: %s", s.id, why)
            return None
        self._waiting.pop(s.id, None)
        reason = self._pause_reason(s, settings.max_price_rise)
        if reason is not None:
            self._hold(s, index, plan.missed, plan.missed_more, now, reason,
                       missed_groups=missed)
            log.info("schedule %d paused before placing: %s", s.id, reason)
            return None
        return self._place_run(s, index, due, now, missed)

    def _hold(self, s: Schedule, index: int, missed: list[tuple[int, datetime]], more: int,
              now: datetime, reason: str, *,
              missed_groups: list[tuple[str, list[tuple[int, datetime]], int]] | None = None
              ) -> None:
        """RULE 3: a guard pauses the schedule and holds the due run ``index`` — not consumed,
        so a one-shot is not ended unplaced and Resume (accepting the new price) places it."""
        groups = missed_groups if missed_groups is not None else self._split_missed(missed, more)
        gen = s.generation
        with self.store.db.transaction() as c:
            try:
                if index > s.next_index:
                    self.sql.consume(c, s.id, gen, s.next_index, index,
                                     require_active=False)
                    _record_groups(self.sql, c, s, gen, groups, now)
                self.sql.hold(c, s.id, gen, index, reason, now)
            except RunTaken:
                return
        _missed_alerts(self.sql, s, groups, now)

    def _price_fresh(self, panel_id: str, now: datetime,
                     fresh: dict[str, str | None]) -> str | None:
        """RULE 4: None when the panel's prices were read at most ``PRICE_MAX_AGE`` before
        ``now`` (else they are read again, once per panel per call); otherwise why the price
        could not be checked."""
        if panel_id in fresh:
            return fresh[panel_id]
        # Read at (the catalogue's time), or read here on the clock that drives the runs.
        read = [t for t in (self.store.panels.services_refreshed_at(panel_id),
                            self._price_read.get(panel_id)) if t is not None]
        if any(abs(now - t) <= PRICE_MAX_AGE for t in read):
            fresh[panel_id] = None
            return None
        why: str | None = None
        try:
            self._refresh_services(panel_id)
            self._price_read[panel_id] = now
        except (PanelError, SecretsError, KeyError) as e:
            why = f"The price could not be checked: {e}"
        except Exception as e:  # a bug must not place at an unchecked price
            log.warning("price check of %s failed", panel_id, exc_info=True)
            why = f"The price could not be checked ({type(e).__name__})."
        fresh[panel_id] = why
        return why

    def _pause_reason(self, s: Schedule, max_rise: Decimal) -> str | None:
        """Why a run must not be placed now (the schedule pauses), or None."""
        if self.store.panels.get_panel(s.panel_id, include_removed=False) is None:
            return "The panel was removed."
        service = self.store.services.get_service(s.panel_id, s.service_id)
        if service is None or self.store.services.service_removed(s.panel_id, s.service_id):
            proposal = self.propose(s.panel_id, s.service_id) if self.propose else None
            return "The service is no longer in the panel's list." + (
                f" {proposal}" if proposal else "")
        if price_rose(s.base_rate, service.rate, max_rise):
            return (f"The price rose from {s.base_rate} to {service.rate} "
                    f"(more than {max_rise} %).")
        # The rule of every placement (``Placing.place``): not while an order on the link, on
        # any panel, may have been placed and is not resolved — the run is held, unconsumed.
        link = servicetypes.link_of(s.fields)
        blocked = self.placing.unresolved_block(link) if link else None
        if blocked is not None:
            return blocked.reason
        return None

    def _split_missed(self, missed: list[tuple[int, datetime]], more: int,
                      waiting: str | None = None
                      ) -> list[tuple[str, list[tuple[int, datetime]], int]]:
        """RULE 7. Missed runs by why: due after this process last checked (or before it ever did):
        SMM Desk was not running, or the computer slept; due before that check: the app was
        running and could not place it in time (``waiting`` says why, when known)."""
        seen = self._last_check
        late = [m for m in missed if seen is not None and m[1] <= seen]
        gone = [m for m in missed if m not in late]
        groups: list[tuple[str, list[tuple[int, datetime]], int]] = []
        if late:
            groups.append(("late:" + (waiting or ""), late, 0))
        if gone or more:
            groups.append(("not_running", gone, more))
        return groups

    def _place_run(self, s: Schedule, index: int, due: datetime, now: datetime,
                   missed: list[tuple[str, list[tuple[int, datetime]], int]], *,
                   require_active: bool = True) -> LocalOrder | None:
        gen = s.generation
        after = index + 1 if index >= s.next_index else s.next_index

        def record(c: sqlite3.Connection, order_id: int) -> None:
            # RULE 1. Inside the transaction that records the order as submitting: consume the
            # due run (or roll everything back: then nothing is sent). A kill -9 at any moment
            # leaves no order and an unconsumed run, or one order and a consumed run.
            self.sql.consume(c, s.id, gen, s.next_index, after, runs_done=1,
                             require_active=require_active)
            _record_groups(self.sql, c, s, gen, missed, now)
            self.sql.add_run(c, s.id, gen, index, due, now, RunOutcome.SENDING,
                             order_id=order_id)

        with self._in_flight_lock:
            self._in_flight += 1
        try:
            quote = self.placing.quote(s.panel_id, s.service_id, s.fields)
            if s.customer_id is not None and self._sold is not None:
                quote = self._sold(quote, s.customer_id)
            order = self.placing.place(quote, record_with=record)
        except RunTaken:
            return None
        except UnresolvedOnLink as e:  # one appeared since _pause_reason: held, as a guard
            self._hold(s, index, [], 0, now, e.reason, missed_groups=missed)
            return None
        except StoreError:
            if not self.store.db.closed:
                raise
            # The person quit while this run was sent and chose not to wait: its order was
            # recorded uncertain then (``abandon_sending``); the answer has nowhere to go.
            log.warning("schedule %d: the answer came after SMM Desk closed", s.id)
            return None
        except ValidationError as e:
            reason = "The order is no longer valid: " + "; ".join(
                f"{k}: {v}" for k, v in sorted(e.problems.items()))
            with self.store.db.transaction() as c:
                try:
                    self.sql.consume(c, s.id, gen, s.next_index, after,
                                     require_active=require_active)
                except RunTaken:
                    return None
                _record_groups(self.sql, c, s, gen, missed, now)
                self.sql.add_run(c, s.id, gen, index, due, now, RunOutcome.REJECTED,
                                 message=reason)
                self.sql.pause_in(c, s.id, reason, now)
            return None
        finally:
            with self._in_flight_lock:
                self._in_flight -= 1
        _missed_alerts(self.sql, s, missed, now)
        self.sql.finish_sending(now)
        if order.submit_state is not SubmitState.PLACED:
            log.warning("scheduled run of schedule %d: %s; schedule paused", s.id,
                        order.submit_state.value)
        return order


# ------------------------------------------------------------------------ missed runs (RULE 7)
# What a run that was not placed in time leaves behind, in the caller's transaction: a row per
# missed run (the latest ones summed up), and one alert per group of them.


def _record_groups(sql: AutomationStore, c: sqlite3.Connection, s: Schedule, gen: int,
                   groups: list[tuple[str, list[tuple[int, datetime]], int]],
                   now: datetime) -> None:
    for why, missed, more in groups:
        if why.startswith("late:"):
            text = ("Not placed in time: " + why[5:]) if why[5:] else _MISSED_TEXT["late"]
        else:
            text = _MISSED_TEXT[why]
        _record_missed(sql, c, s, gen, missed, more, now, text)


def _record_missed(sql: AutomationStore, c: sqlite3.Connection, s: Schedule, gen: int,
                   missed: list[tuple[int, datetime]], more: int, now: datetime,
                   message: str) -> None:
    for k, when in missed:
        sql.add_run(c, s.id, gen, k, when, now, RunOutcome.MISSED, message=message)
    if more:
        last_k = missed[-1][0] + more if missed else s.next_index + more - 1
        last_due = occurrence(s.timing, last_k) or now
        sql.add_run(
            c, s.id, gen, last_k, last_due, now, RunOutcome.MISSED,
            message=f"{more} more runs were missed up to this time.")


def _missed_alerts(sql: AutomationStore, s: Schedule,
                   groups: list[tuple[str, list[tuple[int, datetime]], int]],
                   now: datetime) -> None:
    """One alert per group of missed runs: "while SMM Desk was not running" only for the
    runs that fell due while it was not (or the computer slept)."""
    for why, missed, more in groups:
        if not missed and not more:
            continue
        count = len(missed) + more
        first = missed[0] if missed else (s.next_index, now)
        key = f"missed:{s.id}:{s.generation}:{first[0]}"
        if key in sql.known_keys(key):
            continue
        name = s.service_name or str(s.service_id)
        reason = why[5:] if why.startswith("late:") else ""
        if why == "not_running":
            message = (f"{count} scheduled run(s) of {name} were missed while SMM Desk was "
                       "not running (or the computer was asleep).")
        else:
            message = (f"{count} scheduled run(s) of {name} were not placed in time"
                       + (f": {reason}" if reason else "."))
        sql.raise_alerts([{
            "kind": AlertKind.MISSED, "key": key, "panel_id": s.panel_id,
            "service_id": s.service_id, "schedule_id": s.id, "message": message,
            "data": {"count": count, "first": first[1].isoformat(),
                     "service": s.service_name,
                     "why": "not_running" if why == "not_running" else "late",
                     "reason": reason},
        }], now)
