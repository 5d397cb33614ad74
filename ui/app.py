"""QApplication set-up (names, icon, translations, colour scheme) and the app's object graph."""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QRectF,
    QSettings,
    Qt,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QMessageBox

from smmdesk import APP_NAME, ORG_NAME, __version__, fsutil, options
from smmdesk.demo import DemoPanel
from smmdesk.logs import enable_native_crash_reports, setup_logging
from smmdesk.paths import resource
from smmdesk.recovery import Action, Problem
from smmdesk.workspace import Workspace
from ui import focus, gcguard
from ui.session import SessionModel
from ui.settings import SETTINGS_FILE, Settings
from ui.shell.main_window import MainWindow
from ui.shell.watch import WatchUi
from ui.shell.watch_warmup import AttentionWarmup
from ui.system.crash import install_excepthook
from ui.system.recovery import RecoveryDialog, carry_out, problem_of, with_recovery
from ui.system.single_instance import SingleInstance, bring_to_front
from ui.tasks import TaskRunner

__all__ = ["build_context", "create_app", "run_app"]

log = logging.getLogger(__name__)

APP_ID = "smmdesk"



def _saved(data_dir: Path | None, option: options.TextOption) -> str:
    """An option as ``<data_dir>/settings.ini`` holds it, stripped ("" when there is none),
    read before any window exists."""
    if data_dir is None:
        return ""
    path = Path(data_dir) / SETTINGS_FILE
    if not path.is_file():
        return ""
    return option.parse(QSettings(str(path), QSettings.Format.IniFormat).value(option.key)).strip()


def saved_language(data_dir: Path | None) -> str | None:
    """The Preferences choice stored in ``<data_dir>/settings.ini``; None for "System"."""
    value = _saved(data_dir, options.LANGUAGE)
    return None if value in {"", "system"} else value


def saved_store(data_dir: Path | None) -> str | None:
    """The team workspace chosen in Preferences (Settings → Team workspace), stored in
    ``<data_dir>/settings.ini``; None: the local workspace (or an address that cannot be used
    any more: logged, and the local workspace opens)."""
    value = _saved(data_dir, options.TEAM_STORE)
    if not value or data_dir is None:
        return None
    # Deliberately lazy: the address parser loads psycopg, which only a team workspace needs.
    from smmdesk.store.pg.location import StoreLocationError, parse_store

    try:
        return parse_store(value).url
    except StoreLocationError as exc:
        log.warning("the team workspace in %s cannot be used: %s",
                    Path(data_dir) / SETTINGS_FILE, exc)
        return None


def pick_language(lang: str | None, saved: str | None = None) -> str:
    """ "de", "pt_BR"… from --lang, then $SMMDESK_LANG, then the language chosen in
    Preferences (``saved``), then the system locale."""
    lang = lang or os.environ.get("SMMDESK_LANG") or saved or QLocale.system().name()
    lang = lang.replace("-", "_")
    return "en" if lang in {"", "C", "POSIX"} else lang


def install_translations(app: QApplication, lang: str) -> list[QTranslator]:
    """Qt's own strings (qtbase) and ours (resources/i18n/smmdesk_<lang>.qm), when present."""
    locale = QLocale(lang)
    QLocale.setDefault(locale)
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    i18n = resource("i18n")
    for name, directory in (("qtbase", qt_dir), ("smmdesk", str(i18n))):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", directory, ".qm"):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            translator.deleteLater()
    log.info("language %s: %d translation file(s)", lang, len(installed))
    return installed


def app_icon() -> QIcon:
    for name in ("smmdesk.svg", "app.svg", "smmdesk.png"):
        path = resource("icons", name)
        if path.exists():
            return QIcon(str(path))
    # No icon shipped yet: draw one so the window and the task bar are not blank.
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        pix = QPixmap(size, size)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, size, size), size * 0.22, size * 0.22)
        p.fillPath(path, QColor("#2d6cdf"))
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(size * 0.62))
        p.setFont(font)
        p.setPen(QColor("white"))
        p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, "S")
        p.end()
        icon.addPixmap(pix)
    return icon


