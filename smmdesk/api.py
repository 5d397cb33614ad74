"""The panel API client: one ``PanelClient`` per panel, HTTP in, typed values out.

Layers, from the outside in:

* ``PanelClient`` sends one POST per call (``key``, ``action``, params as form fields), never
  follows a redirect, retries *reads* only, and turns transport failures into ``NetworkError``.
* ``decode_body`` turns a raw HTTP answer into decoded JSON or the right ``PanelError``.
* ``parse_*`` turn decoded JSON into models. They are pure, so they can be fuzzed without HTTP,
  and they accept every dialect panels are seen speaking (strings or numbers anywhere,
  ``status: success`` wrappers, list or object batch answers, spelling drift in statuses).

Nothing here ever puts the API key in a message, a ``repr`` or a log record.
"""

from __future__ import annotations

import json
import logging
import random
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from smmdesk import panelurl, redact
from smmdesk.deadline import Deadline as _Deadline
from smmdesk.errors import (
    AnswerTooLargeError,
    ApiError,
    BadResponseError,
    DeadlineExceededError,
    ErrorKind,
    FieldTooLongError,
    NetworkError,
    PanelError,
    RateLimitedError,
    Stopped,
    TooManyServicesError,
)
from smmdesk.models import Balance, OrderState, OrderStatus, Service, SubmitState

if TYPE_CHECKING:
    import requests

__all__ = [
    "BATCH_SIZE",
    "FIELD_LIMITS",
    "MAYBE_SENT",
    "UNKNOWN_MAX",
    "USER_AGENT",  # noqa: F822 (module __getattr__: read when asked)
    "AddAnswer",
    "AnswerLimits",
    "AnswerTooLargeError",
    "ApiError",
    "BadResponseError",
    "DeadlineExceededError",
    "ErrorKind",
    "FieldTooLongError",
    "NetworkError",
    "PanelClient",
    "PanelError",
    "RateLimitedError",
    "Stopped",
    "TooManyServicesError",
    "classify_add",
    "classify_error",
    "decode_body",
    "normalize_state",
    "parse_add",
    "parse_balance",
    "parse_cancel",
    "parse_refill",
    "parse_refill_status",
    "parse_refill_statuses",
    "parse_refills",
    "parse_services",
    "parse_services_report",
    "parse_status",
    "parse_statuses",
    "read_services",
]

log = logging.getLogger(__name__)

BATCH_SIZE = 100  # ids per status/refill/cancel request: the panels' documented limit
# Requests one client may have in flight at once (reads only; the app never parallels writes).
MAX_PARALLEL = 4


def __getattr__(name: str) -> Any:
    # ``USER_AGENT`` names requests' version: read when asked, so importing this module does
    # not load requests (``_transport``).
    if name == "USER_AGENT":
        return _transport().USER_AGENT
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _transport() -> ModuleType:
    """requests, urllib3 and the deadline-aware adapter (``smmdesk.transport``), loaded with the
    first request or network error rather than at start-up, where they took ~80 ms."""
    from smmdesk import transport  # deliberately lazy: requests and urllib3 (~80 ms at start-up)

    return transport
# The last sentence of every NetworkError that may have reached the panel (maybe_sent=True);
# ``Workspace.place_order`` words it for an order ("the order may have been placed").
MAYBE_SENT = "The request was sent and may have been carried out."
SNIPPET_LEN = 120
CONNECT_TIMEOUT_CAP = 10.0
MISSING = "missing from the panel's answer"
UNREADABLE = "unreadable item in the panel's answer"

# Limits on what a panel may send (a hostile or broken panel must not exhaust memory or hang).
MAX_ANSWER_BYTES = 64 * 1024 * 1024  # one answer, after decompression
MAX_SERVICES = 100_000  # big panels list a few thousand
# The whole request (connect, headers, body), whatever the per-read timeout: at least this, and
# at least DEADLINE_FACTOR × the read timeout.
MIN_DEADLINE = 120.0
DEADLINE_FACTOR = 4
# Characters per text field; longer is refused with FieldTooLongError (naming the field).
FIELD_LIMITS: dict[str, int] = {
    "name": 1_000,
    "category": 1_000,
    "type": 100,
    "description": 100_000,
    "average_time": 100,
    "currency": 10,  # a code ("USD", "USDT") or a symbol ("₺")
    "status": 200,
}


@dataclass(frozen=True, slots=True)
class AnswerLimits:
    """The caps a client puts on each answer. ``deadline`` None: see ``MIN_DEADLINE``."""

    max_bytes: int = MAX_ANSWER_BYTES
    max_services: int = MAX_SERVICES
    deadline: float | None = None


# A service whose ``max`` cannot be read (missing, "", "Unlimited", "10K", negative) gets this:
# 2,147,483,647, the number panels themselves send for "no maximum" (the largest maximum in six
# of the eight real catalogues in the team's references). The panel still checks its real
# limit when the order arrives and refuses beyond it — a refusal, nothing charged. Taking the
# minimum instead (as before) refused every quantity but one, a limit no panel gave.
UNKNOWN_MAX = 2_147_483_647

_MAX_ID = 2**63 - 1  # SQLite INTEGER
_MAX_EXP = 30  # |numbers| ≥ 1e30 are not money or counts: refuse rather than compute with them

K = TypeVar("K", int, str)


# --------------------------------------------------------------------------- states and errors

_STATE_WORDS: dict[str, OrderState] = {
    "pending": OrderState.PENDING,
    "awaiting": OrderState.PENDING,
    "in progress": OrderState.IN_PROGRESS,
    "in progess": OrderState.IN_PROGRESS,  # sic, seen in the wild
    "inprogress": OrderState.IN_PROGRESS,
    "progress": OrderState.IN_PROGRESS,
    "processing": OrderState.PROCESSING,
    "completed": OrderState.COMPLETED,
    "complete": OrderState.COMPLETED,
    "partial": OrderState.PARTIAL,
    "partially completed": OrderState.PARTIAL,
    "canceled": OrderState.CANCELED,
    "cancelled": OrderState.CANCELED,
    "cancel": OrderState.CANCELED,
    "refunded": OrderState.CANCELED,
    "error": OrderState.FAILED,
    "fail": OrderState.FAILED,
    "failed": OrderState.FAILED,
}
_SEPARATORS = re.compile(r"[\s_\-]+")


