"""Order history over 100,000 orders, through the real OrdersView (model, table, SQL paging).

Keys:
  history_first_page_s  a new ``OrdersView`` (autostart off: no background sync) asked for its
                        list: ``apply_filter_now()`` to the first page in the table and painted
                        (the model's ``loaded`` signal, then one event-loop turn).
  history_filter_ms     one search typed into the history's search box and applied (debounce
                        excluded): setText + ``apply_filter_now()`` to the filtered first page
                        in the table. Queries: a remote id, a link fragment, a service-name word
                        and one that matches nothing; median over queries × runs.

When ``ui/orders/view.py`` is missing (or its API differs), both keys are ``null`` and the
reason goes to stderr: no number is made up.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402  (sets QT_QPA_PLATFORM)
    figure,
    time_history_search,
    wait_until,
)
from bench.fixtures import make_data_dir  # noqa: E402

RUNS = 5
QUERIES = ("1054321", "bench10777", "Instagram", "no-such-order-zzz")
KEYS = ("history_first_page_s", "history_filter_ms")


def measure(data_dir: Path) -> dict[str, object]:
    from PySide6.QtWidgets import QApplication

    from smmdesk.workspace import Workspace
    from ui.orders.view import OrdersView
    from ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    ws = Workspace(data_dir)
    runner = TaskRunner()
    first: list[float] = []
    filtering: list[float] = []
    try:
        assert ws.order_count() == 100_000
        for _ in range(RUNS):
            loaded: list[int] = []
            t0 = time.perf_counter()
            view = OrdersView(ws, runner, autostart=False)
            view.resize(1200, 700)
            view.show()
            view.model.loaded.connect(loaded.append)
            view.apply_filter_now()
            wait_until(app, lambda loaded=loaded: bool(loaded), 60.0, "the history never loaded")
            app.processEvents()  # paint the first page
            first.append(time.perf_counter() - t0)
            assert view.model.rowCount() > 0 and loaded[-1] == 100_000, loaded

            for query in QUERIES:
                filtering.append(time_history_search(app, view, runner, loaded, query, 60.0))
            view.search.clear()
            wait_until(app, lambda: runner.active_count == 0, 60.0)
            view.close()
            view.deleteLater()
            app.processEvents()
    finally:
        runner.shutdown()
        ws.close()
    for i, query in enumerate(QUERIES):
        per = sorted(filtering[i::len(QUERIES)])
        print(f"history filter {query!r}: median {per[len(per) // 2]:.1f} ms", file=sys.stderr)
    return {"history_first_page_s": figure(first), "history_filter_ms": figure(filtering)}


def main() -> int:
    import keyring
    from keyring.backends import null

    keyring.set_keyring(null.Keyring())
    try:
        import ui.orders.view  # noqa: F401
    except ImportError as e:
        print(f"history view missing ({e}): history keys reported as null", file=sys.stderr)
        print(json.dumps(dict.fromkeys(KEYS)))
        return 0
    with tempfile.TemporaryDirectory(prefix="smmdesk-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        make_data_dir(data_dir, services=50_000, orders=100_000)
        try:
            result = measure(data_dir)
        except (AttributeError, TypeError) as e:  # the view's API is not the one measured here
            print(f"history view API differs ({type(e).__name__}: {e}): keys reported as null",
                  file=sys.stderr)
            result = dict.fromkeys(KEYS)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
