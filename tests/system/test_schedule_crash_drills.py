"""Crash drill for scheduled runs: SIGKILL at random moments while schedules place their runs,
reopening after each kill, with at most one order per due run.

A child process runs the automation loop of the tray app — ``Workspace.run_due(now)`` with a
simulated clock that moves to each next due time — against a real simulator, on one data dir
that lives across all the kills. Whenever the child starts it acts as the person who checked:
it resumes paused schedules (the parent has resolved every uncertain order first, from what the
panel really holds: Resume refuses while a run is unresolved). The parent kills it at a random
moment (seeded), reopens the data dir as the app does and checks:

* the database is intact and nothing is left SUBMITTING or "sending";
* every order belongs to exactly one run, and no schedule has two runs for one due time;
* the panel never received more ``add`` requests for a schedule than that schedule has runs
  that sent an order — at most one order per due run, never a second after a restart;
* every order the child saw committed is still there with the same outcome.

``SMMDESK_SCHEDULE_KILLS`` sets the number of kills (default 24, at least 20).
"""

from __future__ import annotations

import os
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import SubmitState
from smmdesk.schedules import RunOutcome
from smmdesk.workspace import Workspace
from tests.system.kill_support import drill_timeout, resolve_from_the_panel, run_and_kill

KEY = "schedule-drill-key-5e2c9a1f"
KILLS = max(20, int(os.environ.get("SMMDESK_SCHEDULE_KILLS", "24")))
SEED = int(os.environ.get("SMMDESK_CRASH_SEED", "20261128"))
LIKES = 18  # min 200, no refill
LINKS = [f"https://instagram.com/p/drill{i}" for i in range(3)]
T0 = datetime(2030, 1, 6, 9, 0, tzinfo=UTC)

CHILD = r"""
import os, sys
from datetime import timedelta
import keyring
from keyring.backends import null
keyring.set_keyring(null.Keyring())  # keys in this process's memory only
from smmdesk import api
from smmdesk.automation import ScheduleBlocked
from smmdesk.workspace import Workspace

# place: the one method Workspace.place_order sends an order through (add only wraps it)
real_place = api.PanelClient.place
def place(self, *args, **kwargs):
    print("sending", flush=True)  # the run is recorded and claimed; the request goes out now
    return real_place(self, *args, **kwargs)
api.PanelClient.place = place

data_dir, panel_id = sys.argv[1], sys.argv[2]
ws = Workspace(data_dir)
ws.secrets.set(panel_id, os.environ["SMMDESK_TEST_KEY"])
print("ready", flush=True)
while True:
    for s in ws.schedules():
        if s.paused:
            try:
                ws.resume_schedule(s.id)  # the person checked the panel and goes on
            except ScheduleBlocked:
                pass
    active = [s.next_run for s in ws.schedules() if not s.paused]
    if not active:
        print("blocked", flush=True)
        break
    now = min(active) + timedelta(seconds=5)
    print(f"due {now.isoformat()}", flush=True)
    for o in ws.run_due(now):
        print(f"placed {o.id} {o.submit_state.value} {o.remote_id}", flush=True)
"""


def _prepare(data_dir: Path, sim: PanelSimulator) -> tuple[str, dict[int, str]]:
    with Workspace(data_dir) as ws:
        panel = ws.add_panel("Drill", sim.url, sim.key)
        ws.refresh_services(panel.id)
        links = {}
        for link in LINKS:
            s = ws.schedule_order(panel.id, LIKES, {"link": link, "quantity": "200"},
                                  first_run=T0, every=timedelta(minutes=1), now=T0)
            links[s.id] = link
        return panel.id, links


# When each kind of kill comes: a random delay after a line the child prints (waiting on the
# line, not on time, so a slow machine shifts nothing): during start-up, around a due time,
# right as a request goes out, and once a session has placed something.
WAIT_FOR = {"open": None, "placing": "due", "sending": "sending", "session": "placed"}