def _norm_words(text: str) -> str:
    return _SEPARATORS.sub(" ", text).strip().lower()


def normalize_state(raw: Any) -> OrderState:
    """Map a panel's status text to an ``OrderState``; anything unknown is ``UNKNOWN``."""
    if not isinstance(raw, str):
        return OrderState.UNKNOWN
    return _STATE_WORDS.get(_norm_words(raw), OrderState.UNKNOWN)


# Checked in order; the first hit wins. Patterns are matched against the lowercased text.
_ERROR_PATTERNS: tuple[tuple[ErrorKind, re.Pattern[str]], ...] = (
    (ErrorKind.UNSUPPORTED, re.compile(r"incorrect request|incorrect[ _]action|unknown action")),
    (ErrorKind.AUTH, re.compile(r"(?<![a-z])(api[ _.-]?)?key(?![a-z])|apikey|unauthori[sz]ed")),
    (ErrorKind.FUNDS, re.compile(r"fund|balance|not[ _]enough")),
    (ErrorKind.QUANTITY, re.compile(r"quantity|minimal|maximum|(min|max)[ _]qty")),
    (ErrorKind.LINK_BUSY, re.compile(r"active order|link[ _.]?duplicate|duplicate[ _.]?link")),
    (ErrorKind.SERVICE, re.compile(r"service[ _.]?id|incorrect[ _.]service|service")),
    (ErrorKind.ORDER_ID, re.compile(r"order[ _.]?id|incorrect[ _.]order|order not found")),
)


def classify_error(text: Any) -> ErrorKind:
    """What kind of refusal a panel's error text is (substring match, case-insensitive)."""
    if not isinstance(text, str):
        return ErrorKind.OTHER
    low = text.lower()
    for kind, pattern in _ERROR_PATTERNS:
        if pattern.search(low):
            return kind
    return ErrorKind.OTHER


def _error_text(value: Any) -> str:
    """The panel's error value as text, exactly when it is a string."""
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, default=str, ensure_ascii=False)[:500]
    except (TypeError, ValueError, RecursionError):
        return "error"


def _api_error(value: Any, key: str | None = None) -> ApiError:
    """The panel's refusal, its text kept exactly, except that a key echoed back is masked."""
    text = _error_text(value)
    kind = classify_error(text)
    if key:
        text = text.replace(key, redact.MASK)
    return ApiError(redact.scrub(text), kind)


def _is_blank(value: Any) -> bool:
    """None, False, 0, "" or an empty container: an ``error`` field that says nothing."""
    if value is None or isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value == 0
    if isinstance(value, str | list | dict):
        return not value
    return False


def _whole_call_error(obj: Any, key: str | None = None) -> ApiError | None:
    """A top-level ``error`` key is a failure of the whole call.

    A falsy ``error`` beside real fields (``"error": null`` next to an order) is not.
    """
    if isinstance(obj, dict) and "error" in obj:
        value = obj["error"]
        if len(obj) == 1 or not _is_blank(value):
            return _api_error(value, key)
    return None


def _raise_if_error(obj: Any) -> None:
    err = _whole_call_error(obj)
    if err is not None:
        raise err


def _shape(what: str, obj: Any = None) -> BadResponseError:
    snippet = what
    if obj is not None:
        snippet += ": " + _snip(_error_text(obj))
    return BadResponseError("shape", snippet=_snip(snippet))


# --------------------------------------------------------------------------- scalar coercion


def _decimal(value: Any) -> Decimal | None:
    """A finite, sanely sized Decimal from a number or numeric string, else None. No float math."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, int):
        if abs(value) >= 10**_MAX_EXP:
            return None
        d = Decimal(value)
    elif isinstance(value, float):
        d = Decimal(repr(value))  # via str: 0.1 stays 0.1
    elif isinstance(value, str):
        s = value.strip().replace(",", "") if value.count(",") and "." in value else value.strip()
        if not s or len(s) > 100:
            return None
        try:
            d = Decimal(s)
        except (InvalidOperation, ValueError):
            return None
    else:
        return None
    if not d.is_finite():
        return None
    if d.is_zero():
        return Decimal(0) if d.adjusted() < -_MAX_EXP else d
    if not -_MAX_EXP <= d.adjusted() < _MAX_EXP:
        return None
    return d


def _int(value: Any) -> int | None:
    """An integer from an int, an integral Decimal/float or a numeric string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) <= _MAX_ID else None
    d = _decimal(value)
    if d is None or d != d.to_integral_value():
        return None
    n = int(d)
    return n if abs(n) <= _MAX_ID else None


def _id(value: Any) -> int | None:
    """An order/service id: a non-negative integer."""
    n = _int(value)
    return n if n is not None and n >= 0 else None


_TRUE_WORDS = {"1", "true", "yes", "y", "on", "enabled"}


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal | float):
        try:
            return bool(value) and value == value  # NaN is not True
        except (InvalidOperation, TypeError):
            return False
    if isinstance(value, str):
        return value.strip().lower() in _TRUE_WORDS
    return False


