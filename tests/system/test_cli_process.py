"""``python -m smmdesk`` as a real process against the simulator over real HTTP: the key is never
in argv, output, logs or the data folder; no Qt is imported; a mass order killed with SIGKILL and
run again places no line twice."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from smmdesk.demo.server import PanelSimulator
from tests.core.cli_keyring import FileKeyring
from tests.system import cli_support
from tests.system.cli_support import ROOT, CliProcess, wait_for

KEY = "process-secret-key-9876543210fedcba"
DEFAULT = 1

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork semantics")

# The process tests' fixtures (tests/system/cli_support.py): a simulator under KEY, the command
# line on the test's own folder, a panel added through it.
sim, cli, panel_id = cli_support.sim, cli_support.cli, cli_support.panel_id


def test_the_key_is_only_in_the_keyring(cli: CliProcess, sim: PanelSimulator, panel_id: str,
                                        tmp_path: Path):
    assert cli("--json", "order", "--service", str(DEFAULT), "--link",
               "https://instagram.com/p/proc-1", "--quantity", "300", "--yes").code == 0
    sim.set_fault("drop_after_read", actions=["add"], times=1)
    assert cli("order", "--service", str(DEFAULT), "--link", "https://instagram.com/p/proc-2",
               "--quantity", "300", "--yes", "-v").code == 4
    sim.balance = 0
    assert cli("order", "--service", str(DEFAULT), "--link", "https://instagram.com/p/proc-3",
               "--quantity", "300", "--yes", "--verbose").code == 3
    lst = tmp_path / "list.txt"
    lst.write_text(f"{DEFAULT}|https://instagram.com/p/proc-4|200\n", encoding="utf-8")
    cli("mass-order", str(lst), "--yes", "-v")
    assert cli("-v", "sync").code == 0
    assert cli("export", "--csv", str(cli.data_dir / "export.csv")).code == 0
    assert cli("--json", "panels", "test", panel_id).code == 0
    sim.stop()
    assert cli("-v", "balance").code == 1

    for run in cli.runs:
        assert KEY not in " ".join(run.argv)
        assert KEY not in run.out and KEY not in run.err
    files = [p for p in cli.data_dir.rglob("*") if p.is_file()]
    assert any(p.name.endswith(".log") for p in files)
    assert any(p.name.endswith(".sqlite3") for p in files)
    for path in files:
        assert KEY.encode() not in path.read_bytes(), path
    # Where it does live: the keyring (here the test keyring file, outside the data folder).
    assert FileKeyring(cli.keyring_file).get_password("SMM Desk", panel_id) == KEY


def test_the_cli_never_imports_qt(cli: CliProcess, sim: PanelSimulator, panel_id: str):
    script = (
        "import runpy, sys\n"
        "sys.argv = ['smm-desk-cli', 'order', '--service', '1', '--link', "
        "'https://instagram.com/p/noqt', '--quantity', '300', '--yes']\n"
        "try:\n"
        "    runpy.run_module('smmdesk', run_name='__main__')\n"
        "except SystemExit as e:\n"
        "    code = e.code\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'ui'))\n"
        "print('QT', qt, 'CODE', code)\n"
    )
    p = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=cli.env(),
                       capture_output=True, text=True, timeout=120)
    assert "QT [] CODE 0" in p.stdout, p.stdout + p.stderr


def test_the_script_entry_point_is_declared():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'smm-desk-cli = "smmdesk.cli:main"' in text


def test_mass_order_killed_and_run_again_places_no_line_twice(
        cli: CliProcess, panel_id: str, sim: PanelSimulator, tmp_path: Path):
    links = [f"https://instagram.com/p/kill-{i}" for i in range(12)]
    path = tmp_path / "orders.txt"
    path.write_text("".join(f"{DEFAULT}|{ln}|{150 + i}\n" for i, ln in enumerate(links)),
                    encoding="utf-8")
    sim.latency = 0.25  # slow answers: the kill lands in the middle of the run
    proc = cli.start("mass-order", str(path), "--yes", "--json")
    try:
        wait_for(lambda: sim.count("add") >= 4, timeout=60, what="four orders sent")
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    sent_before = sim.count("add")
    assert sent_before < len(links)

    sim.latency = 0.0
    again = cli("--json", "mass-order", str(path), "--yes")
    assert again.code in (0, 4), again.err
    statuses = [r["status"] for r in again.json()]
    assert len(statuses) == len(links)
    assert set(statuses) <= {"placed", "uncertain"}
    assert statuses.count("uncertain") <= 1  # at most the line in flight at the kill

    per_link = collections.Counter(r.params.get("link") for r in sim.requests
                                   if r.action == "add")
    assert max(per_link.values()) == 1, per_link  # no line placed twice
    assert sum(per_link.values()) >= len(links) - 1
    third = cli("--json", "mass-order", str(path), "--yes")
    assert third.code in (0, 4)
    assert collections.Counter(r.params.get("link") for r in sim.requests
                               if r.action == "add") == per_link
    history = cli("--json", "orders", "--limit", "0").json()
    remote = [o["order_id"] for o in history if o["order_id"] is not None]
    assert len(remote) == len(set(remote))
    assert sorted(remote) == sorted(set(remote) & set(sim.order_ids()))


def test_mass_order_ctrl_c_stops_between_lines(cli: CliProcess, panel_id: str,
                                               sim: PanelSimulator, tmp_path: Path):
    links = [f"https://instagram.com/p/int-{i}" for i in range(8)]
    path = tmp_path / "orders.txt"
    path.write_text("".join(f"{DEFAULT}|{ln}|300\n" for ln in links), encoding="utf-8")
    sim.latency = 0.25
    proc = cli.start("mass-order", str(path), "--yes")
    try:
        wait_for(lambda: sim.count("add") >= 2, timeout=60, what="two orders sent")
        os.kill(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
    assert proc.returncode == 1, err
    assert "stopped" in err and "--resume" in err and "--new-batch" not in err
    assert "uncertain" not in out.lower()  # the line in flight finished before it stopped
    sent = sim.count("add")
    assert sent < len(links)
    sim.latency = 0.0
    again = cli("--json", "mass-order", str(path), "--yes")
    assert again.code == 0, again.err
    per_link = collections.Counter(r.params.get("link") for r in sim.requests
                                   if r.action == "add")
    assert sorted(per_link) == sorted(links) and set(per_link.values()) == {1}
