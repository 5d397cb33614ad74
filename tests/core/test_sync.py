"""Status sync: batching, what is polled, not-found orders, back-off, stopping."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smmdesk import sync
from smmdesk.models import OrderState, Panel, Service, SubmitState
from smmdesk.workspace import Workspace


@pytest.fixture
def ws(engine_ws: Workspace) -> Workspace:
    """This file's workspace: of each engine (tests/engines.py)."""
    return engine_ws


@pytest.fixture
def panel(ws: Workspace, simulator) -> Panel:
    p = ws.add_panel("Sim", simulator.url, simulator.key)
    ws.refresh_services(p.id)
    return p


def service(ws: Workspace, panel: Panel) -> Service:
    return next(r.service for r in ws.services(panel.id) if r.service.type == "Default")


def seed_active(ws: Workspace, panel: Panel, simulator, n: int) -> list[int]:
    """n orders "placed" on the panel and known to the store as PLACED/pending."""
    s = service(ws, panel)
    ids = [simulator.place_direct(s.id, f"https://example.com/p/{i}", s.min) for i in range(n)]
    ws.store.orders.bulk_insert_placed(panel.id, s, ((rid, f"https://example.com/p/{i}", s.min)
                                                     for i, rid in enumerate(ids)))
    return ids


def test_ten_thousand_active_orders_sync_in_one_hundred_requests(
    ws: Workspace, panel: Panel, simulator
) -> None:
    seed_active(ws, panel, simulator, 10_000)
    simulator.clear_log()
    simulator.advance(365 * 24 * 3600)  # everything reaches a final state
    report = ws.sync_panel(panel.id).report
    assert report.requests == 100 and simulator.count("status") == 100
    assert all(len(r.params["orders"].split(",")) == 100 for r in simulator.requests)
    assert report.checked == 10_000 and report.updated == 10_000 and report.errors == []
    assert sorted(report.changed_ids) == list(range(1, 10_001))  # said by the store, by id
    assert ws.order_counts()["active"] == 0
    assert ws.last_sync_at(panel.id) is not None
    again = ws.sync_panel(panel.id).report  # nothing left that can change
    assert again.requests == 0 and simulator.count("status") == 100


def test_only_placed_non_final_orders_are_polled(ws: Workspace, panel: Panel, simulator) -> None:
    s = service(ws, panel)
    placed = ws.place_order(panel.id, s.id, {"link": "https://x.com/1", "quantity": str(s.min)})
    simulator.balance = Decimal(0)
    ws.place_order(panel.id, s.id, {"link": "https://x.com/2", "quantity": str(s.min)})
    simulator.set_fault("drop_after_read", actions=["add"], times=1)
    simulator.balance = Decimal(1000)
    ws.place_order(panel.id, s.id, {"link": "https://x.com/3", "quantity": str(s.min)})
    simulator.clear_log()
    report = ws.sync_panel(panel.id).report
    assert report.requests == 1 and report.checked == 1
    assert simulator.requests[0].params["orders"] == str(placed.remote_id)


def test_state_changes_are_recorded_in_history(ws: Workspace, panel: Panel, simulator) -> None:
    s = service(ws, panel)
    o = ws.place_order(panel.id, s.id, {"link": "https://x.com/h", "quantity": str(s.min)})
    ws.sync_panel(panel.id)
    simulator.advance(365 * 24 * 3600)
    ws.sync_panel(panel.id)
    ws.sync_panel(panel.id)
    events = [e for e in ws.order_events(o.id) if e.kind == "state"]
    assert events[-1].state is ws.order(o.id).state and ws.order(o.id).state.is_final
    assert len(events) <= 2  # unchanged answers add no history


def test_unknown_order_id_is_marked_not_found_and_not_polled_again(
    ws: Workspace, panel: Panel, simulator
) -> None:
    ids = seed_active(ws, panel, simulator, 3)
    ws.store.orders.bulk_insert_placed(panel.id, service(ws, panel),
                                       [(88_888_888, "https://gone", 1)])
    result = ws.sync_panel(panel.id)
    report = result.report
    assert report.not_found == 1 and report.checked == 4
    lost = ws.orders(search="88888888")[0]
    assert lost.not_found and lost.remote_id == 88_888_888
    assert lost.id in report.changed_ids and lost in result.changed  # a row that changed
    assert ws.order_counts()["attention"] == 1
    simulator.clear_log()
    ws.sync_panel(panel.id)
    asked = {int(x) for r in simulator.requests for x in r.params["orders"].split(",")}
    assert asked == set(ids)


