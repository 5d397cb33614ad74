"""Running ``python -m smmdesk`` (``smm-desk-cli``) as a real process in tests: its own data
folder and a test keyring file (``tests.core.cli_keyring``), never the person's keyring.

The fixtures the process tests share: ``sim`` (a 60-service panel under the test module's
``KEY``, its clock frozen), ``cli`` (a ``CliProcess`` on the test's own folder) and ``panel_id``
(the panel added through it). A test module defines ``KEY`` and takes them in by assignment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from smmdesk.demo.server import PanelSimulator
from tests.core import cli_support as core_cli_support
from tests.core.cli_keyring import BACKEND, ENV

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    argv: list[str]
    code: int
    out: str
    err: str

    def json(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


@dataclass
class CliProcess:
    data_dir: Path
    keyring_file: Path
    runs: list[Run] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["SMMDESK_DATA_DIR"] = str(self.data_dir)
        env["PYTHON_KEYRING_BACKEND"] = BACKEND
        env[ENV] = str(self.keyring_file)
        env.pop("QT_QPA_PLATFORM", None)  # the CLI has no use for Qt: prove it needs none
        return env

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "smmdesk", *args]

    def __call__(self, *args: str, stdin: str | None = None, timeout: float = 120) -> Run:
        argv = self.argv(*args)
        p = subprocess.run(argv, cwd=ROOT, env=self.env(), input=stdin if stdin is not None
                           else "", capture_output=True, text=True, timeout=timeout)
        run = Run(argv, p.returncode, p.stdout, p.stderr)
        self.runs.append(run)
        return run

    def start(self, *args: str) -> subprocess.Popen[str]:
        argv = self.argv(*args)
        self.runs.append(Run(argv, -1, "", ""))
        return subprocess.Popen(
            argv, cwd=ROOT, env=self.env(), text=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for(condition: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
    """Poll a condition about another process (not a GUI wait: no event loop here)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        time.sleep(0.02)  # polling another process (see the docstring)


def connect(cli: CliProcess, url: str, key: str, name: str = "Sim") -> str:
    """``panels add`` through the command line (the key on standard input); the panel's id."""
    r = cli("--json", "panels", "add", "--name", name, "--url", url, stdin=key + "\n")
    assert r.code == 0, r.err
    return str(r.json()[0]["id"])


sim = core_cli_support.sim  # the same simulator as the in-process CLI tests'


@pytest.fixture
def cli(tmp_path: Path) -> CliProcess:
    data = tmp_path / "data"
    data.mkdir()
    return CliProcess(data, tmp_path / "test-keyring.json")


@pytest.fixture
def panel_id(cli: CliProcess, sim: PanelSimulator) -> str:
    return connect(cli, sim.url, sim.key)
