"""A hostile panel on 127.0.0.1: answers built to exhaust memory, hang a request or spoof text.

Not the project's simulator (that one plays an honest panel with faults); this one plays a panel
that means harm. ``HostilePanel(answer)`` serves ``answer(handler)`` for every POST.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

Answer = Callable[["_Handler"], None]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    form: dict[str, str]  # the POSTed fields (action, key, …)

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.form = dict(parse_qsl(self.rfile.read(length).decode("utf-8", "replace")))
        self.server.hits += 1
        try:
            self.server.answer(self)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        self.close_connection = True

    # helpers for answers
    def send_json(self, obj: Any) -> None:
        body = json.dumps(obj).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_chunks(self, chunks: Iterator[bytes], *, length: int | None = None) -> None:
        """Stream ``chunks``; with no ``length`` the body ends when the connection closes."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.send_header("Connection", "close")
        self.end_headers()
        for chunk in chunks:
            if self.server.stopping.is_set():
                return
            self.wfile.write(chunk)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    answer: Answer
    hits: int
    stopping: threading.Event


class HostilePanel:
    def __init__(self, answer: Answer) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.answer = answer
        self._server.hits = 0
        self._server.stopping = threading.Event()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/v2"

    @property
    def hits(self) -> int:
        return self._server.hits

    def __enter__(self) -> HostilePanel:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()


# ------------------------------------------------------------------------------ answers


def endless(chunk: bytes = b"[" + b'{"service": 1, "name": "x", "rate": "1"}, ' * 1000):
    """A services list that never ends (no Content-Length), as fast as the socket takes it."""

    def answer(h: _Handler) -> None:
        def gen() -> Iterator[bytes]:
            yield b"["
            while True:
                yield chunk

        h.send_chunks(gen())

    return answer


def announced(size: int) -> Answer:
    """A Content-Length of ``size`` bytes (the body is never sent in full)."""

    def answer(h: _Handler) -> None:
        h.send_chunks(iter([b"[" + b" " * 1000]), length=size)

    return answer


def drip(body: bytes = b'{"balance": "1.00", "currency": "USD"}', *, every: float = 1.0):
    """The body one byte per ``every`` seconds: each read gets something, so no read times out."""

    def answer(h: _Handler) -> None:
        def gen() -> Iterator[bytes]:
            for i in range(len(body)):
                if i:
                    time.sleep(every)  # the hostile panel's own pace (what is tested)
                yield body[i : i + 1]

        h.send_chunks(gen(), length=len(body))

    return answer


def drip_headers(every: float = 1.0) -> Answer:
    """Headers one byte per ``every`` seconds, forever."""

    def answer(h: _Handler) -> None:
        h.wfile.write(b"HTTP/1.1 200 OK\r\n")
        while not h.server.stopping.is_set():
            h.wfile.write(b"X")
            h.wfile.flush()
            time.sleep(every)  # the hostile panel's own pace (what is tested)

    return answer


def json_answer(obj: Any) -> Answer:
    def answer(h: _Handler) -> None:
        h.send_json(obj)

    return answer


def raw_answer(body: bytes) -> Answer:
    def answer(h: _Handler) -> None:
        h.send_chunks(iter([body]), length=len(body))

    return answer
