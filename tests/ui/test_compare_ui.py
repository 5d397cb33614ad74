"""Comparing across panels in the GUI: two simulated panels in different currencies over real
HTTP, the Compare panel, the order form's hint, failover offer and link warning, the services
table in the home currency, and Preferences → Currencies against a local ECB feed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from smmdesk import compare, options
from smmdesk.demo.server import PanelSimulator
from smmdesk.models import Panel, Service, ServiceRow, SubmitState
from smmdesk.workspace import Workspace
from ui.compare.currency import CurrencySettings, daily_update_due
from ui.compare.form_addon import OrderFormCompare
from ui.compare.panel import Col as CompareCol
from ui.compare.panel import ComparePanel
from ui.order_form.form import OrderForm
from ui.orders.model import format_day
from ui.services.model import Col, ObjectRole, ServicesModel, SortRole
from ui.settings import Settings
from ui.tasks import TaskRunner

KEY = "compare-test-key-0123456789"
TIMEOUT = 15_000


# ------------------------------------------------------------------------------- fixtures

@pytest.fixture
def sims() -> Iterator[tuple[PanelSimulator, PanelSimulator]]:
    # The same catalogue (same seed) on two panels, in two currencies.
    with PanelSimulator(services=120, key=KEY, speed=0, currency="USD") as a, \
            PanelSimulator(services=120, key=KEY, speed=0, currency="TRY") as b:
        yield a, b


@pytest.fixture
def panels(ws: Workspace, sims: tuple[PanelSimulator, PanelSimulator]) -> tuple[Panel, Panel]:
    out = []
    for name, sim in zip(("Panel A", "Panel B"), sims, strict=True):
        p = ws.add_panel(name, sim.url, sim.key)
        ws.refresh_services(p.id)
        ws.balance(p.id)
        out.append(ws.panel(p.id))
    ws.set_home_currency("USD")
    ws.set_rate("TRY", Decimal("0.03"))
    return out[0], out[1]


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    return Settings(data_dir)


@pytest.fixture
def form(qtbot, ws: Workspace, runner: TaskRunner, settings: Settings, panels
         ) -> tuple[OrderForm, OrderFormCompare]:
    return make_form(qtbot, ws, runner, settings)


def make_form(qtbot, ws: Workspace, runner: TaskRunner, settings: Settings
              ) -> tuple[OrderForm, OrderFormCompare]:
    f = OrderForm(ws, runner=runner)
    addon = OrderFormCompare(f, ws, runner, settings)
    qtbot.addWidget(f)
    f.confirm = lambda title, text: True
    f.confirm_duplicate = lambda title, text: False
    f.resize(760, 900)
    f.show()
    return f, addon


def followers_service(ws: Workspace, panel: Panel) -> Service:
    """A per-1000 Instagram followers service of the simulated catalogue."""
    for row in ws.services(panel.id):
        f = compare.features(row.service)
        if (f.platform, f.product, f.type_key) == ("instagram", "followers", "default") \
                and not row.service.dripfeed:
            return row.service
    raise AssertionError("no Instagram followers service in the catalogue")


def load(qtbot, form: OrderForm, addon: OrderFormCompare, panel_id: str, service_id: int,
         *, hint: bool = True) -> None:
    with qtbot.waitSignal(form.serviceLoaded, timeout=TIMEOUT):
        form.set_service(panel_id, service_id)
    if hint:
        qtbot.waitUntil(lambda: addon.equivalents is not None, timeout=TIMEOUT)


# ------------------------------------------------------------------------------- the table

def rows_in(currencies: list[tuple[str, str, str]]) -> list[ServiceRow]:
    out = []
    for i, (rate, currency, type_) in enumerate(currencies, start=1):
        s = Service(id=i, name=f"Service {i}", type=type_, category="C", rate=Decimal(rate),
                    min=10, max=1000)
        out.append(ServiceRow(panel_id=f"p{currency}", panel_name=f"Panel {currency}",
                              currency=currency, service=s))
    return out


def test_the_table_sorts_by_price_in_the_home_currency(qtbot, ws: Workspace, qtmodeltester
                                                       ) -> None:
    ws.set_home_currency("USD")
    ws.set_rate("EUR", Decimal("1.10"))
    ws.set_rate("TRY", Decimal("0.029"))
    model = ServicesModel()
    model.set_rows(rows_in([("0.019", "EUR", "Default"), ("0.0148", "TRY", "default"),
                            ("0.01", "EUR", "Default"), ("5", "GBP", "Package"),
                            ("0.015", "USD", "Default")]))
    model.set_converter(ws.converter(), ws.home_currency())
    assert model.converted
    model.sort(Col.RATE, Qt.SortOrder.AscendingOrder)
    shown = [model.data(model.index(r, Col.ID)) for r in range(model.rowCount())]
    # ₺0.0148 = $0.00043, €0.01 = $0.011, $0.015, €0.019 = $0.0209; £5 has no rate: last.
    assert shown == ["2", "3", "5", "1", "4"]
    # Converted prices read "≈" (the native dollar one does not) and name their rate.
    # ₺0.0148 × 0.029 = $0.000429 (four decimals at most), €0.01 × 1.10, $0.015 as it is,
    # €0.019 × 1.10 = $0.0209; £5 in its own currency, not mixed in.
    assert [model.data(model.index(r, Col.RATE)) for r in range(5)] == [
        "≈ $0.0004", "≈ $0.011", "$0.015", "≈ $0.0209", "£5.00"]
    assert "₺" in model.data(model.index(0, Col.RATE), Qt.ItemDataRole.ToolTipRole)
    last_tip = model.data(model.index(4, Col.RATE), Qt.ItemDataRole.ToolTipRole)
    assert "GBP" in last_tip and "sorted after" in last_tip
    qtmodeltester.check(model)


def test_one_currency_keeps_its_own_prices(ws: Workspace) -> None:
    ws.set_home_currency("USD")
    ws.set_rate("TRY", Decimal("0.03"))
    model = ServicesModel()
    model.set_converter(ws.converter(), ws.home_currency())
    model.set_rows(rows_in([("3.50", "TRY", "Default"), ("1.20", "TRY", "Default")]))
    assert not model.converted
    assert "₺" in model.data(model.index(0, Col.RATE))


def test_type_column_and_filter_show_one_canonical_name_per_type(ws: Workspace) -> None:
    model = ServicesModel()
    model.set_rows(rows_in([("1", "USD", "Default"), ("1", "USD", "default"),
                            ("1", "USD", "mentions with hashtags"),
                            ("1", "USD", "Mentions with Hashtags")]))
    assert model.types() == ["Default", "Mentions with Hashtags"]
    assert model.data(model.index(1, Col.TYPE)) == "Default"
    assert "default" in model.data(model.index(1, Col.TYPE), Qt.ItemDataRole.ToolTipRole)
    from ui.services.model import ServiceFilter

    model.set_filter(ServiceFilter(type="Default"))
    assert model.rowCount() == 2
    assert {model.data(model.index(r, Col.ID), SortRole) for r in range(2)} == {1, 2}
    assert model.data(model.index(0, Col.ID), ObjectRole).service.type in ("Default", "default")


# ------------------------------------------------------------------------------- Compare panel

def test_compare_panel_lists_equivalents_best_first_and_opens_the_order(
    qtbot, ws: Workspace, runner: TaskRunner, panels: tuple[Panel, Panel]
) -> None:
    a, b = panels
    subject = followers_service(ws, a)
    panel = ComparePanel(ws, runner)
    qtbot.addWidget(panel)
    panel.show()
    values = {"link": "https://instagram.com/someone", "quantity": str(subject.min),
              "unknown_field": "x"}
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT) as got:
        panel.set_subject(a.id, subject.id, values)
    assert got.args[0] > 0
    first = panel.model.row_at(0)
    # The same service on panel B is the best match, at 3 % of the price in dollars.
    assert first.panel.id == b.id and first.match.service.id == subject.id
    assert first.match.score == 1.0
    assert first.diff_percent is not None and first.diff_percent < 0
    assert panel.model.data(panel.model.index(0, CompareCol.PANEL)) == "Panel B"
    # The catalogue's ₺2.75 per 1,000 on panel B, at $0.03 a lira: shown in dollars, marked
    # as converted, and the panel's own price and the rate used in the tooltip.
    assert subject.rate == Decimal("2.75") and first.match.service.rate == Decimal("2.75")
    assert panel.model.data(panel.model.index(0, CompareCol.PRICE)) == "≈ $0.0825"  # converted
    tip = panel.model.data(panel.model.index(0, CompareCol.PRICE), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("≈ converted from ₺2.75 on the panel at 1 TRY = 0.03 USD (typed, ")
    assert panel.model.data(panel.model.index(0, CompareCol.BALANCE)) == "yes"
    scores = [panel.model.row_at(r).match.score for r in range(panel.model.rowCount())]
    assert scores == sorted(scores, reverse=True)
    assert subject.name in panel.title.text() and "Panel A" in panel.title.text()
    panel.table.setFocus()
    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.orderRequested, timeout=TIMEOUT) as asked:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert asked.args[0] == b.id and asked.args[1] == subject.id
    assert asked.args[2] == {"link": "https://instagram.com/someone",
                             "quantity": str(subject.min)}


# ------------------------------------------------------------------------------- order form

def test_the_form_header_names_the_panel(qtbot, ws, form, panels) -> None:
    f, addon = form
    a, _b = panels
    load(qtbot, f, addon, a.id, followers_service(ws, a).id)
    assert addon.panel_label.text() == "Panel: Panel A"
    assert addon.panel_label.isVisible()


def test_cheaper_route_hint_follows_the_threshold(qtbot, ws, form, panels) -> None:
    f, addon = form
    a, b = panels
    subject = followers_service(ws, a)
    load(qtbot, f, addon, a.id, subject.id)
    assert addon.hint.isVisible()
    text = addon.hint_text.text()
    # ₺2.75 per 1,000 at $0.03 a lira, against $2.75 here.
    assert text == "Same service on Panel B: ≈ $0.0825 per 1,000, 97 % less"
    assert addon.route is not None and addon.route.match.panel_id == b.id
    # Above the best saving on offer: nothing to say.
    best = max(saving for m in addon.equivalents.matches if m.panel_id == b.id
               and m.score >= compare.MIN_SCORE and m.price_home is not None
               for saving in [(addon.equivalents.own_home - m.price_home)
                              / addon.equivalents.own_home * 100])
    addon.set_threshold(int(best) + 1)
    assert not addon.hint.isVisible()
    addon.set_threshold(5)
    assert addon.hint.isVisible()
    f.fill({"link": "https://instagram.com/someone", "quantity": str(subject.min)})
    with qtbot.waitSignal(addon.switchRequested, timeout=TIMEOUT) as asked:
        addon.switch.click()
    assert asked.args[:2] == [b.id, subject.id]
    assert asked.args[2] == {"link": "https://instagram.com/someone",
                             "quantity": str(subject.min)}
    # On panel B, panel A is dearer: no hint.
    load(qtbot, f, addon, b.id, subject.id)
    assert not addon.hint.isVisible()
    assert addon.panel_label.text() == "Panel: Panel B"


def test_link_warning_under_the_field(qtbot, ws, form, panels) -> None:
    f, addon = form
    a, _b = panels
    load(qtbot, f, addon, a.id, followers_service(ws, a).id, hint=False)
    link = f.field_widget("link")
    link.setText("https://www.tiktok.com/@someone")
    assert "TikTok" in addon.link_warning_text()
    link.setText("https://www.instagram.com/p/Cx1abc/")
    assert "post" in addon.link_warning_text()
    link.setText("https://www.instagram.com/someone")
    assert addon.link_warning_text() == ""


def test_failover_offered_after_a_refusal(qtbot, ws, form, panels, sims) -> None:
    f, addon = form
    a, b = panels
    sims[0].balance = Decimal(0)  # panel A refuses: not enough funds
    subject = followers_service(ws, a)
    load(qtbot, f, addon, a.id, subject.id)
    f.fill({"link": "https://instagram.com/someone", "quantity": str(subject.min)})
    with qtbot.waitSignal(f.placementFinished, timeout=TIMEOUT) as done:
        f.place.click()
    order = done.args[0]
    assert order.submit_state is SubmitState.REJECTED
    qtbot.waitUntil(lambda: addon.offer_box.isVisible(), timeout=TIMEOUT)
    assert "Panel B" in addon.offer_text.text() and "funds" in addon.offer_text.text()
    with qtbot.waitSignal(addon.switchRequested, timeout=TIMEOUT) as asked:
        addon.offer_button.click()
    assert asked.args[:2] == [b.id, subject.id]
    assert asked.args[2]["link"] == "https://instagram.com/someone"


def test_never_failover_after_an_uncertain_send(qtbot, ws, form, panels, sims) -> None:
    f, addon = form
    a, _b = panels
    sims[0].set_fault("drop_after_read", actions="add")
    subject = followers_service(ws, a)
    load(qtbot, f, addon, a.id, subject.id)
    f.fill({"link": "https://instagram.com/other", "quantity": str(subject.min)})
    with qtbot.waitSignal(f.placementFinished, timeout=TIMEOUT) as done:
        f.place.click()
    assert done.args[0].submit_state is SubmitState.UNCERTAIN
    assert compare.failover_reason(done.args[0]) is None
    assert addon.offer is None and not addon.offer_box.isVisible()


# ------------------------------------------------------------------------------- Preferences

ECB = b"""<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"
    xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <Cube><Cube time='2026-11-27'>
    <Cube currency='USD' rate='1.0867'/><Cube currency='TRY' rate='37.45'/>
  </Cube></Cube>
