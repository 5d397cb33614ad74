"""Packaging pieces that run without building: icons, the desktop file and its installer,
the single-instance guard and the crash hook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from smmdesk import redact

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def desktop_validator() -> str:
    """``desktop-file-validate`` (Debian: desktop-file-utils, installed by
    scripts/install-system-deps.sh). Missing: a failure under CI=true, a skip elsewhere — never
    a check quietly left out."""
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        message = ("desktop-file-validate is missing: install desktop-file-utils "
                   "(make system-deps)")
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return validator


def validate_desktop_file(path: Path) -> None:
    result = subprocess.run([desktop_validator(), str(path)], capture_output=True, text=True,
                            timeout=60)
    # Errors fail it (exit 1); warnings and hints are printed with exit 0: none accepted either.
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), (
        result.stdout + result.stderr)


# ------------------------------------------------------------------------------------ icons
def test_make_icons_writes_png_ico_icns(tmp_path: Path) -> None:
    out = tmp_path / "icons"  # never the checkout's resources/icons/generated
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_icons.py"),
                             "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    for size in (16, 32, 48, 64, 128, 256, 512):
        png = (out / f"smmdesk-{size}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert (width, height) == (size, size)
    assert (out / "smmdesk.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (out / "smmdesk.icns").read_bytes()[:4] == b"icns"


# ----------------------------------------------------------------------------- desktop file
def test_desktop_file_is_valid() -> None:
    desktop = ROOT / "resources" / "desktop" / "smm-desk.desktop"
    validate_desktop_file(desktop)
    entries = dict(
        line.split("=", 1) for line in desktop.read_text(encoding="utf-8").splitlines()
        if "=" in line
    )
    assert desktop.read_text(encoding="utf-8").startswith("[Desktop Entry]")
    for key in ("Type", "Name", "Exec", "Icon", "Categories"):
        assert entries.get(key), key
    assert entries["Type"] == "Application"
    assert entries["Icon"] == "smm-desk"
    assert entries["StartupWMClass"] == "smm-desk"


def test_the_validator_catches_a_broken_desktop_file(tmp_path: Path) -> None:
    """The check above can fail: a file without Type and with a made-up category is refused."""
    broken = tmp_path / "broken.desktop"
    broken.write_text("[Desktop Entry]\nName=SMM Desk\nExec=smm-desk\nCategories=NotACategory;\n",
                      encoding="utf-8")
    with pytest.raises(AssertionError):
        validate_desktop_file(broken)


def test_install_desktop_into_a_temp_xdg_data_home(tmp_path: Path) -> None:
    data = tmp_path / "share"
    icons = ROOT / "resources" / "icons"
    before = {f: f.stat().st_mtime_ns for f in icons.rglob("*")}
    env = dict(os.environ, XDG_DATA_HOME=str(data), PYTHON=sys.executable)
    result = subprocess.run(["bash", str(ROOT / "scripts" / "install-desktop.sh")], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert {f: f.stat().st_mtime_ns for f in icons.rglob("*")} == before  # checkout untouched
    installed = data / "applications" / "smm-desk.desktop"
    text = installed.read_text(encoding="utf-8")
    exec_line = next(ln for ln in text.splitlines() if ln.startswith("Exec="))
    assert exec_line.endswith(" %U") and ("main.py" in exec_line or "smm-desk" in exec_line)
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / "smm-desk.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "smm-desk.svg").is_file()
    validate_desktop_file(installed)


# --------------------------------------------------------------------------- single instance
SECOND_INSTANCE = """
import sys
from PySide6.QtCore import QCoreApplication
from ui.system.single_instance import SingleInstance
app = QCoreApplication([])
sys.exit(0 if not SingleInstance(sys.argv[1]).is_primary() else 3)
"""


def test_second_instance_activates_the_first(qtbot, tmp_path: Path) -> None:
    from ui.system.single_instance import SingleInstance

    key = SingleInstance.key_for(tmp_path / "data")
    assert key == SingleInstance.key_for(tmp_path / "data" / ".." / "data")
    assert key != SingleInstance.key_for(tmp_path / "other")
    first = SingleInstance(key)
    try:
        assert first.is_primary()
        with qtbot.waitSignal(first.activated, timeout=10_000):
            second = subprocess.Popen([sys.executable, "-c", SECOND_INSTANCE, key], cwd=ROOT)
            qtbot.waitUntil(lambda: second.poll() is not None, timeout=10_000)
        assert second.returncode == 0, "the second launch did not see the first one"
    finally:
        first.close()
    # Once the first is gone, the next launch is primary again (no stale lock or socket).
    again = SingleInstance(key)
    try:
        assert again.is_primary()
    finally:
        again.close()


# ------------------------------------------------------------------------------- crash hook
FAKE_KEY = "sk-live-0123456789abcdefFAKEKEY"


@pytest.fixture
def crash_handler(tmp_path: Path, qapp):
    from ui.system.crash import install_excepthook

    redact.register(FAKE_KEY)
    handler = install_excepthook(tmp_path / "logs")
    yield handler
    handler.uninstall()
    redact.forget(FAKE_KEY)


def _boom() -> None:
    raise RuntimeError(f"panel said no to https://panel.example/api/v2?key={FAKE_KEY}")


def test_crash_in_a_thread_writes_a_scrubbed_report_and_shows_the_dialog(
    crash_handler, qtbot, tmp_path: Path
) -> None:
    from smmdesk.logs import log_path, setup_logging, teardown_logging

    setup_logging(tmp_path)
    try:
        with qtbot.waitSignal(crash_handler.dialogShown, timeout=10_000) as shown:
            worker = threading.Thread(target=_boom, name="worker-1")
            worker.start()
            worker.join()
    finally:
        teardown_logging()
    reports = sorted((tmp_path / "logs").glob("crash-*.txt"))
    assert len(reports) == 1
    report = reports[0].read_text(encoding="utf-8")
    assert FAKE_KEY not in report and redact.MASK in report
    assert "RuntimeError" in report and "_boom" in report and "thread: worker-1" in report
    assert "python: " in report and "qt: " in report and "platform: " in report
    log_text = log_path(tmp_path).read_text(encoding="utf-8")
    assert "uncaught exception" in log_text and FAKE_KEY not in log_text

    dialog = shown.args[0]
    assert dialog.text.isReadOnly()
    assert dialog.text.toPlainText() == report
    dialog.copy_button.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == report
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_crash_on_the_gui_thread_before_the_event_loop(
    crash_handler, monkeypatch, tmp_path: Path
) -> None:
    from ui.system.crash import CrashDialog

    shown: list[str] = []
    # No event loop runs, so the real hook would block in exec() until someone clicks Close.
    monkeypatch.setattr(CrashDialog, "exec", lambda self: shown.append(self.report) or 0)
    try:
        _boom()
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert len(shown) == 1 and FAKE_KEY not in shown[0]
    assert len(list((tmp_path / "logs").glob("crash-*.txt"))) == 1
