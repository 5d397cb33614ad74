"""The services search at scale: the word index finds exactly what reading every haystack
finds, in any sort order, while the person narrows and widens the search."""

from __future__ import annotations

import gc
import random
import weakref
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from smmdesk.models import Service, ServiceRow
from smmdesk.textnorm import fold, fold_words
from ui.services import index as index_mod
from ui.services.index import SHOWN_BLOCK, ShownRows, WordIndex
from ui.services.model import Col, ObjectRole, ServiceFilter, ServicesModel
from ui.services.search import INDEX_MIN_ROWS

WORDS = ["Instagram", "TÜRK", "Takipçi", "İzlenme", "likes", "YouTube", "10K", "HQ",
         "Refill", "30D", "ᴛɢ", "Gerçek", "views", "Reels", "kaydet", "№1", "day", "e-posta"]


def haystacks(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = rng.sample(WORDS, rng.randint(2, 6))
        out.append(f"{rng.randint(1, 99999)} {fold(' '.join(words))} {fold(rng.choice(WORDS))}")
    return out


def built(hay: list[str]) -> WordIndex:
    ix = WordIndex(hay)
    steps = 0
    while not ix.build_step():
        steps += 1
    assert steps > 1  # built in several bounded pieces (idle turns), not at once
    return ix


@pytest.mark.parametrize("word", [
    "i", "in", "ins", "instagram", "tur", "takipci", "izlenme", "1", "10", "10k", "0k", "k",
    "30d", "d", "-", "e-p", "tg", "no1", "zzz", "instagramturk", "ay", "ee",
])
def test_a_words_rows_are_exactly_those_whose_haystack_holds_it(word, monkeypatch):
    monkeypatch.setattr(index_mod, "BUILD_CHUNK", 97)  # many pieces, dense and sparse tokens
    hay = haystacks(3000)
    ix = built(hay)
    expected = [1 if word in h else 0 for h in hay]
    assert list(ix.mask(word)) == expected
    assert list(ix.mask(word)) == expected  # kept, and still right


def test_a_longer_word_held_by_the_same_tokens_needs_no_new_look():
    hay = ["1 instagram followers", "2 instagram likes", "3 tiktok views", "4 insta reels"] * 50
    ix = built(hay)
    assert ix.same_rows("instag", "instagr") is False  # not a part of it
    assert ix.same_rows("instagr", "instag") is True  # only "instagram" holds either
    assert ix.same_rows("instag", "insta") is False  # "insta" is held by "insta" too


@pytest.mark.parametrize("direct", [True, False], ids=["row-order", "sorted"])
@pytest.mark.parametrize("share", [0.0, 0.003, 0.5, 1.0])
def test_shown_rows_are_the_list_a_filter_would_make(direct, share):
    """``ShownRows`` answers every question the model and the view ask (count, a position,
    a row's position, iteration, equality) exactly as the list of the selected rows in sort
    order would, across block boundaries, without making that list."""
    rng = random.Random(int(share * 1000) + direct)
    n = 3 * SHOWN_BLOCK + 123
    order = list(range(n))
    if not direct:
        rng.shuffle(order)
    selected = bytes(1 if rng.random() < share else 0 for _ in range(n))
    expected = [i for i in order if selected[i]]
    shown = ShownRows(order, selected, direct=direct)
    assert len(shown) == len(expected)
    positions = list(range(len(expected)))
    rng.shuffle(positions)
    for p in positions[:300] + positions[-5:]:
        assert shown[p] == expected[p]
    assert list(shown) == expected
    if expected:
        assert shown[-1] == expected[-1]
        assert shown[1:4] == expected[1:4]
    with pytest.raises(IndexError):
        shown[len(expected)]
    fresh = ShownRows(order, selected, direct=direct)  # positions asked before any count
    for row in rng.sample(expected, min(50, len(expected))):
        assert fresh.index(row) == expected.index(row)
        assert row in fresh
    for row in (i for i in range(n) if not selected[i]):
        assert row not in shown
        with pytest.raises(ValueError):
            shown.index(row)
        break
    assert shown.same_as(ShownRows(order, bytes(selected), direct=direct))
    assert shown.same_as(expected)
    if expected:
        assert not shown.same_as(expected[:-1])
        other = bytearray(selected)
        other[expected[0]] = 0
        assert not shown.same_as(ShownRows(order, bytes(other), direct=direct))


@pytest.fixture
def big_rows() -> list[ServiceRow]:
    """More rows than INDEX_MIN_ROWS over two panels, with ids interleaved between them."""
    rng = random.Random(11)
    rows = []
    for i in range(INDEX_MIN_ROWS + 4000):
        words = rng.sample(WORDS, rng.randint(2, 5))
        pid = "p1" if i % 2 else "p2"
        rows.append(ServiceRow(
            panel_id=pid, panel_name=pid.upper(), currency="USD",
            service=Service(
                id=i // 2 + 1, name=" ".join(words), type="Default",
                category=f"{rng.choice(WORDS)} services", rate=Decimal(rng.randint(1, 9999)) / 100,
                min=10, max=rng.choice([1000, 5000, 100_000]), refill=bool(i % 3),
                cancel=False, dripfeed=False, description="", average_time=None),
        ))
    return rows


def shown_keys(model: ServicesModel) -> list[tuple[str, int]]:
    out = []
    for r in range(model.rowCount()):
        row = model.index(r, 0).data(ObjectRole)
        out.append((row.panel_id, row.service.id))
    return out


def read_every_haystack(rows: list[ServiceRow], text: str, order: list[int]) -> list[tuple]:
    words = fold_words(text)
    found = []
    for i in order:
        s = rows[i].service
        hay = f"{s.id} {fold(s.name)} {fold(s.category)}"
        if all(w in hay for w in words):
            found.append((rows[i].panel_id, s.id))
    return found


@pytest.mark.parametrize("sorted_first", [False, True], ids=["sorted-after", "sorted-before"])
@pytest.mark.parametrize("sort_col", [None, Col.ID, Col.NAME, Col.RATE, Col.FAVOURITE])
def test_typing_narrowing_and_widening_shows_what_reading_every_row_shows(
        qtbot, big_rows, sort_col, sorted_first):
    model = ServicesModel()
    if sorted_first and sort_col is not None:  # as the view: sorted by ID before rows come
        model.sort(int(sort_col), Qt.SortOrder.DescendingOrder)
    model.set_rows(big_rows)
    if sort_col == Col.FAVOURITE:
        for row in big_rows[::7]:  # stars change after the rows came: sorting again moves them
            model.set_favourite_local(row.panel_id, row.service.id, True)
        big_rows = model.rows()
    if sort_col is not None:
        model.sort(int(sort_col), Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: model.index_ready, timeout=60_000)
    order = list(range(len(big_rows)))
    if sort_col is not None:
        # the model's own sort order, checked against reading every row in that order
        model.set_filter(ServiceFilter())
        everything = shown_keys(model)
        position = {key: n for n, key in enumerate(everything)}
        order.sort(key=lambda i: position[(big_rows[i].panel_id, big_rows[i].service.id)])
    typed = "instagram türk takipçi"
    steps = [typed[:k] for k in range(1, len(typed) + 1)]
    steps += ["instagram tür", "instagram", "in", "", "10", "10k hq", "İZLENME", "zzz", "1"]
    for text in steps:
        model.set_filter(ServiceFilter(text=text))
        assert shown_keys(model) == read_every_haystack(big_rows, text, order), text


def test_a_letter_that_changes_nothing_keeps_the_current_row(qtbot, big_rows):
    from ui.services.view import ServicesView

    view = ServicesView(None)
    qtbot.addWidget(view)
    view.set_rows(big_rows, all_panels=True)
    qtbot.waitUntil(lambda: view.model.index_ready, timeout=60_000)
    view.search.setText("insta")
    view.apply_filter_now()
    view.table.setCurrentIndex(view.model.index(3, Col.NAME))
    chosen = view.current_row()
    resets = []
    view.model.modelReset.connect(lambda: resets.append(1))
    view.search.setText("instag")  # the same services: "instagram" holds both
    view.apply_filter_now()
    assert resets == []
    assert view.current_row() == chosen
    view.search.setText("instagram x")  # fewer services: the table is filtered again
    view.apply_filter_now()
    assert resets == [1]


def test_the_cells_a_delegate_paints_carry_the_rows_text_and_alignment(qapp, big_rows):
    model = ServicesModel()
    model.set_rows(big_rows[:50])
    delegate = QStyledItemDelegate()
    row = model.index(4, 0).data(ObjectRole)
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, model.index(4, Col.NAME))  # asks through multiData
    assert option.text == row.service.name
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, model.index(4, Col.ID))
    assert option.text == str(row.service.id)
    assert option.displayAlignment & Qt.AlignmentFlag.AlignRight
    # a star set afterwards shows at the next paint (the kept texts of that row are dropped)
    model.set_favourite_local(row.panel_id, row.service.id, True)
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, model.index(4, Col.FAVOURITE))
    assert option.text == "★"


