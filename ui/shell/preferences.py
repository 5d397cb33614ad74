"""Preferences: how often order statuses are checked, and the language."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smmdesk.options import LANGUAGES
from ui.fit import fit_on_first_show, scrolling
from ui.session import MIN_INTERVAL_S


class PreferencesDialog(QDialog):
    """How often order statuses are checked, and the language (applied at the next start)."""

    def __init__(self, interval_s: int, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferences_dialog")
        self.team_page: QWidget | None = None  # Team workspace (ui/shell/team_prefs.py)
        self.setWindowTitle(self.tr("Preferences"))
        self.setMinimumWidth(420)
        self.interval = QSpinBox(objectName="sync_interval")
        self.interval.setRange(max(1, MIN_INTERVAL_S // 60), 24 * 60)
        self.interval.setSuffix(self.tr(" min"))
        self.interval.setValue(max(self.interval.minimum(), round(interval_s / 60)))
        self.interval.setToolTip(
            self.tr("Active orders are checked on the panels this often (F5 on Orders: now)")
        )
        self.language = QComboBox(objectName="language")
        for code, name in LANGUAGES:
            # Each language in its own name; "System" in the current one.
            self.language.addItem(name if code != "system" else self.tr("System"), code)
        pos = self.language.findData(language or "system")
        self.language.setCurrentIndex(max(pos, 0))
        self.language_note = QLabel(
            self.tr("A new language is applied the next time SMM Desk starts."),
            objectName="language_note",
        )
        self.language_note.setWordWrap(True)
        self.language_note.setStyleSheet("color: palette(placeholder-text);")
        form = QFormLayout()
        form.addRow(self.tr("Check order statuses every"), self.interval)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.language_note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # The settings scroll on a small screen; the buttons stay in view below them.
        body = QWidget(objectName="preferences_body")
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.addLayout(form)
        self.body_layout.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(body), 1)
        layout.addWidget(buttons)
        fit_on_first_show(self)

    def add_section(self, title: str, widget: QWidget) -> None:
        """Another part's settings, in a titled box above the buttons (e.g. Currencies)."""
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(widget)
        self.body_layout.insertWidget(self.body_layout.count() - 1, box)

    def interval_s(self) -> int:
        return int(self.interval.value()) * 60

    def language_code(self) -> str:
        return str(self.language.currentData())
