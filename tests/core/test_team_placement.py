"""Placement across desks on the real cluster, against the simulator: desks are separate
processes (each with its own login, connection and HTTP client) racing for the same scheduled
runs and mass-order lines; every run and line is placed exactly once — counted where it
matters, at the panel (the simulator's ``add`` requests)."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import timedelta
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from smmdesk.api import PanelClient
from smmdesk.demo.server import PanelSimulator
from smmdesk.models import OutcomeKind, Service, SubmitState
from smmdesk.store import RemoteIdTaken
from smmdesk.store.automation import RunTaken
from smmdesk.store.massorders import LineTaken, PlacedBefore
from smmdesk.store.pg import live, placement
from smmdesk.team.users import team_add_user
from smmdesk.textnorm import fold
from tests.pg_support import PgDatabase, simulator_service, unique_login

PASSWORD = "desk-password-1"
DESKS = 4
NOW = 1_700_000_000_000


def _service(sim: PanelSimulator) -> Service:
    return simulator_service(sim)


@pytest.fixture
def sim() -> Any:
    with PanelSimulator(services=50, balance=Decimal("100000")) as simulator:
        yield simulator


@pytest.fixture
def team(pg_team: PgDatabase, sim: PanelSimulator) -> PgDatabase:
    with pg_team.connect() as conn:
        conn.execute("INSERT INTO smmdesk.panels (id, name, url, created_at) "
                     "VALUES ('p1', 'Demo', %s, %s)", (sim.url, NOW))
    return pg_team


def _operators(db: PgDatabase, n: int) -> list[str]:
    names = [unique_login("desk") for _ in range(n)]
    with db.connect(autocommit=True) as conn:
        for name in names:
            team_add_user(conn, name, "operator", PASSWORD)
    return names


def _open_desk(dsn: str, desk_id: str) -> psycopg.Connection[Any]:
    conn = psycopg.connect(dsn, password=PASSWORD)
    conn.execute("SET search_path = smmdesk, public")
    live.beat(conn, desk_id, ttl=timedelta(minutes=5))
    conn.commit()
    return conn


def _send(conn: psycopg.Connection[Any], client: PanelClient, order_id: int, service: Service,
          link: str) -> SubmitState:
    """The one ``add`` of a recorded order and its answer recorded (as the Workspace does)."""
    answer = client.place(service.id, link=link, quantity=service.min)
    placement.set_submit_result(conn, order_id, answer.outcome, remote_id=answer.order,
                                error=answer.text or None)
    return answer.outcome


def _record(conn: psycopg.Connection[Any], desk_id: str, service: Service, link: str,
            claim: Any) -> int:
    """One order of ``link`` recorded as submitting, ``claim`` in its transaction."""
    return placement.record_submitting(
        conn, desk_id=desk_id, panel_id="p1", service=service,
        fields={"link": link, "quantity": service.min}, link=link, quantity=service.min,
        charge_estimate=None, currency="USD", also=claim)


# ------------------------------------------------------------------------ desks as processes


def _schedule_desk(dsn: str, desk_id: str, schedule_id: int, runs: int, url: str, key: str,
                   service: Service, start: Any, out: Any) -> None:
    """One desk's scheduler: places the schedule's next due run until all are consumed; puts
    (run index, order id) of each run it placed."""
    conn = _open_desk(dsn, desk_id)
    client = PanelClient(url, key, retries=0)
    placed: list[tuple[int, int]] = []
    start.wait()
    while True:
        gen, nxt = conn.execute("SELECT generation, next_index FROM schedules WHERE id = %s",
                                (schedule_id,)).fetchone()
        conn.commit()
        if nxt >= runs:
            break
        link = f"https://instagram.com/p/run-{nxt}"

        def claim(c: psycopg.Connection[Any], order_id: int, gen: int = gen,
                  index: int = nxt) -> None:
            placement.consume_run(c, schedule_id, gen, index, index + 1, runs_done=1)
            placement.add_run(c, schedule_id, gen, index, NOW + index, NOW, "sending",
                              order_id)

        try:
            order_id = _record(conn, desk_id, service, link, claim)
        except RunTaken:
            continue  # a colleague's desk took this run: nothing recorded, nothing sent
        outcome = _send(conn, client, order_id, service, link)
        with conn.transaction():
            conn.execute("UPDATE schedule_runs SET outcome = %s WHERE order_id = %s",
                         (outcome.value, order_id))
        placed.append((nxt, order_id))
    conn.close()
    out.put((desk_id, placed))


def _mass_desk(dsn: str, desk_id: str, batch_id: int, lines: int, url: str, key: str,
               service: Service, start: Any, out: Any) -> None:
    """One desk running the same list: tries every line in order; puts the lines it placed."""
    conn = _open_desk(dsn, desk_id)
    client = PanelClient(url, key, retries=0)
    placed: list[int] = []
    start.wait()
    for idx in range(lines):
        link = f"https://instagram.com/p/line-{idx}"

        def claim(c: psycopg.Connection[Any], order_id: int, idx: int = idx,
                  link: str = link) -> None:
            placement.claim_line(c, batch_id=batch_id, idx=idx, order_id=order_id,
                                 panel_id="p1", list_id="list", owner="the-run",
                                 key=(service.id, link, str(service.min)), since_ms=0)

        try:
            order_id = _record(conn, desk_id, service, link, claim)
        except LineTaken:
            continue
        _send(conn, client, order_id, service, link)
        placed.append(idx)
    conn.close()
    out.put((desk_id, placed))


def _desk_process(target: Any, dsn: str, desk: str, *args: Any) -> None:
    out = args[-1]
    try:
        target(dsn, desk, *args)
    except BaseException as e:  # the parent says which desk failed, and how
        out.put((desk, f"FAILED: {type(e).__name__}: {e}"))
        raise


def _race(target: Any, dsns: list[tuple[str, str]], *args: Any) -> dict[str, Any]:
    """Run ``target`` in one process per desk, started together; what each put."""
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Barrier(len(dsns)), ctx.Queue()
    procs = [ctx.Process(target=_desk_process, args=(target, dsn, desk, *args, start, out))
             for dsn, desk in dsns]
    for p in procs:
        p.start()
    results = dict(out.get(timeout=90) for _ in procs)
    failed = [v for v in results.values() if isinstance(v, str)]
    assert not failed, failed
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0, p.exitcode
    return results


def _desks(db: PgDatabase, logins: list[str]) -> list[tuple[str, str]]:
    return [(db.dsn(login), f"desk-{i}") for i, login in enumerate(logins)]


def test_four_desks_place_each_scheduled_run_exactly_once(team: PgDatabase,
                                                          sim: PanelSimulator) -> None:
    runs = 24
    service = _service(sim)
    logins = _operators(team, DESKS)
    with team.connect(logins[0], password=PASSWORD) as conn:
        schedule_id = conn.execute(
            "INSERT INTO smmdesk.schedules (panel_id, service_id, first_run, every_ms, times, "
            "created_at, updated_at) VALUES ('p1', %s, %s, 60000, %s, %s, %s) RETURNING id",
            (service.id, NOW, runs, NOW, NOW)).fetchone()[0]
    sim.clear_log()

    results = _race(_schedule_desk, _desks(team, logins), schedule_id, runs, sim.url, sim.key,
                    service)

    taken = sorted(index for placed in results.values() for index, _ in placed)
    assert taken == list(range(runs))  # every run once, by one desk or another
    assert sim.count("add") == runs  # and the panel was asked exactly once per run
    assert len(sim.order_ids()) == runs
    with team.connect() as conn:
        rows = conn.execute(
            "SELECT r.idx, r.outcome, o.submit_state, o.remote_id, o.placed_by, o.desk_id "
            "FROM smmdesk.schedule_runs r JOIN smmdesk.orders o ON o.id = r.order_id "
            "WHERE r.schedule_id = %s ORDER BY r.idx", (schedule_id,)).fetchall()
        next_index, runs_done = conn.execute(
            "SELECT next_index, runs_done FROM smmdesk.schedules WHERE id = %s",
            (schedule_id,)).fetchone()
        orders = conn.execute("SELECT count(*) FROM smmdesk.orders").fetchone()[0]
    assert [r[0] for r in rows] == list(range(runs)) and orders == runs
    assert {(r[1], r[2]) for r in rows} == {("placed", "placed")}
    assert sorted(r[3] for r in rows) == sorted(sim.order_ids())
    by_desk = {desk: {oid for _, oid in placed} for desk, placed in results.items()}
    for _, _, _, _, login, desk in rows:  # each order names the login and desk that placed it
        assert login == logins[int(desk.split("-")[1])]
    assert sum(len(v) for v in by_desk.values()) == runs
    assert (next_index, runs_done) == (runs, runs)


def test_four_desks_running_one_list_place_each_line_exactly_once(team: PgDatabase,
                                                                  sim: PanelSimulator) -> None:
    lines = 30
    service = _service(sim)
    logins = _operators(team, DESKS)
    with team.connect() as conn:
        batch = conn.execute("INSERT INTO smmdesk.mass_batches (panel_id, list_id, created_at) "
                             "VALUES ('p1', 'list', %s) RETURNING id", (NOW,)).fetchone()[0]
        for idx in range(lines):
            conn.execute(
                "INSERT INTO smmdesk.mass_lines (batch_id, idx, number, raw, service_id, link, "
                "quantity) VALUES (%s, %s, %s, '', %s, %s, %s)",
                (batch, idx, idx + 1, service.id, f"https://instagram.com/p/line-{idx}",
                 str(service.min)))
        conn.execute("INSERT INTO smmdesk.mass_runs (panel_id, list_id, owner, pid, batch_id, "
                     "since) VALUES ('p1', 'list', 'the-run', 1, %s, %s)", (batch, NOW))
    sim.clear_log()

    results = _race(_mass_desk, _desks(team, logins), batch, lines, sim.url, sim.key, service)

    assert sorted(i for placed in results.values() for i in placed) == list(range(lines))
    assert sim.count("add") == lines
    with team.connect() as conn:
        states = conn.execute(
            "SELECT l.state, o.submit_state, count(*) FROM smmdesk.mass_lines l "
            "JOIN smmdesk.orders o ON o.id = l.order_id GROUP BY 1, 2").fetchall()
        orders = conn.execute("SELECT count(*) FROM smmdesk.orders").fetchone()[0]
    assert states == [("sent", "placed", lines)] and orders == lines


def test_the_same_line_in_two_desks_batches_is_placed_once(team: PgDatabase,
                                                           sim: PanelSimulator) -> None:
    """Two desks run two batches holding the same (service, link, quantity): the second to
    claim waits for the first's commit and then sees it (without the key lock, both checks
    would pass before either committed, and the panel would get the line twice)."""
    service = _service(sim)
    a_login, b_login = _operators(team, 2)
    link = "https://instagram.com/p/shared"
    key = (service.id, link, str(service.min))
    with team.connect() as conn:
        # The service's name is known already (else B would wait on A's new name instead).
        conn.execute("INSERT INTO smmdesk.order_names (name, folded) VALUES (%s, '')",
                     (service.name,))
        batches = []
        for list_id in ("list-a", "list-b"):
            batch = conn.execute(
                "INSERT INTO smmdesk.mass_batches (panel_id, list_id, created_at) "
                "VALUES ('p1', %s, %s) RETURNING id", (list_id, NOW)).fetchone()[0]
            conn.execute(
                "INSERT INTO smmdesk.mass_lines (batch_id, idx, number, raw, service_id, link, "
                "quantity) VALUES (%s, 0, 1, '', %s, %s, %s)",
                (batch, service.id, link, str(service.min)))
            conn.execute("INSERT INTO smmdesk.mass_runs (panel_id, list_id, owner, pid, "
                         "batch_id, since) VALUES ('p1', %s, %s, 1, %s, %s)",
                         (list_id, f"run-{list_id}", batch, NOW))
            batches.append((batch, list_id))
    a = _open_desk(team.dsn(a_login), "desk-a")
    b = _open_desk(team.dsn(b_login), "desk-b")

    def claim_for(batch: int, list_id: str) -> Any:
        def claim(c: psycopg.Connection[Any], order_id: int) -> None:
            placement.claim_line(c, batch_id=batch, idx=0, order_id=order_id, panel_id="p1",
                                 list_id=list_id, owner=f"run-{list_id}", key=key, since_ms=0)
        return claim

    def record(conn: psycopg.Connection[Any], desk: str, claim: Any) -> int:
        return placement.record_submitting(
            conn, desk_id=desk, panel_id="p1", service=service, fields={"link": link},
            link=link, quantity=service.min, charge_estimate=None, currency="USD", also=claim)

    try:
        # Desk A is inside its recording transaction, line claimed, not committed yet.
        a_claimed, a_may_commit = threading.Event(), threading.Event()

        def a_claim(c: psycopg.Connection[Any], order_id: int) -> None:
            claim_for(*batches[0])(c, order_id)
            a_claimed.set()
            assert a_may_commit.wait(30)

        a_result: list[int] = []
        a_thread = threading.Thread(target=lambda: a_result.append(record(a, "desk-a", a_claim)))
        a_thread.start()
        assert a_claimed.wait(30)
        # Desk B cannot get past the check while A holds the key: it would wait for A.
        b.execute("SET lock_timeout = '300ms'")
        b.commit()
        with pytest.raises(psycopg.errors.LockNotAvailable):
            record(b, "desk-b", claim_for(*batches[1]))
        b.execute("SET lock_timeout = 0")
        b.commit()
        a_may_commit.set()
        a_thread.join(30)
        assert _send(a, PanelClient(sim.url, sim.key, retries=0), a_result[0], service,
                     link) is SubmitState.PLACED
        with pytest.raises(PlacedBefore) as seen:  # after A's commit, B sees A's line
            record(b, "desk-b", claim_for(*batches[1]))
        assert (seen.value.batch_id, seen.value.order_id) == (batches[0][0], a_result[0])
    finally:
        a_may_commit.set()
        a.close()
        b.close()
    assert sim.count("add") == 1
    with team.connect() as conn:  # B's attempts left nothing behind
        assert conn.execute("SELECT count(*) FROM smmdesk.orders").fetchone()[0] == 1


def test_a_desk_without_a_live_heartbeat_records_nothing(team: PgDatabase,
                                                         sim: PanelSimulator) -> None:
    service = _service(sim)
    (login,) = _operators(team, 1)
    desk = _open_desk(team.dsn(login), "desk-a")
    try:
        with team.connect(autocommit=True) as admin:  # desk A went quiet past its time
            admin.execute("UPDATE smmdesk.desks SET seen_at = now() - interval '1 hour'")
        with pytest.raises(placement.DeskNotAlive):
            placement.record_submitting(
                desk, desk_id="desk-a", panel_id="p1", service=service, fields={}, link=None,
                quantity=service.min, charge_estimate=None, currency="USD")
        live.beat(desk, "desk-a")
        desk.commit()
        order_id = placement.record_submitting(
            desk, desk_id="desk-a", panel_id="p1", service=service, fields={}, link=None,
            quantity=service.min, charge_estimate=Decimal("0.01"), currency="USD")
        with team.connect() as conn:  # committed, from another connection's point of view
            row = conn.execute("SELECT submit_state, desk_id, charge_estimate FROM "
                               "smmdesk.orders WHERE id = %s", (order_id,)).fetchone()
        assert row == ("submitting", "desk-a", Decimal("0.01"))
        desk.execute("SELECT 1")  # a transaction left open: the write would be a savepoint
        with pytest.raises(ValueError, match="inside a transaction"):
            placement.record_submitting(
                desk, desk_id="desk-a", panel_id="p1", service=service, fields={}, link=None,
                quantity=None, charge_estimate=None, currency=None)
    finally:
        desk.close()


def test_a_panel_order_id_is_held_by_one_order_across_desks(team: PgDatabase,
                                                            sim: PanelSimulator) -> None:
    service = _service(sim)
    a_login, b_login = _operators(team, 2)
    a = _open_desk(team.dsn(a_login), "desk-a")
    b = _open_desk(team.dsn(b_login), "desk-b")
    try:
        first = placement.record_submitting(
            a, desk_id="desk-a", panel_id="p1", service=service, fields={}, link=None,
            quantity=None, charge_estimate=None, currency=None)
        second = placement.record_submitting(
            b, desk_id="desk-b", panel_id="p1", service=service, fields={}, link=None,
            quantity=None, charge_estimate=None, currency=None)
        placement.set_submit_result(a, first, SubmitState.PLACED, remote_id=777)
        with pytest.raises(RemoteIdTaken) as taken:
            placement.set_submit_result(b, second, SubmitState.PLACED, remote_id=777)
        assert (taken.value.panel_id, taken.value.remote_id) == ("p1", 777)
        placement.set_submit_result(b, second, SubmitState.UNCERTAIN,
                                    outcome=OutcomeKind.ID_TAKEN)
        with team.connect() as conn:
            rows = conn.execute("SELECT id, submit_state, remote_id, outcome FROM "
                                "smmdesk.orders ORDER BY id").fetchall()
        assert rows == [(first, "placed", 777, None), (second, "uncertain", None, "id_taken")]
    finally:
        a.close()
        b.close()


def _send_and_hang(dsn: str, desk_id: str, url: str, key: str, service: Service,
                   out: Any) -> None:
    """A desk that records an order and is killed while the panel has not answered."""
    conn = _open_desk(dsn, desk_id)
    order_id = placement.record_submitting(
        conn, desk_id=desk_id, panel_id="p1", service=service, fields={}, link=None,
        quantity=service.min, charge_estimate=None, currency="USD")
    out.put(order_id)
    PanelClient(url, key, retries=0, timeout=600).place(
        service.id, link="https://instagram.com/p/hang", quantity=service.min)


def test_a_killed_desks_send_turns_uncertain_only_after_its_heartbeat_expires(
        team: PgDatabase, sim: PanelSimulator) -> None:
    service = _service(sim)
    a_login, b_login = _operators(team, 2)
    sim.latency = 600.0  # the panel does not answer: desk A waits in its one `add`
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    desk_a = ctx.Process(target=_send_and_hang,
                         args=(team.dsn(a_login), "desk-a", sim.url, sim.key, service, out))
    desk_a.start()
    try:
        order_id = out.get(timeout=120)
    finally:
        desk_a.kill()  # kill -9 mid-send
        desk_a.join()
    b = _open_desk(team.dsn(b_login), "desk-b")
    try:
        assert placement.orphans_to_uncertain(b) == []  # A's heartbeat is still alive
        with team.connect(autocommit=True) as admin:  # ... until it expires
            admin.execute("UPDATE smmdesk.desks SET seen_at = now() - interval '1 hour' "
                          "WHERE id = 'desk-a'")
        assert placement.orphans_to_uncertain(b) == [order_id]
        assert placement.orphans_to_uncertain(b) == []  # once
        with team.connect() as conn:
            state, outcome = conn.execute("SELECT submit_state, outcome FROM smmdesk.orders "
                                          "WHERE id = %s", (order_id,)).fetchone()
            done_by, note = conn.execute(
                "SELECT done_by, note FROM smmdesk.order_events WHERE order_id = %s "
                "ORDER BY id DESC LIMIT 1", (order_id,)).fetchone()
        assert (state, outcome) == ("uncertain", "app_stopped") and "may have been" in note
        assert done_by == b_login  # who decided it is recorded
    finally:
        b.close()


def test_placements_of_one_link_take_turns_across_desks(team: PgDatabase,
                                                        sim: PanelSimulator) -> None:
    """The check "is another order on this link unresolved?" runs inside the recording
    transaction; across desks it sees a colleague's order only if recordings of one link take
    turns (SQLite's one writer gave that for free): B waits for A's commit, then sees it."""
    service = _service(sim)
    a_login, b_login = _operators(team, 2)
    link = "https://Instagram.com/p/Same"
    with team.connect() as conn:
        conn.execute("INSERT INTO smmdesk.order_names (name, folded) VALUES (%s, '')",
                     (service.name,))
    a = _open_desk(team.dsn(a_login), "desk-a")
    b = _open_desk(team.dsn(b_login), "desk-b")
    a_recording, a_may_commit = threading.Event(), threading.Event()

    def a_also(c: psycopg.Connection[Any], order_id: int) -> None:
        a_recording.set()
        assert a_may_commit.wait(30)

    seen_by_b: list[int] = []

    def b_also(c: psycopg.Connection[Any], order_id: int) -> None:
        seen_by_b.extend(r[0] for r in c.execute(
            "SELECT id FROM orders WHERE search_text = %s AND id != %s "
            "AND submit_state IN ('submitting', 'uncertain')",
            (fold(link), order_id)))

    def record(conn: psycopg.Connection[Any], desk: str, also: Any, text: str) -> int:
        return placement.record_submitting(
            conn, desk_id=desk, panel_id="p1", service=service, fields={"link": text},
            link=text, quantity=service.min, charge_estimate=None, currency="USD", also=also)

    try:
        a_ids: list[int] = []
        a_thread = threading.Thread(target=lambda: a_ids.append(
            record(a, "desk-a", a_also, link)))
        a_thread.start()
        assert a_recording.wait(30)
        b.execute("SET lock_timeout = '300ms'")
        b.commit()
        with pytest.raises(psycopg.errors.LockNotAvailable):  # the same link, typed otherwise
            record(b, "desk-b", b_also, "https://instagram.com/p/same")
        b.execute("SET lock_timeout = 0")
        b.commit()
        a_may_commit.set()
        a_thread.join(30)
        record(b, "desk-b", b_also, "https://instagram.com/p/same")
        assert seen_by_b == a_ids
    finally:
        a_may_commit.set()
        a.close()
        b.close()


def test_a_list_is_held_by_one_run_until_its_desk_expires(team: PgDatabase) -> None:
    logins = _operators(team, DESKS)
    desks = [_open_desk(team.dsn(login), f"desk-{i}") for i, login in enumerate(logins)]
    try:
        start = threading.Barrier(DESKS)
        outcomes: dict[int, Any] = {}

        def acquire(i: int) -> None:
            start.wait()
            outcomes[i] = placement.acquire_list(desks[i], "p1", "list", f"run-{i}", 100 + i,
                                                 f"desk-{i}")

        threads = [threading.Thread(target=acquire, args=(i,)) for i in range(DESKS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        winners = [i for i, held in outcomes.items() if held is None]
        assert len(winners) == 1 and len(outcomes) == DESKS  # one run holds the list
        won = winners[0]
        assert {held.owner for held in outcomes.values() if held is not None} == {f"run-{won}"}
        other = (won + 1) % DESKS
        held = placement.acquire_list(desks[other], "p1", "list", "late", 1, f"desk-{other}")
        assert held is not None and (held.owner, held.pid) == (f"run-{won}", 100 + won)
        with team.connect(autocommit=True) as admin:  # the holder's desk went quiet
            admin.execute("UPDATE smmdesk.desks SET seen_at = now() - interval '1 hour' "
                          "WHERE id = %s", (f"desk-{won}",))
        assert placement.acquire_list(desks[other], "p1", "list", "late", 1,
                                      f"desk-{other}") is None
        with team.connect() as conn:
            assert conn.execute("SELECT owner, desk_id FROM smmdesk.mass_runs").fetchall() == [
                ("late", f"desk-{other}")]
        placement.release_list(desks[won], "p1", "list", f"run-{won}")  # not its hold now
        placement.release_list(desks[other], "p1", "list", "late")
        with team.connect() as conn:
            assert conn.execute("SELECT count(*) FROM smmdesk.mass_runs").fetchone()[0] == 0
    finally:
        for conn in desks:
            conn.close()
