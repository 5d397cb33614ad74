"""What went wrong with the data dir or the keyring, in words, and the ways out. No Qt.

``diagnose(exc, data_dir)`` turns an exception from opening or using the workspace into a
``Problem``: a situation, a title and a message for the person (never a traceback, never a key)
and the actions that can get them going again. ``apply(action, data_dir)`` carries out the
file-level ones. ``ui/recovery.py`` shows a ``Problem`` as a dialog; scripts can use this module
directly.

Situations and their ways out:

* CORRUPT (damaged or truncated database): restore the latest backup (when there is one), or
  start fresh with the damaged file kept aside (``smmdesk.sqlite3.damaged-<time>``), or quit.
* EMPTY (the database file is 0 bytes although backups exist: a copy or a disk that failed):
  the same choices, so history is not silently replaced by an empty file.
* NEWER (written by a newer SMM Desk): quit and update (the file is untouched), or start fresh
  with the newer file kept aside.
* DISK_FULL (SQLite "database or disk is full", ENOSPC): nothing was half-written (the
  transaction rolled back); free some space and retry.
* LOCKED (another process holds the database): close the other SMM Desk and retry.
* KEYRING_LOCKED / KEYRING_BROKEN: retry after unlocking, or go on and type keys for this
  session only.
* READ_ONLY (a healthy database whose folder or file cannot be written): the message names the
  folder or the file; retry (after making it writable) or quit. Never "start fresh": the data
  is not damaged, and nothing could be written there anyway.
* UNREADABLE (permissions, an unreadable folder) and UNKNOWN: retry or quit, with a short,
  key-free description.
* TEAM_AWAY (the team workspace's server does not answer) and TEAM_LOGIN (it asks for a
  password none is kept for, or refused the one kept): retry (away only), open this computer's
  own workspace for now (``USE_LOCAL``: no file is touched), or quit.

SQLite errors are told apart by their result code (``sqlite_errorcode``), not by their text.
"""

from __future__ import annotations

import enum
import errno
import logging
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from smmdesk import redact
from smmdesk.secrets import KeyringLockedError, SecretsError
from smmdesk.store import (
    CORRUPT_CODES,
    DB_NAME,
    FULL_CODES,
    LOCKED_CODES,
    READ_ONLY_CODES,
    Database,
    DatabaseCorruptError,
    DatabaseReadOnlyError,
    NewerDatabaseError,
    StoreError,
    folder_writable,
    sqlite_code,
)
from smmdesk.store.errors import StoreConnectError, TeamStoreUnreachable

log = logging.getLogger(__name__)

__all__ = ["Action", "Problem", "Situation", "apply", "check_data_dir", "describe", "diagnose"]


def N_(text: str) -> str:
    """Marks a string for translation (context "recovery"); the GUI translates it."""
    return text


class Situation(enum.Enum):
    CORRUPT = "corrupt"
    EMPTY = "empty"
    NEWER = "newer"
    DISK_FULL = "disk_full"
    LOCKED = "locked"
    READ_ONLY = "read_only"
    KEYRING_LOCKED = "keyring_locked"
    KEYRING_BROKEN = "keyring_broken"
    UNREADABLE = "unreadable"
    TEAM_AWAY = "team_away"
    TEAM_LOGIN = "team_login"
    UNKNOWN = "unknown"


class Action(enum.Enum):
    RESTORE_BACKUP = "restore_backup"
    START_FRESH = "start_fresh"
    RETRY = "retry"
    SESSION_KEYS = "session_keys"  # go on without the keyring: keys typed for this session
    USE_LOCAL = "use_local"  # open this computer's own workspace instead of the team's
    QUIT = "quit"


ACTION_LABELS = {
    Action.RESTORE_BACKUP: N_("Restore the latest backup"),
    Action.START_FRESH: N_("Start fresh (keep the old file aside)"),
    Action.RETRY: N_("Try again"),
    Action.SESSION_KEYS: N_("Continue without the keyring"),
    Action.USE_LOCAL: N_("Open this computer's own workspace"),
    Action.QUIT: N_("Quit"),
}


