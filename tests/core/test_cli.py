"""``smm-desk-cli`` run in this process (``main(argv)`` with its own stdin/stdout/stderr) against
the simulator over real HTTP: every command, the JSON shapes, every exit code."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from smmdesk.cli import main
from smmdesk.cli.commands import FAILURE, OK, REFUSED, UNCERTAIN, USAGE
from smmdesk.cli.output import Output
from smmdesk.demo.server import TYPE_SERVICE_IDS, PanelSimulator
from smmdesk.export import read_orders_csv
from smmdesk.models import OrderState, OrderStatus, SubmitState
from smmdesk.workspace import Workspace
from tests.core import cli_support
from tests.core.cli_support import Cli, Result, Tty

KEY = "cli-secret-key-0123456789abcdef"

# The CLI tests' fixtures (tests/core/cli_support.py): a simulator under KEY, a panel added
# through the CLI.
sim, panel_id = cli_support.sim, cli_support.panel_id
# (a test of SQLite's own file, or of nothing stored, runs on that engine alone)
SQLITE_ONLY = pytest.mark.parametrize("engine", ["sqlite"])


@pytest.fixture
def cli(data_dir: Path, engine_address: str | None) -> Cli:
    """The CLI on a workspace of each engine (tests/engines.py): ``--store`` for a team one."""
    return Cli(data_dir, store=engine_address)
DEFAULT = 1  # the simulator's Default service: refill, cancel, drip-feed

ORDER_FIELDS = {
    "local_id", "panel_id", "order_id", "service_id", "service", "service_type", "link",
    "quantity", "status", "submit_state", "state", "panel_status", "charge",
    "charge_is_estimate", "currency", "start_count", "remains", "runs", "interval",
    "likely_duplicate", "error", "outcome", "not_sent", "detail", "created_at", "updated_at",
    "customer_id", "sell_price", "profit",
}


def link(tag: str) -> str:
    return f"https://instagram.com/p/cli-{tag}"


def order(cli: Cli, panel_id: str, *extra: str, service: int = DEFAULT, yes: bool = True):
    args = ["--json", "order", "--panel", panel_id, "--service", str(service), *extra]
    return cli(*args, *(["--yes"] if yes else []))


# ------------------------------------------------------------------------------------ basics


@SQLITE_ONLY  # (nothing stored: one engine is enough)
def test_help_lists_commands_and_exit_codes(cli: Cli):
    r = cli("--help")
    assert r.code == OK
    for word in ("panels", "balance", "services", "compare", "order", "mass-order", "status",
                 "sync", "orders", "export", "refill", "cancel", "track", "resolve"):
        assert word in r.out
    for code in range(5):
        assert f"\n  {code}  " in r.out
    assert "uncertain" in r.out and "not enough funds" in r.out
    assert cli("order", "--help").out.count("--comments-file") >= 1
    assert cli().code == USAGE  # no command: the help, and a usage error


def test_usage_errors_exit_2(cli: Cli, panel_id: str):
    r = cli("orders", "--limit", "many")
    assert r.code == USAGE and "error:" in r.err and r.out == ""
    assert cli("nonsense").code == USAGE
    assert cli("balance", "--panel", "nope").code == USAGE
    assert cli("status", "999").code == USAGE
    assert cli("orders", "--state", "happy").code == USAGE
    assert cli("orders", "--since", "last tuesday").code == USAGE
    assert cli("orders", "--limit", "-1").code == USAGE


def test_the_key_is_never_an_option(cli: Cli, sim: PanelSimulator):
    for extra in (["--key", KEY], [f"--key={KEY}"], [KEY]):
        r = cli("panels", "add", "--name", "X", "--url", sim.url, *extra)
        assert r.code == USAGE
        assert KEY not in r.out + r.err


# ------------------------------------------------------------------------------------ panels


def test_panels_add_list_test_remove(cli: Cli, sim: PanelSimulator, memory_keyring, data_dir):
    r = cli("panels", "add", "--name", "Sim", "--url", sim.url, stdin=KEY + "\n")
    assert r.code == OK, r.err
    pid = r.out.strip()
    assert "60 services" in r.err
    assert KEY not in r.out + r.err
    assert list(memory_keyring.store.values()) == [KEY]

    listed = cli("--json", "panels").json()
    assert [p["id"] for p in listed] == [pid]
    assert set(listed[0]) >= {"id", "name", "url", "currency", "demo", "created_at",
                              "balance", "balance_currency", "balance_at", "last_sync_at"}
    assert Decimal(listed[0]["balance"]) == 1000 and isinstance(listed[0]["balance"], str)
    assert listed[0]["created_at"].endswith("+00:00")
    assert "Sim" in cli("panels").out

    t = cli("--json", "panels", "test", pid)
    assert t.code == OK and t.json()[0]["ok"] is True
    assert cli("panels", "test", "Sim").code == OK  # by name too

    rm = cli("--json", "panels", "remove", pid)
    assert rm.code == OK and rm.json() == [{"id": pid, "removed": True, "history_kept": True}]
    assert memory_keyring.store == {}
    assert cli("--json", "panels").json() == []


def test_panels_add_refuses_a_wrong_key_and_keeps_nothing(cli: Cli, sim, memory_keyring):
    r = cli("panels", "add", "--name", "Sim", "--url", sim.url, stdin="wrong-key\n")
    assert r.code == FAILURE and "nothing was saved" in r.err
    assert memory_keyring.store == {}
    assert cli("--json", "panels").json() == []
    assert cli("panels", "add", "--name", "S", "--url", sim.url, stdin="").code == USAGE
    assert cli("panels", "add", "--name", "S", "--url", "ftp://x", stdin="k\n").code == USAGE


def test_balance(cli: Cli, panel_id: str, sim: PanelSimulator):
    r = cli("--json", "balance")
    assert r.code == OK
    (rec,) = r.json()
    assert rec == {"panel_id": panel_id, "panel": "Sim", "balance": rec["balance"],
                   "currency": "USD", "at": rec["at"]}
    assert Decimal(rec["balance"]) == 1000
    assert "+00:00" in rec["at"]
    sim.stop()
    r = cli("balance", "--panel", panel_id)
    assert r.code == FAILURE and "Sim" in r.err


def test_services_search_type_refresh(cli: Cli, panel_id: str):
    rows = cli("--json", "services").json()
    assert len(rows) == 60
    assert set(rows[0]) >= {"panel_id", "panel", "service_id", "name", "type", "type_key",
                            "category", "rate", "currency", "min", "max", "refill", "cancel",
                            "dripfeed", "favourite"}
    assert all(isinstance(r["rate"], str) for r in rows)
    Decimal(rows[0]["rate"])
    packages = cli("--json", "services", "--type", "package").json()
    assert packages and all(r["type_key"] == "package" for r in packages)
    word = rows[0]["name"].split()[0]
    found = cli("--json", "services", "--search", word.lower()).json()
    assert found and all(word.casefold() in (r["name"] + " " + r["category"]).casefold()
                         or word in str(r["service_id"]) for r in found)
    assert cli("--json", "services", "--search", word.upper()).json() == found
    refreshed = cli("services", "--panel", panel_id, "--refresh", "--search", "zzzz-none")
    assert refreshed.code == OK and "60 services" in refreshed.err


def test_compare_lists_the_same_service_on_another_panel(cli: Cli, panel_id: str,
                                                         data_dir: Path):
    with PanelSimulator(services=60, key=KEY, speed=0, currency="EUR") as other:
        r = cli("--json", "panels", "add", "--name", "Euro", "--url", other.url, stdin=KEY)
        assert r.code == OK, r.err
        euro = r.json()[0]["id"]
        with Workspace(data_dir, store=cli.store) as ws:
            ws.set_rate("EUR", Decimal("1.1"))  # home: USD, the first panel's currency
            own = ws.service(panel_id, DEFAULT)
            twin = ws.service(euro, DEFAULT)
        assert own is not None and twin is not None
        out = cli("--json", "compare", "--panel", panel_id, "--service", str(DEFAULT))
        assert out.code == OK, out.err
        recs = out.json()
        assert recs and set(recs[0]) == {
            "panel_id", "panel", "service_id", "name", "type", "rate", "currency", "price_home",
            "home_currency", "difference_percent", "score", "min", "max", "refill", "cancel",
            "dripfeed"}
        mine = [x for x in recs if x["panel_id"] == euro and x["service_id"] == DEFAULT]
        assert mine, recs
        (rec,) = mine
        assert rec["currency"] == "EUR" and rec["home_currency"] == "USD"
        assert Decimal(rec["price_home"]) == twin.rate * Decimal("1.1")
        expected = ((twin.rate * Decimal("1.1") - own.rate) * 100 / own.rate).quantize(
            Decimal("0.1"))
        assert Decimal(rec["difference_percent"]) == expected
        assert not any(x["panel_id"] == panel_id and x["service_id"] == DEFAULT for x in recs)
        table = cli("compare", "--panel", "Sim", "--service", str(DEFAULT), "--limit", "3")
        assert table.code == OK and "Euro" in table.out and "PRICE (USD)" in table.out
    assert cli("compare", "--panel", panel_id, "--service", "99999").code == USAGE
    assert cli("compare", "--panel", panel_id, "--service", "1", "--limit", "0").code == USAGE


# ------------------------------------------------------------------------------------ order


def test_order_dry_run_sends_nothing(cli: Cli, panel_id: str, sim: PanelSimulator):
    adds = sim.count("add")
    r = order(cli, panel_id, "--link", link("dry"), "--quantity", "1500", "--dry-run", yes=False)
    assert r.code == OK, r.err
    (rec,) = r.json()
    assert rec["dry_run"] is True and rec["service_id"] == DEFAULT
    assert rec["fields"] == {"link": link("dry"), "quantity": "1500"}
    rate = Decimal(sim.service(DEFAULT)["rate"])
    assert Decimal(rec["estimate"]) == rate * 1500 / 1000
    assert "nothing was sent" in r.err
    assert sim.count("add") == adds
    assert cli("--json", "orders").json() == []


def test_order_placed(cli: Cli, panel_id: str, sim: PanelSimulator):
    r = order(cli, panel_id, "--link", link("ok"), "--quantity", "500")
    assert r.code == OK, r.err
    (rec,) = r.json()
    assert set(rec) == ORDER_FIELDS
    assert rec["submit_state"] == "placed" and rec["order_id"] in sim.order_ids()
    assert rec["quantity"] == 500 and rec["charge_is_estimate"] is True
    assert isinstance(rec["charge"], str)
    human = cli("order", "--panel", "Sim", "--service", str(DEFAULT), "--link", link("ok2"),
                "--quantity", "100", "--yes")
    assert human.code == OK and "placed: order #" in human.out
    assert sim.count("add") == 2


def test_order_needs_yes_when_nobody_can_answer(cli: Cli, panel_id: str, sim: PanelSimulator):
    r = order(cli, panel_id, "--link", link("ask"), "--quantity", "500", yes=False)
    assert r.code == USAGE and "--yes" in r.err
    assert sim.count("add") == 0


def test_order_bad_fields_exit_2(cli: Cli, panel_id: str, sim: PanelSimulator):
    assert order(cli, panel_id, "--link", link("q"), "--quantity", "5e2").code == USAGE
    assert order(cli, panel_id, "--link", link("q"), "--quantity", "1").code == USAGE  # < min
    r = order(cli, panel_id, "--link", link("q"), "--quantity", "500", "--comments", "hi")
    assert r.code == USAGE and "--comments" in r.err
    assert order(cli, panel_id, "--service", "99999").code == USAGE
    assert sim.count("add") == 0


def test_order_refused_for_funds_exit_3(cli: Cli, panel_id: str, sim: PanelSimulator):
    sim.balance = Decimal("0.01")
    r = order(cli, panel_id, "--link", link("poor"), "--quantity", "5000")
    assert r.code == REFUSED
    (rec,) = r.json()
    assert rec["submit_state"] == "rejected" and "funds" in (rec["error"] or "").lower()
    assert "not placed" in r.err
    assert sim.order_ids() == []


def test_order_uncertain_exit_4_and_never_retried(cli: Cli, panel_id: str, sim):
    sim.set_fault("drop_after_read", actions=["add"], times=1)
    r = order(cli, panel_id, "--link", link("lost"), "--quantity", "500")
    assert r.code == UNCERTAIN
    (rec,) = r.json()
    assert rec["submit_state"] == "uncertain"
    assert "UNCERTAIN" in r.err and "may have been placed" in r.err
    assert sim.count("add") == 1  # sent once, never again
    assert len(sim.order_ids()) == 1  # the panel did place it
    listed = cli("--json", "orders", "--state", "uncertain").json()
    assert [o["local_id"] for o in listed] == [rec["local_id"]]


def test_order_refuses_an_active_duplicate(cli: Cli, panel_id: str, sim: PanelSimulator):
    assert order(cli, panel_id, "--link", link("dup"), "--quantity", "500").code == OK
    r = order(cli, panel_id, "--link", link("dup"), "--quantity", "500")
    assert r.code == REFUSED and "--allow-duplicate" in r.err
    assert sim.count("add") == 1
    again = order(cli, panel_id, "--link", link("dup"), "--quantity", "500",
                  "--allow-duplicate")
    assert sim.count("add") == 2  # sent; this panel itself refuses a busy link
    assert again.json()[0]["likely_duplicate"] is True
    assert again.code == REFUSED and "active order" in again.err


def test_order_list_field_from_a_file(cli: Cli, panel_id: str, sim, tmp_path: Path):
    sid = TYPE_SERVICE_IDS["Custom Comments"]
    svc = sim.service(sid)
    comments = [f"nice post {i}" for i in range(int(svc["min"]))]
    path = tmp_path / "comments.txt"
    path.write_text("\n".join(comments) + "\n", encoding="utf-8")
    r = order(cli, panel_id, "--link", link("cc"), "--comments-file", str(path), service=sid)
    assert r.code == OK, r.err
    (rec,) = r.json()
    assert rec["quantity"] == len(comments)
    sent = [q for q in sim.requests if q.action == "add"][-1]
    assert sent.params["comments"].split("\n") == comments


# ------------------------------------------------------------------------------------ mass order


def test_mass_order_resumable(cli: Cli, panel_id: str, sim: PanelSimulator, tmp_path: Path):
    lines = [f"{DEFAULT}|{link(f'm{i}')}|{100 + i}" for i in range(4)]
    path = tmp_path / "list.txt"
    path.write_text("# my list\n" + "\n".join(lines) + "\n", encoding="utf-8")
    dry = cli("--json", "mass-order", "--panel", panel_id, str(path), "--dry-run")
    assert dry.code == OK and [r["status"] for r in dry.json()] == ["pending"] * 4
    assert sim.count("add") == 0
    assert cli("mass-order", "--panel", panel_id, str(path)).code == USAGE  # no --yes
    r = cli("--json", "mass-order", "--panel", panel_id, str(path), "--yes")
    assert r.code == OK, r.err
    recs = r.json()
    assert [x["status"] for x in recs] == ["placed"] * 4
    assert set(recs[0]) == {"line", "index", "text", "service_id", "link", "quantity", "price",
                            "status", "message", "local_id", "order_id"}
    assert recs[0]["line"] == 2  # the comment is line 1
    assert sim.count("add") == 4
    again = cli("--json", "mass-order", str(path), "--yes", stdin="")  # the only panel
    assert again.code == OK and [x["status"] for x in again.json()] == ["placed"] * 4
    assert "never sent again" in again.err
    assert sim.count("add") == 4
    from_stdin = cli("mass-order", "-", "--yes", stdin="\n".join(lines))
    assert from_stdin.code == OK and sim.count("add") == 4


def test_mass_order_bad_lines_send_nothing(cli: Cli, panel_id: str, sim, tmp_path: Path):
    path = tmp_path / "bad.txt"
    path.write_text(f"{DEFAULT}|{link('b1')}|500\n99999|{link('b2')}|500\n", encoding="utf-8")
    r = cli("mass-order", str(path), "--yes")
    assert r.code == USAGE and "line 2" in r.err and "--skip-invalid" in r.err
    assert sim.count("add") == 0
    r = cli("--json", "mass-order", str(path), "--yes", "--skip-invalid")
    assert r.code == OK and "line 2" in r.err
    assert [x["status"] for x in r.json()] == ["placed", "invalid"]
    assert sim.count("add") == 1


def test_mass_order_exit_codes_3_and_4(cli: Cli, panel_id: str, sim, tmp_path: Path):
    path = tmp_path / "l.txt"
    path.write_text(f"{DEFAULT}|{link('u1')}|500\n{DEFAULT}|{link('u2')}|500\n",
                    encoding="utf-8")
    sim.set_fault("drop_after_read", actions=["add"], times=1)
    r = cli("--json", "mass-order", str(path), "--yes")
    assert r.code == UNCERTAIN
    assert [x["status"] for x in r.json()] == ["uncertain", "placed"]
    again = cli("--json", "mass-order", str(path), "--yes")
    assert again.code == UNCERTAIN and sim.count("add") == 2  # nothing resent
    sim.balance = Decimal("0")
    poor = tmp_path / "p.txt"
    poor.write_text(f"{DEFAULT}|{link('p1')}|500\n", encoding="utf-8")
    assert cli("mass-order", str(poor), "--yes").code == REFUSED


# ------------------------------------------------------------------------------------ history


@pytest.fixture
def placed(cli: Cli, panel_id: str) -> list[dict]:
    out = []
    for i in range(3):
        r = order(cli, panel_id, "--link", link(f"h{i}"), "--quantity", str(200 + i))
        assert r.code == OK, r.err
        out.append(r.json()[0])
    return out


def test_status_by_local_and_remote_id(cli: Cli, placed: list[dict], sim: PanelSimulator):
    first, second = placed[0], placed[1]
    sim.advance(100_000)  # every order done on the panel
    r = cli("--json", "status", str(first["local_id"]), f"remote:{second['order_id']}")
    assert r.code == OK, r.err
    recs = r.json()
    assert [x["local_id"] for x in recs] == [first["local_id"], second["local_id"]]
    assert all(x["state"] != "pending" for x in recs)
    offline = cli("--json", "status", "--offline", f"local:{placed[2]['local_id']}")
    assert offline.json()[0]["state"] == "pending"
    assert cli("status", "local:999").code == USAGE
    assert cli("status", "99999999999999999999").code == USAGE
    assert cli("status", "remote:9999999999999999999").code == USAGE
    assert cli("status", "abc").code == USAGE


def test_sync(cli: Cli, placed: list[dict], sim: PanelSimulator):
    sim.advance(100_000)
    r = cli("--json", "sync")
    assert r.code == OK, r.err
    (rec,) = r.json()
    assert rec["checked"] == 3 and rec["updated"] == 3 and rec["errors"] == []
    assert set(rec) == {"requests", "checked", "updated", "not_found", "finished",
                        "refills_checked", "panels", "errors"}
    assert rec["finished"] == 3
    assert {o["state"] for o in cli("--json", "orders").json()} <= {
        "completed", "partial", "canceled"}
    sim.stop()
    placed_again = cli("sync")
    assert placed_again.code == OK  # nothing active left to ask about


def test_sync_failure_exit_1(cli: Cli, placed: list[dict], sim: PanelSimulator):
    sim.stop()
    r = cli("sync")
    assert r.code == FAILURE and "Sim" in r.err


def test_orders_filters_and_limit(cli: Cli, placed: list[dict]):
    all_ = cli("--json", "orders").json()
    assert [o["local_id"] for o in all_] == [p["local_id"] for p in reversed(placed)]
    assert len(cli("--json", "orders", "--limit", "2").json()) == 2
    limited = cli("orders", "--limit", "2")
    assert "--limit 0" in limited.err
    assert len(cli("--json", "orders", "--search", "cli-h1").json()) == 1
    assert len(cli("--json", "orders", "--state", "pending").json()) == 3
    assert cli("--json", "orders", "--state", "completed").json() == []
    assert len(cli("--json", "orders", "--since", "today").json()) == 3
    assert cli("--json", "orders", "--until", "yesterday").json() == []
    assert cli("--json", "orders", "--since", "2999-01-01").json() == []
    table = cli("orders").out
    assert "LOCAL" in table and "cli-h2" in table


def test_export_csv(cli: Cli, placed: list[dict], tmp_path: Path):
    path = tmp_path / "out.csv"
    r = cli("export", "--csv", str(path))
    assert r.code == OK and "3 orders exported" in r.err
    rows = read_orders_csv(path)
    assert [int(x["order_id"]) for x in rows] == [p["order_id"] for p in placed]
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    to_stdout = cli("export", "--csv", "-", "--search", "cli-h0")
    assert to_stdout.out.count("\n") == 2  # header and one order


def test_export_neutralises_formulas(cli: Cli, panel_id: str, sim: PanelSimulator,
                                    tmp_path: Path):
    # A formula typed as the link, and one the panel sent as the service's name: in the raw
    # CSV both are defused (a leading ') so a spreadsheet shows them as text, never runs them.
    sim.update_service(DEFAULT, name="@SUM(1+1)*cmd|' /C calc'!A0")
    assert cli("services", "--refresh").code == OK
    r = order(cli, panel_id, "--link", "=HYPERLINK(1)", "--quantity", "500")
    assert r.code == OK, r.err
    path = tmp_path / "f.csv"
    assert cli("export", "--csv", str(path)).code == OK
    (row,) = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    assert row["link"] == "'=HYPERLINK(1)"
    assert row["service"] == "'@SUM(1+1)*cmd|' /C calc'!A0"


def test_refill_and_cancel(cli: Cli, placed: list[dict], sim: PanelSimulator):
    c = cli("--json", "cancel", str(placed[0]["local_id"]))
    (rec,) = c.json()
    assert set(rec) == {"local_id", "order_id", "ok", "message", "refill_id"}
    # The Default service allows cancelling and the order is still pending: it is accepted.
    assert rec["ok"] is True and c.code == OK, rec
    assert rec["order_id"] == placed[0]["order_id"] and sim.count("cancel") == 1
    sim.advance(100_000)
    cli("sync")
    assert sim.order_state(placed[0]["order_id"]) == "Canceled"
    r = cli("--json", "refill", str(placed[1]["local_id"]), str(placed[2]["local_id"]))
    recs = r.json()
    assert [x["local_id"] for x in recs] == [placed[1]["local_id"], placed[2]["local_id"]]
    # Both completed, on a service with refill: both refills are requested and numbered.
    assert all(x["ok"] for x in recs) and r.code == OK, recs
    assert all(x["refill_id"] for x in recs) and len({x["refill_id"] for x in recs}) == 2
    assert sim.count("refill") >= 1
    # A canceled order cannot be refilled: said, and the exit code says it failed.
    bad = cli("--json", "refill", str(placed[0]["local_id"]))
    (no,) = bad.json()
    assert no["ok"] is False and no["message"] and bad.code == FAILURE, no


def test_track_imports_orders_placed_elsewhere(cli: Cli, panel_id: str, sim: PanelSimulator):
    a = sim.place_direct(DEFAULT, link("web-a"), 300)
    b = sim.place_direct(DEFAULT, link("web-b"), 400)
    r = cli("--json", "track", "--panel", panel_id, f"{a}-{b}")
    assert r.code == OK, r.err
    assert sorted(x["order_id"] for x in r.json()) == [a, b]
    again = cli("--json", "track", "--panel", panel_id, str(a))
    assert [x["order_id"] for x in again.json()] == [a]
    assert len(cli("--json", "orders").json()) == 2  # not doubled
    missing = cli("track", "--panel", panel_id, "99999999")
    assert missing.code == FAILURE and "99999999" in missing.err
    assert cli("track", "--panel", panel_id, "x-y").code == USAGE


# ------------------------------------------------------------------------------------ data folder


@SQLITE_ONLY  # (the file's user_version; the team store's: test_pg_schema.py)
def test_a_newer_database_is_refused_clearly(cli: Cli, panel_id: str, data_dir: Path):
    with sqlite3.connect(data_dir / "smmdesk.sqlite3") as conn:
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    r = cli("panels")
    assert r.code == FAILURE
    assert "newer version of SMM Desk" in r.err
    with sqlite3.connect(data_dir / "smmdesk.sqlite3") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 999  # untouched
    conn.close()


def test_store_is_wal_with_a_busy_timeout(data_dir: Path):
    with Workspace(data_dir) as ws:
        conn = ws.store.db._c
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_workspace_helpers(engine_ws: Workspace, sim: PanelSimulator):
    ws = engine_ws  # each engine (tests/engines.py)
    panel = ws.add_panel("Sim", sim.url, sim.key)
    ws.refresh_services(panel.id)
    o = ws.place_order(panel.id, DEFAULT, {"link": link("ws"), "quantity": "300"})
    assert o.submit_state is SubmitState.PLACED
    assert ws.orders_by_remote_id(o.remote_id) == [o]
    assert ws.orders_by_remote_id(o.remote_id, "other") == []
    sim.advance(100_000)
    report = ws.refresh_orders([o.id])
    assert report.checked == 1 and report.updated == 1
    assert ws.order(o.id).state.is_final
    assert ws.refresh_orders([o.id]).checked == 0  # final: not asked again


# ------------------------------------------------------------------------------------ terminals


def run_tty(cli: Cli, *argv: str, answer: str = "", tty_err: bool = True) -> Result:
    """``cli``'s command with stdin (and stderr) a terminal."""
    out, err = io.StringIO(), (Tty() if tty_err else io.StringIO())
    code = main([*cli.base, *argv], stdin=Tty(answer), stdout=out, stderr=err)
    return Result(code, out.getvalue(), err.getvalue())


