"""The provider watch's page in the window: "What changed" (the catalogue's changes per panel
and period, ``ui.catalogue.view``), added after the other pages, and the link to it from the
price-change and service-removed alerts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStyle, QWidget

from ui.actions import ActionRegistry
from ui.alerts.view import AlertsView
from ui.catalogue.view import ChangesView, Period
from ui.session import SessionModel


class WatchUi(QObject):
    """Built by the app after the window (its pages come after the window's own, so their
    shortcuts stay where they were); ``registry``: the window's."""

    def __init__(self, window: QWidget, registry: ActionRegistry, session: SessionModel,
                 alerts_view: AlertsView) -> None:
        super().__init__(window)
        self.registry = registry
        self.changes_view = ChangesView(session.workspace, session.runner)
        registry.add_page(self.changes_view, self.tr("&What changed"), window.style()
                          .standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView))
        alerts_view.showChanges.connect(self.show_alert_changes)
        self._opened_by_alert = False
        self.changes_view.installEventFilter(self)

    def show_alert_changes(self, panel_id: str, raised_at: datetime, service_id: int) -> None:
        """An alert's link: the page, on its panel and the week up to it, its service chosen."""
        self._opened_by_alert = True  # read just now: the Show that follows reads nothing
        self.changes_view.show_changes(panel_id, Period.up_to(raised_at),
                                       service_id if service_id >= 0 else None)
        self.registry.show_page(self.changes_view)
        self.changes_view.table.setFocus()

    def eventFilter(self, watched: QObject, event: Any) -> bool:
        # the page reads what changed each time it is shown (a refresh may have added some)
        if watched is self.changes_view and event.type() == event.Type.Show:
            if not self._opened_by_alert:
                self.changes_view.reload()
            self._opened_by_alert = False
        return False
