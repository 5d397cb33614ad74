"""The Orders page's details pane: everything about the selected order — what was sent to the
panel (never a key), its status history with the panel's own words in tooltips, its refills.
The order's context is read on a worker (``load_context``); the pane only renders it."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from smmdesk.history import status_key
from smmdesk.models import LocalOrder, Panel, Service
from smmdesk.textnorm import display_text, isolate, shorten
from ui.core_text import core_text, outcome_text
from ui.format import format_charge
from ui.orders.model import STATUS_TEXT, format_when, status_text, type_label

if TYPE_CHECKING:
    from smmdesk.workspace import Workspace

QT_TRANSLATE_NOOP = lambda context, text: text  # noqa: E731 - marker for lupdate

PLACED_EVENT = QT_TRANSLATE_NOOP("OrderDetails", "Placed")
SENSITIVE_FIELDS = frozenset({"key", "api_key", "apikey", "token", "password"})


def state_label(value: str) -> str:
    """An order or submit state value ("pending", "placed"…) as the history shows it."""
    if value in STATUS_TEXT:
        return QCoreApplication.translate("HistoryModel", STATUS_TEXT[value])
    if value == "placed":
        return QCoreApplication.translate("OrderDetails", PLACED_EVENT)
    return value


@dataclass
class OrderContext:
    order: LocalOrder
    panel: Panel | None
    service: Service | None
    events: list[Any]
    refills: list[Any]


def load_context(workspace: Workspace, local_id: int) -> OrderContext:
    """Worker: the order with its panel, service, events and refills."""
    order = workspace.order(local_id)
    try:
        panel: Panel | None = workspace.panel(order.panel_id)
    except KeyError:  # removed: its orders stay in the history
        panel = None
    service = workspace.service(order.panel_id, order.service_id) if order.service_id else None
    return OrderContext(order, panel, service, workspace.order_events(local_id),
                        workspace.order_refills(local_id))


class OrderDetails(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_details")
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)
        self.anchorClicked.connect(QDesktopServices.openUrl)
        self.setMinimumWidth(280)
        self.setAccessibleName(self.tr("Order details"))
        # The reseller's books (set by the page): a customer's name, the home currency.
        self.customer_name: Callable[[int | None], str] = lambda cid: ""
        self.home_currency: Callable[[], str | None] = lambda: None
        self.show_none()

    def show_none(self) -> None:
        self.setHtml(
            "<p style='color:#888'>" + html.escape(self.tr(
                "Select an order to see everything that was sent, its status history and "
                "refills.")) + "</p>")

    def show_order(self, ctx: OrderContext, panel_name: str) -> None:
        """Everything about ``ctx.order``: what was sent, its status history, its refills."""
        o = ctx.order
        e = html.escape
        loc = self.locale()
        panel_name = isolate(shorten(ctx.panel.name if ctx.panel else panel_name, 80))
        title = (f"#{o.remote_id}" if o.remote_id is not None
                 else self.tr("Local order %1").replace("%1", str(o.id)))
        color = {"completed": "#1e9e58", "partial": "#d9822b", "canceled": "#8a8f98"}.get(
            o.state.value, "#2d7dd2")
        if status_key(o) in ("uncertain", "rejected", "not_found", "failed"):
            color = "#d64545"
        elif status_key(o) == "not_sent":
            color = "#d9822b"
        service_name = display_text(o.service_name) or self.tr("tracked order")
        parts = [
            f"<h3 style='margin-bottom:2px'>{e(title)} · {e(service_name)}</h3>",
            f"<p style='margin-top:0'><b style='color:{color}'>{e(status_text(o))}</b>"
            f" · {e(panel_name)}</p>",
        ]
        rows: list[tuple[str, str]] = [
            (self.tr("Placed"), format_when(o.created_at, loc)),
            (self.tr("Updated"), format_when(o.updated_at, loc)),
            (self.tr("Service"), f"#{o.service_id} {o.service_name}" if o.service_id else ""),
            (self.tr("Type"), type_label(o.service_type)),
            (self.tr("Quantity"), "" if o.quantity is None else loc.toString(int(o.quantity))),
            (self.tr("Charge"), format_charge(o.charge, o.currency, loc)),
            (self.tr("Estimate"), format_charge(o.charge_estimate, o.currency, loc)),
            (self.tr("Start count"), "" if o.start_count is None else str(o.start_count)),
            (self.tr("Remains"), "" if o.remains is None else str(o.remains)),
            (self.tr("Panel status"), state_label(o.state.value) if o.raw_status else ""),
            (self.tr("Drip-feed"), self.tr("%1 runs every %2 min").replace(
                "%1", str(o.runs)).replace("%2", str(o.interval or 0)) if o.runs else ""),
            (self.tr("Problem"), outcome_text(o)),
            (self.tr("Customer"), self.customer_name(o.customer_id)),
            (self.tr("Sell price"), format_charge(o.sell_price, self.home_currency(), loc)),
            (self.tr("Profit"), format_charge(o.profit_home, self.home_currency(), loc)),
        ]
        tips = {self.tr("Type"): o.service_type, self.tr("Panel status"): o.raw_status or ""}
        parts.append(self._table_html([(k, v) for k, v in rows if v], tips=tips))
        if o.link:
            url = o.link if o.link.lower().startswith(("http://", "https://")) else None
            link_html = (f"<a href='{e(url, quote=True)}'>{e(o.link)}</a>" if url else e(o.link))
            parts.insert(2, f"<p>{link_html}</p>")
        sent = {k: v for k, v in (o.fields or {}).items() if k.lower() not in SENSITIVE_FIELDS}
        sent_title = self.tr("Sent to the panel")
        parts.append(f"<h4>{e(sent_title)}</h4>")
        if sent:
            parts.append(self._table_html([(k, str(v)) for k, v in sorted(sent.items())],
                                          mono=True))
        else:
            nothing_sent = self.tr("Nothing: tracked by ID.")
            parts.append(f"<p style='color:#888'>{e(nothing_sent)}</p>")
        history_title = self.tr("Status history")
        parts.append(f"<h4>{e(history_title)}</h4>")
        if ctx.events:
            items = []
            for ev in ctx.events:
                what = []
                if ev.submit_state is not None:
                    what.append(state_label(ev.submit_state.value))
                what = [e(w) for w in what]
                if ev.state is not None:  # translated; the panel's own word in the tooltip
                    label = e(state_label(ev.state.value))
                    what.append(f"<span title='{e(ev.raw_status, quote=True)}'>{label}</span>"
                                if ev.raw_status else label)
                if ev.remains is not None:
                    what.append(e(self.tr("remains %1").replace("%1", str(ev.remains))))
                if ev.note:
                    what.append(e(core_text(ev.note)))
                items.append(
                    f"<tr><td style='color:#888;padding-right:8px;white-space:nowrap'>"
                    f"{e(format_when(ev.at, loc))}</td><td>● {' · '.join(what)}</td></tr>")
            parts.append("<table cellspacing='2'>" + "".join(items) + "</table>")
        else:
            no_history = self.tr("No history yet.")
            parts.append(f"<p style='color:#888'>{e(no_history)}</p>")
        refills_title = self.tr("Refills")
        parts.append(f"<h4>{e(refills_title)}</h4>")
        if ctx.refills:
            rows = []
            for r in ctx.refills:
                label = f"#{r.remote_id}" if r.remote_id else self.tr("refused")
                state = r.raw_status or r.state or ""
                rows.append((label, " · ".join(x for x in (
                    state, format_when(r.requested_at, loc), r.error or "") if x)))
            parts.append(self._table_html(rows))
        else:
            no_refills = self.tr("None requested.")
            parts.append(f"<p style='color:#888'>{e(no_refills)}</p>")
        self.setHtml("".join(parts))

    @staticmethod
    def _table_html(rows: list[tuple[str, str]], *, mono: bool = False,
                    tips: dict[str, str] | None = None) -> str:
        e = html.escape
        style = " style='font-family:monospace'" if mono else ""

        def cell(k: str, v: str) -> str:
            # A list field sent as lines (comments, usernames…) shows as lines, not one run.
            text = "<br>".join(e(line) for line in v.splitlines()) or e(v)
            tip = (tips or {}).get(k)
            if tip and tip != v:  # e.g. the panel's own word for a translated status
                text = f"<span title='{e(tip, quote=True)}'>{text}</span>"
            return f"<td{style}>{text}</td>"

        body = "".join(
            f"<tr><td style='color:#888;padding-right:10px;white-space:nowrap'>{e(k)}</td>"
            f"{cell(k, v)}</tr>" for k, v in rows)
        return f"<table cellspacing='1'>{body}</table>"
