"""The team schema in PostgreSQL: the throwaway cluster itself, the migration steps from empty,
the tables under their SQLite names, the order tally, the search index, (panel, remote id)."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import psycopg
import pytest

from smmdesk.store import migrations as sqlite_migrations
from smmdesk.store.pg import live, schema
from tests.pg_support import PgCluster, PgDatabase, add_order, add_panel

# SQLite-only tables (FTS5's shadow tables, the sequence table) and v11's panel key table,
# which PostgreSQL does without: docs/dev/team-store.md.
SQLITE_ONLY_TABLES = {"sqlite_sequence", "panel_keys", "orders_fts", "orders_fts_config",
                      "orders_fts_data", "orders_fts_idx"}
# SQLite v11's stored codes → the PostgreSQL column that holds the same fact as text.
SQLITE_COLUMN_IN_PG = {("orders", "panel_key"): "panel_id", ("orders", "type_code"): "service_type",
                       ("orders", "submit_code"): "submit_state",
                       ("orders", "state_code"): "state",
                       ("order_tally", "panel_key"): "panel_id",
                       ("watch_days", "panel_key"): "panel_id",
                       ("watch_times", "panel_key"): "panel_id",
                       ("ledger_tally", "panel_key"): "panel_id"}


def _sqlite_tables() -> dict[str, set[str]]:
    conn = sqlite3.connect(":memory:")
    conn.isolation_level = None
    sqlite_migrations.register_functions(conn)
    sqlite_migrations.migrate(conn)
    out = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        if name not in SQLITE_ONLY_TABLES:
            out[name] = {r[1] for r in conn.execute(f"PRAGMA table_xinfo({name})")}
    return out


def _pg_tables(conn: psycopg.Connection) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for table, column in conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'smmdesk'"):
        out.setdefault(table, set()).add(column)
    return out


def test_the_cluster_is_throwaway_on_a_socket_and_not_root(pg_cluster: PgCluster) -> None:
    with pg_cluster.connect() as conn:
        listen = conn.execute("SHOW listen_addresses").fetchone()[0]
        data = Path(conn.execute("SHOW data_directory").fetchone()[0])
        version = conn.execute("SHOW server_version_num").fetchone()[0]
    assert listen == ""  # nothing on the network: the Unix socket only
    assert int(version) >= 150000
    assert data.resolve().is_relative_to(pg_cluster.base.resolve())
    info = data.stat()
    assert info.st_uid == pg_cluster.run_as.uid != 0  # never root, even when the tests are
    assert not stat.S_IMODE(pg_cluster.base.stat().st_mode) & 0o077  # nobody else's folder


def test_each_test_gets_its_own_fresh_database(pg_cluster: PgCluster) -> None:
    first = pg_cluster.new_database("smm_schema")
    second = pg_cluster.new_database("smm_schema")
    try:
        with pg_cluster.connect(first) as conn:
            add_panel(conn, "only-here")
        with pg_cluster.connect(second) as conn:
            assert conn.execute("SELECT count(*) FROM smmdesk.panels").fetchone()[0] == 0
    finally:
        pg_cluster.drop_database(first)
        pg_cluster.drop_database(second)
    with pg_cluster.connect() as conn:
        left = conn.execute("SELECT count(*) FROM pg_database WHERE datname = ANY(%s)",
                            ([first, second],)).fetchone()[0]
    assert left == 0


def test_the_schema_is_created_from_empty_step_by_step(pg_empty: PgDatabase) -> None:
    with pg_empty.connect(autocommit=True) as conn:
        assert schema.schema_version(conn) == 0
        team = schema.create_schema(conn)
        rows = conn.execute("SELECT version, applied_by, app_version FROM "
                            "smmdesk.schema_version ORDER BY version").fetchall()
        assert [r[0] for r in rows] == sorted(schema.MIGRATIONS)
        assert {r[1] for r in rows} == {"postgres"}
        assert schema.schema_version(conn) == schema.SCHEMA_VERSION
        assert team == schema.Team.for_database(pg_empty.name)
        # Creating again only migrates (nothing to do): same team, same rows.
        assert schema.create_schema(conn) == team
        assert schema.migrate(conn) == schema.SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM smmdesk.schema_version").fetchone()[0] == len(
            schema.MIGRATIONS)
        # pg_trgm for the history search.
        assert conn.execute(
            "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'").fetchone()[0] == 1


def test_every_sqlite_table_and_column_is_in_the_team_schema(pg_team: PgDatabase) -> None:
    """The tables keep their SQLite names and columns (a SQLite step that adds a column needs
    its PostgreSQL step too: this test fails until it has one)."""
    with pg_team.connect() as conn:
        pg = _pg_tables(conn)
    for table, columns in _sqlite_tables().items():
        assert table in pg, f"table {table} is missing from the team schema"
        wanted = {SQLITE_COLUMN_IN_PG.get((table, c), c) for c in columns}
        assert wanted <= pg[table], (table, sorted(wanted - pg[table]))
    assert {"placed_by", "desk_id"} <= pg["orders"]
    assert "created_by" in pg["schedules"]
    assert {"desks", "notifications", "schema_version", "team_settings"} <= pg.keys()


def test_a_newer_schema_is_refused_and_left_alone(pg_team: PgDatabase) -> None:
    with pg_team.connect(autocommit=True) as conn:
        conn.execute("INSERT INTO smmdesk.schema_version (version) VALUES (%s)",
                     (schema.SCHEMA_VERSION + 5,))
        with pytest.raises(schema.NewerSchemaError) as caught:
            schema.migrate(conn)
        assert f"schema {schema.SCHEMA_VERSION + 5}" in str(caught.value)


def test_money_is_exact_and_states_are_checked(pg_team: PgDatabase) -> None:
    from decimal import Decimal

    with pg_team.connect() as conn:
        add_panel(conn)
        oid = add_order(conn, charge=Decimal("1.50"), charge_estimate=Decimal("0.000123456789"))
        charge, estimate = conn.execute(
            "SELECT charge, charge_estimate FROM smmdesk.orders WHERE id = %s", (oid,)).fetchone()
        assert (charge, estimate) == (Decimal("1.50"), Decimal("0.000123456789"))
        assert str(charge) == "1.50"  # as typed, trailing zero kept
        with pytest.raises(psycopg.errors.CheckViolation):
            add_order(conn, submit_state="sent-maybe")


def test_one_order_per_panel_and_remote_id(pg_team: PgDatabase) -> None:
    with pg_team.connect() as conn:
        add_panel(conn, "p1")
        add_panel(conn, "p2")
        add_order(conn, "p1", remote_id=77)
        add_order(conn, "p2", remote_id=77)  # another panel's 77 is another order
        add_order(conn, "p1", remote_id=None)
        add_order(conn, "p1", remote_id=None)  # not yet answered: any number of them
        conn.commit()
        with pytest.raises(psycopg.errors.UniqueViolation):
            add_order(conn, "p1", remote_id=77)


def _tally(conn: psycopg.Connection) -> dict[tuple, int]:
    return {tuple(r[:4]): r[4] for r in conn.execute(
        "SELECT panel_id, submit_state, state, not_found, SUM(n) FROM smmdesk.order_tally "
        "GROUP BY 1, 2, 3, 4 HAVING SUM(n) <> 0")}


def _counted(conn: psycopg.Connection) -> dict[tuple, int]:
    return {tuple(r[:4]): r[4] for r in conn.execute(
        "SELECT panel_id, submit_state, state, not_found, count(*) FROM smmdesk.orders "
        "GROUP BY 1, 2, 3, 4")}


def test_the_tally_counts_every_change_and_compacts(pg_team: PgDatabase) -> None:
    with pg_team.connect() as conn:
        add_panel(conn, "p1")
        add_panel(conn, "p2")
        ids = [add_order(conn, "p1" if i % 3 else "p2", remote_id=i) for i in range(30)]
        conn.execute("UPDATE smmdesk.orders SET state = 'completed' WHERE id = ANY(%s)",
                     (ids[:10],))
        conn.execute("UPDATE smmdesk.orders SET submit_state = 'uncertain', not_found = true "
                     "WHERE id = %s", (ids[11],))
        conn.execute("UPDATE smmdesk.orders SET link = 'https://y' WHERE id = %s", (ids[12],))
        conn.execute("DELETE FROM smmdesk.orders WHERE id = ANY(%s)", (ids[20:25],))
        conn.commit()
        assert _tally(conn) == _counted(conn)
        rows_before = conn.execute("SELECT count(*) FROM smmdesk.order_tally").fetchone()[0]
        left = live.compact_order_tally(conn)
        conn.commit()
        assert _tally(conn) == _counted(conn)
        assert left == len(_counted(conn)) < rows_before


def test_the_history_search_uses_the_trigram_index(pg_team: PgDatabase) -> None:
    with pg_team.connect() as conn:
        add_panel(conn)
        for i in range(200):
            add_order(conn, remote_id=1000 + i, link=f"https://instagram.com/p/{i}",
                      search_text=f"instagram.com/p/{i}")
        add_order(conn, remote_id=555123, link="https://t.me/izlenme",
                  search_text="t.me/izlenme")
        conn.execute("ANALYZE smmdesk.orders")
        conn.execute("SET enable_seqscan = off")
        where = f"{schema.ORDER_SEARCH_DOC} LIKE %s"
        plan = "\n".join(r[0] for r in conn.execute(
            f"EXPLAIN SELECT id FROM smmdesk.orders WHERE {where}", ("%izlenme%",)))
        assert "orders_search" in plan
        found = conn.execute(f"SELECT remote_id FROM smmdesk.orders WHERE {where}",
                             ("%izlenme%",)).fetchall()
        assert found == [(555123,)]
        by_id = conn.execute(f"SELECT remote_id FROM smmdesk.orders WHERE {where}",
                             ("%5512%",)).fetchall()
        assert by_id == [(555123,)]


def test_a_change_to_services_moves_the_panel_services_version(pg_team: PgDatabase) -> None:
    """The services snapshot file of every desk is known stale after any desk's change."""
    with pg_team.connect() as conn:
        add_panel(conn, "p1")
        add_panel(conn, "p2")
        version = "SELECT services_version FROM smmdesk.panels WHERE id = %s"
        conn.execute(
            "INSERT INTO smmdesk.services (panel_id, service_id, name, type, category, rate, "
            "min, max, first_seen, last_seen) VALUES ('p1', 1, 'A', 'Default', 'C', 1.5, 10, "
            "100, 0, 0), ('p1', 2, 'B', 'Default', 'C', 2, 10, 100, 0, 0)")
        after_refresh = conn.execute(version, ("p1",)).fetchone()[0]
        conn.execute("UPDATE smmdesk.services SET favourite = true WHERE panel_id = 'p1' "
                     "AND service_id = 2")
        assert conn.execute(version, ("p1",)).fetchone()[0] == after_refresh + 1 > 1
        assert conn.execute(version, ("p2",)).fetchone()[0] == 0


