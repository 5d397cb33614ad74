"""Build the PyInstaller bundle if needed and run `<bundle> --self-check` offscreen.

    python scripts/frozen_smoke.py [--rebuild] [--distpath DIR] [--workpath DIR]

Prints the bundle's size, its .tar.gz size and the self-check line; the exit code is 0 only when
the self-check passed. Sizes are MiB (2**20 bytes, what `du -sm --apparent-size` counts). The
.tar.gz is the release archive (`dist/smm-desk-<version>-linux-<arch>.tar.gz`, gzip level 9).
tests/test_frozen.py and bench/bench_bundle.py use the functions here.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
SOURCES = ("main.py", "build.spec", "pyproject.toml", "smmdesk", "ui", "resources", "scripts")
SELF_CHECK_TIMEOUT = 180


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def exe_name() -> str:
    return project()["name"]


def bundle_dir(distpath: Path) -> Path:
    """The one-folder bundle (on macOS PyInstaller also makes an .app; the folder is the same)."""
    return distpath / exe_name()


def executable(distpath: Path) -> Path:
    suffix = ".exe" if sys.platform == "win32" else ""
    return bundle_dir(distpath) / f"{exe_name()}{suffix}"


def _newest_source_mtime() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        for f in files:
            if f.is_file() and "__pycache__" not in f.parts and "generated" not in f.parts:
                newest = max(newest, f.stat().st_mtime)
    return newest


def needs_build(distpath: Path) -> bool:
    exe = executable(distpath)
    return not exe.exists() or exe.stat().st_mtime < _newest_source_mtime()


def build(distpath: Path, workpath: Path | None = None, *, onefile: bool = False) -> float:
    """Run PyInstaller on build.spec; returns the seconds it took. Raises on failure."""
    workpath = workpath or ROOT / "build" / "pyinstaller"
    env = dict(os.environ)
    env["SMMDESK_ONEFILE"] = "1" if onefile else "0"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
         "--distpath", str(distpath), "--workpath", str(workpath), str(ROOT / "build.spec")],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"PyInstaller failed ({result.returncode}):\n{result.stderr[-6000:]}")
    return time.monotonic() - started


def tree_size(path: Path) -> int:
    """Bytes of every file under ``path`` (symlinks count as links, not as their targets)."""
    if path.is_file():
        return path.stat().st_size
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for f in files:
            total += os.lstat(os.path.join(dirpath, f)).st_size
    return total


def make_targz(distpath: Path, out: Path | None = None) -> Path:
    """The release archive of the one-folder bundle (symlinks kept as symlinks)."""
    arch = platform.machine().lower() or "unknown"
    out = out or distpath / f"{exe_name()}-{project()['version']}-{sys.platform}-{arch}.tar.gz"
    tmp = out.with_suffix(".part")
    with tarfile.open(tmp, "w:gz", compresslevel=9) as tar:
        tar.add(bundle_dir(distpath), arcname=exe_name())
    tmp.replace(out)
    return out


def self_check_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["SMMDESK_DATA_DIR"] = str(data_dir)
    # A frozen app must not see this checkout's Python packages.
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONHOME", None)
    return env


def run_self_check(
    exe: Path, data_dir: Path | None = None, extra: tuple[str, ...] = (),
    env_extra: dict[str, str] | None = None,
) -> tuple[int, str, float]:
    """Run the bundle's self-check with a fresh data dir; returns (exit code, output, seconds).
    ``extra``: more arguments (``--lang tr``, ``--store …``); ``env_extra``: more environment."""
    with tempfile.TemporaryDirectory(prefix="smmdesk-frozen-") as tmp:
        data = data_dir or Path(tmp) / "data"
        started = time.monotonic()
        try:
            result = subprocess.run(
                [str(exe), "--self-check", "--data-dir", str(data), *extra],
                env={**self_check_env(data), **(env_extra or {})},
                capture_output=True, text=True, timeout=SELF_CHECK_TIMEOUT, cwd=tmp,
            )
        except subprocess.TimeoutExpired as exc:
            out = (exc.stdout or b"").decode(errors="replace") if isinstance(
                exc.stdout, bytes) else (exc.stdout or "")
            return 124, out + f"\n(timed out after {SELF_CHECK_TIMEOUT} s)", SELF_CHECK_TIMEOUT
        elapsed = time.monotonic() - started
    return result.returncode, result.stdout + result.stderr, elapsed


def self_check_line(output: str) -> str:
    lines = [ln for ln in output.splitlines() if ln.startswith("self-check")]
    return lines[-1] if lines else "(no self-check line)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distpath", type=Path, default=ROOT / "dist")
    parser.add_argument("--workpath", type=Path, default=None)
    parser.add_argument("--rebuild", action="store_true", help="build even if up to date")
    args = parser.parse_args(argv)

    if args.rebuild or needs_build(args.distpath):
        print(f"building the bundle into {args.distpath} ...", flush=True)
        print(f"built in {build(args.distpath, args.workpath):.0f} s", flush=True)
    folder = bundle_dir(args.distpath)
    archive = make_targz(args.distpath)
    print(f"bundle: {folder} {tree_size(folder) / MIB:.1f} MiB")
    print(f"archive: {archive} {archive.stat().st_size / MIB:.1f} MiB")
    code, output, seconds = run_self_check(executable(args.distpath))
    line = self_check_line(output)
    print(f"{line} [{seconds:.1f} s wall]")
    if code != 0 or not line.startswith("self-check ok"):
        print(f"FROZEN SMOKE TEST FAILED (exit {code}):\n{output[-4000:]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