def _run_and_kill(data_dir: Path, panel_id: str, mode: str, delay: float) -> list[str]:
    return run_and_kill(CHILD, [str(data_dir), panel_id], key=KEY, wait_for=WAIT_FOR[mode],
                        delay=delay)


@pytest.mark.slow
@drill_timeout(KILLS)
def test_sigkill_during_scheduled_runs_never_places_a_run_twice(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    data_dir = tmp_path / "data"
    committed: dict[int, tuple[str, str]] = {}  # local id -> (submit state, remote id)
    stats = Counter()
    modes: Counter[str] = Counter()
    # Fast simulated panel: an order finishes within milliseconds, so a link is free again by
    # the next run (the panel refuses a second active order on one link).
    with PanelSimulator(services=40, key=KEY, speed=20000.0, balance="100000") as sim:
        panel_id, links = _prepare(data_dir, sim)
        for kill in range(KILLS):
            mode = ("open", "placing", "sending", "session", "session")[kill % 5]
            delay = {"open": rng.uniform(0.0, 0.5), "placing": rng.uniform(0.0, 0.04),
                     "sending": 0.0, "session": rng.uniform(0.0, 0.8)}[mode]
            modes[mode] += 1
            lines = _run_and_kill(data_dir, panel_id, mode, delay)
            for line in lines:
                words = line.split()
                if words[:1] == ["placed"]:
                    committed[int(words[1])] = (words[2], words[3])
                    stats[words[2]] += 1
                elif words[:1] == ["due"]:
                    stats["due"] += 1

            with Workspace(data_dir) as ws:  # the next start of the app
                assert ws.store.db.integrity_check() == ["ok"], f"kill {kill}"
                orders = {o.id: o for o in ws.orders()}
                assert all(o.submit_state is not SubmitState.SUBMITTING for o in orders.values())
                for local_id, (state, remote) in committed.items():
                    o = orders.get(local_id)
                    assert o is not None, f"kill {kill}: lost order {local_id}"
                    assert (o.submit_state.value, str(o.remote_id)) == (state, remote), o
                owners: Counter[int] = Counter()
                for schedule_id, link in links.items():
                    runs = ws.schedule_runs(schedule_id)
                    assert all(r.outcome is not RunOutcome.SENDING for r in runs), kill
                    dues = [r.due_at for r in runs]
                    assert len(dues) == len(set(dues)), f"kill {kill}: a due time ran twice"
                    sent = [r for r in runs if r.local_id is not None]
                    owners.update(r.local_id for r in sent)
                    adds = sum(1 for q in sim.requests
                               if q.action == "add" and q.params.get("link") == link)
                    assert adds <= len(sent), (
                        f"kill {kill}: the panel got {adds} orders for {len(sent)} runs")
                    placed = [r for r in sent if r.outcome is RunOutcome.PLACED]
                    assert adds >= len(placed)  # every placed run really reached the panel
                    for r in sent:
                        assert orders[r.local_id].link == link
                assert set(owners) == set(orders), f"kill {kill}: an order without its run"
                assert max(owners.values(), default=1) == 1, f"kill {kill}: shared order"
                remotes = [o.remote_id for o in orders.values() if o.remote_id is not None]
                assert len(remotes) == len(set(remotes))
                assert set(remotes) <= set(sim.order_ids())
                for o in resolve_from_the_panel(ws, sim):
                    stats["resolved"] += 1
                    if o.id in committed:
                        committed[o.id] = (o.submit_state.value, str(o.remote_id))
        with Workspace(data_dir) as ws:
            outcomes = Counter(r.outcome for sid in links for r in ws.schedule_runs(sid))
    # The drill exercised real placements and real interruptions, not just start-ups: every
    # "session" kill came after a placement, every "sending" kill with a request in flight
    # (its order comes back uncertain and is resolved from the panel's answer, or is placed
    # when the answer was in first).
    assert stats["placed"] >= modes["session"], (stats, outcomes)
    assert stats["resolved"] >= 1, (stats, outcomes)  # a kill landed mid-send at least once
    print(f"schedule drill: {KILLS} kills, {dict(stats)}, runs {dict(outcomes)}")
