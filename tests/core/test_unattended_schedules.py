"""Issue 22: schedules that can never spend twice — edits, Run now and Resume after an uncertain
run, price-rise holds and price freshness, clock jumps, runs missed while the app was running,
and balances checked on the status timer. Through the Workspace, against the simulator over
real HTTP; ``now`` (and the elapsed clock) injected, the panel's orders counted on the
simulator."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from smmdesk.automation import RunNotPlaced, ScheduleBlocked, boot_id
from smmdesk.demo.server import PanelSimulator
from smmdesk.models import Panel, SubmitState
from smmdesk.schedules import AlertKind, RunOutcome
from smmdesk.servicetypes import ValidationError
from smmdesk.workspace import Workspace

LIKES = 18  # "Instagram Likes [Max 1K] [No Refill] Cheapest", min 200, rate 0.012345
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
MIN = timedelta(minutes=1)
T0 = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)


@pytest.fixture
def ws(engine_ws: Workspace) -> Workspace:
    """Each test of this module on both engines (tests/engines.py)."""
    return engine_ws


@pytest.fixture
def panel(ws: Workspace, simulator: PanelSimulator) -> Panel:
    p = ws.add_panel("Sim", simulator.url, simulator.key)
    ws.refresh_services(p.id)
    ws.balance(p.id)
    return ws.panel(p.id)


def likes(link: str = "https://instagram.com/p/daily", quantity: str = "200") -> dict[str, str]:
    return {"link": link, "quantity": quantity}


def placed_links(sim: PanelSimulator) -> list[tuple[str, str]]:
    """(link, quantity) of every ``add`` the panel received, in order."""
    return [(q.params.get("link", ""), q.params.get("quantity", ""))
            for q in sim.requests if q.action == "add"]


def alerts_of(ws: Workspace, kind: AlertKind, now: datetime) -> list:
    return [a for a in ws.alerts(now=now) if a.kind is kind]


# ------------------------------------------------------------------- item 1: edits


def test_saving_a_dialog_opened_before_the_run_went_out_does_not_place_it_again(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0, every=DAY, times=3)
    shown = ws.schedule(s.id)  # the Edit dialog opens: next run T0, 3 runs left
    assert shown.next_run == T0 and shown.remaining == 3
    assert len(ws.run_due(T0)) == 1  # the run goes out while the dialog is open
    edited = ws.update_schedule(s.id, likes(quantity="300"), first_run=shown.next_run,
                                every=DAY, times=shown.remaining)
    assert edited.next_run == T0 + DAY  # T0 was consumed: it is never due again
    assert edited.runs_done == 1 and edited.total == 3 and edited.remaining == 2
    assert ws.run_due(T0 + 2 * MIN) == []
    assert simulator.count("add") == 1
    simulator.advance(2 * 86400)
    for k in (1, 2, 3, 4):
        ws.run_due(T0 + k * DAY + MIN)
        simulator.advance(86400)
    # exactly the three runs asked for, the later two with the edited quantity
    assert placed_links(simulator) == [("https://instagram.com/p/daily", "200"),
                                       ("https://instagram.com/p/daily", "300"),
                                       ("https://instagram.com/p/daily", "300")]


def test_a_finished_one_shot_cannot_be_edited_into_placing_again(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes("https://instagram.com/p/typo"), first_run=T0)
    assert len(ws.run_due(T0)) == 1
    done = ws.schedule(s.id)
    assert done.finished and done.remaining == 0
    for first in (T0, T0 + HOUR):  # the shown time, or a later one
        with pytest.raises(ValidationError) as e:
            ws.update_schedule(s.id, likes("https://instagram.com/p/fixed"), first_run=first)
        assert "finished" in e.value.problems["schedule"]
    for now in (T0 + MIN, T0 + HOUR + MIN):
        assert ws.run_due(now) == []
    assert simulator.count("add") == 1


def test_an_unchanged_save_keeps_the_remaining_runs_and_the_runs_column(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0, every=DAY, times=5)
    assert len(ws.run_due(T0)) == 1
    simulator.advance(86400)
    # the app was off on day 2: that run is missed, not owed
    assert ws.run_due(T0 + DAY + 2 * HOUR) == []
    shown = ws.schedule(s.id)
    assert shown.runs_done == 1 and shown.next_index == 2
    assert shown.remaining == 3  # not times - runs_done (4), which adds the missed run back
    edited = ws.update_schedule(s.id, dict(shown.fields), first_run=shown.next_run,
                                every=shown.every, times=shown.remaining)
    assert (edited.runs_done, edited.total, edited.remaining) == (1, 5, 3)  # Runs "1/5"
    now = T0 + 2 * DAY
    while now < T0 + 8 * DAY:
        ws.run_due(now)
        simulator.advance(86400)
        now += DAY
    assert simulator.count("add") == 4  # 5 asked, 1 missed
    final = ws.schedule(s.id)
    assert (final.runs_done, final.total, final.finished) == (4, 5, True)


def test_an_edit_that_leaves_nothing_to_run_is_refused(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0, every=DAY, times=3)
    ws.run_due(T0)
    with pytest.raises(ValidationError) as e:  # a one-shot at the time already made
        ws.update_schedule(s.id, likes(), first_run=T0)
    assert "first_run" in e.value.problems
    assert ws.schedule(s.id).remaining == 2


# ------------------------------------------------------- item 2: Run now and Resume guards


def test_run_now_and_resume_refuse_while_the_last_run_is_uncertain(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0, every=HOUR)
    simulator.set_fault("drop_after_read", actions=["add"], times=1)
    [o] = ws.run_due(T0)
    assert o.submit_state is SubmitState.UNCERTAIN and ws.schedule(s.id).paused
    for attempt in (lambda: ws.run_schedule_now(s.id, now=T0 + MIN),
                    lambda: ws.resume_schedule(s.id, now=T0 + MIN)):
        with pytest.raises(ScheduleBlocked) as e:
            attempt()
        assert e.value.order_id == o.id and f"Order {o.id}" in str(e.value)
    assert simulator.count("add") == 1 and ws.schedule(s.id).paused
    assert ws.resume_check(s.id).unresolved_order == o.id
    # the person checks the panel: it was placed, as that order
    [remote] = simulator.order_ids()
    ws.resolve_uncertain(o.id, remote)
    ws.resume_schedule(s.id, now=T0 + HOUR - MIN)
    simulator.advance(3600)
    assert len(ws.run_due(T0 + HOUR)) == 1 and simulator.count("add") == 2


def test_run_now_goes_through_the_price_rise_and_removed_service_guards(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0 + DAY, every=DAY)
    simulator.update_service(LIKES, rate=Decimal("0.05"))  # four times the price
    ws.refresh_services(panel.id)
    with pytest.raises(RunNotPlaced) as e:
        ws.run_schedule_now(s.id, now=T0)
    assert e.value.held and "price rose" in str(e.value)
    held = ws.schedule(s.id)
    assert held.paused and held.held and held.next_run == T0 + DAY
    assert simulator.count("add") == 0

    gone = next(r.service for r in ws.services(panel.id)
                if r.service.id > 100 and r.service.type == "Default")
    g = ws.schedule_order(panel.id, gone.id, {"link": "https://instagram.com/p/g",
                                              "quantity": str(gone.min)}, first_run=T0 + DAY)
    with PanelSimulator(services=100, key="smaller-key-0123456789") as smaller:
        ws.update_panel(panel.id, url=smaller.url, key=smaller.key)
        ws.refresh_services(panel.id)
        with pytest.raises(RunNotPlaced) as e:
            ws.run_schedule_now(g.id, now=T0)
        assert "no longer" in str(e.value) and smaller.count("add") == 0
    assert ws.schedule(g.id).paused and simulator.count("add") == 0


# ------------------------------------------------------- item 7: price rises and freshness


def test_a_price_rise_holds_the_run_and_resume_accepting_the_price_places_it(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    once = ws.schedule_order(panel.id, LIKES, likes("https://instagram.com/p/once"),
                             first_run=T0)
    daily = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0, every=DAY, times=3)
    simulator.update_service(LIKES, rate=Decimal("0.02"))  # +62 %
    ws.refresh_services(panel.id)
    assert ws.run_due(T0) == [] and simulator.count("add") == 0
    for sid in (once.id, daily.id):
        s = ws.schedule(sid)
        assert s.paused and s.held and s.next_run == T0 and not s.finished
    held = alerts_of(ws, AlertKind.ATTENTION, T0)
    assert sorted(a.schedule_id for a in held) == sorted([once.id, daily.id])
    check = ws.resume_check(once.id)
    assert (check.base_rate, check.new_rate) == (Decimal("0.012345"), Decimal("0.02"))
    # Three hours later the person accepts the new price: each held run is placed once.
    later = T0 + 3 * HOUR
    for sid in (once.id, daily.id):
        ws.resume_schedule(sid, accept_price=Decimal("0.02"), now=later)
    placed = ws.run_due(later + MIN)
    assert len(placed) == 2 and simulator.count("add") == 2
    assert ws.schedule(once.id).finished
    assert ws.schedule(daily.id).base_rate == Decimal("0.02")
    assert ws.run_due(later + 2 * MIN) == []
    simulator.advance(86400)
    assert len(ws.run_due(T0 + DAY)) == 1  # at the accepted price: no pause
    assert simulator.count("add") == 3
    assert not any(a.active for a in alerts_of(ws, AlertKind.ATTENTION, T0 + DAY)
                   if a.data.get("why") == "held")


def test_resume_without_accepting_holds_the_run_again(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0)
    simulator.update_service(LIKES, rate=Decimal("0.02"))
    ws.refresh_services(panel.id)
    ws.run_due(T0)
    ws.resume_schedule(s.id, now=T0 + MIN)
    assert ws.run_due(T0 + 2 * MIN) == []
    again = ws.schedule(s.id)
    assert again.paused and again.held and simulator.count("add") == 0


def test_the_price_is_read_again_before_a_run_when_it_is_older_than_15_minutes(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    first = T0 + HOUR  # an hour after the catalogue was read
    ws.schedule_order(panel.id, LIKES, likes(), first_run=first)
    simulator.update_service(LIKES, rate=Decimal("0.05"))  # nobody refreshed by hand
    services_before = simulator.count("services")
    assert ws.run_due(first) == []
    assert simulator.count("services") == services_before + 1  # read again first
    assert simulator.count("add") == 0  # and the rise seen: held, not placed at 0.05


def test_a_run_waits_while_its_price_cannot_be_checked(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    first = T0 + HOUR
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=first)
    simulator.set_fault("cloudflare_403", actions=["services"])
    assert ws.run_due(first) == [] and ws.run_due(first + MIN) == []
    waiting = ws.schedule(s.id)
    assert not waiting.paused and waiting.next_run == first  # waits, nothing consumed
    assert simulator.count("add") == 0
    simulator.clear_faults()
    assert len(ws.run_due(first + 2 * MIN)) == 1 and simulator.count("add") == 1


def test_a_run_that_waited_past_the_grace_period_is_missed_as_late_not_as_not_running(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    first = T0 + HOUR
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=first, every=DAY)
    simulator.set_fault("cloudflare_403", actions=["services"])
    now = first
    while now < first + 2 * HOUR:  # the app runs, ticking, for two hours
        assert ws.run_due(now) == []
        now += 10 * MIN
    [run] = ws.schedule_runs(s.id)
    assert run.outcome is RunOutcome.MISSED and "price could not be checked" in run.message
    [missed] = alerts_of(ws, AlertKind.MISSED, now)
    assert missed.data["why"] == "late" and "not running" not in missed.message
    assert simulator.count("add") == 0


# ------------------------------------------------------------------- item 8: clock jumps


def test_a_forward_clock_jump_holds_every_schedule_until_the_clock_comes_back(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0 + HOUR, every=HOUR)
    start = T0
    assert ws.run_due(start, elapsed=1000.0) == []
    # 30 s later the wall clock says five hours later (an RTC read as UTC, say)
    jumped = start + 5 * HOUR + timedelta(seconds=30)
    assert ws.run_due(jumped, elapsed=1030.0) == []
    assert ws.clock_hold() is not None
    assert ws.run_due(jumped + timedelta(seconds=30), elapsed=1060.0) == []
    assert simulator.count("add") == 0 and ws.schedule_runs(s.id) == []  # nothing consumed
    [clock] = alerts_of(ws, AlertKind.CLOCK, jumped)
    assert clock.active and clock.data["minutes"] == 300
    # NTP sets it right again: the hold ends by itself, the runs come at their real time
    back = start + timedelta(seconds=90)
    assert ws.run_due(back, elapsed=1090.0) == []
    assert ws.clock_hold() is None
    assert not alerts_of(ws, AlertKind.CLOCK, back)[0].active
    assert len(ws.run_due(T0 + HOUR, elapsed=1090.0 + 3600 - 90)) == 1
    assert simulator.count("add") == 1
    assert alerts_of(ws, AlertKind.MISSED, T0 + HOUR) == []


def test_a_clock_confirmed_right_after_a_jump_goes_on_without_a_false_not_running_alert(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0 + HOUR, every=HOUR)
    ws.run_due(T0, elapsed=50.0)
    jumped = T0 + 4 * HOUR + 10 * MIN  # NTP corrected a clock that was behind
    ws.run_due(jumped, elapsed=80.0)
    assert ws.clock_hold() is not None and simulator.count("add") == 0
    ws.release_clock_hold(now=jumped + MIN)
    assert ws.clock_hold() is None
    placed = ws.run_due(jumped + 2 * MIN, elapsed=200.0)
    assert len(placed) == 1 and simulator.count("add") == 1  # the 4 h run, 12 min late
    runs = ws.schedule_runs(s.id)
    assert [r.outcome for r in runs] == [RunOutcome.MISSED] * 3 + [RunOutcome.PLACED]
    assert all("clock" in (r.message or "") for r in runs[:3])
    assert alerts_of(ws, AlertKind.MISSED, jumped + 3 * MIN) == []


def test_a_slow_tick_or_a_small_ntp_step_is_not_a_jump(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    ws.schedule_order(panel.id, LIKES, likes(), first_run=T0 + HOUR)
    ws.run_due(T0, elapsed=0.0)
    ws.run_due(T0 + 10 * MIN, elapsed=600.0)  # a suspend counts on the elapsed clock too
    ws.run_due(T0 + 12 * MIN + 30 * timedelta(seconds=1), elapsed=720.0)  # +30 s step
    assert ws.clock_hold() is None
    assert len(ws.run_due(T0 + HOUR, elapsed=3600.0)) == 1


def test_a_clock_that_went_wrong_while_the_app_was_closed_holds_schedules_at_start(
        data_dir, engine_address: str | None, simulator: PanelSimulator) -> None:
    """The same boot (``boot_id``): the wall clock moved five hours further than the boot
    clock between the last check of one process and the first of the next."""
    with Workspace(data_dir, store=engine_address) as ws:
        p = ws.add_panel("Sim", simulator.url, simulator.key)
        ws.refresh_services(p.id)
        s = ws.schedule_order(p.id, LIKES, likes(), first_run=T0 + HOUR, every=HOUR)
        assert ws.run_due(T0, elapsed=1000.0, boot="boot-a") == []
    # closed; ten minutes later it starts again, the clock now five hours ahead
    wrong = T0 + 5 * HOUR + 10 * MIN
    with Workspace(data_dir, store=engine_address) as ws:
        assert ws.run_due(wrong, elapsed=1600.0, boot="boot-a") == []
        assert ws.clock_hold() is not None
        assert simulator.count("add") == 0 and ws.schedule_runs(s.id) == []  # nothing consumed
        [clock] = alerts_of(ws, AlertKind.CLOCK, wrong)
        assert clock.active and clock.data["minutes"] == 300
        assert ws.run_due(wrong + MIN, elapsed=1660.0, boot="boot-a") == []
        assert len(alerts_of(ws, AlertKind.CLOCK, wrong + MIN)) == 1  # one alert
        # NTP sets it right: the hold ends by itself, as for a jump while running
        assert ws.run_due(T0 + 12 * MIN, elapsed=1720.0, boot="boot-a") == []
        assert ws.clock_hold() is None


def test_the_boot_id_is_this_boots() -> None:
    found = boot_id()
    assert found is not None and re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}",
                                              found), found
    assert boot_id() == found  # the same for every process of this boot


@pytest.mark.parametrize(("boot", "wall_moved"), [
    ("boot-b", 5 * HOUR),  # another boot: the boot clocks do not compare
    ("boot-a", 12 * MIN),  # the same boot, two minutes more than the boot clock: in tolerance
])
def test_a_restart_is_not_a_jump_when_it_cannot_be_one(data_dir, engine_address: str | None,
                                                       simulator: PanelSimulator,
                                                       boot: str, wall_moved) -> None:
    with Workspace(data_dir, store=engine_address) as ws:
        p = ws.add_panel("Sim", simulator.url, simulator.key)
        ws.refresh_services(p.id)
        ws.schedule_order(p.id, LIKES, likes(), first_run=T0 + 6 * HOUR)
        ws.run_due(T0, elapsed=1000.0, boot="boot-a")
    with Workspace(data_dir, store=engine_address) as ws:
        ws.run_due(T0 + wall_moved, elapsed=1600.0, boot=boot)
        assert ws.clock_hold() is None
        assert alerts_of(ws, AlertKind.CLOCK, T0 + wall_moved) == []


# ------------------------------------------------------- item 13: balances on the timer


def test_the_status_sync_reads_a_watched_balance_at_most_every_15_minutes(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    ws.set_balance_threshold(panel.id, Decimal("50"))
    simulator.balance = Decimal("12")
    before = simulator.count("balance")
    later = datetime.now(UTC) + 20 * MIN
    assert ws.check_balance_due(panel.id, now=later)  # the reading is 20 minutes old
    assert simulator.count("balance") == before + 1
    [low] = alerts_of(ws, AlertKind.BALANCE, later)
    assert low.active and Decimal(low.data["amount"]) == 12
    assert not ws.check_balance_due(panel.id, now=datetime.now(UTC) + MIN)
    assert simulator.count("balance") == before + 1
    ws.sync_panel(panel.id, force=True)  # the timer's sync: the reading is fresh, not read
    assert simulator.count("balance") == before + 1


def test_the_status_timer_raises_the_low_balance_alert_with_no_refresh_by_hand(
        ws: Workspace, simulator: PanelSimulator) -> None:
    p = ws.add_panel("Tray", simulator.url, simulator.key)  # never refreshed by hand
    ws.set_balance_threshold(p.id, Decimal("50"))
    simulator.balance = Decimal("7")
    ws.sync_panel(p.id, force=True)  # what the status timer does every few minutes
    assert simulator.count("balance") == 1
    [low] = alerts_of(ws, AlertKind.BALANCE, datetime.now(UTC))
    assert low.panel_id == p.id and low.active
