"""Money formatting (Decimal, never float), ages and the per-problem error texts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QLocale

from smmdesk.errors import ApiError, BadResponseError, ErrorKind, NetworkError, RateLimitedError
from ui.format import describe_error, format_age, format_decimal, format_money, services_summary

EN = QLocale("en_US")
DE = QLocale("de_DE")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "0.00"),
        ("1.5", "1.50"),
        ("12.400000", "12.40"),
        ("0.0254", "0.0254"),
        ("0.000012345", "0.00001234"),  # rounded half-even at 8 places
        ("1234567.891", "1,234,567.891"),
        ("-1000", "-1,000.00"),
        ("100000000000000000000.01", "100,000,000,000,000,000,000.01"),
    ],
)
def test_format_decimal(qapp, value, expected):
    assert format_decimal(Decimal(value), EN) == expected


def test_format_decimal_never_goes_through_float(qapp):
    # 0.1 + 0.2 as floats would show 0.30000000000000004.
    assert format_decimal(Decimal("0.1") + Decimal("0.2"), EN) == "0.30"
    assert format_decimal(Decimal("2.675"), EN, max_decimals=2) == "2.68"


def test_format_money(qapp):
    assert format_money(Decimal("1234.5"), "USD", EN) == "$1,234.50"
    assert format_money(Decimal("1234.5"), "EUR", DE) == "1.234,50\u00a0€"
    assert format_money(Decimal("-3"), "USD", EN) == "-$3.00"
    assert format_money(Decimal("12.4"), "XYZ", EN) == "12.40\u00a0XYZ"
    assert format_money(Decimal("12.4"), None, EN) == "12.40"
    assert format_money(None, "USD", EN) == ""


def test_format_age(qapp):
    now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert format_age(now - timedelta(seconds=10), now) == "just now"
    assert format_age(now - timedelta(minutes=5), now) == "5 min ago"
    assert format_age(now - timedelta(hours=3), now) == "3 h ago"
    assert format_age(now - timedelta(days=1), now) == "24 h ago"
    assert format_age(now - timedelta(days=3), now) == "3 days ago"
    assert format_age(None, now) == "never"


def test_services_summary(qapp):
    assert services_summary(12, 3, 40) == "12 new, 3 removed, 40 price changes"
    assert services_summary(1, 0, 1) == "1 new, 0 removed, 1 price change"


@pytest.mark.parametrize(
    ("exc", "needle"),
    [
        (ApiError("Invalid API key", ErrorKind.AUTH), "Wrong API key"),
        (ApiError("Not enough funds", ErrorKind.FUNDS), "The panel said: Not enough funds"),
        (BadResponseError("cloudflare", status_code=403), "Cloudflare"),
        (BadResponseError("html", status_code=200), "A web page answered"),
        (BadResponseError("html", status_code=502), "HTTP 502"),
        (BadResponseError("html", status_code=404), "Not an API endpoint"),
        (BadResponseError("http", status_code=404), "Not an API endpoint"),
        (BadResponseError("shape"), "Not an SMM panel API"),
        (BadResponseError("empty"), "empty answer"),
        (BadResponseError("invalid_json"), "not valid JSON"),
        (NetworkError("x", maybe_sent=True, timeout=True), "Timed out"),
        (NetworkError("x", maybe_sent=False), "Cannot connect"),
        (NetworkError("x", maybe_sent=True), "connection broke"),
        (RateLimitedError(5), "5 seconds"),
        (ValueError("boom"), "Unexpected error: ValueError: boom"),
    ],
)
def test_describe_error(qapp, exc, needle):
    assert needle in describe_error(exc)


def test_describe_redirect_names_the_target(qapp):
    exc = BadResponseError("redirect", status_code=301)
    exc.location = "https://panel.example/api/v2"
    assert "https://panel.example/api/v2" in describe_error(exc)


def test_refresh_summary_says_how_many_services_could_not_be_read(qapp) -> None:
    from ui.format import services_summary

    assert services_summary(1, 0, 2) == "1 new, 0 removed, 2 price changes"
    assert services_summary(1, 0, 2, {}) == "1 new, 0 removed, 2 price changes"
    text = services_summary(3, 0, 0, {"id": 27, "duplicate": 1})
    assert text == ("3 new, 0 removed, 0 price changes, 28 could not be read "
                    "(the ID is not a whole number: 27, listed twice: 1)")
