"""A team workspace in the window (issue 28 §1, §5, §7): Preferences → Team workspace (the
connection test, the password in the keyring and never in settings.ini, the choice kept for the
next start), the banner while the team server is away (placing off meanwhile, gone when the
server is back), and "Key needed on this computer" for a panel whose key this desk lacks. On the
real PostgreSQL cluster (tests/pg_support.py) and the panel simulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from smmdesk import options
from smmdesk.demo.server import PanelSimulator
from smmdesk.store.pg.connection import StorePasswords
from smmdesk.store.pg.location import parse_store
from smmdesk.workspace import Workspace
from tests.conftest import connect_panel, first_default
from tests.pg_support import PgCluster, PgDatabase, unique_login
from tests.ui.conftest import pick
from ui.settings import SETTINGS_FILE, Settings
from ui.shell.team import TeamWatch
from ui.shell.team_prefs import TeamWorkspacePage
from ui.tasks import TaskRunner

TIMEOUT = 30_000


def _tested(qtbot, page: TeamWorkspacePage) -> str:
    """Press Test connection and wait for its answer: the result line's text."""
    page.test_button.click()
    qtbot.waitUntil(lambda: page.test_task is None and page.test_button.isEnabled(),
                    timeout=TIMEOUT)
    return page.result.text()


def test_the_team_page_tests_the_connection_and_keeps_the_password_in_the_keyring_only(
        qtbot, runner: TaskRunner, language: str, pg_team: PgDatabase, pg_empty: PgDatabase,
        data_dir: Path, tmp_path: Path) -> None:
    with Workspace(tmp_path / "admin", store=pg_team.url()) as admin:
        operator = unique_login("op")
        admin.team_add_user(operator, "operator", "operator-password-1")
    settings = Settings(data_dir)
    page = TeamWorkspacePage(settings, runner, None)
    qtbot.addWidget(page)
    assert page.now_label.text() == pick(
        language, "This window uses this computer's own workspace.",
        "Bu pencere bu bilgisayarın kendi çalışma alanını kullanıyor.")
    url = pg_team.url(operator)
    where = parse_store(url).describe()
    page.address.setText(url)
    page.sslmode.setCurrentIndex(page.sslmode.findData("disable"))  # a Unix socket: no TLS

    assert _tested(qtbot, page) == pick(
        language,
        f"The server asks for the password of {where} (TLS: disable). Type it in Password and "
        f"test again: it is kept in the system keyring.",
        f"Sunucu {where} (TLS: disable) için parola istiyor. Parolayı Parola alanına yazıp "
        f"yeniden deneyin: sistem anahtarlığında tutulur.")
    page.password.setText("not-the-password")
    assert _tested(qtbot, page) == pick(
        language,
        f"The server refused the password of {where} (TLS: disable). Check it (it may have "
        f"been changed) and type it again.",
        f"Sunucu {where} (TLS: disable) parolasını reddetti. Parolayı kontrol edin "
        f"(değiştirilmiş olabilir) ve yeniden yazın.")
    assert StorePasswords().get(parse_store(url)) is None  # a refused password is not kept
    page.password.setText("operator-password-1")
    assert _tested(qtbot, page) == pick(
        language,
        f"Connected: {operator} is an operator of this team (places, refills and cancels "
        f"orders).",
        f"Bağlandı: {operator} bu ekibin operatörü (sipariş verir, telafi ister ve iptal eder).")
    # the password that worked lands in the keyring; the field is emptied
    qtbot.waitUntil(lambda: StorePasswords().get(parse_store(url)) == "operator-password-1",
                    timeout=TIMEOUT)
    qtbot.waitUntil(lambda: page.password.text() == "", timeout=TIMEOUT)

    page.use_button.click()
    chosen = url + "&sslmode=disable"
    assert settings[options.TEAM_STORE] == chosen
    assert page.note.text() == pick(
        language,
        f"SMM Desk opens the team workspace {where} (TLS: disable) the next time it starts "
        f"(unless --store or SMMDESK_STORE says otherwise).",
        f"SMM Desk bir sonraki açılışta {where} (TLS: disable) ekip çalışma alanını açar "
        f"(--store veya SMMDESK_STORE başkasını söylemedikçe).")
    ini = (data_dir / SETTINGS_FILE).read_text(encoding="utf-8")
    assert "operator-password-1" not in ini and "not-the-password" not in ini
    from ui.app import saved_store

    assert saved_store(data_dir) == chosen  # the next start opens it
    page.local_button.click()
    assert saved_store(data_dir) is None
    assert page.note.text() == pick(
        language, "This is the workspace this window already uses.",
        "Bu pencere zaten bu çalışma alanını kullanıyor.")

    page.address.setText(pg_empty.url())  # a database without the team
    page.sslmode.setCurrentIndex(0)
    empty_where = parse_store(pg_empty.url()).describe()
    assert _tested(qtbot, page) == pick(
        language,
        f"Connected, but {empty_where} holds no SMM Desk team yet: the team's admin creates it "
        f"(smm-desk-cli team push).",
        f"Bağlandı, ancak {empty_where} henüz bir SMM Desk ekibi içermiyor: ekibi ekip "
        f"yöneticisi oluşturur (smm-desk-cli team push).")
    gone = pg_team.url().replace(str(pg_team.cluster.sock), str(tmp_path / "no-server"))
    away = _tested_address(qtbot, page, gone)
    assert away.startswith(pick(
        language,
        f"The team server cannot be reached at {parse_store(gone).describe()}. Check the "
        f"address, the network and the TLS settings.\n",
        f"{parse_store(gone).describe()} adresindeki ekip sunucusuna ulaşılamıyor. Adresi, ağı "
        f"ve TLS ayarlarını kontrol edin.\n"))
    page.address.setText("postgresql://alice:hunter2@db.example/shop")
    page.test_button.click()  # refused at once, on the GUI thread: nothing is sent
    assert page.test_task is None and "hunter2" not in page.result.text()
    assert page.result.text().startswith(pick(language, "This address cannot be used: ",
                                              "Bu adres kullanılamaz: "))


