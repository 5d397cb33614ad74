"""End to end, the provider watch (issue 27): the real app on an X server of its own, driven
with the keyboard (xdotool -> XTEST) on a window manager, over two simulated panels.

Panel A's service has not started an order placed seven hours ago — the simulator keeps it
Pending (a slow service: its clock stands still) — so the order is *stuck*: it shows under
Orders → Needs attention → Stuck and raises its alert. Ordering it again and asking Compare,
panel B's equivalent comes first, ranked by the record of the person's own orders there (the
reason said), while panel A's cheaper twin of the service, whose orders mostly ended Canceled,
is ranked last for its bad record.

Hours of history are not waited for: they are written beforehand with the store's injectable
clock (``smmdesk.store.values.now_ms``), the way the app itself would have recorded them. The
app's state is read from its log (focus changes and ids only), its SQLite file (read-only while
it runs) and the screenshots."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import smmdesk.store.values as store_clock
from smmdesk import compare
from smmdesk.demo.server import PanelSimulator
from smmdesk.models import OrderState, OrderStatus, Service, SubmitState
from smmdesk.workspace import Workspace
from tests.core.cli_keyring import BACKEND, ENV, FileKeyring
from tests.core.test_watch import Clock
from tests.system.e2e_support import AppLog, X, quit_with_ctrl_q
from tests.xvfb_support import stop, wait_for

ROOT = Path(__file__).resolve().parents[2]
KEY = "watch-e2e-key-0123456789abcdef"
STUCK_LINK = "https://instagram.com/smmdesk.watch"

pytestmark = pytest.mark.xvfb


def _followers(ws: Workspace, panel_id: str) -> list[Service]:
    out = []
    for row in ws.services(panel_id):
        f = compare.features(row.service)
        if (f.platform, f.product, f.type_key) == ("instagram", "followers", "default"):
            out.append(row.service)
    return out


def _history(ws: Workspace, clock: Clock, panel_id: str, service: Service, at: datetime,
             finals: list[tuple[float, OrderState]], remote_base: int) -> None:
    """Orders of ``service`` placed at ``at``, each started after its hours and ended as its
    state an hour later — the store's clock moved to each event's time."""
    for i, (hours, final) in enumerate(finals):
        clock.at = at
        link = f"https://instagram.com/history{remote_base + i}"
        oid = ws.store.orders.insert_submitting(
            panel_id=panel_id, service=service,
            fields={"link": link, "quantity": "100"}, link=link, quantity=100,
            charge_estimate=service.rate / 10, currency="USD")
        remote = remote_base + i
        ws.store.orders.set_submit_result(oid, SubmitState.PLACED, remote_id=remote)
        clock.at = started = at + timedelta(hours=hours)
        ws.store.orders.apply_statuses(panel_id, {remote: OrderStatus(
            remote, OrderState.IN_PROGRESS, "In progress")})
        clock.at = started + timedelta(hours=1)
        ws.store.orders.apply_statuses(panel_id, {remote: OrderStatus(
            remote, final, final.value, start_count=1000)})


def build(data: Path, sim_a: PanelSimulator, sim_b: PanelSimulator, keyring_file: Path,
          monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Panels A and B in ``data`` (their keys in the app's test keyring), a history written
    with the store's clock, and the order that is stuck on A. Returns the ids the test needs."""
    now = datetime.now(UTC)
    clock = Clock(now)
    monkeypatch.setattr(store_clock, "now_ms", clock)
    with Workspace(data) as ws:
        a = ws.add_panel("Panel A", sim_a.url, sim_a.key)
        b = ws.add_panel("Panel B", sim_b.url, sim_b.key)
        ws.set_home_currency("USD")
        for p in (a, b):
            FileKeyring(keyring_file).set_password("SMM Desk", p.id, KEY)
        ws.refresh_services(a.id)
        subject, twin = _followers(ws, a.id)[:2]
        # Panel A sells a cheaper twin of the subject (the same name at half its rate): by
        # price and likeness alone it would come first.
        sim_a.update_service(twin.id, name=subject.name, rate=subject.rate / 2)
        ws.refresh_services(a.id)
        ws.refresh_services(b.id)
        twin = ws.service(a.id, twin.id)
        other = ws.service(b.id, subject.id)
        assert twin is not None and other is not None and other.name == subject.name
        ago = now - timedelta(days=3)
        # B's equivalent: 6 orders, each started within half an hour and completed.
        _history(ws, clock, b.id, other, ago, [(0.5, OrderState.COMPLETED)] * 6, 810_000)
        # A's cheaper twin: 6 orders, 4 of them Canceled after a day — a bad record.
        _history(ws, clock, a.id, twin, ago, [(24, OrderState.CANCELED)] * 4
                 + [(24, OrderState.COMPLETED)] * 2, 820_000)
        # The stuck order: placed on A seven hours ago; the panel still says Pending.
        remote = sim_a.place_direct(subject.id, STUCK_LINK, 200)
        clock.at = now - timedelta(hours=7)
        stuck = ws.store.orders.insert_submitting(
            panel_id=a.id, service=subject, fields={"link": STUCK_LINK, "quantity": "200"},
            link=STUCK_LINK, quantity=200, charge_estimate=subject.rate / 5, currency="USD")
        ws.store.orders.set_submit_result(stuck, SubmitState.PLACED, remote_id=remote)
        clock.at = now
        found = [(o.id, why) for o, why in ws.attention()]
        assert found == [(stuck, "stuck")], found  # what the app is to find, checked here
        return {"a": a.id, "b": b.id, "subject": subject.id, "twin": twin.id,
                "stuck": stuck, "remote": remote, "twin_rate": twin.rate,
                "rate": subject.rate}


