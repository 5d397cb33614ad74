"""What the order form says about money and amounts, by the service's type: the service's line
(rate, limits), the quantity ("1,000 × 5 runs = 5,000"), the estimated charge, the balance after
the order, the confirmation's price line. Pure functions over the service and the typed values
(context "OrderForm" for the translations: the form's own words)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication

from smmdesk import servicetypes
from smmdesk.models import Balance, Panel, Service
from smmdesk.schedules import Schedule, total_runs
from smmdesk.servicetypes import FieldKind, ValidationError
from smmdesk.textnorm import display_text, isolate, shorten
from ui.format import (
    format_age,
    format_average_time,
    format_charge,
    format_exact,
    format_money,
    ntr,
)
from ui.order_form.fields import plain_number, typed_number
from ui.orders.model import format_when


def _tr(text: str) -> str:
    return QCoreApplication.translate("OrderForm", text)


def meta_text(service: Service, type_name: str, currency: str | None) -> str:
    """#id · type · category · the rate · limits · refill/cancel/drip-feed · average time."""
    price = format_money(service.rate, currency)
    st, _ = servicetypes.type_of(service)
    if st.package:
        rate = _tr("%1 per package").replace("%1", price)
    else:
        rate = _tr("%1 per 1,000").replace("%1", price)
    parts = [f"#{service.id}", type_name, display_text(service.category), rate]
    if not st.package:
        parts.append(_tr("min %1, max %2").replace("%1", plain_number(service.min))
                     .replace("%2", plain_number(service.max)))
    flags = [(service.refill, _tr("Refill")), (service.cancel, _tr("Cancel")),
             (service.dripfeed, _tr("Drip-feed"))]
    parts.extend(text for on, text in flags if on)
    if service.average_time:
        parts.append(_tr("average time %1").replace(
            "%1", format_average_time(service.average_time)))
    return " · ".join(p for p in parts if p)



def quantity_text(service: Service, values: Mapping[str, Any]) -> str:
    """"1,000", "1,000 × 5 runs = 5,000", "1 package", "100 to 500 per post"."""
    st, _ = servicetypes.type_of(service)
    if st.package:
        return _tr("1 package")
    if st.key == "subscriptions":
        low, high = values.get("min") or "?", values.get("max") or "?"
        text = _tr("%1 to %2 per post").replace("%1", typed_number(low)).replace(
            "%2", typed_number(high))
        posts = values.get("posts")
        if posts:
            text += " · " + _tr("%1 new posts").replace("%1", typed_number(posts))
        return text
    quantity = servicetypes.quantity_of(service, values)
    total = servicetypes.total_quantity(service, values)
    if quantity is None:
        return ""
    if total is not None and total != quantity and quantity:
        runs = total // quantity
        return (_tr("%1 × %2 runs = %3").replace("%1", plain_number(quantity))
                .replace("%2", plain_number(runs)).replace("%3", plain_number(total)))
    return plain_number(quantity)



def estimate_text(service: Service, values: Mapping[str, Any], currency: str | None) -> str:
    """"Estimated charge: $1.23 (quantity 1,000)" and its kin, by the service's type."""
    st, _ = servicetypes.type_of(service)
    amount = servicetypes.estimate(service, values)
    qty = quantity_text(service, values)
    if st.package:
        text = _tr("Estimated charge: %1 (one package)").replace(
            "%1", format_charge(amount, currency))
    elif st.key == "subscriptions":
        text = subscription_price(service, values, _tr("Estimated charge: %1"), currency)
    elif amount or qty:
        spec = st.field(st.quantity_from or "")
        if spec is not None and spec.kind is FieldKind.LIST:  # "(3 lines)"
            count = servicetypes.quantity_of(service, values) or 0
            unit = ntr("order_form", "%n line(s)", count).replace("%n", plain_number(count))
            if qty != plain_number(count):
                unit = qty
        else:  # "(quantity 3)", "(quantity 1,000 × 5 runs = 5,000)"
            unit = _tr("quantity %1").replace("%1", qty or "0")
        text = _tr("Estimated charge: %1 (%2)").replace(
            "%1", format_charge(amount, currency)).replace("%2", unit)
    else:
        text = _tr("Estimated charge: enter the quantity to see the price")
    return text


