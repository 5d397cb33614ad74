"""Schema v10 (issue 14, the file for a million orders): service names are matched once per
distinct name, links and order ids through a contentless trigram index whose candidates are
checked against the text. The history search must find exactly what it found before, through
the index (rare terms) and through the scan (short or common terms) alike."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from smmdesk.models import OrderState, OrderStatus, Panel, Service, SubmitState
from smmdesk.store import DB_NAME, Database, Store, database, migrations, orders, queries


def svc(sid: int, name: str) -> Service:
    return Service(id=sid, name=name, type="Default", category="Cat", rate=Decimal("1.5"),
                   min=10, max=1000)


@pytest.fixture
def store(data_dir: Path):
    s = Store(data_dir)
    s.panels.insert_panel(Panel(id="p1", name="One", url="https://one.example/api/v2"))
    yield s
    s.close()


@pytest.fixture
def both(engine_store: Any) -> Any:
    """The store of each engine (tests/engines.py): SQLite through its index and its scan
    (``path``), PostgreSQL through pg_trgm with the names' and customers' ids written in and
    with their subqueries (``path``: a term held by more names than ``MAX_WRITTEN_IN``)."""
    return engine_store


@pytest.fixture(params=["index", "scan"])
def path(request, monkeypatch) -> str:
    """Run a test through the trigram index (every term of a small history is rare) and again
    with every term treated as common (the scan in date order)."""
    if request.param == "scan":
        from smmdesk.store.pg import repos

        monkeypatch.setattr(queries, "RARE_TERM_LIMIT", -1)
        monkeypatch.setattr(repos, "MAX_WRITTEN_IN", -1)  # (the team store's subqueries)
    return request.param


def found(store: Store, term: str) -> list[int]:
    ids = sorted(o.remote_id for o in store.queries.order_page({"search": term}, limit=None))
    assert store.queries.order_count({"search": term}) == len(ids)
    assert store.queries.order_counts_by_bucket({"search": term})["all"] == len(ids)
    return ids


def _seed(store: Store) -> None:
    store.orders.bulk_insert_placed("p1", svc(1, "Instagram Likes | Hızlı"), [
        (101, "https://instagram.com/p/abc", 10), (102, "https://instagram.com/p/likes-page", 10)])
    store.orders.bulk_insert_placed("p1", svc(2, "YouTube İzlenme"), [
        (201, "https://youtu.be/xyz", 10), (202, "https://youtube.com/watch?v=LIKES", 10)])
    store.orders.bulk_insert_placed("p1", svc(3, "Telegram Members"),
                                    [(7, "https://t.me/chan", 10)])


def test_a_term_in_both_a_link_and_a_service_name_finds_each_order_once(
        both: Any, path: str) -> None:
    store = both  # each engine (tests/engines.py)
    _seed(store)
    assert found(store, "likes") == [101, 102, 202]
    assert found(store, "LIKES") == [101, 102, 202]
    assert found(store, "instagram") == [101, 102]
    assert found(store, "izlenme") == [201, 202]  # folded: İzlenme
    assert found(store, "hizli") == [101, 102]
    assert found(store, "youtu") == [201, 202]  # link of one, name and link of the other


def test_one_and_two_character_terms(
        both: Any, path: str) -> None:
    store = both  # each engine (tests/engines.py)
    _seed(store)
    assert found(store, "7") == [7]
    assert found(store, "20") == [201, 202]
    assert found(store, "z") == [101, 102, 201, 202]  # Hızlı, xyz, İzlenme
    assert found(store, "me") == [7, 201, 202]  # t.me, Members; İzlenme
    assert found(store, "ı") == [101, 102, 201, 202]  # folds to "i"


def test_remote_id_link_fragment_and_no_match(
        both: Any, path: str) -> None:
    store = both  # each engine (tests/engines.py)
    _seed(store)
    assert found(store, "#201") == [201]
    assert found(store, "201") == [201]
    assert found(store, "watch?v") == [202]  # punctuation folds to a space on both sides
    assert found(store, "p/abc") == [101]
    assert found(store, "abcd") == []
    assert found(store, "members chan") == []  # a name and a link never join into one match
    assert found(store, "nothing here") == []


def test_a_search_s_capped_count_says_more_than_the_cap_on_each_engine(
        both: Any, path: str) -> None:
    """The Orders page counts a search that fills its first page only up to a cap ("10,000+"):
    on PostgreSQL 15 that count once failed (a subquery without its alias), so a search with
    a full first page showed an error instead of its orders."""
    store = both  # each engine (tests/engines.py)
    _seed(store)
    assert store.queries.order_count({"search": "likes"}, cap=1) == 2  # "1+"
    assert store.queries.order_count({"search": "likes"}, cap=3) == 3  # all of them, exact
    assert store.queries.order_count({"search": "nothing here"}, cap=1) == 0


def test_digits_find_ids_and_links_alike(
        both: Any, path: str) -> None:
    """v11 keeps the id out of ``search_text`` (it is in the row): digits still find an order by
    a part of its id, by digits in its link, and typed full-width."""
    store = both  # each engine (tests/engines.py)
    store.orders.bulk_insert_placed("p1", svc(1, "Followers"), [
        (5012345, "https://x.example/a", 1), (77, "https://x.example/post/123456", 1),
        (88, "https://x.example/b", 1)])
    assert found(store, "123") == [77, 5012345]  # a link's digits, a part of an id
    assert found(store, "5012345") == [5012345]
    assert found(store, "#5012") == [5012345]
    assert found(store, "１２３４") == [77, 5012345]
    assert found(store, "88") == [88]
    assert found(store, "b 88") == []  # the link and the id never join into one match
    if store.db.engine == "sqlite":
        store.db._c.execute("INSERT INTO orders_fts(orders_fts) VALUES ('integrity-check')")


def test_trigrams_in_another_order_are_no_match(
        both: Any, path: str) -> None:
    """The index keeps no positions: "abcdef" is a candidate wherever abc, bcd, cde and def
    all occur; the check against the text keeps only the real substring."""
    store = both  # each engine (tests/engines.py)
    store.orders.bulk_insert_placed("p1", svc(1, "Followers"), [
        (1, "https://x.example/abcxyzbcdcdedef", 1), (2, "https://x.example/abcdef", 1)])
    assert found(store, "abcdef") == [2]


def test_a_service_renamed_at_the_panel(
        both: Any, path: str) -> None:
    """An order keeps the name it was placed under: the old name finds the old orders, the new
    name the orders placed since."""
    store = both  # each engine (tests/engines.py)
    store.services.apply_services("p1", [svc(5, "Old Views Name")])
    store.orders.bulk_insert_placed("p1", svc(5, "Old Views Name"), [(1, "https://x.example/1", 1)])
    store.services.apply_services("p1", [svc(5, "Brand New Views")])
    store.orders.bulk_insert_placed("p1", svc(5, "Brand New Views"),
                                    [(2, "https://x.example/2", 1)])
    assert found(store, "old views") == [1]
    assert found(store, "brand new") == [2]
    assert found(store, "views") == [1, 2]


def test_an_order_placed_then_numbered_is_found_by_its_number(
        both: Any, path: str) -> None:
    store = both  # each engine (tests/engines.py)
    oid = store.orders.insert_submitting(panel_id="p1", service=svc(1, "Likes"), fields={},
                                         link="https://x.example/post", quantity=10,
                                         charge_estimate=Decimal(1), currency="USD")
    assert found(store, "98765") == []
    store.orders.set_submit_result(oid, SubmitState.PLACED, remote_id=98765)
    assert found(store, "98765") == [98765]
    store.orders.apply_statuses("p1",
                                {98765: OrderStatus(98765, OrderState.COMPLETED, "Completed")})
    assert found(store, "98765") == [98765]
    assert found(store, "x.example/post") == [98765]


def test_tracked_order_without_service_and_deleted_orders(
        both: Any, path: str) -> None:
    store = both  # each engine (tests/engines.py)
    store.orders.insert_tracked("p1", 4242, None)
    assert found(store, "4242") == [4242]
    store.orders.bulk_insert_placed("p1", svc(1, "Likes"), [(5, "https://x.example/5", 1)])
    with store.db.transaction() as c:
        c.execute("DELETE FROM orders WHERE remote_id = 5")
    assert found(store, "likes") == []
    assert found(store, "example") == []
    if store.db.engine == "sqlite":
        store.db._c.execute("INSERT INTO orders_fts(orders_fts) VALUES ('integrity-check')")


def test_writing_an_order_is_one_transaction_with_its_search_rows(store: Store) -> None:
    """A failing insert leaves no name and no index entry behind (triggers share the
    transaction of the order)."""
    def boom(_c: sqlite3.Connection, _oid: int) -> None:
        raise RuntimeError("the scheduled run's record failed")

    with pytest.raises(RuntimeError):
        store.orders.insert_submitting(panel_id="p1", service=svc(9, "Unique Zebra Service"),
                                       fields={}, link="https://zebra.example/", quantity=1,
                                       charge_estimate=None, currency=None, also=boom)
    assert store.db._c.execute("SELECT COUNT(*) FROM order_names").fetchone()[0] == 0
    assert store.db._c.execute(
        "SELECT COUNT(*) FROM orders_fts WHERE orders_fts MATCH 'zeb'").fetchone()[0] == 0
    assert found(store, "zebra") == []


# What ``Store`` read as an order before v11 (the name and the panel id in the row).
V10_ORDER_COLUMNS = (
    "id, panel_id, service_id, service_name, service_type, remote_id, submit_state, state, "
    "raw_status, error, link, quantity, fields, charge_estimate, charge, currency, start_count, "
    "remains, created_at, updated_at, not_found, likely_duplicate, runs, interval"
)


def _v9_file(data_dir: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)
    migrations.register_functions(conn)
    migrations.migrate(conn, 9)
    conn.execute("INSERT INTO panels (id, name, url, created_at) VALUES ('p1', 'One', 'u', 0)")
    rows = [(f"Service {i % 7} İzlenme", f"https://x.example/p/{i}?ref=a_b", 1000 + i,
             "placed", "completed" if i % 3 else "pending") for i in range(300)]
    rows.append(("", None, None, "uncertain", "unknown"))
    conn.executemany(
        "INSERT INTO orders (panel_id, service_id, service_name, service_type, link, remote_id, "
        "submit_state, state, quantity, charge, created_at, updated_at) "
        "VALUES ('p1', 1, ?, 'Default', ?, ?, ?, ?, 10, '0.123', 1000, 1000)", rows)
    conn.execute("INSERT INTO order_events (order_id, at, kind, note) VALUES (1, 1, 'state', 'x')")
    return conn


def test_v9_file_migrates_without_changing_any_order_and_shrinks(data_dir: Path) -> None:
    conn = _v9_file(data_dir)
    before_rows = [orders.row_to_order(r) for r in conn.execute(
        f"SELECT {V10_ORDER_COLUMNS} FROM orders ORDER BY id")]
    before_search = {
        term: sorted(r[0] for r in conn.execute(
            "SELECT id FROM orders WHERE search_text LIKE ?", (f"%{term}%",)))
        for term in ("izlenme", "service 3", "p 12", "1012", "a b", "zzz")}
    # Fill the file with pages the migration's VACUUM must give back.
    conn.execute("CREATE TABLE filler (x)")
    conn.execute("INSERT INTO filler SELECT randomblob(4000) FROM orders")
    conn.execute("DROP TABLE filler")
    conn.close()
    size_before = (data_dir / DB_NAME).stat().st_size

    s = Store(data_dir)
    try:
        assert s.db.schema_version == migrations.SCHEMA_VERSION
        assert s.queries.order_page(None, "id", 0, None) == before_rows
        for term, ids in before_search.items():
            page = s.queries.order_page({"search": term}, limit=None)
            assert sorted(o.id for o in page) == ids, term
        assert s.db._c.execute("PRAGMA freelist_count").fetchone()[0] == 0
        wal = data_dir / (DB_NAME + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0  # not as large as the file
        assert s.db.integrity_check() == ["ok"]
        s.db._c.execute("INSERT INTO orders_fts(orders_fts) VALUES ('integrity-check')")
        assert s.orders.order_events(1)[0].note == "x"
    finally:
        s.close()
    assert (data_dir / DB_NAME).stat().st_size < size_before
    backups = Database.backups(data_dir)
    assert backups and "v9" in backups[0].name


def test_a_failed_vacuum_leaves_the_migrated_file_usable(
    data_dir: Path, monkeypatch, caplog
) -> None:
    _v9_file(data_dir).close()
    real_connect = sqlite3.connect

    class NoVacuum(sqlite3.Connection):
        def execute(self, sql, *args):  # type: ignore[override]
            if sql.strip().upper() == "VACUUM":
                raise sqlite3.OperationalError("database or disk is full")
            return super().execute(sql, *args)

    monkeypatch.setattr(database.sqlite3, "connect",
                        lambda *a, **k: real_connect(*a, factory=NoVacuum, **k))
    s = Store(data_dir)
    try:
        assert s.db.schema_version == migrations.SCHEMA_VERSION
        assert len(s.queries.order_page({"search": "izlenme"}, limit=None)) == 300
    finally:
        s.close()
    assert "VACUUM after the migration failed" in caplog.text


def test_a_term_of_common_trigrams_goes_through_its_rare_ones_and_finds_exactly(
    store: Store, monkeypatch
) -> None:
    """Issue 25's slow band: a link fragment made of trigrams every order holds ("com", "ben")
    and a few rare ones. The search reads the rare ones from the index (chosen by how common
    each is among the newest orders) and checks every candidate, so it finds exactly what the
    scan finds, also when the trigram the sample thinks rare is common in older orders."""
    from smmdesk.textnorm import fold

    monkeypatch.setattr(queries, "GRAM_SAMPLE", 200)
    old = [(n, f"https://instagram.com/p/bench{n}", 10) for n in range(100_000, 102_000)]
    new = [(n, f"https://instagram.com/p/bench{n}", 10) for n in range(500_000, 501_000)]
    store.orders.bulk_insert_placed("p1", svc(1, "Instagram Likes"), old)
    store.orders.bulk_insert_placed("p1", svc(1, "Instagram Likes"), new)
    monkeypatch.setattr(queries, "RARE_TERM_LIMIT", 1_100)
    for term, expected in (("com/p/bench1012", range(101_200, 101_300)),
                           ("bench100", range(100_000, 101_000)),
                           ("m/p/bench5001", range(500_100, 500_200)),
                           ("bench1019999", range(0))):
        plan = store.queries._search_plan(fold(term))
        assert plan is not None, term  # through the index
        assert '"com"' not in plan and '"ben"' not in plan  # in every order: never read
        assert found(store, term) == list(expected), term
        monkeypatch.setattr(queries, "RARE_TERM_LIMIT", -1)  # the scan finds the same
        store.queries._plans.clear()
        assert found(store, term) == list(expected), term
        monkeypatch.setattr(queries, "RARE_TERM_LIMIT", 1_100)
        store.queries._plans.clear()
    assert store.queries._search_plan(fold("instagram")) is None  # in every order: scanned


def _v9_file_with_free_pages(data_dir: Path) -> None:
    """A v9 file whose pages are mostly free (12 MB: more than ``COMPACT_FREE_BYTES``)."""
    conn = _v9_file(data_dir)
    conn.execute("CREATE TABLE filler (x)")
    conn.execute("INSERT INTO filler SELECT randomblob(4000) FROM orders, (SELECT 1 UNION "
                 "SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 "
                 "UNION SELECT 7 UNION SELECT 8 UNION SELECT 9 UNION SELECT 10)")
    conn.execute("DROP TABLE filler")
    conn.close()


def _interrupted_migration(data_dir: Path, monkeypatch) -> list:
    """A v9 file migrated whose VACUUM never ran (as if the app was killed during it): the
    orders before, for comparing."""
    _v9_file_with_free_pages(data_dir)
    with monkeypatch.context() as m:
        m.setattr(Database, "_vacuum", lambda self: None)  # killed before the VACUUM finished
        s = Store(data_dir)
        before = s.queries.order_page(None, "id", 0, None)
        s.close()
    return before


def test_a_vacuum_cut_short_after_a_migration_is_completed_at_the_next_start(
    data_dir: Path, monkeypatch, caplog
) -> None:
    caplog.set_level("INFO", logger="smmdesk.store")
    before = _interrupted_migration(data_dir, monkeypatch)
    size = (data_dir / DB_NAME).stat().st_size
    s = Store(data_dir)
    try:
        assert s.db.compaction_pending  # the free pages the migration left: seen at once
        assert s.queries.order_page(None, "id", 0, None) == before  # usable meanwhile
        assert s.db.compact() is True  # the app runs it on a worker
        assert not s.db.compaction_pending
        assert s.db._c.execute("PRAGMA freelist_count").fetchone()[0] == 0
        assert s.queries.order_page(None, "id", 0, None) == before
        assert s.db.integrity_check() == ["ok"]
        assert s.db.compact() is False  # nothing left to do
    finally:
        s.close()
    assert (data_dir / DB_NAME).stat().st_size < size / 2
    assert "database compacted" in caplog.text
    again = Store(data_dir)
    assert not again.db.compaction_pending
    again.close()


def test_no_compaction_without_room_on_the_disk_nor_when_the_app_quits(
    data_dir: Path, monkeypatch, caplog
) -> None:
    _interrupted_migration(data_dir, monkeypatch)
    size = (data_dir / DB_NAME).stat().st_size
    s = Store(data_dir)
    try:
        free = database.shutil.disk_usage(data_dir)
        with monkeypatch.context() as m:  # a disk with less room than the copy needs
            m.setattr(database.shutil, "disk_usage",
                      lambda _p: free._replace(free=size // 2))
            assert s.db.compact() is False
        assert "not compacted (left for the next start)" in caplog.text
        assert "MB needed" in caplog.text
        monkeypatch.setattr(database, "COMPACT_STOP_EVERY", 10)  # a small file: look often
        assert s.db.compact(should_stop=lambda: True) is False  # quitting: interrupted
        assert s.db.compaction_pending
        assert s.db.integrity_check() == ["ok"]
    finally:
        s.close()
    assert (data_dir / DB_NAME).stat().st_size >= size  # untouched
    again = Store(data_dir)
    assert again.db.compaction_pending  # tried again at the next start
    again.close()


def test_a_migration_on_a_full_disk_leaves_its_vacuum_for_later(
    data_dir: Path, monkeypatch, caplog
) -> None:
    _v9_file_with_free_pages(data_dir)
    free = database.shutil.disk_usage(data_dir)
    monkeypatch.setattr(database.shutil, "disk_usage", lambda _p: free._replace(free=0))
    s = Store(data_dir)
    try:
        assert s.db.schema_version == migrations.SCHEMA_VERSION
        assert len(s.queries.order_page({"search": "izlenme"}, limit=None)) == 300
        assert s.db.compaction_pending
    finally:
        s.close()
    assert "VACUUM after the migration left for later" in caplog.text


def test_a_search_s_page_and_tab_counts_asking_together_make_its_plan_once(
    store: Store, monkeypatch
) -> None:
    """The history asks for a search's page and its tab counts on two workers at once: the
    plan (the trigram sample, the candidates counted) is made by one of them, the other waits
    for its answer rather than reading the same again on the shared connection."""
    import threading

    _seed(store)
    made: list[str] = []
    real = queries.OrderQueries._new_plan
    started = threading.Event()

    def slow_plan(self, folded: str, now: float):
        made.append(folded)
        started.set()
        release.wait(5)
        return real(self, folded, now)

    release = threading.Event()
    monkeypatch.setattr(queries.OrderQueries, "_new_plan", slow_plan)
    answers: dict[str, object] = {}
    page = threading.Thread(target=lambda: answers.update(
        page=[o.remote_id for o in store.queries.order_page({"search": "likes"})]))
    page.start()
    assert started.wait(5)
    tabs = threading.Thread(target=lambda: answers.update(
        tabs=store.queries.order_counts_by_bucket({"search": "likes"})["all"]))
    tabs.start()
    release.set()
    page.join(10)
    tabs.join(10)
    assert made == ["likes"]
    assert sorted(answers["page"]) == [101, 102, 202] and answers["tabs"] == 3  # type: ignore[arg-type]
