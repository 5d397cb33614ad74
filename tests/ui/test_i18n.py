"""Turkish: the .ts is complete, and in Turkish no widget shows an untranslated English string.

The Turkish .qm is compiled into a temp folder here (no earlier ``make`` needed) and installed
with the app's own loader (``ui.app.install_translations``). Then the main window (every page of
its stack, menus, actions, toolbar, status bar), the panel dialog, the order form for every
service type of the simulator (with validation messages showing), the mass order dialog, the
history with orders and its dialogs, the spending view and the welcome view are walked, and
every text they show is compared with the English sources of the .ts.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QAbstractItemModel, QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QToolBar,
    QWidget,
)

from smmdesk import servicetypes
from smmdesk.demo.server import TYPE_SERVICE_IDS, PanelSimulator
from smmdesk.store import DatabaseCorruptError
from smmdesk.workspace import Workspace
from tests.ui.support import settled

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "smmdesk_tr.ts"
KEY = "i18n-test-key-0123456789abcdef"
TIMEOUT = 15_000

# Same in Turkish as in English, on purpose (the .ts translates them to themselves, which the
# check below already skips; this list is for texts that are not in the .ts at all but look
# like sources): the panels' own service type names are API identifiers the panel shows in
# English too ("Default", "Subscriptions", …), and they reach the type filter and the order
# form's header as panel data.
ALLOWED = frozenset(t.name for t in servicetypes.all_types())
# Widgets whose text is the panel's data (service names, descriptions, categories), not ours.
DATA_WIDGETS = frozenset({
    "description", "service_name", "service_title", "type_filter", "category_filter",
    "mass_text",
})
PLACEHOLDER = re.compile(r"%(?:n|L?\d+)|\{[a-z_]+\}")
SENTENCE_WORDS = 4  # a source fragment this long is looked for inside longer texts too


# ------------------------------------------------------------------------------ the .ts file
@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    translations: tuple[str, ...]
    numerus: bool


def ts_entries() -> list[Entry]:
    out = []
    for ctx in ET.parse(TS).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            tr = m.find("translation")
            assert tr is not None
            if tr.get("type") in {"vanished", "obsolete"}:
                continue
            numerus = m.get("numerus") == "yes"
            forms = (tuple(f.text or "" for f in tr.iter("numerusform")) if numerus
                     else (tr.text or "",))
            out.append(Entry(name, m.findtext("source") or "", forms, numerus))
    return out


def load_script(name: str) -> ModuleType:
    """A module of scripts/ (they are not a package)."""
    spec = importlib.util.spec_from_file_location(f"_script_{name}",
                                                  ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_every_message_is_translated_with_the_same_placeholders() -> None:
    entries = ts_entries()
    assert len(entries) > 400, "the .ts looks truncated"
    root = ET.parse(TS).getroot()
    assert root.get("language", "").startswith("tr")
    problems = []
    for e in entries:
        unfinished = any(
            t.get("type") == "unfinished"
            for c in root.iter("context") if c.findtext("name") == e.context
            for m in c.iter("message") if m.findtext("source") == e.source
            for t in m.iter("translation")
        )
        if unfinished:
            problems.append(f"unfinished: [{e.context}] {e.source!r}")
        for form in e.translations:
            if not form.strip():
                problems.append(f"empty: [{e.context}] {e.source!r}")
            elif placeholders(form) != placeholders(e.source):
                problems.append(f"placeholders differ: [{e.context}] {e.source!r} -> {form!r}")
            elif e.source.endswith(" ") != form.endswith(" ") or (
                e.source.startswith(" ") != form.startswith(" ")
            ):
                problems.append(f"edge spaces differ: [{e.context}] {e.source!r} -> {form!r}")
        if e.numerus and "%n" not in e.source:
            problems.append(f"plural without %n: [{e.context}] {e.source!r}")
    assert not problems, "\n".join(problems)


def test_ts_is_current(tmp_path: Path) -> None:
    """Every text the sources mark (lupdate's own finds and the generated stub's) is in the
    .ts, translated: lupdate is run over a copy. When this fails: ``make i18n-update``, then
    translate what it added."""
    update = load_script("update_i18n")
    messages = update.core_messages() + update.helper_messages(update.source_files())
    stub = tmp_path / "_core_strings.py"
    stub.write_text(update.render_stub(messages), encoding="utf-8")
    ts = tmp_path / TS.name
    ts.write_bytes(TS.read_bytes())
    sources = [str(f) for f in update.source_files()]
    subprocess.run([update._tool("pyside6-lupdate"), "-silent", "-locations", "none",
                    *sources, str(stub), "-ts", str(ts)], check=True, cwd=ROOT)
    missing = []
    for ctx in ET.parse(ts).getroot().iter("context"):
        for m in ctx.iter("message"):
            tr = m.find("translation")
            if tr is not None and tr.get("type") == "unfinished":
                missing.append(f"[{ctx.findtext('name')}] {m.findtext('source')!r}")
    assert not missing, "not translated in the .ts (make i18n-update):\n" + "\n".join(missing)


# ------------------------------------------------------------------------------ the checker
def _normal(text: str) -> str:
    text = re.sub(r"&(?=[^&\s])", "", text).replace("&&", "&")
    text = re.sub(r"<[^>]+>", " ", text)  # rich-text tooltips
    return " ".join(text.split())


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


class EnglishDetector:
    """Finds English sources (whose Turkish differs) in shown texts."""

    def __init__(self, entries: list[Entry]) -> None:
        sources: dict[str, bool] = {}
        for e in entries:
            differs = any(_normal(t) != _normal(e.source) for t in e.translations)
            sources[e.source] = sources.get(e.source, False) or differs
        self.exact: list[tuple[str, re.Pattern[str]]] = []
        self.fragments: list[tuple[str, str]] = []
        for source, differs in sources.items():
            if not differs or source in ALLOWED:
                continue
            parts = [_squash(p) for p in PLACEHOLDER.split(_normal(source))]
            if not any(re.search(r"[A-Za-z]{2}", p) for p in parts):
                continue
            # A placeholder stands for a short value (a number, a name), not a whole sentence.
            pattern = ".{1,40}?".join(re.escape(p) for p in parts)
            self.exact.append((source, re.compile(pattern)))
            for p in parts:
                if len(p.split()) >= SENTENCE_WORDS:
                    self.fragments.append((source, p.strip()))

    def english_in(self, text: str, *, sentences: bool = True) -> str | None:
        norm = _normal(text)
        if not norm or norm in ALLOWED:
            return None
        for source, pattern in self.exact:
            if pattern.fullmatch(norm):
                return source
        if sentences:
            for source, fragment in self.fragments:
                if fragment in norm:
                    return source
        return None


class Collector:
    """Every text a widget tree shows: texts, titles, tooltips, placeholders, items, headers."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str, bool]] = []  # (where, text, check sentences inside)

    def add(self, where: str, text: object, *, sentences: bool = True) -> None:
        if isinstance(text, str) and text.strip():
            self.texts.append((where, text, sentences))

    def action(self, where: str, action: QAction) -> None:
        where = f"{where}/action:{action.objectName() or _normal(action.text())}"
        self.add(where, action.text())
        self.add(where + ".toolTip", action.toolTip())
        self.add(where + ".statusTip", action.statusTip())
        self.add(where + ".iconText", action.iconText())
        menu = action.menu()
        if isinstance(menu, QMenu):
            self.menu(where, menu)

    def menu(self, where: str, menu: QMenu) -> None:
        where = f"{where}/menu:{_normal(menu.title())}"
        self.add(where, menu.title())
        for a in menu.actions():
            self.action(where, a)

    def model(self, where: str, model: QAbstractItemModel | None, *, cells: bool = True) -> None:
        if model is None:
            return
        for orientation, count in ((Qt.Orientation.Horizontal, model.columnCount()),
                                   (Qt.Orientation.Vertical, 0)):
            for section in range(count):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    self.add(f"{where}.header[{section}]", model.headerData(section, orientation,
                                                                            role))
        if not cells:
            return
        for row in range(min(model.rowCount(), 200)):
            for col in range(model.columnCount()):
                index = model.index(row, col)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    # Cells hold panel data (service names…): whole-text matches only.
                    self.add(f"{where}[{row},{col}]", value, sentences=False)

    def widget(self, root: QWidget, where: str = "") -> None:
        for w in [root, *root.findChildren(QWidget)]:
            self._one(w, f"{where}/{type(w).__name__}:{w.objectName()}")
        for a in root.findChildren(QAction):
            self.action(where, a)

    def _one(self, w: QWidget, where: str) -> None:
        if w.objectName() in DATA_WIDGETS:
            return
        self.add(where + ".toolTip", w.toolTip())
        self.add(where + ".statusTip", w.statusTip())
        self.add(where + ".whatsThis", w.whatsThis())
        self.add(where + ".accessibleName", w.accessibleName())
        if w.isWindow() or isinstance(w, QToolBar):
            self.add(where + ".windowTitle", w.windowTitle())
        for a in w.actions():
            self.action(where, a)
        if isinstance(w, QLabel | QAbstractButton):
            self.add(where, w.text())
        if isinstance(w, QLineEdit):
            self.add(where + ".placeholder", w.placeholderText())
        if isinstance(w, QPlainTextEdit | QTextEdit):
            self.add(where + ".placeholder", w.placeholderText())
            if w.isReadOnly():
                self.add(where + ".text", w.toPlainText())
        if isinstance(w, QComboBox):
            self.add(where + ".placeholder", w.placeholderText())
            for i in range(w.count()):
                self.add(f"{where}.item[{i}]", w.itemText(i))
                self.add(f"{where}.item[{i}].toolTip",
                         w.itemData(i, Qt.ItemDataRole.ToolTipRole))
        if isinstance(w, QAbstractSpinBox):
            self.add(where + ".specialValue", w.specialValueText())
        if isinstance(w, QSpinBox | QDoubleSpinBox):
            self.add(where + ".suffix", w.suffix())
            self.add(where + ".prefix", w.prefix())
        if isinstance(w, QDateEdit):
            self.add(where + ".text", w.text())
        if isinstance(w, QGroupBox):
            self.add(where + ".title", w.title())
        if isinstance(w, QTabBar):
            for i in range(w.count()):
                self.add(f"{where}.tab[{i}]", w.tabText(i))
                self.add(f"{where}.tab[{i}].toolTip", w.tabToolTip(i))
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                self.add(f"{where}.tab[{i}]", w.tabText(i))
        if isinstance(w, QMenu):
            self.menu(where, w)
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                item = w.item(i)
                self.add(f"{where}.item[{i}]", item.text())
                self.add(f"{where}.item[{i}].toolTip", item.toolTip())
        elif isinstance(w, QAbstractItemView):
            self.model(where, w.model())
        if isinstance(w, QMainWindow):
            bar = w.menuBar()
            for a in bar.actions():
                self.action(where + "/menubar", a)
            self.add(where + "/statusbar", w.statusBar().currentMessage())