def test_on_a_terminal_the_order_is_confirmed_first(cli: Cli, panel_id: str, sim):
    args = ("order", "--service", str(DEFAULT), "--link", link("tty"), "--quantity", "500")
    no = run_tty(cli, *args, answer="n\n")
    assert no.code == REFUSED and "[y/N]" in no.err and "not placed" in no.err
    assert sim.count("add") == 0
    yes = run_tty(cli, *args, answer="y\n")
    assert yes.code == OK and sim.count("add") == 1


def test_the_key_prompt_is_hidden_on_a_terminal(cli: Cli, sim, monkeypatch, memory_keyring):
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": asked.append(prompt) or KEY)
    r = run_tty(cli, "panels", "add", "--name", "Sim", "--url", sim.url, "--no-services")
    assert r.code == OK, r.err
    assert asked and "not shown" in asked[0]
    assert list(memory_keyring.store.values()) == [KEY]
    assert KEY not in r.out + r.err


def test_progress_only_when_stderr_is_a_terminal(panel_id: str, cli: Cli,
                                                 tmp_path: Path):
    path = tmp_path / "p.txt"
    path.write_text(f"{DEFAULT}|{link('p1')}|500\n{DEFAULT}|{link('p2')}|500\n",
                    encoding="utf-8")
    plain = cli("mass-order", str(path), "--yes")
    assert plain.code == OK and "\r" not in plain.err and "[#" not in plain.err
    path.write_text(f"{DEFAULT}|{link('p3')}|500\n", encoding="utf-8")
    shown = run_tty(cli, "mass-order", str(path), "--yes")
    assert shown.code == OK and "\r[" in shown.err and "1/1" in shown.err
    assert "[#" not in shown.out  # data stays clean
    refresh = run_tty(cli, "services", "--refresh", "--json")
    assert "\r[" in refresh.err and all(json.loads(x) for x in refresh.out.splitlines())


