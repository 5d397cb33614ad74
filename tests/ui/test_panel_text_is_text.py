"""Issue 18 item 3: a panel's text is shown as text. A hostile panel on loopback sends markup in
its service names, category, currency and error texts; every place that shows them (tooltips,
labels, the mass-order table and total, the online indicator, the spending month label and
chart axis, the tray notification) shows the markup literally, never rendered."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCharts import QAbstractAxis
from PySide6.QtGui import Qt, QTextDocument  # QtGui's Qt also has mightBeRichText
from PySide6.QtWidgets import QLabel, QSystemTrayIcon

from smmdesk.errors import ApiError
from smmdesk.workspace import Workspace
from tests.core.hostile import HostilePanel
from ui.app import build_context
from ui.order_form.mass_order import MassOrderDialog
from ui.orders.background import Notifier
from ui.services.model import Col

NAME = "<b>Big</b> <img src='http://127.0.0.1:9/x.png'> likes"
CATEGORY = "<span style='font-size:40px'>Cat</span>"
CURRENCY = "<u>USD</u>"  # 10 characters: the longest currency accepted
ERROR = "<span style='font-size:40px'>Refused</span> <img src=x>"
KEY = "markup-panel-key-123456"


def markup_panel(h) -> None:
    action = h.form.get("action")
    if action == "services":
        h.send_json(
            [
                {"service": 1, "name": NAME, "category": CATEGORY, "type": "Default",
                 "rate": "1.50", "min": 10, "max": 1000, "desc": NAME},
            ]
        )
    elif action == "balance":
        h.send_json({"balance": "100.00", "currency": CURRENCY})
    elif action == "add":
        h.send_json({"order": 77})
    elif action == "status":
        h.send_json({"77": {"status": "Completed", "charge": "0.015", "start_count": 1,
                            "remains": 0, "currency": CURRENCY}})
    else:
        h.send_json({"error": ERROR})


def shown(text: str | None, *, always_html: bool = False) -> str:
    """What a person sees for ``text`` where Qt decides (or, for chart titles, always reads)
    rich text."""
    text = text or ""
    if always_html or Qt.mightBeRichText(text):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def label_shows(label: QLabel, literal: str) -> bool:
    """The label shows ``literal`` as typed (case aside: currency codes are upper-cased)."""
    text = label.text() if label.textFormat() == Qt.TextFormat.PlainText else shown(label.text())
    return literal.lower() in text.lower()


@pytest.fixture
def panel_data(data_dir: Path):
    with HostilePanel(markup_panel) as panel:
        ws = Workspace(data_dir)
        try:
            p = ws.add_panel("Markup", panel.url, KEY)
            ws.balance(p.id)
            ws.refresh_services(p.id)
            order = ws.place_order(p.id, 1, {"link": "https://x.example/a", "quantity": 10})
            assert order.remote_id == 77
        finally:
            ws.close()
        yield p.id, panel


def test_markup_from_the_panel_is_shown_literally_everywhere(qtbot, data_dir, panel_data):
    pid, _panel = panel_data
    ctx = build_context(data_dir)
    w = ctx.window
    try:
        w.show()
        qtbot.waitExposed(w)
        view = w.services_view
        qtbot.waitUntil(lambda: view.model.total_count == 1, timeout=10_000)

        # Services: the table's tooltips and the details labels.
        name_tip = view.model.index(0, Col.NAME).data(Qt.ItemDataRole.ToolTipRole)
        assert NAME in shown(name_tip)
        for col in Col:
            tip = view.model.index(0, col).data(Qt.ItemDataRole.ToolTipRole)
            if tip and Qt.mightBeRichText(tip):
                assert "<b>" not in tip and "<span" not in tip  # escaped, not live markup
        view.table.setCurrentIndex(view.model.index(0, Col.NAME))
        assert label_shows(view.details_title, NAME)
        assert label_shows(view.details_meta, CATEGORY)

        # Orders: the history's tooltips.
        history = w.history_view
        qtbot.waitUntil(lambda: history.model.rowCount() >= 1, timeout=10_000)
        tips = [
            history.model.index(0, c).data(Qt.ItemDataRole.ToolTipRole)
            for c in range(history.model.columnCount())
        ]
        assert any(NAME in shown(t) for t in tips if t), tips
        for t in tips:
            if t and Qt.mightBeRichText(t):
                assert "<b>Big</b>" not in t

        # Online indicator: the panel's error text in its tooltip.
        w.session.panel_failed(pid, ApiError(ERROR))  # "The panel said: …"
        assert ERROR in shown(w.online_label.toolTip())
        qtbot.waitUntil(lambda: "100" in w.balances_label.text(), timeout=10_000)
        assert label_shows(w.balances_label, CURRENCY), w.balances_label.text()

        # Mass order: the table's tooltip and the total label with the currency.
        dialog = MassOrderDialog(ctx.workspace, pid, w)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.model.currency == CURRENCY, timeout=10_000)
        dialog.set_text("1 | https://x.example/b | 100")
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
        qtbot.waitUntil(lambda: "0.15" in dialog.total.text(), timeout=10_000)
        tip = dialog.model.index(0, dialog.model.SERVICE).data(Qt.ItemDataRole.ToolTipRole)
        assert NAME in shown(tip)
        assert label_shows(dialog.total, CURRENCY)

        # Spending: the month label and the chart's axis title.
        spending = w.spending_view
        with qtbot.waitSignal(spending.loaded, timeout=10_000):
            spending.reload()
        assert label_shows(spending.month_label, CURRENCY)
        titles = [a.titleText() for a in spending.chart.axes(Qt.Orientation.Vertical)]
        assert titles and all(isinstance(a, QAbstractAxis) for a in spending.chart.axes())
        assert CURRENCY.lower() in shown(titles[0], always_html=True).lower()
    finally:
        w.close()
        ctx.shutdown()
        w.deleteLater()


def test_the_tray_notification_escapes_panel_text(qtbot, monkeypatch):
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(QSystemTrayIcon, "show", lambda self: None)
    monkeypatch.setattr(
        QSystemTrayIcon, "showMessage", lambda self, title, text, *a: sent.append((title, text))
    )
    notifier = Notifier()
    notifier._show("Order completed", f"#1 {NAME} on Markup")
    assert sent and NAME in shown(sent[0][1], always_html=True)
    assert "<b>" not in sent[0][1]
