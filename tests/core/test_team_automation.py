"""Scheduled orders, mass orders and automatic refills on a team store with several desks: each
desk is its own ``Workspace`` (its own data folder, operator login, connection and heartbeat)
on one team database, and the desks race (threads released together) for the same work. Every
run, line and refill reaches the panel once — counted where it matters, at the panel (the
simulator's requests)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from smmdesk import massorder
from smmdesk.demo.server import PanelSimulator
from smmdesk.models import OrderState, Panel, SubmitState
from smmdesk.schedules import RunOutcome
from smmdesk.store.pg.connection import StorePasswords
from smmdesk.store.pg.location import parse_store
from smmdesk.workspace import Workspace
from tests.conftest import connect_panel
from tests.pg_support import PgDatabase, unique_login

DESKS = 4
PASSWORD = "desk-password-1"
T0 = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=50, balance=Decimal("100000")) as simulator:
        yield simulator


@pytest.fixture
def admin(pg_team: PgDatabase, tmp_path: Path) -> Iterator[Workspace]:
    """The team's first admin's desk (the cluster's superuser created the schema)."""
    with Workspace(tmp_path / "admin", store=pg_team.url()) as ws:
        yield ws


@pytest.fixture
def panel(admin: Workspace, sim: PanelSimulator) -> Panel:
    return connect_panel(admin, sim)


@pytest.fixture
def desks(pg_team: PgDatabase, admin: Workspace, tmp_path: Path) -> Iterator[list[Workspace]]:
    """``DESKS`` operators' desks, each its own Workspace on the team database."""
    opened: list[Workspace] = []
    try:
        for i in range(DESKS):
            login = unique_login("desk")
            admin.team_add_user(login, "operator", PASSWORD)
            StorePasswords().set(parse_store(pg_team.url(login)), PASSWORD)
            opened.append(Workspace(tmp_path / f"desk{i}", store=pg_team.url(login)))
        yield opened
    finally:
        for ws in opened:
            ws.close()


def race(desks: list[Workspace], work: Callable[[Workspace], Any]) -> list[Any]:
    """``work(desk)`` on every desk at once (threads released together): what each returned,
    or the exception it raised."""
    start = threading.Barrier(len(desks))
    out: list[Any] = [None] * len(desks)

    def one(i: int) -> None:
        start.wait(timeout=60)
        try:
            out[i] = work(desks[i])
        except Exception as e:  # the test looks at it
            out[i] = e

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(desks))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a desk never finished"
    return out


def default_service(ws: Workspace, panel: Panel) -> Any:
    return min((r.service for r in ws.services(panel.id) if r.service.type == "Default"),
               key=lambda s: s.rate)


def test_four_desks_running_due_schedules_at_once_place_each_run_exactly_once(
        panel: Panel, desks: list[Workspace], sim: PanelSimulator) -> None:
    runs = 12
    maker = desks[0]
    service = default_service(maker, panel)
    made = [maker.schedule_order(panel.id, service.id,
                                 {"link": f"https://instagram.com/p/team-{k}",
                                  "quantity": str(service.min)}, first_run=T0)
            for k in range(runs)]
    sim.clear_log()

    results = race(desks, lambda ws: ws.run_due(T0 + timedelta(minutes=1)))

    assert not [r for r in results if isinstance(r, Exception)], results
    placed = [o for orders in results for o in orders]
    assert sim.count("add") == runs  # the panel was asked once per run, whichever desk did
    assert len(placed) == runs and {o.submit_state for o in placed} == {SubmitState.PLACED}
    assert len({o.remote_id for o in placed}) == runs
    assert len(desks[-1].orders(panel.id)) == runs  # a desk that lost a run recorded nothing
    for s in made:
        again = desks[-1].schedule(s.id)
        assert again.next_run is None and again.runs_done == 1
        assert [r.outcome for r in desks[-1].schedule_runs(s.id)] == [RunOutcome.PLACED]
    # the next tick on every desk places nothing more
    assert race(desks, lambda ws: ws.run_due(T0 + timedelta(minutes=2))) == [[]] * DESKS
    assert sim.count("add") == runs