def test_resolve_an_uncertain_order(cli: Cli, panel_id: str, sim: PanelSimulator):
    sim.set_fault("drop_after_read", actions=["add"], times=1)
    r = order(cli, panel_id, "--link", link("res"), "--quantity", "500")
    assert r.code == UNCERTAIN and "smm-desk-cli resolve" in r.err
    local = r.json()[0]["local_id"]
    (remote,) = sim.order_ids()
    assert cli("resolve", str(local)).code == USAGE  # say what was found
    done = cli("--json", "resolve", str(local), "--order-id", str(remote))
    assert done.code == OK, done.err
    assert done.json()[0]["submit_state"] == "placed" and done.json()[0]["order_id"] == remote
    assert cli("resolve", str(local), "--not-placed").code == USAGE  # no longer uncertain
    sim.set_fault("drop_after_read", actions=["add"], times=1)
    r2 = order(cli, panel_id, "--link", link("res2"), "--quantity", "500")
    assert r2.code == UNCERTAIN
    gone = cli("--json", "resolve", str(r2.json()[0]["local_id"]), "--not-placed")
    assert gone.code == OK and gone.json()[0]["submit_state"] == "rejected"


def test_common_options_after_the_command(cli: Cli, panel_id: str, data_dir: Path,
                                          monkeypatch):
    monkeypatch.setenv("SMMDESK_DATA_DIR", str(data_dir))
    if cli.store:  # a team workspace: $SMMDESK_STORE, as --store
        monkeypatch.setenv("SMMDESK_STORE", cli.store)
    out, err = io.StringIO(), io.StringIO()
    code = main(["panels", "--json"], stdin=io.StringIO(), stdout=out, stderr=err)
    assert code == OK and json.loads(out.getvalue())["id"] == panel_id  # $SMMDESK_DATA_DIR
    out = io.StringIO()
    assert main(["orders", "--json", "--data-dir", str(data_dir)], stdin=io.StringIO(),
                stdout=out, stderr=io.StringIO()) == OK
    assert out.getvalue() == ""


