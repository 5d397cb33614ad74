"""The views go through the ``Workspace``: from the core modules that do work (``store``,
``sync``, ``history``, ``recovery``, ``api``, the workspace's parts — ``panels``, ``placing``,
``syncer``, ``orderactions``, ``pricing``, ``automation``, ``autorefill``, ``alerts`` — and
every submodule of theirs, such as ``smmdesk.store.automation``) a view imports only the value
types and pure helpers listed here, and never reaches into the workspace's innards
(``workspace.store``, ``.client``, ``.backoff``, ``.secrets``). Qt-free: it reads the source."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Value types, constants and pure functions (no I/O, no state) a view may import directly.
ALLOWED: dict[str, set[str]] = {
    "smmdesk.store": set(),
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
    # The automation preferences (a value type) and the lifetime marker of a refill window.
    "smmdesk.store.automation": {"AutomationSettings", "LIFETIME_DAYS"},
    # The schedules page's refusals and Resume's question (values); the clocks the automation
    # tick reads with its ``now`` (the elapsed clock, this boot's id: no data touched).
    "smmdesk.automation": {"ResumeCheck", "RunNotPlaced", "ScheduleBlocked", "boot_id",
                           "elapsed_seconds"},
    # The store's errors (values): the window words a team store out of reach, a feature not
    # on it, a login refused (ui.format.describe_team_error) — without loading psycopg.
    "smmdesk.store.errors": {"NotOnTeamStore", "StoreConnectError", "StoreError",
                             "TeamStoreUnreachable"},
    # A store address read and checked (pure: the text in, a value or its error out; the
    # driver is loaded only for a postgresql:// address) and the TLS modes offered.
    "smmdesk.store.pg.location": {"SSL_MODES", "StoreLocationError", "parse_store"},
}
# The workspace's parts: a view calls the facade (``smmdesk.workspace``), which re-exports what
# a view may name of theirs; a part gives nothing directly unless listed above.
PARTS = ("smmdesk.panels", "smmdesk.placing", "smmdesk.syncer", "smmdesk.orderactions",
         "smmdesk.pricing", "smmdesk.automation", "smmdesk.autorefill", "smmdesk.alerts")
# A submodule of one of these is held to its own entry above (none: it may give nothing).
GUARDED = ("smmdesk.store", "smmdesk.sync", "smmdesk.history", "smmdesk.recovery", "smmdesk.api",
           *PARTS)
# The recovery dialog runs before any workspace exists (the data could not be opened): it may
# use the recovery module itself (``check_data_dir``, ``diagnose``, ``apply``).
RECOVERY_DIALOG = "ui/system/recovery.py"
INNARDS = {"store", "client", "backoff", "secrets", "_network", "_clients"}


def _views() -> list[Path]:
    return sorted((ROOT / "ui").rglob("*.py"))


def _guarded(module: str) -> bool:
    return any(module == g or module.startswith(g + ".") for g in GUARDED)


def _problems(path: Path, rel: str | None = None) -> list[str]:
    rel = rel or path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and _guarded(node.module):
            if rel == RECOVERY_DIALOG and node.module == "smmdesk.recovery":
                continue
            allowed = ALLOWED.get(node.module, set())
            out.extend(f"{rel}:{node.lineno}: imports {a.name!r} from {node.module}"
                       for a in node.names if a.name not in allowed)
        elif isinstance(node, ast.ImportFrom) and node.module == "smmdesk":
            for a in node.names:
                if _guarded(f"smmdesk.{a.name}") and not (
                    rel == RECOVERY_DIALOG and a.name == "recovery"
                ):
                    out.append(f"{rel}:{node.lineno}: imports the module smmdesk.{a.name}")
        elif isinstance(node, ast.Import):
            out.extend(f"{rel}:{node.lineno}: imports the module {a.name}"
                       for a in node.names if _guarded(a.name))
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
    # the store's repositories are held like the package; the value type alone is allowed
    assert "ui/probe.py:3: imports 'OrderStore' from smmdesk.store.orders" in found
    assert "ui/probe.py:4: imports 'AutomationStore' from smmdesk.store.automation" in found


def test_the_boundary_check_sees_submodules_of_the_core(tmp_path: Path) -> None:
    """``smmdesk.store.automation`` and any module under ``store``, ``api``… is held to the same
    rule: only its listed value types, and no module of theirs imported whole."""
    bad = tmp_path / "probe.py"
    bad.write_text(
        "from smmdesk.store.automation import AutomationStore, AutomationSettings\n"
        "from smmdesk.store import automation\n"
        "from smmdesk.store.migrations import migrate\n"
        "import smmdesk.store.automation\n",
        encoding="utf-8",
    )
    found = _problems(bad, "ui/probe.py")
    assert found == [
        "ui/probe.py:1: imports 'AutomationStore' from smmdesk.store.automation",
        "ui/probe.py:2: imports 'automation' from smmdesk.store",
        "ui/probe.py:3: imports 'migrate' from smmdesk.store.migrations",
        "ui/probe.py:4: imports the module smmdesk.store.automation",
    ], found


def test_the_boundary_check_holds_the_workspace_parts(tmp_path: Path) -> None:
    """The parts the facade hands its calls to (placing, the syncer, pricing…) are work: a view
    naming one, or a class of one, goes around the facade."""
    bad = tmp_path / "probe.py"
    bad.write_text(
        "from smmdesk.placing import Placing, OrderQuote\n"
        "from smmdesk import syncer, models\n"
        "import smmdesk.pricing\n"
        "from smmdesk.automation import ScheduleBlocked, Automation\n"
        "from smmdesk.alerts import Alerts\n",
        encoding="utf-8",
    )
    found = _problems(bad, "ui/probe.py")
    assert found == [
        "ui/probe.py:1: imports 'Placing' from smmdesk.placing",
        "ui/probe.py:1: imports 'OrderQuote' from smmdesk.placing",
        "ui/probe.py:2: imports the module smmdesk.syncer",
        "ui/probe.py:3: imports the module smmdesk.pricing",
        "ui/probe.py:4: imports 'Automation' from smmdesk.automation",
        "ui/probe.py:5: imports 'Alerts' from smmdesk.alerts",
    ], found
