"""scripts/trim_icu.py: trim a copy of the venv's libicudata and check it with Qt.

The Qt checks run in a subprocess whose libicudata is the trimmed copy, put first on
LD_LIBRARY_PATH (it wins over the RUNPATH $ORIGIN of PySide6's Qt libraries; the check reads
/proc/self/maps to prove the copy is what got loaded). Needs icupkg (icu-devtools) and gcc:
`make system-deps`. Linux only (the bundle trimming is Linux only).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "trim_icu.py"
sys.path.insert(0, str(ROOT / "scripts"))

import trim_icu  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(600),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ICU trimming is Linux only"),
]


def _venv_icudata() -> Path:
    import PySide6

    libs = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    assert libs, "PySide6 ships no libicudata"
    return libs[0]


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True,
                          env=env, timeout=500)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def original() -> Path:
    return _venv_icudata()


@pytest.fixture(scope="module")
def trimmed(tmp_path_factory: pytest.TempPathFactory, original: Path) -> Path:
    for tool in ("icupkg", "gcc"):
        assert shutil.which(tool), f"{tool} missing: run `make system-deps` (icu-devtools, gcc)"
    lib = tmp_path_factory.mktemp("icu") / original.name
    shutil.copy2(original, lib)
    result = _run(str(lib))
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Qt checks passed" in result.stdout
    assert "removed" in result.stdout
    return lib


def test_trimmed_library_is_small_and_a_drop_in(trimmed: Path, original: Path) -> None:
    size = trimmed.stat().st_size
    assert size < 10_000_000, size
    assert original.stat().st_size - size > 20_000_000
    old, new = trim_icu.Elf(original), trim_icu.Elf(trimmed)
    assert new.soname() == old.soname() == original.name
    assert new.machine == old.machine
    symbol, _ = trim_icu.icu_symbol(old)
    assert trim_icu.icu_symbol(new)[0] == symbol


def test_kept_and_removed_items(trimmed: Path) -> None:
    symbol, dat = trim_icu.icu_symbol(trim_icu.Elf(trimmed))
    prefix = symbol[:-len("_dat")] + "l/"
    names = {n[len(prefix):] for n in trim_icu.package_items(dat)}
    for kept in ("root.res", "en.res", "en_GB.res", "tr.res", "tr_TR.res", "pool.res",
                 "res_index.res", "zoneinfo64.res", "metaZones.res", "timezoneTypes.res",
                 "windowsZones.res", "supplementalData.res", "likelySubtags.res",
                 "numberingSystems.res", "cnvalias.icu", "nfkc.nrm", "uts46.nrm",
                 "coll/root.res", "coll/ucadata.icu", "coll/tr.res", "coll/de.res", "coll/sv.res",
                 "coll/zh.res", "zone/en.res", "zone/tr.res", "zone/root.res", "zone/pool.res",
                 "lang/en.res", "lang/tr.res", "region/tr.res", "brkitr/root.res",
                 "brkitr/en.res", "brkitr/line.brk", "brkitr/word.brk", "brkitr/sent.brk",
                 "ibm-5350_P100-1998.cnv", "ibm-920_P100-1995.cnv", "ibm-943_P15A-2003.cnv",
                 "gb18030.cnv"):
        assert kept in names, kept
    for removed in ("brkitr/cjdict.dict", "brkitr/thaidict.dict", "translit/root.res",
                    "unames.icu", "de.res", "zone/de.res", "curr/ja.res", "unit/ru.res",
                    "euc-tw-2014.cnv", "icu-internal-compound-t.cnv"):
        assert removed not in names, removed


def test_qt_checks_against_the_trimmed_library(trimmed: Path, tmp_path: Path) -> None:
    libdir = tmp_path / "lib"
    libdir.mkdir()
    shutil.copy2(trimmed, libdir / trimmed.name)
    png = tmp_path / "render.png"
    result = trim_icu.run_qt_check(sys.executable, libdir, png=png)
    assert result["errors"] == []
    assert Path(result["icudata"]).parent == libdir  # the trimmed copy, not PySide6's own
    same = result["same"]
    # QCollator in Turkish: c < ç < d, ı < i.
    tr = [w for w in same["collate tr_TR"] if w in {"cz", "çay", "dağ", "ız", "ia"}]
    assert tr == ["cz", "çay", "dağ", "ız", "ia"]
    assert same["upper tr"].startswith("İ I İ I")
    assert same["lower tr"].startswith("i ı i ı")
    assert same["upper en"].startswith("I I İ I")
    assert same["boundaries en Sentence"] == [27, 47, 76]
    assert same["boundaries tr Sentence"][0] == 49
    assert same["tz Europe/Istanbul"][:2] == [True, 3 * 3600]
    assert all(same["tz Europe/Istanbul tr_TR"]) and all(same["tz Europe/Istanbul en_US"])
    assert same["tz America/New_York tr_TR"][0] == "Kuzey Amerika Doğu Standart Saati"
    text = "Çığır açan şüpheli öğrenci: İĞÜŞÖÇ ıi"
    assert bytes.fromhex(same["codec ISO-8859-9"]) == text.encode("iso8859_9")
    assert bytes.fromhex(same["codec windows-1254"]) == (text + " €").encode("cp1254")
    assert bytes.fromhex(same["codec Shift_JIS"]) == "日本語のテキスト".encode("shift_jis")
    assert "windows-1254" in result["info"]["codecs"]
    assert "ISO-8859-9" in result["info"]["codecs"]
    assert result["info"]["render"]["ink"] > 500
    assert png.stat().st_size > 1000


def test_system_locale_without_data(trimmed: Path, tmp_path: Path) -> None:
    """A German or Japanese desktop: its ICU data is gone; Qt falls back, nothing breaks."""
    libdir = tmp_path / "lib"
    libdir.mkdir()
    shutil.copy2(trimmed, libdir / trimmed.name)
    for lang in ("de_DE.UTF-8", "ja_JP.UTF-8"):
        result = trim_icu.run_qt_check(sys.executable, libdir, {"LANG": lang, "LC_ALL": lang})
        assert result["errors"] == [], lang
        assert all(result["info"]["tz Europe/Berlin de_DE"])


def test_second_run_is_a_no_op(trimmed: Path) -> None:
    before = _digest(trimmed)
    result = _run(str(trimmed))
    assert result.returncode == 0, result.stderr
    assert "already trimmed" in result.stdout
    assert _digest(trimmed) == before


def test_refuses_without_icupkg_and_keeps_the_original(original: Path, tmp_path: Path) -> None:
    lib = tmp_path / original.name
    shutil.copy2(original, lib)
    env = dict(os.environ, PATH=str(tmp_path / "empty-bin"))
    result = _run(str(lib), env=env)
    assert result.returncode == 2
    assert "REFUSED" in result.stderr and "icu-devtools" in result.stderr
    assert _digest(lib) == _digest(original)


def test_refuses_when_the_checks_fail(original: Path, tmp_path: Path) -> None:
    lib = tmp_path / original.name
    shutil.copy2(original, lib)
    result = _run(str(lib), "--python", shutil.which("false") or "/bin/false")
    assert result.returncode == 2
    assert "REFUSED" in result.stderr and "Qt check" in result.stderr
    assert _digest(lib) == _digest(original)
    assert sorted(p.name for p in tmp_path.iterdir()) == [original.name]


def test_bundle_self_check_failure_restores_the_original(original: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "fake-bundle"
    libdir = bundle / "_internal" / "PySide6" / "Qt" / "lib"
    libdir.mkdir(parents=True)
    shutil.copy2(original, libdir / original.name)
    exe = bundle / bundle.name
    exe.write_text("#!/bin/sh\necho 'self-check FAILED: broken on purpose'\nexit 1\n")
    exe.chmod(0o755)
    result = _run(str(bundle))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "self-check" in result.stderr
    assert _digest(libdir / original.name) == _digest(original)
    assert sorted(p.name for p in libdir.iterdir()) == [original.name]
