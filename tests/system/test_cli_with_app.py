"""``smm-desk-cli`` placing orders while the app's window (offscreen) has the same data folder
open: the window's history picks them up at its next refresh, the command line sees the app's
orders, and no order exists twice."""

from __future__ import annotations

import collections
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import SubmitState
from smmdesk.workspace import Workspace
from tests.core.cli_keyring import FileKeyring
from tests.system.cli_support import CliProcess
from ui.app import build_context

KEY = "app-and-cli-key-0123456789abcdef"
DEFAULT = 1

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="process set-up is POSIX-only")


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=60, key=KEY, speed=0) as s:
        yield s


@pytest.fixture
def setup(data_dir: Path, sim: PanelSimulator, tmp_path: Path) -> tuple[CliProcess, str]:
    with Workspace(data_dir) as ws:  # the app's keyring here is the tests' in-memory one
        panel = ws.add_panel("Sim", sim.url, sim.key)
        ws.balance(panel.id)
        ws.refresh_services(panel.id)
    cli = CliProcess(data_dir, tmp_path / "cli-keyring.json")
    FileKeyring(cli.keyring_file).set_password("SMM Desk", panel.id, KEY)  # the CLI's keyring
    return cli, panel.id


@pytest.fixture
def app(qtbot, setup):
    ctx = build_context(setup[0].data_dir)
    ctx.window.show()
    qtbot.waitExposed(ctx.window)
    qtbot.waitUntil(lambda: ctx.window._loaded_once, timeout=10_000)
    yield ctx
    if not ctx.window._closing:
        ctx.window.close()
    ctx.shutdown()
    ctx.window.deleteLater()


def test_cli_and_app_on_the_same_data(qtbot, app, setup, sim: PanelSimulator, tmp_path: Path):
    cli, panel_id = setup
    history = app.window.history_view
    qtbot.waitUntil(lambda: not history.model.loading, timeout=10_000)
    assert history.model.total == 0

    for i in range(2):
        r = cli("--json", "order", "--service", str(DEFAULT), "--link",
                f"https://instagram.com/p/both-{i}", "--quantity", "300", "--yes")
        assert r.code == 0, r.err
    lst = tmp_path / "list.txt"
    lst.write_text("".join(f"{DEFAULT}|https://instagram.com/p/both-m{i}|200\n"
                           for i in range(3)), encoding="utf-8")
    r = cli("--json", "mass-order", str(lst), "--yes")
    assert r.code == 0, r.err

    history.refresh_now()  # F5 on Orders (the timer would do the same, later)
    qtbot.waitUntil(lambda: history.model.total == 5 and history.model.rowCount() == 5,
                    timeout=20_000)

    # The app places one itself; the command line sees it.
    mine = app.workspace.place_order(panel_id, DEFAULT, {
        "link": "https://instagram.com/p/both-app", "quantity": "250"})
    assert mine.submit_state is SubmitState.PLACED
    seen = cli("--json", "orders", "--limit", "0")
    assert seen.code == 0
    assert mine.id in {o["local_id"] for o in seen.json()}

    history.refresh_now()
    qtbot.waitUntil(lambda: history.model.total == 6 and history.model.rowCount() == 6,
                    timeout=20_000)
    remote = [history.model.order_at(i).remote_id for i in range(history.model.rowCount())]
    assert len(set(remote)) == 6 and None not in remote
    assert sorted(remote) == sim.order_ids()
    per_link = collections.Counter(q.params.get("link") for q in sim.requests
                                   if q.action == "add")
    assert sim.count("add") == 6 and max(per_link.values()) == 1
    assert sorted(o["order_id"] for o in seen.json()) == sorted(remote)


def test_an_order_the_cli_places_shows_in_the_window_at_once(qtbot, app, setup):
    """Another program's order shows on the Orders page within seconds, without F5 and
    without waiting for the status check (the session watches the database for others'
    writes)."""
    cli, _panel_id = setup
    w = app.window
    history = w.history_view
    qtbot.waitUntil(lambda: w._network_started, timeout=10_000)
    qtbot.waitUntil(lambda: not history.model.loading, timeout=10_000)
    assert history.model.total == 0
    checks = []
    history.sync.syncStarted.connect(lambda: checks.append(1))
    r = cli("--json", "order", "--service", str(DEFAULT), "--link",
            "https://instagram.com/p/from-the-cli", "--quantity", "300", "--yes")
    assert r.code == 0, r.err
    qtbot.waitUntil(lambda: history.model.rowCount() == 1
                    and history.model.order_at(0).submit_state is SubmitState.PLACED,
                    timeout=10_000)
    assert checks == []  # no status check brought it: the look for others' writes did
