"""The store's schema, one migration step per version (``PRAGMA user_version``).

Each step takes the schema to its version and runs inside one transaction together with the
``user_version`` bump. Released steps are never edited: add a new one instead.

``MIGRATIONS`` maps a target version to its step. Versions are applied in ascending order from
the file's ``user_version``; a gap in the numbers is allowed (parallel work reserves numbers).
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Callable
from decimal import Decimal

from smmdesk import profit, servicetypes
from smmdesk.models import Service
from smmdesk.textnorm import fold

log = logging.getLogger(__name__)

Step = Callable[[sqlite3.Connection], None]


_V1 = """
CREATE TABLE panels (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    url         TEXT NOT NULL,
    currency    TEXT,
    is_demo     INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    services_refreshed_at INTEGER
);
CREATE TABLE services (
    panel_id      TEXT NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    service_id    INTEGER NOT NULL,
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    category      TEXT NOT NULL,
    rate          TEXT NOT NULL,
    min           INTEGER NOT NULL,
    max           INTEGER NOT NULL,
    refill        INTEGER NOT NULL DEFAULT 0,
    cancel        INTEGER NOT NULL DEFAULT 0,
    dripfeed      INTEGER NOT NULL DEFAULT 0,
    description   TEXT NOT NULL DEFAULT '',
    average_time  TEXT,
    first_seen    INTEGER NOT NULL,
    last_seen     INTEGER NOT NULL,
    removed_at    INTEGER,
    previous_rate TEXT,
    PRIMARY KEY (panel_id, service_id)
);
CREATE TABLE orders (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    panel_id        TEXT NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    service_id      INTEGER NOT NULL,
    service_name    TEXT NOT NULL,
    service_type    TEXT NOT NULL,
    remote_id       INTEGER,
    submit_state    TEXT NOT NULL,
    state           TEXT NOT NULL,
    raw_status      TEXT,
    error           TEXT,
    link            TEXT,
    quantity        INTEGER,
    fields          TEXT NOT NULL DEFAULT '{}',
    charge_estimate TEXT,
    charge          TEXT,
    currency        TEXT,
    start_count     INTEGER,
    remains         INTEGER,
    runs            INTEGER,
    interval        INTEGER,
    not_found       INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE TABLE order_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id     INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    at           INTEGER NOT NULL,
    submit_state TEXT,
    state        TEXT,
    raw_status   TEXT,
    remains      INTEGER,
    charge       TEXT,
    note         TEXT
);
CREATE INDEX order_events_order ON order_events(order_id, at);
CREATE TABLE balances (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    panel_id  TEXT NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    amount    TEXT NOT NULL,
    currency  TEXT NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX balances_panel ON balances(panel_id, at);
CREATE INDEX orders_panel ON orders(panel_id, created_at);
CREATE INDEX orders_created ON orders(created_at);
"""

# v2: refills, per-panel unsupported features, favourites, soft-removed panels, duplicate flag,
# sync bookkeeping and the indexes the history's filters and search use.
_V2 = """
ALTER TABLE panels ADD COLUMN unsupported TEXT NOT NULL DEFAULT '';
ALTER TABLE panels ADD COLUMN removed_at INTEGER;
ALTER TABLE panels ADD COLUMN last_sync_at INTEGER;
ALTER TABLE services ADD COLUMN favourite INTEGER NOT NULL DEFAULT 0;
ALTER TABLE services ADD COLUMN rate_changed_at INTEGER;
ALTER TABLE orders ADD COLUMN likely_duplicate INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN tracked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN last_checked_at INTEGER;
ALTER TABLE order_events ADD COLUMN kind TEXT NOT NULL DEFAULT 'state';
CREATE TABLE refills (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id     INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    remote_id    TEXT,
    state        TEXT,
    raw_status   TEXT,
    error        TEXT,
    requested_at INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX refills_order ON refills(order_id);
CREATE INDEX orders_state ON orders(state, created_at);
CREATE INDEX orders_submit_state ON orders(submit_state, created_at);
CREATE INDEX orders_remote ON orders(panel_id, remote_id);
CREATE INDEX orders_link ON orders(link);
CREATE INDEX orders_active ON orders(panel_id, id)
    WHERE submit_state = 'placed' AND not_found = 0
      AND state NOT IN ('canceled', 'completed', 'failed', 'partial');
"""


def _step_script(script: str) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        # executescript would COMMIT first; run statement by statement inside our transaction.
        for statement in script.split(";"):
            if statement.strip():
                conn.execute(statement)

    return run


# v3: a trigram full-text index over what the history's search box matches (link, service name,
# order id), so a substring search over 100,000 orders does not scan the table. External
# content: the index stores no copy of the text, triggers keep it in step with `orders`.
_V3 = """
CREATE VIRTUAL TABLE orders_fts USING fts5(
    link, service_name, remote_id, content='orders', content_rowid='id',
    tokenize='trigram case_sensitive 0'
);
CREATE TRIGGER orders_fts_insert AFTER INSERT ON orders BEGIN
    INSERT INTO orders_fts(rowid, link, service_name, remote_id)
    VALUES (new.id, new.link, new.service_name, new.remote_id);
END;
CREATE TRIGGER orders_fts_delete AFTER DELETE ON orders BEGIN
    INSERT INTO orders_fts(orders_fts, rowid, link, service_name, remote_id)
    VALUES ('delete', old.id, old.link, old.service_name, old.remote_id);
END;
CREATE TRIGGER orders_fts_update AFTER UPDATE OF link, service_name, remote_id ON orders BEGIN
    INSERT INTO orders_fts(orders_fts, rowid, link, service_name, remote_id)
    VALUES ('delete', old.id, old.link, old.service_name, old.remote_id);
    INSERT INTO orders_fts(rowid, link, service_name, remote_id)
    VALUES (new.id, new.link, new.service_name, new.remote_id);
END;
INSERT INTO orders_fts(orders_fts) VALUES ('rebuild')
"""

def _step_v3(conn: sqlite3.Connection) -> None:
    run_statements(conn, _V3)


def run_statements(conn: sqlite3.Connection, script: str) -> None:
    """Run a script statement by statement inside the caller's transaction (trigger bodies may
    hold semicolons: statements are cut where SQLite says one is complete)."""
    buffer = ""
    for line in script.strip().splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            conn.execute(buffer)
            buffer = ""
    if buffer.strip():
        conn.execute(buffer)


# v4: one local order per (panel, remote id). Two rows holding the same panel order id double its
# charge in the spending and give one order's status to another (as happened when an uncertain
# order was resolved by hand with an id that already belonged to another order). The step
# deletes nothing: in each group of rows sharing an id it keeps the id on one row (an id the
# panel's own `add` answer or a tracking import gave wins over one typed by hand; then the oldest
# row) and puts every other row back to UNCERTAIN, its id moved to ``disputed_remote_id``, with
# an explanation in ``error`` and an event, so it shows under "Needs attention" to be resolved
# again (now with the checks). Each such row is logged as a warning;
# ``store.orders.disputed_orders()`` lists them. Then the partial unique index makes a second row
# with the same id impossible.
REMOTE_ID_DISPUTED = (
    "Order #{remote} is also recorded for order {keeper} of this panel, so it cannot belong to "
    "both: this order was set back to uncertain. Check on the panel's website which order it is, "
    "then resolve it again."
)


def _step_v4(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE orders ADD COLUMN disputed_remote_id INTEGER")
    groups = conn.execute(
        "SELECT panel_id, remote_id FROM orders WHERE remote_id IS NOT NULL "
        "GROUP BY panel_id, remote_id HAVING COUNT(*) > 1"
    ).fetchall()
    at = conn.execute("SELECT CAST(strftime('%s','now') AS INTEGER) * 1000").fetchone()[0]
    for panel_id, remote_id in groups:
        rows = conn.execute(
            "SELECT o.id, EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id "
            "AND e.kind = 'resolve' AND e.submit_state = 'placed') AS by_hand "
            "FROM orders o WHERE o.panel_id = ? AND o.remote_id = ? ORDER BY by_hand, o.id",
            (panel_id, remote_id),
        ).fetchall()
        keeper = rows[0][0]
        for oid, _ in rows[1:]:
            note = REMOTE_ID_DISPUTED.format(remote=remote_id, keeper=keeper)
            conn.execute(
                "UPDATE orders SET disputed_remote_id = remote_id, remote_id = NULL, "
                "submit_state = 'uncertain', error = ?, updated_at = ? WHERE id = ?",
                (note, at, oid),
            )
            conn.execute(
                "INSERT INTO order_events (order_id, at, kind, submit_state, note) "
                "VALUES (?, ?, 'resolve', 'uncertain', ?)", (oid, at, note))
            log.warning("order %d held panel order #%s, already recorded for order %d: set back "
                        "to uncertain (nothing deleted)", oid, remote_id, keeper)
    conn.execute(
        "CREATE UNIQUE INDEX orders_remote_unique ON orders(panel_id, remote_id) "
        "WHERE remote_id IS NOT NULL")


# v5 (comparing across panels): exchange rates to the home currency (what one unit of
# ``currency`` is worth in it, a Decimal as text; when it was set or the feed's date; "typed" or
# "ecb") and the home currency itself (key ``home_currency``). See ``smmdesk.rates``.
_V5 = """
CREATE TABLE exchange_rates (
    currency  TEXT PRIMARY KEY,
    per_unit  TEXT NOT NULL,
    set_at    INTEGER NOT NULL,
    source    TEXT NOT NULL DEFAULT 'typed'
);
CREATE TABLE currency_settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
)
"""

# v6: automation — schedules and their runs (each run consumed once, by occurrence index),
# automatic-refill bookkeeping per order and rules per service/order, alerts (one active per
# key), and the automation preferences scripts and the GUI share.
_V6 = """
CREATE TABLE schedules (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    panel_id      TEXT NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    service_id    INTEGER NOT NULL,
    service_name  TEXT NOT NULL DEFAULT '',
    fields        TEXT NOT NULL DEFAULT '{}',
    first_run     INTEGER NOT NULL,
    every_ms      INTEGER,
    times         INTEGER,
    until         INTEGER,
    generation    INTEGER NOT NULL DEFAULT 0,
    next_index    INTEGER NOT NULL DEFAULT 0,
    runs_done     INTEGER NOT NULL DEFAULT 0,
    paused        INTEGER NOT NULL DEFAULT 0,
    pause_reason  TEXT,
    base_rate     TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER
);
CREATE TABLE schedule_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
    generation  INTEGER NOT NULL DEFAULT 0,
    idx         INTEGER NOT NULL,
    due_at      INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    outcome     TEXT NOT NULL,
    order_id    INTEGER REFERENCES orders(id) ON DELETE SET NULL,
    message     TEXT,
    UNIQUE (schedule_id, generation, idx)
);
CREATE INDEX schedule_runs_order ON schedule_runs(order_id);
CREATE INDEX schedule_runs_sending ON schedule_runs(outcome) WHERE outcome = 'sending';
CREATE TABLE auto_refill_services (
    panel_id    TEXT NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    service_id  INTEGER NOT NULL,
    enabled     INTEGER,
    window_days INTEGER,
    PRIMARY KEY (panel_id, service_id)
);
CREATE TABLE auto_refill_orders (
    order_id          INTEGER PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,
    enabled           INTEGER,
    window_days       INTEGER,
    last_requested_at INTEGER,
    requests          INTEGER NOT NULL DEFAULT 0,
    stopped_at        INTEGER,
    stop_reason       TEXT
);
CREATE TABLE alerts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,
    key         TEXT NOT NULL,
    message     TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}',
    panel_id    TEXT,
    service_id  INTEGER,
    order_id    INTEGER,
    schedule_id INTEGER,
    raised_at   INTEGER NOT NULL,
    cleared_at  INTEGER
);
CREATE INDEX alerts_key ON alerts(key, cleared_at);
CREATE INDEX alerts_raised ON alerts(raised_at);
CREATE TABLE automation_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
)
"""


# v9 (ten times the data): how many orders each (panel, submit state, state, not found)
# holds, kept in step with ``orders`` by triggers, so the history's tab counts and its total
# need no scan of a million orders. Every bucket of the history is a condition on exactly these
# columns, so a count without search, service or dates is a sum over a few dozen rows.
_V9 = """
CREATE TABLE order_tally (
    panel_id     TEXT NOT NULL,
    submit_state TEXT NOT NULL,
    state        TEXT NOT NULL,
    not_found    INTEGER NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (panel_id, submit_state, state, not_found)
) WITHOUT ROWID;
INSERT INTO order_tally (panel_id, submit_state, state, not_found, n)
    SELECT panel_id, submit_state, state, not_found, COUNT(*) FROM orders
    GROUP BY panel_id, submit_state, state, not_found;