# ------------------------------------------------------------------------------ Turkish app
@pytest.fixture
def turkish(qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The Turkish .qm built into tmp and installed by the app's own loader."""
    from ui import app as app_module

    build = load_script("build_i18n")
    out = tmp_path / "i18n"
    compiled = build.compile_all(out)
    assert out / "smmdesk_tr.qm" in compiled

    real_resource = app_module.resource
    monkeypatch.setattr(app_module, "resource",
                        lambda *parts: out if parts == ("i18n",) else real_resource(*parts))
    previous_locale = QLocale()
    translators = app_module.install_translations(qapp, "tr")
    names = {Path(t.filePath()).name for t in translators}
    assert "smmdesk_tr.qm" in names, names
    assert QApplication.translate("OrderForm", "Place order") == "Sipariş ver"
    try:
        yield
    finally:
        for t in translators:
            qapp.removeTranslator(t)
            t.deleteLater()
        QLocale.setDefault(previous_locale)


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=40, key=KEY, speed=0) as s:
        yield s


def _seed(data_dir: Path, sim: PanelSimulator) -> str:
    """A panel with services, a balance and a few orders in every state."""
    ws = Workspace(data_dir)
    try:
        panel = ws.add_panel("Sim", sim.url, sim.key)
        ws.balance(panel.id)
        ws.refresh_services(panel.id)
        for i in range(4):
            ws.place_order(panel.id, 1, {"link": f"https://instagram.com/p/done{i}",
                                         "quantity": "100"})
        sim.advance(30 * 24 * 3600)
        ws.sync_panel(panel.id)
        ws.place_order(panel.id, 1, {"link": "https://instagram.com/p/active",
                                     "quantity": "100", "runs": "3", "interval": "10"})
        sim.set_fault("drop_after_read", actions=["add"], times=1)
        ws.place_order(panel.id, 1, {"link": "https://instagram.com/p/lost", "quantity": "100"})
        sim.balance = Decimal("0")
        ws.place_order(panel.id, 1, {"link": "https://instagram.com/p/broke", "quantity": "100"})
        sim.balance = Decimal("1000")
        return panel.id
    finally:
        ws.close()