def _text(value: Any) -> str | None:
    """A string field sent as string or number; None for anything structured or missing."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | Decimal):
        return str(value)
    return None


# --------------------------------------------------------------------------- decoding HTTP

_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_CF_MARKERS = (
    "just a moment",
    "attention required",
    "cf-browser-verification",
    "challenge-platform",
    "cf_chl_",
    "cf-chl-",
)


def _snip(text: str, key: str | None = None, *, html: bool = False) -> str:
    """At most SNIPPET_LEN chars of ``text``: whitespace collapsed, tags stripped, key-free."""
    if html:
        m = _TITLE.search(text[:200_000])
        title = _TAGS.sub(" ", m.group(1)) if m else ""
        text = title if title.strip() else _TAGS.sub(" ", _SCRIPTS.sub(" ", text[:200_000]))
        text = text.replace("&nbsp;", " ").replace("&amp;", "&")
    text = _SPACE.sub(" ", text[:20_000]).strip()
    if key:
        text = text.replace(key, redact.MASK)
    text = redact.scrub(text)
    if len(text) > SNIPPET_LEN:
        text = text[: SNIPPET_LEN - 1].rstrip() + "…"
    return text


def _parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date); None when absent/garbled."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return None
    return max(0.0, seconds)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"not JSON: {name}")


def _looks_html(text: str, content_type: str) -> bool:
    head = text[:1000].lstrip().lower()
    return (
        "html" in content_type
        or head.startswith("<")
        or "<html" in head
        or "<!doctype" in head
        or "<body" in head
    )


def _object_counter(limit: int) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """An ``object_pairs_hook`` that stops decoding once more than ``limit`` objects (and a few
    wrappers) were built, so two million services are refused before they are all in memory."""
    count = 0

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal count
        count += 1
        if count > limit + 16:
            raise TooManyServicesError(limit)
        return dict(pairs)

    return hook


def decode_body(
    status_code: int,
    headers: Mapping[str, str] | None,
    text: str,
    *,
    key: str | None = None,
    max_services: int | None = None,
    whole_call_errors: bool = True,
) -> Any:
    """Raw HTTP answer -> decoded JSON (``Decimal`` for every non-integer number).

    Raises ``RateLimitedError`` (429), ``ApiError`` (an ``{"error": …}`` object, also with 4xx)
    or ``BadResponseError`` (redirect, html, cloudflare, empty, invalid_json, http).
    ``max_services``: refuse (``TooManyServicesError``) an answer holding more objects than that
    (and a few wrappers) while decoding it. ``whole_call_errors=False``: an object with an
    ``error`` (HTTP 2xx or 4xx) is returned as decoded, not raised — for ``add``, whose answer
    ``classify_add`` reads whole (an error beside an order id is not a refusal).
    """
    hdrs = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
    if 300 <= status_code < 400:
        location = hdrs.get("location")
        if location is not None:
            location = _snip(location, key)
        raise BadResponseError("redirect", status_code=status_code, location=location)
    if status_code == 429:
        raise RateLimitedError(_parse_retry_after(hdrs.get("retry-after")))

    body = text.lstrip("\ufeff")  # a BOM from PHP panels is not a JSON error
    stripped = body.strip()
    ok = 200 <= status_code < 300
    if stripped:
        try:
            obj = json.loads(
                stripped,
                parse_float=Decimal,
                parse_constant=_reject_constant,
                object_pairs_hook=(
                    _object_counter(max_services) if max_services is not None else None
                ),
            )
        except (ValueError, RecursionError):
            pass
        else:
            err = _whole_call_error(obj, key)
            if err is not None and status_code < 500:
                if not whole_call_errors:
                    return obj
                raise err
            if ok:
                return obj
            # The snippet from the decoded value: a key JSON-escaped in the raw text ("Ab\/cd")
            # is plain again here, where the redaction sees it.
            raise BadResponseError(
                "http", status_code=status_code, snippet=_snip(_error_text(obj), key)
            )

    content_type = hdrs.get("content-type", "").lower()
    low = body[:50_000].lower()
    cf_headers = "cloudflare" in hdrs.get("server", "").lower() or "cf-ray" in hdrs
    if any(m in low for m in _CF_MARKERS) or (cf_headers and status_code in (403, 503)):
        raise BadResponseError(
            "cloudflare", status_code=status_code, snippet=_snip(body, key, html=True)
        )
    if stripped and _looks_html(body, content_type):
        raise BadResponseError("html", status_code=status_code, snippet=_snip(body, key, html=True))
    if not ok:
        raise BadResponseError("http", status_code=status_code, snippet=_snip(body, key))
    if not stripped:
        raise BadResponseError("empty", status_code=status_code)
    raise BadResponseError("invalid_json", status_code=status_code, snippet=_snip(body, key))


# --------------------------------------------------------------------------- parsers


# Why a service row could not be read (``read_services``): the keys of its ``unreadable`` count.
UNREADABLE_REASONS = ("id", "name", "rate", "duplicate", "not_an_object")


def read_services(
    obj: Any, *, max_services: int = MAX_SERVICES
) -> tuple[list[Service], dict[str, int]]:
    """The services a panel lists, and how many rows could not be read, by reason: ``"id"``
    (no id, or not a whole number: real panels send ids like "12a"), ``"name"`` (none),
    ``"rate"`` (no readable price), ``"duplicate"`` (an id listed twice: the first is kept),
    ``"not_an_object"``. The person is told these counts, not just the log.

    More than ``max_services`` rows raise ``TooManyServicesError``; a text field longer than its
    ``FIELD_LIMITS`` entry raises ``FieldTooLongError``.
    """
    _raise_if_error(obj)
    if isinstance(obj, dict):
        # A few panels wrap the list; accept {"services": [...]} / {"data": [...]}.
        for name in ("services", "data"):
            if isinstance(obj.get(name), list):
                obj = obj[name]
                break
    if not isinstance(obj, list):
        raise _shape("services: expected a list", obj)
    if len(obj) > max_services:
        raise TooManyServicesError(max_services)
    services: list[Service] = []
    seen: set[int] = set()
    unreadable: dict[str, int] = {}
    for row in obj:
        service = _service(row)
        reason = (_unreadable_reason(row) if service is None
                  else "duplicate" if service.id in seen else None)
        if reason is not None:
            unreadable[reason] = unreadable.get(reason, 0) + 1
            continue
        assert service is not None
        seen.add(service.id)
        services.append(service)
    return services, unreadable


def _unreadable_reason(row: Any) -> str:
    if not isinstance(row, dict):
        return "not_an_object"
    if _id(row.get("service", row.get("id"))) is None:
        return "id"
    name = _text(row.get("name"))
    if name is None or not name.strip():
        return "name"
    return "rate"


def parse_services_report(
    obj: Any, *, max_services: int = MAX_SERVICES
) -> tuple[list[Service], int]:
    """The services a panel lists, and how many rows were skipped as unreadable (see
    ``read_services`` for why, and for the limits)."""
    services, unreadable = read_services(obj, max_services=max_services)
    return services, sum(unreadable.values())


def parse_services(obj: Any) -> list[Service]:
    services, skipped = parse_services_report(obj)
    if skipped:
        log.warning("services: skipped %d unreadable or duplicate rows", skipped)
    return services


def _capped(value: str | None, field: str) -> str | None:
    """``value`` unless it is longer than the field's limit (then ``FieldTooLongError``)."""
    limit = FIELD_LIMITS[field]
    if value is not None and len(value) > limit:
        raise FieldTooLongError(field, limit, len(value))
    return value


