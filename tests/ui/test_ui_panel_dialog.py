"""The panel dialog against a real simulator: success and each specific failure."""

from __future__ import annotations

import threading

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt

from smmdesk.workspace import Workspace
from ui.panels.dialog import PanelDialog


@pytest.fixture
def workspace(data_dir):
    ws = Workspace(data_dir)
    yield ws
    ws.close()


@pytest.fixture
def dialog(qtbot, workspace, runner):
    d = PanelDialog(workspace, runner)
    qtbot.addWidget(d)
    d.test_timeout = 2.0
    return d


def fill(d: PanelDialog, url: str, key: str, name: str = "My panel") -> None:
    d.name_edit.setText(name)
    d.url_edit.setText(url)
    d.key_edit.setText(key)


def run_test(qtbot, d: PanelDialog, timeout: int = 10_000) -> tuple[bool, str]:
    with qtbot.waitSignal(d.testFinished, timeout=timeout) as blocker:
        qtbot.mouseClick(d.test_button, Qt.MouseButton.LeftButton)
    return blocker.args[0], blocker.args[1]


def test_success_shows_the_balance(qtbot, dialog, simulator):
    fill(dialog, simulator.url, simulator.key)
    ok, text = run_test(qtbot, dialog)
    assert ok and "$1,000.00" in text
    assert dialog.result_label.text() == text


def test_wrong_key(qtbot, dialog, simulator):
    fill(dialog, simulator.url, "not-the-key-000000")
    ok, text = run_test(qtbot, dialog)
    assert not ok and "Wrong API key" in text


def test_not_an_api_endpoint(qtbot, dialog, simulator):
    fill(dialog, simulator.url.replace("/api/v2", "/no-such-page"), simulator.key)
    ok, text = run_test(qtbot, dialog)
    assert not ok and "Not an API endpoint" in text


@pytest.mark.parametrize(
    ("fault", "needle"),
    [
        ("html_502", "HTTP 502"),
        ("cloudflare_403", "Cloudflare"),
        ("empty", "empty answer"),
        ("broken_json", "not valid JSON"),
    ],
)
def test_bad_answers(qtbot, dialog, simulator, fault, needle):
    simulator.set_fault(fault)
    fill(dialog, simulator.url, simulator.key)
    ok, text = run_test(qtbot, dialog)
    assert not ok and needle in text


def test_timeout(qtbot, dialog, simulator):
    release = threading.Event()  # held until the dialog has given up, however long that takes
    simulator.set_fault("hang", until=release, seconds=3600)
    dialog.test_timeout = 0.5
    fill(dialog, simulator.url, simulator.key)
    try:
        ok, text = run_test(qtbot, dialog)
    finally:
        release.set()
    assert not ok and "Timed out" in text
    simulator.clear_faults()


def test_cannot_connect(qtbot, dialog):
    fill(dialog, "http://127.0.0.1:1/api/v2", "some-key-0123456789")
    ok, text = run_test(qtbot, dialog)
    assert not ok and "Cannot connect" in text


def test_redirect_to_https_offers_the_fixed_url(qtbot, dialog, simulator):
    https = simulator.url.replace("http://", "https://")
    simulator.set_fault("redirect", location=https)
    fill(dialog, simulator.url, simulator.key)
    ok, text = run_test(qtbot, dialog)
    assert not ok and "redirects" in text
    assert dialog.use_https_button.isVisibleTo(dialog)
    assert https in dialog.use_https_button.text()
    qtbot.mouseClick(dialog.use_https_button, Qt.MouseButton.LeftButton)
    assert dialog.url_edit.text() == https
    assert not dialog.http_warning.isVisibleTo(dialog)


