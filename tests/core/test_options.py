"""Every setting is declared once (``smmdesk.options``): its key, type and default. The window's
INI file and the database's preference tables hold nothing that is not declared there, and no
module names a settings key of its own."""

from __future__ import annotations

import ast
import dataclasses
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from smmdesk import options
from smmdesk.options import Scope
from smmdesk.store.automation import AutomationSettings
from smmdesk.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]


def test_each_key_is_declared_once_per_home() -> None:
    seen: set[tuple[Scope, str, str]] = set()
    for option in options.all_options():
        home = (option.scope, option.table, option.key)
        assert home not in seen, f"{option.key} declared twice"
        seen.add(home)
        assert option.doc, f"{option.key} says nothing about what it is"
        if option.scope is Scope.WORKSPACE:
            assert option.table, option.key
    assert len(seen) >= 30


def test_the_automation_record_is_the_declared_options() -> None:
    fields = {f.name: f.default for f in dataclasses.fields(AutomationSettings)}
    assert fields == {o.key: o.default for o in options.AUTOMATION}


def test_a_hand_edited_value_reads_as_the_default_not_a_crash() -> None:
    assert options.SYNC_INTERVAL_S.parse("ten") == 300
    assert options.SYNC_INTERVAL_S.parse("5") == 30  # never below the minimum
    assert options.MAX_ANSWER_MB.parse(" 8 ") == 8
    assert options.FILTER_FAVOURITES.parse("true") is True
    assert options.FILTER_FAVOURITES.parse("maybe") is False
    assert options.CLOSE_TO_TRAY.parse("sometimes") == ""
    assert options.WINDOW_GEOMETRY.parse(b"") is None
    assert options.GRACE.parse("90") == timedelta(seconds=90)
    assert options.GRACE.parse("soon") == timedelta(hours=1)
    assert options.MAX_PRICE_RISE.parse("NaN") == Decimal(10)
    assert options.PAUSED_ALL.dump(True) == "1"


def test_the_database_holds_only_declared_preferences(engine_ws: Workspace) -> None:
    """What the workspace writes in its preference tables has a declaration (the automation
    preferences, the clock hold, a panel's threshold, the home currency), on each engine."""
    with engine_ws as ws:
        ws.set_automation_settings(grace=timedelta(minutes=5), paused_all=True)
        ws.set_home_currency("EUR")
        assert ws.automation_settings().grace == timedelta(minutes=5)
        rows = ws.store.db.read(
            "SELECT 'automation_settings', key FROM automation_settings UNION ALL "
            "SELECT 'currency_settings', key FROM currency_settings", ())
    declared = {(o.table, o.key) for o in options.all_options() if o.scope is Scope.WORKSPACE}
    assert rows and {tuple(r) for r in rows} <= declared


def _literal_keys(path: Path) -> list[str]:
    """Calls that name a settings key by a string: ``.value("a/b")``, ``.set_value("a/b", …)``,
    ``.setValue("a/b", …)``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"value", "set_value", "setValue"} and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                and "/" in node.args[0].value):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.args[0].value}")
    return found


def test_no_module_names_a_settings_key_of_its_own() -> None:
    files = [*sorted((ROOT / "ui").rglob("*.py")), *sorted((ROOT / "smmdesk").rglob("*.py"))]
    assert [hit for f in files for hit in _literal_keys(f)] == []
