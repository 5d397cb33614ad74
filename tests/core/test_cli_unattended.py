"""Issue 22 on the command line, run in this process against the simulator over real HTTP:
an id with an error is placed (exit 0, no other panel offered); an answer that does not say
is uncertain (exit 4) with its reason said once; a locked database after the send is exit 4,
not 1; panel text never drives the terminal; a tracked copy of an uncertain order does not
block ``resolve``; a URL is checked as the host it is requested from."""

from __future__ import annotations

import html
import io
import re
import sqlite3
from pathlib import Path

import pytest

from smmdesk import store as store_mod
from smmdesk.cli import main
from smmdesk.cli.commands import COMMANDS, FAILURE, OK, REFUSED, UNCERTAIN, USAGE
from smmdesk.export import read_orders_csv
from smmdesk.models import SubmitState
from smmdesk.store import database
from smmdesk.workspace import Workspace
from tests.core import cli_support
from tests.core.cli_support import Cli, Result, Tty
from tests.core.hostile import HostilePanel

KEY = "cli-secret-key-0123456789abcdef"

# The CLI tests' fixtures (tests/core/cli_support.py): a simulator under KEY, a panel added
# through the CLI.
sim, panel_id = cli_support.sim, cli_support.panel_id
# (a test of SQLite's own file and locking, or of nothing stored, runs on that engine alone)
SQLITE_ONLY = pytest.mark.parametrize("engine", ["sqlite"])


@pytest.fixture
def cli(data_dir: Path, engine_address: str | None) -> Cli:
    """The CLI on a workspace of each engine (tests/engines.py): ``--store`` for a team one."""
    return Cli(data_dir, store=engine_address)


def order(cli: Cli, panel_id: str, link: str, *extra: str) -> Result:
    return cli("order", "--panel", panel_id, "--service", "1", "--link", link,
               "--quantity", "100", "--yes", *extra)


def sentences(text: str) -> list[str]:
    return [s.strip().lower() for s in re.split(r"(?<=[.;:!?])\s+", text) if s.strip()]


# --------------------------------------------------------------------- item 3: add answers


def test_an_id_with_an_error_is_placed_and_no_other_panel_is_offered(cli, sim, panel_id):
    sim.set_fault("answer", actions="add", times=1,
                  extra={"error": "Not enough funds on balance"})
    r = order(cli, panel_id, "https://instagram.com/someone")
    assert r.code == OK, r.err
    remote = sim.order_ids()[-1]
    assert f"placed: order #{remote}" in r.out
    assert "Not enough funds on balance" in r.err  # the panel's words, shown as a warning
    assert "not placed" not in r.err and "to order there" not in r.err
    listed = cli("--json", "orders").json()
    assert [(o["submit_state"], o["order_id"]) for o in listed] == [("placed", remote)]


@pytest.mark.parametrize(("body", "said"), [
    ({"order": 0}, "order 0, which is not an order id"),
    ({"error": ""}, "empty error and no order id"),
])
def test_an_answer_that_does_not_say_exits_4_with_why(cli, sim, panel_id, body, said):
    sim.set_fault("answer", actions="add", times=1, body=body)
    r = order(cli, panel_id, "https://instagram.com/someone")
    assert r.code == UNCERTAIN, r.err
    assert said in r.err and "placed: order #0" not in r.out
    assert "not placed" not in r.err


@pytest.mark.parametrize(("fault", "params"), [
    ("html_502", {}),
    ("drop_after_read", {}),
    ("answer", {"body": {"order": "12a"}}),
    ("answer", {"body": {"error": None}}),
])
def test_every_uncertain_message_says_each_sentence_once(cli, sim, panel_id, fault, params):
    sim.set_fault(fault, actions="add", times=1, **params)
    r = order(cli, panel_id, "https://instagram.com/someone")
    assert r.code == UNCERTAIN, r.err
    said = sentences(r.err.split("error:", 1)[1])
    assert len(said) == len(set(said)), said
    assert r.err.count("may have been") == 1, r.err
    assert r.err.count("order list") == 1, r.err
    assert "resolve" in r.err


# ------------------------------------------------------ item 10: placed, but not recorded


