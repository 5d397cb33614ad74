"""``PanelClient``: one panel's API over HTTP. One POST per call (``key``, ``action``, params as
form fields), never a redirect followed, *reads* retried only, transport failures turned into
``NetworkError``; answers read by ``smmdesk.api.answers``. Never logs or shows the key.
"""

from __future__ import annotations

import logging
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from smmdesk import panelurl, redact
from smmdesk.api.answers import (
    AddAnswer,
    AnswerLimits,
    _ids,
    _placed_id,
    _require_id,
    _require_refill,
    classify_add,
    decode_body,
    parse_balance,
    parse_cancel,
    parse_refill,
    parse_refill_status,
    parse_refill_statuses,
    parse_refills,
    parse_status,
    parse_statuses,
    read_services,
)
from smmdesk.deadline import Deadline as _Deadline
from smmdesk.errors import (
    AnswerTooLargeError,
    ApiError,
    BadResponseError,
    DeadlineExceededError,
    ErrorKind,
    NetworkError,
    PanelError,
    RateLimitedError,
)
from smmdesk.models import Balance, OrderStatus, Service, SubmitState

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)

BATCH_SIZE = 100  # ids per status/refill/cancel request: the panels' documented limit
# Requests one client may have in flight at once (reads only; the app never parallels writes).
MAX_PARALLEL = 4


def _transport() -> ModuleType:
    """requests, urllib3 and the deadline-aware adapter (``smmdesk.transport``), loaded with the
    first request or network error rather than at start-up, where they took ~80 ms."""
    from smmdesk import transport  # deliberately lazy: requests and urllib3 (~80 ms at start-up)

    return transport
# The last sentence of every NetworkError that may have reached the panel (maybe_sent=True);
# ``Workspace.place_order`` words it for an order ("the order may have been placed").
MAYBE_SENT = "The request was sent and may have been carried out."
CONNECT_TIMEOUT_CAP = 10.0
# The whole request (connect, headers, body), whatever the per-read timeout: at least this, and
# at least DEADLINE_FACTOR × the read timeout.
MIN_DEADLINE = 120.0
DEADLINE_FACTOR = 4


# --------------------------------------------------------------------------- the client

