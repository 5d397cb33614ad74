"""Services table: filling 50,000 rows, typing a query, and memory with the large cache open.

Keys:
  services_fill_50k_s       50,000 services into the real ServicesView as the app hands them over
                            (the compact ``ServicesTable`` and the search texts a worker read,
                            ``Workspace.services_for_view``): model reset, combos, column set-up
                            and the shown table's first paint.
  services_cache_load_50k_s that read itself, on the worker in the app (info, no target): the
                            services' snapshot after the first read.
  services_rows_load_50k_s  the same services as 50,000 ``ServiceRow`` (``Workspace.services``,
                            what compare and the CLI use; info).
  filter_keystroke_p50_ms / filter_keystroke_p95_ms
                            "instagram türk takipçi" typed one key at a time into the real
                            search box; each keystroke is setText + the filter application the
                            debounce timer would trigger (``apply_filter_now``) + the repaint.
                            The 120 ms debounce wait itself is excluded.
  filter_vs_naive_ratio     the same keystrokes' total time on a QStandardItemModel (same 14
                            display columns) behind a QSortFilterProxyModel with a
                            case-insensitive regular expression (one lookahead per word, Name
                            column only, which is less work than ours) ÷ ours, same process.
  rss_mb                    resident memory with the 50k-service / 100k-order data dir open in a
                            Workspace, the services in the table (as the app holds them: the
                            compact table, no ``ServiceRow`` list) and the first history page
                            read.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import figure, percentile, type_keystrokes  # noqa: E402  (sets QT_QPA_PLATFORM)
from bench.fixtures import make_data_dir  # noqa: E402

QUERY = "instagram türk takipçi"
RUNS = 5


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    from PySide6.QtCore import QCoreApplication, QEvent, QRegularExpression, QSortFilterProxyModel
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    from smmdesk.workspace import Workspace
    from ui.services.model import Col
    from ui.services.view import ServicesView

    app = QApplication.instance() or QApplication([])
    tmp = tempfile.TemporaryDirectory(prefix="smmdesk-bench-")
    data_dir = Path(tmp.name) / "data"
    make_data_dir(data_dir, services=50_000, orders=100_000)
    ws = Workspace(data_dir)

    load, fill, row_load = [], [], []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        rows = ws.services()
        row_load.append(time.perf_counter() - t0)
    assert len(rows) == 50_000, len(rows)
    del rows  # the app holds no ServiceRow list
    for _ in range(RUNS):
        t0 = time.perf_counter()
        table, haystacks = ws.services_for_view()
        load.append(time.perf_counter() - t0)
    assert len(table) == 50_000, len(table)

    for _ in range(RUNS):
        view = ServicesView(None)
        view.resize(1200, 700)
        view.show()
        app.processEvents()
        t0 = time.perf_counter()
        view.set_rows(table, all_panels=False, haystacks=haystacks)
        app.processEvents()  # layout + first paint of the visible rows
        fill.append(time.perf_counter() - t0)
        view.close()
        view.deleteLater()
        # processEvents() alone never runs a deferred delete: without this the five fill
        # views (and their models' idle work) would live on into the memory figure.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()

    # The view used for typing (and kept for the memory figure).
    view = ServicesView(None)
    view.resize(1200, 700)
    view.show()
    view.set_rows(table, all_panels=False, haystacks=haystacks)
    app.processEvents()
    while not getattr(view.model, "index_ready", True):  # the first keystroke's index (idle)
        app.processEvents()

    ours_runs = [type_keystrokes(app, view, QUERY) for _ in range(RUNS)]
    shown_ours = view.model.rowCount()

    # Memory with the large cache open: services in the table, first history page read.
    first_page = ws.order_page(None, None, 0, 200)
    assert len(first_page) == 200
    memory = rss_mb()
    rows = table.rows()

    # -- the naive model, same process --------------------------------------------------------
    naive = QStandardItemModel(0, len(Col))
    for r in rows:
        s = r.service
        naive.appendRow([
            QStandardItem("☆"), QStandardItem(r.panel_name), QStandardItem(str(s.id)),
            QStandardItem(s.name), QStandardItem(s.category), QStandardItem(s.type),
            QStandardItem(str(s.rate)), QStandardItem(str(s.min)), QStandardItem(str(s.max)),
            QStandardItem("✓" if s.refill else ""), QStandardItem("✓" if s.cancel else ""),
            QStandardItem("✓" if s.dripfeed else ""), QStandardItem(s.average_time or ""),
            QStandardItem(""),
        ])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(naive)
    proxy.setFilterKeyColumn(Col.NAME)
    naive_view = QTableView()
    naive_view.setModel(proxy)
    naive_view.resize(1200, 700)
    naive_view.show()
    app.processEvents()

    def regex_for(text: str) -> QRegularExpression:
        pattern = "".join(f"(?=.*{re.escape(w)})" for w in text.split())
        return QRegularExpression(
            pattern, QRegularExpression.PatternOption.CaseInsensitiveOption)

    def type_naive() -> list[float]:
        proxy.setFilterRegularExpression(QRegularExpression())
        app.processEvents()
        times = []
        for i in range(1, len(QUERY) + 1):
            t0 = time.perf_counter()
            proxy.setFilterRegularExpression(regex_for(QUERY[:i]))
            app.processEvents()
            times.append((time.perf_counter() - t0) * 1000)
        return times

    naive_runs = []
    ratios = []
    for ours in ours_runs:
        n = type_naive()
        naive_runs.append(n)
        ratios.append(sum(n) / sum(ours))
    shown_naive = proxy.rowCount()
    naive_view.close()
    view.close()
    ws.close()

    result = {
        "services_fill_50k_s": figure(fill),
        "services_cache_load_50k_s": figure(load),
        "services_rows_load_50k_s": figure(row_load),
        "filter_keystroke_p50_ms": figure([percentile(r, 50) for r in ours_runs]),
        "filter_keystroke_p95_ms": figure([percentile(r, 95) for r in ours_runs]),
        "filter_naive_keystroke_p95_ms": figure([percentile(r, 95) for r in naive_runs]),
        "filter_vs_naive_ratio": figure(ratios),
        "rss_mb": figure([memory]),
    }
    print(f"query {QUERY!r}: ours shows {shown_ours} rows, naive (name only) {shown_naive}",
          file=sys.stderr)
    tmp.cleanup()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
