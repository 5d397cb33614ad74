"""Bundle size and frozen start-up time.

bundle_mb         the one-folder bundle, MB (10**6 bytes, apparent size; symlinks as links)
bundle_targz_mb   its release .tar.gz (gzip -9), MB
frozen_startup_s  median wall time of 3 runs of `<bundle> --self-check` (process start, Qt,
                  window, demo panel, 500 services loaded and searched, clean exit), seconds

Builds dist/ first when it is missing or older than the sources (scripts/frozen_smoke.py).
Targets (issue 7): bundle_mb < 130, bundle_targz_mb < 55.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import frozen_smoke  # noqa: E402

from bench.common import figure  # noqa: E402

RUNS = 3


def run() -> dict[str, object]:
    distpath = ROOT / "dist"
    if frozen_smoke.needs_build(distpath):
        frozen_smoke.build(distpath)
    folder = frozen_smoke.bundle_dir(distpath)
    archive = frozen_smoke.make_targz(distpath)
    times = []
    for _ in range(RUNS):
        code, output, seconds = frozen_smoke.run_self_check(frozen_smoke.executable(distpath))
        if code != 0:
            raise RuntimeError(f"frozen self-check failed:\n{output[-3000:]}")
        times.append(seconds)
    # Decimal megabytes (10^6 bytes): the stricter reading of the "MB" targets.
    return {
        "bundle_mb": round(frozen_smoke.tree_size(folder) / 1e6, 1),
        "bundle_targz_mb": round(archive.stat().st_size / 1e6, 1),
        "frozen_startup_s": figure(times),
    }


if __name__ == "__main__":
    print(json.dumps(run()))
