"""Fixtures shared by the widget tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ui.tasks import TaskRunner


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:
    """A task runner shut down (its workers waited for) after the test. Tests whose runner must
    outlive a simulator define their own."""
    r = TaskRunner()
    yield r
    r.shutdown()


@pytest.fixture
def make_window(qtbot, data_dir: Path) -> Iterator[Callable[..., object]]:
    """``make(path=data_dir)``: the real main window over a data folder (``build_context``),
    shown; every one made is closed and shut down after the test (no question about an order
    still being sent: the test is over)."""
    from ui.app import build_context

    contexts = []

    def make(path: Path = data_dir):
        ctx = build_context(path)
        contexts.append(ctx)
        ctx.window.show()
        qtbot.waitExposed(ctx.window)
        return ctx

    yield make
    for ctx in contexts:
        ctx.window.automation.tray.quitting = True  # closing quits, never goes to the tray
        if not ctx.window._closing:
            ctx.window._closing = True
            ctx.window.close()
        ctx.shutdown()
        ctx.window.deleteLater()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setQuitOnLastWindowClosed(True)  # as the tray may have left it