def test_the_loaded_services_are_kept_out_of_later_garbage_collections(qtbot, big_rows):
    from ui.services.view import ServicesView

    class Closed:  # what a closed window leaves: a reference cycle, garbage already
        def __init__(self) -> None:
            self.me = self

    gc.unfreeze()
    left = weakref.ref(Closed())
    assert left() is not None  # a cycle: only a collection frees it
    view = ServicesView(None)
    qtbot.addWidget(view)
    view.set_rows(big_rows, all_panels=True)
    try:
        # a moment later: one collection (the garbage goes), then every row is in the
        # permanent generation, so later full collections no longer walk them
        qtbot.waitUntil(lambda: gc.get_freeze_count() >= len(big_rows))
        assert left() is None
    finally:
        gc.unfreeze()


def test_a_painted_position_shows_the_row_that_is_there_after_a_filter_or_a_sort(
        qapp, big_rows):
    """The texts a delegate paints are kept by position while the same rows are shown; a
    search, a sort or a reset shows other rows there, and their own texts are painted."""
    model = ServicesModel()
    model.set_rows(big_rows[:50])
    delegate = QStyledItemDelegate()

    def painted(row: int, col: Col) -> str:
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, model.index(row, col))  # asks through multiData
        return option.text

    def shown(row: int) -> str:
        return model.index(row, 0).data(ObjectRole).service.name

    before = [painted(r, Col.NAME) for r in range(5)]
    assert before == [shown(r) for r in range(5)]
    model.set_filter(ServiceFilter(text="youtube"))
    assert [painted(r, Col.NAME) for r in range(3)] == [shown(r) for r in range(3)]
    assert painted(0, Col.NAME) != before[0]
    model.sort(int(Col.NAME), Qt.SortOrder.DescendingOrder)
    assert [painted(r, Col.NAME) for r in range(3)] == [shown(r) for r in range(3)]
    model.set_rows(big_rows[50:80])
    assert painted(0, Col.NAME) == shown(0)
    assert painted(0, Col.NAME) not in {row.service.name for row in big_rows[:50]}
