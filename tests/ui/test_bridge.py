"""Background failures reach the window through one bridge, worded by one function."""

from __future__ import annotations

from ui import bridge
from ui.tasks import Cancelled


def test_a_background_failure_reaches_the_status_bar(qtbot, make_window) -> None:
    ctx = make_window()
    w = ctx.window
    with qtbot.waitSignal(bridge.global_bridge().shown, timeout=10_000) as shown:
        w.reorder(987654)  # "Order again" for an order that is not (any more) in the history
    message = shown.args[0]
    assert message.level is bridge.Level.ERROR and message.text
    assert w.statusBar().currentMessage() == message.text


def test_one_wording_what_failed_then_why(qapp) -> None:
    exc = OSError(28, "No space left on device")
    text = bridge.failure_text(exc, "Exchange rates not updated")
    assert text.startswith("Exchange rates not updated: ")
    assert text.endswith(bridge.failure_text(exc))
    assert bridge.error(Cancelled("reorder")) is None  # a cancelled task says nothing
