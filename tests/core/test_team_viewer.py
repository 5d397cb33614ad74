"""A viewer's desk when the admin took prices from viewers (issue 28 §4): the server refuses the
viewer every price column (``schema.set_viewer_prices``), and the desk still reads every list —
the prices as None (``pg.masks``), the money tables empty — on the real PostgreSQL cluster."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from smmdesk.demo.server import PanelSimulator
from smmdesk.store.pg import schema
from smmdesk.store.pg.connection import StorePasswords
from smmdesk.store.pg.location import parse_store
from smmdesk.workspace import Workspace
from tests.conftest import connect_panel, first_default
from tests.pg_support import PgDatabase, unique_login


def test_a_viewer_denied_prices_reads_every_list_with_the_prices_left_out(
        pg_empty: PgDatabase, tmp_path: Path) -> None:
    # (a team created here: create_schema takes TEMPORARY from PUBLIC and gives it to viewers)
    pg_team = pg_empty
    viewer = unique_login("view")
    with PanelSimulator(services=20) as sim:
        with Workspace(tmp_path / "admin", store=pg_team.url(), create_schema=True) as admin:
            admin.team_add_user(viewer, "viewer", "viewer-password-1")
            panel = connect_panel(admin, sim)
            service = first_default(admin, panel.id)
            fields = {"link": "https://x.example/priced", "quantity": str(service.min)}
            placed = admin.place_order(panel.id, service.id, fields)
            admin.sync_panel(panel.id)
            customer = admin.books.add_customer("Ayşe")
            admin.schedule_order(panel.id, service.id, fields,
                                 first_run=datetime.now(UTC) + timedelta(days=1),
                                 every=timedelta(days=1), times=3, customer_id=customer.id)
        with pg_team.connect(autocommit=True) as conn:
            schema.set_viewer_prices(conn, False)
        StorePasswords().set(parse_store(pg_team.url(viewer)), "viewer-password-1")
        with pg_team.connect(viewer, password="viewer-password-1", autocommit=True) as conn, \
                pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT charge FROM smmdesk.orders")  # the server's refusal stays
        with pg_team.connect(viewer, password="viewer-password-1", autocommit=True) as conn:
            assert conn.execute("SELECT has_database_privilege(current_database(), 'TEMP')"
                                ).fetchone()[0]  # the viewers' own (PUBLIC has it not)
            assert not conn.execute("SELECT has_database_privilege('public', "
                                    "current_database(), 'TEMP')").fetchone()[0]

        with Workspace(tmp_path / "view", store=pg_team.url(viewer)) as reader:
            order = reader.order(placed.id)
            assert order.link == "https://x.example/priced"
            assert order.charge is None and order.charge_estimate is None
            assert [o.id for o in reader.order_page({})] == [placed.id]
            assert reader.order_count() == 1 and reader.order_counts({})["all"] == 1
            assert reader.order_events(placed.id)
            [row] = [r for r in reader.services(panel.id) if r.service.id == service.id]
            assert row.service.name == service.name and row.service.rate is None
            [scheduled] = reader.schedules()
            assert scheduled.fields["link"] == "https://x.example/priced"
            assert reader.alerts() == []
            assert not reader.last_balances([panel.id]).get(panel.id)
            assert [p.id for p in reader.panels()] == [panel.id]
            assert [c.name for c in reader.books.customers()] == ["Ayşe"]
            assert reader.books.price_rules() == []
            reader.catalogue_changes(panel.id)
            reader.spending()
        assert sim.count("add") == 1


def test_a_team_made_before_viewers_could_mask_prices_gets_that_right_at_its_migration(
        pg_empty: PgDatabase, tmp_path: Path) -> None:
    """A team database created before step 8 gave viewers no TEMPORARY right: a viewer denied
    prices could not open it (its price masks are temporary views). Step 8 gives it."""
    viewer = unique_login("view")
    with Workspace(tmp_path / "admin", store=pg_empty.url(), create_schema=True) as admin:
        admin.team_add_user(viewer, "viewer", "viewer-password-1")
    with pg_empty.connect(autocommit=True) as conn:
        team = schema.team_of(conn)
        # as a team made before step 8 was: no TEMPORARY for the viewers
        conn.execute(f'REVOKE TEMPORARY ON DATABASE "{pg_empty.name}" FROM "{team.viewer}"')
        schema.set_viewer_prices(conn, False)
    StorePasswords().set(parse_store(pg_empty.url(viewer)), "viewer-password-1")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # its masks: not allowed
        Workspace(tmp_path / "view", store=pg_empty.url(viewer)).close()
    with pg_empty.connect(autocommit=True) as conn:
        schema.MIGRATIONS[8](conn, team)
    with Workspace(tmp_path / "view2", store=pg_empty.url(viewer)) as reader:
        assert reader.order_page({}) == []


def test_who_placed_the_orders_lists_each_login_once_on_both_engines(engine_ws) -> None:
    """The Orders page's "Placed by" filter offers the logins that placed orders: a team
    workspace's (each once, by name), none on a local workspace; sorting by it is allowed on
    both."""
    with PanelSimulator(services=20) as sim:
        panel = connect_panel(engine_ws, sim)
        service = first_default(engine_ws, panel.id)
        for n in range(3):
            engine_ws.place_order(panel.id, service.id, {"link": f"https://x.example/{n}",
                                                         "quantity": str(service.min)})
    placers = engine_ws.order_placers()
    assert placers == (["postgres"] if engine_ws.team else [])
    assert len(engine_ws.order_page({}, sort="placed_by")) == 3
