"""The service-type registry: panel ``type`` string -> form fields, validation, ``add`` payload.

Every panel service has a ``type`` ("Default", "Custom Comments", "Subscriptions", ...) that
decides which form fields ``add`` takes (see ``shared/reference/panel-api.md``). This module
knows every type in the reference, checks what a person typed, builds the exact form for
``add`` and estimates the charge. It is Qt-free and never raises on odd input: ``validate``
answers problems, ``payload`` raises only ``ValidationError``.

Translation: every English label, help text and problem is a literal wrapped in ``N_()``
(a no-op marker, like ``QT_TRANSLATE_NOOP``) so it can be extracted; the GUI translates it
in the context ``"servicetypes"``. Text with numbers in it is a ``Text``: a ``str`` (the
English, ready to show) that also carries its ``template`` (the literal that was marked)
and its ``args``, so ``text.translated(fn)`` rebuilds it from the translated template::

    problem.translated(lambda s: QCoreApplication.translate("servicetypes", s))

Plain labels are plain strings; ``translate_text(x, fn)`` handles both kinds.
"""

from __future__ import annotations

import ast
import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, DecimalException, localcontext
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from smmdesk.models import Service

__all__ = [
    "DELAY_CHOICES",
    "DEVICE_CHOICES",
    "DRIPFEED_MAX_INTERVAL",
    "DRIPFEED_MAX_RUNS",
    "N_",
    "SEED_DELAY_CHOICES",
    "TRAFFIC_CHOICES",
    "UNKNOWN_NOTICE",
    "FieldKind",
    "FieldSpec",
    "NotWholeNumber",
    "ServiceType",
    "Text",
    "ValidationError",
    "all_types",
    "estimate",
    "evaluate",
    "fields_for",
    "group_separator",
    "link_of",
    "lookup",
    "parse_whole_number",
    "payload",
    "quantity_of",
    "total_quantity",
    "translatable_strings",
    "translate_text",
    "type_of",
    "unknown_notice",
    "validate",
    "whole_number_problem",
]

TRANSLATION_CONTEXT = "servicetypes"


def N_(text: str) -> str:
    """Mark an English literal for translation; returns it unchanged."""
    return text


class Text(str):
    """English text built from a translatable template.

    It *is* the formatted English string (compare it, show it, log it), and also keeps
    ``template`` (the ``N_``-marked literal) and ``args`` (named values; a ``Text`` arg such
    as a field label is translated too) so a GUI can show it in another language.
    """

    template: str
    args: dict[str, Any]

    def __new__(cls, template: str, /, **args: Any) -> Text:
        formatted = _format(template, args) if args else template
        obj = super().__new__(cls, template if formatted is None else formatted)
        obj.template = template
        obj.args = args
        return obj

    def translated(self, translate: Callable[[str], str]) -> str:
        """This text in another language: ``translate`` maps an English template to its
        translation. A translation whose placeholders do not fit falls back to English."""
        pattern = translate(self.template)
        if not self.args:
            return pattern
        args = {
            k: (v.translated(translate) if isinstance(v, Text) else v) for k, v in self.args.items()
        }
        result = _format(pattern, args)
        return str(self) if result is None else result


def translate_text(text: str, translate: Callable[[str], str]) -> str:
    """Translate a label (plain ``str``) or a ``Text`` with arguments."""
    if isinstance(text, Text):
        return text.translated(translate)
    return translate(text)


def _arg_str(value: Any) -> str:
    try:
        return str(value)
    except ValueError:  # an int too long to print (sys.int_info.str_digits_check_threshold)
        return "…"


def _format(template: str, args: Mapping[str, Any]) -> str | None:
    try:
        return template.format(**{k: _arg_str(v) for k, v in args.items()})
    except (KeyError, IndexError, ValueError, AttributeError):
        return None


def _label(spec: FieldSpec) -> Text:
    return Text(spec.label)


class ValidationError(ValueError):
    """The form cannot be sent. ``problems`` maps field name -> problem (a ``Text``)."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems: dict[str, str] = dict(problems)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.problems.items()))


class FieldKind(enum.Enum):
    URL = "url"  # a link: http(s) URL, bare domain/path or a handle
    INTEGER = "integer"
    TEXT = "text"  # one line
    LIST = "list"  # one item per line
    CHOICE = "choice"  # one of ``choices``
    DATE = "date"  # sent as d/m/Y


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One form field of ``add``.

    ``min``/``max``: the allowed value for INTEGER, the allowed number of lines for LIST.
    ``fields_for(service)`` fills them from the service where ``service_bounds`` is set.
    """

    name: str  # the API form field
    label: str  # English, N_-marked
    kind: FieldKind
    required: bool
    choices: tuple[tuple[str, str], ...] = ()  # (value sent, English label) for CHOICE
    help: str = ""
    min: int | None = None
    max: int | None = None
    # --- additions beyond the first contract ---
    max_length: int | None = None  # characters: whole value (URL/TEXT) or per line (LIST)
    spaces: bool = True  # may the value (or each line) contain spaces?
    dripfeed: bool = False  # runs/interval: only offered when the service has drip-feed
    service_bounds: bool = False  # min/max come from the service's min/max
    depends_on: tuple[str, str] | None = None  # (field, value): used & required only then
    pattern: str | None = None  # full-match regex for TEXT
    pattern_problem: str = ""  # English problem when ``pattern`` does not match
    upper: bool = False  # send upper-cased (country codes)

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(v for v, _ in self.choices)


