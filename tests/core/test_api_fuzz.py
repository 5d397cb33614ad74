"""Fuzz the pure layer of the API client: whatever a panel sends, the answer is a typed value or a
PanelError subclass, never a crash, a float, or the key in a message."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from smmdesk import api
from smmdesk.errors import ApiError, ErrorKind, PanelError
from smmdesk.models import Balance, OrderState, OrderStatus, Service

KEY = "fuzz-key-8f3a9c2e71d04b65"

MAX_MESSAGE = 2_000  # characters: a few sentences and a quoted panel message, never an answer
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from("\u200b\ufeff\u202eé😀"),
    max_size=30,
)
numbers = (
    st.integers(min_value=-(10**40), max_value=10**40)
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.decimals(allow_nan=True, allow_infinity=True)
    | st.floats()
    | st.sampled_from([0, 1, -1, 2**63, 10**400, Decimal("1E+999999"), Decimal("1E-999999")])
)
numeric_text = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        ["Unknown", "", " 12 ", "1e5", "0x10", "1,234.5", "NaN", "-0", "١٢", "1e99999"]
    ),
)
statuses = st.sampled_from(
    [
        "Pending",
        "In progress",
        "in_progress",
        "In progess",
        "Processing",
        "Completed",
        "Partial",
        "Canceled",
        "Cancelled",
        "Error",
        "Fail",
        "weird",
    ]
)
scalars = st.none() | st.booleans() | numbers | text | numeric_text | statuses
json_like = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(
                [
                    "service",
                    "name",
                    "rate",
                    "min",
                    "max",
                    "type",
                    "error",
                    "order",
                    "status",
                    "charge",
                    "start_count",
                    "remains",
                    "refill",
                    "cancel",
                    "balance",
                    "currency",
                    "1",
                    "2",
                    "12",
                    "desc",
                    "dripfeed",
                ]
            )
            | text,
            children,
            max_size=8,
        )
    ),
    max_leaves=30,
)


def _service_row():
    field = st.one_of(numbers, numeric_text, text, st.none(), st.booleans())
    return st.fixed_dictionaries(
        {},
        optional={
            "service": field,
            "name": field,
            "rate": field,
            "min": field,
            "max": field,
            "type": field,
            "category": field,
            "desc": field,
            "description": field,
            "refill": field,
            "cancel": field,
            "dripfeed": field,
            "average_time": field,
        },
    )


def _check_no_float(value: object) -> None:
    assert not isinstance(value, float)


def _check_service(s: Service) -> None:
    assert isinstance(s, Service)
    assert isinstance(s.id, int) and s.id >= 0
    assert isinstance(s.rate, Decimal) and s.rate.is_finite()
    assert isinstance(s.min, int) and isinstance(s.max, int)
    assert isinstance(s.name, str) and s.name
    assert isinstance(s.type, str) and isinstance(s.category, str)
    assert isinstance(s.description, str)
    assert s.average_time is None or isinstance(s.average_time, str)
    assert all(isinstance(b, bool) for b in (s.refill, s.cancel, s.dripfeed))


def _check_status(s: OrderStatus) -> None:
    assert isinstance(s, OrderStatus)
    assert isinstance(s.order, int)
    assert isinstance(s.state, OrderState)
    assert isinstance(s.raw_status, str)
    assert s.charge is None or (isinstance(s.charge, Decimal) and s.charge.is_finite())
    assert s.start_count is None or isinstance(s.start_count, int)
    assert s.remains is None or isinstance(s.remains, int)


def _run_all_parsers(obj: object) -> None:
    ids = [1, 2, 12]
    for fn in (
        lambda: [_check_service(s) for s in api.parse_services(obj)],
        lambda: _check_balance(api.parse_balance(obj)),
        lambda: _check_int(api.parse_add(obj)),
        lambda: _check_status(api.parse_status(obj)),
        lambda: _check_status(api.parse_status(obj, 7)),
        lambda: _check_batch(api.parse_statuses(obj, ids), ids, OrderStatus),
        lambda: _check_str(api.parse_refill(obj)),
        lambda: _check_batch(api.parse_refills(obj, ids), ids, str),
        lambda: _check_str(api.parse_refill_status(obj)),
        lambda: _check_batch(api.parse_refill_statuses(obj, ["1", "2"]), ["1", "2"], str),
        lambda: _check_batch(api.parse_cancel(obj, ids), ids, bool),
    ):
        try:
            fn()
        except PanelError as e:
            # A refusal that says something (the UI words it by type and reason; the message
            # is for logs and the CLI): some words, not the whole hostile answer.
            text = str(e)
            assert text.strip(), f"{type(e).__name__} without a message"
            assert len(text) <= MAX_MESSAGE, f"{type(e).__name__} message of {len(text)} chars"
            assert repr(e)


def _check_balance(b: Balance) -> None:
    assert isinstance(b, Balance) and isinstance(b.amount, Decimal) and b.amount.is_finite()
    assert isinstance(b.currency, str)


def _check_int(n: int) -> None:
    assert type(n) is int and n >= 0


def _check_str(s: str) -> None:
    assert isinstance(s, str) and s


def _check_batch(result: dict, ids: list, ok_type: type) -> None:
    assert list(result) == ids
    for value in result.values():
        assert isinstance(value, ok_type | ApiError), value
        if ok_type is OrderStatus and isinstance(value, OrderStatus):
            _check_status(value)


@FUZZ
@given(json_like)
# Found by this test: {"error": ""} raised an ApiError with no message at all.
@example(obj={"error": ""})
@example(obj={"error": "   "})
def test_parsers_accept_any_json_like_value(obj: object) -> None:
    _run_all_parsers(obj)


@FUZZ
@given(st.lists(_service_row(), max_size=20))
# Found by this test: a 401-digit number as the type (limit 100) crashed the whole parse.
@example(rows=[{"service": 0, "name": 0, "rate": 0, "type": 10**400},
               {"service": 1, "name": "ok", "rate": "1"}])
def test_parse_services_skips_bad_rows_never_crashes(rows: list[dict]) -> None:
    services, skipped = api.parse_services_report(rows)
    assert len(services) + skipped == len(rows)
    for s in services:
        _check_service(s)


@FUZZ
@given(json_like)
def test_parsers_accept_any_real_json_roundtrip(obj: object) -> None:
    """The same values after a trip through JSON text and decode_body (as HTTP delivers them)."""
    try:
        body = json.dumps(obj, default=str)
    except (ValueError, TypeError):
        return
    try:
        decoded = api.decode_body(200, {"Content-Type": "application/json"}, body)
    except PanelError:
        return
    _run_all_parsers(decoded)


bodies = st.one_of(
    text,
    st.text(max_size=300),
    json_like.map(lambda o: json.dumps(o, default=str)),
    st.sampled_from(
        [
            "",
            "   \n",
            '\ufeff{"order": 5}',
            "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
            "<!DOCTYPE html><html><title>Just a moment...</title></html>",
            '{"order": 1,}',
            "[1, 2",
            "NaN",
            "Infinity",
            '{"a": ' * 5000 + "1" + "}" * 5000,
            "9" * 5000,
            "1e999999999",
            f'{{"error": "bad key {KEY}"}}',
            f"<html><title>{KEY}</title></html>",
        ]
    ),
)
status_codes = st.sampled_from(
    [200, 201, 204, 301, 302, 307, 400, 401, 403, 404, 429, 500, 502, 503, 520]
) | st.integers(min_value=100, max_value=599)
header_sets = st.fixed_dictionaries(
    {},
    optional={
        "Content-Type": st.sampled_from(
            ["application/json", "text/html; charset=utf-8", "text/plain"]
        ),
        "Server": st.sampled_from(["cloudflare", "nginx"]),
        "CF-RAY": st.just("8a1b2c3d4e5f-AMS"),
        "Retry-After": st.sampled_from(
            ["5", "0", "-3", "abc", "1e400", "nan", "Wed, 21 Oct 2015 07:28:00 GMT", ""]
        )
        | text,
        "Location": st.sampled_from(["https://panel.example/api/v2", f"https://x/?key={KEY}"])
        | text,
    },
)


@FUZZ
@given(status_codes, header_sets, bodies)
def test_decode_body_returns_json_or_panel_error(status: int, headers: dict, body: str) -> None:
    try:
        obj = api.decode_body(status, headers, body, key=KEY)
    except PanelError as e:
        for s in (str(e), repr(e), *map(str, e.args)):
            assert KEY not in s
        for attr in ("snippet", "location", "message"):
            value = getattr(e, attr, None)
            if value:
                assert KEY not in value
                if attr == "snippet":
                    assert len(value) <= api.SNIPPET_LEN
        if isinstance(e, ApiError):
            assert isinstance(e.kind, ErrorKind)
        return
    assert 200 <= status < 300
    _run_all_parsers(obj)


@FUZZ
@given(text | scalars)
def test_normalize_and_classify_are_total(value: object) -> None:
    assert isinstance(api.normalize_state(value), OrderState)
    assert isinstance(api.classify_error(value), ErrorKind)
