"""Provider watch (issue 27): delivery statistics kept as statuses come in, stuck and slow
orders, ranking by what is delivered, successors, overlapping orders, refill windows and the
catalogue's changes. Every time comes from an injected clock (``Clock``): the store's writes
and the checks read the same hand-driven time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

import smmdesk.store as store_mod
from smmdesk.models import OrderState, OrderStatus, Panel, Service, SubmitState
from smmdesk.store import Store, to_ms
from smmdesk.store.watch import WatchStore

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


class Clock:
    """The store's clock (``smmdesk.store.now_ms``), moved by hand."""

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
    monkeypatch.setattr(store_mod, "now_ms", c)
    return c


def svc(sid: int, name: str, rate: str = "1.00", **kw: object) -> Service:
    return Service(id=sid, name=name, type="Default", category="Instagram Followers",
                   rate=Decimal(rate), min=10, max=100000, **kw)  # type: ignore[arg-type]


_remote = iter(range(1000, 10**9))


def placed(store: Store, panel_id: str, service: Service, link: str = "https://instagram.com/a",
           quantity: int = 100) -> tuple[int, int]:
    oid = store.insert_submitting(panel_id=panel_id, service=service,
                                  fields={"link": link, "quantity": str(quantity)}, link=link,
                                  quantity=quantity, charge_estimate=Decimal("0.1"),
                                  currency="USD")
    remote = next(_remote)
    store.set_submit_result(oid, SubmitState.PLACED, remote_id=remote)
    return oid, remote


def status(store: Store, panel_id: str, remote: int, state: OrderState,
           start_count: int | None = None) -> None:
    store.apply_statuses(panel_id, {remote: OrderStatus(remote, state, state.value,
                                                        start_count=start_count)})


def test_the_roll_ups_follow_each_status_apply(tmp_path: Path, clock: Clock) -> None:
    store = Store(tmp_path / "d")
    store.insert_panel(Panel("p1", "One", "https://one.example"))
    s = svc(1, "Instagram Followers")
    store.apply_services("p1", [s])
    a = placed(store, "p1", s)
    b = placed(store, "p1", s)
    clock.advance(hours=1)
    status(store, "p1", a[1], OrderState.IN_PROGRESS)
    status(store, "p1", a[1], OrderState.IN_PROGRESS)  # seen again: counted once
    clock.advance(hours=1)
    status(store, "p1", a[1], OrderState.COMPLETED)
    status(store, "p1", b[1], OrderState.CANCELED)
    watch = WatchStore(store)
    counts = watch.counts("p1", 1, to_ms(T0 - timedelta(days=1)))
    assert (counts.orders, counts.finished, counts.canceled, counts.partial) == (2, 2, 1, 0)
    starts = watch.times("p1", 1, 0, to_ms(T0 - timedelta(days=1)))
    assert sum(n for _b, n in starts) == 1
    lo = watch.bounds[starts[0][0]]
    assert 3600 * 0.95 <= lo <= 3600
    completes = watch.times("p1", 1, 1, to_ms(T0 - timedelta(days=1)))
    assert [n for _b, n in completes] == [1]
    assert 7200 * 0.95 <= watch.bounds[completes[0][0]] <= 7200
    store.close()
