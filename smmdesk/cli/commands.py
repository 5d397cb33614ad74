"""The commands of ``smm-desk-cli``, each ``run_x(ctx, args) -> exit code``, all through the
``Workspace`` (the same code the window uses: one placement path, one history, one keyring)."""

from __future__ import annotations

import argparse
import getpass
import io
import re
import signal
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO, cast

from smmdesk import massorder, servicetypes
from smmdesk.cli.output import (
    Output,
    money,
    order_record,
    panel_record,
    service_record,
    when,
)
from smmdesk.compare import best_route, check_link, failover_reason, features
from smmdesk.errors import PanelError
from smmdesk.export import write_orders_csv
from smmdesk.history import BUCKETS
from smmdesk.ledger import Customer
from smmdesk.massorder import BatchStore, LineResult, LineStatus, SkipReason
from smmdesk.models import (
    LocalOrder,
    OrderState,
    Panel,
    Service,
    ServiceRow,
    SubmitState,
    UnresolvedOnLink,
)
from smmdesk.outcomes import describe_order
from smmdesk.secrets import SecretsError
from smmdesk.servicetypes import FieldKind, FieldSpec, ValidationError
from smmdesk.store import StoreError
from smmdesk.termtext import for_terminal
from smmdesk.textnorm import fold, fold_words, matches
from smmdesk.workspace import (
    OutcomeNotRecorded,
    PanelAlreadyConnected,
    Workspace,
    uncertain_text,
)

# ------------------------------------------------------------------------------------ exit codes

OK = 0
FAILURE = 1  # network, panel, keyring, store
USAGE = 2  # bad arguments or order fields; nothing sent
REFUSED = 3  # the order was not placed (the panel refused it, or it could not be sent at all)
UNCERTAIN = 4  # the order may have been placed: check on the panel before retrying
DENIED = 5  # the team store refused this login the right (e.g. only an admin adds members)

EXIT_CODES: tuple[tuple[int, str], ...] = (
    (OK, "done"),
    (FAILURE, "failure: network, panel, keyring or data folder, or a mass order stopped or "
              "already running elsewhere (the message says which)"),
    (USAGE, "usage error: bad arguments, unknown panel/service/order, invalid order fields "
            "(nothing was sent)"),
    (REFUSED, "the order was not placed: the panel refused it (e.g. not enough funds) or it "
              "could not be sent at all; safe to fix and retry"),
    (UNCERTAIN, "the outcome is uncertain: the order may have been placed; check on the "
                "panel before retrying (never retried automatically)"),
    (DENIED, "not allowed: the team store refused this login the right (only a team admin "
             "adds or lists members); nothing was changed"),
)


