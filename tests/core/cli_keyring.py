"""A keyring backend for tests that run ``smm-desk-cli`` as a separate process: the keys live
in the JSON file named by ``$SMMDESK_TEST_KEYRING`` (a temporary file outside the data folder).
Selected with ``PYTHON_KEYRING_BACKEND=tests.core.cli_keyring.FileKeyring``; tests only."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError

ENV = "SMMDESK_TEST_KEYRING"
BACKEND = "tests.core.cli_keyring.FileKeyring"


class FileKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:  # keyring's way to say "not usable here": raise
        if not os.environ.get(ENV):
            raise RuntimeError(f"${ENV} is not set")
        return 1

    def __init__(self, path: Path | str | None = None) -> None:
        super().__init__()
        self.path = Path(path or os.environ.get(ENV) or os.devnull)

    def _load(self) -> dict[str, str]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def _save(self, data: dict[str, str]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(self.path)

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\0{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\0{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\0{username}", None) is None:
            raise PasswordDeleteError(username)
        self._save(data)
