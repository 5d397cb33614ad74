"""Comparing across panels: features, equivalence, ranking, the link check (Qt-free).

Made-up names in English and Turkish with the abbreviations and emoji panels use, and the eight
real panels' catalogues in ``../shared/reference/real-catalogues/`` loaded as panels in
different currencies through the project's own parser.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from smmdesk.api import parse_services
from smmdesk.compare import (
    LIFETIME,
    Match,
    cheaper_route,
    check_link,
    features,
    link_platform,
    rank,
    score,
)
from smmdesk.compare import failover_reason as compare_failover
from smmdesk.models import Panel, Service
from smmdesk.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def ws(engine_ws: Workspace) -> Workspace:
    """This file's workspace: of each engine (tests/engines.py)."""
    return engine_ws


def shared_dir() -> Path:
    """``shared/`` beside the clone (CI, /work/main); a git worktree one level deeper
    (/work/wt/<name>) finds it one more level up; ``SMMDESK_SHARED_DIR`` overrides."""
    env = os.environ.get("SMMDESK_SHARED_DIR")
    candidates = [Path(env)] if env else []
    candidates += [ROOT / ".." / "shared", ROOT / ".." / ".." / "shared"]
    for c in candidates:
        if (c / "reference" / "real-catalogues").is_dir():
            return c.resolve()
    raise AssertionError(f"shared/reference/real-catalogues not found beside {ROOT}")


CATALOGUES = shared_dir() / "reference" / "real-catalogues"


def real(name: str) -> list[Service]:
    data = json.loads((CATALOGUES / name).read_text(encoding="utf-8-sig"))
    return parse_services(data)


_next_id = iter(range(1, 1_000_000))


def svc(name: str, category: str = "", type_: str = "Default", *, rate: str = "1.00",
        refill: bool = False, cancel: bool = False, sid: int | None = None) -> Service:
    return Service(id=sid if sid is not None else next(_next_id), name=name, type=type_,
                   category=category, rate=Decimal(rate), min=10, max=100_000, refill=refill,
                   cancel=cancel)


# ------------------------------------------------------------------------------- features

@pytest.mark.parametrize(("name", "category", "platform", "product", "country", "refill_days"), [
    ("Instagram Türk Takipçi | 30 Gün Garantili", "", "instagram", "followers", "tr", 30),
    ("IG Turkish Followers [Refill 30D]", "", "instagram", "followers", "tr", 30),
    ("INSTAGRAM TÜRK TAKİPÇİ [R30]", "", "instagram", "followers", "tr", 30),
    ("🇹🇷 TT Takipçi ♻️", "", "tiktok", "followers", "tr", None),
    ("TikTok Beğeni [Max 10K] [NR]", "", "tiktok", "likes", None, 0),
    ("YT Abone | Ömür Boyu Garanti", "", "youtube", "subscribers", None, LIFETIME),
    ("YouTube Subscribers [Lifetime Refill]", "", "youtube", "subscribers", None, LIFETIME),
    ("X/Twitter Gerçek Türk Beğeni [Max 1K]", "", "twitter", "likes", "tr", 0),
    ("X Followers | USA 🇺🇸 | No Refill", "", "twitter", "followers", "us", 0),
    ("TG Kanal Üye | 🇹🇷 Türk", "", "telegram", "members", "tr", 0),
    ("Telegram Channel Subscribers [Max 1K]", "", "telegram", "members", None, 0),
    ("ᴛɢ 🇮🇱 Просмотры для поиска Израиль", "", "telegram", "views", "il", 0),
    ("Instagram Hikaye İzlenme 🇹🇷", "", "instagram", "story_views", "tr", 0),
    ("Instagram Story Views [Brazil]", "", "instagram", "story_views", "br", 0),
    ("FB Sayfa Beğeni | Arap", "", "facebook", "page_likes", "arab", 0),
    ("Spotify Plays [India] [1M/Day]", "", "spotify", "plays", "in", 0),
    ("Twitch Live Viewers [30 Minutes]", "", "twitch", "live_viewers", None, 0),
    ("Reels İzlenme | Hızlı", "Instagram Reels", "instagram", "views", None, 0),
    ("Likes [Max 500K] | 365 Days ♻️", "Instagram Likes", "instagram", "likes", None, 365),
    ("Website Traffic from Google [USA]", "", "google", "traffic", "us", 0),
    ("Discord Online Members", "", "discord", "members", None, 0),
    ("Threads Followers", "", "threads", "followers", None, 0),
    ("LinkedIn Connections Followers", "", "linkedin", "followers", None, 0),
    ("Spotify Followers &amp; Saves [Artist]", "", "spotify", "followers", None, 0),
])
def test_features_read_english_turkish_abbreviations_and_emoji(
    name: str, category: str, platform: str, product: str, country: str | None,
    refill_days: int | None,
) -> None:
    f = features(svc(name, category))
    assert (f.platform, f.product, f.country, f.refill_days) == (
        platform, product, country, refill_days)


