"""Add or edit a panel: name, API URL, API key; "Test connection" on a worker thread."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smmdesk.errors import ApiError, BadResponseError, NetworkError
from smmdesk.models import Balance, Panel
from smmdesk.panelurl import PanelUrlError
from smmdesk.workspace import PanelAlreadyConnected
from ui.format import describe_error, describe_team_error, format_charge
from ui.tasks import Cancelled

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace
    from ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)


HTTP_PROBE_KEY = "smmdesk-http-probe-not-a-key"  # sent to see whether plain http answers


def http_version(url: str) -> str:
    parts = urlsplit(url)
    return parts._replace(scheme="http").geturl() if parts.scheme == "https" else url


def https_version(url: str) -> str:
    parts = urlsplit(url)
    return parts._replace(scheme="https").geturl() if parts.scheme == "http" else url


class PanelDialog(QDialog):
    """``panel=None`` adds a panel; otherwise edits it (an empty key field keeps the stored key)."""

    saved = Signal(object)  # the Panel, after add_panel/update_panel succeeded
    testFinished = Signal(bool, str)  # ok, the text shown (tests wait on it)

    def __init__(
        self,
        workspace: Workspace,
        runner: TaskRunner,
        panel: Panel | None = None,
        parent: QWidget | None = None,
        *,
        locked: str = "",
    ) -> None:
        """``locked``: why this desk may not change the panel's name and address (a team
        operator's, ``teamroles.panel_lock``): they are shown read-only, the key stays
        editable (each desk keeps its own in its keyring)."""
        super().__init__(parent)
        self.setObjectName("panel_dialog")
        self.workspace = workspace
        self.runner = runner
        self.panel = panel
        self.test_timeout = 15.0
        self._test_task: Task | None = None
        self._suggested_url: str | None = None
        self._http_probe: str | None = None  # the http:// address tried after a TLS failure
        self.setWindowTitle(self.tr("Add panel") if panel is None else self.tr("Edit panel"))
        self.setMinimumWidth(520)

        intro = QLabel(
            self.tr(
                "Find the API URL and your API key on the panel's website, usually under "
                "Account → API."
            )
        )
        intro.setWordWrap(True)

        self.name_edit = QLineEdit(objectName="panel_name")
        self.name_edit.setPlaceholderText(self.tr("e.g. My main panel"))
        self.url_edit = QLineEdit(objectName="panel_url")
        self.url_edit.setPlaceholderText("https://panel.example/api/v2")
        self.key_edit = QLineEdit(objectName="panel_key")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(
            self.tr("API key") if panel is None else self.tr("unchanged — type to replace")
        )
        self.show_key = QAction(self.tr("Show key"), self, objectName="show_key")
        self.show_key.setCheckable(True)
        self.show_key.setIcon(self._eye_icon())
        self.show_key.toggled.connect(self._toggle_key)
        # A button of its own beside the field, not an icon inside it: Tab reaches it (and Enter
        # or Space presses it), and a screen reader says what it does.
        self.show_key_button = QToolButton(objectName="show_key_button")
        self.show_key_button.setDefaultAction(self.show_key)
        self.show_key_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.show_key_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        key_row = QHBoxLayout()
        key_row.setSpacing(4)
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.show_key_button)
        key_label = QLabel(self.tr("API &key:"))
        key_label.setBuddy(self.key_edit)  # its sibling: Alt+K and the field's name

        self.http_warning = QLabel(
            self.tr(
                "⚠ This address uses http://: your API key travels unencrypted. Use https:// "
                "if the panel offers it."
            ),
            objectName="http_warning",
        )
        self.http_warning.setWordWrap(True)
        self.http_warning.setStyleSheet("color: #c0392b;")
        self.http_warning.hide()

        self.keyring_notice = QLabel(
            self.tr("No system keyring: the key is kept for this session only."),
            objectName="keyring_notice",
        )
        self.keyring_notice.setWordWrap(True)
        self.keyring_notice.setVisible(not workspace.keyring_available)

        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("API &URL:"), self.url_edit)
        form.addRow("", self.http_warning)
        form.addRow(key_label, key_row)
        form.addRow("", self.keyring_notice)

        self.test_button = QPushButton(self.tr("&Test connection"), objectName="test_button")
        self.test_button.clicked.connect(self.test_connection)
        self.use_https_button = QPushButton(self.tr("Use the suggested address"),
                                            objectName="use_https")
        self.use_https_button.hide()
        self.use_https_button.clicked.connect(self._use_suggested_url)
        self.result_label = QLabel(objectName="test_result")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)  # holds the panel's error text
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.use_https_button)
        test_row.addStretch(1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save_button")

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(test_row)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        if panel is not None:
            self.name_edit.setText(panel.name)
            self.url_edit.setText(panel.url)
        self.locked_notice = QLabel(objectName="panel_locked")
        self.locked_notice.setTextFormat(Qt.TextFormat.PlainText)
        self.locked_notice.setWordWrap(True)
        self.locked_notice.hide()
        if locked and panel is not None:
            for edit in (self.name_edit, self.url_edit):
                edit.setReadOnly(True)
                edit.setToolTip(locked)
            self.locked_notice.setText(locked + "\n" + self.tr(
                "The API key is kept on this computer only: you can enter it here."))
            self.locked_notice.show()
            layout.insertWidget(1, self.locked_notice)
        self.url_edit.textChanged.connect(self._url_changed)
        self.name_edit.textChanged.connect(self._update_buttons)
        self.key_edit.textChanged.connect(self._update_buttons)
        self._url_changed(self.url_edit.text())

    # -- helpers ------------------------------------------------------------------------------
    def _eye_icon(self) -> QIcon:
        icon = QIcon.fromTheme("view-reveal-symbolic")
        if icon.isNull():
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)
        return icon

    def _toggle_key(self, shown: bool) -> None:
        self.key_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self.show_key.setText(self.tr("Hide key") if shown else self.tr("Show key"))

    def url(self) -> str:
        return self.url_edit.text().strip()

    def key(self) -> str:
        return self.key_edit.text().strip()

    def _url_valid(self) -> bool:
        parts = urlsplit(self.url())
        return parts.scheme in {"http", "https"} and bool(parts.netloc)

    def _url_changed(self, _text: str) -> None:
        insecure = urlsplit(self.url()).scheme == "http"
        if insecure != self.http_warning.isVisibleTo(self):
            self.http_warning.setVisible(insecure)
            self.adjustSize()  # the wrapped warning needs its height
        if self._suggested_url and self.url() == self._suggested_url:
            self.use_https_button.hide()
        self._update_buttons()

    def _key_for_test(self) -> str | None:
        return self.key() or None

    def _update_buttons(self) -> None:
        busy = self._test_task is not None
        have_key = bool(self.key()) or self.panel is not None
        self.test_button.setEnabled(self._url_valid() and have_key and not busy)
        self.save_button.setEnabled(
            bool(self.name_edit.text().strip()) and self._url_valid() and have_key
        )

    def _show(self, ok: bool, text: str) -> None:
        self.result_label.setText(text)
        self.result_label.setStyleSheet("color: #1e8449;" if ok else "color: #c0392b;")
        self.testFinished.emit(ok, text)

    # -- test connection ----------------------------------------------------------------------
    def test_connection(self) -> None:
        if self._test_task is not None or not self._url_valid():
            return
        self.use_https_button.hide()
        self.result_label.setStyleSheet("")
        self.result_label.setText(self.tr("Connecting…"))
        key = self._key_for_test()
        if key is None and self.panel is not None:
            if self.url() != self.panel.url:
                self._show(False, self.tr("Type the API key to test the new address."))
                return
            # The stored key and address, through a throwaway client.
            self._test_task = self.runner.submit(
                self.workspace.test_stored_connection,
                self.panel.id,
                timeout=self.test_timeout,
                on_result=self._test_ok,
                on_error=self._test_failed,
                task_name="test_connection",
            )
        else:
            self._test_task = self.runner.submit(
                self.workspace.test_connection,
                self.url(),
                key or "",
                timeout=self.test_timeout,
                on_result=self._test_ok,
                on_error=self._test_failed,
                task_name="test_connection",
            )
        self._update_buttons()

    def _test_ok(self, balance: Balance) -> None:
        self._test_task = None
        self._update_buttons()
        self._show(
            True,
            self.tr("Connected. Balance: %1").replace(
                "%1", format_charge(balance.amount, balance.currency)
            ),
        )

    def _test_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        self._test_task = None
        self._update_buttons()
        log.info("test connection failed: %r", exc)
        if isinstance(exc, BadResponseError) and exc.reason == "redirect":
            # Offered only for https:// on the same host: a redirect elsewhere would send the
            # key to another host if followed.
            suggested = self.workspace.https_upgrade(self.url(), getattr(exc, "location", None))
            if suggested:
                self._suggested_url = suggested
                self.use_https_button.setText(self.tr("Use %1").replace("%1", suggested))
                self.use_https_button.show()
        self._show(False, describe_error(exc, timeout=self.test_timeout))
        if isinstance(exc, NetworkError) and exc.tls and self.url().lower().startswith("https:"):
            self._probe_http()
        self.adjustSize()

    def _probe_http(self) -> None:
        """After a TLS failure: does the same address answer over plain http? Then say so.
        The probe carries a made-up key, never the person's: nothing secret goes out
        unencrypted unless the person chooses the http:// address."""
        self._http_probe = http_version(self.url())
        self.runner.submit(
            self.workspace.test_connection, self._http_probe, HTTP_PROBE_KEY,
            timeout=self.test_timeout,
            on_result=self._http_probe_ok, on_error=self._http_probe_failed,
            task_name="test_connection_http",
        )

    def _http_probe_ok(self, _balance: Balance) -> None:
        self._http_answers()

    def _http_probe_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ApiError):  # the panel answered (and, say, refused the key)
            self._http_answers()

    def _http_answers(self) -> None:
        url = self._http_probe
        if url is None or self.url() != https_version(url):
            return  # the address was changed meanwhile
        self._suggested_url = url
        self.use_https_button.setText(self.tr("Use %1").replace("%1", url))
        self.use_https_button.show()
        self._show(False, self.tr(
            "The secure (https) connection failed, but the address answers over plain "
            "http://: this panel's API does not speak https on that port. Use %1 (not "
            "encrypted) if that is the panel's address.").replace("%1", url))
        self.adjustSize()

    def _use_suggested_url(self) -> None:
        if self._suggested_url:
            self.url_edit.setText(self._suggested_url)
        self.use_https_button.hide()

    # -- save ---------------------------------------------------------------------------------
    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.save_button.setEnabled(False)
        name, url, key = self.name_edit.text().strip(), self.url(), self.key()
        if self.panel is None:
            self.runner.submit(
                self.workspace.add_panel,
                name,
                url,
                key,
                on_result=self._saved,
                on_error=self._save_failed,
                task_name="add_panel",
            )
        else:
            self.runner.submit(
                self.workspace.update_panel,
                self.panel.id,
                name=name,
                url=url,
                key=key or None,
                on_result=self._saved,
                on_error=self._save_failed,
                task_name="update_panel",
            )

    def _saved(self, panel: Panel) -> None:
        self.panel = panel
        self.saved.emit(panel)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._update_buttons()
        log.warning("saving the panel failed: %r", exc)
        if isinstance(exc, PanelAlreadyConnected):
            self._show(False, self.tr("This panel is already connected as “%1”.").replace(
                "%1", exc.existing.name))
            return
        why = describe_error(exc) if isinstance(exc, PanelUrlError) else (
            describe_team_error(exc) or str(exc))
        self._show(False, self.tr("Could not save the panel: %1").replace("%1", why))

    def done(self, result: int) -> None:
        if self._test_task is not None:
            self._test_task.cancel()
            self._test_task = None
        super().done(result)
