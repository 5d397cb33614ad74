"""Who may do what — enforced by the database. Each test logs in with psycopg directly, with the
login's own password, as a hand-written client would, and is answered by the server."""

from __future__ import annotations

from decimal import Decimal

import psycopg
import pytest

from smmdesk.store.pg import schema
from smmdesk.team.users import TeamError, TeamRole, team_add_user, team_users
from tests.pg_support import PgDatabase, add_order, add_panel, unique_login

PASSWORD = "correct horse battery staple"


def _member(db: PgDatabase, role: str) -> str:
    name = unique_login(role[:4])
    with db.connect(autocommit=True) as conn:
        team_add_user(conn, name, role, PASSWORD)
    return name


def _login(db: PgDatabase, name: str, **kwargs) -> psycopg.Connection:
    return db.connect(name, password=PASSWORD, **kwargs)


def _schedule(conn: psycopg.Connection, panel: str = "p1") -> int:
    return conn.execute(
        "INSERT INTO smmdesk.schedules (panel_id, service_id, first_run, every_ms, created_at, "
        "updated_at) VALUES (%s, 1, 0, 3600000, 0, 0) RETURNING id", (panel,)).fetchone()[0]


@pytest.fixture
def team(pg_team: PgDatabase) -> PgDatabase:
    with pg_team.connect() as conn:
        add_panel(conn, "p1")
        add_order(conn, "p1", remote_id=1, charge=Decimal("2.50"))
        conn.execute("INSERT INTO smmdesk.balances (panel_id, amount, currency, at) "
                     "VALUES ('p1', 10, 'USD', 0)")
    return pg_team


def test_added_members_log_in_with_their_password_and_are_listed(team: PgDatabase) -> None:
    alice = _member(team, "operator")
    vera = _member(team, "viewer")
    with _login(team, alice) as conn:
        assert conn.execute("SELECT session_user").fetchone()[0] == alice
    with pytest.raises(psycopg.OperationalError):
        team.connect(vera, password="wrong")
    with team.connect() as conn:
        users = {u.name: u for u in team_users(conn)}
    assert users[alice].role is TeamRole.OPERATOR and users[alice].can_login
    assert users[vera].role is TeamRole.VIEWER
    assert users["postgres"].role is TeamRole.ADMIN  # whoever created the team


def test_the_password_never_reaches_the_server_as_text(team: PgDatabase) -> None:
    name = unique_login("op")
    with team.connect(autocommit=True) as conn:
        conn.execute("SET log_statement = 'all'")
        team_add_user(conn, name, "operator", PASSWORD)
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s",
                              (name,)).fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$") and PASSWORD not in stored
    assert PASSWORD not in team.cluster.server_log()


