"""How values are kept in the store, the same for every engine: times are INTEGER milliseconds
since the Unix epoch (UTC), money is TEXT holding a ``Decimal`` (never a float), and a
panel's words are capped before they are kept."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

__all__ = [
    "MAX_ERROR_TEXT",
    "cap_text",
    "dec",
    "escape_like",
    "from_ms",
    "money",
    "now_ms",
    "to_ms",
]


def now_ms() -> int:
    return int(datetime.now(UTC).timestamp() * 1000)


def to_ms(dt: datetime) -> int:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return int(dt.timestamp() * 1000)


def from_ms(ms: int | None) -> datetime | None:
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def dec(text: str | None) -> Decimal | None:
    """A stored amount as a ``Decimal``; None for none (or for text that is not a number)."""
    if text is None:
        return None
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def money(value: Decimal | None) -> str | None:
    """An amount as it is stored: its exact decimal text."""
    return None if value is None else str(value)


def escape_like(text: str) -> str:
    """Escape LIKE wildcards; use with ``ESCAPE '\\'`` (SQLite and PostgreSQL alike)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# The panel's refusal is kept verbatim, but a panel that answers with a whole error page must
# not put megabytes into every order row it refuses.
MAX_ERROR_TEXT = 2000


def cap_text(text: str | None, limit: int = MAX_ERROR_TEXT) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[:limit] + f"… [{len(text) - limit} more characters not kept]"
