"""Text for a terminal: the one filter every string the command line shows passes through.

Panel text (service names, categories, error texts, currencies) is data. Written raw to a
terminal, its control codes would be obeyed: an escape sequence can erase or rewrite what is
on screen (a crafted service name hid the real price in the order confirmation), OSC 52 can
write the clipboard, a bidi override can reorder the characters the person reads. Here each of
them is shown as a visible escape (``\\x1b``, ``\\u202e``), so nothing is hidden and nothing is
obeyed, and the person can see that something odd was there.

``for_terminal`` is for people (``smmdesk.cli.output.Output``, the console log handler);
``json_text`` keeps ``--json`` output data: the same characters written as JSON ``\\u`` escapes,
which any JSON reader turns back into the exact text.
"""

from __future__ import annotations

import re

__all__ = ["for_terminal", "json_text"]

# C0 controls (ESC, BEL, BS, CR, …), DEL and the C1 controls (U+0080–U+009F: CSI, OSC, ST are
# single characters there); bidi embeddings, overrides, isolates and marks; and the Unicode line
# and paragraph separators, which some terminals break lines at.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_BIDI}\u2028\u2029]")
_UNSAFE_KEEP_NEWLINES = re.compile(f"[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f{_BIDI}\u2028\u2029]")
_NAMED = {"\t": "\\t", "\r": "\\r", "\n": "\\n"}
# Outside JSON strings these characters cannot occur; inside, json.dumps(ensure_ascii=False)
# leaves DEL, C1, bidi and the separators raw.
_JSON_RAW = re.compile(f"[\\x7f-\\x9f{_BIDI}\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def for_terminal(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control code, bidi control and line separator shown as a visible
    escape. A line break (``\\r\\n`` or ``\\n``) becomes a space — one message, one line, so a
    panel's text cannot start a line of its own that looks like the program's — unless
    ``newlines`` (a traceback in the console log)."""
    if newlines:
        return _UNSAFE_KEEP_NEWLINES.sub(_visible, text.replace("\r\n", "\n"))
    return _UNSAFE.sub(_visible, text.replace("\r\n", " ").replace("\n", " "))


def json_text(dumped: str) -> str:
    """A ``json.dumps`` result with DEL, the C1 controls, bidi controls and the line
    separators written as ``\\uXXXX`` escapes: the same JSON value, nothing a terminal obeys."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
