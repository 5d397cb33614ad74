"""Issue 17 in the GUI: resolving with a taken or contradicting id, true subscription prices,
"not sent" apart from "rejected", the offline retry's promise, quitting while sending."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import Service, SubmitState
from smmdesk.workspace import Workspace
from ui.history.dialogs import ResolveDialog
from ui.history.view import HistoryView
from ui.tasks import TaskRunner


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=60, key="integ-key-0123456789abcdef", speed=0) as s:
        yield s


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown()


@pytest.fixture
def panel_id(ws: Workspace, sim: PanelSimulator) -> str:
    p = ws.add_panel("Sim panel", sim.url, sim.key)
    ws.refresh_services(p.id)
    ws.balance(p.id)
    return p.id


def service_of(ws: Workspace, pid: str, type_name: str) -> Service:
    return next(r.service for r in ws.services(pid) if r.service.type == type_name)


def uncertain_package(ws: Workspace, sim: PanelSimulator, pid: str):
    package = service_of(ws, pid, "Package")
    sim.set_fault("drop_after_read", actions=["add"], times=1)
    order = ws.place_order(pid, package.id, {"link": "https://instagram.com/pkg"})
    assert order.submit_state is SubmitState.UNCERTAIN
    return order


# ------------------------------------------------------------------ 1. resolve


def test_resolve_dialog_refuses_an_id_already_tracked_and_names_its_order(
        qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator, panel_id: str) -> None:
    default = service_of(ws, panel_id, "Default")
    placed = ws.place_order(panel_id, default.id,
                            {"link": "https://instagram.com/first", "quantity": str(default.min)})
    unsure = uncertain_package(ws, sim, panel_id)
    dialog = ResolveDialog(unsure, workspace=ws, runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.remote.setText(str(placed.remote_id))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "already recorded" in dialog.problem.text(), timeout=5000)
    assert "https://instagram.com/first" in dialog.problem.text()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.ok_button.click()  # asking again does not let it through
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=5000)
    assert dialog.isVisible()
    assert ws.order(unsure.id) == unsure


def test_resolve_dialog_shows_a_contradicting_panel_answer_before_anything_changes(
        qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator, panel_id: str) -> None:
    unsure = uncertain_package(ws, sim, panel_id)
    default = service_of(ws, panel_id, "Default")
    other = sim.place_direct(default.id, "https://instagram.com/else", default.min * 3)
    dialog = ResolveDialog(unsure, workspace=ws, runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.remote.setText(str(other))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "The panel charged" in dialog.problem.text(), timeout=5000)
    assert "remain to deliver" in dialog.problem.text()
    assert dialog.ok_button.text() == f"Use #{other} anyway"
    assert dialog.isVisible() and ws.order(unsure.id) == unsure
    dialog.ok_button.click()  # seen, and insisted on
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_id == other and dialog.accept_mismatch


def test_history_resolve_with_a_taken_id_says_so_and_changes_nothing(
        qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator, panel_id: str) -> None:
    default = service_of(ws, panel_id, "Default")
    placed = ws.place_order(panel_id, default.id,
                            {"link": "https://instagram.com/first", "quantity": str(default.min)})
    unsure = uncertain_package(ws, sim, panel_id)
    view = HistoryView(ws, runner, autostart=False)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.model.loading and bool(view.panels), timeout=5000)
    view.show_order(unsure.id)
    qtbot.waitUntil(lambda: view._context is not None and view._context.order.id == unsure.id,
                    timeout=5000)
    with qtbot.waitSignal(view.actionFinished, timeout=10000) as blocker:
        view.resolve_selected(placed.remote_id)
    assert blocker.args[:3] == ["resolve", unsure.id, False]
    assert "already recorded" in view.message.text()
    assert ws.order(unsure.id).submit_state is SubmitState.UNCERTAIN
