"""A team workspace on PostgreSQL with 1,000,000 orders (issue 28): the history, placing, live.

A throwaway cluster (tests/pg_support.py: a temp folder, a Unix socket, PostgreSQL's default
settings, removed at the end), the team schema at its newest step, 1,000,000 orders over four
panels and two years written by SQL (every trigger of the schema live: the order tally, the
books' and the watch's tallies, the change notifications; the trigram index built after the
load, as ``pg_restore`` does). Then, on one desk's connection:

Keys:
  pg_history_first_page_1m_s    the history's first page: the newest 300 orders with their service
                                names, and the total from the order tally.
  pg_history_search_1m_max_ms   one search's first page (300, newest first) and its count capped
                                at 10,001 (as the Orders page asks), through the trigram index
                                (pg_trgm) over the folded link and order id, or the service
                                names': the slowest (median per query) of a remote id, a link
                                fragment, a common service word, a rare service word, no match
                                and a fragment of frequent trigrams ("bench100").
  pg_place_order_ms             one order recorded (``placement.record_submitting``: heartbeat,
                                link lock, insert, event, commit), sent to the simulator on
                                127.0.0.1, its answer recorded (``set_submit_result``).
  pg_notify_to_other_desk_ms    from a desk's call that records an order to another desk's
                                ``Workspace.wait_changes`` (its ``TeamStore``'s change feed:
                                LISTEN/NOTIFY) handing over the new order's id.
  pg_build_1m_s                 building the set (info).

The orders list's own PostgreSQL queries belong to the store's PostgreSQL repositories (issue
28's engine port): until they land, these are this script's SQL of the same page and search,
written to use the schema's indexes; ``--explain`` prints their plans.
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
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import figure  # noqa: E402

ORDERS = 1_000_000
BATCH = 100_000
PAGE = 300
COUNT_CAP = 10_000
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
COLUMNS = ("o.id, o.panel_id, o.service_id, n.name, o.service_type, o.remote_id, "
           "o.submit_state, o.state, o.raw_status, o.error, o.link, o.quantity, o.fields, "
           "o.charge_estimate, o.charge, o.currency, o.start_count, o.remains, o.runs, "
           "o.interval, o.not_found, o.created_at, o.updated_at, o.likely_duplicate, "
           "o.tracked, o.placed_by, o.customer_id, o.sell_price, o.outcome")


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


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def page_sql() -> str:
    return (f"SELECT {COLUMNS} FROM smmdesk.orders o JOIN smmdesk.order_names n "
            f"ON n.id = o.name_id ORDER BY o.created_at DESC, o.id DESC LIMIT {PAGE}")


def search_where() -> str:
    from smmdesk.store.pg.schema import ORDER_SEARCH_DOC

    doc = ORDER_SEARCH_DOC.replace("search_text", "o.search_text").replace(
        "remote_id", "o.remote_id")
    return f"({doc} LIKE %(pat)s OR o.name_id = ANY(%(names)s))"


def search_sql() -> tuple[str, str]:
    where = search_where()
    page = (f"SELECT {COLUMNS} FROM smmdesk.orders o JOIN smmdesk.order_names n "
            f"ON n.id = o.name_id WHERE {where} ORDER BY o.created_at DESC, o.id DESC "
            f"LIMIT {PAGE}")
    count = (f"SELECT count(*) FROM (SELECT 1 FROM smmdesk.orders o WHERE {where} "
             f"LIMIT {COUNT_CAP + 1}) s")
    return page, count


class Searcher:
    """How a search goes, as the SQLite engine decides it (``queries._search_plan``): a term
    that few orders hold goes through the indexes (the trigram index for the link and order id,
    the names' index for the service), its matches sorted; one that many hold reads the newest
    orders first and stops at the page (and the count at its cap). PostgreSQL's planner cannot
    tell the two apart (a LIKE pattern's selectivity is a guess), so the share of matches in a
    sample of the newest orders decides, for the page and the capped count apart: the page
    walks the newest orders when 300 matches come within a few tens of thousands of rows; the
    count, whose cap stops it early only where matches are dense, goes through the indexes
    up to a larger share."""

    SAMPLE = 20_000
    PAGE_INDEXED_BELOW = 0.01  # of the orders match: the page from the indexes, sorted
    COUNT_INDEXED_UP_TO = 0.10  # the capped count from the indexes' bitmap

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        rows = conn.execute(
            "SELECT o.search_text || E'\\n' || COALESCE(o.remote_id::text, ''), o.name_id "
            "FROM smmdesk.orders o ORDER BY o.created_at DESC, o.id DESC LIMIT %s",
            (self.SAMPLE,)).fetchall()
        conn.commit()
        self.sample = [(doc or "", name_id) for doc, name_id in rows]

    def share(self, folded: str, names: list[int]) -> float | None:
        """The share of the sampled orders that match; None: the indexes cannot help (a term
        of fewer than 3 characters has no trigram)."""
        if len(folded) < 3 or not self.sample:
            return None
        ids = set(names)
        hits = sum(1 for doc, name_id in self.sample if folded in doc or name_id in ids)
        return hits / len(self.sample)

    def plan(self, folded: str, names: list[int]) -> tuple[bool, bool]:
        """(the page through the indexes, the count through the indexes)."""
        share = self.share(folded, names)
        if share is None:
            return False, False
        return share < self.PAGE_INDEXED_BELOW, share <= self.COUNT_INDEXED_UP_TO

    def _run(self, query: str, args: dict[str, Any], indexed: bool) -> list[Any]:
        with self.conn.transaction():
            if indexed:  # the bitmap of the indexes' matches, never the newest-first walk
                self.conn.execute("SET LOCAL enable_indexscan = off")
                self.conn.execute("SET LOCAL enable_seqscan = off")
            return self.conn.execute(query.encode(), args).fetchall()

    def search(self, folded: str) -> tuple[list[Any], int, tuple[bool, bool]]:
        page, count = search_sql()
        pat = _like(folded)
        names = [r[0] for r in self.conn.execute(
            "SELECT id FROM smmdesk.order_names WHERE folded LIKE %s", (pat,))]
        plan = self.plan(folded, names)
        args = {"pat": pat, "names": names}
        found = self._run(page, args, plan[0])
        n = self._run(count, args, plan[1])[0][0]
        self.conn.commit()
        return found, n, plan


def measure_history(conn: Any, explain: bool) -> dict[str, Any]:
    from smmdesk.textnorm import fold

    first = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        rows = conn.execute(page_sql()).fetchall()
        total = conn.execute("SELECT COALESCE(sum(n), 0) FROM smmdesk.order_tally").fetchone()
        conn.commit()
        first.append(time.perf_counter() - t0)
        assert len(rows) == PAGE and int(total[0]) == ORDERS, (len(rows), total)
    per_query: dict[str, list[float]] = {}
    searcher = Searcher(conn)
    for q in QUERIES:
        if explain:
            page, _ = search_sql()
            pat = _like(fold(q))
            names = [r[0] for r in conn.execute(
                "SELECT id FROM smmdesk.order_names WHERE folded LIKE %s", (pat,))]
            with conn.transaction():
                if searcher.plan(fold(q), names)[0]:
                    conn.execute("SET LOCAL enable_indexscan = off")
                    conn.execute("SET LOCAL enable_seqscan = off")
                plan = conn.execute(("EXPLAIN (ANALYZE, BUFFERS) " + page).encode(),
                                    {"pat": pat, "names": names}).fetchall()
            print(f"--- {q}\n" + "\n".join(r[0] for r in plan), file=sys.stderr)
            conn.commit()
        samples = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            found, n, (by_index, count_by_index) = searcher.search(fold(q))
            samples.append((time.perf_counter() - t0) * 1000)
        per_query[q] = samples
        how = (f"page {'indexes' if by_index else 'newest first'}, count "
               f"{'indexes' if count_by_index else 'newest first'}")
        print(f"history search {q!r} ({how}): "
              f"{len(found)} shown, {n} counted, median {statistics.median(samples):.1f} ms",
              file=sys.stderr)
    slowest = max(per_query, key=lambda k: statistics.median(per_query[k]))
    return {"pg_history_first_page_1m_s": figure(first),
            "pg_history_search_1m_max_ms": figure(per_query[slowest])}


def measure_place(dsn_admin: str, dsn_op: str, password: str, url_op: str
                  ) -> dict[str, Any]:
    import psycopg

    from smmdesk.api import PanelClient
    from smmdesk.demo.server import PanelSimulator
    from smmdesk.store.pg import live, placement
    from smmdesk.store.pg.connection import StorePasswords
    from smmdesk.store.pg.location import parse_store
    from smmdesk.store.pg.store import TeamStore

    class _Given(StorePasswords):
        """The operator's password as given (the bench touches no keyring)."""

        def __init__(self, password: str) -> None:
            self.password = password

        def get(self, location: Any) -> str | None:
            return self.password
    from tests.pg_support import simulator_service

    out: dict[str, Any] = {}
    with PanelSimulator(services=50, balance=Decimal("1000000")) as sim:
        service = simulator_service(sim)
        with psycopg.connect(dsn_admin) as admin:
            admin.execute("INSERT INTO smmdesk.panels (id, name, url, created_at) VALUES "
                          "('sim', 'Simulator', %s, %s)", (sim.url, T0))
        desk = psycopg.connect(dsn_op, password=password)
        desk.execute("SET search_path = smmdesk, public")
        live.beat(desk, "bench-desk", ttl=timedelta(minutes=10))
        desk.commit()
        client = PanelClient(sim.url, sim.key, retries=0)

        def place(i: int) -> int:
            link = f"https://instagram.com/p/pgbench{i}"
            order_id = placement.record_submitting(
                desk, desk_id="bench-desk", panel_id="sim", service=service,
                fields={"link": link, "quantity": service.min}, link=link,
                quantity=service.min, charge_estimate=service.rate, currency="USD")
            answer = client.place(service.id, link=link, quantity=service.min)
            placement.set_submit_result(desk, order_id, answer.outcome,
                                        remote_id=answer.order, error=answer.text or None)
            return order_id

        place(-1)  # the first: the client's connection, the statements' plans
        samples = []
        for i in range(PLACE_RUNS):
            t0 = time.perf_counter()
            place(i)
            samples.append((time.perf_counter() - t0) * 1000)
        out["pg_place_order_ms"] = figure(samples)

        # Another desk listening, through the app's own path (``Workspace.wait_changes`` =
        # ``TeamStore.wait_changes``: its change feed on a connection of its own): from the call
        # that records an order to the other desk holding the order's id.
        folder = tempfile.TemporaryDirectory()
        other = TeamStore(parse_store(url_op), Path(folder.name), passwords=_Given(password),
                          heartbeat=False)
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
                desk, desk_id="bench-desk", panel_id="sim", service=service, fields={},
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


def main(argv: list[str] | None = None) -> int:
    global ORDERS
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--explain", action="store_true", help="print the search plans (stderr)")
    ap.add_argument("--orders", type=int, default=1_000_000, help="a smaller set, to try it out "
                    "(the keys keep their names: report the size with the figures)")
    args = ap.parse_args(argv)
    ORDERS = args.orders
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
            team_add_user(conn, "bench_op", "operator", "bench-password")
        with cluster.connect("bench") as conn:
            results.update(measure_history(conn, args.explain))
        results.update(measure_place(cluster.dsn("bench"), cluster.dsn("bench", "bench_op"),
                                     "bench-password", cluster.url("bench", "bench_op")))
        print(f"measured under load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
              file=sys.stderr)
    finally:
        cluster.stop()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
