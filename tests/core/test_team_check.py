"""Settings → Team workspace's core: the connection test's outcomes on the real cluster, the
address put together from its fields, the password in the keyring."""

from __future__ import annotations

from pathlib import Path

import pytest

from smmdesk.store.pg.location import StoreLocationError
from smmdesk.team.connection_check import (
    CheckKind,
    check_team_store,
    compose_address,
    has_password,
    remember_password,
    split_address,
)
from smmdesk.workspace import Workspace
from tests.pg_support import PgDatabase, unique_login


def test_the_address_is_put_together_from_its_fields_and_taken_apart_again() -> None:
    address = compose_address("postgresql://alice@db.example/shop?port=5433", "verify-full",
                              "/etc/ssl/team ca.pem")
    assert address == ("postgresql://alice@db.example/shop?port=5433&sslmode=verify-full"
                       "&sslrootcert=/etc/ssl/team%20ca.pem")
    assert split_address(address) == ("postgresql://alice@db.example/shop?port=5433",
                                      "verify-full", "/etc/ssl/team ca.pem")
    # the fields win over what the typed address said
    assert compose_address("postgresql://a@h/db?sslmode=require", "", "") == "postgresql://a@h/db"
    assert compose_address("  ", "verify-full", "") == ""
    with pytest.raises(StoreLocationError) as e:
        compose_address("postgresql://alice:hunter2@db.example/shop")
    assert "hunter2" not in str(e.value)
    with pytest.raises(StoreLocationError):
        compose_address("postgresql://alice@db.example/shop", "sometimes")


def test_each_outcome_of_a_connection_test(pg_team: PgDatabase, pg_empty: PgDatabase,
                                           tmp_path: Path) -> None:
    ok = check_team_store(pg_team.url())
    assert ok.kind is CheckKind.OK and ok.role == "admin" and ok.login == "postgres"

    with Workspace(tmp_path / "admin", store=pg_team.url()) as admin:
        operator, viewer = unique_login("op"), unique_login("view")
        admin.team_add_user(operator, "operator", "operator-password-1")
        admin.team_add_user(viewer, "viewer", "viewer-password-1")
    needs = check_team_store(pg_team.url(operator))
    assert needs.kind is CheckKind.NEEDS_PASSWORD
    wrong = check_team_store(pg_team.url(operator), "not-the-password")
    assert wrong.kind is CheckKind.PASSWORD_WRONG and "not-the-password" not in wrong.detail
    typed = check_team_store(pg_team.url(operator), "operator-password-1")
    assert (typed.kind, typed.role, typed.login) == (CheckKind.OK, "operator", operator)
    assert not has_password(pg_team.url(operator))  # a typed password is tried, not kept
    remember_password(pg_team.url(viewer), "viewer-password-1")
    assert has_password(pg_team.url(viewer))
    kept = check_team_store(pg_team.url(viewer))  # the keyring's, as the app connects
    assert (kept.kind, kept.role) == (CheckKind.OK, "viewer")

    stranger = unique_login("stranger")
    with pg_team.connect(autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {stranger} LOGIN PASSWORD 'stranger-pw'")
        conn.execute(f"GRANT CONNECT ON DATABASE {pg_team.name} TO {stranger}")
    outsider = check_team_store(pg_team.url(stranger), "stranger-pw")
    assert outsider.kind is CheckKind.NOT_A_MEMBER and outsider.login == stranger

    assert check_team_store(pg_empty.url()).kind is CheckKind.NO_SCHEMA
    gone = pg_team.url().replace(str(pg_team.cluster.sock), str(tmp_path / "no-server"))
    away = check_team_store(gone)
    assert away.kind is CheckKind.UNREACHABLE and away.detail
    bad = check_team_store("postgresql://alice@db.example/shop?sslmode=sometimes")
    assert bad.kind is CheckKind.BAD_ADDRESS and "sslmode" in bad.detail


def test_an_unreachable_server_over_tls_keeps_libpqs_own_words(tmp_path: Path) -> None:
    gone = (f"postgresql://alice@/shop?host={tmp_path / 'no-server'}&port=5999"
            "&sslmode=disable")
    away = check_team_store(gone)
    assert away.kind is CheckKind.UNREACHABLE
    assert away.where.endswith("(TLS: disable)")
    assert not away.detail.startswith(("Could not connect", "disable)"))
    assert "no-server" in away.detail  # libpq names the socket it tried
