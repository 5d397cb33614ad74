"""Compare wired into the main window (ui/compare/window.py): where its action sits, what
"Compare" compares, the once-a-day exchange-rates update and its Preferences section."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QGroupBox, QMenu

from smmdesk import options
from smmdesk.demo.server import PanelSimulator
from smmdesk.workspace import Workspace
from tests.ui.test_compare_ui import feed  # noqa: F401 - the fixture: a local ECB feed
from ui.compare.currency import daily_update_due
from ui.settings import Settings

TIMEOUT = 15_000


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=60, key="compare-window-key-0123456789", speed=0) as s:
        yield s


@pytest.fixture
def open_window(qtbot, data_dir: Path, sim: PanelSimulator):
    """``open_window(**settings)``: the app's window on a data dir with one panel, started
    with these settings.ini values."""
    from ui.app import build_context

    contexts = []

    def make(**values: object):
        with Workspace(data_dir) as ws:
            if not ws.panels():
                p = ws.add_panel("Sim", sim.url, sim.key)
                ws.refresh_services(p.id)
                ws.balance(p.id)
        settings = Settings(data_dir)
        for key, value in values.items():
            settings.set_value(key, value)
        settings.sync()
        ctx = build_context(data_dir)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.window.close()
        ctx.shutdown()
        ctx.window.deleteLater()


def closed_port() -> str:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/eurofxref-daily.xml"


def test_the_compare_action_sits_after_mass_order_and_new_order(qtbot, open_window) -> None:
    w = open_window().window
    action = w.compare.action
    toolbar = w.toolbar.actions()
    assert toolbar[toolbar.index(w.mass_order_action) + 1] is action
    menu = next(top.menu() for top in w.menuBar().actions()
                if isinstance(top.menu(), QMenu) and w.new_order_action in top.menu().actions())
    items = menu.actions()
    assert items[items.index(w.new_order_action) + 1] is action
    assert action in w.actions() and action.shortcut().toString() == "Ctrl+Shift+C"
    assert "Ctrl+Shift+C" in action.toolTip()


def test_compare_without_a_service_only_opens_the_dock(qtbot, open_window) -> None:
    ctx = open_window()
    w = ctx.window
    w.show()
    qtbot.waitUntil(lambda: w.services_view.model.total_count == 60, timeout=TIMEOUT)
    w.services_view.table.clearSelection()
    w.services_view.table.setCurrentIndex(w.services_view.model.index(-1, 0))
    with qtbot.assertNotEmitted(w.compare.panel.loaded, wait=200):
        w.compare.compare_current()
    assert w.compare.dock.isVisible()


def test_the_daily_rates_update_says_when_it_failed_and_tries_again(
        qtbot, open_window, data_dir: Path, feed) -> None:  # noqa: F811 - the fixture
    _answer, url = feed
    ctx = open_window(**{options.RATES_DAILY.key: True,
                         options.RATES_URL.key: closed_port()})
    w = ctx.window
    with qtbot.waitSignal(w.compare.ratesUpdated, timeout=TIMEOUT) as failed:
        w.show()
    assert failed.args[0], "a failed update gives its reason"
    assert w.statusBar().currentMessage() == f"Exchange rates not updated: {failed.args[0]}"
    assert daily_update_due(w.settings)  # not marked done: the next check tries again
    assert "TRY" not in ctx.workspace.rates()

    # The feed answers now: the next daily check updates, and marks the day done.
    w.settings[options.RATES_URL] = url
    with qtbot.waitSignal(w.compare.ratesUpdated, timeout=TIMEOUT) as done:
        w.compare._daily_update()  # what the hourly timer calls
    assert done.args == [""]
    assert w.settings[options.RATES_LAST_UPDATE]
    assert not daily_update_due(w.settings)
    assert {"EUR", "TRY"} <= set(ctx.workspace.rates())  # per dollar, the panel's currency


def test_the_daily_update_is_not_asked_when_switched_off(qtbot, open_window, feed) -> None:  # noqa: F811
    _answer, url = feed
    ctx = open_window(**{options.RATES_DAILY.key: False, options.RATES_URL.key: url})
    w = ctx.window
    with qtbot.assertNotEmitted(w.compare.ratesUpdated, wait=500):
        w.show()
        qtbot.waitUntil(lambda: w.services_view.model.total_count == 60, timeout=TIMEOUT)
    assert "TRY" not in ctx.workspace.rates()


def test_preferences_get_a_currencies_section_whose_threshold_is_kept(qtbot,
                                                                       open_window) -> None:
    ctx = open_window()
    w = ctx.window
    dialog = w.open_preferences()
    boxes = [b.title() for b in dialog.findChildren(QGroupBox)]
    assert "Currencies" in boxes
    page = w.compare.currency_settings
    assert page is not None and page.isVisibleTo(dialog)
    page.threshold.setValue(25)
    dialog.accept()
    assert w.settings[options.CHEAPER_THRESHOLD] == 25
    assert w.compare.form_addon.threshold == 25