def panel_data(data_dir: Path, panel_id: str) -> list[str]:
    """Texts that come from the panel, in its language (service names, categories, average
    times, descriptions, refusal messages): they are shown as they are, never translated."""
    ws = Workspace(data_dir)
    try:
        found: set[str] = set()
        for row in ws.services(panel_id):
            svc = row.service
            found.update((svc.name, svc.category, svc.type, svc.average_time or "",
                          *svc.description.splitlines()))
        for o in ws.orders():
            found.update((o.error or "", o.raw_status or "", o.service_name or ""))
    finally:
        ws.close()
    return sorted((d.strip() for d in found if len(d.strip()) >= 3), key=len, reverse=True)


def _assert_turkish(collector: Collector, detector: EnglishDetector, data: list[str]) -> None:
    found = []
    for where, shown, sentences in collector.texts:
        text = shown
        for d in data:
            if d in text:
                text = text.replace(d, " ⟨panel data⟩ ")
        source = detector.english_in(text, sentences=sentences)
        if source is not None:
            found.append(f"{where}: {shown!r} (English source {source!r})")
    assert len(collector.texts) > 300, "the walk found suspiciously few texts"
    assert not found, "untranslated English in Turkish:\n" + "\n".join(sorted(set(found)))


def test_turkish_ui_has_no_untranslated_english(qtbot, turkish, data_dir: Path,
                                                sim: PanelSimulator) -> None:
    from ui.app import build_context
    from ui.orders.dialogs import ResolveDialog, TrackOrdersDialog
    from ui.panels.dialog import PanelDialog
    from ui.shell.welcome import WelcomeView
    from ui.spending.view import SpendingView
    from ui.system.crash import CrashDialog
    from ui.system.recovery import RecoveryDialog

    detector = EnglishDetector(ts_entries())
    seen = Collector()
    pid = _seed(data_dir, sim)

    ctx = build_context(data_dir)
    window = ctx.window
    extra: list[QWidget] = []
    try:
        window.resize(1300, 800)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.services_view.model.total_count > 0, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: bool(window.balances_label.text()), timeout=TIMEOUT)

        # Every page of the central stack, generically (new pages are covered by themselves).
        pages = window.pages
        for index in range(pages.count()):
            window.set_view(index)
            settled(qtbot, window.runner, TIMEOUT)  # the page's own load (a worker) landed
            page = pages.widget(index)
            model = getattr(page, "model", None)  # a page with a model that loads in pages
            if model is not None and hasattr(model, "loading"):
                qtbot.waitUntil(lambda m=model: not m.loading, timeout=TIMEOUT)
        settled(qtbot, window.runner, TIMEOUT)
        window.services_view.table.selectRow(0)

        # History: an order selected (details pane), its context menu, and its dialogs.
        history = window.history_view
        qtbot.waitUntil(lambda: history.model.rowCount() >= 7, timeout=TIMEOUT)
        orders = Workspace(data_dir)
        try:
            all_orders = orders.orders()
        finally:
            orders.close()
        for o in all_orders:
            history.show_order(o.id)
            qtbot.waitUntil(lambda o=o: history._context is not None
                            and history._context.order.id == o.id, timeout=TIMEOUT)
            seen.add("history.details", history.details.toPlainText())
            seen.widget(history.build_context_menu(), "history_menu")
        uncertain = next(o for o in all_orders if o.submit_state.value == "uncertain")
        extra.append(ResolveDialog(uncertain, window))
        extra.append(TrackOrdersDialog(window.workspace, window.runner,
                                       list(history.panels.values()), window))

        # The order form, one service of every type, validation problems showing.
        form = window.order_form
        for type_name, sid in sorted(TYPE_SERVICE_IDS.items(), key=lambda kv: kv[1]):
            with qtbot.waitSignal(form.serviceLoaded, timeout=TIMEOUT):
                form.set_service(pid, sid)
            assert form.service is not None, type_name
            form.fill({"link": "not a link with spaces", "quantity": "1", "min": "1",
                       "max": "0", "country": "Turkey", "runs": "1"})
            form.place_now(confirm=False)  # marks every field: every problem shows
            seen.widget(form, f"order_form[{type_name}]")
            seen.add(f"order_form[{type_name}].quantity", form.quantity_text())
        # One valid order through the form: the confirmation and the result.
        with qtbot.waitSignal(form.serviceLoaded, timeout=TIMEOUT):
            form.set_service(pid, TYPE_SERVICE_IDS["Default"])
        form.fill({"link": "https://instagram.com/p/form", "quantity": "100"})
        seen.add("order_form.summary", form.summary_text())
        with qtbot.waitSignal(form.placementFinished, timeout=TIMEOUT):
            form.place_now(confirm=False)
        seen.widget(form, "order_form[placed]")

        # The Compare side panel on the form's service, its list loaded.
        wiring = window.compare
        with qtbot.waitSignal(wiring.panel.loaded, timeout=TIMEOUT):
            wiring.show_comparison(pid, TYPE_SERVICE_IDS["Default"],
                                   {"link": "https://instagram.com/p/form", "quantity": "100"})
        seen.widget(wiring.panel, "compare_panel")

        # Main window after all that: status bar, menus, toolbar, every page.
        seen.widget(window, "main_window")

        # Dialogs and views the window opens.
        extra.append(window.open_preferences())
        mass = window.open_mass_order()
        assert mass is not None, "the window opened no mass-order dialog"
        extra.append(mass)
        qtbot.waitUntil(lambda: mass.catalogue is not None, timeout=TIMEOUT)
        mass.set_text("1|https://instagram.com/p/m1|100\n"
                      "abc|https://instagram.com/p/m2|100\n"
                      "99999|https://instagram.com/p/m3|100\n"
                      f"{TYPE_SERVICE_IDS['Custom Comments']}|https://instagram.com/p/m4|10\n"
                      "1|https://instagram.com/p/m5\n"
                      "1|https://instagram.com/p/m6|many\n")
        mass.update_preview()
        extra.append(PanelDialog(window.workspace, window.runner, None, window))
        extra.append(PanelDialog(window.workspace, window.runner,
                                 window.workspace.panel(pid), window))
        spending = SpendingView(window.workspace, window.runner)
        extra.append(spending)
        extra.append(WelcomeView())
        damaged = DatabaseCorruptError(data_dir / "smmdesk.sqlite3", "file is not a database")
        from smmdesk.recovery import diagnose

        extra.append(RecoveryDialog(diagnose(damaged, data_dir)))
        extra.append(RecoveryDialog(diagnose(damaged, None)))
        extra.append(CrashDialog("Traceback (most recent call last): …", data_dir / "crash.txt"))
        for w in extra:
            w.show()
        for w in extra:
            qtbot.waitExposed(w)
        settled(qtbot, window.runner, TIMEOUT)  # what each asked for on opening has landed
        for w in extra:
            seen.widget(w, type(w).__name__)

        _assert_turkish(seen, detector, panel_data(data_dir, pid))
    finally:
        for w in extra:
            w.close()
            w.deleteLater()
        window.close()
        ctx.shutdown()
        window.deleteLater()


