"""The toolbar's panel switcher and the panel dialogs: add, edit, remove, enter a missing key.

The switcher lists the session model's panels ("All panels" first); ``switched`` says the
selection changed. After a panel is saved the window is asked to read its services
(``refreshRequested``) and a line is said in the status bar (``say``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QStyle, QToolBar, QWidget

from smmdesk.models import Panel
from smmdesk.textnorm import display_text
from ui import bridge
from ui.actions import ActionRegistry, MainAction
from ui.format import NAME_WIDTH, elided_name
from ui.panels.dialog import PanelDialog
from ui.session import SessionModel
from ui.teamroles import panel_lock, view_only

if TYPE_CHECKING:
    from smmdesk.demo import DemoPanel
    from ui.shell.welcome import WelcomeView
    from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

ALL_PANELS = ""  # the switcher's data for "All panels"


class PanelControl(QObject):
    switched = Signal()  # another panel (or All panels) is chosen
    refreshRequested = Signal(list)  # panel ids whose services to read (a panel saved)
    demoStarted = Signal(object)  # Panel: the demo panel runs (its panels read again)
    demoFailed = Signal()

    def __init__(self, window: QWidget, session: SessionModel, runner: TaskRunner,
                 say: Callable[[str, int], None]) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.workspace = session.workspace
        self.runner = runner
        self._say = say
        self._select: str | None = None  # the panel to show once the panels are read again
        self.switcher = QComboBox(objectName="panel_switcher")
        self.switcher.setMinimumContentsLength(22)
        self.switcher.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.switcher.setToolTip(self.tr("Which panel's services to show"))
        self.switcher.currentIndexChanged.connect(lambda _i: self.switched.emit())
        session.panelStateChanged.connect(self._state_changed)  # "Key needed on this computer"
        self.label = QLabel(self.tr("Panel:"))
        self.label.setContentsMargins(6, 0, 6, 0)
        self.label.setBuddy(self.switcher)
        self.switcher.setAccessibleName(self.tr("Panel"))
        self.demo_badge = QLabel(self.tr("DEMO · simulated"), objectName="demo_badge")
        self.demo_badge.setToolTip(self.tr(
            "This panel is simulated on your computer. Orders cost nothing and deliver nothing."))
        self.demo_badge.setStyleSheet(
            "QLabel { background: #f39c12; color: #1b1b1b; border-radius: 8px;"
            " padding: 2px 8px; margin-left: 8px; font-weight: bold; }")
        style, sp = window.style(), QStyle.StandardPixmap
        self.add_action = QAction(style.standardIcon(sp.SP_FileDialogNewFolder),
                                  self.tr("&Add panel…"), window, objectName="add_panel")
        self.add_action.setToolTip(self.tr("Connect another SMM panel"))
        self.edit_action = QAction(style.standardIcon(sp.SP_FileDialogDetailedView),
                                   self.tr("&Edit panel…"), window, objectName="edit_panel")
        self.remove_action = QAction(style.standardIcon(sp.SP_TrashIcon),
                                     self.tr("Re&move panel"), window, objectName="remove_panel")
        self.add_action.triggered.connect(self.add)
        self.edit_action.triggered.connect(self.edit)
        self.remove_action.triggered.connect(self.remove)

    def install(self, toolbar: QToolBar, registry: ActionRegistry) -> None:
        """The switcher (and the demo badge) in the toolbar, the panel actions registered."""
        toolbar.addWidget(self.label)
        toolbar.addWidget(self.switcher)
        self.demo_badge_action = toolbar.addWidget(self.demo_badge)
        self.demo_badge_action.setVisible(False)
        toolbar.addSeparator()
        registry.add_actions({MainAction.ADD_PANEL: self.add_action,
                              MainAction.EDIT_PANEL: self.edit_action,
                              MainAction.REMOVE_PANEL: self.remove_action})

    def update_actions(self) -> None:
        """Edit and Remove act on the panel chosen; the badge says it is simulated."""
        panel = self.current()
        me = self.session.team_me
        viewing = view_only(me)  # a team viewer changes no panel
        locked = panel_lock(me)  # nor an operator its row (its own key, yes: Edit)
        self.add_action.setEnabled(not locked)
        self.add_action.setToolTip(locked or self.tr("Connect another SMM panel"))
        self.edit_action.setEnabled(panel is not None and not viewing)
        self.remove_action.setEnabled(panel is not None and not locked)
        self.edit_action.setToolTip(viewing or self.edit_action.text().replace("&", ""))
        self.remove_action.setToolTip(locked or self.remove_action.text().replace("&", ""))
        self.demo_badge_action.setVisible(bool(panel and panel.is_demo))

    # -- which panel -------------------------------------------------------------------------
    def current_id(self) -> str | None:
        """The selected panel's id, or None for "All panels"."""
        return self.switcher.currentData() or None

    def current(self) -> Panel | None:
        return self.session.panel(self.current_id())

    def show_all(self) -> None:
        self.switcher.setCurrentIndex(max(self.switcher.findData(ALL_PANELS), 0))

    def reload(self, select: str | None = None) -> None:
        """Read the panels again; ``select``: the one to show then (ALL_PANELS: all)."""
        if select is not None:
            self._select = select
        self.session.reload_panels()

    def fill(self, panels: list[Panel], wanted: str | None) -> None:
        """The switcher lists ``panels`` with ``wanted`` chosen (quietly: no ``switched``)."""
        if self._select is not None:
            wanted, self._select = self._select, None
        switcher = self.switcher
        switcher.blockSignals(True)
        switcher.clear()
        switcher.addItem(self.tr("All panels"), ALL_PANELS)
        for p in panels:
            switcher.addItem("", p.id)
            self._label_item(switcher.count() - 1, p)
        switcher.setCurrentIndex(max(switcher.findData(wanted or ALL_PANELS), 0))
        switcher.blockSignals(False)

    def _label_item(self, index: int, p: Panel) -> None:
        """The switcher's line of panel ``p``: its name (elided and isolated: a 2,000-character
        or Arabic name; the full name in the tip), "simulated", or "key needed on this
        computer" (a team panel whose API key this desk does not have)."""
        name = elided_name(p.name, self.switcher.fontMetrics(), 2 * NAME_WIDTH)
        label = self.tr("%1 (simulated)").replace("%1", name) if p.is_demo else name
        tip = display_text(p.name)
        if p.is_demo:
            tip += "\n" + self.tr(
                "A simulated panel on this computer: nothing is bought for real")
        if self.session.state(p.id).key_missing:
            label = self.tr("%1 — Key needed on this computer").replace("%1", label)
            tip += "\n" + self.tr("Its orders are shown; to place orders on it from here, "
                                  "enter its API key (Edit panel…).")
        self.switcher.setItemText(index, label)
        self.switcher.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)

    def _state_changed(self, panel_id: str) -> None:
        index = self.switcher.findData(panel_id)
        panel = self.session.panel(panel_id)
        if index > 0 and panel is not None:
            self._label_item(index, panel)

    def start_demo(self, demo: DemoPanel, welcome: WelcomeView) -> None:
        """Start the simulated panel (on a worker); the welcome page says so meanwhile."""
        welcome.set_busy(True, self.tr("Starting the demo panel…"))
        self.runner.submit(demo.ensure_panel, self.workspace,
                           on_result=partial(self._demo_started, welcome),
                           on_error=partial(self._demo_failed, welcome), task_name="start_demo")

    def _demo_started(self, welcome: WelcomeView, panel: Panel) -> None:
        welcome.set_busy(False)
        # Next to real panels: all of them shown, as for any panel added.
        self.reload(select=ALL_PANELS if self.has_others(panel.id) else panel.id)
        self.demoStarted.emit(panel)

    def _demo_failed(self, welcome: WelcomeView, exc: BaseException) -> None:
        log.error("demo panel failed to start: %r", exc)
        text = self.tr("The demo panel could not start: %1").replace("%1", str(exc))
        refocus = welcome.status.hasFocus()
        welcome.set_busy(False, text)
        if refocus:  # the message was read where the focus waited; the button is back
            welcome.demo_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._say(text, 10000)
        self.demoFailed.emit()

    def has_others(self, panel_id: str) -> bool:
        return any(p.id != panel_id for p in self.session.panels())

    # -- dialogs -----------------------------------------------------------------------------
    def add(self) -> PanelDialog:
        dialog = PanelDialog(self.workspace, self.runner, None, self.window)
        dialog.saved.connect(self._added)
        dialog.open()
        return dialog

    def edit(self) -> PanelDialog | None:
        panel = self.current()
        if panel is None:
            return None
        return self._open(panel)

    def enter_missing_key(self) -> PanelDialog | None:
        """Open the panel dialog of the (first shown) panel whose key is needed."""
        current = self.current()
        shown = [current] if current else self.session.panels()
        panel = next((p for p in shown if self.session.state(p.id).key_missing), None)
        return None if panel is None else self._open(panel)

    def _open(self, panel: Panel) -> PanelDialog:
        dialog = PanelDialog(self.workspace, self.runner, panel, self.window,
                             locked=panel_lock(self.session.team_me))
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    def _saved(self, panel: Panel) -> None:
        self.session.key_restored(panel.id)
        self._say(self.tr("Panel “%1” saved.").replace("%1", panel.name), 5000)
        self.reload(select=panel.id)
        self.refreshRequested.emit([panel.id])

    def _added(self, panel: Panel) -> None:
        """A new panel. The first one is shown; another one joins the others under "All
        panels", so the orders and services already there stay in view (switching to the new,
        empty panel made the first order seem gone)."""
        if not self.has_others(panel.id):
            self._saved(panel)
            return
        self.session.key_restored(panel.id)
        self.reload(select=ALL_PANELS)
        self.refreshRequested.emit([panel.id])  # its progress shows beside the message
        self._say(self.tr(
            "Panel “%1” added. Showing all panels: choose one in the Panel list to see only "
            "its services and orders.").replace("%1", panel.name), 15000)

    def remove(self) -> None:
        panel = self.current()
        if panel is None:
            return
        answer = QMessageBox.question(
            self.window,
            self.tr("Remove panel"),
            self.tr(
                "Remove “%1”? Its API key is deleted from this computer; its order history stays."
            ).replace("%1", panel.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.runner.cancel_panel(panel.id)
        self.runner.submit(
            self.workspace.remove_panel,
            panel.id,
            on_result=lambda _r: self.reload(select=ALL_PANELS),
            on_error=bridge.error,
            task_name="remove_panel",
        )
