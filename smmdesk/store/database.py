"""The SQLite engine's database: the file of one data dir, its one connection and lock.

Every repository of the store (``panels``, ``services``, ``orders``, ``queries``,
``automation``, ``massorders``, ``rates``) is composed over one ``Database``: they share its
connection, its re-entrant lock and its serialised write transactions (``transaction()``), so
a placement's order and the run or line it consumes are written in one transaction whichever
repositories take part. The lock is held for the duration of the SQL only: never across a
network request, so a slow panel never blocks a reader.

The contract every engine offers (``docs/dev/contracts.md``, "The store"): ``transaction()``
yields an opaque handle that callers only pass to repository methods; ``close()``,
``closed``, ``schema_version``. What only a file engine has, and this module alone knows:
WAL mode, ``PRAGMA user_version`` migrations with a backup before, the deferred
``quick_check``, VACUUM (after a migration, or ``compact()`` in the background), the
read-aside connection for long counts, the backups beside the file and the ways out of a
damaged one (``backups``, ``move_aside``, ``restore_latest_backup``), and SQLite's result
codes (``SqliteCode``), by which every failure is classified, never by its text.
"""

from __future__ import annotations

import enum
import logging
import os
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smmdesk import fsutil
from smmdesk.store import migrations, snapshot
from smmdesk.store.errors import (
    DatabaseCorruptError,
    DatabaseReadOnlyError,
    NewerDatabaseError,
    StoreError,
)
from smmdesk.store.values import money

log = logging.getLogger(__name__)

__all__ = [
    "BACKUP_PREFIX",
    "BUSY_TIMEOUT",
    "CORRUPT_CODES",
    "DAMAGED_PREFIX",
    "DB_NAME",
    "FULL_CODES",
    "LOCKED_CODES",
    "READ_ONLY_CODES",
    "Database",
    "SqliteCode",
    "Tx",
    "folder_writable",
    "sqlite_code",
]

DB_NAME = "smmdesk.sqlite3"
BACKUP_PREFIX = DB_NAME + ".bak-v"
DAMAGED_PREFIX = DB_NAME + ".damaged-"

# What ``Database.transaction()`` yields: the handle of one write transaction. Callers outside
# the store only hand it to repository methods (a claim in the transaction that records an
# order); only this engine's repositories execute SQL on it.
Tx = sqlite3.Connection

# Seconds a write waits for another process's transaction before "database is locked" (a
# module setting: tests that hold the lock on purpose shorten it).
BUSY_TIMEOUT = 30.0

# A database file (with its WAL) larger than this is checked for damage after opening, in the
# background (``Database.deferred_check``), not before the window: quick_check reads the whole
# file (about 0.15 s per 100 MB on the bench machine, seconds for a million orders).
QUICK_CHECK_ON_OPEN_BYTES = 16 * 1024 * 1024

# A file whose free pages (the tables a migration dropped, when the VACUUM after it was cut
# short: a crash, a full disk) are at least this share of it and this many bytes is compacted
# in the background (``Database.compact``), when the disk has room for it.
COMPACT_FREE_SHARE = 0.2
COMPACT_FREE_BYTES = 8 * 1024 * 1024
COMPACT_ROOM_MARGIN = 32 * 1024 * 1024  # besides the copy VACUUM writes (and its WAL)
COMPACT_STOP_EVERY = 10_000  # SQLite steps between two looks at "the app is quitting"


# ---------------------------------------------------------------------------- result codes


class SqliteCode(enum.IntEnum):
    """SQLite's primary result codes (sqlite3.h) the app tells apart. Errors are classified by
    their code (``sqlite_code``), never by their message text, which varies between SQLite
    builds and is translated on some systems."""

    PERM = 3
    BUSY = 5
    LOCKED = 6
    READONLY = 8
    CORRUPT = 11
    FULL = 13
    CANTOPEN = 14
    AUTH = 23
    NOTADB = 26


# The file or its folder cannot be written (never "damaged": starting fresh would not help).
READ_ONLY_CODES = frozenset({SqliteCode.PERM, SqliteCode.READONLY, SqliteCode.CANTOPEN,
                             SqliteCode.AUTH})
