"""The TLS step of ``--self-check``: a verified HTTPS connection through the real panel client.

A throwaway certificate authority and a server certificate for 127.0.0.1 are generated at run
time (``cryptography``), a local HTTPS server answers like a panel, and ``PanelClient``:

1. with its normal trust store refuses the server (an unknown CA is never accepted),
2. asking for ``localhost`` refuses a certificate issued for 127.0.0.1 only (host name check),
3. trusting the test CA explicitly (``ca_bundle``; verification stays on) reads the balance.

Nothing leaves 127.0.0.1; the keys live in a private temporary folder removed afterwards.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import logging
import ssl
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from smmdesk.api import PanelClient
from smmdesk.errors import NetworkError

__all__ = ["TLSCheckError", "TestCertificates", "make_certificates", "run_tls_check"]

log = logging.getLogger(__name__)

CHECK_KEY = "tls-self-check-key"  # not a real key: the local server accepts only this one
BALANCE = {"balance": "12.34", "currency": "USD"}


class TLSCheckError(Exception):
    pass


class TestCertificates:
    def __init__(self, folder: Path) -> None:
        self.ca = folder / "test-ca.pem"
        self.cert = folder / "server.pem"
        self.key = folder / "server-key.pem"


def make_certificates(folder: Path) -> TestCertificates:
    """A CA and a server certificate for IP 127.0.0.1 (valid for one day), as PEM files."""
    # Imported here: only the self-check needs it, and it is slow to import at start-up.
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "SMM Desk self-check CA")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=True,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
            critical=False,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    out = TestCertificates(folder)
    out.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    out.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    out.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return out


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps(BALANCE).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True


class _TLSServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, context: ssl.SSLContext) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.context = context

    def get_request(self) -> tuple[Any, Any]:
        sock, addr = self.socket.accept()
        sock.settimeout(10)
        # The handshake runs in the request's thread (a refused handshake only ends that one).
        return self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr

    def finish_request(self, request: Any, client_address: Any) -> None:
        try:
            request.do_handshake()
        except (ssl.SSLError, OSError):
            return
        super().finish_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


def run_tls_check(timeout: float = 10.0) -> str:
    """Run the three connections; a one-line summary, or ``TLSCheckError`` saying what failed."""
    with tempfile.TemporaryDirectory(prefix="smmdesk-tls-") as folder:  # 0700
        certs = make_certificates(Path(folder))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(certs.cert, certs.key)
        server = _TLSServer(context)
        thread = threading.Thread(target=server.serve_forever, name="tls-check", daemon=True)
        thread.start()
        try:
            port = server.server_address[1]
            _expect_refused(f"https://127.0.0.1:{port}/api/v2", None, timeout, "an unknown CA")
            _expect_refused(
                f"https://localhost:{port}/api/v2", str(certs.ca), timeout, "a wrong host name"
            )
            with PanelClient(
                f"https://127.0.0.1:{port}/api/v2",
                CHECK_KEY,
                timeout=timeout,
                retries=0,
                ca_bundle=str(certs.ca),
            ) as client:
                try:
                    balance = client.balance()
                except NetworkError as e:
                    raise TLSCheckError(f"the verified connection failed: {e.message}") from None
            if str(balance.amount) != BALANCE["balance"]:
                raise TLSCheckError(f"unexpected answer over TLS: {balance!r}")
        finally:
            server.shutdown()
            server.server_close()
            thread.join(5)
    log.info("TLS check: verified connection ok (%s)", ssl.OPENSSL_VERSION)
    return "tls verified"


def _expect_refused(url: str, ca_bundle: str | None, timeout: float, what: str) -> None:
    with PanelClient(url, CHECK_KEY, timeout=timeout, retries=0, ca_bundle=ca_bundle) as client:
        try:
            client.balance()
        except NetworkError as e:
            if e.maybe_sent or "TLS/certificate" not in e.message:
                raise TLSCheckError(f"{what}: refused, but not by TLS ({e.message})") from None
            return
    raise TLSCheckError(f"a certificate with {what} was accepted: verification is not working")