def test_features_type_quality_speed_and_flags() -> None:
    f = features(svc("Instagram Followers | HQ Real Accounts | 10K/Day | Non Drop",
                     refill=True, cancel=True))
    assert f.type_key == "default" and not f.package
    assert f.quality == {"hq", "real", "nondrop"}
    assert f.speed_per_day == 10_000
    assert f.refill_days is None and f.refill  # the flag, no length named
    assert f.cancel
    assert features(svc("Instagram Followers | Day 25K")).speed_per_day == 25_000
    package = features(svc("Instagram 1000 Followers Package", type_="Package"))
    assert package.type_key == "package" and package.package
    # Types are read case-insensitively ("default", "mentions with hashtags" from some panels).
    assert features(svc("IG Likes", type_="default")).type_key == "default"
    assert features(svc("IG Mentions", type_="mentions with hashtags")).type_key == \
        "mentions_with_hashtags"


def test_html_entities_are_decoded_before_reading() -> None:
    f = features(svc("Instagram Likes &amp; Views | Real &amp; Active", "IG &gt; Likes"))
    assert f.product == "likes" and {"real", "active"} <= f.quality
    assert "amp" not in f.words and "gt" not in f.words


# ------------------------------------------------------------------------------- equivalence

SAME = [
    ("Instagram Türk Takipçi | 30 Gün Garantili", "IG Turkish Followers [Refill 30D]"),
    ("TikTok Beğeni 🇹🇷 [NR]", "TT Türk Likes | No Refill"),
    ("YouTube Abone | Ömür Boyu Garanti", "YT Subscribers [Lifetime Refill]"),
    ("Telegram Kanal Üye [R30]", "TG Channel Members | 30 Days ♻️"),
    ("X/Twitter Retweet | USA", "Twitter Retweets [United States]"),
    ("Instagram Hikaye İzlenme", "IG Story Views"),
]

