"""The views go through the ``Workspace``: from the core modules that do work (``store``,
``sync``, ``history``, ``recovery``, ``api``) a view imports only the value types and pure
helpers listed here, and never reaches into the workspace's innards (``workspace.store``,
``.client``, ``.backoff``, ``.secrets``). Qt-free: it reads the source."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Value types, constants and pure functions (no I/O, no state) a view may import directly.
ALLOWED: dict[str, set[str]] = {
    "smmdesk.store": set(),
    # the automation settings' value type and the "no end" window a refill dialog offers
    "smmdesk.store.automation": {"AutomationSettings", "LIFETIME_DAYS"},
    "smmdesk.sync": {"NotAnOrderId", "PanelSync", "merge", "parse_id_list"},  # + its error
    "smmdesk.history": {
        "BUCKETS", "KIND_DRIPFEED", "KIND_SUBSCRIPTION", "NOTIFY_STATES",
        "Action", "Availability", "HistoryFilter", "PanelSync", "action_availability",
        "bucket_of", "charge_of", "chart_series", "is_subscription", "month_start",
        "placed_note", "progress_of", "status_key",
    },
    # ``describe`` words an error (diagnose without a data dir: no file is touched).
    "smmdesk.recovery": {"ACTION_LABELS", "Action", "Problem", "Situation", "describe"},
    "smmdesk.api": {"classify_error"},
}
# The recovery dialog runs before any workspace exists (the data could not be opened): it may
# use the recovery module itself (``check_data_dir``, ``diagnose``, ``apply``).
RECOVERY_DIALOG = "ui/system/recovery.py"
INNARDS = {"store", "client", "backoff", "secrets", "_network", "_clients"}


def _checked(module: str | None) -> str | None:
    """The entry of ``ALLOWED`` that rules ``module``: its own, or its package's (a view may
    not reach the store's repositories, ``smmdesk.store.orders`` …, around the package)."""
    while module:
        if module in ALLOWED:
            return module
        module = module.rpartition(".")[0]
    return None


def _views() -> list[Path]:
    return sorted((ROOT / "ui").rglob("*.py"))


def _problems(path: Path, rel: str | None = None) -> list[str]:
    rel = rel or path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and _checked(node.module) is not None:
            if rel == RECOVERY_DIALOG and node.module == "smmdesk.recovery":
                continue
            extra = {a.name for a in node.names} - ALLOWED[_checked(node.module) or ""]
            if extra:
                out.append(f"{rel}:{node.lineno}: imports {sorted(extra)} from {node.module}")
        elif isinstance(node, ast.ImportFrom) and node.module == "smmdesk":
            for a in node.names:
                if f"smmdesk.{a.name}" in ALLOWED and not (
                    rel == RECOVERY_DIALOG and a.name == "recovery"
                ):
                    out.append(f"{rel}:{node.lineno}: imports the module smmdesk.{a.name}")
        elif isinstance(node, ast.Import):
            out.extend(f"{rel}:{node.lineno}: imports the module {a.name}"
                       for a in node.names if _checked(a.name) is not None)
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in INNARDS
            and (
                (isinstance(node.value, ast.Name) and node.value.id in ("workspace", "ws"))
                or (isinstance(node.value, ast.Attribute) and node.value.attr == "workspace")
            )
        ):
            out.append(f"{rel}:{node.lineno}: reaches into the workspace (.{node.attr})")
    return out


def test_views_call_the_workspace_not_the_core_modules_that_do_work() -> None:
    files = _views()
    assert len(files) > 20
    problems = [p for f in files for p in _problems(f)]
    assert problems == []


def test_the_boundary_check_sees_a_view_reaching_around(tmp_path: Path) -> None:
    bad = tmp_path / "probe.py"
    bad.write_text(
        "from smmdesk.store import Store\n"
        "from smmdesk.history import sync_panel\n"
        "from smmdesk.store.orders import OrderStore\n"
        "from smmdesk.store.automation import AutomationSettings, AutomationStore\n"
        "import smmdesk.store.queries\n"
        "def f(workspace):\n"
        "    return workspace.store.panels.list_panels(), workspace.client('p')\n",
        encoding="utf-8",
    )
    found = _problems(bad, "ui/probe.py")
    assert len(found) == 7, found
    assert any("['AutomationStore']" in p for p in found)  # the value type alone is allowed
