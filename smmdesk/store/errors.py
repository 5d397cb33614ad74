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
    "RemoteIdTaken",
    "StoreError",
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
