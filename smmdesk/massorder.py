"""Mass orders: ``service_id|link|quantity`` lines (the panels' own format), checked against the
cached catalogue, priced, and sent once per line — even across crashes, cancels, edits, re-runs
and a second run at the same time.

Qt-free. The dialog (``ui/order_form/mass_order.py``) and ``smm-desk-cli mass-order`` parse with
``parse_lines``, check with ``check_lines``, ask ``BatchStore.plan`` what a run would do, and
send with ``run_batch``.

The rules for unattended work (``docs/reliability.md``, "Rules for unattended work — mass
orders"), each enforced where it is named:

1. Every line goes through ``Workspace.place_order``, the order form's own code: recorded
   (SUBMITTING) before it is sent, sent once and never retried, UNCERTAIN when the outcome is
   unknown. The line is claimed in *the same transaction* that records its order
   (``_send`` → ``MassOrderStore.claim``): a kill at any moment leaves either no order and a
   line still to send, or one order and a line that is never sent again.
2. A batch is a list's run through all its re-runs; its record is in the database, one row
   per line, and a sent line's outcome is its order's (``BatchStore.record``): resolving an
   uncertain order resolves its line; no writer can turn a placed line into anything else.
   A line placed, uncertain, in flight or skipped is never sent again by its batch.
3. A re-run (the same list again, or ``--resume N``) continues the list's latest batch; it
   never places a line whose (service, link, quantity) another batch of the panel placed in
   the last ``RERUN_WINDOW`` (an earlier run of an edited list, say) — re-checked inside the
   claim (``PlacedBefore``). A second line with an earlier line's service and link, or a
   line whose link has an active order, or an order on any panel that may have been placed
   and is not resolved (``Workspace.place_order``'s rule), is skipped, for good
   (``SkipReason``).
4. Only a new batch asked for on purpose (``new_batch``: a daily list) places everything
   again; it is refused while the list's last batch, begun less than ``NEW_BATCH_GUARD`` ago,
   has lines not sent (``NewBatchRefused``: resume that one instead).
5. One run of a list at a time (``BatchStore.running``): a database row names the run's
   presence mark (``smmdesk.presence``); a second run refuses to start (``BatchBusy``); the
   row of a run whose process is gone (kill -9) is taken over.
6. A refusal stops the batch to ask (``on_refused``); the lines after it are not sent.
7. An exception after a line's order was recorded (its ``add`` may have gone out) is raised
   as ``SendInterrupted``: the caller reports the line as uncertain (the CLI: exit 4).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smmdesk import fsutil, servicetypes
from smmdesk.models import LocalOrder, OutcomeKind, Service, SubmitState, UnresolvedOnLink
from smmdesk.presence import Presence, mark_alive
from smmdesk.servicetypes import N_, Text
from smmdesk.store import StoreError, from_ms, now_ms, to_ms
from smmdesk.store.massorders import (
    BatchRow,
    HolderRow,
    LineRow,
    LineTaken,
    PlacedBefore,
    RunLost,
)

if TYPE_CHECKING:
    from smmdesk.placing import OrderQuote
    from smmdesk.workspace import Workspace

log = logging.getLogger(__name__)

__all__ = [
    "BatchBusy",
    "BatchRecord",
    "BatchStore",
    "Holder",
    "LineResult",
    "LineStatus",
    "MassLine",
    "NewBatchRefused",
    "Plan",
    "SendInterrupted",
    "SkipReason",
    "UnknownBatch",
    "check_lines",
    "list_id",
    "normalise_text",
    "parse_lines",
    "run_batch",
    "total_of",
]

MAX_LINES = 5000  # a paste bigger than this is almost certainly the wrong file
BATCH_DIR = "mass_orders"  # where versions before schema v13 kept one JSON file per batch
RERUN_WINDOW = timedelta(hours=24)  # rule 3
NEW_BATCH_GUARD = timedelta(hours=12)  # rule 4
_SEPARATOR = re.compile(r"\s*\|\s*")


class LineStatus(Enum):
    PENDING = "pending"  # not sent yet (or not sent because of a stop)
    SENDING = "sending"  # its order is being sent (or was, by a run that stopped: may be placed)
    PLACED = "placed"
    REJECTED = "rejected"  # the panel said no: nothing was placed; a resume may send it again
    UNCERTAIN = "uncertain"  # may have been placed: never resent, "check on panel"
    SKIPPED = "skipped"  # never sent by this batch (see ``SkipReason``)
    INVALID = "invalid"  # the line itself is wrong; never sent

    @property
    def done(self) -> bool:
        """Never send this line again in this batch."""
        return self in (LineStatus.PLACED, LineStatus.UNCERTAIN, LineStatus.SENDING,
                        LineStatus.SKIPPED)


class SkipReason(Enum):
    ACTIVE_ORDER = "active"  # an order on the same service and link is still active
    SAME_LINE = "same_line"  # an earlier line of the list has the same service and link
    PLACED_BEFORE = "placed_before"  # another batch placed this line in the last 24 h
    # an order on the link (any panel, any service) may have been placed and is not resolved
    # (the rule of ``Workspace.place_order``)
    UNRESOLVED = "unresolved"
    # an active order of the same platform and product on the link, on any panel (overlapping
    # orders under-deliver: ``smmdesk.watch.overlapping``)
    OVERLAPPING = "overlapping"


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
    malformed: bool = False  # ``problem`` is about the line's form, whatever the catalogue

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
    message: str = ""  # the panel's or the check's text (never a sentence of ours)
    local_id: int | None = None  # the line's order (SKIPPED: the order that made it skip)
    remote_id: int | None = None
    at: str = ""  # ISO time (UTC)
    reason: SkipReason | None = None  # SKIPPED only
    other_line: int | None = None  # SAME_LINE, PLACED_BEFORE: that line's number
    other_batch: int | None = None  # PLACED_BEFORE: the batch that placed it
    # Why the line's order ended as it did (its ``LocalOrder.outcome``; ``message`` holds the
    # panel's words beside it): the window words it, never reading the kind back from text.
    outcome: OutcomeKind | None = None

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
                            str(qty) if qty is not None else qty_text, problem=problem,
                            malformed=problem is not None))
        if len(out) > MAX_LINES:
            break
    return out


def normalise_text(lines: Iterable[MassLine]) -> str:
    return "\n".join(line.key() for line in lines)


def list_id(panel_id: str, lines: Iterable[MassLine]) -> str:
    """A list's identity on a panel: a hash of its normalised lines (spacing, comments and the
    separator do not count). Its batches (``BatchStore``) are found by it."""
    return _legacy_id(panel_id, lines, 0)


def _legacy_id(panel_id: str, lines: Iterable[MassLine], repeat: int) -> str:
    """The name of a batch's JSON file before schema v13 (``repeat``: its "new batch" count);
    for 0 the list's identity."""
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


