"""End to end, the reseller's books (issue 26): the real app on an X server of its own, driven
with the keyboard (xdotool -> XTEST) on a window manager: a customer and a price rule in the
data, the demo panel, an order for the customer whose sell price the rule fills in, the demo
completing it, its profit on the Orders page and the Reports page, and the customer's statement
saved as a PDF that opens and holds the customer's name.

The app's state is read from its log (focus changes by object name, SMMDESK_LOG_FOCUS=1), its
SQLite file (read-only while it runs) and, after it has quit, through ``Workspace``."""

from __future__ import annotations

import re
import time
from decimal import Decimal
from pathlib import Path

import pytest

from tests.system.e2e_support import (
    FINISHED,
    quit_with_ctrl_q,
    running_app,
)
from tests.xvfb_support import wait_for

CUSTOMER = "Ayşe Yılmaz"
LINK = "https://instagram.com/smmdesk.books"
MARKUP = Decimal(50)

pytestmark = pytest.mark.xvfb


def test_a_sale_from_the_order_form_to_the_statement(xserver: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    from smmdesk.workspace import Workspace

    with Workspace(data) as ws:  # the books the person keeps: a customer and a rule
        customer_id = ws.add_customer(CUSTOMER, contact="@ayse").id
        ws.set_price_rule(MARKUP)
    pdf = tmp_path / "statement.pdf"
    with running_app(xserver, tmp_path, focus_log=True, window_manager_too=True) as running:
        x, app, applog = running.x, running.proc, running.log
        log_text, log_tail, focus_on = applog.text, applog.tail, applog.focus_on
        # -- the demo panel from the welcome page, a service, its order form; the sale
        # box is there: a customer exists
        applog.demo_order_form()
        x.type(LINK)
        x.key("Tab")
        focus_on("quantity", "Tab to Quantity")
        x.type("1000")
        for name in ("runs", "interval", "sale_customer"):
            x.key("Tab")
            focus_on(name, f"Tab to {name} in the form's order")
        # -- the customer: the rule fills in the sell price
        x.key("Down")
        priced = re.compile(rf"sale priced: customer {customer_id}, the rules' price "
                            r"(\d+\.\d\d)")
        found = wait_for(lambda: priced.findall(log_text()), 20, "the rule's sell price",
                         app, log_tail)
        rule_price = Decimal(found[-1])  # type: ignore[index]
        x.screenshot("books-order-form")
        for name in ("sale_price", "schedule", "compare_button", "place"):
            x.key("Tab")
            focus_on(name, f"Tab to {name} in the form's order")
        local_id = applog.place_and_confirm()

        # -- on the Orders page, with the books' columns; F5 until the demo finishes it
        x.key("Return")
        focus_on("history_table", "the order's row on the Orders page")
        wait_for(lambda: "the books' columns shown" in log_text(), 20,
                 "the Customer, Sell price and Profit columns", app, log_tail)
        running.refresh_until(local_id, FINISHED, 90)
        time.sleep(0.5)  # the row repaints after the sync's write (screenshot only)
        x.screenshot("books-orders-page")

        # -- the Reports page (Ctrl+8): the demo's books, said to be simulated
        x.key("ctrl+8")
        shown = re.compile(r"report shown: by month, 1 row\(s\), revenue (\S+), profit "
                           r"(\S+) \(simulated\)")
        report = wait_for(lambda: shown.findall(log_text()), 30, "the report", app,
                          log_tail)[-1]  # type: ignore[index]
        x.screenshot("books-reports-page")

        # -- the Customers page (Ctrl+7): the statement (Alt+T), as PDF (Alt+P)
        x.key("ctrl+7")
        focus_on("customers_view/", "Ctrl+7: the Customers page")
        x.key("alt+t")
        focus_on("statement_dialog/", "Alt+T: the statement dialog")
        x.key("alt+p")
        wait_for(lambda: x.visible_windows("Save statement"), 20, "the file dialog", app,
                 x.evidence("the file dialog"))
        x.key("ctrl+a")
        x.type(str(pdf))
        x.key("Return")
        wait_for(lambda: "statement saved as PDF: 1 order(s)" in log_text(), 30,
                 "the PDF to be written", app, log_tail)
        focus_on("customers_view/", "the dialog closed: back on the Customers page")
        quit_with_ctrl_q(x, app)

    # -- after the app has quit: the sale, its profit, the report's figures, the PDF
    with Workspace(data) as ws:
        order = ws.order(local_id)
        expected_price = next(r for r in ws.price_rules()).markup_percent
    assert expected_price == MARKUP
    assert order.customer_id == customer_id and order.sell_price == rule_price
    assert order.home_rate == 1 and order.profit_home is not None
    assert Decimal(report[0]) == order.revenue_home
    revenue, cost = order.revenue_home, order.cost_home
    assert revenue is not None and cost is not None
    assert Decimal(report[1]) == (revenue - cost).quantize(Decimal("0.01"))
    data_pdf = pdf.read_bytes()
    assert data_pdf.startswith(b"%PDF") and b"%%EOF" in data_pdf[-64:]
    assert CUSTOMER.encode("utf-16-be") in data_pdf  # its title: the customer's name
