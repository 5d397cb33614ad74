"""The reseller's books over the large set (issue 26): the Reports page's query over 1,000,000
orders (4 panels, USD/TRY/EUR/INR, home USD; INR has no rate, so its orders are counted apart),
10 % of them sold to 50 customers with a sell price, every order of a currency with a rate given
that rate, as the app records it when placing.

Keys:
  ledger_by_month_1m_ms     ``Workspace.ledger(by="month")`` over all time (24 months), the
                            median of the runs (the first run, with cold caches, included).
  ledger_by_customer_1m_ms  ``ledger(by="customer")`` over the last 90 days (part-days at
                            both ends read from the orders), info.
  ledger_statement_1m_ms    ``Workspace.statement`` of a customer with 20,000 sales over its
                            last 30 days ("Owed before" over the sales before them), info.
  ledger_db_growth_pct      the file (VACUUMed) with the books (the v17 columns filled as
                            above, the tally, the customers' index) against the same data with
                            them emptied and dropped, in percent.
  ledger_sell_10pct_s       selling the 100,000 orders (one UPDATE through the triggers), info.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import figure  # noqa: E402
from bench.fixtures import LARGE_RATES, large_data_dir, working_copy  # noqa: E402

RUNS = 7
CUSTOMERS = 50


def vacuumed_mb(db: Path) -> float:
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
    finally:
        conn.close()
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6


def sell(data: Path) -> float:
    """Give the orders their rates and 10 % of them a customer, through the real triggers."""
    from smmdesk.store import DB_NAME, migrations

    conn = sqlite3.connect(data / DB_NAME, isolation_level=None)
    migrations.register_functions(conn)
    try:
        conn.execute("BEGIN")
        for i in range(1, CUSTOMERS + 1):
            conn.execute("INSERT INTO customers (name, folded, created_at) VALUES (?, ?, 0)",
                         (f"Customer {i}", f"customer {i}"))
        t0 = time.perf_counter()
        rates = {"USD": "1", **{k: str(v) for k, v in LARGE_RATES.items()}}
        for cur, rate in rates.items():
            conn.execute("UPDATE orders SET home_rate = ? WHERE panel_key IN (SELECT k.key "
                         "FROM panel_keys k JOIN panels p ON p.id = k.id WHERE p.currency = ?)",
                         (rate, cur))
        conn.execute(f"UPDATE orders SET customer_id = 1 + id % {CUSTOMERS}, "
                     "sell_price = CAST(1 + id % 97 AS TEXT) || '.50' WHERE id % 10 = 0")
        conn.execute("COMMIT")
        return time.perf_counter() - t0
    finally:
        conn.close()


def bare(db: Path) -> None:
    """The same data without the books: what the file would be without v17."""
    from smmdesk.store import migrations

    conn = sqlite3.connect(db, isolation_level=None)
    migrations.register_functions(conn)
    try:
        conn.execute("BEGIN")
        for t in ("ledger_insert", "ledger_delete", "ledger_update"):
            conn.execute(f"DROP TRIGGER {t}")
        conn.execute("DROP TABLE ledger_tally")
        conn.execute("DROP INDEX orders_customer")
        conn.execute("UPDATE orders SET customer_id = NULL, sell_price = NULL, home_rate = NULL")
        conn.execute("COMMIT")
    finally:
        conn.close()


def main() -> int:
    import shutil

    from smmdesk.store import DB_NAME
    from smmdesk.workspace import Workspace

    src = large_data_dir()
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="smmdesk-bench-ledger-") as tmp_name:
        tmp = Path(tmp_name)
        data = working_copy(src, tmp / "data")
        out["ledger_sell_10pct_s"] = round(sell(data), 2)
        ws = Workspace(data)
        try:
            samples = []
            rows = []
            for _ in range(RUNS):
                t0 = time.perf_counter()
                rows = ws.ledger(by="month")
                samples.append((time.perf_counter() - t0) * 1000)
            assert sum(r.orders for r in rows) + sum(
                a.orders for r in rows for a in r.apart) > 900_000, "the set is not there"
            out["ledger_by_month_1m_ms"] = figure(samples)
            now = datetime.now(UTC)
            samples = []
            for _ in range(RUNS):
                t0 = time.perf_counter()
                ws.ledger(by="customer", since=now - timedelta(days=90, hours=5), until=now)
                samples.append((time.perf_counter() - t0) * 1000)
            out["ledger_by_customer_1m_ms"] = figure(samples)
            # A customer's statement of the last 30 days: its "Owed before" over the ~20,000
            # sales before them (the tally, not the orders read whole).
            customer = ws.customers()[0].id
            samples = []
            for _ in range(RUNS):
                t0 = time.perf_counter()
                ws.statement(customer, now - timedelta(days=30, hours=5), now)
                samples.append((time.perf_counter() - t0) * 1000)
            out["ledger_statement_1m_ms"] = figure(samples)
        finally:
            ws.close()
        with_books = vacuumed_mb(data / DB_NAME)
        plain = tmp / "plain"
        shutil.copytree(data, plain)
        bare(plain / DB_NAME)
        without = vacuumed_mb(plain / DB_NAME)
        out["ledger_db_growth_pct"] = round((with_books - without) / without * 100, 2)
        print(f"db with the books {with_books:.1f} MB, without {without:.1f} MB",
              file=sys.stderr)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
