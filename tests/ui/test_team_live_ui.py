"""A team workspace's Orders page follows the colleagues (issue 28 §3): an order another desk
places appears, and a status another desk's check found shows, without a refresh — carried by
LISTEN/NOTIFY (``ui.teamwatch`` on its own thread, announced by the session). Two desks on one
database of the throwaway PostgreSQL cluster, the simulator as the panel. (The two-window
end-to-end test: tests/system/test_team_e2e.py.)"""

from __future__ import annotations

from pathlib import Path

from smmdesk.demo.server import PanelSimulator
from smmdesk.models import OrderState
from smmdesk.workspace import Workspace
from tests.conftest import connect_panel
from tests.pg_support import PgDatabase
from ui.tasks import TaskRunner

TIMEOUT = 30_000  # generous: the change arrives within about a second


def shown(view) -> list[int]:
    m = view.model
    return [m.order_at(r).id for r in range(m.rowCount())]


def test_a_colleagues_order_and_its_status_show_on_the_orders_page_without_a_refresh(
        qtbot, pg_team: PgDatabase, tmp_path: Path) -> None:
    from ui.orders.view import OrdersView

    with PanelSimulator(services=20) as sim, \
            Workspace(tmp_path / "a", store=pg_team.url()) as a, \
            Workspace(tmp_path / "b", store=pg_team.url()) as b:
        panel = connect_panel(a, sim)
        s = next(r.service for r in a.services(panel.id) if r.service.type == "Default")
        runner = TaskRunner()
        view = OrdersView(b, runner, autostart=False)  # desk B's Orders page
        qtbot.addWidget(view)
        try:
            with qtbot.waitSignal(view.model.loaded, timeout=TIMEOUT):
                view.apply_filter_now()
            assert shown(view) == []
            view.session.watch_outside()  # as the window does once it is up
            qtbot.waitUntil(lambda: b.store.feed.listening, timeout=TIMEOUT)

            order = a.place_order(panel.id, s.id, {"link": "https://x.example/colleague",
                                                   "quantity": str(s.min)})
            qtbot.waitUntil(lambda: shown(view) == [order.id], timeout=TIMEOUT)

            sim.advance(10 * 24 * 3600)  # the panel finishes it; desk A's check finds out
            a.sync_panel(panel.id, force=True)
            done = a.order(order.id).state
            assert done is not OrderState.PENDING
            qtbot.waitUntil(lambda: view.model.rowCount() == 1
                            and view.model.order_at(0).state is done, timeout=TIMEOUT)
        finally:
            view.session.stop()
            runner.shutdown(30_000)