@dataclass(frozen=True)
class Problem:
    situation: Situation
    title: str
    message: str
    actions: tuple[Action, ...]
    detail: str = ""  # one key-free line for the curious (the SQLite message, the errno…)
    subject: str = ""  # what "%1" in the message stands for (the read-only folder or file)
    backup: Path | None = None  # the backup RESTORE_BACKUP would use
    data_dir: Path | None = field(default=None, compare=False)

    @property
    def default_action(self) -> Action:
        return self.actions[0]

    def text(self, translate: Callable[[str], str] | None = None) -> str:
        """The message, translated by ``translate`` when given, with ``%1`` filled in."""
        message = translate(self.message) if translate is not None else self.message
        return message.replace("%1", self.subject)


def _backup_of(data_dir: Path | None) -> Path | None:
    if data_dir is None:
        return None
    try:
        found = Database.backups(data_dir)
    except OSError:
        return None
    return found[0] if found else None


def _file_actions(backup: Path | None) -> tuple[Action, ...]:
    if backup is not None:
        return (Action.RESTORE_BACKUP, Action.START_FRESH, Action.QUIT)
    return (Action.START_FRESH, Action.QUIT)


def _clean(text: str) -> str:
    """One line, key-free, short."""
    line = " ".join(str(text).split())
    return redact.scrub(line)[:300]


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in out and len(out) < 10:
        out.append(cur)
        cur = cur.__cause__ or cur.__context__
    return out


# --- SQLite failures, classified by SQLite's result code (``store.sqlite_code``: the store's
# one ``SqliteCode`` enum and its groups), never by the message text, which varies between
# SQLite builds and says nothing reliable. An error without a code was not raised by SQLite.


def _sqlite_detail(exc: BaseException) -> str:
    """"SQLITE_FULL: database or disk is full" (the code's name first, then SQLite's words)."""
    name = getattr(exc, "sqlite_errorname", None)
    return f"{name}: {exc}" if name else str(exc)


def _is_corrupt(exc: BaseException) -> bool:
    return sqlite_code(exc) in CORRUPT_CODES


def _is_locked(exc: BaseException) -> bool:
    return sqlite_code(exc) in LOCKED_CODES


def _is_disk_full(exc: BaseException) -> bool:
    # SQLite rolls a transaction back by itself on SQLITE_FULL, so the caller's own ROLLBACK
    # may fail with "no transaction is active" on top: look through the whole chain.
    for e in _chain(exc):
        if sqlite_code(e) in FULL_CODES:
            return True
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
    return False


def _full_detail(exc: BaseException) -> str:
    for e in _chain(exc):
        if sqlite_code(e) in FULL_CODES:
            return _sqlite_detail(e)
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
            return str(e)
    return str(exc)  # pragma: no cover - only called when _is_disk_full


# --- end of the SQLite classification


def check_data_dir(data_dir: Path) -> Problem | None:
    """A problem visible before opening: a 0-byte database next to backups (the store would
    otherwise open it as a brand-new, empty one)."""
    db = Path(data_dir) / DB_NAME
    try:
        empty = db.exists() and db.stat().st_size == 0
    except OSError as e:
        return diagnose(e, data_dir)
    backup = _backup_of(data_dir) if empty else None
    if not empty or backup is None:
        return None
    return Problem(
        Situation.EMPTY,
        N_("Your SMM Desk data file is empty"),
        N_("The database file is empty (0 bytes), although backups of it exist. This happens "
           "when a copy or the disk failed. Restore the latest backup to get your services and "
           "order history back, or start fresh; the empty file is kept aside."),
        _file_actions(backup),
        detail=f"{db.name}: 0 bytes",
        backup=backup,
        data_dir=Path(data_dir),
    )


