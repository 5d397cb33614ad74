"""Mass orders: parsing and checking (Qt-free), the dialog against the simulator, no resends."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from smmdesk import massorder
from smmdesk.demo.server import PanelSimulator
from smmdesk.massorder import BatchStore, LineResult, LineStatus, parse_lines
from smmdesk.models import Panel, Service
from smmdesk.workspace import Workspace
from ui.orders.mass_order import MassOrderDialog
from ui.tasks import TaskRunner

KEY = "mass-test-key-0123456789"
TIMEOUT = 30_000


def svc(sid: int, type_: str = "Default", lo: int = 100, hi: int = 1000,
        rate: str = "1.50") -> Service:
    return Service(sid, f"S{sid}", type_, "c", Decimal(rate), lo, hi)


CATALOGUE = {1: svc(1), 2: svc(2, "Package", 1, 1, "5"), 3: svc(3, "Custom Comments", 1, 10)}


# ------------------------------------------------------------------------------ Qt-free core
def test_parse_and_check_lines() -> None:
    text = ("1|https://a.com/x|200\r\n\n# a comment\n 1 | b.com/y | 1,000 \n2|https://p.com\n"
            "9|https://a.com|200\n1||200\n1|https://a.com|5\nx|y|z\n3|https://c.com|5\n"
            "1|https://a.com|2|extra\n1|https://a.com/z|\n")
    lines = massorder.check_lines(parse_lines(text), CATALOGUE)
    by_number = {ln.number: ln for ln in lines}
    assert [ln.number for ln in lines] == [1, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert by_number[1].ok and by_number[1].price == Decimal("0.3")
    assert by_number[4].ok and by_number[4].link == "b.com/y" and by_number[4].quantity == 1000
    assert by_number[5].ok and by_number[5].price == Decimal("5")  # a package: its rate
    assert "not in this panel's list" in by_number[6].problem
    assert "link is missing" in by_number[7].problem
    assert by_number[8].problem == "Quantity must be between 100 and 1000"
    assert "must be a number" in by_number[9].problem
    assert "use the order form" in by_number[10].problem  # comments cannot come in this format
    assert "Too many parts" in by_number[11].problem
    assert "quantity is missing" in by_number[12].problem
    assert massorder.total_of(lines) == Decimal("6.8")


def test_batch_id_ignores_spacing_and_knows_the_panel() -> None:
    a = parse_lines("1|https://a.com|200\n2|b.com|1")
    b = parse_lines("  1 | https://a.com | 200\n\n2|b.com|1\n")
    assert massorder.batch_id("p", a) == massorder.batch_id("p", b)
    assert massorder.batch_id("p", a) != massorder.batch_id("q", a)


class FakeWorkspace:
    """Counts placements; the real one is exercised by the dialog tests below."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.placed: list[str] = []
        self.fail_at = fail_at

    def find_duplicate(self, panel_id, service_id, link):
        return None

    def place_order(self, panel_id, service_id, fields):
        if self.fail_at is not None and len(self.placed) == self.fail_at:
            raise RuntimeError("the process dies mid-send")
        self.placed.append(fields["link"])
        return _order(len(self.placed), fields["link"])


def _order(n: int, link: str):
    from datetime import UTC, datetime

    from smmdesk.models import LocalOrder, OrderState, SubmitState

    now = datetime.now(UTC)
    return LocalOrder(n, "p", 1, "S1", "Default", 1000 + n, SubmitState.PLACED, OrderState.PENDING,
                      None, None, link, 200, {"link": link}, None, None, None, None, None, now,
                      now)


