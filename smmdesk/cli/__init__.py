"""``smm-desk-cli`` (also ``python -m smmdesk``): the SMM Desk workspace from a script.

The same data folder (``--data-dir``, ``$SMMDESK_DATA_DIR`` or the app's default), the same
keyring, the same placement code as the window (recorded first, sent once, an uncertain outcome
recorded as uncertain and never retried). Data on standard output (tables, or one JSON object a
line with ``--json``), messages on standard error, documented exit codes. No Qt at all (not
even QtCore), so it runs on a server without a display.

English only: it is a script interface (the app's translations are for the window).
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import TextIO

from smmdesk import __version__, recovery
from smmdesk.cli.books import BOOK_COMMANDS, add_parsers
from smmdesk.cli.commands import (
    COMMANDS,
    EXIT_CODES,
    FAILURE,
    UNCERTAIN,
    USAGE,
    CliError,
    Context,
    field_specs,
    not_recorded_error,
    option_name,
    uncertain_error,
)
from smmdesk.cli.output import Output
from smmdesk.cli.team import TEAM_COMMANDS, add_team_parsers, run_team
from smmdesk.errors import PanelError
from smmdesk.logs import (
    disable_native_crash_reports,
    enable_native_crash_reports,
    setup_logging,
    teardown_logging,
)
from smmdesk.paths import DATA_DIR_ENV, default_data_dir
from smmdesk.secrets import SecretsError
from smmdesk.servicetypes import FieldKind
from smmdesk.store import StoreError
from smmdesk.store.pg.location import StoreLocationError, add_store_argument, resolve_store
from smmdesk.workspace import OutcomeNotRecorded, Workspace

__all__ = ["build_parser", "main"]

log = logging.getLogger(__name__)

PROG = "smm-desk-cli"

EPILOG = "exit codes:\n" + "\n".join(f"  {code}  {text}" for code, text in EXIT_CODES) + """

ids of orders: 12 is the local id in SMM Desk's history or, when no local order has it, the
order's id on its panel; write local:12 or remote:23501 to be explicit (a number that could be
either is refused).

examples:
  smm-desk-cli panels add --name "My panel" --url https://panel.example/api/v2 < key.txt
  smm-desk-cli services --panel PANEL --search "instagram followers" --refresh
  smm-desk-cli order --panel PANEL --service 1 --link https://instagram.com/p/x --quantity 500 --yes
  smm-desk-cli mass-order --panel PANEL orders.txt --yes
  smm-desk-cli mass-order --panel PANEL --resume 7 --yes
  smm-desk-cli orders --since yesterday --json
  smm-desk-cli export --csv orders.csv --since yesterday --until yesterday