UNKNOWN_NOTICE = N_(
    'This panel uses a service type SMM Desk does not know ("{type}"); '
    "the standard fields are shown."
)


@dataclass(frozen=True, slots=True)
class ServiceType:
    key: str  # stable snake_case id, e.g. "custom_comments"
    name: str  # the canonical panel spelling, e.g. "Custom Comments"
    fields: tuple[FieldSpec, ...]
    package: bool  # the rate is the price of one package, not per 1000
    # The field that holds the quantity: "quantity", a counted list ("comments",
    # "usernames": quantity = number of lines), "max" (Subscriptions: per post), or None.
    quantity_from: str | None
    notice: str = UNKNOWN_NOTICE  # template shown when this type stands in for an unknown one

    def field(self, name: str) -> FieldSpec | None:
        for spec in self.fields:
            if spec.name == name:
                return spec
        return None


# --------------------------------------------------------------------------- the fields

DRIPFEED_MAX_RUNS = 1000
DRIPFEED_MAX_INTERVAL = 43200  # minutes: 30 days between runs
MAX_LINK = 2000
MAX_LINES = 10000  # lines in a list whose count is not bounded by the service

LINK = FieldSpec(
    "link", N_("Link"), FieldKind.URL, True,
    help=N_("The page, post or profile to deliver to"), max_length=MAX_LINK, spaces=False,
)
QUANTITY = FieldSpec(
    "quantity", N_("Quantity"), FieldKind.INTEGER, True, service_bounds=True
)
RUNS = FieldSpec(
    "runs", N_("Runs"), FieldKind.INTEGER, False,
    help=N_("Drip-feed: how many times the quantity is delivered"),
    min=2, max=DRIPFEED_MAX_RUNS, dripfeed=True,
)
INTERVAL = FieldSpec(
    "interval", N_("Interval (minutes)"), FieldKind.INTEGER, False,
    help=N_("Drip-feed: minutes between runs"),
    min=1, max=DRIPFEED_MAX_INTERVAL, dripfeed=True,
)


def _list(name: str, label: str, *, help: str = "", spaces: bool, line_length: int,
          counted: bool = False) -> FieldSpec:
    return FieldSpec(
        name, label, FieldKind.LIST, True, help=help, max_length=line_length, spaces=spaces,
        service_bounds=counted, min=None if counted else 1, max=None if counted else MAX_LINES,
    )


COMMENTS_COUNTED = _list(
    "comments", N_("Comments"), help=N_("One comment per line; each line is one comment ordered"),
    spaces=True, line_length=2200, counted=True,
)
COMMENTS_PACKAGE = _list(
    "comments", N_("Comments"), help=N_("One comment per line"), spaces=True, line_length=2200
)
USERNAMES = _list(
    "usernames", N_("Usernames"), help=N_("One username per line"), spaces=False, line_length=200
)
USERNAMES_COUNTED = replace(
    USERNAMES, service_bounds=True, min=None, max=None,
    help=N_("One username per line; each line is one mention ordered"),
)
HASHTAGS = _list(
    "hashtags", N_("Hashtags"), help=N_("One hashtag per line"), spaces=False, line_length=200
)
KEYWORDS = _list(
    "keywords", N_("Keywords"), help=N_("One keyword or phrase per line"), spaces=True,
    line_length=500,
)
GROUPS = _list(
    "groups", N_("Groups"), help=N_("One group per line"), spaces=False, line_length=MAX_LINK
)


def _token(name: str, label: str, help: str = "") -> FieldSpec:
    return FieldSpec(name, label, FieldKind.TEXT, True, help=help, max_length=500, spaces=False)


def _url(name: str, label: str, help: str = "") -> FieldSpec:
    return FieldSpec(name, label, FieldKind.URL, True, help=help, max_length=MAX_LINK, spaces=False)


DELAY_VALUES = (0, 5, 10, 15, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 360, 420, 480, 540,
                600)
SEED_DELAY_VALUES = (0, 5, 10, 15, 30, 60, 90)  # all the seed panel documents


def _delay_label(minutes: int) -> str:
    if minutes == 0:
        return N_("No delay")
    return Text(N_("{minutes} minutes"), minutes=minutes)


