"""The overall deadline of one panel request (``Deadline``), and the hook that hands it the
sockets the request opens (``watch``). Standard library only: ``smmdesk.api`` imports it at
start-up, while requests and urllib3 (``smmdesk.transport``) load with the first request."""

from __future__ import annotations

import socket
import threading
from typing import Any


class Deadline:
    """The overall deadline of one request: when it passes, the request's socket is shut down.

    Per-read timeouts never end an answer dripped a byte at a time (headers or body); shutting
    the socket down from a timer thread does, whatever the request is blocked in.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.name = "smmdesk-deadline"

    def __enter__(self) -> Deadline:
        _current.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _current.deadline = None

    def attach(self, sock: Any) -> None:
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._socks.append(sock)
            expired = self.expired
        if expired:
            _shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            socks = list(self._socks)
        for sock in socks:
            _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    # socket.socket's own shutdown, also for an SSLSocket: it ends the TCP stream under a read
    # blocked in another thread without touching the TLS object that thread is using.
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


_current = threading.local()  # the Deadline of the request this thread is making


def watch(sock: Any) -> None:
    """A connection of this thread's request got its socket: the request's deadline shuts it."""
    deadline = getattr(_current, "deadline", None)
    if deadline is not None:
        deadline.attach(sock)