def _tested_address(qtbot, page: TeamWorkspacePage, address: str) -> str:
    page.address.setText(address)
    return _tested(qtbot, page)


# ------------------------------------------------------------------------ the window on a team
@pytest.fixture
def team_window(qtbot, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path, str], Any]]:
    """``make(data_dir, url)``: the app's context on the team store at ``url``, its window
    shown; closed and shut down after the test. The team watch looks often (a test's pace)."""
    from ui.app import build_context

    monkeypatch.setattr(TeamWatch, "RETRY_MS", 100)
    monkeypatch.setattr(TeamWatch, "LOOK_MS", 100)
    contexts = []

    def make(path: Path, url: str):
        ctx = build_context(path, store=url)
        contexts.append(ctx)
        ctx.window.show()
        qtbot.waitExposed(ctx.window)
        return ctx

    yield make
    for ctx in contexts:
        ctx.window.automation.tray.quitting = True
        if not ctx.window._closing:
            ctx.window._closing = True
            ctx.window.close()
        ctx.shutdown()
        ctx.window.deleteLater()
    QApplication.instance().setQuitOnLastWindowClosed(True)


def _load_form(qtbot, window, panel_id: str, service) -> None:
    form = window.order_form
    with qtbot.waitSignal(form.serviceLoaded, timeout=TIMEOUT):
        form.set_service(panel_id, service.id)
    assert form.fill({"link": "https://x.example/team", "quantity": str(service.min)}) == []


