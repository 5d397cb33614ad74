"""Issue 22 items 3 and 12: one classifier for every answer to ``add`` (an id is never read as a
refusal), and a TLS error after the request left is not "nothing was sent"."""

from __future__ import annotations

import json
import os
import ssl
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from smmdesk import api, tlscheck
from smmdesk.api import AddAnswer, ApiError, BadResponseError, NetworkError, PanelClient
from smmdesk.compare import failover_reason
from smmdesk.demo.server import PanelSimulator
from smmdesk.errors import ErrorKind
from smmdesk.models import OutcomeKind, SubmitState
from smmdesk.outcomes import describe_order
from smmdesk.workspace import Workspace

KEY = "add-answers-key-7c1e5a"
LINK = "https://instagram.com/someone"

PLACED, REJECTED, UNCERTAIN = SubmitState.PLACED, SubmitState.REJECTED, SubmitState.UNCERTAIN


# ------------------------------------------------------------------------------ the classifier


@pytest.mark.parametrize(("answer", "outcome", "order"), [
    ({"order": 23501}, PLACED, 23501),
    ({"status": "success", "order": 32}, PLACED, 32),
    ({"order": "77"}, PLACED, 77),
    ({"order": Decimal("78.0")}, PLACED, 78),
    ({"order": 991, "error": None}, PLACED, 991),
    # An id with an error beside it: the order exists. Never a refusal.
    ({"order": 991, "error": "Not enough funds on balance"}, PLACED, 991),
    ({"order": "992", "error": {"message": "queued"}}, PLACED, 992),
    # No id beside an error: the panel's refusal.
    ({"error": "Not enough funds on balance"}, REJECTED, None),
    ({"order": None, "error": "Incorrect service ID"}, REJECTED, None),
    ({"order": 0, "error": "neworder.error.link_duplicate"}, REJECTED, None),
    ({"order": "", "error": "Quantity less than minimal 100"}, REJECTED, None),
    # Neither: the answer does not say.
    ({"order": 0}, UNCERTAIN, None),
    ({"order": "0"}, UNCERTAIN, None),
    ({"order": None}, UNCERTAIN, None),
    ({"error": ""}, UNCERTAIN, None),
    ({"error": None}, UNCERTAIN, None),
    ({"error": [], "status": "success"}, UNCERTAIN, None),
    ({"order": -5}, UNCERTAIN, None),
    ({"order": "12a", "error": "Not enough funds"}, UNCERTAIN, None),
    ({"order": 12.5}, UNCERTAIN, None),
    ({"order": True}, UNCERTAIN, None),
    ({"order": [991]}, UNCERTAIN, None),
    ({"status": "success"}, UNCERTAIN, None),
    ([{"order": 5}], UNCERTAIN, None),
    ("ok", UNCERTAIN, None),
])
def test_every_add_answer_has_one_reading(answer: Any, outcome: SubmitState, order: int | None):
    got = api.classify_add(answer)
    assert (got.outcome, got.order) == (outcome, order), got
    if outcome is UNCERTAIN:
        assert got.text.strip() and got.text[0].isupper(), got  # a sentence of its own
    if outcome is REJECTED:
        assert got.text == answer["error"]


def test_an_id_with_an_error_keeps_the_panels_words_as_a_note():
    got = api.classify_add({"order": 991, "error": "Low balance, please top up"})
    assert got == AddAnswer(PLACED, 991, "Low balance, please top up")
    assert api.parse_add({"order": 991, "error": "Low balance, please top up"}) == 991


def test_the_uncertain_readings_say_what_was_odd():
    assert "order 0" in api.classify_add({"order": 0}).text
    assert "empty error" in api.classify_add({"error": ""}).text
    assert "12a" in api.classify_add({"order": "12a"}).text
    refused = api.classify_add({"error": "Not enough funds on balance"})
    assert refused.kind is ErrorKind.FUNDS
    with pytest.raises(ApiError):
        api.parse_add({"error": "Not enough funds on balance"})
    for odd in ({"order": 0}, {"error": ""}):
        with pytest.raises(BadResponseError):
            api.parse_add(odd)


def test_a_key_echoed_in_an_add_answer_is_masked():
    got = api.classify_add({"order": 5, "error": f"key {KEY} is almost out of funds"}, KEY)
    assert got.outcome is PLACED and KEY not in got.text and "[REDACTED]" in got.text
    odd = api.classify_add({"order": f"x{KEY}"}, KEY)
    assert odd.outcome is UNCERTAIN and KEY not in odd.text


# ------------------------------------------------------------------------ through the simulator


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=60, key=KEY, speed=0) as s:
        yield s


@pytest.fixture
def placed(engine_ws: Workspace, sim: PanelSimulator) -> tuple[Workspace, str]:
    """The simulator connected to a workspace of each engine (tests/engines.py)."""
    ws = engine_ws
    panel = ws.add_panel("Sim", sim.url, sim.key)
    ws.refresh_services(panel.id)
    return ws, panel.id


