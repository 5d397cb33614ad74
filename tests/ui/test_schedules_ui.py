"""Issue 22 in the window (offscreen): quitting while a scheduled run is sent asks; the Edit
dialog shows the runs left and the UTC offset of the chosen date; the Scheduled page does not
contradict itself; Resume after a price rise offers to accept it; Run now after an uncertain
run names the order; a clock jump shows one hold; panel text stays text in the dialogs and the
tray; one tray icon."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QSystemTrayIcon

from smmdesk.models import SubmitState
from smmdesk.schedules import Alert, AlertKind, RunOutcome
from smmdesk.workspace import Workspace
from tests.ui.conftest import add_panel
from ui.alerts.view import alert_text, alert_title
from ui.refills.dialog import AutoRefillDialog, RefillTarget
from ui.schedules.dialog import ScheduleDialog, local_zone_name, to_qdatetime
from ui.schedules.view import ScheduleModel, load_rows

LIKES = 18  # min 200, rate 0.012345
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def likes(link: str = "https://instagram.com/p/ui") -> dict[str, str]:
    return {"link": link, "quantity": "200"}


def open_page(qtbot, w, rows: int):
    page = w.automation.schedules_view
    w.set_view(w.automation.schedules_index)
    page.reload()
    qtbot.waitUntil(lambda: page.model.rowCount() == rows, timeout=10_000)
    page.table.selectRow(0)
    return page


def run_now_in_flight(qtbot, ctx, simulator, monkeypatch, pid: str) -> threading.Event:
    """Run now on a schedule whose panel answers ``add`` only when the returned event is set
    (never a hang of fixed length that a loaded machine could outlast before the test looks)."""
    w = ctx.window
    ctx.workspace.schedule_order(pid, LIKES, likes(), first_run=datetime.now(UTC) + DAY,
                                 every=DAY)
    page = open_page(qtbot, w, 1)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    release = threading.Event()
    simulator.set_fault("hang", actions=["add"], times=1, until=release, seconds=3600)
    qtbot.waitUntil(lambda: page.run_now_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(page.run_now_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: simulator.count("add") == 1
                    and ctx.workspace.scheduled_run_in_flight(), timeout=10_000)
    return release


# ------------------------------------------------------------------- quitting (item 12/13)


def test_quitting_while_run_now_is_sent_asks_and_waits_for_the_answer(
        qtbot, make_window, data_dir, simulator, monkeypatch) -> None:
    pid = add_panel(data_dir, simulator)
    ctx = make_window()
    w = ctx.window
    release = run_now_in_flight(qtbot, ctx, simulator, monkeypatch, pid)
    asked: list[int] = []
    w.ask_quit_while_sending = lambda: asked.append(1) or "wait"
    quits: list[int] = []
    monkeypatch.setattr(QApplication, "quit", lambda *a: quits.append(1))
    w.automation.tray.quit_action.trigger()
    assert asked == [1] and quits == [] and not w._closing  # still running, waiting
    release.set()  # the panel answers now ...
    qtbot.waitUntil(lambda: quits == [1], timeout=15_000)  # ... and then it quits
    assert w._closing
    [o] = ctx.workspace.orders()
    assert o.submit_state is SubmitState.PLACED
    [s] = ctx.workspace.schedules()
    assert ctx.workspace.schedule_runs(s.id)[-1].outcome is RunOutcome.PLACED


def test_quitting_anyway_records_the_run_uncertain_not_sending(
        qtbot, make_window, data_dir, simulator, monkeypatch) -> None:
    pid = add_panel(data_dir, simulator)
    ctx = make_window()
    w = ctx.window
    release = run_now_in_flight(qtbot, ctx, simulator, monkeypatch, pid)
    w.ask_quit_while_sending = lambda: "quit"
    monkeypatch.setattr(QApplication, "quit", lambda *a: None)
    w.automation.tray.quit_action.trigger()
    assert w._closing and w.abandoned_send
    [o] = ctx.workspace.orders()
    assert o.submit_state is SubmitState.UNCERTAIN
    [s] = ctx.workspace.schedules()
    assert ctx.workspace.schedule_runs(s.id)[-1].outcome is RunOutcome.UNCERTAIN
    assert ctx.workspace.schedule(s.id).paused
    release.set()  # the held request may end now (the simulator stops with the test anyway)


# ------------------------------------------------------------------- the dialog (items 1, 12)


def test_edit_shows_the_runs_left_not_times_minus_runs_done(
        qtbot, ws, simulator, runner) -> None:
    panel = ws.add_panel("Sim", simulator.url, simulator.key)
    ws.refresh_services(panel.id)
    t0 = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)
    s = ws.schedule_order(panel.id, LIKES, likes(), first_run=t0, every=DAY, times=5)
    ws.run_due(t0)
    ws.run_due(t0 + DAY + 2 * HOUR)  # day 2 missed
    s = ws.schedule(s.id)
    service = ws.service(panel.id, LIKES)
    assert service is not None
    dialog = ScheduleDialog(ws, runner, ws.panel(panel.id), service, s.fields, "USD",
                            schedule=s)
    qtbot.addWidget(dialog)
    assert dialog.times.value() == 3  # 5 − 2 consumed (1 placed, 1 missed), not 5 − 1
    assert "1" in dialog.remaining_note.text() and dialog.remaining_note.isVisibleTo(dialog)
    assert dialog.timing().first_run == t0 + 2 * DAY


def test_panel_markup_in_the_currency_is_not_rendered(qtbot, ws, simulator, runner) -> None:
    panel = ws.add_panel("Sim", simulator.url, simulator.key)
    ws.refresh_services(panel.id)
    service = ws.service(panel.id, LIKES)
    assert service is not None
    dialog = ScheduleDialog(ws, runner, ws.panel(panel.id), service, likes(),
                            "<b>US</b><img src=x>")
    qtbot.addWidget(dialog)
    for label in (dialog.per_run, dialog.total, dialog.error, dialog.zone):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert "<B>US</B>" in dialog.per_run.text()  # shown as typed (upper-cased as a code)


def test_the_dialog_shows_the_utc_offset_of_the_chosen_date(
        qtbot, berlin, ws, simulator, runner) -> None:  # (berlin: tests/conftest.py)
    winter, summer = datetime(2030, 1, 15, 9, 0), datetime(2030, 7, 15, 9, 0)
    assert "UTC+01:00" in local_zone_name(winter) and "UTC+02:00" in local_zone_name(summer)
    panel = ws.add_panel("Sim", simulator.url, simulator.key)
    ws.refresh_services(panel.id)
    service = ws.service(panel.id, LIKES)
    assert service is not None
    dialog = ScheduleDialog(ws, runner, ws.panel(panel.id), service, likes(), "USD")
    qtbot.addWidget(dialog)
    dialog.first_run.setDateTime(to_qdatetime(winter.astimezone()))
    assert "UTC+01:00" in dialog.zone.text()
    dialog.first_run.setDateTime(to_qdatetime(summer.astimezone()))
    assert "UTC+02:00" in dialog.zone.text()


def test_refill_dialog_title_is_plain_text(qtbot, ws, runner) -> None:
    target = RefillTarget("<h1>Panel</h1> · #1 <img src=x>", "p", 1)
    dialog = AutoRefillDialog(ws, runner, target)
    qtbot.addWidget(dialog)
    label = dialog.findChild(QLabel, "auto_refill_title")
    assert label.textFormat() == Qt.TextFormat.PlainText and "<h1>" in label.text()


# ------------------------------------------------------------------- the page (items 2, 7, 13)


def test_the_page_does_not_contradict_itself(qtbot, ws, simulator) -> None:
    panel = ws.add_panel("Sim", simulator.url, simulator.key)
    ws.refresh_services(panel.id)
    t0 = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)
    once = ws.schedule_order(panel.id, LIKES, likes("https://instagram.com/p/a"), first_run=t0)
    ws.schedule_order(panel.id, LIKES, likes("https://instagram.com/p/b"), first_run=t0 + DAY,
                      every=DAY, times=3)
    simulator.set_fault("drop_after_read", actions=["add"], times=1)
    ws.run_due(t0)  # the one-shot's only run is uncertain: finished, and paused
    assert ws.schedule(once.id).finished and ws.schedule(once.id).paused
    ws.set_automation_settings(paused_all=True)
    model = ScheduleModel()
    model.set_rows(load_rows(ws))
    states = [model.data(model.index(r, 6)) for r in range(2)]
    assert states == ["Finished", "Paused: all automation is paused"]
    assert [model.data(model.index(r, 4)) for r in range(2)] == ["1/1", "0/3"]


def test_finished_schedule_offers_no_resume_edit_or_run_now(
        qtbot, make_window, data_dir, simulator) -> None:
    pid = add_panel(data_dir, simulator)
    with Workspace(data_dir) as ws:
        t0 = datetime.now(UTC) - timedelta(seconds=5)
        s = ws.schedule_order(pid, LIKES, likes(), first_run=t0)
        simulator.set_fault("drop_after_read", actions=["add"], times=1)
        ws.run_due(t0 + timedelta(seconds=1))
        assert ws.schedule(s.id).paused and ws.schedule(s.id).finished
    ctx = make_window()
    page = open_page(qtbot, ctx.window, 1)
    qtbot.waitUntil(lambda: page.delete_button.isEnabled(), timeout=10_000)
    for b in (page.resume_button, page.pause_button, page.edit_button, page.run_now_button):
        assert not b.isEnabled(), b.objectName()


def test_resume_after_a_price_rise_offers_to_accept_it(
        qtbot, make_window, data_dir, simulator) -> None:
    pid = add_panel(data_dir, simulator)
    with Workspace(data_dir) as ws:
        due = datetime.now(UTC) - timedelta(seconds=5)
        s = ws.schedule_order(pid, LIKES, likes(), first_run=due)
        simulator.update_service(LIKES, rate=Decimal("0.05"))
        ws.refresh_services(pid)
        ws.run_due(due + timedelta(seconds=1))
        assert ws.schedule(s.id).held and simulator.count("add") == 0
    ctx = make_window()
    page = open_page(qtbot, ctx.window, 1)
    offered = []
    page.ask_accept_price = lambda check: offered.append(check) or True
    qtbot.waitUntil(lambda: page.resume_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ctx.workspace.schedule(s.id).paused, timeout=10_000)
    [check] = offered
    assert (check.base_rate, check.new_rate) == (Decimal("0.012345"), Decimal("0.05"))
    assert ctx.workspace.schedule(s.id).base_rate == Decimal("0.05")
    ctx.window.automation.timer.tick()
    qtbot.waitUntil(lambda: simulator.count("add") == 1, timeout=10_000)


def test_run_now_after_an_uncertain_run_names_the_order(
        qtbot, make_window, data_dir, simulator, monkeypatch) -> None:
    pid = add_panel(data_dir, simulator)
    with Workspace(data_dir) as ws:
        due = datetime.now(UTC) - timedelta(seconds=5)
        ws.schedule_order(pid, LIKES, likes(), first_run=due, every=DAY)
        simulator.set_fault("drop_after_read", actions=["add"], times=1)
        [o] = ws.run_due(due + timedelta(seconds=1))
        assert o.submit_state is SubmitState.UNCERTAIN
    ctx = make_window()
    page = open_page(qtbot, ctx.window, 1)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    qtbot.waitUntil(lambda: page.run_now_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(page.run_now_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(warnings) == 1, timeout=10_000)
    assert f"Order {o.id}" in warnings[0] and simulator.count("add") == 1
    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(warnings) == 2, timeout=10_000)
    assert f"Order {o.id}" in warnings[1] and ctx.workspace.schedules()[0].paused


def test_a_clock_jump_between_ticks_shows_one_hold_until_confirmed(
        qtbot, make_window, data_dir, simulator, monkeypatch) -> None:
    pid = add_panel(data_dir, simulator)
    ctx = make_window()
    w = ctx.window
    ctx.workspace.schedule_order(pid, LIKES, likes(), first_run=datetime.now(UTC) + HOUR,
                                 every=HOUR)
    timer = w.automation.timer
    clock = {"wall": datetime.now(UTC), "elapsed": 100.0}
    timer.wall_clock = lambda: clock["wall"]
    timer.elapsed_clock = lambda: clock["elapsed"]
    notes: list[tuple[str, str]] = []
    w.automation.tray.notified.connect(lambda t, x: notes.append((t, x)))
    qtbot.waitUntil(lambda: not timer.busy, timeout=10_000)
    with qtbot.waitSignal(timer.ticked, timeout=10_000):
        timer.tick()
    clock["wall"] += 3 * HOUR + timedelta(seconds=30)  # 30 s later the clock says 3 h later
    clock["elapsed"] += 30
    with qtbot.waitSignal(timer.ticked, timeout=10_000):
        timer.tick()
    assert ctx.workspace.clock_hold() is not None and simulator.count("add") == 0
    assert [t for t, _ in notes] == ["Schedules held: the clock jumped"]
    page = open_page(qtbot, w, 1)
    qtbot.waitUntil(lambda: page.hold_banner.isVisibleTo(page), timeout=10_000)
    assert "180" in page.hold_label.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.release_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ctx.workspace.clock_hold() is None, timeout=10_000)
    qtbot.waitUntil(lambda: not page.hold_banner.isVisibleTo(page), timeout=10_000)


# ------------------------------------------------------------------- tray and alerts (item 12)


def test_tray_messages_escape_panel_text_and_there_is_one_tray_icon(
        qtbot, make_window, monkeypatch) -> None:
    ctx = make_window()
    w = ctx.window
    tray = w.automation.tray
    shown: list[str] = []
    monkeypatch.setattr(tray.icon, "isVisible", lambda: True)
    monkeypatch.setattr(tray.icon, "showMessage", lambda _t, body, *a: shown.append(body))
    tray.notify("Low balance", "The balance on <b>Evil</b> & co is 1")
    assert shown == ["The balance on &lt;b&gt;Evil&lt;/b&gt; &amp; co is 1"]
    # the finished-order notifier shows on the same icon: no second one appears
    assert w.history_view.notifier._tray is tray.icon
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", lambda: True)
    w.history_view.notifier._show("Order completed", "#1 <i>x</i>")
    assert len(w.findChildren(QSystemTrayIcon)) == 1
    assert shown[-1] == "#1 &lt;i&gt;x&lt;/i&gt;"


def _alert(kind: AlertKind, **data) -> Alert:
    return Alert(1, kind, "k", "m", datetime.now(UTC), data=data)


def test_alert_texts_say_why(qapp) -> None:
    late = alert_text(_alert(AlertKind.MISSED, count=2, service="Likes", why="late",
                             reason="The price could not be checked: offline"))
    assert "not placed in time" in late and "not running" not in late
    gone = alert_text(_alert(AlertKind.MISSED, count=2, service="Likes", why="not_running"))
    assert "not running" in gone
    assert "180" in alert_text(_alert(AlertKind.CLOCK, minutes=180))
    refused = alert_text(_alert(AlertKind.REFILL, why="refused", count=2, panel="P",
                                message="try later", times=3))
    assert "3 times in a row" in refused and "try later" in refused
    held = _alert(AlertKind.ATTENTION, why="held", service="Likes",
                  reason="The price rose from 1 to 2 (more than 10 %).")
    assert alert_title(held) == "Scheduled order waits for you"
    assert "price rose" in alert_text(held)


def test_pausing_all_automation_shows_on_the_scheduled_page(
        qtbot, make_window, data_dir, simulator) -> None:
    pid = add_panel(data_dir, simulator)
    ctx = make_window()
    w = ctx.window
    ctx.workspace.schedule_order(pid, LIKES, likes(), first_run=datetime.now(UTC) + DAY,
                                 every=DAY, times=3)
    page = open_page(qtbot, w, 1)
    index = page.model.index(0, 6)
    assert page.model.data(index) == "Active"
    w.automation.tray.pause_action.trigger()
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, 6))
                    == "Paused: all automation is paused", timeout=10_000)


# ------------------------------------------------------------- the provider watch (issue 27)
def test_scheduling_on_a_link_with_an_active_order_of_the_kind_warns_and_can_wait(
        qtbot, ws, simulator, runner) -> None:
    """An active order of the same platform and product on the link, on another panel: the
    dialog names it and says why (the person may go on); "wait for the previous run" is
    offered and kept with the schedule."""
    from smmdesk.demo.server import PanelSimulator

    a = ws.add_panel("Sim A", simulator.url, simulator.key)
    ws.refresh_services(a.id)
    with PanelSimulator(services=300, key="test-key-0123456789abcdef") as other:
        b = ws.add_panel("Sim B", other.url, other.key)
        ws.refresh_services(b.id)
    service = ws.service(a.id, LIKES)
    assert service is not None
    link = "https://instagram.com/p/overlap"
    oid = ws.store.orders.insert_submitting(
        panel_id=b.id, service=ws.service(b.id, LIKES), fields=likes(link), link=link,
        quantity=200, charge_estimate=Decimal("0.01"), currency="USD")
    ws.store.orders.set_submit_result(oid, SubmitState.PLACED, remote_id=777001)
    assert [o.id for o in ws.overlapping_orders(a.id, LIKES, link)] == [oid]

    dialog = ScheduleDialog(ws, runner, ws.panel(a.id), service, likes(link), "USD")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.overlap_note.isVisible(), timeout=10_000)
    note = dialog.overlap_note.text()
    assert "#777001" in note and "Sim B" in note and "under-deliver" in note
    assert dialog.overlap_note.textFormat() == Qt.TextFormat.PlainText
    assert dialog.save.isEnabled()  # a warning: the person may go on
    assert not dialog.wait_previous.isEnabled()  # a single run has no previous run
    dialog.repeat.setChecked(True)
    assert dialog.wait_previous.isEnabled()
    dialog.wait_previous.setChecked(True)
    with qtbot.waitSignal(dialog.scheduled, timeout=10_000) as got:
        dialog.save.click()
    schedule = got.args[0]
    assert ws.schedule_waits(schedule.id) is True
    # Editing shows the option as kept.
    edit = ScheduleDialog(ws, runner, ws.panel(a.id), service, schedule.fields, "USD",
                          schedule=ws.schedule(schedule.id))
    qtbot.addWidget(edit)
    qtbot.waitUntil(lambda: edit._waits_known, timeout=10_000)
    assert edit.wait_previous.isChecked()
    assert not edit.overlap_note.isVisible()  # said on creation only

    # Another link: nothing to say.
    quiet = ScheduleDialog(ws, runner, ws.panel(a.id), service,
                           likes("https://instagram.com/p/elsewhere"), "USD")
    qtbot.addWidget(quiet)
    quiet.show()
    qtbot.waitUntil(lambda: quiet._waits_known, timeout=10_000)
    assert not quiet.overlap_note.isVisible()


# ------------------------------------------------------------------- a team workspace (issue 28)


def test_a_team_workspaces_schedules_say_who_created_them(
        qtbot, language, engine_ws, simulator, runner) -> None:
    """"Created by" is a column on a team workspace's Scheduled page only (a local workspace's
    schedules are all its one person's)."""
    from tests.conftest import connect_panel
    from tests.ui.conftest import pick
    from ui.schedules.view import SchedulesView

    panel = connect_panel(engine_ws, simulator)
    engine_ws.schedule_order(panel.id, LIKES, likes(), first_run=datetime.now(UTC) + DAY)
    page = SchedulesView(engine_ws, runner)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(model.columnCount())]
    created_by = pick(language, "Created by", "Oluşturan")
    if engine_ws.team:
        assert headers[-1] == created_by
        assert model.index(0, len(headers) - 1).data() == "postgres"  # the team's admin
    else:
        assert created_by not in headers and len(headers) == len(ScheduleModel.COLUMNS)
