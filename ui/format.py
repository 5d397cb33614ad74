"""Human-facing formatting: money (Decimal, never float), ages, and panel errors.

Money is formatted by string manipulation on the Decimal's digits; QLocale supplies only the
separators and where the currency symbol goes, so 0.0254 never turns into 0.025399999.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale
from PySide6.QtGui import QFontMetrics, Qt
from PySide6.QtWidgets import QTableView

from smmdesk.errors import (
    MB,
    AnswerTooLargeError,
    ApiError,
    BadResponseError,
    DeadlineExceededError,
    ErrorKind,
    FieldTooLongError,
    NetworkError,
    RateLimitedError,
    TooManyServicesError,
)
from smmdesk.models import ServiceStats
from smmdesk.panelurl import PanelUrlError
from smmdesk.recovery import describe as describe_storage  # pure: an error -> words
from smmdesk.secrets import MissingKeyError
from smmdesk.store.errors import NotOnTeamStore, StoreConnectError, TeamStoreUnreachable
from smmdesk.textnorm import display_text, isolate

# Symbols for the currencies panels commonly bill in; anything else is shown as its ISO code.
CURRENCY_SYMBOLS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "TRY": "₺",
    "RUB": "₽",
    "INR": "₹",
    "UAH": "₴",
    "BRL": "R$",
    "NGN": "₦",
    "PKR": "Rs",
    "IDR": "Rp",
    "VND": "₫",
    "KZT": "₸",
    "PHP": "₱",
    "JPY": "¥",
    "CNY": "CN¥",
    "KRW": "₩",
    "BDT": "৳",
}

_PATTERN_CACHE: dict[str, tuple[str, str]] = {}

# api.FIELD_LIMITS names, as a person reads them (translated in the "format" context).
_FIELD_NAMES = {
    "name": QT_TRANSLATE_NOOP("format", "service name"),
    "category": QT_TRANSLATE_NOOP("format", "category"),
    "type": QT_TRANSLATE_NOOP("format", "service type"),
    "description": QT_TRANSLATE_NOOP("format", "description"),
    "average_time": QT_TRANSLATE_NOOP("format", "average time"),
    "currency": QT_TRANSLATE_NOOP("format", "currency"),
    "status": QT_TRANSLATE_NOOP("format", "status"),
}


def _tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    out = QCoreApplication.translate("format", text, disambiguation, n)
    if n >= 0 and "(s)" in out:
        out = out.replace("(s)", "" if n == 1 else "s")
    return out


def format_decimal(
    value: Decimal, locale: QLocale | None = None, *, min_decimals: int = 2, max_decimals: int = 8
) -> str:
    """Locale-grouped decimal text: at least ``min_decimals``, trailing zeros beyond that dropped.

    Digits past ``max_decimals`` are rounded half-even (Decimal arithmetic, not float).
    """
    locale = locale or QLocale()
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if not value.is_finite():
        return str(value)
    negative = value < 0
    value = abs(value)
    quantum = Decimal(1).scaleb(-max_decimals)
    if value.as_tuple().exponent < -max_decimals:  # type: ignore[operator]
        value = value.quantize(quantum)
    text = format(value, "f")
    int_part, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    if len(frac) < min_decimals:
        frac = frac.ljust(min_decimals, "0")
    group = locale.groupSeparator()
    if group and len(int_part) > 3:
        head = len(int_part) % 3 or 3
        parts = [int_part[:head]] + [int_part[i : i + 3] for i in range(head, len(int_part), 3)]
        int_part = group.join(parts)
    out = int_part + (locale.decimalPoint() + frac if frac else "")
    if negative and value != 0:
        out = locale.negativeSign() + out
    return out


def _currency_pattern(locale: QLocale) -> tuple[str, str]:
    """(prefix, suffix) around the number for this locale, with ``¤`` standing for the symbol."""
    key = locale.name()
    cached = _PATTERN_CACHE.get(key)
    if cached is None:
        sample = locale.toCurrencyString(1, "¤")
        match = re.search(r"1", sample)
        # The C locale has no currency convention: use the common "$1.00" shape.
        if locale.language() == QLocale.Language.C or match is None or "¤" not in sample:
            cached = ("¤", "")
        else:
            cached = (sample[: match.start()], sample[match.end() :])
        _PATTERN_CACHE[key] = cached
    return cached


def currency_symbol(currency: str | None) -> str:
    if not currency:
        return ""
    return CURRENCY_SYMBOLS.get(currency.upper(), currency.upper())


def format_money(
    amount: Decimal | None,
    currency: str | None,
    locale: QLocale | None = None,
    *,
    min_decimals: int = 2,
    max_decimals: int = 8,
) -> str:
    """``$1,234.50`` / ``1.234,50 €`` / ``12.40 XYZ``; an unknown currency shows the bare number."""
    if amount is None:
        return ""
    locale = locale or QLocale()
    negative = amount < 0
    number = format_decimal(
        abs(amount), locale, min_decimals=min_decimals, max_decimals=max_decimals
    )
    sign = locale.negativeSign() if negative and amount != 0 else ""
    if not currency:
        return sign + number
    symbol = currency_symbol(currency)
    if symbol == currency.upper():
        # An ISO code reads best after the number everywhere: "12.40 XYZ".
        return f"{sign}{number}\u00a0{symbol}"
    prefix, suffix = _currency_pattern(locale)
    return sign + prefix.replace("¤", symbol) + number + suffix.replace("¤", symbol)


# Currencies without cents (ISO 4217 minor unit 0); every other one shows two decimals.
ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW", "VND", "IDR", "CLP", "ISK", "UGX", "PYG"})
EXACT_DECIMALS = 28  # "exact": every digit a Decimal from a panel realistically has


CHARGE_PLACES = 2  # decimals a charge may show beyond the currency's minor unit


def charge_decimals(amount: Decimal, currency: str | None = None) -> int:
    """Decimals to show for a charge, balance or total, everywhere alike (the confirmation, the
    history, the balance): the currency's minor unit (2, or 0), or the amount's own digits up
    to two more (panels charge fractions of a cent: $0.036, not $0.04; $0.535 in the
    confirmation and in the history); an amount below one minor unit keeps two significant
    digits ($0.00042), at most 8 decimals."""
    minor = 0 if (currency or "").upper() in ZERO_DECIMAL_CURRENCIES else 2
    try:
        a = abs(Decimal(amount))
    except (InvalidOperation, TypeError, ValueError):
        return minor
    if not a.is_finite() or a == 0:
        return minor
    places = minor + CHARGE_PLACES
    if a < Decimal(1).scaleb(-minor):
        places = min(8, max(places, -a.adjusted() + 1))
    shown = a.quantize(Decimal(1).scaleb(-places)).normalize()
    own = -shown.as_tuple().exponent  # type: ignore[operator]
    return max(minor, min(places, own))


def format_charge(amount: Decimal | None, currency: str | None,
                  locale: QLocale | None = None) -> str:
    """Money as a person reads it: ``₺996.58``, ``$0.036``, ``₺0.00042`` (see
    ``charge_decimals``: one rule for every charge, balance and total). Show ``format_exact``
    in the tooltip; exports keep every digit."""
    if amount is None:
        return ""
    d = charge_decimals(amount, currency)
    return format_money(amount, currency, locale, min_decimals=d, max_decimals=d)


def format_exact(amount: Decimal | None, currency: str | None,
                 locale: QLocale | None = None) -> str:
    """Every digit of the amount (for tooltips): ``₺996.57521855``."""
    return format_money(amount, currency, locale, max_decimals=EXACT_DECIMALS)


def format_age(when: datetime | None, now: datetime | None = None) -> str:
    """ "just now", "5 min ago", "3 h ago", "2 days ago" (translated, with plurals)."""
    if when is None:
        return _tr("never")
    now = now or datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = max(0, int((now - when).total_seconds()))
    if seconds < 60:
        return _tr("just now")
    minutes = seconds // 60
    if minutes < 60:
        return _tr("%n min ago", "", minutes)
    hours = minutes // 60
    if hours < 48:
        return _tr("%n h ago", "", hours)
    return _tr("%n day(s) ago", "", hours // 24)


def is_offline_error(exc: BaseException) -> bool:
    """Errors after which the panel counts as offline (no usable answer reached us)."""

    return isinstance(exc, NetworkError)


# NotOnTeamStore.feature, as the team store names them (translated in the "format" context)
_TEAM_FEATURES = (
    QT_TRANSLATE_NOOP("format", "The provider watch (statistics, catalogue changes)"),
    QT_TRANSLATE_NOOP("format", "Scheduled orders, automatic refills and alerts"),
    QT_TRANSLATE_NOOP("format", "The reseller's books (price rules, sales, the ledger, "
                                "statements)"),
    QT_TRANSLATE_NOOP("format", "Mass orders"),
    QT_TRANSLATE_NOOP("format", "Folding an order imported by its id into a checked one"),
    QT_TRANSLATE_NOOP("format", "Sorting the orders by refill window"),
)


def describe_team_error(exc: BaseException) -> str | None:
    """The team store's errors (``TeamStoreUnreachable``, ``NotOnTeamStore``,
    ``StoreConnectError``, a refusal by the team database's rights — SQLSTATE 42501) in the
    person's words; None for any other error."""
    if isinstance(exc, TeamStoreUnreachable):
        return _tr("The team server %1 cannot be reached: nothing was saved or sent. SMM Desk "
                   "connects again by itself.").replace("%1", exc.where)
    if isinstance(exc, NotOnTeamStore):
        feature = _tr(exc.feature) if exc.feature in _TEAM_FEATURES else exc.feature
        return _tr("%1: not available on a team workspace yet; it works in a local "
                   "workspace.").replace("%1", feature)
    if isinstance(exc, StoreConnectError):
        if exc.needs_password:
            return _tr("The team server asks for this login's password. Enter it in "
                       "Preferences → Team workspace: SMM Desk keeps it in the system keyring.")
        if exc.password_tried:
            return _tr("The team server refused the login with the password kept for it. If "
                       "it was changed, enter it again in Preferences → Team workspace.")
        # the server's or libpq's words after "… the team store <where>[ (TLS: mode)]: "
        said = re.match(r"Could not connect to the team store [^()]*?(?: \(TLS: [^)]*\))?: (.*)",
                        str(exc), re.S)
        return _tr("Could not connect to the team server: %1").replace(
            "%1", said[1] if said else str(exc))
    if getattr(exc, "sqlstate", None) == "42501":  # the team database refused this login
        return _tr("The team workspace refused this: your login may not do it (only the one who "
                   "made it, or a team admin, may). Nothing was changed.")
    return None


