"""The same service on every panel: features read from a service, equivalence, link checks.

Qt-free. ``features(service)`` reads what a person would read in a panel's service list — the
platform, the product, the type, the target country, the refill promise, quality words and the
speed — from the name (then the category), in English and Turkish (and the common Russian
words), with the abbreviations panels use (IG, TT, YT, FB, TG, R30, NR, ♻️, 🇹🇷 …). Every text
goes through ``html.unescape`` (panels send ``&amp;``) and then the project's one normalisation,
``smmdesk.textnorm.fold``; flags and the ♻️/🔄 signs are read before folding drops them.

``score(a, b)`` says how alike two services are, in 0..1, or None when they are not the same
thing at all: platform, product and type must agree; country, refill, quality, speed, the
other flags and the remaining words rank. ``CompareIndex`` holds the features of one catalogue
grouped by (platform, product, type), so looking up a service's equivalents among hundreds of
thousands costs a dictionary look-up and a loop over one group.

``check_link(features, link)`` warns when a typed link does not fit the service (another
platform; a post link for a followers service; a profile link for likes or views). Warnings are
``servicetypes.Text`` values whose templates are ``N_``-marked: the GUI translates them in the
context ``"compare"``.

Routes (the order form's cheaper-route hint and its failover offer) follow the rules of
``docs/reliability.md`` ("Rules for unattended work — routes, failover and the demo panel"),
enforced by ``routes`` and ``best_route`` here:

* a route goes to *another* panel of the same kind: the simulated demo panel is never a route
  or a failover target for a real panel (nor a real panel for the demo), ``Match.demo``;
* the target takes the order as typed: its min/max hold the typed quantity (``fits_limits``),
  and its panel's last known balance covers the estimate (never read: the offer says so);
* "the same service" means the same refill promise; a route whose refill differs is offered
  only when no equal one is, and says how it differs (``Route.same_refill``);
* every route says what it costs against this one, in the home currency (``Route.difference``,
  ``Route.order_difference``): a dearer failover target says how much dearer;
* after an uncertain send no route is offered for that link until the order is resolved (the
  order form asks ``Workspace.unresolved_on_link``).
"""

from __future__ import annotations

import html
import math
import re
import threading
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from typing import Any
from urllib.parse import urlsplit

from smmdesk.errors import ErrorKind
from smmdesk.models import Balance, LocalOrder, Service, ServiceStats, SubmitState
from smmdesk.outcomes import error_kind
from smmdesk.refillwindow import (
    LIFETIME,
    LIFETIME_PHRASES,
    NO_REFILL_PHRASES,
    REFILL_WORDS,
    light,
    promise,
)
from smmdesk.servicetable import ServicesTable
from smmdesk.servicetypes import N_, Text, estimate, fields_for, lookup, validate
from smmdesk.textnorm import fold

__all__ = [
    "LIFETIME",
    "MIN_SCORE",
    "CompareIndex",
    "Features",
    "Match",
    "Route",
    "best_route",
    "carry_over",
    "cheaper_route",
    "check_link",
    "failover_reason",
    "features",
    "fits_limits",
    "group_key",
    "link_platform",
    "rank",
    "routes",
    "same_link",
    "score",
    "skipped_routes",
]

TRANSLATION_CONTEXT = "compare"

# Below this a candidate is not offered as "the same service" by the cheaper-route hint or the
# failover offer (the Compare panel lists everything that passes platform/product/type).
MIN_SCORE = 0.5


@dataclass(frozen=True, slots=True)
class Features:
    """What a service is, as far as its name, category, type and flags tell.

    ``refill_days``: 0 no refill; N days; ``LIFETIME``; None: a refill is promised (the flag, ♻️,
    the word) but its length is not named (``refillwindow.promise``, the one reader).
    ``speed_per_day``: units per day when named.
    ``country``: a lower-case ISO code (``tr``, ``us`` …) or a region (``arab``, ``eu``,
    ``latam``, ``asia``); None when no country is named (worldwide is its own class)."""

    platform: str | None
    product: str | None
    type_key: str
    package: bool
    country: str | None
    refill_days: int | None
    quality: frozenset[str]
    speed_per_day: int | None
    cancel: bool = False
    dripfeed: bool = False
    words: frozenset[str] = frozenset()

    @property
    def key(self) -> tuple[str, str, str] | None:
        """(platform, product, type): what must agree. None when platform or product is unknown."""
        return group_key(self)

    @property
    def refill(self) -> bool:
        return self.refill_days != 0


@dataclass(frozen=True, slots=True)
class Match:
    """One equivalent of a service: where, what, how alike (0..1), its price in the home currency
    (per 1,000, or per package for package types; None: no exchange rate known), and whether
    its panel is the simulated demo panel (never a route for a real one). With the provider
    watch (``Workspace.equivalents``): its delivery ``stats``, whether its place came from them
    or from the name's promises (``basis``: "stats" or "name") and why its record is bad
    (``bad``: "failures", "slow_start"; None when it is not or nothing says)."""

    panel_id: str
    service: Service
    score: float
    price_home: Decimal | None
    demo: bool = False
    stats: ServiceStats | None = None
    basis: str = "name"
    bad: str | None = None


# ---------------------------------------------------------------------------------- vocabulary
# Keys are word sequences as ``textnorm.fold`` writes them: lower-case, accents stripped, ı -> i.

_PLATFORMS: dict[tuple[str, ...], str] = {}
_LOW_PRIORITY_PLATFORMS: dict[tuple[str, ...], str] = {}


def _add(table: dict[tuple[str, ...], str], value: str, *spellings: str) -> None:
    for s in spellings:
        table[tuple(fold(s).split())] = value