def follow_color_scheme(app: QApplication) -> None:
    """Use Fusion, which repaints with the platform's light/dark palette when the scheme flips.

    ``SMMDESK_COLOR_SCHEME=dark|light`` forces one (screenshots, people on desktops that do
    not report a scheme).
    """
    app.setStyle("Fusion")
    hints = QGuiApplication.styleHints()
    forced = os.environ.get("SMMDESK_COLOR_SCHEME", "").lower()
    if forced in {"dark", "light"} and hasattr(hints, "setColorScheme"):
        hints.setColorScheme(Qt.ColorScheme.Dark if forced == "dark" else Qt.ColorScheme.Light)
    apply_color_scheme(app)
    hints.colorSchemeChanged.connect(lambda _scheme: apply_color_scheme(app))


def dark_palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2d31",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1f22",
        QPalette.ColorRole.AlternateBase: "#26282c",
        QPalette.ColorRole.ToolTipBase: "#1e1f22",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8a8d93",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#34363b",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Light: "#45484e",
        QPalette.ColorRole.Midlight: "#3c3f44",
        QPalette.ColorRole.Mid: "#2f3136",
        QPalette.ColorRole.Dark: "#18191c",
        QPalette.ColorRole.Shadow: "#000000",
        QPalette.ColorRole.Highlight: "#2d6cdf",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#6ea8fe",
        QPalette.ColorRole.LinkVisited: "#b18cfe",
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6d7076"))
    return p


def apply_color_scheme(app: QApplication) -> None:
    """Dark scheme -> dark palette even where the platform theme does not supply one."""
    scheme = QGuiApplication.styleHints().colorScheme()
    forced = os.environ.get("SMMDESK_COLOR_SCHEME", "").lower()
    if forced in {"dark", "light"}:  # platforms without a theme ignore setColorScheme()
        scheme = Qt.ColorScheme.Dark if forced == "dark" else Qt.ColorScheme.Light
    if scheme == Qt.ColorScheme.Dark:
        if app.palette().color(QPalette.ColorRole.Window).lightness() > 128:
            app.setPalette(dark_palette())
    else:
        app.setPalette(app.style().standardPalette())
    log.info("colour scheme: %s", scheme.name)


# Platform-plugin chatter that is not about our code.
QT_NOISE = (
    "This plugin does not support",
    "QStandardPaths: XDG_RUNTIME_DIR",
)


def _qt_message(mode: QtMsgType, context: object, message: str) -> None:
    if any(message.startswith(n) for n in QT_NOISE):
        return
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(mode, logging.ERROR)
    logging.getLogger("qt").log(level, "%s", message)
    if level >= logging.WARNING:
        print(f"qt: {message}", file=sys.stderr)


def route_qt_messages() -> None:
    """Qt's warnings go to our log (tests keep pytest-qt's handler: they never call this)."""
    qInstallMessageHandler(_qt_message)


def create_app(
    argv: list[str] | None = None, *, lang: str | None = None, data_dir: Path | None = None
) -> QApplication:
    """The QApplication; the language comes from ``lang`` (--lang), $SMMDESK_LANG, the
    Preferences setting in ``data_dir``, or the system locale."""
    existing = QApplication.instance()
    if existing is not None:
        app = existing
    else:
        app = QApplication([sys.argv[0] if sys.argv else APP_ID, *(argv or [])])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    follow_color_scheme(app)
    chosen = pick_language(lang, saved_language(data_dir) if not lang else None)
    app.setProperty("smmdesk_lang", chosen)
    app._smmdesk_translators = install_translations(app, chosen)  # type: ignore[attr-defined]
    gcguard.install(app)
    focus.install(app)  # focus ring, Enter on buttons, focus back after dialogs
    return app


