"""The project's one text normalisation: ``fold(text)``.

Minimal stand-in written in the ``compare`` branch until the lead's version lands on main (it
replaces this file on merge; same name and signature). ``fold`` gives the form in which two
spellings of the same words compare equal: NFKC (styled mathematical letters, superscripts and
full-width forms become plain letters), a Turkish-aware case fold (İ/I/ı all become ``i``),
accents stripped (ç→c, ş→s, ğ→g, ö→o, ü→u), small capitals folded (ᴛɢ→tg) and emoji and other
symbols dropped. Runs of white space become one space; the result is stripped.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold"]

# Latin small capitals (and the few look-alikes panels use) that NFKC leaves alone.
_SMALL_CAPS = {
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i",
    "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ǫ": "q", "ʀ": "r",
    "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
    "ı": "i",  # dotless i: Turkish fold, so "TAKİPÇİ", "takipçi" and "TAKIPCI" agree
}
_TABLE = str.maketrans(_SMALL_CAPS)
_SPACES = re.compile(r"\s+")


class _Chars(dict):
    """Per-character replacement for ``str.translate``, filled on first sight of a character:
    marks (the accents after decomposition), format and control characters go; symbols (emoji,
    ♻, ⭐ …) become a space; maths signs (+ | ~ …) and everything else stay."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        cat = unicodedata.category(ch)
        if ch in "\t\n\r":
            out: str | None = " "
        elif cat[0] in "MC":
            out = None
        elif cat[0] == "S" and cat != "Sm":
            out = " "
        else:
            out = ch
        self[code] = out
        return out


_CHARS = _Chars()


def fold(text: str) -> str:
    """``text`` in the project's comparable form (see the module docstring)."""
    if not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.replace("İ", "i").replace("I", "i").translate(_TABLE).casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFD", text)
    return _SPACES.sub(" ", text.translate(_CHARS)).strip()
