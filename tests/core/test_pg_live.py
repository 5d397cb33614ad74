"""The engine's primitives on the real cluster: a colleague's change reaches another desk's
connection by NOTIFY, one sync per panel by advisory lock, heartbeats by the server's clock,
claims with SKIP LOCKED and compare-and-swap — each under real concurrency (threads, each with
its own connection, as desks have)."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import psycopg
import pytest

from smmdesk.store.pg import live
from smmdesk.team.users import team_add_user
from tests.pg_support import PgDatabase, add_order, add_panel, unique_login

PASSWORD = "desk-password-1"


def _operator(db: PgDatabase) -> str:
    name = unique_login("op")
    with db.connect(autocommit=True) as conn:
        team_add_user(conn, name, "operator", PASSWORD)
    return name


def _desk(db: PgDatabase, login: str, desk_id: str, **kwargs) -> psycopg.Connection:
    """A desk's connection as ``smmdesk.store.pg.connection.connect`` leaves it."""
    conn = db.connect(login, password=PASSWORD, **kwargs)
    conn.execute("SELECT set_config('smmdesk.desk_id', %s, false)", (desk_id,))
    if not conn.autocommit:
        conn.commit()
    return conn


@pytest.fixture
def team(pg_team: PgDatabase) -> PgDatabase:
    with pg_team.connect() as conn:
        add_panel(conn, "p1")
        add_panel(conn, "p2")
    return pg_team


def test_a_colleagues_new_order_reaches_another_desk(team: PgDatabase) -> None:
    """Order and outcome: what was committed is announced, once, by whom; what was rolled back
    never is. How soon is bench/bench_pg.py's pg_notify_to_other_desk_ms (target 2 s): a limit
    here measured the shared machine's load, not the code."""
    alice = _operator(team)
    listener = live.ChangeListener(team.connect(autocommit=True))
    try:
        with _desk(team, alice, "desk-a") as desk:
            add_order(desk, "p1", remote_id=41)
            desk.rollback()  # never committed: never announced
            oid = add_order(desk, "p1", remote_id=42)
            desk.commit()
            changes = listener.wait(timeout=60)  # a deadlock guard, not what is measured
        orders = [c for c in changes if c.topic == "orders"]
        assert [(c.op, c.keys, c.by, c.desk) for c in orders] == [
            ("insert", (oid,), alice, "desk-a")]
    finally:
        listener.close()


def test_one_status_sync_statement_is_one_change_with_its_ids(team: PgDatabase) -> None:
    with team.connect() as conn:
        ids = [add_order(conn, "p1", remote_id=i) for i in range(250)]
        conn.commit()
    listener = live.ChangeListener(team.connect(autocommit=True))
    try:
        with team.connect() as conn:
            conn.execute("UPDATE smmdesk.orders SET state = 'completed' WHERE id = ANY(%s)",
                         (ids[:3],))
            conn.execute("UPDATE smmdesk.orders SET state = 'in_progress' WHERE id = ANY(%s)",
                         (ids[3:],))
            conn.execute("UPDATE smmdesk.orders SET state = 'canceled' WHERE false")
            conn.commit()
        changes = []
        while len(changes) < 2:
            got = listener.wait(timeout=10)
            assert got, "no change arrived"
            changes += got
        assert [(c.topic, c.op, c.keys, c.count) for c in changes] == [
            ("orders", "update", tuple(ids[:3]), 3),
            ("orders", "update", None, 247),  # too many to list: reload the orders
        ]
        with team.connect() as conn:  # the same, kept for a day
            assert conn.execute("SELECT count(*) FROM smmdesk.notifications WHERE topic = "
                                "'orders' AND op = 'update'").fetchone()[0] == 2
            assert live.prune_notifications(conn) == 0  # nothing is a day old yet
    finally:
        listener.close()


def test_one_desk_at_a_time_syncs_a_panel(team: PgDatabase) -> None:
    alice, bob = _operator(team), _operator(team)
    a = _desk(team, alice, "desk-a", autocommit=True)
    b = _desk(team, bob, "desk-b", autocommit=True)
    try:
        with live.panel_sync_lock(a, "p1") as a_syncs:
            assert a_syncs
            with live.panel_sync_lock(b, "p1") as b_syncs:
                assert not b_syncs  # desk A is asking the panel: B skips it
            with live.panel_sync_lock(b, "p2") as b_syncs:
                assert b_syncs  # another panel: at the same time
        with live.panel_sync_lock(b, "p1") as b_syncs:
            assert b_syncs  # A finished
        with live.panel_sync_lock(a, "p1") as a_syncs:
            assert a_syncs
            a.close()  # desk A dies mid-sync: the server lets go with its connection
            # The server ends A's session a moment after the socket closes (not at once): wait
            # on that event itself, a blocking take of the same lock, bounded by lock_timeout.
            with team.connect(autocommit=True) as watcher:
                watcher.execute("SET lock_timeout = '10s'")
                watcher.execute("SELECT pg_advisory_lock(%s, %s)", live.panel_lock_key("p1"))
                watcher.execute("SELECT pg_advisory_unlock(%s, %s)", live.panel_lock_key("p1"))
            with live.panel_sync_lock(b, "p1") as b_syncs:
                assert b_syncs
    finally:
        a.close()
        b.close()


