"""Issue 17 in the GUI: resolving with a taken or contradicting id, true subscription prices,
"not sent" apart from "rejected", the offline retry's promise, quitting while sending."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel

from smmdesk.demo.server import TYPE_SERVICE_IDS, PanelSimulator
from smmdesk.errors import PanelError
from smmdesk.models import OrderState, OrderStatus, OutcomeKind, Service, SubmitState
from smmdesk.workspace import Workspace
from ui.format import format_charge, format_exact
from ui.order_form.form import OrderForm
from ui.order_form.messages import rejection_message
from ui.orders.dialogs import ResolveDialog
from ui.orders.model import format_when
from ui.orders.view import OrdersView
from ui.tasks import TaskRunner


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=60, key="integ-key-0123456789abcdef", speed=0) as s:
        yield s


@pytest.fixture
def panel_id(ws: Workspace, sim: PanelSimulator) -> str:
    p = ws.add_panel("Sim panel", sim.url, sim.key)
    ws.refresh_services(p.id)
    ws.balance(p.id)
    return p.id


def service_of(ws: Workspace, pid: str, type_name: str) -> Service:
    return next(r.service for r in ws.services(pid) if r.service.type == type_name)


def uncertain_package(ws: Workspace, sim: PanelSimulator, pid: str):
    package = service_of(ws, pid, "Package")
    sim.set_fault("drop_after_read", actions=["add"], times=1)
    order = ws.place_order(pid, package.id, {"link": "https://instagram.com/pkg"})
    assert order.submit_state is SubmitState.UNCERTAIN
    return order


# ------------------------------------------------------------------ 1. resolve


def resolve_with(qtbot, ws: Workspace, runner: TaskRunner, order, remote_id: int,
                 said: str) -> ResolveDialog:
    """The Resolve dialog of ``order`` with ``remote_id`` typed and OK clicked, once it says
    ``said`` (the check with the panel is back)."""
    dialog = ResolveDialog(order, workspace=ws, runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.remote.setText(str(remote_id))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: said in dialog.problem.text(), timeout=5000)
    return dialog


def test_resolve_dialog_refuses_an_id_already_tracked_and_names_its_order(
        qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator, panel_id: str) -> None:
    default = service_of(ws, panel_id, "Default")
    placed = ws.place_order(panel_id, default.id,
                            {"link": "https://instagram.com/first", "quantity": str(default.min)})
    unsure = uncertain_package(ws, sim, panel_id)
    dialog = resolve_with(qtbot, ws, runner, unsure, placed.remote_id, "already recorded")
    assert "https://instagram.com/first" in dialog.problem.text()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.ok_button.click()  # asking again does not let it through
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=5000)
    assert dialog.isVisible()
    assert ws.order(unsure.id) == unsure


def test_resolve_dialog_shows_a_contradicting_panel_answer_before_anything_changes(
        qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator, panel_id: str) -> None:
    unsure = uncertain_package(ws, sim, panel_id)
    default = service_of(ws, panel_id, "Default")
    other = sim.place_direct(default.id, "https://instagram.com/else", default.min * 3)
    dialog = resolve_with(qtbot, ws, runner, unsure, other, "The panel charged")
    assert "remain to deliver" in dialog.problem.text()
    assert dialog.ok_button.text() == f"Use #{other} anyway"
    assert dialog.isVisible() and ws.order(unsure.id) == unsure
    dialog.ok_button.click()  # seen, and insisted on
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_id == other and dialog.accept_mismatch


def test_resolve_dialog_says_a_tracked_copy_will_be_folded_in_before_it_is(
        qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator, panel_id: str) -> None:
    unsure = uncertain_package(ws, sim, panel_id)
    remote = sim.order_ids()[-1]
    ws.track_orders(panel_id, [remote])  # found on the panel's site and imported first
    copy = next(o for o in ws.orders() if o.remote_id == remote)
    dialog = resolve_with(qtbot, ws, runner, unsure, remote, "folds")
    assert f"order {copy.id}" in dialog.problem.text()
    assert dialog.ok_button.text() == f"Use #{remote}"
    assert dialog.isVisible() and ws.order(copy.id) == copy  # nothing changed yet
    dialog.ok_button.click()  # read, and confirmed
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.result_id == remote


def test_history_resolve_with_a_taken_id_says_so_and_changes_nothing(
        qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator, panel_id: str) -> None:
    default = service_of(ws, panel_id, "Default")
    placed = ws.place_order(panel_id, default.id,
                            {"link": "https://instagram.com/first", "quantity": str(default.min)})
    unsure = uncertain_package(ws, sim, panel_id)
    view = OrdersView(ws, runner, autostart=False)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.model.loading and bool(view.panels), timeout=5000)
    view.show_order(unsure.id)
    qtbot.waitUntil(lambda: view._context is not None and view._context.order.id == unsure.id,
                    timeout=5000)
    with qtbot.waitSignal(view.actionFinished, timeout=10000) as blocker:
        view.resolve_selected(placed.remote_id)
    assert blocker.args[:3] == ["resolve", unsure.id, False]
    assert "already recorded" in view.message.text()
    assert ws.order(unsure.id).submit_state is SubmitState.UNCERTAIN


# ------------------------------------------------------------------ 2. subscriptions


class _Yes:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __call__(self, title: str, text: str) -> bool:
        self.calls.append((title, text))
        return True


def test_subscription_form_shows_the_total_for_the_posts_and_the_panel_charges_it(
        qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator, panel_id: str) -> None:
    sid = TYPE_SERVICE_IDS["Subscriptions"]
    form = OrderForm(ws, runner=runner)
    qtbot.addWidget(form)
    form.confirm = _Yes()
    form.confirm_duplicate = _Yes()
    with qtbot.waitSignal(form.serviceLoaded, timeout=10000):
        form.set_service(panel_id, sid)
    service = form.service
    assert service is not None
    high = min(service.max, service.min * 2)
    assert form.fill({"username": "someone", "min": str(service.min), "max": str(high),
                      "posts": "10", "delay": "0"}) == []
    total = service.rate * high * 10 / 1000
    # $1.557 per 1,000 × 100 (the max) × 10 posts: the total for every post, written out.
    assert (service.rate, high) == (Decimal("1.557"), 100)
    money = "$1.557"
    assert form.estimate.text() == "Estimated charge: up to $1.557 for 10 posts ($0.1557 per post)"
    assert ws.last_balance(panel_id)[0].amount == Decimal("1000")
    assert form.balance_after.text() == (
        "Balance after this order: $998.443 (balance $1,000.00, checked just now)")
    assert form.summary_text().splitlines()[-1] == (
        "Price: up to $1.557 for 10 posts ($0.1557 per post) (estimate; the panel charges its "
        "own amount)")
    before = sim.balance
    assert form.place.isEnabled(), form.problems()
    with qtbot.waitSignal(form.placementFinished, timeout=10000) as blocker:
        form.place.click()
    order = blocker.args[0]
    assert order.submit_state is SubmitState.PLACED
    assert money in form.confirm.calls[0][1]
    assert before - sim.balance == total == Decimal(order.charge_estimate)
    assert order.quantity == high * 10


# ------------------------------------------------------------------ 3. offline comes back


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_offline_panel_is_tried_again_by_itself_at_the_time_the_footer_shows(
        qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator, panel_id: str) -> None:
    default = service_of(ws, panel_id, "Default")
    ws.place_order(panel_id, default.id,
                   {"link": "https://instagram.com/x", "quantity": str(default.min)})
    view = OrdersView(ws, runner, autostart=False)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.model.loading and bool(view.panels), timeout=5000)
    clock = FakeClock()
    view.sync.clock = clock
    sync = view.sync

    sim.set_fault("drop", actions=["status"])
    with qtbot.waitSignal(view.sync_finished, timeout=15000):
        view.refresh_now()
    assert sync.online(panel_id) is False and view.is_offline(panel_id)
    assert sync.next_try_in(panel_id) == 30
    message = view.message.text()
    assert "Sim panel: next try in 30 s" in message and message.count("next try in") == 1
    assert "just now" not in view.summary.text()
    assert sync.active and 29_000 <= sync._timer.remainingTime() <= 30_000  # the promise

    # it fails again at that time: the back-off doubles, and the footer says so
    clock.t += 30
    with qtbot.waitSignal(view.sync_finished, timeout=15000):
        sync._timer.timeout.emit()  # the timer fires
    assert sync.failures(panel_id) == 2 and sync.next_try_in(panel_id) == 60
    assert "next try in 60 s" in view.message.text()
    assert 59_000 <= sync._timer.remainingTime() <= 60_000

    # the panel is back: the next tick, at the time shown, brings it online by itself
    sim.clear_faults()
    asked = sim.count("status")
    clock.t += 59
    assert sync.next_try_in(panel_id) == 1
    clock.t += 1
    with qtbot.waitSignal(sync.panelOnlineChanged, timeout=15000) as changed:
        sync._timer.timeout.emit()
    assert changed.args == [panel_id, True]
    assert sim.count("status") > asked
    qtbot.waitUntil(lambda: not view.is_offline(panel_id), timeout=5000)
    assert not view.banner.isVisibleTo(view)
    assert sync.next_try_in(panel_id) == sync.interval_s

    # a shorter interval applies at once: the panel, already past it, is synced by itself
    clock.t += 120
    asked = sim.count("status")
    sync.set_interval(60)
    assert sync.next_try_in(panel_id) == 0 and sync._timer.remainingTime() <= 1000
    with qtbot.waitSignal(view.sync_finished, timeout=5000):
        pass  # the real timer, within a second
    assert sim.count("status") > asked


# ------------------------------------------------------------------ 6. refused choices


def test_a_choice_the_panel_refused_is_not_offered_again_on_that_panel(
        qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator, panel_id: str) -> None:
    sid = TYPE_SERVICE_IDS["Subscriptions"]
    form = OrderForm(ws, runner=runner)
    qtbot.addWidget(form)
    form.confirm = _Yes()
    with qtbot.waitSignal(form.serviceLoaded, timeout=10000):
        form.set_service(panel_id, sid)
    service = form.service
    assert service is not None
    sim.dialect = "seed"  # offers delays up to 90 minutes only
    assert form.fill({"username": "someone", "min": str(service.min),
                      "max": str(service.min), "delay": "120"}) == []
    combo = form.findChild(QComboBox, "delay")
    i = combo.findData("120")
    assert combo.model().item(i).isEnabled()
    with qtbot.waitSignal(form.placementFinished, timeout=10000) as blocker:
        form.place.click()
    assert blocker.args[0].submit_state is SubmitState.REJECTED
    assert "Incorrect delay" in blocker.args[0].error
    assert not combo.model().item(i).isEnabled()  # at once
    assert "refused" in combo.itemData(i, Qt.ItemDataRole.ToolTipRole)
    assert combo.currentIndex() != i
    assert "choice:delay=120" in ws.panel(panel_id).unsupported  # remembered for the panel
    with qtbot.waitSignal(form.serviceLoaded, timeout=10000):
        form.set_service(panel_id, sid)  # and still not offered when the form is built again
    combo = form.findChild(QComboBox, "delay")
    assert not combo.model().item(combo.findData("120")).isEnabled()
    assert combo.model().item(combo.findData("90")).isEnabled()


# ------------------------------------------------------------------ 7. money and text


def test_money_on_screen_the_panels_digits_or_enough_for_a_non_zero_amount(qapp) -> None:
    # One rule (issue 24): the minor unit, or the amount's own digits up to two more; below
    # one minor unit, two significant digits.
    en = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    assert format_charge(Decimal("996.57521855"), "TRY", en) == "₺996.5752"
    assert format_charge(Decimal("0.01978145"), "TRY", en) == "₺0.0198"
    assert format_charge(Decimal("0.00042"), "USD", en) == "$0.00042"
    assert format_charge(Decimal("0.000123456"), "USD", en) == "$0.00012"
    assert format_charge(Decimal("0"), "USD", en) == "$0.00"
    assert format_charge(Decimal("1234.6"), "JPY", en) == "¥1,234.6"
    assert format_charge(Decimal("1234"), "JPY", en) == "¥1,234"
    assert format_exact(Decimal("996.57521855"), "TRY", en) == "₺996.57521855"


def test_estimate_names_its_unit_and_inputs_keep_their_height_with_an_error(
        qtbot, ws: Workspace, runner: TaskRunner, panel_id: str) -> None:
    form = OrderForm(ws, runner=runner)
    qtbot.addWidget(form)
    form.resize(760, 900)
    form.show()
    with qtbot.waitSignal(form.serviceLoaded, timeout=10000):
        form.set_service(panel_id, TYPE_SERVICE_IDS["Custom Comments"])
    assert form.fill({"link": "https://instagram.com/p/x", "comments": "one\ntwo\nthree"}) == []
    assert form.estimate.text().endswith("(3 lines)"), form.estimate.text()
    with qtbot.waitSignal(form.serviceLoaded, timeout=10000):
        form.set_service(panel_id, 1)
    link = form.field_widget("link")
    height = link.height()
    assert form.fill({"link": "not a link, with spaces", "quantity": "100"}) == []
    assert form.estimate.text().endswith("(quantity 100)"), form.estimate.text()
    form._touched.update(form._fields)
    form._update()
    error = form.findChild(QLabel, "link_error")
    qtbot.waitUntil(lambda: error.isVisible(), timeout=10_000)
    # The layout settles on its own events: wait for the field's height, not for a time.
    qtbot.waitUntil(lambda: link.height() >= max(height, link.sizeHint().height()),
                    timeout=10_000)


def test_not_sent_says_nothing_was_sent_once() -> None:
    text = rejection_message(OutcomeKind.NO_CONNECTION,
                             "Could not connect to 127.0.0.1 (connection refused). Nothing was "
                             "sent.")
    assert text.lower().count("nothing was") == 1, text
    assert "connection refused" in text and "try again" in text


def test_details_show_list_fields_as_lines_and_plural_counts(
        qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator, panel_id: str) -> None:
    sid = TYPE_SERVICE_IDS["Custom Comments"]
    service = ws.service(panel_id, sid)
    comments = [f"nice comment {i}" for i in range(max(3, service.min))]
    order = ws.place_order(panel_id, sid, {"link": "https://instagram.com/p/c",
                                           "comments": "\n".join(comments)})
    view = OrdersView(ws, runner, autostart=False)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.model.loading and bool(view.panels), timeout=5000)
    view.show_order(order.id)
    qtbot.waitUntil(lambda: view._context is not None and view._context.order.id == order.id,
                    timeout=5000)
    lines = view.details.toPlainText().replace("\u2028", "\n").splitlines()
    assert any(line.strip().endswith("nice comment 0") for line in lines)
    assert any(line.strip() == "nice comment 1" for line in lines)
    sim.advance(30 * 24 * 3600)
    with qtbot.waitSignal(view.sync_finished, timeout=15000):
        view.refresh_now()
    assert view.message.text() == "1 order changed."


def test_an_offline_panel_is_not_checked_just_now(
        qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator, panel_id: str) -> None:
    view = OrdersView(ws, runner, autostart=False)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.model.loading and bool(view.panels), timeout=5000)
    sim.stop()
    with pytest.raises(PanelError):
        ws.balance(panel_id)  # the app learns the panel is offline (no orders to sync)
    assert ws.is_online(panel_id) is False
    with qtbot.waitSignal(view.sync_finished, timeout=15000):
        view.refresh_now()
    assert "just now" not in view.summary.text()


# ------------------------------------------------------------------ 9. language


def test_dates_follow_the_language_not_iso(qapp) -> None:
    when = datetime(2026, 11, 28, 19, 15, tzinfo=UTC)
    text = format_when(when, QLocale(QLocale.Language.Turkish, QLocale.Country.Turkey))
    assert re.fullmatch(r"\d{1,2}\.11\.2026 \d{2}:15", text), text
    assert "2026-11-28" not in text


def test_details_show_normalised_status_and_type_with_the_panel_word_in_the_tooltip(
        qtbot, ws: Workspace, runner: TaskRunner, panel_id: str) -> None:
    seo = Service(77, "Keyword traffic", "seo", "Google", Decimal("1"), 10, 1000)
    oid = ws.store.orders.insert_tracked(
        panel_id, 4242, OrderStatus(4242, OrderState.PARTIAL, "partial", Decimal("0.5"), 10, 31),
        service=seo)
    view = OrdersView(ws, runner, autostart=False)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.model.loading and bool(view.panels), timeout=5000)
    view.show_order(oid)
    qtbot.waitUntil(lambda: view._context is not None and view._context.order.id == oid,
                    timeout=5000)
    text = view.details.toPlainText()
    assert "SEO" in text and "Partial" in text
    assert "seo" not in text and "partial ·" not in text  # the panel's words: in tooltips
    html_text = view.details.toHtml()
    assert 'title="seo"' in html_text.replace("'", '"')
    assert 'title="partial"' in html_text.replace("'", '"')


def test_an_offline_panel_without_active_orders_comes_back_by_itself(
        qtbot, ws: Workspace, runner: TaskRunner, sim: PanelSimulator, panel_id: str) -> None:
    view = OrdersView(ws, runner, autostart=False)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.model.loading and bool(view.panels), timeout=5000)
    clock = FakeClock()
    view.sync.clock = clock
    sim.set_fault("drop", actions=["balance"])
    with pytest.raises(PanelError):
        ws.balance(panel_id)  # e.g. the window's balance refresh found it offline
    view.set_offline(panel_id, datetime.now(UTC))
    assert view.sync.next_try_in(panel_id) == 30
    sim.clear_faults()
    clock.t += 30
    with qtbot.waitSignal(view.sync.panelOnlineChanged, timeout=15000) as changed:
        view.sync._timer.timeout.emit()  # the retry, at the time shown
    assert changed.args == [panel_id, True]
    qtbot.waitUntil(lambda: not view.is_offline(panel_id), timeout=5000)
    assert ws.is_online(panel_id) is True
