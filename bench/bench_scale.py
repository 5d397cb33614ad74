"""Ten times the data (issue 14): 4 panels x 50,000 services (different catalogues, USD, TRY,
EUR and INR, home USD) and 1,000,000 orders over two years, the state mix of ``make_data_dir``.

The data set is built once (``bench.fixtures.large_data_dir``, a minute or more) and cached
outside the repository: ``make bench`` points ``SMMDESK_BENCH_CACHE`` at one temp folder per run;
run alone, the cache is ``$XDG_CACHE_HOME/smmdesk-bench`` keyed by the fixture code's hash. Every
measurement works on a private copy of it.

Keys:
  startup_to_services_200k_s    a fresh ``python main.py --data-dir D`` (runpy bootstrap as in
                                bench_startup.py) until the 200,000 services are in the table
                                of All panels (``MainWindow.servicesShown``).
  app_rss_200k_mb               the whole app's resident memory at that moment.
  app_rss_settled_200k_mb       the same app's resident memory 60 s after the services were
                                shown, the four comparison indexes ready (one more start).
  compare_ready_200k_s          in that start, from the services shown to the comparison
                                indexes of the four panels ready (``Workspace.compare_ready``;
                                a group's ranking is read when first asked) (info).
  filter_keystroke_p95_200k_ms  "instagram türk takipçi" typed one key at a time into the real
                                ServicesView showing All panels (prices converted), as in
                                bench_services.py; p95 per run, median over runs. Typing
                                starts once the first keystroke's index is built (idle
                                turns just after the rows arrive). p50, p95 and max per
                                keystroke position (over the runs) are printed for it and for
                                "tiktok views" and "youtube" (stderr).
  filter_keystroke_max_200k_ms  the slowest keystroke of those three queries, any run (info).
  services_sort_rate_200k_ms    a click on the Rate header of All panels (200,000 rows, prices
                                converted to the home currency, unconvertible after) just after
                                the rows arrived and the idle turns prepared the keys (under a
                                second): sort and repaint. Ascending, as Qt sorts a newly
                                clicked column.
  services_sort_rate_desc_200k_ms  the second click on Rate (descending), info.
  sort_converted_200k_ms        a click on Rate (ascending) of All panels, mixed currencies
                                (USD, TRY and EUR converted, INR without a rate), just after
                                the rates changed (``set_converter``; no idle turn between):
                                the sort by the converted column and the table's repaint.
  sort_plain_200k_ms            the same click on the same rows shown unconverted (each panel's
                                own price), timed the same way: the plain sort the converted
                                one is held to (info).
  rates_change_200k_ms          ``set_converter`` with new rates on the same rows, sorted by ID:
                                the converted column made again and repainted (info).
  history_first_page_1m_s       a new OrdersView over 1,000,000 orders to its first page shown.
  history_search_1m_max_ms      one search applied (debounce excluded) to the filtered first page
                                shown: the slowest (median per query) of a remote id, a link
                                fragment, a common service word, a status word, no match, and
                                three link fragments of frequent trigrams that few orders hold
                                (more than 10,000 trigram candidates, 10,000 matches each, all
                                in the oldest months of their panel: "bench100" …).
  history_counts_1m_ms          the tab counts of the unfiltered history (info; they may
                                arrive after the first page).
  db_mb_1m                      the database file (with its WAL) of the freshly built set.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_startup import one_run, run_child  # noqa: E402
from bench.common import (  # noqa: E402  (sets QT_QPA_PLATFORM)
    figure,
    percentile,
    time_history_search,
    type_keystrokes,
    wait_until,
)
from bench.fixtures import (  # noqa: E402
    LARGE_ORDERS,
    LARGE_PANELS,
    LARGE_SERVICES,
    large_data_dir,
    working_copy,
)

RUNS = 3
TYPING_RUNS = 5
SETTLE_S = 60.0
SERVICES = LARGE_PANELS * LARGE_SERVICES
QUERY = "instagram türk takipçi"
QUERIES = (QUERY, "tiktok views", "youtube")  # the first letters of each word: issue 25
# remote id, link fragment, common service word, status word, no match, then frequent
# trigrams with rare matches (issue 25): every order holds "ben", "enc", "nch", "com" …
HISTORY_QUERIES = ("21054321", "bench10777", "Instagram", "completed", "no-such-order-zzz",
                   "bench100", "bench2100", "com/p/bench3100")


def db_mb(data_dir: Path) -> float:
    return sum(p.stat().st_size for p in data_dir.glob("smmdesk.sqlite3*")) / 1e6


def measure_startup(src: Path, tmp: Path) -> dict[str, object]:
    data_dir = working_copy(src, tmp / "startup")
    one_run(data_dir, hooked=False, services=SERVICES)  # warm the OS file cache
    runs = [one_run(data_dir, hooked=False, services=SERVICES) for _ in range(RUNS)]
    if any(r[1] is None for r in runs):
        raise SystemExit("the app never showed the 200,000 services")
    # The whole session, not only the first second: the memory once the background work
    # (comparison indexes, the search's index, the history's first page) is done.
    settled = run_child(data_dir, hooked=False, services=SERVICES, settle_s=SETTLE_S)[3]
    assert settled is not None
    return {"startup_to_services_200k_s": figure([r[1] for r in runs]),  # type: ignore[misc]
            "app_rss_200k_mb": figure([r[2] for r in runs]),  # type: ignore[misc]
            "app_rss_settled_200k_mb": figure([settled[1]]),
            "compare_ready_200k_s": figure([settled[0]])}


def measure_services(app, ws, rows=None) -> dict[str, object]:
    from PySide6.QtCore import Qt

    from ui.services.model import Col, load_for_view
    from ui.services.view import ServicesView

    haystacks = None
    if rows is None:
        # As the app reads All panels (on its worker): the compact table and its search texts.
        loaded = load_for_view(ws, None)
        rows, haystacks = loaded.rows, loaded.haystacks
        assert len(rows) == SERVICES, len(rows)
    view = ServicesView(None)
    view.resize(1200, 700)
    view.show()
    view.model.set_converter(ws.converter(), ws.home_currency())
    view.set_rows(rows, all_panels=True, haystacks=haystacks)
    app.processEvents()
    # The first keystroke's index is built in idle turns right after the rows arrive (well
    # under a second); a person reaches the search box after that.
    wait_until(app, lambda: view.model.index_ready)

    typed = {q: [type_keystrokes(app, view, q) for _ in range(TYPING_RUNS)] for q in QUERIES}
    typing = typed[QUERY]
    view.search.setText(QUERY)
    view.apply_filter_now()
    shown = view.model.rowCount()
    view.search.clear()
    view.apply_filter_now()
    app.processEvents()
    for q, runs in typed.items():
        print(f"keystrokes of {q!r} (ms over {len(runs)} runs: p50 / p95 / max):", file=sys.stderr)
        for k, ch in enumerate(q):
            at = [r[k] for r in runs]
            print(f"  {k + 1:2d} {ch!r:5} {percentile(at, 50):6.1f} {percentile(at, 95):6.1f} "
                  f"{max(at):6.1f}", file=sys.stderr)

    header = view.table.horizontalHeader()
    sorting: list[float] = []
    flipping: list[float] = []
    for _ in range(RUNS):
        header.setSortIndicator(int(Col.ID), Qt.SortOrder.AscendingOrder)
        # fresh rows: the first click on Rate after them
        view.set_rows(rows, all_panels=True, haystacks=haystacks)
        app.processEvents()
        wait_until(app, lambda: view.model.index_ready)  # idle preparation, as a person's reach
        # A click on a new column sorts it ascending (Qt's order for a newly clicked section);
        # a second click flips it (descending, info).
        t0 = time.perf_counter()
        header.setSortIndicator(int(Col.RATE), Qt.SortOrder.AscendingOrder)
        app.processEvents()
        sorting.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        header.setSortIndicator(int(Col.RATE), Qt.SortOrder.DescendingOrder)
        app.processEvents()
        flipping.append((time.perf_counter() - t0) * 1000)

    # The rates change (the daily feed, a typed rate): the converted column is made again,
    # and a click on Rate right after sorts by it, before any idle turn (so each step is
    # timed to its synchronous repaint: processEvents would also run the idle preparation).
    # The plain sort it is held to: the same click on the same rows shown unconverted (each
    # panel's own prices), timed the same way.
    convert, home = ws.converter(), ws.home_currency()
    viewport = view.table.viewport()
    converted: list[float] = []
    plain: list[float] = []
    changing: list[float] = []

    def click_rate(into: list[float]) -> None:
        t0 = time.perf_counter()
        header.setSortIndicator(int(Col.RATE), Qt.SortOrder.AscendingOrder)
        viewport.repaint()
        into.append((time.perf_counter() - t0) * 1000)
        app.processEvents()
        header.setSortIndicator(int(Col.ID), Qt.SortOrder.AscendingOrder)
        app.processEvents()
        wait_until(app, lambda: view.model.index_ready)

    header.setSortIndicator(int(Col.ID), Qt.SortOrder.AscendingOrder)
    for n in range(RUNS):
        app.processEvents()
        wait_until(app, lambda: view.model.index_ready)
        factor = Decimal(1) + Decimal(n + 1) / 1000  # other rates each run

        def moved(amount: Decimal, currency: str | None, factor: Decimal = factor):
            home_price = convert(amount, currency)
            return None if home_price is None else home_price * factor

        t0 = time.perf_counter()
        view.model.set_converter(moved, home)
        viewport.repaint()
        changing.append((time.perf_counter() - t0) * 1000)
        assert view.model.converted
        click_rate(converted)
        view.model.set_converter(None, None)
        assert not view.model.converted
        click_rate(plain)
    view.model.set_converter(convert, home)
    view.close()
    print(f"services: {QUERY!r} shows {shown} of {len(rows)}", file=sys.stderr)
    return {
        "filter_keystroke_p50_200k_ms": figure([percentile(r, 50) for r in typing]),
        "filter_keystroke_p95_200k_ms": figure([percentile(r, 95) for r in typing]),
        "filter_keystroke_max_200k_ms": figure([max(max(r) for r in typed[q]) for q in QUERIES]),
        "services_sort_rate_200k_ms": figure(sorting),
        "services_sort_rate_desc_200k_ms": figure(flipping),
        "sort_converted_200k_ms": figure(converted),
        "sort_plain_200k_ms": figure(plain),
        "rates_change_200k_ms": figure(changing),
    }


def measure_history(app, ws, orders: int = LARGE_ORDERS) -> dict[str, object]:
    from ui.orders.view import OrdersView
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    first: list[float] = []
    counts: list[float] = []
    per_query: dict[str, list[float]] = {q: [] for q in HISTORY_QUERIES}
    try:
        for _ in range(RUNS):
            loaded: list[int] = []
            counted: list[object] = []
            t0 = time.perf_counter()
            view = OrdersView(ws, runner, autostart=False)
            view.resize(1200, 700)
            view.show()
            view.model.loaded.connect(loaded.append)
            view.countsChanged.connect(counted.append)
            view.apply_filter_now()
            wait_until(app, lambda loaded=loaded: bool(loaded))
            app.processEvents()  # paint the first page
            first.append(time.perf_counter() - t0)
            wait_until(app, lambda counted=counted: bool(counted))
            counts.append((time.perf_counter() - t0) * 1000)
            assert view.model.rowCount() > 0
            assert view.counts.get("all") == orders, view.counts

            for query in HISTORY_QUERIES:
                per_query[query].append(time_history_search(app, view, runner, loaded, query))
            view.search.clear()
            wait_until(app, lambda: runner.active_count == 0)
            view.close()
            view.deleteLater()
            app.processEvents()
    finally:
        runner.shutdown()
    medians = {q: statistics.median(v) for q, v in per_query.items()}
    for q, m in medians.items():
        print(f"history search {q!r}: median {m:.1f} ms", file=sys.stderr)
    slowest = max(medians, key=medians.__getitem__)
    return {
        "history_first_page_1m_s": figure(first),
        "history_counts_1m_ms": figure(counts),
        "history_search_1m_max_ms": figure(per_query[slowest]),
    }


def main() -> int:
    import keyring
    from keyring.backends import null

    keyring.set_keyring(null.Keyring())
    from PySide6.QtWidgets import QApplication

    from smmdesk.workspace import Workspace

    src = large_data_dir()
    result: dict[str, object] = {"db_mb_1m": figure([db_mb(src)])}
    with tempfile.TemporaryDirectory(prefix="smmdesk-bench-scale-") as tmp_name:
        tmp = Path(tmp_name)
        result.update(measure_startup(src, tmp))
        app = QApplication.instance() or QApplication([])
        ws = Workspace(working_copy(src, tmp / "inproc"))
        try:
            assert ws.order_count() == LARGE_ORDERS
            result.update(measure_services(app, ws))
            result.update(measure_history(app, ws))
        finally:
            ws.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