def test_failing_panel_is_backed_off_unless_forced(
    ws: Workspace, panel: Panel, simulator
) -> None:
    seed_active(ws, panel, simulator, 5)
    ws.client(panel.id).retries = 0
    simulator.set_fault("html_503", actions=["status"])
    failed = ws.sync_panel(panel.id).report
    assert failed.requests == 1 and failed.errors and ws.is_online(panel.id) is False
    skipped = ws.sync_panel(panel.id).report
    assert skipped.requests == 0 and "skipped" in skipped.errors[0]
    assert simulator.count("status") == 1
    simulator.clear_faults()
    forced = ws.sync_panel(panel.id, force=True).report
    assert forced.requests == 1 and forced.errors == [] and forced.updated == 5
    assert ws.backoff.remaining(panel.id) == 0
    assert ws.order(1).state is not OrderState.UNKNOWN


def test_backoff_grows_exponentially_and_resets() -> None:
    now = [0.0]
    b = sync.PanelBackoff(base=10, cap=50, clock=lambda: now[0])
    assert b.remaining("p") == 0
    assert [b.failed("p") for _ in range(4)] == [10, 20, 40, 50]
    assert b.remaining("p") == 50
    now[0] = 49.0
    assert b.remaining("p") == 1
    b.succeeded("p")
    assert b.remaining("p") == 0 and b.failures("p") == 0


def test_should_stop_is_checked_between_batches(ws: Workspace, panel: Panel, simulator) -> None:
    seed_active(ws, panel, simulator, 350)
    calls = [0]

    def stop_after_two() -> bool:
        calls[0] += 1
        return calls[0] > 2  # one check per batch

    report = ws.sync_panel(panel.id, should_stop=stop_after_two).report
    assert report.requests == 2 and report.checked == 200
    assert any("stopped" in e for e in report.errors)


def test_submitting_uncertain_and_rejected_are_never_polled(ws: Workspace, panel: Panel) -> None:
    s = service(ws, panel)
    oid = ws.store.orders.insert_submitting(panel_id=panel.id, service=s, fields={}, link="l",
                                            quantity=1, charge_estimate=None, currency=None)
    assert ws.store.orders.active_orders(panel.id) == []
    ws.store.orders.set_submit_result(oid, SubmitState.UNCERTAIN, error="x")
    assert ws.sync_panel(panel.id).report.requests == 0


def test_id_helpers() -> None:
    assert sync.id_range(5, 3) == [3, 4, 5]
    assert sync.parse_id_list("12, 15 #20-22\n12") == [12, 15, 20, 21, 22]
    with pytest.raises(ValueError):
        sync.id_range(1, 1_000_000)
    with pytest.raises(ValueError):
        sync.parse_id_list("abc")
    assert [len(c) for c in sync.chunks(list(range(250)))] == [100, 100, 50]


@pytest.mark.parametrize("typed", ["-5", "12a", "5-", "1-x", "--"])
def test_a_bad_id_is_quoted_as_typed(typed: str) -> None:
    with pytest.raises(sync.NotAnOrderId) as info:
        sync.parse_id_list(f"100 {typed}")
    assert info.value.typed == typed and f"“{typed}”" in str(info.value)


# ------------------------------------------------------------------ the one sync entry


def test_sync_panel_is_the_whole_job_and_feeds_the_one_backoff(
    ws: Workspace, panel: Panel, simulator
) -> None:
    """``Workspace.sync_panel``: statuses, then what changed and finished; a failure backs the
    panel off (the timer skips it, F5 forces it) and says offline; success clears both."""
    seed_active(ws, panel, simulator, 3)
    first = ws.sync_panel(panel.id)
    assert first.online is True and not first.failed and first.finished == []
    assert first.report.requests == 1 and ws.sync_due(panel.id)
    simulator.advance(365 * 24 * 3600)
    second = ws.sync_panel(panel.id)
    assert len(second.changed) == 3 and len(second.finished) == 3
    assert {o.id for o in second.changed} == set(second.report.changed_ids)
    assert {o.id for o in second.finished} == set(second.report.finished_ids)
    assert ws.sync_panel(panel.id).changed == []

    seed_active(ws, panel, simulator, 2)
    ws.client(panel.id).retries = 0
    simulator.set_fault("html_503", actions=["status"])
    down = ws.sync_panel(panel.id)
    assert down.failed and down.online is False and ws.is_online(panel.id) is False
    assert ws.sync_failures(panel.id) == 1 and not ws.sync_due(panel.id)
    simulator.clear_log()
    skipped = ws.sync_panel(panel.id)  # the timer's call while backed off: nothing is asked
    assert skipped.skipped and simulator.count("status") == 0
    assert "skipped" in skipped.report.errors[0]
    simulator.clear_faults()
    back = ws.sync_panel(panel.id, force=True)  # F5
    assert not back.failed and back.online is True
    assert ws.sync_failures(panel.id) == 0 and ws.sync_due(panel.id)


