"""One normalisation for every search: Turkish case, accents, styled letters, emoji, entities."""

from __future__ import annotations

import pytest

from smmdesk.textnorm import fold, fold_words, matches


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
