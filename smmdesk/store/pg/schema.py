"""The team schema in PostgreSQL: its own migration steps, its roles, their privileges and RLS.

Everything lives in the schema ``smmdesk`` of the team's database; the tables keep their SQLite
names (``panels``, ``services``, ``orders``, …), so an admin's own SQL and the README speak of
the same things. docs/dev/team-store.md gives the mapping from SQLite and the reasons.

Versions: the table ``schema_version`` holds one row per applied step (version, when, by whom,
which app). ``MIGRATIONS`` maps a version to its step; ``migrate`` applies the missing ones in
ascending order, each in one transaction with its row, under an advisory lock (two desks that
start at once do not both migrate). Released steps are never edited: add a new one.

Roles (cluster-wide in PostgreSQL, so named after the team: ``Team.admin`` is
``smmdesk_<database>_admin``): *admin* owns the team's tables (every admin may migrate, manage
panels, rules and the team); *operator* places, refills, cancels, syncs and manages its own
schedules; *viewer* reads. ``create_schema`` is run once by a role that may create roles
(``CREATEROLE``, or a superuser) and create in the database; it becomes the first admin.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from smmdesk import __version__
from smmdesk.models import OrderState, SubmitState
from smmdesk.store.errors import StoreError
from smmdesk.store.pg.connection import SCHEMA, SEARCH_PATH
from smmdesk.store.pg.masks import PRICE_COLUMNS

log = logging.getLogger(__name__)

# pg_advisory_xact_lock keys (first int: "SMM\0"; second: what is locked).
LOCK_SPACE = 0x534D4D00
LOCK_MIGRATE = 1
LOCK_TALLY = 2
NOTIFY_CHANNEL = "smmdesk"

# The history search's indexed text per order: the folded link (``orders.search_text``,
# written by the engine with ``textnorm.fold``) and the panel's order id. Queries must use this
# exact expression for the trigram index to serve them.
ORDER_SEARCH_DOC = "(search_text || E'\\n' || COALESCE(remote_id::text, ''))"

# Columns a viewer may be denied (``set_viewer_prices``): ``masks.PRICE_COLUMNS``.

# Keys of ``automation_settings`` an operator's desk writes (the scheduler's clock watch);
# every other key (grace, price-rise limits, thresholds) is the admin's.
DESK_SETTING_KEYS = ("clock_seen", "clock_hold")

# A schedule's columns the scheduler of ANY desk may change (consume a run, hold it, pause on a
# guard): everything else — values, timing, price, deleting, resuming — is its creator's (or an
# admin's).
SCHEDULE_BOOKKEEPING = ("next_index", "runs_done", "held_index", "paused", "pause_reason",
                        "updated_at")


class SchemaError(StoreError):
    """The team schema cannot be created or migrated (plain English)."""


class NewerSchemaError(SchemaError):
    def __init__(self, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__(
            f"The team store was updated by a newer version of SMM Desk (schema {found}; this "
            f"version understands up to {supported}). Update SMM Desk on this computer; nothing "
            f"was changed.")


@dataclass(frozen=True, slots=True)
class Team:
    """The team's role names (PostgreSQL roles are per cluster: a second team's database on the
    same server has its own)."""

    prefix: str

    @property
    def admin(self) -> str:
        return f"{self.prefix}_admin"

    @property
    def operator(self) -> str:
        return f"{self.prefix}_operator"

    @property
    def viewer(self) -> str:
        return f"{self.prefix}_viewer"

    def group(self, role: str) -> str:
        if role not in ("admin", "operator", "viewer"):
            raise ValueError(f"unknown team role {role!r} (admin, operator or viewer)")
        return f"{self.prefix}_{role}"

    @classmethod
    def for_database(cls, dbname: str) -> Team:
        """``smmdesk_<database>``, lower-case letters, digits and ``_`` only; a long or
        rewritten name gets a short hash so two databases never share roles."""
        clean = re.sub(r"[^a-z0-9_]", "_", dbname.lower())
        if clean != dbname or len(clean) > 40:
            digest = hashlib.sha256(dbname.encode()).hexdigest()[:6]
            clean = f"{clean[:33]}_{digest}"
        return cls(f"smmdesk_{clean}")

    def render(self, template: str) -> str:
        """``template`` with ``{admin}``/``{operator}``/``{viewer}`` as quoted identifiers and
        ``{admin_name}``/… as string literals (the names hold only ``[a-z0-9_]``)."""
        values = {}
        for role in ("admin", "operator", "viewer"):
            name = self.group(role)
            values[role] = f'"{name}"'
            values[f"{role}_name"] = f"'{name}'"
        return template.format(**values)


_FINAL = "('canceled', 'completed', 'failed', 'partial')"
_STATES = "(" + ", ".join(f"'{s.value}'" for s in OrderState) + ")"
_SUBMIT_STATES = "(" + ", ".join(f"'{s.value}'" for s in SubmitState) + ")"

# ----------------------------------------------------------------------------- v1: the tables

# Money is numeric (a Decimal both ways, exactly as typed: 1.50 stays 1.50); the app's own times
# are bigint milliseconds UTC as in SQLite (one meaning of time on both engines, the tests'
# injected clocks included); the team's coordination times (desks, notifications) are the
# server's timestamptz, so no desk's wrong clock decides who is alive.
# Created with the team, before any step: the steps' own bookkeeping.
_BOOTSTRAP = """
CREATE TABLE schema_version (
    version     integer PRIMARY KEY,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    applied_by  text NOT NULL DEFAULT session_user,
    app_version text
);
CREATE TABLE team_settings (
    key    text PRIMARY KEY,
    value  text NOT NULL
)
"""

_V1 = f"""
CREATE TABLE panels (
    id                    text PRIMARY KEY,
    name                  text NOT NULL,
    url                   text NOT NULL,
    currency              text,
    is_demo               boolean NOT NULL DEFAULT false,
    created_at            bigint NOT NULL,
    services_refreshed_at bigint,
    unsupported           text NOT NULL DEFAULT '',
    removed_at            bigint,
    last_sync_at          bigint,
    services_version      bigint NOT NULL DEFAULT 0
);
CREATE TABLE services (
    panel_id        text NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    service_id      bigint NOT NULL,
    name            text NOT NULL,
    type            text NOT NULL,
    category        text NOT NULL,
    rate            numeric NOT NULL,
    min             bigint NOT NULL,
    max             bigint NOT NULL,
    refill          boolean NOT NULL DEFAULT false,
    cancel          boolean NOT NULL DEFAULT false,
    dripfeed        boolean NOT NULL DEFAULT false,
    description     text NOT NULL DEFAULT '',
    average_time    text,
    first_seen      bigint NOT NULL,
    last_seen       bigint NOT NULL,
    removed_at      bigint,
    previous_rate   numeric,
    favourite       boolean NOT NULL DEFAULT false,
    rate_changed_at bigint,
    PRIMARY KEY (panel_id, service_id)
);
CREATE TABLE order_names (
    id      bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name    text NOT NULL UNIQUE,
    folded  text NOT NULL
);
CREATE INDEX order_names_search ON order_names USING gin (folded gin_trgm_ops);
CREATE TABLE desks (
    id          text PRIMARY KEY,
    login       text NOT NULL DEFAULT session_user,
    host        text NOT NULL DEFAULT '',
    pid         integer,
    app_version text,
    started_at  timestamptz NOT NULL DEFAULT now(),
    seen_at     timestamptz NOT NULL DEFAULT now(),
    ttl_s       integer NOT NULL DEFAULT 30 CHECK (ttl_s > 0)
);
CREATE TABLE orders (
    id                 bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    panel_id           text NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    service_id         bigint NOT NULL,
    name_id            bigint NOT NULL REFERENCES order_names(id),
    service_type       text NOT NULL,
    remote_id          bigint,
    submit_state       text NOT NULL CHECK (submit_state IN {_SUBMIT_STATES}),
    state              text NOT NULL CHECK (state IN {_STATES}),
    raw_status         text,
    error              text,
    link               text,
    quantity           bigint,
    fields             text NOT NULL DEFAULT '{{}}',
    charge_estimate    numeric,
    charge             numeric,
    currency           text,
    start_count        bigint,
    remains            bigint,
    runs               bigint,
    interval           bigint,
    not_found          boolean NOT NULL DEFAULT false,
    created_at         bigint NOT NULL,
    updated_at         bigint NOT NULL,
    likely_duplicate   boolean NOT NULL DEFAULT false,
    tracked            boolean NOT NULL DEFAULT false,
    last_checked_at    bigint,
    disputed_remote_id bigint,
    search_text        text NOT NULL DEFAULT '',
    placed_by          text NOT NULL DEFAULT session_user,
    desk_id            text REFERENCES desks(id) ON DELETE SET NULL,
    CONSTRAINT orders_remote_unique UNIQUE (panel_id, remote_id)
);
CREATE INDEX orders_panel ON orders (panel_id, created_at);
CREATE INDEX orders_created ON orders (created_at);
CREATE INDEX orders_active ON orders (panel_id, id)
    WHERE submit_state = 'placed' AND NOT not_found AND state NOT IN {_FINAL};