CREATE TRIGGER order_tally_insert AFTER INSERT ON orders BEGIN
    INSERT INTO order_tally (panel_id, submit_state, state, not_found, n)
    VALUES (new.panel_id, new.submit_state, new.state, new.not_found, 1)
    ON CONFLICT (panel_id, submit_state, state, not_found) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER order_tally_delete AFTER DELETE ON orders BEGIN
    UPDATE order_tally SET n = n - 1
    WHERE panel_id = old.panel_id AND submit_state = old.submit_state AND state = old.state
      AND not_found = old.not_found;
END;
CREATE TRIGGER order_tally_update AFTER UPDATE OF panel_id, submit_state, state, not_found
ON orders
WHEN old.panel_id IS NOT new.panel_id OR old.submit_state IS NOT new.submit_state
  OR old.state IS NOT new.state OR old.not_found IS NOT new.not_found
BEGIN
    UPDATE order_tally SET n = n - 1
    WHERE panel_id = old.panel_id AND submit_state = old.submit_state AND state = old.state
      AND not_found = old.not_found;
    INSERT INTO order_tally (panel_id, submit_state, state, not_found, n)
    VALUES (new.panel_id, new.submit_state, new.state, new.not_found, 1)
    ON CONFLICT (panel_id, submit_state, state, not_found) DO UPDATE SET n = n + 1;
END
"""


def _step_v9(conn: sqlite3.Connection) -> None:
    run_statements(conn, _V9)
# ------------------------------------------------------------------ SQL functions

# Between the folded link, service name and order id: a folded search term never contains a
# newline, so a phrase cannot match across two of them.
SEARCH_SEPARATOR = "\n"


def order_search_text(link: object, service_name: object, remote_id: object) -> str:
    """What the history search matches for one order: its link, service name and order id,
    each folded with ``textnorm.fold`` (Turkish case, accents, styled letters, emoji, HTML
    entities), so ``izlenme`` finds "İzlenme" and ``takipci`` finds "TAKİPÇİ"."""
    parts = (
        fold(link) if isinstance(link, str) else "",
        fold(service_name) if isinstance(service_name, str) else "",
        "" if remote_id is None else str(remote_id),
    )
    return SEARCH_SEPARATOR.join(parts)


def order_text(link: object, remote_id: object) -> str:
    """What the trigram index holds for one order (schema v10): its folded link and its order
    id. The service name is matched once per name (``order_names``), not per order."""
    return SEARCH_SEPARATOR.join((fold(link) if isinstance(link, str) else "",
                                  "" if remote_id is None else str(remote_id)))


def _fold_sql(text: object) -> str | None:
    return None if text is None else fold(str(text))


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the schema's triggers and the search use: ``smm_fold(text)``,
    ``smm_order_text(link, remote_id)`` (v10) and ``smm_search_text(link, service_name,
    remote_id)`` (v7's, kept for its migration step). Every connection that writes orders
    needs them (the store registers them on each connection it opens)."""
    conn.create_function("smm_fold", 1, _fold_sql, deterministic=True)
    conn.create_function("smm_search_text", 3, order_search_text, deterministic=True)
    conn.create_function("smm_order_text", 2, order_text, deterministic=True)
    conn.create_function("smm_ledger", 9, ledger_micros, deterministic=True)


def ledger_micros(kind: int, state: object, quantity: object, remains: object, runs: object,
                  sell_price: object, charge: object, estimate: object, rate: object) -> int:
    """One placed order's line in the ledger's tally (v17), in integer millionths (exact sums
    in SQL): ``kind`` 0 its revenue (home currency), 1 its cost (at ``rate``, the rate kept
    with the order; the order's own currency when there is none). ``profit`` says the rules."""
    st = state if isinstance(state, str) else None
    q = quantity if isinstance(quantity, int) else None
    r = remains if isinstance(remains, int) else None
    n = runs if isinstance(runs, int) else None
    if kind == 0:
        line = profit.revenue_line(st, q, r, n, profit.to_decimal(sell_price))
    else:
        line = profit.cost_line(st, q, r, n, profit.to_decimal(charge),
                                profit.to_decimal(estimate),
                                profit.to_decimal(rate) or Decimal(1))
    return 0 if line is None else int(line * profit.MICROS)


