"""Issue 22's drill: a scheduled week, compressed by an injected clock, ends with exactly the
orders the person asked for — counted on the panel (the simulator), not in our own records.

Three schedules on one panel, in Europe/Berlin, over the week of the 2030 spring DST change
(Sunday 31 March, 02:00 → 03:00):

* A: every day at 09:00 local, 7 runs, link A, 200 — edited on Wednesday at noon from a dialog
  opened before its first run (quantity 250 from then on, the shown first run and count);
  paused Thursday evening and resumed Friday 10:30 (Friday's run is skipped: the person paused
  it); on Saturday the app is killed (-9) while the run is sent, the person checks the panel
  and resumes; Sunday's run is at 09:00 summer time; on Monday the wall clock jumps a day ahead
  and back.
* B: every 2 days at 18:00 local, 3 runs, link B, 300 (Sunday's after the change: 18:00 still).
* C: once, Friday 15:00, link C, 100 — its price rises 50 % at 14:00: held, then accepted by
  the person at 17:00 and placed once.

Thursday's 09:00 run is checked by two processes at the same moment. The person asked for A ×6
(Friday's skipped), B ×3 and C ×1: ten orders, with those links and quantities, and no other.

The app's timer is played by child processes (``run_due(now, elapsed=…)`` with the injected
wall clock and elapsed clock); the person's actions (edit, pause, resume, accept, resolve) are
made by this process on the same data dir, as the GUI would through the Workspace.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import SubmitState
from smmdesk.schedules import AlertKind, RunOutcome
from smmdesk.workspace import Workspace
from tests.system.kill_support import ROOT, resolve_from_the_panel

KEY = "week-drill-key-7d1f0c2b9a"
BERLIN = ZoneInfo("Europe/Berlin")
LIKES = 18  # min 200
FOLLOWERS = 1  # min 100
A, B, C = ("https://instagram.com/p/week-a", "https://instagram.com/p/week-b",
           "https://instagram.com/p/week-c")
STEP = timedelta(minutes=30)
TICK = timedelta(seconds=5)  # the timer ticks a few seconds after the hour and half hour

CHILD = r"""
import json, os, sys
from datetime import datetime
import keyring
from keyring.backends import null
keyring.set_keyring(null.Keyring())  # keys in this process's memory only
from smmdesk.workspace import Workspace

data_dir, panel_id, ticks = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
ws = Workspace(data_dir)
ws.secrets.set(panel_id, os.environ["SMMDESK_TEST_KEY"])
print("ready", flush=True)
for iso, elapsed in ticks:
    print("tick", iso, flush=True)
    for o in ws.run_due(datetime.fromisoformat(iso), elapsed=elapsed):
        print("placed", o.id, o.submit_state.value, o.link, flush=True)
ws.close()
print("done", flush=True)
"""


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A wall time in Berlin, March/April 2030 (day 27..31 March, 32.. = April)."""
    month, d = (3, day) if day <= 31 else (4, day - 31)
    return datetime(2030, month, d, hour, minute, tzinfo=BERLIN)


def ticks(start: datetime, end: datetime, elapsed0: float = 0.0) -> list[tuple[str, float]]:
    """The timer's ticks from ``start`` to ``end`` (inclusive), every 30 minutes of real time,
    each with the elapsed clock in step."""
    out, at = [], start.astimezone(UTC)
    while at <= end.astimezone(UTC):
        out.append(((at + TICK).isoformat(), elapsed0 + (at - start).total_seconds()))
        at += STEP
    return out


