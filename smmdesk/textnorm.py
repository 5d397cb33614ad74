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

__all__ = ["display_text", "fold", "fold_words", "isolate", "matches", "shorten"]

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
    if "<" in text:
        text = _BREAK_TAG.sub(" ", text)  # "&lt;br&gt;" in a name is a line break, not "br"
    # Word by word, each (short) word cached: 50,000 service names share a few thousand words,
    # so a catalogue folds in a fraction of the time (rules 2-6 never join or split across
    # spaces). Long words (links) are folded without the cache.
    return " ".join(
        f for word in text.split()
        if (f := _fold_word(word) if len(word) <= 40 else _fold_one(word))
    )


@lru_cache(maxsize=65_536)
def _fold_word(word: str) -> str:
    return _fold_one(word)


def _fold_one(word: str) -> str:
    if word.isascii():
        return " ".join(_NOT_WORD.sub(" ", word.lower()).split())
    text = unicodedata.normalize("NFKC", word).translate(_TABLE)
    text = text.casefold()
    if _LETTERS_OUTSIDE_LATIN.search(text):
        # Strip combining marks (accents; the dot that lower-casing İ leaves behind).
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        ).translate(_TABLE)
    return " ".join(_NOT_WORD.sub(" ", text).split())


@lru_cache(maxsize=8_192)
def _fold_cached(text: str) -> str:
    return _fold(text)


def fold(text: str | None) -> str:
    """The searchable form of ``text`` (see the module's docstring); ``""`` for None."""
    if not text:
        return ""
    # Short texts (search terms, categories) repeat a lot: cache them. Longer ones (service
    # names, links, descriptions) are mostly unique: their words are cached instead.
    return _fold_cached(text) if len(text) <= 48 else _fold(text)


def fold_words(text: str | None) -> list[str]:
    """The folded words of ``text``: what a search query is split into."""
    return fold(text).split()


def matches(query: str | None, haystack_folded: str) -> bool:
    """Every folded word of ``query`` occurs in ``haystack_folded`` (already folded)."""
    return all(w in haystack_folded for w in fold_words(query))


# ------------------------------------------------------------------ display

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BREAK_TAG = re.compile(r"<\s*(?:br\s*/?|/?\s*p\s*/?)\s*>", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x85\v\f]")
_ESCAPED_QUOTE = re.compile(r"\\([\"'])")
_SPACES = re.compile(r"[ \t]+")


def display_text(text: str | None, *, multiline: bool = False) -> str:
    """Panel text (a service's name, category or description) as a person should read it.

    HTML entities decoded (``Real &amp; Active`` → ``Real & Active``; twice at most, for panels
    that encode twice), ``<br>`` tags and ``\\r\\n`` taken as line breaks, a backslash before a
    quote dropped. A name or category (``multiline=False``) becomes one line: breaks and runs of
    spaces collapse to one space. A description keeps its lines, without runs of blank lines.
    Any other ``<`` stays as it is: ``Video < 5 Minutes`` is text, not markup. The stored text
    stays raw; this is for display (and ``fold`` does the same for search)."""
    if not text:
        return ""
    for _ in range(2):
        if "&" not in text or not _ENTITY.search(text):
            break
        text = html.unescape(text)
    if "<" in text:
        text = _BREAK_TAG.sub("\n", text)
    if "\\" in text:
        text = _ESCAPED_QUOTE.sub(r"\1", text)
    if not multiline:
        return " ".join(text.split())
    lines = [_SPACES.sub(" ", line).strip() for line in _LINE_BREAK.split(text)]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


_FSI, _PDI = "\u2068", "\u2069"  # first-strong isolate ... pop directional isolate
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def isolate(text: str) -> str:
    """``text`` as a bidirectional isolate (FSI … PDI) when it holds right-to-left letters or
    direction controls, with its own controls removed: an Arabic or Hebrew panel name inside an
    English (or Turkish) sentence keeps its own order and cannot reorder the sentence around
    it. Left-to-right text is returned as it is (the languages SMM Desk ships are LTR)."""
    if _BIDI_CONTROLS.search(text):
        text = _BIDI_CONTROLS.sub("", text)
    elif not any(unicodedata.bidirectional(c) in ("R", "AL") for c in text if ord(c) >= 0x590):
        return text
    return _FSI + text + _PDI


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, "…" at the end when cut (for window titles and other
    places with no font to measure); line breaks collapsed. ``limit`` >= 2."""
    text = display_text(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