_add(_PLATFORMS, "instagram", "instagram", "ig", "insta", "инстаграм", "инстаграмм")
_add(_PLATFORMS, "tiktok", "tiktok", "tt", "tik tok", "тикток", "тик ток")
_add(_PLATFORMS, "youtube", "youtube", "yt", "you tube", "ютуб", "ютюб")
_add(_PLATFORMS, "facebook", "facebook", "fb", "фейсбук")
_add(_PLATFORMS, "twitter", "twitter", "tweet", "tweets", "retweet", "retweets", "твиттер")
_add(_PLATFORMS, "telegram", "telegram", "tg", "телеграм", "телеграмм")
_add(_PLATFORMS, "spotify", "spotify", "спотифай")
_add(_PLATFORMS, "twitch", "twitch", "твич")
_add(_PLATFORMS, "threads", "threads")
_add(_PLATFORMS, "discord", "discord", "дискорд")
_add(_PLATFORMS, "linkedin", "linkedin", "linked in")
_add(_PLATFORMS, "google", "google", "seo", "gmb", "google maps")
_add(_PLATFORMS, "soundcloud", "soundcloud", "sound cloud")
_add(_PLATFORMS, "pinterest", "pinterest")
_add(_PLATFORMS, "snapchat", "snapchat")
_add(_PLATFORMS, "reddit", "reddit")
_add(_PLATFORMS, "vk", "vk", "vkontakte", "вконтакте", "вк")
_add(_PLATFORMS, "kick", "kick")
_add(_PLATFORMS, "whatsapp", "whatsapp", "wa")
_add(_PLATFORMS, "apple_music", "apple music", "itunes")
_add(_PLATFORMS, "audiomack", "audiomack")
_add(_PLATFORMS, "deezer", "deezer")
_add(_PLATFORMS, "tumblr", "tumblr")
_add(_PLATFORMS, "quora", "quora")
_add(_PLATFORMS, "shazam", "shazam")
_add(_PLATFORMS, "steam", "steam")
_add(_PLATFORMS, "rutube", "rutube", "рутуб")
_add(_PLATFORMS, "likee", "likee")
_add(_PLATFORMS, "kwai", "kwai")
_add(_PLATFORMS, "dailymotion", "dailymotion")
_add(_PLATFORMS, "vimeo", "vimeo")
_add(_PLATFORMS, "clubhouse", "clubhouse")
_add(_PLATFORMS, "odnoklassniki", "odnoklassniki", "одноклассники", "ок", "ok ru")
_add(_PLATFORMS, "dzen", "dzen", "дзен")
_add(_PLATFORMS, "medium", "medium")
# Words that name a platform only when nothing else does ("X Followers", "Website Traffic";
# "Spotify Web 2.0" is Spotify).
_add(_LOW_PRIORITY_PLATFORMS, "twitter", "x")
_add(_LOW_PRIORITY_PLATFORMS, "website", "website", "websites", "web", "site", "web traffic",
     "web sitesi", "сайт", "сайта")

_PRODUCTS: dict[tuple[str, ...], str] = {}
_add(_PRODUCTS, "followers", "followers", "follower", "follow", "follows", "takipci",
     "takipciler", "takipcisi", "подписчики", "подписчиков", "фолловеры")
_add(_PRODUCTS, "subscribers", "subscribers", "subscriber", "subs", "subscribe", "abone",
     "aboneler", "abonesi")
_add(_PRODUCTS, "members", "members", "member", "uye", "uyeler", "uyesi", "katilimci",
     "участники", "участников", "online members")
_add(_PRODUCTS, "premium_members", "premium members", "premium member", "premium uye",
     "premium subscribers", "премиум подписчики")
_add(_PRODUCTS, "likes", "likes", "like", "begeni", "begeniler", "begenisi", "hearts",
     "лайки", "лайков", "лайк")
_add(_PRODUCTS, "page_likes", "page likes", "page like", "fan page likes", "sayfa begeni",
     "sayfa begenisi")
_add(_PRODUCTS, "comment_likes", "comment likes", "comment like", "yorum begeni",
     "yorum begenisi")
_add(_PRODUCTS, "views", "views", "view", "izlenme", "izlenmesi", "izlenmeler",
     "goruntulenme", "goruntulenmesi", "просмотры", "просмотров", "video views", "reels views",
     "reel views")
_add(_PRODUCTS, "story_views", "story views", "story view", "stories views", "story izlenme",
     "hikaye izlenme", "hikaye izlenmesi", "hikaye goruntulenme", "просмотры историй")
_add(_PRODUCTS, "live_viewers", "live viewers", "live views", "live stream viewers",
     "live stream views", "livestream viewers", "livestream views", "canli yayin izleyici",
     "canli yayin izleyicisi", "canli izleyici", "live izleyici", "зрители")
_add(_PRODUCTS, "impressions", "impressions", "impression", "gosterim", "izlenim", "reach",
     "erisim", "показы")
_add(_PRODUCTS, "comments", "comments", "comment", "yorum", "yorumlar", "yorumu",
     "комментарии", "комментариев")
_add(_PRODUCTS, "shares", "shares", "share", "paylasim", "paylasimlar", "paylasimi", "repost",
     "reposts", "reshare", "reshares", "retweet", "retweets", "репосты", "репост")
_add(_PRODUCTS, "saves", "saves", "save", "kaydetme", "kaydet", "kaydedilme", "bookmarks",
     "bookmark", "favorites", "сохранения")
_add(_PRODUCTS, "votes", "votes", "vote", "poll votes", "oy", "oylar", "anket oyu", "голоса")
_add(_PRODUCTS, "plays", "plays", "play", "streams", "dinlenme", "dinlenmesi", "прослушивания")
_add(_PRODUCTS, "reactions", "reactions", "reaction", "reacts", "react", "tepki", "tepkiler",
     "реакции", "реакций")
_add(_PRODUCTS, "traffic", "traffic", "visits", "visitors", "visit", "ziyaretci", "trafik",
     "трафик", "посетители")
_add(_PRODUCTS, "mentions", "mentions", "mention", "bahsetme")
_add(_PRODUCTS, "watch_time", "watch time", "watchtime", "watch hours", "izlenme suresi",
     "izlenme saati")
_add(_PRODUCTS, "bot_starts", "bot start", "bot starts", "bot started", "старты бота", "старты")
_add(_PRODUCTS, "boosts", "boost", "boosts", "буст", "бусты")
_add(_PRODUCTS, "friends", "friends", "friend", "friend requests", "friends requests",
     "arkadas", "друзья")
_add(_PRODUCTS, "dislikes", "dislikes", "dislike", "begenmeme", "дизлайки")
_add(_PRODUCTS, "listeners", "listeners", "monthly listeners", "space listeners", "dinleyici",
     "слушатели")
_add(_PRODUCTS, "clicks", "clicks", "click", "link clicks", "link click", "tiklama")

# Per platform, the word panels use differently for the same thing.
_PRODUCT_ALIASES: dict[tuple[str, str], str] = {
    ("youtube", "followers"): "subscribers",
    ("telegram", "subscribers"): "members",
    ("telegram", "followers"): "members",
    ("discord", "followers"): "members",
    ("spotify", "streams"): "plays",
    ("twitch", "subscribers"): "followers",
}
_SUBSCRIBERS_ARE_FOLLOWERS = frozenset({"instagram", "tiktok", "twitter", "threads", "facebook",
                                        "linkedin", "spotify", "soundcloud", "pinterest", "vk",
                                        "kick", "twitch", "likee", "kwai"})

