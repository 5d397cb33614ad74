"""Automation's rules as pure functions: when a schedule's runs fall due, which late runs are
caught up and which are missed, and when an order is refilled automatically (the refill window
itself is read by ``smmdesk.refillwindow``). No I/O, no clock: every function takes ``now``.

The workspace (``Workspace.run_due``, ``auto_refill_due``, ``alerts``) applies these rules to
the store; the tests exercise them directly and through the workspace.

Run bookkeeping is by *occurrence index*: occurrence ``k`` of a schedule falls due at
``first_run + (k - start_index) * every`` ("every N days" is N calendar days at the same local
time of day, across a DST change). A schedule remembers the first index not yet consumed; an
index is consumed (placed, missed, rejected) exactly once, when it is recorded, so a clock moved
back can never make a consumed run due again.

The rules for unattended work (docs/reliability.md, "Rules for unattended work"), each enforced
where it is marked ``RULE``:

1. A run, once consumed, is never placed again, whatever is edited: an edit keeps the run index
   (it never goes back) and applies from the next unconsumed occurrence (``edit_plan``).
2. Run now and Resume refuse while a run of the schedule is uncertain and unresolved.
3. A guard (price rise, service or panel gone) holds the due run without consuming it; Resume
   may accept the new price, and the held run is then placed.
4. Before a scheduled run the service's price is at most ``PRICE_MAX_AGE`` old, or it waits.
5. A wall-clock jump beyond the elapsed-time clock holds every schedule (``ClockWatch``).
6. "Every N days" keeps the local time of day across DST (``occurrence``).
7. A missed run says why: "not running" only for runs due while no check ran.
8. A refill refusal is permanent only for the "cannot be refilled" class
   (``refill_refusal_permanent``), answered for that order.
9. Quitting while a scheduled run is sent asks first (``Workspace.scheduled_run_in_flight``).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from smmdesk.refillwindow import RefillWindow
from smmdesk.servicetypes import N_

__all__ = [
    "CLOCK_TOLERANCE",
    "DEFAULT_GRACE",
    "MAX_MISSED_ROWS",
    "MIN_EVERY",
    "PRICE_MAX_AGE",
    "Alert",
    "AlertKind",
    "ClockHold",
    "ClockWatch",
    "DuePlan",
    "EditPlan",
    "RefillDecision",
    "RefillWindow",
    "RunOutcome",
    "Schedule",
    "ScheduleRun",
    "Timing",
    "aware",
    "due_plan",
    "edit_plan",
    "last_index",
    "occurrence",
    "price_rose",
    "refill_decision",
    "refill_refusal_permanent",
    "total_runs",
]

DEFAULT_GRACE = timedelta(hours=1)
MIN_EVERY = timedelta(minutes=1)
# A machine off for a month with a run every minute must not write 40,000 rows: the first
# MAX_MISSED_ROWS missed runs are recorded one by one, the rest as one summary row.
MAX_MISSED_ROWS = 100
# RULE 4: a scheduled run is placed only at a price read from the panel at most this long ago.
PRICE_MAX_AGE = timedelta(minutes=15)
# RULE 5: the wall clock may drift from the elapsed-time clock by this much between two checks
# (NTP slews, a slow tick) before it counts as a jump.
CLOCK_TOLERANCE = timedelta(minutes=3)
_DAY = timedelta(days=1)


def aware(value: datetime) -> datetime:
    """``value`` with a time zone: a naive datetime is read as local time (as a person typed it)."""
    if value.tzinfo is None:
        return value.astimezone()
    return value


# ------------------------------------------------------------------------------------ values


class RunOutcome(enum.Enum):
    PLACED = "placed"  # the panel accepted the order
    MISSED = "missed"  # fell due while the app was not running; not placed
    REJECTED = "rejected"  # the panel (or a check before sending) said no: nothing placed
    UNCERTAIN = "uncertain"  # may have been placed: never resent; the schedule waits
    PAUSED = "paused"  # not placed: the schedule paused itself before placing (price, service)
    SENDING = "sending"  # being sent right now (or the app stopped mid-send: see the order)


@dataclass(frozen=True, slots=True)
class Schedule:
    id: int
    panel_id: str
    service_id: int
    fields: dict[str, Any]
    next_run: datetime | None  # None: finished (or no further run can fall due)
    every: timedelta | None
    times: int | None
    until: datetime | None
    runs_done: int  # runs that sent an order (placed, uncertain) or were refused by the panel
    paused: bool
    pause_reason: str | None
    first_run: datetime | None = None
    service_name: str = ""
    base_rate: Decimal | None = None  # the service's rate when the schedule was made
    created_at: datetime | None = None
    next_index: int = 0
    last_outcome: RunOutcome | None = None
    last_message: str | None = None
    generation: int = 0  # bumped by an edit (a run planned under the old timing is refused)
    start_index: int = 0  # the run index of ``first_run`` (an edit never moves indexes back)
    held_index: int | None = None  # a due run a guard holds, unconsumed, until Resume
    customer_id: int | None = None  # its runs are sold to this customer (the reseller's books)
    created_by: str | None = None  # the login that made it (a team store; local: None)

    @property
    def held(self) -> bool:
        """A guard (price rise, service or panel gone) holds a due run for the person."""
        return self.held_index is not None

    @property
    def finished(self) -> bool:
        return self.next_run is None

    @property
    def timing(self) -> Timing:
        assert self.first_run is not None
        return Timing(self.first_run, self.every, self.times, self.until, self.start_index)

    @property
    def total(self) -> int | None:
        """How many runs the schedule makes in all, edits included (the runs consumed before an
        edit and the ones its timing leaves); None: it repeats without end."""
        if self.first_run is None:
            return self.times
        runs = total_runs(self.timing)
        return None if runs is None else self.start_index + runs

    @property
    def remaining(self) -> int | None:
        """Runs not consumed yet (what Edit shows as "Number of runs"); None: without end."""
        total = self.total
        return None if total is None else max(0, total - self.next_index)


@dataclass(frozen=True, slots=True)
class ScheduleRun:
    id: int
    schedule_id: int
    due_at: datetime  # the run's intended time
    at: datetime  # when it was recorded
    outcome: RunOutcome
    local_id: int | None  # the order it placed (or tried to), None when none was sent
    message: str | None = None
    index: int = 0


class AlertKind(enum.Enum):
    BALANCE = "balance"  # a panel's balance is below its threshold
    PRICE = "price"  # a favourite service's price moved more than the set percent
    REMOVED = "removed"  # a favourite or scheduled service is gone from its panel
    ATTENTION = "attention"  # an order needs the person: uncertain, refused by a schedule, lost
    MISSED = "missed"  # scheduled runs were not placed in time (``data["why"]`` says why)
    CLOCK = "clock"  # the wall clock jumped: every schedule is held until it is confirmed
    REFILL = "refill"  # automatic refills of orders were refused (three times, or for good)
    MARGIN = "margin"  # a raised rate leaves a sell price under the minimum margin


@dataclass(frozen=True, slots=True)
class Alert:
    id: int
    kind: AlertKind
    key: str  # what the alert is about; raised again only after its condition cleared
    message: str  # English; the GUI shows it through ui.core_text
    raised_at: datetime
    cleared_at: datetime | None = None
    panel_id: str | None = None
    service_id: int | None = None
    local_id: int | None = None
    schedule_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)  # the numbers the message names

    @property
    def active(self) -> bool:
        return self.cleared_at is None


# ------------------------------------------------------------------------------------ timing


@dataclass(frozen=True, slots=True)
class Timing:
    """When a schedule's runs fall due: ``first_run`` is run ``start_index``; with ``every`` the
    next ones follow, ``times`` of them in all (counted from ``first_run``) and/or up to
    ``until``."""

    first_run: datetime
    every: timedelta | None = None
    times: int | None = None
    until: datetime | None = None
    start_index: int = 0

    def check(self) -> dict[str, str]:
        """Problems with the timing (field -> English text, ``N_``-marked: the GUI shows it
        translated, context "schedules"); {} when it is valid."""
        problems: dict[str, str] = {}
        if self.first_run.tzinfo is None:
            problems["first_run"] = N_("The first run needs a time zone.")
        if self.every is not None and self.every < MIN_EVERY:
            problems["every"] = N_("Runs must be at least one minute apart.")
        if self.times is not None and self.times < 1:
            problems["times"] = N_("The number of runs must be at least 1.")
        if (self.until is not None and self.first_run.tzinfo is not None
                and aware(self.until) < self.first_run):
            problems["until"] = N_("The end date is before the first run.")
        return problems


def calendar_days(every: timedelta | None) -> int | None:
    """N when ``every`` is a whole number of days (runs at one local time of day), else None."""
    if every is None or every < _DAY or every % _DAY:
        return None
    return every // _DAY


def _at(t: Timing, j: int) -> datetime:
    """The ``j``-th time of the timing (0: ``first_run``), no limits applied. RULE 6: "every N
    days" is N calendar days at the same local wall time (a DST change does not shift it); a
    shorter period is exact elapsed time."""
    assert t.every is not None or j == 0
    if j == 0 or t.every is None:
        return t.first_run
    days = calendar_days(t.every)
    if days is None:
        return t.first_run + t.every * j
    local = t.first_run.astimezone()  # the machine's zone, as the person set the time
    wall = local.replace(tzinfo=None) + timedelta(days=days * j)
    # A naive datetime's astimezone() reads it as local time, with that day's UTC offset.
    return wall.astimezone().astimezone(t.first_run.tzinfo)


def _count_by(t: Timing, when: datetime) -> int:
    """How many times of the (unlimited) timing fall at or before ``when``."""
    if when < t.first_run:
        return 0
    if t.every is None:
        return 1
    j = (when - t.first_run) // t.every  # exact for elapsed periods; ±1 around DST for days
    while j > 0 and _at(t, j) > when:
        j -= 1
    while _at(t, j + 1) <= when:
        j += 1
    return j + 1


def occurrence(t: Timing, index: int) -> datetime | None:
    """When run ``index`` falls due; None when the schedule makes no such run (before
    ``start_index``, past ``times`` or ``until``)."""
    j = index - t.start_index
    if j < 0:
        return None
    if t.every is None:
        return t.first_run if j == 0 else None
    if t.times is not None and j >= t.times:
        return None
    when = _at(t, j)
    if t.until is not None and when > aware(t.until):
        return None
    return when


def total_runs(t: Timing) -> int | None:
    """How many runs the timing makes from ``first_run``; None when it repeats forever."""
    if t.every is None:
        return 1
    limit: int | None = t.times
    if t.until is not None:
        by_date = _count_by(t, aware(t.until))
        limit = by_date if limit is None else min(limit, by_date)
    return limit


def last_index(t: Timing, now: datetime) -> int:
    """The index of the last run due at or before ``now`` (``start_index - 1``: none is due).
    Arithmetic, so a schedule every minute over a year costs nothing."""
    k = _count_by(t, now) - 1
    total = total_runs(t)
    if total is not None:
        k = min(k, total - 1)
    return t.start_index + k


@dataclass(frozen=True, slots=True)
class EditPlan:
    """How an edit lands (RULE 1): the new timing, numbered so that its first occurrence after
    the last consumed run is the schedule's next unconsumed index; ``skipped`` of its
    occurrences fall at or before that consumed run and are never placed."""

    timing: Timing
    skipped: int
    remaining: int | None  # runs left after the edit; None: without end

    @property
    def empty(self) -> bool:
        return self.remaining == 0


def edit_plan(new: Timing, next_index: int, last_consumed: datetime | None) -> EditPlan:
    """RULE 1. The edited timing applies from the next unconsumed occurrence: the run index
    stays at ``next_index`` (never reset backwards) and every occurrence of ``new`` at or before
    ``last_consumed`` (the due time of the latest run already consumed) counts as done."""
    skipped = 0 if last_consumed is None else _count_by(new, last_consumed)
    total = total_runs(new)
    if total is not None:
        skipped = min(skipped, total)
    timing = replace(new, start_index=next_index - skipped)
    return EditPlan(timing, skipped, None if total is None else total - skipped)


@dataclass(frozen=True, slots=True)
class DuePlan:
    """What to do with one schedule at ``now``: record ``missed`` (index, due time) — at most
    ``MAX_MISSED_ROWS`` of them, ``missed_more`` counts the rest — and place ``run`` if any.
    ``next_index`` is the first index not consumed afterwards."""

    missed: list[tuple[int, datetime]] = field(default_factory=list)
    missed_more: int = 0
    run: tuple[int, datetime] | None = None
    next_index: int = 0

    @property
    def empty(self) -> bool:
        return not self.missed and not self.missed_more and self.run is None


def due_plan(t: Timing, next_index: int, now: datetime,
             grace: timedelta = DEFAULT_GRACE) -> DuePlan:
    """The catch-up rule. Of the runs due by ``now`` and not yet consumed, only the latest may be
    placed, and only when it is less than ``grace`` late; every earlier one is missed. A clock
    moved back finds nothing due (consumed indexes never come back)."""
    last = last_index(t, now)
    if last < next_index:
        return DuePlan(next_index=next_index)
    due_latest = occurrence(t, last)
    assert due_latest is not None
    run: tuple[int, datetime] | None = None
    missed_upto = last  # exclusive
    if now - due_latest < grace:
        run = (last, due_latest)
    else:
        missed_upto = last + 1
    missed: list[tuple[int, datetime]] = []
    count = missed_upto - next_index
    for k in range(next_index, next_index + min(count, MAX_MISSED_ROWS)):
        when = occurrence(t, k)
        assert when is not None
        missed.append((k, when))
    return DuePlan(missed=missed, missed_more=max(0, count - MAX_MISSED_ROWS), run=run,
                   next_index=last + 1)


def price_rose(base: Decimal | None, current: Decimal, percent: Decimal) -> bool:
    """True when ``current`` is more than ``percent`` % above ``base``."""
    if base is None or base <= 0:
        return False
    return current > base * (1 + percent / 100)


def price_moved(old: Decimal, new: Decimal, percent: Decimal) -> bool:
    """True when the price went up or down by more than ``percent`` %."""
    if old <= 0:
        return new != old
    return abs(new - old) * 100 > old * percent


# ----------------------------------------------------------------------------- clock jumps


@dataclass(frozen=True, slots=True)
class ClockHold:
    """Every schedule is held since ``at``: the wall clock jumped ``jump`` ahead."""

    at: datetime
    jump: timedelta

    @property
    def key(self) -> str:
        """The key of its alert."""
        return f"clock:{int(self.at.timestamp() * 1000)}"


@dataclass(slots=True)
class ClockWatch:
    """RULE 5. Compares the wall clock with a clock that only counts elapsed time (the GUI
    passes ``CLOCK_BOOTTIME``, which also counts a suspend, so sleeping is not a jump). Between
    two checks the wall clock should move as much as the elapsed clock; when it moves ahead by
    more than ``tolerance``, the wall clock jumped (an RTC kept in local time, NTP correcting
    it later, a person setting it) and a schedule could place a future run early or count the
    runs in between as missed. ``observe`` says so; the workspace then holds every schedule.

    While held, ``expected`` is where the wall clock would be without the jump: when the wall
    clock comes back to it (NTP set it right again) the hold ends by itself."""

    tolerance: timedelta = CLOCK_TOLERANCE
    last: tuple[datetime, float] | None = None  # (wall, elapsed seconds) at the last check
    expected: tuple[datetime, float] | None = None  # (wall, elapsed) without the jump

    def observe(self, wall: datetime, elapsed: float) -> timedelta | None:
        """Record one check; the size of a forward jump since the last one, else None."""
        previous, self.last = self.last, (wall, elapsed)
        if previous is None:
            return None
        moved = wall - previous[0]
        passed = timedelta(seconds=elapsed - previous[1])
        jump = moved - passed
        if jump > self.tolerance:
            if self.expected is None:
                self.expected = (previous[0] + passed, elapsed)
            return jump
        return None

    def back_in_step(self, wall: datetime, elapsed: float) -> bool:
        """While held: the wall clock is where it would be without the jump (within the
        tolerance): the jump was undone."""
        if self.expected is None:
            return False
        want = self.expected[0] + timedelta(seconds=elapsed - self.expected[1])
        return abs(wall - want) <= self.tolerance


# ----------------------------------------------------------------------------- auto refills
# The window itself is read by ``smmdesk.refillwindow`` (the one reader of refill promises).


class RefillDecision(enum.Enum):
    REQUEST = "request"  # ask for a refill now
    WAIT = "wait"  # too early (minimum delay, or asked less than an interval ago)
    ENDED = "ended"  # the window is over: never ask again
    NO_WINDOW = "no_window"  # nobody knows the window: do nothing until it is set by hand


def refill_decision(
    *,
    placed_at: datetime,
    now: datetime,
    window: RefillWindow | None,
    last_requested: datetime | None,
    min_delay: timedelta = timedelta(hours=24),
    interval: timedelta = timedelta(days=3),
) -> RefillDecision:
    """Whether a completed order of a refill-capable service is refilled at ``now``."""
    if window is None:
        return RefillDecision.NO_WINDOW
    if not window.lifetime and now > placed_at + timedelta(days=window.days):
        return RefillDecision.ENDED
    if now - placed_at < min_delay:
        return RefillDecision.WAIT
    if last_requested is not None and now - last_requested < interval:
        return RefillDecision.WAIT
    return RefillDecision.REQUEST


# RULE 8. A refusal that means "this order will never be refilled", in the wording real panels
# use (docs/reliability.md lists them with their sources): the service has refill switched off
# ("Refill is disabled for this service", "Refill not available for this service", "This service
# does not support refills"), the order's refill period is over ("Refill period has expired"),
# the order is not the panel's ("Incorrect order ID", "Order not found"), or the panel lacks the
# action ("Incorrect request": also remembered for the whole panel).
_CANNOT_REFILL = re.compile(
    r"disabled for this (?:service|order)|not (?:available|allowed|supported|possible) for this "
    r"(?:service|order)|(?:does|do) not (?:support|offer|provide) refill|"
    r"not support(?:ed)? refill|no refill|not refillable|non[\s-]?refillable|"
    r"can(?:'|no|\s+no)t be refilled|refill (?:period|window|time|guarantee|warranty)"
    r"(?: has| is)? (?:expired|ended|over|finished)|\bexpired\b|"
    r"incorrect order|order not found|invalid order|incorrect request|unknown order",
    re.IGNORECASE)
# ... unless it says to come back: "not available right now, try later", "not eligible yet",
# "disabled for 24 hours, retry later", "already requested", "in progress", "not completed" —
# or may mean it ("Order not found or not eligible for refill" is one panel's answer for an
# order not completed yet).
_TRY_LATER = re.compile(
    r"\b(?:later|yet|now|today|again|currently|temporar\w*|at the moment|wait\w*|retry|try|"
    r"hours?|minutes?|cooldown|cool[\s-]down|pending|in\s?progress|processing|already|"
    r"not (?:completed|finished|done)|eligible)\b",
    re.IGNORECASE)


def refill_refusal_permanent(message: str) -> bool:
    """RULE 8: the panel's refusal of one order's refill means it will never be refilled (the
    "cannot be refilled" class, and no "try later" in it). Anything else — an unknown text
    included — is tried again at the next interval."""
    text = message or ""
    return bool(_CANNOT_REFILL.search(text)) and not _TRY_LATER.search(text)


def cannot_refill(message: str) -> bool:
    """The panel's refusal means this order will never be refilled (not "try later")."""
    return refill_refusal_permanent(message)


def utc(value: datetime) -> datetime:
    return aware(value).astimezone(UTC)
