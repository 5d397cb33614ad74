"""The automation pieces one by one (offscreen): the Alerts page (ui/alerts/view.py), the tray
(ui/shell/tray.py) and the automation clock (ui/schedules/timer.py), against a real workspace,
task runner and simulator."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QSystemTrayIcon

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import Panel, SubmitState
from smmdesk.schedules import Alert, AlertKind
from smmdesk.workspace import Workspace
from tests.conftest import connect_panel
from tests.ui.conftest import pick
from ui.orders.model import format_when
from ui.settings import Settings
from ui.tasks import TaskRunner

LIKES = 18
TIMEOUT = 15_000
RAISED = datetime(2026, 3, 14, 9, 26, tzinfo=UTC)


@pytest.fixture
def panel(ws: Workspace, simulator: PanelSimulator) -> Panel:
    return connect_panel(ws, simulator)


# ------------------------------------------------------------------------------- alerts page
def alert(id_: int, kind: AlertKind, *, cleared: bool = False, **kw) -> Alert:
    return Alert(id_, kind, f"k{id_}", "English core message (never shown)", RAISED,
                 cleared_at=RAISED + timedelta(hours=1) if cleared else None, **kw)


ALERTS = [
    alert(1, AlertKind.BALANCE, panel_id="p", data={
        "panel": "Sim", "amount": "1234.5", "currency": "USD", "threshold": "2000"}),
    alert(2, AlertKind.PRICE, cleared=True, service_id=18, data={
        "name": "Likes", "old": "0.012345", "new": "1234.5"}),
    alert(3, AlertKind.REMOVED, service_id=250, data={"name": "Views"}),
    alert(4, AlertKind.ATTENTION, local_id=7, data={
        "why": "uncertain", "service": "Likes", "link": "https://instagram.com/p/a"}),
    alert(5, AlertKind.ATTENTION, local_id=8, data={
        "why": "rejected", "error": "Not enough funds on balance", "service": "Likes",
        "link": "https://instagram.com/p/b"}),
    alert(6, AlertKind.ATTENTION, local_id=9, data={"why": "not_found", "remote_id": 23501}),
    alert(7, AlertKind.MISSED, data={"count": 1, "service": "Likes"}),
    alert(8, AlertKind.MISSED, data={"count": 3, "service": "Likes", "why": "late"}),
]


def test_the_alerts_page_words_every_kind_in_the_persons_language(qtbot, language: str,
                                                                 ws: Workspace,
                                                                 runner: TaskRunner) -> None:
    from ui.alerts.view import AlertsView

    view = AlertsView(ws, runner)
    qtbot.addWidget(view)
    view.set_alerts(ALERTS)
    when = format_when(RAISED)  # the locale's date and time, as the history shows them
    shown = [view.list.item(i).text() for i in range(view.list.count())]
    assert shown == [f"{when} · {text}" for text in pick(language, [
        "Low balance: The balance on Sim is $1,234.50, below $2,000.00.",
        "Price changed: Service #18 Likes: the price changed from 0.012345 to 1,234.50.",
        "Service removed: The panel no longer lists service #250 Views.",
        "Order needs attention: Order “Likes” for https://instagram.com/p/a may or may not have "
        "been placed: check it on the panel.",
        "Order needs attention: A scheduled order (“Likes” for https://instagram.com/p/b) was "
        "refused: Not enough funds on balance",
        "Order needs attention: Order #23501 is not found on the panel.",
        "Scheduled runs missed: 1 scheduled run of Likes: missed while SMM Desk was not running "
        "(or the computer was asleep).",
        "Scheduled runs missed: 3 scheduled runs of Likes: not placed in time.",
    ], [
        "Düşük bakiye: Sim bakiyesi $1.234,50, $2.000,00 sınırının altında.",
        "Fiyat değişti: #18 Likes hizmeti: fiyat 0,012345 iken 1.234,50 oldu.",
        "Hizmet kaldırıldı: Panel artık #250 Views hizmetini listelemiyor.",
        "Sipariş ilgi bekliyor: Sipariş https://instagram.com/p/a için “Likes” verilmiş olabilir "
        "de olmayabilir de: panelden kontrol edin.",
        "Sipariş ilgi bekliyor: Zamanlanmış bir sipariş (https://instagram.com/p/b için “Likes”) "
        "reddedildi: Not enough funds on balance",  # the panel's own words stay as it wrote them
        "Sipariş ilgi bekliyor: Sipariş #23501 panelde bulunamadı.",
        "Zamanlanmış çalıştırmalar kaçırıldı: Likes için 1 zamanlanmış çalıştırma: SMM Desk "
        "çalışmıyorken (ya da bilgisayar uykudayken) kaçırıldı.",
        "Zamanlanmış çalıştırmalar kaçırıldı: Likes için 3 zamanlanmış çalıştırma: zamanında "
        "verilemedi.",
    ])]
    # Active alerts in bold; a cleared one is plain, and its tooltip says it was cleared.
    assert [view.list.item(i).font().bold() for i in range(len(ALERTS))] == [
        a.active for a in ALERTS]
    assert view.list.item(1).toolTip() == pick(language, "Cleared", "Giderildi")
    assert view.list.item(0).toolTip() == ""
    assert view.empty.plain == ""
    view.set_alerts([])
    assert view.list.count() == 0
    assert view.empty.plain.startswith(pick(language, "No alerts. ", "Uyarı yok. "))


def test_activating_an_order_alert_shows_that_order(qtbot, ws: Workspace,
                                                          runner: TaskRunner) -> None:
    from ui.alerts.view import AlertsView

    view = AlertsView(ws, runner)
    qtbot.addWidget(view)
    view.set_alerts(ALERTS)
    with qtbot.waitSignal(view.showOrder, timeout=TIMEOUT) as shown:
        view.list.itemActivated.emit(view.list.item(4))  # Enter or a double click
    assert shown.args == [8]
    with qtbot.assertNotEmitted(view.showOrder):
        view.list.itemActivated.emit(view.list.item(0))  # a balance: no order to show


def test_the_alerts_page_reloads_what_the_workspace_raised(qtbot, ws: Workspace,
                                                           runner: TaskRunner, panel: Panel,
                                                           simulator: PanelSimulator) -> None:
    from ui.alerts.view import AlertsView

    view = AlertsView(ws, runner)
    qtbot.addWidget(view)
    ws.set_balance_threshold(panel.id, Decimal("2000"))
    simulator.balance = Decimal("1234.5")
    ws.balance(panel.id)
    view.refresh_button.click()
    qtbot.waitUntil(lambda: view.list.count() == 1, timeout=TIMEOUT)
    assert view.list.item(0).text().endswith(
        "Low balance: The balance on Sim is $1,234.50, below $2,000.00.")
    assert view.list.item(0).font().bold()


# ------------------------------------------------------------------------------- the tray
@pytest.fixture
def window(qtbot) -> QMainWindow:
    w = QMainWindow()
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def tray(window: QMainWindow, ws: Workspace, runner: TaskRunner, data_dir):
    from ui.shell.tray import TrayController

    app = QApplication.instance()
    quit_on_close = app.quitOnLastWindowClosed()
    controller = TrayController(window, ws, runner, Settings(data_dir),
                                tray_available=lambda: True)
    yield controller
    controller.icon.hide()
    app.setQuitOnLastWindowClosed(quit_on_close)


def close(window: QMainWindow, tray) -> tuple[bool, QCloseEvent]:
    event = QCloseEvent()
    event.accept()
    return tray.handle_close(event), event


def test_closing_asks_once_then_keeps_running_in_the_tray(qtbot, window, tray,
                                                          monkeypatch) -> None:
    asked: list[int] = []
    monkeypatch.setattr(tray, "ask_close_to_tray", lambda: asked.append(1) or True)
    assert tray.close_to_tray() is None
    went, event = close(window, tray)
    assert went and not event.isAccepted()  # the close is ignored: the app keeps running
    assert not window.isVisible() and tray.in_tray
    assert not QApplication.instance().quitOnLastWindowClosed()
    assert tray.close_to_tray() is True and asked == [1]
    tray.show_window()
    assert window.isVisible() and not tray.in_tray
    went, _ = close(window, tray)
    assert went and asked == [1]  # the answer is the preference now: not asked again


def test_closing_quits_when_the_person_said_so_or_there_is_no_tray(qtbot, window, tray,
                                                                    monkeypatch) -> None:
    monkeypatch.setattr(tray, "ask_close_to_tray", lambda: False)
    went, event = close(window, tray)
    assert not went and event.isAccepted() and tray.close_to_tray() is False
    tray.set_close_to_tray(True)
    tray.quitting = True  # Quit from the menu: never to the tray
    assert close(window, tray)[0] is False
    tray.quitting = False
    tray.tray_available = lambda: False  # the desktop has no tray: closing must quit
    assert close(window, tray)[0] is False


def test_the_keep_running_question_is_answered_by_its_buttons(qtbot, language: str, window,
                                                              tray) -> None:
    answers: list[str] = []

    def answer(button_text: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        answers.append(box.text())
        (button,) = [b for b in box.buttons() if b.text() == button_text]
        button.click()

    keep = pick(language, "Keep running in the tray", "Tepside çalışmaya devam et")
    quit_ = pick(language, "Quit when closed", "Kapatınca çık")
    QTimer.singleShot(0, lambda: answer(keep))
    assert tray.ask_close_to_tray() is True
    QTimer.singleShot(0, lambda: answer(quit_))
    assert tray.ask_close_to_tray() is False
    assert len(answers) == 2 and answers[0].startswith(pick(
        language, "Keep SMM Desk running in the system tray when the window is closed?",
        "Pencere kapatıldığında SMM Desk sistem tepsisinde çalışmaya devam etsin mi?"))


def test_pause_from_the_tray_is_shown_checked_and_stored(qtbot, tray, ws: Workspace,
                                                         runner: TaskRunner) -> None:
    with qtbot.waitSignal(tray.pausedChanged, timeout=TIMEOUT) as changed:
        tray.pause_action.trigger()
    assert changed.args == [True] and tray.pause_action.isChecked()
    qtbot.waitUntil(lambda: runner.active_count == 0, timeout=TIMEOUT)
    assert ws.automation_settings().paused_all
    # A stored state read later never undoes the person's newer choice ...
    tray.show_paused(False)
    assert tray.pause_action.isChecked()
    tray.pause_action.trigger()
    qtbot.waitUntil(lambda: runner.active_count == 0, timeout=TIMEOUT)
    assert not ws.automation_settings().paused_all and not tray.pause_action.isChecked()


def test_the_stored_pause_is_shown_without_being_written_again(qtbot, window, ws: Workspace,
                                                               runner: TaskRunner,
                                                               data_dir) -> None:
    from ui.shell.tray import TrayController

    ws.set_automation_settings(paused_all=True)
    tray = TrayController(window, ws, runner, Settings(data_dir), tray_available=lambda: True)
    with qtbot.assertNotEmitted(tray.pausedChanged):
        tray.show_paused(True)
    assert tray.pause_action.isChecked() and runner.active_count == 0


def test_clicking_the_tray_icon_opens_the_window(qtbot, window, tray) -> None:
    window.hide()
    tray.in_tray = True
    tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Context)  # the menu, not open
    assert not window.isVisible()
    tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    assert window.isVisible() and not tray.in_tray


# ------------------------------------------------------------------------------- the clock
def due_schedule(ws: Workspace, panel: Panel) -> int:
    return ws.schedule_order(panel.id, LIKES, {"link": "https://instagram.com/p/clock",
                                               "quantity": "200"},
                             first_run=datetime.now(UTC) - timedelta(seconds=5)).id


def test_one_tick_places_what_is_due_and_collects_new_alerts(ws: Workspace, panel: Panel,
                                                             simulator: PanelSimulator) -> None:
    from ui.schedules.timer import automation_tick

    due_schedule(ws, panel)
    ws.set_balance_threshold(panel.id, Decimal("5000"))
    now = datetime.now(UTC)
    first = automation_tick(ws, now, None, refill=False)
    assert [o.submit_state for o in first.placed] == [SubmitState.PLACED]
    assert simulator.count("add") == 1 and first.refills == [] and first.at == now
    assert [a.kind for a in first.alerts] == [AlertKind.BALANCE]
    again = automation_tick(ws, now + timedelta(seconds=30), now, refill=False)
    assert again.placed == [] and simulator.count("add") == 1  # placed once, never twice


def test_each_alert_is_handed_on_once_however_many_ticks_see_it(
        qtbot, ws: Workspace, panel: Panel, runner: TaskRunner) -> None:
    """A tick collects the alerts raised since the previous tick's time, that time included:
    the alert the previous tick raised itself comes back, and must not be notified again."""
    from ui.schedules.timer import AutomationTimer

    ws.set_balance_threshold(panel.id, Decimal("5000"))
    clock = AutomationTimer(ws, runner, interval_ms=3_600_000)
    handed: list[list[AlertKind]] = []
    for _ in range(3):
        with qtbot.waitSignal(clock.ticked, timeout=TIMEOUT) as ticked:
            clock.tick()
        handed.append([a.kind for a in ticked.args[0].alerts])
    assert handed == [[AlertKind.BALANCE], [], []]


def test_the_clock_skips_a_tick_while_the_last_one_runs(qtbot, ws: Workspace, panel: Panel,
                                                        runner: TaskRunner,
                                                        simulator: PanelSimulator) -> None:
    from ui.schedules.timer import AutomationTimer

    due_schedule(ws, panel)
    release = threading.Event()
    simulator.set_fault("hang", actions=["add"], until=release, seconds=3600)
    clock = AutomationTimer(ws, runner, interval_ms=3_600_000)
    try:
        clock.tick()
        qtbot.waitUntil(lambda: simulator.count("add") == 1, timeout=TIMEOUT)
        assert clock.busy and clock.ticks == 1
        clock.tick()  # the first is still waiting for the panel: this one is skipped
        assert clock.ticks == 1 and runner.active_count == 1
        with qtbot.waitSignal(clock.ticked, timeout=TIMEOUT) as ticked:
            release.set()
        assert [o.submit_state for o in ticked.args[0].placed] == [SubmitState.PLACED]
        assert not clock.busy
    finally:
        release.set()
    assert simulator.count("add") == 1


def test_the_clock_asks_for_refills_every_twentieth_tick(qtbot, ws: Workspace,
                                                         runner: TaskRunner,
                                                         monkeypatch) -> None:
    from ui.schedules import timer

    asked: list[datetime] = []
    real = ws.auto_refill_due
    monkeypatch.setattr(ws, "auto_refill_due", lambda now: asked.append(now) or real(now))
    clock = timer.AutomationTimer(ws, runner, interval_ms=3_600_000)
    for _ in range(timer.REFILL_EVERY_TICKS + 1):
        with qtbot.waitSignal(clock.ticked, timeout=TIMEOUT):
            clock.tick()
    assert len(asked) == 2  # the first tick, then the twenty-first


def test_a_failed_tick_is_reported_and_the_clock_goes_on(qtbot, ws: Workspace,
                                                         runner: TaskRunner,
                                                         monkeypatch) -> None:
    from ui.schedules.timer import AutomationTimer

    def broken(_now: datetime, **_kw: object) -> list:
        raise OSError("disk I/O error")

    monkeypatch.setattr(ws, "run_due", broken)
    clock = AutomationTimer(ws, runner, interval_ms=3_600_000)
    with qtbot.waitSignal(clock.failed, timeout=TIMEOUT) as failed:
        clock.tick()
    assert failed.args == ["disk I/O error"] and not clock.busy
    monkeypatch.undo()
    with qtbot.waitSignal(clock.ticked, timeout=TIMEOUT):
        clock.tick()  # the next tick runs again


def test_the_clock_does_nothing_once_the_app_is_quitting(qtbot, ws: Workspace) -> None:
    from ui.schedules.timer import AutomationTimer

    runner = TaskRunner()
    runner.shutdown()
    clock = AutomationTimer(ws, runner, interval_ms=3_600_000)
    clock.tick()
    assert not clock.busy and clock.ticks == 0 and runner.active_count == 0


def test_the_clock_ticks_on_its_own(qtbot, ws: Workspace, runner: TaskRunner) -> None:
    from ui.schedules.timer import AutomationTimer

    clock = AutomationTimer(ws, runner, interval_ms=10)
    clock.start()
    try:
        with qtbot.waitSignal(clock.ticked, timeout=TIMEOUT):
            pass
    finally:
        clock.stop()
    assert not clock.timer.isActive()


def test_the_tray_menu_opens_pauses_and_quits(qtbot, tray) -> None:
    assert tray.icon.toolTip() == "SMM Desk"
    assert [a.text() for a in tray.menu.actions() if not a.isSeparator()] == [
        "Open SMM Desk", "Pause all automation", "Quit"]
    assert tray.pause_action.isCheckable()


def test_the_alerts_page_lists_the_newest_and_says_how_many_there_are(
        qtbot, language: str, ws: Workspace, runner: TaskRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Tens of thousands of stuck-order alerts (a first check over a million orders) are not
    put in the list one item each: the newest are, and the page says how many there are."""
    from ui.alerts import view as alerts_view
    from ui.alerts.view import AlertsView

    monkeypatch.setattr(alerts_view, "PAGE_ALERTS", 5)
    sql = ws.store.automation
    sql.raise_alerts([{"kind": AlertKind.ATTENTION, "key": f"test:{i}", "order_id": 1000 + i,
                       "message": "m", "data": {"why": "not_found", "remote_id": 1000 + i}}
                      for i in range(1234)], RAISED)
    view = AlertsView(ws, runner)
    qtbot.addWidget(view)
    view.show()
    view.reload()
    qtbot.waitUntil(lambda: view.list.count() == 5, timeout=TIMEOUT)
    assert [re.search(r"#\d+", view.list.item(i).text()).group() for i in range(5)] == [
        "#2233", "#2232", "#2231", "#2230", "#2229"]  # newest first
    assert view.more.isVisible()
    assert view.more.text() == pick(language, "Showing the newest 5 of 1,234 alerts.",
                                    "1.234 uyarının en yeni 5 tanesi gösteriliyor.")
    view.set_alerts(view.alerts[:2])  # all there are
    assert not view.more.isVisible()
