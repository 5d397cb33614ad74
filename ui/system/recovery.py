"""The dialog for a damaged, newer, full or locked data dir, or a broken keyring.

``with_recovery(data_dir, build_context)`` opens the app's data the normal way; when that fails it
shows what happened (``smmdesk.recovery.diagnose``) with the ways out as buttons, carries out the
chosen one and tries again. The person sees sentences and buttons, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smmdesk import recovery
from smmdesk.recovery import ACTION_LABELS, Action, Problem

log = logging.getLogger(__name__)

T = TypeVar("T")
MAX_ROUNDS = 5  # a way out that does not help (e.g. the disk is still full) ends after this


def _tr(text: str) -> str:
    return QCoreApplication.translate("recovery", text)


def _tr_sentences(text: str) -> str:
    """Translate a message the core built from several marked sentences ("… read. " + "…")."""
    whole = _tr(text)
    if whole != text:
        return whole
    start = text.find(". ")
    while start >= 0:
        head, tail = text[: start + 2], text[start + 2 :]
        head_tr, tail_tr = _tr(head), _tr_sentences(tail)
        if head_tr != head and tail_tr != tail:
            return head_tr + tail_tr
        start = text.find(". ", start + 2)
    return whole


class RecoveryDialog(QDialog):
    """One problem, its explanation and one button per way out. ``chosen`` after it closes."""

    def __init__(self, problem: Problem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_dialog")
        self.problem = problem
        self.chosen: Action = Action.QUIT
        self.setWindowTitle(_tr(problem.title))
        self.setModal(True)
        self.setMinimumWidth(480)

        self.title_label = QLabel(_tr(problem.title), objectName="recovery_title")
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title_label.setFont(font)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label = QLabel(problem.text(_tr_sentences), objectName="recovery_message")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label = QLabel(objectName="recovery_detail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details = []
        if problem.detail:
            details.append(_tr("Details: %1").replace("%1", problem.detail))
        if problem.backup is not None:
            details.append(_tr("Latest backup: %1").replace("%1", problem.backup.name))
        if problem.data_dir is not None:
            details.append(_tr("Data folder: %1").replace("%1", str(problem.data_dir)))
        self.detail_label.setText("\n".join(details))
        self.detail_label.setVisible(bool(details))

        self.buttons = QDialogButtonBox(objectName="recovery_buttons")
        self.action_buttons: dict[Action, QPushButton] = {}
        for action in problem.actions:
            button = QPushButton(_tr(ACTION_LABELS[action]), objectName=f"recovery_{action.value}")
            role = (QDialogButtonBox.ButtonRole.RejectRole if action is Action.QUIT
                    else QDialogButtonBox.ButtonRole.AcceptRole)
            self.buttons.addButton(button, role)
            button.clicked.connect(lambda _checked=False, a=action: self._choose(a))
            self.action_buttons[action] = button
        default = self.action_buttons[problem.default_action]
        default.setDefault(True)
        default.setFocus()

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.buttons)

    def _choose(self, action: Action) -> None:
        self.chosen = action
        if action is Action.QUIT:
            self.reject()
        else:
            self.accept()

    @classmethod
    def ask(cls, problem: Problem, parent: QWidget | None = None) -> Action:
        dialog = cls(problem, parent)
        dialog.exec()
        return dialog.chosen


def with_recovery(
    data_dir: Path,
    open_fn: Callable[[Path], T],
    *,
    ask: Callable[[Problem], Action] | None = None,
    max_rounds: int = MAX_ROUNDS,
) -> T | None:
    """``open_fn(data_dir)``, offering the ways out of whatever stops it. None: the person
    chose to quit (or nothing helped). SESSION_KEYS opens normally: keys are asked for later."""
    ask = ask or RecoveryDialog.ask
    data_dir = Path(data_dir)
    for _ in range(max_rounds):
        problem = recovery.check_data_dir(data_dir)
        if problem is None:
            try:
                return open_fn(data_dir)
            except Exception as exc:  # every failure becomes a problem the person can act on
                log.error("opening %s failed: %s: %s", data_dir, type(exc).__name__,
                          recovery.diagnose(exc, data_dir).detail)
                problem = recovery.diagnose(exc, data_dir)
        action = ask(problem)
        log.warning("recovery: %s -> %s", problem.situation.value, action.value)
        if action is Action.QUIT:
            return None
        try:
            recovery.apply(action, data_dir)
        except Exception as exc:
            # The way out itself failed (e.g. the backup vanished): say so on the next round.
            log.error("recovery action %s failed: %s", action.value, type(exc).__name__)
    return None


def problem_of(exc: BaseException, data_dir: Path) -> Problem:
    """What ``exc`` means for the person, with the ways out (e.g. damage the check found after
    start-up: ``ui.app.Session``)."""
    return recovery.diagnose(exc, data_dir)


def carry_out(action: Action, data_dir: Path) -> None:
    """Carry out a file-level way out (the workspace is closed first); a failure is logged and
    the next opening says what is wrong."""
    try:
        recovery.apply(action, data_dir)
    except Exception as exc:
        log.error("recovery action %s failed: %s", action.value, type(exc).__name__)
