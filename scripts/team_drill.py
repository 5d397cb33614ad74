"""The team drill (issue 28, "Done when"): several desks on one PostgreSQL, placing at once.

    .venv/bin/python scripts/team_drill.py [--desks 4] [--runs 200] [--lines 40] [--orders 1000]
                                           [--ttl 3]

A throwaway cluster (tests/pg_support.py: a temp folder, a Unix socket, removed at the end), the
team schema, one operator login per desk, one panel: the project's simulator on 127.0.0.1.
``--runs`` schedules (made with ``Workspace.schedule_order``) each have one run due now; every
desk — a separate process with its own ``Workspace`` on the team store (its own login, data
folder, connection, heartbeat and HTTP client) — runs ``Workspace.run_due`` at the same moment:
each run is claimed by the compare-and-swap on the schedule's run index in the transaction that
records its order (``store.pg.automation``, ``store.pg.placement``). Then every desk runs the
same ``--lines`` mass-order list (``massorder.run_batch``: one desk holds the list, the others
are told it is busy or find it placed) and places its share of ``--orders`` orders of its own
(``Workspace.place_order``). Then the kill: one more desk records an order, the panel does not
answer, the desk is killed (SIGKILL) mid-send; another desk looks for orphaned sends every
100 ms and may turn the order uncertain only once the killed desk's heartbeat (``--ttl``
seconds) has expired.

Prints its figures and checks; exit 0 when every check holds:
  every run placed exactly once; every mass-order line sent once; 0 duplicate (panel, remote
  id); 0 lost (the panel's ``add`` requests = the orders recorded placed = the panel's order
  ids); the killed desk's order untouched while its heartbeat lives, uncertain after.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from smmdesk.api import PanelClient  # noqa: E402
from smmdesk.demo.server import PanelSimulator  # noqa: E402
from smmdesk.models import Service  # noqa: E402
from smmdesk.store.pg import live, placement, schema  # noqa: E402
from smmdesk.team.users import team_add_user  # noqa: E402

PASSWORD = "drill-desk-password"


def _open_desk(dsn: str, desk_id: str, ttl_s: float) -> psycopg.Connection[Any]:
    conn = psycopg.connect(dsn, password=PASSWORD)
    conn.execute("SET search_path = smmdesk, public")
    live.beat(conn, desk_id, ttl=timedelta(seconds=ttl_s), pid=os.getpid())
    conn.commit()
    return conn


def _memory_keyring() -> None:
    """This process's keyring: a dict (the drill's desks share no OS keyring)."""
    import keyring

    from tests.conftest import MemoryKeyring  # deliberately lazy (a test helper)

    keyring.set_keyring(MemoryKeyring())


def desk(url: str, data_dir: str, panel_id: str, key: str, lines_text: str, own_orders: int,
         due: float, start: Any, out: Any) -> None:
    """One desk: its own Workspace on the team store (its login's password and the panel's key
    in this process's keyring); the due runs, the mass-order list, then its own orders."""
    from datetime import UTC, datetime

    from smmdesk import massorder
    from smmdesk.secrets import Secrets
    from smmdesk.store.pg.connection import StorePasswords
    from smmdesk.store.pg.location import parse_store
    from smmdesk.workspace import Workspace

    try:
        _memory_keyring()
        StorePasswords().set(parse_store(url), PASSWORD)
        Secrets().set(panel_id, key)
        ws = Workspace(Path(data_dir), store=url)
        try:
            service_id = next(int(line.split("|")[0]) for line in lines_text.splitlines())
            service = ws.service(panel_id, service_id)
            assert service is not None
            lines = massorder.check_lines(massorder.parse_lines(lines_text),
                                          {service.id: service})
            name = Path(data_dir).name
            mine = [f"https://instagram.com/p/{name}-{i}" for i in range(own_orders)]
            took_ms: list[float] = []
            start.wait()
            began = time.perf_counter()
            runs = [o.id for o in ws.run_due(datetime.fromtimestamp(due, UTC))]
            try:
                massorder.run_batch(ws, massorder.BatchStore(ws), panel_id, lines)
                busy = False
            except massorder.BatchBusy:  # a colleague's run holds the list right now
                busy = True
            orders = []
            for link in mine:
                t0 = time.perf_counter()
                orders.append(ws.place_order(panel_id, service.id,
                                             {"link": link, "quantity": str(service.min)}).id)
                took_ms.append((time.perf_counter() - t0) * 1000)
            out.put((name, {"runs": runs, "orders": orders, "busy": busy,
                            "ms": took_ms, "wall_s": time.perf_counter() - began}))
        finally:
            ws.close()
    except BaseException as e:
        out.put((Path(data_dir).name, f"FAILED: {type(e).__name__}: {e}"))
        raise


def hanging_desk(dsn: str, desk_id: str, url: str, key: str, service: Service, ttl_s: float,
                 panel_id: str, out: Any) -> None:
    conn = _open_desk(dsn, desk_id, ttl_s)
    order_id = placement.record_submitting(
        conn, desk_id=desk_id, panel_id=panel_id, service=service, fields={},
        link="https://instagram.com/p/killed", quantity=service.min, charge_estimate=None,
        currency="USD")
    out.put(order_id)
    PanelClient(url, key, retries=0, timeout=600).place(
        service.id, link="https://instagram.com/p/killed", quantity=service.min)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--desks", type=int, default=4)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--lines", type=int, default=40)
    ap.add_argument("--orders", type=int, default=1000)
    ap.add_argument("--ttl", type=float, default=3.0, help="the killed desk's heartbeat, s")
    args = ap.parse_args(argv)
    from tests.pg_support import PgCluster, simulator_service  # deliberately lazy

    checks: list[tuple[str, bool]] = []
    folder = Path(tempfile.mkdtemp(prefix="smmdesk-drill-"))  # the desks' data folders
    cluster = PgCluster()
    cluster.start()
    try:
        cluster.admin_sql("CREATE DATABASE drill")
        with cluster.connect("drill") as conn:
            schema.create_schema(conn)
        logins = [f"drill_desk_{i}" for i in range(args.desks + 2)]
        with cluster.connect("drill", autocommit=True) as conn:
            for name in logins:
                team_add_user(conn, name, "operator", PASSWORD)
        from datetime import UTC, datetime

        from smmdesk.workspace import Workspace

        _memory_keyring()
        with PanelSimulator(services=50, balance=Decimal("10000000")) as sim:
            service = simulator_service(sim)
            now = datetime.now(UTC).replace(microsecond=0)
            with Workspace(folder / "admin", store=cluster.url("drill", "postgres")) as admin:
                panel = admin.add_panel("Simulator", sim.url, sim.key)
                admin.refresh_services(panel.id)  # the price a run checks (RULE 4) is fresh
                for k in range(args.runs):
                    admin.schedule_order(panel.id, service.id,
                                         {"link": f"https://instagram.com/p/run-{k}",
                                          "quantity": str(service.min)},
                                         first_run=now + timedelta(seconds=30))
            lines_text = "\n".join(f"{service.id}|https://instagram.com/p/line-{k}|{service.min}"
                                   for k in range(args.lines))
            sim.clear_log()
            share = [args.orders // args.desks + (i < args.orders % args.desks)
                     for i in range(args.desks)]
            ctx = multiprocessing.get_context("spawn")
            start, out = ctx.Barrier(args.desks), ctx.Queue()
            due = (now + timedelta(minutes=1)).timestamp()
            procs = [ctx.Process(target=desk, args=(
                cluster.url("drill", logins[i]), str(folder / f"desk-{i}"), panel.id, sim.key,
                lines_text, share[i], due, start, out)) for i in range(args.desks)]
            t0 = time.perf_counter()
            for p in procs:
                p.start()
            results = dict(out.get(timeout=1800) for _ in procs)
            wall = time.perf_counter() - t0
            for p in procs:
                p.join(timeout=60)
            failed = {d: r for d, r in results.items() if isinstance(r, str)}
            if failed:
                print(f"desks failed: {failed}")
                return 1

            total = args.runs + args.lines + args.orders
            with cluster.connect("drill") as conn:
                q = conn.execute
                run_rows = q("SELECT count(*), count(DISTINCT schedule_id) FROM "
                             "smmdesk.schedule_runs WHERE outcome = 'placed'").fetchone()
                sent_lines = q("SELECT count(*), count(DISTINCT (batch_id, idx)), "
                               "count(DISTINCT batch_id) FROM smmdesk.mass_lines "
                               "WHERE state = 'sent'").fetchone()
                consumed = q("SELECT count(*) FROM smmdesk.schedules WHERE next_index = 1 "
                             "AND runs_done = 1").fetchone()[0]
                states = dict(q("SELECT submit_state, count(*) FROM smmdesk.orders "
                                "GROUP BY 1").fetchall())
                dups = q("SELECT count(*) FROM (SELECT panel_id, remote_id FROM smmdesk.orders "
                         "WHERE remote_id IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1) d"
                         ).fetchone()[0]
                remote_ids = {r[0] for r in q("SELECT remote_id FROM smmdesk.orders "
                                              "WHERE submit_state = 'placed'").fetchall()}
                per_login = dict(q("SELECT placed_by, count(*) FROM smmdesk.orders "
                                   "GROUP BY 1").fetchall())
            by_desk_runs = sum(len(r["runs"]) for r in results.values())
            adds = sim.count("add")
            panel_ids = set(sim.order_ids())
            ms = [m for r in results.values() for m in r["ms"]]
            print(f"{args.desks} desks, {args.runs} runs due at once, {args.lines} mass-order "
                  f"lines, {args.orders} own orders, "
                  f"{os.cpu_count()} CPUs (shared), load {os.getloadavg()[0]:.1f}")
            print(f"wall time {wall:.1f} s; {total / wall:.0f} placements/s")
            for d, r in sorted(results.items()):
                print(f"  {d}: {len(r['runs'])} runs, {len(r['orders'])} orders, mass order "
                      f"{'busy on another desk' if r['busy'] else 'run'}, {r['wall_s']:.1f} s")
            print(f"placement (quote + record + send + answer) under {args.desks} desks: median "
                  f"{statistics.median(ms):.1f} ms, p95 "
                  f"{sorted(ms)[int(len(ms) * 0.95)]:.1f} ms, max {max(ms):.1f} ms")
            print(f"runs placed: {run_rows[0]} rows for {run_rows[1]} schedules, "
                  f"{consumed} schedules consumed; orders by state {states}; by login "
                  f"{dict(sorted(per_login.items()))}")
            print(f"panel: {adds} add requests, {len(panel_ids)} order ids; duplicate "
                  f"(panel, remote id): {dups}")
            checks += [
                ("every run placed exactly once",
                 run_rows[0] == run_rows[1] == consumed == by_desk_runs == args.runs),
                ("every mass-order line sent once, in one batch",
                 sent_lines[0] == sent_lines[1] == args.lines and sent_lines[2] == 1
                 and not all(r["busy"] for r in results.values())),
                ("0 duplicate (panel, remote id)", dups == 0),
                ("0 lost: add requests = orders placed = panel order ids = recorded ids",
                 adds == total == states.get("placed", 0) == len(panel_ids)
                 and remote_ids == panel_ids and set(states) == {"placed"}),
            ]

            # The kill: a desk mid-send, SIGKILL; another desk watching for orphaned sends.
            sim.latency = 600.0
            kq = ctx.Queue()
            killed = ctx.Process(target=hanging_desk, args=(
                cluster.dsn("drill", logins[-1]), "desk-killed", sim.url, sim.key, service,
                args.ttl, panel.id, kq))
            killed.start()
            order_id = kq.get(timeout=120)
            while sim.count("add") <= adds:  # the request is out at the panel
                time.sleep(0.01)
            assert killed.pid is not None
            os.kill(killed.pid, signal.SIGKILL)
            killed.join()
            k0 = time.perf_counter()
            watcher = _open_desk(cluster.dsn("drill", logins[-2]), "desk-watcher", 300)
            early, found_after = 0, None
            while time.perf_counter() - k0 < args.ttl * 3 + 10:
                turned = placement.orphans_to_uncertain(watcher)
                if turned:
                    found_after = time.perf_counter() - k0
                    expired_for = watcher.execute(
                        "SELECT extract(epoch FROM now() - (seen_at + ttl_s * interval '1 s')) "
                        "FROM smmdesk.desks WHERE id = 'desk-killed'").fetchone()[0]
                    watcher.commit()
                    break
                early += 1
                time.sleep(0.1)
            with cluster.connect("drill") as conn:
                state = conn.execute("SELECT submit_state FROM smmdesk.orders WHERE id = %s",
                                     (order_id,)).fetchone()[0]
            watcher.close()
            sim.latency = 0.0
            print(f"kill -9 mid-send (heartbeat {args.ttl:g} s): order {order_id} left alone "
                  f"for {early} looks, turned {state} {found_after if found_after else -1:.2f} s "
                  f"after the kill"
                  + (f", {float(expired_for):.2f} s after its heartbeat expired"
                     if found_after else ""))
            checks.append(("the killed desk's order uncertain only after its heartbeat expired",
                           found_after is not None and turned == [order_id]
                           and state == "uncertain" and float(expired_for) >= 0 and early > 0))
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
    for name, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return 0 if checks and all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