def test_panels_add_and_list_print_the_same_shape(cli: Cli, panel_id: str, sim):
    same = cli("--json", "panels", "add", "--name", "Again", "--url", sim.url + "/",
               "--no-services", stdin=KEY)
    assert same.code == USAGE and "already connected as “" in same.err  # issue 12: once only
    with PanelSimulator(services=5, key=KEY, speed=0) as other:
        added = cli("--json", "panels", "add", "--name", "Again", "--url", other.url,
                    "--no-services", stdin=KEY)
    assert added.code == OK
    listed = {p["id"]: p for p in cli("--json", "panels").json()}
    (rec,) = added.json()
    assert set(rec) == set(listed[rec["id"]]) and rec["balance"] == listed[rec["id"]]["balance"]


def test_json_is_exact_on_a_pipe_that_is_not_utf8():
    raw = io.BytesIO()
    pipe = io.TextIOWrapper(raw, encoding="cp1252")
    Output(json_mode=True, stdout=pipe).record({"name": "Türk Takipçi 🇹🇷", "rate": Decimal("1.5")})
    pipe.flush()
    assert json.loads(raw.getvalue().decode("cp1252")) == {"name": "Türk Takipçi 🇹🇷",
                                                           "rate": "1.5"}


def test_a_link_that_does_not_fit_the_service_is_a_warning(cli: Cli, panel_id: str, sim):
    post = order(cli, panel_id, "--link", "https://instagram.com/p/abc", "--quantity", "500",
                 "--dry-run", yes=False)
    assert post.code == OK
    assert post.json()[0]["link_warning"] and "warning:" in post.err  # followers, a post link
    profile = order(cli, panel_id, "--link", "https://instagram.com/someone", "--quantity",
                    "500", "--dry-run", yes=False)
    assert profile.json()[0]["link_warning"] is None and "warning:" not in profile.err
    tiktok = order(cli, panel_id, "--link", "https://www.tiktok.com/@someone", "--quantity",
                   "500")
    assert tiktok.code == OK and "warning:" in tiktok.err  # not a block: panels differ


