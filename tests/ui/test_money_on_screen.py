"""Every amount of money a person reads, read back from the widget that shows it and compared
with the exact text, in English and in Turkish: the order form, the schedule dialog, compare,
the mass-order window and the history.

The amounts are chosen so each text shows the money rules at work (ui/format.py): a thousands
separator, the decimal mark, cents kept ("$4.50", not "$4.5"), the currency symbol where the
locale puts it (in Turkish "$1.234,50": Turkish separators around the panel's own currency),
"≈" for an estimate. The expected texts are written out here, never built with the formatting
code under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import Panel
from smmdesk.workspace import Workspace
from tests.conftest import connect_panel
from tests.ui.conftest import pick
from ui.tasks import TaskRunner

KEY = "money-test-key-0123456789"
TIMEOUT = 15_000
DEFAULT = 1  # the simulator's Default service (drip-feed, refill, cancel)
PACKAGE = 2  # its Package service


# ------------------------------------------------------------------------------- panels
@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=30, key=KEY, speed=0, balance=Decimal("1234.5")) as s:
        s.update_service(DEFAULT, rate=Decimal("0.9"))
        s.update_service(PACKAGE, rate=Decimal("1234.5"))
        yield s


@pytest.fixture
def panel(ws: Workspace, sim: PanelSimulator) -> Panel:
    return connect_panel(ws, sim)


@pytest.fixture
def form(qtbot, language: str, ws: Workspace, runner: TaskRunner, panel: Panel):
    from ui.order_form.form import OrderForm

    f = OrderForm(ws, runner=runner)
    qtbot.addWidget(f)
    f.confirm = lambda _title, _text: True
    f.confirm_duplicate = lambda _title, _text: False
    f.resize(760, 900)
    with qtbot.waitSignal(f.serviceLoaded, timeout=TIMEOUT):
        f.set_service(panel.id, DEFAULT)
    assert f.fill({"link": "https://instagram.com/p/money", "quantity": "1000", "runs": "5",
                   "interval": "30"}) == []
    return f


# ------------------------------------------------------------------------------- order form
def test_order_form_money(qtbot, language: str, form) -> None:
    rate = form.service_meta.text().split(" · ")[3]
    assert rate == pick(language, "$0.90 per 1,000", "1.000 adet başına $0,90")
    assert form.estimate.text() == pick(
        language, "Estimated charge: $4.50 (quantity 1,000 × 5 runs = 5,000)",
        "Tahmini ücret: $4,50 (miktar 1.000 × 5 parti = 5.000)")
    assert form.estimate.toolTip() == pick(language, "Exactly $4.50", "Tam olarak $4,50")
    assert form.balance_after.text() == pick(
        language, "Balance after this order: $1,230.00 (balance $1,234.50, checked just now)",
        "Bu siparişten sonraki bakiye: $1.230,00 (bakiye $1.234,50, az önce denetlendi)")
    assert form.balance_after.toolTip() == pick(
        language, "Exactly $1,230.00 (balance $1,234.50)",
        "Tam olarak $1.230,00 (bakiye $1.234,50)")
    assert form.summary_text().splitlines()[-1] == pick(
        language, "Price: $4.50 (estimate; the panel charges its own amount)",
        "Fiyat: $4,50 (tahmini; panel kendi tutarını tahsil eder)")


def test_the_confirmation_shows_the_price_and_ctrl_c_copies_it(qtbot, language: str, form) -> None:
    """The real question box: its text is the summary; Ctrl+C puts exactly that on the
    clipboard (the end-to-end test reads the price shown this way)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen: list[str] = []

    def copy_then_cancel() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.activateWindow()  # a shortcut answers in the active window
        qtbot.waitUntil(box.isActiveWindow, timeout=TIMEOUT)
        qtbot.keyClick(box, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        box.button(QMessageBox.StandardButton.Cancel).click()

    QGuiApplication.clipboard().clear()
    QTimer.singleShot(0, copy_then_cancel)
    assert form._ask_confirm("Place this order?", form.summary_text()) is False
    assert seen == [form.summary_text()]
    assert QGuiApplication.clipboard().text() == form.summary_text()
    assert QGuiApplication.clipboard().text().splitlines()[-1] == pick(
        language, "Price: $4.50 (estimate; the panel charges its own amount)",
        "Fiyat: $4,50 (tahmini; panel kendi tutarını tahsil eder)")


def test_order_form_money_for_a_package(qtbot, language: str, form, panel: Panel) -> None:
    """A package costs its rate: the whole balance here, so nothing is left after it."""
    with qtbot.waitSignal(form.serviceLoaded, timeout=TIMEOUT):
        form.set_service(panel.id, PACKAGE)
    assert form.fill({"link": "https://instagram.com/p/package"}) == []
    assert form.service_meta.text().split(" · ")[3] == pick(
        language, "$1,234.50 per package", "paket başına $1.234,50")
    assert form.estimate.text() == pick(language, "Estimated charge: $1,234.50 (one package)",
                                        "Tahmini ücret: $1.234,50 (bir paket)")
    assert form.balance_after.text() == pick(
        language, "Balance after this order: $0.00 (balance $1,234.50, checked just now)",
        "Bu siparişten sonraki bakiye: $0,00 (bakiye $1.234,50, az önce denetlendi)")
    assert not form.low_balance.isVisibleTo(form)  # exactly enough is enough


# ------------------------------------------------------------------------------- schedule
def test_schedule_dialog_money(qtbot, language: str, form) -> None:
    dialog = form.open_schedule()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.per_run.text() == pick(language, "$4.50", "$4,50")
    assert dialog.total.text() == pick(language, "$4.50 for 1 run", "1 çalıştırma için $4,50")
    dialog.repeat.setChecked(True)
    dialog.times.setValue(1000)
    assert dialog.per_run.text() == pick(language, "$4.50", "$4,50")
    assert dialog.total.text() == pick(language, "$4,500.00 for 1000 runs",
                                       "1000 çalıştırma için $4.500,00")
    dialog.times.setValue(1)
    assert dialog.total.text() == pick(language, "$4.50 for 1 run", "1 çalıştırma için $4,50")
    dialog.end_never.setChecked(True)
    assert dialog.total.text() == pick(language, "$4.50 per run, without end",
                                       "çalıştırma başına $4,50, sonsuz")
    dialog.reject()


# ------------------------------------------------------------------------------- compare
@pytest.fixture
def two_panels(ws: Workspace) -> Iterator[tuple[Panel, Panel, int]]:
    """The same catalogue on a USD panel and a TRY panel (₺1 = $0.03); one Instagram followers
    service priced $2,000 there and ₺50,000 (= $1,500) here: 25 % less on panel B."""
    from smmdesk import compare

    with PanelSimulator(services=120, key=KEY, speed=0, currency="USD") as a, \
            PanelSimulator(services=120, key=KEY, speed=0, currency="TRY") as b:
        subject = next(
            int(s["service"]) for s in a.catalogue
            if (lambda f: (f.platform, f.product, f.type_key) == (
                "instagram", "followers", "default"))(compare.features(service_of(s)))
            and not s.get("dripfeed"))
        a.update_service(subject, rate=Decimal("2000"))
        b.update_service(subject, rate=Decimal("50000"))
        panel_a, panel_b = connect_panel(ws, a, "Panel A"), connect_panel(ws, b, "Panel B")
        ws.set_home_currency("USD")
        ws.set_rate("TRY", Decimal("0.03"))
        yield panel_a, panel_b, subject


def service_of(row: dict):
    from smmdesk.models import Service

    return Service(int(row["service"]), row["name"], row["type"], row["category"],
                   Decimal(row["rate"]), int(row["min"]), int(row["max"]))


def test_compare_money(qtbot, language: str, ws: Workspace, runner: TaskRunner,
                       two_panels) -> None:
    from ui.compare.panel import Col, ComparePanel

    a, b, subject = two_panels
    panel = ComparePanel(ws, runner)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        panel.set_subject(a.id, subject, {"link": "https://instagram.com/someone",
                                          "quantity": "1000"})
    row = next(r for r in range(panel.model.rowCount())
               if panel.model.row_at(r).panel.id == b.id
               and panel.model.row_at(r).match.service.id == subject)

    def cell(col: Col, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> str:
        return panel.model.data(panel.model.index(row, col), role)

    # In the home currency, marked as converted (approximate).
    assert cell(Col.PRICE) == pick(language, "≈ $1,500.00", "≈ $1.500,00")
    # The panel's own price and the rate used, with the day the rate was typed (today).
    tip = cell(Col.PRICE, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(pick(
        language, "≈ converted from ₺50,000.00 on the panel at 1 TRY = 0.03 USD (typed, ",
        "≈ paneldeki ₺50.000,00 fiyatından şu kurla çevrildi: 1 TRY = 0,03 USD (elle girildi, ")
    ), tip
    assert tip.endswith(pick(language, ", just now)", ", az önce)")), tip
    assert cell(Col.BALANCE) == pick(language, "no", "hayır")  # ₺1,000 do not pay ₺50,000
    assert cell(Col.BALANCE, Qt.ItemDataRole.ToolTipRole) == pick(
        language, "This order there: about ₺50,000.00", "Bu sipariş orada: yaklaşık ₺50.000,00")
    assert panel.status.text() == pick(  # the money, then which record ranked (watch27)
        language, "Here: $2,000.00 per 1000. Best matches first; double-click or Enter to order "
              "there. Ranked balanced: 0 of 9 by your own orders there (at least 5), the "
              "others by what their names promise.",
        "Burada: 1000 başına $2.000,00. En iyi eşleşmeler önce; orada sipariş vermek için çift "
        "tıklayın veya Enter’a basın. Sıralama (dengeli): 9 hizmetten 0 tanesi oradaki kendi "
        "siparişlerinize göre (en az 5), diğerleri adlarının vaat ettiğine göre.")


def test_order_form_cheaper_elsewhere_money(qtbot, language: str, ws: Workspace, data_dir: Path,
                                            runner: TaskRunner, two_panels) -> None:
    from ui.compare.form_addon import OrderFormCompare
    from ui.order_form.form import OrderForm
    from ui.settings import Settings

    a, _b, subject = two_panels
    form = OrderForm(ws, runner=runner)
    addon = OrderFormCompare(form, ws, runner, Settings(data_dir))
    qtbot.addWidget(form)
    form.show()
    with qtbot.waitSignal(form.serviceLoaded, timeout=TIMEOUT):
        form.set_service(a.id, subject)
    qtbot.waitUntil(lambda: addon.hint.isVisibleTo(form), timeout=TIMEOUT)
    assert addon.hint_text.text() == pick(
        language, "Same service on Panel B: ≈ $1,500.00 per 1,000, 25 % less",
        "Aynı hizmet Panel B panelinde: 1.000 başına ≈ $1.500,00, %25 daha ucuz")


# ------------------------------------------------------------------------------- mass order
def test_mass_order_money(qtbot, language: str, ws: Workspace, runner: TaskRunner,
                          panel: Panel) -> None:
    from ui.order_form.mass_order import MassOrderDialog

    dialog = MassOrderDialog(ws, panel.id, runner=runner)
    qtbot.addWidget(dialog)
    asked: list[tuple[str, str]] = []
    dialog.confirm = lambda title, text: asked.append((title, text)) and False
    qtbot.waitUntil(lambda: dialog.catalogue is not None, timeout=TIMEOUT)
    dialog.text.setPlainText(f"{DEFAULT}|https://instagram.com/p/m1|1000\n"
                             f"{PACKAGE}|https://instagram.com/p/m2\n"
                             f"{DEFAULT}|https://instagram.com/p/m3|5\n")  # below the minimum
    with qtbot.waitSignal(dialog.previewUpdated, timeout=TIMEOUT):
        dialog.update_preview()  # what a run would do is asked on a worker
    model = dialog.model
    prices = [model.data(model.index(r, model.PRICE)) for r in range(model.rowCount())]
    assert prices == [pick(language, "$0.90", "$0,90"),
                      pick(language, "$1,234.50", "$1.234,50"), ""]
    assert dialog.total.text() == pick(
        language, "3 lines · 2 to place, total $1,235.40 · 1 with problems (not sent)",
        "3 satır · 2 verilecek, toplam $1.235,40 · 1 sorunlu (gönderilmez)")
    assert dialog.total.toolTip() == pick(language, "Total exactly $1,235.40",
                                          "Toplam tam olarak $1.235,40")
    assert dialog.place_now() is None  # asked first, and told no
    assert asked[0][1] == pick(
        language, "Place 2 orders on Sim for about $1,235.40?\n\nLines with problems and lines "
              "already placed are skipped.",
        "Sim paneline yaklaşık $1.235,40 karşılığında 2 sipariş verilsin mi?\n\nSorunlu "
        "satırlar ve daha önce verilmiş satırlar atlanır.")


# ------------------------------------------------------------------------------- history
def test_history_money(qtbot, language: str, ws: Workspace, runner: TaskRunner, panel: Panel,
                       sim: PanelSimulator) -> None:
    from ui.orders.model import Col
    from ui.orders.view import OrdersView

    # The panel's price moved since the services were read: the estimate says $1,234.50,
    # the panel takes $1,200.00 — both amounts are shown, each where it belongs.
    sim.update_service(PACKAGE, rate=Decimal("1200"))
    order = ws.place_order(panel.id, PACKAGE, {"link": "https://instagram.com/p/h1"})
    view = OrdersView(ws, runner, autostart=False)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() == 1,
                    timeout=TIMEOUT)

    def cell(role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> str:
        return view.model.index(0, Col.CHARGE).data(role)

    # Placed: the estimate, marked as one, until the panel reports what it took.
    assert cell() == pick(language, "≈ $1,234.50", "≈ $1.234,50")
    assert cell(Qt.ItemDataRole.ToolTipRole) == pick(
        language, "Estimate: the panel has not reported the charge yet\nExactly $1,234.50",
        "Tahmini: panel ücreti henüz bildirmedi\nTam olarak $1.234,50")
    ws.sync_panel(panel.id)
    view.apply_filter_now()
    reported = pick(language, "$1,200.00", "$1.200,00")
    qtbot.waitUntil(lambda: not view.model.loading and cell() == reported, timeout=TIMEOUT)
    assert cell(Qt.ItemDataRole.ToolTipRole) == pick(
        language, "Exactly $1,200.00\nEstimated 1,234.50 when ordering",
        "Tam olarak $1.200,00\nSipariş verilirken tahmini 1.234,50")
    view.show_order(order.id)
    qtbot.waitUntil(lambda: view._context is not None and view._context.order.id == order.id,
                    timeout=TIMEOUT)
    details = view.details.toPlainText().splitlines()
    charge = pick(language, "Charge", "Ücret")
    estimate = pick(language, "Estimate", "Tahmini ücret")
    assert details[details.index(charge) + 1] == reported
    assert details[details.index(estimate) + 1] == pick(language, "$1,234.50", "$1.234,50")