# v7: the history search matches folded text. ``orders.search_text`` holds the folded
# link, service name and order id (kept by triggers); the trigram index is built over it, and
# the short-term scan (LIKE) reads it too, so both agree and neither calls Python per row.
_V7 = """
DROP TRIGGER IF EXISTS orders_fts_insert;
DROP TRIGGER IF EXISTS orders_fts_delete;
DROP TRIGGER IF EXISTS orders_fts_update;
DROP TABLE IF EXISTS orders_fts;
ALTER TABLE orders ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE orders SET search_text = smm_search_text(link, service_name, remote_id);
CREATE VIRTUAL TABLE orders_fts USING fts5(
    search_text, content='orders', content_rowid='id', tokenize='trigram case_sensitive 0'
);
CREATE TRIGGER orders_search_insert AFTER INSERT ON orders BEGIN
    UPDATE orders SET search_text = smm_search_text(new.link, new.service_name, new.remote_id)
    WHERE id = new.id;
    INSERT INTO orders_fts(rowid, search_text)
    VALUES (new.id, smm_search_text(new.link, new.service_name, new.remote_id));
END;
CREATE TRIGGER orders_search_delete AFTER DELETE ON orders BEGIN
    INSERT INTO orders_fts(orders_fts, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER orders_search_update AFTER UPDATE OF link, service_name, remote_id ON orders BEGIN
    INSERT INTO orders_fts(orders_fts, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
    UPDATE orders SET search_text = smm_search_text(new.link, new.service_name, new.remote_id)
    WHERE id = new.id;
    INSERT INTO orders_fts(rowid, search_text)
    VALUES (new.id, smm_search_text(new.link, new.service_name, new.remote_id));
END;
INSERT INTO orders_fts(orders_fts) VALUES ('rebuild')
"""


def _step_v7(conn: sqlite3.Connection) -> None:
    register_functions(conn)
    run_statements(conn, _V7)


# v10 (the file for a million orders): the search index holds what differs per order
# and nothing else. A service's name is folded and matched ONCE PER NAME (``order_names``: every
# distinct ``orders.service_name``, folded; ``orders.name_id`` points at it, indexed), not copied
# into every order's text and index: ``orders.search_text`` now holds only the folded link and
# the order id, and ``orders_fts`` is a contentless trigram index over it with ``detail=none``
# (which rows hold a trigram, not where): a search ANDs the term's trigrams for candidates and
# checks each against ``search_text`` (``LIKE``), so the answer is exact. ``orders_remote``
# duplicated ``orders_remote_unique`` (v4; every lookup names a remote id, which implies the
# partial index's ``IS NOT NULL``); ``orders_link`` served only the duplicate check, which now
# has a partial index over the orders it can match (not final). ``orders_state`` and
# ``orders_submit_state`` give way to partial indexes: rows still sending (crash recovery) and
# the less common final states (the Partial and Canceled tabs' first page); the Completed tab,
# most of any history, pages in date order, and every tab counts from ``order_tally`` (v9).
# ``Store`` runs VACUUM after this step (outside its transaction).
_V10 = """
DROP TRIGGER IF EXISTS orders_search_insert;
DROP TRIGGER IF EXISTS orders_search_delete;
DROP TRIGGER IF EXISTS orders_search_update;
DROP TABLE IF EXISTS orders_fts;
DROP INDEX IF EXISTS orders_remote;
DROP INDEX IF EXISTS orders_link;
DROP INDEX IF EXISTS orders_state;
DROP INDEX IF EXISTS orders_submit_state;
CREATE TABLE IF NOT EXISTS order_names (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    folded  TEXT NOT NULL
);
INSERT INTO order_names (name, folded)
    SELECT name, smm_fold(name) FROM (SELECT DISTINCT service_name AS name FROM orders)
    WHERE true ON CONFLICT (name) DO NOTHING;
UPDATE orders SET search_text = smm_order_text(link, remote_id),
    name_id = (SELECT n.id FROM order_names n WHERE n.name = orders.service_name);
CREATE INDEX IF NOT EXISTS orders_name ON orders(name_id);
CREATE INDEX IF NOT EXISTS orders_duplicate ON orders(panel_id, service_id, link)
    WHERE not_found = 0 AND submit_state IN ('placed','uncertain','submitting')
      AND state NOT IN ('canceled', 'completed', 'failed', 'partial');
CREATE INDEX IF NOT EXISTS orders_sending ON orders(created_at) WHERE submit_state = 'submitting';
CREATE INDEX IF NOT EXISTS orders_settled ON orders(state, created_at)
    WHERE state = 'partial' OR state = 'canceled' OR state = 'failed';
CREATE VIRTUAL TABLE orders_fts USING fts5(
    search_text, content='', detail=none, columnsize=0,
    tokenize='trigram case_sensitive 0'
);
INSERT INTO orders_fts(rowid, search_text) SELECT id, search_text FROM orders;
CREATE TRIGGER orders_search_insert AFTER INSERT ON orders BEGIN
    INSERT INTO order_names (name, folded) VALUES (new.service_name, smm_fold(new.service_name))
    ON CONFLICT (name) DO NOTHING;
    UPDATE orders SET search_text = smm_order_text(new.link, new.remote_id),
        name_id = (SELECT n.id FROM order_names n WHERE n.name = new.service_name)
    WHERE id = new.id;
    INSERT INTO orders_fts(rowid, search_text)
    VALUES (new.id, smm_order_text(new.link, new.remote_id));
END;
CREATE TRIGGER orders_search_delete AFTER DELETE ON orders BEGIN
    INSERT INTO orders_fts(orders_fts, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER orders_search_update AFTER UPDATE OF link, service_name, remote_id ON orders BEGIN
    INSERT INTO orders_fts(orders_fts, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
    INSERT INTO order_names (name, folded) VALUES (new.service_name, smm_fold(new.service_name))
    ON CONFLICT (name) DO NOTHING;
    UPDATE orders SET search_text = smm_order_text(new.link, new.remote_id),
        name_id = (SELECT n.id FROM order_names n WHERE n.name = new.service_name)
    WHERE id = new.id;
    INSERT INTO orders_fts(rowid, search_text)
    VALUES (new.id, smm_order_text(new.link, new.remote_id));
END
"""


def _step_v10(conn: sqlite3.Connection) -> None:
    register_functions(conn)
    columns = {r[1] for r in conn.execute("PRAGMA table_info(orders)")}
    if "name_id" not in columns:  # (a file whose user_version was set back keeps its column)
        conn.execute("ALTER TABLE orders ADD COLUMN name_id INTEGER")
    run_statements(conn, _V10)


# v11 (the file for a million orders, second pass): ``orders`` rebuilt without what
# another table already says once. The service name is no longer copied into every order: it is
# in ``order_names`` (v10) and the order keeps only ``name_id`` (written by the store, which
# adds a new name there first). The panel is an integer, ``panel_key``, in the row, in its
# indexes and in ``order_tally``: ``panel_keys`` gives each panel id (16 characters) a small key
# once (the store adds it with the panel's first order; deleting the panel deletes its key and,
# by cascade, its orders, as before). Every order, its id and ``sqlite_sequence`` keep their values;
# ``order_events``, ``refills``, ``schedule_runs`` and ``auto_refill_orders`` refer to the same
# ids. ``search_text`` keeps only the folded link: the order id is in the row already (a
# search for digits also matches ``CAST(remote_id AS TEXT)``). The trigram index still holds
# the folded link and the id, the same text as v10 (``search_text || char(10) || remote_id``,
# which the triggers give it to add and to delete, with no Python call on delete), so it is
# kept as it is.
# ``migrate`` turns foreign keys off around the steps (a DROP TABLE with them on would delete
# every event by cascade); ``Store`` runs VACUUM after this step.
# v11's codes. An order's ``submit_state``, ``state`` and ``service_type`` are stored as small
# integers (``submit_code``, ``state_code``, ``type_code``; a text the codes do not know is kept
# as it is) and read as text through virtual generated columns of the old names, so every
# query, index and trigger that compares them to 'placed' or 'completed' is unchanged; writers
# give the codes (``SUBMIT_CODES``, ``STATE_CODES``, ``TYPE_CODES``).
# v11's events: ``kind``, ``state`` and ``submit_state`` of a known value are small integers
# (columns without a declared type keep whatever they are given: a kind or state the codes do
# not know is kept as its text). Readers map them back (``event_value``). The index serves one
# order's events by ``order_id`` alone (an order has a handful; sorting them by time is free).
EVENT_KINDS = {"state": 0, "submit": 1, "track": 2, "resolve": 3, "refill": 4, "cancel": 5}
STATE_CODES = {"completed": 0, "pending": 1, "in_progress": 2, "processing": 3, "partial": 4,
               "canceled": 5, "failed": 6, "unknown": 7}
SUBMIT_CODES = {"placed": 0, "submitting": 1, "rejected": 2, "uncertain": 3}
# The service types as panels spell them (``servicetypes``); another spelling is kept as text.
TYPE_CODES = {t: i for i, t in enumerate((
    "Default", "Package", "Custom Comments", "Custom Comments Package", "Mentions",
    "Mentions with Hashtags", "Mentions Custom List", "Mentions Hashtag",
    "Mentions User Followers", "Mentions Media Likers", "Comment Likes", "Comment Replies",
    "Poll", "Invites from Groups", "Subscriptions", "SEO", "Web Traffic", ""))}
EVENT_STATES = STATE_CODES
EVENT_SUBMIT_STATES = SUBMIT_CODES


def event_value(codes: dict[str, int], stored: object) -> str | None:
    """The text of an event's kind/state/submit state as stored by v11 (a code or a text)."""
    if isinstance(stored, int):
        return next((name for name, code in codes.items() if code == stored), str(stored))
    return None if stored is None else str(stored)


