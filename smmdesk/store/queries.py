"""The orders list: its pages, search, counts and tab counts, and the spending's rows:
``OrderQueries(db)``, reading the rows ``orders.OrderStore`` writes.

Engine-neutral contract: ``order_page(filters, sort, offset, limit)`` (newest first unless
sorted; ``filters`` an ``OrderFilter``, a dict of its fields, or None), ``order_count(filters,
*, cap=None)`` (``cap``: counting may stop after ``cap + 1``), ``order_counts_by_bucket(filters)``
(every tab of ``BUCKETS`` under the filter but its bucket) and ``spending_rows(panel_id,
since, until, *, demo=None)``. A search matches a substring of the link, the service name or
the order id on folded text (``textnorm.fold``), so every engine finds what people type.

SQLite-specific, and all of it behind those four doors: the WHERE clause is built here from
the filter (``where_of``), never by a caller; a search of three characters or more goes
through the FTS5 trigram index (``orders_fts``) when its rarest trigrams promise few
candidates (``_search_plan``, from a sample of the newest orders), else it scans in date
order; a count without search, service or dates is a sum over ``order_tally`` (kept by
triggers), and the tab counts of a search run on the read-aside connection so the next page
never waits for them. The PostgreSQL engine answers the same calls with pg_trgm and its own
plans.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from smmdesk.models import LocalOrder
from smmdesk.refillwindow import LIFETIME, LIFETIME_END_MS, refill_window, text_days
from smmdesk.store.contract import (
    BUCKETS,
    KIND_DRIPFEED,
    KIND_SUBSCRIPTION,
    OrderFilter,
    Sort,
    as_filter,
)
from smmdesk.store.database import Database
from smmdesk.store.orders import (
    FINAL_SQL,
    NAME_OF_ORDER,
    ORDER_COLUMNS,
    PANEL_IS,
    PANEL_OF_ORDER,
    row_to_order,
)
from smmdesk.store.values import escape_like, to_ms
from smmdesk.textnorm import fold

__all__ = ["SQLITE", "Dialect", "OrderQueries", "bucket_sql", "fts_phrase", "fts_trigrams",
           "where_of"]

# The trigram tokenizer indexes runs of three characters: shorter terms fall back to LIKE.
FTS_MIN_TERM = 3
# A term with more candidates than this (orders holding the chosen trigrams, plus the orders of
# the service names holding it) is searched by scanning in date order (a page of a common term
# is in the first rows) rather than through the index. Below it, checking every candidate
# (~1 µs each) beats a scan, which must read the orders until it has a page and the capped count
# (``ui.orders.model.COUNT_CAP``, 10,000): for a term held by 2 % of a million orders that is
# half the table, and for one held only by the oldest orders all of it.
RARE_TERM_LIMIT = 30_000
# A search's trigrams are chosen by how rare they are among the newest orders (a sample,
# read again after SAMPLE_TTL_S): those in fewer than half of them, rarest first (up to
# MAX_GRAMS), else the COMMON_GRAMS rarest. Frequent trigrams ("com", "ins") narrow nothing
# and cost the most to read; every candidate is checked against the text, so the choice only
# decides the speed, never the answer.
GRAM_SAMPLE = 2_000
SAMPLE_TTL_S = 300.0
MAX_GRAMS = 5
COMMON_GRAMS = 2
PLAN_TTL_S = 30.0  # a search's plan is reused by its page, its count and its tab counts
PLAN_WAIT_S = 2.0  # at most this long for another worker making the same plan


# -------------------------------------------------------------------------------- the WHERE

def fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_trigrams(folded: str) -> str:
    """The FTS query for the orders whose indexed text holds every trigram of ``folded`` (the
    v10 index keeps no positions, so it answers "holds all of them", not "holds the phrase":
    candidates, each then checked against ``search_text``)."""
    grams = dict.fromkeys(folded[i:i + 3] for i in range(len(folded) - 2))
    return " AND ".join(fts_phrase(g) for g in grams)


# Orders whose service name (folded once per distinct name, schema v10) holds the term.
_NAME_MATCH = "name_id IN (SELECT id FROM order_names WHERE folded LIKE ? ESCAPE '\\')"
# Orders sold to a customer whose (folded) name holds the term (schema v17).
_CUSTOMER_MATCH = "customer_id IN (SELECT id FROM customers WHERE folded LIKE ? ESCAPE '\\')"


def _search_clause(
    term: str, use_index: Callable[[str], str | None] | None = None
) -> tuple[str, list[Any]] | None:
    """The history search: a substring of the link, the service name or the order id, matched
    on folded text (``textnorm.fold``: ``izlenme`` finds "İzlenme", ``takipci`` "TAKİPÇİ").
    None when the term folds to nothing (only emoji or punctuation): no narrowing.

    Links and order ids are matched per order (``orders.search_text``), service names once per
    distinct name (``order_names``) and then their orders (``orders.name_id``, indexed). A rare
    term (three characters or more) finds its link/id candidates through the trigram index
    (orders_fts), each checked against the text; a term that matches a large share of the
    orders is faster as a scan in date order, which stops at the first page, so ``use_index``
    (given the folded term) decides: the FTS query of the term's trigrams to go through (a few
    of them: every candidate is checked against the text anyway), or None to scan. Short terms
    always scan.
    """
    digits = term.lstrip("#")
    if len(digits) >= FTS_MIN_TERM and digits.isdigit():
        term = digits
    folded = fold(term)
    if not folded:
        return None
    like = f"%{escape_like(folded)}%"
    match = (use_index(folded) if len(folded) >= FTS_MIN_TERM and use_index is not None
             else None)
    if match:
        # (v11: search_text holds the folded link; the id, in the index too, is in the row)
        by_id = " OR CAST(o.remote_id AS TEXT) LIKE ? ESCAPE '\\'" if folded.isdigit() else ""
        return ("id IN (SELECT o.id FROM orders_fts f JOIN orders o ON o.id = f.rowid "
                f"WHERE orders_fts MATCH ? AND (o.search_text LIKE ? ESCAPE '\\'{by_id}) "
                f"UNION ALL SELECT id FROM orders WHERE {_NAME_MATCH} "
                f"UNION ALL SELECT id FROM orders WHERE {_CUSTOMER_MATCH})",
                [match, like, *([like] if by_id else []), like, like])
    clause = f"(search_text LIKE ? ESCAPE '\\' OR {_NAME_MATCH} OR {_CUSTOMER_MATCH}"
    args: list[Any] = [like, like, like]
    if digits.isdigit():
        clause += " OR remote_id = ? OR CAST(remote_id AS TEXT) LIKE ? ESCAPE '\\'"
        args.extend([int(digits), f"%{escape_like(digits)}%"])
    if folded.isdigit() and folded != digits:  # e.g. full-width digits, folded to ASCII
        clause += " OR CAST(remote_id AS TEXT) LIKE ? ESCAPE '\\'"
        args.append(like)
    return clause + ")", args


def bucket_sql(not_found: str, found: str, true: str) -> dict[str, str]:
    """The tabs' conditions, over ``orders`` or ``order_tally`` (same columns), with an engine's
    spelling of "not found" (``not_found``), of its opposite (``found``) and of true."""
    return {
        "all": true,
        "active": (
            f"submit_state IN ('placed','submitting') AND {found} "
            f"AND state NOT IN {FINAL_SQL}"
        ),
        "completed": "submit_state = 'placed' AND state = 'completed'",
        "partial": "submit_state = 'placed' AND state = 'partial'",
        "canceled": "submit_state = 'placed' AND state = 'canceled'",
        "attention": (
            f"submit_state IN ('uncertain','rejected') OR {not_found} OR state = 'failed'"
        ),
    }


_BUCKET_SQL = bucket_sql("not_found = 1", "not_found = 0", "1")

_KIND_SQL = {
    KIND_DRIPFEED: "COALESCE(runs, 0) > 0",
    # the type string as panels spell it ("Subscriptions", "subscriptions", …)
    KIND_SUBSCRIPTION: ("LOWER(REPLACE(REPLACE(TRIM(service_type), '_', ' '), '-', ' ')) IN "
                        "('subscriptions', 'subscription')"),
}


@dataclass(frozen=True)
class Dialect:
    """How an engine spells what the orders list's WHERE and ORDER BY differ in: one panel
    (``panel_is``, one ``?``) and several (``panel_in``, ``{marks}``), true/false, the tabs
    (``buckets``), the search (``search(term, use_index)``), the sort columns, the row's
    columns and the LIMIT that means "no limit". Everything else is the same SQL."""

    panel_is: str
    panel_in: str
    true: str
    false: str
    buckets: dict[str, str]
    search: Callable[[str, Callable[[str], str | None] | None], tuple[str, list[Any]] | None]
    sort_columns: dict[str, str]
    columns: str
    no_limit: int | None
    placed_by: str | None = None  # the column of the login that placed it (None: no logins)
    nulls: tuple[str, str] = ("", "")  # after an ascending, a descending sort column
    kinds: dict[str, str] = field(default_factory=lambda: dict(_KIND_SQL))
    # "Refill until" (``refill_until_sql``): the orders' panel column, and (key, service id,
    # name, description) of the services the orders of the names ``{names}`` were placed on
    panel_key: str = "panel_key"
    ordered_services: str = (
        "SELECT k.key, s.service_id, s.name, s.description FROM services s "
        "JOIN panel_keys k ON k.id = s.panel_id WHERE (k.key, s.service_id) IN "
        "(SELECT DISTINCT panel_key, service_id FROM orders WHERE name_id IN ({names}))")


def where_of(
    flt: OrderFilter, *, with_bucket: bool = True,
    use_index: Callable[[str], str | None] | None = None, dialect: Dialect | None = None,
) -> tuple[str, list[Any]]:
    """SQL and arguments for ``WHERE`` over ``orders``. ``use_index(folded_term)`` gives the
    trigram query the search should go through the index with, or None to scan (the queries
    ask their plan how selective the term is)."""
    d = dialect or SQLITE
    parts: list[str] = []
    args: list[Any] = []
    if flt.panel_ids is not None:
        if len(flt.panel_ids) == 1:  # one value: the index serves it as an equality
            parts.append(d.panel_is)
        elif flt.panel_ids:
            parts.append(d.panel_in.format(marks=",".join("?" * len(flt.panel_ids))))
        else:
            parts.append(d.false)
        args.extend(flt.panel_ids)
    if flt.states is not None:
        parts.append(f"state IN ({','.join('?' * len(flt.states))})" if flt.states else d.false)
        args.extend(s.value for s in flt.states)
    if flt.submit_states is not None:
        if flt.submit_states:
            parts.append(f"submit_state IN ({','.join('?' * len(flt.submit_states))})")
        else:
            parts.append(d.false)
        args.extend(s.value for s in flt.submit_states)
    if with_bucket and flt.bucket != "all":
        parts.append(f"({d.buckets[flt.bucket]})")
    if flt.searching:
        search = d.search(flt.search.strip(), use_index)  # type: ignore[union-attr]
        if search is not None:
            parts.append(search[0])
            args.extend(search[1])
    if flt.service_id is not None:
        parts.append("service_id = ?")
        args.append(flt.service_id)
    if flt.customer_id is not None:
        parts.append("customer_id = ?")
        args.append(flt.customer_id)
    if flt.placed_by is not None:
        if d.placed_by is None:
            parts.append(d.false)
        else:
            parts.append(f"{d.placed_by} = ?")
            args.append(flt.placed_by)
    if flt.since is not None:
        parts.append("created_at >= ?")
        args.append(to_ms(flt.since))
    if flt.until is not None:
        parts.append("created_at < ?")
        args.append(to_ms(flt.until))
    if flt.kind is not None:
        parts.append(d.kinds[flt.kind])
    if flt.updated_since is not None:
        parts.append("updated_at >= ?")
        args.append(to_ms(flt.updated_since))
    if flt.order_ids is not None:
        parts.append(f"id IN ({','.join(str(int(i)) for i in flt.order_ids)})"
                     if flt.order_ids else d.false)
    return (" AND ".join(parts) if parts else d.true), args


def _tally_where(flt: OrderFilter, *, with_bucket: bool = True,
                 dialect: Dialect | None = None) -> tuple[str, list[Any]] | None:
    """``WHERE`` over ``order_tally`` when the filter narrows only by panel, state, submit state
    and bucket (the columns the tally keeps); None when it needs the orders themselves (search,
    service, dates, kind, ids)."""
    if flt.searching or flt.service_id is not None or flt.customer_id is not None \
            or flt.placed_by is not None \
            or flt.since is not None \
            or flt.until is not None or flt.kind is not None or flt.updated_since is not None \
            or flt.order_ids is not None:
        return None
    return where_of(flt, with_bucket=with_bucket, dialect=dialect)


# ------------------------------------------------------------------------------- the order

_SORT_COLUMNS = {
    "id": "id",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "panel_id": PANEL_OF_ORDER,
    "service_name": f"{NAME_OF_ORDER} COLLATE NOCASE",
    "service_id": "service_id",
    "state": "state",
    "submit_state": "submit_state",
    "remote_id": "remote_id",
    "link": "link COLLATE NOCASE",
    "quantity": "quantity",
    "charge": "CAST(charge AS REAL)",  # ordering only; values stay decimal text
    "charge_estimate": "CAST(charge_estimate AS REAL)",
    "remains": "remains",
    "start_count": "start_count",
    # the reseller's books (v17)
    "customer": "(SELECT c.folded FROM customers c WHERE c.id = orders.customer_id)",
    "sell_price": "CAST(sell_price AS REAL)",  # ordering only; values stay decimal text
    # the provider watch: when the refill window ends (``refill_until_sql``: built per sort
    # from the names and services, plain SQL per row)
    "refill_until": "",
    # who placed it: a team store's login (``Dialect.placed_by``); no logins here
    "placed_by": "NULL",
}


DAY_MS = 86_400_000


def _sorts_by_refill(sort: Sort | None) -> bool:
    if isinstance(sort, str):
        return sort.lstrip("-") == "refill_until"
    return sort is not None and sort[0] == "refill_until"


def _ints(values: Iterable[int]) -> str:
    return ",".join(str(int(v)) for v in sorted(values))


def _ends(cases: dict[int, list[int]], column: str) -> str:
    """``WHEN column IN (...) THEN`` the window's end, one branch per length in days."""
    out = []
    for days, keys in sorted(cases.items()):
        end = str(LIFETIME_END_MS) if days >= LIFETIME else f"created_at + {days * DAY_MS}"
        out.append(f"WHEN {column} IN ({_ints(keys)}) THEN {end}")
    return " ".join(out)


