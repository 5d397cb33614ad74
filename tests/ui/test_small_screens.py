"""Small screens (issue 24, item 4): the main window and every dialog fit a 1024×600 netbook
under a panel bar; the first start sizes the window to the screen; columns are as wide as what
they show; a dialog whose message grows shows all of it.

Every dialog the app opens is opened here, in English and in Turkish (longer words), and held to
``ui.fit.smallest_room()``: a minimum size above it would push buttons off such a screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QDialog, QWidget

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import LocalOrder, OrderState, SubmitState
from smmdesk.workspace import Workspace
from tests.ui.test_i18n import turkish as turkish
from ui import fit
from ui.app import build_context

KEY = "small-screen-key-0123456789abcdef"
TIMEOUT = 15_000


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=60, key=KEY, speed=0) as s:
        yield s


def seed(data_dir: Path, sim: PanelSimulator, panels: int = 6) -> str:
    """A panel with services, orders and a balance, and more panels (the Automation dialog
    has a threshold row per panel: it must still fit)."""
    ws = Workspace(data_dir)
    try:
        panel = ws.add_panel("Sim", sim.url, sim.key)
        ws.balance(panel.id)
        ws.refresh_services(panel.id)
        ws.place_order(panel.id, 1, {"link": "https://instagram.com/p/one", "quantity": "100"})
        for i in range(panels - 1):
            ws.add_panel(f"Another panel with a long name {i}", f"http://127.0.0.{i + 2}:9/api/v2",
                         KEY)
        return panel.id
    finally:
        ws.close()


def uncertain_order(pid: str) -> LocalOrder:
    when = datetime.now(UTC) - timedelta(minutes=5)
    return LocalOrder(id=1, panel_id=pid, service_id=1, service_name="Instagram followers",
                      service_type="Default", remote_id=None,
                      submit_state=SubmitState.UNCERTAIN, state=OrderState.PENDING,
                      raw_status=None, error=None, link="https://instagram.com/p/one",
                      quantity=100,
                      fields={"link": "https://instagram.com/p/one", "quantity": "100"},
                      charge_estimate=Decimal("0.43"), charge=None, currency="USD",
                      start_count=None, remains=None, created_at=when, updated_at=when)


def every_dialog(qtbot, window, pid: str, data_dir: Path) -> list[tuple[str, QWidget]]:
    """Each dialog as the person opens it (through the window where it has a way in)."""
    from smmdesk.recovery import diagnose
    from smmdesk.store import DatabaseCorruptError
    from ui.orders.dialogs import ResolveDialog, TrackOrdersDialog
    from ui.refills.dialog import AutoRefillDialog, load_target
    from ui.system.crash import CrashDialog
    from ui.system.recovery import RecoveryDialog

    out: list[tuple[str, QWidget]] = [("preferences", window.open_preferences())]
    # The rates are read on a worker and delivered after this: wait for them (a bare
    # waitSignal() call, not used as a context, never waited at all).
    with qtbot.waitSignal(window.compare.currency_settings.loaded, timeout=TIMEOUT):
        pass
    out.append(("add panel", window.add_panel()))
    out.append(("edit panel", window.edit_panel()))
    out.append(("licences", window.show_licences()))
    mass = window.open_mass_order()
    qtbot.waitUntil(lambda: mass.catalogue is not None, timeout=TIMEOUT)
    mass.set_text("\n".join(f"1|https://instagram.com/p/m{i}|100" for i in range(40)))
    out.append(("mass order", mass))
    window.automation.open_preferences()
    qtbot.waitUntil(lambda: window.automation.dialog is not None, timeout=TIMEOUT)
    out.append(("automation", window.automation.dialog))
    form = window.order_form
    with qtbot.waitSignal(form.serviceLoaded, timeout=TIMEOUT):
        form.set_service(pid, 1)
    form.fill({"link": "https://instagram.com/p/form", "quantity": "100"})
    out.append(("schedule", form.open_schedule()))
    out.append(("resolve", ResolveDialog(uncertain_order(pid), window)))
    out.append(("track", TrackOrdersDialog(window.workspace, window.runner,
                                           window.workspace.panels(), window)))
    target = load_target(window.workspace, "Sim · #1 Instagram followers", pid, 1)
    out.append(("auto refill", AutoRefillDialog(window.workspace, window.runner, target,
                                                parent=window)))
    damaged = DatabaseCorruptError(data_dir / "smmdesk.sqlite3", "file is not a database")
    out.append(("recovery", RecoveryDialog(diagnose(damaged, data_dir))))
    out.append(("crash", CrashDialog("Traceback (most recent call last): …\n" * 40,
                                     data_dir / "crash.txt")))
    return out


def check_every_window_fits(qtbot, data_dir: Path, sim: PanelSimulator) -> None:
    pid = seed(data_dir, sim)
    ctx = build_context(data_dir)
    window = ctx.window
    dialogs: list[tuple[str, QWidget]] = []
    try:
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.panel_switcher.findData(pid) > 0, timeout=TIMEOUT)
        window.panel_switcher.setCurrentIndex(window.panel_switcher.findData(pid))
        qtbot.waitUntil(lambda: window.services_view.model.total_count > 0, timeout=TIMEOUT)
        room = fit.smallest_room()
        too_big = []
        # The window itself, with the Compare panel open beside the pages.
        window.compare.show_comparison(pid, 1, None)
        for name, hint in (("main window", window.minimumSizeHint()),
                           ("main window, minimum", window.minimumSize())):
            if hint.width() > room.width() or hint.height() > room.height():
                too_big.append(f"{name}: {hint.toTuple()}")
        dialogs = every_dialog(qtbot, window, pid, data_dir)
        screen = fit.room(fit.available(window))
        for name, dialog in dialogs:
            dialog.show()
            qtbot.waitExposed(dialog)
            hint = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
            if hint.width() > room.width() or hint.height() > room.height():
                too_big.append(f"{name}: minimum {hint.toTuple()} > {room.toTuple()}")
            size = dialog.size()
            if size.width() > screen.width() or size.height() > screen.height():
                too_big.append(f"{name}: opened at {size.toTuple()} on {screen.toTuple()}")
            # A title bar shows its whole title.
            if isinstance(dialog, QDialog) and dialog.width() < fit.title_width(dialog) - 60:
                too_big.append(f"{name}: {dialog.width()} px cuts its title")
        assert not too_big, "\n".join(too_big)
    finally:
        for _name, dialog in dialogs:
            dialog.close()
            dialog.deleteLater()
        window.close()
        ctx.shutdown()
        window.deleteLater()


def test_every_window_and_dialog_fits_a_netbook(qtbot, data_dir, sim) -> None:
    check_every_window_fits(qtbot, data_dir, sim)


def test_every_window_and_dialog_fits_a_netbook_in_turkish(qtbot, turkish, data_dir,
                                                          sim) -> None:
    check_every_window_fits(qtbot, data_dir, sim)


def test_first_start_sizes_the_window_to_the_screen(qtbot) -> None:
    big, netbook = QRect(0, 0, 1920, 1050), QRect(0, 0, 1024, 568)
    w = QWidget()
    qtbot.addWidget(w)
    assert not fit.first_start(w, QSize(1200, 760), big)
    assert w.size() == QSize(1200, 760)  # as designed, centred
    assert big.contains(QRect(w.pos(), w.size()))
    small = QWidget()
    qtbot.addWidget(small)
    assert fit.first_start(small, QSize(1200, 760), netbook)  # maximised on a netbook …
    assert small.windowState() & Qt.WindowState.WindowMaximized
    assert small.width() <= 1024 and small.height() <= 568  # … never beyond it


def test_the_main_window_opens_within_the_screen(qtbot, data_dir) -> None:
    """No saved geometry (a first start): the 1200×760 wish is bounded by the screen (the
    offscreen one is 800×800)."""
    ctx = build_context(data_dir)
    window = ctx.window
    try:
        room = fit.room(fit.available(window))
        assert window.width() <= room.width() and window.height() <= room.height()
        assert window.windowState() & Qt.WindowState.WindowMaximized
    finally:
        window.close()
        ctx.shutdown()
        window.deleteLater()


def test_a_grown_message_is_shown_whole(qtbot) -> None:
    """Resolve: the panel's reason under the ID is long; the dialog grows to show it."""
    from ui.orders.dialogs import ResolveDialog

    dialog = ResolveDialog(uncertain_order("p"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() >= fit.title_width(dialog)  # "Resolve an uncertain order" whole
    dialog._say("The panel could not be asked about order #123456 now (Timed out: the panel "
                "did not answer within 30 seconds. The request may have been carried out). It "
                "will be checked at the next sync. " * 2)
    label = dialog.problem
    # The layout grows the dialog on its own events: wait for the label to hold its text.
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()),
                    timeout=TIMEOUT)