def test_the_window_says_at_once_when_the_team_server_is_away_and_places_nothing_meanwhile(
        qtbot, team_window, language: str, pg_own_cluster: PgCluster, tmp_path: Path) -> None:
    url = pg_own_cluster.url(pg_own_cluster.new_database("smm_schema"), "postgres")
    desk = tmp_path / "desk"
    with PanelSimulator(services=20) as sim:
        with Workspace(desk, store=url) as ws:
            panel = connect_panel(ws, sim)
            service = first_default(ws, panel.id)
            ws.place_order(panel.id, service.id, {"link": "https://x.example/before",
                                                  "quantity": str(service.min)})
        ctx = team_window(desk, url)
        w = ctx.window
        qtbot.waitUntil(lambda: w.session.loaded, timeout=TIMEOUT)
        history = w.history_view
        qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=TIMEOUT)
        _load_form(qtbot, w, panel.id, service)
        assert w.order_form.place.isEnabled() and not w.team.banner.isVisible()

        pg_own_cluster.pause()
        qtbot.waitUntil(lambda: w.team.banner.isVisible(), timeout=TIMEOUT)
        assert w.team.banner.label.text() == pick(
            language,
            "The team server cannot be reached: showing what was loaded; nothing can be placed "
            "until it is back. SMM Desk tries again by itself.",
            "Ekip sunucusuna ulaşılamıyor: yüklenmiş olanlar gösteriliyor; sunucu geri gelene "
            "kadar sipariş verilemez. SMM Desk kendiliğinden yeniden dener.")
        paused = pick(language,
                      "The team server cannot be reached: nothing can be placed until it is "
                      "back.",
                      "Ekip sunucusuna ulaşılamıyor: sunucu geri gelene kadar sipariş "
                      "verilemez.")
        form = w.order_form
        assert not form.place.isEnabled() and form.place.toolTip() == paused
        assert form.form_status.text() == paused
        assert form.place_now(confirm=False) is None  # Ctrl+Enter places nothing either
        assert not w.mass_order_action.isEnabled() and w.mass_order_action.toolTip() == paused
        assert w.automation.schedules_view.placing_paused == paused
        assert sim.count("add") == 1  # (the order placed before the window opened)
        history.model.reload()  # a read while the server is away fails: what was shown stays
        qtbot.waitUntil(lambda: not history.model.loading, timeout=TIMEOUT)
        assert history.model.rowCount() == 1
        # what was loaded stays shown: the panel and its service in the form
        assert form.service is not None and form.service.id == service.id
        assert [p.id for p in w.session.panels()] == [panel.id]

        pg_own_cluster.resume()
        qtbot.waitUntil(lambda: not w.team.banner.isVisible(), timeout=TIMEOUT)
        qtbot.waitUntil(lambda: form.place.isEnabled(), timeout=TIMEOUT)
        assert w.mass_order_action.isEnabled()
        assert form.place.text() == pick(language, "Place order", "Sipariş ver")
        assert w.automation.schedules_view.placing_paused == ""


def test_a_team_panel_without_its_key_here_says_key_needed_on_this_computer(
        qtbot, team_window, language: str, pg_team: PgDatabase, tmp_path: Path) -> None:
    from smmdesk.secrets import Secrets

    with PanelSimulator(services=20) as own_sim, PanelSimulator(services=20) as sim:
        with Workspace(tmp_path / "desk", store=pg_team.url()) as mine:
            own = connect_panel(mine, own_sim, name="Own panel")
        ctx = team_window(tmp_path / "desk", pg_team.url())
        w = ctx.window
        qtbot.waitUntil(lambda: w.session.loaded, timeout=TIMEOUT)
        # while the window runs, a colleague adds a panel: its key stays on their computer
        with Workspace(tmp_path / "colleague", store=pg_team.url()) as colleague:
            panel = connect_panel(colleague, sim, name="Team panel")
            service = first_default(colleague, panel.id)
        Secrets().remove(panel.id)
        w.reload_panels()  # (what a change notification from the colleague's desk asks for)
        qtbot.waitUntil(lambda: w.session.state(panel.id).key_missing, timeout=TIMEOUT)
        assert not w.session.state(own.id).key_missing
        index = w.panel_switcher.findData(panel.id)
        assert w.panel_switcher.itemText(index) == pick(
            language, "Team panel — Key needed on this computer",
            "Team panel — Bu bilgisayarda anahtar gerekli")
        assert w.panel_switcher.itemText(w.panel_switcher.findData(own.id)) == "Own panel"
        _load_form(qtbot, w, panel.id, service)
        form = w.order_form
        assert not form.place.isEnabled()
        assert form.place.text() == pick(language, "Key needed on this computer",
                                         "Bu bilgisayarda anahtar gerekli")
        assert form.place.toolTip() == pick(
            language,
            "Key needed on this computer: enter the panel's API key (Enter API key… in the "
            "status bar) to place orders on it from here.",
            "Bu bilgisayarda anahtar gerekli: buradan bu panele sipariş vermek için panelin API "
            "anahtarını girin (durum çubuğunda API anahtarını gir…).")
        assert form.place_now(confirm=False) is None
        w.panel_switcher.setCurrentIndex(index)
        assert w.enter_key_button.isVisibleTo(w)  # the way to enter it: the panel's dialog
        dialog = w.enter_missing_key()
        assert dialog is not None and dialog.isVisible()
        dialog.reject()
        assert sim.count("add") == 0