def _alert_keys(data: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{data / 'smmdesk.sqlite3'}?mode=ro", uri=True, timeout=10)
    try:
        return [r[0] for r in conn.execute("SELECT key FROM alerts")]
    except sqlite3.OperationalError:  # (the app is still creating it)
        return []
    finally:
        conn.close()


def test_a_stuck_order_is_shown_alerted_and_compare_ranks_by_delivery(
        xserver: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.xvfb_support import window_manager

    data = tmp_path / "data"
    keyring_file = tmp_path / "keyring.json"
    log_file = data / "logs" / "smmdesk.log"
    shots = tmp_path / "screens"
    shots.mkdir()
    x = X(xserver, shots)
    with PanelSimulator(services=120, key=KEY, speed=0) as sim_a, \
            PanelSimulator(services=120, key=KEY, speed=0) as sim_b:
        facts = build(data, sim_a, sim_b, keyring_file, monkeypatch)
        stuck, a, b = facts["stuck"], facts["a"], facts["b"]
        with window_manager(xserver, tmp_path / "openbox.log"):
            env = {**os.environ, "DISPLAY": xserver, "QT_QPA_PLATFORM": "xcb",
                   "QT_ACCESSIBILITY": "0", "SMMDESK_COLOR_SCHEME": "light",
                   "SMMDESK_DATA_DIR": str(data), "SMMDESK_LOG_FOCUS": "1",
                   "PYTHON_KEYRING_BACKEND": BACKEND, ENV: str(keyring_file)}
            env.pop("SMMDESK_LANG", None)
            out_path = tmp_path / "app.out"
            app_out = open(out_path, "w")  # noqa: SIM115 - closed below
            app = subprocess.Popen(
                [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "--lang",
                 "en"], cwd=ROOT, env=env, stdout=app_out, stderr=subprocess.STDOUT)
            applog = AppLog(x, app, log_file)
            log_text, log_tail, focus_on = applog.text, applog.tail, applog.focus_on

            def tab_to(name: str, key: str = "Tab", most: int = 40) -> None:
                """Tab (or Shift+Tab) until the focus is on ``name``, as a person would."""
                for _ in range(most):
                    if applog.focus_now().split("/")[-1] == name:
                        return
                    before = applog.focus_now()
                    x.key(key)
                    wait_for(lambda b=before: applog.focus_now() != b, 10,
                             f"the focus to move on ({key})", app, log_tail)
                pytest.fail(f"{key} never reached {name}; focus on {applog.focus_now()!r}")

            try:
                wait_for(lambda: "started" in log_text(), 60, "the app to start", app,
                         log_tail)
                windows = wait_for(lambda: [w for w in x.visible_windows("SMM Desk")
                                            if x.geometry(w)[2] > 200], 30, "the window", app)
                x.run("xdotool", "windowactivate", "--sync", windows[0],  # type: ignore[index]
                      timeout=10)
                # -- the alert: raised once, by the app's own checks (the automation timer)
                wait_for(lambda: f"watch:stuck:{stuck}" in _alert_keys(data), 60,
                         "the stuck order's alert", app, log_tail)
                shown = re.compile(rf"alerts shown: .*watch:stuck:{stuck}")
                before = len(shown.findall(log_text()))
                x.key("ctrl+6")  # the Alerts page reads them as it is shown
                wait_for(lambda: len(shown.findall(log_text())) > before, 20,
                         "the alert on the Alerts page", app, log_tail)
                x.screenshot("watch-alert")

                # -- Orders → Needs attention → Stuck
                x.key("ctrl+3")
                tab_to("history_tab_all")  # the status tabs: one Tab stop, arrows between
                tab_to("history_tab_attention", "Right", most=6)
                x.key("space")
                tab_to("history_attention_kind")
                x.key("Down")  # "Stuck: not started in time"
                wait_for(lambda: re.search(
                    rf"needs attention \(stuck\): 1 order\(s\) \[{stuck}\]", log_text()), 20,
                    "the Stuck filter", app, log_tail)
                tab_to("history_table")
                x.key("Home")
                x.screenshot("watch-stuck-filter")

                # -- order the rest elsewhere: Order again, then Compare
                x.key("ctrl+shift+n")
                focus_on("order_form/", "Order again: the order form on the stuck service")
                x.key("ctrl+shift+c")
                ranked = re.compile(
                    rf"compare {a}/{facts['subject']} ranked balanced: (.*)")
                found = wait_for(lambda: ranked.findall(log_text()), 30, "Compare's ranking",
                                 app, log_tail)
                rows = [r.strip() for r in found[-1].split(";")]  # type: ignore[index]
                assert rows[0] == f"{b}/{facts['subject']} stats", rows  # measured: first
                twin = [r for r in rows if r.startswith(f"{a}/{facts['twin']} ")]
                assert twin and twin[0].endswith("bad:failures"), rows
                assert rows.index(twin[0]) == len(rows) - 1  # cheaper, and ranked last
                assert facts["twin_rate"] < facts["rate"]
                x.screenshot("watch-compare")
                quit_with_ctrl_q(x, app)
            finally:
                stop(app)
                app_out.close()
    output = out_path.read_text(errors="replace")
    assert "Traceback" not in output, output
    assert "Traceback" not in log_text(), log_tail()
    # Raised once: one alert for the stuck order, whatever the app checked meanwhile.
    assert _alert_keys(data).count(f"watch:stuck:{stuck}") == 1
