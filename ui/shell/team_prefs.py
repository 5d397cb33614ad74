"""Preferences → Team workspace: where a team's shared workspace lives (a PostgreSQL address
with its TLS settings), the login's password (kept in the OS keyring, never in settings.ini), a
connection test, and which workspace SMM Desk opens at its next start.

The test and the keyring run on workers (``smmdesk.team.connection_check``): the GUI thread
never waits on the network or the keyring. The choice is the address in ``settings.ini``
(``options.TEAM_STORE``); ``--store`` and ``SMMDESK_STORE`` still win over it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smmdesk import options
from smmdesk.store.pg.location import SSL_MODES, StoreLocationError
from smmdesk.team.connection_check import (
    CheckKind,
    TeamCheck,
    check_team_store,
    compose_address,
    has_password,
    remember_password,
    split_address,
)

if TYPE_CHECKING:
    from ui.settings import Settings
    from ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)

__all__ = ["TeamWorkspacePage"]


class TeamWorkspacePage(QWidget):
    """The Team workspace section of Preferences. ``current``: the address this window runs
    on (None: the local workspace)."""

    def __init__(self, settings: Settings, runner: TaskRunner, current: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("team_workspace_page")
        self.settings = settings
        self.runner = runner
        self.current = current
        self.test_task: Task[TeamCheck] | None = None
        self.last_check: TeamCheck | None = None

        self.now_label = QLabel(objectName="team_now")
        self.now_label.setWordWrap(True)
        self.address = QLineEdit(objectName="team_address")
        self.address.setPlaceholderText("postgresql://alice@db.example/shop")
        self.address.setToolTip(self.tr(
            "The team's PostgreSQL database: postgresql://login@server/database (never a "
            "password: it is kept in the system keyring)"))
        self.sslmode = QComboBox(objectName="team_sslmode")
        self.sslmode.addItem(self.tr("Not set (PostgreSQL's default: prefer)"), "")
        for mode in SSL_MODES:
            self.sslmode.addItem(mode, mode)
        self.sslmode.setToolTip(self.tr(
            "verify-full checks the server's certificate and name: use it over the internet"))
        self.rootcert = QLineEdit(objectName="team_rootcert")
        self.rootcert.setPlaceholderText(self.tr("The system's certificates"))
        self.rootcert.setAccessibleName(self.tr("Root certificate"))  # (its row holds two)
        self.browse = QPushButton(self.tr("Choose…"), objectName="team_rootcert_browse")
        self.browse.clicked.connect(self._choose_rootcert)
        cert_row = QHBoxLayout()
        cert_row.setContentsMargins(0, 0, 0, 0)
        cert_row.addWidget(self.rootcert, 1)
        cert_row.addWidget(self.browse)
        self.password = QLineEdit(objectName="team_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Kept in the system keyring"))
        self.test_button = QPushButton(self.tr("Test connection"), objectName="team_test")
        self.test_button.clicked.connect(self.test)
        self.result = QLabel(objectName="team_result")
        self.result.setWordWrap(True)
        self.use_button = QPushButton(self.tr("Use this team workspace"), objectName="team_use")
        self.use_button.clicked.connect(self.use_team)
        self.local_button = QPushButton(self.tr("Use the local workspace"),
                                        objectName="team_use_local")
        self.local_button.clicked.connect(self.use_local)
        self.note = QLabel(objectName="team_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(placeholder-text);")

        form = QFormLayout()
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("TLS mode"), self.sslmode)
        form.addRow(self.tr("Root certificate"), cert_row)
        form.addRow(self.tr("Password"), self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.local_button)
        buttons.addWidget(self.use_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.now_label)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        layout.addWidget(self.note)

        chosen = settings[options.TEAM_STORE] or current or ""
        base, mode, cert = split_address(chosen)
        self.address.setText(base)
        self.sslmode.setCurrentIndex(max(self.sslmode.findData(mode), 0))
        self.rootcert.setText(cert)
        self._show_now()
        if chosen:
            self.runner.submit(has_password, chosen, on_result=self._password_known,
                               on_error=self._password_unknown, quiet=True,
                               task_name="team_password_known")

    # -- what is shown -----------------------------------------------------------------------
    def _show_now(self) -> None:
        if self.current:
            text = self.tr("This window uses the team workspace %1.").replace(
                "%1", self._describe(self.current))
        else:
            text = self.tr("This window uses this computer's own workspace.")
        chosen = self.settings[options.TEAM_STORE]
        if (chosen or None) != (self.current or None):
            text += " " + (self.tr("At the next start: the team workspace %1.").replace(
                "%1", self._describe(chosen)) if chosen else self.tr(
                "At the next start: this computer's own workspace."))
        self.now_label.setText(text)

    @staticmethod
    def _describe(address: str) -> str:
        # Deliberately lazy: the address parser loads psycopg (a team address only).
        from smmdesk.store.pg.location import parse_store

        try:
            return parse_store(address).describe()
        except StoreLocationError:
            return address

    def _password_known(self, known: bool) -> None:
        if known and not self.password.text():
            self.password.setPlaceholderText(self.tr(
                "A password is kept in the system keyring (type a new one to replace it)"))

    def _password_unknown(self, exc: BaseException) -> None:
        log.info("the keyring could not be read for the team password: %r", exc)

    def _choose_rootcert(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("The team server's root certificate"), self.rootcert.text(),
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"))
        if path:
            self.rootcert.setText(path)

    def address_text(self) -> str:
        """The address put together from the fields (``StoreLocationError``: why not)."""
        return compose_address(self.address.text(), str(self.sslmode.currentData() or ""),
                               self.rootcert.text())

    def _address_or_say(self) -> str | None:
        try:
            address = self.address_text()
        except StoreLocationError as e:
            self._say(self.tr("This address cannot be used: %1").replace("%1", str(e)), "bad")
            return None
        if not address:
            self._say(self.tr("Type the team's address first, for example "
                              "postgresql://alice@db.example/shop."), "bad")
            return None
        return address

    def _say(self, text: str, tone: str = "") -> None:
        colour = {"ok": "#1e7e34", "bad": "#b02a37"}.get(tone, "palette(text)")
        self.result.setStyleSheet(f"color: {colour};")
        self.result.setText(text)

    # -- the test ------------------------------------------------------------------------------
    def test(self) -> Task[TeamCheck] | None:
        """Connect once on a worker; the result line says what was found."""
        address = self._address_or_say()
        if address is None:
            return None
        self.test_button.setEnabled(False)
        self._say(self.tr("Connecting to %1…").replace("%1", self._describe(address)))
        typed = self.password.text() or None
        self.test_task = self.runner.submit(
            check_team_store, address, typed, on_result=self._tested,
            on_error=self._test_failed, task_name="team_check")
        return self.test_task

    def _tested(self, check: TeamCheck) -> None:
        self.test_task = None
        self.test_button.setEnabled(True)
        self.last_check = check
        self._say(self.outcome_text(check), "ok" if check.ok else "bad")
        typed = self.password.text()
        if check.ok and typed:
            self._keep_password(self.address_text(), typed)

    def _test_failed(self, exc: BaseException) -> None:
        self.test_task = None
        self.test_button.setEnabled(True)
        log.warning("team connection test failed: %r", exc)
        self._say(self.tr("The test failed: %1").replace("%1", str(exc)), "bad")

    def outcome_text(self, check: TeamCheck) -> str:
        """What a test found, for people (every outcome its own sentence)."""
        kind, where = check.kind, check.where
        login = check.login or ""
        if kind is CheckKind.OK:
            text = {
                "admin": self.tr("Connected: %1 is an admin of this team (panels, prices, "
                                 "customers, members)."),
                "operator": self.tr("Connected: %1 is an operator of this team (places, "
                                    "refills and cancels orders)."),
                "viewer": self.tr("Connected: %1 is a viewer of this team (reads orders, "
                                  "places nothing)."),
            }.get(check.role or "", self.tr("Connected as %1."))
            return text.replace("%1", login)
        if kind is CheckKind.NEEDS_PASSWORD:
            return self.tr("The server asks for the password of %1. Type it in Password and "
                           "test again: it is kept in the system keyring.").replace("%1", where)
        if kind is CheckKind.PASSWORD_WRONG:
            return self.tr("The server refused the password of %1. Check it (it may have been "
                           "changed) and type it again.").replace("%1", where)
        if kind is CheckKind.UNREACHABLE:
            return (self.tr("The team server cannot be reached at %1. Check the address, the "
                            "network and the TLS settings.").replace("%1", where)
                    + (f"\n{check.detail}" if check.detail else ""))
        if kind is CheckKind.NO_SCHEMA:
            return self.tr("Connected, but %1 holds no SMM Desk team yet: the team's admin "
                           "creates it (smm-desk-cli team push).").replace("%1", where)
        if kind is CheckKind.NEWER_SCHEMA:
            return self.tr("The team at %1 was set up by a newer SMM Desk: update SMM Desk on "
                           "this computer first.").replace("%1", where)
        if kind is CheckKind.NOT_A_MEMBER:
            return self.tr("Connected as %1, but this login is not a member of the team: ask "
                           "the team's admin to add it (smm-desk-cli team add-user).").replace(
                "%1", login)
        return self.tr("This address cannot be used: %1").replace("%1", check.detail)

    # -- the choice ----------------------------------------------------------------------------
    def _keep_password(self, address: str, password: str) -> None:
        self.runner.submit(remember_password, address, password,
                           on_result=self._password_kept,
                           on_error=self._password_not_kept, task_name="team_password")

    def _password_kept(self, _result: object = None) -> None:
        self.password.clear()
        self.password.setPlaceholderText(self.tr(
            "A password is kept in the system keyring (type a new one to replace it)"))

    def _password_not_kept(self, exc: BaseException) -> None:
        log.warning("team password not kept: %r", exc)
        self.note.setText(self.tr("The password could not be kept in the system keyring: %1")
                          .replace("%1", str(exc)))

    def use_team(self) -> str | None:
        """Keep this address as the workspace of the next start (the password, when typed,
        in the keyring)."""
        address = self._address_or_say()
        if address is None:
            return None
        typed = self.password.text()
        if typed:
            self._keep_password(address, typed)
        self.settings[options.TEAM_STORE] = address
        self.settings.sync()
        self._show_now()
        self.note.setText(self._applies_text(address))
        return address

    def use_local(self) -> None:
        self.settings[options.TEAM_STORE] = ""
        self.settings.sync()
        self._show_now()
        self.note.setText(self._applies_text(None))

    def _applies_text(self, address: str | None) -> str:
        if (address or None) == (self.current or None):
            return self.tr("This is the workspace this window already uses.")
        if address:
            return self.tr("SMM Desk opens the team workspace %1 the next time it starts "
                           "(unless --store or SMMDESK_STORE says otherwise).").replace(
                "%1", self._describe(address))
        return self.tr("SMM Desk opens this computer's own workspace the next time it starts "
                       "(unless --store or SMMDESK_STORE says otherwise).")