# Answers not worth asking for again: the same protection page or the same oversized answer.
_NOT_RETRIED = frozenset({"cloudflare", "too_large", "too_many_services", "field_too_long"})


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and everything it wraps (cause, context, urllib3's ``reason``, args)."""
    seen: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo and len(seen) < 30:
        e = todo.pop()
        if any(e is s for s in seen):
            continue
        seen.append(e)
        for nxt in (e.__cause__, e.__context__, getattr(e, "reason", None), *e.args):
            if isinstance(nxt, BaseException):
                todo.append(nxt)
    return seen


class PanelClient:
    """One panel's API. Thread-safe (one request at a time per client); never logs the key."""

    def __init__(
        self,
        url: str,
        key: str,
        *,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_retry_after: float = 30.0,
        limits: AnswerLimits | None = None,
        ca_bundle: str | None = None,
    ) -> None:
        url = url.strip()
        # The host named in messages and logs is the one requests connects to (panelurl).
        parts = panelurl.parse(url)
        if parts is None or parts.scheme not in ("http", "https") or not parts.host:
            raise ValueError("the panel URL must start with http:// or https:// and name a host")
        self.url = url
        self._host = parts.host
        self._scheme = parts.scheme
        self._key = key
        redact.register(key)
        self.timeout = float(timeout)
        self.retries = max(0, int(retries))
        self.backoff = max(0.0, float(backoff))
        self.max_retry_after = float(max_retry_after)
        self.limits = limits or AnswerLimits()
        # Certificates are always verified: against the default trust store (certifi), or
        # against ``ca_bundle`` (a PEM file) when given, never not at all.
        self._verify: str | bool = ca_bundle or True
        self.last_services_skipped = 0
        # A small pool of sessions: one per request in flight, so a sync may keep a couple of
        # status reads going at once (requests.Session is not meant to be shared by threads).
        self._lock = threading.Lock()
        self._idle: list[requests.Session] = []
        self._busy: set[requests.Session] = set()
        self._slots = threading.BoundedSemaphore(MAX_PARALLEL)
        self._closed = threading.Event()

    def __repr__(self) -> str:
        return f"PanelClient(url={redact.scrub(self.url)!r})"

    __str__ = __repr__

    @property
    def insecure(self) -> bool:
        """True for an http:// URL: the key travels in clear text."""
        return self._scheme == "http"

    def __enter__(self) -> PanelClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Abort any retry wait and release connections. A request in flight ends by its timeout."""
        self._closed.set()
        with self._lock:
            idle, self._idle = self._idle, []
        for session in idle:
            session.close()

    def _checkout(self) -> requests.Session:
        self._slots.acquire()
        with self._lock:
            if self._idle:
                session = self._idle.pop()
            else:
                transport = _transport()
                session = transport.requests.Session()
                adapter = transport.new_adapter()
                session.mount("https://", adapter)
                session.mount("http://", adapter)
                session.headers["User-Agent"] = transport.USER_AGENT
                session.headers["Accept"] = "application/json, text/plain;q=0.9, */*;q=0.1"
                session.verify = self._verify
            self._busy.add(session)
        return session

    def _checkin(self, session: requests.Session) -> None:
        with self._lock:
            self._busy.discard(session)
            keep = not self._closed.is_set()
            if keep:
                self._idle.append(session)
        if not keep:
            session.close()
        self._slots.release()

    # ------------------------------------------------------------------ reads

    @property
    def deadline(self) -> float:
        """Seconds one request (connect, headers, whole body) may take at most."""
        if self.limits.deadline is not None:
            return float(self.limits.deadline)
        return max(MIN_DEADLINE, DEADLINE_FACTOR * self.timeout)

    def services(self) -> list[Service]:
        return self.services_report()[0]

    def services_report(self) -> tuple[list[Service], dict[str, int]]:
        """The services, and how many rows could not be read by reason (``read_services``)."""
        obj = self._call("services", {}, retry=True)
        services, unreadable = read_services(obj, max_services=self.limits.max_services)
        skipped = sum(unreadable.values())
        self.last_services_skipped = skipped
        if skipped:
            log.warning("services: skipped %d unreadable or duplicate rows: %s", skipped,
                        unreadable)
        log.info("services: %d from %s", len(services), self._host)
        return services, unreadable

    def balance(self) -> Balance:
        return parse_balance(self._call("balance", {}, retry=True))

    def status(self, order: int) -> OrderStatus:
        oid = _require_id(order)
        return parse_status(self._call("status", {"order": str(oid)}, retry=True), oid)

    def statuses(self, orders: Iterable[int]) -> dict[int, OrderStatus | ApiError]:
        """Statuses of any number of orders, ≤100 per request; a whole-chunk error raises."""
        out: dict[int, OrderStatus | ApiError] = {}
        for chunk in _chunks(_ids(orders)):
            obj = self._call("status", {"orders": ",".join(map(str, chunk))}, retry=True)
            out.update(parse_statuses(obj, chunk))
        return out

    def refill_status(self, refill: str) -> str:
        rid = _require_refill(refill)
        return parse_refill_status(self._call("refill_status", {"refill": rid}, retry=True))

    def refill_statuses(self, refills: Iterable[Any]) -> dict[str, str | ApiError]:
        out: dict[str, str | ApiError] = {}
        wanted = list(dict.fromkeys(_require_refill(v) for v in refills))
        for chunk in _chunks(wanted):
            obj = self._call("refill_status", {"refills": ",".join(chunk)}, retry=True)
            out.update(parse_refill_statuses(obj, chunk))
        return out

    # ------------------------------------------------------------------ writes (never retried)

    def place(self, service: int, **fields: Any) -> AddAnswer:
        """Send one order, exactly once, whatever happens; the panel's answer as
        ``classify_add`` reads it (placed with an id, refused, or uncertain).

        Raises only what left no readable answer: ``NetworkError`` (``maybe_sent``: the order
        may have been placed), ``RateLimitedError``, ``BadResponseError`` (HTML, broken JSON…).
        """
        params = {"service": str(_require_id(service))}
        for name, value in fields.items():
            if name in ("key", "action"):
                raise ValueError(f"{name!r} is not an order field")
            if value is None:
                continue
            params[name] = _form_value(value)
        answer = classify_add(self._call("add", params, retry=False, whole_call_errors=False),
                              self._key)
        if answer.outcome is SubmitState.PLACED:
            log.info("add: service %s -> order %s%s", params["service"], answer.order,
                     " (with a note)" if answer.text else "")
        else:  # "add: rejected …" like the other failures ("add: ApiError"); scripts read it
            log.info("add: %s (service %s)", answer.outcome.value, params["service"])
        return answer

    def add(self, service: int, **fields: Any) -> int:
        """``place`` for callers that want only the id: a refusal raises ``ApiError``, an answer
        that does not say raises ``BadResponseError("shape")``; a note beside the id is logged.
        The app places through ``place`` (``Workspace.place_order``), which keeps the note."""
        return _placed_id(self.place(service, **fields))

    def refill(self, order: int) -> str:
        oid = _require_id(order)
        return parse_refill(self._call("refill", {"order": str(oid)}, retry=False))

    def refills(self, orders: Iterable[int]) -> dict[int, str | ApiError]:
        return self._write_batch("refill", _ids(orders), parse_refills)

    def cancel(self, orders: Iterable[int]) -> dict[int, bool | ApiError]:
        return self._write_batch("cancel", _ids(orders), parse_cancel)

    def _write_batch(
        self, action: str, ids: list[int], parse: Callable[[Any, list[int]], dict[int, Any]]
    ) -> dict[int, Any]:
        """Send a write in chunks. The first chunk's failure raises (nothing was done); a later
        one is reported per id for that chunk and the ones not sent, so earlier results survive."""
        out: dict[int, Any] = {}
        chunks = _chunks(ids)
        for i, chunk in enumerate(chunks):
            try:
                obj = self._call(action, {"orders": ",".join(map(str, chunk))}, retry=False)
                out.update(parse(obj, chunk))
            except PanelError as e:
                if i == 0:
                    raise
                kind = e.kind if isinstance(e, ApiError) else ErrorKind.OTHER
                for j, rest in enumerate(chunks[i:]):
                    text = str(e) if j == 0 else f"not sent: an earlier request failed ({e})"
                    for oid in rest:
                        err = ApiError(text, kind)
                        err.__cause__ = e
                        out[oid] = err
                break
        return out

    # ------------------------------------------------------------------ transport

    def _call(self, action: str, params: dict[str, str], *, retry: bool,
              whole_call_errors: bool = True) -> Any:
        attempts = 1 + (self.retries if retry else 0)
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                return self._send(action, params, whole_call_errors=whole_call_errors)
            except RateLimitedError as e:
                if last or (e.retry_after is not None and e.retry_after > self.max_retry_after):
                    raise
                delay = e.retry_after if e.retry_after is not None else self._delay(attempt)
                log.info("%s: rate limited, retrying in %.2f s", action, delay)
            except BadResponseError as e:
                retryable = (e.status_code or 0) >= 500 and e.reason not in _NOT_RETRIED
                if last or not retryable:
                    raise
                delay = self._delay(attempt)
                log.info("%s: %s, retrying in %.2f s", action, e.reason, delay)
            except NetworkError as e:
                # A panel that dripped its answer past the deadline would only do it again.
                if last or self._closed.is_set() or isinstance(e, DeadlineExceededError):
                    raise
                delay = self._delay(attempt)
                log.info("%s: %s, retrying in %.2f s", action, e.message, delay)
            if self._closed.wait(delay):
                raise NetworkError(
                    "Stopped: the connection to the panel was closed.", maybe_sent=False
                )
        raise AssertionError("unreachable")  # pragma: no cover

    def _delay(self, attempt: int) -> float:
        base = self.backoff * (2**attempt)
        return base + random.uniform(0, base / 4)

    def _send(self, action: str, params: dict[str, str], *,
              whole_call_errors: bool = True) -> Any:
        if self._closed.is_set():
            raise NetworkError("Stopped: the connection to the panel was closed.", maybe_sent=False)
        data = {"key": self._key, "action": action, **params}
        timeout = (min(self.timeout, CONNECT_TIMEOUT_CAP), self.timeout)
        log.debug("POST %s action=%s fields=%s", self._host, action, sorted(params))
        session = self._checkout()
        request_error = _transport().requests.exceptions.RequestException
        resp: requests.Response | None = None
        err: PanelError | None = None
        content = b""
        started = time.monotonic()
        try:
            with _Deadline(self.deadline) as deadline:
                try:
                    resp = session.post(
                        self.url,
                        data=data,
                        timeout=timeout,
                        allow_redirects=False,
                        stream=True,
                        # Per request: a session's own ``verify`` loses to $REQUESTS_CA_BUNDLE.
                        verify=self._verify,
                    )
                    content = self._read_body(resp, deadline)
                except PanelError as e:
                    err = e
                except request_error as e:
                    # Once the answer's headers are in (``resp``), the request was sent,
                    # whatever breaks while its body is read (a TLS error too).
                    err = self._network_error(e, answered=resp is not None)
                except Exception as e:  # anything else from the transport: be conservative
                    err = NetworkError(
                        self._clean(
                            f"The connection to {self._host} failed ({type(e).__name__})."
                        ),
                        maybe_sent=True,
                    )
                if deadline.expired and not isinstance(err, AnswerTooLargeError):
                    err = self._deadline_error(deadline, started)
        finally:
            if resp is not None:
                resp.close()
            self._checkin(session)
        if err is not None:
            log.info("%s: %s", action, err)
            raise err from None
        assert resp is not None
        text = _decode_text(content, resp.encoding)
        log.debug("%s: HTTP %d, %d bytes", action, resp.status_code, len(content))
        try:
            return decode_body(
                resp.status_code,
                resp.headers,
                text,
                key=self._key,
                max_services=self.limits.max_services if action == "services" else None,
                whole_call_errors=whole_call_errors,
            )
        except PanelError as e:
            log.info("%s: %s", action, type(e).__name__)
            raise

    def _read_body(self, resp: requests.Response, deadline: _Deadline) -> bytes:
        """The whole body, at most ``limits.max_bytes`` (decompressed); refuses past that."""
        cap = self.limits.max_bytes
        length = (resp.headers.get("content-length") or "").strip()
        if length.isdigit() and int(length) > cap:
            raise AnswerTooLargeError(cap, status_code=resp.status_code)
        body = bytearray()
        # iter_content decompresses in bounded steps and wraps urllib3's errors in requests'.
        for chunk in resp.iter_content(16 * 1024):
            body += chunk
            if len(body) > cap:
                raise AnswerTooLargeError(cap, status_code=resp.status_code)
            if deadline.expired:
                break
        return bytes(body)

    def _deadline_error(self, deadline: _Deadline, started: float) -> DeadlineExceededError:
        return DeadlineExceededError(
            f"{self._host} did not finish its answer within {deadline.seconds:g} s "
            f"(stopped after {time.monotonic() - started:.0f} s). {MAYBE_SENT}",
            deadline=deadline.seconds,
        )

    def _network_error(self, exc: requests.exceptions.RequestException, *,
                       answered: bool = False) -> NetworkError:
        transport = _transport()
        requests, urllib3 = transport.requests, transport.urllib3
        host = self._host
        chain = _chain(exc)
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return NetworkError(
                f"Could not connect to {host}: no answer within "
                f"{min(self.timeout, CONNECT_TIMEOUT_CAP):g} s. Nothing was sent.",
                maybe_sent=False,
                timeout=True,
            )
        if isinstance(exc, requests.exceptions.ReadTimeout) or any(
            isinstance(e, urllib3.exceptions.ReadTimeoutError | TimeoutError) for e in chain
        ):
            return NetworkError(
                f"{host} did not answer within {self.timeout:g} s. {MAYBE_SENT}",
                maybe_sent=True,
                timeout=True,
            )
        tls = isinstance(exc, requests.exceptions.SSLError) or any(
            isinstance(e, ssl.SSLError) for e in chain)
        if any(isinstance(e, transport.TLSAfterSendError) for e in chain) or (tls and answered):
            # A TLS error once the handshake was done (a reused keep-alive connection, an
            # answer cut off while it was read) is no proof that nothing left: tested before
            # the handshake failure below, which is.
            return NetworkError(
                f"The secure connection to {host} broke after the request was sent. "
                f"{MAYBE_SENT}",
                maybe_sent=True,
            )
        if tls:
            return NetworkError(
                self._clean(
                    f"Secure connection to {host} failed (TLS/certificate problem). "
                    "Nothing was sent."
                ),
                maybe_sent=False,
                tls=True,
            )
        if isinstance(exc, requests.exceptions.ProxyError):
            return NetworkError(f"Could not reach {host} through the proxy.", maybe_sent=False)
        if isinstance(
            exc,
            requests.exceptions.InvalidURL
            | requests.exceptions.MissingSchema
            | requests.exceptions.InvalidSchema
            | requests.exceptions.InvalidHeader,
        ):
            return NetworkError(f"The panel URL for {host} is not usable.", maybe_sent=False)
        if any(isinstance(e, transport.NOT_SENT) for e in chain):
            what = (
                "name not found"
                if any(
                    isinstance(e, socket.gaierror | urllib3.exceptions.NameResolutionError)
                    for e in chain
                )
                else "connection refused or unreachable"
            )
            return NetworkError(
                f"Could not connect to {host} ({what}). Nothing was sent.", maybe_sent=False
            )
        if isinstance(exc, requests.exceptions.ChunkedEncodingError) or any(
            isinstance(e, transport.SENT) for e in chain
        ):
            return NetworkError(
                f"The connection to {host} was closed before the answer arrived. {MAYBE_SENT}",
                maybe_sent=True,
            )
        return NetworkError(
            self._clean(
                f"The connection to {host} failed ({type(exc).__name__}). {MAYBE_SENT}"
            ),
            maybe_sent=True,
        )

    def _clean(self, text: str) -> str:
        return redact.scrub(text.replace(self._key, redact.MASK) if self._key else text)


def _chunks(ids: list[Any]) -> list[list[Any]]:
    return [ids[i : i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]


def _form_value(value: Any) -> str:
    """A form field value as the API expects it: lists are newline-separated lines."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    return str(value)


def _decode_text(content: bytes, encoding: str | None) -> str:
    # JSON is UTF-8; requests' charset guessing is slow on big catalogues, so don't use it.
    enc = encoding if encoding and encoding.lower() not in ("iso-8859-1", "latin-1") else "utf-8"
    try:
        return content.decode(enc, errors="replace")
    except LookupError:
        return content.decode("utf-8", errors="replace")