CREATE INDEX orders_name ON orders (name_id);
CREATE INDEX orders_duplicate ON orders (panel_id, service_id, link)
    WHERE NOT not_found AND submit_state IN ('placed', 'uncertain', 'submitting')
      AND state NOT IN {_FINAL};
CREATE INDEX orders_sending ON orders (created_at) WHERE submit_state = 'submitting';
CREATE INDEX orders_settled ON orders (state, created_at)
    WHERE state IN ('partial', 'canceled', 'failed');
CREATE INDEX orders_placed_by ON orders (placed_by, created_at);
CREATE INDEX orders_search ON orders USING gin ({ORDER_SEARCH_DOC} gin_trgm_ops);
CREATE TABLE order_events (
    id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    order_id     bigint NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    at           bigint NOT NULL,
    kind         text NOT NULL DEFAULT 'state',
    submit_state text,
    state        text,
    raw_status   text,
    remains      bigint,
    charge       numeric,
    note         text,
    done_by      text NOT NULL DEFAULT session_user
);
CREATE INDEX order_events_order ON order_events (order_id);
CREATE TABLE order_tally (
    panel_id     text NOT NULL,
    submit_state text NOT NULL,
    state        text NOT NULL,
    not_found    boolean NOT NULL,
    n            bigint NOT NULL
);
CREATE INDEX order_tally_panel ON order_tally (panel_id);
CREATE TABLE balances (
    id        bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    panel_id  text NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    amount    numeric NOT NULL,
    currency  text NOT NULL,
    at        bigint NOT NULL
);
CREATE INDEX balances_panel ON balances (panel_id, at);
CREATE TABLE refills (
    id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    order_id     bigint NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    remote_id    text,
    state        text,
    raw_status   text,
    error        text,
    requested_at bigint NOT NULL,
    updated_at   bigint NOT NULL,
    requested_by text NOT NULL DEFAULT session_user
);
CREATE INDEX refills_order ON refills (order_id);
CREATE TABLE exchange_rates (
    currency  text PRIMARY KEY,
    per_unit  numeric NOT NULL,
    set_at    bigint NOT NULL,
    source    text NOT NULL DEFAULT 'typed'
);
CREATE TABLE currency_settings (
    key    text PRIMARY KEY,
    value  text NOT NULL
);
CREATE TABLE schedules (
    id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    panel_id      text NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    service_id    bigint NOT NULL,
    service_name  text NOT NULL DEFAULT '',
    fields        text NOT NULL DEFAULT '{{}}',
    first_run     bigint NOT NULL,
    every_ms      bigint,
    times         bigint,
    until         bigint,
    generation    bigint NOT NULL DEFAULT 0,
    next_index    bigint NOT NULL DEFAULT 0,
    runs_done     bigint NOT NULL DEFAULT 0,
    paused        boolean NOT NULL DEFAULT false,
    pause_reason  text,
    base_rate     numeric,
    created_at    bigint NOT NULL,
    updated_at    bigint NOT NULL,
    deleted_at    bigint,
    start_index   bigint NOT NULL DEFAULT 0,
    held_index    bigint,
    created_by    text NOT NULL DEFAULT session_user
);
CREATE TABLE schedule_runs (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    schedule_id bigint NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
    generation  bigint NOT NULL DEFAULT 0,
    idx         bigint NOT NULL,
    due_at      bigint NOT NULL,
    at          bigint NOT NULL,
    outcome     text NOT NULL,
    order_id    bigint REFERENCES orders(id) ON DELETE SET NULL,
    message     text,
    UNIQUE (schedule_id, generation, idx)
);
CREATE INDEX schedule_runs_order ON schedule_runs (order_id);
CREATE INDEX schedule_runs_sending ON schedule_runs (outcome) WHERE outcome = 'sending';
CREATE TABLE auto_refill_services (
    panel_id    text NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    service_id  bigint NOT NULL,
    enabled     boolean,
    window_days integer,
    PRIMARY KEY (panel_id, service_id)
);
CREATE TABLE auto_refill_orders (
    order_id          bigint PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,
    enabled           boolean,
    window_days       integer,
    last_requested_at bigint,
    requests          integer NOT NULL DEFAULT 0,
    stopped_at        bigint,
    stop_reason       text,
    refusals          integer NOT NULL DEFAULT 0,
    last_refusal      text
);
CREATE TABLE alerts (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL,
    key         text NOT NULL,
    message     text NOT NULL,
    data        text NOT NULL DEFAULT '{{}}',
    panel_id    text,
    service_id  bigint,
    order_id    bigint,
    schedule_id bigint,
    raised_at   bigint NOT NULL,
    cleared_at  bigint
);
CREATE INDEX alerts_key ON alerts (key, cleared_at);
CREATE INDEX alerts_raised ON alerts (raised_at);
CREATE TABLE automation_settings (
    key   text PRIMARY KEY,
    value text NOT NULL
);
CREATE TABLE mass_batches (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    panel_id    text NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    list_id     text NOT NULL,
    fresh       boolean NOT NULL DEFAULT false,
    created_at  bigint NOT NULL,
    legacy_id   text
);
CREATE INDEX mass_batches_list ON mass_batches (panel_id, list_id, id);
CREATE TABLE mass_lines (
    batch_id    bigint NOT NULL REFERENCES mass_batches(id) ON DELETE CASCADE,
    idx         integer NOT NULL,
    number      integer NOT NULL,
    raw         text NOT NULL,
    service_id  bigint,
    link        text NOT NULL,
    quantity    text NOT NULL,
    problem     text,
    state       text NOT NULL DEFAULT 'pending',
    order_id    bigint,
    reason      text,
    ref_line    integer,
    ref_batch   bigint,
    at          bigint,
    PRIMARY KEY (batch_id, idx)
);
CREATE INDEX mass_lines_sent ON mass_lines (service_id, link, quantity, at) WHERE state = 'sent';
CREATE INDEX mass_lines_recent ON mass_lines (at) WHERE state = 'sent';
CREATE TABLE mass_runs (
    panel_id    text NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    list_id     text NOT NULL,
    owner       text NOT NULL,
    pid         integer NOT NULL,
    batch_id    bigint,
    since       bigint NOT NULL,
    desk_id     text REFERENCES desks(id) ON DELETE SET NULL,
    PRIMARY KEY (panel_id, list_id)
);
CREATE TABLE notifications (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    topic    text NOT NULL,
    op       text NOT NULL,
    keys     jsonb,
    count    integer NOT NULL,
    by_login text NOT NULL DEFAULT session_user,
    desk_id  text
);
CREATE INDEX notifications_at ON notifications (at)
"""

# Functions and triggers of v1. Statement-level triggers with transition tables: one row per
# statement, whatever the number of rows it changed.
_V1_FUNCTIONS = f"""
-- How many orders each (panel, submit state, state, not found) holds, as DELTA rows: every
-- statement on orders appends its own (+n/-n), so concurrent desks never wait on one hot
-- counter row (nor deadlock over two). Readers SUM(n); order_tally_compact() folds them.
CREATE FUNCTION order_tally_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
BEGIN
    INSERT INTO order_tally (panel_id, submit_state, state, not_found, n)
    SELECT panel_id, submit_state, state, not_found, count(*) FROM new_rows GROUP BY 1, 2, 3, 4;
    RETURN NULL;
END $$;
CREATE FUNCTION order_tally_delete() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
BEGIN
    INSERT INTO order_tally (panel_id, submit_state, state, not_found, n)
    SELECT panel_id, submit_state, state, not_found, -count(*) FROM old_rows GROUP BY 1, 2, 3, 4;
    RETURN NULL;
END $$;
CREATE FUNCTION order_tally_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
BEGIN
    INSERT INTO order_tally (panel_id, submit_state, state, not_found, n)
    SELECT panel_id, submit_state, state, not_found, sum(d) FROM (
        SELECT panel_id, submit_state, state, not_found, -1 AS d FROM old_rows
        UNION ALL
        SELECT panel_id, submit_state, state, not_found, 1 AS d FROM new_rows) changes
    GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0;
    RETURN NULL;
