"""Help → Third-party licences: THIRD-PARTY-NOTICES as read-only plain text."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from smmdesk import notices
from smmdesk.paths import resource
from ui.fit import fit_window


def notices_text() -> str:
    """The bundle's THIRD-PARTY-NOTICES (made at build time); from the sources, the same text
    generated from the installed distributions."""
    path = resource(notices.NOTICES_FILE)
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return notices.generate()


class LicencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("licencesDialog")
        self.setWindowTitle(self.tr("Third-party licences"))
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("licencesText")
        self.text.setAccessibleName(self.tr("Third-party licences"))
        self.text.setReadOnly(True)  # plain text: nothing in it is read as markup
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText(notices_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        fit_window(self, QSize(820, 640))  # within a small screen (ui/fit.py)

