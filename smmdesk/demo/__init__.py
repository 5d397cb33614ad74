"""The demo panel: the project's simulator, in-process on a free loopback port (no Qt here).

Its state (orders, balance) lives in ``<data_dir>/demo-panel.json`` so a demo order placed
yesterday is still there today. The port changes on every start, so the stored demo panel's URL
is updated each time.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from smmdesk import redact
from smmdesk.models import Panel

if TYPE_CHECKING:
    from smmdesk.demo.server import PanelSimulator
    from smmdesk.workspace import Workspace

log = logging.getLogger(__name__)

DEMO_NAME = "Demo panel"
# Long and obviously not a secret: every API key is registered for redaction, and a key that is
# an everyday word ("demo") would have that word masked in every log line and crash report.
DEMO_KEY = "smmdesk-demo-key"
LEGACY_DEMO_KEYS = ("demo",)  # what older versions stored for the demo panel
STATE_FILE = "demo-panel.json"
DEMO_SERVICES = 500
# Simulated time runs faster so demo orders visibly progress within minutes.
DEMO_SPEED = 30.0


class DemoPanel:
    """Owns the simulator thread; ``start()`` is idempotent, ``stop()`` on quit."""

    def __init__(
        self,
        data_dir: Path,
        *,
        services: int = DEMO_SERVICES,
        speed: float = DEMO_SPEED,
        latency: float = 0.0,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.services = services
        self.speed = speed
        self.latency = latency
        self._sim: PanelSimulator | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._sim is not None

    @property
    def simulator(self) -> PanelSimulator | None:
        return self._sim

    @property
    def url(self) -> str | None:
        return self._sim.url if self._sim else None

    def start(self) -> str:
        """Start (once) and return the API URL."""
        with self._lock:
            if self._sim is None:
                # Deliberately lazy (start-up time): the HTTP server and its catalogue are loaded
                # only when the demo panel is actually started.
                from smmdesk.demo.server import PanelSimulator

                self.data_dir.mkdir(parents=True, exist_ok=True)
                sim = PanelSimulator(
                    services=self.services,
                    key=DEMO_KEY,
                    speed=self.speed,
                    latency=self.latency,
                    host="127.0.0.1",
                    port=0,
                    state_path=self.data_dir / STATE_FILE,
                )
                sim.start()
                self._sim = sim
                log.info("demo panel listening at %s", sim.url)
            return self._sim.url

    def stop(self) -> None:
        with self._lock:
            sim, self._sim = self._sim, None
        if sim is not None:
            sim.stop()
            log.info("demo panel stopped")

    def ensure_panel(self, workspace: Workspace) -> Panel:
        """Start the simulator and make sure the workspace has a demo panel pointing at it."""
        url = self.start()
        for panel in workspace.panels():
            if panel.is_demo:
                stored = self._stored_key(workspace, panel.id)
                if panel.url != url or stored != DEMO_KEY:
                    panel = workspace.update_panel(panel.id, url=url, key=DEMO_KEY)
                if stored in LEGACY_DEMO_KEYS:
                    redact.forget(stored)  # reading it registered it; it was never a secret
                return panel
        return workspace.add_panel(DEMO_NAME, url, DEMO_KEY, is_demo=True)

    @staticmethod
    def _stored_key(workspace: Workspace, panel_id: str) -> str | None:
        try:
            return workspace.secrets.get(panel_id)
        except Exception as exc:  # a broken keyring: the update below stores the key again
            log.info("demo panel key not readable (%s): storing it again", type(exc).__name__)
            return None

    def __enter__(self) -> DemoPanel:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def has_demo_panel(workspace: Workspace) -> bool:
    return any(p.is_demo for p in workspace.panels())
