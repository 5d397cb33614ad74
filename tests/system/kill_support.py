"""Shared by the kill -9 drills: run a child Python, wait for one of its lines, SIGKILL it; and
what the person does after a crash, checking uncertain orders against the panel."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import LocalOrder, SubmitState
from smmdesk.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]

# The drills' deadlock guard per kill (pytest-timeout, instead of the suite's 120 s for the whole
# drill): each kill starts a fresh Python that imports the app and opens the store. Alone on
# the 2 shared cores that is ~2 s a kill; under two full suites at once it was more, and a
# 50-kill drill crossed 120 s with nothing stuck. Time is not what a drill checks.
SECONDS_PER_KILL = 15


def drill_timeout(kills: int) -> pytest.MarkDecorator:
    """pytest-timeout's limit for a drill of ``kills`` kills (see SECONDS_PER_KILL)."""
    return pytest.mark.timeout(60 + kills * SECONDS_PER_KILL)


def resolve_from_the_panel(ws: Workspace, sim: PanelSimulator) -> list[LocalOrder]:
    """The person checks each uncertain order on the panel — its orders of that link that no
    local order holds — and records what is there (placed as that order, or not placed).
    Returns the orders resolved."""
    held = {o.remote_id for o in ws.orders() if o.remote_id is not None}
    free: dict[str, list[int]] = {}
    for rid in sim.order_ids():
        if rid not in held:
            free.setdefault(sim.order_info(rid)["link"], []).append(rid)
    done = []
    for o in sorted(ws.orders(), key=lambda o: o.id):
        if o.submit_state is SubmitState.UNCERTAIN:
            found = free.get(o.link or "", [])
            done.append(ws.resolve_uncertain(o.id, found.pop(0) if found else None,
                                             accept_mismatch=True))
    return done


def run_and_kill(script: str, args: list[str], *, key: str, wait_for: str | None,
                 delay: float) -> list[str]:
    """Start ``python -c script *args`` (the key in ``$SMMDESK_TEST_KEY``); when ``wait_for`` is
    given, read its output until a line starts with it (a blocking read is the signal: no
    polling); then give it ``delay`` seconds and SIGKILL it. Returns every line it printed.
    Fails if the child ended by itself."""
    env = {**os.environ, "SMMDESK_TEST_KEY": key, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    assert proc.stdout is not None
    seen: list[str] = []
    try:
        if wait_for is not None:
            for line in proc.stdout:
                seen.append(line.rstrip("\n"))
                if line.startswith(wait_for):
                    break
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        out = proc.stdout.read()
    finally:
        # Whatever stopped the drill (a failed check, pytest-timeout), no child outlives it:
        # a stray one would keep writing to the data dir the next check reads.
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        proc.stdout.close()
    text = "\n".join(seen) + "\n" + out
    assert proc.returncode == -signal.SIGKILL, f"child ended by itself ({proc.returncode}):\n{text}"
    return [ln for ln in text.splitlines() if ln]
