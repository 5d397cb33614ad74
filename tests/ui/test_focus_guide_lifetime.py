"""The focus guide (ui/focus.py) never keeps a closed dialog alive past its time: a message box
made in a function that has returned, answered, then a second one — as the tray's "Keep
running?" or the order form's confirmation are asked — must not crash the app.

Run in a child process: the failure this guards against is a segmentation fault, which would
end the whole test run instead of failing one test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox
from ui import focus

app = QApplication([])
focus.install(app)
window = QMainWindow()
window.show()


def ask(button: int) -> str:
    box = QMessageBox(QMessageBox.Icon.Question, "Keep running?", "Keep running?",
                      parent=window)  # as the app's questions: made here, gone on return
    box.addButton("Keep", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    QTimer.singleShot(0, lambda: box.buttons()[button].click())
    box.exec()
    return box.clickedButton().text()


print(ask(0), ask(1), ask(1), ask(0), flush=True)
"""


def test_two_questions_in_a_row_do_not_crash() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_ACCESSIBILITY": "0",
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"exit {done.returncode}:\n{done.stderr[-2000:]}"
    assert done.stdout.split() == ["Keep", "Quit", "Quit", "Keep"]
