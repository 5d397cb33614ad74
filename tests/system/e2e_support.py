"""What the end-to-end tests share (tests/system/test_e2e.py, test_e2e_books.py): the real app
started on an X server of its own (``running_app``), driven with xdotool (``X``), its log read
while it runs (``AppLog``), its orders read from its SQLite file, and quitting with Ctrl+Q.

Nothing here talks to the app except the X server, its log and its database (read-only).
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.xvfb_support import stop, window_manager
from tests.xvfb_support import wait_for as _wait_for

ROOT = Path(__file__).resolve().parents[2]
SEARCH = "instagram followers"  # what demo_order_form types
CONFIRM_TITLE = "Place this order"  # the confirmation box's window title (English), a regex
FINISHED = ("completed", "partial", "canceled")

# Every wait here is a bound on a deadlock, not a speed check: on 2 shared cores running two
# suites and others' work, the app's start or a repaint can take several times its usual time.
PATIENCE = 3


def wait_for(cond: Callable[[], object], timeout: float, *args: object, **kwargs: object
             ) -> object:
    return _wait_for(cond, timeout * PATIENCE, *args, **kwargs)  # type: ignore[arg-type]


CLIPBOARD_OWNER = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
app.clipboard().setText(sys.argv[1])
print("owning", flush=True)
app.exec()
"""
CLIPBOARD_READER = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
sys.stdout.buffer.write(app.clipboard().text().encode("utf-8"))
"""


class X:
    """xdotool / ImageMagick against one display."""

    def __init__(self, display: str, shots: Path) -> None:
        self.display = display
        self.shots = shots
        self.env = {**os.environ, "DISPLAY": display}
        self._owners: list[subprocess.Popen] = []

    def run(self, *args: str, timeout: float = 30) -> str:
        out = subprocess.run(
            args, env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        return out.stdout.strip()

    def key(self, *keys: str) -> None:
        self.run("xdotool", "key", "--delay", "40", *keys)

    def type(self, text: str) -> None:
        self.run("xdotool", "type", "--delay", "25", text)

    def visible_windows(self, name: str) -> list[str]:
        return self.run("xdotool", "search", "--onlyvisible", "--name", name).split()

    def geometry(self, wid: str) -> tuple[int, int, int, int]:
        out = self.run("xdotool", "getwindowgeometry", "--shell", wid)
        values = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        return tuple(int(values.get(k, -1)) for k in ("X", "Y", "WIDTH", "HEIGHT"))  # type: ignore[return-value]

    def focus(self, wid: str) -> None:
        self.run("xdotool", "windowfocus", "--sync", wid, timeout=10)

    def frame(self) -> bytes:
        """The whole screen as raw RGB (for "has it changed / settled" checks)."""
        out = subprocess.run(
            ["import", "-window", "root", "-depth", "8", "rgb:-"],
            env=self.env, capture_output=True, timeout=30, check=False,
        )
        return out.stdout

    def screenshot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.run("import", "-window", "root", str(path))
        return path

    def settled(self, changed_from: bytes | None, timeout: float, what: str,
                proc: subprocess.Popen | None = None, frames: int = 3) -> bytes:
        """Wait until the screen differs from ``changed_from`` (when given) and then stays the
        same across ``frames`` captures: the other process has handled our input and repainted."""
        state: dict[str, object] = {"same": 0, "prev": None}

        def check() -> bool:
            now = self.frame()
            digest = hashlib.sha1(now).digest()
            state["same"] = state["same"] + 1 if digest == state["prev"] else 1  # type: ignore[operator]
            state["prev"], state["frame"] = digest, now
            if changed_from is not None and now == changed_from:
                state["same"] = 0
                return False
            return state["same"] >= frames  # type: ignore[operator]

        wait_for(check, timeout, what, proc, on_timeout=self.evidence(what))
        return state["frame"]  # type: ignore[return-value]

    def clipboard(self) -> str:
        """The X clipboard's text, asked of its owner (the app) by a separate little X client:
        what the app copied, as it was on its screen."""
        out = subprocess.run([sys.executable, "-c", CLIPBOARD_READER], env={
            **self.env, "QT_QPA_PLATFORM": "xcb", "QT_ACCESSIBILITY": "0"},
            capture_output=True, timeout=60, check=False)
        return out.stdout.decode("utf-8", errors="replace")

    def paste(self, text: str) -> None:
        """Ctrl+V with ``text`` on the X clipboard, held by a little X client until the app has
        read it. (Typed with xdotool, a letter missing from the keyboard map — Ü, İ, Ç — goes
        through a scratch key that xdotool remaps and restores at once; on a loaded machine the
        app reads the map after the restore and gets another letter, or none.)"""
        owner = subprocess.Popen([sys.executable, "-c", CLIPBOARD_OWNER, text], env={
            **self.env, "QT_QPA_PLATFORM": "xcb", "QT_ACCESSIBILITY": "0"},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            assert owner.stdout is not None
            assert owner.stdout.readline().strip() == "owning", "the clipboard owner did not start"
            wait_for(lambda: self.clipboard() == text, 20, "the clipboard to hold the text")
            self.key("ctrl+v")  # the app asks the owner for the text; it answers until released
        finally:
            self._owners.append(owner)

    def release_clipboard(self) -> None:
        for owner in self._owners:
            owner.terminate()
            owner.wait(10)
            if owner.stdout:
                owner.stdout.close()
        self._owners.clear()

    def evidence(self, what: str) -> Callable[[], str]:
        def save() -> str:
            slug = re.sub(r"[^a-z0-9]+", "-", what.lower()).strip("-")[:40]
            return f" (screen saved as {self.screenshot('timeout-' + slug)})"

        return save


class AppLog:
    """The log of the app under test, read while it runs; with ``SMMDESK_LOG_FOCUS=1`` it holds
    every focus change (object names only)."""

    def __init__(self, x: X, app: subprocess.Popen, log_file: Path) -> None:
        self.x, self.app, self.file = x, app, log_file

    def text(self) -> str:
        return self.file.read_text(errors="replace") if self.file.exists() else ""

    def tail(self) -> str:
        return "\nlast log lines:\n" + "\n".join(self.text().splitlines()[-15:])

    def focus_now(self) -> str:
        lines = re.findall(r"ui\.focus: focus: (.*)", self.text())
        return lines[-1].strip() if lines else ""

    def demo_order_form(self) -> None:
        """From the welcome page with the keyboard: the demo panel, a search, Tab into the
        table, Tab to "Order…", Enter: the order form, its Link field focused."""
        x, app, focus_on = self.x, self.app, self.focus_on
        wait_for(lambda: "SMM Desk" in self.text() and "started" in self.text(), 60,
                 "the app to start", app, self.tail)
        windows = wait_for(lambda: [w for w in x.visible_windows("SMM Desk")
                                    if x.geometry(w)[2] > 200], 30, "the window", app)
        x.run("xdotool", "windowactivate", "--sync", windows[0],  # type: ignore[index]
              timeout=10)
        # -- the welcome page: Tab to "Try the demo panel", Enter (not only Space)
        focus_on("connect_panel", "the welcome page's first button")
        x.key("Tab")
        focus_on("try_demo", "Tab to the demo button")
        x.key("Return")
        wait_for(lambda: "services shown: 500 rows" in self.text(), 90,
                 "the demo's services", app, self.tail)
        focus_on("search", "demo started: the search box")
        # -- search, Tab into the table, Tab to "Order…" beside the service, Enter
        x.type(SEARCH)
        pattern = re.compile(rf"filter applied \('{SEARCH}'\): (\d+) of 500 rows")
        wait_for(lambda: pattern.findall(self.text()), 20, "the search", app, self.tail)
        x.key("Tab", "Tab", "Tab", "Tab")
        focus_on("services_table", "Tab through the filters into the table")
        x.key("Tab")
        focus_on("order_service", "Tab from the table to Order…")
        x.key("Return")
        focus_on("link", "the order form's first field")

    def place_and_confirm(self, screenshot: str = "") -> int:
        """Enter on Place order, Enter in the confirmation box (which has the focus; saved as
        ``screenshot`` when named): the order placed, the box closed, the focus on the result's
        Show in history. Returns the order's local id."""
        x, app = self.x, self.app
        x.key("Return")
        wait_for(lambda: x.visible_windows(CONFIRM_TITLE), 20, "the confirmation box", app,
                 x.evidence("confirmation box"))
        self.focus_on("QMessageBox/", "the confirmation box has the focus")
        if screenshot:
            x.screenshot(screenshot)
        x.key("Return")
        placed_re = re.compile(r"order (\d+) placed on panel \S+ as #(\d+)")
        placed = wait_for(lambda: placed_re.findall(self.text()), 30, "the order", app,
                          self.tail)
        wait_for(lambda: not x.visible_windows(CONFIRM_TITLE), 10, "the box to close", app)
        self.focus_on("show_in_history", "order placed: the result's Show in history")
        return int(placed[0][0])  # type: ignore[index]

    def focus_on(self, name: str, what: str, timeout: float = 20) -> str:
        """Wait until the focus is on the widget named ``name`` (the last part of its path, or
        any part when ``name`` ends with "/")."""
        def there() -> str:
            path = self.focus_now()
            parts = path.split("/")
            hit = name.rstrip("/") in parts if name.endswith("/") else parts[-1] == name
            return path if hit else ""

        return wait_for(there, timeout, f"the focus on {name} ({what})", self.app,
                        lambda: f"; it is on {self.focus_now()!r}" + self.tail()
                        + self.x.evidence(what)())  # type: ignore[return-value]


