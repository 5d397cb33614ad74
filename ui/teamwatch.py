"""Colleagues' changes on a team workspace, brought to the GUI thread.

``ChangeWatcher`` runs ``Workspace.wait_changes`` in a loop on a thread of its own (it blocks on
the team store's LISTEN/NOTIFY socket: nothing is polled, and the GUI thread never waits) and
emits each ``smmdesk.changes.Changes`` as ``changed`` — queued to the GUI thread, where the
session announces them like its own (``SessionModel``: orders added and changed, schedules,
panels). While the team store is away it tries again every few seconds; when it is back and
changes were missed meanwhile it reports ``Changes.everything()``: what is shown is read again.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Signal

from smmdesk.store.errors import StoreError

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace

log = logging.getLogger(__name__)

__all__ = ["ChangeWatcher"]

WAIT_S = 1.0  # one wait on the socket (also how soon stop() returns)
RETRY_S = 3.0  # while the team store is away


class ChangeWatcher(QObject):
    changed = Signal(object)  # smmdesk.changes.Changes

    def __init__(self, workspace: Workspace, parent: QObject | None = None, *,
                 wait_s: float = WAIT_S, retry_s: float = RETRY_S) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.wait_s = wait_s
        self.retry_s = retry_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="team changes", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=self.wait_s + 5)

    def _run(self) -> None:  # the watcher's thread
        away = False
        listening = False
        while not self._stop.is_set():
            try:
                changes = self.workspace.wait_changes(self.wait_s)
            except StoreError as e:  # the team store is away (or closed): try again later
                if not away:
                    log.info("team changes not received: %s", type(e).__name__)
                away, listening = True, False
                self._stop.wait(self.retry_s)
                continue
            except Exception:
                log.exception("team changes not received")
                self._stop.wait(self.retry_s)
                continue
            away = False
            if not listening:
                listening = True
                log.info("listening to the team's changes")
            if changes and not self._stop.is_set() and shiboken6.isValid(self):
                self.changed.emit(changes)
