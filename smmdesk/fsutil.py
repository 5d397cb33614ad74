"""Small file-system helpers shared by the core."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def atomic_write_text(path: Path, text: str, *, prefix: str = ".tmp-") -> None:
    """Write ``text`` to ``path`` so a crash leaves either the old file or the new one.

    Temp file in the same folder, fsync, then rename over the target.
    """
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# --------------------------------------------------------------------------- private files
# The data folder holds order links, spending and panel names: only its owner may read it.
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_POSIX = os.name == "posix"


class UnsafeDataDirError(PermissionError):
    """The data folder belongs to another user or others may write in it: it is not used."""

    OWNER = "owner"  # ``kind``: it belongs to another user (``owner`` holds the uid)
    WRITABLE = "writable"  # ``kind``: group or others may write in it (``mode``)

    def __init__(
        self, path: Path, why: str, *, kind: str, owner: int | None = None, mode: int = 0
    ) -> None:
        self.path = Path(path)
        self.why = why
        self.kind = kind
        self.owner = owner
        self.mode = mode
        super().__init__(f"The data folder {path} is not safe to use: {why}.")


def check_private_dir(path: Path) -> None:
    """Raise ``UnsafeDataDirError`` when ``path`` is owned by someone else or writable by group
    or others (anyone who can write there could plant a file or a link for the app to use)."""
    if not _POSIX:
        return
    st = os.stat(path)
    if st.st_uid != os.geteuid():
        raise UnsafeDataDirError(
            path,
            f"it belongs to another user (uid {st.st_uid}), not to you (uid {os.geteuid()})",
            kind=UnsafeDataDirError.OWNER,
            owner=st.st_uid,
            mode=st.st_mode & 0o777,
        )
    if st.st_mode & 0o022:
        raise UnsafeDataDirError(
            path,
            f"other users may write in it (mode {st.st_mode & 0o777:o}); "
            f"make it yours alone with: chmod 700 '{path}'",
            kind=UnsafeDataDirError.WRITABLE,
            owner=st.st_uid,
            mode=st.st_mode & 0o777,
        )


def private_dir(path: Path) -> Path:
    """Create ``path`` (0700) or check an existing one; a folder of ours that others could only
    read is tightened (group and others lose their rights; a folder its owner made read-only
    stays read-only). Raises ``UnsafeDataDirError`` (see ``check_private_dir``)."""
    path = Path(path)
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    check_private_dir(path)
    if _POSIX:
        mode = os.stat(path).st_mode & 0o777
        if mode & PRIVATE_DIR != mode:
            os.chmod(path, mode & PRIVATE_DIR)
    return path


def make_private(path: Path) -> None:
    """Make an existing file ours alone (0600); a symlink is left as it is (never followed)."""
    if not _POSIX:
        return
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    # Only take rights away (group, others): a file its owner made read-only stays read-only
    # (SMM Desk then says it cannot write there; it never grants itself the right).
    mode = st.st_mode & 0o777
    if not os.path.islink(path) and mode & PRIVATE_FILE != mode:
        os.chmod(path, mode & PRIVATE_FILE)


def make_private_all(folder: Path) -> None:
    """``make_private`` every file directly in ``folder`` (files from older versions were 0644)."""
    if not _POSIX:
        return
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_file(follow_symlinks=False):
            try:
                make_private(Path(entry.path))
            except OSError:
                pass


def open_private(path: Path, flags: int) -> int:
    """``os.open`` with mode 0600 that refuses to follow a symlink at ``path`` (OSError ELOOP)."""
    extra = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    return os.open(path, flags | extra, PRIVATE_FILE)


def write_private_text(path: Path, text: str) -> None:
    """Write a new file ``path`` (0600; an existing file or link there is not followed)."""
    fd = open_private(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def copy_private(source: Path, target: Path) -> None:
    """Copy a regular file to a new ``target`` (0600), following a link at neither end: a link
    planted as ``source`` or ``target`` makes it fail (OSError) instead of reading or writing
    through it."""
    src = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(src, "rb") as fin:
        if not stat.S_ISREG(os.fstat(fin.fileno()).st_mode):
            raise OSError(f"{source} is not a regular file")
        dst = open_private(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        with os.fdopen(dst, "wb") as fout:
            while chunk := fin.read(1024 * 1024):
                fout.write(chunk)
            fout.flush()
            os.fsync(fout.fileno())
