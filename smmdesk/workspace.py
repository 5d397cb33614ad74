"""The one facade the GUI and scripts use: panels, services, orders, sync — no Qt, no HTTP, no SQL
outside this package.

``Workspace`` keeps the lifecycle (the store, the keys, the presence mark, what is recovered at
opening) and hands every call to the part that does the work, one line each:

* ``smmdesk.panels.Panels`` — panels, keys, API clients, online, services and balances;
* ``smmdesk.placing.Placing`` — quotes, placements and their typed outcomes, resolving;
* ``smmdesk.syncer.PanelSyncer`` — the one status-sync door, its back-off and timing, tracking;
* ``smmdesk.orderactions.OrderActions`` — refill and cancel requests;
* ``smmdesk.pricing.Pricing`` — currencies, rates and comparing across panels;
* ``smmdesk.automation.Automation``, ``autorefill.AutoRefills``, ``alerts.Alerts`` —
  schedules, automatic refills and alerts;
* ``smmdesk.books.Books`` — the reseller's books: customers, price rules, sales, payments,
  the ledger and statements.

Every public method may be called from any thread (the GUI runs one worker per panel, panels in
parallel). Network calls are made with no database lock or transaction held; writes go through
the store's serialised transactions. ``Workspace(data_dir)`` does no network.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, cast

from smmdesk import compare, history, panelurl
from smmdesk.alerts import Alerts
from smmdesk.api import AnswerLimits, PanelClient
from smmdesk.automation import Automation, AutomationSettings, ResumeCheck
from smmdesk.autorefill import AutoRefills
from smmdesk.books import Books, BooksDoors
from smmdesk.changes import VersionWatch
from smmdesk.compare import Match
from smmdesk.models import (
    Balance,
    LocalOrder,
    OrderState,
    Panel,
    Service,
    ServiceRow,
    ServicesDiff,
    ServiceStats,
    SyncReport,
    UnresolvedOnLink,
)
from smmdesk.orderactions import ActionResult, OrderActions
from smmdesk.panels import REFRESH_STEPS, TEST_TIMEOUT, PanelAlreadyConnected, Panels, panel_address
from smmdesk.placing import (
    CHARGE_TOLERANCE,
    STALE_SUBMITTING,
    UNCERTAIN_ADVICE,
    Mismatch,
    OrderQuote,
    OutcomeNotRecorded,
    Placing,
    ResolveCheck,
    ResolveRefused,
    uncertain_text,
)
from smmdesk.presence import Presence
from smmdesk.pricing import Pricing
from smmdesk.rates import Rate, RateDoubt, RatesError
from smmdesk.refillwindow import RefillWindow
from smmdesk.schedules import Alert, ClockHold, Schedule, ScheduleRun
from smmdesk.secrets import Secrets
from smmdesk.servicetable import ServicesTable
from smmdesk.servicetypes import ValidationError
from smmdesk.store import (
    OrderEvent,
    OrderFilter,
    Refill,
    RemoteIdTaken,
    Sort,
    Store,
)
from smmdesk.store.pg.location import parse_store
from smmdesk.storedoors import StoreDoors
from smmdesk.sync import PanelBackoff, PanelSync
from smmdesk.syncer import PanelSyncer, TrackResult
from smmdesk.teamdoors import TeamDoors
from smmdesk.watch import CatalogueChange, PanelStats, RouteList, Watch

__all__ = [
    "CHARGE_TOLERANCE", "REFRESH_STEPS", "STALE_SUBMITTING", "TEST_TIMEOUT", "UNCERTAIN_ADVICE",
    "ActionResult", "Match", "Mismatch", "OrderQuote", "OutcomeNotRecorded",
    "PanelAlreadyConnected", "PanelSync", "RatesError", "RemoteIdTaken", "ResolveCheck",
    "ResolveRefused", "TrackResult", "UnresolvedOnLink", "ValidationError", "Workspace",
    "panel_address", "uncertain_text",
]

Values = Mapping[str, Any]
Stop = Callable[[], bool] | None
Record = Callable[[sqlite3.Connection, int], None] | None


class Workspace(BooksDoors, TeamDoors, StoreDoors):
    """``Workspace(data_dir)``: the local workspace (SQLite); ``store="postgresql://…"``: a team
    workspace, the desk's own files in ``data_dir`` (docs/dev/contracts.md: ``NotOnTeamStore``,
    ``TeamStoreUnreachable``)."""

    def __init__(self, data_dir: Path, *, secrets: Secrets | None = None,
                 store: str | None = None, create_schema: bool = False) -> None:
        self.data_dir = Path(data_dir)
        self._version_watch: VersionWatch | None = None  # (wait_changes on a local file)
        location = parse_store(store)
        self.team = location.is_team
        self.store_address: str | None = location.url  # None: the local workspace
        if self.team:
            # deliberately lazy: the local app never loads the PostgreSQL driver
            from smmdesk.store.pg.store import TeamStore

            self._team_store: Any = TeamStore(location, self.data_dir, create=create_schema)
            # (the team store offers the store's contract: the same repositories' methods)
            self.store = cast(Store, self._team_store)
        else:
            self._team_store = None
            self.store = Store(self.data_dir)
        self.secrets = secrets or Secrets()
        self._panels = Panels(self.store, self.secrets)
        self._placing = Placing(self.store, self._panels)
        self._actions = OrderActions(self.store, self._panels)
        self._pricing = Pricing(self.store, self._panels, self._placing.unresolved_on_link)
        self.books = self._books = Books(self.store, self._pricing.home_currency,
                                         self._pricing.converter)
        self._placing.record_sale = self._books.record_sale
        sql = self.store.automation
        lock = threading.RLock()  # one change of the automation at a time
        self._alerts = Alerts(self.store, sql, self._panels.balance)
        self._books.alerts = self._alerts
        self._refills = AutoRefills(self.store, sql, self._actions.refill, lock)
        self._syncer = PanelSyncer(self.store, self._panels,
                                   recover=self._placing.recover_interrupted,
                                   balance_due=self._alerts.check_balance_due,
                                   refill_statuses=self._actions.refill_statuses)
        self._presence = Presence(self.data_dir)  # never raises
        try:
            # Orders left SUBMITTING by a process that stopped mid-request may have been placed:
            # UNCERTAIN. While another process has the same data open (the app and
            # smm-desk-cli), only the stale ones: a younger one may be in flight there.
            alone = not self._presence.others_alive()
            self._placing.recover(None if alone else STALE_SUBMITTING)
            self._automation = Automation(self.store, sql, self._placing, self._alerts,
                                          self._panels.refresh_services, lock, self._books.sold)
            self._watch = Watch(self.store, self.store.watch, sql,
                                self._pricing.equivalents, self._pricing.routes_for,
                                lambda: [p.id for p in self._panels.panels()])
            self._wire_watch()
        except BaseException:
            self._presence.close()
            self.store.close()
            raise

    def _wire_watch(self) -> None:
        """The provider watch listens to refreshes and syncs, adds its alerts (stuck and slow
        orders, refill windows closing) and proposes successors where a service is gone."""
        w = self._watch
        def after_refresh(panel_id: str, diff: ServicesDiff) -> None:
            w.record_catalogue(panel_id, diff)
            self._books.guard_margins(panel_id, diff)  # the margin guard's alert, once a change

        self._panels.after_refresh = after_refresh
        self._syncer.reached = w.note_sync
        self._alerts.sources += [w.attention_alerts, w.refill_reminders]
        self._alerts.propose, self._automation.propose = w.proposal_data, w.proposal_text
        self._automation.waits = w.schedule_waits

    # ---------------------------------------------------------------------------- lifecycle

    def close(self) -> None:
        if self._version_watch is not None:
            self._version_watch.close()
        self._panels.close()
        self.store.close()
        self._presence.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        if self.team:
            where = self._team_store.location.describe()
            return f"Workspace({str(self.data_dir)!r}, store={where!r})"
        return f"Workspace({str(self.data_dir)!r})"

    @property
    def keyring_available(self) -> bool:
        return self.secrets.available

    def recover_interrupted(self) -> int:
        return self._placing.recover_interrupted()

    def abandon_sending(self) -> int:
        """The app quits while ``add`` requests are out: their orders are UNCERTAIN now, as
        after a crash, and a scheduled run among them pauses its schedule."""
        n = self._placing.abandon_sending()
        if n:
            self._automation.finish_sending(datetime.now(UTC))
        return n

    # ---------------------------------------------------------------------------- panels

    @property
    def answer_limits(self) -> AnswerLimits:
        return self._panels.answer_limits

    @answer_limits.setter
    def answer_limits(self, limits: AnswerLimits) -> None:
        self._panels.answer_limits = limits

    def set_max_answer_bytes(self, max_bytes: int) -> None:
        self._panels.set_max_answer_bytes(max_bytes)

    @staticmethod
    def https_upgrade(url: str, location: str | None) -> str | None:
        return panelurl.https_upgrade(url, location)

    def connected_as(self, url: str, *, besides: str | None = None) -> Panel | None:
        return self._panels.connected_as(url, besides=besides)

    def add_panel(self, name: str, url: str, key: str, *, is_demo: bool = False) -> Panel:
        return self._panels.add_panel(name, url, key, is_demo=is_demo)

    def update_panel(self, panel_id: str, *, name: str | None = None, url: str | None = None,
                     key: str | None = None) -> Panel:
        return self._panels.update_panel(panel_id, name=name, url=url, key=key)

    def remove_panel(self, panel_id: str, *, keep_history: bool = True) -> None:
        self._panels.remove_panel(panel_id, keep_history=keep_history)
        self._syncer.forget(panel_id)

    def panels(self, *, include_removed: bool = False) -> list[Panel]:
        return self._panels.panels(include_removed=include_removed)

    def panel(self, panel_id: str, *, include_removed: bool = False) -> Panel:
        return self._panels.panel(panel_id, include_removed=include_removed)

    def client(self, panel_id: str) -> PanelClient:
        return self._panels.client(panel_id)

    def _drop_client(self, panel_id: str) -> None:
        self._panels.drop_client(panel_id)

    def test_connection(self, url: str, key: str, *, timeout: float = TEST_TIMEOUT) -> Balance:
        return self._panels.test_connection(url, key, timeout=timeout)

    def has_key(self, panel_id: str) -> bool:
        return self._panels.has_key(panel_id)

    def test_stored_connection(self, panel_id: str, *, timeout: float = TEST_TIMEOUT) -> Balance:
        return self._panels.test_stored_connection(panel_id, timeout=timeout)

    def mark_online(self, panel_id: str, online: bool = True) -> None:
        self._panels.mark_online(panel_id, online)

    def is_online(self, panel_id: str) -> bool | None:
        return self._panels.is_online(panel_id)

    def last_sync_at(self, panel_id: str) -> datetime | None:
        return self.store.panels.last_sync_at(panel_id)

    # ---------------------------------------------------------------------------- services

    def refresh_services(self, panel_id: str, *, should_stop: Stop = None,
                         progress: Callable[[int, int, str], None] | None = None
                         ) -> ServicesDiff:
        return self._panels.refresh_services(panel_id, should_stop=should_stop,
                                             progress=progress)

    def services(self, panel_id: str | None = None) -> list[ServiceRow]:
        return self._panels.services(panel_id)

    def services_table(self, panel_id: str | None = None) -> ServicesTable:
        return self._panels.services_table(panel_id)

    def services_for_view(self, panel_id: str | None = None) -> tuple[ServicesTable, list[str]]:
        parts: dict[str, tuple[datetime | None, Callable[[], ServicesTable]]] = {}
        view = self._panels.services_for_view(panel_id, parts)
        self._pricing.keep_catalogues(parts)  # the comparison indexes are built from them
        return view

    def service(self, panel_id: str, service_id: int) -> Service | None:
        return self._panels.service(panel_id, service_id)

    def set_favourite(self, panel_id: str, service_id: int, on: bool) -> None:
        self.store.services.set_favourite(panel_id, service_id, on)

    def services_refreshed_at(self, panel_id: str) -> datetime | None:
        return self.store.panels.services_refreshed_at(panel_id)

    def balance(self, panel_id: str) -> Balance:
        return self._panels.balance(panel_id)

    def last_balance(self, panel_id: str) -> tuple[Balance, datetime] | None:
        return self._panels.last_balance(panel_id)

    def last_balances(self, panel_ids: Iterable[str]) -> dict[str, Balance | None]:
        return self._panels.last_balances(panel_ids)

    # ---------------------------------------------------------------------------- currencies

    @property
    def locale_currency(self) -> str | None:
        """The currency of the person's country (set by the GUI from the system locale)."""
        return self._pricing.locale_currency

    @locale_currency.setter
    def locale_currency(self, code: str | None) -> None:
        self._pricing.locale_currency = code

    def home_currency(self) -> str | None:
        return self._pricing.home_currency()

    def set_home_currency(self, code: str) -> None:
        self._pricing.set_home_currency(code)

    def set_rate(self, currency: str, per_unit: Decimal, *, at: datetime | None = None) -> None:
        self._pricing.set_rate(currency, per_unit, at=at)

    def remove_rate(self, currency: str) -> None:
        self._pricing.remove_rate(currency)

    def rates(self) -> dict[str, tuple[Decimal, datetime]]:
        return self._pricing.rates()

    def rate_sources(self) -> dict[str, str]:
        return self._pricing.rate_sources()

    def rate_details(self) -> dict[str, Rate]:
        return self._pricing.rate_details()

    def check_rate(self, currency: str, per_unit: Decimal) -> RateDoubt | None:
        return self._pricing.check_rate(currency, per_unit)

    def update_rates_from_ecb(self, url: str | None = None, *,
                              should_stop: Stop = None) -> dict[str, Decimal]:
        return self._pricing.update_rates_from_ecb(url, should_stop=should_stop)

    def convert(self, amount: Decimal, currency: str | None) -> Decimal | None:
        return self._pricing.convert(amount, currency)

    def converter(self) -> Callable[[Decimal, str | None], Decimal | None]:
        return self._pricing.converter()

    # ---------------------------------------------------------------------------- comparing

    def prepare_compare(self, should_stop: Stop = None) -> bool:
        return self._pricing.prepare_compare(should_stop)

    def compare_ready(self) -> bool:
        return self._pricing.compare_ready()

    def features(self, panel_id: str, service_id: int) -> compare.Features | None:
        return self._pricing.features(panel_id, service_id)

    def equivalents(self, panel_id: str, service_id: int, *, limit: int = 10,
                    rank: str = "balanced") -> list[Match]:
        return self._watch.equivalents(panel_id, service_id, limit=limit, rank=rank)

    def routes_for(self, panel_id: str, service_id: int, values: dict[str, Any], *,
                   limit: int = 10) -> RouteList:
        return self._watch.routes_for(panel_id, service_id, values, limit=limit)

    # ---------------------------------------------------------------------------- provider watch

    def service_stats(self, panel_id: str, service_id: int, *, days: int = 90,
                      now: datetime | None = None) -> ServiceStats:
        return self._watch.service_stats(panel_id, service_id, days=days, now=now)

    def panel_stats(self, panel_id: str, *, days: int = 90,
                    now: datetime | None = None) -> PanelStats:
        return self._watch.panel_stats(panel_id, days=days, now=now)

    def attention(self, now: datetime | None = None) -> list[tuple[LocalOrder, str]]:
        return self._watch.attention(now)

    def prepare_attention(self, now: datetime | None = None) -> int:
        return self._watch.prepare_attention(now)

    def successors(self, panel_id: str, service_id: int, *, limit: int = 5) -> list[Match]:
        return self._watch.successors(panel_id, service_id, limit=limit)

    def remap_service(self, panel_id: str, old_service_id: int, new_panel_id: str,
                      new_service_id: int) -> dict[str, int]:
        return self._watch.remap_service(panel_id, old_service_id, new_panel_id, new_service_id)

    def overlapping_orders(self, panel_id: str, service_id: int, link: str) -> list[LocalOrder]:
        return self._watch.overlapping_orders(panel_id, service_id, link)

    def refill_until(self, local_id: int) -> datetime | Literal["lifetime"] | None:
        return self._watch.refill_until(local_id)

    def refill_windows(self, orders: Iterable[LocalOrder]
                       ) -> dict[tuple[str, int, str], RefillWindow | None]:
        return self._watch.refill_windows(orders)

    def catalogue_changes(self, panel_id: str, *, since: datetime | None = None,
                          until: datetime | None = None) -> list[CatalogueChange]:
        return self._watch.catalogue_changes(panel_id, since=since, until=until)

    def set_schedule_waits(self, schedule_id: int, on: bool) -> None:
        """A schedule's option: a due run waits while its previous run on the link is active."""
        self._watch.sql.set_wait_previous(schedule_id, on)

    def schedule_waits(self, schedule_id: int) -> bool:
        return self._watch.sql.wait_previous(schedule_id)

    def price_home(self, panel_id: str, service: Service) -> Decimal | None:
        return self._pricing.price_home(panel_id, service)

    # ---------------------------------------------------------------------------- placing

    def quote(self, panel_id: str, service_id: int, values: Values) -> OrderQuote:
        return self._placing.quote(panel_id, service_id, values)

    def place(self, quote: OrderQuote, *, record_with: Record = None,
              on_recorded: Callable[[int], None] | None = None,
              unresolved_ok: bool = False) -> LocalOrder:
        return self._placing.place(quote, record_with=record_with, on_recorded=on_recorded,
                                   unresolved_ok=unresolved_ok)

    def place_order(self, panel_id: str, service_id: int, fields: Values, *,
                    customer_id: int | None = None, sell_price: Decimal | None = None,
                    record_with: Record = None, on_recorded: Callable[[int], None] | None = None,
                    unresolved_ok: bool = False) -> LocalOrder:
        quote = self._books.sold(self.quote(panel_id, service_id, fields), customer_id,
                                 sell_price)
        return self._placing.place(quote, record_with=record_with, on_recorded=on_recorded,
                                   unresolved_ok=unresolved_ok)

    def find_duplicate(self, panel_id: str, service_id: int, link: str) -> LocalOrder | None:
        return self._placing.find_duplicate(panel_id, service_id, link)

    def unresolved_on_link(self, link: str, *, exclude: int | None = None) -> LocalOrder | None:
        return self._placing.unresolved_on_link(link, exclude=exclude)

    def unresolved_block(self, link: str, *, exclude: int | None = None
                         ) -> UnresolvedOnLink | None:
        return self._placing.unresolved_block(link, exclude=exclude)

    def unresolved_orders(self) -> list[LocalOrder]:
        return self.store.orders.unresolved_orders()

    def check_resolution(self, local_id: int, remote_id: int) -> ResolveCheck:
        return self._placing.check_resolution(local_id, remote_id)

    def resolve_uncertain(self, local_id: int, remote_id: int | None, *,
                          accept_mismatch: bool = False) -> LocalOrder:
        return self._placing.resolve_uncertain(local_id, remote_id,
                                               accept_mismatch=accept_mismatch)

    # ---------------------------------------------------------------------------- sync

    @property
    def backoff(self) -> PanelBackoff:
        return self._syncer.backoff

    def sync_panel(self, panel_id: str, *, should_stop: Stop = None, refills: bool = True,
                   force: bool = False) -> PanelSync:
        return self._syncer.sync_panel(panel_id, should_stop=should_stop, refills=refills,
                                       force=force)

    def refresh_orders(self, local_ids: Iterable[int]) -> SyncReport:
        return self._syncer.refresh_orders(local_ids)

    def due_panels(self, panel_ids: Iterable[str] | None = None) -> list[str]:
        return self._syncer.due_panels(panel_ids)

    def next_sync_in(self) -> float:
        return self._syncer.policy.next_due_in()

    def sync_due_in(self, panel_id: str) -> float:
        return self._syncer.policy.due_in(panel_id)

    def set_sync_interval(self, seconds: float) -> None:
        self._syncer.policy.interval = float(seconds)

    def set_sync_backoff(self, *, base: float, cap: float) -> None:
        self._syncer.set_backoff(base=base, cap=cap)

    def sync_due(self, panel_id: str) -> bool:
        return self._syncer.backoff.due(panel_id)

    @property
    def sync_clock(self) -> Callable[[], float]:
        return self._syncer.backoff.clock

    @sync_clock.setter
    def sync_clock(self, clock: Callable[[], float]) -> None:
        self._syncer.backoff.clock = clock

    def sync_retry_at(self, panel_id: str) -> float | None:
        return self._syncer.backoff.retry_at(panel_id)

    def sync_failures(self, panel_id: str) -> int:
        return self._syncer.backoff.failures(panel_id)

    def note_offline(self, panel_id: str, offline: bool = True) -> None:
        self._syncer.note_offline(panel_id, offline)

    def orders_by_remote_id(self, remote_id: int, panel_id: str | None = None
                            ) -> list[LocalOrder]:
        return self._syncer.orders_by_remote_id(remote_id, panel_id)

    def track_orders(self, panel_id: str, remote_ids: Iterable[int] | str) -> TrackResult:
        return self._syncer.track_orders(panel_id, remote_ids)

    def track_range(self, panel_id: str, first: int, last: int) -> TrackResult:
        return self._syncer.track_range(panel_id, first, last)

    # ---------------------------------------------------------------------------- refill & cancel

    def refill(self, local_ids: Iterable[int]) -> list[ActionResult]:
        return self._actions.refill(local_ids)

    def refill_statuses(self, panel_id: str | None = None) -> int:
        return self._actions.refill_statuses(panel_id)

    def cancel(self, local_ids: Iterable[int]) -> list[ActionResult]:
        return self._actions.cancel(local_ids)

    # ---------------------------------------------------------------------------- history

    def orders(self, panel_id: str | None = None, *, states: Iterable[OrderState] | None = None,
               search: str | None = None, limit: int | None = None, offset: int = 0,
               customer_id: int | None = None) -> list[LocalOrder]:
        return self.store.queries.order_page(OrderFilter(
            panel_ids=(panel_id,) if panel_id is not None else None,
            states=tuple(states) if states is not None else None, search=search,
            customer_id=customer_id), None, offset, limit)

    def order(self, local_id: int) -> LocalOrder:
        return self.store.orders.get_order(local_id)

    def order_page(self, filters: OrderFilter | dict[str, Any] | None = None,
                   sort: Sort | None = None, offset: int = 0, limit: int | None = 200
                   ) -> list[LocalOrder]:
        return self.store.queries.order_page(filters, sort, offset, limit)

    def iter_orders(self, filters: OrderFilter | dict[str, Any] | None = None,
                    sort: Sort | None = None) -> Iterator[LocalOrder]:
        """Every matching order in ``sort``'s order, read a chunk at a time (exports: a million
        orders are never all in memory at once)."""
        return self.store.queries.iter_orders(filters, sort)

    def order_count(self, filters: OrderFilter | dict[str, Any] | None = None, *,
                    cap: int | None = None) -> int:
        """How many orders match; with ``cap``, at most ``cap + 1`` (meaning "more than cap")."""
        return self.store.queries.order_count(filters, cap=cap)

    def order_placers(self) -> list[str]:
        """Who placed orders (a team workspace's logins, by name; a local one: none)."""
        return self.store.queries.order_placers()

    def order_counts(self, filters: OrderFilter | dict[str, Any] | None = None) -> dict[str, int]:
        return self.store.queries.order_counts_by_bucket(filters)

    def order_events(self, local_id: int) -> list[OrderEvent]:
        return self.store.orders.order_events(local_id)

    def order_refills(self, local_id: int) -> list[Refill]:
        return self.store.orders.order_refills(local_id)

    def spending(self, panel_id: str | None = None, since: datetime | None = None,
                 until: datetime | None = None, bucket: str = "day", *,
                 demo: bool | None = False) -> list[tuple[date, str, str | None, Decimal]]:
        """Money spent per period, panel and currency (``history.spending``). Rule: the demo
        panel's simulated spending is never part of real totals. Without ``panel_id``,
        ``demo=False`` (the default) counts the real panels only, ``True`` the demo panel only
        (shown apart, labelled), ``None`` both; a ``panel_id`` counts that panel whatever its
        kind."""
        return history.spending(self.store.queries.spending_rows(
            panel_id, since, until, demo=None if panel_id is not None else demo), bucket)

    def spending_totals(self, panel_id: str | None = None, since: datetime | None = None,
                        until: datetime | None = None, *, demo: bool | None = False
                        ) -> list[tuple[str, str | None, Decimal]]:
        return history.spending_totals(self.spending(panel_id, since, until, demo=demo))

    # ---------------------------------------------------------------------------- automation

    def automation_settings(self) -> AutomationSettings:
        return self._automation.automation_settings()

    def set_automation_settings(self, *, now: datetime | None = None,
                                **values: Any) -> AutomationSettings:
        return self._automation.set_automation_settings(now=now, **values)

    def schedule_order(self, panel_id: str, service_id: int, fields: dict[str, Any], *,
                       first_run: datetime, every: timedelta | None = None,
                       times: int | None = None, until: datetime | None = None,
                       now: datetime | None = None, customer_id: int | None = None) -> Schedule:
        return self._automation.schedule_order(panel_id, service_id, fields, first_run=first_run,
                                               every=every, times=times, until=until, now=now,
                                               customer_id=customer_id)

    def update_schedule(self, schedule_id: int, fields: dict[str, Any], *, first_run: datetime,
                        every: timedelta | None = None, times: int | None = None,
                        until: datetime | None = None, now: datetime | None = None) -> Schedule:
        return self._automation.update_schedule(schedule_id, fields, first_run=first_run,
                                                every=every, times=times, until=until, now=now)

    def schedules(self) -> list[Schedule]:
        return self._automation.schedules()

    def schedule(self, schedule_id: int) -> Schedule:
        return self._automation.schedule(schedule_id)

    def pause_schedule(self, schedule_id: int, reason: str | None = None, *,
                       now: datetime | None = None) -> Schedule:
        return self._automation.pause_schedule(schedule_id, reason, now=now)

    def resume_check(self, schedule_id: int) -> ResumeCheck:
        return self._automation.resume_check(schedule_id)

    def resume_schedule(self, schedule_id: int, *, accept_price: Decimal | None = None,
                        now: datetime | None = None) -> Schedule:
        return self._automation.resume_schedule(schedule_id, accept_price=accept_price, now=now)

    def delete_schedule(self, schedule_id: int, *, now: datetime | None = None) -> None:
        self._automation.delete_schedule(schedule_id, now=now)

    def schedule_runs(self, schedule_id: int) -> list[ScheduleRun]:
        return self._automation.schedule_runs(schedule_id)

    def scheduled_run_in_flight(self) -> bool:
        return self._automation.scheduled_run_in_flight()

    def clock_hold(self) -> ClockHold | None:
        return self._automation.clock_hold()

    def release_clock_hold(self, *, now: datetime | None = None) -> None:
        self._automation.release_clock_hold(now=now)

    def run_due(self, now: datetime, *, elapsed: float | None = None,
                boot: str | None = None) -> list[LocalOrder]:
        return self._automation.run_due(now, elapsed=elapsed, boot=boot)

    def run_schedule_now(self, schedule_id: int, *, now: datetime | None = None) -> LocalOrder:
        return self._automation.run_schedule_now(schedule_id, now=now)

    def set_auto_refill(self, *, panel_id: str | None = None, service_id: int | None = None,
                        order_id: int | None = None, enabled: bool | None = True,
                        window_days: int | None = None) -> None:
        self._refills.set_auto_refill(panel_id=panel_id, service_id=service_id,
                                      order_id=order_id, enabled=enabled,
                                      window_days=window_days)

    def auto_refill(self, *, panel_id: str | None = None, service_id: int | None = None,
                    order_id: int | None = None) -> tuple[bool | None, int | None]:
        return self._refills.auto_refill(panel_id=panel_id, service_id=service_id,
                                         order_id=order_id)

    def auto_refill_state(self, order_id: int) -> tuple[datetime | None, int, str | None]:
        return self._refills.auto_refill_state(order_id)

    def refill_window(self, panel_id: str, service_id: int) -> RefillWindow | None:
        return self._refills.refill_window(panel_id, service_id)

    def auto_refill_due(self, now: datetime) -> list[ActionResult]:
        return self._refills.auto_refill_due(now)

    def alerts(self, since: datetime | None = None, *, now: datetime | None = None,
               limit: int | None = None) -> list[Alert]:
        return self._alerts.alerts(since, now=now, limit=limit)

    def check_alerts(self, now: datetime | None = None) -> list[Alert]:
        return self._alerts.check_alerts(now)

    def alert_count(self) -> int:
        """How many alerts are kept (raised and cleared), without reading them."""
        return self.store.automation.alert_count()

    def balance_threshold(self, panel_id: str) -> Decimal | None:
        return self._alerts.balance_threshold(panel_id)

    def set_balance_threshold(self, panel_id: str, amount: Decimal | None) -> None:
        self._alerts.set_balance_threshold(panel_id, amount)

    def check_balance_due(self, panel_id: str, *, now: datetime | None = None) -> bool:
        return self._alerts.check_balance_due(panel_id, now=now)