END $$;
CREATE TRIGGER order_tally_insert AFTER INSERT ON orders REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION order_tally_insert();
CREATE TRIGGER order_tally_delete AFTER DELETE ON orders REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION order_tally_delete();
CREATE TRIGGER order_tally_update AFTER UPDATE ON orders
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION order_tally_update();
-- Folds the delta rows into one per bucket. Rows appended meanwhile by other transactions are
-- not seen by the DELETE and stay as they are: no count is lost.
CREATE FUNCTION order_tally_compact() RETURNS integer LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
DECLARE folded integer;
BEGIN
    PERFORM pg_advisory_xact_lock({LOCK_SPACE}, {LOCK_TALLY});
    WITH gone AS (DELETE FROM order_tally RETURNING *)
    INSERT INTO order_tally (panel_id, submit_state, state, not_found, n)
    SELECT panel_id, submit_state, state, not_found, sum(n) FROM gone
    GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0;
    GET DIAGNOSTICS folded = ROW_COUNT;
    RETURN folded;
END $$;

-- Change notifications: one row in notifications and one NOTIFY per statement that changed
-- rows of a watched table, delivered to listening desks at COMMIT (never for a rollback).
-- TG_ARGV: the topic, the key column. The payload carries the keys (up to 200; beyond that
-- "keys": null, read as "reload the topic").
CREATE FUNCTION smm_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
DECLARE
    keys jsonb;
    n integer;
    note notifications%ROWTYPE;
BEGIN
    EXECUTE format('SELECT count(*), (SELECT jsonb_agg(k) FROM (SELECT DISTINCT %1$I AS k '
                   'FROM changed_rows ORDER BY 1 LIMIT 201) s) FROM changed_rows', TG_ARGV[1])
        INTO n, keys;
    IF n = 0 THEN
        RETURN NULL;
    END IF;
    IF jsonb_array_length(keys) > 200 THEN
        keys := NULL;
    END IF;
    INSERT INTO notifications (topic, op, keys, count, desk_id)
    VALUES (TG_ARGV[0], lower(TG_OP), keys, n,
            NULLIF(current_setting('smmdesk.desk_id', true), ''))
    RETURNING * INTO note;
    PERFORM pg_notify('{NOTIFY_CHANNEL}', json_build_object(
        'id', note.id, 'topic', note.topic, 'op', note.op, 'keys', note.keys,
        'count', note.count, 'by', note.by_login, 'desk', note.desk_id)::text);
    RETURN NULL;
END $$;

