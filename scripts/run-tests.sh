#!/usr/bin/env bash
# Runs the whole suite inside a private D-Bus session with an unlocked, throwaway gnome-keyring,
# so the real-Secret-Service test runs for real. Without dbus-run-session (a dev box without the
# packages) the suite still runs; the real-keyring test then skips locally and fails under CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  exec dbus-run-session -- bash scripts/_tests-in-session.sh "$@"
fi
echo "note: dbus-run-session or gnome-keyring-daemon missing; run 'make system-deps'" >&2
exec "$PY" -m pytest "$@"