def test_run_batch_sends_each_line_once_even_after_a_crash(tmp_path: Path) -> None:
    lines = massorder.check_lines(
        parse_lines("\n".join(f"1|https://a.com/{i}|200" for i in range(5))), CATALOGUE)
    store = BatchStore(tmp_path)
    crashing = FakeWorkspace(fail_at=2)
    with pytest.raises(RuntimeError):
        massorder.run_batch(crashing, store, "p", lines)
    assert crashing.placed == ["https://a.com/0", "https://a.com/1"]
    # The third line was "sending" when it failed: it may have gone out, so it is never resent.
    record = store.load(massorder.batch_id("p", lines), "p")
    assert record.result(2).status is LineStatus.UNCERTAIN
    again = FakeWorkspace()
    seen: list[tuple[int, LineResult]] = []
    record = massorder.run_batch(again, store, "p", lines, on_line=lambda i, r: seen.append((i, r)))
    assert again.placed == ["https://a.com/3", "https://a.com/4"]
    assert [r.status for _, r in seen] == [LineStatus.PLACED, LineStatus.PLACED,
                                           LineStatus.UNCERTAIN, LineStatus.PLACED,
                                           LineStatus.PLACED]
    third = FakeWorkspace()
    massorder.run_batch(third, store, "p", lines)
    assert third.placed == []


def test_a_crash_between_sending_and_the_answer_is_uncertain(tmp_path: Path) -> None:
    lines = massorder.check_lines(parse_lines("1|https://a.com/0|200"), CATALOGUE)
    store = BatchStore(tmp_path)
    record = store.load(massorder.batch_id("p", lines), "p")
    store.set(record, 0, LineResult(LineStatus.SENDING))  # what a killed process leaves
    ws = FakeWorkspace()
    record = massorder.run_batch(ws, store, "p", lines)
    assert ws.placed == [] and record.result(0).status is LineStatus.UNCERTAIN


def test_cancel_between_lines(tmp_path: Path) -> None:
    lines = massorder.check_lines(
        parse_lines("\n".join(f"1|https://a.com/{i}|200" for i in range(5))), CATALOGUE)
    ws = FakeWorkspace()
    store = BatchStore(tmp_path)
    massorder.run_batch(ws, store, "p", lines, should_stop=lambda: len(ws.placed) >= 2)
    assert len(ws.placed) == 2
    rest = FakeWorkspace()
    massorder.run_batch(rest, store, "p", lines)
    assert rest.placed == ["https://a.com/2", "https://a.com/3", "https://a.com/4"]


# ------------------------------------------------------------------------------ the dialog
@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=30, key=KEY, speed=0) as s:
        yield s


@pytest.fixture
def panel(ws: Workspace, sim: PanelSimulator) -> Panel:
    p = ws.add_panel("Mass panel", sim.url, sim.key)
    ws.refresh_services(p.id)
    ws.balance(p.id)
    return ws.panel(p.id)


@pytest.fixture
def runner(ws: Workspace, sim: PanelSimulator) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown()


@pytest.fixture
def dialogs() -> Iterator[list[MassOrderDialog]]:
    """Dialogs whose models qtmodeltester watches. Requested before qtmodeltester, so this
    teardown runs after the tester has disconnected (pytest-qt's own widget cleanup would delete
    the dialog, and its model, first)."""
    kept: list[MassOrderDialog] = []
    yield kept
    for dialog in kept:
        dialog.close()
        dialog.deleteLater()


def open_dialog(
    qtbot, ws: Workspace, panel: Panel, runner: TaskRunner,
    keep: list[MassOrderDialog] | None = None,
) -> MassOrderDialog:
    dialog = MassOrderDialog(ws, panel.id, runner=runner)
    if keep is None:
        qtbot.addWidget(dialog)
    else:
        keep.append(dialog)
    dialog.confirm = lambda title, text: True
    qtbot.waitUntil(lambda: dialog.catalogue is not None, timeout=TIMEOUT)
    return dialog


def big_batch() -> str:
    rows = [f"18|https://instagram.com/p/mass{i}|200" for i in range(197)]
    rows.insert(10, "99999|https://instagram.com/p/unknown|200")  # not in the catalogue
    rows.insert(50, "18|https://instagram.com/p/small|5")  # below the minimum of 200
    rows.insert(120, "18||300")  # no link
    return "\n".join(rows) + "\n"


