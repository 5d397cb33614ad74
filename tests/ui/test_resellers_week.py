"""What a reseller's week turned up (issue 24): the Compare panel follows the order form, alerts
name orders as the lists do, the CSV export offers a sensible folder, and the private-folder
runs of the read-only tests."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.schedules import Alert, AlertKind
from smmdesk.workspace import Workspace
from ui.alerts.view import alert_text
from ui.app import build_context

KEY = "reseller-week-key-0123456789abcdef"
TIMEOUT = 15_000


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=30, key=KEY, speed=0) as s:
        yield s


def test_alerts_name_orders_as_the_lists_do(ws: Workspace, sim: PanelSimulator) -> None:
    panel = ws.add_panel("Sim", sim.url, sim.key)
    ws.refresh_services(panel.id)
    sim.set_fault("drop_after_read", actions=["add"], times=1)
    order = ws.place_order(panel.id, 1, {"link": "https://instagram.com/p/u", "quantity": "100"})
    [alert] = [a for a in ws.check_alerts() if a.kind is AlertKind.ATTENTION]
    text = alert_text(alert)
    # No panel id (the answer was lost): the service and the link, never our "Order 1".
    assert f"Order {order.id} " not in text
    assert f"“{order.service_name}” for https://instagram.com/p/u" in text
    found = Alert(id=9, kind=AlertKind.ATTENTION, key="order:4:not_found", message="",
                  raised_at=datetime.now(UTC), local_id=4,
                  data={"why": "not_found", "remote_id": 5000})
    assert alert_text(found) == "Order #5000 is not found on the panel."
    old = Alert(id=10, kind=AlertKind.ATTENTION, key="order:4:not_found", message="",
                raised_at=datetime.now(UTC), local_id=4, data={"why": "not_found"})
    assert alert_text(old) == "Order (local 4) is not found on the panel."


def test_the_compare_panel_follows_the_order_form(qtbot, data_dir, sim) -> None:
    ws = Workspace(data_dir)
    try:
        pid = ws.add_panel("Sim", sim.url, sim.key).id
        ws.refresh_services(pid)
    finally:
        ws.close()
    ctx = build_context(data_dir)
    w = ctx.window
    try:
        w.show()
        qtbot.waitExposed(w)
        form = w.order_form
        with qtbot.waitSignal(form.serviceLoaded, timeout=TIMEOUT):
            w.order_service(pid, 1)
        with qtbot.waitSignal(w.compare.panel.loaded, timeout=TIMEOUT):
            w.compare.compare_current()
        assert w.compare.subject == (pid, 1)
        with qtbot.waitSignal(w.compare.panel.loaded, timeout=TIMEOUT):
            w.order_service(pid, 2)  # the form switches: so does the open panel
        assert w.compare.subject == (pid, 2)
        assert w.compare.panel.result.service.id == 2
    finally:
        w.close()
        ctx.shutdown()
        w.deleteLater()


def test_the_export_dialog_opens_in_documents_then_where_it_was_used(
        qtbot, ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.orders.view import OrdersView
    from ui.settings import Settings
    from ui.tasks import TaskRunner

    started_in = tmp_path / "started-here"
    started_in.mkdir()
    monkeypatch.chdir(started_in)  # wherever the process was started from
    documents = Path(os.environ["HOME"]) / "Documents"
    documents.mkdir(parents=True, exist_ok=True)
    runner = TaskRunner()
    try:
        view = OrdersView(ws, runner, settings=Settings(tmp_path))
        qtbot.addWidget(view)
        first = view.export_suggestion()
        assert first.parent == documents and first.parent != started_in
        assert first.name.startswith("smm-desk-orders-") and first.suffix == ".csv"
        exports = tmp_path / "exports"
        exports.mkdir()
        from ui.settings import remember_folder

        remember_folder(view.settings, exports / "orders.csv")  # what "Save" in the dialog does
        assert view.export_suggestion().parent == exports
    finally:
        runner.shutdown()


def test_the_read_only_tests_read_a_checkout_in_a_private_folder() -> None:
    """As root, the child of test_damaged runs as nobody (uid 65534): it must still read a
    checkout under a 0700 folder (a clone in /root or in ``mktemp -d``)."""
    from tests.system.test_damaged import _as_a_person

    private = Path(tempfile.mkdtemp(prefix="smmdesk-private-"))
    try:
        private.chmod(0o700)
        (private / "module.py").write_text("ANSWER = 42\n")
        out = subprocess.run(_as_a_person(["cat", str(private / "module.py")]),
                             capture_output=True, text=True, timeout=30)
        assert out.returncode == 0, out.stderr
        assert out.stdout == "ANSWER = 42\n"
        if os.geteuid() == 0:  # and it still may not write where permissions say no
            denied = subprocess.run(_as_a_person(["touch", str(private / "new")]),
                                    capture_output=True, text=True, timeout=30)
            assert denied.returncode != 0 and not (private / "new").exists()
    finally:
        for path in private.iterdir():
            path.unlink()
        private.rmdir()
