"""The offline cache: one SQLite file in the data dir, in WAL mode, migrated in atomic steps.

Conventions (kept everywhere in this file):

* money is ``TEXT`` holding a ``Decimal`` string, never ``REAL``;
* times are ``INTEGER`` milliseconds since the Unix epoch, UTC (``now_ms()``);
* the API key is never stored here: ``panels`` has no key column.

Thread safety: one connection (``check_same_thread=False``) guarded by a re-entrant lock. Every
public method takes the lock for the duration of its SQL only; callers never hold it across a
network request, so a slow panel never blocks a reader.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from smmdesk import fsutil
from smmdesk.models import (
    FINAL_STATES,
    NOTIFY_STATES,
    Balance,
    LocalOrder,
    OrderState,
    OrderStatus,
    OutcomeKind,
    Panel,
    Service,
    ServiceRow,
    ServicesDiff,
    SubmitState,
)
from smmdesk.outcomes import describe
from smmdesk.servicetable import ServicesTable, haystacks_of
from smmdesk.store import migrations, snapshot
from smmdesk.store.migrations import (
    EVENT_KINDS,
    EVENT_STATES,
    EVENT_SUBMIT_STATES,
    STATE_CODES,
    SUBMIT_CODES,
    TYPE_CODES,
    event_value,
)
from smmdesk.store.migrations import SCHEMA_VERSION as SCHEMA_VERSION
from smmdesk.textnorm import fold

log = logging.getLogger(__name__)

DB_NAME = "smmdesk.sqlite3"
BACKUP_PREFIX = DB_NAME + ".bak-v"
DAMAGED_PREFIX = DB_NAME + ".damaged-"

_FINAL_VALUES = tuple(sorted(s.value for s in FINAL_STATES))
_FINAL_SQL = "(" + ",".join(f"'{v}'" for v in _FINAL_VALUES) + ")"


# --------------------------------------------------------------------------------------- errors


class StoreError(Exception):
    """Base class of the store's errors."""


class NewerDatabaseError(StoreError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"The database {path} was written by a newer version of SMM Desk (schema {found}; "
            f"this version understands up to {supported}). Update SMM Desk to open it; "
            f"the file has not been changed."
        )


class DatabaseCorruptError(StoreError):
    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"The database {path} is damaged ({detail}). You can restore the latest backup "
            f"or start with a fresh database (the damaged file is kept next to it)."
        )


class DatabaseReadOnlyError(StoreError):
    """The database cannot be written: its folder (``folder``) or the file itself is read-only.
    Nothing says the data is damaged; starting fresh would not help (nor be possible)."""

    def __init__(self, path: Path, detail: str, *, folder: bool) -> None:
        self.path = path
        self.detail = detail
        self.folder = folder
        where = f"the folder {path.parent}" if folder else f"the file {path}"
        super().__init__(f"SMM Desk cannot write to {where} ({detail}).")


# SQLite's primary result codes (sqlite3.h), read from ``sqlite_errorcode``: errors are told
# apart by code, never by their message text (which is translated on some systems).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_AUTH = 23
SQLITE_NOTADB = 26
READ_ONLY_CODES = frozenset({SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_AUTH})
CORRUPT_CODES = frozenset({SQLITE_CORRUPT, SQLITE_NOTADB})


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of an error from sqlite3 (extended codes reduced), or
    None for anything else (and for sqlite3 errors raised without a code)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def folder_writable(folder: Path) -> bool:
    """Can a file be created in ``folder``? Tried for real (permission bits do not tell: root,
    read-only mounts, ACLs)."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


class RemoteIdTaken(StoreError):
    """A second local order may not hold the same panel order id (the v4 unique index):
    ``owner`` is the order that already has it."""

    def __init__(self, panel_id: str, remote_id: int, owner: LocalOrder | None) -> None:
        self.panel_id = panel_id
        self.remote_id = remote_id
        self.owner = owner
        held = f"order {owner.id}" if owner is not None else "another order"
        super().__init__(f"panel order #{remote_id} is already recorded for {held}")


# ------------------------------------------------------------------------------------- helpers


def now_ms() -> int:
    return int(datetime.now(UTC).timestamp() * 1000)


def to_ms(dt: datetime) -> int:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return int(dt.timestamp() * 1000)


def from_ms(ms: int | None) -> datetime | None:
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def _dec(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def escape_like(text: str) -> str:
    """Escape LIKE wildcards; use with ``ESCAPE '\\'``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# Seconds a write waits for another process's transaction before "database is locked" (a
# module setting: tests that hold the lock on purpose shorten it).
BUSY_TIMEOUT = 30.0

# The panel's refusal is kept verbatim, but a panel that answers with a whole error page must
# not put megabytes into every order row it refuses.
MAX_ERROR_TEXT = 2000


def _cap_text(text: str | None, limit: int = MAX_ERROR_TEXT) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[:limit] + f"… [{len(text) - limit} more characters not kept]"


def fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_trigrams(folded: str) -> str:
    """The FTS query for the orders whose indexed text holds every trigram of ``folded`` (the
    v10 index keeps no positions, so it answers "holds all of them", not "holds the phrase":
    candidates, each then checked against ``search_text``)."""
    grams = dict.fromkeys(folded[i:i + 3] for i in range(len(folded) - 2))
    return " AND ".join(fts_phrase(g) for g in grams)


# Orders of one panel, given its id (schema v11: orders hold the panel's integer key).
_PANEL_IS = "panel_key = (SELECT key FROM panel_keys WHERE id = ?)"

# Orders whose service name (folded once per distinct name, schema v10) holds the term.
_NAME_MATCH = "name_id IN (SELECT id FROM order_names WHERE folded LIKE ? ESCAPE '\\')"


def _search_clause(
    term: str, use_index: Callable[[str], str | None] | None = None
) -> tuple[str, list[Any]] | None:
    """The history search: a substring of the link, the service name or the order id, matched
    on folded text (``textnorm.fold``: ``izlenme`` finds "İzlenme", ``takipci`` "TAKİPÇİ").
    None when the term folds to nothing (only emoji or punctuation): no narrowing.

    Links and order ids are matched per order (``orders.search_text``), service names once per
    distinct name (``order_names``) and then their orders (``orders.name_id``, indexed). A rare
    term (three characters or more) finds its link/id candidates through the trigram index
    (orders_fts), each checked against the text; a term that matches a large share of the
    orders is faster as a scan in date order, which stops at the first page, so ``use_index``
    (given the folded term) decides: the FTS query of the term's trigrams to go through (a few
    of them: every candidate is checked against the text anyway), or None to scan. Short terms
    always scan.
    """
    digits = term.lstrip("#")
    if len(digits) >= FTS_MIN_TERM and digits.isdigit():
        term = digits
    folded = fold(term)
    if not folded:
        return None
    like = f"%{escape_like(folded)}%"
    match = (use_index(folded) if len(folded) >= FTS_MIN_TERM and use_index is not None
             else None)
    if match:
        # (v11: search_text holds the folded link; the id, in the index too, is in the row)
        by_id = " OR CAST(o.remote_id AS TEXT) LIKE ? ESCAPE '\\'" if folded.isdigit() else ""
        return ("id IN (SELECT o.id FROM orders_fts f JOIN orders o ON o.id = f.rowid "
                f"WHERE orders_fts MATCH ? AND (o.search_text LIKE ? ESCAPE '\\'{by_id}) "
                f"UNION ALL SELECT id FROM orders WHERE {_NAME_MATCH})",
                [match, like, *([like] if by_id else []), like])
    clause = f"(search_text LIKE ? ESCAPE '\\' OR {_NAME_MATCH}"
    args: list[Any] = [like, like]
    if digits.isdigit():
        clause += " OR remote_id = ? OR CAST(remote_id AS TEXT) LIKE ? ESCAPE '\\'"
        args.extend([int(digits), f"%{escape_like(digits)}%"])
    if folded.isdigit() and folded != digits:  # e.g. full-width digits, folded to ASCII
        clause += " OR CAST(remote_id AS TEXT) LIKE ? ESCAPE '\\'"
        args.append(like)
    return clause + ")", args


def _sqlite_temp_dir(fallback: Path) -> Path:
    """Where SQLite writes its temporary files (VACUUM's copy): its own search order on Unix
    (SQLITE_TMPDIR, TMPDIR, /var/tmp, /usr/tmp, /tmp), the system's temporary folder
    elsewhere."""
    if os.name != "posix":
        return Path(tempfile.gettempdir())
    for candidate in (os.environ.get("SQLITE_TMPDIR"), os.environ.get("TMPDIR"), "/var/tmp",
                      "/usr/tmp", "/tmp"):
        if candidate and os.path.isdir(candidate) and os.access(candidate, os.W_OK | os.X_OK):
            return Path(candidate)
    return fallback


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


# A database file (with its WAL) larger than this is checked for damage after opening, in the
# background (``Store.deferred_check``), not before the window: quick_check reads the whole file
# (about 0.15 s per 100 MB on the bench machine, seconds for a million orders).
QUICK_CHECK_ON_OPEN_BYTES = 16 * 1024 * 1024

# A file whose free pages (the tables a migration dropped, when the VACUUM after it was cut
# short: a crash, a full disk) are at least this share of it and this many bytes is compacted
# in the background (``Store.compact``), when the disk has room for it.
COMPACT_FREE_SHARE = 0.2
COMPACT_FREE_BYTES = 8 * 1024 * 1024
COMPACT_ROOM_MARGIN = 32 * 1024 * 1024  # besides the copy VACUUM writes (and its WAL)
COMPACT_STOP_EVERY = 10_000  # SQLite steps between two looks at "the app is quitting"