def test_a_schedule_says_who_created_it_on_every_desk(
        panel: Panel, desks: list[Workspace], admin: Workspace, pg_team: PgDatabase) -> None:
    service = default_service(admin, panel)
    s = desks[1].schedule_order(panel.id, service.id, {"link": "https://instagram.com/p/who",
                                                       "quantity": str(service.min)},
                                first_run=T0)
    login = parse_store(desks[1].store_address).user
    assert login and s.created_by == login
    assert [x.created_by for x in desks[2].schedules()] == [login]
    assert admin.schedule(s.id).created_by == login


def test_one_list_run_by_two_desks_places_each_line_once(
        panel: Panel, desks: list[Workspace], sim: PanelSimulator) -> None:
    n = 8
    service = default_service(desks[0], panel)
    text = "\n".join(f"{service.id}|https://instagram.com/p/mass-{k}|{service.min}"
                     for k in range(n))
    lines = massorder.check_lines(massorder.parse_lines(text),
                                  {service.id: service})
    sim.clear_log()

    def run(ws: Workspace) -> Any:
        return massorder.run_batch(ws, massorder.BatchStore(ws), panel.id, lines)

    results = race(desks[:2], run)

    records = [r for r in results if isinstance(r, massorder.BatchRecord)]
    busy = [r for r in results if isinstance(r, massorder.BatchBusy)]
    assert len(records) + len(busy) == 2 and records, results
    assert sim.count("add") == n  # each line once, whichever desk sent it
    assert len(desks[0].orders(panel.id)) == n
    # a later run of the same list, on a third desk, sends nothing again
    again = run(desks[2])
    assert sim.count("add") == n
    assert {again.result(k).status for k in range(n)} == {massorder.LineStatus.PLACED}


def test_an_automatic_refill_is_requested_by_one_desk(
        panel: Panel, desks: list[Workspace], admin: Workspace, sim: PanelSimulator) -> None:
    followers = 1  # the simulator's "Instagram Followers … [Refill 30D]"
    admin.set_automation_settings(auto_refill_default=True)
    service = admin.service(panel.id, followers)
    assert service is not None and service.refill
    for k in range(3):
        desks[0].place_order(panel.id, followers, {"link": f"https://instagram.com/r{k}",
                                                   "quantity": str(service.min)})
    sim.advance(86400)
    admin.sync_panel(panel.id, force=True)
    done = [o.id for o in admin.orders(panel.id) if o.state is OrderState.COMPLETED]
    assert len(done) == 3
    sim.clear_log()
    later = datetime.now(UTC) + timedelta(days=2)

    results = race(desks, lambda ws: ws.auto_refill_due(later))

    assert not [r for r in results if isinstance(r, Exception)], results
    asked = [r.params.get("orders") or r.params.get("order", "") for r in sim.requests
             if r.action == "refill"]
    remote = sorted(",".join(asked).split(","))
    assert len(remote) == 3 and len(set(remote)) == 3  # each order's refill asked once
    assert sum(len(r) for r in results) == 3


