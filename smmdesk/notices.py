"""THIRD-PARTY-NOTICES: who wrote what the bundle ships, under which licence, with the texts.

Built from the installed distributions' metadata (``importlib.metadata``: name, version, licence,
the licence files in their ``.dist-info``), plus fixed entries for what is not a Python
distribution: Python itself, OpenSSL, Qt and ICU (inside the PySide6 wheels) and, for a Linux
bundle, the system libraries PyInstaller copied in. ``scripts/third_party_notices.py`` writes
the file at build time (``build.spec`` runs it); Help → Third-party licences shows it.
"""

from __future__ import annotations

import importlib.metadata as md
import re
import ssl
import sys
import sysconfig
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from smmdesk.paths import resource

__all__ = [
    "BUNDLE_ONLY",
    "NOTICES_FILE",
    "bundled_distributions",
    "entry_names",
    "generate",
    "project_requirements",
]

NOTICES_FILE = "THIRD-PARTY-NOTICES"
# Distributions in the bundle that are not runtime requirements: PyInstaller's bootloader.
BUNDLE_ONLY = ("pyinstaller",)
_LICENCE_FILE = re.compile(r"^(licen[cs]e|copying|notice|authors)", re.I)
_RULE = "=" * 78
_ROOT = Path(__file__).resolve().parent.parent


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def project_requirements(pyproject: Path | None = None) -> list[str]:
    """The runtime requirements in pyproject.toml (next to the sources), else of the installed
    ``smm-desk`` distribution."""
    path = pyproject or _ROOT / "pyproject.toml"
    if path.is_file():
        project = tomllib.loads(path.read_text(encoding="utf-8"))["project"]
        return list(project.get("dependencies", []))
    try:
        return [r for r in md.requires("smm-desk") or [] if "extra ==" not in r]
    except md.PackageNotFoundError:
        return []


def _requirement_name(req: str) -> tuple[str, str]:
    """(name, marker) of a PEP 508 requirement string (its extras: ``_requirement_extras``)."""
    spec, _, marker = req.partition(";")
    name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    return (name.group(1) if name else spec.strip()), marker.strip()


def _requirement_extras(req: str) -> frozenset[str]:
    """The extras a requirement asks for: ``psycopg[binary]`` → {"binary"}."""
    found = re.match(r"\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*\[([^\]]*)\]", req.partition(";")[0])
    if not found:
        return frozenset()
    return frozenset(_norm(e.strip()) for e in found.group(1).split(",") if e.strip())


_EXTRA_CLAUSE = re.compile(r"""\bextra\s*==\s*["']([^"']+)["']""")


def _for_extras(marker: str, extras: frozenset[str]) -> str | None:
    """A dependency's marker once the extras asked for are taken into account: "" or the rest
    of the marker when it names one of ``extras`` (``implementation_name != "pypy" and extra ==
    "binary"`` → ``implementation_name != "pypy"``); None when it is for another extra; the
    marker as it is when it names no extra."""
    named = _EXTRA_CLAUSE.findall(marker)
    if not named:
        return marker
    if not any(_norm(e) in extras for e in named) or " or " in marker:
        return None
    rest = _EXTRA_CLAUSE.sub("", marker)
    rest = re.sub(r"^\s*and\s+|\s+and\s*$", "", rest.strip())
    return rest.strip().strip("()").strip() if rest.strip() not in ("", "and") else ""


def _marker_holds(marker: str) -> bool:
    """Without ``packaging`` (not a runtime dependency): any marker but an extra's holds. A
    distribution listed too many is harmless (only installed ones are listed at all); the build
    script passes a precise evaluator."""
    return "extra" not in marker