# The trigram tokenizer indexes runs of three characters: shorter terms fall back to LIKE.
FTS_MIN_TERM = 3
# A term with more candidates than this (orders holding the chosen trigrams, plus the orders of
# the service names holding it) is searched by scanning in date order (a page of a common term
# is in the first rows) rather than through the index. Below it, checking every candidate
# (~1 µs each) beats a scan, which must read the orders until it has a page and the capped count
# (``ui.orders.model.COUNT_CAP``, 10,000): for a term held by 2 % of a million orders that is
# half the table, and for one held only by the oldest orders all of it.
RARE_TERM_LIMIT = 30_000
# A search's trigrams are chosen by how rare they are among the newest orders (a sample,
# read again after SAMPLE_TTL_S): those in fewer than half of them, rarest first (up to
# MAX_GRAMS), else the COMMON_GRAMS rarest. Frequent trigrams ("com", "ins") narrow nothing
# and cost the most to read; every candidate is checked against the text, so the choice only
# decides the speed, never the answer.
GRAM_SAMPLE = 2_000
SAMPLE_TTL_S = 300.0
MAX_GRAMS = 5
COMMON_GRAMS = 2
PLAN_TTL_S = 30.0  # a search's plan is reused by its page, its count and its tab counts



# ----------------------------------------------------------------------------------- row types


@dataclass(frozen=True, slots=True)
class OrderEvent:
    id: int
    order_id: int
    at: datetime
    kind: str  # "submit", "state", "resolve", "refill", "cancel", "track"
    submit_state: SubmitState | None
    state: OrderState | None
    raw_status: str | None
    remains: int | None
    charge: Decimal | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Refill:
    id: int
    order_id: int
    remote_id: str | None  # panels' refill ids are tokens, kept as text
    state: str | None  # the normalised refill status text ("pending", "completed", …)
    raw_status: str | None
    error: str | None
    requested_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class StatusChanges:
    """What one ``apply_statuses`` changed, by local order id: ``updated`` (the panel's status,
    remains, charge … differ from the row's), ``not_found`` (marked "not found"), ``finished``
    (among ``updated``: reached Completed, Partial or Canceled from a state that was not one
    of those, ``models.NOTIFY_STATES``)."""

    updated: tuple[int, ...] = ()
    not_found: tuple[int, ...] = ()
    finished: tuple[int, ...] = ()

    @property
    def changed(self) -> tuple[int, ...]:
        """Every order whose row changed, updated or marked not found."""
        return self.updated + self.not_found


_NOTIFY_VALUES = frozenset(s.value for s in NOTIFY_STATES)

BUCKETS = ("all", "active", "completed", "partial", "canceled", "attention")

_BUCKET_SQL = {
    "all": "1",
    "active": (
        "submit_state IN ('placed','submitting') AND not_found = 0 "
        f"AND state NOT IN {_FINAL_SQL}"
    ),
    "completed": "submit_state = 'placed' AND state = 'completed'",
    "partial": "submit_state = 'placed' AND state = 'partial'",
    "canceled": "submit_state = 'placed' AND state = 'canceled'",
    "attention": (
        "submit_state IN ('uncertain','rejected') OR not_found = 1 OR state = 'failed'"
    ),
}


@dataclass(frozen=True, slots=True)
class OrderFilter:
    """What the history shows. Every field narrows; None means "any"."""

    panel_ids: tuple[str, ...] | None = None
    states: tuple[OrderState, ...] | None = None
    submit_states: tuple[SubmitState, ...] | None = None
    bucket: str = "all"
    search: str | None = None  # remote id, link or service name, substring, case-insensitive
    service_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None

    def where(
        self, *, with_bucket: bool = True, use_index: Callable[[str], str | None] | None = None
    ) -> tuple[str, list[Any]]:
        """SQL and arguments for ``WHERE``. ``use_index(folded_term)`` gives the trigram query
        the search should go through the index with, or None to scan (the store asks it how
        selective the term is)."""
        parts: list[str] = []
        args: list[Any] = []
        if self.panel_ids is not None:
            if len(self.panel_ids) == 1:  # one value: the index serves it as an equality
                parts.append(_PANEL_IS)
            elif self.panel_ids:
                parts.append("panel_key IN (SELECT key FROM panel_keys WHERE id IN "
                             f"({','.join('?' * len(self.panel_ids))}))")
            else:
                parts.append("0")
            args.extend(self.panel_ids)
        if self.states is not None:
            parts.append(f"state IN ({','.join('?' * len(self.states))})" if self.states else "0")
            args.extend(s.value for s in self.states)
        if self.submit_states is not None:
            if self.submit_states:
                parts.append(f"submit_state IN ({','.join('?' * len(self.submit_states))})")
            else:
                parts.append("0")
            args.extend(s.value for s in self.submit_states)
        if with_bucket and self.bucket != "all":
            if self.bucket not in _BUCKET_SQL:
                raise ValueError(f"unknown bucket {self.bucket!r}; use one of {BUCKETS}")
            parts.append(f"({_BUCKET_SQL[self.bucket]})")
        if self.search and self.search.strip():
            search = _search_clause(self.search.strip(), use_index)
            if search is not None:
                parts.append(search[0])
                args.extend(search[1])
        if self.service_id is not None:
            parts.append("service_id = ?")
            args.append(self.service_id)
        if self.since is not None:
            parts.append("created_at >= ?")
            args.append(to_ms(self.since))
        if self.until is not None:
            parts.append("created_at < ?")
            args.append(to_ms(self.until))
        return (" AND ".join(parts) if parts else "1"), args


# An order's service name (schema v11: held once in ``order_names``, the order has its id).
_NAME_OF_ORDER = "(SELECT n.name FROM order_names n WHERE n.id = orders.name_id)"
# An order's panel id (schema v11: the order, its indexes and the tally hold ``panel_key``).
_PANEL_OF_ORDER = "(SELECT k.id FROM panel_keys k WHERE k.key = orders.panel_key)"

_SORT_COLUMNS = {
    "id": "id",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "panel_id": _PANEL_OF_ORDER,
    "service_name": f"{_NAME_OF_ORDER} COLLATE NOCASE",
    "service_id": "service_id",
    "state": "state",
    "submit_state": "submit_state",
    "remote_id": "remote_id",
    "link": "link COLLATE NOCASE",
    "quantity": "quantity",
    "charge": "CAST(charge AS REAL)",  # ordering only; values stay decimal text
    "charge_estimate": "CAST(charge_estimate AS REAL)",
    "remains": "remains",
    "start_count": "start_count",
}

Sort = str | tuple[str, bool]


def _order_by(sort: Sort | None) -> str:
    if sort is None:
        column, desc = "created_at", True
    elif isinstance(sort, str):
        desc = sort.startswith("-")
        column = sort.lstrip("-")
    else:
        column, desc = sort
    if column not in _SORT_COLUMNS:
        raise ValueError(f"cannot sort by {column!r}; use one of {sorted(_SORT_COLUMNS)}")
    direction = "DESC" if desc else "ASC"
    expr = _SORT_COLUMNS[column]
    if column == "id":
        return f"id {direction}"
    return f"{expr} {direction}, id {direction}"


def _as_filter(filters: OrderFilter | dict[str, Any] | None) -> OrderFilter:
    if filters is None:
        return OrderFilter()
    if isinstance(filters, OrderFilter):
        return filters
    data = dict(filters)
    for key in ("panel_ids", "states", "submit_states"):
        if data.get(key) is not None:
            data[key] = tuple(data[key])
    if "panel_id" in data:
        pid = data.pop("panel_id")
        if pid is not None:
            data["panel_ids"] = (pid,)
    return OrderFilter(**data)


def _tally_where(
    filters: OrderFilter | dict[str, Any] | None, *, with_bucket: bool = True
) -> tuple[str, list[Any]] | None:
    """``WHERE`` over ``order_tally`` when the filter narrows only by panel, state, submit state
    and bucket (the columns the tally keeps); None when it needs the orders themselves (search,
    service, dates, or a subclass's own conditions)."""
    flt = _as_filter(filters)
    if (flt.search and flt.search.strip()) or flt.service_id is not None \
            or flt.since is not None or flt.until is not None:
        return None
    base = OrderFilter.where(flt, with_bucket=with_bucket)
    if type(flt) is not OrderFilter and flt.where(with_bucket=with_bucket) != base:
        return None  # e.g. the history's drip-feed filter: a condition the tally cannot answer
    return base


# ------------------------------------------------------------------------------------- the store

_ORDER_COLUMNS = (
    f"id, {_PANEL_OF_ORDER}, service_id, {_NAME_OF_ORDER}, service_type, remote_id, "
    "submit_state, state, "
    "raw_status, error, link, quantity, fields, charge_estimate, charge, currency, start_count, "
    "remains, created_at, updated_at, not_found, likely_duplicate, runs, interval, outcome, "
    "not_sent"
)


def _panel_key(c: sqlite3.Connection, panel_id: str) -> int:
    """The ``panel_keys`` key of a panel, given with its first order (inside the caller's
    transaction; a panel that does not exist is refused by the foreign key, as before)."""
    row = c.execute("SELECT key FROM panel_keys WHERE id = ?", (panel_id,)).fetchone()
    if row is None:
        row = c.execute("INSERT INTO panel_keys (id) VALUES (?) RETURNING key",
                        (panel_id,)).fetchone()
    return int(row[0])


def _name_id(c: sqlite3.Connection, name: str) -> int:
    """The ``order_names`` id of a service name, the name added first when it is new (inside
    the caller's transaction, so an order that is not written leaves no name behind)."""
    row = c.execute("SELECT id FROM order_names WHERE name = ?", (name,)).fetchone()
    if row is None:
        row = c.execute("INSERT INTO order_names (name, folded) VALUES (?, ?) RETURNING id",
                        (name, fold(name))).fetchone()
    return int(row[0])


