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
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smmdesk import servicetypes
from smmdesk.errors import PanelError
from smmdesk.models import LocalOrder, SubmitState, UnresolvedOnLink
from smmdesk.schedules import (
    PRICE_MAX_AGE,
    Alert,
    AlertKind,
    ClockHold,
    ClockWatch,
    RefillDecision,
    RefillWindow,
    RunOutcome,
    Schedule,
    ScheduleRun,
    Timing,
    aware,
    due_plan,
    edit_plan,
    occurrence,
    parse_refill_window,
    price_moved,
    price_rose,
    refill_decision,
    refill_refusal_permanent,
)
from smmdesk.secrets import SecretsError
from smmdesk.servicetypes import N_, ValidationError
from smmdesk.store import Store, StoreError, from_ms
from smmdesk.store.automation import (
    LIFETIME_DAYS,
    AutomationSettings,
    AutomationStore,
    RunTaken,
)

if TYPE_CHECKING:
    from smmdesk.workspace import ActionResult

log = logging.getLogger(__name__)

__all__ = [
    "AutomationMixin",
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
# An automatic refill refused this many times in a row raises an alert.
REFILL_REFUSALS_ALERT = 3
# The status timer reads a watched panel's balance at most this often.
BALANCE_CHECK_EVERY = timedelta(minutes=15)


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
            "the history before running this schedule again.")
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