def _case(column: str, codes: dict[str, int]) -> str:
    whens = " ".join(f"WHEN '{k}' THEN {v}" for k, v in codes.items())
    return f"CASE {column} {whens} ELSE {column} END"


def _case_text(column: str, codes: dict[str, int]) -> str:
    whens = " ".join(f"WHEN {v} THEN '{k}'" for k, v in codes.items())
    return f"CASE {column} {whens} ELSE {column} END"


_V11_PANEL_KEYS = """
CREATE TABLE panel_keys (
    key  INTEGER PRIMARY KEY,
    id   TEXT NOT NULL UNIQUE REFERENCES panels(id) ON DELETE CASCADE
)
"""

_V11_ORDERS = """
CREATE TABLE orders_v11 (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    panel_key          INTEGER NOT NULL REFERENCES panel_keys(key) ON DELETE CASCADE,
    service_id         INTEGER NOT NULL,
    name_id            INTEGER NOT NULL,
    type_code          NOT NULL,
    remote_id          INTEGER,
    submit_code        NOT NULL,
    state_code         NOT NULL,
    raw_status         TEXT,
    error              TEXT,
    link               TEXT,
    quantity           INTEGER,
    fields             TEXT NOT NULL DEFAULT '{}',
    charge_estimate    TEXT,
    charge             TEXT,
    currency           TEXT,
    start_count        INTEGER,
    remains            INTEGER,
    runs               INTEGER,
    interval           INTEGER,
    not_found          INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    likely_duplicate   INTEGER NOT NULL DEFAULT 0,
    tracked            INTEGER NOT NULL DEFAULT 0,
    last_checked_at    INTEGER,
    disputed_remote_id INTEGER,
    search_text        TEXT NOT NULL DEFAULT '',
    service_type       TEXT GENERATED ALWAYS AS ({type_text}) VIRTUAL,
    submit_state       TEXT GENERATED ALWAYS AS ({submit_text}) VIRTUAL,
    state              TEXT GENERATED ALWAYS AS ({state_text}) VIRTUAL
)
"""

_V11_COPY = """
INSERT INTO orders_v11 (id, panel_key, service_id, name_id, type_code, remote_id, submit_code,
    state_code, raw_status, error, link, quantity, fields, charge_estimate, charge, currency,
    start_count, remains, runs, interval, not_found, created_at, updated_at, likely_duplicate,
    tracked, last_checked_at, disputed_remote_id, search_text)
SELECT o.id, (SELECT k.key FROM panel_keys k WHERE k.id = o.panel_id), o.service_id,
    COALESCE(o.name_id, (SELECT n.id FROM order_names n WHERE n.name = o.service_name)),
    {type_code}, o.remote_id, {submit_code}, {state_code}, o.raw_status, o.error, o.link,
    o.quantity, o.fields, o.charge_estimate, o.charge, o.currency, o.start_count, o.remains,
    o.runs, o.interval, o.not_found, o.created_at, o.updated_at, o.likely_duplicate, o.tracked,
    o.last_checked_at, o.disputed_remote_id,
    CASE WHEN instr(o.search_text, char(10)) > 0
         THEN substr(o.search_text, 1, instr(o.search_text, char(10)) - 1)
         ELSE o.search_text END
FROM orders o ORDER BY o.id
"""

_V11_ORDERS = (_V11_ORDERS.replace("{submit_text}", _case_text("submit_code", SUBMIT_CODES))
               .replace("{state_text}", _case_text("state_code", STATE_CODES))
               .replace("{type_text}", _case_text("type_code", TYPE_CODES)))
_V11_COPY = (_V11_COPY.replace("{submit_code}", _case("o.submit_state", SUBMIT_CODES))
             .replace("{state_code}", _case("o.state", STATE_CODES))
             .replace("{type_code}", _case("o.service_type", TYPE_CODES)))

_V11_AFTER = """
CREATE INDEX orders_panel ON orders(panel_key, created_at);
CREATE INDEX orders_created ON orders(created_at);
CREATE INDEX orders_active ON orders(panel_key, id)
    WHERE submit_state = 'placed' AND not_found = 0
      AND state NOT IN ('canceled', 'completed', 'failed', 'partial');
CREATE UNIQUE INDEX orders_remote_unique ON orders(panel_key, remote_id)
    WHERE remote_id IS NOT NULL;
CREATE INDEX orders_name ON orders(name_id);
CREATE INDEX orders_duplicate ON orders(panel_key, service_id, link)
    WHERE not_found = 0 AND submit_state IN ('placed','uncertain','submitting')
      AND state NOT IN ('canceled', 'completed', 'failed', 'partial');
CREATE INDEX orders_sending ON orders(created_at) WHERE submit_state = 'submitting';
CREATE INDEX orders_settled ON orders(state, created_at)
    WHERE state = 'partial' OR state = 'canceled' OR state = 'failed';
DROP TABLE order_tally;
CREATE TABLE order_tally (
    panel_key    INTEGER NOT NULL,
    submit_state TEXT NOT NULL,
    state        TEXT NOT NULL,
    not_found    INTEGER NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (panel_key, submit_state, state, not_found)
) WITHOUT ROWID;
INSERT INTO order_tally (panel_key, submit_state, state, not_found, n)
    SELECT panel_key, submit_state, state, not_found, COUNT(*) FROM orders
    GROUP BY panel_key, submit_state, state, not_found;
CREATE TRIGGER order_tally_insert AFTER INSERT ON orders BEGIN
    INSERT INTO order_tally (panel_key, submit_state, state, not_found, n)
    VALUES (new.panel_key, new.submit_state, new.state, new.not_found, 1)
    ON CONFLICT (panel_key, submit_state, state, not_found) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER order_tally_delete AFTER DELETE ON orders BEGIN
    UPDATE order_tally SET n = n - 1
    WHERE panel_key = old.panel_key AND submit_state = old.submit_state AND state = old.state
      AND not_found = old.not_found;
END;
CREATE TRIGGER order_tally_update AFTER UPDATE OF panel_key, submit_code, state_code, not_found
ON orders
WHEN old.panel_key IS NOT new.panel_key OR old.submit_state IS NOT new.submit_state
  OR old.state IS NOT new.state OR old.not_found IS NOT new.not_found
BEGIN
    UPDATE order_tally SET n = n - 1
    WHERE panel_key = old.panel_key AND submit_state = old.submit_state AND state = old.state
      AND not_found = old.not_found;
    INSERT INTO order_tally (panel_key, submit_state, state, not_found, n)
    VALUES (new.panel_key, new.submit_state, new.state, new.not_found, 1)
    ON CONFLICT (panel_key, submit_state, state, not_found) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER orders_search_insert AFTER INSERT ON orders BEGIN
    UPDATE orders SET search_text = COALESCE(smm_fold(new.link), '') WHERE id = new.id;
    INSERT INTO orders_fts(rowid, search_text)
    VALUES (new.id, COALESCE(smm_fold(new.link), '') || char(10) || COALESCE(new.remote_id, ''));
END;
CREATE TRIGGER orders_search_delete AFTER DELETE ON orders BEGIN
    INSERT INTO orders_fts(orders_fts, rowid, search_text)
    VALUES ('delete', old.id, old.search_text || char(10) || COALESCE(old.remote_id, ''));
END;
CREATE TRIGGER orders_search_update AFTER UPDATE OF link, remote_id ON orders BEGIN
    INSERT INTO orders_fts(orders_fts, rowid, search_text)
    VALUES ('delete', old.id, old.search_text || char(10) || COALESCE(old.remote_id, ''));
    UPDATE orders SET search_text = COALESCE(smm_fold(new.link), '') WHERE id = new.id;
    INSERT INTO orders_fts(rowid, search_text)
    VALUES (new.id, COALESCE(smm_fold(new.link), '') || char(10) || COALESCE(new.remote_id, ''));
END
"""


_V11_EVENTS = f"""
CREATE TABLE order_events_v11 (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id     INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    at           INTEGER NOT NULL,
    kind         NOT NULL DEFAULT 0,
    submit_state,
    state,
    raw_status   TEXT,
    remains      INTEGER,
    charge       TEXT,
    note         TEXT
);
INSERT INTO order_events_v11 (id, order_id, at, kind, submit_state, state, raw_status, remains,
    charge, note)
SELECT id, order_id, at, {_case("kind", EVENT_KINDS)}, {_case("submit_state", EVENT_SUBMIT_STATES)},
    {_case("state", EVENT_STATES)}, raw_status, remains, charge, note
FROM order_events ORDER BY id
"""