def _literal(key: int | str) -> str:
    """A panel's key as an SQL literal: SQLite's integer key, or the team store's text id."""
    if isinstance(key, int):
        return str(key)
    return "'" + str(key).replace("'", "''") + "'"


def refill_until_sql(db: Database, dialect: Dialect | None = None) -> str:
    """The orders list's "Refill until" order as plain SQL: the end of each order's refill
    window by the one rule (``refillwindow.order_window``: the name it was placed under, then its
    service's current description — its current name too for an order tracked by id), lifetime
    after every date, NULL (lowest) without a window or for an order refills cannot help (not
    placed, Canceled, Failed). The promises are read once per name and per service here, never
    once per order."""
    by_name: dict[int, list[int]] = {}  # days -> name ids whose name says the length
    silent: list[int] = []  # names that say nothing of a length: the description decides
    unnamed: list[int] = []  # tracked by id: the service's current name, then its description
    for nid, name in db.read("SELECT id, name FROM order_names"):
        if not name:
            unnamed.append(nid)
            continue
        days = text_days(name)
        if days is None:
            silent.append(nid)
        elif days:
            by_name.setdefault(days, []).append(nid)
    d = dialect or SQLITE
    branches = [_ends(by_name, "name_id")]
    for names, with_name in ((silent, False), (unnamed, True)):
        if not names:
            continue
        per_panel: dict[Any, dict[int, list[int]]] = {}  # panel key -> days -> service ids
        for key, sid, sname, description in db.read(
                d.ordered_services.format(names=_ints(names))):
            window = refill_window(sname or "", description or "") if with_name \
                else refill_window(description or "")
            if window is not None:
                per_panel.setdefault(key, {}).setdefault(window.days, []).append(sid)
        inner = " ".join(f"WHEN {d.panel_key} = {_literal(key)} THEN CASE "
                         f"{_ends(cases, 'service_id')} END"
                         for key, cases in sorted(per_panel.items()))
        if inner:
            branches.append(f"WHEN name_id IN ({_ints(names)}) THEN CASE {inner} END")
    body = " ".join(b for b in branches if b)
    if not body:
        return "NULL"
    return ("CASE WHEN submit_state <> 'placed' OR state IN ('canceled', 'failed') THEN NULL "
            f"{body} END")