def _first_lines(lines: list[MassLine]) -> dict[tuple[int, str], int]:
    """(service, link) -> the index of the first sendable line with them (rule 3)."""
    first: dict[tuple[int, str], int] = {}
    for index, line in enumerate(lines):
        if line.ok and line.service is not None:
            first.setdefault((line.service.id, line.link), index)
    return first


def _key(line: MassLine) -> tuple[int, str, str]:
    return (line.service_id or 0, line.link, line.quantity_text)


# ---------------------------------------------------------------------------------- records


Holder = HolderRow  # the run placing a list now (``since``, ``pid``, ``here``)


class BatchBusy(Exception):
    """Another run is placing this list right now (rule 5): nothing was sent."""

    def __init__(self, holder: Holder) -> None:
        super().__init__("this list is already being placed by another run")
        self.holder = holder


class NewBatchRefused(Exception):
    """A new batch was asked for while the list's last batch has lines not sent (rule 4)."""

    def __init__(self, record: BatchRecord, not_sent: int) -> None:
        super().__init__(f"batch {record.batch_id} of this list has {not_sent} line(s) not sent")
        self.record = record
        self.not_sent = not_sent


class UnknownBatch(ValueError):
    """No such batch (``--resume N``), or it is of another panel or list."""


class SendInterrupted(Exception):
    """An exception after a line's order was recorded as being sent (rule 7): its ``add`` may
    have gone out, so the line is uncertain (never sent again). ``__cause__`` is the error."""

    def __init__(self, index: int, number: int, local_id: int | None,
                 record: BatchRecord) -> None:
        super().__init__(f"line {number} may have been placed")
        self.index = index
        self.number = number
        self.local_id = local_id
        self.record = record