def test_a_refusal_never_names_the_demo_panel(cli: Cli, panel_id: str, sim, data_dir: Path):
    from smmdesk.workspace import Workspace

    with PanelSimulator(services=60, key=KEY, speed=0) as demo:
        with Workspace(data_dir, store=cli.store) as ws:
            ws.refresh_services(ws.add_panel("Demo", demo.url, KEY, is_demo=True).id)
        sim.balance = Decimal("0.01")
        refused = order(cli, panel_id, "--link", link("demo"), "--quantity", "5000")
        assert refused.code == REFUSED
        assert "the same service on" not in refused.err  # the demo panel simulates: no route


def test_a_refusal_names_the_same_service_elsewhere(cli: Cli, panel_id: str, sim):
    with PanelSimulator(services=60, key=KEY, speed=0) as other:
        r = cli("--json", "panels", "add", "--name", "Other", "--url", other.url, stdin=KEY)
        spare = r.json()[0]["id"]
        sim.balance = Decimal("0.01")
        refused = order(cli, panel_id, "--link", link("fo"), "--quantity", "5000")
        assert refused.code == REFUSED
        assert "the same service on Other" in refused.err and spare in refused.err
        sim.balance = Decimal("100")
        sim.set_fault("drop_after_read", actions=["add"], times=1)
        unsure = order(cli, panel_id, "--link", link("fo2"), "--quantity", "500")
        assert unsure.code == UNCERTAIN and "Other" not in unsure.err  # resolve it first


