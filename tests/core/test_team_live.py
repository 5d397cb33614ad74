"""Live on a team store (issue 28 §3): desks see each other's changes through LISTEN/NOTIFY
(``Workspace.wait_changes``), one desk syncs a panel at a time, and the orders a dead desk was
sending become uncertain on the others once its heartbeat expired — never while it is alive.
Two (or more) Workspaces on one team database of the throwaway cluster, against the simulator."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from smmdesk.changes import Changes
from smmdesk.demo.server import PanelSimulator
from smmdesk.models import SubmitState
from smmdesk.store.pg import live
from smmdesk.store.pg.engine import TeamStoreUnreachable
from smmdesk.workspace import Workspace
from tests.conftest import connect_panel, first_default
from tests.pg_support import PgCluster, PgDatabase, add_order

WAIT_S = 60.0  # generous: a change arrives within ~a second; the wait ends as soon as it does


def _changes_until(ws: Workspace, done: Callable[[Changes], bool]) -> Changes:
    """What ``ws`` is told, gathered until ``done`` holds of it (the test fails after
    ``WAIT_S`` without it)."""
    seen = Changes()
    deadline = time.monotonic() + WAIT_S
    while not done(seen):
        left = deadline - time.monotonic()
        assert left > 0, f"not told in time; told so far: {seen}"
        got = ws.wait_changes(min(left, 5.0))
        if got is not None:
            seen = seen.merged(got)
    return seen


def _listen(ws: Workspace) -> None:
    """``ws`` listens from here on (its first look may report what it missed before)."""
    ws.wait_changes(0)
    assert ws.store.feed.listening


def test_a_colleagues_new_order_reaches_the_other_desk_by_id_and_not_its_own(
        pg_team: PgDatabase, tmp_path: Path) -> None:
    with PanelSimulator(services=20) as sim, \
            Workspace(tmp_path / "a", store=pg_team.url()) as a, \
            Workspace(tmp_path / "b", store=pg_team.url()) as b:
        panel = connect_panel(a, sim)
        s = first_default(a, panel.id)
        _listen(b)
        first = a.place_order(panel.id, s.id, {"link": "https://x.example/one",
                                               "quantity": str(s.min)})
        told = _changes_until(b, lambda c: first.id in c.orders_added)
        assert "orders" in told.topics and "postgres" in told.by
        # desk A is told desk B's order, not its own
        _listen(a)
        second = b.place_order(panel.id, s.id, {"link": "https://x.example/two",
                                                "quantity": str(s.min)})
        told_a = _changes_until(a, lambda c: second.id in c.orders_added)
        assert first.id not in told_a.orders_added + told_a.orders_changed


def test_a_status_found_by_one_desk_reaches_the_other_as_a_changed_order(
        pg_team: PgDatabase, tmp_path: Path) -> None:
    with PanelSimulator(services=20) as sim, \
            Workspace(tmp_path / "a", store=pg_team.url()) as a, \
            Workspace(tmp_path / "b", store=pg_team.url()) as b:
        panel = connect_panel(a, sim)
        s = first_default(a, panel.id)
        _listen(b)
        order = a.place_order(panel.id, s.id, {"link": "https://x.example/s",
                                               "quantity": str(s.min)})
        _changes_until(b, lambda c: order.id in c.orders_added)
        sim.advance(10 * 24 * 3600)  # the panel moves the order along to its end
        result = a.sync_panel(panel.id, force=True)
        assert order.id in result.report.changed_ids
        _changes_until(b, lambda c: order.id in c.orders_changed)
        assert b.order(order.id).state is a.order(order.id).state


def test_one_desk_syncs_a_panel_at_a_time_the_other_skips_it(
        pg_team: PgDatabase, tmp_path: Path) -> None:
    with PanelSimulator(services=20) as sim, \
            Workspace(tmp_path / "a", store=pg_team.url()) as a, \
            Workspace(tmp_path / "b", store=pg_team.url()) as b:
        panel = connect_panel(a, sim)
        s = first_default(a, panel.id)
        a.place_order(panel.id, s.id, {"link": "https://x.example/lock", "quantity": str(s.min)})
        sim.clear_log()
        with a.store.panel_sync_turn(panel.id) as mine:  # desk A is syncing this panel
            assert mine
            skipped = b.sync_panel(panel.id, force=True)
            assert skipped.skipped and skipped.elsewhere and not skipped.checked
            assert sim.count("status") == 0  # desk B asked the panel nothing
            with a.store.panel_sync_turn(panel.id) as again:  # a second sync of desk A waits too
                assert not again
        done = b.sync_panel(panel.id, force=True)  # A finished: B's turn
        assert not done.skipped and not done.elsewhere and sim.count("status") == 1


def test_while_one_desk_syncs_a_panel_the_other_asks_it_nothing_and_hears_the_results(
        pg_team: PgDatabase, tmp_path: Path) -> None:
    import threading
    from contextlib import contextmanager

    with PanelSimulator(services=20) as sim, \
            Workspace(tmp_path / "a", store=pg_team.url()) as a, \
            Workspace(tmp_path / "b", store=pg_team.url()) as b:
        panel = connect_panel(a, sim)
        s = first_default(a, panel.id)
        order = a.place_order(panel.id, s.id, {"link": "https://x.example/both",
                                               "quantity": str(s.min)})
        sim.advance(10 * 24 * 3600)
        sim.clear_log()
        release = threading.Event()
        sim.set_fault("hang", actions="status", times=1, until=release)  # A's request waits
        syncing = threading.Event()
        real_turn = a.store.panel_sync_turn

        @contextmanager
        def turn(panel_id: str):  # the real lock, telling the test when A holds it
            with real_turn(panel_id) as mine:
                if mine:
                    syncing.set()
                yield mine

        a.store.panel_sync_turn = turn
        _listen(b)
        results = []
        worker = threading.Thread(target=lambda: results.append(
            a.sync_panel(panel.id, force=True)))
        worker.start()
        try:
            assert syncing.wait(WAIT_S)
            skipped = b.sync_panel(panel.id, force=True)  # while A's sync is under way
        finally:
            release.set()
            worker.join(WAIT_S)
        assert skipped.elsewhere and skipped.skipped and skipped.report.requests == 0
        assert [r.elsewhere for r in results] == [False]
        assert order.id in results[0].report.changed_ids
        assert sim.count("status") == 1  # the panel was asked once, by desk A
        _changes_until(b, lambda c: order.id in c.orders_changed)  # B hears A's results
        assert b.order(order.id).state is results[0].changed[0].state


def test_a_dead_desks_send_becomes_uncertain_on_the_others_only_after_its_heartbeat_expired(
        pg_team: PgDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from smmdesk.store.pg import store as team_store

    monkeypatch.setattr(team_store, "HEARTBEAT_TTL", timedelta(seconds=3))  # a beat a second
    with Workspace(tmp_path / "b", store=pg_team.url()) as b:
        with pg_team.connect(autocommit=True) as conn:
            conn.execute("INSERT INTO smmdesk.panels (id, name, url, created_at) "
                         "VALUES ('p1', 'P', 'https://p1.example/api/v2', 0)")
            live.beat(conn, "gone-desk", ttl=timedelta(seconds=1))  # about to die
            live.beat(conn, "alive-desk", ttl=timedelta(hours=1))
            gone = add_order(conn, submit_state="submitting", desk_id="gone-desk",
                             link="https://x/gone")
            alive = add_order(conn, submit_state="submitting", desk_id="alive-desk",
                              link="https://x/alive")
        # desk B's heartbeat sweeps on its timer; the change reaches its own feed too
        _changes_until(b, lambda c: gone in c.orders_changed)
        assert b.order(gone).submit_state is SubmitState.UNCERTAIN
        assert b.order(alive).submit_state is SubmitState.SUBMITTING  # its desk is alive
        assert any("heartbeat" in (e.note or "") or e.submit_state is SubmitState.UNCERTAIN
                   for e in b.order_events(gone))


def test_a_listener_that_connects_again_after_missing_changes_says_read_everything(
        pg_own_cluster: PgCluster, tmp_path: Path) -> None:
    name = pg_own_cluster.new_database("smm_schema")
    url = pg_own_cluster.url(name, "postgres")
    with PanelSimulator(services=20) as sim, Workspace(tmp_path / "a", store=url) as a, \
            Workspace(tmp_path / "b", store=url) as b:
        panel = connect_panel(a, sim)
        s = first_default(a, panel.id)
        _listen(b)
        pg_own_cluster.pause()
        with pytest.raises(TeamStoreUnreachable):
            b.wait_changes(0.2)
        pg_own_cluster.resume()
        a.team_reachable()  # desk A connects again, and places while B is not listening
        order = a.place_order(panel.id, s.id, {"link": "https://x.example/missed",
                                               "quantity": str(s.min)})
        told = _changes_until(b, lambda c: c.reload_orders)
        assert told.reload == Changes.everything().reload
        assert [o.id for o in b.order_page()] == [order.id]


def test_a_local_workspace_reports_another_programs_write(tmp_path: Path) -> None:
    with Workspace(tmp_path / "d") as ws:
        assert ws.wait_changes(0) is None
        with Workspace(tmp_path / "d") as other:  # another program on the same file
            from smmdesk.models import Panel

            other.store.panels.insert_panel(Panel(id="x", name="X",
                                                  url="https://x.example/api/v2"))
        told = _changes_until(ws, lambda c: bool(c))
        assert told.reload_orders and "panels" in told.reload