@dataclass
class BatchRecord:
    """A batch: its number, its list, and each line's result by index (``str(index)``)."""

    batch_id: int | None
    panel_id: str
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(
        timespec="seconds"))
    lines: dict[str, LineResult] = field(default_factory=dict)
    list_id: str = ""
    fresh: bool = False  # a new batch asked for on purpose
    stopped_at: int | None = None  # the index of the refused line the run stopped after
    cancelled: bool = False  # the run was stopped between lines (should_stop)
    stored: list[LineRow] = field(default_factory=list, repr=False)
    created_ms: int = 0  # ``created_at`` to the millisecond (what the rules compare)

    def result(self, index: int) -> LineResult | None:
        return self.lines.get(str(index))

    def counts(self) -> dict[LineStatus, int]:
        out: dict[LineStatus, int] = {}
        for r in self.lines.values():
            out[r.status] = out.get(r.status, 0) + 1
        return out

    @property
    def created(self) -> datetime:
        at = from_ms(self.created_ms) if self.created_ms else None
        return at or datetime.fromisoformat(self.created_at)


@dataclass
class Plan:
    """What a run of ``lines`` would do now (``BatchStore.plan``), read-only."""

    list_id: str
    record: BatchRecord | None  # the batch a run continues; None: a new one starts
    results: dict[int, LineResult]  # lines not sent by the run, and why
    earlier: set[int]  # of those, the ones whose result is the batch's own (earlier runs)
    send: list[int]  # lines the run sends, in order
    holder: Holder | None = None  # another run is placing the list: nothing can start
    unfinished: NewBatchRefused | None = None  # a new batch asked for now would be refused
    new: bool = False


@dataclass(frozen=True, slots=True)
class _Run:
    panel_id: str
    list_id: str
    owner: str


_SUBMIT_STATUS = {
    SubmitState.PLACED.value: LineStatus.PLACED,
    SubmitState.REJECTED.value: LineStatus.REJECTED,
    SubmitState.UNCERTAIN.value: LineStatus.UNCERTAIN,
    SubmitState.SUBMITTING.value: LineStatus.SENDING,
}


def _iso(at: datetime | None) -> str:
    return at.isoformat(timespec="seconds") if at is not None else ""


def _row_result(row: LineRow) -> LineResult:
    at = _iso(row.at)
    if row.state == "sent":
        # No order (gone, or a crash before version 13 recorded one): may have been placed.
        status = _SUBMIT_STATUS.get(row.submit_state or "", LineStatus.UNCERTAIN)
        return LineResult(status, row.error or "", row.order_id, row.remote_id, at,
                          outcome=OutcomeKind.code(row.outcome))
    if row.state == "skipped":
        try:
            reason = SkipReason(row.reason)
        except ValueError:
            reason = SkipReason.ACTIVE_ORDER
        return LineResult(LineStatus.SKIPPED, "", row.order_id, row.remote_id, at, reason,
                          row.ref_line, row.ref_batch)
    return LineResult(LineStatus.PENDING)


def _settled(index: int, line: MassLine, previous: LineResult | None,
             first: dict[tuple[int, str], int], lines: list[MassLine],
             resend_refused: bool) -> LineResult | None:
    """A line's result without asking anything (None: it may be sent): its batch's own outcome
    (rule 2), a refusal left alone, a problem, or a second line for one service and link."""
    if previous is not None:
        if previous.status.done:
            return previous
        if previous.status is LineStatus.REJECTED and not resend_refused:
            return previous
    if not line.ok or line.service is None:
        return LineResult(LineStatus.INVALID, str(line.problem or ""), at=_iso(_utcnow()))
    head = first.get((line.service.id, line.link), index)
    if head != index:
        return LineResult(LineStatus.SKIPPED, at=_iso(_utcnow()), reason=SkipReason.SAME_LINE,
                          other_line=lines[head].number)
    return None


