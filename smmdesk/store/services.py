"""The services of the panels (table ``services``) and their snapshot files:
``ServiceStore(db)``.

Engine-neutral contract: ``apply_services(panel_id, services) -> ServicesDiff`` (a fresh
catalogue in one transaction: added, removed, repriced since the last one), ``list_services``
(rows with their panel, previous rate, favourite, first seen), ``services_table`` and
``services_view`` (the compact ``ServicesTable`` the services page shows, with each row's
search text), ``get_service``, ``service_removed`` and ``set_favourite``.

SQLite-specific, behind those doors: ``services_table`` has SQLite concatenate each column in
C (``group_concat``) rather than build a tuple per service, and ``services_view`` reads a
panel from its snapshot file (``snapshot.py``: a copy beside the database, removed before any
change to the panel's services) when it matches the database. Another engine answers the same
calls its own way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from smmdesk.models import Panel, Service, ServiceRow, ServicesDiff
from smmdesk.servicetable import ServicesTable, haystacks_of
from smmdesk.store import snapshot
from smmdesk.store import values as clock  # clock.now_ms: the one clock tests move
from smmdesk.store.database import Database
from smmdesk.store.panels import PANEL_COLUMNS, row_to_panel
from smmdesk.store.values import dec, from_ms

__all__ = ["ServiceStore"]

_SERVICE_COLUMNS = (
    "s.service_id, s.name, s.type, s.category, s.rate, s.min, s.max, s.refill, s.cancel, "
    "s.dripfeed, s.description, s.average_time"
)

_MISSING: Any = object()

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
        # (None: a team viewer denied prices, ``pg.masks``)
        rate=Decimal(r[4]) if r[4] is not None else None,  # type: ignore[arg-type]
        min=r[5],
        max=r[6],
        refill=bool(r[7]),
        cancel=bool(r[8]),
        dripfeed=bool(r[9]),
        description=r[10] or "",
        average_time=r[11],
    )


class ServiceStore:
    """SQL over ``services`` (and the snapshot files beside the database), on the shared
    ``Database``."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # Held while a services snapshot is removed or rebuilt (smmdesk/store/snapshot.py).
        self._snapshot_lock = threading.RLock()

    # -- services --------------------------------------------------------------------------------

    def apply_services(self, panel_id: str, services: Iterable[Service]) -> ServicesDiff:
        """Store a fresh catalogue in one transaction and say what changed since the last one."""
        now = clock.now_ms()
        fresh = {s.id: s for s in services}
        added: list[Service] = []
        removed: list[Service] = []
        repriced: list[tuple[Service, Service]] = []
        flag = self.db.flag
        with self._snapshot_lock, self.db.transaction() as c:
            snapshot.remove(self.db.data_dir, panel_id)  # before the change: never a stale copy
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
                values = (s.name, s.type, s.category, str(s.rate), s.min, s.max, flag(s.refill),
                          flag(s.cancel), flag(s.dripfeed), s.description, s.average_time)
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
        for r in self.db.read(sql, args):
            seen = times.get(r[17], _MISSING)
            if seen is _MISSING:
                seen = times[r[17]] = from_ms(r[17])
            # keyed by the text: the team store's numeric comes as a Decimal, and equal
            # Decimals (1.0, 1.00) would share one key and lose the panel's digits
            rate = None
            if r[4] is not None:  # (None: a viewer denied prices, pg.masks)
                key = r[4] if isinstance(r[4], str) else str(r[4])
                rate = rates.get(key)
                if rate is None:
                    rate = rates[key] = Decimal(key)
            # (rate None: a viewer denied prices — the window shows "—"; nothing priced runs)
            service = Service(r[0], r[1], r[2], r[3], rate,  # type: ignore[arg-type]
                              r[5], r[6], bool(r[7]), bool(r[8]), bool(r[9]), r[10] or "", r[11])
            append(ServiceRow(r[12], r[13], r[14], service, dec(r[15]) if r[15] else None,
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
        sql = f"SELECT {PANEL_COLUMNS} FROM panels WHERE removed_at IS NULL"
        args: list[Any] = []
        if panel_id is not None:
            sql += " AND id = ?"
            args.append(panel_id)
        panels = [row_to_panel(r) for r in self.db.read(sql + " ORDER BY created_at, id", args)]
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
        parts: dict[str, tuple[datetime | None, Callable[[], ServicesTable]]] | None = None,
    ) -> tuple[ServicesTable, list[str]]:
        """What the services table shows: ``services_table(panel_id)`` (the services the panels
        still offer) and each row's search text (``servicetable.haystack_of``), from each
        panel's snapshot when it matches the database, else from the database (and the snapshot
        is written for the next time). ``parts`` receives, for each panel, the
        ``services_refreshed_at`` it was read at and how to have its own table: its rows of
        the table returned, sliced when asked (the same values: nothing is read twice, and no
        table per panel is made before the services are shown)."""
        rows = self._shown_panels(panel_id)
        data_dir, path, schema = self.db.data_dir, self.db.path, self.db.schema_version
        table = ServicesTable()
        haystacks: list[str] = []
        shared: dict[str, dict[str, Any]] = {}
        for r in rows:
            panel, refreshed = row_to_panel(r), r[len(r) - 1]
            start = len(table)
            got = snapshot.read(data_dir, path, panel.id, panel.name, panel.currency,
                                refreshed, schema, shared, into=table)
            if got is None:
                with self._snapshot_lock:
                    refreshed = self.db.read("SELECT services_refreshed_at FROM panels "
                                           "WHERE id = ?", (panel.id,))[0][0]
                    part = self._panel_table(panel, False, shared)
                    if part is None:
                        part = ServicesTable.from_rows(self.list_services(panel.id))
                        part.descriptions = None
                    hay = haystacks_of(part)
                    snapshot.write(data_dir, path, panel.id, refreshed, schema, part, hay)
                table.extend(part)
            else:
                hay = got[1]
            if parts is not None:
                parts[panel.id] = (from_ms(refreshed), partial(table.slice, start, len(table)))
            haystacks.extend(hay)
        table.descriptions = None
        return table, haystacks

    def _shown_panels(self, panel_id: str | None) -> list[tuple]:
        """The panels ``services_view`` shows (one, or every panel not removed), each row
        ``PANEL_COLUMNS`` and then ``services_refreshed_at``."""
        sql = (f"SELECT {PANEL_COLUMNS}, services_refreshed_at FROM panels "
               "WHERE removed_at IS NULL")
        args: list[Any] = []
        if panel_id is not None:
            sql += " AND id = ?"
            args.append(panel_id)
        return self.db.read(sql + " ORDER BY created_at, id", args)

    def _panel_table(self, panel: Panel, include_removed: bool,
                     shared: dict[str, dict[str, Any]]) -> ServicesTable | None:
        where = "panel_id = ?" + ("" if include_removed else " AND removed_at IS NULL")
        cols = ", ".join(f"group_concat({c}, char(31))" for c in _TABLE_COLUMNS)
        row = self.db.read(
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
        rows = self.db.read(
            f"SELECT {_SERVICE_COLUMNS} FROM services s WHERE s.panel_id = ? AND s.service_id = ?",
            (panel_id, service_id),
        )
        return _row_to_service(rows[0]) if rows else None

    def service_removed(self, panel_id: str, service_id: int) -> bool:
        """The panel no longer offers the service (or never did)."""
        rows = self.db.read("SELECT removed_at FROM services WHERE panel_id = ? AND "
                            "service_id = ?", (panel_id, service_id))
        return not rows or rows[0][0] is not None

    def set_favourite(self, panel_id: str, service_id: int, on: bool) -> None:
        with self._snapshot_lock:
            had = snapshot.remove(self.db.data_dir, panel_id)  # before the change (see snapshot)
            with self.db.transaction() as c:
                c.execute(
                    "UPDATE services SET favourite = ? WHERE panel_id = ? AND service_id = ?",
                    (self.db.flag(on), panel_id, service_id),
                )
            if had:  # the next start-up reads it rather than 50,000 rows
                self.services_view(panel_id)

