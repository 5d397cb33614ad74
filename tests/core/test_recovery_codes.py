"""The recovery module reads SQLite failures by SQLite's result code, not by their wording:
real errors from SQLite land in the right situation, and an error carrying SQLite's code is
read by the code whatever its words say."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from smmdesk import recovery
from smmdesk.recovery import Situation


def _raised(fn) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as info:
        fn()
    return info.value


def real_full(tmp_path: Path) -> sqlite3.Error:
    conn = sqlite3.connect(tmp_path / "full.sqlite3")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA max_page_count = 3")

    def fill() -> None:
        for _ in range(100):
            conn.execute("INSERT INTO t VALUES (?)", ("x" * 4000,))

    try:
        return _raised(fill)
    finally:
        conn.close()


def real_locked(tmp_path: Path) -> sqlite3.Error:
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(path, timeout=0)
    try:
        return _raised(lambda: other.execute("SELECT * FROM t"))
    finally:
        other.close()
        holder.execute("ROLLBACK")
        holder.close()


def real_not_a_database(tmp_path: Path) -> sqlite3.Error:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not SQLite, just junk " * 200)
    conn = sqlite3.connect(path)
    try:
        return _raised(lambda: conn.execute("SELECT * FROM sqlite_master").fetchall())
    finally:
        conn.close()


def test_real_sqlite_errors_are_classified_by_their_code(tmp_path: Path) -> None:
    full, locked, junk = real_full(tmp_path), real_locked(tmp_path), real_not_a_database(tmp_path)
    assert recovery.sqlite_code(full) == sqlite3.SQLITE_FULL
    assert recovery.diagnose(full).situation is Situation.DISK_FULL
    assert recovery.sqlite_code(locked) == sqlite3.SQLITE_BUSY
    assert recovery.diagnose(locked).situation is Situation.LOCKED
    assert recovery.sqlite_code(junk) == sqlite3.SQLITE_NOTADB
    assert recovery.diagnose(junk).situation is Situation.CORRUPT
    assert recovery.describe(full) == recovery.diagnose(full).message


def test_the_code_decides_not_the_wording() -> None:
    # The code with other words (a differently built SQLite, a translated message): still read.
    worded = sqlite3.OperationalError("disque plein")
    worded.sqlite_errorcode = sqlite3.SQLITE_FULL  # what SQLite sets on the errors it raises
    assert recovery.diagnose(worded).situation is Situation.DISK_FULL
    busy_snapshot = sqlite3.OperationalError("base occupée")
    busy_snapshot.sqlite_errorcode = sqlite3.SQLITE_BUSY | (2 << 8)  # SQLITE_BUSY_SNAPSHOT
    assert recovery.diagnose(busy_snapshot).situation is Situation.LOCKED
    # A constraint failure is not damage (the class alone used to say "corrupt").
    constraint = sqlite3.IntegrityError("UNIQUE constraint failed")
    constraint.sqlite_errorcode = sqlite3.SQLITE_CONSTRAINT
    assert recovery.diagnose(constraint).situation is not Situation.CORRUPT