def balance_texts(balance: tuple[Balance, datetime] | None, amount: Decimal
                  ) -> tuple[str, str, str]:
    """(what is left after this order, its exact figure, the low-balance warning or "")."""
    if balance is None:
        return _tr("Balance unknown: refresh the panel to see it before ordering."), "", ""
    bal, when = balance
    after = bal.amount - amount
    text = (_tr("Balance after this order: %1 (balance %2, checked %3)")
            .replace("%1", format_charge(after, bal.currency))
            .replace("%2", format_charge(bal.amount, bal.currency))
            .replace("%3", format_age(when)))
    tip = (_tr("Exactly %1 (balance %2)").replace("%1", format_exact(after, bal.currency))
           .replace("%2", format_exact(bal.amount, bal.currency)))
    low = _tr("Your last known balance is lower than this order's estimated charge. Top up "
              "on the panel's website first, or the panel will refuse it.") if after < 0 else ""
    return text, tip, low


def subscription_price(service: Service, values: Mapping[str, Any], template: str,
                       currency: str | None) -> str:
    """A subscription's price: the total for the posts entered (posts × max, what the
    panel charges) with the per-post figure beside it; per post only without posts."""
    per_post = servicetypes.per_post_estimate(service, values) or Decimal(0)
    posts = servicetypes.posts_of(service, values)
    if posts is None:
        price = _tr("up to %1 per post (enter the new posts to see the total)").replace(
            "%1", format_charge(per_post, currency))
    else:
        price = (ntr("order_form", "up to %1 for %n post(s) (%2 per post)", posts)
                 .replace("%n", plain_number(posts))
                 .replace("%1", format_charge(servicetypes.estimate(service, values),
                                             currency))
                 .replace("%2", format_charge(per_post, currency)))
    return template.replace("%1", price)


def price_line(service: Service, values: Mapping[str, Any], currency: str | None) -> str:
    """The confirmation's price line (an estimate: the panel charges its own amount)."""
    template = _tr("Price: %1 (estimate; the panel charges its own amount)")
    if servicetypes.type_of(service)[0].key == "subscriptions":
        return subscription_price(service, values, template, currency)
    return template.replace(
        "%1", format_charge(servicetypes.estimate(service, values), currency))



def summary_text(service: Service, panel: Panel | None, values: Mapping[str, Any],
                 currency: str | None) -> str:
    """The confirmation text: panel, service, link, quantity and price."""
    try:
        form = servicetypes.payload(service, values)
    except ValidationError:
        form = {}
    link = servicetypes.link_of(form) or ""
    link_label = _tr("Link") if "link" in form else _tr("Username")
    lines = [
        _tr("Panel: %1").replace("%1", isolate(shorten(panel.name, 80)) if panel else "?"),
        _tr("Service: #%1 %2").replace("%1", str(service.id)).replace(
            "%2", display_text(service.name)),
        f"{link_label}: {link}",
        _tr("Quantity: %1").replace("%1", quantity_text(service, values)),
        price_line(service, values, currency),
    ]
    return "\n".join(lines)


def scheduled_text(schedule: Schedule) -> str:
    """A schedule saved: when the first order goes out, how many, and that the app places them."""
    first = schedule.next_run or schedule.first_run
    text = _tr("Scheduled: the first order goes out on %1.").replace("%1", format_when(first))
    runs = total_runs(schedule.timing) if schedule.first_run is not None else 1
    if runs is None:
        text += " " + _tr("It repeats until you pause or delete it.")
    elif runs > 1:
        text += " " + ntr("order_form", "%n order(s) in all.", runs).replace(
            "%n", plain_number(runs))
    text += " " + _tr("SMM Desk places them while it runs (in the tray too).")
    return text
