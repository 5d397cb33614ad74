"""What panels answer, read: ``decode_body`` turns a raw HTTP answer into decoded JSON or the
right ``PanelError``; ``parse_*`` and ``classify_add`` turn decoded JSON into models.

They are pure, so they can be fuzzed without HTTP, and they accept every dialect panels are
seen speaking (strings or numbers anywhere, ``status: success`` wrappers, list or object batch
answers, spelling drift in statuses). Nothing here ever puts the API key in a message.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

from smmdesk import redact
from smmdesk.api.words import _norm_words, classify_error, normalize_state
from smmdesk.errors import (
    ApiError,
    BadResponseError,
    ErrorKind,
    FieldTooLongError,
    PanelError,
    RateLimitedError,
    TooManyServicesError,
)
from smmdesk.models import Balance, OrderState, OrderStatus, Service, SubmitState

log = logging.getLogger(__name__)

SNIPPET_LEN = 120
MISSING = "missing from the panel's answer"
UNREADABLE = "unreadable item in the panel's answer"

# Limits on what a panel may send (a hostile or broken panel must not exhaust memory or hang).
MAX_ANSWER_BYTES = 64 * 1024 * 1024  # one answer, after decompression
MAX_SERVICES = 100_000  # big panels list a few thousand
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
    """The caps a client puts on each answer. ``deadline`` None: see ``client.MIN_DEADLINE``."""

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
    if not text.strip():  # {"error": ""}: a refusal that gives no reason still says it refused
        text = "the panel refused without giving a reason"
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
UNREADABLE_REASONS = ("id", "name", "rate", "duplicate", "not_an_object", "too_long")


def read_services(
    obj: Any, *, max_services: int = MAX_SERVICES
) -> tuple[list[Service], dict[str, int]]:
    """The services a panel lists, and how many rows could not be read, by reason: ``"id"``
    (no id, or not a whole number: real panels send ids like "12a"), ``"name"`` (none),
    ``"rate"`` (no readable price), ``"duplicate"`` (an id listed twice: the first is kept),
    ``"not_an_object"``, ``"too_long"`` (a text field longer than its ``FIELD_LIMITS`` entry:
    that row is left out, its text kept nowhere, the rest of the list is read). The person is
    told these counts, not just the log.

    More than ``max_services`` rows raise ``TooManyServicesError``.
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
        try:
            service = _service(row)
        except FieldTooLongError as e:  # one broken row, not the whole list
            log.warning("services: a row with a %s of %d characters left out", e.field,
                        e.length)
            unreadable["too_long"] = unreadable.get("too_long", 0) + 1
            continue
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
    was wrong with it, in a sentence of its own). ``order`` is set exactly when PLACED.
    For UNCERTAIN, ``why`` says what was wrong as a code — "not_an_object", "bad_id" (an id
    that is not a usable number), "empty_error", "not_an_id" (0, false, "") or "no_id" — and
    ``detail`` holds the part of the answer it is about (a key-free snippet), so the outcome is
    kept as a kind beside the panel's own words."""

    outcome: SubmitState
    order: int | None = None
    text: str = ""
    kind: ErrorKind = ErrorKind.OTHER
    why: str = ""
    detail: str = ""


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
        said = _snip(_error_text(obj), key)
        return AddAnswer(SubmitState.UNCERTAIN,
                         text=f"The panel's answer to the order is not an object: {said}",
                         why="not_an_object", detail=said)
    error = obj.get("error")
    note = "" if _is_blank(error) else _api_error(error, key).message
    raw_id = obj.get("order")
    order = _id(raw_id)
    if order is not None and order > 0:
        return AddAnswer(SubmitState.PLACED, order, note)
    if "order" in obj and not _blank_id(raw_id):
        said = _snip(_error_text(raw_id), key)
        return AddAnswer(SubmitState.UNCERTAIN,
                         text="The panel answered with an order id that is not a usable "
                              f"number ({said})" + (f" and said: {_snip(note)}" if note else "")
                              + ".", why="bad_id", detail=said)
    if note:
        return AddAnswer(SubmitState.REJECTED, text=note, kind=classify_error(note))
    if "error" in obj:
        return AddAnswer(SubmitState.UNCERTAIN,
                         text="The panel answered with an empty error and no order id.",
                         why="empty_error")
    if "order" in obj:
        return AddAnswer(SubmitState.UNCERTAIN,
                         text=f"The panel answered with order {_snip(_error_text(raw_id), key)}"
                              ", which is not an order id.", why="not_an_id",
                         detail=_snip(_error_text(raw_id), key))
    said = _snip(_error_text(obj), key)
    return AddAnswer(SubmitState.UNCERTAIN,
                     text="The panel's answer has no order id: " + said, why="no_id",
                     detail=said)


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