# ---------------------------------------------------------------------- the reseller's books
# (issue 26) customers add/list/pay/statement, order --customer [--sell], orders --customer,
# report --by … --json; exit codes as every command's.


def test_customers_orders_payments_statement_and_report(cli: Cli, panel_id: str,
                                                        data_dir: Path, tmp_path) -> None:
    assert cli("balance").code == OK  # the panel's currency: the home one
    r = cli("--json", "customers", "add", "Ayşe Yılmaz", "--contact", "@ayse")
    assert r.code == OK and r.json()[0]["name"] == "Ayşe Yılmaz"
    assert cli("customers", "add", "  ").code == USAGE
    with Workspace(data_dir, store=cli.store) as ws:
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
    with Workspace(data_dir, store=cli.store) as ws:  # the panel reports the first Completed
        o = ws.order(first["local_id"])
        ws.store.orders.apply_statuses(panel_id, {o.remote_id: OrderStatus(
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


def test_a_mass_order_sold_to_a_customer(cli: Cli, panel_id: str, data_dir: Path,
                                         tmp_path: Path) -> None:
    assert cli("balance").code == OK
    assert cli("customers", "add", "Bob").code == OK
    with Workspace(data_dir, store=cli.store) as ws:
        ws.set_price_rule(Decimal(100), customer_id=ws.find_customer("bob").id)
    path = tmp_path / "list.txt"
    path.write_text("\n".join(f"{DEFAULT}|{link(f'c{i}')}|{1000 * (i + 1)}" for i in range(2)),
                    encoding="utf-8")
    assert cli("mass-order", "--panel", panel_id, str(path), "--yes", "--customer",
               "nobody").code == USAGE
    r = cli("--json", "mass-order", "--panel", panel_id, str(path), "--yes", "--customer", "BOB")
    assert r.code == OK, r.err
    with Workspace(data_dir, store=cli.store) as ws:
        orders = sorted(ws.orders(customer_id=ws.find_customer("Bob").id), key=lambda o: o.id)
        rate = ws.service(panel_id, DEFAULT).rate  # type: ignore[union-attr]
    assert [o.sell_price for o in orders] == [
        (rate * 2 * n).quantize(Decimal("0.01"), rounding="ROUND_CEILING")
        for n in (1, 2)]  # each its rule's price, up to the cent