_COUNTRIES: dict[tuple[str, ...], str] = {}
_add(_COUNTRIES, "tr", "turk", "turkish", "turkiye", "turkey", "tr", "turkce", "турция",
     "турецкие")
_add(_COUNTRIES, "us", "usa", "american", "america", "united states", "сша")
_add(_COUNTRIES, "br", "brazil", "brasil", "brazilian", "brezilya", "br", "бразилия")
_add(_COUNTRIES, "in", "india", "indian", "hindi", "hindistan", "индия")
_add(_COUNTRIES, "arab", "arab", "arabic", "arabian", "arap", "middle east", "араб", "арабские")
_add(_COUNTRIES, "sa", "saudi", "ksa", "saudi arabia", "suudi")
_add(_COUNTRIES, "ae", "uae", "emirates", "dubai")
_add(_COUNTRIES, "eg", "egypt", "egyptian", "misir")
_add(_COUNTRIES, "ru", "russia", "russian", "ru", "rus", "россия", "русские", "рф")
_add(_COUNTRIES, "de", "germany", "german", "deutsch", "almanya", "германия")
_add(_COUNTRIES, "fr", "france", "french", "fransa", "франция")
_add(_COUNTRIES, "it", "italy", "italian", "italya", "италия")
_add(_COUNTRIES, "es", "spain", "spanish", "ispanya", "испания")
_add(_COUNTRIES, "gb", "uk", "british", "england", "united kingdom", "ingiltere")
_add(_COUNTRIES, "id", "indonesia", "indonesian", "endonezya")
_add(_COUNTRIES, "vn", "vietnam", "vietnamese", "viet nam")
_add(_COUNTRIES, "kr", "korea", "korean", "kore")
_add(_COUNTRIES, "jp", "japan", "japanese", "japonya")
_add(_COUNTRIES, "az", "azerbaijan", "azeri", "azerbaycan", "азербайджан")
_add(_COUNTRIES, "ir", "iran", "persian", "иран")
_add(_COUNTRIES, "pk", "pakistan", "pakistani")
_add(_COUNTRIES, "bd", "bangladesh")
_add(_COUNTRIES, "ng", "nigeria", "nigerian")
_add(_COUNTRIES, "mx", "mexico", "mexican", "meksika")
_add(_COUNTRIES, "cn", "china", "chinese", "cin", "китай")
_add(_COUNTRIES, "ph", "philippines", "filipino")
_add(_COUNTRIES, "th", "thailand", "thai")
_add(_COUNTRIES, "uz", "uzbekistan", "узбекистан")
_add(_COUNTRIES, "il", "israel", "израиль")
_add(_COUNTRIES, "ua", "ukraine", "ukrainian", "украина")
_add(_COUNTRIES, "kz", "kazakhstan", "казахстан")
_add(_COUNTRIES, "eu", "europe", "european", "avrupa", "европа")
_add(_COUNTRIES, "latam", "latam", "latin america", "latin")
_add(_COUNTRIES, "asia", "asia", "asian", "asya", "азия")

_QUALITY: dict[tuple[str, ...], str] = {}
_add(_QUALITY, "real", "real", "gercek", "genuine", "живые", "реальные", "real accounts")
_add(_QUALITY, "hq", "hq", "uhq", "high quality", "kaliteli", "yuksek kalite", "качественные")
_add(_QUALITY, "lq", "lq", "low quality", "dusuk kalite", "низкое качество")
_add(_QUALITY, "bot", "bot", "bots", "боты", "bot accounts")
_add(_QUALITY, "mixed", "mixed", "mix", "karisik", "karma", "микс", "смешанные")
_add(_QUALITY, "active", "active", "aktif", "активные")
_add(_QUALITY, "premium", "premium", "премиум")
_add(_QUALITY, "nondrop", "non drop", "nondrop", "no drop", "dusmeyen", "без списаний")
_add(_QUALITY, "organic", "organic", "organik")
_QUALITY_BITS = {name: 1 << i for i, name in enumerate(
    ("real", "hq", "lq", "bot", "mixed", "active", "premium", "nondrop", "organic"))}
_CONFLICTS = (_QUALITY_BITS["real"] | _QUALITY_BITS["bot"],
              _QUALITY_BITS["hq"] | _QUALITY_BITS["lq"])

_MAX_PHRASE = 3
_SPEED = (
    # 10K/Day, 500/day, 1-5K / D, 10k/gun
    (re.compile(r"(\d+(?:[.,]\d+)?)\s*([km])?\s*\+?\s*/\s*"
                r"(?:day|d|gun|gün|gunluk|günlük|24h|день)\b"), 1),
    # Day 25K, Daily: 1-5K, Speed : 20-30K/D handled above; "daily 1k"
    (re.compile(r"\b(?:day|daily|gunluk|günlük|speed|hiz|hız)\s*:?\s*(?:\d+(?:[.,]\d+)?\s*[km]?\s*-\s*)?"
                r"(\d+(?:[.,]\d+)?)\s*([km])?\b"), 1),
    (re.compile(r"(\d+(?:[.,]\d+)?)\s*([km])?\s*\+?\s*(?:daily|per day|a day)\b"), 1),
    # 1K-3K+/Hour
    (re.compile(r"(\d+(?:[.,]\d+)?)\s*([km])?\s*\+?\s*/\s*(?:hour|hr|h|saat)\b"), 24),
)
_FLAGS = re.compile("[\U0001F1E6-\U0001F1FF]{2}")


# Every phrase of every table in one dictionary, so a text is scanned once: phrase ->
# ((kind, value), …). ``_STARTS``: first word -> the longest phrase starting with it.
_PHRASES: dict[tuple[str, ...], list[tuple[str, str]]] = {}
for _kind, _table in (("platform", _PLATFORMS), ("platform_low", _LOW_PRIORITY_PLATFORMS),
                      ("product", _PRODUCTS), ("country", _COUNTRIES), ("quality", _QUALITY)):
    for _phrase, _value in _table.items():
        _PHRASES.setdefault(_phrase, []).append((_kind, _value))
for _kind, _set in (("norefill", NO_REFILL_PHRASES), ("lifetime", LIFETIME_PHRASES)):
    for _phrase in _set:
        _PHRASES.setdefault(_phrase, []).append((_kind, _kind))
