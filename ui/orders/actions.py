"""The Orders page's actions: check statuses now, refill, cancel, resolve, order again, open or
copy the link, copy the order ID, track existing orders, export CSV — each a ``QAction`` with
its shortcut (in the toolbar, the context menu and the window's Orders menu), enabled only when
the selected order allows it (``smmdesk.history.action_availability``, the reason in its
tooltip), and carried out on the task runner.

``OrderActions`` knows the page only through what it is given: which order is selected, what
it allows, where to say something; it answers with signals (``orderUpdated`` for a row that
changed, ``actionFinished``, ``exportFinished``, ``reorderRequested``).
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMessageBox, QStyle, QWidget

from smmdesk.history import Action, Availability, HistoryFilter
from smmdesk.models import LocalOrder, Panel
from smmdesk.workspace import ResolveRefused
from ui.actions import MainAction
from ui.format import describe_error
from ui.orders.dialogs import ResolveDialog, TrackOrdersDialog, resolve_check_text
from ui.settings import remember_folder, start_folder
from ui.tasks import Cancelled, TaskRunner

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.settings import Settings

log = logging.getLogger(__name__)

QT_TRANSLATE_NOOP = lambda context, text: text  # noqa: E731 - marker for lupdate

REASONS = {
    "not_placed": QT_TRANSLATE_NOOP("OrderActions", "This order was never placed on the panel."),
    "not_completed": QT_TRANSLATE_NOOP(
        "OrderActions", "Only a completed order can be refilled."),
    "final": QT_TRANSLATE_NOOP("OrderActions", "This order has already ended."),
    "service_no_refill": QT_TRANSLATE_NOOP("OrderActions", "This service has no refill."),
    "service_no_cancel": QT_TRANSLATE_NOOP("OrderActions", "This service cannot be canceled."),
    "panel_no_refill": QT_TRANSLATE_NOOP(
        "OrderActions",
        "This panel does not support refills (it answered “Incorrect request”)."),
    "panel_no_cancel": QT_TRANSLATE_NOOP(
        "OrderActions",
        "This panel does not support cancel (it answered “Incorrect request”)."),
    "offline": QT_TRANSLATE_NOOP(
        "OrderActions", "The panel is offline; try again when it answers."),
    "panel_removed": QT_TRANSLATE_NOOP(
        "OrderActions", "This panel was removed from SMM Desk."),
    "no_link": QT_TRANSLATE_NOOP("OrderActions", "This order has no link."),
    "not_url": QT_TRANSLATE_NOOP("OrderActions", "The link is a username, not a web address."),
    "no_id": QT_TRANSLATE_NOOP("OrderActions", "The panel gave this order no ID."),
    "unknown_service": QT_TRANSLATE_NOOP(
        "OrderActions", "Tracked by ID: the panel did not say which service it used."),
    "service_gone": QT_TRANSLATE_NOOP(
        "OrderActions", "The panel no longer lists this service."),
    "not_uncertain": QT_TRANSLATE_NOOP(
        "OrderActions", "Only an order whose placement is uncertain needs resolving."),
    "no_selection": QT_TRANSLATE_NOOP("OrderActions", "Select an order first."),
    "loading": QT_TRANSLATE_NOOP("OrderActions", "Checking what this order allows…"),
    "view_only": QT_TRANSLATE_NOOP("OrderActions",
                                   "Your login can only view this team workspace"),
}
NOT_AVAILABLE = QT_TRANSLATE_NOOP("OrderActions", "Not available")


# ------------------------------------------------------------------------------- worker calls
def run_refill(workspace: Workspace, local_id: int) -> tuple[list[Any], LocalOrder]:
    results = workspace.refill([local_id])
    return results, workspace.order(local_id)


def run_cancel(workspace: Workspace, local_id: int) -> tuple[list[Any], LocalOrder]:
    results = workspace.cancel([local_id])
    return results, workspace.order(local_id)


def export_orders(workspace: Workspace, flt: HistoryFilter, sort: Any, path: str,
                  names: dict[str, str]) -> int:
    # deliberately lazy: the CSV writer is not start-up's work
    from smmdesk.export import write_orders_csv

    customers = {c.id: c.name for c in workspace.customers(archived=True)}
    return write_orders_csv(path, workspace.iter_orders(flt, sort), names, customers)


class OrderActions(QObject):
    orderUpdated = Signal(object)  # LocalOrder: its row and details changed
    actionFinished = Signal(str, int, bool, str)  # action, local id, ok, message
    exportFinished = Signal(str, int)  # path, rows
    reorderRequested = Signal(int)  # local order id
    tracked = Signal(object)  # TrackResult

    def __init__(self, page: QWidget, workspace: Workspace, runner: TaskRunner, *,
                 settings: Settings | None,
                 selected: Callable[[], LocalOrder | None],
                 availability: Callable[[LocalOrder], dict[Action, Availability]],
                 say: Callable[[str], None],
                 panels: Callable[[], list[Panel]],
                 panel_id: Callable[[], str | None],
                 export_spec: Callable[[], tuple[HistoryFilter, Any]],
                 refresh: Callable[[], None]) -> None:
        super().__init__(page)
        self.page = page
        self.workspace, self.runner, self.settings = workspace, runner, settings
        self._selected, self._availability, self._say = selected, availability, say
        self._panels, self._panel_id, self._export_spec = panels, panel_id, export_spec
        self.page_active = True  # the window says False while another page is shown
        self.sell: QAction | None = None  # "Sell to customer…" (the page's: several rows)
        self._build(refresh)

    def _build(self, refresh: Callable[[], None]) -> None:
        style = self.page.style()
        sp = QStyle.StandardPixmap

        def make(name: str, text: str, icon: QStyle.StandardPixmap | None, slot) -> QAction:
            a = QAction(text, self.page, objectName=name)
            if icon is not None:
                a.setIcon(style.standardIcon(icon))
            a.triggered.connect(slot)
            self.page.addAction(a)
            return a

        self.refresh = make("action_refresh", self.tr("Check statuses &now"),
                            sp.SP_BrowserReload, refresh)
        self.refresh.setIconText(self.tr("Refresh"))
        self.refresh.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh.setToolTip(self.tr("Check the statuses of active orders now (F5)"))
        self.refill = make("action_refill", self.tr("&Refill"), sp.SP_ArrowUp,
                           self.refill_selected)
        self.cancel = make("action_cancel", self.tr("&Cancel order…"),
                           sp.SP_DialogCancelButton, self._cancel_clicked)
        self.open_link = make("action_open_link", self.tr("&Open link"), sp.SP_DirLinkIcon,
                              self.open_selected_link)
        self.copy_link = make("action_copy_link", self.tr("Copy &link"), None,
                              self.copy_selected_link)
        self.copy_id = make("action_copy_id", self.tr("Copy order &ID"), None,
                            self.copy_selected_id)
        self.reorder = make("action_reorder", self.tr("Order &again…"),
                            sp.SP_FileDialogNewFolder, self.reorder_selected)
        self.resolve = make("action_resolve", self.tr("Re&solve…"), sp.SP_MessageBoxQuestion,
                            self._resolve_clicked)
        self.track = make("action_track", self.tr("&Track existing orders…"),
                          sp.SP_FileDialogContentsView, self.track_orders_dialog)
        self.export = make("action_export", self.tr("&Export CSV…"), sp.SP_DialogSaveButton,
                           self._export_clicked)
        self.export.setToolTip(self.tr("Save the orders shown (current filter) as CSV"))
        # Every order action has a shortcut, shown in the Orders menu and the context menu.
        # They act on the order selected here, so only while the page is shown
        # (``set_page_active``). None of them is a key a text field uses (Ctrl+E, Ctrl+K…).
        for action, keys in (
            (self.refill, "Ctrl+R"),
            (self.cancel, "Ctrl+Shift+X"),
            (self.resolve, "Ctrl+Shift+V"),
            (self.reorder, "Ctrl+Shift+N"),
            (self.open_link, "Ctrl+O"),
            (self.copy_link, "Ctrl+Shift+L"),
            (self.track, "Ctrl+T"),
            (self.export, "Ctrl+S"),
        ):
            action.setShortcut(QKeySequence(keys))
        self.copy_id.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_id.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.order_actions = {
            Action.REFILL: self.refill,
            Action.CANCEL: self.cancel,
            Action.OPEN_LINK: self.open_link,
            Action.COPY_LINK: self.copy_link,
            Action.COPY_ID: self.copy_id,
            Action.REORDER: self.reorder,
            Action.RESOLVE: self.resolve,
        }
        self._base_tips = {
            Action.REFILL: self.tr("Ask the panel to refill drops (completed orders)"),
            Action.CANCEL: self.tr("Ask the panel to cancel this order"),
            Action.OPEN_LINK: self.tr("Open the link in your browser"),
            Action.COPY_LINK: self.tr("Copy the link"),
            Action.COPY_ID: self.tr("Copy the panel's order ID"),
            Action.REORDER: self.tr("Open the order form filled like this order"),
            Action.RESOLVE: self.tr("Say whether the panel placed this uncertain order"),
        }

    # -- where they show --------------------------------------------------------------------
    def registered(self) -> dict[MainAction, QAction]:
        """The window's Orders menu entries (``ui.actions.ActionRegistry.add_page``)."""
        return {
            MainAction.REFILL: self.refill, MainAction.CANCEL: self.cancel,
            MainAction.RESOLVE: self.resolve, MainAction.OPEN_LINK: self.open_link,
            MainAction.COPY_LINK: self.copy_link, MainAction.COPY_ORDER_ID: self.copy_id,
            MainAction.REORDER: self.reorder, MainAction.TRACK: self.track,
            MainAction.EXPORT: self.export,
            **({MainAction.SELL: self.sell} if self.sell is not None else {}),
        }

    def menu_actions(self) -> list[QAction | None]:
        """The order actions in menu order (None: a separator): the context menu and the
        window's Orders menu list these."""
        return [self.refill, self.cancel, self.resolve, None,
                self.open_link, self.copy_link, self.copy_id, None,
                self.reorder, *([self.sell] if self.sell is not None else []), None,
                self.track, self.export]

    def build_context_menu(self) -> QMenu:
        menu = QMenu(self.page)
        menu.setObjectName("history_menu")
        menu.setToolTipsVisible(True)
        for a in [*self.menu_actions(), None, self.refresh]:
            if a is None:
                menu.addSeparator()
            else:
                menu.addAction(a)
        menu.aboutToHide.connect(menu.deleteLater)
        return menu

    def update(self, availability: dict[Action, Availability]) -> None:
        """Enable what the selected order allows (and only while the page is shown)."""
        for action, qa in self.order_actions.items():
            a = availability[action]
            qa.setEnabled(a.enabled and self.page_active)
            if not self.page_active:
                tip = self.tr("Acts on the order selected on the Orders page: open it first")
            elif a.enabled:
                tip = self._base_tips[action]
            else:
                tip = self.tr(REASONS.get(a.reason or "", NOT_AVAILABLE))
            qa.setToolTip(tip)
            qa.setStatusTip(tip)
        self.export.setEnabled(self.page_active)

    def update_track(self, panels: list[Panel]) -> None:
        self.track.setEnabled(bool(panels))
        self.track.setToolTip(
            self.tr("Import orders placed on a panel's website by their IDs") if panels
            else self.tr("Add a panel first"))

    # -- carrying them out -------------------------------------------------------------------
    def _require(self, action: Action) -> LocalOrder | None:
        order = self._selected()
        if order is None:
            return None
        a = self._availability(order)[action]
        if not a.enabled:
            self._say(self.tr(REASONS.get(a.reason or "", NOT_AVAILABLE)))
            return None
        return order

    def refill_selected(self) -> None:
        order = self._require(Action.REFILL)
        if order is None:
            return
        self.refill.setEnabled(False)
        self._say(self.tr("Asking the panel for a refill…"))
        self.runner.submit(run_refill, self.workspace, order.id, panel_id=order.panel_id,
                           on_result=self._refill_done, on_error=self._action_error,
                           task_name="refill")

    def _refill_done(self, value: tuple[list[Any], LocalOrder]) -> None:
        self._action_done("refill", value)

    def _cancel_clicked(self) -> None:
        self.cancel_selected(confirm=True)

    def cancel_selected(self, *, confirm: bool = False) -> None:
        order = self._require(Action.CANCEL)
        if order is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self.page, self.tr("Cancel order"),
                self.tr("Ask the panel to cancel order #%1? Whether it is canceled, and how much "
                        "is refunded, is up to the panel.").replace("%1", str(order.remote_id)))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.cancel.setEnabled(False)
        self._say(self.tr("Asking the panel to cancel…"))
        self.runner.submit(run_cancel, self.workspace, order.id, panel_id=order.panel_id,
                           on_result=self._cancel_done, on_error=self._action_error,
                           task_name="cancel")

    def _cancel_done(self, value: tuple[list[Any], LocalOrder]) -> None:
        self._action_done("cancel", value)

    def _action_done(self, action: str, value: tuple[list[Any], LocalOrder]) -> None:
        results, order = value
        ok = bool(results) and all(r.ok for r in results)
        msg = "; ".join(r.message for r in results) or ""
        self._say(msg)
        self.orderUpdated.emit(order)  # (a refusal may be remembered on the panel too)
        self.actionFinished.emit(action, order.id, ok, msg)

    def _action_error(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        self._say(describe_error(exc))
        self.actionFinished.emit("error", -1, False, describe_error(exc))

    def _resolve_clicked(self) -> None:
        order = self._require(Action.RESOLVE)
        if order is None:
            return
        dialog = ResolveDialog(order, self.page, workspace=self.workspace, runner=self.runner)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.resolve_selected(dialog.result_id, accept_mismatch=dialog.accept_mismatch)

    def resolve_selected(self, remote_id: int | None, *, accept_mismatch: bool = False) -> None:
        """Resolve the selected UNCERTAIN order: placed as ``remote_id``, or None: not placed.
        An id another order holds, or that the panel does not know, is refused (nothing
        changes); so is a contradicting panel answer unless ``accept_mismatch``."""
        order = self._require(Action.RESOLVE)
        if order is None:
            return
        self._say(self.tr("Saving…"))
        self.runner.submit(self.workspace.resolve_uncertain, order.id, remote_id,
                           accept_mismatch=accept_mismatch,
                           panel_id=order.panel_id, on_result=self._resolved,
                           on_error=self._resolve_error, task_name="resolve")

    def _resolve_error(self, exc: BaseException) -> None:
        if isinstance(exc, ResolveRefused):
            msg = resolve_check_text(exc.check)
            self._say(msg)
            self.actionFinished.emit("resolve", exc.check.order.id, False, msg)
            return
        self._action_error(exc)

    def _resolved(self, order: LocalOrder) -> None:
        self.orderUpdated.emit(order)
        msg = (self.tr("Marked as placed: order #%1.").replace("%1", str(order.remote_id))
               if order.remote_id is not None else self.tr("Marked as not placed."))
        self._say(msg)
        self.actionFinished.emit("resolve", order.id, True, msg)

    def open_selected_link(self) -> None:
        order = self._require(Action.OPEN_LINK)
        if order is not None and order.link:
            QDesktopServices.openUrl(QUrl(order.link))

    def copy_selected_link(self) -> None:
        order = self._require(Action.COPY_LINK)
        if order is not None and order.link:
            QGuiApplication.clipboard().setText(order.link)
            self._say(self.tr("Link copied."))

    def copy_selected_id(self) -> None:
        order = self._require(Action.COPY_ID)
        if order is not None and order.remote_id is not None:
            QGuiApplication.clipboard().setText(str(order.remote_id))
            self._say(self.tr("Order ID copied."))

    def reorder_selected(self) -> None:
        order = self._require(Action.REORDER)
        if order is not None:
            self.reorderRequested.emit(order.id)

    def track_orders_dialog(self) -> TrackOrdersDialog:
        dialog = TrackOrdersDialog(self.workspace, self.runner, self._panels(), self.page,
                                   panel_id=self._panel_id())
        dialog.tracked.connect(self.tracked.emit)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- export ------------------------------------------------------------------------------
    def _export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.page, self.tr("Export orders"), str(self.export_suggestion()),
            self.tr("CSV files (*.csv)"))
        if path:
            remember_folder(self.settings, path)
            self.export_csv(path)

    def export_suggestion(self) -> Path:
        """The file the export dialog offers: today's name, in the folder used last time (or
        Documents), not in whatever folder SMM Desk was started from."""
        stamp = datetime.now().strftime("%Y-%m-%d")
        return start_folder(self.settings) / f"smm-desk-orders-{stamp}.csv"

    def export_csv(self, path: str) -> None:
        """Write the orders of the current filter and sort (all of them, not just loaded)."""
        names = {p.id: p.name for p in self._panels()}
        flt, sort = self._export_spec()
        self._say(self.tr("Exporting…"))
        self.runner.submit(export_orders, self.workspace, flt, sort, str(path), names,
                           on_result=_ExportDone(self, str(path)).deliver,
                           on_error=self._export_failed, task_name="export_csv")

    def _export_failed(self, exc: BaseException) -> None:
        """A file the person chose could not be written: say where and why, in words."""
        if isinstance(exc, Cancelled):
            return
        if not isinstance(exc, OSError):
            self._action_error(exc)
            return
        log.warning("export failed: %r", exc)
        folder = str(Path(exc.filename).parent) if exc.filename else ""
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            text = self.tr("The folder %1 cannot be written (it is read-only or you may not "
                           "write there). Choose another folder for the export.")
        elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
            text = self.tr("The disk of %1 is full. Free some space or choose another folder "
                           "for the export.")
        elif exc.errno == errno.ENOENT:
            text = self.tr("The folder %1 does not exist (any more). Choose another folder for "
                           "the export.")
        else:
            text = self.tr("The export could not be written to %1: %2").replace(
                "%2", exc.strerror or type(exc).__name__)
        self._say(text.replace("%1", folder))

    def export_done(self, path: str, n: int) -> None:
        self._say(self.tr("%1 order(s) exported to %2").replace("%1", str(n))
                  .replace("%2", path))
        self.exportFinished.emit(path, n)


class _ExportDone(QObject):
    """Carries the export's path back (bound-method delivery stays safe)."""

    def __init__(self, actions: OrderActions, path: str) -> None:
        super().__init__(actions)
        self.path = path

    def deliver(self, n: int) -> None:
        actions = self.parent()
        self.deleteLater()
        if isinstance(actions, OrderActions):
            actions.export_done(self.path, n)
