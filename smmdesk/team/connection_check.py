"""Settings → Team workspace, its Qt-free half: an address put together from what a person
types (the address, the TLS mode, the root certificate), a connection test with a typed outcome,
and the login's password in the OS keyring (``StorePasswords``), never in ``settings.ini``.

``check_team_store(address)`` connects once, reads whether the database holds the team and which
role the login has, and answers a ``TeamCheck`` (``kind`` says what happened, for the window to
word in the person's language; ``detail`` holds the server's own words). It blocks on the
network: the window calls it on a worker.

Light at import: psycopg is loaded only when a check runs (``location.parse_store`` loads it for
a PostgreSQL address; the connection's modules are imported inside the function).
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from smmdesk.store.pg.location import SSL_MODES, StoreLocationError, parse_store

__all__ = [
    "CHECK_TIMEOUT",
    "SSL_MODES",
    "CheckKind",
    "TeamCheck",
    "check_team_store",
    "compose_address",
    "forget_password",
    "has_password",
    "remember_password",
    "split_address",
]

log = logging.getLogger(__name__)

CHECK_TIMEOUT = 10  # seconds the test waits for the server (libpq's connect_timeout)
# The TLS settings the page edits; every other parameter of the address is kept as typed.
TLS_PARAMS = ("sslmode", "sslrootcert")


class CheckKind(enum.Enum):
    OK = "ok"  # connected; the team is there; ``role`` says what the login may do
    BAD_ADDRESS = "bad_address"  # the address cannot be used (``detail``: why)
    NEEDS_PASSWORD = "needs_password"  # the server asks for a password and none is known
    PASSWORD_WRONG = "password_wrong"  # a password was tried and the login was refused
    UNREACHABLE = "unreachable"  # no server answered (or TLS failed): ``detail``
    NO_SCHEMA = "no_schema"  # connected, but the database holds no SMM Desk team
    NEWER_SCHEMA = "newer_schema"  # the team was made by a newer SMM Desk
    NOT_A_MEMBER = "not_a_member"  # connected, the team is there, the login is not in it


@dataclass(frozen=True, slots=True)
class TeamCheck:
    """What a connection test found. ``where``: the address for people (no password)."""

    kind: CheckKind
    where: str = ""
    role: str | None = None  # "admin", "operator", "viewer" (OK only)
    login: str | None = None  # the login the server saw (OK, NOT_A_MEMBER)
    detail: str = ""  # the server's or the parser's own words (English), may be empty

    @property
    def ok(self) -> bool:
        return self.kind is CheckKind.OK


def split_address(address: str | None) -> tuple[str, str, str]:
    """``(base, sslmode, sslrootcert)`` of an address: the TLS settings the page shows in their
    own fields, the rest as typed. Blank: ``("", "", "")``."""
    text = (address or "").strip()
    if not text:
        return "", "", ""
    base, _, query = text.partition("?")
    kept: list[tuple[str, str]] = []
    mode = cert = ""
    for name, value in parse_qsl(query, keep_blank_values=True):
        if name == "sslmode":
            mode = value
        elif name == "sslrootcert":
            cert = value
        else:
            kept.append((name, value))
    if kept:
        base += "?" + urlencode(kept, quote_via=quote, safe="/")
    return base, mode, cert


def compose_address(base: str, sslmode: str = "", sslrootcert: str = "") -> str:
    """The address to keep: ``base`` (``postgresql://user@host/db``, maybe with parameters of
    its own) with the TLS mode and root certificate file set (replacing any in ``base``).
    Checked with ``parse_store`` (``StoreLocationError``: why it cannot be used). Blank
    ``base``: "" (the local workspace)."""
    base = base.strip()
    if not base:
        return ""
    plain, _mode, _cert = split_address(base)  # the fields win: the page shows them apart
    extra = [(k, v.strip()) for k, v in (("sslmode", sslmode), ("sslrootcert", sslrootcert))
             if v.strip()]
    if extra:
        joiner = "&" if "?" in plain else "?"
        plain += joiner + urlencode(extra, quote_via=quote, safe="/")
    parse_store(plain)  # refuses a password, an unknown sslmode, no database
    return plain


def check_team_store(address: str, password: str | None = None, *,
                     timeout: int = CHECK_TIMEOUT) -> TeamCheck:
    """Connect to the team store at ``address`` once and say what was found. ``password``: the
    one the person just typed (tried as given, not kept); None: the keyring's, ``~/.pgpass``
    or none, as the app would. Never raises for what a person can fix (the outcome says it)."""
    try:
        location = parse_store(address)
    except StoreLocationError as e:
        return TeamCheck(CheckKind.BAD_ADDRESS, detail=str(e))
    if not location.is_team:
        return TeamCheck(CheckKind.BAD_ADDRESS, detail="no address")
    # Deliberately lazy: psycopg and the team schema load only when a check runs.
    import psycopg

    from smmdesk import redact
    from smmdesk.store.pg import schema
    from smmdesk.store.pg.connection import StoreConnectError, connect

    where = location.describe()
    extra: dict[str, Any] = {"connect_timeout": str(timeout)}
    if password:
        redact.register(password)
        extra["password"] = password
    try:
        conn = connect(location, **extra)
    except StoreConnectError as e:
        if e.needs_password:
            return TeamCheck(CheckKind.NEEDS_PASSWORD, where)
        if e.password_tried:
            return TeamCheck(CheckKind.PASSWORD_WRONG, where, detail=_server_words(str(e), where))
        return TeamCheck(CheckKind.UNREACHABLE, where, detail=_server_words(str(e), where))
    login: str | None = None
    try:
        with conn.transaction():
            login = conn.execute("SELECT session_user::text").fetchone()[0]  # type: ignore[index]
        if not schema.schema_exists(conn):
            return TeamCheck(CheckKind.NO_SCHEMA, where, login=login)
        found = schema.schema_version(conn)
        if found > schema.SCHEMA_VERSION:
            return TeamCheck(CheckKind.NEWER_SCHEMA, where, login=login,
                             detail=f"{found} > {schema.SCHEMA_VERSION}")
        try:
            team = schema.team_of(conn)
        except schema.SchemaError:
            return TeamCheck(CheckKind.NO_SCHEMA, where, login=login)
        with conn.transaction():
            row = conn.execute(
                "SELECT rolsuper, pg_has_role(session_user, %s, 'MEMBER'), "
                "pg_has_role(session_user, %s, 'MEMBER'), pg_has_role(session_user, %s, 'MEMBER') "
                "FROM pg_roles WHERE rolname = session_user",
                (team.admin, team.operator, team.viewer)).fetchone()
        assert row is not None
        is_super, admin, operator, viewer = (bool(v) for v in row)
        role = ("admin" if is_super or admin else "operator" if operator
                else "viewer" if viewer else None)
        if role is None:
            return TeamCheck(CheckKind.NOT_A_MEMBER, where, login=login)
        return TeamCheck(CheckKind.OK, where, role=role, login=login)
    except psycopg.errors.InsufficientPrivilege:  # the team's tables are not this login's
        return TeamCheck(CheckKind.NOT_A_MEMBER, where, login=login)
    except psycopg.OperationalError as e:  # the server went away during the test
        return TeamCheck(CheckKind.UNREACHABLE, where, detail=_server_words(str(e), where))
    finally:
        conn.close()


def _server_words(message: str, where: str) -> str:
    """The part of a connection error that is the server's or libpq's own words."""
    if "The server said: " in message:
        return message.split("The server said: ", 1)[1].strip()
    return message.removeprefix(f"Could not connect to the team store {where}: ").strip()


# -- the password (OS keyring) -------------------------------------------------------------------

def remember_password(address: str, password: str) -> None:
    """Keep the login's password in the OS keyring (entry per user, server and database);
    raises ``SecretsError`` when the keyring cannot be used."""
    from smmdesk.store.pg.connection import StorePasswords  # deliberately lazy (psycopg)

    StorePasswords().set(parse_store(address), password)


def forget_password(address: str) -> None:
    from smmdesk.store.pg.connection import StorePasswords  # deliberately lazy (psycopg)

    StorePasswords().remove(parse_store(address))


def has_password(address: str) -> bool:
    """Whether the keyring holds a password for this address's login."""
    from smmdesk.store.pg.connection import StorePasswords  # deliberately lazy (psycopg)

    return bool(StorePasswords().get(parse_store(address)))
