"""A team workspace in the window: the banner while the team server is away, and the panels
whose API key is not on this computer.

When any workspace call fails with ``TeamStoreUnreachable`` (the task runner's
``storeUnreachable``), or the watch's own quiet look finds the server gone, the banner says so
at once; the window keeps what it shows and stops placing (``availabilityChanged``). A timer
asks the workspace whether the server answers again (``Workspace.team_reachable``, on a worker:
the GUI thread never waits on the network) and the banner goes when it does.

A panel added by a colleague has no API key in this computer's keyring: its orders show, and
where it would place the window says "Key needed on this computer" (the session's
``key_missing``, read from the keyring on a worker after the panels are read).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from smmdesk.models import Panel
from smmdesk.secrets import SecretsError
from ui.teamroles import view_only

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.session import SessionModel
    from ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)

__all__ = ["TeamBanner", "TeamWatch", "missing_keys"]


def missing_keys(workspace: Workspace, panels: list[Panel]) -> list[str]:
    """The ids of the panels whose API key is not at hand on this computer (worker thread:
    it reads the keyring). A keyring that fails says nothing here (the panel's calls will)."""
    missing = []
    for p in panels:
        try:
            if not workspace.has_key(p.id):
                missing.append(p.id)
        except SecretsError:
            continue
    return missing


class TeamBanner(QFrame):
    """The line above the pages while the team server cannot be reached."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("team_banner")
        self.setStyleSheet("QFrame#team_banner { background: #fdecea; border-bottom: 1px solid "
                           "#e0b4b4; } QFrame#team_banner QLabel { color: #7b1f1f; }")
        self.label = QLabel(objectName="team_banner_text")
        self.label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, 1)
        self.hide()

    def show_away(self, where: str) -> None:
        self.label.setText(self.tr(
            "The team server cannot be reached: showing what was loaded; nothing can be placed "
            "until it is back. SMM Desk tries again by itself."))
        self.setToolTip(where)
        self.label.setAccessibleName(self.label.text())
        self.show()


class TeamWatch(QObject):
    """Whether the team server answers, for the window (``away``, ``availabilityChanged``)."""

    availabilityChanged = Signal(bool)  # True: the server answers again; False: it went away
    RETRY_MS = 3_000  # while away: how often the server is asked again
    LOOK_MS = 5_000  # while it answers: a quiet look, so an idle window notices too

    def __init__(self, workspace: Workspace, runner: TaskRunner, session: SessionModel,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.runner = runner
        self.session = session
        self.enabled = bool(getattr(workspace, "team", False))
        self.away = False
        self.banner = TeamBanner()
        self._probe: Task[bool] | None = None
        self._keys_task: Task[list[str]] | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._look)
        if not self.enabled:
            return
        runner.storeUnreachable.connect(self._unreachable)
        session.panelsChanged.connect(self._check_keys)
        self._timer.start(self.LOOK_MS)

    def stop(self) -> None:
        self._timer.stop()

    def placing_paused_text(self) -> str:
        """Why placing is off: the server is away, or this desk's login may only view ("" when
        nothing stops it)."""
        if not self.away:
            return view_only(self.session.team_me)
        return self.tr("The team server cannot be reached: nothing can be placed until it is "
                       "back.")

    # -- the server ---------------------------------------------------------------------------
    @Slot(object)
    def _unreachable(self, exc: BaseException) -> None:
        if self.away:
            return
        self.away = True
        where = str(getattr(exc, "where", "") or "")
        log.warning("the team store cannot be reached: %s", exc)
        self.banner.show_away(where)
        self._timer.start(self.RETRY_MS)
        self.availabilityChanged.emit(False)

    def _look(self) -> None:
        if self._probe is not None or self.runner.closed:
            return
        self._probe = self.runner.submit(
            self.workspace.team_reachable, quiet=True, on_result=self._answered,
            on_error=self._probe_failed, task_name="team_reachable")

    def _answered(self, reachable: bool) -> None:
        self._probe = None
        if not reachable:
            self._unreachable(Exception(self.tr("no answer")))
            return
        if not self.away:
            return
        self.away = False
        log.info("the team store answers again")
        self.banner.hide()
        self._timer.start(self.LOOK_MS)
        self.availabilityChanged.emit(True)

    def _probe_failed(self, exc: BaseException) -> None:
        self._probe = None
        log.warning("team store look failed: %r", exc)

    # -- the panels' keys ---------------------------------------------------------------------
    def _check_keys(self, panels: list[Panel]) -> None:
        if self.runner.closed:
            return
        self._keys_task = self.runner.submit(
            missing_keys, self.workspace, list(panels), quiet=True,
            on_result=self._keys_read, task_name="team_missing_keys")

    def _keys_read(self, missing: list[str]) -> None:
        self._keys_task = None
        for panel_id in missing:
            self.session.key_needed(panel_id)
