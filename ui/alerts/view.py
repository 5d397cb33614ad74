"""The Alerts page: every alert (low balance, a favourite's price change, a watched service
removed, an order needing attention, missed scheduled runs), newest first, in the person's
language; active ones in bold. The texts are built here from each alert's kind and numbers, not
from the core's English message."""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication, QLocale, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smmdesk.schedules import Alert, AlertKind
from smmdesk.textnorm import shorten
from smmdesk.workspace import Workspace
from ui.core_text import core_text
from ui.format import format_charge, format_decimal, format_percent, ntr
from ui.orders.model import format_when
from ui.tables import TableNotice
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)
CONTEXT = "AlertsView"
# The page lists the newest this many: a first check of a million orders may raise tens of
# thousands of stuck-order alerts, and a list item each would freeze the window.
PAGE_ALERTS = 500


def load_alerts(workspace: Workspace) -> tuple[list[Alert], int]:
    """(the newest ``PAGE_ALERTS`` alerts, how many there are) — on a worker."""
    alerts = workspace.alerts(limit=PAGE_ALERTS)
    return alerts, workspace.alert_count() if len(alerts) >= PAGE_ALERTS else len(alerts)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _money(text: object, currency: str | None) -> str:
    try:
        return format_charge(Decimal(str(text)), currency)
    except (InvalidOperation, ValueError):
        return str(text)


def _percent(text: object) -> str:
    try:
        return format_percent(Decimal(str(text)), decimals=1)
    except (InvalidOperation, ValueError):
        return str(text)


def _number(text: object) -> str:
    """A rate as the locale writes numbers (a price alert carries no currency)."""
    try:
        return format_decimal(Decimal(str(text)))
    except (InvalidOperation, ValueError):
        return str(text)


