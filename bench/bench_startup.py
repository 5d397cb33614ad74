"""Start-up: a fresh ``python main.py --data-dir D`` process to the main window shown, with
50,000 services and 100,000 orders cached in D (offscreen platform). Median of 5.

Keys:
  startup_to_window_s    parent's ``Popen`` to the child's "window-shown" line (the first event
                         loop turn after ``MainWindow.show()``).
  startup_to_services_s  the same process until the 50,000 cached services are in the table
                         (``MainWindow.servicesShown``): when the window is really usable (info).
  app_rss_mb             the whole app's resident memory at that moment (info; ``rss_mb`` in
                         bench_services.py is the in-process figure with a target).

When main.py/ui/app.py honour ``SMMDESK_EXIT_WHEN_SHOWN=1`` (print ``window-shown`` and quit
after the window is shown) the child is exactly ``python main.py --data-dir D``. Until then the
child runs main.py through ``runpy`` with a ``MainWindow.showEvent`` patch that prints the same
line: same imports, same code path, a few lines of bootstrap more.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import figure  # noqa: E402
from bench.fixtures import make_data_dir  # noqa: E402

RUNS = 5
LIMIT_S = 180.0  # one start-up, at most
HOOK_ENV = "SMMDESK_EXIT_WHEN_SHOWN"

# The child: main.py unchanged, plus a showEvent patch that reports and, once the services are
# in the table, reports the memory and quits.
BOOTSTRAP = r"""
import os, runpy, sys
sys.path.insert(0, os.getcwd())
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import ui.shell.main_window as mw

_show = mw.MainWindow.showEvent

def _rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return -1.0

_WANT = int(os.environ.get("SMMDESK_BENCH_SERVICES", "50000"))
# Settled memory (bench_scale.py): stay this many seconds after the services are shown, until
# the comparison indexes are ready too, then report the memory.
_SETTLE = float(os.environ.get("SMMDESK_BENCH_SETTLE_S", "0"))

_shown = []
_settling = []  # when the services were shown, then how long the comparison took

def _window_shown():
    if not _shown:
        _shown.append(1)
        print("window-shown", flush=True)

def _services(n):
    if n >= _WANT and not _settling:
        # The services can be in before the turn after show() (they are read while the
        # window is built): the window was shown by then.
        _window_shown()
        print(f"services-shown {n} {_rss():.1f}", flush=True)
        if _SETTLE <= 0:
            QApplication.instance().quit()
            return
        import time
        _settling.append(time.monotonic())
        window = _windows[0]
        def check():
            now = time.monotonic() - _settling[0]
            if len(_settling) == 1 and window.workspace.compare_ready():
                _settling.append(now)
                print(f"compare-ready {now:.3f}", flush=True)
            if len(_settling) == 2 and now >= _SETTLE:
                print(f"settled {_rss():.1f}", flush=True)
                QApplication.instance().quit()
        timer = QTimer(window)
        timer.timeout.connect(check)
        timer.start(250)

_windows = []

def showEvent(self, event):
    _show(self, event)
    if not getattr(self, "_bench_seen", False):
        self._bench_seen = True
        _windows.append(self)
        QTimer.singleShot(0, _window_shown)
        self.servicesShown.connect(_services)

mw.MainWindow.showEvent = showEvent
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path("main.py", run_name="__main__")
"""


def _log_tail(data_dir: Path, lines: int = 12) -> str:
    """The end of the app's own log (its stderr is not read): why a child gave up."""
    logs = sorted((data_dir / "logs").glob("*.log*"), key=lambda p: p.stat().st_mtime)
    if not logs:
        return ""
    text = logs[-1].read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    return "; its log ends:\n" + "\n".join(text)


def has_hook() -> bool:
    for name in ("main.py", "ui/app.py"):
        p = ROOT / name
        if p.exists() and HOOK_ENV in p.read_text(encoding="utf-8"):
            return True
    return False


def one_run(data_dir: Path, hooked: bool, services: int = 50_000,
            ) -> tuple[float, float | None, float | None]:
    shown, services_at, rss, _settled = run_child(data_dir, hooked, services)
    return shown, services_at, rss


def run_child(data_dir: Path, hooked: bool, services: int = 50_000, settle_s: float = 0.0,
              ) -> tuple[float, float | None, float | None, tuple[float, float] | None]:
    """One start-up: (window shown, services shown, memory then, and with ``settle_s`` the
    seconds from the services to the comparison indexes ready and the memory ``settle_s``
    after the services, once the indexes are ready)."""
    services_wanted = services
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        # Never touch the real keyring of whoever runs the bench.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "PYTHONPATH": str(ROOT),
        "SMMDESK_LANG": "en",
        "SMMDESK_BENCH_SERVICES": str(services),
        "SMMDESK_BENCH_SETTLE_S": str(settle_s),
    }
    # As installed (pip compiles, the frozen bundle ships bytecode): the warm-up run writes
    # the bytecode cache the measured runs read, even where the caller's shell says not to.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if hooked:
        env[HOOK_ENV] = "1"
        cmd = [sys.executable, "main.py", "--data-dir", str(data_dir)]
    else:
        cmd = [sys.executable, "-c", BOOTSTRAP, "--data-dir", str(data_dir)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    shown = services = rss = None
    compare_ready = settled = None
    # An app that never reports (it showed fewer services than asked, or hung) is stopped
    # after LIMIT_S rather than leaving the bench waiting on its output for ever.
    watchdog = threading.Timer(LIMIT_S + settle_s, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            now = time.perf_counter() - t0
            if line.startswith("window-shown") and shown is None:
                shown = now
                if hooked:
                    break
            elif line.startswith("services-shown"):
                services = now
                rss = float(line.split()[2])
                if settle_s <= 0:
                    break
            elif line.startswith("compare-ready"):
                compare_ready = float(line.split()[1])
            elif line.startswith("settled"):
                settled = float(line.split()[1])
                break
    finally:
        watchdog.cancel()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if shown is None:
        raise SystemExit(f"the app never reported its window (exit {proc.returncode})"
                         + _log_tail(data_dir))
    if services is None and not hooked:
        raise SystemExit(f"the app never showed its {services_wanted} services within "
                         f"{LIMIT_S:.0f} s (exit {proc.returncode})")
    if settle_s > 0 and (compare_ready is None or settled is None):
        raise SystemExit(f"the app never settled (comparison ready: {compare_ready})"
                         + _log_tail(data_dir))
    return shown, services, rss, (None if settled is None or compare_ready is None
                                  else (compare_ready, settled))


def main() -> int:
    hooked = has_hook()
    with tempfile.TemporaryDirectory(prefix="smmdesk-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        make_data_dir(data_dir, services=50_000, orders=100_000)
        one_run(data_dir, hooked)  # warm the OS file cache: every measured run starts warm
        runs = [one_run(data_dir, hooked) for _ in range(RUNS)]
    result: dict[str, object] = {"startup_to_window_s": figure([r[0] for r in runs])}
    if all(r[1] is not None for r in runs):
        result["startup_to_services_s"] = figure([r[1] for r in runs])  # type: ignore[misc]
        result["app_rss_mb"] = figure([r[2] for r in runs])  # type: ignore[misc]
    if not hooked:
        print(f"note: main.py has no {HOOK_ENV} hook; measured through a runpy bootstrap",
              file=sys.stderr)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
