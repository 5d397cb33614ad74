"""The history model (qtmodeltester, paging, 100,000 orders) and the spending view."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smmdesk.history import HistoryFilter, chart_series
from smmdesk.models import Service
from smmdesk.store import now_ms
from smmdesk.workspace import Workspace
from ui.orders.model import Col, HistoryModel, ObjectRole, ProgressRole, SortRole
from ui.tasks import TaskRunner

SVC = Service(7, "Instagram Likes", "Default", "Instagram", Decimal("0.5"), 10, 10000)


def offline_panel(ws: Workspace) -> str:
    # A panel that is never contacted: the history works from the store alone.
    return ws.add_panel("Offline panel", "http://127.0.0.1:9/api/v2", "k" * 16).id


def bulk(ws: Workspace, pid: str, n: int) -> None:
    start = now_ms() - n
    ws.store.orders.bulk_insert_placed(
        pid, SVC, ((100_000 + i, f"https://instagram.com/p/{i}", 100 + i % 900)
                   for i in range(n)), created_at_ms=start)


def test_model_passes_qtmodeltester_and_pages(qtbot, qtmodeltester, ws: Workspace,
                                              runner: TaskRunner) -> None:
    pid = offline_panel(ws)
    bulk(ws, pid, 250)
    model = HistoryModel(ws, runner, page_size=100)
    with qtbot.waitSignal(model.loaded, timeout=5000) as blocker:
        model.reload()
    assert blocker.args == [250] and model.rowCount() == 100
    assert model.canFetchMore()
    model.fetchMore()  # the next page comes async
    assert not model.canFetchMore()  # one page request at a time
    with qtbot.waitSignal(model.pageLoaded, timeout=5000):
        pass
    assert model.rowCount() == 200
    assert model.canFetchMore()
    model.fetchMore()
    assert not model.canFetchMore()  # one page request at a time
    qtbot.waitUntil(lambda: model.rowCount() == 250, timeout=5000)
    assert not model.canFetchMore()
    o = model.index(0, Col.TIME).data(ObjectRole)
    assert o.remote_id == 100_249  # newest first
    assert model.index(0, Col.QUANTITY).data(SortRole) == o.quantity
    assert model.index(0, Col.PROGRESS).data(ProgressRole) == 0.0
    assert model.index(0, Col.CHARGE).data() == ""  # bulk rows have no charge or estimate
    qtmodeltester.check(model, force_py=True)

    # In-place updates: dataChanged for that row only, no reset.
    resets: list[int] = []
    changes: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda a, b, _r=(): changes.append((a.row(), b.row())))
    from dataclasses import replace

    from smmdesk.models import OrderState

    rows = [replace(model.order_at(r), state=OrderState.COMPLETED, remains=0)
            for r in (3, 4, 9)]
    assert model.update_orders(rows) == [r.id for r in rows]
    assert changes == [(3, 4), (9, 9)] and resets == []
    assert model.index(3, Col.PROGRESS).data(ProgressRole) == 1.0
    assert model.update_orders(rows) == []  # unchanged: no signal


def test_hundred_thousand_orders_open_by_pages(qtbot, ws: Workspace, runner: TaskRunner) -> None:
    """100,000 orders come in SQL pages, never all at once; how fast the first page shows is
    bench/bench_history.py's history_first_page_s (a limit here flaked on a loaded machine).
    The waits below are deadlock guards, not speed limits."""
    from ui.orders.view import OrdersView

    pid = offline_panel(ws)
    bulk(ws, pid, 100_000)
    view = OrdersView(ws, runner, autostart=False)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=30_000)
    assert view.model.total == 100_000 and view.model.rowCount() <= 300
    qtbot.waitUntil(lambda: view.counts["all"] == 100_000, timeout=30_000)
    # Scrolling to the end asks for the next page (SQL paging, not 100,000 rows up front).
    before = view.model.rowCount()
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() > before, timeout=30_000)
    assert view.model.rowCount() < 100_000
    # A search narrows it by SQL.
    view.search.setText("100123")
    view.apply_filter_now()
    qtbot.waitUntil(lambda: not view.model.loading and view.model.total == 1, timeout=30_000)


def test_spending_view_totals_and_chart(qtbot, ws: Workspace, runner: TaskRunner) -> None:
    from ui.spending.view import SpendingView

    pid = offline_panel(ws)
    bulk(ws, pid, 3)  # no charge, no estimate: counts nothing
    with ws.store.db.transaction() as c:
        c.execute("UPDATE orders SET charge = '0.10', currency = 'USD' WHERE remote_id = 100000")
        c.execute("UPDATE orders SET charge = '0.20', currency = 'USD' WHERE remote_id = 100001")
    view = SpendingView(ws, runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=5000) as blocker:
        view.reload()
    data = blocker.args[0]
    assert sum(v for _, _, v in data.month) == Decimal("0.30")
    assert "0.30" in view.month_label.text()
    assert view.table.rowCount() == 1 and view.table.item(0, 0).text() == "Offline panel"
    assert len(view.chart.series()) == 1
    bar_set = view.chart.series()[0].barSets()[0]
    assert bar_set.count() == 30 and abs(bar_set.at(29) - 0.3) < 1e-9
    view.bucket_box.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.data is not None and view.data.bucket == "week", timeout=5000)
    assert view.chart.series()[0].barSets()[0].count() in (12, 13)


def test_chart_series_is_decimal_and_zero_filled() -> None:
    from datetime import date

    rows = [(date(2024, 5, 2), "a", "USD", Decimal("0.1")),
            (date(2024, 5, 2), "a", "USD", Decimal("0.2")),
            (date(2024, 5, 3), "b", "EUR", Decimal("5"))]
    periods, series = chart_series(rows, "USD", since=date(2024, 5, 1), until=date(2024, 5, 3))
    assert periods == [date(2024, 5, 1), date(2024, 5, 2), date(2024, 5, 3)]
    assert series == {"a": [Decimal(0), Decimal("0.3"), Decimal(0)]}
    with pytest.raises(ValueError, match="unknown kind"):
        HistoryFilter(kind="drip")  # a filter that cannot be answered is refused at once


def test_a_search_matching_very_many_says_plus_until_counted(qtbot, ws: Workspace,
                                                             runner: TaskRunner,
                                                             monkeypatch) -> None:
    """Past the cap the first page does not count every match: the total reads "10+" (here)
    until the exact figure arrives, and paging still reaches every matching order."""
    import ui.orders.model as history_model

    monkeypatch.setattr(history_model, "COUNT_CAP", 10)
    pid = offline_panel(ws)
    bulk(ws, pid, 40)
    model = HistoryModel(ws, runner, page_size=5)
    with qtbot.waitSignal(model.loaded, timeout=5000) as blocker:
        model.set_filter(HistoryFilter(search="instagram"))
    assert blocker.args[0] == 11 and not model.total_exact
    while model.canFetchMore():
        with qtbot.waitSignal(model.pageLoaded, timeout=5000):
            model.fetchMore()
    assert model.rowCount() == 40 and model.total == 40 and model.total_exact
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.reload()
    model.set_exact_total(ws.order_counts(HistoryFilter(search="instagram"))["all"])
    assert model.total == 40 and model.total_exact


def test_history_view_total_becomes_exact_from_the_counts(qtbot, ws: Workspace,
                                                          runner: TaskRunner,
                                                          monkeypatch) -> None:
    import ui.orders.model as history_model
    from ui.orders.view import OrdersView

    monkeypatch.setattr(history_model, "COUNT_CAP", 10)
    pid = offline_panel(ws)
    bulk(ws, pid, 400)
    view = OrdersView(ws, runner, autostart=False)
    qtbot.addWidget(view)
    view.search.setText("instagram")
    view.apply_filter_now()
    qtbot.waitUntil(lambda: view.model.total_exact and view.model.total == 400
                    and not view.model.loading, timeout=10_000)
    assert "400" in view.summary.text() and "+" not in view.summary.text()


def test_a_painted_cell_shows_what_the_model_answers_for_it(qtbot, ws: Workspace,
                                                            runner: TaskRunner) -> None:
    """A delegate asks a cell's roles in one call (``multiData``): it gets the same text,
    alignment and colour as ``data`` gives role by role, for every column of a page."""
    from dataclasses import replace

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

    from smmdesk.models import OrderState

    pid = offline_panel(ws)
    bulk(ws, pid, 12)
    model = HistoryModel(ws, runner, page_size=100)
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.reload()
    model.update_orders([replace(model.order_at(2), state=OrderState.COMPLETED, remains=0)])
    delegate = QStyledItemDelegate()
    for row in range(model.rowCount()):
        for col in Col:
            index = model.index(row, col)
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, index)
            assert option.text == (index.data() or "")
            align = index.data(Qt.ItemDataRole.TextAlignmentRole)
            if align is not None:
                assert option.displayAlignment == Qt.AlignmentFlag(align)
            brush = index.data(Qt.ItemDataRole.ForegroundRole)
            if brush is not None:
                assert option.palette.brush(option.palette.ColorRole.Text) == brush
    done = model.index(2, Col.STATUS)
    assert done.data() and done.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, Col.QUANTITY).data(Qt.ItemDataRole.TextAlignmentRole) is not None
