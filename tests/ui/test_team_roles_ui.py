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
from tests.conftest import connect_panel, first_default
from tests.pg_support import PgDatabase, unique_login
from tests.ui.conftest import pick
from tests.ui.test_team_ui import team_window  # noqa: F401 - the fixture
from ui.orders.model import Col
from ui.shell.navigation import View

TIMEOUT = 30_000


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
            service = first_default(admin, panel.id)
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
        all_tab = history.filters.tab_buttons["all"]  # the counts follow (counted on a worker)
        qtbot.waitUntil(lambda: all_tab.text() == pick(language, "All  1", "Tümü  1"),
                        timeout=TIMEOUT)
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


def _schedule(ws: Workspace, panel_id: str, service, link: str):
    from datetime import UTC, datetime, timedelta

    return ws.schedule_order(panel_id, service.id, {"link": link, "quantity": str(service.min)},
                             first_run=datetime.now(UTC) + timedelta(days=1),
                             every=timedelta(days=1), times=3)


def _select_schedule(qtbot, view, schedule_id: int) -> None:
    from ui.tables import ObjectRole

    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=TIMEOUT)
    row = next(r for r in range(view.model.rowCount())
               if view.model.data(view.model.index(r, 0), ObjectRole).id == schedule_id)
    view.table.selectRow(row)
    assert view.selected().id == schedule_id


def test_an_operator_changes_only_its_own_schedules_and_a_refusal_is_worded(
        qtbot, team_window, language: str, pg_team: PgDatabase,  # noqa: F811
        tmp_path: Path) -> None:
    import psycopg
    import pytest

    with PanelSimulator(services=20) as sim:
        with Workspace(tmp_path / "admin", store=pg_team.url()) as admin:
            ayse, burak = (_member(admin, pg_team, "ayse", "operator"),
                           _member(admin, pg_team, "burak", "operator"))
            panel = connect_panel(admin, sim)
            service = first_default(admin, panel.id)
        with Workspace(tmp_path / "burak", store=pg_team.url(burak)) as desk:
            theirs = _schedule(desk, panel.id, service, "https://x.example/theirs")
        ctx = team_window(tmp_path / ayse, pg_team.url(ayse))
        w = ctx.window
        qtbot.waitUntil(lambda: w.session.team_me is not None, timeout=TIMEOUT)
        mine = _schedule(w.workspace, panel.id, service, "https://x.example/mine")
        view = w.automation.schedules_view
        qtbot.waitUntil(lambda: view.team_me is not None, timeout=TIMEOUT)

        _select_schedule(qtbot, view, theirs.id)
        locked = pick(language, f"Created by {burak}: only {burak} or an admin can change it",
                      f"{burak} oluşturdu: yalnızca {burak} ya da bir yönetici değiştirebilir")
        for button in (view.resume_button, view.edit_button, view.delete_button):
            assert not button.isEnabled() and button.toolTip() == locked
        assert view.pause_button.isEnabled()  # pausing (and running) is every desk's
        assert view.run_now_button.isEnabled()

        _select_schedule(qtbot, view, mine.id)
        assert view.edit_button.isEnabled() and view.delete_button.isEnabled()
        assert view.delete_button.toolTip() == ""

        # A refusal that still happens (a stale page, another tool) is said in plain words.
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
            w.workspace.delete_schedule(theirs.id)
        assert view.error_text(refused.value) == pick(
            language,
            "The team workspace refused this: your login may not do it (only the one who made "
            "it, or a team admin, may). Nothing was changed.",
            "Ekip çalışma alanı bunu reddetti: oturumunuzun buna izni yok (yalnızca onu "
            "oluşturan ya da bir ekip yöneticisi yapabilir). Hiçbir şey değiştirilmedi.")
        assert sim.count("add") == 0


def test_an_operator_enters_its_own_key_but_adds_renames_or_removes_no_panel(
        qtbot, team_window, language: str, pg_team: PgDatabase,  # noqa: F811
        tmp_path: Path) -> None:
    from PySide6.QtWidgets import QDialog

    with PanelSimulator(services=20) as sim:
        with Workspace(tmp_path / "admin", store=pg_team.url()) as admin:
            ayse = _member(admin, pg_team, "ayse", "operator")
            panel = connect_panel(admin, sim)
        ctx = team_window(tmp_path / ayse, pg_team.url(ayse))
        w = ctx.window
        qtbot.waitUntil(lambda: w.session.team_me is not None
                        and w.panels.current_id() == panel.id, timeout=TIMEOUT)
        only_admin = pick(language, "Only an admin of this team adds, renames or removes panels",
                          "Panelleri yalnızca bu ekibin bir yöneticisi ekler, yeniden "
                          "adlandırır ya da kaldırır")
        qtbot.waitUntil(lambda: not w.panels.add_action.isEnabled(), timeout=TIMEOUT)
        for action in (w.panels.add_action, w.panels.remove_action):
            assert not action.isEnabled() and action.toolTip() == only_admin
        assert w.panels.edit_action.isEnabled()  # the key is this desk's own

        dialog = w.panels.edit()
        assert dialog is not None
        try:
            assert dialog.name_edit.isReadOnly() and dialog.url_edit.isReadOnly()
            assert not dialog.key_edit.isReadOnly()
            assert dialog.locked_notice.isVisibleTo(dialog)
            assert dialog.locked_notice.text().startswith(only_admin)
            dialog.key_edit.setText(sim.key)
            with qtbot.waitSignal(dialog.finished, timeout=TIMEOUT):
                dialog.save_button.click()
            assert dialog.result() == QDialog.DialogCode.Accepted  # no refusal by the server
        finally:
            dialog.close()
        assert w.workspace.secrets.get(panel.id) == sim.key
        assert w.workspace.panel(panel.id).name == panel.name  # the row as the admin made it


