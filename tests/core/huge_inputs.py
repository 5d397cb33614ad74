"""Huge inputs for the parsers, the panel-text classifiers and the service-type registry.

Shared by tests/core/test_fuzz_registry.py (which checks that only typed results or the
project's own errors come out) and bench/bench_bounds.py (which times the same calls: a regular
expression that backtracks on a long panel answer would freeze a worker). The time limits that
once sat in the tests are that script's targets.
"""

from __future__ import annotations

from decimal import Decimal

from smmdesk import api, servicetypes
from smmdesk.errors import ApiError, PanelError
from smmdesk.models import Service

BIG = "𝔘" * 300_000 + "\u202e" + "é" * 300_000


def _deep(depth: int, leaf: object) -> object:
    out: object = leaf
    for i in range(depth):
        out = [out] if i % 2 else {"error": out, "order": out}
    return out


HUGE_ANSWERS: list[object] = [
    _deep(3_000, "x"),
    _deep(50_000, None),
    {"balance": "9" * 100_000, "currency": BIG},
    {"balance": "1e999999999", "currency": "USD"},
    {"order": "1" * 4_000},
    {"error": BIG},
    {str(i): {"order": i, "status": BIG, "charge": "1" * 5_000} for i in range(1, 4)},
    [{"service": i, "name": BIG[:1000], "rate": "0." + "1" * 3000, "min": "1e400",
      "max": -1, "type": "\x00", "category": None} for i in range(200)],
    [None, True, 1.5, "x", []] * 10_000,
]

HUGE_BODIES: list[str] = [
    "[" * 200_000,
    '{"a":' * 100_000,
    "<html>" + "<div>" * 100_000,
    '{"balance": "' + "9" * 1_000_000 + '", "currency": "USD"}',
    "\ufeff" * 100_000,
    '{"error": "' + "key " * 250_000 + '"}',
]

LONG_TEXTS: list[str] = [
    "a" * 1_000_000,
    "service " * 200_000,
    "api key " * 150_000 + "x",
    "order" + "_" * 500_000 + "id",
    "in progress" * 100_000,
    "\u0130" * 500_000,  # İ lowercases to two code points
]

HUGE_VALUES: list[object] = [
    "https://instagram.com/" + "a" * 1_000_000,
    "\n".join(f"comment {i} 😀" for i in range(100_000)),
    "9" * 100_000,
    "\x00" * 10_000,
    BIG,
    ["x"] * 10_000,
]


def _parsers(obj: object) -> list:
    ids = [1, 2, 3]
    return [
        lambda: api.parse_services(obj),
        lambda: api.parse_services_report(obj),
        lambda: api.parse_balance(obj),
        lambda: api.parse_add(obj),
        lambda: api.parse_status(obj),
        lambda: api.parse_statuses(obj, ids),
        lambda: api.parse_refill(obj),
        lambda: api.parse_refills(obj, ids),
        lambda: api.parse_refill_status(obj),
        lambda: api.parse_refill_statuses(obj, ["1"]),
        lambda: api.parse_cancel(obj, ids),
    ]


def only_typed_or_panel_error(obj: object) -> None:
    """Every parser over ``obj``: a typed result or the project's own error, never another."""
    for fn in _parsers(obj):
        try:
            fn()
        except ApiError as e:
            # The panel's refusal is kept exactly, by contract, however long (see docs).
            assert isinstance(e.message, str)
        except PanelError as e:
            assert len(str(e)) < 5_000  # snippets stay snippets, however big the answer
            repr(e)


def decode_both_ways(body: str) -> None:
    """``decode_body`` as a 200 and as a 500: the project's errors only, snippets short."""
    for status in (200, 500):
        try:
            api.decode_body(status, {"Content-Type": "application/json"}, body, key="k-123456")
        except ApiError:
            pass
        except PanelError as e:
            assert len(str(e)) < 5_000


def classify(text: str) -> tuple[object, object]:
    return api.classify_error(text), api.normalize_state(text)


def junk_and_gold_rows(n: int = 50_000) -> list[object]:
    """A catalogue where one row in three is a real service and the rest junk."""
    rows: list[object] = []
    for i in range(n):
        if i % 3 == 0:
            rows.append({"service": i + 1, "name": f"Instagram Türk Takipçi {i} 😀",
                         "type": "Default", "category": "İnstagram", "rate": "0.0123",
                         "min": "10", "max": "1000"})
        elif i % 3 == 1:
            rows.append({"service": "x", "name": None, "rate": "NaN"})
        else:
            rows.append("\ufeff")
    return rows


def service_of_type(type_: str, dripfeed: bool = True) -> Service:
    return Service(id=1, name="S", type=type_, category="C", rate=Decimal("1.5"), min=1,
                   max=10**6, dripfeed=dripfeed)


def registry_over_huge_values(type_: str) -> None:
    """validate/payload/estimate of a ``type_`` service with every field set to each huge value:
    short problems, a payload of strings or the same problems raised, a Decimal estimate."""
    service = service_of_type(type_)
    fields = [f.name for f in servicetypes.fields_for(service)]
    for value in HUGE_VALUES:
        values = {name: value for name in fields}
        problems = servicetypes.validate(service, values)
        assert isinstance(problems, dict)
        assert all(isinstance(v, str) and len(v) < 2_000 for v in problems.values())
        try:
            form = servicetypes.payload(service, values)
        except servicetypes.ValidationError as e:
            assert e.problems == problems
        else:
            assert all(type(v) is str for v in form.values())
        assert isinstance(servicetypes.estimate(service, values), Decimal)