def describe_error(exc: BaseException, *, timeout: float | None = None) -> str:
    """One or two sentences saying what went wrong and what to do, by exception type and reason."""

    team = describe_team_error(exc)
    if team is not None:
        return team

    if isinstance(exc, ApiError):
        if exc.kind is ErrorKind.AUTH:
            return _tr(
                "Wrong API key: the panel rejected it. Copy the key again from the panel's "
                "API page (account → API)."
            )
        if exc.kind is ErrorKind.UNSUPPORTED:
            return _tr('The panel does not support this request ("%1").').replace("%1", exc.message)
        return _tr("The panel said: %1").replace("%1", exc.message)
    if isinstance(exc, RateLimitedError):
        if exc.retry_after is not None:
            return _tr(
                "The panel is limiting requests; try again in %n second(s).",
                "",
                int(exc.retry_after + 0.999),
            )
        return _tr("The panel is limiting requests; try again in a minute.")
    if isinstance(exc, AnswerTooLargeError):
        return _tr(
            "The panel's answer is larger than %1 MB, so it was not read; what was stored is "
            "kept. If this panel really sends that much, raise the limit (max_answer_mb in the "
            "[network] section of settings.ini)."
        ).replace("%1", f"{exc.limit / MB:.4g}")  # the unit of max_answer_mb (errors.MB)
    if isinstance(exc, TooManyServicesError):
        return _tr(
            "The panel lists more than %1 services, more than a real panel does; the list was "
            "not read and the stored services are kept."
        ).replace("%1", f"{exc.limit:,}")
    if isinstance(exc, FieldTooLongError):
        field = QCoreApplication.translate("format", _FIELD_NAMES.get(exc.field, exc.field))
        return (
            _tr(
                "The panel sent a %1 of %2 characters (at most %3 are accepted); the answer was "
                "not used and what was stored is kept."
            )
            .replace("%1", field)
            .replace("%2", f"{exc.length:,}")
            .replace("%3", f"{exc.limit:,}")
        )
    if isinstance(exc, BadResponseError):
        reason = exc.reason
        code = exc.status_code
        if reason == "redirect":
            location = getattr(exc, "location", None) or ""
            return _tr(
                "The address redirects to %1. Panels' APIs do not follow redirects: "
                "use the new address."
            ).replace("%1", location or _tr("another address"))
        if reason == "cloudflare":
            return _tr(
                "A Cloudflare protection page answered instead of the API. The panel blocks "
                "automated access from here; try again later or ask the panel's support."
            )
        if reason in {"html", "http"} and code == 404:
            return _tr(
                "Not an API endpoint: nothing answers at this address (HTTP 404). "
                "Check the API URL on the panel's API page; it usually ends in /api/v2."
            )
        if reason == "html":
            text = _tr(
                "A web page answered instead of the API. Check the API URL: it usually "
                "ends in /api/v2 (see the panel's API page)."
            )
            if code and code >= 500:
                text = _tr(
                    "The panel's server is failing (HTTP %1 error page). Try again later."
                ).replace("%1", str(code))
            return text
        if reason == "http" and code == 404:
            return _tr(
                "Not an API endpoint: nothing answers at this address (HTTP 404). "
                "Check the API URL on the panel's API page."
            )
        if reason == "shape":
            return _tr(
                "Not an SMM panel API: the server answered, but not in the format "
                "panels use. Check the API URL."
            )
        if reason == "empty":
            return _tr("The panel sent an empty answer. Check the API URL, or try again later.")
        if reason == "invalid_json":
            return _tr("The panel's answer was garbled (not valid JSON). Try again later.")
        if code:
            return _tr("The server answered with HTTP error %1.").replace("%1", str(code))
        return _tr("Unexpected answer from the panel (%1).").replace("%1", str(reason))
    if isinstance(exc, DeadlineExceededError):
        return _tr(
            "Timed out: the panel did not finish its answer within %n second(s). The request "
            "may have been carried out.",
            "",
            int(exc.deadline),
        )
    if isinstance(exc, NetworkError):
        if exc.timeout:
            if timeout:
                return _tr(
                    "Timed out: the panel did not answer within %n second(s).", "", int(timeout)
                )
            return _tr("Timed out: the panel did not answer in time.")
        if getattr(exc, "tls", False):
            return _tr(
                "The secure (https) connection failed: the server's certificate is not valid, "
                "or the address does not speak https. Nothing was sent."
            )
        if exc.maybe_sent:
            return _tr(
                "The connection broke before the panel answered. Check your internet "
                "connection and try again."
            )
        return _tr("Cannot connect to the panel. Check the address and your internet connection.")

    if isinstance(exc, MissingKeyError):
        return _tr(
            "No API key is stored for this panel: without a system keyring, keys last only "
            "until SMM Desk closes. Enter the key again (Enter API key… in the status bar)."
        )
    if isinstance(exc, PanelUrlError):
        if "API key" in str(exc):
            return _tr(
                "The panel URL must not contain the API key (it would be stored in plain "
                "text): remove the ?key=… part and enter the key in the API key field."
            )
        return _tr("The panel URL must start with http:// or https:// and name a host.")
    text = describe_storage(exc)  # the data file or the keyring, not the panel
    if text is not None:
        return QCoreApplication.translate("recovery", text)
    return _tr("Unexpected error: %1").replace("%1", f"{type(exc).__name__}: {exc}")


