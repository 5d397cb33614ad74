"""Issue 18 item 7: the self-check's TLS step makes a verified HTTPS connection on loopback."""

from __future__ import annotations

import ssl
import threading
from pathlib import Path

import pytest

from smmdesk import tlscheck
from smmdesk.api import NetworkError, PanelClient


def test_the_tls_check_passes_with_verification_on():
    assert tlscheck.run_tls_check() == "tls verified"


def test_the_check_fails_when_verification_would_accept_anything(monkeypatch):
    # A client that trusts the test CA everywhere makes the "unknown CA" connection succeed:
    # the check must notice, not pass.
    real = PanelClient.__init__

    def trusting(self, *args, ca_bundle=None, **kw):
        real(self, *args, ca_bundle=ca_bundle or trusting.ca, **kw)

    real_make = tlscheck.make_certificates

    def make(folder: Path):
        certs = real_make(folder)
        trusting.ca = str(certs.ca)
        return certs

    monkeypatch.setattr(tlscheck, "make_certificates", make)
    monkeypatch.setattr(PanelClient, "__init__", trusting)
    with pytest.raises(tlscheck.TLSCheckError, match="an unknown CA was accepted"):
        tlscheck.run_tls_check()


def test_an_unknown_certificate_is_refused_as_a_tls_problem_and_nothing_is_sent(tmp_path):
    certs = tlscheck.make_certificates(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certs.cert, certs.key)
    server = tlscheck._TLSServer(context)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        url = f"https://127.0.0.1:{server.server_address[1]}/api/v2"
        with PanelClient(url, "some-key-123", retries=0) as c, pytest.raises(NetworkError) as ei:
            c.balance()
        assert not ei.value.maybe_sent and "TLS/certificate problem" in ei.value.message
        with PanelClient(url, "some-key-123", retries=0, ca_bundle=str(certs.ca)) as c:
            assert c.balance().currency == "USD"
    finally:
        server.shutdown()
        server.server_close()
