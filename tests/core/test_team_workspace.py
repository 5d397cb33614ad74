"""A team workspace (``Workspace(data_dir, store="postgresql://…")``) on the throwaway cluster:
what it is made of, and what happens while the server is away."""

from __future__ import annotations

from pathlib import Path

import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import SubmitState
from smmdesk.store.pg.engine import NotOnTeamStore, TeamStoreUnreachable
from smmdesk.store.pg.store import DESK_ID_FILE
from smmdesk.workspace import Workspace
from tests.conftest import connect_panel, first_default
from tests.pg_support import PgCluster, PgDatabase


def test_a_team_workspace_keeps_shared_data_on_the_server_and_the_desk_files_local(
        pg_team: PgDatabase, tmp_path: Path) -> None:
    with PanelSimulator(services=20) as sim:
        a = Workspace(tmp_path / "a", store=pg_team.url())
        b = Workspace(tmp_path / "b", store=pg_team.url())
        try:
            panel = connect_panel(a, sim)
            s = first_default(a, panel.id)
            order = a.place_order(panel.id, s.id, {"link": "https://x.example/p", "quantity":
                                                   str(s.min)})
            assert order.submit_state is SubmitState.PLACED and order.placed_by == "postgres"
            # the other desk sees the panel, its services and the order: one shared store
            assert [p.id for p in b.panels()] == [panel.id]
            assert [o.id for o in b.order_page({"search": "x.example"})] == [order.id]
            assert b.order_counts()["active"] == 1
            # each desk's own files stay in its folder: its desk id, and no SQLite file
            desk_a = (tmp_path / "a" / DESK_ID_FILE).read_text().strip()
            desk_b = (tmp_path / "b" / DESK_ID_FILE).read_text().strip()
            assert desk_a and desk_b and desk_a != desk_b
            assert not list((tmp_path / "a").glob("*.sqlite3"))
            with pg_team.connect() as conn:
                row = conn.execute("SELECT desk_id FROM smmdesk.orders WHERE id = %s",
                                   (order.id,)).fetchone()
            assert row[0] == desk_a
        finally:
            a.close()
            b.close()


def test_a_feature_not_on_the_team_store_says_so_by_name(pg_team: PgDatabase,
                                                         tmp_path: Path) -> None:
    from decimal import Decimal

    from smmdesk.store.pg.repos import Unported

    with Workspace(tmp_path / "d", store=pg_team.url()) as ws:
        assert ws.schedules() == []  # scheduled orders are on the team store (pg.automation)
        rule = ws.set_price_rule(Decimal("30"))  # and the books (pg.books)
        assert rule.markup_percent == Decimal("30")
    # what a team store does not offer (none today) says so by name, never an empty answer
    with pytest.raises(NotOnTeamStore) as e:
        Unported("Something new").anything(1)
    assert e.value.feature == "Something new" and "Something new" in str(e.value)


