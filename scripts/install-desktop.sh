#!/usr/bin/env bash
# Installs a user-local launcher (.desktop file + icons) for SMM Desk. Uses the frozen bundle when
# dist/smm-desk exists, otherwise this checkout's venv.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
# The icons are rendered into a temp folder: installing a launcher writes nothing in the checkout.
ICONS="$(mktemp -d)"
trap 'rm -rf "$ICONS"' EXIT
"$PY" "$ROOT/scripts/make_icons.py" --out "$ICONS" >/dev/null
if [ -x "$ROOT/dist/smm-desk/smm-desk" ]; then
  EXEC="\"$ROOT/dist/smm-desk/smm-desk\""
else
  # Quoted: the desktop-entry spec splits Exec on spaces, and a checkout path may contain some.
  EXEC="\"$PY\" \"$ROOT/main.py\""
fi
mkdir -p "$DATA/applications"
for size in 16 24 32 48 64 128 256 512; do
  dir="$DATA/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  cp "$ICONS/smmdesk-$size.png" "$dir/smm-desk.png"
done
mkdir -p "$DATA/icons/hicolor/scalable/apps"
cp "$ROOT/resources/icons/smmdesk.svg" "$DATA/icons/hicolor/scalable/apps/smm-desk.svg"
sed "s|^Exec=.*|Exec=$EXEC %U|" "$ROOT/resources/desktop/smm-desk.desktop" \
  > "$DATA/applications/smm-desk.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q "$DATA/icons/hicolor" || true
echo "installed $DATA/applications/smm-desk.desktop (Exec=$EXEC)"
