"""Where a workspace's shared data lives: the ``store=`` string, ``SMMDESK_STORE`` and ``--store``.

``parse_store(None)`` (or an empty string) is the local SQLite workspace; ``postgresql://…`` (or
``postgres://…``) is a team workspace in PostgreSQL. The address is read by libpq's own parser
(``psycopg.conninfo.conninfo_to_dict``) — the parser that connects with it — never by a second
one, so what is checked is what is used (the rule ``panelurl`` follows for panel URLs).

A password in the address is refused, as a key in a panel URL is: the address is kept in
``settings.ini``, shown in the window, typed on command lines and in shell histories. The password
comes from the OS keyring (``connection.StorePasswords``), ``PGPASSFILE``/``~/.pgpass``, or no
password at all (a Unix-socket peer login, a TLS client certificate). TLS options (``sslmode``,
``sslrootcert``, ``sslcert``, ``sslkey``, ``sslcrl``, …) pass through to libpq unchanged.

Deliberately light: psycopg is imported only when a PostgreSQL address is parsed.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import unquote

__all__ = [
    "ENV_VAR",
    "SCHEMES",
    "StoreLocation",
    "StoreLocationError",
    "add_store_argument",
    "parse_store",
    "resolve_store",
    "store_from_env",
]

ENV_VAR = "SMMDESK_STORE"
SCHEMES = ("postgresql", "postgres")
# Connection keywords that would carry a secret: never in the address.
SECRET_PARAMS = frozenset({"password", "sslpassword"})
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


class StoreLocationError(ValueError):
    """The store address cannot be used (the message says why; it never repeats a password)."""


@dataclass(frozen=True, slots=True)
class StoreLocation:
    """A parsed store address. ``kind == "sqlite"``: the local workspace (``url`` is None);
    ``"postgresql"``: ``params`` are libpq's connection keywords read from ``url``."""

    kind: Literal["sqlite", "postgresql"]
    url: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_team(self) -> bool:
        return self.kind == "postgresql"

    @property
    def user(self) -> str | None:
        return self.params.get("user")

    @property
    def dbname(self) -> str | None:
        return self.params.get("dbname")

    @property
    def host(self) -> str | None:
        """``host`` as libpq reads it: a name, an address, a socket folder (starts with ``/``),
        or several, comma-separated; None: libpq's default (the local socket)."""
        return self.params.get("host")

    @property
    def port(self) -> str | None:
        return self.params.get("port")

    @property
    def over_socket(self) -> bool:
        """True when every host is a Unix-socket folder (or none is given: the local socket)."""
        host = self.host
        return not host or all(h.startswith("/") or h.startswith("@") for h in host.split(","))

    @property
    def sslmode(self) -> str | None:
        return self.params.get("sslmode")

    def keyring_entry(self) -> str:
        """The name its password is kept under in the OS keyring: user, host(s), port(s) and
        database — the same account on the same server is one entry, whatever the TLS options."""
        user = self.user or ""
        host = self.host or ""
        port = f":{self.port}" if self.port else ""
        return f"postgresql://{user}@{host}{port}/{self.dbname or ''}"

    def describe(self) -> str:
        """For people: ``alice@db.example:5432/shop``, with the TLS mode when one is set."""
        text = self.keyring_entry().removeprefix("postgresql://")
        if self.sslmode:
            text += f" (TLS: {self.sslmode})"
        return text


LOCAL = StoreLocation("sqlite")


def _refuse_secrets(text: str) -> None:
    """Refuse a password before anything else reads the address (a parser's error message may
    quote the text it could not read, password included)."""
    rest = text.split("://", 1)[1]
    authority = rest
    for stop in "/?#":
        authority = authority.split(stop, 1)[0]
    if "@" in authority:
        userinfo = authority.rsplit("@", 1)[0]
        if ":" in userinfo:
            raise StoreLocationError(
                "The store address holds a password. Remove it from the address: SMM Desk keeps "
                "the password in the system keyring (it asks for it when it connects), or use a "
                "~/.pgpass file (PGPASSFILE) or a Unix-socket login.")
    query = rest.split("?", 1)[1] if "?" in rest else ""
    for pair in query.split("&"):
        name = unquote(pair.split("=", 1)[0]).strip().lower()
        if name in SECRET_PARAMS:
            raise StoreLocationError(
                f"The store address holds a {name} parameter. Remove it: passwords are kept in "
                f"the system keyring or a ~/.pgpass file (PGPASSFILE), never in the address.")


def parse_store(text: str | None) -> StoreLocation:
    """Read a store address: None or blank is the local SQLite workspace; ``postgresql://…``
    a team workspace. Raises ``StoreLocationError`` with a plain-English reason."""
    if text is None or not text.strip():
        return LOCAL
    text = text.strip()
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    if scheme not in SCHEMES:
        raise StoreLocationError(
            "A team store address starts with postgresql:// (for example "
            "postgresql://alice@db.example/shop?sslmode=verify-full); leave it empty for this "
            "computer's own workspace.")
    _refuse_secrets(text)
    # Deliberately lazy: the driver loads only when a PostgreSQL address is given.
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        params = {k: str(v) for k, v in conninfo_to_dict(text).items() if v is not None}
    except psycopg.Error as e:
        raise StoreLocationError(f"The store address cannot be read: {e}") from None
    if SECRET_PARAMS & params.keys():  # (a spelling the check above did not know)
        raise StoreLocationError("The store address holds a password: remove it.")
    if not params.get("dbname"):
        raise StoreLocationError(
            "The store address names no database: add it after the host, as in "
            "postgresql://alice@db.example/shop.")
    mode = params.get("sslmode")
    if mode is not None and mode not in SSL_MODES:
        raise StoreLocationError(
            f"sslmode={mode} is not a TLS mode PostgreSQL knows (use one of "
            f"{', '.join(SSL_MODES)}; verify-full checks the server's certificate and name).")
    return StoreLocation("postgresql", text, params)


def store_from_env(environ: Mapping[str, str] | None = None) -> StoreLocation | None:
    """The address in ``SMMDESK_STORE``, parsed; None when it is unset or blank."""
    value = (os.environ if environ is None else environ).get(ENV_VAR, "")
    return parse_store(value) if value.strip() else None


def resolve_store(option: str | None, environ: Mapping[str, str] | None = None) -> StoreLocation:
    """What a process opens: ``--store`` when given (``--store ""`` chooses the local
    workspace even when ``SMMDESK_STORE`` is set), else ``SMMDESK_STORE``, else local."""
    if option is not None:
        return parse_store(option)
    return store_from_env(environ) or LOCAL


def _argparse_store(value: str) -> str:
    try:
        parse_store(value)
    except StoreLocationError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    return value


def add_store_argument(parser: argparse.ArgumentParser,
                       flags: Sequence[str] = ("--store",), *, default: object = None) -> None:
    """Add ``--store ADDRESS`` to a command line (app and CLI); ``resolve_store(args.store)``
    then gives the location, ``SMMDESK_STORE`` applying when the option is absent.
    (``default=argparse.SUPPRESS`` on a subcommand's parser, so a value given before the
    command is kept.)"""
    parser.add_argument(
        *flags, dest="store", default=default, type=_argparse_store, metavar="ADDRESS",
        help=f"a team workspace in PostgreSQL, postgresql://user@host/database[?sslmode=…] "
             f"(default: ${ENV_VAR}, else this computer's own workspace); never a password")
