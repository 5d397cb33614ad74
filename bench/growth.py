"""How the costs grow (docs/performance.md, "Growth"): the in-process figures of bench_scale.py
at 50,000 / 100,000 / 200,000 services (the first 1, 2 and 4 panels of the large set) and at
100,000 / 300,000 / 1,000,000 orders (4 panels each). Not part of ``make bench`` (it builds two
more data sets); run by hand when the table needs refreshing:

    .venv/bin/python bench/growth.py            # prints one JSON line per point
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_scale import db_mb, measure_history, measure_services  # noqa: E402
from bench.fixtures import (  # noqa: E402
    cached_data_dir,
    large_data_dir,
    large_panel_ids,
    make_large_data_dir,
    working_copy,
)


def main() -> int:
    import keyring
    from keyring.backends import null

    keyring.set_keyring(null.Keyring())
    from PySide6.QtWidgets import QApplication

    from smmdesk.workspace import Workspace

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="smmdesk-growth-") as tmp_name:
        tmp = Path(tmp_name)
        for orders in (100_000, 300_000, 1_000_000):
            src = (large_data_dir() if orders == 1_000_000
                   else cached_data_dir(f"orders{orders}", make_large_data_dir, orders=orders))
            ws = Workspace(working_copy(src, tmp / f"o{orders}"))
            try:
                point = {"orders": orders, "db_mb": round(db_mb(src), 1)}
                for k, v in measure_history(app, ws, orders).items():
                    point[k] = round(v["median"], 4)  # type: ignore[index]
                print(json.dumps(point), flush=True)
                if orders == 1_000_000:
                    for panels in (1, 2, 4):
                        ids = large_panel_ids()[:panels]
                        t0 = time.perf_counter()
                        rows = [r for pid in ids for r in ws.services(pid) if not r.removed]
                        point = {"services": len(rows),
                                 "read_s": round(time.perf_counter() - t0, 3)}
                        for k, v in measure_services(app, ws, rows).items():
                            point[k] = round(v["median"], 2)  # type: ignore[index]
                        print(json.dumps(point), flush=True)
            finally:
                ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
