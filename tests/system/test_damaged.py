"""Damaged files and a broken keyring: each gets a clear message and a way out, never a
traceback. ``smmdesk.recovery`` decides; ``ui.system.recovery`` shows it and carries out the
choice."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend

from smmdesk import recovery
from smmdesk.demo.server import PanelSimulator
from smmdesk.models import Balance, SubmitState
from smmdesk.recovery import Action, Situation
from smmdesk.secrets import KeyringLockedError, SecretsError
from smmdesk.store import (
    BACKUP_PREFIX,
    DAMAGED_PREFIX,
    DB_NAME,
    Database,
    DatabaseCorruptError,
    DatabaseReadOnlyError,
    NewerDatabaseError,
)
from smmdesk.workspace import Workspace

KEY = "damaged-key-77c1e0d3a9b2"


@pytest.fixture
def sim() -> Iterator[PanelSimulator]:
    with PanelSimulator(services=40, key=KEY, speed=0.0) as s:
        yield s


def filled(data_dir: Path, sim: PanelSimulator, orders: int = 3) -> str:
    with Workspace(data_dir) as ws:
        p = ws.add_panel("Damaged", sim.url, sim.key)
        ws.refresh_services(p.id)
        ws.balance(p.id)
        for i in range(orders):
            o = ws.place_order(p.id, 1, {"link": f"https://instagram.com/d{i}", "quantity": "100"})
            assert o.submit_state is SubmitState.PLACED
        return p.id


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def no_traceback(problem: recovery.Problem) -> None:
    for text in (problem.title, problem.message, problem.detail):
        assert "Traceback" not in text and 'File "' not in text and KEY not in text
    assert problem.title and problem.message and problem.actions


def truncate_half(db: Path) -> None:
    with open(db, "r+b") as f:
        f.truncate(db.stat().st_size // 2)


def scribble_header(db: Path) -> None:
    with open(db, "r+b") as f:
        f.write(b"\x00garbage" * 12)


def scribble_middle(db: Path) -> None:
    size = db.stat().st_size
    with open(db, "r+b") as f:
        f.seek(size // 2)
        f.write(os.urandom(4096) if size > 16384 else b"\xff" * 4096)
        f.seek(4096)
        f.write(b"\xff" * 4096)


def checkpoint(data_dir: Path) -> None:
    """Fold the WAL into the file, so damage to the file is damage to the data."""
    conn = sqlite3.connect(data_dir / DB_NAME)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


# ----------------------------------------------------------------------------- damaged database


@pytest.mark.parametrize("damage", [truncate_half, scribble_header, scribble_middle])
def test_damaged_database_starts_fresh_keeping_the_file(data_dir, sim, damage) -> None:
    filled(data_dir, sim)
    checkpoint(data_dir)
    db = data_dir / DB_NAME
    damage(db)
    damaged_hash = sha(db)
    with pytest.raises(DatabaseCorruptError) as info:
        Workspace(data_dir)
    problem = recovery.diagnose(info.value, data_dir)
    assert problem.situation is Situation.CORRUPT
    assert problem.actions == (Action.START_FRESH, Action.QUIT)  # no backup exists
    assert "no backup" in problem.message and "kept aside" in problem.message
    no_traceback(problem)
    moved = recovery.apply(Action.START_FRESH, data_dir)
    assert moved is not None and moved.name.startswith(DAMAGED_PREFIX)
    assert sha(moved) == damaged_hash  # kept, byte for byte
    with Workspace(data_dir) as ws:  # a fresh, working database
        assert ws.panels() == [] and ws.store.db.integrity_check() == ["ok"]


def test_damaged_database_restores_the_latest_backup(data_dir, sim) -> None:
    from ui.system.recovery import with_recovery

    pid = filled(data_dir, sim, orders=2)
    with Workspace(data_dir) as ws:
        ws.store.db.backup(data_dir / f"{BACKUP_PREFIX}2-20260101T000000000000Z")
        ws.place_order(pid, 1, {"link": "https://instagram.com/after-backup", "quantity": "100"})
    checkpoint(data_dir)
    scribble_middle(data_dir / DB_NAME)

    seen: list[recovery.Problem] = []

    def ask(problem: recovery.Problem) -> Action:
        seen.append(problem)
        return Action.RESTORE_BACKUP

    ws = with_recovery(data_dir, Workspace, ask=ask)
    assert ws is not None
    try:
        assert [p.situation for p in seen] == [Situation.CORRUPT]
        assert seen[0].actions[0] is Action.RESTORE_BACKUP and seen[0].backup is not None
        assert "Restore the latest backup" in seen[0].message
        links = sorted(o.link for o in ws.orders())
        assert links == ["https://instagram.com/d0", "https://instagram.com/d1"]
        assert ws.store.db.integrity_check() == ["ok"]
    finally:
        ws.close()
    assert len(list(data_dir.glob(DAMAGED_PREFIX + "*"))) >= 1  # the damaged file is kept


def test_empty_database_next_to_backups_is_not_silently_replaced(data_dir, sim) -> None:
    filled(data_dir, sim, orders=1)
    with Workspace(data_dir) as ws:
        ws.store.db.backup(data_dir / f"{BACKUP_PREFIX}2-20260101T000000000000Z")
    for suffix in ("", "-wal", "-shm"):
        p = data_dir / (DB_NAME + suffix)
        if p.exists():
            p.write_bytes(b"")
    problem = recovery.check_data_dir(data_dir)
    assert problem is not None and problem.situation is Situation.EMPTY
    assert problem.actions[0] is Action.RESTORE_BACKUP
    no_traceback(problem)
    recovery.apply(Action.RESTORE_BACKUP, data_dir)
    with Workspace(data_dir) as ws:
        assert len(ws.orders()) == 1


def test_empty_database_without_backups_is_a_fresh_start(data_dir) -> None:
    (data_dir / DB_NAME).write_bytes(b"")
    assert recovery.check_data_dir(data_dir) is None


def test_newer_database_is_left_untouched(data_dir, sim) -> None:
    filled(data_dir, sim, orders=1)
    checkpoint(data_dir)
    conn = sqlite3.connect(data_dir / DB_NAME)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = sha(data_dir / DB_NAME)
    with pytest.raises(NewerDatabaseError) as info:
        Workspace(data_dir)
    problem = recovery.diagnose(info.value, data_dir)
    assert problem.situation is Situation.NEWER
    assert problem.default_action is Action.QUIT and Action.START_FRESH in problem.actions
    assert "newer version" in problem.message and "99" in problem.detail
    no_traceback(problem)
    assert sha(data_dir / DB_NAME) == before  # refusing changed nothing
    moved = recovery.apply(Action.START_FRESH, data_dir)
    assert moved is not None and sha(moved) == before


# ----------------------------------------------------------------------------------- disk full


def test_full_disk_sends_nothing_it_cannot_record(data_dir, sim) -> None:
    """SQLite's max_page_count makes the database "full": placements go on until a write
    fails. Whichever write fails, no order reaches the panel without a row that says so."""
    pid = filled(data_dir, sim, orders=0)
    ws = Workspace(data_dir)
    try:
        with ws.store.db.transaction() as c:
            pages = c.execute("PRAGMA page_count").fetchone()[0]
            c.execute(f"PRAGMA max_page_count = {pages}")
        failure: BaseException | None = None
        for i in range(2000):
            try:
                ws.place_order(pid, 1, {"link": f"https://instagram.com/full{i}",
                                        "quantity": "100"})
            except sqlite3.OperationalError as e:
                failure = e
                break
        assert failure is not None, "the database never filled up"
        problem = recovery.diagnose(failure, data_dir)
        assert problem.situation is Situation.DISK_FULL
        assert problem.actions == (Action.RETRY, Action.QUIT)
        assert "Free some disk space" in problem.message
        assert recovery.describe(failure) == problem.message
        no_traceback(problem)
        assert ws.store.db.integrity_check() == ["ok"]
    finally:
        ws.close()
    with Workspace(data_dir) as ws:  # space again (a new connection has no page limit)
        assert ws.store.db.integrity_check() == ["ok"]
        orders = {o.link: o for o in ws.orders()}
        sent = [r.params["link"] for r in sim.requests if r.action == "add"]
        assert len(sent) == len(set(sent))  # nothing sent twice
        for link in sent:
            assert orders[link].submit_state in (SubmitState.PLACED, SubmitState.UNCERTAIN)
        assert all(o.submit_state is not SubmitState.SUBMITTING for o in orders.values())
        ws.balance(pid)
        ok = ws.place_order(pid, 1, {"link": "https://instagram.com/space", "quantity": "100"})
        assert ok.submit_state is SubmitState.PLACED


def test_disk_full_os_error_is_recognised() -> None:
    import errno

    problem = recovery.diagnose(OSError(errno.ENOSPC, "No space left on device"))
    assert problem.situation is Situation.DISK_FULL


# ------------------------------------------------------------------------------------- keyring


class LockedKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("Keyring is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("Keyring is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("Keyring is locked")


class BrokenKeyring(LockedKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringError("org.freedesktop.DBus.Error.ServiceUnknown")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringError("org.freedesktop.DBus.Error.ServiceUnknown")


@pytest.mark.parametrize(("backend", "situation", "error"), [
    (LockedKeyring, Situation.KEYRING_LOCKED, KeyringLockedError),
    (BrokenKeyring, Situation.KEYRING_BROKEN, SecretsError),
])
def test_keyring_trouble_is_explained_and_sends_nothing(data_dir, sim, backend, situation,
                                                        error) -> None:
    pid = filled(data_dir, sim, orders=1)
    from smmdesk.secrets import forget_memory

    forget_memory()
    keyring.set_keyring(backend())  # the autouse fixture restores the in-memory one
    sim.clear_log()
    with Workspace(data_dir) as ws:  # opening needs no keyring
        assert len(ws.services(pid)) == 40 and len(ws.orders()) == 1  # the cache still works
        with pytest.raises(error) as info:
            ws.refresh_services(pid)
        problem = recovery.diagnose(info.value, data_dir)
        assert problem.situation is situation
        assert problem.actions == (Action.RETRY, Action.SESSION_KEYS)
        assert "session only" in problem.message
        assert recovery.describe(info.value) == problem.message
        no_traceback(problem)
        order = ws.place_order(pid, 1, {"link": "https://instagram.com/k", "quantity": "100"})
        assert order.submit_state is SubmitState.REJECTED and order.not_sent
        report = ws.sync_panel(pid).report
        assert report.errors and "keyring" in report.errors[0]
        with pytest.raises(error):
            ws.add_panel("Another", sim.url.replace("/api/v2", "/api/v3"), "another-key-123456")
        assert len(ws.panels()) == 1  # nothing half-added
        assert ws.store.db.integrity_check() == ["ok"]
    assert sim.count() == 0  # no request left without its key
    assert not [p for p in data_dir.rglob("*") if p.is_file() and KEY.encode() in p.read_bytes()]


def sqlite_error(message: str, code: int) -> sqlite3.OperationalError:
    """An error as SQLite raises it: recovery reads its code, not its words."""
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code
    return exc


def test_unknown_errors_still_get_words_not_a_traceback() -> None:
    problem = recovery.diagnose(RuntimeError("boom"))
    assert problem.situation is Situation.UNKNOWN and "RuntimeError: boom" in problem.detail
    no_traceback(problem)
    assert recovery.describe(RuntimeError("x")) is None
    locked = recovery.diagnose(sqlite_error("database is locked", sqlite3.SQLITE_BUSY))
    assert locked.situation is Situation.LOCKED


# ------------------------------------------------------------------------------------------ GUI


@pytest.mark.parametrize("situation_exc", [
    DatabaseCorruptError(Path("/x/smmdesk.sqlite3"), "database disk image is malformed"),
    NewerDatabaseError(Path("/x/smmdesk.sqlite3"), 9, 2),
    sqlite_error("database or disk is full", sqlite3.SQLITE_FULL),
    KeyringLockedError("The system keyring is locked"),
    DatabaseReadOnlyError(Path("/x/smmdesk.sqlite3"), "attempt to write a readonly database",
                          folder=True),
])
def test_dialog_shows_the_message_and_one_button_per_way_out(qtbot, tmp_path,
                                                             situation_exc) -> None:
    from ui.system.recovery import RecoveryDialog

    problem = recovery.diagnose(situation_exc, tmp_path)
    dialog = RecoveryDialog(problem)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.message_label.text() == problem.text()
    if isinstance(situation_exc, DatabaseReadOnlyError):
        assert "/x" in dialog.message_label.text() and "%1" not in dialog.message_label.text()
    assert dialog.windowTitle() == problem.title
    assert list(dialog.action_buttons) == list(problem.actions)
    assert dialog.action_buttons[problem.default_action].isDefault()
    shown = " ".join(w.text() for w in (dialog.title_label, dialog.message_label,
                                         dialog.detail_label))
    assert "Traceback" not in shown
    last = problem.actions[-1]
    dialog.action_buttons[last].click()
    assert dialog.chosen is last and not dialog.isVisible()


def test_with_recovery_quit_opens_nothing(data_dir, sim) -> None:
    from ui.system.recovery import with_recovery

    filled(data_dir, sim, orders=0)
    checkpoint(data_dir)
    scribble_header(data_dir / DB_NAME)
    before = sha(data_dir / DB_NAME)
    assert with_recovery(data_dir, Workspace, ask=lambda p: Action.QUIT) is None
    assert sha(data_dir / DB_NAME) == before  # quitting changes nothing


def test_with_recovery_gives_up_when_nothing_helps(data_dir) -> None:
    from ui.system.recovery import with_recovery

    calls: list[int] = []

    def always_full(_d: Path):
        calls.append(1)
        raise sqlite_error("database or disk is full", sqlite3.SQLITE_FULL)

    assert with_recovery(data_dir, always_full, ask=lambda p: Action.RETRY) is None
    assert len(calls) == 5


def test_backups_are_found_newest_first(data_dir, sim) -> None:
    pid = filled(data_dir, sim, orders=1)
    with Workspace(data_dir) as ws:
        old = ws.store.db.backup(data_dir / f"{BACKUP_PREFIX}1-20250101T000000000000Z")
        os.utime(old, (1_700_000_000, 1_700_000_000))
        ws.store.panels.add_balance(pid, Balance(Decimal("1"), "USD"))
        new = ws.store.db.backup(data_dir / f"{BACKUP_PREFIX}2-20260101T000000000000Z")
    assert Database.backups(data_dir) == [new, old]
    assert recovery.diagnose(DatabaseCorruptError(data_dir / DB_NAME, "x"), data_dir).backup == new


# ------------------------------------------------------------------- issue 12, item 3
READ_ONLY_SCRIPT = r"""
import hashlib, json, os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from smmdesk.store import Store, DB_NAME
from ui.system.recovery import with_recovery