def test_200_lines_with_3_bad_place_197_and_a_rerun_places_none(
    dialogs, qtbot, qtmodeltester, ws: Workspace, panel: Panel, runner: TaskRunner,
    sim: PanelSimulator, tmp_path: Path
) -> None:
    path = tmp_path / "orders.txt"
    path.write_text(big_batch(), encoding="utf-8")
    dialog = open_dialog(qtbot, ws, panel, runner, keep=dialogs)
    assert dialog.open_path(path)
    model = dialog.model
    assert model.rowCount() == 200
    qtmodeltester.check(model, force_py=True)
    assert dialog.place.text() == "Place 197 orders" and dialog.place.isEnabled()
    expected_total = Decimal("0.012345") * 200 * 197 / 1000
    # up to four decimals on screen (issue 24), every digit of the Decimal in the tooltip
    assert "total $0.4864" in dialog.total.text()
    assert "$0.486393" in dialog.total.toolTip()
    assert massorder.total_of(dialog.lines) == expected_total
    bad = [model.status_text(r) for r in range(200) if not dialog.lines[r].ok]
    assert len(bad) == 3 and "not in this panel's list" in bad[0]
    assert bad[1] == "Quantity must be between 200 and 1000" and "link is missing" in bad[2]

    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        assert dialog.place_now(confirm=False) is not None
        assert dialog.cancel_button.isVisibleTo(dialog)
    assert sim.count("add") == 197
    assert dialog.counts[LineStatus.PLACED] == 197 and dialog.counts[LineStatus.INVALID] == 3
    assert "197 placed, 3 with problems" in dialog.summary.text()
    assert model.status_text(0).startswith("Placed #")
    qtmodeltester.check(model, force_py=True)

    # The same file again, in a new dialog: nothing left to send.
    again = open_dialog(qtbot, ws, panel, runner)
    again.open_path(path)
    assert again.place.text() == "Place 0 orders" and not again.place.isEnabled()
    assert "197 placed" in again.findChild(type(again.summary), "earlier_run").text()
    assert again.model.status_text(0).endswith("(earlier run)")
    assert again.place_now(confirm=False) is None
    # Even a direct run of the batch sends nothing.
    massorder.run_batch(ws, BatchStore(ws.data_dir), panel.id, again.lines)
    assert sim.count("add") == 197


def test_uncertain_lines_are_not_resent_and_say_check_on_panel(
    qtbot, ws: Workspace, panel: Panel, runner: TaskRunner, sim: PanelSimulator
) -> None:
    text = "\n".join(f"18|https://instagram.com/p/u{i}|200" for i in range(3))
    sim.set_fault("drop_after_read", actions=["add"], times=1)
    dialog = open_dialog(qtbot, ws, panel, runner)
    dialog.set_text(text)
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        dialog.place.click()
    assert sim.count("add") == 3
    assert dialog.model.status_text(0) == "Check on panel: may have been placed"
    assert dialog.counts[LineStatus.UNCERTAIN] == 1 and dialog.counts[LineStatus.PLACED] == 2
    dialog.set_text(text)
    assert dialog.place_now(confirm=False) is None
    assert sim.count("add") == 3


def test_cancel_stops_between_lines_and_resume_sends_the_rest(
    qtbot, ws: Workspace, panel: Panel, runner: TaskRunner, sim: PanelSimulator
) -> None:
    text = "\n".join(f"18|https://instagram.com/p/c{i}|200" for i in range(20))
    dialog = open_dialog(qtbot, ws, panel, runner)
    dialog.set_text(text)
    sim.latency = 0.02
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        dialog.place_now(confirm=False)
        qtbot.waitUntil(lambda: sim.count("add") >= 2, timeout=TIMEOUT)
        dialog.cancel_button.click()
    sent = sim.count("add")
    assert 2 <= sent < 20 and "Cancelled" in dialog.summary.text()
    sim.latency = 0
    dialog.set_text(text)
    assert dialog.place.text() == f"Place {20 - sent} orders"
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        dialog.place_now(confirm=False)
    assert sim.count("add") == 20
    links = [r.params["link"] for r in sim.requests if r.action == "add"]
    assert len(set(links)) == 20


