"""The store's errors, the same whichever engine holds the data: callers catch these, never an
engine's own exception types (an engine turns its failures into these where they mean
something to the person; the SQLite engine's result codes are ``database.SqliteCode``)."""

from __future__ import annotations

from pathlib import Path

from smmdesk.models import LocalOrder

__all__ = [
    "DatabaseCorruptError",
    "DatabaseReadOnlyError",
    "NewerDatabaseError",
    "NotOnTeamStore",
    "RemoteIdTaken",
    "StoreConnectError",
    "StoreError",
    "TeamStoreUnreachable",
]


class StoreError(Exception):
    """Base class of the store's errors."""


class NewerDatabaseError(StoreError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"The database {path} was written by a newer version of SMM Desk (schema {found}; "
            f"this version understands up to {supported}). Update SMM Desk to open it; "
            f"the file has not been changed."
        )


class DatabaseCorruptError(StoreError):
    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"The database {path} is damaged ({detail}). You can restore the latest backup "
            f"or start with a fresh database (the damaged file is kept next to it)."
        )


class DatabaseReadOnlyError(StoreError):
    """The database cannot be written: its folder (``folder``) or the file itself is read-only.
    Nothing says the data is damaged; starting fresh would not help (nor be possible)."""

    def __init__(self, path: Path, detail: str, *, folder: bool) -> None:
        self.path = path
        self.detail = detail
        self.folder = folder
        where = f"the folder {path.parent}" if folder else f"the file {path}"
        super().__init__(f"SMM Desk cannot write to {where} ({detail}).")


class RemoteIdTaken(StoreError):
    """A second local order may not hold the same panel order id (the v4 unique index):
    ``owner`` is the order that already has it."""

    def __init__(self, panel_id: str, remote_id: int, owner: LocalOrder | None) -> None:
        self.panel_id = panel_id
        self.remote_id = remote_id
        self.owner = owner
        held = f"order {owner.id}" if owner is not None else "another order"
        super().__init__(f"panel order #{remote_id} is already recorded for {held}")


# -- the team store's (PostgreSQL) errors: defined here, light, so the window can tell them
# apart without loading the driver; re-exported by ``store.pg.engine`` / ``store.pg.connection``.

class TeamStoreUnreachable(StoreError):
    """The team store (PostgreSQL) cannot be reached right now: nothing was written; what was
    shown stays as it was loaded; the next call connects again by itself."""

    def __init__(self, where: str, detail: str = "") -> None:
        text = (f"The team store {where} cannot be reached: nothing was saved or sent. "
                "SMM Desk connects again by itself.")
        super().__init__(text + (f" ({detail})" if detail else ""))
        self.where = where
        self.detail = detail


class NotOnTeamStore(StoreError):
    """A feature the team store (PostgreSQL) does not offer yet: refused, never done halfway
    or silently skipped. ``feature`` names it."""

    def __init__(self, feature: str) -> None:
        super().__init__(f"{feature} is not available on a team workspace (PostgreSQL) yet; it "
                         "works in a local workspace.")
        self.feature = feature


class StoreConnectError(StoreError):
    """The team store could not be reached or refused the login (plain English, no password).
    ``needs_password``: the server asked for a password and none was known — ask for it, keep
    it with ``StorePasswords.set`` and connect again; ``password_tried``: one was used and the
    login failed (a changed password, most likely)."""

    def __init__(self, message: str, *, needs_password: bool = False,
                 password_tried: bool = False) -> None:
        super().__init__(message)
        self.needs_password = needs_password
        self.password_tried = password_tried
