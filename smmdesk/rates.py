"""Exchange rates to one home currency: the stored table, the ECB feed, the conversions.

Qt-free. A rate says what one unit of a currency is worth in the home currency
(``1 USD = 34.25 TRY`` is ``per_unit=34.25`` for ``USD`` when the home currency is ``TRY``).
Stored in the tables of schema version 5 (``exchange_rates``, ``currency_settings``; see
``smmdesk.store.migrations``). Rates are typed by hand or fetched from the European Central
Bank's daily reference rates (``eurofxref-daily.xml``:
``<Cube time='2026-11-27'><Cube currency='USD' rate='1.0867'/>…``, every rate against EUR)
and converted to the home currency. Money is ``Decimal`` throughout.

The ``Workspace`` owns one ``RateBook`` and keeps its rates in memory, so ``convert`` costs a
dictionary look-up and a multiplication (the services table converts every row).

Rules (``docs/reliability.md``, "Rules for unattended work"):

* a typed rate keeps its source and its date: an ECB update never replaces it (the person
  removes it to follow the feed again);
* the last ECB feed is kept (``currency_settings`` key ``ecb_feed``: its date and every rate
  per EUR), so a typed rate can be checked against it: ``plausible`` asks for a rate more than
  ``PLAUSIBLE_FACTOR`` times off the reference (the ECB's, else the rate it replaces).
"""

from __future__ import annotations

import json
import logging
import threading
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, DecimalException, InvalidOperation

from smmdesk import options
from smmdesk.servicetypes import N_, Text
from smmdesk.store.rates import RateStore
from smmdesk.store.values import to_ms

log = logging.getLogger(__name__)

__all__ = [
    "ECB_URL",
    "FETCH_TIMEOUT",
    "PLAUSIBLE_FACTOR",
    "Rate",
    "RateBook",
    "RateDoubt",
    "RatesError",
    "normalize_currency",
    "parse_ecb",
    "plausible",
    "price_sort_key",
]

ECB_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
FETCH_TIMEOUT = (10.0, 20.0)  # connect, read (seconds)
MAX_FEED_BYTES = 2_000_000
TRANSLATION_CONTEXT = "rates"
TYPED = "typed"
ECB = "ecb"
# A typed rate this many times above or below the reference is asked about before it is kept
# (1 TRY = 34.25 USD typed for 1 USD = 34.25 TRY is ~1,000 times off).
PLAUSIBLE_FACTOR = Decimal(3)
_FEED_KEY = options.ECB_FEED.key
_HOME_KEY = options.HOME_CURRENCY.key


@dataclass(frozen=True, slots=True)
class Rate:
    """One rate: 1 ``currency`` = ``per_unit`` home currency, since ``at`` (typed: when it was
    typed; ECB: the feed's date), from ``source`` (``"typed"`` or ``"ecb"``)."""

    currency: str
    per_unit: Decimal
    at: datetime
    source: str


@dataclass(frozen=True, slots=True)
class RateDoubt:
    """Why a typed rate looks wrong: it is more than ``PLAUSIBLE_FACTOR`` times off
    ``reference`` (1 ``currency`` = ``reference`` home currency) from ``source`` (``"ecb"``:
    the last feed, of ``at``; ``"current"``: the rate it would replace). ``inverse_fits``: its
    inverse (1 / the typed value) is close to the reference — the two currencies swapped."""

    currency: str
    typed: Decimal
    reference: Decimal
    source: str
    at: datetime
    inverse_fits: bool


def plausible(value: Decimal, reference: Decimal, factor: Decimal = PLAUSIBLE_FACTOR) -> bool:
    """``value`` is within ``factor`` times ``reference`` (above or below)."""
    if reference <= 0 or value <= 0:
        return False
    return reference / factor <= value <= reference * factor


class RatesError(Exception):
    """Rates could not be updated; nothing was changed. ``kind``: ``network``, ``http``,
    ``html``, ``format``, ``no_home``, ``no_home_rate``. ``str()`` is English; ``text`` is a
    ``servicetypes.Text`` the GUI translates in the context ``"rates"``."""

    def __init__(self, kind: str, text: Text) -> None:
        super().__init__(str(text))
        self.kind = kind
        self.text = text


def normalize_currency(code: str) -> str:
    """``" usd "`` -> ``"USD"``; raises ``ValueError`` for anything but three letters."""
    text = (code or "").strip().upper()
    if len(text) != 3 or not text.isascii() or not text.isalpha():
        raise ValueError(f"not a currency code: {code!r}")
    return text


def _from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def price_sort_key(
    converted: Decimal | None, original: Decimal, currency: str | None
) -> tuple[int, str, Decimal]:
    """Sort key for prices of several currencies: every converted price (by its value in the
    home currency) before every price without a rate (grouped by currency, then by value)."""
    if converted is not None:
        return (0, "", converted)
    return (1, currency or "\uffff", original)


