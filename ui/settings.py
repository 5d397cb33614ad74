"""The GUI's own settings: an INI file in the data dir (never the platform default, never a key)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from smmdesk import fsutil

# The language chosen in Preferences (settings.ini in the data dir), applied at start-up.
LANGUAGE_KEY = "ui/language"
LANGUAGES = (("en", "English"), ("tr", "Türkçe"), ("system", "System"))

SETTINGS_FILE = "settings.ini"
# The cap on one panel answer, in MB ([network] max_answer_mb; no dialog: settings.ini only).
MAX_ANSWER_MB_KEY = "network/max_answer_mb"
MAX_ANSWER_MB_DEFAULT = 64  # as smmdesk.api.MAX_ANSWER_BYTES
MAX_ANSWER_MB_RANGE = (1, 4096)


class Settings:
    """Typed accessors over ``<data_dir>/settings.ini``."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / SETTINGS_FILE
        _create_private(self.path)  # 0600: Qt keeps an existing file's mode when it rewrites it
        self.qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)

    # -- generic ------------------------------------------------------------------------------
    def value(self, key: str, default: Any = None) -> Any:
        return self.qsettings.value(key, default)

    def set_value(self, key: str, value: Any) -> None:
        self.qsettings.setValue(key, value)

    def str_value(self, key: str, default: str = "") -> str:
        value = self.qsettings.value(key, default)
        return value if isinstance(value, str) else default

    def bool_value(self, key: str, default: bool = False) -> bool:
        value = self.qsettings.value(key, default)
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            return value.lower() in {"1", "true", "yes"}
        return default

    def bytes_value(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def sync(self) -> None:
        self.qsettings.sync()

    # -- named settings -----------------------------------------------------------------------
    @property
    def last_panel(self) -> str:
        """The panel id last shown; "" means "All panels"."""
        return self.str_value("window/last_panel", "")

    @last_panel.setter
    def last_panel(self, panel_id: str | None) -> None:
        self.set_value("window/last_panel", panel_id or "")

    @property
    def last_view(self) -> int:
        try:
            return int(self.qsettings.value("window/last_view", 0))
        except (TypeError, ValueError):
            return 0

    @last_view.setter
    def last_view(self, index: int) -> None:
        self.set_value("window/last_view", int(index))

    @property
    def max_answer_bytes(self) -> int:
        """The byte cap on one panel answer (``max_answer_mb`` MB, clamped to a sane range)."""
        try:
            mb = int(str(self.qsettings.value(MAX_ANSWER_MB_KEY, MAX_ANSWER_MB_DEFAULT)).strip())
        except (TypeError, ValueError):
            mb = MAX_ANSWER_MB_DEFAULT
        low, high = MAX_ANSWER_MB_RANGE
        return min(max(mb, low), high) * 1024 * 1024

    @property
    def language(self) -> str:
        return self.str_value("ui/language", "")  # the Preferences dialog writes it

    def filters(self) -> dict[str, Any]:
        return {
            "text": self.str_value("filters/text"),
            "category": self.str_value("filters/category"),
            "type": self.str_value("filters/type"),
            "favourites_only": self.bool_value("filters/favourites_only"),
        }

    def set_filters(
        self, *, text: str, category: str | None, type: str | None, favourites_only: bool
    ) -> None:
        self.set_value("filters/text", text)
        self.set_value("filters/category", category or "")
        self.set_value("filters/type", type or "")
        self.set_value("filters/favourites_only", bool(favourites_only))


EXPORT_FOLDER_KEY = "files/export_folder"


def start_folder(settings: Settings | None, key: str = EXPORT_FOLDER_KEY) -> Path:
    """Where a file dialog opens: the folder last used for this (if it still exists), else
    Documents, else home; never the folder the process happened to start in."""
    if settings is not None:
        last = settings.str_value(key, "")
        if last and Path(last).is_dir():
            return Path(last)
    for location in (QStandardPaths.StandardLocation.DocumentsLocation,
                     QStandardPaths.StandardLocation.HomeLocation):
        folder = QStandardPaths.writableLocation(location)
        if folder and Path(folder).is_dir():
            return Path(folder)
    return Path.home()


def remember_folder(settings: Settings | None, path: str | Path,
                    key: str = EXPORT_FOLDER_KEY) -> None:
    """The folder of a file the person chose: the next dialog opens there."""
    if settings is not None:
        settings.set_value(key, str(Path(path).parent))


def _create_private(path: Path) -> None:
    """Create an empty ``path`` 0600 when missing (never through a link); tighten an old one."""
    try:
        os.close(fsutil.open_private(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        fsutil.make_private(path)
    except OSError:
        pass  # a missing folder: QSettings reports nothing either, and the app checks it first
