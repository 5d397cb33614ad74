"""Settings → Automation…, "Provider watch": when an order is stuck or slow and how long
before a refill guarantee ends it is reminded of (``smmdesk.options``: ``STUCK_AFTER``,
``STUCK_FACTOR``, ``SLOW_FACTOR``, ``REFILL_REMINDER``; saved with the other automation
preferences through the Workspace).

Each field keeps exactly what was typed or refuses it (the dialog says which and keeps OK
off): whole days, hours as a number (1.5 is an hour and a half), multipliers as decimals —
"2,5" or "2.5" as the person writes them, never rounded or clamped silently."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QWidget

from smmdesk.store.automation import AutomationSettings

MAX_STUCK_HOURS = 24 * 30
MAX_FACTOR = Decimal(100)
MAX_REMINDER_DAYS = 365
_NUMBER = re.compile(r"[0-9]+([.,][0-9]+)?")
_WHOLE = re.compile(r"[0-9]+")


def parse_number(text: str) -> Decimal | None:
    """A positive number as typed ("2,5", "2.5", "3"); None for anything else (signs,
    exponents, thousands separators, spaces inside)."""
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # (the pattern lets none through)
        return None


def parse_whole(text: str) -> int | None:
    text = text.strip()
    return int(text) if _WHOLE.fullmatch(text) else None


def shown(value: Decimal) -> str:
    """A stored number as the person's language writes it (its digits kept)."""
    text = format(value, "f")
    return text.replace(".", QLocale().decimalPoint()) if "." in text else text


def hours_text(duration: timedelta) -> str:
    hours = Decimal(int(duration.total_seconds())) / Decimal(3600)
    return shown(hours.normalize() if hours == hours.to_integral() else hours)


class WatchPrefsBox(QGroupBox):
    """The group of the four fields; ``values()`` the settings to save, or None while one is
    refused (``problem()`` says which); ``changed`` on every keystroke."""

    changed = Signal()

    def __init__(self, settings: AutomationSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Provider watch"))
        self.setObjectName("watch_prefs")
        form = QFormLayout(self)
        self.stuck_after = self._field(
            "stuck_after", hours_text(settings.stuck_after), self.tr("Stuck after, in hours"),
            self.tr("An active order that has not started after this many hours is stuck "
                    "(at the least: a service that usually starts later is given longer)"))
        form.addRow(self.tr("An order is stuck when not started after (hours):"),
                    self.stuck_after)
        self.stuck_factor = self._field(
            "stuck_factor", shown(settings.stuck_factor),
            self.tr("Stuck multiplier"),
            self.tr("…or after this many times its service's usual start time (the 90th "
                    "percentile of your own orders), when that is longer"))
        form.addRow(self.tr("…or this many times its service's usual start:"),
                    self.stuck_factor)
        self.slow_factor = self._field(
            "slow_factor", shown(settings.slow_factor), self.tr("Slow multiplier"),
            self.tr("An order in progress longer than this many times its service's usual "
                    "completion time is slow"))
        form.addRow(self.tr("An order is slow after this many times its service's usual "
                            "completion:"), self.slow_factor)
        self.refill_reminder = self._field(
            "refill_reminder", str(int(settings.refill_reminder.total_seconds() // 86400)),
            self.tr("Refill reminder, in days"),
            self.tr("How many days before a refill guarantee ends an alert reminds you"))
        form.addRow(self.tr("Remind me before a refill guarantee ends (days):"),
                    self.refill_reminder)

    def _field(self, name: str, text: str, accessible: str, tip: str) -> QLineEdit:
        edit = QLineEdit(text, objectName=name)
        edit.setAccessibleName(accessible)
        edit.setToolTip(tip)
        edit.textChanged.connect(lambda _t: self.changed.emit())
        return edit

    def problem(self) -> str | None:
        """Why a field is refused (the first), or None."""
        hours = parse_number(self.stuck_after.text())
        if hours is None or hours <= 0 or hours > MAX_STUCK_HOURS \
                or (hours * 3600) != (hours * 3600).to_integral():
            return self.tr("The hours after which an order is stuck must be a number above 0 "
                           "and at most %1.").replace("%1", str(MAX_STUCK_HOURS))
        for edit in (self.stuck_factor, self.slow_factor):
            factor = parse_number(edit.text())
            if factor is None or factor < 1 or factor > MAX_FACTOR:
                return self.tr("A multiplier must be a number from 1 to %1 (2,5 or 2.5).") \
                    .replace("%1", str(MAX_FACTOR))
        days = parse_whole(self.refill_reminder.text())
        if days is None or not 1 <= days <= MAX_REMINDER_DAYS:
            return self.tr("The refill reminder must be a whole number of days from 1 to %1.") \
                .replace("%1", str(MAX_REMINDER_DAYS))
        return None

    def values(self) -> dict[str, Any] | None:
        if self.problem() is not None:
            return None
        hours = parse_number(self.stuck_after.text())
        stuck, slow = parse_number(self.stuck_factor.text()), parse_number(self.slow_factor.text())
        days = parse_whole(self.refill_reminder.text())
        assert hours is not None and stuck is not None and slow is not None and days is not None
        return {"stuck_after": timedelta(seconds=int(hours * 3600)), "stuck_factor": stuck,
                "slow_factor": slow, "refill_reminder": timedelta(days=days)}