def test_a_run_a_stopped_desk_was_sending_is_settled_only_after_its_heartbeat_expired(
        panel: Panel, desks: list[Workspace], sim: PanelSimulator, pg_team: PgDatabase,
        tmp_path: Path) -> None:
    a, b = desks[0], desks[1]
    service = default_service(a, panel)
    s = a.schedule_order(panel.id, service.id, {"link": "https://instagram.com/p/flight",
                                                "quantity": str(service.min)}, first_run=T0)
    release, recorded = threading.Event(), threading.Event()
    sim.set_fault("hang", actions=["add"], times=1, until=release)
    insert = a.store.orders.insert_submitting

    def recording(**kwargs: Any) -> int:  # the real method; the test learns it returned
        order_id = insert(**kwargs)
        recorded.set()
        return order_id

    a.store.orders.insert_submitting = recording  # type: ignore[method-assign]
    sending = threading.Thread(target=lambda: a.run_due(T0 + timedelta(minutes=1)))
    sending.start()
    try:
        def runs() -> list[RunOutcome]:
            return [r.outcome for r in b.schedule_runs(s.id)]

        assert recorded.wait(timeout=60)  # (a deadlock guard)
        assert runs() == [RunOutcome.SENDING]
        # desk a is alive, waiting for the panel: another desk opening leaves its run alone
        with Workspace(tmp_path / "late", store=pg_team.url()) as late:
            assert [r.outcome for r in late.schedule_runs(s.id)] == [RunOutcome.SENDING]
            assert not late.schedule(s.id).paused
        b.run_due(T0 + timedelta(minutes=2))
        assert runs() == [RunOutcome.SENDING]
        # desk a stops answering (its heartbeat is silent past its time to live)
        a.store._heartbeat.stop(leave=False)  # type: ignore[attr-defined]
        with pg_team.connect() as conn:
            conn.execute("UPDATE smmdesk.desks SET seen_at = now() - interval '1 hour' "
                         "WHERE id = %s", (a.store.desk_id,))  # type: ignore[attr-defined]
        with Workspace(tmp_path / "next", store=pg_team.url()) as nxt:  # opens: settles it
            [run] = nxt.schedule_runs(s.id)
            assert run.outcome is RunOutcome.UNCERTAIN
            assert nxt.order(run.local_id).submit_state is SubmitState.UNCERTAIN
            assert nxt.schedule(s.id).paused  # until the person has checked the panel
    finally:
        release.set()
        sending.join(timeout=60)
    assert sim.count("add") == 1  # never sent again


def test_an_operators_automation_tick_works_on_the_team_store(
        panel: Panel, desks: list[Workspace], sim: PanelSimulator,
        caplog: pytest.LogCaptureFixture) -> None:
    """What the app's automation timer does each minute (``ui.schedules.timer``), on an
    operator's desk: the clock watch, the due runs, automatic refills and the alerts — none
    refused as "not on a team store"."""
    desk = desks[0]
    service = default_service(desk, panel)
    desk.schedule_order(panel.id, service.id, {"link": "https://instagram.com/p/tick",
                                               "quantity": str(service.min)}, first_run=T0)
    sim.set_fault("drop_after_read", actions=["add"], times=1)  # the run ends uncertain
    [order] = desk.run_due(T0 + timedelta(minutes=1), elapsed=1000.0, boot="boot-a")
    assert order.submit_state is SubmitState.UNCERTAIN
    assert desk.auto_refill_due(T0 + timedelta(minutes=1)) == []
    active = [a for a in desk.alerts(None, now=T0 + timedelta(minutes=1)) if a.active]
    assert [a.local_id for a in active] == [order.id]  # "check this order" (it may be placed)
    assert desks[1].run_due(T0 + timedelta(minutes=2), elapsed=1060.0, boot="boot-a") == []
    assert desks[1].clock_hold() is None
    assert "not available on a team workspace" not in caplog.text


def test_desks_checking_alerts_at_once_raise_one_alert_per_condition(
        panel: Panel, desks: list[Workspace], sim: PanelSimulator) -> None:
    service = default_service(desks[0], panel)
    sim.set_fault("drop_after_read", actions=["add"], times=1)
    order = desks[0].place_order(panel.id, service.id, {"link": "https://instagram.com/p/al",
                                                        "quantity": str(service.min)})
    assert order.submit_state is SubmitState.UNCERTAIN

    raised = race(desks, lambda ws: ws.check_alerts(T0))

    assert sum(len(r) for r in raised) == 1  # one desk raised it; the others found it active
    everything = desks[-1].alerts(None, now=T0)
    assert [(a.local_id, a.active) for a in everything] == [(order.id, True)]