-- Notifications are for live desks (and a day's "who changed what"): older ones go.
CREATE FUNCTION notifications_prune(keep_s integer) RETURNS integer LANGUAGE plpgsql
SECURITY DEFINER SET search_path = {SEARCH_PATH}, pg_temp AS $$
DECLARE gone integer;
BEGIN
    DELETE FROM notifications WHERE at < now() - make_interval(secs => greatest(keep_s, 3600));
    GET DIAGNOSTICS gone = ROW_COUNT;
    RETURN gone;
END $$;

-- A panel's services changed (a refresh, a favourite): its services_version moves on, so every
-- desk's services snapshot file of that panel is known to be stale.
CREATE FUNCTION services_bump() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
BEGIN
    UPDATE panels SET services_version = services_version + 1
    WHERE id IN (SELECT DISTINCT panel_id FROM changed_rows);
    RETURN NULL;
END $$;
"""

# (table, topic, key column) of the change notifications.
WATCHED = (
    ("orders", "orders", "id"),
    ("schedules", "schedules", "id"),
    ("schedule_runs", "schedules", "schedule_id"),
    ("panels", "panels", "id"),
    ("services", "services", "panel_id"),
    ("alerts", "alerts", "id"),
    ("refills", "orders", "order_id"),
    ("mass_lines", "mass_orders", "batch_id"),
)


def _v1_triggers() -> str:
    out = []
    for table, topic, key in WATCHED:
        for op, ref in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            out.append(
                f"CREATE TRIGGER {table}_changed_{op.lower()} AFTER {op} ON {table} "
                f"REFERENCING {ref} TABLE AS changed_rows FOR EACH STATEMENT "
                f"EXECUTE FUNCTION smm_changed('{topic}', '{key}')")
    for op, ref in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        out.append(
            f"CREATE TRIGGER services_bump_{op.lower()} AFTER {op} ON services "
            f"REFERENCING {ref} TABLE AS changed_rows FOR EACH STATEMENT "
            f"EXECUTE FUNCTION services_bump()")
    return ";\n".join(out)


# ----------------------------------------------------------------- v2: privileges and security

# Who may do what, enforced by the database (a hand-written client gets the same answers as the
# app). Admins own the tables (ownership passes RLS). Operators: see below. Viewers: SELECT
# only (prices can be taken away: set_viewer_prices). No one but the team's roles connects.
_V2 = """
REVOKE ALL ON SCHEMA smmdesk FROM PUBLIC;
GRANT USAGE ON SCHEMA smmdesk TO {operator}, {viewer};
REVOKE EXECUTE ON FUNCTION order_tally_compact(), notifications_prune(integer) FROM PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA smmdesk TO {operator}, {viewer};

GRANT UPDATE (currency, services_refreshed_at, unsupported, last_sync_at)
    ON panels TO {operator};
GRANT INSERT, UPDATE ON services, order_names, order_events, refills, alerts, schedule_runs,
    mass_batches, mass_lines TO {operator};
GRANT INSERT ON balances TO {operator};
GRANT INSERT, UPDATE, DELETE ON exchange_rates, auto_refill_services, auto_refill_orders,
    mass_runs, automation_settings TO {operator};
GRANT INSERT, UPDATE, DELETE ON orders TO {operator};
GRANT INSERT, UPDATE ON schedules TO {operator};
GRANT INSERT, UPDATE, DELETE ON desks TO {operator}, {viewer};
GRANT EXECUTE ON FUNCTION order_tally_compact(), notifications_prune(integer) TO {operator};

-- Orders: anyone in the team reads; an operator records orders as itself only, updates any
-- order (status sync, resolving, refills from any desk), and deletes only an order imported by
-- its id (folded into the order it turned out to be).
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_read ON orders FOR SELECT TO {operator}, {viewer} USING (true);
CREATE POLICY orders_place ON orders FOR INSERT TO {operator}
    WITH CHECK (placed_by = session_user);
CREATE POLICY orders_update ON orders FOR UPDATE TO {operator} USING (true) WITH CHECK (true);
CREATE POLICY orders_forget_tracked ON orders FOR DELETE TO {operator} USING (tracked);

-- Schedules: an operator creates schedules as itself; the scheduler of any desk may consume,
-- hold and pause any schedule's runs; editing, deleting and resuming are the creator's (or an
-- admin's): schedules_guard() refuses the rest, column by column.
ALTER TABLE schedules ENABLE ROW LEVEL SECURITY;
CREATE POLICY schedules_read ON schedules FOR SELECT TO {operator}, {viewer} USING (true);
CREATE POLICY schedules_create ON schedules FOR INSERT TO {operator}
    WITH CHECK (created_by = session_user);
CREATE POLICY schedules_update ON schedules FOR UPDATE TO {operator} USING (true)
    WITH CHECK (true);

-- Desks: each login writes only its own desks' rows (its heartbeat); all read.
ALTER TABLE desks ENABLE ROW LEVEL SECURITY;
CREATE POLICY desks_read ON desks FOR SELECT TO {operator}, {viewer} USING (true);
CREATE POLICY desks_own ON desks FOR ALL TO {operator}, {viewer}
    USING (login = session_user) WITH CHECK (login = session_user);

-- Automation preferences are the admin's, except the scheduler's clock watch.
ALTER TABLE automation_settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY automation_settings_read ON automation_settings FOR SELECT
    TO {operator}, {viewer} USING (true);
CREATE POLICY automation_settings_desk ON automation_settings FOR ALL TO {operator}
    USING (key IN {desk_keys}) WITH CHECK (key IN {desk_keys});

CREATE FUNCTION is_team_admin() RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT pg_has_role(session_user, {admin_name}, 'MEMBER') $$;
GRANT EXECUTE ON FUNCTION is_team_admin() TO {operator}, {viewer};

CREATE FUNCTION orders_guard() RETURNS trigger LANGUAGE plpgsql
SET search_path = smmdesk, pg_temp AS $$
BEGIN
    IF NEW.placed_by IS DISTINCT FROM OLD.placed_by AND NOT is_team_admin() THEN
        RAISE EXCEPTION 'who placed order % cannot be changed', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER orders_guard BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_guard();

CREATE FUNCTION schedules_guard() RETURNS trigger LANGUAGE plpgsql
SET search_path = smmdesk, pg_temp AS $$
BEGIN
    IF is_team_admin() THEN
        RETURN NEW;
    END IF;
    IF NEW.created_by IS DISTINCT FROM OLD.created_by THEN
        RAISE EXCEPTION 'who created schedule % cannot be changed', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.created_by = session_user THEN
        RETURN NEW;
    END IF;
    IF (to_jsonb(NEW) - {bookkeeping}) IS DISTINCT FROM (to_jsonb(OLD) - {bookkeeping})
       OR (OLD.paused AND NOT NEW.paused) THEN
        RAISE EXCEPTION 'schedule % belongs to %: only its creator or an admin may change it',
            OLD.id, OLD.created_by USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER schedules_guard BEFORE UPDATE ON schedules FOR EACH ROW
    EXECUTE FUNCTION schedules_guard()
"""


def _v2_sql(team: Team) -> str:
    desk_keys = "(" + ", ".join(f"'{k}'" for k in DESK_SETTING_KEYS) + ")"
    bookkeeping = "ARRAY[" + ", ".join(f"'{c}'" for c in SCHEDULE_BOOKKEEPING) + "]::text[]"
    return team.render(_V2.replace("{desk_keys}", desk_keys)
                       .replace("{bookkeeping}", bookkeeping))


# Adding team members: a SECURITY DEFINER function owned by the role that created the schema
# (the one allowed to create roles), callable by admins only. It takes a SCRAM verifier, never
# a password (computed by the client: the password is in no statement, log or catalog).
_TEAM_FUNCTIONS = """
CREATE FUNCTION team_add_user(login text, team_role text, verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    grp text;
    existing record;
BEGIN
    IF NOT pg_has_role(session_user, {admin_name}, 'MEMBER') THEN
        RAISE EXCEPTION 'only a team admin may add team members'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    grp := CASE team_role WHEN 'admin' THEN {admin_name} WHEN 'operator' THEN {operator_name}
                          WHEN 'viewer' THEN {viewer_name} END;
    IF grp IS NULL THEN
        RAISE EXCEPTION 'unknown team role %', team_role USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF login !~ '^[a-z_][a-z0-9_.@-]{{0,62}}$' OR login ~ '^pg_' OR login ~ '^smmdesk_' THEN
        RAISE EXCEPTION 'not a usable login name: %', login
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF verifier IS NOT NULL AND verifier !~ '^SCRAM-SHA-256\\$' THEN
        RAISE EXCEPTION 'a password must come as a SCRAM-SHA-256 verifier'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT r.rolsuper, r.rolcanlogin,
           ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                 WHERE m.member = r.oid
                   AND g.rolname IN ({admin_name}, {operator_name}, {viewer_name})) AS groups
      INTO existing FROM pg_roles r WHERE r.rolname = login;
    IF FOUND THEN
        IF existing.rolsuper OR NOT existing.rolcanlogin THEN
            RAISE EXCEPTION 'the role % exists and is not a plain login', login
                USING ERRCODE = 'duplicate_object';
        END IF;
        IF cardinality(existing.groups) > 0 THEN
            RAISE EXCEPTION '% is already in the team (%)', login, existing.groups[1]
                USING ERRCODE = 'duplicate_object';
        END IF;
        IF verifier IS NOT NULL THEN
            RAISE EXCEPTION 'the login % exists already: its password is not changed here', login
                USING ERRCODE = 'duplicate_object';
        END IF;
    ELSIF verifier IS NULL THEN
        EXECUTE format('CREATE ROLE %I LOGIN INHERIT', login);
    ELSE
        EXECUTE format('CREATE ROLE %I LOGIN INHERIT PASSWORD %L', login, verifier);
    END IF;
    EXECUTE format('GRANT %I TO %I', grp, login);
END $$;
REVOKE EXECUTE ON FUNCTION team_add_user(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION team_add_user(text, text, text) TO {admin};

CREATE FUNCTION team_users() RETURNS TABLE (login text, team_role text, can_login boolean,
    last_seen timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = smmdesk, pg_catalog, pg_temp AS $$
    SELECT r.rolname::text, substring(g.rolname from '_([a-z]+)$'), r.rolcanlogin,
           (SELECT max(d.seen_at) FROM desks d WHERE d.login = r.rolname)
    FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
    WHERE g.rolname IN ({admin_name}, {operator_name}, {viewer_name})
    ORDER BY 1, 2
$$;
REVOKE EXECUTE ON FUNCTION team_users() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION team_users() TO {admin}
"""


def _step_v1(conn: psycopg.Connection[Any], team: Team) -> None:
    _run(conn, _V1)
    _run(conn, _V1_FUNCTIONS)
    _run(conn, _v1_triggers())


def _step_v2(conn: psycopg.Connection[Any], team: Team) -> None:
    _run(conn, _v2_sql(team))


# 3 = SQLite's v16 (a placement's outcome is a code, not a sentence): ``orders.outcome``
# (``models.OutcomeKind``'s value) and ``orders.not_sent`` (whether anything reached the panel);
# a refill window set by hand as -1 becomes the one lifetime. The operators' table grants on
# orders cover the new columns; the viewers' price rule is re-applied after every step.
_V3 = """
ALTER TABLE orders ADD COLUMN outcome text;
ALTER TABLE orders ADD COLUMN not_sent boolean NOT NULL DEFAULT false;
UPDATE auto_refill_services SET window_days = 36500 WHERE window_days = -1;
UPDATE auto_refill_orders SET window_days = 36500 WHERE window_days = -1
"""


def _step_v3(conn: psycopg.Connection[Any], team: Team) -> None:
    _run(conn, _V3)


# 4 = SQLite's v18 (provider watch): its tables, with ``panel_id`` where SQLite keeps a panel
# key, and ``schedules.wait_previous``. NOT yet here: the triggers that keep ``order_watch``,
# ``watch_days`` and ``watch_times`` as statuses come in (SQLite's row triggers would make
# concurrent desks wait on one counter row: they come with the engine, as delta rows like
# ``order_tally``'s). ``watch_bounds`` holds the same buckets as SQLite's.
_V4 = """
ALTER TABLE schedules ADD COLUMN wait_previous boolean NOT NULL DEFAULT false;
CREATE TABLE watch_bounds (
    bucket  integer PRIMARY KEY,
    lo      bigint NOT NULL UNIQUE
);
CREATE TABLE order_watch (
    order_id    bigint PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,
    started_at  bigint,
    finished_at bigint,
    refilled    bigint NOT NULL DEFAULT 0
);
CREATE TABLE watch_days (
    panel_id    text NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    service_id  bigint NOT NULL,
    day         bigint NOT NULL,
    orders      bigint NOT NULL DEFAULT 0,
    finished    bigint NOT NULL DEFAULT 0,
    partial     bigint NOT NULL DEFAULT 0,
    canceled    bigint NOT NULL DEFAULT 0,
    refilled    bigint NOT NULL DEFAULT 0,
    not_found   bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (panel_id, service_id, day)
);
CREATE TABLE watch_times (
    panel_id    text NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    service_id  bigint NOT NULL,
    kind        integer NOT NULL,
    day         bigint NOT NULL,
    bucket      integer NOT NULL,
    n           bigint NOT NULL,
    PRIMARY KEY (panel_id, service_id, kind, day, bucket)
);
CREATE TABLE watch_reach (
    panel_id    text NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    day         bigint NOT NULL,
    attempts    bigint NOT NULL DEFAULT 0,
    failures    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (panel_id, day)
);
CREATE TABLE catalogue_changes (
    id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    panel_id     text NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    at           bigint NOT NULL,
    kind         text NOT NULL,
    service_id   bigint NOT NULL,
    name         text NOT NULL,
    successor_id bigint,
    old_rate     numeric,
    new_rate     numeric
);
CREATE INDEX catalogue_changes_panel ON catalogue_changes (panel_id, at);
GRANT SELECT ON watch_bounds, order_watch, watch_days, watch_times, watch_reach,
    catalogue_changes TO {operator}, {viewer};
GRANT INSERT, UPDATE ON order_watch, watch_days, watch_times, watch_reach, catalogue_changes
    TO {operator}
"""


def _step_v4(conn: psycopg.Connection[Any], team: Team) -> None:
    from smmdesk.store.migrations import watch_bounds  # deliberately lazy: this step alone

    _run(conn, team.render(_V4))
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO watch_bounds (bucket, lo) VALUES (%s, %s)",
                        list(enumerate(watch_bounds())))


# 5 = SQLite's v17 (the reseller's books): customers, price rules, payments; the orders' customer,
# sell price (home currency) and the rate in force when placed; a schedule's customer. The books'
# tally (``ledger_tally``, integer millionths per day, panel, service, customer, "currency
# apart") is here as a table; NOT yet here: the triggers that keep it (they come with the
# engine, as the watch's roll-ups do).
_V5 = """
CREATE TABLE customers (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name        text NOT NULL,
    folded      text NOT NULL,
    contact     text,
    notes       text,
    archived_at bigint,
    created_at  bigint NOT NULL
);
CREATE INDEX customers_folded ON customers (folded);
CREATE TABLE price_rules (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    markup      numeric NOT NULL,
    panel_id    text REFERENCES panels(id) ON DELETE CASCADE,
    category    text,
    service_id  bigint,
    customer_id bigint REFERENCES customers(id) ON DELETE CASCADE,
    minimum     numeric,
    round_to    numeric,
    created_at  bigint NOT NULL
);
CREATE UNIQUE INDEX price_rules_scope ON price_rules (COALESCE(panel_id, ''),
    COALESCE(category, ''), COALESCE(service_id, -1), COALESCE(customer_id, -1));
CREATE TABLE payments (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    amount      numeric NOT NULL,
    at          bigint NOT NULL,
    note        text,
    created_at  bigint NOT NULL
);
CREATE INDEX payments_customer ON payments (customer_id, at);
ALTER TABLE orders ADD COLUMN customer_id bigint REFERENCES customers(id) ON DELETE SET NULL;
ALTER TABLE orders ADD COLUMN sell_price numeric;
ALTER TABLE orders ADD COLUMN home_rate numeric;
CREATE INDEX orders_customer ON orders (customer_id, created_at) WHERE customer_id IS NOT NULL;
ALTER TABLE schedules ADD COLUMN customer_id bigint REFERENCES customers(id) ON DELETE SET NULL;
CREATE TABLE ledger_tally (
    day         bigint NOT NULL,
    panel_id    text NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
    service_id  bigint NOT NULL,
    customer_id bigint NOT NULL,
    cur         text NOT NULL,
    n           bigint NOT NULL,
    revenue     bigint NOT NULL,
    cost        bigint NOT NULL,
    PRIMARY KEY (day, panel_id, service_id, customer_id, cur)
);
GRANT SELECT ON customers, price_rules, payments, ledger_tally TO {operator}, {viewer};
GRANT INSERT, UPDATE ON customers, price_rules, payments, ledger_tally TO {operator};
GRANT DELETE ON price_rules TO {operator}
"""


def _step_v5(conn: psycopg.Connection[Any], team: Team) -> None:
    _run(conn, team.render(_V5))


# ====================================================================================
# team28b's steps (issue 28, the parts around the engine): the watch's and the books' tallies.
# Keep these together at the end; a step by another hand goes after them.
# ====================================================================================

# 6 = the triggers SQLite's v17 and v18 keep their tallies with, on PostgreSQL: the same
# statistics rows from the same sequence of changes to orders and refills
# (tests/core/test_pg_tallies.py plays one sequence on both engines).
#
# * ``smm_ledger(kind, …)`` is ``migrations.ledger_micros`` (``profit.revenue_line`` and
#   ``cost_line``): integer millionths, rounded half to even as Python's Decimal does.
# * ``ledger_tally``: statement-level triggers with transition tables (one upsert per key per
#   statement, in key order), so a status sync of many orders writes each day's row once.
# * ``order_watch``/``watch_days``/``watch_times``: row triggers with SQLite's conditions, each
#   the same statement as SQLite's (``panel_id`` where SQLite keeps a panel key).
#
# Concurrency: the roll-up rows are upserted (one row per key, as SQLite's, so both engines'
# readers are the same queries). A desk's placement touches one key per transaction; a status
# sync that touches many runs under the panel's advisory lock, one desk at a time; so two
# transactions never hold two keys each in opposite orders.
_FINISHED_V6 = "('completed', 'partial', 'canceled')"
_STARTED_V6 = "('in_progress', 'processing', 'completed', 'partial')"
_DAY = "86400000"


def _bucket_of(ms: str) -> str:
    return (f"(SELECT b.bucket FROM watch_bounds b WHERE b.lo <= greatest(0, ({ms}) / 1000) "
            f"ORDER BY b.lo DESC LIMIT 1)")


_LEDGER_KEY = ("{o}.created_at / " + _DAY + ", {o}.panel_id, {o}.service_id, "
               "COALESCE({o}.customer_id, 0), "
               "CASE WHEN {o}.home_rate IS NULL THEN COALESCE({o}.currency, '?') ELSE '' END")
_LEDGER_LINE = ("smm_ledger({kind}, {o}.state, {o}.quantity, {o}.remains, {o}.runs, "
                "{o}.sell_price, {o}.charge, {o}.charge_estimate, {o}.home_rate)")


def _ledger_select(rows: str, sign: str) -> str:
    key = _LEDGER_KEY.format(o="o")
    return (f"SELECT {key}, {sign}1, {sign}{_LEDGER_LINE.format(kind=0, o='o')}, "
            f"{sign}{_LEDGER_LINE.format(kind=1, o='o')} FROM {rows} o "
            f"WHERE o.submit_state = 'placed'")


_LEDGER_UPSERT = """
    INSERT INTO ledger_tally AS t (day, panel_id, service_id, customer_id, cur, n, revenue, cost)
    SELECT day, panel_id, service_id, customer_id, cur, sum(n), sum(revenue), sum(cost)
    FROM ({changes}) AS c (day, panel_id, service_id, customer_id, cur, n, revenue, cost)
    WHERE EXISTS (SELECT 1 FROM panels p WHERE p.id = c.panel_id)  -- not a panel being deleted
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(n) <> 0 OR sum(revenue) <> 0 OR sum(cost) <> 0
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (day, panel_id, service_id, customer_id, cur) DO UPDATE SET
        n = t.n + excluded.n, revenue = t.revenue + excluded.revenue,
        cost = t.cost + excluded.cost"""

_V6 = f"""
-- x rounded half to even at ``places`` decimals, as a whole number of 10^-places.
CREATE FUNCTION smm_round_even(x numeric, places integer) RETURNS numeric LANGUAGE plpgsql
IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    s numeric := x * power(10::numeric, places);
    f numeric := floor(s);
BEGIN
    IF s - f > 0.5 OR (s - f = 0.5 AND mod(f, 2) <> 0) THEN
        f := f + 1;
    END IF;
    RETURN f;
END $$;
-- One placed order's line in the books' tally (migrations.ledger_micros): kind 0 its revenue
-- (home currency, to the cent), 1 its cost (at the rate kept with it, else 1; to the millionth).
CREATE FUNCTION smm_ledger(kind integer, state text, quantity bigint, remains bigint,
    runs bigint, sell_price numeric, charge numeric, estimate numeric, rate numeric)
RETURNS bigint LANGUAGE plpgsql IMMUTABLE SET search_path = smmdesk, pg_catalog, pg_temp AS $$
DECLARE
    ordered bigint;
    partial boolean := false;
    amount numeric;
BEGIN
    IF state = 'partial' AND quantity IS NOT NULL AND quantity <> 0 AND remains IS NOT NULL THEN
        ordered := quantity * (CASE WHEN runs > 1 THEN runs ELSE 1 END);
        partial := ordered > 0 AND remains >= 0 AND remains <= ordered;
    END IF;
    IF kind = 0 THEN
        IF sell_price IS NULL THEN
            RETURN 0;
        ELSIF state IN ('canceled', 'failed') THEN
            RETURN 0;
        END IF;
        amount := CASE WHEN partial THEN sell_price * (ordered - remains) / ordered
                       ELSE sell_price END;
        RETURN (smm_round_even(amount, 2) * 10000)::bigint;
    END IF;
    IF state IN ('canceled', 'failed') THEN
        RETURN 0;
    ELSIF charge IS NOT NULL THEN
        amount := charge;
    ELSIF estimate IS NOT NULL THEN
        amount := CASE WHEN partial THEN estimate * (ordered - remains) / ordered
                       ELSE estimate END;
    ELSE
        RETURN 0;
    END IF;
    RETURN smm_round_even(amount * COALESCE(NULLIF(rate, 0), 1), 6)::bigint;
END $$;

CREATE FUNCTION ledger_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
BEGIN
{_LEDGER_UPSERT.format(changes=_ledger_select("new_rows", ""))};
    RETURN NULL;
END $$;
CREATE FUNCTION ledger_delete() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
BEGIN
{_LEDGER_UPSERT.format(changes=_ledger_select("old_rows", "-"))};
    RETURN NULL;
END $$;
CREATE FUNCTION ledger_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
BEGIN
{_LEDGER_UPSERT.format(changes=_ledger_select("old_rows", "-") + " UNION ALL "
                       + _ledger_select("new_rows", ""))};
    RETURN NULL;
END $$;
CREATE TRIGGER ledger_insert AFTER INSERT ON orders REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_insert();
CREATE TRIGGER ledger_delete AFTER DELETE ON orders REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_delete();
CREATE TRIGGER ledger_update AFTER UPDATE ON orders
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_update();
CREATE INDEX ledger_tally_customer ON ledger_tally (customer_id, day) WHERE customer_id <> 0;

-- The watch (SQLite's v18 triggers, one for one).
CREATE FUNCTION watch_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
BEGIN
    INSERT INTO watch_days AS d (panel_id, service_id, day, orders, finished, partial,
        canceled, not_found)
    VALUES (NEW.panel_id, NEW.service_id, NEW.created_at / {_DAY}, 1,
        (NEW.state IN {_FINISHED_V6})::int, (NEW.state = 'partial')::int,
        (NEW.state = 'canceled')::int, NEW.not_found::int)
    ON CONFLICT (panel_id, service_id, day) DO UPDATE SET orders = d.orders + 1,
        finished = d.finished + excluded.finished, partial = d.partial + excluded.partial,
        canceled = d.canceled + excluded.canceled, not_found = d.not_found + excluded.not_found;
    INSERT INTO order_watch (order_id, started_at, finished_at)
    SELECT NEW.id, CASE WHEN NEW.state IN {_STARTED_V6} THEN NEW.created_at END,
        CASE WHEN NEW.state IN {_FINISHED_V6} THEN NEW.created_at END
    WHERE NEW.state IN {_STARTED_V6} OR NEW.state IN {_FINISHED_V6};
    RETURN NULL;
END $$;
CREATE TRIGGER watch_insert AFTER INSERT ON orders FOR EACH ROW
    WHEN (NEW.submit_state = 'placed') EXECUTE FUNCTION watch_insert();

CREATE FUNCTION watch_placed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
BEGIN
    INSERT INTO watch_days AS d (panel_id, service_id, day, orders)
    VALUES (NEW.panel_id, NEW.service_id, NEW.created_at / {_DAY}, 1)
    ON CONFLICT (panel_id, service_id, day) DO UPDATE SET orders = d.orders + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER watch_placed AFTER UPDATE OF submit_state ON orders FOR EACH ROW
    WHEN (NEW.submit_state = 'placed' AND OLD.submit_state IS DISTINCT FROM 'placed')
    EXECUTE FUNCTION watch_placed();

CREATE FUNCTION watch_start() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM order_watch w WHERE w.order_id = NEW.id
               AND w.started_at IS NOT NULL) THEN
        RETURN NULL;
    END IF;
    INSERT INTO watch_times AS t (panel_id, service_id, kind, day, bucket, n)
    SELECT NEW.panel_id, NEW.service_id, 0, NEW.created_at / {_DAY},
        {_bucket_of("NEW.updated_at - NEW.created_at")}, 1
    WHERE NOT NEW.tracked
    ON CONFLICT (panel_id, service_id, kind, day, bucket) DO UPDATE SET n = t.n + 1;
    INSERT INTO order_watch (order_id, started_at) VALUES (NEW.id, NEW.updated_at)
    ON CONFLICT (order_id) DO UPDATE SET started_at = excluded.started_at;
    RETURN NULL;
END $$;
CREATE TRIGGER watch_start AFTER UPDATE OF state ON orders FOR EACH ROW
    WHEN (NEW.submit_state = 'placed' AND NEW.state IN {_STARTED_V6})
    EXECUTE FUNCTION watch_start();

CREATE FUNCTION watch_finish() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM order_watch w WHERE w.order_id = NEW.id
               AND w.finished_at IS NOT NULL) THEN
        RETURN NULL;
    END IF;
    INSERT INTO watch_days AS d (panel_id, service_id, day, finished, partial, canceled)
    VALUES (NEW.panel_id, NEW.service_id, NEW.created_at / {_DAY}, 1,
        (NEW.state = 'partial')::int, (NEW.state = 'canceled')::int)
    ON CONFLICT (panel_id, service_id, day) DO UPDATE SET finished = d.finished + 1,
        partial = d.partial + excluded.partial, canceled = d.canceled + excluded.canceled;
    INSERT INTO watch_times AS t (panel_id, service_id, kind, day, bucket, n)
    SELECT NEW.panel_id, NEW.service_id, 1, NEW.created_at / {_DAY},
        {_bucket_of("NEW.updated_at - NEW.created_at")}, 1
    WHERE NOT NEW.tracked AND NEW.state <> 'canceled'
    ON CONFLICT (panel_id, service_id, kind, day, bucket) DO UPDATE SET n = t.n + 1;
    INSERT INTO order_watch (order_id, finished_at) VALUES (NEW.id, NEW.updated_at)
    ON CONFLICT (order_id) DO UPDATE SET finished_at = excluded.finished_at;
    RETURN NULL;
END $$;
CREATE TRIGGER watch_finish AFTER UPDATE OF state ON orders FOR EACH ROW
    WHEN (NEW.submit_state = 'placed' AND NEW.state IN {_FINISHED_V6})
    EXECUTE FUNCTION watch_finish();

CREATE FUNCTION watch_not_found() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
BEGIN
    INSERT INTO watch_days AS d (panel_id, service_id, day, not_found)
    VALUES (NEW.panel_id, NEW.service_id, NEW.created_at / {_DAY}, 1)
    ON CONFLICT (panel_id, service_id, day) DO UPDATE SET not_found = d.not_found + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER watch_not_found AFTER UPDATE OF not_found ON orders FOR EACH ROW
    WHEN (NEW.submit_state = 'placed' AND NEW.not_found AND NOT OLD.not_found)
    EXECUTE FUNCTION watch_not_found();

CREATE FUNCTION watch_refill() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM order_watch w WHERE w.order_id = NEW.order_id
               AND w.refilled = 1) THEN
        RETURN NULL;
    END IF;
    INSERT INTO watch_days AS d (panel_id, service_id, day, refilled)
    SELECT o.panel_id, o.service_id, o.created_at / {_DAY}, 1 FROM orders o
    WHERE o.id = NEW.order_id AND o.submit_state = 'placed'
    ON CONFLICT (panel_id, service_id, day) DO UPDATE SET refilled = d.refilled + 1;
    INSERT INTO order_watch (order_id, refilled) VALUES (NEW.order_id, 1)
    ON CONFLICT (order_id) DO UPDATE SET refilled = 1;
    RETURN NULL;
END $$;
CREATE TRIGGER watch_refill AFTER INSERT ON refills FOR EACH ROW
    WHEN (NEW.error IS NULL) EXECUTE FUNCTION watch_refill();

CREATE FUNCTION watch_delete() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM panels p WHERE p.id = OLD.panel_id) THEN
        RETURN OLD;  -- the panel's deletion cascades: its tallies go with it
    END IF;
    UPDATE watch_days SET orders = orders - 1,
        finished = finished - (SELECT count(*) FROM order_watch w WHERE w.order_id = OLD.id
                               AND w.finished_at IS NOT NULL),
        partial = partial - (OLD.state = 'partial')::int,
        canceled = canceled - (OLD.state = 'canceled')::int,
        refilled = refilled - (SELECT count(*) FROM order_watch w WHERE w.order_id = OLD.id
                               AND w.refilled = 1),
        not_found = not_found - OLD.not_found::int
    WHERE panel_id = OLD.panel_id AND service_id = OLD.service_id
      AND day = OLD.created_at / {_DAY};
    RETURN OLD;
END $$;
CREATE TRIGGER watch_delete BEFORE DELETE ON orders FOR EACH ROW
    WHEN (OLD.submit_state = 'placed') EXECUTE FUNCTION watch_delete();
REVOKE EXECUTE ON FUNCTION smm_round_even(numeric, integer),
    smm_ledger(integer, text, bigint, bigint, bigint, numeric, numeric, numeric, numeric)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION smm_round_even(numeric, integer),
    smm_ledger(integer, text, bigint, bigint, bigint, numeric, numeric, numeric, numeric)
    TO {{operator}}, {{viewer}}
"""

# The tallies of what is already there (a team store made by an earlier version): as SQLite's
# v17 and v18 backfills, from the orders, their events and their refills.
_EVENT_STARTED_V6 = "('completed', 'in_progress', 'processing', 'partial')"
_EVENT_FINISHED_V6 = "('completed', 'partial', 'canceled')"
_V6_BACKFILL = f"""
DELETE FROM ledger_tally;
DELETE FROM watch_times;
DELETE FROM watch_days;
DELETE FROM order_watch;
INSERT INTO ledger_tally (day, panel_id, service_id, customer_id, cur, n, revenue, cost)
SELECT {_LEDGER_KEY.format(o="o")}, count(*), sum({_LEDGER_LINE.format(kind=0, o="o")}),
    sum({_LEDGER_LINE.format(kind=1, o="o")})
FROM orders o WHERE o.submit_state = 'placed' GROUP BY 1, 2, 3, 4, 5;
INSERT INTO order_watch (order_id, started_at, finished_at, refilled)
SELECT id, started, CASE WHEN finished IS NULL AND state IN {_FINISHED_V6} THEN updated_at
                         ELSE finished END, refilled::int
FROM (SELECT o.id, o.state, o.updated_at,
        (SELECT min(e.at) FROM order_events e WHERE e.order_id = o.id
         AND e.state IN {_EVENT_STARTED_V6}) AS started,
        (SELECT min(e.at) FROM order_events e WHERE e.order_id = o.id
         AND e.state IN {_EVENT_FINISHED_V6}) AS finished,
        EXISTS (SELECT 1 FROM refills r WHERE r.order_id = o.id AND r.error IS NULL) AS refilled
      FROM orders o WHERE o.submit_state = 'placed') s
WHERE started IS NOT NULL OR finished IS NOT NULL OR refilled OR state IN {_FINISHED_V6};
INSERT INTO watch_days (panel_id, service_id, day, orders, finished, partial, canceled,
    refilled, not_found)
SELECT o.panel_id, o.service_id, o.created_at / {_DAY}, count(*),
    count(w.finished_at), count(*) FILTER (WHERE o.state = 'partial'),
    count(*) FILTER (WHERE o.state = 'canceled'), COALESCE(sum(w.refilled), 0),
    count(*) FILTER (WHERE o.not_found)
FROM orders o LEFT JOIN order_watch w ON w.order_id = o.id
WHERE o.submit_state = 'placed' GROUP BY 1, 2, 3;
INSERT INTO watch_times (panel_id, service_id, kind, day, bucket, n)
SELECT o.panel_id, o.service_id, 0, o.created_at / {_DAY},
    {_bucket_of("w.started_at - o.created_at")}, count(*)
FROM orders o JOIN order_watch w ON w.order_id = o.id
WHERE NOT o.tracked AND w.started_at IS NOT NULL GROUP BY 1, 2, 4, 5;
INSERT INTO watch_times (panel_id, service_id, kind, day, bucket, n)
SELECT o.panel_id, o.service_id, 1, o.created_at / {_DAY},
    {_bucket_of("w.finished_at - o.created_at")}, count(*)
FROM orders o JOIN order_watch w ON w.order_id = o.id
WHERE NOT o.tracked AND w.finished_at IS NOT NULL AND o.state <> 'canceled'
GROUP BY 1, 2, 4, 5
"""


def _step_v6(conn: psycopg.Connection[Any], team: Team) -> None:
    _run(conn, team.render(_V6))
    _run(conn, _V6_BACKFILL)


# ============================================================== end of team28b's steps

# 7 = the watch's count of new orders per statement: ``watch_insert`` (a row trigger in step 6,
# SQLite's) upserted its day's ``watch_days`` row once per inserted order; inside one
# transaction every upsert of the same row leaves a version the next one walks past, so a
# statement inserting N orders of one service and day (``team push``'s COPY, a bulk load) took
# time in N². Now one upsert per (panel, service, day) per statement, from the transition
# table: the same counts, the same ``order_watch`` rows.
_V7 = f"""
DROP TRIGGER watch_insert ON orders;
DROP FUNCTION watch_insert();
CREATE FUNCTION watch_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SEARCH_PATH}, pg_temp AS $$
BEGIN
    INSERT INTO watch_days AS d (panel_id, service_id, day, orders, finished, partial,
        canceled, not_found)
    SELECT n.panel_id, n.service_id, n.created_at / {_DAY}, count(*),
        count(*) FILTER (WHERE n.state IN {_FINISHED_V6}),
        count(*) FILTER (WHERE n.state = 'partial'),
        count(*) FILTER (WHERE n.state = 'canceled'), count(*) FILTER (WHERE n.not_found)
    FROM new_rows n WHERE n.submit_state = 'placed'
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (panel_id, service_id, day) DO UPDATE SET orders = d.orders + excluded.orders,
        finished = d.finished + excluded.finished, partial = d.partial + excluded.partial,
        canceled = d.canceled + excluded.canceled, not_found = d.not_found + excluded.not_found;
    INSERT INTO order_watch (order_id, started_at, finished_at)
    SELECT n.id, CASE WHEN n.state IN {_STARTED_V6} THEN n.created_at END,
        CASE WHEN n.state IN {_FINISHED_V6} THEN n.created_at END
    FROM new_rows n
    WHERE n.submit_state = 'placed' AND (n.state IN {_STARTED_V6} OR n.state IN {_FINISHED_V6});
    RETURN NULL;
