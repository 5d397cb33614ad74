"""Provider watch (issue 27): statistics and attention over a history of a million orders.

Keys:
  service_stats_1m_ms       ``ws.service_stats(panel, service)`` of the busiest service (10,000
                            orders spread over a year), with 1,000,000 orders in the history,
                            over the default 90 days; median over runs.
  service_stats_year_1m_ms  the same over 365 days (every day of the service read; info).
  attention_1m_ms           ``ws.attention(now)`` with 1,000,000 orders in the history, 2,000
                            of them active (placed in the last day, half of them started,
                            on 480 services), as the status timer calls it: after
                            ``prepare_attention`` read the services' statistics for the day
                            (as ``compare_200k_ms`` is measured after the indexes are
                            built); median over runs × 3 calls.
  attention_prepare_1m_ms   ``ws.prepare_attention(now)``: those statistics read, once per day
                            on a worker (info: the first check of a day pays it).
(``compare_200k_ms`` in bench_compare.py goes through the statistics too.)

The history is written through the store's own statements, so the roll-ups are the triggers'
(schema v18): 500 services, each order placed, then in progress, then finished (about 8 %
Partial and 3 % Canceled), at known times.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import figure  # noqa: E402
from bench.fixtures import cached_data_dir, catalogue, working_copy  # noqa: E402

PANEL = "benchwatch000001"
ORDERS = 1_000_000
SERVICES = 500
ACTIVE = 2_000
DAYS = 365
RUNS = 7
DAY_MS = 86_400_000
NOW_MS = 1_795_000_000_000  # a fixed "now" (2026-11-18): the data and the calls agree


def build(data_dir: Path) -> None:
    from smmdesk.models import Panel
    from smmdesk.store import Store
    from smmdesk.store.migrations import STATE_CODES, SUBMIT_CODES, TYPE_CODES

    store = Store(data_dir)
    store.panels.insert_panel(
        Panel(PANEL, "Watch bench", "http://127.0.0.1:9/api/v2", currency="USD"))
    services = catalogue(SERVICES * 4, seed=5)[:SERVICES]
    store.services.apply_services(PANEL, services)
    rng = random.Random(27)
    # the busiest service first: 10,000 orders; the rest share the remainder
    weights = [10_000] + [(ORDERS - 10_000 - ACTIVE) // (SERVICES - 1)] * (SERVICES - 1)
    weights[-1] += ORDERS - ACTIVE - sum(weights)
    with store.db.transaction() as c:
        key = c.execute("INSERT INTO panel_keys (id) VALUES (?) RETURNING key",
                        (PANEL,)).fetchone()[0]
        names = {}
        for s in services:
            names[s.id] = c.execute("INSERT INTO order_names (name, folded) VALUES (?, ?) "
                                    "ON CONFLICT (name) DO UPDATE SET name = name RETURNING id",
                                    (s.name, s.name.lower())).fetchone()[0]
    def write(rows: list[tuple], *changes: list[tuple]) -> None:
        """Orders placed (pending), then each batch of state changes: the triggers see the
        same statements as a status apply."""
        with store.db.transaction() as c:
            c.executemany(
                "INSERT INTO orders (id, panel_key, service_id, name_id, type_code, "
                "submit_code, state_code, link, quantity, fields, created_at, updated_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,'{}',?,?)", rows)
            for batch in changes:
                c.executemany("UPDATE orders SET state_code = ?, updated_at = ? WHERE id = ?",
                              batch)

    remote = 1
    placed = SUBMIT_CODES["placed"]
    codes = STATE_CODES
    for s, count in zip(services, weights, strict=True):
        rows, starts, ends = [], [], []
        start_h = rng.uniform(0.2, 6)
        done_h = start_h + rng.uniform(1, 48)
        for _ in range(count):
            created = NOW_MS - DAY_MS * 2 - int(rng.random() * DAYS * DAY_MS)
            rows.append((remote, key, s.id, names[s.id], TYPE_CODES.get(s.type, s.type), placed,
                         codes["pending"], f"https://instagram.com/p/w{remote}", 100, created,
                         created))
            started = created + int(start_h * 3_600_000 * rng.uniform(0.5, 2))
            starts.append((codes["in_progress"], started, remote))
            r = rng.random()
            final = "canceled" if r < 0.03 else "partial" if r < 0.11 else "completed"
            ends.append((codes[final], started + int(done_h * 3_600_000 * rng.uniform(0.5, 2)),
                         remote))
            remote += 1
        write(rows, starts, ends)
    # The active ones: placed in the last day, on services at random, half of them started.
    rows, starts = [], []
    for i in range(ACTIVE):
        s = services[rng.randrange(SERVICES)]
        created = NOW_MS - int(rng.random() * DAY_MS)
        rows.append((remote, key, s.id, names[s.id], TYPE_CODES.get(s.type, s.type), placed,
                     codes["pending"], f"https://instagram.com/p/w{remote}", 100, created,
                     created))
        if i % 2:
            starts.append((codes["in_progress"], created + 600_000, remote))
        remote += 1
    write(rows, starts)
    store.close()


def main() -> int:
    from smmdesk.store import from_ms
    from smmdesk.workspace import Workspace

    t0 = time.perf_counter()
    source = cached_data_dir("watch1m", build)
    print(f"history ready in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    tmp = tempfile.TemporaryDirectory(prefix="smmdesk-bench-watch-")
    ws = Workspace(working_copy(source, Path(tmp.name) / "data"))
    now = from_ms(NOW_MS)
    assert now is not None
    busiest = ws.store.db.read(
        "SELECT service_id FROM orders GROUP BY service_id ORDER BY COUNT(*) DESC LIMIT 1")[0][0]
    assert ws.store.db.read("SELECT COUNT(*) FROM orders")[0][0] == ORDERS

    stats_ms: list[float] = []
    year_ms: list[float] = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        st = ws.service_stats(PANEL, busiest, now=now)
        stats_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        year = ws.service_stats(PANEL, busiest, days=365, now=now)
        year_ms.append((time.perf_counter() - t0) * 1000)
    assert st.orders > 1000 and st.start_p90_s is not None, st
    assert year.orders >= 9_000, year

    prepare_ms: list[float] = []
    attention_ms: list[float] = []
    found = 0
    for _ in range(RUNS):
        ws._watch.forget_thresholds()
        t0 = time.perf_counter()
        ws.prepare_attention(now)
        prepare_ms.append((time.perf_counter() - t0) * 1000)
        for _call in range(3):
            t0 = time.perf_counter()
            found = len(ws.attention(now))
            attention_ms.append((time.perf_counter() - t0) * 1000)
    ws.close()
    tmp.cleanup()
    print(f"busiest service {busiest}: {st.orders} orders in 90 days, start p50 "
          f"{st.start_p50_s:.0f} s, p90 {st.start_p90_s:.0f} s, partial {st.partial_rate:.3f}; "
          f"attention found {found} of {ACTIVE} active", file=sys.stderr)
    print(json.dumps({
        "service_stats_1m_ms": figure(stats_ms),
        "service_stats_year_1m_ms": figure(year_ms),
        "attention_1m_ms": figure(attention_ms),
        "attention_prepare_1m_ms": figure(prepare_ms),
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