def _read_only(exc: BaseException, data_dir: Path | None) -> Problem | None:
    """A database that cannot be written, at start-up (``DatabaseReadOnlyError``) or later (an
    SQLite error with a read-only code, an ``EROFS``)."""
    folder: bool | None = None
    path: Path | None = None
    if isinstance(exc, DatabaseReadOnlyError):
        folder, path = exc.folder, exc.path
    elif sqlite_code(exc) in READ_ONLY_CODES or (
            isinstance(exc, OSError) and exc.errno == errno.EROFS):
        if data_dir is not None:
            folder, path = not folder_writable(data_dir), data_dir / DB_NAME
        else:
            folder = True
    else:
        return None
    if path is None:
        subject = ""
        title = N_("The data folder cannot be written")
        message = N_("SMM Desk cannot save in its data folder: it is read-only. Your data is "
                     "not damaged. Make the folder writable, then try again.")
    elif folder:
        subject = str(path.parent)
        title = N_("The data folder cannot be written")
        message = N_("SMM Desk cannot save in its data folder, %1: the folder is read-only. "
                     "Your data is not damaged. Make the folder writable (or give SMM Desk a "
                     "writable data folder), then try again.")
    else:
        subject = str(path)
        title = N_("The data file cannot be written")
        message = N_("SMM Desk cannot save to its data file, %1: the file is read-only. Your "
                     "data is not damaged. Make the file writable, then try again.")
    detail = exc.detail if isinstance(exc, DatabaseReadOnlyError) else str(exc)
    return Problem(Situation.READ_ONLY, title, message, (Action.RETRY, Action.QUIT),
                   detail=_clean(detail), subject=subject, data_dir=data_dir)


def diagnose(exc: BaseException, data_dir: Path | None = None) -> Problem:
    """The ``Problem`` an exception from opening or using the workspace amounts to."""
    data_dir = Path(data_dir) if data_dir is not None else None
    read_only = _read_only(exc, data_dir)
    if read_only is not None:
        return read_only
    if isinstance(exc, NewerDatabaseError):
        return Problem(
            Situation.NEWER,
            N_("This data was saved by a newer SMM Desk"),
            N_("Your data was written by a newer version of SMM Desk, which this version cannot "
               "read safely. Install the newer version to open it; the file has not been "
               "changed. Or start fresh: the newer file is kept aside, untouched."),
            (Action.QUIT, Action.START_FRESH),
            detail=f"schema {exc.found}, this version reads up to {exc.supported}",
            data_dir=data_dir,
        )
    if isinstance(exc, DatabaseCorruptError) or _is_corrupt(exc):
        backup = _backup_of(data_dir)
        detail = exc.detail if isinstance(exc, DatabaseCorruptError) else _sqlite_detail(exc)
        message = N_("The SMM Desk database is damaged and cannot be read. ")
        if backup is not None:
            message += N_("Restore the latest backup, or start fresh; either way the damaged "
                          "file is kept aside in the data folder.")
        else:
            message += N_("There is no backup to restore. Start fresh to keep working; the "
                          "damaged file is kept aside in the data folder, so nothing is deleted.")
        return Problem(Situation.CORRUPT, N_("Your SMM Desk data is damaged"), message,
                       _file_actions(backup), detail=_clean(detail), backup=backup,
                       data_dir=data_dir)
    if _is_disk_full(exc):
        return Problem(
            Situation.DISK_FULL,
            N_("The disk is full"),
            N_("SMM Desk could not save because the disk is full. Nothing was half-saved: the "
               "last change was undone as a whole. Free some disk space, then try again."),
            (Action.RETRY, Action.QUIT),
            detail=_clean(_full_detail(exc)),
            data_dir=data_dir,
        )
    if _is_locked(exc):
        return Problem(
            Situation.LOCKED,
            N_("The data is in use"),
            N_("Another program (perhaps another SMM Desk window) is using the database. Close "
               "it, then try again."),
            (Action.RETRY, Action.QUIT),
            detail=_clean(_sqlite_detail(exc)),
            data_dir=data_dir,
        )
    if isinstance(exc, TeamStoreUnreachable):
        return Problem(
            Situation.TEAM_AWAY,
            N_("The team server cannot be reached"),
            N_("The team's workspace is kept on its server, which does not answer. Try again "
               "when it is back, or open this computer's own workspace for now (the team's "
               "orders are not in it)."),
            (Action.RETRY, Action.USE_LOCAL, Action.QUIT),
            detail=_clean(exc.detail or str(exc)),
            data_dir=data_dir,
        )
    if isinstance(exc, StoreConnectError) and (exc.needs_password or exc.password_tried):
        return Problem(
            Situation.TEAM_LOGIN,
            N_("The team server needs this login's password"),
            N_("The team server asks for a password that is not kept on this computer, or "
               "refused the one kept. Open this computer's own workspace, enter the password in "
               "Preferences → Team workspace (Test connection keeps it), then start SMM Desk "
               "again."),
            (Action.USE_LOCAL, Action.QUIT),
            detail=_clean(str(exc)),
            data_dir=data_dir,
        )
    if isinstance(exc, KeyringLockedError):
        return Problem(
            Situation.KEYRING_LOCKED,
            N_("The system keyring is locked"),
            N_("Your API keys are in the system keyring, which is locked. Unlock it (log in to "
               "it) and try again, or continue and type the keys again for this session only; "
               "they are not saved anywhere else."),
            (Action.RETRY, Action.SESSION_KEYS),
            detail=_clean(str(exc)),
            data_dir=data_dir,
        )
    if isinstance(exc, SecretsError):
        return Problem(
            Situation.KEYRING_BROKEN,
            N_("The system keyring is not working"),
            N_("SMM Desk keeps API keys in the system keyring, which failed. Try again, or "
               "continue and type the keys for this session only; they are not saved anywhere "
               "else."),
            (Action.RETRY, Action.SESSION_KEYS),
            detail=_clean(str(exc)),
            data_dir=data_dir,
        )
    if isinstance(exc, PermissionError | IsADirectoryError | NotADirectoryError) or (
        isinstance(exc, OSError) and not _is_disk_full(exc)
    ):
        return Problem(
            Situation.UNREADABLE,
            N_("The data folder cannot be used"),
            N_("SMM Desk cannot read or write its data folder. Check that it exists and that "
               "you may write to it, then try again."),
            (Action.RETRY, Action.QUIT),
            detail=_clean(f"{type(exc).__name__}: {exc}"),
            data_dir=data_dir,
        )
    return Problem(
        Situation.UNKNOWN,
        N_("SMM Desk could not open your data"),
        N_("Something unexpected stopped SMM Desk from opening your data. Try again; if it "
           "keeps happening, the log file in the data folder says more."),
        (Action.RETRY, Action.QUIT),
        detail=_clean(f"{type(exc).__name__}: {exc}"),
        data_dir=data_dir,
    )


