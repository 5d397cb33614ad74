"""Child processes for the SIGKILL tests (tests/test_crash.py). Run as
``python -m tests.helpers_crash MODE DATA_DIR PANEL_ID [SERVICE_ID]``; the key comes in the
environment (``SMMDESK_TEST_KEY``), never on the command line.

The parent makes the simulator hang on the request, waits until the simulator has logged it,
then kills this process with SIGKILL: nothing here gets a chance to clean up.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend


class _ProcessKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.data.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.data[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.data.pop((service, username), None)


def main(argv: list[str]) -> int:
    mode, data_dir, panel_id = argv[0], Path(argv[1]), argv[2]
    keyring.set_keyring(_ProcessKeyring())
    from smmdesk.workspace import Workspace

    ws = Workspace(data_dir)
    ws.secrets.set(panel_id, os.environ["SMMDESK_TEST_KEY"])
    print("ready", flush=True)
    if mode == "place":
        service = ws.service(panel_id, int(argv[3]))
        assert service is not None
        ws.place_order(panel_id, service.id,
                       {"link": "https://instagram.com/killed", "quantity": str(service.min)})
    elif mode == "sync":
        ws.sync_panel(panel_id)
    else:
        raise SystemExit(f"unknown mode {mode}")
    print("finished (should have been killed)", flush=True)
    ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
