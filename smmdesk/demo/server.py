"""A real HTTP SMM panel on 127.0.0.1, for the demo, the tests and the benches.

``PanelSimulator`` speaks the panel API (``docs/dev/contracts.md``, simulator section) in three
dialects, keeps orders, balance and refills, moves order statuses along a simulated clock and
injects the faults real panels show (HTML pages, Cloudflare challenges, broken JSON, resets…).

Standalone::

    python -m smmdesk.demo.server --port 8765 --services 5000 --key demo [--dialect seed]

Catalogue layout (any seed): service ids 1..17 have the 17 reference types in table order
(``TYPE_SERVICE_IDS``); ids 18, 19 and 20 are Default services with fixed flags (see
``_FIXED``); everything above is generated, mostly Default. Order outcomes are deterministic:
see ``PanelSimulator.order_plan``.
"""

from __future__ import annotations

import argparse
import heapq
import io
import json
import random
import socket
import struct
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from smmdesk.demo import catalogue as data
from smmdesk.fsutil import atomic_write_text

__all__ = [
    "DIALECTS",
    "FAULTS",
    "FIRST_ORDER_ID",
    "FIRST_REFILL_ID",
    "TYPE_SERVICE_IDS",
    "LoggedRequest",
    "PanelSimulator",
    "main",
]

DIALECTS = ("canonical", "seed", "numeric")
FAULTS = frozenset(
    {
        "hang",
        "html_502",
        "html_503",
        "cloudflare_403",
        "empty",
        "broken_json",
        "rate_limit",
        "server_error",
        "drop_after_read",
        "drop",
        "redirect",
        "answer",
    }
)
ACTIONS = frozenset({"services", "add", "status", "balance", "refill", "refill_status", "cancel"})
SEED_UNSUPPORTED = frozenset({"refill", "refill_status", "cancel"})
TYPE_SERVICE_IDS: dict[str, int] = {t: i + 1 for i, t in enumerate(data.TYPES)}
FIRST_ORDER_ID = 23500
FIRST_REFILL_ID = 4100
MAX_SERVICES = 50_000
MAX_BATCH = 100
SEED_DELAYS = (0, 5, 10, 15, 30, 60, 90)
DELAYS = (*SEED_DELAYS, 120, 150, 180, 210, 240, 270, 300, 360, 420, 480, 540, 600)
PACKAGE_TYPES = frozenset({"Package", "Custom Comments Package"})
# types whose quantity is the number of lines of a list field
LINE_QUANTITY = {
    "Custom Comments": "comments",
    "Comment Replies": "comments",
    "Mentions Custom List": "usernames",
}
DRIPFEED_TYPES = frozenset({"Default", "Web Traffic"})
MAX_DURATION = 6 * 3600.0  # natural run time cap (drip-feed excluded), simulated seconds

_MASK64 = (1 << 64) - 1
_REDACTED = "[REDACTED]"


def _mix(*values: int) -> int:
    """A small, stable 64-bit hash (splitmix64 rounds); never Python's salted ``hash``."""
    x = 0x9E3779B97F4A7C15
    for v in values:
        x = (x ^ (v & _MASK64)) & _MASK64
        x = (x * 0xBF58476D1CE4E5B9) & _MASK64
        x ^= x >> 31
        x = (x * 0x94D049BB133111EB) & _MASK64
        x ^= x >> 29
    return x


def _money(value: Decimal, places: int = 5) -> str:
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    """One request that reached the API path. ``params`` never holds the key."""

    action: str
    params: dict[str, str]
    time: float  # wall clock (time.time())
    fault: str | None = None  # the fault that hit this request, if any
    method: str = "POST"


@dataclass(slots=True)
class _Service:
    id: int
    name: str
    type: str
    category: str
    rate: Decimal
    min: int
    max: int
    refill: bool
    cancel: bool
    dripfeed: bool
    description: str
    average_time: str | None

    def canonical(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "service": self.id,
            "name": self.name,
            "type": self.type,
            "category": self.category,
            "rate": str(self.rate),
            "min": str(self.min),
            "max": str(self.max),
            "refill": self.refill,
            "cancel": self.cancel,
            "dripfeed": self.dripfeed,
            "description": self.description,
        }
        if self.average_time is not None:
            d["average_time"] = self.average_time
        return d

    def seed(self) -> dict[str, Any]:
        return {
            "service": str(self.id),
            "name": self.name,
            "category": self.category,
            "rate": str(self.rate),
            "min": str(self.min),
            "max": str(self.max),
            "type": self.type.lower(),
            "desc": self.description,
            "dripfeed": int(self.dripfeed),
        }

    def numeric(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "service": self.id,
            "name": self.name,
            "type": self.type,
            "category": self.category,
            "rate": float(self.rate),
            "min": self.min,
            "max": self.max,
            "refill": int(self.refill),
            "cancel": int(self.cancel),
            "dripfeed": int(self.dripfeed),
            "description": self.description,
        }
        if self.average_time is not None:
            d["average_time"] = self.average_time
        return d


# Fixed services (any seed): id -> overrides applied after generation.
_FIXED: dict[int, dict[str, Any]] = {
    1: {
        "name": "Instagram Followers [Max 100K] [Refill 30D] HQ - 10K/Day",
        "category": "Instagram - Followers [Guaranteed/Refill]",
        "rate": Decimal("0.90"),
        "min": 100,
        "max": 100_000,
        "refill": True,
        "cancel": True,
        "dripfeed": True,
    },
    18: {
        "name": "Instagram Likes [Max 1K] [No Refill] Cheapest",
        "category": "Instagram - Likes [No Refill]",
        "rate": Decimal("0.012345"),
        "min": 200,
        "max": 1000,
        "refill": False,
        "cancel": False,
        "dripfeed": False,
    },
    19: {
        "name": "Instagram Türk Takipçi [Max 20K] [30 Gün Garantili]",
        "category": "Instagram Türk Takipçi [Garantili]",
        "rate": Decimal("2.75"),
        "min": 50,
        "max": 20_000,
        "refill": True,
        "cancel": False,
        "dripfeed": False,
    },
    20: {
        "name": "Gerçek Türk Beğeni [Anlık Başlar] [Max 5K]",
        "category": "Instagram Gerçek Türk Beğeni",
        "rate": Decimal("0.4312"),
        "min": 10,
        "max": 5000,
        "refill": False,
        "cancel": True,
        "dripfeed": True,
    },
}