def test_a_new_step_is_applied_once_by_an_admin_and_keeps_the_viewers_rules(
        pg_team: PgDatabase, monkeypatch: pytest.MonkeyPatch) -> None:
    from smmdesk.team.users import team_add_user
    from tests.pg_support import unique_login

    def step_next(conn: psycopg.Connection, team: schema.Team) -> None:
        conn.execute("ALTER TABLE orders ADD COLUMN customer text")

    operator, viewer = unique_login("op"), unique_login("vi")
    with pg_team.connect(autocommit=True) as conn:
        team_add_user(conn, operator, "operator", "pw-operator")
        team_add_user(conn, viewer, "viewer", "pw-viewer")
        schema.set_viewer_prices(conn, False)
    newest = schema.SCHEMA_VERSION + 1
    monkeypatch.setitem(schema.MIGRATIONS, newest, step_next)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", newest)
    with pg_team.connect(operator, password="pw-operator", autocommit=True) as conn:
        with pytest.raises(schema.SchemaError) as caught:
            schema.migrate(conn)
        assert "A team admin must open it once" in str(caught.value)
        assert schema.schema_version(conn) == newest - 1
    with pg_team.connect(autocommit=True) as conn:
        assert schema.migrate(conn) == newest
        assert schema.migrate(conn) == newest  # once
        owner = conn.execute("SELECT tableowner FROM pg_tables WHERE schemaname = 'smmdesk' "
                             "AND tablename = 'orders'").fetchone()[0]
        assert owner == schema.team_of(conn).admin  # every admin may run the next step
    with pg_team.connect(viewer, password="pw-viewer", autocommit=True) as conn:
        assert conn.execute("SELECT customer FROM smmdesk.orders").fetchall() == []
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT charge FROM smmdesk.orders")


