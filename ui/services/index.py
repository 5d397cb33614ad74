"""The services search's word index: which rows' haystacks hold a typed word, without reading
200,000 haystacks per keystroke.

A haystack (``model.haystack``) and a search word are both folded text, and a word is split on
whitespace exactly as a haystack is (``str.split``), so a word occurs in a haystack exactly when
it occurs in one of the haystack's whitespace-separated *tokens*. A catalogue of 200,000
services has far fewer distinct tokens (tens of thousands, most of them ids), so a keystroke
looks for the word among the distinct tokens and takes the rows of the tokens that hold it:

* a token on many rows (more than 1 in 4) keeps a byte per row, so a word held by several of
  them is one integer OR of their masks; the others keep an ``array('i')`` of their rows;
* the tokens holding a longer word are among those holding any part of it ("instag" among
  "insta"'s), so each keystroke narrows the previous keystroke's tokens, not the vocabulary;
* when the longer word is held by exactly the same tokens, it is held by exactly the same rows:
  the rows shown already are the answer (``same_rows``).

It is built in idle chunks after the rows arrive (``build_step``); until it is ready the model
scans the haystacks as before. Pure Python, no Qt: the model owns the timing.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Iterator, Sequence

BUILD_CHUNK = 2_000  # rows (or tokens) per idle turn: a few ms each
DENSE_SHARE = 4  # a token on more than 1 row in 4 keeps a byte per row (no bigger)
_CACHED_WORDS = 64
_CACHED_MASKS = 6  # one byte per row each: ~1.2 MB at 200,000 rows



class WordIndex:
    """The distinct tokens of a list of haystacks, and the rows holding each."""

    def __init__(self, haystacks: Sequence[str]) -> None:
        self._hay = haystacks
        self._n = len(haystacks)
        self._postings: dict[str, bytes | array] = {}
        self._letters: list[str] = []  # tokens with a non-digit character
        self._digits: list[str] = []  # tokens of digits only (ids, quantities)
        self._words: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self._masks: OrderedDict[str, bytes | bytearray] = OrderedDict()
        self.ready = self._n == 0
        self._build = self._building_steps()

    def __len__(self) -> int:
        return self._n

    # -- building (idle turns) ----------------------------------------------------------------
    def build_step(self) -> bool:
        """One bounded piece of the build (a chunk of rows, or of tokens); True once ready."""
        if not self.ready:
            next(self._build, None)
        return self.ready

    def _building_steps(self) -> Iterator[None]:
        hay = self._hay
        n = self._n
        # Rows straight into C arrays (4 bytes a row, no int object kept per entry): the
        # build's own memory is about the index's.
        postings: dict[str, bytes | array] = {}
        get = postings.get
        for start in range(0, n, BUILD_CHUNK):
            for i in range(start, min(n, start + BUILD_CHUNK)):
                for token in set(hay[i].split()):
                    found = get(token)
                    if found is None:
                        postings[token] = array("i", (i,))
                    else:
                        found.append(i)  # type: ignore[union-attr]
            yield
        # A token on many rows keeps a byte per row instead (its mask is then one int OR
        # away, and the bytes are no more than its array's).
        dense = max(1, n // DENSE_SHARE)
        for token in [t for t, rows in postings.items() if len(rows) > dense]:
            mask = bytearray(n)
            for i in postings[token]:
                mask[i] = 1
            postings[token] = bytes(mask)
            yield
        self._postings = postings
        self._digits = [t for t in postings if t.isdigit()]
        self._letters = [t for t in postings if not t.isdigit()]
        self.ready = True

    # -- asking -------------------------------------------------------------------------------
    def tokens(self, word: str) -> tuple[str, ...]:
        """The distinct tokens holding ``word`` (the index must be ready)."""
        cached = self._words.get(word)
        if cached is not None:
            self._words.move_to_end(word)
            return cached
        # The tokens of any cached part of the word hold every token of the word: narrow the
        # longest such part's tokens rather than the whole vocabulary.
        best: tuple[str, ...] | None = None
        best_len = 0
        for part, found in self._words.items():
            if len(part) > best_len and part in word:
                best, best_len = found, len(part)
        if best is None:
            # A word with a letter is in no token of digits only; "10" is in "10k" too.
            best = (*self._digits, *self._letters) if word.isdigit() else tuple(self._letters)
        found = tuple(t for t in best if word in t)
        self._words[word] = found
        if len(self._words) > _CACHED_WORDS:
            self._words.popitem(last=False)
        return found

    def same_rows(self, word: str, held: str) -> bool:
        """Every row holding ``held`` holds ``word`` too (``held`` is part of ``word`` and the
        same tokens hold both)."""
        return held in word and self.tokens(word) == self.tokens(held)

    def mask(self, word: str) -> bytes | bytearray:
        """One byte per row (in row order): 1 where the row's haystack holds ``word``. The
        last few are kept: a query's other words are asked again at every keystroke."""
        found = self._masks.get(word)
        if found is None:
            found = self._masks[word] = self._mask(word)
            if len(self._masks) > _CACHED_MASKS:
                self._masks.popitem(last=False)
        else:
            self._masks.move_to_end(word)
        return found

    def _mask(self, word: str) -> bytes | bytearray:
        n = self._n
        dense: list[bytes] = []
        sparse: list[array] = []
        for t in self.tokens(word):
            p = self._postings[t]
            (dense if isinstance(p, bytes) else sparse).append(p)  # type: ignore[arg-type]
        if len(dense) == 1 and not sparse:
            return dense[0]
        if dense:
            bits = 0
            for d in dense:  # bytes of 0 and 1: OR as integers is OR per row
                bits |= int.from_bytes(d, "little")
            out = bytearray(bits.to_bytes(n, "little"))
        else:
            out = bytearray(n)
        for rows in sparse:
            for i in rows:
                out[i] = 1
        return out
