#!/usr/bin/env bash
# Installs the Debian packages SMM Desk's GUI and test suite need (PostgreSQL too). As root it installs them;
# otherwise it lists what is missing and the command to install it.
set -euo pipefail
PKGS=(
  xvfb xauth xdotool imagemagick fonts-dejavu-core fonts-noto-color-emoji openbox x11-utils
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-xkb1 libxkbcommon-x11-0
  libxcb-render-util0 libxcb-image0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0
  gnome-keyring dbus dbus-x11
  icu-devtools gcc binutils
  desktop-file-utils
  # A team workspace's engine: the test suite starts a throwaway PostgreSQL cluster
  # (tests/pg_support.py); contrib holds pg_trgm, which the history search uses.
  postgresql postgresql-contrib
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "system packages: installed"
else
  echo "missing Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
