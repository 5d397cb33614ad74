"""``smm-desk-cli`` and the reseller's books (issue 26): customers add/list/pay/statement,
``order --customer [--sell]``, ``orders --customer``, ``report --by … --json``; exit codes as
every command's."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from smmdesk.cli.commands import OK, USAGE
from smmdesk.demo.server import PanelSimulator
from smmdesk.export import read_orders_csv
from smmdesk.models import OrderState, OrderStatus
from smmdesk.workspace import Workspace
from tests.core.test_cli import KEY, Cli, link

DEFAULT = 1


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=60, key=KEY, speed=0) as s:
        yield s


@pytest.fixture
def cli(data_dir: Path) -> Cli:
    return Cli(data_dir)


@pytest.fixture
def panel_id(cli: Cli, sim: PanelSimulator) -> str:
    r = cli("--json", "panels", "add", "--name", "Sim", "--url", sim.url, stdin=KEY + "\n")
    assert r.code == OK, r.err
    assert cli("balance").code == OK  # the panel's currency: the home one
    return r.json()[0]["id"]


def test_customers_orders_payments_statement_and_report(cli: Cli, panel_id: str,
                                                        data_dir: Path, tmp_path) -> None:
    r = cli("--json", "customers", "add", "Ayşe Yılmaz", "--contact", "@ayse")
    assert r.code == OK and r.json()[0]["name"] == "Ayşe Yılmaz"
    assert cli("customers", "add", "  ").code == USAGE
    with Workspace(data_dir) as ws:
        ws.set_price_rule(Decimal(100))
    # the rules' sell price, then one typed
    r = cli("--json", "order", "--panel", panel_id, "--service", str(DEFAULT), "--link",
            link("a"), "--quantity", "1000", "--customer", "ayse yilmaz", "--yes")
    assert r.code == OK, r.err
    first = r.json()[0]
    assert first["customer_id"] == 1 and Decimal(first["sell_price"]) > 0
    r = cli("--json", "order", "--panel", panel_id, "--service", str(DEFAULT), "--link",
            link("b"), "--quantity", "1000", "--customer", "AYSE YILMAZ", "--sell", "7.25",
            "--yes")
    assert r.code == OK and r.json()[0]["sell_price"] == "7.25"
    assert cli("order", "--panel", panel_id, "--service", str(DEFAULT), "--link", link("c"),
               "--quantity", "1000", "--customer", "Nobody", "--yes").code == USAGE
    assert cli("order", "--panel", panel_id, "--service", str(DEFAULT), "--link", link("c"),
               "--quantity", "1000", "--sell", "1.234", "--yes").code == USAGE
    r = cli("--json", "orders", "--customer", "Ayşe Yılmaz")
    assert r.code == OK and len(r.json()) == 2
    with Workspace(data_dir) as ws:  # the panel reports the first Completed
        o = ws.order(first["local_id"])
        ws.store.apply_statuses(panel_id, {o.remote_id: OrderStatus(
            o.remote_id, OrderState.COMPLETED, "Completed", charge=Decimal("1"), remains=0)})
    r = cli("--json", "customers", "pay", "ayse yılmaz", "5", "--note", "cash")
    assert r.code == OK
    due = Decimal(first["sell_price"]) + Decimal("7.25") - 5
    assert Decimal(r.json()[0]["balance_due"]) == due
    assert cli("customers", "pay", "ayse yilmaz", "five").code == USAGE
    [row] = cli("--json", "customers").json()
    assert Decimal(row["balance_due"]) == due and row["orders"] == 2
    out = tmp_path / "st.csv"
    assert cli("customers", "statement", "ayse yilmaz", "--since", "yesterday",
               "--csv", str(out)).code == OK
    text = out.read_text(encoding="utf-8-sig")
    assert "Ayşe Yılmaz" in text and str(due) in text
    r = cli("--json", "report", "--by", "customer", "--since", "yesterday")
    assert r.code == OK
    rows = r.json()
    assert rows[0]["label"] == "Ayşe Yılmaz"
    assert Decimal(rows[0]["revenue"]) == Decimal(first["sell_price"]) + Decimal("7.25")
    assert rows[-1]["key"] == "total" and rows[-1]["currency"] == "USD"
    for by in ("month", "panel", "service"):
        assert cli("--json", "report", "--by", by).code == OK
    assert cli("report", "--by", "week").code == USAGE
    buf = cli("report", "--by", "month", "--csv", "-").out
    assert read_orders_csv(io.StringIO(buf))[-1]["Key"] == "Total"