class Drill:
    def __init__(self, data_dir: Path, sim: PanelSimulator, panel_id: str) -> None:
        self.data_dir, self.sim, self.panel_id = data_dir, sim, panel_id
        self.env = {**os.environ, "SMMDESK_TEST_KEY": KEY, "PYTHONPATH": str(ROOT),
                    "TZ": "Europe/Berlin"}
        self.placed: list[str] = []

    def start(self, tick_list: list[tuple[str, float]]) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-c", CHILD, str(self.data_dir), self.panel_id,
             json.dumps(tick_list)],
            cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True)

    def finish(self, proc: subprocess.Popen[str]) -> list[str]:
        out, _ = proc.communicate(timeout=300)
        lines = out.splitlines()
        assert proc.returncode == 0 and lines[-1:] == ["done"], out
        self.placed += [ln for ln in lines if ln.startswith("placed")]
        return lines

    def run(self, tick_list: list[tuple[str, float]]) -> list[str]:
        return self.finish(self.start(tick_list))

    def kill_while_sending(self, at: datetime) -> None:
        """The app is killed (-9) while the run due at ``at`` is being sent: the panel holds
        the request until the app is dead, then answers it, and does place the order)."""
        orders_before = len(self.sim.order_ids())
        adds_before = self.sim.count("add")
        release = threading.Event()  # never a fixed hang the kill would have to beat
        self.sim.set_fault("hang", actions=["add"], times=1, until=release, seconds=3600)
        proc = self.start([((at + TICK).isoformat(), 0.0)])
        deadline = time.monotonic() + 60
        try:
            while self.sim.count("add") == adds_before:  # the request reached the panel
                assert proc.poll() is None and time.monotonic() < deadline, "no add arrived"
                time.sleep(0.02)  # polling another process's request (no event of ours)
            os.kill(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=30)
            assert proc.returncode == -signal.SIGKILL
        finally:
            release.set()
        while len(self.sim.order_ids()) == orders_before:  # the panel placed it after all
            assert time.monotonic() < deadline, "the held request was not executed"
            time.sleep(0.02)  # polling the simulator's orders (placed by its own thread)