def test_a_viewer_cannot_place_or_change_an_order_even_by_hand(team: PgDatabase) -> None:
    vera = _member(team, "viewer")
    with _login(team, vera) as conn:
        assert conn.execute("SELECT count(*) FROM smmdesk.orders").fetchone()[0] == 1
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            add_order(conn, "p1", remote_id=2)
        conn.rollback()
        for statement in ("UPDATE smmdesk.orders SET state = 'canceled'",
                          "DELETE FROM smmdesk.orders",
                          "INSERT INTO smmdesk.panels (id, name, url, created_at) "
                          "VALUES ('x', 'x', 'https://x', 0)",
                          "UPDATE smmdesk.schedules SET paused = true",
                          "SELECT smmdesk.order_tally_compact()"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
            conn.rollback()


def test_prices_are_taken_from_viewers_when_the_admin_chooses(team: PgDatabase) -> None:
    vera = _member(team, "viewer")
    with _login(team, vera, autocommit=True) as conn:
        assert conn.execute("SELECT charge FROM smmdesk.orders").fetchone()[0] == Decimal("2.50")
    with team.connect(autocommit=True) as admin:
        schema.set_viewer_prices(admin, False)
        assert schema.viewer_prices(admin) is False
    with _login(team, vera, autocommit=True) as conn:
        assert conn.execute("SELECT id, link, state FROM smmdesk.orders").fetchone()
        for query in ("SELECT charge FROM smmdesk.orders", "SELECT * FROM smmdesk.orders",
                      "SELECT rate FROM smmdesk.services", "SELECT * FROM smmdesk.balances",
                      "SELECT base_rate FROM smmdesk.schedules", "SELECT 1 FROM smmdesk.alerts"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(query)
        # An operator still sees costs.
    alice = _member(team, "operator")
    with _login(team, alice, autocommit=True) as conn:
        assert conn.execute("SELECT charge FROM smmdesk.orders").fetchone()[0] == Decimal("2.50")
    with team.connect(autocommit=True) as admin:
        schema.set_viewer_prices(admin, True)
    with _login(team, vera, autocommit=True) as conn:
        assert conn.execute("SELECT amount FROM smmdesk.balances").fetchone()[0] == 10


def test_an_operator_places_as_itself_only(team: PgDatabase) -> None:
    alice, bob = _member(team, "operator"), _member(team, "operator")
    with _login(team, alice) as conn:
        oid = add_order(conn, "p1", remote_id=5)
        assert conn.execute("SELECT placed_by FROM smmdesk.orders WHERE id = %s",
                            (oid,)).fetchone()[0] == alice
        conn.commit()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # row-level security
            add_order(conn, "p1", remote_id=6, placed_by=bob)
        conn.rollback()
        # Status sync from any desk: any order's state; never who placed it.
        conn.execute("UPDATE smmdesk.orders SET state = 'completed' WHERE remote_id = 1")
        conn.commit()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE smmdesk.orders SET placed_by = %s WHERE id = %s", (bob, oid))
        conn.rollback()
        # Only an order imported by its id may be deleted (folded into its real order).
        assert conn.execute("DELETE FROM smmdesk.orders WHERE id = %s", (oid,)).rowcount == 0
        tracked = add_order(conn, "p1", remote_id=7, tracked=True)
        assert conn.execute("DELETE FROM smmdesk.orders WHERE id = %s", (tracked,)).rowcount == 1
        conn.commit()
    with team.connect() as conn:
        assert conn.execute("SELECT count(*) FROM smmdesk.orders WHERE id = %s",
                            (oid,)).fetchone()[0] == 1


def test_an_operator_manages_only_its_own_schedules(team: PgDatabase) -> None:
    alice, bob = _member(team, "operator"), _member(team, "operator")
    with _login(team, alice, autocommit=True) as conn:
        sid = _schedule(conn)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO smmdesk.schedules (panel_id, service_id, first_run, "
                         "created_at, updated_at, created_by) VALUES ('p1', 1, 0, 0, 0, %s)",
                         (bob,))
    with _login(team, bob, autocommit=True) as conn:
        for change in ("fields = '{\"quantity\": \"999\"}'", "every_ms = 60000",
                       "deleted_at = 1", "base_rate = 9", "generation = generation + 1",
                       "created_by = session_user"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"UPDATE smmdesk.schedules SET {change} WHERE id = %s", (sid,))
        # Bob's desk runs the scheduler too: it consumes Alice's due run and may pause it...
        assert conn.execute("UPDATE smmdesk.schedules SET next_index = 1, runs_done = 1, "
                            "updated_at = 5 WHERE id = %s AND next_index = 0",
                            (sid,)).rowcount == 1
        conn.execute("UPDATE smmdesk.schedules SET paused = true, pause_reason = 'price rose' "
                     "WHERE id = %s", (sid,))
        # ...but resuming it is Alice's call.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE smmdesk.schedules SET paused = false WHERE id = %s", (sid,))
        own = _schedule(conn)
        conn.execute("UPDATE smmdesk.schedules SET every_ms = 60000, deleted_at = 1 "
                     "WHERE id = %s", (own,))
    with _login(team, alice, autocommit=True) as conn:
        conn.execute("UPDATE smmdesk.schedules SET paused = false, every_ms = 7200000 "
                     "WHERE id = %s", (sid,))
    admin = _member(team, "admin")
    with _login(team, admin, autocommit=True) as conn:  # an admin: everyone's schedules
        conn.execute("UPDATE smmdesk.schedules SET every_ms = 60000 WHERE id = %s", (sid,))
        row = conn.execute("SELECT created_by, every_ms, next_index FROM smmdesk.schedules "
                           "WHERE id = %s", (sid,)).fetchone()
    assert row == (alice, 60000, 1)


def test_only_an_admin_manages_the_team(team: PgDatabase) -> None:
    alice = _member(team, "operator")
    with _login(team, alice, autocommit=True) as conn:
        with pytest.raises(TeamError) as caught:
            team_add_user(conn, unique_login("x"), "admin", PASSWORD)
        assert caught.value.refused
        with pytest.raises(TeamError):
            team_users(conn)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # by hand: the same answer
            conn.execute("SELECT smmdesk.team_add_user(%s, 'admin', NULL)", (unique_login("y"),))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            schema.set_viewer_prices(conn, False)
    # An admin added by the creator manages the team too (without CREATEROLE of its own).
    ada = _member(team, "admin")
    with _login(team, ada, autocommit=True) as conn:
        added = team_add_user(conn, unique_login("op"), TeamRole.OPERATOR, PASSWORD)
        assert added.role is TeamRole.OPERATOR
        schema.set_viewer_prices(conn, False)
        assert conn.execute("SELECT rolcreaterole FROM pg_roles WHERE rolname = session_user"
                            ).fetchone()[0] is False


def test_adding_members_refuses_what_it_should(team: PgDatabase) -> None:
    alice = _member(team, "operator")
    with team.connect(autocommit=True) as conn:
        for bad in ("Alice", "pg_alice", "smmdesk_x", "a b", "", "x" * 64, "1abc"):
            with pytest.raises(TeamError):
                team_add_user(conn, bad, "viewer")
        with pytest.raises(TeamError):
            team_add_user(conn, unique_login("v"), "owner")
        with pytest.raises(TeamError) as caught:
            team_add_user(conn, alice, "viewer")
        assert "already in the team" in str(caught.value)
        with pytest.raises(TeamError):  # a superuser is no team member
            team_add_user(conn, "postgres", "viewer")
        # A login the server's administrator made: added as it is, its password untouched.
        outside = unique_login("peer")
        conn.execute(f'CREATE ROLE "{outside}" LOGIN PASSWORD \'theirs\'')
        with pytest.raises(TeamError):
            team_add_user(conn, outside, "viewer", "mine")
        assert team_add_user(conn, outside, "viewer").role is TeamRole.VIEWER
        without = team_add_user(conn, unique_login("nopw"), "viewer")
        assert without.can_login
    with team.connect(outside, password="theirs") as conn:
        assert conn.execute("SELECT count(*) FROM smmdesk.orders").fetchone()[0] == 1


def test_a_team_is_created_by_its_database_owner_without_superuser(pg_empty: PgDatabase) -> None:
    """The documented set-up: the database's owner, with CREATEROLE, creates the team once."""
    owner = unique_login("owner")
    with pg_empty.connect(autocommit=True) as conn:
        conn.execute(f"CREATE ROLE \"{owner}\" LOGIN CREATEROLE PASSWORD '{PASSWORD}'")
        conn.execute(f'ALTER DATABASE "{pg_empty.name}" OWNER TO "{owner}"')
        conn.execute(f'ALTER SCHEMA public OWNER TO "{owner}"')
    with _login(pg_empty, owner, autocommit=True) as conn:
        team = schema.create_schema(conn)
        vera = unique_login("vera")
        team_add_user(conn, vera, "viewer", PASSWORD)
        add_panel(conn, "p1")
    with _login(pg_empty, vera) as conn:
        assert conn.execute("SELECT id FROM panels").fetchall() == [("p1",)]  # search_path
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            add_order(conn, "p1")
    assert team.admin.startswith("smmdesk_")


def test_another_team_cannot_even_connect(team: PgDatabase, pg_empty: PgDatabase) -> None:
    vera = _member(team, "viewer")
    with pg_empty.connect(autocommit=True) as conn:
        other = schema.create_schema(conn)
    assert other != schema.Team.for_database(team.name)
    with pytest.raises(psycopg.OperationalError) as caught:
        _login(pg_empty, vera)
    assert "CONNECT privilege" in str(caught.value)  # (a failed login carries no SQLSTATE)