DIFFERENT = [
    # likes vs followers on the same platform
    ("Instagram Türk Beğeni", "Instagram Türk Takipçi"),
    ("IG Likes [Max 100K]", "IG Followers [Max 100K]"),
    # TikTok vs Instagram
    ("TikTok Takipçi Türk", "Instagram Takipçi Türk"),
    ("TT Followers", "IG Followers"),
    # story views are not post views
    ("Instagram Story Views", "Instagram Views"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_the_same_service_under_two_names_is_equivalent(a: str, b: str) -> None:
    value = score(features(svc(a)), features(svc(b)))
    assert value is not None and value >= 0.75, value


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_near_misses_are_not_equivalent(a: str, b: str) -> None:
    assert score(features(svc(a)), features(svc(b))) is None


def test_a_package_is_not_a_per_1000_service() -> None:
    per_1000 = features(svc("Instagram Followers [Refill 30D]"))
    package = features(svc("Instagram Followers [Refill 30D]", type_="Package"))
    assert score(per_1000, package) is None
    custom = features(svc("Instagram Custom Comments", type_="Custom Comments"))
    by_quantity = features(svc("Instagram Random Comments"))
    assert score(custom, by_quantity) is None


def test_turkish_target_ranks_a_turkish_service_above_a_worldwide_one() -> None:
    subject = features(svc("Instagram Türk Takipçi | 30 Gün Garantili"))
    turkish = features(svc("IG Turkish Followers [Refill 30D]"))
    worldwide = features(svc("IG Followers Worldwide [Refill 30D]"))
    brazil = features(svc("IG Brazil Followers [Refill 30D]"))
    s_tr, s_ww, s_br = score(subject, turkish), score(subject, worldwide), score(subject, brazil)
    assert s_tr is not None and s_ww is not None and s_br is not None
    assert s_tr > s_ww > s_br


def test_refill_and_quality_rank() -> None:
    subject = features(svc("IG Followers HQ Real [R30]"))
    same = features(svc("Instagram Followers | Real HQ | 30 Days Refill"))
    lifetime = features(svc("Instagram Followers | Real HQ | Lifetime Refill"))
    no_refill = features(svc("Instagram Followers | Real HQ | No Refill"))
    bots = features(svc("Instagram Followers | Bot | 30 Days Refill"))
    values = [score(subject, x) for x in (same, lifetime, no_refill, bots)]
    assert values[0] > values[1] > values[2]
    assert values[0] > values[3]


def test_rank_breaks_ties_by_price_and_puts_unknown_prices_last() -> None:
    s = svc("IG Followers")
    matches = [Match("b", s, 0.8, None), Match("c", s, 0.8, Decimal("2")),
               Match("d", s, 0.9, Decimal("9")), Match("e", s, 0.8, Decimal("1"))]
    assert [m.panel_id for m in rank(matches)] == ["d", "e", "c", "b"]
    assert [m.panel_id for m in rank(matches, 2)] == ["d", "e"]


def test_cheaper_route_respects_the_threshold_and_other_panels_only() -> None:
    s = svc("IG Followers")
    matches = [Match("A", s, 0.95, Decimal("1.00")),  # same panel: never a route
               Match("B", s, 0.9, Decimal("3.10")),
               Match("C", s, 0.3, Decimal("1.00"))]  # too different to offer
    route = cheaper_route(matches, "A", Decimal("3.52"), 5)
    assert route is not None and route[0].panel_id == "B"
    assert route[1].quantize(Decimal("0.1")) == Decimal("11.9")
    assert cheaper_route(matches, "A", Decimal("3.52"), 15) is None
    assert cheaper_route(matches, "A", None, 5) is None
    assert cheaper_route([], "A", Decimal("3"), 5) is None


# ------------------------------------------------------------------------------- link check

@pytest.mark.parametrize(("name", "link", "warns"), [
    ("Instagram Followers", "https://instagram.com/someone", False),
    ("Instagram Followers", "instagram.com/someone/", False),
    ("Instagram Followers", "https://www.instagram.com/p/Cx1abc/", True),
    ("Instagram Followers", "https://www.instagram.com/reel/Cx1abc/", True),
    ("Instagram Followers", "https://www.tiktok.com/@someone", True),
    ("Instagram Likes", "https://www.instagram.com/p/Cx1abc/", False),
    ("Instagram Likes", "https://www.instagram.com/someone", True),
    ("Instagram Likes", "@someone", False),  # a handle: nothing to say
    ("TikTok Views", "https://www.tiktok.com/@someone/video/7312345678901234567", False),
    ("TikTok Views", "https://www.tiktok.com/@someone", True),
    ("TikTok Followers", "https://www.tiktok.com/@someone/video/7312345678901234567", True),
    ("TikTok Takipçi", "https://www.instagram.com/someone", True),
    ("YouTube Subscribers", "https://www.youtube.com/@channel", False),
    ("YouTube Subscribers", "https://youtu.be/dQw4w9WgXcQ", True),
    ("YouTube Views", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", False),
    ("YouTube Views", "https://www.youtube.com/@channel", True),
    ("Twitter Followers", "https://x.com/someone", False),
    ("Twitter Likes", "https://x.com/someone/status/1234567890", False),
    ("Twitter Likes", "https://twitter.com/someone", True),
    ("Telegram Members", "https://t.me/somechannel", False),
    ("Telegram Post Views", "https://t.me/somechannel/123", False),
    ("Telegram Members", "https://t.me/somechannel/123", True),
    ("Website Traffic [USA]", "https://example.com/page", False),
    ("Website Traffic from Instagram", "https://example.com/page", False),
])
def test_link_fits_the_service(name: str, link: str, warns: bool) -> None:
    warning = check_link(features(svc(name)), link)
    assert (warning is not None) == warns, warning


def test_link_warning_names_both_platforms_and_translates() -> None:
    warning = check_link(features(svc("Instagram Followers")), "https://www.tiktok.com/@x")
    assert warning is not None
    assert "TikTok" in warning and "Instagram" in warning
    turkish = warning.translated(lambda s: "{link} bağlantısı, hizmet {service} için.")
    assert turkish == "TikTok bağlantısı, hizmet Instagram için."
    assert link_platform("https://m.facebook.com/x") == "facebook"
    assert link_platform("not a link") is None


# ------------------------------------------------------------------------------- real catalogues

def add_cached_panel(ws: Workspace, name: str, currency: str, services: list[Service]) -> Panel:
    """A panel with a cached catalogue, as if its list had been fetched (no network needed)."""
    panel = ws.store.panels.insert_panel(Panel(id=f"p{name.lower()}"[:16], name=name,
                                               url="http://127.0.0.1:9/api/v2", currency=currency))
    ws.store.services.apply_services(panel.id, services)
    return panel


@pytest.fixture
def three_real_panels(ws: Workspace) -> tuple[Panel, Panel, Panel]:
    usd = add_cached_panel(ws, "YTResellers", "USD", real("ytresellers.json"))
    inr = add_cached_panel(ws, "TopSMM", "INR", real("topsmm-in.json"))
    eur = add_cached_panel(ws, "Pablo", "EUR", real("pablosmm-firstprovider.json"))
    ws.set_home_currency("USD")
    ws.set_rate("EUR", Decimal("1.08"))
    return usd, inr, eur


def test_every_real_catalogue_is_read(ws: Workspace) -> None:
    for path in sorted(CATALOGUES.glob("*.json")):
        services = real(path.name)
        found = [features(s) for s in services]
        known = sum(1 for f in found if f.key is not None)
        assert known / len(found) >= 0.85, (path.name, known, len(found))


def test_the_index_groups_every_real_service_as_its_features_do() -> None:
    """``CompareIndex`` reads only the phrases of each distinct name for the groups (the rest
    of the features per group, when first asked): every service of the eight real
    catalogues, and names changed only in their numbers and brand words, land in exactly the
    group ``features`` gives, and a query scores exactly what scoring every service gives."""
    from smmdesk.compare import CompareIndex, group_key

    services = [s for path in sorted(CATALOGUES.glob("*.json")) for s in real(path.name)]
    services += [Service(id=10_000_000 + i, name=f"{s.name} 123 Zorblax {i % 7}K &amp; <br>",
                         type=s.type, category=s.category, rate=s.rate, min=s.min, max=s.max,
                         refill=s.refill)
                 for i, s in enumerate(services[::5])]
    index = CompareIndex(services)
    expected: dict[tuple[str, str, str], int] = {}
    for s in services:
        key = group_key(features(s))
        if key is not None:
            expected[key] = expected.get(key, 0) + 1
    assert index.group_sizes() == expected
    assert not index._built  # nothing ranked before a query
    subject = features(next(s for s in services if s.name.startswith("Instagram Followers")))
    got = sorted((s.id, v) for s, v in index.candidates(subject))
    want = sorted((s.id, v) for s in services if (v := score(subject, features(s))) is not None)
    assert [i for i, _ in got] == [i for i, _ in want] and got
    assert all(abs(a - b) < 1e-6 for (_, a), (_, b) in zip(got, want, strict=True))  # score rounds
    assert list(index._built) == [subject.key]  # that group alone was ranked


def test_equivalents_on_real_panels_in_three_currencies(
    ws: Workspace, three_real_panels: tuple[Panel, Panel, Panel]
) -> None:
    usd, inr, eur = three_real_panels
    subject = next(r.service for r in ws.services(usd.id)
                   if r.service.name.startswith("Instagram Followers")
                   and r.service.type == "Default")
    f = features(subject)
    matches = ws.equivalents(usd.id, subject.id, limit=25)
    assert matches, "real panels sell Instagram followers"
    assert all((m.panel_id, m.service.id) != (usd.id, subject.id) for m in matches)
    assert {m.panel_id for m in matches} & {inr.id, eur.id}
    for m in matches:
        g = features(m.service)
        assert (g.platform, g.product, g.type_key) == (f.platform, f.product, f.type_key)
        assert 0.0 <= m.score <= 1.0
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    # Prices: USD as is, EUR converted, INR without a rate is never mixed in.
    for m in matches:
        if m.panel_id == usd.id:
            assert m.price_home == m.service.rate
        elif m.panel_id == eur.id:
            assert m.price_home == m.service.rate * Decimal("1.08")
        else:
            assert m.price_home is None
    assert len(ws.equivalents(usd.id, subject.id, limit=3)) == 3


def test_the_indexes_share_the_catalogues_the_services_view_read(
    ws: Workspace, three_real_panels: tuple[Panel, Panel, Panel]
) -> None:
    """Preparing the comparison after the services are shown reads nothing again and keeps no
    second copy of the names: the indexes are built from the tables the view's read made; a
    refresh in between makes the index read the new catalogue instead."""
    usd, inr, _eur = three_real_panels
    table, _hay = ws.services_for_view(None)
    assert ws.prepare_compare() is True
    shown = {(pid, sid): name for pid, sid, name in zip(table.panel_ids, table.ids, table.names,
                                                        strict=True)}
    for panel in (usd, inr):
        index = ws._pricing._compare[panel.id]
        first = index.service(0)
        assert index._table.names[0] is shown[(panel.id, first.id)]  # the same object
    # A refresh after the view's read: the index is built from the new catalogue.
    ws._pricing._compare.clear()
    ws.services_for_view(None)
    fewer = [r.service for r in ws.services(inr.id)][1:]
    ws.store.services.apply_services(inr.id, fewer)
    assert ws.prepare_compare() is True
    assert len(ws._pricing._compare[inr.id]) == len(fewer)


def test_removed_services_are_never_offered(
    ws: Workspace, three_real_panels: tuple[Panel, Panel, Panel]
) -> None:
    usd, inr, _eur = three_real_panels
    subject = next(r.service for r in ws.services(usd.id)
                   if r.service.name.startswith("Instagram Followers"))
    before = ws.equivalents(usd.id, subject.id, limit=50)
    gone = next(m for m in before if m.panel_id == inr.id)
    remaining = [r.service for r in ws.services(inr.id) if r.service.id != gone.service.id]
    ws.store.services.apply_services(inr.id, remaining)
    after = ws.equivalents(usd.id, subject.id, limit=50)
    assert all((m.panel_id, m.service.id) != (inr.id, gone.service.id) for m in after)
    assert ws.equivalents(usd.id, 999_999_999) == []


def test_a_service_without_platform_or_product_has_no_equivalents(ws: Workspace) -> None:
    p = add_cached_panel(ws, "Odd", "USD", [svc("♻️", "P R I V A T E", sid=1),
                                            svc("♻️", "P R I V A T E", sid=2)])
    assert ws.equivalents(p.id, 1) == []


# ------------------------------------------------------------------------------- failover

def test_failover_reason_after_refusals_and_never_after_an_uncertain_send(ws: Workspace) -> None:
    import dataclasses

    from smmdesk.models import SubmitState

    panel = ws.add_panel("Down", "http://127.0.0.1:9/api/v2", "key-0123456789abcdef")
    ws.store.services.apply_services(panel.id, [svc("Instagram Followers", sid=1)])
    order = ws.place_order(panel.id, 1, {"link": "https://instagram.com/x", "quantity": "100"})
    assert order.submit_state is SubmitState.REJECTED  # refused connection: nothing was sent
    assert compare_failover(order) == "unreachable"
    from smmdesk.api import classify_error
    from smmdesk.outcomes import of_error

    for text, reason in (("Not enough funds on balance", "funds"),
                         ("Incorrect service ID", "service"),
                         ("Quantity less than minimal 500", "quantity"),
                         ("Incorrect API key", None),
                         ("You have active order with this link. Please wait", None)):
        refused = dataclasses.replace(order, error=text, not_sent=False,
                                      outcome=of_error(classify_error(text)))  # as placed
        assert compare_failover(refused) == reason, text
    uncertain = dataclasses.replace(order, submit_state=SubmitState.UNCERTAIN,
                                    error="Not enough funds on balance")
    assert compare_failover(uncertain) is None
    placed = dataclasses.replace(order, submit_state=SubmitState.PLACED, error=None)
    assert compare_failover(placed) is None


def test_carry_over_keeps_what_the_target_type_takes() -> None:
    from smmdesk.compare import carry_over

    typed = {"link": "https://instagram.com/x", "quantity": "1000", "runs": "", "comments": "a"}
    assert carry_over(typed, svc("IG Followers")) == {"link": "https://instagram.com/x",
                                                      "quantity": "1000"}
    package = svc("IG Followers Package", type_="Package")
    assert carry_over(typed, package) == {"link": "https://instagram.com/x"}
    custom = svc("IG Custom Comments", type_="Custom Comments")
    assert carry_over(typed, custom) == {"link": "https://instagram.com/x", "comments": "a"}


def test_quitting_stops_preparing_the_comparison_which_is_built_when_first_asked(
    ws: Workspace, three_real_panels: tuple[Panel, Panel, Panel]
) -> None:
    usd, _inr, _eur = three_real_panels
    asked = []

    def quitting() -> bool:  # the app quits while the second panel is being read
        asked.append(1)
        return len(asked) > 3

    assert ws.prepare_compare(should_stop=quitting) is False
    assert len(asked) == 4  # it looked again every few thousand services and stopped there
    # the comparison still works afterwards, built when first asked
    subject = next(r.service for r in ws.services(usd.id)
                   if r.service.name.startswith("Instagram Followers"))
    assert ws.equivalents(usd.id, subject.id, limit=3)
    assert ws.prepare_compare(should_stop=lambda: False) is True
