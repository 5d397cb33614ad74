"""Long work, shown while it runs: what it is doing, for how long, and a Cancel that stops it.

A services refresh of a slow panel, a status check of many orders, a mass order or the rates
update can take a minute; a busy bar alone says nothing. ``Activity`` says "Refreshing Demo
panel: downloading the service list… 0:12 [Cancel]". Cancelling is a flag the work checks
between its steps (a request under way cannot be interrupted), so the line then says
"stopping after the current request…" until the work has really stopped.

Short work does not flash by: the line appears only once the work has run for ``SHOW_AFTER_MS``.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

SHOW_AFTER_MS = 800
TICK_MS = 1000


def elapsed_text(seconds: float) -> str:
    """ "0:07", "1:02", "1:02:03": minutes and seconds, hours when there are any."""
    s = max(0, int(seconds))
    hours, rest = divmod(s, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Activity(QWidget):
    """One piece of long work: ``start(what)``, ``step(text)``, ``finish()``; the Cancel button
    emits ``cancelRequested`` (the owner cancels its tasks and the line says it is stopping)."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None, *, name: str = "activity",
                 cancellable: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.what = ""
        self.current = ""
        self.started_at: float | None = None
        self.cancelling = False
        self.label = QLabel(objectName=f"{name}_text")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # panel names are text
        self.elapsed = QLabel(objectName=f"{name}_elapsed")
        self.elapsed.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName=f"{name}_cancel")
        self.cancel_button.setFlat(True)
        self.cancel_button.clicked.connect(self._cancel_clicked)
        self.cancel_button.setVisible(cancellable)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.elapsed)
        layout.addWidget(self.cancel_button)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._update)
        self._reveal = QTimer(self)
        self._reveal.setSingleShot(True)
        self._reveal.setInterval(SHOW_AFTER_MS)
        self._reveal.timeout.connect(self._show_now)
        self.hide()

    @property
    def running(self) -> bool:
        return self.started_at is not None

    def seconds(self) -> float:
        return 0.0 if self.started_at is None else time.monotonic() - self.started_at

    def start(self, what: str, step: str = "") -> None:
        """``what``: "Refreshing Demo panel"; ``step``: what it does first."""
        if self.started_at is None:
            self.started_at = time.monotonic()
            self.cancelling = False
            self.cancel_button.setEnabled(True)
            self._reveal.start()
            self._tick.start()
        self.what = what
        self.step(step)

    def step(self, text: str) -> None:
        """What the work is doing now ("downloading the service list…")."""
        if self.cancelling:
            return  # "stopping…" stays until it has stopped
        self.current = text
        self._update()

    def stopping(self) -> None:
        """Cancel was asked: the work stops at its next check."""
        self.cancelling = True
        self.current = self.tr("stopping after the current request…")
        self.cancel_button.setEnabled(False)
        self._update()

    def finish(self) -> None:
        self.started_at = None
        self.cancelling = False
        self._reveal.stop()
        self._tick.stop()
        self.hide()

    def text(self) -> str:
        """The whole line as shown (tests, the status bar's tooltip)."""
        return f"{self.label.text()} {self.elapsed.text()}".strip()

    def _cancel_clicked(self) -> None:
        if self.running and not self.cancelling:
            self.stopping()
            self.cancelRequested.emit()

    def _show_now(self) -> None:
        if self.running:
            self._update()
            self.show()

    def _update(self) -> None:
        if self.what and self.current:
            self.label.setText(f"{self.what}: {self.current}")
        else:
            self.label.setText(self.what or self.current)
        self.elapsed.setText(elapsed_text(self.seconds()) if self.running else "")
        self.setAccessibleName(self.text())