END $$;
CREATE TRIGGER watch_insert AFTER INSERT ON orders REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION watch_insert();
"""


def _step_v7(conn: psycopg.Connection[Any], team: Team) -> None:
    _run(conn, _V7)


def _step_v8(conn: psycopg.Connection[Any], team: Team) -> None:
    """A viewer denied prices reads them as NULL through temporary views (``masks``): its group
    may create temporary objects in the team's database (given at creation since this step;
    a team made before gets it here, when the migrating admin owns the database)."""
    if not _owns_database(conn):
        log.warning("team store: %s may not let viewers create temporary views in %s (not "
                    "its owner): a viewer denied prices cannot open it", conn.info.user,
                    conn.info.dbname)
        return
    conn.execute(sql.SQL("GRANT TEMPORARY ON DATABASE {} TO {}").format(
        sql.Identifier(conn.info.dbname), sql.Identifier(team.viewer)))


# 9 = the orders not resolved yet (still sending, or uncertain): placing reads them twice per
# order (``PgOrderStore.unresolved_orders``: the link's check in the quote and again in the
# transaction that records it), and without an index that read every order of the history —
# ~180 ms each at 1,000,000 orders (bench/bench_pg.py, ``pg_place_order_ms``). Few orders are
# ever unresolved, so the index stays small.
_V9 = """
CREATE INDEX orders_unresolved ON orders (id) WHERE submit_state IN ('uncertain', 'submitting')
"""


def _step_v9(conn: psycopg.Connection[Any], team: Team) -> None:
    _run(conn, _V9)


Step = Callable[[psycopg.Connection[Any], Team], None]

MIGRATIONS: dict[int, Step] = {
    1: _step_v1,
    2: _step_v2,
    3: _step_v3,
    4: _step_v4,
    5: _step_v5,
    6: _step_v6,  # team28b: the tallies' triggers
    7: _step_v7,  # bothengines: the watch's new orders counted per statement
    8: _step_v8,  # teamfinish: viewers may create the temporary views that mask prices
    9: _step_v9,  # pgbench: the unresolved orders' index
}
SCHEMA_VERSION = max(MIGRATIONS)


# ---------------------------------------------------------------------------------- running it


def _run(conn: psycopg.Connection[Any], script: str) -> None:
    """Run ``script`` statement by statement (a function body, ``$$ … $$``, kept whole)."""
    for statement in _statements(script):
        conn.execute(statement.encode())


def _statements(script: str) -> list[str]:
    out, buffer, in_body = [], "", False
    for line in script.splitlines(keepends=True):
        buffer += line
        in_body ^= line.count("$$") % 2 == 1
        if not in_body and buffer.rstrip().endswith(";"):
            out.append(buffer.strip().rstrip(";"))
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip().rstrip(";"))
    return [s for s in out if s and not all(
        part.strip().startswith("--") or not part.strip() for part in s.splitlines())]


def _read_one(conn: psycopg.Connection[Any], query: str) -> Any:
    """One value, in a transaction of its own (or a savepoint of the caller's): a read never
    leaves a transaction open behind it."""
    with conn.transaction():
        row = conn.execute(query.encode()).fetchone()
    return row[0] if row else None


def schema_exists(conn: psycopg.Connection[Any]) -> bool:
    return bool(_read_one(conn, "SELECT to_regclass('smmdesk.schema_version') IS NOT NULL"))


def schema_version(conn: psycopg.Connection[Any]) -> int:
    """The newest applied step; 0 when the database holds no team schema."""
    if not schema_exists(conn):
        return 0
    return int(_read_one(conn, "SELECT COALESCE(max(version), 0) FROM smmdesk.schema_version"))


def team_of(conn: psycopg.Connection[Any]) -> Team:
    """The team's role names, as the schema's creation recorded them."""
    row = None
    if schema_exists(conn):
        row = _read_one(conn, "SELECT value FROM smmdesk.team_settings WHERE key = 'role_prefix'")
    if row is None:
        raise SchemaError("This database holds no SMM Desk team (no role names recorded).")
    return Team(row)


def _require_idle(conn: psycopg.Connection[Any]) -> None:
    if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        raise SchemaError("the team schema is changed on a connection with no transaction open "
                          "(commit or roll back first)")


def create_schema(conn: psycopg.Connection[Any], *, team: Team | None = None) -> Team:
    """Create the team in this (empty) database, then migrate it to the newest version. The
    connected role must be allowed to create roles and to create in the database; it becomes
    the team's first admin. On a database that has the team already, this only migrates."""
    _require_idle(conn)
    if schema_exists(conn):
        migrate(conn)
        return team_of(conn)
    with conn.transaction():
        me = conn.execute(
            "SELECT session_user::text, current_database()::text, rolsuper, rolcreaterole "
            "FROM pg_roles WHERE rolname = session_user").fetchone()
    assert me is not None
    user, dbname, is_super, can_create_roles = me
    if not (is_super or can_create_roles):
        raise SchemaError(
            f"{user} may not create roles: create the team as the database's owner with "
            f"CREATEROLE (or as a superuser), once; the team's admins need neither.")
    team = team or Team.for_database(dbname)
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_SPACE, LOCK_MIGRATE))
        if not schema_exists(conn):  # (another desk may have created it meanwhile)
            existing = {r[0] for r in conn.execute(
                "SELECT rolname::text FROM pg_roles WHERE rolname = ANY(%s)",
                ([team.admin, team.operator, team.viewer],))}
            for name in (team.admin, team.operator, team.viewer):
                if name not in existing:
                    conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
            conn.execute(sql.SQL("GRANT {} TO {}").format(
                sql.Identifier(team.admin), sql.Identifier(user)))
            conn.execute(sql.SQL("CREATE SCHEMA {} AUTHORIZATION {}").format(
                sql.Identifier(SCHEMA), sql.Identifier(team.admin)))
            conn.execute(f"SET LOCAL search_path = {SEARCH_PATH}")
            # pg_trgm is a trusted extension: the database's CREATE privilege suffices.
            conn.execute(f"CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA {SCHEMA}")
            _lock_database(conn, team, dbname)
            conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(team.admin)))
            _run(conn, _BOOTSTRAP)
            conn.execute("INSERT INTO team_settings (key, value) VALUES ('role_prefix', %s), "
                         "('viewer_prices', 'yes')", (team.prefix,))
            conn.execute("RESET ROLE")
    _migrate(conn, team, creating=True)
    with conn.transaction():
        conn.execute(f"SET LOCAL search_path = {SEARCH_PATH}")
        if _read_one(conn, "SELECT to_regprocedure('smmdesk.team_users()') IS NULL"):
            # Owned by the creator, who may create roles (admins need not).
            _run(conn, team.render(_TEAM_FUNCTIONS))
    return team


