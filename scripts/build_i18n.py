"""Compile resources/i18n/*.ts to .qm with pyside6-lrelease (run by `make`).

The .qm files are build output (git-ignored): a fresh clone has none until this runs.
``--out DIR`` compiles into another folder, always (tests use it).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"


def lrelease() -> str:
    exe = Path(sys.executable).parent / "pyside6-lrelease"
    if exe.exists():
        return str(exe)
    found = shutil.which("pyside6-lrelease")
    if not found:
        sys.exit("pyside6-lrelease not found: install the dev extra (make)")
    return found


def compile_all(out: Path | None = None) -> list[Path]:
    """Compile every .ts (into ``out``, or next to it when newer than its .qm)."""
    compiled: list[Path] = []
    for ts in sorted(I18N.glob("*.ts")):
        qm = (out / ts.name).with_suffix(".qm") if out is not None else ts.with_suffix(".qm")
        if out is None and qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        qm.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True)
        compiled.append(qm)
    return compiled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the .qm files into this folder")
    args = parser.parse_args(argv)
    if args.out is not None or stale():
        print("Compiling the translations…", flush=True)  # one line, as `make run`'s others
    compile_all(args.out)
    return 0


def stale() -> bool:
    """Some .ts is newer than its .qm (or has none): compile_all() has work to do."""
    return any(not ts.with_suffix(".qm").exists()
               or ts.with_suffix(".qm").stat().st_mtime < ts.stat().st_mtime
               for ts in I18N.glob("*.ts"))


if __name__ == "__main__":
    raise SystemExit(main())
