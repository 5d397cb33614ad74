"""Fixtures shared by the widget tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from ui.tasks import TaskRunner

SMALL_SIM_KEY = "ui-test-key-0123456789abcdef"


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:
    """A task runner shut down (its workers waited for) after the test. Tests whose runner must
    outlive a simulator define their own."""
    r = TaskRunner()
    yield r
    r.shutdown()


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


@pytest.fixture(params=["en", "tr"])
def language(request, qapp) -> Iterator[str]:
    """The test runs once in English and once in Turkish (widgets made after this fixture)."""
    from ui import app as app_module  # deliberately lazy (as above)

    previous = QLocale()
    translators = [] if request.param == "en" else app_module.install_translations(qapp, "tr")
    if request.param == "tr":
        assert QApplication.translate("OrderForm", "Place order") == "Sipariş ver", (
            "the Turkish translation is not compiled (make i18n)")
    yield request.param
    for t in translators:
        qapp.removeTranslator(t)
    QLocale.setDefault(previous)
