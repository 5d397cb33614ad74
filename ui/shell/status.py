"""The window's status bar, right side: every panel's last balance and its age, whether the
panels shown are online (the last error in the tooltip), "Enter API key…" when one is missing,
the long work under way (services refresh, status check) and a busy indicator.

It reads the session model (``ui.session.SessionModel``) and repaints when it announces a
change; it keeps nothing of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMenu, QProgressBar, QPushButton, QStatusBar, QToolButton

from smmdesk.textnorm import display_text, isolate, shorten
from ui.activity import Activity
from ui.format import NAME_WIDTH, elided_name, format_age, format_charge, format_exact, literal
from ui.session import SessionModel
from ui.tasks import TaskRunner

MAX_BALANCES_SHOWN = 2  # more panels than this: the status bar summarises
AGE_TICK_MS = 30_000


class StatusArea(QObject):
    enterKeyRequested = Signal()

    def __init__(self, bar: QStatusBar, session: SessionModel, runner: TaskRunner,
                 current_panel_id: Callable[[], str | None]) -> None:
        super().__init__(bar)
        self.session = session
        self._current = current_panel_id
        self.closing = False
        self.balances_label = QLabel(objectName="balances")
        self.balances_label.setTextFormat(Qt.TextFormat.PlainText)
        self.online_label = QLabel(objectName="online_indicator")
        self.online_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(objectName="progress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.enter_key_button = QPushButton(self.tr("Enter API key…"), objectName="enter_key")
        self.enter_key_button.setFlat(True)
        self.enter_key_button.clicked.connect(self.enterKeyRequested.emit)
        self.enter_key_button.hide()
        self.balances_button = QToolButton(objectName="balances_button")
        self.balances_button.setAccessibleName(self.tr("Balances"))
        self.balances_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.balances_button.setAutoRaise(True)
        self.balances_button.setMenu(QMenu(self.balances_button))
        self.balances_button.hide()
        bar.addPermanentWidget(self.balances_label)
        bar.addPermanentWidget(self.balances_button)
        bar.addPermanentWidget(self.online_label)
        bar.addPermanentWidget(self.enter_key_button)
        # Long work: its step, its time, and a Cancel that stops it (ui/activity.py).
        self.refresh_activity = Activity(name="refresh_activity")
        self.sync_activity = Activity(name="sync_activity")
        bar.addPermanentWidget(self.refresh_activity)
        bar.addPermanentWidget(self.sync_activity)
        bar.addPermanentWidget(self.progress)

        session.panelsChanged.connect(self.update)
        session.panelStateChanged.connect(self.update)
        session.balanceChanged.connect(self.update)
        runner.activeCountChanged.connect(self._active_changed)
        self._age_timer = QTimer(self)  # "· 2 min ago" grows old by itself
        self._age_timer.setInterval(AGE_TICK_MS)
        self._age_timer.timeout.connect(self.update)
        self._age_timer.start()

    def stop(self) -> None:
        self.closing = True
        self._age_timer.stop()

    def _active_changed(self, count: int) -> None:
        if self.closing:
            return
        self.progress.setVisible(count > 0)
        self.progress.setToolTip(self.tr("%1 background task(s) running").replace("%1", str(count)))

    def key_needed(self) -> list[str]:
        """The panels shown whose API key is missing (the first is the one to enter)."""
        return [p.id for p in self._shown() if self.session.state(p.id).key_missing]

    def _shown(self) -> list:
        current = self.session.panel(self._current())
        return [current] if current else self.session.panels()

    def update(self, *_args: object) -> None:
        self._update_balances()
        self._update_online()

    def _update_balances(self) -> None:
        panels = self.session.panels()
        parts, full, exact = [], [], []
        metrics = self.balances_label.fontMetrics()
        for p in panels:  # every panel's balance; the online state is about the selection
            last = self.session.balance(p.id)
            if last is None:
                continue
            balance, when = last
            text = f"{format_charge(balance.amount, balance.currency)} · {format_age(when)}"
            name = isolate(display_text(p.name))
            parts.append(text if len(panels) == 1
                         else f"{elided_name(p.name, metrics, NAME_WIDTH // 2 + 40)}: {text}")
            full.append(f"{name}: {text}")
            exact.append(f"{name}: {format_exact(balance.amount, balance.currency)}")
        crowded = len(parts) > MAX_BALANCES_SHOWN
        self.balances_label.setVisible(not crowded)
        self.balances_button.setVisible(crowded)
        if crowded:
            # Too many for one line: a summary, each balance in the button's popup.
            self.balances_button.setText(
                self.tr("%1 panels · balances…").replace("%1", str(len(parts))))
            menu = self.balances_button.menu()
            menu.clear()
            for line in full:
                action = menu.addAction(elided_name(line, metrics, 3 * NAME_WIDTH))
                action.setToolTip(literal(line))
        else:
            self.balances_label.setText("   |   ".join(parts))
        tip = literal(  # panel names: text, never markup
            self.tr("Last known balance and how old it is") + "\n" + "\n".join(exact))
        self.balances_label.setToolTip(tip)
        self.balances_button.setToolTip(tip)

    def _update_online(self) -> None:
        shown = self._shown()
        states = [self.session.state(p.id) for p in shown]
        online = [s.online for s in states]
        needing = [p for p, s in zip(shown, states, strict=True) if s.key_missing]
        self.enter_key_button.setVisible(bool(needing))
        if needing:
            self.enter_key_button.setToolTip(
                self.tr("Enter the API key of %1 again").replace("%1", needing[0].name))
        if not shown:
            text, color = "", None
        elif needing and len(needing) == len(shown):
            text, color = self.tr("● Key needed"), "#c0392b"
        elif needing:
            text = self.tr("● %1 need a key").replace("%1", str(len(needing)))
            color = "#e67e22"
        elif all(s is None for s in online):
            text, color = self.tr("● Connecting…"), "#7f8c8d"
        elif all(s is True for s in online):
            text, color = self.tr("● Online"), "#27ae60"
        elif all(s is False for s in online):
            text, color = self.tr("● Offline"), "#c0392b"
        else:
            n_on = sum(1 for s in online if s)
            n_off = sum(1 for s in online if s is False)
            text = (
                self.tr("● %1 online · %2 offline")
                .replace("%1", str(n_on))
                .replace("%2", str(n_off))
            )
            color = "#e67e22"
        self.online_label.setText(text)
        self.online_label.setStyleSheet(f"color: {color}; padding: 0 6px;" if color else "")
        errors = [f"{isolate(shorten(p.name, 60))}: {s.last_error}"
                  for p, s in zip(shown, states, strict=True) if s.last_error]
        tip = "\n".join(errors)
        if any(s is False for s in online):
            tip = self.tr("Offline: showing the services saved on this computer.") + (
                "\n" + tip if tip else ""
            )
        self.online_label.setToolTip(literal(tip))  # panels' error texts: never markup
