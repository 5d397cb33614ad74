"""Trim ICU's data library (libicudata.so.NN) to what a Qt Widgets app with an English/Turkish UI
needs, and verify the result before it replaces the original.

    python scripts/trim_icu.py <bundle dir | libicudata.so.NN> [--python PY] [--no-self-check]

PySide6's Qt links ICU; its data (libicudata.so.73, ~32 MB) is the biggest file of the bundle.
That library is one ICU "common data" package (`icudtNNl.dat`) exported as the symbol
`icudtNN_dat`. This script extracts the package, removes items with ICU's own `icupkg`
(icu-devtools), wraps the rest into a drop-in library with the same SONAME and symbol
(`gcc -shared`, `.incbin` into .rodata) and swaps it in only after every check passed.

What Qt 6 calls in ICU (the undefined `*_73` symbols of libQt6Core): collation (ucol_*),
legacy codecs for QStringConverter (ucnv_*), time-zone display names and canonical IDs
(ucal_*), locale-aware case mapping (u_strToUpper/Lower). Nothing else (no break iterators:
QTextBoundaryFinder and line breaking are Qt's own code; Thai uses libthai).

Removed (see `removal_reason`):
  * locale data of every language except root, en*, tr*, in the main tree and in curr/, lang/,
    region/, unit/, zone/, rbnf/, brkitr/ (en.res and tr.res still name every other language
    and region; zone names for other display languages fall back to root: "GMT+03:00")
  * brkitr/*.dict: CJK/Thai/Lao/Khmer/Burmese word dictionaries (break iteration falls back
    to rules; Qt does not use ICU break iterators at all)
  * translit/ (transliterators) and unames.icu (character names): unused by Qt
  * multi-byte legacy converter tables (EBCDIC DBCS, IBM CJK variants, COMPOUND_TEXT, LMBCS
    exceptions, EUC-TW, CNS 11643, HKSCS, ISO-2022-CN/KR) except the CJK encodings of the
    WHATWG Encoding Standard (Shift_JIS, EUC-JP, ISO-2022-JP, GBK, gb18030, GB2312, Big5,
    EUC-KR/windows-949)
Kept: all collation data (every locale's tailoring: QCollator sorts right for any system
locale), every single-byte codec (windows-125x, ISO-8859-x, KOI8, IBM/Mac code pages),
UTF-*, core properties and normalization (uprops/ucase/nfc/nfkc/uts46 etc.), time-zone data
(zoneinfo64, metaZones, timezoneTypes, windowsZones), supplemental/likely-subtags data,
numbering systems, break rules (*.brk), every non-locale item. Items another kept item depends
on are kept too (icupkg checks; only the missing dictionaries are tolerated).

Idempotent: a library that has nothing left to remove is left alone ("already trimmed").
Refuses (exit 2, original untouched) when icupkg or gcc is missing, when the library does not
look as expected, or when any check fails: the trimmed library is loaded by Qt (PySide6 of
--python, default this interpreter) through LD_LIBRARY_PATH and must give the same results as
the original for collation, Turkish/English case mapping, text boundaries, time zones and
names in en/tr, and codec round trips; on a bundle dir the bundle's own `--self-check` (en and
tr, offscreen) must pass with the trimmed library in place, or the original is put back.

`python scripts/trim_icu.py --qt-check` is the check itself (prints JSON; used internally and by
tests/test_icu_trim.py).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

MIB = 1024 * 1024
KEEP_LANGUAGES = {"en", "tr"}
# Locale data trees (the main tree is ""); a .res in these whose name is a locale ID is locale data.
LOCALE_TREES = {"", "curr", "lang", "region", "unit", "zone", "rbnf", "brkitr"}
# A locale ID (en, en_US_POSIX, sr_Latn_BA, es_419, de__PHONEBOOK); not res_index, pool, root...
LOCALE_ID = re.compile(r"^[a-z]{2,3}(_|_[A-Z0-9][A-Za-z0-9]*)*$")
NOT_LOCALES = {"res_index", "pool", "root"}
# Multi-byte converter tables that stay: the WHATWG Encoding Standard's CJK encodings (bases of
# the windows-9xx extension tables are pulled in by the dependency check).
KEEP_CONVERTERS = {
    "ibm-943_P15A-2003",  # Shift_JIS (also ISO-2022-JP's JIS X 0208)
    "euc-jp-2007",  # EUC-JP
    "windows-936-2000",  # GBK
    "gb18030",
    "ibm-1383_P110-1999",  # GB2312 (EUC-CN)
    "windows-950-2000",  # Big5
    "ibm-970_P110_P110-2006_U2",  # EUC-KR
    "windows-949-2000",  # windows-949 (UHC)
}
# A missing item a kept item may depend on: break dictionaries (ICU falls back to rules).
TOLERATED_MISSING = re.compile(r"^brkitr/[^/]+\.dict$")
SELF_CHECK_TIMEOUT = 180


class Refused(Exception):
    """The trim cannot be done safely; the original library stays in place."""


# ------------------------------------------------------------------------------ ELF reading
class Elf:
    """The few facts about a little-endian ELF64 shared library this script needs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        data = path.read_bytes()
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            raise Refused(f"{path}: not a little-endian 64-bit ELF file")
        self.data = data
        self.machine = struct.unpack_from("<H", data, 0x12)[0]
        shoff = struct.unpack_from("<Q", data, 0x28)[0]
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        self.sections = []
        for i in range(shnum):
            _, stype, _, addr, off, size, link, _, _, entsize = struct.unpack_from(
                "<IIQQQQIIQQ", data, shoff + i * shentsize)
            self.sections.append((stype, addr, off, size, link, entsize))

    def _strings(self, index: int) -> tuple[int, int]:
        _, _, off, size, _, _ = self.sections[index]
        return off, size

    def _cstr(self, off: int) -> str:
        return self.data[off:self.data.index(b"\0", off)].decode()

    def dynamic_symbols(self) -> dict[str, tuple[int, int]]:
        """name -> (value, size) of the defined dynamic symbols."""
        symbols = {}
        for stype, _, off, size, link, entsize in self.sections:
            if stype != 11:  # SHT_DYNSYM
                continue
            stroff, _ = self._strings(link)
            for pos in range(off, off + size, entsize or 24):
                name, _, _, shndx, value, ssize = struct.unpack_from("<IBBHQQ", self.data, pos)
                if name and shndx:
                    symbols[self._cstr(stroff + name)] = (value, ssize)
        return symbols

    def soname(self) -> str | None:
        for stype, _, off, size, link, entsize in self.sections:
            if stype != 6:  # SHT_DYNAMIC
                continue
            stroff, _ = self._strings(link)
            for pos in range(off, off + size, entsize or 16):
                tag, val = struct.unpack_from("<qQ", self.data, pos)
                if tag == 0:
                    break
                if tag == 14:  # DT_SONAME
                    return self._cstr(stroff + val)
        return None

    def read_at(self, vaddr: int, size: int) -> bytes:
        for stype, addr, off, ssize, _, _ in self.sections:
            if stype != 8 and addr <= vaddr and vaddr + size <= addr + ssize:  # not NOBITS
                return self.data[off + vaddr - addr:off + vaddr - addr + size]
        raise Refused(f"{self.path}: symbol data not inside one section")


