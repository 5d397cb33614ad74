"""Fuzz runs reproduce: in CI Hypothesis is derandomised (a fixed seed per test), and a failure
prints the blob that replays it (tests/conftest.py chooses the profile)."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import HYPOTHESIS_PROFILE, IN_CI


def test_the_ci_profile_is_chosen_under_ci_and_fixes_the_seed() -> None:
    expected = os.environ.get("SMMDESK_HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "dev")
    assert expected == HYPOTHESIS_PROFILE
    ci = settings.get_profile("ci")
    assert ci.derandomize and ci.database is None and ci.print_blob
    assert settings.get_profile("dev").print_blob
    assert settings.default.derandomize is settings.get_profile(expected).derandomize
    if IN_CI and expected == "ci":
        assert settings.default.derandomize and settings.default.database is None


def _examples(profile: str) -> list[list[int]]:
    seen: list[list[int]] = []

    @settings(settings.get_profile(profile), max_examples=30)
    @given(st.lists(st.integers()))
    def collect(values: list[int]) -> None:
        seen.append(values)

    collect()
    return seen


def test_the_ci_profile_draws_the_same_examples_every_run() -> None:
    first, second = _examples("ci"), _examples("ci")
    assert first == second and len({repr(v) for v in first}) > 5


def test_a_failure_prints_the_blob_that_replays_it() -> None:
    @settings(settings.get_profile("ci"), max_examples=200)
    @given(st.integers())
    def fails_above_ten(n: int) -> None:
        assert n <= 10

    with pytest.raises(AssertionError) as failed:
        fails_above_ten()
    notes = "\n".join(getattr(failed.value, "__notes__", []))
    assert "fails_above_ten(\n    n=11," in notes  # the smallest failing example
    assert "@reproduce_failure(" in notes
