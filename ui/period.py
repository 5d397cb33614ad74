"""What the books' pages share: a period picked as two dates, and the Save-as dialog.

``PeriodPicker`` is the From / To (including) pair of the Reports page and the statement dialog:
calendar pop-ups, names a screen reader says, and ``period()`` — the local midnight of From up
to the midnight after To, so the day chosen as To counts whole. ``ask_save_path`` asks where a
CSV or PDF goes, in the folder the person used last, and remembers the folder chosen.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QObject, Signal
from PySide6.QtWidgets import QDateEdit, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QWidget

from ui.settings import Settings, remember_folder, start_folder


def local_midnight(day: QDate) -> datetime:
    """The start of ``day`` on this machine's clock, as an aware datetime."""
    return datetime.combine(date(day.year(), day.month(), day.day()), time()).astimezone()


class PeriodPicker(QObject):
    """From and To (including): two date boxes named ``<name>_since`` and ``<name>_until``,
    From starting on ``since``, To on today. ``changed`` is emitted when either changes."""

    changed = Signal()

    def __init__(self, name: str, since: QDate, parent: QWidget) -> None:
        super().__init__(parent)
        self.since_edit = QDateEdit(since, objectName=f"{name}_since")
        self.since_edit.setCalendarPopup(True)
        self.since_edit.setAccessibleName(self.tr("From"))
        self.until_edit = QDateEdit(QDate.currentDate(), objectName=f"{name}_until")
        self.until_edit.setCalendarPopup(True)
        self.until_edit.setAccessibleName(self.tr("To (including)"))
        self.since_edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.until_edit.dateChanged.connect(lambda _d: self.changed.emit())

    def add_rows(self, form: QFormLayout) -> None:
        """As two rows of a dialog's form, with Alt+F and Alt+T."""
        form.addRow(self.tr("&From:"), self.since_edit)
        form.addRow(self.tr("&To:"), self.until_edit)

    def add_to(self, row: QHBoxLayout) -> None:
        """Into a page's tool row (no mnemonics: Alt+F and Alt+T belong to the menus there)."""
        for text, edit in ((self.tr("From:"), self.since_edit), (self.tr("To:"), self.until_edit)):
            label = QLabel(text)
            label.setBuddy(edit)
            row.addWidget(label)
            row.addWidget(edit)

    def period(self) -> tuple[datetime, datetime]:
        """The local midnight of From, and the midnight after To (the end, not included)."""
        return (local_midnight(self.since_edit.date()),
                local_midnight(self.until_edit.date()) + timedelta(days=1))


def ask_save_path(parent: QWidget, settings: Settings | None, title: str, file_name: str,
                  ) -> str | None:
    """Where to save ``file_name`` (its suffix, .csv or .pdf, picks the filter): the dialog
    opens in the folder last used; the folder chosen is remembered. None: cancelled."""
    kinds = {".csv": QCoreApplication.translate("PeriodPicker", "CSV files (*.csv)"),
             ".pdf": QCoreApplication.translate("PeriodPicker", "PDF files (*.pdf)")}
    path, _ = QFileDialog.getSaveFileName(
        parent, title, str(start_folder(settings) / file_name),
        kinds.get(Path(file_name).suffix.lower(), ""))
    if not path:
        return None
    remember_folder(settings, path)
    return path
