"""The services as the table reads them: compact columns, the per-panel snapshot start-up reads,
and the damage check a large file gets after opening (issue 14)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from smmdesk.models import Panel, Service
from smmdesk.servicetable import haystack_of
from smmdesk.store import DB_NAME, DatabaseCorruptError, Store, database, snapshot

PID = "panel000000000001"


def catalogue(n: int = 300, *, rate_of=lambda i: Decimal(f"{i % 37}.{i % 7}5")) -> list[Service]:
    return [
        Service(id=i, name=f"Instagram Türk Takipçi {i} — &amp; 𝐇𝐐", type="Default" if i % 3 else
                "Package", category=f"Instagram {i % 5}", rate=rate_of(i), min=10 + i % 4,
                max=10_000 * (1 + i % 3), refill=i % 2 == 0, cancel=i % 3 == 0,
                dripfeed=i % 5 == 0, description=f"Description of service {i}\nline two",
                average_time=None if i % 4 else "2 hours")
        for i in range(1, n + 1)
    ]


# (the file's own damage checks run on SQLite alone)
SQLITE_ONLY = pytest.mark.parametrize("engine", ["sqlite"])


@pytest.fixture
def open_store(data_dir: Path, engine_address: str | None):
    """Opens the store of the test's engine (tests/engines.py) on ``data_dir`` — a start of the
    app: a local file, or this desk on the team database; each closed after the test."""
    opened: list = []

    def open_() -> Store:
        if engine_address is None:
            s = Store(data_dir)
        else:
            from smmdesk.store.pg.location import parse_store
            from smmdesk.store.pg.store import TeamStore

            s = TeamStore(parse_store(engine_address), data_dir)  # type: ignore[assignment]
        opened.append(s)
        return s

    yield open_
    for s in opened:
        s.close()


@pytest.fixture
def store(open_store):
    s = open_store()
    s.panels.insert_panel(Panel(id=PID, name="Main panel", url="http://127.0.0.1:9/api/v2",
                                currency="TRY"))
    s.services.apply_services(PID, catalogue())
    return s


def without_descriptions(rows):
    return [dataclasses.replace(r, service=dataclasses.replace(r.service, description=""))
            for r in rows]


def test_the_table_holds_what_the_rows_hold_without_descriptions(store) -> None:
    table = store.services.services_table()
    assert table.rows() == without_descriptions(store.services.list_services())
    if store.db.engine != "sqlite":
        return  # the team store reads row by row (no group_concat): nothing shared to check
    # values services share are stored once (SQLite's compact read)
    assert table.categories[0] is table.categories[5]
    assert table.rates[0] is table.rates[259]  # the same rate string: one Decimal


def test_start_up_reads_the_snapshot_and_it_matches_the_database(store, data_dir,
                                                                open_store) -> None:
    table, hay = store.services.services_view()
    # (the team store keeps no snapshot: each start reads the server, pg/repos.py)
    assert (data_dir / snapshot.DIR_NAME / f"{PID}.txt").exists() is (
        store.db.engine == "sqlite")
    again, hay2 = open_store().services.services_view()  # a second start: from the snapshot
    assert again.rows() == table.rows() == without_descriptions(store.services.list_services())
    assert hay2 == hay == [haystack_of(r.service.id, r.service.name, r.service.category)
                           for r in store.services.list_services()]


def point_row_7_past_its_values(path: Path, section: int) -> None:
    """Damage a snapshot file: in section number ``section`` (a coded column's codes: 5 the
    types', -1 the last column's), row 7's code points past the column's values."""
    data = bytearray(path.read_bytes())
    end = data.index(b"\n")
    sizes = json.loads(data[:end])["sections"]
    codes_at = end + 1 + sum(sizes[:section])
    data[codes_at + 4 * 7:codes_at + 4 * 8] = (10**9 + 1).to_bytes(4, "little")
    path.write_bytes(bytes(data))


def test_a_snapshot_whose_coded_column_points_past_its_values_is_not_used(
        data_dir: Path) -> None:
    s = Store(data_dir)  # (the team store keeps no snapshot)
    try:
        s.panels.insert_panel(Panel(id=PID, name="Main panel", url="http://127.0.0.1:9/api/v2",
                                    currency="TRY"))
        s.services.apply_services(PID, catalogue())
        expected = s.services.services_view()[0].rows()  # (writes the snapshot)
    finally:
        s.close()
    # the first coded column's codes (the types)
    point_row_7_past_its_values(data_dir / snapshot.DIR_NAME / f"{PID}.txt", 5)
    again = Store(data_dir)
    try:
        table = again.services.services_view()[0]  # the database read instead
        assert table.rows() == expected
        assert table.rows()[7].service.type == expected[7].service.type is not None
    finally:
        again.close()


def test_a_panel_whose_snapshot_fails_half_way_leaves_no_row_behind(data_dir: Path) -> None:
    """All panels are read into one table: a second panel's snapshot found damaged in its
    last column (after the others were appended) is undone and read from the database, and
    each panel's own table (for the comparison) is exactly its rows."""
    other = "panel000000000002"
    s = Store(data_dir)
    try:
        for pid, name in ((PID, "Main panel"), (other, "Second panel")):
            s.panels.insert_panel(Panel(id=pid, name=name, url="http://127.0.0.1:9/api/v2",
                                        currency="TRY"))
        s.services.apply_services(PID, catalogue())
        s.services.apply_services(other, catalogue(120, rate_of=lambda i: Decimal(i)))
        expected = s.services.services_view()[0].rows()  # (writes both snapshots)
    finally:
        s.close()
    # the last coded column's codes (first seen)
    point_row_7_past_its_values(data_dir / snapshot.DIR_NAME / f"{other}.txt", -1)
    again = Store(data_dir)
    try:
        parts: dict = {}
        table, hay = again.services.services_view(None, parts)
        assert len(table) == len(hay) == 300 + 120
        assert table.rows() == expected
        assert [r.panel_id for r in table.rows()] == [PID] * 300 + [other] * 120
        assert parts[PID][1]().rows() == expected[:300]
        assert parts[other][1]().rows() == expected[300:]
        assert parts[PID][1]().names[0] is table.names[0]  # the same values, not a copy
    finally:
        again.close()


