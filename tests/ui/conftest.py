"""Fixtures shared by the widget tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from ui.tasks import TaskRunner


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
