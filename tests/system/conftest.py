"""Fixtures of the system tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.xvfb_support import xvfb


@pytest.fixture
def xserver(tmp_path: Path) -> Iterator[str]:
    """An Xvfb display of the test's own (tests/xvfb_support.py), stopped after it."""
    with xvfb(tmp_path / "xvfb.log") as display:
        yield display