</gesmes:Envelope>"""


@pytest.fixture
def feed() -> Iterator[tuple[dict[str, bytes], str]]:
    answer = {"body": ECB}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = answer["body"]
            self.send_response(200)
            self.send_header("Content-Type", "text/html" if b"<html" in body else "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield answer, f"http://127.0.0.1:{server.server_address[1]}/eurofxref-daily.xml"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_currency_settings_update_from_the_feed(qtbot, ws: Workspace, runner: TaskRunner,
                                                settings: Settings, feed) -> None:
    answer, url = feed
    ws.set_home_currency("TRY")
    page = CurrencySettings(ws, runner, settings)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT):
        pass  # the rates are read on a worker, delivered after this
    assert page.home.currentText() == "TRY" and page.table.rowCount() == 0
    assert page.message.text() == ""  # no panel yet: no currency waits for a rate
    page.url.setText(url)
    with qtbot.waitSignal(page.updateFinished, timeout=TIMEOUT) as done:
        page.update_button.click()
    assert done.args[0] == ""
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=TIMEOUT)  # EUR and USD
    assert {page.table.item(r, 0).text() for r in range(2)} == {"EUR", "USD"}
    # The rate's day as the person's language writes dates (not ISO), as everywhere else.
    assert page.table.item(0, 2).text() == format_day(datetime(2026, 11, 27, 12, tzinfo=UTC))
    before = ws.rates()
    answer["body"] = b"<!DOCTYPE html><html><body>Maintenance</body></html>"
    with qtbot.waitSignal(page.updateFinished, timeout=TIMEOUT) as failed:
        page.update_button.click()
    assert "web page" in failed.args[0]
    assert page.message.text() == failed.args[0]
    assert ws.rates() == before
    page.daily.setChecked(True)
    page.threshold.setValue(12)
    page.save()
    assert settings[options.RATES_DAILY] is True
    assert daily_update_due(settings) is False  # it was updated just now


def test_typed_rate_and_home_currency(qtbot, ws: Workspace, runner: TaskRunner,
                                      settings: Settings, feed) -> None:
    _answer, url = feed
    ws.set_home_currency("EUR")
    page = CurrencySettings(ws, runner, settings)
    qtbot.addWidget(page)
    page.rate_currency.setText("usd")
    page.rate_value.setText("0,92")
    with qtbot.waitSignal(page.changed, timeout=TIMEOUT):
        page.set_rate_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=TIMEOUT)
    assert ws.rates()["USD"][0] == Decimal("0.92")
    assert page.table.item(0, 3).text() == "typed"
    typed_on = page.table.item(0, 2).text()
    # An ECB update leaves the typed rate as it is: its value, its date, "typed" (issue 22).
    page.url.setText(url)
    with qtbot.waitSignal(page.updateFinished, timeout=TIMEOUT):
        page.update_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=TIMEOUT)  # + TRY
    rows = {page.table.item(r, 0).text(): r for r in range(2)}
    usd, lira = rows["USD"], rows["TRY"]
    assert [page.table.item(usd, c).text() for c in (1, 2, 3)] == ["0.92", typed_on, "typed"]
    assert (page.table.item(lira, 2).text(), page.table.item(lira, 3).text()) == (
        format_day(datetime(2026, 11, 27, 12, tzinfo=UTC)), "ECB")  # as dates read, not ISO


# ------------------------------------------------------------------------------- main window

def test_the_window_compares_and_carries_the_order_over(qtbot, data_dir: Path, sims) -> None:
    from ui.app import build_context

    with Workspace(data_dir) as ws:
        ids = []
        for name, sim in zip(("Panel A", "Panel B"), sims, strict=True):
            p = ws.add_panel(name, sim.url, sim.key)
            ws.balance(p.id)
            ws.refresh_services(p.id)
            ids.append(p.id)
        ws.set_home_currency("USD")
        ws.set_rate("TRY", Decimal("0.03"))
        subject = followers_service(ws, ws.panel(ids[0]))
    ctx = build_context(data_dir)
    try:
        w = ctx.window
        w.show()
        qtbot.waitExposed(w)
        qtbot.waitUntil(lambda: w.services_view.model.total_count == 240, timeout=TIMEOUT)
        # All panels, two currencies: the Rate column is in dollars.
        qtbot.waitUntil(lambda: w.services_view.model.converted, timeout=TIMEOUT)
        assert w.compare.action.shortcut().toString() == "Ctrl+Shift+C"
        assert w.compare.action in w.services_view.extra_menu_actions
        assert w.services_view.select_service(ids[0], subject.id)
        with qtbot.waitSignal(w.compare.panel.loaded, timeout=TIMEOUT):
            w.compare.action.trigger()
        assert w.compare.dock.isVisible()
        best = w.compare.panel.model.row_at(0)
        assert best.panel.id == ids[1]
        # From the order form: what is typed goes to the other panel's form.
        with qtbot.waitSignal(w.order_form.serviceLoaded, timeout=TIMEOUT):
            w.order_service(ids[0], subject.id)
        w.order_form.fill({"link": "https://instagram.com/someone",
                           "quantity": str(subject.min)})
        with qtbot.waitSignal(w.compare.panel.loaded, timeout=TIMEOUT):
            w.compare.compare_current()
        with qtbot.waitSignal(w.order_form.serviceLoaded, timeout=TIMEOUT):
            w.compare.panel.table.doubleClicked.emit(
                w.compare.panel.model.index(0, CompareCol.NAME))
        assert w.order_form.panel.id == ids[1]
        assert w.order_form.values()["link"] == "https://instagram.com/someone"
        assert w.order_form.values()["quantity"] == str(subject.min)
        assert w.compare.form_addon.panel_label.text() == "Panel: Panel B"
    finally:
        ctx.window.close()
        ctx.shutdown()
        ctx.window.deleteLater()


def test_mass_order_lines_get_the_link_warning(qtbot) -> None:
    from smmdesk.massorder import MassLine
    from ui.order_form.mass_order import MassOrderModel

    s = Service(id=7, name="Instagram Followers [R30]", type="Default", category="IG",
                rate=Decimal("1"), min=10, max=1000)
    model = MassOrderModel()
    model.set_lines([
        MassLine(1, "7|https://www.tiktok.com/@x|100", 7, "https://www.tiktok.com/@x", 100,
                 "100", s, None, Decimal("0.1")),
        MassLine(2, "7|https://instagram.com/x|100", 7, "https://instagram.com/x", 100,
                 "100", s, None, Decimal("0.1")),
    ], {})
    assert "TikTok" in model.status_text(0) and model.status_text(0).startswith("Ready")
    assert model.status_text(1) == "Ready"
    tip = model.data(model.index(0, MassOrderModel.LINK), Qt.ItemDataRole.ToolTipRole)
    assert "TikTok" in tip


# ------------------------------------------------------------------------------- issue 22: routes

def test_the_hint_never_recommends_the_demo_panel(qtbot, ws: Workspace, runner: TaskRunner,
                                                  settings: Settings, sims) -> None:
    real = ws.add_panel("Panel A", sims[0].url, sims[0].key)
    demo = ws.add_panel("Demo panel", sims[1].url, sims[1].key, is_demo=True)
    for p in (real, demo):
        ws.refresh_services(p.id)
        ws.balance(p.id)
    ws.set_home_currency("USD")
    ws.set_rate("TRY", Decimal("0.03"))  # the demo's prices: 97 % cheaper in dollars
    f, addon = make_form(qtbot, ws, runner, settings)
    subject = followers_service(ws, ws.panel(real.id))
    load(qtbot, f, addon, real.id, subject.id)
    assert any(m.panel_id == demo.id and m.demo for m in addon.equivalents.matches)
    assert addon.route is None and not addon.hint.isVisible()
    # The Compare panel lists it apart, after the real ones, labelled.
    panel = ComparePanel(ws, runner)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        panel.set_subject(real.id, subject.id)
    names = [panel.model.data(panel.model.index(r, CompareCol.PANEL))
             for r in range(panel.model.rowCount())]
    assert "Demo panel (simulated)" in names and "Demo panel" not in names
    first_demo = names.index("Demo panel (simulated)")
    assert all(n.endswith("(simulated)") for n in names[first_demo:])


def test_after_an_uncertain_send_no_route_and_the_same_link_elsewhere_asks(
        qtbot, ws, form, panels, sims) -> None:
    f, addon = form
    a, b = panels
    subject = followers_service(ws, a)
    load(qtbot, f, addon, a.id, subject.id)
    f.fill({"link": "https://instagram.com/reseller", "quantity": str(subject.min)})
    assert addon.hint.isVisible()  # Panel B is cheaper: offered before anything is sent
    sims[0].set_fault("drop_after_read", actions="add")
    with qtbot.waitSignal(f.placementFinished, timeout=TIMEOUT) as done:
        f.place.click()
    assert done.args[0].submit_state is SubmitState.UNCERTAIN
    qtbot.waitUntil(lambda: not addon.hint.isVisible(), timeout=TIMEOUT)
    assert addon.route is None
    # Another link is another order: its route is offered again.
    f.fill({"link": "https://instagram.com/another-one"})
    qtbot.waitUntil(lambda: addon.hint.isVisible(), timeout=TIMEOUT)
    # The same link on Panel B (a Switch, Compare, or by hand): asked first, nothing sent.
    asked: list[str] = []
    f.confirm_duplicate = lambda title, text: bool(asked.append(text))
    with qtbot.waitSignal(f.serviceLoaded, timeout=TIMEOUT):
        f.set_service(b.id, subject.id, {"link": "https://www.instagram.com/reseller/",
                                         "quantity": str(subject.min)})
    with qtbot.waitSignal(f.placementFinished, timeout=TIMEOUT) as done:
        f.place.click()
    assert done.args[0] is None and sims[1].count("add") == 0
    assert len(asked) == 1
    assert "may already have been placed on Panel A" in asked[0]
    assert "https://instagram.com/reseller" in asked[0]


def only_route(ws: Workspace, sim: PanelSimulator, panel: Panel, subject: Service,
               **changes: object) -> None:
    """On ``panel``, the subject's twin (changed by ``changes``) is the one cheaper equivalent:
    every other service of its group costs a thousand times more."""
    group = compare.features(subject).key
    for row in ws.services(panel.id):
        if row.service.id != subject.id and compare.features(row.service).key == group:
            sim.update_service(row.service.id, rate=row.service.rate * 1000)
    if changes:
        sim.update_service(subject.id, **changes)
    ws.refresh_services(panel.id)


def test_routes_respect_the_targets_minimum_and_balance(qtbot, ws, form, panels, sims) -> None:
    f, addon = form
    a, b = panels
    subject = followers_service(ws, a)
    only_route(ws, sims[1], b, subject, min=subject.min * 10)
    load(qtbot, f, addon, a.id, subject.id)
    f.fill({"link": "https://instagram.com/someone", "quantity": str(subject.min)})
    qtbot.waitUntil(lambda: not addon.hint.isVisible(), timeout=TIMEOUT)  # below B's minimum
    f.fill({"quantity": str(subject.min * 10)})
    qtbot.waitUntil(lambda: addon.hint.isVisible(), timeout=TIMEOUT)
    assert addon.route is not None and addon.route.match.panel_id == b.id
    sims[1].balance = Decimal(0)
    ws.balance(b.id)  # Panel B's last known balance: nothing left
    with qtbot.waitSignal(addon.updated, timeout=TIMEOUT):
        addon.refresh()
    qtbot.waitUntil(lambda: addon.equivalents is not None, timeout=TIMEOUT)
    assert addon.route is None and not addon.hint.isVisible()


def package_service(ws: Workspace, panel: Panel) -> Service:
    """A Package service of the simulated catalogue that other panels can have too."""
    return next(r.service for r in ws.services(panel.id)
                if r.service.type == "Package" and compare.features(r.service).key is not None)


def test_failover_words_the_price_by_what_is_sold_and_says_how_much_more(
        qtbot, ws, form, panels, sims) -> None:
    f, addon = form
    a, _b = panels
    ws.set_rate("TRY", Decimal("3.5"))  # Panel B now costs 3.5 times as much in dollars
    sims[0].balance = Decimal(0)  # Panel A refuses: not enough funds
    subject = followers_service(ws, a)
    load(qtbot, f, addon, a.id, subject.id)
    f.fill({"link": "https://instagram.com/someone", "quantity": "1000"})
    with qtbot.waitSignal(f.placementFinished, timeout=TIMEOUT):
        f.place.click()
    qtbot.waitUntil(lambda: addon.offer_box.isVisible(), timeout=TIMEOUT)
    text = addon.offer_text.text()
    # ₺2.75 at $3.50 a lira = $9.625 per 1,000 there, $2.75 here: $6.875 (+250 %) more.
    assert subject.rate == Decimal("2.75")
    assert text == (
        "This panel refused for lack of funds. The same service on Panel B: ≈ $9.625 per 1,000 "
        f"({subject.name}). It costs $6.875 more per 1,000 than here (+250 %). This order: "
        "about $6.875 more.")
    assert "1 TRY = 3.50 USD" in addon.offer_text.toolTip()

    package = package_service(ws, a)
    load(qtbot, f, addon, a.id, package.id)
    f.fill({"link": "https://instagram.com/someone"})
    with qtbot.waitSignal(f.placementFinished, timeout=TIMEOUT):
        f.place.click()
    qtbot.waitUntil(lambda: addon.offer_box.isVisible(), timeout=TIMEOUT)
    text = addon.offer_text.text()
    assert "per package" in text and "per 1,000" not in text
    assert "more per package than here (+250 %)" in text


def same_service_on(panel: ComparePanel, panel_id: str, service_id: int):
    """The price cell of the compare row for ``service_id`` on ``panel_id``."""
    (row,) = [r for r in range(panel.model.rowCount())
              if panel.model.row_at(r).panel.id == panel_id
              and panel.model.row_at(r).match.service.id == service_id]
    return panel.model.index(row, CompareCol.PRICE)


def test_converted_prices_read_approx_and_name_the_rate_and_its_age(
        qtbot, ws, form, runner, panels) -> None:
    f, addon = form
    a, b = panels
    subject = followers_service(ws, a)
    load(qtbot, f, addon, a.id, subject.id)
    assert addon.hint.isVisible()
    assert addon.hint_text.text().startswith("Same service on Panel B: ≈ $0.0825 per 1,000, ")
    tip = addon.hint_text.toolTip()
    assert "1 TRY = 0.03 USD (typed" in tip and "just now" in tip
    panel = ComparePanel(ws, runner)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        panel.set_subject(b.id, subject.id)
    # The same service on the other panel: the catalogue's 2.75 per 1,000 is $2.75 on panel A
    # (the home currency: no rate involved, no "≈") and ₺2.75 = ≈ $0.0825 here on panel B.
    assert panel.model.data(same_service_on(panel, a.id, subject.id)) == "$2.75"
    assert panel.status.text().startswith("Here: ≈ $0.0825 per 1000. ")
    assert "1 TRY = 0.03 USD" in panel.status.toolTip()
    panel.set_subject(a.id, subject.id)
    qtbot.waitUntil(lambda: panel.result is not None and panel.result.panel.id == a.id,
                    timeout=TIMEOUT)
    on_b = same_service_on(panel, b.id, subject.id)
    assert panel.model.data(on_b) == "≈ $0.0825"  # ₺2.75 × 0.03, converted
    assert "1 TRY = 0.03 USD (typed" in panel.model.data(on_b, Qt.ItemDataRole.ToolTipRole)


def test_the_hint_says_when_the_refill_promise_differs(qtbot, ws, form, panels, sims) -> None:
    f, addon = form
    a, b = panels
    subject = followers_service(ws, a)
    sims[0].update_service(subject.id, name="Instagram Followers | HQ | Lifetime Refill ♻️",
                           refill=True)
    ws.refresh_services(a.id)
    only_route(ws, sims[1], b, subject, name="Instagram Followers | HQ [No Refill]",
               refill=False)
    load(qtbot, f, addon, a.id, subject.id)
    qtbot.waitUntil(lambda: addon.hint.isVisible(), timeout=TIMEOUT)
    text = addon.hint_text.text()
    assert not text.startswith("Same service")
    assert "refill differs: none there, lifetime here" in text


def test_typed_rate_field_says_what_it_means_and_asks_about_a_swapped_rate(
        qtbot, ws: Workspace, runner: TaskRunner, settings: Settings, feed) -> None:
    _answer, url = feed
    ws.set_home_currency("USD")
    ws.update_rates_from_ecb(url)
    page = CurrencySettings(ws, runner, settings)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.home_currency == "USD", timeout=TIMEOUT)
    page.rate_currency.setText("try")
    assert page.rate_value.placeholderText() == "USD for 1 TRY"
    assert page.rate_home.text() == "USD"
    asked: list[tuple[str, Decimal | None]] = []
    page.ask_rate = lambda title, text, inverse: asked.append((text, inverse)) or None
    page.rate_value.setText("34.25")
    page.set_rate_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=TIMEOUT)
    text, inverse = asked[0]
    assert "You typed 1 TRY = 34.25 USD." in text
    assert "did you mean 1 USD = 34.25 TRY?" in text
    qtbot.waitUntil(lambda: page.message.text() == "The rate was not changed.", timeout=TIMEOUT)
    assert ws.rates()["TRY"][0] == Decimal("1.0867") / Decimal("37.45")  # the ECB's, kept
    page.ask_rate = lambda title, text, inverse: "inverse"
    page.rate_value.setText("34.25")
    with qtbot.waitSignal(page.changed, timeout=TIMEOUT):
        page.set_rate_button.click()
    assert ws.rates()["TRY"][0] == Decimal(1) / Decimal("34.25")
    assert inverse == Decimal(1) / Decimal("34.25")