def _owns_database(conn: psycopg.Connection[Any]) -> bool:
    """Whether this login may grant rights on the database itself (its owner, a superuser)."""
    row = conn.execute(
        "SELECT pg_has_role(session_user, d.datdba, 'USAGE') OR r.rolsuper FROM pg_database d, "
        "pg_roles r WHERE d.datname = current_database() AND r.rolname = session_user"
    ).fetchone()
    return bool(row and row[0])


def _lock_database(conn: psycopg.Connection[Any], team: Team, dbname: str) -> None:
    """Only the team's roles connect (when the creator may say so: the owner or a superuser)."""
    if not _owns_database(conn):
        log.warning("team store: %s may not restrict who connects to %s (not its owner)",
                    conn.info.user, dbname)
        return
    db = sql.Identifier(dbname)
    conn.execute(sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(db))
    conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}, {}").format(
        db, *(sql.Identifier(n) for n in (team.admin, team.operator, team.viewer))))
    # A viewer denied prices reads them as NULL through temporary views (``masks``).
    conn.execute(sql.SQL("GRANT TEMPORARY ON DATABASE {} TO {}").format(
        db, sql.Identifier(team.viewer)))
    conn.execute(sql.SQL("ALTER DATABASE {} SET search_path = {}").format(
        db, sql.SQL(SEARCH_PATH)))