def test_a_viewer_desk_opens_every_page_without_prices_and_changes_nothing(
        qtbot, team_window, language: str, pg_team: PgDatabase,  # noqa: F811
        tmp_path: Path, monkeypatch) -> None:
    from smmdesk.store.pg import schema
    from ui.tasks import TaskRunner

    failures: list[BaseException] = []
    deliver = TaskRunner._deliver_error

    def record(self, task, exc):
        failures.append(exc)
        deliver(self, task, exc)

    monkeypatch.setattr(TaskRunner, "_deliver_error", record)
    with PanelSimulator(services=20) as sim:
        with Workspace(tmp_path / "admin", store=pg_team.url()) as admin:
            vera = _member(admin, pg_team, "vera", "viewer")
            panel = connect_panel(admin, sim)
            service = first_default(admin, panel.id)
            admin.place_order(panel.id, service.id, {"link": "https://x.example/seen",
                                                     "quantity": str(service.min)})
            _schedule(admin, panel.id, service, "https://x.example/later")
            admin.books.add_customer("Ayşe")
        with pg_team.connect(autocommit=True) as conn:
            schema.set_viewer_prices(conn, False)
        ctx = team_window(tmp_path / vera, pg_team.url(vera))
        w = ctx.window
        qtbot.waitUntil(lambda: w.session.team_me is not None, timeout=TIMEOUT)
        history = w.history_view
        qtbot.waitUntil(lambda: history.model.rowCount() == 1 or bool(failures), timeout=TIMEOUT)
        assert failures == []
        assert history.model.index(0, Col.CHARGE).data() == "—"
        assert history.model.index(0, Col.PLACED_BY).data() == "postgres"
        nav = w.registry.nav
        for row in range(nav.count()):  # every page opens, with what it reads
            nav.setCurrentRow(row)
            qtbot.waitUntil(lambda: w.runner.active_count == 0, timeout=TIMEOUT)
        # the Services page: every price "—", and sorting by price still works
        from PySide6.QtCore import Qt

        from ui.services.model import Col as ServiceCol

        services = w.services_view.model
        qtbot.waitUntil(lambda: services.rowCount() == 20, timeout=TIMEOUT)
        services.sort(ServiceCol.RATE, Qt.SortOrder.DescendingOrder)
        assert {services.index(r, ServiceCol.RATE).data() for r in range(20)} == {"—"}
        view_only = pick(language, "Your login can only view this team workspace",
                         "Oturumunuz bu ekip çalışma alanını yalnızca görüntüleyebilir")
        # placing, mass orders, scheduling
        form = w.order_form
        with qtbot.waitSignal(form.serviceLoaded, timeout=TIMEOUT):
            form.set_service(panel.id, service.id)
        assert form.fill({"link": "https://x.example/v", "quantity": str(service.min)}) == []
        assert not form.place.isEnabled() and form.place.toolTip() == view_only
        assert not form.schedule_button.isEnabled()
        assert form.schedule_button.toolTip() == view_only
        assert form.place_now(confirm=False) is None
        assert not w.mass_order_action.isEnabled() and w.mass_order_action.toolTip() == view_only
        # refills, cancels, tracking on the Orders page
        nav.setCurrentRow(View.ORDERS)
        history.table.selectRow(0)
        qtbot.waitUntil(lambda: history.actions_.refill.toolTip() == view_only, timeout=TIMEOUT)
        assert not history.actions_.refill.isEnabled()
        assert not history.actions_.cancel.isEnabled()
        assert history.actions_.cancel.toolTip() == view_only
        assert not history.actions_.track.isEnabled()
        # schedules and panels
        view = w.automation.schedules_view
        view.reload()
        qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=TIMEOUT)
        view.table.selectRow(0)
        for button in (view.pause_button, view.resume_button, view.edit_button,
                       view.run_now_button, view.delete_button):
            assert not button.isEnabled()
        assert view.edit_button.toolTip() == view_only
        assert not w.panels.add_action.isEnabled()
        assert w.panels.add_action.toolTip() == view_only
        assert not w.panels.edit_action.isEnabled()
        # F5 and the services' refresh ask no panel: the operators' desks record what it sees
        services_asked = sim.count("services")
        w.session.sync.refresh_now()
        qtbot.waitUntil(lambda: not w.session.sync.busy, timeout=TIMEOUT)
        w.feed.refresh([panel.id])
        assert panel.id not in w.feed.refreshing
        assert failures == []
        assert sim.count("add") == 1
        assert sim.count("status") == 0 and sim.count("services") == services_asked
