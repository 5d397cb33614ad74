"""The Scheduled page: every schedule (service, panel, link, next run, runs done/total, last
result) with pause, resume, edit, run now and delete, and the selected schedule's run history —
every run with the order it placed or why it did not. All data comes through the Workspace on
the task runner; the GUI thread never waits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smmdesk.automation import ResumeCheck, RunNotPlaced, ScheduleBlocked
from smmdesk.models import LocalOrder, Panel, Service
from smmdesk.schedules import ClockHold, RunOutcome, Schedule, ScheduleRun
from smmdesk.servicetypes import link_of
from smmdesk.workspace import Workspace
from ui.core_text import core_text
from ui.format import describe_team_error, format_money
from ui.orders.model import format_when
from ui.schedules.dialog import ScheduleDialog
from ui.tables import (
    ObjectRole,
    RowsModel,
    SortRole,
    TableNotice,
    describe_rows,
    keyboard_table,
    size_to_contents,
)
from ui.tasks import TaskRunner
from ui.teamroles import schedule_lock, view_only

LINK_WIDTH = 220  # a long link elides (its tooltip has it)


def local_time(value: datetime | None) -> str:
    """A run's time as the person's language writes dates (28.11.2026 22:15), local time."""
    return format_when(value)


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    schedule: Schedule
    panel_name: str
    paused_all: bool = False  # "Pause all automation" is on: nothing runs
    clock_hold: ClockHold | None = None  # the clock jumped: nothing runs until confirmed


class SchedulesPage(list[ScheduleRow]):
    """The page's rows, and what holds every schedule (shown once, above them)."""

    def __init__(self, rows: list[ScheduleRow], paused_all: bool = False,
                 clock_hold: ClockHold | None = None) -> None:
        super().__init__(rows)
        self.paused_all, self.clock_hold = paused_all, clock_hold


def load_rows(workspace: Workspace) -> SchedulesPage:
    names = {p.id: p.name for p in workspace.panels()}
    paused_all = workspace.automation_settings().paused_all
    hold = workspace.clock_hold()
    return SchedulesPage([ScheduleRow(s, names.get(s.panel_id, s.panel_id), paused_all, hold)
                          for s in workspace.schedules()], paused_all, hold)


def load_edit(workspace: Workspace, schedule_id: int) -> tuple[Schedule, Panel, Service | None]:
    s = workspace.schedule(schedule_id)
    return s, workspace.panel(s.panel_id), workspace.service(s.panel_id, s.service_id)


