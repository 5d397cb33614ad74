"""A private X server for the tests that drive the real app on Xvfb (test_xvfb, test_e2e)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SCREEN = (1280, 800)
TOOLS = ("Xvfb", "xdotool", "import", "identify", "compare")


def wait_for(
    predicate: Callable[[], object],
    timeout: float,
    what: str,
    proc: subprocess.Popen | None = None,
    on_timeout: Callable[[], str] | None = None,
) -> object:
    """Poll another process's state until ``predicate()`` is truthy; fail clearly otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"the process exited ({proc.returncode}) while waiting for {what}")
        if time.monotonic() >= deadline:
            extra = on_timeout() if on_timeout is not None else ""
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}{extra}")
        time.sleep(0.1)  # polling another process: there is no event loop of ours to run


def stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Terminate ``proc`` if it still runs; kill it if it does not end within ``timeout``."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def xvfb(log_path: Path) -> Iterator[str]:
    """Start Xvfb on a display it picks itself (``-displayfd``: atomic, so two test runs at
    once never end up on one display, as a "first free number" guess could); yield the
    DISPLAY string; stop it afterwards. Skips when the tools are missing (a failure under
    CI=true, where scripts/install-system-deps.sh installs them)."""
    for tool in TOOLS:
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (make system-deps)")
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    proc: subprocess.Popen | None = None
    read_end, write_end = os.pipe()
    try:
        proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0",
             f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
            stdout=log, stderr=subprocess.STDOUT, pass_fds=(write_end,),
        )
        os.close(write_end)
        write_end = -1
        # Xvfb writes the display number once it accepts connections (EOF if it died).
        with os.fdopen(read_end, "r") as ready:
            read_end = -1
            number = ready.readline().strip()
        if not number.isdigit() or proc.poll() is not None:
            pytest.fail(f"Xvfb did not start (see {log_path})")
        yield f":{number}"
    finally:
        for fd in (read_end, write_end):
            if fd >= 0:
                os.close(fd)
        if proc is not None:
            stop(proc, 10)
        log.close()


@contextmanager
def window_manager(display: str, log_path: Path) -> Iterator[None]:
    """Openbox on ``display``: focus, activation and placement as on a desktop (bare Xvfb has
    none). Skips when openbox is missing (a failure under CI=true, where
    scripts/install-system-deps.sh installs it)."""
    if shutil.which("openbox") is None:
        pytest.skip("openbox is not installed (make system-deps)")
    env = {**os.environ, "DISPLAY": display}

    def root_property() -> subprocess.CompletedProcess:
        return subprocess.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], env=env,
                              capture_output=True, text=True, timeout=10, check=False)

    def ready() -> bool:
        # An EWMH window manager sets the root window's _NET_SUPPORTING_WM_CHECK.
        return "window id" in root_property().stdout

    # The X server's socket may exist before it takes connections: wait until it answers.
    wait_for(lambda: root_property().returncode == 0, 20, f"the X server {display}")
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    proc: subprocess.Popen | None = None
    try:
        # Openbox now and then fails to open a display that xprop just opened (a busy
        # machine): a failed start is retried, a hung one is not.
        for _attempt in range(3):
            proc = subprocess.Popen(["openbox", "--sm-disable"], env=env, stdout=log,
                                    stderr=subprocess.STDOUT)
            deadline = time.monotonic() + 20
            while proc.poll() is None and not ready() and time.monotonic() < deadline:
                time.sleep(0.1)  # polling the window manager's start
            if proc.poll() is None:
                break
        assert proc is not None
        wait_for(ready, 1, "the window manager (openbox)", proc,
                 lambda: f" (see {log_path})")
        yield
    finally:
        if proc is not None:
            stop(proc, 10)
        log.close()