def migrate(conn: psycopg.Connection[Any], target: int | None = None) -> int:
    """Apply the missing steps up to ``target`` (default: the newest); only an admin may.
    Raises ``NewerSchemaError`` when the database is newer than this version of the app."""
    _require_idle(conn)
    if not schema_exists(conn):
        raise SchemaError("This database holds no SMM Desk team yet: create it first.")
    return _migrate(conn, team_of(conn), target=target)


def _migrate(conn: psycopg.Connection[Any], team: Team, target: int | None = None, *,
             creating: bool = False) -> int:
    target = SCHEMA_VERSION if target is None else target
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise NewerSchemaError(current, SCHEMA_VERSION)
    if current >= target:
        return current
    with conn.transaction():
        admin = conn.execute("SELECT pg_has_role(session_user, %s, 'MEMBER')",
                             (team.admin,)).fetchone()
    if not (admin and admin[0]):
        raise SchemaError(
            f"The team store is at schema {current}; this version of SMM Desk needs "
            f"{target}. A team admin must open it once to update it.")
    for version in sorted(v for v in MIGRATIONS if v <= target):
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_SPACE, LOCK_MIGRATE))
            if schema_version(conn) >= version:
                continue  # applied by another desk meanwhile
            conn.execute(f"SET LOCAL search_path = {SEARCH_PATH}")
            conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(team.admin)))
            MIGRATIONS[version](conn, team)
            conn.execute("INSERT INTO schema_version (version, app_version) VALUES (%s, %s)",
                         (version, __version__))
            if version == max(v for v in MIGRATIONS if v <= target) and version >= 2:
                _apply_viewer_prices(conn, team, _viewer_prices(conn))
            conn.execute("RESET ROLE")
        log.info("team store: schema %d -> %d%s", current, version,
                 " (new team)" if creating else "")
        current = version
    return current


