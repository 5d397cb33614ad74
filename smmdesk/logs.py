"""Logging: a rotating file in the data dir, with keys scrubbed as a second line of defence.

``setup_logging(data_dir)`` is idempotent: a second call replaces, never duplicates, its handlers.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
from pathlib import Path

from smmdesk import fsutil, redact

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


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log file is 0600 and opened without following a symlink planted in its place."""

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
            handlers.append(logging.StreamHandler(sys.stderr))
        for h in handlers:
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
