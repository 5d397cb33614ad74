"""The packaged app: build the PyInstaller bundle into a temp dir and run its own self-check.

It proves that resources, translations, the keyring backends, TLS certificates and the demo panel
all work inside the bundle, not just in the checkout. Takes ~40 s (build ~20 s).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import frozen_smoke  # noqa: E402

from tests.pg_support import SCHEMA_TEMPLATE, PgCluster, PgDatabase  # noqa: E402

pytestmark = [pytest.mark.frozen, pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def distpath(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh build (never the developer's dist/, which may be stale or half-written)."""
    base = tmp_path_factory.mktemp("frozen")
    seconds = frozen_smoke.build(base / "dist", base / "work")
    print(f"\nbundle built in {seconds:.0f} s")
    return base / "dist"


def _pyz_modules(exe: Path) -> set[str]:
    from PyInstaller.archive.readers import CArchiveReader, ZlibArchiveReader

    names: set[str] = set()
    pkg = CArchiveReader(str(exe))
    for name in pkg.toc:
        if name.endswith(".pyz") or name == "PYZ-00.pyz" or name.startswith("PYZ"):
            data = pkg.extract(name)
            tmp = exe.parent / "_pyz_probe.pyz"
            tmp.write_bytes(data)
            try:
                names |= set(ZlibArchiveReader(str(tmp)).toc)
            finally:
                tmp.unlink()
    return names


def test_bundle_runs_its_self_check(distpath: Path) -> None:
    exe = frozen_smoke.executable(distpath)
    assert exe.exists(), f"no executable at {exe}"
    code, output, seconds = frozen_smoke.run_self_check(exe)
    line = frozen_smoke.self_check_line(output)
    folder_mib = frozen_smoke.tree_size(frozen_smoke.bundle_dir(distpath)) / frozen_smoke.MIB
    archive = frozen_smoke.make_targz(distpath)
    print(f"\nbundle {folder_mib:.1f} MiB, tar.gz {archive.stat().st_size / 2**20:.1f} MiB; "
          f"{line} [{seconds:.1f} s]")
    assert code == 0, f"self-check exit {code}:\n{output[-4000:]}"
    assert line.startswith("self-check ok"), output[-4000:]
    assert "keyring=" in line
    if os.environ.get("SMMDESK_REAL_KEYRING") == "1":
        # make test runs inside a D-Bus session with an unlocked gnome-keyring: the bundle's
        # Secret Service backend (keyring + secretstorage + jeepney) must really work.
        assert "keyring=system" in line, line


def test_bundle_runs_its_self_check_in_turkish(distpath: Path) -> None:
    code, output, _ = frozen_smoke.run_self_check(
        frozen_smoke.executable(distpath), extra=("--lang", "tr"))
    line = frozen_smoke.self_check_line(output)
    assert code == 0, f"self-check exit {code}:\n{output[-4000:]}"
    assert line.startswith("self-check ok") and "lang=tr" in line, output[-4000:]


def test_bundle_contains_keyring_backends_and_resources(distpath: Path) -> None:
    folder = frozen_smoke.bundle_dir(distpath)
    internal = folder / "_internal" if (folder / "_internal").is_dir() else folder
    modules = _pyz_modules(frozen_smoke.executable(distpath))
    for mod in ("keyring.backends.SecretService", "keyring.backends.Windows",
                "keyring.backends.macOS", "keyring.backends.kwallet", "secretstorage",
                "jeepney", "certifi", "smmdesk.demo.server", "ui.shell.main_window"):
        assert mod in modules, f"{mod} is not in the bundle"
    assert (internal / "certifi" / "cacert.pem").is_file()
    assert (internal / "resources" / "icons" / "smmdesk.svg").is_file()
    assert (internal / "resources" / "icons" / "generated" / "smmdesk-256.png").is_file()
    i18n_src = sorted(p.name for p in (ROOT / "resources" / "i18n").glob("*.ts"))
    shipped = sorted(p.name for p in (internal / "resources" / "i18n").glob("*.qm"))
    assert shipped == [Path(n).with_suffix(".qm").name for n in i18n_src], shipped
    qt = internal / "PySide6" / "Qt"
    assert (qt / "translations" / "qtbase_tr.qm").is_file()
    for plugin in ("platforms/libqxcb.so", "platforms/libqoffscreen.so",
                   "imageformats/libqsvg.so", "iconengines/libqsvgicon.so",
                   "tls/libqopensslbackend.so"):
        assert (qt / "plugins" / plugin).is_file(), plugin
    assert (qt / "lib" / "libQt6Charts.so.6").is_file()


