"""Logging: a rotating file in the data dir, with keys scrubbed as a second line of defence.

``setup_logging(data_dir)`` is idempotent: a second call replaces, never duplicates, its handlers.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import faulthandler
import logging
import logging.handlers
import os
import sys
import threading
from pathlib import Path
from typing import BinaryIO

from smmdesk import fsutil, presence, redact
from smmdesk.termtext import for_terminal

LOG_DIR = "logs"
LOG_NAME = "smmdesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"

_lock = threading.Lock()
_handlers: list[logging.Handler] = []


class RedactingFilter(logging.Filter):
    """Scrubs every registered secret from the message, its args and the exception text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg = redact.scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact.scrub(record.exc_text)
        # The traceback is now text only; the formatter must not re-render the raw exception.
        record.exc_info = None
        if record.stack_info:
            record.stack_info = redact.scrub(record.stack_info)
        return True


class TerminalFormatter(logging.Formatter):
    """For a log shown on a terminal (``-v``): panel text in a record is shown, never obeyed
    (``termtext.for_terminal``; the line breaks of a traceback stay)."""

    def format(self, record: logging.LogRecord) -> str:
        return for_terminal(super().format(record), newlines=True)


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log file is 0600 and opened without following a symlink planted in its place.

    A file that cannot be opened (a symlink there, a folder, no permission) is said once, on
    standard error, and the handler stays quiet from then on: logging's default would print a
    traceback at every call, and the program must keep running without its log."""

    refused: str | None = None  # why the file could not be opened (said once)

    def emit(self, record: logging.LogRecord) -> None:
        if self.refused is not None:
            return
        try:
            # delay=True: the file is opened at the first record, and again after a rollover
            if self.stream is None:
                self.stream = self._open()
            if self.shouldRollover(record):
                self.doRollover()
                if self.stream is None:
                    self.stream = self._open()
        except OSError as e:
            self._refuse(e)
            return
        except Exception:
            self.handleError(record)
            return
        logging.FileHandler.emit(self, record)

    def _refuse(self, e: OSError) -> None:
        path = self.baseFilename
        if Path(path).is_symlink():
            why = "it is a symbolic link, which is never followed"
        else:
            why = e.strerror or type(e).__name__
        self.refused = why
        try:
            sys.stderr.write(f"SMM Desk: not writing the log to {path}: {why}. "
                             "Everything else goes on; remove or fix that file to have a log "
                             "again.\n")
        except Exception:  # no stderr (a windowed build): nothing else to tell
            pass

    def _open(self):
        fd = fsutil.open_private(Path(self.baseFilename), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            if os.name == "posix":
                os.fchmod(fd, fsutil.PRIVATE_FILE)  # a file from an older version was 0644
            return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)
        except BaseException:
            os.close(fd)
            raise


def log_path(data_dir: Path) -> Path:
    return Path(data_dir) / LOG_DIR / LOG_NAME


def setup_logging(
    data_dir: Path, level: int = logging.INFO, *, console: bool = False
) -> Path:
    """Log to ``<data_dir>/logs/smmdesk.log`` (1 MB × 5). Returns the log file's path."""
    path = log_path(data_dir)
    fsutil.private_dir(Path(data_dir))  # 0700; refuses someone else's folder
    fsutil.private_dir(path.parent)
    fsutil.make_private_all(path.parent)  # rotated logs and crash reports of older versions
    with _lock:
        _remove_handlers()
        root = logging.getLogger()
        file_handler = PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
        )
        handlers: list[logging.Handler] = [file_handler]
        if console:
            console_handler = logging.StreamHandler(sys.stderr)
            console_handler.setFormatter(TerminalFormatter(FORMAT))
            handlers.append(console_handler)
        for h in handlers:
            if h.formatter is None:
                h.setFormatter(logging.Formatter(FORMAT))
            h.addFilter(RedactingFilter())
            h.setLevel(level)
            root.addHandler(h)
            _handlers.append(h)
        if root.level == logging.NOTSET or root.level > level:
            root.setLevel(level)
        # urllib3 logs every request line at DEBUG; keep it quiet unless asked for.
        logging.getLogger("urllib3").setLevel(max(level, logging.INFO))
    return path