_PLATFORM_NAMES = [p[0] for p in data.PLATFORMS]
_PLATFORM_WEIGHTS = [p[1] for p in data.PLATFORMS]
_PLATFORM_PRODUCTS = {p[0]: p[2] for p in data.PLATFORMS}
_TYPE_NAMES = [t for t, _ in data.TYPE_WEIGHTS]
_TYPE_CUM: list[int] = []
_acc = 0
for _t, _w in data.TYPE_WEIGHTS:
    _acc += _w
    _TYPE_CUM.append(_acc)
_PLATFORM_CUM: list[int] = []
_acc = 0
for _w in _PLATFORM_WEIGHTS:
    _acc += _w
    _PLATFORM_CUM.append(_acc)
del _acc


def _rate(rng: random.Random, scale: float) -> Decimal:
    kind = rng.random()
    if kind < 0.5:  # cents
        cents = max(1, int(rng.uniform(0.3, 1.7) * scale * 100))
        return Decimal(cents).scaleb(-2)
    if kind < 0.8:  # 3-4 decimals
        places = rng.choice((3, 4))
        units = max(1, int(rng.uniform(0.2, 1.8) * scale * 10**places))
        return Decimal(units).scaleb(-places)
    places = rng.choice((5, 6))  # many decimals, as converted currencies look
    units = max(1, int(rng.uniform(0.1, 2.0) * scale * 10**places))
    return Decimal(units).scaleb(-places)


def _description(rng: random.Random, turkish: bool, refill: bool, cancel: bool = False) -> str:
    if turkish:
        lines = [
            f"Başlangıç: {rng.choice(data.START_TIMES)}",
            "Garanti: 30 gün" if refill else "Garanti yok",
            rng.choice(data.TURKISH_DESCRIPTION_LINES),
        ]
    else:
        lines = [
            f"Start: {rng.choice(data.START_TIMES)} | Speed: {rng.choice((1, 5, 10, 50))}K/day",
            "Refill: 30 days" if refill else "Refill: no",
        ]
        if rng.random() < 0.5:
            lines.append(rng.choice(data.DESCRIPTION_LINES))
    if cancel:
        lines.append("Cancel button enabled." if not turkish else "İptal butonu aktif.")
    return "\n".join(lines)


def _make_service(rng: random.Random, sid: int, stype: str) -> _Service:
    turkish = False
    avg = rng.choice(data.AVERAGE_TIMES) if rng.random() < 0.4 else None
    if stype == "Default":
        platform = _PLATFORM_NAMES[_pick(_PLATFORM_CUM, rng)]
        if platform in data.TURKISH_PLATFORMS and rng.random() < 0.12:
            turkish = True
            product = rng.choice(data.TURKISH_PRODUCTS)
            refill = rng.random() < 0.5
            mx = rng.choice(data.MAX_LABELS[:5])
            tag = rng.choice(data.TURKISH_TAGS)
            name = f"{platform} {product} [Max {mx // 1000}K] {tag}".strip()
            category = f"{platform} {product}{rng.choice(data.TURKISH_CATEGORY_TAGS)}"
        else:
            product = rng.choice(_PLATFORM_PRODUCTS[platform])
            refill = rng.random() < 0.4
            mx = rng.choice(data.MAX_LABELS)
            parts = [platform, rng.choice(data.GEOS), rng.choice(data.QUALITIES), product]
            parts.append(f"[Max {mx // 1000}K]" if mx < 1_000_000 else "[Max 1M]")
            parts.append(rng.choice(data.REFILL_TAGS if refill else data.NO_REFILL_TAGS))
            speed = rng.choice(data.SPEEDS)
            if speed:
                parts.append(f"- {speed}")
            name = " ".join(p for p in parts if p)
            category = f"{platform} - {product}{rng.choice(data.CATEGORY_SUFFIXES)}"
        mn = rng.choice(data.MIN_VALUES)
        while mx < mn * 10:
            mx *= 10
        cancel = rng.random() < 0.35
        return _Service(
            sid,
            name,
            stype,
            category,
            _rate(rng, rng.choice((0.05, 0.3, 1.0, 2.5, 8.0))),
            mn,
            mx,
            refill,
            cancel,
            rng.random() < 0.6,
            _description(rng, turkish, refill, cancel),
            avg,
        )
    name = rng.choice(data.TYPE_NAMES[stype])
    category = data.TYPE_CATEGORIES[stype]
    refill = stype in ("Comment Likes", "Invites from Groups") and rng.random() < 0.3
    if stype in PACKAGE_TYPES:
        mn, mx, scale = 1, 1, rng.choice((2.0, 5.0, 15.0))
    elif stype in LINE_QUANTITY:
        mn, mx, scale = rng.choice((1, 5, 10)), rng.choice((100, 500, 1000)), 20.0
    elif stype == "Subscriptions":
        mn, mx, scale = rng.choice((50, 100)), rng.choice((5_000, 10_000, 50_000)), 1.5
    else:
        mn, mx, scale = rng.choice((10, 50, 100)), rng.choice((10_000, 50_000, 100_000)), 3.0
    cancel = stype == "Web Traffic" or rng.random() < 0.1
    return _Service(
        sid,
        name,
        stype,
        category,
        _rate(rng, scale),
        mn,
        mx,
        refill,
        cancel,
        stype == "Web Traffic",
        _description(rng, False, refill, cancel),
        avg,
    )


def _pick(cum: list[int], rng: random.Random) -> int:
    r = rng.random() * cum[-1]
    for i, c in enumerate(cum):
        if r < c:
            return i
    return len(cum) - 1


def _build_catalogue(count: int, seed: int) -> list[_Service]:
    rng = random.Random(seed)
    out: list[_Service] = []
    for sid in range(1, count + 1):
        if sid <= len(data.TYPES):
            stype = data.TYPES[sid - 1]
        elif sid in _FIXED:
            stype = "Default"
        else:
            stype = _TYPE_NAMES[_pick(_TYPE_CUM, rng)]
        svc = _make_service(rng, sid, stype)
        fixed = _FIXED.get(sid)
        if fixed:
            for k, v in fixed.items():
                setattr(svc, k, v)
            svc.description = _description(
                random.Random(sid), "Türk" in svc.name, svc.refill, svc.cancel
            )
        out.append(svc)
    return out