# ---------------------------------------------------------------------------------- the feed

def _looks_html(body: bytes, content_type: str) -> bool:
    head = body[:512].lstrip().lower()
    return ("html" in content_type.lower() or head.startswith(b"<!doctype html")
            or b"<html" in head)


def parse_ecb(body: bytes | str) -> tuple[datetime, dict[str, Decimal]]:
    """(the feed's date, {currency: units per 1 EUR}) from an ``eurofxref-daily.xml`` answer;
    ``EUR`` itself is included as 1. Raises ``RatesError`` (``html`` or ``format``)."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    if _looks_html(data, ""):
        raise RatesError("html", Text(N_(
            "The rates address answered with a web page, not the ECB rates feed.")))
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        raise RatesError("format", Text(N_(
            "The rates address did not answer with the ECB rates feed (not readable XML)."
        ))) from None
    when: datetime | None = None
    found: dict[str, Decimal] = {}
    for el in root.iter():
        if not el.tag.endswith("Cube"):
            continue
        if "time" in el.attrib and when is None:
            try:
                when = datetime.strptime(el.attrib["time"].strip(), "%Y-%m-%d").replace(
                    tzinfo=UTC)
            except ValueError:
                when = None
        if "currency" in el.attrib and "rate" in el.attrib:
            try:
                code = normalize_currency(el.attrib["currency"])
                rate = Decimal(el.attrib["rate"].strip())
            except (ValueError, InvalidOperation):
                continue
            if rate.is_finite() and rate > 0:
                found.setdefault(code, rate)
    if when is None or not found:
        raise RatesError("format", Text(N_(
            "The rates address answered, but not in the ECB rates format (no dated rates found)."
        )))
    found["EUR"] = Decimal(1)
    return when, found


def fetch_ecb(url: str, *, timeout: tuple[float, float] = FETCH_TIMEOUT) -> bytes:
    """The feed's bytes. Raises ``RatesError`` (``network``, ``http`` or ``html``)."""
    # Loaded when the rates are fetched, not with the workspace at start-up (~80 ms).
    import requests

    try:
        with requests.get(url, timeout=timeout, stream=True, allow_redirects=True,
                          headers={"Accept": "application/xml, text/xml"}) as r:
            body = r.raw.read(MAX_FEED_BYTES + 1, decode_content=True)
            status, ctype = r.status_code, r.headers.get("Content-Type", "")
    except (requests.RequestException, OSError) as e:
        log.info("rates feed not reachable: %s", type(e).__name__)
        raise RatesError("network", Text(N_(
            "The rates feed could not be reached ({reason}). The rates were not changed."),
            reason=type(e).__name__)) from None
    if status != 200:
        raise RatesError("http", Text(N_(
            "The rates feed answered with HTTP status {status}. The rates were not changed."),
            status=status))
    if _looks_html(body, ctype):
        raise RatesError("html", Text(N_(
            "The rates address answered with a web page, not the ECB rates feed.")))
    return body


def home_rates_from_ecb(
    per_eur: Mapping[str, Decimal], home: str, eur_in_home: Decimal | None = None
) -> dict[str, Decimal]:
    """The feed's rates as units of ``home`` per one unit of each currency.

    When the feed lacks the home currency, a known rate of EUR in the home currency
    (``eur_in_home``, typed by hand) still anchors them; without it: ``RatesError``."""
    if home in per_eur:
        anchor = per_eur[home]  # home units per EUR
    elif eur_in_home is not None and eur_in_home > 0:
        anchor = eur_in_home
    else:
        raise RatesError("no_home_rate", Text(N_(
            "The ECB feed has no rate for {home}; type the rate of EUR to {home} by hand "
            "first, the other rates follow from it."), home=home))
    out: dict[str, Decimal] = {}
    for code, rate in per_eur.items():
        if code == home:
            continue
        try:
            out[code] = anchor / rate
        except DecimalException:
            continue
    return out


# ---------------------------------------------------------------------------------- the book

