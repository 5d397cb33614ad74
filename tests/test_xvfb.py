"""A real window on a real X server: start Xvfb, open the demo, type a search, take a screenshot."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.xvfb


def free_display() -> int:
    for n in range(91, 300):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    pytest.fail("no free X display number")


def wait_for(predicate, timeout: float, what: str, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"process exited ({proc.returncode}) while waiting for {what}")
        time.sleep(0.1)  # polling another process: there is no Qt event loop here
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def xserver(tmp_path):
    for tool in ("Xvfb", "xdotool", "import"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (make system-deps)")
    n = free_display()
    log = open(tmp_path / "xvfb.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        ["Xvfb", f":{n}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: Path(f"/tmp/.X11-unix/X{n}").exists(), 15, "the Xvfb socket", proc)
        yield f":{n}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def x(display: str, *args: str) -> str:
    out = subprocess.run(
        args, env={**os.environ, "DISPLAY": display}, capture_output=True, text=True, timeout=30
    )
    return out.stdout.strip()


def distinct_colours(png: Path) -> int:
    out = subprocess.run(
        ["identify", "-format", "%k", str(png)], capture_output=True, text=True, timeout=60
    )
    return int(out.stdout.strip() or 0)


def test_real_window_demo_search_and_screenshot(xserver, tmp_path):
    data = tmp_path / "data"
    log_file = data / "logs" / "smmdesk.log"
    env = {
        **os.environ,
        "DISPLAY": xserver,
        "QT_QPA_PLATFORM": "xcb",
        "QT_ACCESSIBILITY": "0",
        "SMMDESK_DATA_DIR": str(data),
    }
    app_log = open(tmp_path / "app.out", "w")  # noqa: SIM115 - closed below
    app = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "--lang", "en", "--demo"],
        cwd=ROOT,
        env=env,
        stdout=app_log,
        stderr=subprocess.STDOUT,
    )

    def log_text() -> str:
        return log_file.read_text(errors="replace") if log_file.exists() else ""

    try:
        wait_for(lambda: "services shown: 500 rows" in log_text(), 60, "the demo services", app)
        window = ""
        for _ in range(50):
            window = x(xserver, "xdotool", "search", "--onlyvisible", "--name", "SMM Desk")
            if window:
                break
            time.sleep(0.1)
        assert window, "the main window is not on the X server"
        wid = window.splitlines()[0]
        x(xserver, "xdotool", "windowfocus", "--sync", wid)
        # Real key events through the X server: Ctrl+F, then type a search.
        x(xserver, "xdotool", "key", "--window", wid, "ctrl+f")
        x(xserver, "xdotool", "type", "--delay", "30", "instagram")
        wait_for(
            lambda: any(
                "filter applied ('instagram')" in line and " 500 of" not in line
                for line in log_text().splitlines()
            ),
            20,
            "the typed search to filter the table",
            app,
        )
        # The other process repaints after filtering: take shots until two in a row agree.
        shot = tmp_path / "shot.png"
        previous = b""
        for _ in range(50):
            x(xserver, "import", "-window", "root", str(shot))
            current = shot.read_bytes()
            if current == previous:
                break
            previous = current
            time.sleep(0.1)  # polling another process's screen
        assert shot.exists() and shot.stat().st_size > 10_000
        assert distinct_colours(shot) > 50, "the screenshot looks blank"
    finally:
        app.terminate()
        try:
            app.wait(20)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
        app_log.close()
    out = (tmp_path / "app.out").read_text(errors="replace")
    assert "Traceback" not in out, out
    assert "already deleted" not in out, out
    assert app.returncode == 0, out