NAME_WIDTH = 220  # pixels a panel name may take in the status bar, the switcher, headers


def elided_name(name: str, metrics: QFontMetrics, width: int = NAME_WIDTH) -> str:
    """A panel name as shown in a crowded place: one line, cut with "…" to ``width`` pixels,
    and isolated for bidirectional text (an Arabic name cannot scramble the line). The full
    name belongs in the tooltip."""
    text = display_text(name)
    if len(text) > 400:
        text = text[:400]  # no need to measure 2,000 characters to cut them
    return isolate(metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))


HEADER_PADDING = 28  # the header's margins and the sort arrow


def widen_to_titles(table: QTableView) -> None:
    """No column narrower than its (translated) title: a width saved in English, or a default
    chosen for English, must not cut the Turkish "Yeniden doldurma" to "…den doldu"."""
    header = table.horizontalHeader()
    model = table.model()
    if model is None:
        return
    metrics = header.fontMetrics()
    for col in range(model.columnCount()):
        if header.isSectionHidden(col):
            continue
        title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
        needed = metrics.horizontalAdvance(title) + HEADER_PADDING
        if header.sectionSize(col) < needed:
            header.resizeSection(col, needed)


def literal(text: str | None) -> str | None:
    """``text`` as Qt shows it literally wherever it may read rich text (QLabel's AutoText,
    tooltips, message boxes, chart titles). Panel-provided strings (service names, currencies,
    error texts) go through this: ``<img src=…>`` or a 40-px ``<span>`` next to a price is shown
    as typed, never rendered. Text Qt would not take for rich text is returned unchanged."""
    if text and Qt.mightBeRichText(text):
        return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)
    return text