def _remove_handlers() -> None:
    root = logging.getLogger()
    while _handlers:
        h = _handlers.pop()
        root.removeHandler(h)
        h.close()


def teardown_logging() -> None:
    """Remove and close the handlers ``setup_logging`` added (tests, shutdown)."""
    with _lock:
        _remove_handlers()


# ----------------------------------------------------------------------- native crash reports
# A crash below Python (a segfault in Qt or a C library, an abort) runs no excepthook: Python's
# faulthandler writes the stacks of every thread, at the moment of the crash, to a file opened
# beforehand. One file per process, in the folder of the crash reports (the log folder), named
# like them; a process that ends without a crash removes its (empty) file, and one killed
# outright leaves an empty file the next start removes (its lock is gone with it).

NATIVE_GLOB = "crash-*-native-*.txt"
_native: tuple[BinaryIO, Path, bool] | None = None  # the open file, its path, enabled before


def enable_native_crash_reports(data_dir: Path) -> Path | None:
    """Have a native crash of this process write a report (the Python stacks of every thread;
    no key: file names, lines and function names only) to
    ``<data_dir>/logs/crash-<time>-native-<pid>.txt``. Returns that path, or None when the
    file cannot be made (then there is no native report; nothing else changes). The app and
    ``smm-desk-cli`` call it at start; ``disable_native_crash_reports`` (also run at exit)
    undoes it."""
    global _native
    folder = log_path(data_dir).parent
    with _lock:
        _disable_native()
        try:
            fsutil.private_dir(folder)
            _remove_unused_native_reports(folder)
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            path = folder / f"crash-{stamp}-native-{os.getpid()}.txt"
            # Locked before it has the name a sweep looks for (POSIX: renamed once locked), so
            # another process's start never takes it for the file of an ended one.
            made = path if sys.platform == "win32" else path.with_suffix(".new")
            fh = os.fdopen(fsutil.open_private(made, os.O_WRONLY | os.O_CREAT | os.O_APPEND),
                           "ab", buffering=0)
            presence.try_lock(fh)  # held while this process lives: the file is in use
            if made != path:
                os.replace(made, path)
        except OSError as e:
            logging.getLogger(__name__).warning("no native crash report file: %s", e)
            return None
        was_enabled = faulthandler.is_enabled()
        faulthandler.enable(file=fh, all_threads=True)
        _native = (fh, path, was_enabled)
    return path


def disable_native_crash_reports() -> None:
    """Stop writing native crash reports; the file goes when nothing was written to it."""
    with _lock:
        _disable_native()


def _disable_native() -> None:
    global _native
    if _native is None:
        return
    fh, path, was_enabled = _native
    _native = None
    faulthandler.disable()
    if was_enabled and sys.__stderr__ is not None:
        with contextlib.suppress(Exception):  # as before us (e.g. a test runner's own)
            faulthandler.enable(file=sys.__stderr__, all_threads=True)
    presence.unlock(fh)
    fh.close()
    with contextlib.suppress(OSError):
        if path.stat().st_size == 0:
            path.unlink()


def _remove_unused_native_reports(folder: Path) -> None:
    """Empty report files of processes that ended (killed before they could remove theirs)."""
    for path in folder.glob(NATIVE_GLOB):
        try:
            if path.is_symlink() or path.stat().st_size:
                continue  # a report (kept), or not ours to touch
            fh = os.fdopen(fsutil.open_private(path, os.O_RDWR), "r+b")
        except OSError:
            continue
        with fh:
            if presence.try_lock(fh):  # nobody holds it: its process is gone
                presence.unlock(fh)
                with contextlib.suppress(OSError):
                    path.unlink()


atexit.register(disable_native_crash_reports)
