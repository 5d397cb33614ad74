"""Issue 22 items 10, 11 and 12 in the core: one URL parser, the HTML spellings of a key,
terminal text, the log that refuses a symlink once, native crash reports, capped refill/cancel
texts, an unreadable max, and a placement whose outcome the database would not take."""

from __future__ import annotations

import html
import io
import logging
import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from smmdesk import api, logs, panelurl, redact, servicetypes
from smmdesk import store as store_mod
from smmdesk.demo.server import PanelSimulator
from smmdesk.models import SubmitState
from smmdesk.store import database
from smmdesk.termtext import for_terminal, json_text
from smmdesk.workspace import OutcomeNotRecorded, Workspace, panel_address

KEY = "core-unattended-key-5e6f7a8b"
ROOT = Path(__file__).resolve().parents[2]


# ------------------------------------------------------------------ item 11: one URL parser

TRICK = "https://a.example\\@b.example/api/v2"  # urlsplit: host b.example; urllib3: a.example


def test_a_url_is_read_as_the_host_it_is_requested_from():
    assert panelurl.parse(TRICK).host == "a.example"
    assert panelurl.same_host(TRICK, "https://a.example/")
    assert not panelurl.same_host(TRICK, "https://b.example/")
    assert panel_address(TRICK).startswith("a.example/")
    assert not panel_address(TRICK).startswith("b.example")
    with api.PanelClient(TRICK, KEY) as client:
        assert client._host == "a.example"


def test_the_https_offer_never_names_another_host_as_the_same():
    # A redirect from b.example to a URL that is requested from a.example is not "the same
    # host", whatever urlsplit thinks.
    assert panelurl.https_upgrade("http://b.example/api/v2", TRICK) is None
    assert panelurl.https_upgrade("http://b.example/api/v2", "https://b.example/api/v2") == \
        "https://b.example/api/v2"


def test_a_backslash_before_the_path_is_refused_when_stored(engine_ws: Workspace):
    ws = engine_ws  # each engine (tests/engines.py)
    with pytest.raises(panelurl.PanelUrlError, match="backslash"):
        panelurl.check(TRICK)
    with pytest.raises(ValueError, match="backslash"):
        ws.add_panel("Trick", TRICK, KEY)
    assert panelurl.check("https://b.example/api\\v2") == "https://b.example/api\\v2"  # path


def test_connected_as_compares_the_requested_hosts(engine_ws: Workspace):
    ws = engine_ws  # each engine (tests/engines.py)
    ws.add_panel("A", "https://a.example/api/v2", KEY)
    assert ws.connected_as("https://A.example./api/v2/").name == "A"
    assert ws.connected_as("https://b.example/api/v2") is None


def test_a_key_in_the_url_is_found_by_the_same_parser():
    for url in ("https://p.example/api/v2?key=abc", "https://u:secret@p.example/api/v2",
                "https://p.example/api/v2#api_key=abc"):
        with pytest.raises(panelurl.PanelUrlError, match="must not contain the API key"):
            panelurl.check(url)


# --------------------------------------------------------- item 12: HTML spellings of a key


def test_every_html_spelling_of_a_key_is_masked():
    key = 'k&"<key>\'-abcdef0123456789'
    redact.register(key)
    try:
        spellings = [
            html.escape(key),  # &amp; &quot; &lt; &gt; &#x27;
            html.escape(key, quote=False),
            key.replace("&", "&AMP;").replace('"', "&QUOT;"),
            "".join(f"&#{ord(c)};" for c in key),
            "".join(f"&#x{ord(c):X};" for c in key),
            "".join(f"&#x00{ord(c):x};" for c in key[:5]) + key[5:],
        ]
        for spelling in spellings:
            out = redact.scrub(f"Invalid API key {spelling}!")
            assert out == f"Invalid API key {redact.MASK}!", (spelling, out)
        assert redact.scrub("a &amp; b") == "a &amp; b"
    finally:
        redact.forget(key)


# ---------------------------------------------------------------- item 9: terminal text


def test_terminal_text_shows_control_codes_instead_of_obeying_them():
    assert for_terminal("a\x1b[2Kb") == "a\\x1b[2Kb"
    assert for_terminal("\x1b]52;c;eA==\x07") == "\\x1b]52;c;eA==\\x07"
    assert for_terminal("x\u202ey\u2066z\u200f") == "x\\u202ey\\u2066z\\u200f"
    assert for_terminal("\x9b2J\x85\x7f") == "\\x9b2J\\x85\\x7f"
    assert for_terminal("one\r\ntwo\nthree\rfour\tfive") == "one two three\\rfour\\tfive"
    assert for_terminal("tb\nline\x1b", newlines=True) == "tb\nline\\x1b"
    assert for_terminal("Türkçe İğ 😀 ½") == "Türkçe İğ 😀 ½"
    assert json_text('{"n": "a\u202eb\x9b\u2028"}') == '{"n": "a\\u202eb\\u009b\\u2028"}'


