"""The store's order queries over 100,000 orders, and building the simulator's largest catalogue.

These figures were once limits inside unit tests (tests/core/test_store.py, test_simulator.py),
where a loaded machine made them flaky; the tests now check what the queries return, this
script how long they take.

Keys:
  store_first_page_100k_ms   ``Store.order_page(None, None, 0, 200)``: the newest 200 of 100,000.
  store_deep_page_100k_ms    one panel's orders by creation time, 200 rows at offset 50,000.
  store_counts_100k_ms       ``order_counts_by_bucket()`` (the history's tab counts).
  store_search_100k_ms       a search for a link fragment ("post/9999") over every order.
  store_bucket_page_100k_ms  the first page of the "active" bucket.
  simulator_50k_build_s      ``PanelSimulator(services=50_000)``: the catalogue built and its
                             canonical JSON answer serialised.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import figure  # noqa: E402

RUNS = 7


def ms(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def measure_store(data_dir: Path) -> dict[str, object]:
    from smmdesk import store as store_mod
    from smmdesk.models import Panel, Service
    from smmdesk.store import Store

    store = Store(data_dir)
    try:
        store.panels.insert_panel(Panel(id="p1", name="One", url="https://one.example/api/v2"))
        service = Service(id=1, name="Followers", type="Default", category="Cat",
                          rate=Decimal("1.5"), min=10, max=1000)
        store.orders.bulk_insert_placed(
            "p1", service,
            ((i, f"https://site.example/post/{i}", 100) for i in range(1, 100_001)),
            created_at_ms=store_mod.now_ms() - 100_000_000)
        assert store.queries.order_count() == 100_000
        queries = {
            "store_first_page_100k_ms": lambda: store.queries.order_page(None, None, 0, 200),
            "store_deep_page_100k_ms": lambda: store.queries.order_page(
                {"panel_id": "p1"}, "-created_at", 50_000, 200),
            "store_counts_100k_ms": store.queries.order_counts_by_bucket,
            "store_search_100k_ms": lambda: store.queries.order_page(
                {"search": "post/9999"}, None, 0, 200),
            "store_bucket_page_100k_ms": lambda: store.queries.order_page(
                {"bucket": "active"}, None, 0, 200),
        }
        samples: dict[str, list[float]] = {key: [] for key in queries}
        for _ in range(RUNS):
            for key, query in queries.items():
                samples[key].append(ms(query))
    finally:
        store.close()
    return {key: figure(values) for key, values in samples.items()}


def measure_simulator() -> dict[str, object]:
    from smmdesk.demo.server import PanelSimulator

    took = []
    for _ in range(3):
        t0 = time.perf_counter()
        sim = PanelSimulator(services=50_000)
        assert len(sim.catalogue) == 50_000
        sim._services_body("canonical")
        took.append(time.perf_counter() - t0)
    return {"simulator_50k_build_s": figure(took)}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="smmdesk-bench-store-") as tmp:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        result = measure_store(data_dir)
    result.update(measure_simulator())
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
