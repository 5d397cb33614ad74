"""How panels word things: the spellings of an order's status and the phrases of their
refusals, read into ``OrderState`` and ``ErrorKind``. Pure; no I/O."""

from __future__ import annotations

import re
from typing import Any

from smmdesk.errors import ErrorKind
from smmdesk.models import OrderState

__all__ = ["classify_error", "normalize_state"]

_STATE_WORDS: dict[str, OrderState] = {
    "pending": OrderState.PENDING,
    "awaiting": OrderState.PENDING,
    "in progress": OrderState.IN_PROGRESS,
    "in progess": OrderState.IN_PROGRESS,  # sic, seen in the wild
    "inprogress": OrderState.IN_PROGRESS,
    "progress": OrderState.IN_PROGRESS,
    "processing": OrderState.PROCESSING,
    "completed": OrderState.COMPLETED,
    "complete": OrderState.COMPLETED,
    "partial": OrderState.PARTIAL,
    "partially completed": OrderState.PARTIAL,
    "canceled": OrderState.CANCELED,
    "cancelled": OrderState.CANCELED,
    "cancel": OrderState.CANCELED,
    "refunded": OrderState.CANCELED,
    "error": OrderState.FAILED,
    "fail": OrderState.FAILED,
    "failed": OrderState.FAILED,
}
_SEPARATORS = re.compile(r"[\s_\-]+")


def _norm_words(text: str) -> str:
    return _SEPARATORS.sub(" ", text).strip().lower()


def normalize_state(raw: Any) -> OrderState:
    """Map a panel's status text to an ``OrderState``; anything unknown is ``UNKNOWN``."""
    if not isinstance(raw, str):
        return OrderState.UNKNOWN
    return _STATE_WORDS.get(_norm_words(raw), OrderState.UNKNOWN)


# Checked in order; the first hit wins. Patterns are matched against the lowercased text.
_ERROR_PATTERNS: tuple[tuple[ErrorKind, re.Pattern[str]], ...] = (
    (ErrorKind.UNSUPPORTED, re.compile(r"incorrect request|incorrect[ _]action|unknown action")),
    (ErrorKind.AUTH, re.compile(r"(?<![a-z])(api[ _.-]?)?key(?![a-z])|apikey|unauthori[sz]ed")),
    (ErrorKind.FUNDS, re.compile(r"fund|balance|not[ _]enough")),
    (ErrorKind.QUANTITY, re.compile(r"quantity|minimal|maximum|(min|max)[ _]qty")),
    (ErrorKind.LINK_BUSY, re.compile(r"active order|link[ _.]?duplicate|duplicate[ _.]?link")),
    (ErrorKind.SERVICE, re.compile(r"service[ _.]?id|incorrect[ _.]service|service")),
    (ErrorKind.ORDER_ID, re.compile(r"order[ _.]?id|incorrect[ _.]order|order not found")),
)


def classify_error(text: Any) -> ErrorKind:
    """What kind of refusal a panel's error text is (substring match, case-insensitive)."""
    if not isinstance(text, str):
        return ErrorKind.OTHER
    low = text.lower()
    for kind, pattern in _ERROR_PATTERNS:
        if pattern.search(low):
            return kind
    return ErrorKind.OTHER
