"""What fills the Services page: the cached services of the panel chosen (read on a worker; at
start-up read while the window is being built), and their refresh from the panels (F5, a new
panel, a list read long ago): its steps in the status bar, a Cancel, and a summary at the end
(added, removed, repriced, rows that could not be read).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from smmdesk.models import Panel, Service, ServicesDiff, ServiceStats
from smmdesk.textnorm import isolate, shorten
from ui import bridge
from ui.activity import Activity, elapsed_text
from ui.format import describe_error, services_summary
from ui.services.model import LoadedServices, load_for_view
from ui.session import SessionModel
from ui.tasks import Cancelled, Task
from ui.teamroles import view_only

if TYPE_CHECKING:
    from smmdesk.demo import DemoPanel
    from ui.services.view import ServicesView

log = logging.getLogger(__name__)

AUTO_REFRESH_AFTER = timedelta(hours=6)


@dataclass
class _Prefetch:
    """The services read at start-up, before the panels are known (see ``load``)."""

    panel_id: str | None
    loaded: LoadedServices | None = None
    generation: int | None = None  # set once ``load`` wants it
    failed: bool = False


def _unreadable_of(diffs: list[ServicesDiff]) -> dict[str, int]:
    """The panels' unreadable service rows, by reason, summed (said, not just logged)."""
    out: dict[str, int] = {}
    for diff in diffs:
        for reason, count in diff.unreadable.items():
            out[reason] = out.get(reason, 0) + count
    return out


