"""A desk's feed of its colleagues' changes: ``live.ChangeListener`` on a connection of its own,
folded into ``smmdesk.changes.Changes`` for ``Workspace.wait_changes``.

* **No polling**: ``wait`` blocks in ``select`` on the listener's socket (LISTEN/NOTIFY); no
  query runs while nothing changes. The only query is one when the listener (re)connects.
* **Not this desk's own writes**: a notification carries the server process of the connection
  that committed it; those of this desk's store connection (``PgDatabase.own_pids``) are left
  out — the desk's own pages announced them already — while another program on the same
  folder (``smm-desk-cli``), this desk's heartbeat connection (the orphan sweep) and every
  colleague are reported.
* **Reconnecting**: notifications sent while the listener was away are not replayed; when it
  connects again and the log (``notifications``) holds another desk's change it did not see,
  the feed reports ``Changes.everything()``: read again what is shown.
* While the server is away ``wait`` waits out its time, then raises ``TeamStoreUnreachable``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from typing import Any

import psycopg

from smmdesk.changes import Changes
from smmdesk.store.pg import live
from smmdesk.store.pg.connection import StoreConnectError
from smmdesk.store.pg.engine import PgDatabase, TeamStoreUnreachable

log = logging.getLogger(__name__)

__all__ = ["ChangeFeed", "fold"]


def fold(changes: Iterable[live.Change]) -> Changes:
    """Notifications as one ``Changes``: an insert into ``orders`` names added orders, an update
    changed ones (a refill's row names its order); a delete, or a statement with too many rows
    to list, asks to read the topic again."""
    topics: set[str] = set()
    added: list[int] = []
    changed: list[int] = []
    reload: set[str] = set()
    by: set[str] = set()
    for c in changes:
        topics.add(c.topic)
        if c.by:
            by.add(c.by)
        if c.keys is None or c.op == "delete":
            reload.add(c.topic)
        elif c.topic == "orders":
            ids = [int(k) for k in c.keys]
            (added if c.op == "insert" else changed).extend(ids)
    added_ids = tuple(dict.fromkeys(added))
    return Changes(topics=frozenset(topics), orders_added=added_ids,
                   orders_changed=tuple(i for i in dict.fromkeys(changed)
                                        if i not in set(added_ids)),
                   reload=frozenset(reload), by=frozenset(by))


class ChangeFeed:
    """``ChangeFeed(db)``: the feed of the desk whose store connection is ``db``; ``mark``: the
    newest notification id when the desk opened (a change after it that the first listener
    missed is reported as ``Changes.everything()``). ``wait`` is for one thread at a time (the
    app's change watcher); ``close`` from any."""

    def __init__(self, db: PgDatabase, mark: int | None = None) -> None:
        self._db = db
        self._mark = mark
        self._listener: live.ChangeListener | None = None
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._lost = False  # the listener's connection was lost (reconnect the desk's too)

    @property
    def listening(self) -> bool:
        """The listener is connected (a change committed from now on is delivered)."""
        listener = self._listener
        return listener is not None and not listener.conn.closed

    def wait(self, timeout: float) -> Changes | None:
        """Up to ``timeout`` seconds for other desks' changes; None when nothing changed."""
        deadline = time.monotonic() + max(0.0, timeout)
        with self._lock:
            if self._closed.is_set():
                raise TeamStoreUnreachable(self._db.location.describe(), "the store is closed")
            if self._listener is None:
                missed = self._listen(deadline)
                if self._lost:  # the desk's own connection was most likely cut too: connect
                    self._lost = False  # it again now, so the reload that follows succeeds
                    self._db.reconnect()
                if missed:
                    return Changes.everything()
            assert self._listener is not None
            try:
                notes = self._listener.wait(max(0.0, deadline - time.monotonic()))
            except psycopg.Error as e:
                self._drop()
                self._lost = True
                raise TeamStoreUnreachable(self._db.location.describe(),
                                           type(e).__name__) from None
        if notes:
            self._mark = max([self._mark or 0, *(n.id for n in notes)])
        own = self._db.own_pids
        theirs = [n for n in notes if n.pid is None or n.pid not in own]
        return fold(theirs) if theirs else None

    def _listen(self, deadline: float) -> bool:
        """Connect the listener (LISTEN first, then look at the log: nothing falls between);
        whether another desk changed something since the last notification seen."""
        try:
            conn = self._db.connect_new(autocommit=True)
        except StoreConnectError as e:
            self._closed.wait(max(0.0, deadline - time.monotonic()))  # no busy loop
            raise TeamStoreUnreachable(self._db.location.describe(), str(e)) from None
        try:
            listener = live.ChangeListener(conn)
            row: Any = conn.execute(
                "SELECT max(id), bool_or(desk_id IS DISTINCT FROM %s) FROM smmdesk.notifications "
                "WHERE id > %s", (self._db.desk_id, self._mark or 0)).fetchone()
        except psycopg.Error as e:
            conn.close()
            self._closed.wait(max(0.0, deadline - time.monotonic()))
            raise TeamStoreUnreachable(self._db.location.describe(),
                                       type(e).__name__) from None
        self._listener = listener
        missed = self._mark is not None and bool(row and row[1])
        if row and row[0] is not None:
            self._mark = int(row[0])
        elif self._mark is None:
            self._mark = 0
        if missed:
            log.info("the change listener connected again: others changed data meanwhile")
        return missed

    def _drop(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            try:
                listener.close()
            except psycopg.Error:
                pass

    def close(self) -> None:
        self._closed.set()
        with self._lock:  # a wait in progress ends within its timeout
            self._drop()