def test_while_the_server_is_away_nothing_is_placed_and_it_reconnects_by_itself(
        pg_own_cluster: PgCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import timedelta

    from smmdesk.store.pg import store as team_store

    monkeypatch.setattr(team_store, "HEARTBEAT_TTL", timedelta(seconds=3))  # a beat a second
    name = pg_own_cluster.new_database("smm_schema")
    url = pg_own_cluster.url(name, "postgres")
    with PanelSimulator(services=20) as sim, Workspace(tmp_path / "d", store=url) as ws:
        panel = connect_panel(ws, sim)
        s = first_default(ws, panel.id)
        fields = {"link": "https://x.example/away", "quantity": str(s.min)}
        first = ws.place_order(panel.id, s.id, fields)
        loaded = ws.order_page()
        assert [o.id for o in loaded] == [first.id] and ws.team_reachable()
        quote = ws.quote(panel.id, s.id, {**fields, "link": "https://x.example/quoted"})

        pg_own_cluster.pause()
        with pytest.raises(TeamStoreUnreachable):
            ws.place(quote)  # quoted before: refused at recording, before any request
        with pytest.raises(TeamStoreUnreachable) as e:
            ws.place_order(panel.id, s.id, {**fields, "link": "https://x.example/two"})
        assert "cannot be reached" in str(e.value) and "nothing was saved or sent" in str(e.value)
        assert sim.count("add") == 1  # nothing sent: the order could not be recorded first
        with pytest.raises(TeamStoreUnreachable):
            ws.order_page()
        assert not ws.team_reachable()
        assert [o.id for o in loaded] == [first.id]  # what was loaded is still there
        heart = ws.store._heartbeat  # the desk's heartbeat keeps trying, on its own thread
        assert heart.wait_for_failures(2, timeout=15) and heart._thread.is_alive()
        beats = heart.beats

        pg_own_cluster.resume()
        assert heart.wait_for_beats(beats + 1, timeout=15)  # it beats again by itself
        assert [o.id for o in ws.order_page()] == [first.id]  # connected again by itself
        again = ws.place_order(panel.id, s.id, {**fields, "link": "https://x.example/two"})
        assert again.submit_state is SubmitState.PLACED and sim.count("add") == 2


def test_the_cli_opens_the_team_store_by_store_or_the_environment(
        pg_team: PgDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import json

    from smmdesk.cli import main
    from smmdesk.models import Panel

    with Workspace(tmp_path / "desk", store=pg_team.url()) as ws:
        ws.store.panels.insert_panel(Panel(id="shared", name="Team panel",
                                           url="https://team.example/api/v2"))

    def panels(*argv: str) -> list[str]:
        out, err = io.StringIO(), io.StringIO()
        code = main(["--data-dir", str(tmp_path / "cli"), *argv, "panels", "--json"],
                    stdin=io.StringIO(), stdout=out, stderr=err)
        assert code == 0, err.getvalue()
        return [json.loads(line)["name"] for line in out.getvalue().splitlines()]

    assert panels("--store", pg_team.url()) == ["Team panel"]
    assert panels() == []  # the local workspace of that folder
    monkeypatch.setenv("SMMDESK_STORE", pg_team.url())
    assert panels() == ["Team panel"]
    assert panels("--store", "") == []  # --store "" is the local one, whatever the variable
    out, err = io.StringIO(), io.StringIO()
    assert main(["--store", "postgresql://u:secret@h/db", "panels"], stdin=io.StringIO(),
                stdout=out, stderr=err) != 0
    assert "secret" not in err.getvalue() + out.getvalue()


def test_create_schema_team_users_and_who_placed_each_order(
        pg_empty: PgDatabase, tmp_path: Path) -> None:
    import psycopg

    from smmdesk.store.pg.connection import StorePasswords
    from smmdesk.store.pg.location import parse_store
    from tests.pg_support import unique_login

    with Workspace(tmp_path / "admin", store=pg_empty.url(), create_schema=True) as admin:
        admin.create_schema()  # again: idempotent (nothing to migrate)
        operator, viewer = unique_login("op"), unique_login("view")
        admin.team_add_user(operator, "operator", "operator-password-1")
        admin.team_add_user(viewer, "viewer", "viewer-password-1")
        roles = {u.name: u.role for u in admin.team_users()}
        assert roles[operator] == "operator" and roles[viewer] == "viewer"
        with PanelSimulator(services=20) as sim:
            panel = connect_panel(admin, sim)
            s = first_default(admin, panel.id)
            for login, password in ((operator, "operator-password-1"),
                                    (viewer, "viewer-password-1")):
                StorePasswords().set(parse_store(pg_empty.url(login)), password)
            fields = {"link": "https://x.example/who", "quantity": str(s.min)}
            with Workspace(tmp_path / "op", store=pg_empty.url(operator)) as desk:
                mine = desk.place_order(panel.id, s.id, fields)
                assert mine.placed_by == operator
            with Workspace(tmp_path / "local") as local, pytest.raises(ValueError):
                local.team_users()  # a local workspace has no team
            admin.place_order(panel.id, s.id, {**fields, "link": "https://x.example/admin"})
            with Workspace(tmp_path / "view", store=pg_empty.url(viewer)) as reader:
                assert reader.order(mine.id).placed_by == operator  # a viewer reads orders
                # the Orders page filters by who placed them
                assert [o.id for o in reader.order_page({"placed_by": operator})] == [mine.id]
                assert reader.order_count({"placed_by": operator}) == 1
                assert reader.order_counts({"placed_by": "postgres"})["all"] == 1
                assert reader.order_count() == 2
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    reader.place_order(panel.id, s.id, {**fields, "link": "https://x/v"})
            assert sim.count("add") == 2  # the viewer's order was refused before sending


def test_an_order_in_flight_when_the_server_goes_is_uncertain_never_resent(
        pg_own_cluster: PgCluster, tmp_path: Path) -> None:
    from smmdesk.models import OutcomeKind
    from smmdesk.workspace import OutcomeNotRecorded

    name = pg_own_cluster.new_database("smm_schema")
    url = pg_own_cluster.url(name, "postgres")
    with PanelSimulator(services=20) as sim:
        ws = Workspace(tmp_path / "d", store=url)
        try:
            panel = connect_panel(ws, sim)
            s = first_default(ws, panel.id)
            with pytest.raises(OutcomeNotRecorded) as e:  # recorded, sent, the answer not kept
                ws.place_order(panel.id, s.id, {"link": "https://x.example/f", "quantity":
                                                str(s.min)},
                               on_recorded=lambda _oid: pg_own_cluster.pause())
            assert e.value.remote_id is not None and sim.count("add") == 1
            pg_own_cluster.resume()
        finally:
            ws.close()
        with Workspace(tmp_path / "d", store=url) as again:  # the desk opens again
            order = again.order(e.value.order_id)
            assert order.submit_state is SubmitState.UNCERTAIN
            assert order.outcome is OutcomeKind.APP_STOPPED
        assert sim.count("add") == 1  # never resent


def test_customers_and_payments_on_both_engines(engine_ws: Workspace) -> None:
    """The Orders page reads the customers' names; the books' customers and payments are the
    same SQL on both engines, and so are the price rules."""
    from datetime import UTC, datetime
    from decimal import Decimal

    ws = engine_ws
    ayse = ws.add_customer("Ayşe Yılmaz", contact="ayse@example.com")
    ws.add_customer("Bora")
    assert [c.name for c in ws.customers("ayse")] == ["Ayşe Yılmaz"]  # folded
    assert [c.name for c in ws.customers("EXAMPLE")] == ["Ayşe Yılmaz"]  # in the contact
    ws.archive_customer(ayse.id, True)
    assert [c.name for c in ws.customers()] == ["Bora"]
    assert [c.name for c in ws.customers(archived=True)] == ["Ayşe Yılmaz", "Bora"]
    ws.record_payment(ayse.id, Decimal("12.50"), at=datetime(2026, 1, 2, tzinfo=UTC))
    assert [p.amount for p in ws.payments(ayse.id)] == [Decimal("12.50")]
    rule = ws.set_price_rule(Decimal("1.3"), customer_id=ayse.id)  # (the books: both engines)
    assert [(r.markup_percent, r.customer_id) for r in ws.price_rules()] == [
        (Decimal("1.3"), ayse.id)]
    assert ws.delete_price_rule(rule.id) and ws.price_rules() == []