# --------------------------------------------------------------------------- columns
def _cut(table, col: int, text: str) -> bool:
    return table.horizontalHeader().sectionSize(col) < table.fontMetrics().horizontalAdvance(text)


def test_columns_are_as_wide_as_what_they_show(qtbot, turkish, data_dir, sim) -> None:
    """Turkish (longer words, other date forms): the Scheduled page's "Next run", the
    history's Time and Charge and the Preferences rates show their text whole."""
    from ui.compare.currency import CurrencySettings
    from ui.orders.model import Col as HistoryCol
    from ui.orders.model import format_when
    from ui.orders.view import OrdersView, column_samples
    from ui.schedules.view import ScheduleModel, SchedulesView
    from ui.tasks import TaskRunner

    pid = seed(data_dir, sim, panels=1)
    ws = Workspace(data_dir)
    runner = TaskRunner()
    try:
        first = datetime(2026, 12, 28, 22, 58).astimezone()
        ws.schedule_order(pid, 1, {"link": "https://instagram.com/p/later", "quantity": "100"},
                          first_run=first, every=timedelta(days=1), times=7)
        schedules = SchedulesView(ws, runner)
        qtbot.addWidget(schedules)
        schedules.resize(1000, 500)
        schedules.show()
        schedules.reload()
        qtbot.waitUntil(lambda: schedules.model.rowCount() == 1, timeout=TIMEOUT)
        nxt = ScheduleModel.COLUMNS.index("next")
        shown = schedules.model.index(0, nxt).data()
        assert shown == format_when(first) and "2026-12-28" not in shown  # Turkish, not ISO
        assert not _cut(schedules.table, nxt, shown)
        assert not _cut(schedules.table, nxt, schedules.model.headers()[nxt])

        history = OrdersView(ws, runner)
        qtbot.addWidget(history)
        for col, texts in column_samples(history.locale()).items():
            for text in texts:
                assert not _cut(history.table, col, text), (col, text)
        assert HistoryCol.TIME in column_samples(history.locale())

        from ui.format import format_average_time
        from ui.services.model import Col as ServicesCol
        from ui.services.view import ServicesView

        services = ServicesView()
        qtbot.addWidget(services)
        assert not _cut(services.table, ServicesCol.AVERAGE_TIME,
                        format_average_time("19 hours 59 minutes"))  # "19 saat 59 dakika"

        ws.set_home_currency("TRY")
        ws.set_rate("USD", Decimal("34.2512"))
        rates = CurrencySettings(ws, runner, None)
        qtbot.addWidget(rates)
        with qtbot.waitSignal(rates.loaded, timeout=TIMEOUT):
            pass
        table = rates.table
        for col in range(table.columnCount()):
            title = table.horizontalHeaderItem(col).text()
            assert not _cut(table, col, title), title
            item = table.item(0, col)
            assert item is not None and not _cut(table, col, item.text()), item.text()
    finally:
        runner.shutdown()
        ws.close()


