"""Where the data lives (smmdesk.paths), the rotating log (smmdesk.logs) and crash-safe writes
(fsutil.atomic_write_text): each tested for what it promises."""

from __future__ import annotations

import logging
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from smmdesk import APP_NAME, fsutil, logs, paths, redact

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes and signals")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


# ----------------------------------------------------------------------------- paths
def test_the_data_dir_comes_from_the_environment_with_a_tilde_expanded(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(paths.DATA_DIR_ENV, "~/elsewhere/data")
    assert paths.default_data_dir() == tmp_path / "elsewhere" / "data"


def test_without_the_variable_the_platform_folder_is_used(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.default_data_dir() == tmp_path / "xdg" / APP_NAME
    # An empty variable is no choice either (a wrapper script exporting it unset).
    monkeypatch.setenv(paths.DATA_DIR_ENV, "")
    assert paths.default_data_dir() == tmp_path / "xdg" / APP_NAME


def test_without_xdg_data_home_the_folder_is_under_home(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths.default_data_dir() == tmp_path / ".local" / "share" / APP_NAME


def test_resources_are_found_next_to_the_sources_and_inside_a_bundle(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert paths.resources_dir() == ROOT / "resources"
    assert paths.resource("desktop", "smm-desk.desktop").is_file()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)  # a PyInstaller bundle
    assert paths.resources_dir() == tmp_path / "resources"
    assert paths.resource("i18n", "smmdesk_tr.qm") == tmp_path / "resources" / "i18n" / (
        "smmdesk_tr.qm")


# ----------------------------------------------------------------------------- log rotation
@pytest.fixture
def small_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's log set up with 2 kB files and two old ones kept, under umask 0 (so every
    mode below comes from the code, not from the umask)."""
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    monkeypatch.setattr(logs, "BACKUP_COUNT", 2)
    old_umask = os.umask(0)
    data = tmp_path / "data"
    try:
        yield logs.setup_logging(data, logging.INFO)
    finally:
        logs.teardown_logging()
        os.umask(old_umask)


def test_the_log_rolls_over_keeps_two_old_files_and_stays_private(small_log: Path) -> None:
    log = logging.getLogger("smmdesk.test_rotation")
    for i in range(200):
        log.info("line %04d %s", i, "x" * 60)
    folder = small_log.parent
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["smmdesk.log", "smmdesk.log.1", "smmdesk.log.2"]  # no .3: two kept
    for name in names:
        assert mode(folder / name) == 0o600, name  # the new file and the rotated ones
        assert (folder / name).stat().st_size <= 2_000 + 200
    assert mode(folder) == 0o700
    newest = small_log.read_text(encoding="utf-8")
    assert "line 0199" in newest
    assert "line 0000" not in "".join((folder / n).read_text(encoding="utf-8") for n in names)
    # Lines are whole and in order across the files: oldest in .2, newest in smmdesk.log.
    numbers = [int(line.split("line ")[1][:4])
               for name in ("smmdesk.log.2", "smmdesk.log.1", "smmdesk.log")
               for line in (folder / name).read_text(encoding="utf-8").splitlines()]
    assert numbers == list(range(numbers[0], 200))


def test_a_key_is_scrubbed_in_every_rotated_file(small_log: Path) -> None:
    secret = "rotation-secret-0123456789abcdef"
    redact.register(secret)
    try:
        log = logging.getLogger("smmdesk.test_rotation")
        for i in range(100):
            log.info("request %d with key=%s", i, secret)
    finally:
        redact.forget(secret)
    files = sorted(small_log.parent.iterdir())
    assert len(files) == 3
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert secret not in text and "[REDACTED]" in text, f.name


def test_setting_up_again_tightens_old_rotated_files(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "data" / logs.LOG_DIR
    folder.mkdir(parents=True, mode=0o700)
    os.chmod(tmp_path / "data", 0o700)
    for name in ("smmdesk.log", "smmdesk.log.1", "smmdesk.log.5"):
        (folder / name).write_text("from an older version\n", encoding="utf-8")
        os.chmod(folder / name, 0o644)
    logs.setup_logging(tmp_path / "data")
    try:
        logging.getLogger("smmdesk.test_rotation").warning("after the upgrade")
    finally:
        logs.teardown_logging()
    assert {p.name: mode(p) for p in folder.iterdir()} == {
        "smmdesk.log": 0o600, "smmdesk.log.1": 0o600, "smmdesk.log.5": 0o600}


# ----------------------------------------------------------------------------- atomic writes
OLD = "old\n" * 250_000  # 1 MB each: a write takes a while and spans many blocks
NEW = "NEW\n" * 250_000

CHILD = r"""
import os, sys, threading
from pathlib import Path
from smmdesk import fsutil

target, stage = Path(sys.argv[1]), sys.argv[2]
text = "NEW\n" * 250_000

def stop_here(what):
    print(what, flush=True)  # the parent kills us on this line
    threading.Event().wait()

if stage == "mid-write":
    real_fdopen = os.fdopen
    class Half:
        def __init__(self, fh): self.fh = fh
        def __enter__(self): return self
        def __exit__(self, *exc): return self.fh.__exit__(*exc)
        def write(self, data):
            self.fh.write(data[: len(data) // 2]); self.fh.flush(); os.fsync(self.fh.fileno())
            stop_here("half written")
        def __getattr__(self, name): return getattr(self.fh, name)
    os.fdopen = lambda *a, **k: Half(real_fdopen(*a, **k))
elif stage == "before-rename":
    real_replace = os.replace
    def replace(src, dst):
        stop_here("written, not renamed")
    os.replace = replace
elif stage == "after-rename":
    real_replace = os.replace
    def replace(src, dst):
        real_replace(src, dst)
        stop_here("renamed")
    os.replace = replace
elif stage == "loop":
    n = 0
    while True:
        fsutil.atomic_write_text(target, text if n % 2 else "old\n" * 250_000)
        n += 1
        print(n, flush=True)
fsutil.atomic_write_text(target, text)
print("done", flush=True)
"""


def kill_at(target: Path, stage: str, line_wanted: str) -> None:
    """Run the child, wait for it to say it reached ``stage`` (its own line on a pipe, not a
    timer), then SIGKILL it there."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(target), stage], cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        while True:
            line = child.stdout.readline()
            assert line, f"the child ended early: {child.stderr.read() if child.stderr else ''}"
            if line.strip() == line_wanted:
                break
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdout, child.stderr):
            if stream:
                stream.close()


@pytest.mark.parametrize(("stage", "said", "survivor"), [
    ("mid-write", "half written", OLD),
    ("before-rename", "written, not renamed", OLD),
    ("after-rename", "renamed", NEW),
])
def test_a_kill_during_an_atomic_write_leaves_the_old_or_the_new_file(
        tmp_path: Path, stage: str, said: str, survivor: str) -> None:
    target = tmp_path / "settings.ini"
    target.write_text(OLD, encoding="utf-8")
    kill_at(target, stage, said)
    assert target.read_text(encoding="utf-8") == survivor
    # What a kill may leave besides is a temp file beside it, never another half-written name.
    assert all(p.name == "settings.ini" or p.name.startswith(".tmp-") for p in tmp_path.iterdir())


def test_a_kill_at_any_moment_of_repeated_writes_never_tears_the_file(tmp_path: Path) -> None:
    """Unpatched: the child rewrites the file as fast as it can and is killed wherever it is
    after its twentieth write; whatever the moment, the file is one whole version."""
    target = tmp_path / "state.json"
    target.write_text(OLD, encoding="utf-8")
    kill_at(target, "loop", "20")
    assert target.read_text(encoding="utf-8") in (OLD, NEW)


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    target = tmp_path / "demo-panel.json"
    target.write_text(OLD, encoding="utf-8")

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsutil.os, "fsync", disk_full)
    with pytest.raises(OSError):
        fsutil.atomic_write_text(target, NEW)
    assert target.read_text(encoding="utf-8") == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["demo-panel.json"]
