"""Issue 22 items 4, 5, 10 and 12: the rules of unattended mass orders, through ``smm-desk-cli
mass-order`` run in this process against the simulator over real HTTP. Every case counts what
reached the panel (``sim.count("add")``): a re-run, an edited list, a skipped line, a refusal, a
second run at once, a database that cannot save the answer.

Two processes at once and kill -9 are in ``tests/system/test_mass_order_processes.py``."""

from __future__ import annotations

import io
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from smmdesk import massorder
from smmdesk.cli import main
from smmdesk.cli.commands import FAILURE, OK, REFUSED, UNCERTAIN
from smmdesk.demo.server import PanelSimulator
from smmdesk.store import OrderStore
from smmdesk.workspace import Workspace
from tests.core import cli_support
from tests.core.cli_support import Cli, Result, Tty

KEY = "mass-rules-key-0123456789abcdef"

# The CLI tests' fixtures (tests/core/cli_support.py): a simulator under KEY, the CLI on the
# test's data dir, a panel added through it.
sim, panel_id = cli_support.sim, cli_support.panel_id
DEFAULT = 1
DAY = 24 * 3600
# (a test of SQLite's own failures runs on that engine alone)
SQLITE_ONLY = pytest.mark.parametrize("engine", ["sqlite"])


@pytest.fixture
def cli(data_dir: Path, engine_address: str | None) -> Cli:
    """The CLI on a workspace of each engine (tests/engines.py)."""
    return Cli(data_dir, store=engine_address)


def link(tag: str) -> str:
    return f"https://instagram.com/rules_{tag}"