# Sort columns no order holds NULL in (both engines' schemas say NOT NULL).
_NEVER_NULL = frozenset({"created_at", "updated_at", "panel_id", "service_id", "state",
                         "submit_state"})


def _order_by(sort: Sort | None, columns: dict[str, str] | None = None,
              nulls: tuple[str, str] = ("", ""), refill_until: str | None = None) -> str:
    """ORDER BY of a sort; ``nulls``: what follows an ascending and a descending column (an
    engine that does not sort NULL first, as SQLite does, says so: one order everywhere)."""
    columns = _SORT_COLUMNS if columns is None else columns
    if sort is None:
        column, desc = "created_at", True
    elif isinstance(sort, str):
        desc = sort.startswith("-")
        column = sort.lstrip("-")
    else:
        column, desc = sort
    if column not in columns:
        raise ValueError(f"cannot sort by {column!r}; use one of {sorted(columns)}")
    direction = "DESC" if desc else "ASC"
    expr = refill_until if column == "refill_until" and refill_until else columns[column]
    if column == "id":
        return f"id {direction}"
    # (a column never NULL takes no NULLS clause: PostgreSQL then walks its index for the
    # newest orders first — with "DESC NULLS LAST" it read and sorted every order)
    after = "" if column in _NEVER_NULL else nulls[desc]
    return f"{expr} {direction}{after}, id {direction}"