def _rebuilt(conn: sqlite3.Connection, table: str, script: str) -> None:
    """Replace ``table`` by ``{table}_v11`` (which ``script`` creates and fills), keeping its
    AUTOINCREMENT counter (ids of deleted rows at the end are never given again)."""
    seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    run_statements(conn, script)
    conn.execute(f"DROP TABLE {table}")  # its indexes and triggers go with it
    conn.execute(f"ALTER TABLE {table}_v11 RENAME TO {table}")
    if seq is not None:
        conn.execute("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?",
                     (seq[0], table))
        if conn.execute("SELECT changes()").fetchone()[0] == 0:
            conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
                         (table, seq[0]))


def _step_v11(conn: sqlite3.Connection) -> None:
    register_functions(conn)
    # A name an order holds but ``order_names`` lacks (none after v10's step; cheap to be sure).
    conn.execute(
        "INSERT INTO order_names (name, folded) SELECT name, smm_fold(name) FROM "
        "(SELECT DISTINCT service_name AS name FROM orders WHERE name_id IS NULL) "
        "WHERE true ON CONFLICT (name) DO NOTHING")
    # Keys in the order the panels were added; then any panel id an order holds without its
    # panel row (none while foreign keys were on; kept rather than lost).
    conn.execute(_V11_PANEL_KEYS)
    conn.execute("INSERT INTO panel_keys (id) SELECT id FROM panels ORDER BY created_at, id")
    conn.execute("INSERT INTO panel_keys (id) SELECT DISTINCT panel_id FROM orders "
                 "WHERE true ON CONFLICT (id) DO NOTHING")
    _rebuilt(conn, "orders", _V11_ORDERS + ";" + _V11_COPY)
    _rebuilt(conn, "order_events", _V11_EVENTS)
    conn.execute("CREATE INDEX order_events_order ON order_events(order_id)")
    run_statements(conn, _V11_AFTER)


# v13: mass orders in the database, beside the orders they placed (they were one JSON
# file per batch, rewritten whole by whichever process wrote last). A batch is one run of a
# list through its re-runs (``mass_batches``; ``fresh``: a new batch asked for on purpose); its
# lines (``mass_lines``) are claimed ("sent") in the transaction that records their order as
# submitting, so a line's outcome is its order's (placed, refused, uncertain, resolved later)
# and can never be lost or overwritten; ``mass_runs`` holds one row per list being placed now,
# with its owner's presence mark (``smmdesk.presence``): a second run of the list refuses to
# start, and a killed run's row is taken over once its mark is gone.
_V13 = """
CREATE TABLE mass_batches (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    panel_id    TEXT NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    list_id     TEXT NOT NULL,
    fresh       INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    legacy_id   TEXT
);
CREATE INDEX mass_batches_list ON mass_batches(panel_id, list_id, id);
CREATE TABLE mass_lines (
    batch_id    INTEGER NOT NULL REFERENCES mass_batches(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    raw         TEXT NOT NULL,
    service_id  INTEGER,
    link        TEXT NOT NULL,
    quantity    TEXT NOT NULL,
    problem     TEXT,
    state       TEXT NOT NULL DEFAULT 'pending',
    order_id    INTEGER,
    reason      TEXT,
    ref_line    INTEGER,
    ref_batch   INTEGER,
    at          INTEGER,
    PRIMARY KEY (batch_id, idx)
) WITHOUT ROWID;
CREATE INDEX mass_lines_sent ON mass_lines(service_id, link, quantity, at) WHERE state = 'sent';
CREATE INDEX mass_lines_recent ON mass_lines(at) WHERE state = 'sent';
CREATE TABLE mass_runs (
    panel_id    TEXT NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    list_id     TEXT NOT NULL,
    owner       TEXT NOT NULL,
    pid         INTEGER NOT NULL,
    batch_id    INTEGER,
    since       INTEGER NOT NULL,
    PRIMARY KEY (panel_id, list_id)
) WITHOUT ROWID
"""


# v14 (unattended work that can never spend twice): a schedule's run index never goes
# back — ``start_index`` is the index of its (edited) timing's first run — and ``held_index``
# is a due run a guard (price rise, service gone) holds unconsumed until Resume; automatic
# refills count the panel's refusals in a row (three raise an alert) and keep the last one.
_V14 = """
ALTER TABLE schedules ADD COLUMN start_index INTEGER NOT NULL DEFAULT 0;
ALTER TABLE schedules ADD COLUMN held_index INTEGER;
ALTER TABLE auto_refill_orders ADD COLUMN refusals INTEGER NOT NULL DEFAULT 0;
ALTER TABLE auto_refill_orders ADD COLUMN last_refusal TEXT
"""


# v15: an order's ``quantity`` is what was ordered. Versions up to 14 copied a status's
# ``remains`` over it when the panel reported more remaining than ordered (100 ordered showed
# 157). The step restores the ordered quantity from
# what was sent (``fields``, exactly the ``add`` request), computed as ``place_order`` does (the
# form's quantity; the number of lines for the list types; ``max`` × posts for Subscriptions).
# Only a larger stored quantity is restored (the copy only ever raised it); an order with no
# record of what was sent (tracked by id: ``fields`` is ``{}``), a drip-feed order (never
# overwritten) and one whose sent values give no quantity stay as they are.
# Orders whose sent quantity is already the stored one are left out in SQL (``fields`` is
# written by ``json.dumps(sort_keys=True)``: its ``"quantity": "N"`` is found as text).
_V15_CANDIDATES = (
    "SELECT id, type_code, quantity, fields FROM orders WHERE quantity IS NOT NULL "
    "AND fields != '{}' AND COALESCE(runs, 1) <= 1 "
    "AND instr(fields, '\"quantity\": \"' || quantity || '\"') = 0"
)


def ordered_quantity(type_name: str, fields: object) -> int | None:
    """The quantity ``Workspace.place_order`` records for these sent values (None: none)."""
    if not isinstance(fields, dict):
        return None
    service = Service(0, "", type_name, "", Decimal(0), 0, 0)
    if servicetypes.posts_of(service, fields) is not None:
        return servicetypes.total_quantity(service, fields)
    return servicetypes.quantity_of(service, fields)


def _step_v15(conn: sqlite3.Connection) -> None:
    names = {code: name for name, code in TYPE_CODES.items()}
    restored = 0
    for oid, type_code, quantity, fields in conn.execute(_V15_CANDIDATES).fetchall():
        type_name = names.get(type_code, type_code) if isinstance(type_code, int) else type_code
        try:
            sent = json.loads(fields)
        except (TypeError, ValueError):
            continue
        ordered = ordered_quantity(str(type_name or ""), sent)
        if ordered is not None and quantity > ordered:
            conn.execute("UPDATE orders SET quantity = ? WHERE id = ?", (ordered, oid))
            restored += 1
    if restored:
        log.info("v15: the ordered quantity of %d order(s) restored from what was sent", restored)

# v16 (a placement's outcome is a code, not a sentence): ``orders.outcome`` holds why a placement
# ended as it did (``models.OutcomeKind``'s value: the panel's refusal kind, why it was never
# sent, why it may have been placed) and ``orders.not_sent`` whether anything reached the panel;
# ``orders.error`` keeps only the panel's or the network's own words beside it. The rows older
# versions wrote as English sentences ("Not sent: …", "… The order may have been placed. …",
# "Placed, and the panel also said: …") are read into kinds here; a sentence not recognised is
# left as it is (shown as written). A refill window set by hand as -1 ("no end") becomes the one
# lifetime, ``refillwindow.LIFETIME`` days.
_V16_COLUMNS = {"outcome": "TEXT", "not_sent": "INTEGER NOT NULL DEFAULT 0"}
_V16 = """
UPDATE auto_refill_services SET window_days = 36500 WHERE window_days = -1;
UPDATE auto_refill_orders SET window_days = 36500 WHERE window_days = -1
"""

# What versions up to 15 wrote, exactly (history: never edit these to follow a new wording).
_OLD_NOT_SENT = "Not sent:"
_OLD_PLACED_NOTE = "Placed, and the panel also said: "
_OLD_ADVICE = " Check the panel's order list before ordering again."
_OLD_MAY_BE = " The order may have been placed."
_OLD_FIXED = {
    "Not placed (checked by you)": "checked_not_placed",
    "The app stopped while sending this order: it may have been placed.": "app_stopped",
    "SMM Desk was closed while sending this order: it may have been placed.": "app_closed",
}
_OLD_RATE_LIMITED = re.compile(
    r"^Not sent: the panel is limiting requests \((.*)\); nothing was placed\.$", re.S)
_OLD_ERROR_FIRST = re.compile(r"^[A-Z]\w*(?:Error|Exception): ")
_OLD_DISPUTED = re.compile(
    r"^Order #(\d+) is also recorded for order (\S+) of this panel, so it cannot belong to both")