def test_backoff_policy_numbers_and_outside_observations(ws: Workspace, panel: Panel) -> None:
    ws.set_sync_backoff(base=600, cap=3600)
    assert [ws.backoff.delay(n) for n in range(5)] == [0, 600, 1200, 2400, 3600]
    ws.note_offline(panel.id)  # seen failing outside a sync (e.g. its balance)
    assert ws.sync_failures(panel.id) == 1 and not ws.sync_due(panel.id)
    ws.note_offline(panel.id)  # said twice is still one failure's wait
    assert ws.sync_failures(panel.id) == 1 and 590 < ws.backoff.remaining(panel.id) <= 600
    ws.note_offline(panel.id, False)
    assert ws.sync_failures(panel.id) == 0 and ws.sync_due(panel.id)


def test_a_sync_that_raises_counts_as_a_failure(
    ws: Workspace, panel: Panel, simulator, monkeypatch
) -> None:
    seed_active(ws, panel, simulator, 1)

    def broken(*_a, **_k):
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(ws.store.orders, "apply_statuses", broken)
    with pytest.raises(RuntimeError):
        ws.sync_panel(panel.id)
    assert ws.sync_failures(panel.id) == 1


def test_retry_time_follows_the_policy_clock(ws: Workspace, panel: Panel) -> None:
    now = [500.0]
    ws.sync_clock = lambda: now[0]
    ws.set_sync_backoff(base=30, cap=3600)
    assert ws.sync_retry_at(panel.id) is None
    ws.backoff.failed(panel.id)
    assert ws.sync_retry_at(panel.id) == 530.0 and ws.backoff.remaining(panel.id) == 30
    now[0] = 530.0
    assert ws.sync_due(panel.id)


def test_apply_statuses_says_which_orders_it_changed(ws: Workspace, panel: Panel,
                                                     simulator) -> None:
    """The store knows every id it updates: changed, marked not found, and finished (reached
    Completed/Partial/Canceled from a state that was not one of them) — by local id."""
    from smmdesk.models import OrderStatus

    seed_active(ws, panel, simulator, 3)
    a, b, c = (o.id for o in sorted(ws.orders(), key=lambda o: o.id))
    remote = {o.id: o.remote_id for o in ws.orders()}
    ws.store.orders.apply_statuses(panel.id, {remote[b]: OrderStatus(remote[b], OrderState.PENDING,
                                                                     "Pending")})
    changes = ws.store.orders.apply_statuses(panel.id, {
        remote[a]: OrderStatus(remote[a], OrderState.COMPLETED, "Completed"),
        remote[b]: OrderStatus(remote[b], OrderState.PENDING, "Pending"),  # as it was
        remote[c]: ValueError("Incorrect order ID")}, not_found=[remote[c]])
    assert changes.updated == (a,) and changes.not_found == (c,) and changes.finished == (a,)
    assert changes.changed == (a, c)
    again = ws.store.orders.apply_statuses(panel.id, {
        remote[a]: OrderStatus(remote[a], OrderState.COMPLETED, "Completed", remains=0)})
    assert again.updated == (a,) and again.finished == ()  # already completed: not again


def test_sync_policy_says_what_is_due_on_its_clock() -> None:
    """The timer's one question: a panel is due one interval after its last good sync (at once
    when it never synced), or when its back-off ends — on an injected clock."""
    now = [1000.0]
    backoff = sync.PanelBackoff(base=30, cap=3600, clock=lambda: now[0])
    policy = sync.SyncPolicy(backoff, interval=300)
    assert policy.due(["a", "b"]) == ["a", "b"] and policy.next_due_in() == 300
    policy.synced("a")
    backoff.failed("b")
    assert policy.due(["a", "b"]) == []
    assert policy.due_in("a") == 300 and policy.due_in("b") == 30
    assert policy.next_due_in() == 30  # the timer wakes for the retry
    now[0] += 30
    assert policy.due(["a", "b"]) == ["b"]
    backoff.failed("b")  # failed again: 60 s now
    assert policy.due(["a", "b"]) == [] and policy.next_due_in() == 60
    now[0] += 60
    assert policy.due(["a", "b"]) == ["b"] and policy.next_due_in() == 0
    backoff.succeeded("b")  # what a good sync of b records
    policy.synced("b")
    assert policy.due(["a", "b"]) == [] and policy.next_due_in() == 210
    now[0] += 210
    assert policy.due(["a"]) == ["a"]
    policy.forget("b")
    assert policy.due(["b"]) == ["b"]
