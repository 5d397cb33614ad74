"""The ``Workspace``'s doors to its team store (issue 28): creating the team's schema, its
members, whether the server answers. A local workspace has none of these (``ValueError``).

Qt-free and light: ``smmdesk.team.users`` (which loads psycopg) is imported only when a door is
used, on a team workspace.
"""

from __future__ import annotations

from typing import Any

__all__ = ["TeamDoors"]


class TeamDoors:
    """Mixed into ``Workspace``, which holds its ``TeamStore`` as ``_team_store`` (None for a
    local workspace)."""

    _team_store: Any

    def _team_only(self, what: str) -> Any:
        if self._team_store is None:
            raise ValueError(f"{what} is for a team workspace (PostgreSQL); this one is local")
        return self._team_store

    def create_schema(self) -> None:
        """Create the team's tables, roles and rights, or migrate them to this version (the
        database's owner or an admin; idempotent)."""
        self._team_only("create_schema").create_schema()

    def team_add_user(self, name: str, role: str, password: str | None = None) -> Any:
        """Add the login ``name`` to the team as ``role`` (admin, operator, viewer): admins
        only (``smmdesk.team.users.team_add_user``)."""
        store = self._team_only("team_add_user")
        from smmdesk.team.users import team_add_user  # deliberately lazy: PostgreSQL only

        with store.db.session() as conn:
            return team_add_user(conn, name, role, password)

    def team_users(self) -> list[Any]:
        """The team's members with their roles (admins only)."""
        store = self._team_only("team_users")
        from smmdesk.team.users import team_users  # deliberately lazy: PostgreSQL only

        with store.db.session() as conn:
            return team_users(conn)

    def team_me(self) -> Any:
        """This desk's login: its name, role and whether it may read prices (a ``TeamMe``);
        any member may ask (``smmdesk.team.users.team_me``)."""
        store = self._team_only("team_me")
        from smmdesk.team.users import team_me  # deliberately lazy: PostgreSQL only

        with store.db.session() as conn:
            return team_me(conn)

    def team_reachable(self) -> bool:
        """Whether the team store answers now (it connects again when it was lost); always
        True for a local workspace."""
        return self._team_store is None or bool(self._team_store.db.reconnect())
