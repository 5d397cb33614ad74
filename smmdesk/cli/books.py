"""The reseller's books from the command line: ``customers`` (list, add, pay, statement) and
``report`` (``order --customer/--sell`` and ``orders --customer`` are in ``commands``). Exit
codes as every command's (``commands.EXIT_CODES``): a customer that is not there, or an amount
that is not one, is a usage error (2)."""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import Any

from smmdesk import ledger
from smmdesk.cli.commands import (
    FAILURE,
    OK,
    USAGE,
    CliError,
    Context,
    _is_tty,
    amount_of,
    customer_of,
    parse_when,
)
from smmdesk.cli.output import money, when
from smmdesk.ledger import LedgerRow
from smmdesk.termtext import for_terminal

__all__ = ["BOOK_COMMANDS", "add_parsers"]


def _customer_record(s: Any) -> dict[str, Any]:
    c = s.customer
    return {"id": c.id, "name": c.name, "contact": c.contact, "notes": c.notes,
            "archived": c.archived, "orders": s.orders, "revenue": money(s.revenue),
            "paid": money(s.paid), "balance_due": money(s.balance),
            "profit": money(s.profit)}


def run_customers(ctx: Context, args: argparse.Namespace) -> int:
    rows = ctx.ws.customer_summaries(archived=args.archived)
    if args.search:
        wanted = {c.id for c in ctx.ws.customers(args.search, archived=args.archived)}
        rows = [r for r in rows if r.customer.id in wanted]
    if ctx.out.json:
        ctx.out.records(_customer_record(r) for r in rows)
    else:
        ctx.out.table(("ID", "NAME", "CONTACT", "ORDERS", "REVENUE", "PAID", "DUE", "PROFIT"),
                      [[r.customer.id, r.customer.name, r.customer.contact or "", r.orders,
                        money(r.revenue), money(r.paid), money(r.balance), money(r.profit)]
                       for r in rows])
    return OK


def run_customers_add(ctx: Context, args: argparse.Namespace) -> int:
    try:
        c = ctx.ws.add_customer(args.name, contact=args.contact, notes=args.notes)
    except ValueError as e:
        raise CliError(str(e), USAGE) from None
    if ctx.out.json:
        ctx.out.record({"id": c.id, "name": c.name, "contact": c.contact, "notes": c.notes})
    else:
        ctx.out.line(f"added customer {c.id}: {c.name}")
    return OK


def run_customers_pay(ctx: Context, args: argparse.Namespace) -> int:
    c = customer_of(ctx.ws, args.customer)
    amount = amount_of(args.amount, "the amount")
    at = parse_when(args.date) if args.date else None
    try:
        p = ctx.ws.record_payment(c.id, amount, at=at, note=args.note)
    except ValueError as e:
        raise CliError(str(e), USAGE) from None
    due = ctx.ws.customer_balance(c.id)
    if ctx.out.json:
        ctx.out.record({"payment_id": p.id, "customer_id": c.id, "amount": money(p.amount),
                        "at": when(p.at), "note": p.note, "balance_due": money(due)})
    else:
        ctx.out.line(f"recorded {money(p.amount)} from {c.name}; balance due {money(due)}")
    return OK


def run_customers_statement(ctx: Context, args: argparse.Namespace) -> int:
    c = customer_of(ctx.ws, args.customer)
    since = parse_when(args.since) if args.since else None
    until = parse_when(args.until, end=True) if args.until else None
    st = ctx.ws.statement(c.id, since, until)
    if args.csv:
        if args.csv == "-":
            if _is_tty(ctx.out.out):
                buffer = io.StringIO()
                ledger.write_statement_csv(buffer, st)
                ctx.out.out.write(for_terminal(buffer.getvalue(), newlines=True))
            else:
                ledger.write_statement_csv(ctx.out.out, st)
            ctx.out.out.flush()
        else:
            try:
                ledger.write_statement_csv(Path(args.csv), st)
            except OSError as e:
                raise CliError(f"cannot write {args.csv}: {e.strerror or e}", FAILURE) from None
            ctx.out.message(f"statement of {c.name} written to {args.csv}")
        return OK
    totals = {"customer_id": c.id, "customer": c.name, "since": when(since),
              "until": when(until), "currency": st.currency,
              "opening_balance": money(st.opening_balance), "revenue": money(st.revenue),
              "paid": money(st.paid), "balance_due": money(st.balance_due)}
    if ctx.out.json:
        ctx.out.records({"order_id": ln.order_id, "at": when(ln.at), "service": ln.service,
                         "link": ln.link, "quantity": ln.quantity, "status": ln.status,
                         "delivered": ln.delivered, "sell_price": money(ln.sell_price),
                         "amount": money(ln.amount)} for ln in st.lines)
        ctx.out.record(totals)
        return OK
    ctx.out.table(("DATE", "ORDER", "SERVICE", "LINK", "QTY", "STATUS", "DELIVERED", "AMOUNT"),
                  [[ln.at, ln.order_id, ln.service, ln.link, ln.quantity, ln.status,
                    ln.delivered, money(ln.amount)] for ln in st.lines])
    for p in st.payments:
        ctx.out.line(f"payment {when(p.at)}: {money(p.amount)} {p.note or ''}".rstrip())
    ctx.out.line(f"owed before: {money(st.opening_balance)}  orders: {money(st.revenue)}  "
                 f"paid: {money(st.paid)}  balance due: {money(st.balance_due)} "
                 f"{st.currency or ''}".rstrip())
    return OK


