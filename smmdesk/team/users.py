"""The team's logins: ``team_add_user`` and ``team_users`` (run by a team admin).

A member is a PostgreSQL login that is a member of one of the team's three group roles
(``schema.Team``): admin, operator or viewer. Adding one goes through the database function
``smmdesk.team_add_user`` (owned by the role that created the team, the one allowed to create
roles; only an admin may call it), so an admin needs no CREATEROLE of its own.

A password never travels as text: the client computes its SCRAM-SHA-256 verifier
(libpq's ``PQencryptPasswordConn``) and the server stores that, so the password is in no
statement, server log or ``pg_stat_activity``. ``password=None`` adds a login without one (a
Unix-socket peer login, a TLS certificate, or a password the person sets later with
``\\password`` in psql).
"""

from __future__ import annotations

import enum
import re
import secrets as random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

from smmdesk.store.pg.schema import team_of

__all__ = [
    "LOGIN_NAME",
    "TeamError",
    "TeamMe",
    "TeamRole",
    "TeamUser",
    "generate_password",
    "team_add_user",
    "team_me",
    "team_users",
]

LOGIN_NAME = re.compile(r"[a-z_][a-z0-9_.@-]{0,62}")


class TeamRole(enum.StrEnum):
    ADMIN = "admin"  # panels, price rules, customers, everyone's schedules, the team
    OPERATOR = "operator"  # place, refill, cancel, own schedules; sees costs
    VIEWER = "viewer"  # reads orders (prices only if the admin allows)


class TeamError(Exception):
    """The team could not be changed or read (plain English). ``refused``: the database said
    the connected login may not do it."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused


@dataclass(frozen=True, slots=True)
class TeamUser:
    name: str
    role: TeamRole
    can_login: bool
    last_seen: datetime | None  # the latest heartbeat of any of its desks (server clock)


def generate_password() -> str:
    """A password to hand to a new member (24 characters, letters and digits)."""
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(random.choice(alphabet) for _ in range(24))


def team_add_user(conn: psycopg.Connection[Any], name: str, role: TeamRole | str,
                  password: str | None = None) -> TeamUser:
    """Add the login ``name`` to the team as ``role``. An existing plain login (one made by
    the server's administrator) is added as it is, and then ``password`` must be None: this
    never changes a password it did not set."""
    if not LOGIN_NAME.fullmatch(name) or name.startswith(("pg_", "smmdesk_")):
        raise TeamError(
            f"{name!r} cannot be a login name: use lower-case letters, digits and _ . @ - "
            f"(up to 63, starting with a letter or _; not pg_… or smmdesk_…).")
    try:
        team_role = TeamRole(role)
    except ValueError:
        raise TeamError(f"{role!r} is not a team role (admin, operator or viewer).") from None
    verifier = None
    if password is not None:
        if not password:
            raise TeamError("An empty password cannot be set: leave it out for a login "
                            "without one.")
        verifier = conn.pgconn.encrypt_password(
            password.encode(), name.encode(), b"scram-sha-256").decode()
    try:
        with conn.transaction():
            conn.execute("SELECT smmdesk.team_add_user(%s, %s, %s)",
                         (name, team_role.value, verifier))
    except psycopg.errors.InsufficientPrivilege:
        raise TeamError("Only a team admin may add team members.", refused=True) from None
    except (psycopg.errors.DuplicateObject, psycopg.errors.InvalidParameterValue) as e:
        raise TeamError(_first_line(e)) from None
    return next(u for u in team_users(conn) if u.name == name)


def team_users(conn: psycopg.Connection[Any]) -> list[TeamUser]:
    """Every member of the team with its role, by name (admins only)."""
    team_of(conn)  # a clear error when this is no team database
    try:
        with conn.transaction():
            rows = conn.execute(
                "SELECT login, team_role, can_login, last_seen FROM smmdesk.team_users()"
            ).fetchall()
    except psycopg.errors.InsufficientPrivilege:
        raise TeamError("Only a team admin may list the team.", refused=True) from None
    return [TeamUser(r[0], TeamRole(r[1]), bool(r[2]), r[3]) for r in rows]


@dataclass(frozen=True)
class TeamMe:
    """The connected login: its name, its role in the team (None: not a member), and whether
    it may read prices (a viewer, when the admin took them away: ``set_viewer_prices``)."""

    login: str
    role: TeamRole | None
    sees_prices: bool = True


def team_me(conn: psycopg.Connection[Any]) -> TeamMe:
    """The connected login as the team knows it (any member may ask; a superuser is an
    admin)."""
    team = team_of(conn)
    with conn.transaction():
        row = conn.execute(
            "SELECT session_user::text, rolsuper, pg_has_role(session_user, %s, 'MEMBER'), "
            "pg_has_role(session_user, %s, 'MEMBER'), pg_has_role(session_user, %s, 'MEMBER'), "
            "has_column_privilege(session_user, 'smmdesk.orders', 'charge', 'SELECT') "
            "FROM pg_roles WHERE rolname = session_user",
            (team.admin, team.operator, team.viewer)).fetchone()
    assert row is not None
    login, is_super, admin, operator, viewer, prices = row
    role = (TeamRole.ADMIN if is_super or admin else TeamRole.OPERATOR if operator
            else TeamRole.VIEWER if viewer else None)
    return TeamMe(str(login), role, bool(prices))


def _first_line(e: psycopg.Error) -> str:
    diag = e.diag.message_primary
    return diag or str(e).splitlines()[0]
