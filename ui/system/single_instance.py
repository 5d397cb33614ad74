"""One running SMM Desk per user and data dir: a second launch brings the first window forward.

    instance = SingleInstance(SingleInstance.key_for(data_dir))
    if not instance.is_primary():       # told the running one to come forward
        return 0
    instance.activated.connect(lambda: bring_to_front(window))

A lock file (QLockFile: stale locks of crashed processes are detected by PID) decides who is
primary, so two launches at the same moment cannot both win; the primary listens on a
QLocalServer that only its user may connect to. Different data dirs are different instances on
purpose: tests, the self-check and `--data-dir` users must never be swallowed by a running app.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import re
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject, QThread, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"
CONNECT_TIMEOUT_MS = 500
# The primary takes the lock first and then starts listening: a second launch in that gap retries.
CONNECT_ATTEMPTS = 10


class SingleInstance(QObject):
    activated = Signal()  # a second launch asked this (primary) instance to come forward

    def __init__(self, key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self._lock = QLockFile(os.path.join(QDir.tempPath(), f"{key}.lock"))
        self._lock.setStaleLockTime(0)  # only a dead owner's lock is stale, never an old one
        self._server: QLocalServer | None = None
        self._primary: bool | None = None

    @staticmethod
    def key_for(data_dir: Path, app_id: str = "smmdesk") -> str:
        """A short, file-name-safe key for this user and data dir (a Unix socket path is short)."""
        try:
            user = getpass.getuser()
        except Exception:  # no user name in a stripped-down environment
            user = str(os.getuid()) if hasattr(os, "getuid") else "user"
        user = re.sub(r"[^A-Za-z0-9_.-]", "_", user)[:32]
        digest = hashlib.sha256(str(Path(data_dir).expanduser().resolve()).encode()).hexdigest()
        return f"{app_id}-{user}-{digest[:16]}"

    def is_primary(self) -> bool:
        """True: this process is the one instance (and now listens). False: another one runs and
        was sent "activate"; the caller should exit."""
        if self._primary is not None:
            return self._primary
        if self._lock.tryLock(0):
            self._listen()
            self._primary = True
        else:
            self._notify_primary()
            self._primary = False
        return self._primary

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    # ------------------------------------------------------------------------------ primary
    def _listen(self) -> None:
        # A crashed primary leaves its socket file behind; we hold the lock, so it is not in use.
        QLocalServer.removeServer(self.key)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._on_new_connection)
        if not server.listen(self.key):
            # Still the primary (we hold the lock); a second launch just cannot reach us.
            log.warning(
                "single instance: cannot listen on %s: %s", self.key, server.errorString()
            )
        self._server = server

    @Slot()
    def _on_new_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.setParent(self)
            socket.readyRead.connect(self._on_ready_read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    @Slot()
    def _on_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            if bytes(socket.readLine().data()) == ACTIVATE:
                self.activated.emit()

    # ---------------------------------------------------------------------------- secondary
    def _notify_primary(self) -> None:
        for _ in range(CONNECT_ATTEMPTS):
            socket = QLocalSocket()
            socket.connectToServer(self.key)
            if socket.waitForConnected(CONNECT_TIMEOUT_MS):
                socket.write(ACTIVATE)
                socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
                socket.disconnectFromServer()
                if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
                    socket.waitForDisconnected(CONNECT_TIMEOUT_MS)
                return
            QThread.msleep(CONNECT_TIMEOUT_MS // 5)


def bring_to_front(window: QWidget) -> None:
    """Show, un-minimise, raise and focus ``window`` (the window manager may still refuse focus)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
