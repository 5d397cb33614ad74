"""The store: one workspace's data, as repositories composed over one database.

``Store(data_dir)`` opens the SQLite file of a data dir (in WAL mode, migrated in atomic steps)
and composes one repository per group of tables over it, all sharing its one connection, its
lock and its serialised write transactions (the way ``AutomationStore`` always was):

=====================  ==================================  ====================================
``store.db``           ``database.Database``               connection, lock, ``transaction()``,
                                                           open/migrate, backup, checks, VACUUM
``store.panels``       ``panels.PanelStore``               panels, balances
``store.services``     ``services.ServiceStore``           services (and their snapshot files)
``store.orders``       ``orders.OrderStore``               orders, events, refills
``store.queries``      ``queries.OrderQueries``            the orders list: pages, search,
                                                           counts; spending
``store.automation``   ``automation.AutomationStore``      schedules, runs, automatic refills,
                                                           alerts, automation settings
``store.massorders``   ``massorders.MassOrderStore``       mass-order batches, lines, runs
``store.rates``        ``rates.RateStore``                 exchange rates, home currency
``store.watch``        ``watch.WatchStore``                the provider watch's roll-ups,
                                                           reach, catalogue changes
``store.ledger``       ``ledger.LedgerStore``              the reseller's books: customers,
                                                           price rules, payments, sales, tally
=====================  ==================================  ====================================

Callers use the repositories (``store.orders.insert_submitting(...)``); none of them builds
SQL. Work that must be atomic across repositories (an order recorded and the scheduled run or
mass-order line it consumes) runs in one ``store.db.transaction()``, whose handle the callers
pass to the repositories' methods that take one. That is the contract a second engine (the
team store on PostgreSQL) implements with the same classes' methods; docs/dev/contracts.md,
"The store", says which parts are the SQLite engine's own.

Conventions, in every engine: money is a ``Decimal`` kept as exact text, never a float; times
are UTC milliseconds (``values``); the API key is never stored (``panels`` has no key column).
"""

from __future__ import annotations

from pathlib import Path

from smmdesk.store import migrations, snapshot
from smmdesk.store.automation import AutomationStore
from smmdesk.store.contract import (
    BUCKETS,
    KIND_DRIPFEED,
    KIND_SUBSCRIPTION,
    KINDS,
    OrderEvent,
    OrderFilter,
    Refill,
    Sort,
    StatusChanges,
)
from smmdesk.store.database import (
    BACKUP_PREFIX,
    CORRUPT_CODES,
    DAMAGED_PREFIX,
    DB_NAME,
    FULL_CODES,
    LOCKED_CODES,
    READ_ONLY_CODES,
    Database,
    SqliteCode,
    Tx,
    folder_writable,
    sqlite_code,
)
from smmdesk.store.errors import (
    DatabaseCorruptError,
    DatabaseReadOnlyError,
    NewerDatabaseError,
    RemoteIdTaken,
    StoreError,
)
from smmdesk.store.ledger import LedgerStore
from smmdesk.store.massorders import MassOrderStore
from smmdesk.store.migrations import SCHEMA_VERSION
from smmdesk.store.orders import OrderStore
from smmdesk.store.panels import PanelStore
from smmdesk.store.queries import OrderQueries, fts_trigrams
from smmdesk.store.rates import RateStore
from smmdesk.store.services import ServiceStore
from smmdesk.store.values import MAX_ERROR_TEXT, escape_like, from_ms, now_ms, to_ms
from smmdesk.store.watch import WatchStore

__all__ = [
    "BACKUP_PREFIX",
    "BUCKETS",
    "CORRUPT_CODES",
    "DAMAGED_PREFIX",
    "DB_NAME",
    "FULL_CODES",
    "KINDS",
    "KIND_DRIPFEED",
    "KIND_SUBSCRIPTION",
    "LOCKED_CODES",
    "MAX_ERROR_TEXT",
    "READ_ONLY_CODES",
    "SCHEMA_VERSION",
    "AutomationStore",
    "Database",
    "DatabaseCorruptError",
    "DatabaseReadOnlyError",
    "LedgerStore",
    "MassOrderStore",
    "NewerDatabaseError",
    "OrderEvent",
    "OrderFilter",
    "OrderQueries",
    "OrderStore",
    "PanelStore",
    "RateStore",
    "Refill",
    "RemoteIdTaken",
    "ServiceStore",
    "Sort",
    "SqliteCode",
    "StatusChanges",
    "Store",
    "StoreError",
    "Tx",
    "WatchStore",
    "escape_like",
    "folder_writable",
    "from_ms",
    "fts_trigrams",
    "migrations",
    "now_ms",
    "snapshot",
    "sqlite_code",
    "to_ms",
]


class Store:
    """One data dir's store: ``Store(data_dir)`` opens (and migrates) its database and
    composes the repositories over it; ``close()`` when done. Raises the ``errors`` of a
    file that cannot be used (newer, damaged, read-only)."""

    def __init__(self, data_dir: Path, *, check: bool = True) -> None:
        self.db = Database(data_dir, check=check)
        self.panels = PanelStore(self.db)
        self.services = ServiceStore(self.db)
        self.orders = OrderStore(self.db)
        self.queries = OrderQueries(self.db)
        self.automation = AutomationStore(self.db)
        self.massorders = MassOrderStore(self.db)
        self.rates = RateStore(self.db)
        self.watch = WatchStore(self.db)
        self.ledger = LedgerStore(self.db)

    @property
    def data_dir(self) -> Path:
        return self.db.data_dir

    def close(self) -> None:
        self.db.close()
