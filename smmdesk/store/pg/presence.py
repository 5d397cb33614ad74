"""A desk's presence in a team store: the heartbeat that keeps its in-flight orders its own.

``DeskHeartbeat`` beats (``live.beat``: the desks row, the server's clock) on a connection of its
own, from a daemon thread, every third of the time to live — so one late beat never lets the
desk expire. While beats fail (the server is away, the connection dropped) it reconnects on the
next tick; if they fail past the time to live the desk is no longer alive, ``record_submitting``
refuses to record (``DeskNotAlive``), and other desks may turn the orders it was sending
uncertain: what a desk that is gone would get. ``stop`` leaves (the row goes) unless told not
to. Nothing here touches the GUI thread; ``start`` does the first beat itself, so a desk is
alive as soon as it returns. ``after_beat(conn)`` runs after each beat of the thread, on its
connection: the team store's orphan sweep (``TeamStore.sweep_orphans``), a timer every desk has.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import psycopg

from smmdesk import redact
from smmdesk.store.pg import live
from smmdesk.store.pg.connection import StoreConnectError

log = logging.getLogger(__name__)

__all__ = ["DeskHeartbeat"]


class DeskHeartbeat:
    """``connect()`` opens a new connection to the team store (the desk's login); the heartbeat
    owns each one it opens and puts it in autocommit mode."""

    def __init__(self, connect: Callable[[], psycopg.Connection[Any]], desk_id: str, *,
                 ttl: timedelta = timedelta(seconds=30), host: str = "", pid: int | None = None,
                 app_version: str | None = None,
                 after_beat: Callable[[psycopg.Connection[Any]], object] | None = None) -> None:
        self.desk_id = desk_id
        # Run on the heartbeat's connection after each beat of the thread (the team store's
        # orphan sweep); its failure is logged, never counted as a failed beat.
        self.after_beat = after_beat
        self.ttl = ttl
        self._connect = connect
        self.host, self.pid, self.app_version = host, pid, app_version
        self._conn: psycopg.Connection[Any] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._beat_done = threading.Condition()
        self.beats = 0  # beats that reached the server
        self.failures = 0  # beats in a row that did not
        self.last_error: str | None = None

    @property
    def interval(self) -> float:
        return self.ttl.total_seconds() / 3

    def start(self) -> None:
        """The first beat, here (raises when the server cannot be reached or refuses the desk
        id), then the thread."""
        if self._thread is not None:
            raise RuntimeError("the heartbeat is already running")
        self._beat(raise_errors=True)
        self._thread = threading.Thread(target=self._run, name=f"heartbeat {self.desk_id}",
                                        daemon=True)
        self._thread.start()

    def stop(self, *, leave: bool = True) -> None:
        """Stop beating; ``leave``: delete the desk's row (a clean exit: nothing of this desk is
        in flight any more). Without it the row simply expires."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=max(5.0, self.interval * 2))
            self._thread = None
        try:
            if leave:
                if self._conn is None or self._conn.closed:
                    self._conn = self._open()
                live.leave(self._conn, self.desk_id)
        except psycopg.Error as e:  # it expires by itself
            log.warning("desk %s could not leave the team store: %s", self.desk_id,
                        type(e).__name__)
        finally:
            self._close()

    def wait_for_beats(self, count: int, timeout: float) -> bool:
        """Until ``count`` beats in all have reached the server (tests, diagnostics)."""
        with self._beat_done:
            return self._beat_done.wait_for(lambda: self.beats >= count, timeout)

    def wait_for_failures(self, count: int, timeout: float) -> bool:
        """Until ``count`` beats in a row have failed (tests, diagnostics)."""
        with self._beat_done:
            return self._beat_done.wait_for(lambda: self.failures >= count, timeout)

    # -- the thread ------------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            if self._beat(raise_errors=False) and self.after_beat is not None:
                self._after_beat(self.after_beat)

    def _after_beat(self, work: Callable[[psycopg.Connection[Any]], object]) -> None:
        conn = self._conn
        if conn is None or self._stop.is_set():
            return
        try:
            work(conn)
        except psycopg.Error as e:
            log.warning("desk %s: the work after a beat failed: %s", self.desk_id,
                        type(e).__name__)
            if conn.broken or conn.closed:
                self._close()  # reconnect on the next tick
        except Exception:
            log.exception("desk %s: the work after a beat failed", self.desk_id)

    def _open(self) -> psycopg.Connection[Any]:
        conn = self._connect()
        conn.autocommit = True
        return conn

    def _close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except psycopg.Error:
                pass
            self._conn = None

    def _beat(self, *, raise_errors: bool) -> bool:
        try:
            if self._conn is None or self._conn.closed or self._conn.broken:
                self._close()
                self._conn = self._open()
            live.beat(self._conn, self.desk_id, ttl=self.ttl, host=self.host, pid=self.pid,
                      app_version=self.app_version)
        except (psycopg.Error, StoreConnectError) as e:  # (connecting again: the latter)
            self._close()  # reconnect on the next tick
            self.failures += 1
            self.last_error = redact.scrub(f"{type(e).__name__}: {e}".splitlines()[0])[:200]
            log.warning("desk %s: heartbeat failed (%d in a row): %s", self.desk_id,
                        self.failures, type(e).__name__)
            with self._beat_done:
                self._beat_done.notify_all()
            if raise_errors:
                raise
            return False
        with self._beat_done:
            self.beats += 1
            self.failures = 0
            self.last_error = None
            self._beat_done.notify_all()
        return True