def test_bundle_carries_the_team_store_driver_and_its_libraries_licences(distpath: Path) -> None:
    """``--store postgresql://…`` works from the bundle: psycopg and its binary build (with the
    libpq, Kerberos, OpenLDAP and SASL libraries psycopg-binary carries) are in it, and
    THIRD-PARTY-NOTICES has an entry, with its licence, for each of those libraries. On Linux
    the wheel's own OpenSSL is not shipped a second time: its two names link to the bundle's
    OpenSSL (build.spec, issue 25), which the OpenSSL entry covers."""
    folder = frozen_smoke.bundle_dir(distpath)
    internal = folder / "_internal" if (folder / "_internal").is_dir() else folder
    modules = _pyz_modules(frozen_smoke.executable(distpath))
    assert {"psycopg", "smmdesk.store.pg.store"} <= modules
    wheel_libs = [p for p in internal.rglob("*.so*") if p.parent.name == "psycopg_binary.libs"]
    files = sorted(p.name for p in wheel_libs if not p.is_symlink())
    assert any(name.startswith("libpq") for name in files), files
    text = (internal / "resources" / "THIRD-PARTY-NOTICES").read_text(encoding="utf-8")
    for name in files:
        assert f"\n{name} (from psycopg_binary.libs" in text, name
    if sys.platform.startswith("linux"):
        links = {p.name: p for p in wheel_libs if p.is_symlink()}
        assert sorted(n.split("-")[0] for n in links) == ["libcrypto", "libssl"], sorted(links)
        for name, link in links.items():
            target = link.resolve()
            assert target.parent == internal.resolve(), (name, target)
            assert target.name == name.split("-")[0] + ".so.3", (name, target)
            assert f"\n{name} (from" not in text, name  # no entry for what is not shipped


def test_bundle_opens_a_team_store(distpath: Path, pg_team: PgDatabase) -> None:
    """The frozen app's self-check with ``--store``: psycopg loads its libpq from the bundle
    and connects to a real server (the throwaway cluster), which knows the login as the team's
    admin. LD_BIND_NOW=1 makes the loader resolve every symbol of every library at load time,
    so a library in the bundle that lacks a function another one calls fails here, not on a
    user's first TLS connection."""
    env_extra = {"LD_BIND_NOW": "1"}
    code, output, _ = frozen_smoke.run_self_check(
        frozen_smoke.executable(distpath), extra=("--store", pg_team.url()), env_extra=env_extra)
    line = frozen_smoke.self_check_line(output)
    assert code == 0, f"self-check exit {code}:\n{output[-4000:]}"
    assert re.search(r"team store admin \(libpq \d+\.\d+, binary\)", line), output[-4000:]


def test_bundle_opens_a_team_store_over_verified_tls(distpath: Path, pg_tls_cluster: PgCluster,
                                                     tmp_path: Path) -> None:
    """libpq's TLS in the bundle works on the bundle's OpenSSL (the one psycopg-binary's
    OpenSSL names link to): ``sslmode=verify-full`` against the server's test CA connects (the
    server's log says the session is encrypted), and against another CA it is refused."""
    from smmdesk.tlscheck import make_certificates

    cluster = pg_tls_cluster
    db = cluster.new_database(SCHEMA_TEMPLATE)
    exe = frozen_smoke.executable(distpath)
    code, output, _ = frozen_smoke.run_self_check(
        exe, extra=("--store", cluster.tls_url(db)), env_extra={"LD_BIND_NOW": "1"})
    line = frozen_smoke.self_check_line(output)
    assert code == 0, f"self-check exit {code}:\n{output[-4000:]}"
    assert re.search(r"team store admin \(libpq \d+\.\d+, binary\)", line), output[-4000:]
    log = cluster.log.read_text(encoding="utf-8", errors="replace")
    assert re.search(rf"connection authorized: user=postgres database={db} .*SSL enabled", log), \
        log[-4000:]

    other = tmp_path / "other-ca"
    other.mkdir()
    stranger = cluster.tls_url(db).replace(
        quote(str(cluster.tls.ca)), quote(str(make_certificates(other).ca)))
    code, output, _ = frozen_smoke.run_self_check(exe, extra=("--store", stranger))
    assert code == 1, output[-4000:]
    assert "self-check FAILED at team store" in output and "certificate verify failed" in output, \
        output[-4000:]


def test_bundle_carries_the_licences(distpath: Path) -> None:
    """THIRD-PARTY-NOTICES in the bundle has an entry for every bundled distribution (by its
    .dist-info folders) and for Python, OpenSSL, Qt and ICU; the project's LICENSE is there."""
    from smmdesk import notices

    folder = frozen_smoke.bundle_dir(distpath)
    internal = folder / "_internal" if (folder / "_internal").is_dir() else folder
    text = (internal / "resources" / "THIRD-PARTY-NOTICES").read_text(encoding="utf-8")
    assert "MIT License" in (internal / "resources" / "LICENSE").read_text(encoding="utf-8")
    names = notices.entry_names(text)
    assert {"python", "openssl", "qt", "icu", "pyside6-essentials", "shiboken6"} <= names
    bundled = {
        notices._norm(p.name.split("-")[0]) for p in internal.glob("*.dist-info")
    }
    assert bundled and bundled <= names, bundled - names
