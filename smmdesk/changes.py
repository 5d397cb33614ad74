"""What others changed in the workspace, as ``Workspace.wait_changes`` reports it: typed, with
the keys where they are known.

On a team store (PostgreSQL) the changes are the other desks' (and other programs') committed
statements, delivered by LISTEN/NOTIFY (``smmdesk.store.pg.live.ChangeListener``), with the ids
of the rows they touched; this desk's own writes are not repeated to it (its own pages announce
them). On a local workspace (SQLite) only "another program wrote" is known
(``Workspace.data_version``): everything shown is read again.

Qt-free and driver-free (the PostgreSQL side folds its notifications into a ``Changes``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

__all__ = ["TOPICS", "Changes", "VersionWatch"]

# The topics of the change notifications (``smmdesk.store.pg.schema.WATCHED``).
TOPICS = frozenset({"orders", "schedules", "panels", "services", "alerts", "mass_orders"})


@dataclass(frozen=True, slots=True)
class Changes:
    """What changed since the last look.

    * ``topics``: every topic that changed (orders, schedules, panels, services, alerts,
      mass_orders);
    * ``orders_added``: ids of orders another desk recorded (placed, scheduled, tracked);
    * ``orders_changed``: ids of orders changed in place (a status found by another desk's
      sync, an outcome, a refill);
    * ``reload``: the topics whose keys are unknown — too many to list, rows deleted, or
      changes missed while the listener was away (a reconnect: every topic) — to be read
      again whole;
    * ``by``: the logins that made them (empty when unknown).
    """

    topics: frozenset[str] = frozenset()
    orders_added: tuple[int, ...] = ()
    orders_changed: tuple[int, ...] = ()
    reload: frozenset[str] = frozenset()
    by: frozenset[str] = field(default=frozenset())

    @classmethod
    def everything(cls) -> Changes:
        """Anything may have changed (another program wrote to the SQLite file; the team
        store's listener connected again after missing notifications): read every topic
        again."""
        return cls(topics=TOPICS, reload=TOPICS)

    @property
    def reload_orders(self) -> bool:
        """The orders list as a whole must be read again (not only the ids given)."""
        return "orders" in self.reload

    def __bool__(self) -> bool:
        return bool(self.topics)

    def merged(self, other: Changes) -> Changes:
        """Both sets of changes as one (ids in order, each once)."""
        return Changes(
            topics=self.topics | other.topics,
            orders_added=_unique(self.orders_added + other.orders_added),
            orders_changed=_unique(self.orders_changed + other.orders_changed),
            reload=self.reload | other.reload,
            by=self.by | other.by)


def _unique(ids: Iterable[int]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(ids))


class VersionWatch:
    """The local workspace's way to wait for another program's changes: SQLite has no
    notifications, so ``wait`` looks at ``read()`` (``PRAGMA data_version``: moves when another
    connection commits) every ``step`` seconds, as the app always did for a local file."""

    def __init__(self, read: Callable[[], int], *, step: float = 0.5) -> None:
        self._read = read
        self._step = step
        self._seen: int | None = None
        self._closed = threading.Event()

    def wait(self, timeout: float) -> Changes | None:
        deadline = time.monotonic() + max(0.0, timeout)
        if self._seen is None:
            self._seen = self._read()
        while not self._closed.is_set():
            version = self._read()
            if version != self._seen:
                self._seen = version
                return Changes.everything()
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self._closed.wait(min(self._step, left))
        return None

    def close(self) -> None:
        self._closed.set()
