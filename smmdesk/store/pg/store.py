"""A team workspace's store: the repositories composed over one desk's connection to the team's
PostgreSQL (``TeamStore``), the twin of ``smmdesk.store.Store`` for a local SQLite file.

The desk's own things stay in its data folder: its desk id (``desk-id``, made once), settings,
logs, caches. The desk beats a heartbeat on a connection of its own while the store is open
(``presence.DeskHeartbeat``): its orders in flight become uncertain on other desks only after
that heartbeat expired.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg

from smmdesk import __version__, fsutil
from smmdesk.changes import Changes
from smmdesk.store.panels import PanelStore
from smmdesk.store.pg import live, placement, schema
from smmdesk.store.pg.automation import PgAutomation, PgMassOrders
from smmdesk.store.pg.books import PgLedger, PgWatch
from smmdesk.store.pg.connection import StoreConnectError, StorePasswords
from smmdesk.store.pg.engine import PgDatabase, TeamStoreUnreachable
from smmdesk.store.pg.feed import ChangeFeed
from smmdesk.store.pg.location import StoreLocation
from smmdesk.store.pg.presence import DeskHeartbeat
from smmdesk.store.pg.repos import (
    PgOrderQueries,
    PgOrderStore,
    PgServiceStore,
)
from smmdesk.store.rates import RateStore

log = logging.getLogger(__name__)

__all__ = ["DESK_ID_FILE", "TeamStore", "desk_id_of"]

DESK_ID_FILE = "desk-id"
HEARTBEAT_TTL = timedelta(seconds=30)


def desk_id_of(data_dir: Path) -> str:
    """This desk's id, kept in its data folder (made the first time)."""
    path = Path(data_dir) / DESK_ID_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        text = ""
    if text:
        return text
    text = f"{socket.gethostname()[:40]}-{uuid.uuid4().hex[:12]}"
    fsutil.write_private_text(path, text + "\n")
    return text


class TeamStore:
    """``TeamStore(location, data_dir)``: the team store at ``location`` for the desk whose
    folder is ``data_dir``; ``close()`` when done. ``create=True``: create (or migrate) the
    team schema first (a role that may: the database's owner or an admin)."""

    def __init__(self, location: StoreLocation, data_dir: Path, *,
                 passwords: StorePasswords | None = None, create: bool = False,
                 heartbeat: bool = True) -> None:
        self.location = location
        fsutil.private_dir(Path(data_dir))
        self.desk_id = desk_id_of(data_dir)
        self.db = PgDatabase(location, data_dir, self.desk_id, passwords=passwords,
                             require_schema=not create)
        self.db.heartbeat_ttl = HEARTBEAT_TTL
        self._heartbeat: DeskHeartbeat | None = None
        try:
            if create:
                self.create_schema()
            db = self.db
            self.panels = PanelStore(db)  # type: ignore[arg-type]
            self.services = PgServiceStore(db)  # type: ignore[arg-type]
            self.orders = PgOrderStore(db)  # type: ignore[arg-type]
            self.queries = PgOrderQueries(db)  # type: ignore[arg-type]
            self.rates = RateStore(db)  # type: ignore[arg-type]
            self.automation: Any = PgAutomation(db)  # type: ignore[arg-type]
            self.massorders: Any = PgMassOrders(db)  # type: ignore[arg-type]
            self.watch = PgWatch(db)  # type: ignore[arg-type]
            self.ledger = PgLedger(db)  # type: ignore[arg-type]
            # what the desk had seen on opening: a change after it the feed's first
            # listener missed is reported as "read everything again"
            self.feed = ChangeFeed(db, mark=db.data_version())
            self._lock_conns: list[psycopg.Connection[Any]] = []  # idle, for panel syncs
            self._lock_conns_lock = threading.Lock()
            self._sweep_allowed: bool | None = None
            if heartbeat:
                self._heartbeat = DeskHeartbeat(
                    lambda: db.connect_new(autocommit=True), self.desk_id, ttl=HEARTBEAT_TTL,
                    host=socket.gethostname(), pid=os.getpid(), app_version=__version__,
                    after_beat=self.sweep_orphans)
                try:
                    self._heartbeat.start()
                except Exception as e:  # the first beat: the server went away meanwhile
                    self._heartbeat = None
                    raise TeamStoreUnreachable(location.describe(), str(e)) from None
        except BaseException:
            self.close()
            raise

    @property
    def data_dir(self) -> Path:
        return self.db.data_dir

    def create_schema(self) -> schema.Team:
        """Create the team schema, or migrate it to this app's version (idempotent)."""
        with self.db.session() as conn:
            return schema.create_schema(conn)

    # -- live: the change feed, one sync per panel, the orphan sweep --------------------------

    def wait_changes(self, timeout: float) -> Changes | None:
        """Other desks' changes within ``timeout`` seconds (``feed.ChangeFeed.wait``)."""
        return self.feed.wait(timeout)

    @contextmanager
    def panel_sync_turn(self, panel_id: str) -> Iterator[bool]:
        """This desk's turn to sync ``panel_id`` (``live.panel_sync_lock``, on a connection of
        its own held for the length of the sync): True, or False when another desk (or another
        sync of this desk) is syncing it now."""
        conn = self._lock_conn()
        ok = False
        try:
            with live.panel_sync_lock(conn, panel_id) as held:
                yield held
            ok = True
        except psycopg.Error as e:
            if not (conn.broken or conn.closed):
                raise
            raise TeamStoreUnreachable(self.location.describe(), type(e).__name__) from None
        finally:
            with self._lock_conns_lock:
                keep = ok and not conn.closed and not conn.broken and not self.db.closed
                if keep:
                    self._lock_conns.append(conn)
            if not keep:
                conn.close()

    def _lock_conn(self) -> psycopg.Connection[Any]:
        with self._lock_conns_lock:
            while self._lock_conns:
                conn = self._lock_conns.pop()
                if not conn.closed and not conn.broken:
                    return conn
        try:
            return self.db.connect_new(autocommit=True)
        except StoreConnectError as e:
            raise TeamStoreUnreachable(self.location.describe(), str(e)) from None

    def sweep_orphans(self, conn: psycopg.Connection[Any]) -> list[int]:
        """Orders another desk was sending when its heartbeat expired become uncertain
        (``placement.orphans_to_uncertain``), on ``conn`` (the heartbeat's, after each beat);
        never a living desk's. A viewer's desk settles nobody's sends. Their ids."""
        if self._sweep_allowed is None:
            row = conn.execute("SELECT has_table_privilege('smmdesk.orders', 'UPDATE')").fetchone()
            self._sweep_allowed = bool(row and row[0])
        if not self._sweep_allowed:
            return []
        was = conn.autocommit
        conn.autocommit = False  # the sweep is one transaction of its own
        try:
            ids = placement.orphans_to_uncertain(conn)
        finally:
            if not conn.closed and not conn.broken:
                conn.autocommit = was
        if ids:
            log.warning("%d order(s) of a desk that stopped answering are now uncertain: %s",
                        len(ids), ids)
        return ids

    def close(self) -> None:
        feed = getattr(self, "feed", None)
        if feed is not None:
            feed.close()
        with getattr(self, "_lock_conns_lock", threading.Lock()):
            for conn in getattr(self, "_lock_conns", []):
                conn.close()
            self._lock_conns = []
        if self._heartbeat is not None:
            self._heartbeat.stop(leave=True)
            self._heartbeat = None
        self.db.close()
