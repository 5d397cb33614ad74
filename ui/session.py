"""The session model: what the running app knows about its panels, held once, and the one place
a change is announced (as Vorta's ``application.py`` with ``views/base_tab.py``).

``SessionModel`` holds the panels (with their last balance, when their services were read and
their statuses checked) and each panel's ``PanelState`` (online, offline since, the last error
in words, key missing). Whether a panel is online is the core's (``Workspace.is_online`` and
its back-off): the model mirrors what the core says after each answer and announces a change.
Pages subscribe to its signals and keep no copies:

- ``panelsChanged(list[Panel])`` after the panels were read (added, edited, removed),
- ``panelStateChanged(panel id)``, ``panelOnlineChanged(panel id, online)``,
- ``balanceChanged(panel id)``,
- ``ordersAdded(list[int])``: orders were recorded (the order form, a mass order, a schedule,
  Run now, a tracking import); ``[]`` when another program added some (ids unknown),
- ``ordersChanged(list[int])``: these orders changed in place (a status check, an outcome),
- ``ordersFinished(list[LocalOrder])``: finished in a status check (notifications),
- ``schedulesChanged()``: a schedule was run, paused, resumed, edited or deleted.

It owns the app-wide status timer (``StatusSync``: every panel's active orders on a timer or
now, the panel's own queue of the task runner, ``Workspace.sync_panel`` being the one sync
path) and watches the database for another program's changes (``Workspace.data_version``, a
quiet look every few seconds), so an order placed by ``smm-desk-cli`` shows at once; on a team
store, the other desks' changes as they are committed (``ui.teamwatch``, LISTEN/NOTIFY), with
the ids of the orders they added or changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, SignalInstance

from smmdesk import options
from smmdesk.models import Balance, LocalOrder, Panel, SubmitState, SyncReport
from smmdesk.secrets import MissingKeyError
from smmdesk.sync import PanelSync, merge  # a value type and a pure helper (no work)
from ui import bridge
from ui.format import describe_error, is_offline_error
from ui.tasks import Cancelled, Task, TaskRunner
from ui.teamroles import is_viewer
from ui.teamwatch import ChangeWatcher

if TYPE_CHECKING:
    from smmdesk.changes import Changes
    from smmdesk.workspace import Workspace
    from ui.settings import Settings

log = logging.getLogger(__name__)

MIN_INTERVAL_S = options.SYNC_INTERVAL_S.low or 1
MAX_BACKOFF_S = 3600
RETRY_BASE_S = 30  # the first retry of a failed panel; doubled per failure in a row
OUTSIDE_WATCH_MS = 2_000  # how often the database is asked whether another program wrote


@dataclass(frozen=True)
class PanelState:
    """What the app knows of one panel's connection. ``online`` is the core's (None: not
    reached yet); ``offline_since`` when it was first seen offline; ``last_error`` the last
    failure in words; ``key_missing``: no API key stored (nothing was asked)."""

    online: bool | None = None
    offline_since: datetime | None = None
    last_error: str = ""
    key_missing: bool = False


@dataclass
class PanelSnapshot:
    """The panels and what is remembered of each, read on a worker."""

    panels: list[Panel] = field(default_factory=list)
    balances: dict[str, tuple[Balance, datetime]] = field(default_factory=dict)
    refreshed_at: dict[str, datetime | None] = field(default_factory=dict)
    last_sync: dict[str, datetime | None] = field(default_factory=dict)
    data_version: int | None = None  # the database as read (another program's writes after it)
    team: Any = None  # a team workspace's login (``smmdesk.team.users.TeamMe``); local: None


def load_snapshot(workspace: Workspace) -> PanelSnapshot:
    version = workspace.data_version()  # first: a write after it is noticed as another's
    snap = PanelSnapshot(panels=workspace.panels(), data_version=version)
    if workspace.team:
        snap.team = workspace.team_me()
    for p in snap.panels:
        last = workspace.last_balance(p.id)
        if last is not None:
            snap.balances[p.id] = last
        snap.refreshed_at[p.id] = workspace.services_refreshed_at(p.id)
        snap.last_sync[p.id] = workspace.last_sync_at(p.id)
    return snap


class SessionModel(QObject):
    panelsChanged = Signal(list)  # list[Panel]
    panelStateChanged = Signal(str)  # panel id
    panelOnlineChanged = Signal(str, bool)  # panel id, online
    balanceChanged = Signal(str)  # panel id
    ordersAdded = Signal(list)  # local ids ([]: another program's, ids unknown)
    ordersChanged = Signal(list)  # local ids
    ordersFinished = Signal(list)  # list[LocalOrder]
    schedulesChanged = Signal()

    def __init__(self, workspace: Workspace, runner: TaskRunner,
                 settings: Settings | None = None, parent: QObject | None = None, *,
                 interval_s: int | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.runner = runner
        self.settings = settings
        self.loaded = False  # the panels were read once
        self._snapshot = PanelSnapshot()
        self._states: dict[str, PanelState] = {}
        self._loading = False
        self._load_again = False
        self._balance_tasks: dict[str, Task[Balance]] = {}
        self._balance_again: set[str] = set()
        self._fresh: dict[int, LocalOrder] = {}  # while ``ordersChanged`` is being emitted
        self._version: int | None = None
        self._version_task: Task[int] | None = None
        self._watch = QTimer(self)
        self._watch.setInterval(OUTSIDE_WATCH_MS)
        self._watch.timeout.connect(self._look_outside)
        self._team_watch: ChangeWatcher | None = None  # a team store's other desks
        self.sync = StatusSync(self, interval_s=interval_s)
        self.sync.panelSynced.connect(self._synced)
        self.sync.panelFailed.connect(self._sync_failed)
        self.sync.panelKeyMissing.connect(self._key_missing)

    # ================================================================== panels
    def panels(self) -> list[Panel]:
        return list(self._snapshot.panels)

    @property
    def team_me(self) -> Any:
        """This desk's login on a team workspace (``TeamMe``: login, role, sees_prices), as
        read with the panels; None on a local workspace (or before the first read)."""
        return self._snapshot.team

    def panel(self, panel_id: str | None) -> Panel | None:
        return next((p for p in self._snapshot.panels if p.id == panel_id), None)

    def panel_names(self) -> dict[str, str]:
        return {p.id: p.name for p in self._snapshot.panels}

    def refreshed_at(self, panel_id: str) -> datetime | None:
        """When the panel's services were last read (None: never)."""
        return self._snapshot.refreshed_at.get(panel_id)

    def last_sync_at(self, panel_id: str) -> datetime | None:
        """When the panel's order statuses were last checked (None: never)."""
        return self._snapshot.last_sync.get(panel_id)

    def reload_panels(self) -> None:
        """Read the panels again (on a worker); ``panelsChanged`` when they are in. Calls while
        a read is under way make one more read after it."""
        if self._loading:
            self._load_again = True
            return
        self._loading = True
        self.runner.submit(load_snapshot, self.workspace, on_result=self._snapshot_loaded,
                           on_error=self._snapshot_failed, task_name="load_panels")

    def _snapshot_loaded(self, snap: PanelSnapshot) -> None:
        self._loading = False
        if self._load_again:
            self._load_again = False
            self.reload_panels()  # a change came in meanwhile: this read may predate it
        ids = {p.id for p in snap.panels}
        for pid in set(self._states) - ids:
            del self._states[pid]  # removed
        # Balances fetched while the read ran are newer than the store's answer of then.
        for pid, (balance, when) in self._snapshot.balances.items():
            known = snap.balances.get(pid)
            if pid in ids and (known is None or known[1] < when):
                snap.balances[pid] = (balance, when)
        self._snapshot = snap
        if self._version is None:
            self._version = snap.data_version  # what the pages read at the start is this
        self.loaded = True
        for pid in ids:
            self._mirror(pid)
        self.panelsChanged.emit(list(snap.panels))

    def _snapshot_failed(self, exc: BaseException) -> None:
        self._loading = False
        bridge.error(exc)

    # ================================================================== balances
    def balance(self, panel_id: str) -> tuple[Balance, datetime] | None:
        """The last known balance and when it was read (None: never)."""
        return self._snapshot.balances.get(panel_id)

    def balances(self) -> dict[str, tuple[Balance, datetime]]:
        return dict(self._snapshot.balances)

    def remember_balance(self, panel_id: str, last: tuple[Balance, datetime]) -> None:
        """A balance read from the store by a page before the panels were read here: kept
        unless a newer one is known (``balanceChanged`` then)."""
        known = self._snapshot.balances.get(panel_id)
        if known is None or known[1] < last[1]:
            self._snapshot.balances[panel_id] = last
            self.balanceChanged.emit(panel_id)

    def fetch_balance(self, panel_id: str) -> None:
        """Ask the panel for its balance (on the panel's queue); ``balanceChanged`` when in. A
        call while one is under way asks once more after it (an order placed meanwhile). A team
        viewer's desk asks not: the balance is the team's to record, not a viewer's."""
        if is_viewer(self.team_me):
            return
        if panel_id in self._balance_tasks:
            self._balance_again.add(panel_id)
            return
        self._balance_tasks[panel_id] = self.runner.submit(
            self.workspace.balance, panel_id, panel_id=panel_id,
            on_result=_PanelCall(self, panel_id, self._balance_loaded).result,
            on_error=_PanelCall(self, panel_id, self._balance_failed).error,
            task_name="balance")

    def _balance_done(self, panel_id: str) -> None:
        self._balance_tasks.pop(panel_id, None)
        if panel_id in self._balance_again:
            self._balance_again.discard(panel_id)
            self.fetch_balance(panel_id)

    def _balance_loaded(self, panel_id: str, balance: Balance) -> None:
        self._balance_done(panel_id)
        self._snapshot.balances[panel_id] = (balance, datetime.now(UTC))
        self.panel_reached(panel_id)
        self.balanceChanged.emit(panel_id)
        panel = self.panel(panel_id)
        if panel is not None and panel.currency != balance.currency:
            self.reload_panels()  # the rates are shown in the panel's currency: now known

    def _balance_failed(self, panel_id: str, exc: BaseException) -> None:
        self._balance_done(panel_id)
        self.panel_failed(panel_id, exc)

    # ================================================================== panel state
    def state(self, panel_id: str) -> PanelState:
        return self._states.get(panel_id, PanelState())

    def online(self, panel_id: str) -> bool | None:
        return self.state(panel_id).online

    def is_offline(self, panel_id: str) -> bool:
        return self.state(panel_id).online is False

    def states(self) -> dict[str, PanelState]:
        """Every panel's state known so far, by panel id."""
        return dict(self._states)

    def offline_panels(self) -> list[str]:
        return [pid for pid, s in self._states.items() if s.online is False]

    def _set_state(self, panel_id: str, state: PanelState) -> None:
        old = self.state(panel_id)
        if state == old:
            return
        self._states[panel_id] = state
        self.panelStateChanged.emit(panel_id)
        if state.online is not None and state.online != old.online:
            self.panelOnlineChanged.emit(panel_id, state.online)

    def _mirror(self, panel_id: str, *, reached: bool = False, **changes: object) -> None:
        """Take the core's word on ``online``, then the given changes. An answer (``reached``,
        or coming back online) clears the error, the missing key and the offline time; going
        offline keeps the time it was first seen."""
        old = self.state(panel_id)
        state = replace(old, online=self.workspace.is_online(panel_id))
        if state.online is True and (reached or old.online is not True):
            state = replace(state, offline_since=None, last_error="", key_missing=False)
        state = replace(state, **changes)  # type: ignore[arg-type]
        if state.online is False and state.offline_since is None:
            state = replace(state, offline_since=datetime.now(UTC))
        self._set_state(panel_id, state)

    def panel_reached(self, panel_id: str) -> None:
        """A call to the panel was answered (the core marked it online)."""
        if self.state(panel_id).online is False:
            self.workspace.note_offline(panel_id, False)  # a timed check may ask it again
            self.sync.rearm()
        self._mirror(panel_id, reached=True)

    def panel_failed(self, panel_id: str, exc: BaseException) -> None:
        """A call to the panel failed: said in words; a missing key is remembered; a panel
        that did not answer is held off by the core's back-off, as after a failed check."""
        if isinstance(exc, Cancelled):
            return
        log.warning("panel %s: %r", panel_id, exc)
        if isinstance(exc, MissingKeyError):
            self._mirror(panel_id, last_error=describe_error(exc), key_missing=True)
            return
        if is_offline_error(exc) and self.state(panel_id).online is not False:
            self.workspace.note_offline(panel_id, True)  # held off as after a failed check
            self.sync.rearm()
        self._mirror(panel_id, last_error=describe_error(exc))

    def note_offline(self, panel_id: str, since: datetime | None) -> None:
        """Told from outside that the panel is offline since ``since`` (None: it answers
        again): the core is told (its notion of online, its back-off), then mirrored."""
        if since is not None and since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        self.workspace.mark_online(panel_id, since is None)
        self.sync.mark_offline(panel_id, since is not None)
        if since is None:
            self._mirror(panel_id)
        else:
            old = self.state(panel_id).offline_since
            self._mirror(panel_id, offline_since=old or since)

    def key_restored(self, panel_id: str) -> None:
        """The panel's key was entered again."""
        self._set_state(panel_id, replace(self.state(panel_id), key_missing=False))

    def _key_missing(self, panel_id: str) -> None:
        self._mirror(panel_id, key_missing=True)

    def key_needed(self, panel_id: str) -> None:
        """The panel's API key is not on this computer (a team panel a colleague added)."""
        self._key_missing(panel_id)

    # ================================================================== status checks
    def _synced(self, result: PanelSync) -> None:
        pid = result.panel_id
        self._mirror(pid, reached=result.online is True and result.report.requests > 0)
        if result.checked and self.state(pid).online is not False:
            # Only a panel that answered counts as checked (not one with nothing to ask while
            # offline, nor one without a key).
            self._snapshot.last_sync[pid] = datetime.now(UTC)
        if result.changed:
            self._announce_changed(result.changed)

    def _sync_failed(self, panel_id: str, exc: BaseException) -> None:
        self.workspace.mark_online(panel_id, False)  # the core backed it off already
        self._mirror(panel_id, last_error=describe_error(exc))

    # ================================================================== orders and schedules
    def orders_added(self, local_ids: Iterable[int] = ()) -> None:
        """Orders were recorded here (their rows exist); ``ordersAdded``."""
        self.ordersAdded.emit([int(i) for i in local_ids])

    def orders_changed(self, changed: Iterable[int | LocalOrder]) -> None:
        """Orders changed in place: ``ordersChanged`` with their ids. Given as ``LocalOrder``s
        (as the core returned them), listeners read them through ``fresh`` during the signal
        instead of reading them again."""
        items = list(changed)
        if items:
            self._announce_changed(items)

    def _announce_changed(self, items: list[int | LocalOrder]) -> None:
        self._fresh = {o.id: o for o in items if isinstance(o, LocalOrder)}
        try:
            self.ordersChanged.emit([o.id if isinstance(o, LocalOrder) else int(o)
                                     for o in items])
        finally:
            self._fresh = {}

    def fresh(self, local_ids: Iterable[int]) -> dict[int, LocalOrder]:
        """During ``ordersChanged``: the orders among ``local_ids`` the announcer already had
        as stored now (the rest are read by whoever needs them)."""
        return {i: self._fresh[i] for i in local_ids if i in self._fresh}

    def placement_finished(self, order: LocalOrder) -> None:
        """An order's outcome is in (placed, refused, uncertain): its row changes; a placed
        one took money, so the balance is asked once."""
        self._announce_changed([order])
        if order.submit_state is SubmitState.PLACED:
            self.fetch_balance(order.panel_id)

    def schedules_changed(self) -> None:
        self.schedulesChanged.emit()

    # ================================================================== another program
    def watch_outside(self, on: bool = True) -> None:
        """A local file: ask the database every few seconds whether another program wrote to
        it. A team store: listen to the other desks' changes (``ui.teamwatch``)."""
        if getattr(self.workspace, "team", False):
            if self._team_watch is None:
                self._team_watch = ChangeWatcher(self.workspace, self)
                self._team_watch.changed.connect(self.team_changed)
            if on:
                self._team_watch.start()
            else:
                self._team_watch.stop()
        elif on:
            self._watch.start()
        else:
            self._watch.stop()

    def team_changed(self, changes: Changes) -> None:
        """Other desks' changes, announced as this desk's own are: orders added (``[]``: read
        the list again) and changed in place, schedules, panels."""
        log.info("team changes: orders added %s, changed %s, topics %s%s",
                 list(changes.orders_added)[:20], list(changes.orders_changed)[:20],
                 sorted(changes.topics), " (read again)" if changes.reload else "")
        if changes.orders_added or changes.reload_orders:
            self.ordersAdded.emit([] if changes.reload_orders else list(changes.orders_added))
        if changes.orders_changed:
            self._announce_changed(list(changes.orders_changed))
        if "schedules" in changes.topics:
            self.schedulesChanged.emit()
        if changes.topics & {"panels", "services"}:
            self.reload_panels()

    def _look_outside(self) -> None:
        if self._version_task is not None or self.runner.closed:
            return
        self._version_task = self.runner.submit(
            self.workspace.data_version, quiet=True, on_result=self._version_read,
            on_error=self._version_failed, task_name="data_version")

    def _version_read(self, version: int) -> None:
        self._version_task = None
        seen, self._version = self._version, version
        if seen is not None and version != seen:
            log.info("another program changed the data: orders, schedules and panels read again")
            self.ordersAdded.emit([])
            self.schedulesChanged.emit()
            self.reload_panels()

    def _version_failed(self, exc: BaseException) -> None:
        self._version_task = None
        if not isinstance(exc, Cancelled):
            log.info("data version not read: %r", exc)

    def stop(self) -> None:
        self._watch.stop()
        if self._team_watch is not None:
            self._team_watch.stop()
        self.sync.stop()