def icu_symbol(elf: Elf) -> tuple[str, bytes]:
    """The `icudtNN_dat` symbol of a libicudata and its bytes (the common data package)."""
    found = [(n, v) for n, v in elf.dynamic_symbols().items() if re.fullmatch(r"icudt\d+_dat", n)]
    if len(found) != 1:
        raise Refused(f"{elf.path}: expected one icudtNN_dat symbol, found {[n for n, _ in found]}")
    name, (value, size) = found[0]
    return name, elf.read_at(value, size)


# --------------------------------------------------------------------------- ICU .dat package
def package_items(dat: bytes) -> dict[str, bytes]:
    """Item name (with the package prefix, e.g. icudt73l/coll/tr.res) -> item bytes."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", dat, 0)
    if (magic1, magic2) != (0xDA, 0x27) or dat[12:16] != b"CmnD" or dat[8] != 0:
        raise Refused("the data is not a little-endian ICU common data package (CmnD)")
    count = struct.unpack_from("<I", dat, header_size)[0]
    entries = [struct.unpack_from("<II", dat, header_size + 4 + 8 * i) for i in range(count)]
    items = {}
    for i, (name_off, data_off) in enumerate(entries):
        end = entries[i + 1][1] if i + 1 < count else len(dat) - header_size
        name = dat[header_size + name_off:dat.index(b"\0", header_size + name_off)].decode()
        items[name] = dat[header_size + data_off:header_size + end]
    return items


def _max_bytes_per_char(item: bytes) -> int:
    """UConverterStaticData.maxBytesPerChar of a .cnv item."""
    header_size = struct.unpack_from("<H", item, 0)[0]
    return item[header_size + 71]


def removal_reason(name: str, item: bytes) -> str | None:
    """Why an item (name without the package prefix) goes, or None when it stays."""
    tree, _, base = name.rpartition("/")
    stem, _, ext = base.rpartition(".")
    if tree == "brkitr" and ext == "dict":
        return "break dictionaries"
    if tree == "translit":
        return "transliterators"
    if name == "unames.icu":
        return "character names"
    if not tree and ext == "cnv" and stem not in KEEP_CONVERTERS and _max_bytes_per_char(item) > 1:
        return "multi-byte codecs"
    if (ext == "res" and tree in LOCALE_TREES and LOCALE_ID.match(stem)
            and stem not in NOT_LOCALES and stem.split("_")[0] not in KEEP_LANGUAGES):
        return f"locale data ({tree or 'main'})"
    return None


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        hint = "icu-devtools" if name == "icupkg" else name
        raise Refused(f"`{name}` not found (install the Debian package {hint})")
    return path


def icupkg_remove(src: Path, out: Path, remove: list[str]) -> list[str]:
    """Write `out` = `src` without `remove` (names without prefix); returns what was removed.
    Items a kept item depends on stay, except tolerated missing ones (break dictionaries)."""
    icupkg = _tool("icupkg")
    remove = list(remove)
    missing_dep = re.compile(r"^Item (\S+) depends on missing item (\S+)", re.M)
    for _ in range(20):
        listfile = out.parent / "remove.txt"
        listfile.write_text("".join(f"{n}\n" for n in remove), encoding="utf-8")
        result = subprocess.run([icupkg, "-r", str(listfile), str(src), str(out)],
                                capture_output=True, text=True)
        deps = missing_dep.findall(result.stdout + result.stderr)
        if result.returncode == 0 and not deps:
            return remove
        if result.returncode != 0 and not deps:
            raise Refused(f"icupkg failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
        keep_back = {missing for _, missing in deps if not TOLERATED_MISSING.match(missing)}
        if not keep_back:
            break
        remove = [n for n in remove if n not in keep_back]
    else:
        raise Refused("icupkg: dependency resolution did not settle")
    result = subprocess.run([icupkg, "--ignore-deps", "-r", str(listfile), str(src), str(out)],
                            capture_output=True, text=True)
    bad = [m for _, m in missing_dep.findall(result.stdout + result.stderr)
           if not TOLERATED_MISSING.match(m)]
    if result.returncode != 0 or bad:
        raise Refused(f"icupkg failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    return remove


def build_library(dat_path: Path, out: Path, soname: str, symbol: str) -> None:
    gcc = _tool("gcc")
    asm = out.with_suffix(".S")
    incbin = str(dat_path).replace("\\", "\\\\").replace('"', '\\"')
    asm.write_text(
        "\t.section .rodata\n"
        f"\t.globl {symbol}\n"
        f"\t.type {symbol}, @object\n"
        "\t.balign 16\n"
        f"{symbol}:\n"
        f'\t.incbin "{incbin}"\n'
        f"\t.size {symbol}, . - {symbol}\n"
        '\t.section .note.GNU-stack,"",@progbits\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [gcc, "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-Wl,-z,noexecstack", "-Wl,-s",
         "-o", str(out), str(asm)], capture_output=True, text=True)
    if result.returncode != 0:
        raise Refused(f"gcc failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


# ----------------------------------------------------------------------------- the Qt check
def qt_check() -> dict:
    """Exercise every ICU entry point Qt uses; run in a subprocess with the library under test
    first on LD_LIBRARY_PATH. Returns {"icudata", "same", "info", "errors"}: `same` must be
    identical for the original and the trimmed library, `errors` must be empty."""
    import ctypes
    import functools

    from PySide6.QtCore import (
        QByteArray,
        QCollator,
        QDateTime,
        QLocale,
        QStringConverter,
        QStringDecoder,
        QStringEncoder,
        QTextBoundaryFinder,
        QTimeZone,
    )

    errors: list[str] = []
    same: dict = {}
    info: dict = {}

    def expect(ok: bool, what: str) -> None:
        if not ok:
            errors.append(what)

    # Collation: tailorings of every locale stay.
    words = ["ia", "ız", "çay", "cz", "dağ", "Ilık", "ılık", "İz", "şeker", "sz", "öz", "oz",
             "üç", "uz", "ğ", "g", "äpple", "zebra", "ñu", "nz", "ch", "h", "a10", "a2",
             "Ωμέγα", "Альфа", "яблоко", "日本", "中文", "한국", "あい", "アイ", "ก", "א", "ا"]
    for name in ("tr_TR", "en_US", "C", "de_DE", "sv_SE", "es_ES", "ru_RU", "ja_JP", "zh_CN",
                 "ko_KR", "ar_EG", "th_TH"):
        collator = QCollator(QLocale(name))
        same[f"collate {name}"] = sorted(words, key=functools.cmp_to_key(collator.compare))
        collator.setNumericMode(True)
        same[f"collate {name} numeric"] = sorted(
            ["a10", "a2", "a1"], key=functools.cmp_to_key(collator.compare))
    tr_order = sorted(["ia", "ız", "çay", "cz", "dağ"],
                      key=functools.cmp_to_key(QCollator(QLocale("tr_TR")).compare))
    expect(tr_order == ["cz", "çay", "dağ", "ız", "ia"], f"Turkish collation: {tr_order}")
    sv_order = sorted(["äpple", "zebra"],
                      key=functools.cmp_to_key(QCollator(QLocale("sv")).compare))
    expect(sv_order == ["zebra", "äpple"], f"Swedish collation: {sv_order}")

    # Case mapping.
    text = "i ı İ I ß ǅ Σας ﬁx"
    for name in ("tr", "az", "en", "de", "lt", "el"):
        same[f"upper {name}"] = QLocale(name).toUpper(text)
        same[f"lower {name}"] = QLocale(name).toLower(text)
    expect(QLocale("tr").toUpper("i") == "İ", "Turkish toUpper('i') is not 'İ'")
    expect(QLocale("tr").toLower("I") == "ı", "Turkish toLower('I') is not 'ı'")
    expect(QLocale("en").toUpper("i") == "I", "English toUpper('i') is not 'I'")

    # Text boundaries (Qt's own code; checked anyway).
    sentences = {
        "en": "Your order ships tomorrow. Thanks for waiting! Call +1 555-0100, e.g. today.",
        "tr": "Siparişiniz İstanbul'daki depodan yarın çıkacak. Teşekkürler! Ör. 3,5 TL.",
        "th": "สวัสดีครับ ยินดีต้อนรับ",
        "ja": "日本語のテキストです。次の文。",
    }
    for lang, sentence in sentences.items():
        for kind in ("Word", "Sentence", "Line", "Grapheme"):
            finder = QTextBoundaryFinder(getattr(QTextBoundaryFinder.BoundaryType, kind), sentence)
            marks, pos = [], finder.toNextBoundary()
            while pos != -1:
                marks.append(pos)
                pos = finder.toNextBoundary()
            same[f"boundaries {lang} {kind}"] = marks
    tr_sentences = same["boundaries tr Sentence"]
    expect(len(tr_sentences) >= 3 and tr_sentences[0] == 49,
           f"Turkish sentence boundaries: {tr_sentences}")

    # Time zones: validity, offsets, names in en/tr (other display languages are not kept).
    when = QDateTime.fromString("2024-01-15T12:00:00Z", "yyyy-MM-ddTHH:mm:ssZ")
    summer = QDateTime.fromString("2024-07-15T12:00:00Z", "yyyy-MM-ddTHH:mm:ssZ")
    kinds = [(t, n) for t in ("StandardTime", "DaylightTime", "GenericTime")
             for n in ("LongName", "ShortName", "OffsetName")]
    for zone_id in ("Europe/Istanbul", "America/New_York", "Europe/Berlin", "Asia/Tokyo",
                    "Australia/Sydney", "America/Sao_Paulo", "UTC"):
        zone = QTimeZone(QByteArray(zone_id.encode()))
        expect(zone.isValid(), f"time zone {zone_id} is not valid")
        same[f"tz {zone_id}"] = [zone.isValid(), zone.offsetFromUtc(when),
                                 zone.offsetFromUtc(summer), zone.hasDaylightTime()]
        for loc in ("en_US", "en_GB", "tr_TR", "de_DE", "ja_JP"):
            names = [zone.displayName(getattr(QTimeZone.TimeType, t),
                                      getattr(QTimeZone.NameType, n), QLocale(loc))
                     for t, n in kinds]
            (same if loc.split("_")[0] in KEEP_LANGUAGES else info)[f"tz {zone_id} {loc}"] = names
            expect(all(names), f"empty display name for {zone_id} in {loc}")
    istanbul = QTimeZone(QByteArray(b"Europe/Istanbul"))
    expect(istanbul.offsetFromUtc(when) == 3 * 3600, "Europe/Istanbul offset")
    ny = same["tz America/New_York en_US"][0]
    expect(ny == "Eastern Standard Time", f"New York long name in English: {ny!r}")
    ny_tr = same["tz America/New_York tr_TR"][0]
    expect(ny_tr == "Kuzey Amerika Doğu Standart Saati",
           f"New York long name in Turkish: {ny_tr!r}")
    same["tz ids"] = len(QTimeZone.availableTimeZoneIds())

    # Codecs: Qt's view (names, validity) and a byte-exact round trip through ICU itself.
    codecs = QStringConverter.availableCodecs()
    info["codecs"] = codecs
    icuuc = _loaded_library("libicuuc.so.")
    suffix = "_" + icuuc.rsplit(".so.", 1)[1].split(".")[0] if icuuc else ""
    uc = ctypes.CDLL(icuuc) if icuuc else None
    samples = {
        "windows-1254": "Çığır açan şüpheli öğrenci: İĞÜŞÖÇ ıi €",
        "ISO-8859-9": "Çığır açan şüpheli öğrenci: İĞÜŞÖÇ ıi",
        "windows-1252": "Grüße, façade, naïve — 5 €",
        "ISO-8859-1": "Grüße, façade, naïve",
        "ISO-8859-15": "€ œuvre",
        "windows-1250": "Zażółć gęślą jaźń",
        "ISO-8859-2": "Zażółć gęślą jaźń",
        "windows-1251": "Съешь же ещё этих мягких булок",
        "KOI8-R": "Съешь же ещё этих мягких булок",
        "KOI8-U": "Ґанок і їжак",
        "IBM866": "Привет",
        "ISO-8859-5": "Привет",
        "windows-1253": "Καλημέρα",
        "ISO-8859-7": "Καλημέρα",
        "windows-1255": "שלום",
        "windows-1256": "مرحبا",
        "windows-1257": "Ąžuolas",
        "windows-1258": "Xin chào, Đà",
        "windows-874": "สวัสดี",
        "macintosh": "Café",
        "IBM437": "Café",
        "Shift_JIS": "日本語のテキスト",
        "EUC-JP": "日本語のテキスト",
        "ISO-2022-JP": "日本語のテキスト",
        "GBK": "中文文本",
        "GB2312": "中文文本",
        "gb18030": "中文文本 😀",
        "Big5": "中文繁體",
        "EUC-KR": "한국어 텍스트",
        "windows-949": "한국어 텍스트",
        "UTF-16LE": "Türkçe 😀",
    }
    for codec, sample in samples.items():
        expect(QStringEncoder(codec).isValid() and QStringDecoder(codec).isValid(),
               f"Qt has no codec {codec}")
        if uc is None:
            continue
        encoded, decoded = _icu_round_trip(uc, suffix, codec, sample)
        same[f"codec {codec}"] = encoded.hex()
        expect(decoded == sample, f"{codec} round trip: {decoded!r}")
    expect(uc is not None, "libicuuc is not loaded")
    expect(bytes.fromhex(same.get("codec windows-1254", "")).startswith(b"\xc7\xfd\xf0\xfdr"),
           "windows-1254 bytes")
    expect(bytes.fromhex(same.get("codec ISO-8859-9", "")).startswith(b"\xc7\xfd\xf0\xfdr"),
           "ISO-8859-9 bytes")

    # Rendering offscreen.
    info["render"] = _render(os.environ.get("SMMDESK_ICU_CHECK_PNG"))
    expect(info["render"]["ink"] > 500, f"rendered text looks blank: {info['render']}")

    icudata = _loaded_library("libicudata.so.")
    expected_dir = os.environ.get("SMMDESK_ICU_EXPECT_DIR")
    if expected_dir:
        expect(bool(icudata) and Path(icudata).parent.resolve() == Path(expected_dir).resolve(),
               f"libicudata loaded from {icudata}, not from {expected_dir}")
    return {"icudata": icudata, "same": same, "info": info, "errors": errors}


def _loaded_library(prefix: str) -> str | None:
    with open("/proc/self/maps", encoding="utf-8") as maps:
        for line in maps:
            path = line.split(maxsplit=5)[-1].strip()
            if os.path.basename(path).startswith(prefix):
                return path
    return None


def _icu_round_trip(uc, suffix: str, codec: str, text: str) -> tuple[bytes, str]:
    import ctypes

    err = ctypes.c_int(0)
    open_ = getattr(uc, "ucnv_open" + suffix)
    open_.restype = ctypes.c_void_p
    open_.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    close = getattr(uc, "ucnv_close" + suffix)
    close.argtypes = [ctypes.c_void_p]
    from_u = getattr(uc, "ucnv_fromUChars" + suffix)
    from_u.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int32, ctypes.c_char_p,
                       ctypes.c_int32, ctypes.POINTER(ctypes.c_int)]
    to_u = getattr(uc, "ucnv_toUChars" + suffix)
    to_u.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int32, ctypes.c_char_p,
                     ctypes.c_int32, ctypes.POINTER(ctypes.c_int)]
    conv = open_(codec.encode(), ctypes.byref(err))
    if not conv or err.value > 0:
        return b"", f"<ucnv_open failed: {err.value}>"
    try:
        src = text.encode("utf-16-le")
        out = ctypes.create_string_buffer(4 * len(src) + 16)
        n = from_u(conv, out, len(out), src, len(src) // 2, ctypes.byref(err))
        encoded = out.raw[:n]
        back = ctypes.create_string_buffer(4 * len(encoded) + 16)
        m = to_u(conv, back, len(back) // 2, encoded, len(encoded), ctypes.byref(err))
        if err.value > 0:
            return encoded, f"<error {err.value}>"
        return encoded, back.raw[:2 * m].decode("utf-16-le")
    finally:
        close(conv)


def _render(png: str | None) -> dict:
    from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

    app = QApplication.instance() or QApplication([])
    window = QWidget()
    layout = QVBoxLayout(window)
    for line in ("SMM Desk — Place order", "Sipariş ver: İstanbul ığüşöç ĞÜŞİÖÇ",
                 "Grüße façade Zażółć Привет Καλημέρα", "日本語 中文 한국어 ภาษาไทย عربى"):
        layout.addWidget(QLabel(line))
    window.resize(520, 200)
    window.show()
    app.processEvents()
    image = window.grab().toImage()
    if png:
        image.save(png)
    background = image.pixelColor(0, 0)
    ink = sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
              if _distance(image.pixelColor(x, y), background) > 60)
    window.close()
    return {"size": [image.width(), image.height()], "ink": ink}


def _distance(a, b) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def run_qt_check(python: str, libdir: Path, env_extra: dict | None = None,
                 png: Path | None = None) -> dict:
    """The check in a fresh process whose libicudata comes from `libdir`."""
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = str(libdir) + (
        os.pathsep + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    env["SMMDESK_ICU_EXPECT_DIR"] = str(libdir)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.setdefault("QT_ACCESSIBILITY", "0")
    env.pop("PYTHONPATH", None)
    if png:
        env["SMMDESK_ICU_CHECK_PNG"] = str(png)
    env.update(env_extra or {})
    result = subprocess.run([python, str(Path(__file__).resolve()), "--qt-check"],
                            capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0:
        raise Refused(f"Qt check crashed ({result.returncode}) with {libdir}:\n"
                      f"{result.stderr.strip()[-3000:]}")
    try:
        return json.loads(result.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError) as exc:
        raise Refused(f"Qt check printed no result: {result.stdout[-2000:]}") from exc


def verify(python: str, original: Path, trimmed: Path, workdir: Path) -> None:
    """The trimmed library must load and give the original's results; raises Refused."""
    results = {}
    for label, lib in (("original", original), ("trimmed", trimmed)):
        libdir = workdir / f"check-{label}"
        libdir.mkdir()
        shutil.copy2(lib, libdir / original.name)
        results[label] = run_qt_check(python, libdir, png=workdir / f"render-{label}.png")
        if results[label]["errors"]:
            raise Refused(f"Qt check with the {label} library failed: {results[label]['errors']}")
    ref, new = results["original"]["same"], results["trimmed"]["same"]
    diff = sorted(k for k in set(ref) | set(new) if ref.get(k) != new.get(k))
    if diff:
        details = "; ".join(f"{k}: {ref.get(k)!r} -> {new.get(k)!r}" for k in diff[:5])
        raise Refused(f"the trimmed library changes {len(diff)} result(s): {details}")
    # A user whose system locale's data was removed must not see failures either.
    for lang in ("de_DE.UTF-8", "ja_JP.UTF-8", "tr_TR.UTF-8"):
        libdir = workdir / "check-trimmed"
        res = run_qt_check(python, libdir, {"LANG": lang, "LC_ALL": lang})
        if res["errors"]:
            raise Refused(f"Qt check with LANG={lang} failed: {res['errors']}")
    print(f"trim_icu: Qt checks passed: {len(ref)} results (collation, case mapping, text "
          "boundaries, time zones and their en/tr names, codec round trips) identical to the "
          "original library's; offscreen rendering; LANG=de_DE/ja_JP/tr_TR")