def test_the_toolbars_show_icons_only_when_their_texts_do_not_fit(qtbot, data_dir) -> None:
    """At 1024 px the main toolbar's texts do not fit: icons only (names in tooltips), rather
    than actions hidden behind "»"; with room, the texts come back."""
    ctx = build_context(data_dir)
    window = ctx.window
    try:
        toolbar = window.toolbar
        toolbar.setVisible(True)
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.show()
        qtbot.waitExposed(window)
        room = fit.smallest_room()
        window.resize(room.width(), room.height())
        qtbot.waitUntil(lambda: toolbar.toolButtonStyle()
                        == Qt.ToolButtonStyle.ToolButtonIconOnly, timeout=TIMEOUT)
        hidden = [a.text() for a in toolbar.actions()
                  if a.isVisible() and not a.isSeparator() and toolbar.widgetForAction(a)
                  and not toolbar.widgetForAction(a).isVisible()]
        assert hidden == []  # nothing behind the extension button
        toolbar.setFixedWidth(2000)  # as a wide screen would give it
        qtbot.waitUntil(lambda: toolbar.toolButtonStyle()
                        == Qt.ToolButtonStyle.ToolButtonTextBesideIcon, timeout=TIMEOUT)
    finally:
        window.close()
        ctx.shutdown()
        window.deleteLater()


def test_the_chart_turns_its_dates_rather_than_cutting_them(qtbot, data_dir, sim) -> None:
    """30 day numbers under the bars: upright when each fits, turned when the window is
    narrow (QtCharts cut "10"…"31" to "…" at 1024 px)."""
    from PySide6.QtCharts import QBarCategoryAxis

    from ui.spending.view import SpendingView
    from ui.tasks import TaskRunner

    seed(data_dir, sim, panels=1)
    ws = Workspace(data_dir)
    runner = TaskRunner()
    try:
        view = SpendingView(ws, runner)
        qtbot.addWidget(view)
        view.resize(1400, 600)
        with qtbot.waitSignal(view.loaded, timeout=TIMEOUT):
            view.show()

        def angle() -> float:
            [x] = [a for a in view.chart.axes(Qt.Orientation.Horizontal)
                   if isinstance(a, QBarCategoryAxis)]
            assert len(x.categories()) == 30
            return x.labelsAngle()

        qtbot.waitUntil(lambda: angle() == 0, timeout=TIMEOUT)
        view.resize(600, 600)
        qtbot.waitUntil(lambda: angle() == -90, timeout=TIMEOUT)
    finally:
        runner.shutdown()
        ws.close()