"""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit code 2 through ``main``'s return value."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        if message.startswith("unrecognized arguments:"):
            # Never echo the values: a key typed by mistake would land in a log of the script.
            names = [w.split("=")[0] for w in message.split(":", 1)[1].split()
                     if w.startswith("-")]
            message = "unrecognized arguments" + (f": {' '.join(names)}" if names else "")
            if any(n in ("--key", "--api-key") for n in names):
                message += " (the API key is read from standard input or a hidden prompt)"
        raise CliError(message, USAGE)


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Options accepted before or after the command (``default=SUPPRESS`` below the top, so a
    value given before the command is not reset by the subcommand)."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--data-dir", type=Path, default=default, metavar="DIR",
                        help=f"the data folder (default: ${DATA_DIR_ENV} or the app's own)")
    add_store_argument(parser, default=default)  # a team workspace (also $SMMDESK_STORE)
    parser.add_argument("--json", action="store_true",
                        default=False if top else argparse.SUPPRESS,
                        help="one JSON object per line on standard output")
    parser.add_argument("-v", "--verbose", action="store_true",
                        default=False if top else argparse.SUPPRESS,
                        help="also write the log to standard error")


def _panel_opt(p: argparse.ArgumentParser, help: str = "only this panel (id or name)") -> None:
    p.add_argument("--panel", metavar="ID", help=help)


def _filters(p: argparse.ArgumentParser) -> None:
    _panel_opt(p)
    p.add_argument("--state", metavar="S", help="pending, in_progress, processing, completed, "
                   "partial, canceled, failed, unknown, uncertain, rejected, active or attention")
    p.add_argument("--since", metavar="DATE", help="created at or after: 2025-11-30, "
                   "2025-11-30T08:00, today or yesterday (local time unless a zone is given)")
    p.add_argument("--until", metavar="DATE", help="created before the end of this day (or "
                   "before this time)")
    p.add_argument("--search", metavar="TEXT", help="order id, link, service name or "
                   "customer name contains")
    p.add_argument("--customer", metavar="NAME", help="the orders sold to this customer")


def _order_fields(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group(
        "order fields", "what each service type takes (`services` shows a service's type); a "
        "list field takes one line per option, or a file with one item per line (- for "
        "standard input)")
    for name, spec in field_specs().items():
        opt = option_name(name)
        names = [opt] if "_" not in name else [opt, "--" + name]
        text = spec.help or spec.label
        if spec.kind is FieldKind.CHOICE:
            text += " (one of: " + ", ".join(f"{v}={label}" for v, label in spec.choices) + ")"
        if spec.kind is FieldKind.DATE:
            text += " (day/month/year or YYYY-MM-DD)"
        if spec.kind is FieldKind.LIST:
            g.add_argument(*names, dest=f"field_{name}", action="append", metavar="LINE",
                           help=text)
            g.add_argument(f"{opt}-file", dest=f"file_{name}", metavar="FILE",
                           help=f"{spec.label}: read from a file, one per line")
        else:
            g.add_argument(*names, dest=f"field_{name}", metavar=spec.name.upper(), help=text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        allow_abbrev=False,
        description="SMM Desk from the command line: the same panels, keyring, orders and "
                    "history as the app, safe to use while the app runs.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help: str, parent: argparse._SubParsersAction = sub
                ) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=help, description=help, epilog=EPILOG, allow_abbrev=False,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
        _common(p, top=False)
        return p

    panels = command("panels", "list the panels (add, remove, test: see panels --help)")
    psub = panels.add_subparsers(dest="panels_command", metavar="ACTION", parser_class=_Parser)
    add = command("add", "add a panel; the API key is read from standard input or a hidden "
                  "prompt, never from the command line", psub)
    add.add_argument("--name", required=True)
    add.add_argument("--url", required=True, help="the panel's API address")
    add.add_argument("--no-services", action="store_true",
                     help="do not download the services now")
    rm = command("remove", "remove a panel and its key (its orders stay in the history)", psub)
    rm.add_argument("id", metavar="ID")
    rm.add_argument("--forget-history", action="store_true",
                    help="also delete its services, orders and balances")
    test = command("test", "check that the panel answers with the saved key", psub)
    test.add_argument("id", metavar="ID")

    bal = command("balance", "ask the panels for their balance")
    _panel_opt(bal)

    svc = command("services", "list the saved services")
    _panel_opt(svc)
    svc.add_argument("--search", metavar="WORDS", help="every word in the id, name or category")
    svc.add_argument("--type", metavar="T", help="a service type, e.g. default, package, "
                     "\"custom comments\"")
    svc.add_argument("--refresh", action="store_true",
                     help="download the services from the panels first")

    cmp = command("compare", "the same service on the other panels, best first")
    cmp.add_argument("--panel", metavar="ID", required=True)
    cmp.add_argument("--service", metavar="S", type=int, required=True)
    cmp.add_argument("--limit", metavar="N", type=int, default=10)

    order = command("order", "place one order (asks first on a terminal unless --yes)")
    order.add_argument("--panel", metavar="ID",
                       help="the panel (id or name; may be left out when there is only one)")
    order.add_argument("--service", metavar="S", type=int, required=True)
    order.add_argument("--link", metavar="L")
    order.add_argument("--quantity", metavar="Q", help="a whole number")
    order.add_argument("--customer", metavar="NAME",
                       help="the customer it is for (the rules give its sell price)")
    order.add_argument("--sell", metavar="PRICE",
                       help="its sell price in the home currency (instead of the rules')")
    order.add_argument("--dry-run", action="store_true",
                       help="check and price the order; send nothing")
    order.add_argument("--yes", "-y", action="store_true", help="place without asking")
    order.add_argument("--allow-duplicate", action="store_true",
                       help="place even when an active order on the same service and link "
                            "exists, or an order on the link may have been placed and is not "
                            "resolved")
    _order_fields(order)

    mass = command("mass-order", "place a list of orders, one service|link|quantity a line; "
                   "resumable: a re-run continues the list's batch and never places again a "
                   "line that it, or an earlier run of an edited list in the last 24 hours, "
                   "placed; one run of a list at a time")
    mass.add_argument("file", metavar="FILE", nargs="?",
                      help="the list, or - for standard input (may be left out with --resume)")
    mass.add_argument("--resume", metavar="N", type=int,
                      help="continue batch N (the command a stopped run advises)")
    mass.add_argument("--panel", metavar="ID",
                      help="the panel (may be left out when there is only one)")
    mass.add_argument("--dry-run", action="store_true", help="check and price; send nothing")
    mass.add_argument("--yes", "-y", action="store_true", help="place without asking")
    mass.add_argument("--skip-invalid", action="store_true",
                      help="place the good lines even when some lines have problems")
    mass.add_argument("--new-batch", action="store_true",
                      help="place the whole list again as new orders, even lines placed "
                           "before (for a list you order regularly, not to retry a run: a "
                           "stopped run is continued with --resume)")
    mass.add_argument("--customer", metavar="NAME",
                      help="sell every order to this customer, each at its price rules' "
                           "sell price")
    mass.add_argument("--skip-refused", action="store_true",
                      help="after the panel refuses a line, go on with the others (without it, "
                           "the run stops there); lines refused earlier are not sent again")

    st = command("status", "show orders, with their status fetched from the panel now")
    st.add_argument("ids", nargs="+", metavar="ID", help="12, local:12 or remote:23501")
    _panel_opt(st, "look order ids up on this panel")
    st.add_argument("--offline", action="store_true", help="show the saved status only")

    sy = command("sync", "check the status of every active order now")
    _panel_opt(sy)

    orders = command("orders", "list the order history, newest first")
    _filters(orders)
    orders.add_argument("--limit", metavar="N", type=int, default=100,
                        help="at most N orders (default 100; 0: all)")

    ex = command("export", "write the history (or the filtered part) as CSV, safe for "
                 "spreadsheets")
    ex.add_argument("--csv", metavar="FILE", required=True, help="the file, or - for "
                    "standard output")
    _filters(ex)

    for name, text in (("refill", "ask the panel to refill orders"),
                       ("cancel", "ask the panel to cancel orders")):
        p = command(name, text)
        p.add_argument("ids", nargs="+", metavar="ID", help="12, local:12 or remote:23501")
        _panel_opt(p, "look order ids up on this panel")

    tr = command("track", "import orders placed elsewhere (on the panel's site, another tool) "
                 "by their ids")
    tr.add_argument("--panel", metavar="ID", required=True)
    tr.add_argument("ids", nargs="+", metavar="IDS", help="ids and ranges: 1200-1250 1300")
    rs = command("resolve", "record what you found on the panel for an uncertain order")
    rs.add_argument("id", metavar="ID", help="the uncertain order: 12 or local:12")
    _panel_opt(rs, "look the id up on this panel")
    what = rs.add_mutually_exclusive_group(required=True)
    what.add_argument("--order-id", metavar="N", type=int,
                      help="it was placed: its order id on the panel")
    what.add_argument("--not-placed", action="store_true", help="it was not placed")
    add_parsers(command, sub)
    add_team_parsers(command, sub)
    return parser


def _command_key(args: argparse.Namespace) -> str | None:
    if args.command == "panels" and getattr(args, "panels_command", None):
        return f"panels {args.panels_command}"
    if args.command == "customers" and getattr(args, "customers_command", None):
        return f"customers {args.customers_command}"
    if args.command == "team":
        action = getattr(args, "team_command", None)
        return f"team {action}" if action else None
    return args.command


def open_workspace(data_dir: Path, store: str | None = None) -> Workspace:
    """The workspace of ``data_dir``; ``store``: ``--store`` (else ``$SMMDESK_STORE``, else
    the local one)."""
    try:
        location = resolve_store(store)
    except StoreLocationError as e:
        raise CliError(str(e), USAGE) from None
    problem = recovery.check_data_dir(data_dir)
    if problem is not None and not location.is_team:
        raise CliError(f"{problem.title}: {problem.message} Open SMM Desk to repair it.",
                       FAILURE)
    try:
        return Workspace(data_dir, store=location.url)
    except StoreError as e:
        # NewerDatabaseError: held by a newer SMM Desk; DatabaseCorruptError: damaged.
        raise CliError(str(e), FAILURE) from None
    except sqlite3.OperationalError as e:
        raise CliError(f"the data folder's database cannot be used now ({e}); is another "
                       "program holding it?", FAILURE) from None
    except OSError as e:
        raise CliError(f"the data folder {data_dir} cannot be used: {e}", FAILURE) from None


def _failure(out: Output, e: BaseException, data_dir: Path, *, opened: bool) -> int | None:
    """Say what stopped a command that had no order out; its exit code (None: not ours). A
    storage error is worded by when it happened: while the data was being opened, or during
    the command (``opened``)."""
    if isinstance(e, KeyboardInterrupt):
        out.error("interrupted")
    elif isinstance(e, SecretsError):
        out.error(str(e))
    elif isinstance(e, PanelError):
        out.error(f"the panel: {e}")
    elif recovery.is_storage_error(e):  # (a team store's refusal too)
        out.error((recovery.describe(e) or str(e)) if opened
                  else recovery.diagnose(e, data_dir).text())
    elif isinstance(e, OSError):
        out.error(str(e))
    else:
        return None
    return FAILURE


def main(argv: list[str] | None = None, *, stdin: TextIO | None = None,
         stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run one command; returns the exit code (see ``EXIT_CODES``)."""
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    for stream in (stdout, stderr):
        # A console or pipe in a legacy code page must not crash on a panel's emoji.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass
    out = Output(stdout=stdout, stderr=stderr)
    parser = build_parser()
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):  # --help, usage lines
            args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except CliError as e:
        out.error(e.message)
        return e.code
    except SystemExit as e:  # --help, --version
        return int(e.code or 0) if not isinstance(e.code, str) else USAGE
    key = _command_key(args)
    if key is None:
        parser.print_help(stdout)
        return USAGE
    out.json = bool(args.json)
    data_dir = (args.data_dir or default_data_dir()).expanduser()
    try:
        setup_logging(data_dir, console=bool(args.verbose))
    except OSError as e:
        out.error(f"the data folder {data_dir} cannot be used: {e}")
        return FAILURE
    enable_native_crash_reports(data_dir)  # a crash below Python leaves a report too
    log.info("%s %s: %s", PROG, __version__, key)
    ctx: Context | None = None
    try:
        if key in TEAM_COMMANDS:  # the team store, not this data folder's workspace
            return run_team(key, out, data_dir, args, stdin)
        ws = open_workspace(data_dir, getattr(args, "store", None))
        try:
            ctx = Context(ws, out, stdin, data_dir)
            return {**COMMANDS, **BOOK_COMMANDS}[key](ctx, args)
        finally:
            ws.close()
    except CliError as e:
        out.error(e.message)
        return e.code
    except OutcomeNotRecorded as e:  # sent; the data folder took no write (any command)
        out.error(not_recorded_error(e).message)
        return UNCERTAIN
    except BaseException as e:
        if ctx is not None and ctx.sending and isinstance(e, Exception | KeyboardInterrupt):
            # An order was out and its outcome never came back: whatever this was, it may
            # have been placed — never "failed, close it and try again" (exit 1).
            log.exception("%s: stopped while an order was being sent", key)
            out.error(uncertain_error(ctx.sending, f"Stopped while the order was being sent "
                                                   f"({type(e).__name__}).").message)
            return UNCERTAIN
        code = _failure(out, e, data_dir, opened=ctx is not None)
        if code is None:
            raise
        return code
    finally:
        out.done_progress()
        disable_native_crash_reports()
        teardown_logging()
