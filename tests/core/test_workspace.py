"""The Workspace against the simulator over real HTTP and a real SQLite file."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from smmdesk import store as store_mod
from smmdesk.demo.server import PanelSimulator
from smmdesk.errors import ApiError, ErrorKind
from smmdesk.logs import setup_logging, teardown_logging
from smmdesk.models import OrderState, OutcomeKind, Panel, SubmitState
from smmdesk.outcomes import describe_order
from smmdesk.servicetypes import ValidationError
from smmdesk.workspace import TrackResult, Workspace


def reopen(ws: Workspace) -> Workspace:
    """The same workspace opened again (same data folder, same store)."""
    return Workspace(ws.data_dir, store=ws.store_address)


@pytest.fixture
def ws(engine_ws: Workspace) -> Workspace:
    """Each test of this module on both engines (tests/engines.py)."""
    return engine_ws


@pytest.fixture
def panel(ws: Workspace, simulator) -> Panel:
    p = ws.add_panel("Sim", simulator.url, simulator.key)
    ws.refresh_services(p.id)
    ws.balance(p.id)
    return ws.panel(p.id)


def default_service(ws: Workspace, panel: Panel, *, refill: bool | None = None):
    for row in ws.services(panel.id):
        s = row.service
        if s.type == "Default" and (refill is None or s.refill == refill):
            return s
    raise AssertionError("no Default service")


def order_fields(service, link: str = "https://instagram.com/someone") -> dict[str, str]:
    return {"link": link, "quantity": str(service.min)}


def place(ws: Workspace, panel: Panel, link: str = "https://instagram.com/someone", **kw):
    s = default_service(ws, panel, **kw)
    return ws.place_order(panel.id, s.id, order_fields(s, link))


# ----------------------------------------------------------------------------- panels


def test_add_panel_keeps_key_in_keyring_only(ws: Workspace, panel: Panel, memory_keyring,
                                             simulator, data_dir: Path) -> None:
    assert memory_keyring.store == {("SMM Desk", panel.id): simulator.key}
    assert ws.panels() == [panel] and panel.currency == "USD"
    assert simulator.key not in repr(panel) + repr(ws) + repr(ws.client(panel.id))
    assert ws.last_balance(panel.id)[0].amount == Decimal("1000")
    assert ws.services_refreshed_at(panel.id) is not None
    assert ws.is_online(panel.id) is True


def test_update_and_remove_panel(ws: Workspace, panel: Panel, memory_keyring) -> None:
    updated = ws.update_panel(panel.id, name="Renamed", key="another-key-abcdef")
    assert updated.name == "Renamed"
    assert memory_keyring.store[("SMM Desk", panel.id)] == "another-key-abcdef"
    with pytest.raises(ApiError) as exc:  # the client was rebuilt with the new key
        ws.balance(panel.id)
    assert exc.value.kind is ErrorKind.AUTH
    order_count = ws.order_count()
    ws.remove_panel(panel.id)
    assert memory_keyring.store == {}
    assert ws.panels() == []
    assert ws.order_count() == order_count
    assert ws.panel(panel.id, include_removed=True).name == "Renamed"
    with pytest.raises(KeyError):
        ws.panel(panel.id)


def test_test_connection_stores_nothing(ws: Workspace, simulator) -> None:
    assert ws.test_connection(simulator.url, simulator.key).amount == Decimal("1000")
    with pytest.raises(ApiError):
        ws.test_connection(simulator.url, "wrong-key-123456")
    assert ws.panels() == []


def test_demo_flag_is_stored(ws: Workspace, simulator, data_dir: Path) -> None:
    p = ws.add_panel("Demo", simulator.url, "demo", is_demo=True)
    ws.close()
    with reopen(ws) as again:
        assert again.panel(p.id).is_demo is True


# ----------------------------------------------------------------------------- placement


def test_place_order_success(ws: Workspace, panel: Panel, simulator) -> None:
    s = default_service(ws, panel)
    o = ws.place_order(panel.id, s.id, order_fields(s))
    assert o.submit_state is SubmitState.PLACED and o.remote_id in simulator.order_ids()
    assert o.error is None and o.state is OrderState.PENDING
    assert o.charge_estimate == s.rate * s.min / 1000 and o.currency == "USD"
    assert o.fields == {"service": str(s.id), "link": "https://instagram.com/someone",
                        "quantity": str(s.min)}
    assert o.quantity == s.min and o.link == "https://instagram.com/someone"
    assert [e.submit_state for e in ws.order_events(o.id)] == [SubmitState.SUBMITTING,
                                                                 SubmitState.PLACED]
    assert simulator.count("add") == 1


def test_invalid_input_raises_before_anything_is_stored_or_sent(
    ws: Workspace, panel: Panel, simulator
) -> None:
    s = default_service(ws, panel)
    with pytest.raises(ValidationError) as exc:
        ws.place_order(panel.id, s.id, {"link": "", "quantity": str(s.max + 1)})
    assert exc.value.problems
    with pytest.raises(ValidationError):
        ws.place_order(panel.id, 999_999, {"link": "x", "quantity": "10"})
    with pytest.raises(ValidationError):
        ws.place_order("no-such-panel", s.id, order_fields(s))
    assert ws.order_count() == 0 and simulator.count("add") == 0


def test_panel_refusal_is_rejected_with_the_panels_text(
    ws: Workspace, panel: Panel, simulator
) -> None:
    simulator.balance = Decimal("0")
    o = place(ws, panel)
    assert o.submit_state is SubmitState.REJECTED and o.remote_id is None
    assert o.outcome is OutcomeKind.FUNDS and "fund" in o.error.lower()  # the panel's words
    assert simulator.count("add") == 1


def test_drop_after_read_is_uncertain_sent_once_and_survives_reopen(
    ws: Workspace, panel: Panel, simulator, data_dir: Path
) -> None:
    simulator.set_fault("drop_after_read", actions=["add"])
    before = set(simulator.order_ids())
    o = place(ws, panel)
    assert simulator.count("add") == 1
    assert len(set(simulator.order_ids()) - before) == 1  # it WAS placed on the panel
    assert o.submit_state is SubmitState.UNCERTAIN and o.remote_id is None
    assert o.outcome is OutcomeKind.NO_ANSWER and "may have" in describe_order(o)
    ws.close()
    with reopen(ws) as again:
        kept = again.order(o.id)  # the kind survives the restart
        assert kept.submit_state is SubmitState.UNCERTAIN and kept.error == o.error
        assert kept.outcome is OutcomeKind.NO_ANSWER
        assert again.order_counts()["attention"] == 1
        again.sync_panel(panel.id)
    assert simulator.count("add") == 1  # never resent


@pytest.mark.parametrize("fault", ["html_502", "broken_json", "empty"])
def test_garbage_answer_to_add_is_uncertain(
    ws: Workspace, panel: Panel, simulator, fault: str
) -> None:
    simulator.set_fault(fault, actions=["add"])
    o = place(ws, panel)
    assert o.submit_state is SubmitState.UNCERTAIN
    assert simulator.count("add") == 1


def test_timeout_after_send_is_uncertain(ws: Workspace, panel: Panel, simulator) -> None:
    # The panel holds the add until the test lets it go (after the client gave up), never a
    # hang of fixed length racing the client's timeout on a loaded machine.
    release = threading.Event()
    simulator.set_fault("hang", actions=["add"], until=release, seconds=3600)
    ws.client(panel.id).timeout = 0.5
    try:
        o = place(ws, panel)
    finally:
        release.set()
    assert o.submit_state is SubmitState.UNCERTAIN
    assert simulator.count("add") == 1


def test_rate_limited_add_is_not_placed_and_not_retried(
    ws: Workspace, panel: Panel, simulator
) -> None:
    simulator.set_fault("rate_limit", actions=["add"], retry_after=1)
    o = place(ws, panel)
    assert o.submit_state is SubmitState.REJECTED and o.not_sent
    assert o.outcome is OutcomeKind.RATE_LIMITED and "Not sent" in describe_order(o)
    assert simulator.count("add") == 1


def test_connection_refused_is_rejected_not_sent(data_dir: Path,
                                                 engine_address: str | None) -> None:
    with PanelSimulator(services=50, key="refused-key-0123456789") as sim:
        w = Workspace(data_dir, store=engine_address)
        try:
            p = w.add_panel("Gone", sim.url, sim.key)
            w.refresh_services(p.id)
            sim.stop()
            s = next(r.service for r in w.services(p.id) if r.service.type == "Default")
            o = w.place_order(p.id, s.id, order_fields(s))
            assert o.submit_state is SubmitState.REJECTED
            assert o.outcome is OutcomeKind.NO_CONNECTION and o.not_sent
            assert describe_order(o).startswith("Not sent") and "Could not connect" in o.error
            assert w.is_online(p.id) is False
        finally:
            w.close()


def test_missing_key_records_order_as_not_sent(
    ws: Workspace, panel: Panel, memory_keyring, simulator
) -> None:
    s = default_service(ws, panel)
    memory_keyring.store.clear()
    ws._drop_client(panel.id)
    o = ws.place_order(panel.id, s.id, order_fields(s))
    assert o.submit_state is SubmitState.REJECTED and "No API key" in o.error
    assert o.outcome is OutcomeKind.NO_KEY and o.not_sent
    assert simulator.count("add") == 0


def test_submitting_row_found_at_start_becomes_uncertain(
    ws: Workspace, panel: Panel, data_dir: Path
) -> None:
    s = default_service(ws, panel)
    oid = ws.store.orders.insert_submitting(panel_id=panel.id, service=s, fields={}, link="l",
                                            quantity=1, charge_estimate=Decimal(1), currency="USD")
    ws.close()
    with reopen(ws) as again:
        o = again.order(oid)
        assert o.submit_state is SubmitState.UNCERTAIN and o.outcome is OutcomeKind.APP_STOPPED
        assert "may have been placed" in describe_order(o)
        assert again.order_events(oid)[-1].submit_state is SubmitState.UNCERTAIN


def test_duplicates_are_found_and_flagged(ws: Workspace, panel: Panel) -> None:
    s = default_service(ws, panel)
    assert ws.find_duplicate(panel.id, s.id, "https://instagram.com/dup") is None
    first = ws.place_order(panel.id, s.id, order_fields(s, "https://instagram.com/dup"))
    assert not first.likely_duplicate
    found = ws.find_duplicate(panel.id, s.id, "https://instagram.com/dup")
    assert found is not None and found.id == first.id
    assert ws.find_duplicate(panel.id, s.id, "https://instagram.com/other") is None
    second = ws.place_order(panel.id, s.id, order_fields(s, "https://instagram.com/dup"))
    assert second.likely_duplicate


def test_resolve_uncertain_both_ways(ws: Workspace, panel: Panel, simulator) -> None:
    simulator.set_fault("drop_after_read", actions=["add"], times=2)
    a = place(ws, panel, "https://instagram.com/a")
    b = place(ws, panel, "https://instagram.com/b")
    assert a.submit_state is b.submit_state is SubmitState.UNCERTAIN
    remote = max(simulator.order_ids())
    placed = ws.resolve_uncertain(a.id, remote)
    assert placed.submit_state is SubmitState.PLACED and placed.remote_id == remote
    assert placed.raw_status is not None
    not_placed = ws.resolve_uncertain(b.id, None)
    assert not_placed.submit_state is SubmitState.REJECTED
    assert not_placed.outcome is OutcomeKind.CHECKED_NOT_PLACED and not not_placed.not_sent
    assert "checked by you" in describe_order(not_placed)
    with pytest.raises(ValueError):
        ws.resolve_uncertain(a.id, None)  # no longer uncertain


# ----------------------------------------------------------------------------- refill & cancel


def test_refill_and_cancel_results_and_unsupported(ws: Workspace, panel: Panel,
                                                   simulator) -> None:
    s = default_service(ws, panel, refill=True)
    orders = [ws.place_order(panel.id, s.id, order_fields(s, f"https://instagram.com/r{i}"))
              for i in range(3)]
    simulator.advance(10 * 24 * 3600)
    ws.sync_panel(panel.id)
    results = ws.refill([o.id for o in orders])
    assert len(results) == 3 and all(r.local_id in {o.id for o in orders} for r in results)
    ok = [r for r in results if r.ok]
    for r in ok:
        assert ws.order_refills(r.local_id)[0].remote_id == r.refill_id
    assert ws.refill_statuses() == len(ok)
    cancel = ws.cancel([orders[0].id])
    assert len(cancel) == 1 and cancel[0].local_id == orders[0].id
    simulator.unsupported = {"cancel"}
    refused = ws.cancel([orders[1].id])
    assert not refused[0].ok and "does not support" in refused[0].message
    assert "cancel" in ws.panel(panel.id).unsupported
    n = simulator.count("cancel")
    assert not ws.cancel([orders[1].id])[0].ok
    assert simulator.count("cancel") == n  # known unsupported: not asked again


# ----------------------------------------------------------------------------- tracking


def test_track_orders_by_id_and_range(ws: Workspace, panel: Panel, simulator) -> None:
    s = default_service(ws, panel)
    ids = [simulator.place_direct(s.id, f"https://instagram.com/w{i}", s.min) for i in range(3)]
    result = ws.track_orders(panel.id, [*ids, 99_999_999])
    assert isinstance(result, TrackResult)
    assert sorted(o.remote_id for o in result) == ids
    assert result.unknown == [99_999_999] and result.requests == 1
    assert all(o.submit_state is SubmitState.PLACED for o in result)
    again = ws.track_range(panel.id, ids[0], ids[-1])
    assert sorted(o.id for o in again) == sorted(o.id for o in result)  # not doubled
    assert ws.order_count() == 3
    text = ws.track_orders(panel.id, f"{ids[0]}-{ids[1]}, #{ids[2]}")
    assert sorted(o.remote_id for o in text) == ids and text.requests == 0


# ----------------------------------------------------------------------------- spending


def test_spending_by_day_and_week(ws: Workspace, panel: Panel) -> None:
    s = default_service(ws, panel)
    o1 = ws.place_order(panel.id, s.id, order_fields(s, "https://instagram.com/s1"))
    o2 = ws.place_order(panel.id, s.id, order_fields(s, "https://instagram.com/s2"))
    # move o1 back to a known day (a Wednesday)
    day = datetime(2024, 5, 15, 12, tzinfo=UTC)
    with ws.store.db.transaction() as c:
        c.execute("UPDATE orders SET created_at = ? WHERE id = ?", (store_mod.to_ms(day), o1.id))
    daily = ws.spending()
    assert (date(2024, 5, 15), panel.id, "USD", o1.charge_estimate) in daily
    assert sum(v for *_, v in daily) == o1.charge_estimate + o2.charge_estimate
    weekly = ws.spending(bucket="week", until=day + timedelta(days=1))
    assert weekly == [(date(2024, 5, 13), panel.id, "USD", o1.charge_estimate)]
    assert ws.spending_totals() == [(panel.id, "USD", o1.charge_estimate + o2.charge_estimate)]


# ----------------------------------------------------------------------------- threads & keys


def test_parallel_panels_from_worker_threads(data_dir: Path, memory_keyring,
                                            engine_address: str | None) -> None:
    with PanelSimulator(services=80, key="key-a-0123456789") as a, \
         PanelSimulator(services=80, key="key-b-0123456789") as b, \
         Workspace(data_dir, store=engine_address) as w:
        panels = [w.add_panel("A", a.url, a.key), w.add_panel("B", b.url, b.key)]
        errors: list[BaseException] = []

        def work(p: Panel) -> None:
            try:
                w.refresh_services(p.id)
                s = next(r.service for r in w.services(p.id) if r.service.type == "Default")
                for i in range(10):
                    w.place_order(p.id, s.id, order_fields(s, f"https://x.com/{p.id}/{i}"))
                    w.orders(p.id, limit=5)
                w.sync_panel(p.id)
                w.balance(p.id)
            except BaseException as e:  # pragma: no cover - reported below
                errors.append(e)

        threads = [threading.Thread(target=work, args=(p,)) for p in panels]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors
        assert w.order_counts()["all"] == 20
        assert all(o.submit_state is SubmitState.PLACED for o in w.orders())


def test_key_is_in_no_file_after_a_full_scenario(data_dir: Path, simulator) -> None:
    """SQLite only: the bytes of the local file and its WAL (a team store keeps no key column
    at all: tests/core/test_store.py's test_panels_table_has_no_key_column))."""
    setup_logging(data_dir, logging.DEBUG)
    try:
        w = Workspace(data_dir)
        try:
            p = w.add_panel("Sim", simulator.url, simulator.key)
            w.refresh_services(p.id)
            w.balance(p.id)
            s = next(r.service for r in w.services(p.id) if r.service.type == "Default")
            for fault in (None, "drop_after_read", "html_502", "rate_limit"):
                if fault:
                    simulator.set_fault(fault, actions=["add"], times=1)
                w.place_order(p.id, s.id, order_fields(s, f"https://x.com/{fault}"))
            simulator.advance(3600)
            w.sync_panel(p.id)
            w.track_orders(p.id, [1, 2, 3])
            w.refill([o.id for o in w.orders()])
            w.cancel([o.id for o in w.orders()])
            w.update_panel(p.id, key=simulator.key)
            logging.getLogger("smmdesk.test").error("oops %s", simulator.key)
            with pytest.raises(ApiError):
                w.test_connection(simulator.url, simulator.key + "x")
            # the store's bytes while the WAL is still there
            files = {f: f.read_bytes() for f in data_dir.rglob("*") if f.is_file()}
        finally:
            w.close()
    finally:
        teardown_logging()
    files.update({f: f.read_bytes() for f in data_dir.rglob("*") if f.is_file()})
    assert any(f.name.endswith("-wal") for f in files)
    assert any(f.name == "smmdesk.log" for f in files)
    key = simulator.key.encode()
    for f, content in files.items():
        assert key not in content, f"the key is in {f}"
        assert key[:12] not in content, f"part of the key is in {f}"


def test_reads_and_writes_do_not_wait_for_a_slow_placement(
    ws: Workspace, panel: Panel, simulator
) -> None:
    s = default_service(ws, panel)
    release = threading.Event()  # the panel answers the add only when the test says so
    simulator.set_fault("hang", actions=["add"], until=release, seconds=3600)
    result: list = []
    t = threading.Thread(target=lambda: result.append(
        ws.place_order(panel.id, s.id, order_fields(s, "https://instagram.com/slow"))))
    t.start()
    try:
        for _ in range(3000):  # bounded wait until the request is on the wire
            if simulator.count("add"):
                break
            threading.Event().wait(0.01)
        assert simulator.count("add") == 1
        # Order, not time: each read and write below returns while the add is still held by
        # the panel. Were one of them waiting for the placement, it could not return before
        # ``release`` (or the hour's limit): pytest's timeout would fail the test.
        assert ws.order_counts()["all"] == 1  # the SUBMITTING row is already committed
        assert ws.orders()[0].submit_state is SubmitState.SUBMITTING
        ws.set_favourite(panel.id, s.id, True)
        ws.store.orders.add_event(ws.orders()[0].id, "note", "written meanwhile")
        assert t.is_alive() and result == []  # the placement is still waiting for its answer
    finally:
        release.set()
        t.join(timeout=30)
    assert result[0].submit_state is SubmitState.PLACED


def test_remove_panel_without_history_deletes_everything(
    ws: Workspace, panel: Panel, simulator
) -> None:
    o = place(ws, panel)
    ws.remove_panel(panel.id, keep_history=False)
    assert ws.order_count() == 0 and ws.services() == []
    with pytest.raises(KeyError):
        ws.order(o.id)
    if not ws.team:  # (a file's own checks; the server enforces its foreign keys itself)
        assert ws.store.db.integrity_check() == ["ok"]
        assert ws.store.db._c.execute("PRAGMA foreign_key_check").fetchall() == []


# ------------------------------------------------------------------- issue 12, item 7
def test_the_same_panel_address_is_one_panel(ws: Workspace) -> None:
    from smmdesk.workspace import PanelAlreadyConnected, panel_address

    same = ["https://Panel.Example.com/api/v2", "http://panel.example.com/api/v2/",
            "https://PANEL.example.com:443/api/v2//", "http://panel.example.com:80/api/v2"]
    assert len({panel_address(u) for u in same}) == 1
    assert panel_address("https://panel.example.com:8443/api/v2") != panel_address(same[0])
    assert panel_address("https://other.example.com/api/v2") != panel_address(same[0])
    first = ws.add_panel("First", same[0], "key-1")
    for url in same[1:]:
        with pytest.raises(PanelAlreadyConnected) as info:
            ws.add_panel("Again", url, "key-2")
        assert info.value.existing.id == first.id and "“First”" in str(info.value)
    other = ws.add_panel("Other", "https://other.example.com/api/v2", "key-3")
    with pytest.raises(PanelAlreadyConnected):
        ws.update_panel(other.id, url="http://panel.example.com/api/v2/")
    ws.update_panel(first.id, url="https://panel.example.com/api/v2/")  # itself: fine
    assert len(ws.panels()) == 2
