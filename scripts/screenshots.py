#!/usr/bin/env python3
"""Screenshots of SMM Desk's main views, in English and Turkish, for the README.

    make screenshots            # or: .venv/bin/python scripts/screenshots.py [--lang en tr]

Starts its own Xvfb on a free display, and for each language runs the real app as a separate
process (``python main.py --data-dir <tmp> --demo --lang <lang>``) and drives it only with real
input events (xdotool): Ctrl+F and a search, Tab into the table and Enter on a service, the
order form filled and placed, "Show in history", Ctrl+4, and Panel > Add panel with a key
typed into the (masked) key field. Saves ``docs/screenshots/<view>-<lang>.png``:
services, order, orders, spending, panel-dialog.

Before the app starts, a few demo orders are placed through the core (``smmdesk.workspace``,
no GUI) and the demo panel's clock is moved on, so the history shows finished, partial and
running orders, not only "Pending". When ``dbus-run-session`` and ``gnome-keyring-daemon`` are
installed, everything runs in a private D-Bus session with a throwaway keyring, so the app
uses a real keyring and nothing touches yours.

Small screens (issue 24): ``--sizes`` (by default 1024x600 and 1366x768) also runs the real app
on an Xvfb of each size, its window filling the screen above a 32-px panel bar, and saves every
page and the tall dialogs as ``docs/screenshots/<size>/<view>-<lang>.png`` (the app is driven
through its own methods there: the layout at that size is what is shown).

Needs: Xvfb, xdotool, ImageMagick (``make system-deps``).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREEN = (1280, 800)
SIZES = ("1024x600", "1366x768")  # a netbook; the most common laptop screen
PANEL_BAR = 32  # a desktop's panel bar: the window gets the rest of the screen
SIZE_VIEWS = ("services", "order", "orders", "spending", "scheduled", "alerts",
              "preferences", "mass-order", "automation", "schedule-dialog")
IN_SESSION = "SMMDESK_SHOTS_IN_SESSION"
LANGS = ("en", "tr")
VIEWS = ("services", "order", "orders", "spending", "panel-dialog")
HISTORY_TABS = 5  # from the first status tab: search, date range, drip-feed, subscriptions, table
MAX_PNG_BYTES = 220_000  # above this a screenshot is reduced to a 256-colour palette

# What each language's run types (xdotool types Unicode text, Turkish letters included).
SCRIPT: dict[str, dict[str, str | int]] = {
    "en": {
        "search": "guaranteed",
        "down": 0,  # the first match: #1, Instagram followers (link + quantity)
        "link": "https://instagram.com/istanbulstreetfood",
        "quantity": "2500",
        "panel_name": "My main panel",
        "panel_url": "https://panel.example/api/v2",
    },
    "tr": {
        "search": "türk",
        "down": 2,  # to #21, Turkish followers
        "link": "https://instagram.com/kapadokya.balon",
        "quantity": "1000",
        "panel_name": "Ana panelim",
        "panel_url": "https://panel.example/api/v2",
    },
}
PANEL_KEY = "sk-3f9a1c7e52b84d06a1e2c4b7"  # a made-up key: typed, never shown (masked)

# The seeded history: (service id, link, quantity) in three batches, with the demo panel's
# clock moved on between them: finished / partial / canceled, running, and just placed.
SEED_BATCHES = (
    (
        (19, "https://instagram.com/istanbul.kahvecisi", 1000),
        (35, "https://x.com/smmdesk/status/1790000000000000000", 10000),
        (18, "https://instagram.com/p/C7xYz12AbCd", 500),
        (71, "https://tiktok.com/@dance.daily", 2000),
        (26, "https://instagram.com/p/C8aBc34DeFg", 300),
        (49, "https://youtube.com/watch?v=aqz-KE-bpKQ", 5000),
    ),
    (
        (34, "https://youtube.com/@cookingwithayse", 5000),
        (75, "https://tiktok.com/@dance.daily/video/7351234567890", 1000),
        (28, "https://t.me/smmdesk_news", 3000),
    ),
    ((52, "https://tiktok.com/@street.food.ank", 800),),
)
SEED_ADVANCE_S = (3 * 3600, 20 * 60, 0)


class ShotError(RuntimeError):
    pass


def say(text: str) -> None:
    print(text, flush=True)


def wait_for(predicate: Callable[[], object], timeout: float, what: str,
             proc: subprocess.Popen | None = None) -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            raise ShotError(f"the app exited ({proc.returncode}) while waiting for {what}")
        if time.monotonic() >= deadline:
            raise ShotError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)  # polling another process


# ------------------------------------------------------------------------------------ X server
def free_display() -> int:
    for n in range(91, 300):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise ShotError("no free X display number")


def start_xvfb(log: Path) -> tuple[subprocess.Popen, str]:
    out = open(log, "w")  # noqa: SIM115 - lives as long as Xvfb
    for _attempt in range(5):  # another Xvfb may take the same number meanwhile
        n = free_display()
        proc = subprocess.Popen(
            ["Xvfb", f":{n}", "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
            stdout=out, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 15
        while proc.poll() is None and time.monotonic() < deadline:
            if Path(f"/tmp/.X11-unix/X{n}").exists():
                return proc, f":{n}"
            time.sleep(0.05)
        proc.kill()
        proc.wait()
    raise ShotError(f"Xvfb did not start (see {log})")


def stop_xvfb(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class X:
    def __init__(self, display: str) -> None:
        self.env = {**os.environ, "DISPLAY": display}

    def run(self, *args: str, timeout: float = 30) -> str:
        out = subprocess.run(args, env=self.env, capture_output=True, text=True,
                             timeout=timeout, check=False)
        return out.stdout.strip()

    def key(self, *keys: str) -> None:
        self.run("xdotool", "key", "--delay", "40", *keys)

    def type(self, text: str) -> None:
        self.run("xdotool", "type", "--delay", "25", text)

    def focus(self, wid: str) -> None:
        self.run("xdotool", "windowfocus", "--sync", wid, timeout=10)

    def windows(self, pid: int) -> list[str]:
        """The visible top-level windows of process ``pid`` (Qt sets _NET_WM_PID)."""
        return self.run("xdotool", "search", "--onlyvisible", "--pid", str(pid)).split()

    def geometry(self, wid: str) -> tuple[int, int, int, int]:
        out = self.run("xdotool", "getwindowgeometry", "--shell", wid)
        v = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        return (int(v.get("X", -1)), int(v.get("Y", -1)),
                int(v.get("WIDTH", -1)), int(v.get("HEIGHT", -1)))

    def frame(self) -> bytes:
        return subprocess.run(["import", "-window", "root", "-depth", "8", "rgb:-"],
                              env=self.env, capture_output=True, timeout=30, check=False).stdout

    def settled(self, proc: subprocess.Popen, what: str, changed_from: bytes | None = None,
                timeout: float = 20, frames: int = 3) -> bytes:
        """Until the screen (changed from ``changed_from``) is the same in ``frames`` captures."""
        state: dict[str, object] = {"same": 0, "digest": None, "frame": b""}

        def check() -> bool:
            now = self.frame()
            digest = hashlib.sha1(now).digest()
            same = state["same"] + 1 if digest == state["digest"] else 1  # type: ignore[operator]
            state.update(same=same, digest=digest, frame=now)
            if changed_from is not None and now == changed_from:
                state["same"] = 0
                return False
            return same >= frames

        wait_for(check, timeout, what, proc)
        return state["frame"]  # type: ignore[return-value]

    def screenshot(self, path: Path) -> Path:
        self.run("import", "-window", "root", str(path))
        if not path.exists():
            raise ShotError(f"import did not write {path}")
        return path


# ------------------------------------------------------------------------------------ keyring
def enter_private_session() -> None:
    """Re-run this script inside dbus-run-session with a throwaway, unlocked gnome-keyring."""
    if os.environ.get(IN_SESSION) == "1":
        if shutil.which("gnome-keyring-daemon"):
            keyrings = tempfile.mkdtemp(prefix="smmdesk-shots-keyring-")
            os.environ["XDG_DATA_HOME"] = os.environ["SMMDESK_SHOTS_KEYRING_DIR"] = keyrings
            out = subprocess.run(
                ["gnome-keyring-daemon", "--unlock", "--components=secrets"],
                input=b"smmdesk-screenshots", capture_output=True, timeout=30, check=False,
            )
            for line in out.stdout.decode(errors="replace").splitlines():
                name, _, value = line.partition("=")
                if name and value:
                    os.environ[name] = value
        return
    if shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon"):
        env = {**os.environ, IN_SESSION: "1"}
        cmd = ["dbus-run-session", "--", sys.executable, str(Path(__file__).resolve()),
               *sys.argv[1:]]
        sys.exit(subprocess.run(cmd, env=env, check=False).returncode)
    say("note: no dbus-run-session/gnome-keyring-daemon: the app keeps the demo key for the "
        "session only, and the panel dialog says so")


# ------------------------------------------------------------------------------------ seeding
def seed(data_dir: Path) -> int:
    """The demo panel, its services and a history of orders, through the core (no GUI)."""
    sys.path.insert(0, str(ROOT))
    from smmdesk.demo import DemoPanel
    from smmdesk.workspace import Workspace

    workspace = Workspace(data_dir)
    demo = DemoPanel(data_dir)
    placed = 0
    try:
        panel = demo.ensure_panel(workspace)
        workspace.refresh_services(panel.id)
        workspace.balance(panel.id)
        for batch, advance in zip(SEED_BATCHES, SEED_ADVANCE_S, strict=True):
            for service_id, link, quantity in batch:
                workspace.place_order(panel.id, service_id, {"link": link, "quantity": quantity})
                placed += 1
            if advance and demo.simulator is not None:
                demo.simulator.advance(advance)
        workspace.sync_panel(panel.id, force=True)
        workspace.balance(panel.id)
        from datetime import datetime, timedelta

        workspace.schedule_order(  # the Scheduled page has a schedule to show
            panel.id, 19, {"link": "https://instagram.com/istanbul.kahvecisi", "quantity": 500},
            first_run=datetime.now().astimezone().replace(second=0, microsecond=0)
            + timedelta(days=1), every=timedelta(days=7), times=4)
    finally:
        demo.stop()
        workspace.close()
    return placed


# ------------------------------------------------------------------------------------ images
def optimise(src: Path, dst: Path, *, palette: bool = False) -> None:
    """``palette``: 256 colours whatever the size (the many small-screen shots)."""
    subprocess.run(["convert", str(src), "-strip", "-define", "png:compression-level=9",
                    str(dst)], check=True, timeout=60)
    if palette or dst.stat().st_size > MAX_PNG_BYTES:
        subprocess.run(["convert", str(src), "-strip", "+dither", "-colors", "256",
                        "-define", "png:compression-level=9", f"PNG8:{dst}"],
                       check=True, timeout=60)


def frame_dialog(shot: Path, box: tuple[int, int, int, int]) -> None:
    """No window manager draws a frame under Xvfb: give the dialog a border and a shadow."""
    x, y, w, h = box
    shadow = shot.with_name("shadow.png")
    subprocess.run(
        ["convert", str(shot), "-crop", f"{w}x{h}+{x}+{y}", "+repage",
         "-bordercolor", "#9a9a9a", "-border", "1",
         "(", "+clone", "-background", "black", "-shadow", "45x8+0+4", ")",
         "+swap", "-background", "none", "-layers", "merge", "+repage", str(shadow)],
        check=True, timeout=60,
    )
    # -shadow with sigma 8 grows the image by 2*sigma on each side (offset +0+4 downwards).
    subprocess.run(
        ["convert", str(shot), "(", "+clone", "-fill", "black", "-colorize", "25", ")",
         "-compose", "over", "-composite", str(shadow), "-geometry",
         f"+{x - 1 - 16}+{y - 1 - 16 + 4}", "-compose", "over", "-composite", str(shot)],
        check=True, timeout=60,
    )
    shadow.unlink()


# ------------------------------------------------------------------------------------ one run
class AppRun:
    def __init__(self, x: X, work: Path, lang: str) -> None:
        self.x = x
        self.lang = lang
        self.data = work / f"data-{lang}"
        self.raw = work / f"raw-{lang}"
        self.raw.mkdir(parents=True, exist_ok=True)
        self.log_file = self.data / "logs" / "smmdesk.log"
        self.proc: subprocess.Popen | None = None
        self.wid = ""

    def log(self) -> str:
        return self.log_file.read_text(errors="replace") if self.log_file.exists() else ""

    def count(self, pattern: str) -> int:
        return len(re.findall(pattern, self.log()))

    def wait_log(self, pattern: str, at_least: int, timeout: float, what: str) -> None:
        wait_for(lambda: self.count(pattern) >= at_least, timeout, what, self.proc)

    def settled(self, what: str, changed_from: bytes | None = None) -> bytes:
        assert self.proc is not None
        return self.x.settled(self.proc, what, changed_from)

    def start(self) -> None:
        env = {
            **self.x.env,
            "QT_QPA_PLATFORM": "xcb",
            "QT_ACCESSIBILITY": "0",
            "SMMDESK_COLOR_SCHEME": "light",
            "SMMDESK_DATA_DIR": str(self.data),
        }
        env.pop("SMMDESK_LANG", None)
        self.out = open(self.raw / "app.out", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--data-dir", str(self.data),
             "--demo", "--lang", self.lang],
            cwd=ROOT, env=env, stdout=self.out, stderr=subprocess.STDOUT,
        )
        self.wait_log(r"services shown: 500 rows", 1, 90, "the demo's services")
        wins = wait_for(lambda: [w for w in self.windows() if self.x.geometry(w)[2] > 200],
                        30, "the main window", self.proc)
        self.wid = wins[0]  # type: ignore[index]
        # No window manager under Xvfb: the window is placed over the whole screen by hand.
        self.x.run("xdotool", "windowmove", "--sync", self.wid, "0", "0")
        self.x.run("xdotool", "windowsize", "--sync", self.wid, str(SCREEN[0]), str(SCREEN[1]))
        wait_for(lambda: self.x.geometry(self.wid)[2:] == SCREEN, 10, "the window size",
                 self.proc)
        self.x.focus(self.wid)
        # F5: services and balance again, so the status bar says "Online" with a fresh balance.
        before = self.count(r"refresh finished")
        self.x.key("F5")
        self.wait_log(r"refresh finished", before + 1, 60, "the refresh (F5)")

    def windows(self) -> list[str]:
        assert self.proc is not None
        return self.x.windows(self.proc.pid)

    def dialogs(self) -> list[str]:
        """The app's visible top-level windows besides the main window."""
        return [w for w in self.windows() if w != self.wid and self.x.geometry(w)[2] > 100]

    def dialog(self) -> str:
        return wait_for(self.dialogs, 20, "a dialog", self.proc)[0]  # type: ignore[index]

    def shoot(self, view: str) -> Path:
        return self.x.screenshot(self.raw / f"{view}.png")

    def drive(self) -> dict[str, Path]:
        s = SCRIPT[self.lang]
        x = self.x
        shots: dict[str, Path] = {}

        # Services: Ctrl+F, a search; Tab through the filters into the table, a row down.
        x.key("ctrl+f")
        x.type(str(s["search"]))
        search = re.escape(str(s["search"]))
        self.wait_log(rf"filter applied \('{search}'\)", 1, 20, "the search")
        # (Tab only makes the first row current; Down and Up select it, highlighted.)
        moves = ["Down"] * int(s["down"]) if s["down"] else ["Down", "Up"]
        x.key("Tab", "Tab", "Tab", "Tab", *moves)
        table = self.settled("the services table")
        shots["services"] = self.shoot("services")

        # New order: Enter on the service; the form puts the cursor in Link; Tab, the quantity.
        x.key("Return")
        self.settled("the order form", changed_from=table)
        x.type(str(s["link"]))
        x.key("Tab")
        x.type(str(s["quantity"]))
        self.settled("the filled order form")
        shots["order"] = self.shoot("order")

        # Place it: Ctrl+Enter from any field (as Place order does); Enter confirms.
        placed = self.count(r"order \d+ placed on panel")
        x.key("ctrl+Return")
        x.focus(self.dialog())
        x.key("Return")
        refused = r"add: (?!service )\w+"  # "add: ApiError" and the like; success is "add: service"
        rejected = self.count(refused)
        wait_for(lambda: self.count(r"order \d+ placed on panel") > placed
                 or self.count(refused) > rejected, 30, "the order's outcome", self.proc)
        if self.count(r"order \d+ placed on panel") == placed:
            raise ShotError(f"the demo panel refused the order (see {self.log_file})")
        wait_for(lambda: not self.dialogs(), 10, "the box to close", self.proc)

        # Orders: from the services search (Ctrl+F), Ctrl+3 puts the focus on the first control of
        # the history (its first status tab, issue 24: no stop in the toolbar on the way); Tab
        # through its filters into the table selects the first order.
        x.focus(self.wid)  # the closed box took the X input focus with it
        x.key("ctrl+f")
        self.settled("the services page again")
        x.key("ctrl+3", *["Tab"] * HISTORY_TABS)
        self.settled("the history")
        shots["orders"] = self.shoot("orders")

        # Spending.
        x.key("ctrl+4")
        self.settled("the spending page")
        shots["spending"] = self.shoot("spending")

        # Panel > Add panel… over the services page, a key typed into the masked field.
        x.key("ctrl+1")
        self.settled("the services page")
        x.key("alt+p", "Return")
        dialog = self.dialog()
        x.focus(dialog)
        x.type(str(s["panel_name"]))
        x.key("Tab")
        x.type(str(s["panel_url"]))
        x.key("Tab")
        x.type(PANEL_KEY)
        self.settled("the panel dialog")
        shots["panel-dialog"] = self.shoot("panel-dialog")
        frame_dialog(shots["panel-dialog"], self.x.geometry(dialog))
        x.key("Escape")
        wait_for(lambda: dialog not in self.windows(), 10, "the dialog to close", self.proc)
        return shots

    def stop(self) -> int:
        proc = self.proc
        if proc is None:
            return 0
        if proc.poll() is None:
            self.x.focus(self.wid)
            self.x.key("ctrl+q")
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        self.out.close()
        return proc.returncode