@SQLITE_ONLY
def test_a_locked_database_after_the_send_exits_4_and_the_order_is_not_lost(
        cli, sim, panel_id, data_dir, monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT", 0.2)
    holder = sqlite3.connect(data_dir / store_mod.DB_NAME, isolation_level=None,
                             check_same_thread=False)
    # The panel places the order; before its answer leaves, another program locks the database.
    sim.set_fault("answer", actions="add", times=1,
                  then=lambda answer: holder.execute("BEGIN EXCLUSIVE"))
    try:
        r = order(cli, panel_id, "https://instagram.com/locked")
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()
    remote = sim.order_ids()[-1]
    assert r.code == UNCERTAIN, (r.code, r.err)
    assert f"#{remote}" in r.err and "UNCERTAIN" in r.err
    assert "try again" not in r.err.lower()
    # Reopened (the way the app and the CLI open it), the order is uncertain, not lost; the
    # person records the id the panel gave, and it is placed.
    with Workspace(data_dir) as ws:
        [local] = ws.orders()
        assert local.submit_state is SubmitState.UNCERTAIN
    r = cli("--json", "resolve", str(local.id), "--order-id", str(remote))
    assert r.code == OK, r.err
    assert r.json()[0]["submit_state"] == "placed"
    assert sim.count("add") == 1


def _refuse_in_db(data_dir, trigger: str) -> None:
    """A trigger in the data file that makes one write fail with an error no situation
    names (sqlite3.IntegrityError "refused by a trigger")."""
    conn = sqlite3.connect(data_dir / store_mod.DB_NAME, isolation_level=None)
    conn.execute(f"CREATE TRIGGER refuse {trigger} BEGIN "
                 "SELECT RAISE(ABORT, 'refused by a trigger'); END")
    conn.close()


@SQLITE_ONLY
def test_a_database_error_is_worded_by_when_it_happened(cli, sim, panel_id, data_dir):
    # during the command: the data was open; nothing was sent (the order's row came first)
    _refuse_in_db(data_dir, "BEFORE INSERT ON orders")
    r = order(cli, panel_id, "https://instagram.com/during")
    assert r.code == FAILURE and sim.count("add") == 0
    assert "during this action" in r.err and "opening" not in r.err
    # while opening: an order left "sending" is marked uncertain as the data opens, and fails
    conn = sqlite3.connect(data_dir / store_mod.DB_NAME, isolation_level=None)
    conn.execute("DROP TRIGGER refuse")
    conn.close()
    with Workspace(data_dir) as ws:
        ws.store.orders.insert_submitting(
            panel_id=panel_id, service=ws.service(panel_id, 1), fields={"link": "x"},
            link="x", quantity=100, charge_estimate=None, currency="USD")
    _refuse_in_db(data_dir, "BEFORE UPDATE ON orders")
    r = cli("orders")
    assert r.code == FAILURE
    assert "opening your data" in r.err and "during this action" not in r.err


@pytest.mark.parametrize("engine", ["postgresql"])  # (SQLite's: the test above)
def test_a_team_store_refusing_a_statement_is_worded_as_during_the_command(
        cli, sim, panel_id, request):
    """The server refuses the order's row (here a trigger an admin added; a missing right, a
    constraint the same way): exit 1 worded "during this action", nothing sent — not a
    traceback (the server's refusal is psycopg's error, neither SQLite's nor the store's)."""
    db = request.getfixturevalue("pg_team")  # the engine's team database (tests/engines.py)
    with db.connect(autocommit=True) as conn:
        conn.execute("CREATE FUNCTION smmdesk.refuse() RETURNS trigger LANGUAGE plpgsql AS "
                     "$$ BEGIN RAISE EXCEPTION 'refused by a trigger'; END $$")
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON smmdesk.orders FOR EACH ROW "
                     "EXECUTE FUNCTION smmdesk.refuse()")
    r = order(cli, panel_id, "https://instagram.com/during")
    assert r.code == FAILURE and sim.count("add") == 0, (r.code, r.err)
    assert "during this action" in r.err and "Traceback" not in r.err


@SQLITE_ONLY
def test_anything_escaping_while_an_order_is_out_exits_4(cli, panel_id, monkeypatch):
    """The shared mechanism (``Context.sending``) any command that sends uses, e.g. mass-order:
    an exception while an order's outcome is not back is uncertain, never exit 1."""

    def sends_then_breaks(ctx, args) -> int:
        ctx.sending.add(41)  # what place_order's on_recorded does
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setitem(COMMANDS, "orders", sends_then_breaks)
    r = cli("orders")
    assert r.code == UNCERTAIN
    assert "local id 41" in r.err and "may have been placed" in r.err
    assert "Close it" not in r.err


