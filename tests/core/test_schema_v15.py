"""Schema v15 (issue 22 follow-up): orders whose ordered quantity an earlier version overwrote
with the panel's ``remains`` (100 ordered showed 157) get it back from what was sent; orders
with no record of the original stay as they are.

The fixture is a v14 data file carrying such rows, written the way versions before the fix
wrote them (the status sync's ``UPDATE … SET quantity = remains``)."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

from smmdesk.models import Panel, Service, SubmitState
from smmdesk.store import DB_NAME, Store, migrations

DEFAULT = Service(1, "Followers", "Default", "Instagram", Decimal("0.9"), 10, 100000)
DRIP = Service(2, "Views drip", "Default", "Instagram", Decimal("0.1"), 10, 100000,
               dripfeed=True)
COMMENTS = Service(3, "Comments", "Custom Comments", "Instagram", Decimal("12.5"), 1, 100)
SUBSCRIPTION = Service(4, "Auto likes", "Subscriptions", "Instagram", Decimal("1"), 10, 5000)


def _placed(s: Store, service: Service, remote: int, fields: dict[str, str],
            quantity: int | None, *, runs: int | None = None) -> int:
    oid = s.orders.insert_submitting(panel_id="p1", service=service, fields=fields,
                                     link=fields.get("link") or fields.get("username"),
                                     quantity=quantity, charge_estimate=None, currency="USD",
                                     runs=runs)
    s.orders.set_submit_result(oid, SubmitState.PLACED, remote_id=remote)
    return oid


def _v14_file_with_overwritten_quantities(data_dir: Path) -> dict[str, int]:
    s = Store(data_dir)
    try:
        s.panels.insert_panel(Panel(id="p1", name="Fixture panel", url="https://panel.example/api/v2"))
        ids = {
            "default": _placed(s, DEFAULT, 501, {"link": "https://instagram.com/a",
                                                 "quantity": "100", "service": "1"}, 100),
            "comments": _placed(s, COMMENTS, 502, {"link": "https://instagram.com/p/x",
                                                   "comments": "nice\ngreat", "service": "3"},
                                2),
            "subscription": _placed(s, SUBSCRIPTION, 503, {
                "username": "someone", "min": "100", "max": "500", "posts": "3",
                "delay": "0", "service": "4"}, 1500),
            "drip": _placed(s, DRIP, 504, {"link": "https://instagram.com/d", "quantity": "100",
                                           "runs": "5", "interval": "30", "service": "2"},
                            100, runs=5),
            "right": _placed(s, DEFAULT, 505, {"link": "https://instagram.com/r",
                                               "quantity": "300", "service": "1"}, 300),
            "tracked": s.orders.bulk_insert_placed("p1", DEFAULT, [(506, "https://instagram.com/t",
                                                                    None)]),  # type: ignore[list-item]
        }
        ids["tracked"] = s.orders.find_by_remote("p1", 506).id  # type: ignore[union-attr]
    finally:
        s.close()
    conn = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)
    migrations.register_functions(conn)  # the triggers of the newest schema call them
    try:
        # What the status sync of versions before the fix wrote: remains over the quantity
        # when the panel reported more remaining (never for drip-feed).
        for key, remains in (("default", 157), ("comments", 5), ("subscription", 2000),
                             ("tracked", 300), ("drip", 400), ("right", 40)):
            conn.execute(
                "UPDATE orders SET remains = ?, quantity = CASE WHEN COALESCE(runs, 1) <= 1 AND "
                "(quantity IS NULL OR quantity < ?) THEN ? ELSE quantity END WHERE id = ?",
                (remains, remains, remains, ids[key]))
        conn.execute("PRAGMA user_version = 14")
    finally:
        conn.close()
    return ids


def test_v15_restores_the_ordered_quantity_where_what_was_sent_holds_it(data_dir: Path):
    ids = _v14_file_with_overwritten_quantities(data_dir)
    conn = sqlite3.connect(data_dir / DB_NAME)
    before = dict(conn.execute("SELECT id, quantity FROM orders").fetchall())
    conn.close()
    assert before[ids["default"]] == 157 and before[ids["subscription"]] == 2000  # the bug

    s = Store(data_dir)
    try:
        assert s.db.schema_version == migrations.SCHEMA_VERSION >= 15
        got = {key: s.orders.get_order(oid) for key, oid in ids.items()}
    finally:
        s.close()
    assert got["default"].quantity == 100 and got["default"].remains == 157
    assert got["comments"].quantity == 2  # two comment lines
    assert got["subscription"].quantity == 1500  # max 500 × 3 posts
    assert got["drip"].quantity == 100 and got["drip"].remains == 400  # never overwritten
    assert got["right"].quantity == 300 and got["right"].remains == 40
    # no record of what was ordered: stays as it is
    assert got["tracked"].quantity == 300


def test_the_quantity_of_what_was_sent_is_the_one_place_order_records():
    assert migrations.ordered_quantity("Default", {"quantity": "100"}) == 100
    assert migrations.ordered_quantity("Custom Comments", {"comments": "a\nb\nc"}) == 3
    assert migrations.ordered_quantity("Subscriptions", {"max": "500", "posts": "3"}) == 1500
    assert migrations.ordered_quantity("Package", {"link": "x"}) is None
    assert migrations.ordered_quantity("Default", {"quantity": "lots"}) is None
    assert migrations.ordered_quantity("Default", ["not", "a", "dict"]) is None
