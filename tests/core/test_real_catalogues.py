"""Real panels' ``services`` answers (``shared/reference/real-catalogues/``, beside the clone):
what a person would see of each — every readable service kept, names decoded for display and
search, type spellings mapped, and the rows that cannot be read counted, not dropped silently.
Issue 12, items 4 and 5."""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from smmdesk import api, servicetypes
from smmdesk.demo.server import PanelSimulator
from smmdesk.textnorm import display_text, fold
from smmdesk.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
# shared/ sits beside the clone (CI); a git worktree one level further down finds it too.
CATALOGUES = next(
    (p for p in (base / "shared" / "reference" / "real-catalogues"
                 for base in (ROOT.parent, ROOT.parent.parent)) if p.is_dir()),
    ROOT.parent / "shared" / "reference" / "real-catalogues",
)

# file -> (services a person sees, rows that cannot be read), from the folder's README.
EXPECTED = {
    "cmsnt-smm1s.json": (1497, 0),
    "pablosmm-firstprovider.json": (751, 0),
    "smmpanelus.json": (2945, 0),
    "socproof.json": (1193, 0),
    "telegramshop.json": (50, 0),
    "topsmm-in.json": (1325, 0),
    "vexboost.json": (853, 0),
    "ytresellers.json": (4110, 0),
}
ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#\d+|#x[0-9a-f]+);", re.IGNORECASE)


@pytest.fixture
def ws(engine_ws: Workspace) -> Workspace:
    """This file's workspace: of each engine (tests/engines.py)."""
    return engine_ws


def _files() -> list[Path]:
    if not CATALOGUES.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{CATALOGUES} is missing: shared/ must sit beside the clone")
        pytest.skip(f"{CATALOGUES} is not here")
    return sorted(CATALOGUES.glob("*.json"))


def _load(path: Path) -> object:
    return json.loads(path.read_bytes().decode("utf-8-sig"))


def test_every_catalogue_is_known() -> None:
    assert {p.name for p in _files()} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_what_a_person_sees_of_a_real_catalogue(name: str) -> None:
    _files()
    services, unreadable = api.read_services(_load(CATALOGUES / name))
    assert (len(services), sum(unreadable.values())) == EXPECTED[name]
    for s in services:
        shown = display_text(s.name)
        assert shown and not ENTITY.search(shown), s.name  # "Real &amp; Active" -> "Real & Active"
        assert "\n" not in shown and "\r" not in shown
        assert not ENTITY.search(display_text(s.category))
        assert not ENTITY.search(display_text(s.description, multiline=True))
        if "&amp;" in s.name:
            assert "&" in shown and "&" not in fold(s.name)
        # every type these panels use is one SMM Desk knows: no fallback form for them
        _type, known = servicetypes.lookup(s.type)
        assert known, (s.id, s.type)
        assert isinstance(s.rate, Decimal) and s.min >= 0 and s.max >= 0


def test_entities_are_decoded_where_real_panels_put_them() -> None:
    _files()
    services, _ = api.read_services(_load(CATALOGUES / "ytresellers.json"))
    with_amp = [s for s in services if "&amp;" in s.name]
    assert len(with_amp) >= 200  # the raw text is kept as the panel sent it
    assert all("&amp;" not in display_text(s.name) for s in with_amp)
    services, _ = api.read_services(_load(CATALOGUES / "smmpanelus.json"))
    shown = {display_text(s.name) for s in services}
    assert any("Видео < 5 Мин" in n for n in shown)
    assert any('"Power Accounts"' in n for n in shown)


ODD_ROWS = [
    {"service": "12a", "name": "Bad id", "type": "Default", "category": "X", "rate": "1",
     "min": "10", "max": "100"},
    {"service": "", "name": "No id", "type": "Default", "category": "X", "rate": "1",
     "min": "10", "max": "100"},
    {"service": 900001, "name": "", "type": "Default", "category": "X", "rate": "1",
     "min": "10", "max": "100"},
    {"service": 900002, "name": "No price", "type": "Default", "category": "X", "rate": "n/a",
     "min": "10", "max": "100"},
    {"service": 900003, "name": "Real &amp; Active comments", "type": "Custom Comment",
     "category": "Instagram &amp; Co", "rate": "2", "min": "5", "max": "50"},
    {"service": 900004, "name": "Comment likes", "type": "comment_likes", "category": "X",
     "rate": "2", "min": "5", "max": "50"},
    {"service": 900005, "name": "Special thing", "type": "Special", "category": "X",
     "rate": "2", "min": "5", "max": "50"},
    {"service": 900003, "name": "Listed twice", "type": "Default", "category": "X", "rate": "2",
     "min": "5", "max": "50"},
]


def test_refresh_says_how_many_services_could_not_be_read(ws: Workspace) -> None:
    with PanelSimulator(services=20, key="odd-rows-key-0123456789") as sim:
        sim.add_raw_services(ODD_ROWS)
        panel = ws.add_panel("Odd", sim.url, sim.key)
        diff = ws.refresh_services(panel.id)
    assert diff.total == 23
    assert diff.unreadable == {"id": 2, "name": 1, "rate": 1, "duplicate": 1}
    custom = ws.service(panel.id, 900003)
    assert custom is not None and custom.name == "Real &amp; Active comments"  # stored raw
    assert servicetypes.type_of(custom)[0].key == "custom_comments"
    assert servicetypes.type_of(ws.service(panel.id, 900004))[0].key == "comment_likes"
    special = ws.service(panel.id, 900005)
    assert servicetypes.type_of(special) == (servicetypes.lookup("Default")[0], False)
    assert servicetypes.unknown_notice(special.type) is not None  # the careful fallback
