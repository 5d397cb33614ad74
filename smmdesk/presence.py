"""Which processes have a data folder open (the app, ``smm-desk-cli``, a script): one small file
each under ``<data dir>/presence/``, locked by its process (an OS advisory lock) for as long as
its workspace is open. The OS drops a lock when its process ends, however it ends (kill -9, a
crash, a power cut), so a file that can be locked belongs to a process that is gone.

Why: a workspace that opens turns orders left SUBMITTING into UNCERTAIN ("the app stopped while
sending"). That is only true when no other process is sending right now; with the app and the
command line on the same data, a fresh SUBMITTING row may be in flight in the other one.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import uuid
from pathlib import Path
from typing import BinaryIO

from smmdesk.fsutil import open_private, private_dir

log = logging.getLogger(__name__)

__all__ = ["PRESENCE_DIR", "Presence", "mark_alive", "try_lock", "unlock"]

PRESENCE_DIR = "presence"

if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(fh: BinaryIO) -> bool:
        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fh: BinaryIO) -> None:
        with contextlib.suppress(OSError):
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fh: BinaryIO) -> bool:
        # flock: per open file, so two workspaces of one process see each other too.
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fh: BinaryIO) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


# The same lock for other files a live process holds open (``logs.enable_native_crash_reports``).
try_lock = _try_lock
unlock = _unlock


class Presence:
    """This workspace's mark in the data folder. Never raises: without a usable mark (a
    read-only folder, an odd file system) ``others_alive`` answers True, the careful answer."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = Path(data_dir) / PRESENCE_DIR
        self.path: Path | None = None
        self._fh: BinaryIO | None = None
        try:
            private_dir(self.dir)
            path = self.dir / f"{os.getpid()}-{uuid.uuid4().hex[:12]}.lock"
            # Locked before it carries the name others look for (POSIX: renamed once locked),
            # so nobody takes a mark being made for one left by an ended process.
            made = path if sys.platform == "win32" else path.with_suffix(".new")
            # Held open for the workspace's life; 0600 like every file in the data folder.
            fh = os.fdopen(open_private(made, os.O_RDWR | os.O_CREAT | os.O_TRUNC), "w+b")
            fh.write(b"1")
            fh.flush()
            if not _try_lock(fh):
                fh.close()
                made.unlink(missing_ok=True)
                return
            if made != path:
                os.replace(made, path)
            self.path, self._fh = path, fh
        except OSError as e:
            log.info("no presence mark in %s: %s", self.dir, type(e).__name__)

    @property
    def marked(self) -> bool:
        return self._fh is not None

    @property
    def name(self) -> str:
        """The mark's file name ("" when unmarked): what ``mark_alive`` takes."""
        return self.path.name if self.path is not None and self._fh is not None else ""

    def others_alive(self) -> bool:
        """True when another process (or another workspace of this one) has the folder open.
        Marks left by ended processes are removed on the way."""
        if not self.marked:
            return True
        alive = False
        try:
            marks = list(self.dir.glob("*.lock"))
        except OSError:
            return True
        for mark in marks:
            if mark == self.path:
                continue
            try:
                fh = os.fdopen(open_private(mark, os.O_RDWR), "r+b")  # closed below
            except FileNotFoundError:
                continue
            except OSError:
                alive = True
                continue
            try:
                if _try_lock(fh):
                    _unlock(fh)
                    fh.close()
                    with contextlib.suppress(OSError):
                        mark.unlink()
                    continue
                alive = True
            finally:
                if not fh.closed:
                    fh.close()
        return alive

    def close(self) -> None:
        fh, self._fh = self._fh, None
        if fh is None:
            return
        _unlock(fh)
        fh.close()
        if self.path is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()


_MARK_NAME = re.compile(r"[0-9]{1,10}-[0-9a-f]{12}\.lock")


def mark_alive(data_dir: Path, name: str) -> bool:
    """Is the presence mark ``name`` (a ``Presence(...).path.name``, of any process, this one
    included) still held by a running process? A mark that can be locked, or is gone, belongs to
    a process that ended (however it ended); one that cannot be opened or checked counts as
    alive, the careful answer."""
    if not _MARK_NAME.fullmatch(name):
        return True  # not a mark this code made: never guess "gone"
    path = Path(data_dir) / PRESENCE_DIR / name
    try:
        fh = os.fdopen(open_private(path, os.O_RDWR), "r+b")
    except FileNotFoundError:
        return False
    except OSError:
        return True
    with fh:
        if _try_lock(fh):
            _unlock(fh)
            return False
        return True