# ---------------------------------------------------------------- item 9: terminal output


CONCEAL = "Likes) on Sim for about 0.09 USD? [y/N] \x1b[8m"  # hides whatever follows
OSC52 = "\x1b]52;c;ZXZpbA==\x07"  # writes the clipboard
BIDI = "\u202e09.0\u202c"  # shows "0.90" read backwards
C1 = "\x9b2J"  # CSI as one byte: clears the screen


def test_panel_text_never_drives_the_terminal(cli, sim, panel_id):
    name = f"{CONCEAL}{OSC52}{BIDI}{C1} end"
    sim.update_service(1, name=name)
    assert cli("services", "--refresh").code == OK
    err = io.StringIO()
    code = main([*cli.base, "order", "--panel", panel_id, "--service", "1",
                 "--link", "https://instagram.com/someone", "--quantity", "100"],
                stdin=Tty("n\n"), stdout=io.StringIO(), stderr=err)
    assert code == REFUSED and sim.count("add") == 0
    question = err.getvalue()
    for raw in ("\x1b", "\x07", "\u202e", "\u202c", "\x9b"):
        assert raw not in question, repr(raw)
    assert "\\x1b[8m" in question and "\\x1b]52;" in question and "\\u202e" in question
    # the real price is there, after the name, where a person reads it
    assert re.search(r"\\x9b2J end\) on Sim for about [0-9.]+ USD\?", question), question
    table = cli("services", "--search", "end")
    assert "\x1b" not in table.out and "\\x1b[8m" in table.out


def test_json_keeps_panel_text_exact_and_still_inert(cli, sim, panel_id):
    name = f"{OSC52}{BIDI}{C1}\x7f"
    sim.update_service(1, name=name)
    assert cli("services", "--refresh").code == OK
    r = cli("--json", "services")
    for raw in ("\x1b", "\x07", "\u202e", "\x9b", "\x7f"):
        assert raw not in r.out, repr(raw)
    assert [s["name"] for s in r.json() if s["service_id"] == 1] == [name.strip()]