class AutomationMixin:
    """Scheduled orders, automatic refills and alerts (see the module doc)."""

    store: Store
    _automation: AutomationStore
    _automation_lock: threading.RLock
    _clock: ClockWatch
    _last_check: datetime | None
    _waiting: dict[int, str]
    _price_read: dict[str, datetime]
    _in_flight: int
    _in_flight_lock: threading.Lock
    _alerts_lock: threading.Lock

    if TYPE_CHECKING:  # provided by Workspace
        def place_order(self, panel_id: str, service_id: int, fields: dict[str, Any], *,
                        record_with: Any = None) -> LocalOrder: ...
        def refill(self, local_ids: Any) -> list[ActionResult]: ...
        def refresh_services(self, panel_id: str) -> Any: ...
        def balance(self, panel_id: str) -> Any: ...
        def unresolved_block(self, link: str, *,
                             exclude: int | None = None) -> UnresolvedOnLink | None: ...

    def _init_automation(self) -> None:
        self._automation = AutomationStore(self.store)
        self._automation_lock = threading.RLock()
        self._alerts_lock = threading.Lock()  # one condition check at a time: no twin alerts
        self._clock = ClockWatch()  # RULE 5 (in memory: the elapsed clock is this process's)
        self._last_check: datetime | None = None  # the last run_due that looked at schedules
        self._waiting: dict[int, str] = {}  # schedule id -> why its due run waits (RULE 4)
        self._price_read: dict[str, datetime] = {}  # panel id -> ``now`` of its last price read
        self._in_flight = 0  # scheduled runs being sent (quitting asks first)
        self._in_flight_lock = threading.Lock()
        # Runs whose order was being sent when the app stopped are UNCERTAIN now: their
        # schedules pause until the person has checked.
        settled = self._automation.finish_sending(datetime.now(UTC))
        if settled:
            log.warning("%d scheduled run(s) were being sent when the app stopped", len(settled))

    # ------------------------------------------------------------------------ preferences

    def automation_settings(self) -> AutomationSettings:
        return self._automation.settings()

    def set_automation_settings(self, *, now: datetime | None = None,
                                **values: Any) -> AutomationSettings:
        """Change automation preferences, e.g. ``grace=timedelta(minutes=30)``,
        ``max_price_rise=Decimal(5)``, ``auto_refill_default=True``, ``paused_all=True``.
        Ending "pause all" records the runs that fell due meanwhile as missed while paused
        (the latest stays due within the grace period)."""
        with self._automation_lock:
            was_paused = self._automation.settings().paused_all
            settings = self._automation.set_settings(**values)
            if was_paused and not settings.paused_all:
                self._settle_all(_now(now), "paused_all")
            return settings

    def _settle_all(self, now: datetime, why: str) -> None:
        """``_settle`` every active schedule (all automation, or the clock hold, goes on)."""
        for s in self._automation.list_schedules():
            if not s.paused and s.next_run is not None:
                try:
                    self._settle(s, now, why)
                except RunTaken:
                    pass  # another process moved it on meanwhile

    def balance_threshold(self, panel_id: str) -> Decimal | None:
        return self._automation.balance_threshold(panel_id)

    def check_balance_due(self, panel_id: str, *, now: datetime | None = None) -> bool:
        """The status timer's balance check (``sync_panel`` calls it): a panel with a
        low-balance threshold has its balance read again when the last reading is at least
        ``BALANCE_CHECK_EVERY`` old, and the alerts are checked — so the low-balance alert
        fires while SMM Desk sits in the tray. True when the balance was read. Network."""
        now = _now(now)
        if not self._automation.settings().alert_balance:
            return False
        if self._automation.balance_threshold(panel_id) is None:
            return False
        last = self.store.last_balance(panel_id)
        if last is not None and abs(now - last[1]) < BALANCE_CHECK_EVERY:
            return False
        self.balance(panel_id)
        self.check_alerts(now)
        return True

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
            raise ValidationError({"panel": N_("This panel does not exist (any more).")})
        service = self.store.get_service(panel_id, int(service_id))
        if service is None or self._service_removed(panel_id, int(service_id)):
            raise ValidationError({"service": N_("This service is not in the panel's list.")})
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
            last = self._automation.last_consumed_due(schedule_id)
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
                self._automation.update_schedule(
                    schedule_id, fields=values, timing=plan.timing, base_rate=service.rate,
                    generation=old.generation, next_index=old.next_index, now=_now(now))
            except RunTaken:
                continue  # a run went out meanwhile: plan again from the new next index
            return self.schedule(schedule_id)
        raise RuntimeError(f"schedule {schedule_id} kept changing while it was edited")

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

    def resume_check(self, schedule_id: int) -> ResumeCheck:
        """What Resume must ask first: an unresolved run (Resume is refused), or a price above
        the schedule's (Resume offers to accept it)."""
        s = self.schedule(schedule_id)
        unresolved = self._automation.unresolved_orders(schedule_id)
        service = self.store.get_service(s.panel_id, s.service_id)
        panel = self.store.get_panel(s.panel_id, include_removed=True)
        rate = service.rate if service is not None else None
        max_rise = self._automation.settings().max_price_rise
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
        unresolved = self._automation.unresolved_orders(s.id)
        if unresolved:
            order_id, due, state = unresolved[0]
            raise ScheduleBlocked(s.id, order_id, due, state)

    def _settle(self, s: Schedule, now: datetime, why: str, *, resume: bool = False,
                base_rate: Decimal | None = None) -> None:
        """The runs that fell due while the schedule could not run (paused, all automation
        paused, clock held) are recorded now, as missed for that reason — not as "SMM Desk was
        not running". The latest stays due when it is less than the grace period late (or a
        guard held it: then the latest due run is the one held)."""
        grace = self._automation.settings().grace
        gen = s.generation
        missed: list[tuple[int, datetime]] = []
        more, upto = 0, s.next_index
        if s.next_run is not None:
            plan = due_plan(s.timing, s.next_index, now, timedelta.max if s.held else grace)
            missed, more = plan.missed, plan.missed_more
            upto = plan.run[0] if plan.run is not None else plan.next_index
        with self.store.transaction() as c:
            if upto > s.next_index:
                self._automation.consume(c, s.id, gen, s.next_index, upto, require_active=False)
                self._record_missed(c, s, gen, missed, more, now, _MISSED_TEXT[why])
                if s.held:
                    c.execute("UPDATE schedules SET held_index = ? WHERE id = ?", (upto, s.id))
            if resume:
                self._automation.pause_state(c, s.id, False, None, now, base_rate=base_rate)

    def delete_schedule(self, schedule_id: int, *, now: datetime | None = None) -> None:
        self._automation.delete_schedule(schedule_id, _now(now))

    def schedule_runs(self, schedule_id: int) -> list[ScheduleRun]:
        """Every run of the schedule, by due time: placed / missed / rejected / uncertain
        (or sending, while in flight), with the local order id when one was sent. A run a guard
        holds has no row until it is placed or missed (``Schedule.held_index``)."""
        return self._automation.runs(schedule_id)

    def scheduled_run_in_flight(self) -> bool:
        """RULE 9. A scheduled run's (or Run now's) ``add`` request is out and its answer not in
        yet. In memory: safe on the GUI thread (quitting asks first while it is)."""
        with self._in_flight_lock:
            return self._in_flight > 0

    # -- the clock (RULE 5)

    def clock_hold(self) -> ClockHold | None:
        """Every schedule is held: the wall clock jumped (``release_clock_hold`` goes on)."""
        return self._automation.clock_hold()

    def release_clock_hold(self, *, now: datetime | None = None) -> None:
        """The person confirmed the clock is right: schedules go on. The runs that fell due
        during the hold follow the catch-up rule (recorded as held, never as "not running")."""
        now = _now(now)
        with self._automation_lock:
            self._end_clock_hold(now)

    def _end_clock_hold(self, now: datetime) -> None:
        hold = self._automation.clock_hold()
        if hold is None:
            return
        self._settle_all(now, "clock")
        self._automation.set_clock_hold(None)
        self._automation.clear_alerts([hold.key], now)
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
            seen = self._automation.clock_seen()
            if seen is not None and seen[2] == boot and seen[1] <= elapsed:
                self._clock.last = (seen[0], seen[1])
        jump = self._clock.observe(now, elapsed)
        if boot is not None:
            self._automation.set_clock_seen(now, elapsed, boot)
        hold = self._automation.clock_hold()
        if hold is None and jump is not None:
            hold = ClockHold(now, jump)
            self._automation.set_clock_hold(hold)
            minutes = int(jump.total_seconds() // 60)
            self._automation.raise_alerts([{
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
        with self._automation_lock:
            self._automation.finish_sending(now)
            if elapsed is not None:
                self._watch_clock(now, elapsed, boot)
            settings = self._automation.settings()
            placed: list[LocalOrder] = []
            if not settings.paused_all and self._automation.clock_hold() is None:
                fresh: dict[str, str | None] = {}
                for s in self._automation.list_schedules():
                    if s.paused or s.next_run is None:
                        continue
                    order = self._run_schedule(s, now, settings, fresh)
                    if order is not None:
                        placed.append(order)
                self._last_check = now
            self.check_alerts(now)
        return placed

    def run_schedule_now(self, schedule_id: int, *, now: datetime | None = None) -> LocalOrder:
        """"Run now": place the schedule's next run at once instead of at its time (also when
        paused; it stays paused). Raises ``ValueError`` when the schedule has no run left,
        ``ScheduleBlocked`` while a run of it is unresolved (RULE 2), and ``RunNotPlaced`` when
        the price cannot be checked or a guard holds the run (the schedule then pauses, as a
        scheduled run would)."""
        now = _now(now)
        with self._automation_lock:
            self._automation.finish_sending(now)
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
            reason = self._pause_reason(s, self._automation.settings().max_price_rise)
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
            self.check_alerts(now)
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
            with self.store.transaction() as c:
                try:
                    self._automation.consume(c, s.id, gen, s.next_index, plan.next_index)
                except RunTaken:
                    return None
                self._record_groups(c, s, gen, missed, now)
            self._waiting.pop(s.id, None)
            self._missed_alerts(s, missed, now)
            return None
        index, due = plan.run
        # RULE 4: the price is at most PRICE_MAX_AGE old, or the run waits (unconsumed).
        why = self._price_fresh(s.panel_id, now, fresh)
        if why is not None:
            self._waiting[s.id] = why
            if index > s.next_index:
                with self.store.transaction() as c:
                    try:
                        self._automation.consume(c, s.id, gen, s.next_index, index)
                    except RunTaken:
                        return None
                    self._record_groups(c, s, gen, missed, now)
                self._missed_alerts(s, missed, now)
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
        with self.store.transaction() as c:
            try:
                if index > s.next_index:
                    self._automation.consume(c, s.id, gen, s.next_index, index,
                                             require_active=False)
                    self._record_groups(c, s, gen, groups, now)
                self._automation.hold(c, s.id, gen, index, reason, now)
            except RunTaken:
                return
        self._missed_alerts(s, groups, now)

    def _price_fresh(self, panel_id: str, now: datetime,
                     fresh: dict[str, str | None]) -> str | None:
        """RULE 4: None when the panel's prices were read at most ``PRICE_MAX_AGE`` before
        ``now`` (else they are read again, once per panel per call); otherwise why the price
        could not be checked."""
        if panel_id in fresh:
            return fresh[panel_id]
        # Read at (the catalogue's time), or read here on the clock that drives the runs.
        read = [t for t in (self.store.services_refreshed_at(panel_id),
                            self._price_read.get(panel_id)) if t is not None]
        if any(abs(now - t) <= PRICE_MAX_AGE for t in read):
            fresh[panel_id] = None
            return None
        why: str | None = None
        try:
            self.refresh_services(panel_id)
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
        if self.store.get_panel(s.panel_id, include_removed=False) is None:
            return "The panel was removed."
        service = self.store.get_service(s.panel_id, s.service_id)
        if service is None or self._service_removed(s.panel_id, s.service_id):
            return "The service is no longer in the panel's list."
        if price_rose(s.base_rate, service.rate, max_rise):
            return (f"The price rose from {s.base_rate} to {service.rate} "
                    f"(more than {max_rise} %).")
        # The rule of every placement (``place_order``): not while an order on the link, on any
        # panel, may have been placed and is not resolved — the run is held, unconsumed.
        link = str(s.fields.get("link") or s.fields.get("username") or "")
        blocked = self.unresolved_block(link) if link else None
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

    def _record_groups(self, c: sqlite3.Connection, s: Schedule, gen: int,
                       groups: list[tuple[str, list[tuple[int, datetime]], int]],
                       now: datetime) -> None:
        for why, missed, more in groups:
            if why.startswith("late:"):
                text = ("Not placed in time: " + why[5:]) if why[5:] else _MISSED_TEXT["late"]
            else:
                text = _MISSED_TEXT[why]
            self._record_missed(c, s, gen, missed, more, now, text)

    def _record_missed(self, c: sqlite3.Connection, s: Schedule, gen: int,
                       missed: list[tuple[int, datetime]], more: int, now: datetime,
                       message: str) -> None:
        for k, when in missed:
            self._automation.add_run(c, s.id, gen, k, when, now, RunOutcome.MISSED,
                                     message=message)
        if more:
            last_k = missed[-1][0] + more if missed else s.next_index + more - 1
            last_due = occurrence(s.timing, last_k) or now
            self._automation.add_run(
                c, s.id, gen, last_k, last_due, now, RunOutcome.MISSED,
                message=f"{more} more runs were missed up to this time.")

    def _missed_alerts(self, s: Schedule,
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
            if key in self._automation.known_keys(key):
                continue
            name = s.service_name or str(s.service_id)
            reason = why[5:] if why.startswith("late:") else ""
            if why == "not_running":
                message = (f"{count} scheduled run(s) of {name} were missed while SMM Desk was "
                           "not running (or the computer was asleep).")
            else:
                message = (f"{count} scheduled run(s) of {name} were not placed in time"
                           + (f": {reason}" if reason else "."))
            self._automation.raise_alerts([{
                "kind": AlertKind.MISSED, "key": key, "panel_id": s.panel_id,
                "service_id": s.service_id, "schedule_id": s.id, "message": message,
                "data": {"count": count, "first": first[1].isoformat(),
                         "service": s.service_name,
                         "why": "not_running" if why == "not_running" else "late",
                         "reason": reason},
            }], now)

    def _place_run(self, s: Schedule, index: int, due: datetime, now: datetime,
                   missed: list[tuple[str, list[tuple[int, datetime]], int]], *,
                   require_active: bool = True) -> LocalOrder | None:
        gen = s.generation
        after = index + 1 if index >= s.next_index else s.next_index

        def record(c: sqlite3.Connection, order_id: int) -> None:
            # RULE 1. Inside the transaction that records the order as submitting: consume the
            # due run (or roll everything back: then nothing is sent). A kill -9 at any moment
            # leaves no order and an unconsumed run, or one order and a consumed run.
            self._automation.consume(c, s.id, gen, s.next_index, after, runs_done=1,
                                     require_active=require_active)
            self._record_groups(c, s, gen, missed, now)
            self._automation.add_run(c, s.id, gen, index, due, now, RunOutcome.SENDING,
                                     order_id=order_id)

        with self._in_flight_lock:
            self._in_flight += 1
        try:
            order = self.place_order(s.panel_id, s.service_id, s.fields, record_with=record)
        except RunTaken:
            return None
        except UnresolvedOnLink as e:  # one appeared since _pause_reason: held, as a guard
            self._hold(s, index, [], 0, now, e.reason, missed_groups=missed)
            return None
        except StoreError:
            if not self.store.closed:
                raise
            # The person quit while this run was sent and chose not to wait: its order was
            # recorded uncertain then (``abandon_sending``); the answer has nowhere to go.
            log.warning("schedule %d: the answer came after SMM Desk closed", s.id)
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
                self._record_groups(c, s, gen, missed, now)
                self._automation.add_run(c, s.id, gen, index, due, now, RunOutcome.REJECTED,
                                         message=reason)
                self._automation.pause_in(c, s.id, reason, now)
            return None
        finally:
            with self._in_flight_lock:
                self._in_flight -= 1
        self._missed_alerts(s, missed, now)
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
        window, or that the panel says cannot be refilled (RULE 8), are never asked again."""
        now = aware(now)
        settings = self._automation.settings()
        if settings.paused_all:
            return []
        with self._automation_lock:
            due: list[int] = []
            panels: dict[int, str] = {}
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
                    panels[oid] = pid
            results = self.refill(due) if due else []
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
                self._automation.note_refill(r.local_id, now, requested=True)
                continue
            stop = (r.message if not r.panel_wide and refill_refusal_permanent(r.message)
                    else None)
            n = self._automation.note_refill(r.local_id, now, requested=True,
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
                panel = self.store.get_panel(pid, include_removed=True) if pid else None
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
            self._automation.raise_alerts(alerts, now)

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
        if settings.alert_attention:
            for s in self._automation.list_schedules():
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
        gone = [k for k in active if k.split(":", 1)[0] in ("balance", "removed", "order", "held")
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
