"""The one reading of a refill promise in a service's words, and the one meaning of lifetime.

Panels write the refill promise into the service's name (or its category, or its description):
"[Refill 30D]", "R30", "♻️ 30 days", "30 Gün Garantili", "Lifetime Refill", "Ömür Boyu
Garanti", "[NR]", "No Refill", "Garantisiz". ``promise`` reads one text; comparing services
(``smmdesk.compare.features``: the name, then the category) and automatic refills
(``refill_window``: the name, then the description) both read through it.

A promise is a number of days: 0 means no refill, ``LIFETIME`` (100 years) means a refill
without end — everywhere: in the comparison, in a ``RefillWindow`` and in the database (a
window set by hand) — and None means a refill is promised (♻️, the word) but its length is not
named. Qt-free and pure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from smmdesk.textnorm import fold

__all__ = [
    "LIFETIME",
    "LIFETIME_END_MS",
    "LIFETIME_PHRASES",
    "NO_REFILL_PHRASES",
    "REFILL_WORDS",
    "Promise",
    "RefillWindow",
    "light",
    "order_window",
    "promise",
    "refill_window",
    "text_days",
]

LIFETIME = 36500  # the days of a lifetime refill promise (100 years)

# Phrases as folded words (``textnorm.fold``), matched as whole words.
NO_REFILL_PHRASES: frozenset[tuple[str, ...]] = frozenset(tuple(fold(s).split()) for s in (
    "no refill", "norefill", "nr", "non refill", "without refill", "no warranty",
    "no guarantee", "refill yok", "garantisiz", "garanti yok", "без гарантии", "no refil",
    "refill none"))
LIFETIME_PHRASES: frozenset[tuple[str, ...]] = frozenset(tuple(fold(s).split()) for s in (
    "lifetime", "life time", "omur boyu", "omurboyu", "sinirsiz garanti", "пожизненная",
    "infinity refill", "lifetime refill", "auto refill lifetime"))
REFILL_WORDS = frozenset(fold(s) for s in (
    "refill", "refil", "refills", "garanti", "garantili", "garantisi", "guarantee",
    "guaranteed", "warranty", "гарантия", "гарантией", "восстановление", "рефилл"))

_DAYS = re.compile(
    r"(?<![\d/.,])(\d{1,4})\s*(d|day|days|gun|gün|gunluk|günlük|дней|дня|день|дн|month|months|"
    r"ay|aylik|aylık|year|years|yil|yıl|yillik|yıllık)(?![^\W\d_])")
_R_DAYS = re.compile(r"(?<![^\W\d_])r(\d{1,4})(?!\d)")
_SIGNS = ("♻", "🔄")
_MAX_PHRASE = max(len(p) for p in NO_REFILL_PHRASES | LIFETIME_PHRASES)


@dataclass(frozen=True, slots=True)
class Promise:
    """What one text says of refill. ``said``: it says anything at all; ``days``: 0 no refill,
    N days, ``LIFETIME``, None (a refill is promised, its length not named); ``text``: the
    words it was read from."""

    said: bool
    days: int | None
    text: str = ""


NOTHING = Promise(False, 0)


@dataclass(frozen=True, slots=True)
class RefillWindow:
    """How long after an order its refills may be asked for: ``days`` (``LIFETIME``: no end);
    ``text``: what it was read from ("refill 30d"), or "set by hand"."""

    days: int
    text: str = ""

    @property
    def lifetime(self) -> bool:
        return self.days >= LIFETIME


def light(raw: str) -> str:
    """Case-folded text that keeps its punctuation: numbers with units ("10K/Day", "[R30]")
    are read from it (``fold`` turns "/" into a space, and "500/day" is no refill promise)."""
    return unicodedata.normalize("NFKC", raw).casefold().replace("i\u0307", "i")


def _days(number: str, unit: str) -> int:
    n = int(number)
    if unit in ("month", "months", "ay", "aylik", "aylık"):
        return n * 30
    if unit in ("year", "years", "yil", "yıl", "yillik", "yıllık"):
        return n * 365
    return n


def _phrases(tokens: Sequence[str]) -> set[str]:
    """"norefill" and/or "lifetime" when ``tokens`` hold one of those phrases."""
    found: set[str] = set()
    n = len(tokens)
    for i in range(n):
        for size in range(min(_MAX_PHRASE, n - i), 0, -1):
            phrase = tuple(tokens[i:i + size])
            if phrase in NO_REFILL_PHRASES:
                found.add("norefill")
            elif phrase in LIFETIME_PHRASES:
                found.add("lifetime")
    return found


def promise(raw: str, *, lighter: str | None = None, tokens: Sequence[str] | None = None,
            phrases: Collection[str] | None = None) -> Promise:
    """The refill promise of one text. A caller that has already read the text (the
    comparison's one scan of a name) passes its ``light`` form, its folded ``tokens`` and the
    phrase kinds it found ("norefill", "lifetime"); otherwise they are worked out here."""
    lit = light(raw) if lighter is None else lighter
    words = tuple(fold(raw).split()) if tokens is None else tokens
    kinds = _phrases(words) if phrases is None else phrases
    if "norefill" in kinds:
        return Promise(True, 0, "no refill")
    m = _R_DAYS.search(lit)
    if m is not None and int(m.group(1)) > 0:
        return Promise(True, int(m.group(1)), m.group(0))
    sign = any(s in raw for s in _SIGNS)
    word = any(t in REFILL_WORDS for t in words)
    if sign or word:
        m = _DAYS.search(lit)
        if m is not None and int(m.group(1)) > 0:
            return Promise(True, _days(m.group(1), m.group(2)), m.group(0))
    if "lifetime" in kinds:
        return Promise(True, LIFETIME, "lifetime")
    if sign or word:
        return Promise(True, None)
    return NOTHING


def refill_window(*texts: str) -> RefillWindow | None:
    """The refill window a service promises, read from the first of ``texts`` (its name, then
    its description) that names one: "Refill 30D", "[R60]", "30 Gün Garantili", "♻️ 30 days"
    → days; "Lifetime Refill", "Ömür Boyu Garantili" → ``LIFETIME``. None when a text says
    there is no refill (the name's "No Refill" wins over the description), or when none names a
    length (a bare "♻️" or "Refill" says refill exists, not for how long)."""
    for raw in texts:
        found = promise(raw or "")
        if found.days == 0 and found.said:
            return None
        if found.days:
            return RefillWindow(found.days, found.text)
    return None


# ----------------------------------------------------------------------- an order's window

LIFETIME_END_MS = 2**62  # a lifetime window's "end" where ends are ordered: after every date


@lru_cache(maxsize=65536)
def text_days(text: str) -> int | None:
    """What one text (a name, a description) says of a refill window's length, as
    ``refill_window`` reads it text by text: N days (``LIFETIME`` or more: no end), 0 when it
    says there is no refill, None when it names no length (the next text decides)."""
    found = promise(text or "")
    if found.days == 0 and found.said:
        return 0
    return found.days or None


@lru_cache(maxsize=4096)
def order_window(order_name: str | None, service_name: str | None = None,
                 description: str | None = None) -> RefillWindow | None:
    """The refill window of an order, one rule wherever it is read (the Orders page's "Refill
    until", its order, ``Workspace.refill_until``): the promise in the name the order was placed
    under (else its service's current name: an order tracked by id has none), then its
    service's description."""
    return refill_window(order_name or service_name or "", description or "")
