"""The GUI's own settings: an INI file in the data dir (never the platform default, never a key)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

# The language chosen in Preferences (settings.ini in the data dir), applied at start-up.
LANGUAGE_KEY = "ui/language"
LANGUAGES = (("en", "English"), ("tr", "Türkçe"), ("system", "System"))

SETTINGS_FILE = "settings.ini"


class Settings:
    """Typed accessors over ``<data_dir>/settings.ini``."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / SETTINGS_FILE
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
