"""Which services a filter shows: the search words (each row's folded haystack, the first
keystroke's character masks, the words' index) and the other filters (category, type,
favourites, panel) as masks, one byte per row. ``ServicesModel`` owns it: it keeps the order the
rows are shown in and asks ``visible`` for the rows of a filter. Pure Python, no Qt.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial
from itertools import compress, repeat
from operator import contains, eq
from typing import Any

from smmdesk.servicetable import ServicesTable
from smmdesk.textnorm import fold_words
from ui.compare.prices import canonical_type
from ui.services.index import ShownRows, WordIndex

INDEX_MIN_ROWS = 20_000  # below this a scan is quick enough: no index
_FILTER_MASKS_KEPT = 8
SAMPLED_ROWS = 500  # haystacks read to order the letters' masks (most frequent first)


@dataclasses.dataclass(frozen=True)
class ServiceFilter:
    text: str = ""
    category: str | None = None
    type: str | None = None
    favourites_only: bool = False
    panel_id: str | None = None  # None: every panel

    @property
    def words(self) -> list[str]:
        return fold_words(self.text)

    @property
    def is_empty(self) -> bool:
        return not (
            self.words or self.category or self.type or self.favourites_only or self.panel_id
        )


class ServiceSearch:
    """One table's haystacks and the masks and index built over them."""

    def __init__(self) -> None:
        self._table = ServicesTable()
        self.hay: list[str] = []
        # Masks (one byte per row) of the filters other than the words: category, type,
        # favourites, panel. A few kept; a star changed drops them.
        self._filter_masks: dict[tuple[Any, ...], bytes] = {}
        # The first keystroke's index: for each common character, one byte per row (in row
        # order) saying whether its haystack holds it. Built a character per idle turn after
        # the rows arrive; a one-letter search then needs no scan of 200,000 haystacks.
        self.char_masks: dict[str, bytes] = {}
        self.words = WordIndex([])  # the words' index, built in idle turns after the masks

    def reset(self, table: ServicesTable, hay: list[str]) -> None:
        self._table, self.hay = table, hay
        self._filter_masks.clear()
        self.char_masks = {}
        self.words = WordIndex(hay if self.worth_indexing else [])

    def forget_filters(self) -> None:
        """A row changed (a star, a category): the other filters' masks are made again."""
        self._filter_masks.clear()

    @property
    def worth_indexing(self) -> bool:
        """Enough rows that the masks and the index beat a scan of the haystacks."""
        return len(self.hay) >= INDEX_MIN_ROWS

    @property
    def indexed(self) -> bool:
        """The words' index is ready (searches are answered from masks)."""
        return self.words.ready and len(self.words) > 0

    # -- idle preparation ---------------------------------------------------------------------
    def steps(self) -> list[Callable[[], object]]:
        """The idle work: letters' and digits' masks (the most frequent first, from a sample of
        the haystacks), then the words' index a piece per turn (a step answering True wants
        another turn)."""
        hay = self.hay
        # ~500 rows give the order of the 35 letters and digits of 200,000 (a quarter of the
        # planning's time, on the GUI thread before the rows are shown).
        sample = Counter("".join(hay[:: max(1, len(hay) // SAMPLED_ROWS)]))
        steps: list[Callable[[], object]] = [
            partial(self._mask_step, c) for c, _ in sample.most_common()
            if c.isalnum() and c not in self.char_masks]
        if not self.words.ready:
            steps.append(partial(self._words_step, self.words))
        return steps

    def _mask_step(self, c: str) -> None:
        self.char_masks[c] = bytes(map(contains, self.hay, repeat(c)))

    def _words_step(self, words: WordIndex) -> bool:
        return words is self.words and not words.build_step()

    # -- the rows shown -----------------------------------------------------------------------
    def same_rows_as(self, previous: ServiceFilter, flt: ServiceFilter) -> bool:
        """``flt`` shows exactly the rows ``previous`` shows (the index is ready, the other
        filters are the same, and each word is one already shown or held by the same tokens
        as a part of it that is)."""
        index = self.words
        if not (index.ready and len(index)) or (
                (previous.category, previous.type, previous.favourites_only, previous.panel_id)
                != (flt.category, flt.type, flt.favourites_only, flt.panel_id)):
            return False
        shown = set(previous.words)
        return all(w in shown or any(index.same_rows(w, s) for s in shown)
                   for w in set(flt.words)) and all(
            any(s in w for w in flt.words) for s in shown)

    def visible(
        self, flt: ServiceFilter, order: list[int], *, in_row_order: bool,
        start: Sequence[int] | None = None,
        satisfied: set[str] | frozenset[str] = frozenset(),
    ) -> Sequence[int]:
        """The rows ``flt`` shows, in ``order`` (every row number, in the order shown;
        ``in_row_order``: that is the rows' own order). ``start`` (a superset in sort order)
        saves scanning all, and its rows are known to hold every word in ``satisfied``. Once
        the index is ready the answer is a ``ShownRows`` made from masks, whatever ``start``
        is."""
        if self.indexed:
            return self._select(flt, order, in_row_order)
        shown = order if start is None else start
        t = self._table
        words = set(flt.words) - satisfied
        if words:
            shown = self._match_words(shown, words)
        if flt.category:
            cat, cats = flt.category, t.categories
            shown = [i for i in shown if cats[i] == cat]
        if flt.type:
            types = t.types
            wanted = self.types_named(flt.type)
            shown = [i for i in shown if types[i] in wanted]
        if flt.favourites_only:
            favs = t.favourites
            shown = [i for i in shown if favs[i]]
        if flt.panel_id:
            pid, pids = flt.panel_id, t.panel_ids
            shown = [i for i in shown if pids[i] == pid]
        return shown if shown is not order else list(shown)

    def _select(self, flt: ServiceFilter, order: list[int], in_row_order: bool) -> ShownRows:
        """The rows ``flt`` shows, from masks in row order: one AND of every word's mask (kept
        by the index) and of the other filters' mask. No list of the rows is made: the view
        asks for the positions it paints (``ShownRows``)."""
        n = len(self.hay)
        masks: list[bytes | bytearray] = []
        for w in set(flt.words):
            mask = self.char_masks.get(w)
            masks.append(self.words.mask(w) if mask is None else mask)
        other = self._filter_mask(flt)
        if other is not None:
            masks.append(other)
        if not masks:
            selected = b"\x01" * n
        elif len(masks) == 1:
            selected = bytes(masks[0])
        else:
            both = int.from_bytes(masks[0], "little")
            for m in masks[1:]:  # bytes of 0 and 1: AND as integers is AND per row
                both &= int.from_bytes(m, "little")
            selected = both.to_bytes(n, "little")
        return ShownRows(order, selected, direct=in_row_order)

    def types_named(self, name: str) -> set[str]:
        """The panels' spellings of a type whose canonical name is ``name``."""
        return {v for v in set(self._table.types) if canonical_type(v) == name}

    def _filter_mask(self, flt: ServiceFilter) -> bytes | None:
        """One byte per row (row order): 1 where category, type, favourites and panel all
        accept the row; None when none of them is set. A few are kept."""
        key = (flt.category, flt.type, flt.favourites_only, flt.panel_id)
        if key == (None, None, False, None):
            return None
        found = self._filter_masks.get(key)
        if found is not None:
            return found
        t = self._table
        parts: list[bytes] = []
        if flt.category:
            parts.append(bytes(map(eq, t.categories, repeat(flt.category))))
        if flt.type:
            parts.append(bytes(map(self.types_named(flt.type).__contains__, t.types)))
        if flt.favourites_only:
            parts.append(bytes(map(bool, t.favourites)))
        if flt.panel_id:
            parts.append(bytes(map(eq, t.panel_ids, repeat(flt.panel_id))))
        mask = parts[0]
        if len(parts) > 1:
            both = int.from_bytes(mask, "little")
            for p in parts[1:]:
                both &= int.from_bytes(p, "little")
            mask = both.to_bytes(len(t), "little")
        if len(self._filter_masks) >= _FILTER_MASKS_KEPT:
            self._filter_masks.clear()
        self._filter_masks[key] = mask
        return mask

    def _match_words(self, order: Sequence[int], new: set[str]) -> Sequence[int]:
        """The rows of ``order`` holding each of the ``new`` words (before the index is ready:
        a character's mask when built, else reading the haystacks of the survivors)."""
        hay = self.hay
        # Narrow word by word, longest first: each pass reads only the survivors of the last.
        for w in sorted(new, key=len, reverse=True):
            mask = self.char_masks.get(w)
            if mask is not None:  # indexed: no haystack is read
                order = list(compress(order, map(mask.__getitem__, order)))
            else:
                order = [i for i in order if w in hay[i]]
        return order


def same_rows(a: Sequence[int], b: Sequence[int]) -> bool:
    """``a`` and ``b`` show the same rows in the same order."""
    if isinstance(a, ShownRows):
        return a.same_as(b)
    if isinstance(b, ShownRows):
        return b.same_as(a)
    return a == b


def narrows(old: ServiceFilter, new: ServiceFilter) -> bool:
    """True when every row ``new`` accepts is also accepted by ``old`` (typing more letters)."""
    if (old.category, old.type, old.panel_id) != (new.category, new.type, new.panel_id):
        return False
    if old.favourites_only and not new.favourites_only:
        return False
    new_words = new.words
    return all(any(w in n for n in new_words) for w in old.words)
