""""Start at login": the platform's own way.

* Linux and other XDG desktops: ``$XDG_CONFIG_HOME/autostart/smm-desk.desktop`` (default
  ``~/.config``), the freedesktop autostart entry; removed when switched off.
* Windows: a value under ``HKEY_CURRENT_USER\\...\\CurrentVersion\\Run``.
* macOS: ``~/Library/LaunchAgents/com.smmdesk.app.plist``.

The command started is the running program (the frozen executable, or this Python with
``main.py``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

DESKTOP_NAME = "smm-desk.desktop"
RUN_KEY = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"
RUN_VALUE = "SMM Desk"
PLIST_NAME = "com.smmdesk.app.plist"


def launch_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable]
    main = Path(__file__).resolve().parents[2] / "main.py"
    return [sys.executable, str(main)]


def autostart_path() -> Path:
    if sys.platform == "darwin":
        return Path.home() / "Library" / "LaunchAgents" / PLIST_NAME
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "autostart" / DESKTOP_NAME


_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def _desktop_quote(arg: str) -> str:
    """Quote one argument as the Desktop Entry spec says (double quotes; backslash before
    ``"``, `` ` ``, ``$`` and ``\\``); ``%`` is doubled (field codes)."""
    arg = arg.replace("%", "%%")
    if not arg or any(ch in _RESERVED for ch in arg):
        escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
        return f'"{escaped}"'
    return arg


def _exec_value(command: list[str]) -> str:
    # The string-level escape (a backslash doubled) applies on top of the argument quoting.
    return " ".join(_desktop_quote(c) for c in command).replace("\\", "\\\\")


def desktop_entry(command: list[str]) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=SMM Desk\n"
        "Comment=Orders, schedules and refills on your SMM panels\n"
        f"Exec={_exec_value(command)}\n"
        "Icon=smm-desk\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def _plist(command: list[str]) -> str:
    args = "".join(f"<string>{a}</string>" for a in command)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>'
            f"<key>Label</key><string>com.smmdesk.app</string><key>ProgramArguments</key>"
            f"<array>{args}</array><key>RunAtLoad</key><true/></dict></plist>\n")


def is_enabled() -> bool:
    if sys.platform == "win32":
        return QSettings(RUN_KEY, QSettings.Format.NativeFormat).contains(RUN_VALUE)
    return autostart_path().exists()


def set_enabled(on: bool, command: list[str] | None = None) -> Path | None:
    """Switch start at login on or off; returns the file written (None on Windows/off)."""
    command = command or launch_command()
    if sys.platform == "win32":
        reg = QSettings(RUN_KEY, QSettings.Format.NativeFormat)
        if on:
            reg.setValue(RUN_VALUE, " ".join(f'"{c}"' for c in command))
        else:
            reg.remove(RUN_VALUE)
        return None
    path = autostart_path()
    if not on:
        path.unlink(missing_ok=True)
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    text = _plist(command) if sys.platform == "darwin" else desktop_entry(command)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path