# An unexpected storage error once the data is open (``describe``; ``diagnose`` words one met
# while opening it).
WHILE_WORKING = N_("Something unexpected went wrong with your data during this action. Try "
                   "again; if it keeps happening, the log file in the data folder says more.")


def is_storage_error(exc: BaseException) -> bool:
    """Whether ``exc`` came from the store: SQLite's, the store's own, or — on a team store —
    the server's refusal of a statement (a psycopg error; psycopg is looked up, never imported:
    the local app does not load it)."""
    if isinstance(exc, StoreError | sqlite3.Error):
        return True
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(exc, psycopg.Error)


def describe(exc: BaseException) -> str | None:
    """The message for a storage or keyring error met while working (not at start-up); None
    for anything else (panel errors have their own wording in ``ui.format``)."""
    if is_storage_error(exc) or isinstance(exc, SecretsError) or _is_disk_full(exc):
        problem = diagnose(exc)
        if problem.situation is Situation.UNKNOWN:  # its message is about opening the data
            return WHILE_WORKING
        return problem.text()
    return None


def apply(action: Action, data_dir: Path) -> Path | None:
    """Carry out a file-level action. Returns the file it produced or moved (for the log and
    the confirmation), None for actions that touch no file."""
    data_dir = Path(data_dir)
    if action is Action.RESTORE_BACKUP:
        restored = Database.restore_latest_backup(data_dir)
        if restored is None:
            raise FileNotFoundError("there is no backup to restore")
        log.warning("recovery: restored %s", restored.name)
        return restored
    if action is Action.START_FRESH:
        moved = Database.move_aside(data_dir)
        log.warning("recovery: started fresh, old file kept as %s",
                    moved.name if moved else "(none)")
        return moved
    return None
