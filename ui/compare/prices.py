"""Small pure helpers the services table uses for comparing: the canonical type name."""

from __future__ import annotations

from functools import lru_cache

from smmdesk import servicetypes


@lru_cache(maxsize=1024)
def canonical_type(raw: str) -> str:
    """The registry's name for a panel's type text ("default" -> "Default", "mentions with
    hashtags" -> "Mentions with Hashtags"); a type SMM Desk does not know keeps its own
    spelling, white space tidied."""
    st, known = servicetypes.lookup(raw)
    if known:
        return st.name
    return " ".join((raw or "").split())
