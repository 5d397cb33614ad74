"""Issue 22 items 4 and 5 with real processes: ``smm-desk-cli mass-order`` stopped (Ctrl+C) or
killed (SIGKILL) in the middle of a batch, then the command it advises; two runs of one list at
once. Counted on the simulator: every link is placed exactly once, whatever happens."""

from __future__ import annotations

import collections
import os
import re
import signal
import sys
from pathlib import Path

import pytest

from smmdesk.demo.server import PanelSimulator
from tests.system import cli_support
from tests.system.cli_support import CliProcess, Run, wait_for

KEY = "mass-process-key-0123456789abcdef"
DEFAULT = 1
DAY = 24 * 3600

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and SIGINT semantics")

# The process tests' fixtures (tests/system/cli_support.py): a simulator under KEY, the command
# line on the test's own folder, a panel added through it.
sim, cli, panel_id = cli_support.sim, cli_support.cli, cli_support.panel_id


def the_list(path: Path, tag: str, n: int = 10) -> list[str]:
    links = [f"https://instagram.com/{tag}_{i}" for i in range(n)]
    path.write_text("".join(f"{DEFAULT}|{ln}|{200 + i}\n" for i, ln in enumerate(links)),
                    encoding="utf-8")
    return links


def per_link(sim: PanelSimulator) -> collections.Counter[str]:
    return collections.Counter(r.params.get("link", "") for r in sim.requests
                               if r.action == "add")


def advised(err: str) -> list[str]:
    """The arguments of the ``smm-desk-cli mass-order …`` command a message advises."""
    found = re.findall(r"`smm-desk-cli (mass-order [^`]+)`", err)
    assert found, f"no command advised in:\n{err}"
    return found[-1].split()


def interrupt_after(cli: CliProcess, sim: PanelSimulator, args: list[str], sent: int) -> Run:
    sim.latency = 0.25  # slow answers: the stop lands in the middle of the run
    proc = cli.start(*args)
    try:
        wait_for(lambda: sim.count("add") >= sent, timeout=60, what=f"{sent} orders sent")
        os.kill(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=30)
    sim.latency = 0.0
    return Run(args, proc.returncode, out, err)


def kill_after(cli: CliProcess, sim: PanelSimulator, args: list[str], sent: int) -> None:
    sim.latency = 0.25
    proc = cli.start(*args)
    try:
        wait_for(lambda: sim.count("add") >= sent, timeout=60, what=f"{sent} orders sent")
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    sim.latency = 0.0


def test_a_stopped_new_batch_then_the_advised_command_places_each_line_once(
        cli: CliProcess, panel_id: str, sim: PanelSimulator, tmp_path: Path):
    """The issue's case: a 10-line list placed, done; the next day ``--new-batch``, stopped
    after a few lines; then what the CLI advises. It gave 14 orders for 10 lines."""
    path = tmp_path / "daily.txt"
    links = the_list(path, "daily")
    assert cli("mass-order", str(path), "--yes").code == 0
    sim.advance(30 * DAY)  # yesterday's orders completed: their links are free again
    assert cli("sync").code == 0
    assert sim.count("add") == 10
    sim.clear_log()

    stopped = interrupt_after(cli, sim, ["mass-order", str(path), "--yes", "--new-batch"], 3)
    assert stopped.code == 1, stopped.err
    assert "stopped" in stopped.err
    assert sim.count("add") < 10
    args = advised(stopped.err)
    assert "--new-batch" not in args and "--resume" in args
    resumed = cli(*args, "--yes")
    assert resumed.code == 0, resumed.err
    assert per_link(sim) == {ln: 1 for ln in links}  # 10 orders for 10 lines, not 14


def test_the_same_new_batch_command_after_a_stop_refuses_and_names_the_resume(
        cli: CliProcess, panel_id: str, sim: PanelSimulator, tmp_path: Path):
    path = tmp_path / "weekly.txt"
    links = the_list(path, "weekly")
    args = ["mass-order", str(path), "--yes", "--new-batch"]
    stopped = interrupt_after(cli, sim, args, 3)
    assert stopped.code == 1, stopped.err
    sent = sim.count("add")
    again = cli(*args)
    assert again.code == 2, again.err  # usage: nothing sent
    assert sim.count("add") == sent
    assert "--resume" in again.err and "not sent" in again.err
    assert cli(*advised(again.err), "--yes").code == 0
    assert per_link(sim) == {ln: 1 for ln in links}


def test_two_runs_of_one_list_at_once_the_second_refuses(
        cli: CliProcess, panel_id: str, sim: PanelSimulator, tmp_path: Path):
    path = tmp_path / "cron.txt"
    links = the_list(path, "cron", 12)
    sim.latency = 1.0  # ~12 s for the first run: the two below start while it runs
    first = cli.start("--json", "mass-order", str(path), "--yes")
    try:
        wait_for(lambda: sim.count("add") >= 2, timeout=60, what="the first run sending")
        second = cli("mass-order", str(path), "--yes")  # a second terminal, a cron overlap
        new = cli("mass-order", str(path), "--yes", "--new-batch")  # not even on purpose
        assert first.poll() is None, "the first run ended before the others started"
        assert second.code == 1, second.err
        assert "already being placed" in second.err and "nothing was sent" in second.err
        assert new.code == 1 and "already being placed" in new.err
        _out, err = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            os.kill(first.pid, signal.SIGKILL)
            first.communicate(timeout=30)
    assert first.returncode == 0, err
    assert per_link(sim) == {ln: 1 for ln in links}
    sim.latency = 0.0
    rerun = cli("--json", "mass-order", str(path), "--yes")
    assert rerun.code == 0 and {r["status"] for r in rerun.json()} == {"placed"}
    assert per_link(sim) == {ln: 1 for ln in links}


def test_kill_9_mid_batch_then_the_resume_command(
        cli: CliProcess, panel_id: str, sim: PanelSimulator, tmp_path: Path):
    path = tmp_path / "killed.txt"
    links = the_list(path, "killed", 12)
    kill_after(cli, sim, ["--json", "mass-order", str(path), "--yes", "--new-batch"], 4)
    sent = sim.count("add")
    assert sent < len(links)

    # The killed run's lock is recovered (its process is gone); the same --new-batch command
    # refuses and names the batch to resume.
    again = cli("mass-order", str(path), "--yes", "--new-batch")
    assert again.code == 2 and sim.count("add") == sent, again.err
    resume = cli("--json", *advised(again.err), "--yes")
    assert resume.code in (0, 4), resume.err
    statuses = [r["status"] for r in resume.json()]
    assert len(statuses) == len(links)
    assert set(statuses) <= {"placed", "uncertain", "sending"}
    assert len(statuses) - statuses.count("placed") <= 1  # at most the line in flight
    assert max(per_link(sim).values()) == 1
    assert sum(per_link(sim).values()) >= len(links) - 1
    # and a plain re-run of the list resumes the same batch: nothing more
    assert cli("mass-order", str(path), "--yes").code in (0, 4)
    assert max(per_link(sim).values()) == 1
