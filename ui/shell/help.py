"""The Help menu: the third-party licences (their dialog loaded when first opened, not at
start-up) and About."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from smmdesk import __version__
from ui.actions import ActionRegistry, MainAction

if TYPE_CHECKING:
    from ui.shell.licences import LicencesDialog


def show_licences(parent: QWidget) -> LicencesDialog:
    """Help → Third-party licences (non-modal, read-only plain text)."""
    # deliberately lazy: the licence texts (importlib.metadata) are not start-up's work
    from ui.shell.licences import LicencesDialog

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
