"""What the order form asks before it sends: the summary to confirm, and the question about an
earlier order on the same link (active, or one that may have gone through). Plain text always:
the texts hold the panel's name, the service's and the link, and a tag in any of them must not
be rendered next to the price. (Context "OrderForm": the form's own words.)"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QWidget

from smmdesk.models import LocalOrder, SubmitState
from ui.format import format_age


def _tr(text: str) -> str:
    return QCoreApplication.translate("OrderForm", text)


def uncertain_question() -> str:
    return _tr(
        "Your last attempt to place this same order may have gone through: the panel did "
        "not answer. Check your orders on the panel's website first.\n\n"
        "Place another order anyway?")


def duplicate_question(dup: LocalOrder, service_id: int | None, panel_name: str,
                       other_panel: str | None = None) -> str:
    """The earlier order ``dup`` on this link: "place another?" (``other_panel``: the panel
    it is on, when not this one)."""
    if dup.submit_state in (SubmitState.UNCERTAIN, SubmitState.SUBMITTING) and (
            other_panel is not None or dup.service_id != service_id):
        # The same link elsewhere (a switch, a failover): the first may have gone through.
        return _tr(
            "An order on this link may already have been placed on %1 (%2, %3): that panel "
            "did not answer, and the order is not resolved yet. Check it on that panel's "
            "website and resolve it in Orders first.\n\n"
            "Place this order too?"
        ).replace("%1", other_panel or panel_name).replace(
            "%2", dup.link or "").replace("%3", format_age(dup.created_at))
    if other_panel is not None or dup.service_id != service_id:
        # An active order of the same kind (platform and product) on another service or panel.
        name = f"#{dup.remote_id}" if dup.remote_id is not None else f"“{dup.service_name}”"
        return _tr(
            "An order of the same kind is already active on this link: %1 on %2 (%3, %4). "
            "Overlapping orders under-deliver: the panels count from the same start and "
            "refund nothing.\n\n"
            "Place this order too?"
        ).replace("%1", name).replace("%2", other_panel or panel_name).replace(
            "%3", dup.service_name or "").replace("%4", format_age(dup.created_at))
    if dup.submit_state is SubmitState.UNCERTAIN:
        what = _tr("an order that may have been placed (the panel did not answer)")
    elif dup.remote_id is not None:
        what = _tr("an active order #%1").replace("%1", str(dup.remote_id))
    else:
        what = _tr("an active order")
    return _tr(
        "You already have %1 for this service on this link (%2, %3).\n\n"
        "Place another order?"
    ).replace("%1", what).replace("%2", dup.link or "").replace(
        "%3", format_age(dup.created_at))


def _question_box(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str
                  ) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    # Ctrl+C copies the question's text (what Qt's message box does on Windows only): the
    # order's summary can be pasted into a note or a message, and read back by the
    # end-to-end test exactly as it was shown.
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), box)
    shortcut.activated.connect(lambda: QGuiApplication.clipboard().setText(box.text()))
    return box


def ask_confirm(parent: QWidget, title: str, text: str) -> bool:
    box = _question_box(parent, QMessageBox.Icon.Question, title, text)
    place = box.addButton(_tr("Place order"), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(place)
    box.exec()
    return box.clickedButton() is place


def ask_duplicate(parent: QWidget, title: str, text: str) -> bool:
    box = _question_box(parent, QMessageBox.Icon.Warning, title, text)
    again = box.addButton(_tr("Place another"), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is again