def write(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def complete_everything(cli: Cli, sim: PanelSimulator) -> None:
    """The panel finishes every order and the history knows: no link is "active" any more, so
    the active-order guard no longer hides a second placement."""
    sim.advance(30 * DAY)
    assert cli("sync").code == OK


def statuses(r: Result) -> list[str]:
    return [x["status"] for x in r.json()]


# ------------------------------------------------------------------------------- item 4


def test_a_rerun_of_an_edited_list_places_only_the_edited_line(
        cli: Cli, panel_id: str, sim: PanelSimulator, tmp_path: Path):
    rows = [f"{DEFAULT}|{link(f'e{i}')}|{200 + i}" for i in range(4)]
    path = write(tmp_path / "list.txt", rows)
    assert cli("mass-order", str(path), "--yes").code == OK
    assert sim.count("add") == 4
    complete_everything(cli, sim)

    rows[2] = f"{DEFAULT}|{link('e2')}|500"  # one quantity changed
    write(path, rows)
    r = cli("--json", "mass-order", str(path), "--yes")
    assert r.code == OK, r.err
    assert sim.count("add") == 5  # only the edited line: the unchanged three were placed today
    assert statuses(r) == ["skipped", "skipped", "placed", "skipped"]
    assert "placed" in r.json()[0]["message"] and "--new-batch" in r.err


def test_a_skipped_line_is_never_placed_by_a_later_rerun(
        cli: Cli, panel_id: str, sim: PanelSimulator, tmp_path: Path):
    path = write(tmp_path / "twice.txt", [f"{DEFAULT}|{link('t')}|200",
                                          f"{DEFAULT}|{link('t')}|300",
                                          f"{DEFAULT}|{link('t2')}|200"])
    first = cli("--json", "mass-order", str(path), "--yes")
    assert first.code == OK, first.err
    assert statuses(first) == ["placed", "skipped", "placed"]
    assert sim.count("add") == 2
    complete_everything(cli, sim)  # the link is free again
    again = cli("--json", "mass-order", str(path), "--yes")
    assert again.code == OK, again.err
    assert statuses(again) == ["placed", "skipped", "placed"]
    assert sim.count("add") == 2


def test_a_new_batch_asked_for_on_purpose_places_everything_again(
        cli: Cli, panel_id: str, sim: PanelSimulator, tmp_path: Path):
    path = write(tmp_path / "daily.txt", [f"{DEFAULT}|{link(f'd{i}')}|200" for i in range(3)])
    assert cli("mass-order", str(path), "--yes").code == OK
    complete_everything(cli, sim)
    assert cli("mass-order", str(path), "--yes").code == OK
    assert sim.count("add") == 3  # a re-run: nothing
    r = cli("--json", "mass-order", str(path), "--yes", "--new-batch")
    assert r.code == OK, r.err
    assert statuses(r) == ["placed"] * 3 and sim.count("add") == 6
    # ... and that new batch is itself resumable, never placed a third time by a re-run
    assert cli("mass-order", str(path), "--yes").code == OK
    assert sim.count("add") == 6


def test_a_stop_after_a_refusal_advises_the_command_that_resumes(
        cli: Cli, panel_id: str, sim: PanelSimulator, tmp_path: Path):
    rows = [f"{DEFAULT}|{link(f'r{i}')}|200" for i in range(4)]
    path = write(tmp_path / "refused.txt", rows)
    sim.place_direct(DEFAULT, link("r1"), 200)  # busy on the panel: it refuses line 2
    r = cli("--json", "mass-order", str(path), "--yes")
    assert r.code == REFUSED
    assert statuses(r)[:2] == ["placed", "rejected"]
    assert set(statuses(r)[2:]) == {"pending"}  # stopped to ask: nothing after the refusal
    assert sim.count("add") == 2  # lines 1 and 2 (place_direct is not an `add`)
    assert "--new-batch" not in r.err
    resume = [w for w in r.err.split("`") if w.startswith("smm-desk-cli mass-order")]
    assert resume and "--resume" in resume[0], r.err
    args = resume[0].split()[1:]
    assert "--skip-refused" in args  # the advice leaves the refused line alone
    again = cli("--json", *args, "--yes")
    assert again.code == OK, again.err
    assert statuses(again) == ["placed", "rejected", "placed", "placed"]
    assert sim.count("add") == 4  # the refused line was not sent again


# ------------------------------------------------------------------------------- item 5


def test_a_run_of_the_same_list_elsewhere_makes_this_one_refuse(
        cli: Cli, panel_id: str, sim: PanelSimulator, tmp_path: Path, data_dir: Path):
    path = write(tmp_path / "busy.txt", [f"{DEFAULT}|{link(f'b{i}')}|200" for i in range(3)])
    lines = massorder.parse_lines(path.read_text(encoding="utf-8"))
    with Workspace(data_dir, store=cli.store) as other:  # the app's window, placing this list
        store = massorder.BatchStore(other)
        with store.running(panel_id, massorder.list_id(panel_id, lines)):
            r = cli("mass-order", str(path), "--yes")
            assert r.code == FAILURE
            assert "already being placed" in r.err and "nothing was sent" in r.err
            assert sim.count("add") == 0
    r = cli("mass-order", str(path), "--yes")  # the other run ended
    assert r.code == OK, r.err
    assert sim.count("add") == 3


def test_an_uncertain_line_follows_its_order_once_resolved(
        cli: Cli, panel_id: str, sim: PanelSimulator, tmp_path: Path):
    path = write(tmp_path / "u.txt", [f"{DEFAULT}|{link('u0')}|200",
                                      f"{DEFAULT}|{link('u1')}|200"])
    sim.set_fault("drop_after_read", actions=["add"], times=1)
    r = cli("--json", "mass-order", str(path), "--yes")
    assert r.code == UNCERTAIN
    first = r.json()[0]
    assert first["status"] == "uncertain"
    remote = next(i for i in sim.order_ids())
    assert cli("resolve", str(first["local_id"]), "--order-id", str(remote)).code == OK
    dry = cli("--json", "mass-order", str(path), "--dry-run")
    assert statuses(dry) == ["placed", "placed"]
    assert dry.json()[0]["order_id"] == remote
    assert cli("mass-order", str(path), "--yes").code == OK and sim.count("add") == 2


# ------------------------------------------------------------------------------- item 10


@SQLITE_ONLY
def test_a_database_locked_when_the_answer_is_saved_exits_uncertain(
        cli: Cli, panel_id: str, sim: PanelSimulator, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch):
    path = write(tmp_path / "locked.txt", [f"{DEFAULT}|{link(f'l{i}')}|200" for i in range(3)])
    real = OrderStore.set_submit_result

    def locked(self, order_id, *args, **kwargs):
        if sim.count("add") == 2:  # the second line's answer arrived: saving it fails
            raise sqlite3.OperationalError("database is locked")
        return real(self, order_id, *args, **kwargs)

    monkeypatch.setattr(OrderStore, "set_submit_result", locked)
    r = cli("mass-order", str(path), "--yes")
    assert r.code == UNCERTAIN, r.err
    assert sim.count("add") == 2
    assert "line 2" in r.err and "may have been placed" in r.err
    monkeypatch.setattr(OrderStore, "set_submit_result", real)
    again = cli("--json", "mass-order", str(path), "--yes")
    assert sim.count("add") == 3  # the rest, never line 2 again
    assert statuses(again)[0] == "placed" and statuses(again)[2] == "placed"
    assert statuses(again)[1] in ("uncertain", "sending")


@SQLITE_ONLY
def test_an_exception_escaping_after_the_send_exits_uncertain(
        cli: Cli, panel_id: str, sim: PanelSimulator, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch):
    path = write(tmp_path / "bug.txt", [f"{DEFAULT}|{link('x0')}|200"])

    def bug(self, order_id, *args, **kwargs):
        raise RuntimeError("a bug after the answer")

    monkeypatch.setattr(OrderStore, "set_submit_result", bug)
    r = cli("mass-order", str(path), "--yes")
    assert r.code == UNCERTAIN, r.err
    assert sim.count("add") == 1 and "may have been placed" in r.err


@SQLITE_ONLY
def test_nothing_sent_when_the_database_is_locked_before_the_send_exits_failure(
        cli: Cli, panel_id: str, sim: PanelSimulator, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch):
    path = write(tmp_path / "before.txt", [f"{DEFAULT}|{link('n0')}|200"])

    def locked(self, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(OrderStore, "insert_submitting", locked)
    r = cli("mass-order", str(path), "--yes")
    assert r.code == FAILURE and sim.count("add") == 0


# ------------------------------------------------------------------------------- item 12


@SQLITE_ONLY
def test_no_world_readable_mass_orders_folder(cli: Cli, panel_id: str, tmp_path: Path,
                                              data_dir: Path):
    path = write(tmp_path / "p.txt", [f"{DEFAULT}|{link('p0')}|200"])
    assert cli("mass-order", str(path), "--yes").code == OK
    folder = data_dir / massorder.BATCH_DIR
    if folder.exists():
        assert stat.S_IMODE(os.stat(folder).st_mode) & 0o077 == 0


def test_one_order_is_worded_as_one(cli: Cli, panel_id: str, sim: PanelSimulator,
                                    tmp_path: Path):
    path = write(tmp_path / "one.txt", [f"{DEFAULT}|{link('o0')}|200"])
    err = Tty()
    code = main([*cli.base, "mass-order", str(path)], stdin=Tty("n\n"),
                stdout=io.StringIO(), stderr=err)
    assert code == REFUSED and sim.count("add") == 0
    assert "Place 1 order on Sim" in err.getvalue(), err.getvalue()
    path.write_text(f"{DEFAULT}|{link('o1')}|200\n{DEFAULT}|{link('o2')}|200\n")
    err = Tty()
    main([*cli.base, "mass-order", str(path)], stdin=Tty("n\n"),
         stdout=io.StringIO(), stderr=err)
    assert "Place 2 orders on Sim" in err.getvalue(), err.getvalue()
