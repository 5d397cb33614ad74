"""The ``store=`` address (``--store``, ``SMMDESK_STORE``): read by libpq's parser, never with a
password; connecting with the password from the keyring, PGPASSFILE or a socket login."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smmdesk.store.pg.location import (
    ENV_VAR,
    StoreLocationError,
    add_store_argument,
    parse_store,
    resolve_store,
    store_from_env,
)
from smmdesk.team.users import team_add_user
from tests.pg_support import PgDatabase, unique_login

ROOT = Path(__file__).resolve().parents[2]
SECRET = "Sup3r-s3cret-pw"


def test_no_address_is_the_local_workspace() -> None:
    for text in (None, "", "   "):
        location = parse_store(text)
        assert location.kind == "sqlite" and not location.is_team and location.url is None


def test_a_postgresql_address_is_read_by_libpq() -> None:
    location = parse_store("postgresql://alice@db.example:5433/shop?sslmode=verify-full"
                           "&sslrootcert=/etc/ssl/team-ca.pem&connect_timeout=5")
    assert location.is_team
    assert (location.user, location.host, location.port, location.dbname) == (
        "alice", "db.example", "5433", "shop")
    # TLS options pass through unchanged.
    assert location.params["sslmode"] == "verify-full"
    assert location.params["sslrootcert"] == "/etc/ssl/team-ca.pem"
    assert location.keyring_entry() == "postgresql://alice@db.example:5433/shop"
    assert location.describe() == "alice@db.example:5433/shop (TLS: verify-full)"
    assert not location.over_socket
    socket = parse_store("postgres://bob@/shop?host=/run/postgresql")
    assert socket.host == "/run/postgresql" and socket.over_socket
    assert parse_store("postgresql://%2Fvar%2Frun%2Fpostgresql/shop").over_socket


@pytest.mark.parametrize("address", [
    f"postgresql://alice:{SECRET}@db.example/shop",
    f"postgresql://alice:{SECRET}@db.example/shop?sslmode=require",
    f"postgresql://db.example/shop?password={SECRET}",
    f"postgresql://db.example/shop?sslmode=require&Password={SECRET}",
    f"postgresql://db.example/shop?sslpassword={SECRET}",
    f"postgresql://alice:{SECRET}@db example/shop",  # unreadable too: still never echoed
])
def test_a_password_in_the_address_is_refused_and_not_repeated(address: str) -> None:
    with pytest.raises(StoreLocationError) as caught:
        parse_store(address)
    assert SECRET not in str(caught.value)
    assert "password" in str(caught.value).lower()


@pytest.mark.parametrize(("address", "says"), [
    ("mysql://alice@db/shop", "postgresql://"),
    ("db.example/shop", "postgresql://"),
    ("postgresql://alice@db.example", "names no database"),
    ("postgresql://alice@db.example/shop?sslmode=paranoid", "sslmode=paranoid"),
    ("postgresql://alice@db.example/shop?colour=blue", "colour"),
])
def test_an_unusable_address_says_why(address: str, says: str) -> None:
    with pytest.raises(StoreLocationError) as caught:
        parse_store(address)
    assert says in str(caught.value)


def test_option_then_environment_then_local() -> None:
    env = {ENV_VAR: "postgresql://env@db/shop"}
    assert resolve_store(None, env).user == "env"
    assert resolve_store("postgresql://opt@db/shop", env).user == "opt"
    assert resolve_store("", env).kind == "sqlite"  # --store "" : this computer's workspace
    assert resolve_store(None, {}).kind == "sqlite"
    assert store_from_env({ENV_VAR: "  "}) is None
    with pytest.raises(StoreLocationError):
        store_from_env({ENV_VAR: f"postgresql://a:{SECRET}@db/shop"})


def test_the_command_line_option(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="smm-desk-cli")
    add_store_argument(parser)
    args = parser.parse_args(["--store", "postgresql://alice@db/shop"])
    assert resolve_store(args.store, {}).dbname == "shop"
    assert parser.parse_args([]).store is None
    with pytest.raises(SystemExit):
        parser.parse_args(["--store", f"postgresql://alice:{SECRET}@db/shop"])
    err = capsys.readouterr().err
    assert "password" in err and SECRET not in err


def test_the_local_app_never_loads_the_driver() -> None:
    """psycopg loads only when a team store is opened, never at start-up of the SQLite app."""
    code = ("import sys, main, smmdesk.workspace, smmdesk.cli, smmdesk.team, "
            "smmdesk.store.pg, smmdesk.store.pg.location as loc; loc.resolve_store(None, {}); "
            "import argparse; loc.add_store_argument(argparse.ArgumentParser()); "
            "print(sorted(m for m in sys.modules if m.startswith('psycopg')))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, check=True, env=env)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


# --------------------------------------------------------------------------- connecting


def _operator(pg_team: PgDatabase, password: str | None = SECRET) -> str:
    name = unique_login("op")
    with pg_team.connect(autocommit=True) as conn:
        team_add_user(conn, name, "operator", password)
    return name


def test_the_password_comes_from_the_keyring(pg_team: PgDatabase, memory_keyring) -> None:
    from smmdesk.store.pg.connection import StoreConnectError, StorePasswords, connect

    name = _operator(pg_team)
    location = parse_store(pg_team.url(name))
    with pytest.raises(StoreConnectError) as caught:
        connect(location)
    assert caught.value.needs_password and "asks for a password" in str(caught.value)
    StorePasswords().set(location, "not it")
    with pytest.raises(StoreConnectError) as caught:
        connect(location)
    assert caught.value.password_tried and not caught.value.needs_password
    assert "not it" not in str(caught.value) and "enter it again" in str(caught.value)
    StorePasswords().set(location, SECRET)
    assert ("SMM Desk team store", location.keyring_entry()) in memory_keyring.store
    with connect(location, desk_id="desk-7") as conn:
        row = conn.execute("SELECT session_user, current_setting('search_path'), "
                           "current_setting('smmdesk.desk_id'), "
                           "current_setting('application_name')").fetchone()
        assert row == (name, "smmdesk, public", "desk-7", "SMM Desk")
        assert conn.execute("SELECT count(*) FROM orders").fetchone()[0] == 0  # unqualified


def test_the_password_comes_from_a_pgpass_file(pg_team: PgDatabase, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from smmdesk.store.pg.connection import connect

    name = _operator(pg_team)
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"*:*:{pg_team.name}:{name}:{SECRET}\n", encoding="utf-8")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    with connect(parse_store(pg_team.url(name))) as conn:
        assert conn.execute("SELECT session_user").fetchone()[0] == name


def test_a_socket_login_needs_no_password(pg_team: PgDatabase) -> None:
    """The cluster trusts its superuser on the socket, as a peer login would be."""
    from smmdesk.store.pg.connection import connect

    with connect(parse_store(pg_team.url("postgres")), autocommit=True) as conn:
        assert conn.execute("SELECT session_user").fetchone()[0] == "postgres"


def test_a_locked_keyring_stops_only_a_login_that_needs_its_password(
        pg_team: PgDatabase) -> None:
    """The keyring is locked: the socket login, which needs no password, connects; an
    operator's login, which asks for one, says the keyring is locked (unlock it), not "enter
    the password"."""
    import keyring

    from smmdesk.secrets import KeyringLockedError
    from smmdesk.store.pg.connection import connect
    from tests.core.test_secrets import LockedKeyring

    name = _operator(pg_team)
    keyring.set_keyring(LockedKeyring())  # (the autouse memory keyring is put back after)
    with connect(parse_store(pg_team.url("postgres")), autocommit=True) as conn:
        assert conn.execute("SELECT session_user").fetchone()[0] == "postgres"
    with pytest.raises(KeyringLockedError) as caught:
        connect(parse_store(pg_team.url(name)))
    assert "keyring is locked" in str(caught.value)


def test_an_unreachable_server_is_said_plainly(tmp_path: Path) -> None:
    from smmdesk.store.pg.connection import StoreConnectError, connect

    location = parse_store(f"postgresql://alice@/shop?host={tmp_path}&connect_timeout=2")
    with pytest.raises(StoreConnectError) as caught:
        connect(location)
    assert not caught.value.needs_password and not caught.value.password_tried
    assert "Could not connect to the team store alice@" in str(caught.value)
