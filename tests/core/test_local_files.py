"""Issue 18 item 5: the data folder is the user's alone (0700, files 0600), someone else's or a
group-writable folder is refused, and planted symlinks are never followed."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from smmdesk import fsutil
from smmdesk.export import write_orders_csv
from smmdesk.fsutil import UnsafeDataDirError
from smmdesk.logs import log_path, setup_logging, teardown_logging
from smmdesk.store import BACKUP_PREFIX, DB_NAME, Database, Store
from smmdesk.workspace import Workspace

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    os.chmod(tmp_path, 0o700)
    return tmp_path / "smmdesk-data"


def test_a_new_data_folder_and_everything_in_it_is_private(fresh: Path, simulator):
    ws = Workspace(fresh)
    try:
        panel = ws.add_panel("P", simulator.url, simulator.key)
        ws.refresh_services(panel.id)
        service = ws.services(panel.id)[0].service
        ws.place_order(
            panel.id, service.id, {"link": "https://x.example/p", "quantity": service.min}
        )
        ws.store.db.backup(fresh / f"{BACKUP_PREFIX}99-test")
        ws.services_for_view(panel.id)  # the services' snapshot start-up reads (issue 14)
        log_file = setup_logging(fresh)
        logging.getLogger("smmdesk.test").warning("a line")
        export = fresh / "orders.csv"
        write_orders_csv(export, ws.orders())
        assert mode(fresh) == 0o700
        assert mode(fresh / "logs") == 0o700
        assert mode(fresh / "services-snapshot") == 0o700
        files = [p for p in fresh.rglob("*") if p.is_file()]
        names = {p.name for p in files}
        assert {DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", "orders.csv"} <= names
        assert log_file in files and f"{BACKUP_PREFIX}99-test" in names
        assert f"{panel.id}.txt" in names
        for p in files:
            assert mode(p) == 0o600, p
    finally:
        teardown_logging()
        ws.close()


def test_files_of_an_older_version_are_tightened(fresh: Path):
    fresh.mkdir(mode=0o755)
    os.chmod(fresh, 0o755)
    Store(fresh).close()
    (fresh / "logs").mkdir()
    os.chmod(fresh / "logs", 0o755)
    for name in (DB_NAME, "settings.ini", f"{BACKUP_PREFIX}2-old", "logs/smmdesk.log.1",
                 "logs/crash-1.txt"):
        (fresh / name).touch()
        os.chmod(fresh / name, 0o644)
    Store(fresh).close()
    setup_logging(fresh)
    teardown_logging()
    assert mode(fresh) == 0o700 and mode(fresh / "logs") == 0o700
    for p in fresh.rglob("*"):
        if p.is_file():
            assert mode(p) == 0o600, p


@pytest.mark.parametrize("loose", [0o777, 0o770, 0o722])
def test_a_folder_others_may_write_in_is_refused(fresh: Path, loose: int):
    fresh.mkdir()
    os.chmod(fresh, loose)
    with pytest.raises(UnsafeDataDirError, match="other users may write in it") as ei:
        Workspace(fresh)
    assert f"chmod 700 '{fresh}'" in str(ei.value)
    assert not (fresh / DB_NAME).exists()
    with pytest.raises(UnsafeDataDirError):
        setup_logging(fresh)
    assert not (fresh / "logs").exists()


def test_a_folder_owned_by_someone_else_is_refused(fresh: Path, monkeypatch):
    fresh.mkdir(mode=0o700)
    me = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: me + 1)
    with pytest.raises(UnsafeDataDirError, match="belongs to another user"):
        Workspace(fresh)
    assert not (fresh / DB_NAME).exists()


def test_the_log_is_never_opened_through_a_planted_symlink(fresh: Path, tmp_path: Path):
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    (fresh / "logs").mkdir(parents=True, mode=0o700)
    os.chmod(fresh, 0o700)
    log_path(fresh).symlink_to(victim)
    setup_logging(fresh)
    try:
        logging.raiseExceptions = False  # the handler reports the refused open on stderr
        logging.getLogger("smmdesk.test").warning("would go to the victim")
    finally:
        logging.raiseExceptions = True
        teardown_logging()
    assert victim.read_text() == "untouched"
    assert os.path.islink(log_path(fresh))


def test_restoring_a_backup_never_follows_a_symlink(fresh: Path, tmp_path: Path):
    store = Store(fresh)
    real = store.db.backup(fresh / f"{BACKUP_PREFIX}3-20200101")
    store.close()
    os.utime(real, (1, 1))
    outside = tmp_path / "outside.sqlite3"
    outside.write_bytes(b"not yours")
    planted = fresh / f"{BACKUP_PREFIX}3-29991231"  # newer: would win if links counted
    planted.symlink_to(outside)
    assert Database.backups(fresh) == [real]
    assert Database.restore_latest_backup(fresh) == real
    db = fresh / DB_NAME
    assert not db.is_symlink() and db.read_bytes() == real.read_bytes()
    assert mode(db) == 0o600
    assert outside.read_bytes() == b"not yours"


def test_a_copy_never_writes_through_a_link_at_the_target(tmp_path: Path):
    source = tmp_path / "a"
    source.write_bytes(b"data")
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep")
    target = tmp_path / "target"
    target.symlink_to(victim)
    with pytest.raises(FileExistsError):
        fsutil.copy_private(source, target)
    link = tmp_path / "link"
    link.symlink_to(source)
    with pytest.raises(OSError):
        fsutil.copy_private(link, tmp_path / "new")
    assert victim.read_bytes() == b"keep"


def test_an_export_is_private_and_not_written_through_a_planted_part_file(tmp_path: Path):
    victim = tmp_path / "victim"
    victim.write_text("keep")
    target = tmp_path / "orders.csv"
    (tmp_path / "orders.csv.part").symlink_to(victim)
    with pytest.raises(OSError):
        write_orders_csv(target, [])
    assert victim.read_text() == "keep"
    (tmp_path / "orders.csv.part").unlink()
    assert write_orders_csv(target, []) == 0
    assert mode(target) == 0o600