def bundled_distributions(
    requirements: Iterable[str] | None = None,
    *,
    marker_holds: Callable[[str], bool] = _marker_holds,
) -> list[md.Distribution]:
    """The installed distributions the bundle carries: the runtime requirements, what they
    require (environment markers by ``marker_holds``; the requirements of the extras asked
    for, as ``psycopg[binary]``'s), and ``BUNDLE_ONLY``; sorted by name."""
    reqs = project_requirements() if requirements is None else requirements
    todo = [(*_requirement_name(r), _requirement_extras(r)) for r in reqs]
    todo += [(name, "", frozenset()) for name in BUNDLE_ONLY]
    found: dict[str, md.Distribution] = {}
    while todo:
        name, marker, extras = todo.pop()
        if (marker and not marker_holds(marker)) or _norm(name) in found:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        found[_norm(name)] = dist
        if _norm(name) in BUNDLE_ONLY:
            continue  # only its bootloader is in the bundle, not its own requirements
        for req in dist.requires or []:
            dep, dep_marker = _requirement_name(req)
            # Extras asked for (psycopg[binary] brings psycopg-binary, with libpq inside).
            kept = _for_extras(dep_marker, extras)
            if kept is not None:
                todo.append((dep, kept, _requirement_extras(req)))
    return sorted(found.values(), key=lambda d: _norm(d.metadata["Name"]))


def _licence_of(dist: md.Distribution) -> str:
    meta: Any = dist.metadata  # an email.message.Message underneath: .get() is there
    expression = meta.get("License-Expression")
    if expression:
        return expression
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License")
    ]
    text = (meta.get("License") or "").strip()
    if text and len(text) <= 100 and "\n" not in text:
        return text
    if classifiers:
        return " / ".join(classifiers)
    return text.splitlines()[0] if text else "see the licence text below"


