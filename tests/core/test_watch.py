"""Provider watch (issue 27): delivery statistics kept as statuses come in, stuck and slow
orders, ranking by what is delivered, successors, overlapping orders, refill windows and the
catalogue's changes. Every time comes from an injected clock (``Clock``): the store's writes
and the checks read the same hand-driven time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

import smmdesk.store.values as store_clock
from smmdesk.models import LocalOrder, OrderState, OrderStatus, Panel, Service, SubmitState
from smmdesk.store import Store, to_ms

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


class Clock:
    """The store's clock (``smmdesk.store.values.now_ms``), moved by hand."""

    def __init__(self, at: datetime = T0) -> None:
        self.at = at

    def __call__(self) -> int:
        return to_ms(self.at)

    def now(self) -> datetime:
        return self.at

    def advance(self, **kw: float) -> datetime:
        self.at += timedelta(**kw)
        return self.at


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(store_clock, "now_ms", c)
    return c


def svc(sid: int, name: str, rate: str = "1.00", **kw: object) -> Service:
    return Service(id=sid, name=name, type="Default", category="Instagram Followers",
                   rate=Decimal(rate), min=10, max=100000, **kw)  # type: ignore[arg-type]


_remote = iter(range(1000, 10**9))
FOLLOWERS = "Instagram Followers [Refill 30D] Real"


def placed(store: Store, panel_id: str, service: Service, link: str = "https://instagram.com/a",
           quantity: int = 100) -> tuple[int, int]:
    oid = store.orders.insert_submitting(panel_id=panel_id, service=service,
                                         fields={"link": link, "quantity": str(quantity)},
                                         link=link, quantity=quantity,
                                         charge_estimate=Decimal("0.1"), currency="USD")
    remote = next(_remote)
    store.orders.set_submit_result(oid, SubmitState.PLACED, remote_id=remote)
    return oid, remote


def status(store: Store, panel_id: str, remote: int, state: OrderState,
           start_count: int | None = None) -> None:
    store.orders.apply_statuses(panel_id, {remote: OrderStatus(remote, state, state.value,
                                                               start_count=start_count)})


def test_the_roll_ups_follow_each_status_apply(engine_store: Store, clock: Clock) -> None:
    store = engine_store  # (with its panel "p1"), on both engines
    s = svc(1, "Instagram Followers")
    store.services.apply_services("p1", [s])
    a = placed(store, "p1", s)
    b = placed(store, "p1", s)
    clock.advance(hours=1)
    status(store, "p1", a[1], OrderState.IN_PROGRESS)
    status(store, "p1", a[1], OrderState.IN_PROGRESS)  # seen again: counted once
    clock.advance(hours=1)
    status(store, "p1", a[1], OrderState.COMPLETED)
    status(store, "p1", b[1], OrderState.CANCELED)
    watch = store.watch
    counts = watch.counts("p1", 1, to_ms(T0 - timedelta(days=1)))
    assert (counts.orders, counts.finished, counts.canceled, counts.partial) == (2, 2, 1, 0)
    starts = watch.times("p1", 1, 0, to_ms(T0 - timedelta(days=1)))
    assert sum(n for _b, n in starts) == 1
    lo = watch.bounds[starts[0][0]]
    assert 3600 * 0.95 <= lo <= 3600
    completes = watch.times("p1", 1, 1, to_ms(T0 - timedelta(days=1)))
    assert [n for _b, n in completes] == [1]
    assert 7200 * 0.95 <= watch.bounds[completes[0][0]] <= 7200


