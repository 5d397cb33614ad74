"""One way for background failures (and notes) to reach the window, as qutebrowser's
``message.error()`` reaches its ``GlobalMessageBridge``.

Work the person did not start here and now (a status check, a reload, a rates update, an
automation tick) fails far from any dialog. Such a failure is handed to ``error(exc, what)``:
it is worded once (``failure_text``: what failed, then ``ui.format.describe_error``'s why and
what to do), logged without the key, and emitted as a ``Message`` on the one bridge; the main
window shows it in its status bar. Modules need no reference to the window to say something.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ui.format import describe_error
from ui.tasks import Cancelled

log = logging.getLogger(__name__)

__all__ = ["Level", "Message", "MessageBridge", "error", "failure_text", "global_bridge", "info",
           "warning"]


class Level(enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


TIMEOUT_MS = {Level.INFO: 5_000, Level.WARNING: 10_000, Level.ERROR: 15_000}


@dataclass(frozen=True)
class Message:
    level: Level
    text: str
    timeout_ms: int  # 0: until the next message


class MessageBridge(QObject):
    """``shown(Message)`` for every message; the window is its one listener."""

    shown = Signal(object)  # Message

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.last: Message | None = None  # tests, and a window made after the message

    def show(self, level: Level, text: str, timeout_ms: int | None = None) -> Message:
        message = Message(level, text, TIMEOUT_MS[level] if timeout_ms is None else timeout_ms)
        self.last = message
        self.shown.emit(message)
        return message


_bridge: MessageBridge | None = None


def global_bridge() -> MessageBridge:
    """The app's bridge (made with the first message; it lives as long as the application)."""
    global _bridge
    if _bridge is None:
        _bridge = MessageBridge(QCoreApplication.instance())
        _bridge.destroyed.connect(_forget)
    return _bridge


def _forget(*_args: object) -> None:
    global _bridge
    _bridge = None


def failure_text(exc: BaseException, what: str = "") -> str:
    """The one wording of a failure: ``what`` failed (already translated: "Exchange rates not
    updated"), then why and what to do."""
    why = describe_error(exc)
    if not what:
        return why
    return QCoreApplication.translate("bridge", "%1: %2").replace("%1", what).replace("%2", why)


def error(exc: BaseException, what: str = "", *, timeout_ms: int | None = None) -> Message | None:
    """A background failure, worded and shown; a cancelled task says nothing (None)."""
    if isinstance(exc, Cancelled):
        return None
    log.warning("background failure%s: %r", f" ({what})" if what else "", exc)
    return global_bridge().show(Level.ERROR, failure_text(exc, what), timeout_ms)


def warning(text: str, *, timeout_ms: int | None = None) -> Message:
    return global_bridge().show(Level.WARNING, text, timeout_ms)


def info(text: str, *, timeout_ms: int | None = None) -> Message:
    return global_bridge().show(Level.INFO, text, timeout_ms)
