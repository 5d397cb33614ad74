"""A customer's statement as a PDF, with Qt's own writer (``QPdfWriter`` + ``QTextDocument``,
no new dependency), in the person's language. Every text a person or a panel typed (names,
links, services, notes) is escaped: the document is HTML."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from smmdesk.ledger import Statement
from ui.format import format_charge


def _tr(text: str) -> str:
    return QCoreApplication.translate("Statement", text)


def statement_words() -> dict[str, str]:
    """The headings of a statement (the CSV's and the PDF's) in the person's language."""
    return {
        "date": _tr("Date"), "order": _tr("Order"), "service": _tr("Service"),
        "link": _tr("Link"), "quantity": _tr("Quantity"), "status": _tr("Status"),
        "delivered": _tr("Delivered"), "sell_price": _tr("Sell price"),
        "amount": _tr("Amount"), "payment": _tr("Payment"), "opening": _tr("Owed before"),
        "revenue": _tr("Orders"), "paid": _tr("Paid"), "balance": _tr("Balance due"),
        "customer": _tr("Customer"), "currency": _tr("Currency"), "period": _tr("Period"),
    }


def statement_html(st: Statement, status_text: Callable[[str], str]) -> str:
    w = statement_words()
    cur = st.currency
    locale = QLocale()

    def money(v: Decimal) -> str:
        return html.escape(format_charge(v, cur))

    def day(at: datetime) -> str:
        d = at.astimezone().date()
        return html.escape(locale.toString(QDate(d.year, d.month, d.day),
                                           QLocale.FormatType.ShortFormat))

    period = " – ".join(day(x) if x is not None else "…" for x in (st.since, st.until))
    rows = "".join(
        f"<tr><td>{day(ln.at)}</td><td>{ln.order_id}</td><td>{html.escape(ln.service)}</td>"
        f"<td>{html.escape(ln.link or '')}</td><td align='right'>{ln.quantity or ''}</td>"
        f"<td>{html.escape(status_text(ln.status))}</td>"
        f"<td align='right'>{'' if ln.delivered is None else ln.delivered}</td>"
        f"<td align='right'>{money(ln.amount)}</td></tr>" for ln in st.lines)
    pays = "".join(
        f"<tr><td>{day(p.at)}</td><td colspan='6'>{html.escape(w['payment'])} "
        f"{html.escape(p.note or '')}</td><td align='right'>{money(-p.amount)}</td></tr>"
        for p in st.payments)
    head = "".join(f"<th>{html.escape(w[k])}</th>" for k in (
        "date", "order", "service", "link", "quantity", "status", "delivered", "amount"))
    totals = "".join(f"<tr><td>{html.escape(w[k])}</td><td align='right'>{money(v)}</td></tr>"
                     for k, v in (("opening", st.opening_balance), ("revenue", st.revenue),
                                  ("paid", st.paid), ("balance", st.balance_due)))
    return (f"<h2>{html.escape(st.customer.name)}</h2>"
            f"<p>{html.escape(w['period'])}: {period}</p>"
            f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
            f"<tr>{head}</tr>{rows}{pays}</table><br/>"
            f"<table cellpadding='3'>{totals}</table>")


def write_statement_pdf(path: str | Path, st: Statement,
                        status_text: Callable[[str], str] = str) -> Path:
    """Write the statement as an A4 PDF to ``path`` (written whole, then renamed)."""
    target = Path(path)
    part = target.with_name(target.name + ".part")
    writer = QPdfWriter(str(part))
    writer.setTitle(st.customer.name)
    writer.setCreator("SMM Desk")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15),
                                     QPageLayout.Unit.Millimeter))
    doc = QTextDocument()
    doc.setHtml(statement_html(st, status_text))
    doc.print_(writer)
    del writer  # the file is finished when the writer goes
    part.replace(target)
    return target
