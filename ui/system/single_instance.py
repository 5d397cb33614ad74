"""One running SMM Desk per user and data dir: a second launch brings the first window forward.

    instance = SingleInstance(SingleInstance.key_for(data_dir))
    if not instance.is_primary():       # told the running one to come forward
        return 0
    instance.activated.connect(lambda: bring_to_front(window))

A lock file (QLockFile: stale locks of crashed processes are detected by PID) decides who is
primary, so two launches at the same moment cannot both win; the primary listens on a
QLocalServer that only its user may connect to. Different data dirs are different instances on
purpose: tests, the self-check and `--data-dir` users must never be swallowed by a running app.

The lock and the socket live in a folder only this user can write in: ``$XDG_RUNTIME_DIR`` when
it is ours alone (0700), else the data folder (checked the same way at start-up) — never a
predictable name in the shared /tmp, where another user could plant them and make the app exit
silently. A socket not owned by this user is never connected to.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import re
import stat
import tempfile
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QThread, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from smmdesk import fsutil

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"
CONNECT_TIMEOUT_MS = 500
# The primary takes the lock first and then starts listening: a second launch in that gap retries.
CONNECT_ATTEMPTS = 10


def instance_folder(data_dir: Path | None = None) -> Path:
    """Where the lock and socket go: $XDG_RUNTIME_DIR if it is ours alone, else ``data_dir``
    (private, see ``fsutil.private_dir``), else a private per-user folder in the temp dir.
    Raises ``fsutil.UnsafeDataDirError`` when the chosen folder is not ours alone."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime):
        try:
            fsutil.check_private_dir(Path(runtime))
            return Path(runtime)
        except OSError:
            log.warning("single instance: $XDG_RUNTIME_DIR is not private; not using it")
    if data_dir is not None:
        return fsutil.private_dir(Path(data_dir))
    uid = os.geteuid() if hasattr(os, "geteuid") else 0
    return fsutil.private_dir(Path(tempfile.gettempdir()) / f"smmdesk-{uid}")

class SingleInstance(QObject):
    activated = Signal()  # a second launch asked this (primary) instance to come forward

    def __init__(
        self,
        key: str,
        parent: QObject | None = None,
        *,
        folder: Path | None = None,
        name: str | None = None,
    ) -> None:
        """``folder``: where the lock and socket live (``instance_folder()`` when None; it must
        be private to this user); ``name``: their file name without suffix (default ``key``)."""
        super().__init__(parent)
        self.key = key
        folder = Path(folder) if folder is not None else instance_folder()
        fsutil.check_private_dir(folder)
        base = name or key
        self.folder = folder
        # A full path: QLocalServer uses it as the socket's path instead of a /tmp name.
        self.socket_path = str(folder / f"{base}.sock")
        self._lock = QLockFile(str(folder / f"{base}.lock"))
        self._lock.setStaleLockTime(0)  # only a dead owner's lock is stale, never an old one
        self._server: QLocalServer | None = None
        self._primary: bool | None = None

    @classmethod
    def for_data_dir(cls, data_dir: Path, parent: QObject | None = None) -> SingleInstance:
        """The instance of ``data_dir``: lock and socket in $XDG_RUNTIME_DIR or the data dir."""
        folder = instance_folder(data_dir)
        # In the data folder itself a short fixed name does (the folder tells instances apart,
        # and a Unix socket's path must stay under ~100 bytes).
        own = folder.resolve() == Path(data_dir).resolve()
        return cls(
            cls.key_for(data_dir), parent, folder=folder, name="instance" if own else None
        )

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
        elif self._lock.error() != QLockFile.LockError.LockFailedError:
            # The lock cannot even be made (a read-only folder): no other instance holds it,
            # and exiting silently would hide the problem the start-up goes on to explain.
            log.warning("single instance: no lock in %s (%s); going on without one",
                        self.folder, self._lock.error().name)
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
        QLocalServer.removeServer(self.socket_path)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._on_new_connection)
        if not server.listen(self.socket_path):
            # Still the primary (we hold the lock); a second launch just cannot reach us.
            log.warning(
                "single instance: cannot listen on %s: %s",
                self.socket_path,
                server.errorString(),
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
            if not self._socket_is_ours():
                QThread.msleep(CONNECT_TIMEOUT_MS // 5)
                continue
            socket = QLocalSocket()
            socket.connectToServer(self.socket_path)
            if socket.waitForConnected(CONNECT_TIMEOUT_MS):
                socket.write(ACTIVATE)
                socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
                socket.disconnectFromServer()
                if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
                    socket.waitForDisconnected(CONNECT_TIMEOUT_MS)
                return
            QThread.msleep(CONNECT_TIMEOUT_MS // 5)


    def _socket_is_ours(self) -> bool:
        """The socket exists, is a socket, and belongs to this user (else: never connect)."""
        try:
            st = os.lstat(self.socket_path)
        except OSError:
            return False
        if not stat.S_ISSOCK(st.st_mode):
            return False
        return not hasattr(os, "geteuid") or st.st_uid == os.geteuid()


def bring_to_front(window: QWidget) -> None:
    """Show, un-minimise, raise and focus ``window`` (the window manager may still refuse focus)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