# --------------------------------------------------------------------------------- driving
def find_library(target: Path) -> tuple[Path, Path | None]:
    """(the real libicudata file, the bundle dir or None)."""
    if target.is_file():
        return target.resolve(), None
    if not target.is_dir():
        raise Refused(f"{target}: no such file or directory")
    libs = sorted({p.resolve() for p in target.rglob("libicudata.so.*") if p.is_file()})
    if len(libs) != 1:
        raise Refused(f"{target}: expected one libicudata.so.*, found {[str(p) for p in libs]}")
    return libs[0], target


def tree_size(path: Path) -> int:
    return sum(os.lstat(os.path.join(d, f)).st_size
               for d, _, files in os.walk(path) for f in files)


def _sizes(n: int) -> str:
    return f"{n / MIB:.1f} MiB ({n / 1e6:.1f} MB)"


def self_check(bundle: Path) -> None:
    exe = bundle / bundle.name
    if not exe.is_file():
        print(f"trim_icu: no executable {exe}; bundle self-check skipped")
        return
    for lang in ("en", "tr"):
        with tempfile.TemporaryDirectory(prefix="trim-icu-selfcheck-") as tmp:
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SMMDESK_DATA_DIR=tmp)
            env.pop("PYTHONPATH", None)
            env.pop("PYTHONHOME", None)
            env.pop("LD_LIBRARY_PATH", None)
            try:
                result = subprocess.run([str(exe), "--self-check", "--data-dir", tmp,
                                         "--lang", lang], capture_output=True, text=True,
                                        env=env, cwd=tmp, timeout=SELF_CHECK_TIMEOUT)
            except subprocess.TimeoutExpired as exc:
                raise Refused(f"bundle self-check ({lang}) timed out") from exc
            out = result.stdout + result.stderr
            lines = [ln for ln in out.splitlines() if ln.startswith("self-check")]
            if result.returncode != 0 or not lines or not lines[-1].startswith("self-check ok"):
                raise Refused(f"bundle self-check ({lang}) failed with the trimmed ICU data "
                              f"(exit {result.returncode}):\n{out[-3000:]}")
            print(f"trim_icu: bundle {lines[-1]}")


