"""CSV export: BOM, exact decimals, formula-injection guard, and a lossless read-back."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from smmdesk.export import (
    BOM,
    COLUMNS,
    decimal_or_none,
    neutralise,
    read_orders_csv,
    restore,
    write_orders_csv,
)
from smmdesk.models import LocalOrder, OrderState, SubmitState


def order(i: int, **kw) -> LocalOrder:
    values = dict(
        id=i, panel_id="p1", service_id=1, service_name="Instagram Followers, HQ \"real\"",
        service_type="Default", remote_id=1000 + i, submit_state=SubmitState.PLACED,
        state=OrderState.COMPLETED, raw_status="Completed", error=None,
        link=f"https://instagram.com/p/{i}", quantity=1000,
        fields={"service": "1", "link": f"https://instagram.com/p/{i}", "quantity": "1000"},
        charge_estimate=Decimal("0.9"), charge=Decimal("0.00000123"), currency="USD",
        start_count=150, remains=0, created_at=datetime(2024, 5, 1, 12, 0, i, tzinfo=UTC),
        updated_at=datetime(2024, 5, 1, 13, 0, tzinfo=UTC),
    )
    values.update(kw)
    return LocalOrder(**values)


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'quoted",
                                  "=HYPERLINK(\"http://evil\")",
                                  # issue 18: a leading space or line feed, and the full-width
                                  # ＝＋－＠ some spreadsheets read as the ASCII ones
                                  " =1+1", "\n=1+1", "\uff1d1+1", "\uff0b1", "\uff0d1",
                                  "\uff20SUM(A1)"])
def test_dangerous_cells_are_neutralised_and_restored(cell: str) -> None:
    safe = neutralise(cell)
    assert safe.startswith("'") and safe[1:] == cell
    assert restore(safe) == cell


@pytest.mark.parametrize("cell", ["", "abc", "1.5", "https://x.y/=a", "ß€"])
def test_ordinary_cells_are_untouched(cell: str) -> None:
    assert neutralise(cell) == cell == restore(cell)


def test_the_new_guards_survive_a_file_round_trip(tmp_path: Path) -> None:
    cells = [" =1+1", "\n=cmd", "\uff1dSUM(A1)", "\uff0b1", "\uff0d1", "\uff20x"]
    orders = [order(i, link=cell) for i, cell in enumerate(cells, 1)]
    path = tmp_path / "out.csv"
    write_orders_csv(path, orders)
    raw = path.read_text(encoding="utf-8-sig")
    for cell in cells:
        assert "'" + cell in raw
    assert [r["link"] for r in read_orders_csv(path)] == cells


def test_round_trip_with_bom_and_injection(tmp_path: Path) -> None:
    orders = [
        order(1),
        order(2, link="=HYPERLINK(\"https://evil.example\",\"click\")",
              service_name="@cmd|' /C calc'!A0", charge=None, charge_estimate=Decimal("12.50"),
              state=OrderState.PENDING, raw_status=None, remains=None, start_count=None),
        order(3, error="-2+3 panel said no", submit_state=SubmitState.REJECTED, remote_id=None,
              charge=None, charge_estimate=Decimal("1E-7")),
        order(4, service_name="Türkçe takipçi 🚀\nsecond line", link="'already quoted",
              charge=Decimal("-1.50")),
    ]
    path = tmp_path / "orders.csv"
    assert write_orders_csv(path, orders, {"p1": "My Panel"}) == 4
    raw = path.read_bytes()
    assert raw.startswith(BOM.encode("utf-8"))
    text = raw.decode("utf-8-sig")
    for line in text.splitlines():
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "-", "@")), line
    assert "'=HYPERLINK" in text and "'@cmd" in text and "'-2+3" in text

    rows = read_orders_csv(path)
    assert list(rows[0]) == list(COLUMNS)
    assert [r["local_id"] for r in rows] == ["1", "2", "3", "4"]
    assert rows[0]["panel"] == "My Panel" and rows[0]["order_id"] == "1001"
    assert rows[0]["charge"] == "0.00000123"  # exact text, not 1.23E-6
    assert rows[1]["link"] == orders[1].link and rows[1]["service"] == orders[1].service_name
    assert rows[1]["charge"] == "12.50" and rows[1]["charge_is_estimate"] == "yes"
    assert rows[2]["error"] == orders[2].error and rows[2]["status"] == "rejected"
    assert rows[2]["charge"] == "0.0000001"
    assert rows[3]["service"] == orders[3].service_name
    assert rows[3]["link"] == "'already quoted"
    assert decimal_or_none(rows[3]["charge"]) == Decimal("-1.50")
    assert rows[0]["created_at"] == "2024-05-01T12:00:01+00:00"  # the zone is written
    assert not (tmp_path / "orders.csv.part").exists()


def test_stream_target_gets_a_bom_too() -> None:
    buf = io.StringIO()
    write_orders_csv(buf, [order(1)])
    assert buf.getvalue().startswith(BOM)
    buf.seek(0)
    assert read_orders_csv(buf)[0]["panel"] == "p1"
