"""A process-wide registry of secrets to scrub from any text that leaves the process.

A key can reach a text in many spellings: as is, percent-encoded (``quote``, ``quote_plus``,
upper- or lower-case hex, any mix), JSON-escaped (``\\/``, ``\\u0041``), HTML-escaped (a panel's
page or error text: ``&amp;``, ``&quot;``, ``&#39;``, ``&#x41;``, any numeric entity), and any of
those once more escaped by ``%r``/``repr`` (``\\\\/``). ``scrub`` masks every one of them,
character by character, so a partly encoded key is masked too.
"""

from __future__ import annotations

import re
import threading

_lock = threading.Lock()
_secrets: set[str] = set()
_pattern: re.Pattern[str] | None = None
MASK = "[REDACTED]"

_BACKSLASHES = r"\\{1,4}"  # an escape, possibly escaped again by repr() (and once more)


def _hex(n: int) -> str:
    """Two hex digits of ``n`` matching either case."""
    out = ""
    for digit in f"{n:02x}":
        out += f"[{digit}{digit.upper()}]" if digit.isalpha() else digit
    return out


def _char_pattern(ch: str) -> str:
    alternatives = [re.escape(ch)]
    utf8 = ch.encode("utf-8")
    alternatives.append("".join("%" + _hex(b) for b in utf8))  # percent-encoded, any case
    if ch == " ":
        alternatives.append(r"\+")
    code = ord(ch)
    if code <= 0xFFFF:
        alternatives.append(_BACKSLASHES + "u" + _hex(code >> 8) + _hex(code & 0xFF))
    if ch in "/\"'\\":
        alternatives.append(_BACKSLASHES + re.escape(ch))  # \/  \\/  \"  \\\\
    # HTML: the named entities html.escape writes (any case), and every numeric one
    # (&#65; &#x41; &#X41; with or without leading zeros).
    alternatives.extend(_NAMED_ENTITIES.get(ch, ()))
    alternatives.append(f"&#0*{code};")
    alternatives.append("&#[xX]0*" + "".join(
        f"[{d}{d.upper()}]" if d.isalpha() else d for d in f"{code:x}") + ";")
    return "(?:" + "|".join(alternatives) + ")"


def _ci(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


_NAMED_ENTITIES = {
    "&": (_ci("&amp;"),),
    '"': (_ci("&quot;"),),
    "'": (_ci("&apos;"),),
    "<": (_ci("&lt;"),),
    ">": (_ci("&gt;"),),
}


def _secret_pattern(secret: str) -> str:
    return "".join(_char_pattern(ch) for ch in secret)


def _compiled() -> re.Pattern[str] | None:
    global _pattern
    with _lock:
        if _pattern is None and _secrets:
            ordered = sorted(_secrets, key=len, reverse=True)
            _pattern = re.compile("|".join(_secret_pattern(s) for s in ordered))
        return _pattern


def register(secret: str | None) -> None:
    """Remember a secret so ``scrub`` removes it. Very short strings are ignored (too many hits)."""
    global _pattern
    if secret and len(secret) >= 4:
        with _lock:
            if secret not in _secrets:
                _secrets.add(secret)
                _pattern = None


def forget(secret: str | None) -> None:
    global _pattern
    with _lock:
        if (secret or "") in _secrets:
            _secrets.discard(secret or "")
            _pattern = None


def scrub(text: str) -> str:
    """Replace every registered secret, in every spelling (see the module doc), in ``text``."""
    if not text:
        return text
    if "%" not in text and "\\" not in text and "&" not in text:
        # No escape anywhere: only the plain spelling (or quote_plus's "+" for a space) can be
        # here, and str.replace is much faster than the pattern on long texts.
        with _lock:
            secrets = sorted(_secrets, key=len, reverse=True)
        for secret in secrets:
            for spelling in {secret, secret.replace(" ", "+")}:
                if spelling in text:
                    text = text.replace(spelling, MASK)
        return text
    pattern = _compiled()
    if pattern is None:
        return text
    return pattern.sub(MASK, text)
