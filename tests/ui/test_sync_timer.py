"""The app's status timer only asks the core what is due: a failing panel is asked at most as
the core's back-off allows while the app runs, a healthy one once per interval (an injected
clock drives the back-off; the timer's own path, the session model's ``StatusSync._tick``,
places the syncs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.workspace import Workspace
from ui.session import SessionModel
from ui.tasks import TaskRunner


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def sims() -> Iterator[tuple[PanelSimulator, PanelSimulator]]:
    with PanelSimulator(services=20, key="down-key-0123456789abcdef", speed=0) as down, \
            PanelSimulator(services=20, key="good-key-0123456789abcdef", speed=0) as good:
        yield down, good


def _panel(ws: Workspace, sim: PanelSimulator, name: str) -> str:
    panel = ws.add_panel(name, sim.url, sim.key)
    ws.refresh_services(panel.id)
    ws.place_order(panel.id, 1, {"link": f"https://instagram.com/{name}", "quantity": "100"})
    ws.client(panel.id).retries = 0  # one request per attempt: the count is the attempts
    return panel.id


def test_a_failing_panel_is_asked_only_when_its_back_off_allows_while_the_timer_runs(
        qtbot, ws: Workspace, runner: TaskRunner, sims) -> None:
    down_sim, good_sim = sims
    down, good = _panel(ws, down_sim, "down"), _panel(ws, good_sim, "good")
    down_sim.set_fault("html_503", actions=["status"])
    sync = SessionModel(ws, runner, interval_s=60).sync
    clock = FakeClock()
    sync.clock = clock
    start = clock.t
    asked_at: dict[str, list[float]] = {down: [], good: []}
    counts = {down: 0, good: 0}

    def tick() -> None:
        """What the QTimer does when it fires: the timer's own slot, then its re-arming."""
        sync._timer.timeout.emit()
        qtbot.waitUntil(lambda: not sync.busy, timeout=15_000)
        for pid, sim in ((down, down_sim), (good, good_sim)):
            n = sim.count("status")
            if n > counts[pid]:
                asked_at[pid].append(clock.t - start)
                counts[pid] = n

    sync.start()
    for _ in range(int(600 / 5) + 1):  # ten minutes of the app running, a tick every 5 s
        tick()
        assert sync.active  # the timer is always re-armed …
        assert 1_000 <= sync._timer.interval() <= 60_000  # … for at most one interval
        clock.t += 5

    # The failing panel: once at start, then after 30, 60, 120, 240 s — never more often.
    assert asked_at[down] == [0, 30, 90, 210, 450]
    assert sync.failures(down) == 5 and ws.sync_failures(down) == 5
    # The healthy panel: once per interval, whatever the ticks.
    assert asked_at[good] == [0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600]
    # The timer is armed for the back-off's end, which is what the footer promises.
    assert sync.next_try_in(down) == pytest.approx(450 + 480 - (clock.t - start))

    # F5 is the person asking: it is not held back.
    down_sim.clear_faults()
    with qtbot.waitSignal(sync.syncFinished, timeout=15_000):
        sync.refresh_now()
    qtbot.waitUntil(lambda: not sync.busy, timeout=15_000)
    assert down_sim.count("status") == counts[down] + 1 and sync.online(down) is True
    assert ws.sync_failures(down) == 0 and sync.next_try_in(down) == 60
    sync.stop()
