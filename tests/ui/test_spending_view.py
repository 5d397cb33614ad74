"""The spending chart's value axis: distinct labels however small the amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCharts import QValueAxis

from smmdesk.models import Service
from smmdesk.store import now_ms
from smmdesk.workspace import Workspace
from ui.spending.view import SpendingView
from ui.tasks import TaskRunner

SVC = Service(7, "Instagram Likes", "Default", "Instagram", Decimal("0.5"), 10, 10000)


def axis_labels(axis: QValueAxis) -> list[str]:
    """The labels the axis draws: tickCount evenly spaced values in its label format."""
    lo, hi, n = axis.min(), axis.max(), axis.tickCount()
    return [axis.labelFormat() % (lo + (hi - lo) * i / (n - 1)) for i in range(n)]


def spent(ws: Workspace, amounts: list[str], currency: str = "TRY") -> None:
    pid = ws.add_panel("Lira panel", "http://127.0.0.1:9/api/v2", "k" * 16).id
    ws.store.bulk_insert_placed(
        pid, SVC, ((500 + i, f"https://instagram.com/p/{i}", 100) for i in range(len(amounts))),
        created_at_ms=now_ms() - 1000)
    with ws.store.transaction() as c:
        for i, amount in enumerate(amounts):
            c.execute("UPDATE orders SET charge = ?, currency = ? WHERE remote_id = ?",
                      (amount, currency, 500 + i))


def value_axis(view: SpendingView) -> QValueAxis:
    axes = [a for a in view.chart.axes() if isinstance(a, QValueAxis)]
    assert len(axes) == 1
    return axes[0]


@pytest.mark.parametrize("amounts", [["0.0148"], ["0.003", "0.0001"], ["0.30"], ["7"],
                                     ["1234.5", "99"]])
def test_value_axis_labels_never_repeat(qtbot, ws: Workspace, runner: TaskRunner,
                                        amounts: list[str]) -> None:
    spent(ws, amounts)
    view = SpendingView(ws, runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.reload()
    labels = axis_labels(value_axis(view))
    assert len(set(labels)) == len(labels), labels
    top = sum(Decimal(a) for a in amounts)
    assert Decimal(labels[-1]) >= top and 3 <= len(labels) <= 7, labels
    assert Decimal(labels[0]) == 0


def test_an_empty_chart_still_has_a_sane_axis(qtbot, ws: Workspace, runner: TaskRunner) -> None:
    view = SpendingView(ws, runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.reload()
    labels = axis_labels(value_axis(view))
    assert len(set(labels)) == len(labels) and Decimal(labels[0]) == 0, labels