def test_the_watch_store_reads_and_moves_alike_on_both_engines(engine_store: Store,
                                                               clock: Clock) -> None:
    """What the attention check, the refill reminders, a panel's reach and a renumbered
    service's move read and write, through ``store.watch`` itself (the workspace's alerts and
    schedules ride on them)."""
    store = engine_store
    s = svc(1, FOLLOWERS, refill=True)
    store.services.apply_services("p1", [s, svc(2, "Instagram Likes")])
    done, done_remote = placed(store, "p1", s, link="https://instagram.com/d")
    running, running_remote = placed(store, "p1", s, link="https://instagram.com/r")
    waiting, _ = placed(store, "p1", svc(2, "Instagram Likes"), link="https://instagram.com/w")
    clock.advance(hours=1)
    status(store, "p1", running_remote, OrderState.IN_PROGRESS)
    status(store, "p1", done_remote, OrderState.COMPLETED, start_count=500)
    watch = store.watch
    assert watch.finished_at(done) == to_ms(clock.at) and watch.finished_at(waiting) is None
    active = {r[0]: r for r in watch.active()}
    assert set(active) == {running, waiting}
    assert active[running] == (running, "p1", 1, to_ms(T0), True, to_ms(clock.at))
    assert active[waiting] == (waiting, "p1", 2, to_ms(T0), False, None)
    assert sorted(r[0] for r in watch.active_on_links()) == [running, waiting]
    # a quote's overlap check reads only the links holding its path as written
    assert [r[0] for r in watch.active_on_links("instagram.com/w")] == [waiting]
    assert [r[0] for r in watch.active_on_links("com/r")] == [running]
    assert watch.active_on_links("com/R") == [] and watch.active_on_links("com/d") == []
    # the refill reminders: the Completed order with a start count, of a refillable service
    groups = watch.refill_groups(to_ms(T0 - timedelta(days=1)))
    assert [(g[0], g[1], g[3], g[4]) for g in groups] == [("p1", 1, FOLLOWERS, FOLLOWERS)]
    assert watch.refill_group_orders("p1", 1, groups[0][2], to_ms(T0),
                                     to_ms(clock.at)) == [(done, to_ms(T0))]
    assert watch.refill_group_orders("p1", 1, None, to_ms(T0), to_ms(clock.at)) == []
    assert watch.refill_groups(to_ms(T0 + timedelta(minutes=1))) == []
    # the panel's reach
    watch.note_sync("p1", True, to_ms(clock.at))
    watch.note_sync("p1", False, to_ms(clock.at))
    assert watch.reach("p1", to_ms(T0)) == (2, 1)
    # a schedule that waits for its previous run on the link
    with store.db.transaction() as c:
        sid = c.execute("INSERT INTO schedules (panel_id, service_id, fields, first_run, "
                        "created_at, updated_at) VALUES ('p1', 1, '{}', ?, ?, ?) RETURNING id",
                        (to_ms(T0), to_ms(T0), to_ms(T0))).fetchone()[0]
        c.execute("INSERT INTO schedule_runs (schedule_id, idx, due_at, at, outcome, order_id) "
                  "VALUES (?, 0, ?, ?, 'placed', ?)", (sid, to_ms(T0), to_ms(T0), running))
    assert not watch.wait_previous(sid)
    watch.set_wait_previous(sid, True)
    assert watch.wait_previous(sid) and watch.previous_run_active(sid) == running
    status(store, "p1", running_remote, OrderState.COMPLETED)
    assert watch.previous_run_active(sid) is None
    # what named the service moves to its successor: the favourite, the schedule, the refill
    # and price rules
    store.services.set_favourite("p1", 1, True)
    with store.db.transaction() as c:
        c.execute("INSERT INTO auto_refill_services (panel_id, service_id, enabled, "
                  "window_days) VALUES (?,?,?,?)", ("p1", 1, store.db.flag(True), 30))
    store.ledger.set_rule(Decimal(20), "p1", None, 1, None, None, None)
    assert watch.remap("p1", 1, "p1", 2, "Instagram Likes", "1.00") == {
        "favourites": 1, "schedules": 1, "refill_rules": 1, "price_rules": 1}
    assert store.db.read("SELECT panel_id, service_id, service_name FROM schedules") == [
        ("p1", 2, "Instagram Likes")]
    assert [(r.panel_id, r.service_id) for r in store.ledger.rules()] == [("p1", 2)]
    assert store.db.read("SELECT panel_id, service_id FROM auto_refill_services") == [("p1", 2)]
    assert [x.service.id for x in store.services.list_services("p1") if x.favourite] == [2]


