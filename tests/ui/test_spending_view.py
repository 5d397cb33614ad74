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
    ws.store.orders.bulk_insert_placed(
        pid, SVC, ((500 + i, f"https://instagram.com/p/{i}", 100) for i in range(len(amounts))),
        created_at_ms=now_ms() - 1000)
    with ws.store.db.transaction() as c:
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


def test_the_demo_panels_spending_is_shown_apart_never_in_the_headline(
        qtbot, ws: Workspace, runner: TaskRunner) -> None:
    real = ws.add_panel("Real panel", "http://127.0.0.1:9/api/v2", "k" * 16).id
    demo = ws.add_panel("Demo panel", "http://127.0.0.1:8/api/v2", "d" * 16, is_demo=True).id
    for pid, remote, amount in ((real, 501, "2.50"), (demo, 502, "40.00")):
        ws.store.orders.bulk_insert_placed(pid, SVC, [(remote, "https://instagram.com/p/x", 100)],
                                           created_at_ms=now_ms() - 1000)
        with ws.store.db.transaction() as c:
            c.execute("UPDATE orders SET charge = ?, currency = 'USD' WHERE remote_id = ?",
                      (amount, remote))
    view = SpendingView(ws, runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.reload()
    assert view.month_label.text() == "$2.50"  # not $42.50
    assert not view.demo_label.isHidden()
    assert view.demo_label.text() == ("Demo panel, simulated and not counted above: "
                                      "$40.00 this month")
    names = [view.table.item(r, 0).text() for r in range(view.table.rowCount())]
    assert names == ["Real panel", "Demo panel (simulated)"]
    assert list(view.data.rows[0][1:3]) == [real, "USD"] and len(view.data.rows) == 1
    # The demo panel chosen on its own: shown, and said to be simulated.
    view.set_panel(demo)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.reload()
    assert view.month_caption.text() == "Simulated this month (demo panel)"
    assert view.month_label.text() == "$40.00" and view.demo_label.isHidden()
