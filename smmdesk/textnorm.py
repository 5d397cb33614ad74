"""The one text normalisation every search and every comparison of services uses.

``fold("𝐈𝐍𝐒𝐓𝐀𝐆𝐑𝐀𝐌 Türk TAKİPÇİ 🇹🇷")`` → ``"instagram turk takipci"``: what a person types
matches what a panel wrote, whatever the case (Turkish İ/ı/I/i included), the accents, the styled
Unicode letters real panels use (mathematical bold/italic, full-width, small capitals) and the
emoji around it.

Rules, in order:

1. HTML entities decoded (``&amp;`` → ``&``): panels send them inside names;
2. NFKC: styled letters (𝐋, ｆｕｌｌ, ①) become their plain forms;
3. small capitals (ᴛɢ) and a few look-alike letters folded to Latin letters;
4. Turkish case: ``İ`` → ``i``, ``I`` → ``i``, ``ı`` → ``i`` — a person searching ``instagram``
   must find ``İNSTAGRAM`` and ``ınstagram``; Turkish has no word that differs only in i/ı that
   a panel catalogue would need told apart;
5. case folded, accents stripped (``ç`` → ``c``, ``ğ`` → ``g``, ``ş`` → ``s``, ``ö`` → ``o``,
   ``ü`` → ``u``, ``é`` → ``e``), ``ß`` → ``ss``;
6. everything that is not a letter or a digit (emoji, flags, punctuation, symbols) becomes a
   space, and runs of spaces collapse to one.

The function is pure and fast (it runs once per service when a catalogue is loaded, and on every
keystroke of a search), and the store's search index is built with it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "fold_words", "matches"]

# Small capitals and other look-alikes that NFKC leaves alone.
_SMALL_CAPS = {
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i",
    "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ꞯ": "q", "ʀ": "r",
    "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
    "ı": "i", "İ": "i", "ß": "ss", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
}
_TABLE = str.maketrans(_SMALL_CAPS)
_NOT_WORD = re.compile(r"[^0-9a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff"
                       r"\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]+")
_LETTERS_OUTSIDE_LATIN = re.compile(r"[^\x00-\x7f]")


def _fold(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text).translate(_TABLE)
    text = text.casefold()
    if _LETTERS_OUTSIDE_LATIN.search(text):
        # Strip combining marks (accents; the dot that lower-casing İ leaves behind).
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        ).translate(_TABLE)
    return " ".join(_NOT_WORD.sub(" ", text).split())


@lru_cache(maxsize=65_536)
def _fold_cached(text: str) -> str:
    return _fold(text)


def fold(text: str | None) -> str:
    """The searchable form of ``text`` (see the module's docstring); ``""`` for None."""
    if not text:
        return ""
    # Short texts (search terms, names) repeat a lot: cache them; long ones (descriptions) not.
    return _fold_cached(text) if len(text) <= 200 else _fold(text)


def fold_words(text: str | None) -> list[str]:
    """The folded words of ``text``: what a search query is split into."""
    return fold(text).split()


def matches(query: str | None, haystack_folded: str) -> bool:
    """Every folded word of ``query`` occurs in ``haystack_folded`` (already folded)."""
    return all(w in haystack_folded for w in fold_words(query))