_STARTS: dict[str, int] = {}
for _phrase in _PHRASES:
    _STARTS[_phrase[0]] = max(_STARTS.get(_phrase[0], 0), len(_phrase))


@dataclass(frozen=True, slots=True)
class _Facts:
    """What one text (a name or a category) says."""

    light: str  # refillwindow.light: the numbers are read from it
    tokens: tuple[str, ...]  # the words of the folded text
    hits: dict[str, list[str]]  # kind -> values in the order they appear
    refill_said: bool
    refill_days: int | None
    flag: str | None


def _scan(tokens: Sequence[str]) -> dict[str, list[str]]:
    """kind -> values of the phrases found in ``tokens``, longest phrase first, left to right."""
    hits: dict[str, list[str]] = {}
    i, n = 0, len(tokens)
    starts, phrases = _STARTS, _PHRASES
    while i < n:
        longest = starts.get(tokens[i])
        if longest is None:
            i += 1
            continue
        for size in range(min(longest, n - i), 0, -1):
            entries = phrases.get(tuple(tokens[i:i + size]))
            if entries is not None:
                for kind, value in entries:
                    hits.setdefault(kind, []).append(value)
                i += size
                break
        else:
            i += 1
    return hits


def _facts(raw: str) -> _Facts:
    folded = fold(raw)
    tokens = tuple(folded.split())
    hits = _scan(tokens)
    lit = light(raw)
    refill = promise(raw, lighter=lit, tokens=tokens, phrases=hits)
    return _Facts(lit, tokens, hits, refill.said, refill.days, _flag_country(raw))


@lru_cache(maxsize=8192)
def _category_facts(raw: str) -> _Facts:
    return _facts(raw)  # categories repeat: hundreds of services share one


def _flag_country(raw: str) -> str | None:
    m = _FLAGS.search(raw)
    if m is None:
        return None
    return "".join(chr(ord(c) - 0x1F1E6 + ord("a")) for c in m.group(0))


def _per_day(number: str, unit: str | None, factor: int) -> int | None:
    try:
        value = float(number.replace(",", "."))
    except ValueError:
        return None
    if unit == "k":
        value *= 1000
    elif unit == "m":
        value *= 1_000_000
    value *= factor
    return int(value) if value >= 1 else None


def _speed(light: str) -> int | None:
    for pattern, factor in _SPEED:
        m = pattern.search(light)
        if m is not None:
            return _per_day(m.group(1), m.group(2), factor)
    return None


@lru_cache(maxsize=1024)
def _type_key(type_string: str) -> tuple[str, bool]:
    """(type key, package?): the registry's key, or ``other:<folded text>`` for a type it does
    not know (two panels' unknown types agree only when they are spelt alike)."""
    st, known = lookup(type_string)
    if known:
        return st.key, st.package
    raw = fold(html.unescape(type_string or "")) or "default"
    return "other:" + raw, False


_FILLER = frozenset(fold(w) for w in (
    "max", "min", "instant", "start", "fast", "super", "slow", "speed", "day", "days", "daily",
    "hour", "hours", "per", "and", "with", "for", "the", "of", "to", "in", "on", "from", "new",
    "cheap", "cheapest", "best", "price", "stable", "service", "services", "quality", "drop",
    "low", "refill", "guaranteed", "guarantee", "days", "gun", "garantili", "anlik", "baslar",
    "hizli", "ucuz", "en", "ve", "ile", "accounts", "account", "profiles", "worldwide",
    "global", "ww", "international", "dunya", "no", "non", "post", "posts", "channel", "video",
    "videos", "reel", "reels", "story", "stories", "live", "stream", "minutes", "page",
))


# Words already read as a feature (or filler): the rest of the name is compared word by word.
_KNOWN_WORDS = frozenset(
    [word for table in (_PLATFORMS, _LOW_PRIORITY_PLATFORMS, _PRODUCTS, _COUNTRIES, _QUALITY)
     for phrase in table for word in phrase]
    + [word for phrases in (NO_REFILL_PHRASES, LIFETIME_PHRASES) for phrase in phrases
       for word in phrase]
    + list(REFILL_WORDS) + list(_FILLER)
)


def _first(kind: str, *facts: _Facts) -> str | None:
    for f in facts:
        values = f.hits.get(kind)
        if values:
            return values[0]
    return None


def _what(hits: Mapping[str, list[str]], reel: bool, cat: _Facts,
          type_key: str) -> tuple[str | None, str | None]:
    """(platform, product) of a service from its name's phrases (``hits``; ``reel``: the name
    has the word reel/reels), its category and its type key: what ``group_key`` needs, and the
    only part of ``features`` the comparison indexes read for every service."""

    def first(kind: str) -> str | None:
        values = hits.get(kind) or cat.hits.get(kind)
        return values[0] if values else None

    platform = first("platform") or first("platform_low")
    if platform is None and type_key == "seo":
        platform = "google"
    if platform is None and type_key == "web_traffic":
        platform = "website"

    product = first("product")
    if product is None:
        if reel:
            product = "views"
        else:
            product = _PRODUCT_OF_TYPE.get(type_key)
            if product is None and type_key.startswith("mentions"):
                product = "mentions"
    if product == "traffic" and platform is None:
        platform = "website"
    if platform is not None and product is not None:
        product = _PRODUCT_ALIASES.get((platform, product), product)
        if product == "subscribers" and platform in _SUBSCRIBERS_ARE_FOLLOWERS:
            product = "followers"
    return platform, product


_REEL = frozenset({"reel", "reels"})
_PHRASE_WORDS = frozenset(word for phrase in _PHRASES for word in phrase)
assert _REEL <= _PHRASE_WORDS  # CompareIndex reads names by their phrase words alone


def features(service: Service) -> Features:
    """The features of one service (see ``Features``)."""
    raw_name = html.unescape(service.name or "")
    name = _facts(raw_name)
    cat = _category_facts(html.unescape(service.category or ""))
    type_key, package = _type_key(service.type or "")
    platform, product = _what(name.hits, not _REEL.isdisjoint(name.tokens), cat, type_key)

    country = _first("country", name) or name.flag or _first("country", cat) or cat.flag

    said, refill_days = name.refill_said, name.refill_days
    if not said:
        said, refill_days = cat.refill_said, cat.refill_days
    if refill_days == 0 and service.refill and not said:
        refill_days = None  # the panel's flag promises a refill, the name names no length

    quality = frozenset(name.hits.get("quality", ()))
    words = frozenset(t for t in name.tokens
                      if len(t) > 1 and t.isalpha() and t not in _KNOWN_WORDS)
    return Features(
        platform=platform,
        product=product,
        type_key=type_key,
        package=package,
        country=country,
        refill_days=refill_days,
        quality=quality,
        speed_per_day=_speed(name.light),
        cancel=bool(service.cancel),
        dripfeed=bool(service.dripfeed),
        words=words,
    )


