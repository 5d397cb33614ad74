"""Issue 18 in the GUI: limits explained, a refused data folder shown at start, private files,
the single-instance socket out of /tmp, https offered only on the same host, no key in a URL."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QDialog, QMessageBox, QPlainTextEdit

from smmdesk import fsutil
from smmdesk.errors import (
    AnswerTooLargeError,
    DeadlineExceededError,
    FieldTooLongError,
    TooManyServicesError,
)
from smmdesk.panelurl import PanelUrlError
from smmdesk.workspace import Workspace
from tests.ui.test_ui_panel_dialog import dialog, fill, run_test, workspace  # noqa: F401
from ui import app as app_module
from ui.format import describe_error
from ui.settings import Settings
from ui.system.crash import CrashHandler
from ui.system.single_instance import SingleInstance, instance_folder


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (AnswerTooLargeError(64 * 1024 * 1024), ["larger than 64 MB", "max_answer_mb"]),
        (TooManyServicesError(100_000), ["more than 100,000 services", "stored services"]),
        (FieldTooLongError("currency", 10, 300), ["currency of 300 characters", "at most 10"]),
        (
            DeadlineExceededError("x", deadline=120.0),
            ["did not finish its answer within 120 seconds", "may have been carried out"],
        ),
        (PanelUrlError("the panel URL must not contain the API key"), ["?key=", "API key field"]),
    ],
)
def test_each_limit_has_its_own_message(qapp, exc, words):
    text = describe_error(exc)
    for w in words:
        assert w in text, text


def test_the_byte_cap_is_read_from_settings_ini(qapp, data_dir: Path):
    s = Settings(data_dir)
    assert s.max_answer_bytes == 64 * 1024 * 1024
    s.set_value("network/max_answer_mb", "2")
    assert s.max_answer_bytes == 2 * 1024 * 1024
    s.set_value("network/max_answer_mb", "nonsense")
    assert s.max_answer_bytes == 64 * 1024 * 1024
    s.set_value("network/max_answer_mb", "0")
    assert s.max_answer_bytes == 1024 * 1024
    ws = Workspace(data_dir)
    try:
        ws.set_max_answer_bytes(s.max_answer_bytes)
        assert ws.answer_limits.max_bytes == 1024 * 1024
    finally:
        ws.close()


def test_settings_ini_and_crash_reports_are_private(qapp, data_dir: Path):
    s = Settings(data_dir)
    s.set_value("ui/language", "en")
    s.sync()
    assert mode(data_dir / "settings.ini") == 0o600
    handler = CrashHandler(data_dir / "logs")
    path = handler._write("a report")
    assert path is not None and mode(path) == 0o600


def test_an_unsafe_data_folder_is_refused_with_a_message_at_start(qapp, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _p, title, text: shown.append(text))
    )
    folder = tmp_path / "shared-data"
    folder.mkdir()
    os.chmod(folder, 0o777)
    assert app_module.refuse_unsafe_data_dir(folder) is True
    assert "Other users may write in the data folder" in shown[0]
    assert f"chmod 700 {folder}" in shown[0] and "777" in shown[0]
    assert list(folder.iterdir()) == []  # nothing was written there, not even a log
    me = os.geteuid()
    os.chmod(folder, 0o700)
    monkeypatch.setattr(os, "geteuid", lambda: me + 1)
    assert app_module.refuse_unsafe_data_dir(folder) is True
    assert "belongs to another user account" in shown[1]
    monkeypatch.setattr(os, "geteuid", lambda: me)
    assert app_module.refuse_unsafe_data_dir(tmp_path / "new") is False
    assert mode(tmp_path / "new") == 0o700


def test_the_single_instance_socket_is_in_the_data_folder_not_tmp(qapp, tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    data = tmp_path / "data"
    first = SingleInstance.for_data_dir(data)
    try:
        assert first.is_primary()
        sock = Path(first.socket_path)
        assert sock.parent == data and stat.S_ISSOCK(os.lstat(sock).st_mode)
        assert not str(sock).startswith("/tmp/smmdesk")
        second = SingleInstance.for_data_dir(data)
        assert not second.is_primary()
    finally:
        first.close()


def test_xdg_runtime_dir_is_used_when_private_and_skipped_when_not(qapp, tmp_path, monkeypatch):
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    os.chmod(runtime, 0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    assert instance_folder(tmp_path / "data") == runtime
    instance = SingleInstance.for_data_dir(tmp_path / "data")
    try:
        assert instance.is_primary() and Path(instance.socket_path).parent == runtime
    finally:
        instance.close()
    os.chmod(runtime, 0o777)  # another user could plant a socket there: not used
    assert instance_folder(tmp_path / "data") == tmp_path / "data"
    with pytest.raises(fsutil.UnsafeDataDirError):
        SingleInstance("k", folder=runtime)


def test_a_planted_socket_of_someone_else_is_never_connected_to(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    data = tmp_path / "data"
    first = SingleInstance.for_data_dir(data)
    try:
        assert first.is_primary()
        activated: list[bool] = []
        first.activated.connect(lambda: activated.append(True))
        other = SingleInstance(SingleInstance.key_for(data), folder=data, name="instance")
        me = os.geteuid()
        monkeypatch.setattr(os, "geteuid", lambda: me + 1)  # the socket now looks foreign
        monkeypatch.setattr("ui.system.single_instance.CONNECT_ATTEMPTS", 1)
        # Every connection the notifying side tries is recorded (the real method still runs):
        # "never connected to" is then a fact of the call, not a fixed wait for nothing.
        tried: list[str] = []
        connect = QLocalSocket.connectToServer

        def recording(socket: QLocalSocket, *args) -> None:
            tried.append(str(args[0]) if args else socket.serverName())
            connect(socket, *args)

        monkeypatch.setattr(QLocalSocket, "connectToServer", recording)
        other._notify_primary()  # synchronous: it tries, or it does not
        assert tried == []
        monkeypatch.setattr(os, "geteuid", lambda: me)  # the same socket, ours: it is reached
        other._notify_primary()
        assert tried == [other.socket_path]
        qtbot.waitUntil(lambda: activated == [True], timeout=5000)
    finally:
        first.close()


def test_https_is_offered_only_for_the_same_host(qtbot, dialog, simulator):  # noqa: F811
    simulator.set_fault("redirect", location="https://evil.example/api/v2")
    fill(dialog, simulator.url, simulator.key)
    ok, text = run_test(qtbot, dialog)
    assert not ok and "redirects" in text
    assert not dialog.use_https_button.isVisibleTo(dialog)


def test_a_url_with_the_key_in_it_is_refused_with_a_message(qtbot, dialog, workspace):  # noqa: F811
    fill(dialog, "https://panel.example/api/v2?key=abc123456789", "abc123456789")
    with qtbot.waitSignal(dialog.testFinished, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not blocker.args[0]
    assert "must not contain the API key" in blocker.args[1]
    assert workspace.panels() == []


def test_help_shows_the_third_party_licences_as_plain_text(qtbot, data_dir):
    ctx = app_module.build_context(data_dir)
    w = ctx.window
    try:
        help_menu = next(a.menu() for a in w.menuBar().actions() if a.menu() and
                         w.licences_action in a.menu().actions())
        assert help_menu is not None
        w.licences_action.trigger()
        dialog = w.findChild(QDialog, "licencesDialog")
        assert dialog is not None and dialog.isVisible()
        text = dialog.findChild(QPlainTextEdit, "licencesText")
        assert text.isReadOnly()
        body = text.toPlainText()
        for name in ("SMM Desk", "PySide6_Essentials", "requests", "certifi", "Qt", "OpenSSL",
                     "ICU", "Python", "GNU LESSER GENERAL PUBLIC LICENSE"):
            assert name in body, name
        dialog.close()
    finally:
        w.close()
        ctx.shutdown()
        w.deleteLater()
