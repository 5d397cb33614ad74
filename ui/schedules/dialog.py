"""The "Schedule…" dialog of the order form: a first run (local date and time, its zone shown)
and an optional repeat — every N minutes, hours or days, for K runs, until a date, or without
end — with the charge per run and in total. Saving goes through ``Workspace.schedule_order`` (or
``update_schedule`` when editing) on a worker; the order's values were validated by the form and
are validated again by the workspace."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smmdesk import servicetypes
from smmdesk.models import LocalOrder, Panel, Service
from smmdesk.schedules import MIN_EVERY, Schedule, Timing, total_runs
from smmdesk.servicetypes import Text, ValidationError, translate_text
from smmdesk.workspace import Workspace
from ui.format import format_charge, ntr
from ui.orders.model import date_time_format
from ui.tasks import TaskRunner


def read_watch(workspace: Workspace, panel_id: str, service_id: int, link: str | None,
               schedule_id: int | None) -> tuple[list[tuple[LocalOrder, str]], bool | None]:
    """The active orders of the same platform and product on ``link`` on any panel (each with
    its panel's name), and the schedule's "wait for the previous run" option (None: new)."""
    found: list[tuple[LocalOrder, str]] = []
    if link:
        names = {p.id: p.name for p in workspace.panels()}
        found = [(o, names.get(o.panel_id, o.panel_id))
                 for o in workspace.overlapping_orders(panel_id, service_id, link)]
    waits = workspace.schedule_waits(schedule_id) if schedule_id is not None else None
    return found, waits


def save_schedule(workspace: Workspace, save: Any, wait: bool | None, *args: Any,
                  **kwargs: Any) -> Schedule:
    """``save(*args, **kwargs)`` (a new schedule or an edit), then its "wait for the previous
    run" option (None: left as it is)."""
    schedule = save(*args, **kwargs)
    if wait is not None:
        workspace.set_schedule_waits(schedule.id, wait)
    return schedule


UNITS = (("minutes", 60), ("hours", 3600), ("days", 86400))


CORE_CONTEXT = "schedules"  # the core's schedule problems (N_ in smmdesk.schedules, .automation)


def _st(text: str) -> str:
    return translate_text(text, lambda s: QCoreApplication.translate("servicetypes", s))


def core_problem(text: str) -> str:
    """A problem the core found with a schedule (its ``N_`` texts, context "schedules": the
    timing, a finished schedule, an edit leaving nothing to run; a field's problem, a
    ``servicetypes.Text``) in the person's language."""
    if isinstance(text, Text):
        return _st(text)
    translated = QCoreApplication.translate(CORE_CONTEXT, text)
    return translated if translated != text else _st(text)


def local_zone_name(at: datetime | None = None) -> str:
    """The machine's zone as it is at ``at`` (default now): the UTC offset of that date, so a
    run after a DST change shows the offset it will really have."""
    when = (at or datetime.now()).astimezone()
    offset = when.strftime("%z")
    return f"{when.tzname()} (UTC{offset[:3]}:{offset[3:]})"


def to_qdatetime(value: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(value.timestamp()))


def from_qdatetime(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch()).astimezone()


class ScheduleDialog(QDialog):
    scheduled = Signal(object)  # Schedule

    def __init__(
        self,
        workspace: Workspace,
        runner: TaskRunner,
        panel: Panel,
        service: Service,
        values: dict[str, Any],
        currency: str | None,
        *,
        schedule: Schedule | None = None,
        parent: QWidget | None = None,
        customer_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("schedule_dialog")
        self.customer_id = customer_id  # the order form's customer: every run is sold to them
        self.workspace, self.runner = workspace, runner
        self.panel, self.service, self.values = panel, service, dict(values)
        self.currency = currency
        self.editing = schedule
        self.result_schedule: Schedule | None = None
        self.overlaps: list[tuple[LocalOrder, str]] = []  # active orders of the kind on the link
        self._waits_known = False
        self.setWindowTitle(self.tr("Edit schedule") if schedule else self.tr("Schedule order"))
        self._build()
        if schedule is not None:
            self._load(schedule)
        self._update()
        self._read_watch()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        what = QLabel(self.tr("%1 · #%2 %3").replace("%1", self.panel.name)
                      .replace("%2", str(self.service.id)).replace("%3", self.service.name))
        what.setWordWrap(True)
        what.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(what)
        form = QFormLayout()
        layout.addLayout(form)

        start = datetime.now().astimezone().replace(second=0, microsecond=0)
        start += timedelta(minutes=5)
        self.first_run = QDateTimeEdit(to_qdatetime(start), objectName="first_run")
        self.first_run.setCalendarPopup(True)
        self.first_run.setDisplayFormat(date_time_format(self.locale()))
        # The form's rows hold layouts, so their labels name nothing: each field is named.
        self.first_run.setAccessibleName(self.tr("First run"))
        self.zone = QLabel(objectName="time_zone")
        self.zone.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.addWidget(self.first_run)
        row.addWidget(self.zone, 1)
        form.addRow(self.tr("First run:"), row)

        self.repeat = QCheckBox(self.tr("Repeat"), objectName="repeat")
        form.addRow("", self.repeat)
        self.every = QSpinBox(objectName="every")
        self.every.setRange(1, 9999)
        self.every.setValue(1)
        self.every.setAccessibleName(self.tr("Repeat every"))
        self.unit = QComboBox(objectName="unit")
        for (key, _), text in zip(UNITS, (self.tr("minutes"), self.tr("hours"), self.tr("days")),
                                  strict=True):
            self.unit.addItem(text, key)
        self.unit.setCurrentIndex(2)
        self.unit.setAccessibleName(self.tr("Time unit"))
        every_row = QHBoxLayout()
        every_row.addWidget(self.every)
        every_row.addWidget(self.unit)
        every_row.addStretch(1)
        self.every_label = QLabel(self.tr("Every:"))
        form.addRow(self.every_label, every_row)

        self.end_group = QButtonGroup(self)
        self.end_times = QRadioButton(self.tr("Number of runs:"), objectName="end_times")
        self.times = QSpinBox(objectName="times")
        self.times.setRange(1, 100000)
        self.times.setValue(7)
        self.times.setAccessibleName(self.tr("Number of runs"))
        self.end_until = QRadioButton(self.tr("Until:"), objectName="end_until")
        self.until = QDateTimeEdit(to_qdatetime(start + timedelta(days=7)), objectName="until")
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat(date_time_format(self.locale()))
        self.until.setAccessibleName(self.tr("Last run until"))
        self.end_never = QRadioButton(self.tr("Without end"), objectName="end_never")
        for b in (self.end_times, self.end_until, self.end_never):
            self.end_group.addButton(b)
        self.end_times.setChecked(True)
        times_row = QHBoxLayout()
        times_row.addWidget(self.end_times)
        times_row.addWidget(self.times)
        times_row.addStretch(1)
        until_row = QHBoxLayout()
        until_row.addWidget(self.end_until)
        until_row.addWidget(self.until)
        until_row.addStretch(1)
        self.end_box = QWidget()
        end_layout = QVBoxLayout(self.end_box)
        end_layout.setContentsMargins(0, 0, 0, 0)
        end_layout.addLayout(times_row)
        end_layout.addLayout(until_row)
        end_layout.addWidget(self.end_never)
        self.end_label = QLabel(self.tr("Ends:"))
        form.addRow(self.end_label, self.end_box)
        # The provider watch: a run waits while the previous run's order on the same link is
        # still active (runs of the same kind on one link overlap and under-deliver).
        self.wait_previous = QCheckBox(self.tr("Wait for the previous run to finish on this "
                                               "link"), objectName="wait_previous")
        self.wait_previous.setToolTip(self.tr(
            "A due run is held while the order of the previous run on the same link is still "
            "active: overlapping orders under-deliver"))
        form.addRow("", self.wait_previous)

        # Plain text: the currency is the panel's word (markup in it must not be rendered).
        self.per_run = QLabel(objectName="charge_per_run")
        self.total = QLabel(objectName="charge_total")
        self.remaining_note = QLabel(objectName="schedule_remaining")
        self.remaining_note.setWordWrap(True)
        for label in (self.per_run, self.total, self.remaining_note):
            label.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.tr("Charge per run:"), self.per_run)
        form.addRow(self.tr("Total:"), self.total)
        layout.addWidget(self.remaining_note)
        self.remaining_note.setVisible(self.editing is not None)
        # An active order of the same platform and product on this link, on any panel: said
        # (the person may go on), as the order form says it.
        self.overlap_note = QLabel(objectName="schedule_overlap")
        self.overlap_note.setTextFormat(Qt.TextFormat.PlainText)
        self.overlap_note.setWordWrap(True)
        self.overlap_note.setStyleSheet("color: #8a5a00;")
        self.overlap_note.hide()
        layout.addWidget(self.overlap_note)
        self.error = QLabel(objectName="schedule_error")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #8a1c12;")
        self.error.hide()
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save = self.buttons.addButton(
            self.tr("Save") if self.editing else self.tr("Schedule"),
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.save.setObjectName("save_schedule")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        for w in (self.first_run, self.until):
            w.dateTimeChanged.connect(self._update)
        for s in (self.every, self.times):
            s.valueChanged.connect(self._update)
        self.unit.currentIndexChanged.connect(self._update)
        self.repeat.toggled.connect(self._update)
        self.end_group.buttonToggled.connect(self._update)

    def _load(self, s: Schedule) -> None:
        # The next unconsumed run and the runs left (not times − runs done: that would add back
        # missed and paused runs). Saved unchanged, the schedule stays as it is; a run that
        # went out while this dialog was open is never placed again (the core skips it).
        if s.first_run is not None:
            self.first_run.setDateTime(to_qdatetime(s.next_run or s.first_run))
        if s.every is not None:
            self.repeat.setChecked(True)
            seconds = int(s.every.total_seconds())
            for i, (_, size) in reversed(list(enumerate(UNITS))):
                if seconds % size == 0:
                    self.unit.setCurrentIndex(i)
                    self.every.setValue(seconds // size)
                    break
        if s.times is not None:
            self.end_times.setChecked(True)
            self.times.setValue(max(1, s.remaining or 0))
        elif s.until is not None:
            self.end_until.setChecked(True)
            self.until.setDateTime(to_qdatetime(s.until))
        else:
            self.end_never.setChecked(True)

    # ------------------------------------------------------------------ values
    def timing(self) -> Timing:
        first = from_qdatetime(self.first_run.dateTime())
        if not self.repeat.isChecked():
            return Timing(first)
        every = timedelta(seconds=self.every.value() * UNITS[self.unit.currentIndex()][1])
        times = self.times.value() if self.end_times.isChecked() else None
        until = from_qdatetime(self.until.dateTime()) if self.end_until.isChecked() else None
        return Timing(first, every, times, until)

    def problems(self) -> list[str]:
        t = self.timing()
        out: list[str] = []
        if t.first_run < datetime.now().astimezone() - timedelta(minutes=1) and not self.editing:
            out.append(self.tr("The first run is in the past."))
        if t.every is not None and t.every < MIN_EVERY:
            out.append(self.tr("Runs must be at least one minute apart."))
        if t.until is not None and t.until < t.first_run:
            out.append(self.tr("The end date is before the first run."))
        return out

    def _update(self) -> None:
        self.zone.setText(self.tr("Time zone: %1").replace(
            "%1", local_zone_name(from_qdatetime(self.first_run.dateTime()))))
        if self.editing is not None:
            self.remaining_note.setText(ntr(
                "ScheduleDialog", "%n run(s) sent so far. The runs below start from the next "
                "run: a run already made is never placed again.", self.editing.runs_done))
        repeat = self.repeat.isChecked()
        for w in (self.every, self.unit, self.every_label, self.end_box, self.end_label,
                  self.wait_previous):
            w.setEnabled(repeat)
        self.times.setEnabled(repeat and self.end_times.isChecked())
        self.until.setEnabled(repeat and self.end_until.isChecked())
        per_run = servicetypes.estimate(self.service, self.values)
        # Charges as the order form shows them (format_charge): the same order, the same figure.
        self.per_run.setText(format_charge(per_run, self.currency))
        runs = total_runs(self.timing())
        if runs is None:
            self.total.setText(self.tr("%1 per run, without end")
                               .replace("%1", format_charge(per_run, self.currency)))
        else:
            # ntr: English has no translation file, and "(s)" must still read "1 run"/"3 runs".
            self.total.setText(ntr("ScheduleDialog", "%1 for %n run(s)", runs)
                               .replace("%1", format_charge(per_run * Decimal(runs),
                                                            self.currency)))
        problems = self.problems()
        self.error.setText("\n".join(problems))
        self.error.setVisible(bool(problems))
        self.save.setEnabled(not problems)

    # ------------------------------------------------------------------ saving
    def submit(self) -> None:
        if self.problems():
            return
        t = self.timing()
        self.save.setEnabled(False)
        # (an edit saved before its option was read leaves the option as it was)
        wait = (self.repeat.isChecked() and self.wait_previous.isChecked()
                if self._waits_known or self.editing is None else None)
        if self.editing is not None:
            self.runner.submit(save_schedule, self.workspace, self.workspace.update_schedule,
                               wait, self.editing.id, self.values,
                               first_run=t.first_run, every=t.every, times=t.times,
                               until=t.until, on_result=self._saved, on_error=self._failed,
                               task_name="update_schedule")
        else:
            self.runner.submit(save_schedule, self.workspace, self.workspace.schedule_order,
                               wait, self.panel.id, self.service.id,
                               self.values, first_run=t.first_run, every=t.every,
                               times=t.times, until=t.until, customer_id=self.customer_id,
                               on_result=self._saved, on_error=self._failed,
                               task_name="schedule_order")

    # ------------------------------------------------------------------ the provider watch
    def _read_watch(self) -> None:
        """On a worker: the active orders this schedule would overlap (on creation), and the
        schedule's "wait for the previous run" option (when editing)."""
        link = servicetypes.link_of(self.values)
        self.runner.submit(read_watch, self.workspace, self.panel.id, self.service.id,
                           link if self.editing is None else None,
                           self.editing.id if self.editing is not None else None,
                           on_result=self._watch_read, task_name="schedule_overlaps")

    def _watch_read(self, got: tuple[list[tuple[LocalOrder, str]], bool | None]) -> None:
        self.overlaps, waits = got
        if waits is not None:
            self.wait_previous.setChecked(waits)
        self._waits_known = True
        if not self.overlaps:
            self.overlap_note.hide()
            return
        order, panel_name = self.overlaps[0]
        name = f"#{order.remote_id}" if order.remote_id is not None else f"“{order.service_name}”"
        text = (self.tr("An order of the same kind is already active on this link: %1 on %2 "
                        "(%3). Overlapping orders under-deliver: the panels count from the same "
                        "start and refund nothing. You can schedule anyway.")
                .replace("%1", name).replace("%2", panel_name)
                .replace("%3", order.service_name))
        more = len(self.overlaps) - 1
        if more:
            text += " " + ntr("ScheduleDialog", "%n more active order(s) of this kind on it.",
                              more)
        self.overlap_note.setText(text)
        self.overlap_note.show()

    def _saved(self, schedule: Schedule) -> None:
        self.result_schedule = schedule
        self.scheduled.emit(schedule)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            text = "\n".join(core_problem(p) for p in exc.problems.values())
        else:
            text = self.tr("Could not save the schedule: %1").replace("%1", str(exc))
        self.error.setText(text)
        self.error.show()
        self.save.setEnabled(True)
