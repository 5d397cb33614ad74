"""Who may do what, in the window of a team workspace (issue 28 §4): the Orders page's "Placed
by" column and filter, the Schedules page's actions on a colleague's schedule, a viewer's desk
(nothing placed or changed, and — when the admin took prices from viewers — every page open
with the prices shown as "—"). On the real PostgreSQL cluster (tests/pg_support.py) and the
panel simulator, in English and Turkish."""

from __future__ import annotations

from pathlib import Path

from smmdesk.demo.server import PanelSimulator
from smmdesk.store.pg.connection import StorePasswords
from smmdesk.store.pg.location import parse_store
from smmdesk.workspace import Workspace
from tests.conftest import connect_panel
from tests.pg_support import PgDatabase, unique_login
from tests.ui.conftest import pick
from tests.ui.test_team_ui import team_window  # noqa: F401 - the fixture
from ui.orders.model import Col

TIMEOUT = 30_000


def _first_default(ws: Workspace, panel_id: str):
    return next(r.service for r in ws.services(panel_id) if r.service.type == "Default")


def _member(admin: Workspace, pg_team: PgDatabase, stem: str, role: str) -> str:
    """A new login of the team with its password kept in the keyring (as Preferences does)."""
    login = unique_login(stem)
    admin.team_add_user(login, role, f"{stem}-password-1")
    StorePasswords().set(parse_store(pg_team.url(login)), f"{stem}-password-1")
    return login


def test_the_orders_page_says_who_placed_each_order_and_filters_by_it(
        qtbot, team_window, language: str, pg_team: PgDatabase,  # noqa: F811
        tmp_path: Path) -> None:
    with PanelSimulator(services=20) as sim:
        with Workspace(tmp_path / "admin", store=pg_team.url()) as admin:
            ayse, burak = (_member(admin, pg_team, "ayse", "operator"),
                           _member(admin, pg_team, "burak", "operator"))
            panel = connect_panel(admin, sim)
            service = _first_default(admin, panel.id)
        for login, links in ((ayse, ("a1", "a2")), (burak, ("b1",))):
            with Workspace(tmp_path / login, store=pg_team.url(login)) as desk:
                for link in links:
                    desk.place_order(panel.id, service.id, {
                        "link": f"https://x.example/{link}", "quantity": str(service.min)})
        ctx = team_window(tmp_path / ayse, pg_team.url(ayse))
        w = ctx.window
        history = w.history_view
        qtbot.waitUntil(lambda: history.model.rowCount() == 3, timeout=TIMEOUT)
        model, header = history.model, history.table.horizontalHeader()
        assert not header.isSectionHidden(Col.PLACED_BY)
        assert model.headerData(Col.PLACED_BY, header.orientation()) == pick(
            language, "Placed by", "Siparişi veren")
        shown = {model.index(r, Col.LINK).data(): model.index(r, Col.PLACED_BY).data()
                 for r in range(model.rowCount())}
        assert shown == {"https://x.example/a1": ayse, "https://x.example/a2": ayse,
                         "https://x.example/b1": burak}
        combo = history.filters.placed_by
        qtbot.waitUntil(lambda: combo.count() == 3, timeout=TIMEOUT)
        assert combo.isVisibleTo(history)
        assert [combo.itemText(i) for i in range(combo.count())] == [
            pick(language, "Placed by anyone", "Siparişi veren: herkes"), *sorted([ayse, burak])]
        combo.setCurrentIndex(combo.findData(burak))
        qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=TIMEOUT)
        assert model.index(0, Col.LINK).data() == "https://x.example/b1"
        assert history.filters.tab_buttons["all"].text() == pick(language, "All  1", "Tümü  1")
        history.clear_filter()
        qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=TIMEOUT)
        assert combo.currentData() == ""
        assert sim.count("add") == 3


def test_a_local_workspace_has_no_placed_by_column_or_filter(qtbot, runner, data_dir) -> None:
    from ui.orders.view import OrdersView

    with Workspace(data_dir) as ws:
        view = OrdersView(ws, runner, autostart=False)
        qtbot.addWidget(view)
        assert view.table.horizontalHeader().isSectionHidden(Col.PLACED_BY)
        assert not view.filters.placed_by.isVisibleTo(view)
