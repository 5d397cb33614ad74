"""Running in the system tray: closing the window can keep SMM Desk running (asked once, then a
preference) so schedules, status refresh and alerts go on; the tray menu opens the window,
pauses all automation and quits.

The keep-alive decision does not depend on the icon being shown: ``TrayController`` hides the
window and tells the application not to quit with its last window whenever the preference says
so and a tray exists (``tray_available``, injectable: offscreen Qt has no tray, and the tests pass
``True``). The icon itself is only shown when the platform really has a tray.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QMessageBox, QSystemTrayIcon

from smmdesk import options
from smmdesk.workspace import Workspace
from ui.format import escape_markup
from ui.settings import Settings
from ui.tasks import TaskRunner


class TrayController(QObject):
    pausedChanged = Signal(bool)
    pauseSaved = Signal(bool)  # "pause all" is stored: pages showing it read it again
    notified = Signal(str, str)  # title, text (as given: tests and the status bar see it)

    def __init__(
        self,
        window: QMainWindow,
        workspace: Workspace,
        runner: TaskRunner,
        settings: Settings,
        *,
        icon: QIcon | None = None,
        tray_available: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(window)
        self.window, self.workspace, self.runner, self.settings = (
            window, workspace, runner, settings)
        # Whether closing may go to the tray; injectable (offscreen Qt has no tray).
        self.tray_available = tray_available or QSystemTrayIcon.isSystemTrayAvailable
        self.quitting = False
        self.in_tray = False
        self.paused_by_hand = False
        self.icon = QSystemTrayIcon(icon or window.windowIcon(), self)
        self.icon.setToolTip(self.tr("SMM Desk"))
        self.menu = QMenu()
        self.open_action = QAction(self.tr("Open SMM Desk"), self)
        self.open_action.triggered.connect(self.show_window)
        self.pause_action = QAction(self.tr("Pause all automation"), self)
        self.pause_action.setCheckable(True)
        self.pause_action.toggled.connect(self.set_paused)
        self.quit_action = QAction(self.tr("Quit"), self)
        self.quit_action.triggered.connect(self.quit)
        for a in (self.open_action, self.pause_action):
            self.menu.addAction(a)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.icon.show()

    # ------------------------------------------------------------------ preferences
    def close_to_tray(self) -> bool | None:
        """The preference: True/False, None when not asked yet."""
        value = self.settings[options.CLOSE_TO_TRAY]
        return None if value == "" else value == "true"

    def set_close_to_tray(self, on: bool | None) -> None:
        self.settings[options.CLOSE_TO_TRAY] = "" if on is None else ("true" if on else "false")

    def ask_close_to_tray(self) -> bool:
        """Asked the first time the window is closed (the answer is kept as the preference)."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Keep running?"),
                          self.tr("Keep SMM Desk running in the system tray when the window is "
                                  "closed? Scheduled orders, automatic refills and alerts only "
                                  "run while SMM Desk runs. You can change this in Settings → "
                                  "Automation."), parent=self.window)
        keep = box.addButton(self.tr("Keep running in the tray"),
                             QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Quit when closed"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is keep

    # ------------------------------------------------------------------ closing
    def handle_close(self, event: QCloseEvent) -> bool:
        """Called by the window's closeEvent first. True: the window went to the tray (the event
        is ignored, the app keeps running); False: close as usual."""
        if self.quitting or not self.tray_available():
            return False
        choice = self.close_to_tray()
        if choice is None:
            choice = self.ask_close_to_tray()
            self.set_close_to_tray(choice)
        if not choice:
            return False
        event.ignore()
        self.go_to_tray()
        return True

    def go_to_tray(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)
        self.in_tray = True
        self.window.hide()
        if self.icon.isVisible() and not self.settings[options.TRAY_TOLD]:
            self.settings[options.TRAY_TOLD] = True
            self.notify(self.tr("SMM Desk is still running"),
                        self.tr("Schedules and alerts go on. Use the tray icon to open the "
                                "window or quit."))

    def show_window(self) -> None:
        self.in_tray = False
        if self.window.isMinimized():
            self.window.showNormal()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def quit(self) -> None:
        """Quit for real (the tray's Quit, the window's Quit). While an order is being sent the
        window asks first; "wait" keeps the app running until the answer is in (the window
        then quits through here again)."""
        self.quitting = True
        if not self.window.close():
            return  # waiting for an order's answer
        self.icon.hide()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_window()

    # ------------------------------------------------------------------ automation
    def set_paused(self, paused: bool) -> None:
        if self.pause_action.isChecked() != paused:
            self.pause_action.setChecked(paused)  # re-enters through toggled
            return
        self.paused_by_hand = True
        self.runner.submit(self.workspace.set_automation_settings, paused_all=paused,
                           on_result=lambda _settings: self.pauseSaved.emit(paused),
                           task_name="pause_automation")
        self.pausedChanged.emit(paused)

    def show_paused(self, paused: bool) -> None:
        """Reflect the stored "pause all" state without writing it again (unless the person
        already switched it: their choice is newer than what was read)."""
        if self.paused_by_hand:
            return
        self.pause_action.blockSignals(True)
        self.pause_action.setChecked(paused)
        self.pause_action.blockSignals(False)

    def notify(self, title: str, text: str) -> None:
        """A tray message. Notification servers read the body as markup: panel text in it (a
        service or panel name) is escaped, as the history's notifier does."""
        self.notified.emit(title, text)
        if self.icon.isVisible():
            self.icon.showMessage(title, escape_markup(text),
                                  QSystemTrayIcon.MessageIcon.Information, 10_000)
