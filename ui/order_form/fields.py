"""The order form's fields: one input per API field of the service's type
(``smmdesk.servicetypes.fields_for``), each named by the API field it fills (``objectName``), with
its label, help, inline problem and, for a list, its line count; what is typed is kept exactly
(an integer field reads the person's digit grouping or is refused, never "fixed"). Fields shown
only for a choice (``depends_on``) follow it. Enter in a one-line field or a choice is
``enterPressed``; every edit is ``edited(name)``.

A field shows its problem once it was touched (typed in, or every field when the person tries
to place): ``touch``, ``touch_all``, ``show_problems``; a choice the panel refused is no longer
offered (``refuse_choice``); after an order, what belonged to it alone is cleared
(``clear_per_order``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from smmdesk import servicetypes
from smmdesk.models import LocalOrder, Panel, Service
from smmdesk.servicetypes import FieldKind, FieldSpec, translate_text
from ui.format import format_decimal, ntr

log = logging.getLogger(__name__)

ERROR_COLOR = "#c0392b"
MUTED = "color: #6d6d6d;"


# Fields checked together: editing one shows the other's problem too (e.g. "enter both").
LINKED: dict[str, tuple[str, ...]] = {
    "runs": ("interval",), "interval": ("runs",), "min": ("max",), "max": ("min",),
}


def st_tr(text: str) -> str:
    """Translate a servicetypes label/problem (plain str or ``Text``)."""
    return translate_text(text, lambda s: QCoreApplication.translate("servicetypes", s))


def plain_number(value: int | Decimal) -> str:
    """A whole number as the person's language groups it ("1,000", "1.000")."""
    return format_decimal(Decimal(value), min_decimals=0)


class _Field:
    """One input with its row: label, widget, optional line count, inline error."""

    def __init__(self, spec: FieldSpec, label: QLabel, widget: QWidget, error: QLabel,
                 count: QLabel | None, row: QWidget) -> None:
        self.spec = spec
        self.label = label
        self.widget = widget
        self.error = error
        self.count = count
        self.row = row


