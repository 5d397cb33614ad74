"""The Orders page's "Refill until" (issue 27): it shows and sorts by the day each order's
refill window ends — the promise in the name the order was placed under, then its service's
description — not by when the order was placed; a lifetime window ends after every date, an
order without a window (no refill, canceled) sorts lowest, in either direction alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

import smmdesk.store.values as store_clock
from smmdesk.models import OrderState
from smmdesk.workspace import Workspace
from tests.core.test_watch import T0, Clock, _panel, placed, status, svc
from ui.orders.model import Col, HistoryModel
from ui.tables import ObjectRole
from ui.tasks import TaskRunner


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(store_clock, "now_ms", c)
    return c


def _history(ws: Workspace, clock: Clock) -> dict[str, int]:
    _panel(ws, "p")
    ws.store.services.apply_services("p", [
        svc(1, "Instagram Followers [Refill 30D]", refill=True),
        svc(2, "Instagram Followers [Refill 7D]", refill=True),
        svc(3, "Instagram Followers Lifetime Refill", refill=True),
        svc(4, "Instagram Followers [No Refill]"),
        svc(5, "Instagram Followers HQ", refill=True, description="Refill: 60 days guaranteed"),
    ])
    s = {sid: ws.service("p", sid) for sid in range(1, 6)}
    made: dict[str, int] = {}
    clock.at = T0 - timedelta(days=100)
    made["lifetime"] = placed(ws.store, "p", s[3], link="https://instagram.com/l")[0]
    clock.at = T0 - timedelta(days=48)
    made["described"] = placed(ws.store, "p", s[5], link="https://instagram.com/d")[0]  # +12
    clock.at = T0 - timedelta(days=20)
    made["r30"] = placed(ws.store, "p", s[1], link="https://instagram.com/a")[0]  # ends +10 d
    clock.at = T0 - timedelta(days=25)
    oid, remote = placed(ws.store, "p", s[1], link="https://instagram.com/c")
    status(ws.store, "p", remote, OrderState.CANCELED)  # refills cannot help it
    made["canceled"] = oid
    clock.at = T0
    made["r7"] = placed(ws.store, "p", s[2], link="https://instagram.com/b")[0]  # ends +7 d
    made["none"] = placed(ws.store, "p", s[4], link="https://instagram.com/n")[0]
    return made


def _order(qtbot, model: HistoryModel, descending: bool) -> list[int]:
    model.sort(Col.REFILL_UNTIL, Qt.SortOrder.DescendingOrder if descending
               else Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() == 6, timeout=5000)
    return [model.data(model.index(r, 0), ObjectRole).id for r in range(model.rowCount())]


def test_refill_until_sorts_by_the_windows_end(qtbot, ws: Workspace, runner: TaskRunner,
                                               clock: Clock) -> None:
    made = _history(ws, clock)
    model = HistoryModel(ws, runner)
    model.reload()
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() == 6, timeout=5000)
    up = _order(qtbot, model, descending=False)
    # r7 ends on day +7, r30 on +10 (placed 20 days ago), "described" on +12 (60 days from
    # its description, placed 48 days ago, before both), lifetime after every date.
    assert up[-4:] == [made["r7"], made["r30"], made["described"], made["lifetime"]]
    assert set(up[:2]) == {made["none"], made["canceled"]}  # no window: lowest
    down = _order(qtbot, model, descending=True)
    assert down == list(reversed(up))
    assert down[0] == made["lifetime"] and set(down[-2:]) == {made["none"], made["canceled"]}
    # What the column shows agrees with Workspace.refill_until, description included.
    row = down.index(made["described"])
    assert ws.refill_until(made["described"]) == T0 + timedelta(days=12)
    assert model.data(model.index(row, Col.REFILL_UNTIL))  # a date, read from the description
    assert model.data(model.index(down.index(made["lifetime"]), Col.REFILL_UNTIL)) == "Lifetime"
    for key in ("none", "canceled"):
        assert model.data(model.index(down.index(made[key]), Col.REFILL_UNTIL)) == ""
