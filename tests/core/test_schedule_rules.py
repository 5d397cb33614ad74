"""The pure automation rules: due runs, catch-up and missed runs, a clock moved back, refill
windows read from service names, and when an automatic refill is due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from smmdesk.refillwindow import LIFETIME, RefillWindow, refill_window
from smmdesk.schedules import (
    MAX_MISSED_ROWS,
    ClockWatch,
    RefillDecision,
    Timing,
    cannot_refill,
    due_plan,
    edit_plan,
    last_index,
    occurrence,
    price_moved,
    price_rose,
    refill_decision,
    refill_refusal_permanent,
    total_runs,
)

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def test_occurrences_of_a_repeat_with_a_count_and_an_end_date() -> None:
    t = Timing(T0, DAY, times=7)
    assert [occurrence(t, k) for k in (0, 1, 6, 7)] == [T0, T0 + DAY, T0 + 6 * DAY, None]
    assert total_runs(t) == 7
    until = Timing(T0, DAY, until=T0 + 2 * DAY + HOUR)
    assert total_runs(until) == 3 and occurrence(until, 3) is None
    both = Timing(T0, DAY, times=10, until=T0 + 4 * DAY)
    assert total_runs(both) == 5
    once = Timing(T0)
    assert total_runs(once) == 1 and occurrence(once, 1) is None
    assert total_runs(Timing(T0, HOUR)) is None  # forever


def test_on_time_run_is_placed_and_consumed() -> None:
    t = Timing(T0, DAY, times=3)
    assert due_plan(t, 0, T0 - timedelta(seconds=1)).empty
    plan = due_plan(t, 0, T0 + timedelta(seconds=30))
    assert plan.run == (0, T0) and plan.missed == [] and plan.next_index == 1
    # consumed: the same moment again finds nothing
    assert due_plan(t, 1, T0 + timedelta(seconds=31)).empty


def test_two_day_gap_places_one_catch_up_and_misses_the_rest() -> None:
    t = Timing(T0, DAY)
    plan = due_plan(t, 1, T0 + 3 * DAY + timedelta(minutes=10))
    assert plan.run == (3, T0 + 3 * DAY)
    assert plan.missed == [(1, T0 + DAY), (2, T0 + 2 * DAY)]
    assert plan.next_index == 4


def test_a_run_later_than_the_grace_period_is_missed_too() -> None:
    t = Timing(T0, DAY)
    plan = due_plan(t, 1, T0 + 3 * DAY + 2 * HOUR)
    assert plan.run is None
    assert [k for k, _ in plan.missed] == [1, 2, 3] and plan.next_index == 4
    # exactly the grace period late is too late; a custom grace is honoured
    assert due_plan(t, 0, T0 + HOUR).run is None
    assert due_plan(t, 0, T0 + HOUR, grace=2 * HOUR).run == (0, T0)


def test_clock_moved_back_never_repeats_a_run() -> None:
    t = Timing(T0, DAY, times=5)
    plan = due_plan(t, 0, T0 + timedelta(minutes=1))
    assert plan.run == (0, T0)
    for back in (T0 - 2 * DAY, T0 - HOUR, T0, T0 + timedelta(minutes=2)):
        assert due_plan(t, plan.next_index, back).empty


def test_a_month_off_with_a_run_every_minute_is_not_forty_thousand_rows() -> None:
    t = Timing(T0, timedelta(minutes=1))
    plan = due_plan(t, 0, T0 + 30 * DAY + timedelta(seconds=10))
    assert plan.run is not None and plan.run[0] == 30 * 24 * 60
    assert len(plan.missed) == MAX_MISSED_ROWS
    assert len(plan.missed) + plan.missed_more == 30 * 24 * 60
    assert last_index(t, T0 + 30 * DAY + timedelta(seconds=10)) == 30 * 24 * 60


def test_finished_schedule_has_nothing_due() -> None:
    t = Timing(T0, DAY, times=2)
    assert due_plan(t, 2, T0 + 10 * DAY).empty
    assert due_plan(Timing(T0), 1, T0 + DAY).empty


def test_invalid_timing_is_refused() -> None:
    assert "every" in Timing(T0, timedelta(seconds=30)).check()
    assert "times" in Timing(T0, DAY, times=0).check()
    assert "until" in Timing(T0, DAY, until=T0 - DAY).check()
    assert Timing(T0, DAY, times=3).check() == {}


@pytest.mark.parametrize(("name", "description", "days"), [
    ("Instagram Followers [Max 100K] [Refill 30D] HQ - 10K/Day", "", 30),
    ("Instagram Türk Takipçi [Max 20K] [30 Gün Garantili]", "", 30),
    ("TikTok Followers [R60]", "", 60),
    ("R30 Followers", "", 30),
    ("Followers [Refill 365D]", "", 365),
    ("Followers ♻️ 30D", "", 30),
    ("Followers 30 Days Refill ♻️", "", 30),
    ("Followers Refill 1 Month", "", 30),
    ("Followers ♻️", "Start: Instant | Speed: 5K/day\nRefill: 30 days", 30),
    ("Takipçi", "Başlangıç: Anlık\nGaranti: 30 gün", 30),
])
def test_refill_window_in_days(name: str, description: str, days: int) -> None:
    assert refill_window(name, description) == RefillWindow(
        days, refill_window(name, description).text)  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["Followers [Lifetime Refill]", "Lifetime",
                                  "Ömür Boyu Garantili Takipçi"])
def test_lifetime_window(name: str) -> None:
    window = refill_window(name)
    assert window is not None and window.lifetime


@pytest.mark.parametrize(("name", "description"), [
    ("Likes [No Refill] Cheapest", "Refill: 30 days"),  # the name's "No Refill" wins
    ("Likes [NR]", ""),
    ("Takipçi [Garantisiz]", ""),
    ("Likes ♻️", ""),  # refill, but for how long nobody says
    ("Views 10K/Day", "Start: 0-1 hour"),
    ("Likes", "Refill: no"),
    ("Beğeni", "Garanti yok"),
])
def test_no_window(name: str, description: str) -> None:
    assert refill_window(name, description) is None


def test_refill_decision() -> None:
    w30 = RefillWindow(30)
    kw = {"placed_at": T0, "window": w30, "last_requested": None}
    assert refill_decision(now=T0 + 23 * HOUR, **kw) is RefillDecision.WAIT  # type: ignore[arg-type]
    assert refill_decision(now=T0 + 25 * HOUR, **kw) is RefillDecision.REQUEST  # type: ignore[arg-type]
    asked = {**kw, "last_requested": T0 + 25 * HOUR}
    assert refill_decision(now=T0 + 3 * DAY, **asked) is RefillDecision.WAIT  # type: ignore[arg-type]
    assert refill_decision(now=T0 + 4 * DAY + 2 * HOUR,
                           **asked) is RefillDecision.REQUEST  # type: ignore[arg-type]
    assert refill_decision(now=T0 + 31 * DAY, **kw) is RefillDecision.ENDED  # type: ignore[arg-type]
    assert refill_decision(now=T0 + 999 * DAY, placed_at=T0, window=RefillWindow(LIFETIME),
                           last_requested=None) is RefillDecision.REQUEST
    assert refill_decision(now=T0 + 2 * DAY, placed_at=T0, window=None,
                           last_requested=None) is RefillDecision.NO_WINDOW


def test_prices_and_refusals() -> None:
    assert price_rose(Decimal("1.00"), Decimal("1.11"), Decimal(10))
    assert not price_rose(Decimal("1.00"), Decimal("1.10"), Decimal(10))
    assert not price_rose(Decimal("1.00"), Decimal("0.50"), Decimal(10))
    assert price_moved(Decimal("1.00"), Decimal("0.80"), Decimal(10))
    assert not price_moved(Decimal("1.00"), Decimal("1.05"), Decimal(10))
    assert cannot_refill("Refill is disabled for this service")
    assert cannot_refill("This panel does not support refill (Incorrect request).")
    assert not cannot_refill("Order is not completed")
    assert not cannot_refill("Refill already requested")


# ------------------------------------------------------------------------------ issue 22


# Real panels' words (docs/reliability.md names where each comes from).
@pytest.mark.parametrize("message", [
    "Refill is disabled for this service",
    "Refill not available for this service",
    "This service does not support refills.",
    "Refill period has expired",
    "Incorrect order ID",
    "This panel does not support refill (Incorrect request).",
])
def test_refusals_that_mean_never(message: str) -> None:
    assert refill_refusal_permanent(message) and cannot_refill(message)


@pytest.mark.parametrize("message", [
    "Refill is not available right now, try later",
    "Order is not eligible for refill yet",
    "Refill is disabled for 24 hours, retry later",
    "Refill is disabled for this service at the moment, try again later",
    "The order was completed or refill was requested less than 24 hours ago",
    "Refill not allowed , try again later",
    "There are no more refills available for today.",
    "Order is not completed",
    "The refill task is not completed for this order",
    "Refill already requested",
    "Refill pending",
    "Refill inprogress",
    "Order not found or not eligible for refill",  # one panel's answer before completion
    "Something went wrong",
    "",
])
def test_refusals_that_mean_later(message: str) -> None:
    assert not refill_refusal_permanent(message)


def test_every_n_days_keeps_the_local_time_of_day_across_dst(berlin: ZoneInfo) -> None:
    first = datetime(2030, 3, 29, 9, 0, tzinfo=berlin).astimezone(UTC)
    daily = Timing(first, DAY, times=5)
    local = [occurrence(daily, k).astimezone(berlin) for k in range(5)]  # type: ignore[union-attr]
    assert [(d.day, d.hour, d.minute) for d in local] == [
        (29, 9, 0), (30, 9, 0), (31, 9, 0), (1, 9, 0), (2, 9, 0)]
    assert occurrence(daily, 2) - occurrence(daily, 1) == timedelta(hours=23)  # type: ignore
    # the index arithmetic agrees with the local times (due at 09:00, not at 10:00)
    assert last_index(daily, local[3] - timedelta(seconds=1)) == 2
    assert last_index(daily, local[3]) == 3
    autumn = Timing(datetime(2030, 10, 25, 9, 0, tzinfo=berlin), 2 * DAY, until=datetime(
        2030, 11, 2, 9, 0, tzinfo=berlin))
    assert [occurrence(autumn, k).astimezone(berlin).hour  # type: ignore[union-attr]
            for k in range(5)] == [9] * 5
    assert total_runs(autumn) == 5
    hourly = Timing(first, 6 * HOUR)  # a shorter period stays exact elapsed time
    assert occurrence(hourly, 8) - first == 48 * HOUR  # type: ignore[operator]


def test_an_edit_applies_from_the_next_unconsumed_occurrence() -> None:
    # 2 runs consumed (T0, T0+1d): an edit with the shown next run keeps the numbering
    plan = edit_plan(Timing(T0 + 2 * DAY, DAY, times=3), 2, T0 + DAY)
    assert plan.skipped == 0 and plan.remaining == 3 and plan.timing.start_index == 2
    assert occurrence(plan.timing, 2) == T0 + 2 * DAY and occurrence(plan.timing, 1) is None
    # a stale dialog: it still shows T0+1d, which was consumed meanwhile
    stale = edit_plan(Timing(T0 + DAY, DAY, times=4), 2, T0 + DAY)
    assert stale.skipped == 1 and stale.remaining == 3
    assert due_plan(stale.timing, 2, T0 + DAY + HOUR / 2).empty  # never due again
    assert occurrence(stale.timing, 2) == T0 + 2 * DAY
    # nothing left: every occurrence is at or before the last run made
    assert edit_plan(Timing(T0), 1, T0).empty
    forever = edit_plan(Timing(T0, HOUR), 5, T0 + 4 * HOUR)
    assert forever.remaining is None and forever.skipped == 5
    assert occurrence(forever.timing, 5) == T0 + 5 * HOUR


def test_clock_watch_tells_a_jump_from_elapsed_time() -> None:
    w = ClockWatch()
    assert w.observe(T0, 100.0) is None
    assert w.observe(T0 + HOUR, 100.0 + 3600) is None  # a suspend: both clocks moved
    assert w.observe(T0 + HOUR + timedelta(minutes=2), 3700.0 + 30) is None  # within tolerance
    jump = w.observe(T0 + 4 * HOUR, 3760.0)
    assert jump is not None and jump > 2 * HOUR
    assert not w.back_in_step(T0 + 4 * HOUR + timedelta(seconds=30), 3790.0)
    assert w.back_in_step(T0 + HOUR + timedelta(minutes=3), 3790.0)
    assert w.observe(T0 - DAY, 3800.0) is None  # back: never a jump (nothing runs twice)


@pytest.mark.parametrize("name", [
    "Instagram Followers [Refill 30D]", "TikTok Followers [R60]", "YT Abone | Ömür Boyu Garanti",
    "Followers [Lifetime Refill]", "Likes [No Refill]", "Likes ♻️", "Views 10K/Day",
    "Instagram Türk Takipçi | 1 Ay Garantili",
])
def test_comparing_and_automatic_refills_read_one_promise_with_one_lifetime(name: str) -> None:
    """One reader (``refillwindow.promise``): what the comparison reads from a name is the
    window automatic refills use, and lifetime is one number everywhere, the database too."""
    from decimal import Decimal as D

    from smmdesk.compare import LIFETIME as COMPARE_LIFETIME
    from smmdesk.compare import features
    from smmdesk.models import Service
    from smmdesk.store.automation import LIFETIME_DAYS

    assert COMPARE_LIFETIME == LIFETIME_DAYS == LIFETIME
    f = features(Service(1, name, "Default", "", D("1"), 10, 1000))
    window = refill_window(name)
    assert (window.days if window else 0) == (f.refill_days or 0)
    if window is not None and f.refill_days == LIFETIME:
        assert window.lifetime
