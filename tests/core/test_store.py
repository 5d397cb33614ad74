"""The SQLite store: schema, migrations, damaged/newer files, history paging, threads."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from smmdesk import store as store_mod
from smmdesk.models import (
    Balance,
    OrderState,
    OrderStatus,
    OutcomeKind,
    Panel,
    Service,
    SubmitState,
)
from smmdesk.refillwindow import LIFETIME
from smmdesk.store import (
    DB_NAME,
    SCHEMA_VERSION,
    Database,
    DatabaseCorruptError,
    NewerDatabaseError,
    OrderFilter,
    Store,
    migrations,
    orders,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def svc(sid: int = 1, rate: str = "1.5", name: str = "Followers", **kw) -> Service:
    return Service(id=sid, name=name, type="Default", category="Cat", rate=Decimal(rate),
                   min=10, max=1000, **kw)


@pytest.fixture
def store(data_dir: Path):
    s = Store(data_dir)
    s.panels.insert_panel(Panel(id="p1", name="One", url="https://one.example/api/v2"))
    yield s
    s.close()


def raw(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


# ----------------------------------------------------------------------------- schema


def test_new_database_is_wal_with_foreign_keys_and_version(store: Store) -> None:
    c = store.db._c
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.schema_version == SCHEMA_VERSION
    assert store.db.integrity_check() == ["ok"]


def test_panels_table_has_no_key_column(engine_store: Any) -> None:
    store = engine_store  # each engine (tests/engines.py)
    if store.db.engine == "sqlite":
        cols = {r[1] for r in store.db._c.execute("PRAGMA table_info(panels)")}
    else:
        cols = {r[0] for r in store.db.read(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'smmdesk' AND table_name = 'panels'")}
    assert "url" in cols  # (the query read the table)
    assert not any("key" in c or "secret" in c or "token" in c for c in cols), cols


def test_panels_list_in_the_order_they_were_added_even_within_one_millisecond(
        engine_store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import smmdesk.store.panels as panels_mod

    now = datetime(2026, 12, 7, 12, 0, 0, 123000, tzinfo=UTC)

    class Frozen(datetime):  # every panel added at the same instant
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            return now

    monkeypatch.setattr(panels_mod, "datetime", Frozen)
    # ids whose sort order is the reverse of the order they are added in
    ids = ["p9", "p8", "p7", "p6", "p5", "p4"]
    for pid in ids:
        engine_store.panels.insert_panel(Panel(id=pid, name=pid, url=f"https://{pid}.example"))
    assert [p.id for p in engine_store.panels.list_panels()] == ["p1", *ids]


def test_money_is_decimal_text_never_real(engine_store: Any) -> None:
    """Money is exact in both engines: Decimal text in SQLite, numeric in PostgreSQL."""
    store = engine_store  # each engine (tests/engines.py)
    store.services.apply_services("p1", [svc(rate="0.00123456789")])
    oid = store.orders.insert_submitting(panel_id="p1", service=svc(), fields={}, link="x",
                                         quantity=1, charge_estimate=Decimal("0.1"),
                                         currency="USD")
    store.panels.add_balance("p1", Balance(Decimal("100.84292"), "USD"))
    if store.db.engine == "sqlite":
        c = store.db._c
        assert c.execute("SELECT typeof(rate), rate FROM services").fetchone() == (
            "text", "0.00123456789")
        assert c.execute("SELECT typeof(charge_estimate) FROM orders WHERE id=?",
                         (oid,)).fetchone() == ("text",)
        assert c.execute("SELECT typeof(amount) FROM balances").fetchone() == ("text",)
    else:
        [(kind, rate)] = store.db.read("SELECT pg_typeof(rate)::text, rate FROM services")
        assert kind == "numeric" and str(rate) == "0.00123456789"
        assert store.db.read("SELECT pg_typeof(charge_estimate)::text, charge_estimate::text "
                             "FROM orders WHERE id = ?", (oid,)) == [("numeric", "0.1")]
        assert store.db.read("SELECT pg_typeof(amount)::text FROM balances") == [("numeric",)]
    assert store.panels.last_balance("p1")[0] == Balance(Decimal("100.84292"), "USD")


_FINAL = "('canceled', 'completed', 'failed', 'partial')"
# Every lookup of the store and the history's first pages go through an index (schema v10
# dropped the ones nothing needed: proved here by the plans of the queries that remain).
INDEXED_QUERIES = {
    "first page": ("SELECT id FROM orders ORDER BY created_at DESC, id DESC LIMIT 200", ()),
    "a panel's first page": (f"SELECT id FROM orders WHERE {orders.PANEL_IS} "
                             "ORDER BY created_at DESC, id DESC LIMIT 200", ("p1",)),
    "two panels' first page": ("SELECT id FROM orders WHERE panel_key IN (SELECT key FROM "
                               "panel_keys WHERE id IN (?, ?)) "
                               "ORDER BY created_at DESC, id DESC LIMIT 200", ("p1", "p2")),
    "Canceled tab": ("SELECT id FROM orders WHERE (submit_state = 'placed' AND state = "
                     "'canceled') ORDER BY created_at DESC, id DESC LIMIT 200", ()),
    "Partial tab": ("SELECT id FROM orders WHERE (submit_state = 'placed' AND state = "
                    "'partial') ORDER BY created_at DESC, id DESC LIMIT 200", ()),
    "by remote id": (f"SELECT id FROM orders WHERE {orders.PANEL_IS} AND remote_id = ? "
                     "AND submit_state = 'placed'", ("p1", 5)),
    "duplicate check": (f"SELECT id FROM orders WHERE {orders.PANEL_IS} AND service_id = ? "
                        "AND link = ? AND not_found = 0 AND submit_state IN "
                        f"('placed','uncertain','submitting') AND state NOT IN {_FINAL} "
                        "ORDER BY id DESC LIMIT 1", ("p1", 1, "l")),
    "left sending": ("SELECT id FROM orders WHERE submit_state = 'submitting' "
                     "AND created_at <= ?", (0,)),
    "active orders": (f"SELECT id, remote_id FROM orders WHERE {orders.PANEL_IS} "
                      "AND submit_state = "
                      f"'placed' AND not_found = 0 AND state NOT IN {_FINAL} "
                      "AND remote_id IS NOT NULL ORDER BY id", ("p1",)),
    "a service name's orders": ("SELECT id FROM orders WHERE name_id IN (SELECT id FROM "
                                "order_names WHERE folded LIKE '%x%')", ()),
}


@pytest.mark.parametrize("query", sorted(INDEXED_QUERIES))
def test_history_filters_and_lookups_use_an_index(store: Store, query: str) -> None:
    sql, args = INDEXED_QUERIES[query]
    plan = [r[3] for r in store.db._c.execute("EXPLAIN QUERY PLAN " + sql, args)]
    on_orders = [step for step in plan if " orders" in step]
    assert on_orders and all("INDEX" in step or "PRIMARY KEY" in step
                             for step in on_orders), plan


def test_redundant_order_indexes_are_gone(store: Store) -> None:
    names = {r[0] for r in store.db._c.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"orders_panel", "orders_created", "orders_remote_unique", "orders_active",
            "orders_name", "orders_duplicate", "orders_sending", "orders_settled"} <= names
    assert not names & {"orders_remote", "orders_link", "orders_state", "orders_submit_state"}


# ----------------------------------------------------------------------------- migrations


# One fixture per released schema (tests/fixtures/make_fixtures.py writes a new one).
RELEASED_SCHEMAS = sorted(
    int(p.stem.removeprefix("schema_v")) for p in FIXTURES.glob("schema_v*.sqlite3")
)


def test_every_released_schema_has_a_fixture() -> None:
    assert sorted(migrations.MIGRATIONS) == RELEASED_SCHEMAS, (
        "run tests/fixtures/make_fixtures.py N for a new schema version N")


def raw_rows(s: Store, sql: str) -> list[tuple]:
    return [tuple(r) for r in s.db.read(sql)]


@pytest.mark.parametrize("version", RELEASED_SCHEMAS)
def test_fixture_database_of_each_schema_version_opens_and_migrates(
    data_dir: Path, version: int
) -> None:
    fixture = FIXTURES / f"schema_v{version}.sqlite3"
    assert fixture.exists(), "run tests/fixtures/make_fixtures.py for a new schema version"
    shutil.copy(fixture, data_dir / DB_NAME)
    s = Store(data_dir)
    try:
        assert s.db.schema_version == SCHEMA_VERSION
        assert s.db.integrity_check() == ["ok"]
        orders = s.queries.order_page(None, "id", 0, None)
        assert [o.id for o in orders] == [1, 2, 3, 4]
        assert orders[0].charge == Decimal("0.9") and orders[0].state is OrderState.COMPLETED
        assert orders[2].submit_state is SubmitState.UNCERTAIN
        assert orders[1].fields == {"link": "https://instagram.com/b", "quantity": "500"}
        assert s.panels.last_balance("p1")[0].amount == Decimal("100.84292")
        assert [p.id for p in s.panels.list_panels()] == ["p1"]
        assert len(s.services.list_services("p1")) == 2
        assert s.orders.order_events(1)[0].note == "fixture"
        # the newer schema's features work on the migrated data
        s.orders.add_refill(1, "77", None)
        assert s.orders.order_refills(1)[0].remote_id == "77"
        assert s.orders.active_orders("p1") == [(2, 502)]
        # v16: the refusal kept in words is a kind now, the panel's words beside it; a text
        # the app never wrote stays as it was
        assert orders[3].outcome is OutcomeKind.FUNDS and orders[3].error == "Not enough funds"
        assert orders[2].outcome is None and orders[2].error == "connection closed"
        # what the later versions added survived every step after them
        if version >= 5:
            assert raw_rows(s, "SELECT per_unit FROM exchange_rates") == [("1.08",)]
        if version >= 6:
            assert raw_rows(s, "SELECT service_name, runs_done FROM schedules") == [
                ("Followers", 1)]
            assert raw_rows(s, "SELECT order_id FROM schedule_runs") == [(1,)]
            # a window "with no end" is the one lifetime, whatever version wrote it
            assert raw_rows(s, "SELECT window_days FROM auto_refill_orders") == [(LIFETIME,)]
        if version >= 13:
            assert raw_rows(s, "SELECT order_id, state FROM mass_lines") == [(1, "sent")]
        # v17: the orders of the home currency (set from v5) have the rate 1; the others none
        assert orders[0].home_rate == (Decimal(1) if version >= 5 else None)
        if version >= 17:
            assert raw_rows(s, "SELECT name, folded FROM customers") == [
                ("Ayşe Yılmaz", "ayse yilmaz")]
            assert orders[0].customer_id == 1 and orders[0].sell_price == Decimal("1.50")
            assert orders[0].profit_home == Decimal("0.60")
        # the ledger's tally holds every placed order, whatever version recorded it
        assert raw_rows(s, "SELECT SUM(n) FROM ledger_tally") == [(2,)]
    finally:
        s.close()
    backups = Database.backups(data_dir)
    if version < SCHEMA_VERSION:
        assert len(backups) == 1 and backups[0].name.startswith(f"{DB_NAME}.bak-v{version}-")
        assert raw(backups[0], "PRAGMA user_version") == [(version,)]
        assert raw(backups[0], "SELECT COUNT(*) FROM orders") == [(4,)]
    else:
        assert backups == []


def test_failed_migration_step_rolls_back_completely(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(FIXTURES / "schema_v1.sqlite3", data_dir / DB_NAME)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations, "MIGRATIONS", {1: migrations.MIGRATIONS[1], 2: broken})
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    with pytest.raises(RuntimeError):
        Store(data_dir)
    path = data_dir / DB_NAME
    assert raw(path, "PRAGMA user_version") == [(1,)]
    assert raw(path, "SELECT name FROM sqlite_master WHERE name='half_done'") == []
    assert raw(path, "SELECT COUNT(*) FROM orders") == [(4,)]


def test_newer_database_is_refused_with_a_clear_message(data_dir: Path) -> None:
    Store(data_dir).close()
    path = data_dir / DB_NAME
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError) as exc:
        Store(data_dir)
    assert "newer version of SMM Desk" in str(exc.value)
    assert exc.value.found == SCHEMA_VERSION + 5
    assert path.read_bytes() == before


def test_file_that_is_not_a_database_is_reported_damaged(data_dir: Path) -> None:
    (data_dir / DB_NAME).write_bytes(b"this is not sqlite at all " * 400)
    with pytest.raises(DatabaseCorruptError) as exc:
        Store(data_dir)
    assert "damaged" in str(exc.value)
    moved = Database.move_aside(data_dir)
    assert moved is not None and moved.exists() and moved.name.startswith(f"{DB_NAME}.damaged-")
    s = Store(data_dir)  # a fresh start
    assert s.db.schema_version == SCHEMA_VERSION
    s.close()


def test_damaged_pages_are_detected_and_backup_can_be_restored(data_dir: Path) -> None:
    shutil.copy(FIXTURES / "schema_v1.sqlite3", data_dir / DB_NAME)
    s = Store(data_dir)  # migrates -> a backup exists
    s.orders.bulk_insert_placed("p1", svc(),
                                ((10_000 + i, f"https://x/{i}", 10) for i in range(5000)))
    s.close()
    path = data_dir / DB_NAME
    data = bytearray(path.read_bytes())
    page = 4096
    for p in range(3, min(12, len(data) // page)):  # scribble over some b-tree pages
        data[p * page + 8 : p * page + 400] = b"\xff" * 392
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorruptError):
        Store(data_dir)
    restored = Database.restore_latest_backup(data_dir)
    assert restored is not None and restored.name.startswith(f"{DB_NAME}.bak-v1-")
    assert list(data_dir.glob(f"{DB_NAME}.damaged-*"))
    s = Store(data_dir)
    try:
        assert s.db.integrity_check() == ["ok"]
        assert s.queries.order_count() == 4  # the fixture's orders, from before the damage
    finally:
        s.close()


def test_restore_without_backup_returns_none(data_dir: Path) -> None:
    assert Database.restore_latest_backup(data_dir) is None


# ----------------------------------------------------------------------------- services


def test_services_diff_first_seen_removed_and_previous_rate(engine_store: Any) -> None:
    store = engine_store  # each engine (tests/engines.py)
    first = store.services.apply_services("p1", [svc(1, "1.0"), svc(2, "2.0"), svc(3, "3.0")])
    assert first.total == 3 and len(first.added) == 3
    diff = store.services.apply_services("p1", [svc(1, "1.0"), svc(2, "2.5"), svc(4, "4.0")])
    assert [s.id for s in diff.added] == [4]
    assert [s.id for s in diff.removed] == [3]
    assert [(a.rate, b.rate) for a, b in diff.repriced] == [(Decimal("2.0"), Decimal("2.5"))]
    rows = {r.service.id: r for r in store.services.list_services("p1")}
    assert set(rows) == {1, 2, 4}
    assert rows[2].previous_rate == Decimal("2.0") and rows[2].service.rate == Decimal("2.5")
    assert rows[1].previous_rate is None
    with_removed = {r.service.id: r
                    for r in store.services.list_services("p1", include_removed=True)}
    assert with_removed[3].removed
    back = store.services.apply_services("p1", [svc(1, "1.0"), svc(2, "2.5"), svc(3, "3.0")])
    assert [s.id for s in back.added] == [3] and [s.id for s in back.removed] == [4]
    store.services.set_favourite("p1", 1, True)
    assert {r.service.id: r.favourite for r in store.services.list_services("p1")}[1] is True


# ----------------------------------------------------------------------------- history


def _seed_history(store: Store) -> None:
    store.panels.insert_panel(Panel(id="p2", name="Two", url="https://two.example/api/v2"))
    store.orders.bulk_insert_placed("p1", svc(1, name="Insta Likes"), [
        (100, "https://insta.com/a_b", 10), (101, "https://insta.com/a%b", 10),
        (102, "https://insta.com/axb", 10)])
    store.orders.bulk_insert_placed("p2", svc(2, name="YouTube Views"),
                                    [(5000, "https://yt.com/v", 1)])
    store.orders.apply_statuses("p1", {100: OrderStatus(100, OrderState.COMPLETED, "Completed",
                                                        Decimal("0.5"), 1, 0)})
    store.orders.apply_statuses("p1", {101: OrderStatus(101, OrderState.PARTIAL, "Partial")})
    store.orders.apply_statuses("p1", {102: ValueError("Incorrect order ID")}, not_found=[102])
    oid = store.orders.insert_submitting(panel_id="p2", service=svc(2), fields={}, link="l",
                                         quantity=1, charge_estimate=Decimal(1), currency=None)
    store.orders.set_submit_result(oid, SubmitState.UNCERTAIN, error="dropped")


def test_search_escapes_like_wildcards(engine_store: Any) -> None:
    store = engine_store  # each engine (tests/engines.py)
    _seed_history(store)
    links = lambda q: sorted(o.link for o in store.queries.order_page({"search": q}))  # noqa: E731
    # Punctuation is folded to a space (issue 12): "a_b" and "a%b" are the same search, but
    # neither is a wildcard, so "axb" is not found.
    assert links("a_b") == links("a%b") == ["https://insta.com/a%b", "https://insta.com/a_b"]
    assert links("INSTA LIKES") == ["https://insta.com/a%b", "https://insta.com/a_b",
                                    "https://insta.com/axb"]
    assert [o.remote_id for o in store.queries.order_page({"search": "#5000"})] == [5000]
    assert [o.remote_id for o in store.queries.order_page({"search": "10"})] == [102, 101, 100]


def test_counts_by_bucket_and_filters(engine_store: Any) -> None:
    store = engine_store  # each engine (tests/engines.py)
    _seed_history(store)
    counts = store.queries.order_counts_by_bucket()
    assert counts == {"all": 5, "active": 1, "completed": 1, "partial": 1, "canceled": 0,
                      "attention": 2}
    assert store.queries.order_counts_by_bucket({"panel_id": "p1"})["all"] == 3
    assert store.queries.order_count(OrderFilter(bucket="attention")) == 2
    assert store.queries.order_count(OrderFilter(panel_ids=("p2",), bucket="active")) == 1
    assert store.queries.order_count({"states": [OrderState.COMPLETED]}) == 1
    assert store.queries.order_count({"submit_states": [SubmitState.UNCERTAIN]}) == 1
    page = store.queries.order_page(None, ("remote_id", False), 1, 2)
    assert [o.remote_id for o in page] == [100, 101]
    assert [o.remote_id for o in store.queries.order_page(None, "-charge", 0, 1)] == [100]
    with pytest.raises(ValueError):
        store.queries.order_page(None, "key; DROP TABLE orders", 0, 10)


def test_hundred_thousand_orders_page_by_sql(engine_store: Any) -> None:
    """What the pages over 100,000 orders hold; how fast they come is bench/bench_store.py's
    business (timing limits here flaked on a loaded machine)."""
    store = engine_store  # each engine (tests/engines.py)
    base = store_mod.now_ms() - 100_000_000
    store.orders.bulk_insert_placed(
        "p1", svc(), ((i, f"https://site.example/post/{i}", 100) for i in range(1, 100_001)),
        created_at_ms=base)
    assert store.queries.order_count() == 100_000
    # the provider watch counted each of them once (on PostgreSQL per statement: step 7)
    assert store.db.read("SELECT sum(orders) FROM watch_days") == [(100_000,)]

    page = store.queries.order_page(None, None, 0, 200)
    assert len(page) == 200 and page[0].remote_id == 100_000
    assert [o.remote_id for o in page] == list(range(100_000, 99_800, -1))
    deep = store.queries.order_page({"panel_id": "p1"}, "-created_at", 50_000, 200)
    assert [o.remote_id for o in deep] == list(range(50_000, 49_800, -1))
    counts = store.queries.order_counts_by_bucket()
    assert counts["all"] == 100_000 and counts["active"] == 100_000
    hits = store.queries.order_page({"search": "post/9999"}, None, 0, 200)
    assert {o.remote_id for o in hits} == {9999, 99990, 99991, 99992, 99993, 99994, 99995,
                                           99996, 99997, 99998, 99999}
    by_state = store.queries.order_page({"bucket": "active"}, None, 0, 200)
    assert [o.remote_id for o in by_state] == [o.remote_id for o in page]


# ----------------------------------------------------------------------------- threads


def test_parallel_writers_and_readers_from_threads(engine_store: Any) -> None:
    store = engine_store  # each engine (tests/engines.py)
    store.services.apply_services("p1", [svc()])
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(50):
                oid = store.orders.insert_submitting(panel_id="p1", service=svc(), fields={"n": n},
                                                     link=f"{n}/{i}", quantity=1,
                                                     charge_estimate=Decimal(1), currency="USD")
                store.orders.set_submit_result(oid, SubmitState.PLACED, remote_id=n * 1000 + i)
                store.queries.order_page(None, None, 0, 20)
                store.queries.order_counts_by_bucket()
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert store.queries.order_count({"submit_states": [SubmitState.PLACED]}) == 400
    if store.db.engine == "sqlite":  # (a file's own check; the server keeps its pages)
        assert store.db.integrity_check() == ["ok"]


def test_a_huge_refusal_is_kept_verbatim_up_to_a_cap(engine_store: Any) -> None:
    store = engine_store  # each engine (tests/engines.py)
    from smmdesk.store import MAX_ERROR_TEXT

    store.panels.insert_panel(Panel(id="p2", name="Two", url="https://two.example/api/v2"))
    oid = store.orders.insert_submitting(panel_id="p2", service=svc(2), fields={}, link="l",
                                         quantity=1, charge_estimate=Decimal(1), currency=None)
    page = "Not enough funds. " + "x" * 600_000
    order = store.orders.set_submit_result(oid, SubmitState.REJECTED, error=page)
    assert order.error.startswith(page[:MAX_ERROR_TEXT])
    assert len(order.error) < MAX_ERROR_TEXT + 60
    assert order.error.endswith(f"… [{len(page) - MAX_ERROR_TEXT} more characters not kept]")
    short = store.orders.insert_submitting(panel_id="p2", service=svc(2), fields={}, link="m",
                                           quantity=1, charge_estimate=Decimal(1), currency=None)
    assert store.orders.set_submit_result(short, SubmitState.REJECTED, error="Bad link").error == (
        "Bad link")


# ------------------------------------------------------------------ issue 12, item 2


TURKISH_NAMES = [
    (1, "İNSTAGRAM İzlenme | Hızlı"), (2, "Instagram TAKİPÇİ [Türk]"), (3, "YouTube Beğeni 🔥"),
    (4, "𝐋𝐐 𝐏𝐫𝐨𝐟𝐢𝐥𝐞𝐬 ᴛɢ Members"), (5, "Real &amp; Active Likes"), (6, "Facebook Page Likes"),
]


def _seed_turkish(store: Store) -> None:
    for sid, name in TURKISH_NAMES:
        store.orders.bulk_insert_placed("p1", svc(sid, name=name),
                                        [(sid, f"https://x.example/{sid}", 1)])


@pytest.mark.parametrize(("query", "found"), [
    ("izlenme", [1]), ("instagram", [1, 2]), ("İNSTAGRAM", [1, 2]), ("TAKİPÇİ", [2]),
    ("takipci", [2]), ("HIZLI", [1]), ("hızlı", [1]), ("begeni", [3]), ("BEĞENİ", [3]),
    ("🔥 beğeni", [3]), ("lq profiles", [4]), ("tg members", [4]), ("real & active", [5]),
    ("türk", [2]), ("tu", [2, 3]), ("iz", [1]),
])
def test_history_search_folds_like_people_type(engine_store: Any, query: str,
                                               found: list[int]) -> None:
    store = engine_store  # each engine (tests/engines.py)
    _seed_turkish(store)
    assert sorted(o.remote_id for o in store.queries.order_page({"search": query})) == found
    assert store.queries.order_count({"search": query}) == len(found)


def test_history_search_index_follows_renames_and_deletes(store: Store) -> None:
    _seed_turkish(store)
    with store.db.transaction() as c:  # the name lives once in order_names (v11): a new id
        c.execute("UPDATE orders SET name_id = ? WHERE remote_id = 6",
                  (orders.name_id_of(c, "Hızlı TAKİPÇİ"),))
    assert [o.remote_id for o in store.queries.order_page({"search": "takipci hizli"})] == []
    assert sorted(o.remote_id for o in store.queries.order_page({"search": "hizli takipci"})) == [6]
    store.db._c.execute("DELETE FROM orders WHERE remote_id = 6")
    assert sorted(o.remote_id for o in store.queries.order_page({"search": "takipci"})) == [2]
    store.db._c.execute("INSERT INTO orders_fts(orders_fts) VALUES ('integrity-check')")


def test_v3_database_gets_a_folded_index(data_dir: Path) -> None:
    shutil.copy(FIXTURES / "schema_v3.sqlite3", data_dir / DB_NAME)
    conn = sqlite3.connect(data_dir / DB_NAME)
    conn.execute("UPDATE orders SET service_name = 'İNSTAGRAM TAKİPÇİ' WHERE id = 1")
    conn.commit()
    conn.close()
    s = Store(data_dir)
    try:
        assert s.db.schema_version >= 7
        assert [o.id for o in s.queries.order_page({"search": "instagram takipci"})] == [1]
        assert [o.id for o in s.queries.order_page({"search": "takipçi"})] == [1]
    finally:
        s.close()


def test_a_login_filter_matches_no_local_order(engine_store: Any) -> None:
    """A local workspace's orders have no login: filtering by one finds none (a team store's
    filter is tested with real logins in test_team_workspace)."""
    store = engine_store
    store.orders.bulk_insert_placed("p1", svc(), [(1, "https://x.example/1", 10)])
    who = "postgres" if store.db.engine == "postgresql" else None  # the team store's login
    assert store.queries.order_count({"placed_by": "nobody"}) == 0
    assert store.queries.order_page({"placed_by": "nobody"}) == []
    if who is not None:
        assert store.queries.order_count({"placed_by": who}) == 1


def test_closing_does_not_analyze_the_orders_again_for_an_empty_partial_index(
        data_dir: Path) -> None:
    """``PRAGMA optimize`` at close analyzed every order at each close while an index had no
    statistics, which ANALYZE never writes for an empty index (orders being sent, customers)."""
    s = Store(data_dir)
    s.panels.insert_panel(Panel(id="p1", name="One", url="https://one.example/api/v2"))
    s.orders.bulk_insert_placed("p1", svc(1), [(100 + i, f"https://x.com/{i}", 10)
                                              for i in range(50)])
    s.db._c.execute("ANALYZE")  # as the migrations leave the file
    s.close()

    def would_analyze() -> list[str]:
        again = Store(data_dir)
        try:
            again.queries.order_page({"search": "x.com"})  # the planner reads the statistics
            return [r[0] for r in again.db._c.execute("PRAGMA optimize(-1)")]
        finally:
            again.close()

    # the first close writes the empty indexes' statistics; from then on nothing to do
    would_analyze()
    assert not any('"orders"' in step for step in would_analyze())
    stats = dict(raw(data_dir / DB_NAME, "SELECT idx, stat FROM sqlite_stat1"))
    assert stats["orders_sending"] == "1 1"  # one entry, one column: an index for rare rows
    assert stats["orders_created"].startswith("50 ")  # a real index keeps its own figures


def test_an_export_reads_every_order_in_its_order_a_chunk_at_a_time(
        engine_store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    store = engine_store  # each engine (tests/engines.py)
    _seed_history(store)
    store.orders.bulk_insert_placed("p1", svc(3, name="Tiktok Views"), [
        (7000 + i, f"https://tt.com/v{i}", 10 + i) for i in range(23)])
    reads: list[str] = []
    read = store.db.read
    monkeypatch.setattr(store.db, "read", lambda sql, args=(): reads.append(sql) or read(
        sql, args))
    for filters, sort in ((None, ("created_at", False)),
                          ({"search": "tt.com"}, ("quantity", True)),
                          ({"panel_id": "p1"}, ("remote_id", False)), (None, None)):
        whole = store.queries.order_page(filters, sort, 0, None)
        reads.clear()
        chunked = list(store.queries.iter_orders(filters, sort, chunk=4))
        assert [o.id for o in chunked] == [o.id for o in whole] and chunked == whole
        rows_reads = [q for q in reads if not q.startswith("SELECT id FROM")]
        assert len(rows_reads) == -(-len(whole) // 4)  # one read per chunk of four
    assert len(whole) == 28  # the seed's five and the 23