def _licence_texts(dist: md.Distribution) -> list[tuple[str, str]]:
    out = []
    for f in dist.files or []:
        if ".dist-info" not in str(f) or not _LICENCE_FILE.match(f.name):
            continue
        try:
            out.append((f.name, f.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    return out


def _resource_text(name: str) -> str:
    path = resource("licenses", name)
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return f"(the text of {name} is missing from this copy)"


def _python_licence() -> str:
    for base in (sysconfig.get_path("stdlib"), sys.base_prefix):
        path = Path(base) / "LICENSE.txt"
        if path.is_file():
            return path.read_text(encoding="utf-8", errors="replace")
    return "Python Software Foundation License Version 2: https://docs.python.org/3/license.html"


_ICU = """\
Copyright (c) 1991-2023 Unicode, Inc. All rights reserved.
Distributed under the Terms of Use in https://www.unicode.org/copyright.html
(UNICODE LICENSE V3 / ICU License: https://github.com/unicode-org/icu/blob/main/LICENSE).

Permission is hereby granted, free of charge, to any person obtaining a copy of data files and
any associated documentation (the "Data Files") or software and any associated documentation
(the "Software") to deal in the Data Files or Software without restriction, including without
limitation the rights to use, copy, modify, merge, publish, distribute, and/or sell copies of
the Data Files or Software, and to permit persons to whom the Data Files or Software are
furnished to do so, provided that either (a) this copyright and permission notice appear with
all copies of the Data Files or Software, or (b) this copyright and permission notice appear in
associated Documentation.

THE DATA FILES AND SOFTWARE ARE PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
PARTICULAR PURPOSE AND NONINFRINGEMENT OF THIRD PARTY RIGHTS. IN NO EVENT SHALL THE COPYRIGHT
HOLDER OR HOLDERS INCLUDED IN THIS NOTICE BE LIABLE FOR ANY CLAIM, OR ANY SPECIAL INDIRECT OR
CONSEQUENTIAL DAMAGES, OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS,
WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN
CONNECTION WITH THE USE OR PERFORMANCE OF THE DATA FILES OR SOFTWARE.

Except as contained in this notice, the name of a copyright holder shall not be used in
advertising or otherwise to promote the sale, use or other dealings in these Data Files or
Software without prior written authorization of the copyright holder.
"""

_QT = """\
Qt is Copyright (C) The Qt Company Ltd. and other contributors, used under the GNU Lesser
General Public License version 3 (LGPL-3.0), like PySide6 and shiboken6 above. You may replace
the Qt (and PySide6/shiboken6) libraries in this bundle with your own builds of the same or a
compatible version: see "Replacing the Qt libraries" in the README. The source code of Qt is at
https://download.qt.io/official_releases/qt/ and of PySide6 at https://code.qt.io/pyside/.
The texts of the LGPL-3.0 and of the GPL-3.0 it builds on follow.
"""


def _fixed_entries(qt_version: str | None) -> list[tuple[str, str, str, str]]:
    """(name, version, licence, text) for what is not a Python distribution."""
    try:
        pyside = md.version("PySide6_Essentials")
    except md.PackageNotFoundError:
        pyside = ""
    return [
        (
            "Python",
            sys.version.split()[0],
            "PSF-2.0",
            _python_licence(),
        ),
        (
            "OpenSSL",
            ssl.OPENSSL_VERSION.split()[1] if " " in ssl.OPENSSL_VERSION else "",
            "Apache-2.0",
            "OpenSSL 3 is Copyright (c) 1998-2025 The OpenSSL Project Authors, licensed under "
            "the Apache License 2.0:\n\n" + _resource_text("Apache-2.0.txt"),
        ),
        (
            "Qt",
            qt_version or pyside,
            "LGPL-3.0-only",
            _QT
            + "\n"
            + _resource_text("LGPL-3.0.txt")
            + "\n"
            + _RULE
            + "\n"
            + _resource_text("GPL-3.0.txt"),
        ),
        ("ICU", "", "Unicode-3.0 (ICU License)", _ICU),
    ]


def _block(name: str, version: str, licence: str, texts: list[tuple[str, str]]) -> str:
    head = f"{name} {version}".strip()
    lines = [_RULE, head, f"Licence: {licence}", _RULE, ""]
    for fname, text in texts:
        if len(texts) > 1 or fname:
            lines.append(f"--- {fname} ---" if fname else "")
        lines.append(text.rstrip() + "\n")
    return "\n".join(lines) + "\n"


def generate(
    dists: Iterable[md.Distribution] | None = None,
    *,
    qt_version: str | None = None,
    system_libraries: Iterable[tuple[str, str, str]] = (),
) -> str:
    """The whole notices text. ``system_libraries``: (library, package, licence text) for the
    system libraries a Linux bundle carries."""
    dists = list(bundled_distributions() if dists is None else dists)
    project = _ROOT / "LICENSE"
    parts = [
        "THIRD-PARTY NOTICES for SMM Desk\n\n"
        "SMM Desk is MIT-licensed (its LICENSE follows). It ships the software listed below; "
        "each entry gives its name, version, licence and licence text.\n\n",
    ]
    if project.is_file():
        parts.append(_block("SMM Desk", "", "MIT", [("LICENSE", project.read_text("utf-8"))]))
    for dist in dists:
        name = dist.metadata["Name"]
        texts = _licence_texts(dist)
        if not texts:
            licence = _licence_of(dist)
            if "LGPL-3.0" in licence:
                texts = [("", "The LGPL-3.0 text is given under Qt, below.")]
            else:
                texts = [("", f"No licence file in its metadata; licence: {licence}.")]
        parts.append(_block(name, dist.version, _licence_of(dist), texts))
    for name, version, licence, text in _fixed_entries(qt_version):
        parts.append(_block(name, version, licence, [("", text)]))
    for library, package, text in system_libraries:
        parts.append(_block(library, f"(from {package})", "see below", [("", text)]))
    return "".join(parts)


def entry_names(text: str) -> set[str]:
    """The normalised names that have an entry in a notices text (tests)."""
    names = set()
    lines = text.splitlines()
    for i, line in enumerate(lines[:-1]):
        if line == _RULE and i + 2 < len(lines) and lines[i + 2].startswith("Licence: "):
            names.add(_norm(lines[i + 1].split(" ")[0]))
    return names