def _utcnow() -> datetime:
    return datetime.now(UTC)


class BatchStore:
    """The batches of a data folder, in its database (``smmdesk.store.massorders``), and the
    rules above over them. ``BatchStore(workspace)``; safe from any thread and process."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.data_dir = Path(workspace.data_dir)
        self.sql = workspace.store.massorders

    # -- reading ---------------------------------------------------------------------------------

    def record(self, row: BatchRow) -> BatchRecord:
        stored = self.sql.lines(row.id)
        return BatchRecord(row.id, row.panel_id, _iso(row.created_at),
                           {str(r.idx): _row_result(r) for r in stored}, row.list_id,
                           row.fresh, stored=stored, created_ms=to_ms(row.created_at))

    def load(self, batch_id: int, panel_id: str | None = None) -> BatchRecord:
        """Batch ``batch_id`` (``UnknownBatch`` when there is none, or not on ``panel_id``)."""
        row = self.sql.batch(batch_id)
        if row is None or (panel_id is not None and row.panel_id != panel_id):
            raise UnknownBatch(f"there is no mass order batch {batch_id}"
                               + (" on this panel" if row is not None else ""))
        return self.record(row)

    def latest(self, panel_id: str, lines: list[MassLine]) -> BatchRecord | None:
        """The list's latest batch (the one a re-run continues), or None."""
        self._import_legacy(panel_id, lines)
        row = self.sql.latest(panel_id, list_id(panel_id, lines))
        return self.record(row) if row is not None else None

    @staticmethod
    def stored_lines(record: BatchRecord) -> list[MassLine]:
        """The batch's list as it was given (to check against today's catalogue)."""
        out = []
        for r in record.stored:
            qty = int(r.quantity) if r.quantity.isascii() and r.quantity.isdigit() else None
            problem = Text(r.problem) if r.problem is not None else None
            out.append(MassLine(r.number, r.raw, r.service_id, r.link, qty, r.quantity,
                                problem=problem, malformed=problem is not None))
        return out

    def holder(self, panel_id: str, list_id_: str) -> Holder | None:
        """The run placing this list now (None: nobody, or only a run that is gone)."""
        row = self.sql.holder(panel_id, list_id_)
        return row if row is not None and self._alive(row) else None

    def _alive(self, row: HolderRow) -> bool:
        # (a team store asks the holder's desk's heartbeat when it runs on another desk)
        return self.sql.holder_alive(row, self._process_alive)

    def _process_alive(self, row: HolderRow) -> bool:
        if row.owner.startswith("pid-"):  # a run that could not make a presence mark
            if os.name != "posix":
                return True
            try:
                os.kill(row.pid, 0)
            except ProcessLookupError:
                return False
            except OSError:
                return True
            return True
        return mark_alive(self.data_dir, row.owner)

    def _unfinished(self, record: BatchRecord, lines: list[MassLine]) -> int:
        """Lines of ``record`` a resume would still send (rule 4), counted only while the batch
        is younger than ``NEW_BATCH_GUARD``."""
        if _utcnow() - record.created >= NEW_BATCH_GUARD:
            return 0
        first = _first_lines(lines)
        return sum(1 for i, line in enumerate(lines)
                   if _settled(i, line, record.result(i), first, lines, True) is None)

    @staticmethod
    def _since(record: BatchRecord | None, *, new_batch: bool = False) -> int:
        """Rule 3's window for a run of ``record`` (None: a list never run): the last 24 h; for
        a new batch asked for on purpose only what other batches placed after it began."""
        since = now_ms() - int(RERUN_WINDOW.total_seconds() * 1000)
        if record is None and new_batch:
            return now_ms()
        if record is not None and record.fresh:
            since = max(since, record.created_ms)
        return since

    def _placed_before(self, panel_id: str, record: BatchRecord | None, *,
                       new_batch: bool = False
                       ) -> dict[tuple[int, str, str], tuple[int, int, int | None, datetime]]:
        return self.sql.placed_since(panel_id, self._since(record, new_batch=new_batch),
                                     record.batch_id if record is not None else None)

    def _dynamic(self, panel_id: str, line: MassLine,
                 placed: Mapping[tuple[int, str, str], tuple[int, int, int | None, datetime]],
                 quote: Callable[[], OrderQuote] | None = None) -> LineResult | None:
        """Rule 3 as far as the history knows now: placed by another batch, an active order on
        the link, or an order on the link that may have been placed and is not resolved (None:
        the line is sent; the claim checks the first and the last again). ``quote``: the line's
        quote, made once for the placement that follows (its look-ups are the ones used);
        without it (a preview) they are made here."""
        assert line.service is not None
        prior = placed.get(_key(line))
        if prior is not None:
            batch, number, order_id, at = prior
            remote = None
            if order_id is not None:
                with contextlib.suppress(KeyError):
                    remote = self.workspace.order(order_id).remote_id
            return LineResult(LineStatus.SKIPPED, "", order_id, remote, _iso(at),
                              SkipReason.PLACED_BEFORE, number, batch)
        duplicate = (quote().duplicate if quote is not None
                     else self.workspace.find_duplicate(panel_id, line.service.id, line.link))
        if duplicate is not None:
            return LineResult(LineStatus.SKIPPED, "", duplicate.id, duplicate.remote_id,
                              _iso(_utcnow()), SkipReason.ACTIVE_ORDER)
        unresolved = (quote().unresolved if quote is not None
                      else self.workspace.unresolved_on_link(line.link))
        if unresolved is not None:
            return _unresolved_skip(unresolved)
        overlap = (quote().overlapping if quote is not None else
                   self.workspace.overlapping_orders(panel_id, line.service.id, line.link))
        if overlap:
            return LineResult(LineStatus.SKIPPED, "", overlap[0].id, overlap[0].remote_id,
                              _iso(_utcnow()), SkipReason.OVERLAPPING)
        return None

    def plan(self, panel_id: str, lines: list[MassLine], *, new_batch: bool = False,
             resume: int | None = None, resend_refused: bool = True) -> Plan:
        """What ``run_batch`` with the same arguments would do now, line by line; changes
        nothing (but for bringing in a batch file of a version before 13)."""
        lid = list_id(panel_id, lines)
        holder = self.holder(panel_id, lid)
        if resume is not None:
            record: BatchRecord | None = self.load(resume, panel_id)
            assert record is not None
            if record.list_id != lid:
                raise UnknownBatch(f"batch {resume} was another list")
        else:
            record = self.latest(panel_id, lines)
        unfinished = None
        if new_batch and record is not None and resume is None:
            not_sent = self._unfinished(record, lines)
            if not_sent:
                unfinished = NewBatchRefused(record, not_sent)
        new = new_batch and resume is None
        base = None if new else record
        placed = self._placed_before(panel_id, base, new_batch=new)
        first = _first_lines(lines)
        results: dict[int, LineResult] = {}
        earlier: set[int] = set()
        send: list[int] = []
        for index, line in enumerate(lines):
            previous = base.result(index) if base is not None else None
            result = _settled(index, line, previous, first, lines, resend_refused)
            if result is None:
                result = self._dynamic(panel_id, line, placed)
            if result is None:
                send.append(index)
                continue
            results[index] = result
            if previous is not None and result is previous:
                earlier.add(index)
        return Plan(lid, base, results, earlier, send, holder, unfinished, new_batch)

    # -- one run at a time (rule 5) --------------------------------------------------------------

    @contextlib.contextmanager
    def running(self, panel_id: str, list_id_: str) -> Iterator[_Run]:
        """Hold the list for one run, or raise ``BatchBusy``. The row names this run's own
        presence mark, held for as long as the run lasts: once the process is gone (however it
        ends) the next run takes the row over."""
        mark = Presence(self.data_dir)
        owner = mark.name or f"pid-{os.getpid()}-{uuid.uuid4().hex[:12]}"
        try:
            held = self.sql.acquire(panel_id, list_id_, owner, os.getpid(), self._alive)
            if held is not None:
                raise BatchBusy(held)
            try:
                yield _Run(panel_id, list_id_, owner)
            finally:
                try:
                    self.sql.release(panel_id, list_id_, owner)
                except (StoreError, sqlite3.Error) as e:
                    # The mark goes below: the row then names a run that is gone.
                    log.warning("could not release mass order list %s: %s", list_id_, e)
        finally:
            mark.close()

    def open(self, run: _Run, lines: list[MassLine], *, new_batch: bool = False,
             resume: int | None = None) -> BatchRecord:
        """The batch a run of ``lines`` places (inside ``running``): ``resume``, a new batch
        (``new_batch``, rule 4), or the list's latest (rule 3), made when there is none."""
        if resume is not None:
            record = self.load(resume, run.panel_id)
            if record.list_id != run.list_id:
                raise UnknownBatch(f"batch {resume} was another list")
        else:
            latest = self.latest(run.panel_id, lines)
            if new_batch and latest is not None:
                not_sent = self._unfinished(latest, lines)
                if not_sent:
                    raise NewBatchRefused(latest, not_sent)
            if latest is None or new_batch:
                batch = self.sql.create(run.panel_id, run.list_id, _rows(lines), fresh=new_batch)
                record = self.load(batch)
            else:
                record = latest
        assert record.batch_id is not None
        self.sql.set_running_batch(run.panel_id, run.list_id, run.owner, record.batch_id)
        return record

    # -- batches of versions before 13 -----------------------------------------------------------

    def _import_legacy(self, panel_id: str, lines: list[MassLine]) -> None:
        """Bring in this list's JSON batch files (``mass_orders/``, before schema v13) once, so
        what they sent is never sent again. Their folder is made private (it was 0755)."""
        folder = self.data_dir / BATCH_DIR
        if not lines or not folder.is_dir():
            return
        with contextlib.suppress(OSError):
            fsutil.private_dir(folder)
        lid = list_id(panel_id, lines)
        repeat = 0
        while True:
            legacy = _legacy_id(panel_id, lines, repeat)
            path = folder / f"{legacy}.json"
            if not path.is_file():
                return
            if not self.sql.has_legacy(legacy):
                self._import_file(path, panel_id, lid, legacy, lines, fresh=repeat > 0)
            repeat += 1

    def _import_file(self, path: Path, panel_id: str, lid: str, legacy: str,
                     lines: list[MassLine], *, fresh: bool) -> None:
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(obj, dict):
                raise ValueError("not an object")
        except (OSError, ValueError) as e:
            # Never silently forget what was sent: refuse rather than start from zero.
            raise OSError(f"the mass order record {path} cannot be read ({e})") from e
        results = {str(k): LineResult.from_json(v) for k, v in (obj.get("lines") or {}).items()
                   if isinstance(v, Mapping)}
        created = _parse_iso(obj.get("created_at")) or _utcnow()
        known = self.sql.existing_orders(r.local_id for r in results.values()
                                         if r.local_id is not None)
        rows = []
        for index, base in enumerate(_rows(lines)):
            r = results.get(str(index))
            order_id = r.local_id if r is not None and r.local_id in known else None
            at = to_ms(_parse_iso(r.at) or created) if r is not None else None
            if r is None or r.status in (LineStatus.PENDING, LineStatus.INVALID) or (
                    r.status is LineStatus.REJECTED and order_id is None):
                rows.append((*base, "pending", None, None, None, None))
            elif r.status is LineStatus.SKIPPED:
                rows.append((*base, "skipped", order_id, SkipReason.ACTIVE_ORDER.value, None,
                             at))
            else:  # placed, uncertain, sending, a refusal with its order
                rows.append((*base, "sent", order_id, None, None, at))
        if self.sql.import_legacy(panel_id, lid, rows, fresh=fresh, created_at=created,
                                  legacy_id=legacy) is None:
            return  # another process brought it in first
        log.info("mass order batch %s brought into the database", legacy)