class OrderFields(QWidget):
    """The fields of one service (``build``); the order form around them checks and prices."""

    enterPressed = Signal()
    edited = Signal(str)  # field name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fields_box")
        self.fields: dict[str, _Field] = {}
        self.touched: set[str] = set()  # the fields whose problem shows
        self._last_refused: dict[str, str] = {}
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(0, 4, 0, 4)
        self.layout_.setHorizontalSpacing(16)
        self.layout_.setVerticalSpacing(10)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

    def clear(self) -> None:
        while self.layout_.rowCount():
            self.layout_.removeRow(0)  # deletes the row's widgets
        self.fields.clear()
        self.touched.clear()

    def build(self, service: Service, panel: Panel | None) -> None:
        """A row per field of ``service`` (a choice ``panel`` refused before is not offered)."""
        self.clear()
        for spec in servicetypes.fields_for(service):
            self._add_field(spec, panel)
        self.update_dependent_rows()

    def _add_field(self, spec: FieldSpec, panel: Panel | None) -> None:
        row = QWidget()
        col = QVBoxLayout(row)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(3)
        widget = self._make_input(spec, panel)
        if spec.kind is not FieldKind.LIST:
            # A word-wrapped error label under it must not squash the input.
            widget.ensurePolished()
            widget.setMinimumHeight(widget.sizeHint().height())
        col.addWidget(widget)
        count: QLabel | None = None
        if spec.kind is FieldKind.LIST:
            count = QLabel(objectName=f"{spec.name}_count")
            count.setStyleSheet(MUTED)
            col.addWidget(count)
        help_text = st_tr(spec.help) if spec.help else ""
        if help_text and spec.kind not in (FieldKind.LIST, FieldKind.URL, FieldKind.TEXT):
            hint = QLabel(help_text, objectName=f"{spec.name}_help")
            hint.setWordWrap(True)
            hint.setStyleSheet(MUTED)
            col.addWidget(hint)
        widget.setToolTip(help_text)
        error = QLabel(objectName=f"{spec.name}_error")
        error.setWordWrap(True)
        error.setTextFormat(Qt.TextFormat.PlainText)
        error.setStyleSheet(f"color: {ERROR_COLOR};")
        error.hide()
        col.addWidget(error)
        text = st_tr(spec.label)
        if not spec.required and spec.depends_on is None:
            text = self.tr("%1 (optional)").replace("%1", text)
        label = QLabel(text, objectName=f"{spec.name}_label")
        label.setBuddy(widget)
        # The label is not the input's sibling (the input sits in the row's column), so Qt would
        # not name the input from it: a screen reader gets the name and the help explicitly.
        widget.setAccessibleName(text)
        widget.setAccessibleDescription(help_text)
        label.setContentsMargins(0, 4, 0, 0)
        self.layout_.addRow(label, row)
        self.fields[spec.name] = _Field(spec, label, widget, error, count, row)

    def _make_input(self, spec: FieldSpec, panel: Panel | None) -> QWidget:
        name = spec.name
        if spec.kind is FieldKind.LIST:
            w = QPlainTextEdit(objectName=name)
            w.setPlaceholderText(st_tr(spec.help) if spec.help else "")
            w.setTabChangesFocus(True)
            w.setMinimumHeight(96)
            w.setMaximumHeight(180)
            w.textChanged.connect(lambda n=name: self.edited.emit(n))
            return w
        if spec.kind is FieldKind.CHOICE:
            c = QComboBox(objectName=name)
            for value, label in spec.choices:
                c.addItem(st_tr(label), value)
            c.setPlaceholderText(self.tr("Choose…"))
            if name == "delay":
                c.setCurrentIndex(0)
            else:
                c.setCurrentIndex(-1)
            refused = servicetypes.refused_choices(
                panel.unsupported if panel is not None else (), name)
            for value in refused:
                self.refuse_item(c, value)
            c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            c.currentIndexChanged.connect(lambda _i, n=name: self.edited.emit(n))
            return self._left(c)
        if spec.kind is FieldKind.DATE:
            d = QDateEdit(objectName=name)
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd/MM/yyyy")
            today = QDate.currentDate()
            d.setMinimumDate(today.addDays(-1))  # the minimum stands for "no date"
            d.setSpecialValueText(self.tr("No end date"))
            d.setDate(d.minimumDate())
            d.dateChanged.connect(lambda _d, n=name: self.edited.emit(n))
            return self._left(d)
        e = QLineEdit(objectName=name)
        e.setClearButtonEnabled(spec.kind in (FieldKind.URL, FieldKind.TEXT))
        if spec.kind is FieldKind.INTEGER:
            # No validator: it would drop what it does not like ("150.5" -> "1505"). What was
            # typed stays; values() reads it with the person's digit grouping or it is refused.
            e.setMaxLength(40)
            if spec.min is not None and spec.max is not None:
                e.setPlaceholderText(f"{plain_number(spec.min)} – {plain_number(spec.max)}")
            elif spec.min is not None:
                e.setPlaceholderText(self.tr("at least %1").replace("%1", plain_number(spec.min)))
            e.setMaximumWidth(220)
            e.setAlignment(Qt.AlignmentFlag.AlignRight)
        elif spec.help:
            e.setPlaceholderText(st_tr(spec.help))
        if spec.name == "country":
            e.setMaximumWidth(80)
            e.setPlaceholderText("US")
        e.textChanged.connect(lambda _t, n=name: self.edited.emit(n))
        return e

    @staticmethod
    def _left(widget: QWidget) -> QWidget:
        widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        return widget

    def refuse_item(self, combo: QComboBox, value: str) -> None:
        """A choice this panel refused once: greyed out, not selectable, the reason as its tip."""
        i = combo.findData(value)
        item = combo.model().item(i) if i >= 0 else None  # type: ignore[attr-defined]
        if item is None:
            return
        item.setEnabled(False)
        combo.setItemData(i, self.tr("This panel refused this choice before, so it is not "
                                     "offered."), Qt.ItemDataRole.ToolTipRole)
        if combo.currentIndex() == i:
            combo.setCurrentIndex(-1)  # the person chooses again

    def refuse_choice(self, service: Service, order: LocalOrder) -> tuple[str, str] | None:
        """The panel refused ``order``'s choice ("Incorrect delay"): it is no longer offered.
        Returns the field and value refused, or None when the refusal named no choice here."""
        fields = order.fields or {}
        name = servicetypes.refused_choice(service, fields, order.error or "")
        combo = self.findChild(QComboBox, name) if name else None
        if name is None or combo is None:
            return None
        value = str(fields.get(name, ""))
        self.refuse_item(combo, value)
        return name, value

    # -- problems ----------------------------------------------------------------------------
    def touch(self, name: str) -> None:
        """``name`` was edited: its problem (and its linked fields') shows from now on."""
        self.touched.add(name)
        self.touched.update(LINKED.get(name, ()))

    def touch_all(self) -> None:
        """The person tried to place: every problem shows."""
        self.touched.update(self.fields)

    def show_problems(self, service: Service, values: Mapping[str, Any],
                      problems: Mapping[str, str]) -> list[str]:
        """Each touched field's problem under it (and read first by a screen reader); a list's
        line count. Returns the labels of the fields with a problem not touched yet (the ones
        still to fill in)."""
        self._log_refusals(problems)
        for name, f in self.fields.items():
            problem = problems.get(name)
            show = problem is not None and name in self.touched
            error = st_tr(problem) if show and problem else ""
            f.error.setText(error)
            f.error.setVisible(bool(show))
            help_text = f.widget.toolTip()
            f.widget.setAccessibleDescription(
                " ".join(t for t in (error, help_text) if t))  # the problem read first
            if f.count is not None:
                f.count.setText(self.count_text(f, values.get(name), service))
        return [st_tr(self.fields[n].spec.label) for n in problems
                if n in self.fields and n not in self.touched]

    def _log_refusals(self, problems: Mapping[str, str]) -> None:
        """Log what an integer field refused (once per change): typed input that is not a whole
        number is kept and refused, never changed, and the log says so (scripts read it)."""
        refused = {n: str(p) for n, p in problems.items()
                   if n in self.touched and n in self.fields
                   and self.fields[n].spec.kind is FieldKind.INTEGER}
        if refused and refused != self._last_refused:
            log.info("order form refuses %s", "; ".join(refused.values()))
        self._last_refused = refused

    def clear_per_order(self) -> None:
        """An order went out: what belongs to it alone (the link, the comments, the usernames)
        is cleared for the next one; the quantity, runs and choices stay. Nothing is touched."""
        for f in self.fields.values():
            if f.spec.kind in (FieldKind.URL, FieldKind.TEXT, FieldKind.LIST) \
                    and isinstance(f.widget, QPlainTextEdit | QLineEdit):
                f.widget.clear()
        self.touched.clear()

    def update_dependent_rows(self) -> None:
        for f in self.fields.values():
            dep = f.spec.depends_on
            if dep is None:
                continue
            other = self.fields.get(dep[0])
            visible = other is not None and self.value_of(other) == dep[1]
            self.layout_.setRowVisible(f.row, visible)

    def value_of(self, f: _Field) -> Any:
        w = f.widget
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QComboBox):
            return w.currentData() if w.currentIndex() >= 0 else None
        if isinstance(w, QDateEdit):
            if w.date() == w.minimumDate():
                return None
            q = w.date()
            return dt.date(q.year(), q.month(), q.day())
        if isinstance(w, QLineEdit):
            if f.spec.kind is FieldKind.INTEGER:
                return whole_number_text(w.text())
            return w.text()
        return None

    def values(self) -> dict[str, Any]:
        """The current values, by API field name (visible fields only)."""
        out: dict[str, Any] = {}
        for name, f in self.fields.items():
            if not self.layout_.isRowVisible(f.row):
                continue
            out[name] = self.value_of(f)
        return out

    def widget(self, name: str) -> QWidget | None:
        f = self.fields.get(name)
        return f.widget if f is not None else None

    def fill(self, values: Mapping[str, Any]) -> list[str]:
        """Type ``values`` (API field name -> value, as sent to ``add`` or as Python values)
        into the widgets. Returns the names this form has no field for (ignored)."""
        ignored: list[str] = []
        # Choices first: they decide which dependent fields are shown.
        order = sorted(values, key=lambda k: 0 if k in self.fields and isinstance(
            self.fields[k].widget, QComboBox) else 1)
        for name in order:
            if name == "service":
                continue
            f = self.fields.get(name)
            if f is None:
                ignored.append(name)
                continue
            self.set_value(f, values[name])
        return ignored

    def set_value(self, f: _Field, value: Any) -> None:
        w = f.widget
        if isinstance(w, QPlainTextEdit):
            if isinstance(value, list | tuple):
                value = "\n".join(str(v) for v in value)
            w.setPlainText("" if value is None else str(value))
        elif isinstance(w, QComboBox):
            index = w.findData("" if value is None else str(value).strip())
            if index < 0 and isinstance(value, str) and value.strip().isdigit():
                index = w.findData(str(int(value.strip())))
            w.setCurrentIndex(index)
        elif isinstance(w, QDateEdit):
            day = _as_date(value)
            w.setDate(w.minimumDate() if day is None else QDate(day.year, day.month, day.day))
        elif isinstance(w, QLineEdit):
            w.setText("" if value is None else str(value))
        self.edited.emit(f.spec.name)

    def count_text(self, f: _Field, raw: Any, service: Service | None) -> str:
        lines = [s for s in str(raw or "").splitlines() if s.strip()]
        text = ntr("order_form", "%n line(s)", len(lines)).replace("%n", plain_number(len(lines)))
        spec = next((s for s in servicetypes.fields_for(service) if s.name == f.spec.name),
                    f.spec) if service is not None else f.spec
        if spec.service_bounds and spec.min is not None and spec.max is not None:
            text += " · " + self.tr("%1 to %2 allowed").replace(
                "%1", plain_number(spec.min)).replace("%2", plain_number(spec.max))
        return text

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == (
            Qt.KeyboardModifier.NoModifier)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            event.accept()
            self.enterPressed.emit()
            return
        super().keyPressEvent(event)




def whole_number_text(typed: str, locale: QLocale | None = None) -> str:
    """An integer field's value for the registry: the number in plain digits when ``typed`` is
    a whole number in the person's locale (``1.000`` in Turkish -> ``1000``), else exactly what
    was typed, which the registry then refuses with the reason."""
    try:
        number = servicetypes.parse_whole_number(typed, (locale or QLocale()).name())
    except servicetypes.NotWholeNumber:
        return typed
    return typed if number is None else str(number)


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def typed_number(value: Any) -> str:
    text = str(value).strip()
    return plain_number(int(text)) if text.isdigit() else text