@pytest.mark.slow
def test_a_scheduled_week_ends_with_exactly_the_orders_asked_for(
        tmp_path: Path, berlin: ZoneInfo) -> None:
    data_dir = tmp_path / "data"
    with PanelSimulator(services=40, key=KEY, speed=20000.0, balance="100000") as sim:
        with Workspace(data_dir) as ws:
            panel = ws.add_panel("Week", sim.url, sim.key)
            ws.refresh_services(panel.id)
            setup = local(27, 8)
            a = ws.schedule_order(panel.id, LIKES, {"link": A, "quantity": "200"},
                                  first_run=local(27, 9), every=timedelta(days=1), times=7,
                                  now=setup)
            b = ws.schedule_order(panel.id, LIKES, {"link": B, "quantity": "300"},
                                  first_run=local(27, 18), every=timedelta(days=2), times=3,
                                  now=setup)
            c = ws.schedule_order(panel.id, FOLLOWERS, {"link": C, "quantity": "100"},
                                  first_run=local(29, 15), now=setup)
            stale = ws.schedule(a.id)  # the Edit dialog, opened now, before the first run
        drill = Drill(data_dir, sim, panel.id)

        # Wednesday morning: A's first run
        drill.run(ticks(local(27, 8, 30), local(27, 11, 30)))
        assert sim.count("add") == 1
        with Workspace(data_dir) as ws:  # noon: the dialog opened at 08:00 is saved
            ws.update_schedule(a.id, {"link": A, "quantity": "250"},
                               first_run=stale.next_run, every=stale.every,
                               times=stale.remaining, now=local(27, 12))
        drill.run(ticks(local(27, 12), local(28, 8, 30)))  # B's first run at 18:00

        # Thursday 09:00: two processes check the same moment
        both = [drill.start(ticks(local(28, 9), local(28, 9))) for _ in range(2)]
        for proc in both:
            drill.finish(proc)
        assert sim.count("add") == 3
        drill.run(ticks(local(28, 9, 30), local(28, 19, 30)))
        with Workspace(data_dir) as ws:
            ws.pause_schedule(a.id, now=local(28, 20))
        drill.run(ticks(local(28, 20), local(29, 10)))  # Friday 09:00: A is paused
        with Workspace(data_dir) as ws:
            ws.resume_schedule(a.id, now=local(29, 10, 30))
        sim.update_service(FOLLOWERS, rate=Decimal(str(sim.service(FOLLOWERS)["rate"])) *
                           Decimal("1.5"))  # Friday 14:00: C's price rises 50 %
        drill.run(ticks(local(29, 10, 30), local(29, 16, 30)))
        with Workspace(data_dir) as ws:  # 17:00: the person accepts the new price
            held = ws.schedule(c.id)
            assert held.paused and held.held and not held.finished
            check = ws.resume_check(c.id)
            assert check.new_rate is not None
            ws.resume_schedule(c.id, accept_price=check.new_rate, now=local(29, 17))
        drill.run(ticks(local(29, 17), local(30, 8, 30)))  # C at 17:00, B at 18:00
        assert sim.count("add") == 5

        # Saturday 09:00: killed while A's run is sent; the person checks the panel
        drill.kill_while_sending(local(30, 9))
        with Workspace(data_dir) as ws:
            assert ws.schedule(a.id).paused  # its run is uncertain: it waits for the person
            assert len(resolve_from_the_panel(ws, sim)) == 1
            ws.resume_schedule(a.id, now=local(30, 9, 20))
        # Saturday to Monday morning, over the DST change
        drill.run(ticks(local(30, 9, 30), local(32, 8, 30)))
        assert sim.count("add") == 8

        # Monday: the wall clock jumps a day ahead for a minute, then NTP sets it back
        e0 = 50_000.0
        jump = [((local(32, 8, 50)).astimezone(UTC).isoformat(), e0),
                ((local(33, 9) + TICK).astimezone(UTC).isoformat(), e0 + 30),
                ((local(33, 9) + 2 * TICK).astimezone(UTC).isoformat(), e0 + 60),
                ((local(32, 8, 51) + timedelta(seconds=30)).astimezone(UTC).isoformat(),
                 e0 + 90)]
        rest = ticks(local(32, 9), local(33, 12), e0 + 600)
        lines = drill.run(jump + rest)
        first_placed = next(i for i, ln in enumerate(lines) if ln.startswith("placed"))
        assert "tick " + rest[0][0] in lines[first_placed - 1]  # nothing before Monday 09:00

        # ------------------------------------------------------------- counted on the panel
        got = Counter((info["service"], info["link"], info["quantity"])
                      for info in map(sim.order_info, sim.order_ids()))
        assert got == Counter({(LIKES, A, 200): 1, (LIKES, A, 250): 5, (LIKES, B, 300): 3,
                               (FOLLOWERS, C, 100): 1}), got
        assert sim.count("add") == 10

        with Workspace(data_dir) as ws:
            runs_a = ws.schedule_runs(a.id)
            sent = [r for r in runs_a if r.local_id is not None]
            # 09:00 Berlin time each day, winter and summer
            assert [r.due_at.astimezone(BERLIN).hour for r in sent] == [9] * 6
            assert [r.due_at.astimezone(BERLIN).day for r in sent] == [27, 28, 30, 31, 1, 2]
            [friday] = [r for r in runs_a if r.outcome is RunOutcome.MISSED]
            assert "paused" in (friday.message or "")
            runs_b = [r for r in ws.schedule_runs(b.id) if r.local_id is not None]
            assert [r.due_at.astimezone(BERLIN).hour for r in runs_b] == [18] * 3
            assert [r.due_at.astimezone(BERLIN).utcoffset() for r in runs_b][-1] == \
                timedelta(hours=2)  # Sunday's, in summer time
            assert ws.schedule(a.id).finished and ws.schedule(b.id).finished
            assert ws.schedule(c.id).finished
            final = {s.id: (s.runs_done, s.total) for s in ws.schedules()}
            assert final == {a.id: (6, 7), b.id: (3, 3), c.id: (1, 1)}
            alerts = ws.alerts(now=local(33, 12))
            assert not [al for al in alerts if al.kind is AlertKind.MISSED]
            [clock] = [al for al in alerts if al.kind is AlertKind.CLOCK]
            assert not clock.active  # the clock came back: the hold ended by itself
            assert all(o.submit_state is SubmitState.PLACED for o in ws.orders())
        print(f"week drill: {len(drill.placed)} placements reported by the timer processes, "
              f"{sim.count('add')} adds on the panel")
