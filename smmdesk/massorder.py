"""Mass orders: ``service_id|link|quantity`` lines (the panels' own format), checked against the
cached catalogue, priced, and sent once per line — even across crashes, cancels and re-runs.

Qt-free. The dialog (``ui/mass_order.py``) parses with ``parse_lines``, checks with
``check_lines`` and sends with ``run_batch`` on a worker.

A batch's identity is a hash of the panel and its normalised lines (``batch_id``), so pasting
the same text again finds the earlier run. Each line's outcome is written to a small JSON file
under ``<data dir>/mass_orders/`` *before* the line is sent ("sending") and again after; a line
whose record is "placed", "uncertain" or a "sending" left by a crash is never sent again. The
workspace's own duplicate check (an active order on the same service and link) additionally
guards lines whose text was edited between runs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from smmdesk import servicetypes
from smmdesk.fsutil import atomic_write_text
from smmdesk.models import LocalOrder, Service, SubmitState
from smmdesk.servicetypes import N_, Text

log = logging.getLogger(__name__)

__all__ = [
    "BatchRecord",
    "BatchStore",
    "LineResult",
    "LineStatus",
    "MassLine",
    "batch_id",
    "check_lines",
    "normalise_text",
    "parse_lines",
    "run_batch",
    "total_of",
]

MAX_LINES = 5000  # a paste bigger than this is almost certainly the wrong file
BATCH_DIR = "mass_orders"
_SEPARATOR = re.compile(r"\s*\|\s*")


class LineStatus(Enum):
    PENDING = "pending"  # not sent yet (or not sent because of a cancel)
    SENDING = "sending"  # written just before `add`; left over after a crash -> may be placed
    PLACED = "placed"
    REJECTED = "rejected"  # the panel said no: nothing was placed, may be sent again
    UNCERTAIN = "uncertain"  # may have been placed: never resent, "check on panel"
    SKIPPED = "skipped"  # not sent: an active order on the same link already exists
    INVALID = "invalid"  # the line itself is wrong; never sent

    @property
    def done(self) -> bool:
        """Never send this line again in this batch."""
        return self in (LineStatus.PLACED, LineStatus.UNCERTAIN, LineStatus.SENDING)


@dataclass(frozen=True, slots=True)
class MassLine:
    """One non-empty input line. ``number`` is 1-based in the text as given."""

    number: int
    raw: str
    service_id: int | None
    link: str
    quantity: int | None
    quantity_text: str
    service: Service | None = None
    problem: str | None = None  # a servicetypes.Text (translatable) or None when sendable
    price: Decimal | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.service is not None

    def values(self) -> dict[str, str]:
        """The form values for ``Workspace.place_order``."""
        out = {"link": self.link}
        if self.quantity_text:
            out["quantity"] = self.quantity_text
        return out

    def key(self) -> str:
        """What identifies the line within a batch: its normalised content."""
        return f"{self.service_id}|{self.link}|{self.quantity_text}"


@dataclass(frozen=True, slots=True)
class LineResult:
    status: LineStatus
    message: str = ""
    local_id: int | None = None
    remote_id: int | None = None
    at: str = ""  # ISO time (UTC)

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status.value, "message": self.message, "local_id": self.local_id,
                "remote_id": self.remote_id, "at": self.at}

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> LineResult:
        try:
            status = LineStatus(obj.get("status"))
        except ValueError:
            status = LineStatus.UNCERTAIN  # unreadable: the safe reading
        return cls(status, str(obj.get("message") or ""), _opt_int(obj.get("local_id")),
                   _opt_int(obj.get("remote_id")), str(obj.get("at") or ""))


def _opt_int(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------------------------- parsing


def _parse_id(text: str) -> int | None:
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) < 19:
        return int(text)
    return None


SEPARATORS_HINT = N_("Separate the parts with | or a tab: service|link|quantity")


def _split(line: str) -> list[str]:
    """The parts of a line: ``|`` (the panels' format) or tabs (what a spreadsheet copies)."""
    if "|" in line:
        return _SEPARATOR.split(line)
    return [p for p in (part.strip() for part in line.split("\t")) if p] if "\t" in line else [
        line]


def parse_lines(text: str, locale_hint: str | None = "en") -> list[MassLine]:
    """Every non-empty line of ``text`` as a ``MassLine``; problems of form, not of catalogue.

    ``service_id|link|quantity`` or the same parts separated by tabs; spaces around the
    separators are ignored; the quantity may be left out (package services). Lines starting
    with ``#`` are comments. The quantity is read with ``servicetypes.parse_whole_number`` in
    ``locale_hint`` (``1,000`` in English, ``1.000`` in Turkish); anything else — ``150,5``,
    ``1e3`` — is refused with the reason, never changed."""
    out: list[MassLine] = []
    for number, raw_line in enumerate(re.split(r"\r\n|\r|\n", text or ""), start=1):
        line = raw_line.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        parts = _split(line)
        problem: str | None = None
        sid_text = parts[0].strip() if parts else ""
        link = parts[1].strip() if len(parts) > 1 else ""
        qty_text = parts[2].strip() if len(parts) > 2 else ""
        sid = _parse_id(sid_text)
        qty: int | None = None
        qty_problem: str | None = None
        try:
            qty = servicetypes.parse_whole_number(qty_text, locale_hint)
        except servicetypes.NotWholeNumber as bad:
            qty_problem = servicetypes.whole_number_problem(N_("Quantity"), bad.typed)
        if len(parts) > 3:
            problem = Text(N_("Too many parts: use service|link|quantity"))
        elif sid is None and len(parts) == 1:
            problem = Text(SEPARATORS_HINT)
        elif sid is None:
            problem = Text(N_("The service must be a number (service|link|quantity)"))
        elif not link:
            problem = Text(N_("The link is missing (service|link|quantity)"))
        elif qty_problem is not None:
            problem = qty_problem
        out.append(MassLine(number, raw_line, sid, link, qty,
                            str(qty) if qty is not None else qty_text, problem=problem))
        if len(out) > MAX_LINES:
            break
    return out


def normalise_text(lines: Iterable[MassLine]) -> str:
    return "\n".join(line.key() for line in lines)


def batch_id(panel_id: str, lines: Iterable[MassLine], repeat: int = 0) -> str:
    """The batch a list belongs to. ``repeat`` > 0 is the same list placed again on purpose
    (the person asked for a new batch): a separate record, so nothing of it counts as sent."""
    digest = hashlib.sha256()
    digest.update(panel_id.encode())
    digest.update(b"\0")
    digest.update(normalise_text(lines).encode())
    if repeat:
        digest.update(f"\0repeat {repeat}".encode())
    return digest.hexdigest()[:24]


# ---------------------------------------------------------------------------------- checking


def _check(line: MassLine, service: Service | None) -> MassLine:
    if line.problem is not None:
        return replace(line, service=service)
    if service is None:
        return replace(line, problem=Text(
            N_("Service {id} is not in this panel's list (refresh the services?)"),
            id=line.service_id))
    st, _ = servicetypes.type_of(service)
    fields = {f.name for f in servicetypes.fields_for(service)}
    needs = [f for f in servicetypes.fields_for(service)
             if f.required and f.name not in ("link", "quantity") and f.depends_on is None]
    if needs or "link" not in fields:
        return replace(line, service=service, problem=Text(
            N_("{type} services need more than a link and a quantity: use the order form"),
            type=st.name))
    values = line.values()
    if "quantity" not in fields:
        values.pop("quantity", None)
    elif not line.quantity_text:
        return replace(line, service=service, problem=Text(
            N_("The quantity is missing (service|link|quantity)")))
    problems = servicetypes.validate(service, values)
    if problems:
        first = problems.get("quantity") or problems.get("link") or next(iter(problems.values()))
        return replace(line, service=service, problem=first)
    return replace(line, service=service, price=servicetypes.estimate(service, values))


def check_lines(lines: Iterable[MassLine], catalogue: Mapping[int, Service]) -> list[MassLine]:
    """Each line with its service, price and problem (unknown service, quantity out of range,
    missing link, a type that needs more fields than the format carries)."""
    return [
        _check(line, catalogue.get(line.service_id) if line.service_id is not None else None)
        for line in lines
    ]


def total_of(lines: Iterable[MassLine]) -> Decimal:
    return sum((ln.price for ln in lines if ln.ok and ln.price is not None), Decimal(0))


# ---------------------------------------------------------------------------------- records


@dataclass
class BatchRecord:
    batch_id: str
    panel_id: str
    created_at: str = field(default_factory=_now)
    lines: dict[str, LineResult] = field(default_factory=dict)  # line index (0-based) -> result

    def result(self, index: int) -> LineResult | None:
        return self.lines.get(str(index))

    def counts(self) -> dict[LineStatus, int]:
        out: dict[LineStatus, int] = {}
        for r in self.lines.values():
            out[r.status] = out.get(r.status, 0) + 1
        return out


class BatchStore:
    """Batch records as one JSON file each under ``<data_dir>/mass_orders``; each write is
    atomic (temp file + fsync + rename), so a crash leaves the previous or the new record."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = Path(data_dir) / BATCH_DIR
        self._lock = threading.Lock()

    def _path(self, bid: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{8,64}", bid):
            raise ValueError("bad batch id")
        return self.dir / f"{bid}.json"

    def load(self, bid: str, panel_id: str) -> BatchRecord:
        path = self._path(bid)
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return BatchRecord(bid, panel_id)
        except (OSError, ValueError) as e:
            # Never silently forget what was sent: refuse rather than start from zero.
            raise OSError(f"the mass order record {path} cannot be read ({e})") from e
        lines = {str(k): LineResult.from_json(v) for k, v in (obj.get("lines") or {}).items()
                 if isinstance(v, Mapping)}
        return BatchRecord(bid, str(obj.get("panel_id") or panel_id),
                           str(obj.get("created_at") or _now()), lines)

    def exists(self, bid: str) -> bool:
        return self._path(bid).exists()

    def save(self, record: BatchRecord) -> None:
        with self._lock:
            self.dir.mkdir(parents=True, exist_ok=True)
            path = self._path(record.batch_id)
            data = json.dumps({
                "batch_id": record.batch_id,
                "panel_id": record.panel_id,
                "created_at": record.created_at,
                "lines": {k: v.to_json() for k, v in record.lines.items()},
            }, indent=1)
            atomic_write_text(path, data, prefix=".batch-")

    def set(self, record: BatchRecord, index: int, result: LineResult) -> None:
        record.lines[str(index)] = result
        self.save(record)


# ---------------------------------------------------------------------------------- sending


class _Orders(Protocol):
    def find_duplicate(self, panel_id: str, service_id: int, link: str) -> LocalOrder | None: ...

    def place_order(self, panel_id: str, service_id: int, fields: dict[str, Any]) -> LocalOrder: ...


Progress = Callable[[int, int, str], Any]


def _result_of(order: LocalOrder) -> LineResult:
    state = {
        SubmitState.PLACED: LineStatus.PLACED,
        SubmitState.REJECTED: LineStatus.REJECTED,
        SubmitState.UNCERTAIN: LineStatus.UNCERTAIN,
        SubmitState.SUBMITTING: LineStatus.UNCERTAIN,
    }[order.submit_state]
    return LineResult(state, order.error or "", order.id, order.remote_id, _now())


def run_batch(
    workspace: _Orders,
    store: BatchStore,
    panel_id: str,
    lines: list[MassLine],
    *,
    should_stop: Callable[[], bool] | None = None,
    progress: Progress | None = None,
    on_line: Callable[[int, LineResult], Any] | None = None,
    repeat: int = 0,
) -> BatchRecord:
    """Send every sendable line once, in order; returns the batch record.

    Lines already done in an earlier run are reported, not sent. ``should_stop`` is checked
    between lines; ``progress(done, total, text)`` and ``on_line(index, result)`` are called
    after each line (from this thread). ``index`` is the 0-based position in ``lines``.
    An unexpected exception from ``place_order`` marks that line UNCERTAIN and propagates.
    Raises ``OSError`` when the batch record cannot be read or written (nothing is sent
    without a record)."""
    bid = batch_id(panel_id, lines, repeat)
    record = store.load(bid, panel_id)
    total = len(lines)
    for index, line in enumerate(lines):
        if should_stop is not None and should_stop():
            break
        previous = record.result(index)
        if previous is not None and previous.status.done:
            if previous.status is LineStatus.SENDING:
                # A crash between "sending" and the answer: it may have been placed.
                previous = LineResult(LineStatus.UNCERTAIN, previous.message, previous.local_id,
                                      previous.remote_id, previous.at)
                store.set(record, index, previous)
            if on_line is not None:
                on_line(index, previous)
        elif not line.ok or line.service is None:
            result = LineResult(LineStatus.INVALID, str(line.problem or ""), at=_now())
            record.lines[str(index)] = result  # kept in memory only: nothing was sent
            if on_line is not None:
                on_line(index, result)
        else:
            duplicate = workspace.find_duplicate(panel_id, line.service.id, line.link)
            if duplicate is not None:
                result = LineResult(LineStatus.SKIPPED, "active order", duplicate.id,
                                    duplicate.remote_id, _now())
            else:
                store.set(record, index, LineResult(LineStatus.SENDING, at=_now()))
                try:
                    order = workspace.place_order(panel_id, line.service.id, line.values())
                except servicetypes.ValidationError as e:
                    result = LineResult(LineStatus.INVALID, str(e), at=_now())
                except Exception as e:
                    # A bug or a broken store after "sending" was written: it may have gone out.
                    # Record that and stop the batch; the caller shows the error.
                    log.exception("mass order line %d failed unexpectedly", line.number)
                    result = LineResult(LineStatus.UNCERTAIN, type(e).__name__, at=_now())
                    store.set(record, index, result)
                    if on_line is not None:
                        on_line(index, result)
                    raise
                else:
                    result = _result_of(order)
            store.set(record, index, result)
            if on_line is not None:
                on_line(index, result)
        if progress is not None:
            progress(index + 1, total, line.raw)
    return record
