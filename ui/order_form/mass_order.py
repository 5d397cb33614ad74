"""Mass order: paste or open ``service_id|link|quantity`` lines, check them, send them once.

Parsing, checking, pricing, the batch records and the rules of re-runs live in
``smmdesk.massorder`` (Qt-free). This dialog shows the preview — what a run would really do with
each line, asked of ``BatchStore.plan`` on a worker — sends the lines sequentially on the panel's
worker queue with a progress bar and a Cancel button (checked between lines) and shows each
line's outcome. Running the same text again shows what the earlier runs did and sends only what
was never placed; after a refusal it stops and asks before going on.
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smmdesk import massorder
from smmdesk.ledger import Customer
from smmdesk.massorder import (
    BatchRecord,
    BatchStore,
    LineResult,
    LineStatus,
    MassLine,
    Plan,
    SkipReason,
)
from smmdesk.models import Panel, Service
from smmdesk.textnorm import display_text, isolate, shorten
from ui.activity import Activity
from ui.compare.form_addon import link_warning_for
from ui.fit import fit_window
from ui.format import (
    format_age,
    format_charge,
    format_decimal,
    format_exact,
    literal,
    ntr,
    widen_to_titles,
)
from ui.order_form.form import st_tr
from ui.order_form.messages import rejection_message
from ui.settings import start_folder
from ui.tables import ObjectRole, SortRole, keyboard_table, row_description
from ui.tasks import Cancelled, Task, TaskRunner

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace

log = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex
ERROR_COLOR = QColor("#c0392b")
OK_COLOR = QColor("#1e7e34")
WARN_COLOR = QColor("#a66300")
PREVIEW_DELAY_MS = 250


def load_catalogue(workspace: Workspace, panel_id: str) -> tuple[Panel, dict[int, Service]]:
    panel = workspace.panel(panel_id)
    if not panel.currency:
        last = workspace.last_balance(panel_id)
        if last is not None:
            panel = replace(panel, currency=last[0].currency)
    services = {r.service.id: r.service for r in workspace.services(panel_id) if not r.removed}
    return panel, services


def plan_lines(store: BatchStore, panel_id: str, lines: list[MassLine], new_batch: bool,
               resend_refused: bool) -> tuple[list[MassLine], Plan]:
    """Worker: what a run of ``lines`` would do (with the lines, to match the answer)."""
    return lines, store.plan(panel_id, lines, new_batch=new_batch,
                             resend_refused=resend_refused)


class MassOrderModel(QAbstractTableModel):
    """The preview: one row per non-empty input line, with its outcome once sent."""

    LINE, SERVICE, LINK, QUANTITY, PRICE, STATUS = range(6)
    ObjectRole = ObjectRole  # the app's one numbering (ui.tables)
    SortRole = SortRole

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[MassLine] = []
        self.results: dict[int, LineResult] = {}
        self.currency: str | None = None
        self.earlier: set[int] = set()  # rows whose result comes from an earlier run

    def set_lines(self, lines: list[MassLine], results: dict[int, LineResult],
                  earlier: set[int] | None = None) -> None:
        """``results``: the lines a run will not send and why; ``earlier``: those whose result
        an earlier run recorded (default: all of them)."""
        self.beginResetModel()
        self.lines = list(lines)
        self.results = dict(results)
        self.earlier = set(results) if earlier is None else set(earlier) & set(results)
        self.endResetModel()

    def set_result(self, row: int, result: LineResult) -> None:
        if not 0 <= row < len(self.lines):
            return
        self.results[row] = result
        self.earlier.discard(row)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.STATUS))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            titles = (self.tr("Line"), self.tr("Service"), self.tr("Link"), self.tr("Quantity"),
                      self.tr("Price"), self.tr("Status"))
            return titles[section] if 0 <= section < len(titles) else None
        return None

    def status_text(self, row: int) -> str:
        line = self.lines[row]
        result = self.results.get(row)
        if result is None:
            if line.problem:
                return st_tr(line.problem)
            warning = link_warning_for(line.service, line.link)  # a warning, never a block
            if warning:
                return self.tr("Ready — check the link: %1").replace("%1", warning)
            return self.tr("Ready")
        earlier = self.tr(" (earlier run)") if row in self.earlier else ""
        s = result.status
        if s is LineStatus.PLACED:
            text = (self.tr("Placed #%1").replace("%1", str(result.remote_id))
                    if result.remote_id is not None else self.tr("Placed"))
            return text + earlier
        if s in (LineStatus.UNCERTAIN, LineStatus.SENDING):
            return self.tr("Check on panel: may have been placed") + earlier
        if s is LineStatus.REJECTED:
            return self.tr("Rejected: %1").replace(
                "%1", rejection_message(result.outcome, result.message,
                                        line.service).replace("\n", " "))
        if s is LineStatus.SKIPPED:
            if result.reason is SkipReason.SAME_LINE:
                return self.tr("Not sent: line %1 has the same service and link").replace(
                    "%1", str(result.other_line))
            if result.reason is SkipReason.PLACED_BEFORE:
                return self.tr("Not sent: placed in the last 24 hours (batch %1, line %2)"
                               ).replace("%1", str(result.other_batch)).replace(
                    "%2", str(result.other_line))
            if result.reason is SkipReason.UNRESOLVED:
                return self.tr("Not sent: order %1 on this link may have been placed and is not "
                               "resolved; check the panel and resolve it in Orders first"
                               ).replace("%1", str(result.local_id))
            if result.reason is SkipReason.OVERLAPPING:
                return self.tr("Not sent: order %1 of the same kind is active on this link "
                               "(overlapping orders under-deliver)").replace(
                    "%1", str(result.local_id))
            return self.tr("Not sent: you have an active order on this link")
        if s is LineStatus.INVALID:
            return st_tr(line.problem) if line.problem else result.message
        return self.tr("Not sent")

    def _tone(self, row: int) -> QColor | None:
        result = self.results.get(row)
        line = self.lines[row]
        if result is None:
            return ERROR_COLOR if line.problem else None
        if result.status is LineStatus.PLACED:
            return OK_COLOR
        if result.status in (LineStatus.UNCERTAIN, LineStatus.SENDING, LineStatus.SKIPPED):
            return WARN_COLOR
        if result.status in (LineStatus.REJECTED, LineStatus.INVALID):
            return ERROR_COLOR
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        row, col = index.row(), index.column()
        line = self.lines[row]
        if role == self.ObjectRole:
            return line
        if role == Qt.ItemDataRole.ToolTipRole:  # the cell's text, never read as markup
            if col == self.LINK:  # the link check's warning, if any (never a block)
                return literal(link_warning_for(line.service, line.link) or line.link)
            return literal(self.data(index, Qt.ItemDataRole.DisplayRole))
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.LINE:
                return str(line.number)
            if col == self.SERVICE:
                if line.service is not None:
                    return f"#{line.service.id} {display_text(line.service.name)}"
                return f"#{line.service_id}" if line.service_id is not None else ""
            if col == self.LINK:
                return line.link
            if col == self.QUANTITY:
                return (format_decimal(Decimal(line.quantity), min_decimals=0)
                        if line.quantity is not None else line.quantity_text)
            if col == self.PRICE:
                return format_charge(line.price, self.currency) if line.price is not None else ""
            if col == self.STATUS:
                return self.status_text(row)
        if role == self.SortRole:
            return (line.number, line.service_id or 0, line.link, line.quantity or 0,
                    line.price or Decimal(0), self.status_text(row))[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (
                self.LINE, self.QUANTITY, self.PRICE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.STATUS:
            tone = self._tone(row)
            return QBrush(tone) if tone is not None else None
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return row_description(self, index)  # the row a screen reader announces
        return None


class MassOrderDialog(QDialog):
    """``MassOrderDialog(workspace, panel_id)``. Hooks: ``confirm(title, text) -> bool`` before
    sending and ``go_on(title, text) -> bool`` after the panel refused a line (replace them in
    tests); ``open_path(path)`` loads a file like "Open file…" does."""

    previewUpdated = Signal()  # the preview shows what a run would do now
    batchFinished = Signal(object)  # BatchRecord (also after a cancel), or None
    orderPlaced = Signal(int)  # local order id, per placed line
    catalogueLoaded = Signal()

    def __init__(self, workspace: Workspace, panel_id: str, parent: QWidget | None = None, *,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mass_order_dialog")
        self.setWindowTitle(self.tr("Mass order"))
        fit_window(self, QSize(900, 640))  # within a small screen (ui/fit.py)
        self.workspace = workspace
        self.panel_id = panel_id
        self._own_runner = runner is None
        self.runner = runner if runner is not None else TaskRunner(self)
        self.store = BatchStore(workspace)
        self.confirm: Callable[[str, str], bool] = self._ask_confirm
        self.go_on: Callable[[str, str], bool] = self._ask_go_on
        self.panel: Panel | None = None
        self.catalogue: dict[int, Service] | None = None
        self.lines: list[MassLine] = []
        self.plan: Plan | None = None  # for ``self.lines``; None while it is being asked
        self.record: BatchRecord | None = None  # the batch a run continues (None: a new one)
        self.task: Task | None = None
        self.last_record: BatchRecord | None = None
        self.counts: dict[LineStatus, int] = {}
        # A new batch of the same list, asked for on purpose (a list ordered regularly).
        self.new_batch_requested = False
        self._this_run: set[int] = set()  # rows whose result the dialog's own run gave
        self._inbox: queue.SimpleQueue[tuple[int, LineResult]] = queue.SimpleQueue()
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        self.text.textChanged.connect(self._text_edited)
        self.runner.submit(load_catalogue, workspace, panel_id, on_result=self._catalogue_loaded,
                           on_error=self._catalogue_failed, task_name="mass_order_catalogue")
        self.runner.submit(workspace.customers, on_result=self._customers_loaded,
                           task_name="mass_order_customers")

    def _customers_loaded(self, customers: list[Customer]) -> None:
        for c in customers:
            self.customer_box.addItem(c.name, c.id)
        for w in (self.customer_label, self.customer_box):
            w.setVisible(bool(customers))

    # ------------------------------------------------------------------ construction
    def _build(self) -> None:
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "One order per line: service ID | link | quantity (the panels' mass order "
            "format), separated by | or by tabs (as copied from a spreadsheet). Lines are "
            "checked against this panel's services before anything is sent."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.text = QPlainTextEdit(objectName="mass_text")
        self.text.setPlaceholderText("1|https://instagram.com/example|1000\n"
                                     "18|https://instagram.com/p/abc|500")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.text.setFont(mono)
        self.text.setMaximumHeight(160)
        self.text.setAccessibleName(self.tr("Orders, one per line"))
        self.text.setAccessibleDescription(self.tr("service ID | link | quantity"))
        self.text.setTabChangesFocus(True)  # Tab leaves the list; tabs still come in pasted
        lay.addWidget(self.text)
        row = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open file…"), objectName="open_file")
        self.open_button.clicked.connect(self._open_clicked)
        self.earlier = QLabel(objectName="earlier_run")
        self.earlier.setTextFormat(Qt.TextFormat.PlainText)
        self.earlier.setWordWrap(True)
        # The same list again, on purpose (a weekly order, say): a new batch, after a question.
        self.new_batch = QPushButton(self.tr("Place again as a new batch…"),
                                     objectName="new_batch")
        self.new_batch.clicked.connect(self._new_batch_clicked)
        self.new_batch.hide()
        row.addWidget(self.open_button)
        row.addWidget(self.earlier, 1)
        row.addWidget(self.new_batch)
        # The reseller's books: every order of the list sold to one customer (at the rules'
        # sell prices); shown once a customer exists.
        self.customer_box = QComboBox(objectName="mass_customer")
        self.customer_box.setAccessibleName(self.tr("Customer"))
        self.customer_box.addItem(self.tr("No customer"), None)
        self.customer_label = QLabel(self.tr("C&ustomer:"))
        self.customer_label.setBuddy(self.customer_box)
        for w in (self.customer_label, self.customer_box):
            w.hide()
            row.addWidget(w)
        lay.addLayout(row)

        self.model = MassOrderModel(self)
        self.view = QTableView(objectName="preview")
        self.view.setModel(self.model)
        keyboard_table(self.view, self.tr("Lines to order"),
                       self.tr("Each line checked against the panel's services"))
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in ((0, 50), (1, 220), (2, 240), (3, 80), (4, 90)):
            self.view.setColumnWidth(col, width)
        widen_to_titles(self.view)
        lay.addWidget(self.view, 1)

        self.total = QLabel(objectName="total")
        self.total.setTextFormat(Qt.TextFormat.PlainText)  # a currency is panel text
        self.total.setWordWrap(True)
        font = QFont(self.total.font())
        font.setBold(True)
        self.total.setFont(font)
        lay.addWidget(self.total)

        bottom = QHBoxLayout()
        self.summary = QLabel(objectName="summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # holds panels' error texts
        self.summary.setWordWrap(True)
        self.progress = QProgressBar(objectName="progress")
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.place = QPushButton(objectName="place")
        self.place.setDefault(True)
        self.place.clicked.connect(self._place_clicked)
        self.close_button = QPushButton(self.tr("Close"), objectName="close")
        self.close_button.clicked.connect(self.reject)
        # How long it has been sending (its own Cancel button is beside it).
        self.activity = Activity(self, name="mass_activity", cancellable=False)
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.activity)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.place)
        bottom.addWidget(self.close_button)
        lay.addLayout(bottom)
        self._update_buttons()

    # ------------------------------------------------------------------ input
    def set_text(self, text: str) -> None:
        self.text.setPlainText(text)
        self.update_preview()

    def open_path(self, path: str | Path) -> bool:
        try:
            data = Path(path).read_bytes()
        except OSError as e:
            box = self._box(QMessageBox.Icon.Warning, self.tr("Open file"),
                            self.tr("Cannot read %1: %2").replace("%1", str(path))
                            .replace("%2", e.strerror or str(e)))
            box.addButton(QMessageBox.StandardButton.Ok)
            box.exec()
            return False
        self.set_text(data.decode("utf-8-sig", errors="replace"))
        return True

    def _open_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a mass order file"), str(start_folder(None)),
            self.tr("Text files (*.txt *.csv);;All files (*)"))
        if path:
            self.open_path(path)

    def _catalogue_loaded(self, answer: tuple[Panel, dict[int, Service]]) -> None:
        self.panel, self.catalogue = answer
        self.model.currency = self.panel.currency
        self.setWindowTitle(self.tr("Mass order — %1").replace(
            "%1", isolate(shorten(self.panel.name, 60))))
        self.update_preview()
        self.catalogueLoaded.emit()

    def _catalogue_failed(self, exc: BaseException) -> None:
        self.summary.setText(self.tr("The services could not be loaded: %1").replace(
            "%1", str(exc)))

    # ------------------------------------------------------------------ preview
    def update_preview(self) -> None:
        """Check the lines now; ask (on a worker) what a run would do with them."""
        self._timer.stop()
        if self.catalogue is None or self.task is not None:
            return
        self.lines = massorder.check_lines(
            massorder.parse_lines(self.text.toPlainText(), QLocale().name()), self.catalogue)
        self.plan = None
        if [ln.key() for ln in self.lines] != [ln.key() for ln in self.model.lines]:
            self.record = None
            self.model.set_lines(self.lines, {})  # the same list keeps its results meanwhile
        self._update_totals()
        if not self.lines:
            self.previewUpdated.emit()
            return
        self.runner.submit(plan_lines, self.store, self.panel_id, list(self.lines),
                           self.new_batch_requested, True, on_result=self._plan_ready,
                           on_error=self._plan_failed, task_name="mass_order_plan")

    @property
    def preview_ready(self) -> bool:
        return self.plan is not None or not self.lines

    def _plan_ready(self, answer: tuple[list[MassLine], Plan]) -> None:
        lines, plan = answer
        if lines is not self.lines and [ln.key() for ln in lines] != [
                ln.key() for ln in self.lines]:
            return  # the text changed meanwhile: its own answer follows
        self.plan = plan
        self.record = plan.record
        self.model.set_lines(self.lines, plan.results, plan.earlier - self._this_run)
        self._update_totals()
        self.previewUpdated.emit()

    def _plan_failed(self, exc: BaseException) -> None:
        log.warning("mass order preview failed: %r", exc)
        self.summary.setText(self.tr("The earlier runs of this list could not be read: %1")
                             .replace("%1", str(exc)))
        self._update_buttons()

    def sendable(self) -> list[int]:
        """Rows that the next run would send (none until the preview knows)."""
        return list(self.plan.send) if self.plan is not None else []

    def _update_totals(self) -> None:
        currency = self.model.currency
        todo = self.sendable()
        bad = sum(1 for ln in self.lines if not ln.ok)
        total = sum((self.lines[i].price or Decimal(0) for i in todo), Decimal(0))
        parts = [ntr("MassOrderDialog", "%n line(s)", len(self.lines)),
                 self.tr("%1 to place, total %2").replace("%1", str(len(todo)))
                 .replace("%2", format_charge(total, currency))]
        if bad:
            parts.append(self.tr("%1 with problems (not sent)").replace("%1", str(bad)))
        self.total.setText(" · ".join(parts))
        self.total.setToolTip(literal(self.tr("Total exactly %1").replace(
            "%1", format_exact(total, currency))))
        plan = self.plan
        notes: list[str] = []
        earlier = self.model.earlier
        done = [r for i, r in self.model.results.items() if r.status.done and i in earlier]
        if done and self.record is not None:
            placed = sum(1 for r in done if r.status is LineStatus.PLACED)
            check = sum(1 for r in done if r.status in (LineStatus.UNCERTAIN, LineStatus.SENDING))
            text = self.tr("This list was sent before (%1): %2 placed").replace(
                "%1", format_age(self.record.created)).replace("%2", str(placed))
            if check:
                text += self.tr(", %1 to check on the panel").replace("%1", str(check))
            notes.append(text + self.tr(". Those lines are not sent again."))
        before = sum(1 for i, r in self.model.results.items()
                     if r.reason is SkipReason.PLACED_BEFORE and i not in earlier)
        if before:
            notes.append(ntr("MassOrderDialog", "%n line(s) were placed by another batch in "
                                                "the last 24 hours: not placed again.", before))
        if plan is not None and plan.new and plan.unfinished is not None:
            notes.append(self.tr("The last batch of this list has lines not sent yet: place "
                                 "those first (a new batch can start once it is finished)."))
        if plan is not None and plan.holder is not None:
            notes.append(self.tr("This list is being placed right now (another Mass order "
                                 "window or smm-desk-cli, since %1): wait for it to finish.")
                         .replace("%1", format_age(plan.holder.since)))
        self.earlier.setText(" ".join(notes))
        self.new_batch.setVisible(bool(done) and plan is not None and plan.unfinished is None
                                  and not self.new_batch_requested)
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.task is not None
        n = len(self.sendable())
        plan = self.plan
        busy = plan is not None and (plan.holder is not None or (
            plan.new and plan.unfinished is not None))
        self.place.setText(ntr("MassOrderDialog", "Place %n order(s)", n))
        self.place.setEnabled(n > 0 and not running and not busy and self.catalogue is not None)
        self.text.setReadOnly(running)
        self.open_button.setEnabled(not running)
        self.new_batch.setEnabled(not running)
        self.cancel_button.setVisible(running)
        self.progress.setVisible(running)
        self.close_button.setEnabled(not running)

    def _text_edited(self) -> None:
        self.new_batch_requested = False  # another list (or the same one anew): its own batch
        self._this_run = set()
        self.plan = None
        self._update_buttons()
        if self.task is None:
            self.summary.setText("")  # the previous run's summary is not about this list
        self._timer.start()

    def _new_batch_clicked(self) -> None:
        self.start_new_batch()

    def start_new_batch(self, confirm: bool = True) -> bool:
        """Treat the list as new: every good line becomes sendable again (after a question,
        since these are real orders a second time). The preview follows (``previewUpdated``)."""
        if self.task is not None or not self.lines:
            return False
        question = self.tr(
            "Every line of this list will be placed again, as new orders, even those placed "
            "before. Use this for a list you order regularly, not to retry a run: lines that "
            "need checking on the panel would be ordered twice.\n\nStart a new batch?")
        if confirm and not self.confirm(self.tr("Place the list again?"), question):
            return False
        self.new_batch_requested = True
        self._this_run = set()
        self.update_preview()
        return True

    # ------------------------------------------------------------------ sending
    def _place_clicked(self) -> None:
        self.place_now()

    def place_now(self, confirm: bool = True) -> Task | None:
        """Send what the preview says (after the question); None when there is nothing to
        send, or the preview is not ready yet."""
        todo = self.sendable()
        if not todo or self.task is not None or (self.plan and self.plan.holder):
            return None
        currency = self.model.currency
        total = sum((self.lines[i].price or Decimal(0) for i in todo), Decimal(0))
        text = ntr("MassOrderDialog", "Place %n order(s) on %1 for about %2?\n\nLines with "
                                      "problems and lines already placed are skipped.",
                   len(todo)).replace(
            "%1", isolate(shorten(self.panel.name, 80)) if self.panel else "").replace(
            "%2", format_charge(total, currency))
        if confirm and not self.confirm(self.tr("Place the orders?"), text):
            return None
        return self._start(resend_refused=True)

    def _start(self, *, resend_refused: bool) -> Task:
        new_batch = self.new_batch_requested
        self.new_batch_requested = False  # once made, the new batch is the list's latest
        self.progress.setRange(0, len(self.lines))
        self.progress.setValue(0)
        self.summary.setText(self.tr("Sending…"))
        self.activity.start("")  # the time it has taken; the summary says what it does
        self.task = self.runner.submit(
            massorder.run_batch, self.workspace, self.store, self.panel_id, list(self.lines),
            new_batch=new_batch, resend_refused=resend_refused,
            customer_id=self.customer_box.currentData(), on_line=self._line_done_worker,
            panel_id=self.panel_id, with_stop=True,
            with_progress=True, on_result=self._finished, on_error=self._failed,
            on_progress=self._progress, task_name="mass_order",
        )
        self._update_buttons()
        return self.task

    def _line_done_worker(self, index: int, result: LineResult) -> None:
        """Worker thread: hand the line's result to the GUI (drained on progress)."""
        self._inbox.put((index, result))

    def _drain(self) -> None:
        while True:
            try:
                index, result = self._inbox.get_nowait()
            except queue.Empty:
                return
            self._this_run.add(index)
            self.model.set_result(index, result)
            if result.status is LineStatus.PLACED and result.local_id is not None:
                self.orderPlaced.emit(result.local_id)

    def _progress(self, done: int, total: int, text: str) -> None:
        self._drain()
        self.progress.setValue(done)
        self.summary.setText(self.tr("Sent %1 of %2 lines…").replace("%1", str(done))
                             .replace("%2", str(total)))

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.summary.setText(self.tr("Stopping after the current line…"))

    def _finished(self, record: BatchRecord) -> None:
        self._drain()
        self.task = None
        self._done(record, cancelled=False)
        if record.stopped_at is not None:
            self._refused(record)

    def _failed(self, exc: BaseException) -> None:
        self._drain()
        self.task = None
        record: BatchRecord | None = None
        if isinstance(exc, massorder.SendInterrupted):
            record = exc.record
            result = record.result(exc.index)
            if result is not None:
                self._this_run.add(exc.index)
                self.model.set_result(exc.index, result)
            log.warning("mass order stopped after sending line %d: %r", exc.number,
                        exc.__cause__)
            self._warn(self.tr("Line %1 may have been placed: something went wrong while it "
                               "was being sent. It is never sent again; check the panel's "
                               "order list.").replace("%1", str(exc.number)))
        elif isinstance(exc, massorder.BatchBusy):
            self._warn(self.tr("This list is being placed right now by another Mass order "
                               "window or by smm-desk-cli. Nothing was sent."))
        elif isinstance(exc, massorder.NewBatchRefused):
            self._warn(self.tr("The last batch of this list has lines not sent yet: place "
                               "those first. Nothing was sent."))
        elif not isinstance(exc, Cancelled):
            log.warning("mass order failed: %r", exc)
            self._warn(self.tr("Sending stopped: %1").replace("%1", str(exc)))
        self._done(record, cancelled=isinstance(exc, Cancelled))

    def _done(self, record: BatchRecord | None, *, cancelled: bool) -> None:
        self.activity.finish()
        results = self.model.results
        counts: dict[LineStatus, int] = {}
        for i in range(len(self.lines)):
            r = results.get(i)
            status = r.status if r is not None else (
                LineStatus.INVALID if not self.lines[i].ok else LineStatus.PENDING)
            counts[status] = counts.get(status, 0) + 1
        parts = [self.tr("%1 placed").replace("%1", str(counts.get(LineStatus.PLACED, 0)))]
        pieces = (
            (LineStatus.INVALID, self.tr("%1 with problems")),
            (LineStatus.REJECTED, self.tr("%1 rejected by the panel")),
            (LineStatus.UNCERTAIN, self.tr("%1 to check on the panel")),
            (LineStatus.SKIPPED, self.tr("%1 skipped (not sent)")),
            (LineStatus.PENDING, self.tr("%1 not sent")),
        )
        for status, text in pieces:
            if counts.get(status):
                parts.append(text.replace("%1", str(counts[status])))
        prefix = self.tr("Cancelled. ") if cancelled else ""
        self.summary.setText(prefix + ", ".join(parts) + ".")
        self.counts = counts
        self.last_record = record
        self.update_preview()  # what a run would do now (the button, a new batch)
        self.batchFinished.emit(record)

    def _refused(self, record: BatchRecord) -> None:
        """Rule 6: the panel refused a line and the run stopped there; ask before going on."""
        assert record.stopped_at is not None
        line = self.lines[record.stopped_at]
        result = record.result(record.stopped_at)
        message = rejection_message(result.outcome if result else None,
                                    result.message if result else "", line.service)
        rest = sum(1 for i in range(record.stopped_at + 1, len(self.lines))
                   if self.lines[i].ok and self.model.results.get(i) is None)
        if not rest:
            return
        text = self.tr("The panel refused line %1: %2\n\nNothing was placed for that line, "
                       "and the lines after it were not sent. Go on with the other lines? "
                       "(The refused line is left out.)").replace(
            "%1", str(line.number)).replace("%2", message)
        if self.go_on(self.tr("A line was refused"), text):
            self._start(resend_refused=False)

    # ------------------------------------------------------------------ misc
    def _box(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        """A message box that shows its text as typed: panel names, currencies and errors
        inside it are never read as markup."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box

    def _warn(self, text: str) -> None:
        box = self._box(QMessageBox.Icon.Warning, self.tr("Mass order"), text)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()

    def _ask_confirm(self, title: str, text: str) -> bool:
        box = self._box(QMessageBox.Icon.Question, title, text)
        box.addButton(QMessageBox.StandardButton.Cancel)
        place = box.addButton(self.tr("Place"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(place)
        box.exec()
        return box.clickedButton() is place

    def _ask_go_on(self, title: str, text: str) -> bool:
        box = self._box(QMessageBox.Icon.Warning, title, text)
        stop = box.addButton(self.tr("Stop here"), QMessageBox.ButtonRole.RejectRole)
        go = box.addButton(self.tr("Go on"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(stop)
        box.exec()
        return box.clickedButton() is go

    def reject(self) -> None:
        if self.task is not None:
            return  # close only after the run stops (Cancel first)
        super().reject()

    def shutdown(self) -> None:
        if self._own_runner:
            self.runner.shutdown()
