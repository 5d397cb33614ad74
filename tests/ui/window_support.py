"""Helpers of the main-window tests (fixtures are in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from smmdesk.demo.server import PanelSimulator
from smmdesk.workspace import Workspace


def add_sim_panel(data_dir: Path, sim: PanelSimulator, *, name: str = "Sim",
                  refresh: bool = True) -> str:
    """A panel on the simulator in ``data_dir``, its balance and services read (``refresh``),
    before the window opens. Returns its id."""
    ws = Workspace(data_dir)
    try:
        panel = ws.add_panel(name, sim.url, sim.key)
        if refresh:
            ws.balance(panel.id)
            ws.refresh_services(panel.id)
        return panel.id
    finally:
        ws.close()
