"""Shared fixtures. Offscreen Qt, an in-memory keyring for every test, a real simulator on demand.

Under CI=true a skipped test is turned into a failure: nothing may skip in CI.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

# Must be set before any Qt import (pytest-qt imports QtWidgets lazily, at the first qapp use).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_ACCESSIBILITY", "0")

import keyring
from hypothesis import settings as hypothesis_settings
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# Hypothesis: in CI the examples are derandomised (the seed is a hash of each test, so a run
# finds exactly what the previous one found) and nothing is replayed from a local example
# database; locally they stay random, to keep exploring. Either way a failure prints the
# @reproduce_failure blob (and, when the seed was random, the seed) to replay it exactly.
# Loaded here, before any test module builds its own settings on top of the profile.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("dev", print_blob=True)
HYPOTHESIS_PROFILE = os.environ.get("SMMDESK_HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "dev")
hypothesis_settings.load_profile(HYPOTHESIS_PROFILE)


# pytest-qt waits 5 s by default for a condition or a signal. A wait returns as soon as what it
# waits for happens, so its limit is only how long a *failing* test hangs; on a loaded machine
# (issue 29: the suite run twice at once on two cores) a worker's read or a simulator's answer
# took longer than 5 s now and then, and a test failed that nothing was wrong with. The default
# is 20 s; a test that says its own timeout keeps it. No test uses a wait's expiry to show that
# something did not happen (that is ``assertNotEmitted``, which this leaves as it is).
QT_WAIT_DEFAULT_MS = 20_000


def _longer_qt_waits() -> None:
    from pytestqt.qtbot import QtBot

    for name in ("waitUntil", "waitSignal", "waitSignals", "waitCallback"):
        defaults = getattr(QtBot, name).__kwdefaults__
        if defaults.get("timeout") == 5000:
            defaults["timeout"] = QT_WAIT_DEFAULT_MS


_longer_qt_waits()


def pytest_report_header(config: pytest.Config) -> str:
    chosen = hypothesis_settings.get_profile(HYPOTHESIS_PROFILE)
    how = ("derandomised: the same examples every run" if chosen.derandomize
           else "random seed, printed with a failure")
    return f"hypothesis profile: {HYPOTHESIS_PROFILE} ({how})"


# The throwaway PostgreSQL cluster's fixtures (pg_cluster, pg_empty, pg_team) and both engines
# of the store (engine, engine_store, engine_ws).
pytest_plugins = ["tests.pg_support", "tests.engines"]


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps secrets in a dict (tests only)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.store[(service, username)]
        except KeyError:
            raise PasswordDeleteError(username) from None


@pytest.fixture(autouse=True)
def _gc_on_the_gui_thread() -> Iterator[None]:
    """As in the app (ui/gcguard.py): no automatic collection, which could run on a worker thread
    and free Qt objects there; collect here, on the main (GUI) thread, after each test."""
    gc.disable()
    try:
        yield
    finally:
        gc.collect()


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keyring; the real one is never touched by accident."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[ZoneInfo]:
    """The machine's time zone is Europe/Berlin for the test (summer time in 2030: 31 March
    02:00 → 27 October 03:00): local times, "every N days" and the shown UTC offsets follow it."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield ZoneInfo("Europe/Berlin")
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test writes to the real $HOME, XDG dirs or QSettings of the person running them."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("SMMDESK_DATA_DIR", str(home / "smmdesk-data"))
    yield


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def ws(data_dir: Path):
    """A Workspace over a fresh data dir, closed after the test."""
    from smmdesk.workspace import Workspace

    w = Workspace(data_dir)
    yield w
    w.close()


def connect_panel(ws, sim, name: str = "Sim"):
    """The simulator connected as a panel of ``ws``, its services and balance read: the
    ``Panel`` as stored."""
    panel = ws.add_panel(name, sim.url, sim.key)
    ws.refresh_services(panel.id)
    ws.balance(panel.id)
    return ws.panel(panel.id)


def first_default(ws, panel_id: str):
    """The first service of type Default in the panel's list (the simulator's catalogue)."""
    return next(r.service for r in ws.services(panel_id) if r.service.type == "Default")


@pytest.fixture
def simulator():
    """A real HTTP panel on 127.0.0.1 with a small catalogue; faults are switches on it."""
    from smmdesk.demo.server import PanelSimulator

    with PanelSimulator(services=300, key="test-key-0123456789abcdef") as sim:
        yield sim


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped under CI=true (nothing may skip in CI): {reason}"