def _swap_in(src: Path, dest: Path) -> None:
    """Replace `dest` by a copy of `src` atomically (a new inode: caches stay untouched)."""
    staged = dest.with_name(dest.name + ".trim-icu-tmp")
    try:
        shutil.copyfile(src, staged)
        shutil.copymode(dest, staged)
        os.replace(staged, dest)
    finally:
        staged.unlink(missing_ok=True)


def trim(target: Path, python: str, run_self_check: bool = True) -> bool:
    """Trim in place; True when the library changed, False when already trimmed."""
    lib, bundle = find_library(target)
    for tool in ("icupkg", "gcc"):
        _tool(tool)
    elf = Elf(lib)
    soname = elf.soname()
    if not soname or not soname.startswith("libicudata.so."):
        raise Refused(f"{lib}: unexpected SONAME {soname!r}")
    symbol, dat = icu_symbol(elf)
    items = package_items(dat)
    prefix = symbol[:-len("_dat")] + "l/"
    if not all(name.startswith(prefix) for name in items):
        raise Refused(f"{lib}: package items are not all under {prefix}")
    reasons = {}
    for name, item in items.items():
        why = removal_reason(name[len(prefix):], item)
        if why:
            reasons[name[len(prefix):]] = why
    lib_before = lib.stat().st_size
    bundle_before = tree_size(bundle) if bundle else None
    if not reasons:
        print(f"trim_icu: {lib} is already trimmed ({_sizes(lib_before)}, {len(items)} items)")
        return False

    with tempfile.TemporaryDirectory(prefix="trim-icu-") as tmp:
        work = Path(tmp)
        src = work / "in" / (prefix[:-1] + ".dat")
        src.parent.mkdir()
        src.write_bytes(dat)
        out = work / "out" / src.name  # icupkg names items after the output file: keep it
        out.parent.mkdir()
        removed = icupkg_remove(src, out, sorted(reasons))
        if not removed:  # what is left is needed by kept items: trimmed before
            print(f"trim_icu: {lib} is already trimmed ({_sizes(lib_before)}, "
                  f"{len(items)} items)")
            return False
        new_dat = out.read_bytes()
        new_items = package_items(new_dat)
        expected = {n for n in items if n[len(prefix):] not in set(removed)}
        if set(new_items) != expected:
            raise Refused("icupkg wrote an unexpected item list")
        for name, data in new_items.items():
            old = items[name]
            n = min(len(old), len(data))
            if data[:n] != old[:n] or old[n:].strip(b"\0") or data[n:].strip(b"\0"):
                raise Refused(f"icupkg changed the item {name}")

        new_lib = work / "lib" / lib.name
        new_lib.parent.mkdir()
        build_library(out, new_lib, soname, symbol)
        new_elf = Elf(new_lib)
        if (new_elf.machine != elf.machine or new_elf.soname() != soname
                or icu_symbol(new_elf) != (symbol, new_dat)):
            raise Refused("the rebuilt library does not match (machine, SONAME or data)")

        verify(python, lib, new_lib, work)

        backup = work / "original" / lib.name
        backup.parent.mkdir()
        shutil.copy2(lib, backup)
        _swap_in(new_lib, lib)
        if bundle and run_self_check:
            try:
                self_check(bundle)
            except BaseException:
                _swap_in(backup, lib)
                raise

    by_reason: dict[str, int] = {}
    for name in removed:
        by_reason[reasons[name]] = by_reason.get(reasons[name], 0) + len(items[prefix + name])
    print(f"trim_icu: removed {len(removed)} of {len(items)} ICU data items:")
    for why, size in sorted(by_reason.items(), key=lambda kv: -kv[1]):
        print(f"  {why:28s} {size / 1e6:6.2f} MB")
    print(f"trim_icu: {lib.name}: {_sizes(lib_before)} -> {_sizes(lib.stat().st_size)}")
    if bundle:
        print(f"trim_icu: bundle {bundle}: {_sizes(bundle_before)} -> {_sizes(tree_size(bundle))}")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", nargs="?", type=Path,
                        help="the one-folder bundle or a libicudata.so.NN file")
    parser.add_argument("--python", default=sys.executable,
                        help="a Python with the PySide6 the library belongs to (runs the checks)")
    parser.add_argument("--no-self-check", action="store_true",
                        help="do not run the bundle's --self-check after the swap")
    parser.add_argument("--qt-check", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.qt_check:
        print(json.dumps(qt_check(), ensure_ascii=False))
        return 0
    if args.target is None:
        parser.error("target is required")
    if not sys.platform.startswith("linux"):
        print("trim_icu: Linux only; nothing done")
        return 0
    try:
        trim(args.target, args.python, not args.no_self_check)
    except Refused as exc:
        print(f"trim_icu: REFUSED, the original library is left in place: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