def _service(row: Any) -> Service | None:
    if not isinstance(row, dict):
        return None
    sid = _id(row.get("service", row.get("id")))
    name = _capped(_text(row.get("name")), "name")
    rate = _decimal(row.get("rate"))
    if sid is None or name is None or not name.strip() or rate is None or rate < 0:
        return None
    lo = _int(row.get("min"))
    hi = _int(row.get("max"))
    lo = 1 if lo is None or lo < 0 else lo
    hi = UNKNOWN_MAX if hi is None or hi < 0 else hi
    type_ = _capped(_text(row.get("type")), "type")
    desc = _text(row.get("desc"))
    if desc is None:
        desc = _text(row.get("description"))
    _capped(desc, "description")
    _capped(_text(row.get("category")), "category")
    average = _text(row.get("average_time"))
    if average is not None and len(average) > FIELD_LIMITS["average_time"]:
        # A hint shown in one column, not worth refusing the whole list for (a panel wrote a
        # paragraph there, or a 400-digit number): that service is listed without it.
        log.warning("services: an average time of %d characters left out", len(average))
        average = None
    return Service(
        id=sid,
        name=name.strip(),
        type=(type_ or "").strip() or "Default",
        category=(_text(row.get("category")) or "").strip(),
        rate=rate,
        min=lo,
        max=hi,
        refill=_bool(row.get("refill")),
        cancel=_bool(row.get("cancel")),
        dripfeed=_bool(row.get("dripfeed")),
        description=desc or "",
        average_time=average or None,
    )


def parse_balance(obj: Any) -> Balance:
    _raise_if_error(obj)
    if not isinstance(obj, dict):
        raise _shape("balance: expected an object", obj)
    amount = _decimal(obj.get("balance"))
    if amount is None:
        raise _shape("balance: no readable balance", obj)
    currency = _capped((_text(obj.get("currency")) or "").strip(), "currency") or ""
    return Balance(amount=amount, currency=currency)


@dataclass(frozen=True, slots=True)
class AddAnswer:
    """A panel's answer to ``add``, classified once (``classify_add``).

    ``outcome``: ``PLACED`` (``order`` is the panel's id; ``text`` is anything else the panel
    said beside it, kept as a note), ``REJECTED`` (nothing was placed; ``text`` is the panel's
    refusal, ``kind`` its kind) or ``UNCERTAIN`` (the answer does not say; ``text`` says what
    was wrong with it, in a sentence of its own). ``order`` is set exactly when PLACED."""

    outcome: SubmitState
    order: int | None = None
    text: str = ""
    kind: ErrorKind = ErrorKind.OTHER


def _blank_id(value: Any) -> bool:
    """An ``order`` that names no order at all, as PHP panels write "none": absent, null, "",
    false, 0 or "0"."""
    if isinstance(value, str):
        return value.strip() in ("", "0")
    return _is_blank(value)


def classify_add(obj: Any, key: str | None = None) -> AddAnswer:
    """What an ``add`` answer means — the one classifier of it (rule: docs/reliability.md,
    "Rules for unattended work").

    * An answer that carries an order id is PLACED, whatever else it says: an ``error`` beside
      the id is kept as a note, never read as a refusal (``{"order": 991, "error": "…"}`` means
      order 991 exists and costs money; calling it refused would invite a second order).
    * An ``order`` that is there but is no usable id (``-5``, ``"12a"``, ``12.5``, ``true``) is
      UNCERTAIN: the panel meant to name an order and it cannot be trusted.
    * No id (absent, null, "", false, 0) beside a non-empty ``error``: REJECTED, the panel's
      refusal. ``{"order": 0}`` with no error is UNCERTAIN, not "placed as #0"; an empty
      ``error`` with no id is UNCERTAIN, not a refusal without words.
    * Anything else (no id, no error, not an object) is UNCERTAIN.

    ``key``: masked wherever the panel echoed it back."""
    if not isinstance(obj, dict):
        return AddAnswer(SubmitState.UNCERTAIN,
                         text="The panel's answer to the order is not an object: "
                              f"{_snip(_error_text(obj), key)}")
    error = obj.get("error")
    note = "" if _is_blank(error) else _api_error(error, key).message
    raw_id = obj.get("order")
    order = _id(raw_id)
    if order is not None and order > 0:
        return AddAnswer(SubmitState.PLACED, order, note)
    if "order" in obj and not _blank_id(raw_id):
        return AddAnswer(SubmitState.UNCERTAIN,
                         text="The panel answered with an order id that is not a usable "
                              f"number ({_snip(_error_text(raw_id), key)})"
                              + (f" and said: {_snip(note)}" if note else "") + ".")
    if note:
        return AddAnswer(SubmitState.REJECTED, text=note, kind=classify_error(note))
    if "error" in obj:
        return AddAnswer(SubmitState.UNCERTAIN,
                         text="The panel answered with an empty error and no order id.")
    if "order" in obj:
        return AddAnswer(SubmitState.UNCERTAIN,
                         text=f"The panel answered with order {_snip(_error_text(raw_id), key)}"
                              ", which is not an order id.")
    return AddAnswer(SubmitState.UNCERTAIN,
                     text="The panel's answer has no order id: " + _snip(_error_text(obj), key))


def parse_add(obj: Any) -> int:
    """The new order's id (``classify_add`` for callers that need only the id): raises
    ``ApiError`` for a refusal and ``BadResponseError("shape")`` for an answer that does not
    say; an id with an error beside it is the id."""
    return _placed_id(classify_add(obj))


def _placed_id(answer: AddAnswer) -> int:
    """The id of a PLACED answer; a refusal raises ``ApiError``, an answer that does not say
    ``BadResponseError("shape")`` (for callers that want the id alone: ``parse_add``,
    ``PanelClient.add``)."""
    if answer.outcome is SubmitState.PLACED:
        assert answer.order is not None
        return answer.order
    if answer.outcome is SubmitState.REJECTED:
        raise ApiError(answer.text, answer.kind)
    raise BadResponseError("shape", snippet=_snip(answer.text))


