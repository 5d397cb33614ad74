"""The app and ``smm-desk-cli`` on one data folder: opening a workspace turns SUBMITTING orders
into UNCERTAIN only when they cannot be in flight in another process that is still running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from smmdesk.models import Panel, Service, SubmitState
from smmdesk.presence import PRESENCE_DIR, Presence
from smmdesk.store import now_ms
from smmdesk.workspace import STALE_SUBMITTING, Workspace

ROOT = Path(__file__).resolve().parents[2]
SERVICE = Service(id=1, name="Followers", type="Default", category="IG", rate=Decimal("1"),
                  min=10, max=1000)


def submitting(ws: Workspace) -> int:
    if ws.store.panels.get_panel("p") is None:
        ws.store.panels.insert_panel(Panel(id="p", name="P", url="http://127.0.0.1:9/api/v2"))
    return ws.store.orders.insert_submitting(panel_id="p", service=SERVICE, fields={}, link="l",
                                             quantity=10, charge_estimate=Decimal("0.01"),
                                             currency="USD")


def test_a_row_in_flight_elsewhere_is_left_alone(data_dir: Path):
    sender = Workspace(data_dir)  # e.g. the app, sending right now
    oid = submitting(sender)
    with Workspace(data_dir) as cli:  # e.g. smm-desk-cli starting meanwhile
        assert cli.order(oid).submit_state is SubmitState.SUBMITTING
        assert cli.sync_panel("p").report.requests == 0
        assert cli.order(oid).submit_state is SubmitState.SUBMITTING
    sender.store.orders.set_submit_result(oid, SubmitState.PLACED, remote_id=5)
    assert [e.submit_state for e in sender.order_events(oid)] == [
        SubmitState.SUBMITTING, SubmitState.PLACED]  # no false "the app stopped" between
    sender.close()


def test_a_stale_row_is_recovered_even_while_another_process_runs(data_dir: Path):
    other = Workspace(data_dir)
    oid = submitting(other)
    old = now_ms() - int((STALE_SUBMITTING + timedelta(minutes=1)).total_seconds() * 1000)
    with other.store.db.transaction() as c:
        c.execute("UPDATE orders SET created_at = ? WHERE id = ?", (old, oid))
    with Workspace(data_dir) as again:
        assert again.order(oid).submit_state is SubmitState.UNCERTAIN
    other.close()


def test_alone_every_row_is_recovered(data_dir: Path):
    with Workspace(data_dir) as ws:
        oid = submitting(ws)
    with Workspace(data_dir) as again:
        assert again.order(oid).submit_state is SubmitState.UNCERTAIN
        assert [p.name for p in (data_dir / PRESENCE_DIR).iterdir()] == [
            again._presence.path.name]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_process_counts_as_gone(data_dir: Path):
    script = (
        "import sys, threading\n"
        "from decimal import Decimal\n"
        "from pathlib import Path\n"
        "from smmdesk.workspace import Workspace\n"
        "from tests.core.test_presence import submitting\n"
        "ws = Workspace(Path(sys.argv[1]))\n"
        "print(submitting(ws), flush=True)\n"
        "threading.Event().wait()\n"
    )
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    p = subprocess.Popen([sys.executable, "-c", script, str(data_dir)], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout is not None
        oid = int(p.stdout.readline())
        with Workspace(data_dir) as meanwhile:  # it is alive: its row may be in flight
            assert meanwhile.order(oid).submit_state is SubmitState.SUBMITTING
    finally:
        os.kill(p.pid, signal.SIGKILL)
        p.communicate(timeout=30)
    with Workspace(data_dir) as after:
        assert after.order(oid).submit_state is SubmitState.UNCERTAIN
        assert len(list((data_dir / PRESENCE_DIR).glob("*.lock"))) == 1  # its mark is gone


def test_presence_without_a_usable_folder_is_careful(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    p = Presence(blocker)  # a file where the folder should be
    assert not p.marked and p.others_alive()
    p.close()


def test_a_sync_never_touches_an_order_this_process_is_sending(data_dir: Path):
    with Workspace(data_dir) as ws:  # alone on the data, sending on another thread
        oid = submitting(ws)
        ws.sync_panel("p")
        assert ws.order(oid).submit_state is SubmitState.SUBMITTING
        assert ws.recover_interrupted() == 0
        old = now_ms() - int((STALE_SUBMITTING + timedelta(minutes=1)).total_seconds() * 1000)
        with ws.store.db.transaction() as c:
            c.execute("UPDATE orders SET created_at = ? WHERE id = ?", (old, oid))
        ws.sync_panel("p")
        assert ws.order(oid).submit_state is SubmitState.UNCERTAIN