def test_a_viewers_desk_leaves_the_automation_to_the_operators(
        panel: Panel, admin: Workspace, desks: list[Workspace], sim: PanelSimulator,
        pg_team: PgDatabase, tmp_path: Path) -> None:
    """A viewer may not place, refill or raise alerts: its automation tick does nothing (no
    refusal at every tick), and an operator's desk places the run."""
    viewer = unique_login("view")
    admin.team_add_user(viewer, "viewer", PASSWORD)
    StorePasswords().set(parse_store(pg_team.url(viewer)), PASSWORD)
    service = default_service(admin, panel)
    s = admin.schedule_order(panel.id, service.id, {"link": "https://instagram.com/p/view",
                                                    "quantity": str(service.min)},
                             first_run=T0)
    sim.clear_log()
    with Workspace(tmp_path / "viewer", store=pg_team.url(viewer)) as reader:
        due = T0 + timedelta(minutes=1)
        assert reader.run_due(due, elapsed=1000.0, boot="boot-a") == []
        assert reader.auto_refill_due(due) == [] and reader.check_alerts(due) == []
        assert sim.count("add") == 0 and reader.schedule(s.id).next_run == T0
        [order] = desks[0].run_due(due)
        assert order.submit_state is SubmitState.PLACED and sim.count("add") == 1
        assert [r.outcome for r in reader.schedule_runs(s.id)] == [RunOutcome.PLACED]


def test_a_list_held_on_another_desk_is_busy_until_that_desks_heartbeat_expires(
        panel: Panel, desks: list[Workspace], sim: PanelSimulator,
        pg_team: PgDatabase) -> None:
    a, b = desks[0], desks[1]
    service = default_service(a, panel)
    lines = massorder.check_lines(massorder.parse_lines(
        f"{service.id}|https://instagram.com/p/held|{service.min}"), {service.id: service})
    lid = massorder.list_id(panel.id, lines)
    with massorder.BatchStore(a).running(panel.id, lid):
        # desk b sees the list being placed (a colleague's desk is alive), and may not run it
        assert massorder.BatchStore(b).holder(panel.id, lid) is not None
        with pytest.raises(massorder.BatchBusy):
            massorder.run_batch(b, massorder.BatchStore(b), panel.id, lines)
        # desk a stops answering: its hold is a dead desk's, replaced by the next run
        a.store._heartbeat.stop(leave=False)  # type: ignore[attr-defined]
        with pg_team.connect() as conn:
            conn.execute("UPDATE smmdesk.desks SET seen_at = now() - interval '1 hour' "
                         "WHERE id = %s", (a.store.desk_id,))  # type: ignore[attr-defined]
        assert massorder.BatchStore(b).holder(panel.id, lid) is None
        record = massorder.run_batch(b, massorder.BatchStore(b), panel.id, lines)
        assert record.result(0).status is massorder.LineStatus.PLACED
    assert sim.count("add") == 1


def test_an_operator_enters_a_colleagues_panel_key_on_its_own_desk(
        pg_team: PgDatabase, admin: Workspace, panel: Panel, sim: PanelSimulator,
        tmp_path: Path) -> None:
    """"Key needed on this computer": the panel dialog sends the name and address as they were
    with the key; an operator may not change a panel's row, so only the key (this desk's own
    keyring) is written — and a real change is still the database's to refuse."""
    from smmdesk.secrets import Secrets

    login = unique_login("desk")
    admin.team_add_user(login, "operator", PASSWORD)
    StorePasswords().set(parse_store(pg_team.url(login)), PASSWORD)
    Secrets().remove(panel.id)  # the admin's key is on the admin's computer only
    with Workspace(tmp_path / "operator", store=pg_team.url(login)) as desk:
        assert not desk.has_key(panel.id)
        same = desk.panel(panel.id)
        updated = desk.update_panel(panel.id, name=same.name, url=same.url, key=sim.key)
        assert updated.name == same.name and desk.has_key(panel.id)
        service = desk.service(panel.id, 18)
        assert service is not None
        placed = desk.place_order(panel.id, 18, {"link": "https://x.example/op",
                                                 "quantity": str(service.min)})
        assert placed.remote_id is not None and sim.count("add") == 1
        with pytest.raises(Exception, match="permission denied"):
            desk.update_panel(panel.id, name="Renamed by an operator")
    assert admin.panel(panel.id).name == same.name
