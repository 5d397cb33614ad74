"""A desk's heartbeat on the real cluster: alive while it beats (through a dropped connection),
gone when it leaves, expired when it stops without leaving."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest

from smmdesk.store.pg import live
from smmdesk.store.pg.presence import DeskHeartbeat
from smmdesk.team.users import team_add_user
from tests.pg_support import PgDatabase, unique_login

PASSWORD = "desk-password-1"


@pytest.fixture
def login(pg_team: PgDatabase) -> str:
    name = unique_login("desk")
    with pg_team.connect(autocommit=True) as conn:
        team_add_user(conn, name, "operator", PASSWORD)
    return name


def _alive(db: PgDatabase) -> list[str]:
    with db.connect() as conn:
        return [d.id for d in live.live_desks(conn)]


def test_a_beating_desk_stays_alive_past_its_time_to_live_and_leaves(pg_team: PgDatabase,
                                                                    login: str) -> None:
    heart = DeskHeartbeat(lambda: pg_team.connect(login, password=PASSWORD), "desk-a",
                          ttl=timedelta(seconds=1), host="front-office", pid=42)
    heart.start()
    try:
        assert _alive(pg_team) == ["desk-a"]  # alive as soon as start returns
        with pg_team.connect() as conn:
            started = conn.execute("SELECT started_at FROM smmdesk.desks").fetchone()[0]
        # Four beats take longer than the time to live: still alive means each refreshed it.
        assert heart.wait_for_beats(4, timeout=30)
        with pg_team.connect() as conn:
            seen, host, pid = conn.execute(
                "SELECT seen_at, host, pid FROM smmdesk.desks").fetchone()
        assert (seen - started).total_seconds() >= 0.9 and (host, pid) == ("front-office", 42)
        assert _alive(pg_team) == ["desk-a"]
        # The server drops the heartbeat's connection: the next beat reconnects.
        with pg_team.connect(autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE usename = %s", (login,))
        assert heart.wait_for_beats(heart.beats + 2, timeout=30)
        assert _alive(pg_team) == ["desk-a"]
    finally:
        heart.stop()
    with pg_team.connect() as conn:  # a clean exit: the row is gone
        assert conn.execute("SELECT count(*) FROM smmdesk.desks").fetchone()[0] == 0


def test_a_desk_that_stops_beating_expires(pg_team: PgDatabase, login: str) -> None:
    heart = DeskHeartbeat(lambda: pg_team.connect(login, password=PASSWORD), "desk-a",
                          ttl=timedelta(seconds=1))
    heart.start()
    heart.stop(leave=False)  # as if the computer went to sleep
    with pg_team.connect(autocommit=True) as conn:  # now() is each statement's own
        conn.execute("SELECT pg_sleep(1.2)")  # the server's clock passes the time to live
        assert live.live_desks(conn) == []
        assert conn.execute("SELECT count(*) FROM smmdesk.desks").fetchone()[0] == 1


def test_a_desk_id_held_by_another_login_is_refused_at_start(pg_team: PgDatabase,
                                                            login: str) -> None:
    with pg_team.connect() as conn:  # another login's desk
        live.beat(conn, "desk-a")
    heart = DeskHeartbeat(lambda: pg_team.connect(login, password=PASSWORD), "desk-a")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        heart.start()
    assert heart.failures == 1 and heart.last_error is not None
    assert PASSWORD not in heart.last_error