def test_the_simulator_answers_in_any_shape_and_still_places(sim: PanelSimulator):
    with PanelClient(sim.url, sim.key, retries=0) as client:
        sim.set_fault("answer", actions="add", times=1, extra={"error": "Low balance"})
        got = client.place(1, link=LINK, quantity=100)
        assert got.outcome is PLACED and got.text == "Low balance"
        assert sim.order_ids() == [got.order]  # the panel did place it
        sim.set_fault("answer", actions="add", times=1, body={"order": 0}, execute=False)
        assert client.place(1, link=LINK + "2", quantity=100).outcome is UNCERTAIN
        assert len(sim.order_ids()) == 1  # execute=False: nothing placed this time
        assert client.place(1, link=LINK + "3", quantity=100).outcome is PLACED  # times=1


def test_an_order_with_an_error_beside_its_id_is_placed_not_refused(placed, sim):
    ws, pid = placed
    sim.set_fault("answer", actions="add", times=1,
                  extra={"error": "Not enough funds on balance"})
    order = ws.place_order(pid, 1, {"link": LINK, "quantity": "100"})
    assert order.submit_state is PLACED and order.remote_id == sim.order_ids()[0]
    assert order.outcome is OutcomeKind.PLACED_NOTE and order.error == "Not enough funds on balance"
    assert failover_reason(order) is None  # no other panel is offered: it was bought
    assert ws.find_duplicate(pid, 1, LINK) is not None  # ordering it again warns
    notes = [e.note for e in ws.order_events(order.id)]
    assert any("Not enough funds on balance" in (n or "") for n in notes), notes


@pytest.mark.parametrize("body", [{"order": 0}, {"error": ""}, {"order": "12a"}])
def test_an_answer_that_does_not_say_is_uncertain_with_a_specific_message(placed, sim, body):
    ws, pid = placed
    sim.set_fault("answer", actions="add", times=1, body=body)
    order = ws.place_order(pid, 1, {"link": LINK, "quantity": "100"})
    assert order.submit_state is UNCERTAIN and order.remote_id is None
    said = describe_order(order)  # the kind in words, the panel's answer beside it
    answer = api.classify_add(body)
    assert order.outcome is OutcomeKind(answer.why) and said.count("may have been placed") == 1
    assert answer.text in said  # the same specific sentence, from the kind
    assert order.error == (answer.detail or None)
    assert failover_reason(order) is None


def test_a_refusal_with_a_4xx_status_is_still_a_refusal(placed, sim):
    ws, pid = placed
    sim.balance = Decimal("0")
    order = ws.place_order(pid, 1, {"link": LINK, "quantity": "100"})
    assert order.submit_state is REJECTED and "funds" in (order.error or "").lower()
    assert failover_reason(order) == "funds"


# ---------------------------------------------------------------- TLS after the request left


class _KeepAliveThenGarble(BaseHTTPRequestHandler):
    """Answers the first request on a connection (keep-alive); on the second, reads the request
    whole, then writes bytes that are no TLS record straight onto the socket."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests += 1
        if self.server.requests == 1:
            body = json.dumps({"balance": "10.00", "currency": "USD"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            return
        os.write(self.connection.fileno(), b"HTTP/1.1 200 OK\r\n\r\nnot a TLS record at all")
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    requests = 0

    def __init__(self, context: ssl.SSLContext) -> None:
        super().__init__(("127.0.0.1", 0), _KeepAliveThenGarble)
        self.context = context

    def get_request(self) -> tuple[Any, Any]:
        sock, addr = self.socket.accept()
        sock.settimeout(10)
        return self.context.wrap_socket(sock, server_side=True), addr

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


@pytest.fixture
def garbling(tmp_path: Path) -> Iterator[tuple[str, str]]:
    certs = tlscheck.make_certificates(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certs.cert, certs.key)
    server = _Server(context)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/api/v2", str(certs.ca)
    finally:
        server.shutdown()
        server.server_close()


def test_a_tls_error_on_a_reused_connection_after_the_request_left_is_uncertain(
        garbling, data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    import functools

    from smmdesk import panels as workspace_mod

    url, ca = garbling
    monkeypatch.setattr(workspace_mod, "PanelClient",
                        functools.partial(PanelClient, ca_bundle=ca, retries=0))
    with PanelClient(url, KEY, retries=0, ca_bundle=ca) as client:
        client.balance()  # the connection is kept alive ...
        with pytest.raises(NetworkError) as info:
            client.place(1, link=LINK, quantity=100)  # ... and breaks after the request left
    assert info.value.maybe_sent and "Nothing was sent" not in info.value.message
    assert not info.value.tls  # not the "certificate problem" advice


def test_a_tls_error_after_the_send_leaves_the_order_uncertain(garbling, data_dir: Path,
                                                                engine_address: str | None,
                                                                monkeypatch: pytest.MonkeyPatch):
    import functools

    from smmdesk import panels as workspace_mod

    url, ca = garbling
    monkeypatch.setattr(workspace_mod, "PanelClient",
                        functools.partial(PanelClient, ca_bundle=ca, retries=0))
    with Workspace(data_dir, store=engine_address) as ws:
        panel = ws.add_panel("TLS", url, KEY)
        ws.balance(panel.id)
        service = api.parse_services([{"service": 1, "name": "Followers", "type": "Default",
                                       "rate": "1.00", "min": 10, "max": 1000}])
        ws.store.services.apply_services(panel.id, service)
        order = ws.place_order(panel.id, 1, {"link": LINK, "quantity": "100"})
    assert order.submit_state is UNCERTAIN, order
    said = describe_order(order)
    assert "Not sent" not in said and "Nothing was sent" not in said and not order.not_sent
