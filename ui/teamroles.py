"""Who may do what on a team workspace, as the window says it (issue 28 §4). The database
enforces the roles (``docs/dev/team-store.md`` → Roles); the window turns off what the login may
not do, with the reason as the control's tip, so the person is not sent into a refusal:

* a *viewer*'s desk places, refills, cancels, schedules and edits panels not at all
  (``view_only``);
* an *operator* may not resume, edit or delete a colleague's schedule (``schedule_lock``): only
  its creator or an admin may; pausing and running it are every desk's;
* an *operator* may not add, rename, readdress or remove a panel (``panel_lock``): only an
  admin may; the API key is each desk's own (its keyring), so it may enter that.

``me`` is the desk's login as the session read it (``SessionModel.team_me``: a
``smmdesk.team.users.TeamMe``; None on a local workspace or before the first read).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

__all__ = ["is_viewer", "panel_lock", "schedule_lock", "view_only"]


def is_viewer(me: Any) -> bool:
    return me is not None and getattr(me, "role", None) == "viewer"


def view_only(me: Any) -> str:
    """Why nothing may be changed from this desk ("": the login may)."""
    if not is_viewer(me):
        return ""
    return QCoreApplication.translate("TeamRoles", "Your login can only view this team workspace")


def panel_lock(me: Any) -> str:
    """Why this desk may not add, rename, readdress or remove a panel ("": it may — an admin's
    desk, a local workspace). The database lets an operator write a panel's row only where
    syncing does (its currency, when it was refreshed); a viewer, nothing."""
    if me is None or getattr(me, "role", None) == "admin":
        return ""
    if is_viewer(me):
        return view_only(me)
    return QCoreApplication.translate(
        "TeamRoles", "Only an admin of this team adds, renames or removes panels")


def schedule_lock(me: Any, created_by: str | None) -> str:
    """Why this desk may not resume, edit or delete a schedule made by ``created_by`` ("": it
    may — its own, an admin's desk, a local workspace)."""
    if me is None:
        return ""
    if is_viewer(me):
        return view_only(me)
    if getattr(me, "role", None) == "admin" or not created_by or created_by == me.login:
        return ""
    return QCoreApplication.translate(
        "TeamRoles", "Created by %1: only %1 or an admin can change it").replace("%1", created_by)
