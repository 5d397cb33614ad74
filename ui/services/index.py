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
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from itertools import compress
from typing import Any

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


SHOWN_BLOCK = 4_096  # positions per block of ``ShownRows`` (a screen needs one or two)
_BLOCKS_KEPT = 8


class ShownRows(Sequence[int]):
    """The rows a filter shows, in sort order, without a list of them.

    ``order`` holds every row in the order shown and ``selected`` one byte per row *in row
    order* (non-zero: shown). The row numbers at a position are made when asked, a block of
    positions at a time (a screen of them, or the current row's), and the count is one C-level
    ``bytes.count``: a keystroke that selects 190,000 of 200,000 rows builds no list of them.
    ``direct``: ``order`` is the row order itself (``order[p] == p``), so a block is a slice of
    ``selected``."""

    __slots__ = ("_blocks", "_direct", "_ends", "_len", "_order", "_selected")

    def __init__(self, order: Sequence[int], selected: bytes, *, direct: bool) -> None:
        self._order = order
        self._selected = selected
        self._direct = direct
        self._len = len(selected) - selected.count(0)
        self._ends: list[int] = []  # shown rows up to the end of each block counted so far
        self._blocks: dict[int, list[int]] = {}

    @classmethod
    def everything(cls, order: Sequence[int]) -> ShownRows:
        return cls(order, b"\x01" * len(order), direct=False)

    @property
    def selected(self) -> bytes:
        """One byte per row, in row order: non-zero where the row is shown."""
        return self._selected

    def same_as(self, other: object) -> bool:
        """Shows exactly the rows of ``other`` in the same order (cheap for another
        ``ShownRows`` over the same order)."""
        if isinstance(other, ShownRows) and other._order is self._order:
            return other._len == self._len and other._selected == self._selected
        if not isinstance(other, Sequence) or len(other) != self._len:
            return False
        return list(self) == list(other)

    def __len__(self) -> int:
        return self._len

    def _flags(self, start: int, end: int) -> Iterable[int]:
        sel = self._selected
        if self._direct:
            return sel[start:end]
        return map(sel.__getitem__, self._order[start:end])

    def _block(self, b: int) -> list[int]:
        rows = self._blocks.get(b)
        if rows is None:
            start = b * SHOWN_BLOCK
            end = min(len(self._order), start + SHOWN_BLOCK)
            rows = list(compress(self._order[start:end], self._flags(start, end)))
            if len(self._blocks) >= _BLOCKS_KEPT:
                self._blocks.clear()
            self._blocks[b] = rows
        return rows

    def _count_blocks(self, upto: int) -> None:
        """Count the shown rows of every block up to block ``upto`` (included)."""
        ends = self._ends
        n = len(self._order)
        while len(ends) <= upto and len(ends) * SHOWN_BLOCK < n:
            start = len(ends) * SHOWN_BLOCK
            end = min(n, start + SHOWN_BLOCK)
            if self._direct:
                count = (end - start) - self._selected.count(0, start, end)
            else:
                count = sum(map(bool, self._flags(start, end)))
            ends.append((ends[-1] if ends else 0) + count)

    def __getitem__(self, pos):  # type: ignore[override]
        if isinstance(pos, slice):
            return [self[p] for p in range(*pos.indices(self._len))]
        if pos < 0:
            pos += self._len
        if not 0 <= pos < self._len:
            raise IndexError("shown row out of range")
        ends = self._ends
        if not ends or ends[-1] <= pos:
            blocks = -(-len(self._order) // SHOWN_BLOCK)
            while (not ends or ends[-1] <= pos) and len(ends) < blocks:
                self._count_blocks(len(ends))
        b = bisect_right(ends, pos)
        return self._block(b)[pos - (ends[b - 1] if b else 0)]

    def __iter__(self) -> Iterator[int]:
        n = len(self._order)
        for start in range(0, n, SHOWN_BLOCK):
            end = min(n, start + SHOWN_BLOCK)
            yield from compress(self._order[start:end], self._flags(start, end))

    def __contains__(self, row: object) -> bool:
        return isinstance(row, int) and 0 <= row < len(self._selected) \
            and bool(self._selected[row])

    def index(self, row: Any, start: int = 0, stop: int | None = None) -> int:
        """The position of ``row`` among the rows shown (``ValueError`` when not shown)."""
        if row not in self:
            raise ValueError(f"row {row!r} is not shown")
        at = row if self._direct else self._order.index(row)
        b = at // SHOWN_BLOCK
        if b:
            self._count_blocks(b - 1)
        block_start = b * SHOWN_BLOCK
        if self._direct:
            within = (at - block_start) - self._selected.count(0, block_start, at)
        else:
            within = sum(map(bool, self._flags(block_start, at)))
        pos = (self._ends[b - 1] if b else 0) + within
        if pos < start or (stop is not None and pos >= stop):
            raise ValueError(f"row {row!r} is not shown there")
        return pos