DELAY_CHOICES: tuple[tuple[str, str], ...] = tuple((str(m), _delay_label(m)) for m in DELAY_VALUES)
SEED_DELAY_CHOICES: tuple[tuple[str, str], ...] = tuple(
    c for c in DELAY_CHOICES if int(c[0]) in SEED_DELAY_VALUES
)
DEVICE_CHOICES: tuple[tuple[str, str], ...] = (
    ("1", N_("Desktop")),
    ("2", N_("Android")),
    ("3", N_("iOS")),
    ("4", N_("Mixed mobile")),
    ("5", N_("Mixed (desktop and mobile)")),
)
TRAFFIC_CHOICES: tuple[tuple[str, str], ...] = (
    ("1", N_("Google keyword")),
    ("2", N_("Custom referrer")),
    ("3", N_("Blank referrer (direct)")),
)


def _t(key: str, name: str, fields: tuple[FieldSpec, ...], *, package: bool = False,
       quantity_from: str | None = "quantity") -> ServiceType:
    return ServiceType(key, name, fields, package, None if package else quantity_from)


_TYPES: tuple[ServiceType, ...] = (
    _t("default", "Default", (LINK, QUANTITY, RUNS, INTERVAL)),
    _t("package", "Package", (LINK,), package=True),
    _t("seo", "SEO", (LINK, QUANTITY, KEYWORDS)),
    _t("custom_comments", "Custom Comments", (LINK, COMMENTS_COUNTED), quantity_from="comments"),
    _t("mentions", "Mentions", (LINK, QUANTITY, USERNAMES)),
    _t("mentions_with_hashtags", "Mentions with Hashtags", (LINK, QUANTITY, USERNAMES, HASHTAGS)),
    _t("mentions_custom_list", "Mentions Custom List", (LINK, USERNAMES_COUNTED),
       quantity_from="usernames"),
    _t("mentions_hashtag", "Mentions Hashtag", (
        LINK, QUANTITY, _token("hashtag", N_("Hashtag"), N_("The hashtag to take usernames from")),
    )),
    _t("mentions_user_followers", "Mentions User Followers", (
        LINK, QUANTITY,
        _url("username", N_("Profile"), N_("Username or profile link whose followers are used")),
    )),
    _t("mentions_media_likers", "Mentions Media Likers", (
        LINK, QUANTITY, _url("media", N_("Media link"), N_("The post whose likers are used")),
    )),
    _t("custom_comments_package", "Custom Comments Package", (LINK, COMMENTS_PACKAGE),
       package=True),
    _t("comment_likes", "Comment Likes", (
        LINK, QUANTITY,
        _token("username", N_("Comment owner"), N_("Username of the comment owner")),
    )),
    _t("poll", "Poll", (
        LINK, QUANTITY,
        FieldSpec("answer_number", N_("Answer number"), FieldKind.INTEGER, True,
                  help=N_("The number of the answer to vote for"), min=1, max=100),
    )),
    _t("comment_replies", "Comment Replies", (
        LINK, _token("username", N_("Comment owner"), N_("Username of the comment owner")),
        COMMENTS_COUNTED,
    ), quantity_from="comments"),
    _t("invites_from_groups", "Invites from Groups", (LINK, QUANTITY, GROUPS)),
    _t("subscriptions", "Subscriptions", (
        _token("username", N_("Username"), N_("The account whose new posts get the service")),
        FieldSpec("min", N_("Minimum per post"), FieldKind.INTEGER, True, service_bounds=True),
        FieldSpec("max", N_("Maximum per post"), FieldKind.INTEGER, True, service_bounds=True),
        FieldSpec("posts", N_("New posts"), FieldKind.INTEGER, False,
                  help=N_("How many new posts to deliver to"), min=1, max=100000),
        FieldSpec("old_posts", N_("Old posts"), FieldKind.INTEGER, False,
                  help=N_("How many existing posts to deliver to"), min=0, max=100000),
        FieldSpec("delay", N_("Delay"), FieldKind.CHOICE, True, choices=DELAY_CHOICES,
                  help=N_("Minutes to wait after a post before delivering; some panels accept "
                          "only up to 90")),
        FieldSpec("expiry", N_("Expiry"), FieldKind.DATE, False,
                  help=N_("The last day of the subscription")),
    ), quantity_from="max"),
    _t("web_traffic", "Web Traffic", (
        LINK, QUANTITY, RUNS, INTERVAL,
        FieldSpec("country", N_("Country"), FieldKind.TEXT, True,
                  help=N_("Two-letter country code, for example US"), max_length=2,
                  spaces=False, pattern=r"[A-Za-z]{2}",
                  pattern_problem=N_("Country must be a two-letter country code, for example US"),
                  upper=True),
        FieldSpec("device", N_("Device"), FieldKind.CHOICE, True, choices=DEVICE_CHOICES),
        FieldSpec("type_of_traffic", N_("Type of traffic"), FieldKind.CHOICE, True,
                  choices=TRAFFIC_CHOICES),
        FieldSpec("google_keyword", N_("Google keyword"), FieldKind.TEXT, False,
                  max_length=500, depends_on=("type_of_traffic", "1")),
        FieldSpec("referring_url", N_("Referring URL"), FieldKind.URL, False,
                  max_length=MAX_LINK, spaces=False, depends_on=("type_of_traffic", "2")),
    )),
)

