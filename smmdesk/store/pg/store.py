"""A team workspace's store: the repositories composed over one desk's connection to the team's
PostgreSQL (``TeamStore``), the twin of ``smmdesk.store.Store`` for a local SQLite file.

The desk's own things stay in its data folder: its desk id (``desk-id``, made once), settings,
logs, caches. The desk beats a heartbeat on a connection of its own while the store is open
(``presence.DeskHeartbeat``): its orders in flight become uncertain on other desks only after
that heartbeat expired.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from smmdesk import __version__, fsutil
from smmdesk.store.panels import PanelStore
from smmdesk.store.pg import schema
from smmdesk.store.pg.automation import PgAutomation, PgMassOrders
from smmdesk.store.pg.books import PgLedger, PgWatch
from smmdesk.store.pg.connection import StorePasswords
from smmdesk.store.pg.engine import PgDatabase, TeamStoreUnreachable
from smmdesk.store.pg.location import StoreLocation
from smmdesk.store.pg.presence import DeskHeartbeat
from smmdesk.store.pg.repos import (
    PgOrderQueries,
    PgOrderStore,
    PgServiceStore,
)
from smmdesk.store.rates import RateStore

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
            if heartbeat:
                self._heartbeat = DeskHeartbeat(
                    lambda: db.connect_new(autocommit=True), self.desk_id, ttl=HEARTBEAT_TTL,
                    host=socket.gethostname(), pid=os.getpid(), app_version=__version__)
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

    def close(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.stop(leave=True)
            self._heartbeat = None
        self.db.close()