@dataclass
class AppContext:
    """Everything the window needs; ``shutdown()`` tears it down in the right order. The
    ``session`` model is what the running app knows of its panels and announces (ui/session.py)."""

    data_dir: Path
    workspace: Workspace
    runner: TaskRunner
    settings: Settings
    demo: DemoPanel
    session: SessionModel
    window: MainWindow | None = None
    watch: WatchUi | None = None  # the provider watch's pages (ui/shell/watch.py)

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        if self.window is not None and not getattr(self.window, "_closing", False):
            self.window.save_state()
        if self.window is not None and getattr(self.window, "abandoned_send", False):
            timeout_ms = min(timeout_ms, 500)  # "quit anyway": the order is already uncertain
        self.session.stop()
        self.runner.shutdown(timeout_ms)
        self.demo.stop()
        self.workspace.close()


def build_context(data_dir: Path, *, with_window: bool = True,
                  store: str | None = None) -> AppContext:
    """Workspace, runner, settings, demo and (optionally) the main window for ``data_dir``
    (``store``: a team workspace's address, ``--store``/``SMMDESK_STORE``; None: local)."""
    fsutil.private_dir(data_dir)
    workspace = Workspace(data_dir, store=store)
    runner = TaskRunner()
    settings = Settings(data_dir)
    workspace.set_max_answer_bytes(settings.max_answer_bytes)
    workspace.locale_currency = locale_currency()
    demo = DemoPanel(data_dir)
    session = SessionModel(workspace, runner, settings)
    ctx = AppContext(data_dir, workspace, runner, settings, demo, session)
    if with_window:
        ctx.window = MainWindow(workspace, runner, settings, demo, session=session)
        # the provider watch's "What changed" page, after the window's other pages
        ctx.watch = WatchUi(ctx.window, ctx.window.registry, session,
                            ctx.window.automation.alerts_view)
    return ctx


def open_context(data_dir: Path, store: str | None,
                 ask: Callable[[Problem], Action] | None = None) -> AppContext | None:
    """``build_context`` through the recovery dialog (``ask``); a team workspace that cannot be
    opened (its server away, a password not kept here) may give way to this computer's own
    workspace (``Action.USE_LOCAL``: the choice in Preferences stays as it was)."""
    ask = ask or RecoveryDialog.ask
    chosen = {"store": store}

    def open_workspace(path: Path) -> AppContext:
        return build_context(path, store=chosen["store"])

    def asked(problem: Problem) -> Action:
        action = ask(problem)
        if action is Action.USE_LOCAL:
            log.warning("the team workspace could not be opened: this computer's own opens")
            chosen["store"] = None
        return action

    return with_recovery(data_dir, open_workspace, ask=asked)


def locale_currency(locale: QLocale | None = None) -> str | None:
    """The currency of the person's country, from the system locale (tr_TR: TRY); None for a
    locale that names no country (C, POSIX)."""
    locale = locale or QLocale.system()
    if locale.territory() == QLocale.Country.AnyTerritory:
        return None
    return locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode) or None


def unsafe_data_dir_text(exc: fsutil.UnsafeDataDirError) -> str:
    """Why the data folder is refused and what to do, for a person (translated)."""
    folder = str(exc.path)
    if exc.kind == fsutil.UnsafeDataDirError.OWNER:
        text = QCoreApplication.translate(
            "app",
            "The data folder %1 belongs to another user account. SMM Desk keeps your order "
            "history and spending there, so it only uses a folder that is yours.",
        ).replace("%1", folder)
    else:
        text = (
            QCoreApplication.translate(
                "app",
                "Other users may write in the data folder %1 (permissions %2). Anyone who can "
                "write there could change your order history or plant files for the app, so "
                "SMM Desk does not use it. Make it yours alone, for example with:\n\n"
                "chmod 700 %1",
            )
            .replace("%2", f"{exc.mode:o}")
            .replace("%1", folder)
        )
    return text + "\n\n" + QCoreApplication.translate(
        "app", "Or start SMM Desk with another folder (--data-dir or SMMDESK_DATA_DIR)."
    )