def _row_record(by: str, r: LedgerRow) -> dict[str, Any]:
    key: Any = list(r.key) if isinstance(r.key, tuple) else r.key
    return {"by": by, "key": key, "label": r.label, "orders": r.orders,
            "revenue": money(r.revenue), "cost": money(r.cost), "profit": money(r.profit),
            "margin_percent": money(r.margin_percent),
            "apart": [{"currency": a.currency, "orders": a.orders, "revenue": money(a.revenue),
                       "cost": money(a.cost)} for a in r.apart]}


def run_report(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.ws
    since = parse_when(args.since) if args.since else None
    until = parse_when(args.until, end=True) if args.until else None
    customer = customer_of(ws, args.customer) if args.customer else None
    rows = ws.ledger(by=args.by, since=since, until=until,
                     customer_id=customer.id if customer else None)
    total = ledger.totals(rows)
    if args.csv:
        target: Any = ctx.out.out if args.csv == "-" else Path(args.csv)
        try:
            ledger.write_ledger_csv(target, rows)
        except OSError as e:
            raise CliError(f"cannot write {args.csv}: {e.strerror or e}", FAILURE) from None
        return OK
    if ctx.out.json:
        ctx.out.records(_row_record(args.by, r) for r in rows)
        ctx.out.record({**_row_record(args.by, total), "key": "total", "currency":
                        ws.home_currency()})
        return OK
    ctx.out.table((args.by.upper(), "ORDERS", "REVENUE", "COST", "PROFIT", "MARGIN %"),
                  [[r.label, r.orders, money(r.revenue), money(r.cost), money(r.profit),
                    money(r.margin_percent)] for r in [*rows, total]])
    for r in rows:
        for a in r.apart:
            ctx.out.warn(f"{r.label}: {a.orders} order(s) in {a.currency} have no rate to the "
                         f"home currency (cost {money(a.cost)} {a.currency}, sold for "
                         f"{money(a.revenue)}): not counted above")
    return OK


def add_parsers(command: Any, sub: Any) -> None:
    """The ``customers`` and ``report`` commands (``command(name, help, parent)`` makes one)."""
    cust = command("customers", "list the customers with their balance due (add, pay, "
                   "statement: see customers --help)")
    cust.add_argument("--search", metavar="TEXT", help="name or contact contains")
    cust.add_argument("--archived", action="store_true", help="archived customers too")
    csub = cust.add_subparsers(dest="customers_command", metavar="ACTION",
                               parser_class=type(cust))
    add = command("add", "add a customer", csub)
    add.add_argument("name", metavar="NAME")
    add.add_argument("--contact", metavar="TEXT")
    add.add_argument("--notes", metavar="TEXT")
    pay = command("pay", "record a payment from a customer", csub)
    pay.add_argument("customer", metavar="NAME", help="the customer's name or #id")
    pay.add_argument("amount", metavar="AMOUNT", help="in the home currency, e.g. 12.50")
    pay.add_argument("--date", metavar="DATE", help="when it was paid (default: now)")
    pay.add_argument("--note", metavar="TEXT")
    st = command("statement", "a customer's orders and payments in a period, with the "
                 "balance due", csub)
    st.add_argument("customer", metavar="NAME", help="the customer's name or #id")
    st.add_argument("--since", metavar="DATE")
    st.add_argument("--until", metavar="DATE")
    st.add_argument("--csv", metavar="FILE", help="write it as CSV (- for standard output)")
    rep = command("report", "revenue, cost, profit and margin by month, customer, panel or "
                  "service")
    rep.add_argument("--by", choices=ledger.BY, default="month")
    rep.add_argument("--since", metavar="DATE")
    rep.add_argument("--until", metavar="DATE")
    rep.add_argument("--customer", metavar="NAME", help="only this customer's orders")
    rep.add_argument("--csv", metavar="FILE", help="write it as CSV (- for standard output)")


BOOK_COMMANDS = {
    "customers": run_customers,
    "customers add": run_customers_add,
    "customers pay": run_customers_pay,
    "customers statement": run_customers_statement,
    "report": run_report,
}
