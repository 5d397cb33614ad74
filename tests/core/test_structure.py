"""The house rules that keep the code base in shape: the core loads no Qt, no import cycles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_core_module_imports_without_loading_qt() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import smmdesk\n"
        "names = [m.name for m in pkgutil.walk_packages(smmdesk.__path__, 'smmdesk.')\n"
        "         if not m.name.endswith('__main__')]\n"
        "for n in names: importlib.import_module(n)\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui')))\n"
        "print(len(names), qt)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    count, loaded = proc.stdout.split(" ", 1)
    assert int(count) >= 20  # every module was really imported
    assert loaded.strip() == "[]", f"the core loaded Qt or ui: {loaded}"


def test_no_import_cycles_and_lazy_imports_say_why() -> None:
    proc = subprocess.run([sys.executable, "scripts/check_imports.py"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no cycles" in proc.stdout


def test_the_import_check_finds_a_cycle(tmp_path: Path) -> None:
    """The checker itself works: a planted two-module cycle is reported."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import check_imports
    finally:
        sys.path.pop(0)
    assert check_imports.find_cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    assert check_imports.find_cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_check_counts_imports_made_only_for_type_hints(tmp_path: Path) -> None:
    """A loop that exists only through ``if TYPE_CHECKING:`` imports is still a loop: the two
    modules need each other (and one day a hint becomes a real import)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import check_imports
    finally:
        sys.path.pop(0)
    probe = tmp_path / "probe.py"
    probe.write_text("from typing import TYPE_CHECKING\n"
                     "if TYPE_CHECKING:\n"
                     "    from ui.shell.main_window import MainWindow\n", encoding="utf-8")
    found, problems = check_imports.imports_of(probe, {"ui.shell.main_window"})
    assert [(target, lazy) for target, _line, lazy in found] == [("ui.shell.main_window", False)]
    assert problems == []


def test_opening_a_workspace_loads_no_http_stack() -> None:
    """requests and urllib3 (~80 ms of every start) load with the first request, not with the
    workspace the window opens before it reads the cached services."""
    code = (
        "import sys, tempfile, pathlib\n"
        "from smmdesk.workspace import Workspace\n"
        "ws = Workspace(pathlib.Path(tempfile.mkdtemp()) / 'data')\n"
        "ws.services()\n"
        "ws.close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('requests', 'urllib3')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
    from smmdesk import api

    assert api.USER_AGENT.startswith("SMMDesk/")  # read when asked: requests loads then


# The demo panel's simulator is a whole fake server.
LONG_CLASSES_ALLOWED = {("smmdesk/demo/server.py", "PanelSimulator")}


def test_no_core_class_is_over_600_lines() -> None:
    """The core's classes stay readable: the facade delegates, the work is in composed parts."""
    import ast

    long = []
    for path in sorted((ROOT / "smmdesk").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and (rel, node.name) not in LONG_CLASSES_ALLOWED:
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > 600:
                    long.append(f"{rel}: {node.name} has {lines} lines")
    assert long == []
