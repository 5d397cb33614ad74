"""Home currency, exchange rates and the ECB feed (served by a local HTTP server)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from smmdesk.models import Panel
from smmdesk.rates import RatesError, parse_ecb, price_sort_key
from smmdesk.workspace import Workspace

ECB_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"
    xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
  <Cube>
    <Cube time='2026-11-27'>
      <Cube currency='USD' rate='1.0867'/>
      <Cube currency='JPY' rate='161.20'/>
      <Cube currency='TRY' rate='37.4500'/>
      <Cube currency='INR' rate='91.3200'/>
    </Cube>
  </Cube>
</gesmes:Envelope>
"""


@pytest.fixture
def ws(engine_ws: Workspace) -> Workspace:
    """This file's workspace: of each engine (tests/engines.py)."""
    return engine_ws


class Feed:
    """What the local feed answers: (status, content type, body); ``hits`` counts requests."""

    def __init__(self) -> None:
        self.answer: tuple[int, str, bytes] = (200, "text/xml", ECB_XML)
        self.hits = 0


@pytest.fixture
def feed() -> Iterator[tuple[Feed, str]]:
    state = Feed()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.hits += 1
            status, ctype, body = state.answer
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/eurofxref-daily.xml"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def add_panel(ws: Workspace, pid: str, currency: str | None) -> Panel:
    return ws.store.panels.insert_panel(Panel(id=pid, name=pid, url="http://127.0.0.1:9/api/v2",
                                              currency=currency))


# ------------------------------------------------------------------------------- conversion

def test_home_currency_defaults_to_the_first_panels(ws: Workspace) -> None:
    assert ws.home_currency() is None
    add_panel(ws, "first", "TRY")
    add_panel(ws, "second", "USD")
    assert ws.home_currency() == "TRY"
    ws.set_home_currency("usd")
    assert ws.home_currency() == "USD"


def test_convert_with_and_without_a_rate(ws: Workspace) -> None:
    ws.set_home_currency("TRY")
    assert ws.convert(Decimal("2.50"), "TRY") == Decimal("2.50")
    assert ws.convert(Decimal("2.50"), "USD") is None  # no rate: never mixed in
    assert ws.convert(Decimal("2.50"), None) is None
    ws.set_rate("USD", Decimal("34.20"))
    assert ws.convert(Decimal("2.50"), "USD") == Decimal("85.5000")
    assert isinstance(ws.convert(Decimal("1"), "usd"), Decimal)
    value, when = ws.rates()["USD"]
    assert value == Decimal("34.20") and when.tzinfo is not None
    with pytest.raises(ValueError):
        ws.set_rate("USD", Decimal("-1"))
    with pytest.raises(ValueError):
        ws.set_rate("dollars", Decimal("1"))
    ws.remove_rate("USD")
    assert ws.convert(Decimal("1"), "USD") is None


def test_rates_survive_reopening(data_dir: Path, engine_address: str | None) -> None:
    with Workspace(data_dir, store=engine_address) as ws:
        ws.set_home_currency("EUR")
        ws.set_rate("USD", Decimal("0.92"))
    with Workspace(data_dir, store=engine_address) as ws:
        assert ws.home_currency() == "EUR"
        assert ws.rates()["USD"][0] == Decimal("0.92")
        assert ws.store.db.schema_version >= 5


def test_changing_the_home_currency_rebases_the_rates(ws: Workspace) -> None:
    ws.set_home_currency("EUR")
    ws.set_rate("USD", Decimal("0.8"))  # 1 USD = 0.8 EUR
    ws.set_rate("TRY", Decimal("0.025"))  # 1 TRY = 0.025 EUR
    ws.set_home_currency("USD")
    rates = {k: v for k, (v, _) in ws.rates().items()}
    assert rates["EUR"] == Decimal("1.25")
    assert rates["TRY"] == Decimal("0.03125")
    assert "USD" not in rates
    ws.set_home_currency("JPY")  # no rate for JPY: the old rates mean nothing now
    assert ws.rates() == {}


def test_sorting_across_currencies_uses_converted_prices(ws: Workspace) -> None:
    """₺0.0148 is not between €0.01 and €0.019: sorted as money, unconvertible last."""
    ws.set_home_currency("USD")
    ws.set_rate("EUR", Decimal("1.10"))
    ws.set_rate("TRY", Decimal("0.029"))
    prices = [(Decimal("0.019"), "EUR"), (Decimal("0.0148"), "TRY"), (Decimal("0.01"), "EUR"),
              (Decimal("5"), "GBP"), (Decimal("0.015"), "USD"), (Decimal("0.001"), None)]
    ordered = sorted(prices, key=lambda p: price_sort_key(ws.convert(p[0], p[1]), p[0], p[1]))
    assert ordered == [(Decimal("0.0148"), "TRY"), (Decimal("0.01"), "EUR"),
                       (Decimal("0.015"), "USD"), (Decimal("0.019"), "EUR"),
                       (Decimal("5"), "GBP"), (Decimal("0.001"), None)]


# ------------------------------------------------------------------------------- the ECB feed

def test_parse_ecb() -> None:
    when, rates = parse_ecb(ECB_XML)
    assert when == datetime(2026, 11, 27, tzinfo=UTC)
    assert rates["USD"] == Decimal("1.0867") and rates["EUR"] == 1