CORRUPT_CODES = frozenset({SqliteCode.CORRUPT, SqliteCode.NOTADB})
FULL_CODES = frozenset({SqliteCode.FULL})
LOCKED_CODES = frozenset({SqliteCode.BUSY, SqliteCode.LOCKED})  # another process holds it


def sqlite_code(exc: BaseException) -> int | None:
    """The primary result code of an error SQLite raised (``sqlite_errorcode``, set on every
    error SQLite raises since Python 3.11; extended codes folded, e.g. SQLITE_BUSY_SNAPSHOT ->
    SQLITE_BUSY); None for anything else (an error without a code was not raised by SQLite).
    Compare it with ``SqliteCode`` members and the code groups above."""
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(exc, sqlite3.Error) or not isinstance(code, int):
        return None
    return code & 0xFF


def folder_writable(folder: Path) -> bool:
    """Can a file be created in ``folder``? Tried for real (permission bits do not tell: root,
    read-only mounts, ACLs)."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def connection_functions(conn: sqlite3.Connection) -> None:
    """What every connection of the store needs before its first query (the SQL functions the
    schema's triggers and the search use): the main one, the read-aside one and the
    maintenance ones alike."""
    migrations.register_functions(conn)


def _sqlite_temp_dir(fallback: Path) -> Path:
    """Where SQLite writes its temporary files (VACUUM's copy): its own search order on Unix
    (SQLITE_TMPDIR, TMPDIR, /var/tmp, /usr/tmp, /tmp), the system's temporary folder
    elsewhere."""
    if os.name != "posix":
        return Path(tempfile.gettempdir())
    for candidate in (os.environ.get("SQLITE_TMPDIR"), os.environ.get("TMPDIR"), "/var/tmp",
                      "/usr/tmp", "/tmp"):
        if candidate and os.path.isdir(candidate) and os.access(candidate, os.W_OK | os.X_OK):
            return Path(candidate)
    return fallback


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")



# ------------------------------------------------------------------------------- the database


# ``PRAGMA optimize`` (at close) runs ANALYZE on a table one of whose indexes has no statistics,
# and ANALYZE writes none for an index with no entries: a partial index that is empty most of the
# time (``orders_sending``: orders being sent; ``orders_customer`` before anything is sold) made
# every close analyze all the orders again, 0.8-1.7 s at a million orders (each CLI command, each
# quit). So an empty index of a table analyzed before gets the statistics of one entry ("1 1…",
# the row count then one figure per column): the planner's view of an index built for rare rows,
# and ``optimize`` analyzes the table again only when it has grown as SQLite's rule says.
_STATS_FOR_EMPTY_INDEXES = """
INSERT INTO sqlite_stat1 (tbl, idx, stat)
SELECT m.tbl_name, m.name, '1' || replace(hex(zeroblob(
           (SELECT COUNT(*) FROM pragma_index_info(m.name)))), '00', ' 1')
FROM sqlite_schema m
WHERE m.type = 'index'
  AND EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.tbl = m.tbl_name AND s.idx IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.idx = m.name)
"""


class Database:
    """The SQLite file of one data dir. ``Database(data_dir)`` opens (and migrates) it;
    ``close()`` when done. The repositories take it: ``OrderStore(db)``, …"""

    engine = "sqlite"
    flag = staticmethod(int)  # a flag's value as this engine stores it (0/1)
    money = staticmethod(money)  # an amount as this engine stores it (exact decimal text)

    def __init__(self, data_dir: Path, *, check: bool = True) -> None:
        self.data_dir = Path(data_dir)
        # 0700, ours alone (UnsafeDataDirError for someone else's or a group-writable folder).
        fsutil.private_dir(self.data_dir)
        fsutil.make_private_all(self.data_dir)  # backups, settings of older versions (0644)
        self.path = self.data_dir / DB_NAME
        self._lock = threading.RLock()
        self._aside_lock = threading.Lock()
        self._aside: sqlite3.Connection | None = None  # see read_aside
        # A file too large to check on open is checked later (``deferred_check``); damage found
        # then refuses every write from that moment (``transaction``).
        self.check_pending = False
        self._damage: str | None = None
        # The file holds many free pages (``compact`` gives them back in the background).
        self.compaction_pending = False
        existed = self.path.exists() and self.path.stat().st_size > 0
        try:
            conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT
            )
        except sqlite3.DatabaseError as e:
            raise self._open_error(e) from None
        # 0600 before any write: SQLite gives the -wal/-shm files the database file's mode.
        for suffix in ("", "-wal", "-shm"):
            fsutil.make_private(Path(str(self.path) + suffix))
        connection_functions(conn)  # the search triggers fold text in Python
        self._conn: sqlite3.Connection | None = conn
        try:
            try:
                self._open(existed, check)
            except sqlite3.DatabaseError as e:
                error = self._open_error(e, damaged=False)
                if error is e:
                    raise
                raise error from None
        except BaseException:
            conn.close()
            self._conn = None
            raise

    def _open_error(self, e: sqlite3.DatabaseError, *, damaged: bool = True) -> Exception:
        """What an SQLite error while opening means, by its code: the file or its folder cannot
        be written (``DatabaseReadOnlyError``), the file is damaged (``DatabaseCorruptError``;
        also any uncoded error while reading when ``damaged``), or else ``e`` itself (busy,
        full, I/O: the data may well be healthy)."""
        code = sqlite_code(e)
        if code in READ_ONLY_CODES:
            return DatabaseReadOnlyError(self.path, str(e),
                                         folder=not folder_writable(self.data_dir))
        if code in CORRUPT_CODES or (code is None and damaged):
            return DatabaseCorruptError(self.path, str(e))
        return e

    # -- opening ---------------------------------------------------------------------------------

    def _open(self, existed: bool, check: bool) -> None:
        conn = self._c
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if existed and check and self._file_bytes() > QUICK_CHECK_ON_OPEN_BYTES:
                # Reading a large file whole takes seconds: checked once the window is up.
                self.check_pending = True
            elif existed and check:
                result = conn.execute("PRAGMA quick_check").fetchall()
                if [r[0] for r in result] != ["ok"]:
                    raise DatabaseCorruptError(self.path, "; ".join(str(r[0]) for r in result[:3]))
        except sqlite3.DatabaseError as e:
            raise self._open_error(e) from None
        newest = migrations.SCHEMA_VERSION
        if version > newest:
            raise NewerDatabaseError(self.path, version, newest)
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed order survives even an OS crash, not just a killed process.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        # A file SQLite could only open for reading (read-only file or folder) says so here,
        # before anything is half-done, rather than at the first order.
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA user_version = {int(version)}")  # a write, rolled back
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        late = migrations.late_missing(conn, version)  # a step that landed after a higher one
        if existed and version > 0 and (version < newest or late):
            self.backup(self.data_dir / f"{BACKUP_PREFIX}{version}-{_stamp()}")
        if version < newest or late:
            migrations.migrate(conn, newest)
            if any(version < v <= newest for v in migrations.VACUUM_AFTER):
                self._vacuum()
        self.compaction_pending = self._many_free_pages()

    def _vacuum(self) -> None:
        """Give the pages a migration freed back to the disk (the v10 step frees hundreds of MB
        for a million orders). The migration has committed already and the file before it is in
        its backup; a VACUUM that cannot run (no room on the disk, a crash) only leaves the file
        as large as it was, and the next start compacts it in the background (``compact``)."""
        room = self._room_to_compact()
        if room is not None:
            log.warning("VACUUM after the migration left for later: %s", room)
            return
        t0 = time.perf_counter()
        try:
            self._c.execute("VACUUM")
            # The step and the VACUUM went through the WAL (as large as the file): empty it now
            # rather than when the app quits.
            self._c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError as e:
            log.warning("VACUUM after the migration failed (the file keeps its size): %s", e)
            return
        log.info("database compacted after the migration in %.1f s",
                 time.perf_counter() - t0)

    def _pages(self, conn: sqlite3.Connection | None = None) -> tuple[int, int, int]:
        """(page size, pages, free pages) of the file."""
        with self._lock:
            c = conn or self._c
            return (c.execute("PRAGMA page_size").fetchone()[0],
                    c.execute("PRAGMA page_count").fetchone()[0],
                    c.execute("PRAGMA freelist_count").fetchone()[0])

    def _many_free_pages(self) -> bool:
        size, pages, free = self._pages()
        return free * size >= COMPACT_FREE_BYTES and free >= COMPACT_FREE_SHARE * pages

    def _room_to_compact(self) -> str | None:
        """Why there is no room for a VACUUM now, or None when there is: it writes a copy of
        the pages in use into SQLite's temporary folder, then every one of them into the WAL
        beside the file."""
        size, pages, free = self._pages()
        live = (pages - free) * size
        folders = [self.data_dir, _sqlite_temp_dir(self.data_dir)]
        need: dict[int, int] = {}
        for folder in folders:
            try:
                dev = os.stat(folder).st_dev
            except OSError:
                continue
            need[dev] = need.get(dev, COMPACT_ROOM_MARGIN) + live
        for folder in folders:
            try:
                dev = os.stat(folder).st_dev
                free_bytes = shutil.disk_usage(folder).free
            except OSError:
                continue
            if dev in need and free_bytes < need[dev]:
                return (f"{free_bytes / 1e6:.0f} MB free in {folder}, "
                        f"{need[dev] / 1e6:.0f} MB needed")
        return None

    def compact(self, should_stop: Callable[[], bool] | None = None) -> bool:
        """Give the file's free pages back to the disk (VACUUM) when there are many of them
        (``compaction_pending``: a migration's VACUUM was cut short), on a connection of its
        own so readers carry on (writers wait for it, a few seconds for a million orders).
        Never for a file not known to be healthy, nor without room on the disk (then it is
        tried again at the next start). ``should_stop`` (the app is quitting) interrupts it:
        the file stays as it was. True when the file was compacted."""
        if self._damage is not None or self.check_pending or not self._many_free_pages():
            return False
        room = self._room_to_compact()
        if room is not None:
            log.warning("database not compacted (left for the next start): %s", room)
            return False
        t0 = time.perf_counter()
        size, pages, free = self._pages()
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                   timeout=30.0)
        except sqlite3.Error as e:
            log.warning("database not compacted: %s", e)
            return False
        try:
            connection_functions(conn)
            if should_stop is not None:
                conn.set_progress_handler(lambda: 1 if should_stop() else 0, COMPACT_STOP_EVERY)
            conn.execute("VACUUM")
            conn.set_progress_handler(None, 0)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as e:
            log.warning("database not compacted (left for the next start): %s", e)
            return False
        finally:
            conn.close()
        self.compaction_pending = False
        log.info("database compacted in %.1f s: %.0f MB of %.0f MB given back",
                 time.perf_counter() - t0, free * size / 1e6, pages * size / 1e6)
        return True

    def _file_bytes(self) -> int:
        total = 0
        for suffix in ("", "-wal"):
            try:
                total += os.stat(str(self.path) + suffix).st_size
            except OSError:
                pass
        return total

    def deferred_check(self) -> DatabaseCorruptError | None:
        """The damaged-file check a large file skipped on open (``check_pending``): SQLite's
        ``quick_check`` on a connection of its own (WAL), so nothing waits for it. Damage found
        makes every later write raise ``DatabaseCorruptError`` (nothing more is written to a
        file known to be damaged) and is returned for the person to choose a way out."""
        with self._lock:
            self._c  # noqa: B018  (raises when the store is closed)
        try:
            # Its own connection: the read-aside one stays free for the history's counts.
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT)
            try:
                connection_functions(conn)
                conn.execute("PRAGMA query_only = 1")
                result = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
            finally:
                conn.close()
        except sqlite3.DatabaseError as e:
            error = self._open_error(e)
            if not isinstance(error, DatabaseCorruptError):
                raise
            result = [error.detail]
        self.check_pending = False
        if result == ["ok"]:
            return None
        self._damage = "; ".join(result[:3])
        log.error("database damaged (found after opening): %s", self._damage)
        return DatabaseCorruptError(self.path, self._damage)

    @property
    def damaged(self) -> bool:
        """The deferred check found damage: nothing is written any more."""
        return self._damage is not None

    @property
    def _c(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("the store is closed")
        return self._conn

    @property
    def closed(self) -> bool:
        """``close`` was called (the app quit): nothing can be read or written any more."""
        return self._conn is None

    @property
    def schema_version(self) -> int:
        with self._lock:
            return self._c.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        with self._aside_lock:
            if self._aside is not None:
                self._aside.close()
                self._aside = None
        with self._lock:
            if self._conn is not None:
                try:
                    if self._damage is None:  # it may write statistics
                        self._conn.execute("PRAGMA optimize")
                        if self._conn.execute("SELECT 1 FROM sqlite_schema "
                                              "WHERE name = 'sqlite_stat1'").fetchone():
                            self._conn.execute(_STATS_FOR_EMPTY_INDEXES)
                except sqlite3.Error:
                    pass
                self._conn.close()
                self._conn = None

    def backup(self, target: Path) -> Path:
        """A consistent copy of the database (sqlite backup API), e.g. before migrating."""
        with self._lock:
            os.close(fsutil.open_private(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL))  # 0600
            dst = sqlite3.connect(target)
            try:
                self._c.backup(dst)
            finally:
                dst.close()
        log.info("database backed up to %s", target.name)
        return target

    def integrity_check(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self._c.execute("PRAGMA integrity_check").fetchall()]

    # -- ways out of a damaged file (the GUI offers these on DatabaseCorruptError) ----------------

    @staticmethod
    def backups(data_dir: Path) -> list[Path]:
        """Backups in the data dir, newest first."""
        found = [
            p
            for p in Path(data_dir).glob(BACKUP_PREFIX + "*")
            if p.is_file() and not p.is_symlink()  # a planted link is never restored from
        ]
        return sorted(found, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)

    @staticmethod
    def move_aside(data_dir: Path) -> Path | None:
        """Rename the database (and its -wal/-shm) to ``….damaged-<time>``; returns the new path."""
        data_dir = Path(data_dir)
        db = data_dir / DB_NAME
        if not db.exists():
            return None
        target = data_dir / f"{DAMAGED_PREFIX}{_stamp()}"
        snapshot.remove(data_dir)  # copies of what the database held: not of the next one
        os.replace(db, target)
        for suffix in ("-wal", "-shm"):
            side = data_dir / (DB_NAME + suffix)
            if side.exists():
                os.replace(side, Path(str(target) + suffix))
        log.warning("damaged database moved aside to %s", target.name)
        return target

    @staticmethod
    def restore_latest_backup(data_dir: Path) -> Path | None:
        """Put the newest backup in place of the database (kept aside). None: no backup exists."""
        backups = Database.backups(data_dir)
        if not backups:
            return None
        Database.move_aside(data_dir)
        snapshot.remove(data_dir)
        # Follows a link at neither end; the copy is 0600.
        fsutil.copy_private(backups[0], Path(data_dir) / DB_NAME)
        log.warning("database restored from %s", backups[0].name)
        return backups[0]

    # -- transactions ----------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE … COMMIT), serialised with every other caller."""
        with self._lock:
            conn = self._c
            if self._damage is not None:
                raise DatabaseCorruptError(self.path, self._damage)
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # SQLite rolls back by itself on e.g. a full disk
                    conn.execute("ROLLBACK")
                raise
            else:
                conn.execute("COMMIT")

    def read(self, sql: str, args: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            return self._c.execute(sql, args).fetchall()

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version`` of the main connection: it changes when another
        connection (another process: the CLI, a script) commits, never for this one's writes."""
        return int(self.read("PRAGMA data_version")[0][0])

    def read_aside(self, sql: str, args: Sequence[Any] = ()) -> list[tuple]:
        """A long read-only query (a count over a million orders) on a second connection: WAL
        lets it run beside the main one, so the history's next page never waits for it."""
        with self._aside_lock:
            if self._aside is None:
                with self._lock:
                    self._c  # noqa: B018  (raises when the store is closed)
                    conn = sqlite3.connect(self.path, isolation_level=None,
                                           check_same_thread=False, timeout=BUSY_TIMEOUT)
                connection_functions(conn)
                conn.execute("PRAGMA query_only = 1")
                conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
                self._aside = conn
            return self._aside.execute(sql, args).fetchall()
