"""Desktop notifications when orders finish.

``Notifier`` turns finished orders (the session model's ``ordersFinished``, from the app-wide
status check: ``ui.session.StatusSync``) into one tray message (when a tray exists) and always
into its ``notified`` signal, so tests and the status bar see exactly what would pop up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from smmdesk import options
from smmdesk.models import LocalOrder, OrderState
from ui.format import escape_markup

if TYPE_CHECKING:
    from ui.settings import Settings


def notify_setting(settings: Settings | None) -> bool:
    option = options.NOTIFY_FINISHED
    return settings[option] if settings is not None else option.default


FINISH_TITLES = {
    OrderState.COMPLETED.value: QT_TRANSLATE_NOOP("Notifier", "Order completed"),
    OrderState.PARTIAL.value: QT_TRANSLATE_NOOP("Notifier", "Order ended partial"),
    OrderState.CANCELED.value: QT_TRANSLATE_NOOP("Notifier", "Order canceled"),
}
FINISHED_TITLE = QT_TRANSLATE_NOOP("Notifier", "Order finished")


class Notifier(QObject):
    """Desktop notifications for finished orders; ``notified(title, text)`` is always emitted
    when enabled (the tray message is shown only where a system tray exists)."""

    notified = Signal(str, str)

    def __init__(self, parent: QObject | None = None, *, settings: Settings | None = None,
                 enabled: bool | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._enabled = notify_setting(settings) if enabled is None else bool(enabled)
        self._tray: QSystemTrayIcon | None = None
        self.panel_names: dict[str, str] = {}

    @property
    def enabled(self) -> bool:
        return self._enabled

    def use_tray(self, icon: QSystemTrayIcon) -> None:
        """Show messages on the app's one tray icon (the automation's) instead of making a
        second icon at the first message."""
        self._tray = icon

    def set_enabled(self, on: bool) -> None:
        self._enabled = bool(on)
        if self.settings is not None:
            self.settings[options.NOTIFY_FINISHED] = self._enabled

    def notify_finished(self, orders: list[LocalOrder]) -> None:
        if not self._enabled or not orders:
            return
        if len(orders) == 1:
            o = orders[0]
            title = self.tr(FINISH_TITLES.get(o.state.value, FINISHED_TITLE))
            ident = f"#{o.remote_id}" if o.remote_id is not None else f"({o.id})"
            panel = self.panel_names.get(o.panel_id, "")
            text = (self.tr("%1 %2 on %3").replace("%1", ident)
                    .replace("%2", o.service_name or self.tr("order"))
                    .replace("%3", panel or self.tr("the panel")))
        else:
            counts: dict[str, int] = {}
            for o in orders:
                counts[o.state.value] = counts.get(o.state.value, 0) + 1
            title = self.tr("%1 orders finished").replace("%1", str(len(orders)))
            parts = []
            for state, label in ((OrderState.COMPLETED.value, self.tr("completed")),
                                 (OrderState.PARTIAL.value, self.tr("partial")),
                                 (OrderState.CANCELED.value, self.tr("canceled"))):
                if counts.get(state):
                    parts.append(f"{counts[state]} {label}")
            text = ", ".join(parts)
        self.notified.emit(title, text)
        self._show(title, text)

    def _show(self, title: str, text: str) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self._tray is None:
            app = QApplication.instance()
            icon = app.windowIcon() if isinstance(app, QApplication) else QIcon()
            if icon.isNull() and isinstance(app, QApplication):
                icon = app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.setToolTip(self.tr("SMM Desk"))
            self._tray.show()
        # Notification servers read the body as markup: panel text is escaped.
        self._tray.showMessage(
            title, escape_markup(text), QSystemTrayIcon.MessageIcon.Information, 8000
        )