def test_core_notes_and_errors_show_in_turkish_with_panel_text_kept(turkish) -> None:
    """The store keeps the core's notes in English; the history shows them translated, and the
    panel's own words inside them stay verbatim."""
    from ui.core_text import core_text

    assert core_text("placed as #23501") == "#23501 olarak verildi"
    assert core_text("refill refused: Refill is disabled") == (
        "yeniden doldurma reddedildi: Refill is disabled")
    assert core_text("Not sent: Could not connect to panel.example.") == (
        "Gönderilmedi: Could not connect to panel.example.")
    assert core_text(
        "Connection reset. Check the panel's order list before ordering again.") == (
        "Connection reset. Yeniden sipariş vermeden önce paneldeki sipariş listesini kontrol edin.")
    # The panel's own refusal is shown as the panel wrote it.
    assert core_text("Not enough funds on balance") == "Not enough funds on balance"
    assert core_text(None) == ""
    # A schedule's pause reason names the page the order is resolved on; a reason stored
    # before the page was called Orders ("in the history") reads the same way.
    turkish_reason = ("Demo panelindeki 7 numaralı sipariş aynı bağlantı için verilmiş olabilir "
                      "ve henüz netleştirilmedi: önce o panelin sipariş listesine bakın ve "
                      "siparişi Siparişler sayfasında netleştirin.")
    for page in ("Orders", "the history"):
        assert core_text(
            "Order 7 on Demo, on the same link, may have been placed and is not resolved: check "
            f"that panel's order list and resolve the order in {page} first.") == turkish_reason