def _parse_iso(value: Any) -> datetime | None:
    try:
        at = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _rows(lines: list[MassLine]) -> list[tuple]:
    return [(i, ln.number, ln.raw.strip(), ln.service_id, ln.link, ln.quantity_text,
             str(ln.problem) if ln.malformed and ln.problem is not None else None)
            for i, ln in enumerate(lines)]


# ---------------------------------------------------------------------------------- sending


Progress = Callable[[int, int, str], Any]


def _result_of(order: LocalOrder) -> LineResult:
    state = {
        SubmitState.PLACED: LineStatus.PLACED,
        SubmitState.REJECTED: LineStatus.REJECTED,
        SubmitState.UNCERTAIN: LineStatus.UNCERTAIN,
        SubmitState.SUBMITTING: LineStatus.UNCERTAIN,
    }[order.submit_state]
    return LineResult(state, order.error or "", order.id, order.remote_id,
                      _iso(_utcnow()), outcome=order.outcome)


class _Quoted:
    """A line's quote (``Workspace.quote``), made at most once, when first asked: validation,
    payload and the duplicate check happen once per placement."""

    def __init__(self, workspace: Workspace, panel_id: str, line: MassLine) -> None:
        self._args = (workspace, panel_id, line)
        self._quote: OrderQuote | None = None

    def __call__(self) -> OrderQuote:
        if self._quote is None:
            workspace, panel_id, line = self._args
            assert line.service is not None
            self._quote = workspace.quote(panel_id, line.service.id, line.values())
        return self._quote