class RateBook:
    """The home currency and the rates, stored in the database and cached in memory.

    Thread-safe. ``sql`` is the workspace store's ``RateStore`` (``store.rates``)."""

    def __init__(self, sql: RateStore) -> None:
        self._sql = sql
        self._lock = threading.RLock()
        self._home: str | None = None
        self._rates: dict[str, tuple[Decimal, datetime, str]] = {}
        self._plain: dict[str, Decimal] = {}  # replaced, never changed: read without the lock
        self._feed: tuple[datetime, dict[str, Decimal]] | None = None  # the last ECB feed
        self._loaded = False

    def _load(self) -> None:
        if self._loaded:
            return
        rows, settings = self._sql.load()
        feed = settings.get(_FEED_KEY)
        self._feed = _read_feed(feed) if feed is not None else None
        rates: dict[str, tuple[Decimal, datetime, str]] = {}
        for code, per_unit, set_at, source in rows:
            try:
                rates[code] = (Decimal(per_unit), set_at, source)
            except InvalidOperation:
                continue
        self._rates = rates
        self._home = settings.get(_HOME_KEY)
        self._loaded = True
        self._changed()

    def _changed(self) -> None:
        self._plain = {cur: v for cur, (v, _at, _src) in self._rates.items()}

    def plain(self) -> dict[str, Decimal]:
        """currency -> units of home per unit, as of now (a snapshot: never changed later)."""
        with self._lock:
            self._load()
            return self._plain

    def stored_home(self) -> str | None:
        with self._lock:
            self._load()
            return self._home

    def rates(self) -> dict[str, tuple[Decimal, datetime, str]]:
        with self._lock:
            self._load()
            return dict(self._rates)

    def details(self) -> dict[str, Rate]:
        with self._lock:
            self._load()
            return {cur: Rate(cur, v, at, src) for cur, (v, at, src) in self._rates.items()}

    def feed_rate(self, currency: str) -> tuple[Decimal, datetime] | None:
        """1 ``currency`` in the home currency by the last ECB feed (anchored by the feed's own
        home rate, else a known rate of EUR), with the feed's date; None when not known."""
        with self._lock:
            self._load()
            if self._feed is None or self._home is None:
                return None
            when, per_eur = self._feed
            if currency == self._home or currency not in per_eur:
                return None
            anchor = per_eur.get(self._home)
            if anchor is None:
                eur = self._rates.get("EUR")
                anchor = eur[0] if eur is not None else None
            if anchor is None:
                return None
            try:
                return anchor / per_eur[currency], when
            except DecimalException:
                return None

    def remember_feed(self, when: datetime, per_eur: Mapping[str, Decimal]) -> None:
        """Keep the feed (its date and rates per EUR): the reference typed rates are checked
        against, whatever the home currency becomes later."""
        text = json.dumps({"at": to_ms(when), "rates": {k: str(v) for k, v in per_eur.items()}},
                          sort_keys=True)
        with self._lock:
            self._load()
            self._sql.set_setting(_FEED_KEY, text)
            self._feed = (when, dict(per_eur))

    def rate(self, currency: str) -> Decimal | None:
        with self._lock:
            self._load()
            return self._plain.get(currency)

    def set_home(self, code: str) -> None:
        """Make ``code`` the home currency. The rates are re-based when the old home's rate of
        the new one is known; otherwise they no longer mean anything and are cleared."""
        code = normalize_currency(code)
        with self._lock:
            self._load()
            old = self._home
            if old == code:
                return
            rebased: dict[str, tuple[Decimal, datetime, str]] = {}
            anchor = self._rates.get(code)
            if old is not None and anchor is not None and anchor[0] > 0:
                for cur, (per_unit, at, source) in self._rates.items():
                    if cur != code:
                        rebased[cur] = (per_unit / anchor[0], at, source)
                rebased[old] = (Decimal(1) / anchor[0], anchor[1], anchor[2])
            self._sql.replace_rates(
                _HOME_KEY, code,
                [(cur, str(v), at, src) for cur, (v, at, src) in rebased.items()])
            self._home = code
            self._rates = rebased
            self._changed()

    def set_rates(self, rates: Mapping[str, Decimal], at: datetime, source: str, *,
                  keep_typed: bool = False) -> dict[str, Decimal]:
        """Store ``rates`` from ``source``; returns what was set. ``keep_typed``: a currency
        whose rate was typed keeps it, with its source and date (an ECB update)."""
        clean: dict[str, Decimal] = {}
        for cur, value in rates.items():
            value = Decimal(value)
            if not value.is_finite() or value <= 0:
                raise ValueError(f"a rate must be a positive number: {cur} {value}")
            clean[normalize_currency(cur)] = value
        with self._lock:
            self._load()
            if keep_typed:
                clean = {cur: v for cur, v in clean.items()
                         if cur not in self._rates or self._rates[cur][2] != TYPED}
            self._sql.put_rates([(cur, str(v), at, source) for cur, v in clean.items()])
            for cur, v in clean.items():
                self._rates[cur] = (v, at, source)
            self._changed()
        return clean

    def remove_rate(self, currency: str) -> None:
        code = normalize_currency(currency)
        with self._lock:
            self._load()
            self._sql.remove_rate(code)
            self._rates.pop(code, None)
            self._changed()


def _read_feed(text: str) -> tuple[datetime, dict[str, Decimal]] | None:
    try:
        data = json.loads(text)
        when = _from_ms(int(data["at"]))
        per_eur = {normalize_currency(k): Decimal(v) for k, v in data["rates"].items()}
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError):
        return None  # an unreadable copy is no reference: typed rates are then not checked
    return when, {k: v for k, v in per_eur.items() if v.is_finite() and v > 0}