class TtyOut(io.StringIO):
    """Standard output that is a terminal (``writes``: what reached it, call by call)."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def isatty(self) -> bool:
        return True

    def write(self, s: str) -> int:
        self.writes.append(s)
        return super().write(s)


def test_export_to_a_terminal_is_filtered_and_to_a_pipe_exact(cli, sim, panel_id):
    name = f"{OSC52}{BIDI}{C1} end"
    sim.update_service(1, name=name)
    assert cli("services", "--refresh").code == OK
    assert order(cli, panel_id, "https://instagram.com/exported").code == OK
    assert order(cli, panel_id, "https://instagram.com/exported-too").code == OK
    argv = [*cli.base, "export", "--csv", "-"]
    shown = TtyOut()
    assert main(argv, stdin=io.StringIO(), stdout=shown, stderr=io.StringIO()) == OK
    for raw in ("\x1b", "\x07", "\u202e", "\u202c", "\x9b"):
        assert raw not in shown.getvalue(), repr(raw)
    assert "\\x1b]52;" in shown.getvalue() and "\\u202e" in shown.getvalue()
    assert "https://instagram.com/exported" in shown.getvalue()
    # shown a row at a time as the orders are read (a million are never held whole first)
    assert sum("https://instagram.com/" in w for w in shown.writes) == 2
    assert shown.getvalue().count("\r") == 0 and shown.getvalue().count("\n") == 3
    piped = io.StringIO()  # a pipe or a file: the data, exact
    assert main(argv, stdin=io.StringIO(), stdout=piped, stderr=io.StringIO()) == OK
    rows = read_orders_csv(io.StringIO(piped.getvalue()))
    assert len(rows) == 2 and all(name.strip() in row.values() for row in rows)


def test_a_line_break_split_between_two_writes_is_still_one_line_break_on_a_terminal():
    from smmdesk.cli.commands import _TerminalText

    out = io.StringIO()
    shown = _TerminalText(out)
    for part in ("a,b\r", "\nc\x1b[2J\r", "\n", "end\r"):
        shown.write(part)
    shown.close()
    assert out.getvalue() == "a,b\nc\\x1b[2J\nend\\r"


# ------------------------------------------- item 12: tracked copy, key spellings


def test_tracking_an_uncertain_orders_real_id_does_not_block_resolve(cli, sim, panel_id):
    sim.set_fault("drop_after_read", actions="add", times=1)
    r = order(cli, panel_id, "https://instagram.com/tracked")
    assert r.code == UNCERTAIN
    remote = sim.order_ids()[-1]
    [uncertain] = cli("--json", "orders").json()
    # The person finds the order on the panel's site and imports it by its id first …
    assert cli("track", "--panel", panel_id, str(remote)).code == OK
    assert len(cli("--json", "orders").json()) == 2
    # … then says the uncertain order is that one: accepted, and the copy is folded in.
    r = cli("--json", "resolve", str(uncertain["local_id"]), "--order-id", str(remote))
    assert r.code == OK, r.err
    orders = cli("--json", "orders").json()
    assert [(o["local_id"], o["order_id"], o["submit_state"]) for o in orders] == [
        (uncertain["local_id"], remote, "placed")]
    assert orders[0]["link"] == "https://instagram.com/tracked"


def test_an_order_placed_here_still_blocks_a_second_claim_on_its_id(cli, sim, panel_id):
    assert order(cli, panel_id, "https://instagram.com/first").code == OK
    placed_id = sim.order_ids()[-1]
    sim.set_fault("drop_after_read", actions="add", times=1)
    assert order(cli, panel_id, "https://instagram.com/second").code == UNCERTAIN
    second = max(o["local_id"] for o in cli("--json", "orders").json())
    r = cli("resolve", str(second), "--order-id", str(placed_id))
    assert r.code == USAGE and "already recorded" in r.err


SPECIAL_KEY = 'k&"<key>\'-0123456789abcdef'


def test_an_html_escaped_key_reaches_neither_the_database_nor_stderr(cli, data_dir):
    escaped = html.escape(SPECIAL_KEY)  # k&amp;&quot;&lt;key&gt;&#x27;-…
    numeric = "".join(f"&#{ord(c)};" for c in SPECIAL_KEY)

    def panel(h) -> None:
        action = h.form.get("action")
        if action == "balance":
            h.send_json({"balance": "5.00", "currency": "USD"})
        elif action == "services":
            h.send_json([{"service": 1, "name": "Likes", "type": "Default", "rate": "1.00",
                          "min": 10, "max": 1000}])
        else:
            h.send_json({"error": f"Invalid API key {escaped} (or {numeric})"})

    with HostilePanel(panel) as p:
        r = cli("--json", "panels", "add", "--name", "Esc", "--url", p.url,
                stdin=SPECIAL_KEY + "\n")
        assert r.code == OK, r.err
        pid = r.json()[0]["id"]
        r = cli("order", "--panel", pid, "--service", "1", "--link", "https://x.example/a",
                "--quantity", "100", "--yes")
    assert r.code == REFUSED and "[REDACTED]" in r.err
    files = b"".join(f.read_bytes() for f in data_dir.rglob("*") if f.is_file())
    with Workspace(data_dir, store=cli.store) as ws:  # what the store kept (either engine)
        [refused] = ws.orders()
        kept = " ".join([refused.error or "", *(e.note or "" for e in ws.order_events(
            refused.id))])
    assert "[REDACTED]" in kept
    for spelling in (escaped, numeric, SPECIAL_KEY):
        assert spelling not in r.err and spelling not in r.out
        assert spelling.encode() not in files and spelling not in kept


# ------------------------------------------------------ item 11: one URL parser


def test_a_backslash_url_is_refused_before_the_key_goes_anywhere(cli):
    # Python's urlsplit reads host panel.example here; urllib3, which sends, reads 127.0.0.1
    # (the key would have gone there, to port 80).
    url = "http://127.0.0.1\\@panel.example/api/v2"
    r = cli("panels", "add", "--name", "X", "--url", url, stdin=KEY + "\n")
    assert r.code == USAGE, (r.code, r.err)
    assert "backslash" in r.err
    assert cli("--json", "panels").json() == []