def _row_to_order(r: sqlite3.Row | tuple) -> LocalOrder:
    try:
        fields = json.loads(r[12]) if r[12] else {}
    except ValueError:
        fields = {}
    return LocalOrder(
        id=r[0],
        panel_id=r[1],
        service_id=r[2],
        service_name=r[3],
        service_type=r[4],
        remote_id=r[5],
        submit_state=SubmitState(r[6]),
        state=_state(r[7]),
        raw_status=r[8],
        error=r[9],
        link=r[10],
        quantity=r[11],
        fields=fields,
        charge_estimate=_dec(r[13]),
        charge=_dec(r[14]),
        currency=r[15],
        start_count=r[16],
        remains=r[17],
        created_at=from_ms(r[18]),  # type: ignore[arg-type]
        updated_at=from_ms(r[19]),  # type: ignore[arg-type]
        not_found=bool(r[20]),
        likely_duplicate=bool(r[21]),
        runs=r[22],
        interval=r[23],
        # (a row read with the columns of an older version has neither)
        outcome=OutcomeKind.code(r[24]) if len(r) > 24 else None,
        not_sent=bool(r[25]) if len(r) > 25 else False,
    )


def _state(value: str | None) -> OrderState:
    try:
        return OrderState(value)
    except ValueError:
        return OrderState.UNKNOWN


def _row_to_panel(r: tuple) -> Panel:
    return Panel(
        id=r[0],
        name=r[1],
        url=r[2],
        currency=r[3],
        is_demo=bool(r[4]),
        created_at=from_ms(r[5]),
        unsupported=frozenset(x for x in (r[6] or "").split(",") if x),
    )


_PANEL_COLUMNS = "id, name, url, currency, is_demo, created_at, unsupported"

_SERVICE_COLUMNS = (
    "s.service_id, s.name, s.type, s.category, s.rate, s.min, s.max, s.refill, s.cancel, "
    "s.dripfeed, s.description, s.average_time"
)


_MISSING: Any = object()


def _connection_functions(conn: sqlite3.Connection) -> None:
    """What every connection of the store needs before its first query (the SQL functions the
    schema's triggers and the search use): the main one and the read-aside one alike."""
    migrations.register_functions(conn)



# services_table: columns concatenated by SQLite, NULL written as _NULL (group_concat skips NULLs)
_SEP = "\x1f"
_NULL = "\x02"
_TABLE_COLUMNS = (
    "service_id", "name", "type", "category", "rate", "min", "max", "refill != 0",
    "cancel != 0", "dripfeed != 0", "ifnull(average_time, char(2))",
    "ifnull(previous_rate, char(2))",
    "favourite != 0", "ifnull(first_seen, char(2))", "removed_at IS NOT NULL",
)
_FLAGS = {"0": False, "1": True}


def _text(v: str) -> str | None:
    return None if v == _NULL else v


def _decimal(v: str) -> Decimal | None:
    return None if v == _NULL else Decimal(v)


def _when(v: str) -> datetime | None:
    return None if v == _NULL else from_ms(int(v))


def _shared(cache: dict[str, dict[str, Any]], kind: str, make: Callable[[str], Any],
            values: list[str]) -> list[Any]:
    """``make(v)`` for each value, made once per distinct ``v`` (of this kind, across the panels
    of one read) and shared by every row that holds it; the per-row loop runs in C."""
    known = cache.setdefault(kind, {})
    for v in set(values).difference(known):
        known[v] = make(v)
    return list(map(known.__getitem__, values))


def _row_to_service(r: Sequence[Any]) -> Service:
    return Service(
        id=r[0],
        name=r[1],
        type=r[2],
        category=r[3],
        rate=Decimal(r[4]),
        min=r[5],
        max=r[6],
        refill=bool(r[7]),
        cancel=bool(r[8]),
        dripfeed=bool(r[9]),
        description=r[10] or "",
        average_time=r[11],
    )


