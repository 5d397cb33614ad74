"""The ``Workspace``'s doors to its store as a whole: the damage check a large file's opening
left for later, the compaction a migration's VACUUM left, and what others changed
(``wait_changes``: a local file's other programs through ``data_version``, a team store's
colleagues through LISTEN/NOTIFY). Qt-free; mixed into ``Workspace``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from smmdesk.changes import Changes, VersionWatch
from smmdesk.store import DatabaseCorruptError

__all__ = ["StoreDoors"]

Stop = Callable[[], bool] | None


class StoreDoors:
    """Mixed into ``Workspace``: its ``store``, its ``_team_store`` (None: local) and its
    ``_version_watch`` (made when ``wait_changes`` is first asked on a local file)."""

    store: Any
    _team_store: Any
    _version_watch: VersionWatch | None

    @property
    def check_pending(self) -> bool:
        """The database was too large to check for damage on opening: ``deferred_check`` does
        it (on a worker, once the window is up)."""
        return self.store.db.check_pending

    def deferred_check(self) -> DatabaseCorruptError | None:
        """The damage check the opening skipped; the error (for ``recovery.diagnose``) when the
        file is damaged, from then on refusing every write; None when it is healthy."""
        return self.store.db.deferred_check()

    @property
    def compaction_pending(self) -> bool:
        """Many free pages in the file (a migration's VACUUM cut short): ``compact`` them."""
        return self.store.db.compaction_pending

    def compact(self, should_stop: Stop = None) -> bool:
        """VACUUM on a worker when the disk has room (else at the next start); True when done."""
        return self.store.db.compact(should_stop)

    def data_version(self) -> int:
        """Changes when another program commits to the database (not on this one's writes)."""
        return self.store.db.data_version()

    def wait_changes(self, timeout: float) -> Changes | None:
        """Others' changes within ``timeout`` seconds (None: nothing changed): a team store's
        colleagues' and other programs' (LISTEN/NOTIFY, with the ids; not this workspace's own
        writes), a local file's other programs' (``data_version``: read everything again).
        Blocks: call it on a worker. A team store away raises ``TeamStoreUnreachable`` after
        waiting out ``timeout``."""
        if self._team_store is not None:
            return cast(Changes | None, self._team_store.wait_changes(timeout))
        if self._version_watch is None:
            self._version_watch = VersionWatch(self.data_version)
        return self._version_watch.wait(timeout)

