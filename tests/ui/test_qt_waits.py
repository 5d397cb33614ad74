"""pytest-qt's waits give a loaded machine 20 s before a test fails (tests/conftest.py)."""

from __future__ import annotations

import inspect

from tests.conftest import QT_WAIT_DEFAULT_MS


def test_every_wait_without_its_own_timeout_allows_twenty_seconds(qtbot) -> None:
    for wait in (qtbot.waitUntil, qtbot.waitSignal, qtbot.waitSignals, qtbot.waitCallback):
        assert inspect.signature(wait).parameters["timeout"].default == QT_WAIT_DEFAULT_MS
    assert QT_WAIT_DEFAULT_MS == 20_000

