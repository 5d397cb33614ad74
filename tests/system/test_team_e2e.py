"""End to end on a team store (issue 28's done-when): two app windows (two processes, two data
folders) on one PostgreSQL database of the throwaway cluster. An order placed in window A with
the keyboard appears on window B's Orders page without a refresh — B is told by LISTEN/NOTIFY.

As in test_e2e.py, nothing talks to the apps but the X server: their state is read from their
logs; the order is checked in the team database after.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.workspace import Workspace
from tests.conftest import connect_panel
from tests.core.cli_keyring import BACKEND, ENV, FileKeyring
from tests.pg_support import PgDatabase
from tests.system.e2e_support import SEARCH, RunningApp, running_app, wait_for
from tests.xvfb_support import SCREEN

pytestmark = pytest.mark.xvfb

LINK = "https://instagram.com/smmdesk.team"
QUANTITY = 1500


def window_of(app: RunningApp) -> str:
    """The app's main window on the display (one process: one SMM Desk window)."""
    def found() -> str:
        out = app.x.run("xdotool", "search", "--onlyvisible", "--pid", str(app.proc.pid))
        wins = [w for w in out.split() if app.x.geometry(w)[2] > 200]
        return wins[0] if wins else ""

    return wait_for(found, 60, "the app's window", app.proc, app.log.tail)  # type: ignore[return-value]


def fill_screen(app: RunningApp, wid: str) -> None:
    x = app.x
    x.run("xdotool", "windowmove", "--sync", wid, "0", "0")
    x.run("xdotool", "windowsize", "--sync", wid, str(SCREEN[0]), str(SCREEN[1]))
    x.run("xdotool", "windowraise", wid)
    x.focus(wid)


def test_an_order_placed_in_one_window_appears_in_the_others_orders_page(
        xserver: str, tmp_path: Path, pg_team: PgDatabase,
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = pg_team.url()
    keys = tmp_path / "keyring.json"
    with PanelSimulator(services=500) as sim:
        # the team's panel, connected once (the store is shared; each desk's key is its own)
        with Workspace(tmp_path / "setup", store=url) as ws:
            panel = connect_panel(ws, sim, name="Team panel")
        FileKeyring(keys).set_password("SMM Desk", panel.id, sim.key)
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", BACKEND)  # both apps' keyring: the file
        monkeypatch.setenv(ENV, str(keys))
        for desk in ("a", "b"):
            (tmp_path / desk).mkdir()

        with running_app(xserver, tmp_path / "b", "--store", url) as b:
            wait_for(lambda: "listening to the team's changes" in b.log.text(), 90,
                     "window B to listen to the team's changes", b.proc, b.log.tail)
            wid_b = window_of(b)
            fill_screen(b, wid_b)
            b.x.key("ctrl+3")  # B shows its Orders page: empty
            wait_for(lambda: "orders page shows 0 of 0 order(s)" in b.log.text(), 60,
                     "window B's empty Orders page", b.proc, b.log.tail)

            with running_app(xserver, tmp_path / "a", "--store", url, focus_log=True) as a:
                wait_for(lambda: "services shown: 500 rows" in a.log.text(), 90,
                         "window A's services", a.proc, a.log.tail)
                wid_a = window_of(a)
                fill_screen(a, wid_a)
                a.x.settled(None, 30, "window A's first paint", a.proc)
                # -- the order form with the keyboard: search, Tab into the table, Order…
                a.x.key("ctrl+f")
                a.log.focus_on("search", "Ctrl+F: the search box")
                a.x.type(SEARCH)
                pattern = re.compile(rf"filter applied \('{SEARCH}'\): (\d+) of 500 rows")
                wait_for(lambda: pattern.findall(a.log.text()), 30, "the search", a.proc,
                         a.log.tail)
                a.x.key("Tab", "Tab", "Tab", "Tab")
                a.log.focus_on("services_table", "Tab through the filters into the table")
                a.x.key("Tab")
                a.log.focus_on("order_service", "Tab from the table to Order…")
                a.x.key("Return")
                a.log.focus_on("link", "the order form's first field")
                a.x.type(LINK)
                a.x.key("Tab")
                a.x.type(str(QUANTITY))
                a.x.settled(None, 30, "the filled form and its estimate", a.proc)
                order_id = a.log.place_and_confirm("team-order-confirm")

                # -- window B: told, and its Orders page shows the order; nobody pressed F5
                shows = re.compile(
                    rf"orders page shows 1 of 1 order\(s\), first ids \[{order_id}\]")
                wait_for(lambda: shows.search(b.log.text()), 60,
                         "the order on window B's Orders page", b.proc, b.log.tail)
                assert re.search(rf"team changes: orders added \[{order_id}\]", b.log.text())
                fill_screen(b, wid_b)
                b.x.settled(None, 30, "window B showing the order", b.proc)
                b.x.screenshot("window-b-orders")
                a.x.focus(wid_a)
                a.x.key("ctrl+q")
                a.proc.wait(60)
            b.x.focus(wid_b)
            b.x.key("ctrl+q")
            b.proc.wait(60)
        assert a.proc.returncode == 0 and b.proc.returncode == 0
        with pg_team.connect() as conn:
            row = conn.execute("SELECT link, submit_state FROM smmdesk.orders WHERE id = %s",
                               (order_id,)).fetchone()
        assert row == (LINK, "placed") and sim.count("add") == 1