@dataclass(slots=True)
class _Order:
    id: int
    service: int
    type: str
    link: str
    quantity: int  # total units to deliver (1 for packages; quantity × runs for drip-feed)
    charge: Decimal  # what was taken from the balance
    created: float  # simulated time
    refill_ok: bool
    cancel_ok: bool
    duration_min: float = 0.0  # drip-feed: the run takes at least this long
    fields: dict[str, str] = field(default_factory=dict)
    canceled_at: float | None = None
    settled: bool = False


@dataclass(slots=True)
class _Refill:
    id: int
    order: int
    created: float


@dataclass(slots=True)
class _Fault:
    name: str
    actions: frozenset[str] | None
    remaining: int | None
    params: dict[str, Any]
    skip: int = 0  # matching requests still to let through untouched (``after=``)


class _AddError(Exception):
    def __init__(self, code: str, arg: str | int = "") -> None:
        super().__init__(code)
        self.code = code
        self.arg = arg


_ADD_ERRORS: dict[str, tuple[str, str]] = {
    "service": ("Incorrect service ID", "error.incorrect_service_id"),
    "link": ("Bad link", "neworder.error.link"),
    "quantity": ("Bad quantity", "neworder.error.quantity"),
    "min": ("Quantity less than minimal {arg}", "neworder.error.min_quantity"),
    "max": ("Quantity more than maximum {arg}", "neworder.error.max_quantity"),
    "funds": ("Not enough funds on balance", "neworder.error.not_enough_funds"),
    "duplicate": (
        "You have active order with this link. Please wait until order being completed.",
        "neworder.error.link_duplicate",
    ),
    "dripfeed": ("Drip-feed is disabled for this service", "neworder.error.dripfeed_disabled"),
    "field": ("Bad {arg}", "neworder.error.{arg}"),
    "delay": ("Incorrect delay", "neworder.error.delay"),
    "minmax": ("Min quantity should be less than max", "neworder.error.min_max"),
    "expiry": ("Incorrect expiry date", "neworder.error.expiry"),
}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], sim: PanelSimulator) -> None:
        self.sim = sim
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        # Resets and broken pipes are part of the job; ValueError is a flush on a stream that a
        # deliberate drop fault closed.
        if isinstance(exc, (OSError, ValueError)):
            return
        import traceback

        print("panel simulator: error while answering a request", file=sys.stderr)
        traceback.print_exc()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "nginx/1.24.0"
    sys_version = ""
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        # The default prints the request line, which holds the key for GET requests.
        return

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        sim = self.server.sim
        split = urlsplit(self.path)
        params = dict(parse_qsl(split.query, keep_blank_values=True))
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length > 0 else b""
            ctype = (self.headers.get("Content-Type") or "").lower()
            text = raw.decode("utf-8", "replace")
            if "json" in ctype:
                try:
                    obj = json.loads(text) if text else {}
                except ValueError:
                    obj = {}
                if isinstance(obj, dict):
                    params.update({str(k): str(v) for k, v in obj.items()})
            else:
                params.update(dict(parse_qsl(text, keep_blank_values=True)))
        if split.path.rstrip("/") != sim.path.rstrip("/"):
            self.send_raw(404, data.HTML_404.encode(), "text/html")
            return
        sim._serve(self, method, params)

    def send_raw(
        self,
        code: int,
        body: bytes,
        ctype: str,
        headers: Iterable[tuple[str, str]] = (),
    ) -> None:
        headers = list(headers)
        server = next((v for k, v in headers if k.lower() == "server"), self.server_version)
        try:
            self.send_response_only(code)
            self.send_header("Server", server)
            self.send_header("Date", self.date_time_string())
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers:
                if k.lower() != "server":
                    self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass

    def abort(self) -> None:
        """Close the socket at once with no answer (a reset, thanks to SO_LINGER 0)."""
        self.close_connection = True
        conn = self.connection
        try:
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        for f in (self.rfile, self.wfile):
            try:
                f.close()
            except OSError:
                pass
        try:
            conn.close()  # the last reference: the descriptor really closes now
        except OSError:
            pass
        # http.server flushes wfile after the handler returns: give it something harmless
        self.rfile, self.wfile = io.BytesIO(), io.BytesIO()