def test_the_team_store_errors_are_worded_in_the_persons_language(language: str) -> None:
    from smmdesk.store.errors import NotOnTeamStore, StoreConnectError, TeamStoreUnreachable
    from ui.format import describe_error

    assert describe_error(TeamStoreUnreachable("alice@db.example/shop", "server closed")) == pick(
        language,
        "The team server alice@db.example/shop cannot be reached: nothing was saved or sent. "
        "SMM Desk connects again by itself.",
        "alice@db.example/shop ekip sunucusuna ulaşılamıyor: hiçbir şey kaydedilmedi veya "
        "gönderilmedi. SMM Desk kendiliğinden yeniden bağlanır.")
    assert describe_error(NotOnTeamStore("Mass orders")) == pick(
        language, "Mass orders: not available on a team workspace yet; it works in a local "
                  "workspace.",
        "Toplu siparişler: ekip çalışma alanında henüz yok; yerel çalışma alanında çalışır.")
    assert describe_error(StoreConnectError("x", needs_password=True)) == pick(
        language,
        "The team server asks for this login's password. Enter it in Preferences → Team "
        "workspace: SMM Desk keeps it in the system keyring.",
        "Ekip sunucusu bu kullanıcının parolasını istiyor. Parolayı Tercihler → Ekip çalışma "
        "alanı bölümüne girin: SMM Desk onu sistem anahtarlığında tutar.")
    assert describe_error(StoreConnectError("x", password_tried=True)) == pick(
        language,
        "The team server refused the login with the password kept for it. If it was changed, "
        "enter it again in Preferences → Team workspace.",
        "Ekip sunucusu, kayıtlı parolayla yapılan girişi reddetti. Parola değiştiyse Tercihler "
        "→ Ekip çalışma alanı bölümüne yeniden girin.")
    assert describe_error(StoreConnectError(
        "Could not connect to the team store a@h/db: connection refused")) == pick(
        language, "Could not connect to the team server: connection refused",
        "Ekip sunucusuna bağlanılamadı: connection refused")
    assert describe_error(StoreConnectError(
        "Could not connect to the team store a@h/db (TLS: verify-full): certificate: bad")) == pick(
        language, "Could not connect to the team server: certificate: bad",
        "Ekip sunucusuna bağlanılamadı: certificate: bad")


def test_a_team_workspace_that_cannot_be_opened_at_start_up_may_give_way_to_the_local_one(
        qtbot, pg_own_cluster: PgCluster, pg_team: PgDatabase, tmp_path: Path) -> None:
    from smmdesk.recovery import Action, Problem, Situation
    from ui.app import open_context

    url = pg_own_cluster.url(pg_own_cluster.new_database("smm_schema"), "postgres")
    asked: list[Problem] = []

    def use_local(problem: Problem) -> Action:
        asked.append(problem)
        return Action.USE_LOCAL

    def opened(data_dir: Path, store: str):
        ctx = open_context(data_dir, store, ask=use_local)
        assert ctx is not None
        try:
            return ctx.workspace.team, ctx.workspace.store_address
        finally:
            ctx.window.automation.tray.quitting = True
            ctx.window._closing = True
            ctx.window.close()
            ctx.shutdown()
            ctx.window.deleteLater()

    pg_own_cluster.pause()  # the server is away at start-up
    try:
        assert opened(tmp_path / "away", url) == (False, None)  # this computer's own opened
    finally:
        pg_own_cluster.resume()
    problem = asked[-1]
    assert problem.situation is Situation.TEAM_AWAY
    assert problem.actions == (Action.RETRY, Action.USE_LOCAL, Action.QUIT)
    assert problem.title == "The team server cannot be reached"

    with Workspace(tmp_path / "admin", store=pg_team.url()) as admin:
        operator = unique_login("op")
        admin.team_add_user(operator, "operator", "operator-password-1")
    asked.clear()  # no password kept on this computer for that login
    assert opened(tmp_path / "login", pg_team.url(operator)) == (False, None)
    assert [p.situation for p in asked] == [Situation.TEAM_LOGIN]
    assert asked[0].actions == (Action.USE_LOCAL, Action.QUIT)


