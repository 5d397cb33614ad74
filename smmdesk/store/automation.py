"""SQL over the automation tables (schema v6, ``migrations._V6``): schedules, their runs,
automatic-refill bookkeeping, alerts and the automation preferences. The rules live in
``smmdesk.schedules``; the workspace applies them (``smmdesk.automation``).

Times are INTEGER milliseconds (UTC) as everywhere in the store; money and percents are TEXT
holding a ``Decimal``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from smmdesk import options
from smmdesk.models import OutcomeKind
from smmdesk.outcomes import describe
from smmdesk.refillwindow import LIFETIME
from smmdesk.schedules import (
    Alert,
    AlertKind,
    ClockHold,
    RunOutcome,
    Schedule,
    ScheduleRun,
    Timing,
    aware,
    occurrence,
)
from smmdesk.store.database import Database, Tx
from smmdesk.store.values import dec, from_ms, to_ms

# Window set by hand: a number of days, ``LIFETIME_DAYS`` for "no end" (``refillwindow.LIFETIME``,
# the one meaning of lifetime: a window of 100 years).
LIFETIME_DAYS = LIFETIME
# A panel's refusal text kept with an order's automatic refills (a panel may send a page).
_REFUSAL_CHARS = 500


class RunTaken(Exception):
    """The due run was consumed by someone else (another thread or process) first: nothing
    is recorded or sent."""


# ------------------------------------------------------------------------------ preferences


@dataclass(frozen=True, slots=True)
class AutomationSettings:
    """Automation preferences, kept in the data dir's database (scripts and the GUI share them).
    The typed record of ``smmdesk.options.AUTOMATION``: each field is an option's key, its
    default the option's (declared there, with what it means)."""

    grace: timedelta = options.GRACE.default
    max_price_rise: Decimal = options.MAX_PRICE_RISE.default
    refill_min_delay: timedelta = options.REFILL_MIN_DELAY.default
    refill_interval: timedelta = options.REFILL_INTERVAL.default
    auto_refill_default: bool = options.AUTO_REFILL_DEFAULT.default
    alert_balance: bool = options.ALERT_BALANCE.default
    alert_price: bool = options.ALERT_PRICE.default
    price_alert_percent: Decimal = options.PRICE_ALERT_PERCENT.default
    alert_removed: bool = options.ALERT_REMOVED.default
    alert_attention: bool = options.ALERT_ATTENTION.default
    paused_all: bool = options.PAUSED_ALL.default
    # The margin guard (the reseller's books).
    alert_margin: bool = options.ALERT_MARGIN.default
    min_margin_percent: Decimal = options.MIN_MARGIN_PERCENT.default
    stuck_after: timedelta = options.STUCK_AFTER.default
    stuck_factor: Decimal = options.STUCK_FACTOR.default
    slow_factor: Decimal = options.SLOW_FACTOR.default
    refill_reminder: timedelta = options.REFILL_REMINDER.default


_OPTIONS = {o.key: o for o in options.AUTOMATION}


# ------------------------------------------------------------------------------ the store


_SCHEDULE_COLUMNS = (
    "s.id, s.panel_id, s.service_id, s.fields, s.first_run, s.every_ms, s.times, s.until, "
    "s.next_index, s.runs_done, s.paused, s.pause_reason, s.service_name, s.base_rate, "
    "s.created_at, s.generation, "
    "(SELECT outcome FROM schedule_runs r WHERE r.schedule_id = s.id ORDER BY r.id DESC LIMIT 1),"
    "(SELECT message FROM schedule_runs r WHERE r.schedule_id = s.id ORDER BY r.id DESC LIMIT 1),"
    "s.start_index, s.held_index, s.customer_id"
)