def test_heartbeats_use_the_servers_clock_and_belong_to_their_login(team: PgDatabase) -> None:
    alice, bob = _operator(team), _operator(team)
    with _desk(team, alice, "desk-a", autocommit=True) as a, \
            _desk(team, bob, "desk-b", autocommit=True) as b:
        live.beat(a, "desk-a", ttl=timedelta(seconds=30), host="front-office", pid=4242)
        live.beat(b, "desk-b", ttl=timedelta(seconds=30))
        alive = {d.id: d for d in live.live_desks(a)}
        assert alive.keys() == {"desk-a", "desk-b"}
        assert (alive["desk-a"].login, alive["desk-a"].host, alive["desk-a"].pid) == (
            alice, "front-office", 4242)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # Bob cannot beat for A
            live.beat(b, "desk-a")
        with team.connect(autocommit=True) as admin:  # desk B went quiet a minute ago
            admin.execute("UPDATE smmdesk.desks SET seen_at = now() - interval '1 minute' "
                          "WHERE id = 'desk-b'")
        assert [d.id for d in live.live_desks(a)] == ["desk-a"]
        live.beat(b, "desk-b")  # back
        assert {d.id for d in live.live_desks(a)} == {"desk-a", "desk-b"}
        live.leave(b, "desk-b")
        assert [d.id for d in live.live_desks(a)] == ["desk-a"]


def test_an_order_in_flight_is_orphaned_only_when_its_desk_has_expired(team: PgDatabase
                                                                        ) -> None:
    alice, bob = _operator(team), _operator(team)
    with _desk(team, alice, "desk-a") as a, _desk(team, bob, "desk-b") as b:
        live.beat(a, "desk-a")
        live.beat(b, "desk-b")
        sending_a = add_order(a, "p1", submit_state="submitting", desk_id="desk-a")
        a.commit()
        sending_b = [add_order(b, "p1", submit_state="submitting", desk_id="desk-b")
                     for _ in range(4)]
        b.commit()
        assert live.orphaned_sends(a) == []  # both alive: nobody's order is touched
        a.rollback()
        with team.connect(autocommit=True) as admin:  # desk B was killed (no more beats)
            admin.execute("UPDATE smmdesk.desks SET seen_at = now() - interval '1 hour' "
                          "WHERE id = 'desk-b'")
        with _desk(team, alice, "desk-a") as a2:
            # Two transactions looking at once share the orphans out, none twice.
            first = live.orphaned_sends(a, limit=2)
            second = live.orphaned_sends(a2, limit=10)
            assert sorted(first + second) == sorted(sending_b)
            assert not set(first) & set(second) and sending_a not in first + second
            a.execute("UPDATE smmdesk.orders SET submit_state = 'uncertain' WHERE id = ANY(%s)",
                      (first,))
            a.commit()
            a2.rollback()
        assert sorted(live.orphaned_sends(a)) == sorted(set(sending_b) - set(first))


def test_concurrent_desks_claim_each_line_exactly_once(team: PgDatabase) -> None:
    alice = _operator(team)
    with _desk(team, alice, "setup") as conn:
        batch = conn.execute("INSERT INTO smmdesk.mass_batches (panel_id, list_id, created_at) "
                             "VALUES ('p1', 'L', 0) RETURNING id").fetchone()[0]
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO smmdesk.mass_lines (batch_id, idx, number, raw, link, "
                            "quantity) VALUES (%s, %s, %s, 'x', 'https://l', '100')",
                            [(batch, i, i + 1) for i in range(60)])
        conn.commit()
    taken: list[tuple[str, int]] = []
    lock = threading.Lock()

    def desk(n: int) -> None:
        with _desk(team, alice, f"desk-{n}") as conn:
            while True:
                with conn.transaction():
                    got = live.claim(conn, "mass_lines", "batch_id = %s AND state = 'pending'",
                                     (batch,), key="idx", limit=3)
                    if not got:
                        return
                    conn.execute("UPDATE smmdesk.mass_lines SET state = 'sent', at = 1 "
                                 "WHERE batch_id = %s AND idx = ANY(%s)", (batch, got))
                with lock:
                    taken.extend((f"desk-{n}", i) for i in got)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(desk, range(4)))
    counts = Counter(i for _, i in taken)
    assert sorted(counts) == list(range(60)) and set(counts.values()) == {1}


def test_concurrent_desks_consume_a_schedule_run_exactly_once(team: PgDatabase) -> None:
    operators = [_operator(team) for _ in range(5)]
    with _desk(team, operators[0], "setup", autocommit=True) as conn:
        sid = conn.execute(
            "INSERT INTO smmdesk.schedules (panel_id, service_id, first_run, every_ms, "
            "created_at, updated_at) VALUES ('p1', 1, 0, 60000, 0, 0) RETURNING id").fetchone()[0]
    start = threading.Barrier(5)

    def desk(n: int) -> bool:
        with _desk(team, operators[n], f"desk-{n}") as conn:
            start.wait()
            won = live.compare_and_swap(conn, "schedules", key={"id": sid},
                                        column="next_index", expected=0, new=1,
                                        also={"runs_done": 1, "updated_at": 1})
            conn.commit()
            return won

    with ThreadPoolExecutor(5) as pool:
        wins = list(pool.map(desk, range(5)))
    assert wins.count(True) == 1
    with team.connect() as conn:
        assert conn.execute("SELECT next_index, runs_done FROM smmdesk.schedules WHERE id = %s",
                            (sid,)).fetchone() == (1, 1)
