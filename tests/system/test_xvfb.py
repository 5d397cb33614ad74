"""A real window on a real X server: start Xvfb, open the demo, type a search, take a screenshot."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.xvfb_support import wait_for

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.xvfb


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
        window = wait_for(
            lambda: x(xserver, "xdotool", "search", "--onlyvisible", "--name", "SMM Desk"),
            5, "the main window on the X server", app)
        wid = str(window).splitlines()[0]
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
