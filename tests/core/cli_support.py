"""The command-line interface run in-process (``smmdesk.cli.main``), and the fixtures the CLI
tests share: ``sim`` (a 60-service panel under the test module's ``KEY``, its clock frozen),
``cli`` (the CLI on the test's data dir) and ``panel_id`` (the panel added through the CLI).

A test module defines ``KEY`` and takes the fixtures in by assignment (``sim, cli, panel_id =
cli_support.sim, cli_support.cli, cli_support.panel_id``)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from smmdesk.cli import main
from smmdesk.cli.commands import OK
from smmdesk.demo.server import PanelSimulator


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> list[dict]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


class Cli:
    """The CLI on ``data_dir`` (``store``: a team store's address, as ``--store``)."""

    def __init__(self, data_dir: Path, store: str | None = None) -> None:
        self.data_dir = data_dir
        self.store = store

    @property
    def base(self) -> list[str]:
        return ["--data-dir", str(self.data_dir)] + (
            ["--store", self.store] if self.store else [])

    def __call__(self, *argv: str, stdin: str = "") -> Result:
        out, err = io.StringIO(), io.StringIO()
        code = main([*self.base, *argv], stdin=io.StringIO(stdin),
                    stdout=out, stderr=err)
        return Result(code, out.getvalue(), err.getvalue())


class Tty(io.StringIO):
    """A stream that says it is a terminal (the CLI asks before placing, hides the key)."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def sim(request: pytest.FixtureRequest) -> Iterator[PanelSimulator]:
    with PanelSimulator(services=60, key=request.module.KEY, speed=0) as s:
        yield s


@pytest.fixture
def cli(data_dir: Path) -> Cli:
    return Cli(data_dir)


@pytest.fixture
def panel_id(cli: Cli, sim: PanelSimulator) -> str:
    r = cli("--json", "panels", "add", "--name", "Sim", "--url", sim.url, stdin=sim.key + "\n")
    assert r.code == OK, r.err
    return r.json()[0]["id"]
