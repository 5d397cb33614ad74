"""Status sync: 10,000 active orders against a 50 ms panel, and the GUI thread during a slow sync.

Keys:
  sync_10k_requests        requests one ``Workspace.sync_panel`` makes for 10,000 active
                           orders (the simulator's own request log).
  sync_10k_s               its wall time against ``PanelSimulator(latency=0.05)``; the simulated
                           clock is frozen (speed 0) so all 10,000 stay active on every run.
  sync_vs_per_order_ratio  10,000 (what a client asking one order at a time sends) ÷ ours.
  gui_max_stall_ms         the longest gap between ticks of a 5 ms QTimer on the GUI thread,
                           minus 5 ms, while a sync of 500 orders runs through ui.tasks.TaskRunner
                           against a panel that answers after 2 s (5 requests, ~10 s per run).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import figure  # noqa: E402  (sets QT_QPA_PLATFORM)

ORDERS = 10_000
SYNC_RUNS = 3
STALL_ORDERS = 500
STALL_RUNS = 3
PROBE_MS = 5


def _prepare(ws, sim, n: int) -> str:
    panel = ws.add_panel("Bench", sim.url, sim.key)
    ws.refresh_services(panel.id)
    svc = ws.service(panel.id, 1)
    assert svc is not None
    remote = [sim.place_direct(svc.id, f"https://instagram.com/p/b{i}", svc.min) for i in range(n)]
    ws.store.orders.bulk_insert_placed(
        panel.id, svc, ((rid, f"https://instagram.com/p/b{i}", svc.min)
                        for i, rid in enumerate(remote)))
    return panel.id


def bench_sync(root: Path) -> dict[str, object]:
    from smmdesk.demo.server import PanelSimulator
    from smmdesk.workspace import Workspace

    times: list[float] = []
    requests: list[int] = []
    with PanelSimulator(services=50, key="bench-sync-key-0123456789", speed=0.0) as sim:
        ws = Workspace(root / "sync")
        try:
            pid = _prepare(ws, sim, ORDERS)
            sim.latency = 0.05
            for _ in range(SYNC_RUNS):
                sim.clear_log()
                t0 = time.perf_counter()
                report = ws.sync_panel(pid, force=True).report
                times.append(time.perf_counter() - t0)
                assert report.checked == ORDERS and not report.errors, report
                assert len(ws.store.orders.active_orders(pid)) == ORDERS
                requests.append(sim.count("status"))
        finally:
            ws.close()
    worst = max(requests)
    return {
        "sync_10k_requests": worst,
        "sync_10k_s": figure(times),
        "sync_vs_per_order_ratio": ORDERS / worst,
    }


def bench_stall(root: Path) -> dict[str, object]:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from smmdesk.demo.server import PanelSimulator
    from smmdesk.workspace import Workspace
    from ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    stalls: list[float] = []
    with PanelSimulator(services=50, key="bench-stall-key-0123456789", speed=0.0) as sim:
        ws = Workspace(root / "stall")
        runner = TaskRunner()
        try:
            pid = _prepare(ws, sim, STALL_ORDERS)
            sim.latency = 2.0
            for _ in range(STALL_RUNS):
                done: list[object] = []
                gaps: list[float] = []
                clock = QElapsedTimer()
                last = [0]

                def tick(gaps=gaps, clock=clock, last=last) -> None:
                    now = clock.nsecsElapsed()
                    gaps.append((now - last[0]) / 1e6)
                    last[0] = now

                probe = QTimer()
                probe.setTimerType(probe.timerType().PreciseTimer)
                probe.setInterval(PROBE_MS)
                probe.timeout.connect(tick)
                clock.start()
                last[0] = clock.nsecsElapsed()
                probe.start()
                runner.submit(ws.sync_panel, pid, panel_id=pid, with_stop=True,
                              on_result=done.append, on_error=done.append, force=True)
                deadline = time.monotonic() + 120
                while not done and time.monotonic() < deadline:
                    app.processEvents()
                    time.sleep(0.001)  # the bench's own loop; the probe runs inside processEvents
                probe.stop()
                assert done and not isinstance(done[0], BaseException), done
                assert sim.count("status") > 0
                stalls.append(max(0.0, max(gaps) - PROBE_MS))
        finally:
            runner.shutdown()
            ws.close()
    return {"gui_max_stall_ms": figure(stalls)}


def main() -> int:
    import keyring
    from keyring.backends import null

    keyring.set_keyring(null.Keyring())  # keys stay in this process's memory
    with tempfile.TemporaryDirectory(prefix="smmdesk-bench-") as tmp:
        root = Path(tmp)
        result = bench_sync(root)
        result.update(bench_stall(root))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