SQLITE = Dialect(
    panel_is=PANEL_IS,
    panel_in="panel_key IN (SELECT key FROM panel_keys WHERE id IN ({marks}))",
    true="1", false="0", buckets=_BUCKET_SQL, search=_search_clause,
    sort_columns=_SORT_COLUMNS, columns=ORDER_COLUMNS, no_limit=-1)


# ----------------------------------------------------------------------------- the queries


class OrderQueries:
    """The orders list's reads, on the shared ``Database`` (a count of a search on its
    read-aside connection)."""

    dialect = SQLITE

    def __init__(self, db: Database) -> None:
        self.db = db
        # How searches go (``_search_plan``): folded term -> (when, trigram query or None), and
        # the trigrams of the newest orders (when, trigram -> orders holding it).
        self._plan_lock = threading.Lock()
        # The plans being made now (term -> set when made): a search's page and its tab counts
        # (two workers, asking together) make it once.
        self._planning: dict[str, threading.Event] = {}
        self._plans: dict[str, tuple[float, str | None]] = {}
        self._grams: tuple[float, dict[str, int], int] | None = None

    def _where(
        self, filters: OrderFilter | dict[str, Any] | None, *, with_bucket: bool = True
    ) -> tuple[str, list[Any]]:
        return where_of(as_filter(filters), with_bucket=with_bucket, use_index=self._search_plan,
                        dialect=self.dialect)

    def _search_plan(self, folded: str) -> str | None:
        """How to search for ``folded``: the trigram query to go through the index with, when
        the term has few enough candidates (its rarest trigrams' orders, plus the orders of the
        service names holding it, each counted only up to the limit), else None (scan). Kept
        a moment: a search's page, count and tab counts ask in turn."""
        now = time.monotonic()
        with self._plan_lock:
            known = self._plans.get(folded)
            if known is not None and now - known[0] < PLAN_TTL_S:
                return known[1]
            making = self._planning.get(folded)
            if making is None:
                self._planning[folded] = mine = threading.Event()
        if making is not None:
            # Another worker (the page's or the tab counts') is making this plan: its answer,
            # rather than the same sample and counts read again on the shared connection. (A
            # bounded wait: never a lock held across the other's reads.)
            making.wait(PLAN_WAIT_S)
            with self._plan_lock:
                known = self._plans.get(folded)
            return known[1] if known is not None else self._new_plan(folded, now)
        try:
            return self._new_plan(folded, now)
        finally:
            with self._plan_lock:
                self._planning.pop(folded, None)
            mine.set()

    def _new_plan(self, folded: str, now: float) -> str | None:
        """``_search_plan``'s answer, made now (and kept)."""
        grams = list(dict.fromkeys(folded[i:i + 3] for i in range(len(folded) - 2)))
        seen, sampled = self._gram_sample(now)
        by_rarity = sorted(grams, key=lambda g: seen.get(g, 0))  # stable: ties in term order
        # Trigrams in half the orders or more narrow little and cost the most to read.
        chosen = [g for g in by_rarity if 2 * seen.get(g, 0) < sampled][:MAX_GRAMS]
        match = " AND ".join(fts_phrase(g) for g in chosen or by_rarity[:COMMON_GRAMS])
        found = self.db.read(
            "SELECT COUNT(*) FROM (SELECT rowid FROM orders_fts WHERE orders_fts MATCH ? "
            f"LIMIT {RARE_TERM_LIMIT + 1})", (match,))[0][0]
        if found <= RARE_TERM_LIMIT:
            found += self.db.read(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE {_NAME_MATCH} "
                f"LIMIT {RARE_TERM_LIMIT + 1})", (f"%{escape_like(folded)}%",))[0][0]
        plan = match if found <= RARE_TERM_LIMIT else None
        with self._plan_lock:
            if len(self._plans) >= 64:
                self._plans.clear()
            self._plans[folded] = (now, plan)
        return plan

    def _gram_sample(self, now: float) -> tuple[dict[str, int], int]:
        """(trigram -> in how many of the newest ``GRAM_SAMPLE`` orders' indexed text it is,
        how many were read): how common a trigram is, for choosing the ones a search reads
        (never for its answer)."""
        with self._plan_lock:
            if self._grams is not None and now - self._grams[0] < SAMPLE_TTL_S:
                return self._grams[1], self._grams[2]
        texts = self.db.read(
            "SELECT search_text || char(10) || COALESCE(remote_id, '') FROM orders "
            "ORDER BY id DESC LIMIT ?", (GRAM_SAMPLE,))
        counts: Counter[str] = Counter()
        for (text,) in texts:
            low = (text or "").lower()
            counts.update({low[i:i + 3] for i in range(len(low) - 2)})
        with self._plan_lock:
            self._grams = (now, dict(counts), len(texts))
        return self._grams[1], self._grams[2]

    def _where_sorted(self, filters: OrderFilter | dict[str, Any] | None,
                      sort: Sort | None) -> tuple[str, list[Any], str]:
        """The WHERE clause, its arguments and the ORDER BY of a list of orders."""
        where, args = self._where(filters)
        d = self.dialect
        by = _order_by(sort, d.sort_columns, d.nulls,
                       refill_until_sql(self.db, d) if _sorts_by_refill(sort) else None)
        return where, args, by

    def order_page(
        self,
        filters: OrderFilter | dict[str, Any] | None = None,
        sort: Sort | None = None,
        offset: int = 0,
        limit: int | None = 200,
    ) -> list[LocalOrder]:
        where, args, by = self._where_sorted(filters, sort)
        d = self.dialect
        # The page's ids first, then their rows: sorting the matches' ids (a search through
        # the trigram index sorts all of its matches, 10,000 and more) costs a third of
        # sorting their whole rows, and a page deep into the list skips index entries, not
        # rows. The page itself is at most ``limit`` rows, sorted again (``by`` reads only
        # the orders' own columns: the same in both).
        sql = (f"SELECT {d.columns} FROM orders WHERE id IN (SELECT id FROM orders "
               f"WHERE {where} ORDER BY {by} LIMIT ? OFFSET ?) ORDER BY {by}")
        args += [d.no_limit if limit is None else int(limit), max(0, int(offset))]
        return [row_to_order(r) for r in self.db.read(sql, args)]

    def iter_orders(
        self,
        filters: OrderFilter | dict[str, Any] | None = None,
        sort: Sort | None = None,
        *,
        chunk: int = 1000,
    ) -> Iterator[LocalOrder]:
        """Every order that matches, in ``sort``'s order, read ``chunk`` at a time (an export):
        the matches' ids are read first (~40 MB for a million), then their rows a chunk at a
        time, so a million orders are never all in memory as ``LocalOrder``s (over a gigabyte).
        An order deleted meanwhile is left out; one changed meanwhile is as it is when read."""
        where, args, by = self._where_sorted(filters, sort)
        d = self.dialect
        ids = [r[0] for r in self.db.read(f"SELECT id FROM orders WHERE {where} ORDER BY {by}",
                                          args)]
        size = max(1, int(chunk))
        for start in range(0, len(ids), size):
            part = ids[start:start + size]
            rows = self.db.read(f"SELECT {d.columns} FROM orders WHERE id IN "
                                f"({', '.join('?' * len(part))})", part)
            found = {o.id: o for o in map(row_to_order, rows)}
            yield from (found[i] for i in part if i in found)

    def order_placers(self) -> list[str]:
        """The logins that placed orders, by name (the Orders page's "Placed by" filter): a
        team store's; none here (no logins)."""
        return []

    def order_count(
        self, filters: OrderFilter | dict[str, Any] | None = None, *, cap: int | None = None
    ) -> int:
        """How many orders match. ``cap``: stop counting after ``cap + 1`` (a search over a
        million orders that matches most of them need not be counted to the end)."""
        tally = _tally_where(as_filter(filters), dialect=self.dialect)
        if tally is not None:
            where, args = tally
            return self.db.read(
                f"SELECT COALESCE(SUM(n), 0) FROM order_tally WHERE {where}", args)[0][0]
        where, args = self._where(filters)
        if cap is not None:
            return self.db.read(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE {where} LIMIT ?) AS m",
                [*args, int(cap) + 1])[0][0]
        return self.db.read(f"SELECT COUNT(*) FROM orders WHERE {where}", args)[0][0]

    def order_counts_by_bucket(
        self, filters: OrderFilter | dict[str, Any] | None = None
    ) -> dict[str, int]:
        """How many orders each tab (All, Active, …, Needs attention) holds under ``filters``."""
        buckets = self.dialect.buckets
        tally = _tally_where(as_filter(filters), with_bucket=False, dialect=self.dialect)
        if tally is not None:
            where, args = tally
            sums = ", ".join(f"COALESCE(SUM(CASE WHEN {buckets[b]} THEN n ELSE 0 END), 0)"
                             for b in BUCKETS)
            row = self.db.read(f"SELECT {sums} FROM order_tally WHERE {where}", args)[0]
            return dict(zip(BUCKETS, row, strict=True))
        where, args = self._where(filters, with_bucket=False)
        sums = ", ".join(f"COALESCE(SUM(CASE WHEN {buckets[b]} THEN 1 ELSE 0 END), 0)"
                         for b in BUCKETS)
        row = self.db.read_aside(f"SELECT {sums} FROM orders WHERE {where}", args)[0]
        return dict(zip(BUCKETS, row, strict=True))

    def spending_rows(
        self, panel_id: str | None, since: datetime | None, until: datetime | None,
        *, demo: bool | None = None,
    ) -> list[tuple[int, str, str | None, str | None, str | None, str]]:
        """(created_at ms, panel id, currency, charge, estimate, state) of placed orders;
        ``demo``: only the demo panel's (True), only real panels' (False), or both (None)."""
        sql = ("SELECT o.created_at, k.id, COALESCE(o.currency, p.currency), o.charge, "
               "o.charge_estimate, o.state FROM orders o JOIN panel_keys k ON k.key = o.panel_key "
               "JOIN panels p ON p.id = k.id WHERE o.submit_state = 'placed'")
        args: list[Any] = []
        if panel_id is not None:
            sql += " AND k.id = ?"
            args.append(panel_id)
        if demo is not None:
            sql += " AND p.is_demo = ?"
            args.append(self.db.flag(demo))
        if since is not None:
            sql += " AND o.created_at >= ?"
            args.append(to_ms(since))
        if until is not None:
            sql += " AND o.created_at < ?"
            args.append(to_ms(until))
        return self.db.read(sql, args)