def escape_markup(text: str) -> str:
    """``text`` for a place that always reads markup (a desktop notification's body)."""
    return html.escape(text, quote=False)


def ntr(context: str, text: str, n: int) -> str:
    """``translate`` with a plural: English "(s)" resolved when no translation is loaded."""
    out = QCoreApplication.translate(context, text, None, n)
    if "(s)" in out:
        out = out.replace("(s)", "" if n == 1 else "s")
    return out


_UNREADABLE_WHY = {
    "id": QT_TRANSLATE_NOOP("format", "the ID is not a whole number"),
    "name": QT_TRANSLATE_NOOP("format", "no name"),
    "rate": QT_TRANSLATE_NOOP("format", "no readable price"),
    "duplicate": QT_TRANSLATE_NOOP("format", "listed twice"),
    "not_an_object": QT_TRANSLATE_NOOP("format", "not a service entry"),
    "too_long": QT_TRANSLATE_NOOP("format", "a text far longer than any panel writes"),
}


def unreadable_summary(unreadable: Mapping[str, int]) -> str:
    """ "27 could not be read (the ID is not a whole number: 27)"; "" when every row was read."""
    total = sum(unreadable.values())
    if not total:
        return ""
    why = ", ".join(
        f"{_tr(_UNREADABLE_WHY.get(reason, reason))}: {count}"
        for reason, count in sorted(unreadable.items(), key=lambda kv: -kv[1]) if count
    )
    return (ntr("format", "%n could not be read (%1)", total)
            .replace("%n", str(total)).replace("%1", why))