_PRODUCT_OF_TYPE = {
    "web_traffic": "traffic",
    "comment_likes": "comment_likes",
    "poll": "votes",
    "custom_comments": "comments",
    "custom_comments_package": "comments",
    "comment_replies": "comments",
}


def group_key(f: Features) -> tuple[str, str, str] | None:
    if f.platform is None or f.product is None:
        return None
    return (f.platform, f.product, f.type_key)


# ---------------------------------------------------------------------------------- scoring

W_COUNTRY = 0.30
W_REFILL = 0.25
W_QUALITY = 0.15
W_WORDS = 0.20
W_SPEED = 0.05
W_FLAGS = 0.05
_LOG_LIFETIME = math.log(LIFETIME)
_LOG_SPEED_SPAN = math.log(100.0)


# The ranking features but the words, as plain numbers for the tight ranking loop:
# (country, refill, quality bits, log speed or -1.0, flag bits). refill: -1 none, 0 a refill of
# unnamed length, else 1 + log(days) * 1000.
_Packed = tuple[str | None, int, int, float, int]


def _pack(f: Features) -> _Packed:
    if f.refill_days == 0:
        refill = -1
    elif f.refill_days is None:
        refill = 0
    else:
        refill = 1 + int(math.log(max(f.refill_days, 1)) * 1000)
    q = 0
    for name in f.quality:
        q |= _QUALITY_BITS.get(name, 0)
    speed = math.log(f.speed_per_day) if f.speed_per_day else -1.0
    return (f.country, refill, q, speed, int(f.cancel) | int(f.dripfeed) << 1)


def _base_score(a: _Packed, b: _Packed) -> float:
    """Everything but the words (weights sum to 1 - W_WORDS)."""
    ca, cb = a[0], b[0]
    if ca == cb:
        c = 1.0
    elif ca is None or cb is None:
        c = 0.4
    else:
        c = 0.0
    ra, rb = a[1], b[1]
    if ra == rb:
        r = 1.0
    elif ra == -1 or rb == -1:
        r = 0.2
    elif ra == 0 or rb == 0:
        r = 0.7
    else:
        r = max(0.0, 1.0 - abs(ra - rb) / 1000.0 / _LOG_LIFETIME)
    qa, qb = a[2], b[2]
    if qa == qb:
        q = 1.0
    else:
        q = -1.0
        for pair in _CONFLICTS:
            if (qa & pair) and (qb & pair) and (qa & pair) != (qb & pair):
                q = 0.0
                break
        if q < 0:
            q = (qa & qb).bit_count() / (qa | qb).bit_count()
    sa, sb = a[3], b[3]
    if sa < 0 and sb < 0:
        sp = 1.0
    elif sa < 0 or sb < 0:
        sp = 0.6
    else:
        sp = max(0.0, 1.0 - abs(sa - sb) / _LOG_SPEED_SPAN)
    flags = a[4] ^ b[4]
    fl = 1.0 - ((flags & 1) + (flags >> 1)) / 2
    return W_COUNTRY * c + W_REFILL * r + W_QUALITY * q + W_SPEED * sp + W_FLAGS * fl


def _words_score(a: frozenset[str], b: frozenset[str]) -> float:
    if a or b:
        return len(a & b) / len(a | b)
    return 1.0


def score(a: Features, b: Features) -> float | None:
    """How alike two services are, 0..1; None when platform, product or type differ (or either
    is unknown): those two are not the same thing."""
    ka = group_key(a)
    if ka is None or ka != group_key(b):
        return None
    return round(_base_score(_pack(a), _pack(b)) + W_WORDS * _words_score(a.words, b.words), 6)


STOP_CHECK_EVERY = 2_000  # services between two looks at ``should_stop``


class Stopped(Exception):
    """An index build was asked to stop (``should_stop``) before it was done."""