def test_the_server_folder_is_found_outside_a_private_temp_dir(
        pg_cluster: PgCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkout or TMPDIR under a 0700 folder (root's home) is unreachable for the postgres
    user: the cluster's folder is made where that user can reach it."""
    import shutil
    import tempfile

    from tests.pg_support import RunAs, _reachable_folder

    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    run_as = RunAs.for_this_process()
    folder = _reachable_folder(run_as)
    try:
        assert run_as.run(["test", "-w", str(folder), "-a", "-x", str(folder)]).returncode == 0
        assert folder.stat().st_uid == run_as.uid
        if run_as.user is not None:  # as root: somewhere else than the private folder
            assert not folder.is_relative_to(private)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_killed_test_run_leaves_no_server_and_its_folder_goes_next_time() -> None:
    """A run killed before its teardown (kill -9, a CI job's time limit): the kernel shuts its
    server down at once, and the next run removes the folder it left."""
    import os
    import select
    import shutil
    import subprocess
    import sys

    from tests.pg_support import RunAs, _reachable_folder

    root = Path(__file__).resolve().parents[2]
    script = ("import sys\n"
              f"sys.path.insert(0, {str(root)!r})\n"
              "from tests.pg_support import PgCluster\n"
              "c = PgCluster()\n"
              "c.start()\n"
              "print(c.base, c.server.pid, flush=True)\n"
              "sys.stdin.read()\n")
    with subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True) as run:
        try:
            assert run.stdout is not None
            base_text, pid_text = run.stdout.readline().split()  # the cluster is ready
            base, server = Path(base_text), int(pid_text)
            server_exit = os.pidfd_open(server)
        finally:
            run.kill()
    try:
        ended, _, _ = select.select([server_exit], [], [], 30)  # the server's exit itself
        assert ended, "the server outlived the killed run"
    finally:
        os.close(server_exit)
    assert base.is_dir()  # no teardown ran
    folder = _reachable_folder(RunAs.for_this_process())  # the next run's cluster folder
    try:
        assert not base.exists()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(base, ignore_errors=True)
