"""Issue 18 item 1: the project's licence, and a notice for everything the bundle ships.

What the bundle ships is what build.spec collects: main.py and the project's packages, the
modules of its ``hiddenimports`` list, and everything those import: the runtime requirements and
what they require. Each such distribution must have an entry in THIRD-PARTY-NOTICES.
"""

from __future__ import annotations

import ast
import importlib.metadata as md
import subprocess
import sys
import tomllib
from pathlib import Path

from smmdesk import notices

ROOT = Path(__file__).resolve().parent.parent.parent


def _spec_hiddenimports() -> list[str]:
    tree = ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "hiddenimports" for t in node.targets
        ):
            return [ast.literal_eval(e) for e in node.value.elts]
    raise AssertionError("build.spec has no hiddenimports list")


def _imported_top_levels() -> set[str]:
    """Top-level modules the app's own code imports (what PyInstaller starts from)."""
    names: set[str] = set()
    files = [ROOT / "main.py", *(ROOT / "smmdesk").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return names


def _marker_holds(marker: str) -> bool:
    from packaging.markers import Marker  # the build's evaluator (PyInstaller requires it)

    return "extra" not in marker and Marker(marker).evaluate()


def test_the_project_is_mit_licensed():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Copyright (c) 2026 The SMM Desk authors" in text
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    # PEP 639: an SPDX expression and the file; no license classifier (setuptools ≥ 77 warns
    # about one in every build, which `make run` would print: issue 24).
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert not [c for c in project.get("classifiers", []) if c.startswith("License ::")]
    assert any(r.startswith("setuptools>=") and int(r.split(">=")[1].split(".")[0]) >= 77
               for r in pyproject["build-system"]["requires"])


def test_every_bundled_distribution_has_an_entry(tmp_path):
    out = tmp_path / "THIRD-PARTY-NOTICES"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "third_party_notices.py"), str(out)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    names = notices.entry_names(text)
    # What the spec and the code pull in, mapped to the distributions that provide them.
    providers = md.packages_distributions()
    modules = {m.split(".")[0] for m in _spec_hiddenimports()} | _imported_top_levels()
    wanted = {
        notices._norm(dist)
        for module in modules
        for dist in providers.get(module, [])
        if notices._norm(dist) != "smm-desk"
    }
    wanted |= {
        notices._norm(d.metadata["Name"])
        for d in notices.bundled_distributions(marker_holds=_marker_holds)
    }
    assert {"pyside6-essentials", "pyside6-addons", "shiboken6", "requests", "certifi",
            "urllib3", "idna", "keyring", "secretstorage", "jeepney", "platformdirs",
            "cryptography", "pyinstaller", "psycopg", "psycopg-binary"} <= wanted
    assert wanted <= names, sorted(wanted - names)
    assert {"python", "openssl", "qt", "icu"} <= names
    # Each entry carries its licence: the texts of the ones with files in their metadata.
    assert "Apache License" in text and "GNU LESSER GENERAL PUBLIC LICENSE" in text
    assert "Mozilla Public License" in text  # certifi
    assert "requests" in text and "NOTICE" in text  # requests' NOTICE file too


def test_the_spec_builds_and_ships_the_notices():
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert "third_party_notices.py" in spec
    assert '("resources/THIRD-PARTY-NOTICES"' in spec and '("resources/LICENSE"' in spec