def test_the_console_log_shows_panel_text_inert(data_dir: Path, monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    logs.setup_logging(data_dir, console=True)
    try:
        logging.getLogger("smmdesk.test").warning("the panel said %s", "\x1b]52;c;eA==\x07")
    finally:
        logs.teardown_logging()
    assert "\x1b" not in err.getvalue() and "\\x1b]52;c;eA==\\x07" in err.getvalue()


# --------------------------------------------------------- item 12: a symlink at the log


def test_a_symlink_at_the_log_is_refused_once_and_the_program_goes_on(data_dir: Path,
                                                                       tmp_path: Path,
                                                                       monkeypatch):
    target = tmp_path / "elsewhere.log"
    (data_dir / "logs").mkdir(parents=True, mode=0o700)
    (data_dir / "logs" / "smmdesk.log").symlink_to(target)
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    logs.setup_logging(data_dir)
    try:
        for i in range(5):
            logging.getLogger("smmdesk.test").warning("record %d", i)
    finally:
        logs.teardown_logging()
    said = err.getvalue()
    assert said.count("not writing the log") == 1 and "symbolic link" in said, said
    assert "Traceback" not in said and "Logging error" not in said
    assert not target.exists()


# ------------------------------------------------------- item 12: native crash reports

CRASH_CLI = """
import faulthandler, sys
import smmdesk.cli.commands as commands
commands.COMMANDS["orders"] = lambda ctx, args: faulthandler._sigsegv()
from smmdesk.cli import main
main(["--data-dir", sys.argv[1], "orders"])
"""

CRASH_APP = """
import faulthandler, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import ui.app
ui.app.build_context = lambda *a, **k: faulthandler._sigsegv()
ui.app.run_app(__import__("pathlib").Path(sys.argv[1]))
"""


def _crash(script: str, data_dir: Path) -> list[Path]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONFAULTHANDLER", None)
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(script), str(data_dir)],
                          cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert proc.returncode != 0, proc
    return sorted((data_dir / "logs").glob(logs.NATIVE_GLOB))


@pytest.mark.parametrize("script", [CRASH_CLI, CRASH_APP], ids=["cli", "app"])
def test_a_native_crash_leaves_a_report_in_the_crash_folder(script: str, tmp_path: Path):
    data_dir = tmp_path / "data"
    [report] = _crash(script, data_dir)
    text = report.read_text()
    assert "Fatal Python error: Segmentation fault" in text and "File " in text
    assert report.stat().st_mode & 0o077 == 0


def test_a_clean_run_leaves_no_report_and_a_killed_ones_empty_file_is_swept(tmp_path: Path):
    data_dir = tmp_path / "data"
    folder = data_dir / "logs"
    folder.mkdir(parents=True, mode=0o700)
    (folder / "crash-20240101-000000-native-1.txt").write_bytes(b"")  # killed: nobody holds it
    (folder / "crash-20240101-000000-native-2.txt").write_bytes(b"Fatal Python error: x\n")
    path = logs.enable_native_crash_reports(data_dir)
    try:
        assert path is not None and path.exists()
        assert not (folder / "crash-20240101-000000-native-1.txt").exists()
        assert (folder / "crash-20240101-000000-native-2.txt").exists()  # a real report stays
        # a second process starting now must leave this live file alone
        other = subprocess.run(
            [sys.executable, "-c", "import sys; from smmdesk import logs; "
             "logs.enable_native_crash_reports(sys.argv[1]); logs.disable_native_crash_reports()",
             str(data_dir)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True, timeout=60)
        assert other.returncode == 0, other
        assert path.exists()
    finally:
        logs.disable_native_crash_reports()
    assert not path.exists()


# ------------------------------------------------ item 12: capped refill and cancel texts


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=60, key=KEY, speed=0) as s:
        yield s


def test_refill_and_cancel_refusals_are_stored_capped(engine_ws: Workspace,
                                                      sim: PanelSimulator):
    ws = engine_ws  # each engine (tests/engines.py)
    panel = ws.add_panel("Sim", sim.url, sim.key)
    ws.refresh_services(panel.id)
    order = ws.place_order(panel.id, 1, {"link": "https://instagram.com/x", "quantity": "100"})
    huge = "no " * 100_000
    sim.set_fault("answer", actions="refill", times=1, execute=False,
                  body=[{"order": order.remote_id, "refill": {"error": huge}}])
    [result] = ws.refill([order.id])
    assert not result.ok
    sim.set_fault("answer", actions="cancel", times=1, execute=False,
                  body=[{"order": order.remote_id, "cancel": {"error": huge}}])
    [result] = ws.cancel([order.id])
    assert not result.ok
    limit = store_mod.MAX_ERROR_TEXT + 100
    [refill] = ws.order_refills(order.id)
    assert refill.error is not None and len(refill.error) <= limit and "not kept" in refill.error
    notes = [e.note or "" for e in ws.order_events(order.id)]
    assert max(len(n) for n in notes) <= limit, [len(n) for n in notes]


