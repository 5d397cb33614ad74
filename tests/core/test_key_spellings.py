"""Issue 18 item 6: the key is masked in every spelling; a URL holding a key is never stored;
a redirect's https:// address is offered only on the same host."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from smmdesk import redact
from smmdesk.api import BadResponseError, PanelClient
from smmdesk.logs import setup_logging, teardown_logging
from smmdesk.panelurl import PanelUrlError, https_upgrade, same_host
from smmdesk.workspace import Workspace
from tests.core.hostile import HostilePanel

KEY = "Ab/cd+Ef 9%x=Q7k&z"  # characters every encoder treats differently


@pytest.fixture
def ws(engine_ws: Workspace) -> Workspace:
    """This file's workspace: of each engine (tests/engines.py)."""
    return engine_ws


@pytest.fixture
def key():
    redact.register(KEY)
    yield KEY
    redact.forget(KEY)


def _lower_hex(text: str) -> str:
    out, i = "", 0
    while i < len(text):
        if text[i] == "%":
            out += text[i : i + 3].lower()
            i += 3
        else:
            out += text[i]
            i += 1
    return out


SPELLINGS = {
    "plain": KEY,
    "quote": quote(KEY),
    "quote-nothing-safe": quote(KEY, safe=""),
    "quote_plus": quote_plus(KEY),
    "lower-case percent": _lower_hex(quote_plus(KEY)),
    "lower-case quote": _lower_hex(quote(KEY, safe="")),
    "json-escaped slash": json.dumps(KEY)[1:-1].replace("/", "\\/"),
    "json-escaped, then %r": repr(json.dumps(KEY).replace("/", "\\/"))[2:-2],
    "json \\u escapes": "".join(f"\\u{ord(c):04x}" for c in KEY),
    "json ensure_ascii": json.dumps(KEY, ensure_ascii=True)[1:-1],
}


@pytest.mark.parametrize("name", list(SPELLINGS))
def test_scrub_masks_every_spelling(key, name):
    spelled = SPELLINGS[name]
    out = redact.scrub(f"before {spelled} after")
    assert out == f"before {redact.MASK} after", name


def test_scrub_leaves_other_text_alone(key):
    text = "100% done, path a\\/b, %2F and \\u0041 are not the key"
    assert redact.scrub(text) == text


def test_a_json_escaped_key_in_a_5xx_body_never_reaches_the_log_or_the_error(key, tmp_path):
    # The panel echoes the key back, JSON-escaped as PHP's json_encode does ("\/").
    body = json.dumps({"message": f"bad key {KEY}"}).replace("/", "\\/").encode()

    def answer(h):
        h.send_response(500)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    log_file = setup_logging(tmp_path, logging.DEBUG)
    try:
        with HostilePanel(answer) as panel, PanelClient(panel.url, KEY, retries=0) as c:
            with pytest.raises(BadResponseError) as ei:
                c.balance()
            logging.getLogger("smmdesk.test").warning("panel said %r", body.decode())
    finally:
        teardown_logging()
    text = str(ei.value) + repr(ei.value) + log_file.read_text()
    assert redact.MASK in text
    for name, spelled in SPELLINGS.items():
        assert spelled not in text, name
    assert "cd+Ef" not in text


@pytest.mark.parametrize(
    "url",
    [
        "https://panel.example/api/v2?key=abcdef123456",
        "https://panel.example/api/v2?action=balance&KEY=abcdef123456",
        "https://panel.example/api/v2?api_key=abcdef123456",
        "https://panel.example/api/v2?apikey=abcdef123456",
        "https://panel.example/api/v2#key=abcdef123456",
        "https://user:abcdef123456@panel.example/api/v2",
    ],
)
def test_a_url_holding_a_key_is_refused_everywhere(ws: Workspace, url):
    with pytest.raises(PanelUrlError, match="must not contain the API key"):
        ws.add_panel("P", url, "k-123456")
    assert ws.panels() == []
    panel = ws.add_panel("P", "https://panel.example/api/v2", "k-123456")
    with pytest.raises(ValueError, match="must not contain the API key"):
        ws.update_panel(panel.id, url=url)
    assert ws.panel(panel.id).url == "https://panel.example/api/v2"
    with pytest.raises(ValueError, match="must not contain the API key"):
        ws.test_connection(url, "k-123456")


def test_other_query_parameters_are_fine(ws: Workspace):
    panel = ws.add_panel("P", "https://panel.example/api/v2?lang=en", "k-123456")
    assert panel.url == "https://panel.example/api/v2?lang=en"


@pytest.mark.parametrize(
    ("url", "location", "offered"),
    [
        ("http://p.example/api/v2", "https://p.example/api/v2", "https://p.example/api/v2"),
        ("http://P.example/api/v2", "https://p.EXAMPLE/", "https://p.EXAMPLE/api/v2"),
        ("http://p.example/api/v2", "https://p.example:443/api/v2", "https://p.example:443/api/v2"),
        ("http://p.example/api/v2", "https://evil.example/api/v2", None),
        ("http://p.example/api/v2", "https://p.example.evil.example/api/v2", None),
        ("http://p.example/api/v2", "https://evil.example/?u=p.example", None),
        ("http://p.example/api/v2", "http://p.example/api/v3", None),
        ("http://p.example/api/v2", "https://p.example/api/v2?key=x", None),
        ("http://p.example/api/v2", None, None),
        ("http://p.example/api/v2", "https://", None),
    ],
)
def test_https_is_offered_only_on_the_same_host(url, location, offered):
    assert https_upgrade(url, location) == offered
    assert Workspace.https_upgrade(url, location) == offered


def test_same_host():
    assert same_host("http://a.example/x", "https://A.example./y")
    assert not same_host("http://a.example/x", "https://b.example/x")
    assert not same_host("http://a.example/x", "not a url")


def test_the_log_file_scrubs_quoted_spellings(key, tmp_path: Path):
    log_file = setup_logging(tmp_path, logging.INFO)
    try:
        log = logging.getLogger("smmdesk.test")
        for name, spelled in SPELLINGS.items():
            log.info("%s: %r", name, f"...{spelled}...")
    finally:
        teardown_logging()
    text = log_file.read_text()
    assert text.count(redact.MASK) == len(SPELLINGS)