def test_a_favourite_and_a_price_change_survive_a_restart(store, open_store) -> None:
    store.services.services_view()  # the snapshot exists
    store.services.set_favourite(PID, 7, True)
    store.services.apply_services(PID, catalogue(rate_of=lambda i: Decimal("9.99") if i == 8
                                                 else Decimal(f"{i % 37}.{i % 7}5"))[:-1])
    store.close()
    reopened = open_store()
    try:
        table, _ = reopened.services.services_view()
        rows = {r.service.id: r for r in table.rows()}
        assert rows[7].favourite and not rows[6].favourite
        assert rows[8].service.rate == Decimal("9.99") and rows[8].previous_rate is not None
        assert 300 not in rows  # removed by the panel: not shown
        assert table.rows() == without_descriptions(reopened.services.list_services())
        # and once more, now from the snapshot written by that read
        assert open_store().services.services_view()[0].rows() == table.rows()
    finally:
        reopened.close()


def test_a_snapshot_from_another_database_is_not_used(store, data_dir, engine_address,
                                                      open_store, tmp_path) -> None:
    store.services.services_view()
    store.close()
    if engine_address is not None:
        # The team store: another desk marks a favourite (its own data folder); this desk's
        # snapshot, written before, is not used (panels.services_version moved).
        from smmdesk.store.pg.location import parse_store
        from smmdesk.store.pg.store import TeamStore

        other_dir = tmp_path / "other-desk"
        other_dir.mkdir()
        other = TeamStore(parse_store(engine_address), other_dir)
        try:
            other.services.set_favourite(PID, 3, True)
        finally:
            other.close()
        assert open_store().services.services_view()[0].row(2).favourite
        return
    # The file replaced behind the app's back (a copy restored by hand): different file.
    db = data_dir / DB_NAME
    copy = data_dir / "other.sqlite3"
    copy.write_bytes(db.read_bytes())
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE services SET favourite = 1 WHERE service_id = 3")
    conn.commit()
    conn.close()
    copy.replace(db)
    s = Store(data_dir)
    try:
        assert s.services.services_view()[0].row(2).favourite
    finally:
        s.close()