class Store:
    """The SQLite file of one data dir. Open with ``Store(data_dir)``; ``close()`` when done."""

    def __init__(self, data_dir: Path, *, check: bool = True) -> None:
        self.data_dir = Path(data_dir)
        # 0700, ours alone (UnsafeDataDirError for someone else's or a group-writable folder).
        fsutil.private_dir(self.data_dir)
        fsutil.make_private_all(self.data_dir)  # backups, settings of older versions (0644)
        self.path = self.data_dir / DB_NAME
        self._lock = threading.RLock()
        self._aside_lock = threading.Lock()
        self._aside: sqlite3.Connection | None = None  # see _read_aside
        # Held while a services snapshot is removed or rebuilt (smmdesk/store/snapshot.py).
        self._snapshot_lock = threading.RLock()
        # A file too large to check on open is checked later (``deferred_check``); damage found
        # then refuses every write from that moment (``transaction``).
        self.check_pending = False
        self._damage: str | None = None
        # The file holds many free pages (``compact`` gives them back in the background).
        self.compaction_pending = False
        # How searches go (``_search_plan``): folded term -> (when, trigram query or None), and
        # the trigrams of the newest orders (when, trigram -> orders holding it).
        self._plan_lock = threading.Lock()
        self._plans: dict[str, tuple[float, str | None]] = {}
        self._grams: tuple[float, dict[str, int], int] | None = None
        existed = self.path.exists() and self.path.stat().st_size > 0
        try:
            conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT
            )
        except sqlite3.DatabaseError as e:
            raise self._open_error(e) from None
        # 0600 before any write: SQLite gives the -wal/-shm files the database file's mode.
        for suffix in ("", "-wal", "-shm"):
            fsutil.make_private(Path(str(self.path) + suffix))
        _connection_functions(conn)  # the search triggers fold text in Python
        self._conn: sqlite3.Connection | None = conn
        try:
            try:
                self._open(existed, check)
            except sqlite3.DatabaseError as e:
                error = self._open_error(e, damaged=False)
                if error is e:
                    raise
                raise error from None
        except BaseException:
            conn.close()
            self._conn = None
            raise

    def _open_error(self, e: sqlite3.DatabaseError, *, damaged: bool = True) -> Exception:
        """What an SQLite error while opening means, by its code: the file or its folder cannot
        be written (``DatabaseReadOnlyError``), the file is damaged (``DatabaseCorruptError``;
        also any uncoded error while reading when ``damaged``), or else ``e`` itself (busy,
        full, I/O: the data may well be healthy)."""
        code = sqlite_code(e)
        if code in READ_ONLY_CODES:
            return DatabaseReadOnlyError(self.path, str(e),
                                         folder=not folder_writable(self.data_dir))
        if code in CORRUPT_CODES or (code is None and damaged):
            return DatabaseCorruptError(self.path, str(e))
        return e

    # -- opening ---------------------------------------------------------------------------------

    def _open(self, existed: bool, check: bool) -> None:
        conn = self._c
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if existed and check and self._file_bytes() > QUICK_CHECK_ON_OPEN_BYTES:
                # Reading a large file whole takes seconds: checked once the window is up.
                self.check_pending = True
            elif existed and check:
                result = conn.execute("PRAGMA quick_check").fetchall()
                if [r[0] for r in result] != ["ok"]:
                    raise DatabaseCorruptError(self.path, "; ".join(str(r[0]) for r in result[:3]))
        except sqlite3.DatabaseError as e:
            raise self._open_error(e) from None
        newest = migrations.SCHEMA_VERSION
        if version > newest:
            raise NewerDatabaseError(self.path, version, newest)
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed order survives even an OS crash, not just a killed process.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        # A file SQLite could only open for reading (read-only file or folder) says so here,
        # before anything is half-done, rather than at the first order.
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA user_version = {int(version)}")  # a write, rolled back
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        if existed and 0 < version < newest:
            self.backup(self.data_dir / f"{BACKUP_PREFIX}{version}-{_stamp()}")
        if version < newest:
            migrations.migrate(conn, newest)
            if any(version < v <= newest for v in migrations.VACUUM_AFTER):
                self._vacuum()
        self.compaction_pending = self._many_free_pages()

    def _vacuum(self) -> None:
        """Give the pages a migration freed back to the disk (the v10 step frees hundreds of MB
        for a million orders). The migration has committed already and the file before it is in
        its backup; a VACUUM that cannot run (no room on the disk, a crash) only leaves the file
        as large as it was, and the next start compacts it in the background (``compact``)."""
        room = self._room_to_compact()
        if room is not None:
            log.warning("VACUUM after the migration left for later: %s", room)
            return
        t0 = time.perf_counter()
        try:
            self._c.execute("VACUUM")
            # The step and the VACUUM went through the WAL (as large as the file): empty it now
            # rather than when the app quits.
            self._c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError as e:
            log.warning("VACUUM after the migration failed (the file keeps its size): %s", e)
            return
        log.info("database compacted after the migration in %.1f s",
                 time.perf_counter() - t0)

    def _pages(self, conn: sqlite3.Connection | None = None) -> tuple[int, int, int]:
        """(page size, pages, free pages) of the file."""
        with self._lock:
            c = conn or self._c
            return (c.execute("PRAGMA page_size").fetchone()[0],
                    c.execute("PRAGMA page_count").fetchone()[0],
                    c.execute("PRAGMA freelist_count").fetchone()[0])

    def _many_free_pages(self) -> bool:
        size, pages, free = self._pages()
        return free * size >= COMPACT_FREE_BYTES and free >= COMPACT_FREE_SHARE * pages

    def _room_to_compact(self) -> str | None:
        """Why there is no room for a VACUUM now, or None when there is: it writes a copy of
        the pages in use into SQLite's temporary folder, then every one of them into the WAL
        beside the file."""
        size, pages, free = self._pages()
        live = (pages - free) * size
        folders = [self.data_dir, _sqlite_temp_dir(self.data_dir)]
        need: dict[int, int] = {}
        for folder in folders:
            try:
                dev = os.stat(folder).st_dev
            except OSError:
                continue
            need[dev] = need.get(dev, COMPACT_ROOM_MARGIN) + live
        for folder in folders:
            try:
                dev = os.stat(folder).st_dev
                free_bytes = shutil.disk_usage(folder).free
            except OSError:
                continue
            if dev in need and free_bytes < need[dev]:
                return (f"{free_bytes / 1e6:.0f} MB free in {folder}, "
                        f"{need[dev] / 1e6:.0f} MB needed")
        return None

    def compact(self, should_stop: Callable[[], bool] | None = None) -> bool:
        """Give the file's free pages back to the disk (VACUUM) when there are many of them
        (``compaction_pending``: a migration's VACUUM was cut short), on a connection of its
        own so readers carry on (writers wait for it, a few seconds for a million orders).
        Never for a file not known to be healthy, nor without room on the disk (then it is
        tried again at the next start). ``should_stop`` (the app is quitting) interrupts it:
        the file stays as it was. True when the file was compacted."""
        if self._damage is not None or self.check_pending or not self._many_free_pages():
            return False
        room = self._room_to_compact()
        if room is not None:
            log.warning("database not compacted (left for the next start): %s", room)
            return False
        t0 = time.perf_counter()
        size, pages, free = self._pages()
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                   timeout=30.0)
        except sqlite3.Error as e:
            log.warning("database not compacted: %s", e)
            return False
        try:
            _connection_functions(conn)
            if should_stop is not None:
                conn.set_progress_handler(lambda: 1 if should_stop() else 0, COMPACT_STOP_EVERY)
            conn.execute("VACUUM")
            conn.set_progress_handler(None, 0)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as e:
            log.warning("database not compacted (left for the next start): %s", e)
            return False
        finally:
            conn.close()
        self.compaction_pending = False
        log.info("database compacted in %.1f s: %.0f MB of %.0f MB given back",
                 time.perf_counter() - t0, free * size / 1e6, pages * size / 1e6)
        return True

    def _file_bytes(self) -> int:
        total = 0
        for suffix in ("", "-wal"):
            try:
                total += os.stat(str(self.path) + suffix).st_size
            except OSError:
                pass
        return total

    def deferred_check(self) -> DatabaseCorruptError | None:
        """The damaged-file check a large file skipped on open (``check_pending``): SQLite's
        ``quick_check`` on a connection of its own (WAL), so nothing waits for it. Damage found
        makes every later write raise ``DatabaseCorruptError`` (nothing more is written to a
        file known to be damaged) and is returned for the person to choose a way out."""
        with self._lock:
            self._c  # noqa: B018  (raises when the store is closed)
        try:
            # Its own connection: the read-aside one stays free for the history's counts.
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT)
            try:
                _connection_functions(conn)
                conn.execute("PRAGMA query_only = 1")
                result = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
            finally:
                conn.close()
        except sqlite3.DatabaseError as e:
            error = self._open_error(e)
            if not isinstance(error, DatabaseCorruptError):
                raise
            result = [error.detail]
        self.check_pending = False
        if result == ["ok"]:
            return None
        self._damage = "; ".join(result[:3])
        log.error("database damaged (found after opening): %s", self._damage)
        return DatabaseCorruptError(self.path, self._damage)

    @property
    def damaged(self) -> bool:
        """The deferred check found damage: nothing is written any more."""
        return self._damage is not None

    @property
    def _c(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("the store is closed")
        return self._conn

    @property
    def closed(self) -> bool:
        """``close`` was called (the app quit): nothing can be read or written any more."""
        return self._conn is None

    @property
    def schema_version(self) -> int:
        with self._lock:
            return self._c.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        with self._aside_lock:
            if self._aside is not None:
                self._aside.close()
                self._aside = None
        with self._lock:
            if self._conn is not None:
                try:
                    if self._damage is None:  # it may write statistics
                        self._conn.execute("PRAGMA optimize")
                except sqlite3.Error:
                    pass
                self._conn.close()
                self._conn = None

    def backup(self, target: Path) -> Path:
        """A consistent copy of the database (sqlite backup API), e.g. before migrating."""
        with self._lock:
            os.close(fsutil.open_private(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL))  # 0600
            dst = sqlite3.connect(target)
            try:
                self._c.backup(dst)
            finally:
                dst.close()
        log.info("database backed up to %s", target.name)
        return target

    def integrity_check(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self._c.execute("PRAGMA integrity_check").fetchall()]

    # -- ways out of a damaged file (the GUI offers these on DatabaseCorruptError) ----------------

    @staticmethod
    def backups(data_dir: Path) -> list[Path]:
        """Backups in the data dir, newest first."""
        found = [
            p
            for p in Path(data_dir).glob(BACKUP_PREFIX + "*")
            if p.is_file() and not p.is_symlink()  # a planted link is never restored from
        ]
        return sorted(found, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)

    @staticmethod
    def move_aside(data_dir: Path) -> Path | None:
        """Rename the database (and its -wal/-shm) to ``….damaged-<time>``; returns the new path."""
        data_dir = Path(data_dir)
        db = data_dir / DB_NAME
        if not db.exists():
            return None
        target = data_dir / f"{DAMAGED_PREFIX}{_stamp()}"
        snapshot.remove(data_dir)  # copies of what the database held: not of the next one
        os.replace(db, target)
        for suffix in ("-wal", "-shm"):
            side = data_dir / (DB_NAME + suffix)
            if side.exists():
                os.replace(side, Path(str(target) + suffix))
        log.warning("damaged database moved aside to %s", target.name)
        return target

    @staticmethod
    def restore_latest_backup(data_dir: Path) -> Path | None:
        """Put the newest backup in place of the database (kept aside). None: no backup exists."""
        backups = Store.backups(data_dir)
        if not backups:
            return None
        Store.move_aside(data_dir)
        snapshot.remove(data_dir)
        # Follows a link at neither end; the copy is 0600.
        fsutil.copy_private(backups[0], Path(data_dir) / DB_NAME)
        log.warning("database restored from %s", backups[0].name)
        return backups[0]

    # -- transactions ----------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE … COMMIT), serialised with every other caller."""
        with self._lock:
            conn = self._c
            if self._damage is not None:
                raise DatabaseCorruptError(self.path, self._damage)
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # SQLite rolls back by itself on e.g. a full disk
                    conn.execute("ROLLBACK")
                raise
            else:
                conn.execute("COMMIT")

    def _read(self, sql: str, args: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            return self._c.execute(sql, args).fetchall()

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version`` of the main connection: it changes when another
        connection (another process: the CLI, a script) commits, never for this one's writes."""
        return int(self._read("PRAGMA data_version")[0][0])

    def _read_aside(self, sql: str, args: Sequence[Any] = ()) -> list[tuple]:
        """A long read-only query (a count over a million orders) on a second connection: WAL
        lets it run beside the main one, so the history's next page never waits for it."""
        with self._aside_lock:
            if self._aside is None:
                with self._lock:
                    self._c  # noqa: B018  (raises when the store is closed)
                    conn = sqlite3.connect(self.path, isolation_level=None,
                                           check_same_thread=False, timeout=BUSY_TIMEOUT)
                _connection_functions(conn)
                conn.execute("PRAGMA query_only = 1")
                conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
                self._aside = conn
            return self._aside.execute(sql, args).fetchall()

    # -- panels ----------------------------------------------------------------------------------

    def insert_panel(self, panel: Panel) -> Panel:
        created = panel.created_at or datetime.now(UTC)
        with self.transaction() as c:
            c.execute(
                "INSERT INTO panels (id, name, url, currency, is_demo, created_at, unsupported) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (panel.id, panel.name, panel.url, panel.currency, int(panel.is_demo),
                 to_ms(created), ",".join(sorted(panel.unsupported))),
            )
        return self.get_panel(panel.id)  # type: ignore[return-value]

    def update_panel(self, panel_id: str, **values: Any) -> Panel:
        allowed = {"name", "url", "currency"}
        sets = {k: v for k, v in values.items() if k in allowed and v is not None}
        if sets:
            with self.transaction() as c:
                c.execute(
                    f"UPDATE panels SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
                    (*sets.values(), panel_id),
                )
        panel = self.get_panel(panel_id)
        if panel is None:
            raise KeyError(panel_id)
        return panel

    def remove_panel(self, panel_id: str, *, keep_history: bool = True) -> None:
        """Hide the panel; with ``keep_history=False`` also delete its services and orders."""
        with self.transaction() as c:
            if keep_history:
                c.execute("UPDATE panels SET removed_at = ? WHERE id = ?", (now_ms(), panel_id))
            else:
                c.execute("DELETE FROM panels WHERE id = ?", (panel_id,))

    def get_panel(self, panel_id: str, *, include_removed: bool = True) -> Panel | None:
        sql = f"SELECT {_PANEL_COLUMNS} FROM panels WHERE id = ?"
        if not include_removed:
            sql += " AND removed_at IS NULL"
        rows = self._read(sql, (panel_id,))
        return _row_to_panel(rows[0]) if rows else None

    def list_panels(self, *, include_removed: bool = False) -> list[Panel]:
        sql = f"SELECT {_PANEL_COLUMNS} FROM panels"
        if not include_removed:
            sql += " WHERE removed_at IS NULL"
        return [_row_to_panel(r) for r in self._read(sql + " ORDER BY created_at, id")]

    def add_unsupported(self, panel_id: str, feature: str) -> None:
        with self.transaction() as c:
            row = c.execute("SELECT unsupported FROM panels WHERE id = ?", (panel_id,)).fetchone()
            if row is None:
                return
            features = {x for x in row[0].split(",") if x} | {feature}
            c.execute(
                "UPDATE panels SET unsupported = ? WHERE id = ?",
                (",".join(sorted(features)), panel_id),
            )

    def set_last_sync(self, panel_id: str, at_ms: int | None = None) -> None:
        with self.transaction() as c:
            c.execute("UPDATE panels SET last_sync_at = ? WHERE id = ?",
                      (at_ms or now_ms(), panel_id))

    def last_sync_at(self, panel_id: str) -> datetime | None:
        rows = self._read("SELECT last_sync_at FROM panels WHERE id = ?", (panel_id,))
        return from_ms(rows[0][0]) if rows else None

    def services_refreshed_at(self, panel_id: str) -> datetime | None:
        rows = self._read("SELECT services_refreshed_at FROM panels WHERE id = ?", (panel_id,))
        return from_ms(rows[0][0]) if rows else None

    # -- services --------------------------------------------------------------------------------

    def apply_services(self, panel_id: str, services: Iterable[Service]) -> ServicesDiff:
        """Store a fresh catalogue in one transaction and say what changed since the last one."""
        now = now_ms()
        fresh = {s.id: s for s in services}
        added: list[Service] = []
        removed: list[Service] = []
        repriced: list[tuple[Service, Service]] = []
        with self._snapshot_lock, self.transaction() as c:
            snapshot.remove(self.data_dir, panel_id)  # before the change: never a stale copy
            known_rows = c.execute(
                f"SELECT {_SERVICE_COLUMNS}, s.removed_at FROM services s WHERE s.panel_id = ?",
                (panel_id,),
            ).fetchall()
            known = {r[0]: (_row_to_service(r), r[12]) for r in known_rows}
            first_refresh = not known
            for sid, (old, removed_at) in known.items():
                if sid not in fresh and removed_at is None:
                    removed.append(old)
                    c.execute(
                        "UPDATE services SET removed_at = ? WHERE panel_id = ? AND service_id = ?",
                        (now, panel_id, sid),
                    )
            for sid, s in fresh.items():
                values = (s.name, s.type, s.category, str(s.rate), s.min, s.max, int(s.refill),
                          int(s.cancel), int(s.dripfeed), s.description, s.average_time)
                if sid not in known:
                    if not first_refresh:
                        added.append(s)
                    c.execute(
                        "INSERT INTO services (name, type, category, rate, min, max, refill, "
                        "cancel, dripfeed, description, average_time, panel_id, service_id, "
                        "first_seen, last_seen) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (*values, panel_id, sid, now, now),
                    )
                    continue
                old, removed_at = known[sid]
                if removed_at is not None:
                    added.append(s)  # came back
                if old.rate != s.rate:
                    repriced.append((old, s))
                    c.execute(
                        "UPDATE services SET previous_rate = ?, rate_changed_at = ? "
                        "WHERE panel_id = ? AND service_id = ?",
                        (str(old.rate), now, panel_id, sid),
                    )
                c.execute(
                    "UPDATE services SET name=?, type=?, category=?, rate=?, min=?, max=?, "
                    "refill=?, cancel=?, dripfeed=?, description=?, average_time=?, "
                    "last_seen=?, removed_at=NULL WHERE panel_id=? AND service_id=?",
                    (*values, now, panel_id, sid),
                )
            c.execute("UPDATE panels SET services_refreshed_at = ? WHERE id = ?", (now, panel_id))
        if first_refresh:
            added = list(fresh.values())
        return ServicesDiff(added=added, removed=removed, repriced=repriced, total=len(fresh))

    def list_services(
        self, panel_id: str | None = None, *, include_removed: bool = False
    ) -> list[ServiceRow]:
        sql = (
            f"SELECT {_SERVICE_COLUMNS}, s.panel_id, p.name, p.currency, s.previous_rate, "
            "s.favourite, s.first_seen, s.removed_at FROM services s "
            "JOIN panels p ON p.id = s.panel_id WHERE p.removed_at IS NULL"
        )
        args: list[Any] = []
        if panel_id is not None:
            sql += " AND s.panel_id = ?"
            args.append(panel_id)
        if not include_removed:
            sql += " AND s.removed_at IS NULL"
        sql += " ORDER BY p.created_at, s.panel_id, s.service_id"
        # A catalogue's services share a handful of first-seen times and many rates: one
        # datetime/Decimal per distinct value (200,000 fromtimestamp calls took over a second).
        times: dict[int | None, datetime | None] = {}
        rates: dict[str, Decimal] = {}
        out: list[ServiceRow] = []
        append = out.append
        for r in self._read(sql, args):
            seen = times.get(r[17], _MISSING)
            if seen is _MISSING:
                seen = times[r[17]] = from_ms(r[17])
            rate = rates.get(r[4])
            if rate is None:
                rate = rates[r[4]] = Decimal(r[4])
            service = Service(r[0], r[1], r[2], r[3], rate, r[5], r[6], bool(r[7]), bool(r[8]),
                              bool(r[9]), r[10] or "", r[11])
            append(ServiceRow(r[12], r[13], r[14], service, _dec(r[15]) if r[15] else None,
                              bool(r[16]), seen, r[18] is not None))
        return out

    def services_table(
        self, panel_id: str | None = None, *, include_removed: bool = False
    ) -> ServicesTable:
        """The cached services of one panel (or of every panel not removed) in the order of
        ``list_services``, as a compact ``ServicesTable`` without descriptions.

        Each column of a panel comes as one string SQLite concatenates in C
        (``group_concat``), split here at C speed, instead of one Python tuple per service;
        values services share (categories, types, average times, rates, first-seen times)
        are stored once. A text that holds the separator itself falls back to the row-by-row
        read for that panel."""
        sql = f"SELECT {_PANEL_COLUMNS} FROM panels WHERE removed_at IS NULL"
        args: list[Any] = []
        if panel_id is not None:
            sql += " AND id = ?"
            args.append(panel_id)
        panels = [_row_to_panel(r) for r in self._read(sql + " ORDER BY created_at, id", args)]
        table = ServicesTable()
        shared: dict[str, dict[str, Any]] = {}
        for panel in panels:
            part = self._panel_table(panel, include_removed, shared)
            if part is None:  # a separator inside a text: read that panel row by row
                part = ServicesTable.from_rows(
                    self.list_services(panel.id, include_removed=include_removed))
                part.descriptions = None
            table.extend(part)
        table.descriptions = None
        return table

    def services_view(
        self, panel_id: str | None = None,
        parts: dict[str, tuple[datetime | None, ServicesTable]] | None = None,
    ) -> tuple[ServicesTable, list[str]]:
        """What the services table shows: ``services_table(panel_id)`` (the services the panels
        still offer) and each row's search text (``servicetable.haystack_of``), from each
        panel's snapshot when it matches the database, else from the database (and the snapshot
        is written for the next time). ``parts`` receives each panel's own table with the
        ``services_refreshed_at`` it was read at (the same values: nothing is read twice)."""
        sql = (f"SELECT {_PANEL_COLUMNS}, services_refreshed_at FROM panels "
               "WHERE removed_at IS NULL")
        args: list[Any] = []
        if panel_id is not None:
            sql += " AND id = ?"
            args.append(panel_id)
        rows = self._read(sql + " ORDER BY created_at, id", args)
        schema = self.schema_version
        table = ServicesTable()
        haystacks: list[str] = []
        shared: dict[str, dict[str, Any]] = {}
        for r in rows:
            panel, refreshed = _row_to_panel(r), r[len(r) - 1]
            got = snapshot.read(self.data_dir, self.path, panel.id, panel.name, panel.currency,
                                refreshed, schema, shared)
            if got is None:
                with self._snapshot_lock:
                    refreshed = self._read("SELECT services_refreshed_at FROM panels "
                                           "WHERE id = ?", (panel.id,))[0][0]
                    part = self._panel_table(panel, False, shared)
                    if part is None:
                        part = ServicesTable.from_rows(self.list_services(panel.id))
                        part.descriptions = None
                    hay = haystacks_of(part)
                    snapshot.write(self.data_dir, self.path, panel.id, refreshed, schema, part,
                                   hay)
                got = part, hay
            if parts is not None:
                parts[panel.id] = (from_ms(refreshed), got[0])
            table.extend(got[0])
            haystacks.extend(got[1])
        table.descriptions = None
        return table, haystacks

    def _panel_table(self, panel: Panel, include_removed: bool,
                     shared: dict[str, dict[str, Any]]) -> ServicesTable | None:
        where = "panel_id = ?" + ("" if include_removed else " AND removed_at IS NULL")
        cols = ", ".join(f"group_concat({c}, char(31))" for c in _TABLE_COLUMNS)
        row = self._read(
            f"SELECT count(*), {cols} FROM (SELECT * FROM services WHERE {where} "
            "ORDER BY service_id)", (panel.id,))[0]
        n = row[0]
        if n == 0:
            return ServicesTable()
        parts = [("" if v is None else v).split(_SEP) for v in row[1:]]
        if any(len(p) != n for p in parts):
            return None
        (ids, names, types, cats, rates, mins, maxs, refills, cancels, drips, avgs, prevs,
         favs, seen, removed) = parts
        flag = _FLAGS.__getitem__
        return ServicesTable(
            panel_ids=[panel.id] * n, panel_names=[panel.name] * n,
            currencies=[panel.currency] * n,
            ids=list(map(int, ids)), names=names,
            types=_shared(shared, "s", _text, types), categories=_shared(shared, "s", _text, cats),
            rates=_shared(shared, "r", _decimal, rates),
            mins=_shared(shared, "i", int, mins),
            maxs=_shared(shared, "i", int, maxs),
            refills=list(map(flag, refills)), cancels=list(map(flag, cancels)),
            dripfeeds=list(map(flag, drips)),
            average_times=_shared(shared, "s", _text, avgs),
            previous_rates=_shared(shared, "r", _decimal, prevs),
            favourites=list(map(flag, favs)),
            first_seen=_shared(shared, "t", _when, seen),
            removed=list(map(flag, removed)),
        )

    def get_service(self, panel_id: str, service_id: int) -> Service | None:
        rows = self._read(
            f"SELECT {_SERVICE_COLUMNS} FROM services s WHERE s.panel_id = ? AND s.service_id = ?",
            (panel_id, service_id),
        )
        return _row_to_service(rows[0]) if rows else None

    def set_favourite(self, panel_id: str, service_id: int, on: bool) -> None:
        with self._snapshot_lock:
            had = snapshot.remove(self.data_dir, panel_id)  # before the change (see snapshot)
            with self.transaction() as c:
                c.execute(
                    "UPDATE services SET favourite = ? WHERE panel_id = ? AND service_id = ?",
                    (int(on), panel_id, service_id),
                )
            if had:  # the next start-up reads it rather than 50,000 rows
                self.services_view(panel_id)

    # -- balances --------------------------------------------------------------------------------

    def add_balance(self, panel_id: str, balance: Balance) -> datetime:
        at = now_ms()
        with self.transaction() as c:
            c.execute(
                "INSERT INTO balances (panel_id, amount, currency, at) VALUES (?, ?, ?, ?)",
                (panel_id, str(balance.amount), balance.currency, at),
            )
            c.execute(
                "UPDATE panels SET currency = ? WHERE id = ?", (balance.currency or None, panel_id)
            )
        return from_ms(at)  # type: ignore[return-value]

    def last_balance(self, panel_id: str) -> tuple[Balance, datetime] | None:
        rows = self._read(
            "SELECT amount, currency, at FROM balances WHERE panel_id = ? "
            "ORDER BY at DESC, id DESC LIMIT 1",
            (panel_id,),
        )
        if not rows:
            return None
        amount, currency, at = rows[0]
        return Balance(Decimal(amount), currency), from_ms(at)  # type: ignore[return-value]

    # -- orders: writing -------------------------------------------------------------------------

    def _event(
        self,
        c: sqlite3.Connection,
        order_id: int,
        at: int,
        kind: str,
        *,
        submit_state: SubmitState | None = None,
        state: OrderState | None = None,
        raw_status: str | None = None,
        remains: int | None = None,
        charge: Decimal | None = None,
        note: str | None = None,
    ) -> None:
        c.execute(
            "INSERT INTO order_events (order_id, at, kind, submit_state, state, raw_status, "
            "remains, charge, note) VALUES (?,?,?,?,?,?,?,?,?)",
            (order_id, at, EVENT_KINDS.get(kind, kind),
             EVENT_SUBMIT_STATES[submit_state.value] if submit_state else None,
             EVENT_STATES[state.value] if state else None, raw_status, remains,
             _money(charge), _cap_text(note)),  # a panel's refusal can be a whole page
        )

    def insert_submitting(
        self,
        *,
        panel_id: str,
        service: Service,
        fields: dict[str, Any],
        link: str | None,
        quantity: int | None,
        charge_estimate: Decimal | None,
        currency: str | None,
        likely_duplicate: bool = False,
        runs: int | None = None,
        interval: int | None = None,
        also: Callable[[sqlite3.Connection, int], None] | None = None,
    ) -> int:
        """The row that exists before the request goes out (committed when this returns).
        ``also(connection, order_id)`` runs in the same transaction (e.g. a scheduled run's
        record); if it raises, nothing is committed."""
        now = now_ms()
        with self.transaction() as c:
            cur = c.execute(
                "INSERT INTO orders (panel_key, service_id, name_id, type_code, "
                "submit_code, state_code, link, quantity, fields, charge_estimate, currency, runs, "
                "interval, likely_duplicate, created_at, updated_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (_panel_key(c, panel_id), service.id, _name_id(c, service.name),
                 TYPE_CODES.get(service.type, service.type),
                 SUBMIT_CODES[SubmitState.SUBMITTING.value],
                 STATE_CODES[OrderState.UNKNOWN.value], link, quantity,
                 json.dumps(fields, sort_keys=True),
                 _money(charge_estimate), currency, runs, interval, int(likely_duplicate),
                 now, now),
            )
            order_id = int(cur.lastrowid)  # type: ignore[arg-type]
            self._event(c, order_id, now, "submit", submit_state=SubmitState.SUBMITTING,
                        note="sending to the panel")
            if also is not None:
                also(c, order_id)
        return order_id

    def set_submit_result(
        self,
        order_id: int,
        submit_state: SubmitState,
        *,
        remote_id: int | None = None,
        error: str | None = None,
        note: str | None = None,
        kind: str = "submit",
        also: Callable[[sqlite3.Connection], None] | None = None,
        outcome: OutcomeKind | None = None,
        not_sent: bool = False,
    ) -> LocalOrder:
        """Record an order's submit outcome (and an event): ``outcome`` is why, as a code;
        ``error`` the panel's or the network's words beside it, verbatim; ``not_sent``: nothing
        reached the panel. ``also(connection)`` runs first in the same transaction (``resolve``
        folds a tracked copy of the order in there)."""
        now = now_ms()
        error = _cap_text(error)
        with self._remote_id_guard(order_id, remote_id), self.transaction() as c:
            if also is not None:
                also(c)
            state = OrderState.PENDING if submit_state is SubmitState.PLACED else None
            c.execute(
                "UPDATE orders SET submit_code = ?, remote_id = COALESCE(?, remote_id), "
                "error = ?, outcome = ?, not_sent = ?, state_code = COALESCE(?, state_code), "
                "updated_at = ? WHERE id = ?",
                (SUBMIT_CODES[submit_state.value], remote_id, error,
                 outcome.value if outcome is not None else None, int(not_sent),
                 STATE_CODES[state.value] if state else None, now, order_id),
            )
            self._event(c, order_id, now, kind, submit_state=submit_state, state=state,
                        note=note or error)
        return self.get_order(order_id)

    @contextmanager
    def _remote_id_guard(
        self, order_id: int | None, remote_id: int | None, panel_id: str | None = None
    ) -> Iterator[None]:
        """Turn the (panel, remote id) unique index's refusal into ``RemoteIdTaken``."""
        try:
            yield
        except sqlite3.IntegrityError as e:
            if remote_id is None or "remote_id" not in str(e):
                raise
            if panel_id is None and order_id is not None:
                panel_id = self.get_order(order_id).panel_id
            assert panel_id is not None
            raise RemoteIdTaken(panel_id, remote_id,
                                self.find_by_remote(panel_id, remote_id)) from None

    def disputed_orders(self) -> list[tuple[LocalOrder, int]]:
        """Orders the v4 migration set back to UNCERTAIN because another order held the same
        panel order id, with that id (they are under "Needs attention" until resolved)."""
        rows = self._read(
            "SELECT id, disputed_remote_id FROM orders WHERE disputed_remote_id IS NOT NULL "
            "AND submit_state = 'uncertain' ORDER BY id")
        return [(self.get_order(r[0]), int(r[1])) for r in rows]

    def submitting_to_uncertain(
        self, older_than: timedelta | None = None,
        outcome: OutcomeKind = OutcomeKind.APP_STOPPED,
    ) -> int:
        """Rows left SUBMITTING by a process that died mid-request: they may have been placed.
        ``older_than``: only rows created at least that long ago (another process that is
        still running may be sending the younger ones right now). ``outcome``: why (the app
        stopped; ``APP_CLOSED``: the person quit while they were sent)."""
        now = now_ms()
        cutoff = now - int(older_than.total_seconds() * 1000) if older_than is not None else now
        note = str(describe(outcome))
        with self.transaction() as c:
            ids = [r[0] for r in c.execute(
                "SELECT id FROM orders WHERE submit_state = 'submitting' AND created_at <= ?",
                (cutoff,)).fetchall()]
            for oid in ids:
                c.execute(
                    f"UPDATE orders SET submit_code = {SUBMIT_CODES['uncertain']}, error = NULL, "
                    "outcome = ?, not_sent = 0, updated_at = ? WHERE id = ?",
                    (outcome.value, now, oid))
                self._event(c, oid, now, "submit", submit_state=SubmitState.UNCERTAIN, note=note)
        return len(ids)

    def insert_tracked(
        self,
        panel_id: str,
        remote_id: int,
        status: OrderStatus | None,
        *,
        service: Service | None = None,
        not_found: bool = False,
    ) -> int:
        """An order placed elsewhere (website, another tool), imported by its id."""
        now = now_ms()
        state = status.state if status else OrderState.UNKNOWN
        with self._remote_id_guard(None, remote_id, panel_id), self.transaction() as c:
            cur = c.execute(
                "INSERT INTO orders (panel_key, service_id, name_id, type_code, remote_id, "
                "submit_code, state_code, raw_status, charge, currency, start_count, remains, "
                "not_found, tracked, created_at, updated_at, last_checked_at, fields) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,'{}')",
                (_panel_key(c, panel_id), service.id if service else 0,
                 _name_id(c, service.name if service else ""),
                 TYPE_CODES.get(service.type, service.type) if service else TYPE_CODES[""],
                 remote_id,
                 SUBMIT_CODES[SubmitState.PLACED.value], STATE_CODES[state.value],
                 status.raw_status if status else None,
                 _money(status.charge) if status else None, status.currency if status else None,
                 status.start_count if status else None, status.remains if status else None,
                 int(not_found), now, now, now),
            )
            oid = int(cur.lastrowid)  # type: ignore[arg-type]
            self._event(c, oid, now, "track", submit_state=SubmitState.PLACED, state=state,
                        raw_status=status.raw_status if status else None,
                        remains=status.remains if status else None,
                        charge=status.charge if status else None,
                        note="not found on the panel" if not_found else "tracked by id")
        return oid

    def find_by_remote(self, panel_id: str, remote_id: int) -> LocalOrder | None:
        rows = self._read(
            f"SELECT {_ORDER_COLUMNS} FROM orders WHERE {_PANEL_IS} AND remote_id = ? "
            "ORDER BY id LIMIT 1", (panel_id, remote_id))
        return _row_to_order(rows[0]) if rows else None

    def active_orders(self, panel_id: str) -> list[tuple[int, int]]:
        """(local id, remote id) of the orders sync still polls: placed, not final, not lost."""
        return [
            (r[0], r[1])
            for r in self._read(
                f"SELECT id, remote_id FROM orders WHERE {_PANEL_IS} AND submit_state = 'placed' "
                f"AND not_found = 0 AND state NOT IN {_FINAL_SQL} AND remote_id IS NOT NULL "
                "ORDER BY id",
                (panel_id,),
            )
        ]

    def apply_statuses(
        self,
        panel_id: str,
        statuses: dict[int, OrderStatus | Exception],
        *,
        not_found: Iterable[int] = (),
    ) -> StatusChanges:
        """Apply one status batch in one transaction; says which orders it changed, by local id
        (``StatusChanges``): nothing needs to compare two reads to find out.

        Keys are remote ids. Exceptions other than "not found" leave the order untouched.
        """
        now = now_ms()
        changed: list[int] = []
        lost: list[int] = []
        finished: list[int] = []
        missing = set(not_found)
        with self.transaction() as c:
            for remote_id, st in statuses.items():
                rows = c.execute(
                    "SELECT id, state, raw_status, charge, start_count, remains, currency "
                    f"FROM orders WHERE {_PANEL_IS} AND remote_id = ? "
                    "AND submit_state = 'placed'",
                    (panel_id, remote_id),
                ).fetchall()
                # The quantity stays what was ordered, whatever the panel reports: ``remains``
                # is kept as remains (a panel reporting more than was ordered is shown as such,
                # and resolving an uncertain order counts it a mismatch), never copied over it.
                for oid, state, raw, charge, start, remains, currency in rows:
                    if isinstance(st, Exception):
                        if remote_id in missing:
                            c.execute(
                                "UPDATE orders SET not_found = 1, error = ?, updated_at = ?, "
                                "last_checked_at = ? WHERE id = ?", (str(st), now, now, oid))
                            self._event(c, oid, now, "state", note=f"not found: {st}")
                            lost.append(oid)
                        continue
                    new_charge = _money(st.charge) if st.charge is not None else charge
                    new = (st.state.value, st.raw_status, new_charge,
                           st.start_count if st.start_count is not None else start,
                           st.remains if st.remains is not None else remains,
                           st.currency or currency)
                    if new == (state, raw, charge, start, remains, currency):
                        c.execute("UPDATE orders SET last_checked_at = ? WHERE id = ?", (now, oid))
                        continue
                    c.execute(
                        "UPDATE orders SET state_code=?, raw_status=?, charge=?, start_count=?, "
                        "remains=?, currency=?, updated_at=?, last_checked_at=? WHERE id=?",
                        (STATE_CODES.get(new[0], new[0]), *new[1:], now, now, oid),
                    )
                    if new[0] != state or new[1] != raw or new[4] != remains:
                        self._event(c, oid, now, "state", state=st.state, raw_status=st.raw_status,
                                    remains=new[4], charge=_dec(new_charge))
                    changed.append(oid)
                    if new[0] in _NOTIFY_VALUES and state not in _NOTIFY_VALUES:
                        finished.append(oid)
        return StatusChanges(tuple(changed), tuple(lost), tuple(finished))

    def is_tracked(self, order_id: int) -> bool:
        """Whether the order was imported by its id (``insert_tracked``), not placed here."""
        rows = self._read("SELECT tracked FROM orders WHERE id = ?", (order_id,))
        return bool(rows and rows[0][0])

    def _absorb_tracked(self, c: sqlite3.Connection, into: int, tracked: int,
                        remote_id: int) -> None:
        """Fold ``tracked`` (an order imported by id, ``remote_id``) into ``into``, the order
        it turned out to be: its events, refills, schedule and refill bookkeeping move over,
        and the imported row goes (inside the caller's transaction)."""
        row = c.execute("SELECT tracked, remote_id, panel_key FROM orders WHERE id = ?",
                        (tracked,)).fetchone()
        mine = c.execute("SELECT panel_key FROM orders WHERE id = ?", (into,)).fetchone()
        if row is None or not row[0] or row[1] != remote_id or mine is None or row[2] != mine[0]:
            raise sqlite3.IntegrityError(
                f"UNIQUE constraint failed: orders.remote_id (order {tracked} changed)")
        c.execute("UPDATE order_events SET order_id = ? WHERE order_id = ?", (into, tracked))
        c.execute("UPDATE refills SET order_id = ? WHERE order_id = ?", (into, tracked))
        c.execute("UPDATE OR IGNORE auto_refill_orders SET order_id = ? WHERE order_id = ?",
                  (into, tracked))
        c.execute("UPDATE schedule_runs SET order_id = ? WHERE order_id = ?", (into, tracked))
        c.execute("UPDATE alerts SET order_id = ? WHERE order_id = ?", (into, tracked))
        c.execute("DELETE FROM orders WHERE id = ?", (tracked,))

    def resolve(
        self, order_id: int, remote_id: int | None, status: OrderStatus | None = None,
        *, absorb: int | None = None,
    ) -> LocalOrder:
        """The person checked an UNCERTAIN order on the panel's website. ``absorb``: the local
        order ``track`` imported with this ``remote_id`` — the same order, found on the panel
        before it was resolved: folded into this one (``_absorb_tracked``)."""
        if remote_id is None:
            return self.set_submit_result(
                order_id, SubmitState.REJECTED, outcome=OutcomeKind.CHECKED_NOT_PLACED,
                note=str(describe(OutcomeKind.CHECKED_NOT_PLACED)), kind="resolve")
        also = None
        if absorb is not None and absorb != order_id:
            tracked = absorb

            def also(c: sqlite3.Connection) -> None:
                self._absorb_tracked(c, order_id, tracked, remote_id)

        order = self.set_submit_result(
            order_id, SubmitState.PLACED, remote_id=remote_id, error=None,
            note=f"Placed as #{remote_id} (checked by you)", kind="resolve", also=also)
        if status is not None:
            self.apply_statuses(order.panel_id, {remote_id: status})
            order = self.get_order(order_id)
        return order

    def add_event(self, order_id: int, kind: str, note: str) -> None:
        with self.transaction() as c:
            self._event(c, order_id, now_ms(), kind, note=note)

    # -- refills ---------------------------------------------------------------------------------

    def add_refill(self, order_id: int, remote_id: str | None, error: str | None) -> int:
        now = now_ms()
        error = _cap_text(error)  # kept like an order's error: the first MAX_ERROR_TEXT chars
        with self.transaction() as c:
            cur = c.execute(
                "INSERT INTO refills (order_id, remote_id, state, error, requested_at, updated_at)"
                " VALUES (?,?,?,?,?,?)",
                (order_id, remote_id, None if error else "pending", error, now, now),
            )
            self._event(c, order_id, now, "refill",
                        note=f"refill refused: {error}" if error else f"refill #{remote_id} asked")
        return int(cur.lastrowid)  # type: ignore[arg-type]

    def pending_refills(self, panel_id: str | None = None) -> list[tuple[int, str, str]]:
        """(refill row id, panel id, remote refill id) of refills that may still change."""
        sql = ("SELECT r.id, k.id, r.remote_id FROM refills r JOIN orders o ON o.id = "
               "r.order_id JOIN panel_keys k ON k.key = o.panel_key "
               "WHERE r.remote_id IS NOT NULL AND r.error IS NULL AND "
               "(r.state IS NULL OR r.state IN ('pending', 'in_progress', 'unknown'))")
        args: list[Any] = []
        if panel_id is not None:
            sql += " AND k.id = ?"
            args.append(panel_id)
        return [(r[0], r[1], r[2]) for r in self._read(sql, args)]

    def update_refill(self, refill_id: int, state: str | None, raw: str | None,
                      error: str | None = None) -> None:
        error, raw = _cap_text(error), _cap_text(raw)
        with self.transaction() as c:
            c.execute(
                "UPDATE refills SET state = COALESCE(?, state), raw_status = COALESCE(?, "
                "raw_status), error = COALESCE(?, error), updated_at = ? WHERE id = ?",
                (state, raw, error, now_ms(), refill_id),
            )

    def order_refills(self, order_id: int) -> list[Refill]:
        return [
            Refill(r[0], r[1], r[2], r[3], r[4], r[5], from_ms(r[6]), from_ms(r[7]))  # type: ignore[arg-type]
            for r in self._read(
                "SELECT id, order_id, remote_id, state, raw_status, error, requested_at, "
                "updated_at FROM refills WHERE order_id = ? ORDER BY id", (order_id,))
        ]

    # -- orders: reading -------------------------------------------------------------------------

    def get_order(self, order_id: int) -> LocalOrder:
        rows = self._read(f"SELECT {_ORDER_COLUMNS} FROM orders WHERE id = ?", (order_id,))
        if not rows:
            raise KeyError(order_id)
        return _row_to_order(rows[0])

    def get_orders(self, order_ids: Iterable[int]) -> list[LocalOrder]:
        ids = list(order_ids)
        out: list[LocalOrder] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            out.extend(_row_to_order(r) for r in self._read(
                f"SELECT {_ORDER_COLUMNS} FROM orders WHERE id IN ({','.join('?' * len(chunk))})",
                chunk))
        by_id = {o.id: o for o in out}
        return [by_id[i] for i in ids if i in by_id]

    def _where(
        self, filters: OrderFilter | dict[str, Any] | None, *, with_bucket: bool = True
    ) -> tuple[str, list[Any]]:
        return _as_filter(filters).where(with_bucket=with_bucket, use_index=self._search_plan)

    def _search_plan(self, folded: str) -> str | None:
        """How to search for ``folded``: the trigram query to go through the index with, when
        the term has few enough candidates (its rarest trigrams' orders, plus the orders of the
        service names holding it, each counted only up to the limit), else None (scan). Kept
        a moment: a search's page, count and tab counts ask in turn."""
        now = time.monotonic()
        with self._plan_lock:
            known = self._plans.get(folded)
            if known is not None and now - known[0] < PLAN_TTL_S:
                return known[1]
        grams = list(dict.fromkeys(folded[i:i + 3] for i in range(len(folded) - 2)))
        seen, sampled = self._gram_sample(now)
        by_rarity = sorted(grams, key=lambda g: seen.get(g, 0))  # stable: ties in term order
        # Trigrams in half the orders or more narrow little and cost the most to read.
        chosen = [g for g in by_rarity if 2 * seen.get(g, 0) < sampled][:MAX_GRAMS]
        match = " AND ".join(fts_phrase(g) for g in chosen or by_rarity[:COMMON_GRAMS])
        found = self._read(
            "SELECT COUNT(*) FROM (SELECT rowid FROM orders_fts WHERE orders_fts MATCH ? "
            f"LIMIT {RARE_TERM_LIMIT + 1})", (match,))[0][0]
        if found <= RARE_TERM_LIMIT:
            found += self._read(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE {_NAME_MATCH} "
                f"LIMIT {RARE_TERM_LIMIT + 1})", (f"%{escape_like(folded)}%",))[0][0]
        plan = match if found <= RARE_TERM_LIMIT else None
        with self._plan_lock:
            if len(self._plans) >= 64:
                self._plans.clear()
            self._plans[folded] = (now, plan)
        return plan

    def _gram_sample(self, now: float) -> tuple[dict[str, int], int]:
        """(trigram -> in how many of the newest ``GRAM_SAMPLE`` orders' indexed text it is,
        how many were read): how common a trigram is, for choosing the ones a search reads
        (never for its answer)."""
        with self._plan_lock:
            if self._grams is not None and now - self._grams[0] < SAMPLE_TTL_S:
                return self._grams[1], self._grams[2]
        texts = self._read(
            "SELECT search_text || char(10) || COALESCE(remote_id, '') FROM orders "
            "ORDER BY id DESC LIMIT ?", (GRAM_SAMPLE,))
        counts: Counter[str] = Counter()
        for (text,) in texts:
            low = (text or "").lower()
            counts.update({low[i:i + 3] for i in range(len(low) - 2)})
        with self._plan_lock:
            self._grams = (now, dict(counts), len(texts))
        return self._grams[1], self._grams[2]

    def order_page(
        self,
        filters: OrderFilter | dict[str, Any] | None = None,
        sort: Sort | None = None,
        offset: int = 0,
        limit: int | None = 200,
    ) -> list[LocalOrder]:
        where, args = self._where(filters)
        sql = f"SELECT {_ORDER_COLUMNS} FROM orders WHERE {where} ORDER BY {_order_by(sort)}"
        sql += " LIMIT ? OFFSET ?"
        args += [-1 if limit is None else int(limit), max(0, int(offset))]
        return [_row_to_order(r) for r in self._read(sql, args)]

    def order_count(
        self, filters: OrderFilter | dict[str, Any] | None = None, *, cap: int | None = None
    ) -> int:
        """How many orders match. ``cap``: stop counting after ``cap + 1`` (a search over a
        million orders that matches most of them need not be counted to the end)."""
        tally = _tally_where(filters)
        if tally is not None:
            where, args = tally
            return self._read(
                f"SELECT COALESCE(SUM(n), 0) FROM order_tally WHERE {where}", args)[0][0]
        where, args = self._where(filters)
        if cap is not None:
            return self._read(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE {where} LIMIT ?)",
                [*args, int(cap) + 1])[0][0]
        return self._read(f"SELECT COUNT(*) FROM orders WHERE {where}", args)[0][0]

    def order_counts_by_bucket(
        self, filters: OrderFilter | dict[str, Any] | None = None
    ) -> dict[str, int]:
        """How many orders each tab (All, Active, …, Needs attention) holds under ``filters``."""
        tally = _tally_where(filters, with_bucket=False)
        if tally is not None:
            where, args = tally
            sums = ", ".join(f"COALESCE(SUM(CASE WHEN {_BUCKET_SQL[b]} THEN n ELSE 0 END), 0)"
                             for b in BUCKETS)
            row = self._read(f"SELECT {sums} FROM order_tally WHERE {where}", args)[0]
            return dict(zip(BUCKETS, row, strict=True))
        where, args = self._where(filters, with_bucket=False)
        sums = ", ".join(f"COALESCE(SUM(CASE WHEN {_BUCKET_SQL[b]} THEN 1 ELSE 0 END), 0)"
                         for b in BUCKETS)
        row = self._read_aside(f"SELECT {sums} FROM orders WHERE {where}", args)[0]
        return dict(zip(BUCKETS, row, strict=True))

    def find_active_duplicate(
        self, panel_id: str, service_id: int, link: str
    ) -> LocalOrder | None:
        rows = self._read(
            f"SELECT {_ORDER_COLUMNS} FROM orders WHERE {_PANEL_IS} AND service_id = ? "
            "AND link = ? AND not_found = 0 AND submit_state IN ('placed','uncertain','submitting')"
            f" AND state NOT IN {_FINAL_SQL} ORDER BY id DESC LIMIT 1",
            (panel_id, service_id, link),
        )
        return _row_to_order(rows[0]) if rows else None

    def unresolved_orders(self) -> list[LocalOrder]:
        """Orders that may have been placed and are not resolved (UNCERTAIN or SUBMITTING),
        newest first. The tally says at once whether there are any (usually none); the panels
        that have some are read through the partial index of active orders."""
        keys = [r[0] for r in self._read(
            "SELECT DISTINCT panel_key FROM order_tally "
            "WHERE submit_state IN ('uncertain','submitting') AND n > 0")]
        if not keys:
            return []
        rows = self._read(
            f"SELECT {_ORDER_COLUMNS} FROM orders INDEXED BY orders_duplicate "
            f"WHERE panel_key IN ({','.join('?' * len(keys))}) "
            "AND not_found = 0 AND submit_state IN ('placed','uncertain','submitting') "
            "AND state NOT IN ('canceled', 'completed', 'failed', 'partial') "
            "AND submit_state IN ('uncertain','submitting') ORDER BY id DESC", keys)
        return [_row_to_order(r) for r in rows]

    def order_events(self, order_id: int) -> list[OrderEvent]:
        return [
            OrderEvent(
                id=r[0], order_id=r[1], at=from_ms(r[2]),  # type: ignore[arg-type]
                kind=event_value(EVENT_KINDS, r[3]) or "",
                submit_state=SubmitState(event_value(EVENT_SUBMIT_STATES, r[4]))
                if r[4] is not None and r[4] != "" else None,
                state=_state(event_value(EVENT_STATES, r[5])) if r[5] is not None and r[5] != ""
                else None,
                raw_status=r[6], remains=r[7], charge=_dec(r[8]), note=r[9],
            )
            for r in self._read(
                "SELECT id, order_id, at, kind, submit_state, state, raw_status, remains, charge, "
                "note FROM order_events WHERE order_id = ? ORDER BY at, id", (order_id,))
        ]

    def spending_rows(
        self, panel_id: str | None, since: datetime | None, until: datetime | None,
        *, demo: bool | None = None,
    ) -> list[tuple[int, str, str | None, str | None, str | None, str]]:
        """(created_at ms, panel id, currency, charge, estimate, state) of placed orders;
        ``demo``: only the demo panel's (True), only real panels' (False), or both (None)."""
        sql = ("SELECT o.created_at, k.id, COALESCE(o.currency, p.currency), o.charge, "
               "o.charge_estimate, o.state FROM orders o JOIN panel_keys k ON k.key = o.panel_key "
               "JOIN panels p ON p.id = k.id WHERE o.submit_state = 'placed'")
        args: list[Any] = []
        if panel_id is not None:
            sql += " AND k.id = ?"
            args.append(panel_id)
        if demo is not None:
            sql += " AND p.is_demo = ?"
            args.append(int(demo))
        if since is not None:
            sql += " AND o.created_at >= ?"
            args.append(to_ms(since))
        if until is not None:
            sql += " AND o.created_at < ?"
            args.append(to_ms(until))
        return self._read(sql, args)

    # -- bulk (tests, benches, imports) ----------------------------------------------------------

    def bulk_insert_placed(
        self, panel_id: str, service: Service, rows: Iterable[tuple[int, str, int]],
        *, created_at_ms: int | None = None,
    ) -> int:
        """Insert many PLACED orders (remote id, link, quantity) in one transaction."""
        now = created_at_ms or now_ms()
        n = 0
        with self.transaction() as c:
            name_id = _name_id(c, service.name)
            panel_key = _panel_key(c, panel_id)
            type_code = TYPE_CODES.get(service.type, service.type)
            for remote_id, link, quantity in rows:
                c.execute(
                    "INSERT INTO orders (panel_key, service_id, name_id, type_code, "
                    "remote_id, submit_code, state_code, link, quantity, fields, created_at, "
                    f"updated_at) VALUES (?,?,?,?,?,{SUBMIT_CODES['placed']},"
                    f"{STATE_CODES['pending']},?,?,'{{}}',?,?)",
                    (panel_key, service.id, name_id, type_code, remote_id, link, quantity,
                     now + n, now + n),
                )
                n += 1
        return n
