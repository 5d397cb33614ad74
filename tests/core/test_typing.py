"""Types are checked: mypy passes on the core (as ``make lint`` runs it), and a task is typed by
its function's result, so a callback for the wrong type is caught before it runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = '''
from decimal import Decimal
from typing import reveal_type

from ui.tasks import TaskRunner


def balance(panel_id: str) -> Decimal:
    return Decimal(panel_id)


def shows_text(value: str) -> None: ...


runner = TaskRunner()
task = runner.submit(balance, "1", on_result=lambda v: v + 1)
reveal_type(task)
runner.submit(balance, "1", on_result=shows_text)
'''


def _mypy(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(cache), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )


def test_mypy_is_clean_on_the_core(tmp_path: Path) -> None:
    proc = _mypy(cache=tmp_path / "cache")  # files and options from pyproject's [tool.mypy]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success" in proc.stdout


def test_a_task_is_typed_by_its_result(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    proc = _mypy("--follow-imports=silent", str(probe), cache=tmp_path / "cache")
    out = proc.stdout
    assert 'Revealed type is "ui.tasks.Task[decimal.Decimal]"' in out, out
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert len(errors) == 1 and "probe.py:18:" in errors[0], out