class _PanelCall(QObject):
    """Carries a panel id back with a task's answer (bound-method delivery stays safe)."""

    def __init__(self, session: SessionModel, panel_id: str,
                 deliver: Callable[[str, object], None]) -> None:
        super().__init__(session)
        self.panel_id = panel_id
        self.deliver = deliver

    def result(self, value: object) -> None:
        self.deleteLater()
        self.deliver(self.panel_id, value)

    def error(self, exc: BaseException) -> None:
        self.deleteLater()
        self.deliver(self.panel_id, exc)


def _panel_ids(workspace: Workspace) -> list[str]:
    return [p.id for p in workspace.panels()]


def _due_panel_ids(workspace: Workspace) -> list[str]:
    return workspace.due_panels()


class StatusSync(QObject):
    """The app-wide status timer: ``Workspace.sync_panel`` (statuses, refills, what changed:
    the one sync door, in the core) for every panel on the panel's own queue of the task runner
    (panels in parallel), on a timer (default every 5 minutes), or now (F5).

    When a panel is due is the core's answer, not this class's: the timer asks
    ``Workspace.due_panels`` ("what is due now?") and checks those without ``force``, so the
    core's back-off holds (30 s, doubled per failure, capped at an hour, set here); it is armed
    for ``Workspace.next_sync_in``, so a retry happens at the time ``next_try_in`` (and the
    Orders page's footer) promises; a healthy panel is due one interval after its last good
    check. F5 forces. "Online" is the workspace's too. The clock is the workspace's
    ``sync_clock`` (tests drive it by hand). ``set_paused(True)`` stops the timer entirely.
    """

    syncStarted = Signal()
    panelSynced = Signal(object)  # PanelSync
    panelFailed = Signal(str, object)  # panel id, the exception
    orderFinished = Signal(int, str)  # local id, final state value (completed/partial/canceled)
    panelKeyMissing = Signal(str)  # panel id: no API key stored, nothing was asked
    syncFinished = Signal(object)  # merged SyncReport

    def __init__(self, session: SessionModel, *, interval_s: int | None = None) -> None:
        super().__init__(session)
        self.session = session
        self.workspace, self.runner, self.settings = (
            session.workspace, session.runner, session.settings)
        option = options.SYNC_INTERVAL_S
        stored = self.settings[option] if self.settings is not None else option.default
        self.interval_s = interval_s if interval_s is not None else stored
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # fires when the footer says
        self._timer.timeout.connect(self._tick)
        self._paused = False
        self._running: set[str] = set()
        self._tasks: list[Task] = []  # the check under way, one task per panel (cancel())
        self.planned = 0  # panels the check under way asks
        self._planning = False
        self._again = False
        self._reports: list[SyncReport] = []
        self._finished: list[LocalOrder] = []
        self.last_finished_at: datetime | None = None
        # Panels whose statuses the last check really asked (not: no key, failed first).
        self.checked: set[str] = set()
        self._apply_backoff()

    @property
    def panelOnlineChanged(self) -> SignalInstance:
        """The session's (panel id, online): one announcement of a panel going on or off."""
        return self.session.panelOnlineChanged

    # -- control ------------------------------------------------------------------------------
    def start(self) -> None:
        """Arm the timer (first check after one interval; ``refresh_now`` for one now)."""
        if not self._paused:
            self._timer.start(int(self.interval_s * 1000))

    def stop(self) -> None:
        self._timer.stop()

    @property
    def clock(self) -> Callable[[], float]:
        """Monotonic seconds: the workspace's back-off clock (one clock for the promise)."""
        return self.workspace.sync_clock

    @clock.setter
    def clock(self, clock: Callable[[], float]) -> None:
        self.workspace.sync_clock = clock

    def _arm(self) -> None:
        """Arm the timer for the earliest panel due (the core's answer, at most one interval
        away)."""
        if self._paused or self.busy or self.runner.closed:
            return
        self._timer.start(int(max(1.0, self.workspace.next_sync_in()) * 1000))

    def rearm(self) -> None:
        """A panel's back-off changed outside a check: the timer follows, if it runs."""
        if self._timer.isActive():
            self._arm()

    def next_try_in(self, panel_id: str) -> float | None:
        """Seconds until the timer tries ``panel_id`` again by itself; None while paused."""
        if self._paused:
            return None
        return self.workspace.sync_due_in(panel_id)

    def online(self, panel_id: str) -> bool | None:
        """Whether the panel answered its last call (the core's word; None: not asked yet)."""
        return self.workspace.is_online(panel_id)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    @property
    def busy(self) -> bool:
        return bool(self._running) or self._planning

    def set_interval(self, seconds: int) -> None:
        self.interval_s = options.SYNC_INTERVAL_S.clamp(int(seconds))
        self._apply_backoff()
        if self.settings is not None:
            self.settings[options.SYNC_INTERVAL_S] = self.interval_s
        self.rearm()  # at once: a panel already past the new interval is tried now

    def _apply_backoff(self) -> None:
        # 30 s, ×2 per failure, capped: the timer is armed for the retry (``_arm``); a healthy
        # panel is due one interval after its last good check.
        self.workspace.set_sync_backoff(base=RETRY_BASE_S, cap=MAX_BACKOFF_S)
        self.workspace.set_sync_interval(self.interval_s)

    def set_paused(self, paused: bool) -> None:
        self._paused = bool(paused)
        if paused:
            self._timer.stop()
        elif not self.busy:
            self.start()

    @property
    def paused(self) -> bool:
        return self._paused

    def mark_offline(self, panel_id: str, offline: bool = True) -> None:
        """The panel was seen failing (or answering) outside a check: the timer leaves it alone
        until its back-off passes; F5 still tries."""
        self.workspace.note_offline(panel_id, offline)
        self.rearm()

    def failures(self, panel_id: str) -> int:
        return self.workspace.sync_failures(panel_id)

    def refresh_now(self, panel_ids: list[str] | None = None) -> None:
        """Check now (F5): every panel, ignoring back-offs."""
        self._start(panel_ids, manual=True)

    @property
    def remaining(self) -> int:
        """Panels of the check under way not answered yet."""
        return len(self._running)

    def cancel(self) -> None:
        """Stop the check under way: each panel stops before its next request (one under way
        cannot be interrupted); what was already applied stays."""
        self._again = False
        for task in self._tasks:
            task.cancel()

    def _tick(self) -> None:
        self._start(None, manual=False)

    # -- running ------------------------------------------------------------------------------
    def _start(self, panel_ids: list[str] | None, *, manual: bool) -> None:
        if self.runner.closed:
            return
        if self.busy:
            self._again = self._again or manual
            return
        self._timer.stop()
        self._planning = True
        self._reports, self._finished = [], []
        self.checked = set()
        self.syncStarted.emit()
        if panel_ids is not None:
            self._plan_ready(list(panel_ids), manual)
            return
        self.runner.submit(
            _panel_ids if manual else _due_panel_ids, self.workspace,
            on_result=self._manual_plan if manual else self._timer_plan,
            on_error=self._plan_failed, task_name="history_sync_plan",
        )

    def _manual_plan(self, ids: list[str]) -> None:
        self._plan_ready(ids, True)

    def _timer_plan(self, ids: list[str]) -> None:
        self._plan_ready(ids, False)

    def _plan_failed(self, exc: BaseException) -> None:
        self._planning = False
        bridge.error(exc, self.tr("Order statuses not checked"))
        self._done()

    def _plan_ready(self, ids: list[str], manual: bool) -> None:
        self._planning = False
        if is_viewer(self.session.team_me):
            ids = []  # a team viewer records no status: the operators' desks do, it sees them
        if not ids:
            self._done()
            return
        self.planned = len(ids)
        self._tasks = []
        for pid in ids:
            self._running.add(pid)
            self._tasks.append(self.runner.submit(  # the timer honours the core's back-off
                self.workspace.sync_panel, pid, force=manual, panel_id=pid, with_stop=True,
                on_result=self._panel_done, on_error=_PanelError(self, pid).deliver,
                task_name="history_sync",
            ))

    def _panel_done(self, result: PanelSync) -> None:
        pid = result.panel_id
        self._running.discard(pid)
        self._reports.append(result.report)
        if result.key_missing:
            self.panelKeyMissing.emit(pid)
        if result.checked:
            self.checked.add(pid)
        for o in result.finished:
            self._finished.append(o)
            self.orderFinished.emit(o.id, o.state.value)
        self.panelSynced.emit(result)  # the session mirrors the core and announces changes
        if not self._running:
            self._done()

    def panel_failed(self, pid: str, exc: BaseException) -> None:
        self._running.discard(pid)
        if not isinstance(exc, Cancelled):
            log.warning("status check of %s failed: %r", pid, exc)
            self._reports.append(SyncReport(errors=[str(exc)]))
            self.panelFailed.emit(pid, exc)
        if not self._running:
            self._done()

    def _done(self) -> None:
        report = merge(self._reports)
        finished, self._finished = self._finished, []
        self._reports = []
        self.last_finished_at = datetime.now(UTC)
        if finished:
            self.session.ordersFinished.emit(finished)
        self.syncFinished.emit(report)
        if self.runner.closed:
            return
        if self._again:
            self._again = False
            self._start(None, manual=True)
            return
        # The next tick: the interval, or sooner if a backed-off panel is due before it.
        self._arm()


class _PanelError(QObject):
    """Carries the panel id of a failed check back to ``StatusSync.panel_failed``."""

    def __init__(self, sync: StatusSync, pid: str) -> None:
        super().__init__(sync)
        self.pid = pid

    def deliver(self, exc: BaseException) -> None:
        parent = self.parent()
        self.deleteLater()
        if isinstance(parent, StatusSync):
            parent.panel_failed(self.pid, exc)
