"""The main window end to end (offscreen): welcome, demo, offline start-up, no GUI stalls."""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QElapsedTimer, QSettings, Qt, QTimer

from smmdesk.workspace import Workspace
from tests.ui.conftest import add_panel
from ui.services.model import Col, ObjectRole
from ui.shell.main_window import View


def test_first_start_shows_welcome_then_demo(qtbot, make_window):
    ctx = make_window()
    w = ctx.window
    qtbot.waitUntil(lambda: w._loaded_once)
    assert w.root.currentWidget() is w.welcome
    with qtbot.waitSignal(w.refreshFinished, timeout=30_000) as refreshed:
        qtbot.mouseClick(w.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert "500 new" in refreshed.args[0]
    qtbot.waitUntil(lambda: w.services_view.model.total_count == 500, timeout=10_000)
    assert w.root.currentWidget() is not w.welcome
    assert "(simulated)" in w.panel_switcher.currentText()
    assert w.demo_badge_action.isVisible()
    assert "Online" in w.online_label.text()
    qtbot.waitUntil(lambda: "$" in w.balances_label.text())
    assert w.balances_label.text() == "$1,000.00 · just now"  # the demo panel's balance
    assert "500 new, 0 removed, 0 price changes" in w.statusBar().currentMessage()
    # The start-up's own network work, when it comes after the demo was added, does not read
    # the services again: they were just read.
    w.feed.startup_network(w.demo, lambda _panel: None)
    assert not w.feed.refreshing
    assert "500 new, 0 removed, 0 price changes" in w.statusBar().currentMessage()
    panel = w.current_panel()
    assert panel.is_demo and panel.name == "Demo panel"
    assert ctx.demo.running  # the simulated panel answers (it was just used)


def test_startup_with_the_panel_down_shows_cache_and_offline(qtbot, make_window, data_dir):
    from smmdesk.demo.server import PanelSimulator

    with PanelSimulator(services=120, key="k-0123456789abcdef") as sim:
        add_panel(data_dir, sim)
    # The simulator is gone now: nothing listens on that port.
    ctx = make_window()
    w = ctx.window
    qtbot.waitUntil(lambda: w.services_view.model.total_count == 120, timeout=10_000)
    qtbot.waitUntil(lambda: "Offline" in w.online_label.text(), timeout=20_000)
    assert "saved on this computer" in w.online_label.toolTip()
    assert w.services_view.model.rowCount() == 120
    # The last known balance, with its age (read a moment ago, when the panel was added).
    amount, age = w.balances_label.text().split(" · ")
    assert amount == "$1,000.00"
    assert age in ("just now", "1 minute ago"), age


def test_gui_thread_never_stalls_while_the_panel_is_slow(qtbot, make_window, data_dir, simulator):
    pid = add_panel(data_dir, simulator, refresh=False)
    simulator.latency = 3
    gaps: list[int] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    probe = QTimer()
    probe.setInterval(10)
    probe.timeout.connect(tick)
    probe.start()
    ctx = make_window()
    w = ctx.window
    last[0] = clock.elapsed()
    gaps.clear()
    with qtbot.waitSignal(w.refreshFinished, timeout=30_000):
        pass  # never refreshed: the window refreshes on its own at start-up
    qtbot.waitUntil(lambda: w.services_view.model.total_count == 300, timeout=10_000)
    probe.stop()
    assert w.current_panel_id() == pid
    assert len(gaps) > 100  # the probe really ran through the 3 s+ of waiting
    # Generous on purpose: what this test guards is "the GUI thread never waits on the
    # network", and a wait on this panel stalls for its whole 3-s latency; a gap under half of
    # it is not a network wait. A tighter limit measured the machine's load (2 shared cores:
    # a busy neighbour alone delays a 10-ms timer by 100 ms and more); the frame-time target
    # (50 ms) is measured by bench/bench_sync.py (gui_max_stall_ms), not asserted here.
    assert max(gaps) < simulator.latency * 1000 / 2, f"GUI thread stalled for {max(gaps)} ms"


def test_keyboard_views_search_and_order_form(qtbot, make_window, data_dir, simulator):
    add_panel(data_dir, simulator)
    ctx = make_window()
    w = ctx.window
    view = w.services_view
    qtbot.waitUntil(lambda: view.model.total_count == 300, timeout=10_000)
    w.activateWindow()
    qtbot.waitUntil(lambda: w.isActiveWindow())

    qtbot.keyClick(w, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert w.pages.currentIndex() == View.ORDERS
    assert w.pages.currentWidget() is w.history_view
    qtbot.keyClick(w, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert w.pages.currentWidget() is w.spending_view
    qtbot.keyClick(w, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert w.pages.currentIndex() == View.NEW_ORDER
    assert w.pages.currentWidget() is w.order_form
    assert w.order_form.service is None  # nothing picked yet: a hint, no fields
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert w.pages.currentIndex() == View.SERVICES
    qtbot.waitUntil(view.search.hasFocus)

    word = view.model.row_at(0).service.name.split()[0]
    with qtbot.waitSignal(view.filterApplied, timeout=10_000):
        qtbot.keyClicks(view.search, word.lower())
    assert 0 < view.model.rowCount() < 300
    with qtbot.waitSignal(view.filterApplied, timeout=10_000):
        qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == "" and view.model.rowCount() == 300

    # Enter on a row: the order form opens for that service.
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(4, Col.NAME))
    row = view.current_row()
    with qtbot.waitSignal(w.order_form.serviceLoaded, timeout=10_000):
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert w.pages.currentIndex() == View.NEW_ORDER
    assert w.picked_service == (row.panel_id, row.service.id)
    assert w.order_form.service.id == row.service.id
    assert w.order_form.service_name.text() == row.service.name

    # Ctrl+N from the Services page does the same for the selected row.
    w.set_view(View.SERVICES)
    view.table.setCurrentIndex(view.model.index(7, Col.NAME))
    with qtbot.waitSignal(w.order_form.serviceLoaded, timeout=10_000):
        qtbot.keyClick(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert w.picked_service[1] == view.model.row_at(7).service.id
    assert w.order_form.service.id == view.model.row_at(7).service.id


def test_description_is_plain_text_and_double_click_orders(qtbot, make_window, data_dir, simulator):
    # A description with markup in it: shown as the characters the panel sent, not rendered.
    markup = "<b>Fast</b> & <i>safe</i>\n<img src=x onerror=alert(1)> 30-day refill"
    simulator.update_service(1, description=markup)
    add_panel(data_dir, simulator)
    w = make_window().window
    view = w.services_view
    qtbot.waitUntil(lambda: view.model.total_count == 300, timeout=10_000)
    first = next(r for r in range(view.model.rowCount())
                 if view.model.index(r, Col.NAME).data(ObjectRole).service.id == 1)
    view.table.setCurrentIndex(view.model.index(first, Col.NAME))
    row = view.current_row()
    assert row.service.id == 1
    # The description is read on demand (the table keeps none): wait for it to arrive.
    qtbot.waitUntil(lambda: view.description.toPlainText() == markup, timeout=10_000)
    assert str(row.service.id) in view.details_title.text()
    index = view.model.index(1, Col.NAME)
    rect = view.table.visualRect(index)
    # A real double click is press, release, double-click event: QTest needs the first click.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.pages.currentIndex() == View.NEW_ORDER
    assert w.picked_service[1] == index.data(ObjectRole).service.id


def test_favourite_is_stored_and_filterable(qtbot, make_window, data_dir, simulator):
    pid = add_panel(data_dir, simulator)
    ctx = make_window()
    w = ctx.window
    view = w.services_view
    qtbot.waitUntil(lambda: view.model.total_count == 300, timeout=10_000)
    view.table.setCurrentIndex(view.model.index(3, Col.NAME))
    sid = view.current_row().service.id
    view.toggle_favourite()
    assert view.model.row_at(3).favourite
    qtbot.waitUntil(lambda: ctx.runner.active_count == 0, timeout=10_000)
    assert any(r.favourite and r.service.id == sid for r in ctx.workspace.services(pid))
    view.favourites_button.setChecked(True)
    assert [r.service.id for r in (view.model.row_at(i) for i in range(view.model.rowCount()))] == [
        sid
    ]


def test_copy_id_and_name(qtbot, make_window, data_dir, simulator, qapp):
    add_panel(data_dir, simulator)
    w = make_window().window
    view = w.services_view
    qtbot.waitUntil(lambda: view.model.total_count == 300, timeout=10_000)
    view.table.setCurrentIndex(view.model.index(2, Col.NAME))
    row = view.current_row()
    view.copy_id_action.trigger()
    assert qapp.clipboard().text() == str(row.service.id)
    view.copy_name_action.trigger()
    assert qapp.clipboard().text() == row.service.name


def test_state_persists_in_the_data_dir_ini(qtbot, make_window, data_dir, simulator):
    pid = add_panel(data_dir, simulator)
    ctx = make_window()
    w = ctx.window
    qtbot.waitUntil(lambda: w.services_view.model.total_count == 300, timeout=10_000)
    w.services_view.search.setText("instagram")
    w.services_view.apply_filter_now()
    w.set_view(View.ORDERS)
    w.close()
    ini = data_dir / "settings.ini"
    assert ini.exists()
    settings = QSettings(str(ini), QSettings.Format.IniFormat)
    assert settings.value("window/last_panel") == pid
    assert settings.value("filters/text") == "instagram"
    assert "key" not in ini.read_text().lower().replace("services/header", "")

    ctx2 = make_window()
    w2 = ctx2.window
    qtbot.waitUntil(lambda: w2.services_view.model.total_count == 300, timeout=10_000)
    assert w2.current_panel_id() == pid
    assert w2.services_view.search.text() == "instagram"
    assert w2.services_view.model.rowCount() < 300
    assert w2.pages.currentIndex() == View.ORDERS


def test_all_panels_mode_shows_the_panel_column(qtbot, make_window, data_dir, simulator):
    from smmdesk.demo.server import PanelSimulator

    add_panel(data_dir, simulator)
    with PanelSimulator(services=50, key="second-key-0123456789", seed=7) as sim2:
        ws = Workspace(data_dir)
        second = ws.add_panel("Second", sim2.url, sim2.key)
        ws.refresh_services(second.id)
        ws.close()
        ctx = make_window()
        w = ctx.window
        view = w.services_view
        qtbot.waitUntil(lambda: w._loaded_once)
        w.panel_switcher.setCurrentIndex(w.panel_switcher.findData(""))
        qtbot.waitUntil(lambda: view.model.total_count == 350, timeout=10_000)
        assert not view.table.isColumnHidden(Col.PANEL)
        assert {view.model.row_at(i).panel_name for i in range(view.model.rowCount())} == {
            "Sim",
            "Second",
        }
        w.panel_switcher.setCurrentIndex(w.panel_switcher.findData(second.id))
        qtbot.waitUntil(lambda: view.model.total_count == 50, timeout=10_000)
        assert view.table.isColumnHidden(Col.PANEL)
        qtbot.waitUntil(lambda: ctx.runner.active_count == 0, timeout=20_000)


def test_refresh_reports_a_summary(qtbot, make_window, data_dir, simulator):
    add_panel(data_dir, simulator)
    w = make_window().window
    qtbot.waitUntil(lambda: w.services_view.model.total_count == 300, timeout=10_000)
    with qtbot.waitSignal(w.refreshFinished, timeout=20_000) as blocker:
        w.refresh_action.trigger()
    assert blocker.args[0].endswith("0 new, 0 removed, 0 price changes")


def test_refresh_summary_counts_new_removed_and_repriced(qtbot, make_window, data_dir, simulator):
    import dataclasses
    from decimal import Decimal

    from smmdesk.api import PanelClient
    from smmdesk.models import Service

    pid = add_panel(data_dir, simulator, refresh=False)
    # Seed the cache with an "older" catalogue: 10 services missing, 5 extra, 7 repriced.
    with PanelClient(simulator.url, simulator.key) as client:
        current = client.services()
    older = [
        dataclasses.replace(s, rate=s.rate * 2) if i < 7 else s for i, s in enumerate(current[10:])
    ]
    older += [
        Service(99990 + i, f"Gone {i}", "Default", "Old", Decimal("1"), 1, 10) for i in range(5)
    ]
    ws = Workspace(data_dir)
    ws.store.services.apply_services(pid, older)
    ws.close()

    ctx = make_window()
    w = ctx.window
    qtbot.waitUntil(lambda: w._loaded_once)
    with qtbot.waitSignal(w.refreshFinished, timeout=30_000) as blocker:
        w.refresh_action.trigger()
    assert "10 new, 5 removed, 7 price changes" in blocker.args[0]
    view = w.services_view
    qtbot.waitUntil(lambda: view.model.total_count == 300, timeout=10_000)
    markers = [view.model.index(r, 13).data() for r in range(view.model.rowCount())]
    assert markers.count("▼") == 7


def test_remove_panel(qtbot, make_window, data_dir, simulator, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    add_panel(data_dir, simulator)
    ctx = make_window()
    w = ctx.window
    qtbot.waitUntil(lambda: w.services_view.model.total_count == 300, timeout=10_000)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    with qtbot.waitSignal(w.panelsLoaded, timeout=10_000, check_params_cb=lambda p: p == []):
        w.remove_action.trigger()
    assert w.root.currentWidget() is w.welcome
    qtbot.waitUntil(lambda: ctx.runner.active_count == 0, timeout=20_000)


def test_demo_panel_restarts_on_a_new_port(qtbot, make_window, data_dir):
    ctx = make_window()
    w = ctx.window
    qtbot.waitUntil(lambda: w._loaded_once)
    with qtbot.waitSignal(w.refreshFinished, timeout=30_000):
        w.start_demo()
    first_url = ctx.demo.url
    first_port = urlsplit(first_url).port
    w.close()
    ctx.shutdown()
    assert not ctx.demo.running

    # Hold the first port, so the next start cannot be given it again by chance: the stored
    # panel must follow the simulator to wherever it listens now.
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        try:
            holder.bind(("127.0.0.1", first_port))
        except OSError:
            pass  # someone else took it meanwhile: taken either way
        ctx2 = make_window()
        w2 = ctx2.window
        with qtbot.waitSignal(w2.demoReady, timeout=30_000) as ready:
            pass
    finally:
        holder.close()
    panel = ctx2.workspace.panel(ready.args[0])
    assert urlsplit(ctx2.demo.url).port != first_port
    assert panel.is_demo and panel.url == ctx2.demo.url  # the stored URL moved with it
    qtbot.waitUntil(lambda: w2.services_view.model.total_count == 500, timeout=10_000)
    qtbot.waitUntil(lambda: "Online" in w2.online_label.text(), timeout=20_000)
    assert [p.name for p in ctx2.workspace.panels()] == ["Demo panel"]  # not added twice


# ------------------------------------------------------------------- issue 12, item 6
def test_keys_missing_after_a_restart_are_said_honestly(qtbot, make_window, data_dir, simulator):
    from ui.panels.dialog import PanelDialog

    ws = Workspace(data_dir)
    try:
        panel = ws.add_panel("Keyless", simulator.url, simulator.key)
        ws.balance(panel.id)
        ws.refresh_services(panel.id)
        ws.place_order(panel.id, 18, {"link": "https://instagram.com/p/k", "quantity": "200"})
        ws.secrets.remove(panel.id)  # what a restart without a system keyring leaves
    finally:
        ws.close()
    w = make_window().window
    qtbot.waitUntil(lambda: "Key needed" in w.online_label.text(), timeout=20_000)
    assert w.enter_key_button.isVisible()
    w.history_view.sync.refresh_now()
    qtbot.waitUntil(lambda: not w.history_view.sync.busy, timeout=20_000)
    assert "checked" not in w.history_view.summary.text()  # nothing was checked
    with qtbot.waitSignal(w.refreshFinished, timeout=20_000) as refreshed:
        w.refresh_action.trigger()
    assert "Online" not in w.online_label.text() and "Key needed" in w.online_label.text()
    for text in (refreshed.args[0], w.online_label.toolTip(), w.statusBar().currentMessage(),
                 w.history_view.message.text()):
        assert panel.id not in text and panel.id[:8] not in text, text
    assert "Keyless" in refreshed.args[0] and "API key" in refreshed.args[0]
    dialog = w.enter_missing_key()
    assert isinstance(dialog, PanelDialog) and dialog.isVisible()
    dialog.reject()


# ------------------------------------------------------------------- issue 12, item 8
def _offline_panels(data_dir: Path, names: list[str]) -> list[str]:
    from decimal import Decimal

    from smmdesk.models import Balance

    ws = Workspace(data_dir)
    try:
        ids = []
        for i, name in enumerate(names):
            p = ws.add_panel(name, f"http://127.0.0.1:9/p{i}/api/v2", f"key-{i}-0123456789")
            ws.store.panels.add_balance(p.id, Balance(Decimal("12.5") + i, "USD"))
            ids.append(p.id)
        return ids
    finally:
        ws.close()


def test_a_very_long_panel_name_does_not_widen_the_window(qtbot, make_window, data_dir):
    long_name = "Mega panel " + "x" * 1989
    pid, _ = _offline_panels(data_dir, [long_name, "Short"])
    ctx = make_window()
    w = ctx.window
    qtbot.waitUntil(lambda: w._loaded_once and w.panel_switcher.count() == 3, timeout=10_000)
    w.panel_switcher.setCurrentIndex(0)  # all panels: every balance with its panel's name
    qtbot.waitUntil(lambda: "Short" in w.balances_label.text(), timeout=10_000)
    assert "…" in w.balances_label.text() and long_name in w.balances_label.toolTip()
    assert w.minimumSizeHint().width() < 1300 and w.width() < 1300
    text = w.panel_switcher.itemText(w.panel_switcher.findData(pid))
    assert "…" in text and len(text) < 200
    assert w.panel_switcher.itemData(w.panel_switcher.findData(pid),
                                     Qt.ItemDataRole.ToolTipRole) == long_name
    assert len(w.windowTitle()) < 100
    # a rename to something longer still keeps the window narrow
    ctx.workspace.update_panel(pid, name="Renamed " + "y" * 3000)
    with qtbot.waitSignal(w.panelsLoaded, timeout=10_000):
        w.reload_panels()
    assert w.minimumSizeHint().width() < 1300 and w.width() < 1300


def test_a_crowded_status_bar_summarises_and_rtl_names_are_isolated(qtbot, make_window,
                                                                    data_dir):
    names = ["Alpha", "Beta", "Gamma", "Delta", "لوحة التسويق الاجتماعي"]
    _offline_panels(data_dir, names)
    w = make_window().window
    qtbot.waitUntil(lambda: w._loaded_once and w.panel_switcher.count() == 6, timeout=10_000)
    w.panel_switcher.setCurrentIndex(0)  # all panels
    qtbot.waitUntil(lambda: w.balances_button.isVisible(), timeout=10_000)
    assert not w.balances_label.isVisible()
    assert w.balances_button.text() == "5 panels · balances…"
    lines = [a.text() for a in w.balances_button.menu().actions()]
    # Each panel's own balance and its age ("just now", or a minute on a slow machine).
    assert [line.rsplit(" · ", 1)[0] for line in lines] == [
        "Alpha: $12.50", "Beta: $13.50", "Gamma: $14.50", "Delta: $15.50",
        "\u2068لوحة التسويق الاجتماعي: $16.50"]
    assert all(line.endswith((" · just now", " · just now\u2069", " · 1 minute ago",
                              " · 1 minute ago\u2069")) for line in lines), lines
    items = [w.panel_switcher.itemText(i) for i in range(w.panel_switcher.count())]
    [arabic] = [t for t in items if "لوحة" in t]
    assert arabic.startswith("\u2068") and arabic.endswith("\u2069")  # a bidi isolate
    assert "Alpha" in items and "\u2068" not in "".join(t for t in items if t != arabic)
    assert any("\u2068لوحة" in line for line in lines)
    assert w.statusBar().sizeHint().width() < 1300


# ------------------------------------------------------------------- issue 12, item 9
def test_sidebar_new_order_follows_the_selected_service(qtbot, make_window, data_dir, simulator):
    add_panel(data_dir, simulator)
    w = make_window().window
    view = w.services_view
    qtbot.waitUntil(lambda: view.model.total_count == 300, timeout=10_000)
    view.table.setCurrentIndex(view.model.index(5, Col.NAME))
    row = view.current_row()
    with qtbot.waitSignal(w.order_form.serviceLoaded, timeout=10_000):
        w.nav.setCurrentRow(View.NEW_ORDER)  # the sidebar's "New order"
    assert w.order_form.service.id == row.service.id
    # another service selected later: the sidebar follows it too
    w.set_view(View.SERVICES)
    view.table.setCurrentIndex(view.model.index(9, Col.NAME))
    with qtbot.waitSignal(w.order_form.serviceLoaded, timeout=10_000):
        w.nav.setCurrentRow(View.NEW_ORDER)
    assert w.order_form.service.id == view.model.row_at(9).service.id