# ------------------------------------------------------------------------------- viewer prices


def _viewer_prices(conn: psycopg.Connection[Any]) -> bool:
    value = _read_one(conn, "SELECT value FROM smmdesk.team_settings WHERE key = 'viewer_prices'")
    return value is None or value == "yes"


def _apply_viewer_prices(conn: psycopg.Connection[Any], team: Team, allowed: bool) -> None:
    """Grant the viewers SELECT on the price tables whole, or on every column but the prices
    (and nothing of the tables that are all money). Re-run after every migration, so a column
    added later follows the admin's choice."""
    viewer = sql.Identifier(team.viewer)
    for table, columns in PRICE_COLUMNS.items():
        if conn.execute("SELECT to_regclass(%s) IS NULL", (f"{SCHEMA}.{table}",)
                        ).fetchone()[0]:  # type: ignore[index]
            continue  # a later step's table (``migrate(target=…)`` short of the newest)
        name = sql.Identifier(SCHEMA, table)
        conn.execute(sql.SQL("REVOKE SELECT ON {} FROM {}").format(name, viewer))
        if allowed:
            conn.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(name, viewer))
        elif columns is not None:
            kept = [r[0] for r in conn.execute(
                "SELECT attname::text FROM pg_attribute WHERE attrelid = %s::regclass "
                "AND attnum > 0 AND NOT attisdropped ORDER BY attnum", (f"{SCHEMA}.{table}",))
                if r[0] not in columns]
            # A column-level REVOKE of each column too: REVOKE on the table leaves those.
            conn.execute(sql.SQL("REVOKE SELECT ({}) ON {} FROM {}").format(
                sql.SQL(", ").join(sql.Identifier(c) for c in columns), name, viewer))
            conn.execute(sql.SQL("GRANT SELECT ({}) ON {} TO {}").format(
                sql.SQL(", ").join(sql.Identifier(c) for c in kept), name, viewer))


def set_viewer_prices(conn: psycopg.Connection[Any], allowed: bool) -> None:
    """The admin's choice: may viewers see prices, charges and balances? (Enforced by column
    privileges: a viewer's ``SELECT charge FROM orders`` is refused by the server.)"""
    _require_idle(conn)
    team = team_of(conn)
    with conn.transaction():
        conn.execute("UPDATE smmdesk.team_settings SET value = %s WHERE key = 'viewer_prices'",
                     ("yes" if allowed else "no",))
        _apply_viewer_prices(conn, team, allowed)


def viewer_prices(conn: psycopg.Connection[Any]) -> bool:
    return _viewer_prices(conn)
