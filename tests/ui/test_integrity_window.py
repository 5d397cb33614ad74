"""Issue 17 at the window level: an order being sent shows at once, quitting while sending."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import OutcomeKind, SubmitState
from smmdesk.outcomes import describe_order
from smmdesk.workspace import Workspace
from tests.ui.conftest import add_panel
from ui.orders.model import Col
from ui.shell.main_window import View

SERVICE = 1  # the simulator's Default service


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=60, key="win-key-0123456789abcdef", speed=0) as s:
        yield s


def ready_form(qtbot, ctx, pid: str):
    w = ctx.window
    qtbot.waitUntil(lambda: w._loaded_once and w.services_view.model.total_count > 0,
                    timeout=10_000)
    form = w.order_form
    form.confirm = lambda _title, _text: True
    form.confirm_duplicate = lambda _title, _text: True
    with qtbot.waitSignal(form.serviceLoaded, timeout=10_000):
        form.set_service(pid, SERVICE)
    assert form.fill({"link": "https://instagram.com/slow", "quantity": "100"}) == []
    return form


def status_of_first_row(view) -> str:
    return view.model.index(0, Col.STATUS).data() if view.model.rowCount() else ""


# ------------------------------------------------------------------ 4. "Sending…" at once


def test_an_order_being_sent_shows_in_the_history_at_once_and_counts_agree(
        qtbot, make_window, data_dir, sim) -> None:
    pid = add_panel(data_dir, sim)
    ctx = make_window()
    form = ready_form(qtbot, ctx, pid)
    history = ctx.window.history_view
    qtbot.waitUntil(lambda: not history.model.loading, timeout=5000)
    assert history.model.rowCount() == 0
    release = threading.Event()  # the panel answers the add only when the test says so
    sim.set_fault("hang", actions=["add"], times=1, until=release, seconds=3600)
    form.place.click()
    qtbot.waitUntil(lambda: status_of_first_row(history) == "Sending…", timeout=10_000)
    qtbot.waitUntil(lambda: history.counts.get("all") == 1, timeout=10_000)
    assert form.busy  # still waiting for the panel
    with qtbot.waitSignal(form.placementFinished, timeout=10_000):
        release.set()
    qtbot.waitUntil(lambda: status_of_first_row(history) == "Pending", timeout=5000)
    assert history.counts["all"] == history.model.rowCount() == 1

    # an order that never reached the panel shows at once as "Not sent", not "Rejected"
    sim.stop()
    assert form.fill({"link": "https://instagram.com/second"}) == []
    with qtbot.waitSignal(form.placementFinished, timeout=20_000) as done:
        form.place.click()
    assert done.args[0].submit_state is SubmitState.REJECTED
    qtbot.waitUntil(lambda: status_of_first_row(history) == "Not sent", timeout=5000)
    qtbot.waitUntil(lambda: history.counts.get("attention") == 1, timeout=5000)
    assert history.counts["all"] == history.model.rowCount() == 2


# ------------------------------------------------------------------ 8. quit while sending


def test_quit_while_sending_can_wait_for_the_answer(qtbot, make_window, data_dir, sim) -> None:
    pid = add_panel(data_dir, sim)
    ctx = make_window()
    w = ctx.window
    form = ready_form(qtbot, ctx, pid)
    asked: list[str] = []
    w.ask_quit_while_sending = lambda: asked.append("asked") or "wait"
    release = threading.Event()
    sim.set_fault("hang", actions=["add"], times=1, until=release, seconds=3600)
    form.place.click()
    qtbot.waitUntil(lambda: form.busy, timeout=10_000)
    w.close()
    assert asked == ["asked"] and w.isVisible()  # still here, waiting
    assert "Waiting for the panel's answer" in w.statusBar().currentMessage()
    assert form.busy and w.isVisible()
    release.set()  # the panel answers now ...
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=10_000)  # ... and the window closes
    assert ctx.workspace.orders()[0].submit_state is SubmitState.PLACED


def test_quit_anyway_records_the_order_as_uncertain(qtbot, make_window, data_dir, sim) -> None:
    pid = add_panel(data_dir, sim)
    ctx = make_window()
    w = ctx.window
    form = ready_form(qtbot, ctx, pid)
    w.ask_quit_while_sending = lambda: "quit"
    sim.set_fault("hang", actions=["add"], times=1, seconds=3600)  # stop() ends it
    form.place.click()
    qtbot.waitUntil(lambda: form.busy, timeout=10_000)
    qtbot.waitUntil(lambda: bool(ctx.workspace.orders()), timeout=10_000)
    w.close()
    assert not w.isVisible()
    order = ctx.workspace.orders()[0]
    assert order.submit_state is SubmitState.UNCERTAIN
    assert order.outcome is OutcomeKind.APP_CLOSED
    assert "closed while sending" in describe_order(order)


# ------------------------------------------------------------------ 5. form and switcher


def test_the_order_form_names_its_own_panel_when_the_toolbar_switches(
        qtbot, make_window, data_dir, sim) -> None:
    pid = add_panel(data_dir, sim)
    with PanelSimulator(services=30, key="other-key-0123456789abcd", speed=0) as other_sim:
        ws = Workspace(data_dir)
        try:
            other = ws.add_panel("Other panel", other_sim.url, other_sim.key).id
        finally:
            ws.close()
        ctx = make_window()
        w = ctx.window
        qtbot.waitUntil(lambda: w._loaded_once, timeout=10_000)
        w.panel_switcher.setCurrentIndex(w.panel_switcher.findData(pid))
        form = ready_form(qtbot, ctx, pid)
        assert form.panel_label.text() == "Panel: Sim"
        w.panel_switcher.setCurrentIndex(w.panel_switcher.findData(other))
        qtbot.waitUntil(lambda: form.panel_label.property("other_panel") is True, timeout=5000)
        assert "this order goes to Sim" in form.panel_label.text()
        assert form.panel is not None and form.panel.id == pid  # kept, typed values too
        assert form.values()["link"] == "https://instagram.com/slow"
        assert "Panel: Sim" in form.summary_text()
        w.panel_switcher.setCurrentIndex(w.panel_switcher.findData(pid))
        assert form.panel_label.text() == "Panel: Sim"
        assert form.panel_label.property("other_panel") is False


# ------------------------------------------------------------------ 9. toolbar width


def test_export_csv_stays_on_the_history_toolbar_at_1150_px(qtbot, language, make_window,
                                                            data_dir, sim) -> None:
    add_panel(data_dir, sim)
    ctx = make_window()
    w = ctx.window
    qtbot.waitUntil(lambda: w._loaded_once, timeout=10_000)
    w.resize(1150, 760)
    w.set_view(View.ORDERS)
    history = w.history_view
    actions = (history.action_export, history.action_track, history.action_refresh)

    def every_button_on_the_toolbar() -> None:
        for action in actions:
            button = history.toolbar.widgetForAction(action)
            assert button is not None and button.isVisible(), action.objectName()
            assert history.toolbar.rect().contains(button.geometry()), action.objectName()

    # The toolbar lays itself out after the resize (its own events): wait for that, not a time.
    qtbot.waitUntil(every_button_on_the_toolbar, timeout=5000)
    for action in actions:
        button = history.toolbar.widgetForAction(action)
        # The person can tell what the button does: its label is the action's (its icon
        # text, the menu's words without "…") or, when the toolbar shows icons only for lack
        # of room, its tooltip is the action's (which says what it does).
        icon_only = button.toolButtonStyle() is Qt.ToolButtonStyle.ToolButtonIconOnly
        said, meant = ((button.toolTip(), action.toolTip()) if icon_only
                       else (button.text(), action.iconText()))
        assert meant.strip() and said == meant, (action.objectName(), said, meant)


def test_a_mass_order_with_refused_lines_shows_every_line_in_the_history(
        qtbot, make_window, data_dir, sim) -> None:
    pid = add_panel(data_dir, sim)
    ctx = make_window()
    w = ctx.window
    qtbot.waitUntil(lambda: w._loaded_once, timeout=10_000)
    w.panel_switcher.setCurrentIndex(w.panel_switcher.findData(pid))
    history = w.history_view
    qtbot.waitUntil(lambda: not history.model.loading, timeout=5000)
    dialog = w.open_mass_order()
    assert dialog is not None
    dialog.confirm = lambda _title, _text: True
    asked: list[str] = []
    dialog.go_on = lambda _title, text: asked.append(text) or True  # after each refusal
    qtbot.waitUntil(lambda: dialog.catalogue is not None, timeout=10_000)
    dialog.set_text("1|https://instagram.com/p/m1|100\n1|https://instagram.com/p/m2|100\n")
    qtbot.waitUntil(lambda: dialog.preview_ready, timeout=10_000)
    sim.balance = Decimal("0")  # the panel refuses both: nothing placed, both recorded
    with qtbot.waitSignal(dialog.batchFinished, timeout=15_000):
        assert dialog.place_now(confirm=False) is not None
    qtbot.waitUntil(lambda: history.counts.get("all") == 2 and history.model.rowCount() == 2,
                    timeout=15_000)
    assert len(asked) == 1  # it stopped to ask after the first refusal
    assert history.counts["attention"] == 2
    dialog.close()