def services_summary(added: int, removed: int, repriced: int,
                     unreadable: Mapping[str, int] | None = None) -> str:
    """ "12 new, 3 removed, 40 price changes" (translated, with plurals), then how many of the
    panel's services could not be read and why, when any."""
    parts = [
        ntr("format", "%n new", added),
        ntr("format", "%n removed", removed),
        ntr("format", "%n price change(s)", repriced),
    ]
    if unreadable:
        text = unreadable_summary(unreadable)
        if text:
            parts.append(text)
    return ", ".join(parts)


_DURATION_WHOLE = re.compile(
    r"\s*(?:(\d+)\s*(?:d|days?)\b)?\s*(?:(\d+)\s*(?:h|hrs?|hours?)\b)?"
    r"\s*(?:(\d+)\s*(?:m|mins?|minutes?)\b)?\s*", re.IGNORECASE)


def format_average_time(text: str | int | None) -> str:
    """A service's average time as the panel gives it (free text, English, or a bare number of
    minutes), in the person's language: "37 minutes" -> "37 dakika", "1 hour 4 minutes" ->
    "1 saat 4 dakika", 14 -> "14 dakika". Text in another shape is the panel's own: shown as
    it is."""
    if text is None:
        return ""
    raw = str(text).strip()
    if not raw:
        return ""
    if raw.isdigit():  # minutes (topsmm.in sends 1562): as hours and minutes
        days, (hours, minutes) = 0, divmod(int(raw), 60)
    else:
        match = _DURATION_WHOLE.fullmatch(raw)
        if match is None or not any(match.groups()):
            return raw
        days, hours, minutes = (int(g or 0) for g in match.groups())
    parts = []
    if days:
        parts.append(ntr("format", "%n day(s)", days).replace("%n", str(days)))
    if hours:
        parts.append(ntr("format", "%n hour(s)", hours).replace("%n", str(hours)))
    if minutes or not parts:
        parts.append(ntr("format", "%n minute(s)", minutes).replace("%n", str(minutes)))
    return " ".join(parts)


