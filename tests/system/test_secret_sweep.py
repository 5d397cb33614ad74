"""Secret sweep: after a session that uses every feature, the API key is nowhere on disk and
nowhere on screen.

The session runs through the Workspace (connection test, panels, services, balance, placing —
placed, rejected, uncertain and resolved —, sync, tracking, refill, cancel, refill statuses,
spending, a panel that *echoes the key back* in a broken answer and in an error) and through the
GUI pieces that exist (main window with its saved settings, the panel dialog with the key typed
in, the CSV export, a crash report whose exception text holds the key). Then every file under
the data dir — database, WAL, log, settings.ini, exports, crash reports — is searched for the key
as UTF-8, UTF-16 and URL-encoded bytes; every visible text of the window and dialog is searched
for it too, and the dialog's pixels with the key pasted are compared with its pixels with other
text of that length (a screenshot never holds the key as text, so searching one proves nothing).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.logs import log_path, setup_logging, teardown_logging
from smmdesk.models import SubmitState
from smmdesk.workspace import Workspace

KEY = "sweepSECRET4b9e2f71c0d83a56"
KEY2 = "sweep+Key/2=3&x%Z"  # a key with characters that get URL-encoded on the wire


def forms(secret: str) -> list[bytes]:
    return [secret.encode(), secret.encode("utf-16-le"), quote_plus(secret).encode(),
            quote(secret, safe="").encode()]


def files_with_secret(root: Path, secrets: list[str]) -> list[str]:
    hits = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            for s in secrets:
                if any(f in data for f in forms(s)):
                    hits.append(f"{path.relative_to(root)} holds {s[:6]}…")
    return hits


def visible_texts(widget) -> list[str]:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
        QWidget,
    )

    out = [widget.windowTitle()]
    for w in [widget, *widget.findChildren(QWidget)]:
        if not w.isVisible():
            continue
        out.append(w.toolTip())
        if isinstance(w, QLabel):
            out.append(w.text())
        elif isinstance(w, QLineEdit):
            out.append(w.displayText())  # what is drawn: bullets for a password field
        elif isinstance(w, QAbstractButton):
            out.append(w.text())
        elif isinstance(w, QPlainTextEdit | QTextEdit):
            out.append(w.toPlainText())
        elif isinstance(w, QComboBox):
            out.extend(w.itemText(i) for i in range(w.count()))
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            m = w.model()
            root = w.rootIndex()
            try:
                columns = m.columnCount(root)
            except TypeError:  # list models keep columnCount private: one column
                columns = 1
            for r in range(min(m.rowCount(root), 60)):
                for c in range(max(1, columns)):
                    out.append(str(m.index(r, c, root).data() or ""))
    return out


@pytest.fixture
def logging_to(data_dir: Path):
    root, urllib3 = logging.getLogger(), logging.getLogger("urllib3")
    levels = (root.level, urllib3.level)
    setup_logging(data_dir, level=logging.DEBUG)
    yield log_path(data_dir)
    teardown_logging()
    root.setLevel(levels[0])
    urllib3.setLevel(levels[1])


def test_the_sweep_finds_a_planted_key(tmp_path: Path) -> None:
    for i, blob in enumerate(forms(KEY2)):
        (tmp_path / f"f{i}").write_bytes(b"prefix " + blob + b" suffix")
    assert len(files_with_secret(tmp_path, [KEY2])) == len(forms(KEY2))


def test_no_key_anywhere_after_a_full_session(qtbot, data_dir: Path, logging_to: Path) -> None:
    from PySide6.QtWidgets import QLineEdit

    from smmdesk.export import write_orders_csv
    from ui.panels.dialog import PanelDialog
    from ui.settings import Settings
    from ui.shell.main_window import MainWindow
    from ui.system.crash import CrashHandler
    from ui.tasks import TaskRunner

    with PanelSimulator(services=80, key=KEY, speed=0.0) as sim, \
            PanelSimulator(services=20, key=KEY2, speed=0.0, seed=2) as sim2:
        ws = Workspace(data_dir)
        runner = TaskRunner()
        try:
            # ---------------------------------------------------------------- workspace session
            ws.test_connection(sim.url, KEY)
            panel = ws.add_panel("Sweep", sim.url, KEY)
            pid = panel.id
            ws.refresh_services(pid)
            ws.balance(pid)
            ws.set_favourite(pid, 1, True)
            placed = ws.place_order(pid, 1, {"link": "https://instagram.com/a", "quantity": "100"})
            assert placed.submit_state is SubmitState.PLACED
            sim.set_fault("drop_after_read", actions=["add"], times=1)
            unsure = ws.place_order(pid, 1, {"link": "https://instagram.com/b", "quantity": "100"})
            assert unsure.submit_state is SubmitState.UNCERTAIN
            ws.resolve_uncertain(unsure.id, max(sim.order_ids()))
            sim.balance = 0
            refused = ws.place_order(pid, 1, {"link": "https://instagram.com/c",
                                              "quantity": "100"})
            assert refused.submit_state is SubmitState.REJECTED
            sim.balance = 1000
            # A panel that echoes the key back, in broken JSON and in an error.
            sim.set_fault("broken_json", actions=["balance"], times=1,
                          body=f'{{"error": "key {KEY} is not valid",}}')
            with pytest.raises(Exception):  # noqa: B017 - any panel error will do
                ws.balance(pid)
            sim.set_fault("html_502", actions=["services"], times=4)
            with pytest.raises(Exception):  # noqa: B017
                ws.refresh_services(pid)
            ws.sync_panel(pid)
            sim.advance(2 * 24 * 3600)
            ws.sync_panel(pid, force=True)
            tracked = ws.track_orders(pid, [sim.place_direct(1, "https://instagram.com/t", 100)])
            assert len(tracked) == 1
            pending = ws.place_order(pid, 1, {"link": "https://instagram.com/d",
                                              "quantity": "100"})
            ws.refill([placed.id])
            ws.refill_statuses(pid)
            ws.cancel([pending.id])
            ws.spending(pid)
            ws.update_panel(pid, name="Sweep (renamed)")
            p2 = ws.add_panel("Second", sim2.url, KEY2)
            ws.refresh_services(p2.id)
            ws.balance(p2.id)
            ws.place_order(p2.id, 1, {"link": "https://instagram.com/e",
                                      "quantity": str(ws.service(p2.id, 1).min)})

            # ---------------------------------------------------------------- export
            exports = data_dir / "exports"
            exports.mkdir()
            assert write_orders_csv(exports / "orders.csv", ws.orders(),
                                    {p.id: p.name for p in ws.panels()}) >= 5

            # ---------------------------------------------------------------- crash report
            handler = CrashHandler(data_dir / "logs")
            try:
                raise RuntimeError(f"boom while using key {KEY} and {KEY2}")
            except RuntimeError as exc:
                boom = exc
            with qtbot.waitSignal(handler.dialogShown, timeout=5000) as shown:
                worker = threading.Thread(
                    target=handler.handle, args=(RuntimeError, boom, boom.__traceback__, "w"))
                worker.start()
                worker.join()
            assert handler.reports and handler.reports[0].exists()
            crash_dialog = shown.args[0]
            assert KEY not in crash_dialog.report and KEY2 not in crash_dialog.report
            assert "[REDACTED]" in crash_dialog.report
            handler.uninstall()

            # ---------------------------------------------------------------- GUI pieces
            settings = Settings(data_dir)
            window = MainWindow(ws, runner, settings, None)
            qtbot.addWidget(window)
            with qtbot.waitSignal(window.servicesShown, timeout=10_000):
                window.show()
            qtbot.waitUntil(lambda: runner.active_count == 0, timeout=10_000)
            dialog = PanelDialog(ws, runner, ws.panel(pid), window)
            qtbot.addWidget(dialog)
            dialog.show()
            key_edit = dialog.findChild(QLineEdit, "panel_key")
            assert key_edit is not None
            assert key_edit.text() == ""  # the stored key is never loaded into the form
            key_edit.setText(KEY)  # the person pastes it
            assert key_edit.echoMode() is QLineEdit.EchoMode.Password
            assert KEY not in key_edit.displayText()
            # On screen: a picture never holds the key as text, so compare pixels instead.
            # The dialog with the key pasted looks exactly as with any other text of its
            # length: nothing drawn depends on the key. (Sanity: shown in clear, it differs.)
            with_key = dialog.grab().toImage()
            key_edit.setText("x" * len(KEY))
            with_other = dialog.grab().toImage()
            key_edit.setEchoMode(QLineEdit.EchoMode.Normal)
            in_clear = dialog.grab().toImage()
            key_edit.setEchoMode(QLineEdit.EchoMode.Password)
            key_edit.setText(KEY)
            assert with_key == with_other, "the masked key field shows something of the key"
            assert in_clear != with_other, "the grab does not show the field's text at all"
            for widget in (window, dialog):
                texts = "\n".join(visible_texts(widget))
                assert texts.strip()
                assert KEY not in texts and KEY2 not in texts
            dialog.show_key.trigger()  # the eye button shows it on purpose ...
            assert key_edit.echoMode() is QLineEdit.EchoMode.Normal
            dialog.show_key.trigger()  # ... and masks it again
            assert key_edit.echoMode() is QLineEdit.EchoMode.Password
            dialog.reject()
            window.save_state()
            settings.sync()
            window.close()
        finally:
            runner.shutdown()
            ws.close()
        teardown_logging()
        assert all(KEY not in str(r.params) for r in sim.requests)

    # ---------------------------------------------------------------------------- the sweep
    swept = {p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*") if p.is_file()}
    for expected in ("smmdesk.sqlite3", "logs/smmdesk.log", "settings.ini", "exports/orders.csv"):
        assert expected in swept, sorted(swept)
    assert any(p.startswith("logs/crash-") for p in swept)
    assert logging_to.stat().st_size > 2000  # the log really saw the session (DEBUG)
    assert "[REDACTED]" in logging_to.read_text(encoding="utf-8")  # the echo was scrubbed
    assert files_with_secret(data_dir, [KEY, KEY2]) == []
