"""A team workspace from the command line: ``team push``, ``team add-user``, ``team users``,
``team login`` and ``team logout`` (this desk's password in the system keyring).

These speak to the team store (PostgreSQL) named by ``--store postgresql://…`` or
``SMMDESK_STORE`` — never a password in it: the password comes from the keyring, ``PGPASSFILE``
or a Unix-socket/peer login (``smmdesk.store.pg.connection``). ``team push`` reads this desk's
data folder's workspace file (read-only, kept as it was) and copies it into an empty team
database, creating the team's schema there first when the login may. psycopg is loaded only when
one of these commands runs.

Exit codes as every command's (``commands.EXIT_CODES``), and ``DENIED`` (5) when the database
refused the connected login the right (only an admin may add or list team members).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from smmdesk.cli.commands import DENIED, FAILURE, OK, USAGE, CliError
from smmdesk.cli.output import Output, when
from smmdesk.store.pg.location import StoreLocation, StoreLocationError, resolve_store

__all__ = ["TEAM_COMMANDS", "add_team_parsers", "run_team"]


def add_team_parsers(command: Callable[..., argparse.ArgumentParser],
                     sub: argparse._SubParsersAction) -> None:
    team = command("team", "a team workspace in PostgreSQL: push this workspace into it, add "
                   "and list its members (see team --help)")
    tsub = team.add_subparsers(dest="team_command", metavar="ACTION",
                               parser_class=type(team))

    # --store ADDRESS (default: $SMMDESK_STORE) is every command's option (cli._common).
    command("push", "copy this workspace (panels without their keys, services, orders and "
            "their events, schedules, rules, customers, the watch) into an EMPTY team "
            "database, verified by counts and a hash of every order; the local file is kept "
            "as it was", tsub)
    add = command("add-user", "add a member to the team (run by a team admin); with no "
                  "password option the login has none (a Unix-socket peer login or a TLS "
                  "certificate, or one set later with psql's \\password)", tsub)
    add.add_argument("name", metavar="NAME", help="the login name (lower-case)")
    add.add_argument("--role", required=True, choices=("admin", "operator", "viewer"),
                     help="admin: panels, rules, customers, the team; operator: place, "
                          "refill, cancel, own schedules; viewer: reads")
    pw = add.add_mutually_exclusive_group()
    pw.add_argument("--password-stdin", action="store_true",
                    help="read the new login's password from the first line of standard input")
    pw.add_argument("--generate-password", action="store_true",
                    help="make a password and print it once on standard output")
    command("users", "list the team's members, their roles and when a desk of theirs was "
            "last seen (run by a team admin)", tsub)
    command("login", "keep this desk's password for the team store in the system keyring "
            "(asked for, or the first line of standard input), after checking that the "
            "server accepts it", tsub)
    command("logout", "forget this desk's password for the team store (the keyring entry)",
            tsub)


def _location(args: argparse.Namespace) -> StoreLocation:
    try:
        location = resolve_store(args.store)
    except StoreLocationError as e:
        raise CliError(str(e), USAGE) from None
    if not location.is_team:
        raise CliError("no team store given: use --store postgresql://user@host/database "
                       "or set SMMDESK_STORE", USAGE)
    return location


def _connect(location: StoreLocation) -> Any:
    from smmdesk.store.pg.connection import StoreConnectError, connect  # deliberately lazy

    try:
        return connect(location)
    except StoreConnectError as e:
        raise CliError(str(e), FAILURE) from None


def run_push(out: Output, data_dir: Path, args: argparse.Namespace, stdin: Any) -> int:
    from smmdesk.store import DB_NAME  # deliberately lazy: only a team command needs these
    from smmdesk.store.pg import push, schema  # deliberately lazy (as above)

    location = _location(args)
    path = data_dir / DB_NAME
    if not path.is_file():
        raise CliError(f"there is no workspace in {data_dir} to push", FAILURE)
    with _connect(location) as conn:
        try:
            if schema.schema_exists(conn):
                schema.migrate(conn)
            else:
                out.message(f"creating the team's schema in {location.describe()}…")
                schema.create_schema(conn)
            report = push.push(path, conn)
        except (push.PushError, schema.SchemaError) as e:
            raise CliError(str(e), FAILURE) from None
    if out.json:
        out.record({"store": location.describe(), "counts": report.counts,
                    "orders_sha256": report.orders_digest})
    else:
        out.table(("TABLE", "ROWS"), [(t, n) for t, n in report.counts.items()])
        out.line(f"orders sha256: {report.orders_digest}")
    out.message(f"pushed {report.counts.get('orders', 0)} orders into {location.describe()}, "
                f"verified; {path} is kept as it was")
    return OK


def run_add_user(out: Output, data_dir: Path, args: argparse.Namespace, stdin: Any) -> int:
    from smmdesk.team import users  # deliberately lazy: loads psycopg

    location = _location(args)
    password = None
    if args.password_stdin:
        password = (stdin.readline() or "").rstrip("\r\n")
        if not password:
            raise CliError("no password on standard input", USAGE)
    elif args.generate_password:
        password = users.generate_password()
    with _connect(location) as conn:
        try:
            user = users.team_add_user(conn, args.name, args.role, password)
        except users.TeamError as e:
            raise CliError(str(e), DENIED if e.refused else USAGE) from None
    record: dict[str, Any] = {"name": user.name, "role": user.role.value,
                              "can_login": user.can_login}
    if args.generate_password:
        record["password"] = password
    if out.json:
        out.record(record)
    else:
        out.line(f"{user.name} is now a team {user.role.value}")
        if args.generate_password:
            out.line(f"password (shown once; hand it over privately): {password}")
    return OK


def run_users(out: Output, data_dir: Path, args: argparse.Namespace, stdin: Any) -> int:
    from smmdesk.store.pg.schema import SchemaError  # deliberately lazy: loads psycopg
    from smmdesk.team import users  # deliberately lazy (as above)

    location = _location(args)
    with _connect(location) as conn:
        try:
            members = users.team_users(conn)
        except users.TeamError as e:
            raise CliError(str(e), DENIED if e.refused else FAILURE) from None
        except SchemaError as e:
            raise CliError(str(e), FAILURE) from None
    if out.json:
        out.records({"name": u.name, "role": u.role.value, "can_login": u.can_login,
                     "last_seen": when(u.last_seen)} for u in members)
    else:
        out.table(("NAME", "ROLE", "LOGIN", "LAST SEEN"),
                  [(u.name, u.role.value, "yes" if u.can_login else "no",
                    when(u.last_seen) or "") for u in members])
    return OK


def run_login(out: Output, data_dir: Path, args: argparse.Namespace, stdin: Any) -> int:
    from smmdesk import redact  # deliberately lazy: only a team command needs these
    from smmdesk.store.pg.connection import StorePasswords  # deliberately lazy (as above)

    location = _location(args)
    passwords = StorePasswords()
    if not passwords.secrets.available:
        raise CliError("there is no system keyring on this computer to keep the password in: "
                       "use a password file instead (~/.pgpass or PGPASSFILE, mode 0600)",
                       FAILURE)
    if stdin is not None and getattr(stdin, "isatty", lambda: False)():
        import getpass  # deliberately lazy: only an interactive login asks

        password = getpass.getpass(f"Password of {location.describe()}: ")
    else:
        password = (stdin.readline() if stdin is not None else "").rstrip("\r\n")
    if not password:
        raise CliError("no password given", USAGE)
    redact.register(password)
    with _connect_with(location, password) as conn:
        conn.execute("SELECT 1")
    passwords.set(location, password)
    out.message(f"the password of {location.describe()} is kept in the system keyring; "
                "this desk connects with it from now on")
    return OK


def _connect_with(location: StoreLocation, password: str) -> Any:
    from smmdesk.store.pg.connection import StoreConnectError, connect  # deliberately lazy

    try:
        return connect(location, password=password)
    except StoreConnectError as e:
        raise CliError(f"{e}; the password was not kept", FAILURE) from None


def run_logout(out: Output, data_dir: Path, args: argparse.Namespace, stdin: Any) -> int:
    from smmdesk.store.pg.connection import StorePasswords  # deliberately lazy

    location = _location(args)
    StorePasswords().remove(location)
    out.message(f"the password of {location.describe()} is no longer kept on this computer")
    return OK


_RUNS: dict[str, Callable[[Output, Path, argparse.Namespace, Any], int]] = {
    "team push": run_push,
    "team add-user": run_add_user,
    "team users": run_users,
    "team login": run_login,
    "team logout": run_logout,
}


def run_team(key: str, out: Output, data_dir: Path, args: argparse.Namespace,
             stdin: Any) -> int:
    """Run the team command ``key``; the database's own refusals and failures (the server went
    away, a statement refused) end it with their words and exit code, never a traceback."""
    import psycopg  # deliberately lazy: only a team command loads the driver

    from smmdesk import redact  # deliberately lazy (as above)

    try:
        return _RUNS[key](out, data_dir, args, stdin)
    except psycopg.errors.InsufficientPrivilege as e:
        raise CliError(f"the team store refused: {e.diag.message_primary or e}", DENIED) from None
    except psycopg.Error as e:
        raise CliError(f"the team store: {redact.scrub(str(e).strip())[:300]}", FAILURE) from None


TEAM_COMMANDS = frozenset(_RUNS)
