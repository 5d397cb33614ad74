"""The books' shared period picker and Save-as dialog (ui/period.py), in English and Turkish."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QWidget

from tests.ui.conftest import pick
from ui import period as period_module
from ui.period import PeriodPicker, ask_save_path
from ui.settings import Settings, start_folder


def test_the_period_runs_from_midnight_to_the_midnight_after_the_last_day(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    picker = PeriodPicker("test", QDate(2026, 3, 1), host)
    assert picker.since_edit.objectName() == "test_since"
    assert picker.until_edit.date() == QDate.currentDate()
    with qtbot.waitSignal(picker.changed, timeout=10_000):
        picker.until_edit.setDate(QDate(2026, 3, 31))
    since, until = picker.period()
    assert since == datetime(2026, 3, 1).astimezone() and since.tzinfo is not None
    assert until == datetime(2026, 4, 1).astimezone()  # March 31st counts whole


def test_the_labels_and_names_in_both_languages(qtbot, language: str) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    picker = PeriodPicker("test", QDate(2026, 1, 1), host)
    assert picker.since_edit.accessibleName() == pick(language, "From", "Başlangıç")
    assert picker.until_edit.accessibleName() == pick(language, "To (including)",
                                                      "Bitiş (dahil)")
    form, row = QFormLayout(), QHBoxLayout()
    host.setLayout(form)
    picker.add_rows(form)
    assert [form.labelForField(e).text() for e in (picker.since_edit, picker.until_edit)] == (
        pick(language, ["&From:", "&To:"], ["&Başlangıç:", "B&itiş:"]))
    other = PeriodPicker("row", QDate(2026, 1, 1), host)
    other.add_to(row)
    labels = [row.itemAt(i).widget() for i in range(row.count())]
    texts = [w.text() for w in labels if isinstance(w, QLabel)]
    assert texts == pick(language, ["From:", "To:"], ["Başlangıç:", "Bitiş:"])
    assert [w.buddy() for w in labels if isinstance(w, QLabel)] == [
        other.since_edit, other.until_edit]


@pytest.mark.parametrize("name", ["report.csv", "statement-Ayşe.pdf"])
def test_save_as_opens_in_the_last_folder_and_remembers_the_new_one(
        qtbot, language: str, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        name: str) -> None:
    settings = Settings(data_dir)
    asked: list[tuple] = []
    chosen = tmp_path / "exports" / name
    chosen.parent.mkdir()
    monkeypatch.setattr(period_module.QFileDialog, "getSaveFileName",
                        lambda *args: (asked.append(args), (str(chosen), ""))[1])
    host = QWidget()
    qtbot.addWidget(host)
    first = start_folder(settings)
    assert ask_save_path(host, settings, "Save", name) == str(chosen)
    filters = {".csv": pick(language, "CSV files (*.csv)", "CSV dosyaları (*.csv)"),
               ".pdf": pick(language, "PDF files (*.pdf)", "PDF dosyaları (*.pdf)")}
    assert asked == [(host, "Save", str(first / name), filters[Path(name).suffix])]
    assert start_folder(settings) == chosen.parent  # the next dialog opens there
    monkeypatch.setattr(period_module.QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    assert ask_save_path(host, settings, "Save", name) is None  # cancelled
    assert start_folder(settings) == chosen.parent
