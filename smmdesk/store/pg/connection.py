"""Opening a connection to a team store.

The password, when the server asks for one, comes from (in this order) the OS keyring — entry
``StoreLocation.keyring_entry()`` under the service "SMM Desk team store", set by
``StorePasswords.set`` when the person types it — or libpq itself: ``PGPASSFILE``/``~/.pgpass``,
then no password (a Unix-socket peer login, a TLS client certificate, trust). It is given to
libpq as a keyword, never written into a connection string, a setting or a log line, and it is
registered with ``redact`` like an API key.

Every connection runs with ``search_path = smmdesk, public`` (the team's tables live in the
``smmdesk`` schema) and ``application_name`` "SMM Desk"; ``desk_id`` is set as the
``smmdesk.desk_id`` setting, which the change notifications carry (a desk can tell its own
changes from a colleague's). What the login may not read (a viewer denied prices) reads as NULL
through temporary views (``masks``).
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg

from smmdesk import redact
from smmdesk.secrets import KeyringLockedError, Secrets
from smmdesk.store.errors import StoreConnectError  # (there: the window reads it without psycopg)
from smmdesk.store.pg.location import StoreLocation
from smmdesk.store.pg.masks import mask_hidden_columns

log = logging.getLogger(__name__)

KEYRING_SERVICE = "SMM Desk team store"
SCHEMA = "smmdesk"
SEARCH_PATH = f"{SCHEMA}, public"
DEFAULT_CONNECT_TIMEOUT = 10  # seconds (libpq's default is to wait forever)


class StorePasswords:
    """Team-store passwords in the OS keyring, one entry per (user, server, database)."""

    def __init__(self, secrets: Secrets | None = None) -> None:
        self.secrets = secrets or Secrets(KEYRING_SERVICE, subject="the password of {id}")

    def get(self, location: StoreLocation) -> str | None:
        return self.secrets.get(location.keyring_entry())

    def set(self, location: StoreLocation, password: str) -> None:
        self.secrets.set(location.keyring_entry(), password)

    def remove(self, location: StoreLocation) -> None:
        self.secrets.remove(location.keyring_entry())


def connect(location: StoreLocation, *, passwords: StorePasswords | None = None,
            desk_id: str | None = None, autocommit: bool = False,
            **kwargs: Any) -> psycopg.Connection[Any]:
    """A new connection to the team store at ``location`` (see the module's docstring for the
    password). Raises ``StoreConnectError``."""
    if not location.is_team:
        raise ValueError("connect() opens a team store; the local workspace is SQLite")
    params: dict[str, Any] = dict(location.params)
    params.setdefault("connect_timeout", str(DEFAULT_CONNECT_TIMEOUT))
    params.setdefault("application_name", "SMM Desk")
    locked: KeyringLockedError | None = None
    try:
        password = (passwords or StorePasswords()).get(location)
    except KeyringLockedError as e:
        # a login that needs no password from the keyring (a Unix-socket/peer login, a client
        # certificate, ~/.pgpass) goes on; one that asks for it is told the keyring is locked
        password, locked = None, e
    if password:
        redact.register(password)
        params["password"] = password
    params.update(kwargs)
    try:
        conn = psycopg.connect(autocommit=autocommit, **params)
    except psycopg.OperationalError as e:
        error = _connect_error(location, e)
        if locked is not None and error.needs_password:
            raise locked from None
        raise error from None
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT set_config('search_path', %s, false), "
                        "set_config('smmdesk.desk_id', %s, false)", (SEARCH_PATH, desk_id or ""))
        mask_hidden_columns(conn, SCHEMA)  # a viewer denied prices reads them as NULL
        if not autocommit:
            conn.commit()
    except BaseException:
        conn.close()
        raise
    return conn


def _connect_error(location: StoreLocation, e: psycopg.OperationalError) -> StoreConnectError:
    """A failed login carries no SQLSTATE (libpq reports it as text), so what libpq knows about
    the password decides: none was available (``needs_password``: ask for it), or one was
    used and the connection still failed (``password_tried``: it may be wrong — or the login
    lacks a right; the server's own words say which)."""
    pgconn = getattr(e, "pgconn", None)
    needs = bool(pgconn is not None and pgconn.needs_password)
    tried = bool(pgconn is not None and pgconn.used_password) and not needs
    where = location.describe()
    detail = redact.scrub(str(e).strip())[:300]
    if needs:
        return StoreConnectError(
            f"The team store {where} asks for a password. Enter it once: SMM Desk keeps it in "
            f"the system keyring.", needs_password=True)
    if tried:
        return StoreConnectError(
            f"The team store {where} refused the login with the password kept for it (in the "
            f"keyring or ~/.pgpass). If it was changed, enter it again. The server said: "
            f"{detail}", password_tried=True)
    return StoreConnectError(f"Could not connect to the team store {where}: {detail}")
