"""Quitting while an order is being sent: the answer of an `add` request already out decides
whether money was spent, so closing asks first — wait for the answer (SMM Desk closes when it
arrives), or quit anyway (the order is then recorded as uncertain, as after a crash)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)


class SendGuard(QObject):
    def __init__(self, window: QWidget, in_flight: Callable[[], bool],
                 abandon: Callable[[], int], quit_action: QAction,
                 say: Callable[[str, int], None]) -> None:
        super().__init__(window)
        self.window = window
        self.in_flight = in_flight
        self._abandon = abandon
        self._quit_action = quit_action
        self._say = say
        self.quit_when_sent = False
        self.abandoned = False  # quit while an order was being sent: do not wait for it
        self.ask: Callable[[], str] = self._ask

    def _ask(self) -> str:
        """"wait" or "quit"; tests replace the window's ``ask_quit_while_sending``."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("An order is being sent"),
                          self.tr("An order is being sent to the panel and its answer has not "
                                  "arrived yet.\n\nWait for the answer (SMM Desk closes when it "
                                  "arrives), or quit anyway: the order is then recorded as "
                                  "uncertain, and you check the panel's order list."),
                          parent=self.window)
        wait = box.addButton(self.tr("Wait for the answer"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(self.tr("Quit anyway"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(wait)
        box.exec()
        return "wait" if box.clickedButton() is wait else "quit"

    def closing(self, event: QCloseEvent) -> bool:
        """The window is closing: True to go on, False when it waits for an answer (the event
        is ignored)."""
        if not self.in_flight():
            return True
        if self.ask() == "wait":
            event.ignore()
            self.quit_when_sent = True
            self._say(self.tr("Waiting for the panel's answer to the order being sent: SMM Desk "
                              "closes when it arrives."), 0)
            return False
        # Quit anyway: recorded as after a crash; the answer, if it still comes before the
        # process ends, replaces it. Shut-down does not wait for the request.
        self.abandoned = True
        n = self._abandon()
        log.warning("quit while sending: %d order(s) recorded as uncertain", n)
        return True

    def answered(self, *_args: object) -> None:
        """An order's answer came in: a quit that waited for it goes on."""
        if self.quit_when_sent and not self.in_flight():
            self.quit_when_sent = False
            QTimer.singleShot(0, self._quit_action.trigger)  # quit, as asked (not to the tray)
