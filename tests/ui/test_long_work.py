"""Long work (issue 24, item 6): a slow services refresh, a status check, the rates update show
what they are doing and for how long, and their Cancel really stops them (after the request
under way, which cannot be interrupted); a second request while one runs is answered."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.errors import Stopped
from smmdesk.workspace import Workspace
from tests.ui.conftest import add_panel
from ui.activity import elapsed_text
from ui.tasks import Cancelled, TaskRunner

KEY = "long-work-key-0123456789abcdef"
TIMEOUT = 20_000


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=40, key=KEY, speed=0) as s:
        yield s


def add_slow_panel(data_dir: Path, sim: PanelSimulator) -> str:
    return add_panel(data_dir, sim, name="Slow panel")


def rate_of(data_dir: Path, pid: str, service_id: int) -> Decimal:
    ws = Workspace(data_dir)
    try:
        service = ws.service(pid, service_id)
        assert service is not None
        return service.rate
    finally:
        ws.close()


def test_refresh_names_its_steps_and_stops_before_storing(data_dir, sim) -> None:
    pid = add_slow_panel(data_dir, sim)
    before = rate_of(data_dir, pid, 1)
    sim.update_service(1, rate=before * 3)
    steps: list[str] = []
    ws = Workspace(data_dir)
    try:
        with pytest.raises(Stopped):
            ws.refresh_services(pid, should_stop=lambda: True,
                                progress=lambda _d, _t, name: steps.append(name))
        assert steps == ["download"]  # downloaded, then stopped: nothing saved
        assert ws.service(pid, 1).rate == before
        diff = ws.refresh_services(pid, progress=lambda _d, _t, name: steps.append(name))
        assert steps == ["download", "download", "save", "snapshot"]
        assert len(diff.repriced) == 1 and ws.service(pid, 1).rate == before * 3
    finally:
        ws.close()


def test_a_stopped_task_is_delivered_as_cancelled(qtbot) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []
    gate = threading.Event()

    def work(should_stop) -> None:
        gate.wait(5)
        if should_stop():
            raise Stopped("asked")

    try:
        task = runner.submit(work, with_stop=True, on_error=errors.append)
        task.cancel()
        gate.set()
        qtbot.waitUntil(lambda: bool(errors), timeout=TIMEOUT)
        assert isinstance(errors[0], Cancelled)
    finally:
        runner.shutdown()


def test_elapsed_time_reads_as_a_clock() -> None:
    assert [elapsed_text(s) for s in (0, 7, 62, 3723)] == ["0:00", "0:07", "1:02", "1:02:03"]


def test_a_slow_refresh_shows_its_step_and_time_and_cancel_stops_it(qtbot, make_window, data_dir,
                                                                   sim) -> None:
    pid = add_slow_panel(data_dir, sim)
    before = rate_of(data_dir, pid, 1)
    w = make_window().window
    qtbot.waitUntil(lambda: w.services_view.model.total_count == 40, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: w._network_started and not w._refreshing, timeout=TIMEOUT)
    sim.update_service(1, rate=before * 3)
    sim.latency = 2.5
    activity = w.refresh_activity
    w.refresh()
    qtbot.waitUntil(activity.isVisible, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "downloading the service list…" in activity.text(),
                    timeout=TIMEOUT)
    assert activity.text().startswith("Refreshing Slow panel: downloading the service list…")
    assert activity.cancel_button.isVisible() and activity.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: activity.elapsed.text() not in ("", "0:00"), timeout=TIMEOUT)

    w.refresh()  # a second F5 meanwhile: said, not ignored
    assert w.statusBar().currentMessage().startswith("Already refreshing Slow panel (0:0")

    with qtbot.waitSignal(w.refreshFinished, timeout=TIMEOUT) as finished:
        activity.cancel_button.click()
        assert "stopping after the current request" in activity.text()
        assert not activity.cancel_button.isEnabled()
    assert finished.args[0].startswith("Refresh stopped")
    assert not activity.isVisible()
    assert rate_of(data_dir, pid, 1) == before  # the download was not stored


def test_a_second_status_check_is_answered_and_cancel_stops_the_first(qtbot, make_window,
                                                                      data_dir, sim) -> None:
    pid = add_slow_panel(data_dir, sim)
    ws = Workspace(data_dir)
    try:
        for i in range(3):
            ws.place_order(pid, 1, {"link": f"https://instagram.com/p/s{i}", "quantity": "100"})
    finally:
        ws.close()
    w = make_window().window
    sync = w.history_view.sync
    qtbot.waitUntil(lambda: not sync.busy, timeout=TIMEOUT)
    w.set_view(2)
    sim.latency = 2.5
    w.refresh_current()  # F5 on Orders
    qtbot.waitUntil(lambda: sync.busy and w.sync_activity.isVisible(), timeout=TIMEOUT)
    assert w.sync_activity.text().startswith("Checking order statuses:")
    w.refresh_current()  # again, while it runs
    assert w.statusBar().currentMessage().startswith(
        "Already checking the statuses of active orders")
    with qtbot.waitSignal(sync.syncFinished, timeout=TIMEOUT):
        w.sync_activity.cancel_button.click()
    assert not w.sync_activity.isVisible()
    assert not sync._again  # the check asked for again is not run after a Cancel


class _SlowFeed(BaseHTTPRequestHandler):
    gate = threading.Event()

    def do_GET(self) -> None:
        self.gate.wait(10)
        body = (b"<gesmes:Envelope xmlns:gesmes='http://www.gesmes.org/xml/2002-08-01' "
                b"xmlns='http://www.ecb.int/vocabulary/2002-08-01/eurofxref'><Cube>"
                b"<Cube time='2026-11-27'><Cube currency='USD' rate='1.05'/>"
                b"<Cube currency='TRY' rate='36.5'/></Cube></Cube></gesmes:Envelope>")
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_cancelling_the_rates_update_changes_no_rate(qtbot, ws: Workspace) -> None:
    from ui.compare.currency import CurrencySettings

    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowFeed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    runner = TaskRunner()
    try:
        ws.set_home_currency("TRY")
        ws.set_rate("USD", Decimal("30"))
        page = CurrencySettings(ws, runner, None)
        qtbot.addWidget(page)
        page.show()
        page.url.setText(f"http://127.0.0.1:{server.server_address[1]}/feed.xml")
        page.update_now()
        qtbot.waitUntil(page.update_activity.isVisible, timeout=TIMEOUT)
        assert "reading the ECB feed…" in page.update_activity.text()
        with qtbot.waitSignal(page.updateFinished, timeout=TIMEOUT) as done:
            page.update_activity.cancel_button.click()
            _SlowFeed.gate.set()  # the request under way ends; then nothing is stored
        assert done.args[0] == "Update stopped: the rates were not changed."
        assert ws.rates()["USD"][0] == Decimal("30")
    finally:
        runner.shutdown()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
