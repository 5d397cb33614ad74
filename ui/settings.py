"""The GUI's own settings: an INI file in the data dir (never the platform default, never a key).

Every key is declared once, typed, with its default, in ``smmdesk.options`` (``Scope.WINDOW``);
modules read ``settings[options.X]`` and write ``settings[options.X] = value``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QSettings, QStandardPaths

from smmdesk import fsutil, options
from smmdesk.options import Option, Scope

T = TypeVar("T")

SETTINGS_FILE = "settings.ini"


class Settings:
    """``<data_dir>/settings.ini``, read and written through the declared options."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / SETTINGS_FILE
        _create_private(self.path)  # 0600: Qt keeps an existing file's mode when it rewrites it
        self.qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def __getitem__(self, option: Option[T]) -> T:
        assert option.scope is Scope.WINDOW, option.key  # the database's: through the Workspace
        return option.parse(self.qsettings.value(option.key, None))

    def __setitem__(self, option: Option[T], value: T) -> None:
        assert option.scope is Scope.WINDOW, option.key
        self.qsettings.setValue(option.key, option.dump(value))

    # Raw access by key, as a person editing the file would (tests plant values with it).
    def value(self, key: str, default: Any = None) -> Any:
        return self.qsettings.value(key, default)

    def set_value(self, key: str, value: Any) -> None:
        self.qsettings.setValue(key, value)

    def sync(self) -> None:
        self.qsettings.sync()

    @property
    def max_answer_bytes(self) -> int:
        """The byte cap on one panel answer (``max_answer_mb`` MB, clamped to a sane range)."""
        return self[options.MAX_ANSWER_MB] * 1024 * 1024


def start_folder(settings: Settings | None,
                 option: Option[str] = options.EXPORT_FOLDER) -> Path:
    """Where a file dialog opens: the folder last used for this (if it still exists), else
    Documents, else home; never the folder the process happened to start in."""
    if settings is not None:
        last = settings[option]
        if last and Path(last).is_dir():
            return Path(last)
    for location in (QStandardPaths.StandardLocation.DocumentsLocation,
                     QStandardPaths.StandardLocation.HomeLocation):
        folder = QStandardPaths.writableLocation(location)
        if folder and Path(folder).is_dir():
            return Path(folder)
    return Path.home()


def remember_folder(settings: Settings | None, path: str | Path,
                    option: Option[str] = options.EXPORT_FOLDER) -> None:
    """The folder of a file the person chose: the next dialog opens there."""
    if settings is not None:
        settings[option] = str(Path(path).parent)


def _create_private(path: Path) -> None:
    """Create an empty ``path`` 0600 when missing (never through a link); tighten an old one."""
    try:
        os.close(fsutil.open_private(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        fsutil.make_private(path)
    except OSError:
        pass  # a missing folder: QSettings reports nothing either, and the app checks it first
