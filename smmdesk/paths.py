"""Where things live: data dir (overridable), and bundled resources (frozen or not)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from smmdesk import APP_NAME

DATA_DIR_ENV = "SMMDESK_DATA_DIR"


def default_data_dir() -> Path:
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def resources_dir() -> Path:
    """The resources/ folder, inside a PyInstaller bundle or next to the sources."""
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