def quit_with_ctrl_q(x: X, app: subprocess.Popen) -> None:
    """Quit like a person (Ctrl+Q); the app must be gone within 30 s, with exit code 0."""
    x.key("ctrl+q")
    try:
        app.wait(30)
    except subprocess.TimeoutExpired:
        app.send_signal(signal.SIGTERM)
        app.wait(20)
        pytest.fail("Ctrl+Q did not quit the app within 30 s (SIGTERM did)")
    assert app.returncode == 0, f"exit code {app.returncode}"


# ------------------------------------------------------------------------------- the app running
@dataclass
class RunningApp:
    x: X
    proc: subprocess.Popen
    log: AppLog
    data: Path
    output: Path  # its stdout and stderr
    started: float  # time.monotonic() at its start

    def output_text(self) -> str:
        return self.output.read_text(errors="replace")

    def order_state(self, local_id: int) -> str | None:
        """The order's state as the app's database holds it now (read-only)."""
        row = self.query("SELECT state FROM orders WHERE id = ?", local_id)
        return row[0] if row else None

    def query(self, sql: str, *args: object) -> tuple | None:
        conn = sqlite3.connect(f"file:{self.data / 'smmdesk.sqlite3'}?mode=ro", uri=True,
                               timeout=10)
        try:
            return conn.execute(sql, args).fetchone()
        finally:
            conn.close()

    def refresh_until(self, local_id: int, states: tuple[str, ...], limit: float) -> None:
        """F5 (check the statuses) until the order's state is one of ``states``; ``limit``
        seconds in all (a bound on a demo that never finishes, not a speed check)."""
        deadline = time.monotonic() + limit
        while self.order_state(local_id) not in states:
            assert time.monotonic() < deadline, (
                f"the order did not reach {states}: {self.order_state(local_id)}"
                f"{self.log.tail()}")
            self.x.key("F5")
            asked = time.monotonic()
            while self.order_state(local_id) not in states and time.monotonic() < asked + 2:
                time.sleep(0.1)  # polling the other process (its status check)