def _unresolved_skip(order: LocalOrder) -> LineResult:
    return LineResult(LineStatus.SKIPPED, "", order.id, order.remote_id, _iso(_utcnow()),
                      SkipReason.UNRESOLVED)


def _send(workspace: Workspace, store: BatchStore, run: _Run, record: BatchRecord,
          index: int, line: MassLine, quote: OrderQuote, since_ms: int, resend_refused: bool,
          on_recorded: Callable[[int], Any] | None = None) -> LineResult:
    """Place one line's quote through the order form's own code (rule 1), claimed in the
    transaction that records its order; the outcome, a skip, or ``SendInterrupted`` (rule 7)."""
    assert line.service is not None and record.batch_id is not None
    batch = record.batch_id
    claimed: list[int] = []
    recorded: list[int] = []

    def sending(order_id: int) -> None:
        recorded.append(order_id)
        if on_recorded is not None:
            on_recorded(order_id)

    def claim(c: sqlite3.Connection, order_id: int) -> None:
        store.sql.claim(c, batch_id=batch, idx=index, order_id=order_id,
                        panel_id=run.panel_id, list_id=run.list_id, owner=run.owner,
                        key=_key(line), since_ms=since_ms, resend_refused=resend_refused)
        claimed.append(order_id)

    try:
        order = workspace.place(quote, record_with=claim, on_recorded=sending)
    except PlacedBefore as e:  # rolled back: nothing stored, nothing sent
        remote = None
        if e.order_id is not None:
            with contextlib.suppress(KeyError):
                remote = workspace.order(e.order_id).remote_id
        store.sql.skip(batch, index, SkipReason.PLACED_BEFORE.value, order_id=e.order_id,
                       ref_line=e.number, ref_batch=e.batch_id)
        return LineResult(LineStatus.SKIPPED, "", e.order_id, remote, _iso(_utcnow()),
                          SkipReason.PLACED_BEFORE, e.number, e.batch_id)
    except RunLost:  # another run took the list over (this one was thought gone): stop
        holder = store.holder(run.panel_id, run.list_id)
        raise BatchBusy(holder or Holder("", 0, None, _utcnow())) from None
    except LineTaken:  # cannot happen while the run holds its list; the record says why
        fresh = store.load(batch)
        return fresh.result(index) or LineResult(LineStatus.UNCERTAIN)
    except UnresolvedOnLink as e:  # rolled back: nothing stored, nothing sent
        store.sql.skip(batch, index, SkipReason.UNRESOLVED.value, order_id=e.order.id)
        return _unresolved_skip(e.order)
    except (Exception, KeyboardInterrupt) as e:
        # After the order's row was committed the `add` may have gone out: uncertain. (A
        # KeyboardInterrupt may even land between the commit and `on_recorded`.)
        if recorded or (claimed and isinstance(e, KeyboardInterrupt)):
            log.exception("mass order line %d: error after sending", line.number)
            local = (recorded or claimed)[0]
            record.lines[str(index)] = LineResult(LineStatus.UNCERTAIN, type(e).__name__,
                                                  local, None, _iso(_utcnow()))
            raise SendInterrupted(index, line.number, local, record) from e
        raise
    return _result_of(order)