class PanelSimulator:
    """A real HTTP SMM panel on ``host:port`` (port 0: any free port). See the module doc."""

    def __init__(
        self,
        *,
        services: int = 500,
        key: str = "demo",
        dialect: str = "canonical",
        seed: int = 1,
        balance: Decimal | str | int = Decimal("1000"),
        currency: str = "USD",
        speed: float = 1.0,
        latency: float = 0.0,
        unsupported: Iterable[str] = (),
        host: str = "127.0.0.1",
        port: int = 0,
        path: str = "/api/v2",
        state_path: Path | str | None = None,
    ) -> None:
        if not 0 <= services <= MAX_SERVICES:
            raise ValueError(f"services must be between 0 and {MAX_SERVICES}")
        if dialect not in DIALECTS:
            raise ValueError(f"unknown dialect {dialect!r}; one of {DIALECTS}")
        self._key = key
        self._dialect = dialect
        self._n_services = services
        self._seed = seed
        self.currency = currency
        self.latency = float(latency)
        self._unsupported: set[str] = set(unsupported)
        self.host = host
        self._port = port
        self.path = path if path.startswith("/") else "/" + path
        self.state_path = Path(state_path) if state_path is not None else None

        self._lock = threading.RLock()
        self._cat_lock = threading.Lock()
        self._catalogue: list[_Service] | None = None
        self._services_json: dict[str, bytes] = {}
        self._raw_rows: list[dict[str, Any]] = []
        self._stop = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

        self._speed = float(speed)
        self._mono0 = time.monotonic()
        self._base = 0.0  # simulated time at _mono0
        self._offset = 0.0  # advance()d seconds
        self._balance = Decimal(str(balance))
        self._orders: dict[int, _Order] = {}
        self._by_link: dict[str, list[int]] = {}
        self._refills: dict[int, _Refill] = {}
        self._next_order = FIRST_ORDER_ID
        self._next_refill = FIRST_REFILL_ID
        self._heap: list[tuple[float, int]] = []
        self._faults: list[_Fault] = []
        self._log: list[LoggedRequest] = []
        if self.state_path is not None and self.state_path.exists():
            self._load()

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> PanelSimulator:
        if self._server is not None:
            return self
        self._stop.clear()
        self._server = _Server((self.host, self._port), self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"panel-simulator-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes hangs and latency sleeps
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        with self._lock:
            self._save()

    def __enter__(self) -> PanelSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self._server is not None else "not started"
        return (
            f"PanelSimulator(url={where!r}, dialect={self._dialect!r}, services={self._n_services})"
        )

    # ---------------------------------------------------------------- configuration

    @property
    def port(self) -> int:
        if self._server is not None:
            return int(self._server.server_address[1])
        return self._port

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the simulator is not started")
        return f"http://{self.host}:{self.port}{self.path}"

    @property
    def key(self) -> str:
        return self._key

    @property
    def dialect(self) -> str:
        return self._dialect

    @dialect.setter
    def dialect(self, value: str) -> None:
        if value not in DIALECTS:
            raise ValueError(f"unknown dialect {value!r}; one of {DIALECTS}")
        self._dialect = value

    @property
    def unsupported(self) -> set[str]:
        return self._unsupported

    @unsupported.setter
    def unsupported(self, value: Iterable[str]) -> None:
        self._unsupported = set(value)

    @property
    def speed(self) -> float:
        return self._speed

    @speed.setter
    def speed(self, value: float) -> None:
        with self._lock:
            self._base = self.now()
            self._mono0 = time.monotonic()
            self._offset = 0.0
            self._speed = float(value)

    # ---------------------------------------------------------------- faults and log

    def set_fault(
        self,
        name: str,
        *,
        actions: Iterable[str] | str | None = None,
        times: int | None = None,
        after: int = 0,
        **params: Any,
    ) -> None:
        """Switch a fault on (replacing one of the same name). See contracts.md.

        ``after``: the first ``after`` matching requests are answered normally, the fault hits
        the ones after them (a test arms it before the work starts instead of racing it).
        """
        if name not in FAULTS:
            raise ValueError(f"unknown fault {name!r}; one of {sorted(FAULTS)}")
        if after < 0:
            raise ValueError("after must be 0 or more")
        if isinstance(actions, str):
            actions = (actions,)
        acts = frozenset(actions) if actions is not None else None
        with self._lock:
            self._faults = [f for f in self._faults if f.name != name]
            if times is None or times > 0:
                self._faults.append(_Fault(name, acts, times, dict(params), after))

    def clear_faults(self, name: str | None = None) -> None:
        with self._lock:
            self._faults = [f for f in self._faults if name is not None and f.name != name]

    @property
    def faults(self) -> list[str]:
        with self._lock:
            return [f.name for f in self._faults]

    @property
    def requests(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._log)

    def count(self, action: str | None = None) -> int:
        with self._lock:
            if action is None:
                return len(self._log)
            return sum(1 for r in self._log if r.action == action)

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()

    # ---------------------------------------------------------------- clock, state

    def now(self) -> float:
        """The simulated clock, in seconds (real time × speed + advance offset)."""
        return self._base + (time.monotonic() - self._mono0) * self._speed + self._offset

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += float(seconds)
            self._settle(self.now())
            self._save()

    @property
    def balance(self) -> Decimal:
        with self._lock:
            self._settle(self.now())
            return self._balance

    @balance.setter
    def balance(self, value: Decimal | str | int) -> None:
        with self._lock:
            self._balance = Decimal(str(value))
            self._save()

    @property
    def catalogue(self) -> list[dict[str, Any]]:
        return [s.canonical() for s in self._services()]

    def service(self, service_id: int) -> dict[str, Any] | None:
        svc = self._service(service_id)
        return svc.canonical() if svc is not None else None

    def order_ids(self) -> list[int]:
        with self._lock:
            return sorted(self._orders)

    def order_state(self, order_id: int) -> str:
        """The canonical status of an order now (test helper)."""
        with self._lock:
            return self._view(self._orders[order_id], self.now())[0]

    def order_info(self, order_id: int) -> dict[str, Any]:
        """What an order is on the panel: service, link, quantity, charge (test helper: drills
        count what the panel really holds)."""
        with self._lock:
            o = self._orders[order_id]
            return {"service": o.service, "link": o.link, "quantity": o.quantity,
                    "charge": o.charge}

    def order_plan(self, order_id: int) -> dict[str, Any]:
        """How an order will go: pending seconds, run seconds, fate (Completed/Partial/Canceled).

        Pending lasts 30..120 s; the run 60 s + 0.3 s per unit (capped at 6 h, drip-feed
        at least (runs-1) × interval); fate by hash: 8 % Canceled, 12 % Partial, else Completed.
        """
        with self._lock:
            o = self._orders[order_id]
            pending, duration, fate, frac = self._plan(o)
            return {"pending": pending, "duration": duration, "fate": fate, "fraction": frac}

    def update_service(self, service_id: int, **changes: Any) -> None:
        """The panel's owner edits a service (e.g. ``rate=Decimal("2.5")``, ``refill=False``):
        the next ``services`` answer shows it; orders placed from now on follow it."""
        svc = self._service(service_id)
        if svc is None:
            raise ValueError(f"no service {service_id}")
        unknown = set(changes) - set(_Service.__dataclass_fields__) - {"id"}
        if unknown or "id" in changes:
            raise ValueError(f"cannot change {sorted(unknown | ({'id'} & set(changes)))}")
        with self._cat_lock:
            for name, value in changes.items():
                setattr(svc, name, Decimal(str(value)) if name == "rate" else value)
            self._services_json.clear()

    def place_direct(self, service_id: int, link: str, quantity: int) -> int:
        """An order "placed on the website": charged, no checks, no request logged."""
        svc = self._service(service_id)
        if svc is None:
            raise ValueError(f"no service {service_id}")
        with self._lock:
            units = 1 if svc.type in PACKAGE_TYPES else int(quantity)
            charge = svc.rate if svc.type in PACKAGE_TYPES else svc.rate * units / 1000
            oid = self._create(svc, link, units, charge, self.now(), {})
            self._save()
            return oid

    # ---------------------------------------------------------------- catalogue

    def _services(self) -> list[_Service]:
        if self._catalogue is None:
            with self._cat_lock:
                if self._catalogue is None:
                    self._catalogue = _build_catalogue(self._n_services, self._seed)
        return self._catalogue

    def add_raw_services(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Append rows to the ``services`` answer exactly as given, as real panels send them
        (ids like "12a", entities in names, "Custom Comment" types). Not orderable here."""
        with self._cat_lock:
            self._raw_rows.extend(dict(row) for row in rows)
            self._services_json.clear()

    def _service(self, service_id: int) -> _Service | None:
        if 1 <= service_id <= self._n_services:
            return self._services()[service_id - 1]
        return None

    def _services_body(self, dialect: str) -> bytes:
        body = self._services_json.get(dialect)
        if body is None:
            services = self._services()
            with self._cat_lock:
                body = self._services_json.get(dialect)
                if body is None:
                    rows = [getattr(s, dialect)() for s in services] + self._raw_rows
                    body = json.dumps(rows).encode()
                    self._services_json[dialect] = body
        return body

    # ---------------------------------------------------------------- serving

    def _take_fault(self, action: str) -> _Fault | None:
        for f in self._faults:
            if f.actions is None or action in f.actions:
                if f.skip > 0:
                    f.skip -= 1
                    return None
                if f.remaining is not None:
                    f.remaining -= 1
                    if f.remaining <= 0:
                        self._faults.remove(f)
                return f
        return None

    def _serve(self, h: _Handler, method: str, params: dict[str, str]) -> None:
        key = params.pop("key", None)
        action = params.get("action", "")
        logged = {
            k: (_REDACTED if self._key and v == self._key else v)
            for k, v in params.items()
            if k != "action"
        }
        with self._lock:
            fault = self._take_fault(action)
            self._log.append(
                LoggedRequest(action, logged, time.time(), fault.name if fault else None, method)
            )
        if self.latency > 0 and self._stop.wait(self.latency):
            h.abort()
            return
        if fault is not None:
            if fault.name == "hang":
                if self._hang(fault):
                    h.abort()
                    return
                fault = None  # woke up: answer normally
            elif fault.name == "drop":
                h.abort()
                return
            elif fault.name not in ("drop_after_read", "answer"):
                self._send_fault(h, fault, action)
                return
        if fault is not None and fault.name == "answer":
            self._send_answer(h, fault, key, action, params)
            return
        body = self._execute(key, action, params)
        if fault is not None:  # drop_after_read: done, but nobody hears about it
            h.abort()
            return
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        h.send_raw(200, body, "application/json; charset=utf-8")

    def _send_answer(self, h: _Handler, fault: _Fault, key: str | None, action: str,
                     params: dict[str, str]) -> None:
        """The "answer" fault: the action is carried out (unless ``execute=False``), then
        ``then(answer)`` runs, if given (e.g. a test locks the app's database at the moment
        the answer is on its way), and the answer goes out reshaped: ``body`` (any JSON value,
        or raw text) instead of it, or ``extra`` merged into it (``{"order": 23501, "error":
        "…"}``)."""
        p = fault.params
        real = self._execute(key, action, params) if p.get("execute", True) else None
        if isinstance(real, bytes):
            real = json.loads(real)
        then = p.get("then")
        if callable(then):
            then(real)
        if "body" in p:
            out = p["body"]
        elif isinstance(real, dict):
            out = {**real, **dict(p.get("extra") or {})}
        else:
            out = real
        body = out.encode() if isinstance(out, str) else json.dumps(out).encode()
        h.send_raw(200, body, "application/json; charset=utf-8")


    def _hang(self, fault: _Fault) -> bool:
        """Hold the answer ``seconds`` (60), or until the ``until`` event is set, whichever
        comes first. True when the simulator stopped meanwhile (the caller drops the socket)."""
        limit = float(fault.params.get("seconds", 60))
        release = fault.params.get("until")
        if release is None:
            return self._stop.wait(limit)
        deadline = time.monotonic() + limit
        while not release.wait(min(0.05, max(0.0, deadline - time.monotonic()))):
            if self._stop.is_set():
                return True
            if time.monotonic() >= deadline:
                break
        return self._stop.is_set()

    def _send_fault(self, h: _Handler, fault: _Fault, action: str) -> None:
        name, p = fault.name, fault.params
        html = "text/html; charset=UTF-8"
        if name == "html_502":
            h.send_raw(502, data.HTML_502.encode(), html)
        elif name == "html_503":
            h.send_raw(503, data.HTML_503.encode(), html)
        elif name == "server_error":
            h.send_raw(500, data.HTML_500.encode(), html)
        elif name == "cloudflare_403":
            ray = f"{_mix(int(time.time() * 1000)) & 0xFFFFFFFFFFFFFFF:015x}-FRA"
            body = data.HTML_CLOUDFLARE.replace("{host}", self.host).replace("{ray}", ray)
            h.send_raw(
                403,
                body.encode(),
                html,
                [("Server", "cloudflare"), ("CF-RAY", ray), ("cf-mitigated", "challenge")],
            )
        elif name == "empty":
            h.send_raw(200, b"", "application/json; charset=utf-8")
        elif name == "broken_json":
            body = p.get("body") or _BROKEN.get(action, '{"error": Incorrect request}')
            h.send_raw(200, str(body).encode(), "application/json; charset=utf-8")
        elif name == "rate_limit":
            retry = p.get("retry_after", 1)
            h.send_raw(
                429,
                b'{"error":"Too many requests"}',
                "application/json; charset=utf-8",
                [("Retry-After", str(retry))],
            )
        elif name == "redirect":
            location = p.get("location") or f"https://{self.host}:{self.port}{self.path}"
            moved = (
                b"<html><head><title>301 Moved Permanently</title></head><body>"
                b"<center><h1>301 Moved Permanently</h1></center><hr><center>nginx</center>"
                b"</body></html>"
            )
            h.send_raw(301, moved, html, [("Location", str(location))])
        else:  # pragma: no cover - FAULTS is closed
            h.abort()

    def _execute(self, key: str | None, action: str, params: dict[str, str]) -> Any:
        dialect = self._dialect
        if key != self._key:
            return {"error": "Incorrect API key." if dialect == "numeric" else "Invalid API key"}
        unsupported = set(self._unsupported)
        if dialect == "seed":
            unsupported |= SEED_UNSUPPORTED
        if action not in ACTIONS or action in unsupported:
            return {"error": "Incorrect request"}
        if action == "services":
            return self._services_body(dialect)
        with self._lock:
            now = self.now()
            self._settle(now)
            answer = getattr(self, f"_act_{action}")(params, now, dialect)
            if action in ("add", "refill", "cancel"):
                self._save()
            return answer

    # ---------------------------------------------------------------- actions

    def _act_balance(self, p: dict[str, str], now: float, d: str) -> Any:
        if d == "numeric":
            return {"balance": float(self._balance), "currency": self.currency}
        out = {"balance": _money(self._balance), "currency": self.currency}
        if d == "seed":
            return {"status": "success", **out}
        return out

    def _act_add(self, p: dict[str, str], now: float, d: str) -> Any:
        try:
            svc, link, units, charge, duration_min = self._validate_add(p, now, d)
        except _AddError as e:
            text, raw = _ADD_ERRORS[e.code]
            msg = (raw if d == "numeric" else text).format(arg=e.arg)
            return {"error": msg}
        fields = {k: v for k, v in p.items() if k not in ("action", "key")}
        oid = self._create(svc, link, units, charge, now, fields, duration_min)
        if d == "seed":
            return {"status": "success", "order": oid}
        return {"order": oid}

    def _validate_add(
        self, p: dict[str, str], now: float, d: str
    ) -> tuple[_Service, str, int, Decimal, float]:
        try:
            svc = self._service(int(p.get("service", "").strip()))
        except ValueError:
            svc = None
        if svc is None:
            raise _AddError("service")
        t = svc.type

        def lines(name: str) -> list[str]:
            raw = p.get(name, "").replace("\r\n", "\n").replace("\r", "\n")
            return [ln.strip() for ln in raw.split("\n") if ln.strip()]

        def need_list(name: str) -> list[str]:
            items = lines(name)
            if not items:
                raise _AddError("field", name)
            return items

        def need_text(name: str) -> str:
            v = p.get(name, "").strip()
            if not v:
                raise _AddError("field", name)
            return v

        def integer(name: str, code: str = "field", default: int | None = None) -> int:
            raw = p.get(name, "").strip()
            if not raw and default is not None:
                return default
            try:
                return int(raw)
            except ValueError:
                raise _AddError(code, name) from None

        def in_range(q: int) -> None:
            if q < svc.min:
                raise _AddError("min", svc.min)
            if q > svc.max:
                raise _AddError("max", svc.max)

        link = p.get("link", "").strip()
        if t != "Subscriptions" and not link:
            raise _AddError("link")
        runs = 1
        duration_min = 0.0
        if t in PACKAGE_TYPES:
            units = 1
            if t == "Custom Comments Package":
                need_list("comments")
            charge = svc.rate
        elif t == "Subscriptions":
            need_text("username")
            lo, hi = integer("min"), integer("max")
            if lo < svc.min:
                raise _AddError("min", svc.min)
            if hi > svc.max:
                raise _AddError("max", svc.max)
            if lo > hi:
                raise _AddError("minmax")
            delay = integer("delay", "delay")
            if delay not in (SEED_DELAYS if d == "seed" else DELAYS):
                raise _AddError("delay")
            posts = integer("posts", default=0)
            integer("old_posts", default=0)
            if posts < 0:
                raise _AddError("field", "posts")
            expiry = p.get("expiry", "").strip()
            if expiry:
                try:
                    datetime.strptime(expiry, "%d/%m/%Y")
                except ValueError:
                    raise _AddError("expiry") from None
            units = hi * max(posts, 1)
            charge = svc.rate * units / 1000
        else:
            if t in LINE_QUANTITY:
                units = len(need_list(LINE_QUANTITY[t]))
            else:
                units = integer("quantity", "quantity", default=0)
            in_range(units)
            if t == "SEO":
                need_list("keywords")
            elif t == "Mentions":
                need_list("usernames")
            elif t == "Mentions with Hashtags":
                need_list("usernames")
                need_list("hashtags")
            elif t == "Mentions Hashtag":
                need_text("hashtag")
            elif t in ("Mentions User Followers", "Comment Likes", "Comment Replies"):
                need_text("username")
            elif t == "Mentions Media Likers":
                need_text("media")
            elif t == "Poll":
                if integer("answer_number") < 1:
                    raise _AddError("field", "answer_number")
            elif t == "Invites from Groups":
                need_list("groups")
            elif t == "Web Traffic":
                need_text("country")
                if integer("device") not in range(1, 6):
                    raise _AddError("field", "device")
                traffic = integer("type_of_traffic")
                if traffic not in range(1, 4):
                    raise _AddError("field", "type_of_traffic")
                if traffic == 1:
                    need_text("google_keyword")
                elif traffic == 2:
                    need_text("referring_url")
            if t in DRIPFEED_TYPES and (p.get("runs", "").strip() or p.get("interval", "").strip()):
                if not svc.dripfeed:
                    raise _AddError("dripfeed")
                runs = integer("runs")
                interval = integer("interval")
                if runs < 2:
                    raise _AddError("field", "runs")
                if interval < 1:
                    raise _AddError("field", "interval")
                duration_min = (runs - 1) * interval * 60.0
            charge = svc.rate * units * runs / 1000
            units *= runs
        if link and self._link_busy(link, now):
            raise _AddError("duplicate")
        if charge > self._balance:
            raise _AddError("funds")
        return svc, link, units, charge, duration_min

    def _link_busy(self, link: str, now: float) -> bool:
        for oid in self._by_link.get(link, ()):
            if self._view(self._orders[oid], now)[0] in ("Pending", "In progress"):
                return True
        return False

    def _create(
        self,
        svc: _Service,
        link: str,
        units: int,
        charge: Decimal,
        now: float,
        fields: dict[str, str],
        duration_min: float = 0.0,
    ) -> int:
        oid = self._next_order
        self._next_order += 1
        o = _Order(
            oid,
            svc.id,
            svc.type,
            link,
            units,
            charge,
            now,
            svc.refill,
            svc.cancel,
            duration_min,
            fields,
        )
        self._add_order(o)
        self._balance -= charge
        return oid

    def _add_order(self, o: _Order) -> None:
        self._orders[o.id] = o
        if o.link:
            self._by_link.setdefault(o.link, []).append(o.id)
        if not o.settled:
            pending, duration, fate, _ = self._plan(o)
            end = o.created + pending + (0.0 if fate == "Canceled" else duration)
            heapq.heappush(self._heap, (end, o.id))

    def _status_obj(self, o: _Order, now: float, d: str) -> dict[str, Any]:
        state, delivered, started = self._view(o, now)
        remains = o.quantity - delivered
        charge = self._charge_of(o, state, delivered)
        start_count = self._start_count(o) if started else None
        if d == "numeric":
            return {
                "order": o.id,
                "charge": float(charge),
                "start_count": start_count if start_count is not None else "Unknown",
                "status": self._numeric_status(o, state),
                "remains": remains,
                "currency": self.currency,
            }
        if d == "seed":
            return {
                "order": str(o.id),
                "status": state.lower(),
                "charge": _money(charge, 4),
                "start_count": str(start_count or 0),
                "remains": str(remains),
            }
        return {
            "order": str(o.id),
            "charge": _money(charge),
            "start_count": str(start_count or 0),
            "status": state,
            "remains": str(remains),
            "currency": self.currency,
        }

    def _act_status(self, p: dict[str, str], now: float, d: str) -> Any:
        if "orders" in p:
            ids = [s.strip() for s in p["orders"].split(",") if s.strip()]
            if not ids:
                return {"error": "Incorrect order ID"}
            if len(ids) > MAX_BATCH:
                return {"error": f"Maximum {MAX_BATCH} orders per request"}
            out: dict[str, Any] = {}
            for raw in ids:
                o = self._order_of(raw)
                if o is not None:
                    out[raw] = self._status_obj(o, now, d)
                elif d == "seed":
                    out[raw] = "Incorrect order ID"
                else:
                    out[raw] = {"error": "Incorrect order ID"}
            return out
        o = self._order_of(p.get("order", ""))
        if o is None:
            return {"error": "Incorrect order ID"}
        return self._status_obj(o, now, d)

    @staticmethod
    def _batch(p: dict[str, str], many_key: str, item_key: str) -> tuple[list[str] | None, Any]:
        ids = [s.strip() for s in p.get(many_key, "").split(",") if s.strip()]
        if not ids:
            return None, {"error": "Incorrect order ID" if item_key == "order" else "Bad refills"}
        if len(ids) > MAX_BATCH:
            return None, {"error": f"Maximum {MAX_BATCH} {many_key} per request"}
        return ids, None

    @staticmethod
    def _batch_answer(
        items: list[tuple[str, dict[str, Any]]], d: str
    ) -> list[dict[str, Any]] | dict[str, dict[str, Any]]:
        if d == "numeric":
            return dict(items)
        return [item for _, item in items]

    @staticmethod
    def _id_out(raw: str) -> int | str:
        try:
            return int(raw)
        except ValueError:
            return raw

    def _act_refill(self, p: dict[str, str], now: float, d: str) -> Any:
        if "orders" in p:
            ids, err = self._batch(p, "orders", "order")
            if ids is None:
                return err
            items = []
            for raw in ids:
                r = self._refill_one(raw, now)
                value: Any = r if isinstance(r, int) else {"error": r}
                items.append((raw, {"order": self._id_out(raw), "refill": value}))
            return self._batch_answer(items, d)
        r = self._refill_one(p.get("order", ""), now)
        if not isinstance(r, int):
            return {"error": r}
        return {"refill": r} if d == "numeric" else {"refill": str(r)}

    def _refill_one(self, raw: str, now: float) -> int | str:
        o = self._order_of(raw)
        if o is None:
            return "Incorrect order ID"
        if not o.refill_ok:
            return "Refill is disabled for this service"
        if self._view(o, now)[0] != "Completed":
            return "Order is not completed"
        for r in self._refills.values():
            if r.order == o.id and self._refill_state(r, now) in ("Pending", "In progress"):
                return "Refill already requested"
        rid = self._next_refill
        self._next_refill += 1
        self._refills[rid] = _Refill(rid, o.id, now)
        return rid

    def _refill_state(self, r: _Refill, now: float) -> str:
        h = _mix(r.id, self._seed, 7)
        t = now - r.created
        if t < 60:
            return "Pending"
        if t < 360 + h % 600:
            return "In progress"
        return "Rejected" if (h >> 20) % 100 < 15 else "Completed"

    def _refill_status_out(self, r: _Refill, now: float, d: str) -> str:
        s = self._refill_state(r, now)
        if d == "numeric" and s == "In progress":
            return "in_progress"
        if d == "seed":
            return s.lower()
        return s

    def _act_refill_status(self, p: dict[str, str], now: float, d: str) -> Any:
        if "refills" in p:
            ids, err = self._batch(p, "refills", "refill")
            if ids is None:
                return err
            items = []
            for raw in ids:
                r = self._refill_of(raw)
                value: Any = (
                    self._refill_status_out(r, now, d)
                    if r is not None
                    else {"error": "Refill not found"}
                )
                items.append((raw, {"refill": self._id_out(raw), "status": value}))
            return self._batch_answer(items, d)
        r = self._refill_of(p.get("refill", ""))
        if r is None:
            return {"error": "Refill not found"}
        return {"status": self._refill_status_out(r, now, d)}

    def _act_cancel(self, p: dict[str, str], now: float, d: str) -> Any:
        if "orders" not in p and "order" in p:
            p = {**p, "orders": p["order"]}
        ids, err = self._batch(p, "orders", "order")
        if ids is None:
            return err
        items = []
        for raw in ids:
            r = self._cancel_one(raw, now)
            value: Any = 1 if r is None else {"error": r}
            items.append((raw, {"order": self._id_out(raw), "cancel": value}))
        return self._batch_answer(items, d)

    def _cancel_one(self, raw: str, now: float) -> str | None:
        o = self._order_of(raw)
        if o is None:
            return "Incorrect order ID"
        if not o.cancel_ok:
            return "Cancel is disabled for this service"
        if self._view(o, now)[0] not in ("Pending", "In progress"):
            return "Order cannot be canceled"
        o.canceled_at = now
        self._settle_order(o, now)
        return None

    # ---------------------------------------------------------------- order progress

    def _order_of(self, raw: str) -> _Order | None:
        try:
            return self._orders.get(int(str(raw).strip()))
        except ValueError:
            return None

    def _refill_of(self, raw: str) -> _Refill | None:
        try:
            return self._refills.get(int(str(raw).strip()))
        except ValueError:
            return None

    def _plan(self, o: _Order) -> tuple[float, float, str, float]:
        h = _mix(o.id, self._seed)
        pending = 30.0 + h % 91
        duration = max(min(60.0 + o.quantity * 0.3, MAX_DURATION), o.duration_min)
        roll = (h >> 8) % 100
        fate = "Canceled" if roll < 8 else "Partial" if roll < 20 else "Completed"
        fraction = 0.3 + ((h >> 16) % 61) / 100  # Partial: share delivered, 0.30..0.90
        return pending, duration, fate, fraction

    def _start_count(self, o: _Order) -> int:
        return 100 + (_mix(o.id, self._seed, 3) % 50_000)

    def _natural(self, o: _Order, t: float) -> tuple[str, int, bool]:
        """(state, delivered, started) at simulated time ``t``, ignoring a user cancel."""
        pending, duration, fate, fraction = self._plan(o)
        start = o.created + pending
        q = o.quantity
        if t < start:
            return "Pending", 0, False
        if fate == "Canceled":
            return "Canceled", 0, False
        progress = min(1.0, (t - start) / duration)
        if fate == "Partial":
            final = max(0, min(q - 1, int(q * fraction)))
            if progress >= 1.0:
                return "Partial", final, True
            return "In progress", min(final, int(q * progress)), True
        if progress >= 1.0:
            return "Completed", q, True
        return "In progress", min(q - 1, int(q * progress)), True

    def _view(self, o: _Order, now: float) -> tuple[str, int, bool]:
        if o.canceled_at is not None and now >= o.canceled_at:
            _, delivered, started = self._natural(o, o.canceled_at)
            return "Canceled", delivered, started
        return self._natural(o, now)

    @staticmethod
    def _charge_of(o: _Order, state: str, delivered: int) -> Decimal:
        if state in ("Partial", "Canceled"):
            if o.quantity <= 0:
                return Decimal(0)
            return o.charge * delivered / o.quantity
        return o.charge

    def _numeric_status(self, o: _Order, state: str) -> str:
        if state == "In progress":
            return "in_progress" if _mix(o.id, 11) & 1 else "In progess"
        if state == "Canceled":
            return "Cancelled"
        return state

    def _settle_order(self, o: _Order, now: float) -> None:
        if o.settled:
            return
        state, delivered, _ = self._view(o, now)
        if state in ("Completed", "Partial", "Canceled"):
            self._balance += o.charge - self._charge_of(o, state, delivered)
            o.settled = True

    def _settle(self, now: float) -> None:
        """Refund Partial/Canceled orders whose end has passed on the simulated clock."""
        while self._heap and self._heap[0][0] <= now:
            _, oid = heapq.heappop(self._heap)
            o = self._orders.get(oid)
            if o is not None:
                self._settle_order(o, now)

    # ---------------------------------------------------------------- persistence

    def _save(self) -> None:
        if self.state_path is None:
            return
        state = {
            "version": 1,
            "balance": str(self._balance),
            "clock": self.now(),
            "wall": time.time(),
            "next_order": self._next_order,
            "next_refill": self._next_refill,
            "orders": [{**asdict(o), "charge": str(o.charge)} for o in self._orders.values()],
            "refills": [asdict(r) for r in self._refills.values()],
        }
        target = self.state_path
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(target, json.dumps(state), prefix=".simstate-")

    def _load(self) -> None:
        assert self.state_path is not None
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
            orders = [_Order(**{**o, "charge": Decimal(o["charge"])}) for o in state["orders"]]
            refills = [_Refill(**r) for r in state["refills"]]
            balance = Decimal(state["balance"])
            clock = float(state["clock"]) + max(0.0, time.time() - float(state["wall"])) * (
                self._speed
            )
            next_order, next_refill = int(state["next_order"]), int(state["next_refill"])
        except (OSError, ValueError, KeyError, TypeError, InvalidOperation) as e:
            print(f"panel simulator: ignoring unreadable state file ({e})", file=sys.stderr)
            return
        self._balance = balance
        self._base, self._mono0, self._offset = clock, time.monotonic(), 0.0
        self._next_order, self._next_refill = next_order, next_refill
        for o in orders:
            self._add_order(o)
        self._refills = {r.id: r for r in refills}


_BROKEN = {
    "balance": '{"balance": "1.0",}',
    "add": '{"order": 23501,}',
    "status": '{"order": "23501", "status": Pending, "charge": "0.1"}',
    "services": '[{"service": 1, "name": "Instagram Followers", "rate": "0.9",}]',
}


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="python -m smmdesk.demo.server", description="Run a simulated SMM panel."
    )
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--path", default="/api/v2")
    ap.add_argument("--services", type=int, default=5000)
    ap.add_argument("--key", default="demo")
    ap.add_argument("--dialect", choices=DIALECTS, default="canonical")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--balance", default="1000")
    ap.add_argument("--currency", default="USD")
    ap.add_argument("--speed", type=float, default=1.0, help="simulated seconds per real second")
    ap.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    ap.add_argument("--unsupported", default="", help="comma-separated actions to refuse")
    ap.add_argument("--state", type=Path, default=None, help="JSON file that keeps the state")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    sim = PanelSimulator(
        services=args.services,
        key=args.key,
        dialect=args.dialect,
        seed=args.seed,
        balance=Decimal(args.balance),
        currency=args.currency,
        speed=args.speed,
        latency=args.latency,
        unsupported=[a for a in args.unsupported.split(",") if a],
        host=args.host,
        port=args.port,
        path=args.path,
        state_path=args.state,
    )
    sim.start()
    print(f"SMM panel simulator ({args.dialect}, {args.services} services) at {sim.url}")
    print(f"API key: {sim.key}")
    print("Press Ctrl+C to stop.", flush=True)
    idle = threading.Event()
    try:
        while not idle.wait(0.5):
            pass
    except KeyboardInterrupt:
        print("stopping", flush=True)
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