def test_a_refused_orders_reason_shows_in_turkish_in_the_history_after_a_restart(
        qtbot, turkish, data_dir: Path, sim: PanelSimulator, runner) -> None:
    """The placement's outcome is a kind kept in a column: after a restart the history words it
    in Turkish — the reason (not enough funds) translated, the panel's own words verbatim —
    with no English sentence stored or shown."""
    from smmdesk.models import OutcomeKind
    from ui.orders.model import Col
    from ui.orders.view import OrdersView

    ws = Workspace(data_dir)
    try:
        panel = ws.add_panel("Sim", sim.url, sim.key)
        ws.refresh_services(panel.id)
        sim.balance = Decimal("0")
        refused = ws.place_order(panel.id, 1, {"link": "https://instagram.com/p/broke",
                                              "quantity": "100"})
    finally:
        ws.close()
    said = refused.error or ""
    assert refused.outcome is OutcomeKind.FUNDS and said  # the kind, and the panel's words

    ws = Workspace(data_dir)  # a restart: the kind is read back from the order's row
    try:
        assert ws.order(refused.id).outcome is OutcomeKind.FUNDS
        view = OrdersView(ws, runner, autostart=False)
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: not view.model.loading and bool(view.panels), timeout=5000)
        view.show_order(refused.id)
        qtbot.waitUntil(lambda: view._context is not None
                        and view._context.order.id == refused.id, timeout=5000)
        details = view.details.toPlainText()
        assert "Panel siparişi reddetti: yeterli bakiye yok." in details, details
        assert f"“{said}”" in details  # the panel's own words, as it wrote them
        assert "refused" not in details.replace(said, "")  # no English wording of it
        row = view.model.row_of(refused.id)
        assert row is not None
        status = view.model.index(row, Col.STATUS)
        tip = view.model.data(status, Qt.ItemDataRole.ToolTipRole)
        assert "yeterli bakiye yok" in tip and said in tip
    finally:
        ws.close()


