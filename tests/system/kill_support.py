"""Shared by the kill -9 drills: run a child Python, wait for one of its lines, SIGKILL it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_and_kill(script: str, args: list[str], *, key: str, wait_for: str | None,
                 delay: float) -> list[str]:
    """Start ``python -c script *args`` (the key in ``$SMMDESK_TEST_KEY``); when ``wait_for`` is
    given, read its output until a line starts with it (a blocking read is the signal: no
    polling); then give it ``delay`` seconds and SIGKILL it. Returns every line it printed.
    Fails if the child ended by itself."""
    env = {**os.environ, "SMMDESK_TEST_KEY": key, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    assert proc.stdout is not None
    seen: list[str] = []
    if wait_for is not None:
        for line in proc.stdout:
            seen.append(line.rstrip("\n"))
            if line.startswith(wait_for):
                break
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    out = proc.stdout.read()
    proc.stdout.close()
    text = "\n".join(seen) + "\n" + out
    assert proc.returncode == -signal.SIGKILL, f"child ended by itself ({proc.returncode}):\n{text}"
    return [ln for ln in text.splitlines() if ln]