_OLD_UNCERTAIN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^The panel's answer could not be read \((.*)\)\.$", re.S), "unreadable"),
    (re.compile(r"^The panel's answer could not be read \((\w+)\); the order may have been "
                r"placed\.$"), "unreadable"),
    (re.compile(r"^Unexpected error while sending \((\w+)\)[.;]"), "unexpected"),
    (re.compile(r"^The panel answered with order #(\d+), which is already recorded for order "
                r"(\S+)\.$"), "id_taken"),
    (re.compile(r"^The panel answered with order #(\d+), but saving that failed "
                r"\((\w+)\)\.$"), "not_saved"),
    (re.compile(r"^The panel answered, but saving its answer failed \((\w+)\)\.$"),
     "not_saved"),
    (re.compile(r"^The panel's answer to the order is not an object: (.*?)\.?$", re.S),
     "not_an_object"),
    (re.compile(r"^The panel answered with an order id that is not a usable number \((.*?)\)"
                r"(?: and said: .*)?\.$", re.S), "bad_id"),
    (re.compile(r"^The panel answered with an empty error and no order id\.$()"), "empty_error"),
    (re.compile(r"^The panel answered with order (.*), which is not an order id\.$", re.S),
     "not_an_id"),
    (re.compile(r"^The panel's answer has no order id: (.*?)\.?$", re.S), "no_id"),
)
_REFUSAL_CODES = {"other": "refused"}


def old_outcome(submit_state: str, text: str) -> tuple[str, str | None, int] | None:
    """(outcome code, detail, not sent) of an order row an older version wrote as a sentence;
    None when the sentence is not one the app wrote (it is then kept as it is)."""
    text = text.strip()
    if submit_state == "placed":
        if text.startswith(_OLD_PLACED_NOTE):
            return "placed_note", text[len(_OLD_PLACED_NOTE):], 0
        return None
    fixed = _OLD_FIXED.get(text)
    if fixed is not None:
        return fixed, None, 0
    if submit_state == "rejected":
        if text.startswith(_OLD_NOT_SENT):
            m = _OLD_RATE_LIMITED.match(text)
            if m is not None:
                return "rate_limited", m[1], 1
            detail = text[len(_OLD_NOT_SENT):].strip()
            if detail.startswith(("'no panel", '"no panel')):
                return "panel_gone", None, 1
            if "keyring" in detail or "API key" in detail:
                return "no_key", detail, 1
            if _OLD_ERROR_FIRST.match(detail):
                return "not_sent", detail, 1
            return "no_connection", detail, 1
        from smmdesk.api.words import classify_error  # deliberately lazy: this step alone

        code = classify_error(text).value
        return _REFUSAL_CODES.get(code, code), text, 0
    if submit_state != "uncertain":
        return None
    m = _OLD_DISPUTED.match(text)
    if m is not None:
        return "disputed", f"{m[1]} {m[2]}", 0
    advised = text.endswith(_OLD_ADVICE)
    reason = text.removesuffix(_OLD_ADVICE).removesuffix(_OLD_MAY_BE).strip()
    for pattern, code in _OLD_UNCERTAIN:
        m = pattern.match(reason)
        if m is not None:
            return code, " ".join(g for g in m.groups() if g) or None, 0
    if advised:  # a network sentence (the request was sent, no answer came)
        return "no_answer", reason, 0
    return None


def _step_v16(conn: sqlite3.Connection) -> None:
    # A file stamped with an older version than its columns (a restored backup's header, a
    # test's hand-made file) is migrated all the same: a column already there is kept.
    have = {r[1] for r in conn.execute("PRAGMA table_info(orders)")}
    for column, kind in _V16_COLUMNS.items():
        if column not in have:
            conn.execute(f"ALTER TABLE orders ADD COLUMN {column} {kind}")
    run_statements(conn, _V16)
    rows = conn.execute(
        "SELECT id, submit_state, error FROM orders WHERE error IS NOT NULL "
        "AND submit_state IN ('placed', 'rejected', 'uncertain') AND not_found = 0").fetchall()
    updates = []
    for order_id, state, text in rows:
        found = old_outcome(state, text)
        if found is not None:
            updates.append((found[0], found[1], found[2], order_id))
    conn.executemany("UPDATE orders SET outcome = ?, error = ?, not_sent = ? WHERE id = ?",
                     updates)
    if updates:
        log.info("v16: %d order outcome(s) read into kinds, %d kept as written", len(updates),
                 len(rows) - len(updates))


# v17 (the reseller's books, issue 26): customers, price rules and payments; an order may carry
# the customer it was sold to, its sell price (``sell_price``, home currency, decimal text) and
# the rate of its currency to the home currency in force when it was placed (``home_rate``,
# kept: a later rate never rewrites old profit). The orders of the home currency already
# recorded get the rate 1 (always in force); the others keep none (counted apart).
# ``ledger_tally`` keeps every placed order's revenue and cost per UTC day, panel, service,
# customer (0: none) and ``cur`` ('' converted; else the order's currency, no rate known, '?'
# when even the currency is not known) as
# integer millionths: the triggers add and take away each order's line (``ledger_micros``) as
# it is recorded, changes state or charge, or is given a customer, so the reports read a few
# thousand rows instead of a million orders.
_V17_COLUMNS = {"customer_id": "INTEGER REFERENCES customers(id) ON DELETE SET NULL",
                "sell_price": "TEXT", "home_rate": "TEXT"}
_V17_TABLES = """
CREATE TABLE IF NOT EXISTS customers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    folded      TEXT NOT NULL,
    contact     TEXT,
    notes       TEXT,
    archived_at INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS customers_folded ON customers(folded);
CREATE TABLE IF NOT EXISTS price_rules (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    markup      TEXT NOT NULL,
    panel_id    TEXT REFERENCES panels(id) ON DELETE CASCADE,
    category    TEXT,
    service_id  INTEGER,
    customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE,
    minimum     TEXT,
    round_to    TEXT,
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS price_rules_scope ON price_rules(
    ifnull(panel_id, ''), ifnull(category, ''), ifnull(service_id, -1),
    ifnull(customer_id, -1));
CREATE TABLE IF NOT EXISTS payments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    amount      TEXT NOT NULL,
    at          INTEGER NOT NULL,
    note        TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS payments_customer ON payments(customer_id, at)
"""
_V17_LINE = ("smm_ledger({kind}, {o}.state, {o}.quantity, {o}.remains, {o}.runs, "
             "{o}.sell_price, {o}.charge, {o}.charge_estimate, {o}.home_rate)")
_V17_KEY = ("{o}.created_at / 86400000, {o}.panel_key, {o}.service_id, "
            "COALESCE({o}.customer_id, 0), "
            "CASE WHEN {o}.home_rate IS NULL THEN COALESCE({o}.currency, '?') ELSE '' END")
_V17_UPSERT = ("ON CONFLICT (day, panel_key, service_id, customer_id, cur) DO UPDATE SET "
               "n = n + excluded.n, revenue = revenue + excluded.revenue, "
               "cost = cost + excluded.cost")


def _v17_add(o: str, sign: str) -> str:
    key = _V17_KEY.format(o=o)
    rev = _V17_LINE.format(kind=0, o=o)
    cost = _V17_LINE.format(kind=1, o=o)
    return (f"INSERT INTO ledger_tally (day, panel_key, service_id, customer_id, cur, n, revenue, "
            f"cost) SELECT {key}, {sign}1, {sign}{rev}, {sign}{cost} "
            f"WHERE {o}.submit_state = 'placed' {_V17_UPSERT}")


_V17_TALLY = f"""
DROP TRIGGER IF EXISTS ledger_insert;
DROP TRIGGER IF EXISTS ledger_delete;
DROP TRIGGER IF EXISTS ledger_update;
DROP TABLE IF EXISTS ledger_tally;
CREATE TABLE ledger_tally (
    day         INTEGER NOT NULL,
    panel_key   INTEGER NOT NULL,
    service_id  INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    cur         TEXT NOT NULL,
    n           INTEGER NOT NULL,
    revenue     INTEGER NOT NULL,
    cost        INTEGER NOT NULL,
    PRIMARY KEY (day, panel_key, service_id, customer_id, cur)
) WITHOUT ROWID;
CREATE INDEX ledger_tally_customer ON ledger_tally(customer_id, day) WHERE customer_id != 0;
INSERT INTO ledger_tally (day, panel_key, service_id, customer_id, cur, n, revenue, cost)
    SELECT {_V17_KEY.format(o="o")}, COUNT(*), SUM({_V17_LINE.format(kind=0, o="o")}),
        SUM({_V17_LINE.format(kind=1, o="o")})
    FROM orders o WHERE o.submit_state = 'placed'
    GROUP BY 1, 2, 3, 4, 5;
CREATE INDEX IF NOT EXISTS orders_customer ON orders(customer_id, created_at)
    WHERE customer_id IS NOT NULL;
CREATE TRIGGER ledger_insert AFTER INSERT ON orders WHEN new.submit_state = 'placed' BEGIN
    {_v17_add("new", "")};
END;
CREATE TRIGGER ledger_delete AFTER DELETE ON orders WHEN old.submit_state = 'placed' BEGIN
    {_v17_add("old", "-")};
END;
CREATE TRIGGER ledger_update AFTER UPDATE OF submit_code, state_code, quantity, remains, runs,
    charge, charge_estimate, sell_price, home_rate, customer_id, currency, created_at,
    panel_key, service_id ON orders
WHEN old.submit_state = 'placed' OR new.submit_state = 'placed' BEGIN
    {_v17_add("old", "-")};
    {_v17_add("new", "")};
END
"""