_DEFAULT = _TYPES[0]


def _normalise_type(text: str) -> str:
    return " ".join(p for p in re.split(r"[\s_\-]+", text.casefold()) if p)


def _singular(normalised: str) -> str:
    """Each word without a plural ``s``: real catalogues write "Custom Comment", "comment_like",
    "Subscription" as well as the reference's "Custom Comments"."""
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in normalised.split(" "))


_BY_NAME: dict[str, ServiceType] = {_normalise_type(t.name): t for t in _TYPES}
_BY_SINGULAR: dict[str, ServiceType] = {_singular(k): t for k, t in _BY_NAME.items()}
assert len(_BY_SINGULAR) == len(_BY_NAME), "two types would read the same in the singular"


def all_types() -> list[ServiceType]:
    return list(_TYPES)


def lookup(type_string: object) -> tuple[ServiceType, bool]:
    """(type, known). Case-insensitive; spaces, ``_`` and ``-`` are all one separator; singular
    and plural words alike ("Custom Comment", "custom_comments", "comment_likes").
    Anything unknown (or not a string) -> (Default, False)."""
    if isinstance(type_string, str):
        normalised = _normalise_type(type_string)
        found = _BY_NAME.get(normalised) or _BY_SINGULAR.get(_singular(normalised))
        if found is not None:
            return found, True
    return _DEFAULT, False


def type_of(service: Service) -> tuple[ServiceType, bool]:
    return lookup(getattr(service, "type", None))


def unknown_notice(type_string: object) -> Text | None:
    """The notice to show for a type SMM Desk does not know, or None for a known type."""
    st, known = lookup(type_string)
    if known:
        return None
    shown = "".join(ch for ch in str(type_string)[:60] if ch.isprintable())
    return Text(st.notice, type=shown)


def _service_bounds(service: Service) -> tuple[int, int]:
    lo = service.min if isinstance(service.min, int) and not isinstance(service.min, bool) else 1
    hi = service.max if isinstance(service.max, int) and not isinstance(service.max, bool) else lo
    lo = max(lo, 1)
    return lo, max(lo, hi)  # a catalogue with max < min: only min can be right


def fields_for(service: Service) -> list[FieldSpec]:
    """The fields to show for this service: drip-feed fields only when it offers drip-feed,
    service-bounded min/max filled in from the service."""
    st, _ = type_of(service)
    lo, hi = _service_bounds(service)
    out = []
    for spec in st.fields:
        if spec.dripfeed and not service.dripfeed:
            continue
        if spec.service_bounds:
            spec = replace(spec, min=lo, max=hi)
        out.append(spec)
    return out


# --------------------------------------------------------------------------- checking values


class _Bad(Exception):
    def __init__(self, problem: Text) -> None:
        super().__init__(str(problem))
        self.problem = problem


_HUGE = 10**30  # stands in for integers too long to parse (Python limits int(str) length)
_ALLOWED_FORMAT_CHARS = {"\u200d"}  # zero-width joiner: part of many emoji


def _bad_char(ch: str, strict: bool) -> bool:
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cs"):  # control characters, lone surrogates (cannot even be encoded)
        return True
    return strict and cat in ("Cf", "Zl", "Zp") and ch not in _ALLOWED_FORMAT_CHARS


def _has_bad_chars(text: str, strict: bool) -> bool:
    return any(_bad_char(ch, strict) for ch in text)


def _has_space(text: str) -> bool:
    return any(ch.isspace() for ch in text)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def _link_ok(text: str) -> bool:
    """http(s) URLs, bare domains/paths (``instagram.com/x``) and handles (``@x``, ``x``)."""
    if _has_space(text) or any(ch in '<>"' for ch in text):
        return False
    if "://" in text:
        try:
            parts = urlsplit(text)
        except ValueError:
            return False
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    m = _SCHEME.match(text)
    # "javascript:…", "mailto:…" are not links; "example.com:8080/x" (a port) is
    return not (m and not text[m.end() : m.end() + 1].isdigit())


def _as_text(spec: FieldSpec, raw: Any) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        return _arg_str(raw)
    if not isinstance(raw, str):
        raise _Bad(Text(N_("{label} must be text"), label=_label(spec)))
    text = raw.strip()
    return text or None


def _check_length(spec: FieldSpec, text: str) -> None:
    if spec.max_length is not None and len(text) > spec.max_length:
        raise _Bad(Text(N_("{label} is too long ({length} characters; at most {max})"),
                        label=_label(spec), length=len(text), max=spec.max_length))