# ------------------------------------------------------------------------ the workspace part

from smmdesk.workspace import Workspace  # noqa: E402


def _panel(ws: Workspace, pid: str, currency: str = "USD") -> None:
    ws.store.panels.insert_panel(
        Panel(pid, pid.upper(), f"https://{pid}.example", currency=currency))


def _two(ws: Workspace) -> Workspace:
    """Two panels selling the same Instagram followers; "cheap" is cheaper."""
    _panel(ws, "dear")
    _panel(ws, "cheap")
    ws.store.services.apply_services("dear", [svc(1, FOLLOWERS, "2.00", refill=True, cancel=True)])
    ws.store.services.apply_services("cheap", [svc(7, FOLLOWERS, "1.00", refill=True)])
    return ws


@pytest.fixture
def two(engine_ws: Workspace, clock: Clock) -> Workspace:
    """``_two`` on both engines (a local workspace and a team one)."""
    return _two(engine_ws)


def history(ws: Workspace, clock: Clock, pid: str, service: Service, *,
            starts_h: list[float], completes_h: list[float | None],
            final: list[OrderState] | None = None) -> list[int]:
    """Orders placed at the clock's time, started after ``starts_h`` hours and finished after
    ``completes_h`` (None: stays in progress); the clock comes back to where it was."""
    begin = clock.at
    made = [placed(ws.store, pid, service, link=f"https://instagram.com/h{next(_remote)}")
            for _ in starts_h]
    events: list[tuple[float, int, OrderState]] = []
    for i, (s, c) in enumerate(zip(starts_h, completes_h, strict=True)):
        events.append((s, made[i][1], OrderState.IN_PROGRESS))
        if c is not None:
            events.append((c, made[i][1], final[i] if final else OrderState.COMPLETED))
    for hours, remote, state in sorted(events, key=lambda e: e[0]):
        clock.at = begin + timedelta(hours=hours)
        status(ws.store, pid, remote, state)
    clock.at = begin
    return [oid for oid, _r in made]


def test_statistics_from_a_history_whose_times_are_known(two: Workspace, clock: Clock) -> None:
    s = two.service("dear", 1)
    assert s is not None
    starts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    history(two, clock, "dear", s, starts_h=starts,
            completes_h=[h + 10 for h in starts],
            final=[OrderState.COMPLETED] * 7 + [OrderState.PARTIAL] * 2 + [OrderState.CANCELED])
    oid, _ = placed(two.store, "dear", s)  # one more, never started
    two.store.orders.add_refill(oid, "r1", None)
    clock.advance(days=1)
    st = two.service_stats("dear", 1, now=clock.now())
    assert st.orders == 11
    assert st.start_p50_s == pytest.approx(5 * 3600, rel=0.05)
    assert st.start_p90_s == pytest.approx(9 * 3600, rel=0.05)
    assert st.complete_p50_s == pytest.approx(15 * 3600, rel=0.05)  # Canceled has no time
    assert st.complete_p90_s == pytest.approx(19 * 3600, rel=0.05)
    assert st.partial_rate == pytest.approx(0.2) and st.canceled_rate == pytest.approx(0.1)
    assert st.refill_rate == pytest.approx(1 / 11) and st.not_found_rate == 0
    # outside the window: nothing; too few orders: None, not a guess
    assert two.service_stats("dear", 1, days=90, now=clock.now() + timedelta(days=95)).orders == 0
    few = two.service_stats("cheap", 7, now=clock.now())
    assert few.orders == 0 and few.start_p50_s is None and few.partial_rate is None
    panel = two.panel_stats("dear", now=clock.now())
    assert panel.stats.orders == 11 and panel.unreachable_rate is None