def parse_status(obj: Any, order: int | None = None) -> OrderStatus:
    """One order's status. ``order`` is the id asked about, used when the answer lacks it."""
    _raise_if_error(obj)
    if not isinstance(obj, dict):
        raise _shape("status: expected an object", obj)
    raw = _capped(_text(obj.get("status")), "status")
    if raw is None:
        raise _shape("status: no status", obj)
    oid = _id(obj.get("order"))
    if oid is None:
        oid = order
    if oid is None:
        raise _shape("status: no order id", obj)
    currency = _capped(_text(obj.get("currency")), "currency")
    return OrderStatus(
        order=oid,
        state=normalize_state(raw),
        raw_status=raw.strip(),
        charge=_decimal(obj.get("charge")),
        start_count=_int(obj.get("start_count")),
        remains=_int(obj.get("remains")),
        currency=currency.strip() if currency is not None else None,
    )


def _batch_items(obj: Any, id_field: str, norm: Callable[[Any], K | None]) -> dict[K, Any]:
    """A batch answer as {id: item}: a list of items with ``id_field``, or an object keyed by id."""
    _raise_if_error(obj)
    items: dict[K, Any] = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            kid = norm(k)
            if kid is not None:
                items.setdefault(kid, v)
    elif isinstance(obj, list):
        for item in obj:
            if isinstance(item, dict):
                kid = norm(item.get(id_field))
                if kid is not None:
                    items.setdefault(kid, item)
    else:
        raise _shape("batch: expected a list or an object", obj)
    return items


def _item_error(item: Any) -> ApiError | None:
    """An item that is an error: a bare string or an object with an ``error``."""
    if isinstance(item, dict) and "error" in item and not _is_blank(item["error"]):
        return _api_error(item["error"])
    return None


def _ids(values: Iterable[Any]) -> list[int]:
    return list(dict.fromkeys(_require_id(v) for v in values))


def _require_id(value: Any) -> int:
    n = _id(value)
    if n is None:
        raise ValueError(f"not an order id: {value!r}")
    return n


def _refill_key(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | Decimal | float):
        n = _int(value)
        return str(n) if n is not None else None
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def parse_statuses(obj: Any, ids: Iterable[int]) -> dict[int, OrderStatus | ApiError]:
    """Many orders' statuses; every asked id gets a value (``ApiError`` when absent or refused)."""
    wanted = _ids(ids)
    if (
        len(wanted) == 1
        and isinstance(obj, dict)
        and isinstance(obj.get("status"), str)
        and "error" not in obj
        and str(wanted[0]) not in obj
    ):
        # Some panels answer a one-id batch like a single status.
        return {wanted[0]: parse_status(obj, wanted[0])}
    items = _batch_items(obj, "order", _id)
    out: dict[int, OrderStatus | ApiError] = {}
    for oid in wanted:
        if oid not in items:
            out[oid] = ApiError(MISSING, ErrorKind.OTHER)
            continue
        item = items[oid]
        if isinstance(item, str):
            out[oid] = _api_error(item)
            continue
        err = _item_error(item)
        if err is not None:
            out[oid] = err
            continue
        try:
            out[oid] = parse_status(item, oid)
        except PanelError:
            out[oid] = ApiError(UNREADABLE, ErrorKind.OTHER)
    return out


_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _refill_value(value: Any) -> str | ApiError:
    """The ``refill`` of one answer item: an id (number or token) or an error."""
    err = _item_error(value)
    if err is not None:
        return err
    if isinstance(value, dict) and "refill" in value:
        return _refill_value(value["refill"])
    if isinstance(value, bool):
        return ApiError(UNREADABLE, ErrorKind.OTHER)
    if isinstance(value, int | Decimal | float):
        n = _int(value)
        return str(n) if n is not None else ApiError(UNREADABLE, ErrorKind.OTHER)
    if isinstance(value, str):
        s = value.strip()
        if _TOKEN.match(s):
            return s
        return _api_error(value) if s else ApiError(UNREADABLE, ErrorKind.OTHER)
    return ApiError(UNREADABLE, ErrorKind.OTHER)


def parse_refill(obj: Any) -> str:
    """The refill id (as text) for a one-order refill request."""
    _raise_if_error(obj)
    if not isinstance(obj, dict) or "refill" not in obj:
        raise _shape("refill: no refill id", obj)
    result = _refill_value(obj["refill"])
    if isinstance(result, ApiError):
        if result.message == UNREADABLE:
            raise _shape("refill: no refill id", obj)
        raise result
    return result


def parse_refills(obj: Any, ids: Iterable[int]) -> dict[int, str | ApiError]:
    wanted = _ids(ids)
    items = _batch_items(obj, "order", _id)
    out: dict[int, str | ApiError] = {}
    for oid in wanted:
        out[oid] = _refill_value(items[oid]) if oid in items else ApiError(MISSING)
    return out


_REFILL_STATES = {"rejected", "refunded", "success", "successful", "done", "active"}


def _refill_status_value(value: Any, *, bare_may_be_error: bool) -> str | ApiError:
    err = _item_error(value)
    if err is not None:
        return err
    if isinstance(value, dict) and "status" in value:
        return _refill_status_value(value["status"], bare_may_be_error=False)
    text = _text(value)
    if text is None or not text.strip():
        return ApiError(UNREADABLE, ErrorKind.OTHER)
    if bare_may_be_error:
        # In an object keyed by refill id a bare string is either a status or an error text.
        words = _norm_words(text)
        known = normalize_state(text) is not OrderState.UNKNOWN or words in _REFILL_STATES
        if not known and (
            classify_error(text) is not ErrorKind.OTHER
            or re.search(r"not found|incorrect|invalid|error|not allowed|disabled", words)
        ):
            return _api_error(text)
    return text.strip()


def parse_refill_status(obj: Any) -> str:
    """The panel's status text for one refill (e.g. "Completed", "Rejected")."""
    _raise_if_error(obj)
    if not isinstance(obj, dict) or "status" not in obj:
        raise _shape("refill_status: no status", obj)
    result = _refill_status_value(obj["status"], bare_may_be_error=False)
    if isinstance(result, ApiError):
        if result.message == UNREADABLE:
            raise _shape("refill_status: no status", obj)
        raise result
    return result


