#!/usr/bin/env bash
# Inside dbus-run-session: start a throwaway, unlocked login keyring, then pytest.
set -euo pipefail
export XDG_DATA_HOME="$(mktemp -d)"
eval "$(echo -n smmdesk-test | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
export SMMDESK_REAL_KEYRING=1
status=0
.venv/bin/python -m pytest "$@" || status=$?
rm -rf "$XDG_DATA_HOME"
exit $status
