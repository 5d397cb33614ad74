"""`make bench`: run every bench/bench_*.py in its own process, print one table, write results.json.

Each script prints one JSON object on its last stdout line: {key: figure}, where a figure is
{"median", "min", "max", "runs"} (or a plain number for counts). Scripts run in separate
processes so one's memory or Qt state never skews another's figures.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.common import TARGETS  # noqa: E402
from bench.fixtures import CACHE_ENV  # noqa: E402


def machine() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": str(os.cpu_count()),
        "processor": platform.processor() or platform.machine(),
    }


def verdict(key: str, value: float) -> str:
    if key not in TARGETS:
        return ""
    op, target = TARGETS[key]
    ok = value <= target if op == "<=" else value >= target
    return f"{'met' if ok else 'MISSED'} ({op} {target:g})"


def main() -> int:
    # The large data set (bench_scale.py) is built once per run and shared by the scripts of
    # this run through a temp folder outside the repository (unless the caller chose a cache).
    own_cache = None
    if not os.environ.get(CACHE_ENV):
        own_cache = tempfile.mkdtemp(prefix="smmdesk-bench-cache-")
        os.environ[CACHE_ENV] = own_cache
    try:
        return run_scripts()
    finally:
        if own_cache is not None:
            shutil.rmtree(own_cache, ignore_errors=True)


def run_scripts() -> int:
    results: dict[str, object] = {}
    failures: list[str] = []
    scripts = sorted(HERE.glob("bench_*.py"))
    for script in scripts:
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=3600
        )
        took = time.perf_counter() - t0
        lines = [ln for ln in proc.stdout.strip().splitlines() if ln.strip()]
        if proc.returncode != 0 or not lines:
            failures.append(script.name)
            print(f"{script.name}: FAILED (exit {proc.returncode})\n{proc.stderr[-2000:]}")
            continue
        try:
            data = json.loads(lines[-1])
        except json.JSONDecodeError:
            failures.append(script.name)
            print(f"{script.name}: last line is not JSON: {lines[-1][:200]}")
            continue
        print(f"# {script.name} ({took:.1f} s)")
        results.update(data)

    print()
    print(f"{'key':32} {'median':>12} {'min':>12} {'max':>12}  target")
    for key, fig in results.items():
        if fig is None:
            print(f"{key:32} {'missing':>12}")
            continue
        if isinstance(fig, dict):
            med, lo, hi = fig["median"], fig["min"], fig["max"]
            print(f"{key:32} {med:12.4g} {lo:12.4g} {hi:12.4g}  {verdict(key, med)}")
        else:
            print(f"{key:32} {fig:12.4g} {'':12} {'':12}  {verdict(key, float(fig))}")
    out = {"machine": machine(), "results": results, "failed_scripts": failures}
    (HERE / "results.json").write_text(json.dumps(out, indent=2), encoding="utf-8")
    print(f"\nwritten {HERE / 'results.json'}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
