"""Issue 22 in the order form: the confirmation never renders panel markup; an order placed
with the panel's words beside its id says both; an order sent whose outcome the database
would not take is shown as uncertain and not sent again without asking."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from smmdesk import store as store_mod
from smmdesk.demo.server import PanelSimulator
from smmdesk.models import Panel, SubmitState
from smmdesk.store import database
from smmdesk.workspace import Workspace
from tests.ui.test_order_form import Asked
from ui.order_form import messages as order_messages
from ui.order_form.form import OrderForm
from ui.tasks import TaskRunner

KEY = "ui-unattended-key-0123456789"
TIMEOUT = 15_000
TAGGED = "<b>Evil</b> <span style='font-size:60px'>Panel</span>"


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=30, key=KEY, speed=0) as s:
        yield s


@pytest.fixture
def quick_ws(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    monkeypatch.setattr(database, "BUSY_TIMEOUT", 0.2)  # a held lock fails fast
    w = Workspace(data_dir)
    yield w
    w.close()


@pytest.fixture
def panel(quick_ws: Workspace, sim: PanelSimulator) -> Panel:
    p = quick_ws.add_panel(TAGGED, sim.url, sim.key)
    quick_ws.refresh_services(p.id)
    quick_ws.balance(p.id)
    return quick_ws.panel(p.id)


@pytest.fixture
def form(qtbot, quick_ws: Workspace, sim: PanelSimulator, panel: Panel) -> Iterator[OrderForm]:
    runner = TaskRunner()
    f = OrderForm(quick_ws, runner=runner)
    qtbot.addWidget(f)
    f.confirm_duplicate = Asked(False)
    with qtbot.waitSignal(f.serviceLoaded, timeout=TIMEOUT):
        f.set_service(panel.id, 1)
    f.fill({"link": "https://instagram.com/someone", "quantity": "100"})
    yield f
    runner.shutdown()


def place(qtbot, form: OrderForm):
    with qtbot.waitSignal(form.placementFinished, timeout=TIMEOUT) as blocker:
        assert form.place_now(confirm=False) is not None
    return blocker.args[0]


def test_the_confirmation_shows_a_panel_name_with_a_tag_as_typed(qtbot, form, monkeypatch):
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    form._ask_confirm("Place this order?", form.summary_text())
    form._ask_duplicate("Order again?", f"{TAGGED} again?")
    assert len(shown) == 2
    for box in shown:
        assert box.textFormat() == Qt.TextFormat.PlainText
        label = box.findChild(QLabel, "qt_msgbox_label")
        assert label is not None and label.textFormat() == Qt.TextFormat.PlainText
        assert "<b>Evil</b>" in label.text()


def test_an_order_placed_with_an_error_beside_its_id_says_both(qtbot, form, sim):
    sim.set_fault("answer", actions="add", times=1, extra={"error": "Low balance, top up"})
    order = place(qtbot, form)
    assert order is not None and order.submit_state is SubmitState.PLACED
    text = form.result.text()
    assert f"Order #{order.remote_id} placed." in text and "Low balance, top up" in text
    assert "Nothing was placed" not in text
    assert text == order_messages.outcome_message(order)


def test_an_order_whose_outcome_could_not_be_saved_is_uncertain_in_the_form(
        qtbot, form, sim, data_dir):
    holder = sqlite3.connect(data_dir / store_mod.DB_NAME, isolation_level=None,
                             check_same_thread=False)
    sim.set_fault("answer", actions="add", times=1,
                  then=lambda answer: holder.execute("BEGIN EXCLUSIVE"))
    try:
        assert place(qtbot, form) is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert form.result.text() == order_messages.uncertain_message()
    assert sim.count("add") == 1
    # The same order again is asked about first; declining sends nothing.
    form.place_now(confirm=False)
    assert len(form.confirm_duplicate.calls) == 1
    assert "may have gone through" in form.confirm_duplicate.calls[0][1]
    assert sim.count("add") == 1


def test_the_uncertain_status_tooltip_gives_the_advice_once(qtbot, quick_ws, panel, sim,
                                                            runner: TaskRunner):
    from ui.orders.model import Col, HistoryModel

    sim.set_fault("html_502", actions="add", times=1)
    order = quick_ws.place_order(panel.id, 1, {"link": "https://instagram.com/once",
                                               "quantity": "100"})
    assert order.submit_state is SubmitState.UNCERTAIN
    model = HistoryModel(quick_ws, runner)
    with qtbot.waitSignal(model.loaded, timeout=TIMEOUT):
        model.reload()
    tip = model.index(0, Col.STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert "HTTP 502" in tip and "may have been placed" in tip
    assert tip.lower().count("check the panel") == 1, tip
