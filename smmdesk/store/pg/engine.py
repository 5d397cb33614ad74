"""The team store's database: one desk's connection to the team's PostgreSQL, behind the same
contract as the SQLite ``Database`` (``transaction()``, ``read()``, ``close()``, ``closed``,
``schema_version``), so the store's repositories run on it.

SQL is shared with the SQLite repositories where the two dialects agree: a repository writes
``?`` placeholders, and ``PgTx`` hands psycopg the same statement with ``%s`` (a ``%`` of the
text doubled). Where they differ (flags are ``boolean`` here, ``0``/``1`` there; the orders'
layout; the search) the PostgreSQL repositories (``repos``) hold only the difference, and
``flag`` says how this engine spells a flag's value.

When the server is away: every read and write raises ``TeamStoreUnreachable`` (a
``StoreError``, plain English, typed) instead of psycopg's error; the connection is dropped and
the next call connects again by itself (``reconnect``), so nothing is written while the server
cannot be reached and an order is never sent before it is recorded. What only a file engine has
(backups, ``quick_check``, VACUUM, the read-aside connection) is answered as "nothing to do".
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg

from smmdesk.store.errors import (  # (defined there: the window reads them without psycopg)
    DatabaseCorruptError,
    NotOnTeamStore,
    StoreError,
    TeamStoreUnreachable,
)
from smmdesk.store.pg import schema
from smmdesk.store.pg.connection import StoreConnectError, StorePasswords, connect
from smmdesk.store.pg.location import StoreLocation

log = logging.getLogger(__name__)

__all__ = ["NotOnTeamStore", "PgDatabase", "PgTx", "TeamStoreUnreachable", "translate"]

# Seconds a connection attempt waits while the server is away (the app's reads are on workers,
# never the GUI thread; a short wait keeps "the team store is unreachable" prompt).
RECONNECT_TIMEOUT = 5


_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\?|%")


def translate(query: str) -> str:
    """A statement written with SQLite's ``?`` placeholders, for psycopg: ``?`` outside string
    literals becomes ``%s``, and every ``%`` (a LIKE pattern's, a modulo) is doubled."""

    def one(m: re.Match[str]) -> str:
        text = m.group(0)
        if text == "?":
            return "%s"
        return text.replace("%", "%%")

    return _PLACEHOLDER.sub(one, query)


class PgTx:
    """The handle ``PgDatabase.transaction()`` yields: ``execute``/``executemany`` with the
    SQLite repositories' ``?`` statements, on the transaction's connection (``conn``: psycopg's
    own, for the placement door's functions)."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def execute(self, query: str, args: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        return self.conn.execute(translate(query), tuple(args))

    def executemany(self, query: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(translate(query), list(rows))

    def returning(self, query: str, args: Sequence[Any] = ()) -> Any:
        """The first value of the row an ``INSERT … RETURNING`` gave."""
        row = self.execute(query, args).fetchone()
        assert row is not None  # INSERT … RETURNING returns its row
        return row[0]


class PgDatabase:
    """A desk's connection to a team store: ``PgDatabase(location, data_dir, desk_id)``
    connects (raises ``TeamStoreUnreachable`` or ``StoreConnectError``) and checks the schema
    (``schema.SchemaError`` when it is missing or newer than this app). ``data_dir`` is the
    desk's own folder (settings, logs, its desk id, caches)."""

    engine = "postgresql"
    flag = staticmethod(bool)  # a flag's value as this engine stores it

    @staticmethod
    def money(value: Any) -> Any:  # an amount as this engine stores it (numeric: the Decimal)
        return value

    def __init__(self, location: StoreLocation, data_dir: Path, desk_id: str, *,
                 passwords: StorePasswords | None = None, require_schema: bool = True) -> None:
        self.location = location
        self.data_dir = Path(data_dir)
        self.path: Path | None = None  # no file: the data is on the server
        self.desk_id = desk_id
        self.heartbeat_ttl = timedelta(seconds=30)  # (the store sets its desk's)
        self._passwords = passwords
        self._lock = threading.RLock()
        self._closed = False
        self.check_pending = False
        self.compaction_pending = False
        self.damaged = False
        self._conn: psycopg.Connection[Any] | None = None
        # The server processes of this desk's store connections (now and before a reconnect):
        # the change feed does not repeat this desk's own writes to it.
        self.own_pids: set[int] = set()
        self._conn = self._connect()
        if require_schema:
            self._check_schema()

    # -- connecting --------------------------------------------------------------------------

    def connect_new(self, *, autocommit: bool = False) -> psycopg.Connection[Any]:
        """A new connection of this desk's login (the heartbeat's, the change listener's)."""
        return connect(self.location, passwords=self._passwords, desk_id=self.desk_id,
                       autocommit=autocommit, connect_timeout=str(RECONNECT_TIMEOUT))

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            conn = self.connect_new()
        except StoreConnectError as e:
            if e.needs_password or e.password_tried:
                raise  # a login question, not an outage: the person must answer it
            raise TeamStoreUnreachable(self.location.describe(), str(e)) from None
        self.own_pids.add(conn.info.backend_pid)
        return conn

    def _check_schema(self) -> None:
        with self.transaction() as tx:
            if not schema.schema_exists(tx.conn):
                raise schema.SchemaError(
                    f"The team store {self.location.describe()} has no SMM Desk tables yet: "
                    "an admin creates them (Workspace.create_schema, or the first open by an "
                    "admin).")
            found = schema.schema_version(tx.conn)
        if found > schema.SCHEMA_VERSION:
            raise schema.NewerSchemaError(found, schema.SCHEMA_VERSION)

    @property
    def reachable(self) -> bool:
        """Whether the last call reached the server (a new call tries again)."""
        return self._conn is not None and not self._conn.closed

    def reconnect(self) -> bool:
        """Connect again now if the connection was lost; whether the server answers."""
        with self._lock:
            if self._closed:
                return False
            if self._conn is not None and not self._conn.closed:
                try:
                    self._conn.execute("SELECT 1")
                    self._conn.rollback()
                    return True
                except psycopg.OperationalError:
                    self._drop()
            try:
                self._conn = self._connect()
            except TeamStoreUnreachable:
                return False
            return True

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except psycopg.Error:
                pass

    @property
    def conn(self) -> psycopg.Connection[Any]:
        """The live connection, connected again when it was lost (``TeamStoreUnreachable``
        while the server is away). Held under the lock by its callers."""
        if self._closed:
            raise StoreError("the team store is closed")
        if self._conn is None or self._conn.closed:
            self._drop()
            self._conn = self._connect()
        return self._conn

    # -- the contract ----------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def schema_version(self) -> int:
        with self.transaction() as tx:
            return schema.schema_version(tx.conn)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._drop()

    @contextmanager
    def session(self) -> Iterator[psycopg.Connection[Any]]:
        """This desk's connection, idle, under the lock (for the placement door's functions,
        which open their own transactions); a lost connection becomes
        ``TeamStoreUnreachable``."""
        with self._lock:
            conn = self.conn
            try:
                yield conn
            except (psycopg.OperationalError, psycopg.InterfaceError) as e:
                if not conn.closed and not _lost(e):
                    raise
                self._drop()
                raise TeamStoreUnreachable(self.location.describe(), _first_line(e)) from None

    @contextmanager
    def transaction(self) -> Iterator[PgTx]:
        """One transaction (committed at the end, rolled back on an exception) on this desk's
        connection, under the lock (the repositories share it, as on SQLite)."""
        with self.session() as conn, conn.transaction():
            yield PgTx(conn)

    def read(self, query: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.transaction() as tx:
            return tx.execute(query, args).fetchall()

    read_aside = read  # no second connection: the server serves readers concurrently

    def data_version(self) -> int:
        """Moves when any desk changed anything (the newest change notification's id)."""
        return int(self.read("SELECT COALESCE(max(id), 0) FROM notifications")[0][0])

    # -- what only a file engine has ---------------------------------------------------------

    def deferred_check(self) -> DatabaseCorruptError | None:
        return None  # the server keeps its own pages

    def compact(self, should_stop: Any = None) -> bool:
        return False

    def integrity_check(self) -> list[str]:
        return []


def _lost(e: psycopg.Error) -> bool:
    """The connection itself failed (server gone, network down), not one statement."""
    sqlstate = getattr(e, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in {"57P01", "57P02",
                                                                         "57P03"}


def _first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0][:200]