def run_batch(
    workspace: Workspace,
    store: BatchStore,
    panel_id: str,
    lines: list[MassLine],
    *,
    new_batch: bool = False,
    resume: int | None = None,
    resend_refused: bool = True,
    should_stop: Callable[[], bool] | None = None,
    progress: Progress | None = None,
    on_line: Callable[[int, LineResult], Any] | None = None,
    on_refused: Callable[[int, LineResult], bool] | None = None,
    on_recorded: Callable[[int], Any] | None = None,
    customer_id: int | None = None,
) -> BatchRecord:
    """Send every line the rules allow, once, in order; returns the batch's record.
    ``customer_id``: every order placed is sold to this customer, each at its price rules'
    sell price (``Workspace.sold``).

    The list's latest batch is continued (a re-run), or batch ``resume``, or — ``new_batch`` —
    a new one. ``resend_refused=False`` leaves lines the panel refused earlier as they are.
    ``should_stop`` is checked between lines; ``progress(done, total, text)`` and
    ``on_line(index, result)`` are called after each line (from this thread). After a refusal
    the run stops (``record.stopped_at``) unless ``on_refused(index, result)`` says go on.
    ``on_recorded(order_id)`` is called once a line's order is recorded as being sent, before its
    ``add`` (``Workspace.place_order``'s hook): from then until ``on_line`` reports that line,
    anything that stops the run leaves it uncertain.

    Raises ``BatchBusy`` (another run places the list), ``NewBatchRefused``, ``UnknownBatch``,
    ``SendInterrupted`` (an error after a line's order was recorded) and whatever stops the
    database before a line is claimed (then nothing of that line was sent)."""
    with store.running(panel_id, list_id(panel_id, lines)) as run:
        record = store.open(run, lines, new_batch=new_batch, resume=resume)
        placed = store._placed_before(panel_id, record)
        since = store._since(record)
        first = _first_lines(lines)
        total = len(lines)
        for index, line in enumerate(lines):
            if should_stop is not None and should_stop():
                record.cancelled = True
                break
            result = _settled(index, line, record.result(index), first, lines, resend_refused)
            sent = False
            quoted = _Quoted(workspace, panel_id, line)
            if result is None:
                try:
                    result = store._dynamic(panel_id, line, placed, quoted)
                except servicetypes.ValidationError as e:  # nothing stored or sent
                    result = LineResult(LineStatus.INVALID, str(e), at=_iso(_utcnow()))
                if result is not None and result.reason is not None:
                    store.sql.skip(record.batch_id or 0, index, result.reason.value,
                                   order_id=result.local_id, ref_line=result.other_line,
                                   ref_batch=result.other_batch)
            elif result.reason is SkipReason.SAME_LINE:
                store.sql.skip(record.batch_id or 0, index, SkipReason.SAME_LINE.value,
                               ref_line=result.other_line)
            if result is None:
                quote = quoted()
                if customer_id is not None:
                    quote = workspace.sold(quote, customer_id)
                result = _send(workspace, store, run, record, index, line, quote, since,
                               resend_refused, on_recorded)
                sent = result.status is not LineStatus.SKIPPED
            record.lines[str(index)] = result
            if on_line is not None:
                on_line(index, result)
            if progress is not None:
                progress(index + 1, total, line.raw)
            if sent and result.status is LineStatus.REJECTED and (
                    on_refused is None or not on_refused(index, result)):
                record.stopped_at = index  # rule 6: stop to ask
                break
        return record