def _row_to_schedule(r: tuple) -> Schedule:
    try:
        fields = json.loads(r[3]) if r[3] else {}
    except ValueError:
        fields = {}
    first = from_ms(r[4])
    assert first is not None
    every = timedelta(milliseconds=r[5]) if r[5] else None
    until = from_ms(r[7])
    timing = Timing(first, every, r[6], until, r[18])
    return Schedule(
        id=r[0], panel_id=r[1], service_id=r[2], fields=fields,
        next_run=occurrence(timing, r[8]), every=every, times=r[6], until=until,
        runs_done=r[9], paused=bool(r[10]), pause_reason=r[11], first_run=first,
        service_name=r[12] or "", base_rate=dec(r[13]), created_at=from_ms(r[14]),
        next_index=r[8], last_outcome=RunOutcome(r[16]) if r[16] else None, last_message=r[17],
        generation=r[15], start_index=r[18], held_index=r[19],
        customer_id=r[20] if len(r) > 20 else None,
        created_by=r[21] if len(r) > 21 else None,  # a team store's login
    )


# One preference written (SQL both engines speak: the team store shares it).
PUT_SETTING = ("INSERT INTO automation_settings (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value")


class AutomationStore:
    """SQL for automation on the shared ``Database`` (same connection, same serialised
    transactions)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _read(self, sql: str, args: Iterable[Any] = ()) -> list[tuple]:
        return self.db.read(sql, tuple(args))

    # the runs ``finish_sending`` settles, locked so that one process settles each (SQLite's
    # one writer does it alone; a team store locks the rows, SKIP LOCKED)
    sending_rows_lock = ""

    def acts(self) -> bool:
        """Whether this workspace does the automation's work (places due runs, asks refills,
        raises alerts): always here; on a team store not a viewer's desk, which reads what the
        others did."""
        return True

    # -- preferences ----------------------------------------------------------------------------

    def settings(self) -> AutomationSettings:
        stored = dict(self._read("SELECT key, value FROM automation_settings"))
        return AutomationSettings(**{
            name: option.parse(stored[name]) if name in stored else option.default
            for name, option in _OPTIONS.items()})

    def set_settings(self, **values: Any) -> AutomationSettings:
        for name in values:
            if name not in _OPTIONS:
                raise ValueError(f"unknown automation setting {name!r}")
        with self.db.transaction() as c:
            for name, value in values.items():
                c.execute(PUT_SETTING,
                          (name, _OPTIONS[name].dump(value)))
        return self.settings()

    def _json_setting(self, key: str) -> Any:
        """The JSON value stored under ``key`` (None: nothing stored; ``ValueError``: it
        cannot be read)."""
        rows = self._read("SELECT value FROM automation_settings WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else None

    def _set_json_setting(self, key: str, value: Any) -> None:
        with self.db.transaction() as c:
            if value is None:
                c.execute("DELETE FROM automation_settings WHERE key = ?", (key,))
            else:
                c.execute(PUT_SETTING,
                          (key, json.dumps(value)))

    def clock_hold(self) -> ClockHold | None:
        """RULE 5: every schedule is held (the wall clock jumped) — kept across restarts."""
        try:
            data = self._json_setting(options.CLOCK_HOLD.key)
            if data is None:
                return None
            at = from_ms(int(data["at"]))
            assert at is not None
            return ClockHold(at, timedelta(seconds=float(data["jump_s"])))
        except (ValueError, KeyError, TypeError, AssertionError):
            return ClockHold(datetime.fromtimestamp(0).astimezone(), timedelta(0))

    def set_clock_hold(self, hold: ClockHold | None) -> None:
        self._set_json_setting(options.CLOCK_HOLD.key, None if hold is None else {
            "at": to_ms(hold.at), "jump_s": hold.jump.total_seconds()})

    def clock_seen(self) -> tuple[datetime, float, str] | None:
        """RULE 5 across restarts: (wall clock, elapsed clock, boot id) at the last scheduler
        check of any process (``set_clock_seen``); None when never stored or unreadable."""
        try:
            data = self._json_setting(options.CLOCK_SEEN.key)
            if data is None:
                return None
            wall = from_ms(int(data["wall"]))
            assert wall is not None
            return wall, float(data["elapsed"]), str(data["boot"])
        except (ValueError, KeyError, TypeError, AssertionError):
            return None

    def set_clock_seen(self, wall: datetime, elapsed: float, boot_id: str) -> None:
        self._set_json_setting(options.CLOCK_SEEN.key,
                               {"wall": to_ms(wall), "elapsed": elapsed, "boot": boot_id})

    def balance_threshold(self, panel_id: str) -> Decimal | None:
        rows = self._read("SELECT value FROM automation_settings WHERE key = ?",
                          (options.BALANCE_THRESHOLD.key_for(panel_id),))
        return dec(rows[0][0]) if rows else None

    def set_balance_threshold(self, panel_id: str, amount: Decimal | None) -> None:
        with self.db.transaction() as c:
            if amount is None:
                c.execute("DELETE FROM automation_settings WHERE key = ?",
                          (options.BALANCE_THRESHOLD.key_for(panel_id),))
            else:
                c.execute(PUT_SETTING,
                          (options.BALANCE_THRESHOLD.key_for(panel_id), str(Decimal(amount))))

    def balance_thresholds(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for key, value in self._read(
                "SELECT key, value FROM automation_settings WHERE key LIKE ?",
                (options.BALANCE_THRESHOLD.key_for("%"),)):
            amount = dec(value)
            if amount is not None:
                out[key.split(":", 1)[1]] = amount
        return out

    # -- schedules ------------------------------------------------------------------------------

    def insert_schedule(self, *, panel_id: str, service_id: int, service_name: str,
                        fields: dict[str, Any], timing: Timing, base_rate: Decimal | None,
                        now: datetime, customer_id: int | None = None) -> int:
        at = to_ms(now)
        with self.db.transaction() as c:
            cur = c.execute(
                "INSERT INTO schedules (panel_id, service_id, service_name, fields, first_run, "
                "every_ms, times, until, base_rate, created_at, updated_at, customer_id) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (panel_id, service_id, service_name, json.dumps(fields, sort_keys=True),
                 to_ms(timing.first_run), _every_ms(timing.every), timing.times,
                 to_ms(aware(timing.until)) if timing.until is not None else None,
                 None if base_rate is None else str(base_rate), at, at, customer_id))
            return int(cur.lastrowid)  # type: ignore[arg-type]

    def update_schedule(self, schedule_id: int, *, fields: dict[str, Any], timing: Timing,
                        base_rate: Decimal | None, generation: int, next_index: int,
                        now: datetime) -> None:
        """RULE 1: an edit replaces the values and the timing (numbered from
        ``timing.start_index``, see ``schedules.edit_plan``) and starts a new generation, so a
        run planned under the old timing can no longer be consumed. The run index, the runs done
        and a held run stay. Raises ``RunTaken`` when a run was consumed (or the schedule edited)
        since the plan was made: the caller plans again."""
        with self.db.transaction() as c:
            cur = c.execute(
                "UPDATE schedules SET fields = ?, first_run = ?, every_ms = ?, times = ?, "
                "until = ?, base_rate = ?, generation = generation + 1, start_index = ?, "
                "updated_at = ? WHERE id = ? AND deleted_at IS NULL AND generation = ? "
                "AND next_index = ?",
                (json.dumps(fields, sort_keys=True), to_ms(timing.first_run),
                 _every_ms(timing.every), timing.times,
                 to_ms(aware(timing.until)) if timing.until is not None else None,
                 None if base_rate is None else str(base_rate), timing.start_index, to_ms(now),
                 schedule_id, generation, next_index))
            if cur.rowcount != 1:
                if not c.execute("SELECT 1 FROM schedules WHERE id = ? AND deleted_at IS NULL",
                                 (schedule_id,)).fetchone():
                    raise KeyError(schedule_id)
                raise RunTaken(schedule_id)

    def last_consumed_due(self, schedule_id: int) -> datetime | None:
        """The due time of the latest run recorded for the schedule (any generation)."""
        rows = self._read("SELECT MAX(due_at) FROM schedule_runs WHERE schedule_id = ?",
                          (schedule_id,))
        return from_ms(rows[0][0]) if rows and rows[0][0] is not None else None

    def unresolved_orders(self, schedule_id: int) -> list[tuple[int, datetime, str]]:
        """(order id, due time, submit state) of the schedule's runs whose order may or may not
        have been placed and is not resolved yet (uncertain, or still being sent)."""
        return [(r[0], from_ms(r[1]), r[2]) for r in self._read(  # type: ignore[misc]
            "SELECT r.order_id, r.due_at, o.submit_state FROM schedule_runs r "
            "JOIN orders o ON o.id = r.order_id WHERE r.schedule_id = ? AND "
            "(o.submit_state IN ('uncertain', 'submitting') OR r.outcome = 'sending') "
            "ORDER BY r.due_at DESC, r.id DESC", (schedule_id,))]

    def get_schedule(self, schedule_id: int) -> Schedule | None:
        rows = self._read(f"SELECT {_SCHEDULE_COLUMNS} FROM schedules s WHERE s.id = ? "
                          "AND s.deleted_at IS NULL", (schedule_id,))
        return _row_to_schedule(rows[0]) if rows else None

    def list_schedules(self) -> list[Schedule]:
        return [_row_to_schedule(r) for r in self._read(
            f"SELECT {_SCHEDULE_COLUMNS} FROM schedules s WHERE s.deleted_at IS NULL "
            "ORDER BY s.id")]

    def set_paused(self, schedule_id: int, paused: bool, reason: str | None,
                   now: datetime) -> None:
        """Pause (with ``reason``) or resume (a held run stays held: ``run_due`` places it)."""
        with self.db.transaction() as c:
            self.pause_state(c, schedule_id, paused, reason, now)

    def delete_schedule(self, schedule_id: int, now: datetime) -> None:
        """Soft delete: the runs stay readable with their orders."""
        with self.db.transaction() as c:
            cur = c.execute("UPDATE schedules SET deleted_at = ?, updated_at = ? WHERE id = ? "
                            "AND deleted_at IS NULL", (to_ms(now), to_ms(now), schedule_id))
            if cur.rowcount != 1:
                raise KeyError(schedule_id)

    def runs(self, schedule_id: int) -> list[ScheduleRun]:
        return [
            ScheduleRun(id=r[0], schedule_id=r[1], due_at=from_ms(r[2]),  # type: ignore[arg-type]
                        at=from_ms(r[3]), outcome=RunOutcome(r[4]),  # type: ignore[arg-type]
                        local_id=r[5], message=r[6], index=r[7])
            for r in self._read(
                "SELECT id, schedule_id, due_at, at, outcome, order_id, message, idx "
                "FROM schedule_runs WHERE schedule_id = ? ORDER BY due_at, id", (schedule_id,))
        ]

    def run_of_order(self, order_id: int) -> ScheduleRun | None:
        rows = self._read("SELECT schedule_id FROM schedule_runs WHERE order_id = ?", (order_id,))
        if not rows:
            return None
        return next((r for r in self.runs(rows[0][0]) if r.local_id == order_id), None)

    # Everything a run records happens in the caller's transaction ``c``.

    def consume(self, c: Tx, schedule_id: int, generation: int, expected: int,
                next_index: int, *, runs_done: int = 0, require_active: bool = True) -> None:
        """Move the schedule's next index from ``expected`` to ``next_index``, or raise
        ``RunTaken`` when someone else got there first (or it was paused/deleted meanwhile)."""
        sql = ("UPDATE schedules SET next_index = ?, runs_done = runs_done + ?, "
               "held_index = NULL "
               "WHERE id = ? AND generation = ? AND next_index = ? AND deleted_at IS NULL")
        if require_active:
            sql += " AND paused = 0"
        cur = c.execute(sql, (next_index, runs_done, schedule_id, generation, expected))
        if cur.rowcount != 1:
            raise RunTaken(schedule_id)

    def add_run(self, c: Tx, schedule_id: int, generation: int, index: int,
                due: datetime, now: datetime, outcome: RunOutcome, order_id: int | None = None,
                message: str | None = None) -> None:
        c.execute(
            "INSERT INTO schedule_runs (schedule_id, generation, idx, due_at, at, outcome, "
            "order_id, message) VALUES (?,?,?,?,?,?,?,?)",
            (schedule_id, generation, index, to_ms(due), to_ms(now), outcome.value, order_id,
             message))

    def pause_in(self, c: Tx, schedule_id: int, reason: str,
                 now: datetime) -> None:
        c.execute("UPDATE schedules SET paused = 1, pause_reason = ?, updated_at = ? "
                  "WHERE id = ?", (reason, to_ms(now), schedule_id))

    def pause_state(self, c: Tx, schedule_id: int, paused: bool,
                    reason: str | None, now: datetime, *,
                    base_rate: Decimal | None = None) -> None:
        """Pause or resume in ``c``; ``base_rate``: the price the person accepted."""
        sql = "UPDATE schedules SET paused = ?, pause_reason = ?, updated_at = ?"
        args: list[Any] = [int(paused), reason if paused else None, to_ms(now)]
        if base_rate is not None:
            sql += ", base_rate = ?"
            args.append(str(base_rate))
        cur = c.execute(sql + " WHERE id = ? AND deleted_at IS NULL", (*args, schedule_id))
        if cur.rowcount != 1:
            raise KeyError(schedule_id)

    def hold(self, c: Tx, schedule_id: int, generation: int, index: int,
             reason: str, now: datetime) -> None:
        """RULE 3: a guard pauses the schedule and holds the due run ``index`` unconsumed (the
        runs before it must already be consumed: ``next_index == index``). ``RunTaken`` when
        the schedule moved on meanwhile."""
        cur = c.execute(
            "UPDATE schedules SET paused = 1, pause_reason = ?, held_index = ?, updated_at = ? "
            "WHERE id = ? AND generation = ? AND next_index = ? AND deleted_at IS NULL",
            (reason, index, to_ms(now), schedule_id, generation, index))
        if cur.rowcount != 1:
            raise RunTaken(schedule_id)

    def move_hold(self, c: Tx, schedule_id: int, index: int) -> None:
        """The held run is now ``index`` (the runs before it were recorded missed in ``c``)."""
        c.execute("UPDATE schedules SET held_index = ? WHERE id = ?", (index, schedule_id))

    def finish_sending(self, now: datetime) -> list[tuple[int, int, str, str | None]]:
        """Runs recorded as "sending" whose order has an outcome now (placed, rejected, or
        uncertain after a crash): copy the outcome, pause the schedule when it was not placed.
        Returns (schedule id, order id, outcome, error) of the runs settled."""
        settled: list[tuple[int, int, str, str | None]] = []
        if not self._read("SELECT 1 FROM schedule_runs WHERE outcome = 'sending' LIMIT 1"):
            return settled  # the usual case: no write transaction at all
        if not self.acts():
            return settled  # a team store's viewer: an operator's desk settles it
        with self.db.transaction() as c:
            rows = c.execute(
                "SELECT r.id, r.schedule_id, r.order_id, o.submit_state, o.error, o.outcome "
                "FROM schedule_runs r JOIN orders o ON o.id = r.order_id "
                "WHERE r.outcome = 'sending' AND o.submit_state != 'submitting'"
                + self.sending_rows_lock).fetchall()
            for run_id, schedule_id, order_id, state, detail, kind in rows:
                outcome = {"placed": RunOutcome.PLACED, "rejected": RunOutcome.REJECTED}.get(
                    state, RunOutcome.UNCERTAIN)
                # The run's note says the order's outcome in words (``outcomes.describe``).
                code = OutcomeKind.code(kind)
                error = str(describe(code, detail)) if code is not None else detail
                c.execute("UPDATE schedule_runs SET outcome = ?, message = ? WHERE id = ?",
                          (outcome.value, error, run_id))
                if outcome is not RunOutcome.PLACED:
                    self.pause_in(c, schedule_id, error or outcome.value, now)
                settled.append((schedule_id, order_id, outcome.value, error))
        return settled

    # -- automatic refills ----------------------------------------------------------------------

    def refill_candidates(self, default_on: bool) -> list[tuple]:
        """Completed, placed orders of refill-capable services on panels that may refill, whose
        automatic refills have not stopped: (order id, panel id, service id, created ms, service
        name, description, order enabled, order window, service enabled, service window,
        last auto request ms, last any request ms). With the default off, only orders with a rule
        switching them on are read."""
        opted = "" if default_on else (
            "AND (a.enabled = 1 OR (a.enabled IS NULL AND rs.enabled = 1)) ")
        return self._read(
            "SELECT o.id, k.id, o.service_id, o.created_at, s.name, s.description, "
            "a.enabled, a.window_days, rs.enabled, rs.window_days, a.last_requested_at, "
            "(SELECT MAX(requested_at) FROM refills f WHERE f.order_id = o.id) "
            "FROM orders o JOIN panel_keys k ON k.key = o.panel_key "
            "JOIN services s ON s.panel_id = k.id AND s.service_id = "
            "o.service_id JOIN panels p ON p.id = k.id "
            "LEFT JOIN auto_refill_orders a ON a.order_id = o.id "
            "LEFT JOIN auto_refill_services rs ON rs.panel_id = k.id "
            "AND rs.service_id = o.service_id "
            "WHERE o.submit_state = 'placed' AND o.state = 'completed' AND o.not_found = 0 "
            "AND o.remote_id IS NOT NULL AND s.refill = 1 AND p.removed_at IS NULL "
            "AND (',' || p.unsupported || ',') NOT LIKE '%,refill,%' "
            "AND a.stopped_at IS NULL " + opted + "ORDER BY o.id")

    def set_refill_rule(self, *, panel_id: str | None = None, service_id: int | None = None,
                        order_id: int | None = None, enabled: bool | None,
                        window_days: int | None) -> None:
        with self.db.transaction() as c:
            if order_id is not None:
                c.execute("INSERT INTO auto_refill_orders (order_id) VALUES (?) "
                          "ON CONFLICT (order_id) DO NOTHING", (order_id,))
                # (a flag as a parameter: 0/1 in SQLite, a boolean in PostgreSQL)
                c.execute("UPDATE auto_refill_orders SET enabled = ?, window_days = ?, "
                          "stopped_at = NULL, stop_reason = NULL WHERE order_id = ?",
                          (enabled, window_days, order_id))
            else:
                c.execute("INSERT INTO auto_refill_services (panel_id, service_id, enabled, "
                          "window_days) VALUES (?,?,?,?) ON CONFLICT (panel_id, service_id) "
                          "DO UPDATE SET enabled = excluded.enabled, "
                          "window_days = excluded.window_days",
                          (panel_id, service_id, enabled, window_days))

    def refill_rule(self, *, panel_id: str | None = None, service_id: int | None = None,
                    order_id: int | None = None) -> tuple[bool | None, int | None]:
        if order_id is not None:
            rows = self._read("SELECT enabled, window_days FROM auto_refill_orders "
                              "WHERE order_id = ?", (order_id,))
        else:
            rows = self._read("SELECT enabled, window_days FROM auto_refill_services "
                              "WHERE panel_id = ? AND service_id = ?", (panel_id, service_id))
        if not rows:
            return None, None
        return (None if rows[0][0] is None else bool(rows[0][0])), rows[0][1]

    def note_refill(self, order_id: int, now: datetime, *, requested: bool,
                    stop_reason: str | None = None, refusal: str | None = None) -> int:
        """Record an automatic request (``requested``): accepted, or refused with ``refusal``
        (the panel's words). Returns the refusals in a row after it (0 after an accepted one).
        ``stop_reason``: automatic refills of the order stop for good."""
        with self.db.transaction() as c:
            c.execute("INSERT INTO auto_refill_orders (order_id) VALUES (?) "
                      "ON CONFLICT(order_id) DO NOTHING", (order_id,))
            if requested:
                c.execute("UPDATE auto_refill_orders SET last_requested_at = ?, "
                          "requests = requests + 1 WHERE order_id = ?", (to_ms(now), order_id))
                if refusal is None:
                    c.execute("UPDATE auto_refill_orders SET refusals = 0, last_refusal = NULL "
                              "WHERE order_id = ?", (order_id,))
                else:
                    c.execute("UPDATE auto_refill_orders SET refusals = refusals + 1, "
                              "last_refusal = ? WHERE order_id = ?",
                              (refusal[:_REFUSAL_CHARS], order_id))
            if stop_reason is not None:
                c.execute("UPDATE auto_refill_orders SET stopped_at = ?, stop_reason = ? "
                          "WHERE order_id = ?", (to_ms(now), stop_reason[:_REFUSAL_CHARS],
                                                 order_id))
            row = c.execute("SELECT refusals FROM auto_refill_orders WHERE order_id = ?",
                            (order_id,)).fetchone()
        return int(row[0]) if row else 0

    def claim_refill(self, order_id: int, last_auto: int | None, now: datetime) -> bool:
        """Take the automatic request of ``order_id`` due now, before it is sent: a
        compare-and-swap of its last automatic request from ``last_auto`` (ms, as
        ``refill_candidates`` read it) to ``now``. False: another process (a colleague's desk)
        took it first, or asked since: this one does not ask the panel."""
        with self.db.transaction() as c:
            c.execute("INSERT INTO auto_refill_orders (order_id) VALUES (?) "
                      "ON CONFLICT (order_id) DO NOTHING", (order_id,))
            cur = c.execute("UPDATE auto_refill_orders SET last_requested_at = ? "
                            "WHERE order_id = ? AND COALESCE(last_requested_at, -1) = ? "
                            "AND stopped_at IS NULL",
                            (to_ms(now), order_id, -1 if last_auto is None else last_auto))
            return cur.rowcount == 1

    def refill_state(self, order_id: int) -> tuple[datetime | None, int, str | None]:
        """(last automatic request, automatic requests, why they stopped) of one order."""
        rows = self._read("SELECT last_requested_at, requests, stop_reason FROM "
                          "auto_refill_orders WHERE order_id = ?", (order_id,))
        if not rows:
            return None, 0, None
        return from_ms(rows[0][0]), rows[0][1], rows[0][2]

    # -- alerts ---------------------------------------------------------------------------------

    def active_alert_keys(self, kinds: Iterable[str]) -> set[str]:
        """The keys ``<kind>:…`` of the alerts not cleared, of those ``kinds`` only (the
        condition alerts: a million orders' stuck-order alerts are never cleared, so the check
        does not read them all every time)."""
        # (substr, not a range of keys: PostgreSQL's collations may not sort ':' by its code)
        prefixes = [f"{k}:" for k in kinds]
        spans = " OR ".join("substr(key, 1, ?) = ?" for _ in prefixes)
        args = [a for p in prefixes for a in (len(p), p)]
        return {r[0] for r in self._read(
            f"SELECT key FROM alerts WHERE cleared_at IS NULL AND ({spans})", args)}

    def alerted_orders(self, prefix: str, reasons: Iterable[str]) -> dict[str, set[int]]:
        """For each reason, the ids of the orders alerted before with the key
        ``<prefix><reason>:<order id>`` (raised once, whatever became of the alert)."""
        out: dict[str, set[int]] = {}
        for why in reasons:
            start = f"{prefix}{why}:"
            out[why] = {int(r[0]) for r in self._read(
                "SELECT order_id FROM alerts WHERE substr(key, 1, ?) = ? "
                "AND order_id IS NOT NULL", (len(start), start))}
        return out

    def known_keys(self, prefix: str) -> set[str]:
        return {r[0] for r in self._read("SELECT key FROM alerts WHERE key LIKE ? ESCAPE '\\'",
                                         (prefix.replace("%", "\\%").replace("_", "\\_") + "%",))}

    def raise_alerts(self, alerts: list[dict[str, Any]], now: datetime) -> list[int]:
        ids: list[int] = []
        if not alerts:
            return ids
        with self.db.transaction() as c:
            for a in alerts:
                cur = c.execute(
                    "INSERT INTO alerts (kind, key, message, data, panel_id, service_id, "
                    "order_id, schedule_id, raised_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    (a["kind"].value, a["key"], a["message"],
                     json.dumps(a.get("data", {}), sort_keys=True), a.get("panel_id"),
                     a.get("service_id"), a.get("order_id"), a.get("schedule_id"), to_ms(now)))
                ids.append(int(cur.lastrowid))  # type: ignore[arg-type]
        return ids

    def clear_alerts(self, keys: Iterable[str], now: datetime) -> None:
        keys = list(keys)
        if not keys:
            return
        with self.db.transaction() as c:
            for k in keys:
                c.execute("UPDATE alerts SET cleared_at = ? WHERE key = ? AND cleared_at IS NULL",
                          (to_ms(now), k))

    def alert_count(self) -> int:
        return int(self._read("SELECT count(*) FROM alerts")[0][0])

    def alerts(self, since: datetime | None = None, *, limit: int | None = None
               ) -> list[Alert]:
        sql = ("SELECT id, kind, key, message, raised_at, cleared_at, panel_id, service_id, "
               "order_id, schedule_id, data FROM alerts")
        args: list[Any] = []
        if since is not None:
            sql += " WHERE raised_at >= ?"
            args.append(to_ms(since))
        sql += " ORDER BY raised_at DESC, id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(int(limit))
        out = []
        for r in self._read(sql, args):
            try:
                data = json.loads(r[10])
            except ValueError:
                data = {}
            out.append(Alert(id=r[0], kind=AlertKind(r[1]), key=r[2], message=r[3],
                             raised_at=from_ms(r[4]),  # type: ignore[arg-type]
                             cleared_at=from_ms(r[5]), panel_id=r[6], service_id=r[7],
                             local_id=r[8], schedule_id=r[9], data=data))
        return out

    # condition queries (the workspace turns them into alerts)

    def removed_watched_services(self) -> list[tuple[str, int, str, bool, bool]]:
        """(panel id, service id, name, favourite, scheduled) of favourite or scheduled services
        their panel no longer lists."""
        return [(r[0], r[1], r[2], bool(r[3]), bool(r[4])) for r in self._read(
            "SELECT s.panel_id, s.service_id, s.name, s.favourite, EXISTS (SELECT 1 FROM "
            "schedules x WHERE x.panel_id = s.panel_id AND x.service_id = s.service_id AND "
            "x.deleted_at IS NULL) AS scheduled FROM services s JOIN panels p ON p.id = "
            "s.panel_id WHERE p.removed_at IS NULL AND s.removed_at IS NOT NULL AND "
            "(s.favourite = 1 OR EXISTS (SELECT 1 FROM schedules x WHERE x.panel_id = "
            "s.panel_id AND x.service_id = s.service_id AND x.deleted_at IS NULL))")]

    def repriced_favourites(self) -> list[tuple[str, int, str, str, str, int]]:
        """(panel id, service id, name, previous rate, rate, changed at ms) of favourites."""
        return self._read(
            "SELECT s.panel_id, s.service_id, s.name, s.previous_rate, s.rate, s.rate_changed_at "
            "FROM services s JOIN panels p ON p.id = s.panel_id WHERE p.removed_at IS NULL AND "
            "s.favourite = 1 AND s.previous_rate IS NOT NULL AND s.rate_changed_at IS NOT NULL")

    def attention_orders(self) -> list[tuple[int, str, str, int, str | None, int | None,
                                             int | None, str, str | None, str | None]]:
        """(order id, panel id, why, not found, error, schedule id, the panel's order id,
        service name, link, outcome code) of orders that need the person: uncertain, not found,
        or refused when a schedule placed them. The panel's id, the service and the link name
        the order as the lists show it (the local id is ours alone)."""
        return self._read(
            "SELECT o.id, k.id, o.submit_state, o.not_found, o.error, r.schedule_id, "
            "o.remote_id, (SELECT n.name FROM order_names n WHERE n.id = o.name_id), o.link, "
            "o.outcome "
            "FROM orders o JOIN panel_keys k ON k.key = o.panel_key "
            "LEFT JOIN schedule_runs r ON r.order_id = o.id "
            "WHERE o.submit_state = 'uncertain' OR o.not_found = 1 OR "
            "(o.submit_state = 'rejected' AND r.schedule_id IS NOT NULL)")


def _every_ms(every: timedelta | None) -> int | None:
    return None if every is None else int(every.total_seconds() * 1000)