def test_the_same_list_again_as_a_new_batch_places_every_line_once_more(
    qtbot, ws: Workspace, panel: Panel, runner: TaskRunner, sim: PanelSimulator
) -> None:
    text = "\n".join(f"18|https://instagram.com/p/weekly{i}|200" for i in range(3)) + "\n"
    dialog = open_dialog(qtbot, ws, panel, runner)
    dialog.set_text(text)
    assert not dialog.new_batch.isVisibleTo(dialog)  # nothing sent yet: nothing to repeat
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        dialog.place_now(confirm=False)
    assert sim.count("add") == 3
    sim.advance(365 * 24 * 3600)  # those orders finish: the links are free again
    ws.sync_statuses(panel.id)

    again = open_dialog(qtbot, ws, panel, runner)
    again.set_text(text)
    assert again.place_now(confirm=False) is None  # a re-run sends nothing
    assert again.new_batch.isVisibleTo(again)
    again.confirm = lambda title, text: False
    assert not again.start_new_batch()  # the person said no: still nothing to send
    assert again.sendable() == []
    again.confirm = lambda title, text: True
    assert again.start_new_batch()
    assert again.sendable() == [0, 1, 2]
    with qtbot.waitSignal(again.batchFinished, timeout=TIMEOUT):
        again.place_now(confirm=False)
    assert sim.count("add") == 6
    # That new batch is itself never re-sent.
    third = open_dialog(qtbot, ws, panel, runner)
    third.set_text(text)
    assert third.sendable() == []
    assert third.start_new_batch(confirm=False)
    assert third.repeat == 2 and third.sendable() == [0, 1, 2]  # skips the batch made above


# ------------------------------------------------------------------- issue 12, items 1 and 9
@pytest.mark.parametrize("typed", ["150.5", "150,5", "1e3", "1,00"])
def test_mass_order_quantity_is_never_changed(typed: str) -> None:
    [line] = massorder.check_lines(parse_lines(f"1|https://a.com/x|{typed}"), CATALOGUE)
    assert not line.ok and line.quantity is None and line.price is None
    assert line.problem == f"Quantity takes whole numbers only; “{typed}” is not one"


def test_mass_order_negative_quantity_is_refused_not_made_positive() -> None:
    [line] = massorder.check_lines(parse_lines("1|https://a.com/x|-5"), CATALOGUE)
    assert not line.ok and line.problem == "Quantity must be between 100 and 1000"


def test_mass_order_grouping_follows_the_locale() -> None:
    [en] = parse_lines("1|https://a.com/x|1,000", "en_US")
    [tr] = parse_lines("1|https://a.com/x|1.000", "tr_TR")
    [tr_comma] = parse_lines("1|https://a.com/x|1,000", "tr_TR")
    assert en.quantity == tr.quantity == 1000 and en.problem is tr.problem is None
    assert tr_comma.quantity is None and "whole numbers only" in tr_comma.problem


def test_mass_order_accepts_tab_separated_lines() -> None:
    text = "1\thttps://a.com/x\t200\n1\t https://a.com/y \t 300 \n"
    lines = massorder.check_lines(parse_lines(text), CATALOGUE)
    assert [(ln.ok, ln.link, ln.quantity) for ln in lines] == [
        (True, "https://a.com/x", 200), (True, "https://a.com/y", 300)]
    [one] = parse_lines("1 https://a.com/x 200")
    assert one.problem == "Separate the parts with | or a tab: service|link|quantity"


def test_a_new_list_clears_the_previous_summary(
    dialogs, qtbot, ws: Workspace, panel: Panel, runner: TaskRunner, sim: PanelSimulator
) -> None:
    dialog = open_dialog(qtbot, ws, panel, runner, keep=dialogs)
    dialog.set_text("18\thttps://instagram.com/p/tabbed\t200\n")
    assert dialog.lines[0].ok
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        assert dialog.place_now(confirm=False) is not None
    assert "1 placed" in dialog.summary.text()
    dialog.text.setPlainText("18|https://instagram.com/p/other|300\n")
    assert dialog.summary.text() == ""
