"""A per-panel snapshot of the cached services, for a quick start-up.

Reading 50,000 services from SQLite costs a quarter of a second or more per panel (one row at a
time), and folding their names for the search as much again. The snapshot is the same services
(those the panel still offers) with their folded search text, one file per panel in
``<data dir>/services-snapshot/``: a header line, then the names and the search texts (one
string each, split at C speed), the ids as an array, the flags as bytes, and every other column
as its distinct values plus one array of codes, so reading it builds no per-row object beyond
the names and search texts. It is only a copy: the database stays the truth.

* ``store.services.services_view`` writes it after reading a panel from the database, and uses
  it when it matches the database (same file, same ``services_refreshed_at``, same schema and
  app version).
* Whatever changes a panel's services removes its snapshot *before* changing the database
  (``apply_services``, ``set_favourite``; moving a damaged file aside, restoring a backup), so a
  crash in between leaves no snapshot, never a stale one; the next read rebuilds it.
* A text holding one of the separators (control characters no panel sends) is never written:
  that panel is simply read from the database each time.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sys
from array import array
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from itertools import repeat
from pathlib import Path
from typing import Any

from smmdesk import __version__, fsutil
from smmdesk.servicetable import ServicesTable

log = logging.getLogger(__name__)

DIR_NAME = "services-snapshot"
FORMAT = 3
_SEP = "\x1f"  # between the values of a column
_NULL = "\x02"
_SAFE_ID = re.compile(r"[A-Za-z0-9_.-]{1,100}")


def snapshot_dir(data_dir: Path) -> Path:
    return Path(data_dir) / DIR_NAME


def path_for(data_dir: Path, panel_id: str) -> Path | None:
    if not _SAFE_ID.fullmatch(panel_id) or panel_id.startswith("."):
        return None
    return snapshot_dir(data_dir) / f"{panel_id}.txt"


def remove(data_dir: Path, panel_id: str | None = None) -> bool:
    """Forget the snapshot of one panel (or of every panel); True when there was one."""
    if panel_id is None:
        shutil.rmtree(snapshot_dir(data_dir), ignore_errors=True)
        return True
    path = path_for(data_dir, panel_id)
    if path is None:
        return False
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def _stamp(db_path: Path, refreshed_at_ms: int | None, schema: int) -> dict[str, Any]:
    try:
        ino = os.stat(db_path).st_ino
    except OSError:
        ino = -1
    return {"format": FORMAT, "app": __version__, "schema": schema, "db": ino,
            "refreshed_at": refreshed_at_ms, "order": sys.byteorder}


def _text(v: str | None) -> str:
    return _NULL if v is None else v


def _coded(values: list[Any], as_text: Any) -> tuple[str, array] | None:
    """A column as its distinct values (text, ``_SEP`` between them) and one code per row."""
    index: dict[str, int] = {}  # by text: Decimal("1.0") == Decimal("1.00"), kept apart
    codes = array("I", [index.setdefault(t, len(index)) for t in map(as_text, values)])
    texts = list(index)
    joined = _SEP.join(texts)
    if joined.count(_SEP) != max(len(texts) - 1, 0):
        return None
    return joined, codes


def write(data_dir: Path, db_path: Path, panel_id: str, refreshed_at_ms: int | None,
          schema: int, table: ServicesTable, haystacks: list[str]) -> bool:
    """Write a panel's snapshot (its services not removed); False when it cannot be written."""
    path = path_for(data_dir, panel_id)
    if path is None or len(haystacks) != len(table) or any(table.removed):
        return False
    n = len(table)
    sections: list[bytes] = []
    for col in (table.names, haystacks):
        joined = _SEP.join(col)
        if joined.count(_SEP) != max(n - 1, 0):
            return False  # a separator inside a text: this panel is read from the database
        sections.append(joined.encode("utf-8"))
    sections.append(array("q", table.ids).tobytes())
    sections.append(bytes(int(r) | int(c) << 1 | int(d) << 2 | int(f) << 3
                          for r, c, d, f in zip(table.refills, table.cancels, table.dripfeeds,
                                                table.favourites, strict=True)))
    seen = [None if t is None else round(t.timestamp() * 1000) for t in table.first_seen]
    for values, as_text in ((table.types, _text), (table.categories, _text),
                            (table.average_times, _text), (table.rates, _money),
                            (table.previous_rates, _money), (table.mins, str),
                            (table.maxs, str), (seen, _number)):
        coded = _coded(values, as_text)
        if coded is None:
            return False
        sections.append(coded[0].encode("utf-8"))
        sections.append(coded[1].tobytes())
    header = json.dumps({**_stamp(db_path, refreshed_at_ms, schema), "rows": n,
                         "sections": [len(b) for b in sections]}, ensure_ascii=True)
    try:
        fsutil.private_dir(snapshot_dir(data_dir))
        tmp = path.with_name(path.name + ".tmp")
        fd = fsutil.open_private(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        with os.fdopen(fd, "wb") as f:
            f.write(header.encode("ascii") + b"\n")
            for b in sections:
                f.write(b)
        os.replace(tmp, path)
    except (OSError, ValueError) as exc:  # a cache: the app works without it
        log.info("services snapshot of %s not written: %s", panel_id, type(exc).__name__)
        return False
    return True


def _money(v: Decimal | None) -> str:
    return _NULL if v is None else str(v)


def _number(v: int | None) -> str:
    return _NULL if v is None else str(v)


def read(data_dir: Path, db_path: Path, panel_id: str, panel_name: str, currency: str | None,
         refreshed_at_ms: int | None, schema: int, shared: dict[str, dict[str, Any]],
         into: ServicesTable | None = None) -> tuple[ServicesTable, list[str]] | None:
    """The panel's services and haystacks from its snapshot; None when there is none or it does
    not match the database (then the caller reads the database). ``into``: the rows are
    appended to that table (several panels read into one, with no table per panel made and
    copied), which is returned; on None it is as it was."""
    path = path_for(data_dir, panel_id)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    end = data.find(b"\n")
    try:
        header = json.loads(data[:end]) if end > 0 else None
    except ValueError:
        return None
    if not isinstance(header, dict):
        return None
    n, sizes = header.pop("rows", None), header.pop("sections", None)
    if header != _stamp(db_path, refreshed_at_ms, schema) or not isinstance(n, int) \
            or not isinstance(sizes, list) or len(sizes) != 4 + 2 * len(_CODED) \
            or sum(sizes) != len(data) - end - 1:
        return None
    view = memoryview(data)
    sections = []
    pos = end + 1
    for size in sizes:
        sections.append(view[pos:pos + size])
        pos += size
    table = ServicesTable() if into is None else into
    start = len(table)
    try:
        haystacks = _append(table, sections, n, panel_id, panel_name, currency, shared)
    except (ValueError, ArithmeticError, KeyError, IndexError, TypeError):
        haystacks = None
    if haystacks is None:
        table.truncate(start)
        return None
    return table, haystacks


def _texts(section: memoryview, n: int) -> list[str] | None:
    col = str(section, "utf-8").split(_SEP) if n else []
    return col if len(col) == n else None


def _decimal(v: str) -> Decimal | None:
    return None if v == _NULL else Decimal(v)


def _when(v: str) -> datetime | None:
    return None if v == _NULL else datetime.fromtimestamp(int(v) / 1000, tz=UTC)


def _str_or_none(v: str) -> str | None:
    return None if v == _NULL else v


# the dictionary-coded columns, in the file's order, and how a value is made from its text
_CODED: tuple[tuple[str, str, Callable[[str], Any]], ...] = (
    ("types", "s", _str_or_none), ("categories", "s", _str_or_none),
    ("average_times", "s", _str_or_none), ("rates", "r", _decimal),
    ("previous_rates", "r", _decimal), ("mins", "i", int), ("maxs", "i", int),
    ("first_seen", "t", _when))
_BITS = [[bool(v >> bit & 1) for v in range(256)] for bit in range(4)]


def _append(table: ServicesTable, sections: list[memoryview], n: int, panel_id: str,
            panel_name: str, currency: str | None,
            shared: dict[str, dict[str, Any]]) -> list[str] | None:
    """Append the snapshot's rows to ``table`` and give their haystacks (None: the file does
    not hold ``n`` rows; the caller then truncates ``table`` back)."""
    names, haystacks = _texts(sections[0], n), _texts(sections[1], n)
    ids = array("q")
    ids.frombytes(sections[2])
    flags = bytes(sections[3])
    if names is None or haystacks is None or len(ids) != n or len(flags) != n:
        return None
    # The columns grow by ``n`` each, mapped at C speed (no list per panel made and then
    # copied). A code past its values raises IndexError half-way: ``read`` truncates back.
    table.panel_ids.extend(repeat(panel_id, n))
    table.panel_names.extend(repeat(panel_name, n))
    table.currencies.extend(repeat(currency, n))
    table.ids.extend(ids)
    table.names.extend(names)
    for column, bit in ((table.refills, 0), (table.cancels, 1), (table.dripfeeds, 2),
                        (table.favourites, 3)):
        column.extend(map(_BITS[bit].__getitem__, flags))
    table.removed.extend(repeat(False, n))
    for k, (name, kind, make) in enumerate(_CODED):
        distinct = str(sections[4 + 2 * k], "utf-8").split(_SEP)
        known = shared.setdefault(kind, {})
        values = []
        for text in distinct:
            value = known.get(text, _MISSING)
            if value is _MISSING:
                value = known[text] = make(text)
            values.append(value)
        codes = array("I")
        codes.frombytes(sections[5 + 2 * k])
        if len(codes) != n:
            return None
        getattr(table, name).extend(map(values.__getitem__, codes))
    return haystacks


_MISSING: Any = object()
