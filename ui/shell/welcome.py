"""The first-start page: no panel yet, so offer to connect one or to try the demo."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomeView(QWidget):
    connectRequested = Signal()
    demoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")

        title = QLabel(self.tr("Welcome to SMM Desk"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)

        text = QLabel(
            self.tr(
                "Every service of every SMM panel in one searchable table, orders that ask "
                "exactly what each service needs, and a history that works offline.\n\n"
                "Connect your panel with its API URL and key, or look around first with a "
                "simulated demo panel — no account and no money needed."
            )
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setMaximumWidth(560)

        self.connect_button = QPushButton(self.tr("Connect a panel…"), objectName="connect_panel")
        self.connect_button.setDefault(True)
        self.connect_button.setMinimumSize(190, 44)
        self.connect_button.setStyleSheet(
            "QPushButton { background: #2d6cdf; color: white; border: none; border-radius: 6px;"
            " padding: 8px 18px; font-weight: bold; }"
            "QPushButton:hover { background: #3b7bf0; }"
            "QPushButton:disabled { background: #8aa6d8; }"
        )
        self.connect_button.clicked.connect(self.connectRequested)
        self.demo_button = QPushButton(self.tr("Try the demo panel"), objectName="try_demo")
        self.demo_button.setMinimumSize(190, 44)
        self.demo_button.setToolTip(
            self.tr("Starts a simulated panel on this computer. Nothing is bought for real.")
        )
        self.demo_button.clicked.connect(self.demoRequested)

        self.status = QLabel(objectName="welcome_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # may hold an error's text
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.connect_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)

        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(40, 32, 40, 32)
        card_layout.setSpacing(16)
        card_layout.addWidget(title)
        card_layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        card_layout.addSpacing(8)
        card_layout.addLayout(buttons)
        card_layout.addWidget(self.status)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def set_busy(self, busy: bool, text: str = "") -> None:
        pressed = self.connect_button.hasFocus() or self.demo_button.hasFocus()
        if busy and pressed:
            # The pressed button is disabled next: the focus waits on the line that says what
            # happens (a screen reader reads it) instead of jumping out of the page.
            self.status.setFocus(Qt.FocusReason.OtherFocusReason)
        self.connect_button.setEnabled(not busy)
        self.demo_button.setEnabled(not busy)
        self.status.setText(text)
