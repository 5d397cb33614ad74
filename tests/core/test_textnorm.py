"""One normalisation for every search: Turkish case, accents, styled letters, emoji, entities."""

from __future__ import annotations

import pytest

from smmdesk.textnorm import display_text, fold, fold_words, matches


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("izlenme", "İzlenme"),
        ("instagram", "İNSTAGRAM"),
        ("TAKİPÇİ", "Takipçi"),
        ("HIZLI", "hızlı"),
        ("hizli", "HIZLI"),
        ("takipci", "takipçi"),
        ("begeni", "beğeni"),
        ("lq profiles", "𝐋𝐐 𝐏𝐫𝐨𝐟𝐢𝐥𝐞𝐬"),
        ("tg", "ᴛɢ"),
        ("full", "ｆｕｌｌ"),
        ("real & active", "Real &amp; Active"),
        ("turk takipci", "🇹🇷 Türk Takipçi ⭐️"),
        ("cafe", "Café"),
        ("strasse", "Straße"),
    ],
)
def test_what_people_type_finds_what_panels_write(typed: str, shown: str) -> None:
    assert matches(typed, fold(shown)), (fold(typed), fold(shown))


def test_fold_output() -> None:
    assert fold("𝐈𝐍𝐒𝐓𝐀𝐆𝐑𝐀𝐌 Türk TAKİPÇİ 🇹🇷 [Refill 30D]") == "instagram turk takipci refill 30d"
    assert fold("İ") == "i" and fold("ı") == "i" and fold("I") == "i"
    assert fold(None) == "" and fold("") == "" and fold("🔥🔥") == ""
    assert fold("Line\r\nbreak") == "line break"
    assert fold_words("  Instagram   Likes ") == ["instagram", "likes"]


def test_non_latin_scripts_are_kept() -> None:
    assert fold("Подписчики Telegram") == "подписчики telegram"
    assert matches("подписчики", fold("ПОДПИСЧИКИ"))
    assert fold("Lượt thích") == "luot thich"


def test_near_misses_do_not_match() -> None:
    assert not matches("likes", fold("Instagram Followers"))
    assert not matches("takipci begeni", fold("Takipçi"))


# ------------------------------------------------------------------ issue 12, item 4
@pytest.mark.parametrize(("raw", "shown"), [
    ("Real &amp; Active", "Real & Active"),
    ("Likes &lt;br&gt; Fast\r\nStart 0-1h", "Likes Fast Start 0-1h"),
    ("Video &lt; 5 Minutes", "Video < 5 Minutes"),
    ("Power &quot;Accounts&quot;", 'Power "Accounts"'),
    ("Twice &amp;amp; encoded", "Twice & encoded"),
    ("  leading   spaces\t", "leading spaces"),
    ("Tom & Jerry; A&B", "Tom & Jerry; A&B"),
])
def test_display_text_decodes_and_collapses(raw: str, shown: str) -> None:
    assert display_text(raw) == shown


def test_display_text_keeps_a_description_s_lines() -> None:
    raw = "Start: 0-1h\r\n\r\n\r\nSafe &amp; Reliable<br>Refill: 30 days\\&quot;"
    assert display_text(raw, multiline=True) == "Start: 0-1h\n\nSafe & Reliable\nRefill: 30 days\""


def test_fold_takes_an_encoded_break_as_a_space() -> None:
    assert fold("Likes&lt;br&gt;Fast") == "likes fast"


def test_isolate_wraps_right_to_left_text_only() -> None:
    from smmdesk.textnorm import isolate

    assert isolate("Main panel") == "Main panel"
    assert isolate("لوحة") == "\u2068لوحة\u2069"
    assert isolate("A\u202eB") == "\u2068AB\u2069"  # a stray override cannot leak out