class ServicesFeed(QObject):
    servicesShown = Signal(int)  # rows now in the table (before filtering)
    refreshFinished = Signal(str)  # the status-bar summary

    def __init__(self, session: SessionModel, first_panel: str | None,
                 say: Callable[[str, int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.workspace, self.runner = session.workspace, session.runner
        self._say = say
        self.view: ServicesView | None = None
        self.activity: Activity | None = None
        self.current_panel_id: Callable[[], str | None] = lambda: None
        self._generation = 0
        self.shown_once = False  # servicesShown was emitted
        self.refreshing: set[str] = set()
        self._refreshed_here: set[str] = set()  # panels whose services were read this session
        self._tasks: dict[str, Task] = {}  # panel id -> its services download
        self._stopped: set[str] = set()  # panels whose refresh Cancel stopped
        self._diffs: list[ServicesDiff] = []
        self._errors: list[str] = []
        # Start-up reads the services at once, while the window is being built: the panel shown
        # last time (None: All panels); ``load`` takes it if it matches.
        self._prefetch: _Prefetch | None = _Prefetch(first_panel)
        self.runner.submit(load_for_view, self.workspace, first_panel,
                           on_result=partial(self._prefetched, self._prefetch),
                           on_error=partial(self._prefetch_failed, self._prefetch),
                           task_name="load_services")

    def attach(self, view: ServicesView, activity: Activity,
               current_panel_id: Callable[[], str | None]) -> None:
        self.view, self.activity, self.current_panel_id = view, activity, current_panel_id
        view.description_source = self._load_description
        view.stats_source = self._load_stats
        view.favouriteToggled.connect(self._favourite_toggled)
        view.filterApplied.connect(self._filter_applied)
        activity.cancelRequested.connect(self.cancel)

    # -- the cached services -----------------------------------------------------------------
    def load(self) -> None:
        """Show the cached services of the current selection (read on a worker)."""
        self._generation += 1
        pid = self.current_panel_id()
        prefetch, self._prefetch = self._prefetch, None
        if prefetch is not None and prefetch.panel_id == pid and not prefetch.failed:
            # Read since start-up began: shown as soon as it is in (now, or when it arrives).
            prefetch.generation = self._generation
            if prefetch.loaded is not None:
                loaded, prefetch.loaded = prefetch.loaded, None
                self._loaded(prefetch.generation, pid, loaded)
            return
        self.runner.submit(
            load_for_view,  # the rows and their folded search text, on the worker
            self.workspace, pid,
            on_result=partial(self._loaded, self._generation, pid),
            on_error=bridge.error, task_name="load_services")

    def _prefetched(self, prefetch: _Prefetch, loaded: LoadedServices) -> None:
        if prefetch.generation is not None:
            self._loaded(prefetch.generation, prefetch.panel_id, loaded)
        else:
            prefetch.loaded = loaded  # ``load`` takes it (and lets it go)

    def _prefetch_failed(self, prefetch: _Prefetch, exc: BaseException) -> None:
        prefetch.failed = True
        log.info("services read at start-up failed (%s): read again", type(exc).__name__)
        if prefetch.generation is not None and prefetch.generation == self._generation:
            self.load()  # the ordinary way, which reports what goes wrong

    def _loaded(self, generation: int, pid: str | None, loaded: LoadedServices) -> None:
        if generation != self._generation or self.view is None:
            return  # the person switched panels meanwhile
        self.view.set_rows(loaded.rows, all_panels=pid is None, haystacks=loaded.haystacks)
        log.info("services shown: %d rows", len(loaded.rows))
        self.shown_once = True
        self.servicesShown.emit(len(loaded.rows))

    def _load_description(self, panel_id: str, service_id: int,
                          deliver: Callable[[Service | None], None]) -> None:
        """The selected service's description (the table keeps none), read on a worker."""
        self.runner.submit(self.workspace.service, panel_id, service_id, on_result=deliver,
                           on_error=lambda _exc: deliver(None), task_name="service_description")

    def _load_stats(self, panel_id: str, service_id: int,
                    deliver: Callable[[ServiceStats | None], None]) -> None:
        """The selected service's delivery record (``Workspace.service_stats``), on a worker."""
        self.runner.submit(self.workspace.service_stats, panel_id, service_id,
                           on_result=deliver, on_error=lambda _exc: deliver(None),
                           task_name="service_stats")

    def _favourite_toggled(self, panel_id: str, service_id: int, on: bool) -> None:
        self.runner.submit(self.workspace.set_favourite, panel_id, service_id, on,
                           on_error=bridge.error, task_name="set_favourite")

    def _filter_applied(self, rows: int) -> None:
        # After the debounce only, so once per pause in typing, not per keystroke.
        if self.view is not None:
            log.info("filter applied (%r): %d of %d rows", self.view.search.text(), rows,
                     self.view.model.total_count)

    def startup_network(self, demo: DemoPanel | None, demo_ready: Callable[[Panel], None]
                        ) -> None:
        """After start-up: balances for every panel; services for panels never (or long ago)
        refreshed; a demo panel restarted first (its port changes each run). A team viewer's
        desk asks no panel: what it shows is recorded by the operators' desks."""
        if view_only(self.session.team_me):
            return
        now = datetime.now(UTC)
        for p in self.session.panels():
            if p.is_demo and demo is not None and not demo.running:
                self.runner.submit(demo.ensure_panel, self.workspace, panel_id=p.id,
                                   on_result=demo_ready,
                                   on_error=partial(self.session.panel_failed, p.id),
                                   task_name="start_demo")
            if p.id in self.refreshing or p.id in self._refreshed_here:
                continue  # already on its way, or read this session (e.g. the demo just added)
            refreshed = self.session.refreshed_at(p.id)
            if refreshed is not None and refreshed.tzinfo is None:
                refreshed = refreshed.replace(tzinfo=UTC)
            if refreshed is None or now - refreshed > AUTO_REFRESH_AFTER:
                self.refresh([p.id])
            else:
                self.session.fetch_balance(p.id)

    # -- refreshing from the panels ----------------------------------------------------------
    def refresh(self, panel_ids: list[str] | None = None) -> None:
        """Download services (then the balance) of the given panels, or the current selection."""
        viewing = view_only(self.session.team_me)
        if viewing:  # a team viewer records no catalogue: the operators' desks do
            self._say(viewing, 8000)
            return
        if panel_ids is None or isinstance(panel_ids, bool):
            pid = self.current_panel_id()
            panel_ids = [pid] if pid else [p.id for p in self.session.panels()]
        started = False
        already = [pid for pid in panel_ids if pid in self.refreshing]
        for pid in panel_ids:
            if pid in self.refreshing:
                continue
            self.refreshing.add(pid)
            started = True
            # Balance first: it tells the store the panel's currency, which the rates need.
            self.session.fetch_balance(pid)
            self._tasks[pid] = self.runner.submit(
                self.workspace.refresh_services, pid, panel_id=pid, with_stop=True,
                with_progress=True, on_progress=partial(self._progress, pid),
                on_result=partial(self._refreshed, pid), on_error=partial(self._failed, pid),
                task_name="refresh_services")
        names = ", ".join(isolate(shorten(p.name, 40)) for p in self.session.panels()
                          if p.id in self.refreshing) or self.tr("services")
        activity = self.activity
        if started:
            if activity is not None:
                activity.start(self.tr("Refreshing %1").replace("%1", names),
                               self.tr("waiting for the panel…"))
            self._say(self.tr("Refreshing %1…").replace("%1", names), 0)
        elif already:
            # A second F5 while the first runs: said, not silently ignored.
            self._say(self.tr(
                "Already refreshing %1 (%2 so far): the list appears when the panel has sent "
                "it.").replace("%1", names).replace(
                "%2", elapsed_text(activity.seconds() if activity else 0)), 8000)

    def _progress(self, pid: str, _done: int, _total: int, step: str) -> None:
        text = {
            "download": self.tr("downloading the service list…"),
            "save": self.tr("saving the services…"),
            "snapshot": self.tr("saving the services…"),
        }.get(step)
        if text is not None and pid in self.refreshing and self.activity is not None:
            self.activity.step(text)

    def cancel(self) -> None:
        """The refresh's Cancel: each panel stops once its list is downloaded (a request under
        way cannot be interrupted) and stores nothing; the services saved before stay."""
        for pid, task in self._tasks.items():
            self._stopped.add(pid)
            task.cancel()
        if self.activity is not None:
            self.activity.stopping()

    def _refreshed(self, pid: str, diff: ServicesDiff) -> None:
        self._refreshed_here.add(pid)
        self.session.panel_reached(pid)
        self._diffs.append(diff)
        self._done(pid)

    def _failed(self, pid: str, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self._done(pid)
            return
        self.session.panel_failed(pid, exc)
        panel = self.session.panel(pid)
        name = isolate(shorten(panel.name, 60)) if panel else self.tr("A panel")
        self._errors.append(f"{name}: {describe_error(exc)}")
        self._done(pid)

    def _done(self, pid: str) -> None:
        self.refreshing.discard(pid)
        self._tasks.pop(pid, None)
        if self.refreshing:
            return
        if self.activity is not None:
            self.activity.finish()
        stopped, self._stopped = self._stopped, set()
        diffs, errors = self._diffs, self._errors
        self._diffs, self._errors = [], []
        parts = []
        if stopped:
            parts.append(self.tr("Refresh stopped: the services saved before are kept"))
        if diffs:
            parts.append(self.tr("Services refreshed: %1").replace("%1", services_summary(
                sum(len(d.added) for d in diffs),
                sum(len(d.removed) for d in diffs),
                sum(len(d.repriced) for d in diffs),
                _unreadable_of(diffs),
            )))
        parts.extend(errors)
        summary = "; ".join(parts)
        self._say(summary, 0 if errors else 15000)
        log.info("refresh finished: %s", summary)
        self.refreshFinished.emit(summary)
        if diffs:
            self.session.reload_panels()  # refreshed_at, currency… then the services themselves
