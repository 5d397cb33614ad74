"""Mass orders: parsing and checking (Qt-free), batches on a real panel (re-runs, errors after a
send, a killed run, two runs at once, files of older versions), and the dialog against the
simulator: what its button counts is what a run places; it stops to ask after a refusal."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from smmdesk import massorder
from smmdesk.demo.server import PanelSimulator
from smmdesk.massorder import BatchStore, LineResult, LineStatus, parse_lines
from smmdesk.models import Panel, Service, SubmitState
from smmdesk.store import OrderStore
from smmdesk.workspace import OutcomeNotRecorded, Workspace
from ui.order_form.mass_order import MassOrderDialog
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


def test_the_list_id_ignores_spacing_and_knows_the_panel() -> None:
    a = parse_lines("1|https://a.com|200\n2|b.com|1")
    b = parse_lines("  1 | https://a.com | 200\n\n2|b.com|1\n")
    assert massorder.list_id("p", a) == massorder.list_id("p", b)
    assert massorder.list_id("p", a) != massorder.list_id("q", a)


# ------------------------------------------------------------------------------ fixtures
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


def show(qtbot, dialog: MassOrderDialog, text: str | None = None) -> MassOrderDialog:
    """Put ``text`` in (or re-check the text) and wait until the preview knows what a run
    would do."""
    if text is None:
        dialog.update_preview()
    else:
        dialog.set_text(text)
    qtbot.waitUntil(lambda: dialog.preview_ready, timeout=TIMEOUT)
    return dialog




# ------------------------------------------------------------------ batches, on a real panel
def sim_lines(ws: Workspace, panel: Panel, text: str) -> list[massorder.MassLine]:
    catalogue = {r.service.id: r.service for r in ws.services(panel.id)}
    return massorder.check_lines(parse_lines(text), catalogue)


def test_run_batch_sends_each_line_once_even_after_an_error_after_a_send(
    ws: Workspace, panel: Panel, sim: PanelSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = sim_lines(ws, panel, "\n".join(f"18|https://a.com/{i}|200" for i in range(5)))
    store = BatchStore(ws)
    real = OrderStore.set_submit_result

    def dies_at_the_third(self, order_id, *args, **kwargs):
        if sim.count("add") == 3:
            raise RuntimeError("the process dies after the third send")
        return real(self, order_id, *args, **kwargs)

    monkeypatch.setattr(OrderStore, "set_submit_result", dies_at_the_third)
    with pytest.raises(massorder.SendInterrupted) as caught:
        massorder.run_batch(ws, store, panel.id, lines)
    # The store's failure after the send, as place_order reports it (issue 22: it tried to
    # write UNCERTAIN too, then raised OutcomeNotRecorded from the failure).
    cause = caught.value.__cause__
    assert caught.value.number == 3 and isinstance(cause, OutcomeNotRecorded)
    assert isinstance(cause.cause, RuntimeError) and cause.remote_id == sim.order_ids()[2]
    monkeypatch.setattr(OrderStore, "set_submit_result", real)
    # The third line's order was recorded before its `add`: it may have gone out, so its line
    # is never resent (its order says "sending" until it is recovered as uncertain).
    record = store.latest(panel.id, lines)
    assert record is not None and record.result(2).status is LineStatus.SENDING
    seen: list[tuple[int, LineResult]] = []
    massorder.run_batch(ws, store, panel.id, lines, on_line=lambda i, r: seen.append((i, r)))
    assert sim.count("add") == 5
    assert [r.status for _, r in seen] == [LineStatus.PLACED, LineStatus.PLACED,
                                           LineStatus.SENDING, LineStatus.PLACED,
                                           LineStatus.PLACED]
    massorder.run_batch(ws, store, panel.id, lines)
    assert sim.count("add") == 5


def test_a_line_left_sending_by_a_killed_run_is_uncertain_when_reopened(
    data_dir: Path, panel: Panel, sim: PanelSimulator, ws: Workspace
) -> None:
    lines = sim_lines(ws, panel, "18|https://a.com/k|200\n18|https://a.com/k2|200")
    store = BatchStore(ws)
    service = ws.service(panel.id, 18)
    assert service is not None
    with store.running(panel.id, massorder.list_id(panel.id, lines)) as run:
        record = store.open(run, lines)
        batch = record.batch_id
        assert batch is not None
        # What a run killed right after claiming its first line leaves behind: a SUBMITTING
        # order and its line claimed as sent, with no answer.
        order_id = ws.store.orders.insert_submitting(
            panel_id=panel.id, service=service, fields={"link": "https://a.com/k"},
            link="https://a.com/k", quantity=200, charge_estimate=None, currency="USD",
            also=lambda c, oid: store.sql.claim(
                c, batch_id=batch, idx=0, order_id=oid, panel_id=panel.id,
                list_id=run.list_id, owner=run.owner, key=(18, "https://a.com/k", "200"),
                since_ms=0, resend_refused=True))
    ws.close()
    with Workspace(data_dir) as again:  # alone: the row in flight is recovered as uncertain
        assert again.order(order_id).submit_state is SubmitState.UNCERTAIN
        store = BatchStore(again)
        plan = store.plan(panel.id, lines)
        assert plan.results[0].status is LineStatus.UNCERTAIN and plan.send == [1]
        massorder.run_batch(again, store, panel.id, lines)
        assert sim.count("add") == 1  # only the second line


def test_cancel_between_lines(ws: Workspace, panel: Panel, sim: PanelSimulator) -> None:
    lines = sim_lines(ws, panel, "\n".join(f"18|https://a.com/c{i}|200" for i in range(5)))
    store = BatchStore(ws)
    record = massorder.run_batch(ws, store, panel.id, lines,
                                 should_stop=lambda: sim.count("add") >= 2)
    assert record.cancelled and sim.count("add") == 2
    massorder.run_batch(ws, store, panel.id, lines)
    links = [r.params["link"] for r in sim.requests if r.action == "add"]
    assert links == [f"https://a.com/c{i}" for i in range(5)]


def test_a_second_run_refuses_and_the_row_of_a_gone_run_is_taken_over(
    data_dir: Path, ws: Workspace, panel: Panel, sim: PanelSimulator
) -> None:
    lines = sim_lines(ws, panel, "18|https://a.com/t0|200\n18|https://a.com/t1|200")
    lid = massorder.list_id(panel.id, lines)
    store = BatchStore(ws)
    # another window, or smm-desk-cli, placing the list
    with Workspace(data_dir) as other, BatchStore(other).running(panel.id, lid):
        assert store.plan(panel.id, lines).holder is not None
        with pytest.raises(massorder.BatchBusy):
            massorder.run_batch(ws, store, panel.id, lines)
        assert sim.count("add") == 0
        # Its process "dies" (kill -9): the presence mark is unlocked, the row stays.
        row = store.sql.holder(panel.id, lid)
        assert row is not None
        (data_dir / "presence" / row.owner).unlink()
        assert store.plan(panel.id, lines).holder is None
        massorder.run_batch(ws, store, panel.id, lines)
        assert sim.count("add") == 2
    assert store.sql.holder(panel.id, lid) is None


def test_a_batch_file_of_an_older_version_is_never_sent_again(
    data_dir: Path, ws: Workspace, panel: Panel, sim: PanelSimulator
) -> None:
    lines = sim_lines(ws, panel, "18|https://a.com/o0|200\n18|https://a.com/o1|200\n"
                                 "18|https://a.com/o2|200")
    placed = ws.place_order(panel.id, 18, {"link": "https://a.com/o0", "quantity": "200"})
    folder = data_dir / massorder.BATCH_DIR
    folder.mkdir()
    folder.chmod(0o755)  # what versions before 13 made
    (folder / f"{massorder.list_id(panel.id, lines)}.json").write_text(json.dumps({
        "batch_id": massorder.list_id(panel.id, lines), "panel_id": panel.id,
        "created_at": "2025-01-01T10:00:00+00:00",
        "lines": {"0": {"status": "placed", "local_id": placed.id,
                        "remote_id": placed.remote_id},
                  "1": {"status": "sending"}}}), encoding="utf-8")
    plan = BatchStore(ws).plan(panel.id, lines)
    assert plan.results[0].status is LineStatus.PLACED
    assert plan.results[1].status is LineStatus.UNCERTAIN  # a crash mid-send, back then
    assert plan.send == [2]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    massorder.run_batch(ws, BatchStore(ws), panel.id, lines)
    assert sim.count("add") == 2  # the order above, then the third line only


# ------------------------------------------------------------------------------ the dialog

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
    show(qtbot, dialog)
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
    qtbot.waitUntil(lambda: dialog.preview_ready, timeout=TIMEOUT)
    assert not model.status_text(0).endswith("(earlier run)")  # this window's own run
    qtmodeltester.check(model, force_py=True)

    # The same file again, in a new dialog: nothing left to send.
    again = open_dialog(qtbot, ws, panel, runner)
    again.open_path(path)
    show(qtbot, again)
    assert again.place.text() == "Place 0 orders" and not again.place.isEnabled()
    assert "197 placed" in again.findChild(type(again.summary), "earlier_run").text()
    assert again.model.status_text(0).endswith("(earlier run)")
    assert again.place_now(confirm=False) is None
    # Even a direct run of the batch sends nothing.
    massorder.run_batch(ws, BatchStore(ws), panel.id, again.lines)
    assert sim.count("add") == 197


def test_uncertain_lines_are_not_resent_and_say_check_on_panel(
    qtbot, ws: Workspace, panel: Panel, runner: TaskRunner, sim: PanelSimulator
) -> None:
    text = "\n".join(f"18|https://instagram.com/p/u{i}|200" for i in range(3))
    sim.set_fault("drop_after_read", actions=["add"], times=1)
    dialog = show(qtbot, open_dialog(qtbot, ws, panel, runner), text)
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        dialog.place.click()
    assert sim.count("add") == 3
    assert dialog.model.status_text(0) == "Check on panel: may have been placed"
    assert dialog.counts[LineStatus.UNCERTAIN] == 1 and dialog.counts[LineStatus.PLACED] == 2
    show(qtbot, dialog, text)
    assert dialog.place_now(confirm=False) is None
    assert sim.count("add") == 3


def test_cancel_stops_between_lines_and_resume_sends_the_rest(
    qtbot, ws: Workspace, panel: Panel, runner: TaskRunner, sim: PanelSimulator
) -> None:
    text = "\n".join(f"18|https://instagram.com/p/c{i}|200" for i in range(20))
    dialog = show(qtbot, open_dialog(qtbot, ws, panel, runner), text)
    sim.latency = 0.02
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        dialog.place_now(confirm=False)
        qtbot.waitUntil(lambda: sim.count("add") >= 2, timeout=TIMEOUT)
        dialog.cancel_button.click()
    sent = sim.count("add")
    assert 2 <= sent < 20 and "Cancelled" in dialog.summary.text()
    sim.latency = 0
    show(qtbot, dialog, text)
    assert dialog.place.text() == f"Place {20 - sent} orders"
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        dialog.place_now(confirm=False)
    assert sim.count("add") == 20
    links = [r.params["link"] for r in sim.requests if r.action == "add"]
    assert len(set(links)) == 20


def finish_orders(ws: Workspace, panel: Panel, sim: PanelSimulator) -> None:
    sim.advance(365 * 24 * 3600)  # those orders finish: the links are free again
    ws.sync_panel(panel.id)


def test_the_same_list_again_as_a_new_batch_places_every_line_once_more(
    qtbot, ws: Workspace, panel: Panel, runner: TaskRunner, sim: PanelSimulator
) -> None:
    text = "\n".join(f"18|https://instagram.com/p/weekly{i}|200" for i in range(3)) + "\n"
    dialog = show(qtbot, open_dialog(qtbot, ws, panel, runner), text)
    assert not dialog.new_batch.isVisibleTo(dialog)  # nothing sent yet: nothing to repeat
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        dialog.place_now(confirm=False)
    assert sim.count("add") == 3
    finish_orders(ws, panel, sim)

    again = show(qtbot, open_dialog(qtbot, ws, panel, runner), text)
    assert again.place_now(confirm=False) is None  # a re-run sends nothing
    assert again.new_batch.isVisibleTo(again)
    again.confirm = lambda title, text: False
    assert not again.start_new_batch()  # the person said no: still nothing to send
    assert again.sendable() == []
    again.confirm = lambda title, text: True
    assert again.start_new_batch()
    show(qtbot, again)
    assert again.sendable() == [0, 1, 2] and again.place.text() == "Place 3 orders"
    with qtbot.waitSignal(again.batchFinished, timeout=TIMEOUT):
        again.place_now(confirm=False)
    assert sim.count("add") == 6
    finish_orders(ws, panel, sim)
    # That new batch is itself never re-sent; only another new batch places the list again.
    third = show(qtbot, open_dialog(qtbot, ws, panel, runner), text)
    assert third.sendable() == []
    assert third.start_new_batch(confirm=False)
    show(qtbot, third)
    assert third.new_batch_requested and third.sendable() == [0, 1, 2]


def test_an_edited_list_places_only_its_new_line(
    qtbot, ws: Workspace, panel: Panel, runner: TaskRunner, sim: PanelSimulator
) -> None:
    rows = [f"18|https://instagram.com/p/edit{i}|200" for i in range(3)]
    dialog = show(qtbot, open_dialog(qtbot, ws, panel, runner), "\n".join(rows))
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        dialog.place_now(confirm=False)
    finish_orders(ws, panel, sim)
    rows[1] = "18|https://instagram.com/p/edit1|300"
    show(qtbot, dialog, "\n".join(rows))
    assert dialog.place.text() == "Place 1 order" and dialog.sendable() == [1]
    assert dialog.model.status_text(0) == "Not sent: placed in the last 24 hours (batch 1, line 1)"
    assert "placed by another batch" in dialog.earlier.text()
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        dialog.place_now(confirm=False)
    assert sim.count("add") == 4


def test_the_button_counts_only_the_lines_that_will_be_placed(
    qtbot, ws: Workspace, panel: Panel, runner: TaskRunner, sim: PanelSimulator
) -> None:
    """Issue 24: "Place 3 orders" was offered for lines skipped every time (active orders on
    their links, a second line for one link)."""
    for i in range(2):
        ws.place_order(panel.id, 18, {"link": f"https://instagram.com/p/busy{i}",
                                      "quantity": "200"})
    text = ("18|https://instagram.com/p/busy0|200\n18|https://instagram.com/p/busy1|300\n"
            "18|https://instagram.com/p/free|200\n18|https://instagram.com/p/free|400\n")
    dialog = show(qtbot, open_dialog(qtbot, ws, panel, runner), text)
    assert dialog.place.text() == "Place 1 order" and dialog.sendable() == [2]
    assert dialog.model.status_text(0) == "Not sent: you have an active order on this link"
    assert dialog.model.status_text(3) == "Not sent: line 3 has the same service and link"
    assert "total $0.0" in dialog.total.text() and "1 to place" in dialog.total.text()
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        dialog.place_now(confirm=False)
    assert sim.count("add") == 3  # the two orders above, then the one line
    assert dialog.counts[LineStatus.SKIPPED] == 3
    finish_orders(ws, panel, sim)
    show(qtbot, dialog, text)  # skipped lines stay skipped: this list has nothing left
    assert dialog.place.text() == "Place 0 orders"


def test_after_a_refusal_it_stops_and_asks(
    qtbot, ws: Workspace, panel: Panel, runner: TaskRunner, sim: PanelSimulator
) -> None:
    text = "\n".join(f"18|https://instagram.com/p/ref{i}|200" for i in range(4))
    sim.place_direct(18, "https://instagram.com/p/ref1", 200)  # the panel refuses line 2
    dialog = show(qtbot, open_dialog(qtbot, ws, panel, runner), text)
    asked: list[str] = []
    dialog.go_on = lambda title, question: asked.append(question) or False
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        dialog.place_now(confirm=False)
    assert sim.count("add") == 2 and len(asked) == 1 and "line 2" in asked[0]
    assert dialog.model.status_text(1).startswith("Rejected")
    assert dialog.counts[LineStatus.PENDING] == 2  # stopped there
    show(qtbot, dialog)
    assert dialog.place.text() == "Place 3 orders"  # a resume would send line 2 again
    dialog.go_on = lambda title, question: asked.append(question) or True
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        dialog.place_now(confirm=False)
    # Line 2 refused again: asked, and going on sent the other two.
    qtbot.waitUntil(lambda: sim.count("add") == 5, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=TIMEOUT)
    assert len(asked) == 2


def test_a_list_placed_by_smm_desk_cli_now_is_not_placed_here(
    qtbot, ws: Workspace, panel: Panel, runner: TaskRunner, sim: PanelSimulator,
    data_dir: Path
) -> None:
    text = "\n".join(f"18|https://instagram.com/p/cli{i}|200" for i in range(2))
    dialog = show(qtbot, open_dialog(qtbot, ws, panel, runner), text)
    assert dialog.place.isEnabled()
    with Workspace(data_dir) as cli, BatchStore(cli).running(
            panel.id, massorder.list_id(panel.id, dialog.lines)):
        show(qtbot, dialog)
        assert not dialog.place.isEnabled()
        assert "being placed right now" in dialog.earlier.text()
        assert dialog.place_now(confirm=False) is None
    show(qtbot, dialog)
    assert dialog.place.isEnabled()
    assert sim.count("add") == 0


def test_the_confirmation_shows_panel_text_as_text_and_one_order_as_one(
    qtbot, ws: Workspace, sim: PanelSimulator, runner: TaskRunner
) -> None:
    p = ws.add_panel("<b>Big</b> panel", sim.url, sim.key)
    ws.refresh_services(p.id)
    dialog = show(qtbot, open_dialog(qtbot, ws, ws.panel(p.id), runner),
                  "18|https://instagram.com/p/one|200")
    dialog.confirm = dialog._ask_confirm  # the real question
    seen: list[tuple[Qt.TextFormat, str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append((box.textFormat(), box.text()))
        box.reject()

    QTimer.singleShot(0, answer)
    assert dialog.place_now() is None  # the person said no
    assert seen and seen[0][0] == Qt.TextFormat.PlainText
    assert "<b>Big</b> panel" in seen[0][1]
    assert seen[0][1].startswith("Place 1 order on ")
    assert dialog.place.text() == "Place 1 order"
    assert sim.count("add") == 0


def test_place_n_orders_in_turkish(
    qtbot, ws: Workspace, panel: Panel, runner: TaskRunner
) -> None:
    qm = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "smmdesk_tr.qm"
    translator = QTranslator()
    assert translator.load(str(qm)), "run `make i18n` first"
    QCoreApplication.installTranslator(translator)
    try:
        dialog = show(qtbot, open_dialog(qtbot, ws, panel, runner),
                      "18|https://instagram.com/p/tr0|200")
        assert dialog.place.text() == "1 sipariş ver"
        show(qtbot, dialog, "18|https://instagram.com/p/tr0|200\n"
                            "18|https://instagram.com/p/tr1|200")
        assert dialog.place.text() == "2 sipariş ver"
    finally:
        QCoreApplication.removeTranslator(translator)


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
    show(qtbot, dialog, "18\thttps://instagram.com/p/tabbed\t200\n")
    assert dialog.lines[0].ok
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        assert dialog.place_now(confirm=False) is not None
    assert "1 placed" in dialog.summary.text()
    dialog.text.setPlainText("18|https://instagram.com/p/other|300\n")
    assert dialog.summary.text() == ""


def test_smm_desk_cli_refuses_a_list_the_window_is_placing(
    qtbot, ws: Workspace, panel: Panel, runner: TaskRunner, sim: PanelSimulator,
    data_dir: Path, tmp_path: Path
) -> None:
    """Issue 22 item 5 with a real second process: the window places a list, the same list
    through ``smm-desk-cli`` at the same time refuses to start and sends nothing."""
    from tests.system.cli_support import CliProcess

    text = "".join(f"18|https://instagram.com/p/both{i}|200\n" for i in range(6))
    path = tmp_path / "list.txt"
    path.write_text(text, encoding="utf-8")
    dialog = show(qtbot, open_dialog(qtbot, ws, panel, runner), text)
    sim.latency = 1.0  # ~6 s for the window's run: the command starts meanwhile
    with qtbot.waitSignal(dialog.batchFinished, timeout=60_000):
        assert dialog.place_now(confirm=False) is not None
        qtbot.waitUntil(lambda: sim.count("add") >= 1, timeout=TIMEOUT)
        cli = CliProcess(data_dir, tmp_path / "keyring.json")
        r = cli("mass-order", "--panel", panel.id, str(path), "--yes")
        assert dialog.task is not None, "the window's run ended before the command started"
        assert r.code == 1 and "already being placed" in r.err, r.err
    assert sim.count("add") == 6
    assert len({q.params["link"] for q in sim.requests if q.action == "add"}) == 6


def test_a_mass_order_sold_to_a_customer_from_the_dialog(
    qtbot, ws: Workspace, panel: Panel, runner: TaskRunner, sim: PanelSimulator
) -> None:
    """Issue 26: the customer picker appears once a customer exists; every order of the list
    is sold to them, at the rules' sell price."""
    from decimal import Decimal

    bare = open_dialog(qtbot, ws, panel, runner)
    qtbot.waitUntil(lambda: not bare.runner.active_count, timeout=TIMEOUT)
    assert not bare.customer_box.isVisibleTo(bare)  # no customer: no picker
    ann = ws.add_customer("Ann")
    ws.set_price_rule(Decimal(20))
    dialog = open_dialog(qtbot, ws, panel, runner)
    qtbot.waitUntil(lambda: dialog.customer_box.count() == 2, timeout=TIMEOUT)
    assert dialog.customer_box.isVisibleTo(dialog)
    dialog.customer_box.setCurrentIndex(dialog.customer_box.findData(ann.id))
    show(qtbot, dialog, "\n".join(f"18|https://instagram.com/p/s{i}|200" for i in range(2)))
    with qtbot.waitSignal(dialog.batchFinished, timeout=TIMEOUT):
        dialog.place.click()
    sold = ws.orders(customer_id=ann.id)
    assert len(sold) == 2 and all(o.sell_price is not None and o.sell_price > 0 for o in sold)