def format_percent(value: Decimal | float | int, locale: QLocale | None = None, *,
                   decimals: int = 0, signed: bool = False) -> str:
    """A percentage as the person's language writes it: "10%" in English, "%10" in Turkish
    (the sign before the number), with the locale's decimal point."""
    locale = locale or QLocale()
    number = Decimal(str(value))
    if decimals >= 0:
        number = number.quantize(Decimal(1).scaleb(-decimals))
    text = format_decimal(abs(number), locale, min_decimals=decimals, max_decimals=decimals)
    sign = ""
    if number < 0:
        sign = locale.negativeSign()
    elif signed and number > 0:
        sign = locale.positiveSign()
    percent = locale.percent() or "%"
    if locale.language() in PERCENT_FIRST:
        return f"{sign}{percent}{text}"
    return f"{sign}{text}{percent}"


# Languages that write the percent sign before the number (CLDR: "%10" in Turkish).
PERCENT_FIRST = frozenset({QLocale.Language.Turkish, QLocale.Language.Basque})


def percent_affixes(locale: QLocale | None = None) -> tuple[str, str]:
    """(prefix, suffix) of a percentage spin box: ("%", "") in Turkish, ("", "%") in
    English."""
    locale = locale or QLocale()
    percent = locale.percent() or "%"
    return (percent, "") if locale.language() in PERCENT_FIRST else ("", percent)


def format_duration(seconds: float) -> str:
    """A delivery time, rounded as a person says it: "40 min", "5 h", "3 d"."""
    if seconds < 3600:
        return _tr("%1 min").replace("%1", str(max(1, round(seconds / 60))))
    if seconds < 48 * 3600:
        return _tr("%1 h").replace("%1", str(round(seconds / 3600)))
    return _tr("%1 d").replace("%1", str(round(seconds / 86400)))


def delivery_lines(st: ServiceStats | None) -> list[str]:
    """A service's delivery record (``Workspace.service_stats``) in lines, or that there are
    too few of the person's orders to say."""
    if st is None or not st.enough:
        return [_tr("Fewer than 5 of your orders in 90 days: no delivery record yet")]
    lines = [_tr("%1 of your orders in 90 days").replace("%1", str(st.orders))]
    if st.start_p50_s is not None and st.start_p90_s is not None:
        lines.append(_tr("Starts: half within %1, 9 in 10 within %2").replace(
            "%1", format_duration(st.start_p50_s)).replace("%2", format_duration(st.start_p90_s)))
    if st.complete_p50_s is not None and st.complete_p90_s is not None:
        lines.append(_tr("Completes: half within %1, 9 in 10 within %2").replace(
            "%1", format_duration(st.complete_p50_s)).replace(
            "%2", format_duration(st.complete_p90_s)))
    rates = ((_tr("Partial: %1"), st.partial_rate), (_tr("Canceled: %1"), st.canceled_rate),
             (_tr("Refilled: %1"), st.refill_rate), (_tr("Not found: %1"), st.not_found_rate))
    shown = [label.replace("%1", format_percent(round(rate * 100)))
             for label, rate in rates if rate is not None]
    if shown:
        lines.append(" · ".join(shown))
    return lines