def check_output(app: AppRun) -> None:
    text = (app.raw / "app.out").read_text(errors="replace")
    if "Traceback" in text or "Traceback" in app.log():
        raise ShotError(f"the app logged a traceback ({app.raw / 'app.out'}, {app.log_file})")


# ------------------------------------------------------------------------------ small screens
def in_app(size: str, lang: str, data: Path, out: Path) -> int:
    """Child process, on an Xvfb of ``size``: the real app (its own data folder, the demo
    panel), its window filling the screen above a panel bar; each page and the tall dialogs
    shot in turn. Driven through the window's own methods."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QElapsedTimer, QRect
    from PySide6.QtWidgets import QApplication

    from ui.app import build_context, create_app
    from ui.shell.main_window import View

    width, height = (int(v) for v in size.split("x"))
    app = create_app(lang=lang, data_dir=data)
    ctx = build_context(data)
    window = ctx.window
    out.mkdir(parents=True, exist_ok=True)

    def pump(ms: int = 700) -> None:
        clock = QElapsedTimer()
        clock.start()
        while clock.elapsed() < ms:
            app.processEvents()

    def until(check: Callable[[], object], what: str, seconds: float = 60) -> None:
        clock = QElapsedTimer()
        clock.start()
        while not check():
            if clock.elapsed() > seconds * 1000:
                raise ShotError(f"[{size} {lang}] timed out waiting for {what}")
            app.processEvents()

    def shoot(view: str) -> None:
        pump()
        screen = QApplication.primaryScreen()
        screen.grabWindow(0).save(str(out / f"raw-{view}-{lang}.png"))

    try:
        window.setGeometry(QRect(0, 0, width, height - PANEL_BAR))
        window.show()
        until(lambda: window.services_view.model.total_count > 0, "the services")
        until(lambda: window.current_panel() is not None, "the demo panel")
        pid = window.current_panel_id()
        view = window.services_view
        view.search.setText(str(SCRIPT[lang]["search"]))
        view.apply_filter_now()
        view.table.selectRow(0)
        shoot("services")
        form = window.order_form
        window.order_service(pid, 1)
        until(lambda: form.service is not None, "the order form")
        form.fill({"link": SCRIPT[lang]["link"], "quantity": SCRIPT[lang]["quantity"]})
        shoot("order")
        window.set_view(View.ORDERS)
        until(lambda: window.history_view.model.rowCount() > 0, "the orders")
        window.history_view.table.selectRow(0)
        shoot("orders")
        window.set_view(View.SPENDING)
        shoot("spending")
        auto = window.automation
        window.set_view(auto.schedules_index)
        until(lambda: auto.schedules_view.model.rowCount() > 0, "the schedules")
        auto.schedules_view.table.selectRow(0)
        shoot("scheduled")
        window.set_view(auto.alerts_index)
        shoot("alerts")
        window.set_view(View.SERVICES)
        dialogs = []
        prefs = window.open_preferences()
        dialogs.append(("preferences", prefs))
        mass = window.open_mass_order()
        dialogs.append(("mass-order", mass))
        auto.open_preferences()
        until(lambda: auto.dialog is not None, "the automation dialog")
        dialogs.append(("automation", auto.dialog))
        window.set_view(View.NEW_ORDER)
        dialogs.append(("schedule-dialog", form.open_schedule()))
        for name, dialog in dialogs:
            if name == "mass-order":
                until(lambda d=dialog: d.catalogue is not None, "the mass order catalogue")
                dialog.set_text("\n".join(
                    f"{sid}|https://instagram.com/p/list{i}|{q}"
                    for i, (sid, q) in enumerate(((1, 1000), (19, 500), (99999, 100),
                                                  (18, 250), (1, "many"), (26, 300)))))
            for other in dialogs:
                other[1].hide()
            dialog.show()
            dialog.raise_()
            shoot(name)
        for _name, dialog in dialogs:
            dialog.close()
    finally:
        window.close()
        ctx.shutdown()
    return 0


def shoot_sizes(sizes: list[str], langs: list[str], work: Path, out: Path) -> None:
    """Each size on its own Xvfb, each language in its own app run (``in_app``)."""
    global SCREEN
    for size in sizes:
        width, height = (int(v) for v in size.split("x"))
        SCREEN = (width, height)
        xvfb, display = start_xvfb(work / f"xvfb-{size}.log")
        try:
            for lang in langs:
                t0 = time.monotonic()
                data = work / f"data-{size}-{lang}"
                say(f"[{size} {lang}] seeding {seed(data)} demo orders")
                raw = work / f"raw-{size}"
                env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
                       "QT_ACCESSIBILITY": "0", "SMMDESK_COLOR_SCHEME": "light",
                       "SMMDESK_DATA_DIR": str(data)}
                env.pop("SMMDESK_LANG", None)
                proc = subprocess.run(
                    [sys.executable, str(Path(__file__).resolve()), "--in-app", size, lang,
                     str(data), str(raw)], env=env, cwd=ROOT, capture_output=True, text=True,
                    timeout=600, check=False)
                if proc.returncode != 0 or "Traceback" in proc.stderr:
                    raise ShotError(f"[{size} {lang}] the app failed:\n{proc.stderr[-2000:]}")
                folder = out / size
                folder.mkdir(parents=True, exist_ok=True)
                for view in SIZE_VIEWS:
                    shot = raw / f"raw-{view}-{lang}.png"
                    # The panel bar the window left room for, drawn as a desktop has it.
                    subprocess.run(["convert", str(shot), "-fill", "#2e3436", "-draw",
                                    f"rectangle 0,{height - PANEL_BAR} {width},{height}",
                                    str(shot)], check=True, timeout=60)
                    dst = folder / f"{view}-{lang}.png"
                    optimise(shot, dst, palette=True)
                    shown = dst.relative_to(ROOT) if dst.is_relative_to(ROOT) else dst
                    say(f"[{size} {lang}] {shown}  {dst.stat().st_size // 1024} KiB")
                say(f"[{size} {lang}] done in {time.monotonic() - t0:.1f} s")
        finally:
            stop_xvfb(xvfb)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", default=list(LANGS), choices=LANGS)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (raw shots)")
    parser.add_argument("--sizes", nargs="*", default=list(SIZES), metavar="WxH",
                        help="small screens to shoot too (default: %(default)s; none: skip)")
    parser.add_argument("--only-sizes", action="store_true",
                        help="only the small-screen shots, not the driven walk-through")
    parser.add_argument("--in-app", nargs=4, metavar=("SIZE", "LANG", "DATA", "OUT"),
                        help=argparse.SUPPRESS)  # the child of --sizes
    args = parser.parse_args(argv)
    if args.in_app:
        size, lang, data, out = args.in_app
        return in_app(size, lang, Path(data), Path(out))
    for tool in ("Xvfb", "xdotool", "import", "convert"):
        if shutil.which(tool) is None:
            say(f"{tool} is not installed: run `make system-deps`")
            return 2
    enter_private_session()
    work = Path(tempfile.mkdtemp(prefix="smmdesk-shots-"))
    os.environ.setdefault("XDG_CONFIG_HOME", str(work / "config"))
    os.environ.setdefault("XDG_CACHE_HOME", str(work / "cache"))
    args.out.mkdir(parents=True, exist_ok=True)
    xvfb, display = start_xvfb(work / "xvfb.log")
    started = time.monotonic()
    status = 0
    try:
        x = X(display)
        for lang in [] if args.only_sizes else args.lang:
            t0 = time.monotonic()
            app = AppRun(x, work, lang)
            say(f"[{lang}] seeding {seed(app.data)} demo orders")
            try:
                app.start()
                shots = app.drive()
            finally:
                code = app.stop()
            if code != 0:
                raise ShotError(f"[{lang}] the app exited with {code}")
            check_output(app)
            for view in VIEWS:
                dst = args.out / f"{view}-{lang}.png"
                optimise(shots[view], dst)
                say(f"[{lang}] {dst.relative_to(ROOT) if dst.is_relative_to(ROOT) else dst}"
                    f"  {dst.stat().st_size // 1024} KiB")
            say(f"[{lang}] done in {time.monotonic() - t0:.1f} s")
        if args.sizes:
            shoot_sizes(args.sizes, args.lang, work, args.out)
    except ShotError as exc:
        say(f"screenshots failed: {exc} (work folder kept: {work})")
        args.keep = True
        status = 1
    finally:
        stop_xvfb(xvfb)
        keyring_dir = os.environ.get("SMMDESK_SHOTS_KEYRING_DIR")
        if keyring_dir:
            shutil.rmtree(keyring_dir, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        elif status == 0:
            say(f"work folder kept: {work}")
    say(f"screenshots: {time.monotonic() - started:.1f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