def test_http_warning_and_key_toggle(qtbot, dialog):
    dialog.url_edit.setText("http://panel.example/api/v2")
    assert dialog.http_warning.isVisibleTo(dialog)
    assert "unencrypted" in dialog.http_warning.text()
    dialog.url_edit.setText("https://panel.example/api/v2")
    assert not dialog.http_warning.isVisibleTo(dialog)
    assert dialog.key_edit.echoMode() == dialog.key_edit.EchoMode.Password
    dialog.show_key.trigger()
    assert dialog.key_edit.echoMode() == dialog.key_edit.EchoMode.Normal


def test_buttons_need_name_url_and_key(qtbot, dialog):
    assert not dialog.save_button.isEnabled() and not dialog.test_button.isEnabled()
    fill(dialog, "ftp://nope", "key-0123456789")
    assert not dialog.save_button.isEnabled()
    dialog.url_edit.setText("https://panel.example/api/v2")
    assert dialog.save_button.isEnabled() and dialog.test_button.isEnabled()


def test_keyring_notice(qtbot, workspace, runner):
    assert workspace.keyring_available
    d = PanelDialog(workspace, runner)
    qtbot.addWidget(d)
    assert not d.keyring_notice.isVisibleTo(d)


def test_no_keyring_notice(qtbot, data_dir, runner):
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        ws = Workspace(data_dir)
        d = PanelDialog(ws, runner)
        qtbot.addWidget(d)
        assert not ws.keyring_available
        assert d.keyring_notice.isVisibleTo(d)
        assert "session only" in d.keyring_notice.text()
        ws.close()
    finally:
        keyring.set_keyring(previous)


def test_save_adds_then_edit_keeps_the_key(qtbot, dialog, workspace, runner, simulator):
    fill(dialog, simulator.url, simulator.key, name="Sim")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    panel = blocker.args[0]
    assert [p.name for p in workspace.panels()] == ["Sim"]

    edit = PanelDialog(workspace, runner, panel)
    qtbot.addWidget(edit)
    assert edit.url_edit.text() == simulator.url and edit.key_edit.text() == ""
    ok, text = run_test(qtbot, edit)  # tests with the stored key
    assert ok, text
    edit.name_edit.setText("Renamed")
    with qtbot.waitSignal(edit.saved, timeout=10_000):
        qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    assert workspace.panel(panel.id).name == "Renamed"
    assert workspace.balance(panel.id).amount > 0  # the key was kept


# ------------------------------------------------------------------- issue 12, item 7
@pytest.mark.parametrize("variant", [
    lambda u: u + "/", lambda u: u.replace("http://", "https://"),
    lambda u: u.replace("http://", "HTTP://"),
])
def test_the_same_panel_twice_is_refused(qtbot, dialog, workspace, simulator, variant):
    first = workspace.add_panel("Main panel", simulator.url, simulator.key)
    dialog.show()
    fill(dialog, variant(simulator.url), simulator.key, name="Again")
    with qtbot.waitSignal(dialog.testFinished, timeout=10_000) as blocker:
        dialog.save()
    assert blocker.args == [False, "This panel is already connected as “Main panel”."]
    assert [p.id for p in workspace.panels()] == [first.id]
    # The dialog stays open with the message, for the person to change the address.
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.result_label.text() == blocker.args[1]
    assert dialog.save_button.isEnabled()  # they may fix the address and save again


# ------------------------------------------------------------------- issue 12, item 9
def test_https_on_a_plain_http_port_says_tls_and_suggests_http(qtbot, dialog, simulator):
    https_url = simulator.url.replace("http://", "https://")
    fill(dialog, https_url, simulator.key)
    ok, text = run_test(qtbot, dialog)
    assert not ok and "https" in text and "internet connection" not in text
    with qtbot.waitSignal(dialog.testFinished, timeout=10_000) as blocker:
        pass  # the plain-http probe answers next
    assert "plain http://" in blocker.args[1] and simulator.url in blocker.args[1]
    assert dialog.use_https_button.isVisibleTo(dialog)  # offered on the (unshown) dialog
    assert dialog.use_https_button.text() == f"Use {simulator.url}"
    dialog.use_https_button.click()
    assert dialog.url() == simulator.url
