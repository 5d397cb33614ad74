"""The order form's panes around its fields: the header (which panel the order goes to — said
plainly when it is not the toolbar's —, the service, its line of facts, a notice for a type SMM
Desk does not know, the description), the money box (the estimated charge, the balance after
the order, a warning when it would not be enough) and the pinned bar (the last result, the
status line, Schedule… and Place order)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smmdesk import servicetypes
from smmdesk.models import Balance, Panel, Service
from smmdesk.textnorm import display_text
from ui.format import format_exact, literal
from ui.order_form import pricing
from ui.order_form.fields import MUTED, st_tr
from ui.services.model import type_name

WARN_BG = "#fff4d6"
WARN_FG = "#6b4e00"


def _label(name: str, *, selectable: bool = False, style: str = "") -> QLabel:
    label = QLabel(objectName=name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # panel text: never markup
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label


class ServiceHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.panel_label = _label("form_panel")
        self.service_name = _label("service_name", selectable=True)
        font = QFont(self.service_name.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.service_name.setFont(font)
        self.service_meta = _label("service_meta", style=MUTED)
        self.unknown_notice = _label("unknown_notice", style=(
            f"QLabel {{ background: {WARN_BG}; color: {WARN_FG}; border-radius: 6px;"
            " padding: 8px; }"))
        self.description = _label("description", selectable=True, style=(
            "QLabel { background: palette(alternate-base); border-radius: 6px; padding: 8px; }"))
        for w in (self.panel_label, self.service_name, self.service_meta, self.unknown_notice,
                  self.description):
            layout.addWidget(w)
        self._toolbar_panel: str | None = None
        self._panel: Panel | None = None

    def show_service(self, service: Service, panel: Panel | None, currency: str | None) -> None:
        self._panel = panel
        self._update_panel_label()
        self.service_name.setText(display_text(service.name))
        self.service_meta.setText(pricing.meta_text(service, type_name(service.type), currency))
        notice = servicetypes.unknown_notice(service.type)
        self.unknown_notice.setText(st_tr(notice) if notice is not None else "")
        self.unknown_notice.setVisible(notice is not None)
        description = display_text(service.description, multiline=True)
        self.description.setText(description)
        self.description.setVisible(bool(description))

    def set_toolbar_panel(self, panel_id: str | None) -> None:
        """The toolbar's panel changed: the header names the form's own panel, and says so
        plainly when they differ (None: "All panels")."""
        self._toolbar_panel = panel_id
        self._update_panel_label()

    def _update_panel_label(self) -> None:
        panel = self._panel
        name = panel.name if panel is not None else ""
        other = (self._toolbar_panel is not None and panel is not None
                 and self._toolbar_panel != panel.id)
        if other:
            self.panel_label.setText(self.tr(
                "Panel: %1 (this order goes to %1, not to the panel chosen in the toolbar)")
                .replace("%1", name))
            self.panel_label.setStyleSheet(
                f"QLabel {{ background: {WARN_BG}; color: {WARN_FG}; border-radius: 6px;"
                " padding: 6px; font-weight: bold; }")
        else:
            self.panel_label.setText(self.tr("Panel: %1").replace("%1", name))
            self.panel_label.setStyleSheet(MUTED)
        self.panel_label.setProperty("other_panel", other)


class MoneySummary(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("order_summary")
        self.setStyleSheet(
            "QFrame#order_summary { background: palette(alternate-base); border-radius: 8px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        self.estimate = _label("estimate")
        big = QFont(self.estimate.font())
        big.setPointSizeF(big.pointSizeF() * 1.15)
        big.setBold(True)
        self.estimate.setFont(big)
        self.balance_after = _label("balance_after")
        self.low_balance = _label("low_balance", style=(
            f"QLabel {{ background: {WARN_BG}; color: {WARN_FG}; border-radius: 6px;"
            " padding: 6px; }"))
        for w in (self.estimate, self.balance_after, self.low_balance):
            layout.addWidget(w)

    def show_money(self, service: Service, values: Mapping[str, Any], currency: str | None,
                   balance: tuple[Balance, datetime] | None) -> None:
        """What this order costs (an estimate) and what is left after it."""
        amount: Decimal = servicetypes.estimate(service, values)
        self.estimate.setText(pricing.estimate_text(service, values, currency))
        self.estimate.setToolTip(literal(self.tr("Exactly %1").replace(
            "%1", format_exact(amount, currency))))
        after, exact, low = pricing.balance_texts(balance, amount)
        self.balance_after.setText(after)
        self.balance_after.setToolTip(literal(exact))
        self.low_balance.setText(low)
        self.low_balance.setVisible(bool(low))


OK_BG, OK_FG = "#e6f4ea", "#1e5631"
BAD_BG, BAD_FG = "#fdecea", "#8a1c12"


class PlacementBar(QWidget):
    """Below the scrolling fields, always in view on a small screen: the result of the last
    order (with "Show in history" / "Show in Scheduled"), the form's status line, Schedule… and
    Place order."""

    placeRequested = Signal()
    scheduleRequested = Signal()
    showOrder = Signal(int)  # local order id
    showSchedule = Signal(int)  # schedule id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("order_actions")
        self.pinned_layout = QVBoxLayout(self)
        self.pinned_layout.setContentsMargins(24, 6, 24, 10)
        self.pinned_layout.setSpacing(6)
        actions = self.actions_layout = QHBoxLayout()
        self.form_status = _label("form_status", style=MUTED)
        self.placing_progress = QProgressBar(objectName="placing_progress")
        self.placing_progress.setRange(0, 0)
        self.placing_progress.setMaximumWidth(120)
        self.placing_progress.setMaximumHeight(12)
        self.placing_progress.setTextVisible(False)
        self.placing_progress.hide()
        self.place = QPushButton(self.tr("Place order"), objectName="place")
        self.place.setDefault(True)
        self.place.setMinimumWidth(150)
        self.place.setMinimumHeight(34)
        self.place.clicked.connect(self.placeRequested)
        self.place.setToolTip(self.tr("Place the order (Ctrl+Enter)"))
        actions.addWidget(self.form_status, 1)
        actions.addWidget(self.placing_progress)
        # "Schedule…": the dialog lives in ui/schedules/dialog.py
        self.schedule_button = QPushButton(self.tr("Schedule…"), objectName="schedule")
        self.schedule_button.setMinimumHeight(34)
        self.schedule_button.clicked.connect(self.scheduleRequested)
        actions.addWidget(self.schedule_button)
        actions.addWidget(self.place)

        self.result_box = QFrame(objectName="result_box")
        rl = QHBoxLayout(self.result_box)
        rl.setContentsMargins(12, 10, 12, 10)
        self.result = _label("result")
        # Reachable with Tab (and where the focus goes after an outcome other than "placed"),
        # so a screen reader reads it.
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.show_in_history = QPushButton(self.tr("Show in Orders"), objectName="show_in_history")
        self.show_in_history.setToolTip(self.tr("The order on the Orders page"))
        self.show_in_history.clicked.connect(self._show_clicked)
        self.show_in_schedules = QPushButton(self.tr("Show in Scheduled"),
                                             objectName="show_in_schedules")
        self.show_in_schedules.clicked.connect(self._show_schedule_clicked)
        self.show_in_schedules.hide()
        rl.addWidget(self.result, 1)
        rl.addWidget(self.show_in_history, 0, Qt.AlignmentFlag.AlignTop)
        rl.addWidget(self.show_in_schedules, 0, Qt.AlignmentFlag.AlignTop)
        self.result_box.hide()
        self.pinned_layout.addWidget(self.result_box)
        self.pinned_layout.addLayout(actions)

    def show_check(self, problems: int, missing: list[str], just_placed: bool) -> None:
        """The status line after a check of the typed values: what is missing, what to fix, or
        that the order was just placed."""
        if just_placed and not problems:
            text = self.tr("Placed. Change the values to place another order.")
        elif not problems:
            text = ""
        elif missing and len(missing) == problems:
            text = self.tr("To place the order, fill in: %1").replace("%1", ", ".join(missing))
        else:
            text = self.tr("Fix the fields marked in red to place the order.")
        self.form_status.setText(text)

    def show_blocked(self, reason: str, *, key_needed: bool = False) -> None:
        """Placing is off whatever is typed (``reason``, on the status line and the button's
        tip); ``key_needed``: the button says "Key needed on this computer"."""
        if key_needed:
            self.place.setText(self.tr("Key needed on this computer"))
        elif self.place.text() != self.tr("Placing…"):
            self.place.setText(self.tr("Place order"))
        self.place.setToolTip(reason or self.tr("Place the order (Ctrl+Enter)"))
        if reason:
            self.form_status.setText(reason)

    def set_busy(self, busy: bool, status: str = "") -> None:
        """An order is being placed (or no longer): the progress, the button's word."""
        self.placing_progress.setVisible(busy)
        self.place.setText(self.tr("Placing…") if busy else self.tr("Place order"))
        if busy:
            # Not "Sending…" yet: first the earlier orders on this link are looked at, and a
            # possible duplicate is asked about (the form says when it really goes out).
            self.form_status.setText(status or self.tr("Checking your earlier orders…"))
            self.place.setEnabled(False)

    def show_result(self, text: str, tone: str, local_id: int | None = None,
                    schedule_id: int | None = None) -> QWidget:
        """Show an outcome ("ok", "warn", "bad", "info"); returns the person's next step (the
        order, the schedule, or the message), where the focus may go."""
        bg, fg = {"ok": (OK_BG, OK_FG), "warn": (WARN_BG, WARN_FG), "bad": (BAD_BG, BAD_FG)}.get(
            tone, ("palette(alternate-base)", "palette(text)"))
        self.result_box.setStyleSheet(
            f"QFrame#result_box {{ background: {bg}; border-radius: 8px; }}"
            f" QLabel#result {{ color: {fg}; }}")
        self.result.setText(text)
        self.show_in_history.setVisible(local_id is not None)
        self.show_in_history.setProperty("local_id", local_id)
        self.show_in_schedules.setVisible(schedule_id is not None)
        self.show_in_schedules.setProperty("schedule_id", schedule_id)
        self.result_box.show()
        return (self.show_in_history if local_id is not None
                else self.show_in_schedules if schedule_id is not None else self.result)

    def _show_schedule_clicked(self) -> None:
        schedule_id = self.show_in_schedules.property("schedule_id")
        if schedule_id is not None:
            self.showSchedule.emit(int(schedule_id))

    def _show_clicked(self) -> None:
        local_id = self.show_in_history.property("local_id")
        if local_id is not None:
            self.showOrder.emit(int(local_id))