class CompareIndex:
    """One panel's catalogue grouped by (platform, product, type), for ``equivalents``.

    Built in two steps, so preparing four catalogues of 50,000 services takes a second or two
    and little memory:

    * at once, the *group* of every service: its platform, product and type, read from the
      phrases of its name (each distinct name read once; names that differ only in words no
      phrase holds — numbers, ids, brand names — are read once too), its category and its
      type. The rows are kept per group;
    * the first time a query needs a group, the ranking features (country, refill, quality,
      speed, flags, words) of its services. Within a group, services whose ranking features
      are identical share one entry, so a query scores each distinct kind of service once.

    The catalogue is kept in its compact form (``ServicesTable``); a ``Service`` is made for
    the services a query returns.

    ``Workspace`` keys an index by the panel's refresh time. Safe to query from several threads
    (a group is ranked once)."""

    __slots__ = ("_built", "_groups", "_lock", "_table", "stamp")

    def __init__(self, services: ServicesTable | Iterable[Service], stamp: object = None,
                 should_stop: Callable[[], bool] | None = None) -> None:
        self.stamp = stamp
        table = (services if isinstance(services, ServicesTable)
                 else ServicesTable.from_services(services))
        self._table = table
        # platform -> group key -> rows; built platforms' groups: key -> entries
        self._groups: dict[str, dict[tuple[str, str, str], array]] = {}
        self._built: dict[tuple[str, str, str], list[_Entry]] = {}
        self._lock = threading.Lock()
        # name -> what its phrases say of the group: (platform, low-priority platform,
        # product, has reel/reels), the same tuple object for the same answer
        names: dict[str, tuple[str | None, str | None, str | None, bool]] = {}
        by_words: dict[tuple[str, ...], tuple[str | None, str | None, str | None, bool]] = {}
        said_once: dict[tuple[str | None, str | None, str | None, bool],
                        tuple[str | None, str | None, str | None, bool]] = {}
        keys: dict[tuple[Any, ...], tuple[str, str, str] | None] = {}
        groups = self._groups
        for n, (name, category, type_) in enumerate(
                zip(table.names, table.categories, table.types, strict=True)):
            if should_stop is not None and not n % STOP_CHECK_EVERY and should_stop():
                raise Stopped  # the app is quitting: a second or two for 200,000 services
            said = names.get(name)
            if said is None:
                plain = _phrase_words(name or "")
                said = by_words.get(plain)
                if said is None:
                    hits = _scan(plain)
                    said = (_first_hit(hits, "platform"), _first_hit(hits, "platform_low"),
                            _first_hit(hits, "product"), not _REEL.isdisjoint(plain))
                    said = by_words[plain] = said_once.setdefault(said, said)
                names[name] = said
            k = (said, category, type_)
            key = keys.get(k, _UNSEEN)
            if key is _UNSEEN:
                type_key, _package = _type_key(type_ or "")
                cat = _category_facts(html.unescape(category or ""))
                hits = {kind: [value] for kind, value in zip(
                    ("platform", "platform_low", "product"), said[:3], strict=True) if value}
                platform, product = _what(hits, said[3], cat, type_key)
                key = keys[k] = (None if platform is None or product is None
                                 else (platform, product, type_key))
            if key is not None:
                members = groups.setdefault(key[0], {}).get(key)
                if members is None:
                    members = groups[key[0]][key] = array("i")
                members.append(n)

    def __len__(self) -> int:
        return len(self._table)

    def group_sizes(self) -> dict[tuple[str, str, str], int]:
        """How many services each group holds (benches, tests)."""
        return {key: len(ids) for by_key in self._groups.values() for key, ids in by_key.items()}

    def _build(self, key: tuple[str, str, str]) -> None:
        """Read the ranking features of the services of group ``key`` (once)."""
        with self._lock:
            members = self._groups.get(key[0], {}).get(key)
            if members is None or key in self._built:
                return
            table = self._table
            memo: dict[tuple[Any, ...], Features] = {}
            words_seen: dict[frozenset[str], frozenset[str]] = {}
            entries: dict[_Packed, dict[frozenset[str], array]] = {}
            for i in members:
                k = (table.names[i], table.categories[i], table.types[i], table.refills[i],
                     table.cancels[i], table.dripfeeds[i])
                f = memo.get(k)
                if f is None:
                    f = memo[k] = features(table.service(i))
                words = words_seen.setdefault(f.words, f.words)
                by_words = entries.setdefault(_pack(f), {})
                found = by_words.get(words)
                if found is None:
                    found = by_words[words] = array("i")
                found.append(i)
            self._built[key] = [(p, list(by_words.items())) for p, by_words in entries.items()]

    def service(self, i: int) -> Service:
        """The service at ``i`` (an index ``scored`` gives)."""
        return self._table.service(i)

    def scored(self, f: Features) -> Sequence[tuple[float, Sequence[int]]]:
        """(score, indexes for ``service``) for every kind of service of this catalogue in the
        same group as ``f``: services with the same ranking features share one score."""
        key = group_key(f)
        if key is None or key not in self._groups.get(key[0], {}):
            return []
        if key not in self._built:
            self._build(key)
        me, mw = _pack(f), f.words
        out: list[tuple[float, Sequence[int]]] = []
        for p, by_words in self._built.get(key, ()):
            base = _base_score(me, p)
            for words, rows in by_words:
                if mw or words:
                    out.append((base + W_WORDS * len(mw & words) / len(mw | words), rows))
                else:
                    out.append((base + W_WORDS, rows))
        return out

    def candidates(self, f: Features) -> list[tuple[Service, float]]:
        """(service, score) for every service of this catalogue in the same group as ``f``."""
        return [(self.service(i), value) for value, rows in self.scored(f) for i in rows]


_UNSEEN: Any = object()


def _first_hit(hits: Mapping[str, list[str]], kind: str) -> str | None:
    values = hits.get(kind)
    return values[0] if values else None


def _phrase_words(name: str) -> tuple[str, ...]:
    """The folded words of a service name as ``_scan`` reads them, every run of words no
    phrase holds (numbers, ids, brand names) as one blank: names that differ only there have
    the same phrases, so they are scanned once."""
    if "&" in name or "<" in name:  # entities and line breaks: the whole text, as features()
        words: Iterable[str] = (t if t in _PHRASE_WORDS else ""
                                for t in fold(html.unescape(name)).split())
    else:
        words = chain.from_iterable(map(_word_phrase_words, name.split()))
    out: list[str] = []
    for w in words:
        if w or (out and out[-1]):
            out.append(w)
    if out and not out[-1]:
        out.pop()
    return tuple(out)


@lru_cache(maxsize=65_536)
def _word_phrase_words(word: str) -> tuple[str, ...]:
    return tuple(t if t in _PHRASE_WORDS else "" for t in fold(word).split())


# One group's entries: (packed ranking features, [(words, indexes of the services)]).
_Entry = tuple["_Packed", list[tuple[frozenset[str], array]]]


def rank(matches: Iterable[Match], limit: int | None = None) -> list[Match]:
    """Best first: higher score, then the lower price in the home currency (unknown last)."""
    ordered = sorted(
        matches,
        key=lambda m: (-m.score, m.price_home is None, m.price_home or Decimal(0),
                       m.panel_id, m.service.id),
    )
    return ordered if limit is None else ordered[:limit]


def cheaper_route(
    matches: Iterable[Match],
    own_panel_id: str,
    own_price_home: Decimal | None,
    threshold_percent: Decimal | float | int = 5,
    *,
    min_score: float = MIN_SCORE,
    own_demo: bool = False,
) -> tuple[Match, Decimal] | None:
    """The best equivalent on *another* panel of the same kind (never the demo panel for a real
    one) that is at least ``threshold_percent`` cheaper in the home currency, and how much
    cheaper in percent; None when there is none. ``routes``/``best_route`` add the order's own
    checks (limits, balance, refill)."""
    if own_price_home is None or own_price_home <= 0:
        return None
    threshold = Decimal(str(threshold_percent))
    best: tuple[Match, Decimal] | None = None
    for m in matches:
        if (m.panel_id == own_panel_id or m.demo != own_demo or m.price_home is None
                or m.score < min_score):
            continue
        saving = (own_price_home - m.price_home) / own_price_home * 100
        if saving < threshold:
            continue
        if best is None or (m.score, saving) > (best[0].score, best[1]):
            best = (m, saving)
    return best


