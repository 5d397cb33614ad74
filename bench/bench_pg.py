"""A team workspace on PostgreSQL with 1,000,000 orders (issue 28): the history, placing, live.

A throwaway cluster (tests/pg_support.py: a temp folder, a Unix socket, PostgreSQL's default
settings, removed at the end), the team schema at its newest step, 1,000,000 orders over four
panels and two years written by SQL (every trigger of the schema live: the order tally, the
books' and the watch's tallies, the change notifications; the trigram index built after the
load, as ``pg_restore`` does). Then, on one desk's connection:

Keys:
  pg_history_first_page_1m_s    the Orders page's first page, as the page asks for it (its worker
                                ``ui.orders.model._first_page``: ``Workspace.order_page`` of the
                                newest 300, their refill windows, ``Workspace.order_count`` capped
                                at 10,000), on an operator's team ``Workspace``.
  pg_history_search_1m_max_ms   one search's first page the same way (the page of 300, newest
                                first, and its count capped at 10,001: ``PgOrderQueries`` through
                                the trigram indexes, pg_trgm): the slowest (median per query) of
                                a remote id, a link fragment, a common service word, a rare
                                service word, no match and a fragment of frequent trigrams
                                ("bench100").
  pg_place_order_ms             ``Workspace.place_order`` on an operator's team workspace: the
                                quote, the order recorded as "submitting" (heartbeat, link lock,
                                insert, event, commit), sent to the simulator on 127.0.0.1, its
                                answer recorded.
  pg_notify_to_other_desk_ms    from a desk's call that records an order to another desk's
                                ``Workspace.wait_changes`` (its ``TeamStore``'s change feed:
                                LISTEN/NOTIFY) handing over the new order's id.
  pg_build_1m_s                 building the set (info).

The set itself is written by SQL (a million orders through the app would take hours); every
figure is read through the app's own calls. ``--explain`` prints the plans (EXPLAIN ANALYZE,
BUFFERS) of the statements the app ran for each search.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import figure  # noqa: E402  (sets QT_QPA_PLATFORM)

ORDERS = 1_000_000
BATCH = 100_000
RUNS = 5
PLACE_RUNS = 40
NOTIFY_RUNS = 20
T0 = 1_700_000_000_000
SPAN_MS = 2 * 365 * 86_400_000
STATES = ("completed", "completed", "completed", "in_progress", "pending", "partial",
          "canceled")
NAMES = ([f"Instagram Likes [Max {k}K] Cheapest" for k in range(1, 31)]
         + [f"TikTok Views Fast {k}" for k in range(1, 16)]
         + [f"YouTube Subscribers Retention {k}" for k in range(1, 5)]
         + ["Spotify Plays Premium Zanzibar"])  # a rare word: 1 service of 50
QUERIES = ("1054321", "bench10777", "instagram", "zanzibar", "no-such-order-zzz", "bench100")
OPERATOR, OPERATOR_PASSWORD = "bench_op", "bench-password"
EXPLAIN = False


def build(conn: Any) -> float:
    from smmdesk.store.pg.schema import ORDER_SEARCH_DOC

    t0 = time.perf_counter()
    for p in range(4):
        conn.execute("INSERT INTO smmdesk.panels (id, name, url, created_at) VALUES "
                     "(%s, %s, %s, %s)", (f"p{p}", f"Panel {p}", f"https://p{p}.example/api/v2",
                                          T0))
    for i, name in enumerate(NAMES, 1):
        conn.execute("INSERT INTO smmdesk.order_names (id, name, folded) VALUES (%s, %s, %s)",
                     (i, name, name.lower()))
    conn.execute("DROP INDEX smmdesk.orders_search")
    conn.commit()
    states = "ARRAY[" + ", ".join(f"'{s}'" for s in STATES) + "]"
    for lo in range(1, ORDERS + 1, BATCH):
        hi = min(ORDERS, lo + BATCH - 1)
        conn.execute(f"""
            INSERT INTO smmdesk.orders (panel_id, service_id, name_id, service_type, remote_id,
                submit_state, state, link, quantity, fields, charge_estimate, charge, currency,
                home_rate, remains, created_at, updated_at, search_text)
            SELECT 'p' || (g % 4), g % {len(NAMES)} + 1, g % {len(NAMES)} + 1, 'Default',
                1000000 + g, 'placed', ({states})[g % {len(STATES)} + 1],
                'https://instagram.com/p/bench' || g, 100 + g % 900, '{{}}',
                ((100 + g % 900) * 0.0012)::numeric(12, 4), NULL, 'USD', 1,
                CASE WHEN g % {len(STATES)} = 5 THEN g % 100 END,
                {T0} - {SPAN_MS} + g::bigint * {SPAN_MS // ORDERS},
                {T0} - {SPAN_MS} + g::bigint * {SPAN_MS // ORDERS} + 3600000,
                'https://instagram.com/p/bench' || g
            FROM generate_series({lo}, {hi}) g""".encode())
        conn.commit()
        print(f"  {hi:,} orders ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    conn.execute("SET maintenance_work_mem = '256MB'")
    conn.execute(f"CREATE INDEX orders_search ON smmdesk.orders USING gin ({ORDER_SEARCH_DOC} "
                 f"smmdesk.gin_trgm_ops)".encode())
    conn.commit()
    conn.execute("SELECT setval(pg_get_serial_sequence('smmdesk.orders', 'id'), %s)",
                 (ORDERS,))
    conn.execute("SELECT setval(pg_get_serial_sequence('smmdesk.order_names', 'id'), %s)",
                 (len(NAMES),))
    conn.commit()
    conn.autocommit = True
    conn.execute("VACUUM ANALYZE smmdesk.orders")
    conn.execute("VACUUM ANALYZE smmdesk.order_names")
    conn.autocommit = False
    return time.perf_counter() - t0


@contextmanager
def statements(ws: Any) -> Iterator[list[tuple[str, list[Any]]]]:
    """The statements ``ws``'s orders list runs meanwhile (for ``--explain``)."""
    db = ws.store.queries.db
    seen: list[tuple[str, list[Any]]] = []
    read = db.read

    def recording(query: str, args: Any = ()) -> Any:
        seen.append((query, list(args)))
        return read(query, args)

    db.read = recording
    try:
        yield seen
    finally:
        del db.read


def first_page(ws: Any, search: str | None = None) -> tuple[int, int]:
    """The Orders page's first page under a search (None: none), as the page's worker asks
    for it: (the rows shown, the total it says)."""
    from smmdesk.history import HistoryFilter
    from ui.orders.model import PAGE_SIZE, SORT_FIELDS, Col, _first_page

    _, total, rows, _ = _first_page(ws, 0, HistoryFilter(search=search),
                                    (SORT_FIELDS[Col.TIME], True), PAGE_SIZE)
    return len(rows), total


def measure_history(ws: Any, explain: bool) -> dict[str, Any]:
    from ui.orders.model import COUNT_CAP, PAGE_SIZE

    first = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        shown, total = first_page(ws)
        first.append(time.perf_counter() - t0)
        assert shown == PAGE_SIZE and total == ORDERS, (shown, total)
    counted = ws.order_counts()["all"]
    assert counted == ORDERS, counted
    per_query: dict[str, list[float]] = {}
    for q in QUERIES:
        samples = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            shown, total = first_page(ws, q)
            samples.append((time.perf_counter() - t0) * 1000)
        per_query[q] = samples
        said = f"{COUNT_CAP:,}+" if total > COUNT_CAP else f"{total}"
        print(f"history search {q!r}: {shown} shown, {said} counted, median "
              f"{statistics.median(samples):.1f} ms (range {min(samples):.1f}-"
              f"{max(samples):.1f})", file=sys.stderr)
        if explain:
            with statements(ws) as seen:
                first_page(ws, q)
            for sql, args in seen:
                plan = ws.store.queries.db.read("EXPLAIN (ANALYZE, BUFFERS) " + sql, args)
                print(f"--- {q}: {sql}\n    {args}\n" + "\n".join(r[0] for r in plan),
                      file=sys.stderr)
    slowest = max(per_query, key=lambda k: statistics.median(per_query[k]))
    print(f"history first page: median {statistics.median(first) * 1000:.1f} ms; slowest "
          f"search {slowest!r}", file=sys.stderr)
    return {"pg_history_first_page_1m_s": figure(first),
            "pg_history_search_1m_max_ms": figure(per_query[slowest])}


def measure_place(ws: Any, admin: Any, dsn_op: str, url_op: str) -> dict[str, Any]:
    """``ws``: the operator's team workspace; ``admin``: the team admin's (adds the panel)."""
    import psycopg

    from smmdesk.demo.server import PanelSimulator
    from smmdesk.store.pg import live, placement
    from smmdesk.store.pg.location import parse_store
    from smmdesk.store.pg.store import TeamStore

    out: dict[str, Any] = {}
    with PanelSimulator(services=50, balance=Decimal("1000000")) as sim:
        # The admin adds the panel (its key to this desk's keyring: here, the process's
        # memory) and reads its services, as Settings -> Panels does.
        panel = admin.add_panel("Simulator", sim.url, sim.key)
        admin.refresh_services(panel.id)
        service = min((r.service for r in ws.services(panel.id)
                       if r.service.type == "Default"), key=lambda s: s.rate)

        def place(i: int) -> None:
            order = ws.place_order(panel.id, service.id, {
                "link": f"https://instagram.com/p/pgbench{i}", "quantity": str(service.min)})
            assert order.remote_id is not None, order

        place(-1)  # the first: the client's connection, the statements' plans
        samples = []
        for i in range(PLACE_RUNS):
            t0 = time.perf_counter()
            place(i)
            samples.append((time.perf_counter() - t0) * 1000)
        out["pg_place_order_ms"] = figure(samples)
        print(f"place order: median {statistics.median(samples):.1f} ms (range "
              f"{min(samples):.1f}-{max(samples):.1f})", file=sys.stderr)
        # (info, stderr) the same with the quote's overlap check left out (``watch.overlapping``
        # reads every active order's link and compares them in Python): what the rest costs.
        import smmdesk.placing as placing_module

        real_overlapping = placing_module.overlapping
        placing_module.overlapping = lambda *args, **kwargs: []  # type: ignore[assignment]
        try:
            rest = []
            for i in range(PLACE_RUNS):
                t0 = time.perf_counter()
                place(PLACE_RUNS + i)
                rest.append((time.perf_counter() - t0) * 1000)
        finally:
            placing_module.overlapping = real_overlapping
        print(f"place order without the overlap check (info): median "
              f"{statistics.median(rest):.1f} ms (range {min(rest):.1f}-{max(rest):.1f})",
              file=sys.stderr)

        # The notification's own path, apart from sending: one desk's connection records an
        # order (``placement.record_submitting``) while another listens.
        desk = psycopg.connect(dsn_op, password=OPERATOR_PASSWORD)
        desk.execute("SET search_path = smmdesk, public")
        live.beat(desk, "bench-desk", ttl=timedelta(minutes=10))
        desk.commit()

        # Another desk listening, through the app's own path (``Workspace.wait_changes`` =
        # ``TeamStore.wait_changes``: its change feed on a connection of its own): from the call
        # that records an order to the other desk holding the order's id.
        folder = tempfile.TemporaryDirectory()
        other = TeamStore(parse_store(url_op), Path(folder.name), heartbeat=False)
        other.wait_changes(0.2)  # listening (and drained)
        got: list[float] = []
        for i in range(NOTIFY_RUNS):
            stamp: list[float] = []

            def listen(stamp: list[float] = stamp) -> None:
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline:
                    changes = other.wait_changes(deadline - time.monotonic())
                    if changes is not None and changes.orders_added:
                        stamp.append(time.perf_counter())
                        return

            th = threading.Thread(target=listen)
            th.start()
            time.sleep(0.05)  # the listener is in its wait
            t0 = time.perf_counter()
            placement.record_submitting(
                desk, desk_id="bench-desk", panel_id=panel.id, service=service, fields={},
                link=f"https://instagram.com/p/notify{i}", quantity=service.min,
                charge_estimate=None, currency="USD")
            th.join(15)
            if stamp:
                got.append((stamp[0] - t0) * 1000)
        other.close()
        folder.cleanup()
        desk.close()
        out["pg_notify_to_other_desk_ms"] = figure(got) if len(got) == NOTIFY_RUNS else None
    return out


def measure_desks(cluster: Any) -> dict[str, Any]:
    """The figures read through an operator's team ``Workspace`` (and the admin's, who adds
    the simulator's panel). The passwords and the panel's key stay in this process's memory:
    the bench touches no keyring."""
    import keyring
    from keyring.backends import null

    from smmdesk.store.pg.connection import StorePasswords
    from smmdesk.store.pg.location import parse_store
    from smmdesk.workspace import Workspace
    from tests.pg_support import SUPERUSER

    keyring.set_keyring(null.Keyring())
    url_op = cluster.url("bench", OPERATOR)
    StorePasswords().set(parse_store(url_op), OPERATOR_PASSWORD)
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        ws = Workspace(Path(folder) / "operator", store=url_op)
        admin = Workspace(Path(folder) / "admin", store=cluster.url("bench", SUPERUSER))
        try:
            out.update(measure_history(ws, EXPLAIN))
            out.update(measure_place(ws, admin, cluster.dsn("bench", OPERATOR), url_op))
        finally:
            admin.close()
            ws.close()
    return out


def main(argv: list[str] | None = None) -> int:
    global ORDERS, EXPLAIN
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--explain", action="store_true", help="print the search plans (stderr)")
    ap.add_argument("--orders", type=int, default=1_000_000, help="a smaller set, to try it out "
                    "(the keys keep their names: report the size with the figures)")
    args = ap.parse_args(argv)
    ORDERS, EXPLAIN = args.orders, args.explain
    keys = ("pg_history_first_page_1m_s", "pg_history_search_1m_max_ms", "pg_place_order_ms",
            "pg_notify_to_other_desk_ms", "pg_build_1m_s")
    try:
        from tests.pg_support import PgCluster, PostgresMissing
        cluster = PgCluster()
    except (ImportError, PostgresMissing) as e:
        print(f"no PostgreSQL to measure on: {e}", file=sys.stderr)
        print(json.dumps(dict.fromkeys(keys)))
        return 0
    from smmdesk.store.pg import schema
    from smmdesk.team.users import team_add_user

    print(f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs",
          file=sys.stderr)
    t0 = time.perf_counter()
    cluster.start()
    try:
        cluster.admin_sql("CREATE DATABASE bench")
        results: dict[str, Any] = {}
        with cluster.connect("bench") as conn:
            schema.create_schema(conn)
            print(f"building {ORDERS:,} orders (load {os.getloadavg()[0]:.1f})…",
                  file=sys.stderr)
            results["pg_build_1m_s"] = round(build(conn), 1)
        with cluster.connect("bench", autocommit=True) as conn:
            team_add_user(conn, OPERATOR, "operator", OPERATOR_PASSWORD)
        results.update(measure_desks(cluster))
        print(f"measured under load {' '.join(f'{x:.2f}' for x in os.getloadavg())} on "
              f"{os.cpu_count()} CPUs; {time.perf_counter() - t0:.0f} s in all",
              file=sys.stderr)
    finally:
        cluster.stop()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
