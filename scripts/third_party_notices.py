"""Write THIRD-PARTY-NOTICES for a bundle (build.spec runs it; see smmdesk/notices.py).

    python scripts/third_party_notices.py OUTPUT [--system-lib /usr/lib/.../libX.so.6 ...]

Every Python distribution the bundle carries (the runtime requirements in pyproject.toml and
what they require, plus PyInstaller's bootloader) gets its name, version, licence and licence
files; Python, OpenSSL, Qt and ICU get fixed entries; each ``--system-lib`` (a Linux bundle's
system libraries) gets its Debian package's copyright file when dpkg knows it.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from smmdesk import notices  # noqa: E402  (after the path set-up)


def _debian_copyright(library: str) -> tuple[str, str] | None:
    """(package, copyright text) of the Debian package that owns ``library``."""
    try:
        out = subprocess.run(
            ["dpkg", "-S", library], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    if ":" not in out:
        return None
    package = out.splitlines()[0].split(":", 1)[0].strip()  # "libdbus-1-3" of "libdbus-1-3:amd64"
    copyright_file = Path("/usr/share/doc") / package / "copyright"
    try:
        return package, copyright_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return package, f"(no copyright file at {copyright_file})"


def system_entries(libraries: list[str]) -> list[tuple[str, str, str]]:
    entries = []
    for lib in sorted(set(libraries)):
        # usr-merged systems: dpkg may know the file under /lib, so match on its name.
        found = _debian_copyright(lib) or _debian_copyright(f"*/{Path(lib).name}")
        if found is None:
            entries.append((Path(lib).name, "the build system", "(licence not found by dpkg)"))
        else:
            entries.append((Path(lib).name, found[0], found[1]))
    return entries


# A library a wheel carries in its ``<dist>.libs`` folder (auditwheel): its name with a hash.
_WHEEL_LIB = re.compile(r"^(lib[A-Za-z0-9_+]+?)-[0-9a-f]{8}\.so")


def wheel_entries(libraries: list[str]) -> list[tuple[str, str, str]]:
    """The libraries a wheel bundles (psycopg-binary's libpq with its OpenSSL, Kerberos,
    OpenLDAP, Cyrus SASL…): each with the copyright file of the Debian package of the same
    upstream library (the licence is the upstream project's, whoever built the file)."""
    entries = []
    for lib in sorted(set(libraries)):
        name = Path(lib).name
        match = _WHEEL_LIB.match(name)
        stem = match.group(1) if match else name.split(".so", 1)[0]
        found = _debian_copyright(f"*/{stem}[-.]*so*")
        origin = f"{Path(lib).parent.name}: {stem}"
        if found is None:
            entries.append((name, origin, "(licence not found by dpkg)"))
        else:
            entries.append((name, f"{origin}, licence as Debian's {found[0]}", found[1]))
    return entries


def marker_holds(marker: str) -> bool:
    """An environment marker evaluated for this platform (packaging: PyInstaller requires it)."""
    from packaging.markers import Marker  # build-time only

    if "extra" in marker:
        return False
    try:
        return bool(Marker(marker).evaluate())
    except Exception:  # an unreadable marker: list the distribution rather than miss it
        return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--system-lib", action="append", default=[])
    parser.add_argument("--wheel-lib", action="append", default=[])
    parser.add_argument("--qt-version", default=None)
    args = parser.parse_args(argv)
    text = notices.generate(
        notices.bundled_distributions(marker_holds=marker_holds),
        qt_version=args.qt_version,
        system_libraries=system_entries(args.system_lib) + wheel_entries(args.wheel_lib),
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"third_party_notices: {args.output} ({len(text):,} characters, "
          f"{len(notices.entry_names(text))} entries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
