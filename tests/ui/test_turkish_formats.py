"""Turkish formats and one rule for money (issue 24, item 7 and "a reseller's week"):
percentages "%10", dates and chart numbers as Turkish writes them, type names and average times
in Turkish, thousands separators, the home currency from the country, one word for Quit, and
one precision for every charge."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import Panel, Service, ServiceRow
from smmdesk.workspace import Workspace
from tests.ui.test_i18n import turkish as turkish
from ui.format import format_average_time, format_charge, format_percent

ROOT = Path(__file__).resolve().parents[2]
TR = QLocale("tr_TR")
EN = QLocale("en_US")


def test_percentages_put_the_sign_where_the_language_does() -> None:
    assert format_percent(10, TR) == "%10"
    assert format_percent(10, EN) == "10%"
    assert format_percent(Decimal("-12.5"), TR, decimals=1) == "-%12,5"
    assert format_percent(Decimal("3.25"), EN, decimals=1, signed=True) == "+3.2%"


def test_the_history_progress_and_spin_boxes_write_percent_in_turkish(turkish, ws) -> None:
    from ui.format import percent_affixes
    from ui.orders.model import Col, HistoryModel
    from ui.tasks import TaskRunner

    assert percent_affixes() == ("%", "")  # the spin boxes: "%10"
    runner = TaskRunner()
    try:
        model = HistoryModel(ws, runner)
        assert model._display(order(quantity=1000, remains=630), Col.PROGRESS) == "%37"
    finally:
        runner.shutdown()


def test_average_times_in_the_persons_language(turkish) -> None:
    assert format_average_time("37 minutes") == "37 dakika"
    assert format_average_time("1 hour 4 minutes") == "1 saat 4 dakika"
    assert format_average_time(1562) == "26 saat 2 dakika"  # topsmm.in sends minutes
    assert format_average_time("0-24 saat") == "0-24 saat"  # the panel's own words stay


def test_average_times_in_english() -> None:
    assert format_average_time("2 hours 15 minutes") == "2 hours 15 minutes"
    assert format_average_time("1 Hour") == "1 hour"
    assert format_average_time("14") == "14 minutes"


def test_the_table_and_the_filter_name_types_in_turkish(qtbot, turkish) -> None:
    from ui.services.model import Col
    from ui.services.view import ServicesView

    def row(sid: int, type_: str) -> ServiceRow:
        return ServiceRow(panel_id="p", panel_name="P", currency="USD", service=Service(
            id=sid, name=f"Service {sid}", type=type_, category="Instagram",
            rate=Decimal("1.5"), min=100, max=100000, average_time="37 minutes"))

    view = ServicesView()
    qtbot.addWidget(view)
    view.set_rows([row(1, "Custom Comments"), row(2, "default"), row(3, "Weird Type")],
                  all_panels=False)
    model = view.model
    types = {model.index(r, Col.TYPE).data() for r in range(3)}
    assert types == {"Özel Yorumlar", "Varsayılan", "Weird Type"}
    assert model.index(0, Col.AVERAGE_TIME).data() == "37 dakika"
    filters = {view.type_combo.itemText(i) for i in range(view.type_combo.count())}
    assert {"Özel Yorumlar", "Varsayılan", "Weird Type"} <= filters
    view.table.selectRow(0)
    meta = view.details_meta.text()
    assert "100–100.000" in meta  # thousands separators, Turkish ones
    assert "ortalama süre 37 dakika" in meta


def test_the_chart_axis_and_dates_are_turkish(qtbot, turkish, ws: Workspace) -> None:
    from ui.orders.model import format_day, format_when
    from ui.spending.view import SpendingView
    from ui.tasks import TaskRunner

    when = datetime(2026, 11, 28, 21, 15, tzinfo=UTC)
    assert format_day(when) == "28.11.2026"
    assert format_when(when).startswith("28.11.2026 ")
    runner = TaskRunner()
    try:
        view = SpendingView(ws, runner)
        qtbot.addWidget(view)
        assert view.chart.localizeNumbers()  # "0,6", not "0.6"
        assert view.chart.locale().language() == QLocale.Language.Turkish
    finally:
        runner.shutdown()


def test_the_schedule_dialog_writes_dates_as_turkish_does(qtbot, turkish, ws: Workspace) -> None:
    from ui.schedules.dialog import ScheduleDialog
    from ui.tasks import TaskRunner

    panel = Panel(id="p", name="P", url="https://panel.example/api/v2", currency="TRY")
    service = Service(id=1, name="Takipçi", type="Default", category="Instagram",
                      rate=Decimal("12.5"), min=10, max=1000)
    runner = TaskRunner()
    try:
        dialog = ScheduleDialog(ws, runner, panel, service, {"link": "x", "quantity": "100"},
                                "TRY")
        qtbot.addWidget(dialog)
        shown = dialog.first_run.text()
        assert "." in shown.split()[0] and "-" not in shown  # 28.11.2026 22:15, not ISO
        assert dialog.per_run.text() == "₺1,25"
    finally:
        runner.shutdown()


def test_quit_is_one_word_in_turkish() -> None:
    words = set()
    root = ET.parse(ROOT / "resources" / "i18n" / "smmdesk_tr.ts").getroot()
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        if source.replace("&", "") == "Quit":
            words.add((message.findtext("translation") or "").replace("&", ""))
    assert words == {"Çık"}


@pytest.mark.parametrize(("amount", "shown"), [
    ("0.036", "$0.036"),  # was $0.04: 11 % off
    ("0.535", "$0.535"),  # the confirmation said $0.54, the history $0.535
    ("0.53499999999", "$0.535"),  # a panel's long-float charge
    ("996.57521855", "$996.5752"),
    ("12.5", "$12.50"),
    ("0.00042", "$0.00042"),
    ("1000", "$1,000.00"),
])
def test_one_precision_for_every_charge(amount: str, shown: str) -> None:
    assert format_charge(Decimal(amount), "USD", EN) == shown


def order(**changes: object):
    from dataclasses import replace

    from smmdesk.models import LocalOrder, OrderState, SubmitState

    when = datetime.now(UTC)
    base = LocalOrder(id=1, panel_id="p", service_id=1, service_name="S", service_type="Default",
                      remote_id=5000, submit_state=SubmitState.PLACED,
                      state=OrderState.IN_PROGRESS, raw_status="In progress", error=None,
                      link="https://x.com/a", quantity=100, fields={},
                      charge_estimate=Decimal("0.535"), charge=Decimal("0.535"),
                      currency="USD", start_count=0, remains=50, created_at=when,
                      updated_at=when)
    return replace(base, **changes)


def test_the_confirmation_and_the_history_show_the_same_charge(qtbot, ws: Workspace) -> None:
    """The form's price line and the history's Charge column, for a charge of 0.535."""
    from ui.order_form.form import OrderForm
    from ui.orders.model import Col, HistoryModel
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    try:
        model = HistoryModel(ws, runner)
        model._locale = EN
        assert model._display(order(), Col.CHARGE) == "$0.535"
        form = OrderForm(ws, runner=runner)
        qtbot.addWidget(form)
        form.service = Service(id=1, name="S", type="Default", category="C",
                               rate=Decimal("5.35"), min=10, max=1000)
        form.panel = Panel(id="p", name="P", url="https://panel.example/api/v2",
                           currency="USD")
        previous = QLocale()
        QLocale.setDefault(EN)
        try:
            line = form._price_line(form.service, {"link": "x", "quantity": "100"})
        finally:
            QLocale.setDefault(previous)
        assert "$0.535 " in line  # "Price: $0.535 (estimate; …)"
    finally:
        runner.shutdown()


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=10, key="home-currency-key-0123456789", speed=0,
                        currency="TRY") as s:
        yield s


def test_the_home_currency_comes_from_the_country_then_a_real_panel(ws: Workspace,
                                                                    sim) -> None:
    from ui.app import locale_currency

    assert locale_currency(QLocale("tr_TR")) == "TRY"
    assert locale_currency(QLocale("C")) is None
    with PanelSimulator(services=5, key="demo-key-0123456789abcdef", speed=0) as demo:
        d = ws.add_panel("Demo panel", demo.url, demo.key, is_demo=True)
        ws.balance(d.id)  # USD
        real = ws.add_panel("My panel", sim.url, sim.key)
        ws.balance(real.id)  # TRY
        assert ws.home_currency() == "TRY"  # not the simulated demo's USD
        ws.locale_currency = "EUR"
        assert ws.home_currency() == "EUR"  # the person's country first
        ws.set_home_currency("USD")
        assert ws.home_currency() == "USD"  # and what the person chose above all
