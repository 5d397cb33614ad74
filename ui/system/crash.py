"""A global exception hook: an uncaught exception becomes a key-free report, not a silent exit.

    handler = install_excepthook(data_dir / "logs")

The report (traceback, versions, platform; every registered secret scrubbed) goes to the log,
to ``<log_dir>/crash-<timestamp>.txt`` and, when a QApplication exists, into a dialog with a
read-only text box and Copy/Close buttons. Exceptions in other threads are queued to the GUI
thread for the dialog. ``handler.uninstall()`` restores the previous hooks (tests).
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt, QThread, Signal, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from smmdesk import APP_NAME, __version__, fsutil, redact
from ui.fit import fit_window

log = logging.getLogger(__name__)


def build_report(
    exc_type: type[BaseException],
    exc: BaseException | None,
    tb: TracebackType | None,
    *,
    thread_name: str | None = None,
) -> str:
    """The crash report as plain text, with every registered secret replaced."""
    import PySide6
    from PySide6 import QtCore

    lines = [
        f"{APP_NAME} crash report",
        f"time: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"version: {__version__}{' (frozen)' if getattr(sys, 'frozen', False) else ''}",
        f"python: {platform.python_version()} ({platform.python_implementation()})",
        f"qt: {QtCore.qVersion()}, pyside6: {PySide6.__version__}",
        f"platform: {platform.platform()}",
        f"qt platform: {_qt_platform()}",
        f"thread: {thread_name or threading.current_thread().name}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
    ]
    return redact.scrub("\n".join(lines)) + "\n"


def _qt_platform() -> str:
    app = QGuiApplication.instance()
    return QGuiApplication.platformName() if app is not None else "(no application)"


class CrashDialog(QDialog):
    def __init__(self, report: str, report_path: Path | None, parent=None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(self.tr("%1: unexpected error").replace("%1", APP_NAME))
        self.setObjectName("crashDialog")
        fit_window(self, QSize(720, 480))  # within a small screen (ui/fit.py)
        layout = QVBoxLayout(self)
        text = self.tr(
            "Something went wrong. The report below contains no API keys; please copy it "
            "into your bug report."
        )
        if report_path is not None:
            text += "\n" + self.tr("It was also saved to %1").replace("%1", str(report_path))
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(label)
        self.text = QPlainTextEdit(report)
        self.text.setObjectName("crashReport")
        self.text.setAccessibleName(self.tr("Error report"))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setObjectName("crashCopy")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(self.tr("Close"))
        self.copy_button.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @Slot()
    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report)


class CrashHandler(QObject):
    # Emitted from any thread; the connection to _show_dialog is queued to this object's (the GUI)
    # thread, because widgets may only be made there.
    _report_ready = Signal(str, str)
    dialogShown = Signal(object)  # the CrashDialog (tests, wiring)

    def __init__(self, log_dir: Path) -> None:
        super().__init__()
        self.log_dir = Path(log_dir)
        self.dialogs: list[CrashDialog] = []
        self.reports: list[Path] = []
        self._previous_sys = sys.excepthook
        self._previous_threading = threading.excepthook
        self._lock = threading.Lock()
        self._report_ready.connect(
            self._show_dialog, Qt.ConnectionType.QueuedConnection
        )

    # --------------------------------------------------------------------------- the hooks
    def sys_hook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_sys(exc_type, exc, tb)
            return
        self.handle(exc_type, exc, tb, threading.current_thread().name)

    def threading_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return  # what the default hook does too
        name = args.thread.name if args.thread is not None else None
        self.handle(args.exc_type, args.exc_value, args.exc_traceback, name)

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException | None,
        tb: TracebackType | None,
        thread_name: str | None = None,
    ) -> Path | None:
        """Write the report everywhere it goes; show (or queue) the dialog. Never raises."""
        try:
            report = build_report(exc_type, exc, tb, thread_name=thread_name)
        except Exception:  # the report itself failed: keep at least the scrubbed traceback
            report = redact.scrub("".join(traceback.format_exception(exc_type, exc, tb)))
        path = self._write(report)
        log.critical("uncaught exception (report %s)\n%s", path, report)
        try:
            sys.stderr.write(report)
        except Exception:  # no stderr (Windows GUI build)
            pass
        if QApplication.instance() is not None:
            self._report_ready.emit(report, str(path) if path else "")
            if QThread.currentThread() is self.thread():
                # On the GUI thread show it now: the app may be about to exit (an error before
                # the event loop started), and then a queued dialog would never appear.
                QCoreApplication.sendPostedEvents(self)
        return path

    def _write(self, report: str) -> Path | None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        try:
            self.log_dir.mkdir(mode=fsutil.PRIVATE_DIR, parents=True, exist_ok=True)
            with self._lock:
                path = self.log_dir / f"crash-{stamp}.txt"
                fsutil.write_private_text(path, report)  # 0600, never through a planted link
                self.reports.append(path)
            return path
        except OSError:
            log.exception("could not write the crash report")
            return None

    # --------------------------------------------------------------------------- the dialog
    @Slot(str, str)
    def _show_dialog(self, report: str, path: str) -> None:
        if any(d.isVisible() for d in self.dialogs):
            return  # one crash dialog at a time; the report is in the log and on disk anyway
        dialog = CrashDialog(report, Path(path) if path else None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.dialogs.append(dialog)
        self.dialogShown.emit(dialog)
        if QThread.currentThread().loopLevel() == 0:
            dialog.exec()  # no event loop runs yet: wait here, or the process ends under it
        else:
            dialog.show()
            dialog.raise_()

    # --------------------------------------------------------------------------- install
    def install(self) -> CrashHandler:
        sys.excepthook = self.sys_hook
        threading.excepthook = self.threading_hook
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.sys_hook:
            sys.excepthook = self._previous_sys
        if threading.excepthook == self.threading_hook:
            threading.excepthook = self._previous_threading
        for dialog in self.dialogs:
            dialog.close()
            dialog.deleteLater()
        self.dialogs.clear()


_installed: CrashHandler | None = None


def install_excepthook(log_dir: Path) -> CrashHandler:
    """Install the hooks (call it on the GUI thread, best right after the QApplication exists).
    A second call replaces the first handler."""
    global _installed
    if _installed is not None:
        _installed.uninstall()
    _installed = CrashHandler(log_dir).install()
    return _installed
