"""Fuzzing what tests/test_api_fuzz.py and tests/test_servicetypes.py leave out.

Those two already drive every ``api.parse_*``, ``decode_body``, ``normalize_state``,
``classify_error`` and the registry's ``validate``/``payload``/``estimate``/``lookup`` with
random JSON-like values and odd Unicode. Missing were: *huge* inputs (deep nesting, megabyte
strings, a 50,000-row catalogue of junk), the one parser of text the person types
(``sync.parse_id_list``). Only typed results or the project's own errors may come out. The time
bounds (a regular expression that backtracks on a long panel answer would freeze a worker) are
bench/bench_bounds.py's figures over the same inputs (tests/core/huge_inputs.py).
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smmdesk import api, servicetypes, sync
from smmdesk.errors import ErrorKind
from smmdesk.models import OrderState
from tests.core.huge_inputs import (
    HUGE_ANSWERS,
    HUGE_BODIES,
    LONG_TEXTS,
    classify,
    decode_both_ways,
    junk_and_gold_rows,
    only_typed_or_panel_error,
    registry_over_huge_values,
)

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
    """Refused or empty, never a 20,000-id list; the time it takes is bench/bench_bounds.py's
    id_list_huge_s."""
    with pytest.raises(ValueError):
        sync.parse_id_list(", ".join(str(i) for i in range(1, 20_002)))
    with pytest.raises(ValueError):
        sync.parse_id_list("1-" + "9" * 5000)
    assert sync.parse_id_list(" ,;\n" * 100_000) == []


# ------------------------------------------------------------------ huge panel answers


@pytest.mark.parametrize("obj", HUGE_ANSWERS)
def test_parsers_survive_huge_answers(obj: object) -> None:
    # How long they take is bench/bench_bounds.py's parsers_huge_answer_max_s, not a limit here.
    only_typed_or_panel_error(obj)


def test_a_50k_row_catalogue_of_junk_and_gold() -> None:
    services, skipped = api.parse_services_report(junk_and_gold_rows())
    assert len(services) == 16_667 and skipped == 50_000 - 16_667
    assert all(isinstance(s.rate, Decimal) and s.rate.is_finite() for s in services)


@pytest.mark.parametrize("body", HUGE_BODIES)
def test_decode_body_survives_huge_bodies(body: str) -> None:
    decode_both_ways(body)


@pytest.mark.parametrize("text", LONG_TEXTS)
def test_classify_and_normalize_survive_long_texts(text: str) -> None:
    # Whether they are linear is timed by bench/bench_bounds.py (classify_long_text_max_s).
    kind, state = classify(text)
    assert isinstance(kind, ErrorKind) and isinstance(state, OrderState)


# ------------------------------------------------------------------ the registry, huge inputs


@pytest.mark.parametrize("type_", [t.name for t in servicetypes.all_types()])
def test_registry_validates_huge_values(type_: str) -> None:
    registry_over_huge_values(type_)


@FUZZ
@given(st.text(odd, max_size=200) | st.sampled_from(["x" * 100_000, "DEFAULT\x00", "İnstagram",
                                                     "custom\u200bcomments", "Package" * 1000]))
def test_lookup_is_total_on_odd_type_strings(text: str) -> None:
    stype, known = servicetypes.lookup(text)
    assert isinstance(stype, servicetypes.ServiceType) and isinstance(known, bool)
    notice = servicetypes.unknown_notice(text)
    assert notice is None or isinstance(notice, str)
    json.dumps(stype.key)