@dataclass(frozen=True, slots=True)
class Route:
    """An equivalent on another panel that can take the order as typed (see ``routes``).

    ``difference``: its price minus this one's, per 1,000 (per package for packages), in the
    home currency — negative when cheaper; ``percent`` the same relative to this price; both
    None when either price has no exchange rate. ``order_difference``: the same for the order
    as typed (None while nothing can be estimated). ``refill_days``/``own_refill_days``: the
    refill promises (``Features.refill_days``). ``covers``: the target panel's last known
    balance covers the order (None: no balance known yet, or nothing to estimate)."""

    match: Match
    values: dict[str, Any]
    difference: Decimal | None
    percent: Decimal | None
    order_difference: Decimal | None
    own_refill_days: int | None
    refill_days: int | None
    covers: bool | None

    @property
    def same_refill(self) -> bool:
        return self.own_refill_days == self.refill_days

    @property
    def saving(self) -> Decimal | None:
        """How much cheaper, in percent (negative: dearer)."""
        return None if self.percent is None else -self.percent


def fits_limits(target: Service, values: Mapping[str, Any]) -> bool:
    """The typed numbers the target bounds by its own min/max (the quantity, a subscription's
    min and max per post, the number of comment lines) are within them. A value not typed yet
    is no objection."""
    problems = validate(target, values)
    if not problems:
        return True
    for spec in fields_for(target):
        if spec.service_bounds and spec.name in problems and values.get(spec.name) not in (
                None, "", [], ()):
            return False
    return True


def _home_charge(service: Service, values: Mapping[str, Any],
                 price_home: Decimal | None) -> Decimal | None:
    """The order's estimate in the home currency (the service's rate converts at
    ``price_home / rate``); None when nothing is typed or there is no rate."""
    charge = estimate(service, values)
    if price_home is None or charge <= 0 or service.rate <= 0:
        return None
    return charge * price_home / service.rate


def routes(
    matches: Iterable[Match],
    own_panel_id: str,
    own_service: Service,
    own_price_home: Decimal | None,
    values: Mapping[str, Any],
    *,
    own_demo: bool = False,
    balances: Mapping[str, Balance | None] | None = None,
    min_score: float = MIN_SCORE,
) -> list[Route]:
    """Every equivalent that could take this order instead (best first, as ``matches``): on
    another panel of the same kind (the demo panel and real panels never mix), alike enough
    (``min_score``), whose min/max hold the typed values (``fits_limits``) and whose panel's
    last known balance (``balances``: panel id -> Balance, or None when not known) covers the
    estimate there. Each says its price against this one in the home currency. A match whose
    delivery record is bad (``Match.bad``) is never a route (``skipped_routes`` names them)."""
    own_refill = features(own_service).refill_days
    own_charge = _home_charge(own_service, values, own_price_home)
    out: list[Route] = []
    for m in matches:
        if m.panel_id == own_panel_id or m.demo != own_demo or m.score < min_score:
            continue
        if m.bad is not None:  # its delivery record is bad (``smmdesk.watch``): never offered
            continue
        carried = carry_over(values, m.service)
        if not fits_limits(m.service, carried):
            continue
        covers: bool | None = None
        charge = estimate(m.service, carried)
        balance = (balances or {}).get(m.panel_id)
        if balance is not None and charge > 0:
            covers = balance.amount >= charge
            if not covers:
                continue  # its panel cannot pay for it: no route
        difference = percent = order_difference = None
        if m.price_home is not None and own_price_home is not None:
            difference = m.price_home - own_price_home
            if own_price_home > 0:
                percent = difference / own_price_home * 100
            target_charge = _home_charge(m.service, carried, m.price_home)
            if own_charge is not None and target_charge is not None:
                order_difference = target_charge - own_charge
        out.append(Route(m, carried, difference, percent, order_difference, own_refill,
                         features(m.service).refill_days, covers))
    return out


def skipped_routes(matches: Iterable[Match], own_panel_id: str, *,
                   own_demo: bool = False) -> list[Match]:
    """The equivalents ``routes`` leaves out because their delivery record is bad: what the
    cheaper-route hint and the failover offer say they skipped."""
    return [m for m in matches if m.bad is not None and m.panel_id != own_panel_id
            and m.demo == own_demo]


def best_route(options: Iterable[Route], *,
               cheaper_by: Decimal | float | int | None = None) -> Route | None:
    """The route to offer: the same refill promise first, then the most alike, then the
    cheapest. ``cheaper_by`` (the hint): only routes at least that many percent cheaper in the
    home currency; None (the failover offer): any price — the offer says the difference."""
    threshold = None if cheaper_by is None else Decimal(str(cheaper_by))
    best: Route | None = None
    best_key: tuple[bool, float, Decimal] | None = None
    for r in options:
        saving = r.saving
        if threshold is not None and (saving is None or saving < threshold):
            continue
        key = (r.same_refill, r.match.score,
               saving if saving is not None else Decimal("-Infinity"))
        if best_key is None or key > best_key:
            best, best_key = r, key
    return best


# Refusals another panel can solve: not enough funds, the service disabled or unknown, the
# quantity out of this panel's range.
_FAILOVER_KINDS = {ErrorKind.FUNDS: "funds", ErrorKind.SERVICE: "service",
                   ErrorKind.QUANTITY: "quantity"}


def failover_reason(order: LocalOrder) -> str | None:
    """Why another panel could take this order instead: ``funds``, ``service``, ``quantity``
    (the panel refused) or ``unreachable`` (it could not be reached and nothing was sent);
    None otherwise — above all for an UNCERTAIN order, which may have been placed and must be
    resolved first, and for a placed one."""
    if order.submit_state is not SubmitState.REJECTED:
        return None
    if order.not_sent:  # nothing left the app: the panel could not be asked
        return "unreachable"
    kind = error_kind(order.outcome)
    return _FAILOVER_KINDS.get(kind) if kind is not None else None


def carry_over(values: Mapping[str, Any], target: Service) -> dict[str, Any]:
    """The typed values the target service's type takes (link, quantity, comments …), as typed;
    the rest is dropped. The target's own checks then say what does not fit it."""
    names = {spec.name for spec in fields_for(target)}
    return {k: v for k, v in values.items() if k in names and v not in (None, "")}


# ---------------------------------------------------------------------------------- link check

