"""Fuzzing what tests/test_api_fuzz.py and tests/test_servicetypes.py leave out.

Those two already drive every ``api.parse_*``, ``decode_body``, ``normalize_state``,
``classify_error`` and the registry's ``validate``/``payload``/``estimate``/``lookup`` with
random JSON-like values and odd Unicode. Missing were: *huge* inputs (deep nesting, megabyte
strings, a 50,000-row catalogue of junk), the one parser of text the person types
(``sync.parse_id_list``) and time bounds (a regular expression that backtracks on a long panel
answer would freeze a worker). Only typed results or the project's own errors may come out.
"""

from __future__ import annotations

import json
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smmdesk import api, servicetypes, sync
from smmdesk.errors import ApiError, PanelError
from smmdesk.models import Service

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MAX_ID = 2**63 - 1

odd = st.characters(codec=None, exclude_categories=())
id_text = st.lists(
    st.one_of(
        st.integers(-5, 10**25).map(str),
        st.sampled_from(["-", "#", ",", ";", " ", "\n", "\t", "--", "0", "١٢", "²", "1e3", "٣-٥",
                         "\u200b", "1_000", "+5", "0x1f", "9" * 30]),
        st.text(odd, max_size=4),
    ),
    max_size=12,
).map("".join)


# ------------------------------------------------------------------ sync.parse_id_list


@FUZZ
@given(id_text)
def test_parse_id_list_gives_ints_or_value_error(text: str) -> None:
    try:
        ids = sync.parse_id_list(text)
    except ValueError as e:
        assert str(e)
        return
    assert all(type(i) is int for i in ids)
    assert len(ids) == len(set(ids)) <= sync.MAX_TRACK_RANGE


@FUZZ
@given(id_text)
def test_parse_id_list_gives_only_real_order_ids(text: str) -> None:
    try:
        ids = sync.parse_id_list(text)
    except ValueError:
        return
    assert all(1 <= i <= MAX_ID for i in ids), ids


def test_parse_id_list_huge_inputs_are_bounded() -> None:
    t0 = time.perf_counter()
    with pytest.raises(ValueError):
        sync.parse_id_list(", ".join(str(i) for i in range(1, 20_002)))
    with pytest.raises(ValueError):
        sync.parse_id_list("1-" + "9" * 5000)
    assert sync.parse_id_list(" ,;\n" * 100_000) == []
    assert time.perf_counter() - t0 < 5


# ------------------------------------------------------------------ huge panel answers


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


def _only_typed_or_panel_error(obj: object) -> None:
    for fn in _parsers(obj):
        try:
            fn()
        except ApiError as e:
            # The panel's refusal is kept exactly, by contract, however long (see docs).
            assert isinstance(e.message, str)
        except PanelError as e:
            assert len(str(e)) < 5_000  # snippets stay snippets, however big the answer
            repr(e)


def _deep(depth: int, leaf: object) -> object:
    out: object = leaf
    for i in range(depth):
        out = [out] if i % 2 else {"error": out, "order": out}
    return out


BIG = "𝔘" * 300_000 + "\u202e" + "é" * 300_000


@pytest.mark.parametrize("obj", [
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
])
def test_parsers_survive_huge_answers(obj: object) -> None:
    t0 = time.perf_counter()
    _only_typed_or_panel_error(obj)
    assert time.perf_counter() - t0 < 10


def test_a_50k_row_catalogue_of_junk_and_gold() -> None:
    rows: list[object] = []
    for i in range(50_000):
        if i % 3 == 0:
            rows.append({"service": i + 1, "name": f"Instagram Türk Takipçi {i} 😀",
                         "type": "Default", "category": "İnstagram", "rate": "0.0123",
                         "min": "10", "max": "1000"})
        elif i % 3 == 1:
            rows.append({"service": "x", "name": None, "rate": "NaN"})
        else:
            rows.append("\ufeff")
    t0 = time.perf_counter()
    services, skipped = api.parse_services_report(rows)
    assert time.perf_counter() - t0 < 10
    assert len(services) == 16_667 and skipped == 50_000 - 16_667
    assert all(isinstance(s.rate, Decimal) and s.rate.is_finite() for s in services)


@pytest.mark.parametrize("body", [
    "[" * 200_000,
    '{"a":' * 100_000,
    "<html>" + "<div>" * 100_000,
    '{"balance": "' + "9" * 1_000_000 + '", "currency": "USD"}',
    "\ufeff" * 100_000,
    '{"error": "' + "key " * 250_000 + '"}',
])
def test_decode_body_survives_huge_bodies(body: str) -> None:
    t0 = time.perf_counter()
    for status in (200, 500):
        try:
            api.decode_body(status, {"Content-Type": "application/json"}, body, key="k-123456")
        except ApiError:
            pass
        except PanelError as e:
            assert len(str(e)) < 5_000
    assert time.perf_counter() - t0 < 10


@pytest.mark.parametrize("text", [
    "a" * 1_000_000,
    "service " * 200_000,
    "api key " * 150_000 + "x",
    "order" + "_" * 500_000 + "id",
    "in progress" * 100_000,
    "\u0130" * 500_000,  # İ lowercases to two code points
])
def test_classify_and_normalize_are_linear(text: str) -> None:
    t0 = time.perf_counter()
    api.classify_error(text)
    api.normalize_state(text)
    assert time.perf_counter() - t0 < 3


# ------------------------------------------------------------------ the registry, huge inputs


def _service(type_: str, dripfeed: bool = True) -> Service:
    return Service(id=1, name="S", type=type_, category="C", rate=Decimal("1.5"), min=1,
                   max=10**6, dripfeed=dripfeed)


HUGE_VALUES = [
    "https://instagram.com/" + "a" * 1_000_000,
    "\n".join(f"comment {i} 😀" for i in range(100_000)),
    "9" * 100_000,
    "\x00" * 10_000,
    BIG,
    ["x"] * 10_000,
]


@pytest.mark.parametrize("type_", [t.name for t in servicetypes.all_types()])
def test_registry_validates_huge_values_quickly(type_: str) -> None:
    service = _service(type_)
    fields = [f.name for f in servicetypes.fields_for(service)]
    t0 = time.perf_counter()
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
    assert time.perf_counter() - t0 < 20


@FUZZ
@given(st.text(odd, max_size=200) | st.sampled_from(["x" * 100_000, "DEFAULT\x00", "İnstagram",
                                                     "custom\u200bcomments", "Package" * 1000]))
def test_lookup_is_total_on_odd_type_strings(text: str) -> None:
    stype, known = servicetypes.lookup(text)
    assert isinstance(stype, servicetypes.ServiceType) and isinstance(known, bool)
    notice = servicetypes.unknown_notice(text)
    assert notice is None or isinstance(notice, str)
    json.dumps(stype.key)
