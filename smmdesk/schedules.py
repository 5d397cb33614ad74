"""Automation's rules as pure functions: when a schedule's runs fall due, which late runs are
caught up and which are missed, when an order is refilled automatically, and the refill window a
service's name promises. No I/O, no clock: every function takes ``now``.

The workspace (``Workspace.run_due``, ``auto_refill_due``, ``alerts``) applies these rules to
the store; the tests exercise them directly and through the workspace.

Run bookkeeping is by *occurrence index*: occurrence ``k`` of a schedule falls due at
``first_run + k * every``. A schedule remembers the first index not yet consumed; an index is
consumed (placed, missed, rejected, paused) exactly once, when it is recorded, so a clock moved
back can never make a consumed run due again.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

__all__ = [
    "DEFAULT_GRACE",
    "MAX_MISSED_ROWS",
    "MIN_EVERY",
    "Alert",
    "AlertKind",
    "DuePlan",
    "RefillDecision",
    "RefillWindow",
    "RunOutcome",
    "Schedule",
    "ScheduleRun",
    "Timing",
    "aware",
    "due_plan",
    "last_index",
    "occurrence",
    "parse_refill_window",
    "price_rose",
    "refill_decision",
    "total_runs",
]

DEFAULT_GRACE = timedelta(hours=1)
MIN_EVERY = timedelta(minutes=1)
# A machine off for a month with a run every minute must not write 40,000 rows: the first
# MAX_MISSED_ROWS missed runs are recorded one by one, the rest as one summary row.
MAX_MISSED_ROWS = 100


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
    generation: int = 0  # bumped by an edit: run indexes start again

    @property
    def finished(self) -> bool:
        return self.next_run is None

    @property
    def timing(self) -> Timing:
        assert self.first_run is not None
        return Timing(self.first_run, self.every, self.times, self.until)

    @property
    def total(self) -> int | None:
        """How many runs the schedule makes in all; None: it repeats without end."""
        return total_runs(self.timing) if self.first_run is not None else self.times


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
    MISSED = "missed"  # scheduled runs were missed while the app was not running


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
    first_run: datetime
    every: timedelta | None = None
    times: int | None = None
    until: datetime | None = None

    def check(self) -> dict[str, str]:
        """Problems with the timing (field -> English text); {} when it is valid."""
        problems: dict[str, str] = {}
        if self.first_run.tzinfo is None:
            problems["first_run"] = "The first run needs a time zone."
        if self.every is not None and self.every < MIN_EVERY:
            problems["every"] = "Runs must be at least one minute apart."
        if self.times is not None and self.times < 1:
            problems["times"] = "The number of runs must be at least 1."
        if (self.until is not None and self.first_run.tzinfo is not None
                and aware(self.until) < self.first_run):
            problems["until"] = "The end date is before the first run."
        return problems


def occurrence(t: Timing, index: int) -> datetime | None:
    """When run ``index`` (0-based) falls due; None when the schedule makes no such run."""
    if index < 0:
        return None
    if t.every is None:
        return t.first_run if index == 0 else None
    if t.times is not None and index >= t.times:
        return None
    when = t.first_run + t.every * index
    if t.until is not None and when > aware(t.until):
        return None
    return when


def total_runs(t: Timing) -> int | None:
    """How many runs the timing makes; None when it repeats forever."""
    if t.every is None:
        return 1
    limit: int | None = t.times
    if t.until is not None:
        until = aware(t.until)
        by_date = 0 if until < t.first_run else (until - t.first_run) // t.every + 1
        limit = by_date if limit is None else min(limit, by_date)
    return limit


def last_index(t: Timing, now: datetime) -> int:
    """The index of the last run due at or before ``now`` (−1: none is due yet). Arithmetic, so a
    schedule every minute over a year costs nothing."""
    if now < t.first_run:
        return -1
    k = 0 if t.every is None else (now - t.first_run) // t.every
    total = total_runs(t)
    if total is not None:
        k = min(k, total - 1)
    return k


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


# ----------------------------------------------------------------------------- refill window


@dataclass(frozen=True, slots=True)
class RefillWindow:
    days: int | None  # None: lifetime
    text: str = ""  # what it was read from ("Refill 30D")

    @property
    def lifetime(self) -> bool:
        return self.days is None


_UNIT_DAYS = {
    "d": 1, "day": 1, "days": 1, "gün": 1, "gun": 1, "g": 1,
    "w": 7, "week": 7, "weeks": 7, "hafta": 7,
    "m": 30, "month": 30, "months": 30, "ay": 30, "mo": 30,
    "y": 365, "year": 365, "years": 365, "yıl": 365, "yil": 365, "sene": 365,
}
_UNIT = r"(days?|d|weeks?|w|months?|mo|m|years?|y|gün|gun|g|hafta|ay|yıl|yil|sene)"
_REFILL_WORD = r"(?:auto[\s-]*)?(?:refill|refil|garanti(?:li|si)?|guarantee[d]?|warranty|♻)"
_NEGATIVE = re.compile(
    r"\b(?:no|non|without|sans)[\s-]*(?:refill|guarantee|warranty)\b|\bnr\b|garantisiz|"
    r"refill\s*[:=]\s*(?:no|none|yok)\b|garanti\s*[:=]?\s*yok\b|\bno\s*♻", re.IGNORECASE)
_LIFETIME = re.compile(
    r"\b(?:lifetime|life[\s-]*time|forever|permanent)\b|ömür\s*boyu|omur\s*boyu|sınırsız\s*garanti"
    r"|ömürlük", re.IGNORECASE)
_PATTERNS = [
    # "Refill 30D", "Refill: 30 days", "♻️ 30 Days", "Garanti: 30 gün", "Guarantee 1 month"
    re.compile(_REFILL_WORD + r"[\s:=(\[\-]*(\d{1,4})\s*" + _UNIT + r"(?![a-zçğıöşü])",
               re.IGNORECASE),
    # "30 Days Refill", "30D ♻", "30 Gün Garantili", "1 Ay Garanti"
    re.compile(r"(?<![\w.])(\d{1,4})\s*" + _UNIT + r"[\s\])\-:]*" + _REFILL_WORD, re.IGNORECASE),
    # "R30", "[R60]", "R365"
    re.compile(r"(?<![\w])r(\d{1,4})(?![\w])", re.IGNORECASE),
]


def _norm(text: str) -> str:
    # "♻️" is U+267B plus a variation selector; drop selectors so one pattern matches both.
    text = unicodedata.normalize("NFC", text).replace("\ufe0f", "").replace("\ufe0e", "")
    return text


def parse_refill_window(name: str, description: str = "") -> RefillWindow | None:
    """The refill window a service promises, read from its name first, then its description:
    "Refill 30D", "[R60]", "30 Gün Garantili", "Garanti: 30 gün", "♻️ 30 days" → days;
    "Lifetime Refill", "Ömür Boyu Garantili" → lifetime (``days`` None). None when the text names
    no window (a bare "♻️" or "Refill" says refill exists, not for how long) or says no refill."""
    for text in (name, description):
        found = _parse_one(_norm(text or ""))
        if found is not None:
            return found if found.days != 0 else None
    return None


def _parse_one(text: str) -> RefillWindow | None:
    """A window found in ``text``; ``RefillWindow(0)`` when it says there is no refill."""
    if not text.strip():
        return None
    negatives = [m.span() for m in _NEGATIVE.finditer(text)]

    def inside_negative(start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in negatives)

    for i, pattern in enumerate(_PATTERNS):
        for m in pattern.finditer(text):
            if inside_negative(*m.span()):
                continue
            number = int(m.group(1))
            unit = m.group(2).lower() if i < 2 else "d"
            days = number * _UNIT_DAYS.get(unit, 1)
            if days > 0:
                return RefillWindow(days, m.group(0).strip())
    lifetime = _LIFETIME.search(text)
    if lifetime is not None:
        return RefillWindow(None, lifetime.group(0))
    if negatives:
        return RefillWindow(0, text[negatives[0][0]:negatives[0][1]])
    return None


# ----------------------------------------------------------------------------- auto refills


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
    if window.days is not None and now > placed_at + timedelta(days=window.days):
        return RefillDecision.ENDED
    if now - placed_at < min_delay:
        return RefillDecision.WAIT
    if last_requested is not None and now - last_requested < interval:
        return RefillDecision.WAIT
    return RefillDecision.REQUEST


_CANNOT_REFILL = re.compile(
    r"disabled|cannot be refill|can't be refill|can not be refill|not (?:eligible|allowed|"
    r"available)|expired|no refill|refill period|not refillable|unsupported|does not support",
    re.IGNORECASE)


def cannot_refill(message: str) -> bool:
    """The panel's refusal means this order will never be refilled (not "try later")."""
    return bool(_CANNOT_REFILL.search(message or ""))


def utc(value: datetime) -> datetime:
    return aware(value).astimezone(UTC)
