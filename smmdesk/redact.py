"""A process-wide registry of secrets to scrub from any text that leaves the process."""

from __future__ import annotations

import threading

_lock = threading.Lock()
_secrets: set[str] = set()
MASK = "[REDACTED]"


def register(secret: str | None) -> None:
    """Remember a secret so ``scrub`` removes it. Very short strings are ignored (too many hits)."""
    if secret and len(secret) >= 4:
        with _lock:
            _secrets.add(secret)


def forget(secret: str | None) -> None:
    with _lock:
        _secrets.discard(secret or "")


def scrub(text: str) -> str:
    """Replace every registered secret (and its URL-encoded form) in ``text``."""
    if not text:
        return text
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    if not secrets:
        return text
    from urllib.parse import quote_plus

    for s in secrets:
        if s in text:
            text = text.replace(s, MASK)
        q = quote_plus(s)
        if q != s and q in text:
            text = text.replace(q, MASK)
    return text
