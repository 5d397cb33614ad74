"""Fast bulk generation of a realistic data dir for the benches: one panel, N services, M orders.

Everything goes through the store's public methods (``apply_services``, ``bulk_insert_placed``,
``apply_statuses``, ``add_balance``), so the file looks exactly like one the app wrote itself:

    python bench/fixtures.py /tmp/big --services 50000 --orders 100000

Services come from the simulator's catalogue generator (realistic names, Turkish included) and
are parsed by the real ``api.parse_services``. Orders are spread over 500 services, their states
mixed like a busy account's history (about 10 % still active, the rest final).
"""

from __future__ import annotations

import argparse
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from smmdesk.api import parse_services  # noqa: E402
from smmdesk.demo.server import PanelSimulator  # noqa: E402
from smmdesk.models import Balance, OrderState, OrderStatus, Panel, Service  # noqa: E402
from smmdesk.store import Store  # noqa: E402

PANEL_ID = "benchpanel000001"
# Final states for the settled share of the history, by weight (sum 100).
_FINAL = ((OrderState.COMPLETED, 78), (OrderState.PARTIAL, 10), (OrderState.CANCELED, 9),
          (OrderState.FAILED, 3))
ACTIVE_SHARE = 10  # percent of orders left pending/in progress (what sync polls)
ORDER_SERVICES = 500
CHUNK = 20_000


def catalogue(n: int, seed: int = 1) -> list[Service]:
    """``n`` services as the canonical dialect sends them, parsed by the real parser."""
    sim = PanelSimulator(services=n, seed=seed)  # never started: only its generator is used
    return parse_services(sim.catalogue)


def _final_state(i: int) -> OrderState:
    r = (i * 2654435761) % 100
    acc = 0
    for state, weight in _FINAL:
        acc += weight
        if r < acc:
            return state
    return OrderState.COMPLETED


def make_data_dir(
    data_dir: Path,
    *,
    services: int = 50_000,
    orders: int = 100_000,
    url: str = "http://127.0.0.1:9/api/v2",
    panel_id: str = PANEL_ID,
    first_remote: int = 1_000_000,
    verbose: bool = False,
) -> dict[str, float]:
    """Fill ``data_dir`` (created if needed). Returns timings in seconds, per step.

    The panel has no key in any keyring: an app opened on it shows the cache and reports the
    missing key when it tries the network (URL port 9 refuses at once anyway)."""
    t: dict[str, float] = {}
    t0 = time.perf_counter()
    cat = catalogue(services)
    t["generate_services"] = time.perf_counter() - t0
    store = Store(Path(data_dir))
    try:
        if store.get_panel(panel_id) is None:
            store.insert_panel(Panel(id=panel_id, name="Bench panel", url=url, currency="USD"))
        store.update_panel(panel_id, currency="USD")
        t0 = time.perf_counter()
        store.apply_services(panel_id, cat)
        t["store_services"] = time.perf_counter() - t0
        store.add_balance(panel_id, Balance(Decimal("1234.5678"), "USD"))

        t0 = time.perf_counter()
        picks = cat[: min(ORDER_SERVICES, len(cat))] or []
        per = max(1, -(-orders // max(1, len(picks))))
        day_ms = 86_400_000
        start_ms = int(time.time() * 1000) - 365 * day_ms
        remote = first_remote
        done = 0
        for n, svc in enumerate(picks):
            count = min(per, orders - done)
            if count <= 0:
                break
            rows = [(remote + k, f"https://instagram.com/p/bench{remote + k}",
                     svc.min * (1 + k % 9)) for k in range(count)]
            store.bulk_insert_placed(panel_id, svc, rows,
                                     created_at_ms=start_ms + n * (365 * day_ms // len(picks)))
            remote += count
            done += count
        t["store_orders"] = time.perf_counter() - t0

        # Settle ~90 % of them with a final state, in big batches (one transaction each).
        t0 = time.perf_counter()
        batch: dict[int, OrderStatus | Exception] = {}
        for i in range(done):
            if i % 100 < ACTIVE_SHARE:
                continue
            rid = first_remote + i
            state = _final_state(i)
            batch[rid] = OrderStatus(order=rid, state=state, raw_status=state.value.title(),
                                     charge=Decimal("0.12345"), start_count=100 + i % 5000,
                                     remains=0 if state is OrderState.COMPLETED else 10,
                                     currency="USD")
            if len(batch) >= CHUNK:
                store.apply_statuses(panel_id, batch)
                batch = {}
        if batch:
            store.apply_statuses(panel_id, batch)
        t["settle_orders"] = time.perf_counter() - t0
        assert store.integrity_check() == ["ok"]
    finally:
        store.close()
    if verbose:
        print({k: round(v, 2) for k, v in t.items()}, file=sys.stderr)
    return t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--services", type=int, default=50_000)
    ap.add_argument("--orders", type=int, default=100_000)
    args = ap.parse_args(argv)
    t = make_data_dir(args.data_dir, services=args.services, orders=args.orders, verbose=True)
    print(f"data dir ready: {args.data_dir} ({sum(t.values()):.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
