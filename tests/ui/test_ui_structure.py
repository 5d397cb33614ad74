"""The GUI's house rules: no class over 600 lines, and pages never reach into the window (they
register themselves through ``ui.actions.ActionRegistry``; only the app that builds the window
imports it)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _modules() -> list[tuple[str, ast.Module]]:
    return [(p.relative_to(ROOT).as_posix(), ast.parse(p.read_text(encoding="utf-8")))
            for p in sorted((ROOT / "ui").rglob("*.py"))]


def test_no_gui_class_is_over_600_lines() -> None:
    long = []
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > 600:
                    long.append(f"{rel}: {node.name} has {lines} lines")
    assert long == []


def test_only_the_app_imports_the_main_window() -> None:
    """A page that needs something of the window is given it (the session model, the action
    registry), never the window itself: no import of ``MainWindow``, type hints included."""
    found = []
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if (isinstance(node, ast.ImportFrom) and node.module == "ui.shell.main_window"
                    and any(a.name == "MainWindow" for a in node.names)):
                found.append(rel)
    assert found == ["ui/app.py"]