def _step_v17(conn: sqlite3.Connection) -> None:
    # (a file stamped older than its tables, as v16 allows, gets its tally made afresh)
    register_functions(conn)
    run_statements(conn, _V17_TABLES)
    have = {r[1] for r in conn.execute("PRAGMA table_info(orders)")}
    for column, kind in _V17_COLUMNS.items():
        if column not in have:
            conn.execute(f"ALTER TABLE orders ADD COLUMN {column} {kind}")
    # a schedule may place its runs for a customer (each at the rules' sell price then)
    if "customer_id" not in {r[1] for r in conn.execute("PRAGMA table_info(schedules)")}:
        conn.execute("ALTER TABLE schedules ADD COLUMN customer_id INTEGER "
                     "REFERENCES customers(id) ON DELETE SET NULL")
    conn.execute(
        "UPDATE orders SET home_rate = '1' WHERE home_rate IS NULL AND currency IS NOT NULL "
        "AND upper(trim(currency)) = (SELECT upper(value) FROM currency_settings "
        "WHERE key = 'home_currency')")
    run_statements(conn, _V17_TALLY)
# v18 (provider watch): what each service really delivers, kept as the statuses come in.
# Every placed
# order gets a row in ``order_watch`` when it first starts (first seen in progress, processing,
# completed or partial), when it first finishes and when it is first refilled; triggers on
# ``orders`` and ``refills`` keep it, and roll each (panel, service, day placed) up into
# ``watch_days`` (orders, finished, partial, canceled, refilled, not found) and ``watch_times``
# (how many orders took how long to start, kind 0, or to complete, kind 1, in buckets about 5 %
# wide: ``watch_bounds``). A service's statistics over 90 days read at most 90 rows of the one
# and a few hundred of the other — never the history. Orders imported by id (``tracked``) count
# in the rates, not in the times (their ``created_at`` is when they were imported). The
# backfill reads the times from the existing events. ``watch_reach`` counts status syncs and
# failed ones per panel and day (the panel's "could not be reached" rate), ``catalogue_changes``
# keeps what each refresh of a panel's services changed, and a schedule may wait for its own
# previous run on the same link (``wait_previous``).
DAY_MS = 86_400_000
BUCKET_RATIO = 1.05


def watch_bounds(limit_s: int = 20 * 365 * 86_400) -> list[int]:
    """The lower bounds (seconds) of the duration buckets: 0, 1, 2, … then about 5 % apart."""
    bounds = [0]
    value = 1.0
    while value <= limit_s:
        lo = round(value)
        if lo > bounds[-1]:
            bounds.append(lo)
        value *= BUCKET_RATIO
    return bounds


def bucket_middle(lo: int, hi: int | None) -> float:
    """The duration (seconds) a bucket stands for: the middle of ``[lo, hi)``."""
    return float(lo) if hi is None else (lo + hi - 1) / 2


_STARTED = "('in_progress', 'processing', 'completed', 'partial')"
_FINISHED = "('completed', 'partial', 'canceled')"
_BUCKET_OF = ("(SELECT b.bucket FROM watch_bounds b WHERE b.lo <= MAX(0, ({ms}) / 1000) "
              "ORDER BY b.lo DESC LIMIT 1)")

_V18 = f"""
CREATE TABLE IF NOT EXISTS watch_bounds (
    bucket  INTEGER PRIMARY KEY,
    lo      INTEGER NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS order_watch (
    order_id    INTEGER PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,
    started_at  INTEGER,
    finished_at INTEGER,
    refilled    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS watch_days (
    panel_key   INTEGER NOT NULL REFERENCES panel_keys(key) ON DELETE CASCADE,
    service_id  INTEGER NOT NULL,
    day         INTEGER NOT NULL,
    orders      INTEGER NOT NULL DEFAULT 0,
    finished    INTEGER NOT NULL DEFAULT 0,
    partial     INTEGER NOT NULL DEFAULT 0,
    canceled    INTEGER NOT NULL DEFAULT 0,
    refilled    INTEGER NOT NULL DEFAULT 0,
    not_found   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (panel_key, service_id, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS watch_times (
    panel_key   INTEGER NOT NULL REFERENCES panel_keys(key) ON DELETE CASCADE,
    service_id  INTEGER NOT NULL,
    kind        INTEGER NOT NULL,
    day         INTEGER NOT NULL,
    bucket      INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (panel_key, service_id, kind, day, bucket)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS watch_reach (
    panel_id    TEXT NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    day         INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    failures    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (panel_id, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS catalogue_changes (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    panel_id     TEXT NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    at           INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    service_id   INTEGER NOT NULL,
    name         TEXT NOT NULL,
    successor_id INTEGER,
    old_rate     TEXT,
    new_rate     TEXT
);
CREATE INDEX IF NOT EXISTS catalogue_changes_panel ON catalogue_changes(panel_id, at);
CREATE TRIGGER IF NOT EXISTS watch_insert AFTER INSERT ON orders
WHEN new.submit_state = 'placed' BEGIN
    INSERT INTO watch_days (panel_key, service_id, day, orders, finished, partial, canceled,
        not_found)
    VALUES (new.panel_key, new.service_id, new.created_at / {DAY_MS}, 1,
        new.state IN {_FINISHED}, new.state = 'partial', new.state = 'canceled', new.not_found)
    ON CONFLICT (panel_key, service_id, day) DO UPDATE SET orders = orders + 1,
        finished = finished + excluded.finished, partial = partial + excluded.partial,
        canceled = canceled + excluded.canceled, not_found = not_found + excluded.not_found;
    INSERT INTO order_watch (order_id, started_at, finished_at)
    SELECT new.id, CASE WHEN new.state IN {_STARTED} THEN new.created_at END,
        CASE WHEN new.state IN {_FINISHED} THEN new.created_at END
    WHERE new.state IN {_STARTED} OR new.state IN {_FINISHED};
END;
CREATE TRIGGER IF NOT EXISTS watch_placed AFTER UPDATE OF submit_code ON orders
WHEN new.submit_state = 'placed' AND old.submit_state IS NOT 'placed' BEGIN
    INSERT INTO watch_days (panel_key, service_id, day, orders)
    VALUES (new.panel_key, new.service_id, new.created_at / {DAY_MS}, 1)
    ON CONFLICT (panel_key, service_id, day) DO UPDATE SET orders = orders + 1;
END;
CREATE TRIGGER IF NOT EXISTS watch_start AFTER UPDATE OF state_code ON orders
WHEN new.submit_state = 'placed' AND new.state IN {_STARTED}
  AND NOT EXISTS (SELECT 1 FROM order_watch w WHERE w.order_id = new.id
                  AND w.started_at IS NOT NULL) BEGIN
    INSERT INTO watch_times (panel_key, service_id, kind, day, bucket, n)
    SELECT new.panel_key, new.service_id, 0, new.created_at / {DAY_MS},
        {_BUCKET_OF.format(ms="new.updated_at - new.created_at")}, 1
    WHERE new.tracked = 0
    ON CONFLICT (panel_key, service_id, kind, day, bucket) DO UPDATE SET n = n + 1;
    INSERT INTO order_watch (order_id, started_at) VALUES (new.id, new.updated_at)
    ON CONFLICT (order_id) DO UPDATE SET started_at = excluded.started_at;
END;
CREATE TRIGGER IF NOT EXISTS watch_finish AFTER UPDATE OF state_code ON orders
WHEN new.submit_state = 'placed' AND new.state IN {_FINISHED}
  AND NOT EXISTS (SELECT 1 FROM order_watch w WHERE w.order_id = new.id
                  AND w.finished_at IS NOT NULL) BEGIN
    INSERT INTO watch_days (panel_key, service_id, day, finished, partial, canceled)
    VALUES (new.panel_key, new.service_id, new.created_at / {DAY_MS}, 1,
        new.state = 'partial', new.state = 'canceled')
    ON CONFLICT (panel_key, service_id, day) DO UPDATE SET finished = finished + 1,
        partial = partial + excluded.partial, canceled = canceled + excluded.canceled;
    INSERT INTO watch_times (panel_key, service_id, kind, day, bucket, n)
    SELECT new.panel_key, new.service_id, 1, new.created_at / {DAY_MS},
        {_BUCKET_OF.format(ms="new.updated_at - new.created_at")}, 1
    WHERE new.tracked = 0 AND new.state != 'canceled'
    ON CONFLICT (panel_key, service_id, kind, day, bucket) DO UPDATE SET n = n + 1;
    INSERT INTO order_watch (order_id, finished_at) VALUES (new.id, new.updated_at)
    ON CONFLICT (order_id) DO UPDATE SET finished_at = excluded.finished_at;
END;
CREATE TRIGGER IF NOT EXISTS watch_not_found AFTER UPDATE OF not_found ON orders
WHEN new.submit_state = 'placed' AND new.not_found = 1 AND old.not_found = 0 BEGIN
    INSERT INTO watch_days (panel_key, service_id, day, not_found)
    VALUES (new.panel_key, new.service_id, new.created_at / {DAY_MS}, 1)
    ON CONFLICT (panel_key, service_id, day) DO UPDATE SET not_found = not_found + 1;
END;
CREATE TRIGGER IF NOT EXISTS watch_refill AFTER INSERT ON refills
WHEN new.error IS NULL AND NOT EXISTS (SELECT 1 FROM order_watch w
                                       WHERE w.order_id = new.order_id AND w.refilled = 1) BEGIN
    INSERT INTO watch_days (panel_key, service_id, day, refilled)
    SELECT o.panel_key, o.service_id, o.created_at / {DAY_MS}, 1 FROM orders o
    WHERE o.id = new.order_id AND o.submit_state = 'placed'
    ON CONFLICT (panel_key, service_id, day) DO UPDATE SET refilled = refilled + 1;
    INSERT INTO order_watch (order_id, refilled) VALUES (new.order_id, 1)
    ON CONFLICT (order_id) DO UPDATE SET refilled = 1;
END;
CREATE TRIGGER IF NOT EXISTS watch_delete BEFORE DELETE ON orders
WHEN old.submit_state = 'placed' BEGIN
    UPDATE watch_days SET orders = orders - 1,
        finished = finished - (SELECT COUNT(*) FROM order_watch w WHERE w.order_id = old.id
                               AND w.finished_at IS NOT NULL),
        partial = partial - (old.state = 'partial'), canceled = canceled - (old.state = 'canceled'),
        refilled = refilled - (SELECT COUNT(*) FROM order_watch w WHERE w.order_id = old.id
                               AND w.refilled = 1),
        not_found = not_found - old.not_found
    WHERE panel_key = old.panel_key AND service_id = old.service_id
      AND day = old.created_at / {DAY_MS};
END
"""

