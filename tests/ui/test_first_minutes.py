"""The first ten minutes (issue 24, item 5), as a new user meets them: how to order what is
selected, a form that resets after an order (no blind second order), no "Sending…" while the
duplicate question is open, a second panel that does not hide the first order, a restored
search that says what it hides, a confirmation for a schedule, and empty pages that say what
fills them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import SubmitState
from smmdesk.workspace import Workspace
from tests.ui.conftest import add_panel

KEY = "first-minutes-key-0123456789abcdef"
TIMEOUT = 15_000


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=40, key=KEY, speed=0) as s:
        yield s


def test_a_selected_service_says_how_to_order_it(qtbot, make_window, data_dir, sim) -> None:
    add_panel(data_dir, sim)
    w = make_window().window
    view = w.services_view
    qtbot.waitUntil(lambda: view.model.total_count == 40, timeout=TIMEOUT)
    assert "double-click" in view.order_hint.text()  # nothing selected yet: how it works
    view.table.selectRow(3)
    assert view.order_hint.isVisibleTo(view)
    assert "Enter" in view.order_hint.text() and "double-click" in view.order_hint.text()


def test_a_restored_search_that_hides_everything_says_so(qtbot, make_window, data_dir,
                                                         sim) -> None:
    add_panel(data_dir, sim)
    w = make_window().window
    view = w.services_view
    qtbot.waitUntil(lambda: view.model.total_count == 40, timeout=TIMEOUT)
    view.search.setText("zzz no such service")
    view.apply_filter_now()
    w.close()  # the search is saved …

    w2 = make_window().window  # … and restored at the next start, hiding every service
    view = w2.services_view
    qtbot.waitUntil(lambda: view.model.total_count == 40, timeout=TIMEOUT)
    assert view.search.text() == "zzz no such service" and view.model.rowCount() == 0
    assert view.notice.isVisible()
    assert view.notice.plain == "A filter hides 40 services — Clear filter"
    view.notice.linkActivated.emit("clear")  # the link
    assert view.model.rowCount() == 40 and view.search.text() == ""
    assert not view.notice.isVisible()


def placed_once(qtbot, window, pid: str, link: str):
    """The order form on service 1, an order placed on ``link`` (confirmed); the form."""
    form = window.order_form
    form.confirm = lambda _title, _text: True
    with qtbot.waitSignal(form.serviceLoaded, timeout=TIMEOUT):
        window.order_service(pid, 1)
    form.fill({"link": link, "quantity": "1000"})
    with qtbot.waitSignal(form.placementFinished, timeout=TIMEOUT) as done:
        form.place.click()
    assert done.args[0].submit_state is SubmitState.PLACED
    return form


def test_after_an_order_the_form_resets_and_a_second_press_places_nothing(
        qtbot, make_window, data_dir, sim) -> None:
    pid = add_panel(data_dir, sim)
    form = placed_once(qtbot, make_window().window, pid, "https://instagram.com/p/first")
    values = form.values()
    assert values["link"] == "" and values["quantity"] == "1000"  # the next link, same amount
    assert not form.place.isEnabled()  # a blind second press …
    assert form.place_now(confirm=False) is None  # … (or Ctrl+Enter) places nothing
    assert not any(f.error.isVisible() for f in form._fields.values())  # and nothing is red
    assert sim.count("add") == 1
    form.fill({"link": "https://instagram.com/p/second"})  # typing: a new order may go
    assert form.place.isEnabled()


def test_no_sending_while_the_duplicate_question_is_open(qtbot, make_window, data_dir,
                                                        sim) -> None:
    pid = add_panel(data_dir, sim)
    link = "https://instagram.com/p/twice"
    form = placed_once(qtbot, make_window().window, pid, link)
    seen: list[tuple[str, bool]] = []

    def ask(_title: str, _text: str) -> bool:
        seen.append((form.form_status.text(), form.place.isEnabled()))
        return False

    form.confirm_duplicate = ask
    form.fill({"link": link})
    with qtbot.waitSignal(form.placementFinished, timeout=TIMEOUT):
        form.place.click()
    assert len(seen) == 1
    status, place_enabled = seen[0]
    assert "Sending" not in status and "waiting for your answer" in status
    assert not place_enabled
    assert sim.count("add") == 1


def test_a_second_panel_does_not_hide_the_first_order(qtbot, make_window, data_dir,
                                                      sim) -> None:
    pid = add_panel(data_dir, sim)
    ws = Workspace(data_dir)
    try:
        ws.place_order(pid, 1, {"link": "https://instagram.com/p/mine", "quantity": "100"})
    finally:
        ws.close()
    w = make_window().window
    history = w.history_view
    qtbot.waitUntil(lambda: w.current_panel_id() == pid, timeout=TIMEOUT)
    w.set_view(2)
    qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=TIMEOUT)
    with PanelSimulator(services=10, key=KEY, speed=0) as other:
        ws = Workspace(data_dir)
        try:
            second = ws.add_panel("Second", other.url, other.key)
        finally:
            ws.close()
        dialog = w.add_panel()  # Panel → Add panel…, then its Save
        with qtbot.waitSignal(w.panelsLoaded, timeout=TIMEOUT):
            dialog.saved.emit(second)
        dialog.reject()
        assert w.current_panel_id() is None  # "All panels": both shown
        qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=TIMEOUT)
        assert "Showing all panels" in w.statusBar().currentMessage()
        w.runner.cancel_panel(second.id)  # its refresh: the simulator is about to go


def test_an_empty_history_says_what_fills_it_or_what_hides_it(qtbot, make_window, data_dir,
                                                             sim) -> None:
    pid = add_panel(data_dir, sim)
    w = make_window().window
    history = w.history_view
    w.set_view(2)
    qtbot.waitUntil(lambda: history.notice.isVisible(), timeout=TIMEOUT)
    assert history.notice.plain.startswith("No orders yet.")
    assert history.notice.plain.endswith("Track existing orders…")
    ws = Workspace(data_dir)
    try:
        ws.place_order(pid, 1, {"link": "https://instagram.com/p/x", "quantity": "100"})
    finally:
        ws.close()
    history.search.setText("nothing like it")
    history.apply_filter_now()
    qtbot.waitUntil(lambda: history.notice.plain == "A filter hides 1 order — Clear filter",
                    timeout=TIMEOUT)
    history.notice.linkActivated.emit("clear")
    qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=TIMEOUT)
    assert history.search.text() == "" and not history.notice.isVisible()


def test_empty_scheduled_and_alerts_pages_say_what_fills_them(qtbot, make_window, data_dir,
                                                              sim) -> None:
    add_panel(data_dir, sim)
    w = make_window().window
    auto = w.automation
    w.set_view(auto.schedules_index)
    qtbot.waitUntil(lambda: auto.schedules_view.empty.isVisible(), timeout=TIMEOUT)
    assert "Schedule…" in auto.schedules_view.empty.plain
    auto.schedules_view.empty.linkActivated.emit("form")
    assert w.current_view() == 1  # the order form
    w.set_view(auto.alerts_index)
    qtbot.waitUntil(lambda: auto.alerts_view.empty.isVisible(), timeout=TIMEOUT)
    assert "Settings → Automation…" in auto.alerts_view.empty.plain
    auto.alerts_view.empty.linkActivated.emit("settings")
    qtbot.waitUntil(lambda: auto.dialog is not None and auto.dialog.isVisible(),
                    timeout=TIMEOUT)
    auto.dialog.reject()


def test_scheduling_says_when_and_shows_the_schedule(qtbot, make_window, data_dir,
                                                     sim) -> None:
    pid = add_panel(data_dir, sim)
    w = make_window().window
    form = w.order_form
    with qtbot.waitSignal(form.serviceLoaded, timeout=TIMEOUT):
        w.order_service(pid, 1)
    form.fill({"link": "https://instagram.com/p/later", "quantity": "100"})
    dialog = form.open_schedule()
    dialog.repeat.setChecked(True)
    with qtbot.waitSignal(form.scheduled, timeout=TIMEOUT):
        dialog.save.click()
    assert form.result_box.isVisible()
    text = form.result.text()
    assert text.startswith("Scheduled: the first order goes out on ") and "7 orders in all" in text
    assert form.show_in_schedules.isVisible() and not form.show_in_history.isVisible()
    form.show_in_schedules.click()
    schedules = w.automation.schedules_view
    assert w.current_view() == w.automation.schedules_index
    qtbot.waitUntil(lambda: schedules.selected() is not None, timeout=TIMEOUT)
    assert schedules.selected().fields["link"] == "https://instagram.com/p/later"
