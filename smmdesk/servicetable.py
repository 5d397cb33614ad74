"""The cached services in a compact, columnar form: what the services table shows.

A ``ServiceRow`` (with its ``Service``) costs about 1.3 KB per service once its strings are
counted; 200,000 of them (four panels) are a quarter of a gigabyte and a second or two to build.
``ServicesTable`` keeps one list per column instead, with the values services share stored once
(categories, types, panel names, currencies, average times, every ``Decimal`` rate, first-seen
times) and no descriptions (``Workspace.service`` reads one when a service is opened).
``row(i)`` builds the public ``ServiceRow`` of one row on demand; ``from_rows`` turns a list of
them into a table (tests, scripts). Money stays ``Decimal``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from smmdesk.models import Service, ServiceRow
from smmdesk.textnorm import fold

__all__ = ["ServicesTable", "haystack_of", "haystacks_of"]


def haystack_of(service_id: int, name: str, category: str) -> str:
    """What the services search matches for one service: its id, name and category, folded
    (``textnorm.fold``)."""
    return f"{service_id} {fold(name)} {fold(category)}"


def haystacks_of(table: ServicesTable) -> list[str]:
    """``haystack_of`` every row (each distinct category folded once)."""
    cats = {c: fold(c) for c in set(table.categories)}
    return [f"{i} {fold(n)} {cats[c]}"
            for i, n, c in zip(table.ids, table.names, table.categories, strict=True)]


@dataclass(eq=False)
class ServicesTable:
    """Services in row order, one list per column (all of the same length)."""

    panel_ids: list[str] = field(default_factory=list)
    panel_names: list[str] = field(default_factory=list)
    currencies: list[str | None] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    rates: list[Decimal] = field(default_factory=list)
    mins: list[int] = field(default_factory=list)
    maxs: list[int] = field(default_factory=list)
    refills: list[bool] = field(default_factory=list)
    cancels: list[bool] = field(default_factory=list)
    dripfeeds: list[bool] = field(default_factory=list)
    average_times: list[str | None] = field(default_factory=list)
    previous_rates: list[Decimal | None] = field(default_factory=list)
    favourites: list[bool] = field(default_factory=list)
    first_seen: list[datetime | None] = field(default_factory=list)
    removed: list[bool] = field(default_factory=list)
    # None: not read (``Workspace.service`` gives a service's description when it is opened).
    descriptions: list[str] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def has_descriptions(self) -> bool:
        return self.descriptions is not None

    def service(self, i: int) -> Service:
        return Service(
            self.ids[i], self.names[i], self.types[i], self.categories[i], self.rates[i],
            self.mins[i], self.maxs[i], self.refills[i], self.cancels[i], self.dripfeeds[i],
            self.descriptions[i] if self.descriptions is not None else "",
            self.average_times[i],
        )

    def row(self, i: int) -> ServiceRow:
        """Row ``i`` as the public type (its description is "" when the table has none)."""
        return ServiceRow(self.panel_ids[i], self.panel_names[i], self.currencies[i],
                          self.service(i), self.previous_rates[i], self.favourites[i],
                          self.first_seen[i], self.removed[i])

    def rows(self) -> list[ServiceRow]:
        return [self.row(i) for i in range(len(self))]

    def set_row(self, i: int, row: ServiceRow) -> None:
        """Replace row ``i`` by ``row`` (e.g. its star changed)."""
        s = row.service
        self.panel_ids[i], self.panel_names[i], self.currencies[i] = (
            row.panel_id, row.panel_name, row.currency)
        self.ids[i], self.names[i], self.types[i], self.categories[i] = (
            s.id, s.name, s.type, s.category)
        self.rates[i], self.mins[i], self.maxs[i] = s.rate, s.min, s.max
        self.refills[i], self.cancels[i], self.dripfeeds[i] = s.refill, s.cancel, s.dripfeed
        self.average_times[i] = s.average_time
        self.previous_rates[i], self.favourites[i] = row.previous_rate, row.favourite
        self.first_seen[i], self.removed[i] = row.first_seen, row.removed
        if self.descriptions is not None:
            self.descriptions[i] = s.description

    def find(self, panel_id: str, service_id: int) -> int | None:
        """The row number of a service, or None."""
        ids, pids = self.ids, self.panel_ids
        start = 0
        while True:
            try:
                i = ids.index(service_id, start)
            except ValueError:
                return None
            if pids[i] == panel_id:
                return i
            start = i + 1

    def extend(self, other: ServicesTable) -> None:
        """Append ``other``'s rows (descriptions are kept only when both have them)."""
        for name in _COLUMNS:
            getattr(self, name).extend(getattr(other, name))
        if self.descriptions is not None and other.descriptions is not None:
            self.descriptions.extend(other.descriptions)
        else:
            self.descriptions = None

    def truncate(self, n: int) -> None:
        """Keep the first ``n`` rows only (a read that failed half-way is undone)."""
        for name in _COLUMNS:
            del getattr(self, name)[n:]
        if self.descriptions is not None:
            del self.descriptions[n:]

    def slice(self, start: int, end: int) -> ServicesTable:
        """A new table of rows ``start`` to ``end`` (the same value objects)."""
        out = ServicesTable(**{name: getattr(self, name)[start:end] for name in _COLUMNS})
        if self.descriptions is not None:
            out.descriptions = self.descriptions[start:end]
        return out

    def subset(self, rows: Sequence[int]) -> ServicesTable:
        """A new table of the given rows, in that order."""
        out = ServicesTable(**{name: list(map(getattr(self, name).__getitem__, rows))
                               for name in _COLUMNS})
        if self.descriptions is not None:
            out.descriptions = list(map(self.descriptions.__getitem__, rows))
        return out

    def without_removed(self) -> ServicesTable:
        if not any(self.removed):
            return self
        return self.subset([i for i, gone in enumerate(self.removed) if not gone])

    def _add_service(self, s: Service) -> None:
        """Append the columns a ``Service`` has (the row's own columns are the caller's)."""
        self.ids.append(s.id)
        self.names.append(s.name)
        self.types.append(s.type)
        self.categories.append(s.category)
        self.rates.append(s.rate)
        self.mins.append(s.min)
        self.maxs.append(s.max)
        self.refills.append(s.refill)
        self.cancels.append(s.cancel)
        self.dripfeeds.append(s.dripfeed)
        self.average_times.append(s.average_time)
        if self.descriptions is not None:
            self.descriptions.append(s.description)

    @classmethod
    def from_rows(cls, rows: Iterable[ServiceRow]) -> ServicesTable:
        table = cls(descriptions=[])
        for row in rows:
            table.panel_ids.append(row.panel_id)
            table.panel_names.append(row.panel_name)
            table.currencies.append(row.currency)
            table._add_service(row.service)
            table.previous_rates.append(row.previous_rate)
            table.favourites.append(row.favourite)
            table.first_seen.append(row.first_seen)
            table.removed.append(row.removed)
        return table

    @classmethod
    def from_services(cls, services: Iterable[Service]) -> ServicesTable:
        """Services as a table of their own columns (``service(i)`` works; the panel's and
        the row's columns stay empty: not for ``row``)."""
        table = cls(descriptions=[])
        for s in services:
            table._add_service(s)
        return table


_COLUMNS: Sequence[str] = (
    "panel_ids", "panel_names", "currencies", "ids", "names", "types", "categories", "rates",
    "mins", "maxs", "refills", "cancels", "dripfeeds", "average_times", "previous_rates",
    "favourites", "first_seen", "removed",
)