def refuse_unsafe_data_dir(data_dir: Path, lang: str | None = None) -> bool:
    """Create the data folder 0700, or check an existing one. A folder of someone else's, or
    one others may write in, is refused with a message box; returns True when refused."""
    try:
        fsutil.private_dir(data_dir)
    except fsutil.UnsafeDataDirError as exc:
        log.error("%s", exc)
        create_app(lang=lang)  # no data_dir: nothing in that folder is read
        QMessageBox.critical(
            None,
            QCoreApplication.translate("app", "SMM Desk cannot use its data folder"),
            unsafe_data_dir_text(exc),
        )
        return True
    return False


def run_app(data_dir: Path, *, lang: str | None = None, demo: bool = False,
            store: str | None = None) -> int:
    """The normal GUI: build, show, run the event loop, shut down cleanly."""
    # Everything the app creates is its user's alone (0700 folders, 0600 files), including
    # what Qt writes (settings, lock files); the core also sets these modes explicitly.
    os.umask(0o077)
    if refuse_unsafe_data_dir(data_dir, lang):
        return 1
    try:
        setup_logging(data_dir)
    except OSError as exc:  # a read-only data folder: the recovery dialog below says so
        print(f"SMM Desk: no log file ({exc.strerror or exc})", file=sys.stderr)
    route_qt_messages()
    app = create_app(lang=lang, data_dir=data_dir)
    gcguard.freeze_start_up()  # the modules' objects: never walked again (start-up's path)
    gcguard.hold_start_up(app)  # no collection walks the services while they are read
    install_excepthook(data_dir / "logs")
    enable_native_crash_reports(data_dir)  # a crash below Python (Qt, a C library) too
    instance = SingleInstance.for_data_dir(data_dir, app)
    if not instance.is_primary():
        log.info("SMM Desk already runs for %s: asked it to come forward", data_dir)
        return 0
    app.aboutToQuit.connect(instance.close)
    ctx = open_context(data_dir, store)
    if ctx is None:
        instance.close()
        return 1
    session = Session(ctx)
    app.aboutToQuit.connect(lambda: session.ctx.shutdown())
    instance.activated.connect(lambda: bring_to_front(session.ctx.window))
    instance.activated.connect(lambda: log.info("a second launch: window brought forward"))
    _quit_on_signals(app)
    window = ctx.window
    assert window is not None
    window.show()
    session.check_later()
    if os.environ.get("SMMDESK_EXIT_WHEN_SHOWN") == "1":
        QTimer.singleShot(0, lambda: (print("window-shown", flush=True), app.quit()))
    if demo:
        window.panelsLoaded.connect(lambda panels: _auto_demo(window, panels))
    log.info("SMM Desk %s started, data dir %s", __version__, data_dir)
    return app.exec()


