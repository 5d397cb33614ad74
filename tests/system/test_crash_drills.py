"""Crash drill: SIGKILL at N random moments across a scripted session, reopening after each.

A child process runs an endless session against a real simulator — refresh services, place
orders, sync statuses — on one data dir that lives across all the kills (a person whose machine
keeps dying). The parent kills it at a random moment (seeded), then reopens the data dir and
checks:

* the database is intact (``PRAGMA integrity_check``);
* every order the child saw committed (it prints after ``place_order`` returned) is still there,
  with the same outcome and remote id;
* every order the panel received (the simulator's request log) exists locally as PLACED or
  UNCERTAIN — never lost, never REJECTED — so the app can never invite a duplicate purchase;
* nothing is left SUBMITTING: an interrupted placement comes back UNCERTAIN;
* the services cache is whole (a refresh is one transaction).

``SMMDESK_CRASH_KILLS`` sets how many kills (default 50; CI may use fewer but at least 10).
The narrower SIGKILL tests of one placement and one sync live in tests/test_crash.py.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import SubmitState
from smmdesk.store import DB_NAME
from smmdesk.workspace import Workspace
from tests.system.kill_support import drill_timeout, run_and_kill

KEY = "crash-drill-key-9d1e4b7a2c"
SERVICES = 60
KILLS = max(10, int(os.environ.get("SMMDESK_CRASH_KILLS", "50")))
SEED = int(os.environ.get("SMMDESK_CRASH_SEED", "20261126"))

# The child: no pytest, no Qt; the key arrives in the environment, never on the command line.
CHILD = r"""
import os, sys
import keyring
from keyring.backends import null
keyring.set_keyring(null.Keyring())  # keys in this process's memory only
from smmdesk.workspace import Workspace

data_dir, panel_id, start = sys.argv[1], sys.argv[2], int(sys.argv[3])
ws = Workspace(data_dir)
ws.secrets.set(panel_id, os.environ["SMMDESK_TEST_KEY"])
print("ready", flush=True)
i = start
while True:
    step = i % 5
    if step == 0:
        ws.refresh_services(panel_id)
        print("refreshed", flush=True)
    elif step == 4:
        ws.sync_panel(panel_id, force=True)
        print("synced", flush=True)
    else:
        link = f"https://instagram.com/crash{i}"
        print(f"placing {link}", flush=True)
        o = ws.place_order(panel_id, 1, {"link": link, "quantity": "100"})
        print(f"placed {o.id} {o.submit_state.value} {o.remote_id} {link}", flush=True)
    i += 1
"""


def _prepare(data_dir: Path, sim: PanelSimulator) -> str:
    with Workspace(data_dir) as ws:
        panel = ws.add_panel("Crash", sim.url, sim.key)
        ws.refresh_services(panel.id)
        ws.balance(panel.id)
        return panel.id


def _run_and_kill(data_dir: Path, panel_id: str, start: int, mode: str,
                  delay: float) -> list[str]:
    """Run a session and SIGKILL it. ``mode``: "open" — ``delay`` after spawn (while the store
    opens and converts SUBMITTING rows); "placing" — ``delay`` after the child says it is
    sending an order; "session" — ``delay`` after it is ready. Lines are read as they come
    (a blocking read is the signal: no polling)."""
    wanted = None if mode == "open" else ("placing" if mode == "placing" else "ready")
    return run_and_kill(CHILD, [str(data_dir), panel_id, str(start)], key=KEY, wait_for=wanted,
                        delay=delay)


@pytest.mark.slow
@drill_timeout(KILLS)
def test_sigkill_at_random_moments(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    data_dir = tmp_path / "data"
    committed: dict[str, tuple[int, str, str]] = {}  # link -> (local id, submit state, remote)
    stats = {"ready": 0, "mid_place": 0, "uncertain_after": 0}
    with PanelSimulator(services=SERVICES, key=KEY, speed=600.0, latency=0.005) as sim:
        panel_id = _prepare(data_dir, sim)
        step = 1
        for kill in range(KILLS):
            # Every 5th kill lands while the store opens, every 5th just after an order left,
            # the rest anywhere in the session (refresh, placing, sync, commits).
            mode = ("open", "placing", "session", "session", "session")[kill % 5]
            delay = rng.uniform(0.0, 0.5) if mode == "open" else (
                rng.uniform(0.0, 0.03) if mode == "placing" else rng.uniform(0.0, 0.8))
            lines = _run_and_kill(data_dir, panel_id, step, mode, delay)
            in_flight: str | None = None
            for line in lines:
                words = line.split()
                if line == "ready":
                    stats["ready"] += 1
                elif words[:1] == ["placing"]:
                    in_flight = words[1]
                elif words[:1] == ["placed"]:
                    committed[words[4]] = (int(words[1]), words[2], words[3])
                    in_flight = None
                if words[:1] in (["placed"], ["refreshed"], ["synced"]):
                    step += 1  # the next session goes on where this one got to
            if in_flight is not None:
                stats["mid_place"] += 1
                step += 1  # never reuse a link: the next session goes on with the next step

            # ---- reopen, as the app does on its next start
            assert (data_dir / DB_NAME).exists()
            with Workspace(data_dir) as ws:
                assert ws.store.db.integrity_check() == ["ok"], f"kill {kill}"
                orders = {o.link: o for o in ws.orders()}
                for link, (local_id, state, remote) in committed.items():
                    o = orders.get(link)
                    assert o is not None and o.id == local_id, f"kill {kill}: lost {link}"
                    assert o.submit_state.value == state, (kill, link, o)
                    assert str(o.remote_id) == remote, (kill, link, o)
                assert all(o.submit_state is not SubmitState.SUBMITTING for o in orders.values())
                sent = {r.params.get("link") for r in sim.requests if r.action == "add"}
                for link in sent:
                    o = orders.get(link)
                    assert o is not None, f"kill {kill}: the panel has {link}, the app lost it"
                    assert o.submit_state in (SubmitState.PLACED, SubmitState.UNCERTAIN), o
                if in_flight is not None and in_flight in orders:
                    o = orders[in_flight]
                    if o.submit_state is SubmitState.UNCERTAIN:
                        stats["uncertain_after"] += 1
                        assert o.remote_id is None
                rows = ws.services(panel_id)
                assert len(rows) == SERVICES, f"kill {kill}: {len(rows)} services"
    # The drill really exercised the interesting moments, not just start-up.
    assert stats["ready"] >= KILLS * 4 // 5, stats
    assert stats["mid_place"] >= KILLS // 10, stats
    assert len(committed) >= KILLS // 2, (stats, len(committed))
    print(f"crash drill: {KILLS} kills, {len(committed)} orders committed, {stats}")