def test_stuck_and_slow_follow_the_thresholds_and_alert_once(
        two: Workspace, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    s = two.service("dear", 1)
    assert s is not None
    # The service's record: starts after 3 h (p90), completes after 4 h.
    history(two, clock, "dear", s, starts_h=[1, 2, 3, 3, 3], completes_h=[4, 4, 4, 4, 4])
    waiting, _ = placed(two.store, "dear", s, link="https://instagram.com/waiting")
    running, remote = placed(two.store, "dear", s, link="https://instagram.com/running")
    clock.advance(minutes=30)
    status(two.store, "dear", remote, OrderState.IN_PROGRESS)
    # 8 h: under max(6 h, 3 × 3 h) for the stuck one; 3 × 4 h not reached by the running one
    clock.advance(hours=7, minutes=30)
    assert two.attention(clock.now()) == []
    clock.advance(hours=1, minutes=30)  # 9.5 h: past 9 h
    assert [(o.id, why) for o, why in two.attention(clock.now())] == [(waiting, "stuck")]
    clock.advance(hours=3)  # 12.5 h: the running one is past 3 × 4 h
    assert [(o.id, why) for o, why in two.attention(clock.now())] == [
        (waiting, "stuck"), (running, "slow")]
    raised = two.check_alerts(clock.now())
    mine = [a for a in raised if a.key.startswith("watch:")]
    assert {a.local_id for a in mine} == {waiting, running}
    stuck = next(a for a in mine if a.local_id == waiting)
    assert stuck.data["why"] == "stuck" and "cancel" in stuck.data["actions"]
    # Alerted once, an order is not read whole again at the next checks (a check runs every
    # tick; at 1M orders tens of thousands may be stuck: ~100 MB and a second each time).
    asked: list[int] = []
    real = two.store.orders.get_orders

    def recording(ids: Iterable[int]) -> list[LocalOrder]:
        ids = list(ids)
        asked.extend(ids)
        return real(ids)

    monkeypatch.setattr(two.store.orders, "get_orders", recording)
    clock.advance(hours=1)
    assert not [a for a in two.check_alerts(clock.now()) if a.key.startswith("watch:")]
    assert waiting not in asked and running not in asked
    # the thresholds are preferences
    two.set_automation_settings(stuck_after=timedelta(hours=20), stuck_factor=Decimal(10),
                                slow_factor=Decimal(10))
    assert two.attention(clock.now()) == []


def test_ranking_changes_when_a_cheap_services_record_is_bad(two: Workspace,
                                                             clock: Clock) -> None:
    two.set_home_currency("USD")
    cheap = two.service("cheap", 7)
    dear = two.service("dear", 1)
    assert cheap is not None and dear is not None
    before = two.equivalents("dear", 1, rank="balanced")
    assert before[0].panel_id == "cheap" and before[0].basis == "name"
    # 6 orders on the cheap one: 3 canceled, 1 partial — a bad record
    history(two, clock, "cheap", cheap, starts_h=[1] * 6, completes_h=[2] * 6,
            final=[OrderState.CANCELED] * 3 + [OrderState.PARTIAL] + [OrderState.COMPLETED] * 2)
    # a third panel's equivalent, dearer still, with a clean record
    _panel(two, "third")
    two.store.services.apply_services("third", [svc(3, FOLLOWERS, "3.00", refill=True)])
    third = two.service("third", 3)
    assert third is not None
    history(two, clock, "third", third, starts_h=[1] * 5, completes_h=[2] * 5)
    clock.advance(days=1)
    ranked = two.equivalents("dear", 1, rank="balanced")
    assert [m.panel_id for m in ranked] == ["third", "cheap"]
    assert ranked[0].basis == "stats" and ranked[1].bad == "failures"
    assert ranked[1].stats is not None and ranked[1].stats.canceled_rate == pytest.approx(0.5)
    assert two.equivalents("dear", 1, rank="cheapest")[0].panel_id == "cheap"
    assert two.equivalents("dear", 1, rank="reliable")[0].panel_id == "third"
    # the route offer skips the bad record and says so
    routes = two.routes_for("dear", 1, {"link": "https://instagram.com/x", "quantity": "100"})
    assert [r.match.panel_id for r in routes] == ["third"]
    assert [(m.panel_id, why) for m, why in routes.skipped] == [("cheap", "failures")]
    with pytest.raises(ValueError):
        two.equivalents("dear", 1, rank="random")


def test_refill_window_end_and_its_reminder(two: Workspace, clock: Clock) -> None:
    s = two.service("dear", 1)
    assert s is not None
    oid, remote = placed(two.store, "dear", s)
    assert two.refill_until(oid) == T0 + timedelta(days=30)
    status(two.store, "dear", remote, OrderState.COMPLETED, start_count=1200)
    _panel(two, "life")
    two.store.services.apply_services("life", [svc(5, "Instagram Followers Lifetime Refill")])
    life = two.service("life", 5)
    assert life is not None
    assert two.refill_until(placed(two.store, "life", life)[0]) == "lifetime"
    _panel(two, "none")
    two.store.services.apply_services("none", [svc(6, "Instagram Followers No Refill")])
    nothing = two.service("none", 6)
    assert nothing is not None
    assert two.refill_until(placed(two.store, "none", nothing)[0]) is None
    clock.at = T0 + timedelta(days=26, hours=23)  # 3 days and an hour before the end
    assert not [a for a in two.check_alerts(clock.now()) if a.key.startswith("refill_end:")]
    clock.advance(hours=2)
    (reminder,) = [a for a in two.check_alerts(clock.now()) if a.key.startswith("refill_end:")]
    assert reminder.local_id == oid and reminder.data["days"] == 3
    clock.advance(days=1)
    assert not [a for a in two.check_alerts(clock.now()) if a.key.startswith("refill_end:")]


def test_the_reminder_follows_the_window_the_order_was_placed_under(two: Workspace,
                                                                   clock: Clock) -> None:
    """The panel renames the service after the order (its promise now 90 days): the order's
    window is still the 30 days it was bought with, for "Refill until" and for its reminder."""
    s = two.service("dear", 1)
    assert s is not None
    oid, remote = placed(two.store, "dear", s)
    status(two.store, "dear", remote, OrderState.COMPLETED, start_count=1200)
    two.store.services.apply_services("dear", [svc(
        1, "Instagram Followers [Refill 90D] Real", "2.00", refill=True, cancel=True)])
    assert two.refill_until(oid) == T0 + timedelta(days=30)
    clock.at = T0 + timedelta(days=27, hours=1)
    (reminder,) = [a for a in two.check_alerts(clock.now()) if a.key.startswith("refill_end:")]
    assert reminder.local_id == oid and reminder.data["days"] == 3
    assert "[Refill 30D]" in reminder.data["service"]


def test_a_renumbered_service_is_found_and_everything_moves(two: Workspace,
                                                            clock: Clock) -> None:
    from smmdesk.schedules import RunOutcome

    two.set_favourite("dear", 1, True)
    two.set_auto_refill(panel_id="dear", service_id=1, enabled=True)
    # The service's price rule (the reseller's books): moved too.
    two.set_price_rule(Decimal(20), panel_id="dear", service_id=1)
    sched = two.schedule_order("dear", 1, {"link": "https://instagram.com/s", "quantity": "100"},
                               first_run=clock.now() + timedelta(hours=1),
                               every=timedelta(days=1), now=clock.now())
    clock.advance(minutes=55)
    # The panel drops service 1 and re-adds it as 41 (a little dearer), with another service.
    two.store.services.apply_services("dear", [svc(41, FOLLOWERS, "2.10", refill=True),
                                               svc(42, "Instagram Likes Fast", "0.50")])
    diff_changes = two._watch.record_catalogue(  # what a refresh records (Panels' hook)
        "dear", two.store.services.apply_services(
            "dear", [svc(41, FOLLOWERS, "2.10", refill=True),
                     svc(42, "Instagram Likes Fast", "0.50")]),
        clock.now())
    assert diff_changes == []  # nothing changed the second time
    # The schedule's run on the removed service is held with the proposal, never placed.
    clock.advance(minutes=5)
    assert two.run_due(clock.now()) == []
    held = two.schedule(sched.id)
    assert held.paused and "successor" in (held.pause_reason or "") and "41" in held.pause_reason
    assert [r.outcome for r in two.schedule_runs(sched.id)] in ([], [RunOutcome.MISSED])
    removed = [a for a in two.alerts(now=clock.now()) if a.key == "removed:dear:1"]
    assert removed and "41" in removed[0].data["proposal"]
    (best, *_rest) = two.successors("dear", 1)
    assert (best.panel_id, best.service.id) == ("dear", 41)
    moved = two.remap_service("dear", 1, "dear", 41)
    assert moved == {"favourites": 1, "schedules": 1, "refill_rules": 1, "price_rules": 1}
    after = two.schedule(sched.id)
    assert (after.panel_id, after.service_id, after.base_rate) == ("dear", 41, Decimal("2.10"))
    assert two.service("dear", 41) is not None
    assert [r.service.id for r in two.services("dear") if r.favourite] == [41]
    assert two.auto_refill(panel_id="dear", service_id=41)[0] is True
    assert two.store.db.read("SELECT service_id FROM price_rules") == [(41,)]


def test_catalogue_changes_per_refresh(two: Workspace, clock: Clock) -> None:
    diff = two.store.services.apply_services("dear", [svc(41, FOLLOWERS, "2.00", refill=True),
                                                      svc(50, "Tiktok Views", "0.10")])
    two._watch.record_catalogue("dear", diff, clock.now())
    clock.advance(days=1)
    diff = two.store.services.apply_services("dear", [svc(41, FOLLOWERS, "2.50", refill=True),
                                                      svc(50, "Tiktok Views", "0.10")])
    two._watch.record_catalogue("dear", diff, clock.now())
    changes = two.catalogue_changes("dear")
    assert [(c.kind, c.service_id, c.successor_id) for c in changes] == [
        ("price", 41, None), ("renumbered", 1, 41), ("new", 50, None)]
    assert changes[0].price_change == Decimal("0.50")
    assert [c.kind for c in two.catalogue_changes("dear", since=clock.now())] == ["price"]


def test_overlapping_orders_on_any_panel_are_named(two: Workspace, clock: Clock) -> None:
    cheap = two.service("cheap", 7)
    assert cheap is not None
    other, _ = placed(two.store, "cheap", cheap, link="https://www.instagram.com/shop/")
    assert [o.id for o in two.overlapping_orders("dear", 1, "https://instagram.com/shop")] \
        == [other]
    assert two.overlapping_orders("dear", 1, "https://instagram.com/elsewhere") == []
    two.store.services.apply_services("dear", [svc(1, FOLLOWERS, "2.00", refill=True),
                                               svc(2, "Instagram Likes", "0.5")])
    assert two.overlapping_orders("dear", 2, "https://instagram.com/shop") == []  # another kind
    quote = two.quote("dear", 1, {"link": "https://instagram.com/shop", "quantity": "100"})
    assert [o.id for o in quote.overlapping] == [other] and quote.asks_first is not None
    assert quote.asks_first.id == other  # the form asks about it before placing


# ------------------------------------------------------- the placement door, on a real panel


def test_an_overlapping_order_on_another_panel_is_warned_about_everywhere(
        data_dir: Path, tmp_path: Path, engine_address: str | None) -> None:
    """The CLI refuses with exit 3 without --allow-duplicate (as a duplicate), a mass order
    skips the line and names the order; a refresh keeps the catalogue's changes."""
    import io
    import json

    from smmdesk.cli import main
    from smmdesk.cli.commands import OK, REFUSED
    from smmdesk.demo.server import PanelSimulator

    key = "watch-secret-key-0123456789abcdef"

    def cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        store = ["--store", engine_address] if engine_address else []
        code = main(["--data-dir", str(data_dir), *store, *argv], stdin=io.StringIO(stdin),
                    stdout=out, stderr=err)
        return code, out.getvalue(), err.getvalue()

    with PanelSimulator(services=60, key=key, speed=0) as sim:
        code, out, err = cli("--json", "panels", "add", "--name", "Sim", "--url", sim.url,
                             stdin=key + "\n")
        assert code == OK, err
        pid = json.loads(out.splitlines()[0])["id"]
        with Workspace(data_dir, store=engine_address) as ws:
            own = ws.service(pid, 1)
            assert own is not None
            # Another panel has an active order of the same kind on the link.
            ws.store.panels.insert_panel(Panel("other", "Other panel", "https://other.example"))
            ws.store.services.apply_services("other", [replace_id(own, 9)])
            other, _ = placed(ws.store, "other", replace_id(own, 9),
                              link="https://instagram.com/p/overlap")
        target = "https://www.instagram.com/p/overlap/"
        code, _out, err = cli("--json", "order", "--panel", pid, "--service", "1", "--link",
                              target, "--quantity", "500", "--yes")
        assert code == REFUSED and "--allow-duplicate" in err and "Other panel" in err
        assert "under-deliver" in err and sim.count("add") == 0
        listing = tmp_path / "list.txt"
        listing.write_text(f"1|{target}|500\n", encoding="utf-8")
        code, out, err = cli("--json", "mass-order", "--panel", pid, str(listing), "--yes")
        (line,) = [json.loads(x) for x in out.splitlines() if x.strip()]
        assert line["status"] == "skipped" and line["local_id"] == other
        assert sim.count("add") == 0
        code, out, err = cli("--json", "order", "--panel", pid, "--service", "1", "--link",
                             target, "--quantity", "500", "--yes", "--allow-duplicate")
        assert code == OK, err
        assert sim.count("add") == 1
        # A refresh through the workspace keeps what changed (nothing yet: the same list).
        with Workspace(data_dir, store=engine_address) as ws:
            ws.refresh_services(pid)
            assert ws.catalogue_changes(pid) == []


def replace_id(service: Service, new_id: int) -> Service:
    from dataclasses import replace

    return replace(service, id=new_id)


def test_a_schedule_may_wait_for_its_previous_run_on_the_link(data_dir: Path,
                                                              engine_ws: Workspace) -> None:
    from smmdesk.demo.server import PanelSimulator

    key = "watch-secret-key-0123456789abcdef"
    ws = engine_ws
    with PanelSimulator(services=60, key=key, speed=0) as sim:
        panel = ws.add_panel("Sim", sim.url, key)
        ws.refresh_services(panel.id)
        now = datetime.now(UTC)
        s = ws.schedule_order(panel.id, 1, {"link": "https://instagram.com/p/w", "quantity":
                                            "100"}, first_run=now, every=timedelta(minutes=10),
                              now=now)
        ws.set_schedule_waits(s.id, True)
        assert ws.schedule_waits(s.id)
        (first,) = ws.run_due(now)
        assert first.state is not OrderState.COMPLETED  # the simulator's order is running
        assert ws.run_due(now + timedelta(minutes=10)) == []  # waits, not consumed
        assert ws.schedule(s.id).next_index == 1
        ws.set_schedule_waits(s.id, False)
        assert len(ws.run_due(now + timedelta(minutes=11))) == 1
        assert sim.count("add") == 2
