"""Data the widget tests share (a module of helpers, not of tests)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

import smmdesk.store.values as store_clock
from smmdesk.demo.server import PanelSimulator
from smmdesk.models import SubmitState
from smmdesk.store import to_ms
from smmdesk.workspace import Workspace
from tests.ui.conftest import add_panel

SEED_LINK = "https://instagram.com/p/seeded"


def settled(qtbot, runner, timeout: int = 15_000) -> None:
    """What was just shown has done the work it started: the events posted so far are handled
    (a page asks its worker on being shown) and the task runner has no task left running or
    queued. What a fixed ``qtbot.wait(…)`` only hoped for, waited on instead."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    qtbot.waitUntil(lambda: runner.active_count == 0, timeout=timeout)


def seed_every_kind(data_dir: Path, sim: PanelSimulator) -> str:
    """A panel with services and a balance, completed orders, one uncertain order, a schedule
    that ran once and an active alert: something in every page and dialog. Returns its id."""
    pid = add_panel(data_dir, sim)
    ws = Workspace(data_dir)
    try:
        panel = ws.panel(pid)
        for i in range(3):
            ws.place_order(panel.id, 1, {"link": f"{SEED_LINK}{i}", "quantity": "100"})
        sim.advance(30 * 24 * 3600)
        ws.sync_panel(panel.id)
        sim.set_fault("drop_after_read", actions=["add"], times=1)
        ws.place_order(panel.id, 1, {"link": f"{SEED_LINK}-lost", "quantity": "100"})
        first = datetime.now().astimezone() + timedelta(hours=1)
        schedule = ws.schedule_order(panel.id, 1, {"link": f"{SEED_LINK}-s", "quantity": "100"},
                                     first_run=first, every=timedelta(days=1), times=3)
        ws.run_schedule_now(schedule.id)
        ws.set_balance_threshold(panel.id, Decimal("1000000"))
        ws.check_alerts()
        return panel.id
    finally:
        ws.close()


def placed_hours_ago(data_dir: Path, panel_id: str, hours: float, *, remote_id: int,
                     link: str = "https://instagram.com/p") -> int:
    """An order of the panel's first service, recorded placed ``hours`` ago (the store's
    injectable clock) and never started since: what the provider watch's attention checks
    read. Returns its local id."""
    placed_at = datetime.now().astimezone() - timedelta(hours=hours)
    with pytest.MonkeyPatch.context() as m, Workspace(data_dir) as ws:
        m.setattr(store_clock, "now_ms", lambda: to_ms(placed_at))
        service = ws.services(panel_id)[0].service
        oid = ws.store.orders.insert_submitting(
            panel_id=panel_id, service=service, fields={"link": link}, link=link,
            quantity=100, charge_estimate=Decimal("0.1"), currency="USD")
        ws.store.orders.set_submit_result(oid, SubmitState.PLACED, remote_id=remote_id)
    return oid