def test_the_cores_schedule_problems_reach_the_dialog_in_turkish(turkish, ws) -> None:
    """The timing and schedule problems the core raises (``N_``, context "schedules") are shown
    translated by the schedule dialog, not in English."""
    from datetime import UTC, datetime, timedelta

    from smmdesk.schedules import Timing
    from smmdesk.servicetypes import ValidationError
    from ui.schedules.dialog import core_problem

    at = datetime(2030, 1, 1, 12, tzinfo=UTC)
    bad = Timing(at, timedelta(seconds=30), 0, at - timedelta(days=1)).check()
    assert [core_problem(p) for p in bad.values()] == [
        "Çalıştırmalar arasında en az bir dakika olmalı.", "Çalıştırma sayısı en az 1 olmalı.",
        "Bitiş tarihi ilk çalıştırmadan önce."]
    panel = ws.add_panel("Offline", "http://127.0.0.1:9/api/v2", "k" * 16)
    with pytest.raises(ValidationError) as e:
        ws.schedule_order(panel.id, 1, {"link": "x", "quantity": "100"}, first_run=at)
    assert [core_problem(p) for p in e.value.problems.values()] == [
        "Bu hizmet panelin listesinde yok."]


def test_no_tr_call_hides_inside_an_f_string() -> None:
    """lupdate does not look inside f-string fields: a tr() there is never extracted and stays
    English in every language. Call tr() outside and put the result in the f-string."""
    import ast

    offenders = []
    modules = sorted((ROOT / "ui").rglob("*.py"))  # every page's package, not only ui/*.py
    assert len(modules) > 40 and ROOT / "ui" / "order_form" / "form.py" in modules
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for field in ast.walk(node):
                if (isinstance(field, ast.Call) and isinstance(field.func, ast.Attribute)
                        and field.func.attr in {"tr", "translate"}
                        and field.args and isinstance(field.args[0], ast.Constant)):
                    offenders.append(f"{path.relative_to(ROOT)}:{field.lineno}")
    assert offenders == []


