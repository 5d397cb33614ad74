"""``ui``'s cheaper answer to PySide6's "does this module's source mention PySide6?" (asked of
every module imported once PySide6 is in: ``ui._cheaper_pyside_source_check``) gives the same
answers as PySide's own ``inspect.getsource`` check, without keeping the files' lines."""

from __future__ import annotations

import importlib
import inspect
import linecache
import sys
from pathlib import Path

import ui  # noqa: F401  (installs the check)


def _upstream(module: object) -> bool:
    """PySide6's own check, as ``shibokensupport.feature`` has it."""
    try:
        return "PySide6" in inspect.getsource(module)  # type: ignore[arg-type]
    except (TypeError, OSError, SyntaxError):
        return False


def test_the_check_is_installed_and_answers_as_pyside_does() -> None:
    feature = sys.modules["shibokensupport.feature"]
    check = feature._mod_uses_pyside
    assert getattr(check, "smmdesk", False), "PySide's own check is still in place"
    names = ["ui.app", "ui.gcguard", "smmdesk.models", "smmdesk.workspace", "json", "math",
             "sys", "PySide6.QtCore", "ui.shell.main_window", "smmdesk.textnorm"]
    modules = [importlib.import_module(n) for n in names]
    answers = {m.__name__: check(m) for m in modules}
    assert answers == {m.__name__: _upstream(m) for m in modules}
    # both kinds are among them: a module that uses Qt, and one that does not
    assert answers["ui.app"] and answers["ui.gcguard"] and not answers["smmdesk.models"]
    assert not answers["math"] and not answers["sys"]


def test_a_module_imported_later_is_checked_without_its_lines_being_kept(
        tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "smm_probe_uses_qt.py").write_text(
        "from PySide6.QtCore import QObject\nVALUE = QObject\n", encoding="utf-8")
    (tmp_path / "smm_probe_plain.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    feature = sys.modules["shibokensupport.feature"]
    try:
        # an import statement (PySide's hook replaces ``__import__``)
        exec("import smm_probe_uses_qt, smm_probe_plain", {})
        # PySide's import hook asked about each: 0 "uses PySide", -1 "ignore"
        assert feature.pyside_feature_dict["smm_probe_uses_qt"] == 0
        assert feature.pyside_feature_dict["smm_probe_plain"] == -1
        assert str(tmp_path / "smm_probe_uses_qt.py") not in linecache.cache
    finally:
        for name in ("smm_probe_uses_qt", "smm_probe_plain"):
            sys.modules.pop(name, None)
            feature.pyside_feature_dict.pop(name, None)