def parse_refill_statuses(obj: Any, ids: Iterable[Any]) -> dict[str, str | ApiError]:
    wanted = list(dict.fromkeys(_require_refill(v) for v in ids))
    items = _batch_items(obj, "refill", _refill_key)
    out: dict[str, str | ApiError] = {}
    for rid in wanted:
        if rid not in items:
            out[rid] = ApiError(MISSING)
        else:
            out[rid] = _refill_status_value(items[rid], bare_may_be_error=True)
    return out


def _require_refill(value: Any) -> str:
    key = _refill_key(value)
    if key is None:
        raise ValueError(f"not a refill id: {value!r}")
    return key


def _cancel_value(value: Any) -> bool | ApiError:
    err = _item_error(value)
    if err is not None:
        return err
    if isinstance(value, dict):
        if "cancel" in value:
            return _cancel_value(value["cancel"])
        return ApiError(UNREADABLE, ErrorKind.OTHER)
    if isinstance(value, str):
        s = value.strip()
        if s.lower() in {"", "0", "false", "no"}:
            return False
        if _TOKEN.match(s):
            return True  # 1, "1", "true", an id
        return _api_error(value)
    if isinstance(value, bool | int | Decimal | float):
        return _bool(value)
    return ApiError(UNREADABLE, ErrorKind.OTHER)


def parse_cancel(obj: Any, ids: Iterable[int]) -> dict[int, bool | ApiError]:
    """True = cancel requested (not done); False = the panel said no without a reason."""
    wanted = _ids(ids)
    items = _batch_items(obj, "order", _id)
    out: dict[int, bool | ApiError] = {}
    for oid in wanted:
        out[oid] = _cancel_value(items[oid]) if oid in items else ApiError(MISSING)
    return out


# --------------------------------------------------------------------------- the client