def _check_chars(spec: FieldSpec, text: str, strict: bool) -> None:
    if _has_bad_chars(text, strict):
        raise _Bad(Text(N_("{label} contains control or invisible characters"),
                        label=_label(spec)))


def _url_value(spec: FieldSpec, raw: Any) -> str | None:
    text = _as_text(spec, raw)
    if text is None:
        return None
    _check_length(spec, text)
    _check_chars(spec, text, strict=True)
    if not _link_ok(text):
        raise _Bad(Text(N_("{label} must be a web address (http:// or https://), a domain or a "
                           "username, with no spaces"), label=_label(spec)))
    return text


def _text_value(spec: FieldSpec, raw: Any) -> str | None:
    text = _as_text(spec, raw)
    if text is None:
        return None
    if spec.pattern is not None and not re.fullmatch(spec.pattern, text):
        raise _Bad(Text(spec.pattern_problem or N_("{label} is not in the expected form"),
                        label=_label(spec)))
    _check_length(spec, text)
    _check_chars(spec, text, strict=not spec.spaces)
    if not spec.spaces and _has_space(text):
        raise _Bad(Text(N_("{label} must be a single word with no spaces"), label=_label(spec)))
    return text.upper() if spec.upper else text


# Languages whose decimal separator is a comma (so "." groups digits: Turkish "1.000" = 1000).
_COMMA_DECIMAL = frozenset({
    "tr", "az", "de", "fr", "es", "it", "pt", "ru", "uk", "be", "kk", "uz", "ky", "tk", "pl", "cs",
    "sk", "sl", "hr", "sr", "bs", "bg", "ro", "hu", "nl", "da", "nb", "nn", "no", "sv", "fi", "et",
    "lv", "lt", "el", "id", "vi", "ka", "hy", "mn", "sq", "mk", "is",
})
_SPACE_GROUPS = "\u00a0\u202f\u2009 "  # no-break, narrow no-break, thin and plain spaces


class NotWholeNumber(ValueError):
    """What was typed is not a whole number in the person's locale (``150.5``, ``150,5``,
    ``1e3``, ``+5``, ``1,00``). ``typed`` is the text, kept for the message."""

    def __init__(self, typed: str) -> None:
        super().__init__(typed)
        self.typed = typed


def group_separator(locale_hint: str | None) -> str | None:
    """The digit-grouping character of a locale name (``"en_US"`` -> ``","``, ``"tr_TR"`` ->
    ``"."``); None for no hint (then no grouping is accepted)."""
    if not locale_hint:
        return None
    language = re.split(r"[_\-.@]", locale_hint.strip(), maxsplit=1)[0].casefold()
    if not language or language == "c":
        return ","
    return "." if language in _COMMA_DECIMAL else ","


