"""Help → Third-party licences: THIRD-PARTY-NOTICES as read-only plain text."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from smmdesk import __version__, notices
from smmdesk.paths import resource
from ui.actions import ActionRegistry, MainAction
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


def show_licences(parent: QWidget) -> LicencesDialog:
    """Help → Third-party licences (non-modal, read-only plain text)."""
    dialog = LicencesDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent, QCoreApplication.translate("MainWindow", "About SMM Desk"),
        QCoreApplication.translate(
            "MainWindow",
            "SMM Desk %1\n\nOne desktop window for every SMM panel: services, orders and "
            "history, offline-first. API keys stay in your system keyring.").replace(
            "%1", __version__))


def add_help(registry: ActionRegistry, parent: QWidget) -> tuple[QAction, QAction]:
    """The Help menu's entries: the licences and About."""
    licences = QAction(QCoreApplication.translate("MainWindow", "Third-party &licences"),
                       parent)
    licences.triggered.connect(lambda: show_licences(parent))
    about = QAction(QCoreApplication.translate("MainWindow", "&About SMM Desk"), parent)
    about.triggered.connect(lambda: show_about(parent))
    registry.add_action(MainAction.LICENCES, licences)
    registry.add_action(MainAction.ABOUT, about)
    return licences, about