def test_update_from_the_feed_converts_to_home(ws: Workspace, feed: tuple[Feed, str]) -> None:
    _state, url = feed
    ws.set_home_currency("TRY")
    ws.set_rate("RUB", Decimal("0.40"))  # the feed has no RUB: the typed rate stays
    got = ws.update_rates_from_ecb(url)
    assert got["EUR"] == Decimal("37.4500")
    assert got["USD"] == Decimal("37.4500") / Decimal("1.0867")
    assert ws.convert(Decimal("1"), "EUR") == Decimal("37.4500")
    rates = ws.rates()
    assert rates["USD"][1] == datetime(2026, 11, 27, tzinfo=UTC)
    assert rates["RUB"][0] == Decimal("0.40")
    assert ws.rate_sources()["RUB"] == "typed" and ws.rate_sources()["USD"] == "ecb"
    assert "TRY" not in rates


def test_home_currency_missing_from_the_feed(ws: Workspace, feed: tuple[Feed, str]) -> None:
    _state, url = feed
    ws.set_home_currency("RUB")
    with pytest.raises(RatesError) as exc:
        ws.update_rates_from_ecb(url)
    assert exc.value.kind == "no_home_rate" and "RUB" in str(exc.value)
    ws.set_rate("EUR", Decimal("100"))  # typed: 1 EUR = 100 RUB anchors the feed
    got = ws.update_rates_from_ecb(url)
    assert got["USD"] == Decimal("100") / Decimal("1.0867")


@pytest.mark.parametrize(("answer", "kind"), [
    ((200, "text/html", b"<!DOCTYPE html><html><body>Cloudflare</body></html>"), "html"),
    ((200, "text/xml", b"<gesmes:Envelope><Cube><Cube time="), "format"),
    ((200, "text/xml", b"<?xml version='1.0'?><rates/>"), "format"),
    ((500, "text/plain", b"oops"), "http"),
])
def test_a_broken_answer_says_why_and_keeps_the_old_rates(
    ws: Workspace, feed: tuple[Feed, str], answer: tuple[int, str, bytes], kind: str
) -> None:
    state, url = feed
    ws.set_home_currency("TRY")
    ws.update_rates_from_ecb(url)
    before = ws.rates()
    state.answer = answer
    with pytest.raises(RatesError) as exc:
        ws.update_rates_from_ecb(url)
    assert exc.value.kind == kind
    assert str(exc.value)  # a sentence, not a traceback
    assert ws.rates() == before


def test_an_unreachable_feed(ws: Workspace, feed: tuple[Feed, str]) -> None:
    state, _url = feed
    ws.set_home_currency("TRY")
    with pytest.raises(RatesError) as exc:
        ws.update_rates_from_ecb("http://127.0.0.1:9/eurofxref-daily.xml")
    assert exc.value.kind == "network"
    assert ws.rates() == {}
    assert state.hits == 0


# ----------------------------------------------------------------- typed rates (issue 22)

def test_an_ecb_update_keeps_a_typed_rate_its_source_and_date(
        ws: Workspace, feed: tuple[Feed, str]) -> None:
    _state, feed_url = feed
    ws.set_home_currency("TRY")
    typed_at = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    ws.set_rate("USD", Decimal("34.25"), at=typed_at)
    got = ws.update_rates_from_ecb(feed_url)
    assert "USD" not in got and got["EUR"] == Decimal("37.45")
    details = ws.rate_details()
    assert details["USD"].per_unit == Decimal("34.25")
    assert (details["USD"].source, details["USD"].at) == ("typed", typed_at)
    assert details["EUR"].source == "ecb"
    assert details["EUR"].at == datetime(2026, 11, 27, tzinfo=UTC)
    ws.remove_rate("USD")  # removing it follows the feed again
    ws.update_rates_from_ecb(feed_url)
    assert ws.rate_details()["USD"].source == "ecb"


def test_a_swapped_typed_rate_is_asked_about(ws: Workspace, feed: tuple[Feed, str]) -> None:
    _state, feed_url = feed
    ws.set_home_currency("USD")
    ws.update_rates_from_ecb(feed_url)
    # 1 TRY is worth ~0.029 USD: "34.25" is 1 USD in TRY, typed the wrong way round.
    doubt = ws.check_rate("TRY", Decimal("34.25"))
    assert doubt is not None and doubt.source == "ecb" and doubt.inverse_fits
    assert doubt.reference == Decimal("1.0867") / Decimal("37.4500")
    assert ws.check_rate("TRY", Decimal("0.03")) is None  # close to the ECB's: no question
    assert ws.check_rate("TRY", Decimal("0.0095")) is not None  # over ×3 off: asked
    assert ws.check_rate("TRY", Decimal("0.0100")) is None  # under ×3: kept as typed
    assert not ws.check_rate("TRY", Decimal("0.5")).inverse_fits  # wrong, but not swapped
    # The feed has no GBP: the rate it would replace is the reference.
    assert ws.check_rate("GBP", Decimal("50")) is None  # nothing to compare with
    ws.set_rate("GBP", Decimal("1.27"))
    gbp = ws.check_rate("GBP", Decimal("0.79"))
    assert gbp is None
    gbp = ws.check_rate("GBP", Decimal("127"))
    assert gbp is not None and gbp.source == "current"


def test_the_feed_checks_rates_whatever_the_home_currency_becomes(
        ws: Workspace, feed: tuple[Feed, str]) -> None:
    _state, feed_url = feed
    ws.set_home_currency("EUR")
    ws.update_rates_from_ecb(feed_url)
    ws.set_home_currency("TRY")  # rates re-based; the feed is still the reference
    assert ws.check_rate("USD", Decimal("0.029")) is not None  # 1 USD ≈ 34.46 TRY
    assert ws.check_rate("USD", Decimal("34.5")) is None