# The backfill from the history: the first event that saw the order started / finished.
_EVENT_STARTED = "(0, 2, 3, 4, 'completed', 'in_progress', 'processing', 'partial')"
_EVENT_FINISHED = "(0, 4, 5, 'completed', 'partial', 'canceled')"
_V18_BACKFILL = f"""
INSERT INTO order_watch (order_id, started_at, finished_at, refilled)
SELECT id, started, CASE WHEN finished IS NULL AND state IN {_FINISHED} THEN updated_at
                         ELSE finished END, refilled
FROM (SELECT o.id, o.state, o.updated_at,
        (SELECT MIN(e.at) FROM order_events e WHERE e.order_id = o.id
         AND e.state IN {_EVENT_STARTED}) AS started,
        (SELECT MIN(e.at) FROM order_events e WHERE e.order_id = o.id
         AND e.state IN {_EVENT_FINISHED}) AS finished,
        EXISTS (SELECT 1 FROM refills r WHERE r.order_id = o.id AND r.error IS NULL) AS refilled
      FROM orders o WHERE o.submit_state = 'placed')
WHERE started IS NOT NULL OR finished IS NOT NULL OR refilled OR state IN {_FINISHED};
INSERT INTO watch_days (panel_key, service_id, day, orders, finished, partial, canceled,
    refilled, not_found)
SELECT o.panel_key, o.service_id, o.created_at / {DAY_MS}, COUNT(*),
    SUM(w.finished_at IS NOT NULL), SUM(o.state = 'partial'), SUM(o.state = 'canceled'),
    SUM(COALESCE(w.refilled, 0)), SUM(o.not_found)
FROM orders o LEFT JOIN order_watch w ON w.order_id = o.id
WHERE o.submit_state = 'placed' GROUP BY 1, 2, 3;
INSERT INTO watch_times (panel_key, service_id, kind, day, bucket, n)
SELECT panel_key, service_id, 0, day, bucket, COUNT(*) FROM (
    SELECT o.panel_key, o.service_id, o.created_at / {DAY_MS} AS day,
        {_BUCKET_OF.format(ms="w.started_at - o.created_at")} AS bucket
    FROM orders o JOIN order_watch w ON w.order_id = o.id
    WHERE o.tracked = 0 AND w.started_at IS NOT NULL)
GROUP BY 1, 2, 4, 5;
INSERT INTO watch_times (panel_key, service_id, kind, day, bucket, n)
SELECT panel_key, service_id, 1, day, bucket, COUNT(*) FROM (
    SELECT o.panel_key, o.service_id, o.created_at / {DAY_MS} AS day,
        {_BUCKET_OF.format(ms="w.finished_at - o.created_at")} AS bucket
    FROM orders o JOIN order_watch w ON w.order_id = o.id
    WHERE o.tracked = 0 AND w.finished_at IS NOT NULL AND o.state != 'canceled')
GROUP BY 1, 2, 4, 5
"""


def _step_v18(conn: sqlite3.Connection) -> None:
    # (a file stamped with an older version than its tables is migrated all the same: what is
    # there is kept, and the roll-ups are rebuilt from the history rather than counted twice)
    run_statements(conn, _V18)
    if "wait_previous" not in {r[1] for r in conn.execute("PRAGMA table_info(schedules)")}:
        conn.execute("ALTER TABLE schedules ADD COLUMN wait_previous INTEGER NOT NULL DEFAULT 0")
    conn.executemany("INSERT OR IGNORE INTO watch_bounds (bucket, lo) VALUES (?, ?)",
                     list(enumerate(watch_bounds())))
    for table in ("order_watch", "watch_days", "watch_times"):
        conn.execute(f"DELETE FROM {table}")
    run_statements(conn, _V18_BACKFILL)


# After these steps the file holds hundreds of MB of freed pages: ``Store`` runs VACUUM once the
# migration has committed (VACUUM cannot run inside the step's transaction).
VACUUM_AFTER = frozenset({10, 11})


MIGRATIONS: dict[int, Step] = {
    1: _step_script(_V1),
    2: _step_script(_V2),
    3: _step_v3,
    4: _step_v4,
    7: _step_v7,
}
MIGRATIONS[5] = _step_script(_V5)
MIGRATIONS[6] = _step_script(_V6)
MIGRATIONS[9] = _step_v9
MIGRATIONS[10] = _step_v10
MIGRATIONS[11] = _step_v11
MIGRATIONS[13] = _step_script(_V13)
MIGRATIONS[14] = _step_script(_V14)
MIGRATIONS[15] = _step_v15
MIGRATIONS[16] = _step_v16
MIGRATIONS[17] = _step_v17
MIGRATIONS[18] = _step_v18
SCHEMA_VERSION = max(MIGRATIONS)


def _has_column(conn: sqlite3.Connection, table: str, column: str) -> bool:
    return column in {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


# Steps that landed after a higher version was already out (parallel work reserves numbers, and
# v18 reached main before v17): a file already past such a number never ran it. ``migrate``
# runs it, in its own transaction, whenever its mark is missing, whatever the file's version;
# such a step is written to be run again safely.
LANDED_LATE: dict[int, Callable[[sqlite3.Connection], bool]] = {
    17: lambda c: _has_column(c, "orders", "home_rate") and _has_column(
        c, "schedules", "customer_id") and bool(c.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'ledger_tally'").fetchone()),
}


def late_missing(conn: sqlite3.Connection, version: int) -> list[int]:
    """The steps of ``LANDED_LATE`` at or below ``version`` whose mark the file lacks."""
    return [v for v, present in sorted(LANDED_LATE.items()) if v <= version and not present(conn)]


def migrate(conn: sqlite3.Connection, target: int | None = None) -> int:
    """Apply the steps after the file's ``user_version`` up to ``target`` (default: the newest),
    each atomically, in ascending order."""
    target = SCHEMA_VERSION if target is None else target
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    # Off while the steps run (it cannot change inside a transaction): a table rebuilt by a
    # step (v11's ``orders``) is dropped, and a DROP with foreign keys on deletes by cascade.
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for version in sorted(v for v in MIGRATIONS if current < v <= target):
            conn.execute("BEGIN IMMEDIATE")
            try:
                MIGRATIONS[version](conn)
                conn.execute(f"PRAGMA user_version = {version}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite rolls back by itself on e.g. a full disk
                    conn.execute("ROLLBACK")
                raise
            log.info("migrated database schema %d -> %d", current, version)
            current = version
        for version in late_missing(conn, min(current, target)):
            conn.execute("BEGIN IMMEDIATE")
            try:
                MIGRATIONS[version](conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            log.info("schema step %d (landed after %d) applied", version, current)
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    return current