def test_an_order_in_flight_when_the_team_server_goes_is_uncertain_and_never_resent(
        qtbot, team_window, language: str, pg_own_cluster: PgCluster, tmp_path: Path) -> None:
    import threading

    url = pg_own_cluster.url(pg_own_cluster.new_database("smm_schema"), "postgres")
    desk = tmp_path / "desk"
    with PanelSimulator(services=20) as sim:
        with Workspace(desk, store=url) as ws:
            panel = connect_panel(ws, sim)
            service = first_default(ws, panel.id)
        ctx = team_window(desk, url)
        w = ctx.window
        qtbot.waitUntil(lambda: w.session.loaded, timeout=TIMEOUT)
        _load_form(qtbot, w, panel.id, service)
        form = w.order_form
        form.confirm = lambda _title, _text: True
        duplicates: list[str] = []
        form.confirm_duplicate = lambda title, _text: duplicates.append(title) or False
        release = threading.Event()  # the panel answers the add when the test says so
        sim.set_fault("hang", actions=["add"], times=1, until=release, seconds=3600)
        form.place.click()
        qtbot.waitUntil(lambda: sim.count("add") == 1 and form.busy, timeout=TIMEOUT)
        pg_own_cluster.pause()  # recorded and sent: the server goes before the answer is kept
        qtbot.waitUntil(lambda: w.team.banner.isVisible(), timeout=TIMEOUT)
        with qtbot.waitSignal(form.placementFinished, timeout=TIMEOUT):
            release.set()
        assert form.result.text() == pick(
            language,
            "The order may have been placed. Check your orders on the panel's website before "
            "trying again.",
            "Sipariş verilmiş olabilir. Yeniden denemeden önce panelin web sitesinden "
            "siparişlerinizi kontrol edin.")
        assert not form.place.isEnabled()  # the server is still away

        pg_own_cluster.resume()
        qtbot.waitUntil(lambda: not w.team.banner.isVisible(), timeout=TIMEOUT)
        qtbot.waitUntil(lambda: form.place.isEnabled(), timeout=TIMEOUT)
        form.place.click()  # the same order again: asked first, and declined here
        assert len(duplicates) == 1
        assert sim.count("add") == 1  # never resent


def test_the_app_opens_the_team_workspace_chosen_in_preferences_unless_told_otherwise(
        qapp, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import main
    from ui import app as app_module

    settings = Settings(data_dir)
    settings[options.TEAM_STORE] = "postgresql://alice@db.example/shop?sslmode=verify-full"
    settings.sync()
    opened: list[str | None] = []
    monkeypatch.setattr(app_module, "run_app",
                        lambda _data_dir, **kw: opened.append(kw["store"]) or 0)
    monkeypatch.delenv("SMMDESK_STORE", raising=False)
    argv = ["--data-dir", str(data_dir)]
    assert main.main(argv) == 0
    assert opened[-1] == "postgresql://alice@db.example/shop?sslmode=verify-full"
    main.main([*argv, "--store", ""])  # --store "" : this computer's own
    assert opened[-1] is None
    monkeypatch.setenv("SMMDESK_STORE", "postgresql://bob@other.example/team")
    main.main(argv)  # the variable wins over the setting
    assert opened[-1] == "postgresql://bob@other.example/team"
    monkeypatch.delenv("SMMDESK_STORE")
    settings[options.TEAM_STORE] = "postgresql://alice:secret@db.example/shop"  # hand-edited
    settings.sync()
    main.main(argv)  # an address that cannot be used: the local workspace opens
    assert opened[-1] is None