@contextmanager
def running_app(display: str, tmp_path: Path, *args: str, focus_log: bool = False,
                window_manager_too: bool = False) -> Iterator[RunningApp]:
    """``python main.py --data-dir <tmp>/data --lang en *args`` on ``display`` (with openbox when
    ``window_manager_too``; ``SMMDESK_LOG_FOCUS=1`` when ``focus_log``); screenshots go to
    <tmp>/screens. Stopped at the end, however the test went; when it went well, neither its
    output nor its log holds a Traceback."""
    data = tmp_path / "data"
    shots = tmp_path / "screens"
    shots.mkdir()
    x = X(display, shots)
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "QT_ACCESSIBILITY": "0",
           "SMMDESK_COLOR_SCHEME": "light", "SMMDESK_DATA_DIR": str(data)}
    env.pop("SMMDESK_LANG", None)
    if focus_log:
        env["SMMDESK_LOG_FOCUS"] = "1"
    out_path = tmp_path / "app.out"
    manager = (window_manager(display, tmp_path / "openbox.log") if window_manager_too
               else nullcontext())
    with manager, open(out_path, "w") as app_out:
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "--lang", "en",
             *args],
            cwd=ROOT, env=env, stdout=app_out, stderr=subprocess.STDOUT,
        )
        app = RunningApp(x, proc, AppLog(x, proc, data / "logs" / "smmdesk.log"), data,
                         out_path, started)
        try:
            yield app
        finally:
            x.release_clipboard()
            stop(proc)
    output = app.output_text()
    assert "Traceback" not in output, output
    assert "Traceback" not in app.log.text(), app.log.tail()
