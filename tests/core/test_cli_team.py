"""``smm-desk-cli team push / add-user / users`` against the throwaway cluster: the workspace copied
into an empty team database (verified, the local file kept as it was, a second push refused), a
password in the address refused, members added and listed, a viewer refused by the database."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import psycopg
import pytest

from smmdesk.cli import main
from smmdesk.cli.commands import DENIED, FAILURE, OK, USAGE
from smmdesk.demo.server import PanelSimulator
from smmdesk.models import SubmitState
from smmdesk.store import DB_NAME
from smmdesk.store.pg.connection import StorePasswords
from smmdesk.store.pg.location import parse_store
from smmdesk.team.users import team_add_user
from smmdesk.workspace import Workspace
from tests.pg_support import PgDatabase, unique_login

LIKES = 18  # the simulator's cheapest likes, min 200
PASSWORD = "tr0ub4dor&3 and more"


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def workspace(data_dir: Path, simulator: PanelSimulator) -> Path:
    ws = Workspace(data_dir)
    try:
        panel = ws.add_panel("Sim", simulator.url, simulator.key)
        ws.refresh_services(panel.id)
        for n in range(3):
            placed = ws.place_order(panel.id, LIKES, {"link": f"https://instagram.com/p/{n}",
                                                      "quantity": "200"})
            assert placed.submit_state is SubmitState.PLACED
        customer = ws.add_customer("Ayşe Yılmaz")
        assert customer.id
    finally:
        ws.close()
    return data_dir


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_push_copies_the_workspace_into_an_empty_team_database_once(
        workspace: Path, pg_empty: PgDatabase) -> None:
    before = _digest(workspace / DB_NAME)
    code, out, err = run("team", "push", "--store", pg_empty.url(), "--data-dir",
                         str(workspace), "--json")
    assert code == OK, err
    report = json.loads(out)
    assert report["counts"]["orders"] == 3 and report["counts"]["customers"] == 1
    assert len(report["orders_sha256"]) == 64
    assert "creating the team's schema" in err and "verified" in err
    assert _digest(workspace / DB_NAME) == before  # the local file is kept as it was
    with pg_empty.connect() as conn:
        assert conn.execute("SELECT count(*) FROM smmdesk.orders").fetchone()[0] == 3
        # the keys stayed on this computer: the team database has no column for one
        assert not conn.execute("SELECT 1 FROM information_schema.columns WHERE table_schema = "
                                "'smmdesk' AND column_name ILIKE '%key%' AND table_name = "
                                "'panels'").fetchall()

    code, out, err = run("team", "push", "--store", pg_empty.url(), "--data-dir",
                         str(workspace))
    assert code == FAILURE and "not empty" in err and out == ""
    with pg_empty.connect() as conn:  # nothing was added by the refused push
        assert conn.execute("SELECT count(*) FROM smmdesk.orders").fetchone()[0] == 3


def test_a_password_in_the_store_address_is_refused_before_anything_connects(
        workspace: Path, pg_team: PgDatabase) -> None:
    url = pg_team.url().replace("postgres@", "postgres:hunter2secret@")
    for argv in (("team", "push", "--store", url, "--data-dir", str(workspace)),
                 ("team", "users", "--store", url),
                 ("team", "add-user", "bob", "--role", "viewer", "--store", url)):
        code, out, err = run(*argv)
        assert code == USAGE and "password" in err, argv
        assert "hunter2secret" not in err + out
    with pg_team.connect() as conn:
        assert conn.execute("SELECT count(*) FROM smmdesk.orders").fetchone()[0] == 0


def test_no_store_given_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMMDESK_STORE", raising=False)
    code, _, err = run("team", "users")
    assert code == USAGE and "SMMDESK_STORE" in err


def test_an_admin_adds_members_and_lists_them(pg_team: PgDatabase) -> None:
    alice, vera = unique_login("alice"), unique_login("vera")
    code, out, err = run("team", "add-user", alice, "--role", "operator", "--password-stdin",
                         "--store", pg_team.url(), stdin=PASSWORD + "\n")
    assert code == OK, err
    assert f"{alice} is now a team operator" in out and PASSWORD not in out + err
    with pg_team.connect(alice, password=PASSWORD) as conn:  # the password was set
        assert conn.execute("SELECT session_user").fetchone()[0] == alice
    code, out, err = run("team", "add-user", vera, "--role", "viewer", "--generate-password",
                         "--json", "--store", pg_team.url())
    assert code == OK, err
    given = json.loads(out)["password"]
    with pg_team.connect(vera, password=given) as conn:
        assert conn.execute("SELECT session_user").fetchone()[0] == vera

    code, out, err = run("team", "users", "--json", "--store", pg_team.url())
    assert code == OK, err
    members = {r["name"]: r["role"] for r in map(json.loads, out.splitlines())}
    assert members[alice] == "operator" and members[vera] == "viewer"
    assert members["postgres"] == "admin"

    code, _, err = run("team", "add-user", alice, "--role", "viewer", "--store", pg_team.url())
    assert code == USAGE and "already in the team" in err


def test_a_viewer_is_refused_add_user_and_users_by_the_database(pg_team: PgDatabase,
                                                                tmp_path: Path) -> None:
    vera = unique_login("vera")
    with pg_team.connect(autocommit=True) as conn:
        team_add_user(conn, vera, "viewer", PASSWORD)
    # The viewer's password from the keyring, as a desk keeps it (never in the address).
    url = pg_team.url(vera)
    StorePasswords().set(parse_store(url), PASSWORD)
    mallory = unique_login("mal")
    code, _, err = run("team", "add-user", mallory, "--role", "admin", "--store", url)
    assert code == DENIED and "admin" in err, err
    code, _, err = run("team", "users", "--store", url)
    assert code == DENIED, err
    with pg_team.connect() as conn:
        assert conn.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s",
                            (mallory,)).fetchone()[0] == 0
    # The same refusal to a hand-written client: the database, not the CLI, says no.
    with pg_team.connect(vera, password=PASSWORD) as conn, pytest.raises(
            psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT smmdesk.team_add_user(%s, 'admin', NULL)", (mallory,))


def test_a_wrong_password_is_a_failure_that_does_not_show_it(pg_team: PgDatabase,
                                                              tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    vera = unique_login("vera")
    with pg_team.connect(autocommit=True) as conn:
        team_add_user(conn, vera, "viewer", PASSWORD)
    passfile = tmp_path / "pgpass"
    passfile.write_text("*:*:*:*:not-the-password-x9\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    code, out, err = run("team", "users", "--store", pg_team.url(vera))
    assert code == FAILURE and "refused the login" in err
    assert "not-the-password-x9" not in out + err


def test_login_keeps_a_password_the_server_accepts_and_logout_forgets_it(
        pg_team: PgDatabase) -> None:
    """A desk's password goes into the system keyring only once the server has accepted it;
    from then on every command connects with it; ``team logout`` forgets it."""
    vera = unique_login("vera")
    with pg_team.connect(autocommit=True) as conn:
        team_add_user(conn, vera, "viewer", PASSWORD)
    url = pg_team.url(vera)
    location = parse_store(url)

    code, out, err = run("team", "login", "--store", url, stdin="not-the-password-x9\n")
    assert code == FAILURE and "not kept" in err, err
    assert "not-the-password-x9" not in out + err
    assert StorePasswords().get(location) is None

    code, _, err = run("team", "login", "--store", url, stdin="")
    assert code == USAGE and "no password" in err

    code, _, err = run("team", "login", "--store", url, stdin=PASSWORD + "\n")
    assert code == OK, err
    assert StorePasswords().get(location) == PASSWORD
    code, _, err = run("team", "users", "--store", url)  # connects; a viewer may not list
    assert code == DENIED, err

    code, _, err = run("team", "logout", "--store", url)
    assert code == OK, err
    assert StorePasswords().get(location) is None
    code, _, err = run("team", "users", "--store", url)
    assert code == FAILURE, err  # no password any more: the server refuses the login