def test_a_name_holding_the_separator_is_read_from_the_database(data_dir, open_store) -> None:
    s = open_store()
    try:
        s.panels.insert_panel(Panel(id=PID, name="P", url="http://127.0.0.1:9/api/v2"))
        odd = catalogue(5)
        odd[2] = dataclasses.replace(odd[2], name="odd\x1fname\x1e")
        s.services.apply_services(PID, odd)
        table, hay = s.services.services_view()
        assert table.names[2] == "odd\x1fname\x1e" and hay[2] == "3 odd name instagram 3"
        assert table.rows() == without_descriptions(s.services.list_services())
        assert not (data_dir / snapshot.DIR_NAME / f"{PID}.txt").exists()
    finally:
        s.close()


def test_the_description_is_read_when_a_service_is_opened(store) -> None:
    assert store.services.services_table().row(0).service.description == ""
    assert store.services.get_service(PID, 1).description == "Description of service 1\nline two"


# ------------------------------------------------------------ damage found after opening


def damage_an_index(db: Path) -> None:
    """Scribble over a page of the services' index: the file opens, quick_check fails."""
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = "
                        "'sqlite_autoindex_services_1'").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * page_size + 8)
        f.write(b"\xff\x13" * 200)


@SQLITE_ONLY
def test_a_large_damaged_file_is_found_after_opening_and_written_no_more(
        store, data_dir, monkeypatch) -> None:
    store.close()
    db = data_dir / DB_NAME
    damage_an_index(db)
    monkeypatch.setattr(database, "QUICK_CHECK_ON_OPEN_BYTES", 0)  # "large": checked later
    s = Store(data_dir)
    try:
        assert s.db.check_pending
        before = hashlib.sha256(db.read_bytes()).hexdigest()
        found = s.db.deferred_check()
        assert isinstance(found, DatabaseCorruptError)
        assert s.db.damaged and not s.db.check_pending
        with pytest.raises(DatabaseCorruptError):
            s.services.set_favourite(PID, 2, True)
        with pytest.raises(DatabaseCorruptError):
            s.services.apply_services(PID, catalogue(3))
    finally:
        s.close()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


@SQLITE_ONLY
def test_a_small_file_is_still_checked_before_opening(store, data_dir) -> None:
    store.close()
    damage_an_index(data_dir / DB_NAME)
    with pytest.raises(DatabaseCorruptError):
        Store(data_dir)


@SQLITE_ONLY
def test_a_healthy_large_file_passes_the_deferred_check(store, data_dir, monkeypatch) -> None:
    store.close()
    monkeypatch.setattr(database, "QUICK_CHECK_ON_OPEN_BYTES", 0)
    s = Store(data_dir)
    try:
        assert s.db.check_pending and s.db.deferred_check() is None
        s.services.set_favourite(PID, 2, True)  # writes go on
    finally:
        s.close()


def test_prices_keep_their_exact_digits_through_the_snapshot(open_store) -> None:
    s = open_store()
    try:
        s.panels.insert_panel(Panel(id=PID, name="P", url="http://127.0.0.1:9/api/v2"))
        s.services.apply_services(PID, catalogue(4, rate_of=lambda i: Decimal("1.0") if i % 2
                                                 else Decimal("1.00")))
        s.services.services_view()
        again, _ = open_store().services.services_view()  # from the snapshot
        assert [str(r) for r in again.rates] == ["1.0", "1.00", "1.0", "1.00"]
    finally:
        s.close()


def test_a_refresh_leaves_the_snapshot_the_next_start_up_reads(data_dir, simulator,
                                                               engine_address) -> None:
    from smmdesk.workspace import Workspace

    with Workspace(data_dir, store=engine_address) as ws:
        panel = ws.add_panel("Sim", simulator.url, simulator.key)
        ws.refresh_services(panel.id)
        path = data_dir / snapshot.DIR_NAME / f"{panel.id}.txt"
        local = engine_address is None  # (the team store keeps no snapshot: pg/repos.py)
        assert path.exists() is local
        simulator.update_service(3, rate=Decimal("7.77"))
        ws.refresh_services(panel.id)
        assert path.exists() is local
        table, _ = ws.services_for_view(panel.id)  # from that snapshot
        row = table.row(table.find(panel.id, 3))
        assert row.service.rate == Decimal("7.77") and row.previous_rate is not None
        assert table.rows() == without_descriptions(ws.services(panel.id))
