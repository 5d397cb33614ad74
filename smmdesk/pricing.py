"""Prices across panels: the home currency and its exchange rates, and the same service on
every panel (equivalents, routes) priced in it.

``Pricing`` is the part of the ``Workspace`` that holds the rates (``rates.RateBook``, in the
store) and one comparison index per panel (``compare.CompareIndex``, rebuilt when the panel's
catalogue was refreshed). The rules of routes are ``compare``'s (docs/reliability.md, "Rules
for unattended work — routes, failover and the demo panel").
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from smmdesk import compare, memtrim, rates, servicetypes
from smmdesk.compare import CompareIndex, Match
from smmdesk.errors import Stopped
from smmdesk.models import LocalOrder, Service
from smmdesk.panels import Panels
from smmdesk.rates import Rate, RateBook, RateDoubt
from smmdesk.servicetable import ServicesTable
from smmdesk.store import Store

__all__ = ["Pricing"]


def utcnow() -> datetime:
    return datetime.now(UTC)


class Pricing:
    """Currencies, rates and comparing services across panels (module doc). ``unresolved``:
    the order on a link that may have been placed and is not resolved (no route is offered for
    that link meanwhile)."""

    def __init__(self, store: Store, panels: Panels,
                 unresolved: Callable[[str], LocalOrder | None]) -> None:
        self.store = store
        self.panels = panels
        self._unresolved = unresolved
        self._book = RateBook(store.rates)
        self._compare_lock = threading.Lock()
        self._compare: dict[str, CompareIndex] = {}
        # panel -> (refreshed at, how to have its table) read for the services view, until its
        # comparison index is built from it (``_compare_index``). The table is that panel's
        # rows of the table shown, sliced then: until then that whole table stays referenced.
        self._catalogues: dict[str, tuple[datetime | None, Callable[[], ServicesTable]]] = {}
        # The currency of the person's country (the GUI reads it from the system locale): the
        # home currency until one is chosen (``home_currency``).
        self.locale_currency: str | None = None

    # -- currencies ----------------------------------------------------------------------------

    def home_currency(self) -> str | None:
        """The currency prices are compared in: the one set; else the currency of the
        person's country (``locale_currency``, from the system locale: TRY in Turkey); else the
        first real panel's currency (the simulated demo panel's USD says nothing about the
        person); else the demo's. None while nothing tells a currency."""
        stored = self._book.stored_home()
        if stored is not None:
            return stored
        if self.locale_currency:
            try:
                return rates.normalize_currency(self.locale_currency)
            except ValueError:
                pass
        panels = self.panels.panels()
        for panel in sorted(panels, key=lambda p: p.is_demo):  # stable: real panels first
            if panel.currency:
                try:
                    return rates.normalize_currency(panel.currency)
                except ValueError:
                    continue
        return None

    def set_home_currency(self, code: str) -> None:
        """Set the home currency (three letters). Known rates are re-based to it when the rate
        of the new home currency is known, else cleared (they would mean something else)."""
        current = self.home_currency()
        if self._book.stored_home() is None and current is not None:
            self._book.set_home(current)
        self._book.set_home(code)

    def _pin_home(self) -> str:
        home = self.home_currency()
        if home is None:
            raise ValueError("set a home currency first")
        if self._book.stored_home() is None:
            self._book.set_home(home)  # rates are stored against it: fix it from now on
        return home

    def set_rate(self, currency: str, per_unit: Decimal, *, at: datetime | None = None) -> None:
        """1 unit of ``currency`` = ``per_unit`` home currency, typed by hand (dated now)."""
        home = self._pin_home()
        code = rates.normalize_currency(currency)
        if code == home:
            raise ValueError("the home currency needs no rate")
        self._book.set_rates({code: Decimal(per_unit)}, at or utcnow(), rates.TYPED)

    def remove_rate(self, currency: str) -> None:
        self._book.remove_rate(currency)

    def rates(self) -> dict[str, tuple[Decimal, datetime]]:
        """currency -> (units of home currency per unit, when it was set or the feed's date)."""
        return {cur: (v, at) for cur, (v, at, _src) in self._book.rates().items()}

    def rate_sources(self) -> dict[str, str]:
        """currency -> "typed" or "ecb"."""
        return {cur: src for cur, (_v, _at, src) in self._book.rates().items()}

    def rate_details(self) -> dict[str, Rate]:
        """currency -> ``rates.Rate`` (value, date, source): what a converted price says of
        the rate it used."""
        return self._book.details()

    def check_rate(self, currency: str, per_unit: Decimal) -> RateDoubt | None:
        """Before ``set_rate``: a doubt when ``per_unit`` is more than ``rates.PLAUSIBLE_FACTOR``
        times off the last ECB feed's rate of ``currency`` (else the rate it would replace);
        None when it looks right or there is nothing to compare with. The GUI asks then."""
        home = self.home_currency()
        code = rates.normalize_currency(currency)
        value = Decimal(per_unit)
        if home is None or code == home or not value.is_finite() or value <= 0:
            return None
        reference = self._book.feed_rate(code)
        source = "ecb"
        if reference is None:
            current = self._book.details().get(code)
            if current is None:
                return None
            reference, source = (current.per_unit, current.at), "current"
        ref, at = reference
        if rates.plausible(value, ref):
            return None
        return rates.RateDoubt(code, value, ref, source, at,
                                rates.plausible(Decimal(1) / value, ref))

    def update_rates_from_ecb(self, url: str | None = None, *,
                              should_stop: Callable[[], bool] | None = None
                              ) -> dict[str, Decimal]:
        """Fetch the ECB daily reference rates (``url``: the feed, default the public one) and
        store them converted to the home currency; returns what was set. A typed rate is never
        replaced (it keeps its source and date; remove it to follow the feed); a currency the
        feed lacks keeps its rate. The feed itself is kept as the reference ``check_rate``
        uses. Raises ``RatesError`` (nothing changed) when the feed cannot be read, ``Stopped``
        (nothing changed) when ``should_stop`` says so once the feed is in. Network: call it
        from a worker."""
        home = self._pin_home()
        body = rates.fetch_ecb(url or rates.ECB_URL)
        if should_stop is not None and should_stop():
            raise Stopped("rates update stopped after the download; nothing was stored")
        when, per_eur = rates.parse_ecb(body)
        fresh = rates.home_rates_from_ecb(per_eur, home, self._book.rate("EUR"))
        self._book.remember_feed(when, per_eur)
        return self._book.set_rates(fresh, when, rates.ECB, keep_typed=True)

    def convert(self, amount: Decimal, currency: str | None) -> Decimal | None:
        """``amount`` of ``currency`` in the home currency; None when no rate is known."""
        return self.converter()(amount, currency)

    def converter(self) -> Callable[[Decimal, str | None], Decimal | None]:
        """``convert`` with the home currency and the rates of this moment: for converting many
        prices at once (the services table, a sort) without a look-up per price."""
        home = self.home_currency()
        table = self._book.plain()

        def convert(amount: Decimal, currency: str | None) -> Decimal | None:
            if not currency or home is None:
                return None
            if currency == home:
                return amount
            per_unit = table.get(currency)
            if per_unit is None:
                code = currency.strip().upper()
                if code == home:
                    return amount
                per_unit = table.get(code)
                if per_unit is None:
                    return None
            return amount * per_unit

        return convert

    # -- comparing -----------------------------------------------------------------------------

    def keep_catalogues(
            self, parts: Mapping[str, tuple[datetime | None, Callable[[], ServicesTable]]]
    ) -> None:
        """What the services view just read (panel -> (refreshed at, its table when asked)): a
        panel's comparison index is built from its table when it is still current (the names
        and values shared with the table shown, not read and kept a second time; the table is
        sliced from the one shown on the worker that builds the index)."""
        with self._compare_lock:
            for pid, (stamp, part) in parts.items():
                index = self._compare.get(pid)
                if index is None or index.stamp != stamp:
                    self._catalogues[pid] = (stamp, part)

    def _compare_index(self, panel_id: str,
                       should_stop: Callable[[], bool] | None = None) -> CompareIndex:
        """The panel's catalogue with its features, rebuilt when the catalogue was refreshed
        (``compare.Stopped`` if ``should_stop`` says so first: nothing half-built is kept)."""
        stamp = self.store.panels.services_refreshed_at(panel_id)
        with self._compare_lock:
            index = self._compare.get(panel_id)
            if index is not None and index.stamp == stamp:
                return index
        # Removed services are never offered. The compact read the services view made when it
        # is still current (its names and values shared with the table shown), else the
        # services' snapshot: the index keeps it, and ranks a group when first asked.
        with self._compare_lock:
            read = self._catalogues.pop(panel_id, None)
        if read is not None and read[0] == stamp:
            table = read[1]()
        else:
            table = self.store.services.services_view(panel_id)[0]
        index = CompareIndex(table, stamp, should_stop)
        with self._compare_lock:
            self._compare[panel_id] = index
        return index

    def prepare_compare(self, should_stop: Callable[[], bool] | None = None) -> bool:
        """Build the comparison indexes of every panel now (e.g. on a worker after a refresh),
        so the first ``equivalents`` call is quick. ``should_stop`` (the app is quitting) ends
        it within a few thousand services; False then, and the rest is built when first asked."""
        try:
            for panel in self.panels.panels():
                if should_stop is not None and should_stop():
                    return False
                self._compare_index(panel.id, should_stop)
        except compare.Stopped:
            return False
        finally:
            memtrim.release()  # what reading the catalogues left free goes back to the system
        return True

    def compare_ready(self) -> bool:
        """Every panel's comparison index is built for its current catalogue (benches; the
        first ``equivalents`` of a group still ranks that group)."""
        for panel in self.panels.panels():
            stamp = self.store.panels.services_refreshed_at(panel.id)
            with self._compare_lock:
                index = self._compare.get(panel.id)
            if index is None or index.stamp != stamp:
                return False
        return True

    def features(self, panel_id: str, service_id: int) -> compare.Features | None:
        service = self.panels.service(panel_id, service_id)
        return None if service is None else compare.features(service)

    def equivalents(self, panel_id: str, service_id: int, *, limit: int = 10) -> list[Match]:
        """The same service on every connected panel (this one included), best first: those whose
        platform, product and type agree, ranked by country, refill, quality, speed, flags and
        name; ties go to the cheaper in the home currency. The service itself is excluded, and
        services removed from their panel are never offered."""
        own = self.panels.service(panel_id, service_id)
        if own is None:
            return []
        subject = compare.features(own)
        if subject.key is None or limit <= 0:
            return []
        own_pos = -1
        panels = self.panels.panels()
        scored: list[tuple[float, int, Sequence[int]]] = []  # (score, panel position, indexes)
        indexes: list[CompareIndex] = []
        for pos, panel in enumerate(panels):
            index = self._compare_index(panel.id)
            indexes.append(index)
            if panel.id == panel_id:
                own_pos = pos
            scored.extend((value, pos, idx) for value, idx in index.scored(subject))
        scored.sort(key=lambda e: -e[0])
        # Keep the best `limit` services, and every service tied with the last of them (the
        # price decides among ties, so only those are converted).
        found: list[tuple[float, int, Service]] = []
        cut: float | None = None
        for value, pos, idx in scored:
            if cut is not None and value < cut:
                break
            for i in idx:
                service = indexes[pos].service(i)
                if pos == own_pos and service.id == own.id:
                    continue
                found.append((value, pos, service))
            if cut is None and len(found) >= limit:
                cut = value
        convert = self.converter()
        priced = [
            Match(panels[pos].id, service, round(value, 4),
                  convert(service.rate, panels[pos].currency), panels[pos].is_demo)
            for value, pos, service in found
        ]
        return compare.rank(priced, limit)

    def routes_for(self, panel_id: str, service_id: int, values: dict[str, Any], *,
                   limit: int = 10) -> list[compare.Route]:
        """The equivalents on other panels that could take this order as typed, best first
        (``compare.routes``: never the demo panel for a real one, the target's min/max and last
        known balance, the price against this one in the home currency); none while the link
        has an order that may have been placed and is not resolved (``unresolved_on_link``)."""
        panel = self.store.panels.get_panel(panel_id)
        own = self.panels.service(panel_id, service_id)
        if panel is None or own is None:
            return []
        link = servicetypes.link_of(values) or ""
        if link and self._unresolved(link) is not None:
            return []
        matches = self.equivalents(panel_id, service_id, limit=limit)
        return compare.routes(matches, panel_id, own, self.convert(own.rate, panel.currency),
                               values, own_demo=panel.is_demo,
                               balances=self.panels.last_balances(m.panel_id for m in matches))

    def price_home(self, panel_id: str, service: Service) -> Decimal | None:
        """A service's rate in the home currency (None: no rate known)."""
        panel = self.store.panels.get_panel(panel_id)
        return None if panel is None else self.convert(service.rate, panel.currency)