def parse_whole_number(text: str, locale_hint: str | None = None) -> int | None:
    """The whole number a person typed, exactly, or ``NotWholeNumber``; None for blank text.

    ASCII digits, optionally with a leading ``-`` (so a range check can say why it is refused;
    nothing is dropped). Digit grouping in the person's locale is accepted as what it means —
    ``1,000`` with an English hint, ``1.000`` with a Turkish one, ``1 000`` with any hint —
    but only in well-formed groups of three: ``150,5`` is never 1505, ``1,00`` never 100.
    Decimals, exponents (``1e3``), ``+``, other separators and letters are refused; the number
    is never changed. This is the one parser of typed whole numbers: the order form and mass
    order lines both use it.
    """
    stripped = text.strip()
    if not stripped:
        return None
    sign = -1 if stripped[0] in "-\u2212" else 1
    body = stripped[1:] if sign < 0 else stripped
    if body.isascii() and body.isdigit():
        digits = body
    else:
        sep = group_separator(locale_hint)
        groups = None
        if sep is not None:
            for candidate in (sep, *_SPACE_GROUPS):
                if candidate in body:
                    groups = body.split(candidate)
                    break
        if (groups is None or not all(g.isascii() and g.isdigit() for g in groups)
                or not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
            raise NotWholeNumber(stripped)
        digits = "".join(groups)
    digits = digits.lstrip("0") or "0"
    return sign * (_HUGE if len(digits) > 30 else int(digits))


def whole_number_problem(label: str, typed: str) -> Text:
    """The refusal of ``typed`` for the field ``label``: it says why (whole numbers only)."""
    shown = typed if len(typed) <= 24 else typed[:23] + "…"
    return Text(N_("{label} takes whole numbers only; “{typed}” is not one"),
                label=Text(label), typed=shown)


def _parse_int(spec: FieldSpec, raw: Any) -> int | None:
    """An int from an int or a string of ASCII digits (``-`` allowed, so the range check can
    say what is wrong). Floats, bools, ``"1e3"``, ``"1.0"`` are not whole numbers here; digit
    grouping neither (the form and mass order read the person's locale with
    ``parse_whole_number`` and pass plain digits)."""
    if raw is None:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        try:
            return parse_whole_number(raw, None)
        except NotWholeNumber as bad:
            raise _Bad(whole_number_problem(spec.label, bad.typed)) from None
    raise _Bad(Text(N_("{label} must be a whole number"), label=_label(spec)))


def _int_value(spec: FieldSpec, raw: Any) -> str | None:
    number = _parse_int(spec, raw)
    if number is None:
        return None
    lo = spec.min if spec.min is not None else 0
    if number < lo or (spec.max is not None and number > spec.max):
        if spec.max is None:
            raise _Bad(Text(N_("{label} must be at least {min}"), label=_label(spec), min=lo))
        raise _Bad(Text(N_("{label} must be between {min} and {max}"),
                        label=_label(spec), min=lo, max=spec.max))
    return str(number)


def _lines(spec: FieldSpec, raw: Any) -> list[str]:
    """Non-empty, stripped lines of a list value (a string, or a list/tuple of strings)."""
    if raw is None:
        return []
    parts = [raw] if isinstance(raw, str) else raw if isinstance(raw, list | tuple) else None
    if parts is None or not all(isinstance(p, str) for p in parts):
        raise _Bad(Text(N_("{label} must be text, one item per line"), label=_label(spec)))
    out: list[str] = []
    for part in parts:
        out.extend(s for line in re.split(r"\r\n|\r|\n", part) if (s := line.strip()))
    return out


# Count problems name the thing counted, so each is its own translatable sentence.
_LIST_TEXTS: dict[str, tuple[str, str, str]] = {
    # field: (none given, fewer than min, more than max)
    "comments": (
        N_("Enter at least one comment (one per line)"),
        N_("Enter at least {min} comments (one per line); you entered {count}"),
        N_("Enter at most {max} comments (one per line); you entered {count}"),
    ),
    "usernames": (
        N_("Enter at least one username (one per line)"),
        N_("Enter at least {min} usernames (one per line); you entered {count}"),
        N_("Enter at most {max} usernames (one per line); you entered {count}"),
    ),
    "hashtags": (
        N_("Enter at least one hashtag (one per line)"),
        N_("Enter at least {min} hashtags (one per line); you entered {count}"),
        N_("Enter at most {max} hashtags (one per line); you entered {count}"),
    ),
    "keywords": (
        N_("Enter at least one keyword (one per line)"),
        N_("Enter at least {min} keywords (one per line); you entered {count}"),
        N_("Enter at most {max} keywords (one per line); you entered {count}"),
    ),
    "groups": (
        N_("Enter at least one group (one per line)"),
        N_("Enter at least {min} groups (one per line); you entered {count}"),
        N_("Enter at most {max} groups (one per line); you entered {count}"),
    ),
}
_LIST_GENERIC = (
    N_("{label}: enter at least one line"),
    N_("{label}: enter at least {min} lines; you entered {count}"),
    N_("{label}: enter at most {max} lines; you entered {count}"),
)


def _list_value(spec: FieldSpec, raw: Any) -> str | None:
    lines = _lines(spec, raw)
    if not lines:
        return None
    texts = _LIST_TEXTS.get(spec.name, _LIST_GENERIC)
    count = len(lines)
    if spec.min is not None and count < spec.min:
        raise _Bad(Text(texts[1], label=_label(spec), min=spec.min, count=count))
    if spec.max is not None and count > spec.max:
        raise _Bad(Text(texts[2], label=_label(spec), max=spec.max, count=count))
    for number, line in enumerate(lines, start=1):
        if _has_bad_chars(line, strict=not spec.spaces):
            raise _Bad(Text(N_("Line {line} of {label} contains control or invisible characters"),
                            line=number, label=_label(spec)))
        if not spec.spaces and _has_space(line):
            raise _Bad(Text(N_("Line {line} of {label} must be a single word with no spaces"),
                            line=number, label=_label(spec)))
        if spec.max_length is not None and len(line) > spec.max_length:
            raise _Bad(Text(
                N_("Line {line} of {label} is too long ({length} characters; at most {max})"),
                line=number, label=_label(spec), length=len(line), max=spec.max_length))
    return "\n".join(lines)


def _choice_value(spec: FieldSpec, raw: Any) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        text = _arg_str(raw)
    elif isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None
        if text.isascii() and text.isdigit() and len(text) < 12:
            text = str(int(text))  # "05" -> "5"
    else:
        text = None
    if text not in spec.choice_values:
        raise _Bad(Text(N_("{label} must be one of: {choices}"),
                        label=_label(spec), choices=", ".join(spec.choice_values)))
    return text


def _today() -> dt.date:
    return dt.date.today()


_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _parse_date(text: str) -> dt.date | None:
    try:
        if m := _DMY.fullmatch(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _ISO.fullmatch(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return None


def _date_value(spec: FieldSpec, raw: Any) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        day: dt.date | None = raw.date()
    elif isinstance(raw, dt.date):
        day = raw
    elif isinstance(raw, str):
        if not raw.strip():
            return None
        day = _parse_date(raw.strip())
    else:
        day = None
    if day is None:
        raise _Bad(Text(N_("{label} must be a date as day/month/year, for example 31/12/2025"),
                        label=_label(spec)))
    if day < _today():
        raise _Bad(Text(N_("{label} must not be in the past"), label=_label(spec)))
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"  # PHP's d/m/Y


_CHECKERS: dict[FieldKind, Callable[[FieldSpec, Any], str | None]] = {
    FieldKind.URL: _url_value,
    FieldKind.TEXT: _text_value,
    FieldKind.INTEGER: _int_value,
    FieldKind.LIST: _list_value,
    FieldKind.CHOICE: _choice_value,
    FieldKind.DATE: _date_value,
}


def _is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple):
        return all(isinstance(p, str) and not p.strip() for p in raw)
    return False


def _values(values: Any) -> Mapping[str, Any]:
    return values if isinstance(values, Mapping) else {}


def _evaluate(service: Service, values: Any) -> tuple[dict[str, str], dict[str, str]]:
    """(form, problems): the form to send and every problem found."""
    vals = _values(values)
    st, _ = type_of(service)
    form: dict[str, str] = {"service": _arg_str(service.id)}
    problems: dict[str, str] = {}

    if not service.dripfeed:
        for spec in st.fields:
            if spec.dripfeed and not _is_blank(vals.get(spec.name)):
                problems[spec.name] = Text(
                    N_("This service does not offer drip-feed; leave {label} empty"),
                    label=_label(spec))

    for spec in fields_for(service):
        if spec.depends_on is not None and form.get(spec.depends_on[0]) != spec.depends_on[1]:
            continue  # not used with the chosen option, so not sent either
        try:
            value = _CHECKERS[spec.kind](spec, vals.get(spec.name))
        except _Bad as bad:
            problems[spec.name] = bad.problem
            continue
        if value is not None:
            form[spec.name] = value
        elif spec.required or spec.depends_on is not None:
            if spec.kind is FieldKind.LIST:
                texts = _LIST_TEXTS.get(spec.name, _LIST_GENERIC)
                problems[spec.name] = Text(texts[0], label=_label(spec))
            else:
                problems[spec.name] = Text(N_("{label} is required"), label=_label(spec))

    if service.dripfeed:
        drip = [s for s in st.fields if s.dripfeed]
        given = [s for s in drip if s.name in form]
        if given and len(given) < len(drip):
            for spec in drip:
                if spec.name not in form and spec.name not in problems:
                    problems[spec.name] = Text(
                        N_("For drip-feed enter both runs and interval, or leave both empty"))

    low, high = form.get("min"), form.get("max")
    if st.key == "subscriptions" and low and high and int(low) > int(high):
        problems["max"] = Text(
            N_("Maximum per post must not be less than the minimum ({min})"), min=int(low))
    return form, problems


def validate(service: Service, values: Any) -> dict[str, str]:
    """Field name -> problem (a ``Text``); ``{}`` means the form can be sent. Never raises."""
    return _evaluate(service, values)[1]


def payload(service: Service, values: Any) -> dict[str, str]:
    """The exact form fields for ``add`` (without ``key``/``action``): every value a ``str``,
    ``service`` included, empty optional fields left out, lists one item per ``\\n`` line.
    Raises ``ValidationError`` when ``validate`` finds problems."""
    form, problems = _evaluate(service, values)
    if problems:
        raise ValidationError(problems)
    return form


def evaluate(service: Service, values: Any) -> tuple[dict[str, str], dict[str, str]]:
    """``payload`` and ``validate`` in one pass: (the form for ``add``, the problems). The form
    is only to be sent when there are no problems. Never raises."""
    return _evaluate(service, values)


# The fields an order's target is typed in: a link, or the profile of the types that take a
# username instead (mentions of a user's followers, comment likes, subscriptions).
_TARGET_FIELDS = ("link", "username")


def link_of(values: Mapping[str, Any]) -> str | None:
    """The target of an order — its ``link``, else its ``username`` — from the typed values or
    the payload alike; None when neither is given. The one reading of "the link of an order"
    (the duplicate check, the history's link column, routes, the schedules list)."""
    for name in _TARGET_FIELDS:
        value = values.get(name)
        if value:
            return str(value)
    return None


# --------------------------------------------------------------------------- quantity & money


def _int_or_none(spec: FieldSpec, raw: Any) -> int | None:
    try:
        return _parse_int(spec, raw)
    except _Bad:
        return None


def quantity_of(service: Service, values: Any) -> int | None:
    """The quantity the form orders (per run for drip-feed; per post for Subscriptions: its
    ``max``; the number of lines for Custom Comments, Comment Replies, Mentions Custom List).
    None for the package types and when it cannot be read. Never raises."""
    st, _ = type_of(service)
    if st.quantity_from is None:
        return None
    spec = st.field(st.quantity_from)
    if spec is None:
        return None
    raw = _values(values).get(spec.name)
    if spec.kind is FieldKind.LIST:
        try:
            return len(_lines(spec, raw))
        except _Bad:
            return None
    number = _int_or_none(spec, raw)
    return number if number is not None and number >= 0 else None


def _runs(service: Service, values: Any) -> int:
    """Drip-feed runs when the service has drip-feed and runs is a valid count, else 1."""
    st, _ = type_of(service)
    spec = st.field("runs")
    if not service.dripfeed or spec is None or not spec.dripfeed:
        return 1
    runs = _int_or_none(spec, _values(values).get("runs"))
    if runs is None or not (spec.min or 2) <= runs <= (spec.max or DRIPFEED_MAX_RUNS):
        return 1
    return runs


def posts_of(service: Service, values: Any) -> int | None:
    """Subscriptions: the number of new posts entered (None when blank or unreadable, and for
    every other type)."""
    st, _ = type_of(service)
    spec = st.field("posts")
    if st.key != "subscriptions" or spec is None:
        return None
    posts = _int_or_none(spec, _values(values).get("posts"))
    return posts if posts is not None and posts >= 1 else None


def _multiplier(service: Service, values: Any) -> int:
    """Drip-feed runs, or a subscription's posts (one when not given), else 1."""
    st, _ = type_of(service)
    if st.key == "subscriptions":
        return posts_of(service, values) or 1
    return _runs(service, values)


def total_quantity(service: Service, values: Any) -> int | None:
    """``quantity_of`` times drip-feed runs; for Subscriptions ``max`` × posts (the quantity the
    panel records and charges: one post when the posts are not given)."""
    quantity = quantity_of(service, values)
    return None if quantity is None else quantity * _multiplier(service, values)


def _charge(rate: Decimal, quantity: int, times: int) -> Decimal:
    try:
        with localcontext() as ctx:
            ctx.prec = 60
            return rate * Decimal(quantity) * times / 1000
    except (DecimalException, OverflowError, ValueError):
        return Decimal(0)


def estimate(service: Service, values: Any) -> Decimal:
    """The expected charge, exact (no rounding for any realistic value): ``rate × quantity /
    1000``, times runs for drip-feed; the rate itself for the package types. For Subscriptions
    it is the most the posts entered can cost, ``rate × max × posts / 1000`` (what the panel
    charges up front; one post when the posts are not given: see ``per_post_estimate``).
    ``Decimal(0)`` while the quantity cannot be read. Never raises."""
    st, _ = type_of(service)
    rate = service.rate if isinstance(service.rate, Decimal) else Decimal(0)
    if st.package:
        return rate
    quantity = quantity_of(service, values)
    if quantity is None:
        return Decimal(0)
    return _charge(rate, quantity, _multiplier(service, values))


def per_post_estimate(service: Service, values: Any) -> Decimal | None:
    """Subscriptions: the most one post can cost (``rate × max / 1000``); None for other types
    or while ``max`` cannot be read. Never raises."""
    st, _ = type_of(service)
    if st.key != "subscriptions":
        return None
    quantity = quantity_of(service, values)
    if quantity is None:
        return None
    rate = service.rate if isinstance(service.rate, Decimal) else Decimal(0)
    return _charge(rate, quantity, 1)


# --------------------------------------------------------------------------- tooling


def refused_choice_key(name: str, value: str) -> str:
    """How a refused choice is remembered in ``Panel.unsupported``: ``"choice:delay=120"``."""
    return f"choice:{name}={value}"


def refused_choices(unsupported: Iterable[str], name: str) -> set[str]:
    """The values of choice field ``name`` the panel refused before (from ``Panel.unsupported``)."""
    prefix = f"choice:{name}="
    return {x[len(prefix):] for x in unsupported if x.startswith(prefix)}


def refused_choice(service: Service, payload: Mapping[str, Any], message: str) -> str | None:
    """The choice field a panel's refusal names ("Incorrect delay", "neworder.error.delay"),
    when ``payload`` holds a value for it; None otherwise."""
    words = set(re.findall(r"[a-z]+", (message or "").lower()))
    for spec in fields_for(service):
        if (spec.kind is FieldKind.CHOICE and spec.name in payload
                and all(w in words for w in spec.name.split("_"))):
            return spec.name
    return None


def translatable_strings() -> list[str]:
    """Every ``N_("…")`` literal in this module, in order (for building translation files)."""
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "N_" and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)):
            found.append(node.args[0].value)
    return list(dict.fromkeys(found))
