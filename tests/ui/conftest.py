"""Fixtures shared by the widget tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from ui.tasks import TaskRunner

SMALL_SIM_KEY = "ui-test-key-0123456789abcdef"


# What a runner's workers talk to, by the names the widget tests give it: the workspace and
# the panel simulators (two_panels: test_money_on_screen.py's pair with their simulators).
OUTLIVE_THE_RUNNER = ("ws", "workspace", "simulator", "sim", "sims", "small_sim", "two_panels")


@pytest.fixture
def runner(qapp, request: pytest.FixtureRequest) -> Iterator[TaskRunner]:
    """A task runner shut down (its workers waited for, up to 30 s) after the test. The
    workspace and any simulator the test uses are set up first, so they close only after the
    runner is shut down: no worker is left talking to a store or a panel that went away."""
    for name in OUTLIVE_THE_RUNNER:
        if name in request.fixturenames:
            request.getfixturevalue(name)
    r = TaskRunner()
    yield r
    r.shutdown(30_000)


@pytest.fixture
def make_window(qtbot, data_dir):
    """``make(path)``: the app's context with its main window shown (automation included);
    every one made is closed and shut down after the test."""
    from ui.app import build_context  # deliberately lazy: only the tests that use it load it

    contexts = []

    def make(path: Path = data_dir):
        ctx = build_context(path)
        contexts.append(ctx)
        ctx.window.show()
        qtbot.waitExposed(ctx.window)
        return ctx

    yield make
    app = QApplication.instance()
    for ctx in contexts:
        ctx.window.automation.tray.quitting = True  # closing quits, never goes to the tray
        if not ctx.window._closing:
            ctx.window._closing = True  # the test is over: no "an order is being sent" box
            ctx.window.close()
        ctx.shutdown()
        ctx.window.deleteLater()
    app.setQuitOnLastWindowClosed(True)


def add_panel(data_dir: Path, sim, *, name: str = "Sim", refresh: bool = True) -> str:
    """Connect the simulator as panel ``name`` in ``data_dir`` (balance and services read,
    unless ``refresh`` is False)."""
    from smmdesk.workspace import Workspace  # deliberately lazy (as above)

    with Workspace(data_dir) as ws:
        panel = ws.add_panel(name, sim.url, sim.key)
        if refresh:
            ws.balance(panel.id)
            ws.refresh_services(panel.id)
        return panel.id


@pytest.fixture
def small_sim():
    """A panel of 40 services whose orders stay where they are until the test moves its clock."""
    from smmdesk.demo.server import PanelSimulator  # deliberately lazy (as above)

    with PanelSimulator(services=40, key=SMALL_SIM_KEY, speed=0) as sim:
        yield sim


# ------------------------------------------------------------------- English and Turkish
@pytest.fixture(scope="session")
def compiled_qm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Turkish .qm built from the .ts into a temp folder (no earlier ``make i18n``)."""
    import importlib.util

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("build_i18n", root / "scripts" / "build_i18n.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    out = tmp_path_factory.mktemp("i18n")
    assert out / "smmdesk_tr.qm" in build.compile_all(out)
    return out


@pytest.fixture(params=["en", "tr"])
def language(request: pytest.FixtureRequest, qapp, compiled_qm: Path,
         monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The test runs once in English and once in Turkish (widgets made after this fixture):
    the app's own loader installs the language (translations and the default locale), the
    Turkish .qm compiled from the .ts first."""
    from ui import app as app_module  # deliberately lazy (as above)

    real_resource = app_module.resource
    monkeypatch.setattr(app_module, "resource",
                        lambda *parts: compiled_qm if parts == ("i18n",) else real_resource(*parts))
    previous = QLocale()
    translators = app_module.install_translations(qapp, request.param)
    if request.param == "tr":
        assert QApplication.translate("OrderForm", "Place order") == "Sipariş ver"
    try:
        yield request.param
    finally:
        for t in translators:
            qapp.removeTranslator(t)
            t.deleteLater()
        QLocale.setDefault(previous)


def pick(language: str, en: str, tr: str) -> str:
    """The expected text of a test run in ``language`` (the ``language`` fixture)."""
    return en if language == "en" else tr