_HOSTS: tuple[tuple[str, str], ...] = (
    ("instagram.com", "instagram"), ("instagr.am", "instagram"),
    ("tiktok.com", "tiktok"),
    ("youtube.com", "youtube"), ("youtu.be", "youtube"),
    ("facebook.com", "facebook"), ("fb.com", "facebook"), ("fb.watch", "facebook"),
    ("fb.me", "facebook"),
    ("twitter.com", "twitter"), ("x.com", "twitter"),
    ("t.me", "telegram"), ("telegram.me", "telegram"), ("telegram.org", "telegram"),
    ("telegram.dog", "telegram"),
    ("spotify.com", "spotify"), ("twitch.tv", "twitch"),
    ("threads.net", "threads"), ("threads.com", "threads"),
    ("discord.gg", "discord"), ("discord.com", "discord"),
    ("linkedin.com", "linkedin"), ("soundcloud.com", "soundcloud"),
    ("pinterest.com", "pinterest"), ("pin.it", "pinterest"),
    ("snapchat.com", "snapchat"), ("reddit.com", "reddit"), ("vk.com", "vk"),
    ("kick.com", "kick"), ("whatsapp.com", "whatsapp"), ("wa.me", "whatsapp"),
    ("music.apple.com", "apple_music"), ("audiomack.com", "audiomack"),
    ("deezer.com", "deezer"), ("rutube.ru", "rutube"), ("ok.ru", "odnoklassniki"),
)
# Platforms whose services take any site's link: never a platform warning.
_ANY_LINK = frozenset({"website", "google"})
PLATFORM_NAMES = {
    "instagram": "Instagram", "tiktok": "TikTok", "youtube": "YouTube", "facebook": "Facebook",
    "twitter": "X/Twitter", "telegram": "Telegram", "spotify": "Spotify", "twitch": "Twitch",
    "threads": "Threads", "discord": "Discord", "linkedin": "LinkedIn", "soundcloud": "SoundCloud",
    "pinterest": "Pinterest", "snapchat": "Snapchat", "reddit": "Reddit", "vk": "VK",
    "kick": "Kick", "whatsapp": "WhatsApp", "apple_music": "Apple Music",
    "audiomack": "Audiomack", "deezer": "Deezer", "rutube": "Rutube",
    "odnoklassniki": "Odnoklassniki", "google": "Google", "website": "Website",
}
_PROFILE_PRODUCTS = frozenset({"followers", "subscribers", "members", "premium_members"})
_POST_PRODUCTS = frozenset({"likes", "views", "comments", "shares", "saves", "reactions",
                            "impressions", "votes", "comment_likes"})

WRONG_PLATFORM = N_("This is a {link} link, but the service is for {service}.")
POST_FOR_PROFILE = N_("This looks like the link of a post or video; a followers, subscribers or "
                      "members service usually needs the link of the profile or channel.")
PROFILE_FOR_POST = N_("This looks like the link of a profile; a likes or views service usually "
                      "needs the link of a post or video.")


def _split(link: str) -> tuple[str, list[str]] | None:
    text = link.strip()
    if not text or " " in text:
        return None
    if "://" not in text:
        if "." not in text.split("/", 1)[0]:
            return None  # a handle, not a link
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if not host:
        return None
    host = host.removeprefix("www.").removeprefix("m.").removeprefix("mobile.")
    return host, [p for p in parts.path.split("/") if p]


def same_link(link: str) -> str:
    """A link as a comparison key: "https://www.Instagram.com/x/" and "instagram.com/x" are
    the same link; the path keeps its case (handles and post ids are case-sensitive)."""
    text = (link or "").strip()
    if not text:
        return ""
    low = text.lower()
    for scheme in ("https://", "http://"):
        if low.startswith(scheme):
            text = text[len(scheme):]
            break
    host, sep, rest = text.partition("/")
    host = host.lower().removeprefix("www.").removeprefix("m.")
    return (host + sep + rest).rstrip("/")


def link_platform(link: str) -> str | None:
    """The platform a link points at, when its host is a known one."""
    split = _split(link)
    if split is None:
        return None
    host = split[0]
    for suffix, platform in _HOSTS:
        if host == suffix or host.endswith("." + suffix):
            return platform
    return None


def _link_kind(platform: str, host: str, path: list[str]) -> str | None:
    """"post", "profile" or None (cannot tell)."""
    low = [p.lower() for p in path]
    if not low:
        return None
    first = low[0]
    if platform == "instagram":
        if first in ("p", "reel", "reels", "tv"):
            return "post"
        if first in ("stories", "explore", "accounts", "direct"):
            return None
        return "profile" if len(low) == 1 else None
    if platform == "tiktok":
        if "video" in low or "photo" in low or host.startswith(("vm.", "vt.")):
            return "post" if "video" in low or "photo" in low else None
        return "profile" if first.startswith("@") and len(low) == 1 else None
    if platform == "youtube":
        if host == "youtu.be" or first in ("watch", "shorts", "live", "embed"):
            return "post"
        if first.startswith("@") or first in ("channel", "c", "user"):
            return "profile" if len(low) <= 2 else None
        return None
    if platform == "twitter":
        if "status" in low:
            return "post"
        return "profile" if len(low) == 1 and first not in ("i", "home", "search") else None
    if platform == "threads":
        if "post" in low:
            return "post"
        return "profile" if first.startswith("@") and len(low) == 1 else None
    if platform == "telegram":
        if len(low) >= 2 and low[-1].isdigit():
            return "post"
        if len(low) == 1 and not first.startswith("+") and first != "joinchat":
            return "profile"
        return None
    if platform == "facebook":
        if any(p in ("posts", "videos", "photos", "watch", "reel", "permalink.php", "photo.php",
                     "story.php", "photo") for p in low) or host == "fb.watch":
            return "post"
        return "profile" if len(low) == 1 and "." not in first else None
    if platform == "twitch":
        return "post" if first == "videos" else ("profile" if len(low) == 1 else None)
    return None


def check_link(f: Features, link: str) -> Text | None:
    """A warning when ``link`` does not fit the service (never a block: panels differ), or None.

    Another platform's link; a post link for a followers/subscribers/members service; a profile
    link for a likes/views/comments… service. Handles and links SMM Desk cannot place are left
    alone."""
    split = _split(link or "")
    if split is None or f.platform is None:
        return None
    host, path = split
    target = link_platform(link)
    if target is None:
        return None
    if f.platform not in _ANY_LINK and target != f.platform:
        return Text(WRONG_PLATFORM, link=PLATFORM_NAMES.get(target, target),
                    service=PLATFORM_NAMES.get(f.platform, f.platform))
    if target != f.platform or f.type_key == "subscriptions":
        return None
    kind = _link_kind(target, host, path)
    if kind == "post" and f.product in _PROFILE_PRODUCTS:
        return Text(POST_FOR_PROFILE)
    if kind == "profile" and f.product in _POST_PRODUCTS:
        return Text(PROFILE_FOR_POST)
    return None