# ------------------------------------------------------------------- issue 12, item 9
def test_no_column_title_is_cut_in_turkish(qtbot, turkish, tmp_path: Path) -> None:
    from ui.services.view import ServicesView
    from ui.settings import Settings

    settings = Settings(tmp_path)
    english = ServicesView(settings)  # a state saved earlier, as English widths
    qtbot.addWidget(english)
    header = english.table.horizontalHeader()
    for col in range(english.model.columnCount()):
        header.resizeSection(col, 30)
    english.save_state()

    view = ServicesView(settings)
    qtbot.addWidget(view)
    view.restore_state()
    header = view.table.horizontalHeader()
    metrics = header.fontMetrics()
    titles = {}
    for col in range(view.model.columnCount()):
        title = str(view.model.headerData(col, Qt.Orientation.Horizontal))
        titles[title] = header.sectionSize(col)
        assert header.sectionSize(col) >= metrics.horizontalAdvance(title) + 20, title
    assert "Yeniden doldurma" in titles
    for w in (english, view):
        w.close()
        w.deleteLater()
    del english, view, settings
    import gc

    gc.collect()  # the views' and QSettings' wrappers go here, on the GUI thread, not in a worker


def test_texts_moved_into_the_pages_parts_stay_turkish(qtbot, turkish, make_window) -> None:
    """Splitting a page moves its texts into the new part's translation context (the class
    name): the Orders page's summary, banner words and customer chip (``OrdersStatus``,
    ``OrderSales``), the window's F5 tooltip per page (``PageNavigation``) and the order form's
    busy and status line (``PlacementBar``) still show in Turkish."""
    from ui.order_form.panes import PlacementBar
    from ui.shell.main_window import View

    w = make_window().window
    history = w.history_view
    qtbot.waitUntil(lambda: "sipariş" in history.summary.text(), timeout=TIMEOUT)
    assert history.action_sell.text() == "Müşt&eriye sat…"
    history.show_customer(7, "Ann")
    assert history.customer_chip.text() == "Müşteri: Ann ✕"
    assert history.customer_chip.accessibleName() == "Müşteri süzgeci: Ann"
    assert history.wait_text(30) == "30 sn" and history.wait_text(600) == "10 dk"
    w.set_view(View.ORDERS)
    assert w.refresh_action.toolTip() == "Etkin siparişlerin durumlarını şimdi denetle (F5)"
    w.set_view(View.SPENDING)
    assert w.refresh_action.toolTip() == "Harcamaları kayıtlı siparişlerden yeniden hesapla (F5)"
    bar = PlacementBar()
    qtbot.addWidget(bar)
    bar.set_busy(True)
    assert bar.place.text() == "Veriliyor…"
    assert bar.form_status.text() == "Önceki siparişleriniz denetleniyor…"
    bar.set_busy(False)
    bar.show_check(1, ["Bağlantı"], just_placed=False)
    assert bar.form_status.text() == "Siparişi vermek için şunları doldurun: Bağlantı"
    bar.show_check(0, [], just_placed=True)
    assert bar.form_status.text() == "Verildi. Başka bir sipariş vermek için değerleri değiştirin."
