"""`make run` on a fresh clone says what it does, one line per step, and nothing else (issue 24).

The project's own Makefile runs with a stand-in interpreter (``PYTHON=``): a small script that
makes a "venv" holding itself, answers ``pip`` as pip does (with the build tools' deprecation
chatter on stderr) and ``main.py`` with one line. So the recipe's output is what a person sees,
without the network or minutes of installing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FAKE_PYTHON = r"""#!/bin/sh
case "$1 $2" in
  "-m venv") mkdir -p "$3/bin" && cp "$0" "$3/bin/python" && exit 0 ;;
  "-m pip")
    echo "  BuildBackendWarning: License classifiers are deprecated." >&2
    echo "  !! ******** Please consider removing the following classifiers ******** !!" >&2
    echo "Successfully installed smm-desk-0.1.0"
    exit "${FAKE_PIP_STATUS:-0}" ;;
esac
case "$1" in
  scripts/build_i18n.py) exit 0 ;;
  main.py) echo "(the window opens)"; exit 0 ;;
esac
echo "fake python: unexpected $*" >&2
exit 3
"""

STEPS = ["Creating the virtual environment…", "Installing (first time: a few minutes)…",
         "Opening SMM Desk", "(the window opens)"]


@pytest.fixture
def clone(tmp_path: Path) -> tuple[Path, Path]:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    work = tmp_path / "clone"
    work.mkdir()
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, work / name)
    fake = tmp_path / "python3"
    fake.write_text(FAKE_PYTHON)
    fake.chmod(0o755)
    return work, fake


def make_run(work: Path, fake: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    return subprocess.run(["make", "run", f"PYTHON={fake}"], cwd=work, capture_output=True,
                          text=True, timeout=60, env={**clean, **env})


def test_make_run_prints_one_line_per_step_and_no_build_noise(clone) -> None:
    work, fake = clone
    first = make_run(work, fake)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == STEPS
    assert first.stderr == ""  # pip's and setuptools' chatter went to the log
    log = (work / ".venv" / "install.log").read_text()
    assert "License classifiers are deprecated" in log  # kept for when it is needed

    again = make_run(work, fake)  # installed: straight to the window
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == ["Opening SMM Desk", "(the window opens)"]


def test_a_failed_install_shows_pips_words_and_where_the_log_is(clone) -> None:
    work, fake = clone
    failed = make_run(work, fake, FAKE_PIP_STATUS="1")
    assert failed.returncode != 0
    # pip's own words, from the log's tail: what it said on stdout and on stderr, both.
    assert "Successfully installed smm-desk-0.1.0" in failed.stdout
    assert "License classifiers are deprecated" in failed.stdout
    assert "Installing failed (the whole log: .venv/install.log)." in failed.stdout
    assert "Opening SMM Desk" not in failed.stdout