# Answers not worth asking for again: the same protection page or the same oversized answer.
_NOT_RETRIED = frozenset({"cloudflare", "too_large", "too_many_services", "field_too_long"})


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and everything it wraps (cause, context, urllib3's ``reason``, args)."""
    seen: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo and len(seen) < 30:
        e = todo.pop()
        if any(e is s for s in seen):
            continue
        seen.append(e)
        for nxt in (e.__cause__, e.__context__, getattr(e, "reason", None), *e.args):
            if isinstance(nxt, BaseException):
                todo.append(nxt)
    return seen


class PanelClient:
    """One panel's API. Thread-safe (one request at a time per client); never logs the key."""

    def __init__(
        self,
        url: str,
        key: str,
        *,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_retry_after: float = 30.0,
        limits: AnswerLimits | None = None,
        ca_bundle: str | None = None,
    ) -> None:
        url = url.strip()
        # The host named in messages and logs is the one requests connects to (panelurl).
        parts = panelurl.parse(url)
        if parts is None or parts.scheme not in ("http", "https") or not parts.host:
            raise ValueError("the panel URL must start with http:// or https:// and name a host")
        self.url = url
        self._host = parts.host
        self._scheme = parts.scheme
        self._key = key
        redact.register(key)
        self.timeout = float(timeout)
        self.retries = max(0, int(retries))
        self.backoff = max(0.0, float(backoff))
        self.max_retry_after = float(max_retry_after)
        self.limits = limits or AnswerLimits()
        # Certificates are always verified: against the default trust store (certifi), or
        # against ``ca_bundle`` (a PEM file) when given, never not at all.
        self._verify: str | bool = ca_bundle or True
        self.last_services_skipped = 0
        # A small pool of sessions: one per request in flight, so a sync may keep a couple of
        # status reads going at once (requests.Session is not meant to be shared by threads).
        self._lock = threading.Lock()
        self._idle: list[requests.Session] = []
        self._busy: set[requests.Session] = set()
        self._slots = threading.BoundedSemaphore(MAX_PARALLEL)
        self._closed = threading.Event()

    def __repr__(self) -> str:
        return f"PanelClient(url={redact.scrub(self.url)!r})"

    __str__ = __repr__

    @property
    def insecure(self) -> bool:
        """True for an http:// URL: the key travels in clear text."""
        return self._scheme == "http"

    def __enter__(self) -> PanelClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Abort any retry wait and release connections. A request in flight ends by its timeout."""
        self._closed.set()
        with self._lock:
            idle, self._idle = self._idle, []
        for session in idle:
            session.close()

    def _checkout(self) -> requests.Session:
        self._slots.acquire()
        with self._lock:
            if self._idle:
                session = self._idle.pop()
            else:
                transport = _transport()
                session = transport.requests.Session()
                adapter = transport.new_adapter()
                session.mount("https://", adapter)
                session.mount("http://", adapter)
                session.headers["User-Agent"] = transport.USER_AGENT
                session.headers["Accept"] = "application/json, text/plain;q=0.9, */*;q=0.1"
                session.verify = self._verify
            self._busy.add(session)
        return session

    def _checkin(self, session: requests.Session) -> None:
        with self._lock:
            self._busy.discard(session)
            keep = not self._closed.is_set()
            if keep:
                self._idle.append(session)
        if not keep:
            session.close()
        self._slots.release()

    # ------------------------------------------------------------------ reads

    @property
    def deadline(self) -> float:
        """Seconds one request (connect, headers, whole body) may take at most."""
        if self.limits.deadline is not None:
            return float(self.limits.deadline)
        return max(MIN_DEADLINE, DEADLINE_FACTOR * self.timeout)

    def services(self) -> list[Service]:
        return self.services_report()[0]

    def services_report(self) -> tuple[list[Service], dict[str, int]]:
        """The services, and how many rows could not be read by reason (``read_services``)."""
        obj = self._call("services", {}, retry=True)
        services, unreadable = read_services(obj, max_services=self.limits.max_services)
        skipped = sum(unreadable.values())
        self.last_services_skipped = skipped
        if skipped:
            log.warning("services: skipped %d unreadable or duplicate rows: %s", skipped,
                        unreadable)
        log.info("services: %d from %s", len(services), self._host)
        return services, unreadable

    def balance(self) -> Balance:
        return parse_balance(self._call("balance", {}, retry=True))

    def status(self, order: int) -> OrderStatus:
        oid = _require_id(order)
        return parse_status(self._call("status", {"order": str(oid)}, retry=True), oid)

    def statuses(self, orders: Iterable[int]) -> dict[int, OrderStatus | ApiError]:
        """Statuses of any number of orders, ≤100 per request; a whole-chunk error raises."""
        out: dict[int, OrderStatus | ApiError] = {}
        for chunk in _chunks(_ids(orders)):
            obj = self._call("status", {"orders": ",".join(map(str, chunk))}, retry=True)
            out.update(parse_statuses(obj, chunk))
        return out

    def refill_status(self, refill: str) -> str:
        rid = _require_refill(refill)
        return parse_refill_status(self._call("refill_status", {"refill": rid}, retry=True))

    def refill_statuses(self, refills: Iterable[Any]) -> dict[str, str | ApiError]:
        out: dict[str, str | ApiError] = {}
        wanted = list(dict.fromkeys(_require_refill(v) for v in refills))
        for chunk in _chunks(wanted):
            obj = self._call("refill_status", {"refills": ",".join(chunk)}, retry=True)
            out.update(parse_refill_statuses(obj, chunk))
        return out

    # ------------------------------------------------------------------ writes (never retried)

    def place(self, service: int, **fields: Any) -> AddAnswer:
        """Send one order, exactly once, whatever happens; the panel's answer as
        ``classify_add`` reads it (placed with an id, refused, or uncertain).

        Raises only what left no readable answer: ``NetworkError`` (``maybe_sent``: the order
        may have been placed), ``RateLimitedError``, ``BadResponseError`` (HTML, broken JSON…).
        """
        params = {"service": str(_require_id(service))}
        for name, value in fields.items():
            if name in ("key", "action"):
                raise ValueError(f"{name!r} is not an order field")
            if value is None:
                continue
            params[name] = _form_value(value)
        answer = classify_add(self._call("add", params, retry=False, whole_call_errors=False),
                              self._key)
        if answer.outcome is SubmitState.PLACED:
            log.info("add: service %s -> order %s%s", params["service"], answer.order,
                     " (with a note)" if answer.text else "")
        else:  # "add: rejected …" like the other failures ("add: ApiError"); scripts read it
            log.info("add: %s (service %s)", answer.outcome.value, params["service"])
        return answer

    def add(self, service: int, **fields: Any) -> int:
        """``place`` for callers that want only the id: a refusal raises ``ApiError``, an answer
        that does not say raises ``BadResponseError("shape")``; a note beside the id is logged.
        The app places through ``place`` (``Workspace.place_order``), which keeps the note."""
        return _placed_id(self.place(service, **fields))

    def refill(self, order: int) -> str:
        oid = _require_id(order)
        return parse_refill(self._call("refill", {"order": str(oid)}, retry=False))

    def refills(self, orders: Iterable[int]) -> dict[int, str | ApiError]:
        return self._write_batch("refill", _ids(orders), parse_refills)

    def cancel(self, orders: Iterable[int]) -> dict[int, bool | ApiError]:
        return self._write_batch("cancel", _ids(orders), parse_cancel)

    def _write_batch(
        self, action: str, ids: list[int], parse: Callable[[Any, list[int]], dict[int, Any]]
    ) -> dict[int, Any]:
        """Send a write in chunks. The first chunk's failure raises (nothing was done); a later
        one is reported per id for that chunk and the ones not sent, so earlier results survive."""
        out: dict[int, Any] = {}
        chunks = _chunks(ids)
        for i, chunk in enumerate(chunks):
            try:
                obj = self._call(action, {"orders": ",".join(map(str, chunk))}, retry=False)
                out.update(parse(obj, chunk))
            except PanelError as e:
                if i == 0:
                    raise
                kind = e.kind if isinstance(e, ApiError) else ErrorKind.OTHER
                for j, rest in enumerate(chunks[i:]):
                    text = str(e) if j == 0 else f"not sent: an earlier request failed ({e})"
                    for oid in rest:
                        err = ApiError(text, kind)
                        err.__cause__ = e
                        out[oid] = err
                break
        return out

    # ------------------------------------------------------------------ transport

    def _call(self, action: str, params: dict[str, str], *, retry: bool,
              whole_call_errors: bool = True) -> Any:
        attempts = 1 + (self.retries if retry else 0)
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                return self._send(action, params, whole_call_errors=whole_call_errors)
            except RateLimitedError as e:
                if last or (e.retry_after is not None and e.retry_after > self.max_retry_after):
                    raise
                delay = e.retry_after if e.retry_after is not None else self._delay(attempt)
                log.info("%s: rate limited, retrying in %.2f s", action, delay)
            except BadResponseError as e:
                retryable = (e.status_code or 0) >= 500 and e.reason not in _NOT_RETRIED
                if last or not retryable:
                    raise
                delay = self._delay(attempt)
                log.info("%s: %s, retrying in %.2f s", action, e.reason, delay)
            except NetworkError as e:
                # A panel that dripped its answer past the deadline would only do it again.
                if last or self._closed.is_set() or isinstance(e, DeadlineExceededError):
                    raise
                delay = self._delay(attempt)
                log.info("%s: %s, retrying in %.2f s", action, e.message, delay)
            if self._closed.wait(delay):
                raise NetworkError(
                    "Stopped: the connection to the panel was closed.", maybe_sent=False
                )
        raise AssertionError("unreachable")  # pragma: no cover

    def _delay(self, attempt: int) -> float:
        base = self.backoff * (2**attempt)
        return base + random.uniform(0, base / 4)

    def _send(self, action: str, params: dict[str, str], *,
              whole_call_errors: bool = True) -> Any:
        if self._closed.is_set():
            raise NetworkError("Stopped: the connection to the panel was closed.", maybe_sent=False)
        data = {"key": self._key, "action": action, **params}
        timeout = (min(self.timeout, CONNECT_TIMEOUT_CAP), self.timeout)
        log.debug("POST %s action=%s fields=%s", self._host, action, sorted(params))
        session = self._checkout()
        request_error = _transport().requests.exceptions.RequestException
        resp: requests.Response | None = None
        err: PanelError | None = None
        content = b""
        started = time.monotonic()
        try:
            with _Deadline(self.deadline) as deadline:
                try:
                    resp = session.post(
                        self.url,
                        data=data,
                        timeout=timeout,
                        allow_redirects=False,
                        stream=True,
                        # Per request: a session's own ``verify`` loses to $REQUESTS_CA_BUNDLE.
                        verify=self._verify,
                    )
                    content = self._read_body(resp, deadline)
                except PanelError as e:
                    err = e
                except request_error as e:
                    # Once the answer's headers are in (``resp``), the request was sent,
                    # whatever breaks while its body is read (a TLS error too).
                    err = self._network_error(e, answered=resp is not None)
                except Exception as e:  # anything else from the transport: be conservative
                    err = NetworkError(
                        self._clean(
                            f"The connection to {self._host} failed ({type(e).__name__})."
                        ),
                        maybe_sent=True,
                    )
                if deadline.expired and not isinstance(err, AnswerTooLargeError):
                    err = self._deadline_error(deadline, started)
        finally:
            if resp is not None:
                resp.close()
            self._checkin(session)
        if err is not None:
            log.info("%s: %s", action, err)
            raise err from None
        assert resp is not None
        text = _decode_text(content, resp.encoding)
        log.debug("%s: HTTP %d, %d bytes", action, resp.status_code, len(content))
        try:
            return decode_body(
                resp.status_code,
                resp.headers,
                text,
                key=self._key,
                max_services=self.limits.max_services if action == "services" else None,
                whole_call_errors=whole_call_errors,
            )
        except PanelError as e:
            log.info("%s: %s", action, type(e).__name__)
            raise

    def _read_body(self, resp: requests.Response, deadline: _Deadline) -> bytes:
        """The whole body, at most ``limits.max_bytes`` (decompressed); refuses past that."""
        cap = self.limits.max_bytes
        length = (resp.headers.get("content-length") or "").strip()
        if length.isdigit() and int(length) > cap:
            raise AnswerTooLargeError(cap, status_code=resp.status_code)
        body = bytearray()
        # iter_content decompresses in bounded steps and wraps urllib3's errors in requests'.
        for chunk in resp.iter_content(16 * 1024):
            body += chunk
            if len(body) > cap:
                raise AnswerTooLargeError(cap, status_code=resp.status_code)
            if deadline.expired:
                break
        return bytes(body)

    def _deadline_error(self, deadline: _Deadline, started: float) -> DeadlineExceededError:
        return DeadlineExceededError(
            f"{self._host} did not finish its answer within {deadline.seconds:g} s "
            f"(stopped after {time.monotonic() - started:.0f} s). {MAYBE_SENT}",
            deadline=deadline.seconds,
        )

    def _network_error(self, exc: requests.exceptions.RequestException, *,
                       answered: bool = False) -> NetworkError:
        transport = _transport()
        requests, urllib3 = transport.requests, transport.urllib3
        host = self._host
        chain = _chain(exc)
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return NetworkError(
                f"Could not connect to {host}: no answer within "
                f"{min(self.timeout, CONNECT_TIMEOUT_CAP):g} s. Nothing was sent.",
                maybe_sent=False,
                timeout=True,
            )
        if isinstance(exc, requests.exceptions.ReadTimeout) or any(
            isinstance(e, urllib3.exceptions.ReadTimeoutError | TimeoutError) for e in chain
        ):
            return NetworkError(
                f"{host} did not answer within {self.timeout:g} s. {MAYBE_SENT}",
                maybe_sent=True,
                timeout=True,
            )
        tls = isinstance(exc, requests.exceptions.SSLError) or any(
            isinstance(e, ssl.SSLError) for e in chain)
        if any(isinstance(e, transport.TLSAfterSendError) for e in chain) or (tls and answered):
            # A TLS error once the handshake was done (a reused keep-alive connection, an
            # answer cut off while it was read) is no proof that nothing left: tested before
            # the handshake failure below, which is.
            return NetworkError(
                f"The secure connection to {host} broke after the request was sent. "
                f"{MAYBE_SENT}",
                maybe_sent=True,
            )
        if tls:
            return NetworkError(
                self._clean(
                    f"Secure connection to {host} failed (TLS/certificate problem). "
                    "Nothing was sent."
                ),
                maybe_sent=False,
                tls=True,
            )
        if isinstance(exc, requests.exceptions.ProxyError):
            return NetworkError(f"Could not reach {host} through the proxy.", maybe_sent=False)
        if isinstance(
            exc,
            requests.exceptions.InvalidURL
            | requests.exceptions.MissingSchema
            | requests.exceptions.InvalidSchema
            | requests.exceptions.InvalidHeader,
        ):
            return NetworkError(f"The panel URL for {host} is not usable.", maybe_sent=False)
        if any(isinstance(e, transport.NOT_SENT) for e in chain):
            what = (
                "name not found"
                if any(
                    isinstance(e, socket.gaierror | urllib3.exceptions.NameResolutionError)
                    for e in chain
                )
                else "connection refused or unreachable"
            )
            return NetworkError(
                f"Could not connect to {host} ({what}). Nothing was sent.", maybe_sent=False
            )
        if isinstance(exc, requests.exceptions.ChunkedEncodingError) or any(
            isinstance(e, transport.SENT) for e in chain
        ):
            return NetworkError(
                f"The connection to {host} was closed before the answer arrived. {MAYBE_SENT}",
                maybe_sent=True,
            )
        return NetworkError(
            self._clean(
                f"The connection to {host} failed ({type(exc).__name__}). {MAYBE_SENT}"
            ),
            maybe_sent=True,
        )

    def _clean(self, text: str) -> str:
        return redact.scrub(text.replace(self._key, redact.MASK) if self._key else text)


def _chunks(ids: list[Any]) -> list[list[Any]]:
    return [ids[i : i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]


def _form_value(value: Any) -> str:
    """A form field value as the API expects it: lists are newline-separated lines."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    return str(value)


def _decode_text(content: bytes, encoding: str | None) -> str:
    # JSON is UTF-8; requests' charset guessing is slow on big catalogues, so don't use it.
    enc = encoding if encoding and encoding.lower() not in ("iso-8859-1", "latin-1") else "utf-8"
    try:
        return content.decode(enc, errors="replace")
    except LookupError:
        return content.decode("utf-8", errors="replace")
