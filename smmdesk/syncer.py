"""The one door to a panel's status sync, its back-off and "what is due now?".

``PanelSyncer.sync_panel`` polls a panel's active orders (``sync.poll_statuses``, ≤100 per
request), then its pending refills, and says which orders changed and which finished — from the
ids the store reports (``Store.apply_statuses``), read once. Its outcome feeds the one back-off
(``sync.PanelBackoff``) and the one policy of when each panel is due (``sync.SyncPolicy``): the
app's timer asks ``due_panels`` and ``next_sync_in`` and syncs what they name, without
``force``, so the back-off holds in the app too; F5 and the command line force a sync.
``refresh_orders`` asks about chosen orders now; ``track_orders`` imports orders placed
elsewhere by their ids.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext

from smmdesk import sync as _sync
from smmdesk.errors import ApiError, ErrorKind, PanelError
from smmdesk.models import LocalOrder, OrderStatus, Panel, SubmitState, SyncReport
from smmdesk.panels import Panels
from smmdesk.secrets import SecretsError
from smmdesk.store import RemoteIdTaken, Store
from smmdesk.sync import PanelBackoff, PanelSync, SyncPolicy

log = logging.getLogger(__name__)

__all__ = ["PanelSyncer", "TrackResult"]


class TrackResult(list[LocalOrder]):
    """The orders ``track_orders`` imported or already knew, plus the ids the panel did not know
    (``unknown``) and the ids that could not be checked (``failed``: id -> reason)."""

    def __init__(self, orders: Iterable[LocalOrder] = ()) -> None:
        super().__init__(orders)
        self.unknown: list[int] = []
        self.failed: dict[int, str] = {}
        self.requests = 0


def _skipped(panel: Panel, wait: float) -> SyncReport:
    return SyncReport(errors=[
        f"{panel.name}: skipped, it failed recently (next try in {wait:.0f} s)"])


class PanelSyncer:
    """Status syncs, their back-off and timing, and tracking orders by id (module doc).

    ``recover()`` runs first at every sync (stale "sending" rows become UNCERTAIN);
    ``balance_due(panel_id)`` reads a watched balance when it is due; ``refill_statuses``
    asks the panel about its pending refills."""

    def __init__(self, store: Store, panels: Panels, *, recover: Callable[[], int],
                 balance_due: Callable[[str], bool],
                 refill_statuses: Callable[[str], int]) -> None:
        self.store = store
        self.panels = panels
        self.backoff = PanelBackoff()
        self.policy = SyncPolicy(self.backoff)
        self._recover = recover
        self._balance_due = balance_due
        self._refill_statuses = refill_statuses
        self.reached: Callable[[str, bool], None] | None = None  # (panel id, reached it)

    # -- the door ------------------------------------------------------------------------------

    def sync_panel(self, panel_id: str, *, should_stop: Callable[[], bool] | None = None,
                   refills: bool = True, force: bool = False) -> PanelSync:
        """The one way to sync a panel: its active orders' statuses, then its pending refills;
        says which orders changed and which finished (Completed/Partial/Canceled).

        Network: run it on a worker. A panel still backed off is skipped (``skipped``) unless
        ``force`` (F5, the command line). The outcome feeds the back-off and the timing
        (``due_panels``) and the one notion of online (``Panels.is_online``);
        ``PanelSync.failed`` says the panel is backed off, and so does an exception (a sync
        that raised counts as a failure). On a team store one desk syncs a panel at a time
        (``TeamStore.panel_sync_turn``: an advisory lock): while another desk does, this one
        skips it (``skipped`` and ``elsewhere``) and sees its results as changes."""
        panel = self.panels.panel(panel_id)
        self._recover()
        wait = self.backoff.remaining(panel_id)
        if wait > 0 and not force:
            return PanelSync(panel_id, _skipped(panel, wait),
                             online=self.panels.is_online(panel_id), skipped=True)
        turn = getattr(self.store, "panel_sync_turn", None)  # a team store: one desk a panel
        try:
            with turn(panel_id) if turn is not None else nullcontext(True) as mine:
                if not mine:
                    # another desk is syncing it now: its results arrive as changes; the
                    # panel counts as checked for the timing (not asked again at once)
                    self.policy.synced(panel_id)
                    return PanelSync(panel_id, SyncReport(),
                                     online=self.panels.is_online(panel_id), skipped=True,
                                     elsewhere=True)
                result = self._sync(panel, should_stop, refills)
        except Exception:
            self.backoff.failed(panel_id)
            if self.reached is not None:
                self.reached(panel_id, False)
            raise
        if self.reached is not None:  # the panel's "could not be reached" rate
            self.reached(panel_id, not result.failed)
        if result.failed:
            self.backoff.failed(panel_id)
        else:
            self.backoff.succeeded(panel_id)
            self.policy.synced(panel_id)
        return result

    def _sync(self, panel: Panel, should_stop: Callable[[], bool] | None,
              refills: bool) -> PanelSync:
        started = time.monotonic()
        panel_id = panel.id

        def stopped() -> bool:
            return should_stop is not None and should_stop()

        try:
            key_missing = not self.panels.has_key(panel_id)
        except SecretsError:
            key_missing = False  # the keyring itself failed: _poll reports it
        if key_missing:  # e.g. after a restart without a system keyring: nothing is asked
            return PanelSync(panel_id, SyncReport(), online=None, key_missing=True,
                             seconds=time.monotonic() - started)
        report, _failed = self._poll(panel, should_stop)
        if report.requests == 0 and self.panels.is_online(panel_id) is False and not stopped():
            # Nothing to poll, but the panel is marked offline: ask it something cheap, or it
            # would stay "offline" for as long as it has no active orders.
            try:
                self.panels.balance(panel_id)
            except (PanelError, SecretsError) as e:
                report.errors.append(f"{panel.name}: {e}")
        if not stopped():
            try:  # a watched balance, at most every 15 minutes: the low-balance alert fires
                self._balance_due(panel_id)  # while the app sits in the tray
            except (PanelError, SecretsError) as e:
                log.info("balance check of %s failed: %s", panel_id, type(e).__name__)
        asked = 0
        if refills and not stopped():
            try:
                asked = self._refill_statuses(panel_id)
            except Exception:  # refills are a nicety: a failure here must not lose the sync
                log.warning("refill statuses of %s failed", panel_id, exc_info=True)
        changed = self.store.orders.get_orders(report.changed_ids) if report.changed_ids else []
        done = set(report.finished_ids)
        return PanelSync(
            panel_id=panel_id,
            report=report,
            changed=changed,
            finished=[o for o in changed
                      if o.id in done and o.submit_state is SubmitState.PLACED],
            online=self.panels.is_online(panel_id),
            refills_checked=asked,
            seconds=time.monotonic() - started,
        )

    def _poll(self, panel: Panel, should_stop: Callable[[], bool] | None
              ) -> tuple[SyncReport, bool | None]:
        """One panel's status requests. (report, failed); failed is None when nothing could be
        asked (no key)."""
        try:
            client = self.panels.client(panel.id)
        except SecretsError as e:
            return SyncReport(errors=[f"{panel.name}: {e}"]), None
        report, failed = _sync.poll_statuses(self.store, panel.id, client.statuses,
                                             label=panel.name, should_stop=should_stop)
        if failed:
            self.panels.mark_online(panel.id, False)
        else:
            if report.requests:
                self.panels.mark_online(panel.id, True)
            self.store.panels.set_last_sync(panel.id)
        return report, failed

    def refresh_orders(self, local_ids: Iterable[int]) -> SyncReport:
        """Ask the panels for the current status of these orders now (the ones that can still
        change: placed, not final); the others are left as they are. Ignores the back-off: the
        person asked for it."""
        groups: dict[str, list[LocalOrder]] = {}
        for o in self.store.orders.get_orders(list(dict.fromkeys(local_ids))):
            groups.setdefault(o.panel_id, []).append(o)
        reports: list[SyncReport] = []
        for panel_id, orders in groups.items():
            remote_ids = [o.remote_id for o in orders if o.remote_id is not None
                          and o.submit_state is SubmitState.PLACED and not o.state.is_final]
            if not remote_ids:
                continue
            panel = self.store.panels.get_panel(panel_id, include_removed=False)
            if panel is None:
                continue  # a removed panel: its orders stay as they were
            try:
                client = self.panels.client(panel_id)
            except SecretsError as e:
                reports.append(SyncReport(errors=[f"{panel.name}: {e}"]))
                continue
            report, failed = _sync.poll_statuses(
                self.store, panel_id, client.statuses, label=panel.name, only=remote_ids)
            self.panels.mark_online(panel_id, not failed)
            reports.append(report)
        return _sync.merge(reports)

    # -- what is due (in memory: safe on the GUI thread) ---------------------------------------

    def due_panels(self, panel_ids: Iterable[str] | None = None) -> list[str]:
        """"What is due now?": the panels (``panel_ids``, default every connected one — a
        store read) whose status sync is due: one interval after the last good one, or when
        a back-off ends. The timer syncs exactly these."""
        ids = list(panel_ids) if panel_ids is not None else [p.id for p in self.panels.panels()]
        return self.policy.due(ids)

    def set_backoff(self, *, base: float, cap: float) -> None:
        """The back-off policy's numbers (the GUI's timer: 30 s doubled, capped at an hour)."""
        self.backoff.configure(base=base, cap=cap)

    def note_offline(self, panel_id: str, offline: bool = True) -> None:
        """The panel was seen failing outside a sync (e.g. its balance): back it off as after
        one failure; ``offline=False``: it answered again, clear the back-off."""
        if offline:
            self.backoff.hold(panel_id)
        else:
            self.backoff.succeeded(panel_id)

    def forget(self, panel_id: str) -> None:
        """A removed panel: nothing of it is due any more."""
        self.policy.forget(panel_id)

    # -- tracking orders placed elsewhere ------------------------------------------------------

    def orders_by_remote_id(self, remote_id: int, panel_id: str | None = None
                            ) -> list[LocalOrder]:
        """The orders in the history that have this id on their panel (one per panel at most,
        unless the same order was tracked twice), oldest first."""
        panels = [panel_id] if panel_id is not None else [
            p.id for p in self.store.panels.list_panels(include_removed=True)]
        found = (self.store.orders.find_by_remote(pid, int(remote_id)) for pid in panels)
        return sorted((o for o in found if o is not None), key=lambda o: o.id)

    def track_orders(self, panel_id: str, remote_ids: Iterable[int] | str) -> TrackResult:
        """Import orders placed elsewhere (the panel's website, another tool) by their ids.

        The API cannot list orders, so the person gives ids: a list, or text such as
        ``"1200-1250, 1300"`` (see ``smmdesk.sync.parse_id_list``, ``track_range``). Ids already
        in the history are returned, not doubled. The status API does not say which service an
        order used, so tracked orders have ``service_id`` 0 and an empty service name."""
        self.panels.panel(panel_id)
        if isinstance(remote_ids, str):
            remote_ids = _sync.parse_id_list(remote_ids)
        ids = list(dict.fromkeys(int(i) for i in remote_ids))
        result = TrackResult()
        fresh: list[int] = []
        for rid in ids:
            known = self.store.orders.find_by_remote(panel_id, rid)
            if known is not None:
                result.append(known)
            else:
                fresh.append(rid)
        client = self.panels.client(panel_id) if fresh else None
        for chunk in _sync.chunks(fresh):
            assert client is not None
            result.requests += 1
            try:
                answers = client.statuses(chunk)
            except ApiError as e:
                if e.kind is ErrorKind.ORDER_ID and len(chunk) == 1:
                    answers = {chunk[0]: e}
                else:
                    result.failed.update({rid: e.message for rid in chunk})
                    continue
            except PanelError as e:
                self.panels.mark_online(panel_id, False)
                result.failed.update({rid: str(e) for rid in chunk})
                continue
            self.panels.mark_online(panel_id, True)
            for rid in chunk:
                value = answers.get(rid)
                if isinstance(value, OrderStatus):
                    try:
                        oid = self.store.orders.insert_tracked(panel_id, rid, value)
                    except RemoteIdTaken as e:  # tracked meanwhile by another worker
                        if e.owner is not None:
                            result.append(e.owner)
                        continue
                    result.append(self.store.orders.get_order(oid))
                elif isinstance(value, ApiError) and value.kind is ErrorKind.ORDER_ID:
                    result.unknown.append(rid)
                else:
                    result.failed[rid] = value.message if isinstance(value, ApiError) else "?"
        return result

    def track_range(self, panel_id: str, first: int, last: int) -> TrackResult:
        return self.track_orders(panel_id, _sync.id_range(first, last))