class Session:
    """The running app's context, replaced when a damaged file found after start-up is
    restored or started afresh (``check_later``)."""

    CHECK_DELAY_MS = 1500  # after the services are shown: start-up first, then the check
    CHECK_LATEST_MS = 8000  # after the window is shown, services or not (they may fail)
    COMPACT_DELAY_MS = 5000  # after the services are shown (and the file found healthy)
    COMPACT_LATEST_MS = 30_000  # from then, services shown or not
    WATCH_DELAY_MS = 3000  # the provider watch's statistics for the day: after the services
    WATCH_LATEST_MS = 20_000

    def __init__(self, ctx: AppContext, ask: Callable[[Problem], Action] | None = None) -> None:
        self.ctx = ctx
        self.ask = ask or RecoveryDialog.ask
        self.problem_found: Problem | None = None  # tests
        self.attention_warmup: AttentionWarmup | None = None  # tests

    def check_later(self) -> None:
        """A file too large to check before the window is checked in the background once the
        services are in; damage found leads to the same choices as on opening. A healthy file
        with many free pages (a migration's VACUUM cut short) is then compacted, in the
        background too."""
        ctx = self.ctx
        if ctx.window is None:
            return
        self._warm_attention_later(ctx)
        if not ctx.workspace.check_pending:
            self._compact_later(ctx)
            return
        self._after_services(ctx, self.CHECK_DELAY_MS, self.CHECK_LATEST_MS, lambda: (
            ctx.runner.submit(
                ctx.workspace.deferred_check, on_result=functools.partial(self._checked, ctx),
                on_error=lambda exc: log.warning("deferred check failed: %r", exc),
                task_name="integrity_check")))

    def _warm_attention_later(self, ctx: AppContext) -> None:
        """The day's "needs attention" statistics read on a worker after start-up (and after
        each midnight), so the first filter or alert does not wait for them."""
        assert ctx.window is not None
        warmup = AttentionWarmup(ctx.workspace, ctx.runner, ctx.window)
        self.attention_warmup = warmup  # tests
        self._after_services(ctx, self.WATCH_DELAY_MS, self.WATCH_LATEST_MS, warmup.start)

    def _compact_later(self, ctx: AppContext) -> None:
        """Compact the file on a worker a moment after the services are shown (start-up's own
        work first)."""
        if not ctx.workspace.compaction_pending or ctx.window is None:
            return
        self._after_services(ctx, self.COMPACT_DELAY_MS, self.COMPACT_LATEST_MS, lambda: (
            ctx.runner.submit(
                ctx.workspace.compact,
                on_error=lambda exc: log.warning("compaction failed: %r", exc),
                task_name="compact_database", with_stop=True)))

    def _after_services(self, ctx: AppContext, delay_ms: int, latest_ms: int,
                        job: Callable[[], object]) -> None:
        """``job`` once, ``delay_ms`` after the services are first shown, or ``latest_ms`` from
        now at the latest (they may never come); never for a context replaced meanwhile."""
        window = ctx.window
        assert window is not None
        done = False

        def run() -> None:
            nonlocal done
            if done or ctx is not self.ctx:
                return
            done = True
            job()

        def services_shown(_rows: int = 0) -> None:
            QTimer.singleShot(delay_ms, run)

        if window.services_shown_once:
            services_shown()
        else:
            window.servicesShown.connect(services_shown, Qt.ConnectionType.SingleShotConnection)
        QTimer.singleShot(latest_ms, run)

    def _checked(self, ctx: AppContext, damage: Exception | None) -> None:
        if damage is None:
            log.info("deferred damage check: healthy")
            if ctx is self.ctx:
                self._compact_later(ctx)
            return
        if ctx is not self.ctx:
            return
        data_dir = ctx.data_dir
        problem = problem_of(damage, data_dir)
        self.problem_found = problem
        # Nothing more is written to the file (the store refuses); the person chooses.
        action = self.ask(problem)
        log.warning("recovery (after start-up): %s -> %s", problem.situation.value, action.value)
        window = ctx.window
        if window is not None:
            window.hide()
        ctx.shutdown()  # saves the window's state; closes the store (it writes nothing more)
        if window is not None:
            window.deleteLater()
        app = QApplication.instance()
        if action is Action.QUIT:
            if app is not None:
                app.quit()
            return
        carry_out(action, data_dir)  # a failure: the next opening says what is wrong
        fresh = with_recovery(data_dir, build_context, ask=self.ask)
        if fresh is None or fresh.window is None:
            if app is not None:
                app.quit()
            return
        self.ctx = fresh
        fresh.window.show()
        self.check_later()


def _quit_on_signals(app: QApplication) -> None:
    """SIGTERM/SIGINT quit through the event loop, so workers are stopped and state saved."""
    import signal

    def request_quit(signum: int, _frame: object) -> None:
        log.info("signal %d: quitting", signum)
        app.quit()

    signal.signal(signal.SIGTERM, request_quit)
    signal.signal(signal.SIGINT, request_quit)
    # Python runs signal handlers only between bytecodes: wake the interpreter now and then.
    ticker = QTimer(app)
    ticker.setInterval(250)
    ticker.timeout.connect(lambda: None)
    ticker.start()


def _auto_demo(window, panels) -> None:
    if not any(p.is_demo for p in panels) and not getattr(window, "_auto_demo_done", False):
        window._auto_demo_done = True
        window.start_demo()
