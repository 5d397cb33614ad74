"""The connected panels: their addresses and keys, one API client each, whether each answered
last, and what is read from them as it is (the services list, the balance).

``Panels`` is the part of the ``Workspace`` that owns the clients (cached per panel, remade when
the address, the key or the answer limits change) and the one notion of "online" (``network``
runs a client call and remembers whether the panel answered). No SQL here: the store keeps the
panels, services and balances.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from smmdesk import panelurl
from smmdesk.api import AnswerLimits, PanelClient
from smmdesk.errors import ApiError, PanelError, Stopped
from smmdesk.models import Balance, Panel, Service, ServiceRow, ServicesDiff
from smmdesk.secrets import Secrets
from smmdesk.servicetable import ServicesTable
from smmdesk.store import Store

log = logging.getLogger(__name__)

__all__ = ["REFRESH_STEPS", "TEST_TIMEOUT", "PanelAlreadyConnected", "Panels", "panel_address"]

TEST_TIMEOUT = 15.0
REFRESH_STEPS = 3  # refresh_services: download, save, snapshot
T = TypeVar("T")


class PanelAlreadyConnected(ValueError):
    """The panel address is already connected (``existing``): the same panel twice would
    double every balance and order list."""

    def __init__(self, existing: Panel) -> None:
        super().__init__(f"this panel is already connected as “{existing.name}”")
        self.existing = existing


def panel_address(url: str) -> str:
    """What makes two panel URLs the same panel (``panelurl.address``: the host as the request
    reaches it, the port unless default, the path without trailing slashes, the query)."""
    return panelurl.address(url)


class Panels:
    """Panels, their keys and clients, online, services and balances (module doc)."""

    def __init__(self, store: Store, secrets: Secrets) -> None:
        self.store = store
        self.secrets = secrets
        self._lock = threading.RLock()
        self._clients: dict[str, PanelClient] = {}
        self._online: dict[str, bool] = {}
        # Told what each refresh of a catalogue changed (the provider watch keeps it).
        self.after_refresh: Callable[[str, ServicesDiff], object] | None = None
        # Caps on each panel answer (bytes, services, overall deadline): see api.AnswerLimits.
        self.answer_limits = AnswerLimits()

    def close(self) -> None:
        with self._lock:
            clients = list(self._clients.values())
            self._clients.clear()
        for c in clients:
            c.close()

    # -- the panels ----------------------------------------------------------------------------

    def set_max_answer_bytes(self, max_bytes: int) -> None:
        """The byte cap on each panel answer (a setting); every client is remade with it."""
        self.answer_limits = replace(self.answer_limits, max_bytes=int(max_bytes))
        with self._lock:
            panel_ids = list(self._clients)
        for panel_id in panel_ids:
            self.drop_client(panel_id)

    def connected_as(self, url: str, *, besides: str | None = None) -> Panel | None:
        """The connected panel at the same address as ``url`` (``panel_address``), other than
        ``besides``; None when there is none."""
        wanted = panel_address(url)
        return next((p for p in self.panels()
                     if p.id != besides and panel_address(p.url) == wanted), None)

    def add_panel(self, name: str, url: str, key: str, *, is_demo: bool = False) -> Panel:
        """Connect a panel. Raises ``PanelAlreadyConnected`` for an address already connected
        (a trailing slash, http vs https or the host's case make no other panel)."""
        url = panelurl.check(url)  # http(s), a host, and no API key in it (PanelUrlError)
        existing = self.connected_as(url)
        if existing is not None:
            raise PanelAlreadyConnected(existing)
        if not key or not key.strip():
            raise ValueError("the API key is empty")
        panel_id = uuid.uuid4().hex[:16]
        self.secrets.set(panel_id, key.strip())  # may raise SecretsError: nothing stored yet
        try:
            return self.store.panels.insert_panel(
                Panel(id=panel_id, name=name.strip() or url, url=url, is_demo=is_demo)
            )
        except BaseException:
            self.secrets.remove(panel_id)
            raise

    def update_panel(self, panel_id: str, *, name: str | None = None, url: str | None = None,
                     key: str | None = None) -> Panel:
        current = self.panel(panel_id)
        # Only what changed is written: the panel dialog sends the name and address as they
        # were with a new key, and a team operator may not change a panel's row (only its own
        # keyring's key: "Key needed on this computer").
        if name is not None and name == current.name:
            name = None
        if url is not None:
            url = panelurl.check(url)
            if url == current.url:
                url = None
        if url is not None:
            existing = self.connected_as(url, besides=panel_id)
            if existing is not None:
                raise PanelAlreadyConnected(existing)
        if key is not None:
            if not key.strip():
                raise ValueError("the API key is empty")
            self.secrets.set(panel_id, key.strip())
        panel = self.store.panels.update_panel(panel_id, name=name, url=url)
        if url is not None or key is not None:
            self.drop_client(panel_id)
        return panel

    def remove_panel(self, panel_id: str, *, keep_history: bool = True) -> None:
        """Forget the panel and its key. Its orders stay in the history unless
        ``keep_history=False`` (then its services, orders and balances go too)."""
        self.panel(panel_id)
        self.drop_client(panel_id)
        self.secrets.remove(panel_id)
        self.store.panels.remove_panel(panel_id, keep_history=keep_history)
        with self._lock:
            self._online.pop(panel_id, None)

    def panels(self, *, include_removed: bool = False) -> list[Panel]:
        """The connected panels; ``include_removed`` also those removed (their history stays)."""
        return self.store.panels.list_panels(include_removed=include_removed)

    def panel(self, panel_id: str, *, include_removed: bool = False) -> Panel:
        """A panel by id; ``include_removed`` also finds removed ones (their history stays)."""
        p = self.store.panels.get_panel(panel_id, include_removed=include_removed)
        if p is None:
            raise KeyError(f"no panel {panel_id!r}")
        return p

    # -- clients and keys ----------------------------------------------------------------------

    def client(self, panel_id: str) -> PanelClient:
        """The panel's API client (cached). Raises ``SecretsError`` when its key is unavailable."""
        with self._lock:
            c = self._clients.get(panel_id)
        if c is not None:
            return c
        panel = self.panel(panel_id)
        key = self.secrets.require(panel_id)
        with self._lock:
            c = self._clients.get(panel_id)
            if c is None:
                c = PanelClient(panel.url, key, limits=self.answer_limits)
                self._clients[panel_id] = c
        return c

    def drop_client(self, panel_id: str) -> None:
        with self._lock:
            c = self._clients.pop(panel_id, None)
        if c is not None:
            c.close()

    def test_connection(self, url: str, key: str, *, timeout: float = TEST_TIMEOUT) -> Balance:
        """Ask a panel for its balance with a throwaway client. Nothing is stored."""
        with PanelClient(panelurl.check(url), key.strip(), timeout=timeout, retries=0,
                         limits=self.answer_limits) as c:
            return c.balance()

    def has_key(self, panel_id: str) -> bool:
        """Is the panel's API key at hand (keyring or this session)? False when none is stored,
        e.g. after a restart without a system keyring. Keyring errors propagate
        (``SecretsError``). Reads the keyring: call it on a worker."""
        with self._lock:
            if panel_id in self._clients:
                return True
        return bool(self.secrets.get(panel_id))

    def test_stored_connection(self, panel_id: str, *, timeout: float = TEST_TIMEOUT) -> Balance:
        """``test_connection`` with the panel's saved address and key (its cached client is
        left alone). Raises ``SecretsError`` when the key is unavailable. Nothing is stored."""
        panel = self.panel(panel_id)
        return self.test_connection(panel.url, self.secrets.require(panel_id), timeout=timeout)

    # -- online --------------------------------------------------------------------------------

    def mark_online(self, panel_id: str, online: bool = True) -> None:
        with self._lock:
            self._online[panel_id] = online

    def is_online(self, panel_id: str) -> bool | None:
        """True/False after the last request to the panel; None before any request."""
        with self._lock:
            return self._online.get(panel_id)

    def network(self, panel_id: str, call: Callable[[PanelClient], T]) -> T:
        """Run one client call, remembering whether the panel answered."""
        client = self.client(panel_id)
        try:
            result = call(client)
        except ApiError:
            self.mark_online(panel_id, True)  # it answered, just said no
            raise
        except PanelError:
            self.mark_online(panel_id, False)
            raise
        self.mark_online(panel_id, True)
        return result

    # -- services and balances -----------------------------------------------------------------

    def refresh_services(self, panel_id: str, *, should_stop: Callable[[], bool] | None = None,
                         progress: Callable[[int, int, str], None] | None = None
                         ) -> ServicesDiff:
        """Read the panel's list into the cache. The diff also says how many of the panel's
        rows could not be read, and why (``unreadable``), for the person to be told.

        ``progress(step, REFRESH_STEPS, name)`` names each step ("download", "save",
        "snapshot"). ``should_stop`` is asked once the list is downloaded (the request itself
        cannot be interrupted): ``Stopped`` then, and the stored services stay as they were."""
        def step(n: int, name: str) -> None:
            if progress is not None:
                progress(n, REFRESH_STEPS, name)

        step(0, "download")
        services, unreadable = self.network(panel_id, lambda c: c.services_report())
        if should_stop is not None and should_stop():
            raise Stopped("refresh stopped after the download; nothing was stored")
        step(1, "save")
        diff = self.store.services.apply_services(panel_id, services)
        if self.after_refresh is not None:  # the catalogue watch keeps what changed
            try:
                self.after_refresh(panel_id, diff)
            except Exception:  # the services are stored: a record of changes must not undo it
                log.warning("changes of %s not kept", panel_id, exc_info=True)
        step(2, "snapshot")
        try:  # the snapshot the next start-up reads (apply_services removed the old one)
            self.store.services.services_view(panel_id)
        except Exception as exc:  # the services are stored: the snapshot is only a copy
            log.warning("services snapshot of %s not rebuilt: %s", panel_id, type(exc).__name__)
        return replace(diff, unreadable=dict(unreadable)) if unreadable else diff

    def services(self, panel_id: str | None = None) -> list[ServiceRow]:
        return self.store.services.list_services(panel_id)

    def services_table(self, panel_id: str | None = None) -> ServicesTable:
        """``services`` (those the panels still offer) in the compact, columnar form, without
        descriptions (``service`` has a service's): a fraction of the memory and time of a
        ``ServiceRow`` per service."""
        return self.store.services.services_table(panel_id)

    def services_for_view(
        self, panel_id: str | None = None,
        parts: dict[str, tuple[datetime | None, Callable[[], ServicesTable]]] | None = None,
    ) -> tuple[ServicesTable, list[str]]:
        """``services_table`` and each row's search text (``servicetable.haystack_of``), read
        from the services' snapshot when it is current (start-up reads one file per panel).
        ``parts`` receives, for each panel, the time its services were refreshed and how to
        have its own table (``Store.services_view``)."""
        return self.store.services.services_view(panel_id, parts)

    def service(self, panel_id: str, service_id: int) -> Service | None:
        """One cached service with its description (e.g. the one selected in the table)."""
        return self.store.services.get_service(panel_id, service_id)

    def balance(self, panel_id: str) -> Balance:
        bal = self.network(panel_id, lambda c: c.balance())
        self.store.panels.add_balance(panel_id, bal)
        return bal

    def last_balance(self, panel_id: str) -> tuple[Balance, datetime] | None:
        return self.store.panels.last_balance(panel_id)

    def last_balances(self, panel_ids: Iterable[str]) -> dict[str, Balance | None]:
        """Each panel's last known balance (None: never read)."""
        out: dict[str, Balance | None] = {}
        for pid in set(panel_ids):
            last = self.store.panels.last_balance(pid)
            out[pid] = last[0] if last is not None else None
        return out
