"""Comparing across panels: equivalents among 4 panels × 50,000 services, and the converted sort.

Keys:
  compare_200k_ms         ``ws.equivalents(panel, service)`` with four panels of 50,000 services
                          each (the simulator's catalogue generator, seeds 1-4, parsed by the
                          real parser, stored through the store) in four currencies (USD, TRY,
                          EUR, INR; home USD, rates typed), the comparison indexes built: one
                          call per subject, subjects from the largest groups (Instagram
                          followers/views/likes, YouTube views, Telegram members …) and a few
                          at random; median over subjects × runs.
  compare_index_200k_s    building the four indexes (the group of each of 200,000 services)
                          after the services were read for the table, as the app does at
                          start-up and after a refresh, on a worker.
  compare_first_200k_ms   the first ``equivalents`` of a subject of the largest group: its
                          group's ranking features are read then, once (info).
(``sort_converted_200k_ms``, the converted sort, is measured on the real table: bench_scale.)
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import figure  # noqa: E402
from bench.fixtures import catalogue  # noqa: E402

RUNS = 5
PANELS = (("benchcompare0001", "USD"), ("benchcompare0002", "TRY"),
          ("benchcompare0003", "EUR"), ("benchcompare0004", "INR"))
SERVICES = 50_000
SUBJECTS = 12


def main() -> int:
    from smmdesk import compare
    from smmdesk.models import Panel
    from smmdesk.workspace import Workspace

    tmp = tempfile.TemporaryDirectory(prefix="smmdesk-bench-compare-")
    data_dir = Path(tmp.name) / "data"
    ws = Workspace(data_dir)
    for n, (pid, currency) in enumerate(PANELS, start=1):
        ws.store.panels.insert_panel(Panel(id=pid, name=f"Panel {n}", url="http://127.0.0.1:9/api/v2",
                                           currency=currency))
        ws.store.services.apply_services(pid, catalogue(SERVICES, seed=n))
    ws.set_home_currency("USD")
    ws.set_rate("TRY", Decimal("0.0292"))
    ws.set_rate("EUR", Decimal("1.0867"))
    # INR left without a rate: its prices stay unconverted (the realistic mixed case).

    # As the app: the services are read for the table first (and their snapshots written),
    # then the indexes are prepared from those very tables on a worker.
    ws.services_for_view(None)
    t0 = time.perf_counter()
    ws.prepare_compare()
    index_s = time.perf_counter() - t0

    # Subjects: the biggest groups of the first panel (the worst case) and a few at random.
    first = PANELS[0][0]
    rows = ws.services(first)
    groups: dict[tuple[str, str, str], list[int]] = {}
    for r in rows:
        key = compare.features(r.service).key
        if key is not None:
            groups.setdefault(key, []).append(r.service.id)
    biggest = sorted(groups.values(), key=len, reverse=True)[: SUBJECTS // 2]
    rng = random.Random(7)
    subjects = [ids[0] for ids in biggest]
    subjects += [rng.choice(ids) for ids in rng.sample(list(groups.values()), SUBJECTS // 2)]

    t0 = time.perf_counter()
    assert ws.equivalents(first, subjects[0], limit=10)
    first_ms = (time.perf_counter() - t0) * 1000

    samples: list[float] = []
    found = 0
    for _ in range(RUNS):
        for sid in subjects:
            t0 = time.perf_counter()
            matches = ws.equivalents(first, sid, limit=10)
            samples.append((time.perf_counter() - t0) * 1000)
            found += len(matches)
    assert found > 0, "no equivalents found at all"

    ws.close()
    tmp.cleanup()
    print(f"{len(subjects)} subjects, {found // RUNS} matches per run; "
          f"median {statistics.median(samples):.1f} ms, max {max(samples):.1f} ms",
          file=sys.stderr)
    print(json.dumps({
        "compare_200k_ms": figure(samples),
        "compare_index_200k_s": figure([index_s]),
        "compare_first_200k_ms": figure([first_ms]),
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