# ------------------------------------------------------------ item 12: an unreadable max


@pytest.mark.parametrize("raw", [None, "", "Unlimited", "10K", "-1", [5]])
def test_an_unreadable_max_is_the_panels_no_maximum_not_the_minimum(raw):
    row = {"service": 1, "name": "Views", "type": "Default", "rate": "0.50", "min": "100"}
    if raw is not None:
        row["max"] = raw
    [service] = api.parse_services([row])
    assert service.min == 100 and service.max == api.UNKNOWN_MAX == 2_147_483_647
    values = {"link": "https://instagram.com/p/x", "quantity": "5000"}
    assert servicetypes.validate(service, values) == {}  # the panel checks its real limit


# --------------------------------------------- item 10: the database takes no write after


def test_an_outcome_the_database_will_not_take_is_raised_as_not_recorded(
        data_dir: Path, sim: PanelSimulator, monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT", 0.2)
    holder = sqlite3.connect(data_dir / store_mod.DB_NAME, isolation_level=None,
                             check_same_thread=False)
    with Workspace(data_dir) as ws:
        panel = ws.add_panel("Sim", sim.url, sim.key)
        ws.refresh_services(panel.id)
        sim.set_fault("answer", actions="add", times=1,
                      then=lambda answer: holder.execute("BEGIN EXCLUSIVE"))
        try:
            with pytest.raises(OutcomeNotRecorded) as info:
                ws.place_order(panel.id, 1, {"link": "https://instagram.com/x",
                                             "quantity": "100"})
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert info.value.remote_id == sim.order_ids()[-1]
        assert info.value.outcome is SubmitState.PLACED
        assert ws.order(info.value.order_id).submit_state is SubmitState.SUBMITTING
    with Workspace(data_dir) as ws:  # opened again, alone: uncertain, never lost
        assert ws.order(info.value.order_id).submit_state is SubmitState.UNCERTAIN
    assert sim.count("add") == 1
    assert sim.balance < Decimal("1000")


@pytest.mark.parametrize("engine", ["postgresql"])  # (SQLite's: the test above)
def test_an_outcome_the_team_store_will_not_take_is_raised_as_not_recorded(
        engine_ws: Workspace, sim: PanelSimulator, request):
    """The panel placed the order; before its answer is written, the server starts refusing
    writes to the orders (an admin's trigger here): neither the outcome nor "uncertain" can be
    saved — OutcomeNotRecorded with the panel's id, the row still "sending", never a failure
    that would invite a second order."""
    ws = engine_ws
    db = request.getfixturevalue("pg_team")  # the engine's team database (tests/engines.py)
    panel = ws.add_panel("Sim", sim.url, sim.key)
    ws.refresh_services(panel.id)

    def refuse_writes(answer) -> None:
        with db.connect(autocommit=True) as conn:
            conn.execute("CREATE FUNCTION smmdesk.refuse() RETURNS trigger LANGUAGE plpgsql AS "
                         "$$ BEGIN RAISE EXCEPTION 'refused by a trigger'; END $$")
            conn.execute("CREATE TRIGGER refuse BEFORE UPDATE ON smmdesk.orders "
                         "FOR EACH ROW EXECUTE FUNCTION smmdesk.refuse()")

    sim.set_fault("answer", actions="add", times=1, then=refuse_writes)
    with pytest.raises(OutcomeNotRecorded) as info:
        ws.place_order(panel.id, 1, {"link": "https://instagram.com/x", "quantity": "100"})
    assert info.value.remote_id == sim.order_ids()[-1]
    assert info.value.outcome is SubmitState.PLACED
    assert ws.order(info.value.order_id).submit_state is SubmitState.SUBMITTING
    assert sim.count("add") == 1


def test_an_answer_after_the_app_quit_leaves_the_abandoned_order_as_it_was(
        data_dir: Path, sim: PanelSimulator, engine_address: str | None):
    """Quit while an order is out, without waiting: ``abandon_sending`` recorded it UNCERTAIN
    and the store closed. The answer that comes later has nowhere to go: the store's own error
    reaches the caller (a scheduled run expects it), not an OutcomeNotRecorded."""
    ws = Workspace(data_dir, store=engine_address)  # each engine (tests/engines.py)
    panel = ws.add_panel("Sim", sim.url, sim.key)
    ws.refresh_services(panel.id)

    def quit_now(answer) -> None:
        ws.abandon_sending()
        ws.close()

    sim.set_fault("answer", actions="add", times=1, then=quit_now)
    with pytest.raises(store_mod.StoreError, match="closed"):
        ws.place_order(panel.id, 1, {"link": "https://instagram.com/x", "quantity": "100"})
    with Workspace(data_dir, store=engine_address) as again:
        [order] = again.orders()
        assert order.submit_state is SubmitState.UNCERTAIN
