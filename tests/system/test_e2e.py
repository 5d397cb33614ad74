"""End to end: the real app (``python main.py``, a separate process) on an X server of its own,
driven through the demo with real input events (xdotool -> XTEST): search, pick a service, fill
the order form, confirm, and find the order in the history, in the database and on the screen.

Nothing here talks to the app except the X server: its state is read from its log
(``<data dir>/logs/smmdesk.log``), its SQLite file (read-only while it runs) and, after it has
quit, through ``Workspace``. Every wait is bounded and says what it waited for; the only sleeps
are short polling intervals while another process works.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pytest

from smmdesk.demo.server import PanelSimulator
from tests.system.e2e_support import CONFIRM_TITLE, SEARCH, quit_with_ctrl_q, running_app, wait_for
from tests.xvfb_support import SCREEN

TURKISH_SEARCH = "TÜRK TAKİPÇİ"  # upper case, dotted İ: must find "Türk Takipçi" (issue 12)
LINK = "https://instagram.com/smmdesk.e2e"
QUANTITY = 1500
DECIMAL_QUANTITY = "150.5"  # must be kept and refused, never read as 1505 (issue 12)

pytestmark = pytest.mark.xvfb

def dollars(amount: Decimal) -> str:
    """US dollars as the app's English screens write a charge: cents and up to two more
    decimals the amount has (half-even), grouped; below a cent, two significant digits.
    Written out here, not taken from ui.format."""
    places = 4
    if amount < Decimal("0.01"):
        places = min(8, max(places, -amount.adjusted() + 1))
    shown = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN).normalize()
    decimals = max(2, min(places, -shown.as_tuple().exponent))  # type: ignore[operator]
    return f"${shown.quantize(Decimal(1).scaleb(-decimals)):,}"


# ------------------------------------------------------------------------------------ helpers
def image_facts(png: Path) -> tuple[int, int, int, float]:
    """Width, height, distinct colours and the standard deviation of the pixels (0 = one colour)."""
    out = subprocess.run(
        ["identify", "-format", "%w %h %k %[fx:standard_deviation]", str(png)],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout.split()
    return int(out[0]), int(out[1]), int(out[2]), float(out[3])


def differing_pixels(a: Path, b: Path) -> int:
    out = subprocess.run(
        ["compare", "-metric", "AE", "-fuzz", "2%", str(a), str(b), "null:"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    text = (out.stderr or out.stdout).strip().split()[0]
    return int(float(text))


def assert_not_blank(png: Path) -> None:
    width, height, colours, spread = image_facts(png)
    assert (width, height) == SCREEN, f"{png.name}: {width}x{height}, expected {SCREEN}"
    assert colours > 200, f"{png.name} looks blank: only {colours} distinct colours"
    assert spread > 0.05, f"{png.name} is (nearly) a single colour (deviation {spread:.3f})"


# ------------------------------------------------------------------------------------ the test
def test_demo_order_end_to_end(xserver: str, tmp_path: Path) -> None:
    with running_app(xserver, tmp_path, "--demo") as running:
        x, app, data, shots = running.x, running.proc, running.data, running.x.shots
        log_text, log_tail = running.log.text, running.log.tail
        # -- the window, on the demo panel's 500 services
        wait_for(lambda: "services shown: 500 rows" in log_text(), 90, "the demo's services",
                 app, log_tail)
        out = subprocess.run(
            ["xdotool", "search", "--sync", "--onlyvisible", "--name", "SMM Desk"],
            env=x.env, capture_output=True, text=True, timeout=30, check=False,
        ).stdout.split()
        windows = [w for w in out if x.geometry(w)[2] > 200]
        assert windows, "no SMM Desk window on the X server"
        wid = windows[0]
        # No window manager: place the window over the whole screen ourselves.
        x.run("xdotool", "windowmove", "--sync", wid, "0", "0")
        x.run("xdotool", "windowsize", "--sync", wid, str(SCREEN[0]), str(SCREEN[1]))
        wait_for(lambda: x.geometry(wid)[2:] == SCREEN, 10, "the window to fill the screen", app)
        x.focus(wid)
        x.settled(None, 20, "the first paint", app)

        # -- the empty history, to compare with later
        x.key("ctrl+3")
        x.settled(None, 20, "the Orders page (empty)", app)
        empty_orders = x.screenshot("orders-empty")

        # -- Ctrl+F and a Turkish upper-case search, pasted: it finds the Turkish services
        x.key("ctrl+f")
        x.paste(TURKISH_SEARCH)
        turkish_re = re.compile(r"filter applied \('(T[^']*)'\): (\d+) of 500 rows")
        found = wait_for(lambda: [f for f in turkish_re.findall(log_text())
                                  if f[0] == TURKISH_SEARCH], 20,
                         "the Turkish search to filter the table", app, log_tail)
        x.release_clipboard()
        typed_query, turkish_shown = found[-1][0], int(found[-1][1])  # type: ignore[index]
        assert 0 < turkish_shown < 500, f"“{typed_query}” shows {turkish_shown} services"
        x.settled(None, 20, "the table filtered by the Turkish search", app)
        x.screenshot("services-search-turkish")

        # -- then a search typed over it into the services table's filter
        x.key("ctrl+a")
        x.type(SEARCH)
        pattern = re.compile(rf"filter applied \('{SEARCH}'\): (\d+) of 500 rows")
        shown = wait_for(lambda: [int(n) for n in pattern.findall(log_text())], 20,
                         "the typed search to filter the table", app, log_tail)
        assert 0 < shown[-1] < 500, f"the search shows {shown[-1]} of 500 services"
        searched = x.settled(None, 20, "the filtered table", app)
        x.screenshot("services-search")

        # -- pick the first match: Tab from the search through the filters into the table
        # (search -> category -> type -> favourites -> table), Enter opens the order form.
        x.key("Tab", "Tab", "Tab", "Tab", "Return")
        x.settled(searched, 20, "the order form for the picked service", app)
        form_empty = x.screenshot("order-form")

        # -- fill it: the form puts the cursor in Link; Tab goes on to Quantity. A decimal
        # quantity first: kept as typed and refused ("whole numbers only"), never changed.
        x.type(LINK)
        x.key("Tab")
        x.type(DECIMAL_QUANTITY)
        refusal = f"order form refuses Quantity takes whole numbers only; “{DECIMAL_QUANTITY}”"
        wait_for(lambda: refusal in log_text(), 20, "the decimal quantity to be refused", app,
                 log_tail)
        x.settled(None, 20, "the refused quantity", app)
        x.screenshot("order-form-decimal-refused")
        x.key("ctrl+a")
        x.type(str(QUANTITY))
        x.settled(None, 20, "the filled form and its estimate", app)
        filled = x.screenshot("order-form-filled")
        assert differing_pixels(form_empty, filled) > 500, "typing did not reach the form"

        # -- Place order comes after the fields (Runs, Interval: service 1 has drip-feed) and
        # the buttons before it (Schedule…, Compare…), as laid out; Enter presses it (issue 24),
        # then Enter on the confirmation
        x.key("Tab", "Tab", "Tab", "Tab", "Tab", "Return")
        confirm = wait_for(lambda: x.visible_windows(CONFIRM_TITLE), 20,
                           f"the confirmation box “{CONFIRM_TITLE}”", app,
                           x.evidence("confirmation box"))
        x.focus(confirm[0])  # type: ignore[index]
        x.settled(None, 10, "the confirmation box", app)
        x.screenshot("confirm")
        # What the box says, read off it (Ctrl+C copies its text): the price the person saw.
        x.key("ctrl+c")
        confirmation = wait_for(lambda: x.clipboard(), 20, "the confirmation's text", app)
        x.key("Return")
        placed_re = re.compile(r"order (\d+) placed on panel \S+ as #(\d+)")
        placed = wait_for(lambda: placed_re.findall(log_text()), 30, "the order to be placed",
                          app, log_tail)
        local_id, remote_id = (int(v) for v in placed[0])  # type: ignore[index]
        assert len(placed) == 1, f"more than one order placed: {placed}"  # type: ignore[arg-type]
        wait_for(lambda: not x.visible_windows(CONFIRM_TITLE), 10, "the box to close", app)

        # -- the order, in the database the app writes (read-only while it runs)
        row = running.query("SELECT service_id, link, quantity, remote_id, submit_state"
                            " FROM orders WHERE id = ?", local_id)
        assert row is not None, "the placed order is not in the database"
        assert row[:4] == (1, LINK, QUANTITY, remote_id), row
        assert row[4].lower() == "placed", row

        # -- ... and in the history: Ctrl+3 shows the Orders page with the new order selected;
        # Ctrl+C there copies the selected order's ID. Tab on until the focus is inside the
        # page (from wherever the closed box left it) and the copy is that order's.
        x.focus(wid)  # the closed box took the X input focus with it
        x.key("ctrl+3")
        x.settled(None, 20, "the Orders page with the new order", app)
        orders = x.screenshot("orders")
        copied = ""
        for _ in range(15):
            x.key("ctrl+c")
            copied = x.clipboard()
            if copied == str(remote_id):
                break
            x.key("Tab")
        assert copied == str(remote_id), f"the Orders page did not give #{remote_id}: {copied!r}"
        for png in (empty_orders, filled, orders):
            assert_not_blank(png)

        # -- quit like a person: Ctrl+Q
        quit_with_ctrl_q(x, app)
        print(f"e2e: the app ran {time.monotonic() - running.started:.1f} s; screens in {shots}")
    assert "already deleted" not in running.output_text(), running.output_text()

    # -- after the app has quit: the same order through the core's own API
    from smmdesk.models import SubmitState
    from smmdesk.textnorm import fold, matches
    from smmdesk.workspace import Workspace

    ws = Workspace(data)
    try:
        orders_now = ws.orders()
        assert [o.id for o in orders_now] == [local_id]
        order = orders_now[0]
        panel = ws.panel(order.panel_id)
        services = ws.services(order.panel_id)
    finally:
        ws.close()
    assert panel.is_demo
    # the Turkish search showed exactly the services whose folded text holds both words
    assert fold(typed_query) == fold(TURKISH_SEARCH) == "turk takipci"
    expected = [s for s in services
                if matches(TURKISH_SEARCH, f"{s.service.id} {fold(s.service.name)} "
                                           f"{fold(s.service.category)}")]
    assert expected and turkish_shown == len(expected), (turkish_shown, len(expected))
    assert all("Takipçi" in s.service.name or "Takipçi" in s.service.category
               for s in expected)
    assert order.submit_state is SubmitState.PLACED
    assert (order.service_id, order.link, order.quantity, order.remote_id) == (
        1, LINK, QUANTITY, remote_id,
    )
    assert order.fields.get("link") == LINK and str(order.fields.get("quantity")) == str(QUANTITY)
    # The confirmation, word for word, with the price worked out here from the panel's rate.
    rate = Decimal(next(s["rate"] for s in PanelSimulator(services=500, key="k" * 20).catalogue
                        if int(s["service"]) == order.service_id))
    service = next(r.service for r in services if r.service.id == order.service_id)
    assert confirmation == (
        f"Panel: Demo panel\nService: #{service.id} {service.name}\nLink: {LINK}\n"
        f"Quantity: {QUANTITY:,}\n"
        f"Price: {dollars(rate * QUANTITY / 1000)} (estimate; the panel charges its own amount)")


def test_demo_subscription_total_shown_is_what_the_panel_charged(xserver: str,
                                                                  tmp_path: Path) -> None:
    """A subscription through the real app: the total it was shown for the posts entered (posts
    × max, issue 17) is exactly what the demo panel took from the balance."""
    search, posts, low, high = "Telegram Auto Post Views", 10, 100, 200
    with running_app(xserver, tmp_path, "--demo") as running:
        x, app, data = running.x, running.proc, running.data
        log_text, log_tail = running.log.text, running.log.tail
        wait_for(lambda: "services shown: 500 rows" in log_text(), 90, "the demo's services",
                 app, log_tail)
        out = subprocess.run(
            ["xdotool", "search", "--sync", "--onlyvisible", "--name", "SMM Desk"],
            env=x.env, capture_output=True, text=True, timeout=30, check=False,
        ).stdout.split()
        wid = next(w for w in out if x.geometry(w)[2] > 200)
        x.run("xdotool", "windowmove", "--sync", wid, "0", "0")
        x.run("xdotool", "windowsize", "--sync", wid, str(SCREEN[0]), str(SCREEN[1]))
        x.focus(wid)
        x.settled(None, 20, "the first paint", app)
        x.key("ctrl+f")
        x.type(search)
        pattern = re.compile(rf"filter applied \('{search}'\): (\d+) of 500 rows")
        wait_for(lambda: pattern.findall(log_text()), 20, "the search", app, log_tail)
        searched = x.settled(None, 20, "the filtered table", app)
        x.key("Tab", "Tab", "Tab", "Tab", "Return")
        x.settled(searched, 20, "the subscription's order form", app)
        # username, min, max, new posts; Ctrl+Enter places from any field
        x.type("smmdesk_e2e")
        x.key("Tab")
        x.type(str(low))
        x.key("Tab")
        x.type(str(high))
        x.key("Tab")
        x.type(str(posts))
        x.settled(None, 20, "the filled subscription form", app)
        x.screenshot("subscription-filled")
        x.key("ctrl+Return")
        confirm = wait_for(lambda: x.visible_windows(CONFIRM_TITLE), 20, "the confirmation box",
                           app, x.evidence("subscription confirmation"))
        x.focus(confirm[0])  # type: ignore[index]
        x.settled(None, 10, "the confirmation box", app)
        x.screenshot("subscription-confirm")
        x.key("ctrl+c")  # the box's text, as shown: the total read off the screen
        confirmation = wait_for(lambda: x.clipboard(), 20, "the confirmation's text", app)
        x.key("Return")
        placed_re = re.compile(r"order (\d+) placed on panel \S+ as #(\d+)")
        placed = wait_for(lambda: placed_re.findall(log_text()), 30, "the subscription order",
                          app, log_tail)
        remote_id = int(placed[0][1])  # type: ignore[index]
        shown = re.findall(r"^Price: up to \$([\d,.]+) for (\d+) posts \(\$([\d.]+) per post\) "
                           r"\(estimate; the panel charges its own amount\)$",
                           str(confirmation), re.MULTILINE)
        assert len(shown) == 1, confirmation
        x.focus(wid)
        quit_with_ctrl_q(x, app)

    total = Decimal(shown[0][0].replace(",", ""))
    assert int(shown[0][1]) == posts
    state = json.loads((data / "demo-panel.json").read_text())
    charged = next(o for o in state["orders"] if o["id"] == remote_id)
    service_id = int(re.search(r"^Service: #(\d+) ", str(confirmation), re.MULTILINE)[1])
    rate = Decimal(next(s["rate"] for s in PanelSimulator(services=500, key="k" * 20).catalogue
                        if int(s["service"]) == service_id))
    exact = rate * high * posts / 1000  # posts × max, not one post's price
    assert f"${shown[0][0]}" == dollars(exact) and f"${shown[0][2]}" == dollars(rate * high / 1000)
    assert Decimal(charged["charge"]) == exact  # what the panel took is what was shown
    assert abs(total - exact) < Decimal("0.005")  # (shown in cents)
    assert charged["quantity"] == high * posts
    row = running.query("SELECT quantity, charge_estimate FROM orders WHERE remote_id = ?",
                        remote_id)
    assert row is not None
    quantity, estimate = row
    assert quantity == high * posts and Decimal(estimate) == exact


def test_keyboard_only_newcomer_path(xserver: str, tmp_path: Path) -> None:
    """Issue 24: the newcomer's first order with the keyboard alone, on a window manager (focus
    as on a desktop): the demo from the welcome page, a search, the order, the order in Orders,
    the Scheduled and Alerts pages, and a refill from the Orders menu. After every step the
    focus is where the next step is: the app logs each focus change (SMMDESK_LOG_FOCUS=1,
    object names only) and the test reads the last one."""
    with running_app(xserver, tmp_path, focus_log=True, window_manager_too=True) as running:
        x, app, applog = running.x, running.proc, running.log
        log_tail, focus_on = applog.tail, applog.focus_on

        def refills(local_id: int) -> int:
            row = running.query("SELECT COUNT(*) FROM refills WHERE order_id = ?", local_id)
            return int(row[0]) if row else 0

        applog.demo_order_form()

        # -- fill it; Tab through the fields and the buttons to Place order; Enter
        x.type(LINK)
        x.key("Tab")
        focus_on("quantity", "Tab to Quantity")
        x.type("100")
        for name in ("runs", "interval", "schedule", "compare_button", "place"):
            x.key("Tab")
            focus_on(name, f"Tab to {name} in the form's order")
        local_id = applog.place_and_confirm(screenshot="keyboard-confirm")
        x.screenshot("keyboard-placed")

        # -- find it in Orders: Enter on Show in history selects its row
        x.key("Return")
        focus_on("history_table", "the order's row on the Orders page")

        # -- the Scheduled and Alerts pages, by their shortcuts, and back to Orders
        x.key("ctrl+5")
        focus_on("schedules_view/", "Ctrl+5: the Scheduled page")
        x.key("ctrl+6")
        focus_on("alerts_view/", "Ctrl+6: the Alerts page")
        x.key("ctrl+3")
        focus_on("history_table", "Ctrl+3: back to the order on the Orders page")

        # -- the demo completes the order within seconds (its clock runs 30× faster);
        # F5 checks the statuses, then the Orders menu (Alt+O) and Refill (R)
        running.refresh_until(local_id, ("completed",), 60)
        focus_on("history_table", "F5 leaves the focus on the order")
        x.key("alt+o")
        x.key("r")
        wait_for(lambda: refills(local_id) == 1, 30, "the refill from the Orders menu",
                 app, log_tail)
        focus_on("history_table", "the menu closed: the focus back on the order")
        x.screenshot("keyboard-refilled")

        quit_with_ctrl_q(x, app)
