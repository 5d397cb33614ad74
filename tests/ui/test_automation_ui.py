"""Automation in the window (offscreen): the tray keeps the app running with the window closed
and schedules go on; "Schedule…" in the order form; the Scheduled page's actions; the Alerts
page; start at login."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from smmdesk.schedules import AlertKind
from smmdesk.workspace import Workspace
from tests.ui.conftest import add_panel
from ui.refills.dialog import AutoRefillDialog, load_target
from ui.schedules.view import ScheduleModel, load_rows
from ui.shell import autostart
from ui.shell.automation_prefs import AutomationDialog, load_prefs

LIKES = 18


def test_tray_keeps_the_app_running_with_the_window_closed(qtbot, make_window, data_dir,
                                                           simulator, monkeypatch) -> None:
    pid = add_panel(data_dir, simulator)
    ctx = make_window()
    w = ctx.window
    tray = w.automation.tray
    # Offscreen Qt has no system tray: say there is one (the icon itself stays hidden).
    tray.tray_available = lambda: True
    asked: list[int] = []
    monkeypatch.setattr(tray, "ask_close_to_tray", lambda: asked.append(1) or True)
    app = QApplication.instance()

    w.close()
    assert asked == [1] and tray.close_to_tray() is True  # asked once, kept as the preference
    assert not w.isVisible() and not w._closing and tray.in_tray
    assert not app.quitOnLastWindowClosed()  # the app lives on without a window

    # Automation goes on while the window is closed: a run falls due and is placed.
    w.workspace.schedule_order(pid, LIKES, {"link": "https://instagram.com/p/tray",
                                            "quantity": "200"},
                               first_run=datetime.now(UTC) - timedelta(seconds=5))
    qtbot.waitUntil(lambda: not w.automation.timer.busy, timeout=20_000)
    w.automation.timer.tick()
    qtbot.waitUntil(lambda: simulator.count("add") == 1, timeout=20_000)
    qtbot.waitUntil(lambda: not w.automation.timer.busy, timeout=20_000)

    tray.show_window()
    qtbot.waitExposed(w)
    w.close()
    assert asked == [1] and not w.isVisible()  # not asked again

    # "Quit" from the tray really closes and quits.
    quits: list[int] = []
    monkeypatch.setattr(QApplication, "quit", lambda *a: quits.append(1))
    tray.show_window()
    qtbot.waitExposed(w)
    tray.quit_action.trigger()
    assert w._closing and quits == [1]


def test_window_closes_normally_when_the_person_said_quit(qtbot, make_window,
                                                          monkeypatch) -> None:
    ctx = make_window()
    w = ctx.window
    tray = w.automation.tray
    tray.tray_available = lambda: True
    monkeypatch.setattr(tray, "ask_close_to_tray", lambda: False)
    w.close()
    assert w._closing and tray.close_to_tray() is False


def test_pause_all_automation_from_the_tray(qtbot, make_window, data_dir, simulator) -> None:
    """What the person sees and notices: the tray's menu item is ticked, and a run that falls
    due while paused is not placed; unpaused, it is."""
    pid = add_panel(data_dir, simulator)
    ctx = make_window()
    w = ctx.window
    tray = w.automation.tray
    timer = w.automation.timer
    tray.pause_action.trigger()
    assert tray.pause_action.isChecked()
    assert tray.pause_action.text() == "Pause all automation"
    qtbot.waitUntil(lambda: ctx.workspace.automation_settings().paused_all, timeout=10_000)
    ctx.workspace.schedule_order(pid, LIKES, {"link": "https://instagram.com/p/paused",
                                              "quantity": "200"},
                                 first_run=datetime.now(UTC) - timedelta(seconds=5))
    qtbot.waitUntil(lambda: not timer.busy, timeout=20_000)
    with qtbot.waitSignal(timer.ticked, timeout=20_000) as ticked:
        timer.tick()
    assert ticked.args[0].placed == [] and simulator.count("add") == 0
    tray.pause_action.trigger()
    assert not tray.pause_action.isChecked()
    qtbot.waitUntil(lambda: not ctx.workspace.automation_settings().paused_all, timeout=10_000)
    qtbot.waitUntil(lambda: not timer.busy, timeout=20_000)
    with qtbot.waitSignal(timer.ticked, timeout=20_000) as ticked:
        timer.tick()
    assert len(ticked.args[0].placed) == 1 and simulator.count("add") == 1


def test_schedule_from_the_order_form_and_manage_it(qtbot, make_window, data_dir, simulator,
                                                   monkeypatch) -> None:
    pid = add_panel(data_dir, simulator)
    ctx = make_window()
    w = ctx.window
    form = w.order_form
    with qtbot.waitSignal(form.serviceLoaded, timeout=10_000):
        w.order_service(pid, LIKES)
    form.fill({"link": "https://instagram.com/p/form", "quantity": "200"})
    qtbot.waitUntil(lambda: form.schedule_button.isEnabled())
    dialog = form.open_schedule()
    assert dialog is not None
    assert "Time zone" in dialog.findChild(type(dialog.per_run), "time_zone").text()
    dialog.repeat.setChecked(True)
    dialog.every.setValue(1)
    dialog.unit.setCurrentIndex(2)  # days
    dialog.times.setValue(3)
    # 200 likes at $0.012345 per 1,000: $0.002469 a run, shown as the order form shows it.
    assert form.estimate.text() == "Estimated charge: $0.0025 (quantity 200)"
    assert dialog.per_run.text() == "$0.0025"
    assert dialog.total.text() == "$0.0074 for 3 runs"  # $0.007407: below a cent, 2 digits
    with qtbot.waitSignal(form.scheduled, timeout=10_000):
        qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    [s] = ctx.workspace.schedules()
    assert s.times == 3 and s.every == timedelta(days=1) and s.fields["quantity"] == "200"

    page = w.automation.schedules_view
    w.set_view(w.automation.schedules_index)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.table.selectRow(0)
    assert page.pause_button.isEnabled() and not page.resume_button.isEnabled()
    qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ctx.workspace.schedule(s.id).paused, timeout=10_000)
    qtbot.waitUntil(lambda: page.resume_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ctx.workspace.schedule(s.id).paused, timeout=10_000)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: page.run_now_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(page.run_now_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: simulator.count("add") == 1, timeout=10_000)
    qtbot.waitUntil(lambda: page.history.rowCount() == 1, timeout=10_000)
    assert ctx.workspace.schedule(s.id).runs_done == 1
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)


def test_alerts_page_lists_a_low_balance(qtbot, make_window, data_dir, simulator) -> None:
    pid = add_panel(data_dir, simulator)
    with Workspace(data_dir) as ws:
        ws.set_balance_threshold(pid, Decimal("5000"))
    ctx = make_window()
    w = ctx.window
    page = w.automation.alerts_view
    w.set_view(w.automation.alerts_index)
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=10_000)
    assert page.alerts[0].kind is AlertKind.BALANCE
    assert "Sim" in page.list.item(0).text() and "below" in page.list.item(0).text()


def test_start_at_login_writes_the_xdg_autostart_entry(qtbot, make_window, tmp_path,
                                                      monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    entry = tmp_path / "cfg" / "autostart" / "smm-desk.desktop"
    ctx = make_window()
    dialog = AutomationDialog(ctx.workspace, ctx.runner, ctx.window.automation.tray,
                              load_prefs(ctx.workspace), parent=ctx.window)
    assert not dialog.start_at_login.isChecked()
    dialog.start_at_login.setChecked(True)
    dialog.grace.setValue(30)
    dialog.save()
    assert entry.exists() and autostart.is_enabled()
    text = entry.read_text()
    assert "[Desktop Entry]" in text and "Exec=" in text and "main.py" in text
    qtbot.waitUntil(lambda: ctx.workspace.automation_settings().grace == timedelta(minutes=30),
                    timeout=10_000)
    autostart.set_enabled(False)
    assert not entry.exists()


def test_refill_automatically_for_a_service(qtbot, make_window, data_dir, simulator) -> None:
    pid = add_panel(data_dir, simulator)
    ctx = make_window()
    target = load_target(ctx.workspace, "Followers", pid, 1)
    assert target.read_window is not None and target.read_window.days == 30  # "[Refill 30D]"
    dialog = AutoRefillDialog(ctx.workspace, ctx.runner, target, parent=ctx.window)
    assert "30" in dialog.from_name.text() and dialog.from_name.isChecked()
    dialog.mode.setCurrentIndex(1)  # on
    dialog.by_hand.setChecked(True)
    dialog.days.setValue(45)
    dialog.save()
    qtbot.waitUntil(lambda: ctx.workspace.auto_refill(panel_id=pid, service_id=1) == (True, 45),
                    timeout=10_000)
    assert ctx.workspace.refill_window(pid, 1).days == 45
    # Opened again, the dialog shows what was chosen, not the defaults.
    again = AutoRefillDialog(ctx.workspace, ctx.runner, load_target(ctx.workspace, "Followers",
                                                                    pid, 1), parent=ctx.window)
    assert again.mode.currentText() == "On" and again.by_hand.isChecked()
    assert again.days.value() == 45 and not again.from_name.isChecked()
    again.reject()


def test_schedule_model_passes_the_model_tester(qtmodeltester, ws, simulator) -> None:
    panel = ws.add_panel("Sim", simulator.url, simulator.key)
    ws.refresh_services(panel.id)
    first = datetime.now(UTC) + timedelta(hours=1)
    ws.schedule_order(panel.id, LIKES, {"link": "https://instagram.com/p/m", "quantity": "200"},
                      first_run=first, every=timedelta(days=1))
    ws.schedule_order(panel.id, LIKES, {"link": "https://instagram.com/p/n", "quantity": "300"},
                      first_run=first)
    model = ScheduleModel()
    model.set_rows(load_rows(ws))
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.data(model.index(0, 4)) == "0/∞" and model.data(model.index(1, 4)) == "0/1"
    assert model.data(model.index(0, 6)) == "Active"


def test_pause_all_and_the_page_shown_survive_a_restart(qtbot, make_window, data_dir) -> None:
    ctx = make_window()
    w = ctx.window
    w.automation.tray.pause_action.trigger()
    qtbot.waitUntil(lambda: ctx.workspace.automation_settings().paused_all, timeout=10_000)
    w.set_view(w.automation.alerts_index)
    w.automation.tray.quitting = True
    w.close()
    ctx.shutdown()
    again = make_window()
    qtbot.waitUntil(lambda: again.window.automation.tray.pause_action.isChecked(),
                    timeout=10_000)
    assert again.window.current_view() == again.window.automation.alerts_index


def test_autostart_exec_line_quotes_as_the_desktop_entry_spec_says() -> None:
    text = autostart.desktop_entry(["/opt/SMM Desk/smm-desk", "--lang", "tr", "50%"])
    assert 'Exec="/opt/SMM Desk/smm-desk" --lang tr 50%%\n' in text
    assert 'Exec="a\\\\"b"\n' in autostart.desktop_entry(['a"b'])