data_dir, which = Path(sys.argv[2]), sys.argv[3]
store = Store(data_dir)
store.close()
db = data_dir / DB_NAME
if which == "folder":
    os.chmod(data_dir, 0o555)
else:
    os.chmod(db, 0o444)
before = hashlib.sha256(db.read_bytes()).hexdigest()
asked = []

def ask(problem):
    asked.append({"situation": problem.situation.value, "title": problem.title,
                  "text": problem.text(), "actions": [a.value for a in problem.actions]})
    return problem.actions[0] if len(asked) == 1 else problem.actions[-1]

result = with_recovery(data_dir, Store, ask=ask)
primary = None
if which == "folder":  # the instance lock cannot be made there: start anyway, not exit silently
    from ui.system.single_instance import SingleInstance
    primary = SingleInstance(SingleInstance.key_for(data_dir), folder=data_dir,
                             name="instance").is_primary()
print(json.dumps({"opened": result is not None, "asked": asked, "primary": primary,
                  "unchanged": hashlib.sha256(db.read_bytes()).hexdigest() == before,
                  "files": sorted(p.name for p in data_dir.iterdir())}))
"""


def _as_a_person(command: list[str]) -> list[str]:
    """Root writes anywhere, whatever the permissions: run as an ordinary user instead.

    The checkout, its venv or the interpreter may sit in a folder that user cannot enter (a
    clone in /root or in ``mktemp -d``, pyenv under /root): the user keeps one capability,
    CAP_DAC_READ_SEARCH, which lets it read files and enter folders anywhere and changes
    nothing about writing, which is what these tests are about. So they pass wherever the
    checkout is (issue 24)."""
    if os.geteuid() != 0:
        return command
    import shutil
    import subprocess

    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a folder read-only")
    person = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    reader = [*person, "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search"]
    if subprocess.run([*reader, "true"], capture_output=True, timeout=30).returncode == 0:
        return [*reader, *command]
    return [*person, *command]  # no ambient capabilities here: a readable checkout is needed


@pytest.mark.parametrize("which", ["folder", "file"])
def test_read_only_data_is_not_called_damaged(which: str) -> None:
    import json
    import shutil
    import subprocess
    import sys
    import tempfile

    root = Path(__file__).resolve().parents[2]
    base = Path(tempfile.mkdtemp(prefix="smmdesk-ro-"))
    base.chmod(0o777)
    try:
        proc = subprocess.run(
            _as_a_person([sys.executable, "-c", READ_ONLY_SCRIPT, str(root), str(base / "data"),
                          which]),
            capture_output=True, text=True, timeout=120, cwd=base,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
        assert proc.returncode == 0, proc.stderr
        answer = json.loads(proc.stdout.strip().splitlines()[-1])
    finally:
        for path in [base, *base.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(base, ignore_errors=True)
    assert not answer["opened"] and answer["unchanged"]
    # nothing moved aside, nothing "started fresh"
    assert set(answer["files"]) <= {DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"}
    for problem in answer["asked"]:
        assert problem["situation"] == "read_only"
        assert "start_fresh" not in problem["actions"] and "restore_backup" not in problem[
            "actions"]
        assert problem["actions"] == ["retry", "quit"]
        assert "damaged" not in problem["title"].lower()
        assert "not damaged" in problem["text"]
        named = str(base / "data") if which == "folder" else str(base / "data" / DB_NAME)
        assert named in problem["text"] and "read-only" in problem["text"]
    assert len(answer["asked"]) == 2  # "Try again" asked again; then Quit
    assert answer["primary"] is (True if which == "folder" else None)


@pytest.mark.parametrize(("code", "name", "situation"), [
    (8, "SQLITE_READONLY", Situation.READ_ONLY), (1544, "SQLITE_READONLY_DIRECTORY",
                                                  Situation.READ_ONLY),
    (11, "SQLITE_CORRUPT", Situation.CORRUPT), (26, "SQLITE_NOTADB", Situation.CORRUPT),
    (5, "SQLITE_BUSY", Situation.LOCKED), (13, "SQLITE_FULL", Situation.DISK_FULL),
    (10, "SQLITE_IOERR", Situation.UNKNOWN),
])
def test_sqlite_errors_are_classified_by_code_not_text(tmp_path, code: int, name: str,
                                                       situation: Situation) -> None:
    for cls in (sqlite3.OperationalError, sqlite3.DatabaseError):
        exc = cls("a message in some language")  # the text says nothing
        exc.sqlite_errorcode = code
        exc.sqlite_errorname = name
        problem = recovery.diagnose(exc, tmp_path)
        assert problem.situation is situation, (cls, code)
        if situation is not Situation.CORRUPT:
            assert Action.START_FRESH not in problem.actions
