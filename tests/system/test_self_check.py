"""``main.py --self-check`` as the packaged app runs it: a subprocess, a temp data dir."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_self_check_passes_and_prints_one_line(tmp_path):
    data = tmp_path / "data"
    proc = run("--self-check", "--data-dir", str(data), "--lang", "en")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1, proc.stdout
    assert re.fullmatch(
        r"self-check ok: demo panel, 500 services, table 500 rows, 4 orders via form, "
        r"history 5 orders, sync \d+ request\(s\), tls verified, keyring=\w+, lang=en, \d+\.\d s",
        lines[0],
    ), lines[0]
    assert "Traceback" not in proc.stderr and "qt:" not in proc.stderr, proc.stderr
    assert (data / "smmdesk.sqlite3").exists()
    assert (data / "settings.ini").exists()
    assert (data / "logs" / "smmdesk.log").exists()


def test_self_check_without_data_dir_leaves_nothing_behind(tmp_path):
    target = tmp_path / "should-stay-empty"
    proc = run("--self-check", env={"SMMDESK_DATA_DIR": str(target), "TMPDIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("self-check ok: ")
    assert not target.exists()  # a temp dir was used, and removed
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("smmdesk-self-check-")]


def test_self_check_reports_failure(tmp_path):
    # A file where the data dir should be: the store cannot open, the check must say so.
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    proc = run("--self-check", "--data-dir", str(blocker))
    assert proc.returncode == 1
    assert proc.stdout.startswith("self-check FAILED at "), proc.stdout


def test_self_check_with_a_team_store_tests_a_connection_to_it(tmp_path, pg_team):
    proc = run("--self-check", "--data-dir", str(tmp_path / "data"), "--store", pg_team.url())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r", team store admin \(libpq \d+\.\d+, \w+\), keyring=", proc.stdout), \
        proc.stdout


def test_self_check_fails_when_the_team_store_cannot_be_reached(tmp_path, pg_team):
    nowhere = pg_team.url().replace(pg_team.name, "no_such_database")
    proc = run("--self-check", "--data-dir", str(tmp_path / "data"), "--store", nowhere)
    assert proc.returncode == 1
    assert proc.stdout.startswith("self-check FAILED at team store: "), proc.stdout
    assert "no_such_database" in proc.stdout, proc.stdout