def _count(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def alert_title(alert: Alert) -> str:
    return {
        AlertKind.BALANCE: _tr("Low balance"),
        AlertKind.PRICE: _tr("Price changed"),
        AlertKind.REMOVED: _tr("Service removed"),
        AlertKind.ATTENTION: {"held": _tr("Scheduled order waits for you"),
                              "stuck": _tr("Order stuck: not started"),
                              "slow": _tr("Order slower than usual")}.get(
            str(alert.data.get("why")), _tr("Order needs attention")),
        AlertKind.MISSED: _tr("Scheduled runs missed"),
        AlertKind.CLOCK: _tr("Schedules held: the clock jumped"),
        AlertKind.REFILL: (_tr("Refill guarantee ends soon")
                           if alert.data.get("why") == "window_ends"
                           else _tr("Automatic refills refused")),
        AlertKind.MARGIN: _tr("Margin under your minimum"),
    }[alert.kind]


def _actions_text(actions: object) -> str:
    """The suggested actions of a stuck or slow order, as one sentence."""
    said = {"support": _tr("ask the panel's support"),
            "cancel": _tr("cancel it (this service allows it)"),
            "elsewhere": _tr("order the rest elsewhere (Compare)")}
    parts = [said[a] for a in (actions if isinstance(actions, list) else []) if a in said]
    return _tr("You can %1.").replace("%1", "; ".join(parts)) if parts else ""


def alert_text(alert: Alert) -> str:
    """The alert in the person's language."""
    d = alert.data
    if alert.kind is AlertKind.BALANCE:
        currency = d.get("currency")
        return (_tr("The balance on %1 is %2, below %3.")
                .replace("%1", str(d.get("panel", "")))
                .replace("%2", _money(d.get("amount"), currency))
                .replace("%3", _money(d.get("threshold"), currency)))
    if alert.kind is AlertKind.PRICE:
        return (_tr("Service #%1 %2: the price changed from %3 to %4.")
                .replace("%1", str(alert.service_id)).replace("%2", str(d.get("name", "")))
                .replace("%3", _number(d.get("old"))).replace("%4", _number(d.get("new"))))
    if alert.kind is AlertKind.REMOVED:
        text = (_tr("The panel no longer lists service #%1 %2.")
                .replace("%1", str(alert.service_id)).replace("%2", str(d.get("name", ""))))
        proposal = str(d.get("proposal") or "")
        return text + (" " + core_text(proposal) if proposal else "")
    if alert.kind is AlertKind.MISSED:
        count = _count(d.get("count"))
        service = str(d.get("service", ""))
        if d.get("why") == "late":  # the app was running but could not place them in time
            text = (ntr("AlertsView", "%n scheduled run(s) of %1: not placed in time.", count)
                    .replace("%1", service))
            reason = str(d.get("reason", ""))
            return text + (" " + core_text(reason) if reason else "")
        return (ntr("AlertsView", "%n scheduled run(s) of %1: missed while SMM Desk was not "
                    "running (or the computer was asleep).", count).replace("%1", service))
    if alert.kind is AlertKind.CLOCK:
        return (_tr("The computer's clock jumped %1 minutes ahead. No scheduled order is "
                    "placed until you confirm the clock is right (Scheduled page).")
                .replace("%1", str(d.get("minutes", ""))))
    if alert.kind is AlertKind.MARGIN:
        text = (_tr("Service #%1 %2: at its new price, a sell price leaves a margin of %3, "
                    "under your minimum of %4.")
                .replace("%1", str(alert.service_id)).replace("%2", str(d.get("name", "")))
                .replace("%3", _percent(d.get("margin"))).replace("%4", _percent(d.get("minimum"))))
        names = [str(n) for n in d.get("customer_names", [])]
        if d.get("general"):
            names.insert(0, _tr("every customer without a rule of their own"))
        if names:
            text += " " + _tr("Customers: %1.").replace("%1", ", ".join(names))
        schedules = d.get("schedules") or []
        if schedules:
            text += " " + _tr("Schedules of it: %1.").replace(
                "%1", ", ".join(f"#{s}" for s in schedules))
        return text
    if alert.kind is AlertKind.REFILL and d.get("why") == "window_ends":
        return (_tr("The refill guarantee of order %1 (%2) ends in %3 day(s): check whether it "
                    "dropped and ask for a refill before then.")
                .replace("%1", order_name(alert)).replace("%2", str(d.get("service", "")))
                .replace("%3", str(d.get("days", ""))))
    if alert.kind is AlertKind.REFILL:
        count_text, panel = str(d.get("count", "")), str(d.get("panel", ""))
        said = core_text(str(d.get("message", "")))
        if d.get("why") == "stopped":
            return (_tr("%1 order(s) on %2 will not be refilled automatically any more: the "
                        "panel says they cannot be refilled (%3).")
                    .replace("%1", count_text).replace("%2", panel).replace("%3", said))
        return (_tr("%2 refused the automatic refill of %1 order(s) %4 times in a row (%3). "
                    "SMM Desk asks again at the next interval.")
                .replace("%1", count_text).replace("%2", panel).replace("%3", said)
                .replace("%4", str(d.get("times", 3))))
    why = d.get("why")
    if why in ("stuck", "slow"):
        hours = str(d.get("hours", ""))
        text = (_tr("Order %1 has not started after %2 hours.") if why == "stuck" else
                _tr("Order %1 is slower than this service usually is: in progress for %2 "
                    "hours.")).replace("%1", order_name(alert)).replace("%2", hours)
        actions = _actions_text(d.get("actions"))
        return text + (" " + actions if actions else "")
    if why == "held":
        return (_tr("A scheduled order of %1 waits for you: %2 Resume it on the Scheduled page.")
                .replace("%1", str(d.get("service", "")))
                .replace("%2", core_text(str(d.get("reason", "")))))
    if why == "uncertain":
        return (_tr("Order %1 may or may not have been placed: check it on the panel.")
                .replace("%1", order_name(alert)))
    if why == "rejected":
        return (_tr("A scheduled order (%1) was refused: %2")
                .replace("%1", order_name(alert))
                .replace("%2", core_text(str(d.get("error", "")))))
    return _tr("Order %1 is not found on the panel.").replace("%1", order_name(alert))


def order_name(alert: Alert) -> str:
    """The order as the lists name it: the panel's id (#5000); without one (never placed, or
    not known whether), its service and link; our own number only for an old alert."""
    d = alert.data
    if d.get("remote_id"):
        return f"#{d['remote_id']}"
    service, link = str(d.get("service") or ""), str(d.get("link") or "")
    if service and link:
        return _tr("“%1” for %2").replace("%1", shorten(service, 60)).replace("%2", link)
    if service or link:
        return f"“{shorten(service or link, 60)}”"
    return _tr("(local %1)").replace("%1", str(alert.local_id))


class AlertsView(QWidget):
    showOrder = Signal(int)
    settingsRequested = Signal()  # the empty page's "Settings → Automation…"
    remapped = Signal(dict)  # what "Use the successor" moved (favourites, schedules …)
    # A price-change or removed-service alert: its panel's "What changed" up to the alert
    # (panel id, the alert's time, its service id).
    showChanges = Signal(str, object, int)

    def __init__(self, workspace: Workspace, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alerts_view")
        self.workspace, self.runner = workspace, runner
        self.alerts: list[Alert] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        title = QLabel(self.tr("Alerts"))
        title.setStyleSheet("font-weight: bold; font-size: 14pt;")
        top.addWidget(title)
        top.addStretch(1)
        # A removed service's alert proposes its successor: one action re-points favourites,
        # schedules, automatic-refill and price rules to it (``Workspace.remap_service``).
        self.successor_button = QPushButton(self.tr("Use the successor"),
                                            objectName="use_successor")
        self.successor_button.setToolTip(self.tr(
            "Re-point the favourite, schedules, automatic-refill and price rules of the removed "
            "service to the successor this alert proposes"))
        self.successor_button.setEnabled(False)
        self.successor_button.clicked.connect(self.use_successor)
        top.addWidget(self.successor_button)
        self.changes_button = QPushButton(self.tr("What changed"), objectName="alert_changes")
        self.changes_button.setToolTip(self.tr(
            "Show what changed on this alert's panel in the week up to it"))
        self.changes_button.setEnabled(False)
        self.changes_button.clicked.connect(self.show_changes)
        top.addWidget(self.changes_button)
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="refresh_alerts")
        self.refresh_button.clicked.connect(self.reload)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.list = QListWidget(objectName="alerts_list")
        self.list.setAccessibleName(self.tr("Alerts"))
        self.list.setAccessibleDescription(self.tr(
            "Enter or double-click: show the order, or what changed on the panel"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._double_clicked)  # Enter or double-click
        self.list.currentRowChanged.connect(self._current_changed)
        layout.addWidget(self.list, 1)
        self.more = QLabel(objectName="alerts_more")  # "Showing the newest 500 of 87,650"
        self.more.setWordWrap(True)
        self.more.hide()
        layout.addWidget(self.more)
        # What fills this page, and where it is switched on (Settings → Automation…).
        self.empty = TableNotice(self.list)
        self.empty.linkClicked.connect(lambda _key: self.settingsRequested.emit())

    def reload(self) -> None:
        self.runner.submit(load_alerts, self.workspace,
                           on_result=lambda got: self.set_alerts(got[0], total=got[1]),
                           on_error=self._failed, task_name="alerts")

    def set_alerts(self, alerts: list[Alert], *, total: int | None = None) -> None:
        """Show ``alerts`` (newest first); ``total``: how many there are in all, when more
        than these."""
        self.alerts = list(alerts)
        if total is not None and total > len(self.alerts):
            self.more.setText(self.tr("Showing the newest %1 of %2 alerts.")
                              .replace("%1", QLocale().toString(len(self.alerts)))
                              .replace("%2", QLocale().toString(total)))
            self.more.show()
        else:
            self.more.hide()
        log.info("alerts shown: %s", ", ".join(a.key for a in self.alerts[:20]))
        self.list.clear()
        for a in self.alerts:
            when = format_when(a.raised_at)
            item = QListWidgetItem(f"{when} · {alert_title(a)}: {alert_text(a)}")
            if a.active:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            else:
                item.setToolTip(self.tr("Cleared"))
            self.list.addItem(item)
        if self.alerts:
            self.empty.say("")
        else:
            self.empty.say(self.tr(
                "No alerts. They appear here, and as desktop notifications, when a "
                "favourite's price changes, a favourite or scheduled service is removed, an "
                "order needs attention, or a balance falls below the threshold you set."),
                ("settings", self.tr("Choose them in Settings → Automation…")))

    def _failed(self, exc: BaseException) -> None:
        self.empty.say(self.tr("Could not load the alerts: %1").replace("%1", str(exc)))

    def _successor_of(self, row: int) -> Alert | None:
        if 0 <= row < len(self.alerts):
            a = self.alerts[row]
            if a.kind is AlertKind.REMOVED and a.data.get("successor_id") is not None:
                return a
        return None

    def _current_changed(self, row: int) -> None:
        self.successor_button.setEnabled(self._successor_of(row) is not None)
        self.changes_button.setEnabled(self._catalogue_alert(row) is not None)

    def _catalogue_alert(self, row: int) -> Alert | None:
        """The alert at ``row`` when it is about the catalogue (a price change, a service
        removed): those link to the panel's "What changed"."""
        if 0 <= row < len(self.alerts):
            a = self.alerts[row]
            if a.kind in (AlertKind.PRICE, AlertKind.REMOVED) and a.panel_id is not None:
                return a
        return None

    def show_changes(self) -> None:
        a = self._catalogue_alert(self.list.currentRow())
        if a is not None and a.panel_id is not None:
            self.showChanges.emit(a.panel_id, a.raised_at,
                                  a.service_id if a.service_id is not None else -1)

    def use_successor(self) -> None:
        a = self._successor_of(self.list.currentRow())
        if a is None or a.panel_id is None or a.service_id is None:
            return
        self.successor_button.setEnabled(False)
        self.runner.submit(self.workspace.remap_service, a.panel_id, a.service_id,
                           str(a.data["successor_panel"]), int(a.data["successor_id"]),
                           on_result=self._remapped, on_error=self._failed,
                           task_name="remap_service")

    def _remapped(self, moved: dict[str, int]) -> None:
        self.remapped.emit(moved)
        self.reload()

    def _double_clicked(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        if 0 <= row < len(self.alerts) and self.alerts[row].local_id is not None:
            self.showOrder.emit(self.alerts[row].local_id)
        elif self._catalogue_alert(row) is not None:
            self.list.setCurrentRow(row)
            self.show_changes()
