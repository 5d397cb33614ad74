"""Scheduled and repeat orders through the Workspace, against the simulator over real HTTP.

``now`` is passed in: the schedules' clock is simulated, the simulator's clock is advanced with
it (``sim.advance``) so orders progress; nothing waits on a real clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import Panel, SubmitState
from smmdesk.schedules import AlertKind, RunOutcome
from smmdesk.servicetypes import ValidationError
from smmdesk.workspace import Workspace

LIKES = 18  # "Instagram Likes [Max 1K] [No Refill] Cheapest", min 200
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
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


def likes(link: str = "https://instagram.com/p/daily") -> dict[str, str]:
    return {"link": link, "quantity": "200"}


def adds(sim: PanelSimulator) -> int:
    return sim.count("add")


def test_repeat_schedule_places_exactly_k_orders_over_a_simulated_week(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0, every=DAY, times=7)
    assert s.next_run == T0 and s.runs_done == 0 and not s.paused and s.total == 7
    placed = []
    now = T0 - HOUR
    while now < T0 + 8 * DAY:  # the timer ticks every hour for eight days
        placed += ws.run_due(now)
        now += HOUR
        simulator.advance(3600)
    assert len(placed) == 7 and adds(simulator) == 7
    assert all(o.submit_state is SubmitState.PLACED for o in placed)
    runs = ws.schedule_runs(s.id)
    assert [r.due_at for r in runs] == [T0 + k * DAY for k in range(7)]
    assert [r.outcome for r in runs] == [RunOutcome.PLACED] * 7
    assert [r.local_id for r in runs] == [o.id for o in placed]
    done = ws.schedule(s.id)
    assert done.runs_done == 7 and done.next_run is None and done.finished
    assert ws.run_due(T0 + 30 * DAY) == [] and adds(simulator) == 7


def test_validated_as_for_placing_now(ws: Workspace, panel: Panel) -> None:
    with pytest.raises(ValidationError) as e:
        ws.schedule_order(panel.id, LIKES, {"link": "https://instagram.com/x", "quantity": "5"},
                          first_run=T0)
    assert "quantity" in e.value.problems
    with pytest.raises(ValidationError) as e:
        ws.schedule_order(panel.id, LIKES, likes(), first_run=T0, every=timedelta(seconds=10))
    assert "every" in e.value.problems
    assert ws.schedules() == []


def test_two_day_gap_places_one_catch_up_and_records_the_rest_as_missed(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0, every=DAY)
    assert len(ws.run_due(T0 + timedelta(seconds=5))) == 1
    simulator.advance(3 * 86400)
    # the app was off for two days: the 3rd day's run is 10 minutes late
    back = ws.run_due(T0 + 3 * DAY + timedelta(minutes=10))
    assert len(back) == 1 and back[0].submit_state is SubmitState.PLACED
    assert adds(simulator) == 2
    runs = ws.schedule_runs(s.id)
    assert [(r.outcome, r.due_at) for r in runs] == [
        (RunOutcome.PLACED, T0), (RunOutcome.MISSED, T0 + DAY), (RunOutcome.MISSED, T0 + 2 * DAY),
        (RunOutcome.PLACED, T0 + 3 * DAY)]
    assert [r.local_id is None for r in runs] == [False, True, True, False]
    missed = [a for a in ws.alerts(now=T0 + 3 * DAY) if a.kind is AlertKind.MISSED]
    assert len(missed) == 1 and missed[0].data["count"] == 2 and missed[0].schedule_id == s.id
    # later than the grace period: nothing is placed, all recorded as missed
    simulator.advance(3 * 86400)
    assert ws.run_due(T0 + 6 * DAY + 2 * HOUR) == []
    assert adds(simulator) == 2
    assert [r.outcome for r in ws.schedule_runs(s.id)][-2:] == [RunOutcome.MISSED] * 2
    assert ws.schedule(s.id).next_run == T0 + 7 * DAY


def test_grace_period_is_a_preference(ws: Workspace, panel: Panel,
                                      simulator: PanelSimulator) -> None:
    ws.set_automation_settings(grace=timedelta(hours=3))
    ws.schedule_order(panel.id, LIKES, likes(), first_run=T0)
    assert len(ws.run_due(T0 + 2 * HOUR)) == 1


def test_clock_moved_back_never_repeats_a_run(ws: Workspace, panel: Panel,
                                              simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0, every=DAY, times=3)
    assert len(ws.run_due(T0 + timedelta(minutes=1))) == 1
    simulator.advance(86400)
    for now in (T0 - DAY, T0 - HOUR, T0, T0 + timedelta(minutes=2), T0 + timedelta(minutes=59)):
        assert ws.run_due(now) == []
    assert adds(simulator) == 1
    assert len(ws.run_due(T0 + DAY)) == 1
    assert ws.run_due(T0 + timedelta(minutes=30)) == []  # back again
    assert adds(simulator) == 2 and ws.schedule(s.id).runs_done == 2


def test_rejected_run_pauses_its_schedule_until_resumed(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0, every=DAY)
    simulator.balance = Decimal("0")
    [o] = ws.run_due(T0)
    assert o.submit_state is SubmitState.REJECTED
    paused = ws.schedule(s.id)
    assert paused.paused and "funds" in (paused.pause_reason or "").lower()
    assert ws.schedule_runs(s.id)[-1].outcome is RunOutcome.REJECTED
    assert ws.schedule_runs(s.id)[-1].local_id == o.id
    simulator.advance(86400)
    assert ws.run_due(T0 + DAY) == [] and adds(simulator) == 1  # paused: nothing sent
    attention = [a for a in ws.alerts(now=T0 + DAY) if a.kind is AlertKind.ATTENTION]
    assert [a.local_id for a in attention] == [o.id]
    # the person tops up and resumes: the next run goes out on time
    simulator.balance = Decimal("100")
    ws.resume_schedule(s.id)
    assert not ws.schedule(s.id).paused
    [again] = ws.run_due(T0 + DAY + timedelta(minutes=3))
    assert again.submit_state is SubmitState.PLACED and adds(simulator) == 2


def test_uncertain_run_pauses_without_a_resend(
        ws: Workspace, panel: Panel, simulator: PanelSimulator, data_dir: Path) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0, every=HOUR)
    simulator.set_fault("drop_after_read", actions=["add"], times=1)
    before = set(simulator.order_ids())
    [o] = ws.run_due(T0)
    assert o.submit_state is SubmitState.UNCERTAIN
    assert len(set(simulator.order_ids()) - before) == 1  # it was placed on the panel
    state = ws.schedule(s.id)
    assert state.paused and "check the panel" in (state.pause_reason or "").lower()
    assert ws.schedule_runs(s.id)[-1].outcome is RunOutcome.UNCERTAIN
    for k in range(1, 5):
        simulator.advance(3600)
        assert ws.run_due(T0 + k * HOUR) == []
    ws.close()
    with Workspace(data_dir, store=ws.store_address) as again:
        assert again.schedule(s.id).paused
        assert again.run_due(T0 + 5 * HOUR) == []
        assert again.order(o.id).submit_state is SubmitState.UNCERTAIN
    assert adds(simulator) == 1


def test_price_rise_pauses_before_placing(ws: Workspace, panel: Panel,
                                          simulator: PanelSimulator) -> None:
    ws.set_automation_settings(max_price_rise=Decimal(20))
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0, every=DAY)
    assert s.base_rate == Decimal("0.012345")
    simulator.update_service(LIKES, rate=Decimal("0.0148"))  # +19.9 %: still fine
    ws.refresh_services(panel.id)
    assert len(ws.run_due(T0)) == 1
    simulator.update_service(LIKES, rate=Decimal("0.02"))
    ws.refresh_services(panel.id)
    simulator.advance(86400)
    assert ws.run_due(T0 + DAY) == []
    paused = ws.schedule(s.id)
    assert paused.paused and "price rose" in (paused.pause_reason or "")
    # The due run is held for the person, not consumed (issue 22, item 7).
    assert paused.held and paused.next_run == T0 + DAY
    assert [r.outcome for r in ws.schedule_runs(s.id)] == [RunOutcome.PLACED]
    assert adds(simulator) == 1


def test_service_removed_pauses_before_placing_and_alerts(ws: Workspace, panel: Panel) -> None:
    gone = next(r.service for r in ws.services(panel.id)
                if r.service.id > 100 and r.service.type == "Default")
    s = ws.schedule_order(panel.id, gone.id, {"link": "https://instagram.com/p/x",
                                              "quantity": str(gone.min)}, first_run=T0)
    with PanelSimulator(services=100, key="smaller-key-0123456789") as smaller:
        ws.update_panel(panel.id, url=smaller.url, key=smaller.key)
        diff = ws.refresh_services(panel.id)
        assert any(x.id == gone.id for x in diff.removed)
        assert ws.run_due(T0) == []
        assert smaller.count("add") == 0
    paused = ws.schedule(s.id)
    assert paused.paused and "no longer" in (paused.pause_reason or "")
    assert paused.held and not paused.finished  # the one run waits: not ended unplaced
    assert ws.schedule_runs(s.id) == []
    removed = [a for a in ws.alerts(now=T0) if a.kind is AlertKind.REMOVED]
    assert [(a.panel_id, a.service_id) for a in removed] == [(panel.id, gone.id)]


def test_pause_resume_delete_and_run_now(ws: Workspace, panel: Panel,
                                         simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0 + DAY, every=DAY, times=3)
    ws.pause_schedule(s.id)
    assert ws.schedule(s.id).paused and ws.run_due(T0 + DAY) == []
    ws.resume_schedule(s.id)
    o = ws.run_schedule_now(s.id, now=T0)
    assert o.submit_state is SubmitState.PLACED
    after = ws.schedule(s.id)
    assert after.runs_done == 1 and after.next_run == T0 + 2 * DAY  # the next run went now
    assert ws.run_due(T0 + DAY) == []
    ws.delete_schedule(s.id)
    assert ws.schedules() == []
    with pytest.raises(KeyError):
        ws.schedule(s.id)
    assert ws.order(o.id).submit_state is SubmitState.PLACED  # its order stays in the history


def test_edit_starts_the_new_timing(ws: Workspace, panel: Panel,
                                    simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0, every=DAY, times=2)
    assert len(ws.run_due(T0)) == 1
    edited = ws.update_schedule(s.id, likes("https://instagram.com/p/other"),
                                first_run=T0 + 2 * DAY, every=HOUR, times=2)
    # the run already made stays counted: 1 done, 2 more to come
    assert edited.next_run == T0 + 2 * DAY and edited.runs_done == 1
    assert edited.total == 3 and edited.remaining == 2
    simulator.advance(2 * 86400)
    [o] = ws.run_due(T0 + 2 * DAY)
    assert o.link == "https://instagram.com/p/other"
    assert len(ws.schedule_runs(s.id)) == 2


def test_pause_all_automation(ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    ws.schedule_order(panel.id, LIKES, likes(), first_run=T0)
    ws.set_automation_settings(paused_all=True)
    assert ws.run_due(T0) == [] and adds(simulator) == 0
    ws.set_automation_settings(paused_all=False)
    assert len(ws.run_due(T0 + timedelta(minutes=1))) == 1


def test_runs_due_while_paused_follow_the_catch_up_rule_on_resume(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0, every=DAY)
    ws.pause_schedule(s.id)
    assert ws.run_due(T0 + 2 * DAY + timedelta(minutes=5)) == []  # paused: nothing recorded
    assert ws.schedule_runs(s.id) == []
    ws.resume_schedule(s.id, now=T0 + 2 * DAY + timedelta(minutes=5, seconds=30))
    [o] = ws.run_due(T0 + 2 * DAY + timedelta(minutes=6))
    runs = ws.schedule_runs(s.id)
    assert [r.outcome for r in runs] == [RunOutcome.MISSED, RunOutcome.MISSED, RunOutcome.PLACED]
    # missed because it was paused, which the person knows: no "not running" alert (issue 22)
    assert all("paused" in (r.message or "") for r in runs[:2])
    assert [a for a in ws.alerts(now=T0 + 3 * DAY) if a.kind is AlertKind.MISSED] == []
    assert o.submit_state is SubmitState.PLACED and adds(simulator) == 1


def test_run_now_places_the_overdue_run_once_and_misses_the_older(
        ws: Workspace, panel: Panel, simulator: PanelSimulator) -> None:
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=T0, every=HOUR, times=10)
    ws.pause_schedule(s.id)
    o = ws.run_schedule_now(s.id, now=T0 + 3 * HOUR + timedelta(minutes=30))
    assert o.submit_state is SubmitState.PLACED
    runs = ws.schedule_runs(s.id)
    assert [(r.outcome, r.due_at) for r in runs] == [
        (RunOutcome.MISSED, T0), (RunOutcome.MISSED, T0 + HOUR),
        (RunOutcome.MISSED, T0 + 2 * HOUR), (RunOutcome.PLACED, T0 + 3 * HOUR)]
    after = ws.schedule(s.id)
    assert after.paused and after.next_run == T0 + 4 * HOUR  # still paused, as it was
    ws.resume_schedule(s.id)
    assert ws.run_due(T0 + 3 * HOUR + timedelta(minutes=31)) == [] and adds(simulator) == 1