class ScheduleModel(RowsModel):
    COLUMNS = ("service", "panel", "link", "next", "runs", "last", "state")
    # A team workspace's schedules say who made each (``Schedule.created_by``: the login).
    TEAM_COLUMNS = (*COLUMNS, "created_by")

    def __init__(self, parent: QWidget | None = None, *, team: bool = False) -> None:
        super().__init__(parent)
        self.rows: list[ScheduleRow] = []
        self.columns = self.TEAM_COLUMNS if team else self.COLUMNS

    def headers(self) -> list[str]:
        return [self.tr("Service"), self.tr("Panel"), self.tr("Link"), self.tr("Next run"),
                self.tr("Runs"), self.tr("Last result"), self.tr("State"),
                self.tr("Created by")][:len(self.columns)]

    def set_rows(self, rows: list[ScheduleRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def shown_rows(self) -> list[ScheduleRow]:
        return self.rows

    def column_count(self) -> int:
        return len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def tooltip(self, row: ScheduleRow, col: int) -> str | None:
        column = self.columns[col]  # the whole text of an elided cell
        return self._display(row, column) if column in ("service", "link") else None

    def cell(self, row: ScheduleRow, col: int, role: int) -> Any:
        s = row.schedule
        if role == ObjectRole:
            return s
        column = self.columns[col]
        if role == SortRole:
            return {"next": s.next_run.timestamp() if s.next_run else float("inf"),
                    "runs": s.runs_done}.get(column, str(self._display(row, column) or ""))
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        return None

    def _display(self, row: ScheduleRow, column: str) -> str:
        s = row.schedule
        if column == "service":
            return f"#{s.service_id} {s.service_name}"
        if column == "panel":
            return row.panel_name
        if column == "link":
            return link_of(s.fields) or ""
        if column == "next":
            return local_time(s.next_run) if s.next_run else self.tr("finished")
        if column == "runs":
            total = s.total
            return f"{s.runs_done}/{total}" if total is not None else f"{s.runs_done}/∞"
        if column == "last":
            return outcome_text(s.last_outcome) if s.last_outcome else ""
        if column == "created_by":
            return s.created_by or ""
        return state_text(row)


def state_text(row: ScheduleRow) -> str:
    """One state, the one that decides what happens next: finished, paused (by the person, by
    a guard, or all automation), held by a clock jump, or active."""
    s = row.schedule
    if s.finished:
        return QCoreApplication.translate("ScheduleModel", "Finished")
    if s.paused:
        return QCoreApplication.translate("ScheduleModel", "Paused: %1").replace(
            "%1", core_text(s.pause_reason) or "")
    if row.paused_all:
        return QCoreApplication.translate("ScheduleModel", "Paused: all automation is paused")
    if row.clock_hold is not None:
        return QCoreApplication.translate("ScheduleModel", "Held: the computer's clock jumped")
    return QCoreApplication.translate("ScheduleModel", "Active")


def outcome_text(outcome: RunOutcome | None) -> str:
    texts = {
        RunOutcome.PLACED: QCoreApplication.translate("SchedulesView", "placed"),
        RunOutcome.MISSED: QCoreApplication.translate("SchedulesView", "missed"),
        RunOutcome.REJECTED: QCoreApplication.translate("SchedulesView", "refused"),
        RunOutcome.UNCERTAIN: QCoreApplication.translate("SchedulesView", "uncertain"),
        RunOutcome.PAUSED: QCoreApplication.translate("SchedulesView", "not placed (paused)"),
        RunOutcome.SENDING: QCoreApplication.translate("SchedulesView", "sending"),
    }
    return texts.get(outcome, "") if outcome else ""


class SchedulesView(QWidget):
    showOrder = Signal(int)  # local order id
    orderFormRequested = Signal()  # the empty page's "Open the order form"
    changed = Signal()  # a schedule was paused, resumed, edited, run or deleted here
    ranNow = Signal(object)  # LocalOrder: what Run now recorded
    actionDone = Signal()  # an action (Run now, Resume, …) ended, done or refused

    def __init__(self, workspace: Workspace, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedules_view")
        self.workspace, self.runner = workspace, runner
        self.dialog: ScheduleDialog | None = None
        self.ask_accept_price: Callable[[ResumeCheck], bool] = self._ask_accept_price
        self.runs: list[ScheduleRun] = []
        self._wanted: int | None = None  # a schedule to select once the list is in
        self._loading = False
        self._load_again = False
        self.placing_paused = ""  # why Run now is off (the team server is away)
        self.team_me: Any = None  # the desk's team login (``SessionModel.team_me``; local: None)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Scheduled orders"))
        title.setStyleSheet("font-weight: bold; font-size: 14pt;")
        layout.addWidget(title)
        buttons = QHBoxLayout()
        self.pause_button = QPushButton(self.tr("Pause"), objectName="pause_schedule")
        self.resume_button = QPushButton(self.tr("Resume"), objectName="resume_schedule")
        self.edit_button = QPushButton(self.tr("Edit…"), objectName="edit_schedule")
        self.run_now_button = QPushButton(self.tr("Run now"), objectName="run_now")
        self.delete_button = QPushButton(self.tr("Delete"), objectName="delete_schedule")
        for b in (self.pause_button, self.resume_button, self.edit_button, self.run_now_button,
                  self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        # RULE 5: every schedule held after a clock jump, until the person confirms the clock.
        self.hold_banner = QWidget(objectName="clock_hold_banner")
        hold_row = QHBoxLayout(self.hold_banner)
        hold_row.setContentsMargins(0, 0, 0, 0)
        self.hold_label = QLabel(objectName="clock_hold_text")
        self.hold_label.setWordWrap(True)
        self.hold_label.setTextFormat(Qt.TextFormat.PlainText)
        self.release_button = QPushButton(self.tr("The clock is right: go on"),
                                          objectName="release_clock_hold")
        hold_row.addWidget(self.hold_label, 1)
        hold_row.addWidget(self.release_button)
        self.hold_banner.hide()
        layout.addWidget(self.hold_banner)

        self.model = ScheduleModel(self, team=bool(getattr(workspace, "team", False)))
        self.table = QTableView(objectName="schedules_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The service takes the room left; the short columns ("Next run", runs, state) are as
        # wide as their text, so none is cut and nothing runs off to the right.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ScheduleModel.COLUMNS.index("service"),
                                    QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ScheduleModel.COLUMNS.index("link"),
                                    QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)  # one line per schedule; the text elides
        keyboard_table(self.table, self.tr("Scheduled orders"))
        self.history = QTableWidget(0, 4, objectName="schedule_runs")
        keyboard_table(self.history, self.tr("Runs of the selected schedule"),
                       self.tr("Enter or double-click: show the order a run placed"))
        self.history.setHorizontalHeaderLabels(
            [self.tr("Due"), self.tr("Outcome"), self.tr("Order"), self.tr("Note")])
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.cellActivated.connect(self._run_double_clicked)  # Enter or double-click
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.history)
        layout.addWidget(split, 1)
        # What fills this page, in the empty table: the order form's "Schedule…".
        self.empty = TableNotice(self.table)
        self.empty.linkClicked.connect(lambda _key: self.orderFormRequested.emit())

        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.pause_button.clicked.connect(self.pause_selected)
        self.resume_button.clicked.connect(self.resume_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.run_now_button.clicked.connect(self.run_now_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.release_button.clicked.connect(self.release_clock_hold)
        self._update_buttons()

    # ------------------------------------------------------------------ data
    def reload(self) -> None:
        """Read the schedules again (on a worker). Calls while a read is under way make one
        more read after it, not one each."""
        if self._loading:
            self._load_again = True
            return
        self._loading = True
        self.runner.submit(load_rows, self.workspace, on_result=self._loaded,
                           on_error=self._rows_failed, task_name="load_schedules")

    def _loaded(self, rows: list[ScheduleRow]) -> None:
        self._loading = False
        if self._load_again:
            self._load_again = False
            self.reload()
        selected = self.selected()
        wanted = self._wanted if self._wanted is not None else (
            selected.id if selected is not None else None)
        self._wanted = None
        self.model.set_rows(rows)
        link = ScheduleModel.COLUMNS.index("link")
        self.table.resizeColumnToContents(link)
        self.table.setColumnWidth(link, min(self.table.columnWidth(link), LINK_WIDTH))
        self._say_empty(not rows)
        hold = getattr(rows, "clock_hold", None)
        if hold is not None:
            minutes = int(hold.jump.total_seconds() // 60)
            self.hold_label.setText(self.tr(
                "The computer's clock jumped %n minute(s) ahead: no scheduled order is placed "
                "until you confirm the clock is right.", "", minutes))
        self.hold_banner.setVisible(hold is not None)
        if wanted is not None:
            for i, r in enumerate(rows):
                if r.schedule.id == wanted:
                    self.table.selectRow(i)
        self._update_buttons()
        self._load_runs()

    def show_schedule(self, schedule_id: int) -> None:
        """Reload and select this schedule (the order form's "Show in Scheduled")."""
        self._wanted = schedule_id
        self.reload()

    def _say_empty(self, empty: bool) -> None:
        if not empty:
            self.empty.say("")
            return
        self.empty.say(self.tr(
            "No scheduled orders yet. To place an order later or repeatedly, fill in the "
            "order form and press Schedule… instead of Place order."),
            ("form", self.tr("Open the order form")))

    def _rows_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        self.empty.say(self.tr("Could not load the schedules: %1").replace("%1", str(exc)))

    def selected(self) -> Schedule | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.model.data(rows[0], ObjectRole)

    def _selection_changed(self, *_args: object) -> None:
        self._update_buttons()
        self._load_runs()

    def _update_buttons(self) -> None:
        s = self.selected()
        running = s is not None and not s.finished  # a finished one has nothing to act on
        # On a team workspace: a viewer changes nothing; a colleague's schedule is resumed,
        # edited or deleted only by its creator or an admin (the database says so too).
        viewing = view_only(self.team_me)
        locked = schedule_lock(self.team_me, s.created_by) if s is not None else viewing
        self.pause_button.setEnabled(running and not s.paused  # type: ignore[union-attr]
                                     and not viewing)
        self.pause_button.setToolTip(viewing)
        self.resume_button.setEnabled(running and s.paused  # type: ignore[union-attr]
                                      and not locked)
        self.edit_button.setEnabled(running and not locked)
        self.delete_button.setEnabled(s is not None and not locked)
        for b in (self.resume_button, self.edit_button, self.delete_button):
            b.setToolTip(locked)
        why_not_run = self.placing_paused or viewing
        self.run_now_button.setEnabled(running and not why_not_run)
        self.run_now_button.setToolTip(why_not_run)

    def _load_runs(self) -> None:
        s = self.selected()
        if s is None:
            self._runs_loaded([])
            return
        self.runner.submit(self.workspace.schedule_runs, s.id, on_result=self._runs_loaded,
                           on_error=self._failed, task_name="schedule_runs")

    def _runs_loaded(self, runs: list[ScheduleRun]) -> None:
        self.runs = list(reversed(runs))  # newest first
        self.history.setRowCount(len(self.runs))
        for i, r in enumerate(self.runs):
            order = self.tr("#%1 (local)").replace("%1", str(r.local_id)) if r.local_id else ""
            for col, text in enumerate((local_time(r.due_at), outcome_text(r.outcome), order,
                                        core_text(r.message))):
                self.history.setItem(i, col, QTableWidgetItem(text))
        size_to_contents(self.history)
        describe_rows(self.history)

    def _run_double_clicked(self, row: int, _col: int) -> None:
        if 0 <= row < len(self.runs) and self.runs[row].local_id is not None:
            self.showOrder.emit(self.runs[row].local_id)

    # ------------------------------------------------------------------ actions
    def _act(self, fn: Any, *args: Any, **kwargs: Any) -> None:
        self.runner.submit(fn, *args, on_result=self._acted, on_error=self._action_failed,
                           task_name=getattr(fn, "__name__", "schedule_action"), **kwargs)

    def _acted(self, value: object) -> None:
        if isinstance(value, LocalOrder):
            self.ranNow.emit(value)
        self.actionDone.emit()
        self.changed.emit()
        self.reload()

    def _action_failed(self, exc: BaseException) -> None:
        self.actionDone.emit()
        QMessageBox.warning(self, self.tr("Scheduled orders"), self.error_text(exc))
        self.reload()

    def error_text(self, exc: BaseException) -> str:
        """Why Run now / Resume did nothing, in the person's language."""
        if isinstance(exc, ScheduleBlocked):
            return self.blocked_text(exc.order_id)
        if isinstance(exc, RunNotPlaced):
            text = self.tr("Not placed: %1").replace("%1", core_text(exc.reason))
            if exc.held:
                text += "\n\n" + self.tr("The schedule is paused. Resume it when you want it to "
                                          "go on (at the new price, if the price rose).")
            return text
        return describe_team_error(exc) or core_text(str(exc))

    def blocked_text(self, order_id: int) -> str:
        return self.tr(
            "Order %1, a run of this schedule, may or may not have been placed. Check the "
            "panel's order list and resolve the order in Orders first: until then this "
            "schedule places nothing, so the same order cannot be bought twice."
        ).replace("%1", str(order_id))

    def release_clock_hold(self) -> None:
        answer = QMessageBox.question(
            self, self.tr("The computer's clock"),
            self.tr("Is the computer's date and time right now? Scheduled orders then go on; "
                    "runs that fell due meanwhile follow the catch-up rule."))
        if answer == QMessageBox.StandardButton.Yes:
            self._act(self.workspace.release_clock_hold)

    def pause_selected(self) -> None:
        if (s := self.selected()) is not None:
            self._act(self.workspace.pause_schedule, s.id, "Paused by you")

    def resume_selected(self) -> None:
        """RULE 2 and 3: refused while a run is unresolved; after a price rise, Resume offers
        to accept the new price (and the held run is then placed at it)."""
        if (s := self.selected()) is not None:
            self.runner.submit(self.workspace.resume_check, s.id, on_result=self._resume_checked,
                               on_error=self._action_failed, task_name="resume_check")

    def _ask_accept_price(self, check: ResumeCheck) -> bool:
        """True: the person accepts the new price (tests replace ``ask_accept_price``)."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("The price rose"), self.tr(
            "The price of this service rose from %1 to %2 (per 1,000, or per package). Accept "
            "the new price and resume? The run waiting for you is then placed at it.")
            .replace("%1", format_money(check.base_rate, check.currency)
                     if check.base_rate is not None else "?")
            .replace("%2", format_money(check.new_rate, check.currency)
                     if check.new_rate is not None else "?"), parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        accept = box.addButton(self.tr("Accept the new price and resume"),
                               QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(accept)
        box.exec()
        return box.clickedButton() is accept

    def _resume_checked(self, check: ResumeCheck) -> None:
        s = check.schedule
        if check.unresolved_order is not None:
            QMessageBox.warning(self, self.tr("Resume"), self.blocked_text(check.unresolved_order))
            return
        if check.new_rate is None:
            self._act(self.workspace.resume_schedule, s.id)
            return
        if self.ask_accept_price(check):
            self._act(self.workspace.resume_schedule, s.id, accept_price=check.new_rate)

    def set_team_me(self, me: Any) -> None:
        """The desk's team login (``SessionModel.team_me``): what it may change here."""
        self.team_me = me
        self._update_buttons()

    def set_placing_paused(self, reason: str) -> None:
        """Run now is off while ``reason`` (the team server is away); "" lets it work again."""
        self.placing_paused = reason
        self._update_buttons()

    def run_now_selected(self) -> None:
        s = self.selected()
        if s is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Run now"),
            self.tr("Place the next run of this schedule now? It will not be placed again at "
                    "its time."))
        if answer == QMessageBox.StandardButton.Yes:
            self._act(self.workspace.run_schedule_now, s.id)

    def delete_selected(self) -> None:
        s = self.selected()
        if s is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete schedule"),
            self.tr("Delete this schedule? The orders it placed stay in Orders."))
        if answer == QMessageBox.StandardButton.Yes:
            self._act(self.workspace.delete_schedule, s.id)

    def edit_selected(self) -> None:
        s = self.selected()
        if s is not None:
            self.runner.submit(load_edit, self.workspace, s.id, on_result=self._open_edit,
                               on_error=self._action_failed, task_name="load_schedule")

    def _open_edit(self, loaded: tuple[Schedule, Panel, Service | None]) -> None:
        schedule, panel, service = loaded
        if service is None:
            QMessageBox.warning(self, self.tr("Edit schedule"),
                                self.tr("This service is not in the panel's list any more."))
            return
        self.dialog = ScheduleDialog(self.workspace, self.runner, panel, service,
                                     schedule.fields, panel.currency, schedule=schedule,
                                     parent=self)
        self.dialog.scheduled.connect(self._acted)
        self.dialog.open()