class CliError(Exception):
    """Stops a command with this message (on stderr) and exit code."""

    def __init__(self, message: str, code: int = FAILURE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class Context:
    ws: Workspace
    out: Output
    stdin: TextIO
    data_dir: Path
    extra: dict[str, Any] = field(default_factory=dict)
    # Local ids of orders recorded as being sent whose outcome this command has not got back
    # yet: pass ``sending.add`` as ``on_recorded`` to ``place_order`` (or ``run_batch``) and
    # discard the id once the outcome is in. Whatever escapes while one is here ends the
    # command as UNCERTAIN (exit 4), never as a failure to retry (``main``).
    sending: set[int] = field(default_factory=set)


def record_hint(local_id: int | str) -> str:
    return (f"Then record what you found with `smm-desk-cli resolve {local_id} --order-id N` (or "
            "--not-placed), or in the app. It will not be sent again automatically.")


def uncertain_error(local_ids: Iterable[int], why: str) -> CliError:
    """The one wording of an uncertain end (exit 4): which orders, why and that they may have
    been placed, what to check (``workspace.uncertain_text``: each said once), how to record
    what was found."""
    ids = sorted(set(local_ids))
    which = (f"local id {ids[0]}" if len(ids) == 1
             else "local ids " + ", ".join(map(str, ids)) if ids else "an order")
    return CliError(f"the outcome is UNCERTAIN ({which}): {uncertain_text(why)} "
                    + record_hint(ids[0] if len(ids) == 1 else "ID"), UNCERTAIN)


def not_recorded_error(e: OutcomeNotRecorded) -> CliError:
    """``place_order`` sent an order and the data folder took no write (e.g. locked)."""
    answered = (f"The panel answered order #{e.remote_id}, but that" if e.remote_id is not None
                else "Its outcome")
    return uncertain_error(
        [e.order_id],
        f"{answered} could not be saved ({type(e.cause).__name__}: {e.cause}); the order stays "
        "\"sending\" until SMM Desk opens the data again and marks it uncertain.")


Command = Callable[[Context, argparse.Namespace], int]

# ------------------------------------------------------------------------------------ helpers


def _is_tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def resolve_panel(ws: Workspace, ref: str | None, *, required: bool = False) -> Panel | None:
    """A panel by id or by name (case-insensitive, unique). None when ``ref`` is None and not
    ``required``; when required and not given, the only panel there is."""
    panels = ws.panels()
    if ref is None:
        if not required:
            return None
        if len(panels) == 1:
            return panels[0]
        if not panels:
            raise CliError("no panel is connected yet: add one with `panels add`", USAGE)
        raise CliError("several panels are connected: say which with --panel ID", USAGE)
    for p in panels:
        if p.id == ref:
            return p
    named = [p for p in panels if p.name.casefold() == ref.strip().casefold()]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise CliError(f"several panels are called {ref!r}: use the panel's id", USAGE)
    raise CliError(f"no panel {ref!r} (see `smm-desk-cli panels`)", USAGE)


def _panels_or_all(ws: Workspace, ref: str | None) -> list[Panel]:
    panel = resolve_panel(ws, ref)
    return [panel] if panel is not None else ws.panels()


def _positive_int(text: str, what: str) -> int:
    t = text.strip()
    if not (t.isascii() and t.isdigit()) or len(t) > 18 or int(t) < 1:
        raise CliError(f"{what} must be a whole number from 1 up: {text!r}", USAGE)
    return int(t)


MAX_ORDER_ID = 2**63 - 1  # SQLite's INTEGER
_ID = re.compile(r"(?:(local|remote):)?(\d{1,19})", re.IGNORECASE)


def resolve_orders(
    ws: Workspace, tokens: list[str], panel: Panel | None = None
) -> list[LocalOrder]:
    """Orders from ``12`` (a local id, or else an order id on a panel), ``local:12`` or
    ``remote:23501``. A plain number that could be either is refused as ambiguous."""
    found: list[LocalOrder] = []
    for raw in tokens:
        for token in raw.replace(",", " ").split():
            m = _ID.fullmatch(token.strip())
            if m is None:
                raise CliError(f"not an order id: {token!r} (use 12, local:12 or remote:23501)",
                               USAGE)
            kind, number = (m.group(1) or "").lower(), int(m.group(2))
            if not 1 <= number <= MAX_ORDER_ID:
                raise CliError(f"not an order id: {token!r}", USAGE)
            local: LocalOrder | None = None
            if kind in ("", "local"):
                try:
                    local = ws.order(number)
                except KeyError:
                    local = None
                if local is not None and panel is not None and local.panel_id != panel.id:
                    local = None
            remote: list[LocalOrder] = []
            if kind in ("", "remote"):
                remote = ws.orders_by_remote_id(number, panel.id if panel else None)
            if kind == "local" or (kind == "" and local is not None and (
                    not remote or [o.id for o in remote] == [local.id])):
                if local is None:
                    raise CliError(f"no order with local id {number} in the history", USAGE)
                found.append(local)
                continue
            if kind == "" and local is not None:
                raise CliError(
                    f"{number} is both a local id and an order id on a panel: write local:"
                    f"{number} or remote:{number}", USAGE)
            if not remote:
                raise CliError(f"no order {number} in the history (an order placed elsewhere "
                               "can be imported with `track`)", USAGE)
            if len(remote) > 1:
                raise CliError(f"order id {number} exists on several panels: add --panel ID",
                               USAGE)
            found.append(remote[0])
    return list({o.id: o for o in found}.values())


def parse_when(text: str, *, end: bool = False) -> datetime:
    """``2025-11-30`` (local midnight; with ``end``: the next midnight), ``today``,
    ``yesterday``, or an ISO 8601 time (local time when it has no zone)."""
    t = text.strip().lower()
    today = datetime.now().astimezone().date()
    day = None
    if t == "today":
        day = today
    elif t == "yesterday":
        day = today - timedelta(days=1)
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
        try:
            day = datetime.strptime(t, "%Y-%m-%d").date()
        except ValueError:
            raise CliError(f"not a date: {text!r}", USAGE) from None
    if day is not None:
        if end:
            day = day + timedelta(days=1)
        return datetime.combine(day, time()).astimezone()
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CliError(f"not a date or time: {text!r} (use 2025-11-30, 2025-11-30T08:00, "
                       "today or yesterday)", USAGE) from None
    return moment if moment.tzinfo is not None else moment.astimezone()


STATE_WORDS = (
    *(s.value for s in OrderState),
    "uncertain", "rejected", "submitting", "active", "attention",
)


def order_filter(ws: Workspace, args: argparse.Namespace) -> dict[str, Any]:
    """The history filter the ``orders`` and ``export`` options describe."""
    f: dict[str, Any] = {}
    panel = resolve_panel(ws, getattr(args, "panel", None))
    if panel is not None:
        f["panel_ids"] = (panel.id,)
    state = getattr(args, "state", None)
    if state:
        word = state.strip().lower().replace("-", "_")
        if word in ("uncertain", "rejected", "submitting"):
            f["submit_states"] = (SubmitState(word),)
        elif word in ("active", "attention") and word in BUCKETS:
            f["bucket"] = word
        elif word in {s.value for s in OrderState}:
            f["states"] = (OrderState(word),)
            f["submit_states"] = (SubmitState.PLACED,)
        else:
            raise CliError(f"unknown state {state!r}; use one of: {', '.join(STATE_WORDS)}",
                           USAGE)
    if getattr(args, "since", None):
        f["since"] = parse_when(args.since)
    if getattr(args, "until", None):
        f["until"] = parse_when(args.until, end=True)
    if getattr(args, "search", None):
        f["search"] = args.search
    if getattr(args, "customer", None):
        f["customer_id"] = customer_of(ws, args.customer).id
    return f


def _order_rows(orders: list[LocalOrder], names: dict[str, str]) -> list[list[Any]]:
    rows = []
    for o in orders:
        rec = order_record(o)
        rows.append([o.id, o.created_at, names.get(o.panel_id, o.panel_id), o.remote_id,
                     o.service_id or "", o.service_name, o.link, o.quantity,
                     (rec["charge"] or "") + (" ~" if rec["charge_is_estimate"] else ""),
                     o.currency, rec["status"], o.remains])
    return rows


ORDER_HEADERS = ("LOCAL", "CREATED", "PANEL", "ORDER", "SERVICE", "NAME", "LINK", "QTY",
                 "CHARGE", "CUR", "STATUS", "REMAINS")


def _panel_names(ws: Workspace) -> dict[str, str]:
    return {p.id: p.name for p in ws.panels(include_removed=True)}


def show_orders(ctx: Context, orders: list[LocalOrder]) -> None:
    if ctx.out.json:
        ctx.out.records(order_record(o) for o in orders)
    else:
        ctx.out.table(ORDER_HEADERS, _order_rows(orders, _panel_names(ctx.ws)))


def ask(ctx: Context, question: str, *, yes: bool, what: str) -> bool:
    """True to go on. ``--yes`` answers yes; a terminal is asked; anything else is refused."""
    if yes:
        return True
    if not _is_tty(ctx.stdin):
        raise CliError(f"standard input is not a terminal, so nobody can confirm {what}: add "
                       "--yes to go ahead without a question (or --dry-run to check only)",
                       USAGE)
    ctx.out.prompt(f"{question} [y/N] ")
    answer = ctx.stdin.readline().strip().lower()
    return answer in ("y", "yes")


@contextmanager
def stop_on_interrupt() -> Iterator[threading.Event]:
    """Ctrl+C sets the event (the work stops between steps, never in the middle of sending
    one order); a second Ctrl+C interrupts at once."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(signum: int, frame: Any) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


# ------------------------------------------------------------------------------------ panels


def _panel_json(ws: Workspace, panel: Panel) -> dict[str, Any]:
    rec = panel_record(panel)
    last = ws.last_balance(panel.id)
    rec["balance"] = money(last[0].amount) if last else None
    rec["balance_currency"] = last[0].currency if last else None
    rec["balance_at"] = when(last[1]) if last else None
    rec["last_sync_at"] = when(ws.last_sync_at(panel.id))
    return rec


def run_panels(ctx: Context, args: argparse.Namespace) -> int:
    panels = ctx.ws.panels()
    if ctx.out.json:
        ctx.out.records(_panel_json(ctx.ws, p) for p in panels)
        return OK
    rows = []
    for p in panels:
        last = ctx.ws.last_balance(p.id)
        rows.append([p.id, p.name, p.url, p.currency,
                     f"{money(last[0].amount)} {last[0].currency}" if last else "",
                     "demo" if p.is_demo else ""])
    ctx.out.table(("ID", "NAME", "URL", "CURRENCY", "LAST BALANCE", ""), rows)
    if not panels:
        ctx.out.message("no panel yet: add one with `smm-desk-cli panels add --name N --url U`")
    return OK


def read_key(ctx: Context) -> str:
    """The API key from standard input (one line) or, on a terminal, a hidden prompt."""
    if _is_tty(ctx.stdin):
        key = getpass.getpass("API key (not shown): ")
    else:
        key = next((line.strip() for line in ctx.stdin if line.strip()), "")
    if not key.strip():
        raise CliError("no API key: give it on standard input (e.g. from a file or a secret "
                       "manager), never on the command line", USAGE)
    return key.strip()


def run_panels_add(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.ws
    if not ws.keyring_available:
        raise CliError("there is no usable system keyring, so the key could not be kept after "
                       "this command ends; set up a keyring (or add the panel in the app for "
                       "one session)", FAILURE)
    existing = ws.connected_as(args.url)
    if existing is not None:  # the same panel twice would double its balance and orders
        raise CliError(f"this panel is already connected as “{existing.name}” ({existing.id})",
                       USAGE)
    key = read_key(ctx)
    try:
        balance = ws.test_connection(args.url, key)
    except ValueError as e:
        raise CliError(str(e), USAGE) from None
    except PanelError as e:
        raise CliError(f"the panel did not accept the connection test, nothing was saved: {e}",
                       FAILURE) from None
    try:
        panel = ws.add_panel(args.name, args.url, key)
    except PanelAlreadyConnected as e:  # added by another program meanwhile
        raise CliError(f"this panel is already connected as “{e.existing.name}”", USAGE) from None
    ctx.out.message(f"added panel {panel.name} ({panel.id}), balance "
                    f"{money(balance.amount)} {balance.currency}")
    try:
        ws.balance(panel.id)
    except PanelError as e:
        ctx.out.warn(f"the balance could not be read again: {e}")
    if not args.no_services:
        ctx.out.progress(0, 1, "downloading the services…")
        try:
            diff = ws.refresh_services(panel.id)
            ctx.out.done_progress()
            ctx.out.message(f"{diff.total} services downloaded")
        except PanelError as e:
            ctx.out.done_progress()
            ctx.out.warn(f"the services could not be downloaded now ({e}); "
                         f"run `smm-desk-cli services --panel {panel.id} --refresh` later")
    panel = ws.panel(panel.id)
    if ctx.out.json:
        ctx.out.record(_panel_json(ws, panel))
    else:
        ctx.out.line(panel.id)
    return OK


def run_panels_remove(ctx: Context, args: argparse.Namespace) -> int:
    panel = resolve_panel(ctx.ws, args.id, required=True)
    assert panel is not None
    ctx.ws.remove_panel(panel.id, keep_history=not args.forget_history)
    ctx.out.message(f"removed panel {panel.name} ({panel.id}); its key is gone from the keyring"
                    + ("" if args.forget_history else "; its orders stay in the history"))
    if ctx.out.json:
        ctx.out.record({"id": panel.id, "removed": True, "history_kept": not args.forget_history})
    return OK


def _balance_of(ctx: Context, panel: Panel) -> dict[str, Any]:
    bal = ctx.ws.balance(panel.id)
    return {"panel_id": panel.id, "panel": panel.name, "balance": money(bal.amount),
            "currency": bal.currency, "at": when(datetime.now(UTC))}


def run_panels_test(ctx: Context, args: argparse.Namespace) -> int:
    panel = resolve_panel(ctx.ws, args.id, required=True)
    assert panel is not None
    try:
        rec = _balance_of(ctx, panel)
    except (PanelError, SecretsError) as e:
        raise CliError(f"{panel.name}: {e}", FAILURE) from None
    rec["ok"] = True
    if ctx.out.json:
        ctx.out.record(rec)
    else:
        ctx.out.line(f"{panel.name}: OK, balance {rec['balance']} {rec['currency']}")
    return OK


def run_balance(ctx: Context, args: argparse.Namespace) -> int:
    code = OK
    rows = []
    panels = _panels_or_all(ctx.ws, args.panel)
    for i, panel in enumerate(panels):
        ctx.out.progress(i, len(panels), panel.name)
        try:
            rec = _balance_of(ctx, panel)
        except (PanelError, SecretsError) as e:
            ctx.out.error(f"{panel.name}: {e}")
            code = FAILURE
            continue
        if ctx.out.json:
            ctx.out.record(rec)
        else:
            rows.append([panel.id, panel.name, rec["balance"], rec["currency"]])
    ctx.out.done_progress()
    if not ctx.out.json:
        ctx.out.table(("ID", "PANEL", "BALANCE", "CURRENCY"), rows)
    return code


# ------------------------------------------------------------------------------------ services


def _type_matches(service: Service, wanted: str) -> bool:
    st, known = servicetypes.type_of(service)
    norm = " ".join(re.split(r"[\s_\-]+", wanted.casefold())).strip()
    raw = " ".join(re.split(r"[\s_\-]+", service.type.casefold())).strip()
    return norm == raw or (known and norm in (st.key.replace("_", " "), st.name.casefold()))


def run_services(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.ws
    panels = _panels_or_all(ws, args.panel)
    code = OK
    if args.refresh:
        for i, panel in enumerate(panels):
            ctx.out.progress(i, len(panels), f"refreshing {panel.name}…")
            try:
                diff = ws.refresh_services(panel.id)
            except (PanelError, SecretsError) as e:
                ctx.out.error(f"{panel.name}: the services could not be refreshed: {e}")
                code = FAILURE
                continue
            ctx.out.message(f"{panel.name}: {diff.total} services, {len(diff.added)} new, "
                            f"{len(diff.removed)} removed, {len(diff.repriced)} price changes")
        ctx.out.done_progress()
    rows: list[ServiceRow] = []
    for panel in panels:
        rows.extend(r for r in ws.services(panel.id) if not r.removed)
    if args.search and fold_words(args.search):
        rows = [r for r in rows if matches(
            args.search, fold(f"{r.service.id} {r.service.name} {r.service.category}"))]
    if args.type:
        rows = [r for r in rows if _type_matches(r.service, args.type)]
    if not rows and not any(ws.services(p.id) for p in panels):
        ctx.out.message("no services saved yet: add --refresh to download them")
    if ctx.out.json:
        ctx.out.records(service_record(r) for r in rows)
    else:
        ctx.out.table(
            ("PANEL", "ID", "NAME", "TYPE", "RATE", "CUR", "MIN", "MAX", "REFILL", "CANCEL"),
            ([r.panel_name, r.service.id, r.service.name, r.service.type, r.service.rate,
              r.currency, r.service.min, r.service.max, r.service.refill, r.service.cancel]
             for r in rows))
    return code


def _difference(price: Decimal | None, base: Decimal | None) -> str | None:
    """How much more (+) or less (-) ``price`` costs than ``base``, in percent, one decimal."""
    if price is None or base is None or base == 0:
        return None
    return money(((price - base) * 100 / base).quantize(Decimal("0.1")))


def run_compare(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.ws
    panel = resolve_panel(ws, args.panel, required=True)
    assert panel is not None
    own = ws.service(panel.id, args.service)
    if own is None:
        raise CliError(f"service {args.service} is not in the saved list of {panel.name} "
                       f"(run `smm-desk-cli services --panel {panel.id} --refresh`)", USAGE)
    if args.limit < 1:
        raise CliError("--limit is 1 or more", USAGE)
    names = _panel_names(ws)
    home = ws.home_currency()
    currencies: dict[str, str | None] = {}

    def currency_of(pid: str) -> str | None:
        if pid not in currencies:
            other = ws.panel(pid, include_removed=True)
            currencies[pid] = other.currency or _last_currency(ws, other)
        return currencies[pid]

    base = ws.convert(own.rate, currency_of(panel.id))
    records = []
    for m in ws.equivalents(panel.id, own.id, limit=args.limit):
        records.append({
            "panel_id": m.panel_id, "panel": names.get(m.panel_id, m.panel_id),
            "service_id": m.service.id, "name": m.service.name, "type": m.service.type,
            "rate": money(m.service.rate), "currency": currency_of(m.panel_id),
            "price_home": money(m.price_home), "home_currency": home,
            "difference_percent": _difference(m.price_home, base),
            "score": round(float(m.score), 4),
            "min": m.service.min, "max": m.service.max, "refill": m.service.refill,
            "cancel": m.service.cancel, "dripfeed": m.service.dripfeed,
        })
    if ctx.out.json:
        ctx.out.records(records)
    else:
        ctx.out.table(
            ("PANEL", "ID", "NAME", "RATE", "CUR", f"PRICE ({home or '?'})", "DIFF %", "SCORE"),
            ([r["panel"], r["service_id"], r["name"], r["rate"], r["currency"], r["price_home"],
              r["difference_percent"], r["score"]] for r in records))
    if not records:
        ctx.out.message(f"no equivalent of service {own.id} on the connected panels")
    return OK


# ------------------------------------------------------------------------------------ order


def field_specs() -> dict[str, FieldSpec]:
    """Every form field of every service type, by name (the first definition wins), except
    ``link`` and ``quantity`` which have their own options."""
    specs: dict[str, FieldSpec] = {}
    for st in servicetypes.all_types():
        for spec in st.fields:
            if spec.name not in ("link", "quantity"):
                specs.setdefault(spec.name, spec)
    return specs


def option_name(field_name: str) -> str:
    return "--" + field_name.replace("_", "-")


def _read_text(ctx: Context, path: str) -> str:
    if path == "-":
        return ctx.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except OSError as e:
        raise CliError(f"cannot read {path}: {e.strerror or e}", USAGE) from None
    except UnicodeDecodeError:
        raise CliError(f"{path} is not UTF-8 text", USAGE) from None


def order_values(ctx: Context, args: argparse.Namespace) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if args.link is not None:
        values["link"] = args.link
    if args.quantity is not None:
        values["quantity"] = args.quantity  # exactly as typed: validated as a whole number
    for name, spec in field_specs().items():
        given = getattr(args, f"field_{name}", None)
        if spec.kind is FieldKind.LIST:
            lines: list[str] = list(given or [])
            path = getattr(args, f"file_{name}", None)
            if path is not None:
                lines.append(_read_text(ctx, path))
            if lines:
                values[name] = "\n".join(lines)
        elif given is not None:
            values[name] = given
    return values


def _problems_text(problems: dict[str, str]) -> str:
    return "; ".join(f"{option_name(k)}: {v}" for k, v in problems.items())


def customer_of(ws: Workspace, name: str) -> Customer:
    """The customer called ``name`` (or with this id as ``#12``/``id:12``)."""
    text = name.strip()
    if text.lstrip("#").isdigit() or text.startswith("id:"):
        try:
            return ws.customer(int(text.removeprefix("id:").lstrip("#")))
        except (KeyError, ValueError):
            raise CliError(f"no customer {name!r}", USAGE) from None
    try:
        return ws.find_customer(text)
    except LookupError as e:
        raise CliError(f"{e} (`smm-desk-cli customers` lists them)", USAGE) from None


def amount_of(text: str, what: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise CliError(f"{what} {text!r} is not an amount (e.g. 12.50)", USAGE) from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise CliError(f"{what} {text!r}: at most two decimals", USAGE)
    return value


def sell_of(text: str | None) -> Decimal | None:
    return None if text is None else amount_of(text, "the sell price")


def run_order(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.ws
    panel = resolve_panel(ws, args.panel, required=True)
    assert panel is not None
    service = ws.service(panel.id, args.service)
    if service is None:
        raise CliError(f"service {args.service} is not in the saved list of {panel.name} "
                       f"(run `smm-desk-cli services --panel {panel.id} --refresh`)", USAGE)
    values = order_values(ctx, args)
    known = {s.name for s in servicetypes.fields_for(service)}
    unused = sorted(k for k in values if k not in known)
    if unused:
        raise CliError(f"{service.type} services do not take "
                       f"{', '.join(option_name(k) for k in unused)}; they take "
                       f"{', '.join(option_name(k) for k in sorted(known))}", USAGE)
    try:  # checked, priced and looked up once: what is shown is what is placed
        quote = ws.quote(panel.id, service.id, values)
    except ValidationError as e:
        raise CliError(f"the order cannot be sent: {_problems_text(e.problems)}", USAGE) from None
    if args.customer or args.sell:
        customer = customer_of(ws, args.customer) if args.customer else None
        quote = ws.sold(quote, customer.id if customer else None, sell_of(args.sell))
    estimate = quote.estimate
    currency = quote.currency or _last_currency(ws, panel)
    duplicate = quote.duplicate
    # The rule of every placement (Placing.place): an order on this link that may have been
    # placed, on any panel and service, and is not resolved stops this one too.
    unresolved = quote.unresolved if duplicate is None else None
    # Active orders of the same kind on this link on any panel (overlapping orders
    # under-deliver): a warning that names them; placing needs --allow-duplicate like a duplicate.
    overlap = list(quote.overlapping) if duplicate is None else []
    link_warning = quote.link_warning
    if link_warning:
        ctx.out.warn(str(link_warning))
    sent = quote.sent
    summary: dict[str, Any] = {
        "panel_id": panel.id, "panel": panel.name, "service_id": service.id,
        "service": service.name, "service_type": service.type, "fields": sent,
        "quantity": servicetypes.quantity_of(service, values),
        "estimate": money(estimate), "currency": currency,
        "duplicate_of": duplicate.id if duplicate is not None else None,
        "unresolved_on_link": unresolved.id if unresolved is not None else None,
        "overlapping": [o.id for o in overlap],
        "link_warning": str(link_warning) if link_warning else None,
        "customer_id": quote.customer_id, "sell_price": money(quote.sell_price),
    }
    if args.dry_run:
        if ctx.out.json:
            ctx.out.record({"dry_run": True, **summary})
        else:
            ctx.out.line(f"would place on {panel.name}: service {service.id} {service.name}")
            for k, v in sent.items():
                ctx.out.line(f"  {k}: {v}".replace("\n", " | "))
            ctx.out.line(f"  estimated charge: {money(estimate)} {currency or ''}".rstrip())
            if quote.sell_price is not None:
                ctx.out.line(f"  sell price: {money(quote.sell_price)} "
                             f"{ws.home_currency() or ''}".rstrip())
        if duplicate is not None:
            ctx.out.warn(f"an active order on the same service and link exists (local id "
                         f"{duplicate.id}); placing would need --allow-duplicate")
        if unresolved is not None:
            ctx.out.warn(f"{_unresolved_text(ws, unresolved)}; placing would need "
                         "--allow-duplicate")
        if overlap:
            ctx.out.warn(f"{_overlap_text(ws, overlap)}; placing would need --allow-duplicate")
        ctx.out.message("dry run: nothing was sent")
        return OK
    if duplicate is not None and not args.allow_duplicate:
        if args.yes or not _is_tty(ctx.stdin):
            raise CliError(
                f"not placed: an active order on the same service and link exists (local id "
                f"{duplicate.id}, order #{duplicate.remote_id or '?'}); add --allow-duplicate "
                "to order it again", REFUSED)
        ctx.out.warn(f"an active order on the same service and link exists (local id "
                     f"{duplicate.id})")
    if unresolved is not None and not args.allow_duplicate:
        if args.yes or not _is_tty(ctx.stdin):
            raise _unresolved_refusal(ws, unresolved)
        ctx.out.warn(_unresolved_text(ws, unresolved))
    if overlap and not args.allow_duplicate:
        if args.yes or not _is_tty(ctx.stdin):
            raise CliError(f"not placed: {_overlap_text(ws, overlap)}; add --allow-duplicate "
                           "to order it anyway", REFUSED)
        ctx.out.warn(_overlap_text(ws, overlap))
    question = (f"Place service {service.id} ({service.name}) on {panel.name} for about "
                f"{money(estimate)} {currency or ''}?")
    if not ask(ctx, question, yes=args.yes, what="this order"):
        ctx.out.message("not placed")
        return REFUSED
    try:
        with stop_on_interrupt():  # a first Ctrl+C waits for the panel's answer
            # asked (a terminal, after the warning above) or --allow-duplicate: the person chose
            order = ws.place(quote, on_recorded=ctx.sending.add,
                             unresolved_ok=args.allow_duplicate or unresolved is not None)
    except UnresolvedOnLink as e:  # one appeared since the quote: nothing was sent
        raise _unresolved_refusal(ws, e.order) from None
    except KeyboardInterrupt:
        raise uncertain_error(ctx.sending, "Interrupted while the order was being sent."
                              ) from None
    except OutcomeNotRecorded as e:
        raise not_recorded_error(e) from None
    ctx.sending.discard(order.id)
    if ctx.out.json:
        ctx.out.record(order_record(order))
    if order.submit_state is SubmitState.PLACED:
        if not ctx.out.json:
            ctx.out.line(f"placed: order #{order.remote_id} on {panel.name} (local id {order.id})")
        if order.error:  # what the panel said beside the id: shown, but it was placed
            ctx.out.warn(describe_order(order))
        return OK
    if not ctx.out.json:
        show_orders(ctx, [order])
    if order.submit_state is SubmitState.REJECTED:
        ctx.out.error(f"not placed: {describe_order(order)}")
        _suggest_elsewhere(ctx, order, panel)
        return REFUSED
    ctx.out.error(uncertain_error([order.id], describe_order(order)).message)
    return UNCERTAIN


def _overlap_text(ws: Workspace, overlap: list[LocalOrder]) -> str:
    """Names the active orders of the same kind on the link and why that matters."""
    first = overlap[0]
    try:
        where = ws.panel(first.panel_id, include_removed=True).name
    except KeyError:
        where = first.panel_id
    more = f" (and {len(overlap) - 1} more)" if len(overlap) > 1 else ""
    return (f"an active order of the same kind on this link exists on {where} (local id "
            f"{first.id}, order #{first.remote_id or '?'}){more}: overlapping orders "
            "under-deliver, the panels count from the same start and refund nothing")


def _unresolved_text(ws: Workspace, order: LocalOrder) -> str:
    try:
        name = ws.panel(order.panel_id).name
    except KeyError:
        name = order.panel_id
    number = f"order #{order.remote_id}, " if order.remote_id is not None else ""
    return (f"an order on the same link may have been placed and is not resolved: local id "
            f"{order.id} ({number}{name}, service {order.service_id})")


def _unresolved_refusal(ws: Workspace, order: LocalOrder) -> CliError:
    """Exit 3 before anything is sent (the rule of ``Workspace.place_order``)."""
    return CliError(
        f"not placed: {_unresolved_text(ws, order)}; check that panel's order list and record "
        f"what you found (`smm-desk-cli resolve local:{order.id} --order-id N` or "
        "`--not-placed`), or add --allow-duplicate to order it anyway", REFUSED)


def _suggest_elsewhere(ctx: Context, order: LocalOrder, panel: Panel) -> None:
    """After a refusal another panel can solve (funds, service, quantity, unreachable; never
    after an uncertain send): the best equivalent on another panel, as a hint."""
    if failover_reason(order) is None:
        return
    ws = ctx.ws
    # The GUI's failover rules (compare.routes): never the demo panel, the target's min/max and
    # last known balance, the price against this one said in the home currency.
    route = best_route(ws.routes_for(panel.id, order.service_id, dict(order.fields or {})))
    if route is None:
        return
    best = route.match
    other = ws.panel(best.panel_id)
    home = ws.home_currency() or ""
    unit = "per package" if servicetypes.lookup(best.service.type)[0].package else "per 1,000"
    price = ""
    if best.price_home is not None:
        approx = "≈ " if (other.currency or "").upper() != home else ""
        price = f", {approx}{money(best.price_home)} {home} {unit}"
    if route.difference is not None and route.percent is not None and route.difference != 0:
        more = "more" if route.difference > 0 else "less"
        price += (f", {money(abs(route.difference))} {home} {more} than here "
                  f"({route.percent:+.0f} %)")
    ctx.out.message(f"the same service on {other.name}: service {best.service.id} "
                    f"({best.service.name}{price}); to order there: smm-desk-cli order "
                    f"--panel {other.id} --service {best.service.id} …")


def _last_currency(ws: Workspace, panel: Panel) -> str | None:
    last = ws.last_balance(panel.id)
    return last[0].currency if last else None


# ------------------------------------------------------------------------------------ mass order
#
# The rules (smmdesk.massorder, docs/reliability.md "Rules for unattended work — mass orders"):
# a re-run continues the list's batch and never re-places what an earlier run of it or of an
# edited list placed in the last 24 h; after any stop the command that RESUMES is advised
# (never one that starts a new batch); a second run of a list at once refuses to start; an
# error after a line's order was recorded exits 4 (uncertain), never 1.


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _line_message(result: LineResult | None, line: massorder.MassLine) -> str | None:
    """What the record's "message" says: the panel's text, the line's problem, or why a line
    is not sent (the core gives a reason, the words are ours)."""
    if result is None:
        return str(line.problem) if line.problem else None
    if result.status is LineStatus.SKIPPED:
        order = f"order #{result.remote_id}" if result.remote_id is not None else (
            f"local id {result.local_id}" if result.local_id is not None else "an order")
        if result.reason is SkipReason.SAME_LINE:
            return f"not sent: line {result.other_line} has the same service and link"
        if result.reason is SkipReason.PLACED_BEFORE:
            return (f"not sent: placed by batch {result.other_batch} (line "
                    f"{result.other_line}) at {result.at or '?'}, {order}")
        if result.reason is SkipReason.UNRESOLVED:
            number = f", order #{result.remote_id}" if result.remote_id is not None else ""
            return (f"not sent: an order on this link may have been placed and is not "
                    f"resolved (local id {result.local_id}{number}); check the panel and "
                    "resolve it first")
        return f"not sent: an active order on this link ({order})"
    if result.status is LineStatus.INVALID:
        return str(line.problem or result.message) or None
    return result.message or None


def _line_record(index: int, line: massorder.MassLine, result: LineResult | None) -> dict:
    return {
        "line": line.number, "index": index, "text": line.raw.strip(),
        "service_id": line.service_id, "link": line.link, "quantity": line.quantity,
        "price": money(line.price),
        "status": result.status.value if result else ("pending" if line.ok else "invalid"),
        "message": _line_message(result, line),
        "local_id": result.local_id if result else None,
        "order_id": result.remote_id if result else None,
    }


def _resume_command(panel: Panel, batch: int | None, *extra: str) -> str:
    """The command that continues batch ``batch`` (never one that starts a new batch)."""
    return "`" + " ".join(["smm-desk-cli mass-order --panel", panel.id, "--resume",
                           str(batch), *extra]) + "`"


def _busy(holder: massorder.Holder) -> CliError:
    who = "in this process" if holder.here else f"by process {holder.pid}"
    return CliError(
        f"this list is already being placed {who} (since "
        f"{when(holder.since.astimezone())}): nothing was sent. Wait for that run to end; a "
        "run whose process has ended is taken over at once", FAILURE)


def _unfinished(panel: Panel, refused: massorder.NewBatchRefused) -> CliError:
    record = refused.record
    hours = int(massorder.NEW_BATCH_GUARD.total_seconds() // 3600)
    return CliError(
        f"not started: batch {record.batch_id} of this list (begun {record.created_at}) has "
        f"{_count(refused.not_sent, 'line')} not sent yet; nothing was sent. To send them: "
        f"{_resume_command(panel, record.batch_id)}. A new batch of this list can start once "
        f"that one is finished, or {hours} hours after it began", USAGE)


def _mass_lines(ctx: Context, args: argparse.Namespace, panel: Panel,
                store: BatchStore) -> list[massorder.MassLine]:
    if args.resume is not None:
        if args.new_batch:
            raise CliError("--resume continues a batch and --new-batch starts one: use one",
                           USAGE)
        try:
            record = store.load(args.resume, panel.id)
        except massorder.UnknownBatch as e:
            raise CliError(str(e), USAGE) from None
        lines = store.stored_lines(record)
        if args.file is not None and massorder.list_id(
                panel.id, massorder.parse_lines(_read_text(ctx, args.file))) != record.list_id:
            raise CliError(f"{args.file} is not the list of batch {args.resume} (leave the "
                           "file out to resume it as it was)", USAGE)
        return lines
    if args.file is None:
        raise CliError("give the list (a file, or - for standard input), or --resume N", USAGE)
    return massorder.parse_lines(_read_text(ctx, args.file))


def run_mass_order(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.ws
    panel = resolve_panel(ws, args.panel, required=True)
    assert panel is not None
    store = BatchStore(ws)
    catalogue = {r.service.id: r.service for r in ws.services(panel.id) if not r.removed}
    lines = massorder.check_lines(_mass_lines(ctx, args, panel, store), catalogue)
    if not lines:
        raise CliError("the list has no lines (service|link|quantity, one order per line)",
                       USAGE)
    if len(lines) > massorder.MAX_LINES:
        raise CliError(f"at most {massorder.MAX_LINES} lines at a time", USAGE)
    resend_refused = not args.skip_refused
    try:
        plan = store.plan(panel.id, lines, new_batch=args.new_batch, resume=args.resume,
                          resend_refused=resend_refused)
    except massorder.UnknownBatch as e:
        raise CliError(str(e), USAGE) from None
    if plan.holder is not None:
        raise _busy(plan.holder)
    if plan.unfinished is not None:
        raise _unfinished(panel, plan.unfinished)
    bad = [ln for ln in lines if not ln.ok]
    total = sum((lines[i].price or Decimal(0) for i in plan.send), Decimal(0))
    currency = panel.currency or _last_currency(ws, panel)
    for ln in bad:
        ctx.out.message(f"line {ln.number}: {ln.problem}")
    for i in plan.send:
        service = lines[i].service
        warning = check_link(features(service), lines[i].link) if service else None
        if warning:
            ctx.out.warn(f"line {lines[i].number}: {warning}")
    done = [i for i in plan.earlier if plan.results[i].status.done]
    if done and plan.record is not None:
        ctx.out.message(f"this list was sent before (batch {plan.record.batch_id}, "
                        f"{plan.record.created_at}): {_count(len(done), 'line')} done, never "
                        "sent again by a re-run")
    before = [i for i, r in plan.results.items()
              if r.reason is SkipReason.PLACED_BEFORE and i not in plan.earlier]
    if before:
        ctx.out.message(f"{_count(len(before), 'line')} were placed by another batch in the "
                        "last 24 hours and are not placed again; to place the whole list again "
                        "on purpose (a list you order regularly): --new-batch")
    if args.dry_run:
        for i, ln in enumerate(lines):
            if ctx.out.json:
                ctx.out.record(_line_record(i, ln, plan.results.get(i)))
        if not ctx.out.json:
            _line_table(ctx, lines, plan.results)
        ctx.out.message(f"dry run: {len(plan.send)} to place, about {money(total)} "
                        f"{currency or ''}; nothing was sent".replace("  ", " "))
        return USAGE if bad else OK
    if bad and not args.skip_invalid:
        raise CliError(f"{_count(len(bad), 'line')} have problems, nothing was sent; fix them, "
                       "or add --skip-invalid to place the good lines only", USAGE)
    if plan.send and not ask(ctx, f"Place {_count(len(plan.send), 'order')} on {panel.name} "
                             f"for about {money(total)} {currency or ''}?", yes=args.yes,
                             what="these orders"):
        ctx.out.message("nothing was placed")
        return REFUSED
    results: dict[int, LineResult] = {}

    def on_line(index: int, result: LineResult) -> None:
        results[index] = result
        if ctx.out.json:
            ctx.out.record(_line_record(index, lines[index], result))

    def on_refused(index: int, result: LineResult) -> bool:
        """Rule 6: stop to ask; a terminal is asked, anything else stops (or goes on when
        --skip-refused said so beforehand)."""
        if args.skip_refused:
            return True
        if args.yes or not _is_tty(ctx.stdin):
            return False
        ctx.out.done_progress()
        ctx.out.prompt(f"line {lines[index].number} was refused by the panel: "
                       f"{result.message}. Go on with the other lines? [y/N] ")
        return ctx.stdin.readline().strip().lower() in ("y", "yes")

    def batch_now() -> int | None:
        if args.resume is not None:
            return int(args.resume)
        latest = store.latest(panel.id, lines)
        return latest.batch_id if latest is not None else None

    customer = customer_of(ws, args.customer) if args.customer else None
    interrupted: massorder.SendInterrupted | None = None
    with stop_on_interrupt() as stop:
        try:
            record = massorder.run_batch(
                ws, store, panel.id, lines, new_batch=args.new_batch, resume=args.resume,
                resend_refused=resend_refused, should_stop=stop.is_set,
                progress=ctx.out.progress, on_line=on_line, on_refused=on_refused,
                customer_id=customer.id if customer is not None else None)
        except massorder.BatchBusy as e:
            raise _busy(e.holder) from None
        except massorder.NewBatchRefused as e:
            raise _unfinished(panel, e) from None
        except massorder.SendInterrupted as e:
            interrupted, record = e, e.record
            results[e.index] = e.record.lines[str(e.index)]
        except KeyboardInterrupt:
            raise CliError("interrupted between lines: nothing was being sent. To send the rest: "
                           f"{_resume_command(panel, batch_now())}", FAILURE) from None
        except (StoreError, sqlite3.Error) as e:
            # Before a line was claimed (after one, SendInterrupted): nothing of it was sent.
            raise CliError(
                f"the data folder's database could not be used ({e}); the line being prepared "
                "was not sent, lines placed before are recorded. To send the rest: "
                f"{_resume_command(panel, batch_now())}", FAILURE) from None
        finally:
            ctx.out.done_progress()
    resume = _resume_command(panel, record.batch_id)
    if ctx.out.json:  # every line has its record, reached or not
        for i, ln in enumerate(lines):
            if i not in results:
                ctx.out.record(_line_record(i, ln, None))
    else:
        _line_table(ctx, lines, results)
    counts: dict[LineStatus, int] = {}
    for r in results.values():
        counts[r.status] = counts.get(r.status, 0) + 1
    ctx.out.message(", ".join(f"{n} {s.value}" for s, n in counts.items()) or "nothing sent")
    if interrupted is not None:
        cause = interrupted.__cause__
        if isinstance(cause, OutcomeNotRecorded):  # place_order: not even UNCERTAIN was saved
            cause = cause.cause
        why = (f"the database could not save the panel's answer ({cause})"
               if isinstance(cause, (StoreError, sqlite3.Error)) else
               "it was interrupted" if isinstance(cause, KeyboardInterrupt) else
               f"an unexpected error stopped the run ({type(cause).__name__})")
        ctx.out.error(
            f"line {interrupted.number} may have been placed: it was being sent when {why}. "
            "It is UNCERTAIN and never sent again: check the panel's order list, then record "
            f"what you found with `smm-desk-cli resolve {interrupted.local_id} --order-id N` "
            f"(or --not-placed). To send the rest: {resume}")
        return UNCERTAIN
    refused_now = [i for i, r in results.items()
                   if r.status is LineStatus.REJECTED and i not in plan.earlier]
    if record.stopped_at is not None:
        n = lines[record.stopped_at].number
        without = _resume_command(panel, record.batch_id, "--skip-refused")
        ctx.out.error(
            f"line {n} was refused by the panel: stopped there, the lines after it were not "
            f"sent. To send them without line {n}: {without}; to send line {n} again too (once "
            f"what the panel refused is fixed): {resume}")
    if record.cancelled:
        ctx.out.message(f"stopped: lines already sent are never sent again. To send the rest: "
                        f"{resume}")
    uncertain = counts.get(LineStatus.UNCERTAIN, 0) + counts.get(LineStatus.SENDING, 0)
    if uncertain:
        ctx.out.error(f"{_count(uncertain, 'line')} UNCERTAIN: they may have been placed; "
                      "check the panel's order list (they are never resent)")
        return UNCERTAIN
    if refused_now:
        return REFUSED
    if record.cancelled:
        return FAILURE
    return OK  # lines with problems were skipped on request (--skip-invalid)


def _line_table(ctx: Context, lines: list[massorder.MassLine],
                results: Mapping[int, LineResult]) -> None:
    ctx.out.table(("LINE", "SERVICE", "LINK", "QTY", "PRICE", "STATUS", "ORDER", "MESSAGE"),
                  ([r["line"], r["service_id"], r["link"], r["quantity"], r["price"],
                    r["status"], r["order_id"], r["message"]]
                   for r in (_line_record(i, ln, results.get(i)) for i, ln in enumerate(lines))))


# ------------------------------------------------------------------------------------ history


def run_status(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.ws
    panel = resolve_panel(ws, args.panel)
    orders = resolve_orders(ws, args.ids, panel)
    code = OK
    if not args.offline:
        report = ws.refresh_orders([o.id for o in orders])
        for e in report.errors:
            ctx.out.error(e)
            code = FAILURE
        orders = [ws.order(o.id) for o in orders]
    show_orders(ctx, orders)
    return code


def run_sync(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.ws
    panels = _panels_or_all(ws, args.panel)
    totals = {"requests": 0, "checked": 0, "updated": 0, "not_found": 0, "finished": 0,
              "refills_checked": 0}
    errors: list[str] = []
    with stop_on_interrupt() as stop:
        for i, panel in enumerate(panels):
            if stop.is_set():
                errors.append("stopped before every panel was checked")
                break
            ctx.out.progress(i, len(panels), f"checking {panel.name}…")
            # The app's one sync path: statuses, then pending refills.
            result = ws.sync_panel(panel.id, should_stop=stop.is_set, force=True)
            for k in ("requests", "checked", "updated", "not_found"):
                totals[k] += getattr(result.report, k)
            totals["finished"] += len(result.finished)
            totals["refills_checked"] += result.refills_checked
            errors.extend(result.report.errors)
        ctx.out.done_progress()
    for e in errors:
        ctx.out.error(e)
    if ctx.out.json:
        ctx.out.record({**totals, "panels": len(panels), "errors": errors})
    else:
        ctx.out.line(f"{totals['checked']} orders checked, {totals['updated']} changed, "
                     f"{totals['not_found']} not found, {totals['requests']} requests")
    return FAILURE if errors else OK


def run_orders(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.ws
    if args.limit < 0:
        raise CliError("--limit is 0 (all) or more", USAGE)
    f = order_filter(ws, args)
    limit = None if args.limit == 0 else args.limit
    orders = ws.order_page(f, None, 0, limit)
    show_orders(ctx, orders)
    if limit is not None and len(orders) == limit:
        total = ws.order_count(f)
        if total > limit:
            ctx.out.message(f"showing the newest {limit} of {total}; --limit 0 shows all")
    return OK


def run_export(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.ws
    f = order_filter(ws, args)
    orders = ws.iter_orders(f, ("created_at", False))  # read a chunk at a time
    names = _panel_names(ws)
    customers = {c.id: c.name for c in ws.customers(archived=True)}
    if args.csv == "-":
        if _is_tty(ctx.out.out):
            # People read it: panel text passes the terminal filter (termtext) like every other
            # string the CLI shows, a row at a time as it is read (a million orders shown
            # as they come, never held whole). A pipe or a file gets the data exact.
            shown = _TerminalText(ctx.out.out)
            n = write_orders_csv(cast(TextIO, shown), orders, names, customers)
            shown.close()
        else:
            n = write_orders_csv(ctx.out.out, orders, names, customers)
        ctx.out.out.flush()
    else:
        try:
            n = write_orders_csv(Path(args.csv), orders, names, customers)
        except OSError as e:
            raise CliError(f"cannot write {args.csv}: {e.strerror or e}", FAILURE) from None
    ctx.out.message(f"{n} orders exported")
    if ctx.out.json and args.csv != "-":
        ctx.out.record({"file": str(Path(args.csv).resolve()), "orders": n})
    return OK


class _TerminalText(io.TextIOBase):
    """Text written to ``out`` through ``termtext.for_terminal`` as it comes (the CSV writer
    writes a row at a time). A carriage return ending one write waits for the next: CR LF is
    one line break to the filter, whichever writes it came in."""

    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self.out = out
        self._cr = False

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        text = ("\r" if self._cr else "") + s
        self._cr = text.endswith("\r")
        if self._cr:
            text = text[:-1]
        if text:
            self.out.write(for_terminal(text, newlines=True))
        return len(s)

    def close(self) -> None:
        if self._cr:
            self._cr = False
            self.out.write(for_terminal("\r", newlines=True))
        super().close()


def _actions(ctx: Context, args: argparse.Namespace,
             action: Callable[[list[int]], list[Any]]) -> int:
    ws = ctx.ws
    panel = resolve_panel(ws, args.panel)
    orders = resolve_orders(ws, args.ids, panel)
    results = action([o.id for o in orders])
    by_id = {o.id: o for o in orders}
    code = OK
    rows = []
    for r in results:
        o = by_id.get(r.local_id)
        rec = {"local_id": r.local_id, "order_id": o.remote_id if o else None, "ok": r.ok,
               "message": r.message, "refill_id": r.refill_id}
        if not r.ok:
            code = FAILURE
        if ctx.out.json:
            ctx.out.record(rec)
        else:
            rows.append([rec["local_id"], rec["order_id"], "requested" if r.ok else "refused",
                         r.message])
    if not ctx.out.json:
        ctx.out.table(("LOCAL", "ORDER", "RESULT", "MESSAGE"), rows)
    return code


def run_refill(ctx: Context, args: argparse.Namespace) -> int:
    return _actions(ctx, args, ctx.ws.refill)


def run_cancel(ctx: Context, args: argparse.Namespace) -> int:
    return _actions(ctx, args, ctx.ws.cancel)


def run_track(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.ws
    panel = resolve_panel(ws, args.panel, required=True)
    assert panel is not None
    try:
        result = ws.track_orders(panel.id, " ".join(args.ids))
    except ValueError as e:
        raise CliError(str(e), USAGE) from None
    show_orders(ctx, list(result))
    code = OK
    if result.unknown:
        ctx.out.error(f"{panel.name} does not know: {', '.join(map(str, result.unknown))}")
        code = FAILURE
    for rid, reason in result.failed.items():
        ctx.out.error(f"#{rid} could not be checked: {reason}")
        code = FAILURE
    return code


def run_resolve(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.ws
    found = resolve_orders(ws, [args.id], resolve_panel(ws, args.panel))
    if len(found) != 1:
        raise CliError("resolve takes one order id", USAGE)
    order = found[0]
    try:
        resolved = ws.resolve_uncertain(order.id, None if args.not_placed else args.order_id)
    except ValueError as e:
        raise CliError(str(e), USAGE) from None
    if ctx.out.json:
        ctx.out.record(order_record(resolved))
    else:
        show_orders(ctx, [resolved])
    return OK


COMMANDS: dict[str, Command] = {
    "panels": run_panels,
    "panels add": run_panels_add,
    "panels remove": run_panels_remove,
    "panels test": run_panels_test,
    "balance": run_balance,
    "services": run_services,
    "compare": run_compare,
    "order": run_order,
    "mass-order": run_mass_order,
    "status": run_status,
    "sync": run_sync,
    "orders": run_orders,
    "export": run_export,
    "refill": run_refill,
    "cancel": run_cancel,
    "track": run_track,
    "resolve": run_resolve,
}

__all__ = [
    "COMMANDS",
    "DENIED",
    "EXIT_CODES",
    "FAILURE",
    "OK",
    "REFUSED",
    "UNCERTAIN",
    "USAGE",
    "CliError",
    "Context",
    "amount_of",
    "customer_of",
    "field_specs",
    "not_recorded_error",
    "option_name",
    "record_hint",
    "uncertain_error",
]
